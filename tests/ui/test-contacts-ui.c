/* test-contacts-ui.c — the contact list as a user works with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In-process GTK tests of the contacts pane, the add-contact dialog, the
 * Requests window and the details page on a real Prosody, with slixmpp
 * peers as the people on the other side: adding someone (after a typo)
 * until both see each other, answering requests, live presence, the
 * filter, messages from strangers (text, never markup), the devices on
 * the details page and removing a contact after a confirmation.
 */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "connection-test-util.h"
#include "core/account-manager.h"
#include "core/message-request.h"
#include "store/roster.h"
#include "test-peer.h"
#include "ui/add-contact-dialog.h"
#include "ui/application.h"
#include "ui/avatar.h"
#include "ui/contact-details.h"
#include "ui/contact-group-header.h"
#include "ui/contact-row.h"
#include "ui/contacts-pane.h"
#include "ui/request-row.h"
#include "ui/requests-window.h"
#include "ui/status-button.h"
#include "ui/window.h"
#include "ui-test-util.h"

#define TIMEOUT_MS 15000
#define PASSWORD "contacts-ui-password"

static SchnackTestProsody *server;

typedef struct {
  SchnackStore          *store;
  SchnackAccountManager *manager;
  SchnackAccount        *account;
  char                  *jid;
  GtkWindow             *window;
  SchnackContactsPane   *pane;
} Fixture;

static char *
register_on (const char *prefix,
             const char *host)
{
  g_autofree char *user = schnack_test_unique_user (prefix);

  g_assert_true (schnack_test_prosody_register (server, user, host, PASSWORD, NULL));
  return g_strdup_printf ("%s@%s", user, host);
}

static gboolean
account_online_and_loaded (gpointer data)
{
  SchnackAccount *account = data;

  return schnack_account_get_state (account) == SCHNACK_CONNECTION_ONLINE &&
         schnack_contact_list_get_loaded (schnack_account_get_contacts (account));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *name = g_strdup_printf ("contacts-ui-%u.db", g_random_int ());
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), name, NULL);
  g_autoptr(SchnackAccountRecord) settings = schnack_account_record_new ();
  g_autoptr(GError) error = NULL;

  fixture->jid = register_on ("me", "localhost");
  fixture->store = schnack_store_open (path, &error);
  g_assert_no_error (error);
  fixture->manager = schnack_account_manager_new (fixture->store);
  schnack_account_manager_set_ca_file (fixture->manager, schnack_test_prosody_get_ca_file (server));
  settings->jid = g_strdup (fixture->jid);
  settings->host = g_strdup ("127.0.0.1");
  settings->port = schnack_test_prosody_get_c2s_port (server);
  fixture->account = schnack_account_manager_add (fixture->manager, settings, PASSWORD, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (schnack_test_wait_until (account_online_and_loaded, fixture->account, TIMEOUT_MS));

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 420, 760);
  fixture->pane = schnack_contacts_pane_new (fixture->manager);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->pane));
  gtk_window_present (fixture->window);
}

static void
destroy_windows_of_type (GType type)
{
  GtkWidget *window;

  while ((window = schnack_test_find_window_of_type (type)) != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  destroy_windows_of_type (ADW_TYPE_MESSAGE_DIALOG);
  destroy_windows_of_type (SCHNACK_TYPE_ADD_CONTACT_DIALOG);
  destroy_windows_of_type (SCHNACK_TYPE_REQUESTS_WINDOW);
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->manager);
  g_clear_object (&fixture->store);
  g_free (fixture->jid);
}

/* ------------------------------------------------------------ helpers */

static GtkWidget *
pane_child (Fixture    *fixture,
            const char *id)
{
  GtkWidget *widget = schnack_test_find_widget (GTK_WIDGET (fixture->pane), id);

  g_assert_nonnull (widget);
  return widget;
}

static GtkWidget *
child_of (gpointer    root,
          const char *id)
{
  GtkWidget *widget = schnack_test_find_widget (GTK_WIDGET (root), id);

  g_assert_nonnull (widget);
  return widget;
}

static SchnackContactList *
my_contacts (Fixture *fixture)
{
  return schnack_account_get_contacts (fixture->account);
}

