/* bench-room.c — a room with 1,000 occupants and a burst of 10,000 messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A slixmpp component (bulk_room.py) on the test Prosody plays a big,
 * busy room. The real core (SchnackAccount with its SchnackRoomList,
 * outbox and store in a temporary directory) joins it and then takes a
 * burst of messages, and this program measures:
 *
 *   - join: from schnack_room_list_join() until the room is joined with
 *     all N occupants in its list,
 *   - burst: from the first to the last of M stored messages (and from
 *     the flood command to the last),
 *   - the longest main-loop stall meanwhile: a 5 ms G_PRIORITY_HIGH timeout
 *     ticks on the main context (as bench-catchup's probe); a stall is the
 *     gap between two ticks minus 5 ms,
 *   - how long the main thread worked on the burst (its CPU time: what
 *     ingesting costs, apart from how fast Prosody can deliver), and the
 *     longest lag from a message's arrival (parsed on the connection
 *     thread) to its row in the store,
 *   - the same burst handed to the core at once (as if Prosody could
 *     deliver it that fast): the core's own ingest time and stalls,
 *   - reading every row of the occupant list (what scrolling does),
 *   - peak RSS and CPU time.
 *
 *   bench-room [--occupants N] [--messages M] [--timeout S]
 *
 * Run by `meson test -C _build --benchmark room-10000`, or directly.
 * Exits 77 (skipped) without Prosody.
 */
#include <gio/gio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "connection-test-util.h"
#include "core/account.h"
#include "core/room-list.h"
#include "prosody-fixture.h"
#include "bench-component.h"
#include "stall-meter.h"
#include "store/accounts.h"
#include "test-fixture-util.h"

#define USER      "bench"
#define PASSWORD  "bench-password"
#define DOMAIN    "bulkroom.localhost"
#define ROOM      "crowd@" DOMAIN
#define TICK_MS   5
#define EXIT_SKIP 77


typedef struct {
  StallMeter  meter;
  gint64      max_lag;    /* µs from arrival to stored */
  guint       stored;
  gint64      t_first;
  gint64      t_last;
  guint       wanted;
} Burst;

static void
on_message_stored (SchnackAccount       *account,
                   SchnackMessageRecord *record,
                   Burst                *burst)
{
  gint64 now = g_get_monotonic_time ();

  burst->max_lag = MAX (burst->max_lag, g_get_real_time () - record->received_at);
  if (burst->stored++ == 0)
    burst->t_first = now;
  if (burst->stored == burst->wanted)
    burst->t_last = now;
}


static double
ms (gint64 from,
    gint64 to)
{
  return (to - from) / 1000.0;
}


typedef struct {
  SchnackRoomList *rooms;
  guint            next;
  guint            total;
} Replay;

/* Hands the core 500 messages per main-loop iteration, as the
 * connection's event queue does with a backlog. */
