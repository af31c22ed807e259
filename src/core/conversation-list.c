/* conversation-list.c — an account's open chats, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of SchnackConversation over the conversations table.
 * The table is the truth (a trigger keeps it in step with every stored
 * message, see store/conversations.c); this list reads it once, then
 * re-reads only the one row that changed — after a message is stored or
 * the user opens, closes, reads or pins a chat — and moves that item to
 * its place with a single items-changed. Closed chats and strangers'
 * chats waiting in Requests are not in the list.
 */
#include "config.h"

#include "core/conversation-list.h"

#include "store/conversations.h"

struct _SchnackConversationList {
  GObject       parent_instance;

  SchnackStore *store;
  gint64        account_id;
  GPtrArray    *items;   /* SchnackConversation, in list order */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SchnackConversationList, schnack_conversation_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return SCHNACK_TYPE_CONVERSATION;
}

static guint
get_n_items (GListModel *model)
{
  return SCHNACK_CONVERSATION_LIST (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  SchnackConversationList *self = SCHNACK_CONVERSATION_LIST (model);

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
schnack_conversation_list_finalize (GObject *object)
{
  SchnackConversationList *self = SCHNACK_CONVERSATION_LIST (object);

  g_clear_object (&self->store);
  g_ptr_array_unref (self->items);
  G_OBJECT_CLASS (schnack_conversation_list_parent_class)->finalize (object);
}

static void
schnack_conversation_list_class_init (SchnackConversationListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = schnack_conversation_list_finalize;
}

static void
schnack_conversation_list_init (SchnackConversationList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

SchnackConversationList *
schnack_conversation_list_new (SchnackStore *store,
                               gint64        account_id)
{
  SchnackConversationList *self;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SCHNACK_IS_STORE (store), NULL);

  self = g_object_new (SCHNACK_TYPE_CONVERSATION_LIST, NULL);
  self->store = g_object_ref (store);
  self->account_id = account_id;
  records = schnack_store_list_conversations (store, account_id, FALSE, &error);
  if (records == NULL)
    {
      /* An empty list and a warning: the history itself is untouched. */
      g_warning ("%s", error->message);
      return self;
    }
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (self->items, schnack_conversation_new (g_ptr_array_index (records, i)));
  return self;
}

static gboolean
find_position (SchnackConversationList *self,
               const char              *jid,
               guint                   *out_position)
{
  for (guint i = 0; i < self->items->len; i++)
    if (g_str_equal (schnack_conversation_get_jid (g_ptr_array_index (self->items, i)), jid))
      {
        *out_position = i;
        return TRUE;
      }
  return FALSE;
}

/* Returns: (transfer none) (nullable): the open chat with @jid */
SchnackConversation *
schnack_conversation_list_find (SchnackConversationList *self,
                                const char              *jid)
{
  guint position;

  g_return_val_if_fail (SCHNACK_IS_CONVERSATION_LIST (self), NULL);
  g_return_val_if_fail (jid != NULL, NULL);

  return find_position (self, jid, &position) ? g_ptr_array_index (self->items, position) : NULL;
}

static guint
sorted_position (SchnackConversationList *self,
                 SchnackConversation     *conversation)
{
  guint position = 0;

  while (position < self->items->len &&
         schnack_conversation_compare (g_ptr_array_index (self->items, position), conversation) < 0)
    position++;
  return position;
}

/* Re-reads one chat from the store and puts it where it belongs. */
void
schnack_conversation_list_refresh (SchnackConversationList *self,
                                   const char              *jid)
{
  g_autoptr(SchnackConversationRecord) record = NULL;
  g_autoptr(SchnackConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;
  guint old_position = 0;
  gboolean was_listed;
  guint new_position;

  g_return_if_fail (SCHNACK_IS_CONVERSATION_LIST (self));
  g_return_if_fail (jid != NULL);

  record = schnack_store_get_conversation (self->store, self->account_id, jid, &error);
  if (error != NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  was_listed = find_position (self, jid, &old_position);
  if (record == NULL || record->closed)
    {
      if (was_listed)
        {
          g_ptr_array_remove_index (self->items, old_position);
          g_list_model_items_changed (G_LIST_MODEL (self), old_position, 1, 0);
        }
      return;
    }

  if (was_listed)
    {
      conversation = g_object_ref (g_ptr_array_index (self->items, old_position));
      g_ptr_array_remove_index (self->items, old_position);
      schnack_conversation_update (conversation, record);
    }
  else
    conversation = schnack_conversation_new (record);

  new_position = sorted_position (self, conversation);
  g_ptr_array_insert (self->items, new_position, g_object_ref (conversation));
  if (!was_listed)
    g_list_model_items_changed (G_LIST_MODEL (self), new_position, 0, 1);
  else if (new_position != old_position)
    {
      /* One change covering both places: the rows in between shift by one. */
      guint first = MIN (old_position, new_position);
      guint count = MAX (old_position, new_position) - first + 1;

      g_list_model_items_changed (G_LIST_MODEL (self), first, count, count);
    }
}

gboolean
schnack_conversation_list_open (SchnackConversationList  *self,
                                const char               *jid,
                                GError                  **error)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATION_LIST (self), FALSE);

  if (!schnack_store_open_conversation (self->store, self->account_id, jid,
                                        SCHNACK_CONVERSATION_KIND_CHAT, error))
    return FALSE;
  schnack_conversation_list_refresh (self, jid);
  return TRUE;
}

/**
 * schnack_conversation_list_open_room:
 *
 * Shows a room in the list before anyone has written in it (a room
 * just joined or created).
 */
gboolean
schnack_conversation_list_open_room (SchnackConversationList  *self,
                                     const char               *room_jid,
                                     GError                  **error)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATION_LIST (self), FALSE);

  if (!schnack_store_open_conversation (self->store, self->account_id, room_jid,
                                        SCHNACK_CONVERSATION_KIND_GROUPCHAT, error))
    return FALSE;
  schnack_conversation_list_refresh (self, room_jid);
  return TRUE;
}

