/* test-wizard.c — the first-run wizard as a user meets it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In-process GTK tests on the real widgets and a real Prosody: the main
 * window without accounts shows the wizard; signing in works with a
 * Jabber ID or with user name and server typed separately; a wrong
 * password, a closed port and an untrusted certificate are explained
 * and leave no account behind (or, for the certificate, end online after
 * trusting it); the create-account path checks the server as it is
 * typed, lists the providers, and creates an account on the server.
 *
 * Runs under Xvfb and tests/secrets/with-keyring.sh. With
 * SCHNACK_TEST_SCREENSHOT_DIR set, each step leaves a screenshot there
 * (ImageMagick's import), for looking at the pages in any language.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "captcha-server.h"
#include "connection-test-util.h"
#include "core/account-manager.h"
#include "ui/application.h"
#include "ui/window.h"
#include "ui/wizard.h"
#include "ui/wizard-dialog.h"
#include "ui/wizard-field.h"
#include "ui/wizard-password.h"
#include "ui/wizard-problem.h"
#include "ui/wizard-register.h"
#include "ui-test-util.h"

#define TIMEOUT_MS 15000
#define PASSWORD "wizard-password"

static SchnackTestProsody *server;

typedef struct {
  SchnackStore          *store;
  SchnackAccountManager *manager;
  SchnackWindow         *window;
  SchnackAccount        *finished;   /* what SchnackWizard::finished gave */
} Fixture;

static void
on_finished (SchnackWizard  *wizard,
             SchnackAccount *account,
             Fixture        *fixture)
{
  g_set_object (&fixture->finished, account);
}

static GtkWidget *
find (Fixture    *fixture,
      const char *id)
{
  GtkWidget *widget = schnack_test_find_widget (GTK_WIDGET (fixture->window), id);

  if (widget == NULL)
    g_error ("no widget with id %s", id);
  return widget;
}

/* Finds @id inside one page, where ids repeat across pages. */
static GtkWidget *
find_in (Fixture    *fixture,
         const char *page,
         const char *id)
{
  GtkWidget *widget = schnack_test_find_widget (find (fixture, page), id);

  if (widget == NULL)
    g_error ("no widget with id %s in %s", id, page);
  return widget;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  trust_test_ca)
{
  g_autofree char *name = g_strdup_printf ("wizard-%u.db", g_random_int ());
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), name, NULL);
  g_autoptr(GError) error = NULL;

  fixture->store = schnack_store_open (path, &error);
  g_assert_no_error (error);
  fixture->manager = schnack_account_manager_new (fixture->store);
  if (GPOINTER_TO_INT (trust_test_ca))
    schnack_account_manager_set_ca_file (fixture->manager, schnack_test_prosody_get_ca_file (server));
  fixture->window = schnack_window_new (NULL, fixture->manager);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 860, 720);
  g_signal_connect (find (fixture, "wizard"), "finished", G_CALLBACK (on_finished), fixture);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *dialog;

  while ((dialog = schnack_test_find_window_of_type (SCHNACK_TYPE_WIZARD_DIALOG)) != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->finished);
  g_clear_object (&fixture->manager);
  g_clear_object (&fixture->store);
}

static void
screenshot_after (const char *name,
                  guint       settle_ms)
{
  const char *dir = g_getenv ("SCHNACK_TEST_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autofree char *command = NULL;

  if (dir == NULL)
    return;
  schnack_test_run_for (settle_ms);
  path = g_build_filename (dir, name, NULL);
  command = g_strdup_printf ("import -window root %s.png", path);
  if (!g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL))
    g_printerr ("could not take screenshot %s\n", name);
}

static void
screenshot (const char *name)
{
  screenshot_after (name, 400);
}

/* Whether @text has @english in it. Screenshot runs in another
 * language (SCHNACK_LOCALEDIR set) cannot look for English words. */
static gboolean
says (const char *text,
      const char *english)
{
  if (g_getenv ("SCHNACK_LOCALEDIR") != NULL)
    return TRUE;
  return strstr (text, english) != NULL;
}

static char *
register_user (const char *prefix)
{
  g_autofree char *user = schnack_test_unique_user (prefix);

  g_assert_true (schnack_test_prosody_register (server, user, "localhost", PASSWORD, NULL));
  return g_strdup_printf ("%s@localhost", user);
}

static guint16
closed_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any_port, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  /* Bound but never listening: connections are refused. */
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_is_visible (data);
}

static gboolean
got_finished (gpointer data)
{
  return ((Fixture *) data)->finished != NULL;
}

