/* test-store-roster.c — the contact list as last seen survives restarts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "store-test-util.h"
#include "store/roster.h"

static SchnackRosterRecord *
record (const char *jid,
        const char *name,
        const char *group)
{
  SchnackRosterRecord *item = schnack_roster_record_new (jid);

  item->name = g_strdup (name);
  item->subscription = 3;
  if (group != NULL)
    {
      g_strfreev (item->groups);
      item->groups = g_strsplit (group, ",", -1);
    }
  return item;
}

static void
test_replace_and_load (StoreFixture  *fixture,
                       gconstpointer  data)
{
  gint64 account = store_test_add_account (fixture->store, "me@example.org");
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_roster_record_free);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  SchnackRosterRecord *anna;

  g_ptr_array_add (items, record ("anna@example.org", "Anna <Vorstand>", "Verein,Familie"));
  g_ptr_array_add (items, record ("bob@example.test", NULL, NULL));
  g_assert_true (schnack_store_replace_roster (fixture->store, account, items, "v1", &error));
  g_assert_no_error (error);

  store_fixture_reopen (fixture);
  loaded = schnack_store_load_roster (fixture->store, account, &version, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, "v1");
  g_assert_cmpuint (loaded->len, ==, 2);
  anna = g_ptr_array_index (loaded, 0);
  g_assert_cmpstr (anna->jid, ==, "anna@example.org");
  g_assert_cmpstr (anna->name, ==, "Anna <Vorstand>");
  g_assert_cmpuint (g_strv_length (anna->groups), ==, 2);
  g_assert_cmpstr (anna->groups[1], ==, "Familie");
  g_assert_cmpint (anna->subscription, ==, 3);
  g_assert_cmpuint (g_strv_length (((SchnackRosterRecord *) g_ptr_array_index (loaded, 1))->groups), ==, 0);
}

static void
test_pushes_and_cascade (StoreFixture  *fixture,
                         gconstpointer  data)
{
  gint64 account = store_test_add_account (fixture->store, "me@example.org");
  g_autoptr(SchnackRosterRecord) carla = record ("carla@example.org", "Carla", NULL);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;

  g_assert_true (schnack_store_save_roster_item (fixture->store, account, carla, "v2", &error));
  g_free (carla->name);
  carla->name = g_strdup ("Carla K.");
  g_assert_true (schnack_store_save_roster_item (fixture->store, account, carla, "v3", &error));
  loaded = schnack_store_load_roster (fixture->store, account, &version, &error);
  g_assert_cmpuint (loaded->len, ==, 1);
  g_assert_cmpstr (((SchnackRosterRecord *) g_ptr_array_index (loaded, 0))->name, ==, "Carla K.");
  g_assert_cmpstr (version, ==, "v3");
  g_clear_pointer (&loaded, g_ptr_array_unref);
  g_clear_pointer (&version, g_free);

  g_assert_true (schnack_store_remove_roster_item (fixture->store, account, "carla@example.org", "v4", &error));
  loaded = schnack_store_load_roster (fixture->store, account, &version, &error);
  g_assert_cmpuint (loaded->len, ==, 0);
  g_assert_cmpstr (version, ==, "v4");
  g_clear_pointer (&loaded, g_ptr_array_unref);

  /* Removing the account removes its contact list too. */
  g_assert_true (schnack_store_save_roster_item (fixture->store, account, carla, "v5", &error));
  g_assert_true (schnack_store_remove_account (fixture->store, account, &error));
  loaded = schnack_store_load_roster (fixture->store, account, NULL, &error);
  g_assert_cmpuint (loaded->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/store/roster/replace-and-load", StoreFixture, NULL,
              store_fixture_set_up, test_replace_and_load, store_fixture_tear_down);
  g_test_add ("/store/roster/pushes-and-cascade", StoreFixture, NULL,
              store_fixture_set_up, test_pushes_and_cascade, store_fixture_tear_down);
  return g_test_run ();
}
