/* wizard-password.h — password entries: show/hide, and a strength guess
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  SCHNACK_PASSWORD_STRENGTH_NONE,
  SCHNACK_PASSWORD_STRENGTH_WEAK,
  SCHNACK_PASSWORD_STRENGTH_FAIR,
  SCHNACK_PASSWORD_STRENGTH_STRONG,
} SchnackPasswordStrength;

void       schnack_wizard_password_setup (GtkEntry *entry);
GtkWidget *schnack_wizard_password_new   (void);

SchnackPasswordStrength schnack_estimate_password_strength (const char *password);

G_END_DECLS
