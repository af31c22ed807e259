/* accounts.c — the accounts table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "store/accounts.h"
#include "store/store-private.h"

G_DEFINE_BOXED_TYPE (SchnackAccountRecord, schnack_account_record,
                     schnack_account_record_copy, schnack_account_record_free)

#define ACCOUNT_COLUMNS \
  "id, jid, resource, host, port, direct_tls, pinned_cert_sha256, enabled, created_at, priority"

SchnackAccountRecord *
schnack_account_record_new (void)
{
  SchnackAccountRecord *record = g_new0 (SchnackAccountRecord, 1);

  record->enabled = TRUE;
  return record;
}

SchnackAccountRecord *
schnack_account_record_copy (const SchnackAccountRecord *record)
{
  SchnackAccountRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = g_memdup2 (record, sizeof *record);
  copy->jid = g_strdup (record->jid);
  copy->resource = g_strdup (record->resource);
  copy->host = g_strdup (record->host);
  copy->pinned_cert_sha256 = g_strdup (record->pinned_cert_sha256);
  return copy;
}

void
schnack_account_record_free (SchnackAccountRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->jid);
  g_free (record->resource);
  g_free (record->host);
  g_free (record->pinned_cert_sha256);
  g_free (record);
}

static SchnackAccountRecord *
account_from_row (sqlite3_stmt *stmt)
{
  SchnackAccountRecord *record = schnack_account_record_new ();

  record->id = sqlite3_column_int64 (stmt, 0);
  record->jid = schnack_store_column_dup (stmt, 1);
  record->resource = schnack_store_column_dup (stmt, 2);
  record->host = schnack_store_column_dup (stmt, 3);
  record->port = (guint16) sqlite3_column_int (stmt, 4);
  record->direct_tls = sqlite3_column_int (stmt, 5) != 0;
  record->pinned_cert_sha256 = schnack_store_column_dup (stmt, 6);
  record->enabled = sqlite3_column_int (stmt, 7) != 0;
  record->created_at = sqlite3_column_int64 (stmt, 8);
  record->priority = sqlite3_column_int (stmt, 9);
  return record;
}

/* Parameters 1–7 and 9 are the same in INSERT and UPDATE. */
static void
bind_account (sqlite3_stmt               *stmt,
              const SchnackAccountRecord *record)
{
  schnack_store_bind_text (stmt, 1, record->jid);
  schnack_store_bind_text (stmt, 2, record->resource);
  schnack_store_bind_text (stmt, 3, record->host);
  if (record->port != 0)
    sqlite3_bind_int (stmt, 4, record->port);
  sqlite3_bind_int (stmt, 5, record->direct_tls ? 1 : 0);
  schnack_store_bind_text (stmt, 6, record->pinned_cert_sha256);
  sqlite3_bind_int (stmt, 7, record->enabled ? 1 : 0);
  sqlite3_bind_int (stmt, 9, CLAMP (record->priority, -128, 127));
}

static void
set_write_error (SchnackStore               *self,
                 const SchnackAccountRecord *record,
                 GError                    **error)
{
  if (sqlite3_extended_errcode (schnack_store_get_db (self)) == SQLITE_CONSTRAINT_UNIQUE)
    g_set_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_EXISTS,
                 _("There is already an account for %s."), record->jid);
  else
    schnack_store_set_query_error (self, error, _("Could not save the account"));
}

/**
 * schnack_store_add_account:
 * @self: a #SchnackStore
 * @record: the account; its @id and @created_at are filled in
 * @error: return location for a #GError
 *
 * Stores a new account. A second account with the same JID fails with
 * %SCHNACK_STORE_ERROR_EXISTS.
 *
 * Returns: %TRUE if the account was stored
 */