gboolean
schnack_conversation_list_close (SchnackConversationList  *self,
                                 const char               *jid,
                                 GError                  **error)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATION_LIST (self), FALSE);

  if (!schnack_store_set_conversation_closed (self->store, self->account_id, jid, TRUE, error))
    return FALSE;
  schnack_conversation_list_refresh (self, jid);
  return TRUE;
}

gboolean
schnack_conversation_list_mark_read (SchnackConversationList  *self,
                                     const char               *jid,
                                     GError                  **error)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATION_LIST (self), FALSE);

  if (!schnack_store_mark_conversation_read (self->store, self->account_id, jid, error))
    return FALSE;
  schnack_conversation_list_refresh (self, jid);
  return TRUE;
}

gboolean
schnack_conversation_list_set_pinned (SchnackConversationList  *self,
                                      const char               *jid,
                                      gboolean                  pinned,
                                      GError                  **error)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATION_LIST (self), FALSE);

  if (!schnack_store_set_conversation_pinned (self->store, self->account_id, jid, pinned, error))
    return FALSE;
  schnack_conversation_list_refresh (self, jid);
  return TRUE;
}

/* When this chat's new messages notify; kept in the store. */
gboolean
schnack_conversation_list_set_notify_level (SchnackConversationList  *self,
                                            const char               *jid,
                                            SchnackNotifyLevel        level,
                                            GError                  **error)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATION_LIST (self), FALSE);

  if (!schnack_store_set_conversation_notify_level (self->store, self->account_id, jid, level, error))
    return FALSE;
  schnack_conversation_list_refresh (self, jid);
  return TRUE;
}

/* @draft: (nullable): what the user typed and did not send; %NULL or ""
 * forgets it. Kept in the store so it survives a restart. */
gboolean
schnack_conversation_list_set_draft (SchnackConversationList  *self,
                                     const char               *jid,
                                     const char               *draft,
                                     GError                  **error)
{
  SchnackConversation *conversation;

  g_return_val_if_fail (SCHNACK_IS_CONVERSATION_LIST (self), FALSE);

  conversation = schnack_conversation_list_find (self, jid);
  if (conversation != NULL &&
      g_strcmp0 (schnack_conversation_get_draft (conversation), draft != NULL && *draft != '\0' ? draft : NULL) == 0)
    return TRUE;
  if (!schnack_store_set_conversation_draft (self->store, self->account_id, jid, draft, error))
    return FALSE;
  schnack_conversation_list_refresh (self, jid);
  return TRUE;
}
