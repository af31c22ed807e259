/* status-button.h — the user's own availability, for all accounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/account-manager.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_STATUS_BUTTON (schnack_status_button_get_type ())
G_DECLARE_FINAL_TYPE (SchnackStatusButton, schnack_status_button, SCHNACK, STATUS_BUTTON, GtkWidget)

void                 schnack_status_button_set_account_manager (SchnackStatusButton   *self,
                                                                SchnackAccountManager *manager);
void                 schnack_status_button_set_status          (SchnackStatusButton   *self,
                                                                SchnackPresenceShow    show,
                                                                const char            *message);
SchnackPresenceShow  schnack_status_button_get_show            (SchnackStatusButton   *self);
const char          *schnack_status_button_get_message         (SchnackStatusButton   *self);
const char          *schnack_status_button_get_summary         (SchnackStatusButton   *self);

G_END_DECLS
