/* presence.h — availability and subscriptions (RFC 6121 §3–4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xmpp/connection.h"

G_BEGIN_DECLS

/* Ordered from least to most reachable, for picking the best resource. */
typedef enum {
  SCHNACK_SHOW_OFFLINE,
  SCHNACK_SHOW_DND,
  SCHNACK_SHOW_XA,
  SCHNACK_SHOW_AWAY,
  SCHNACK_SHOW_AVAILABLE,
  SCHNACK_SHOW_CHAT,
} SchnackPresenceShow;

GType schnack_presence_show_get_type (void) G_GNUC_CONST;
#define SCHNACK_TYPE_PRESENCE_SHOW (schnack_presence_show_get_type ())

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
