/* reactions.c — emoji reactions to messages (XEP-0444)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A reaction stanza carries the sender's whole set, so storing it
 * replaces whatever that sender had before; an empty set removes them.
 * Rows go with their message (ON DELETE CASCADE).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "store/reactions.h"
#include "store/store-private.h"

void
schnack_reaction_free (SchnackReaction *reaction)
{
  if (reaction == NULL)
    return;
  g_free (reaction->sender);
  g_free (reaction->emoji);
  g_free (reaction);
}

static gboolean
step_done (SchnackStore  *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  if (sqlite3_step (stmt) == SQLITE_DONE)
    return TRUE;
  schnack_store_set_query_error (self, error, _("Could not save the reaction"));
  return FALSE;
}

/**
 * schnack_store_set_reactions:
 * @message_row_id: the message reacted to
 * @sender: who reacted
 * @emojis: (array zero-terminated=1) (nullable): their complete set now
 *
 * Returns: %TRUE unless the database failed
 */
gboolean
schnack_store_set_reactions (SchnackStore        *self,
                             gint64               message_row_id,
                             const char          *sender,
                             const char * const  *emojis,
                             GError             **error)
{
  g_return_val_if_fail (SCHNACK_IS_STORE (self), FALSE);
  g_return_val_if_fail (message_row_id > 0, FALSE);
  g_return_val_if_fail (sender != NULL, FALSE);

  if (!schnack_store_begin (self, error))
    return FALSE;

  {
    g_autoptr(SchnackStoreStmt) clear =
      schnack_store_prepare (self, "DELETE FROM reactions WHERE message_row_id = ?1 AND sender = ?2", error);

    if (clear == NULL)
      goto failed;
    sqlite3_bind_int64 (clear, 1, message_row_id);
    schnack_store_bind_text (clear, 2, sender);
    if (!step_done (self, clear, error))
      goto failed;
  }

  for (guint i = 0; emojis != NULL && emojis[i] != NULL; i++)
    {
      g_autoptr(SchnackStoreStmt) add = NULL;

      /* Whatever a peer sends, only valid text with something in it. */
      if (*emojis[i] == '\0' || !g_utf8_validate (emojis[i], -1, NULL))
        continue;
      add = schnack_store_prepare (self,
                                   "INSERT OR IGNORE INTO reactions (message_row_id, sender, emoji)"
                                   " VALUES (?1, ?2, ?3)",
                                   error);
      if (add == NULL)
        goto failed;
      sqlite3_bind_int64 (add, 1, message_row_id);
      schnack_store_bind_text (add, 2, sender);
      schnack_store_bind_text (add, 3, emojis[i]);
      if (!step_done (self, add, error))
        goto failed;
    }

  if (schnack_store_commit (self, error))
    return TRUE;

failed:
  schnack_store_rollback (self);
  return FALSE;
}

/**
 * schnack_store_list_reactions:
 * @message_row_id: the message
 *
 * Returns: (transfer full) (element-type SchnackReaction): the
 *   reactions, grouped by emoji, or %NULL with @error set
 */
GPtrArray *
schnack_store_list_reactions (SchnackStore  *self,
                              gint64         message_row_id,
                              GError       **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;
  g_autoptr(GPtrArray) reactions = NULL;
  int rc;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), NULL);

  stmt = schnack_store_prepare (self,
                                "SELECT sender, emoji FROM reactions WHERE message_row_id = ?1"
                                " ORDER BY emoji, sender",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, message_row_id);

  reactions = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_reaction_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SchnackReaction *reaction = g_new0 (SchnackReaction, 1);

      reaction->sender = schnack_store_column_dup (stmt, 0);
      reaction->emoji = schnack_store_column_dup (stmt, 1);
      g_ptr_array_add (reactions, reaction);
    }
  if (rc != SQLITE_DONE)
    {
      schnack_store_set_query_error (self, error, _("Could not read the reactions"));
      return NULL;
    }
  return g_steal_pointer (&reactions);
}
