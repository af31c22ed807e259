/* messages.c — message history, the outbox and search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "store/messages.h"
#include "store/store-private.h"

G_DEFINE_BOXED_TYPE (SchnackMessageRecord, schnack_message_record,
                     schnack_message_record_copy, schnack_message_record_free)

#define MESSAGE_COLUMNS \
  "m.id, m.account_id, m.conversation_jid, m.conversation_kind, m.direction," \
  " m.sender, m.body, m.sent_at, m.received_at, m.message_id, m.origin_id," \
  " m.stanza_id, m.stanza_id_by, m.delivery_state, m.encrypted, m.edited," \
  " m.retracted, m.reply_to_id, m.reply_to_sender, m.markable, m.action," \
  " m.action_target, m.occupant_id"

SchnackMessageRecord *
schnack_message_record_new (void)
{
  return g_new0 (SchnackMessageRecord, 1);
}

SchnackMessageRecord *
schnack_message_record_copy (const SchnackMessageRecord *record)
{
  SchnackMessageRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = g_memdup2 (record, sizeof *record);
  copy->conversation_jid = g_strdup (record->conversation_jid);
  copy->sender = g_strdup (record->sender);
  copy->body = g_strdup (record->body);
  copy->message_id = g_strdup (record->message_id);
  copy->origin_id = g_strdup (record->origin_id);
  copy->stanza_id = g_strdup (record->stanza_id);
  copy->stanza_id_by = g_strdup (record->stanza_id_by);
  copy->reply_to_id = g_strdup (record->reply_to_id);
  copy->reply_to_sender = g_strdup (record->reply_to_sender);
  copy->action_target = g_strdup (record->action_target);
  copy->occupant_id = g_strdup (record->occupant_id);
  return copy;
}

void
schnack_message_record_free (SchnackMessageRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->conversation_jid);
  g_free (record->sender);
  g_free (record->body);
  g_free (record->message_id);
  g_free (record->origin_id);
  g_free (record->stanza_id);
  g_free (record->stanza_id_by);
  g_free (record->reply_to_id);
  g_free (record->reply_to_sender);
  g_free (record->action_target);
  g_free (record->occupant_id);
  g_free (record);
}

static SchnackMessageRecord *
message_from_row (sqlite3_stmt *stmt)
{
  SchnackMessageRecord *record = schnack_message_record_new ();

  record->id = sqlite3_column_int64 (stmt, 0);
  record->account_id = sqlite3_column_int64 (stmt, 1);
  record->conversation_jid = schnack_store_column_dup (stmt, 2);
  record->conversation_kind = sqlite3_column_int (stmt, 3);
  record->direction = sqlite3_column_int (stmt, 4);
  record->sender = schnack_store_column_dup (stmt, 5);
  record->body = schnack_store_column_dup (stmt, 6);
  record->sent_at = sqlite3_column_int64 (stmt, 7);
  record->received_at = sqlite3_column_int64 (stmt, 8);
  record->message_id = schnack_store_column_dup (stmt, 9);
  record->origin_id = schnack_store_column_dup (stmt, 10);
  record->stanza_id = schnack_store_column_dup (stmt, 11);
  record->stanza_id_by = schnack_store_column_dup (stmt, 12);
  record->delivery_state = sqlite3_column_int (stmt, 13);
  record->encrypted = sqlite3_column_int (stmt, 14) != 0;
  record->edited = sqlite3_column_int (stmt, 15) != 0;
  record->retracted = sqlite3_column_int (stmt, 16) != 0;
  record->reply_to_id = schnack_store_column_dup (stmt, 17);
  record->reply_to_sender = schnack_store_column_dup (stmt, 18);
  record->markable = sqlite3_column_int (stmt, 19) != 0;
  record->action = sqlite3_column_int (stmt, 20);
  record->action_target = schnack_store_column_dup (stmt, 21);
  record->occupant_id = schnack_store_column_dup (stmt, 22);
  return record;
}

/* Steps @stmt to the end, collecting one record per row. */
static GPtrArray *
collect_messages (SchnackStore  *self,
                  sqlite3_stmt  *stmt,
                  GError       **error)
{
  g_autoptr(GPtrArray) messages = NULL;
  int rc;

  messages = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_message_record_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (messages, message_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      schnack_store_set_query_error (self, error, _("Could not read the message history"));
      return NULL;
    }

  return g_steal_pointer (&messages);
}

/**
 * schnack_delivery_state_can_change:
 * @from: the state a message is in
 * @to: the state something claims it is in now
 *
 * Delivery news arrives late and out of order (a read marker before the
 * receipt, a stream ack after a reconnect), so a state only moves
 * forward: PENDING → SENT → ACKED → DELIVERED → READ. The exceptions:
 * a message may become FAILED until the recipient confirmed it — the
 * server bounces a message it took (ACKED) when it cannot deliver it;
 * a FAILED one may go back to PENDING when the user retries, or forward
 * to DELIVERED or READ when the recipient's client confirms it after
 * all. A server's acknowledgement does not undo a bounce (it arrives
 * after the bounce it caused), so FAILED never becomes ACKED.
 *
 * Returns: %TRUE if a message in @from should be moved to @to
 */
