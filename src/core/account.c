/* account.c — one account: its settings, connection, password and history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The account ties the layers together: settings from the store, the
 * password from the keyring (never anywhere else), the connection, and
 * history written through the store. The UI binds to its properties.
 */
#include "config.h"

#include "core/account.h"
#include "core/account-private.h"
#include "core/archive-sync.h"
#include "core/avatars.h"
#include "core/message-ingest.h"
#include "core/bookmark-sync.h"
#include "core/message-request.h"
#include "core/conversation-list.h"
#include "core/history-feed.h"
#include "core/outbox.h"
#include "core/receipts.h"
#include "core/room-list.h"
#include "secrets/secrets.h"
#include "xmpp/carbons.h"
#include "xmpp/chat-states.h"
#include "xmpp/register.h"
#include "xmpp/stanza-util.h"
#include "schnack-utils.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _SchnackAccount {
  GObject               parent_instance;

  SchnackStore         *store;
  SchnackAccountRecord *record;
  SchnackConnection    *connection;
  SchnackContactList   *contacts;
  SchnackConversationList *conversations;
  SchnackAvatars       *avatars;
  SchnackArchiveSync   *archive_sync;
  SchnackMessageIngest *ingest;
  SchnackOutbox        *outbox;
  SchnackAccountMessages *messages;
  SchnackHistoryFeed   *history_feed;
  SchnackRoomList      *rooms;
  SchnackBookmarkSync  *bookmarks;
  GListStore           *message_requests;
  GCancellable         *cancellable;

  gboolean              needs_password;
  char                 *password_problem;
  gboolean              remembers_password;  /* the keyring holds it */
};

G_DEFINE_FINAL_TYPE (SchnackAccount, schnack_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_JID,
  PROP_CONNECTION,
  PROP_STATE,
  PROP_STATUS_TEXT,
  PROP_NEEDS_PASSWORD,
  PROP_CERTIFICATE_SHA256,
  N_PROPS
};

enum {
  SIGNAL_MESSAGE_STORED,
  SIGNAL_DELIVERY_CHANGED,
  SIGNAL_MESSAGE_UPDATED,
  SIGNAL_MESSAGE_DELETED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_password_problem (SchnackAccount *self,
                      gboolean        needs_password,
                      const char     *problem)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->needs_password != needs_password)
    {
      self->needs_password = needs_password;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_PASSWORD]);
    }
  if (schnack_set_str (&self->password_problem, problem))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
  g_object_thaw_notify (G_OBJECT (self));
}

static SchnackMessageRequest *
find_message_request (SchnackAccount *self,
                      const char     *bare_jid,
                      guint          *out_position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->message_requests));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackMessageRequest) request = g_list_model_get_item (G_LIST_MODEL (self->message_requests), i);

      if (g_ascii_strcasecmp (schnack_message_request_get_jid (request), bare_jid) == 0)
        {
          if (out_position != NULL)
            *out_position = i;
          return request;
        }
    }
  return NULL;
}

static void
add_message_request (SchnackAccount             *self,
                     const SchnackMessageRecord *record)
{
  SchnackMessageRequest *request = find_message_request (self, record->conversation_jid, NULL);

  if (request == NULL)
    {
      g_autoptr(SchnackMessageRequest) created = schnack_message_request_new (record->conversation_jid);

      g_list_store_append (self->message_requests, created);
      request = created;
    }
  schnack_message_request_add_message (request, record->body, record->sent_at);
}

/* A contact added or blocked is no longer a request. */
static void
on_contacts_changed (SchnackAccount *self,
                     guint           position,
                     guint           removed,
                     guint           added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SchnackContact) contact = g_list_model_get_item (G_LIST_MODEL (self->contacts), i);

      schnack_account_dismiss_message_request (self, schnack_contact_get_jid (contact));
    }
}

static void
on_blocked_changed (SchnackAccount     *self,
                    const char         *jid,
                    SchnackContactList *contacts)
{
  if (schnack_contact_list_is_blocked (contacts, jid))
    schnack_account_dismiss_message_request (self, jid);
}

/* Incoming chat messages go into history, once (the store de-duplicates
 * by stanza-id and origin-id), queued and stored in slices by the ingest
 * (on_messages_stored follows). Room messages arrive with the MUC work. */
