/* test-store-migrations.c — opening, creating and upgrading the database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <sys/stat.h>

#include "store-test-util.h"
#include "store/conversations.h"

/* A plain connection of the test's own, to look at the file from outside. */
static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  return db;
}

static void
exec_raw (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gboolean
has_object (sqlite3    *db,
            const char *type,
            const char *name)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT 1 FROM sqlite_master WHERE type = ?1 AND name = ?2",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("schnack-store-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char *
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  /* g_dir_read_name() reuses its buffer: copy each name. */
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (",", (char **) names->pdata);
}

typedef struct
{
  GBytes      *bytes;
  GStatBuf     st;
} FileSnapshot;

static void
snapshot (const char   *path,
          FileSnapshot *out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  out->bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_assert_cmpint (g_stat (path, &out->st), ==, 0);
}

static void
assert_unchanged (const char         *path,
                  const FileSnapshot *before)
{
  FileSnapshot after;

  snapshot (path, &after);
  g_assert_true (g_bytes_equal (before->bytes, after.bytes));
  g_assert_cmpint (before->st.st_size, ==, after.st.st_size);
  g_assert_cmpint (before->st.st_mtim.tv_sec, ==, after.st.st_mtim.tv_sec);
  g_assert_cmpint (before->st.st_mtim.tv_nsec, ==, after.st.st_mtim.tv_nsec);
  g_assert_cmpint (before->st.st_ctim.tv_sec, ==, after.st.st_ctim.tv_sec);
  g_assert_cmpint (before->st.st_ctim.tv_nsec, ==, after.st.st_ctim.tv_nsec);
  g_bytes_unref (after.bytes);
}

static void
test_new_file (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "new.db", NULL);
  g_autoptr(SchnackStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  sqlite3 *db;

  store = schnack_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (schnack_store_get_schema_version (store), ==, SCHNACK_STORE_SCHEMA_VERSION);
  g_assert_cmpint (SCHNACK_STORE_SCHEMA_VERSION, ==, 10);
  g_assert_cmpstr (schnack_store_get_path (store), ==, path);

  /* Private messages: nobody but the user may read the file, nor the
   * write-ahead log next to it, which holds the newest ones. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);

    g_assert_cmpint (g_stat (wal, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }

  db = schnack_store_get_db (store);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 10);
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (db, "PRAGMA busy_timeout"), ==, 5000);
  g_assert_cmpint (query_int (db, "PRAGMA synchronous"), ==, 1);
  g_clear_object (&store);

  db = open_raw (path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 10);
  g_assert_true (has_object (db, "table", "accounts"));
  g_assert_true (has_object (db, "table", "roster_items"));
  g_assert_true (has_object (db, "table", "conversations"));
  g_assert_true (has_object (db, "index", "messages_time"));
  g_assert_true (has_object (db, "table", "messages"));
  g_assert_true (has_object (db, "table", "messages_fts"));
  g_assert_true (has_object (db, "table", "reactions"));
  g_assert_true (has_object (db, "trigger", "conversations_on_message_delete"));
  g_assert_true (has_object (db, "index", "messages_stanza_id"));
  g_assert_true (has_object (db, "index", "messages_origin_id"));
  g_assert_true (has_object (db, "index", "messages_page"));
  g_assert_true (has_object (db, "trigger", "messages_fts_insert"));
  g_assert_true (has_object (db, "trigger", "messages_fts_delete"));
  g_assert_true (has_object (db, "trigger", "messages_fts_update"));
  /* WAL is a property of the file, so a new connection sees it too. */
  g_assert_cmpint (query_int (db, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), ==, 1);
  sqlite3_close (db);

  store_test_rm_rf (dir);
}

static void
test_empty_file (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "empty.db", NULL);
  g_autoptr(SchnackStore) store = NULL;
  g_autoptr(GError) error = NULL;

  /* What a crash between creating and initializing the file leaves. */
  g_assert_true (g_file_set_contents (path, "", 0, &error));
  store = schnack_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (schnack_store_get_schema_version (store), ==, SCHNACK_STORE_SCHEMA_VERSION);
  g_assert_cmpint (schnack_store_count_messages (store, 1, NULL), ==, 0);

  g_clear_object (&store);
  store_test_rm_rf (dir);
}