gboolean
schnack_delivery_state_can_change (SchnackDeliveryState from,
                                   SchnackDeliveryState to)
{
  g_return_val_if_fail (from <= SCHNACK_DELIVERY_STATE_FAILED, FALSE);
  g_return_val_if_fail (to <= SCHNACK_DELIVERY_STATE_FAILED, FALSE);

  if (from == to)
    return FALSE;

  if (to == SCHNACK_DELIVERY_STATE_FAILED)
    return from == SCHNACK_DELIVERY_STATE_PENDING || from == SCHNACK_DELIVERY_STATE_SENT ||
           from == SCHNACK_DELIVERY_STATE_ACKED;

  if (from == SCHNACK_DELIVERY_STATE_FAILED)
    return to != SCHNACK_DELIVERY_STATE_SENT && to != SCHNACK_DELIVERY_STATE_ACKED;

  return to > from;
}

typedef struct
{
  gint64                   id;
  gboolean                 has_stanza_id;
  SchnackDeliveryState     delivery_state;
  SchnackMessageDirection  direction;
} Duplicate;

/* Looks for a row that is the same message as @record and describes it
 * in @out. Returns %FALSE on error; @out->id is 0 if there is none. */
static gboolean
find_duplicate (SchnackStore                *self,
                const SchnackMessageRecord  *record,
                Duplicate                   *out,
                GError                     **error)
{
  /* "IS" because a NULL by/sender must still match a NULL column; the
   * unique indexes cannot catch those, since NULLs are distinct there. */
  static const char * const queries[] = {
    "SELECT id, stanza_id IS NOT NULL, delivery_state, direction FROM messages"
    " WHERE account_id = ?1 AND conversation_jid = ?2"
    " AND stanza_id_by IS ?3 AND stanza_id = ?4",
    "SELECT id, stanza_id IS NOT NULL, delivery_state, direction FROM messages"
    " WHERE account_id = ?1 AND conversation_jid = ?2"
    " AND sender IS ?3 AND origin_id = ?4",
  };
  const char *keys[][2] = {
    { record->stanza_id_by, record->stanza_id },
    { record->sender, record->origin_id },
  };

  out->id = 0;

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(SchnackStoreStmt) stmt = NULL;
      int rc;

      if (keys[i][1] == NULL)
        continue;

      stmt = schnack_store_prepare (self, queries[i], error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, record->account_id);
      schnack_store_bind_text (stmt, 2, record->conversation_jid);
      schnack_store_bind_text (stmt, 3, keys[i][0]);
      schnack_store_bind_text (stmt, 4, keys[i][1]);

      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          out->id = sqlite3_column_int64 (stmt, 0);
          out->has_stanza_id = sqlite3_column_int (stmt, 1) != 0;
          out->delivery_state = sqlite3_column_int (stmt, 2);
          out->direction = sqlite3_column_int (stmt, 3);
          return TRUE;
        }

      if (rc != SQLITE_DONE)
        {
          schnack_store_set_query_error (self, error, _("Could not save the message"));
          return FALSE;
        }
    }

  return TRUE;
}

/* Our own message seen again with a stanza-id (in the archive, or as a
 * reflected groupchat message) takes the server's id, so the next archive
 * sync recognizes it. The stanza-id also proves the server stored it, so
 * a message still waiting for its ack is not sent a second time. */
