/* contact-details.c — everything about one contact, and what to do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Name and groups (edited on the server's contact list, so every device
 * sees the change), the Jabber ID to copy, who sees whose status in
 * words, the devices that are online with the app each one runs
 * (XEP-0092, asked once per device), and removing or blocking.
 */
#include "config.h"

#include "ui/contact-details.h"
#include "ui/avatar.h"
#include "ui/presence-text.h"
#include "xmpp/disco.h"
#include "xmpp/roster.h"
#include "xmpp/stanza-util.h"

#include <glib/gi18n.h>
#include <string.h>

struct _SchnackContactDetails {
  GtkWidget            parent_instance;

  AdwToastOverlay     *details_toast_overlay;
  SchnackAvatar       *details_avatar;
  GtkLabel            *details_name_label;
  GtkWidget           *details_status_dot;
  GtkLabel            *details_presence_label;
  GtkLabel            *details_status_label;
  AdwEntryRow         *details_name_row;
  AdwActionRow        *details_jid_row;
  GtkButton           *details_copy_button;
  AdwActionRow        *details_subscription_row;
  AdwEntryRow         *details_groups_row;
  AdwPreferencesGroup *details_devices_group;
  GtkLabel            *details_blocked_label;
  GtkLabel            *details_error_label;
  GtkButton           *details_block_button;
  GtkButton           *details_remove_button;

  SchnackAccount      *account;
  SchnackContact      *contact;
  GCancellable        *cancellable;      /* for this contact's requests */
  GHashTable          *device_rows;      /* full JID → AdwActionRow (owned by the group) */
};

G_DEFINE_FINAL_TYPE (SchnackContactDetails, schnack_contact_details, GTK_TYPE_WIDGET)

/**
 * schnack_subscription_describe:
 *
 * Returns: (transfer full): who sees whose status, in words
 */
char *
schnack_subscription_describe (SchnackSubscription subscription,
                               gboolean            pending_out)
{
  switch (subscription)
    {
    case SCHNACK_SUBSCRIPTION_BOTH:
      return g_strdup (_("You see each other’s status"));
    case SCHNACK_SUBSCRIPTION_TO:
      return g_strdup (_("You can see their status"));
    case SCHNACK_SUBSCRIPTION_FROM:
      if (pending_out)
        return g_strdup (_("They can see your status; waiting for them to accept yours"));
      return g_strdup (_("They can see your status"));
    case SCHNACK_SUBSCRIPTION_NONE:
    case SCHNACK_SUBSCRIPTION_REMOVE:
    default:
      if (pending_out)
        return g_strdup (_("Waiting for them to accept"));
      return g_strdup (_("None"));
    }
}

static void
show_error (SchnackContactDetails *self,
            const char            *message)
{
  gtk_label_set_text (self->details_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->details_error_label), message != NULL);
}

static SchnackContactList *
contact_list (SchnackContactDetails *self)
{
  return schnack_account_get_contacts (self->account);
}

/* Setting the text must not look like an edit waiting to be applied. */
static void
set_entry_row_text (AdwEntryRow *row,
                    const char  *text)
{
  adw_entry_row_set_show_apply_button (row, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  adw_entry_row_set_show_apply_button (row, TRUE);
}

static void
update_name (SchnackContactDetails *self)
{
  const char *name = schnack_contact_get_display_name (self->contact);

  gtk_label_set_text (self->details_name_label, name);
  schnack_avatar_set_name (self->details_avatar, name);
  set_entry_row_text (self->details_name_row, schnack_contact_get_roster_name (self->contact));
}

static void
update_groups (SchnackContactDetails *self)
{
  g_autofree char *joined = g_strjoinv (", ", (char **) schnack_contact_get_groups (self->contact));

  set_entry_row_text (self->details_groups_row, joined);
}

static void
update_subscription (SchnackContactDetails *self)
{
  g_autofree char *words = schnack_subscription_describe (schnack_contact_get_subscription (self->contact),
                                                          schnack_contact_get_pending_out (self->contact));

  adw_action_row_set_subtitle (self->details_subscription_row, words);
}

static void
update_presence (SchnackContactDetails *self)
{
  SchnackPresenceShow show = schnack_contact_get_show (self->contact);
  const char *status = schnack_contact_get_status (self->contact);

  schnack_status_dot_set_show (self->details_status_dot, show);
  gtk_label_set_text (self->details_presence_label, schnack_show_to_text (show));
  gtk_label_set_text (self->details_status_label, status != NULL ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->details_status_label), status != NULL && *status != '\0');
}

