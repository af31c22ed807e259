/* test-connection.c — signing in to a real Prosody, and every way it fails
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <dirent.h>
#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#include "connection-test-util.h"
#include "test-peer.h"
#include "xmpp/connection.h"
#include "xmpp/disco.h"
#include "xmpp/stanza-error.h"

#define LOGIN_TIMEOUT_MS 15000
#define PASSWORD "correct-horse-battery"

static SchnackTestProsody *shared_server;

static char *
register_user (SchnackTestProsody *server,
               const char         *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user = schnack_test_unique_user (prefix);

  g_assert_true (schnack_test_prosody_register (server, user, "localhost", PASSWORD, &error));
  g_assert_no_error (error);
  return g_strdup_printf ("%s@localhost", user);
}

static SchnackTestProsody *
start_own_server (void)
{
  g_autoptr(GError) error = NULL;
  SchnackTestProsody *server = schnack_test_prosody_start (NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (server);
  return server;
}

static void
test_login (void)
{
  g_autofree char *jid = register_user (shared_server, "login");
  g_autoptr(SchnackConnection) connection = schnack_test_connection_new (shared_server, jid, PASSWORD);
  g_autofree char *bound_prefix = g_strdup_printf ("%s/", jid);

  g_assert_cmpint (schnack_connection_get_state (connection), ==, SCHNACK_CONNECTION_OFFLINE);
  schnack_connection_connect (connection);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_ONLINE, LOGIN_TIMEOUT_MS));
  g_assert_null (schnack_connection_get_failure (connection));
  g_assert_true (g_str_has_prefix (schnack_connection_get_bound_jid (connection), bound_prefix));

  schnack_connection_disconnect (connection);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_OFFLINE, 5000));
}

static void
test_login_direct_tls (void)
{
  g_autofree char *jid = register_user (shared_server, "directtls");
  g_autoptr(SchnackConnection) connection = schnack_test_connection_new (shared_server, jid, PASSWORD);

  schnack_connection_set_server (connection, "127.0.0.1",
                                 schnack_test_prosody_get_direct_tls_port (shared_server), TRUE);
  schnack_connection_connect (connection);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_ONLINE, LOGIN_TIMEOUT_MS));
}

static void
test_wrong_password (void)
{
  g_autofree char *jid = register_user (shared_server, "wrongpw");
  g_autoptr(SchnackConnection) connection = schnack_test_connection_new (shared_server, jid, "not the password");
  const GError *failure;

  schnack_connection_connect (connection);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_FAILED, LOGIN_TIMEOUT_MS));
  failure = schnack_connection_get_failure (connection);
  g_assert_error ((GError *) failure, SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_AUTHENTICATION);
  g_assert_nonnull (strstr (failure->message, "Wrong password"));
  g_assert_nonnull (strstr (failure->message, jid));

  /* A wrong password needs the user: no retry loop hammering the server. */
  g_assert_cmpint (schnack_connection_get_next_retry (connection), ==, 0);
  schnack_test_run_for (3000);
  g_assert_cmpint (schnack_connection_get_state (connection), ==, SCHNACK_CONNECTION_FAILED);
}

static void
test_unknown_account (void)
{
  g_autoptr(SchnackConnection) connection =
    schnack_test_connection_new (shared_server, "nobody-here@localhost", PASSWORD);

  schnack_connection_connect (connection);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_FAILED, LOGIN_TIMEOUT_MS));
  g_assert_error ((GError *) schnack_connection_get_failure (connection),
                  SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_AUTHENTICATION);
  g_assert_nonnull (strstr (schnack_connection_get_failure_message (connection), "does not exist"));
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

static void
test_unreachable (void)
{
  g_autoptr(SchnackConnection) connection = schnack_connection_new ("someone@localhost");

  schnack_connection_set_password (connection, PASSWORD);
  schnack_connection_set_server (connection, "127.0.0.1", closed_port (), FALSE);
  schnack_connection_connect (connection);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_FAILED, LOGIN_TIMEOUT_MS));
  g_assert_error ((GError *) schnack_connection_get_failure (connection),
                  SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (schnack_connection_get_failure_message (connection), "cannot be reached"));
  /* An unreachable server is retried by itself. */
  g_assert_cmpint (schnack_connection_get_next_retry (connection), >, g_get_real_time ());
}

