/* test-account-management.c — enable, edit, change password, delete
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The account settings a user changes later, against a real Prosody and
 * a keyring on a private bus (with-keyring.sh).
 */
#include <gio/gio.h>
#include <string.h>

#include "connection-test-util.h"
#include "core/account-manager.h"
#include "secrets/secrets.h"
#include "test-peer.h"

#define TIMEOUT_MS 15000

static SchnackTestProsody *server;

typedef struct {
  char                  *store_path;
  SchnackStore          *store;
  SchnackAccountManager *manager;
  SchnackAccount        *account;
  char                  *jid;
} Fixture;

static gboolean
account_in_state (gpointer data)
{
  SchnackAccount *account = ((gpointer *) data)[0];
  SchnackConnectionState state = GPOINTER_TO_INT (((gpointer *) data)[1]);

  return schnack_account_get_state (account) == state;
}

static void
assert_state (SchnackAccount         *account,
              SchnackConnectionState  state)
{
  gpointer data[2] = { account, GINT_TO_POINTER (state) };

  if (!schnack_test_wait_until (account_in_state, data, TIMEOUT_MS))
    g_error ("%s is in state %d, not %d: %s", schnack_account_get_jid (account),
             schnack_account_get_state (account), state, schnack_account_get_status_text (account));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *user = schnack_test_unique_user ("manage");
  g_autofree char *name = g_strdup_printf ("manage-%u.db", g_random_int ());
  g_autoptr(SchnackAccountRecord) settings = schnack_account_record_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (schnack_test_prosody_register (server, user, "localhost", "first-password", NULL));
  fixture->jid = g_strdup_printf ("%s@localhost", user);
  fixture->store_path = g_build_filename (g_get_user_data_dir (), name, NULL);
  fixture->store = schnack_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  fixture->manager = schnack_account_manager_new (fixture->store);
  schnack_account_manager_set_ca_file (fixture->manager, schnack_test_prosody_get_ca_file (server));

  settings->jid = g_strdup (fixture->jid);
  settings->host = g_strdup ("127.0.0.1");
  settings->port = schnack_test_prosody_get_c2s_port (server);
  fixture->account = schnack_account_manager_add (fixture->manager, settings, "first-password", TRUE, &error);
  g_assert_no_error (error);
  assert_state (fixture->account, SCHNACK_CONNECTION_ONLINE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->manager);
  g_clear_object (&fixture->store);
  g_free (fixture->store_path);
  g_free (fixture->jid);
}

static void
reopen (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->manager);
  g_clear_object (&fixture->store);
  fixture->store = schnack_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  fixture->manager = schnack_account_manager_new (fixture->store);
  schnack_account_manager_set_ca_file (fixture->manager, schnack_test_prosody_get_ca_file (server));
  g_assert_true (schnack_account_manager_load (fixture->manager, &error));
  fixture->account = schnack_account_manager_find (fixture->manager, fixture->jid);
  g_assert_nonnull (fixture->account);
}

static void
test_disable_and_enable (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (schnack_account_set_enabled (fixture->account, FALSE, &error));
  assert_state (fixture->account, SCHNACK_CONNECTION_OFFLINE);

  /* Still disabled after a restart: listed, but not signing in. */
  reopen (fixture);
  g_assert_false (schnack_account_get_enabled (fixture->account));
  schnack_test_run_for (1500);
  g_assert_cmpint (schnack_account_get_state (fixture->account), ==, SCHNACK_CONNECTION_OFFLINE);

  g_assert_true (schnack_account_set_enabled (fixture->account, TRUE, &error));
  assert_state (fixture->account, SCHNACK_CONNECTION_ONLINE);
}