static void
ingest_message (SchnackAccount               *self,
                const SchnackIncomingMessage *message)
{
  g_autoptr(SchnackMessageRecord) record = NULL;

  record = schnack_message_record_new ();
  record->account_id = self->record->id;
  record->conversation_kind = SCHNACK_CONVERSATION_KIND_CHAT;
  if (message->outgoing)
    {
      /* Written on another of our devices (a sent carbon). */
      record->conversation_jid = schnack_jid_dup_bare (message->to);
      record->direction = SCHNACK_MESSAGE_DIRECTION_OUTGOING;
      record->sender = g_strdup (self->record->jid);
    }
  else
    {
      record->conversation_jid = schnack_jid_dup_bare (message->from);
      record->direction = SCHNACK_MESSAGE_DIRECTION_INCOMING;
      record->sender = schnack_jid_dup_bare (message->from);
    }
  if (record->conversation_jid == NULL || message->body == NULL)
    return;
  record->body = g_strdup (message->body);
  record->sent_at = message->sent_at;
  record->received_at = message->received_at;
  record->message_id = g_strdup (message->id);
  record->origin_id = g_strdup (message->origin_id);
  record->stanza_id = g_strdup (message->stanza_id);
  record->stanza_id_by = g_strdup (message->stanza_id_by);
  schnack_account_messages_fill_reply (self->messages, message, record);
  /* The server had it, or it would not have reached us. */
  record->delivery_state = message->outgoing ? SCHNACK_DELIVERY_STATE_ACKED
                                             : SCHNACK_DELIVERY_STATE_DELIVERED;

  /* Thousands arrive at once after being away: a listener may treat
   * these differently (one notification, not thousands). */
  record->catch_up = message->archive_query != NULL || message->delayed;

  schnack_message_ingest_add (self->ingest, g_steal_pointer (&record));
}

typedef struct {
  GWeakRef                account;
  SchnackIncomingMessage *message;
} QueuedChange;

static void
queued_change_free (QueuedChange *change)
{
  g_weak_ref_clear (&change->account);
  schnack_incoming_message_free (change->message);
  g_free (change);
}

static void
apply_queued_change (gpointer user_data)
{
  QueuedChange *change = user_data;
  g_autoptr(SchnackAccount) self = g_weak_ref_get (&change->account);

  if (self != NULL && !schnack_account_messages_apply (self->messages, change->message))
    ingest_message (self, change->message);
}

static gboolean
is_from_room (SchnackAccount               *self,
              const SchnackIncomingMessage *message)
{
  g_autofree char *from_bare = schnack_jid_dup_bare (message->from);

  return g_strcmp0 (message->type, "groupchat") == 0 ||
         (message->archive_from != NULL && g_ascii_strcasecmp (message->archive_from, self->record->jid) != 0) ||
         (from_bare != NULL && schnack_room_list_find (self->rooms, from_bare) != NULL);
}

static void
on_message_received (SchnackAccount         *self,
                     SchnackIncomingMessage *message)
{
  /* Rooms take their messages, changes included (room-list.c). */
  if (schnack_room_list_handle_message (self->rooms, message))
    return;
  if (message->body == NULL && is_from_room (self, message))
    return;  /* a room's own notices: nothing to keep */
  /* Only our own archive is believed (a room's is, for the room list). */
  if (g_strcmp0 (message->type, "groupchat") == 0 ||
      (message->archive_from != NULL && g_ascii_strcasecmp (message->archive_from, self->record->jid) != 0))
    return;
  schnack_receipts_answer (self->connection, self->contacts, message);
  /* Corrections, reactions, retractions and markers change earlier
   * messages: after those queued before them are stored. */
  if (schnack_account_messages_is_change (message))
    {
      QueuedChange *change = g_new0 (QueuedChange, 1);

      g_weak_ref_init (&change->account, self);
      change->message = schnack_incoming_message_copy (message);
      schnack_message_ingest_when_stored (self->ingest, apply_queued_change, change,
                                          (GDestroyNotify) queued_change_free);
      return;
    }
  /* A message ends "typing…". */
  if (!message->outgoing && message->archive_query == NULL)
    {
      g_autofree char *from = schnack_jid_dup_bare (message->from);
      SchnackContact *contact = schnack_contact_list_find (self->contacts, from);

      if (contact != NULL)
        schnack_contact_set_chat_state (contact, "active");
    }
  ingest_message (self, message);
}

