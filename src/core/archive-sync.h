/* archive-sync.h — catching up from the server archive after being away
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/message-ingest.h"
#include "store/store.h"
#include "xmpp/connection.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_ARCHIVE_SYNC (schnack_archive_sync_get_type ())
G_DECLARE_FINAL_TYPE (SchnackArchiveSync, schnack_archive_sync, SCHNACK, ARCHIVE_SYNC, GObject)

SchnackArchiveSync *schnack_archive_sync_new         (SchnackConnection    *connection,
                                                      SchnackStore         *store,
                                                      SchnackMessageIngest *ingest,
                                                      gint64                account_id);
gboolean            schnack_archive_sync_get_running (SchnackArchiveSync *self);

G_END_DECLS
