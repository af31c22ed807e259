/* conversation.h — one chat in the conversation list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "store/conversations.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_NOTIFY_LEVEL (schnack_notify_level_get_type ())
GType schnack_notify_level_get_type (void) G_GNUC_CONST;

#define SCHNACK_TYPE_CONVERSATION (schnack_conversation_get_type ())
G_DECLARE_FINAL_TYPE (SchnackConversation, schnack_conversation, SCHNACK, CONVERSATION, GObject)

SchnackConversation     *schnack_conversation_new               (const SchnackConversationRecord *record);
void                     schnack_conversation_update            (SchnackConversation             *self,
                                                                 const SchnackConversationRecord *record);
gint64                   schnack_conversation_get_account_id    (SchnackConversation *self);
const char              *schnack_conversation_get_jid           (SchnackConversation *self);
SchnackConversationKind  schnack_conversation_get_kind          (SchnackConversation *self);
gint64                   schnack_conversation_get_last_activity (SchnackConversation *self);
guint                    schnack_conversation_get_unread_count  (SchnackConversation *self);
gboolean                 schnack_conversation_get_pinned        (SchnackConversation *self);
const char              *schnack_conversation_get_preview       (SchnackConversation *self);
gboolean                 schnack_conversation_get_preview_is_own (SchnackConversation *self);
gboolean                 schnack_conversation_get_preview_is_retracted (SchnackConversation *self);
const char              *schnack_conversation_get_draft         (SchnackConversation *self);
SchnackNotifyLevel       schnack_conversation_get_notify_level  (SchnackConversation *self);
SchnackNotifyLevel       schnack_conversation_get_effective_notify_level (SchnackConversation *self);
gboolean                 schnack_conversation_notifies          (SchnackConversation *self,
                                                                 gboolean             mentions_us);
int                      schnack_conversation_compare           (SchnackConversation *a,
                                                                 SchnackConversation *b);

G_END_DECLS
