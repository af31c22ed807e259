/* bench-roster.c — a 5,000-contact roster with everybody online
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Gives a Prosody account N contacts on an external component
 * (bulk_presence.py) that answers the presence probes Prosody sends at
 * login, so the whole roster and N presences arrive right after login,
 * the way they would from a big real roster.  Then logs in with the real
 * core (SchnackConnection + SchnackContactList, with a roster cache in a
 * temporary SchnackStore as the app has it) and measures, from
 * schnack_connection_connect():
 *
 *   - when the list is loaded with all N contacts,
 *   - when all N are available (their presence applied),
 *   - the longest main-loop stall meanwhile: a 5 ms timeout ticks on the
 *     main context; a stall is the gap between two ticks minus 5 ms,
 *   - the process's peak RSS (VmHWM) and CPU time.
 *
 * Login 1 starts without a cache (full roster from the server), login 2
 * with the cache login 1 left (roster versioning: no items sent).
 *
 *   bench-roster [--contacts N] [--logins K] [--no-store] [--timeout S]
 *
 * Run by `meson test -C _build --benchmark roster-5000`, or directly.
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
#include "core/contact-list.h"
#include "bench-component.h"
#include "prosody-fixture.h"
#include "store/accounts.h"
#include "store/store.h"
#include "test-fixture-util.h"

#define USER        "bench"
#define PASSWORD    "bench-password"
#define DOMAIN      "bulk.localhost"
#define TICK_MS     5
#define SETTLE_MS   250
#define EXIT_SKIP   77

typedef struct {
  gint64 t0;
  gint64 last;
  gint64 last_cpu;
  gint64 longest;       /* µs beyond TICK_MS */
  gint64 longest_cpu;   /* µs the main thread ran during it */
  gint64 longest_at;    /* µs after t0 */
  gint64 longest_late;  /* the longest that began after late_from */
  gint64 late_from;     /* 0 until the list is complete */
  guint  over_16ms;
  guint  over_50ms;
} StallMeter;

/* The main thread's CPU time: on a busy machine a long gap can also be
 * the scheduler's doing, not our code's. */
static gint64
thread_cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

typedef struct {
  guint               expected;
  SchnackConnection  *connection;
  SchnackContactList *contacts;
  GHashTable         *available;   /* SchnackContact (borrowed) set */
  StallMeter          meter;
  gint64              t0;
  gint64              t_online;
  gint64              t_loaded;
  gint64              t_first_presence;
  gint64              t_all_available;
} Login;

static gboolean
on_tick (gpointer user_data)
{
  StallMeter *meter = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_time ();
  gint64 stall = now - meter->last - TICK_MS * 1000;

  if (stall > meter->longest)
    {
      meter->longest = stall;
      meter->longest_cpu = MIN (cpu - meter->last_cpu, stall);
      meter->longest_at = meter->last - meter->t0;
    }
  if (meter->late_from != 0 && meter->last >= meter->late_from && stall > meter->longest_late)
    meter->longest_late = stall;
  if (stall > 16000)
    meter->over_16ms++;
  if (stall > 50000)
    meter->over_50ms++;
  meter->last = now;
  meter->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static void
on_available_changed (SchnackContact *contact,
                      GParamSpec     *pspec,
                      Login          *login)
{
  if (schnack_contact_get_available (contact))
    {
      if (login->t_first_presence == 0)
        login->t_first_presence = g_get_monotonic_time ();
      g_hash_table_add (login->available, contact);
    }
  else
    g_hash_table_remove (login->available, contact);

  if (login->t_all_available == 0 && g_hash_table_size (login->available) >= login->expected)
    login->t_all_available = g_get_monotonic_time ();
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Login      *login)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SchnackContact) contact = g_list_model_get_item (model, i);

      g_signal_connect (contact, "notify::available", G_CALLBACK (on_available_changed), login);
    }
}

static void
check_loaded (Login *login)
{
  if (login->t_loaded == 0 && schnack_contact_list_get_loaded (login->contacts) &&
      g_list_model_get_n_items (G_LIST_MODEL (login->contacts)) >= login->expected)
    {
      login->t_loaded = g_get_monotonic_time ();
      login->meter.late_from = login->t_loaded;
    }
}

static void
on_loaded (Login *login)
{
  check_loaded (login);
}

static void
on_state (Login *login)
{
  if (login->t_online == 0 &&
      schnack_connection_get_state (login->connection) == SCHNACK_CONNECTION_ONLINE)
    login->t_online = g_get_monotonic_time ();
}

