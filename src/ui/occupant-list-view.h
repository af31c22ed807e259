/* occupant-list-view.h — who is in the room, by role, with what we may do to them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/account.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_OCCUPANT_LIST_VIEW (schnack_occupant_list_view_get_type ())
G_DECLARE_FINAL_TYPE (SchnackOccupantListView, schnack_occupant_list_view, SCHNACK, OCCUPANT_LIST_VIEW, GtkWidget)

void   schnack_occupant_list_view_set_room        (SchnackOccupantListView *self,
                                                   SchnackAccount          *account,
                                                   SchnackRoom             *room);
/* The actions the row menu of @nick offers now (e.g. "occupant.voice"). */
GStrv  schnack_occupant_list_view_dup_actions_for (SchnackOccupantListView *self,
                                                   const char              *nick);

G_END_DECLS