/* A slice of incoming messages is in history (see message-ingest.c). */
static void
on_messages_stored (SchnackAccount *self,
                    GPtrArray      *records)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) chats = g_ptr_array_new ();
  g_autoptr(GHashTable) occupants = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < records->len; i++)
    {
      SchnackMessageRecord *record = g_ptr_array_index (records, i);

      /* A private message from someone in a room we are in: the store
       * starts it closed like a stranger's (not on the roster), but it
       * is not one — open it (which a new message does for contacts). */
      if (record->direction == SCHNACK_MESSAGE_DIRECTION_INCOMING &&
          record->conversation_kind == SCHNACK_CONVERSATION_KIND_CHAT &&
          strchr (record->conversation_jid, '/') != NULL)
        g_hash_table_add (occupants, record->conversation_jid);

      /* Strangers wait in Requests (spam protection), not among chats;
       * rooms and their occupants are not strangers. */
      if (record->direction == SCHNACK_MESSAGE_DIRECTION_INCOMING &&
          record->conversation_kind == SCHNACK_CONVERSATION_KIND_CHAT &&
          strchr (record->conversation_jid, '/') == NULL &&
          schnack_contact_list_find (self->contacts, record->conversation_jid) == NULL)
        add_message_request (self, record);
      if (g_hash_table_add (seen, record->conversation_jid))
        g_ptr_array_add (chats, record->conversation_jid);
    }
  /* Each chat once per slice, not once per message (10,000 times in a
   * catch-up), and before "message-stored", whose listeners look at it. */
  for (guint i = 0; i < chats->len; i++)
    {
      const char *jid = g_ptr_array_index (chats, i);
      g_autoptr(GError) error = NULL;

      if (!g_hash_table_contains (occupants, jid))
        schnack_conversation_list_refresh (self->conversations, jid);
      else if (!schnack_conversation_list_open (self->conversations, jid, &error))
        g_warning ("Could not open the private chat with %s: %s", jid, error->message);
    }
  /* A chat on screen takes its part of the slice as one change. */
  schnack_history_feed_messages_stored (self->history_feed, records);
  for (guint i = 0; i < records->len; i++)
    g_signal_emit (self, signals[SIGNAL_MESSAGE_STORED], 0, g_ptr_array_index (records, i));
}

/* A room's correction, reaction set or retraction (see room-list.c). */
static gboolean
on_room_change_received (SchnackAccount               *self,
                         const SchnackIncomingMessage *message,
                         const char                   *room_jid,
                         const char                   *sender)
{
  return schnack_account_messages_apply_in (self->messages, message, room_jid, sender);
}

static void
on_room_message_updated (SchnackAccount *self,
                         gint64          row_id,
                         const char     *room_jid)
{
  schnack_account_emit_message_updated (self, row_id, room_jid);
}

static void
on_room_message_sent (SchnackAccount *self,
                      gint64          message_id)
{
  schnack_history_feed_message_stored_id (self->history_feed, message_id);
}

static void
on_carbons_enabled (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!schnack_carbons_enable_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Message carbons are not available: %s", error->message);
}

static void
on_outbox_state_changed (SchnackAccount *self,
                         gint64          message_id,
                         int             state)
{
  schnack_history_feed_delivery_changed (self->history_feed, message_id, state);
  g_signal_emit (self, signals[SIGNAL_DELIVERY_CHANGED], 0, message_id, state);
  schnack_account_messages_note_delivery (self->messages, message_id);
}

/* The server could not deliver one of our messages (no such account,
 * blocked, …): it is marked not sent, and the user may retry. */
static void
handle_bounce (SchnackAccount *self,
               SchnackXmlNode *stanza)
{
  g_autofree char *peer = schnack_jid_dup_bare (schnack_xml_node_get_attribute (stanza, "from"));
  const char *id = schnack_xml_node_get_attribute (stanza, "id");
  g_autoptr(SchnackMessageRecord) message = NULL;
  g_autoptr(GError) error = NULL;

  if (peer == NULL || id == NULL)
    return;
  message = schnack_store_find_message_by_message_id (self->store, self->record->id, peer, id, &error);
  if (message == NULL || message->direction != SCHNACK_MESSAGE_DIRECTION_OUTGOING ||
      !schnack_delivery_state_can_change (message->delivery_state, SCHNACK_DELIVERY_STATE_FAILED))
    return;
  if (!schnack_store_set_delivery_state (self->store, message->id, SCHNACK_DELIVERY_STATE_FAILED, &error))
    {
      g_warning ("Could not mark message %" G_GINT64_FORMAT " as not sent: %s", message->id, error->message);
      return;
    }
  on_outbox_state_changed (self, message->id, (int) SCHNACK_DELIVERY_STATE_FAILED);
  /* A room that dropped us: it goes out again once we are back in. */
  if (message->conversation_kind == SCHNACK_CONVERSATION_KIND_GROUPCHAT)
    schnack_room_list_handle_refused_message (self->rooms, stanza, message->id);
}

