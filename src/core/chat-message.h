/* chat-message.h — one message of a chat's history, for the chat view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "store/messages.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_CHAT_MESSAGE (schnack_chat_message_get_type ())
G_DECLARE_FINAL_TYPE (SchnackChatMessage, schnack_chat_message, SCHNACK, CHAT_MESSAGE, GObject)

SchnackChatMessage         *schnack_chat_message_new                (const SchnackMessageRecord *record);
const SchnackMessageRecord *schnack_chat_message_get_record         (SchnackChatMessage         *self);
void                        schnack_chat_message_update             (SchnackChatMessage         *self,
                                                                     const SchnackMessageRecord *record);
gint64                      schnack_chat_message_get_id             (SchnackChatMessage         *self);
gint64                      schnack_chat_message_get_sent_at        (SchnackChatMessage         *self);
gboolean                    schnack_chat_message_is_outgoing        (SchnackChatMessage         *self);
const char                 *schnack_chat_message_get_sender         (SchnackChatMessage         *self);
const char                 *schnack_chat_message_get_body           (SchnackChatMessage         *self);
SchnackDeliveryState        schnack_chat_message_get_delivery_state (SchnackChatMessage         *self);
void                        schnack_chat_message_set_delivery_state (SchnackChatMessage         *self,
                                                                     SchnackDeliveryState        state);
gboolean                    schnack_chat_message_get_starts_day     (SchnackChatMessage         *self);
gboolean                    schnack_chat_message_get_starts_group   (SchnackChatMessage         *self);
void                        schnack_chat_message_place_after        (SchnackChatMessage         *self,
                                                                     SchnackChatMessage         *previous);

G_END_DECLS
