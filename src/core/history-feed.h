/* history-feed.h — keeps the chat histories on screen in step with the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "core/message-history.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_HISTORY_FEED (schnack_history_feed_get_type ())
G_DECLARE_FINAL_TYPE (SchnackHistoryFeed, schnack_history_feed, SCHNACK, HISTORY_FEED, GObject)

SchnackHistoryFeed    *schnack_history_feed_new               (SchnackStore               *store,
                                                               gint64                      account_id);
SchnackMessageHistory *schnack_history_feed_open              (SchnackHistoryFeed         *self,
                                                               const char                 *jid);
void                   schnack_history_feed_message_stored    (SchnackHistoryFeed         *self,
                                                               const SchnackMessageRecord *record);
void                   schnack_history_feed_messages_stored   (SchnackHistoryFeed         *self,
                                                               GPtrArray                  *records);
void                   schnack_history_feed_message_stored_id (SchnackHistoryFeed         *self,
                                                               gint64                      row_id);
void                   schnack_history_feed_message_changed   (SchnackHistoryFeed         *self,
                                                               gint64                      row_id,
                                                               const char                 *jid);
void                   schnack_history_feed_delivery_changed  (SchnackHistoryFeed         *self,
                                                               gint64                      row_id,
                                                               SchnackDeliveryState        state);
void                   schnack_history_feed_message_deleted   (SchnackHistoryFeed         *self,
                                                               gint64                      row_id,
                                                               const char                 *jid);

G_END_DECLS
