/* wizard-dialog.h — the wizard in its own window, for "Add Account"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/account-manager.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_WIZARD_DIALOG (schnack_wizard_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SchnackWizardDialog, schnack_wizard_dialog, SCHNACK, WIZARD_DIALOG, AdwWindow)

SchnackWizardDialog *schnack_wizard_dialog_new (GtkWindow             *parent,
                                                SchnackAccountManager *manager);

G_END_DECLS
