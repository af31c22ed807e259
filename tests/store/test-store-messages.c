/* test-store-messages.c — history, de-duplication, paging, search, outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>

#include "store-test-util.h"

#define ALICE "alice@example.test"
#define BOB   "bob@example.test"
#define ROOM  "room@conference.example.test"

static SchnackMessageRecord *
get_message (SchnackStore *store,
             gint64        account_id,
             const char   *conversation,
             gint64        id)
{
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;

  page = schnack_store_list_messages (store, account_id, conversation, 0, 0, 1000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < page->len; i++)
    {
      SchnackMessageRecord *message = page->pdata[i];

      if (message->id == id)
        return schnack_message_record_copy (message);
    }

  g_assert_not_reached ();
}

static void
test_same_stanza_id_twice (StoreFixture  *fixture,
                           gconstpointer  data)
{
  g_autoptr(SchnackMessageRecord) live = NULL;
  g_autoptr(SchnackMessageRecord) archived = NULL;
  g_autoptr(GError) error = NULL;
  gboolean inserted = TRUE;
  gint64 account;

  account = store_test_add_account (fixture->store, ALICE);

  live = store_test_message_new (account, BOB, "Hi Alice", 1000);
  live->message_id = g_strdup ("m1");
  live->stanza_id = g_strdup ("archive-1");
  live->stanza_id_by = g_strdup (ALICE);
  store_test_insert (fixture->store, live);

  /* The same message again from the archive after a reconnect. */
  archived = schnack_message_record_copy (live);
  archived->id = 0;
  archived->received_at = 999999;
  g_assert_true (schnack_store_insert_message (fixture->store, archived, &inserted, &error));
  g_assert_no_error (error);
  g_assert_false (inserted);
  g_assert_cmpint (archived->id, ==, live->id);

  g_assert_cmpint (schnack_store_count_messages (fixture->store, account, BOB), ==, 1);

  /* The same stanza-id in another conversation is another message. */
  g_clear_pointer (&archived->conversation_jid, g_free);
  archived->conversation_jid = g_strdup ("carol@example.test");
  archived->id = 0;
  store_test_insert (fixture->store, archived);
  g_assert_cmpint (archived->id, !=, live->id);
}

static void
test_carbon_then_archive (StoreFixture  *fixture,
                          gconstpointer  data)
{
  g_autoptr(SchnackMessageRecord) carbon = NULL;
  g_autoptr(SchnackMessageRecord) archived = NULL;
  g_autoptr(SchnackMessageRecord) stored = NULL;
  g_autoptr(GError) error = NULL;
  gboolean inserted = TRUE;
  gint64 account;

  account = store_test_add_account (fixture->store, ALICE);

  /* Bob's other client sent it; the carbon carries only his origin-id. */
  carbon = store_test_message_new (account, BOB, "Sent from my phone", 1000);
  carbon->message_id = g_strdup ("phone-1");
  carbon->origin_id = g_strdup ("origin-1");
  store_test_insert (fixture->store, carbon);

  /* Later the archive has it with the server's stanza-id. */
  archived = schnack_message_record_copy (carbon);
  archived->id = 0;
  archived->stanza_id = g_strdup ("archive-7");
  archived->stanza_id_by = g_strdup (ALICE);
  g_assert_true (schnack_store_insert_message (fixture->store, archived, &inserted, &error));
  g_assert_no_error (error);
  g_assert_false (inserted);
  g_assert_cmpint (archived->id, ==, carbon->id);
  g_assert_cmpint (schnack_store_count_messages (fixture->store, account, BOB), ==, 1);

  /* The stored row learned the stanza-id, so the next sync sees it by
   * that id alone. */
  stored = get_message (fixture->store, account, BOB, carbon->id);
  g_assert_cmpstr (stored->stanza_id, ==, "archive-7");
  g_assert_cmpstr (stored->stanza_id_by, ==, ALICE);

  g_clear_pointer (&archived->origin_id, g_free);
  archived->id = 0;
  g_assert_true (schnack_store_insert_message (fixture->store, archived, &inserted, &error));
  g_assert_no_error (error);
  g_assert_false (inserted);
  g_assert_cmpint (archived->id, ==, carbon->id);
  g_assert_cmpint (schnack_store_count_messages (fixture->store, account, BOB), ==, 1);
}

