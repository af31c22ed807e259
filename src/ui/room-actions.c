/* room-actions.c — the room menu: nickname, subject, invite, leave, destroy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "room" action group of the window, for the room on screen. An
 * action is enabled only when our role or affiliation allows it (the
 * room still decides and answers with an error we show): the subject
 * for moderators, members and bans for admins, the settings and
 * destroying for owners.
 */
#include "config.h"

#include "ui/room-actions.h"
#include "ui/room-invite-dialog.h"
#include "ui/room-members-dialog.h"
#include "ui/room-settings-dialog.h"

#include <glib/gi18n.h>
#include <string.h>

struct _SchnackRoomActions {
  GObject             parent_instance;

  GtkWindow          *parent;   /* not owned: the window owns us */
  GSimpleActionGroup *group;
  SchnackAccount     *account;
  SchnackRoom        *room;
};

G_DEFINE_FINAL_TYPE (SchnackRoomActions, schnack_room_actions, G_TYPE_OBJECT)

enum {
  SIGNAL_LEFT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------ asking */

typedef struct {
  GtkEntry          *entry;
  SchnackTextAnswer  done;
  gpointer           user_data;
  GDestroyNotify     destroy;
} TextQuestion;

static void
text_question_free (TextQuestion *question)
{
  if (question->destroy != NULL)
    question->destroy (question->user_data);
  g_free (question);
}

static void
on_text_response (AdwMessageDialog *dialog,
                  const char       *response,
                  TextQuestion     *question)
{
  if (g_str_equal (response, "confirm"))
    {
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (question->entry))));

      question->done (text, question->user_data);
    }
}

static void
on_text_activate (GtkEntry         *entry,
                  AdwMessageDialog *dialog)
{
  adw_message_dialog_response (dialog, "confirm");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/**
 * schnack_ask_text:
 * @entry_label: the field's accessible label
 * @initial: (nullable): what the field starts with
 *
 * A small modal question with one text field.
 */
AdwMessageDialog *
schnack_ask_text (GtkWindow         *parent,
                  const char        *heading,
                  const char        *body,
                  const char        *entry_label,
                  const char        *initial,
                  const char        *confirm_label,
                  gboolean           destructive,
                  SchnackTextAnswer  done,
                  gpointer           user_data,
                  GDestroyNotify     destroy)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));
  GtkWidget *entry = gtk_entry_new ();
  TextQuestion *question = g_new0 (TextQuestion, 1);

  question->entry = GTK_ENTRY (entry);
  question->done = done;
  question->user_data = user_data;
  question->destroy = destroy;
  gtk_editable_set_text (GTK_EDITABLE (entry), initial != NULL ? initial : "");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), entry_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, entry_label, -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "confirm", confirm_label, NULL);
  adw_message_dialog_set_response_appearance (dialog, "confirm",
                                              destructive ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "confirm");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_text_response), question,
                         (GClosureNotify) (void (*) (void)) text_question_free, 0);
  g_signal_connect (entry, "activate", G_CALLBACK (on_text_activate), dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
  return dialog;
}

/* ------------------------------------------------------------ actions */

static void
show_failure (SchnackRoomActions *self,
              const char         *heading,
              const GError       *error)
{
  GtkWidget *dialog = adw_message_dialog_new (self->parent, heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
change_nick (const char *text,
             gpointer    user_data)
{
  SchnackRoom *room = user_data;

  if (*text != '\0' && g_strcmp0 (text, schnack_room_get_nick (room)) != 0)
    schnack_room_change_nick (room, text);
}

static void
on_change_nick (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  SchnackRoomActions *self = user_data;

  schnack_ask_text (self->parent, _("Change Nickname"),
                    _("Others in the room see you by this name."), _("Nickname"),
                    schnack_room_get_nick (self->room), _("C_hange"), FALSE,
                    change_nick, g_object_ref (self->room), g_object_unref);
}

static void
change_subject (const char *text,
                gpointer    user_data)
{
  schnack_room_set_subject (SCHNACK_ROOM (user_data), text);
}

static void
on_change_subject (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  SchnackRoomActions *self = user_data;

  schnack_ask_text (self->parent, _("Change Subject"),
                    _("The subject is shown to everyone in the room."), _("Subject"),
                    schnack_room_get_subject (self->room), _("C_hange"), FALSE,
                    change_subject, g_object_ref (self->room), g_object_unref);
}

static void
on_invite (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       user_data)
{
  SchnackRoomActions *self = user_data;

  gtk_window_present (GTK_WINDOW (schnack_room_invite_dialog_new (self->parent, self->account, self->room)));
}

/* Out of the room for good: the core drops its bookmark too, so it
 * is not joined again at the next sign-in. */
static void
forget_room (SchnackRoomActions *self)
{
  g_autoptr(SchnackAccount) account = g_object_ref (self->account);
  g_autoptr(SchnackRoom) room = g_object_ref (self->room);
  g_autoptr(GError) error = NULL;

  g_signal_emit (self, signals[SIGNAL_LEFT], 0);
  schnack_room_list_leave (schnack_account_get_rooms (account), room);
  if (!schnack_conversation_list_close (schnack_account_get_conversations (account),
                                        schnack_room_get_jid (room), &error))
    g_warning ("Could not close the room's chat: %s", error->message);
}

static void
on_leave (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       user_data)
{
  forget_room (SCHNACK_ROOM_ACTIONS (user_data));
}

static void
on_destroyed (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SchnackRoomActions) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!schnack_room_moderation_finish (SCHNACK_ROOM (source), result, &error))
    {
      show_failure (self, _("The Room Was Not Destroyed"), error);
      return;
    }
  if (self->room == SCHNACK_ROOM (source))
    forget_room (self);
}

