/* occupant-list.h — who is in a room, sorted by role then nickname
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/occupant.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_OCCUPANT_LIST (schnack_occupant_list_get_type ())
G_DECLARE_FINAL_TYPE (SchnackOccupantList, schnack_occupant_list, SCHNACK, OCCUPANT_LIST, GObject)

SchnackOccupantList *schnack_occupant_list_new    (void);
SchnackOccupant     *schnack_occupant_list_find   (SchnackOccupantList      *self,
                                                   const char               *nick);
/* Adds, updates, renames (status 303) or removes the presence's occupant. */
void                 schnack_occupant_list_apply  (SchnackOccupantList      *self,
                                                   const SchnackMucPresence *presence);
void                 schnack_occupant_list_clear  (SchnackOccupantList      *self);

G_END_DECLS
