/* account-private.h — what account.c shares with its helper files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/account.h"
#include "core/archive-sync.h"
#include "core/history-feed.h"
#include "core/message-ingest.h"
#include "core/outbox.h"

G_BEGIN_DECLS

SchnackStore  *schnack_account_get_store             (SchnackAccount *self);
SchnackOutbox *schnack_account_get_outbox            (SchnackAccount *self);
SchnackHistoryFeed *schnack_account_get_history_feed (SchnackAccount *self);
SchnackArchiveSync *schnack_account_get_archive_sync (SchnackAccount *self);
SchnackMessageIngest *schnack_account_get_ingest     (SchnackAccount *self);
void           schnack_account_emit_message_updated  (SchnackAccount *self,
                                                      gint64          row_id,
                                                      const char     *conversation_jid);
void           schnack_account_emit_message_deleted  (SchnackAccount *self,
                                                      gint64          row_id,
                                                      const char     *conversation_jid);
void           schnack_account_emit_delivery_changed (SchnackAccount *self,
                                                      gint64          row_id,
                                                      int             state);

/* account-messages.c */
typedef struct _SchnackAccountMessages SchnackAccountMessages;

SchnackAccountMessages *schnack_account_messages_new        (SchnackAccount         *account);
void                    schnack_account_messages_free       (SchnackAccountMessages *self);
gboolean                schnack_account_messages_is_change  (const SchnackIncomingMessage *message);
gboolean                schnack_account_messages_apply      (SchnackAccountMessages *self,
                                                             const SchnackIncomingMessage *message);
gboolean                schnack_account_messages_apply_in   (SchnackAccountMessages *self,
                                                             const SchnackIncomingMessage *message,
                                                             const char             *conversation_jid,
                                                             const char             *sender);
void                    schnack_account_messages_fill_reply (SchnackAccountMessages *self,
                                                             const SchnackIncomingMessage *message,
                                                             SchnackMessageRecord   *record);
void                    schnack_account_messages_note_delivery (SchnackAccountMessages *self,
                                                                gint64                  row_id);
void                    schnack_account_messages_online     (SchnackAccountMessages *self);
SchnackAccountMessages *schnack_account_get_messages        (SchnackAccount         *self);

G_END_DECLS