static void
destroy_room (const char *text,
              gpointer    user_data)
{
  SchnackRoomActions *self = user_data;

  if (self->room == NULL)
    return;
  schnack_room_destroy_async (self->room, *text != '\0' ? text : NULL, NULL, on_destroyed, g_object_ref (self));
}

static void
on_destroy (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  SchnackRoomActions *self = user_data;
  g_autofree char *body = NULL;

  /* Translators: %s is a room address */
  body = g_strdup_printf (_("Everyone is sent out of %s, and the room is gone for good. "
                            "You can tell them why."), schnack_room_get_jid (self->room));
  schnack_ask_text (self->parent, _("Destroy Room?"), body, _("Reason (optional)"), NULL,
                    _("_Destroy"), TRUE, destroy_room, g_object_ref (self), g_object_unref);
}

static void
on_settings (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  SchnackRoomActions *self = user_data;

  gtk_window_present (GTK_WINDOW (schnack_room_settings_dialog_new (self->parent, self->room)));
}

/* Owners and admins: the affiliation lists (members, bans, …). */
static void
on_members (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  SchnackRoomActions *self = user_data;

  gtk_window_present (GTK_WINDOW (schnack_room_members_dialog_new (self->parent, self->room)));
}

static const GActionEntry room_entries[] = {
  { .name = "settings", .activate = on_settings },
  { .name = "members", .activate = on_members },
  { .name = "change-nick", .activate = on_change_nick },
  { .name = "change-subject", .activate = on_change_subject },
  { .name = "invite", .activate = on_invite },
  { .name = "leave", .activate = on_leave },
  { .name = "destroy", .activate = on_destroy },
};

static void
set_enabled (SchnackRoomActions *self,
             const char         *name,
             gboolean            enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->group), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
update_enabled (SchnackRoomActions *self)
{
  gboolean in = self->room != NULL && schnack_room_get_state (self->room) == SCHNACK_ROOM_STATE_JOINED;
  SchnackMucRole role = self->room != NULL ? schnack_room_get_role (self->room) : SCHNACK_MUC_ROLE_NONE;
  SchnackMucAffiliation affiliation = self->room != NULL ? schnack_room_get_affiliation (self->room)
                                                         : SCHNACK_MUC_AFFILIATION_NONE;

  set_enabled (self, "change-nick", in);
  set_enabled (self, "change-subject", in && role >= SCHNACK_MUC_ROLE_MODERATOR);
  set_enabled (self, "invite", in);
  set_enabled (self, "leave", self->room != NULL);
  set_enabled (self, "settings", in && affiliation == SCHNACK_MUC_AFFILIATION_OWNER);
  set_enabled (self, "members", in && affiliation >= SCHNACK_MUC_AFFILIATION_ADMIN);
  set_enabled (self, "destroy", in && affiliation == SCHNACK_MUC_AFFILIATION_OWNER);
}

static void
schnack_room_actions_dispose (GObject *object)
{
  SchnackRoomActions *self = SCHNACK_ROOM_ACTIONS (object);

  if (self->room != NULL)
    g_signal_handlers_disconnect_by_data (self->room, self);
  g_clear_object (&self->room);
  g_clear_object (&self->account);
  g_clear_object (&self->group);
  G_OBJECT_CLASS (schnack_room_actions_parent_class)->dispose (object);
}

static void
schnack_room_actions_class_init (SchnackRoomActionsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = schnack_room_actions_dispose;

  /* The user left the room (or destroyed it): the window closes it. */
  signals[SIGNAL_LEFT] =
    g_signal_new ("left", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
schnack_room_actions_init (SchnackRoomActions *self)
{
  self->group = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->group), room_entries, G_N_ELEMENTS (room_entries), self);
  update_enabled (self);
}

SchnackRoomActions *
schnack_room_actions_new (GtkWindow *parent)
{
  SchnackRoomActions *self = g_object_new (SCHNACK_TYPE_ROOM_ACTIONS, NULL);

  self->parent = parent;
  return self;
}

GActionGroup *
schnack_room_actions_get_action_group (SchnackRoomActions *self)
{
  g_return_val_if_fail (SCHNACK_IS_ROOM_ACTIONS (self), NULL);
  return G_ACTION_GROUP (self->group);
}

/**
 * schnack_room_actions_set_room:
 * @account: (nullable)
 * @room: (nullable): the room on screen
 */
void
schnack_room_actions_set_room (SchnackRoomActions *self,
                               SchnackAccount     *account,
                               SchnackRoom        *room)
{
  g_return_if_fail (SCHNACK_IS_ROOM_ACTIONS (self));

  if (self->room != NULL)
    g_signal_handlers_disconnect_by_data (self->room, self);
  g_clear_object (&self->account);
  g_clear_object (&self->room);
  if (room != NULL)
    {
      self->account = g_object_ref (account);
      self->room = g_object_ref (room);
    }
  if (room != NULL)
    {
      g_signal_connect_swapped (room, "notify::state", G_CALLBACK (update_enabled), self);
      g_signal_connect_swapped (room, "notify::role", G_CALLBACK (update_enabled), self);
      g_signal_connect_swapped (room, "notify::affiliation", G_CALLBACK (update_enabled), self);
    }
  update_enabled (self);
}
