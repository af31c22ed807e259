/* settings.h — Schnack's GSettings, when their schema is installed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Hide message text in notifications when FALSE. */
#define SCHNACK_SETTINGS_NOTIFICATION_SHOW_CONTENTS "notification-show-contents"

GSettings *schnack_settings_new (void);

G_END_DECLS
