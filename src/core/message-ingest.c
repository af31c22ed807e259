/* message-ingest.c — incoming messages into history, in slices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Messages come in one at a time from the connection, thousands at once
 * after being away (offline storage, then the server archive). Storing
 * each in its own transaction, with its trigger work and the list and
 * view updates after it, right in the event that brought it, held the
 * main loop for seconds (tests/bench/bench-catchup: 7.7 s for 10,000).
 * So arriving messages are only queued; an idle source stores them a
 * time slice at a time, each slice one transaction, and returns to the
 * main loop in between. Each slice's new rows are announced together
 * ("stored"), so listeners can update once per slice, not per message.
 *
 * Storing is deferred, so anything that must only happen once messages
 * are in history — saving how far the archive was read — waits with
 * schnack_message_ingest_when_stored() until they are.
 */
#include "config.h"

#include "core/message-ingest.h"

#include <string.h>

/* One slice: short enough to leave most of a 60 Hz frame to drawing. */
#define SLICE_US 8000
/* Messages handed to the store at a time (the deadline usually ends a
 * slice first). Small enough that what listeners do with a batch counts
 * towards the slice: a chat on screen lays out a row for each message,
 * and 256 at once made frames of 100 ms and more. */
#define BATCH_MAX 48

typedef struct {
  SchnackMessageRecord     *record;    /* NULL for a callback */
  SchnackMessageIngestFunc  callback;
  gpointer                  user_data;
  GDestroyNotify            destroy;
} Item;

struct _SchnackMessageIngest {
  GObject       parent_instance;

  SchnackStore *store;
  GQueue        queue;      /* Item, in arrival order */
  guint         slice_id;
};

G_DEFINE_FINAL_TYPE (SchnackMessageIngest, schnack_message_ingest, G_TYPE_OBJECT)

enum {
  SIGNAL_STORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
item_free (Item *item)
{
  g_clear_pointer (&item->record, schnack_message_record_free);
  if (item->destroy != NULL)
    item->destroy (item->user_data);
  g_free (item);
}

/* Stores the records at the head of the queue until the deadline. */
static void
store_batch (SchnackMessageIngest *self,
             gint64                deadline)
{
  SchnackMessageRecord *records[BATCH_MAX];
  gboolean inserted[BATCH_MAX];
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;
  guint done;

  for (GList *l = self->queue.head; l != NULL && n < BATCH_MAX; l = l->next)
    {
      Item *item = l->data;

      if (item->record == NULL)
        break;
      records[n++] = item->record;
    }

  done = schnack_store_insert_messages (self->store, records, n, deadline, inserted, &error);
  if (done == 0)
    {
      /* As when one message could not be stored: the server keeps them. */
      g_warning ("Could not store %u messages: %s", n, error->message);
      done = n;
      memset (inserted, 0, sizeof inserted);
    }

  stored = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_message_record_free);
  for (guint i = 0; i < done; i++)
    {
      Item *item = g_queue_pop_head (&self->queue);

      if (inserted[i])
        g_ptr_array_add (stored, g_steal_pointer (&item->record));
      item_free (item);
    }
  if (stored->len > 0)
    g_signal_emit (self, signals[SIGNAL_STORED], 0, stored);
}

static gboolean
store_slice (gpointer user_data)
{
  SchnackMessageIngest *self = user_data;
  gint64 deadline = g_get_monotonic_time () + SLICE_US;

  g_object_ref (self);
  while (!g_queue_is_empty (&self->queue) && g_get_monotonic_time () < deadline)
    {
      Item *item = g_queue_peek_head (&self->queue);

      if (item->record != NULL)
        store_batch (self, deadline);
      else
        {
          g_queue_pop_head (&self->queue);
          item->callback (item->user_data);
          item_free (item);
        }
    }

  if (g_queue_is_empty (&self->queue))
    {
      self->slice_id = 0;
      g_object_unref (self);
      return G_SOURCE_REMOVE;
    }
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

static void
schedule (SchnackMessageIngest *self)
{
  /* Below the default priority, and below drawing: network events and
   * frames go first, storing fills the gaps. */
  if (self->slice_id == 0)
    self->slice_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, store_slice, self, NULL);
}

