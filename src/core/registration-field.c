/* registration-field.c — one field of a sign-up form, for the UI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Servers ask for sign-up data in two shapes (XEP-0077's fixed fields,
 * or a XEP-0004 data form, sometimes with a CAPTCHA). The account creator
 * turns both into these objects so the wizard renders one kind of list.
 */
#include "config.h"

#include "core/registration-field.h"
#include "schnack-utils.h"

struct _SchnackRegistrationField {
  GObject                       parent_instance;
  char                         *var;
  SchnackRegistrationFieldKind  kind;
  char                         *label;
  char                         *description;
  gboolean                      required;
  char                         *value;
  GStrv                         choice_labels;
  GStrv                         choice_values;
  GBytes                       *image;
  char                         *image_url;
};

G_DEFINE_FINAL_TYPE (SchnackRegistrationField, schnack_registration_field, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (SchnackRegistrationFieldKind, schnack_registration_field_kind,
                    G_DEFINE_ENUM_VALUE (SCHNACK_REGISTRATION_FIELD_USERNAME, "username"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_REGISTRATION_FIELD_PASSWORD, "password"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_REGISTRATION_FIELD_EMAIL, "email"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_REGISTRATION_FIELD_TEXT, "text"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_REGISTRATION_FIELD_SECRET, "secret"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_REGISTRATION_FIELD_MULTILINE, "multiline"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_REGISTRATION_FIELD_BOOLEAN, "boolean"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_REGISTRATION_FIELD_CHOICE, "choice"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_REGISTRATION_FIELD_INFO, "info"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_REGISTRATION_FIELD_CAPTCHA, "captcha"))

enum {
  PROP_0,
  PROP_VAR,
  PROP_KIND,
  PROP_LABEL,
  PROP_DESCRIPTION,
  PROP_REQUIRED,
  PROP_VALUE,
  PROP_IMAGE,
  PROP_IMAGE_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
schnack_registration_field_finalize (GObject *object)
{
  SchnackRegistrationField *self = SCHNACK_REGISTRATION_FIELD (object);

  g_free (self->var);
  g_free (self->label);
  g_free (self->description);
  g_free (self->value);
  g_strfreev (self->choice_labels);
  g_strfreev (self->choice_values);
  g_clear_pointer (&self->image, g_bytes_unref);
  g_free (self->image_url);

  G_OBJECT_CLASS (schnack_registration_field_parent_class)->finalize (object);
}

static void
schnack_registration_field_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  SchnackRegistrationField *self = SCHNACK_REGISTRATION_FIELD (object);

  switch (prop_id)
    {
    case PROP_VAR:
      g_value_set_string (value, self->var);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_REQUIRED:
      g_value_set_boolean (value, self->required);
      break;
    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;
    case PROP_IMAGE:
      g_value_set_boxed (value, self->image);
      break;
    case PROP_IMAGE_URL:
      g_value_set_string (value, self->image_url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_registration_field_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  SchnackRegistrationField *self = SCHNACK_REGISTRATION_FIELD (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      schnack_registration_field_set_value (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_registration_field_class_init (SchnackRegistrationFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = schnack_registration_field_finalize;
  object_class->get_property = schnack_registration_field_get_property;
  object_class->set_property = schnack_registration_field_set_property;

  properties[PROP_VAR] =
    g_param_spec_string ("var", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, SCHNACK_TYPE_REGISTRATION_FIELD_KIND,
                       SCHNACK_REGISTRATION_FIELD_TEXT, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUIRED] =
    g_param_spec_boolean ("required", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMAGE] =
    g_param_spec_boxed ("image", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMAGE_URL] =
    g_param_spec_string ("image-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schnack_registration_field_init (SchnackRegistrationField *self)
{
}

SchnackRegistrationField *
schnack_registration_field_new (const char                   *var,
                                SchnackRegistrationFieldKind  kind,
                                const char                   *label)
{
  SchnackRegistrationField *self = g_object_new (SCHNACK_TYPE_REGISTRATION_FIELD, NULL);

  self->var = g_strdup (var);
  self->kind = kind;
  self->label = g_strdup (label != NULL ? label : var);
  return self;
}

const char *
schnack_registration_field_get_var (SchnackRegistrationField *self)
{
  g_return_val_if_fail (SCHNACK_IS_REGISTRATION_FIELD (self), NULL);
  return self->var;
}

SchnackRegistrationFieldKind
schnack_registration_field_get_kind (SchnackRegistrationField *self)
{
  g_return_val_if_fail (SCHNACK_IS_REGISTRATION_FIELD (self), SCHNACK_REGISTRATION_FIELD_TEXT);
  return self->kind;
}

const char *
schnack_registration_field_get_label (SchnackRegistrationField *self)
{
  g_return_val_if_fail (SCHNACK_IS_REGISTRATION_FIELD (self), NULL);
  return self->label;
}

const char *
schnack_registration_field_get_description (SchnackRegistrationField *self)
{
  g_return_val_if_fail (SCHNACK_IS_REGISTRATION_FIELD (self), NULL);
  return self->description;
}

void
schnack_registration_field_set_description (SchnackRegistrationField *self,
                                            const char               *description)
{
  g_return_if_fail (SCHNACK_IS_REGISTRATION_FIELD (self));
  if (schnack_set_str (&self->description, description))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

gboolean
schnack_registration_field_get_required (SchnackRegistrationField *self)
{
  g_return_val_if_fail (SCHNACK_IS_REGISTRATION_FIELD (self), FALSE);
  return self->required;
}

void
schnack_registration_field_set_required (SchnackRegistrationField *self,
                                         gboolean                  required)
{
  g_return_if_fail (SCHNACK_IS_REGISTRATION_FIELD (self));
  if (self->required == !!required)
    return;
  self->required = !!required;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUIRED]);
}

const char *
schnack_registration_field_get_value (SchnackRegistrationField *self)
{
  g_return_val_if_fail (SCHNACK_IS_REGISTRATION_FIELD (self), NULL);
  return self->value;
}

void
schnack_registration_field_set_value (SchnackRegistrationField *self,
                                      const char               *value)
{
  g_return_if_fail (SCHNACK_IS_REGISTRATION_FIELD (self));
  if (schnack_set_str (&self->value, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

const char * const *
schnack_registration_field_get_choice_labels (SchnackRegistrationField *self)
{
  g_return_val_if_fail (SCHNACK_IS_REGISTRATION_FIELD (self), NULL);
  return (const char * const *) self->choice_labels;
}

const char * const *
schnack_registration_field_get_choice_values (SchnackRegistrationField *self)
{
  g_return_val_if_fail (SCHNACK_IS_REGISTRATION_FIELD (self), NULL);
  return (const char * const *) self->choice_values;
}

void
schnack_registration_field_set_choices (SchnackRegistrationField *self,
                                        const char * const       *labels,
                                        const char * const       *values)
{
  g_return_if_fail (SCHNACK_IS_REGISTRATION_FIELD (self));
  g_return_if_fail (g_strv_length ((GStrv) labels) == g_strv_length ((GStrv) values));

  g_strfreev (self->choice_labels);
  g_strfreev (self->choice_values);
  self->choice_labels = g_strdupv ((GStrv) labels);
  self->choice_values = g_strdupv ((GStrv) values);
}

/**
 * schnack_registration_field_get_image:
 * Returns: (transfer none) (nullable): the CAPTCHA picture's bytes
 */
GBytes *
schnack_registration_field_get_image (SchnackRegistrationField *self)
{
  g_return_val_if_fail (SCHNACK_IS_REGISTRATION_FIELD (self), NULL);
  return self->image;
}

const char *
schnack_registration_field_get_image_url (SchnackRegistrationField *self)
{
  g_return_val_if_fail (SCHNACK_IS_REGISTRATION_FIELD (self), NULL);
  return self->image_url;
}

void
schnack_registration_field_set_image (SchnackRegistrationField *self,
                                      GBytes                   *image,
                                      const char               *image_url)
{
  g_return_if_fail (SCHNACK_IS_REGISTRATION_FIELD (self));

  g_clear_pointer (&self->image, g_bytes_unref);
  self->image = image != NULL ? g_bytes_ref (image) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE]);
  if (schnack_set_str (&self->image_url, image_url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE_URL]);
}