static void
on_chat_signal (SchnackAccount *self,
                SchnackXmlNode *stanza)
{
  const char *chat_state;
  gint64 delivered;

  if (g_strcmp0 (schnack_xml_node_get_attribute (stanza, "type"), "error") == 0)
    {
      handle_bounce (self, stanza);
      return;
    }
  delivered = schnack_receipts_apply (self->store, self->record->id, stanza);
  chat_state = schnack_chat_state_parse (stanza);

  if (chat_state != NULL)
    {
      g_autofree char *from = schnack_jid_dup_bare (schnack_xml_node_get_attribute (stanza, "from"));
      SchnackContact *contact = from != NULL ? schnack_contact_list_find (self->contacts, from) : NULL;

      if (contact != NULL)
        schnack_contact_set_chat_state (contact, chat_state);
    }

  if (delivered != 0)
    on_outbox_state_changed (self, delivered, (int) SCHNACK_DELIVERY_STATE_DELIVERED);
}

static void
on_connection_notify (SchnackAccount *self,
                      GParamSpec     *pspec)
{
  /* Each new session starts without carbons; a resumed one keeps them. */
  if (g_str_equal (pspec->name, "state") &&
      schnack_connection_get_state (self->connection) == SCHNACK_CONNECTION_ONLINE &&
      !schnack_connection_get_resumed (self->connection))
    {
      schnack_carbons_enable_async (self->connection, self->cancellable, on_carbons_enabled, NULL);
      schnack_account_messages_online (self->messages);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CERTIFICATE_SHA256]);
}

static void
configure_connection (SchnackAccount *self)
{
  SchnackAccountRecord *record = self->record;

  schnack_connection_set_resource (self->connection, record->resource);
  schnack_connection_set_server (self->connection, record->host, record->port, record->direct_tls);
  schnack_connection_set_pinned_certificate (self->connection, record->pinned_cert_sha256);
  schnack_connection_set_priority (self->connection, record->priority);
}

static void
schnack_account_dispose (GObject *object)
{
  SchnackAccount *self = SCHNACK_ACCOUNT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->avatars);
  g_clear_pointer (&self->messages, schnack_account_messages_free);
  g_clear_object (&self->archive_sync);
  /* What is still queued gets stored, without telling anyone. */
  if (self->ingest != NULL)
    g_signal_handlers_disconnect_by_data (self->ingest, self);
  g_clear_object (&self->ingest);
  g_clear_object (&self->bookmarks);
  g_clear_object (&self->rooms);
  g_clear_object (&self->outbox);
  g_clear_object (&self->history_feed);
  g_clear_object (&self->contacts);
  g_clear_object (&self->conversations);
  g_clear_object (&self->message_requests);
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_clear_object (&self->connection);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (schnack_account_parent_class)->dispose (object);
}

static void
schnack_account_finalize (GObject *object)
{
  SchnackAccount *self = SCHNACK_ACCOUNT (object);

  g_clear_pointer (&self->record, schnack_account_record_free);
  g_free (self->password_problem);

  G_OBJECT_CLASS (schnack_account_parent_class)->finalize (object);
}

