/* muc-self-ping.c — are we still in the room? (XEP-0410)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A room can drop us without telling (a restart of the service, a lost
 * server-to-server link). Pinging our own occupant JID finds out: the
 * room answers for us while we are in, and says not-acceptable (or
 * similar) once it does not know us.
 */
#include "config.h"

#include "xmpp/muc-self-ping.h"
#include "xmpp/stanza-error.h"

static void
on_pong (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackXmlNode) reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source), result, &error);
  SchnackMucPingResult answer = SCHNACK_MUC_PING_UNKNOWN;

  if (reply != NULL)
    answer = SCHNACK_MUC_PING_JOINED;
  else if (error->domain == SCHNACK_STANZA_ERROR)
    switch (error->code)
      {
      /* The room forwarded it to our client, which does not answer
       * pings in this way: still a sign we are in (XEP-0410 §3). */
      case SCHNACK_STANZA_ERROR_SERVICE_UNAVAILABLE:
      case SCHNACK_STANZA_ERROR_FEATURE_NOT_IMPLEMENTED:
        answer = SCHNACK_MUC_PING_JOINED;
        break;
      case SCHNACK_STANZA_ERROR_ITEM_NOT_FOUND:
        /* The room took too long to answer for our client. */
        answer = SCHNACK_MUC_PING_UNKNOWN;
        break;
      case SCHNACK_STANZA_ERROR_REMOTE_SERVER_NOT_FOUND:
      case SCHNACK_STANZA_ERROR_REMOTE_SERVER_TIMEOUT:
        answer = SCHNACK_MUC_PING_UNKNOWN;
        break;
      default:
        /* not-acceptable and anything else: the room does not know us. */
        answer = SCHNACK_MUC_PING_NOT_JOINED;
        break;
      }
  g_task_return_int (task, answer);
}

void
schnack_muc_self_ping_async (SchnackConnection   *connection,
                             const char          *room_jid,
                             const char          *nick,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *occupant = NULL;
  g_autoptr(SchnackXmlNode) iq = NULL;
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  g_return_if_fail (room_jid != NULL && nick != NULL);

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_muc_self_ping_async);
  occupant = g_strdup_printf ("%s/%s", room_jid, nick);
  iq = schnack_xml_node_new_iq ("get", occupant);
  schnack_xml_node_add_child (iq, "ping", "urn:xmpp:ping");
  schnack_connection_send_iq_async (connection, iq, cancellable, on_pong, task);
}

SchnackMucPingResult
schnack_muc_self_ping_finish (GAsyncResult *result)
{
  g_return_val_if_fail (G_IS_TASK (result), SCHNACK_MUC_PING_UNKNOWN);
  return g_task_propagate_int (G_TASK (result), NULL);
}
