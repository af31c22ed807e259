/* account-settings-row.h — one account in the Accounts window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/account-manager.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_ACCOUNT_SETTINGS_ROW (schnack_account_settings_row_get_type ())
G_DECLARE_FINAL_TYPE (SchnackAccountSettingsRow, schnack_account_settings_row, SCHNACK, ACCOUNT_SETTINGS_ROW, AdwExpanderRow)

SchnackAccountSettingsRow *schnack_account_settings_row_new (SchnackAccountManager *manager,
                                                             SchnackAccount        *account);
SchnackAccount            *schnack_account_settings_row_get_account (SchnackAccountSettingsRow *self);

G_END_DECLS
