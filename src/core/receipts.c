/* receipts.c — "delivered" ticks (XEP-0184)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * We confirm a message's arrival only to contacts who may see our
 * presence anyway (subscription "from" or "both"): a receipt tells the
 * sender we are online, which strangers should not learn. A receipt for
 * one of our messages moves it to DELIVERED; the store only ever moves a
 * state forward, so a late receipt cannot undo "read".
 */
#include "config.h"

#include "core/receipts.h"
#include "xmpp/stanza-util.h"

#define NS_RECEIPTS "urn:xmpp:receipts"

/**
 * schnack_receipts_answer:
 *
 * Returns: whether a receipt was sent
 */
gboolean
schnack_receipts_answer (SchnackConnection            *connection,
                         SchnackContactList           *contacts,
                         const SchnackIncomingMessage *message)
{
  g_autoptr(SchnackXmlNode) receipt = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *id = NULL;
  SchnackContact *contact;
  SchnackSubscription subscription;

  if (!message->receipt_requested || message->id == NULL || message->outgoing ||
      message->carbon || message->archive_query != NULL || message->delayed ||
      g_strcmp0 (message->type, "groupchat") == 0)
    return FALSE;

  bare = schnack_jid_dup_bare (message->from);
  contact = schnack_contact_list_find (contacts, bare);
  if (contact == NULL)
    return FALSE;
  subscription = schnack_contact_get_subscription (contact);
  if (subscription != SCHNACK_SUBSCRIPTION_FROM && subscription != SCHNACK_SUBSCRIPTION_BOTH)
    return FALSE;

  receipt = schnack_xml_node_new ("message", NULL);
  schnack_xml_node_set_attribute (receipt, "to", message->from);
  id = g_uuid_string_random ();
  schnack_xml_node_set_attribute (receipt, "id", id);
  schnack_xml_node_set_attribute (schnack_xml_node_add_child (receipt, "received", NS_RECEIPTS), "id", message->id);
  schnack_connection_send_stanza (connection, receipt);
  return TRUE;
}

/**
 * schnack_receipts_apply:
 * @stanza: a message that may carry <received/>
 *
 * Returns: the id of the message now marked delivered, or 0
 */
gint64
schnack_receipts_apply (SchnackStore         *store,
                        gint64                account_id,
                        const SchnackXmlNode *stanza)
{
  SchnackXmlNode *received = schnack_xml_node_get_child (stanza, "received", NS_RECEIPTS);
  const char *id = received != NULL ? schnack_xml_node_get_attribute (received, "id") : NULL;
  g_autofree char *from = schnack_jid_dup_bare (schnack_xml_node_get_attribute (stanza, "from"));
  g_autoptr(SchnackMessageRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  if (id == NULL || from == NULL)
    return 0;
  /* Looked up in that conversation only: nobody else can tick ours. */
  record = schnack_store_find_message_by_message_id (store, account_id, from, id, &error);
  if (record == NULL || record->direction != SCHNACK_MESSAGE_DIRECTION_OUTGOING)
    return 0;
  if (!schnack_store_set_delivery_state (store, record->id, SCHNACK_DELIVERY_STATE_DELIVERED, &error))
    {
      g_warning ("Could not record a delivery receipt: %s", error->message);
      return 0;
    }
  return record->id;
}
