/* test-window.c — the main window as a user meets it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In-process GTK tests on the real widgets and a real Prosody: the
 * first-run wizard signing in (with a typo first), the account list
 * with the account online, "Add Account" opening the wizard in a dialog,
 * and trusting an unknown certificate from the account row.
 * Runs under Xvfb and tests/secrets/with-keyring.sh.
 */
#include <adwaita.h>
#include <string.h>

#include "connection-test-util.h"
#include "core/account-manager.h"
#include "ui/application.h"
#include "ui/wizard-dialog.h"
#include "ui/account-row.h"
#include "ui/window.h"
#include "ui-test-util.h"

#define LOGIN_TIMEOUT_MS 15000

static SchnackTestProsody *server;

typedef struct {
  SchnackStore          *store;
  SchnackAccountManager *manager;
  SchnackWindow         *window;
} UiFixture;

static void
ui_fixture_set_up (UiFixture     *fixture,
                   gconstpointer  trust_test_ca)
{
  g_autofree char *name = g_strdup_printf ("ui-%u.db", g_random_int ());
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), name, NULL);
  g_autoptr(GError) error = NULL;

  fixture->store = schnack_store_open (path, &error);
  g_assert_no_error (error);
  fixture->manager = schnack_account_manager_new (fixture->store);
  if (GPOINTER_TO_INT (trust_test_ca))
    schnack_account_manager_set_ca_file (fixture->manager, schnack_test_prosody_get_ca_file (server));
  fixture->window = schnack_window_new (NULL, fixture->manager);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
ui_fixture_tear_down (UiFixture     *fixture,
                      gconstpointer  data)
{
  GtkWidget *dialog;

  while ((dialog = schnack_test_find_window_of_type (SCHNACK_TYPE_WIZARD_DIALOG)) != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->manager);
  g_clear_object (&fixture->store);
}

static GtkWidget *
find (UiFixture  *fixture,
      const char *id)
{
  GtkWidget *widget = schnack_test_find_widget (GTK_WIDGET (fixture->window), id);

  g_assert_nonnull (widget);
  return widget;
}

static gboolean
dialog_open (gpointer data)
{
  return schnack_test_find_window_of_type (SCHNACK_TYPE_WIZARD_DIALOG) != NULL;
}

static gboolean
dialog_closed (gpointer data)
{
  return !dialog_open (data);
}

static char *
register_user (const char *prefix)
{
  g_autofree char *user = schnack_test_unique_user (prefix);

  g_assert_true (schnack_test_prosody_register (server, user, "localhost", "ui-password", NULL));
  return g_strdup_printf ("%s@localhost", user);
}

typedef struct {
  GtkLabel   *label;
  const char *text;
} LabelWait;

static gboolean
label_shows (gpointer data)
{
  LabelWait *wait = data;

  return g_strcmp0 (gtk_label_get_text (wait->label), wait->text) == 0;
}

static gboolean
label_shows_page (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (data), "accounts") == 0;
}

