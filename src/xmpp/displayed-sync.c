/* displayed-sync.c — what we read, shared through our account (XEP-0490)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One item per chat in a private PEP node on our own account: its id is
 * the chat's bare JID, its payload the stanza-id (by our server) of the
 * newest message we displayed. Our other devices get the change as a
 * PEP notification (we announce the node with +notify); a device that
 * was away reads the whole node when it comes back. Prosody 0.12 takes
 * the publish-options this needs (whitelist access, "max" items).
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

static gboolean
parse_item (SchnackXmlNode  *item,
            const char      *own_bare_jid,
            char           **out_conversation_jid,
            char           **out_stanza_id)
{
  const char *item_id = schnack_xml_node_get_attribute (item, "id");
  SchnackXmlNode *displayed = schnack_xml_node_get_child (item, "displayed", SCHNACK_NS_DISPLAYED_SYNC);
  SchnackXmlNode *id = displayed != NULL ? schnack_xml_node_get_child (displayed, "stanza-id", NS_SID) : NULL;

  if (item_id == NULL || id == NULL || schnack_xml_node_get_attribute (id, "id") == NULL ||
      g_strcmp0 (schnack_xml_node_get_attribute (id, "by"), own_bare_jid) != 0)
    return FALSE;
  *out_conversation_jid = g_strdup (item_id);
  *out_stanza_id = g_strdup (schnack_xml_node_get_attribute (id, "id"));
  return TRUE;
}

static void
on_items (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(SchnackXmlNode) reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source), result, &error);
  const char *own_bare_jid = g_task_get_task_data (task);
  g_autoptr(GHashTable) positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  SchnackXmlNode *pubsub;
  SchnackXmlNode *items;

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  pubsub = schnack_xml_node_get_child (reply, "pubsub", SCHNACK_NS_PUBSUB);
  items = pubsub != NULL ? schnack_xml_node_get_child (pubsub, "items", NULL) : NULL;
  for (guint i = 0; items != NULL && i < schnack_xml_node_get_n_children (items); i++)
    {
      char *jid = NULL;
      char *stanza_id = NULL;

      if (parse_item (schnack_xml_node_get_nth_child (items, i), own_bare_jid, &jid, &stanza_id))
        g_hash_table_replace (positions, jid, stanza_id);
    }
  g_task_return_pointer (task, g_steal_pointer (&positions), (GDestroyNotify) g_hash_table_unref);
}

/**
 * schnack_displayed_sync_fetch_async:
 *
 * Reads every chat's read position from our account's node.
 */
void
schnack_displayed_sync_fetch_async (SchnackConnection   *connection,
                                    const char          *own_bare_jid,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(SchnackXmlNode) iq = schnack_xml_node_new_iq ("get", NULL);
  SchnackXmlNode *items;
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_displayed_sync_fetch_async);
  g_task_set_task_data (task, g_strdup (own_bare_jid), g_free);
  items = schnack_xml_node_add_child (schnack_xml_node_add_child (iq, "pubsub", SCHNACK_NS_PUBSUB),
                                      "items", NULL);
  schnack_xml_node_set_attribute (items, "node", SCHNACK_NS_DISPLAYED_SYNC);
  schnack_connection_send_iq_async (connection, iq, cancellable, on_items, task);
}

/**
 * schnack_displayed_sync_fetch_finish:
 *
 * Returns: (transfer full) (element-type utf8 utf8): chat JID → stanza-id
 *   of the newest message read there; empty if the node does not exist
 */
GHashTable *
schnack_displayed_sync_fetch_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
