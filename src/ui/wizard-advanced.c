/* wizard-advanced.c — host, port and direct TLS, folded away
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Most people never open this: the server's address comes from DNS.
 * It is for servers without SRV records, test servers on odd ports, and
 * XEP-0368 direct TLS. Empty fields mean "find it out"; what is typed is
 * checked as it is typed, and the row stays open while it is wrong.
 */
#include "config.h"

#include "ui/wizard-advanced.h"
#include "xmpp/jid.h"

#include <glib/gi18n.h>

struct _SchnackWizardAdvanced {
  AdwExpanderRow  parent_instance;

  GtkEntry       *host_entry;
  GtkEntry       *port_entry;
  GtkSwitch      *direct_tls_switch;
  GtkLabel       *host_error_label;
  GtkLabel       *port_error_label;
};

G_DEFINE_FINAL_TYPE (SchnackWizardAdvanced, schnack_wizard_advanced, ADW_TYPE_EXPANDER_ROW)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
stripped_text (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static gboolean
check_host (SchnackWizardAdvanced  *self,
            char                  **out_host,
            GError                **error)
{
  g_autofree char *text = stripped_text (self->host_entry);
  g_autoptr(SchnackJid) jid = NULL;

  if (*text == '\0')
    {
      if (out_host != NULL)
        *out_host = NULL;
      return TRUE;
    }
  jid = schnack_jid_parse (text, error);
  if (jid == NULL)
    return FALSE;
  if (jid->localpart != NULL || jid->resource != NULL)
    {
      g_set_error (error, SCHNACK_JID_ERROR, SCHNACK_JID_ERROR_DOMAIN,
                   _("Type only a host name or an IP address here."));
      return FALSE;
    }
  if (out_host != NULL)
    *out_host = g_strdup (jid->domain);
  return TRUE;
}

static gboolean
check_port (SchnackWizardAdvanced  *self,
            guint16                *out_port,
            GError                **error)
{
  g_autofree char *text = stripped_text (self->port_entry);
  guint64 port = 0;

  if (*text != '\0' &&
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT16, &port, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The port is a number from 1 to 65535."));
      return FALSE;
    }
  if (out_port != NULL)
    *out_port = (guint16) port;
  return TRUE;
}

static void
show_error (GtkEntry     *entry,
            GtkLabel     *label,
            const GError *error)
{
  gtk_widget_set_visible (GTK_WIDGET (label), error != NULL);
  gtk_label_set_text (label, error != NULL ? error->message : "");
  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               error != NULL ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static void
on_changed (SchnackWizardAdvanced *self)
{
  g_autoptr(GError) host_error = NULL;
  g_autoptr(GError) port_error = NULL;

  check_host (self, NULL, &host_error);
  check_port (self, NULL, &port_error);
  show_error (self->host_entry, self->host_error_label, host_error);
  show_error (self->port_entry, self->port_error_label, port_error);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/**
 * schnack_wizard_advanced_dup_host:
 *
 * Returns: (nullable): the host to connect to, normalized, or %NULL to
 *   look it up from the domain
 */
char *
schnack_wizard_advanced_dup_host (SchnackWizardAdvanced *self)
{
  char *host = NULL;

  g_return_val_if_fail (SCHNACK_IS_WIZARD_ADVANCED (self), NULL);

  if (!check_host (self, &host, NULL))
    return NULL;
  return host;
}

/**
 * schnack_wizard_advanced_get_port:
 *
 * Returns: the port, or 0 for the default
 */
guint16
schnack_wizard_advanced_get_port (SchnackWizardAdvanced *self)
{
  guint16 port = 0;

  g_return_val_if_fail (SCHNACK_IS_WIZARD_ADVANCED (self), 0);

  if (!check_port (self, &port, NULL))
    return 0;
  return port;
}

gboolean
schnack_wizard_advanced_get_direct_tls (SchnackWizardAdvanced *self)
{
  g_return_val_if_fail (SCHNACK_IS_WIZARD_ADVANCED (self), FALSE);
  return gtk_switch_get_active (self->direct_tls_switch);
}

gboolean
schnack_wizard_advanced_is_valid (SchnackWizardAdvanced *self)
{
  g_return_val_if_fail (SCHNACK_IS_WIZARD_ADVANCED (self), FALSE);
  return check_host (self, NULL, NULL) && check_port (self, NULL, NULL);
}

void
schnack_wizard_advanced_reset (SchnackWizardAdvanced *self)
{
  g_return_if_fail (SCHNACK_IS_WIZARD_ADVANCED (self));

  gtk_editable_set_text (GTK_EDITABLE (self->host_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->port_entry), "");
  gtk_switch_set_active (self->direct_tls_switch, FALSE);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), FALSE);
}

static void
on_expanded_changed (SchnackWizardAdvanced *self)
{
  /* Folding away a wrong value would hide why "Continue" is off. */
  if (!adw_expander_row_get_expanded (ADW_EXPANDER_ROW (self)) &&
      !schnack_wizard_advanced_is_valid (self))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
}

static void
schnack_wizard_advanced_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SCHNACK_TYPE_WIZARD_ADVANCED);

  G_OBJECT_CLASS (schnack_wizard_advanced_parent_class)->dispose (object);
}

static void
schnack_wizard_advanced_class_init (SchnackWizardAdvancedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_wizard_advanced_dispose;

  /**
   * SchnackWizardAdvanced::changed:
   *
   * A setting changed; check schnack_wizard_advanced_is_valid().
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/wizard-advanced.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardAdvanced, host_entry);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardAdvanced, port_entry);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardAdvanced, direct_tls_switch);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardAdvanced, host_error_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardAdvanced, port_error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_expanded_changed);
}

static void
schnack_wizard_advanced_init (SchnackWizardAdvanced *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
