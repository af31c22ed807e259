/* test-store-accounts.c — the accounts table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "store-test-util.h"

static void
test_crud (StoreFixture  *fixture,
           gconstpointer  data)
{
  g_autoptr(SchnackAccountRecord) alice = schnack_account_record_new ();
  g_autoptr(SchnackAccountRecord) bob = schnack_account_record_new ();
  g_autoptr(SchnackAccountRecord) found = NULL;
  g_autoptr(SchnackAccountRecord) copy = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = g_get_real_time ();

  g_assert_true (alice->enabled);

  alice->jid = g_strdup ("alice@example.test");
  alice->resource = g_strdup ("laptop");
  alice->host = g_strdup ("127.0.0.1");
  alice->port = 5223;
  alice->direct_tls = TRUE;
  alice->pinned_cert_sha256 = g_strdup ("ab12cd34");
  g_assert_true (schnack_store_add_account (fixture->store, alice, &error));
  g_assert_no_error (error);
  g_assert_cmpint (alice->id, >, 0);
  g_assert_cmpint (alice->created_at, >=, before);
  g_assert_cmpint (alice->created_at, <=, g_get_real_time ());

  bob->jid = g_strdup ("bob@example.test");
  g_assert_true (schnack_store_add_account (fixture->store, bob, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bob->id, >, alice->id);

  found = schnack_store_find_account (fixture->store, "alice@example.test", &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (found->id, ==, alice->id);
  g_assert_cmpstr (found->jid, ==, "alice@example.test");
  g_assert_cmpstr (found->resource, ==, "laptop");
  g_assert_cmpstr (found->host, ==, "127.0.0.1");
  g_assert_cmpuint (found->port, ==, 5223);
  g_assert_true (found->direct_tls);
  g_assert_cmpstr (found->pinned_cert_sha256, ==, "ab12cd34");
  g_assert_true (found->enabled);
  g_assert_cmpint (found->created_at, ==, alice->created_at);
  g_clear_pointer (&found, schnack_account_record_free);

  /* Unset optional fields come back unset, not as empty strings. */
  found = schnack_store_find_account (fixture->store, "bob@example.test", &error);
  g_assert_no_error (error);
  g_assert_null (found->resource);
  g_assert_null (found->host);
  g_assert_cmpuint (found->port, ==, 0);
  g_assert_false (found->direct_tls);
  g_assert_null (found->pinned_cert_sha256);
  g_clear_pointer (&found, schnack_account_record_free);

  accounts = schnack_store_list_accounts (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 2);
  g_assert_cmpstr (((SchnackAccountRecord *) accounts->pdata[0])->jid, ==, "alice@example.test");
  g_assert_cmpstr (((SchnackAccountRecord *) accounts->pdata[1])->jid, ==, "bob@example.test");
  g_clear_pointer (&accounts, g_ptr_array_unref);

  /* Editing: a new pin, another port, disabled. */
  g_free (alice->pinned_cert_sha256);
  alice->pinned_cert_sha256 = g_strdup ("ef56");
  alice->port = 5222;
  alice->direct_tls = FALSE;
  alice->enabled = FALSE;
  g_clear_pointer (&alice->resource, g_free);
  g_assert_true (schnack_store_update_account (fixture->store, alice, &error));
  g_assert_no_error (error);

  store_fixture_reopen (fixture);
  found = schnack_store_find_account (fixture->store, "alice@example.test", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->pinned_cert_sha256, ==, "ef56");
  g_assert_cmpuint (found->port, ==, 5222);
  g_assert_false (found->direct_tls);
  g_assert_false (found->enabled);
  g_assert_null (found->resource);
  g_assert_cmpint (found->created_at, ==, alice->created_at);

  copy = schnack_account_record_copy (found);
  g_assert_true (copy->jid != found->jid);
  g_assert_cmpstr (copy->jid, ==, found->jid);
  g_clear_pointer (&found, schnack_account_record_free);

  g_assert_true (schnack_store_remove_account (fixture->store, alice->id, &error));
  g_assert_no_error (error);
  found = schnack_store_find_account (fixture->store, "alice@example.test", &error);
  g_assert_no_error (error);
  g_assert_null (found);

  /* Removing twice is fine; updating what is gone is not. */
  g_assert_true (schnack_store_remove_account (fixture->store, alice->id, &error));
  g_assert_no_error (error);
  g_assert_false (schnack_store_update_account (fixture->store, alice, &error));
  g_assert_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  accounts = schnack_store_list_accounts (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
}

