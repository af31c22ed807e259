/* roster.c — the contact list as last seen, for instant start-up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The copy of the server's roster and its version (XEP-0237): at start
 * the contact list shows at once, and the server then sends only what
 * changed. Groups are stored joined by newlines (a group name cannot
 * usefully contain one).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "store/roster.h"
#include "store/store-private.h"

SchnackRosterRecord *
schnack_roster_record_new (const char *jid)
{
  SchnackRosterRecord *record = g_new0 (SchnackRosterRecord, 1);

  record->jid = g_strdup (jid);
  record->groups = g_new0 (char *, 1);
  return record;
}

void
schnack_roster_record_free (SchnackRosterRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->jid);
  g_free (record->name);
  g_strfreev (record->groups);
  g_free (record);
}

static gboolean
set_version (SchnackStore  *self,
             gint64         account_id,
             const char    *version,
             GError       **error)
{
  g_autoptr(SchnackStoreStmt) stmt =
    schnack_store_prepare (self, "UPDATE accounts SET roster_version = ?1 WHERE id = ?2", error);

  if (stmt == NULL)
    return FALSE;
  schnack_store_bind_text (stmt, 1, version);
  sqlite3_bind_int64 (stmt, 2, account_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      schnack_store_set_query_error (self, error, _("Could not save the contact list"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_item (SchnackStore               *self,
             gint64                      account_id,
             const SchnackRosterRecord  *record,
             GError                    **error)
{
  g_autoptr(SchnackStoreStmt) stmt =
    schnack_store_prepare (self,
                           "INSERT OR REPLACE INTO roster_items"
                           " (account_id, jid, name, subscription, ask, groups)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           error);
  g_autofree char *groups = NULL;

  if (stmt == NULL)
    return FALSE;
  groups = g_strjoinv ("\n", record->groups);
  sqlite3_bind_int64 (stmt, 1, account_id);
  schnack_store_bind_text (stmt, 2, record->jid);
  schnack_store_bind_text (stmt, 3, record->name);
  sqlite3_bind_int (stmt, 4, record->subscription);
  sqlite3_bind_int (stmt, 5, record->ask_subscribe ? 1 : 0);
  schnack_store_bind_text (stmt, 6, groups);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      schnack_store_set_query_error (self, error, _("Could not save the contact list"));
      return FALSE;
    }
  return TRUE;
}

/**
 * schnack_store_load_roster:
 * @out_version: (out) (optional): the roster version, or %NULL
 *
 * Returns: (transfer container): SchnackRosterRecord, by JID
 */
GPtrArray *
schnack_store_load_roster (SchnackStore  *self,
                           gint64         account_id,
                           char         **out_version,
                           GError       **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_roster_record_free);
  g_autoptr(SchnackStoreStmt) stmt = NULL;
  int status;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), NULL);

  if (out_version != NULL)
    {
      g_autoptr(SchnackStoreStmt) version =
        schnack_store_prepare (self, "SELECT roster_version FROM accounts WHERE id = ?1", error);

      if (version == NULL)
        return NULL;
      sqlite3_bind_int64 (version, 1, account_id);
      *out_version = sqlite3_step (version) == SQLITE_ROW ? schnack_store_column_dup (version, 0) : NULL;
    }

  stmt = schnack_store_prepare (self,
                                "SELECT jid, name, subscription, ask, groups FROM roster_items"
                                " WHERE account_id = ?1 ORDER BY jid",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, account_id);

  while ((status = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SchnackRosterRecord *record = schnack_roster_record_new ((const char *) sqlite3_column_text (stmt, 0));
      const char *groups = (const char *) sqlite3_column_text (stmt, 4);

      record->name = schnack_store_column_dup (stmt, 1);
      record->subscription = sqlite3_column_int (stmt, 2);
      record->ask_subscribe = sqlite3_column_int (stmt, 3) != 0;
      if (groups != NULL && *groups != '\0')
        {
          g_strfreev (record->groups);
          record->groups = g_strsplit (groups, "\n", -1);
        }
      g_ptr_array_add (records, record);
    }
  if (status != SQLITE_DONE)
    {
      schnack_store_set_query_error (self, error, _("Could not read the contact list"));
      return NULL;
    }
  return g_steal_pointer (&records);
}

/* The whole list, as the server sent it, in one transaction. */
gboolean
schnack_store_replace_roster (SchnackStore  *self,
                              gint64         account_id,
                              GPtrArray     *records,
                              const char    *version,
                              GError       **error)
{
  g_return_val_if_fail (SCHNACK_IS_STORE (self), FALSE);

  if (!schnack_store_begin (self, error))
    return FALSE;

  {
    g_autoptr(SchnackStoreStmt) clear =
      schnack_store_prepare (self, "DELETE FROM roster_items WHERE account_id = ?1", error);

    if (clear == NULL)
      goto failed;
    sqlite3_bind_int64 (clear, 1, account_id);
    if (sqlite3_step (clear) != SQLITE_DONE)
      {
        schnack_store_set_query_error (self, error, _("Could not save the contact list"));
        goto failed;
      }
  }

  for (guint i = 0; i < records->len; i++)
    if (!insert_item (self, account_id, g_ptr_array_index (records, i), error))
      goto failed;
  if (!set_version (self, account_id, version, error))
    goto failed;
  return schnack_store_commit (self, error);

failed:
  schnack_store_rollback (self);
  return FALSE;
}

gboolean
schnack_store_save_roster_item (SchnackStore               *self,
                                gint64                      account_id,
                                const SchnackRosterRecord  *record,
                                const char                 *version,
                                GError                    **error)
{
  g_return_val_if_fail (SCHNACK_IS_STORE (self), FALSE);

  if (!schnack_store_begin (self, error))
    return FALSE;
  if (!insert_item (self, account_id, record, error) ||
      !set_version (self, account_id, version, error))
    {
      schnack_store_rollback (self);
      return FALSE;
    }
  return schnack_store_commit (self, error);
}

gboolean
schnack_store_remove_roster_item (SchnackStore  *self,
                                  gint64         account_id,
                                  const char    *jid,
                                  const char    *version,
                                  GError       **error)
{
  g_return_val_if_fail (SCHNACK_IS_STORE (self), FALSE);

  if (!schnack_store_begin (self, error))
    return FALSE;

  {
    g_autoptr(SchnackStoreStmt) stmt =
      schnack_store_prepare (self, "DELETE FROM roster_items WHERE account_id = ?1 AND jid = ?2", error);

    if (stmt == NULL)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, account_id);
    schnack_store_bind_text (stmt, 2, jid);
    if (sqlite3_step (stmt) != SQLITE_DONE)
      {
        schnack_store_set_query_error (self, error, _("Could not save the contact list"));
        goto failed;
      }
  }
  if (!set_version (self, account_id, version, error))
    goto failed;
  return schnack_store_commit (self, error);

failed:
  schnack_store_rollback (self);
  return FALSE;
}
