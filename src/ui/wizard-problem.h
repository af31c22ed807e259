/* wizard-problem.h — why the last step of the wizard did not work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SCHNACK_TYPE_WIZARD_PROBLEM (schnack_wizard_problem_get_type ())
G_DECLARE_FINAL_TYPE (SchnackWizardProblem, schnack_wizard_problem, SCHNACK, WIZARD_PROBLEM, AdwBin)

void  schnack_wizard_problem_show        (SchnackWizardProblem *self,
                                          const char           *message);
void  schnack_wizard_problem_set_certificate (SchnackWizardProblem *self,
                                              const char           *sha256_hex,
                                              const char           *subject);
void  schnack_wizard_problem_set_web_url (SchnackWizardProblem *self,
                                          const char           *url);
void  schnack_wizard_problem_clear       (SchnackWizardProblem *self);

char *schnack_format_fingerprint         (const char           *sha256_hex);

G_END_DECLS
