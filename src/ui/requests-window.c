/* requests-window.c — contact requests and messages from strangers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everyone waiting for an answer, from all accounts: people who want to
 * see our status, and people not in the contact list who wrote to us
 * (kept apart from the conversations: spam protection). Each answer is
 * carried out here and confirmed with a toast, since the row it came
 * from disappears as soon as the request is settled.
 */
#include "config.h"

#include "ui/requests-window.h"
#include "ui/request-row.h"
#include "core/message-request.h"

#include <glib/gi18n.h>

struct _SchnackRequestsWindow {
  AdwWindow              parent_instance;

  AdwToastOverlay       *requests_toast_overlay;
  GtkStack              *requests_stack;
  GtkBox                *requests_contacts_box;
  GtkListBox            *requests_contacts_list;
  GtkBox                *requests_messages_box;
  GtkListBox            *requests_messages_list;

  SchnackAccountManager *manager;
  GListModel            *contact_requests;
  GListModel            *message_requests;
};

G_DEFINE_FINAL_TYPE (SchnackRequestsWindow, schnack_requests_window, ADW_TYPE_WINDOW)

/* Toast titles are markup; what goes in is escaped. */
static void G_GNUC_PRINTF (2, 3)
toast (SchnackRequestsWindow *self,
       const char            *format,
       ...)
{
  g_autofree char *title = NULL;
  va_list args;

  va_start (args, format);
  title = g_markup_vprintf_escaped (format, args);
  va_end (args);
  adw_toast_overlay_add_toast (self->requests_toast_overlay, adw_toast_new (title));
}

static void
update_sections (SchnackRequestsWindow *self)
{
  guint contacts = g_list_model_get_n_items (self->contact_requests);
  guint messages = g_list_model_get_n_items (self->message_requests);

  gtk_widget_set_visible (GTK_WIDGET (self->requests_contacts_box), contacts > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->requests_messages_box), messages > 0);
  gtk_stack_set_visible_child_name (self->requests_stack, contacts + messages > 0 ? "requests" : "empty");
}

typedef struct {
  SchnackRequestsWindow *window;
  char                  *jid;
  gboolean               report_spam;
} Answer;

static void
answer_free (Answer *answer)
{
  g_object_unref (answer->window);
  g_free (answer->jid);
  g_free (answer);
}

static Answer *
answer_new (SchnackRequestsWindow *self,
            const char            *jid,
            gboolean               report_spam)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->window = g_object_ref (self);
  answer->jid = g_strdup (jid);
  answer->report_spam = report_spam;
  return answer;
}

static void
on_blocked (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Answer *answer = user_data;
  g_autoptr(GError) error = NULL;

  if (!schnack_contact_list_block_finish (SCHNACK_CONTACT_LIST (source), result, &error))
    toast (answer->window, _("Could not block %s: %s"), answer->jid, error->message);
  else if (answer->report_spam)
    toast (answer->window, _("Reported %s as spam and blocked them"), answer->jid);
  else
    toast (answer->window, _("Blocked %s"), answer->jid);
  answer_free (answer);
}

static void
on_added (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Answer *answer = user_data;
  g_autoptr(GError) error = NULL;

  if (schnack_contact_list_add_contact_finish (SCHNACK_CONTACT_LIST (source), result, &error))
    toast (answer->window, _("Added %s. They are asked to confirm."), answer->jid);
  else
    toast (answer->window, _("Could not add %s: %s"), answer->jid, error->message);
  answer_free (answer);
}

static void
on_answered (SchnackRequestsWindow *self,
             const char            *answer,
             SchnackRequestRow     *row)
{
  SchnackAccount *account = schnack_request_row_get_account (row);
  SchnackContactList *contacts = schnack_account_get_contacts (account);
  g_autofree char *jid = g_strdup (schnack_request_row_get_jid (row));

  if (g_str_equal (answer, "accept"))
    {
      schnack_contact_list_accept_request (contacts, jid);
      toast (self, _("Accepted %s"), jid);
    }
  else if (g_str_equal (answer, "deny"))
    {
      schnack_contact_list_deny_request (contacts, jid);
      toast (self, _("Declined %s"), jid);
    }
  else if (g_str_equal (answer, "block") || g_str_equal (answer, "report-spam"))
    {
      gboolean report = g_str_equal (answer, "report-spam");

      schnack_contact_list_block_async (contacts, jid, report, NULL, on_blocked, answer_new (self, jid, report));
    }
  else if (g_str_equal (answer, "add"))
    schnack_contact_list_add_contact_async (contacts, jid, NULL, NULL, NULL, on_added, answer_new (self, jid, FALSE));
  else if (g_str_equal (answer, "ignore"))
    {
      schnack_account_dismiss_message_request (account, jid);
      toast (self, _("Ignored %s"), jid);
    }
}