static const char *
visible_page (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (find (fixture, "pages")));
}

static const char *
label_text (GtkWidget *label)
{
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
type_into (Fixture    *fixture,
           const char *page,
           const char *id,
           const char *text)
{
  schnack_test_type_text (find_in (fixture, page, id), text);
}

/* The advanced settings: the test server listens on a port of its own. */
static void
type_server_settings (Fixture    *fixture,
                      const char *page,
                      const char *host,
                      guint16     port)
{
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  GtkWidget *advanced = find_in (fixture, page, "advanced");

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (advanced), TRUE);
  schnack_test_type_text (schnack_test_find_widget (advanced, "host_entry"), host);
  schnack_test_type_text (schnack_test_find_widget (advanced, "port_entry"), port_text);
}

static void
open_login (Fixture *fixture)
{
  GtkStack *content = GTK_STACK (find (fixture, "content_stack"));

  g_assert_cmpstr (gtk_stack_get_visible_child_name (content), ==, "wizard");
  g_assert_cmpstr (visible_page (fixture), ==, "welcome");
  screenshot ("01-welcome");
  schnack_test_click (find (fixture, "have_account_button"));
  g_assert_cmpstr (visible_page (fixture), ==, "login");
  g_assert_true (gtk_widget_is_visible (find (fixture, "back_button")));
}

static void
fill_login (Fixture    *fixture,
            const char *jid,
            const char *password,
            guint16     port)
{
  type_into (fixture, "login_page", "jid_entry", jid);
  type_into (fixture, "login_page", "password_entry", password);
  type_server_settings (fixture, "login_page", "127.0.0.1", port);
}

static void
assert_online (SchnackAccount *account)
{
  g_assert_true (schnack_test_wait_for_state (schnack_account_get_connection (account),
                                              SCHNACK_CONNECTION_ONLINE, TIMEOUT_MS));
}

/* Clicks "Log In" and waits for the problem box: the attempt failed. */
static const char *
log_in_and_expect_problem (Fixture *fixture)
{
  GtkWidget *problem = find_in (fixture, "login_page", "problem");

  schnack_test_click (find_in (fixture, "login_page", "login_button"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find_in (fixture, "login_page", "action_stack"))),
                   ==, "progress");
  g_assert_false (gtk_widget_get_sensitive (find_in (fixture, "login_page", "form_box")));
  g_assert_true (schnack_test_wait_until (widget_visible, problem, TIMEOUT_MS));
  g_assert_true (gtk_widget_get_sensitive (find_in (fixture, "login_page", "form_box")));
  return label_text (schnack_test_find_widget (problem, "message_label"));
}

