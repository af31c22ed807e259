/* room-list.c — an account's group chats: join, create, leave, rejoin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Joining asks the room what it is first (disco#info): a room with an
 * archive (XEP-0313) is joined without history and caught up from the
 * archive after our last stored message, so a rejoin never repeats
 * anything; other rooms send their history since our last message.
 * After a new session (not a resumed stream) every room is joined
 * again. Messages are stored once: the room's stanza-id identifies a
 * message, and our own message reflected by the room is matched to the
 * outbox's copy by origin-id, which gives that copy the room's stanza-id
 * (what others' replies and reactions name). Storing goes through the
 * account's SchnackMessageIngest, a slice at a time, so a burst does not
 * stall. Corrections, reactions and retractions (live or from the
 * archive) change earlier messages instead: once those before them are
 * stored, ::change-received hands them to the account, which applies
 * them as in one-to-one chats. Chat markers and chat states from rooms
 * are dropped.
 */
#include "config.h"

#include "core/room-list.h"
#include "core/room-invite.h"
#include "core/room-private.h"
#include "xmpp/data-form.h"
#include "xmpp/mam.h"
#include "xmpp/muc-admin.h"
#include "xmpp/muc-disco.h"
#include "xmpp/muc-self-ping.h"
#include "xmpp/stanza-error.h"
#include "xmpp/stanza-util.h"
#include "schnack-utils.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define NS_MAM "urn:xmpp:mam:2"
#define NS_OCCUPANT_ID "urn:xmpp:occupant-id:0"
#define ARCHIVE_PAGE 100
/* XEP-0410 suggests pinging after some minutes of silence; one timer
 * for all rooms keeps an idle client's wakeups rare. */
#define DEFAULT_SELF_PING_SECONDS (5 * 60)
/* A join or creation the room never answers ends in an error, not in
 * a spinner forever. */
#define DEFAULT_JOIN_TIMEOUT_SECONDS 30

G_DEFINE_QUARK (schnack-room-list-error-quark, schnack_room_list_error)

struct _SchnackRoomList {
  GObject                  parent_instance;

  SchnackConnection       *connection;
  SchnackStore            *store;
  gint64                   account_id;
  char                    *own_jid;
  SchnackOutbox           *outbox;
  SchnackConversationList *conversations;
  GCancellable            *cancellable;

  GListStore              *rooms;
  GHashTable              *by_jid;            /* lower-case room JID → SchnackRoom (borrowed) */
  GHashTable              *creations;         /* lower-case room JID → GTask */
  GHashTable              *join_timers;       /* lower-case room JID → source id */
  GHashTable              *refused;           /* lower-case room JID → GArray of message row ids */
  guint                    join_timeout_seconds;
  GHashTable              *archive_queries;   /* query id → lower-case room JID */
  GListStore              *invites;
  GHashTable              *refresh_pending;   /* conversation JIDs */
  guint                    refresh_idle;
  SchnackMessageIngest    *ingest;
  guint                    self_ping_seconds;
  guint                    self_ping_timer;
};

static void schnack_room_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SchnackRoomList, schnack_room_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, schnack_room_list_model_init))

enum {
  SIGNAL_INVITE_RECEIVED,
  SIGNAL_MESSAGE_SENT,
  SIGNAL_CHANGE_RECEIVED,
  SIGNAL_MESSAGE_UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_join (SchnackRoomList *self, SchnackRoom *room);
static void ensure_self_ping (SchnackRoomList *self);
static void retry_refused (SchnackRoomList *self, SchnackRoom *room);

static GType
get_item_type (GListModel *model)
{
  return SCHNACK_TYPE_ROOM;
}

static guint
get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (SCHNACK_ROOM_LIST (model)->rooms));
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (SCHNACK_ROOM_LIST (model)->rooms), position);
}

static void
schnack_room_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static char *
room_key (const char *room_jid)
{
  return g_utf8_strdown (room_jid, -1);
}

SchnackRoom *
schnack_room_list_find (SchnackRoomList *self,
                        const char      *room_jid)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (SCHNACK_IS_ROOM_LIST (self), NULL);
  if (room_jid == NULL)
    return NULL;
  key = room_key (room_jid);
  return g_hash_table_lookup (self->by_jid, key);
}

/* ------------------------------------------------------------------ */
/* Storing messages                                                    */

static gboolean
refresh_conversations (gpointer user_data)
{
  SchnackRoomList *self = user_data;
  GHashTableIter iter;
  const char *jid;

  self->refresh_idle = 0;
  g_hash_table_iter_init (&iter, self->refresh_pending);
  while (g_hash_table_iter_next (&iter, (gpointer *) &jid, NULL))
    if (self->conversations != NULL)
      schnack_conversation_list_refresh (self->conversations, jid);
  g_hash_table_remove_all (self->refresh_pending);
  return G_SOURCE_REMOVE;
}

/* A burst of room messages refreshes each conversation once. */
static void
schedule_refresh (SchnackRoomList *self,
                  const char      *jid)
{
  g_hash_table_add (self->refresh_pending, g_strdup (jid));
  if (self->refresh_idle == 0)
    self->refresh_idle = g_idle_add (refresh_conversations, self);
}

static SchnackMessageRecord *
record_from_message (SchnackRoomList        *self,
                     SchnackIncomingMessage *message)
{
  SchnackMessageRecord *record = schnack_message_record_new ();

  record->account_id = self->account_id;
  record->body = g_strdup (message->body);
  record->sent_at = message->sent_at;
  record->received_at = message->received_at;
  record->message_id = g_strdup (message->id);
  record->origin_id = g_strdup (message->origin_id);
  record->stanza_id = g_strdup (message->stanza_id);
  record->stanza_id_by = g_strdup (message->stanza_id_by);
  record->delivery_state = SCHNACK_DELIVERY_STATE_DELIVERED;
  /* Archive pages and room history come by the thousand. */
  record->catch_up = message->archive_query != NULL || message->delayed;
  return record;
}

/* A room without an archive may not mark its history with stanza-ids,
 * and "since" counts whole seconds, so a rejoin repeats the last second:
 * the same sender, text and time is the same message. */
static gboolean
history_already_stored (SchnackRoomList            *self,
                        const SchnackMessageRecord *record)
{
  g_autoptr(GPtrArray) around = schnack_store_list_messages (self->store, self->account_id,
                                                             record->conversation_jid,
                                                             record->sent_at + 1, 0, 50, NULL);

  for (guint i = 0; around != NULL && i < around->len; i++)
    {
      SchnackMessageRecord *stored = g_ptr_array_index (around, i);

      if (stored->sent_at == record->sent_at &&
          g_strcmp0 (stored->sender, record->sender) == 0 &&
          g_strcmp0 (stored->body, record->body) == 0)
        return TRUE;
    }
  return FALSE;
}

/* XEP-0461 in a room: "to" is the author's occupant JID. */
static void
fill_room_reply (SchnackRoomList              *self,
                 SchnackRoom                  *room,
                 const SchnackIncomingMessage *message,
                 SchnackMessageRecord         *record)
{
  const char *slash = message->reply_to_jid != NULL ? strchr (message->reply_to_jid, '/') : NULL;

  record->reply_to_id = g_strdup (message->reply_to_id);
  if (slash != NULL && slash[1] != '\0')
    record->reply_to_sender = g_strdup (schnack_room_is_own_nick (room, slash + 1) ? self->own_jid : slash + 1);
  else
    {
      g_autoptr(SchnackMessageRecord) quoted =
        schnack_store_find_message_by_reference (self->store, self->account_id, record->conversation_jid,
                                                 message->reply_to_id, NULL);

      if (quoted != NULL)
        record->reply_to_sender = g_strdup (quoted->sender);
    }
}

/* Whether @message changes an earlier message of the room. */
static gboolean
is_room_change (const SchnackIncomingMessage *message)
{
  return message->replace_id != NULL || message->reactions_to != NULL || message->retract_id != NULL;
}