static void
update_blocked (SchnackContactDetails *self)
{
  gboolean blocked = schnack_contact_list_is_blocked (contact_list (self), schnack_contact_get_jid (self->contact));

  gtk_button_set_label (self->details_block_button, blocked ? _("_Unblock") : _("_Block"));
  gtk_widget_set_visible (GTK_WIDGET (self->details_blocked_label), blocked);
}

/* ------------------------------------------------------------ devices */

typedef struct {
  SchnackContactDetails *self;
  char                  *full_jid;
} VersionQuery;

static void
on_version (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  VersionQuery *query = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = schnack_version_request_finish (result, &error);
  AdwActionRow *row;

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && query->self->device_rows != NULL &&
      (row = g_hash_table_lookup (query->self->device_rows, query->full_jid)) != NULL)
    adw_action_row_set_subtitle (row, version != NULL && *version != '\0' ? version : _("unknown"));

  g_object_unref (query->self);
  g_free (query->full_jid);
  g_free (query);
}

static void
add_device_row (SchnackContactDetails *self,
                const char            *full_jid)
{
  const char *slash = strchr (full_jid, '/');
  GtkWidget *row = adw_action_row_new ();
  VersionQuery *query;

  /* Resource and app names come from the network: no markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), slash != NULL ? slash + 1 : full_jid);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Asking which app it runs…"));
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "computer-symbolic");
  adw_preferences_group_add (self->details_devices_group, row);
  g_hash_table_insert (self->device_rows, g_strdup (full_jid), row);

  query = g_new0 (VersionQuery, 1);
  query->self = g_object_ref (self);
  query->full_jid = g_strdup (full_jid);
  schnack_version_request_async (schnack_account_get_connection (self->account), full_jid,
                                 self->cancellable, on_version, query);
}

static void
sync_devices (SchnackContactDetails *self)
{
  g_autoptr(GPtrArray) resources = schnack_contact_dup_resources (self->contact);
  g_autoptr(GHashTable) online = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  const char *full_jid;
  GtkWidget *row;

  for (guint i = 0; i < resources->len; i++)
    {
      full_jid = g_ptr_array_index (resources, i);
      g_hash_table_add (online, (gpointer) full_jid);
      if (!g_hash_table_contains (self->device_rows, full_jid))
        add_device_row (self, full_jid);
    }

  g_hash_table_iter_init (&iter, self->device_rows);
  while (g_hash_table_iter_next (&iter, (gpointer *) &full_jid, (gpointer *) &row))
    if (!g_hash_table_contains (online, full_jid))
      {
        adw_preferences_group_remove (self->details_devices_group, row);
        g_hash_table_iter_remove (&iter);
      }

  adw_preferences_group_set_description (self->details_devices_group,
                                         resources->len == 0 ? _("No device is online.") : NULL);
}

static void
clear_devices (SchnackContactDetails *self)
{
  GHashTableIter iter;
  GtkWidget *row;

  g_hash_table_iter_init (&iter, self->device_rows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &row))
    {
      adw_preferences_group_remove (self->details_devices_group, row);
      g_hash_table_iter_remove (&iter);
    }
}

/* Devices come and go without changing the best presence, so the
 * connection's presence stream is watched for this contact. */
static void
on_presence_received (SchnackConnection     *connection,
                      SchnackXmlNode        *stanza,
                      SchnackContactDetails *self)
{
  const char *from = schnack_xml_node_get_attribute (stanza, "from");
  g_autofree char *bare = from != NULL ? schnack_jid_dup_bare (from) : NULL;

  if (self->contact != NULL && bare != NULL &&
      g_ascii_strcasecmp (bare, schnack_contact_get_jid (self->contact)) == 0)
    sync_devices (self);
}

/* ------------------------------------------------------------ editing */

typedef struct {
  SchnackContactDetails *self;
  SchnackAccount        *account;
  SchnackContact        *contact;
} Change;

/* What a change is about, kept apart from what the page shows later. */
static Change *
change_new (SchnackContactDetails *self)
{
  Change *change = g_new0 (Change, 1);

  change->self = g_object_ref (self);
  change->account = g_object_ref (self->account);
  change->contact = g_object_ref (self->contact);
  return change;
}

static Change *
change_copy (const Change *change)
{
  Change *copy = g_new0 (Change, 1);

  copy->self = g_object_ref (change->self);
  copy->account = g_object_ref (change->account);
  copy->contact = g_object_ref (change->contact);
  return copy;
}

static void
change_free (Change *change)
{
  g_object_unref (change->self);
  g_object_unref (change->account);
  g_object_unref (change->contact);
  g_free (change);
}

static void
change_closure_free (gpointer  data,
                     GClosure *closure)
{
  change_free (data);
}

/* Errors only matter while the same contact is shown. */
static void G_GNUC_PRINTF (2, 3)
report (Change     *change,
        const char *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (change->self->contact != change->contact)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  show_error (change->self, message);
}

static void
on_roster_changed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Change *change = user_data;
  g_autoptr(GError) error = NULL;

  if (!schnack_roster_change_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    report (change, _("The change was not saved: %s"), error->message);
  change_free (change);
}

static void
save_roster_item (SchnackContactDetails *self,
                  const char            *name,
                  GStrv                  groups)
{
  g_autoptr(SchnackRosterItem) item = schnack_roster_item_new (schnack_contact_get_jid (self->contact));

  item->name = name != NULL && *name != '\0' ? g_strdup (name) : NULL;
  g_strfreev (item->groups);
  item->groups = groups;
  show_error (self, NULL);
  /* The server's roster push updates the contact and so this page. */
  schnack_roster_set_item_async (schnack_account_get_connection (self->account), item,
                                 self->cancellable, on_roster_changed, change_new (self));
}

static void
on_name_applied (SchnackContactDetails *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->details_name_row))));

  save_roster_item (self, name, g_strdupv ((char **) schnack_contact_get_groups (self->contact)));
}

