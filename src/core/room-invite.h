/* room-invite.h — an invitation to a room, waiting for the user's answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "xmpp/muc-invite.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_ROOM_INVITE (schnack_room_invite_get_type ())
G_DECLARE_FINAL_TYPE (SchnackRoomInvite, schnack_room_invite, SCHNACK, ROOM_INVITE, GObject)

SchnackRoomInvite      *schnack_room_invite_new         (const SchnackMucInvite *invite);
const SchnackMucInvite *schnack_room_invite_get_details (SchnackRoomInvite      *self);
const char             *schnack_room_invite_get_room    (SchnackRoomInvite      *self);
const char             *schnack_room_invite_get_inviter (SchnackRoomInvite      *self);
const char             *schnack_room_invite_get_reason  (SchnackRoomInvite      *self);

G_END_DECLS
