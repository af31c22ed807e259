/* wizard-server.h — the wizard's page for choosing where to create an account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/account-creator.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_WIZARD_SERVER (schnack_wizard_server_get_type ())
G_DECLARE_FINAL_TYPE (SchnackWizardServer, schnack_wizard_server, SCHNACK, WIZARD_SERVER, AdwBin)

void schnack_wizard_server_set_account_manager (SchnackWizardServer   *self,
                                                SchnackAccountManager *manager);
void schnack_wizard_server_reset               (SchnackWizardServer   *self);
void schnack_wizard_server_abandon             (SchnackWizardServer   *self);
void schnack_wizard_server_focus               (SchnackWizardServer   *self);

G_END_DECLS