static void
test_login_ok (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *jid = register_user ("wizok");
  GtkWidget *login_button;

  open_login (fixture);
  login_button = find_in (fixture, "login_page", "login_button");
  g_assert_false (gtk_widget_get_sensitive (login_button));
  fill_login (fixture, jid, PASSWORD, schnack_test_prosody_get_c2s_port (server));
  g_assert_true (gtk_widget_get_sensitive (login_button));
  screenshot ("02-login");

  schnack_test_click (login_button);
  g_assert_true (gtk_widget_is_visible (find_in (fixture, "login_page", "cancel_button")));
  g_assert_nonnull (strstr (label_text (find_in (fixture, "login_page", "progress_label")), "localhost"));
  /* Quickly, before the local server has answered. */
  screenshot_after ("03-login-progress", 40);

  g_assert_true (schnack_test_wait_until (got_finished, fixture, TIMEOUT_MS));
  g_assert_cmpstr (schnack_account_get_jid (fixture->finished), ==, jid);
  g_assert_cmpint (schnack_account_get_state (fixture->finished), ==, SCHNACK_CONNECTION_ONLINE);
  g_assert_true (schnack_account_manager_find (fixture->manager, jid) == fixture->finished);

  /* The window now shows the account list. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find (fixture, "content_stack"))),
                   ==, "accounts");
  screenshot ("04-accounts");
}

static void
test_jid_checked_as_typed (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *jid_entry, *jid_error, *login_button;

  open_login (fixture);
  jid_entry = find_in (fixture, "login_page", "jid_entry");
  jid_error = find_in (fixture, "login_page", "jid_error_label");
  login_button = find_in (fixture, "login_page", "login_button");
  type_into (fixture, "login_page", "password_entry", PASSWORD);

  /* No scolding on the way to the "@". */
  schnack_test_type_text (jid_entry, "Ui Add");
  g_assert_false (gtk_widget_get_visible (jid_error));
  g_assert_false (gtk_widget_get_sensitive (login_button));

  schnack_test_type_text (jid_entry, "Ui Add@localhost");
  g_assert_true (gtk_widget_get_visible (jid_error));
  g_assert_true (says (label_text (jid_error), "spaces"));
  g_assert_false (gtk_widget_get_sensitive (login_button));
  screenshot ("05-login-typo");

  schnack_test_type_text (jid_entry, "uiadd@localhost");
  g_assert_false (gtk_widget_get_visible (jid_error));
  g_assert_true (gtk_widget_get_sensitive (login_button));

  /* A port that is no port keeps the button off too. */
  schnack_test_type_text (find_in (fixture, "login_page", "port_entry"), "70000");
  g_assert_true (gtk_widget_get_visible (find_in (fixture, "login_page", "port_error_label")));
  g_assert_false (gtk_widget_get_sensitive (login_button));
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *jid = register_user ("wizpw");
  GtkWidget *password_entry;
  GtkWidget *focus;
  const char *message;

  open_login (fixture);
  fill_login (fixture, jid, "not-the-password", schnack_test_prosody_get_c2s_port (server));
  message = log_in_and_expect_problem (fixture);
  screenshot ("06-login-wrong-password");

  g_assert_true (says (message, "Wrong password"));
  /* Nothing is left behind, and the wizard stays. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->manager)), ==, 0);
  g_assert_null (fixture->finished);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find (fixture, "content_stack"))),
                   ==, "wizard");
  g_assert_cmpstr (visible_page (fixture), ==, "login");

  /* The password is what to fix. */
  password_entry = find_in (fixture, "login_page", "password_entry");
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (focus == password_entry || gtk_widget_is_ancestor (focus, password_entry));

  /* Fixing it is enough. */
  schnack_test_type_text (password_entry, PASSWORD);
  schnack_test_click (find_in (fixture, "login_page", "login_button"));
  g_assert_true (schnack_test_wait_until (got_finished, fixture, TIMEOUT_MS));
  g_assert_false (gtk_widget_get_visible (find_in (fixture, "login_page", "problem")));
}

static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *message;

  open_login (fixture);
  fill_login (fixture, "nobody@localhost", PASSWORD, closed_port ());
  message = log_in_and_expect_problem (fixture);
  screenshot ("07-login-unreachable");

  g_assert_true (says (message, "cannot be reached"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->manager)), ==, 0);
  g_assert_null (fixture->finished);
}

static void
test_separate_fields (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *jid = register_user ("wizsplit");
  g_autofree char *user = g_strndup (jid, strchr (jid, '@') - jid);
  GtkWidget *split_button, *username_error;

  open_login (fixture);
  split_button = find_in (fixture, "login_page", "split_button");
  username_error = find_in (fixture, "login_page", "username_error_label");

  /* What was typed as a Jabber ID is split up, and joined again. */
  type_into (fixture, "login_page", "jid_entry", "first@example.org");
  schnack_test_click (split_button);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_in (fixture, "login_page", "username_entry"))),
                   ==, "first");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_in (fixture, "login_page", "server_entry"))),
                   ==, "example.org");

  /* Each part is explained at its own field. */
  type_into (fixture, "login_page", "username_entry", "a b");
  g_assert_true (gtk_widget_get_visible (username_error));
  g_assert_true (says (label_text (username_error), "spaces"));
  type_into (fixture, "login_page", "username_entry", "a@b");
  g_assert_true (gtk_widget_get_visible (username_error));
  type_into (fixture, "login_page", "server_entry", "not a server");
  type_into (fixture, "login_page", "username_entry", user);
  g_assert_false (gtk_widget_get_visible (username_error));
  g_assert_true (gtk_widget_get_visible (find_in (fixture, "login_page", "server_error_label")));

  type_into (fixture, "login_page", "server_entry", "LocalHost");
  g_assert_false (gtk_widget_get_visible (find_in (fixture, "login_page", "server_error_label")));
  type_into (fixture, "login_page", "password_entry", PASSWORD);
  type_server_settings (fixture, "login_page", "127.0.0.1", schnack_test_prosody_get_c2s_port (server));
  screenshot ("08-login-separate-fields");

  schnack_test_click (find_in (fixture, "login_page", "login_button"));
  g_assert_true (schnack_test_wait_until (got_finished, fixture, TIMEOUT_MS));
  /* The same, normalized Jabber ID as typing it in one piece. */
  g_assert_cmpstr (schnack_account_get_jid (fixture->finished), ==, jid);
  assert_online (fixture->finished);
}

