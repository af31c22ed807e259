/* displayed-sync.h — what we read, shared through our account (XEP-0490)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xmpp/connection.h"

G_BEGIN_DECLS

#define SCHNACK_NS_DISPLAYED_SYNC "urn:xmpp:mds:displayed:0"

void     schnack_displayed_sync_publish_async  (SchnackConnection    *connection,
                                                const char           *conversation_jid,
                                                const char           *stanza_id,
                                                const char           *stanza_id_by,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean schnack_displayed_sync_publish_finish (GAsyncResult         *result,
                                                GError              **error);
void     schnack_displayed_sync_fetch_async    (SchnackConnection    *connection,
                                                const char           *own_bare_jid,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GHashTable *schnack_displayed_sync_fetch_finish (GAsyncResult        *result,
                                                GError              **error);
gboolean schnack_displayed_sync_parse_event    (const SchnackXmlNode *message,
                                                const char           *own_bare_jid,
                                                char                **out_conversation_jid,
                                                char                **out_stanza_id);

G_END_DECLS
