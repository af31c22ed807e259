/* join-room-dialog.c — entering a group chat by address, name or from the public list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The account's conference service is found by disco when the dialog
 * opens: a bare name is then a room on it, and its public rooms are
 * listed (filtered as you type). Joining waits for the room's answer
 * and says in words why it refused; for a missing password the
 * password field appears, for a taken nickname another one is offered,
 * for a room that does not exist creating it is. On success "joined"
 * hands the room to the window, which opens it (the core keeps it as a
 * bookmark, joined again at every sign-in).
 */
#include "config.h"

#include "ui/join-room-dialog.h"
#include "ui/room-names.h"
#include "xmpp/muc-disco.h"

#include <glib/gi18n.h>
#include <string.h>

struct _SchnackJoinRoomDialog {
  AdwWindow           parent_instance;

  GtkButton          *join_room_cancel_button;
  GtkButton          *join_room_join_button;
  GtkStack           *join_room_button_stack;
  AdwEntryRow        *join_room_address_row;
  AdwEntryRow        *join_room_nick_row;
  AdwActionRow       *join_room_password_row;
  GtkEntry           *join_room_password_entry;
  GtkLabel           *join_room_address_hint_label;
  GtkBox             *join_room_error_box;
  GtkLabel           *join_room_error_label;
  GtkButton          *join_room_create_button;
  GtkLabel           *join_room_browse_label;
  GtkSearchEntry     *join_room_filter_entry;
  GtkStack           *join_room_browse_stack;
  GtkLabel           *join_room_browse_message_label;
  GtkListView        *join_room_list_view;

  SchnackAccount     *account;
  GCancellable       *cancellable;
  char               *service;
  GtkStringList      *room_jids;
  GHashTable         *room_infos;   /* jid → SchnackMucRoomInfo */
  GtkCustomFilter    *filter;
  SchnackRoom        *joining;
};

G_DEFINE_FINAL_TYPE (SchnackJoinRoomDialog, schnack_join_room_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_JOINED,
  SIGNAL_CREATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
show_error (SchnackJoinRoomDialog *self,
            const char            *message,
            gboolean               offer_create)
{
  gtk_label_set_text (self->join_room_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->join_room_error_box), message != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->join_room_create_button), offer_create);
}

/* What was typed as an address; a bare name is a room on our service. */
static char *
typed_address (SchnackJoinRoomDialog *self)
{
  g_autofree char *text = g_strstrip (g_strdup (row_text (self->join_room_address_row)));

  if (*text == '\0')
    return NULL;
  if (strchr (text, '@') != NULL)
    return g_steal_pointer (&text);
  return schnack_room_address_from_name (text, self->service);
}

static void
update_hint (SchnackJoinRoomDialog *self)
{
  g_autofree char *address = typed_address (self);
  const char *text = row_text (self->join_room_address_row);
  g_autofree char *hint = NULL;

  if (address != NULL && strchr (text, '@') == NULL)
    /* Translators: %s is a room address, e.g. team@conference.example.org */
    hint = g_strdup_printf (_("Joins %s"), address);
  else if (address == NULL && self->service != NULL)
    /* Translators: %s is a group chat service, e.g. conference.example.org */
    hint = g_strdup_printf (_("An address like team@%s, or just a name for a room there."), self->service);
  else if (address == NULL)
    hint = g_strdup (_("A room address looks like team@conference.example.org."));
  gtk_label_set_text (self->join_room_address_hint_label, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->join_room_address_hint_label), hint != NULL);
}

static void
on_address_changed (SchnackJoinRoomDialog *self)
{
  g_autofree char *address = typed_address (self);
  g_autofree char *nick = g_strstrip (g_strdup (row_text (self->join_room_nick_row)));

  update_hint (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->join_room_join_button),
                            address != NULL && *nick != '\0' && self->joining == NULL);
}

/* ------------------------------------------------------------ joining */

static void
stop_watching (SchnackJoinRoomDialog *self)
{
  if (self->joining != NULL)
    g_signal_handlers_disconnect_by_data (self->joining, self);
  g_clear_object (&self->joining);
  gtk_stack_set_visible_child_name (self->join_room_button_stack, "join");
  on_address_changed (self);
}

