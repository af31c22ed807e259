/* wizard-login.h — the wizard's page for signing in to an existing account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/account-manager.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_WIZARD_LOGIN (schnack_wizard_login_get_type ())
G_DECLARE_FINAL_TYPE (SchnackWizardLogin, schnack_wizard_login, SCHNACK, WIZARD_LOGIN, AdwBin)

void     schnack_wizard_login_set_account_manager (SchnackWizardLogin    *self,
                                                   SchnackAccountManager *manager);
void     schnack_wizard_login_reset               (SchnackWizardLogin    *self);
void     schnack_wizard_login_abandon             (SchnackWizardLogin    *self);
void     schnack_wizard_login_focus               (SchnackWizardLogin    *self);

G_END_DECLS
