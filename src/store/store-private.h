/* store-private.h — what the table files in src/store share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "store/store.h"

G_BEGIN_DECLS

sqlite3      *schnack_store_get_db          (SchnackStore  *self);
sqlite3_stmt *schnack_store_prepare         (SchnackStore  *self,
                                             const char    *sql,
                                             GError       **error);
gboolean      schnack_store_begin           (SchnackStore  *self,
                                             GError       **error);
gboolean      schnack_store_commit          (SchnackStore  *self,
                                             GError       **error);
void          schnack_store_rollback        (SchnackStore  *self);
void          schnack_store_set_query_error (SchnackStore  *self,
                                             GError       **error,
                                             const char    *what);

/* A cached statement borrowed from schnack_store_prepare(). Declaring it
 * g_autoptr (SchnackStoreStmt) resets it when it goes out of scope, which
 * also ends its read transaction so WAL checkpoints are not held up. */
typedef sqlite3_stmt SchnackStoreStmt;

static inline void
schnack_store_stmt_release (SchnackStoreStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchnackStoreStmt, schnack_store_stmt_release)

/* NULL binds SQL NULL; the text is copied, so temporaries are fine. */
static inline int
schnack_store_bind_text (sqlite3_stmt *stmt,
                         int           index,
                         const char   *text)
{
  if (text == NULL)
    return sqlite3_bind_null (stmt, index);
  return sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static inline char *
schnack_store_column_dup (sqlite3_stmt *stmt,
                          int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

G_END_DECLS
