/* muc-self-ping.h — are we still in the room? (XEP-0410)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xmpp/connection.h"

G_BEGIN_DECLS

typedef enum {
  SCHNACK_MUC_PING_JOINED,      /* the room answered for us: still in */
  SCHNACK_MUC_PING_NOT_JOINED,  /* the room does not know us (any more): join again */
  SCHNACK_MUC_PING_UNKNOWN,     /* no answer that tells (timeout, server trouble) */
} SchnackMucPingResult;

void                 schnack_muc_self_ping_async  (SchnackConnection   *connection,
                                                   const char          *room_jid,
                                                   const char          *nick,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
SchnackMucPingResult schnack_muc_self_ping_finish (GAsyncResult        *result);

G_END_DECLS
