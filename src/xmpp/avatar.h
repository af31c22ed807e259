/* avatar.h — profile pictures (XEP-0084, XEP-0153) and nicknames (XEP-0172)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xmpp/connection.h"

G_BEGIN_DECLS

#define SCHNACK_NS_AVATAR_METADATA "urn:xmpp:avatar:metadata"
#define SCHNACK_NS_AVATAR_DATA "urn:xmpp:avatar:data"
#define SCHNACK_NS_NICK "http://jabber.org/protocol/nick"
#define SCHNACK_NS_VCARD "vcard-temp"

char     *schnack_avatar_hash                 (GBytes              *image);
gboolean  schnack_avatar_parse_metadata       (const SchnackXmlNode *metadata,
                                               char               **out_id,
                                               char               **out_type);

void      schnack_avatar_fetch_async          (SchnackConnection   *connection,
                                               const char          *jid,
                                               const char          *id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
void      schnack_avatar_fetch_vcard_async    (SchnackConnection   *connection,
                                               const char          *jid,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GBytes   *schnack_avatar_fetch_finish         (GAsyncResult        *result,
                                               GError             **error);

void      schnack_avatar_publish_async        (SchnackConnection   *connection,
                                               GBytes              *image,
                                               const char          *type,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
char     *schnack_avatar_publish_finish       (GAsyncResult        *result,
                                               GError             **error);

void      schnack_nick_publish_async          (SchnackConnection   *connection,
                                               const char          *nick,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean  schnack_nick_publish_finish         (GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