/* A refused room is not one of ours: it must not come back at sign-in. */
static void
forget_refused (SchnackJoinRoomDialog *self,
                SchnackRoom           *room)
{
  SchnackRoomList *rooms = schnack_account_get_rooms (self->account);

  if (schnack_room_list_find (rooms, schnack_room_get_jid (room)) == room)
    schnack_room_list_leave (rooms, room);
}

static char *
other_nick (const char *nick)
{
  return g_strconcat (nick, "_", NULL);
}

static void
on_room_state (SchnackJoinRoomDialog *self)
{
  SchnackRoom *room = self->joining;
  const GError *error;
  g_autoptr(GError) refusal = NULL;
  g_autoptr(SchnackRoom) keep = NULL;

  switch (schnack_room_get_state (room))
    {
    case SCHNACK_ROOM_STATE_JOINED:
      keep = g_object_ref (room);
      stop_watching (self);
      g_signal_emit (self, signals[SIGNAL_JOINED], 0, self->account, keep);
      gtk_window_destroy (GTK_WINDOW (self));
      return;

    case SCHNACK_ROOM_STATE_ERROR:
      /* Forgetting the room clears its error. */
      error = refusal = schnack_room_get_error (room) != NULL ? g_error_copy (schnack_room_get_error (room)) : NULL;
      keep = g_object_ref (room);
      stop_watching (self);
      forget_refused (self, keep);
      if (error != NULL && g_error_matches (error, SCHNACK_MUC_ERROR, SCHNACK_MUC_ERROR_WRONG_PASSWORD))
        {
          gboolean had_password = *gtk_editable_get_text (GTK_EDITABLE (self->join_room_password_entry)) != '\0';

          gtk_widget_set_visible (GTK_WIDGET (self->join_room_password_row), TRUE);
          show_error (self, had_password ? error->message
                                         : _("This room is protected by a password. Enter it to join."),
                      FALSE);
          gtk_widget_grab_focus (GTK_WIDGET (self->join_room_password_entry));
        }
      else if (error != NULL && g_error_matches (error, SCHNACK_MUC_ERROR, SCHNACK_MUC_ERROR_NICKNAME_TAKEN))
        {
          g_autofree char *suggestion = other_nick (row_text (self->join_room_nick_row));
          /* Translators: %s is a nickname we suggest instead */
          g_autofree char *message = g_strdup_printf (_("Someone in this room already uses this nickname. "
                                                        "How about “%s”?"), suggestion);

          gtk_editable_set_text (GTK_EDITABLE (self->join_room_nick_row), suggestion);
          show_error (self, message, FALSE);
          gtk_widget_grab_focus (GTK_WIDGET (self->join_room_nick_row));
        }
      else if (error != NULL && g_error_matches (error, SCHNACK_MUC_ERROR, SCHNACK_MUC_ERROR_ROOM_NOT_FOUND))
        show_error (self, error->message, TRUE);
      else
        show_error (self, error != NULL ? error->message : _("The room could not be joined."), FALSE);
      return;

    case SCHNACK_ROOM_STATE_OFFLINE:
      stop_watching (self);
      show_error (self, _("The account is offline. Try again once it is connected."), FALSE);
      return;

    case SCHNACK_ROOM_STATE_JOINING:
    default:
      return;
    }
}

