/* bench-catchup.c — catching up on 10,000 messages after being away
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An account with a history of --history-chats conversations logs in
 * once and goes offline. Then --senders contacts (bulk_messages.py, one
 * external component playing u0001…uK@bulk.localhost, all on the
 * account's roster) write --messages messages to it: they land in its
 * server archive (MAM) only — or, with --offline-storage, as Prosody
 * does by default, also in offline storage, which delivers them all at
 * login, and the archive then only repeats them. The account logs in again —
 * the real core, SchnackAccount with its store, no UI — and catches up.
 * Measured from the connect:
 *
 *   - when all messages are stored (counted by "message-stored"), and
 *     when the catch-up is over (the archive read to its end),
 *   - the longest main-loop stall, and how many stalls were over 16 ms
 *     and over 50 ms: a G_PRIORITY_HIGH timeout ticks every 5 ms (see
 *     stall-meter.h); and the same at GTK's redraw priority, which waits
 *     for every ready default-priority source (network events) too,
 *   - peak RSS and CPU time.
 *
 * Then it checks that every message is in the store exactly once and in
 * each chat in the order it was written, and that the conversation list
 * model agrees with the store. Target (issue #5): no stall over 50 ms.
 *
 *   bench-catchup [--messages N] [--senders K] [--history-chats N] [--timeout S]
 *                 [--offline-storage]
 *
 * Run by `meson test -C _build --benchmark catchup-10000 -v`, or
 * directly. Exits 77 (skipped) without Prosody.
 */
#include <gio/gio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "connection-test-util.h"
#include "core/account.h"
#include "core/conversation-list.h"
#include "prosody-fixture.h"
#include "bench-component.h"
#include "stall-meter.h"
#include "store/accounts.h"
#include "store/conversations.h"
#include "store/messages.h"
#include "store/store.h"
#include "test-fixture-util.h"

#define USER        "bench"
#define PASSWORD    "bench-password"
#define DOMAIN      "bulk.localhost"
#define TICK_MS     5
/* GDK_PRIORITY_REDRAW: where GTK lays out and draws (below G_PRIORITY_DEFAULT). */
#define REDRAW_PRIORITY (G_PRIORITY_HIGH_IDLE + 20)
#define SETTLE_MS   500
#define EXIT_SKIP   77

typedef struct {
  guint  expected;
  guint  stored;
  guint  stored_archived;
  gint64 t0;
  gint64 t_online;
  gint64 t_first;
  gint64 t_all;
} Catchup;

static void
on_message_stored (SchnackAccount       *account,
                   SchnackMessageRecord *record,
                   Catchup              *catchup)
{
  if (!g_str_has_suffix (record->conversation_jid, "@" DOMAIN))
    return;
  catchup->stored++;
  if (catchup->t_first == 0)
    catchup->t_first = g_get_monotonic_time ();
  if (catchup->t_all == 0 && catchup->stored >= catchup->expected)
    catchup->t_all = g_get_monotonic_time ();
}

static void
on_state (SchnackAccount *account,
          GParamSpec     *pspec,
          Catchup        *catchup)
{
  if (catchup->t_online == 0 && schnack_account_get_state (account) == SCHNACK_CONNECTION_ONLINE)
    catchup->t_online = g_get_monotonic_time ();
}

static gboolean
account_online (gpointer data)
{
  return schnack_account_get_state (data) == SCHNACK_CONNECTION_ONLINE;
}

static gboolean
account_offline (gpointer data)
{
  return schnack_account_get_state (data) == SCHNACK_CONNECTION_OFFLINE;
}

typedef struct {
  SchnackAccount *account;
  Catchup        *catchup;
} DoneWait;

static gboolean
caught_up (gpointer data)
{
  DoneWait *wait = data;

  return wait->catchup->t_all != 0 && !schnack_account_get_catching_up (wait->account);
}

static gboolean
sync_idle (gpointer data)
{
  return account_online (data) && !schnack_account_get_catching_up (data);
}

static double
ms (gint64 from,
    gint64 to)
{
  return (to - from) / 1000.0;
}

/* The history a long-used account has: chats that are not part of the
 * catch-up, so the conversation list is not just the new ones. */
