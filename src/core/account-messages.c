/* account-messages.c — corrections, replies, reactions, retractions, read markers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The account's side of what happens to a message after it was written:
 * what arrives is applied to history (core/message-changes.c) and
 * announced with SchnackAccount::message-updated; what the user does
 * goes through the outbox like any message, so it is stored before it is
 * sent and sent until the server has it. History is changed locally at
 * once: the user sees their edit even while offline.
 *
 * Read state is shared with our other devices in two ways: the
 * "displayed" chat marker (XEP-0333), which the server copies to them as
 * a carbon, and, where the server takes the needed publish-options,
 * XEP-0490 (a PEP node, which also reaches chats that do not ask for
 * markers).
 */
#include "config.h"

#include "core/account-private.h"
#include "core/archive-sync.h"
#include "core/message-changes.h"
#include "core/room-list.h"
#include "store/conversations.h"
#include "xmpp/chat-markers.h"
#include "xmpp/disco.h"
#include "xmpp/displayed-sync.h"
#include "xmpp/stanza-util.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define NS_PUBLISH_OPTIONS "http://jabber.org/protocol/pubsub#publish-options"

struct _SchnackAccountMessages {
  SchnackAccount *account;          /* not owned: it owns us */
  GCancellable   *cancellable;
  gboolean        displayed_sync;   /* our server can hold XEP-0490's node */
  gboolean        fetch_pending;    /* read the node once this session's catch-up is done */
  GHashTable     *displayed_sent;   /* chat JID → (gint64 *) row whose marker went out */
  GHashTable     *displayed_synced; /* chat JID → stanza-id last published (XEP-0490) */
  GHashTable     *displayed_pending; /* chat JIDs read while offline */
  gboolean        features_pending; /* online, but the server's features not known yet */
};

static void announce_pending (SchnackAccountMessages *self);

static SchnackStore *
store_of (SchnackAccountMessages *self)
{
  return schnack_account_get_store (self->account);
}

static gint64
account_id_of (SchnackAccountMessages *self)
{
  return schnack_account_get_id (self->account);
}

static void
read_up_to (SchnackAccountMessages *self,
            const char             *conversation_jid,
            gint64                  sent_at)
{
  g_autoptr(GError) error = NULL;

  if (!schnack_store_mark_conversation_read_up_to (store_of (self), account_id_of (self),
                                                   conversation_jid, sent_at, &error))
    {
      g_warning ("Could not mark %s as read: %s", conversation_jid, error->message);
      return;
    }
  schnack_conversation_list_refresh (schnack_account_get_conversations (self->account), conversation_jid);
}

/* Whether @message refers to earlier ones (and must wait for them). */
gboolean
schnack_account_messages_is_change (const SchnackIncomingMessage *message)
{
  return message->replace_id != NULL || message->reactions_to != NULL ||
         message->retract_id != NULL || message->marker != NULL;
}

/**
 * schnack_account_messages_apply_in:
 * @message: an incoming change (see schnack_account_messages_is_change())
 * @conversation_jid: the chat or room it was made in
 * @sender: who made it, as history names the senders of that chat
 *
 * Returns: %TRUE if @message only changed earlier ones (nothing new to
 *   store)
 */
gboolean
schnack_account_messages_apply_in (SchnackAccountMessages       *self,
                                   const SchnackIncomingMessage *message,
                                   const char                   *conversation_jid,
                                   const char                   *sender)
{
  g_auto(SchnackMessageChange) change = { 0, };
  g_autoptr(GError) error = NULL;

  if (!schnack_message_change_apply (store_of (self), account_id_of (self), conversation_jid, sender,
                                     message, &change, &error))
    {
      g_warning ("Could not apply a change to a message from %s: %s", conversation_jid, error->message);
      return message->body == NULL;
    }

  for (guint i = 0; i < change.updated->len; i++)
    schnack_account_emit_message_updated (self->account, g_array_index (change.updated, gint64, i),
                                          conversation_jid);
  for (guint i = 0; i < change.delivered->len; i++)
    {
      gint64 row_id = g_array_index (change.delivered, gint64, i);

      schnack_account_emit_delivery_changed (self->account, row_id, (int) change.delivery_state);
      schnack_account_emit_message_updated (self->account, row_id, conversation_jid);
    }
  if (change.updated->len > 0)
    schnack_conversation_list_refresh (schnack_account_get_conversations (self->account), conversation_jid);
  if (change.read_up_to > 0)
    read_up_to (self, conversation_jid, change.read_up_to);
  return change.consumed;
}

