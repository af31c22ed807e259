/* pep.h — personal eventing: publish and fetch on our own account (XEP-0163)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xmpp/connection.h"

G_BEGIN_DECLS

#define SCHNACK_NS_PUBSUB "http://jabber.org/protocol/pubsub"
#define SCHNACK_NS_PUBSUB_EVENT "http://jabber.org/protocol/pubsub#event"

void            schnack_pep_publish_async  (SchnackConnection   *connection,
                                            const char          *node,
                                            const char          *item_id,
                                            SchnackXmlNode      *payload,
                                            gboolean             open_access,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
void            schnack_pep_publish_with_options_async (SchnackConnection   *connection,
                                                        const char          *node,
                                                        const char          *item_id,
                                                        SchnackXmlNode      *payload,
                                                        const char * const  *options,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean        schnack_pep_publish_finish (GAsyncResult        *result,
                                            GError             **error);

void            schnack_pep_fetch_async    (SchnackConnection   *connection,
                                            const char          *jid,
                                            const char          *node,
                                            const char          *item_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
SchnackXmlNode *schnack_pep_fetch_finish   (GAsyncResult        *result,
                                            GError             **error);

SchnackXmlNode *schnack_pep_event_first_item (const SchnackXmlNode *message,
                                              const char          **out_item_id);

G_END_DECLS
