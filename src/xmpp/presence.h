/* presence.h — availability and subscriptions (RFC 6121 §3–4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xmpp/connection.h"
#include "xmpp/presence-show.h"

G_BEGIN_DECLS

typedef struct {
  char                *from;          /* full JID */
  char                *type;          /* NULL for available; "unavailable", "subscribe", … */
  SchnackPresenceShow  show;
  char                *status;
  int                  priority;
  char                *caps_node;     /* XEP-0115 */
  char                *caps_ver;
  char                *avatar_hash;   /* XEP-0153 vcard-temp:x:update */
  char                *nick;          /* XEP-0172 */
} SchnackPresence;

SchnackPresence *schnack_presence_parse      (const SchnackXmlNode *stanza);
void             schnack_presence_free       (SchnackPresence      *presence);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchnackPresence, schnack_presence_free)

SchnackXmlNode  *schnack_presence_build      (SchnackPresenceShow   show,
                                              const char           *status,
                                              int                   priority);
void             schnack_presence_send_subscription (SchnackConnection *connection,
                                                     const char        *type,
                                                     const char        *to);

G_END_DECLS