static void
fill_history (SchnackStore *store,
              gint64        account_id,
              guint         n_chats)
{
  gint64 long_ago = g_get_real_time () - (gint64) 30 * 24 * 3600 * G_USEC_PER_SEC;

  for (guint i = 0; i < n_chats; i++)
    {
      g_autoptr(SchnackMessageRecord) record = schnack_message_record_new ();
      g_autoptr(GError) error = NULL;

      record->account_id = account_id;
      record->conversation_jid = g_strdup_printf ("old%04u@example.test", i);
      record->direction = SCHNACK_MESSAGE_DIRECTION_OUTGOING;
      record->sender = g_strdup (USER "@localhost");
      record->body = g_strdup_printf ("An old message to chat %u", i);
      record->sent_at = long_ago + i * G_USEC_PER_SEC;
      record->delivery_state = SCHNACK_DELIVERY_STATE_READ;
      if (!schnack_store_insert_message (store, record, NULL, &error))
        g_error ("%s", error->message);
    }
}

/* Every message once, and in each chat in the order it was written
 * (bodies start with "#NNNNN", numbered across all chats). */
static gboolean
verify_store (SchnackStore *store,
              gint64        account_id,
              guint         n_messages,
              guint         n_senders)
{
  g_autofree gboolean *seen = g_new0 (gboolean, n_messages + 1);
  guint total = 0, duplicates = 0, out_of_order = 0, foreign = 0;

  for (guint s = 1; s <= n_senders; s++)
    {
      g_autofree char *jid = g_strdup_printf ("u%04u@%s", s, DOMAIN);
      gint64 before_sent_at = 0, before_id = 0;
      guint newer = G_MAXUINT;

      for (;;)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) page = schnack_store_list_messages (store, account_id, jid, before_sent_at,
                                                                   before_id, 500, &error);

          if (page == NULL)
            g_error ("%s", error->message);
          if (page->len == 0)
            break;
          /* Pages go back in time; each is oldest first. */
          for (guint i = page->len; i > 0; i--)
            {
              SchnackMessageRecord *record = g_ptr_array_index (page, i - 1);
              guint number = 0;

              if (record->body == NULL || sscanf (record->body, "#%u", &number) != 1 ||
                  number < 1 || number > n_messages)
                {
                  foreign++;
                  continue;
                }
              total++;
              if (seen[number])
                duplicates++;
              seen[number] = TRUE;
              if (number >= newer)
                out_of_order++;
              newer = number;
            }
          before_sent_at = ((SchnackMessageRecord *) g_ptr_array_index (page, 0))->sent_at;
          before_id = ((SchnackMessageRecord *) g_ptr_array_index (page, 0))->id;
        }
    }

  printf ("  check: %u of %u in the store, %u duplicates, %u out of order, %u unexpected\n",
          total - duplicates, n_messages, duplicates, out_of_order, foreign);
  return total == n_messages && duplicates == 0 && out_of_order == 0 && foreign == 0;
}

/* The in-memory conversation list (what the UI shows) matches the table. */
static gboolean
verify_conversations (SchnackStore   *store,
                      SchnackAccount *account)
{
  GListModel *list = G_LIST_MODEL (schnack_account_get_conversations (account));
  g_autoptr(GPtrArray) rows = schnack_store_list_conversations (store, schnack_account_get_id (account),
                                                                FALSE, NULL);
  guint mismatches = 0;

  if (rows == NULL || rows->len != g_list_model_get_n_items (list))
    {
      printf ("  check: conversation list has %u chats, the store %u\n",
              g_list_model_get_n_items (list), rows != NULL ? rows->len : 0);
      return FALSE;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      SchnackConversationRecord *row = g_ptr_array_index (rows, i);
      g_autoptr(SchnackConversation) item = g_list_model_get_item (list, i);

      if (!g_str_equal (row->jid, schnack_conversation_get_jid (item)) ||
          row->unread_count != schnack_conversation_get_unread_count (item))
        mismatches++;
    }
  printf ("  check: conversation list of %u chats, %u differ from the store\n", rows->len, mismatches);
  return mismatches == 0;
}

