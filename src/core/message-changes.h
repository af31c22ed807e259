/* message-changes.h — corrections, reactions, retractions and markers that arrive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "store/messages.h"
#include "xmpp/message.h"

G_BEGIN_DECLS

/* What an incoming stanza changed in history. */
typedef struct {
  gboolean              consumed;        /* not a message of its own: store nothing new */
  GArray               *updated;         /* (element-type gint64) rows whose content changed */
  GArray               *delivered;       /* (element-type gint64) our rows moved to delivery_state */
  SchnackDeliveryState  delivery_state;
  gint64                read_up_to;      /* > 0: we read the chat up to this sent_at elsewhere */
} SchnackMessageChange;

void     schnack_message_change_clear (SchnackMessageChange         *change);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SchnackMessageChange, schnack_message_change_clear)

gboolean schnack_message_change_apply (SchnackStore                 *store,
                                       gint64                        account_id,
                                       const char                   *conversation_jid,
                                       const char                   *sender,
                                       const SchnackIncomingMessage *message,
                                       SchnackMessageChange         *change,
                                       GError                      **error);

G_END_DECLS