/* The realized row showing @jid, if any. */
static SchnackContactRow *
find_row (GtkWidget  *root,
          const char *jid)
{
  if (SCHNACK_IS_CONTACT_ROW (root))
    {
      SchnackContact *contact = schnack_contact_row_get_contact (SCHNACK_CONTACT_ROW (root));

      if (contact != NULL && gtk_widget_get_visible (root) &&
          g_strcmp0 (schnack_contact_get_jid (contact), jid) == 0)
        return SCHNACK_CONTACT_ROW (root);
      return NULL;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      SchnackContactRow *found = find_row (child, jid);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
header_shown (GtkWidget  *root,
              const char *title)
{
  if (SCHNACK_IS_CONTACT_GROUP_HEADER (root))
    return gtk_widget_get_visible (root) &&
           g_strcmp0 (schnack_contact_group_header_get_title (SCHNACK_CONTACT_GROUP_HEADER (root)), title) == 0;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (header_shown (child, title))
      return TRUE;
  return FALSE;
}

/* How many rows of the pane's model show a contact (not a group). */
static guint
count_contact_rows (Fixture    *fixture,
                    const char *jid)
{
  GListModel *model = schnack_contacts_pane_get_model (fixture->pane);
  guint n = g_list_model_get_n_items (model);
  guint count = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (SCHNACK_IS_CONTACT (item) &&
          (jid == NULL || g_strcmp0 (schnack_contact_get_jid (SCHNACK_CONTACT (item)), jid) == 0))
        count++;
    }
  return count;
}

typedef struct {
  Fixture    *fixture;
  const char *jid;
} RowWait;

static gboolean
row_shown (gpointer data)
{
  RowWait *wait = data;

  return find_row (GTK_WIDGET (wait->fixture->pane), wait->jid) != NULL;
}

static gboolean
row_gone (gpointer data)
{
  RowWait *wait = data;

  return count_contact_rows (wait->fixture, wait->jid) == 0 &&
         find_row (GTK_WIDGET (wait->fixture->pane), wait->jid) == NULL;
}

static SchnackContactRow *
wait_for_row (Fixture    *fixture,
              const char *jid)
{
  RowWait wait = { fixture, jid };

  g_assert_true (schnack_test_wait_until (row_shown, &wait, TIMEOUT_MS));
  return find_row (GTK_WIDGET (fixture->pane), jid);
}

typedef struct {
  Fixture             *fixture;
  const char          *jid;
  SchnackSubscription  subscription;
} SubscriptionWait;

static gboolean
has_subscription (gpointer data)
{
  SubscriptionWait *wait = data;
  SchnackContact *contact = schnack_contact_list_find (my_contacts (wait->fixture), wait->jid);

  return contact != NULL && schnack_contact_get_subscription (contact) == wait->subscription;
}

static void
assert_subscription (Fixture             *fixture,
                     const char          *jid,
                     SchnackSubscription  subscription)
{
  SubscriptionWait wait = { fixture, jid, subscription };

  g_assert_true (schnack_test_wait_until (has_subscription, &wait, TIMEOUT_MS));
}

/* The other person answers our request as their client would. */
static void
peer_accepts (SchnackTestPeer *peer,
              const char      *my_jid)
{
  g_autofree char *line = schnack_test_peer_wait_event_with (peer, "subscribe", "from", my_jid, TIMEOUT_MS);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (line);
  g_assert_true (schnack_test_peer_authorize (peer, my_jid, &error));
  g_assert_true (schnack_test_peer_subscribe (peer, my_jid, &error));
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

/* Through the core: for tests about something else than adding. */
static void
add_contact (Fixture    *fixture,
             const char *jid,
             const char *name,
             const char *group)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  schnack_contact_list_add_contact_async (my_contacts (fixture), jid, name, group, NULL, on_done, &result);
  g_assert_true (schnack_test_wait_until (have_result, &result, TIMEOUT_MS));
  g_assert_true (schnack_contact_list_add_contact_finish (my_contacts (fixture), result, &error));
}

static SchnackTestPeer *
start_mutual_friend (Fixture    *fixture,
                     const char *prefix,
                     char      **out_jid)
{
  g_autofree char *jid = register_on (prefix, "localhost");
  SchnackTestPeer *peer = schnack_test_peer_start (server, jid, PASSWORD, NULL);

  g_assert_nonnull (peer);
  add_contact (fixture, jid, NULL, NULL);
  peer_accepts (peer, fixture->jid);
  assert_subscription (fixture, jid, SCHNACK_SUBSCRIPTION_BOTH);
  *out_jid = g_steal_pointer (&jid);
  return peer;
}

static gboolean
window_of_type_shown (gpointer data)
{
  return schnack_test_find_window_of_type (GPOINTER_TO_SIZE (data)) != NULL;
}

static gboolean
window_of_type_gone (gpointer data)
{
  return schnack_test_find_window_of_type (GPOINTER_TO_SIZE (data)) == NULL;
}

static GtkWidget *
wait_for_window (GType type)
{
  g_assert_true (schnack_test_wait_until (window_of_type_shown, GSIZE_TO_POINTER (type), 3000));
  return schnack_test_find_window_of_type (type);
}

static gboolean
revealed (gpointer data)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (data));
}

static gboolean
not_revealed (gpointer data)
{
  return !gtk_revealer_get_reveal_child (GTK_REVEALER (data));
}

static gboolean
has_request (gpointer data)
{
  return g_list_model_get_n_items (schnack_contact_list_get_requests (data)) > 0;
}