typedef struct {
  GWeakRef                list;
  SchnackIncomingMessage *message;
  SchnackMessageRecord   *record;   /* what to store if it changed nothing */
} RoomChange;

static void
room_change_free (RoomChange *change)
{
  g_weak_ref_clear (&change->list);
  schnack_incoming_message_free (change->message);
  schnack_message_record_free (change->record);
  g_free (change);
}

static void
apply_room_change (gpointer user_data)
{
  RoomChange *change = user_data;
  g_autoptr(SchnackRoomList) self = g_weak_ref_get (&change->list);
  gboolean consumed = FALSE;

  if (self == NULL)
    return;
  g_signal_emit (self, signals[SIGNAL_CHANGE_RECEIVED], 0, change->message,
                 change->record->conversation_jid, change->record->sender, &consumed);
  /* A correction of a message we never had keeps its text. */
  if (!consumed && change->record->body != NULL)
    schnack_message_ingest_add (self->ingest, g_steal_pointer (&change->record));
}

/* After the messages queued before it are stored: it may name them. */
static void
queue_room_change (SchnackRoomList              *self,
                   const SchnackIncomingMessage *message,
                   SchnackMessageRecord         *record)
{
  RoomChange *change = g_new0 (RoomChange, 1);

  g_weak_ref_init (&change->list, self);
  change->message = schnack_incoming_message_copy (message);
  /* The author is who the room says; markers are not room business. */
  change->message->outgoing = record->direction == SCHNACK_MESSAGE_DIRECTION_OUTGOING;
  schnack_set_str (&change->message->occupant_id, record->occupant_id);
  g_clear_pointer (&change->message->marker, g_free);
  g_clear_pointer (&change->message->marker_id, g_free);
  change->record = record;
  schnack_message_ingest_when_stored (self->ingest, apply_room_change, change,
                                      (GDestroyNotify) room_change_free);
}

typedef struct {
  GWeakRef  list;
  char     *room_jid;
  char     *origin_id;
} OwnEcho;

static void
own_echo_free (OwnEcho *echo)
{
  g_weak_ref_clear (&echo->list);
  g_free (echo->room_jid);
  g_free (echo->origin_id);
  g_free (echo);
}

static void
announce_own_echo (gpointer user_data)
{
  OwnEcho *echo = user_data;
  g_autoptr(SchnackRoomList) self = g_weak_ref_get (&echo->list);
  g_autoptr(SchnackMessageRecord) record = NULL;

  if (self == NULL)
    return;
  record = schnack_store_find_message_by_reference (self->store, self->account_id, echo->room_jid,
                                                    echo->origin_id, NULL);
  if (record != NULL && record->direction == SCHNACK_MESSAGE_DIRECTION_OUTGOING)
    g_signal_emit (self, signals[SIGNAL_MESSAGE_UPDATED], 0, record->id, echo->room_jid);
}

/* Our message came back from the room and its stored copy took the
 * room's stanza-id: from now on it can be answered, reacted to and
 * deleted for everyone, which whoever shows it needs to know. */
static void
queue_own_echo (SchnackRoomList            *self,
                const SchnackMessageRecord *record)
{
  OwnEcho *echo = g_new0 (OwnEcho, 1);

  g_weak_ref_init (&echo->list, self);
  echo->room_jid = g_strdup (record->conversation_jid);
  echo->origin_id = g_strdup (record->origin_id);
  schnack_message_ingest_when_stored (self->ingest, announce_own_echo, echo, (GDestroyNotify) own_echo_free);
}

static void
store_groupchat (SchnackRoomList        *self,
                 SchnackRoom            *room,
                 SchnackIncomingMessage *message)
{
  SchnackMessageRecord *record;
  const char *slash = strchr (message->from, '/');
  const char *nick = slash != NULL ? slash + 1 : NULL;

  /* Chat states and markers: nothing to keep. */
  if (message->body == NULL && !is_room_change (message))
    return;

  record = record_from_message (self, message);
  record->conversation_jid = g_strdup (schnack_room_get_jid (room));
  record->conversation_kind = SCHNACK_CONVERSATION_KIND_GROUPCHAT;
  record->markable = message->markable;
  /* Only a room that announces occupant ids removes forged ones. */
  if (schnack_room_get_flags (room) & SCHNACK_ROOM_FLAG_OCCUPANT_IDS)
    record->occupant_id = g_strdup (message->occupant_id);
  if (nick != NULL && schnack_room_is_own_nick (room, nick))
    {
      /* Ours, reflected: the same sender as the outbox's copy, so the
       * store matches them by origin-id and keeps one. */
      record->direction = SCHNACK_MESSAGE_DIRECTION_OUTGOING;
      record->sender = g_strdup (self->own_jid);
      record->delivery_state = SCHNACK_DELIVERY_STATE_ACKED;
    }
  else
    {
      record->direction = SCHNACK_MESSAGE_DIRECTION_INCOMING;
      record->sender = g_strdup (nick != NULL ? nick : schnack_room_get_jid (room));
    }
  if (message->reply_to_id != NULL)
    fill_room_reply (self, room, message, record);
  if (is_room_change (message))
    {
      queue_room_change (self, message, record);
      return;
    }
  if (message->delayed && message->archive_query == NULL && record->stanza_id == NULL &&
      record->origin_id == NULL && history_already_stored (self, record))
    {
      schnack_message_record_free (record);
      return;
    }
  /* Stored in slices with the account's other messages (message-ingest.c). */
  schnack_message_ingest_add (self->ingest, record);
  if (record->direction == SCHNACK_MESSAGE_DIRECTION_OUTGOING && record->origin_id != NULL &&
      record->stanza_id != NULL && message->archive_query == NULL && !message->delayed)
    queue_own_echo (self, record);
}

static void
store_private (SchnackRoomList        *self,
               SchnackIncomingMessage *message)
{
  SchnackMessageRecord *record = record_from_message (self, message);
  const char *slash = strchr (message->from, '/');

  /* A private message belongs to the occupant, not to their account
   * (which the room may hide): the conversation is room/nick. */
  record->conversation_jid = g_strdup (message->from);
  record->conversation_kind = SCHNACK_CONVERSATION_KIND_CHAT;
  record->direction = SCHNACK_MESSAGE_DIRECTION_INCOMING;
  record->sender = g_strdup (slash + 1);
  schnack_message_ingest_add (self->ingest, record);
}