/**
 * schnack_account_messages_apply:
 * @message: an incoming one-to-one message, carbon or archive copy
 *
 * Returns: %TRUE if @message only changed earlier ones (nothing new to
 *   store)
 */
gboolean
schnack_account_messages_apply (SchnackAccountMessages       *self,
                                const SchnackIncomingMessage *message)
{
  g_autofree char *conversation_jid = NULL;
  g_autofree char *sender = NULL;

  if (!schnack_account_messages_is_change (message))
    return FALSE;

  conversation_jid = schnack_jid_dup_bare (message->outgoing ? message->to : message->from);
  sender = message->outgoing ? g_strdup (schnack_account_get_jid (self->account))
                             : schnack_jid_dup_bare (message->from);
  if (conversation_jid == NULL)
    return TRUE;
  return schnack_account_messages_apply_in (self, message, conversation_jid, sender);
}

/* A reply names its message by id; who wrote that comes along (or from
 * the message, if we have it). */
void
schnack_account_messages_fill_reply (SchnackAccountMessages       *self,
                                     const SchnackIncomingMessage *message,
                                     SchnackMessageRecord         *record)
{
  record->markable = message->markable;
  if (message->reply_to_id == NULL)
    return;
  record->reply_to_id = g_strdup (message->reply_to_id);
  record->reply_to_sender = schnack_jid_dup_bare (message->reply_to_jid);
  if (record->reply_to_sender == NULL)
    {
      g_autoptr(SchnackMessageRecord) quoted =
        schnack_store_find_message_by_reference (store_of (self), account_id_of (self),
                                                 record->conversation_jid, message->reply_to_id, NULL);

      if (quoted != NULL)
        record->reply_to_sender = g_strdup (quoted->sender);
    }
}

/* The outbox moved one of ours: the chat view shows the new tick. */
void
schnack_account_messages_note_delivery (SchnackAccountMessages *self,
                                        gint64                  row_id)
{
  g_autoptr(SchnackMessageRecord) record = schnack_store_get_message (store_of (self), row_id, NULL);

  if (record != NULL && record->action == SCHNACK_MESSAGE_ACTION_NONE)
    schnack_account_emit_message_updated (self->account, row_id, record->conversation_jid);
}

typedef struct {
  SchnackAccountMessages *self;        /* valid while cancellable is not cancelled */
  GCancellable           *cancellable;
  GHashTable             *positions;
} Positions;

static void
positions_free (Positions *positions)
{
  g_object_unref (positions->cancellable);
  g_hash_table_unref (positions->positions);
  g_free (positions);
}

static void
apply_positions (gpointer user_data)
{
  Positions *positions = user_data;
  SchnackAccountMessages *self = positions->self;
  GHashTableIter iter;
  gpointer jid, stanza_id;

  if (g_cancellable_is_cancelled (positions->cancellable))
    return;
  g_hash_table_iter_init (&iter, positions->positions);
  while (g_hash_table_iter_next (&iter, &jid, &stanza_id))
    {
      g_autoptr(SchnackMessageRecord) record =
        schnack_store_find_message_by_reference (store_of (self), account_id_of (self), jid, stanza_id, NULL);

      if (record != NULL)
        read_up_to (self, jid, record->sent_at);
    }
}

static void
on_positions_fetched (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GHashTable *fetched = schnack_displayed_sync_fetch_finish (result, &error);
  Positions *positions;

  if (fetched == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No read positions from XEP-0490: %s", error->message);
      return;
    }
  positions = g_new0 (Positions, 1);
  positions->self = user_data;
  positions->cancellable = g_object_ref (positions->self->cancellable);
  positions->positions = fetched;
  /* The messages named may still wait in the ingest queue. */
  schnack_message_ingest_when_stored (schnack_account_get_ingest (positions->self->account),
                                      apply_positions, positions, (GDestroyNotify) positions_free);
}

/* What we read elsewhere while away names messages by stanza-id: read
 * it once the archive catch-up has brought those messages in. */
