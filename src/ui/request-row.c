/* request-row.c — one person waiting for an answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Either a contact request (they want to see our status: accept, deny,
 * block) or messages from a stranger (add, ignore, block, report as
 * spam), with the latest message as a preview. Everything from them is
 * plain text. The row only says what the user chose ("answered"); the
 * Requests window carries it out, so a row may vanish meanwhile.
 */
#include "config.h"

#include "ui/request-row.h"
#include "ui/avatar.h"
#include "core/message-request.h"

#include <glib/gi18n.h>

struct _SchnackRequestRow {
  GtkListBoxRow   parent_instance;

  SchnackAvatar  *request_avatar;
  GtkLabel       *request_jid_label;
  GtkLabel       *request_detail_label;
  GtkLabel       *request_preview_label;
  GtkBox         *request_contact_actions;
  GtkBox         *request_message_actions;
  GtkButton      *request_accept_button;
  GtkButton      *request_deny_button;
  GtkButton      *request_block_button;
  GtkButton      *request_add_button;
  GtkButton      *request_ignore_button;
  GtkButton      *request_message_block_button;
  GtkButton      *request_report_button;

  SchnackAccount *account;
  GObject        *request;
};

G_DEFINE_FINAL_TYPE (SchnackRequestRow, schnack_request_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  SIGNAL_ANSWERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_message (SchnackRequestRow *self)
{
  SchnackMessageRequest *request = SCHNACK_MESSAGE_REQUEST (self->request);
  const char *preview = schnack_message_request_get_preview (request);
  guint count = schnack_message_request_get_count (request);
  g_autofree char *detail = g_strdup_printf (ngettext ("%u message", "%u messages", count), count);

  gtk_label_set_text (self->request_detail_label, detail);
  /* Plain text, never markup: a stranger wrote it. */
  gtk_label_set_text (self->request_preview_label, preview != NULL ? preview : "");
  gtk_widget_set_visible (GTK_WIDGET (self->request_preview_label), preview != NULL);
}

static void
emit_answer (SchnackRequestRow *self,
             GtkButton         *button)
{
  const char *answer = g_object_get_data (G_OBJECT (button), "answer");

  g_signal_emit (self, signals[SIGNAL_ANSWERED], g_quark_from_string (answer), answer);
}

static void
schnack_request_row_dispose (GObject *object)
{
  SchnackRequestRow *self = SCHNACK_REQUEST_ROW (object);

  if (self->request != NULL)
    g_signal_handlers_disconnect_by_data (self->request, self);
  g_clear_object (&self->request);
  g_clear_object (&self->account);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_REQUEST_ROW);
  G_OBJECT_CLASS (schnack_request_row_parent_class)->dispose (object);
}

static void
schnack_request_row_class_init (SchnackRequestRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_request_row_dispose;

  /**
   * SchnackRequestRow::answered:
   * @answer: "accept", "deny", "block", "add", "ignore" or "report-spam"
   */
  signals[SIGNAL_ANSWERED] =
    g_signal_new ("answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/request-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackRequestRow, request_avatar);
  gtk_widget_class_bind_template_child (widget_class, SchnackRequestRow, request_jid_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackRequestRow, request_detail_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackRequestRow, request_preview_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackRequestRow, request_contact_actions);
  gtk_widget_class_bind_template_child (widget_class, SchnackRequestRow, request_message_actions);
  gtk_widget_class_bind_template_child (widget_class, SchnackRequestRow, request_accept_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackRequestRow, request_deny_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackRequestRow, request_block_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackRequestRow, request_add_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackRequestRow, request_ignore_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackRequestRow, request_message_block_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackRequestRow, request_report_button);
  gtk_widget_class_bind_template_callback (widget_class, emit_answer);
}

static void
schnack_request_row_init (SchnackRequestRow *self)
{
  g_type_ensure (SCHNACK_TYPE_AVATAR);
  gtk_widget_init_template (GTK_WIDGET (self));
  g_object_set_data (G_OBJECT (self->request_accept_button), "answer", (gpointer) "accept");
  g_object_set_data (G_OBJECT (self->request_deny_button), "answer", (gpointer) "deny");
  g_object_set_data (G_OBJECT (self->request_block_button), "answer", (gpointer) "block");
  g_object_set_data (G_OBJECT (self->request_add_button), "answer", (gpointer) "add");
  g_object_set_data (G_OBJECT (self->request_ignore_button), "answer", (gpointer) "ignore");
  g_object_set_data (G_OBJECT (self->request_message_block_button), "answer", (gpointer) "block");
  g_object_set_data (G_OBJECT (self->request_report_button), "answer", (gpointer) "report-spam");
}

/**
 * schnack_request_row_new:
 * @request: a #SchnackContactRequest or a #SchnackMessageRequest
 */
SchnackRequestRow *
schnack_request_row_new (SchnackAccount *account,
                         GObject        *request)
{
  SchnackRequestRow *self;
  const char *jid;
  g_autofree char *accessible = NULL;

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (SCHNACK_IS_CONTACT_REQUEST (request) || SCHNACK_IS_MESSAGE_REQUEST (request), NULL);

  self = g_object_new (SCHNACK_TYPE_REQUEST_ROW, NULL);
  self->account = g_object_ref (account);
  self->request = g_object_ref (request);
  jid = schnack_request_row_get_jid (self);

  gtk_label_set_text (self->request_jid_label, jid);
  schnack_avatar_set_name (self->request_avatar, jid);
  schnack_avatar_set_color_key (self->request_avatar, jid);

  if (SCHNACK_IS_CONTACT_REQUEST (request))
    {
      const char *nick = schnack_contact_request_get_nick (SCHNACK_CONTACT_REQUEST (request));
      g_autofree char *detail = NULL;

      if (nick != NULL && *nick != '\0')
        {
          detail = g_strdup_printf (_("Calls themselves “%s”. Wants to see when you are online."), nick);
          schnack_avatar_set_name (self->request_avatar, nick);
        }
      gtk_label_set_text (self->request_detail_label,
                          detail != NULL ? detail : _("Wants to see when you are online."));
      gtk_widget_set_visible (GTK_WIDGET (self->request_contact_actions), TRUE);
      accessible = g_strdup_printf (_("Contact request from %s"), jid);
    }
  else
    {
      g_signal_connect_swapped (request, "notify::preview", G_CALLBACK (update_message), self);
      g_signal_connect_swapped (request, "notify::count", G_CALLBACK (update_message), self);
      update_message (self);
      gtk_widget_set_visible (GTK_WIDGET (self->request_message_actions), TRUE);
      accessible = g_strdup_printf (_("Messages from %s"), jid);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return self;
}

SchnackAccount *
schnack_request_row_get_account (SchnackRequestRow *self)
{
  g_return_val_if_fail (SCHNACK_IS_REQUEST_ROW (self), NULL);
  return self->account;
}

GObject *
schnack_request_row_get_request (SchnackRequestRow *self)
{
  g_return_val_if_fail (SCHNACK_IS_REQUEST_ROW (self), NULL);
  return self->request;
}

const char *
schnack_request_row_get_jid (SchnackRequestRow *self)
{
  g_return_val_if_fail (SCHNACK_IS_REQUEST_ROW (self), NULL);

  if (SCHNACK_IS_CONTACT_REQUEST (self->request))
    return schnack_contact_request_get_jid (SCHNACK_CONTACT_REQUEST (self->request));
  return schnack_message_request_get_jid (SCHNACK_MESSAGE_REQUEST (self->request));
}