static void
test_own_message_from_archive (StoreFixture  *fixture,
                               gconstpointer  data)
{
  g_autoptr(SchnackMessageRecord) sent = NULL;
  g_autoptr(SchnackMessageRecord) archived = NULL;
  g_autoptr(SchnackMessageRecord) stored = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;
  gboolean inserted = TRUE;
  gint64 account;

  account = store_test_add_account (fixture->store, ALICE);

  /* Written to the stream, then the process died before the ack. */
  sent = store_test_message_new (account, BOB, "Did this arrive?", 1000);
  sent->direction = SCHNACK_MESSAGE_DIRECTION_OUTGOING;
  g_free (sent->sender);
  sent->sender = g_strdup (ALICE);
  sent->origin_id = g_strdup ("my-origin");
  sent->message_id = g_strdup ("my-origin");
  sent->delivery_state = SCHNACK_DELIVERY_STATE_SENT;
  store_test_insert (fixture->store, sent);

  pending = schnack_store_list_pending_messages (fixture->store, account, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 1);
  g_clear_pointer (&pending, g_ptr_array_unref);

  archived = schnack_message_record_copy (sent);
  archived->id = 0;
  archived->stanza_id = g_strdup ("archive-9");
  archived->stanza_id_by = g_strdup (ALICE);
  g_assert_true (schnack_store_insert_message (fixture->store, archived, &inserted, &error));
  g_assert_no_error (error);
  g_assert_false (inserted);

  /* The archive has it, so the outbox must not send it again. */
  stored = get_message (fixture->store, account, BOB, sent->id);
  g_assert_cmpstr (stored->stanza_id, ==, "archive-9");
  g_assert_cmpint (stored->delivery_state, ==, SCHNACK_DELIVERY_STATE_ACKED);
  pending = schnack_store_list_pending_messages (fixture->store, account, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 0);
}

static void
test_same_origin_id_other_sender (StoreFixture  *fixture,
                                  gconstpointer  data)
{
  g_autoptr(SchnackMessageRecord) first = NULL;
  g_autoptr(SchnackMessageRecord) second = NULL;
  gint64 account;

  account = store_test_add_account (fixture->store, ALICE);

  /* Two occupants whose clients picked the same (poor) origin-id. */
  first = store_test_message_new (account, ROOM, "I am Bob", 1000);
  first->conversation_kind = SCHNACK_CONVERSATION_KIND_GROUPCHAT;
  g_free (first->sender);
  first->sender = g_strdup ("bob");
  first->origin_id = g_strdup ("1");
  store_test_insert (fixture->store, first);

  second = schnack_message_record_copy (first);
  second->id = 0;
  g_free (second->sender);
  second->sender = g_strdup ("carol");
  g_free (second->body);
  second->body = g_strdup ("I am Carol");
  store_test_insert (fixture->store, second);

  g_assert_cmpint (second->id, !=, first->id);
  g_assert_cmpint (schnack_store_count_messages (fixture->store, account, ROOM), ==, 2);
}

static void
test_missing_stanza_id_by (StoreFixture  *fixture,
                           gconstpointer  data)
{
  g_autoptr(SchnackMessageRecord) message = NULL;
  g_autoptr(GError) error = NULL;
  gboolean inserted = TRUE;
  gint64 account, first_id;

  account = store_test_add_account (fixture->store, ALICE);

  /* NULLs are distinct in a unique index; the store must still see these
   * as one message. */
  message = store_test_message_new (account, BOB, "no by", 1000);
  message->stanza_id = g_strdup ("s1");
  first_id = store_test_insert (fixture->store, message);
  message->id = 0;
  g_assert_true (schnack_store_insert_message (fixture->store, message, &inserted, &error));
  g_assert_no_error (error);
  g_assert_false (inserted);
  g_assert_cmpint (message->id, ==, first_id);
  g_assert_cmpint (schnack_store_count_messages (fixture->store, account, BOB), ==, 1);
}

static void
assert_page (GPtrArray *page,
             guint      first,
             guint      count)
{
  g_autofree char *expected = NULL;

  g_assert_nonnull (page);
  g_assert_cmpuint (page->len, ==, count);
  for (guint i = 0; i < count; i++)
    {
      SchnackMessageRecord *message = page->pdata[i];

      g_free (expected);
      expected = g_strdup_printf ("message %u", first + i);
      g_assert_cmpstr (message->body, ==, expected);
    }
}

static void
test_paging (StoreFixture  *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  static const guint expected_first[] = { 16, 6, 1 };
  static const guint expected_len[] = { 10, 10, 5 };
  SchnackMessageRecord *oldest;
  gint64 account, other;
  gint64 sent_at = 0, id = 0;

  account = store_test_add_account (fixture->store, ALICE);
  other = store_test_add_account (fixture->store, "alice@elsewhere.test");

  /* 25 messages; pairs share a timestamp so the id must break the tie,
   * and each page boundary below falls inside such a pair.
   * Noise in another conversation and another account is interleaved. */
  for (guint i = 1; i <= 25; i++)
    {
      g_autofree char *body = g_strdup_printf ("message %u", i);
      g_autoptr(SchnackMessageRecord) message = store_test_message_new (account, BOB, body, 1000000 + ((i + 1) / 2) * 1000);
      g_autoptr(SchnackMessageRecord) noise = store_test_message_new (account, "carol@example.test", "noise", 1000000 + i * 500);
      g_autoptr(SchnackMessageRecord) elsewhere = store_test_message_new (other, BOB, "elsewhere", 1000000 + i * 500);

      store_test_insert (fixture->store, message);
      store_test_insert (fixture->store, noise);
      store_test_insert (fixture->store, elsewhere);
    }

  /* Newest page first, then each older one from the first message shown. */
  for (guint p = 0; p < G_N_ELEMENTS (expected_first); p++)
    {
      page = schnack_store_list_messages (fixture->store, account, BOB, sent_at, id, 10, &error);
      g_assert_no_error (error);
      assert_page (page, expected_first[p], expected_len[p]);

      oldest = page->pdata[0];
      sent_at = oldest->sent_at;
      id = oldest->id;
      g_clear_pointer (&page, g_ptr_array_unref);
    }

  page = schnack_store_list_messages (fixture->store, account, BOB, sent_at, id, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 0);

  g_assert_cmpint (schnack_store_count_messages (fixture->store, account, BOB), ==, 25);
  g_assert_cmpint (schnack_store_count_messages (fixture->store, account, NULL), ==, 50);
  g_assert_cmpint (schnack_store_count_messages (fixture->store, other, BOB), ==, 25);
}

