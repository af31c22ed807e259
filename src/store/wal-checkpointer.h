/* wal-checkpointer.h — WAL checkpoints on a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _SchnackWalCheckpointer SchnackWalCheckpointer;

SchnackWalCheckpointer *schnack_wal_checkpointer_attach (sqlite3                *db,
                                                         const char             *path);
void                    schnack_wal_checkpointer_detach (SchnackWalCheckpointer *self,
                                                         sqlite3                *db);

G_END_DECLS
