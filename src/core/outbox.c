/* outbox.c — sent messages are stored first and delivered until acknowledged
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Never lose a message": a message the user sends is written to SQLite
 * (PENDING, with a fresh origin-id that is also its stanza id) before it
 * goes anywhere. It is sent when the account is online (SENT) and counts
 * as delivered to the server (ACKED) once the server has answered an IQ
 * we sent after it: a stream is processed in order, so that answer proves
 * the server has everything before it. libstrophe 0.12 gives no
 * per-stanza stream-management acknowledgement to build on.
 *
 * Whatever is not ACKED is sent again after a reconnect and after a
 * restart (the store is the queue, so kill -9 loses nothing). On a
 * resumed XEP-0198 stream libstrophe itself re-sends what the server had
 * not acknowledged, so then only messages never sent go out. Receivers
 * drop repeats by origin-id (XEP-0359).
 *
 * Corrections, reaction sets and retractions take the same way: each is
 * a row with an action (see SchnackMessageAction) that history never
 * shows; once the server has it, the row has done its job and goes.
 */
#include "config.h"

#include "core/outbox.h"
#include "xmpp/message.h"
#include "xmpp/stanza-error.h"
#include "schnack-utils.h"

#include <glib/gi18n-lib.h>

struct _SchnackOutbox {
  GObject            parent_instance;

  SchnackStore      *store;
  gint64             account_id;
  char              *own_bare_jid;
  SchnackConnection *connection;

  GArray            *unconfirmed;    /* ids sent since the last barrier */
  guint              barrier_idle;
  GHashTable        *action_rows;    /* (gint64 *) ids of rows that are actions */
};

G_DEFINE_FINAL_TYPE (SchnackOutbox, schnack_outbox, G_TYPE_OBJECT)

enum {
  SIGNAL_STATE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_state (SchnackOutbox        *self,
           gint64                message_id,
           SchnackDeliveryState  state)
{
  g_autoptr(GError) error = NULL;

  if (g_hash_table_contains (self->action_rows, &message_id))
    {
      /* An action the server has is done; until then it stays queued. */
      if (state == SCHNACK_DELIVERY_STATE_ACKED)
        {
          g_hash_table_remove (self->action_rows, &message_id);
          if (!schnack_store_delete_message (self->store, message_id, &error) &&
              !g_error_matches (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_NOT_FOUND))
            g_warning ("Could not clear a sent correction, reaction or retraction: %s", error->message);
        }
      else if (!schnack_store_set_delivery_state (self->store, message_id, state, &error))
        {
          g_warning ("Could not record the delivery of message %" G_GINT64_FORMAT ": %s",
                     message_id, error->message);
        }
      return;
    }

  if (!schnack_store_set_delivery_state (self->store, message_id, state, &error))
    {
      g_warning ("Could not record the delivery of message %" G_GINT64_FORMAT ": %s",
                 message_id, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, message_id, (int) state);
}

typedef struct {
  GWeakRef  outbox;
  GArray   *batch;     /* message ids sent before the barrier */
} Barrier;

static void
barrier_free (Barrier *barrier)
{
  g_weak_ref_clear (&barrier->outbox);
  g_array_unref (barrier->batch);
  g_free (barrier);
}

static void
on_barrier_answered (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Barrier *barrier = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackXmlNode) reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source), result, &error);
  g_autoptr(SchnackOutbox) self = g_weak_ref_get (&barrier->outbox);

  /* Any answer, even an error, proves the server read what came before;
   * a lost connection proves nothing (they are sent again). */
  if (self != NULL && (reply != NULL || error->domain == SCHNACK_STANZA_ERROR))
    for (guint i = 0; i < barrier->batch->len; i++)
      set_state (self, g_array_index (barrier->batch, gint64, i), SCHNACK_DELIVERY_STATE_ACKED);
  barrier_free (barrier);
}

