/* room-invite-dialog.c — inviting contacts (or anyone by address) to a room
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The account's contacts, filtered as you type, each with a check to
 * pick them; several can be picked, and the picks survive a change of
 * the filter, each shown with a button to take it back. Contacts we
 * can see in the room already are marked and cannot be picked. What is typed can also be an address that is not
 * a contact: it is checked before it joins the picks. Each pick gets a
 * direct invitation (XEP-0249) with the optional reason.
 */
#include "config.h"

#include "ui/room-invite-dialog.h"
#include "ui/room-names.h"
#include "ui/avatar.h"
#include "xmpp/jid.h"

#include <glib/gi18n.h>
#include <string.h>

struct _SchnackRoomInviteDialog {
  AdwWindow           parent_instance;

  GtkButton          *invite_send_button;
  GtkLabel           *invite_explanation_label;
  GtkSearchEntry     *invite_search_entry;
  GtkButton          *invite_address_button;
  GtkLabel           *invite_address_error_label;
  GtkStack           *invite_list_stack;
  GtkListView        *invite_contact_list_view;
  GtkLabel           *invite_empty_label;
  GtkLabel           *invite_chosen_label;
  GtkFlowBox         *invite_chosen_flow;
  AdwEntryRow        *invite_reason_row;

  SchnackAccount     *account;
  SchnackRoom        *room;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GPtrArray          *chosen;     /* bare JIDs, in the order picked */
  GHashTable         *checks;     /* JID → the check of its realized row */
};

G_DEFINE_FINAL_TYPE (SchnackRoomInviteDialog, schnack_room_invite_dialog, ADW_TYPE_WINDOW)

/* ------------------------------------------------------------ who */

static gboolean
is_chosen (SchnackRoomInviteDialog *self,
           const char              *jid)
{
  return g_ptr_array_find_with_equal_func (self->chosen, jid, g_str_equal, NULL);
}

/* Only where the room shows real JIDs to us (non-anonymous rooms, or
 * as a moderator) can we tell who is there. */
static gboolean
is_in_room (SchnackRoomInviteDialog *self,
            const char              *bare_jid)
{
  GListModel *occupants = G_LIST_MODEL (schnack_room_get_occupants (self->room));
  guint n = g_list_model_get_n_items (occupants);
  gsize len = strlen (bare_jid);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackOccupant) occupant = g_list_model_get_item (occupants, i);
      const char *real = schnack_occupant_get_real_jid (occupant);

      if (real != NULL && g_ascii_strncasecmp (real, bare_jid, len) == 0 && (real[len] == '\0' || real[len] == '/'))
        return TRUE;
    }
  return FALSE;
}

static const char *
name_of (SchnackRoomInviteDialog *self,
         const char              *jid)
{
  SchnackContact *contact = schnack_contact_list_find (schnack_account_get_contacts (self->account), jid);

  return contact != NULL ? schnack_contact_get_display_name (contact) : jid;
}

static void toggle_chosen (SchnackRoomInviteDialog *self,
                           const char              *jid,
                           gboolean                 chosen);

/* A pick's button takes it back (the only way for a typed address). */
static void
on_pick_clicked (GtkButton               *button,
                 SchnackRoomInviteDialog *self)
{
  g_autofree char *jid = g_strdup (g_object_get_data (G_OBJECT (button), "schnack-jid"));
  GtkCheckButton *check = g_hash_table_lookup (self->checks, jid);

  if (check != NULL)
    gtk_check_button_set_active (check, FALSE);
  else
    toggle_chosen (self, jid, FALSE);
}

static GtkWidget *
pick_button_new (SchnackRoomInviteDialog *self,
                 const char              *jid)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  /* Names are network text: set as text, never as markup. */
  GtkWidget *name = gtk_label_new (name_of (self, jid));
  g_autofree char *label = NULL;

  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 24);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("window-close-symbolic"));
  gtk_button_set_child (GTK_BUTTON (button), box);
  /* As wide as the name, not as the flow box's column. */
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  /* Translators: a button taking someone off the list of those to invite; %s is a name or address */
  label = g_strdup_printf (_("Do not invite %s"), name_of (self, jid));
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), "schnack-jid", g_strdup (jid), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_pick_clicked), self);
  return button;
}

static void
update_chosen (SchnackRoomInviteDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->invite_chosen_flow))) != NULL)
    gtk_flow_box_remove (self->invite_chosen_flow, child);
  for (guint i = 0; i < self->chosen->len; i++)
    gtk_flow_box_append (self->invite_chosen_flow, pick_button_new (self, g_ptr_array_index (self->chosen, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->invite_chosen_flow), self->chosen->len > 0);
  gtk_label_set_text (self->invite_chosen_label, self->chosen->len > 0 ? _("To be invited:") : _("Nobody picked yet."));
  gtk_widget_set_sensitive (GTK_WIDGET (self->invite_send_button),
                            self->chosen->len > 0 && schnack_room_get_state (self->room) == SCHNACK_ROOM_STATE_JOINED);
}