/* Reading a page, the outbox or the duplicate checks must walk an index,
 * not the whole table: SQLite counts every step of a full scan and every
 * sort on each statement, so ask it. */
static void
test_paging_uses_index (StoreFixture  *fixture,
                        gconstpointer  data)
{
  sqlite3 *db = schnack_store_get_db (fixture->store);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;
  guint checked = 0;
  gint64 account;

  account = store_test_add_account (fixture->store, ALICE);
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(SchnackMessageRecord) message = store_test_message_new (account, i % 3 ? BOB : "carol@example.test", "hello", 1000 + i);

      message->origin_id = g_strdup_printf ("o%u", i);
      message->stanza_id = g_strdup_printf ("s%u", i);
      message->stanza_id_by = g_strdup (ALICE);
      store_test_insert (fixture->store, message);
    }
  sqlite3_exec (db, "ANALYZE", NULL, NULL, NULL);

  page = schnack_store_list_messages (fixture->store, account, BOB, 0, 0, 20, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 20);
  g_clear_pointer (&page, g_ptr_array_unref);
  page = schnack_store_list_messages (fixture->store, account, BOB, 1100, 150, 20, &error);
  g_assert_no_error (error);
  pending = schnack_store_list_pending_messages (fixture->store, account, &error);
  g_assert_no_error (error);

  for (sqlite3_stmt *stmt = sqlite3_next_stmt (db, NULL); stmt != NULL; stmt = sqlite3_next_stmt (db, stmt))
    {
      const char *sql = sqlite3_sql (stmt);

      if (strstr (sql, "(m.sent_at, m.id) <") == NULL &&
          strstr (sql, "delivery_state IN (0, 1)") == NULL &&
          strstr (sql, "origin_id = ?4") == NULL &&
          strstr (sql, "stanza_id = ?4") == NULL)
        continue;

      g_test_message ("%s: fullscan %d, sort %d, steps %d", sql,
                      sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_FULLSCAN_STEP, FALSE),
                      sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_SORT, FALSE),
                      sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_VM_STEP, FALSE));
      g_assert_cmpint (sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_FULLSCAN_STEP, FALSE), ==, 0);
      g_assert_cmpint (sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_SORT, FALSE), ==, 0);
      checked++;
    }

  g_assert_cmpuint (checked, ==, 4);
}

static int
compare_gint64_descending (gconstpointer a,
                           gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x > y ? -1 : x < y;
}

static GPtrArray *
search (StoreFixture *fixture,
        gint64        account,
        const char   *conversation,
        const char   *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *found;

  found = schnack_store_search_messages (fixture->store, account, conversation, query, 50, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found;
}

static void
test_search (StoreFixture  *fixture,
             gconstpointer  data)
{
  static const char * const hostile[] = {
    "\"", "foo\"", "\"foo", "AND OR", "AND", "OR", "NOT", "*", "**", "", "   ",
    "NEAR(", "NEAR(a b", "a OR", "(", ")", "-", "+", ":", "body:", "col:foo",
    "^", "^foo", "\"\" AND \"", "a AND (b OR", "'", "';--", "\\", "{body}:x",
    "\xff\xfe", "\xc3", "%", "_", "a*b", "NULL", "\t\n",
  };
  g_autoptr(GPtrArray) found = NULL;
  gint64 account, other;

  account = store_test_add_account (fixture->store, ALICE);
  other = store_test_add_account (fixture->store, "alice@elsewhere.test");

  {
    g_autoptr(SchnackMessageRecord) m1 = store_test_message_new (account, BOB, "Hello world", 1000);
    g_autoptr(SchnackMessageRecord) m2 = store_test_message_new (account, BOB, "Café au lait tomorrow?", 2000);
    g_autoptr(SchnackMessageRecord) m3 = store_test_message_new (account, "carol@example.test", "The world is big", 3000);
    g_autoptr(SchnackMessageRecord) m4 = store_test_message_new (account, BOB, "Rock AND OR roll, \"quoted\"", 4000);
    g_autoptr(SchnackMessageRecord) m5 = store_test_message_new (other, BOB, "Another world", 5000);
    g_autoptr(SchnackMessageRecord) m6 = store_test_message_new (account, BOB, NULL, 6000);

    store_test_insert (fixture->store, m1);
    store_test_insert (fixture->store, m2);
    store_test_insert (fixture->store, m3);
    store_test_insert (fixture->store, m4);
    store_test_insert (fixture->store, m5);
    store_test_insert (fixture->store, m6);
  }

  /* Everywhere, newest first. */
  found = search (fixture, 0, NULL, "world");
  g_assert_cmpuint (found->len, ==, 3);
  g_assert_cmpstr (((SchnackMessageRecord *) found->pdata[0])->body, ==, "Another world");
  g_assert_cmpstr (((SchnackMessageRecord *) found->pdata[1])->body, ==, "The world is big");
  g_assert_cmpstr (((SchnackMessageRecord *) found->pdata[2])->body, ==, "Hello world");
  g_clear_pointer (&found, g_ptr_array_unref);

  found = search (fixture, account, NULL, "WORLD");
  g_assert_cmpuint (found->len, ==, 2);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = search (fixture, account, BOB, "world");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((SchnackMessageRecord *) found->pdata[0])->body, ==, "Hello world");
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Accents and word starts, as people type. */
  found = search (fixture, 0, NULL, "cafe");
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = search (fixture, 0, NULL, "tomo");
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = search (fixture, 0, NULL, "tom");
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  /* One or two letters match a whole word only (as a prefix they would
   * stand for half the vocabulary and make the search slow). */
  found = search (fixture, 0, NULL, "to");
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = search (fixture, 0, NULL, "au");
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = search (fixture, 0, NULL, "hello   world");
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = search (fixture, 0, NULL, "hello carol");
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Query syntax is just text. */
  found = search (fixture, 0, NULL, "AND OR");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((SchnackMessageRecord *) found->pdata[0])->body, ==, "Rock AND OR roll, \"quoted\"");
  g_clear_pointer (&found, g_ptr_array_unref);
  found = search (fixture, 0, NULL, "\"quoted\"");
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_test_message ("searching for “%s”", hostile[i]);
      found = search (fixture, 0, NULL, hostile[i]);
      g_clear_pointer (&found, g_ptr_array_unref);
      found = search (fixture, account, BOB, hostile[i]);
      g_clear_pointer (&found, g_ptr_array_unref);
    }
}