static gboolean
merge_duplicate (SchnackStore                *self,
                 const Duplicate             *existing,
                 const SchnackMessageRecord  *record,
                 GError                     **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;
  SchnackDeliveryState state = existing->delivery_state;

  if (existing->direction == SCHNACK_MESSAGE_DIRECTION_OUTGOING &&
      schnack_delivery_state_can_change (state, SCHNACK_DELIVERY_STATE_ACKED))
    state = SCHNACK_DELIVERY_STATE_ACKED;

  /* OR IGNORE: if another row already owns this stanza-id, the two are
   * different messages that reuse an origin-id; keep both as they are. */
  stmt = schnack_store_prepare (self,
                                "UPDATE OR IGNORE messages"
                                " SET stanza_id = ?2, stanza_id_by = ?3, delivery_state = ?4"
                                " WHERE id = ?1 AND stanza_id IS NULL",
                                error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, existing->id);
  schnack_store_bind_text (stmt, 2, record->stanza_id);
  schnack_store_bind_text (stmt, 3, record->stanza_id_by);
  sqlite3_bind_int (stmt, 4, state);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      schnack_store_set_query_error (self, error, _("Could not save the message"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
insert_row (SchnackStore                *self,
            const SchnackMessageRecord  *record,
            gint64                      *out_id,
            GError                     **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;

  stmt = schnack_store_prepare (self,
                                "INSERT INTO messages (account_id, conversation_jid,"
                                " conversation_kind, direction, sender, body, sent_at,"
                                " received_at, message_id, origin_id, stanza_id,"
                                " stanza_id_by, delivery_state, encrypted, edited, retracted,"
                                " reply_to_id, reply_to_sender, markable, action, action_target,"
                                " occupant_id)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                                " ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
                                error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, record->account_id);
  schnack_store_bind_text (stmt, 2, record->conversation_jid);
  sqlite3_bind_int (stmt, 3, record->conversation_kind);
  sqlite3_bind_int (stmt, 4, record->direction);
  schnack_store_bind_text (stmt, 5, record->sender);
  schnack_store_bind_text (stmt, 6, record->body);
  sqlite3_bind_int64 (stmt, 7, record->sent_at);
  if (record->received_at != 0)
    sqlite3_bind_int64 (stmt, 8, record->received_at);
  schnack_store_bind_text (stmt, 9, record->message_id);
  schnack_store_bind_text (stmt, 10, record->origin_id);
  schnack_store_bind_text (stmt, 11, record->stanza_id);
  schnack_store_bind_text (stmt, 12, record->stanza_id_by);
  sqlite3_bind_int (stmt, 13, record->delivery_state);
  sqlite3_bind_int (stmt, 14, record->encrypted ? 1 : 0);
  sqlite3_bind_int (stmt, 15, record->edited ? 1 : 0);
  sqlite3_bind_int (stmt, 16, record->retracted ? 1 : 0);
  schnack_store_bind_text (stmt, 17, record->reply_to_id);
  schnack_store_bind_text (stmt, 18, record->reply_to_sender);
  sqlite3_bind_int (stmt, 19, record->markable ? 1 : 0);
  sqlite3_bind_int (stmt, 20, record->action);
  schnack_store_bind_text (stmt, 21, record->action_target);
  schnack_store_bind_text (stmt, 22, record->occupant_id);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      schnack_store_set_query_error (self, error, _("Could not save the message"));
      return FALSE;
    }

  *out_id = sqlite3_last_insert_rowid (schnack_store_get_db (self));
  return TRUE;
}

/* Stores @record unless it is already there, inside the caller's
 * transaction; see schnack_store_insert_message(). */
static gboolean
store_one (SchnackStore          *self,
           SchnackMessageRecord  *record,
           gboolean              *out_inserted,
           GError               **error)
{
  Duplicate existing = { 0, };
  gint64 new_id = 0;

  *out_inserted = FALSE;
  if (record->sent_at == 0)
    record->sent_at = record->received_at != 0 ? record->received_at : g_get_real_time ();

  if (!find_duplicate (self, record, &existing, error))
    return FALSE;

  if (existing.id > 0)
    {
      if (!existing.has_stanza_id && record->stanza_id != NULL &&
          !merge_duplicate (self, &existing, record, error))
        return FALSE;
      record->id = existing.id;
      return TRUE;
    }

  if (!insert_row (self, record, &new_id, error))
    return FALSE;
  record->id = new_id;
  *out_inserted = TRUE;
  return TRUE;
}

static gboolean
record_is_valid (const SchnackMessageRecord *record)
{
  return record != NULL && record->account_id > 0 && record->conversation_jid != NULL &&
         record->delivery_state <= SCHNACK_DELIVERY_STATE_FAILED;
}

/**
 * schnack_store_insert_message:
 * @self: a #SchnackStore
 * @record: the message; its @id is filled in, and a @sent_at of 0 is
 *   replaced by @received_at or else the current time
 * @out_inserted: (out) (optional): whether a new row was written
 * @error: return location for a #GError
 *
 * Stores a message unless it is already there. It is already there if a
 * row in the same conversation has the same stanza-id from the same
 * assigner, or the same origin-id from the same sender: then nothing new
 * is written, *@out_inserted is %FALSE and @record->id is the existing
 * row's id. A stanza-id the existing row lacks is copied onto it — that
 * is our own sent message coming back from the archive — and if the row
 * is ours and still unacknowledged, it becomes ACKED.
 *
 * Returns: %TRUE unless the database failed
 */
gboolean
schnack_store_insert_message (SchnackStore          *self,
                              SchnackMessageRecord  *record,
                              gboolean              *out_inserted,
                              GError               **error)
{
  gboolean inserted = FALSE;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), FALSE);
  g_return_val_if_fail (record_is_valid (record), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_inserted != NULL)
    *out_inserted = FALSE;

  if (!schnack_store_begin (self, error))
    return FALSE;

  if (!store_one (self, record, &inserted, error) ||
      !schnack_store_commit (self, error))
    {
      schnack_store_rollback (self);
      /* Nothing was written after all. */
      record->id = 0;
      return FALSE;
    }

  if (out_inserted != NULL)
    *out_inserted = inserted;
  return TRUE;
}

/**
 * schnack_store_insert_messages:
 * @self: a #SchnackStore
 * @records: (array length=n_records): the messages, in the order they
 *   arrived
 * @n_records: how many, at least 1
 * @deadline: a g_get_monotonic_time() after which to stop and commit
 *   what is done, or 0 to store all of them
 * @out_inserted: (array length=n_records) (optional): set for each
 *   stored record: whether a new row was written
 * @error: return location for a #GError
 *
 * Stores messages as schnack_store_insert_message() does, one after the
 * other in a single transaction — one commit, not one per message, which
 * is what an archive catch-up of thousands needs. At least one message
 * is stored even if @deadline has passed; the rest wait for the next
 * call, so the caller can return to its main loop in between.
 *
 * Returns: how many of @records, from the first, were stored or found
 *   already there; 0 with @error set if the database failed, and then
 *   none of them were stored
 */
