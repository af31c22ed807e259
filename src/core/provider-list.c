/* provider-list.c — public XMPP providers to create an account with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list ships as data/providers.ini in the app's GResource, so the
 * account wizard works offline and the list is reviewed like code. Each
 * provider becomes a small read-only GObject so the UI can bind rows and
 * dropdowns to it directly. Entries keep the file's order: it is curated.
 */
#include "config.h"

#include "core/provider-list.h"

#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (schnack-provider-list-error-quark, schnack_provider_list_error)

SchnackProvider *
schnack_provider_copy (const SchnackProvider *provider)
{
  SchnackProvider *copy;

  g_return_val_if_fail (provider != NULL, NULL);

  copy = g_new0 (SchnackProvider, 1);
  copy->name = g_strdup (provider->name);
  copy->domain = g_strdup (provider->domain);
  copy->registration_url = g_strdup (provider->registration_url);
  copy->country = g_strdup (provider->country);
  copy->checked = g_strdup (provider->checked);
  copy->notes = g_strdup (provider->notes);
  copy->in_band_registration = provider->in_band_registration;
  return copy;
}

void
schnack_provider_free (SchnackProvider *provider)
{
  if (provider == NULL)
    return;
  g_free (provider->name);
  g_free (provider->domain);
  g_free (provider->registration_url);
  g_free (provider->country);
  g_free (provider->checked);
  g_free (provider->notes);
  g_free (provider);
}

G_DEFINE_BOXED_TYPE (SchnackProvider, schnack_provider, schnack_provider_copy, schnack_provider_free)

struct _SchnackProviderItem {
  GObject          parent_instance;

  SchnackProvider *provider;
};

