/* room-invites-box.c — invitations to rooms, each waiting for join or decline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every account's pending invitations, shown above the chats like the
 * contact requests: who invites, to which room, why. Nothing is joined
 * until the user says so; "Join" enters the room (with the password
 * the invitation carried) and the window opens it once it is there.
 * The texts come from the network and are set as text, never markup.
 */
#include "config.h"

#include "ui/room-invites-box.h"
#include "ui/room-names.h"
#include "core/room-invite.h"

#include <glib/gi18n.h>

struct _SchnackRoomInvitesBox {
  GtkWidget              parent_instance;

  GtkListBox            *list_box;
  SchnackAccountManager *manager;
  GListStore            *invite_lists;   /* each account's invites model */
};

G_DEFINE_FINAL_TYPE (SchnackRoomInvitesBox, schnack_room_invites_box, GTK_TYPE_WIDGET)

/* The account whose list holds @invite, and where. */
static SchnackAccount *
find_invite (SchnackRoomInvitesBox *self,
             SchnackRoomInvite     *invite,
             guint                 *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->manager));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackAccount) account = g_list_model_get_item (G_LIST_MODEL (self->manager), i);
      GListModel *invites = schnack_room_list_get_invites (schnack_account_get_rooms (account));
      guint count = g_list_model_get_n_items (invites);

      for (guint j = 0; j < count; j++)
        {
          g_autoptr(SchnackRoomInvite) candidate = g_list_model_get_item (invites, j);

          if (candidate == invite)
            {
              *position = j;
              return account;
            }
        }
    }
  return NULL;
}

static void
on_joined_state (SchnackRoom *room,
                 GParamSpec  *pspec,
                 GtkWidget   *box)
{
  SchnackAccount *account = g_object_get_data (G_OBJECT (room), "schnack-invite-account");
  GtkRoot *root;

  if (schnack_room_get_state (room) != SCHNACK_ROOM_STATE_JOINED)
    return;
  g_signal_handlers_disconnect_by_func (room, on_joined_state, box);
  root = gtk_widget_get_root (box);
  if (account != NULL && root != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!schnack_conversation_list_open_room (schnack_account_get_conversations (account),
                                                schnack_room_get_jid (room), &error))
        g_warning ("Could not show the room: %s", error->message);
      /* The user said "Join": show the room they are now in. */
      gtk_widget_activate_action (box, "win.open-chat", "(xs)", schnack_account_get_id (account),
                                  schnack_room_get_jid (room));
    }
}

static void
on_join_clicked (GtkButton             *button,
                 SchnackRoomInvitesBox *self)
{
  SchnackRoomInvite *invite = g_object_get_data (G_OBJECT (button), "schnack-invite");
  SchnackAccount *account;
  SchnackRoom *room;
  g_autofree char *nick = NULL;
  guint position = 0;

  account = find_invite (self, invite, &position);
  if (account == NULL)
    return;
  nick = schnack_room_default_nick (account);
  room = schnack_room_list_accept_invite (schnack_account_get_rooms (account), position, nick);
  if (room == NULL)
    return;
  g_object_set_data_full (G_OBJECT (room), "schnack-invite-account", g_object_ref (account), g_object_unref);
  g_signal_connect_object (room, "notify::state", G_CALLBACK (on_joined_state), self, 0);
  on_joined_state (room, NULL, GTK_WIDGET (self));
}

static void
on_decline_clicked (GtkButton             *button,
                    SchnackRoomInvitesBox *self)
{
  SchnackRoomInvite *invite = g_object_get_data (G_OBJECT (button), "schnack-invite");
  SchnackAccount *account;
  guint position = 0;

  account = find_invite (self, invite, &position);
  if (account != NULL)
    schnack_room_list_decline_invite (schnack_account_get_rooms (account), position, NULL);
}

