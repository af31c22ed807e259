/* account-settings-row.c — one account in the Accounts window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything about an account after the wizard: its state at a glance
 * (subtitle), on/off, the public profile (nickname XEP-0172 and picture
 * XEP-0084 + vCard hash), connection settings, password change on the
 * server, and the two ways to get rid of it — only from Schnack, or on
 * the server for good (confirmed with the account's name, since that
 * cannot be undone).
 */
#include "config.h"

#include "ui/account-settings-row.h"

#include <glib/gi18n.h>

#include "ui/profile-picture.h"
#include "xmpp/avatar.h"

struct _SchnackAccountSettingsRow {
  AdwExpanderRow         parent_instance;

  GtkSwitch             *enabled_switch;
  AdwEntryRow           *nickname_row;
  GtkButton             *choose_picture_button;
  GtkFileChooserNative  *picture_chooser;
  AdwEntryRow           *resource_row;
  GtkSpinButton         *priority_spin;
  AdwEntryRow           *host_row;
  AdwEntryRow           *port_row;
  GtkSwitch             *direct_tls_switch;
  GtkButton             *save_settings_button;
  GtkButton             *change_password_button;
  GtkButton             *remove_button;
  GtkButton             *delete_button;
  GtkLabel              *settings_message_label;

  SchnackAccountManager *manager;
  SchnackAccount        *account;
  GCancellable          *cancellable;
};

G_DEFINE_FINAL_TYPE (SchnackAccountSettingsRow, schnack_account_settings_row, ADW_TYPE_EXPANDER_ROW)

static void
show_message (SchnackAccountSettingsRow *self,
              const char                *message,
              gboolean                   is_error)
{
  gtk_label_set_text (self->settings_message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->settings_message_label), message != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->settings_message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->settings_message_label), "error");
}

static void
update_state (SchnackAccountSettingsRow *self)
{
  gboolean online = schnack_account_get_state (self->account) == SCHNACK_CONNECTION_ONLINE;
  const char *status = schnack_account_get_status_text (self->account);

  /* Server text can reach the subtitle (failure reasons): never markup. */
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), status != NULL ? status : "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->change_password_button), online);
  /* The profile lives on the server (PEP): it can only be set online. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->nickname_row), online);
  gtk_widget_set_sensitive (GTK_WIDGET (self->choose_picture_button), online);
  gtk_widget_set_sensitive (GTK_WIDGET (self->delete_button), online);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->delete_button),
                               online ? NULL : _("The account must be online to delete it on its server."));
}

static void
load_settings (SchnackAccountSettingsRow *self)
{
  const SchnackAccountRecord *settings = schnack_account_get_settings (self->account);
  g_autofree char *port = settings->port != 0 ? g_strdup_printf ("%u", settings->port) : g_strdup ("");

  gtk_switch_set_active (self->enabled_switch, settings->enabled);
  gtk_editable_set_text (GTK_EDITABLE (self->resource_row), settings->resource != NULL ? settings->resource : "");
  gtk_spin_button_set_value (self->priority_spin, settings->priority);
  gtk_editable_set_text (GTK_EDITABLE (self->host_row), settings->host != NULL ? settings->host : "");
  gtk_editable_set_text (GTK_EDITABLE (self->port_row), port);
  gtk_switch_set_active (self->direct_tls_switch, settings->direct_tls);
}

static void
on_enabled_changed (SchnackAccountSettingsRow *self)
{
  g_autoptr(GError) error = NULL;

  if (!schnack_account_set_enabled (self->account, gtk_switch_get_active (self->enabled_switch), &error))
    show_message (self, error->message, TRUE);
}

static void
on_save_settings_clicked (SchnackAccountSettingsRow *self)
{
  g_autoptr(SchnackAccountRecord) settings = schnack_account_record_copy (schnack_account_get_settings (self->account));
  g_autoptr(GError) error = NULL;
  const char *port_text = gtk_editable_get_text (GTK_EDITABLE (self->port_row));
  const char *resource = gtk_editable_get_text (GTK_EDITABLE (self->resource_row));
  const char *host = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_row))));
  g_autofree char *owned_host = (char *) host;
  guint64 port = 0;

  if (*port_text != '\0' &&
      (!g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL)))
    {
      show_message (self, _("The port must be a number from 1 to 65535, or empty."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->port_row));
      return;
    }
  g_autofree char *ascii_host = *host != '\0' ? g_hostname_to_ascii (host) : NULL;

  if (*host != '\0' && !g_hostname_is_ip_address (host) && ascii_host == NULL)
    {
      show_message (self, _("The server host is not a valid host name."), TRUE);
      return;
    }

  g_free (settings->resource);
  settings->resource = *resource != '\0' ? g_strdup (resource) : NULL;
  g_free (settings->host);
  settings->host = *host != '\0' ? g_strdup (host) : NULL;
  settings->port = (guint16) port;
  settings->direct_tls = gtk_switch_get_active (self->direct_tls_switch);
  settings->priority = gtk_spin_button_get_value_as_int (self->priority_spin);

  if (!schnack_account_update_settings (self->account, settings, &error))
    show_message (self, error->message, TRUE);
  else
    show_message (self, _("Saved."), FALSE);
}

/* Public profile: nickname and picture, published on the server. */

