/* presence.c — our own availability
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For now only the initial presence that makes us available after
 * login; show/status and subscriptions come with the contact list.
 */
#include "config.h"

#include "xmpp/connection-private.h"

void
schnack_presence_send_initial (SchnackConnectionWorker *worker)
{
  xmpp_ctx_t *ctx = schnack_connection_worker_get_ctx (worker);
  xmpp_stanza_t *presence = xmpp_presence_new (ctx);
  int priority = schnack_connection_worker_get_priority (worker);

  if (priority != 0)
    {
      g_autofree char *text = g_strdup_printf ("%d", priority);
      xmpp_stanza_t *element = xmpp_stanza_new (ctx);
      xmpp_stanza_t *value = xmpp_stanza_new (ctx);

      xmpp_stanza_set_name (element, "priority");
      xmpp_stanza_set_text (value, text);
      xmpp_stanza_add_child (element, value);
      xmpp_stanza_add_child (presence, element);
      xmpp_stanza_release (value);
      xmpp_stanza_release (element);
    }
  schnack_connection_worker_send (worker, presence);
  xmpp_stanza_release (presence);
}