static void
print_usage (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  printf ("RSS: peak %ld MB, now %ld MB\n", stall_meter_rss_kb ("VmHWM:") / 1024,
          stall_meter_rss_kb ("VmRSS:") / 1024);
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
  int n_messages = 10000;
  int n_senders = 20;
  int history_chats = 1000;
  int timeout_s = 600;
  gboolean offline_storage = FALSE;
  GOptionEntry entries[] = {
    { "messages", 'n', 0, G_OPTION_ARG_INT, &n_messages, "Messages written while away (default 10000)", "N" },
    { "senders", 'k', 0, G_OPTION_ARG_INT, &n_senders, "Contacts writing them (default 20)", "K" },
    { "history-chats", 0, 0, G_OPTION_ARG_INT, &history_chats, "Older chats in the history (default 1000)", "N" },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout_s, "Seconds to wait for the catch-up (default 600)", "S" },
    { "offline-storage", 0, 0, G_OPTION_ARG_NONE, &offline_storage,
      "The server also keeps them in offline storage and its archive in files (Prosody's defaults)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— catching up on many messages");
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *component = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *command = NULL;
  g_autofree char *line = NULL;
  g_autoptr(SchnackTestProsody) server = NULL;
  g_autoptr(SchnackStore) store = NULL;
  g_autoptr(SchnackAccountRecord) record = schnack_account_record_new ();
  g_autoptr(SchnackAccount) account = NULL;
  g_autoptr(GSubprocess) bulk = NULL;
  g_autoptr(GDataInputStream) bulk_events = NULL;
  SchnackTestProsodyOptions options = { .users = USER ":" PASSWORD };
  Catchup catchup = { 0, };
  DoneWait wait = { NULL, &catchup };
  StallMeter meter;
  StallMeter redraw;
  gboolean done, ok;
  gint64 t;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (n_messages < 1 || n_messages > 99999 || n_senders < 1 || n_senders > 9999 ||
      history_chats < 0 || timeout_s < 1)
    {
      g_printerr ("--messages must be 1…99999, --senders 1…9999\n");
      return 2;
    }
  if (!schnack_test_prosody_available (&reason))
    {
      printf ("skipped: %s\n", reason);
      return EXIT_SKIP;
    }

  /* Avatars and the like go into a temporary home, not the user's. */
  tmp_dir = g_dir_make_tmp ("schnack-bench-XXXXXX", &error);
  if (tmp_dir == NULL)
    g_error ("%s", error->message);
  {
    g_autofree char *cache = g_build_filename (tmp_dir, "cache", NULL);
    g_autofree char *data = g_build_filename (tmp_dir, "data", NULL);

    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
    g_setenv ("XDG_DATA_HOME", data, TRUE);
  }

  secret = g_uuid_string_random ();
  component = g_strdup_printf ("%s:%s", DOMAIN, secret);
  options.component = component;
  options.archive_only = !offline_storage;
  server = schnack_test_prosody_start (&options, &error);
  if (server == NULL)
    g_error ("%s", error->message);
  if (!schnack_test_prosody_fill_roster (server, USER, NULL, n_senders, DOMAIN, &error))
    g_error ("%s", error->message);
  bulk = bench_start_component (server, "bulk_messages.py", DOMAIN, secret, &bulk_events, &error, NULL);
  if (bulk == NULL)
    g_error ("Could not start bulk_messages.py: %s", error->message);

  store_path = g_build_filename (tmp_dir, "schnack.db", NULL);
  store = schnack_store_open (store_path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  record->jid = g_strdup (USER "@localhost");
  record->host = g_strdup ("127.0.0.1");
  record->port = schnack_test_prosody_get_c2s_port (server);
  record->enabled = TRUE;
  if (!schnack_store_add_account (store, record, &error))
    g_error ("%s", error->message);
  fill_history (store, record->id, history_chats);

  account = schnack_account_new (store, record);
  schnack_account_set_ca_file (account, schnack_test_prosody_get_ca_file (server));

  /* Been here before: logged in, caught up, gone. */
  schnack_account_connect_with_password (account, PASSWORD);
  if (!schnack_test_wait_until (sync_idle, account, 30000))
    g_error ("The first login did not finish");
  schnack_test_run_for (SETTLE_MS);
  schnack_account_stop (account);
  if (!schnack_test_wait_until (account_offline, account, 10000))
    g_error ("Could not go offline");

  /* Meanwhile, everybody writes. */
  t = g_get_monotonic_time ();
  command = g_strdup_printf ("write %s@localhost %d %d", USER, n_messages, n_senders);
  if (!schnack_test_write_line (g_subprocess_get_stdin_pipe (bulk), command, &error) ||
      (line = schnack_test_read_line_sync (bulk_events, timeout_s * 1000, &error)) == NULL ||
      strstr (line, "\"written\"") == NULL)
    g_error ("bulk_messages.py: %s", line != NULL ? line : error->message);
  printf ("server: %d messages from %d contacts archived in %.0f ms (%s)\n", n_messages, n_senders,
          ms (t, g_get_monotonic_time ()), line);
  printf ("server: %s\n", offline_storage ? "offline storage delivers them at login, the archive (in files) has them too"
                                          : "only in the archive (in memory), no offline storage");
  printf ("store: %d older chats; before login: peak RSS %ld MB\n", history_chats,
          stall_meter_rss_kb ("VmHWM:") / 1024);

  /* Back: log in and catch up. */
  catchup.expected = n_messages;
  wait.account = account;
  g_signal_connect (account, "message-stored", G_CALLBACK (on_message_stored), &catchup);
  g_signal_connect (account, "notify::state", G_CALLBACK (on_state), &catchup);
  catchup.t0 = g_get_monotonic_time ();
  stall_meter_start (&meter, G_PRIORITY_HIGH, TICK_MS);
  stall_meter_start (&redraw, REDRAW_PRIORITY, TICK_MS);
  schnack_account_connect_with_password (account, PASSWORD);
  done = schnack_test_wait_until (caught_up, &wait, timeout_s * 1000);
  t = g_get_monotonic_time ();
  /* Work queued behind the last message still counts. */
  schnack_test_run_for (SETTLE_MS);
  stall_meter_stop (&meter);
  stall_meter_stop (&redraw);

  printf ("catch-up (%d messages from %d contacts):\n", n_messages, n_senders);
  if (catchup.t_online != 0)
    printf ("  online after %.0f ms\n", ms (catchup.t0, catchup.t_online));
  if (catchup.t_first != 0)
    printf ("  first message stored after %.0f ms\n", ms (catchup.t0, catchup.t_first));
  if (catchup.t_all != 0)
    printf ("  all %u stored after %.0f ms\n", catchup.stored, ms (catchup.t0, catchup.t_all));
  else
    printf ("  only %u of %d stored after %d s\n", catchup.stored, n_messages, timeout_s);
  if (done)
    printf ("  archive read to its end after %.0f ms\n", ms (catchup.t0, t));
  printf ("  longest main-loop stall: %.1f ms (main thread on the CPU for %.1f ms of it; began %.0f ms after connect)\n",
          meter.longest / 1000.0, meter.longest_cpu / 1000.0, meter.longest_at / 1000.0);
  printf ("  stalls over 16 ms: %u, over 50 ms: %u%s\n", meter.over_16ms, meter.over_50ms,
          meter.over_50ms == 0 ? "  ok, target: none over 50 ms" : "  MISSED target: none over 50 ms");
  printf ("  longest wait at GTK's redraw priority: %.1f ms; waits over 16 ms: %u, over 50 ms: %u\n",
          redraw.longest / 1000.0, redraw.over_16ms, redraw.over_50ms);
  printf ("  by the main thread's CPU time in a gap (without the machine's load): longest %.1f ms,"
          " over 16 ms: %u, over 50 ms: %u\n",
          meter.longest_busy / 1000.0, meter.busy_over_16ms, meter.busy_over_50ms);
  fflush (stdout);

  ok = done && verify_store (store, record->id, n_messages, n_senders);
  ok = verify_conversations (store, account) && ok;
  print_usage ();

  g_signal_handlers_disconnect_by_data (account, &catchup);
  schnack_account_stop (account);
  schnack_test_wait_until (account_offline, account, 10000);
  g_clear_object (&account);
  g_clear_object (&store);

  g_output_stream_close (g_subprocess_get_stdin_pipe (bulk), NULL, NULL);
  if (!schnack_test_wait_process (bulk, 5000))
    g_subprocess_force_exit (bulk);
  schnack_test_remove_tree (tmp_dir);
  printf ("%s\n", ok ? "all checks passed" : "CHECKS FAILED");
  return ok ? 0 : 1;
}
