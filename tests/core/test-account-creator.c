/* test-account-creator.c — creating an account from inside Schnack
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against real Prosody servers (one open for sign-ups, one closed) and,
 * for the CAPTCHA data-form path that Prosody does not serve, a scripted
 * server (tests/fixtures/captcha_server.py). Runs under with-keyring.sh.
 */
#include <gio/gio.h>
#include <string.h>

#include "connection-test-util.h"
#include "core/account-creator.h"
#include "captcha-server.h"
#include "test-peer.h"
#include "xmpp/register.h"

#define TIMEOUT_MS 15000

static SchnackTestProsody *open_server;

typedef struct {
  SchnackStore          *store;
  SchnackAccountManager *manager;
  SchnackAccountCreator *creator;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *name = g_strdup_printf ("creator-%u.db", g_random_int ());
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), name, NULL);

  fixture->store = schnack_store_open (path, NULL);
  g_assert_nonnull (fixture->store);
  fixture->manager = schnack_account_manager_new (fixture->store);
  schnack_account_manager_set_ca_file (fixture->manager, schnack_test_prosody_get_ca_file (open_server));
  fixture->creator = schnack_account_creator_new (fixture->manager);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->creator);
  g_clear_object (&fixture->manager);
  g_clear_object (&fixture->store);
}

typedef struct {
  SchnackAccountCreator      *creator;
  SchnackAccountCreatorState  state;
} StateWait;

static gboolean
creator_in_state (gpointer data)
{
  StateWait *wait = data;

  return schnack_account_creator_get_state (wait->creator) == wait->state;
}

static void
assert_reaches (SchnackAccountCreator      *creator,
                SchnackAccountCreatorState  state)
{
  StateWait wait = { creator, state };

  if (!schnack_test_wait_until (creator_in_state, &wait, TIMEOUT_MS))
    g_error ("creator stuck in state %d (wanted %d): %s", schnack_account_creator_get_state (creator),
             state, schnack_account_creator_get_error_message (creator));
}

static void
start_on (SchnackAccountCreator *creator,
          SchnackTestProsody    *server)
{
  schnack_account_creator_set_server_settings (creator, "127.0.0.1",
                                               schnack_test_prosody_get_c2s_port (server), FALSE);
  schnack_account_creator_start (creator, "localhost");
}

static void
fill (SchnackAccountCreator        *creator,
      SchnackRegistrationFieldKind  kind,
      const char                   *value)
{
  SchnackRegistrationField *field = schnack_account_creator_find_field (creator, kind);

  g_assert_nonnull (field);
  schnack_registration_field_set_value (field, value);
}

static gboolean
account_online (gpointer data)
{
  return schnack_account_get_state (data) == SCHNACK_CONNECTION_ONLINE;
}

static void
test_create_account (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *username = schnack_test_unique_user ("Neu");
  g_autofree char *jid = g_ascii_strdown (username, -1);
  g_autofree char *bare = g_strdup_printf ("%s@localhost", jid);
  g_autoptr(SchnackTestPeer) peer = NULL;
  g_autoptr(GError) error = NULL;
  SchnackAccount *account;

  start_on (fixture->creator, open_server);
  assert_reaches (fixture->creator, SCHNACK_ACCOUNT_CREATOR_FORM);
  g_assert_cmpstr (schnack_account_creator_get_domain (fixture->creator), ==, "localhost");

  fill (fixture->creator, SCHNACK_REGISTRATION_FIELD_USERNAME, username);
  fill (fixture->creator, SCHNACK_REGISTRATION_FIELD_PASSWORD, "erstes-Passwort-1");
  schnack_account_creator_submit (fixture->creator, TRUE);
  assert_reaches (fixture->creator, SCHNACK_ACCOUNT_CREATOR_DONE);

  /* Saved, signing in by itself, and the password is gone from the form. */
  account = schnack_account_creator_get_account (fixture->creator);
  g_assert_nonnull (account);
  g_assert_cmpstr (schnack_account_get_jid (account), ==, bare);
  g_assert_true (schnack_account_manager_find (fixture->manager, bare) == account);
  g_assert_true (schnack_test_wait_until (account_online, account, TIMEOUT_MS));
  g_assert_null (schnack_registration_field_get_value (
    schnack_account_creator_find_field (fixture->creator, SCHNACK_REGISTRATION_FIELD_PASSWORD)));

  /* The account really exists on the server: another client signs in. */
  peer = schnack_test_peer_start (open_server, bare, "erstes-Passwort-1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (peer);
}

static void
test_username_taken (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *user = schnack_test_unique_user ("taken");
  const char *field_var;

  g_assert_true (schnack_test_prosody_register (open_server, user, "localhost", "pw-taken", NULL));

  start_on (fixture->creator, open_server);
  assert_reaches (fixture->creator, SCHNACK_ACCOUNT_CREATOR_FORM);
  fill (fixture->creator, SCHNACK_REGISTRATION_FIELD_USERNAME, user);
  fill (fixture->creator, SCHNACK_REGISTRATION_FIELD_PASSWORD, "another-password");
  schnack_account_creator_submit (fixture->creator, FALSE);

  /* Back to the form, pointing at the user name, to pick another. */
  assert_reaches (fixture->creator, SCHNACK_ACCOUNT_CREATOR_SUBMITTING);
  assert_reaches (fixture->creator, SCHNACK_ACCOUNT_CREATOR_FORM);
  g_assert_error ((GError *) schnack_account_creator_get_error (fixture->creator),
                  SCHNACK_REGISTER_ERROR, SCHNACK_REGISTER_ERROR_USERNAME_TAKEN);
  g_assert_nonnull (strstr (schnack_account_creator_get_error_message (fixture->creator), "already taken"));
  field_var = schnack_account_creator_get_error_field (fixture->creator);
  g_assert_cmpstr (field_var, ==, schnack_registration_field_get_var (
    schnack_account_creator_find_field (fixture->creator, SCHNACK_REGISTRATION_FIELD_USERNAME)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->manager)), ==, 0);

  /* Another name works on the same form. */
  {
    g_autofree char *other = schnack_test_unique_user ("free");

    fill (fixture->creator, SCHNACK_REGISTRATION_FIELD_USERNAME, other);
    fill (fixture->creator, SCHNACK_REGISTRATION_FIELD_PASSWORD, "another-password");
    schnack_account_creator_submit (fixture->creator, FALSE);
    assert_reaches (fixture->creator, SCHNACK_ACCOUNT_CREATOR_DONE);
  }
}