static void
toggle_chosen (SchnackRoomInviteDialog *self,
               const char              *jid,
               gboolean                 chosen)
{
  guint position;

  if (g_ptr_array_find_with_equal_func (self->chosen, jid, g_str_equal, &position))
    {
      if (!chosen)
        g_ptr_array_remove_index (self->chosen, position);
    }
  else if (chosen)
    g_ptr_array_add (self->chosen, g_strdup (jid));
  update_chosen (self);
}

/* ------------------------------------------------------------ typed addresses */

static void
show_address_error (SchnackRoomInviteDialog *self,
                    const char              *message)
{
  gtk_label_set_text (self->invite_address_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->invite_address_error_label), message != NULL);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->invite_search_entry), GTK_ACCESSIBLE_STATE_INVALID,
                               message != NULL ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE, -1);
}

static char *
typed_text (SchnackRoomInviteDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->invite_search_entry))));
}

/* What is typed, as an address to invite; FALSE with the reason shown. */
static gboolean
add_typed_address (SchnackRoomInviteDialog *self)
{
  g_autofree char *text = typed_text (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackJid) jid = schnack_jid_parse_account (text, &error);
  g_autofree char *bare = NULL;

  if (jid == NULL)
    {
      /* Translators: %s says what is wrong with a typed Jabber ID */
      g_autofree char *message = g_strdup_printf (_("This is not a Jabber ID: %s"), error->message);

      show_address_error (self, message);
      return FALSE;
    }
  bare = schnack_jid_to_bare (jid);
  toggle_chosen (self, bare, TRUE);
  show_address_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->invite_search_entry), "");
  return TRUE;
}

static void
on_address_clicked (SchnackRoomInviteDialog *self)
{
  add_typed_address (self);
}

/* ------------------------------------------------------------ the list */

static gboolean
contact_matches (gpointer item,
                 gpointer user_data)
{
  SchnackRoomInviteDialog *self = user_data;
  g_autofree char *text = typed_text (self);
  g_autofree char *needle = NULL;
  g_autofree char *name = NULL;
  g_autofree char *jid = NULL;

  if (*text == '\0')
    return TRUE;
  needle = g_utf8_casefold (text, -1);
  name = g_utf8_casefold (schnack_contact_get_display_name (SCHNACK_CONTACT (item)), -1);
  jid = g_utf8_casefold (schnack_contact_get_jid (SCHNACK_CONTACT (item)), -1);
  return strstr (name, needle) != NULL || strstr (jid, needle) != NULL;
}

static void
update_list_state (SchnackRoomInviteDialog *self)
{
  g_autofree char *text = typed_text (self);
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0;
  gboolean looks_like_address = strchr (text, '@') != NULL;

  if (empty)
    gtk_label_set_text (self->invite_empty_label,
                        *text == '\0' ? _("No contacts yet. Type the Jabber ID of whom to invite.")
                                      : _("No contact matches. To invite someone else, type their whole Jabber ID."));
  gtk_stack_set_visible_child_name (self->invite_list_stack, empty ? "empty" : "list");

  /* Anyone can be invited by address, contact or not. */
  gtk_widget_set_visible (GTK_WIDGET (self->invite_address_button), looks_like_address);
  if (looks_like_address)
    {
      /* Translators: a button adding a typed Jabber ID to those invited */
      g_autofree char *label = g_strdup_printf (_("Invite “%s”"), text);

      gtk_button_set_label (self->invite_address_button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->invite_address_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }
}

/* At once, for the address offered and its error; the list follows
 * when typing pauses ("search-changed"). */
static void
on_text_changed (SchnackRoomInviteDialog *self)
{
  show_address_error (self, NULL);
  update_list_state (self);
}

static void
on_search_changed (SchnackRoomInviteDialog *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* Enter: a typed address is added; else the only match is picked. */
static void
on_search_activated (SchnackRoomInviteDialog *self)
{
  g_autofree char *text = typed_text (self);

  if (strchr (text, '@') != NULL)
    add_typed_address (self);
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 1)
    g_signal_emit_by_name (self->invite_contact_list_view, "activate", 0);
}

static void
on_check_toggled (GtkCheckButton          *check,
                  SchnackRoomInviteDialog *self)
{
  const char *jid = g_object_get_data (G_OBJECT (check), "schnack-jid");

  if (jid != NULL)
    toggle_chosen (self, jid, gtk_check_button_get_active (check));
}

static void
setup_contact_row (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   SchnackRoomInviteDialog  *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *avatar = GTK_WIDGET (schnack_avatar_new (32));
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *address = gtk_label_new (NULL);
  GtkWidget *in_room = gtk_label_new (_("In the room"));
  GtkWidget *check = gtk_check_button_new ();

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (address), 0);
  gtk_label_set_ellipsize (GTK_LABEL (address), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (address, "dim-label");
  gtk_widget_add_css_class (address, "caption");
  gtk_widget_add_css_class (in_room, "dim-label");
  gtk_widget_add_css_class (in_room, "caption");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), address);
  gtk_box_append (GTK_BOX (box), avatar);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), in_room);
  gtk_box_append (GTK_BOX (box), check);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  g_signal_connect (check, "toggled", G_CALLBACK (on_check_toggled), self);
  gtk_list_item_set_child (item, box);
}