static void
schnack_message_ingest_dispose (GObject *object)
{
  SchnackMessageIngest *self = SCHNACK_MESSAGE_INGEST (object);
  gint64 deadline = 0;

  g_clear_handle_id (&self->slice_id, g_source_remove);
  /* Nothing received is dropped: store the rest now. */
  while (!g_queue_is_empty (&self->queue))
    {
      Item *item = g_queue_peek_head (&self->queue);

      if (item->record != NULL)
        store_batch (self, deadline);
      else
        item_free (g_queue_pop_head (&self->queue));
    }
  g_clear_object (&self->store);

  G_OBJECT_CLASS (schnack_message_ingest_parent_class)->dispose (object);
}

static void
schnack_message_ingest_class_init (SchnackMessageIngestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = schnack_message_ingest_dispose;

  /**
   * SchnackMessageIngest::stored:
   * @records: (element-type SchnackMessageRecord): the messages that were
   *   new, with their row ids, in the order they arrived
   *
   * A slice of queued messages has been stored (one transaction).
   */
  signals[SIGNAL_STORED] =
    g_signal_new ("stored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_PTR_ARRAY | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
schnack_message_ingest_init (SchnackMessageIngest *self)
{
  g_queue_init (&self->queue);
}

SchnackMessageIngest *
schnack_message_ingest_new (SchnackStore *store)
{
  SchnackMessageIngest *self;

  g_return_val_if_fail (SCHNACK_IS_STORE (store), NULL);

  self = g_object_new (SCHNACK_TYPE_MESSAGE_INGEST, NULL);
  self->store = g_object_ref (store);
  return self;
}

/**
 * schnack_message_ingest_add:
 * @record: (transfer full): a message to store, unless it is there already
 *
 * Queues @record; it is stored soon, in arrival order, and announced by
 * "stored" if it was new.
 */
void
schnack_message_ingest_add (SchnackMessageIngest *self,
                            SchnackMessageRecord *record)
{
  Item *item;

  g_return_if_fail (SCHNACK_IS_MESSAGE_INGEST (self));
  g_return_if_fail (record != NULL);

  item = g_new0 (Item, 1);
  item->record = record;
  g_queue_push_tail (&self->queue, item);
  schedule (self);
}

/**
 * schnack_message_ingest_when_stored:
 *
 * Calls @callback once every message queued so far is stored — at once
 * if there is none. Not called if @self goes away first; @destroy is.
 */
void
schnack_message_ingest_when_stored (SchnackMessageIngest     *self,
                                    SchnackMessageIngestFunc  callback,
                                    gpointer                  user_data,
                                    GDestroyNotify            destroy)
{
  Item *item;

  g_return_if_fail (SCHNACK_IS_MESSAGE_INGEST (self));
  g_return_if_fail (callback != NULL);

  if (g_queue_is_empty (&self->queue))
    {
      callback (user_data);
      if (destroy != NULL)
        destroy (user_data);
      return;
    }
  item = g_new0 (Item, 1);
  item->callback = callback;
  item->user_data = user_data;
  item->destroy = destroy;
  g_queue_push_tail (&self->queue, item);
  schedule (self);
}

/* Messages queued and not yet stored. */
guint
schnack_message_ingest_get_pending (SchnackMessageIngest *self)
{
  guint pending = 0;

  g_return_val_if_fail (SCHNACK_IS_MESSAGE_INGEST (self), 0);

  for (GList *l = self->queue.head; l != NULL; l = l->next)
    if (((Item *) l->data)->record != NULL)
      pending++;
  return pending;
}
