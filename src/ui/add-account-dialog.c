/* add-account-dialog.c — sign in with an existing Jabber ID
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The minimal way in; the first-run wizard (registration, separate
 * user/server fields, advanced settings) replaces it. The Jabber ID is
 * checked as it is typed so a typo is explained next to the field.
 */
#include "config.h"

#include "ui/add-account-dialog.h"
#include "xmpp/jid.h"

#include <glib/gi18n.h>
#include <string.h>

struct _SchnackAddAccountDialog {
  AdwWindow              parent_instance;

  GtkButton             *cancel_button;
  GtkButton             *add_button;
  GtkEntry              *jid_entry;
  GtkLabel              *jid_error_label;
  GtkPasswordEntry      *password_entry;
  GtkCheckButton        *remember_check;
  GtkLabel              *error_label;

  SchnackAccountManager *account_manager;
};

G_DEFINE_FINAL_TYPE (SchnackAddAccountDialog, schnack_add_account_dialog, ADW_TYPE_WINDOW)

static SchnackJid *
parse_typed_jid (SchnackAddAccountDialog  *self,
                 GError                  **error)
{
  return schnack_jid_parse_account (gtk_editable_get_text (GTK_EDITABLE (self->jid_entry)), error);
}

static void
validate (SchnackAddAccountDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->jid_entry));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackJid) jid = NULL;
  gboolean show_error;

  jid = parse_typed_jid (self, &error);
  /* Don't scold an empty field or someone who hasn't reached the "@". */
  show_error = jid == NULL && *text != '\0' &&
    !g_error_matches (error, SCHNACK_JID_ERROR, SCHNACK_JID_ERROR_EMPTY) &&
    !(strchr (text, '@') == NULL && g_error_matches (error, SCHNACK_JID_ERROR, SCHNACK_JID_ERROR_NO_LOCALPART) &&
      !gtk_widget_has_focus (GTK_WIDGET (self->password_entry)));

  gtk_widget_set_visible (GTK_WIDGET (self->jid_error_label), show_error);
  gtk_label_set_text (self->jid_error_label, show_error ? error->message : "");
  if (show_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->jid_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->jid_entry), "error");

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button),
                            jid != NULL && password != NULL && *password != '\0');
}

static void
on_add_clicked (SchnackAddAccountDialog *self)
{
  g_autoptr(SchnackJid) jid = NULL;
  g_autoptr(SchnackAccountRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));

  jid = parse_typed_jid (self, &error);
  if (jid == NULL || *password == '\0')
    {
      validate (self);
      return;
    }

  record = schnack_account_record_new ();
  record->jid = schnack_jid_to_bare (jid);
  record->resource = g_strdup (jid->resource);

  if (schnack_account_manager_add (self->account_manager, record, password,
                                   gtk_check_button_get_active (self->remember_check),
                                   &error) == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
schnack_add_account_dialog_dispose (GObject *object)
{
  SchnackAddAccountDialog *self = SCHNACK_ADD_ACCOUNT_DIALOG (object);

  g_clear_object (&self->account_manager);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_ADD_ACCOUNT_DIALOG);

  G_OBJECT_CLASS (schnack_add_account_dialog_parent_class)->dispose (object);
}

static void
schnack_add_account_dialog_class_init (SchnackAddAccountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_add_account_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/add-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackAddAccountDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackAddAccountDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackAddAccountDialog, jid_entry);
  gtk_widget_class_bind_template_child (widget_class, SchnackAddAccountDialog, jid_error_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackAddAccountDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, SchnackAddAccountDialog, remember_check);
  gtk_widget_class_bind_template_child (widget_class, SchnackAddAccountDialog, error_label);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
schnack_add_account_dialog_init (SchnackAddAccountDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (gtk_window_close), self);
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (on_add_clicked), self);
  g_signal_connect_swapped (self->jid_entry, "changed", G_CALLBACK (validate), self);
  g_signal_connect_swapped (self->password_entry, "changed", G_CALLBACK (validate), self);
  g_signal_connect_swapped (self->password_entry, "activate", G_CALLBACK (on_add_clicked), self);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->add_button));
}

SchnackAddAccountDialog *
schnack_add_account_dialog_new (SchnackAccountManager *account_manager)
{
  SchnackAddAccountDialog *self;

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (account_manager), NULL);

  self = g_object_new (SCHNACK_TYPE_ADD_ACCOUNT_DIALOG, NULL);
  self->account_manager = g_object_ref (account_manager);
  return self;
}