guint
schnack_store_insert_messages (SchnackStore          *self,
                               SchnackMessageRecord **records,
                               guint                  n_records,
                               gint64                 deadline,
                               gboolean              *out_inserted,
                               GError               **error)
{
  guint done = 0;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), 0);
  g_return_val_if_fail (records != NULL && n_records > 0, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);
  for (guint i = 0; i < n_records; i++)
    g_return_val_if_fail (record_is_valid (records[i]), 0);

  if (!schnack_store_begin (self, error))
    return 0;

  do
    {
      gboolean inserted = FALSE;

      if (!store_one (self, records[done], &inserted, error))
        goto failed;
      if (out_inserted != NULL)
        out_inserted[done] = inserted;
      done++;
    }
  while (done < n_records && (deadline == 0 || g_get_monotonic_time () < deadline));

  if (!schnack_store_commit (self, error))
    goto failed;
  return done;

failed:
  schnack_store_rollback (self);
  for (guint i = 0; i < done; i++)
    records[i]->id = 0;
  return 0;
}

/**
 * schnack_store_set_delivery_state:
 * @self: a #SchnackStore
 * @message_id: the message's row id (#SchnackMessageRecord.id)
 * @state: the new state
 * @error: return location for a #GError
 *
 * Moves a message to @state if schnack_delivery_state_can_change() allows
 * it, and otherwise leaves it as it is: a late or repeated receipt is not
 * an error. An unknown @message_id fails with
 * %SCHNACK_STORE_ERROR_NOT_FOUND.
 *
 * Returns: %TRUE unless the message is missing or the database failed
 */
gboolean
schnack_store_set_delivery_state (SchnackStore          *self,
                                  gint64                 message_id,
                                  SchnackDeliveryState   state,
                                  GError               **error)
{
  g_autoptr(SchnackStoreStmt) select = NULL;
  g_autoptr(SchnackStoreStmt) update = NULL;
  SchnackDeliveryState current;
  int rc;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), FALSE);
  g_return_val_if_fail (message_id > 0, FALSE);
  g_return_val_if_fail (state <= SCHNACK_DELIVERY_STATE_FAILED, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  select = schnack_store_prepare (self,
                                  "SELECT delivery_state FROM messages WHERE id = ?1",
                                  error);
  if (select == NULL)
    return FALSE;

  sqlite3_bind_int64 (select, 1, message_id);
  rc = sqlite3_step (select);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_NOT_FOUND,
                   _("The message is no longer in the history."));
      return FALSE;
    }
  else if (rc != SQLITE_ROW)
    {
      schnack_store_set_query_error (self, error, _("Could not update the message"));
      return FALSE;
    }

  current = sqlite3_column_int (select, 0);
  schnack_store_stmt_release (select);

  if (!schnack_delivery_state_can_change (current, state))
    return TRUE;

  /* Compare-and-set: another process may have moved it meanwhile. */
  update = schnack_store_prepare (self,
                                  "UPDATE messages SET delivery_state = ?2"
                                  " WHERE id = ?1 AND delivery_state = ?3",
                                  error);
  if (update == NULL)
    return FALSE;

  sqlite3_bind_int64 (update, 1, message_id);
  sqlite3_bind_int (update, 2, state);
  sqlite3_bind_int (update, 3, current);

  if (sqlite3_step (update) != SQLITE_DONE)
    {
      schnack_store_set_query_error (self, error, _("Could not update the message"));
      return FALSE;
    }

  return TRUE;
}

/* The first row of @stmt as a message; %NULL and no error if none. */
static SchnackMessageRecord *
find_one (SchnackStore  *self,
          sqlite3_stmt  *stmt,
          GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return message_from_row (stmt);
  if (rc != SQLITE_DONE)
    schnack_store_set_query_error (self, error, _("Could not read the message history"));
  return NULL;
}

/**
 * schnack_store_find_message_by_message_id:
 * @self: a #SchnackStore
 * @account_id: the account
 * @conversation_jid: the conversation
 * @message_id: a stanza id attribute, as named by a receipt, a chat
 *   marker or a correction
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the newest message with that id,
 *   or %NULL — with @error unset if there is none
 */
SchnackMessageRecord *
schnack_store_find_message_by_message_id (SchnackStore  *self,
                                          gint64         account_id,
                                          const char    *conversation_jid,
                                          const char    *message_id,
                                          GError       **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), NULL);
  g_return_val_if_fail (conversation_jid != NULL, NULL);
  g_return_val_if_fail (message_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = schnack_store_prepare (self,
                                "SELECT " MESSAGE_COLUMNS " FROM messages m"
                                " WHERE m.account_id = ?1 AND m.conversation_jid = ?2"
                                " AND m.message_id = ?3 AND m.action = 0"
                                " ORDER BY m.id DESC LIMIT 1",
                                error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, account_id);
  schnack_store_bind_text (stmt, 2, conversation_jid);
  schnack_store_bind_text (stmt, 3, message_id);
  return find_one (self, stmt, error);
}

/**
 * schnack_store_get_message:
 * @self: a #SchnackStore
 * @row_id: the message's row id
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the message, or %NULL — with
 *   @error unset if there is no such row
 */