static void
schnack_account_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SchnackAccount *self = SCHNACK_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_JID:
      g_value_set_string (value, self->record->jid);
      break;
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_STATE:
      g_value_set_enum (value, schnack_account_get_state (self));
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, schnack_account_get_status_text (self));
      break;
    case PROP_NEEDS_PASSWORD:
      g_value_set_boolean (value, self->needs_password);
      break;
    case PROP_CERTIFICATE_SHA256:
      g_value_set_string (value, schnack_connection_get_certificate_sha256 (self->connection));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_account_class_init (SchnackAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = schnack_account_dispose;
  object_class->finalize = schnack_account_finalize;
  object_class->get_property = schnack_account_get_property;

  properties[PROP_JID] =
    g_param_spec_string ("jid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, SCHNACK_TYPE_CONNECTION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       SCHNACK_TYPE_CONNECTION_STATE, SCHNACK_CONNECTION_OFFLINE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_TEXT] =
    g_param_spec_string ("status-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEEDS_PASSWORD] =
    g_param_spec_boolean ("needs-password", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CERTIFICATE_SHA256] =
    g_param_spec_string ("certificate-sha256", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SchnackAccount::message-stored:
   * @record: the new row, with its id
   *
   * A message that was not in history before has been stored.
   */
  /**
   * SchnackAccount::delivery-changed:
   * @message_id: a stored message of ours
   * @state: its new SchnackDeliveryState
   */
  signals[SIGNAL_DELIVERY_CHANGED] =
    g_signal_new ("delivery-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT);

  /**
   * SchnackAccount::message-updated:
   * @row_id: a stored message (schnack_store_get_message())
   * @conversation_jid: its chat
   *
   * The message was corrected, withdrawn, reacted to, or its delivery
   * state moved; it is stored already.
   */
  signals[SIGNAL_MESSAGE_UPDATED] =
    g_signal_new ("message-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  /**
   * SchnackAccount::message-deleted:
   * @row_id: the message, no longer in the store
   * @conversation_jid: its chat
   */
  signals[SIGNAL_MESSAGE_DELETED] =
    g_signal_new ("message-deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  signals[SIGNAL_MESSAGE_STORED] =
    g_signal_new ("message-stored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  SCHNACK_TYPE_MESSAGE_RECORD | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
schnack_account_init (SchnackAccount *self)
{
  self->cancellable = g_cancellable_new ();
  self->message_requests = g_list_store_new (SCHNACK_TYPE_MESSAGE_REQUEST);
}

SchnackAccount *
schnack_account_new (SchnackStore               *store,
                     const SchnackAccountRecord *record)
{
  SchnackAccount *self;

  g_return_val_if_fail (SCHNACK_IS_STORE (store), NULL);
  g_return_val_if_fail (record != NULL && record->id > 0, NULL);

  self = g_object_new (SCHNACK_TYPE_ACCOUNT, NULL);
  self->store = g_object_ref (store);
  self->record = schnack_account_record_copy (record);
  self->connection = schnack_connection_new (record->jid);
  configure_connection (self);
  self->contacts = schnack_contact_list_new (self->connection, record->jid);
  schnack_contact_list_set_store (self->contacts, store, record->id);
  g_signal_connect_object (self->contacts, "items-changed", G_CALLBACK (on_contacts_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->contacts, "blocked-changed", G_CALLBACK (on_blocked_changed),
                           self, G_CONNECT_SWAPPED);
  {
    g_autofree char *cache_dir = schnack_avatars_default_cache_dir ();
    self->avatars = schnack_avatars_new (self->connection, self->contacts, cache_dir);
  }
  self->conversations = schnack_conversation_list_new (store, record->id);
  self->ingest = schnack_message_ingest_new (store);
  g_signal_connect_swapped (self->ingest, "stored", G_CALLBACK (on_messages_stored), self);
  self->archive_sync = schnack_archive_sync_new (self->connection, store, self->ingest, record->id);
  self->outbox = schnack_outbox_new (store, record->id, record->jid, self->connection);
  self->history_feed = schnack_history_feed_new (store, record->id);
  g_signal_connect_object (self->outbox, "state-changed", G_CALLBACK (on_outbox_state_changed),
                           self, G_CONNECT_SWAPPED);
  self->messages = schnack_account_messages_new (self);

  self->rooms = schnack_room_list_new (self->connection, store, record->id, record->jid,
                                       self->outbox, self->conversations, self->ingest);
  g_signal_connect_object (self->rooms, "message-sent", G_CALLBACK (on_room_message_sent),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->rooms, "change-received", G_CALLBACK (on_room_change_received),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->rooms, "message-updated", G_CALLBACK (on_room_message_updated),
                           self, G_CONNECT_SWAPPED);
  self->bookmarks = schnack_bookmark_sync_new (self->connection, self->rooms, record->jid);

  g_signal_connect_swapped (self->connection, "message-received",
                            G_CALLBACK (on_message_received), self);
  g_signal_connect_swapped (self->connection, "chat-signal",
                            G_CALLBACK (on_chat_signal), self);
  g_signal_connect_swapped (self->connection, "notify::state",
                            G_CALLBACK (on_connection_notify), self);
  g_signal_connect_swapped (self->connection, "notify::failure-message",
                            G_CALLBACK (on_connection_notify), self);
  return self;
}

gint64
schnack_account_get_id (SchnackAccount *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), 0);
  return self->record->id;
}

const char *
schnack_account_get_jid (SchnackAccount *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), NULL);
  return self->record->jid;
}

SchnackConnection *
schnack_account_get_connection (SchnackAccount *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), NULL);
  return self->connection;
}

/**
 * schnack_account_get_message_requests:
 * Returns: (transfer none): SchnackMessageRequest, one per stranger who
 *   wrote since the start
 */
GListModel *
schnack_account_get_message_requests (SchnackAccount *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), NULL);
  return G_LIST_MODEL (self->message_requests);
}

/* "Ignore": the messages stay in history, the request goes away. */
void
schnack_account_dismiss_message_request (SchnackAccount *self,
                                         const char     *bare_jid)
{
  guint position;

  g_return_if_fail (SCHNACK_IS_ACCOUNT (self));
  if (bare_jid != NULL && find_message_request (self, bare_jid, &position) != NULL)
    g_list_store_remove (self->message_requests, position);
}

/**
 * schnack_account_get_conversations:
 * Returns: (transfer none): the account's open chats, newest first
 */
SchnackConversationList *
schnack_account_get_conversations (SchnackAccount *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), NULL);
  return self->conversations;
}

/**
 * schnack_account_get_rooms:
 * Returns: (transfer none): the account's group chats
 */
