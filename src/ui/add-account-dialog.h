/* add-account-dialog.h — sign in with an existing Jabber ID
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/account-manager.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_ADD_ACCOUNT_DIALOG (schnack_add_account_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SchnackAddAccountDialog, schnack_add_account_dialog, SCHNACK, ADD_ACCOUNT_DIALOG, AdwWindow)

SchnackAddAccountDialog *schnack_add_account_dialog_new (SchnackAccountManager *account_manager);

G_END_DECLS