static void
maybe_fetch_positions (SchnackAccountMessages *self)
{
  SchnackConnection *connection = schnack_account_get_connection (self->account);

  if (!self->fetch_pending || !self->displayed_sync ||
      schnack_archive_sync_get_running (schnack_account_get_archive_sync (self->account)) ||
      schnack_connection_get_state (connection) != SCHNACK_CONNECTION_ONLINE)
    return;
  self->fetch_pending = FALSE;
  schnack_displayed_sync_fetch_async (connection, schnack_account_get_jid (self->account),
                                      self->cancellable, on_positions_fetched, self);
}

static void
on_own_info (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackDiscoInfo) info = schnack_disco_info_finish (result, &error);
  SchnackAccountMessages *self = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->displayed_sync = info != NULL && schnack_disco_info_has_feature (info, NS_PUBLISH_OPTIONS);
  self->features_pending = FALSE;
  g_debug ("Read state through XEP-0490: %s", self->displayed_sync ? "yes" : "no");
  announce_pending (self);
  maybe_fetch_positions (self);
}

/* A new session: does our server take publish-options (XEP-0490 needs
 * them to keep the node private and unbounded)? */
void
schnack_account_messages_online (SchnackAccountMessages *self)
{
  SchnackConnection *connection = schnack_account_get_connection (self->account);

  self->fetch_pending = TRUE;
  self->features_pending = TRUE;
  schnack_disco_info_async (connection, schnack_account_get_jid (self->account), NULL,
                            self->cancellable, on_own_info, self);
}

static void
on_displayed_sync_event (SchnackAccountMessages *self,
                         SchnackXmlNode         *stanza)
{
  g_autofree char *conversation_jid = NULL;
  g_autofree char *stanza_id = NULL;
  g_autoptr(SchnackMessageRecord) record = NULL;

  if (!schnack_displayed_sync_parse_event (stanza, schnack_account_get_jid (self->account),
                                           &conversation_jid, &stanza_id))
    return;
  record = schnack_store_find_message_by_reference (store_of (self), account_id_of (self),
                                                    conversation_jid, stanza_id, NULL);
  if (record != NULL)
    read_up_to (self, conversation_jid, record->sent_at);
}

SchnackAccountMessages *
schnack_account_messages_new (SchnackAccount *account)
{
  SchnackAccountMessages *self = g_new0 (SchnackAccountMessages, 1);

  self->account = account;
  self->cancellable = g_cancellable_new ();
  self->displayed_sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->displayed_synced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->displayed_pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect_swapped (schnack_account_get_connection (account),
                            "pubsub-event::" SCHNACK_NS_DISPLAYED_SYNC,
                            G_CALLBACK (on_displayed_sync_event), self);
  g_signal_connect_swapped (schnack_account_get_archive_sync (account), "notify::running",
                            G_CALLBACK (maybe_fetch_positions), self);
  return self;
}

void
schnack_account_messages_free (SchnackAccountMessages *self)
{
  if (self == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_object_unref (self->cancellable);
  g_signal_handlers_disconnect_by_data (schnack_account_get_connection (self->account), self);
  g_signal_handlers_disconnect_by_data (schnack_account_get_archive_sync (self->account), self);
  g_hash_table_unref (self->displayed_sent);
  g_hash_table_unref (self->displayed_synced);
  g_hash_table_unref (self->displayed_pending);
  g_free (self);
}

/* ------------------------------------------------------------------ */
/* What the user does                                                 */

static SchnackMessageRecord *
get_message (SchnackAccount  *self,
             gint64           row_id,
             GError         **error)
{
  SchnackMessageRecord *record = schnack_store_get_message (schnack_account_get_store (self), row_id, error);

  if (record == NULL && (error == NULL || *error == NULL))
    g_set_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_NOT_FOUND,
                 _("The message is no longer in the history."));
  if (record != NULL && (record->account_id != schnack_account_get_id (self) ||
                         record->action != SCHNACK_MESSAGE_ACTION_NONE))
    {
      g_clear_pointer (&record, schnack_message_record_free);
      g_set_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_NOT_FOUND,
                   _("The message is no longer in the history."));
    }
  return record;
}

