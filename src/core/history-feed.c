/* history-feed.c — keeps the chat histories on screen in step with the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An account hands out one SchnackMessageHistory per chat while someone
 * holds it (weakly tracked: a closed chat view frees its window of
 * history) and routes every change it makes to the store — a message
 * stored, its delivery state, a correction or retraction, a local delete
 * — to the history showing that chat. Chats nobody looks at cost nothing.
 */
#include "config.h"

#include "core/history-feed.h"

#include "store/messages.h"

/* Enough to fill a tall window twice; older pages come while scrolling. */
#define HISTORY_PAGE_SIZE 60

struct _SchnackHistoryFeed {
  GObject       parent_instance;

  SchnackStore *store;
  gint64        account_id;
  GHashTable   *open;  /* bare JID → SchnackMessageHistory (weak) */
};

G_DEFINE_FINAL_TYPE (SchnackHistoryFeed, schnack_history_feed, G_TYPE_OBJECT)

static void
on_history_finalized (gpointer  user_data,
                      GObject  *history)
{
  SchnackHistoryFeed *self = user_data;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->open);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == (gpointer) history)
      {
        g_hash_table_iter_remove (&iter);
        break;
      }
}

static void
schnack_history_feed_dispose (GObject *object)
{
  SchnackHistoryFeed *self = SCHNACK_HISTORY_FEED (object);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->open);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_object_weak_unref (value, on_history_finalized, self);
  g_hash_table_remove_all (self->open);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (schnack_history_feed_parent_class)->dispose (object);
}

static void
schnack_history_feed_finalize (GObject *object)
{
  SchnackHistoryFeed *self = SCHNACK_HISTORY_FEED (object);

  g_hash_table_unref (self->open);
  G_OBJECT_CLASS (schnack_history_feed_parent_class)->finalize (object);
}

static void
schnack_history_feed_class_init (SchnackHistoryFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = schnack_history_feed_dispose;
  object_class->finalize = schnack_history_feed_finalize;
}

static void
schnack_history_feed_init (SchnackHistoryFeed *self)
{
  self->open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

SchnackHistoryFeed *
schnack_history_feed_new (SchnackStore *store,
                          gint64        account_id)
{
  SchnackHistoryFeed *self;

  g_return_val_if_fail (SCHNACK_IS_STORE (store), NULL);

  self = g_object_new (SCHNACK_TYPE_HISTORY_FEED, NULL);
  self->store = g_object_ref (store);
  self->account_id = account_id;
  return self;
}

/**
 * schnack_history_feed_open:
 * @jid: the chat's bare JID
 *
 * Returns: (transfer full): the chat's history, the same object for as
 *   long as anyone holds it
 */
SchnackMessageHistory *
schnack_history_feed_open (SchnackHistoryFeed *self,
                           const char         *jid)
{
  SchnackMessageHistory *history;

  g_return_val_if_fail (SCHNACK_IS_HISTORY_FEED (self), NULL);
  g_return_val_if_fail (jid != NULL, NULL);

  history = g_hash_table_lookup (self->open, jid);
  if (history != NULL)
    return g_object_ref (history);

  history = schnack_message_history_new (self->store, self->account_id, jid, HISTORY_PAGE_SIZE);
  g_hash_table_insert (self->open, g_strdup (jid), history);
  g_object_weak_ref (G_OBJECT (history), on_history_finalized, self);
  return history;
}

void
schnack_history_feed_message_stored (SchnackHistoryFeed         *self,
                                     const SchnackMessageRecord *record)
{
  SchnackMessageHistory *history;

  g_return_if_fail (SCHNACK_IS_HISTORY_FEED (self));
  g_return_if_fail (record != NULL);

  history = g_hash_table_lookup (self->open, record->conversation_jid);
  if (history != NULL)
    schnack_message_history_add (history, record);
}

/**
 * schnack_history_feed_messages_stored:
 * @records: (element-type SchnackMessageRecord): a slice of stored
 *   messages, of any chats, oldest first
 *
 * Each open chat gets its part of the slice in one go.
 */
void
schnack_history_feed_messages_stored (SchnackHistoryFeed *self,
                                      GPtrArray          *records)
{
  g_autoptr(GHashTable) parts = NULL;
  GHashTableIter iter;
  gpointer history, part;

  g_return_if_fail (SCHNACK_IS_HISTORY_FEED (self));
  g_return_if_fail (records != NULL);

  if (g_hash_table_size (self->open) == 0)
    return;
  parts = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < records->len; i++)
    {
      SchnackMessageRecord *record = g_ptr_array_index (records, i);

      history = g_hash_table_lookup (self->open, record->conversation_jid);
      if (history == NULL)
        continue;
      part = g_hash_table_lookup (parts, history);
      if (part == NULL)
        {
          part = g_ptr_array_new ();
          g_hash_table_insert (parts, history, part);
        }
      g_ptr_array_add (part, record);
    }
  g_hash_table_iter_init (&iter, parts);
  while (g_hash_table_iter_next (&iter, &history, &part))
    schnack_message_history_add_all (history, part);
}

/* For callers that know only the row: reads it if its chat is open. */
void
schnack_history_feed_message_stored_id (SchnackHistoryFeed *self,
                                        gint64              row_id)
{
  g_autoptr(SchnackMessageRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SCHNACK_IS_HISTORY_FEED (self));

  if (g_hash_table_size (self->open) == 0)
    return;
  record = schnack_store_get_message (self->store, row_id, &error);
  if (record == NULL)
    {
      if (error != NULL)
        g_warning ("%s", error->message);
      return;
    }
  schnack_history_feed_message_stored (self, record);
}

void
schnack_history_feed_message_changed (SchnackHistoryFeed *self,
                                      gint64              row_id,
                                      const char         *jid)
{
  SchnackMessageHistory *history;
  g_autoptr(SchnackMessageRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SCHNACK_IS_HISTORY_FEED (self));
  g_return_if_fail (jid != NULL);

  history = g_hash_table_lookup (self->open, jid);
  if (history == NULL || schnack_message_history_find (history, row_id, NULL) == NULL)
    return;
  record = schnack_store_get_message (self->store, row_id, &error);
  if (record != NULL)
    schnack_message_history_update (history, record);
  else if (error != NULL)
    g_warning ("%s", error->message);
  else
    schnack_message_history_remove (history, row_id);
}

/* Delivery news names only the row: few chats are open, ask each. */
void
schnack_history_feed_delivery_changed (SchnackHistoryFeed   *self,
                                       gint64                row_id,
                                       SchnackDeliveryState  state)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (SCHNACK_IS_HISTORY_FEED (self));

  g_hash_table_iter_init (&iter, self->open);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    schnack_message_history_set_delivery_state (value, row_id, state);
}

void
schnack_history_feed_message_deleted (SchnackHistoryFeed *self,
                                      gint64              row_id,
                                      const char         *jid)
{
  SchnackMessageHistory *history;

  g_return_if_fail (SCHNACK_IS_HISTORY_FEED (self));
  g_return_if_fail (jid != NULL);

  history = g_hash_table_lookup (self->open, jid);
  if (history != NULL)
    schnack_message_history_remove (history, row_id);
}
