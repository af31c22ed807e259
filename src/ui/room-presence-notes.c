/* room-presence-notes.c — who came, went or was renamed in a room, in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core keeps the occupants as a list; this compares it with what it
 * was one main-loop turn earlier (a rename or a new role arrives as a
 * removal and an insertion of the same object) and emits "note" with a
 * short sentence: "anna joined", "bert left", "anna is now called
 * anni". Nothing while we are still entering: the room then sends
 * everyone at once.
 */
#include "config.h"

#include "ui/room-presence-notes.h"

#include <glib/gi18n.h>

struct _SchnackRoomPresenceNotes {
  GObject      parent_instance;

  SchnackRoom *room;
  GHashTable  *known;     /* SchnackOccupant → its nick then */
  guint        diff_idle;
};

G_DEFINE_FINAL_TYPE (SchnackRoomPresenceNotes, schnack_room_presence_notes, G_TYPE_OBJECT)

enum {
  SIGNAL_NOTE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GHashTable *
snapshot (SchnackRoomPresenceNotes *self)
{
  GListModel *occupants = G_LIST_MODEL (schnack_room_get_occupants (self->room));
  GHashTable *now = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, g_free);
  guint n = g_list_model_get_n_items (occupants);

  for (guint i = 0; i < n; i++)
    {
      SchnackOccupant *occupant = g_list_model_get_item (occupants, i);

      /* Held, so no newcomer can take a departed one's address. */
      g_hash_table_insert (now, occupant, g_strdup (schnack_occupant_get_nick (occupant)));
    }
  return now;
}

static gboolean
emit_differences (gpointer user_data)
{
  SchnackRoomPresenceNotes *self = user_data;
  g_autoptr(GHashTable) now = snapshot (self);
  g_autoptr(GString) notes = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;

  self->diff_idle = 0;
  if (schnack_room_get_state (self->room) != SCHNACK_ROOM_STATE_JOINED)
    {
      g_clear_pointer (&self->known, g_hash_table_unref);
      self->known = g_steal_pointer (&now);
      return G_SOURCE_REMOVE;
    }

  g_hash_table_iter_init (&iter, now);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *before = g_hash_table_lookup (self->known, key);
      g_autofree char *line = NULL;

      if (before == NULL)
        /* Translators: someone entered a room; %s is their nickname */
        line = g_strdup_printf (_("%s joined"), (const char *) value);
      else if (g_strcmp0 (before, value) != 0)
        /* Translators: a nickname changed in a room: old, then new */
        line = g_strdup_printf (_("%s is now called %s"), before, (const char *) value);
      if (line != NULL)
        g_string_append_printf (notes, "%s%s", notes->len > 0 ? " · " : "", line);
    }
  g_hash_table_iter_init (&iter, self->known);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (now, key))
      {
        /* Translators: someone left a room; %s is their nickname */
        g_autofree char *line = g_strdup_printf (_("%s left"), (const char *) value);

        g_string_append_printf (notes, "%s%s", notes->len > 0 ? " · " : "", line);
      }

  g_clear_pointer (&self->known, g_hash_table_unref);
  self->known = g_steal_pointer (&now);
  if (notes->len > 0)
    g_signal_emit (self, signals[SIGNAL_NOTE], 0, notes->str);
  return G_SOURCE_REMOVE;
}

static void
schedule_diff (SchnackRoomPresenceNotes *self)
{
  if (self->diff_idle == 0)
    self->diff_idle = g_idle_add (emit_differences, self);
}

static void
schnack_room_presence_notes_dispose (GObject *object)
{
  SchnackRoomPresenceNotes *self = SCHNACK_ROOM_PRESENCE_NOTES (object);

  g_clear_handle_id (&self->diff_idle, g_source_remove);
  if (self->room != NULL)
    {
      g_signal_handlers_disconnect_by_data (schnack_room_get_occupants (self->room), self);
      g_signal_handlers_disconnect_by_data (self->room, self);
    }
  g_clear_object (&self->room);
  g_clear_pointer (&self->known, g_hash_table_unref);
  G_OBJECT_CLASS (schnack_room_presence_notes_parent_class)->dispose (object);
}

static void
schnack_room_presence_notes_class_init (SchnackRoomPresenceNotesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = schnack_room_presence_notes_dispose;

  /* A sentence to show quietly, e.g. "anna joined". */
  signals[SIGNAL_NOTE] =
    g_signal_new ("note", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
schnack_room_presence_notes_init (SchnackRoomPresenceNotes *self)
{
}

SchnackRoomPresenceNotes *
schnack_room_presence_notes_new (SchnackRoom *room)
{
  SchnackRoomPresenceNotes *self;

  g_return_val_if_fail (SCHNACK_IS_ROOM (room), NULL);

  self = g_object_new (SCHNACK_TYPE_ROOM_PRESENCE_NOTES, NULL);
  self->room = g_object_ref (room);
  /* Those already there when we look are not news: the baseline is now. */
  self->known = snapshot (self);
  g_signal_connect_swapped (schnack_room_get_occupants (room), "items-changed", G_CALLBACK (schedule_diff), self);
  g_signal_connect_swapped (room, "notify::state", G_CALLBACK (schedule_diff), self);
  return self;
}
