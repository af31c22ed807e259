/* bookmarks.h — saved rooms: XEP-0402 in PEP, XEP-0048 in private storage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xmpp/connection.h"

G_BEGIN_DECLS

#define SCHNACK_NS_BOOKMARKS2        "urn:xmpp:bookmarks:1"
#define SCHNACK_NS_BOOKMARKS2_COMPAT "urn:xmpp:bookmarks:1#compat"

typedef struct {
  char     *jid;       /* the room */
  char     *name;
  char     *nick;
  char     *password;
  gboolean  autojoin;
} SchnackBookmark;

GType            schnack_bookmark_get_type (void) G_GNUC_CONST;
#define SCHNACK_TYPE_BOOKMARK (schnack_bookmark_get_type ())
SchnackBookmark *schnack_bookmark_new      (const char            *jid);
SchnackBookmark *schnack_bookmark_copy     (const SchnackBookmark *bookmark);
void             schnack_bookmark_free     (SchnackBookmark       *bookmark);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchnackBookmark, schnack_bookmark_free)

/* @legacy: XEP-0048 in private storage (servers without #compat). */
void             schnack_bookmarks_fetch_async   (SchnackConnection   *connection,
                                                  gboolean             legacy,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* Returns: (transfer full) (element-type SchnackBookmark) */
GPtrArray       *schnack_bookmarks_fetch_finish  (GAsyncResult        *result,
                                                  GError             **error);

/* XEP-0402: one item per room, readable only by our own account. */
void             schnack_bookmarks_publish_async (SchnackConnection     *connection,
                                                  const SchnackBookmark *bookmark,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
void             schnack_bookmarks_retract_async (SchnackConnection     *connection,
                                                  const char            *room_jid,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
/* XEP-0048: the whole list at once. */
void             schnack_bookmarks_store_legacy_async (SchnackConnection *connection,
                                                       GPtrArray         *bookmarks,
                                                       GCancellable      *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer           user_data);
/* Finishes publish, retract and store_legacy. */
gboolean         schnack_bookmarks_change_finish (GAsyncResult        *result,
                                                  GError             **error);

/* A PEP notification from our own account: bookmarks published (added
 * to @out_published) and room JIDs retracted (to @out_retracted). */
gboolean         schnack_bookmarks_parse_event   (const SchnackXmlNode *message,
                                                  const char           *own_bare_jid,
                                                  GPtrArray            *out_published,
                                                  GPtrArray            *out_retracted);

G_END_DECLS
