/* chat-states.c — "is typing…" (XEP-0085)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only the five states of the specification are accepted from the
 * network; anything else is ignored rather than shown.
 */
#include "config.h"

#include "xmpp/chat-states.h"

static const char *states[] = { "active", "composing", "paused", "inactive", "gone" };

/**
 * schnack_chat_state_parse:
 * Returns: (nullable): one of the XEP-0085 state names (static)
 */
const char *
schnack_chat_state_parse (const SchnackXmlNode *message)
{
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (schnack_xml_node_get_child (message, states[i], SCHNACK_NS_CHAT_STATES) != NULL)
      return states[i];
  return NULL;
}

void
schnack_chat_state_send (SchnackConnection *connection,
                         const char        *to,
                         const char        *state)
{
  g_autoptr(SchnackXmlNode) message = schnack_xml_node_new ("message", NULL);
  g_autofree char *id = g_uuid_string_random ();
  gboolean known = FALSE;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    known |= g_strcmp0 (state, states[i]) == 0;
  g_return_if_fail (known);

  schnack_xml_node_set_attribute (message, "to", to);
  schnack_xml_node_set_attribute (message, "type", "chat");
  schnack_xml_node_set_attribute (message, "id", id);
  schnack_xml_node_add_child (message, state, SCHNACK_NS_CHAT_STATES);
  /* No archive copy of a typing notice (XEP-0334). */
  schnack_xml_node_add_child (message, "no-store", "urn:xmpp:hints");
  schnack_connection_send_stanza (connection, message);
}