static SchnackRequestRow *
find_request_row (GtkWidget  *root,
                  const char *jid)
{
  if (SCHNACK_IS_REQUEST_ROW (root))
    return g_strcmp0 (schnack_request_row_get_jid (SCHNACK_REQUEST_ROW (root)), jid) == 0
           ? SCHNACK_REQUEST_ROW (root) : NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      SchnackRequestRow *found = find_request_row (child, jid);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static SchnackRequestRow *
wait_for_request_row (GtkWidget  *window,
                      const char *jid)
{
  for (guint i = 0; i < 100; i++)
    {
      SchnackRequestRow *row = find_request_row (window, jid);

      if (row != NULL)
        return row;
      schnack_test_run_for (50);
    }
  g_error ("no request row for %s", jid);
}

/* -------------------------------------------------------------- tests */

static void
test_avatar_initials (void)
{
  g_autofree char *two = schnack_avatar_dup_initials ("Ada Lovelace");
  g_autofree char *one = schnack_avatar_dup_initials ("bob");
  g_autofree char *middle = schnack_avatar_dup_initials ("  Jean-Luc de la Barre ");
  g_autofree char *umlaut = schnack_avatar_dup_initials ("ödön");
  g_autofree char *none = schnack_avatar_dup_initials (NULL);
  SchnackAvatar *avatar = g_object_ref_sink (schnack_avatar_new (48));

  g_assert_cmpstr (two, ==, "AL");
  g_assert_cmpstr (one, ==, "B");
  g_assert_cmpstr (middle, ==, "JB");
  g_assert_cmpstr (umlaut, ==, "Ö");
  g_assert_cmpstr (none, ==, "");

  schnack_avatar_set_name (avatar, "<b>Eve</b>");
  g_assert_cmpstr (schnack_avatar_get_initials (avatar), ==, "B");
  g_assert_cmpstr (schnack_avatar_get_name (avatar), ==, "<b>Eve</b>");
  g_assert_cmpint (schnack_avatar_get_size (avatar), ==, 48);
  g_object_unref (avatar);
}

static gboolean
pending_shown (gpointer data)
{
  return gtk_widget_get_visible (schnack_test_find_widget (data, "contact_pending_label"));
}

static gboolean
has_picture (gpointer data)
{
  return schnack_avatar_has_picture (data);
}

/* A cached picture replaces the initials; a broken one leaves them. */
static void
test_avatar_picture (void)
{
  g_autofree char *dir = g_dir_make_tmp ("avatar-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "picture", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken", NULL);
  guchar pixels[4 * 4 * 4];
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  SchnackAvatar *avatar = g_object_ref_sink (schnack_avatar_new (48));
  SchnackAvatar *second = g_object_ref_sink (schnack_avatar_new (24));

  memset (pixels, 0x80, sizeof pixels);
  bytes = g_bytes_new (pixels, sizeof pixels);
  texture = gdk_memory_texture_new (4, 4, GDK_MEMORY_R8G8B8A8, bytes, 16);
  g_assert_true (gdk_texture_save_to_png (texture, png));
  g_assert_true (g_file_set_contents (broken, "<svg>not a picture", -1, NULL));

  schnack_avatar_set_name (avatar, "Bob");
  schnack_avatar_set_file (avatar, png);
  g_assert_true (schnack_test_wait_until (has_picture, avatar, 3000));
  /* The same file again is shared at once. */
  schnack_avatar_set_file (second, png);
  g_assert_true (schnack_avatar_has_picture (second));

  schnack_avatar_set_file (avatar, broken);
  schnack_test_run_for (200);
  g_assert_false (schnack_avatar_has_picture (avatar));
  g_assert_cmpstr (schnack_avatar_get_initials (avatar), ==, "B");
  schnack_avatar_set_file (second, NULL);
  g_assert_false (schnack_avatar_has_picture (second));

  g_object_unref (avatar);
  g_object_unref (second);
  g_unlink (png);
  g_unlink (broken);
  g_rmdir (dir);
}

static void
test_add_contact (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *friend_jid = register_on ("friend", "example.test");
  g_autoptr(SchnackTestPeer) friend = schnack_test_peer_start (server, friend_jid, PASSWORD, NULL);
  g_autofree char *typo = NULL;
  SchnackAddContactDialog *dialog;
  GtkWidget *jid_row;
  GtkLabel *error_label;
  SchnackContactRow *row;

  g_assert_nonnull (friend);
  schnack_test_click (pane_child (fixture, "contacts_add_button"));
  dialog = SCHNACK_ADD_CONTACT_DIALOG (wait_for_window (SCHNACK_TYPE_ADD_CONTACT_DIALOG));
  jid_row = child_of (dialog, "add_contact_jid_row");
  error_label = GTK_LABEL (child_of (dialog, "add_contact_jid_error_label"));
  /* The account chooser is only there with several accounts. */
  g_assert_false (gtk_widget_get_visible (child_of (dialog, "add_contact_account_row")));

  /* A typo is explained next to the field, and nothing can be added. */
  typo = g_strdup_printf ("my friend@%s", strchr (friend_jid, '@') + 1);
  schnack_test_type_text (jid_row, typo);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "spaces"));
  g_assert_false (gtk_widget_get_sensitive (child_of (dialog, "add_contact_add_button")));

  schnack_test_type_text (jid_row, friend_jid);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  schnack_test_type_text (child_of (dialog, "add_contact_name_row"), "Freundin");
  schnack_test_type_text (child_of (dialog, "add_contact_group_row"), "Verein");
  schnack_test_click (child_of (dialog, "add_contact_add_button"));
  g_assert_true (schnack_test_wait_until (window_of_type_gone,
                                          GSIZE_TO_POINTER (SCHNACK_TYPE_ADD_CONTACT_DIALOG), TIMEOUT_MS));

  /* Listed at once, under its group, waiting for them. */
  row = wait_for_row (fixture, friend_jid);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child_of (row, "contact_name_label"))), ==, "Freundin");
  g_assert_true (header_shown (GTK_WIDGET (fixture->pane), "Verein"));
  g_assert_true (schnack_test_wait_until (pending_shown, row, TIMEOUT_MS));

  /* They accept once: both see each other; nothing waits any more. */
  peer_accepts (friend, fixture->jid);
  assert_subscription (fixture, friend_jid, SCHNACK_SUBSCRIPTION_BOTH);
  row = wait_for_row (fixture, friend_jid);
  g_assert_false (gtk_widget_get_visible (child_of (row, "contact_pending_label")));
}

