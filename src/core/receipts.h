/* receipts.h — "delivered" ticks (XEP-0184)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/contact-list.h"
#include "store/messages.h"
#include "xmpp/message.h"

G_BEGIN_DECLS

gboolean schnack_receipts_answer (SchnackConnection            *connection,
                                  SchnackContactList           *contacts,
                                  const SchnackIncomingMessage *message);
gint64   schnack_receipts_apply  (SchnackStore                 *store,
                                  gint64                        account_id,
                                  const SchnackXmlNode         *stanza);

G_END_DECLS
