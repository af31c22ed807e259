/* test-message-ingest.c — incoming messages stored in slices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A catch-up brings thousands of messages at once. They must all end up
 * in history exactly once and in arrival order, be announced once each,
 * and be stored a slice at a time with the main loop running in between
 * (it used to be held for seconds). What waits for them — saving the
 * archive position — must run only once they are stored.
 */
#include "../store/store-test-util.h"
#include "core/message-ingest.h"

#define ALICE "alice@example.test"

typedef struct {
  guint     slices;          /* "stored" emissions */
  guint     announced;       /* records in them */
  gint64    last_id;         /* ids must grow: arrival order */
  guint     probe_runs;      /* high-priority idle runs so far */
  guint     probes_at_last_slice;
  guint     slices_after_probe;  /* slices that came after the probe ran */
  GHashTable *bodies;        /* announced bodies, to catch repeats */
} Seen;

static void
on_stored (SchnackMessageIngest *ingest,
           GPtrArray            *records,
           Seen                 *seen)
{
  seen->slices++;
  if (seen->probe_runs > seen->probes_at_last_slice)
    seen->slices_after_probe++;
  seen->probes_at_last_slice = seen->probe_runs;
  for (guint i = 0; i < records->len; i++)
    {
      SchnackMessageRecord *record = g_ptr_array_index (records, i);

      g_assert_cmpint (record->id, >, seen->last_id);
      seen->last_id = record->id;
      g_assert_true (g_hash_table_add (seen->bodies, g_strdup (record->body)));
      seen->announced++;
    }
}

static gboolean
probe (gpointer data)
{
  ((Seen *) data)->probe_runs++;
  return G_SOURCE_CONTINUE;
}

static SchnackMessageRecord *
incoming (gint64      account,
          guint       number,
          const char *stanza_id)
{
  g_autofree char *from = g_strdup_printf ("friend%02u@example.test", number % 7);
  g_autofree char *body = g_strdup_printf ("message %05u", number);
  SchnackMessageRecord *record = store_test_message_new (account, from, body, 1000 + number);

  record->stanza_id = g_strdup (stanza_id);
  record->stanza_id_by = g_strdup (ALICE);
  return record;
}

static gboolean
ingest_idle (gpointer data)
{
  return schnack_message_ingest_get_pending (data) == 0;
}

static void
run_until_stored (SchnackMessageIngest *ingest)
{
  gint64 give_up = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!ingest_idle (ingest) && g_get_monotonic_time () < give_up)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (schnack_message_ingest_get_pending (ingest), ==, 0);
}

/* 3,000 messages (and each of them a second time, as the archive repeats
 * what offline storage delivered): all stored once, in order, announced
 * once — and not in one go. */
static void
test_catch_up (StoreFixture  *fixture,
               gconstpointer  data)
{
  g_autoptr(SchnackMessageIngest) ingest = schnack_message_ingest_new (fixture->store);
  gint64 account = store_test_add_account (fixture->store, ALICE);
  Seen seen = { 0, };
  const guint n = 3000;
  guint probe_id;

  seen.bodies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (ingest, "stored", G_CALLBACK (on_stored), &seen);
  /* What a catch-up looks like: a flood of one copy, then the other. */
  for (guint copy = 0; copy < 2; copy++)
    for (guint i = 1; i <= n; i++)
      {
        g_autofree char *stanza_id = g_strdup_printf ("archive-%u", i);

        schnack_message_ingest_add (ingest, incoming (account, i, stanza_id));
      }
  /* Nothing is stored inside the event that brought a message. */
  g_assert_cmpint (schnack_store_count_messages (fixture->store, account, NULL), ==, 0);
  g_assert_cmpuint (schnack_message_ingest_get_pending (ingest), ==, 2 * n);

  /* What the UI needs: to get a turn now and then. */
  probe_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, probe, &seen, NULL);
  run_until_stored (ingest);
  g_source_remove (probe_id);

  g_assert_cmpint (schnack_store_count_messages (fixture->store, account, NULL), ==, n);
  g_assert_cmpuint (seen.announced, ==, n);
  g_assert_cmpuint (seen.slices, >, 1);
  g_assert_cmpuint (seen.slices_after_probe, >, 1);

  /* In history in arrival order, page after page. */
  for (guint chat = 0; chat < 7; chat++)
    {
      g_autofree char *jid = g_strdup_printf ("friend%02u@example.test", chat);
      g_autoptr(GPtrArray) page = schnack_store_list_messages (fixture->store, account, jid, 0, 0, 1000, NULL);
      guint previous = 0;

      g_assert_cmpuint (page->len, >, 400);
      for (guint i = 0; i < page->len; i++)
        {
          guint number = 0;

          g_assert_cmpint (sscanf (((SchnackMessageRecord *) page->pdata[i])->body, "message %u", &number), ==, 1);
          g_assert_cmpuint (number, >, previous);
          g_assert_cmpuint (number % 7, ==, chat);
          previous = number;
        }
    }
  g_hash_table_unref (seen.bodies);
}

