/* server-address.c — where to connect for a Jabber ID's domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libstrophe resolves names with blocking res_query()/getaddrinfo().
 * We resolve with GResolver instead (its own worker threads) and hand
 * libstrophe numeric addresses only, in RFC 6120 §3.2 order: the SRV
 * targets of _xmpp-client._tcp (or _xmpps-client._tcp for direct TLS,
 * XEP-0368) by priority and weight, else the domain itself on the
 * default port. The TLS certificate is still checked against the JID's
 * domain, so connecting by IP loses no security.
 */
#include "config.h"

#include "xmpp/server-address.h"

#define XMPP_CLIENT_PORT 5222
#define XMPPS_CLIENT_PORT 5223

typedef struct {
  GList     *targets;        /* GSrvTarget, in connection order */
  GList     *next_target;
  GPtrArray *addresses;      /* SchnackServerAddress */
  GError    *last_error;
  char      *domain;
  gboolean   direct_tls;
} ResolveData;

static void
resolve_data_free (ResolveData *data)
{
  g_list_free_full (data->targets, (GDestroyNotify) g_srv_target_free);
  g_clear_pointer (&data->addresses, g_ptr_array_unref);
  g_clear_error (&data->last_error);
  g_free (data->domain);
  g_free (data);
}

void
schnack_server_address_free (SchnackServerAddress *address)
{
  if (address == NULL)
    return;
  g_free (address->ip);
  g_free (address);
}

static void resolve_next_target (GTask *task);

static void
on_target_resolved (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ResolveData *data = g_task_get_task_data (task);
  GSrvTarget *target = data->next_target->data;
  g_autoptr(GError) error = NULL;
  GList *inet_addresses;

  inet_addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (error != NULL)
    {
      g_clear_error (&data->last_error);
      data->last_error = g_steal_pointer (&error);
    }

  for (GList *l = inet_addresses; l != NULL; l = l->next)
    {
      SchnackServerAddress *address = g_new0 (SchnackServerAddress, 1);

      address->ip = g_inet_address_to_string (l->data);
      address->port = g_srv_target_get_port (target);
      g_ptr_array_add (data->addresses, address);
    }
  g_resolver_free_addresses (inet_addresses);

  data->next_target = data->next_target->next;
  resolve_next_target (g_steal_pointer (&task));
}

static void
resolve_next_target (GTask *task)
{
  ResolveData *data = g_task_get_task_data (task);
  GSrvTarget *target;

  if (data->next_target == NULL)
    {
      if (data->addresses->len > 0)
        g_task_return_pointer (task, g_ptr_array_ref (data->addresses),
                               (GDestroyNotify) g_ptr_array_unref);
      else if (data->last_error != NULL)
        g_task_return_error (task, g_steal_pointer (&data->last_error));
      else
        g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                                 "no addresses");
      g_object_unref (task);
      return;
    }

  target = data->next_target->data;
  if (g_hostname_is_ip_address (g_srv_target_get_hostname (target)))
    {
      SchnackServerAddress *address = g_new0 (SchnackServerAddress, 1);

      address->ip = g_strdup (g_srv_target_get_hostname (target));
      address->port = g_srv_target_get_port (target);
      g_ptr_array_add (data->addresses, address);
      data->next_target = data->next_target->next;
      resolve_next_target (task);
      return;
    }

  g_resolver_lookup_by_name_async (g_resolver_get_default (),
                                   g_srv_target_get_hostname (target),
                                   g_task_get_cancellable (task),
                                   on_target_resolved, task);
}

static void
on_srv_resolved (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  ResolveData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *targets;

  targets = g_resolver_lookup_service_finish (G_RESOLVER (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  /* No SRV record (the common case for small servers): fall back to the
   * domain itself on the default port, as RFC 6120 §3.2.2 says. */
  data->targets = targets;
  if (data->targets == NULL)
    data->targets = g_list_prepend (NULL,
                                    g_srv_target_new (data->domain,
                                                      data->direct_tls ? XMPPS_CLIENT_PORT
                                                                       : XMPP_CLIENT_PORT,
                                                      0, 0));

  data->next_target = data->targets;
  resolve_next_target (task);
}

void
schnack_server_address_resolve_async (const char          *domain,
                                      const char          *host_override,
                                      guint16              port_override,
                                      gboolean             direct_tls,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;
  ResolveData *data;

  g_return_if_fail (domain != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_server_address_resolve_async);
  data = g_new0 (ResolveData, 1);
  data->addresses = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_server_address_free);
  g_task_set_task_data (task, data, (GDestroyNotify) resolve_data_free);

  if (host_override != NULL && *host_override != '\0')
    {
      guint16 port = port_override ? port_override
                                   : (direct_tls ? XMPPS_CLIENT_PORT : XMPP_CLIENT_PORT);

      data->targets = g_list_prepend (NULL, g_srv_target_new (host_override, port, 0, 0));
      data->next_target = data->targets;
      resolve_next_target (task);
      return;
    }

  data->domain = g_strdup (domain);
  data->direct_tls = direct_tls;
  g_resolver_lookup_service_async (g_resolver_get_default (),
                                   direct_tls ? "xmpps-client" : "xmpp-client",
                                   "tcp", domain, cancellable,
                                   on_srv_resolved, task);
}

GPtrArray *
schnack_server_address_resolve_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