/* "Family, Work, ,work" → { "Family", "Work", "work" }: trimmed, no
 * empty names, no repeats. */
static GStrv
parse_groups (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *group = g_strstrip (parts[i]);

      if (*group == '\0' || !g_hash_table_add (seen, group))
        continue;
      g_strv_builder_add (builder, group);
    }
  return g_strv_builder_end (builder);
}

static void
on_groups_applied (SchnackContactDetails *self)
{
  save_roster_item (self, schnack_contact_get_roster_name (self->contact),
                    parse_groups (gtk_editable_get_text (GTK_EDITABLE (self->details_groups_row))));
}

static void
on_copy_clicked (SchnackContactDetails *self)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), schnack_contact_get_jid (self->contact));
  adw_toast_overlay_add_toast (self->details_toast_overlay, adw_toast_new (_("Jabber ID copied")));
}

static void
on_block_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Change *change = user_data;
  g_autoptr(GError) error = NULL;

  if (!schnack_contact_list_block_finish (SCHNACK_CONTACT_LIST (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    report (change, _("Could not change the block: %s"), error->message);
  change_free (change);
}

static void
on_block_clicked (SchnackContactDetails *self)
{
  const char *jid = schnack_contact_get_jid (self->contact);

  show_error (self, NULL);
  if (schnack_contact_list_is_blocked (contact_list (self), jid))
    schnack_contact_list_unblock_async (contact_list (self), jid, self->cancellable, on_block_done, change_new (self));
  else
    schnack_contact_list_block_async (contact_list (self), jid, FALSE, self->cancellable, on_block_done, change_new (self));
}

static void
on_removed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Change *change = user_data;
  g_autoptr(GError) error = NULL;

  if (!schnack_contact_list_remove_contact_finish (SCHNACK_CONTACT_LIST (source), result, &error))
    report (change, _("Could not remove the contact: %s"), error->message);
  change_free (change);
}

static void
on_remove_response (AdwMessageDialog *dialog,
                    const char       *response,
                    Change           *change)
{
  if (!g_str_equal (response, "remove"))
    return;
  schnack_contact_list_remove_contact_async (schnack_account_get_contacts (change->account),
                                             schnack_contact_get_jid (change->contact),
                                             NULL, on_removed, change_copy (change));
}

static void
on_remove_clicked (SchnackContactDetails *self)
{
  GtkWidget *dialog;
  g_autofree char *heading = g_strdup_printf (_("Remove %s?"), schnack_contact_get_display_name (self->contact));
  g_autofree char *body =
    g_strdup_printf (_("%s will be removed from your contacts on all your devices. "
                       "You will no longer see each other’s status."),
                     schnack_contact_get_jid (self->contact));

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_remove_response), change_new (self),
                         change_closure_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ----------------------------------------------------------- contact */

static void
on_contact_notify (SchnackContactDetails *self,
                   GParamSpec            *pspec)
{
  const char *name = pspec->name;

  if (g_str_equal (name, "display-name"))
    update_name (self);
  else if (g_str_equal (name, "groups"))
    update_groups (self);
  else if (g_str_equal (name, "avatar-file"))
    schnack_avatar_set_file (self->details_avatar, schnack_contact_get_avatar_file (self->contact));
  else if (g_str_equal (name, "subscription") || g_str_equal (name, "pending-out"))
    update_subscription (self);
  else if (g_str_equal (name, "show") || g_str_equal (name, "status"))
    {
      update_presence (self);
      sync_devices (self);
    }
}

static void
on_blocked_changed (SchnackContactDetails *self)
{
  update_blocked (self);
}

static void
unbind (SchnackContactDetails *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->device_rows != NULL)
    clear_devices (self);
  if (self->contact != NULL)
    g_signal_handlers_disconnect_by_data (self->contact, self);
  if (self->account != NULL)
    {
      g_signal_handlers_disconnect_by_data (schnack_account_get_contacts (self->account), self);
      g_signal_handlers_disconnect_by_data (schnack_account_get_connection (self->account), self);
    }
  g_clear_object (&self->contact);
  g_clear_object (&self->account);
}

