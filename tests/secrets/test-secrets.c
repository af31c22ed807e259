/* test-secrets.c — passwords in a real gnome-keyring on a private bus
 *
 * Run through with-keyring.sh, which provides the bus, the keyring (or
 * deliberately none) and a throw-away HOME. Alone, the test skips itself
 * rather than touch the keyring of whoever runs it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <libsecret/secret.h>

#include "secrets/secrets.h"

#define ALICE "alice@example.test"
#define BOB   "bob@example.test"

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static gboolean
store_password (const char    *jid,
                const char    *password,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  schnack_secrets_store_password_async (jid, password, cancellable, on_done, &result);
  return schnack_secrets_store_password_finish (wait_for (&result), error);
}

static char *
lookup_password (const char    *jid,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  schnack_secrets_lookup_password_async (jid, cancellable, on_done, &result);
  return schnack_secrets_lookup_password_finish (wait_for (&result), error);
}

static gboolean
clear_password (const char    *jid,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  schnack_secrets_clear_password_async (jid, cancellable, on_done, &result);
  return schnack_secrets_clear_password_finish (wait_for (&result), error);
}

static void
assert_password (const char *jid,
                 const char *expected)
{
  g_autoptr(SchnackSecretsPassword) password = NULL;
  g_autoptr(GError) error = NULL;

  password = lookup_password (jid, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, expected);
}

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (store_password (ALICE, "correct horse battery stäple", NULL, &error));
  g_assert_no_error (error);
  assert_password (ALICE, "correct horse battery stäple");

  /* Saving again replaces, it does not add a second entry. */
  g_assert_true (store_password (ALICE, "new one", NULL, &error));
  g_assert_no_error (error);
  assert_password (ALICE, "new one");

  g_assert_true (clear_password (ALICE, NULL, &error));
  g_assert_no_error (error);
}

