/* room-presence-notes.h — who came, went or was renamed in a room, in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "core/room.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_ROOM_PRESENCE_NOTES (schnack_room_presence_notes_get_type ())
G_DECLARE_FINAL_TYPE (SchnackRoomPresenceNotes, schnack_room_presence_notes, SCHNACK, ROOM_PRESENCE_NOTES, GObject)

SchnackRoomPresenceNotes *schnack_room_presence_notes_new (SchnackRoom *room);

G_END_DECLS
