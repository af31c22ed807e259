/* stanza-forward.c — server-initiated stanzas handed to the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Presence and the IQ requests the core handles itself (roster pushes,
 * later disco, blocking…) cross to the owner thread as XML text and come
 * out as SchnackXmlNode signals on SchnackConnection. Any other IQ
 * get/set gets the error RFC 6120 §8.4 demands, so a server or contact
 * asking something we do not support is never left waiting.
 */
#include "config.h"

#include "xmpp/connection-private.h"

#define NS_STANZAS "urn:ietf:params:xml:ns:xmpp-stanzas"
#define NS_PING "urn:xmpp:ping"
#define NS_PUBSUB_EVENT "http://jabber.org/protocol/pubsub#event"
#define NS_RECEIPTS "urn:xmpp:receipts"
#define NS_CHAT_STATES "http://jabber.org/protocol/chatstates"
#define NS_MUC_USER "http://jabber.org/protocol/muc#user"
#define NS_CONFERENCE "jabber:x:conference"

static char *
stanza_to_text (SchnackConnectionWorker *worker,
                xmpp_stanza_t           *stanza)
{
  char *text = NULL;
  size_t length = 0;
  char *copy;

  if (xmpp_stanza_to_text (stanza, &text, &length) != XMPP_EOK)
    return NULL;
  copy = g_strndup (text, length);
  xmpp_free (schnack_connection_worker_get_ctx (worker), text);
  return copy;
}

static int
on_presence (xmpp_conn_t   *conn,
             xmpp_stanza_t *stanza,
             void          *userdata)
{
  SchnackConnectionWorker *worker = userdata;
  char *text = stanza_to_text (worker, stanza);

  if (text != NULL)
    schnack_connection_worker_post_stanza (worker, SCHNACK_FORWARDED_PRESENCE, text);
  return 1;
}

/* PEP notifications (XEP-0163): avatars, nicknames, later OMEMO device
 * lists. They come as <message/> without a body. */
static int
on_pubsub_event (xmpp_conn_t   *conn,
                 xmpp_stanza_t *stanza,
                 void          *userdata)
{
  SchnackConnectionWorker *worker = userdata;
  char *text;

  if (xmpp_stanza_get_child_by_name_and_ns (stanza, "event", NS_PUBSUB_EVENT) == NULL)
    return 1;
  text = stanza_to_text (worker, stanza);
  if (text != NULL)
    schnack_connection_worker_post_stanza (worker, SCHNACK_FORWARDED_PUBSUB_EVENT, text);
  return 1;
}

/* Delivery receipts (XEP-0184), chat states (XEP-0085) and bounces: small
 * messages the core acts on; a body-carrying message with them is handled
 * by message.c, which passes the flags along. */
static int
on_chat_signal (xmpp_conn_t   *conn,
                xmpp_stanza_t *stanza,
                void          *userdata)
{
  SchnackConnectionWorker *worker = userdata;
  char *text;

  /* A bounce of one of our messages (it names the message by its id,
   * and may echo the body): the core marks it not sent. */
  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "error") == 0)
    {
      if (xmpp_stanza_get_id (stanza) == NULL)
        return 1;
    }
  else if (xmpp_stanza_get_child_by_name (stanza, "body") != NULL ||
           (xmpp_stanza_get_child_by_name_and_ns (stanza, "received", NS_RECEIPTS) == NULL &&
            xmpp_stanza_get_child_by_ns (stanza, NS_CHAT_STATES) == NULL))
    return 1;
  text = stanza_to_text (worker, stanza);
  if (text != NULL)
    schnack_connection_worker_post_stanza (worker, SCHNACK_FORWARDED_CHAT_SIGNAL, text);
  return 1;
}

/* Room subjects, a room's notices without a body (status codes such as
 * 104, configuration changed) and invitations. Invitations are taken
 * whether or not they carry a body: message.c leaves them out of chat. */
