/* bookmark-sync.c — saved rooms, joined at sign-in and kept in step with other devices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * At each new session the bookmarks are read (XEP-0402, or XEP-0048 when
 * the account's server does not advertise urn:xmpp:bookmarks:1#compat)
 * and rooms marked "autojoin" are joined. A bookmark added on another
 * device arrives as a PEP notification (we announce +notify) and its
 * room is joined at once; one removed there is forgotten here.
 *
 * Rooms are kept as bookmarks: a room the user joins (or creates) is
 * saved with autojoin once the room has taken us in, and leaving it
 * removes the bookmark, so the rooms one is in come back after a
 * restart and on the user's other devices.
 */
#include "config.h"

#include "core/bookmark-sync.h"
#include "core/room-private.h"
#include "xmpp/disco.h"

#include <string.h>

struct _SchnackBookmarkSync {
  GObject            parent_instance;

  SchnackConnection *connection;
  SchnackRoomList   *rooms;
  char              *own_jid;
  GCancellable      *cancellable;
  GHashTable        *bookmarks;   /* lower-case room JID → SchnackBookmark */
  GHashTable        *watched;     /* lower-case room JID → SchnackRoom (borrowed) */
  /* Rooms whose bookmark we retracted and whose retraction has not come
   * back as an event yet: our own earlier publish, arriving late, must
   * not join them again. */
  GHashTable        *retracting;  /* lower-case room JID */
  gboolean           legacy;
  gboolean           fetched;     /* the server's list is known this session */
};

G_DEFINE_FINAL_TYPE (SchnackBookmarkSync, schnack_bookmark_sync, G_TYPE_OBJECT)

static char *
key_for (const char *room_jid)
{
  return g_utf8_strdown (room_jid, -1);
}

/* The nick to use where the bookmark has none: our user name. */
static char *
default_nick (SchnackBookmarkSync *self)
{
  const char *at = strchr (self->own_jid, '@');

  return at != NULL ? g_strndup (self->own_jid, at - self->own_jid) : g_strdup (self->own_jid);
}

static void
apply_bookmark (SchnackBookmarkSync   *self,
                const SchnackBookmark *bookmark)
{
  SchnackRoom *room = schnack_room_list_find (self->rooms, bookmark->jid);

  g_hash_table_replace (self->bookmarks, key_for (bookmark->jid), schnack_bookmark_copy (bookmark));
  if (room == NULL && bookmark->autojoin)
    {
      g_autofree char *nick = bookmark->nick != NULL ? g_strdup (bookmark->nick) : default_nick (self);

      room = schnack_room_list_join (self->rooms, bookmark->jid, nick, bookmark->password);
    }
  if (room != NULL)
    {
      schnack_room_set_autojoin (room, bookmark->autojoin);
      if (bookmark->name != NULL)
        schnack_room_set_name (room, bookmark->name);
    }
}

static void
forget_bookmark (SchnackBookmarkSync *self,
                 const char          *room_jid)
{
  g_autofree char *key = key_for (room_jid);
  SchnackRoom *room = schnack_room_list_find (self->rooms, room_jid);

  g_hash_table_remove (self->bookmarks, key);
  if (room != NULL)
    schnack_room_set_autojoin (room, FALSE);
}

static void on_room_state (SchnackRoom *room, GParamSpec *pspec, SchnackBookmarkSync *self);

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SchnackBookmarkSync) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bookmarks = schnack_bookmarks_fetch_finish (result, &error);

  if (bookmarks == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the bookmarks: %s", error->message);
      return;
    }
  g_hash_table_remove_all (self->bookmarks);
  g_hash_table_remove_all (self->retracting);
  self->fetched = TRUE;
  for (guint i = 0; i < bookmarks->len; i++)
    apply_bookmark (self, g_ptr_array_index (bookmarks, i));
  /* Rooms joined while the list was on its way. */
  {
    GHashTableIter iter;
    SchnackRoom *room;

    g_hash_table_iter_init (&iter, self->watched);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &room))
      on_room_state (room, NULL, self);
  }
}

static void
on_own_info (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SchnackBookmarkSync) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackDiscoInfo) info = schnack_disco_info_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Without #compat, clients that know only XEP-0048 would not see
   * XEP-0402 bookmarks: keep them where those clients look. */
  self->legacy = info == NULL || !schnack_disco_info_has_feature (info, SCHNACK_NS_BOOKMARKS2_COMPAT);
  schnack_bookmarks_fetch_async (self->connection, self->legacy, self->cancellable,
                                 on_fetched, g_object_ref (self));
}