/* A common word: thousands of matches. The newest 50 come back newest
 * first by time (not by storage order: the archive stores old messages
 * late), and without sorting all the matches — that sort is what made
 * a search in a million messages take a quarter of a second
 * (tests/bench/bench-history). */
/* Many messages in one transaction (an archive catch-up): duplicates
 * within the batch are caught too, and a deadline ends the batch early
 * — after at least one message — so the caller can yield. */
static void
test_insert_batch (StoreFixture  *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_message_record_free);
  g_autoptr(GError) error = NULL;
  gboolean inserted[12];
  gint64 account;
  guint done;

  account = store_test_add_account (fixture->store, ALICE);
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *body = g_strdup_printf ("batch %u", i);
      SchnackMessageRecord *record = store_test_message_new (account, BOB, body, 1000 + i);

      /* The last two repeat the first two, as the archive repeats. */
      record->stanza_id = g_strdup_printf ("s%u", i < 10 ? i : i - 10);
      record->stanza_id_by = g_strdup (ALICE);
      g_ptr_array_add (records, record);
    }

  /* A deadline that has passed: one message, then back to the caller. */
  done = schnack_store_insert_messages (fixture->store, (SchnackMessageRecord **) records->pdata, 12,
                                        g_get_monotonic_time () - 1, inserted, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (done, ==, 1);
  g_assert_true (inserted[0]);
  g_assert_cmpint (schnack_store_count_messages (fixture->store, account, BOB), ==, 1);

  done = schnack_store_insert_messages (fixture->store, (SchnackMessageRecord **) records->pdata + 1, 11,
                                        0, inserted + 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (done, ==, 11);
  for (guint i = 0; i < 12; i++)
    g_assert_cmpint (inserted[i], ==, i < 10);
  g_assert_cmpint (((SchnackMessageRecord *) records->pdata[10])->id, ==,
                   ((SchnackMessageRecord *) records->pdata[0])->id);
  g_assert_cmpint (schnack_store_count_messages (fixture->store, account, BOB), ==, 10);
}

static void
test_search_common_word (StoreFixture  *fixture,
                         gconstpointer  data)
{
  sqlite3 *db = schnack_store_get_db (fixture->store);
  const guint n = 3000;
  struct { gint64 account; const char *chat; } scopes[3];
  gint64 account, other;

  account = store_test_add_account (fixture->store, ALICE);
  other = store_test_add_account (fixture->store, "alice@elsewhere.test");
  for (guint i = 0; i < n; i++)
    {
      /* A permutation of 1…n: time order is not id order. */
      gint64 sent_at = ((i * 7919) % n + 1) * 1000;
      g_autofree char *body = i % 6 == 5 ? g_strdup_printf ("nothing here %u", i)
                                         : g_strdup_printf ("a common word %u", i);
      g_autoptr(SchnackMessageRecord) message =
        store_test_message_new (i % 5 == 0 ? other : account, i % 3 == 0 ? "carol@example.test" : BOB,
                                body, sent_at);

      store_test_insert (fixture->store, message);
    }
  sqlite3_exec (db, "ANALYZE", NULL, NULL, NULL);

  scopes[0].account = 0, scopes[0].chat = NULL;
  scopes[1].account = account, scopes[1].chat = NULL;
  scopes[2].account = account, scopes[2].chat = BOB;
  for (guint s = 0; s < G_N_ELEMENTS (scopes); s++)
    {
      g_autoptr(GPtrArray) found = search (fixture, scopes[s].account, scopes[s].chat, "common");
      g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));

      /* What it should be, worked out the slow way. */
      for (guint i = 0; i < n; i++)
        {
          gint64 sent_at = ((i * 7919) % n + 1) * 1000;

          if (i % 6 == 5 ||
              (scopes[s].account != 0 && (i % 5 == 0) != (scopes[s].account == other)) ||
              (scopes[s].chat != NULL && (i % 3 == 0) != g_str_equal (scopes[s].chat, "carol@example.test")))
            continue;
          g_array_append_val (expected, sent_at);
        }
      g_array_sort (expected, compare_gint64_descending);

      g_assert_cmpuint (found->len, ==, 50);
      for (guint i = 0; i < found->len; i++)
        {
          SchnackMessageRecord *message = found->pdata[i];

          g_assert_cmpint (message->sent_at, ==, g_array_index (expected, gint64, i));
          g_assert_nonnull (strstr (message->body, "common"));
        }
    }

  for (sqlite3_stmt *stmt = sqlite3_next_stmt (db, NULL); stmt != NULL; stmt = sqlite3_next_stmt (db, stmt))
    {
      if (strstr (sqlite3_sql (stmt), "MATCH ?1") == NULL ||
          sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_RUN, 0) == 0)
        continue;
      g_test_message ("%s", sqlite3_sql (stmt));
      g_assert_cmpint (sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_SORT, 0), ==, 0);
    }
}