static void
test_unknown_server (void)
{
  g_autoptr(SchnackConnection) connection = schnack_connection_new ("someone@no-such-host.invalid");

  schnack_connection_set_password (connection, PASSWORD);
  schnack_connection_connect (connection);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_FAILED, LOGIN_TIMEOUT_MS));
  g_assert_error ((GError *) schnack_connection_get_failure (connection),
                  SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_SERVER_NOT_FOUND);
  g_assert_nonnull (strstr (schnack_connection_get_failure_message (connection), "no-such-host.invalid"));
}

static void
test_untrusted_certificate_and_pinning (void)
{
  g_autoptr(SchnackTestProsody) server = start_own_server ();
  g_autofree char *jid = register_user (server, "pin");
  g_autoptr(SchnackConnection) connection = schnack_test_connection_new (server, jid, PASSWORD);
  g_autoptr(SchnackConnection) second = NULL;
  g_autoptr(GError) error = NULL;
  const char *server_sha256 = schnack_test_prosody_get_cert_sha256 (server);
  const char *other_sha256 = schnack_test_prosody_get_other_cert_sha256 (server);

  /* Without the test CA the certificate does not verify: refused, and
   * reported with its fingerprint and subject. */
  schnack_connection_set_ca_file (connection, NULL);
  schnack_connection_connect (connection);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_FAILED, LOGIN_TIMEOUT_MS));
  g_assert_error ((GError *) schnack_connection_get_failure (connection),
                  SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_CERTIFICATE);
  g_assert_cmpstr (schnack_connection_get_certificate_sha256 (connection), ==, server_sha256);
  g_assert_nonnull (schnack_connection_get_certificate_subject (connection));
  g_assert_cmpint (schnack_connection_get_next_retry (connection), ==, 0);

  /* The user trusts exactly that certificate. */
  schnack_connection_set_pinned_certificate (connection, server_sha256);
  schnack_connection_connect (connection);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_ONLINE, LOGIN_TIMEOUT_MS));
  schnack_connection_disconnect (connection);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_OFFLINE, 5000));

  /* The server now presents a different certificate: the pin does not
   * cover it, so it is refused and reported with the new fingerprint. */
  g_assert_true (schnack_test_prosody_use_cert (server, "other", &error));
  g_assert_true (schnack_test_prosody_stop (server, &error));
  g_assert_true (schnack_test_prosody_start_again (server, &error));
  g_assert_no_error (error);

  second = schnack_test_connection_new (server, jid, PASSWORD);
  schnack_connection_set_ca_file (second, NULL);
  schnack_connection_set_pinned_certificate (second, server_sha256);
  schnack_connection_connect (second);
  g_assert_true (schnack_test_wait_for_state (second, SCHNACK_CONNECTION_FAILED, LOGIN_TIMEOUT_MS));
  g_assert_error ((GError *) schnack_connection_get_failure (second),
                  SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_CERTIFICATE);
  g_assert_cmpstr (schnack_connection_get_certificate_sha256 (second), ==, other_sha256);
}

static void
test_reconnects_after_server_restart (void)
{
  g_autoptr(SchnackTestProsody) server = start_own_server ();
  g_autofree char *jid = register_user (server, "restart");
  g_autoptr(SchnackConnection) connection = schnack_test_connection_new (server, jid, PASSWORD);
  g_autoptr(GError) error = NULL;

  schnack_connection_connect (connection);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_ONLINE, LOGIN_TIMEOUT_MS));

  g_assert_true (schnack_test_prosody_kill (server, &error));
  g_assert_no_error (error);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_FAILED, LOGIN_TIMEOUT_MS));
  g_assert_error ((GError *) schnack_connection_get_failure (connection),
                  SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_CONNECTION_LOST);

  /* Let it fail a few retries against the dead server first. */
  schnack_test_run_for (2500);
  g_assert_cmpint (schnack_connection_get_state (connection), !=, SCHNACK_CONNECTION_ONLINE);

  g_assert_true (schnack_test_prosody_start_again (server, &error));
  g_assert_no_error (error);
  /* Back by itself, with no call from us: backoff is at most a few
   * seconds this early. */
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_ONLINE, 20000));
}

typedef struct {
  GPtrArray *messages;
} Received;

static void
on_message_received (SchnackConnection      *connection,
                     SchnackIncomingMessage *message,
                     Received               *received)
{
  g_ptr_array_add (received->messages, schnack_incoming_message_copy (message));
}