static void
test_edit_settings_reconnects (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(SchnackAccountRecord) settings = schnack_account_record_copy (schnack_account_get_settings (fixture->account));
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_prefix = NULL;

  g_free (settings->resource);
  settings->resource = g_strdup ("laptop");
  settings->priority = 7;
  g_assert_true (schnack_account_update_settings (fixture->account, settings, &error));
  g_assert_no_error (error);

  /* Signed in again with the new resource. */
  expected_prefix = g_strdup_printf ("%s/laptop", fixture->jid);
  assert_state (fixture->account, SCHNACK_CONNECTION_ONLINE);
  for (guint i = 0; i < 100 && g_strcmp0 (schnack_connection_get_bound_jid (schnack_account_get_connection (fixture->account)),
                                          expected_prefix) != 0; i++)
    schnack_test_run_for (100);
  g_assert_cmpstr (schnack_connection_get_bound_jid (schnack_account_get_connection (fixture->account)), ==,
                   expected_prefix);

  reopen (fixture);
  g_assert_cmpstr (schnack_account_get_settings (fixture->account)->resource, ==, "laptop");
  g_assert_cmpint (schnack_account_get_settings (fixture->account)->priority, ==, 7);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
have_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SchnackSecretsPassword) password = schnack_secrets_lookup_password_finish (result, NULL);

  *(char **) user_data = g_strdup (password != NULL ? password : "");
}

static gboolean
string_set (gpointer data)
{
  return *(char **) data != NULL;
}

static void
test_change_password (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackTestPeer) with_new = NULL;
  g_autoptr(SchnackTestPeer) with_old = NULL;
  g_autofree char *in_keyring = NULL;

  schnack_account_change_password_async (fixture->account, "second-password", NULL, on_done, &result);
  g_assert_true (schnack_test_wait_until (have_result, &result, TIMEOUT_MS));
  g_assert_true (schnack_account_change_password_finish (fixture->account, result, &error));
  g_assert_no_error (error);

  /* The server takes the new one and refuses the old one … */
  with_new = schnack_test_peer_start (server, fixture->jid, "second-password", &error);
  g_assert_no_error (error);
  with_old = schnack_test_peer_start (server, fixture->jid, "first-password", &error);
  g_assert_null (with_old);
  g_clear_error (&error);

  /* … and the keyring has the new one for the next start. */
  schnack_secrets_lookup_password_async (fixture->jid, NULL, on_looked_up, &in_keyring);
  g_assert_true (schnack_test_wait_until (string_set, &in_keyring, TIMEOUT_MS));
  g_assert_cmpstr (in_keyring, ==, "second-password");
}

static void
test_delete_on_server (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackTestPeer) peer = NULL;
  g_autoptr(SchnackAccountRecord) stored = NULL;

  schnack_account_manager_delete_on_server_async (fixture->manager, fixture->account, NULL, on_done, &result);
  g_assert_true (schnack_test_wait_until (have_result, &result, TIMEOUT_MS));
  g_assert_true (schnack_account_manager_delete_on_server_finish (fixture->manager, result, &error));
  g_assert_no_error (error);

  /* Gone from Schnack … */
  g_assert_null (schnack_account_manager_find (fixture->manager, fixture->jid));
  stored = schnack_store_find_account (fixture->store, fixture->jid, &error);
  g_assert_no_error (error);
  g_assert_null (stored);

  /* … and from the server: nobody can sign in with it any more. */
  peer = schnack_test_peer_start (server, fixture->jid, "first-password", &error);
  g_assert_null (peer);
  g_assert_nonnull (error);
}

static void
test_remove_keeps_server_account (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackTestPeer) peer = NULL;

  g_assert_true (schnack_account_manager_remove (fixture->manager, fixture->account, &error));
  g_assert_null (schnack_account_manager_find (fixture->manager, fixture->jid));

  {
    g_autoptr(SchnackAccountRecord) stored = schnack_store_find_account (fixture->store, fixture->jid, &error);
    g_assert_null (stored);
  }

  peer = schnack_test_peer_start (server, fixture->jid, "first-password", &error);
  g_assert_no_error (error);
  g_assert_nonnull (peer);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!schnack_test_prosody_available (&reason))
    {
      g_printerr ("SKIP: %s\n", reason);
      return 77;
    }
  server = schnack_test_prosody_start (NULL, &error);
  g_assert_no_error (error);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/account-management/disable-and-enable", test_disable_and_enable);
  ADD ("/account-management/edit-settings-reconnects", test_edit_settings_reconnects);
  ADD ("/account-management/change-password", test_change_password);
  ADD ("/account-management/delete-on-server", test_delete_on_server);
  ADD ("/account-management/remove-keeps-server-account", test_remove_keeps_server_account);
#undef ADD

  status = g_test_run ();
  schnack_test_prosody_free (server);
  return status;
}