static int
on_room_signal (xmpp_conn_t   *conn,
                xmpp_stanza_t *stanza,
                void          *userdata)
{
  SchnackConnectionWorker *worker = userdata;
  gboolean has_body = xmpp_stanza_get_child_by_name (stanza, "body") != NULL;
  gboolean groupchat = g_strcmp0 (xmpp_stanza_get_type (stanza), "groupchat") == 0;
  gboolean wanted = FALSE;
  char *text;

  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "error") == 0)
    return 1;
  if (schnack_stanza_is_room_invite (stanza))
    wanted = TRUE;
  else if (groupchat && !has_body)
    wanted = xmpp_stanza_get_child_by_name (stanza, "subject") != NULL ||
             xmpp_stanza_get_child_by_name_and_ns (stanza, "x", NS_MUC_USER) != NULL;
  if (!wanted)
    return 1;
  text = stanza_to_text (worker, stanza);
  if (text != NULL)
    schnack_connection_worker_post_stanza (worker, SCHNACK_FORWARDED_ROOM_SIGNAL, text);
  return 1;
}

gboolean
schnack_stanza_is_room_invite (xmpp_stanza_t *stanza)
{
  xmpp_stanza_t *user = xmpp_stanza_get_child_by_name_and_ns (stanza, "x", NS_MUC_USER);

  if (user != NULL && xmpp_stanza_get_child_by_name (user, "invite") != NULL)
    return TRUE;
  return xmpp_stanza_get_child_by_name_and_ns (stanza, "x", NS_CONFERENCE) != NULL;
}

static void
reply_service_unavailable (SchnackConnectionWorker *worker,
                           xmpp_stanza_t           *request)
{
  xmpp_ctx_t *ctx = schnack_connection_worker_get_ctx (worker);
  xmpp_stanza_t *reply = xmpp_stanza_reply (request);
  xmpp_stanza_t *error = xmpp_stanza_new (ctx);
  xmpp_stanza_t *condition = xmpp_stanza_new (ctx);

  xmpp_stanza_set_type (reply, "error");
  xmpp_stanza_set_name (error, "error");
  xmpp_stanza_set_type (error, "cancel");
  xmpp_stanza_set_name (condition, "service-unavailable");
  xmpp_stanza_set_ns (condition, NS_STANZAS);
  xmpp_stanza_add_child (error, condition);
  xmpp_stanza_add_child (reply, error);
  schnack_connection_worker_send (worker, reply);
  xmpp_stanza_release (condition);
  xmpp_stanza_release (error);
  xmpp_stanza_release (reply);
}

static int
on_iq_request (xmpp_conn_t   *conn,
               xmpp_stanza_t *stanza,
               void          *userdata)
{
  SchnackConnectionWorker *worker = userdata;
  const char *type = xmpp_stanza_get_type (stanza);
  xmpp_stanza_t *payload;
  const char *ns;
  char *text;

  if (g_strcmp0 (type, "get") != 0 && g_strcmp0 (type, "set") != 0)
    return 1;

  payload = xmpp_stanza_get_children (stanza);
  while (payload != NULL && !xmpp_stanza_is_tag (payload))
    payload = xmpp_stanza_get_next (payload);
  ns = payload != NULL ? xmpp_stanza_get_ns (payload) : NULL;

  if (g_strcmp0 (ns, NS_PING) == 0)
    return 1;  /* ping.c answers it */

  if (ns == NULL || !schnack_connection_worker_forwards_namespace (worker, ns))
    {
      reply_service_unavailable (worker, stanza);
      return 1;
    }

  text = stanza_to_text (worker, stanza);
  if (text != NULL)
    schnack_connection_worker_post_stanza (worker, SCHNACK_FORWARDED_IQ_REQUEST, text);
  return 1;
}

void
schnack_stanza_forward_attach (SchnackConnectionWorker *worker)
{
  xmpp_conn_t *conn = schnack_connection_worker_get_conn (worker);

  xmpp_handler_add (conn, on_presence, NULL, "presence", NULL, worker);
  xmpp_handler_add (conn, on_iq_request, NULL, "iq", NULL, worker);
  xmpp_handler_add (conn, on_pubsub_event, NULL, "message", NULL, worker);
  xmpp_handler_add (conn, on_chat_signal, NULL, "message", NULL, worker);
  xmpp_handler_add (conn, on_room_signal, NULL, "message", NULL, worker);
}
