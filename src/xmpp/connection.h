/* connection.h — one account's XMPP connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "xmpp/message.h"
#include "xmpp/presence-show.h"
#include "xmpp/xml-node.h"

G_BEGIN_DECLS

typedef enum {
  SCHNACK_CONNECTION_OFFLINE,
  SCHNACK_CONNECTION_CONNECTING,
  SCHNACK_CONNECTION_ONLINE,
  SCHNACK_CONNECTION_FAILED,
} SchnackConnectionState;

GType schnack_connection_state_get_type (void) G_GNUC_CONST;
#define SCHNACK_TYPE_CONNECTION_STATE (schnack_connection_state_get_type ())

#define SCHNACK_CONNECTION_ERROR (schnack_connection_error_quark ())
GQuark schnack_connection_error_quark (void);

/* Why a connection failed, in the terms a user understands. */
typedef enum {
  SCHNACK_CONNECTION_ERROR_AUTHENTICATION,      /* wrong password or no such account */
  SCHNACK_CONNECTION_ERROR_SERVER_NOT_FOUND,    /* DNS has no such server */
  SCHNACK_CONNECTION_ERROR_UNREACHABLE,         /* no TCP connection could be made */
  SCHNACK_CONNECTION_ERROR_CERTIFICATE,         /* certificate not trusted */
  SCHNACK_CONNECTION_ERROR_NO_TLS,              /* the server does not offer TLS */
  SCHNACK_CONNECTION_ERROR_TLS,                 /* TLS handshake failed */
  SCHNACK_CONNECTION_ERROR_CONNECTION_LOST,     /* dropped after login */
  SCHNACK_CONNECTION_ERROR_CONFLICT,            /* another client took our resource */
  SCHNACK_CONNECTION_ERROR_PROTOCOL,            /* anything else the server said */
  SCHNACK_CONNECTION_ERROR_INVALID_ADDRESS,     /* the Jabber ID cannot be used */
} SchnackConnectionError;

#define SCHNACK_TYPE_CONNECTION (schnack_connection_get_type ())
G_DECLARE_FINAL_TYPE (SchnackConnection, schnack_connection, SCHNACK, CONNECTION, GObject)

SchnackConnection      *schnack_connection_new                    (const char         *jid);
SchnackConnection      *schnack_connection_new_for_registration   (const char         *domain);
SchnackXmlNode         *schnack_connection_get_stream_features    (SchnackConnection  *self);

const char             *schnack_connection_get_jid                (SchnackConnection  *self);
const char             *schnack_connection_get_bound_jid          (SchnackConnection  *self);
SchnackConnectionState  schnack_connection_get_state              (SchnackConnection  *self);
const GError           *schnack_connection_get_failure            (SchnackConnection  *self);
const char             *schnack_connection_get_failure_message    (SchnackConnection  *self);
const char             *schnack_connection_get_certificate_sha256 (SchnackConnection  *self);
const char             *schnack_connection_get_certificate_subject (SchnackConnection *self);
gint64                  schnack_connection_get_next_retry         (SchnackConnection  *self);
gboolean                schnack_connection_get_resumed            (SchnackConnection  *self);

void                    schnack_connection_set_password           (SchnackConnection  *self,
                                                                   const char         *password);
void                    schnack_connection_set_resource           (SchnackConnection  *self,
                                                                   const char         *resource);
void                    schnack_connection_set_server             (SchnackConnection  *self,
                                                                   const char         *host,
                                                                   guint16             port,
                                                                   gboolean            direct_tls);
const char             *schnack_connection_get_pinned_certificate (SchnackConnection  *self);
void                    schnack_connection_set_pinned_certificate (SchnackConnection  *self,
                                                                   const char         *sha256_hex);
void                    schnack_connection_set_ca_file            (SchnackConnection  *self,
                                                                   const char         *ca_file);
void                    schnack_connection_set_priority           (SchnackConnection  *self,
                                                                   int                 priority);
void                    schnack_connection_set_presence           (SchnackConnection  *self,
                                                                   SchnackPresenceShow show,
                                                                   const char         *status);
SchnackPresenceShow     schnack_connection_get_show               (SchnackConnection  *self);
void                    schnack_connection_set_keepalive_interval (SchnackConnection  *self,
                                                                   guint               seconds);

void                    schnack_connection_connect                (SchnackConnection  *self);
void                    schnack_connection_disconnect             (SchnackConnection  *self);
void                    schnack_connection_retry_now              (SchnackConnection  *self);

void                    schnack_connection_send_message           (SchnackConnection          *self,
                                                                   const SchnackOutgoingMessage *message);

void                    schnack_connection_forward_iq_namespace   (SchnackConnection   *self,
                                                                   const char          *xmlns);
void                    schnack_connection_send_stanza            (SchnackConnection   *self,
                                                                   SchnackXmlNode      *stanza);
void                    schnack_connection_send_iq_async          (SchnackConnection   *self,
                                                                   SchnackXmlNode      *iq,
                                                                   GCancellable        *cancellable,
                                                                   GAsyncReadyCallback  callback,
                                                                   gpointer             user_data);
SchnackXmlNode         *schnack_connection_send_iq_finish         (SchnackConnection   *self,
                                                                   GAsyncResult        *result,
                                                                   GError             **error);
void                    schnack_connection_send_iq_checked_async  (SchnackConnection   *self,
                                                                   SchnackXmlNode      *iq,
                                                                   GCancellable        *cancellable,
                                                                   GAsyncReadyCallback  callback,
                                                                   gpointer             user_data,
                                                                   gpointer             source_tag);
gboolean                schnack_connection_send_iq_checked_finish (GAsyncResult        *result,
                                                                   GError             **error);

G_END_DECLS
