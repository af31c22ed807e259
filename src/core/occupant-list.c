/* occupant-list.c — who is in a room, sorted by role then nickname
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A big room sends one presence per occupant when we join, so every
 * change must be cheap: occupants live in a balanced tree (GSequence)
 * ordered by role and nickname, found by nickname through a hash table.
 * Adding, moving or removing one costs O(log n), and so does asking for
 * the n-th item — no re-sorting and no linear scans.
 */
#include "config.h"

#include "core/occupant-list.h"
#include "core/occupant-private.h"

struct _SchnackOccupantList {
  GObject     parent_instance;

  GSequence  *sorted;     /* SchnackOccupant, owned */
  GHashTable *by_nick;    /* nick → GSequenceIter */
};

static void schnack_occupant_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SchnackOccupantList, schnack_occupant_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, schnack_occupant_list_model_init))

static GType
get_item_type (GListModel *model)
{
  return SCHNACK_TYPE_OCCUPANT;
}

static guint
get_n_items (GListModel *model)
{
  return g_sequence_get_length (SCHNACK_OCCUPANT_LIST (model)->sorted);
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  SchnackOccupantList *self = SCHNACK_OCCUPANT_LIST (model);
  GSequenceIter *iter;

  if (position >= (guint) g_sequence_get_length (self->sorted))
    return NULL;
  iter = g_sequence_get_iter_at_pos (self->sorted, position);
  return g_object_ref (g_sequence_get (iter));
}

static void
schnack_occupant_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static int
compare_occupants (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  return schnack_occupant_compare (a, b);
}

static void
schnack_occupant_list_finalize (GObject *object)
{
  SchnackOccupantList *self = SCHNACK_OCCUPANT_LIST (object);

  g_hash_table_unref (self->by_nick);
  g_sequence_free (self->sorted);

  G_OBJECT_CLASS (schnack_occupant_list_parent_class)->finalize (object);
}

static void
schnack_occupant_list_class_init (SchnackOccupantListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = schnack_occupant_list_finalize;
}

static void
schnack_occupant_list_init (SchnackOccupantList *self)
{
  self->sorted = g_sequence_new (g_object_unref);
  self->by_nick = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

SchnackOccupantList *
schnack_occupant_list_new (void)
{
  return g_object_new (SCHNACK_TYPE_OCCUPANT_LIST, NULL);
}

SchnackOccupant *
schnack_occupant_list_find (SchnackOccupantList *self,
                            const char          *nick)
{
  GSequenceIter *iter;

  g_return_val_if_fail (SCHNACK_IS_OCCUPANT_LIST (self), NULL);

  iter = nick != NULL ? g_hash_table_lookup (self->by_nick, nick) : NULL;
  return iter != NULL ? g_sequence_get (iter) : NULL;
}

static void
remove_nick (SchnackOccupantList *self,
             const char          *nick)
{
  GSequenceIter *iter = g_hash_table_lookup (self->by_nick, nick);
  guint position;

  if (iter == NULL)
    return;
  position = g_sequence_iter_get_position (iter);
  g_hash_table_remove (self->by_nick, nick);
  g_sequence_remove (iter);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

static void
insert (SchnackOccupantList *self,
        SchnackOccupant     *occupant)
{
  GSequenceIter *iter = g_sequence_insert_sorted (self->sorted, occupant, compare_occupants, NULL);

  g_hash_table_insert (self->by_nick, g_strdup (schnack_occupant_get_nick (occupant)), iter);
  g_list_model_items_changed (G_LIST_MODEL (self), g_sequence_iter_get_position (iter), 0, 1);
}

void
schnack_occupant_list_apply (SchnackOccupantList      *self,
                             const SchnackMucPresence *presence)
{
  GSequenceIter *iter;
  SchnackOccupant *occupant;
  guint old_position;

  g_return_if_fail (SCHNACK_IS_OCCUPANT_LIST (self));
  g_return_if_fail (presence != NULL && presence->nick != NULL);

  iter = g_hash_table_lookup (self->by_nick, presence->nick);

  if (!presence->available)
    {
      if (iter != NULL && (presence->status & SCHNACK_MUC_STATUS_NICK_CHANGED) && presence->new_nick != NULL)
        {
          /* The new name's presence follows; keep the object across it. */
          occupant = g_object_ref (g_sequence_get (iter));
          remove_nick (self, presence->nick);
          remove_nick (self, presence->new_nick);
          schnack_occupant_set_nick (occupant, presence->new_nick);
          insert (self, occupant);
          return;
        }
      remove_nick (self, presence->nick);
      return;
    }

  if (iter == NULL)
    {
      occupant = schnack_occupant_new (presence->nick);
      schnack_occupant_update (occupant, presence);
      insert (self, occupant);
      return;
    }

  occupant = g_sequence_get (iter);
  old_position = g_sequence_iter_get_position (iter);
  if (schnack_occupant_get_role (occupant) == presence->role)
    {
      schnack_occupant_update (occupant, presence);
      return;
    }
  /* The role is the sort key: take it out, change it, put it back. */
  g_object_ref (occupant);
  g_hash_table_remove (self->by_nick, presence->nick);
  g_sequence_remove (iter);
  g_list_model_items_changed (G_LIST_MODEL (self), old_position, 1, 0);
  schnack_occupant_update (occupant, presence);
  insert (self, occupant);
}

void
schnack_occupant_list_clear (SchnackOccupantList *self)
{
  guint n;

  g_return_if_fail (SCHNACK_IS_OCCUPANT_LIST (self));

  n = g_sequence_get_length (self->sorted);
  if (n == 0)
    return;
  g_hash_table_remove_all (self->by_nick);
  g_sequence_remove_range (g_sequence_get_begin_iter (self->sorted), g_sequence_get_end_iter (self->sorted));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
}
