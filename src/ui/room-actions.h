/* room-actions.h — the room menu: nickname, subject, invite, leave, destroy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/account.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_ROOM_ACTIONS (schnack_room_actions_get_type ())
G_DECLARE_FINAL_TYPE (SchnackRoomActions, schnack_room_actions, SCHNACK, ROOM_ACTIONS, GObject)

SchnackRoomActions *schnack_room_actions_new              (GtkWindow          *parent);
GActionGroup       *schnack_room_actions_get_action_group (SchnackRoomActions *self);
void                schnack_room_actions_set_room         (SchnackRoomActions *self,
                                                           SchnackAccount     *account,
                                                           SchnackRoom        *room);

/* Asks for one line of text; @done gets it (or is not called on cancel). */
typedef void (*SchnackTextAnswer) (const char *text,
                                   gpointer    user_data);
AdwMessageDialog   *schnack_ask_text                      (GtkWindow          *parent,
                                                           const char         *heading,
                                                           const char         *body,
                                                           const char         *entry_label,
                                                           const char         *initial,
                                                           const char         *confirm_label,
                                                           gboolean            destructive,
                                                           SchnackTextAnswer   done,
                                                           gpointer            user_data,
                                                           GDestroyNotify      destroy);

G_END_DECLS