static void
test_search_follows_edits (StoreFixture  *fixture,
                           gconstpointer  data)
{
  g_autoptr(SchnackMessageRecord) message = NULL;
  g_autoptr(GPtrArray) found = NULL;
  sqlite3 *db = schnack_store_get_db (fixture->store);
  sqlite3_stmt *stmt = NULL;
  gint64 account;

  account = store_test_add_account (fixture->store, ALICE);
  message = store_test_message_new (account, BOB, "tpyo here", 1000);
  store_test_insert (fixture->store, message);

  /* A correction (a later feature) rewrites the body in place; the index
   * triggers must follow. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE messages SET body = 'typo fixed' WHERE id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, message->id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  found = search (fixture, 0, NULL, "tpyo");
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = search (fixture, 0, NULL, "fixed");
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);

  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
test_delivery_state_rules (void)
{
  enum { P = SCHNACK_DELIVERY_STATE_PENDING, S = SCHNACK_DELIVERY_STATE_SENT,
         A = SCHNACK_DELIVERY_STATE_ACKED, D = SCHNACK_DELIVERY_STATE_DELIVERED,
         R = SCHNACK_DELIVERY_STATE_READ, F = SCHNACK_DELIVERY_STATE_FAILED };
  /* allowed[from][to] */
  static const gboolean allowed[6][6] = {
    /*        P  S  A  D  R  F */
    /* P */ { 0, 1, 1, 1, 1, 1 },
    /* S */ { 0, 0, 1, 1, 1, 1 },
    /* A */ { 0, 0, 0, 1, 1, 1 },
    /* D */ { 0, 0, 0, 0, 1, 0 },
    /* R */ { 0, 0, 0, 0, 0, 0 },
    /* F */ { 1, 0, 0, 1, 1, 0 },
  };

  for (guint from = P; from <= F; from++)
    for (guint to = P; to <= F; to++)
      g_assert_cmpint (schnack_delivery_state_can_change (from, to), ==, allowed[from][to]);
}

static SchnackDeliveryState
state_of (StoreFixture *fixture,
          gint64        account,
          gint64        id)
{
  g_autoptr(SchnackMessageRecord) message = get_message (fixture->store, account, BOB, id);

  return message->delivery_state;
}

static void
set_state (StoreFixture         *fixture,
           gint64                id,
           SchnackDeliveryState  state)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (schnack_store_set_delivery_state (fixture->store, id, state, &error));
  g_assert_no_error (error);
}

static SchnackMessageRecord *
outgoing_new (gint64      account,
              const char *body,
              gint64      sent_at)
{
  SchnackMessageRecord *message = store_test_message_new (account, BOB, body, sent_at);

  message->direction = SCHNACK_MESSAGE_DIRECTION_OUTGOING;
  g_free (message->sender);
  message->sender = g_strdup (ALICE);
  message->delivery_state = SCHNACK_DELIVERY_STATE_PENDING;
  message->received_at = 0;
  return message;
}