static gboolean
check_own (const SchnackMessageRecord  *record,
           GError                     **error)
{
  if (record->direction == SCHNACK_MESSAGE_DIRECTION_OUTGOING && !record->retracted)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
               record->retracted ? _("This message was already deleted for everyone.")
                                 : _("Only your own messages can be changed."));
  return FALSE;
}

/* How others name a message: in a one-to-one chat its id attribute
 * (ours is the origin-id too), in a room the room's stanza-id. */
static const char *
chat_reference (const SchnackMessageRecord *record)
{
  if (record->conversation_kind == SCHNACK_CONVERSATION_KIND_GROUPCHAT)
    return record->stanza_id;
  if (record->message_id != NULL)
    return record->message_id;
  return record->origin_id != NULL ? record->origin_id : record->stanza_id;
}

static gboolean
check_reference (const char  *reference,
                 GError     **error)
{
  if (reference != NULL)
    return TRUE;
  /* A room message the room has not given its id to (not echoed yet). */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("This message cannot be answered or changed yet."));
  return FALSE;
}

/* A room refuses messages from outside: those wait for the (re)join. */
static gboolean
may_send_now (SchnackAccount             *self,
              const SchnackMessageRecord *target)
{
  SchnackRoom *room;

  if (target->conversation_kind != SCHNACK_CONVERSATION_KIND_GROUPCHAT)
    return TRUE;
  room = schnack_room_list_find (schnack_account_get_rooms (self), target->conversation_jid);
  return room != NULL && schnack_room_get_state (room) == SCHNACK_ROOM_STATE_JOINED;
}

static gboolean
send_action (SchnackAccount              *self,
             const SchnackMessageRecord  *target,
             SchnackMessageAction         action,
             const char                  *target_id,
             const char                  *body,
             GError                     **error)
{
  g_autoptr(SchnackMessageRecord) record = schnack_message_record_new ();

  if (!check_reference (target_id, error))
    return FALSE;
  record->conversation_jid = g_strdup (target->conversation_jid);
  record->conversation_kind = target->conversation_kind;
  record->body = g_strdup (body);
  record->action = action;
  record->action_target = g_strdup (target_id);
  return schnack_outbox_send_record (schnack_account_get_outbox (self), record,
                                     may_send_now (self, target), error);
}

static void
changed_locally (SchnackAccount             *self,
                 const SchnackMessageRecord *record)
{
  schnack_account_emit_message_updated (self, record->id, record->conversation_jid);
  schnack_conversation_list_refresh (schnack_account_get_conversations (self), record->conversation_jid);
}

/**
 * schnack_account_send_correction:
 * @message_row_id: one of our messages
 * @new_body: what it should say
 *
 * Corrects it here and for the peer (XEP-0308). Corrections of a
 * corrected message still name the first one, as other clients expect.
 */
gboolean
schnack_account_send_correction (SchnackAccount  *self,
                                 gint64           message_row_id,
                                 const char      *new_body,
                                 GError         **error)
{
  g_autoptr(SchnackMessageRecord) target = NULL;

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (new_body != NULL, FALSE);

  target = get_message (self, message_row_id, error);
  if (target == NULL || !check_own (target, error))
    return FALSE;
  if (g_strcmp0 (target->body, new_body) == 0)
    return TRUE;
  /* XEP-0308 names the message by its id attribute, in rooms too. */
  if (!send_action (self, target, SCHNACK_MESSAGE_ACTION_CORRECTION,
                    target->message_id != NULL ? target->message_id : target->origin_id, new_body, error) ||
      !schnack_store_correct_message (schnack_account_get_store (self), target->id, new_body, error))
    return FALSE;
  changed_locally (self, target);
  return TRUE;
}

/**
 * schnack_account_send_reply:
 * @reply_to_row_id: the message answered
 * @out_message_id: (out) (optional): the stored reply
 *
 * Sends @body as a reply (XEP-0461); clients without replies see the
 * answered message quoted above it.
 */
