/* muc-admin.c — moderating and configuring rooms (XEP-0045 §8–10)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Roles (kick, voice) and affiliations (ban, member, admin, owner) go
 * through muc#admin; the room configuration form and destroying the
 * room through muc#owner. The room checks permissions; a refusal comes
 * back as a stanza error the caller shows.
 */
#include "config.h"

#include "xmpp/muc-admin.h"
#include "xmpp/stanza-error.h"

#include <glib/gi18n-lib.h>

static SchnackXmlNode *
new_admin_item (const char      *room_jid,
                const char      *type,
                SchnackXmlNode **out_item)
{
  SchnackXmlNode *iq = schnack_xml_node_new_iq (type, room_jid);
  SchnackXmlNode *query = schnack_xml_node_add_child (iq, "query", SCHNACK_NS_MUC_ADMIN);

  *out_item = schnack_xml_node_add_child (query, "item", NULL);
  return iq;
}

void
schnack_muc_set_role_async (SchnackConnection   *connection,
                            const char          *room_jid,
                            const char          *nick,
                            SchnackMucRole       role,
                            const char          *reason,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  SchnackXmlNode *item;
  g_autoptr(SchnackXmlNode) iq = NULL;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  g_return_if_fail (room_jid != NULL && nick != NULL);

  iq = new_admin_item (room_jid, "set", &item);
  schnack_xml_node_set_attribute (item, "nick", nick);
  schnack_xml_node_set_attribute (item, "role", schnack_muc_role_to_string (role));
  if (reason != NULL && *reason != '\0')
    schnack_xml_node_add_text_child (item, "reason", reason);
  schnack_connection_send_iq_checked_async (connection, iq, cancellable, callback, user_data,
                                            schnack_muc_set_role_async);
}

void
schnack_muc_set_affiliation_async (SchnackConnection     *connection,
                                   const char            *room_jid,
                                   const char            *jid,
                                   SchnackMucAffiliation  affiliation,
                                   const char            *reason,
                                   GCancellable          *cancellable,
                                   GAsyncReadyCallback    callback,
                                   gpointer               user_data)
{
  SchnackXmlNode *item;
  g_autoptr(SchnackXmlNode) iq = NULL;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  g_return_if_fail (room_jid != NULL && jid != NULL);

  iq = new_admin_item (room_jid, "set", &item);
  schnack_xml_node_set_attribute (item, "jid", jid);
  schnack_xml_node_set_attribute (item, "affiliation", schnack_muc_affiliation_to_string (affiliation));
  if (reason != NULL && *reason != '\0')
    schnack_xml_node_add_text_child (item, "reason", reason);
  schnack_connection_send_iq_checked_async (connection, iq, cancellable, callback, user_data,
                                            schnack_muc_set_affiliation_async);
}

gboolean
schnack_muc_admin_finish (GAsyncResult  *result,
                          GError       **error)
{
  return schnack_connection_send_iq_checked_finish (result, error);
}

static void
on_affiliations (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(SchnackXmlNode) reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source), result, &error);
  g_autoptr(GStrvBuilder) jids = g_strv_builder_new ();
  SchnackXmlNode *query;

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  query = schnack_xml_node_get_child (reply, "query", SCHNACK_NS_MUC_ADMIN);
  for (guint i = 0; query != NULL && i < schnack_xml_node_get_n_children (query); i++)
    {
      SchnackXmlNode *item = schnack_xml_node_get_nth_child (query, i);
      const char *jid = schnack_xml_node_get_attribute (item, "jid");

      if (g_str_equal (schnack_xml_node_get_name (item), "item") && jid != NULL)
        g_strv_builder_add (jids, jid);
    }
  g_task_return_pointer (task, g_strv_builder_end (jids), (GDestroyNotify) g_strfreev);
}

