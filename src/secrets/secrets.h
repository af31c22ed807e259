/* secrets.h — account passwords in the system keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SCHNACK_SECRETS_ERROR (schnack_secrets_error_quark ())

typedef enum
{
  SCHNACK_SECRETS_ERROR_UNAVAILABLE, /* no Secret Service on the session bus */
  SCHNACK_SECRETS_ERROR_LOCKED,      /* the keyring stayed locked (or none was set up) */
  SCHNACK_SECRETS_ERROR_FAILED,      /* anything else */
} SchnackSecretsError;

/* A password from schnack_secrets_lookup_password_finish(), in memory
 * that is wiped when freed: g_autoptr (SchnackSecretsPassword). */
typedef char SchnackSecretsPassword;

GQuark   schnack_secrets_error_quark            (void);

void     schnack_secrets_store_password_async   (const char           *account_jid,
                                                 const char           *password,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean schnack_secrets_store_password_finish  (GAsyncResult         *result,
                                                 GError              **error);

void     schnack_secrets_lookup_password_async  (const char           *account_jid,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
char    *schnack_secrets_lookup_password_finish (GAsyncResult         *result,
                                                 GError              **error);

void     schnack_secrets_clear_password_async   (const char           *account_jid,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean schnack_secrets_clear_password_finish  (GAsyncResult         *result,
                                                 GError              **error);

void     schnack_secrets_password_free          (char                 *password);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchnackSecretsPassword, schnack_secrets_password_free)

G_END_DECLS