static void
test_welcome_then_add_account (UiFixture     *fixture,
                               gconstpointer  data)
{
  GtkStack *stack = GTK_STACK (find (fixture, "content_stack"));
  g_autofree char *jid = register_user ("uiadd");
  g_autofree char *port = g_strdup_printf ("%u", schnack_test_prosody_get_c2s_port (server));
  GtkWidget *login_page, *jid_entry, *password_entry, *login_button, *jid_error, *status_label, *row;
  GtkWidget *dialog;
  LabelWait online = { NULL, "Online" };

  /* No account yet: the wizard fills the window. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "wizard");
  g_assert_false (gtk_widget_get_mapped (find (fixture, "add_account_button")));
  schnack_test_click (find (fixture, "have_account_button"));

  login_page = find (fixture, "login_page");
  jid_entry = schnack_test_find_widget (login_page, "jid_entry");
  password_entry = schnack_test_find_widget (login_page, "password_entry");
  login_button = schnack_test_find_widget (login_page, "login_button");
  jid_error = schnack_test_find_widget (login_page, "jid_error_label");

  /* A space in the user name is explained at the field, before any
   * connection is tried, and the button stays off. */
  schnack_test_type_text (jid_entry, "Ui Add@localhost");
  schnack_test_type_text (password_entry, "ui-password");
  g_assert_true (gtk_widget_get_visible (jid_error));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (jid_error)), "spaces"));
  g_assert_false (gtk_widget_get_sensitive (login_button));

  schnack_test_type_text (jid_entry, jid);
  g_assert_false (gtk_widget_get_visible (jid_error));
  g_assert_true (gtk_widget_get_sensitive (login_button));
  /* The server is on a test port. */
  schnack_test_type_text (schnack_test_find_widget (login_page, "host_entry"), "127.0.0.1");
  schnack_test_type_text (schnack_test_find_widget (login_page, "port_entry"), port);
  schnack_test_click (login_button);

  /* Once online, the account is listed with its state. */
  g_assert_true (schnack_test_wait_until (label_shows_page, stack, LOGIN_TIMEOUT_MS));
  row = gtk_widget_get_first_child (find (fixture, "account_list"));
  g_assert_true (SCHNACK_IS_ACCOUNT_ROW (row));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (schnack_test_find_widget (row, "jid_label"))), ==, jid);
  status_label = schnack_test_find_widget (row, "status_label");
  online.label = GTK_LABEL (status_label);
  g_assert_true (schnack_test_wait_until (label_shows, &online, LOGIN_TIMEOUT_MS));
  g_assert_true (gtk_widget_has_css_class (schnack_test_find_widget (row, "state_dot"), "success"));

  /* "Add Account" opens the same wizard in a dialog; Cancel closes it
   * and leaves the list as it was. */
  schnack_test_click (find (fixture, "add_account_button"));
  g_assert_true (schnack_test_wait_until (dialog_open, NULL, 2000));
  dialog = schnack_test_find_window_of_type (SCHNACK_TYPE_WIZARD_DIALOG);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture->window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  schnack_test_click (schnack_test_find_widget (dialog, "have_account_button"));
  schnack_test_type_text (schnack_test_find_widget (dialog, "jid_entry"), "someone@example.org");
  schnack_test_click (schnack_test_find_widget (dialog, "cancel_button"));
  g_assert_true (schnack_test_wait_until (dialog_closed, NULL, 2000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->manager)), ==, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "accounts");
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static void
test_trust_certificate_from_row (UiFixture     *fixture,
                                 gconstpointer  data)
{
  g_autofree char *jid = register_user ("uicert");
  g_autoptr(SchnackAccountRecord) settings = schnack_account_record_new ();
  g_autoptr(SchnackAccountRecord) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  const char *sha256 = schnack_test_prosody_get_cert_sha256 (server);
  GtkWidget *row, *certificate_box, *certificate_label;
  LabelWait online = { NULL, "Online" };

  settings->jid = g_strdup (jid);
  settings->host = g_strdup ("127.0.0.1");
  settings->port = schnack_test_prosody_get_c2s_port (server);
  g_assert_nonnull (schnack_account_manager_add (fixture->manager, settings, "ui-password", FALSE, &error));

  /* As after a restart: a window that starts with this account. (The
   * one from set-up stays on the wizard, which did not add it.) */
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = schnack_window_new (NULL, fixture->manager);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find (fixture, "content_stack"))),
                   ==, "accounts");

  row = gtk_widget_get_first_child (find (fixture, "account_list"));
  certificate_box = schnack_test_find_widget (row, "certificate_box");
  g_assert_true (schnack_test_wait_until (widget_visible, certificate_box, LOGIN_TIMEOUT_MS));

  /* The fingerprint is shown the way certificate viewers show it. */
  for (gsize i = 0; sha256[i] != '\0'; i++)
    {
      if (i > 0 && i % 2 == 0)
        g_string_append_c (expected, ':');
      g_string_append_c (expected, g_ascii_toupper (sha256[i]));
    }
  certificate_label = schnack_test_find_widget (row, "certificate_label");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (certificate_label)), expected->str));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (schnack_test_find_widget (row, "status_label"))),
                            "not trusted"));

  schnack_test_click (schnack_test_find_widget (row, "trust_button"));
  online.label = GTK_LABEL (schnack_test_find_widget (row, "status_label"));
  g_assert_true (schnack_test_wait_until (label_shows, &online, LOGIN_TIMEOUT_MS));
  g_assert_false (gtk_widget_get_visible (certificate_box));

  /* The pin is saved with the account, so the next start trusts it too. */
  saved = schnack_store_find_account (fixture->store, jid, &error);
  g_assert_nonnull (saved);
  g_assert_cmpstr (saved->pinned_cert_sha256, ==, sha256);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
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
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  server = schnack_test_prosody_start (NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/window/welcome-then-add-account", UiFixture, GINT_TO_POINTER (TRUE),
              ui_fixture_set_up, test_welcome_then_add_account, ui_fixture_tear_down);
  g_test_add ("/window/trust-certificate-from-row", UiFixture, GINT_TO_POINTER (FALSE),
              ui_fixture_set_up, test_trust_certificate_from_row, ui_fixture_tear_down);

  status = g_test_run ();
  schnack_test_prosody_free (server);
  return status;
}