static gboolean
has_messages (gpointer data)
{
  Received *received = data;

  return received->messages->len > 0;
}

static void
test_message_from_peer (void)
{
  g_autofree char *jid = register_user (shared_server, "msg");
  g_autofree char *peer_jid = register_user (shared_server, "peer");
  g_autoptr(SchnackConnection) connection = schnack_test_connection_new (shared_server, jid, PASSWORD);
  g_autoptr(SchnackTestPeer) peer = NULL;
  g_autoptr(GError) error = NULL;
  Received received = { g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_incoming_message_free) };
  SchnackIncomingMessage *message;
  const char *body = "Hallo <b>Welt</b> & 👋";

  g_signal_connect (connection, "message-received", G_CALLBACK (on_message_received), &received);
  schnack_connection_connect (connection);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_ONLINE, LOGIN_TIMEOUT_MS));

  peer = schnack_test_peer_start (shared_server, peer_jid, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (schnack_test_peer_send_message (peer, jid, body, "origin-1", &error));
  g_assert_no_error (error);

  g_assert_true (schnack_test_wait_until (has_messages, &received, 10000));
  message = g_ptr_array_index (received.messages, 0);
  g_assert_cmpstr (message->body, ==, body);
  g_assert_true (g_str_has_prefix (message->from, peer_jid));
  g_assert_cmpstr (message->origin_id, ==, "origin-1");
  /* Prosody's MAM stamps a stanza-id by our own bare JID. */
  g_assert_nonnull (message->stanza_id);
  g_assert_cmpstr (message->stanza_id_by, ==, jid);
  g_assert_cmpint (ABS (message->sent_at - g_get_real_time ()), <, 60 * G_USEC_PER_SEC);

  g_ptr_array_unref (received.messages);
}

/* Voluntary context switches per thread (tid → count). Threads can come
 * and go (resolver workers, earlier tests' connection threads), so the
 * caller compares thread by thread, not the sums. */
static GHashTable *
thread_switches (void)
{
  GHashTable *switches = g_hash_table_new (NULL, NULL);
  DIR *tasks = opendir ("/proc/self/task");
  struct dirent *entry;

  g_assert_nonnull (tasks);
  while ((entry = readdir (tasks)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *status = NULL;
      const char *line;

      if (entry->d_name[0] == '.')
        continue;
      path = g_strdup_printf ("/proc/self/task/%s/status", entry->d_name);
      if (!g_file_get_contents (path, &status, NULL, NULL))
        continue;
      line = strstr (status, "\nvoluntary_ctxt_switches:");
      if (line != NULL)
        g_hash_table_insert (switches, GINT_TO_POINTER (atoi (entry->d_name)),
                             GSIZE_TO_POINTER (g_ascii_strtoull (line + strlen ("\nvoluntary_ctxt_switches:"),
                                                                 NULL, 10)));
    }
  closedir (tasks);
  return switches;
}

static guint64
switches_between (GHashTable *before,
                  GHashTable *after)
{
  GHashTableIter iter;
  gpointer tid, count;
  guint64 total = 0;

  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &tid, &count))
    {
      gsize earlier = GPOINTER_TO_SIZE (g_hash_table_lookup (before, tid));

      if (GPOINTER_TO_SIZE (count) > earlier)
        total += GPOINTER_TO_SIZE (count) - earlier;
    }
  return total;
}

static void
test_idle_connection_does_not_poll (void)
{
  g_autofree char *jid = register_user (shared_server, "idle");
  g_autoptr(SchnackConnection) connection = schnack_test_connection_new (shared_server, jid, PASSWORD);
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  guint64 switches;

  schnack_connection_connect (connection);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_ONLINE, LOGIN_TIMEOUT_MS));
  schnack_test_run_for (1500);

  before = thread_switches ();
  g_usleep (10 * G_USEC_PER_SEC);
  after = thread_switches ();
  switches = switches_between (before, after);
  g_test_message ("voluntary context switches while idle for 10 s: %" G_GUINT64_FORMAT, switches);
  /* A 100 ms poll would be ~100 here; the keepalive is 90 s apart. */
  g_assert_cmpuint (switches, <, 5);
  g_assert_cmpint (schnack_connection_get_state (connection), ==, SCHNACK_CONNECTION_ONLINE);
}

/* A loopback proxy that holds every new connection for a while before
 * it connects it through: a server that is slow to answer the TLS
 * handshake. */