static void
test_request_accepted (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *asker_jid = register_on ("asker", "localhost");
  g_autoptr(SchnackTestPeer) asker = schnack_test_peer_start (server, asker_jid, PASSWORD, NULL);
  GtkWidget *revealer = pane_child (fixture, "contacts_requests_revealer");
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  SchnackRequestRow *request_row;
  GtkWidget *requests;

  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_true (schnack_test_peer_subscribe (asker, fixture->jid, &error));

  /* Impossible to miss: the banner with a badge. */
  g_assert_true (schnack_test_wait_until (revealed, revealer, TIMEOUT_MS));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (pane_child (fixture, "contacts_requests_badge"))), ==, "1");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (pane_child (fixture, "contacts_requests_label"))), ==,
                   "1 contact request");
  g_assert_cmpuint (schnack_contacts_pane_get_n_requests (fixture->pane), ==, 1);

  schnack_test_click (pane_child (fixture, "contacts_requests_button"));
  requests = wait_for_window (SCHNACK_TYPE_REQUESTS_WINDOW);
  request_row = wait_for_request_row (requests, asker_jid);
  schnack_test_click (child_of (request_row, "request_accept_button"));

  g_assert_true (schnack_test_wait_until (not_revealed, revealer, TIMEOUT_MS));
  line = schnack_test_peer_wait_event_with (asker, "subscribe", "from", fixture->jid, TIMEOUT_MS);
  g_assert_nonnull (line);
  g_assert_true (schnack_test_peer_authorize (asker, fixture->jid, &error));
  assert_subscription (fixture, asker_jid, SCHNACK_SUBSCRIPTION_BOTH);
  wait_for_row (fixture, asker_jid);
}

static void
test_request_denied (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *stranger_jid = register_on ("stranger", "localhost");
  g_autoptr(SchnackTestPeer) stranger = schnack_test_peer_start (server, stranger_jid, PASSWORD, NULL);
  GtkWidget *revealer = pane_child (fixture, "contacts_requests_revealer");
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  SchnackRequestRow *request_row;
  GtkWidget *requests;

  g_assert_true (schnack_test_peer_subscribe (stranger, fixture->jid, &error));
  g_assert_true (schnack_test_wait_until (has_request, my_contacts (fixture), TIMEOUT_MS));
  schnack_contacts_pane_show_requests (fixture->pane);
  requests = wait_for_window (SCHNACK_TYPE_REQUESTS_WINDOW);
  request_row = wait_for_request_row (requests, stranger_jid);
  schnack_test_click (child_of (request_row, "request_deny_button"));

  line = schnack_test_peer_wait_event_with (stranger, "presence", "type", "unsubscribed", TIMEOUT_MS);
  g_assert_nonnull (line);
  g_assert_true (schnack_test_wait_until (not_revealed, revealer, TIMEOUT_MS));
  g_assert_null (schnack_contact_list_find (my_contacts (fixture), stranger_jid));
  g_assert_cmpuint (count_contact_rows (fixture, stranger_jid), ==, 0);
}

typedef struct {
  SchnackContactRow *row;
  const char        *text;
} StatusWait;

static gboolean
status_shown (gpointer data)
{
  StatusWait *wait = data;

  return g_strcmp0 (schnack_contact_row_get_status_text (wait->row), wait->text) == 0;
}

static gboolean
row_contact_available (gpointer data)
{
  SchnackContactRow *row = data;

  return schnack_contact_row_get_contact (row) != NULL &&
         schnack_contact_get_available (schnack_contact_row_get_contact (row));
}

static void
test_presence_is_live (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *friend_jid = NULL;
  g_autoptr(SchnackTestPeer) friend = start_mutual_friend (fixture, "live", &friend_jid);
  g_autoptr(GError) error = NULL;
  StatusWait wait = { NULL, "Mittagspause <b>&amp;</b> mehr" };
  gint64 changed_at;

  g_assert_true (schnack_test_peer_set_presence (friend, NULL, NULL, &error));
  wait.row = wait_for_row (fixture, friend_jid);
  g_assert_true (schnack_test_wait_until (row_contact_available, wait.row, TIMEOUT_MS));

  /* Within a second, as text (the markup is shown as typed). */
  changed_at = g_get_monotonic_time ();
  g_assert_true (schnack_test_peer_set_presence (friend, "away", wait.text, &error));
  wait.row = wait_for_row (fixture, friend_jid);
  g_assert_true (schnack_test_wait_until (status_shown, &wait, 1000));
  g_test_message ("status shown after %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - changed_at) / 1000);
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (child_of (wait.row, "contact_status_label"))));

  /* Without a message, "away" is said in words. */
  g_assert_true (schnack_test_peer_set_presence (friend, "dnd", NULL, &error));
  wait.text = "Do not disturb";
  g_assert_true (schnack_test_wait_until (status_shown, &wait, 1000));
}

static gboolean
stack_shows (gpointer data)
{
  gpointer *pair = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (pair[0])), pair[1]) == 0;
}

typedef struct {
  Fixture *fixture;
  guint    count;
} CountWait;