static gboolean
login_done (gpointer data)
{
  Login *login = data;

  check_loaded (login);
  return login->t_loaded != 0 && login->t_all_available != 0;
}

static gboolean
is_disconnected (gpointer data)
{
  return schnack_connection_get_state (data) == SCHNACK_CONNECTION_OFFLINE;
}

static double
ms (gint64 from,
    gint64 to)
{
  return (to - from) / 1000.0;
}

static gboolean
run_login (SchnackTestProsody *server,
           SchnackStore       *store,
           gint64              account_id,
           guint               expected,
           guint               timeout_s,
           const char         *label)
{
  g_autofree char *jid = g_strdup_printf ("%s@localhost", USER);
  Login login = { .expected = expected };
  gint64 t_cache = 0;
  guint n_cached = 0;
  guint tick;
  gboolean done;

  login.available = g_hash_table_new (NULL, NULL);
  login.connection = schnack_test_connection_new (server, jid, PASSWORD);
  login.contacts = schnack_contact_list_new (login.connection, jid);
  g_signal_connect (login.contacts, "items-changed", G_CALLBACK (on_items_changed), &login);
  g_signal_connect_swapped (login.contacts, "notify::loaded", G_CALLBACK (on_loaded), &login);
  g_signal_connect_swapped (login.connection, "notify::state", G_CALLBACK (on_state), &login);

  login.t0 = login.meter.t0 = login.meter.last = g_get_monotonic_time ();
  login.meter.last_cpu = thread_cpu_time ();
  tick = g_timeout_add (TICK_MS, on_tick, &login.meter);

  /* What an app start does: show the cached list, then go online. */
  if (store != NULL)
    {
      schnack_contact_list_set_store (login.contacts, store, account_id);
      t_cache = g_get_monotonic_time ();
      n_cached = g_list_model_get_n_items (G_LIST_MODEL (login.contacts));
    }
  schnack_connection_connect (login.connection);
  done = schnack_test_wait_until (login_done, &login, timeout_s * 1000);
  /* Work queued behind the last presence still counts. */
  schnack_test_run_for (SETTLE_MS);
  g_source_remove (tick);

  printf ("%s:\n", label);
  if (store != NULL)
    printf ("  cache: %u contacts read in %.0f ms\n", n_cached, ms (login.t0, t_cache));
  if (login.t_online != 0)
    printf ("  online after %.0f ms\n", ms (login.t0, login.t_online));
  if (login.t_loaded != 0)
    printf ("  roster: %u contacts loaded in %.0f ms\n",
            g_list_model_get_n_items (G_LIST_MODEL (login.contacts)), ms (login.t0, login.t_loaded));
  else
    printf ("  roster: NOT complete after %u s (loaded=%d, %u of %u contacts)\n", timeout_s,
            schnack_contact_list_get_loaded (login.contacts),
            g_list_model_get_n_items (G_LIST_MODEL (login.contacts)), expected);
  if (login.t_all_available != 0)
    printf ("  presence: %u available after %.0f ms (first after %.0f ms)\n",
            g_hash_table_size (login.available), ms (login.t0, login.t_all_available),
            ms (login.t0, login.t_first_presence));
  else
    printf ("  presence: only %u of %u available after %u s\n",
            g_hash_table_size (login.available), expected, timeout_s);
  printf ("  longest main-loop stall: %.0f ms (main thread on the CPU for %.0f ms of it; began %.0f ms after connect)\n",
          login.meter.longest / 1000.0, login.meter.longest_cpu / 1000.0, login.meter.longest_at / 1000.0);
  printf ("  stalls over 16 ms: %u, over 50 ms: %u; longest after the roster was complete: %.0f ms\n",
          login.meter.over_16ms, login.meter.over_50ms, login.meter.longest_late / 1000.0);
  fflush (stdout);

  schnack_connection_disconnect (login.connection);
  schnack_test_wait_until (is_disconnected, login.connection, 10000);
  g_signal_handlers_disconnect_by_data (login.contacts, &login);
  g_signal_handlers_disconnect_by_data (login.connection, &login);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (login.contacts)); i++)
    {
      g_autoptr(SchnackContact) contact = g_list_model_get_item (G_LIST_MODEL (login.contacts), i);

      g_signal_handlers_disconnect_by_data (contact, &login);
    }
  g_clear_object (&login.contacts);
  g_clear_object (&login.connection);
  g_hash_table_unref (login.available);
  return done;
}

