/* test-accounts-window.c — managing accounts as a user does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In-process GTK tests of the Accounts window on a real Prosody: switch
 * an account off and on, set the name contacts see, turn a big photo
 * into a small avatar, edit its settings (and be told about a bad
 * port), change its password, remove it, delete it on the server — each
 * confirmation answered the way a user would.
 */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "connection-test-util.h"
#include "core/account-manager.h"
#include "test-peer.h"
#include "ui/account-settings-row.h"
#include "ui/accounts-window.h"
#include "ui/application.h"
#include "ui/profile-picture.h"
#include "ui/settings.h"
#include "ui-test-util.h"

#define TIMEOUT_MS 15000

static SchnackTestProsody *server;

typedef struct {
  SchnackStore          *store;
  SchnackAccountManager *manager;
  SchnackAccount        *account;
  char                  *jid;
  SchnackAccountsWindow *window;
  GtkWidget             *row;
} Fixture;

static gboolean
account_in_state (gpointer data)
{
  SchnackAccount *account = ((gpointer *) data)[0];

  return schnack_account_get_state (account) == (SchnackConnectionState) GPOINTER_TO_INT (((gpointer *) data)[1]);
}

static void
assert_state (SchnackAccount         *account,
              SchnackConnectionState  state)
{
  gpointer data[2] = { account, GINT_TO_POINTER (state) };

  g_assert_true (schnack_test_wait_until (account_in_state, data, TIMEOUT_MS));
}

static GtkWidget *
find_settings_row (GtkWidget *root)
{
  if (SCHNACK_IS_ACCOUNT_SETTINGS_ROW (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_settings_row (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *user = schnack_test_unique_user ("prefs");
  g_autofree char *name = g_strdup_printf ("prefs-%u.db", g_random_int ());
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), name, NULL);
  g_autoptr(SchnackAccountRecord) settings = schnack_account_record_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (schnack_test_prosody_register (server, user, "localhost", "prefs-password", NULL));
  fixture->jid = g_strdup_printf ("%s@localhost", user);
  fixture->store = schnack_store_open (path, &error);
  g_assert_no_error (error);
  fixture->manager = schnack_account_manager_new (fixture->store);
  schnack_account_manager_set_ca_file (fixture->manager, schnack_test_prosody_get_ca_file (server));
  settings->jid = g_strdup (fixture->jid);
  settings->host = g_strdup ("127.0.0.1");
  settings->port = schnack_test_prosody_get_c2s_port (server);
  fixture->account = schnack_account_manager_add (fixture->manager, settings, "prefs-password", TRUE, &error);
  g_assert_no_error (error);
  assert_state (fixture->account, SCHNACK_CONNECTION_ONLINE);

  fixture->window = schnack_accounts_window_new (fixture->manager);
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->row = find_settings_row (GTK_WIDGET (fixture->window));
  g_assert_nonnull (fixture->row);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *dialog;

  while ((dialog = schnack_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG)) != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->manager);
  g_clear_object (&fixture->store);
  g_free (fixture->jid);
}

static GtkWidget *
row_child (Fixture    *fixture,
           const char *id)
{
  GtkWidget *widget = schnack_test_find_widget (fixture->row, id);

  g_assert_nonnull (widget);
  return widget;
}

static gboolean
dialog_shown (gpointer data)
{
  return schnack_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static AdwMessageDialog *
wait_for_dialog (void)
{
  g_assert_true (schnack_test_wait_until (dialog_shown, NULL, 3000));
  return ADW_MESSAGE_DIALOG (schnack_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG));
}

typedef struct {
  GtkLabel   *label;
  const char *text;
} LabelWait;

static gboolean
label_contains (gpointer data)
{
  LabelWait *wait = data;

  return gtk_widget_get_visible (GTK_WIDGET (wait->label)) &&
         strstr (gtk_label_get_text (wait->label), wait->text) != NULL;
}

static void
test_shows_state_and_switches_off (Fixture       *fixture,
                                   gconstpointer  data)
{
  GtkSwitch *enabled = GTK_SWITCH (row_child (fixture, "enabled_switch"));

  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (fixture->row)), ==, fixture->jid);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (fixture->row)), ==, "Online");
  g_assert_true (gtk_switch_get_active (enabled));

  gtk_switch_set_active (enabled, FALSE);
  assert_state (fixture->account, SCHNACK_CONNECTION_OFFLINE);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (fixture->row)), ==, "Offline");
  g_assert_false (schnack_account_get_settings (fixture->account)->enabled);

  gtk_switch_set_active (enabled, TRUE);
  assert_state (fixture->account, SCHNACK_CONNECTION_ONLINE);
}