static void
test_trust_certificate (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *jid = register_user ("wizcert");
  const char *sha256 = schnack_test_prosody_get_cert_sha256 (server);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(SchnackAccountRecord) saved = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *problem;
  const char *message;

  open_login (fixture);
  fill_login (fixture, jid, PASSWORD, schnack_test_prosody_get_c2s_port (server));
  message = log_in_and_expect_problem (fixture);
  g_assert_true (says (message, "not trusted"));
  screenshot ("09-login-certificate");

  /* The fingerprint is shown the way certificate viewers show it. */
  for (gsize i = 0; sha256[i] != '\0'; i++)
    {
      if (i > 0 && i % 2 == 0)
        g_string_append_c (expected, ':');
      g_string_append_c (expected, g_ascii_toupper (sha256[i]));
    }
  problem = find_in (fixture, "login_page", "problem");
  g_assert_true (gtk_widget_is_visible (schnack_test_find_widget (problem, "certificate_box")));
  g_assert_nonnull (strstr (label_text (schnack_test_find_widget (problem, "certificate_label")),
                            expected->str));

  schnack_test_click (schnack_test_find_widget (problem, "trust_button"));
  g_assert_true (schnack_test_wait_until (got_finished, fixture, TIMEOUT_MS));
  g_assert_cmpint (schnack_account_get_state (fixture->finished), ==, SCHNACK_CONNECTION_ONLINE);

  saved = schnack_store_find_account (fixture->store, jid, &error);
  g_assert_nonnull (saved);
  g_assert_cmpstr (saved->pinned_cert_sha256, ==, sha256);
}

/* Opens "Create a new account" and fills in the server page for @domain
 * on the test server; returns the Continue button, not yet clicked. */
static GtkWidget *
open_create_account_with_server (Fixture    *fixture,
                                 const char *domain,
                                 guint16     port)
{
  GtkWidget *continue_button;

  g_assert_cmpstr (visible_page (fixture), ==, "welcome");
  schnack_test_click (find (fixture, "create_account_button"));
  g_assert_cmpstr (visible_page (fixture), ==, "server");
  type_into (fixture, "server_page", "server_entry", domain);
  type_server_settings (fixture, "server_page", "127.0.0.1", port);
  continue_button = find_in (fixture, "server_page", "continue_button");
  g_assert_true (gtk_widget_is_visible (continue_button));
  g_assert_true (gtk_widget_get_sensitive (continue_button));
  return continue_button;
}

static GtkWidget *
first_row_radio (GtkWidget *list,
                 gboolean   in_band)
{
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

      if ((strstr (subtitle, "in Schnack") != NULL) == in_band)
        return adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));
    }
  return NULL;
}

static void
test_server_page (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *server_entry, *server_error, *continue_button, *list, *radio;
  GtkStack *actions;

  schnack_test_click (find (fixture, "create_account_button"));
  g_assert_cmpstr (visible_page (fixture), ==, "server");
  server_entry = find_in (fixture, "server_page", "server_entry");
  server_error = find_in (fixture, "server_page", "server_error_label");
  continue_button = find_in (fixture, "server_page", "continue_button");
  actions = GTK_STACK (find_in (fixture, "server_page", "action_stack"));
  g_assert_false (gtk_widget_get_sensitive (continue_button));
  screenshot ("10-server");

  /* The bundled providers are listed. */
  list = find_in (fixture, "server_page", "provider_list");
  g_assert_true (gtk_widget_is_visible (list));
  g_assert_nonnull (gtk_widget_get_first_child (list));

  /* A whole Jabber ID is not a server. */
  schnack_test_type_text (server_entry, "me@localhost");
  g_assert_true (gtk_widget_get_visible (server_error));
  g_assert_false (gtk_widget_get_sensitive (continue_button));
  schnack_test_type_text (server_entry, "not a server");
  g_assert_true (gtk_widget_get_visible (server_error));
  g_assert_false (gtk_widget_get_sensitive (continue_button));
  schnack_test_type_text (server_entry, "localhost");
  g_assert_false (gtk_widget_get_visible (server_error));
  g_assert_true (gtk_widget_get_sensitive (continue_button));

  /* Picking a provider fills in the server; one that signs up only on
   * the web offers its page instead of Continue. */
  radio = first_row_radio (list, FALSE);
  if (radio != NULL)
    {
      gtk_check_button_set_active (GTK_CHECK_BUTTON (radio), TRUE);
      g_assert_cmpstr (gtk_stack_get_visible_child_name (actions), ==, "web");
      g_assert_true (gtk_widget_is_visible (find_in (fixture, "server_page", "web_signup_button")));
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (server_entry)), !=, "localhost");
      screenshot ("11-server-web-signup");
    }
  radio = first_row_radio (list, TRUE);
  if (radio != NULL)
    {
      gtk_check_button_set_active (GTK_CHECK_BUTTON (radio), TRUE);
      g_assert_cmpstr (gtk_stack_get_visible_child_name (actions), ==, "form");
      g_assert_true (gtk_widget_get_sensitive (continue_button));
    }

  /* Typing another server clears the pick. */
  schnack_test_type_text (server_entry, "localhost");
  if (radio != NULL)
    g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (radio)));

  /* Back to the start. */
  schnack_test_click (find (fixture, "back_button"));
  g_assert_cmpstr (visible_page (fixture), ==, "welcome");
}

