/* room-members-dialog.h — a room's owners, admins, members and bans
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/room.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_ROOM_MEMBERS_DIALOG (schnack_room_members_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SchnackRoomMembersDialog, schnack_room_members_dialog, SCHNACK, ROOM_MEMBERS_DIALOG,
                      AdwPreferencesWindow)

SchnackRoomMembersDialog *schnack_room_members_dialog_new         (GtkWindow                *parent,
                                                                   SchnackRoom              *room);
GStrv                     schnack_room_members_dialog_dup_listed  (SchnackRoomMembersDialog *self,
                                                                   SchnackMucAffiliation     affiliation);
void                      schnack_room_members_dialog_add         (SchnackRoomMembersDialog *self,
                                                                   SchnackMucAffiliation     affiliation,
                                                                   const char               *jid);
void                      schnack_room_members_dialog_remove      (SchnackRoomMembersDialog *self,
                                                                   SchnackMucAffiliation     affiliation,
                                                                   const char               *jid);
gboolean                  schnack_room_members_dialog_is_busy     (SchnackRoomMembersDialog *self);

G_END_DECLS
