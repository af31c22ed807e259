/* message-history.h — one chat's stored messages, paged in on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/chat-message.h"
#include "store/store.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_MESSAGE_HISTORY (schnack_message_history_get_type ())
G_DECLARE_FINAL_TYPE (SchnackMessageHistory, schnack_message_history, SCHNACK, MESSAGE_HISTORY, GObject)

SchnackMessageHistory *schnack_message_history_new            (SchnackStore          *store,
                                                               gint64                 account_id,
                                                               const char            *jid,
                                                               guint                  page_size);
const char            *schnack_message_history_get_jid        (SchnackMessageHistory *self);
gint64                 schnack_message_history_get_account_id (SchnackMessageHistory *self);
gboolean               schnack_message_history_has_older      (SchnackMessageHistory *self);
gboolean               schnack_message_history_has_newer      (SchnackMessageHistory *self);
gboolean               schnack_message_history_load_older     (SchnackMessageHistory *self,
                                                               GError               **error);
gboolean               schnack_message_history_load_newer     (SchnackMessageHistory *self,
                                                               GError               **error);
gboolean               schnack_message_history_load_around    (SchnackMessageHistory *self,
                                                               const SchnackMessageRecord *target,
                                                               guint                 *out_position,
                                                               GError               **error);
gboolean               schnack_message_history_load_latest    (SchnackMessageHistory *self,
                                                               GError               **error);
guint                  schnack_message_history_trim_older     (SchnackMessageHistory *self,
                                                               guint                  keep);
SchnackChatMessage    *schnack_message_history_find           (SchnackMessageHistory *self,
                                                               gint64                 message_id,
                                                               guint                 *out_position);
void                   schnack_message_history_add            (SchnackMessageHistory *self,
                                                               const SchnackMessageRecord *record);
void                   schnack_message_history_add_all        (SchnackMessageHistory *self,
                                                               GPtrArray             *records);
void                   schnack_message_history_update         (SchnackMessageHistory *self,
                                                               const SchnackMessageRecord *record);
void                   schnack_message_history_set_delivery_state (SchnackMessageHistory *self,
                                                                   gint64                 message_id,
                                                                   SchnackDeliveryState   state);
void                   schnack_message_history_remove         (SchnackMessageHistory *self,
                                                               gint64                 message_id);
char                  *schnack_message_history_dup_reactions  (SchnackMessageHistory *self,
                                                               gint64                 message_id,
                                                               const char            *own_jid,
                                                               char                ***out_own);
SchnackMessageRecord  *schnack_message_history_find_reference (SchnackMessageHistory *self,
                                                               const char            *reference_id);
SchnackChatMessage    *schnack_message_history_find_last_own  (SchnackMessageHistory *self);

G_END_DECLS