static void
check_too_new (gboolean wal)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "future.db", NULL);
  g_autofree char *files_before = NULL;
  g_autofree char *files_after = NULL;
  g_autoptr(SchnackStore) store = NULL;
  g_autoptr(GError) error = NULL;
  FileSnapshot before;
  sqlite3 *db;

  db = open_raw (path);
  if (wal)
    exec_raw (db, "PRAGMA journal_mode = WAL");
  exec_raw (db,
            "CREATE TABLE messages (id INTEGER PRIMARY KEY, body TEXT, sent_with_schnack_99 INTEGER);"
            "INSERT INTO messages (body) VALUES ('from the future');"
            "PRAGMA user_version = 99;");
  sqlite3_close (db);

  files_before = list_dir (dir);
  snapshot (path, &before);
  /* File times tick with the kernel's clock; make any write visible. */
  g_usleep (20 * 1000);

  store = schnack_store_open (path, &error);
  g_assert_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_SCHEMA_TOO_NEW);
  g_assert_null (store);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "newer version of Schnack"));
  g_assert_nonnull (strstr (error->message, "99"));
  {
    g_autofree char *knows = g_strdup_printf ("knows %d", SCHNACK_STORE_SCHEMA_VERSION);

    g_assert_nonnull (strstr (error->message, knows));
  }

  assert_unchanged (path, &before);
  /* Not even a journal next to it. A read-only look at a WAL file may
   * leave an empty -shm index; the database itself is what must not move. */
  files_after = list_dir (dir);
  if (!wal)
    g_assert_cmpstr (files_before, ==, files_after);

  /* And it is still the newer version's database. */
  db = open_raw (path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 99);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM messages"), ==, 1);
  sqlite3_close (db);

  g_bytes_unref (before.bytes);
  store_test_rm_rf (dir);
}

static void
test_too_new (void)
{
  check_too_new (FALSE);
}

static void
test_too_new_wal (void)
{
  check_too_new (TRUE);
}

static void
test_not_a_database (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "notes.txt", NULL);
  g_autoptr(SchnackStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = "Shopping list: milk, bread, an XMPP client that does not eat my files.\n"
                     "This is long enough to cover a database header and then some more.\n";
  FileSnapshot before;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  snapshot (path, &before);
  g_usleep (20 * 1000);

  store = schnack_store_open (path, &error);
  g_assert_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_OPEN);
  g_assert_null (store);
  assert_unchanged (path, &before);

  g_bytes_unref (before.bytes);
  store_test_rm_rf (dir);
}

static void
test_failed_migration_rolls_back (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "clash.db", NULL);
  g_autoptr(SchnackStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  /* Version 0 but already holding a table the migration wants to create:
   * the migration fails half-way and must leave nothing of itself. */
  db = open_raw (path);
  exec_raw (db, "CREATE TABLE messages (x); INSERT INTO messages VALUES ('keep me');");
  sqlite3_close (db);

  store = schnack_store_open (path, &error);
  g_assert_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_MIGRATION);
  g_assert_null (store);
  g_test_message ("%s", error->message);

  db = open_raw (path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 0);
  g_assert_false (has_object (db, "table", "accounts"));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM messages WHERE x = 'keep me'"), ==, 1);
  sqlite3_close (db);

  store_test_rm_rf (dir);
}