static void
bind_contact_row (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  SchnackRoomInviteDialog  *self)
{
  SchnackContact *contact = gtk_list_item_get_item (item);
  const char *jid = schnack_contact_get_jid (contact);
  const char *display_name = schnack_contact_get_display_name (contact);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *avatar = gtk_widget_get_first_child (box);
  GtkWidget *texts = gtk_widget_get_next_sibling (avatar);
  GtkWidget *name = gtk_widget_get_first_child (texts);
  GtkWidget *address = gtk_widget_get_next_sibling (name);
  GtkWidget *in_room = gtk_widget_get_next_sibling (texts);
  GtkWidget *check = gtk_widget_get_next_sibling (in_room);
  gboolean present = is_in_room (self, jid);
  g_autofree char *label = NULL;

  schnack_avatar_set_name (SCHNACK_AVATAR (avatar), display_name);
  schnack_avatar_set_color_key (SCHNACK_AVATAR (avatar), jid);
  schnack_avatar_set_file (SCHNACK_AVATAR (avatar), schnack_contact_get_avatar_file (contact));
  /* Names are network text: set as text, never as markup. */
  gtk_label_set_text (GTK_LABEL (name), display_name);
  gtk_label_set_text (GTK_LABEL (address), jid);
  gtk_widget_set_visible (address, g_strcmp0 (display_name, jid) != 0);
  gtk_widget_set_visible (in_room, present);

  /* No "toggled" for what binding sets: the JID is attached after. */
  g_object_set_data (G_OBJECT (check), "schnack-jid", NULL);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), !present && is_chosen (self, jid));
  gtk_widget_set_sensitive (check, !present);
  gtk_list_item_set_activatable (item, !present);
  g_object_set_data_full (G_OBJECT (check), "schnack-jid", g_strdup (jid), g_free);
  g_hash_table_replace (self->checks, g_strdup (jid), check);
  if (present)
    /* Translators: a contact's check in the invite dialog; %s is their name */
    label = g_strdup_printf (_("%s is in the room already"), display_name);
  else
    /* Translators: a contact's check in the invite dialog; %s is their name */
    label = g_strdup_printf (_("Invite %s"), display_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_tooltip_text (check, label);
}

static void
unbind_contact_row (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    SchnackRoomInviteDialog  *self)
{
  GtkWidget *check = gtk_widget_get_last_child (gtk_list_item_get_child (item));
  const char *jid = g_object_get_data (G_OBJECT (check), "schnack-jid");

  if (jid != NULL && g_hash_table_lookup (self->checks, jid) == check)
    g_hash_table_remove (self->checks, jid);
  g_object_set_data (G_OBJECT (check), "schnack-jid", NULL);
}

/* A click on the row (or Enter on it) picks or unpicks the contact. */
static void
on_contact_activated (SchnackRoomInviteDialog *self,
                      guint                    position)
{
  g_autoptr(SchnackContact) contact = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);
  const char *jid;
  GtkCheckButton *check;

  if (contact == NULL)
    return;
  jid = schnack_contact_get_jid (contact);
  if (is_in_room (self, jid))
    return;
  check = g_hash_table_lookup (self->checks, jid);
  /* Through the check (it says "toggled"), so the row shows the pick. */
  if (check != NULL)
    gtk_check_button_set_active (check, !is_chosen (self, jid));
  else
    toggle_chosen (self, jid, !is_chosen (self, jid));
}

/* ------------------------------------------------------------ sending */

