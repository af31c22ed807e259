/* conversations.c — the conversation list: order, unread, pins, drafts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows are kept up to date by a trigger on messages (see migration
 * 4 → 5 in store.c); this file reads them and stores what only the user
 * changes: read position, pinned, closed and the draft.
 */
#include "config.h"

#include "store/conversations.h"

#include <glib/gi18n.h>

#include "store/store-private.h"

G_DEFINE_BOXED_TYPE (SchnackConversationRecord, schnack_conversation_record,
                     schnack_conversation_record_copy, schnack_conversation_record_free)

/* A preview line never needs the whole of a huge message. */
#define PREVIEW_CHARS 200

SchnackConversationRecord *
schnack_conversation_record_copy (const SchnackConversationRecord *record)
{
  SchnackConversationRecord *copy = g_new0 (SchnackConversationRecord, 1);

  *copy = *record;
  copy->jid = g_strdup (record->jid);
  copy->draft = g_strdup (record->draft);
  copy->last_body = g_strdup (record->last_body);
  copy->last_sender = g_strdup (record->last_sender);
  return copy;
}

void
schnack_conversation_record_free (SchnackConversationRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->jid);
  g_free (record->draft);
  g_free (record->last_body);
  g_free (record->last_sender);
  g_free (record);
}

#define SELECT_CONVERSATION \
  "SELECT c.account_id, c.jid, c.kind, c.last_activity, c.unread_count, c.pinned, c.closed," \
  "       c.draft, substr (m.body, 1, " G_STRINGIFY (PREVIEW_CHARS) "), m.sender, m.direction," \
  "       m.retracted, c.notify_level" \
  "  FROM conversations c LEFT JOIN messages m ON m.id = c.last_message_id"

static SchnackConversationRecord *
read_row (sqlite3_stmt *stmt)
{
  SchnackConversationRecord *record = g_new0 (SchnackConversationRecord, 1);

  record->account_id = sqlite3_column_int64 (stmt, 0);
  record->jid = schnack_store_column_dup (stmt, 1);
  record->kind = sqlite3_column_int (stmt, 2);
  record->last_activity = sqlite3_column_int64 (stmt, 3);
  record->unread_count = (guint) MAX (sqlite3_column_int64 (stmt, 4), 0);
  record->pinned = sqlite3_column_int (stmt, 5) != 0;
  record->closed = sqlite3_column_int (stmt, 6) != 0;
  record->draft = schnack_store_column_dup (stmt, 7);
  record->last_body = schnack_store_column_dup (stmt, 8);
  record->last_sender = schnack_store_column_dup (stmt, 9);
  record->last_direction = sqlite3_column_int (stmt, 10);
  record->last_retracted = sqlite3_column_int (stmt, 11) != 0;
  record->notify_level = CLAMP (sqlite3_column_int (stmt, 12), SCHNACK_NOTIFY_DEFAULT, SCHNACK_NOTIFY_NEVER);
  return record;
}

/**
 * schnack_store_list_conversations:
 * @account_id: one account, or 0 for all of them
 * @include_closed: also the chats the user closed
 *
 * Pinned chats first, then by last activity, newest first.
 *
 * Returns: (transfer full) (element-type SchnackConversationRecord):
 */
GPtrArray *
schnack_store_list_conversations (SchnackStore  *self,
                                  gint64         account_id,
                                  gboolean       include_closed,
                                  GError       **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;
  g_autoptr(GPtrArray) records = NULL;
  int rc;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), NULL);

  stmt = schnack_store_prepare (self,
                                SELECT_CONVERSATION
                                " WHERE (?1 = 0 OR c.account_id = ?1) AND (?2 OR c.closed = 0)"
                                " ORDER BY c.pinned DESC, c.last_activity DESC, c.jid",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int (stmt, 2, include_closed);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_conversation_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, read_row (stmt));
  if (rc != SQLITE_DONE)
    {
      schnack_store_set_query_error (self, error, _("Could not read the conversation list"));
      return NULL;
    }
  return g_steal_pointer (&records);
}

/**
 * schnack_store_get_conversation:
 *
 * Returns: (transfer full) (nullable): the conversation, or %NULL with
 *   no error when there is none
 */
SchnackConversationRecord *
schnack_store_get_conversation (SchnackStore  *self,
                                gint64         account_id,
                                const char    *jid,
                                GError       **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), NULL);
  g_return_val_if_fail (jid != NULL, NULL);

  stmt = schnack_store_prepare (self, SELECT_CONVERSATION " WHERE c.account_id = ?1 AND c.jid = ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, account_id);
  schnack_store_bind_text (stmt, 2, jid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_row (stmt);
  if (rc != SQLITE_DONE)
    schnack_store_set_query_error (self, error, _("Could not read the conversation list"));
  return NULL;
}

static gboolean
run_change (SchnackStore  *self,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      schnack_store_set_query_error (self, error, _("Could not save the conversation list"));
      return FALSE;
    }
  return TRUE;
}

/* Opening a chat from a contact: it appears at the top of the list even
 * before the first message, and a closed one comes back. */