typedef struct {
  GSocketListener *listener;
  guint16          listen_port;
  guint16          target_port;
  guint            hold_ms;
  GPtrArray       *client_streams;   /* to cut the line */
} SlowProxy;

typedef struct {
  SlowProxy         *proxy;
  GSocketConnection *client;
} HeldConnection;

static void
on_spliced (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_io_stream_splice_finish (result, NULL);
}

static gboolean
release_held_connection (gpointer user_data)
{
  HeldConnection *held = user_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) upstream =
    g_socket_client_connect_to_host (client, "127.0.0.1", held->proxy->target_port, NULL, NULL);

  if (upstream != NULL && held->proxy->client_streams != NULL)
    g_ptr_array_add (held->proxy->client_streams, g_object_ref (held->client));
  if (upstream != NULL)
    g_io_stream_splice_async (G_IO_STREAM (held->client), G_IO_STREAM (upstream),
                              G_IO_STREAM_SPLICE_CLOSE_STREAM1 | G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                              G_PRIORITY_DEFAULT, NULL, on_spliced, NULL);
  g_object_unref (held->client);
  g_free (held);
  return G_SOURCE_REMOVE;
}

static void on_proxy_accept (GObject *source, GAsyncResult *result, gpointer user_data);

static void
on_proxy_accept (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SlowProxy *proxy = user_data;
  GSocketConnection *client = g_socket_listener_accept_finish (G_SOCKET_LISTENER (source), result, NULL, NULL);
  HeldConnection *held;

  if (client == NULL)
    return;
  held = g_new0 (HeldConnection, 1);
  held->proxy = proxy;
  held->client = client;
  g_timeout_add (proxy->hold_ms, release_held_connection, held);
  g_socket_listener_accept_async (proxy->listener, NULL, on_proxy_accept, proxy);
}

typedef struct {
  gint64 last_tick;
  gint64 longest_gap;
} StallMeter;

static gboolean
on_stall_tick (gpointer user_data)
{
  StallMeter *meter = user_data;
  gint64 now = g_get_monotonic_time ();

  if (meter->last_tick != 0)
    meter->longest_gap = MAX (meter->longest_gap, now - meter->last_tick);
  meter->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
test_slow_handshake_does_not_block (void)
{
  g_autofree char *jid = register_user (shared_server, "slow");
  g_autoptr(SchnackConnection) connection = schnack_test_connection_new (shared_server, jid, PASSWORD);
  SlowProxy proxy = { 0 };
  StallMeter meter = { 0 };
  gint64 started;
  guint tick_id;

  proxy.listener = g_socket_listener_new ();
  proxy.listen_port = g_socket_listener_add_any_inet_port (proxy.listener, NULL, NULL);
  proxy.target_port = schnack_test_prosody_get_direct_tls_port (shared_server);
  proxy.hold_ms = 3000;
  proxy.client_streams = NULL;
  g_socket_listener_accept_async (proxy.listener, NULL, on_proxy_accept, &proxy);

  /* Direct TLS: the client starts its handshake at once and the proxy
   * holds it for 3 s, the case where libstrophe blocks its thread. */
  schnack_connection_set_server (connection, "127.0.0.1", proxy.listen_port, TRUE);
  tick_id = g_timeout_add (10, on_stall_tick, &meter);
  started = g_get_monotonic_time ();
  schnack_connection_connect (connection);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_ONLINE, LOGIN_TIMEOUT_MS));
  g_source_remove (tick_id);

  g_test_message ("online after %" G_GINT64_FORMAT " ms; longest main-loop stall %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - started) / 1000, meter.longest_gap / 1000);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 3 * G_USEC_PER_SEC);
  g_assert_cmpint (meter.longest_gap, <, 200 * 1000);

  g_socket_listener_close (proxy.listener);
  g_object_unref (proxy.listener);
}

static gboolean
is_resumed_and_online (gpointer data)
{
  return schnack_connection_get_state (data) == SCHNACK_CONNECTION_ONLINE &&
         schnack_connection_get_resumed (data);
}

