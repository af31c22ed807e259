/* backoff.h — how long to wait before reconnecting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SCHNACK_BACKOFF_FIRST_MS 1000
#define SCHNACK_BACKOFF_MAX_MS (5 * 60 * 1000)

guint schnack_backoff_delay_ms (guint  failed_attempts,
                                double random_unit);

G_END_DECLS