typedef struct {
  SchnackStore *store;
  gint64        account;
  gint64        count_then;
  guint         calls;
} Barrier;

static void
on_barrier (gpointer data)
{
  Barrier *barrier = data;

  barrier->count_then = schnack_store_count_messages (barrier->store, barrier->account, NULL);
  barrier->calls++;
}

/* The archive position is saved only once the page's messages are in
 * history: a crash in between must not skip them next time. */
static void
test_when_stored (StoreFixture  *fixture,
                  gconstpointer  data)
{
  g_autoptr(SchnackMessageIngest) ingest = schnack_message_ingest_new (fixture->store);
  gint64 account = store_test_add_account (fixture->store, ALICE);
  Barrier barrier = { fixture->store, account, 0, 0 };
  Barrier later = { fixture->store, account, 0, 0 };
  Barrier now = { fixture->store, account, 0, 0 };

  for (guint i = 1; i <= 500; i++)
    {
      g_autofree char *stanza_id = g_strdup_printf ("archive-%u", i);

      schnack_message_ingest_add (ingest, incoming (account, i, stanza_id));
    }
  schnack_message_ingest_when_stored (ingest, on_barrier, &barrier, NULL);
  for (guint i = 501; i <= 600; i++)
    {
      g_autofree char *stanza_id = g_strdup_printf ("archive-%u", i);

      schnack_message_ingest_add (ingest, incoming (account, i, stanza_id));
    }
  schnack_message_ingest_when_stored (ingest, on_barrier, &later, NULL);
  g_assert_cmpuint (barrier.calls, ==, 0);

  run_until_stored (ingest);
  /* The last callback may come a slice after the last message. */
  while (later.calls == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (barrier.calls, ==, 1);
  g_assert_cmpint (barrier.count_then, >=, 500);
  g_assert_cmpuint (later.calls, ==, 1);
  g_assert_cmpint (later.count_then, ==, 600);

  /* Nothing queued: at once. */
  schnack_message_ingest_when_stored (ingest, on_barrier, &now, NULL);
  g_assert_cmpuint (now.calls, ==, 1);
}

/* Whatever is still queued when the account goes away is stored. */
static void
test_nothing_lost_on_dispose (StoreFixture  *fixture,
                              gconstpointer  data)
{
  SchnackMessageIngest *ingest = schnack_message_ingest_new (fixture->store);
  gint64 account = store_test_add_account (fixture->store, ALICE);

  for (guint i = 1; i <= 300; i++)
    {
      g_autofree char *stanza_id = g_strdup_printf ("archive-%u", i);

      schnack_message_ingest_add (ingest, incoming (account, i, stanza_id));
    }
  g_object_unref (ingest);
  g_assert_cmpint (schnack_store_count_messages (fixture->store, account, NULL), ==, 300);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)

  ADD ("/core/message-ingest/catch-up", test_catch_up);
  ADD ("/core/message-ingest/when-stored", test_when_stored);
  ADD ("/core/message-ingest/nothing-lost-on-dispose", test_nothing_lost_on_dispose);

#undef ADD

  return g_test_run ();
}