static GtkWidget *
field_input (Fixture    *fixture,
             const char *var)
{
  SchnackWizardField *field =
    schnack_wizard_register_get_field (SCHNACK_WIZARD_REGISTER (find (fixture, "register_page")), var);

  g_assert_nonnull (field);
  return schnack_wizard_field_get_input (field);
}

static gboolean
page_is (gpointer data)
{
  gpointer *args = data;

  return g_strcmp0 (visible_page (args[0]), args[1]) == 0;
}

static void
wait_for_page (Fixture    *fixture,
               const char *page)
{
  gpointer args[2] = { fixture, (gpointer) page };

  if (!schnack_test_wait_until (page_is, args, TIMEOUT_MS))
    g_error ("still on page %s, not %s", visible_page (fixture), page);
}

static void
test_register (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *user = schnack_test_unique_user ("wizreg");
  g_autofree char *jid = g_strdup_printf ("%s@localhost", user);
  SchnackWizardField *password_field;
  GtkWidget *create_button;

  schnack_test_click (open_create_account_with_server (fixture, "localhost",
                                                       schnack_test_prosody_get_c2s_port (server)));
  wait_for_page (fixture, "register");
  create_button = find_in (fixture, "register_page", "create_button");
  g_assert_false (gtk_widget_get_sensitive (create_button));

  schnack_test_type_text (field_input (fixture, "username"), user);
  schnack_test_type_text (field_input (fixture, "password"), "Kurz-und-gut-2024");
  g_assert_false (gtk_widget_get_sensitive (create_button));

  /* Typed twice, or no account. */
  password_field = schnack_wizard_register_get_field (SCHNACK_WIZARD_REGISTER (find (fixture, "register_page")),
                                                      "password");
  schnack_test_type_text (schnack_wizard_field_get_confirm (password_field), "Kurz-und-gut-2025");
  g_assert_true (gtk_widget_get_visible (schnack_test_find_widget (GTK_WIDGET (password_field), "error_label")));
  g_assert_false (gtk_widget_get_sensitive (create_button));
  schnack_test_type_text (schnack_wizard_field_get_confirm (password_field), "Kurz-und-gut-2024");
  g_assert_false (gtk_widget_get_visible (schnack_test_find_widget (GTK_WIDGET (password_field), "error_label")));
  g_assert_true (gtk_widget_get_visible (schnack_test_find_widget (GTK_WIDGET (password_field), "strength_box")));
  g_assert_true (gtk_widget_get_sensitive (create_button));
  screenshot ("12-register");

  schnack_test_click (create_button);
  wait_for_page (fixture, "done");
  g_assert_nonnull (strstr (label_text (find (fixture, "done_label")), jid));
  screenshot ("13-done");

  schnack_test_click (find (fixture, "start_button"));
  g_assert_true (schnack_test_wait_until (got_finished, fixture, TIMEOUT_MS));
  g_assert_cmpstr (schnack_account_get_jid (fixture->finished), ==, jid);
  assert_online (fixture->finished);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find (fixture, "content_stack"))),
                   ==, "accounts");
}