gboolean
schnack_room_list_handle_message (SchnackRoomList        *self,
                                  SchnackIncomingMessage *message)
{
  g_autofree char *from_bare = NULL;
  SchnackRoom *room;

  g_return_val_if_fail (SCHNACK_IS_ROOM_LIST (self), FALSE);

  if (message->archive_query != NULL && message->archive_from != NULL &&
      g_ascii_strcasecmp (message->archive_from, self->own_jid) != 0)
    {
      /* A room's archive: believed only for a query we sent to it. */
      const char *queried = g_hash_table_lookup (self->archive_queries, message->archive_query);
      g_autofree char *archive_key = room_key (message->archive_from);

      room = queried != NULL && g_str_equal (queried, archive_key)
             ? schnack_room_list_find (self, message->archive_from) : NULL;
      if (room != NULL && message->from != NULL)
        store_groupchat (self, room, message);
      return TRUE;
    }

  if (message->from == NULL || message->outgoing)
    return FALSE;
  from_bare = schnack_jid_dup_bare (message->from);
  room = schnack_room_list_find (self, from_bare);

  if (g_strcmp0 (message->type, "groupchat") == 0)
    {
      if (room != NULL)
        store_groupchat (self, room, message);
      return TRUE;  /* from a room we are not in: nothing to keep */
    }
  if (room != NULL && strchr (message->from, '/') != NULL && message->archive_query == NULL)
    {
      /* Private chat states and the like: nothing to keep. */
      if (message->body != NULL)
        store_private (self, message);
      return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Catching up from the room's archive                                 */

typedef struct {
  GWeakRef  list;
  char     *room_key;
  char     *query_id;
  gboolean  last_page_only;
} ArchiveQuery;

static void
archive_query_free (ArchiveQuery *query)
{
  g_weak_ref_clear (&query->list);
  g_free (query->room_key);
  g_free (query->query_id);
  g_free (query);
}

/* The newest message of the room we have with the room's own stanza-id. */
static char *
last_archived_id (SchnackRoomList *self,
                  const char      *room_jid)
{
  g_autoptr(GPtrArray) newest = schnack_store_list_messages (self->store, self->account_id, room_jid,
                                                             G_MAXINT64, G_MAXINT64, 50, NULL);

  /* The page is oldest first: look from its end. */
  for (guint i = newest != NULL ? newest->len : 0; i > 0; i--)
    {
      SchnackMessageRecord *record = g_ptr_array_index (newest, i - 1);

      if (record->stanza_id != NULL && g_ascii_strcasecmp (record->stanza_id_by, room_jid) == 0)
        return g_strdup (record->stanza_id);
    }
  return NULL;
}

static void request_archive_page (SchnackRoomList *self, ArchiveQuery *query,
                                  const char *room_jid, const char *after_id);

static void
on_archive_page (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ArchiveQuery *query = user_data;
  g_autoptr(SchnackRoomList) self = g_weak_ref_get (&query->list);
  g_autoptr(GError) error = NULL;
  g_autofree char *last_id = NULL;
  gboolean complete = TRUE;
  SchnackRoom *room;

  if (!schnack_mam_query_page_finish (result, &last_id, &complete, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read a room's archive: %s", error->message);
      complete = TRUE;
    }
  room = self != NULL ? g_hash_table_lookup (self->by_jid, query->room_key) : NULL;
  if (room == NULL || complete || last_id == NULL || query->last_page_only ||
      schnack_room_get_state (room) != SCHNACK_ROOM_STATE_JOINED)
    {
      if (self != NULL)
        g_hash_table_remove (self->archive_queries, query->query_id);
      archive_query_free (query);
      return;
    }
  request_archive_page (self, query, schnack_room_get_jid (room), last_id);
}

static void
request_archive_page (SchnackRoomList *self,
                      ArchiveQuery    *query,
                      const char      *room_jid,
                      const char      *after_id)
{
  schnack_mam_query_archive_page_async (self->connection, room_jid, query->query_id, after_id, 0,
                                        query->last_page_only, ARCHIVE_PAGE, self->cancellable,
                                        on_archive_page, query);
}

static void
catch_up (SchnackRoomList *self,
          SchnackRoom     *room)
{
  const char *room_jid = schnack_room_get_jid (room);
  g_autofree char *after = last_archived_id (self, room_jid);
  ArchiveQuery *query = g_new0 (ArchiveQuery, 1);

  g_weak_ref_init (&query->list, self);
  query->room_key = room_key (room_jid);
  query->query_id = g_uuid_string_random ();
  /* A room we never read: its latest page, not its whole past. */
  query->last_page_only = after == NULL;
  g_hash_table_insert (self->archive_queries, g_strdup (query->query_id), g_strdup (query->room_key));
  request_archive_page (self, query, room_jid, after);
}

/* ------------------------------------------------------------------ */
/* Joining                                                             */

typedef struct {
  GWeakRef     list;
  SchnackRoom *room;
} JoinAttempt;

static void
join_attempt_free (JoinAttempt *attempt)
{
  g_weak_ref_clear (&attempt->list);
  g_clear_object (&attempt->room);
  g_free (attempt);
}

static guint
flags_from_info (const SchnackMucRoomInfo *info)
{
  static const struct { const char *feature; guint flag; } map[] = {
    { "muc_passwordprotected", SCHNACK_ROOM_FLAG_PASSWORD_PROTECTED },
    { "muc_membersonly", SCHNACK_ROOM_FLAG_MEMBERS_ONLY },
    { "muc_moderated", SCHNACK_ROOM_FLAG_MODERATED },
    { "muc_persistent", SCHNACK_ROOM_FLAG_PERSISTENT },
    { "muc_nonanonymous", SCHNACK_ROOM_FLAG_NON_ANONYMOUS },
    { "muc_public", SCHNACK_ROOM_FLAG_PUBLIC },
    { NS_MAM, SCHNACK_ROOM_FLAG_ARCHIVED },
    { NS_OCCUPANT_ID, SCHNACK_ROOM_FLAG_OCCUPANT_IDS },
  };
  guint flags = 0;

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (schnack_muc_room_info_has_feature (info, map[i].feature))
      flags |= map[i].flag;
  return flags;
}

static gint64
last_message_time (SchnackRoomList *self,
                   const char      *room_jid)
{
  g_autoptr(GPtrArray) newest = schnack_store_list_messages (self->store, self->account_id, room_jid,
                                                             G_MAXINT64, G_MAXINT64, 1, NULL);

  if (newest == NULL || newest->len == 0)
    return 0;
  return ((SchnackMessageRecord *) g_ptr_array_index (newest, 0))->sent_at;
}

static void
send_join (SchnackRoomList *self,
           SchnackRoom     *room)
{
  const char *room_jid = schnack_room_get_jid (room);
  g_autoptr(SchnackXmlNode) presence = NULL;
  gint64 history;

  if (schnack_room_get_flags (room) & SCHNACK_ROOM_FLAG_ARCHIVED)
    history = -1;
  else
    history = last_message_time (self, room_jid);  /* 0: the room's default */
  /* "since" is inclusive and in whole seconds: the last second comes
   * again, and the store drops what it has (the room's stanza-id). */
  presence = schnack_muc_build_join (room_jid, schnack_room_get_nick (room),
                                     schnack_room_get_password (room), history);
  schnack_connection_send_stanza (self->connection, presence);
}

static void
on_join_info (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  JoinAttempt *attempt = user_data;
  g_autoptr(SchnackRoomList) self = g_weak_ref_get (&attempt->list);
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackMucRoomInfo) info = schnack_muc_room_info_finish (result, &error);

  if (self != NULL && schnack_room_get_state (attempt->room) == SCHNACK_ROOM_STATE_JOINING &&
      schnack_room_list_find (self, schnack_room_get_jid (attempt->room)) == attempt->room)
    {
      /* No answer (a room not created yet) still allows joining. */
      if (info != NULL)
        {
          schnack_room_set_flags (attempt->room, flags_from_info (info));
          schnack_room_set_announced_name (attempt->room, info->name);
        }
      send_join (self, attempt->room);
    }
  join_attempt_free (attempt);
}

typedef struct {
  SchnackRoomList *list;   /* the timer does not outlive the list's table */
  char            *key;
} JoinTimer;

static void
join_timer_free (JoinTimer *timer)
{
  g_free (timer->key);
  g_free (timer);
}

static void abandon_creation (SchnackRoomList *self, SchnackRoom *room, GTask *task, GError *error);
static GTask *steal_creation (SchnackRoomList *self, SchnackRoom *room);

static gboolean
on_join_timeout (gpointer user_data)
{
  JoinTimer *timer = user_data;
  SchnackRoomList *self = timer->list;
  SchnackRoom *listed = g_hash_table_lookup (self->by_jid, timer->key);
  g_autoptr(SchnackRoom) room = listed != NULL ? g_object_ref (listed) : NULL;
  g_autoptr(GError) error = NULL;
  GTask *task;

  g_hash_table_steal (self->join_timers, timer->key);
  if (room == NULL || schnack_room_get_state (room) != SCHNACK_ROOM_STATE_JOINING)
    return G_SOURCE_REMOVE;

  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, _("The room did not answer."));
  if ((task = steal_creation (self, room)) != NULL)
    {
      abandon_creation (self, room, task, g_steal_pointer (&error));
      return G_SOURCE_REMOVE;
    }
  {
    /* A late answer must not put us in a room shown as failed. */
    g_autoptr(SchnackXmlNode) leave = schnack_muc_build_leave (schnack_room_get_jid (room),
                                                               schnack_room_get_nick (room), NULL);

    schnack_connection_send_stanza (self->connection, leave);
  }
  schnack_room_set_state (room, SCHNACK_ROOM_STATE_ERROR, error);
  return G_SOURCE_REMOVE;
}

static void
stop_join_timer (SchnackRoomList *self,
                 SchnackRoom     *room)
{
  g_autofree char *key = room_key (schnack_room_get_jid (room));

  g_hash_table_remove (self->join_timers, key);
}

static void
start_join_timer (SchnackRoomList *self,
                  SchnackRoom     *room)
{
  JoinTimer *timer = g_new0 (JoinTimer, 1);
  guint id;

  timer->list = self;
  timer->key = room_key (schnack_room_get_jid (room));
  id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, self->join_timeout_seconds, on_join_timeout,
                                   timer, (GDestroyNotify) join_timer_free);
  g_hash_table_replace (self->join_timers, g_strdup (timer->key), GUINT_TO_POINTER (id));
}

