/* chat-markers.c — "read" ticks (XEP-0333)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Markers that arrive are parsed with the message they travel in
 * (message.c), because a carbon or an archive copy of our own marker
 * must be unwrapped like a message. Sending is here.
 */
#include "config.h"

#include "xmpp/chat-markers.h"

/**
 * schnack_chat_marker_send:
 * @marker: "received", "displayed" or "acknowledged"
 * @message_id: the id of the newest message it stands for
 */
void
schnack_chat_marker_send (SchnackConnection *connection,
                          const char        *to,
                          const char        *marker,
                          const char        *message_id)
{
  g_autoptr(SchnackXmlNode) message = schnack_xml_node_new ("message", NULL);
  g_autofree char *id = g_uuid_string_random ();

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  g_return_if_fail (to != NULL && message_id != NULL);
  g_return_if_fail (g_strcmp0 (marker, "received") == 0 || g_strcmp0 (marker, "displayed") == 0 ||
                    g_strcmp0 (marker, "acknowledged") == 0);

  schnack_xml_node_set_attribute (message, "to", to);
  schnack_xml_node_set_attribute (message, "type", "chat");
  schnack_xml_node_set_attribute (message, "id", id);
  schnack_xml_node_set_attribute (schnack_xml_node_add_child (message, marker, SCHNACK_NS_CHAT_MARKERS),
                                  "id", message_id);
  /* Archived, so our devices that were offline learn what we read. */
  schnack_xml_node_add_child (message, "store", "urn:xmpp:hints");
  schnack_connection_send_stanza (connection, message);
}