static void
test_register_name_taken (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *jid = register_user ("wiztaken");
  g_autofree char *user = g_strndup (jid, strchr (jid, '@') - jid);
  SchnackWizardField *username_field;
  GtkWidget *error_label, *focus;
  SchnackWizardField *password_field;

  schnack_test_click (open_create_account_with_server (fixture, "localhost",
                                                       schnack_test_prosody_get_c2s_port (server)));
  wait_for_page (fixture, "register");
  username_field = schnack_wizard_register_get_field (SCHNACK_WIZARD_REGISTER (find (fixture, "register_page")),
                                                      "username");
  password_field = schnack_wizard_register_get_field (SCHNACK_WIZARD_REGISTER (find (fixture, "register_page")),
                                                      "password");
  schnack_test_type_text (schnack_wizard_field_get_input (username_field), user);
  schnack_test_type_text (schnack_wizard_field_get_input (password_field), "Kurz-und-gut-2024");
  schnack_test_type_text (schnack_wizard_field_get_confirm (password_field), "Kurz-und-gut-2024");
  schnack_test_click (find_in (fixture, "register_page", "create_button"));

  /* The answer is at the user name, which has the focus. */
  error_label = schnack_test_find_widget (GTK_WIDGET (username_field), "error_label");
  g_assert_true (schnack_test_wait_until (widget_visible, error_label, TIMEOUT_MS));
  screenshot ("14-register-name-taken");
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (username_field)) ||
                 focus == schnack_wizard_field_get_input (username_field));
  g_assert_cmpstr (visible_page (fixture), ==, "register");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->manager)), ==, 0);

  /* Another name clears the message. */
  schnack_test_type_text (schnack_wizard_field_get_input (username_field), "x");
  g_assert_false (gtk_widget_get_visible (error_label));
}

/* Continue on the server page, expecting its problem box. */
static GtkWidget *
continue_and_expect_problem (Fixture   *fixture,
                             GtkWidget *continue_button)
{
  GtkWidget *problem = find_in (fixture, "server_page", "problem");

  schnack_test_click (continue_button);
  g_assert_true (schnack_test_wait_until (widget_visible, problem, TIMEOUT_MS));
  g_assert_cmpstr (visible_page (fixture), ==, "server");
  g_assert_true (gtk_widget_get_sensitive (find_in (fixture, "server_page", "form_box")));
  return problem;
}

static void
test_register_closed (Fixture       *fixture,
                      gconstpointer  data)
{
  SchnackTestProsodyOptions options = { .disable_registration = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackTestProsody) closed = schnack_test_prosody_start (&options, &error);
  GtkWidget *problem;

  g_assert_no_error (error);
  schnack_account_manager_set_ca_file (fixture->manager, schnack_test_prosody_get_ca_file (closed));
  problem = continue_and_expect_problem (fixture,
                                         open_create_account_with_server (fixture, "localhost",
                                                                          schnack_test_prosody_get_c2s_port (closed)));
  screenshot ("19-server-closed");
  g_assert_true (says (label_text (schnack_test_find_widget (problem, "message_label")),
                       "does not allow creating accounts"));
  /* Prosody names no sign-up page, so none is offered. */
  g_assert_false (gtk_widget_get_visible (schnack_test_find_widget (problem, "web_button")));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->manager)), ==, 0);
}

static gboolean
on_register_page (gpointer data)
{
  return g_strcmp0 (visible_page (data), "register") == 0;
}

static void
test_register_untrusted_certificate (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autofree char *fingerprint = NULL;
  GtkWidget *problem;

  problem = continue_and_expect_problem (fixture,
                                         open_create_account_with_server (fixture, "localhost",
                                                                          schnack_test_prosody_get_c2s_port (server)));
  g_assert_true (says (label_text (schnack_test_find_widget (problem, "message_label")), "not trusted"));
  g_assert_true (gtk_widget_is_visible (schnack_test_find_widget (problem, "certificate_box")));
  fingerprint = schnack_format_fingerprint (schnack_test_prosody_get_cert_sha256 (server));
  g_assert_nonnull (strstr (label_text (schnack_test_find_widget (problem, "certificate_label")), fingerprint));

  /* Trusting it goes on to the form. */
  schnack_test_click (schnack_test_find_widget (problem, "trust_button"));
  g_assert_true (schnack_test_wait_until (on_register_page, fixture, TIMEOUT_MS));
  g_assert_false (gtk_widget_get_visible (problem));
  g_assert_nonnull (field_input (fixture, "username"));
}

/* The CAPTCHA field's widget: the one with a picture. */
static SchnackWizardField *
captcha_field (Fixture *fixture)
{
  GtkWidget *box = find_in (fixture, "register_page", "fields_box");

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      SchnackRegistrationField *field = schnack_wizard_field_get_field (SCHNACK_WIZARD_FIELD (child));

      if (schnack_registration_field_get_kind (field) == SCHNACK_REGISTRATION_FIELD_CAPTCHA)
        return SCHNACK_WIZARD_FIELD (child);
    }
  return NULL;
}