/* The peak RSS of this program: VmHWM, not getrusage()'s ru_maxrss,
 * which Linux carries across exec — run by meson it starts at the size
 * of the Python process that forked us. */
static long
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return strtol (line + strlen ("VmHWM:"), NULL, 10);
}

static void
print_usage (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  printf ("max RSS: %ld MB\n", peak_rss_kb () / 1024);
  printf ("CPU time: %.2f s (user %.2f s, system %.2f s)\n",
          usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
            (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6,
          usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6,
          usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6);
}

int
main (int    argc,
      char **argv)
{
  int n_contacts = 5000;
  int logins = 2;
  int timeout_s = 120;
  gboolean no_store = FALSE;
  GOptionEntry entries[] = {
    { "contacts", 'n', 0, G_OPTION_ARG_INT, &n_contacts, "Contacts in the roster (default 5000)", "N" },
    { "logins", 'l', 0, G_OPTION_ARG_INT, &logins, "Logins to measure; the 2nd and later use the cache (default 2)", "K" },
    { "no-store", 0, 0, G_OPTION_ARG_NONE, &no_store, "No roster cache (SchnackStore)", NULL },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout_s, "Seconds to wait for each login (default 120)", "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— a big roster, all online");
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *component = NULL;
  g_autofree char *store_dir = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *stats = NULL;
  g_autoptr(SchnackTestProsody) server = NULL;
  g_autoptr(SchnackStore) store = NULL;
  g_autoptr(GSubprocess) bulk = NULL;
  g_autoptr(GDataInputStream) bulk_events = NULL;
  SchnackTestProsodyOptions options = { .users = USER ":" PASSWORD };
  gint64 account_id = 0;
  gint64 t;
  gboolean ok = TRUE;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (n_contacts < 1 || n_contacts > 99999 || logins < 1 || timeout_s < 1)
    {
      g_printerr ("--contacts must be 1…99999, --logins and --timeout at least 1\n");
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

  t = g_get_monotonic_time ();
  if (!schnack_test_prosody_fill_roster (server, USER, NULL, n_contacts, DOMAIN, &error))
    g_error ("%s", error->message);
  printf ("server: %d contacts on %s written in %.0f ms\n", n_contacts, DOMAIN, ms (t, g_get_monotonic_time ()));

  {
    g_autofree char *contacts_arg = g_strdup_printf ("%u", (guint) n_contacts);

    bulk = bench_start_component (server, "bulk_presence.py", DOMAIN, secret, &bulk_events, &error,
                                 "--contacts", contacts_arg, NULL);
  }
  if (bulk == NULL)
    g_error ("Could not start bulk_presence.py: %s", error->message);

  if (!no_store)
    {
      g_autoptr(SchnackAccountRecord) record = schnack_account_record_new ();

      store_dir = g_dir_make_tmp ("schnack-bench-XXXXXX", &error);
      if (store_dir == NULL)
        g_error ("%s", error->message);
      store_path = g_build_filename (store_dir, "schnack.db", NULL);
      store = schnack_store_open (store_path, &error);
      if (store == NULL)
        g_error ("%s", error->message);
      record->jid = g_strdup (USER "@localhost");
      record->enabled = TRUE;
      if (!schnack_store_add_account (store, record, &error))
        g_error ("%s", error->message);
      account_id = record->id;
    }

  printf ("before login: max RSS %ld MB\n", peak_rss_kb () / 1024);

  for (int i = 1; i <= logins && ok; i++)
    {
      g_autofree char *label = g_strdup_printf ("login %d (%s)", i,
                                                store == NULL ? "no cache"
                                                : i == 1 ? "empty cache" : "cached roster");

      ok = run_login (server, store, account_id, n_contacts, timeout_s, label);
    }
  print_usage ();

  if (schnack_test_write_line (g_subprocess_get_stdin_pipe (bulk), "stats", NULL) &&
      (stats = schnack_test_read_line_sync (bulk_events, 5000, NULL)) != NULL)
    printf ("component: %s\n", stats);
  g_output_stream_close (g_subprocess_get_stdin_pipe (bulk), NULL, NULL);
  if (!schnack_test_wait_process (bulk, 5000))
    g_subprocess_force_exit (bulk);

  g_clear_object (&store);
  if (store_dir != NULL)
    schnack_test_remove_tree (store_dir);
  return ok ? 0 : 1;
}