G_DEFINE_FINAL_TYPE (SchnackProviderItem, schnack_provider_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_DOMAIN,
  PROP_IN_BAND_REGISTRATION,
  PROP_REGISTRATION_URL,
  PROP_COUNTRY,
  PROP_CHECKED,
  PROP_NOTES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
schnack_provider_item_finalize (GObject *object)
{
  SchnackProviderItem *self = SCHNACK_PROVIDER_ITEM (object);

  g_clear_pointer (&self->provider, schnack_provider_free);

  G_OBJECT_CLASS (schnack_provider_item_parent_class)->finalize (object);
}

static void
schnack_provider_item_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SchnackProviderItem *self = SCHNACK_PROVIDER_ITEM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->provider->name);
      break;
    case PROP_DOMAIN:
      g_value_set_string (value, self->provider->domain);
      break;
    case PROP_IN_BAND_REGISTRATION:
      g_value_set_boolean (value, self->provider->in_band_registration);
      break;
    case PROP_REGISTRATION_URL:
      g_value_set_string (value, self->provider->registration_url);
      break;
    case PROP_COUNTRY:
      g_value_set_string (value, self->provider->country);
      break;
    case PROP_CHECKED:
      g_value_set_string (value, self->provider->checked);
      break;
    case PROP_NOTES:
      g_value_set_string (value, self->provider->notes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_provider_item_class_init (SchnackProviderItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = schnack_provider_item_finalize;
  object_class->get_property = schnack_provider_item_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOMAIN] =
    g_param_spec_string ("domain", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IN_BAND_REGISTRATION] =
    g_param_spec_boolean ("in-band-registration", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGISTRATION_URL] =
    g_param_spec_string ("registration-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNTRY] =
    g_param_spec_string ("country", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHECKED] =
    g_param_spec_string ("checked", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schnack_provider_item_init (SchnackProviderItem *self)
{
}

SchnackProviderItem *
schnack_provider_item_new (const SchnackProvider *provider)
{
  SchnackProviderItem *self;

  g_return_val_if_fail (provider != NULL, NULL);

  self = g_object_new (SCHNACK_TYPE_PROVIDER_ITEM, NULL);
  self->provider = schnack_provider_copy (provider);
  return self;
}

const SchnackProvider *
schnack_provider_item_get_provider (SchnackProviderItem *self)
{
  g_return_val_if_fail (SCHNACK_IS_PROVIDER_ITEM (self), NULL);
  return self->provider;
}

const char *
schnack_provider_item_get_name (SchnackProviderItem *self)
{
  g_return_val_if_fail (SCHNACK_IS_PROVIDER_ITEM (self), NULL);
  return self->provider->name;
}

const char *
schnack_provider_item_get_domain (SchnackProviderItem *self)
{
  g_return_val_if_fail (SCHNACK_IS_PROVIDER_ITEM (self), NULL);
  return self->provider->domain;
}

gboolean
schnack_provider_item_get_in_band_registration (SchnackProviderItem *self)
{
  g_return_val_if_fail (SCHNACK_IS_PROVIDER_ITEM (self), FALSE);
  return self->provider->in_band_registration;
}

const char *
schnack_provider_item_get_registration_url (SchnackProviderItem *self)
{
  g_return_val_if_fail (SCHNACK_IS_PROVIDER_ITEM (self), NULL);
  return self->provider->registration_url;
}

const char *
schnack_provider_item_get_country (SchnackProviderItem *self)
{
  g_return_val_if_fail (SCHNACK_IS_PROVIDER_ITEM (self), NULL);
  return self->provider->country;
}

const char *
schnack_provider_item_get_checked (SchnackProviderItem *self)
{
  g_return_val_if_fail (SCHNACK_IS_PROVIDER_ITEM (self), NULL);
  return self->provider->checked;
}

const char *
schnack_provider_item_get_notes (SchnackProviderItem *self)
{
  g_return_val_if_fail (SCHNACK_IS_PROVIDER_ITEM (self), NULL);
  return self->provider->notes;
}

/* A missing or blank key is NULL, so the UI has one case to handle. */
static char *
dup_value (GKeyFile   *keyfile,
           const char *group,
           const char *key,
           gboolean    localized)
{
  g_autofree char *value = NULL;

  if (localized)
    value = g_key_file_get_locale_string (keyfile, group, key, NULL, NULL);
  else
    value = g_key_file_get_string (keyfile, group, key, NULL);

  if (value == NULL || *g_strstrip (value) == '\0')
    return NULL;
  return g_steal_pointer (&value);
}

static SchnackProvider *
provider_from_group (GKeyFile    *keyfile,
                     const char  *group,
                     GError     **error)
{
  g_autoptr(SchnackProvider) provider = g_new0 (SchnackProvider, 1);
  g_autoptr(GError) local_error = NULL;

  provider->domain = dup_value (keyfile, group, "Domain", FALSE);
  if (provider->domain == NULL)
    {
      g_set_error (error, SCHNACK_PROVIDER_LIST_ERROR, SCHNACK_PROVIDER_LIST_ERROR_INVALID,
                   _("The provider “%s” in the provider list has no domain."), group);
      return NULL;
    }

  provider->in_band_registration = g_key_file_get_boolean (keyfile, group, "InBandRegistration", &local_error);
  if (local_error != NULL && !g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
    {
      g_set_error (error, SCHNACK_PROVIDER_LIST_ERROR, SCHNACK_PROVIDER_LIST_ERROR_INVALID,
                   _("The provider “%s” in the provider list is invalid: %s"),
                   group, local_error->message);
      return NULL;
    }

  provider->name = dup_value (keyfile, group, "Name", TRUE);
  if (provider->name == NULL)
    provider->name = g_strdup (provider->domain);
  provider->registration_url = dup_value (keyfile, group, "RegistrationUrl", FALSE);
  /* The UI opens this in a browser: never anything but a web page. */
  if (provider->registration_url != NULL &&
      g_ascii_strncasecmp (provider->registration_url, "https://", 8) != 0)
    g_clear_pointer (&provider->registration_url, g_free);
  provider->country = dup_value (keyfile, group, "Country", FALSE);
  provider->checked = dup_value (keyfile, group, "Checked", FALSE);
  provider->notes = dup_value (keyfile, group, "Notes", TRUE);

  return g_steal_pointer (&provider);
}

/**
 * schnack_provider_list_new_from_data:
 * @data: a providers.ini, see data/providers.ini for the keys
 *
 * Returns: (transfer full): a list of #SchnackProviderItem, in file order
 */
GListModel *
schnack_provider_list_new_from_data (const char  *data,
                                     gsize        len,
                                     GError     **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GListStore) store = g_list_store_new (SCHNACK_TYPE_PROVIDER_ITEM);
  g_auto(GStrv) groups = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_key_file_load_from_data (keyfile, data, len, G_KEY_FILE_NONE, error))
    return NULL;

  groups = g_key_file_get_groups (keyfile, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autoptr(SchnackProvider) provider = provider_from_group (keyfile, groups[i], error);
      g_autoptr(SchnackProviderItem) item = NULL;

      if (provider == NULL)
        return NULL;
      item = schnack_provider_item_new (provider);
      g_list_store_append (store, item);
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/* The list the app ships; the resource is compiled into the UI library. */
GListModel *
schnack_provider_list_new_from_resource (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize len = 0;
  const char *data;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_resources_lookup_data (SCHNACK_PROVIDER_LIST_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  return schnack_provider_list_new_from_data (data, len, error);
}