static gboolean
has_contact_rows (gpointer data)
{
  CountWait *wait = data;

  return count_contact_rows (wait->fixture, NULL) == wait->count;
}

static void
search_for (Fixture    *fixture,
            const char *text,
            guint       expected)
{
  CountWait wait = { fixture, expected };

  schnack_test_type_text (pane_child (fixture, "contacts_search_entry"), text);
  g_assert_true (schnack_test_wait_until (has_contact_rows, &wait, 2000));
}

static void
test_filter (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *anna = register_on ("anna", "localhost");
  g_autofree char *bert = register_on ("bert", "example.test");
  GtkWidget *stack = pane_child (fixture, "contacts_stack");
  gpointer no_results[2] = { stack, (gpointer) "no-results" };
  gpointer list[2] = { stack, (gpointer) "list" };

  /* An empty list says how to start. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "empty");

  add_contact (fixture, anna, "Anna Apfel", "Obst");
  add_contact (fixture, bert, "Bert Birne", NULL);
  wait_for_row (fixture, anna);
  wait_for_row (fixture, bert);
  g_assert_cmpuint (count_contact_rows (fixture, NULL), ==, 2);
  g_assert_true (header_shown (GTK_WIDGET (fixture->pane), "Obst"));
  g_assert_true (header_shown (GTK_WIDGET (fixture->pane), "Ungrouped"));

  /* By name, any case … (the search waits for a pause in typing) */
  search_for (fixture, "BIR", 1);
  g_assert_cmpuint (count_contact_rows (fixture, bert), ==, 1);
  /* … by Jabber ID … */
  search_for (fixture, "example.test", 1);
  g_assert_cmpuint (count_contact_rows (fixture, bert), ==, 1);
  /* … and the groups without a match go away. */
  g_assert_true (schnack_test_wait_until (stack_shows, list, 1000));
  schnack_test_run_for (50);
  g_assert_false (header_shown (GTK_WIDGET (fixture->pane), "Obst"));

  search_for (fixture, "zzz-nobody", 0);
  g_assert_true (schnack_test_wait_until (stack_shows, no_results, 1000));

  search_for (fixture, "", 2);
  g_assert_true (schnack_test_wait_until (stack_shows, list, 1000));
  g_assert_true (header_shown (GTK_WIDGET (fixture->pane), "Obst"));
}

static gboolean
has_message_request (gpointer data)
{
  return g_list_model_get_n_items (schnack_account_get_message_requests (data)) > 0;
}

static void
test_stranger_message (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *stranger_jid = register_on ("spammer", "localhost");
  g_autoptr(SchnackTestPeer) stranger = schnack_test_peer_start (server, stranger_jid, PASSWORD, NULL);
  const char *body = "<b>Gewinn!</b> & <a href='x'>hier</a>";
  GtkWidget *revealer = pane_child (fixture, "contacts_requests_revealer");
  g_autoptr(GError) error = NULL;
  SchnackRequestRow *request_row;
  GtkLabel *preview;
  GtkWidget *requests;

  g_assert_true (schnack_test_peer_send_message (stranger, fixture->jid, body, NULL, &error));
  g_assert_true (schnack_test_wait_until (has_message_request, fixture->account, TIMEOUT_MS));
  g_assert_true (schnack_test_wait_until (revealed, revealer, TIMEOUT_MS));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (pane_child (fixture, "contacts_requests_label"))), ==,
                   "1 message request");
  /* Not a contact, so not in the list. */
  g_assert_cmpuint (count_contact_rows (fixture, stranger_jid), ==, 0);

  schnack_test_click (pane_child (fixture, "contacts_requests_button"));
  requests = wait_for_window (SCHNACK_TYPE_REQUESTS_WINDOW);
  request_row = wait_for_request_row (requests, stranger_jid);
  preview = GTK_LABEL (child_of (request_row, "request_preview_label"));
  g_assert_cmpstr (gtk_label_get_text (preview), ==, body);
  g_assert_false (gtk_label_get_use_markup (preview));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child_of (request_row, "request_jid_label"))), ==, stranger_jid);

  /* Reported as spam: blocked on the server, gone from Requests. */
  schnack_test_click (child_of (request_row, "request_report_button"));
  g_assert_true (schnack_test_wait_until (not_revealed, revealer, TIMEOUT_MS));
  g_assert_true (schnack_contact_list_is_blocked (my_contacts (fixture), stranger_jid));
}

typedef struct {
  SchnackContactDetails *details;
  const char            *needle;
} DeviceWait;

static gboolean
device_shows (gpointer data)
{
  DeviceWait *wait = data;
  GtkWidget *group = schnack_test_find_widget (GTK_WIDGET (wait->details), "details_devices_group");
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, group);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);

      if (ADW_IS_ACTION_ROW (widget))
        {
          g_autofree char *subtitle = g_ascii_strdown (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), -1);

          if (strstr (subtitle, wait->needle) != NULL)
            return TRUE;
        }
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (stack, child);
    }
  return FALSE;
}

static gboolean
contact_gone (gpointer data)
{
  Fixture *fixture = ((gpointer *) data)[0];

  return schnack_contact_list_find (my_contacts (fixture), ((gpointer *) data)[1]) == NULL;
}