static void
start_join (SchnackRoomList *self,
            SchnackRoom     *room)
{
  JoinAttempt *attempt;

  if (schnack_connection_get_state (self->connection) != SCHNACK_CONNECTION_ONLINE)
    {
      stop_join_timer (self, room);
      schnack_room_set_state (room, SCHNACK_ROOM_STATE_OFFLINE, NULL);
      return;
    }
  start_join_timer (self, room);
  schnack_room_set_state (room, SCHNACK_ROOM_STATE_JOINING, NULL);
  attempt = g_new0 (JoinAttempt, 1);
  g_weak_ref_init (&attempt->list, self);
  attempt->room = g_object_ref (room);
  schnack_muc_room_info_async (self->connection, schnack_room_get_jid (room), self->cancellable,
                               on_join_info, attempt);
}

/**
 * schnack_room_list_join:
 * @password: (nullable)
 *
 * Joins the room now if the account is online, else when it is. Watch
 * the room's #SchnackRoom:state; a refusal says why in
 * schnack_room_get_error().
 *
 * Returns: (transfer none): the room
 */
SchnackRoom *
schnack_room_list_join (SchnackRoomList *self,
                        const char      *room_jid,
                        const char      *nick,
                        const char      *password)
{
  SchnackRoom *room;

  g_return_val_if_fail (SCHNACK_IS_ROOM_LIST (self), NULL);
  g_return_val_if_fail (room_jid != NULL && nick != NULL && *nick != '\0', NULL);

  room = schnack_room_list_find (self, room_jid);
  if (room == NULL)
    {
      g_autoptr(SchnackRoom) created = NULL;
      g_autofree char *bare = schnack_jid_dup_bare (room_jid);

      created = schnack_room_new (self->connection, bare, nick, password);
      g_hash_table_insert (self->by_jid, room_key (bare), created);
      g_list_store_append (self->rooms, created);
      room = created;
    }
  else
    {
      if (schnack_room_get_state (room) == SCHNACK_ROOM_STATE_JOINED ||
          schnack_room_get_state (room) == SCHNACK_ROOM_STATE_JOINING)
        return room;
      /* Not in the room yet: the nick is simply the one to ask for. */
      schnack_room_set_requested_nick (room, nick);
      if (password != NULL)
        schnack_room_set_password (room, password);
    }
  start_join (self, room);
  return room;
}

/**
 * schnack_room_list_leave:
 *
 * Leaves the room and forgets it (its history stays).
 */
void
schnack_room_list_leave (SchnackRoomList *self,
                         SchnackRoom     *room)
{
  g_autoptr(SchnackRoom) keep = NULL;
  g_autofree char *key = NULL;
  guint position;

  g_return_if_fail (SCHNACK_IS_ROOM_LIST (self));
  g_return_if_fail (SCHNACK_IS_ROOM (room));

  keep = g_object_ref (room);
  key = room_key (schnack_room_get_jid (room));
  g_hash_table_remove (self->join_timers, key);
  g_hash_table_remove (self->refused, key);
  if (schnack_room_get_state (room) == SCHNACK_ROOM_STATE_JOINED ||
      schnack_room_get_state (room) == SCHNACK_ROOM_STATE_JOINING)
    {
      g_autoptr(SchnackXmlNode) presence = schnack_muc_build_leave (schnack_room_get_jid (room),
                                                                    schnack_room_get_nick (room), NULL);

      schnack_connection_send_stanza (self->connection, presence);
    }
  schnack_room_set_state (room, SCHNACK_ROOM_STATE_OFFLINE, NULL);
  g_hash_table_remove (self->by_jid, key);
  if (g_list_store_find (self->rooms, room, &position))
    g_list_store_remove (self->rooms, position);
}

/* ------------------------------------------------------------------ */
/* Creating                                                            */

typedef struct {
  SchnackRoomPreset  preset;
  char              *name;
  char              *password;
  gboolean           moderated;
  gboolean           was_listed;  /* the room was one of ours before */
  SchnackRoom       *room;
} Creation;

static void
creation_free (Creation *creation)
{
  g_free (creation->name);
  g_free (creation->password);
  g_clear_object (&creation->room);
  g_free (creation);
}

static GTask *
steal_creation (SchnackRoomList *self,
                SchnackRoom     *room)
{
  g_autofree char *key = room_key (schnack_room_get_jid (room));
  gpointer stolen_key = NULL;
  gpointer task = NULL;

  if (g_hash_table_steal_extended (self->creations, key, &stolen_key, &task))
    g_free (stolen_key);
  return task;
}

static void
apply_preset (SchnackDataForm *form,
              Creation        *creation)
{
  gboolean private_group = creation->preset == SCHNACK_ROOM_PRESET_PRIVATE_GROUP;
  gboolean has_password = creation->password != NULL && *creation->password != '\0';

  if (creation->name != NULL)
    schnack_data_form_set_value (form, "muc#roomconfig_roomname", creation->name);
  schnack_data_form_set_boolean (form, "muc#roomconfig_persistentroom", TRUE);
  schnack_data_form_set_boolean (form, "muc#roomconfig_membersonly", private_group);
  schnack_data_form_set_boolean (form, "muc#roomconfig_publicroom", !private_group);
  /* Private groups show real JIDs to everyone (OMEMO needs them). */
  schnack_data_form_set_value (form, "muc#roomconfig_whois", private_group ? "anyone" : "moderators");
  schnack_data_form_set_boolean (form, "muc#roomconfig_moderatedroom", creation->moderated);
  /* Some services have this switch; Prosody takes a non-empty secret. */
  schnack_data_form_set_boolean (form, "muc#roomconfig_passwordprotectedroom", has_password);
  schnack_data_form_set_value (form, "muc#roomconfig_roomsecret", has_password ? creation->password : "");
  schnack_data_form_set_boolean (form, "muc#roomconfig_enablearchiving", TRUE);
  schnack_data_form_set_boolean (form, "mam", TRUE);
}

static void
on_created_info (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Creation *creation = g_task_get_task_data (task);
  g_autoptr(SchnackMucRoomInfo) info = schnack_muc_room_info_finish (result, NULL);

  if (info != NULL)
    {
      schnack_room_set_flags (creation->room, flags_from_info (info));
      schnack_room_set_announced_name (creation->room, info->name);
    }
  g_task_return_pointer (task, g_object_ref (creation->room), g_object_unref);
}