SchnackRoomList *
schnack_account_get_rooms (SchnackAccount *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), NULL);
  return self->rooms;
}

/**
 * schnack_account_get_bookmarks:
 * Returns: (transfer none): the account's saved rooms
 */
SchnackBookmarkSync *
schnack_account_get_bookmarks (SchnackAccount *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), NULL);
  return self->bookmarks;
}

/**
 * schnack_account_get_contacts:
 * Returns: (transfer none): the account's contact list
 */
SchnackContactList *
schnack_account_get_contacts (SchnackAccount *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), NULL);
  return self->contacts;
}

SchnackConnectionState
schnack_account_get_state (SchnackAccount *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), SCHNACK_CONNECTION_OFFLINE);
  return schnack_connection_get_state (self->connection);
}

gboolean
schnack_account_get_needs_password (SchnackAccount *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), FALSE);
  return self->needs_password;
}

/* Whether messages from the server archive are still being read in. */
gboolean
schnack_account_get_catching_up (SchnackAccount *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), FALSE);
  return schnack_archive_sync_get_running (self->archive_sync);
}

gboolean
schnack_account_get_enabled (SchnackAccount *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), FALSE);
  return self->record->enabled;
}

/**
 * schnack_account_get_status_text:
 *
 * Returns: one line for the user: why the account is not online, or
 *   what it is doing
 */
const char *
schnack_account_get_status_text (SchnackAccount *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), NULL);

  if (self->needs_password && self->password_problem != NULL)
    return self->password_problem;

  switch (schnack_connection_get_state (self->connection))
    {
    case SCHNACK_CONNECTION_ONLINE:
      return _("Online");
    case SCHNACK_CONNECTION_CONNECTING:
      return _("Connecting…");
    case SCHNACK_CONNECTION_FAILED:
      return schnack_connection_get_failure_message (self->connection);
    case SCHNACK_CONNECTION_OFFLINE:
    default:
      return _("Offline");
    }
}

/**
 * schnack_account_set_ca_file:
 *
 * Trust the CA certificates in @ca_file besides the system's. Used by
 * the test suite and the --demo server, whose certificates are made on
 * the spot.
 */
void
schnack_account_set_ca_file (SchnackAccount *self,
                             const char     *ca_file)
{
  g_return_if_fail (SCHNACK_IS_ACCOUNT (self));
  schnack_connection_set_ca_file (self->connection, ca_file);
}

static void
on_password_looked_up (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(SchnackAccount) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackSecretsPassword) password = schnack_secrets_lookup_password_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (password == NULL)
    {
      set_password_problem (self, TRUE,
                            error != NULL ? error->message
                                          : _("No password saved for this account. "
                                              "Type it to sign in."));
      return;
    }

  set_password_problem (self, FALSE, NULL);
  self->remembers_password = TRUE;
  schnack_connection_set_password (self->connection, password);
  schnack_connection_connect (self->connection);
}

/**
 * schnack_account_start:
 *
 * Signs in with the password from the keyring. If there is none, or the
 * keyring is locked or missing, #SchnackAccount:needs-password turns on
 * with the reason in #SchnackAccount:status-text.
 */
void
schnack_account_start (SchnackAccount *self)
{
  g_return_if_fail (SCHNACK_IS_ACCOUNT (self));

  if (!self->record->enabled)
    return;
  schnack_secrets_lookup_password_async (self->record->jid, self->cancellable,
                                         on_password_looked_up, g_object_ref (self));
}

/**
 * schnack_account_connect_with_password:
 *
 * Signs in with a password the user just typed; it is kept in memory
 * for this session only (saving it is the caller's choice, through
 * src/secrets).
 */
void
schnack_account_connect_with_password (SchnackAccount *self,
                                       const char     *password)
{
  g_return_if_fail (SCHNACK_IS_ACCOUNT (self));
  g_return_if_fail (password != NULL);

  set_password_problem (self, FALSE, NULL);
  schnack_connection_set_password (self->connection, password);
  schnack_connection_connect (self->connection);
}

/* Whether a new password should replace the one in the keyring. */
void
schnack_account_set_remembers_password (SchnackAccount *self,
                                        gboolean        remembers)
{
  g_return_if_fail (SCHNACK_IS_ACCOUNT (self));
  self->remembers_password = remembers;
}

void
schnack_account_stop (SchnackAccount *self)
{
  g_return_if_fail (SCHNACK_IS_ACCOUNT (self));
  schnack_connection_disconnect (self->connection);
}

/**
 * schnack_account_trust_certificate:
 * @sha256_hex: the fingerprint the user accepted
 *
 * Pins the certificate for this account (saved), then signs in again.
 */