static void
on_nickname_published (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(SchnackAccountSettingsRow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (schnack_nick_publish_finish (result, &error))
    show_message (self, _("Your contacts now see the new name."), FALSE);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_message (self, error->message, TRUE);
}

static void
on_nickname_applied (SchnackAccountSettingsRow *self)
{
  g_autofree char *nick = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->nickname_row))));

  if (*nick == '\0')
    {
      show_message (self, _("Type the name your contacts should see."), TRUE);
      return;
    }
  schnack_nick_publish_async (schnack_account_get_connection (self->account), nick, self->cancellable,
                              on_nickname_published, g_object_ref (self));
}

static void
on_picture_published (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SchnackAccountSettingsRow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = schnack_avatar_publish_finish (result, &error);

  gtk_widget_set_sensitive (GTK_WIDGET (self->choose_picture_button), TRUE);
  if (id != NULL)
    show_message (self, _("Your contacts now see the new picture."), FALSE);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_message (self, error->message, TRUE);
}

static void
on_picture_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SchnackAccountSettingsRow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = schnack_profile_picture_load_finish (result, &error);

  if (png == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->choose_picture_button), TRUE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error->message, TRUE);
      return;
    }
  schnack_avatar_publish_async (schnack_account_get_connection (self->account), png, "image/png",
                                self->cancellable, on_picture_published, g_object_ref (self));
}

static void
on_picture_chosen (SchnackAccountSettingsRow *self,
                   int                        response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->picture_chooser));
  g_clear_object (&self->picture_chooser);
  if (file == NULL)
    return;
  /* One picture at a time; the button comes back when it is published. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->choose_picture_button), FALSE);
  show_message (self, _("Publishing the picture…"), FALSE);
  schnack_profile_picture_load_async (file, self->cancellable, on_picture_loaded, g_object_ref (self));
}

static void
on_choose_picture_clicked (SchnackAccountSettingsRow *self)
{
  g_autoptr(GtkFileFilter) images = gtk_file_filter_new ();

  if (self->picture_chooser != NULL)
    return;
  gtk_file_filter_set_name (images, _("Pictures"));
  gtk_file_filter_add_pixbuf_formats (images);
  self->picture_chooser = gtk_file_chooser_native_new (_("Choose a Profile Picture"),
                                                       GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       GTK_FILE_CHOOSER_ACTION_OPEN,
                                                       _("_Choose"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->picture_chooser), images);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->picture_chooser), TRUE);
  g_signal_connect_swapped (self->picture_chooser, "response", G_CALLBACK (on_picture_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->picture_chooser));
}

/* Change password: a dialog with the new password twice. */

typedef struct {
  SchnackAccountSettingsRow *row;
  GtkEntry                  *first;
  GtkEntry                  *second;
} PasswordDialog;

static void
on_password_changed (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SchnackAccountSettingsRow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (schnack_account_change_password_finish (SCHNACK_ACCOUNT (source), result, &error))
    show_message (self, _("The password was changed."), FALSE);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_message (self, error->message, TRUE);
}

static void
on_password_dialog_response (AdwMessageDialog *dialog,
                             const char       *response,
                             PasswordDialog   *data)
{
  const char *first = gtk_editable_get_text (GTK_EDITABLE (data->first));
  const char *second = gtk_editable_get_text (GTK_EDITABLE (data->second));

  if (g_str_equal (response, "change"))
    {
      if (*first == '\0' || g_strcmp0 (first, second) != 0)
        show_message (data->row, _("The two passwords do not match. The password was not changed."), TRUE);
      else
        schnack_account_change_password_async (data->row->account, first, data->row->cancellable,
                                               on_password_changed, g_object_ref (data->row));
    }
}

static void
update_password_response (PasswordDialog *data)
{
  const char *first = gtk_editable_get_text (GTK_EDITABLE (data->first));
  const char *second = gtk_editable_get_text (GTK_EDITABLE (data->second));
  GtkWidget *dialog = gtk_widget_get_ancestor (GTK_WIDGET (data->first), ADW_TYPE_MESSAGE_DIALOG);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "change",
                                           *first != '\0' && g_strcmp0 (first, second) == 0);
}

/* A plain GtkEntry: GTK 4.8's GtkPasswordEntry keeps a caps-lock watch
 * on the keyboard that outlives it when its dialog is closed, and the
 * next key event then touches a freed entry. */
static GtkEntry *
new_password_entry (const char *label)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PASSWORD);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return GTK_ENTRY (entry);
}

