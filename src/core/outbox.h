/* outbox.h — sent messages are stored first and delivered until acknowledged
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "store/messages.h"
#include "xmpp/connection.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_OUTBOX (schnack_outbox_get_type ())
G_DECLARE_FINAL_TYPE (SchnackOutbox, schnack_outbox, SCHNACK, OUTBOX, GObject)

SchnackOutbox *schnack_outbox_new  (SchnackStore       *store,
                                    gint64              account_id,
                                    const char         *own_bare_jid,
                                    SchnackConnection  *connection);
gboolean       schnack_outbox_send (SchnackOutbox      *self,
                                    const char         *to_bare_jid,
                                    const char         *body,
                                    gint64             *out_message_id,
                                    GError            **error);
gboolean       schnack_outbox_send_full (SchnackOutbox          *self,
                                         const char             *to,
                                         SchnackConversationKind kind,
                                         gboolean                may_send_now,
                                         const char             *body,
                                         gint64                 *out_message_id,
                                         GError                **error);
void           schnack_outbox_flush_room (SchnackOutbox         *self,
                                          const char            *room_jid);
gboolean       schnack_outbox_send_record (SchnackOutbox        *self,
                                           SchnackMessageRecord *record,
                                           gboolean              may_send_now,
                                           GError              **error);
gboolean       schnack_outbox_retry (SchnackOutbox     *self,
                                     gint64             message_id,
                                     GError           **error);

G_END_DECLS