static GtkWidget *
create_invite_row (gpointer item,
                   gpointer user_data)
{
  SchnackRoomInvitesBox *self = user_data;
  SchnackRoomInvite *invite = item;
  const char *inviter = schnack_room_invite_get_inviter (invite);
  const char *reason = schnack_room_invite_get_reason (invite);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *join = gtk_button_new_with_mnemonic (_("_Join"));
  GtkWidget *decline = gtk_button_new_with_mnemonic (_("_Decline"));
  g_autofree char *text = NULL;

  if (inviter != NULL)
    /* Translators: first %s is who invites (a JID), second %s a room address */
    text = g_strdup_printf (_("%s invites you to the room %s"), inviter, schnack_room_invite_get_room (invite));
  else
    /* Translators: %s is a room address */
    text = g_strdup_printf (_("You are invited to the room %s"), schnack_room_invite_get_room (invite));
  gtk_label_set_text (GTK_LABEL (title), text);
  /* Long addresses wrap instead of widening the sidebar. */
  gtk_label_set_max_width_chars (GTK_LABEL (title), 20);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (row), title);
  if (reason != NULL && *reason != '\0')
    {
      GtkWidget *why = gtk_label_new (reason);

      gtk_label_set_max_width_chars (GTK_LABEL (why), 20);
      gtk_label_set_wrap (GTK_LABEL (why), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (why), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (why), 0);
      gtk_widget_add_css_class (why, "dim-label");
      gtk_box_append (GTK_BOX (row), why);
    }
  g_object_set_data_full (G_OBJECT (join), "schnack-invite", g_object_ref (invite), g_object_unref);
  g_object_set_data_full (G_OBJECT (decline), "schnack-invite", g_object_ref (invite), g_object_unref);
  gtk_widget_add_css_class (join, "suggested-action");
  gtk_accessible_update_property (GTK_ACCESSIBLE (join), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Join the room"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (decline), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Decline the invitation"), -1);
  g_signal_connect (join, "clicked", G_CALLBACK (on_join_clicked), self);
  g_signal_connect (decline, "clicked", G_CALLBACK (on_decline_clicked), self);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons), decline);
  gtk_box_append (GTK_BOX (buttons), join);
  gtk_box_append (GTK_BOX (row), buttons);
  gtk_widget_add_css_class (row, "room-invite");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  return row;
}

static gpointer
invites_of_account (gpointer item,
                    gpointer user_data)
{
  SchnackAccount *account = item;
  GListModel *invites = schnack_room_list_get_invites (schnack_account_get_rooms (account));

  g_object_unref (account);
  return g_object_ref (invites);
}

static void
update_visibility (SchnackRoomInvitesBox *self,
                   guint                  position,
                   guint                  removed,
                   guint                  added,
                   GListModel            *model)
{
  gtk_widget_set_visible (GTK_WIDGET (self), g_list_model_get_n_items (model) > 0);
}

static void
schnack_room_invites_box_dispose (GObject *object)
{
  SchnackRoomInvitesBox *self = SCHNACK_ROOM_INVITES_BOX (object);

  if (self->list_box != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->list_box));
  self->list_box = NULL;
  g_clear_object (&self->manager);
  G_OBJECT_CLASS (schnack_room_invites_box_parent_class)->dispose (object);
}

static void
schnack_room_invites_box_class_init (SchnackRoomInvitesBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_room_invites_box_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "roominvites");
}

static void
schnack_room_invites_box_init (SchnackRoomInvitesBox *self)
{
  self->list_box = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list_box, GTK_SELECTION_NONE);
  gtk_widget_set_margin_start (GTK_WIDGET (self->list_box), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->list_box), 6);
  gtk_widget_set_margin_top (GTK_WIDGET (self->list_box), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list_box), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_box), "room-invites");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Room invitations"), -1);
  gtk_widget_set_parent (GTK_WIDGET (self->list_box), GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

void
schnack_room_invites_box_set_account_manager (SchnackRoomInvitesBox *self,
                                              SchnackAccountManager *manager)
{
  GtkMapListModel *per_account;
  GtkFlattenListModel *all;

  g_return_if_fail (SCHNACK_IS_ROOM_INVITES_BOX (self));
  g_return_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (manager));

  g_set_object (&self->manager, manager);
  per_account = gtk_map_list_model_new (G_LIST_MODEL (g_object_ref (manager)), invites_of_account, NULL, NULL);
  all = gtk_flatten_list_model_new (G_LIST_MODEL (per_account));
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (all), create_invite_row, self, NULL);
  g_signal_connect_object (all, "items-changed", G_CALLBACK (update_visibility), self, G_CONNECT_SWAPPED);
  update_visibility (self, 0, 0, 0, G_LIST_MODEL (all));
  g_object_unref (all);
}
