/* displayed-sync.c — what we read, shared through our account (XEP-0490)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One item per chat in a private PEP node on our own account: its id is
 * the chat's bare JID, its payload the stanza-id (by our server) of the
 * newest message we displayed. Our other devices get the change as a
 * PEP notification (we announce the node with +notify). Prosody 0.12
 * takes the publish-options this needs (whitelist access, "max" items).
 */
#include "config.h"

#include "xmpp/displayed-sync.h"
#include "xmpp/pep.h"

#define NS_SID "urn:xmpp:sid:0"

/**
 * schnack_displayed_sync_publish_async:
 * @stanza_id: the stanza-id our server gave the newest message read
 * @stanza_id_by: who gave it (our bare JID)
 */
void
schnack_displayed_sync_publish_async (SchnackConnection   *connection,
                                      const char          *conversation_jid,
                                      const char          *stanza_id,
                                      const char          *stanza_id_by,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  static const char * const options[] = {
    "pubsub#persist_items", "true",
    "pubsub#max_items", "max",
    "pubsub#send_last_published_item", "never",
    "pubsub#access_model", "whitelist",
    NULL
  };
  g_autoptr(SchnackXmlNode) displayed = schnack_xml_node_new ("displayed", SCHNACK_NS_DISPLAYED_SYNC);
  SchnackXmlNode *id = schnack_xml_node_add_child (displayed, "stanza-id", NS_SID);

  schnack_xml_node_set_attribute (id, "id", stanza_id);
  schnack_xml_node_set_attribute (id, "by", stanza_id_by);
  schnack_pep_publish_with_options_async (connection, SCHNACK_NS_DISPLAYED_SYNC, conversation_jid,
                                          displayed, options, cancellable, callback, user_data);
}

gboolean
schnack_displayed_sync_publish_finish (GAsyncResult  *result,
                                       GError       **error)
{
  return schnack_pep_publish_finish (result, error);
}

/**
 * schnack_displayed_sync_parse_event:
 * @message: a pubsub event of the displayed-sync node
 *
 * Only our own account may tell us what we read: a notification from
 * anyone else is refused.
 *
 * Returns: %TRUE with both out values set (free them)
 */
gboolean
schnack_displayed_sync_parse_event (const SchnackXmlNode  *message,
                                    const char            *own_bare_jid,
                                    char                 **out_conversation_jid,
                                    char                 **out_stanza_id)
{
  const char *from = schnack_xml_node_get_attribute (message, "from");
  const char *item_id = NULL;
  SchnackXmlNode *displayed = schnack_pep_event_first_item (message, &item_id);
  SchnackXmlNode *id;

  if (from != NULL && (own_bare_jid == NULL || g_ascii_strcasecmp (from, own_bare_jid) != 0))
    return FALSE;
  if (displayed == NULL || item_id == NULL ||
      g_strcmp0 (schnack_xml_node_get_name (displayed), "displayed") != 0 ||
      g_strcmp0 (schnack_xml_node_get_xmlns (displayed), SCHNACK_NS_DISPLAYED_SYNC) != 0)
    return FALSE;
  id = schnack_xml_node_get_child (displayed, "stanza-id", NS_SID);
  if (id == NULL || schnack_xml_node_get_attribute (id, "id") == NULL ||
      g_strcmp0 (schnack_xml_node_get_attribute (id, "by"), own_bare_jid) != 0)
    return FALSE;
  *out_conversation_jid = g_strdup (item_id);
  *out_stanza_id = g_strdup (schnack_xml_node_get_attribute (id, "id"));
  return TRUE;
}
