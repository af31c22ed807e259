/* ui-test-util.c — finding and driving widgets in in-process UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ui-test-util.h"

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
