/* connection-private.h — the connection thread's side, for protocol modules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything declared here runs on the connection's own thread (see the
 * design note at the top of connection.c). Protocol modules (message.c,
 * ping.c, presence.c …) attach libstrophe handlers to the worker's
 * xmpp_conn_t and hand plain GLib data to the owner thread with
 * schnack_connection_worker_post().
 */
#pragma once

#include <strophe.h>

#include "xmpp/connection.h"

G_BEGIN_DECLS

typedef struct _SchnackConnectionWorker SchnackConnectionWorker;

/* Runs on the owner thread with a strong reference to the connection. */
typedef void (*SchnackConnectionEventFunc) (SchnackConnection *connection,
                                            gpointer           data);

xmpp_ctx_t  *schnack_connection_worker_get_ctx   (SchnackConnectionWorker *worker);
xmpp_conn_t *schnack_connection_worker_get_conn  (SchnackConnectionWorker *worker);
const char  *schnack_connection_worker_get_domain (SchnackConnectionWorker *worker);
GMainContext *schnack_connection_worker_get_context (SchnackConnectionWorker *worker);
const char  *schnack_connection_worker_get_initial_presence (SchnackConnectionWorker *worker);
void         schnack_connection_worker_send      (SchnackConnectionWorker *worker,
                                                  xmpp_stanza_t           *stanza);
void         schnack_connection_worker_post      (SchnackConnectionWorker   *worker,
                                                  SchnackConnectionEventFunc func,
                                                  gpointer                   data,
                                                  GDestroyNotify             destroy);
void         schnack_connection_worker_abort_stream (SchnackConnectionWorker *worker);

typedef enum {
  SCHNACK_FORWARDED_PRESENCE,
  SCHNACK_FORWARDED_IQ_REQUEST,
  SCHNACK_FORWARDED_PUBSUB_EVENT,
  SCHNACK_FORWARDED_CHAT_SIGNAL,
  SCHNACK_FORWARDED_ROOM_SIGNAL,
} SchnackForwardedKind;

/* Takes @xml (a serialized stanza) to the owner thread's signals. */
gboolean     schnack_stanza_is_room_invite (xmpp_stanza_t *stanza);
void         schnack_connection_worker_post_stanza (SchnackConnectionWorker *worker,
                                                    SchnackForwardedKind     kind,
                                                    char                    *xml);
gboolean     schnack_connection_worker_forwards_namespace (SchnackConnectionWorker *worker,
                                                           const char              *xmlns);

/* Protocol modules, each attached once per worker. */
void schnack_stanza_forward_attach  (SchnackConnectionWorker *worker);
void schnack_message_module_attach  (SchnackConnectionWorker *worker);
void schnack_message_module_send    (SchnackConnectionWorker *worker,
                                     const SchnackOutgoingMessage *message);
void schnack_presence_send_initial  (SchnackConnectionWorker *worker);

typedef struct _SchnackPing SchnackPing;
SchnackPing *schnack_ping_new            (SchnackConnectionWorker *worker);
void         schnack_ping_start          (SchnackPing *ping,
                                          guint        interval_seconds);
void         schnack_ping_stop           (SchnackPing *ping);
void         schnack_ping_check_now      (SchnackPing *ping);
void         schnack_ping_free           (SchnackPing *ping);

/* Owner-side hook used by message.c. */
void schnack_connection_emit_message_received (SchnackConnection      *self,
                                               SchnackIncomingMessage *message);

G_END_DECLS
