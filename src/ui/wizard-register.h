/* wizard-register.h — the wizard's sign-up form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/account-creator.h"
#include "ui/wizard-field.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_WIZARD_REGISTER (schnack_wizard_register_get_type ())
G_DECLARE_FINAL_TYPE (SchnackWizardRegister, schnack_wizard_register, SCHNACK, WIZARD_REGISTER, AdwBin)

void                schnack_wizard_register_set_creator (SchnackWizardRegister *self,
                                                         SchnackAccountCreator *creator);
SchnackWizardField *schnack_wizard_register_get_field   (SchnackWizardRegister *self,
                                                         const char            *var);
void                schnack_wizard_register_focus       (SchnackWizardRegister *self);
void                schnack_wizard_register_reset       (SchnackWizardRegister *self);

G_END_DECLS
