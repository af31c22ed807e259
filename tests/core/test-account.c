/* test-account.c — accounts sign in from the keyring and keep history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under tests/secrets/with-keyring.sh: a private session bus with a
 * fresh gnome-keyring, and HOME/XDG directories in a temporary root.
 */
#define _GNU_SOURCE /* memmem */
#include <gio/gio.h>
#include <string.h>

#include "connection-test-util.h"
#include "core/account-manager.h"
#include "core/message-request.h"
#include "xmpp/chat-states.h"
#include "secrets/secrets.h"
#include "store/messages.h"
#include "test-peer.h"

#define LOGIN_TIMEOUT_MS 15000

static SchnackTestProsody *server;
static GString *captured_log;

/* Every log line of the process, whatever its level, ends up here, so
 * the test can check what a log file would have held. */
static GLogWriterOutput
capture_log (GLogLevelFlags   log_level,
             const GLogField *fields,
             gsize            n_fields,
             gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
      {
        g_string_append (captured_log, fields[i].value);
        g_string_append_c (captured_log, '\n');
      }
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (log_level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

static SchnackAccountRecord *
account_settings (const char *jid)
{
  SchnackAccountRecord *record = schnack_account_record_new ();

  record->jid = g_strdup (jid);
  record->host = g_strdup ("127.0.0.1");
  record->port = schnack_test_prosody_get_c2s_port (server);
  return record;
}

static gboolean
account_online (gpointer data)
{
  return schnack_account_get_state (data) == SCHNACK_CONNECTION_ONLINE;
}

static gboolean
account_offline (gpointer data)
{
  return schnack_account_get_state (data) == SCHNACK_CONNECTION_OFFLINE;
}

static char *
register_user (const char *prefix,
               const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user = schnack_test_unique_user (prefix);

  g_assert_true (schnack_test_prosody_register (server, user, "localhost", password, &error));
  return g_strdup_printf ("%s@localhost", user);
}

typedef struct {
  guint received;
} Counter;

static void
count_message (SchnackConnection      *connection,
               SchnackIncomingMessage *message,
               Counter                *counter)
{
  counter->received++;
}

static gboolean
two_received (gpointer data)
{
  return ((Counter *) data)->received >= 2;
}

typedef struct {
  SchnackStore *store;
  gint64        account_id;
  const char   *conversation;
  guint         count;
} CountWait;

static gboolean
has_count (gpointer data)
{
  CountWait *wait = data;

  return schnack_store_count_messages (wait->store, wait->account_id, wait->conversation) >= wait->count;
}

static void
test_message_stored_once (void)
{
  g_autofree char *store_path = g_build_filename (g_get_user_data_dir (), "once.db", NULL);
  g_autoptr(SchnackStore) store = schnack_store_open (store_path, NULL);
  g_autoptr(SchnackAccountManager) manager = schnack_account_manager_new (store);
  g_autofree char *jid = register_user ("once", "pw-once");
  g_autofree char *peer_jid = register_user ("oncepeer", "pw-peer");
  g_autoptr(SchnackAccountRecord) settings = account_settings (jid);
  g_autoptr(SchnackTestPeer) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  SchnackMessageRecord *stored;
  SchnackAccount *account;
  Counter counter = { 0 };

  schnack_account_manager_set_ca_file (manager, schnack_test_prosody_get_ca_file (server));
  account = schnack_account_manager_add (manager, settings, "pw-once", FALSE, &error);
  g_assert_no_error (error);
  g_signal_connect (schnack_account_get_connection (account), "message-received",
                    G_CALLBACK (count_message), &counter);
  g_assert_true (schnack_test_wait_until (account_online, account, LOGIN_TIMEOUT_MS));

  peer = schnack_test_peer_start (server, peer_jid, "pw-peer", &error);
  g_assert_no_error (error);

  /* The peer's client resends after a reconnect: same origin-id twice. */
  g_assert_true (schnack_test_peer_send_message (peer, jid, "Kommst du heute?", "resent-1", &error));
  g_assert_true (schnack_test_peer_send_message (peer, jid, "Kommst du heute?", "resent-1", &error));
  g_assert_no_error (error);
  g_assert_true (schnack_test_wait_until (two_received, &counter, 10000));
  /* Stored a moment later (in a slice), and the second copy not at all. */
  {
    CountWait stored_once = { store, schnack_account_get_id (account), peer_jid, 1 };

    g_assert_true (schnack_test_wait_until (has_count, &stored_once, 10000));
    schnack_test_run_for (300);
  }
  g_assert_cmpint (schnack_store_count_messages (store, schnack_account_get_id (account), peer_jid), ==, 1);
  page = schnack_store_list_messages (store, schnack_account_get_id (account), peer_jid, 0, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 1);
  stored = g_ptr_array_index (page, 0);
  g_assert_cmpstr (stored->body, ==, "Kommst du heute?");
  g_assert_cmpstr (stored->sender, ==, peer_jid);
  g_assert_cmpint (stored->direction, ==, SCHNACK_MESSAGE_DIRECTION_INCOMING);
  g_assert_cmpstr (stored->origin_id, ==, "resent-1");
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

static void
assert_tree_free_of (const char *directory,
                     const char *needle,
                     guint      *files_checked)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (directory, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          /* The keyring's own encrypted file is where the password belongs. */
          if (g_str_equal (name, "keyrings"))
            continue;
          assert_tree_free_of (path, needle, files_checked);
          continue;
        }
      if (file_contains (path, needle))
        g_error ("The password was written to %s", path);
      (*files_checked)++;
    }
}

static void
on_password_looked_up (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  char **password = user_data;

  g_autoptr(SchnackSecretsPassword) secret = schnack_secrets_lookup_password_finish (result, NULL);

  *password = g_strdup (secret != NULL ? secret : "");
}

static gboolean
pointer_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static void
test_password_only_in_keyring (void)
{
  g_autofree char *password = g_strdup_printf ("Geheim-%08x", g_random_int ());
  g_autofree char *jid = register_user ("secret", password);
  g_autofree char *peer_jid = register_user ("secretpeer", "pw-peer");
  g_autofree char *store_path = g_build_filename (g_get_user_data_dir (), "schnack", "schnack.db", NULL);
  g_autoptr(SchnackAccountRecord) settings = account_settings (jid);
  g_autoptr(SchnackTestPeer) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from_keyring = NULL;
  const char *root = g_getenv ("SCHNACK_TEST_ROOT");
  guint files_checked = 0;

  {
    g_autoptr(SchnackStore) store = schnack_store_open (NULL, &error);
    g_autoptr(SchnackAccountManager) manager = NULL;
    SchnackAccount *account;

    g_assert_no_error (error);
    g_assert_cmpstr (schnack_store_get_path (store), ==, store_path);
    manager = schnack_account_manager_new (store);
    schnack_account_manager_set_ca_file (manager, schnack_test_prosody_get_ca_file (server));
    account = schnack_account_manager_add (manager, settings, password, TRUE, &error);
    g_assert_no_error (error);
    g_assert_true (schnack_test_wait_until (account_online, account, LOGIN_TIMEOUT_MS));

    peer = schnack_test_peer_start (server, peer_jid, "pw-peer", &error);
    g_assert_no_error (error);
    g_assert_true (schnack_test_peer_send_message (peer, jid, "psst", NULL, &error));
    schnack_test_run_for (1000);
    schnack_account_stop (account);
    schnack_test_run_for (500);
  }

  /* The keyring has it … */
  schnack_secrets_lookup_password_async (jid, NULL, on_password_looked_up, &from_keyring);
  g_assert_true (schnack_test_wait_until (pointer_set, &from_keyring, 10000));
  g_assert_cmpstr (from_keyring, ==, password);

  /* … and nothing else does: not the database (with its WAL), not any
   * other file under HOME and the XDG directories, not the log. */
  g_assert_true (g_file_test (store_path, G_FILE_TEST_EXISTS));
  g_assert_nonnull (root);
  assert_tree_free_of (root, password, &files_checked);
  g_assert_cmpuint (files_checked, >, 0);
  g_assert_cmpuint (captured_log->len, >, 0);
  g_assert_null (strstr (captured_log->str, password));

  /* A restart: the account comes back online with the keyring's password. */
  {
    g_autoptr(SchnackStore) store = schnack_store_open (NULL, &error);
    g_autoptr(SchnackAccountManager) manager = schnack_account_manager_new (store);
    SchnackAccount *account;

    schnack_account_manager_set_ca_file (manager, schnack_test_prosody_get_ca_file (server));
    g_assert_true (schnack_account_manager_load (manager, &error));
    g_assert_no_error (error);
    account = schnack_account_manager_find (manager, jid);
    g_assert_nonnull (account);
    g_assert_true (schnack_test_wait_until (account_online, account, LOGIN_TIMEOUT_MS));
    /* The message received before the restart is still there. */
    g_assert_cmpint (schnack_store_count_messages (store, schnack_account_get_id (account), peer_jid), ==, 1);
  }
}

static gboolean
needs_password (gpointer data)
{
  return schnack_account_get_needs_password (data);
}

static void
test_missing_password_is_asked_for (void)
{
  g_autofree char *jid = register_user ("nopw", "pw-nopw");
  g_autofree char *store_path = g_build_filename (g_get_user_data_dir (), "nopw.db", NULL);
  g_autoptr(SchnackStore) store = schnack_store_open (store_path, NULL);
  g_autoptr(SchnackAccountRecord) settings = account_settings (jid);
  g_autoptr(SchnackAccountManager) manager = schnack_account_manager_new (store);
  g_autoptr(GError) error = NULL;
  SchnackAccount *account;

  /* Stored without a password in the keyring, as after "don't remember". */
  g_assert_true (schnack_store_add_account (store, settings, &error));
  schnack_account_manager_set_ca_file (manager, schnack_test_prosody_get_ca_file (server));
  g_assert_true (schnack_account_manager_load (manager, &error));
  account = schnack_account_manager_find (manager, jid);
  g_assert_true (schnack_test_wait_until (needs_password, account, 10000));
  g_assert_nonnull (strstr (schnack_account_get_status_text (account), "password"));

  schnack_account_connect_with_password (account, "pw-nopw");
  g_assert_true (schnack_test_wait_until (account_online, account, LOGIN_TIMEOUT_MS));
  g_assert_false (schnack_account_get_needs_password (account));
}

static gboolean
has_message_request (gpointer data)
{
  return g_list_model_get_n_items (schnack_account_get_message_requests (data)) > 0;
}

static gboolean
no_message_request (gpointer data)
{
  return !has_message_request (data);
}

static void
on_added (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(gboolean *) user_data = schnack_contact_list_add_contact_finish (SCHNACK_CONTACT_LIST (source), result, NULL);
}

static void
test_stranger_lands_in_requests (void)
{
  g_autofree char *store_path = g_build_filename (g_get_user_data_dir (), "strangers.db", NULL);
  g_autoptr(SchnackStore) store = schnack_store_open (store_path, NULL);
  g_autoptr(SchnackAccountManager) manager = schnack_account_manager_new (store);
  g_autofree char *jid = register_user ("greeted", "pw-greeted");
  g_autofree char *stranger_jid = register_user ("stranger", "pw-stranger");
  g_autoptr(SchnackAccountRecord) settings = account_settings (jid);
  g_autoptr(SchnackTestPeer) stranger = NULL;
  g_autoptr(SchnackMessageRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  SchnackAccount *account;
  gboolean added = FALSE;

  schnack_account_manager_set_ca_file (manager, schnack_test_prosody_get_ca_file (server));
  account = schnack_account_manager_add (manager, settings, "pw-greeted", FALSE, &error);
  g_assert_true (schnack_test_wait_until (account_online, account, LOGIN_TIMEOUT_MS));

  stranger = schnack_test_peer_start (server, stranger_jid, "pw-stranger", &error);
  g_assert_true (schnack_test_peer_send_message (stranger, jid, "Billig!\nJetzt <b>kaufen</b>", NULL, &error));
  g_assert_true (schnack_test_wait_until (has_message_request, account, 10000));

  request = g_list_model_get_item (schnack_account_get_message_requests (account), 0);
  g_assert_cmpstr (schnack_message_request_get_jid (request), ==, stranger_jid);
  /* One line, as text. */
  g_assert_cmpstr (schnack_message_request_get_preview (request), ==, "Billig! Jetzt <b>kaufen</b>");
  g_assert_cmpuint (schnack_message_request_get_count (request), ==, 1);
  /* Kept in history all the same, but not among the chats. */
  g_assert_cmpint (schnack_store_count_messages (store, schnack_account_get_id (account), stranger_jid), ==, 1);
  g_assert_null (schnack_conversation_list_find (schnack_account_get_conversations (account), stranger_jid));

  /* Adding them makes it a normal contact: the request goes away. */
  schnack_contact_list_add_contact_async (schnack_account_get_contacts (account), stranger_jid, NULL, NULL,
                                          NULL, on_added, &added);
  g_assert_true (schnack_test_wait_until (no_message_request, account, 10000));
}

static void
test_carbons_from_other_device (void)
{
  g_autofree char *store_path = g_build_filename (g_get_user_data_dir (), "carbons.db", NULL);
  g_autoptr(SchnackStore) store = schnack_store_open (store_path, NULL);
  g_autoptr(SchnackAccountManager) manager = schnack_account_manager_new (store);
  g_autofree char *jid = register_user ("twodevices", "pw-two");
  g_autofree char *friend_jid = register_user ("carbonfriend", "pw-friend");
  g_autoptr(SchnackAccountRecord) settings = account_settings (jid);
  g_autoptr(SchnackTestPeer) my_phone = NULL;
  g_autoptr(SchnackTestPeer) friend = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *forged = NULL;
  SchnackMessageRecord *record;
  SchnackAccount *account;
  CountWait wait = { store, 0, friend_jid, 1 };

  schnack_account_manager_set_ca_file (manager, schnack_test_prosody_get_ca_file (server));
  account = schnack_account_manager_add (manager, settings, "pw-two", FALSE, &error);
  g_assert_true (schnack_test_wait_until (account_online, account, LOGIN_TIMEOUT_MS));
  schnack_test_run_for (500);  /* carbons enabled */
  wait.account_id = schnack_account_get_id (account);

  /* Written on the phone: shows here as our own message. */
  my_phone = schnack_test_peer_start (server, jid, "pw-two", &error);
  g_assert_no_error (error);
  g_assert_true (schnack_test_peer_send_message (my_phone, friend_jid, "Vom Telefon gesendet", "phone-1", &error));
  g_assert_true (schnack_test_wait_until (has_count, &wait, 10000));
  page = schnack_store_list_messages (store, wait.account_id, friend_jid, 0, 0, 10, &error);
  record = g_ptr_array_index (page, 0);
  g_assert_cmpstr (record->body, ==, "Vom Telefon gesendet");
  g_assert_cmpint (record->direction, ==, SCHNACK_MESSAGE_DIRECTION_OUTGOING);
  g_assert_cmpstr (record->sender, ==, jid);
  g_assert_cmpstr (record->origin_id, ==, "phone-1");

  /* The friend's answer is stored once, though two devices got it. */
  friend = schnack_test_peer_start (server, friend_jid, "pw-friend", &error);
  g_assert_true (schnack_test_peer_send_message (friend, jid, "Antwort", "answer-1", &error));
  wait.count = 2;
  g_assert_true (schnack_test_wait_until (has_count, &wait, 10000));

  /* The chat started on the phone is in the list here, with the answer. */
  {
    GListModel *chats = G_LIST_MODEL (schnack_account_get_conversations (account));
    g_autoptr(SchnackConversation) chat = g_list_model_get_item (chats, 0);

    g_assert_cmpuint (g_list_model_get_n_items (chats), ==, 1);
    g_assert_cmpstr (schnack_conversation_get_jid (chat), ==, friend_jid);
    g_assert_cmpstr (schnack_conversation_get_preview (chat), ==, "Antwort");
    g_assert_false (schnack_conversation_get_preview_is_own (chat));
    g_assert_cmpuint (schnack_conversation_get_unread_count (chat), ==, 1);
  }

  /* Somebody else cannot make us "send" something with a fake carbon. */
  forged = g_strdup_printf ("<message to='%s' from='%s'><sent xmlns='urn:xmpp:carbons:2'>"
                            "<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' "
                            "to='%s' from='%s/x' type='chat'><body>gefälscht</body></message>"
                            "</forwarded></sent></message>", jid, friend_jid, friend_jid, jid);
  g_assert_true (schnack_test_peer_send_raw (friend, forged, &error));
  schnack_test_run_for (1500);
  g_assert_cmpint (schnack_store_count_messages (store, wait.account_id, friend_jid), ==, 2);
  {
    g_autoptr(GPtrArray) found = schnack_store_search_messages (store, wait.account_id, NULL, "gefälscht", 10, NULL);
    g_assert_cmpuint (found->len, ==, 0);
  }
}

typedef struct {
  const char *jid;
  guint       from_friend;
  gboolean    first_caught_up;
} StoredCount;

static void
count_stored (SchnackAccount             *account,
              const SchnackMessageRecord *record,
              StoredCount                *count)
{
  if (g_strcmp0 (record->conversation_jid, count->jid) != 0)
    return;
  count->from_friend++;
  if (g_strcmp0 (record->body, "Nachricht 001") == 0)
    count->first_caught_up = record->catch_up;
}

static void
test_catch_up_after_being_away (void)
{
  g_autofree char *store_path = g_build_filename (g_get_user_data_dir (), "catchup.db", NULL);
  g_autoptr(SchnackStore) store = schnack_store_open (store_path, NULL);
  g_autoptr(SchnackAccountManager) manager = schnack_account_manager_new (store);
  g_autofree char *jid = register_user ("away", "pw-away");
  g_autofree char *friend_jid = register_user ("chatty", "pw-chatty");
  g_autoptr(SchnackAccountRecord) settings = account_settings (jid);
  g_autoptr(SchnackTestPeer) friend = NULL;
  g_autoptr(GError) error = NULL;
  SchnackAccount *account;
  CountWait wait = { store, 0, friend_jid, 500 };
  StoredCount stored = { friend_jid, 0, FALSE };
  gint64 before_sent_at = 0, before_id = 0;
  guint seen = 0;
  g_autofree char *wait_other = NULL;

  schnack_account_manager_set_ca_file (manager, schnack_test_prosody_get_ca_file (server));
  account = schnack_account_manager_add (manager, settings, "pw-away", FALSE, &error);
  g_assert_true (schnack_test_wait_until (account_online, account, LOGIN_TIMEOUT_MS));
  wait.account_id = schnack_account_get_id (account);
  schnack_test_run_for (500);
  schnack_account_stop (account);
  g_assert_true (schnack_test_wait_until (account_offline, account, LOGIN_TIMEOUT_MS));

  /* While we are away, we write from the phone: those messages exist only
   * in the archive (nobody stores them offline for us) … */
  {
    g_autofree char *other_jid = register_user ("phonefriend", "pw-other");
    g_autoptr(SchnackTestPeer) my_phone = schnack_test_peer_start (server, jid, "pw-away", &error);

    g_assert_no_error (error);
    for (guint i = 1; i <= 20; i++)
      {
        g_autofree char *body = g_strdup_printf ("vom Telefon %02u", i);
        g_assert_true (schnack_test_peer_send_message (my_phone, other_jid, body, NULL, &error));
      }
    g_assert_true (schnack_test_peer_command (my_phone, "{\"cmd\":\"disconnect\"}", NULL));
    wait_other = g_strdup (other_jid);
  }

  /* … and the friend writes a lot. */
  friend = schnack_test_peer_start (server, friend_jid, "pw-chatty", &error);
  for (guint i = 1; i <= 500; i++)
    {
      g_autofree char *body = g_strdup_printf ("Nachricht %03u", i);
      g_assert_true (schnack_test_peer_send_message (friend, jid, body, NULL, &error));
    }

  /* Back online: offline delivery and the archive bring them all, once,
   * each announced once; those that waited for us are marked as caught
   * up rather than live, so listeners (notifications) can tell. */
  g_signal_connect (account, "message-stored", G_CALLBACK (count_stored), &stored);
  schnack_account_connect_with_password (account, "pw-away");
  g_assert_true (schnack_test_wait_until (has_count, &wait, 60000));
  schnack_test_run_for (2000);
  g_signal_handlers_disconnect_by_data (account, &stored);
  g_assert_cmpint (schnack_store_count_messages (store, wait.account_id, friend_jid), ==, 500);
  g_assert_cmpuint (stored.from_friend, ==, 500);
  /* (The last ones may still have been on their way, and come live.) */
  g_assert_true (stored.first_caught_up);
  /* A stranger: one request for all 500, not 500 requests. */
  g_assert_cmpuint (g_list_model_get_n_items (schnack_account_get_message_requests (account)), ==, 1);

  /* In order, from 500 back to 1, page by page. */
  while (seen < 500)
    {
      g_autoptr(GPtrArray) page = schnack_store_list_messages (store, wait.account_id, friend_jid,
                                                               before_sent_at, before_id, 100, &error);
      g_assert_cmpuint (page->len, ==, 100);
      for (guint i = page->len; i > 0; i--)
        {
          SchnackMessageRecord *record = g_ptr_array_index (page, i - 1);
          g_autofree char *expected = g_strdup_printf ("Nachricht %03u", 500 - seen);

          g_assert_cmpstr (record->body, ==, expected);
          seen++;
        }
      before_sent_at = ((SchnackMessageRecord *) g_ptr_array_index (page, 0))->sent_at;
      before_id = ((SchnackMessageRecord *) g_ptr_array_index (page, 0))->id;
    }
  /* The phone's messages came from the archive, as ours. */
  {
    CountWait phone = { store, wait.account_id, wait_other, 20 };
    g_autoptr(GPtrArray) sent = NULL;

    g_assert_true (schnack_test_wait_until (has_count, &phone, 30000));
    sent = schnack_store_list_messages (store, wait.account_id, wait_other, 0, 0, 50, &error);
    g_assert_cmpuint (sent->len, ==, 20);
    g_assert_cmpint (((SchnackMessageRecord *) g_ptr_array_index (sent, 0))->direction, ==,
                     SCHNACK_MESSAGE_DIRECTION_OUTGOING);
    g_assert_cmpstr (((SchnackMessageRecord *) g_ptr_array_index (sent, 19))->body, ==, "vom Telefon 20");
  }
  /* Where to go on next time is remembered. */
  g_assert_nonnull (schnack_store_get_archive_position (store, wait.account_id));
}

typedef struct {
  gint64 message_id;
  int    state;
} DeliveryWait;

static gboolean
is_composing (gpointer data)
{
  return g_strcmp0 (schnack_contact_get_chat_state (data), "composing") == 0;
}

static void
keep_stanza (SchnackConnection *connection,
             SchnackXmlNode    *stanza,
             GPtrArray         *kept)
{
  g_ptr_array_add (kept, schnack_xml_node_ref (stanza));
}

static gboolean
has_items (gpointer data)
{
  return ((GPtrArray *) data)->len > 0;
}

static void
on_delivery_changed (SchnackAccount *account,
                     gint64          message_id,
                     int             state,
                     DeliveryWait   *wait)
{
  if (message_id == wait->message_id && state > wait->state)
    wait->state = state;
}

static gboolean
delivered (gpointer data)
{
  return ((DeliveryWait *) data)->state >= SCHNACK_DELIVERY_STATE_DELIVERED;
}

static gboolean
subscribed_both (gpointer data)
{
  SchnackContact *contact = schnack_contact_list_find (((gpointer *) data)[0], ((gpointer *) data)[1]);

  return contact != NULL && schnack_contact_get_subscription (contact) == SCHNACK_SUBSCRIPTION_BOTH;
}

static void
test_delivery_receipts (void)
{
  g_autofree char *store_path = g_build_filename (g_get_user_data_dir (), "receipts.db", NULL);
  g_autoptr(SchnackStore) store = schnack_store_open (store_path, NULL);
  g_autoptr(SchnackAccountManager) manager = schnack_account_manager_new (store);
  g_autofree char *jid = register_user ("ticks", "pw-ticks");
  g_autofree char *friend_jid = register_user ("ticker", "pw-ticker");
  g_autoptr(SchnackAccountRecord) settings = account_settings (jid);
  g_autoptr(SchnackTestPeer) friend = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *receipt = NULL;
  const char *receipt_for;
  g_autoptr(SchnackMessageRecord) stored = NULL;
  SchnackAccount *account;
  DeliveryWait wait = { 0, -1 };
  gboolean added = FALSE;
  gpointer both[2];

  schnack_account_manager_set_ca_file (manager, schnack_test_prosody_get_ca_file (server));
  account = schnack_account_manager_add (manager, settings, "pw-ticks", FALSE, &error);
  g_assert_true (schnack_test_wait_until (account_online, account, LOGIN_TIMEOUT_MS));
  friend = schnack_test_peer_start (server, friend_jid, "pw-ticker", &error);

  /* Mutual contacts, as receipts go only to people who see our presence. */
  schnack_contact_list_add_contact_async (schnack_account_get_contacts (account), friend_jid, NULL, NULL,
                                          NULL, on_added, &added);
  g_free (schnack_test_peer_wait_event_with (friend, "subscribe", "from", jid, 10000));
  g_assert_true (schnack_test_peer_authorize (friend, jid, &error));
  g_assert_true (schnack_test_peer_subscribe (friend, jid, &error));
  both[0] = schnack_account_get_contacts (account);
  both[1] = friend_jid;
  g_assert_true (schnack_test_wait_until (subscribed_both, both, 10000));

  /* Our message is confirmed by their client: DELIVERED. */
  g_signal_connect (account, "delivery-changed", G_CALLBACK (on_delivery_changed), &wait);
  g_assert_true (schnack_account_send_message (account, friend_jid, "Angekommen?", &wait.message_id, &error));
  line = schnack_test_peer_wait_event (friend, "message", 10000);
  origin = schnack_test_json_get_string (line, "id");
  receipt = g_strdup_printf ("<message to='%s'><received xmlns='urn:xmpp:receipts' id='%s'/></message>",
                             jid, origin);
  g_assert_true (schnack_test_peer_send_raw (friend, receipt, &error));
  g_assert_true (schnack_test_wait_until (delivered, &wait, 10000));
  stored = schnack_store_find_message_by_message_id (store, schnack_account_get_id (account), friend_jid,
                                                     origin, &error);
  g_assert_cmpint (stored->delivery_state, ==, SCHNACK_DELIVERY_STATE_DELIVERED);

  /* And we confirm theirs (seen from a second client of the friend's;
   * slixmpp does not report messages without a body). */
  {
    g_autoptr(SchnackConnection) friend_laptop = schnack_test_connection_new (server, friend_jid, "pw-ticker");
    g_autoptr(SchnackOutgoingMessage) question = schnack_outgoing_message_new (jid, "Und bei dir?", NULL);
    g_autoptr(GPtrArray) signals_seen = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_xml_node_unref);

    g_signal_connect (friend_laptop, "chat-signal", G_CALLBACK (keep_stanza), signals_seen);
    schnack_connection_connect (friend_laptop);
    g_assert_true (schnack_test_wait_for_state (friend_laptop, SCHNACK_CONNECTION_ONLINE, LOGIN_TIMEOUT_MS));
    schnack_connection_send_message (friend_laptop, question);
    g_assert_true (schnack_test_wait_until (has_items, signals_seen, 10000));
    receipt_for = schnack_xml_node_get_attribute (schnack_xml_node_get_child (g_ptr_array_index (signals_seen, 0),
                                                                              "received", "urn:xmpp:receipts"),
                                                  "id");
    g_assert_cmpstr (receipt_for, ==, question->origin_id);

    /* "is typing…" shows on the contact, and the next message ends it. */
    schnack_chat_state_send (friend_laptop, jid, "composing");
    g_assert_true (schnack_test_wait_until (is_composing, schnack_contact_list_find (schnack_account_get_contacts (account),
                                                                                     friend_jid), 10000));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  int status;

  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_test_init (&argc, &argv, NULL);
  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_log, NULL, NULL);

  if (!schnack_test_prosody_available (&reason))
    {
      g_printerr ("SKIP: %s\n", reason);
      return 77;
    }
  server = schnack_test_prosody_start (NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/account/message-stored-once", test_message_stored_once);
  g_test_add_func ("/account/password-only-in-keyring", test_password_only_in_keyring);
  g_test_add_func ("/account/missing-password-is-asked-for", test_missing_password_is_asked_for);
  g_test_add_func ("/account/stranger-lands-in-requests", test_stranger_lands_in_requests);
  g_test_add_func ("/account/carbons-from-other-device", test_carbons_from_other_device);
  g_test_add_func ("/account/catch-up-after-being-away", test_catch_up_after_being_away);
  g_test_add_func ("/account/delivery-receipts", test_delivery_receipts);

  status = g_test_run ();
  schnack_test_prosody_free (server);
  g_string_free (captured_log, TRUE);
  return status;
}