SchnackMessageRecord *
schnack_store_get_message (SchnackStore  *self,
                           gint64         row_id,
                           GError       **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = schnack_store_prepare (self, "SELECT " MESSAGE_COLUMNS " FROM messages m WHERE m.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, row_id);
  return find_one (self, stmt, error);
}

/**
 * schnack_store_list_pending_messages:
 * @self: a #SchnackStore
 * @account_id: the account
 * @error: return location for a #GError
 *
 * The outbox: our messages the server has not acknowledged yet (PENDING
 * or SENT), oldest first, to be sent again after a reconnect.
 *
 * Returns: (transfer full) (element-type SchnackMessageRecord): the
 *   messages, or %NULL with @error set
 */
GPtrArray *
schnack_store_list_pending_messages (SchnackStore  *self,
                                     gint64         account_id,
                                     GError       **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The WHERE repeats the partial index's condition word for word, which
   * is what lets SQLite use it. */
  stmt = schnack_store_prepare (self,
                                "SELECT " MESSAGE_COLUMNS " FROM messages m"
                                " WHERE m.account_id = ?1"
                                " AND direction = 1 AND delivery_state IN (0, 1)"
                                " ORDER BY m.sent_at, m.id",
                                error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, account_id);

  return collect_messages (self, stmt, error);
}

/* One page of a chat's history: @sql takes the account (?1), the chat
 * (?2), a (sent_at, id) cursor (?3, ?4) and the page size (?5). */
static GPtrArray *
query_page (SchnackStore  *self,
            const char    *sql,
            gint64         account_id,
            const char    *conversation_jid,
            gint64         cursor_sent_at,
            gint64         cursor_id,
            guint          limit,
            GError       **error)
{
  g_autoptr(SchnackStoreStmt) stmt = schnack_store_prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, account_id);
  schnack_store_bind_text (stmt, 2, conversation_jid);
  sqlite3_bind_int64 (stmt, 3, cursor_sent_at);
  sqlite3_bind_int64 (stmt, 4, cursor_id);
  sqlite3_bind_int64 (stmt, 5, limit);
  return collect_messages (self, stmt, error);
}

/**
 * schnack_store_list_messages:
 * @self: a #SchnackStore
 * @account_id: the account
 * @conversation_jid: the conversation
 * @before_sent_at: together with @before_id, the position of the oldest
 *   message already shown; both 0 for the newest page
 * @before_id: see @before_sent_at
 * @limit: the page size, at least 1
 * @error: return location for a #GError
 *
 * Returns one page of history: the up to @limit messages just before
 * (@before_sent_at, @before_id) in (sent_at, id) order. Pass the first
 * element's sent_at and id to get the page before it.
 *
 * Returns: (transfer full) (element-type SchnackMessageRecord): the page,
 *   oldest first, or %NULL with @error set
 */
GPtrArray *
schnack_store_list_messages (SchnackStore  *self,
                             gint64         account_id,
                             const char    *conversation_jid,
                             gint64         before_sent_at,
                             gint64         before_id,
                             guint          limit,
                             GError       **error)
{
  GPtrArray *page;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), NULL);
  g_return_val_if_fail (conversation_jid != NULL, NULL);
  g_return_val_if_fail (limit > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (before_sent_at == 0 && before_id == 0)
    {
      before_sent_at = G_MAXINT64;
      before_id = G_MAXINT64;
    }

  /* A row-value range on the tail of messages_page: SQLite walks the
   * index backwards from the cursor and stops after @limit rows. */
  page = query_page (self,
                     "SELECT " MESSAGE_COLUMNS " FROM messages m"
                     " WHERE m.account_id = ?1 AND m.conversation_jid = ?2"
                     " AND (m.sent_at, m.id) < (?3, ?4) AND m.action = 0"
                     " ORDER BY m.sent_at DESC, m.id DESC"
                     " LIMIT ?5",
                     account_id, conversation_jid, before_sent_at, before_id, limit, error);
  if (page != NULL)
    {
      /* Read newest first to use the index; a chat view wants oldest first. */
      for (guint i = 0, j = page->len; i + 1 < j; i++, j--)
        {
          gpointer tmp = page->pdata[i];

          page->pdata[i] = page->pdata[j - 1];
          page->pdata[j - 1] = tmp;
        }
    }

  return page;
}

/**
 * schnack_store_list_messages_after:
 * @self: a #SchnackStore
 * @account_id: the account
 * @conversation_jid: the conversation
 * @after_sent_at: together with @after_id, the position of the newest
 *   message already shown
 * @after_id: see @after_sent_at
 * @limit: the page size, at least 1
 * @error: return location for a #GError
 *
 * The counterpart of schnack_store_list_messages() for a chat view that
 * jumped back in time (to a search result) and now scrolls forward: the
 * up to @limit messages just after (@after_sent_at, @after_id).
 *
 * Returns: (transfer full) (element-type SchnackMessageRecord): the page,
 *   oldest first, or %NULL with @error set
 */
