/* settings.c — Schnack's GSettings, when their schema is installed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * g_settings_new() aborts the program when the schema is missing, which
 * happens when Schnack runs from a build tree without
 * GSETTINGS_SCHEMA_DIR. Then every setting keeps its default and the
 * switches for them are hidden.
 */
#include "config.h"

#include "ui/settings.h"

/**
 * schnack_settings_new:
 *
 * Returns: (transfer full) (nullable): the settings, or %NULL when the
 * schema is not installed
 */
GSettings *
schnack_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_message ("The settings schema %s is not installed; using the defaults", APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}
