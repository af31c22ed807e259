/* bench-room-ui.c — the occupant panel of a room with 1,000 occupants, scrolled
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The room of bench-room (bulk_room.py plays it on the test Prosody),
 * this time in the real window: Schnack joins it, opens it with the
 * occupant panel shown, and scrolls the panel from top to bottom in
 * mouse-wheel steps, then back up a page at a time. After each step it
 * waits for the frame that follows and takes its cost from the window's
 * frame clock (under Xvfb it ticks; GSK_RENDERER=cairo as in the tests):
 * layout (update + layout phases: rows coming into view are bound and
 * measured) and drawing (the paint phase: snapshot and render). It prints:
 *
 *   - open: from opening the room until the panel lists everyone and a
 *     frame of it is drawn; what opening the chat and showing the panel
 *     took by themselves, and the costliest frame meanwhile,
 *   - per scroll step: layout and drawing, median, 95th percentile, max,
 *   - the longest main-loop stall meanwhile (stall-meter),
 *   - how many row widgets the list made (it recycles them: GTK 4.8
 *     keeps about 200 around the view, however long the list),
 *   - churn: occupants leaving and coming back 50 times a second while
 *     the panel shows the middle of the list (main thread time, frames,
 *     stalls),
 *   - the same scrolling while 10,000 messages arrive in the room,
 *   - peak RSS.
 *
 *   bench-room-ui [--occupants N] [--churn C] [--messages M] [--timeout S]
 *
 * Run by `meson test -C _build --benchmark room-ui-1000 -v` (on a
 * display: DISPLAY=:91), or directly. Exits 77 (skipped) without a
 * display or Prosody.
 */
#include <adwaita.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connection-test-util.h"
#include "core/conversation-list.h"
#include "core/room-list.h"
#include "prosody-fixture.h"
#include "bench-component.h"
#include "stall-meter.h"
#include "test-fixture-util.h"
#include "ui/application.h"
#include "ui/occupant-list-view.h"
#include "ui-test-util.h"

#define PASSWORD  "bench-password"
#define DOMAIN    "bulkroom.localhost"
#define ROOM      "crowd@" DOMAIN
#define TICK_MS   5
#define EXIT_SKIP 77

static double
ms (gint64 from,
    gint64 to)
{
  return (to - from) / 1000.0;
}

/* ------------------------------------------------------------ the panel */

typedef struct {
  GtkWidget  *list_view;      /* the panel's GtkListView */
  GHashTable *rows_seen;      /* every row widget the list has had */
  guint       most_rows;      /* the most at one time */
} Panel;

static void
count_rows (Panel *panel)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (panel->list_view); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_hash_table_add (panel->rows_seen, child);
      n++;
    }
  panel->most_rows = MAX (panel->most_rows, n);
}

typedef struct {
  gint64 layout;   /* µs: the frame clock's update and layout phases */
  gint64 draw;     /* its paint phase: snapshot and render */
} StepCost;

/* Times the phases of each frame the window's frame clock runs. */
typedef struct {
  guint  frames;
  gint64 t_before_paint;
  gint64 t_layout_done;
  gint64 t_after_paint;
  gint64 longest_layout;   /* since the last reset */
  gint64 longest_draw;
} FrameWatch;

static FrameWatch frame_watch;

static void
on_before_paint (GdkFrameClock *clock,
                 FrameWatch    *watch)
{
  watch->t_before_paint = g_get_monotonic_time ();
}

/* Connected after GTK's own layout handler: layout is done. */
static void
on_layout_done (GdkFrameClock *clock,
                FrameWatch    *watch)
{
  watch->t_layout_done = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                FrameWatch    *watch)
{
  watch->t_after_paint = g_get_monotonic_time ();
  watch->longest_layout = MAX (watch->longest_layout, watch->t_layout_done - watch->t_before_paint);
  watch->longest_draw = MAX (watch->longest_draw, watch->t_after_paint - watch->t_layout_done);
  watch->frames++;
}

static gboolean
frame_painted (gpointer data)
{
  return frame_watch.frames > GPOINTER_TO_UINT (data);
}

/* What the next frame costs, once the list has something to redo
 * (rows come into view: bound and laid out, then drawn). The frame
 * clock does tick under Xvfb; should it not, this gives up after a
 * second and counts zero. */
static StepCost
next_frame (Panel *panel)
{
  guint before = frame_watch.frames;
  StepCost cost = { 0, 0 };

  gtk_widget_queue_draw (panel->list_view);
  if (schnack_test_wait_until (frame_painted, GUINT_TO_POINTER (before), 1000))
    {
      cost.layout = frame_watch.t_layout_done - frame_watch.t_before_paint;
      cost.draw = frame_watch.t_after_paint - frame_watch.t_layout_done;
    }
  count_rows (panel);
  return cost;
}