static void
test_missing_field_is_named (Fixture       *fixture,
                             gconstpointer  data)
{
  start_on (fixture->creator, open_server);
  assert_reaches (fixture->creator, SCHNACK_ACCOUNT_CREATOR_FORM);
  fill (fixture->creator, SCHNACK_REGISTRATION_FIELD_USERNAME, "someone");
  schnack_account_creator_submit (fixture->creator, FALSE);

  g_assert_cmpint (schnack_account_creator_get_state (fixture->creator), ==, SCHNACK_ACCOUNT_CREATOR_FORM);
  g_assert_error ((GError *) schnack_account_creator_get_error (fixture->creator),
                  SCHNACK_REGISTER_ERROR, SCHNACK_REGISTER_ERROR_INVALID);
  g_assert_cmpstr (schnack_account_creator_get_error_field (fixture->creator), ==,
                   schnack_registration_field_get_var (
                     schnack_account_creator_find_field (fixture->creator, SCHNACK_REGISTRATION_FIELD_PASSWORD)));
}

static void
test_registration_closed (Fixture       *fixture,
                          gconstpointer  data)
{
  SchnackTestProsodyOptions options = { .disable_registration = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackTestProsody) closed = schnack_test_prosody_start (&options, &error);

  g_assert_no_error (error);
  schnack_account_creator_set_ca_file (fixture->creator, schnack_test_prosody_get_ca_file (closed));
  start_on (fixture->creator, closed);
  assert_reaches (fixture->creator, SCHNACK_ACCOUNT_CREATOR_FAILED);
  g_assert_error ((GError *) schnack_account_creator_get_error (fixture->creator),
                  SCHNACK_REGISTER_ERROR, SCHNACK_REGISTER_ERROR_CLOSED);
  g_assert_nonnull (strstr (schnack_account_creator_get_error_message (fixture->creator),
                            "does not allow creating accounts"));
}

static void
test_untrusted_certificate (Fixture       *fixture,
                            gconstpointer  data)
{
  schnack_account_creator_set_ca_file (fixture->creator, NULL);
  start_on (fixture->creator, open_server);
  assert_reaches (fixture->creator, SCHNACK_ACCOUNT_CREATOR_FAILED);
  g_assert_error ((GError *) schnack_account_creator_get_error (fixture->creator),
                  SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_CERTIFICATE);
  g_assert_cmpstr (schnack_account_creator_get_certificate_sha256 (fixture->creator), ==,
                   schnack_test_prosody_get_cert_sha256 (open_server));

  schnack_account_creator_trust_certificate (fixture->creator,
                                             schnack_account_creator_get_certificate_sha256 (fixture->creator));
  assert_reaches (fixture->creator, SCHNACK_ACCOUNT_CREATOR_FORM);
}

static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  schnack_account_creator_set_server_settings (fixture->creator, "127.0.0.1",
                                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)),
                                               FALSE);
  schnack_account_creator_start (fixture->creator, "localhost");
  assert_reaches (fixture->creator, SCHNACK_ACCOUNT_CREATOR_FAILED);
  g_assert_error ((GError *) schnack_account_creator_get_error (fixture->creator),
                  SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_UNREACHABLE);
}

static void
test_invalid_server_name (Fixture       *fixture,
                          gconstpointer  data)
{
  schnack_account_creator_start (fixture->creator, "not a server");
  g_assert_cmpint (schnack_account_creator_get_state (fixture->creator), ==, SCHNACK_ACCOUNT_CREATOR_FAILED);
  g_assert_nonnull (schnack_account_creator_get_error_message (fixture->creator));
}

