/* room-settings-dialog.h — an owner edits the room's whole configuration form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/room.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_ROOM_SETTINGS_DIALOG (schnack_room_settings_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SchnackRoomSettingsDialog, schnack_room_settings_dialog, SCHNACK, ROOM_SETTINGS_DIALOG, AdwWindow)

SchnackRoomSettingsDialog *schnack_room_settings_dialog_new (GtkWindow   *parent,
                                                             SchnackRoom *room);

G_END_DECLS
