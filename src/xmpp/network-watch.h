/* network-watch.h — tells connections when reconnecting makes sense now
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SCHNACK_TYPE_NETWORK_WATCH (schnack_network_watch_get_type ())
G_DECLARE_FINAL_TYPE (SchnackNetworkWatch, schnack_network_watch, SCHNACK, NETWORK_WATCH, GObject)

SchnackNetworkWatch *schnack_network_watch_get_default (void);

G_END_DECLS
