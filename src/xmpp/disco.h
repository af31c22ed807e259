/* disco.h — what we are and can do (XEP-0030, XEP-0115, XEP-0092)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xmpp/connection.h"

G_BEGIN_DECLS

#define SCHNACK_NS_DISCO_INFO "http://jabber.org/protocol/disco#info"
#define SCHNACK_NS_DISCO_ITEMS "http://jabber.org/protocol/disco#items"
#define SCHNACK_NS_CAPS "http://jabber.org/protocol/caps"
#define SCHNACK_NS_VERSION "jabber:iq:version"
#define SCHNACK_CAPS_NODE "https://github.com/schnack/schnack"

typedef struct {
  GPtrArray *identities;   /* "category/type/lang/name" */
  GPtrArray *features;
} SchnackDiscoInfo;

void              schnack_disco_info_free        (SchnackDiscoInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchnackDiscoInfo, schnack_disco_info_free)

gboolean          schnack_disco_info_has_feature (const SchnackDiscoInfo *info,
                                                  const char             *feature);
char             *schnack_disco_caps_hash        (const SchnackDiscoInfo *info);
SchnackDiscoInfo *schnack_disco_own_info         (void);
SchnackXmlNode   *schnack_disco_own_caps         (void);

void              schnack_disco_responder_attach (SchnackConnection *connection);

void              schnack_disco_info_async       (SchnackConnection   *connection,
                                                  const char          *jid,
                                                  const char          *node,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
SchnackDiscoInfo *schnack_disco_info_finish      (GAsyncResult        *result,
                                                  GError             **error);

void              schnack_version_request_async  (SchnackConnection   *connection,
                                                  const char          *full_jid,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
char             *schnack_version_request_finish (GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