static void
test_duplicate_jid (StoreFixture  *fixture,
                    gconstpointer  data)
{
  g_autoptr(SchnackAccountRecord) again = schnack_account_record_new ();
  g_autoptr(SchnackAccountRecord) carol = schnack_account_record_new ();
  g_autoptr(GError) error = NULL;

  store_test_add_account (fixture->store, "alice@example.test");

  again->jid = g_strdup ("alice@example.test");
  g_assert_false (schnack_store_add_account (fixture->store, again, &error));
  g_assert_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "alice@example.test"));
  g_assert_cmpint (again->id, ==, 0);
  g_clear_error (&error);

  /* Renaming onto an existing account is refused the same way. */
  carol->jid = g_strdup ("carol@example.test");
  g_assert_true (schnack_store_add_account (fixture->store, carol, &error));
  g_free (carol->jid);
  carol->jid = g_strdup ("alice@example.test");
  g_assert_false (schnack_store_update_account (fixture->store, carol, &error));
  g_assert_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_EXISTS);
}

static void
test_find_missing (StoreFixture  *fixture,
                   gconstpointer  data)
{
  g_autoptr(SchnackAccountRecord) found = NULL;
  g_autoptr(GError) error = NULL;

  found = schnack_store_find_account (fixture->store, "nobody@example.test", &error);
  g_assert_no_error (error);
  g_assert_null (found);
}

static void
test_no_password_column (StoreFixture  *fixture,
                         gconstpointer  data)
{
  sqlite3 *db = schnack_store_get_db (fixture->store);
  sqlite3_stmt *tables = NULL;
  guint accounts_columns = 0;

  /* Every table, not only accounts: a password has no place in this file. */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT name FROM sqlite_master WHERE type = 'table'",
                                       -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (tables, 0);
      sqlite3_stmt *info = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db,
                                           "SELECT name FROM pragma_table_info (?1)",
                                           -1, &info, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (info, 1, table, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (info) == SQLITE_ROW)
        {
          g_autofree char *column = g_ascii_strdown ((const char *) sqlite3_column_text (info, 0), -1);

          if (g_str_equal (table, "accounts"))
            accounts_columns++;
          if (strstr (column, "pass") != NULL || strstr (column, "secret") != NULL)
            g_error ("Table %s has a column %s", table, column);
        }
      sqlite3_finalize (info);
    }
  sqlite3_finalize (tables);

  g_assert_cmpuint (accounts_columns, ==, 12);
}

static void
test_cascade (StoreFixture  *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *check = NULL;
  gint64 alice, bob;

  alice = store_test_add_account (fixture->store, "alice@example.test");
  bob = store_test_add_account (fixture->store, "bob@example.test");

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(SchnackMessageRecord) a = store_test_message_new (alice, "carol@example.test", "zebra crossing", 1000 + i);
      g_autoptr(SchnackMessageRecord) b = store_test_message_new (bob, "carol@example.test", "zebra stripes", 1000 + i);

      store_test_insert (fixture->store, a);
      store_test_insert (fixture->store, b);
    }

  g_assert_true (schnack_store_remove_account (fixture->store, alice, &error));
  g_assert_no_error (error);

  g_assert_cmpint (schnack_store_count_messages (fixture->store, alice, NULL), ==, 0);
  g_assert_cmpint (schnack_store_count_messages (fixture->store, bob, NULL), ==, 5);

  /* The search index forgot them too. */
  found = schnack_store_search_messages (fixture->store, 0, NULL, "zebra", 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 5);
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpint (((SchnackMessageRecord *) found->pdata[i])->account_id, ==, bob);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = schnack_store_search_messages (fixture->store, 0, NULL, "crossing", 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);

  g_assert_cmpint (sqlite3_prepare_v2 (schnack_store_get_db (fixture->store),
                                       "INSERT INTO messages_fts (messages_fts, rank)"
                                       " VALUES ('integrity-check', 1)",
                                       -1, &check, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (check), ==, SQLITE_DONE);
  sqlite3_finalize (check);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)

  ADD ("/store/accounts/crud", test_crud);
  ADD ("/store/accounts/duplicate-jid", test_duplicate_jid);
  ADD ("/store/accounts/find-missing", test_find_missing);
  ADD ("/store/accounts/no-password-column", test_no_password_column);
  ADD ("/store/accounts/removal-cascades", test_cascade);

#undef ADD

  return g_test_run ();
}
