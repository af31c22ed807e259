/* ui-test-util.c — finding and driving widgets in in-process UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ui-test-util.h"

#include "connection-test-util.h"

/* Template children keep the id they have in the .ui file. */
GtkWidget *
schnack_test_find_widget (GtkWidget  *root,
                          const char *buildable_id)
{
  const char *id;

  if (root == NULL)
    return NULL;
  id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (root));
  if (g_strcmp0 (id, buildable_id) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = schnack_test_find_widget (child, buildable_id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
schnack_test_type_text (GtkWidget  *editable,
                        const char *text)
{
  g_assert_true (GTK_IS_EDITABLE (editable));
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

/* What a click does: only a visible, sensitive button reacts. */
void
schnack_test_click (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

GtkWidget *
schnack_test_find_window_of_type (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

/* The realized message row under @root whose message has @body (rows
 * exist only for what the list has realized, around the visible part). */
SchnackMessageRow *
schnack_test_find_message_row (GtkWidget  *root,
                               const char *body)
{
  if (SCHNACK_IS_MESSAGE_ROW (root))
    {
      SchnackChatMessage *message = schnack_message_row_get_message (SCHNACK_MESSAGE_ROW (root));

      if (message != NULL && g_strcmp0 (schnack_chat_message_get_body (message), body) == 0)
        return SCHNACK_MESSAGE_ROW (root);
      return NULL;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      SchnackMessageRow *found = schnack_test_find_message_row (child, body);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct {
  GtkWidget  *root;
  const char *body;
} MessageRowWait;

static gboolean
message_row_shown (gpointer data)
{
  MessageRowWait *wait = data;

  return schnack_test_find_message_row (wait->root, wait->body) != NULL;
}

/* Fails the test if no such row appears within @timeout_ms. */
SchnackMessageRow *
schnack_test_wait_for_message_row (GtkWidget  *root,
                                   const char *body,
                                   guint       timeout_ms)
{
  MessageRowWait wait = { root, body };

  g_assert_true (schnack_test_wait_until (message_row_shown, &wait, timeout_ms));
  return schnack_test_find_message_row (root, body);
}