/* The notification setting is a switch here, kept in GSettings. */
static void
test_notification_contents_switch (Fixture       *fixture,
                                   gconstpointer  data)
{
  GtkWidget *found = schnack_test_find_widget (GTK_WIDGET (fixture->window), "show_contents_switch");
  g_autoptr(GSettings) settings = schnack_settings_new ();
  GtkSwitch *show_contents;

  g_assert_nonnull (found);
  g_assert_nonnull (settings);
  show_contents = GTK_SWITCH (found);
  g_assert_true (gtk_widget_is_visible (found));
  g_assert_true (gtk_switch_get_active (show_contents));

  gtk_switch_set_active (show_contents, FALSE);
  g_assert_false (g_settings_get_boolean (settings, SCHNACK_SETTINGS_NOTIFICATION_SHOW_CONTENTS));
  g_settings_reset (settings, SCHNACK_SETTINGS_NOTIFICATION_SHOW_CONTENTS);
  g_assert_true (gtk_switch_get_active (show_contents));
}

static void
test_edit_settings (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *port = row_child (fixture, "port_row");
  LabelWait bad_port = { GTK_LABEL (row_child (fixture, "settings_message_label")), "1 to 65535" };
  g_autoptr(SchnackAccountRecord) stored = NULL;
  g_autofree char *good_port = g_strdup_printf ("%u", schnack_test_prosody_get_c2s_port (server));

  /* A typo in the port is explained, and nothing is saved. */
  schnack_test_type_text (port, "99999");
  schnack_test_click (row_child (fixture, "save_settings_button"));
  g_assert_true (label_contains (&bad_port));
  g_assert_cmpint (schnack_account_get_settings (fixture->account)->port, ==,
                   schnack_test_prosody_get_c2s_port (server));

  schnack_test_type_text (port, good_port);
  schnack_test_type_text (row_child (fixture, "resource_row"), "desk");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (row_child (fixture, "priority_spin")), 5);
  schnack_test_click (row_child (fixture, "save_settings_button"));

  stored = schnack_store_find_account (fixture->store, fixture->jid, NULL);
  g_assert_cmpstr (stored->resource, ==, "desk");
  g_assert_cmpint (stored->priority, ==, 5);
  assert_state (fixture->account, SCHNACK_CONNECTION_ONLINE);
}

static void
test_change_password (Fixture       *fixture,
                      gconstpointer  data)
{
  AdwMessageDialog *dialog;
  GtkWidget *extra;
  GtkWidget *first;
  GtkWidget *second;
  LabelWait changed = { GTK_LABEL (row_child (fixture, "settings_message_label")), "password was changed" };
  g_autoptr(SchnackTestPeer) peer = NULL;
  g_autoptr(GError) error = NULL;

  schnack_test_click (row_child (fixture, "change_password_button"));
  dialog = wait_for_dialog ();
  extra = adw_message_dialog_get_extra_child (dialog);
  first = gtk_widget_get_first_child (extra);
  second = gtk_widget_get_next_sibling (first);

  /* Not the same twice: the button stays off. */
  schnack_test_type_text (first, "neues-passwort");
  schnack_test_type_text (second, "neues-passwor");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "change"));
  schnack_test_type_text (second, "neues-passwort");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "change"));
  adw_message_dialog_response (dialog, "change");

  g_assert_true (schnack_test_wait_until (label_contains, &changed, TIMEOUT_MS));
  peer = schnack_test_peer_start (server, fixture->jid, "neues-passwort", &error);
  g_assert_no_error (error);
}

static gboolean
manager_empty (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (data)) == 0;
}

static void
test_remove_from_schnack (Fixture       *fixture,
                          gconstpointer  data)
{
  AdwMessageDialog *dialog;

  schnack_test_click (row_child (fixture, "remove_button"));
  dialog = wait_for_dialog ();
  /* The confirmation says the server account stays. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "stays on the server"));
  adw_message_dialog_response (dialog, "cancel");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->manager)), ==, 1);

  schnack_test_click (row_child (fixture, "remove_button"));
  dialog = wait_for_dialog ();
  adw_message_dialog_response (dialog, "remove");
  g_assert_true (schnack_test_wait_until (manager_empty, fixture->manager, 3000));
  g_assert_null (find_settings_row (GTK_WIDGET (fixture->window)));
}

static void
test_delete_on_server (Fixture       *fixture,
                       gconstpointer  data)
{
  AdwMessageDialog *dialog;
  g_autoptr(SchnackTestPeer) peer = NULL;
  g_autoptr(GError) error = NULL;

  schnack_test_click (row_child (fixture, "delete_button"));
  dialog = wait_for_dialog ();
  /* The confirmation names the account, and cancelling is the default. */
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), fixture->jid));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  adw_message_dialog_response (dialog, "delete");

  g_assert_true (schnack_test_wait_until (manager_empty, fixture->manager, TIMEOUT_MS));
  peer = schnack_test_peer_start (server, fixture->jid, "prefs-password", &error);
  g_assert_null (peer);
}

