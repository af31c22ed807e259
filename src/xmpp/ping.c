/* ping.c — XEP-0199 keepalive and answering the server's pings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A NAT or a suspended laptop can kill a TCP connection without either
 * side hearing of it. Every interval (90 s by default; the only timer of
 * an idle online connection) we ping our server; if the previous ping is
 * still unanswered when the next one is due, the stream is dead and we
 * cut it, which starts the normal reconnect. A check on demand (after
 * resume from suspend) uses a short deadline instead.
 */
#include "config.h"

#include "xmpp/connection-private.h"

#define NS_PING "urn:xmpp:ping"
#define CHECK_NOW_DEADLINE_SECONDS 10

struct _SchnackPing {
  SchnackConnectionWorker *worker;
  GSource                 *timer;
  GSource                 *deadline;
  char                    *outstanding_id;
  guint                    counter;
};

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static int
on_ping_reply (xmpp_conn_t   *conn,
               xmpp_stanza_t *stanza,
               void          *userdata)
{
  SchnackPing *self = userdata;

  /* Any reply, even an error, proves the stream is alive. */
  g_clear_pointer (&self->outstanding_id, g_free);
  clear_source (&self->deadline);
  return 0;
}

static void
stream_is_dead (SchnackPing *self)
{
  g_debug ("Keepalive ping unanswered: dropping the stream");
  g_clear_pointer (&self->outstanding_id, g_free);
  schnack_connection_worker_abort_stream (self->worker);
}

static void
send_ping (SchnackPing *self)
{
  xmpp_conn_t *conn = schnack_connection_worker_get_conn (self->worker);
  xmpp_ctx_t *ctx = schnack_connection_worker_get_ctx (self->worker);
  xmpp_stanza_t *iq;
  xmpp_stanza_t *ping;

  g_free (self->outstanding_id);
  self->outstanding_id = g_strdup_printf ("keepalive-%u", ++self->counter);

  iq = xmpp_iq_new (ctx, "get", self->outstanding_id);
  xmpp_stanza_set_to (iq, schnack_connection_worker_get_domain (self->worker));
  ping = xmpp_stanza_new (ctx);
  xmpp_stanza_set_name (ping, "ping");
  xmpp_stanza_set_ns (ping, NS_PING);
  xmpp_stanza_add_child (iq, ping);
  xmpp_stanza_release (ping);

  xmpp_id_handler_add (conn, on_ping_reply, self->outstanding_id, self);
  schnack_connection_worker_send (self->worker, iq);
  xmpp_stanza_release (iq);
}

static gboolean
on_keepalive_tick (gpointer user_data)
{
  SchnackPing *self = user_data;

  if (self->outstanding_id != NULL)
    {
      stream_is_dead (self);
      return G_SOURCE_CONTINUE;
    }
  send_ping (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_check_deadline (gpointer user_data)
{
  SchnackPing *self = user_data;

  g_clear_pointer (&self->deadline, g_source_unref);
  if (self->outstanding_id != NULL)
    stream_is_dead (self);
  return G_SOURCE_REMOVE;
}

/* The server pings us too; unanswered, it would drop us. */
static int
on_ping_request (xmpp_conn_t   *conn,
                 xmpp_stanza_t *stanza,
                 void          *userdata)
{
  SchnackPing *self = userdata;
  xmpp_stanza_t *reply;

  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "get") != 0 ||
      xmpp_stanza_get_child_by_name_and_ns (stanza, "ping", NS_PING) == NULL)
    return 1;

  reply = xmpp_stanza_reply (stanza);
  xmpp_stanza_set_type (reply, "result");
  schnack_connection_worker_send (self->worker, reply);
  xmpp_stanza_release (reply);
  return 1;
}

SchnackPing *
schnack_ping_new (SchnackConnectionWorker *worker)
{
  SchnackPing *self = g_new0 (SchnackPing, 1);

  self->worker = worker;
  xmpp_handler_add (schnack_connection_worker_get_conn (worker), on_ping_request,
                    NULL, "iq", NULL, self);
  return self;
}

void
schnack_ping_start (SchnackPing *self,
                    guint        interval_seconds)
{
  schnack_ping_stop (self);
  /* Second-granularity timers let the kernel batch our wakeups. */
  self->timer = g_timeout_source_new_seconds (interval_seconds);
  g_source_set_callback (self->timer, on_keepalive_tick, self, NULL);
  g_source_set_static_name (self->timer, "[schnack] keepalive");
  g_source_attach (self->timer, schnack_connection_worker_get_context (self->worker));
}

void
schnack_ping_stop (SchnackPing *self)
{
  clear_source (&self->timer);
  clear_source (&self->deadline);
  if (self->outstanding_id != NULL)
    xmpp_id_handler_delete (schnack_connection_worker_get_conn (self->worker),
                            on_ping_reply, self->outstanding_id);
  g_clear_pointer (&self->outstanding_id, g_free);
}

void
schnack_ping_check_now (SchnackPing *self)
{
  if (self->timer == NULL || self->deadline != NULL)
    return;
  if (self->outstanding_id == NULL)
    send_ping (self);
  self->deadline = g_timeout_source_new_seconds (CHECK_NOW_DEADLINE_SECONDS);
  g_source_set_callback (self->deadline, on_check_deadline, self, NULL);
  g_source_attach (self->deadline, schnack_connection_worker_get_context (self->worker));
}

void
schnack_ping_free (SchnackPing *self)
{
  if (self == NULL)
    return;
  schnack_ping_stop (self);
  xmpp_handler_delete (schnack_connection_worker_get_conn (self->worker), on_ping_request);
  g_free (self);
}
