/* room-invite-dialog.h — inviting contacts (or anyone by address) to a room
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/account.h"
#include "core/room.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_ROOM_INVITE_DIALOG (schnack_room_invite_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SchnackRoomInviteDialog, schnack_room_invite_dialog, SCHNACK, ROOM_INVITE_DIALOG, AdwWindow)

SchnackRoomInviteDialog *schnack_room_invite_dialog_new          (GtkWindow               *parent,
                                                                  SchnackAccount          *account,
                                                                  SchnackRoom             *room);
GListModel              *schnack_room_invite_dialog_get_contacts (SchnackRoomInviteDialog *self);

G_END_DECLS
