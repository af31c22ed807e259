/* server-address.h — where to connect for a Jabber ID's domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  char    *ip;      /* a numeric address: libstrophe must never resolve */
  guint16  port;
} SchnackServerAddress;

void       schnack_server_address_free           (SchnackServerAddress *address);

void       schnack_server_address_resolve_async  (const char          *domain,
                                                  const char          *host_override,
                                                  guint16              port_override,
                                                  gboolean             direct_tls,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray *schnack_server_address_resolve_finish (GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