static void
on_join_clicked (SchnackJoinRoomDialog *self)
{
  g_autofree char *address = typed_address (self);
  g_autofree char *nick = g_strstrip (g_strdup (row_text (self->join_room_nick_row)));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->join_room_password_entry));
  SchnackRoomList *rooms = schnack_account_get_rooms (self->account);
  SchnackRoom *room;

  if (address == NULL || *nick == '\0' || self->joining != NULL)
    return;
  if (schnack_account_get_state (self->account) != SCHNACK_CONNECTION_ONLINE)
    {
      show_error (self, _("The account is offline. Try again once it is connected."), FALSE);
      return;
    }

  show_error (self, NULL, FALSE);
  room = schnack_room_list_find (rooms, address);
  if (room != NULL && schnack_room_get_state (room) == SCHNACK_ROOM_STATE_JOINED)
    {
      /* Already in: just open it. */
      g_signal_emit (self, signals[SIGNAL_JOINED], 0, self->account, room);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  room = schnack_room_list_join (rooms, address, nick, *password != '\0' ? password : NULL);
  if (room == NULL)
    {
      show_error (self, _("The room could not be joined."), FALSE);
      return;
    }
  self->joining = g_object_ref (room);
  gtk_stack_set_visible_child_name (self->join_room_button_stack, "busy");
  gtk_widget_set_sensitive (GTK_WIDGET (self->join_room_join_button), FALSE);
  g_signal_connect_swapped (room, "notify::state", G_CALLBACK (on_room_state), self);
  on_room_state (self);
}

static void
on_cancel_clicked (SchnackJoinRoomDialog *self)
{
  if (self->joining != NULL && schnack_room_get_state (self->joining) == SCHNACK_ROOM_STATE_JOINING)
    {
      g_autoptr(SchnackRoom) room = g_object_ref (self->joining);

      stop_watching (self);
      schnack_room_list_leave (schnack_account_get_rooms (self->account), room);
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_create_clicked (SchnackJoinRoomDialog *self)
{
  g_autofree char *address = typed_address (self);

  g_signal_emit (self, signals[SIGNAL_CREATE], 0, self->account, address);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* ------------------------------------------------------------ browsing */

static gboolean
room_matches (gpointer item,
              gpointer user_data)
{
  SchnackJoinRoomDialog *self = user_data;
  const char *jid = gtk_string_object_get_string (GTK_STRING_OBJECT (item));
  const SchnackMucRoomInfo *info = g_hash_table_lookup (self->room_infos, jid);
  const char *filter = gtk_editable_get_text (GTK_EDITABLE (self->join_room_filter_entry));
  g_autofree char *needle = NULL;
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;

  if (*filter == '\0')
    return TRUE;
  needle = g_utf8_casefold (filter, -1);
  address = g_utf8_casefold (jid, -1);
  name = info != NULL && info->name != NULL ? g_utf8_casefold (info->name, -1) : NULL;
  return strstr (address, needle) != NULL || (name != NULL && strstr (name, needle) != NULL);
}

static void
on_filter_changed (SchnackJoinRoomDialog *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
setup_room_row (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *address = gtk_label_new (NULL);
  GtkWidget *count = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (address), 0);
  gtk_label_set_ellipsize (GTK_LABEL (address), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (address, "dim-label");
  gtk_widget_add_css_class (address, "caption");
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), address);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), count);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_item_set_child (item, box);
}

static void
bind_room_row (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               SchnackJoinRoomDialog    *self)
{
  const char *jid = gtk_string_object_get_string (GTK_STRING_OBJECT (gtk_list_item_get_item (item)));
  const SchnackMucRoomInfo *info = g_hash_table_lookup (self->room_infos, jid);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *texts = gtk_widget_get_first_child (box);
  GtkWidget *name = gtk_widget_get_first_child (texts);
  GtkWidget *address = gtk_widget_get_next_sibling (name);
  GtkWidget *count = gtk_widget_get_next_sibling (texts);
  const char *shown = info != NULL && info->name != NULL && *info->name != '\0' ? info->name : jid;
  g_autofree char *occupants = NULL;
  g_autofree char *label = NULL;

  /* Room names come from the network: set as text, never as markup. */
  gtk_label_set_text (GTK_LABEL (name), shown);
  gtk_label_set_text (GTK_LABEL (address), jid);
  if (info != NULL && info->occupants >= 0)
    {
      occupants = g_strdup_printf ("%d", info->occupants);
      /* Translators: the accessible label of a public room: name, then how many are in it */
      label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %d person", "%s, %d people",
                                            info->occupants), shown, info->occupants);
    }
  else
    label = g_strdup (shown);
  gtk_label_set_text (GTK_LABEL (count), occupants != NULL ? occupants : "");
  gtk_widget_set_tooltip_text (count, occupants != NULL ? label : NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
on_room_activated (SchnackJoinRoomDialog *self,
                   guint                  position)
{
  GtkSelectionModel *model = gtk_list_view_get_model (self->join_room_list_view);
  g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (model), position);

  if (item == NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->join_room_address_row), gtk_string_object_get_string (item));
  show_error (self, NULL, FALSE);
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->join_room_join_button)))
    gtk_widget_grab_focus (GTK_WIDGET (self->join_room_join_button));
}

