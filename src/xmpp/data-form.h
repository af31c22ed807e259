/* data-form.h — XEP-0004 data forms, with XEP-0221 media for CAPTCHAs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xmpp/xml-node.h"

G_BEGIN_DECLS

#define SCHNACK_DATA_FORM_NS  "jabber:x:data"
#define SCHNACK_MEDIA_NS      "urn:xmpp:media-element"
#define SCHNACK_BOB_NS        "urn:xmpp:bob"

#define SCHNACK_DATA_FORM_ERROR (schnack_data_form_error_quark ())
GQuark schnack_data_form_error_quark (void);

typedef enum {
  SCHNACK_DATA_FORM_ERROR_INVALID,
} SchnackDataFormError;

typedef enum {
  SCHNACK_DATA_FORM_TYPE_FORM,
  SCHNACK_DATA_FORM_TYPE_SUBMIT,
  SCHNACK_DATA_FORM_TYPE_CANCEL,
  SCHNACK_DATA_FORM_TYPE_RESULT,
} SchnackDataFormType;

typedef enum {
  SCHNACK_FORM_FIELD_BOOLEAN,
  SCHNACK_FORM_FIELD_FIXED,
  SCHNACK_FORM_FIELD_HIDDEN,
  SCHNACK_FORM_FIELD_JID_MULTI,
  SCHNACK_FORM_FIELD_JID_SINGLE,
  SCHNACK_FORM_FIELD_LIST_MULTI,
  SCHNACK_FORM_FIELD_LIST_SINGLE,
  SCHNACK_FORM_FIELD_TEXT_MULTI,
  SCHNACK_FORM_FIELD_TEXT_PRIVATE,
  SCHNACK_FORM_FIELD_TEXT_SINGLE,
} SchnackFormFieldType;

typedef struct {
  char *label;       /* NULL: show the value */
  char *value;
} SchnackFormOption;

/* One <uri/> of a XEP-0221 <media/> element. */
typedef struct {
  char *uri;         /* "cid:…" (XEP-0231), "http(s):…", … */
  char *type;        /* MIME type, NULL if not given */
} SchnackFormMediaUri;

typedef struct {
  char                 *var;           /* NULL only for fixed fields */
  SchnackFormFieldType  type;
  char                 *label;
  char                 *desc;
  gboolean              required;
  GStrv                 values;        /* never NULL; may be empty */
  GPtrArray            *options;       /* SchnackFormOption */
  GPtrArray            *media;         /* SchnackFormMediaUri */
  guint                 media_width;   /* 0 when not given */
  guint                 media_height;
} SchnackFormField;

/* Read the fields freely; change values only through the setters below,
 * which keep them in the shape build_submit() expects. */
typedef struct {
  SchnackDataFormType  type;
  char                *title;
  char                *instructions;   /* all <instructions/>, one per line */
  GPtrArray           *fields;         /* SchnackFormField, in order */
} SchnackDataForm;

GType             schnack_data_form_get_type       (void) G_GNUC_CONST;
#define SCHNACK_TYPE_DATA_FORM (schnack_data_form_get_type ())

SchnackDataForm  *schnack_data_form_parse          (const SchnackXmlNode *x,
                                                    GError              **error);
SchnackDataForm  *schnack_data_form_ref            (SchnackDataForm      *form);
void              schnack_data_form_unref          (SchnackDataForm      *form);

const char       *schnack_data_form_get_form_type  (const SchnackDataForm *form);
SchnackFormField *schnack_data_form_find_field     (const SchnackDataForm *form,
                                                    const char            *var);

gboolean          schnack_data_form_set_value      (SchnackDataForm      *form,
                                                    const char           *var,
                                                    const char           *value);
gboolean          schnack_data_form_set_values     (SchnackDataForm      *form,
                                                    const char           *var,
                                                    const char * const   *values);
gboolean          schnack_data_form_set_boolean    (SchnackDataForm      *form,
                                                    const char           *var,
                                                    gboolean              value);

gboolean          schnack_data_form_validate       (const SchnackDataForm *form,
                                                    char                **out_missing_label);
SchnackXmlNode   *schnack_data_form_build_submit   (const SchnackDataForm *form);

const char       *schnack_form_field_get_value     (const SchnackFormField *field);
gboolean          schnack_form_field_get_boolean   (const SchnackFormField *field);
char             *schnack_form_field_dup_text      (const SchnackFormField *field);
const char       *schnack_form_field_get_media_cid (const SchnackFormField *field,
                                                    const char            **out_type);

GBytes           *schnack_bob_data_find            (const SchnackXmlNode  *parent,
                                                    const char            *cid,
                                                    char                 **out_type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchnackDataForm, schnack_data_form_unref)

G_END_DECLS