gboolean
schnack_store_add_account (SchnackStore          *self,
                           SchnackAccountRecord  *record,
                           GError               **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (SCHNACK_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (record->jid != NULL && *record->jid != '\0', FALSE);
  g_return_val_if_fail (strchr (record->jid, '/') == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = schnack_store_prepare (self,
                                "INSERT INTO accounts (jid, resource, host, port, direct_tls,"
                                " pinned_cert_sha256, enabled, created_at, priority)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                error);
  if (stmt == NULL)
    return FALSE;

  bind_account (stmt, record);
  sqlite3_bind_int64 (stmt, 8, now);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_write_error (self, record, error);
      return FALSE;
    }

  record->id = sqlite3_last_insert_rowid (schnack_store_get_db (self));
  record->created_at = now;
  return TRUE;
}

/**
 * schnack_store_update_account:
 * @self: a #SchnackStore
 * @record: the account, found by its @id; @created_at is not changed
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the account was saved; an unknown id fails with
 *   %SCHNACK_STORE_ERROR_NOT_FOUND
 */
gboolean
schnack_store_update_account (SchnackStore          *self,
                              SchnackAccountRecord  *record,
                              GError               **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (record->id > 0, FALSE);
  g_return_val_if_fail (record->jid != NULL && *record->jid != '\0', FALSE);
  g_return_val_if_fail (strchr (record->jid, '/') == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = schnack_store_prepare (self,
                                "UPDATE accounts SET jid = ?1, resource = ?2, host = ?3,"
                                " port = ?4, direct_tls = ?5, pinned_cert_sha256 = ?6,"
                                " enabled = ?7, priority = ?9"
                                " WHERE id = ?8",
                                error);
  if (stmt == NULL)
    return FALSE;

  bind_account (stmt, record);
  sqlite3_bind_int64 (stmt, 8, record->id);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_write_error (self, record, error);
      return FALSE;
    }

  if (sqlite3_changes (schnack_store_get_db (self)) == 0)
    {
      g_set_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_NOT_FOUND,
                   _("The account %s no longer exists."), record->jid);
      return FALSE;
    }

  return TRUE;
}

/**
 * schnack_store_remove_account:
 * @self: a #SchnackStore
 * @id: the account's id
 * @error: return location for a #GError
 *
 * Removes the account and, through the foreign key, all its messages.
 * Removing an account that is already gone succeeds. The password in the
 * keyring is not touched: that is schnack_secrets_clear_password_async().
 *
 * Returns: %TRUE unless the database failed
 */
gboolean
schnack_store_remove_account (SchnackStore  *self,
                              gint64         id,
                              GError       **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), FALSE);
  g_return_val_if_fail (id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = schnack_store_prepare (self, "DELETE FROM accounts WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      schnack_store_set_query_error (self, error, _("Could not remove the account"));
      return FALSE;
    }

  return TRUE;
}

/**
 * schnack_store_list_accounts:
 * @self: a #SchnackStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type SchnackAccountRecord): the
 *   accounts in the order they were added, or %NULL with @error set
 */
GPtrArray *
schnack_store_list_accounts (SchnackStore  *self,
                             GError       **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  int rc;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = schnack_store_prepare (self,
                                "SELECT " ACCOUNT_COLUMNS " FROM accounts ORDER BY id",
                                error);
  if (stmt == NULL)
    return NULL;

  accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_account_record_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (accounts, account_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      schnack_store_set_query_error (self, error, _("Could not read the accounts"));
      return NULL;
    }

  return g_steal_pointer (&accounts);
}

/**
 * schnack_store_find_account:
 * @self: a #SchnackStore
 * @bare_jid: the account's bare JID
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the account, or %NULL — with
 *   @error unset if there is no such account
 */
SchnackAccountRecord *
schnack_store_find_account (SchnackStore  *self,
                            const char    *bare_jid,
                            GError       **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), NULL);
  g_return_val_if_fail (bare_jid != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = schnack_store_prepare (self,
                                "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE jid = ?1",
                                error);
  if (stmt == NULL)
    return NULL;

  schnack_store_bind_text (stmt, 1, bare_jid);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return account_from_row (stmt);

  if (rc != SQLITE_DONE)
    schnack_store_set_query_error (self, error, _("Could not read the accounts"));

  return NULL;
}

/**
 * schnack_store_get_archive_position:
 *
 * Returns: (nullable): the archive id (XEP-0359 stanza-id) of the last
 *   message read from the account's server archive
 */
char *
schnack_store_get_archive_position (SchnackStore *self,
                                    gint64        account_id)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), NULL);

  stmt = schnack_store_prepare (self, "SELECT archive_position FROM accounts WHERE id = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, account_id);
  return sqlite3_step (stmt) == SQLITE_ROW ? schnack_store_column_dup (stmt, 0) : NULL;
}

gboolean
schnack_store_set_archive_position (SchnackStore  *self,
                                    gint64         account_id,
                                    const char    *stanza_id,
                                    GError       **error)
{
  g_autoptr(SchnackStoreStmt) stmt = NULL;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), FALSE);

  stmt = schnack_store_prepare (self, "UPDATE accounts SET archive_position = ?1 WHERE id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  schnack_store_bind_text (stmt, 1, stanza_id);
  sqlite3_bind_int64 (stmt, 2, account_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      schnack_store_set_query_error (self, error, _("Could not save the account"));
      return FALSE;
    }
  return TRUE;
}
