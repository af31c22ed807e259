/* roster.h — the contact list on the server (RFC 6121 §2, XEP-0237)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xmpp/connection.h"

G_BEGIN_DECLS

#define SCHNACK_NS_ROSTER "jabber:iq:roster"

typedef enum {
  SCHNACK_SUBSCRIPTION_NONE,
  SCHNACK_SUBSCRIPTION_TO,      /* we see their presence */
  SCHNACK_SUBSCRIPTION_FROM,    /* they see ours */
  SCHNACK_SUBSCRIPTION_BOTH,
  SCHNACK_SUBSCRIPTION_REMOVE,  /* only in pushes: the item is gone */
} SchnackSubscription;

typedef struct {
  char                *jid;           /* bare JID */
  char                *name;          /* nullable */
  SchnackSubscription  subscription;
  gboolean             ask_subscribe; /* our request is pending */
  gboolean             approved;      /* pre-approved (RFC 6121 §3.4) */
  GStrv                groups;        /* never NULL */
} SchnackRosterItem;

GType              schnack_roster_item_get_type (void) G_GNUC_CONST;
#define SCHNACK_TYPE_ROSTER_ITEM (schnack_roster_item_get_type ())
SchnackRosterItem *schnack_roster_item_new     (const char              *jid);
SchnackRosterItem *schnack_roster_item_copy    (const SchnackRosterItem *item);
void               schnack_roster_item_free    (SchnackRosterItem       *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchnackRosterItem, schnack_roster_item_free)

const char          *schnack_subscription_to_string   (SchnackSubscription  subscription);
SchnackSubscription  schnack_subscription_from_string (const char          *text);

void       schnack_roster_request_async  (SchnackConnection   *connection,
                                          const char          *version,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
GPtrArray *schnack_roster_request_finish (GAsyncResult        *result,
                                          char               **out_version,
                                          GError             **error);

SchnackRosterItem *schnack_roster_parse_push (const SchnackXmlNode  *iq,
                                              const char            *own_bare_jid,
                                              char                 **out_version);
void       schnack_roster_answer_push    (SchnackConnection   *connection,
                                          const SchnackXmlNode *iq);

void       schnack_roster_set_item_async  (SchnackConnection       *connection,
                                           const SchnackRosterItem *item,
                                           GCancellable            *cancellable,
                                           GAsyncReadyCallback      callback,
                                           gpointer                 user_data);
void       schnack_roster_remove_item_async (SchnackConnection   *connection,
                                             const char          *jid,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean   schnack_roster_change_finish  (GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