static void
test_reopen_keeps_data (StoreFixture  *fixture,
                        gconstpointer  data)
{
  g_autoptr(SchnackMessageRecord) message = NULL;
  g_autoptr(SchnackAccountRecord) account = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 account_id;

  account_id = store_test_add_account (fixture->store, "alice@example.test");
  message = store_test_message_new (account_id, "bob@example.test", "Still here tomorrow?", 1000);
  store_test_insert (fixture->store, message);

  store_fixture_reopen (fixture);
  store_fixture_reopen (fixture);

  g_assert_cmpint (schnack_store_get_schema_version (fixture->store), ==, SCHNACK_STORE_SCHEMA_VERSION);
  account = schnack_store_find_account (fixture->store, "alice@example.test", &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  g_assert_cmpint (account->id, ==, account_id);

  page = schnack_store_list_messages (fixture->store, account_id, "bob@example.test", 0, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_cmpstr (((SchnackMessageRecord *) page->pdata[0])->body, ==, "Still here tomorrow?");
}

/* A second Schnack (or a helper process) on the same file sees what the
 * first one wrote, while the first is still open. */
static void
test_two_stores_one_file (StoreFixture  *fixture,
                          gconstpointer  data)
{
  g_autoptr(SchnackStore) second = NULL;
  g_autoptr(SchnackAccountRecord) found = NULL;
  g_autoptr(GError) error = NULL;
  gint64 account_id;

  second = schnack_store_open (fixture->path, &error);
  g_assert_no_error (error);

  account_id = store_test_add_account (fixture->store, "alice@example.test");
  found = schnack_store_find_account (second, "alice@example.test", &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (found->id, ==, account_id);

  {
    g_autoptr(SchnackMessageRecord) message = store_test_message_new (account_id, "bob@example.test", "hi", 1000);

    store_test_insert (second, message);
  }
  g_assert_cmpint (schnack_store_count_messages (fixture->store, account_id, NULL), ==, 1);
}

static void
test_default_path (void)
{
  g_autofree char *data_home = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SchnackStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  /* main() pointed XDG_DATA_HOME into a temp dir before GLib read it. */
  data_home = g_strdup (g_getenv ("XDG_DATA_HOME"));
  g_assert_cmpstr (g_get_user_data_dir (), ==, data_home);
  expected = g_build_filename (data_home, "schnack", "schnack.db", NULL);

  path = schnack_store_default_path ();
  g_assert_cmpstr (path, ==, expected);

  store = schnack_store_open (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (schnack_store_get_path (store), ==, expected);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));

  g_clear_pointer (&path, g_free);
  path = g_path_get_dirname (expected);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
}

/* What schemas 9 and 10 added, undone. */
#define REWIND_TO_SCHEMA_8 \
  "ALTER TABLE messages DROP COLUMN occupant_id;" \
  "ALTER TABLE conversations DROP COLUMN notify_level;"

/* What schema 8 changed, undone too: the schema-7 index shapes. */
#define REWIND_TO_SCHEMA_7 \
  REWIND_TO_SCHEMA_8 \
  "DROP INDEX messages_stanza_id;" \
  "DROP INDEX messages_origin_id;" \
  "CREATE UNIQUE INDEX messages_stanza_id" \
  "  ON messages (account_id, conversation_jid, stanza_id_by, stanza_id) WHERE stanza_id IS NOT NULL;" \
  "CREATE UNIQUE INDEX messages_origin_id" \
  "  ON messages (account_id, conversation_jid, sender, origin_id) WHERE origin_id IS NOT NULL;" \
  "CREATE INDEX messages_origin_ref" \
  "  ON messages (account_id, conversation_jid, origin_id) WHERE origin_id IS NOT NULL;" \
  "CREATE INDEX messages_stanza_ref" \
  "  ON messages (account_id, conversation_jid, stanza_id) WHERE stanza_id IS NOT NULL;"

/* A database from the first release (schema 1, no priority column) is
 * upgraded in place and keeps its accounts and history. */
static void
test_upgrade_from_version_1 (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "v1.db", NULL);
  g_autoptr(SchnackStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) conversations = NULL;
  SchnackConversationRecord *conversation;
  SchnackAccountRecord *account;
  sqlite3 *db;

  store = schnack_store_open (path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  /* Turn it back into what version 1 wrote. */
  db = open_raw (path);
  g_assert_cmpint (sqlite3_exec (db,
                                 REWIND_TO_SCHEMA_7
                                 "DROP INDEX messages_time;"
                                 "DROP TRIGGER conversations_on_message_delete;"
                                 "DROP TRIGGER conversations_on_message;"
                                 "DROP TABLE reactions;"
                                 "DROP INDEX messages_unread_outgoing;"
                                 "DROP INDEX messages_stanza_ref;"
                                 "DROP INDEX messages_origin_ref;"
                                 "ALTER TABLE messages DROP COLUMN action_target;"
                                 "ALTER TABLE messages DROP COLUMN action;"
                                 "ALTER TABLE messages DROP COLUMN markable;"
                                 "ALTER TABLE messages DROP COLUMN reply_to_sender;"
                                 "ALTER TABLE messages DROP COLUMN reply_to_id;"
                                 "ALTER TABLE messages DROP COLUMN retracted;"
                                 "ALTER TABLE messages DROP COLUMN edited;"
                                 "DROP TABLE conversations;"
                                 "ALTER TABLE accounts DROP COLUMN archive_position;"
                                 "DROP TABLE roster_items;"
                                 "ALTER TABLE accounts DROP COLUMN roster_version;"
                                 "ALTER TABLE accounts DROP COLUMN priority;"
                                 "INSERT INTO accounts (jid, created_at) VALUES ('old@example.org', 1);"
                                 "INSERT INTO messages (account_id, conversation_jid, direction, body, sent_at)"
                                 "  VALUES (1, 'friend@example.org', 0, 'kept across the upgrade', 2);"
                                 "INSERT INTO messages (account_id, conversation_jid, direction, body, sent_at)"
                                 "  VALUES (1, 'friend@example.org', 1, 'the newest one', 3);"
                                 "PRAGMA user_version = 1;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = schnack_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (schnack_store_get_schema_version (store), ==, SCHNACK_STORE_SCHEMA_VERSION);
  accounts = schnack_store_list_accounts (store, &error);
  g_assert_cmpuint (accounts->len, ==, 1);
  account = g_ptr_array_index (accounts, 0);
  g_assert_cmpstr (account->jid, ==, "old@example.org");
  g_assert_cmpint (account->priority, ==, 0);
  g_assert_cmpint (schnack_store_count_messages (store, account->id, "friend@example.org"), ==, 2);

  /* History from before the conversation list shows in it, already read. */
  conversations = schnack_store_list_conversations (store, account->id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conversations->len, ==, 1);
  conversation = g_ptr_array_index (conversations, 0);
  g_assert_cmpstr (conversation->jid, ==, "friend@example.org");
  g_assert_cmpstr (conversation->last_body, ==, "the newest one");
  g_assert_cmpint (conversation->last_activity, ==, 3);
  g_assert_cmpuint (conversation->unread_count, ==, 0);
}

/* A database of schema 5 (conversation list, no corrections or
 * reactions) gets the new columns with neutral values, and the
 * conversation list keeps working with the replaced trigger. */
static void
test_upgrade_from_version_5 (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "v5.db", NULL);
  g_autoptr(SchnackStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackMessageRecord) kept = NULL;
  g_autoptr(SchnackConversationRecord) chat = NULL;
  sqlite3 *db;

  store = schnack_store_open (path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  db = open_raw (path);
  exec_raw (db, REWIND_TO_SCHEMA_7
  "DROP INDEX messages_time;"
  "DROP TRIGGER conversations_on_message_delete;"
  "DROP TRIGGER conversations_on_message;"
  "DROP TABLE reactions;"
  "DROP INDEX messages_unread_outgoing;"
  "DROP INDEX messages_stanza_ref;"
  "DROP INDEX messages_origin_ref;"
  "ALTER TABLE messages DROP COLUMN action_target;"
  "ALTER TABLE messages DROP COLUMN action;"
  "ALTER TABLE messages DROP COLUMN markable;"
  "ALTER TABLE messages DROP COLUMN reply_to_sender;"
  "ALTER TABLE messages DROP COLUMN reply_to_id;"
  "ALTER TABLE messages DROP COLUMN retracted;"
  "ALTER TABLE messages DROP COLUMN edited;"

                "CREATE TRIGGER conversations_on_message AFTER INSERT ON messages"
                "  WHEN new.body IS NOT NULL BEGIN"
                "  INSERT INTO conversations (account_id, jid, last_message_id, last_activity, unread_count)"
                "    VALUES (new.account_id, new.conversation_jid, new.id, new.sent_at, new.direction = 0)"
                "  ON CONFLICT (account_id, jid) DO UPDATE SET last_message_id = excluded.last_message_id,"
                "    last_activity = excluded.last_activity, unread_count = unread_count + excluded.unread_count;"
                "END;"
                "INSERT INTO accounts (jid, created_at) VALUES ('five@example.org', 1);"
                "INSERT INTO messages (account_id, conversation_jid, direction, body, sent_at, origin_id)"
                "  VALUES (1, 'friend@example.org', 0, 'from schema five', 2, 'five-1');"
                "PRAGMA user_version = 5;");
  g_assert_cmpint (query_int (db, "SELECT unread_count FROM conversations"), ==, 1);
  sqlite3_close (db);

  store = schnack_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (schnack_store_get_schema_version (store), ==, SCHNACK_STORE_SCHEMA_VERSION);

  kept = schnack_store_find_message_by_reference (store, 1, "friend@example.org", "five-1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (kept);
  g_assert_cmpstr (kept->body, ==, "from schema five");
  g_assert_false (kept->edited);
  g_assert_false (kept->retracted);
  g_assert_null (kept->reply_to_id);
  g_assert_cmpint (kept->action, ==, SCHNACK_MESSAGE_ACTION_NONE);

  /* The new trigger counts a new message, and a local delete uncounts it. */
  {
    g_autoptr(SchnackMessageRecord) later = schnack_message_record_new ();
    gboolean inserted = FALSE;

    later->account_id = 1;
    later->conversation_jid = g_strdup ("friend@example.org");
    later->direction = SCHNACK_MESSAGE_DIRECTION_INCOMING;
    later->body = g_strdup ("after the upgrade");
    later->sent_at = 3;
    g_assert_true (schnack_store_insert_message (store, later, &inserted, &error));
    chat = schnack_store_get_conversation (store, 1, "friend@example.org", &error);
    g_assert_cmpuint (chat->unread_count, ==, 2);
    g_assert_cmpstr (chat->last_body, ==, "after the upgrade");
    g_clear_pointer (&chat, schnack_conversation_record_free);

    g_assert_true (schnack_store_delete_message (store, later->id, &error));
    chat = schnack_store_get_conversation (store, 1, "friend@example.org", &error);
    g_assert_cmpuint (chat->unread_count, ==, 1);
    g_assert_cmpstr (chat->last_body, ==, "from schema five");
  }
  g_clear_object (&store);
  store_test_rm_rf (dir);
}

/* How SQLite would run @sql: the query plan's lines, joined. */
static char *
query_plan (sqlite3    *db,
            const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  GString *plan = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  return g_string_free (plan, FALSE);
}

/* Schema 7 → 8: the de-duplication indexes lead with the id. History
 * from before keeps being found by any of its ids, a repeated stanza-id
 * or origin-id is still refused, and each lookup by id uses an index. */
static void
test_upgrade_from_version_7 (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "v7.db", NULL);
  g_autoptr(SchnackStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackMessageRecord) by_stanza_id = NULL;
  g_autoptr(SchnackMessageRecord) by_origin_id = NULL;
  g_autoptr(SchnackMessageRecord) again = schnack_message_record_new ();
  gboolean inserted = TRUE;
  sqlite3 *db;

  store = schnack_store_open (path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  db = open_raw (path);
  exec_raw (db, REWIND_TO_SCHEMA_7
                "INSERT INTO accounts (jid, created_at) VALUES ('seven@example.org', 1);"
                "INSERT INTO messages (account_id, conversation_jid, conversation_kind, direction,"
                "                      sender, body, sent_at, origin_id, stanza_id, stanza_id_by)"
                "  VALUES (1, 'room@muc.example.org', 1, 0, 'anna', 'from schema seven', 2,"
                "          'origin-7', 'stanza-7', 'room@muc.example.org');"
                "PRAGMA user_version = 7;");
  sqlite3_close (db);

  store = schnack_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (schnack_store_get_schema_version (store), ==, SCHNACK_STORE_SCHEMA_VERSION);

  by_stanza_id = schnack_store_find_message_by_reference (store, 1, "room@muc.example.org", "stanza-7", &error);
  g_assert_no_error (error);
  g_assert_nonnull (by_stanza_id);
  g_assert_cmpstr (by_stanza_id->body, ==, "from schema seven");
  by_origin_id = schnack_store_find_message_by_reference (store, 1, "room@muc.example.org", "origin-7", &error);
  g_assert_no_error (error);
  g_assert_nonnull (by_origin_id);
  g_assert_cmpint (by_origin_id->id, ==, by_stanza_id->id);

  /* The archive repeating it is not a second message. */
  again->account_id = 1;
  again->conversation_jid = g_strdup ("room@muc.example.org");
  again->conversation_kind = SCHNACK_CONVERSATION_KIND_GROUPCHAT;
  again->direction = SCHNACK_MESSAGE_DIRECTION_INCOMING;
  again->sender = g_strdup ("anna");
  again->body = g_strdup ("from schema seven");
  again->sent_at = 2;
  again->stanza_id = g_strdup ("stanza-7");
  again->stanza_id_by = g_strdup ("room@muc.example.org");
  g_assert_true (schnack_store_insert_message (store, again, &inserted, &error));
  g_assert_no_error (error);
  g_assert_false (inserted);
  g_assert_cmpint (schnack_store_count_messages (store, 1, "room@muc.example.org"), ==, 1);

  db = schnack_store_get_db (store);
  g_assert_false (has_object (db, "index", "messages_stanza_ref"));
  g_assert_false (has_object (db, "index", "messages_origin_ref"));
  {
    g_autofree char *stanza_plan = query_plan (db, "SELECT id FROM messages WHERE account_id = 1"
                                                   " AND conversation_jid = 'r' AND stanza_id = 'x'");
    g_autofree char *origin_plan = query_plan (db, "SELECT id FROM messages WHERE account_id = 1"
                                                   " AND conversation_jid = 'r' AND origin_id = 'x'");

    g_assert_nonnull (strstr (stanza_plan, "INDEX messages_stanza_id (account_id=? AND conversation_jid=? AND stanza_id=?)"));
    g_assert_nonnull (strstr (origin_plan, "INDEX messages_origin_id (account_id=? AND conversation_jid=? AND origin_id=?)"));
  }
  g_clear_object (&store);
  store_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  /* Before anything asks GLib for the user data dir: it is cached. */
  data_home = g_dir_make_tmp ("schnack-data-home-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/migrations/new-file", test_new_file);
  g_test_add_func ("/store/migrations/upgrade-from-version-1", test_upgrade_from_version_1);
  g_test_add_func ("/store/migrations/upgrade-from-version-5", test_upgrade_from_version_5);
  g_test_add_func ("/store/migrations/upgrade-from-version-7", test_upgrade_from_version_7);
  g_test_add_func ("/store/migrations/empty-file", test_empty_file);
  g_test_add_func ("/store/migrations/schema-too-new", test_too_new);
  g_test_add_func ("/store/migrations/schema-too-new-wal", test_too_new_wal);
  g_test_add_func ("/store/migrations/not-a-database", test_not_a_database);
  g_test_add_func ("/store/migrations/failed-migration-rolls-back", test_failed_migration_rolls_back);
  g_test_add ("/store/migrations/reopen-keeps-data", StoreFixture, NULL,
              store_fixture_set_up, test_reopen_keeps_data, store_fixture_tear_down);
  g_test_add ("/store/migrations/two-stores-one-file", StoreFixture, NULL,
              store_fixture_set_up, test_two_stores_one_file, store_fixture_tear_down);
  g_test_add_func ("/store/migrations/default-path", test_default_path);

  status = g_test_run ();
  store_test_rm_rf (data_home);
  return status;
}