GPtrArray *
schnack_store_list_messages_after (SchnackStore  *self,
                                   gint64         account_id,
                                   const char    *conversation_jid,
                                   gint64         after_sent_at,
                                   gint64         after_id,
                                   guint          limit,
                                   GError       **error)
{
  g_return_val_if_fail (SCHNACK_IS_STORE (self), NULL);
  g_return_val_if_fail (conversation_jid != NULL, NULL);
  g_return_val_if_fail (limit > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return query_page (self,
                     "SELECT " MESSAGE_COLUMNS " FROM messages m"
                     " WHERE m.account_id = ?1 AND m.conversation_jid = ?2"
                     " AND (m.sent_at, m.id) > (?3, ?4) AND m.action = 0"
                     " ORDER BY m.sent_at ASC, m.id ASC"
                     " LIMIT ?5",
                     account_id, conversation_jid, after_sent_at, after_id, limit, error);
}

#define MIN_PREFIX_CHARS 3

/* Turns what the user typed into an FTS5 query that cannot be a syntax
 * error: every word becomes a quoted phrase, matched as a prefix so
 * results appear while typing (if it has at least MIN_PREFIX_CHARS
 * characters), and the words are ANDed. Words without a
 * letter or digit are dropped — the tokenizer would drop them anyway.
 * Returns NULL if nothing searchable is left. */
static char *
build_match_expression (const char *query)
{
  g_autoptr(GString) match = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (query, -1);
  const char *p = valid;

  while (*p != '\0')
    {
      const char *start;
      gboolean searchable = FALSE;

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);

      start = p;
      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        {
          if (g_unichar_isalnum (g_utf8_get_char (p)))
            searchable = TRUE;
          p = g_utf8_next_char (p);
        }

      if (!searchable)
        continue;

      if (match->len > 0)
        g_string_append_c (match, ' ');

      g_string_append_c (match, '"');
      for (const char *c = start; c < p; c++)
        {
          if (*c == '"')
            g_string_append (match, "\"\"");
          else
            g_string_append_c (match, *c);
        }
      /* A prefix of one or two letters stands for a large part of the
       * vocabulary: in a million messages it took 130–270 ms to merge
       * (tests/bench/bench-history). Such short words match whole. */
      g_string_append (match, g_utf8_strlen (start, p - start) < MIN_PREFIX_CHARS ? "\"" : "\"*");
    }

  if (match->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&match), FALSE);
}

/* Up to this many matches, sorting them all is quicker than walking
 * history by time (measured by tests/bench/bench-history on a million
 * messages: both take ~10 ms around 2,000 matches). */
#define FEW_MATCHES 2000

/* Returns 1 if @match finds at most FEW_MATCHES messages, 0 if more,
 * -1 on error. Counting stops early, so it is cheap either way. */
static int
has_few_matches (SchnackStore  *self,
                 const char    *match,
                 GError       **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;

  stmt = schnack_store_prepare (self,
                                "SELECT count(*) FROM ("
                                "  SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?1 LIMIT ?2)",
                                error);
  if (stmt == NULL)
    return -1;
  schnack_store_bind_text (stmt, 1, match);
  sqlite3_bind_int (stmt, 2, FEW_MATCHES + 1);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      schnack_store_set_query_error (self, error, _("Could not search the message history"));
      return -1;
    }
  return sqlite3_column_int (stmt, 0) <= FEW_MATCHES;
}

/**
 * schnack_store_search_messages:
 * @self: a #SchnackStore
 * @account_id: the account, or 0 for all accounts
 * @conversation_jid: (nullable): the conversation, or %NULL for all
 * @query: the words the user typed; any text is safe
 * @limit: the most results to return, at least 1
 * @error: return location for a #GError
 *
 * Finds messages whose body contains every word of @query (as a word or
 * the start of one, ignoring case and accents; words of one or two
 * characters only as a whole word).
 *
 * Returns: (transfer full) (element-type SchnackMessageRecord): the
 *   matches, newest first — empty if @query has no searchable word — or
 *   %NULL with @error set
 */
GPtrArray *
schnack_store_search_messages (SchnackStore  *self,
                               gint64         account_id,
                               const char    *conversation_jid,
                               const char    *query,
                               guint          limit,
                               GError       **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;
  g_autofree char *match = NULL;
  int few;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (limit > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  match = build_match_expression (query);
  if (match == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_message_record_free);

  few = has_few_matches (self, match, error);
  if (few < 0)
    return NULL;

  /* Two plans; which one is quick depends on how many messages match.
   * Few: read them all and sort by time. Many (a common word, a short
   * prefix): sorting tens of thousands of rows is what made a search
   * take a quarter of a second in a million messages — instead walk the
   * history newest first by index and keep the rows that are among the
   * matches, which finds @limit of them after a short walk. The "+"
   * keeps SQLite from looking the matches up by rowid, i.e. from the
   * first plan. */
  if (few)
    stmt = schnack_store_prepare (self,
                                  "SELECT " MESSAGE_COLUMNS
                                  " FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid"
                                  " WHERE messages_fts MATCH ?1 AND m.action = 0"
                                  " AND (?2 = 0 OR m.account_id = ?2)"
                                  " AND (?3 IS NULL OR m.conversation_jid = ?3)"
                                  " ORDER BY m.sent_at DESC, m.id DESC"
                                  " LIMIT ?4",
                                  error);
  else if (conversation_jid != NULL && account_id != 0)
    stmt = schnack_store_prepare (self,
                                  "SELECT " MESSAGE_COLUMNS " FROM messages m"
                                  " WHERE m.account_id = ?2 AND m.conversation_jid = ?3 AND m.action = 0"
                                  " AND +m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?1)"
                                  " ORDER BY m.sent_at DESC, m.id DESC"
                                  " LIMIT ?4",
                                  error);
  else
    stmt = schnack_store_prepare (self,
                                  "SELECT " MESSAGE_COLUMNS " FROM messages m INDEXED BY messages_time"
                                  " WHERE +m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?1)"
                                  " AND m.action = 0 AND (?2 = 0 OR m.account_id = ?2)"
                                  " AND (?3 IS NULL OR m.conversation_jid = ?3)"
                                  " ORDER BY m.sent_at DESC, m.id DESC"
                                  " LIMIT ?4",
                                  error);
  if (stmt == NULL)
    return NULL;

  schnack_store_bind_text (stmt, 1, match);
  sqlite3_bind_int64 (stmt, 2, account_id);
  schnack_store_bind_text (stmt, 3, conversation_jid);
  sqlite3_bind_int64 (stmt, 4, limit);

  return collect_messages (self, stmt, error);
}

/**
 * schnack_store_count_messages:
 * @self: a #SchnackStore
 * @account_id: the account
 * @conversation_jid: (nullable): the conversation, or %NULL for all of
 *   the account's messages
 *
 * Returns: the number of stored messages, or -1 if the database could
 *   not be read (a warning is logged)
 */
gint64
schnack_store_count_messages (SchnackStore *self,
                              gint64        account_id,
                              const char   *conversation_jid)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), -1);

  if (conversation_jid != NULL)
    stmt = schnack_store_prepare (self,
                                  "SELECT count(*) FROM messages"
                                  " WHERE account_id = ?1 AND conversation_jid = ?2 AND action = 0",
                                  &error);
  else
    stmt = schnack_store_prepare (self,
                                  "SELECT count(*) FROM messages WHERE account_id = ?1 AND action = 0",
                                  &error);

  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      if (conversation_jid != NULL)
        schnack_store_bind_text (stmt, 2, conversation_jid);

      if (sqlite3_step (stmt) == SQLITE_ROW)
        return sqlite3_column_int64 (stmt, 0);

      schnack_store_set_query_error (self, &error, _("Could not count the messages"));
    }

  g_warning ("%s", error->message);
  return -1;
}