static void
test_details_and_remove (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *friend_jid = NULL;
  g_autoptr(SchnackTestPeer) friend = start_mutual_friend (fixture, "detail", &friend_jid);
  SchnackContact *contact = schnack_contact_list_find (my_contacts (fixture), friend_jid);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  SchnackContactDetails *details = schnack_contact_details_new ();
  DeviceWait wait = { details, "slixmpp" };
  gpointer gone[2] = { fixture, friend_jid };
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  g_autofree char *subscription = NULL;

  g_assert_true (schnack_test_peer_set_presence (friend, NULL, NULL, &error));
  gtk_window_set_child (window, GTK_WIDGET (details));
  gtk_window_set_default_size (window, 600, 800);
  gtk_window_present (window);
  schnack_contact_details_set_contact (details, fixture->account, contact);

  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child_of (details, "details_jid_row"))), ==,
                   friend_jid);
  subscription = schnack_subscription_describe (SCHNACK_SUBSCRIPTION_BOTH, FALSE);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child_of (details, "details_subscription_row"))), ==,
                   subscription);
  /* The app on their device, asked as soon as it is online. */
  g_assert_true (schnack_test_wait_until (device_shows, &wait, TIMEOUT_MS));

  /* Copying the Jabber ID. */
  schnack_test_click (child_of (details, "details_copy_button"));

  /* Removing asks first, naming them; "Cancel" keeps them. */
  schnack_test_click (child_of (details, "details_remove_button"));
  dialog = ADW_MESSAGE_DIALOG (wait_for_window (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), schnack_contact_get_display_name (contact)));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  adw_message_dialog_response (dialog, "cancel");
  schnack_test_run_for (200);
  g_assert_nonnull (schnack_contact_list_find (my_contacts (fixture), friend_jid));

  schnack_test_click (child_of (details, "details_remove_button"));
  dialog = ADW_MESSAGE_DIALOG (wait_for_window (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (dialog, "remove");
  g_assert_true (schnack_test_wait_until (contact_gone, gone, TIMEOUT_MS));
  {
    RowWait row_wait = { fixture, friend_jid };

    g_assert_true (schnack_test_wait_until (row_gone, &row_wait, TIMEOUT_MS));
  }
  gtk_window_destroy (window);
}

static gboolean
waiting_shown (gpointer data)
{
  return g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (data)), "Waiting for them to accept") == 0;
}

static void
test_rename_and_groups (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *friend_jid = register_on ("rename", "localhost");
  SchnackContact *contact;
  SchnackContactDetails *details = schnack_contact_details_new ();
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *name_row;
  GtkWidget *groups_row;

  add_contact (fixture, friend_jid, NULL, NULL);
  contact = schnack_contact_list_find (my_contacts (fixture), friend_jid);
  gtk_window_set_child (window, GTK_WIDGET (details));
  gtk_window_present (window);
  schnack_contact_details_set_contact (details, fixture->account, contact);
  g_assert_true (schnack_test_wait_until (waiting_shown, child_of (details, "details_subscription_row"), TIMEOUT_MS));

  name_row = child_of (details, "details_name_row");
  schnack_test_type_text (name_row, "Kollege");
  g_signal_emit_by_name (name_row, "apply");
  for (guint i = 0; i < 100 && g_strcmp0 (schnack_contact_get_display_name (contact), "Kollege") != 0; i++)
    schnack_test_run_for (50);
  g_assert_cmpstr (schnack_contact_get_display_name (contact), ==, "Kollege");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child_of (details, "details_name_label"))), ==, "Kollege");

  groups_row = child_of (details, "details_groups_row");
  schnack_test_type_text (groups_row, "Arbeit, Sport, , Arbeit");
  g_signal_emit_by_name (groups_row, "apply");
  for (guint i = 0; i < 100 && g_strv_length ((char **) schnack_contact_get_groups (contact)) != 2; i++)
    schnack_test_run_for (50);
  g_assert_true (g_strv_contains (schnack_contact_get_groups (contact), "Arbeit"));
  g_assert_true (g_strv_contains (schnack_contact_get_groups (contact), "Sport"));
  g_assert_cmpstr (schnack_contact_get_display_name (contact), ==, "Kollege");
  /* In both groups of the list. */
  schnack_test_run_for (200);
  g_assert_cmpuint (count_contact_rows (fixture, friend_jid), ==, 2);
  gtk_window_destroy (window);
}

static gboolean
leaflet_shows (gpointer data)
{
  gpointer *pair = data;

  return g_strcmp0 (adw_leaflet_get_visible_child_name (ADW_LEAFLET (pair[0])), pair[1]) == 0;
}

/* The main window: the list and a contact's details side by side, or
 * one at a time when narrow; the keyboard focus stays in the list. */