static void
on_config_submitted (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Creation *creation = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;

  if (!schnack_muc_admin_finish (result, &error))
    {
      abandon_creation (g_task_get_source_object (task), creation->room, g_steal_pointer (&task), error);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  schnack_muc_room_info_async (SCHNACK_CONNECTION (source), schnack_room_get_jid (creation->room),
                               cancellable, on_created_info, g_steal_pointer (&task));
}

static void
on_config_form (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Creation *creation = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;
  g_autoptr(SchnackDataForm) form = schnack_muc_get_config_finish (result, &error);

  if (form == NULL)
    {
      abandon_creation (g_task_get_source_object (task), creation->room, g_steal_pointer (&task), error);
      return;
    }
  apply_preset (form, creation);
  cancellable = g_task_get_cancellable (task);
  schnack_muc_submit_config_async (SCHNACK_CONNECTION (source), schnack_room_get_jid (creation->room), form,
                                   cancellable, on_config_submitted, g_steal_pointer (&task));
}

/* A creation that cannot go on. We leave a room we got into (a new,
 * locked room goes away with us) and forget it, unless it was one of
 * ours before: then it stays, showing why. Takes @task and @error. */
static void
abandon_creation (SchnackRoomList *self,
                  SchnackRoom     *room,
                  GTask           *task,
                  GError          *error)
{
  Creation *creation = g_task_get_task_data (task);
  g_autoptr(SchnackRoom) keep = g_object_ref (room);
  SchnackRoomState state = schnack_room_get_state (room);

  /* The list is going away: nothing to tidy. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->join_timers == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!creation->was_listed)
    schnack_room_list_leave (self, room);
  else
    {
      if (state == SCHNACK_ROOM_STATE_JOINED || state == SCHNACK_ROOM_STATE_JOINING)
        {
          g_autoptr(SchnackXmlNode) leave = schnack_muc_build_leave (schnack_room_get_jid (room),
                                                                     schnack_room_get_nick (room), NULL);

          schnack_connection_send_stanza (self->connection, leave);
        }
      schnack_room_set_state (room, SCHNACK_ROOM_STATE_ERROR, error);
    }
  g_task_return_error (task, error);
}

/* A plain join made the room (201): it did not exist. We leave before
 * anyone sees us "in" it, and the locked room goes away with us. */
static void
refuse_new_room (SchnackRoomList          *self,
                 SchnackRoom              *room,
                 const SchnackMucPresence *presence)
{
  g_autoptr(SchnackXmlNode) leave = schnack_muc_build_leave (presence->room_jid, presence->nick, NULL);
  g_autoptr(GError) error = g_error_new_literal (SCHNACK_MUC_ERROR, SCHNACK_MUC_ERROR_ROOM_NOT_FOUND,
                                                 _("This room does not exist."));

  schnack_connection_send_stanza (self->connection, leave);
  schnack_room_set_state (room, SCHNACK_ROOM_STATE_ERROR, error);
}

/**
 * schnack_room_list_create_async:
 * @name: (nullable): the room's name
 * @password: (nullable): makes the room password-protected
 *
 * Creates a reserved room with the preset's configuration and joins it.
 * Fails with %SCHNACK_ROOM_LIST_ERROR_ROOM_EXISTS if the address is taken,
 * with the room's %SCHNACK_MUC_ERROR, or with %G_IO_ERROR_TIMED_OUT. After
 * a failure we are not in the room, and it is not in the list unless it
 * was before (then it shows the error; a room we were in stays joined).
 */
void
schnack_room_list_create_async (SchnackRoomList    *self,
                                const char         *room_jid,
                                const char         *nick,
                                const char         *name,
                                SchnackRoomPreset   preset,
                                const char         *password,
                                gboolean            moderated,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  GTask *task;
  Creation *creation;
  SchnackRoom *room;

  g_return_if_fail (SCHNACK_IS_ROOM_LIST (self));
  g_return_if_fail (room_jid != NULL && nick != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_room_list_create_async);
  if (schnack_connection_get_state (self->connection) != SCHNACK_CONNECTION_ONLINE)
    {
      g_task_return_new_error (task, SCHNACK_ROOM_LIST_ERROR, SCHNACK_ROOM_LIST_ERROR_OFFLINE,
                               _("The account must be online to create a room."));
      g_object_unref (task);
      return;
    }
  creation = g_new0 (Creation, 1);
  creation->preset = preset;
  creation->name = g_strdup (name);
  creation->password = g_strdup (password);
  creation->moderated = moderated;
  g_task_set_task_data (task, creation, (GDestroyNotify) creation_free);

  room = schnack_room_list_find (self, room_jid);
  creation->was_listed = room != NULL;
  if (room != NULL && schnack_room_get_state (room) == SCHNACK_ROOM_STATE_JOINED)
    {
      g_task_return_new_error (task, SCHNACK_ROOM_LIST_ERROR, SCHNACK_ROOM_LIST_ERROR_ROOM_EXISTS,
                               _("A room with this address exists already. You are now in it."));
      g_object_unref (task);
      return;
    }
  {
    g_autofree char *key = room_key (room_jid);

    g_hash_table_replace (self->creations, g_steal_pointer (&key), task);
  }
  room = schnack_room_list_join (self, room_jid, nick, password);
  creation->room = g_object_ref (room);
}

SchnackRoom *
schnack_room_list_create_finish (SchnackRoomList  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Presence and room notices                                           */

static void
on_presence (SchnackRoomList *self,
             SchnackXmlNode  *stanza)
{
  g_autoptr(SchnackMucPresence) presence = schnack_muc_presence_parse (stanza);
  g_autoptr(SchnackRoom) room = NULL;
  gboolean own;
  SchnackRoomState before;
  GTask *task = NULL;
  GTask *exists_task = NULL;
  GError *exists_error = NULL;

  if (presence == NULL || schnack_room_list_find (self, presence->room_jid) == NULL)
    return;
  /* Whoever watches the room may leave it from a handler of its signals
   * (the room list then drops it): it lives until we are done here. */
  room = g_object_ref (schnack_room_list_find (self, presence->room_jid));
  own = (presence->status & SCHNACK_MUC_STATUS_SELF) != 0;
  before = schnack_room_get_state (room);

  if (presence->error != NULL)
    {
      /* In the room already: a nick change was refused, we are still in. */
      if (before == SCHNACK_ROOM_STATE_JOINED && !schnack_room_is_own_nick (room, presence->nick))
        {
          g_debug ("%s refused a new nick: %s", presence->room_jid, presence->error->message);
          return;
        }
      stop_join_timer (self, room);
      schnack_room_set_state (room, SCHNACK_ROOM_STATE_ERROR, presence->error);
      if ((task = steal_creation (self, room)) != NULL)
        abandon_creation (self, room, task, g_error_copy (presence->error));
      return;
    }

  if (own && presence->available && before != SCHNACK_ROOM_STATE_JOINED)
    {
      stop_join_timer (self, room);
      task = steal_creation (self, room);
      if (task == NULL && (presence->status & SCHNACK_MUC_STATUS_CREATED))
        {
          refuse_new_room (self, room, presence);
          return;
        }
      if (task != NULL && !(presence->status & SCHNACK_MUC_STATUS_CREATED))
        {
          Creation *creation = g_task_get_task_data (task);
          GError *exists = g_error_new_literal (SCHNACK_ROOM_LIST_ERROR, SCHNACK_ROOM_LIST_ERROR_ROOM_EXISTS,
                                                _("A room with this address exists already."));

          /* A room of ours (a bookmark, say) we are now simply in. */
          if (creation->was_listed)
            {
              exists_task = g_steal_pointer (&task);
              exists_error = exists;
            }
          else
            {
              abandon_creation (self, room, task, exists);
              return;
            }
        }
    }

  schnack_room_apply_presence (room, presence);
  if (exists_task != NULL)
    {
      g_task_return_error (exists_task, exists_error);
      g_object_unref (exists_task);
    }
  if (!own || !presence->available || before == SCHNACK_ROOM_STATE_JOINED)
    return;

  if (schnack_room_list_find (self, schnack_room_get_jid (room)) != room ||
      schnack_room_get_state (room) != SCHNACK_ROOM_STATE_JOINED)
    {
      /* Left (or refused) by a listener of the room's state meanwhile. */
      if (task != NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", "left");
          g_object_unref (task);
        }
      return;
    }
  if (task != NULL)
    schnack_muc_get_config_async (self->connection, schnack_room_get_jid (room),
                                  g_task_get_cancellable (task), on_config_form, task);
  ensure_self_ping (self);
  retry_refused (self, room);
  schnack_outbox_flush_room (self->outbox, schnack_room_get_jid (room));
  if (schnack_room_get_flags (room) & SCHNACK_ROOM_FLAG_ARCHIVED)
    catch_up (self, room);
}

static void
on_refreshed_info (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  JoinAttempt *refresh = user_data;
  g_autoptr(SchnackRoomList) self = g_weak_ref_get (&refresh->list);
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackMucRoomInfo) info = schnack_muc_room_info_finish (result, &error);

  if (info == NULL)
    g_debug ("Could not read the new configuration of %s: %s",
             schnack_room_get_jid (refresh->room), error->message);
  else if (self != NULL && schnack_room_list_find (self, schnack_room_get_jid (refresh->room)) == refresh->room)
    {
      schnack_room_set_flags (refresh->room, flags_from_info (info));
      schnack_room_set_announced_name (refresh->room, info->name);
    }
  join_attempt_free (refresh);
}

/* The room's configuration changed (status 104): what it says about
 * itself (name, members-only, password, …) may have too. */
static void
refresh_room_info (SchnackRoomList *self,
                   SchnackRoom     *room)
{
  JoinAttempt *refresh = g_new0 (JoinAttempt, 1);

  g_weak_ref_init (&refresh->list, self);
  refresh->room = g_object_ref (room);
  schnack_muc_room_info_async (self->connection, schnack_room_get_jid (room), self->cancellable,
                               on_refreshed_info, refresh);
}

static void
on_room_signal (SchnackRoomList *self,
                SchnackXmlNode  *stanza)
{
  g_autoptr(SchnackMucInvite) invite = schnack_muc_invite_parse (stanza);
  g_autofree char *subject = NULL;

  if (invite != NULL)
    {
      g_autoptr(SchnackRoomInvite) item = NULL;

      /* Already in: nothing to ask. */
      if (schnack_room_list_find (self, invite->room_jid) != NULL &&
          schnack_room_get_state (schnack_room_list_find (self, invite->room_jid)) == SCHNACK_ROOM_STATE_JOINED)
        return;
      item = schnack_room_invite_new (invite);
      g_list_store_append (self->invites, item);
      g_signal_emit (self, signals[SIGNAL_INVITE_RECEIVED], 0, item);
      return;
    }

  if (schnack_muc_message_status (stanza) & SCHNACK_MUC_STATUS_CONFIG_CHANGED)
    {
      SchnackRoom *room = schnack_room_list_find (self, schnack_xml_node_get_attribute (stanza, "from"));

      if (room != NULL && schnack_room_get_state (room) == SCHNACK_ROOM_STATE_JOINED)
        refresh_room_info (self, room);
      return;
    }

  subject = schnack_muc_parse_subject (stanza);
  if (subject != NULL)
    {
      g_autofree char *room_jid = schnack_jid_dup_bare (schnack_xml_node_get_attribute (stanza, "from"));
      SchnackRoom *room = schnack_room_list_find (self, room_jid);

      if (room != NULL)
        schnack_room_take_subject (room, subject);
    }
}

static void
on_connection_state (SchnackRoomList *self)
{
  SchnackConnectionState state = schnack_connection_get_state (self->connection);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rooms));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackRoom) room = g_list_model_get_item (G_LIST_MODEL (self->rooms), i);
      SchnackRoomState room_state = schnack_room_get_state (room);

      if (state == SCHNACK_CONNECTION_ONLINE)
        {
          /* A resumed stream kept our place in every room. */
          if (!schnack_connection_get_resumed (self->connection) && room_state != SCHNACK_ROOM_STATE_ERROR)
            start_join (self, room);
          else if (room_state == SCHNACK_ROOM_STATE_OFFLINE)
            start_join (self, room);
        }
      else if (room_state != SCHNACK_ROOM_STATE_ERROR)
        {
          schnack_room_set_state (room, SCHNACK_ROOM_STATE_OFFLINE, NULL);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Finding rooms                                                       */

static void
on_service_found (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *service = schnack_muc_find_service_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, service, g_free);
}

