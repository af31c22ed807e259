/* message-history.c — one chat's stored messages, paged in on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of SchnackChatMessage, oldest first, holding a window of
 * the chat's history: it starts with the newest page and grows a page at
 * a time as the view scrolls up (load_older), so a chat with a million
 * stored messages costs one indexed query to open. A jump to an old
 * message (a search result) replaces the window with the pages around it;
 * the view then grows it in both directions (load_newer) or returns to
 * the present (load_latest).
 *
 * The store is the truth. The account feeds this model what it stores or
 * changes (add, update, set_delivery_state, remove); anything outside the
 * loaded window is left for paging to find.
 */
#include "config.h"

#include "core/message-history.h"

#include "store/messages.h"
#include "store/reactions.h"

struct _SchnackMessageHistory {
  GObject       parent_instance;

  SchnackStore *store;
  gint64        account_id;
  char         *jid;
  guint         page_size;

  GPtrArray    *items;     /* SchnackChatMessage, oldest first */
  GHashTable   *by_id;     /* row id (owned gint64) → SchnackChatMessage (borrowed from items) */
  gboolean      has_older; /* more stored before the first item */
  gboolean      has_newer; /* more stored after the last item (after a jump) */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SchnackMessageHistory, schnack_message_history, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_HAS_OLDER,
  PROP_HAS_NEWER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
get_item_type (GListModel *model)
{
  return SCHNACK_TYPE_CHAT_MESSAGE;
}

static guint
get_n_items (GListModel *model)
{
  return SCHNACK_MESSAGE_HISTORY (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  SchnackMessageHistory *self = SCHNACK_MESSAGE_HISTORY (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
schnack_message_history_finalize (GObject *object)
{
  SchnackMessageHistory *self = SCHNACK_MESSAGE_HISTORY (object);

  g_clear_object (&self->store);
  g_free (self->jid);
  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->items);
  G_OBJECT_CLASS (schnack_message_history_parent_class)->finalize (object);
}

static void
schnack_message_history_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  SchnackMessageHistory *self = SCHNACK_MESSAGE_HISTORY (object);

  switch (prop_id)
    {
    case PROP_HAS_OLDER:
      g_value_set_boolean (value, self->has_older);
      break;
    case PROP_HAS_NEWER:
      g_value_set_boolean (value, self->has_newer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_message_history_class_init (SchnackMessageHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = schnack_message_history_finalize;
  object_class->get_property = schnack_message_history_get_property;

  properties[PROP_HAS_OLDER] =
    g_param_spec_boolean ("has-older", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_NEWER] =
    g_param_spec_boolean ("has-newer", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schnack_message_history_init (SchnackMessageHistory *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static void
set_has_older (SchnackMessageHistory *self,
               gboolean               has_older)
{
  if (self->has_older == has_older)
    return;
  self->has_older = has_older;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_OLDER]);
}

static void
set_has_newer (SchnackMessageHistory *self,
               gboolean               has_newer)
{
  if (self->has_newer == has_newer)
    return;
  self->has_newer = has_newer;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_NEWER]);
}

static SchnackChatMessage *
item_at (SchnackMessageHistory *self,
         guint                  position)
{
  return g_ptr_array_index (self->items, position);
}

/* (sent_at, id) order, the store's paging key. */
static int
compare_position (gint64 sent_at_a,
                  gint64 id_a,
                  gint64 sent_at_b,
                  gint64 id_b)
{
  if (sent_at_a != sent_at_b)
    return sent_at_a < sent_at_b ? -1 : 1;
  if (id_a != id_b)
    return id_a < id_b ? -1 : 1;
  return 0;
}

static int
compare_with_item (const SchnackMessageRecord *record,
                   SchnackChatMessage         *item)
{
  return compare_position (record->sent_at, record->id,
                           schnack_chat_message_get_sent_at (item),
                           schnack_chat_message_get_id (item));
}

/* Messages from @first to @last (inclusive, clamped) look at their
 * neighbour above again: call it for what was inserted plus the one
 * after it, whose neighbour changed. */
static void
relayout (SchnackMessageHistory *self,
          guint                  first,
          guint                  last)
{
  for (guint i = first; i <= last && i < self->items->len; i++)
    schnack_chat_message_place_after (item_at (self, i), i > 0 ? item_at (self, i - 1) : NULL);
}

/* Puts @page (records, oldest first) at @position without items-changed. */
static void
insert_page (SchnackMessageHistory *self,
             guint                  position,
             GPtrArray             *page)
{
  for (guint i = 0; i < page->len; i++)
    {
      const SchnackMessageRecord *record = g_ptr_array_index (page, i);
      SchnackChatMessage *item;

      if (g_hash_table_contains (self->by_id, &record->id))
        continue;
      item = schnack_chat_message_new (record);
      g_ptr_array_insert (self->items, position++, item);
      g_hash_table_insert (self->by_id, g_memdup2 (&record->id, sizeof record->id), item);
    }
}

static void
clear_items (SchnackMessageHistory *self)
{
  g_hash_table_remove_all (self->by_id);
  g_ptr_array_set_size (self->items, 0);
}

SchnackMessageHistory *
schnack_message_history_new (SchnackStore *store,
                             gint64        account_id,
                             const char   *jid,
                             guint         page_size)
{
  SchnackMessageHistory *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SCHNACK_IS_STORE (store), NULL);
  g_return_val_if_fail (jid != NULL, NULL);
  g_return_val_if_fail (page_size > 0, NULL);

  self = g_object_new (SCHNACK_TYPE_MESSAGE_HISTORY, NULL);
  self->store = g_object_ref (store);
  self->account_id = account_id;
  self->jid = g_strdup (jid);
  self->page_size = page_size;
  if (!schnack_message_history_load_latest (self, &error))
    g_warning ("Could not read the history of %s: %s", jid, error->message);
  return self;
}

const char *
schnack_message_history_get_jid (SchnackMessageHistory *self)
{
  g_return_val_if_fail (SCHNACK_IS_MESSAGE_HISTORY (self), NULL);
  return self->jid;
}

gint64
schnack_message_history_get_account_id (SchnackMessageHistory *self)
{
  g_return_val_if_fail (SCHNACK_IS_MESSAGE_HISTORY (self), 0);
  return self->account_id;
}

gboolean
schnack_message_history_has_older (SchnackMessageHistory *self)
{
  g_return_val_if_fail (SCHNACK_IS_MESSAGE_HISTORY (self), FALSE);
  return self->has_older;
}

gboolean
schnack_message_history_has_newer (SchnackMessageHistory *self)
{
  g_return_val_if_fail (SCHNACK_IS_MESSAGE_HISTORY (self), FALSE);
  return self->has_newer;
}

/**
 * schnack_message_history_load_latest:
 *
 * Shows the newest page again (the view's "jump to the end" after a jump
 * into the past). Cheap when it is already showing the end.
 */
gboolean
schnack_message_history_load_latest (SchnackMessageHistory  *self,
                                     GError                **error)
{
  g_autoptr(GPtrArray) page = NULL;
  guint removed;

  g_return_val_if_fail (SCHNACK_IS_MESSAGE_HISTORY (self), FALSE);

  if (self->items->len > 0 && !self->has_newer)
    return TRUE;

  page = schnack_store_list_messages (self->store, self->account_id, self->jid, 0, 0,
                                      self->page_size, error);
  if (page == NULL)
    return FALSE;

  removed = self->items->len;
  clear_items (self);
  insert_page (self, 0, page);
  relayout (self, 0, self->items->len);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->items->len);
  set_has_older (self, page->len == self->page_size);
  set_has_newer (self, FALSE);
  return TRUE;
}

/**
 * schnack_message_history_load_older:
 *
 * Prepends the page before the first loaded message.
 *
 * Returns: %FALSE with @error set if the store failed; %TRUE otherwise,
 *   also when there was nothing older (see #SchnackMessageHistory:has-older)
 */
gboolean
schnack_message_history_load_older (SchnackMessageHistory  *self,
                                    GError                **error)
{
  g_autoptr(GPtrArray) page = NULL;
  SchnackChatMessage *first;
  guint before;

  g_return_val_if_fail (SCHNACK_IS_MESSAGE_HISTORY (self), FALSE);

  if (!self->has_older || self->items->len == 0)
    return TRUE;

  first = item_at (self, 0);
  page = schnack_store_list_messages (self->store, self->account_id, self->jid,
                                      schnack_chat_message_get_sent_at (first),
                                      schnack_chat_message_get_id (first),
                                      self->page_size, error);
  if (page == NULL)
    return FALSE;

  before = self->items->len;
  insert_page (self, 0, page);
  relayout (self, 0, self->items->len - before);
  if (self->items->len > before)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->items->len - before);
  set_has_older (self, page->len == self->page_size);
  return TRUE;
}

/**
 * schnack_message_history_load_newer:
 *
 * After a jump into the past: appends the page after the last loaded
 * message.
 */
gboolean
schnack_message_history_load_newer (SchnackMessageHistory  *self,
                                    GError                **error)
{
  g_autoptr(GPtrArray) page = NULL;
  SchnackChatMessage *last;
  guint before;

  g_return_val_if_fail (SCHNACK_IS_MESSAGE_HISTORY (self), FALSE);

  if (!self->has_newer || self->items->len == 0)
    return TRUE;

  last = item_at (self, self->items->len - 1);
  page = schnack_store_list_messages_after (self->store, self->account_id, self->jid,
                                            schnack_chat_message_get_sent_at (last),
                                            schnack_chat_message_get_id (last),
                                            self->page_size, error);
  if (page == NULL)
    return FALSE;

  before = self->items->len;
  insert_page (self, before, page);
  relayout (self, before, self->items->len);
  if (self->items->len > before)
    g_list_model_items_changed (G_LIST_MODEL (self), before, 0, self->items->len - before);
  set_has_newer (self, page->len == self->page_size);
  return TRUE;
}

/**
 * schnack_message_history_load_around:
 * @target: the message to show (from a search result)
 * @out_position: (out) (optional): where it is in the model now
 *
 * Makes @target part of the loaded window: if it is loaded already
 * nothing changes, otherwise the window is replaced by half a page on
 * either side of it.
 */
gboolean
schnack_message_history_load_around (SchnackMessageHistory       *self,
                                     const SchnackMessageRecord  *target,
                                     guint                       *out_position,
                                     GError                     **error)
{
  g_autoptr(GPtrArray) older = NULL;
  g_autoptr(GPtrArray) newer = NULL;
  guint half;
  guint removed;

  g_return_val_if_fail (SCHNACK_IS_MESSAGE_HISTORY (self), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  if (schnack_message_history_find (self, target->id, out_position) != NULL)
    return TRUE;

  half = MAX (self->page_size / 2, 1);
  /* (sent_at, id + 1) as the upper bound makes the target the newest
   * message of the older half. */
  older = schnack_store_list_messages (self->store, self->account_id, self->jid,
                                       target->sent_at, target->id + 1, half + 1, error);
  if (older == NULL)
    return FALSE;
  newer = schnack_store_list_messages_after (self->store, self->account_id, self->jid,
                                             target->sent_at, target->id, half, error);
  if (newer == NULL)
    return FALSE;

  removed = self->items->len;
  clear_items (self);
  insert_page (self, 0, older);
  insert_page (self, self->items->len, newer);
  relayout (self, 0, self->items->len);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->items->len);
  set_has_older (self, older->len == half + 1);
  set_has_newer (self, newer->len == half);

  if (schnack_message_history_find (self, target->id, out_position) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "message %" G_GINT64_FORMAT " is not in %s", target->id, self->jid);
      return FALSE;
    }
  return TRUE;
}