static void
test_delivery_states (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(SchnackMessageRecord) happy = NULL;
  g_autoptr(SchnackMessageRecord) unlucky = NULL;
  g_autoptr(GError) error = NULL;
  gint64 account;

  account = store_test_add_account (fixture->store, ALICE);
  happy = outgoing_new (account, "one", 1000);
  store_test_insert (fixture->store, happy);
  unlucky = outgoing_new (account, "two", 2000);
  store_test_insert (fixture->store, unlucky);

  g_assert_cmpint (state_of (fixture, account, happy->id), ==, SCHNACK_DELIVERY_STATE_PENDING);
  set_state (fixture, happy->id, SCHNACK_DELIVERY_STATE_SENT);
  set_state (fixture, happy->id, SCHNACK_DELIVERY_STATE_ACKED);
  g_assert_cmpint (state_of (fixture, account, happy->id), ==, SCHNACK_DELIVERY_STATE_ACKED);

  /* The read marker overtakes the receipt; the receipt changes nothing. */
  set_state (fixture, happy->id, SCHNACK_DELIVERY_STATE_READ);
  set_state (fixture, happy->id, SCHNACK_DELIVERY_STATE_DELIVERED);
  g_assert_cmpint (state_of (fixture, account, happy->id), ==, SCHNACK_DELIVERY_STATE_READ);
  /* A message the server has can no longer fail. */
  set_state (fixture, happy->id, SCHNACK_DELIVERY_STATE_FAILED);
  g_assert_cmpint (state_of (fixture, account, happy->id), ==, SCHNACK_DELIVERY_STATE_READ);

  set_state (fixture, unlucky->id, SCHNACK_DELIVERY_STATE_SENT);
  set_state (fixture, unlucky->id, SCHNACK_DELIVERY_STATE_FAILED);
  g_assert_cmpint (state_of (fixture, account, unlucky->id), ==, SCHNACK_DELIVERY_STATE_FAILED);
  /* A stray ack for an earlier attempt does not hide the failure… */
  set_state (fixture, unlucky->id, SCHNACK_DELIVERY_STATE_SENT);
  g_assert_cmpint (state_of (fixture, account, unlucky->id), ==, SCHNACK_DELIVERY_STATE_FAILED);
  /* …the user retries… */
  set_state (fixture, unlucky->id, SCHNACK_DELIVERY_STATE_PENDING);
  g_assert_cmpint (state_of (fixture, account, unlucky->id), ==, SCHNACK_DELIVERY_STATE_PENDING);
  set_state (fixture, unlucky->id, SCHNACK_DELIVERY_STATE_FAILED);
  /* …and a receipt that turns up after all is believed. */
  set_state (fixture, unlucky->id, SCHNACK_DELIVERY_STATE_DELIVERED);
  g_assert_cmpint (state_of (fixture, account, unlucky->id), ==, SCHNACK_DELIVERY_STATE_DELIVERED);

  g_assert_false (schnack_store_set_delivery_state (fixture->store, 424242, SCHNACK_DELIVERY_STATE_SENT, &error));
  g_assert_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_NOT_FOUND);
}

static void
test_pending (StoreFixture  *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;
  gint64 account, other;
  gint64 ids[6];

  account = store_test_add_account (fixture->store, ALICE);
  other = store_test_add_account (fixture->store, "alice@elsewhere.test");

  /* Inserted out of time order on purpose. */
  {
    g_autoptr(SchnackMessageRecord) late = outgoing_new (account, "late", 5000);
    g_autoptr(SchnackMessageRecord) early = outgoing_new (account, "early", 1000);
    g_autoptr(SchnackMessageRecord) acked = outgoing_new (account, "acked", 2000);
    g_autoptr(SchnackMessageRecord) failed = outgoing_new (account, "failed", 2500);
    g_autoptr(SchnackMessageRecord) incoming = store_test_message_new (account, BOB, "incoming", 3000);
    g_autoptr(SchnackMessageRecord) elsewhere = outgoing_new (other, "elsewhere", 3500);

    incoming->delivery_state = SCHNACK_DELIVERY_STATE_PENDING;
    ids[0] = store_test_insert (fixture->store, late);
    ids[1] = store_test_insert (fixture->store, early);
    ids[2] = store_test_insert (fixture->store, acked);
    ids[3] = store_test_insert (fixture->store, failed);
    ids[4] = store_test_insert (fixture->store, incoming);
    ids[5] = store_test_insert (fixture->store, elsewhere);
  }

  set_state (fixture, ids[0], SCHNACK_DELIVERY_STATE_SENT);
  set_state (fixture, ids[2], SCHNACK_DELIVERY_STATE_ACKED);
  set_state (fixture, ids[3], SCHNACK_DELIVERY_STATE_FAILED);

  pending = schnack_store_list_pending_messages (fixture->store, account, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 2);
  g_assert_cmpstr (((SchnackMessageRecord *) pending->pdata[0])->body, ==, "early");
  g_assert_cmpint (((SchnackMessageRecord *) pending->pdata[0])->delivery_state, ==, SCHNACK_DELIVERY_STATE_PENDING);
  g_assert_cmpstr (((SchnackMessageRecord *) pending->pdata[1])->body, ==, "late");
  g_assert_cmpint (((SchnackMessageRecord *) pending->pdata[1])->delivery_state, ==, SCHNACK_DELIVERY_STATE_SENT);
  g_clear_pointer (&pending, g_ptr_array_unref);

  /* Retrying a failed message puts it back in the outbox. */
  set_state (fixture, ids[3], SCHNACK_DELIVERY_STATE_PENDING);
  pending = schnack_store_list_pending_messages (fixture->store, account, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 3);
  g_assert_cmpstr (((SchnackMessageRecord *) pending->pdata[1])->body, ==, "failed");
}

