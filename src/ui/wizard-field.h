/* wizard-field.h — one field of a sign-up form, as a widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/registration-field.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_WIZARD_FIELD (schnack_wizard_field_get_type ())
G_DECLARE_FINAL_TYPE (SchnackWizardField, schnack_wizard_field, SCHNACK, WIZARD_FIELD, AdwBin)

SchnackWizardField       *schnack_wizard_field_new         (SchnackRegistrationField *field,
                                                            const char               *domain);
SchnackRegistrationField *schnack_wizard_field_get_field   (SchnackWizardField       *self);
GtkWidget                *schnack_wizard_field_get_input   (SchnackWizardField       *self);
GtkWidget                *schnack_wizard_field_get_confirm (SchnackWizardField       *self);
gboolean                  schnack_wizard_field_is_ready    (SchnackWizardField       *self);
void                      schnack_wizard_field_set_error   (SchnackWizardField       *self,
                                                            const char               *message);
void                      schnack_wizard_field_focus       (SchnackWizardField       *self);

G_END_DECLS
