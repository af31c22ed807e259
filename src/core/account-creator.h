/* account-creator.h — create an account on a server from inside Schnack
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/account-manager.h"
#include "core/registration-field.h"

G_BEGIN_DECLS

typedef enum {
  SCHNACK_ACCOUNT_CREATOR_IDLE,
  SCHNACK_ACCOUNT_CREATOR_CONNECTING,  /* reaching the server, fetching its form */
  SCHNACK_ACCOUNT_CREATOR_FORM,        /* fields ready to fill in */
  SCHNACK_ACCOUNT_CREATOR_SUBMITTING,
  SCHNACK_ACCOUNT_CREATOR_DONE,        /* created; #SchnackAccountCreator:account signs in */
  SCHNACK_ACCOUNT_CREATOR_FAILED,      /* cannot go on with this server: see error-message */
} SchnackAccountCreatorState;

GType schnack_account_creator_state_get_type (void) G_GNUC_CONST;
#define SCHNACK_TYPE_ACCOUNT_CREATOR_STATE (schnack_account_creator_state_get_type ())

#define SCHNACK_TYPE_ACCOUNT_CREATOR (schnack_account_creator_get_type ())
G_DECLARE_FINAL_TYPE (SchnackAccountCreator, schnack_account_creator, SCHNACK, ACCOUNT_CREATOR, GObject)

SchnackAccountCreator      *schnack_account_creator_new                  (SchnackAccountManager *manager);

void                        schnack_account_creator_set_server_settings  (SchnackAccountCreator *self,
                                                                          const char            *host,
                                                                          guint16                port,
                                                                          gboolean               direct_tls);
void                        schnack_account_creator_set_ca_file          (SchnackAccountCreator *self,
                                                                          const char            *ca_file);

void                        schnack_account_creator_start                (SchnackAccountCreator *self,
                                                                          const char            *domain);
void                        schnack_account_creator_submit               (SchnackAccountCreator *self,
                                                                          gboolean               remember_password);
void                        schnack_account_creator_trust_certificate    (SchnackAccountCreator *self,
                                                                          const char            *sha256_hex);
void                        schnack_account_creator_cancel               (SchnackAccountCreator *self);

SchnackAccountCreatorState  schnack_account_creator_get_state            (SchnackAccountCreator *self);
const char                 *schnack_account_creator_get_domain           (SchnackAccountCreator *self);
GListModel                 *schnack_account_creator_get_fields           (SchnackAccountCreator *self);
SchnackRegistrationField   *schnack_account_creator_find_field           (SchnackAccountCreator *self,
                                                                          SchnackRegistrationFieldKind kind);
const char                 *schnack_account_creator_get_instructions     (SchnackAccountCreator *self);
const char                 *schnack_account_creator_get_error_message    (SchnackAccountCreator *self);
const GError               *schnack_account_creator_get_error            (SchnackAccountCreator *self);
const char                 *schnack_account_creator_get_error_field      (SchnackAccountCreator *self);
const char                 *schnack_account_creator_get_web_registration_url (SchnackAccountCreator *self);
const char                 *schnack_account_creator_get_certificate_sha256 (SchnackAccountCreator *self);
const char                 *schnack_account_creator_get_certificate_subject (SchnackAccountCreator *self);
SchnackAccount             *schnack_account_creator_get_account          (SchnackAccountCreator *self);

G_END_DECLS
