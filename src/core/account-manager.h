/* account-manager.h — all of the user's accounts, as a list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/account.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_ACCOUNT_MANAGER (schnack_account_manager_get_type ())
G_DECLARE_FINAL_TYPE (SchnackAccountManager, schnack_account_manager, SCHNACK, ACCOUNT_MANAGER, GObject)

SchnackAccountManager *schnack_account_manager_new         (SchnackStore           *store);
SchnackStore          *schnack_account_manager_get_store   (SchnackAccountManager  *self);
gboolean               schnack_account_manager_load        (SchnackAccountManager  *self,
                                                            GError                **error);
SchnackAccount        *schnack_account_manager_find        (SchnackAccountManager  *self,
                                                            const char             *bare_jid);
void                   schnack_account_manager_set_ca_file (SchnackAccountManager  *self,
                                                            const char             *ca_file);
const char            *schnack_account_manager_get_ca_file (SchnackAccountManager  *self);

SchnackAccount        *schnack_account_manager_add         (SchnackAccountManager  *self,
                                                            const SchnackAccountRecord *settings,
                                                            const char             *password,
                                                            gboolean                remember_password,
                                                            GError                **error);

gboolean               schnack_account_manager_remove      (SchnackAccountManager  *self,
                                                            SchnackAccount         *account,
                                                            GError                **error);

void                   schnack_account_manager_delete_on_server_async  (SchnackAccountManager  *self,
                                                                        SchnackAccount         *account,
                                                                        GCancellable           *cancellable,
                                                                        GAsyncReadyCallback     callback,
                                                                        gpointer                user_data);
gboolean               schnack_account_manager_delete_on_server_finish (SchnackAccountManager  *self,
                                                                        GAsyncResult           *result,
                                                                        GError                **error);

G_END_DECLS
