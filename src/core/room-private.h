/* room-private.h — what the room list changes on a room
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/room.h"
#include "xmpp/connection.h"

G_BEGIN_DECLS

SchnackRoom *schnack_room_new              (SchnackConnection        *connection,
                                            const char               *jid,
                                            const char               *nick,
                                            const char               *password);
void         schnack_room_set_state        (SchnackRoom              *self,
                                            SchnackRoomState          state,
                                            const GError             *error);
void         schnack_room_set_flags        (SchnackRoom              *self,
                                            guint                     flags);
void         schnack_room_set_name         (SchnackRoom              *self,
                                            const char               *name);
void         schnack_room_set_announced_name (SchnackRoom            *self,
                                            const char               *name);
void         schnack_room_set_requested_nick (SchnackRoom            *self,
                                            const char               *nick);
void         schnack_room_set_password     (SchnackRoom              *self,
                                            const char               *password);
void         schnack_room_set_autojoin     (SchnackRoom              *self,
                                            gboolean                  autojoin);
void         schnack_room_take_subject     (SchnackRoom              *self,
                                            const char               *subject);
/* An occupant's presence; ours (status 110) changes nick, role and state. */
void         schnack_room_apply_presence   (SchnackRoom              *self,
                                            const SchnackMucPresence *presence);
/* Whether the nick we joined with is ours (messages from it are ours). */
gboolean     schnack_room_is_own_nick      (SchnackRoom              *self,
                                            const char               *nick);

G_END_DECLS