gboolean
schnack_account_trust_certificate (SchnackAccount  *self,
                                   const char      *sha256_hex,
                                   GError         **error)
{
  g_autoptr(SchnackAccountRecord) updated = NULL;

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (sha256_hex != NULL, FALSE);

  updated = schnack_account_record_copy (self->record);
  schnack_set_str (&updated->pinned_cert_sha256, sha256_hex);
  if (!schnack_store_update_account (self->store, updated, error))
    return FALSE;

  schnack_account_record_free (self->record);
  self->record = g_steal_pointer (&updated);
  schnack_connection_set_pinned_certificate (self->connection, sha256_hex);
  schnack_connection_connect (self->connection);
  return TRUE;
}

/**
 * schnack_account_get_settings:
 * Returns: (transfer none): the saved settings
 */
const SchnackAccountRecord *
schnack_account_get_settings (SchnackAccount *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), NULL);
  return self->record;
}

static gboolean
save_record (SchnackAccount        *self,
             SchnackAccountRecord  *updated,
             GError               **error)
{
  if (!schnack_store_update_account (self->store, updated, error))
    return FALSE;
  schnack_account_record_free (self->record);
  self->record = schnack_account_record_copy (updated);
  return TRUE;
}

/**
 * schnack_account_set_enabled:
 *
 * A disabled account stays in Schnack, with its history, but does not
 * sign in (also not at the next start).
 */
gboolean
schnack_account_set_enabled (SchnackAccount  *self,
                             gboolean         enabled,
                             GError         **error)
{
  g_autoptr(SchnackAccountRecord) updated = NULL;

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), FALSE);

  if (self->record->enabled == !!enabled)
    return TRUE;
  updated = schnack_account_record_copy (self->record);
  updated->enabled = !!enabled;
  if (!save_record (self, updated, error))
    return FALSE;

  if (enabled)
    schnack_account_start (self);
  else
    schnack_account_stop (self);
  return TRUE;
}

/**
 * schnack_account_update_settings:
 * @settings: resource, host, port, direct TLS and priority are taken
 *
 * Saves the connection settings and, if the account is signed in or
 * trying to, reconnects with them.
 */
gboolean
schnack_account_update_settings (SchnackAccount              *self,
                                 const SchnackAccountRecord  *settings,
                                 GError                     **error)
{
  g_autoptr(SchnackAccountRecord) updated = NULL;
  SchnackConnectionState state;

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);

  updated = schnack_account_record_copy (self->record);
  schnack_set_str (&updated->resource, settings->resource);
  schnack_set_str (&updated->host, settings->host);
  updated->port = settings->port;
  updated->direct_tls = settings->direct_tls;
  updated->priority = CLAMP (settings->priority, -128, 127);
  if (!save_record (self, updated, error))
    return FALSE;

  configure_connection (self);
  state = schnack_connection_get_state (self->connection);
  if (state == SCHNACK_CONNECTION_ONLINE || state == SCHNACK_CONNECTION_CONNECTING)
    {
      schnack_connection_disconnect (self->connection);
      schnack_connection_connect (self->connection);
    }
  return TRUE;
}

typedef struct {
  char *new_password;
} ChangePasswordData;

static void
change_password_data_free (ChangePasswordData *data)
{
  if (data->new_password != NULL)
    explicit_bzero (data->new_password, strlen (data->new_password));
  g_free (data->new_password);
  g_free (data);
}

static void
on_new_password_saved (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!schnack_secrets_store_password_finish (result, &error))
    {
      g_prefix_error (&error, "%s ", _("The password was changed on the server, but the keyring "
                                      "still holds the old one:"));
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_password_changed (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SchnackAccount *self = g_task_get_source_object (task);
  ChangePasswordData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!schnack_register_change_password_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The next reconnect must use the new password. */
  schnack_connection_set_password (self->connection, data->new_password);
  if (!self->remembers_password)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  schnack_secrets_store_password_async (self->record->jid, data->new_password,
                                        g_task_get_cancellable (task),
                                        on_new_password_saved, g_object_ref (task));
}

/**
 * schnack_account_change_password_async:
 *
 * Changes the password on the server (XEP-0077), then in the keyring if
 * it was saved there. The account must be online.
 */
void
schnack_account_change_password_async (SchnackAccount      *self,
                                       const char          *new_password,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *username = NULL;
  ChangePasswordData *data;
  const char *at;

  g_return_if_fail (SCHNACK_IS_ACCOUNT (self));
  g_return_if_fail (new_password != NULL && *new_password != '\0');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_account_change_password_async);
  data = g_new0 (ChangePasswordData, 1);
  data->new_password = g_strdup (new_password);
  g_task_set_task_data (task, data, (GDestroyNotify) change_password_data_free);

  if (schnack_connection_get_state (self->connection) != SCHNACK_CONNECTION_ONLINE)
    {
      g_task_return_new_error (task, SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_CONNECTION_LOST,
                               _("%s must be online to change its password."), self->record->jid);
      return;
    }

  at = strchr (self->record->jid, '@');
  username = g_strndup (self->record->jid, at != NULL ? (gsize) (at - self->record->jid) : 0);
  schnack_register_change_password_async (self->connection, username, new_password, cancellable,
                                          on_password_changed, g_steal_pointer (&task));
}