static void
test_find_by_message_id (StoreFixture  *fixture,
                         gconstpointer  data)
{
  g_autoptr(SchnackMessageRecord) sent = NULL;
  g_autoptr(SchnackMessageRecord) found = NULL;
  g_autoptr(GError) error = NULL;
  gint64 account;

  account = store_test_add_account (fixture->store, ALICE);
  sent = outgoing_new (account, "receipt please", 1000);
  sent->message_id = g_strdup ("abc");
  store_test_insert (fixture->store, sent);

  found = schnack_store_find_message_by_message_id (fixture->store, account, BOB, "abc", &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (found->id, ==, sent->id);
  g_assert_cmpstr (found->body, ==, "receipt please");
  g_assert_cmpint (found->direction, ==, SCHNACK_MESSAGE_DIRECTION_OUTGOING);
  g_clear_pointer (&found, schnack_message_record_free);

  found = schnack_store_find_message_by_message_id (fixture->store, account, "carol@example.test", "abc", &error);
  g_assert_no_error (error);
  g_assert_null (found);
}

static void
test_fields_round_trip (StoreFixture  *fixture,
                        gconstpointer  data)
{
  g_autoptr(SchnackMessageRecord) message = schnack_message_record_new ();
  g_autoptr(SchnackMessageRecord) stored = NULL;
  gint64 account;
  gint64 before = g_get_real_time ();

  account = store_test_add_account (fixture->store, ALICE);
  message->account_id = account;
  message->conversation_jid = g_strdup (ROOM);
  message->conversation_kind = SCHNACK_CONVERSATION_KIND_GROUPCHAT;
  message->direction = SCHNACK_MESSAGE_DIRECTION_INCOMING;
  message->sender = g_strdup ("Zoë 🦆");
  message->body = g_strdup ("Ünïcödé and\nnew lines\tand 'quotes' \"too\"");
  message->message_id = g_strdup ("mid");
  message->origin_id = g_strdup ("oid");
  message->stanza_id = g_strdup ("sid");
  message->stanza_id_by = g_strdup (ROOM);
  message->delivery_state = SCHNACK_DELIVERY_STATE_DELIVERED;
  message->encrypted = TRUE;
  store_test_insert (fixture->store, message);

  /* No time given: it is stamped now. */
  g_assert_cmpint (message->sent_at, >=, before);

  {
    g_autoptr(GPtrArray) page = NULL;
    g_autoptr(GError) error = NULL;

    page = schnack_store_list_messages (fixture->store, account, ROOM, 0, 0, 5, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (page->len, ==, 1);
    stored = schnack_message_record_copy (page->pdata[0]);
  }

  g_assert_cmpint (stored->id, ==, message->id);
  g_assert_cmpint (stored->account_id, ==, account);
  g_assert_cmpstr (stored->conversation_jid, ==, ROOM);
  g_assert_cmpint (stored->conversation_kind, ==, SCHNACK_CONVERSATION_KIND_GROUPCHAT);
  g_assert_cmpint (stored->direction, ==, SCHNACK_MESSAGE_DIRECTION_INCOMING);
  g_assert_cmpstr (stored->sender, ==, message->sender);
  g_assert_cmpstr (stored->body, ==, message->body);
  g_assert_cmpint (stored->sent_at, ==, message->sent_at);
  g_assert_cmpint (stored->received_at, ==, 0);
  g_assert_cmpstr (stored->message_id, ==, "mid");
  g_assert_cmpstr (stored->origin_id, ==, "oid");
  g_assert_cmpstr (stored->stanza_id, ==, "sid");
  g_assert_cmpstr (stored->stanza_id_by, ==, ROOM);
  g_assert_cmpint (stored->delivery_state, ==, SCHNACK_DELIVERY_STATE_DELIVERED);
  g_assert_true (stored->encrypted);
}

/* The child writes history and is killed without closing anything, as by
 * the OOM killer or a power button held down (minus the power cut). */
static void
test_survives_kill (void)
{
  const char *env_path = g_getenv ("SCHNACK_TEST_KILL_DB");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SchnackStore) store = NULL;
  g_autoptr(SchnackAccountRecord) account = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      gint64 account_id;

      store = schnack_store_open (env_path, &error);
      g_assert_no_error (error);
      account_id = store_test_add_account (store, ALICE);
      for (guint i = 0; i < 40; i++)
        {
          g_autofree char *body = g_strdup_printf ("survivor %u", i);
          g_autoptr(SchnackMessageRecord) message = store_test_message_new (account_id, BOB, body, 1000 + i);

          store_test_insert (store, message);
        }

      raise (SIGKILL);
      g_assert_not_reached ();
    }

  dir = g_dir_make_tmp ("schnack-store-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "killed.db", NULL);
  g_setenv ("SCHNACK_TEST_KILL_DB", path, TRUE);

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();

  store = schnack_store_open (path, &error);
  g_assert_no_error (error);
  account = schnack_store_find_account (store, ALICE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  g_assert_cmpint (schnack_store_count_messages (store, account->id, BOB), ==, 40);

  page = schnack_store_list_messages (store, account->id, BOB, 0, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((SchnackMessageRecord *) page->pdata[0])->body, ==, "survivor 39");
  g_clear_pointer (&page, g_ptr_array_unref);

  page = schnack_store_search_messages (store, 0, NULL, "survivor", 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 40);

  g_clear_object (&store);
  g_unsetenv ("SCHNACK_TEST_KILL_DB");
  store_test_rm_rf (dir);
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : 0;
}

/* A burst of history goes to the write-ahead log; copying it into the
 * database file is done by the store's checkpoint worker while this
 * thread does not touch the store at all, and the log does not grow
 * without end. (SQLite's own automatic checkpoint, which the worker
 * replaces, would run inside our commits.) */
/* Stores one slice of 200 messages with random ids, as a room burst does. */
static void
insert_burst_slice (SchnackStore *store,
                    gint64        account,
                    guint        *n)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_message_record_free);
  g_autoptr(GError) error = NULL;
  gboolean inserted[200];

  for (guint i = 0; i < G_N_ELEMENTS (inserted); i++, (*n)++)
    {
      g_autofree char *body = g_strdup_printf ("message %u of a long burst, with a few words", *n);
      SchnackMessageRecord *record = store_test_message_new (account, BOB, body, 1000 + *n);

      record->stanza_id = g_uuid_string_random ();
      record->stanza_id_by = g_strdup (ALICE);
      record->message_id = g_uuid_string_random ();
      g_ptr_array_add (records, record);
    }
  g_assert_cmpuint (schnack_store_insert_messages (store, (SchnackMessageRecord **) records->pdata,
                                                   records->len, 0, inserted, &error), ==, records->len);
  g_assert_no_error (error);
}

