/* messages.h — message history, the outbox and search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "store/store.h"
#include "store/reactions.h"

G_BEGIN_DECLS

/* The values are stored in the database: never renumber. */
typedef enum
{
  SCHNACK_DELIVERY_STATE_PENDING   = 0, /* in the outbox, not yet written to a stream */
  SCHNACK_DELIVERY_STATE_SENT      = 1, /* written to the stream, no ack yet */
  SCHNACK_DELIVERY_STATE_ACKED     = 2, /* the server acknowledged it (XEP-0198) */
  SCHNACK_DELIVERY_STATE_DELIVERED = 3, /* the recipient's client confirmed it (XEP-0184/0333) */
  SCHNACK_DELIVERY_STATE_READ      = 4, /* the recipient displayed it (XEP-0333) */
  SCHNACK_DELIVERY_STATE_FAILED    = 5, /* gave up; the user may retry */
} SchnackDeliveryState;

typedef enum
{
  SCHNACK_MESSAGE_DIRECTION_INCOMING = 0,
  SCHNACK_MESSAGE_DIRECTION_OUTGOING = 1,
} SchnackMessageDirection;

typedef enum
{
  SCHNACK_CONVERSATION_KIND_CHAT      = 0,
  SCHNACK_CONVERSATION_KIND_GROUPCHAT = 1,
} SchnackConversationKind;

/* What an outbox row carries besides a message of its own. The values
 * are stored in the database: never renumber. */
typedef enum
{
  SCHNACK_MESSAGE_ACTION_NONE       = 0, /* a message: shown in history */
  SCHNACK_MESSAGE_ACTION_CORRECTION = 1, /* XEP-0308: body replaces action_target's */
  SCHNACK_MESSAGE_ACTION_REACTIONS  = 2, /* XEP-0444: body is our emoji set, one per line */
  SCHNACK_MESSAGE_ACTION_RETRACTION = 3, /* XEP-0424: body is the fallback text */
} SchnackMessageAction;

typedef struct
{
  gint64                   id;                /* 0 until stored */
  gint64                   account_id;
  char                    *conversation_jid;  /* bare JID of the peer or the room */
  SchnackConversationKind  conversation_kind;
  SchnackMessageDirection  direction;
  char                    *sender;            /* bare JID; in rooms the occupant's nick or real JID */
  char                    *body;
  gint64                   sent_at;           /* µs since the epoch, UTC */
  gint64                   received_at;       /* µs since the epoch, UTC; 0 if unknown */
  char                    *message_id;        /* the stanza's id attribute */
  char                    *origin_id;         /* XEP-0359 origin-id */
  char                    *stanza_id;         /* XEP-0359 stanza-id … */
  char                    *stanza_id_by;      /* … and who assigned it */
  SchnackDeliveryState     delivery_state;
  gboolean                 encrypted;
  gboolean                 edited;            /* corrected (XEP-0308); body is the newest text */
  gboolean                 retracted;         /* withdrawn by its sender (XEP-0424); body is NULL */
  char                    *reply_to_id;       /* XEP-0461: the id it answers (origin-id/id in chats,
                                               * stanza-id in rooms), or NULL */
  char                    *reply_to_sender;   /* … and who wrote that (bare JID, or nick in rooms) */
  gboolean                 markable;          /* the sender asked for chat markers (XEP-0333) */
  SchnackMessageAction     action;            /* outbox only; list and find functions skip actions */
  char                    *action_target;     /* the id an action names */
  char                    *occupant_id;       /* rooms: XEP-0421 id of the sender, if the room gives one */
  /* Not stored: it came from the server archive or offline storage
   * while we caught up, rather than live — a listener may skip it, e.g.
   * not notify for each of thousands. */
  gboolean                 catch_up;
} SchnackMessageRecord;


#define SCHNACK_TYPE_MESSAGE_RECORD (schnack_message_record_get_type ())

GType                 schnack_message_record_get_type         (void) G_GNUC_CONST;
SchnackMessageRecord *schnack_message_record_new              (void);
SchnackMessageRecord *schnack_message_record_copy             (const SchnackMessageRecord *record);
void                  schnack_message_record_free             (SchnackMessageRecord       *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchnackMessageRecord, schnack_message_record_free)

gboolean              schnack_delivery_state_can_change       (SchnackDeliveryState  from,
                                                               SchnackDeliveryState  to);

gboolean              schnack_store_insert_message            (SchnackStore          *self,
                                                               SchnackMessageRecord  *record,
                                                               gboolean              *out_inserted,
                                                               GError               **error);
guint                 schnack_store_insert_messages           (SchnackStore          *self,
                                                               SchnackMessageRecord **records,
                                                               guint                  n_records,
                                                               gint64                 deadline,
                                                               gboolean              *out_inserted,
                                                               GError               **error);
gboolean              schnack_store_set_delivery_state        (SchnackStore          *self,
                                                               gint64                 message_id,
                                                               SchnackDeliveryState   state,
                                                               GError               **error);
SchnackMessageRecord *schnack_store_find_message_by_message_id (SchnackStore         *self,
                                                               gint64                 account_id,
                                                               const char            *conversation_jid,
                                                               const char            *message_id,
                                                               GError               **error);
SchnackMessageRecord *schnack_store_get_message               (SchnackStore          *self,
                                                               gint64                 row_id,
                                                               GError               **error);
GPtrArray            *schnack_store_list_pending_messages     (SchnackStore          *self,
                                                               gint64                 account_id,
                                                               GError               **error);
GPtrArray            *schnack_store_list_messages             (SchnackStore          *self,
                                                               gint64                 account_id,
                                                               const char            *conversation_jid,
                                                               gint64                 before_sent_at,
                                                               gint64                 before_id,
                                                               guint                  limit,
                                                               GError               **error);
GPtrArray            *schnack_store_list_messages_after       (SchnackStore          *self,
                                                               gint64                 account_id,
                                                               const char            *conversation_jid,
                                                               gint64                 after_sent_at,
                                                               gint64                 after_id,
                                                               guint                  limit,
                                                               GError               **error);
GPtrArray            *schnack_store_search_messages           (SchnackStore          *self,
                                                               gint64                 account_id,
                                                               const char            *conversation_jid,
                                                               const char            *query,
                                                               guint                  limit,
                                                               GError               **error);
SchnackMessageRecord *schnack_store_find_message_by_reference (SchnackStore          *self,
                                                               gint64                 account_id,
                                                               const char            *conversation_jid,
                                                               const char            *reference_id,
                                                               GError               **error);
SchnackMessageRecord *schnack_store_find_newest_markable      (SchnackStore          *self,
                                                               gint64                 account_id,
                                                               const char            *conversation_jid,
                                                               GError               **error);
gboolean              schnack_store_correct_message           (SchnackStore          *self,
                                                               gint64                 row_id,
                                                               const char            *new_body,
                                                               GError               **error);
gboolean              schnack_store_retract_message           (SchnackStore          *self,
                                                               gint64                 row_id,
                                                               GError               **error);
gboolean              schnack_store_delete_message            (SchnackStore          *self,
                                                               gint64                 row_id,
                                                               GError               **error);
GArray               *schnack_store_advance_delivery_up_to    (SchnackStore          *self,
                                                               gint64                 row_id,
                                                               SchnackDeliveryState   state,
                                                               GError               **error);
gint64                schnack_store_count_messages            (SchnackStore          *self,
                                                               gint64                 account_id,
                                                               const char            *conversation_jid);

G_END_DECLS
