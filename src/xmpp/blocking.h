/* blocking.h — blocking people (XEP-0191) and reporting spam (XEP-0377)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xmpp/connection.h"

G_BEGIN_DECLS

#define SCHNACK_NS_BLOCKING "urn:xmpp:blocking"

void       schnack_blocking_request_async  (SchnackConnection   *connection,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GStrv      schnack_blocking_request_finish (GAsyncResult        *result,
                                            GError             **error);

void       schnack_blocking_block_async    (SchnackConnection   *connection,
                                            const char          *jid,
                                            gboolean             report_spam,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
void       schnack_blocking_unblock_async  (SchnackConnection   *connection,
                                            const char          *jid,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean   schnack_blocking_change_finish  (GAsyncResult        *result,
                                            GError             **error);

/* A push from our server: which JIDs were blocked or unblocked
 * (an unblock without items means "everyone"). */
gboolean   schnack_blocking_parse_push     (const SchnackXmlNode *iq,
                                            const char           *own_bare_jid,
                                            gboolean             *out_blocked,
                                            GStrv                *out_jids);

G_END_DECLS
