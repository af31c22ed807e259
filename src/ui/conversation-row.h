/* conversation-row.h — one chat in the conversation list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/contact.h"
#include "core/conversation.h"
#include "core/room-list.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_CONVERSATION_ROW (schnack_conversation_row_get_type ())
G_DECLARE_FINAL_TYPE (SchnackConversationRow, schnack_conversation_row, SCHNACK, CONVERSATION_ROW, GtkWidget)

SchnackConversationRow *schnack_conversation_row_new              (void);
void                    schnack_conversation_row_set_conversation (SchnackConversationRow *self,
                                                                   SchnackConversation    *conversation,
                                                                   SchnackContact         *contact);
void                    schnack_conversation_row_set_room_list    (SchnackConversationRow *self,
                                                                   SchnackRoomList        *rooms);
SchnackConversation    *schnack_conversation_row_get_conversation (SchnackConversationRow *self);
char                   *schnack_format_chat_time                  (gint64                  time_us,
                                                                   gint64                  now_us);

G_END_DECLS
