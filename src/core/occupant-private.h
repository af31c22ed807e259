/* occupant-private.h — what the occupant list changes on an occupant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/occupant.h"

G_BEGIN_DECLS

SchnackOccupant *schnack_occupant_new            (const char               *nick);
void             schnack_occupant_set_nick       (SchnackOccupant          *self,
                                                  const char               *nick);
void             schnack_occupant_update         (SchnackOccupant          *self,
                                                  const SchnackMucPresence *presence);
/* The sort key: role (highest first), then the nick as people read it. */
int              schnack_occupant_compare        (const SchnackOccupant    *a,
                                                  const SchnackOccupant    *b);

G_END_DECLS
