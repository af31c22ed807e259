/* accounts-window.h — the Accounts window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/account-manager.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_ACCOUNTS_WINDOW (schnack_accounts_window_get_type ())
G_DECLARE_FINAL_TYPE (SchnackAccountsWindow, schnack_accounts_window, SCHNACK, ACCOUNTS_WINDOW, AdwPreferencesWindow)

SchnackAccountsWindow *schnack_accounts_window_new (SchnackAccountManager *manager);

G_END_DECLS
