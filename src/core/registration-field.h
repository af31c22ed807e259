/* registration-field.h — one field of a sign-up form, for the UI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  SCHNACK_REGISTRATION_FIELD_USERNAME,   /* the account's user name */
  SCHNACK_REGISTRATION_FIELD_PASSWORD,   /* the new password (ask twice) */
  SCHNACK_REGISTRATION_FIELD_EMAIL,
  SCHNACK_REGISTRATION_FIELD_TEXT,       /* any other one-line text */
  SCHNACK_REGISTRATION_FIELD_SECRET,     /* any other hidden text */
  SCHNACK_REGISTRATION_FIELD_MULTILINE,
  SCHNACK_REGISTRATION_FIELD_BOOLEAN,    /* value "1" or "0" */
  SCHNACK_REGISTRATION_FIELD_CHOICE,     /* one of choice-values */
  SCHNACK_REGISTRATION_FIELD_INFO,       /* text to show, nothing to enter */
  SCHNACK_REGISTRATION_FIELD_CAPTCHA,    /* type what the image shows */
} SchnackRegistrationFieldKind;

GType schnack_registration_field_kind_get_type (void) G_GNUC_CONST;
#define SCHNACK_TYPE_REGISTRATION_FIELD_KIND (schnack_registration_field_kind_get_type ())

#define SCHNACK_TYPE_REGISTRATION_FIELD (schnack_registration_field_get_type ())
G_DECLARE_FINAL_TYPE (SchnackRegistrationField, schnack_registration_field, SCHNACK, REGISTRATION_FIELD, GObject)

SchnackRegistrationField     *schnack_registration_field_new              (const char                   *var,
                                                                            SchnackRegistrationFieldKind  kind,
                                                                            const char                   *label);
const char                   *schnack_registration_field_get_var          (SchnackRegistrationField *self);
SchnackRegistrationFieldKind  schnack_registration_field_get_kind         (SchnackRegistrationField *self);
const char                   *schnack_registration_field_get_label        (SchnackRegistrationField *self);
const char                   *schnack_registration_field_get_description  (SchnackRegistrationField *self);
void                          schnack_registration_field_set_description  (SchnackRegistrationField *self,
                                                                            const char               *description);
gboolean                      schnack_registration_field_get_required     (SchnackRegistrationField *self);
void                          schnack_registration_field_set_required     (SchnackRegistrationField *self,
                                                                            gboolean                  required);
const char                   *schnack_registration_field_get_value        (SchnackRegistrationField *self);
void                          schnack_registration_field_set_value        (SchnackRegistrationField *self,
                                                                            const char               *value);
const char * const           *schnack_registration_field_get_choice_labels (SchnackRegistrationField *self);
const char * const           *schnack_registration_field_get_choice_values (SchnackRegistrationField *self);
void                          schnack_registration_field_set_choices      (SchnackRegistrationField *self,
                                                                            const char * const       *labels,
                                                                            const char * const       *values);
GBytes                       *schnack_registration_field_get_image        (SchnackRegistrationField *self);
const char                   *schnack_registration_field_get_image_url    (SchnackRegistrationField *self);
void                          schnack_registration_field_set_image        (SchnackRegistrationField *self,
                                                                            GBytes                   *image,
                                                                            const char               *image_url);

G_END_DECLS
