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
  xmpp_stanza_t *presence = xmpp_presence_new (schnack_connection_worker_get_ctx (worker));

  schnack_connection_worker_send (worker, presence);
  xmpp_stanza_release (presence);
}