void
schnack_muc_get_affiliations_async (SchnackConnection     *connection,
                                    const char            *room_jid,
                                    SchnackMucAffiliation  affiliation,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
  SchnackXmlNode *item;
  g_autoptr(SchnackXmlNode) iq = NULL;
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_muc_get_affiliations_async);
  iq = new_admin_item (room_jid, "get", &item);
  schnack_xml_node_set_attribute (item, "affiliation", schnack_muc_affiliation_to_string (affiliation));
  schnack_connection_send_iq_async (connection, iq, cancellable, on_affiliations, task);
}

GStrv
schnack_muc_get_affiliations_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static SchnackXmlNode *
new_owner_query (const char      *room_jid,
                 const char      *type,
                 SchnackXmlNode **out_query)
{
  SchnackXmlNode *iq = schnack_xml_node_new_iq (type, room_jid);

  *out_query = schnack_xml_node_add_child (iq, "query", SCHNACK_NS_MUC_OWNER);
  return iq;
}

static void
on_config (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(SchnackXmlNode) reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source), result, &error);
  SchnackXmlNode *query;
  SchnackXmlNode *x;
  SchnackDataForm *form;

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  query = schnack_xml_node_get_child (reply, "query", SCHNACK_NS_MUC_OWNER);
  x = query != NULL ? schnack_xml_node_get_child (query, "x", SCHNACK_DATA_FORM_NS) : NULL;
  if (x == NULL)
    {
      g_task_return_new_error (task, SCHNACK_DATA_FORM_ERROR, SCHNACK_DATA_FORM_ERROR_INVALID,
                               "%s", _("The room did not send its settings."));
      return;
    }
  form = schnack_data_form_parse (x, &error);
  if (form == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, form, (GDestroyNotify) schnack_data_form_unref);
}

void
schnack_muc_get_config_async (SchnackConnection   *connection,
                              const char          *room_jid,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  SchnackXmlNode *query;
  g_autoptr(SchnackXmlNode) iq = NULL;
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_muc_get_config_async);
  iq = new_owner_query (room_jid, "get", &query);
  schnack_connection_send_iq_async (connection, iq, cancellable, on_config, task);
}

SchnackDataForm *
schnack_muc_get_config_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
schnack_muc_submit_config_async (SchnackConnection     *connection,
                                 const char            *room_jid,
                                 const SchnackDataForm *form,
                                 GCancellable          *cancellable,
                                 GAsyncReadyCallback    callback,
                                 gpointer               user_data)
{
  SchnackXmlNode *query;
  g_autoptr(SchnackXmlNode) iq = NULL;
  g_autoptr(SchnackXmlNode) submit = NULL;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  g_return_if_fail (form != NULL);

  iq = new_owner_query (room_jid, "set", &query);
  submit = schnack_data_form_build_submit (form);
  schnack_xml_node_append (query, g_steal_pointer (&submit));
  schnack_connection_send_iq_checked_async (connection, iq, cancellable, callback, user_data,
                                            schnack_muc_submit_config_async);
}

void
schnack_muc_create_instant_async (SchnackConnection   *connection,
                                  const char          *room_jid,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  SchnackXmlNode *query;
  SchnackXmlNode *x;
  g_autoptr(SchnackXmlNode) iq = NULL;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));

  iq = new_owner_query (room_jid, "set", &query);
  x = schnack_xml_node_add_child (query, "x", SCHNACK_DATA_FORM_NS);
  schnack_xml_node_set_attribute (x, "type", "submit");
  schnack_connection_send_iq_checked_async (connection, iq, cancellable, callback, user_data,
                                            schnack_muc_create_instant_async);
}

void
schnack_muc_destroy_async (SchnackConnection   *connection,
                           const char          *room_jid,
                           const char          *reason,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  SchnackXmlNode *query;
  SchnackXmlNode *destroy;
  g_autoptr(SchnackXmlNode) iq = NULL;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));

  iq = new_owner_query (room_jid, "set", &query);
  destroy = schnack_xml_node_add_child (query, "destroy", NULL);
  if (reason != NULL && *reason != '\0')
    schnack_xml_node_add_text_child (destroy, "reason", reason);
  schnack_connection_send_iq_checked_async (connection, iq, cancellable, callback, user_data,
                                            schnack_muc_destroy_async);
}