gboolean
schnack_account_send_reply (SchnackAccount  *self,
                            gint64           reply_to_row_id,
                            const char      *body,
                            gint64          *out_message_id,
                            GError         **error)
{
  g_autoptr(SchnackMessageRecord) target = NULL;
  g_autoptr(SchnackMessageRecord) record = schnack_message_record_new ();

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  target = get_message (self, reply_to_row_id, error);
  if (target == NULL || !check_reference (chat_reference (target), error))
    return FALSE;
  record->conversation_jid = g_strdup (target->conversation_jid);
  record->conversation_kind = target->conversation_kind;
  record->body = g_strdup (body);
  record->reply_to_id = g_strdup (chat_reference (target));
  record->reply_to_sender = g_strdup (target->sender);
  if (!schnack_outbox_send_record (schnack_account_get_outbox (self), record,
                                   may_send_now (self, target), error))
    return FALSE;
  if (out_message_id != NULL)
    *out_message_id = record->id;
  schnack_conversation_list_refresh (schnack_account_get_conversations (self), record->conversation_jid);
  schnack_history_feed_message_stored_id (schnack_account_get_history_feed (self), record->id);
  return TRUE;
}

/**
 * schnack_account_send_reactions:
 * @emojis: (array zero-terminated=1) (nullable): our whole set for the
 *   message now; empty or %NULL takes our reactions back
 */
gboolean
schnack_account_send_reactions (SchnackAccount      *self,
                                gint64               message_row_id,
                                const char * const  *emojis,
                                GError             **error)
{
  g_autoptr(SchnackMessageRecord) target = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) set = NULL;
  g_autofree char *joined = NULL;

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), FALSE);

  target = get_message (self, message_row_id, error);
  if (target == NULL)
    return FALSE;
  if (target->retracted)
    return check_own (target, error);

  /* One per line in the outbox row: a reaction never holds a newline. */
  for (guint i = 0; emojis != NULL && emojis[i] != NULL; i++)
    if (*emojis[i] != '\0' && strchr (emojis[i], '\n') == NULL && g_utf8_validate (emojis[i], -1, NULL))
      g_strv_builder_add (builder, emojis[i]);
  set = g_strv_builder_end (builder);
  joined = g_strjoinv ("\n", set);

  if (!send_action (self, target, SCHNACK_MESSAGE_ACTION_REACTIONS, chat_reference (target), joined, error) ||
      !schnack_store_set_reactions (schnack_account_get_store (self), target->id,
                                    schnack_account_get_jid (self), (const char * const *) set, error))
    return FALSE;
  schnack_account_emit_message_updated (self, target->id, target->conversation_jid);
  return TRUE;
}

/**
 * schnack_account_retract_message:
 * @message_row_id: one of our messages
 *
 * "Delete for everyone" (XEP-0424): withdrawn here and on the peer's
 * devices whose clients support it; others see a short explanation.
 */
gboolean
schnack_account_retract_message (SchnackAccount  *self,
                                 gint64           message_row_id,
                                 GError         **error)
{
  g_autoptr(SchnackMessageRecord) target = NULL;
  const char *reference;

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), FALSE);

  target = get_message (self, message_row_id, error);
  if (target == NULL || !check_own (target, error))
    return FALSE;
  reference = target->conversation_kind == SCHNACK_CONVERSATION_KIND_CHAT && target->origin_id != NULL
              ? target->origin_id : chat_reference (target);
  if (!send_action (self, target, SCHNACK_MESSAGE_ACTION_RETRACTION, reference,
                    _("This person attempted to retract a previous message, "
                      "but it's unsupported by your client."), error) ||
      !schnack_store_retract_message (schnack_account_get_store (self), target->id, error))
    return FALSE;
  changed_locally (self, target);
  return TRUE;
}

/**
 * schnack_account_delete_message_locally:
 *
 * Removes a message from this device's history only.
 */
gboolean
schnack_account_delete_message_locally (SchnackAccount  *self,
                                        gint64           message_row_id,
                                        GError         **error)
{
  g_autoptr(SchnackMessageRecord) target = NULL;

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), FALSE);

  target = get_message (self, message_row_id, error);
  if (target == NULL || !schnack_store_delete_message (schnack_account_get_store (self), target->id, error))
    return FALSE;
  schnack_account_emit_message_deleted (self, target->id, target->conversation_jid);
  schnack_conversation_list_refresh (schnack_account_get_conversations (self), target->conversation_jid);
  return TRUE;
}

