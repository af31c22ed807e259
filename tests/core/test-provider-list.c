/* test-provider-list.c — the shipped provider list loads and is sound
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/provider-list.h"

#include <string.h>

static const char sample[] =
  "# a comment\n"
  "[one.example]\n"
  "Name=One\n"
  "Name[de]=Eins\n"
  "Domain=one.example\n"
  "InBandRegistration=true\n"
  "Country=DE\n"
  "Checked=2025-01-01\n"
  "Notes=First\n"
  "Notes[de]=Erster\n"
  "\n"
  "[two.example]\n"
  "Domain=  two.example  \n"
  "InBandRegistration=false\n"
  "RegistrationUrl=https://two.example/signup\n"
  "Checked=2024-12-31\n"
  "\n"
  "[three.example]\n"
  "Domain=three.example\n"
  "RegistrationUrl=javascript:alert(1)\n"
  "Notes=\n";

static SchnackProviderItem *
get_item (GListModel *list,
          guint       position)
{
  g_autoptr(SchnackProviderItem) item = g_list_model_get_item (list, position);

  g_assert_nonnull (item);
  /* The list keeps its own reference. */
  return item;
}

static void
test_from_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = schnack_provider_list_new_from_data (sample, strlen (sample), &error);
  g_autofree char *name = NULL;
  g_autofree char *url = NULL;
  SchnackProviderItem *item;
  gboolean in_band = FALSE;

  g_assert_no_error (error);
  g_assert_true (g_list_model_get_item_type (list) == SCHNACK_TYPE_PROVIDER_ITEM);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 3);

  /* The tests run in C.UTF-8: untranslated values. */
  item = get_item (list, 0);
  g_assert_cmpstr (schnack_provider_item_get_name (item), ==, "One");
  g_assert_cmpstr (schnack_provider_item_get_domain (item), ==, "one.example");
  g_assert_true (schnack_provider_item_get_in_band_registration (item));
  g_assert_null (schnack_provider_item_get_registration_url (item));
  g_assert_cmpstr (schnack_provider_item_get_country (item), ==, "DE");
  g_assert_cmpstr (schnack_provider_item_get_checked (item), ==, "2025-01-01");
  g_assert_cmpstr (schnack_provider_item_get_notes (item), ==, "First");
  g_assert_cmpstr (schnack_provider_item_get_provider (item)->domain, ==, "one.example");

  /* Properties, as the UI binds them. */
  item = get_item (list, 1);
  g_object_get (item, "name", &name, "registration-url", &url, "in-band-registration", &in_band, NULL);
  g_assert_cmpstr (name, ==, "two.example");
  g_assert_cmpstr (url, ==, "https://two.example/signup");
  g_assert_false (in_band);
  g_assert_cmpstr (schnack_provider_item_get_domain (item), ==, "two.example");
  g_assert_null (schnack_provider_item_get_country (item));
  g_assert_null (schnack_provider_item_get_notes (item));

  /* No InBandRegistration means false; a URL that is not https is dropped. */
  item = get_item (list, 2);
  g_assert_false (schnack_provider_item_get_in_band_registration (item));
  g_assert_null (schnack_provider_item_get_registration_url (item));
  g_assert_null (schnack_provider_item_get_notes (item));
  g_assert_null (schnack_provider_item_get_checked (item));
}