static void
on_connection_state (SchnackBookmarkSync *self)
{
  if (schnack_connection_get_state (self->connection) != SCHNACK_CONNECTION_ONLINE ||
      schnack_connection_get_resumed (self->connection))
    return;
  schnack_disco_info_async (self->connection, self->own_jid, NULL, self->cancellable,
                            on_own_info, g_object_ref (self));
}

static void
on_kept (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!schnack_bookmark_sync_change_finish (SCHNACK_BOOKMARK_SYNC (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not update the bookmarks: %s", error->message);
}

/* In a room we have no bookmark for: keep it. Before the server's list
 * is known we cannot tell, and a rejoin after a reconnect finds the
 * bookmark there. */
static void
on_room_state (SchnackRoom         *room,
               GParamSpec          *pspec,
               SchnackBookmarkSync *self)
{
  g_autofree char *key = NULL;

  if (schnack_room_get_state (room) != SCHNACK_ROOM_STATE_JOINED || !self->fetched)
    return;
  key = key_for (schnack_room_get_jid (room));
  if (g_hash_table_contains (self->bookmarks, key))
    return;
  schnack_bookmark_sync_save_async (self, room, TRUE, self->cancellable, on_kept, NULL);
}

/* Rooms added to the room list are watched; a room gone from it was
 * left, and its bookmark goes too. */
static void
on_rooms_changed (SchnackBookmarkSync *self,
                  guint                position,
                  guint                removed,
                  guint                added,
                  GListModel          *rooms)
{
  g_autoptr(GHashTable) present = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  guint n = g_list_model_get_n_items (rooms);
  GHashTableIter iter;
  const char *key;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackRoom) room = g_list_model_get_item (rooms, i);
      char *room_key = key_for (schnack_room_get_jid (room));

      if (!g_hash_table_contains (self->watched, room_key))
        {
          g_hash_table_insert (self->watched, g_strdup (room_key), room);
          g_signal_connect_object (room, "notify::state", G_CALLBACK (on_room_state), self, 0);
        }
      g_hash_table_add (present, room_key);
    }

  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    if (!g_hash_table_contains (present, key))
      g_ptr_array_add (gone, g_strdup (key));
  for (guint i = 0; i < gone->len; i++)
    {
      const char *room_key = g_ptr_array_index (gone, i);

      SchnackBookmark *bookmark = g_hash_table_lookup (self->bookmarks, room_key);

      g_hash_table_remove (self->watched, room_key);
      /* The item id is the JID as it was saved. */
      if (bookmark != NULL)
        {
          g_autofree char *jid = g_strdup (bookmark->jid);

          schnack_bookmark_sync_remove_async (self, jid, self->cancellable, on_kept, NULL);
        }
    }
}

static void
on_bookmarks_event (SchnackBookmarkSync *self,
                    SchnackXmlNode      *message)
{
  g_autoptr(GPtrArray) published = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_bookmark_free);
  g_autoptr(GPtrArray) retracted = g_ptr_array_new_with_free_func (g_free);

  if (!schnack_bookmarks_parse_event (message, self->own_jid, published, retracted))
    return;
  for (guint i = 0; i < published->len; i++)
    {
      SchnackBookmark *bookmark = g_ptr_array_index (published, i);
      g_autofree char *key = key_for (bookmark->jid);

      if (!g_hash_table_contains (self->retracting, key))
        apply_bookmark (self, bookmark);
    }
  for (guint i = 0; i < retracted->len; i++)
    {
      g_autofree char *key = key_for (g_ptr_array_index (retracted, i));

      g_hash_table_remove (self->retracting, key);
      forget_bookmark (self, g_ptr_array_index (retracted, i));
    }
}

static void
on_changed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (schnack_bookmarks_change_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static GPtrArray *
all_bookmarks (SchnackBookmarkSync *self)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_bookmark_free);
  GHashTableIter iter;
  SchnackBookmark *bookmark;

  g_hash_table_iter_init (&iter, self->bookmarks);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &bookmark))
    g_ptr_array_add (list, schnack_bookmark_copy (bookmark));
  return list;
}

void
schnack_bookmark_sync_save_async (SchnackBookmarkSync *self,
                                  SchnackRoom         *room,
                                  gboolean             autojoin,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(SchnackBookmark) bookmark = NULL;
  GTask *task;

  g_return_if_fail (SCHNACK_IS_BOOKMARK_SYNC (self));
  g_return_if_fail (SCHNACK_IS_ROOM (room));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_bookmark_sync_save_async);
  bookmark = schnack_bookmark_new (schnack_room_get_jid (room));
  if (g_strcmp0 (schnack_room_get_name (room), schnack_room_get_jid (room)) != 0)
    bookmark->name = g_strdup (schnack_room_get_name (room));
  bookmark->nick = g_strdup (schnack_room_get_nick (room));
  bookmark->password = g_strdup (schnack_room_get_password (room));
  bookmark->autojoin = autojoin;
  g_hash_table_replace (self->bookmarks, key_for (bookmark->jid), schnack_bookmark_copy (bookmark));
  schnack_room_set_autojoin (room, autojoin);

  if (self->legacy)
    {
      g_autoptr(GPtrArray) list = all_bookmarks (self);

      schnack_bookmarks_store_legacy_async (self->connection, list, cancellable, on_changed, task);
    }
  else
    {
      schnack_bookmarks_publish_async (self->connection, bookmark, cancellable, on_changed, task);
    }
}

