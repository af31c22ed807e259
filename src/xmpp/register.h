/* register.h — in-band registration (XEP-0077)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xmpp/connection.h"
#include "xmpp/data-form.h"

G_BEGIN_DECLS

#define SCHNACK_REGISTER_ERROR (schnack_register_error_quark ())
GQuark schnack_register_error_quark (void);

typedef enum {
  SCHNACK_REGISTER_ERROR_USERNAME_TAKEN,     /* conflict */
  SCHNACK_REGISTER_ERROR_PASSWORD_REJECTED,  /* not-acceptable, policy-violation */
  SCHNACK_REGISTER_ERROR_CLOSED,             /* no sign-ups on this server */
  SCHNACK_REGISTER_ERROR_CAPTCHA_WRONG,
  SCHNACK_REGISTER_ERROR_TOO_MANY_ATTEMPTS,  /* resource-constraint */
  SCHNACK_REGISTER_ERROR_INVALID,            /* bad-request: a field missing or malformed */
  SCHNACK_REGISTER_ERROR_FAILED,
} SchnackRegisterError;

/* What the server asks for: XEP-0077's fixed fields, or a data form
 * (which then replaces them, §6), maybe with a CAPTCHA (XEP-0158). */
typedef struct {
  char            *instructions;
  gboolean         registered;      /* the account exists already (signed in) */
  GPtrArray       *legacy_fields;   /* element names: "username", "password", … */
  SchnackDataForm *form;            /* nullable */
  SchnackXmlNode  *query;           /* the whole <query/>: XEP-0231 data lives here */
  char            *oob_url;         /* jabber:x:oob: sign up on this web page */
} SchnackRegistrationForm;

void                     schnack_registration_form_free   (SchnackRegistrationForm *form);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchnackRegistrationForm, schnack_registration_form_free)

gboolean                 schnack_registration_form_has_captcha (const SchnackRegistrationForm *form);
gboolean                 schnack_registration_form_is_empty    (const SchnackRegistrationForm *form);

void                     schnack_register_request_form_async  (SchnackConnection   *connection,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
SchnackRegistrationForm *schnack_register_request_form_finish (GAsyncResult        *result,
                                                               GError             **error);

void                     schnack_register_submit_async        (SchnackConnection             *connection,
                                                               const SchnackRegistrationForm *form,
                                                               GHashTable                    *legacy_values,
                                                               GCancellable                  *cancellable,
                                                               GAsyncReadyCallback            callback,
                                                               gpointer                       user_data);
gboolean                 schnack_register_submit_finish       (GAsyncResult        *result,
                                                               GError             **error);

void                     schnack_register_change_password_async  (SchnackConnection   *connection,
                                                                  const char          *username,
                                                                  const char          *new_password,
                                                                  GCancellable        *cancellable,
                                                                  GAsyncReadyCallback  callback,
                                                                  gpointer             user_data);
gboolean                 schnack_register_change_password_finish (GAsyncResult        *result,
                                                                  GError             **error);

void                     schnack_register_remove_account_async  (SchnackConnection   *connection,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
gboolean                 schnack_register_remove_account_finish (GAsyncResult        *result,
                                                                 GError             **error);

G_END_DECLS
