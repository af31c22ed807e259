/* bench-component.h — starting a benchmark's slixmpp component
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "prosody-fixture.h"

G_BEGIN_DECLS

GSubprocess *bench_start_component (SchnackTestProsody  *server,
                                    const char          *script,
                                    const char          *domain,
                                    const char          *secret,
                                    GDataInputStream   **out_events,
                                    GError             **error,
                                    ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