static void
on_change_password_clicked (SchnackAccountSettingsRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  PasswordDialog *data = g_new0 (PasswordDialog, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (root), _("Change Password"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The new password for %s is set on the server right away."),
                                  schnack_account_get_jid (self->account));
  data->row = self;
  data->first = new_password_entry (_("New password"));
  data->second = new_password_entry (_("Repeat new password"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (data->first));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (data->second));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "change", _("C_hange Password"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "change", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "change", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_swapped (data->first, "changed", G_CALLBACK (update_password_response), data);
  g_signal_connect_swapped (data->second, "changed", G_CALLBACK (update_password_response), data);
  g_signal_connect (dialog, "response", G_CALLBACK (on_password_dialog_response), data);
  /* Freed with the dialog, after its entries (which may still emit "changed"). */
  g_object_set_data_full (G_OBJECT (dialog), "schnack-password-dialog", data, g_free);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Remove from Schnack / delete on the server. */

static void
on_remove_response (AdwMessageDialog          *dialog,
                    const char                *response,
                    SchnackAccountSettingsRow *self)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "remove") &&
      !schnack_account_manager_remove (self->manager, self->account, &error))
    show_message (self, error->message, TRUE);
}

static void
on_remove_clicked (SchnackAccountSettingsRow *self)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              _("Remove Account from Schnack?"), NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Schnack will sign out of %s and forget it, its saved password "
                                    "and its message history on this computer. The account itself "
                                    "stays on the server and keeps working on your other devices."),
                                  schnack_account_get_jid (self->account));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_deleted_on_server (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SchnackAccountSettingsRow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!schnack_account_manager_delete_on_server_finish (SCHNACK_ACCOUNT_MANAGER (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_message (self, error->message, TRUE);
}

static void
on_delete_response (AdwMessageDialog          *dialog,
                    const char                *response,
                    SchnackAccountSettingsRow *self)
{
  if (g_str_equal (response, "delete"))
    schnack_account_manager_delete_on_server_async (self->manager, self->account, self->cancellable,
                                                    on_deleted_on_server, g_object_ref (self));
}

static void
on_delete_clicked (SchnackAccountSettingsRow *self)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              NULL, NULL);

  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Delete %s for Good?"),
                                     schnack_account_get_jid (self->account));
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The account %s will be deleted on its server. Nobody can sign in "
                                    "with it any more, on any device, and your contacts will no longer "
                                    "reach you there. This cannot be undone."),
                                  schnack_account_get_jid (self->account));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete Account"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
schnack_account_settings_row_dispose (GObject *object)
{
  SchnackAccountSettingsRow *self = SCHNACK_ACCOUNT_SETTINGS_ROW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->picture_chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->picture_chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->picture_chooser));
      g_clear_object (&self->picture_chooser);
    }
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_clear_object (&self->account);
  g_clear_object (&self->manager);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_ACCOUNT_SETTINGS_ROW);

  G_OBJECT_CLASS (schnack_account_settings_row_parent_class)->dispose (object);
}

static void
schnack_account_settings_row_class_init (SchnackAccountSettingsRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_account_settings_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/account-settings-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountSettingsRow, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountSettingsRow, nickname_row);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountSettingsRow, choose_picture_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountSettingsRow, resource_row);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountSettingsRow, priority_spin);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountSettingsRow, host_row);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountSettingsRow, port_row);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountSettingsRow, direct_tls_switch);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountSettingsRow, save_settings_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountSettingsRow, change_password_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountSettingsRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountSettingsRow, delete_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountSettingsRow, settings_message_label);
}

static void
schnack_account_settings_row_init (SchnackAccountSettingsRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

SchnackAccountSettingsRow *
schnack_account_settings_row_new (SchnackAccountManager *manager,
                                  SchnackAccount        *account)
{
  SchnackAccountSettingsRow *self;

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (manager), NULL);
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (account), NULL);

  self = g_object_new (SCHNACK_TYPE_ACCOUNT_SETTINGS_ROW, NULL);
  self->manager = g_object_ref (manager);
  self->account = g_object_ref (account);
  /* A JID may contain "&": the title is never parsed as markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), schnack_account_get_jid (account));
  load_settings (self);
  update_state (self);

  g_signal_connect_swapped (account, "notify::state", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (account, "notify::status-text", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (self->enabled_switch, "notify::active", G_CALLBACK (on_enabled_changed), self);
  g_signal_connect_swapped (self->save_settings_button, "clicked", G_CALLBACK (on_save_settings_clicked), self);
  g_signal_connect_swapped (self->nickname_row, "apply", G_CALLBACK (on_nickname_applied), self);
  g_signal_connect_swapped (self->choose_picture_button, "clicked", G_CALLBACK (on_choose_picture_clicked), self);
  g_signal_connect_swapped (self->change_password_button, "clicked", G_CALLBACK (on_change_password_clicked), self);
  g_signal_connect_swapped (self->remove_button, "clicked", G_CALLBACK (on_remove_clicked), self);
  g_signal_connect_swapped (self->delete_button, "clicked", G_CALLBACK (on_delete_clicked), self);
  return self;
}

SchnackAccount *
schnack_account_settings_row_get_account (SchnackAccountSettingsRow *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_SETTINGS_ROW (self), NULL);
  return self->account;
}