static void
test_window (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *jid = register_on ("window", "localhost");
  SchnackWindow *window;
  SchnackContactsPane *pane;
  AdwLeaflet *leaflet;
  GtkWidget *focus;
  SchnackContact *contact;
  gpointer content[2], sidebar[2];
  g_autoptr(GAsyncResult) removed = NULL;

  window = schnack_window_new (NULL, fixture->manager);
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 700);
  gtk_window_present (GTK_WINDOW (window));
  pane = SCHNACK_CONTACTS_PANE (child_of (window, "contacts_pane"));
  leaflet = ADW_LEAFLET (child_of (window, "main_leaflet"));
  content[0] = sidebar[0] = leaflet;
  content[1] = (gpointer) "content";
  sidebar[1] = (gpointer) "sidebar";
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child_of (window, "content_stack"))), ==, "accounts");

  add_contact (fixture, jid, "Fenster", NULL);
  contact = schnack_contact_list_find (my_contacts (fixture), jid);
  schnack_test_run_for (300);
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_true (leaflet_shows (sidebar));
  focus = gtk_root_get_focus (GTK_ROOT (window));

  /* Opening a contact turns the page, and back. */
  schnack_contacts_pane_select_contact (pane, contact);
  g_assert_true (schnack_test_wait_until (leaflet_shows, content, 2000));
  g_assert_true (schnack_contact_details_get_contact (SCHNACK_CONTACT_DETAILS (child_of (window, "contact_details"))) == contact);
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (child_of (window, "content_title"))), ==, "Fenster");
  schnack_test_click (child_of (window, "contact_back_button"));
  g_assert_true (schnack_test_wait_until (leaflet_shows, sidebar, 2000));
  /* Nothing stays selected: the same contact can be opened again. */
  g_assert_null (schnack_contacts_pane_get_selected_contact (pane));
  schnack_contacts_pane_select_contact (pane, contact);
  g_assert_true (schnack_test_wait_until (leaflet_shows, content, 2000));

  /* Wide: side by side, and selecting leaves the focus where it was. */
  gtk_window_destroy (GTK_WINDOW (window));
  window = schnack_window_new (NULL, fixture->manager);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  schnack_test_run_for (300);
  pane = SCHNACK_CONTACTS_PANE (child_of (window, "contacts_pane"));
  g_assert_false (adw_leaflet_get_folded (ADW_LEAFLET (child_of (window, "main_leaflet"))));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  schnack_contacts_pane_select_contact (pane, contact);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == focus);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child_of (window, "detail_stack"))), ==, "contact");

  /* Once the contact is gone, the page says to pick one. */
  schnack_contact_list_remove_contact_async (my_contacts (fixture), jid, NULL, on_done, &removed);
  g_assert_true (schnack_test_wait_until (have_result, &removed, TIMEOUT_MS));
  {
    gpointer welcome[2] = { child_of (window, "detail_stack"), (gpointer) "welcome" };

    g_assert_true (schnack_test_wait_until (stack_shows, welcome, TIMEOUT_MS));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_own_status (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *friend_jid = NULL;
  g_autoptr(SchnackTestPeer) friend = start_mutual_friend (fixture, "watcher", &friend_jid);
  SchnackStatusButton *button = SCHNACK_STATUS_BUTTON (pane_child (fixture, "contacts_status_button"));
  g_autofree char *line = NULL;

  g_assert_cmpstr (schnack_status_button_get_summary (button), ==, "Online");
  schnack_test_peer_flush_events (friend);

  schnack_test_type_text (child_of (button, "status_message_entry"), "Im Zug");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child_of (button, "status_away_check")), TRUE);
  line = schnack_test_peer_wait_event_with (friend, "presence", "show", "away", TIMEOUT_MS);
  g_assert_nonnull (line);
  g_assert_nonnull (strstr (line, "Im Zug"));
  g_assert_cmpstr (schnack_status_button_get_summary (button), ==, "Away");

  /* Offline signs out; back online signs in again, still away. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child_of (button, "status_offline_check")), TRUE);
  g_assert_true (schnack_test_wait_for_state (schnack_account_get_connection (fixture->account),
                                              SCHNACK_CONNECTION_OFFLINE, TIMEOUT_MS));
  g_assert_cmpstr (schnack_status_button_get_summary (button), ==, "Offline");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child_of (button, "status_dnd_check")), TRUE);
  g_assert_true (schnack_test_wait_for_state (schnack_account_get_connection (fixture->account),
                                              SCHNACK_CONNECTION_ONLINE, TIMEOUT_MS));
  g_clear_pointer (&line, g_free);
  line = schnack_test_peer_wait_event_with (friend, "presence", "show", "dnd", TIMEOUT_MS);
  g_assert_nonnull (line);
  g_assert_cmpstr (schnack_status_button_get_summary (button), ==, "Do not disturb");
}


/* ------------------------------------------------------------- scale */

#define MANY 5000

static gint64
longest_iteration_us (guint budget_ms)
{
  gint64 end = g_get_monotonic_time () + budget_ms * 1000;
  gint64 longest = 0;

  while (g_get_monotonic_time () < end)
    {
      gint64 start = g_get_monotonic_time ();

      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
      longest = MAX (longest, g_get_monotonic_time () - start);
    }
  return longest;
}

/* 5,000 contacts arriving one by one (as from a first roster fetch)
 * while the list is shown, then everybody's presence, then a search:
 * each step must keep the main loop responsive. No server needed: the
 * contacts come from a roster cache, the presence is applied directly. */
