/* mam.h — reading the server's message archive (XEP-0313, RSM paging)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xmpp/connection.h"

G_BEGIN_DECLS

void     schnack_mam_query_page_async  (SchnackConnection   *connection,
                                        const char          *query_id,
                                        const char          *after_id,
                                        gint64               start_us,
                                        guint                max,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
void     schnack_mam_query_archive_page_async (SchnackConnection   *connection,
                                               const char          *archive_jid,
                                               const char          *query_id,
                                               const char          *after_id,
                                               gint64               start_us,
                                               gboolean             last_page,
                                               guint                max,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean schnack_mam_query_page_finish (GAsyncResult        *result,
                                        char               **out_last_id,
                                        gboolean            *out_complete,
                                        GError             **error);

G_END_DECLS
