/* message-changes.c — corrections, reactions, retractions and markers that arrive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each of these names an earlier message of the same chat by id. Only
 * the author of a message may correct (XEP-0308) or withdraw (XEP-0424)
 * it: anybody else naming its id is ignored, and so is a change to a
 * message we do not have. In a room the author is the occupant's nick
 * (ours: our JID), compared exactly, since "anna" is not "Anna" there,
 * and, where the room gives one, its occupant id (XEP-0421). A
 * reaction (XEP-0444) carries the sender's whole set. A chat marker (XEP-0333) from the peer moves our messages
 * forward to delivered or read; a "displayed" from another of our own
 * devices (a carbon, or our archive) means we read the chat there.
 *
 * Nothing here makes a new row, so none of it can raise an unread count
 * or start a conversation.
 */
#include "config.h"

#include "core/message-changes.h"

#include <string.h>

void
schnack_message_change_clear (SchnackMessageChange *change)
{
  g_clear_pointer (&change->updated, g_array_unref);
  g_clear_pointer (&change->delivered, g_array_unref);
}

static SchnackMessageRecord *
find_target (SchnackStore  *store,
             gint64         account_id,
             const char    *conversation_jid,
             const char    *reference,
             GError       **error)
{
  return schnack_store_find_message_by_reference (store, account_id, conversation_jid, reference, error);
}

/* Both sides also have to agree on who is us: an occupant may call
 * itself by our JID. */
static gboolean
same_author (const SchnackMessageRecord   *target,
             const char                   *sender,
             const SchnackIncomingMessage *message)
{
  if (target->sender == NULL || sender == NULL ||
      (target->direction == SCHNACK_MESSAGE_DIRECTION_OUTGOING) != !!message->outgoing)
    return FALSE;
  /* In a room also the same person behind the nick, where the room
   * tells (XEP-0421): a nick can be taken by someone else later. */
  if (target->conversation_kind == SCHNACK_CONVERSATION_KIND_GROUPCHAT)
    return g_str_equal (target->sender, sender) &&
           (target->occupant_id == NULL || g_strcmp0 (target->occupant_id, message->occupant_id) == 0);
  return g_ascii_strcasecmp (target->sender, sender) == 0;
}

static void
note_updated (SchnackMessageChange *change,
              gint64                row_id)
{
  g_array_append_val (change->updated, row_id);
}

static gboolean
apply_retraction (SchnackStore                 *store,
                  gint64                        account_id,
                  const char                   *conversation_jid,
                  const char                   *sender,
                  const SchnackIncomingMessage *message,
                  SchnackMessageChange         *change,
                  GError                      **error)
{
  g_autoptr(SchnackMessageRecord) target = find_target (store, account_id, conversation_jid,
                                                        message->retract_id, error);

  change->consumed = TRUE;  /* its body is only a fallback text */
  if (target == NULL)
    return error == NULL || *error == NULL;
  if (!same_author (target, sender, message) || target->retracted)
    return TRUE;
  if (!schnack_store_retract_message (store, target->id, error))
    return FALSE;
  note_updated (change, target->id);
  return TRUE;
}

static gboolean
apply_correction (SchnackStore                 *store,
                  gint64                        account_id,
                  const char                   *conversation_jid,
                  const char                   *sender,
                  const SchnackIncomingMessage *message,
                  SchnackMessageChange         *change,
                  GError                      **error)
{
  g_autoptr(SchnackMessageRecord) target = find_target (store, account_id, conversation_jid,
                                                        message->replace_id, error);

  /* The original never reached us: keep the text as a message. */
  if (target == NULL)
    return error == NULL || *error == NULL;
  change->consumed = TRUE;
  if (!same_author (target, sender, message) || target->retracted || g_strcmp0 (target->body, message->body) == 0)
    return TRUE;
  if (!schnack_store_correct_message (store, target->id, message->body, error))
    return FALSE;
  note_updated (change, target->id);
  return TRUE;
}

static gboolean
apply_reactions (SchnackStore                 *store,
                 gint64                        account_id,
                 const char                   *conversation_jid,
                 const char                   *sender,
                 const SchnackIncomingMessage *message,
                 SchnackMessageChange         *change,
                 GError                      **error)
{
  g_autoptr(SchnackMessageRecord) target = find_target (store, account_id, conversation_jid,
                                                        message->reactions_to, error);

  change->consumed = TRUE;
  if (target == NULL)
    return error == NULL || *error == NULL;
  if (target->retracted)
    return TRUE;
  if (!schnack_store_set_reactions (store, target->id, sender,
                                    (const char * const *) message->reactions, error))
    return FALSE;
  note_updated (change, target->id);
  return TRUE;
}

static gboolean
apply_marker (SchnackStore                 *store,
              gint64                        account_id,
              const char                   *conversation_jid,
              const SchnackIncomingMessage *message,
              SchnackMessageChange         *change,
              GError                      **error)
{
  g_autoptr(SchnackMessageRecord) target = find_target (store, account_id, conversation_jid,
                                                        message->marker_id, error);
  gboolean displayed = g_str_equal (message->marker, "displayed");

  if (target == NULL)
    return error == NULL || *error == NULL;

  if (message->outgoing)
    {
      /* Sent by another device of ours: we read up to there. */
      if (displayed && target->direction == SCHNACK_MESSAGE_DIRECTION_INCOMING)
        change->read_up_to = target->sent_at;
      return TRUE;
    }

  if (target->direction != SCHNACK_MESSAGE_DIRECTION_OUTGOING)
    return TRUE;
  change->delivery_state = displayed || g_str_equal (message->marker, "acknowledged")
                           ? SCHNACK_DELIVERY_STATE_READ : SCHNACK_DELIVERY_STATE_DELIVERED;
  g_clear_pointer (&change->delivered, g_array_unref);
  change->delivered = schnack_store_advance_delivery_up_to (store, target->id, change->delivery_state, error);
  return change->delivered != NULL;
}

/**
 * schnack_message_change_apply:
 * @conversation_jid: the chat @message belongs to (bare JID)
 * @sender: who wrote @message (bare JID; ours for our other devices; in
 *   a room the occupant's nick, ours our JID, with @message->outgoing set)
 * @change: (out caller-allocates): what changed; clear it afterwards
 *
 * Returns: %FALSE only if the database failed
 */
gboolean
schnack_message_change_apply (SchnackStore                 *store,
                              gint64                        account_id,
                              const char                   *conversation_jid,
                              const char                   *sender,
                              const SchnackIncomingMessage *message,
                              SchnackMessageChange         *change,
                              GError                      **error)
{
  g_return_val_if_fail (SCHNACK_IS_STORE (store), FALSE);
  g_return_val_if_fail (conversation_jid != NULL && message != NULL && change != NULL, FALSE);

  memset (change, 0, sizeof *change);
  change->updated = g_array_new (FALSE, FALSE, sizeof (gint64));
  change->delivered = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* Without a body it can only be one of the kinds below. */
  change->consumed = message->body == NULL;

  if (message->retract_id != NULL)
    return apply_retraction (store, account_id, conversation_jid, sender, message, change, error);
  if (message->replace_id != NULL && message->body != NULL &&
      !apply_correction (store, account_id, conversation_jid, sender, message, change, error))
    return FALSE;
  if (message->reactions_to != NULL &&
      !apply_reactions (store, account_id, conversation_jid, sender, message, change, error))
    return FALSE;
  if (message->marker != NULL &&
      !apply_marker (store, account_id, conversation_jid, message, change, error))
    return FALSE;
  return TRUE;
}