void
schnack_bookmark_sync_remove_async (SchnackBookmarkSync *self,
                                    const char          *room_jid,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SCHNACK_IS_BOOKMARK_SYNC (self));
  g_return_if_fail (room_jid != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_bookmark_sync_remove_async);
  forget_bookmark (self, room_jid);
  if (!self->legacy)
    g_hash_table_add (self->retracting, key_for (room_jid));
  if (self->legacy)
    {
      g_autoptr(GPtrArray) list = all_bookmarks (self);

      schnack_bookmarks_store_legacy_async (self->connection, list, cancellable, on_changed, task);
    }
  else
    {
      schnack_bookmarks_retract_async (self->connection, room_jid, cancellable, on_changed, task);
    }
}

gboolean
schnack_bookmark_sync_change_finish (SchnackBookmarkSync  *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static int
compare_by_jid (gconstpointer a,
                gconstpointer b)
{
  const SchnackBookmark *x = *(SchnackBookmark * const *) a;
  const SchnackBookmark *y = *(SchnackBookmark * const *) b;

  return g_strcmp0 (x->jid, y->jid);
}

GPtrArray *
schnack_bookmark_sync_list (SchnackBookmarkSync *self)
{
  GPtrArray *list;

  g_return_val_if_fail (SCHNACK_IS_BOOKMARK_SYNC (self), NULL);

  list = all_bookmarks (self);
  g_ptr_array_sort (list, compare_by_jid);
  return list;
}

gboolean
schnack_bookmark_sync_uses_legacy (SchnackBookmarkSync *self)
{
  g_return_val_if_fail (SCHNACK_IS_BOOKMARK_SYNC (self), FALSE);
  return self->legacy;
}

static void
schnack_bookmark_sync_dispose (GObject *object)
{
  SchnackBookmarkSync *self = SCHNACK_BOOKMARK_SYNC (object);

  g_cancellable_cancel (self->cancellable);
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_clear_object (&self->connection);
  g_clear_object (&self->rooms);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (schnack_bookmark_sync_parent_class)->dispose (object);
}

static void
schnack_bookmark_sync_finalize (GObject *object)
{
  SchnackBookmarkSync *self = SCHNACK_BOOKMARK_SYNC (object);

  g_free (self->own_jid);
  g_hash_table_unref (self->bookmarks);
  g_hash_table_unref (self->watched);
  g_hash_table_unref (self->retracting);

  G_OBJECT_CLASS (schnack_bookmark_sync_parent_class)->finalize (object);
}

static void
schnack_bookmark_sync_class_init (SchnackBookmarkSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = schnack_bookmark_sync_dispose;
  object_class->finalize = schnack_bookmark_sync_finalize;
}

static void
schnack_bookmark_sync_init (SchnackBookmarkSync *self)
{
  self->cancellable = g_cancellable_new ();
  self->bookmarks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) schnack_bookmark_free);
  self->watched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->retracting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

SchnackBookmarkSync *
schnack_bookmark_sync_new (SchnackConnection *connection,
                           SchnackRoomList   *rooms,
                           const char        *own_jid)
{
  SchnackBookmarkSync *self;

  g_return_val_if_fail (SCHNACK_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (SCHNACK_IS_ROOM_LIST (rooms), NULL);

  self = g_object_new (SCHNACK_TYPE_BOOKMARK_SYNC, NULL);
  self->connection = g_object_ref (connection);
  self->rooms = g_object_ref (rooms);
  self->own_jid = g_strdup (own_jid);
  g_signal_connect_swapped (connection, "notify::state", G_CALLBACK (on_connection_state), self);
  g_signal_connect_swapped (connection, "pubsub-event::" SCHNACK_NS_BOOKMARKS2,
                            G_CALLBACK (on_bookmarks_event), self);
  g_signal_connect_object (rooms, "items-changed", G_CALLBACK (on_rooms_changed), self, G_CONNECT_SWAPPED);
  on_rooms_changed (self, 0, 0, 0, G_LIST_MODEL (rooms));
  if (schnack_connection_get_state (connection) == SCHNACK_CONNECTION_ONLINE)
    on_connection_state (self);
  return self;
}