static gboolean
model_contains (GListModel *model,
                gpointer    item)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) candidate = g_list_model_get_item (model, i);

      if (candidate == item)
        return TRUE;
    }
  return FALSE;
}

/* Requests do not name their account; the lists are short. */
static SchnackAccount *
find_account (SchnackRequestsWindow *self,
              GObject               *request)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->manager));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackAccount) account = g_list_model_get_item (G_LIST_MODEL (self->manager), i);
      GListModel *requests = SCHNACK_IS_CONTACT_REQUEST (request)
        ? schnack_contact_list_get_requests (schnack_account_get_contacts (account))
        : schnack_account_get_message_requests (account);

      if (model_contains (requests, request))
        return account;
    }
  return NULL;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  SchnackRequestsWindow *self = user_data;
  SchnackAccount *account = find_account (self, item);
  SchnackRequestRow *row;

  if (account == NULL)
    return gtk_label_new (NULL);
  row = schnack_request_row_new (account, item);
  g_signal_connect_object (row, "answered", G_CALLBACK (on_answered), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (row);
}

static gpointer
map_contact_requests (gpointer item,
                      gpointer user_data)
{
  g_autoptr(SchnackAccount) account = item;

  return g_object_ref (schnack_contact_list_get_requests (schnack_account_get_contacts (account)));
}

static gpointer
map_message_requests (gpointer item,
                      gpointer user_data)
{
  g_autoptr(SchnackAccount) account = item;

  return g_object_ref (schnack_account_get_message_requests (account));
}

static void
schnack_requests_window_dispose (GObject *object)
{
  SchnackRequestsWindow *self = SCHNACK_REQUESTS_WINDOW (object);

  if (self->contact_requests != NULL)
    g_signal_handlers_disconnect_by_data (self->contact_requests, self);
  if (self->message_requests != NULL)
    g_signal_handlers_disconnect_by_data (self->message_requests, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_REQUESTS_WINDOW);
  g_clear_object (&self->contact_requests);
  g_clear_object (&self->message_requests);
  g_clear_object (&self->manager);
  G_OBJECT_CLASS (schnack_requests_window_parent_class)->dispose (object);
}

static void
schnack_requests_window_class_init (SchnackRequestsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_requests_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/requests-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackRequestsWindow, requests_toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SchnackRequestsWindow, requests_stack);
  gtk_widget_class_bind_template_child (widget_class, SchnackRequestsWindow, requests_contacts_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackRequestsWindow, requests_contacts_list);
  gtk_widget_class_bind_template_child (widget_class, SchnackRequestsWindow, requests_messages_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackRequestsWindow, requests_messages_list);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
schnack_requests_window_init (SchnackRequestsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * schnack_requests_window_new:
 * @parent: (nullable): the main window
 */
SchnackRequestsWindow *
schnack_requests_window_new (GtkWindow             *parent,
                             SchnackAccountManager *manager)
{
  SchnackRequestsWindow *self;
  GtkMapListModel *lists;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (manager), NULL);

  self = g_object_new (SCHNACK_TYPE_REQUESTS_WINDOW, "transient-for", parent, NULL);
  self->manager = g_object_ref (manager);

  lists = gtk_map_list_model_new (g_object_ref (G_LIST_MODEL (manager)), map_contact_requests, NULL, NULL);
  self->contact_requests = G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (lists)));
  lists = gtk_map_list_model_new (g_object_ref (G_LIST_MODEL (manager)), map_message_requests, NULL, NULL);
  self->message_requests = G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (lists)));

  gtk_list_box_bind_model (self->requests_contacts_list, self->contact_requests, create_row, self, NULL);
  gtk_list_box_bind_model (self->requests_messages_list, self->message_requests, create_row, self, NULL);
  g_signal_connect_swapped (self->contact_requests, "items-changed", G_CALLBACK (update_sections), self);
  g_signal_connect_swapped (self->message_requests, "items-changed", G_CALLBACK (update_sections), self);
  update_sections (self);
  return self;
}
