/* wizard-advanced.h — host, port and direct TLS, folded away
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SCHNACK_TYPE_WIZARD_ADVANCED (schnack_wizard_advanced_get_type ())
G_DECLARE_FINAL_TYPE (SchnackWizardAdvanced, schnack_wizard_advanced, SCHNACK, WIZARD_ADVANCED, AdwExpanderRow)

char     *schnack_wizard_advanced_dup_host       (SchnackWizardAdvanced *self);
guint16   schnack_wizard_advanced_get_port       (SchnackWizardAdvanced *self);
gboolean  schnack_wizard_advanced_get_direct_tls (SchnackWizardAdvanced *self);
gboolean  schnack_wizard_advanced_is_valid       (SchnackWizardAdvanced *self);
void      schnack_wizard_advanced_reset          (SchnackWizardAdvanced *self);

G_END_DECLS
