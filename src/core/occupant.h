/* occupant.h — one person in a room
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "xmpp/muc.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_OCCUPANT (schnack_occupant_get_type ())
G_DECLARE_FINAL_TYPE (SchnackOccupant, schnack_occupant, SCHNACK, OCCUPANT, GObject)

const char            *schnack_occupant_get_nick        (SchnackOccupant *self);
const char            *schnack_occupant_get_real_jid    (SchnackOccupant *self);
SchnackMucRole         schnack_occupant_get_role        (SchnackOccupant *self);
SchnackMucAffiliation  schnack_occupant_get_affiliation (SchnackOccupant *self);
const char            *schnack_occupant_get_show        (SchnackOccupant *self);
const char            *schnack_occupant_get_status      (SchnackOccupant *self);

G_END_DECLS
