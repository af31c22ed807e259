/* chat-states.h — "is typing…" (XEP-0085)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xmpp/connection.h"

G_BEGIN_DECLS

#define SCHNACK_NS_CHAT_STATES "http://jabber.org/protocol/chatstates"

const char *schnack_chat_state_parse (const SchnackXmlNode *message);
void        schnack_chat_state_send  (SchnackConnection    *connection,
                                      const char           *to,
                                      const char           *state);

G_END_DECLS
