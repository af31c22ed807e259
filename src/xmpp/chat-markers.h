/* chat-markers.h — "read" ticks (XEP-0333)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xmpp/connection.h"

G_BEGIN_DECLS

#define SCHNACK_NS_CHAT_MARKERS "urn:xmpp:chat-markers:0"

void schnack_chat_marker_send (SchnackConnection *connection,
                               const char        *to,
                               const char        *marker,
                               const char        *message_id);

G_END_DECLS
