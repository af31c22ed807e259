/* window.h — Schnack's main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/account-manager.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_WINDOW (schnack_window_get_type ())
G_DECLARE_FINAL_TYPE (SchnackWindow, schnack_window, SCHNACK, WINDOW, AdwApplicationWindow)

SchnackWindow *schnack_window_new (GtkApplication        *application,
                                   SchnackAccountManager *account_manager);

G_END_DECLS
