/* chat-view.h — one chat: its history and the composer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/account.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_CHAT_VIEW (schnack_chat_view_get_type ())
G_DECLARE_FINAL_TYPE (SchnackChatView, schnack_chat_view, SCHNACK, CHAT_VIEW, GtkWidget)

void                   schnack_chat_view_set_conversation (SchnackChatView            *self,
                                                           SchnackAccount             *account,
                                                           const char                 *jid);
void                   schnack_chat_view_set_room         (SchnackChatView            *self,
                                                           SchnackRoom                *room);
SchnackRoom           *schnack_chat_view_get_room         (SchnackChatView            *self);
SchnackAccount        *schnack_chat_view_get_account      (SchnackChatView            *self);
const char            *schnack_chat_view_get_jid          (SchnackChatView            *self);
SchnackMessageHistory *schnack_chat_view_get_history      (SchnackChatView            *self);
gboolean               schnack_chat_view_show_message     (SchnackChatView            *self,
                                                           const SchnackMessageRecord *record);
void                   schnack_chat_view_focus_composer   (SchnackChatView            *self);
GtkWidget             *schnack_chat_view_get_composer     (SchnackChatView            *self);
gboolean               schnack_chat_view_is_at_end        (SchnackChatView            *self);

G_END_DECLS