static void
test_resumes_stream_after_drop (void)
{
  g_autofree char *jid = register_user (shared_server, "resume");
  g_autoptr(SchnackConnection) connection = schnack_test_connection_new (shared_server, jid, PASSWORD);
  SlowProxy proxy = { 0 };

  proxy.listener = g_socket_listener_new ();
  proxy.listen_port = g_socket_listener_add_any_inet_port (proxy.listener, NULL, NULL);
  proxy.target_port = schnack_test_prosody_get_c2s_port (shared_server);
  proxy.client_streams = g_ptr_array_new_with_free_func (g_object_unref);
  g_socket_listener_accept_async (proxy.listener, NULL, on_proxy_accept, &proxy);

  schnack_connection_set_server (connection, "127.0.0.1", proxy.listen_port, FALSE);
  schnack_connection_connect (connection);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_ONLINE, LOGIN_TIMEOUT_MS));
  g_assert_false (schnack_connection_get_resumed (connection));
  /* libstrophe reports "online" at bind, before the server's <enabled/>. */
  schnack_test_run_for (1000);

  /* The network drops the TCP connection; the server keeps the session. */
  g_assert_cmpuint (proxy.client_streams->len, ==, 1);
  g_io_stream_close (g_ptr_array_index (proxy.client_streams, 0), NULL, NULL);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_FAILED, 10000));

  /* Back by itself, on the same XEP-0198 session. */
  g_assert_true (schnack_test_wait_until (is_resumed_and_online, connection, 15000));

  g_socket_listener_close (proxy.listener);
  g_object_unref (proxy.listener);
  g_ptr_array_unref (proxy.client_streams);
}

/* Prosody always offers TLS, so a misconfigured server is scripted here:
 * it answers the stream header with features that lack <starttls/>. */
typedef struct {
  GSocketService *service;
  GString        *received;
} PlaintextServer;

static void
on_plaintext_read (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data);

static gboolean
on_plaintext_client (GSocketService    *service,
                     GSocketConnection *connection,
                     GObject           *source_object,
                     gpointer           user_data)
{
  static const char reply[] =
    "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
    "xmlns:stream='http://etherx.jabber.org/streams' id='plain' from='localhost' version='1.0'>"
    "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
    "<mechanism>PLAIN</mechanism></mechanisms></stream:features>";
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  char *buffer = g_malloc (4096);

  g_output_stream_write_all (out, reply, strlen (reply), NULL, NULL, NULL);
  g_object_set_data_full (G_OBJECT (connection), "buffer", buffer, g_free);
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                             buffer, 4096, G_PRIORITY_DEFAULT, NULL,
                             on_plaintext_read, g_object_ref (connection));
  return TRUE;
}

static PlaintextServer *plaintext_server;

static void
on_plaintext_read (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GSocketConnection) connection = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);
  char *buffer = g_object_get_data (G_OBJECT (connection), "buffer");

  if (n <= 0)
    return;
  g_string_append_len (plaintext_server->received, buffer, n);
  g_input_stream_read_async (G_INPUT_STREAM (source), buffer, 4096, G_PRIORITY_DEFAULT,
                             NULL, on_plaintext_read, g_object_ref (connection));
}

static void
test_server_without_tls (void)
{
  g_autoptr(SchnackConnection) connection = schnack_connection_new ("someone@localhost");
  PlaintextServer server = { g_socket_service_new (), g_string_new (NULL) };
  guint16 port;

  plaintext_server = &server;
  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (server.service), NULL, NULL);
  g_signal_connect (server.service, "incoming", G_CALLBACK (on_plaintext_client), NULL);
  g_socket_service_start (server.service);

  schnack_connection_set_password (connection, "never-on-the-wire");
  schnack_connection_set_server (connection, "127.0.0.1", port, FALSE);
  schnack_connection_connect (connection);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_FAILED, LOGIN_TIMEOUT_MS));
  g_assert_error ((GError *) schnack_connection_get_failure (connection),
                  SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_NO_TLS);
  g_assert_nonnull (strstr (schnack_connection_get_failure_message (connection), "encrypted"));
  /* Refusing to go on is a decision for the user, not a retry loop … */
  g_assert_cmpint (schnack_connection_get_next_retry (connection), ==, 0);
  /* … and the password never left the machine, not even as PLAIN. */
  schnack_test_run_for (300);
  g_assert_cmpuint (server.received->len, >, 0);
  g_assert_null (strstr (server.received->str, "<auth"));

  g_socket_service_stop (server.service);
  g_socket_listener_close (G_SOCKET_LISTENER (server.service));
  g_object_unref (server.service);
  g_string_free (server.received, TRUE);
  plaintext_server = NULL;
}

typedef struct {
  SchnackXmlNode *reply;
  GError         *error;
  gboolean        done;
} IqResult;