/**
 * schnack_contact_details_set_contact:
 * @account: (nullable): the account @contact belongs to
 * @contact: (nullable): who to show
 */
void
schnack_contact_details_set_contact (SchnackContactDetails *self,
                                     SchnackAccount        *account,
                                     SchnackContact        *contact)
{
  g_return_if_fail (SCHNACK_IS_CONTACT_DETAILS (self));
  g_return_if_fail (account == NULL || SCHNACK_IS_ACCOUNT (account));
  g_return_if_fail (contact == NULL || SCHNACK_IS_CONTACT (contact));
  g_return_if_fail ((account == NULL) == (contact == NULL));

  if (self->contact == contact && self->account == account)
    return;
  unbind (self);
  show_error (self, NULL);
  if (contact == NULL)
    return;

  self->account = g_object_ref (account);
  self->contact = g_object_ref (contact);
  self->cancellable = g_cancellable_new ();

  schnack_avatar_set_color_key (self->details_avatar, schnack_contact_get_jid (contact));
  schnack_avatar_set_file (self->details_avatar, schnack_contact_get_avatar_file (contact));
  adw_action_row_set_subtitle (self->details_jid_row, schnack_contact_get_jid (contact));
  update_name (self);
  update_groups (self);
  update_subscription (self);
  update_presence (self);
  update_blocked (self);
  sync_devices (self);

  g_signal_connect_swapped (contact, "notify", G_CALLBACK (on_contact_notify), self);
  g_signal_connect_swapped (schnack_account_get_contacts (account), "blocked-changed",
                            G_CALLBACK (on_blocked_changed), self);
  g_signal_connect (schnack_account_get_connection (account), "presence-received",
                    G_CALLBACK (on_presence_received), self);
}

SchnackContact *
schnack_contact_details_get_contact (SchnackContactDetails *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACT_DETAILS (self), NULL);
  return self->contact;
}

SchnackAccount *
schnack_contact_details_get_account (SchnackContactDetails *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACT_DETAILS (self), NULL);
  return self->account;
}

static void
schnack_contact_details_dispose (GObject *object)
{
  SchnackContactDetails *self = SCHNACK_CONTACT_DETAILS (object);

  unbind (self);
  g_clear_pointer (&self->device_rows, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_CONTACT_DETAILS);
  G_OBJECT_CLASS (schnack_contact_details_parent_class)->dispose (object);
}

static void
schnack_contact_details_class_init (SchnackContactDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_contact_details_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/contact-details.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackContactDetails, details_toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactDetails, details_avatar);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactDetails, details_name_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactDetails, details_status_dot);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactDetails, details_presence_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactDetails, details_status_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactDetails, details_name_row);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactDetails, details_jid_row);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactDetails, details_copy_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactDetails, details_subscription_row);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactDetails, details_groups_row);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactDetails, details_devices_group);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactDetails, details_blocked_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactDetails, details_error_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactDetails, details_block_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactDetails, details_remove_button);
  gtk_widget_class_bind_template_callback (widget_class, on_name_applied);
  gtk_widget_class_bind_template_callback (widget_class, on_groups_applied);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_block_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
schnack_contact_details_init (SchnackContactDetails *self)
{
  g_type_ensure (SCHNACK_TYPE_AVATAR);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->device_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->details_jid_row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->details_subscription_row), FALSE);
}

SchnackContactDetails *
schnack_contact_details_new (void)
{
  return g_object_new (SCHNACK_TYPE_CONTACT_DETAILS, NULL);
}