void
schnack_room_list_find_service_async (SchnackRoomList    *self,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (SCHNACK_IS_ROOM_LIST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_room_list_find_service_async);
  schnack_muc_find_service_async (self->connection, cancellable, on_service_found, task);
}

char *
schnack_room_list_find_service_finish (SchnackRoomList  *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_browsed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GPtrArray *rooms = schnack_muc_list_rooms_finish (result, &error);

  if (rooms == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rooms, (GDestroyNotify) g_ptr_array_unref);
}

void
schnack_room_list_browse_async (SchnackRoomList    *self,
                                const char         *service,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (SCHNACK_IS_ROOM_LIST (self));
  g_return_if_fail (service != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_room_list_browse_async);
  schnack_muc_list_rooms_async (self->connection, service, cancellable, on_browsed, task);
}

GPtrArray *
schnack_room_list_browse_finish (SchnackRoomList  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
schnack_room_suggest_address (const char *name,
                              const char *service)
{
  g_autofree char *ascii = NULL;
  g_autoptr(GString) local = g_string_new (NULL);

  g_return_val_if_fail (service != NULL, NULL);

  /* Letters people type keep their look (é → e); the rest becomes a
   * dash, as room addresses usually are written. */
  ascii = g_str_to_ascii (name != NULL ? name : "", "C");
  for (const char *p = ascii; *p != '\0'; p++)
    {
      char c = g_ascii_tolower (*p);

      if (g_ascii_isalnum (c) || c == '.' || c == '_')
        g_string_append_c (local, c);
      else if (local->len > 0 && local->str[local->len - 1] != '-')
        g_string_append_c (local, '-');
    }
  while (local->len > 0 && (local->str[local->len - 1] == '-' || local->str[local->len - 1] == '.'))
    g_string_truncate (local, local->len - 1);
  if (local->len == 0)
    {
      g_autofree char *random = g_uuid_string_random ();

      g_string_append_printf (local, "room-%.8s", random);
    }
  return g_strdup_printf ("%s@%s", local->str, service);
}

/* ------------------------------------------------------------------ */
/* Staying in (XEP-0410)                                               */

static void
on_self_pong (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  JoinAttempt *ping = user_data;
  g_autoptr(SchnackRoomList) self = g_weak_ref_get (&ping->list);

  if (self != NULL && schnack_muc_self_ping_finish (result) == SCHNACK_MUC_PING_NOT_JOINED &&
      schnack_room_get_state (ping->room) == SCHNACK_ROOM_STATE_JOINED &&
      schnack_room_list_find (self, schnack_room_get_jid (ping->room)) == ping->room)
    {
      g_debug ("Dropped silently from %s: joining again", schnack_room_get_jid (ping->room));
      start_join (self, ping->room);
    }
  join_attempt_free (ping);
}

/**
 * schnack_room_list_check_rooms:
 *
 * Asks every room we think we are in whether it still has us, and
 * joins again where it does not. Runs by itself every few minutes;
 * call it after a suspend, too.
 */
void
schnack_room_list_check_rooms (SchnackRoomList *self)
{
  guint n;

  g_return_if_fail (SCHNACK_IS_ROOM_LIST (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->rooms));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackRoom) room = g_list_model_get_item (G_LIST_MODEL (self->rooms), i);
      JoinAttempt *ping;

      if (schnack_room_get_state (room) != SCHNACK_ROOM_STATE_JOINED)
        continue;
      ping = g_new0 (JoinAttempt, 1);
      g_weak_ref_init (&ping->list, self);
      ping->room = g_object_ref (room);
      schnack_muc_self_ping_async (self->connection, schnack_room_get_jid (room), schnack_room_get_nick (room),
                                   self->cancellable, on_self_pong, ping);
    }
}

static gboolean
any_room_joined (SchnackRoomList *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rooms));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackRoom) room = g_list_model_get_item (G_LIST_MODEL (self->rooms), i);

      if (schnack_room_get_state (room) == SCHNACK_ROOM_STATE_JOINED)
        return TRUE;
    }
  return FALSE;
}

