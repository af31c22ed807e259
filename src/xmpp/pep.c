/* pep.c — personal eventing: publish and fetch on our own account (XEP-0163)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Profile data (avatar, nickname, later OMEMO keys) lives in nodes on
 * the user's own account. We publish with access model "open" where the
 * data is meant for anybody who may write to us (verified-facts: peers
 * without a mutual subscription could not read it otherwise).
 */
#include "config.h"

#include "xmpp/pep.h"

#define NS_DATA_FORMS "jabber:x:data"
#define NS_PUBLISH_OPTIONS "http://jabber.org/protocol/pubsub#publish-options"

/**
 * schnack_pep_publish_with_options_async:
 * @payload: (transfer none): the item's content
 * @options: (array zero-terminated=1) (nullable): pairs of node
 *   configuration field names and values the node must have
 *   (XEP-0060 publish-options), e.g. "pubsub#access_model", "whitelist"
 */
void
schnack_pep_publish_with_options_async (SchnackConnection   *connection,
                                        const char          *node,
                                        const char          *item_id,
                                        SchnackXmlNode      *payload,
                                        const char * const  *options,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(SchnackXmlNode) iq = schnack_xml_node_new_iq ("set", NULL);
  g_autofree char *payload_xml = NULL;
  SchnackXmlNode *pubsub;
  SchnackXmlNode *publish;
  SchnackXmlNode *item;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  g_return_if_fail (node != NULL && payload != NULL);

  pubsub = schnack_xml_node_add_child (iq, "pubsub", SCHNACK_NS_PUBSUB);
  publish = schnack_xml_node_add_child (pubsub, "publish", NULL);
  schnack_xml_node_set_attribute (publish, "node", node);
  item = schnack_xml_node_add_child (publish, "item", NULL);
  if (item_id != NULL)
    schnack_xml_node_set_attribute (item, "id", item_id);
  /* A copy: the caller keeps its node, which is already parented. */
  payload_xml = schnack_xml_node_to_string (payload);
  schnack_xml_node_append (item, schnack_xml_node_parse (payload_xml, -1, NULL));

  if (options != NULL && options[0] != NULL)
    {
      SchnackXmlNode *publish_options = schnack_xml_node_add_child (pubsub, "publish-options", NULL);
      SchnackXmlNode *x = schnack_xml_node_add_child (publish_options, "x", NS_DATA_FORMS);
      SchnackXmlNode *field;

      schnack_xml_node_set_attribute (x, "type", "submit");
      field = schnack_xml_node_add_child (x, "field", NULL);
      schnack_xml_node_set_attribute (field, "var", "FORM_TYPE");
      schnack_xml_node_set_attribute (field, "type", "hidden");
      schnack_xml_node_add_text_child (field, "value", NS_PUBLISH_OPTIONS);
      for (guint i = 0; options[i] != NULL && options[i + 1] != NULL; i += 2)
        {
          field = schnack_xml_node_add_child (x, "field", NULL);
          schnack_xml_node_set_attribute (field, "var", options[i]);
          schnack_xml_node_add_text_child (field, "value", options[i + 1]);
        }
    }

  schnack_connection_send_iq_checked_async (connection, iq, cancellable, callback, user_data,
                                            schnack_pep_publish_async);
}

/**
 * schnack_pep_publish_async:
 * @payload: (transfer none): the item's content
 * @open_access: anybody may read it (else only contacts who see our
 *   presence, the server's default)
 */
void
schnack_pep_publish_async (SchnackConnection   *connection,
                           const char          *node,
                           const char          *item_id,
                           SchnackXmlNode      *payload,
                           gboolean             open_access,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  static const char * const open[] = { "pubsub#access_model", "open", NULL };

  schnack_pep_publish_with_options_async (connection, node, item_id, payload, open_access ? open : NULL,
                                          cancellable, callback, user_data);
}

gboolean
schnack_pep_publish_finish (GAsyncResult  *result,
                            GError       **error)
{
  return schnack_connection_send_iq_checked_finish (result, error);
}

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(SchnackXmlNode) reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source), result, &error);
  SchnackXmlNode *pubsub;
  SchnackXmlNode *items;
  SchnackXmlNode *item;

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  pubsub = schnack_xml_node_get_child (reply, "pubsub", SCHNACK_NS_PUBSUB);
  items = pubsub != NULL ? schnack_xml_node_get_child (pubsub, "items", NULL) : NULL;
  item = items != NULL ? schnack_xml_node_get_child (items, "item", NULL) : NULL;
  if (item == NULL || schnack_xml_node_get_n_children (item) == 0)
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_pointer (task, schnack_xml_node_ref (schnack_xml_node_get_nth_child (item, 0)),
                           (GDestroyNotify) schnack_xml_node_unref);
}

/**
 * schnack_pep_fetch_async:
 * @jid: whose node (a bare JID)
 * @item_id: (nullable): one item; %NULL for the latest
 */
void
schnack_pep_fetch_async (SchnackConnection   *connection,
                         const char          *jid,
                         const char          *node,
                         const char          *item_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(SchnackXmlNode) iq = schnack_xml_node_new_iq ("get", jid);
  SchnackXmlNode *items;
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  g_return_if_fail (jid != NULL && node != NULL);

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_pep_fetch_async);
  items = schnack_xml_node_add_child (schnack_xml_node_add_child (iq, "pubsub", SCHNACK_NS_PUBSUB),
                                      "items", NULL);
  schnack_xml_node_set_attribute (items, "node", node);
  if (item_id != NULL)
    schnack_xml_node_set_attribute (schnack_xml_node_add_child (items, "item", NULL), "id", item_id);
  else
    schnack_xml_node_set_attribute (items, "max_items", "1");
  schnack_connection_send_iq_async (connection, iq, cancellable, on_fetched, task);
}

/**
 * schnack_pep_fetch_finish:
 * Returns: (transfer full) (nullable): the item's payload, %NULL if none
 */
SchnackXmlNode *
schnack_pep_fetch_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * schnack_pep_event_first_item:
 * Returns: (transfer none) (nullable): the payload of the event's first
 *   item (%NULL for a retraction or an empty item)
 */
SchnackXmlNode *
schnack_pep_event_first_item (const SchnackXmlNode  *message,
                              const char           **out_item_id)
{
  SchnackXmlNode *event = schnack_xml_node_get_child (message, "event", SCHNACK_NS_PUBSUB_EVENT);
  SchnackXmlNode *items = event != NULL ? schnack_xml_node_get_child (event, "items", NULL) : NULL;
  SchnackXmlNode *item = items != NULL ? schnack_xml_node_get_child (items, "item", NULL) : NULL;

  if (out_item_id != NULL)
    *out_item_id = item != NULL ? schnack_xml_node_get_attribute (item, "id") : NULL;
  if (item == NULL || schnack_xml_node_get_n_children (item) == 0)
    return NULL;
  return schnack_xml_node_get_nth_child (item, 0);
}
