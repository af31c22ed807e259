/* presence-text.h — availability in words and colours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "xmpp/presence-show.h"

G_BEGIN_DECLS

const char *schnack_show_to_text           (SchnackPresenceShow  show);
void        schnack_status_dot_set_show    (GtkWidget           *dot,
                                            SchnackPresenceShow  show);

G_END_DECLS