static gboolean
on_self_ping_timer (gpointer user_data)
{
  SchnackRoomList *self = user_data;

  if (!any_room_joined (self))
    {
      self->self_ping_timer = 0;
      return G_SOURCE_REMOVE;
    }
  schnack_room_list_check_rooms (self);
  return G_SOURCE_CONTINUE;
}

static void
ensure_self_ping (SchnackRoomList *self)
{
  if (self->self_ping_timer == 0 && self->self_ping_seconds > 0)
    self->self_ping_timer = g_timeout_add_seconds (self->self_ping_seconds, on_self_ping_timer, self);
}

/* 0 turns the timer off (schnack_room_list_check_rooms() still works). */
void
schnack_room_list_set_self_ping_interval (SchnackRoomList *self,
                                          guint            seconds)
{
  g_return_if_fail (SCHNACK_IS_ROOM_LIST (self));

  self->self_ping_seconds = seconds;
  g_clear_handle_id (&self->self_ping_timer, g_source_remove);
  if (any_room_joined (self))
    ensure_self_ping (self);
}

/* How long a join or creation may wait for the room (tests shorten it). */
void
schnack_room_list_set_join_timeout (SchnackRoomList *self,
                                    guint            seconds)
{
  g_return_if_fail (SCHNACK_IS_ROOM_LIST (self));
  g_return_if_fail (seconds > 0);

  self->join_timeout_seconds = seconds;
}

/* ------------------------------------------------------------------ */
/* Sending                                                             */

/* Back in @room: what it refused while it had dropped us goes out again
 * (with what else waits for it), each message once. */
static void
retry_refused (SchnackRoomList *self,
               SchnackRoom     *room)
{
  g_autofree char *key = room_key (schnack_room_get_jid (room));
  g_autoptr(GArray) ids = NULL;
  gpointer stolen_key = NULL;

  if (!g_hash_table_steal_extended (self->refused, key, &stolen_key, (gpointer *) &ids))
    return;
  g_free (stolen_key);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!schnack_outbox_retry (self->outbox, g_array_index (ids, gint64, i), &error))
        g_debug ("Could not send a refused room message again: %s", error->message);
    }
}

/**
 * schnack_room_list_handle_refused_message:
 * @stanza: a <message type="error"/> answering one of ours
 * @message_id: the stored message it refuses (already marked failed)
 *
 * A room we believe we are in that says we are not (not-acceptable) has
 * dropped us without a word: we join it again, and the message goes out
 * again once we are back in.
 *
 * Returns: %TRUE if the message will be sent again by itself
 */
gboolean
schnack_room_list_handle_refused_message (SchnackRoomList      *self,
                                          const SchnackXmlNode *stanza,
                                          gint64                message_id)
{
  g_autofree char *room_jid = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  SchnackRoom *room;
  SchnackRoomState state;
  GArray *ids;

  g_return_val_if_fail (SCHNACK_IS_ROOM_LIST (self), FALSE);

  room_jid = schnack_jid_dup_bare (schnack_xml_node_get_attribute (stanza, "from"));
  room = schnack_room_list_find (self, room_jid);
  error = schnack_stanza_error_from_stanza (stanza);
  if (room == NULL || !g_error_matches (error, SCHNACK_STANZA_ERROR, SCHNACK_STANZA_ERROR_NOT_ACCEPTABLE))
    return FALSE;
  state = schnack_room_get_state (room);
  if (state != SCHNACK_ROOM_STATE_JOINED && state != SCHNACK_ROOM_STATE_JOINING)
    return FALSE;

  key = room_key (room_jid);
  ids = g_hash_table_lookup (self->refused, key);
  if (ids == NULL)
    {
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (self->refused, g_strdup (key), ids);
    }
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == message_id)
      return TRUE;
  g_array_append_val (ids, message_id);
  if (state == SCHNACK_ROOM_STATE_JOINED)
    {
      g_debug ("%s refused our message: we were dropped, joining again", room_jid);
      start_join (self, room);
    }
  return TRUE;
}

gboolean
schnack_room_list_send_message (SchnackRoomList  *self,
                                SchnackRoom      *room,
                                const char       *body,
                                gint64           *out_message_id,
                                GError          **error)
{
  const char *room_jid;
  gint64 message_id = 0;

  g_return_val_if_fail (SCHNACK_IS_ROOM_LIST (self), FALSE);
  g_return_val_if_fail (SCHNACK_IS_ROOM (room), FALSE);

  room_jid = schnack_room_get_jid (room);
  if (!schnack_outbox_send_full (self->outbox, room_jid, SCHNACK_CONVERSATION_KIND_GROUPCHAT,
                                 schnack_room_get_state (room) == SCHNACK_ROOM_STATE_JOINED,
                                 body, &message_id, error))
    return FALSE;
  schedule_refresh (self, room_jid);
  g_signal_emit (self, signals[SIGNAL_MESSAGE_SENT], 0, message_id);
  if (out_message_id != NULL)
    *out_message_id = message_id;
  return TRUE;
}

gboolean
schnack_room_list_send_private (SchnackRoomList  *self,
                                SchnackRoom      *room,
                                const char       *nick,
                                const char       *body,
                                gint64           *out_message_id,
                                GError          **error)
{
  g_autofree char *occupant = NULL;
  gint64 message_id = 0;

  g_return_val_if_fail (SCHNACK_IS_ROOM_LIST (self), FALSE);
  g_return_val_if_fail (SCHNACK_IS_ROOM (room), FALSE);
  g_return_val_if_fail (nick != NULL, FALSE);

  occupant = g_strdup_printf ("%s/%s", schnack_room_get_jid (room), nick);
  if (!schnack_outbox_send_full (self->outbox, occupant, SCHNACK_CONVERSATION_KIND_CHAT, TRUE,
                                 body, &message_id, error))
    return FALSE;
  schedule_refresh (self, occupant);
  g_signal_emit (self, signals[SIGNAL_MESSAGE_SENT], 0, message_id);
  if (out_message_id != NULL)
    *out_message_id = message_id;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Invitations                                                         */

/* Sent before the invitation, so the room has it first; a refusal (the
 * invitee is banned, say) leaves the invitation to be refused too. */
static void
on_invitee_made_member (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!schnack_room_moderation_finish (SCHNACK_ROOM (source), result, &error))
    g_message ("Could not make the invitee a member of %s: %s",
               schnack_room_get_jid (SCHNACK_ROOM (source)), error->message);
}

/**
 * schnack_room_list_invite:
 * @direct: TRUE for XEP-0249 (the invitation carries the password),
 *   FALSE to go through the room (which adds the password and, in a
 *   members-only room, may make them a member)
 *
 * In a members-only room owners and admins make the invitee a member
 * first; other members' invitations always go through the room.
 */
void
schnack_room_list_invite (SchnackRoomList *self,
                          SchnackRoom     *room,
                          const char      *jid,
                          const char      *reason,
                          gboolean         direct)
{
  g_autoptr(SchnackXmlNode) message = NULL;

  g_return_if_fail (SCHNACK_IS_ROOM_LIST (self));
  g_return_if_fail (SCHNACK_IS_ROOM (room));
  g_return_if_fail (jid != NULL);

  /* A members-only room lets in members only: an invitation alone would
   * be refused at the door. Owners and admins make the invitee a member
   * first (as Conversations does); from anyone else the invitation goes
   * through the room, which decides whether members may invite. */
  if (schnack_room_get_flags (room) & SCHNACK_ROOM_FLAG_MEMBERS_ONLY)
    {
      SchnackMucAffiliation own = schnack_room_get_affiliation (room);

      if (own == SCHNACK_MUC_AFFILIATION_OWNER || own == SCHNACK_MUC_AFFILIATION_ADMIN)
        schnack_room_set_affiliation_async (room, jid, SCHNACK_MUC_AFFILIATION_MEMBER, NULL, NULL,
                                            on_invitee_made_member, NULL);
      else
        direct = FALSE;
    }
  if (direct)
    message = schnack_muc_build_direct_invite (jid, schnack_room_get_jid (room),
                                               schnack_room_get_password (room), reason);
  else
    message = schnack_muc_build_mediated_invite (schnack_room_get_jid (room), jid, reason);
  schnack_connection_send_stanza (self->connection, message);
}