static void
show_browse_message (SchnackJoinRoomDialog *self,
                     const char            *message)
{
  gtk_label_set_text (self->join_room_browse_message_label, message);
  gtk_stack_set_visible_child_name (self->join_room_browse_stack, "message");
}

static int
compare_by_occupants (gconstpointer a,
                      gconstpointer b)
{
  const SchnackMucRoomInfo *left = *(SchnackMucRoomInfo **) a;
  const SchnackMucRoomInfo *right = *(SchnackMucRoomInfo **) b;

  if (left->occupants != right->occupants)
    return right->occupants - left->occupants;
  return g_strcmp0 (left->jid, right->jid);
}

static void
on_rooms_listed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rooms = schnack_room_list_browse_finish (SCHNACK_ROOM_LIST (source), result, &error);
  SchnackJoinRoomDialog *self;
  g_autoptr(GPtrArray) jids = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SCHNACK_JOIN_ROOM_DIALOG (user_data);
  if (rooms == NULL)
    {
      show_browse_message (self, error->message);
      return;
    }
  if (rooms->len == 0)
    {
      show_browse_message (self, _("This service lists no public rooms."));
      return;
    }
  g_ptr_array_sort (rooms, compare_by_occupants);
  jids = g_ptr_array_new ();
  for (guint i = 0; i < rooms->len; i++)
    {
      SchnackMucRoomInfo *info = g_ptr_array_index (rooms, i);

      g_hash_table_replace (self->room_infos, g_strdup (info->jid), schnack_muc_room_info_copy (info));
      g_ptr_array_add (jids, info->jid);
    }
  g_ptr_array_add (jids, NULL);
  gtk_string_list_splice (self->room_jids, 0, g_list_model_get_n_items (G_LIST_MODEL (self->room_jids)),
                          (const char * const *) jids->pdata);
  gtk_stack_set_visible_child_name (self->join_room_browse_stack, "list");
}

static void
on_service_found (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *service = schnack_room_list_find_service_finish (SCHNACK_ROOM_LIST (source), result, &error);
  SchnackJoinRoomDialog *self;
  g_autofree char *heading = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SCHNACK_JOIN_ROOM_DIALOG (user_data);
  if (service == NULL)
    {
      show_browse_message (self, error != NULL ? error->message
                                               : _("Your server offers no group chat service. "
                                                   "Enter the full address of a room elsewhere."));
      return;
    }
  self->service = g_steal_pointer (&service);
  /* Translators: %s is a group chat service, e.g. conference.example.org */
  heading = g_strdup_printf (_("Public Rooms on %s"), self->service);
  gtk_label_set_text (self->join_room_browse_label, heading);
  on_address_changed (self);
  schnack_room_list_browse_async (SCHNACK_ROOM_LIST (source), self->service, self->cancellable,
                                  on_rooms_listed, self);
}

/* ------------------------------------------------------------ life */

static void
schnack_join_room_dialog_dispose (GObject *object)
{
  SchnackJoinRoomDialog *self = SCHNACK_JOIN_ROOM_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->joining != NULL)
    g_signal_handlers_disconnect_by_data (self->joining, self);
  g_clear_object (&self->joining);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_JOIN_ROOM_DIALOG);
  g_clear_object (&self->filter);
  g_clear_object (&self->room_jids);
  g_clear_pointer (&self->room_infos, g_hash_table_unref);
  g_clear_pointer (&self->service, g_free);
  g_clear_object (&self->account);
  G_OBJECT_CLASS (schnack_join_room_dialog_parent_class)->dispose (object);
}

