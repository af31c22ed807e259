/* requests-window.h — contact requests and messages from strangers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/account-manager.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_REQUESTS_WINDOW (schnack_requests_window_get_type ())
G_DECLARE_FINAL_TYPE (SchnackRequestsWindow, schnack_requests_window, SCHNACK, REQUESTS_WINDOW, AdwWindow)

SchnackRequestsWindow *schnack_requests_window_new (GtkWindow             *parent,
                                                    SchnackAccountManager *manager);

G_END_DECLS