/**
 * schnack_message_history_trim_older:
 * @keep: how many of the newest loaded messages to keep
 *
 * Forgets the oldest loaded messages beyond the newest @keep, so a chat
 * followed at its end through a long flood does not hold all of it;
 * load_older() brings them back from the store when the user scrolls up.
 * Only at the present (not after a jump into the past).
 *
 * Returns: how many were dropped
 */
guint
schnack_message_history_trim_older (SchnackMessageHistory *self,
                                    guint                  keep)
{
  guint dropped;

  g_return_val_if_fail (SCHNACK_IS_MESSAGE_HISTORY (self), 0);

  if (self->has_newer || self->items->len <= keep)
    return 0;
  dropped = self->items->len - keep;
  for (guint i = 0; i < dropped; i++)
    {
      gint64 id = schnack_chat_message_get_id (item_at (self, i));

      g_hash_table_remove (self->by_id, &id);
    }
  g_ptr_array_remove_range (self->items, 0, dropped);
  /* The new first message has nothing above it (until paged in again). */
  relayout (self, 0, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, dropped, 0);
  set_has_older (self, TRUE);
  return dropped;
}

/**
 * schnack_message_history_find:
 * @out_position: (out) (optional): its position
 *
 * Returns: (transfer none) (nullable): the loaded message with that row id
 */