static GtkWidget *
find_picture (GtkWidget *root)
{
  if (GTK_IS_PICTURE (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_picture (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Looked up each time: a new form replaces the field widgets. */
static gboolean
captcha_shows_error (gpointer data)
{
  SchnackWizardField *field = captcha_field (data);

  return field != NULL && gtk_widget_get_visible (schnack_test_find_widget (GTK_WIDGET (field), "error_label"));
}

static void
test_register_captcha (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(SchnackTestCaptchaServer) captcha = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *first_answer = NULL;
  g_autofree char *second_answer = NULL;
  g_autofree char *registered = NULL;
  SchnackWizardField *field;
  GtkWidget *picture, *create_button;
  GdkPaintable *paintable;

  if (!schnack_test_captcha_server_available (&reason))
    {
      g_test_skip (reason);
      return;
    }
  captcha = schnack_test_captcha_server_start (NULL, NULL, &error);
  g_assert_no_error (error);
  schnack_account_manager_set_ca_file (fixture->manager, schnack_test_captcha_server_get_ca_file (captcha));

  schnack_test_click (open_create_account_with_server (fixture, "localhost",
                                                       schnack_test_captcha_server_get_port (captcha)));
  wait_for_page (fixture, "register");
  first_answer = schnack_test_captcha_server_wait_captcha_answer (captcha, TIMEOUT_MS);
  g_assert_nonnull (first_answer);

  /* The picture is shown, with an entry for what it says. */
  field = captcha_field (fixture);
  g_assert_nonnull (field);
  picture = find_picture (GTK_WIDGET (field));
  g_assert_nonnull (picture);
  paintable = gtk_picture_get_paintable (GTK_PICTURE (picture));
  g_assert_nonnull (paintable);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), >, 0);

  create_button = find_in (fixture, "register_page", "create_button");
  schnack_test_type_text (field_input (fixture, "username"), "captcha-user");
  schnack_test_type_text (field_input (fixture, "password"), "Kurz-und-gut-2024");
  schnack_test_type_text (schnack_wizard_field_get_confirm (schnack_wizard_register_get_field (
                            SCHNACK_WIZARD_REGISTER (find (fixture, "register_page")), "password")),
                          "Kurz-und-gut-2024");
  /* No answer, no account. */
  g_assert_false (gtk_widget_get_sensitive (create_button));
  schnack_test_type_text (schnack_wizard_field_get_input (field), "wrong");
  g_assert_true (gtk_widget_get_sensitive (create_button));
  screenshot ("17-register-captcha");

  /* A wrong answer is explained at a new picture; the rest stays. */
  schnack_test_click (create_button);
  second_answer = schnack_test_captcha_server_wait_captcha_answer (captcha, TIMEOUT_MS);
  g_assert_nonnull (second_answer);
  wait_for_page (fixture, "register");
  g_assert_true (schnack_test_wait_until (captcha_shows_error, fixture, TIMEOUT_MS));
  field = captcha_field (fixture);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (schnack_wizard_field_get_input (field))), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field_input (fixture, "username"))), ==, "captcha-user");
  g_assert_false (gtk_widget_get_sensitive (create_button));
  screenshot ("18-register-captcha-wrong");

  schnack_test_type_text (schnack_wizard_field_get_input (field), second_answer);
  g_assert_true (gtk_widget_get_sensitive (create_button));
  schnack_test_click (create_button);
  wait_for_page (fixture, "done");
  registered = schnack_test_captcha_server_wait_registered (captcha, TIMEOUT_MS);
  g_assert_cmpstr (registered, ==, "captcha-user");
}

static gboolean
dialog_closed (gpointer data)
{
  return schnack_test_find_window_of_type (SCHNACK_TYPE_WIZARD_DIALOG) == NULL;
}

