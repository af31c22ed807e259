/* room-invites-box.h — invitations to rooms, each waiting for join or decline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/account-manager.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_ROOM_INVITES_BOX (schnack_room_invites_box_get_type ())
G_DECLARE_FINAL_TYPE (SchnackRoomInvitesBox, schnack_room_invites_box, SCHNACK, ROOM_INVITES_BOX, GtkWidget)

void schnack_room_invites_box_set_account_manager (SchnackRoomInvitesBox *self,
                                                   SchnackAccountManager *manager);

G_END_DECLS
