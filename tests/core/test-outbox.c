/* test-outbox.c — no message the user sent is ever lost or doubled
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The outbox against a real Prosody and a slixmpp peer: sent online,
 * written while offline, and written just before Schnack is killed with
 * SIGKILL — every message reaches the peer, once.
 */
#include <gio/gio.h>
#include <signal.h>
#include <string.h>

#include "connection-test-util.h"
#include "core/outbox.h"
#include "store/accounts.h"
#include "test-peer.h"

#define TIMEOUT_MS 15000
#define PASSWORD "outbox-password"

static SchnackTestProsody *server;
static char *shared_dir;

typedef struct {
  SchnackStore      *store;
  gint64             account_id;
  char              *jid;
  SchnackConnection *connection;
  SchnackOutbox     *outbox;
} Sender;

static void
sender_open (Sender     *sender,
             const char *db_path,
             const char *jid,
             guint16     port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackAccountRecord) account = NULL;

  sender->store = schnack_store_open (db_path, &error);
  g_assert_no_error (error);
  account = schnack_store_find_account (sender->store, jid, &error);
  if (account == NULL)
    {
      account = schnack_account_record_new ();
      account->jid = g_strdup (jid);
      g_assert_true (schnack_store_add_account (sender->store, account, &error));
    }
  sender->account_id = account->id;
  sender->jid = g_strdup (jid);
  sender->connection = schnack_test_connection_new (server, jid, PASSWORD);
  schnack_connection_set_server (sender->connection, "127.0.0.1", port, FALSE);
  sender->outbox = schnack_outbox_new (sender->store, sender->account_id, jid, sender->connection);
}

static void
sender_close (Sender *sender)
{
  g_clear_object (&sender->outbox);
  g_clear_object (&sender->connection);
  g_clear_object (&sender->store);
  g_clear_pointer (&sender->jid, g_free);
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
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* Collects the bodies the peer receives, and fails on a repeat. */
static GPtrArray *
receive_bodies (SchnackTestPeer *peer,
                guint            expected,
                guint            quiet_ms)
{
  GPtrArray *bodies = g_ptr_array_new_with_free_func (g_free);

  while (TRUE)
    {
      g_autofree char *line = schnack_test_peer_wait_event (peer, "message",
                                                            bodies->len < expected ? TIMEOUT_MS : quiet_ms);
      g_autofree char *body = NULL;

      if (line == NULL)
        break;
      body = schnack_test_json_get_string (line, "body");
      for (guint i = 0; i < bodies->len; i++)
        if (g_str_equal (g_ptr_array_index (bodies, i), body))
          g_error ("The peer got “%s” twice", body);
      g_ptr_array_add (bodies, g_steal_pointer (&body));
    }
  return bodies;
}

static gboolean
all_acked (gpointer data)
{
  Sender *sender = data;
  g_autoptr(GPtrArray) pending = schnack_store_list_pending_messages (sender->store, sender->account_id, NULL);

  return pending != NULL && pending->len == 0;
}

static void
test_online_send_is_acknowledged (void)
{
  g_autofree char *jid = register_user ("outon");
  g_autofree char *peer_jid = register_user ("outonpeer");
  g_autofree char *db = g_build_filename (shared_dir, "online.db", NULL);
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  Sender sender = { 0 };
  gint64 id = 0;

  sender_open (&sender, db, jid, schnack_test_prosody_get_c2s_port (server));
  schnack_connection_connect (sender.connection);
  g_assert_true (schnack_test_wait_for_state (sender.connection, SCHNACK_CONNECTION_ONLINE, TIMEOUT_MS));

  g_assert_true (schnack_outbox_send (sender.outbox, peer_jid, "Hallo, online", &id, &error));
  bodies = receive_bodies (peer, 1, 1000);
  g_assert_cmpuint (bodies->len, ==, 1);
  g_assert_true (schnack_test_wait_until (all_acked, &sender, TIMEOUT_MS));

  page = schnack_store_list_messages (sender.store, sender.account_id, peer_jid, 0, 0, 10, &error);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_cmpint (((SchnackMessageRecord *) g_ptr_array_index (page, 0))->delivery_state, ==,
                   SCHNACK_DELIVERY_STATE_ACKED);
  sender_close (&sender);
}

static void
test_written_offline_sent_at_login (void)
{
  g_autofree char *jid = register_user ("outoff");
  g_autofree char *peer_jid = register_user ("outoffpeer");
  g_autofree char *db = g_build_filename (shared_dir, "offline.db", NULL);
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GError) error = NULL;
  Sender sender = { 0 };

  sender_open (&sender, db, jid, schnack_test_prosody_get_c2s_port (server));
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *body = g_strdup_printf ("offline %u", i);
      g_assert_true (schnack_outbox_send (sender.outbox, peer_jid, body, NULL, &error));
    }
  schnack_connection_connect (sender.connection);

  bodies = receive_bodies (peer, 3, 1500);
  g_assert_cmpuint (bodies->len, ==, 3);
  /* In the order they were written. */
  g_assert_cmpstr (g_ptr_array_index (bodies, 0), ==, "offline 1");
  g_assert_cmpstr (g_ptr_array_index (bodies, 2), ==, "offline 3");
  g_assert_true (schnack_test_wait_until (all_acked, &sender, TIMEOUT_MS));
  sender_close (&sender);
}

/* Child: three messages go into the outbox while the server cannot be
 * reached, then the process dies without any chance to clean up. */