static gboolean
replay_some (gpointer user_data)
{
  Replay *replay = user_data;
  gint64 now = g_get_real_time ();

  for (guint n = 0; n < 500 && replay->next < replay->total; n++, replay->next++)
    {
      g_autoptr(SchnackIncomingMessage) message = g_new0 (SchnackIncomingMessage, 1);

      message->from = g_strdup_printf (ROOM "/u%04u", replay->next % 1000 + 1);
      message->to = g_strdup (USER "@localhost/schnack");
      message->type = g_strdup ("groupchat");
      message->id = g_strdup_printf ("r%u", replay->next);
      message->stanza_id = g_uuid_string_random ();
      message->stanza_id_by = g_strdup (ROOM);
      message->body = g_strdup_printf ("Replayed message %u in a busy room", replay->next);
      message->sent_at = now;
      message->received_at = now;
      schnack_room_list_handle_message (replay->rooms, message);
    }
  return replay->next < replay->total ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
account_online (gpointer data)
{
  return schnack_account_get_state (data) == SCHNACK_CONNECTION_ONLINE;
}

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

static gboolean
burst_done (gpointer data)
{
  Burst *burst = data;

  return burst->stored >= burst->wanted;
}

int
main (int    argc,
      char **argv)
{
  int n_occupants = 1000;
  int n_messages = 10000;
  int timeout_s = 120;
  GOptionEntry entries[] = {
    { "occupants", 'n', 0, G_OPTION_ARG_INT, &n_occupants, "Occupants in the room (default 1000)", "N" },
    { "messages", 'm', 0, G_OPTION_ARG_INT, &n_messages, "Messages in the burst (default 10000)", "M" },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout_s, "Seconds to wait for each phase (default 120)", "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— a crowded room and a burst of messages");
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *component = NULL;
  g_autofree char *store_dir = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *command = NULL;
  g_autoptr(SchnackTestProsody) server = NULL;
  g_autoptr(SchnackStore) store = NULL;
  g_autoptr(SchnackAccountRecord) record = schnack_account_record_new ();
  g_autoptr(SchnackAccount) account = NULL;
  g_autoptr(GSubprocess) bulk = NULL;
  g_autoptr(GDataInputStream) bulk_events = NULL;
  SchnackTestProsodyOptions options = { .users = USER ":" PASSWORD };
  SchnackRoomList *rooms;
  SchnackRoom *room;
  GListModel *occupants;
  JoinWait join_wait;
  Burst burst = { 0 };
  StallMeter join_meter;
  gint64 t_join, t_joined, t_command, t, cpu_before;
  struct rusage usage;
  gboolean ok = TRUE;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (n_occupants < 1 || n_occupants > 9999 || n_messages < 1 || timeout_s < 1)
    {
      g_printerr ("--occupants must be 1…9999, --messages and --timeout at least 1\n");
      return 2;
    }
  if (!schnack_test_prosody_available (&reason))
    {
      printf ("skipped: %s\n", reason);
      return EXIT_SKIP;
    }

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

  store_dir = g_dir_make_tmp ("schnack-bench-room-XXXXXX", &error);
  if (store_dir == NULL)
    g_error ("%s", error->message);
  store_path = g_build_filename (store_dir, "schnack.db", NULL);
  store = schnack_store_open (store_path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  record->jid = g_strdup (USER "@localhost");
  record->enabled = TRUE;
  record->host = g_strdup ("127.0.0.1");
  record->port = schnack_test_prosody_get_c2s_port (server);
  if (!schnack_store_add_account (store, record, &error))
    g_error ("%s", error->message);

  account = schnack_account_new (store, record);
  schnack_account_set_ca_file (account, schnack_test_prosody_get_ca_file (server));
  schnack_account_connect_with_password (account, PASSWORD);
  if (!schnack_test_wait_until (account_online, account, timeout_s * 1000))
    g_error ("The account did not come online");
  rooms = schnack_account_get_rooms (account);
  schnack_room_list_set_self_ping_interval (rooms, 0);
  g_signal_connect (account, "message-stored", G_CALLBACK (on_message_stored), &burst);

  /* Join: N occupants arrive as N presences. */
  stall_meter_start (&join_meter, G_PRIORITY_HIGH, TICK_MS);
  t_join = g_get_monotonic_time ();
  room = schnack_room_list_join (rooms, ROOM, "bench", NULL);
  join_wait.room = room;
  join_wait.occupants = n_occupants + 1;
  if (!schnack_test_wait_until (room_full, &join_wait, timeout_s * 1000))
    {
      printf ("join: FAILED (state %d, %u occupants)\n", schnack_room_get_state (room),
              g_list_model_get_n_items (G_LIST_MODEL (schnack_room_get_occupants (room))));
      return 1;
    }
  t_joined = g_get_monotonic_time ();
  printf ("join: %d occupants in the list after %.0f ms; longest main-loop stall %.1f ms, "
          "%u stalls > 16 ms, %u > 50 ms (main thread's own longest %.1f ms)\n",
          n_occupants, ms (t_join, t_joined), join_meter.longest / 1000.0,
          join_meter.over_16ms, join_meter.over_50ms, join_meter.longest_busy / 1000.0);
  stall_meter_stop (&join_meter);

  /* Scrolling the occupant list reads rows by position. */
  occupants = G_LIST_MODEL (schnack_room_get_occupants (room));
  t = g_get_monotonic_time ();
  for (guint i = 0; i < g_list_model_get_n_items (occupants); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (occupants, i);
    }
  printf ("occupant list: all %u rows read in %.2f ms (sorted by role, then nick)\n",
          g_list_model_get_n_items (occupants), ms (t, g_get_monotonic_time ()));

  /* The burst. */
  schnack_test_run_for (300);
  burst.stored = 0;
  burst.wanted = n_messages;
  stall_meter_start (&burst.meter, G_PRIORITY_HIGH, TICK_MS);
  command = g_strdup_printf ("flood %d\n", n_messages);
  t_command = g_get_monotonic_time ();
  cpu_before = stall_meter_thread_cpu ();
  if (!g_output_stream_write_all (g_subprocess_get_stdin_pipe (bulk), command, strlen (command),
                                  NULL, NULL, &error))
    g_error ("%s", error->message);
  if (!schnack_test_wait_until (burst_done, &burst, timeout_s * 1000))
    {
      printf ("burst: FAILED, %u of %d messages stored\n", burst.stored, n_messages);
      ok = FALSE;
    }
  else
    {
      double ingest = ms (burst.t_first, burst.t_last);

      printf ("burst: %d messages stored, first to last %.0f ms (%.0f messages/s), "
              "flood command to last %.0f ms\n",
              n_messages, ingest, n_messages / (ingest / 1000.0), ms (t_command, burst.t_last));
      double main_cpu = (stall_meter_thread_cpu () - cpu_before) / 1000.0;

      printf ("burst: main thread busy %.0f ms for all %d (%.0f µs each); longest lag from arrival "
              "to stored %.1f ms\n", main_cpu, n_messages, main_cpu * 1000.0 / n_messages,
              burst.max_lag / 1000.0);
      printf ("burst: longest main-loop stall %.1f ms, %u stalls > 16 ms, %u > 50 ms; "
              "by the main thread's own CPU time: longest %.1f ms, %u > 50 ms\n",
              burst.meter.longest / 1000.0, burst.meter.over_16ms, burst.meter.over_50ms,
              burst.meter.longest_busy / 1000.0, burst.meter.busy_over_50ms);
      printf ("live: no stall > 50 ms: %s\n", burst.meter.over_50ms == 0 ? "met" : "MISSED");
    }
  stall_meter_stop (&burst.meter);

  /* The same amount at once: what the core itself costs. */
  {
    Replay replay = { rooms, 0, n_messages };
    gint64 t_start;
    double ingest;

    burst.stored = 0;
    burst.max_lag = 0;
    stall_meter_start (&burst.meter, G_PRIORITY_HIGH, TICK_MS);
    t_start = g_get_monotonic_time ();
    cpu_before = stall_meter_thread_cpu ();
    g_idle_add (replay_some, &replay);
    if (!schnack_test_wait_until (burst_done, &burst, timeout_s * 1000))
      {
        printf ("replay: FAILED, %u of %d messages stored\n", burst.stored, n_messages);
        ok = FALSE;
      }
    else
      {
        ingest = ms (t_start, burst.t_last);
        printf ("replay: %d messages handed to the core at once, all stored after %.0f ms "
                "(main thread busy %.0f ms)\n", n_messages, ingest,
                (stall_meter_thread_cpu () - cpu_before) / 1000.0);
        printf ("replay: longest main-loop stall %.1f ms, %u stalls > 16 ms, %u > 50 ms; "
                "by the main thread's own CPU time: longest %.1f ms, %u > 50 ms\n",
                burst.meter.longest / 1000.0, burst.meter.over_16ms, burst.meter.over_50ms,
                burst.meter.longest_busy / 1000.0, burst.meter.busy_over_50ms);
        printf ("target (10,000 ingested < 1000 ms, no stall > 50 ms): %s\n",
                ingest < 1000 && burst.meter.over_50ms == 0 ? "met" : "MISSED");
      }
    stall_meter_stop (&burst.meter);
  }

  printf ("stored in the room's history: %" G_GINT64_FORMAT "\n",
          schnack_store_count_messages (store, record->id, ROOM));

  getrusage (RUSAGE_SELF, &usage);
  printf ("max RSS: %ld MB; CPU time: %.2f s\n", stall_meter_rss_kb ("VmHWM:") / 1024,
          usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
            (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6);

  schnack_account_stop (account);
  g_clear_object (&account);
  g_subprocess_force_exit (bulk);
  return ok ? 0 : 1;
}