/**
 * schnack_store_find_message_by_reference:
 * @conversation_jid: the conversation the reference was made in
 * @reference_id: what a reply, correction, reaction, retraction or
 *   marker names: an origin-id, a stanza id attribute or a stanza-id
 *
 * Only messages of @conversation_jid are looked at, so nobody can reach
 * into another chat by naming an id from there.
 *
 * Returns: (transfer full) (nullable): the newest matching message, or
 *   %NULL — with @error unset if there is none
 */
SchnackMessageRecord *
schnack_store_find_message_by_reference (SchnackStore  *self,
                                         gint64         account_id,
                                         const char    *conversation_jid,
                                         const char    *reference_id,
                                         GError       **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), NULL);
  g_return_val_if_fail (conversation_jid != NULL, NULL);
  g_return_val_if_fail (reference_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Three lookups, each on its index (messages_message_id, _origin_id,
   * _stanza_id). Written as one OR, SQLite walked the whole chat on
   * messages_page instead. */
  stmt = schnack_store_prepare (self,
                                "SELECT " MESSAGE_COLUMNS " FROM messages m WHERE m.id = ("
                                " SELECT max (id) FROM ("
                                "  SELECT id FROM messages WHERE account_id = ?1 AND conversation_jid = ?2"
                                "   AND message_id = ?3 AND action = 0"
                                "  UNION ALL SELECT id FROM messages WHERE account_id = ?1 AND conversation_jid = ?2"
                                "   AND origin_id = ?3 AND action = 0"
                                "  UNION ALL SELECT id FROM messages WHERE account_id = ?1 AND conversation_jid = ?2"
                                "   AND stanza_id = ?3 AND action = 0))",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, account_id);
  schnack_store_bind_text (stmt, 2, conversation_jid);
  schnack_store_bind_text (stmt, 3, reference_id);
  return find_one (self, stmt, error);
}

/**
 * schnack_store_find_newest_markable:
 *
 * Returns: (transfer full) (nullable): the newest incoming message of
 *   the chat whose sender asked for chat markers (XEP-0333), or %NULL
 */
SchnackMessageRecord *
schnack_store_find_newest_markable (SchnackStore  *self,
                                    gint64         account_id,
                                    const char    *conversation_jid,
                                    GError       **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), NULL);
  g_return_val_if_fail (conversation_jid != NULL, NULL);

  /* Walks messages_page from the newest; in a chat that never asks for
   * markers that is the whole chat, so only the newest 200 are tried. */
  stmt = schnack_store_prepare (self,
                                "SELECT * FROM (SELECT " MESSAGE_COLUMNS " FROM messages m"
                                "  WHERE m.account_id = ?1 AND m.conversation_jid = ?2"
                                "  ORDER BY m.sent_at DESC, m.id DESC LIMIT 200)"
                                " WHERE direction = 0 AND markable AND action = 0 AND NOT retracted"
                                " LIMIT 1",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, account_id);
  schnack_store_bind_text (stmt, 2, conversation_jid);
  return find_one (self, stmt, error);
}

static gboolean
change_one_row (SchnackStore  *self,
                sqlite3_stmt  *stmt,
                GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      schnack_store_set_query_error (self, error, _("Could not update the message"));
      return FALSE;
    }
  if (sqlite3_changes (schnack_store_get_db (self)) == 0)
    {
      g_set_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_NOT_FOUND,
                   _("The message is no longer in the history."));
      return FALSE;
    }
  return TRUE;
}

/**
 * schnack_store_correct_message:
 * @row_id: the original message
 * @new_body: its corrected text
 *
 * Replaces the body (search and the chat's preview follow) and marks the
 * message edited. A withdrawn message stays withdrawn.
 *
 * Returns: %TRUE if the message was changed
 */
