/* carbons.h — copies of every chat on all our devices (XEP-0280)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xmpp/connection.h"

G_BEGIN_DECLS

void     schnack_carbons_enable_async  (SchnackConnection   *connection,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean schnack_carbons_enable_finish (GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
