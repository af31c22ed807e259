/* account-row.c — one account and its connection state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows the state at a glance (a coloured dot and one line of text) and
 * offers the two things a user can do about a failure here: trust a
 * certificate after checking its fingerprint, or type the password when
 * the keyring has none.
 */
#include "config.h"

#include "ui/account-row.h"

#include <glib/gi18n.h>

struct _SchnackAccountRow {
  GtkListBoxRow     parent_instance;

  GtkLabel         *state_dot;
  GtkLabel         *jid_label;
  GtkLabel         *status_label;
  GtkBox           *certificate_box;
  GtkLabel         *certificate_label;
  GtkButton        *trust_button;
  GtkBox           *password_box;
  GtkPasswordEntry *password_entry;
  GtkButton        *sign_in_button;

  SchnackAccount   *account;
};

G_DEFINE_FINAL_TYPE (SchnackAccountRow, schnack_account_row, GTK_TYPE_LIST_BOX_ROW)

/* "ab12cd…" → "AB:12:CD:…", the way certificate viewers show it. */
static char *
format_fingerprint (const char *hex)
{
  GString *formatted = g_string_new (NULL);

  for (gsize i = 0; hex[i] != '\0'; i++)
    {
      if (i > 0 && i % 2 == 0)
        g_string_append_c (formatted, ':');
      g_string_append_c (formatted, g_ascii_toupper (hex[i]));
    }
  return g_string_free (formatted, FALSE);
}

static void
update_state (SchnackAccountRow *self)
{
  SchnackConnection *connection = schnack_account_get_connection (self->account);
  SchnackConnectionState state = schnack_account_get_state (self->account);
  const GError *failure = schnack_connection_get_failure (connection);
  const char *status = schnack_account_get_status_text (self->account);
  gboolean certificate_problem = state == SCHNACK_CONNECTION_FAILED &&
    g_error_matches (failure, SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_CERTIFICATE) &&
    schnack_connection_get_certificate_sha256 (connection) != NULL;
  static const char *dot_classes[] = { "success", "warning", "error", "dim-label" };
  const char *dot_class;

  /* Network text is shown as plain text: GtkLabel only parses markup when
   * asked to, and we never ask. */
  gtk_label_set_text (self->status_label, status != NULL ? status : "");

  switch (state)
    {
    case SCHNACK_CONNECTION_ONLINE:
      dot_class = "success";
      break;
    case SCHNACK_CONNECTION_CONNECTING:
      dot_class = "warning";
      break;
    case SCHNACK_CONNECTION_FAILED:
      dot_class = "error";
      break;
    case SCHNACK_CONNECTION_OFFLINE:
    default:
      dot_class = "dim-label";
      break;
    }
  for (guint i = 0; i < G_N_ELEMENTS (dot_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_dot), dot_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->state_dot), dot_class);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->state_dot),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, status != NULL ? status : "",
                                  -1);

  gtk_widget_set_visible (GTK_WIDGET (self->certificate_box), certificate_problem);
  if (certificate_problem)
    {
      g_autofree char *fingerprint =
        format_fingerprint (schnack_connection_get_certificate_sha256 (connection));
      const char *subject = schnack_connection_get_certificate_subject (connection);
      g_autofree char *text =
        g_strdup_printf (_("SHA-256 fingerprint:\n%s\nIssued to: %s"),
                         fingerprint, subject != NULL ? subject : _("unknown"));

      gtk_label_set_text (self->certificate_label, text);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->password_box),
                          schnack_account_get_needs_password (self->account) ||
                          (state == SCHNACK_CONNECTION_FAILED &&
                           g_error_matches (failure, SCHNACK_CONNECTION_ERROR,
                                            SCHNACK_CONNECTION_ERROR_AUTHENTICATION)));
}

static void
on_trust_clicked (SchnackAccountRow *self)
{
  SchnackConnection *connection = schnack_account_get_connection (self->account);
  const char *sha256 = schnack_connection_get_certificate_sha256 (connection);
  g_autoptr(GError) error = NULL;

  if (sha256 == NULL)
    return;
  if (!schnack_account_trust_certificate (self->account, sha256, &error))
    gtk_label_set_text (self->status_label, error->message);
}

static void
on_sign_in_clicked (SchnackAccountRow *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));

  if (password == NULL || *password == '\0')
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      return;
    }
  schnack_account_connect_with_password (self->account, password);
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
}

static void
schnack_account_row_dispose (GObject *object)
{
  SchnackAccountRow *self = SCHNACK_ACCOUNT_ROW (object);

  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_clear_object (&self->account);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_ACCOUNT_ROW);

  G_OBJECT_CLASS (schnack_account_row_parent_class)->dispose (object);
}

static void
schnack_account_row_class_init (SchnackAccountRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_account_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/account-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountRow, state_dot);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountRow, jid_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountRow, certificate_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountRow, certificate_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountRow, trust_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountRow, password_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountRow, password_entry);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountRow, sign_in_button);
}

static void
schnack_account_row_init (SchnackAccountRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->trust_button, "clicked", G_CALLBACK (on_trust_clicked), self);
  g_signal_connect_swapped (self->sign_in_button, "clicked", G_CALLBACK (on_sign_in_clicked), self);
  g_signal_connect_swapped (self->password_entry, "activate", G_CALLBACK (on_sign_in_clicked), self);
}

SchnackAccountRow *
schnack_account_row_new (SchnackAccount *account)
{
  SchnackAccountRow *self;

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (account), NULL);

  self = g_object_new (SCHNACK_TYPE_ACCOUNT_ROW, NULL);
  self->account = g_object_ref (account);
  gtk_label_set_text (self->jid_label, schnack_account_get_jid (account));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, schnack_account_get_jid (account),
                                  -1);
  g_signal_connect_swapped (account, "notify::state", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (account, "notify::status-text", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (account, "notify::needs-password", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (account, "notify::certificate-sha256", G_CALLBACK (update_state), self);
  update_state (self);
  return self;
}
