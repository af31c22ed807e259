/* create-room-dialog.h — a new group chat: name, address, kind, password, moderation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/account.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_CREATE_ROOM_DIALOG (schnack_create_room_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SchnackCreateRoomDialog, schnack_create_room_dialog, SCHNACK, CREATE_ROOM_DIALOG, AdwWindow)

SchnackCreateRoomDialog *schnack_create_room_dialog_new         (GtkWindow               *parent,
                                                                 SchnackAccount          *account);
void                     schnack_create_room_dialog_set_address (SchnackCreateRoomDialog *self,
                                                                 const char              *address);

G_END_DECLS
