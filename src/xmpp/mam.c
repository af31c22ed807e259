/* mam.c — reading the server's message archive (XEP-0313, RSM paging)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One page per query: the archived messages arrive as <message/>s (see
 * message.c, which unwraps them), then the IQ result says where the
 * page ended and whether it was the last. Messages arrive on the same
 * stream before that result, so when the result is seen the page is
 * complete.
 */
#include "config.h"

#include "xmpp/mam.h"

#define NS_MAM "urn:xmpp:mam:2"
#define NS_RSM "http://jabber.org/protocol/rsm"
#define NS_DATA_FORMS "jabber:x:data"

static void
add_field (SchnackXmlNode *form,
           const char     *var,
           const char     *type,
           const char     *value)
{
  SchnackXmlNode *field = schnack_xml_node_add_child (form, "field", NULL);

  schnack_xml_node_set_attribute (field, "var", var);
  if (type != NULL)
    schnack_xml_node_set_attribute (field, "type", type);
  schnack_xml_node_add_text_child (field, "value", value);
}

static void
on_page_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(SchnackXmlNode) reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source), result, &error);
  SchnackXmlNode *fin;
  SchnackXmlNode *set;

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  fin = schnack_xml_node_get_child (reply, "fin", NS_MAM);
  set = fin != NULL ? schnack_xml_node_get_child (fin, "set", NS_RSM) : NULL;
  g_object_set_data_full (G_OBJECT (task), "last",
                          set != NULL ? schnack_xml_node_dup_child_text (set, "last", NULL) : NULL, g_free);
  g_object_set_data (G_OBJECT (task), "complete",
                     GINT_TO_POINTER (fin == NULL ||
                                      g_strcmp0 (schnack_xml_node_get_attribute (fin, "complete"), "true") == 0));
  g_task_return_boolean (task, TRUE);
}

/**
 * schnack_mam_query_page_async:
 * @query_id: tags the result messages of this query
 * @after_id: (nullable): continue after this archive id
 * @start_us: when @after_id is %NULL: from this time (µs UTC), or 0
 * @max: messages per page
 */
void
schnack_mam_query_page_async (SchnackConnection   *connection,
                              const char          *query_id,
                              const char          *after_id,
                              gint64               start_us,
                              guint                max,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  schnack_mam_query_archive_page_async (connection, NULL, query_id, after_id, start_us, FALSE,
                                        max, cancellable, callback, user_data);
}

/**
 * schnack_mam_query_archive_page_async:
 * @archive_jid: (nullable): a room's archive; %NULL for our own
 * @last_page: when @after_id is %NULL and @start_us 0: the newest @max
 *   messages (RSM <before/>) instead of the oldest
 *
 * Like schnack_mam_query_page_async(), for any archive. Finish with
 * schnack_mam_query_page_finish().
 */
void
schnack_mam_query_archive_page_async (SchnackConnection   *connection,
                                      const char          *archive_jid,
                                      const char          *query_id,
                                      const char          *after_id,
                                      gint64               start_us,
                                      gboolean             last_page,
                                      guint                max,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(SchnackXmlNode) iq = schnack_xml_node_new_iq ("set", archive_jid);
  g_autofree char *max_text = g_strdup_printf ("%u", max);
  SchnackXmlNode *query;
  SchnackXmlNode *form;
  SchnackXmlNode *set;
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_mam_query_page_async);
  query = schnack_xml_node_add_child (iq, "query", NS_MAM);
  schnack_xml_node_set_attribute (query, "queryid", query_id);
  form = schnack_xml_node_add_child (query, "x", NS_DATA_FORMS);
  schnack_xml_node_set_attribute (form, "type", "submit");
  add_field (form, "FORM_TYPE", "hidden", NS_MAM);
  if (after_id == NULL && start_us > 0)
    {
      g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (start_us / G_USEC_PER_SEC);
      g_autofree char *stamp = g_date_time_format_iso8601 (start);

      add_field (form, "start", NULL, stamp);
    }
  set = schnack_xml_node_add_child (query, "set", NS_RSM);
  schnack_xml_node_add_text_child (set, "max", max_text);
  if (after_id != NULL)
    schnack_xml_node_add_text_child (set, "after", after_id);
  else if (last_page && start_us <= 0)
    schnack_xml_node_add_child (set, "before", NULL);
  schnack_connection_send_iq_async (connection, iq, cancellable, on_page_done, task);
}

/**
 * schnack_mam_query_page_finish:
 * @out_last_id: (out) (nullable): the archive id the page ended with
 * @out_complete: (out): no more pages after this one
 */
gboolean
schnack_mam_query_page_finish (GAsyncResult  *result,
                               char         **out_last_id,
                               gboolean      *out_complete,
                               GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  *out_last_id = g_strdup (g_object_get_data (G_OBJECT (result), "last"));
  *out_complete = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), "complete"));
  return TRUE;
}
