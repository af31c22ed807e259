/* wizard.h — first-run wizard: log in, or create an account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/account-manager.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_WIZARD (schnack_wizard_get_type ())
G_DECLARE_FINAL_TYPE (SchnackWizard, schnack_wizard, SCHNACK, WIZARD, AdwBin)

SchnackWizard *schnack_wizard_new                (SchnackAccountManager *manager);
void           schnack_wizard_set_account_manager (SchnackWizard         *self,
                                                   SchnackAccountManager *manager);
void           schnack_wizard_set_show_cancel    (SchnackWizard         *self,
                                                  gboolean               show_cancel);
void           schnack_wizard_set_menu_model     (SchnackWizard         *self,
                                                  GMenuModel            *menu_model);
void           schnack_wizard_reset              (SchnackWizard         *self);

G_END_DECLS
