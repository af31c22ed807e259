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

static void
on_enabled (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(SchnackXmlNode) reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source), result, &error);

  if (reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
schnack_carbons_enable_async (SchnackConnection   *connection,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(SchnackXmlNode) iq = schnack_xml_node_new ("iq", NULL);
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_carbons_enable_async);
  schnack_xml_node_set_attribute (iq, "type", "set");
  schnack_xml_node_add_child (iq, "enable", NS_CARBONS);
  schnack_connection_send_iq_async (connection, iq, cancellable, on_enabled, task);
}

gboolean
schnack_carbons_enable_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
