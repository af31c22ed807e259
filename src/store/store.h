/* store.h — the SQLite database behind Schnack's accounts and history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The schema this code writes. Bump it together with a new entry in the
 * migrations table in store.c, never edit an old entry. */
#define SCHNACK_STORE_SCHEMA_VERSION 10

#define SCHNACK_STORE_ERROR (schnack_store_error_quark ())

typedef enum
{
  SCHNACK_STORE_ERROR_OPEN,
  SCHNACK_STORE_ERROR_SCHEMA_TOO_NEW,
  SCHNACK_STORE_ERROR_MIGRATION,
  SCHNACK_STORE_ERROR_QUERY,
  SCHNACK_STORE_ERROR_NOT_FOUND,
  SCHNACK_STORE_ERROR_EXISTS,
} SchnackStoreError;

#define SCHNACK_TYPE_STORE (schnack_store_get_type ())

G_DECLARE_FINAL_TYPE (SchnackStore, schnack_store, SCHNACK, STORE, GObject)

GQuark        schnack_store_error_quark        (void);
char         *schnack_store_default_path       (void);
SchnackStore *schnack_store_open               (const char    *path,
                                                GError       **error);
const char   *schnack_store_get_path           (SchnackStore  *self);
int           schnack_store_get_schema_version (SchnackStore  *self);

G_END_DECLS