/* Lets the main loop run what is pending (the stall meter included). */
static void
settle (void)
{
  for (int i = 0; i < 100 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

static int
compare_gint64 (const void *a,
                const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static double
percentile_ms (GArray *values,
               double  fraction)
{
  guint index;

  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_gint64);
  index = MIN (values->len - 1, (guint) floor (fraction * (values->len - 1) + 0.5));
  return g_array_index (values, gint64, index) / 1000.0;
}

typedef struct {
  guint  steps;
  GArray *layout;    /* gint64 µs per step */
  GArray *draw;
  GArray *total;
  gint64 elapsed;
} ScrollRun;

static void
scroll_run_clear (ScrollRun *run)
{
  g_clear_pointer (&run->layout, g_array_unref);
  g_clear_pointer (&run->draw, g_array_unref);
  g_clear_pointer (&run->total, g_array_unref);
}

/* From the top to the bottom in steps of @step pixels (a negative step
 * goes back up), a forced frame after each. */
static void
scroll_through (Panel     *panel,
                double     step,
                ScrollRun *run)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (panel->list_view));
  gint64 t_start = g_get_monotonic_time ();

  run->layout = g_array_new (FALSE, FALSE, sizeof (gint64));
  run->draw = g_array_new (FALSE, FALSE, sizeof (gint64));
  run->total = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_adjustment_set_value (adjustment, step > 0 ? 0 : gtk_adjustment_get_upper (adjustment));
  next_frame (panel);
  settle ();
  for (;;)
    {
      double end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
      double value = gtk_adjustment_get_value (adjustment);
      StepCost cost;
      gint64 total;

      if ((step > 0 && value >= end) || (step < 0 && value <= 0))
        break;
      gtk_adjustment_set_value (adjustment, CLAMP (value + step, 0, end));
      cost = next_frame (panel);
      total = cost.layout + cost.draw;
      g_array_append_val (run->layout, cost.layout);
      g_array_append_val (run->draw, cost.draw);
      g_array_append_val (run->total, total);
      run->steps++;
      settle ();
    }
  run->elapsed = g_get_monotonic_time () - t_start;
}

static void
print_run (const char *what,
           ScrollRun  *run)
{
  printf ("%s: %u steps in %.0f ms; per step layout median %.2f ms, p95 %.2f ms, max %.2f ms; "
          "draw median %.2f ms, p95 %.2f ms, max %.2f ms; layout+draw max %.2f ms\n",
          what, run->steps, run->elapsed / 1000.0,
          percentile_ms (run->layout, 0.5), percentile_ms (run->layout, 0.95), percentile_ms (run->layout, 1),
          percentile_ms (run->draw, 0.5), percentile_ms (run->draw, 0.95), percentile_ms (run->draw, 1),
          percentile_ms (run->total, 1));
}

/* ------------------------------------------------------------ waiting */

typedef struct {
  SchnackRoom *room;
  guint        occupants;
} JoinWait;

static gboolean
room_full (gpointer data)
{
  JoinWait *wait = data;

  return schnack_room_get_state (wait->room) == SCHNACK_ROOM_STATE_JOINED &&
         g_list_model_get_n_items (G_LIST_MODEL (schnack_room_get_occupants (wait->room))) >= wait->occupants;
}

typedef struct {
  GtkWidget *panel;
  guint      entries;   /* occupants and role headings */
} PanelWait;

static gboolean
panel_listed (gpointer data)
{
  PanelWait *wait = data;
  GtkWidget *list = schnack_test_find_widget_of_type (wait->panel, GTK_TYPE_LIST_VIEW);

  return list != NULL && gtk_widget_get_mapped (list) && gtk_widget_get_width (list) > 0 &&
         gtk_widget_get_first_child (list) != NULL &&
         g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))) >= wait->entries;
}

typedef struct {
  guint  stored;
  guint  wanted;
  gint64 t_last;
} Burst;

static void
on_occupants_changed (GListModel *occupants,
                      guint       position,
                      guint       removed,
                      guint       added,
                      guint      *changes)
{
  *changes += removed + added;
}

typedef struct {
  guint *changes;
  guint  wanted;
} ChurnWait;

static gboolean
churn_done (gpointer data)
{
  ChurnWait *wait = data;

  return *wait->changes >= wait->wanted;
}