static void
on_iq_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  IqResult *iq_result = user_data;

  iq_result->reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source), result,
                                                        &iq_result->error);
  iq_result->done = TRUE;
}

static gboolean
iq_done (gpointer data)
{
  return ((IqResult *) data)->done;
}

static void
send_iq_and_wait (SchnackConnection *connection,
                  SchnackXmlNode    *iq,
                  IqResult          *result)
{
  *result = (IqResult) { 0 };
  schnack_connection_send_iq_async (connection, iq, NULL, on_iq_done, result);
  g_assert_true (schnack_test_wait_until (iq_done, result, 15000));
}

static SchnackXmlNode *
new_iq (const char *type,
        const char *to,
        const char *child,
        const char *xmlns)
{
  SchnackXmlNode *iq = schnack_xml_node_new ("iq", NULL);

  schnack_xml_node_set_attribute (iq, "type", type);
  schnack_xml_node_set_attribute (iq, "to", to);
  schnack_xml_node_add_child (iq, child, xmlns);
  return iq;
}

static void
test_iq_round_trip (void)
{
  g_autofree char *jid = register_user (shared_server, "iq");
  g_autoptr(SchnackConnection) connection = schnack_test_connection_new (shared_server, jid, PASSWORD);
  g_autoptr(SchnackXmlNode) disco = new_iq ("get", "localhost", "query", "http://jabber.org/protocol/disco#info");
  g_autoptr(SchnackXmlNode) bogus = new_iq ("get", "localhost", "query", "urn:example:nothing-here");
  IqResult result;

  /* Not connected: a clear error at once, not a hang. */
  send_iq_and_wait (connection, disco, &result);
  g_assert_error (result.error, SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_CONNECTION_LOST);
  g_clear_error (&result.error);

  schnack_connection_connect (connection);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_ONLINE, LOGIN_TIMEOUT_MS));

  send_iq_and_wait (connection, disco, &result);
  g_assert_no_error (result.error);
  g_assert_cmpstr (schnack_xml_node_get_attribute (result.reply, "type"), ==, "result");
  g_assert_nonnull (schnack_xml_node_get_child (schnack_xml_node_get_child (result.reply, "query", NULL),
                                                "identity", NULL));
  g_clear_pointer (&result.reply, schnack_xml_node_unref);

  send_iq_and_wait (connection, bogus, &result);
  g_assert_null (result.reply);
  g_assert_error (result.error, SCHNACK_STANZA_ERROR, SCHNACK_STANZA_ERROR_SERVICE_UNAVAILABLE);
  g_clear_error (&result.error);
}

static void
test_registration_stream (void)
{
  g_autoptr(SchnackConnection) connection = schnack_connection_new_for_registration ("localhost");
  g_autoptr(SchnackXmlNode) get_form = new_iq ("get", NULL, "query", "jabber:iq:register");
  SchnackXmlNode *features;
  SchnackXmlNode *query;
  IqResult result;

  schnack_connection_set_server (connection, "127.0.0.1", schnack_test_prosody_get_c2s_port (shared_server), FALSE);
  schnack_connection_set_ca_file (connection, schnack_test_prosody_get_ca_file (shared_server));
  schnack_connection_connect (connection);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_ONLINE, LOGIN_TIMEOUT_MS));

  /* Secured without signing in, and the server says it takes sign-ups. */
  features = schnack_connection_get_stream_features (connection);
  g_assert_nonnull (features);
  g_assert_nonnull (schnack_xml_node_get_child (features, "register", "http://jabber.org/features/iq-register"));
  g_assert_null (schnack_xml_node_get_child (features, "starttls", NULL));

  send_iq_and_wait (connection, get_form, &result);
  g_assert_no_error (result.error);
  query = schnack_xml_node_get_child (result.reply, "query", "jabber:iq:register");
  g_assert_nonnull (query);
  g_assert_nonnull (schnack_xml_node_get_child (query, "username", NULL));
  g_assert_nonnull (schnack_xml_node_get_child (query, "password", NULL));
  g_clear_pointer (&result.reply, schnack_xml_node_unref);
}

static void
test_registration_stream_direct_tls (void)
{
  g_autoptr(SchnackConnection) connection = schnack_connection_new_for_registration ("localhost");

  schnack_connection_set_server (connection, "127.0.0.1",
                                 schnack_test_prosody_get_direct_tls_port (shared_server), TRUE);
  schnack_connection_set_ca_file (connection, schnack_test_prosody_get_ca_file (shared_server));
  schnack_connection_connect (connection);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_ONLINE, LOGIN_TIMEOUT_MS));
  g_assert_nonnull (schnack_connection_get_stream_features (connection));
}