static void
test_translated (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autofree char *old_language = g_strdup (g_getenv ("LANGUAGE"));
  SchnackProviderItem *item;

  /* g_get_language_names() caches per value of these variables. */
  g_setenv ("LANGUAGE", "de", TRUE);
  list = schnack_provider_list_new_from_data (sample, strlen (sample), &error);
  g_assert_no_error (error);
  item = get_item (list, 0);
  g_assert_cmpstr (schnack_provider_item_get_name (item), ==, "Eins");
  g_assert_cmpstr (schnack_provider_item_get_notes (item), ==, "Erster");

  if (old_language != NULL)
    g_setenv ("LANGUAGE", old_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

static void
test_invalid (void)
{
  static const char no_domain[] = "[broken]\nName=Broken\nInBandRegistration=true\n";
  static const char bad_boolean[] = "[x.example]\nDomain=x.example\nInBandRegistration=maybe\n";
  static const char not_ini[] = "this is not a key file\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;

  list = schnack_provider_list_new_from_data (no_domain, strlen (no_domain), &error);
  g_assert_error (error, SCHNACK_PROVIDER_LIST_ERROR, SCHNACK_PROVIDER_LIST_ERROR_INVALID);
  g_assert_null (list);
  g_clear_error (&error);

  list = schnack_provider_list_new_from_data (bad_boolean, strlen (bad_boolean), &error);
  g_assert_error (error, SCHNACK_PROVIDER_LIST_ERROR, SCHNACK_PROVIDER_LIST_ERROR_INVALID);
  g_assert_null (list);
  g_clear_error (&error);

  list = schnack_provider_list_new_from_data (not_ini, strlen (not_ini), &error);
  g_assert_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE);
  g_assert_null (list);
  g_clear_error (&error);

  list = schnack_provider_list_new_from_data ("", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
  g_clear_object (&list);

  /* The core alone has no resources: an error, not a crash. */
  list = schnack_provider_list_new_from_resource (&error);
  g_assert_error (error, G_RESOURCE_ERROR, G_RESOURCE_ERROR_NOT_FOUND);
  g_assert_null (list);
}

/* RFC 1123 host name, with at least one dot: what a JID's domain must be
 * for a public provider. */
static gboolean
is_hostname (const char *name)
{
  g_auto(GStrv) labels = NULL;
  guint n;

  if (name == NULL || strlen (name) > 253)
    return FALSE;
  labels = g_strsplit (name, ".", -1);
  n = g_strv_length (labels);
  if (n < 2)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      gsize len = strlen (labels[i]);

      if (len == 0 || len > 63 || labels[i][0] == '-' || labels[i][len - 1] == '-')
        return FALSE;
      for (gsize j = 0; j < len; j++)
        if (!g_ascii_islower (labels[i][j]) && !g_ascii_isdigit (labels[i][j]) && labels[i][j] != '-')
          return FALSE;
    }
  /* The top-level domain is not numeric. */
  return !g_ascii_isdigit (labels[n - 1][0]);
}

static gboolean
is_iso_date (const char *text)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *iso = NULL;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  iso = g_strdup_printf ("%sT00:00:00Z", text);
  date = g_date_time_new_from_iso8601 (iso, NULL);
  return date != NULL;
}

static void
test_shipped_list (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "providers.ini", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GHashTable) domains = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = NULL;
  gsize len = 0;
  guint n;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);

  list = schnack_provider_list_new_from_data (contents, len, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (list);
  g_assert_cmpuint (n, >=, 6);

  for (guint i = 0; i < n; i++)
    {
      SchnackProviderItem *item = get_item (list, i);
      const char *domain = schnack_provider_item_get_domain (item);
      const char *url = schnack_provider_item_get_registration_url (item);
      const char *country = schnack_provider_item_get_country (item);

      g_test_message ("provider %s", domain);
      g_assert_true (is_hostname (domain));
      g_assert_true (g_hash_table_add (domains, (gpointer) domain));
      g_assert_true (is_iso_date (schnack_provider_item_get_checked (item)));
      g_assert_nonnull (schnack_provider_item_get_name (item));
      if (!schnack_provider_item_get_in_band_registration (item))
        {
          g_assert_nonnull (url);
          g_assert_true (g_str_has_prefix (url, "https://"));
        }
      if (url != NULL)
        g_assert_true (g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL));
      if (country != NULL)
        {
          g_assert_cmpuint (strlen (country), ==, 2);
          g_assert_true (g_ascii_isupper (country[0]) && g_ascii_isupper (country[1]));
        }
    }

  /* The raw file too: the loader forgives what the file must not do. */
  g_assert_true (g_key_file_load_from_data (keyfile, contents, len, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  groups = g_key_file_get_groups (keyfile, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *url = g_key_file_get_string (keyfile, groups[i], "RegistrationUrl", NULL);
      g_autofree char *in_band = g_key_file_get_string (keyfile, groups[i], "InBandRegistration", NULL);

      g_assert_true (g_strcmp0 (in_band, "true") == 0 || g_strcmp0 (in_band, "false") == 0);
      if (url != NULL)
        g_assert_true (g_str_has_prefix (url, "https://"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/provider-list/from-data", test_from_data);
  g_test_add_func ("/provider-list/translated", test_translated);
  g_test_add_func ("/provider-list/invalid", test_invalid);
  g_test_add_func ("/provider-list/shipped", test_shipped_list);
  return g_test_run ();
}
