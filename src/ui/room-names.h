/* room-names.h — room addresses from what people type, and nicknames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "core/account.h"
#include "core/room.h"

G_BEGIN_DECLS

char *schnack_room_address_from_name (const char     *name,
                                      const char     *service);
char *schnack_room_default_nick      (SchnackAccount *account);
char *schnack_room_dup_display_name  (SchnackRoom    *room,
                                      const char     *jid);
gboolean schnack_room_text_mentions  (const char     *text,
                                      const char     *nick);

G_END_DECLS