static void
test_add_account_dialog (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *first = register_user ("wizfirst");
  g_autofree char *second = register_user ("wizsecond");
  g_autoptr(SchnackAccountRecord) settings = schnack_account_record_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *port = g_strdup_printf ("%u", schnack_test_prosody_get_c2s_port (server));
  SchnackAccount *account;
  GtkWidget *dialog, *wizard;

  /* A window that starts with one account shows the list. */
  settings->jid = g_strdup (first);
  settings->host = g_strdup ("127.0.0.1");
  settings->port = schnack_test_prosody_get_c2s_port (server);
  g_assert_nonnull (schnack_account_manager_add (fixture->manager, settings, PASSWORD, FALSE, &error));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = schnack_window_new (NULL, fixture->manager);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 860, 720);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find (fixture, "content_stack"))),
                   ==, "accounts");

  /* "Add Account" opens the wizard in a dialog over it. */
  schnack_test_click (find (fixture, "add_account_button"));
  dialog = schnack_test_find_window_of_type (SCHNACK_TYPE_WIZARD_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture->window));
  wizard = schnack_test_find_widget (dialog, "wizard");
  g_assert_true (gtk_widget_is_visible (schnack_test_find_widget (wizard, "cancel_button")));
  screenshot ("15-dialog");

  schnack_test_click (schnack_test_find_widget (wizard, "have_account_button"));
  schnack_test_type_text (schnack_test_find_widget (wizard, "jid_entry"), second);
  schnack_test_type_text (schnack_test_find_widget (wizard, "password_entry"), PASSWORD);
  schnack_test_type_text (schnack_test_find_widget (wizard, "host_entry"), "127.0.0.1");
  schnack_test_type_text (schnack_test_find_widget (wizard, "port_entry"), port);
  screenshot ("16-dialog-login");
  schnack_test_click (schnack_test_find_widget (wizard, "login_button"));

  /* It closes once the account is online. */
  g_assert_true (schnack_test_wait_until (dialog_closed, NULL, TIMEOUT_MS));
  account = schnack_account_manager_find (fixture->manager, second);
  g_assert_nonnull (account);
  g_assert_cmpint (schnack_account_get_state (account), ==, SCHNACK_CONNECTION_ONLINE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->manager)), ==, 2);
}

static void
test_password_strength (void)
{
  g_assert_cmpint (schnack_estimate_password_strength (""), ==, SCHNACK_PASSWORD_STRENGTH_NONE);
  g_assert_cmpint (schnack_estimate_password_strength ("abc"), ==, SCHNACK_PASSWORD_STRENGTH_WEAK);
  g_assert_cmpint (schnack_estimate_password_strength ("password"), ==, SCHNACK_PASSWORD_STRENGTH_WEAK);
  g_assert_cmpint (schnack_estimate_password_strength ("Tr0ub4dor&3"), ==, SCHNACK_PASSWORD_STRENGTH_FAIR);
  g_assert_cmpint (schnack_estimate_password_strength ("correct horse battery staple"), ==,
                   SCHNACK_PASSWORD_STRENGTH_STRONG);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  const char *localedir = g_getenv ("SCHNACK_LOCALEDIR");
  int status;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("SKIP: no display (run under Xvfb)\n");
      return 77;
    }
  if (!schnack_test_prosody_available (&reason))
    {
      g_printerr ("SKIP: %s\n", reason);
      return 77;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  schnack_ui_register_resources ();
  /* Without a window manager the window never becomes active, so a
   * focused entry would blink without focus and GTK warns (fatally). */
  g_object_set (gtk_settings_get_default (),
                "gtk-cursor-blink", FALSE,
                "gtk-enable-animations", FALSE,
                NULL);
  /* For screenshots in another language (LANGUAGE=de). */
  if (localedir != NULL)
    {
      /* gtk_test_init() pins the locale to en_US, or C without it. */
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  server = schnack_test_prosody_start (NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/wizard/password-strength", test_password_strength);
  g_test_add ("/wizard/login-ok", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_login_ok, fixture_tear_down);
  g_test_add ("/wizard/jid-checked-as-typed", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_jid_checked_as_typed, fixture_tear_down);
  g_test_add ("/wizard/wrong-password", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_wrong_password, fixture_tear_down);
  g_test_add ("/wizard/unreachable", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_unreachable, fixture_tear_down);
  g_test_add ("/wizard/separate-fields", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_separate_fields, fixture_tear_down);
  g_test_add ("/wizard/trust-certificate", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_trust_certificate, fixture_tear_down);
  g_test_add ("/wizard/server-page", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_server_page, fixture_tear_down);
  g_test_add ("/wizard/register", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_register, fixture_tear_down);
  g_test_add ("/wizard/add-account-dialog", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_add_account_dialog, fixture_tear_down);
  g_test_add ("/wizard/register-closed", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_register_closed, fixture_tear_down);
  g_test_add ("/wizard/register-untrusted-certificate", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_register_untrusted_certificate, fixture_tear_down);
  g_test_add ("/wizard/register-captcha", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_register_captcha, fixture_tear_down);
  g_test_add ("/wizard/register-name-taken", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_register_name_taken, fixture_tear_down);

  status = g_test_run ();
  schnack_test_prosody_free (server);
  return status;
}