typedef struct {
  SchnackConnection *connection;
  GPtrArray         *requests;
  GPtrArray         *presences;
} Forwarded;

static void
on_echo_request (SchnackConnection *connection,
                 SchnackXmlNode    *iq,
                 Forwarded         *forwarded)
{
  g_autoptr(SchnackXmlNode) reply = schnack_xml_node_new ("iq", NULL);

  g_ptr_array_add (forwarded->requests, schnack_xml_node_ref (iq));
  schnack_xml_node_set_attribute (reply, "type", "result");
  schnack_xml_node_set_attribute (reply, "id", schnack_xml_node_get_attribute (iq, "id"));
  schnack_xml_node_set_attribute (reply, "to", schnack_xml_node_get_attribute (iq, "from"));
  schnack_connection_send_stanza (connection, reply);
}

static void
on_presence (SchnackConnection *connection,
             SchnackXmlNode    *presence,
             Forwarded         *forwarded)
{
  g_ptr_array_add (forwarded->presences, schnack_xml_node_ref (presence));
}

static gboolean
has_subscribe (gpointer data)
{
  Forwarded *forwarded = data;

  for (guint i = 0; i < forwarded->presences->len; i++)
    if (g_strcmp0 (schnack_xml_node_get_attribute (g_ptr_array_index (forwarded->presences, i), "type"),
                   "subscribe") == 0)
      return TRUE;
  return FALSE;
}

static void
test_server_initiated_stanzas (void)
{
  g_autofree char *jid = register_user (shared_server, "fwd");
  g_autofree char *peer_jid = register_user (shared_server, "fwdpeer");
  g_autoptr(SchnackConnection) connection = schnack_test_connection_new (shared_server, jid, PASSWORD);
  g_autoptr(SchnackTestPeer) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *echo = NULL;
  g_autofree char *line = NULL;
  g_autofree char *type = NULL;
  Forwarded forwarded = { connection,
                          g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_xml_node_unref),
                          g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_xml_node_unref) };

  schnack_connection_forward_iq_namespace (connection, "urn:example:echo");
  g_signal_connect (connection, "iq-request::urn:example:echo", G_CALLBACK (on_echo_request), &forwarded);
  g_signal_connect (connection, "presence-received", G_CALLBACK (on_presence), &forwarded);
  schnack_connection_connect (connection);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_ONLINE, LOGIN_TIMEOUT_MS));
  peer = schnack_test_peer_start (shared_server, peer_jid, PASSWORD, &error);
  g_assert_no_error (error);

  /* An IQ nobody here understands is refused at once, not left hanging. */
  unknown = g_strdup_printf ("<iq type='get' to='%s' id='probe-unknown'>"
                             "<query xmlns='urn:example:unknown'/></iq>",
                             schnack_connection_get_bound_jid (connection));
  g_assert_true (schnack_test_peer_send_raw (peer, unknown, &error));
  line = schnack_test_peer_wait_event_with (peer, "iq-result", "id", "probe-unknown", 10000);
  g_assert_nonnull (line);
  type = schnack_test_json_get_string (line, "type");
  g_assert_cmpstr (type, ==, "error");
  g_assert_nonnull (strstr (line, "service-unavailable"));
  g_clear_pointer (&line, g_free);
  g_clear_pointer (&type, g_free);

  /* A namespace the core asked for reaches it, and its answer goes out. */
  echo = g_strdup_printf ("<iq type='get' to='%s' id='probe-echo'><ping xmlns='urn:example:echo'/></iq>",
                          schnack_connection_get_bound_jid (connection));
  g_assert_true (schnack_test_peer_send_raw (peer, echo, &error));
  line = schnack_test_peer_wait_event_with (peer, "iq-result", "id", "probe-echo", 10000);
  g_assert_nonnull (line);
  type = schnack_test_json_get_string (line, "type");
  g_assert_cmpstr (type, ==, "result");
  g_assert_cmpuint (forwarded.requests->len, ==, 1);

  /* Presence reaches the core as it arrived. */
  g_assert_true (schnack_test_peer_subscribe (peer, jid, &error));
  g_assert_true (schnack_test_wait_until (has_subscribe, &forwarded, 10000));

  g_ptr_array_unref (forwarded.requests);
  g_ptr_array_unref (forwarded.presences);
}

