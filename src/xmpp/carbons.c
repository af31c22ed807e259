/* carbons.c — copies of every chat on all our devices (XEP-0280)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Enabled once per session, so a conversation continued on the phone
 * shows here too. The copies themselves are unwrapped in message.c,
 * which also checks that they come from our own account.
 */
#include "config.h"

#include "xmpp/carbons.h"

#define NS_CARBONS "urn:xmpp:carbons:2"

void
schnack_carbons_enable_async (SchnackConnection   *connection,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(SchnackXmlNode) iq = schnack_xml_node_new_iq ("set", NULL);

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));

  schnack_xml_node_add_child (iq, "enable", NS_CARBONS);
  schnack_connection_send_iq_checked_async (connection, iq, cancellable, callback, user_data,
                                            schnack_carbons_enable_async);
}

gboolean
schnack_carbons_enable_finish (GAsyncResult  *result,
                               GError       **error)
{
  return schnack_connection_send_iq_checked_finish (result, error);
}