static gboolean
send_barrier (gpointer user_data)
{
  SchnackOutbox *self = user_data;
  g_autoptr(SchnackXmlNode) ping = schnack_xml_node_new_iq ("get", NULL);
  Barrier *barrier;

  self->barrier_idle = 0;
  if (self->unconfirmed->len == 0)
    return G_SOURCE_REMOVE;

  barrier = g_new0 (Barrier, 1);
  g_weak_ref_init (&barrier->outbox, self);
  barrier->batch = g_steal_pointer (&self->unconfirmed);
  self->unconfirmed = g_array_new (FALSE, FALSE, sizeof (gint64));
  schnack_xml_node_add_child (ping, "ping", "urn:xmpp:ping");
  schnack_connection_send_iq_async (self->connection, ping, NULL, on_barrier_answered, barrier);
  return G_SOURCE_REMOVE;
}

/* One barrier for everything sent in this main-loop iteration. */
static void
schedule_barrier (SchnackOutbox *self)
{
  if (self->barrier_idle == 0)
    self->barrier_idle = g_idle_add (send_barrier, self);
}

/* XEP-0461 with XEP-0428: older clients show a reply as the quoted
 * message above the answer. Built when sent, from what is quoted. */
static void
add_reply (SchnackOutbox              *self,
           const SchnackMessageRecord *record,
           SchnackOutgoingMessage     *message)
{
  g_autoptr(SchnackMessageRecord) quoted = NULL;
  g_autoptr(GString) quote = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;

  message->reply_to_id = g_strdup (record->reply_to_id);
  /* In a room "to" is the author's occupant JID; the outbox does not
   * know our nick there, so for our own messages it is left out. */
  if (record->conversation_kind != SCHNACK_CONVERSATION_KIND_GROUPCHAT)
    message->reply_to_jid = g_strdup (record->reply_to_sender);
  else if (record->reply_to_sender != NULL && g_strcmp0 (record->reply_to_sender, self->own_bare_jid) != 0)
    message->reply_to_jid = g_strdup_printf ("%s/%s", record->conversation_jid, record->reply_to_sender);
  quoted = schnack_store_find_message_by_reference (self->store, self->account_id, record->conversation_jid,
                                                    record->reply_to_id, NULL);
  if (quoted == NULL || quoted->body == NULL)
    return;
  lines = g_strsplit (quoted->body, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_string_append_printf (quote, "> %s\n", lines[i]);
  message->reply_fallback_chars = (guint) g_utf8_strlen (quote->str, -1);
  g_string_append (quote, record->body);
  g_free (message->body);
  message->body = g_string_free (g_steal_pointer (&quote), FALSE);
}

static SchnackOutgoingMessage *
build_outgoing (SchnackOutbox              *self,
                const SchnackMessageRecord *record)
{
  SchnackOutgoingMessage *message =
    schnack_outgoing_message_new (record->conversation_jid, record->body, record->origin_id);

  if (record->conversation_kind == SCHNACK_CONVERSATION_KIND_GROUPCHAT)
    schnack_set_str (&message->type, "groupchat");
  switch (record->action)
    {
    case SCHNACK_MESSAGE_ACTION_CORRECTION:
      message->replace_id = g_strdup (record->action_target);
      break;
    case SCHNACK_MESSAGE_ACTION_REACTIONS:
      message->reactions_to = g_strdup (record->action_target);
      message->reactions = record->body != NULL && *record->body != '\0'
                           ? g_strsplit (record->body, "\n", -1) : g_new0 (char *, 1);
      g_clear_pointer (&message->body, g_free);
      break;
    case SCHNACK_MESSAGE_ACTION_RETRACTION:
      message->retract_id = g_strdup (record->action_target);
      break;
    case SCHNACK_MESSAGE_ACTION_NONE:
    default:
      if (record->reply_to_id != NULL)
        add_reply (self, record, message);
      break;
    }
  return message;
}

static void
transmit (SchnackOutbox              *self,
          const SchnackMessageRecord *record)
{
  g_autoptr(SchnackOutgoingMessage) message = build_outgoing (self, record);

  if (record->action != SCHNACK_MESSAGE_ACTION_NONE)
    g_hash_table_add (self->action_rows, g_memdup2 (&record->id, sizeof record->id));
  schnack_connection_send_message (self->connection, message);
  if (record->delivery_state == SCHNACK_DELIVERY_STATE_PENDING)
    set_state (self, record->id, SCHNACK_DELIVERY_STATE_SENT);
  g_array_append_val (self->unconfirmed, record->id);
  schedule_barrier (self);
}

/* Everything not yet confirmed, oldest first. Room messages wait until
 * the room has taken us back in (schnack_outbox_flush_room()): sent
 * before, the room would refuse them. */
static void
flush_matching (SchnackOutbox *self,
                gboolean       only_never_sent,
                const char    *room_jid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = schnack_store_list_pending_messages (self->store, self->account_id, &error);

  if (pending == NULL)
    {
      g_warning ("Could not read the outbox: %s", error->message);
      return;
    }
  for (guint i = 0; i < pending->len; i++)
    {
      SchnackMessageRecord *record = g_ptr_array_index (pending, i);
      gboolean groupchat = record->conversation_kind == SCHNACK_CONVERSATION_KIND_GROUPCHAT;

      if (groupchat != (room_jid != NULL) ||
          (room_jid != NULL && g_ascii_strcasecmp (record->conversation_jid, room_jid) != 0))
        continue;
      if (only_never_sent && record->delivery_state != SCHNACK_DELIVERY_STATE_PENDING)
        {
          /* libstrophe re-sent it on the resumed stream; confirm it. */
          g_array_append_val (self->unconfirmed, record->id);
          continue;
        }
      transmit (self, record);
    }
  schedule_barrier (self);
}

static void
flush (SchnackOutbox *self,
       gboolean       only_never_sent)
{
  flush_matching (self, only_never_sent, NULL);
}

/**
 * schnack_outbox_flush_room:
 *
 * We are (back) in @room_jid: send what was written for it meanwhile.
 */
void
schnack_outbox_flush_room (SchnackOutbox *self,
                           const char    *room_jid)
{
  g_return_if_fail (SCHNACK_IS_OUTBOX (self));
  if (schnack_connection_get_state (self->connection) == SCHNACK_CONNECTION_ONLINE)
    flush_matching (self, FALSE, room_jid);
}

static void
on_connection_state (SchnackOutbox *self)
{
  if (schnack_connection_get_state (self->connection) != SCHNACK_CONNECTION_ONLINE)
    return;
  flush (self, schnack_connection_get_resumed (self->connection));
}

/**
 * schnack_outbox_send:
 * @out_message_id: (out) (optional): the stored message's id
 *
 * Stores the message and sends it now if the account is online, else at
 * the next login. Fails only if it could not be stored — then nothing
 * was sent either, and the user still has their text.
 */
gboolean
schnack_outbox_send (SchnackOutbox  *self,
                     const char     *to_bare_jid,
                     const char     *body,
                     gint64         *out_message_id,
                     GError        **error)
{
  return schnack_outbox_send_full (self, to_bare_jid, SCHNACK_CONVERSATION_KIND_CHAT, TRUE,
                                   body, out_message_id, error);
}

/* Fills in what every message we send has, stores it, sends it if it
 * may go now (the rest goes at the next login or room join). */
static gboolean
store_and_send (SchnackOutbox         *self,
                SchnackMessageRecord  *record,
                gboolean               may_send_now,
                GError               **error)
{
  gboolean inserted = FALSE;

  record->account_id = self->account_id;
  record->direction = SCHNACK_MESSAGE_DIRECTION_OUTGOING;
  schnack_set_str (&record->sender, self->own_bare_jid);
  record->sent_at = g_get_real_time ();
  g_free (record->origin_id);
  record->origin_id = schnack_generate_origin_id ();
  schnack_set_str (&record->message_id, record->origin_id);
  record->delivery_state = SCHNACK_DELIVERY_STATE_PENDING;

  if (!schnack_store_insert_message (self->store, record, &inserted, error))
    return FALSE;

  if (may_send_now && schnack_connection_get_state (self->connection) == SCHNACK_CONNECTION_ONLINE)
    transmit (self, record);
  return TRUE;
}

/**
 * schnack_outbox_send_full:
 * @to: a bare JID, a room, or an occupant (room/nick) for a private message
 * @kind: GROUPCHAT sends type "groupchat" to a room
 * @may_send_now: FALSE keeps it until schnack_outbox_flush_room() (a room
 *   we are not in yet)
 */
gboolean
schnack_outbox_send_full (SchnackOutbox            *self,
                          const char               *to,
                          SchnackConversationKind   kind,
                          gboolean                  may_send_now,
                          const char               *body,
                          gint64                   *out_message_id,
                          GError                  **error)
{
  g_autoptr(SchnackMessageRecord) record = schnack_message_record_new ();

  g_return_val_if_fail (SCHNACK_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (to != NULL && body != NULL, FALSE);

  record->conversation_jid = g_strdup (to);
  record->conversation_kind = kind;
  record->body = g_strdup (body);
  if (!store_and_send (self, record, may_send_now, error))
    return FALSE;
  if (out_message_id != NULL)
    *out_message_id = record->id;
  return TRUE;
}

/**
 * schnack_outbox_send_record:
 * @record: what to send: conversation_jid, conversation_kind, body and,
 *   where they apply, reply_to_id/reply_to_sender or action/action_target;
 *   the outbox fills in the rest (and @record->id)
 *
 * @may_send_now: as for schnack_outbox_send_full()
 *
 * Like schnack_outbox_send_full(), for replies and for corrections,
 * reactions and retractions.
 */
gboolean
schnack_outbox_send_record (SchnackOutbox         *self,
                            SchnackMessageRecord  *record,
                            gboolean               may_send_now,
                            GError               **error)
{
  g_return_val_if_fail (SCHNACK_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (record != NULL && record->conversation_jid != NULL, FALSE);

  return store_and_send (self, record, may_send_now, error);
}

/**
 * schnack_outbox_retry:
 *
 * The user asks to send a FAILED message again.
 */
gboolean
schnack_outbox_retry (SchnackOutbox  *self,
                      gint64          message_id,
                      GError        **error)
{
  g_return_val_if_fail (SCHNACK_IS_OUTBOX (self), FALSE);

  if (!schnack_store_set_delivery_state (self->store, message_id, SCHNACK_DELIVERY_STATE_PENDING, error))
    return FALSE;
  if (schnack_connection_get_state (self->connection) == SCHNACK_CONNECTION_ONLINE)
    flush (self, TRUE);
  return TRUE;
}

static void
schnack_outbox_dispose (GObject *object)
{
  SchnackOutbox *self = SCHNACK_OUTBOX (object);

  g_clear_handle_id (&self->barrier_idle, g_source_remove);
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_clear_object (&self->connection);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (schnack_outbox_parent_class)->dispose (object);
}

static void
schnack_outbox_finalize (GObject *object)
{
  SchnackOutbox *self = SCHNACK_OUTBOX (object);

  g_free (self->own_bare_jid);
  g_array_unref (self->unconfirmed);
  g_hash_table_unref (self->action_rows);

  G_OBJECT_CLASS (schnack_outbox_parent_class)->finalize (object);
}

static void
schnack_outbox_class_init (SchnackOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = schnack_outbox_dispose;
  object_class->finalize = schnack_outbox_finalize;

  /**
   * SchnackOutbox::state-changed:
   * @message_id: the stored message
   * @state: its new SchnackDeliveryState
   */
  signals[SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT);
}

static void
schnack_outbox_init (SchnackOutbox *self)
{
  self->unconfirmed = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->action_rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

SchnackOutbox *
schnack_outbox_new (SchnackStore      *store,
                    gint64             account_id,
                    const char        *own_bare_jid,
                    SchnackConnection *connection)
{
  SchnackOutbox *self;

  g_return_val_if_fail (SCHNACK_IS_STORE (store), NULL);
  g_return_val_if_fail (SCHNACK_IS_CONNECTION (connection), NULL);

  self = g_object_new (SCHNACK_TYPE_OUTBOX, NULL);
  self->store = g_object_ref (store);
  self->account_id = account_id;
  self->own_bare_jid = g_strdup (own_bare_jid);
  self->connection = g_object_ref (connection);
  g_signal_connect_swapped (connection, "notify::state", G_CALLBACK (on_connection_state), self);
  if (schnack_connection_get_state (connection) == SCHNACK_CONNECTION_ONLINE)
    flush (self, FALSE);
  return self;
}
