/* conversation-list.h — an account's open chats, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/conversation.h"
#include "store/store.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_CONVERSATION_LIST (schnack_conversation_list_get_type ())
G_DECLARE_FINAL_TYPE (SchnackConversationList, schnack_conversation_list, SCHNACK, CONVERSATION_LIST, GObject)

SchnackConversationList *schnack_conversation_list_new       (SchnackStore             *store,
                                                              gint64                    account_id);
SchnackConversation     *schnack_conversation_list_find      (SchnackConversationList  *self,
                                                              const char               *jid);
void                     schnack_conversation_list_refresh   (SchnackConversationList  *self,
                                                              const char               *jid);
gboolean                 schnack_conversation_list_open      (SchnackConversationList  *self,
                                                              const char               *jid,
                                                              GError                  **error);
gboolean                 schnack_conversation_list_open_room (SchnackConversationList *self,
                                                              const char              *room_jid,
                                                              GError                 **error);
gboolean                 schnack_conversation_list_close     (SchnackConversationList  *self,
                                                              const char               *jid,
                                                              GError                  **error);
gboolean                 schnack_conversation_list_mark_read (SchnackConversationList  *self,
                                                              const char               *jid,
                                                              GError                  **error);
gboolean                 schnack_conversation_list_set_pinned (SchnackConversationList *self,
                                                              const char               *jid,
                                                              gboolean                  pinned,
                                                              GError                  **error);
gboolean                 schnack_conversation_list_set_notify_level (SchnackConversationList *self,
                                                                     const char              *jid,
                                                                     SchnackNotifyLevel       level,
                                                                     GError                 **error);
gboolean                 schnack_conversation_list_set_draft (SchnackConversationList *self,
                                                              const char              *jid,
                                                              const char              *draft,
                                                              GError                 **error);

G_END_DECLS
