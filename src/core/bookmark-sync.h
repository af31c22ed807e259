/* bookmark-sync.h — saved rooms, joined at sign-in and kept in step with other devices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/room-list.h"
#include "xmpp/bookmarks.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_BOOKMARK_SYNC (schnack_bookmark_sync_get_type ())
G_DECLARE_FINAL_TYPE (SchnackBookmarkSync, schnack_bookmark_sync, SCHNACK, BOOKMARK_SYNC, GObject)

SchnackBookmarkSync *schnack_bookmark_sync_new           (SchnackConnection   *connection,
                                                          SchnackRoomList     *rooms,
                                                          const char          *own_jid);
/* Returns: (transfer container) (element-type SchnackBookmark): the
 * bookmarks known now, sorted by room JID */
GPtrArray           *schnack_bookmark_sync_list          (SchnackBookmarkSync *self);
gboolean             schnack_bookmark_sync_uses_legacy   (SchnackBookmarkSync *self);

/* Saves @room (its nick and password) on the server for all devices. */
void                 schnack_bookmark_sync_save_async    (SchnackBookmarkSync *self,
                                                          SchnackRoom         *room,
                                                          gboolean             autojoin,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
void                 schnack_bookmark_sync_remove_async  (SchnackBookmarkSync *self,
                                                          const char          *room_jid,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean             schnack_bookmark_sync_change_finish (SchnackBookmarkSync *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

G_END_DECLS