gboolean
schnack_store_open_conversation (SchnackStore             *self,
                                 gint64                    account_id,
                                 const char               *jid,
                                 SchnackConversationKind   kind,
                                 GError                  **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), FALSE);
  g_return_val_if_fail (jid != NULL, FALSE);

  stmt = schnack_store_prepare (self,
                                "INSERT INTO conversations (account_id, jid, kind, last_activity)"
                                " VALUES (?1, ?2, ?3, ?4)"
                                " ON CONFLICT (account_id, jid) DO UPDATE SET closed = 0",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  schnack_store_bind_text (stmt, 2, jid);
  sqlite3_bind_int (stmt, 3, kind);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
  return run_change (self, stmt, error);
}

/* Everything up to the newest message counts as read; messages the
 * archive brings later that are older than that stay read. */
gboolean
schnack_store_mark_conversation_read (SchnackStore  *self,
                                      gint64         account_id,
                                      const char    *jid,
                                      GError       **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), FALSE);
  g_return_val_if_fail (jid != NULL, FALSE);

  stmt = schnack_store_prepare (self,
                                "UPDATE conversations"
                                " SET unread_count = 0, read_up_to = max (read_up_to, last_activity)"
                                " WHERE account_id = ?1 AND jid = ?2",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  schnack_store_bind_text (stmt, 2, jid);
  return run_change (self, stmt, error);
}

/**
 * schnack_store_mark_conversation_read_up_to:
 * @up_to_sent_at: sent_at of the newest message read (on another device
 *   of ours, XEP-0333/XEP-0490)
 *
 * Messages up to there are read; newer ones stay unread. The read
 * position never moves back.
 */
gboolean
schnack_store_mark_conversation_read_up_to (SchnackStore  *self,
                                            gint64         account_id,
                                            const char    *jid,
                                            gint64         up_to_sent_at,
                                            GError       **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), FALSE);
  g_return_val_if_fail (jid != NULL, FALSE);

  /* Counted like the trigger counts: incoming messages after the read
   * position (a short walk down messages_page from the newest). */
  stmt = schnack_store_prepare (self,
                                "UPDATE conversations"
                                " SET read_up_to = max (read_up_to, ?3),"
                                "     unread_count = min (unread_count, ("
                                "       SELECT count(*) FROM messages m"
                                "       WHERE m.account_id = ?1 AND m.conversation_jid = ?2"
                                "         AND m.sent_at > max (conversations.read_up_to, ?3)"
                                "         AND m.direction = 0 AND m.action = 0 AND m.body IS NOT NULL))"
                                " WHERE account_id = ?1 AND jid = ?2",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  schnack_store_bind_text (stmt, 2, jid);
  sqlite3_bind_int64 (stmt, 3, up_to_sent_at);
  return run_change (self, stmt, error);
}

/* The user's own settings of a chat; a chat that has no row yet (a
 * draft typed before the first message) gets one. */
static gboolean
set_user_column (SchnackStore  *self,
                 const char    *sql,
                 gint64         account_id,
                 const char    *jid,
                 const char    *text,
                 int            flag,
                 GError       **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), FALSE);
  g_return_val_if_fail (jid != NULL, FALSE);

  stmt = schnack_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  schnack_store_bind_text (stmt, 2, jid);
  if (text != NULL || flag < 0)
    schnack_store_bind_text (stmt, 3, text);
  else
    sqlite3_bind_int (stmt, 3, flag);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
  return run_change (self, stmt, error);
}

gboolean
schnack_store_set_conversation_pinned (SchnackStore  *self,
                                       gint64         account_id,
                                       const char    *jid,
                                       gboolean       pinned,
                                       GError       **error)
{
  return set_user_column (self,
                          "INSERT INTO conversations (account_id, jid, pinned, last_activity)"
                          " VALUES (?1, ?2, ?3, ?4)"
                          " ON CONFLICT (account_id, jid) DO UPDATE SET pinned = excluded.pinned",
                          account_id, jid, NULL, pinned ? 1 : 0, error);
}

gboolean
schnack_store_set_conversation_closed (SchnackStore  *self,
                                       gint64         account_id,
                                       const char    *jid,
                                       gboolean       closed,
                                       GError       **error)
{
  return set_user_column (self,
                          "INSERT INTO conversations (account_id, jid, closed, last_activity)"
                          " VALUES (?1, ?2, ?3, ?4)"
                          " ON CONFLICT (account_id, jid) DO UPDATE SET closed = excluded.closed",
                          account_id, jid, NULL, closed ? 1 : 0, error);
}

gboolean
schnack_store_set_conversation_notify_level (SchnackStore        *self,
                                             gint64               account_id,
                                             const char          *jid,
                                             SchnackNotifyLevel   level,
                                             GError             **error)
{
  return set_user_column (self,
                          "INSERT INTO conversations (account_id, jid, notify_level, last_activity)"
                          " VALUES (?1, ?2, ?3, ?4)"
                          " ON CONFLICT (account_id, jid) DO UPDATE SET notify_level = excluded.notify_level",
                          account_id, jid, NULL, level, error);
}

/* @draft: (nullable): %NULL or "" forgets the draft */
gboolean
schnack_store_set_conversation_draft (SchnackStore  *self,
                                      gint64         account_id,
                                      const char    *jid,
                                      const char    *draft,
                                      GError       **error)
{
  return set_user_column (self,
                          "INSERT INTO conversations (account_id, jid, draft, last_activity)"
                          " VALUES (?1, ?2, ?3, ?4)"
                          " ON CONFLICT (account_id, jid) DO UPDATE SET draft = excluded.draft",
                          account_id, jid, draft != NULL && *draft != '\0' ? draft : NULL, -1, error);
}