static void
on_message_stored (SchnackAccount *account,
                   gpointer        record,
                   Burst          *burst)
{
  if (++burst->stored == burst->wanted)
    burst->t_last = g_get_monotonic_time ();
}

int
main (int    argc,
      char **argv)
{
  int n_occupants = 1000;
  int n_messages = 10000;
  int n_churn = 200;
  int timeout_s = 120;
  GOptionEntry entries[] = {
    { "occupants", 'n', 0, G_OPTION_ARG_INT, &n_occupants, "Occupants in the room (default 1000)", "N" },
    { "messages", 'm', 0, G_OPTION_ARG_INT, &n_messages, "Messages arriving while scrolling (default 10000)", "M" },
    { "churn", 'c', 0, G_OPTION_ARG_INT, &n_churn, "Occupants leaving and coming back (default 200)", "C" },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout_s, "Seconds to wait for each phase (default 120)", "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— the occupant panel of a crowded room");
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *component = NULL;
  g_autofree char *command = NULL;
  g_autoptr(SchnackTestProsody) server = NULL;
  g_autoptr(GSubprocess) bulk = NULL;
  g_autoptr(GDataInputStream) bulk_events = NULL;
  SchnackTestProsodyOptions options = { 0 };
  SchnackTestAccountWindow me;
  SchnackRoom *room;
  GtkWidget *occupant_panel;
  Panel panel = { 0 };
  JoinWait join_wait;
  PanelWait panel_wait;
  StallMeter meter;
  ScrollRun wheel = { 0 }, pages = { 0 }, busy = { 0 };
  Burst burst = { 0 };
  StepCost first;
  GtkAdjustment *adjustment;
  GdkFrameClock *clock;
  guint frames;
  gint64 t0, t_opened, t_toggled, t_listed, t_drawn;
  gboolean ok = TRUE;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (n_occupants < 1 || n_occupants > 9999 || n_messages < 0 || timeout_s < 1)
    {
      g_printerr ("--occupants must be 1…9999, --messages at least 0, --timeout at least 1\n");
      return 2;
    }
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("skipped: no display (run under Xvfb)\n");
      return EXIT_SKIP;
    }
  if (!schnack_test_prosody_available (&reason))
    {
      printf ("skipped: %s\n", reason);
      return EXIT_SKIP;
    }
  if (!gtk_init_check ())
    {
      printf ("skipped: cannot open the display\n");
      return EXIT_SKIP;
    }
  adw_init ();
  schnack_ui_register_resources ();
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, "gtk-enable-animations", FALSE, NULL);

  secret = g_uuid_string_random ();
  component = g_strdup_printf ("%s:%s", DOMAIN, secret);
  options.component = component;
  server = schnack_test_prosody_start (&options, &error);
  if (server == NULL)
    g_error ("%s", error->message);
  {
    g_autofree char *occupants_arg = g_strdup_printf ("%u", (guint) n_occupants);

    bulk = bench_start_component (server, "bulk_room.py", DOMAIN, secret, &bulk_events, &error,
                                 "--occupants", occupants_arg, NULL);
  }
  if (bulk == NULL)
    g_error ("Could not start bulk_room.py: %s", error->message);

  schnack_test_account_window_init (&me, server, "bench", PASSWORD);
  schnack_test_account_window_open (&me, TRUE);
  schnack_room_list_set_self_ping_interval (schnack_account_get_rooms (me.account), 0);
  gtk_widget_realize (GTK_WIDGET (me.window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (me.window));
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), &frame_watch);
  g_signal_connect_after (clock, "layout", G_CALLBACK (on_layout_done), &frame_watch);
  g_signal_connect_after (clock, "after-paint", G_CALLBACK (on_after_paint), &frame_watch);
  g_signal_connect (me.account, "message-stored", G_CALLBACK (on_message_stored), &burst);

  /* In the room first (as bench-room measures), then on screen. */
  room = schnack_room_list_join (schnack_account_get_rooms (me.account), ROOM, "bench", NULL);
  join_wait = (JoinWait) { room, n_occupants + 1 };
  if (!schnack_test_wait_until (room_full, &join_wait, timeout_s * 1000))
    g_error ("The room was not joined with all %d occupants", n_occupants);
  /* As the join dialog does: the room becomes a chat, which the window opens. */
  if (!schnack_conversation_list_open_room (schnack_account_get_conversations (me.account), ROOM, &error))
    g_error ("%s", error->message);
  schnack_test_run_for (300);

  stall_meter_start (&meter, G_PRIORITY_HIGH, TICK_MS);
  frame_watch.longest_layout = frame_watch.longest_draw = 0;
  t0 = g_get_monotonic_time ();
  schnack_window_open_conversation (me.window, me.account, ROOM);
  t_opened = g_get_monotonic_time ();
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (schnack_test_find_widget (GTK_WIDGET (me.window),
                                                                             "room_occupants_button")), TRUE);
  t_toggled = g_get_monotonic_time ();
  occupant_panel = schnack_test_find_widget (GTK_WIDGET (me.window), "room_occupant_list_view");
  g_assert (SCHNACK_IS_OCCUPANT_LIST_VIEW (occupant_panel));
  /* Everyone, plus a heading per role (moderators, participants). */
  panel_wait = (PanelWait) { occupant_panel, n_occupants + 1 + 2 };
  if (!schnack_test_wait_until (panel_listed, &panel_wait, timeout_s * 1000))
    {
      GtkWidget *list = schnack_test_find_widget_of_type (occupant_panel, GTK_TYPE_LIST_VIEW);

      g_error ("The occupant panel did not list everyone: %s, %s, %u of %u entries",
               list != NULL && gtk_widget_get_mapped (list) ? "shown" : "not shown",
               list != NULL && gtk_widget_get_first_child (list) != NULL ? "with rows" : "no rows",
               list != NULL ? g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list))))
                            : 0, panel_wait.entries);
    }
  t_listed = g_get_monotonic_time ();
  panel.list_view = schnack_test_find_widget_of_type (occupant_panel, GTK_TYPE_LIST_VIEW);
  panel.rows_seen = g_hash_table_new (NULL, NULL);
  first = next_frame (&panel);
  t_drawn = g_get_monotonic_time ();
  settle ();
  printf ("open: room shown with its panel listing %d occupants after %.0f ms, a frame of it "
          "drawn after %.0f ms; longest main-loop stall %.1f ms\n",
          n_occupants, ms (t0, t_listed), ms (t0, t_drawn), meter.longest / 1000.0);
  printf ("open: opening the chat took %.1f ms, showing the panel %.1f ms; the costliest frame meanwhile: "
          "layout %.1f ms, draw %.1f ms (the one after: %.1f + %.1f ms)\n",
          ms (t0, t_opened), ms (t_opened, t_toggled), frame_watch.longest_layout / 1000.0,
          frame_watch.longest_draw / 1000.0, first.layout / 1000.0, first.draw / 1000.0);
  stall_meter_stop (&meter);

  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (panel.list_view));
  printf ("panel: %.0f px of rows in a %.0f px view (%d px wide)\n", gtk_adjustment_get_upper (adjustment),
          gtk_adjustment_get_page_size (adjustment), gtk_widget_get_width (panel.list_view));

  /* A mouse wheel's step (GTK's: page size^(2/3)), then a page at a time. */
  stall_meter_start (&meter, G_PRIORITY_HIGH, TICK_MS);
  frames = frame_watch.frames;
  scroll_through (&panel, pow (gtk_adjustment_get_page_size (adjustment), 2.0 / 3.0), &wheel);
  print_run ("scroll down by wheel steps", &wheel);
  scroll_through (&panel, -gtk_adjustment_get_page_size (adjustment), &pages);
  print_run ("scroll up by pages", &pages);
  printf ("scroll: longest main-loop stall %.1f ms, %u stalls > 16 ms, %u > 50 ms; "
          "frames the frame clock painted meanwhile: %u\n",
          meter.longest / 1000.0, meter.over_16ms, meter.over_50ms, frame_watch.frames - frames);
  stall_meter_stop (&meter);
  printf ("rows: %u row widgets made for %u entries (at most %u at once)\n",
          g_hash_table_size (panel.rows_seen),
          g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (panel.list_view)))),
          panel.most_rows);
  /* GTK 4.8's list view keeps up to about 200 rows around the view. */
  if (g_hash_table_size (panel.rows_seen) > 250)
    {
      printf ("rows: MISSED, the list should recycle its rows\n");
      ok = FALSE;
    }

  /* People leave and come back (50 a second) while the panel shows the
   * middle of the list. */
  if (n_churn > 0)
    {
      guint changes = 0;
      ChurnWait churn = { &changes, 2 * n_churn };
      double middle = floor ((gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment)) / 2);
      gint64 cpu_before;
      g_autofree char *churn_command = g_strdup_printf ("churn %d\n", n_churn);
      gulong handler;

      gtk_adjustment_set_value (adjustment, middle);
      next_frame (&panel);
      handler = g_signal_connect (schnack_room_get_occupants (room), "items-changed",
                                  G_CALLBACK (on_occupants_changed), &changes);
      frames = frame_watch.frames;
      frame_watch.longest_layout = frame_watch.longest_draw = 0;
      stall_meter_start (&meter, G_PRIORITY_HIGH, TICK_MS);
      cpu_before = stall_meter_thread_cpu ();
      t0 = g_get_monotonic_time ();
      if (!g_output_stream_write_all (g_subprocess_get_stdin_pipe (bulk), churn_command, strlen (churn_command),
                                      NULL, NULL, &error))
        g_error ("%s", error->message);
      while (!churn_done (&churn) && ms (t0, g_get_monotonic_time ()) < timeout_s * 1000)
        g_main_context_iteration (NULL, TRUE);
      schnack_test_run_for (100);
      printf ("churn: %d leaves and comes back in %.0f ms with the panel in the middle of the list: "
              "main thread busy %.0f ms, %u frames, the costliest layout %.1f ms, draw %.1f ms; "
              "longest main-loop stall %.1f ms, %u > 16 ms, %u > 50 ms\n",
              n_churn, ms (t0, g_get_monotonic_time ()), (stall_meter_thread_cpu () - cpu_before) / 1000.0,
              frame_watch.frames - frames, frame_watch.longest_layout / 1000.0, frame_watch.longest_draw / 1000.0,
              meter.longest / 1000.0, meter.over_16ms, meter.over_50ms);
      if (!churn_done (&churn))
        {
          printf ("churn: FAILED, %u of %u changes seen\n", changes, churn.wanted);
          ok = FALSE;
        }
      stall_meter_stop (&meter);
      g_signal_handler_disconnect (schnack_room_get_occupants (room), handler);
    }

  /* Scrolling up and down while the room floods. */
  if (n_messages > 0)
    {
      gint64 t_command;

      burst = (Burst) { 0, n_messages, 0 };
      command = g_strdup_printf ("flood %d\n", n_messages);
      stall_meter_start (&meter, G_PRIORITY_HIGH, TICK_MS);
      t_command = g_get_monotonic_time ();
      if (!g_output_stream_write_all (g_subprocess_get_stdin_pipe (bulk), command, strlen (command),
                                      NULL, NULL, &error))
        g_error ("%s", error->message);
      busy.layout = g_array_new (FALSE, FALSE, sizeof (gint64));
      busy.draw = g_array_new (FALSE, FALSE, sizeof (gint64));
      busy.total = g_array_new (FALSE, FALSE, sizeof (gint64));
      while (burst.stored < burst.wanted && ms (t_command, g_get_monotonic_time ()) < timeout_s * 1000)
        {
          ScrollRun run = { 0 };

          scroll_through (&panel, (busy.steps / 20) % 2 == 0 ? gtk_adjustment_get_page_size (adjustment) / 2
                                                            : -gtk_adjustment_get_page_size (adjustment) / 2,
                          &run);
          g_array_append_vals (busy.layout, run.layout->data, run.layout->len);
          g_array_append_vals (busy.draw, run.draw->data, run.draw->len);
          g_array_append_vals (busy.total, run.total->data, run.total->len);
          busy.steps += run.steps;
          scroll_run_clear (&run);
        }
      busy.elapsed = g_get_monotonic_time () - t_command;
      if (burst.stored < burst.wanted)
        {
          printf ("flood: FAILED, %u of %d messages stored\n", burst.stored, n_messages);
          ok = FALSE;
        }
      else
        printf ("flood: %d messages stored %.0f ms after the command, while scrolling\n",
                n_messages, ms (t_command, burst.t_last));
      print_run ("scroll while messages arrive", &busy);
      printf ("flood: longest main-loop stall %.1f ms, %u stalls > 16 ms, %u > 50 ms "
              "(by the main thread's own CPU time: longest %.1f ms)\n",
              meter.longest / 1000.0, meter.over_16ms, meter.over_50ms, meter.longest_busy / 1000.0);
      stall_meter_stop (&meter);
      printf ("rows: %u row widgets made in all\n", g_hash_table_size (panel.rows_seen));
    }

  printf ("max RSS: %ld MB\n", stall_meter_rss_kb ("VmHWM:") / 1024);

  g_signal_handlers_disconnect_by_data (clock, &frame_watch);
  scroll_run_clear (&wheel);
  scroll_run_clear (&pages);
  scroll_run_clear (&busy);
  g_hash_table_unref (panel.rows_seen);
  schnack_test_account_window_clear (&me);
  g_subprocess_force_exit (bulk);
  return ok ? 0 : 1;
}
