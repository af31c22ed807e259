/* application.h — the Schnack application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/account-manager.h"
#include "ui/notifier.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_APPLICATION (schnack_application_get_type ())
G_DECLARE_FINAL_TYPE (SchnackApplication, schnack_application, SCHNACK, APPLICATION, AdwApplication)

void                   schnack_ui_register_resources           (void);
SchnackApplication    *schnack_application_new                 (void);
SchnackAccountManager *schnack_application_get_account_manager (SchnackApplication *self);
SchnackNotifier       *schnack_application_get_notifier        (SchnackApplication *self);

G_END_DECLS