static void
on_send_clicked (SchnackRoomInviteDialog *self)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->invite_reason_row))));
  SchnackRoomList *rooms = schnack_account_get_rooms (self->account);

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->invite_send_button)))
    return;
  for (guint i = 0; i < self->chosen->len; i++)
    /* Direct (XEP-0249): it carries the password, and works in any room. */
    schnack_room_list_invite (rooms, self->room, g_ptr_array_index (self->chosen, i),
                              *reason != '\0' ? reason : NULL, TRUE);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_cancel_clicked (SchnackRoomInviteDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

/* ------------------------------------------------------------ life */

static void
schnack_room_invite_dialog_dispose (GObject *object)
{
  SchnackRoomInviteDialog *self = SCHNACK_ROOM_INVITE_DIALOG (object);

  if (self->room != NULL)
    g_signal_handlers_disconnect_by_data (self->room, self);
  if (self->filtered != NULL)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  /* Rows unbind now, while what they point into is still here. */
  if (self->invite_contact_list_view != NULL)
    gtk_list_view_set_model (self->invite_contact_list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_ROOM_INVITE_DIALOG);
  g_clear_object (&self->filtered);
  g_clear_object (&self->room);
  g_clear_object (&self->account);
  g_clear_pointer (&self->chosen, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_hash_table_unref);
  G_OBJECT_CLASS (schnack_room_invite_dialog_parent_class)->dispose (object);
}

static void
schnack_room_invite_dialog_class_init (SchnackRoomInviteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_room_invite_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/room-invite-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackRoomInviteDialog, invite_send_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackRoomInviteDialog, invite_explanation_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackRoomInviteDialog, invite_search_entry);
  gtk_widget_class_bind_template_child (widget_class, SchnackRoomInviteDialog, invite_address_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackRoomInviteDialog, invite_address_error_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackRoomInviteDialog, invite_list_stack);
  gtk_widget_class_bind_template_child (widget_class, SchnackRoomInviteDialog, invite_contact_list_view);
  gtk_widget_class_bind_template_child (widget_class, SchnackRoomInviteDialog, invite_empty_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackRoomInviteDialog, invite_chosen_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackRoomInviteDialog, invite_chosen_flow);
  gtk_widget_class_bind_template_child (widget_class, SchnackRoomInviteDialog, invite_reason_row);
  gtk_widget_class_bind_template_callback (widget_class, on_send_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_text_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_address_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_contact_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
schnack_room_invite_dialog_init (SchnackRoomInviteDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->chosen = g_ptr_array_new_with_free_func (g_free);
  self->checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * schnack_room_invite_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @room: a room of @account
 */
SchnackRoomInviteDialog *
schnack_room_invite_dialog_new (GtkWindow      *parent,
                                SchnackAccount *account,
                                SchnackRoom    *room)
{
  SchnackRoomInviteDialog *self;
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSorter) sorter = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkSortListModel *sorted;
  g_autofree char *explanation = NULL;
  g_autofree char *room_name = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (SCHNACK_IS_ROOM (room), NULL);

  self = g_object_new (SCHNACK_TYPE_ROOM_INVITE_DIALOG, "transient-for", parent, NULL);
  self->account = g_object_ref (account);
  self->room = g_object_ref (room);

  room_name = schnack_room_dup_display_name (room, NULL);
  /* Translators: %s is the name or address of a group chat */
  explanation = g_strdup_printf (_("They get an invitation to %s and decide whether to join."), room_name);
  gtk_label_set_text (self->invite_explanation_label, explanation);

  sorter = GTK_SORTER (gtk_string_sorter_new (gtk_property_expression_new (SCHNACK_TYPE_CONTACT, NULL,
                                                                           "display-name")));
  sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (schnack_account_get_contacts (account))),
                                    g_object_ref (sorter));
  self->filter = gtk_custom_filter_new (contact_matches, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (sorted), GTK_FILTER (self->filter));
  g_signal_connect_swapped (self->filtered, "items-changed", G_CALLBACK (update_list_state), self);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_contact_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_contact_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_contact_row), self);
  gtk_list_view_set_factory (self->invite_contact_list_view, factory);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_list_view_set_model (self->invite_contact_list_view, GTK_SELECTION_MODEL (selection));

  /* Leaving the room makes inviting to it moot. */
  g_signal_connect_swapped (room, "notify::state", G_CALLBACK (update_chosen), self);
  update_chosen (self);
  update_list_state (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->invite_search_entry));
  return self;
}

/* The contacts as listed now (after the filter), for tests. */
GListModel *
schnack_room_invite_dialog_get_contacts (SchnackRoomInviteDialog *self)
{
  g_return_val_if_fail (SCHNACK_IS_ROOM_INVITE_DIALOG (self), NULL);
  return G_LIST_MODEL (self->filtered);
}