/**
 * schnack_room_list_get_invites:
 * Returns: (transfer none): SchnackRoomInvite, waiting for the user
 */
GListModel *
schnack_room_list_get_invites (SchnackRoomList *self)
{
  g_return_val_if_fail (SCHNACK_IS_ROOM_LIST (self), NULL);
  return G_LIST_MODEL (self->invites);
}

/**
 * schnack_room_list_accept_invite:
 * Returns: (transfer none) (nullable): the room being joined
 */
SchnackRoom *
schnack_room_list_accept_invite (SchnackRoomList *self,
                                 guint            position,
                                 const char      *nick)
{
  g_autoptr(SchnackRoomInvite) item = NULL;
  const SchnackMucInvite *invite;
  SchnackRoom *room;

  g_return_val_if_fail (SCHNACK_IS_ROOM_LIST (self), NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->invites), position);
  if (item == NULL)
    return NULL;
  invite = schnack_room_invite_get_details (item);
  room = schnack_room_list_join (self, invite->room_jid, nick, invite->password);
  g_list_store_remove (self->invites, position);
  return room;
}

void
schnack_room_list_decline_invite (SchnackRoomList *self,
                                  guint            position,
                                  const char      *reason)
{
  g_autoptr(SchnackRoomInvite) item = NULL;
  const SchnackMucInvite *invite;

  g_return_if_fail (SCHNACK_IS_ROOM_LIST (self));

  item = g_list_model_get_item (G_LIST_MODEL (self->invites), position);
  if (item == NULL)
    return;
  invite = schnack_room_invite_get_details (item);
  /* Only a mediated invitation has someone to tell through the room. */
  if (invite->mediated && invite->inviter != NULL)
    {
      g_autoptr(SchnackXmlNode) decline = schnack_muc_build_decline (invite->room_jid, invite->inviter, reason);

      schnack_connection_send_stanza (self->connection, decline);
    }
  g_list_store_remove (self->invites, position);
}

/* ------------------------------------------------------------------ */

static void
on_rooms_changed (SchnackRoomList *self,
                  guint            position,
                  guint            removed,
                  guint            added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
fail_creation (gpointer data)
{
  GTask *task = data;

  if (!g_task_get_completed (task))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", "cancelled");
  g_object_unref (task);
}

static void
remove_source (gpointer id)
{
  g_source_remove (GPOINTER_TO_UINT (id));
}

static void
schnack_room_list_dispose (GObject *object)
{
  SchnackRoomList *self = SCHNACK_ROOM_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  g_clear_handle_id (&self->self_ping_timer, g_source_remove);
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_clear_pointer (&self->join_timers, g_hash_table_unref);
  g_clear_pointer (&self->creations, g_hash_table_unref);
  g_clear_object (&self->connection);
  g_clear_object (&self->store);
  g_clear_object (&self->outbox);
  g_clear_object (&self->ingest);
  g_clear_object (&self->conversations);
  g_clear_object (&self->invites);
  g_clear_object (&self->cancellable);
  if (self->by_jid != NULL)
    g_hash_table_remove_all (self->by_jid);
  if (self->rooms != NULL)
    g_signal_handlers_disconnect_by_data (self->rooms, self);
  g_clear_object (&self->rooms);

  G_OBJECT_CLASS (schnack_room_list_parent_class)->dispose (object);
}

static void
schnack_room_list_finalize (GObject *object)
{
  SchnackRoomList *self = SCHNACK_ROOM_LIST (object);

  g_free (self->own_jid);
  g_hash_table_unref (self->by_jid);
  g_hash_table_unref (self->archive_queries);
  g_hash_table_unref (self->refresh_pending);
  g_hash_table_unref (self->refused);

  G_OBJECT_CLASS (schnack_room_list_parent_class)->finalize (object);
}

static void
schnack_room_list_class_init (SchnackRoomListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = schnack_room_list_dispose;
  object_class->finalize = schnack_room_list_finalize;

  /**
   * SchnackRoomList::message-sent:
   * @message_id: a message the user wrote in a room or to an occupant,
   *   stored (pending) in the outbox
   */
  signals[SIGNAL_MESSAGE_SENT] =
    g_signal_new ("message-sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * SchnackRoomList::change-received:
   * @message: a correction, reaction set or retraction from a room,
   *   after the messages before it are stored; outgoing if it is ours
   * @room_jid: the room
   * @sender: its author as room history names them (nick, ours our JID)
   *
   * Returns: %TRUE if a handler applied it and nothing new is to be
   *   stored
   */
  /**
   * SchnackRoomList::message-updated:
   * @row_id: a stored room message that changed (ours, now with the
   *   room's stanza-id)
   * @room_jid: its room
   */
  signals[SIGNAL_MESSAGE_UPDATED] =
    g_signal_new ("message-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  signals[SIGNAL_CHANGE_RECEIVED] =
    g_signal_new ("change-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_true_handled, NULL, NULL, G_TYPE_BOOLEAN, 3,
                  SCHNACK_TYPE_INCOMING_MESSAGE | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING, G_TYPE_STRING);

  /**
   * SchnackRoomList::invite-received:
   * @invite: the SchnackRoomInvite just added to the invites model; the
   *   user decides (accept_invite / decline_invite) — never joined by itself
   */
  signals[SIGNAL_INVITE_RECEIVED] =
    g_signal_new ("invite-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SCHNACK_TYPE_ROOM_INVITE);
}

static void
schnack_room_list_init (SchnackRoomList *self)
{
  self->cancellable = g_cancellable_new ();
  self->self_ping_seconds = DEFAULT_SELF_PING_SECONDS;
  self->rooms = g_list_store_new (SCHNACK_TYPE_ROOM);
  self->by_jid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->creations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, fail_creation);
  self->join_timers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, remove_source);
  self->refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  self->join_timeout_seconds = DEFAULT_JOIN_TIMEOUT_SECONDS;
  self->archive_queries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->invites = g_list_store_new (SCHNACK_TYPE_ROOM_INVITE);
  self->refresh_pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect_swapped (self->rooms, "items-changed", G_CALLBACK (on_rooms_changed), self);
}

/**
 * schnack_room_list_new:
 * @conversations: (nullable): refreshed when we write in a room
 * @ingest: stores room messages; its "stored" announces them
 */
SchnackRoomList *
schnack_room_list_new (SchnackConnection       *connection,
                       SchnackStore            *store,
                       gint64                   account_id,
                       const char              *own_jid,
                       SchnackOutbox           *outbox,
                       SchnackConversationList *conversations,
                       SchnackMessageIngest    *ingest)
{
  SchnackRoomList *self;

  g_return_val_if_fail (SCHNACK_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (SCHNACK_IS_STORE (store), NULL);
  g_return_val_if_fail (SCHNACK_IS_OUTBOX (outbox), NULL);

  self = g_object_new (SCHNACK_TYPE_ROOM_LIST, NULL);
  self->connection = g_object_ref (connection);
  self->store = g_object_ref (store);
  self->account_id = account_id;
  self->own_jid = g_strdup (own_jid);
  self->outbox = g_object_ref (outbox);
  self->conversations = conversations != NULL ? g_object_ref (conversations) : NULL;
  self->ingest = g_object_ref (ingest);
  g_signal_connect_swapped (connection, "presence-received", G_CALLBACK (on_presence), self);
  g_signal_connect_swapped (connection, "room-signal", G_CALLBACK (on_room_signal), self);
  g_signal_connect_swapped (connection, "notify::state", G_CALLBACK (on_connection_state), self);
  return self;
}
