/* provider-list.h — public XMPP providers to create an account with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SCHNACK_PROVIDER_LIST_RESOURCE "/io/github/schnack/Schnack/providers.ini"

#define SCHNACK_PROVIDER_LIST_ERROR (schnack_provider_list_error_quark ())
GQuark schnack_provider_list_error_quark (void);

typedef enum {
  SCHNACK_PROVIDER_LIST_ERROR_INVALID,
} SchnackProviderListError;

typedef struct {
  char     *name;
  char     *domain;
  char     *registration_url;   /* NULL if none */
  char     *country;            /* ISO 3166-1 alpha-2, NULL if unknown */
  char     *checked;            /* YYYY-MM-DD */
  char     *notes;              /* translated when the file has it, or NULL */
  gboolean  in_band_registration;
} SchnackProvider;

GType            schnack_provider_get_type (void) G_GNUC_CONST;
#define SCHNACK_TYPE_PROVIDER (schnack_provider_get_type ())

SchnackProvider *schnack_provider_copy     (const SchnackProvider *provider);
void             schnack_provider_free     (SchnackProvider       *provider);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchnackProvider, schnack_provider_free)

#define SCHNACK_TYPE_PROVIDER_ITEM (schnack_provider_item_get_type ())
G_DECLARE_FINAL_TYPE (SchnackProviderItem, schnack_provider_item, SCHNACK, PROVIDER_ITEM, GObject)

SchnackProviderItem   *schnack_provider_item_new                      (const SchnackProvider *provider);
const SchnackProvider *schnack_provider_item_get_provider             (SchnackProviderItem   *self);
const char            *schnack_provider_item_get_name                 (SchnackProviderItem   *self);
const char            *schnack_provider_item_get_domain               (SchnackProviderItem   *self);
gboolean               schnack_provider_item_get_in_band_registration (SchnackProviderItem   *self);
const char            *schnack_provider_item_get_registration_url     (SchnackProviderItem   *self);
const char            *schnack_provider_item_get_country              (SchnackProviderItem   *self);
const char            *schnack_provider_item_get_checked              (SchnackProviderItem   *self);
const char            *schnack_provider_item_get_notes                (SchnackProviderItem   *self);

GListModel *schnack_provider_list_new_from_resource (GError     **error);
GListModel *schnack_provider_list_new_from_data     (const char  *data,
                                                     gsize        len,
                                                     GError     **error);

G_END_DECLS
