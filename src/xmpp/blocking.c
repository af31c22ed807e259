/* blocking.c — blocking people (XEP-0191) and reporting spam (XEP-0377)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server does the blocking, so it holds on every device and nothing
 * from a blocked address reaches us at all. A block can carry a spam
 * report for the server's operators.
 */
#include "config.h"

#include "xmpp/blocking.h"
#include "xmpp/stanza-util.h"

#define NS_REPORTING "urn:xmpp:reporting:1"
#define REASON_SPAM "urn:xmpp:reporting:spam"

static GStrv
collect_items (const SchnackXmlNode *parent)
{
  g_autoptr(GStrvBuilder) jids = g_strv_builder_new ();

  for (guint i = 0; parent != NULL && i < schnack_xml_node_get_n_children (parent); i++)
    {
      SchnackXmlNode *item = schnack_xml_node_get_nth_child (parent, i);
      const char *jid = schnack_xml_node_get_attribute (item, "jid");

      if (g_str_equal (schnack_xml_node_get_name (item), "item") && jid != NULL && *jid != '\0')
        g_strv_builder_add (jids, jid);
    }
  return g_strv_builder_end (jids);
}

static void
on_list_received (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(SchnackXmlNode) reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source), result, &error);

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task,
                         collect_items (schnack_xml_node_get_child (reply, "blocklist", SCHNACK_NS_BLOCKING)),
                         (GDestroyNotify) g_strfreev);
}

void
schnack_blocking_request_async (SchnackConnection   *connection,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(SchnackXmlNode) iq = schnack_xml_node_new_iq ("get", NULL);
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_blocking_request_async);
  schnack_xml_node_add_child (iq, "blocklist", SCHNACK_NS_BLOCKING);
  schnack_connection_send_iq_async (connection, iq, cancellable, on_list_received, task);
}

/**
 * schnack_blocking_request_finish:
 * Returns: (transfer full): the blocked JIDs
 */
GStrv
schnack_blocking_request_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
send_change (SchnackConnection   *connection,
             const char          *element,
             const char          *jid,
             gboolean             report_spam,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data,
             gpointer             source_tag)
{
  g_autoptr(SchnackXmlNode) iq = schnack_xml_node_new_iq ("set", NULL);
  SchnackXmlNode *change;
  SchnackXmlNode *item;

  change = schnack_xml_node_add_child (iq, element, SCHNACK_NS_BLOCKING);
  item = schnack_xml_node_add_child (change, "item", NULL);
  schnack_xml_node_set_attribute (item, "jid", jid);
  if (report_spam)
    {
      SchnackXmlNode *report = schnack_xml_node_add_child (item, "report", NS_REPORTING);

      schnack_xml_node_set_attribute (report, "reason", REASON_SPAM);
    }
  schnack_connection_send_iq_checked_async (connection, iq, cancellable, callback, user_data, source_tag);
}

/**
 * schnack_blocking_block_async:
 * @report_spam: also report @jid to the server's operators as spam
 */
void
schnack_blocking_block_async (SchnackConnection   *connection,
                              const char          *jid,
                              gboolean             report_spam,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  g_return_if_fail (jid != NULL);

  send_change (connection, "block", jid, report_spam, cancellable, callback, user_data,
               schnack_blocking_block_async);
}

void
schnack_blocking_unblock_async (SchnackConnection   *connection,
                                const char          *jid,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  g_return_if_fail (jid != NULL);

  send_change (connection, "unblock", jid, FALSE, cancellable, callback, user_data,
               schnack_blocking_unblock_async);
}

gboolean
schnack_blocking_change_finish (GAsyncResult  *result,
                                GError       **error)
{
  return schnack_connection_send_iq_checked_finish (result, error);
}

gboolean
schnack_blocking_parse_push (const SchnackXmlNode  *iq,
                             const char            *own_bare_jid,
                             gboolean              *out_blocked,
                             GStrv                 *out_jids)
{
  const char *from = schnack_xml_node_get_attribute (iq, "from");
  g_autofree char *from_bare = schnack_jid_dup_bare (from);
  SchnackXmlNode *change;

  if (from != NULL && g_ascii_strcasecmp (from_bare, own_bare_jid) != 0)
    return FALSE;

  if ((change = schnack_xml_node_get_child (iq, "block", SCHNACK_NS_BLOCKING)) != NULL)
    *out_blocked = TRUE;
  else if ((change = schnack_xml_node_get_child (iq, "unblock", SCHNACK_NS_BLOCKING)) != NULL)
    *out_blocked = FALSE;
  else
    return FALSE;

  *out_jids = collect_items (change);
  return TRUE;
}
