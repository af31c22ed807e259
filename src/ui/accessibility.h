/* accessibility.h — work-arounds so screen readers get clean names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void schnack_ui_install_accessibility_fixes (void);

G_END_DECLS
