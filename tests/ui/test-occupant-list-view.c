/* test-occupant-list-view.c — the occupant panel of a big room, as people come and go
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In-process GTK test of SchnackOccupantListView on a room fed with
 * presences directly (no server needed, a display is): while the panel
 * shows the middle of a long list, someone above it leaving and
 * someone joining must not move the rows being looked at, and a new
 * affiliation still shows on its row.
 */
#include <adwaita.h>
#include <string.h>

#include "connection-test-util.h"
#include "core/room-private.h"
#include "ui/application.h"
#include "ui/occupant-list-view.h"
#include "ui-test-util.h"

#include <glib/gi18n.h>

#define ROOM "halle@conference.example.org"
#define N_PEOPLE 80

static void
apply_presence (SchnackRoom           *room,
                const char            *nick,
                gboolean               available,
                SchnackMucAffiliation  affiliation)
{
  SchnackMucPresence presence = {
    .room_jid = (char *) ROOM,
    .nick = (char *) nick,
    .available = available,
    .role = available ? SCHNACK_MUC_ROLE_PARTICIPANT : SCHNACK_MUC_ROLE_NONE,
    .affiliation = affiliation,
  };

  schnack_occupant_list_apply (schnack_room_get_occupants (room), &presence);
}

/* The row drawn at the top edge of the list: its nickname (or heading)
 * and, for an occupant, its badge. */
static const char *
row_at_top (GtkWidget  *list,
            const char **badge)
{
  GtkWidget *widget = gtk_widget_pick (list, gtk_widget_get_width (list) / 3.0, 12, GTK_PICK_DEFAULT);
  GtkWidget *shown;

  while (widget != NULL && !GTK_IS_STACK (widget))
    widget = gtk_widget_get_parent (widget);
  g_assert_nonnull (widget);
  shown = gtk_stack_get_visible_child (GTK_STACK (widget));
  if (badge != NULL)
    *badge = GTK_IS_LABEL (shown) ? NULL
                                  : gtk_label_get_text (GTK_LABEL (gtk_widget_get_next_sibling (
                                      gtk_widget_get_first_child (shown))));
  if (GTK_IS_LABEL (shown))
    return gtk_label_get_text (GTK_LABEL (shown));
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (shown)));
}

/* A menu button on screen (rows of headings hide theirs). */
static GtkWidget *
find_shown_menu_button (GtkWidget *root)
{
  if (GTK_IS_MENU_BUTTON (root) && gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_shown_menu_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
list_filled (gpointer data)
{
  GtkWidget *list = data;

  return gtk_widget_get_width (list) > 0 &&
         g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))) == N_PEOPLE + 1;
}

static void
test_rows_stay_put (void)
{
  g_autoptr(SchnackConnection) connection = schnack_connection_new ("me@example.org");
  g_autoptr(SchnackRoom) room = schnack_room_new (connection, ROOM, "me", NULL);
  GtkWidget *window = gtk_window_new ();
  SchnackOccupantListView *view = g_object_new (SCHNACK_TYPE_OCCUPANT_LIST_VIEW, NULL);
  g_autofree char *top = NULL;
  GtkAdjustment *adjustment;
  const char *badge = NULL;
  GtkWidget *list;

  for (guint i = 0; i < N_PEOPLE; i++)
    {
      g_autofree char *nick = g_strdup_printf ("p%02u", i);

      apply_presence (room, nick, TRUE, SCHNACK_MUC_AFFILIATION_NONE);
    }
  gtk_window_set_default_size (GTK_WINDOW (window), 260, 320);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  schnack_occupant_list_view_set_room (view, NULL, room);
  gtk_window_present (GTK_WINDOW (window));
  list = schnack_test_find_widget_of_type (GTK_WIDGET (view), GTK_TYPE_LIST_VIEW);
  g_assert_true (schnack_test_wait_until (list_filled, list, 5000));

  /* Scrolled to the middle of the list. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  gtk_adjustment_set_value (adjustment, (gtk_adjustment_get_upper (adjustment) -
                                         gtk_adjustment_get_page_size (adjustment)) / 2);
  schnack_test_run_for (300);
  top = g_strdup (row_at_top (list, NULL));
  g_assert_true (g_str_has_prefix (top, "p"));
  g_assert_cmpstr (top, >, "p10");

  /* Someone far above leaves, someone new comes: the same row on top. */
  apply_presence (room, "p03", FALSE, SCHNACK_MUC_AFFILIATION_NONE);
  schnack_test_run_for (300);
  g_assert_cmpstr (row_at_top (list, NULL), ==, top);
  apply_presence (room, "p00a", TRUE, SCHNACK_MUC_AFFILIATION_NONE);
  schnack_test_run_for (300);
  g_assert_cmpstr (row_at_top (list, NULL), ==, top);
  schnack_test_take_screenshot ("occupant-list-middle.png");

  /* A new affiliation, with no move in the list, shows on that row. */
  apply_presence (room, top, TRUE, SCHNACK_MUC_AFFILIATION_MEMBER);
  schnack_test_run_for (300);
  g_assert_cmpstr (row_at_top (list, &badge), ==, top);
  g_assert_cmpstr (badge, ==, _("Member"));

  /* Resting on a person's menu button tells whose actions it has. */
  {
    GtkWidget *menu = find_shown_menu_button (list);
    g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
    gboolean shown = FALSE;

    g_assert_nonnull (menu);
    g_assert_true (gtk_widget_get_has_tooltip (menu));
    g_signal_emit_by_name (menu, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
    g_assert_true (shown);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("SKIP: no display (run under Xvfb)\n");
      return 77;
    }
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  schnack_ui_register_resources ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/occupant-list-view/rows-stay-put", test_rows_stay_put);
  return g_test_run ();
}
