/* conversations.h — the conversation list: order, unread, pins, drafts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "store/messages.h"

G_BEGIN_DECLS

/* When a chat's new messages notify. */
typedef enum
{
  SCHNACK_NOTIFY_DEFAULT  = 0,   /* chats: every message; rooms: mentions */
  SCHNACK_NOTIFY_ALL      = 1,
  SCHNACK_NOTIFY_MENTIONS = 2,   /* rooms: only messages naming our nickname */
  SCHNACK_NOTIFY_NEVER    = 3,
} SchnackNotifyLevel;

typedef struct
{
  gint64                   account_id;
  char                    *jid;              /* bare JID of the peer or the room */
  SchnackConversationKind  kind;
  gint64                   last_activity;    /* µs since the epoch: sent_at of the newest message */
  guint                    unread_count;
  gboolean                 pinned;
  gboolean                 closed;
  SchnackNotifyLevel       notify_level;
  char                    *draft;            /* nullable */
  /* The newest message, for the preview line; all nullable. */
  char                    *last_body;
  char                    *last_sender;
  SchnackMessageDirection  last_direction;
  gboolean                 last_retracted;   /* the newest message was withdrawn */
} SchnackConversationRecord;

#define SCHNACK_TYPE_CONVERSATION_RECORD (schnack_conversation_record_get_type ())

GType                      schnack_conversation_record_get_type (void) G_GNUC_CONST;
SchnackConversationRecord *schnack_conversation_record_copy     (const SchnackConversationRecord *record);
void                       schnack_conversation_record_free     (SchnackConversationRecord       *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchnackConversationRecord, schnack_conversation_record_free)

GPtrArray                 *schnack_store_list_conversations     (SchnackStore  *self,
                                                                 gint64         account_id,
                                                                 gboolean       include_closed,
                                                                 GError       **error);
SchnackConversationRecord *schnack_store_get_conversation       (SchnackStore  *self,
                                                                 gint64         account_id,
                                                                 const char    *jid,
                                                                 GError       **error);
gboolean                   schnack_store_open_conversation      (SchnackStore             *self,
                                                                 gint64                    account_id,
                                                                 const char               *jid,
                                                                 SchnackConversationKind   kind,
                                                                 GError                  **error);
gboolean                   schnack_store_mark_conversation_read (SchnackStore  *self,
                                                                 gint64         account_id,
                                                                 const char    *jid,
                                                                 GError       **error);
gboolean                   schnack_store_mark_conversation_read_up_to (SchnackStore *self,
                                                                 gint64         account_id,
                                                                 const char    *jid,
                                                                 gint64         up_to_sent_at,
                                                                 GError       **error);
gboolean                   schnack_store_set_conversation_pinned (SchnackStore *self,
                                                                 gint64         account_id,
                                                                 const char    *jid,
                                                                 gboolean       pinned,
                                                                 GError       **error);
gboolean                   schnack_store_set_conversation_closed (SchnackStore *self,
                                                                 gint64         account_id,
                                                                 const char    *jid,
                                                                 gboolean       closed,
                                                                 GError       **error);
gboolean                   schnack_store_set_conversation_notify_level (SchnackStore *self,
                                                                 gint64              account_id,
                                                                 const char         *jid,
                                                                 SchnackNotifyLevel  level,
                                                                 GError            **error);
gboolean                   schnack_store_set_conversation_draft (SchnackStore  *self,
                                                                 gint64         account_id,
                                                                 const char    *jid,
                                                                 const char    *draft,
                                                                 GError       **error);

G_END_DECLS
