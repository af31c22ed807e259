/* join-room-dialog.h — entering a group chat by address, name or from the public list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/account.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_JOIN_ROOM_DIALOG (schnack_join_room_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SchnackJoinRoomDialog, schnack_join_room_dialog, SCHNACK, JOIN_ROOM_DIALOG, AdwWindow)

SchnackJoinRoomDialog *schnack_join_room_dialog_new         (GtkWindow             *parent,
                                                             SchnackAccount        *account);
void                   schnack_join_room_dialog_set_address (SchnackJoinRoomDialog *self,
                                                             const char            *address);
void                   schnack_join_room_dialog_set_password (SchnackJoinRoomDialog *self,
                                                              const char            *password);

G_END_DECLS