static void
schnack_join_room_dialog_class_init (SchnackJoinRoomDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_join_room_dialog_dispose;

  /* In the room: the window opens it. */
  signals[SIGNAL_JOINED] =
    g_signal_new ("joined", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SCHNACK_TYPE_ACCOUNT, SCHNACK_TYPE_ROOM);
  /* The room does not exist and the user wants to create it (address or NULL). */
  signals[SIGNAL_CREATE] =
    g_signal_new ("create", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SCHNACK_TYPE_ACCOUNT, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/join-room-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackJoinRoomDialog, join_room_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackJoinRoomDialog, join_room_join_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackJoinRoomDialog, join_room_button_stack);
  gtk_widget_class_bind_template_child (widget_class, SchnackJoinRoomDialog, join_room_address_row);
  gtk_widget_class_bind_template_child (widget_class, SchnackJoinRoomDialog, join_room_nick_row);
  gtk_widget_class_bind_template_child (widget_class, SchnackJoinRoomDialog, join_room_password_row);
  gtk_widget_class_bind_template_child (widget_class, SchnackJoinRoomDialog, join_room_password_entry);
  gtk_widget_class_bind_template_child (widget_class, SchnackJoinRoomDialog, join_room_address_hint_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackJoinRoomDialog, join_room_error_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackJoinRoomDialog, join_room_error_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackJoinRoomDialog, join_room_create_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackJoinRoomDialog, join_room_browse_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackJoinRoomDialog, join_room_filter_entry);
  gtk_widget_class_bind_template_child (widget_class, SchnackJoinRoomDialog, join_room_browse_stack);
  gtk_widget_class_bind_template_child (widget_class, SchnackJoinRoomDialog, join_room_browse_message_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackJoinRoomDialog, join_room_list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_address_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_join_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_create_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_room_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
schnack_join_room_dialog_init (SchnackJoinRoomDialog *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkFilterListModel *filtered;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->room_infos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) schnack_muc_room_info_free);
  self->room_jids = gtk_string_list_new (NULL);
  self->filter = gtk_custom_filter_new (room_matches, self, NULL);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->room_jids)),
                                        GTK_FILTER (g_object_ref (self->filter)));
  gtk_list_view_set_model (self->join_room_list_view, GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (filtered))));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_room_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_room_row), self);
  gtk_list_view_set_factory (self->join_room_list_view, factory);
  gtk_stack_set_visible_child_name (self->join_room_browse_stack, "loading");
}

SchnackJoinRoomDialog *
schnack_join_room_dialog_new (GtkWindow      *parent,
                              SchnackAccount *account)
{
  SchnackJoinRoomDialog *self;
  g_autofree char *nick = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (account), NULL);

  self = g_object_new (SCHNACK_TYPE_JOIN_ROOM_DIALOG, "transient-for", parent, NULL);
  self->account = g_object_ref (account);
  nick = schnack_room_default_nick (account);
  gtk_editable_set_text (GTK_EDITABLE (self->join_room_nick_row), nick);
  on_address_changed (self);
  if (schnack_account_get_state (account) == SCHNACK_CONNECTION_ONLINE)
    schnack_room_list_find_service_async (schnack_account_get_rooms (account), self->cancellable,
                                          on_service_found, self);
  else
    show_browse_message (self, _("The account is offline: public rooms are listed once it is connected."));
  return self;
}

/* A room to join, e.g. from an invitation. */
void
schnack_join_room_dialog_set_address (SchnackJoinRoomDialog *self,
                                      const char            *address)
{
  g_return_if_fail (SCHNACK_IS_JOIN_ROOM_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->join_room_address_row), address != NULL ? address : "");
}

void
schnack_join_room_dialog_set_password (SchnackJoinRoomDialog *self,
                                       const char            *password)
{
  g_return_if_fail (SCHNACK_IS_JOIN_ROOM_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->join_room_password_entry), password != NULL ? password : "");
  gtk_widget_set_visible (GTK_WIDGET (self->join_room_password_row), password != NULL && *password != '\0');
}