static void
test_captcha_form (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackTestCaptchaServer) captcha = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *first_answer = NULL;
  g_autofree char *second_answer = NULL;
  g_autofree char *registered = NULL;
  SchnackRegistrationField *field;
  GBytes *image;
  gsize size;
  const guint8 *png;

  if (!schnack_test_captcha_server_available (&reason))
    {
      g_test_skip (reason);
      return;
    }
  captcha = schnack_test_captcha_server_start (NULL, NULL, &error);
  g_assert_no_error (error);

  schnack_account_creator_set_ca_file (fixture->creator, schnack_test_captcha_server_get_ca_file (captcha));
  schnack_account_creator_set_server_settings (fixture->creator, "127.0.0.1",
                                               schnack_test_captcha_server_get_port (captcha), FALSE);
  schnack_account_creator_start (fixture->creator, "localhost");
  assert_reaches (fixture->creator, SCHNACK_ACCOUNT_CREATOR_FORM);
  first_answer = schnack_test_captcha_server_wait_captcha_answer (captcha, TIMEOUT_MS);
  g_assert_nonnull (first_answer);

  /* The picture came with the form (XEP-0231) and is a real PNG. */
  field = schnack_account_creator_find_field (fixture->creator, SCHNACK_REGISTRATION_FIELD_CAPTCHA);
  g_assert_nonnull (field);
  image = schnack_registration_field_get_image (field);
  g_assert_nonnull (image);
  png = g_bytes_get_data (image, &size);
  g_assert_cmpuint (size, >, 8);
  g_assert_cmpmem (png, 4, "\x89PNG", 4);
  /* Hidden fields and the fallbacks are not shown. */
  for (guint i = 0; i < g_list_model_get_n_items (schnack_account_creator_get_fields (fixture->creator)); i++)
    {
      g_autoptr(SchnackRegistrationField) shown =
        g_list_model_get_item (schnack_account_creator_get_fields (fixture->creator), i);

      g_assert_cmpstr (schnack_registration_field_get_var (shown), !=, "challenge");
      g_assert_cmpstr (schnack_registration_field_get_var (shown), !=, "captcha-fallback-url");
    }

  /* A wrong answer: said so, at the CAPTCHA, with a new picture. */
  fill (fixture->creator, SCHNACK_REGISTRATION_FIELD_USERNAME, "captcha-user");
  fill (fixture->creator, SCHNACK_REGISTRATION_FIELD_PASSWORD, "captcha-password");
  fill (fixture->creator, SCHNACK_REGISTRATION_FIELD_CAPTCHA, "wrong");
  schnack_account_creator_submit (fixture->creator, FALSE);
  assert_reaches (fixture->creator, SCHNACK_ACCOUNT_CREATOR_SUBMITTING);
  assert_reaches (fixture->creator, SCHNACK_ACCOUNT_CREATOR_FORM);
  g_assert_error ((GError *) schnack_account_creator_get_error (fixture->creator),
                  SCHNACK_REGISTER_ERROR, SCHNACK_REGISTER_ERROR_CAPTCHA_WRONG);
  field = schnack_account_creator_find_field (fixture->creator, SCHNACK_REGISTRATION_FIELD_CAPTCHA);
  g_assert_cmpstr (schnack_account_creator_get_error_field (fixture->creator), ==,
                   schnack_registration_field_get_var (field));
  second_answer = schnack_test_captcha_server_wait_captcha_answer (captcha, TIMEOUT_MS);
  g_assert_nonnull (second_answer);

  /* The right one: created. */
  fill (fixture->creator, SCHNACK_REGISTRATION_FIELD_USERNAME, "captcha-user");
  fill (fixture->creator, SCHNACK_REGISTRATION_FIELD_PASSWORD, "captcha-password");
  fill (fixture->creator, SCHNACK_REGISTRATION_FIELD_CAPTCHA, second_answer);
  schnack_account_creator_submit (fixture->creator, FALSE);
  assert_reaches (fixture->creator, SCHNACK_ACCOUNT_CREATOR_DONE);
  registered = schnack_test_captcha_server_wait_registered (captcha, TIMEOUT_MS);
  g_assert_cmpstr (registered, ==, "captcha-user");
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
  open_server = schnack_test_prosody_start (NULL, &error);
  g_assert_no_error (error);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/account-creator/create-account", test_create_account);
  ADD ("/account-creator/username-taken", test_username_taken);
  ADD ("/account-creator/missing-field-is-named", test_missing_field_is_named);
  ADD ("/account-creator/registration-closed", test_registration_closed);
  ADD ("/account-creator/untrusted-certificate", test_untrusted_certificate);
  ADD ("/account-creator/unreachable", test_unreachable);
  ADD ("/account-creator/invalid-server-name", test_invalid_server_name);
  ADD ("/account-creator/captcha-form", test_captcha_form);
#undef ADD

  status = g_test_run ();
  schnack_test_prosody_free (open_server);
  return status;
}
