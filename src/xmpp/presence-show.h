/* presence-show.h — how available someone is
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Ordered from least to most reachable, for picking the best resource. */
typedef enum {
  SCHNACK_SHOW_OFFLINE,
  SCHNACK_SHOW_DND,
  SCHNACK_SHOW_XA,
  SCHNACK_SHOW_AWAY,
  SCHNACK_SHOW_AVAILABLE,
  SCHNACK_SHOW_CHAT,
} SchnackPresenceShow;

GType schnack_presence_show_get_type (void) G_GNUC_CONST;
#define SCHNACK_TYPE_PRESENCE_SHOW (schnack_presence_show_get_type ())

G_END_DECLS