static void
on_version (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(char **) user_data = schnack_version_request_finish (result, NULL);
  if (*(char **) user_data == NULL)
    *(char **) user_data = g_strdup ("");
}

static gboolean
string_set (gpointer data)
{
  return *(char **) data != NULL;
}

static void
test_answers_who_we_are (void)
{
  g_autofree char *jid = register_user (shared_server, "disco");
  g_autofree char *peer_jid = register_user (shared_server, "discopeer");
  g_autoptr(SchnackConnection) connection = schnack_test_connection_new (shared_server, jid, PASSWORD);
  g_autoptr(SchnackTestPeer) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ask_info = NULL;
  g_autofree char *ask_version = NULL;
  g_autofree char *line = NULL;
  g_autofree char *server_version = NULL;

  schnack_connection_connect (connection);
  g_assert_true (schnack_test_wait_for_state (connection, SCHNACK_CONNECTION_ONLINE, LOGIN_TIMEOUT_MS));
  peer = schnack_test_peer_start (shared_server, peer_jid, PASSWORD, &error);
  g_assert_no_error (error);

  ask_info = g_strdup_printf ("<iq type='get' to='%s' id='who1'><query xmlns='%s'/></iq>",
                              schnack_connection_get_bound_jid (connection), SCHNACK_NS_DISCO_INFO);
  g_assert_true (schnack_test_peer_send_raw (peer, ask_info, &error));
  line = schnack_test_peer_wait_event_with (peer, "iq-result", "id", "who1", 10000);
  g_assert_nonnull (line);
  g_assert_nonnull (strstr (line, "Schnack"));
  g_assert_nonnull (strstr (line, "urn:xmpp:ping"));
  g_clear_pointer (&line, g_free);

  ask_version = g_strdup_printf ("<iq type='get' to='%s' id='who2'><query xmlns='%s'/></iq>",
                                 schnack_connection_get_bound_jid (connection), SCHNACK_NS_VERSION);
  g_assert_true (schnack_test_peer_send_raw (peer, ask_version, &error));
  line = schnack_test_peer_wait_event_with (peer, "iq-result", "id", "who2", 10000);
  g_assert_nonnull (line);
  g_assert_nonnull (strstr (line, PACKAGE_VERSION));

  /* And we can ask others: the server says what it runs. */
  schnack_version_request_async (connection, "localhost", NULL, on_version, &server_version);
  g_assert_true (schnack_test_wait_until (string_set, &server_version, 10000));
  g_assert_true (g_str_has_prefix (server_version, "Prosody"));
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
  shared_server = schnack_test_prosody_start (NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/connection/login", test_login);
  g_test_add_func ("/connection/login-direct-tls", test_login_direct_tls);
  g_test_add_func ("/connection/wrong-password", test_wrong_password);
  g_test_add_func ("/connection/unknown-account", test_unknown_account);
  g_test_add_func ("/connection/unreachable", test_unreachable);
  g_test_add_func ("/connection/unknown-server", test_unknown_server);
  g_test_add_func ("/connection/server-without-tls", test_server_without_tls);
  g_test_add_func ("/connection/message-from-peer", test_message_from_peer);
  g_test_add_func ("/connection/iq-round-trip", test_iq_round_trip);
  g_test_add_func ("/connection/server-initiated-stanzas", test_server_initiated_stanzas);
  g_test_add_func ("/connection/answers-who-we-are", test_answers_who_we_are);
  g_test_add_func ("/connection/registration-stream", test_registration_stream);
  g_test_add_func ("/connection/registration-stream-direct-tls", test_registration_stream_direct_tls);
  g_test_add_func ("/connection/idle-does-not-poll", test_idle_connection_does_not_poll);
  g_test_add_func ("/connection/slow-handshake-does-not-block", test_slow_handshake_does_not_block);
  g_test_add_func ("/connection/resumes-stream-after-drop", test_resumes_stream_after_drop);
  g_test_add_func ("/connection/untrusted-certificate-and-pinning", test_untrusted_certificate_and_pinning);
  g_test_add_func ("/connection/reconnects-after-server-restart", test_reconnects_after_server_restart);

  status = g_test_run ();
  schnack_test_prosody_free (shared_server);
  return status;
}