/* History goes to the write-ahead log first; copying it into the
 * database file is the checkpoint worker's job, done while this thread
 * does not touch the store at all (SQLite's automatic checkpoint, which
 * the worker replaces, would run inside our commits). And in a long
 * burst the log stays bounded. */
static void
test_log_checkpointed_in_background (StoreFixture  *fixture,
                                     gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  gint64 account = store_test_add_account (fixture->store, ALICE);
  gint64 empty_size = file_size (fixture->path);
  gint64 max_wal = 0;
  gint64 deadline;
  guint n = 0;

  /* Past 1,000 pages (4 MB) of log, below the size where a commit
   * would checkpoint by itself. */
  while (file_size (wal) < 4200 * 1024)
    insert_burst_slice (fixture->store, account, &n);
  g_assert_cmpint (file_size (wal), <, 12 * 1024 * 1024);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (file_size (fixture->path) <= empty_size && g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);
  g_test_message ("%u messages: database file %" G_GINT64_FORMAT " bytes (was %" G_GINT64_FORMAT ")",
                  n, file_size (fixture->path), empty_size);
  g_assert_cmpint (file_size (fixture->path), >, empty_size + 512 * 1024);

  /* A long burst: 4,000 pages of log and one more slice at most. */
  for (guint slice = 0; slice < 80; slice++)
    {
      insert_burst_slice (fixture->store, account, &n);
      max_wal = MAX (max_wal, file_size (wal));
    }
  g_test_message ("log at most %" G_GINT64_FORMAT " bytes", max_wal);
  g_assert_cmpint (max_wal, <, 20 * 1024 * 1024);

  store_fixture_reopen (fixture);
  g_assert_cmpint (schnack_store_count_messages (fixture->store, account, BOB), ==, n);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)

  ADD ("/store/messages/dedup/same-stanza-id", test_same_stanza_id_twice);
  ADD ("/store/messages/dedup/carbon-then-archive", test_carbon_then_archive);
  ADD ("/store/messages/dedup/own-message-from-archive", test_own_message_from_archive);
  ADD ("/store/messages/dedup/same-origin-id-other-sender", test_same_origin_id_other_sender);
  ADD ("/store/messages/dedup/missing-stanza-id-by", test_missing_stanza_id_by);
  ADD ("/store/messages/fields-round-trip", test_fields_round_trip);
  ADD ("/store/messages/paging", test_paging);
  ADD ("/store/messages/paging-uses-index", test_paging_uses_index);
  ADD ("/store/messages/search", test_search);
  ADD ("/store/messages/insert-batch", test_insert_batch);
  ADD ("/store/messages/log-checkpointed-in-background", test_log_checkpointed_in_background);
  ADD ("/store/messages/search-common-word", test_search_common_word);
  ADD ("/store/messages/search-follows-edits", test_search_follows_edits);
  g_test_add_func ("/store/messages/delivery-state-rules", test_delivery_state_rules);
  ADD ("/store/messages/delivery-states", test_delivery_states);
  ADD ("/store/messages/pending", test_pending);
  ADD ("/store/messages/find-by-message-id", test_find_by_message_id);
  g_test_add_func ("/store/messages/survives-kill", test_survives_kill);

#undef ADD

  return g_test_run ();
}