/* XEP-0490 names the newest message read by our server's stanza-id. */
static SchnackMessageRecord *
newest_with_own_stanza_id (SchnackAccount *self,
                           const char     *conversation_jid)
{
  g_autoptr(GPtrArray) page = schnack_store_list_messages (schnack_account_get_store (self),
                                                           schnack_account_get_id (self),
                                                           conversation_jid, 0, 0, 20, NULL);

  for (guint i = page != NULL ? page->len : 0; i > 0; i--)
    {
      SchnackMessageRecord *record = g_ptr_array_index (page, i - 1);

      if (record->stanza_id != NULL &&
          g_strcmp0 (record->stanza_id_by, schnack_account_get_jid (self)) == 0)
        return schnack_message_record_copy (record);
    }
  return NULL;
}

static void
on_displayed_sync_published (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!schnack_displayed_sync_publish_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not share the read position: %s", error->message);
}

/* Tells the peer and our other devices what we have read in the chat. */
static void
announce_displayed (SchnackAccountMessages *messages,
                    const char             *conversation_jid)
{
  SchnackAccount *self = messages->account;
  SchnackConnection *connection = schnack_account_get_connection (self);
  g_autoptr(SchnackMessageRecord) markable = NULL;
  g_autoptr(SchnackMessageRecord) newest = NULL;
  gint64 *sent_for;

  markable = schnack_store_find_newest_markable (schnack_account_get_store (self), schnack_account_get_id (self),
                                                 conversation_jid, NULL);
  sent_for = g_hash_table_lookup (messages->displayed_sent, conversation_jid);
  if (markable != NULL && chat_reference (markable) != NULL &&
      (sent_for == NULL || *sent_for != markable->id) &&
      schnack_contact_list_find (schnack_account_get_contacts (self), conversation_jid) != NULL)
    {
      schnack_chat_marker_send (connection, conversation_jid, "displayed", chat_reference (markable));
      g_hash_table_replace (messages->displayed_sent, g_strdup (conversation_jid),
                            g_memdup2 (&markable->id, sizeof markable->id));
    }

  if (messages->displayed_sync &&
      (newest = newest_with_own_stanza_id (self, conversation_jid)) != NULL &&
      g_strcmp0 (g_hash_table_lookup (messages->displayed_synced, conversation_jid), newest->stanza_id) != 0)
    {
      schnack_displayed_sync_publish_async (connection, conversation_jid, newest->stanza_id,
                                            newest->stanza_id_by, messages->cancellable,
                                            on_displayed_sync_published, NULL);
      g_hash_table_replace (messages->displayed_synced, g_strdup (conversation_jid),
                            g_strdup (newest->stanza_id));
    }
}

/* Chats read while we were offline: told once we know what the server
 * offers (XEP-0490 or not). */
static void
announce_pending (SchnackAccountMessages *self)
{
  g_autoptr(GHashTable) pending = NULL;
  GHashTableIter iter;
  gpointer jid;

  if (schnack_connection_get_state (schnack_account_get_connection (self->account)) != SCHNACK_CONNECTION_ONLINE)
    return;  /* gone again before the server answered: next time */
  pending = g_steal_pointer (&self->displayed_pending);
  self->displayed_pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_iter_init (&iter, pending);
  while (g_hash_table_iter_next (&iter, &jid, NULL))
    announce_displayed (self, jid);
}

/**
 * schnack_account_mark_conversation_displayed:
 * @conversation_jid: the chat the user is looking at
 *
 * The user has seen everything in the chat: it is read here, the peer
 * gets a "displayed" marker for the newest message that asked for one
 * (if they are a contact: strangers do not learn when we are around),
 * and our other devices learn it too — from that marker's carbon, and
 * through XEP-0490 where our server offers it. Offline, that happens at
 * the next login.
 */
gboolean
schnack_account_mark_conversation_displayed (SchnackAccount  *self,
                                             const char      *conversation_jid,
                                             GError         **error)
{
  SchnackAccountMessages *messages;

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (conversation_jid != NULL, FALSE);

  messages = schnack_account_get_messages (self);
  if (!schnack_conversation_list_mark_read (schnack_account_get_conversations (self), conversation_jid, error))
    return FALSE;
  if (schnack_connection_get_state (schnack_account_get_connection (self)) == SCHNACK_CONNECTION_ONLINE &&
      !messages->features_pending)
    announce_displayed (messages, conversation_jid);
  else
    g_hash_table_add (messages->displayed_pending, g_strdup (conversation_jid));
  return TRUE;
}