gboolean
schnack_account_change_password_finish (SchnackAccount  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * schnack_account_send_message:
 * @out_message_id: (out) (optional): the stored message
 *
 * Stores the message first, then sends it now or at the next login
 * (see SchnackOutbox); #SchnackAccount::delivery-changed follows it.
 */
gboolean
schnack_account_send_message (SchnackAccount  *self,
                              const char      *to_bare_jid,
                              const char      *body,
                              gint64          *out_message_id,
                              GError         **error)
{
  gint64 message_id = 0;

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), FALSE);
  if (!schnack_outbox_send (self->outbox, to_bare_jid, body, &message_id, error))
    return FALSE;
  schnack_conversation_list_refresh (self->conversations, to_bare_jid);
  schnack_history_feed_message_stored_id (self->history_feed, message_id);
  if (out_message_id != NULL)
    *out_message_id = message_id;
  return TRUE;
}

/**
 * schnack_account_open_history:
 * @jid: a chat's bare JID
 *
 * Returns: (transfer full): the chat's stored messages as a list model
 *   that pages in older ones on request and follows new ones
 */
SchnackMessageHistory *
schnack_account_open_history (SchnackAccount *self,
                              const char     *jid)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), NULL);
  return schnack_history_feed_open (self->history_feed, jid);
}

/**
 * schnack_account_send_chat_state:
 * @state: "composing", "paused", "active", "inactive" or "gone" (XEP-0085)
 *
 * Tells @jid whether the user is typing. Dropped while offline: a stale
 * "typing" would mislead more than none.
 */
void
schnack_account_send_chat_state (SchnackAccount *self,
                                 const char     *jid,
                                 const char     *state)
{
  g_return_if_fail (SCHNACK_IS_ACCOUNT (self));
  g_return_if_fail (jid != NULL && state != NULL);

  if (schnack_connection_get_state (self->connection) != SCHNACK_CONNECTION_ONLINE)
    return;
  /* Someone we don't share presence with learns nothing from us. */
  if (schnack_contact_list_find (self->contacts, jid) == NULL)
    return;
  schnack_chat_state_send (self->connection, jid, state);
}

/* A message the outbox gave up on (FAILED) goes out again. */
gboolean
schnack_account_retry_message (SchnackAccount  *self,
                               gint64           message_id,
                               GError         **error)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (self), FALSE);
  return schnack_outbox_retry (self->outbox, message_id, error);
}

/* For account-messages.c (see account-private.h). */
SchnackStore *
schnack_account_get_store (SchnackAccount *self)
{
  return self->store;
}

SchnackOutbox *
schnack_account_get_outbox (SchnackAccount *self)
{
  return self->outbox;
}

SchnackAccountMessages *
schnack_account_get_messages (SchnackAccount *self)
{
  return self->messages;
}

SchnackHistoryFeed *
schnack_account_get_history_feed (SchnackAccount *self)
{
  return self->history_feed;
}

SchnackArchiveSync *
schnack_account_get_archive_sync (SchnackAccount *self)
{
  return self->archive_sync;
}

SchnackMessageIngest *
schnack_account_get_ingest (SchnackAccount *self)
{
  return self->ingest;
}

void
schnack_account_emit_message_updated (SchnackAccount *self,
                                      gint64          row_id,
                                      const char     *conversation_jid)
{
  schnack_history_feed_message_changed (self->history_feed, row_id, conversation_jid);
  g_signal_emit (self, signals[SIGNAL_MESSAGE_UPDATED], 0, row_id, conversation_jid);
}

void
schnack_account_emit_message_deleted (SchnackAccount *self,
                                      gint64          row_id,
                                      const char     *conversation_jid)
{
  schnack_history_feed_message_deleted (self->history_feed, row_id, conversation_jid);
  g_signal_emit (self, signals[SIGNAL_MESSAGE_DELETED], 0, row_id, conversation_jid);
}

void
schnack_account_emit_delivery_changed (SchnackAccount *self,
                                       gint64          row_id,
                                       int             state)
{
  schnack_history_feed_delivery_changed (self->history_feed, row_id, state);
  g_signal_emit (self, signals[SIGNAL_DELIVERY_CHANGED], 0, row_id, state);
}