static void
test_accounts_are_separate (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (store_password (ALICE, "alice's", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (store_password (BOB, "bob's", NULL, &error));
  g_assert_no_error (error);

  assert_password (ALICE, "alice's");
  assert_password (BOB, "bob's");

  g_assert_true (clear_password (ALICE, NULL, &error));
  g_assert_no_error (error);
  assert_password (ALICE, NULL);
  assert_password (BOB, "bob's");

  g_assert_true (clear_password (BOB, NULL, &error));
  g_assert_no_error (error);
}

static void
test_clear (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (store_password (ALICE, "short-lived", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (clear_password (ALICE, NULL, &error));
  g_assert_no_error (error);
  assert_password (ALICE, NULL);

  /* Nothing left to clear is not an error. */
  g_assert_true (clear_password (ALICE, NULL, &error));
  g_assert_no_error (error);
}

static void
test_unknown_account (void)
{
  assert_password ("nobody@example.test", NULL);
}

static void
test_other_applications_entries (void)
{
  static const SecretSchema other_schema = {
    "org.example.OtherChat.Password", SECRET_SCHEMA_NONE,
    { { "account", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } },
  };
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autoptr(GError) error = NULL;

  /* Another program's entry with the same attribute is not ours: neither
   * returned nor deleted. */
  attributes = secret_attributes_build (&other_schema, "account", ALICE, NULL);
  value = secret_value_new ("theirs", -1, "text/plain");
  g_assert_true (secret_service_store_sync (NULL, &other_schema, attributes,
                                            SECRET_COLLECTION_DEFAULT, "Other chat",
                                            value, NULL, &error));
  g_assert_no_error (error);

  assert_password (ALICE, NULL);
  g_assert_true (clear_password (ALICE, NULL, &error));
  g_assert_no_error (error);

  g_clear_pointer (&value, secret_value_unref);
  value = secret_service_lookup_sync (NULL, &other_schema, attributes, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (value);
  g_assert_cmpstr (secret_value_get_text (value), ==, "theirs");
}

static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SchnackSecretsPassword) password = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);

  g_assert_false (store_password (ALICE, "never", cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  password = lookup_password (ALICE, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (password);
  g_clear_error (&error);

  g_assert_false (clear_password (ALICE, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  assert_password (ALICE, NULL);
}

/* Locks the default keyring behind the test's back. Unlocking needs a
 * prompt, and on this bus no prompter can be started, so every attempt
 * is refused — as when the user cancels the unlock dialog. */
static void
test_locked (void)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(SchnackSecretsPassword) password = NULL;
  g_autoptr(GError) error = NULL;
  GList *objects;

  g_assert_true (store_password (ALICE, "locked away", NULL, &error));
  g_assert_no_error (error);

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);
  objects = g_list_prepend (NULL, collection);
  g_assert_cmpint (secret_service_lock_sync (service, objects, NULL, NULL, &error), ==, 1);
  g_assert_no_error (error);
  g_list_free (objects);

  /* A locked password is not a missing password. */
  password = lookup_password (ALICE, NULL, &error);
  g_assert_error (error, SCHNACK_SECRETS_ERROR, SCHNACK_SECRETS_ERROR_LOCKED);
  g_assert_null (password);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "locked"));
  g_clear_error (&error);

  g_assert_false (store_password (BOB, "cannot", NULL, &error));
  g_assert_error (error, SCHNACK_SECRETS_ERROR, SCHNACK_SECRETS_ERROR_LOCKED);
  g_clear_error (&error);

  /* Claiming success here would leave the password behind unnoticed. */
  g_assert_false (clear_password (ALICE, NULL, &error));
  g_assert_error (error, SCHNACK_SECRETS_ERROR, SCHNACK_SECRETS_ERROR_LOCKED);
  g_clear_error (&error);
}

static void
assert_empty_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  dir = g_dir_open (path, 0, &error);
  g_assert_no_error (error);
  name = g_dir_read_name (dir);
  if (name != NULL)
    g_error ("Something was written to %s: %s", path, name);
}

static void
test_unavailable (void)
{
  g_autoptr(SchnackSecretsPassword) password = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (store_password (ALICE, "nowhere to go", NULL, &error));
  g_assert_error (error, SCHNACK_SECRETS_ERROR, SCHNACK_SECRETS_ERROR_UNAVAILABLE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "No system keyring is available"));
  g_clear_error (&error);

  /* Not "no password saved": the UI must say why it asks every time. */
  password = lookup_password (ALICE, NULL, &error);
  g_assert_error (error, SCHNACK_SECRETS_ERROR, SCHNACK_SECRETS_ERROR_UNAVAILABLE);
  g_assert_null (password);
  g_clear_error (&error);

  g_assert_false (clear_password (ALICE, NULL, &error));
  g_assert_error (error, SCHNACK_SECRETS_ERROR, SCHNACK_SECRETS_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  /* HOME holds every XDG directory here; no fallback file anywhere. */
  assert_empty_tree (g_get_home_dir ());
  assert_empty_tree (g_getenv ("XDG_RUNTIME_DIR"));
}

int
main (int   argc,
      char *argv[])
{
  const char *mode = g_getenv ("SCHNACK_TEST_KEYRING");

  g_test_init (&argc, &argv, NULL);

  if (g_strcmp0 (mode, "running") == 0)
    {
      g_test_add_func ("/secrets/round-trip", test_round_trip);
      g_test_add_func ("/secrets/accounts-are-separate", test_accounts_are_separate);
      g_test_add_func ("/secrets/clear", test_clear);
      g_test_add_func ("/secrets/unknown-account", test_unknown_account);
      g_test_add_func ("/secrets/other-applications-entries", test_other_applications_entries);
      g_test_add_func ("/secrets/cancelled", test_cancelled);
      /* Leaves the keyring locked: meson runs it in a keyring of its own. */
      g_test_add_func ("/secrets/locked", test_locked);
    }
  else if (g_strcmp0 (mode, "none") == 0)
    {
      /* Even if told to use libsecret's file backend, nothing may be
       * written: Schnack only ever talks to a Secret Service. */
      g_autofree char *file = g_build_filename (g_get_home_dir (), "keyring-file", NULL);

      g_setenv ("SECRET_BACKEND", "file", TRUE);
      g_setenv ("SECRET_FILE_TEST_PATH", file, TRUE);
      g_setenv ("SECRET_FILE_TEST_PASSWORD", "test", TRUE);

      g_test_add_func ("/secrets/unavailable", test_unavailable);
    }
  else
    {
      g_printerr ("Run this test through tests/secrets/with-keyring.sh: it must not "
                  "use your own keyring.\n");
      return 77;
    }

  return g_test_run ();
}