gboolean
schnack_store_correct_message (SchnackStore  *self,
                               gint64         row_id,
                               const char    *new_body,
                               GError       **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), FALSE);
  g_return_val_if_fail (new_body != NULL, FALSE);

  stmt = schnack_store_prepare (self,
                                "UPDATE messages SET body = ?2, edited = 1"
                                " WHERE id = ?1 AND NOT retracted",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row_id);
  schnack_store_bind_text (stmt, 2, new_body);
  return change_one_row (self, stmt, error);
}

/**
 * schnack_store_retract_message:
 * @row_id: the message its sender withdrew
 *
 * Keeps the row (so the chat can say a message was withdrawn) but drops
 * its text, from the search index too, and its reactions. An unread
 * message withdrawn is no longer unread.
 *
 * Returns: %TRUE unless the message is missing or the database failed
 */
gboolean
schnack_store_retract_message (SchnackStore  *self,
                               gint64         row_id,
                               GError       **error)
{
  static const char * const statements[] = {
    "UPDATE conversations SET unread_count = max (0, unread_count - 1)"
    " WHERE (account_id, jid) = (SELECT account_id, conversation_jid FROM messages"
    "                            WHERE id = ?1 AND direction = 0 AND body IS NOT NULL"
    "                              AND sent_at > conversations.read_up_to)",
    "DELETE FROM reactions WHERE message_row_id = ?1",
    "UPDATE messages SET body = NULL, retracted = 1, edited = 0, reply_to_id = NULL,"
    " reply_to_sender = NULL WHERE id = ?1",
  };

  g_return_val_if_fail (SCHNACK_IS_STORE (self), FALSE);

  if (!schnack_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      g_autoptr(SchnackStoreStmt) stmt = schnack_store_prepare (self, statements[i], error);

      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, row_id);
      if (i + 1 < G_N_ELEMENTS (statements))
        {
          if (sqlite3_step (stmt) != SQLITE_DONE)
            {
              schnack_store_set_query_error (self, error, _("Could not update the message"));
              goto failed;
            }
        }
      else if (!change_one_row (self, stmt, error))
        {
          goto failed;
        }
    }
  if (schnack_store_commit (self, error))
    return TRUE;

failed:
  schnack_store_rollback (self);
  return FALSE;
}

/**
 * schnack_store_delete_message:
 * @row_id: the message to forget
 *
 * Removes the message from this device's history: the row, its search
 * entry and its reactions; the chat's preview falls back to the message
 * before it.
 *
 * Returns: %TRUE unless the message is missing or the database failed
 */
gboolean
schnack_store_delete_message (SchnackStore  *self,
                              gint64         row_id,
                              GError       **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), FALSE);

  stmt = schnack_store_prepare (self, "DELETE FROM messages WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row_id);
  return change_one_row (self, stmt, error);
}

/**
 * schnack_store_advance_delivery_up_to:
 * @row_id: one of our messages a chat marker names
 * @state: %SCHNACK_DELIVERY_STATE_DELIVERED or %SCHNACK_DELIVERY_STATE_READ
 *
 * A chat marker (XEP-0333) counts for the message it names and every
 * earlier one of ours in that chat that reached the server. States only
 * move forward (see schnack_delivery_state_can_change()).
 *
 * Returns: (transfer full) (element-type gint64): the ids of the
 *   messages that changed, or %NULL with @error set
 */
GArray *
schnack_store_advance_delivery_up_to (SchnackStore          *self,
                                      gint64                 row_id,
                                      SchnackDeliveryState   state,
                                      GError               **error)
{
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(SchnackMessageRecord) target = NULL;
  g_autoptr(SchnackStoreStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), NULL);
  g_return_val_if_fail (state == SCHNACK_DELIVERY_STATE_DELIVERED ||
                        state == SCHNACK_DELIVERY_STATE_READ, NULL);

  target = schnack_store_get_message (self, row_id, error);
  if (target == NULL)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_NOT_FOUND,
                     _("The message is no longer in the history."));
      return NULL;
    }
  if (target->direction != SCHNACK_MESSAGE_DIRECTION_OUTGOING)
    return g_steal_pointer (&changed);

  if (schnack_delivery_state_can_change (target->delivery_state, state))
    {
      if (!schnack_store_set_delivery_state (self, row_id, state, error))
        return NULL;
      g_array_append_val (changed, row_id);
    }

  /* The WHERE repeats messages_unread_outgoing's condition so it is used;
   * ?4 lists the states that may move to @state. */
  stmt = schnack_store_prepare (self,
                                "UPDATE messages SET delivery_state = ?4"
                                " WHERE account_id = ?1 AND conversation_jid = ?2"
                                " AND direction = 1 AND delivery_state IN (1, 2, 3)"
                                " AND delivery_state < ?4 AND action = 0"
                                " AND (sent_at < ?3 OR (sent_at = ?3 AND id < ?5))"
                                " RETURNING id",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, target->account_id);
  schnack_store_bind_text (stmt, 2, target->conversation_jid);
  sqlite3_bind_int64 (stmt, 3, target->sent_at);
  sqlite3_bind_int (stmt, 4, state);
  sqlite3_bind_int64 (stmt, 5, row_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (changed, id);
    }
  if (rc != SQLITE_DONE)
    {
      schnack_store_set_query_error (self, error, _("Could not update the message"));
      return NULL;
    }
  return g_steal_pointer (&changed);
}
