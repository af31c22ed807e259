/* consistent-color.h — the same colour for the same name everywhere (XEP-0392)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

double schnack_consistent_color_angle (const char *text);
void   schnack_consistent_color_rgb   (const char *text,
                                       double     *red,
                                       double     *green,
                                       double     *blue);

G_END_DECLS