static void
write_three_and_die (const char *db,
                     const char *jid,
                     const char *peer_jid)
{
  Sender sender = { 0 };

  sender_open (&sender, db, jid, closed_port ());
  schnack_connection_connect (sender.connection);
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *body = g_strdup_printf ("before the crash %u", i);
      g_assert_true (schnack_outbox_send (sender.outbox, peer_jid, body, NULL, NULL));
    }
  schnack_test_run_for (300);
  raise (SIGKILL);
}

static void
test_killed_with_pending_messages (void)
{
  g_autofree char *jid = register_user ("outkill");
  g_autofree char *peer_jid = register_user ("outkillpeer");
  g_autofree char *db = g_build_filename (shared_dir, "killed.db", NULL);
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  g_autoptr(GPtrArray) bodies = NULL;
  Sender sender = { 0 };

  g_setenv ("SCHNACK_OUTBOX_CHILD", "1", TRUE);
  g_setenv ("SCHNACK_OUTBOX_DB", db, TRUE);
  g_setenv ("SCHNACK_OUTBOX_JID", jid, TRUE);
  g_setenv ("SCHNACK_OUTBOX_PEER", peer_jid, TRUE);
  g_test_trap_subprocess ("/outbox/killed-with-pending-messages/subprocess", 30 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("SCHNACK_OUTBOX_CHILD");
  /* It really was killed. */
  g_test_trap_assert_failed ();

  /* The next start delivers each message exactly once. */
  sender_open (&sender, db, jid, schnack_test_prosody_get_c2s_port (server));
  {
    g_autoptr(GPtrArray) left = schnack_store_list_pending_messages (sender.store, sender.account_id, NULL);
    g_assert_cmpuint (left->len, ==, 3);
  }
  schnack_connection_connect (sender.connection);
  bodies = receive_bodies (peer, 3, 2000);
  g_assert_cmpuint (bodies->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (bodies, 0), ==, "before the crash 1");
  g_assert_true (schnack_test_wait_until (all_acked, &sender, TIMEOUT_MS));
  sender_close (&sender);
}

static void
killed_child (void)
{
  if (!g_test_subprocess ())
    {
      g_test_skip ("only run by /outbox/killed-with-pending-messages");
      return;
    }
  write_three_and_die (g_getenv ("SCHNACK_OUTBOX_DB"), g_getenv ("SCHNACK_OUTBOX_JID"),
                       g_getenv ("SCHNACK_OUTBOX_PEER"));
}

static void
test_server_restart_mid_conversation (void)
{
  g_autoptr(SchnackTestProsody) own_server = schnack_test_prosody_start (NULL, NULL);
  SchnackTestProsody *shared = server;
  g_autofree char *jid = NULL;
  g_autofree char *peer_jid = NULL;
  g_autofree char *db = g_build_filename (shared_dir, "restart.db", NULL);
  g_autoptr(SchnackTestPeer) peer = NULL;
  g_autoptr(SchnackTestPeer) peer_again = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) rest = NULL;
  g_autoptr(GError) error = NULL;
  Sender sender = { 0 };

  /* This test restarts its server: give it one of its own. */
  server = own_server;
  jid = register_user ("outrestart");
  peer_jid = register_user ("outrestartpeer");
  peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  sender_open (&sender, db, jid, schnack_test_prosody_get_c2s_port (server));
  schnack_connection_connect (sender.connection);
  g_assert_true (schnack_test_wait_for_state (sender.connection, SCHNACK_CONNECTION_ONLINE, TIMEOUT_MS));

  g_assert_true (schnack_outbox_send (sender.outbox, peer_jid, "eins", NULL, &error));
  first = receive_bodies (peer, 1, 500);
  g_assert_cmpuint (first->len, ==, 1);
  g_assert_true (schnack_test_wait_until (all_acked, &sender, TIMEOUT_MS));

  /* The server dies; the user keeps writing. */
  g_assert_true (schnack_test_prosody_kill (server, &error));
  g_assert_true (schnack_outbox_send (sender.outbox, peer_jid, "zwei", NULL, &error));
  g_assert_true (schnack_outbox_send (sender.outbox, peer_jid, "drei", NULL, &error));
  g_assert_true (schnack_test_prosody_start_again (server, &error));

  /* Schnack comes back by itself and delivers the rest, once; "eins",
   * acknowledged before the crash, is not sent again. */
  peer_again = schnack_test_peer_start (server, peer_jid, PASSWORD, &error);
  g_assert_no_error (error);
  rest = receive_bodies (peer_again, 2, 3000);
  g_assert_cmpuint (rest->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (rest, 0), ==, "zwei");
  g_assert_cmpstr (g_ptr_array_index (rest, 1), ==, "drei");
  g_assert_true (schnack_test_wait_until (all_acked, &sender, TIMEOUT_MS));

  sender_close (&sender);
  server = shared;
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

  shared_dir = g_dir_make_tmp ("schnack-outbox-XXXXXX", NULL);
  server = schnack_test_prosody_start (NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/outbox/online-send-is-acknowledged", test_online_send_is_acknowledged);
  g_test_add_func ("/outbox/written-offline-sent-at-login", test_written_offline_sent_at_login);
  g_test_add_func ("/outbox/killed-with-pending-messages", test_killed_with_pending_messages);
  g_test_add_func ("/outbox/killed-with-pending-messages/subprocess", killed_child);
  g_test_add_func ("/outbox/server-restart-mid-conversation", test_server_restart_mid_conversation);

  status = g_test_run ();
  schnack_test_prosody_free (server);
  return status;
}
