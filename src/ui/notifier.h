/* notifier.h — desktop notifications for new messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/account-manager.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_NOTIFIER (schnack_notifier_get_type ())
G_DECLARE_FINAL_TYPE (SchnackNotifier, schnack_notifier, SCHNACK, NOTIFIER, GObject)

SchnackNotifier *schnack_notifier_new                      (GtkApplication        *application,
                                                            SchnackAccountManager *account_manager);
void             schnack_notifier_set_focused_conversation (SchnackNotifier       *self,
                                                            SchnackAccount        *account,
                                                            const char            *jid);

G_END_DECLS