SchnackChatMessage *
schnack_message_history_find (SchnackMessageHistory *self,
                              gint64                 message_id,
                              guint                 *out_position)
{
  SchnackChatMessage *item;

  g_return_val_if_fail (SCHNACK_IS_MESSAGE_HISTORY (self), NULL);

  item = g_hash_table_lookup (self->by_id, &message_id);
  if (item != NULL && out_position != NULL)
    {
      /* Usually near the end: search from there. */
      for (guint i = self->items->len; i > 0; i--)
        if (item_at (self, i - 1) == item)
          {
            *out_position = i - 1;
            break;
          }
    }
  return item;
}

/* First position whose item sorts after @record. */
static guint
insertion_position (SchnackMessageHistory      *self,
                    const SchnackMessageRecord *record)
{
  guint low = 0;
  guint high = self->items->len;

  /* New messages nearly always go last: check that before bisecting. */
  if (high == 0 || compare_with_item (record, item_at (self, high - 1)) > 0)
    return high;
  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (compare_with_item (record, item_at (self, middle)) > 0)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

/**
 * schnack_message_history_add:
 * @record: a message of this chat that was just stored
 *
 * Shows it in its place in time — unless that place is outside the
 * loaded window (older than the first loaded message while there is more
 * before it, or newer than the last while the view is in the past):
 * paging will bring it then.
 */
void
schnack_message_history_add (SchnackMessageHistory      *self,
                             const SchnackMessageRecord *record)
{
  g_autoptr(GPtrArray) page = NULL;
  guint position;

  g_return_if_fail (SCHNACK_IS_MESSAGE_HISTORY (self));
  g_return_if_fail (record != NULL && record->id > 0);

  if (g_hash_table_contains (self->by_id, &record->id))
    {
      schnack_message_history_update (self, record);
      return;
    }

  position = insertion_position (self, record);
  if ((position == 0 && self->has_older && self->items->len > 0) ||
      (position == self->items->len && self->has_newer))
    return;

  page = g_ptr_array_new ();
  g_ptr_array_add (page, (gpointer) record);
  insert_page (self, position, page);
  relayout (self, position, position + 1);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

/**
 * schnack_message_history_add_all:
 * @records: (element-type SchnackMessageRecord): messages of this chat
 *   that were just stored (a slice of them), oldest first
 *
 * As schnack_message_history_add() for each, but a run of them going
 * after the last loaded message — the usual case — is announced as one
 * change: a view then lays out the slice once, not once per message.
 */
void
schnack_message_history_add_all (SchnackMessageHistory *self,
                                 GPtrArray             *records)
{
  guint appended_from = G_MAXUINT; /* first item appended but not announced yet */

  g_return_if_fail (SCHNACK_IS_MESSAGE_HISTORY (self));
  g_return_if_fail (records != NULL);

  for (guint i = 0; i < records->len; i++)
    {
      const SchnackMessageRecord *record = g_ptr_array_index (records, i);
      guint end = self->items->len;

      if (!g_hash_table_contains (self->by_id, &record->id) && !self->has_newer &&
          (end > 0 || !self->has_older) && insertion_position (self, record) == end)
        {
          g_autoptr(GPtrArray) page = g_ptr_array_new ();

          g_ptr_array_add (page, (gpointer) record);
          insert_page (self, end, page);
          relayout (self, end, end + 1);
          if (appended_from == G_MAXUINT)
            appended_from = end;
          continue;
        }
      /* Anything else changes the model where the run is not announced yet. */
      if (appended_from != G_MAXUINT)
        g_list_model_items_changed (G_LIST_MODEL (self), appended_from, 0, self->items->len - appended_from);
      appended_from = G_MAXUINT;
      schnack_message_history_add (self, record);
    }
  if (appended_from != G_MAXUINT)
    g_list_model_items_changed (G_LIST_MODEL (self), appended_from, 0, self->items->len - appended_from);
}

/* A loaded message changed in the store (correction, retraction, …). */
void
schnack_message_history_update (SchnackMessageHistory      *self,
                                const SchnackMessageRecord *record)
{
  SchnackChatMessage *item;

  g_return_if_fail (SCHNACK_IS_MESSAGE_HISTORY (self));
  g_return_if_fail (record != NULL);

  item = g_hash_table_lookup (self->by_id, &record->id);
  if (item != NULL)
    schnack_chat_message_update (item, record);
}

void
schnack_message_history_set_delivery_state (SchnackMessageHistory *self,
                                            gint64                 message_id,
                                            SchnackDeliveryState   state)
{
  SchnackChatMessage *item;

  g_return_if_fail (SCHNACK_IS_MESSAGE_HISTORY (self));

  item = g_hash_table_lookup (self->by_id, &message_id);
  if (item != NULL)
    schnack_chat_message_set_delivery_state (item, state);
}

/* A message was deleted from the store (deleted locally). */
void
schnack_message_history_remove (SchnackMessageHistory *self,
                                gint64                 message_id)
{
  guint position;

  g_return_if_fail (SCHNACK_IS_MESSAGE_HISTORY (self));

  if (schnack_message_history_find (self, message_id, &position) == NULL)
    return;
  g_hash_table_remove (self->by_id, &message_id);
  g_ptr_array_remove_index (self->items, position);
  relayout (self, position, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

/**
 * schnack_message_history_dup_reactions:
 * @own_jid: (nullable): whose reactions count as "mine"
 * @out_own: (out) (optional) (transfer full): the emojis @own_jid sent,
 *   %NULL-terminated
 *
 * The reactions to a message, as a line to show under it: each emoji
 * with how many people sent it, in the order first seen.
 *
 * Returns: (transfer full) (nullable): e.g. "👍 2  ❤️ 1", or %NULL if none
 */
char *
schnack_message_history_dup_reactions (SchnackMessageHistory *self,
                                       gint64                 message_id,
                                       const char            *own_jid,
                                       char                ***out_own)
{
  g_autoptr(GPtrArray) reactions = NULL;
  g_autoptr(GPtrArray) emojis = g_ptr_array_new ();
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GStrvBuilder) own = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;
  GString *line;

  g_return_val_if_fail (SCHNACK_IS_MESSAGE_HISTORY (self), NULL);

  reactions = schnack_store_list_reactions (self->store, message_id, &error);
  if (reactions == NULL)
    g_warning ("%s", error->message);
  if (out_own != NULL)
    *out_own = NULL;
  if (reactions == NULL || reactions->len == 0)
    return NULL;

  for (guint i = 0; i < reactions->len; i++)
    {
      const SchnackReaction *reaction = g_ptr_array_index (reactions, i);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, reaction->emoji));

      if (count == 0)
        g_ptr_array_add (emojis, reaction->emoji);
      g_hash_table_insert (counts, reaction->emoji, GUINT_TO_POINTER (count + 1));
      if (own_jid != NULL && g_strcmp0 (reaction->sender, own_jid) == 0)
        g_strv_builder_add (own, reaction->emoji);
    }

  line = g_string_new (NULL);
  for (guint i = 0; i < emojis->len; i++)
    {
      const char *emoji = g_ptr_array_index (emojis, i);

      g_string_append_printf (line, "%s%s %u", i > 0 ? "   " : "", emoji,
                              GPOINTER_TO_UINT (g_hash_table_lookup (counts, emoji)));
    }
  if (out_own != NULL)
    *out_own = g_strv_builder_end (own);
  return g_string_free (line, FALSE);
}

/**
 * schnack_message_history_find_reference:
 * @reference_id: an id a reply (or correction) names
 *
 * Returns: (transfer full) (nullable): the message of this chat with that
 *   id, loaded or not
 */
SchnackMessageRecord *
schnack_message_history_find_reference (SchnackMessageHistory *self,
                                        const char            *reference_id)
{
  g_autoptr(GError) error = NULL;
  SchnackMessageRecord *record;

  g_return_val_if_fail (SCHNACK_IS_MESSAGE_HISTORY (self), NULL);
  g_return_val_if_fail (reference_id != NULL, NULL);

  record = schnack_store_find_message_by_reference (self->store, self->account_id, self->jid,
                                                    reference_id, &error);
  if (error != NULL)
    g_warning ("%s", error->message);
  return record;
}

/* Returns: (transfer none) (nullable): the newest loaded message we sent
 * that can still be corrected (not withdrawn) */
SchnackChatMessage *
schnack_message_history_find_last_own (SchnackMessageHistory *self)
{
  g_return_val_if_fail (SCHNACK_IS_MESSAGE_HISTORY (self), NULL);

  for (guint i = self->items->len; i > 0; i--)
    {
      SchnackChatMessage *item = item_at (self, i - 1);
      const SchnackMessageRecord *record = schnack_chat_message_get_record (item);

      if (record->direction == SCHNACK_MESSAGE_DIRECTION_OUTGOING && !record->retracted && record->body != NULL)
        return item;
    }
  return NULL;
}