static void
test_five_thousand (void)
{
  g_autofree char *dir = g_dir_make_tmp ("contacts-ui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "many.db", NULL);
  g_autofree char *cache_path = g_build_filename (dir, "cache.db", NULL);
  g_autoptr(SchnackStore) store = NULL;
  g_autoptr(SchnackStore) cache = NULL;
  g_autoptr(SchnackAccountManager) manager = NULL;
  g_autoptr(SchnackAccountRecord) record = schnack_account_record_new ();
  g_autoptr(SchnackAccountRecord) cache_record = schnack_account_record_new ();
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_roster_record_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackAccount) account = NULL;
  SchnackContactList *contacts;
  SchnackContactsPane *pane;
  GtkWindow *window;
  Fixture fake = { 0 };
  gint64 start, fill_us, settle_stall, presence_stall = 0, presence_us, search_us;

  store = schnack_store_open (path, &error);
  g_assert_no_error (error);
  record->jid = g_strdup ("many@localhost");
  record->enabled = FALSE;
  g_assert_true (schnack_store_add_account (store, record, &error));

  cache = schnack_store_open (cache_path, &error);
  g_assert_no_error (error);
  cache_record->jid = g_strdup ("many@localhost");
  g_assert_true (schnack_store_add_account (cache, cache_record, &error));
  for (guint i = 0; i < MANY; i++)
    {
      SchnackRosterRecord *item = schnack_roster_record_new (NULL);

      g_free (item->jid);
      item->jid = g_strdup_printf ("u%04u@bulk.localhost", i);
      item->name = g_strdup_printf ("Contact %04u", (i * 7919) % MANY);
      item->subscription = SCHNACK_SUBSCRIPTION_BOTH;
      g_strfreev (item->groups);
      item->groups = g_new0 (char *, 2);
      item->groups[0] = g_strdup_printf ("Group %02u", i % 20);
      g_ptr_array_add (records, item);
    }
  g_assert_true (schnack_store_replace_roster (cache, cache_record->id, records, "v1", &error));

  manager = schnack_account_manager_new (store);
  g_assert_true (schnack_account_manager_load (manager, &error));
  account = g_list_model_get_item (G_LIST_MODEL (manager), 0);
  contacts = schnack_account_get_contacts (account);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 360, 800);
  pane = schnack_contacts_pane_new (manager);
  gtk_window_set_child (window, GTK_WIDGET (pane));
  gtk_window_present (window);
  schnack_test_run_for (200);
  fake.pane = pane;

  /* One by one into the live list. */
  start = g_get_monotonic_time ();
  schnack_contact_list_set_store (contacts, cache, cache_record->id);
  fill_us = g_get_monotonic_time () - start;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (contacts)), ==, MANY);
  settle_stall = longest_iteration_us (500);

  /* Everybody comes online, 250 presences per main-loop turn. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < MANY; i += 250)
    {
      gint64 batch = g_get_monotonic_time ();

      for (guint k = i; k < i + 250 && k < MANY; k++)
        {
          g_autoptr(SchnackContact) contact = g_list_model_get_item (G_LIST_MODEL (contacts), k);
          SchnackPresence presence = { 0 };

          presence.from = g_strdup_printf ("%s/phone", schnack_contact_get_jid (contact));
          presence.show = k % 3 == 0 ? SCHNACK_SHOW_AWAY : SCHNACK_SHOW_AVAILABLE;
          presence.status = (char *) "Hier";
          schnack_contact_update_presence (contact, &presence);
          g_free (presence.from);
        }
      presence_stall = MAX (presence_stall, g_get_monotonic_time () - batch);
      presence_stall = MAX (presence_stall, longest_iteration_us (20));
    }
  presence_stall = MAX (presence_stall, longest_iteration_us (300));
  presence_us = g_get_monotonic_time () - start;

  /* A search over all of them. */
  start = g_get_monotonic_time ();
  search_for (&fake, "contact 123", 10);
  search_us = g_get_monotonic_time () - start;

  g_test_message ("%u contacts: filled one by one in %" G_GINT64_FORMAT " ms, "
                  "longest main-loop turn after %" G_GINT64_FORMAT " ms; "
                  "all presence in %" G_GINT64_FORMAT " ms, longest turn %" G_GINT64_FORMAT " ms; "
                  "search %" G_GINT64_FORMAT " ms",
                  MANY, fill_us / 1000, settle_stall / 1000, presence_us / 1000,
                  presence_stall / 1000, search_us / 1000);
  /* Generous bounds: a loaded CI machine must still pass. */
  g_assert_cmpint (fill_us, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (settle_stall, <, G_USEC_PER_SEC / 2);
  g_assert_cmpint (presence_stall, <, G_USEC_PER_SEC / 2);

  gtk_window_destroy (window);
  g_clear_object (&account);
  g_clear_object (&manager);
  g_unlink (path);
  g_unlink (cache_path);
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

  g_test_add_func ("/contacts-ui/avatar-initials", test_avatar_initials);
  g_test_add_func ("/contacts-ui/avatar-picture", test_avatar_picture);
  g_test_add_func ("/contacts-ui/five-thousand", test_five_thousand);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/contacts-ui/add-contact", test_add_contact);
  ADD ("/contacts-ui/request-accepted", test_request_accepted);
  ADD ("/contacts-ui/request-denied", test_request_denied);
  ADD ("/contacts-ui/presence-is-live", test_presence_is_live);
  ADD ("/contacts-ui/filter", test_filter);
  ADD ("/contacts-ui/stranger-message", test_stranger_message);
  ADD ("/contacts-ui/details-and-remove", test_details_and_remove);
  ADD ("/contacts-ui/rename-and-groups", test_rename_and_groups);
  ADD ("/contacts-ui/own-status", test_own_status);
  ADD ("/contacts-ui/window", test_window);
#undef ADD

  status = g_test_run ();
  schnack_test_prosody_free (server);
  return status;
}