static void
test_nickname_reaches_contacts (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *viewer_user = schnack_test_unique_user ("viewer");
  g_autofree char *viewer_jid = g_strdup_printf ("%s@localhost", viewer_user);
  g_autoptr(SchnackTestPeer) viewer = NULL;
  GtkWidget *nickname = row_child (fixture, "nickname_row");
  LabelWait empty = { GTK_LABEL (row_child (fixture, "settings_message_label")), "Type the name" };
  LabelWait done = { empty.label, "new name" };
  g_autofree char *ask = NULL;
  g_autoptr(GError) error = NULL;

  /* Nothing typed: told so, nothing published. */
  g_signal_emit_by_name (nickname, "apply");
  g_assert_true (schnack_test_wait_until (label_contains, &empty, 3000));

  gtk_editable_set_text (GTK_EDITABLE (nickname), "  Schnacki <3 & Co  ");
  g_signal_emit_by_name (nickname, "apply");
  g_assert_true (schnack_test_wait_until (label_contains, &done, TIMEOUT_MS));

  /* Another user reads the name from the account's PEP node. */
  g_assert_true (schnack_test_prosody_register (server, viewer_user, "localhost", "viewer-password", NULL));
  viewer = schnack_test_peer_start (server, viewer_jid, "viewer-password", &error);
  g_assert_no_error (error);
  ask = g_strdup_printf ("<iq type='get' to='%s' id='nick1'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                         "<items node='http://jabber.org/protocol/nick'/></pubsub></iq>", fixture->jid);
  g_assert_true (schnack_test_peer_send_raw (viewer, ask, &error));
  g_autofree char *line = schnack_test_peer_wait_event_with (viewer, "iq-result", "id", "nick1", TIMEOUT_MS);
  g_assert_nonnull (line);
  /* Trimmed, and the markup characters travel as text. */
  g_assert_nonnull (strstr (line, "Schnacki &lt;3 &amp; Co<"));
}

static void
on_picture_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
result_ready (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static GBytes *
load_picture (GFile   *file,
              GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  schnack_profile_picture_load_async (file, NULL, on_picture_loaded, &result);
  g_assert_true (schnack_test_wait_until (result_ready, &result, TIMEOUT_MS));
  return schnack_profile_picture_load_finish (result, error);
}

static void
test_big_photo_becomes_small_avatar (void)
{
  g_autoptr(GdkPixbuf) photo = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 3000, 2000);
  g_autofree char *dir = g_dir_make_tmp ("schnack-picture-XXXXXX", NULL);
  g_autofree char *photo_path = g_build_filename (dir, "photo.jpg", NULL);
  g_autofree char *text_path = g_build_filename (dir, "notes.png", NULL);
  g_autoptr(GFile) photo_file = g_file_new_for_path (photo_path);
  g_autoptr(GFile) text_file = g_file_new_for_path (text_path);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GdkPixbuf) avatar = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (photo, 0x3366ccff);
  g_assert_true (gdk_pixbuf_save (photo, photo_path, "jpeg", &error, NULL));
  g_assert_true (g_file_set_contents (text_path, "not a picture at all", -1, &error));

  png = load_picture (photo_file, &error);
  g_assert_no_error (error);
  stream = g_memory_input_stream_new_from_bytes (png);
  avatar = gdk_pixbuf_new_from_stream (stream, NULL, &error);
  g_assert_no_error (error);
  /* Small enough for every contact to fetch, shape kept, sent as PNG. */
  g_assert_cmpint (gdk_pixbuf_get_width (avatar), ==, SCHNACK_PROFILE_PICTURE_SIZE);
  g_assert_cmpint (gdk_pixbuf_get_height (avatar), ==, SCHNACK_PROFILE_PICTURE_SIZE * 2 / 3);
  g_assert_cmpmem (g_bytes_get_data (png, NULL), 4, "\x89PNG", 4);

  /* Something that is not a picture: a sentence naming the file. */
  g_clear_pointer (&png, g_bytes_unref);
  png = load_picture (text_file, &error);
  g_assert_null (png);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "notes.png"));

  g_unlink (photo_path);
  g_unlink (text_path);
  g_rmdir (dir);
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
  server = schnack_test_prosody_start (NULL, &error);
  g_assert_no_error (error);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/accounts-window/shows-state-and-switches-off", test_shows_state_and_switches_off);
  ADD ("/accounts-window/nickname-reaches-contacts", test_nickname_reaches_contacts);
  ADD ("/accounts-window/edit-settings", test_edit_settings);
  ADD ("/accounts-window/notification-contents-switch", test_notification_contents_switch);
  ADD ("/accounts-window/change-password", test_change_password);
  ADD ("/accounts-window/remove-from-schnack", test_remove_from_schnack);
  ADD ("/accounts-window/delete-on-server", test_delete_on_server);
#undef ADD
  g_test_add_func ("/accounts-window/big-photo-becomes-small-avatar", test_big_photo_becomes_small_avatar);

  status = g_test_run ();
  schnack_test_prosody_free (server);
  return status;
}
