/* roster.c — the contact list on the server (RFC 6121 §2, XEP-0237)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The roster lives on the server so every device shows the same list.
 * A roster get with the last version we saw lets the server answer
 * "nothing changed" (an empty result) or only send the changes as
 * pushes; pushes are accepted only from our own account (§2.1.6), since
 * anybody could otherwise add themselves to our list.
 */
#include "config.h"

#include "xmpp/roster.h"
#include "xmpp/stanza-util.h"

#include <string.h>

G_DEFINE_BOXED_TYPE (SchnackRosterItem, schnack_roster_item,
                     schnack_roster_item_copy, schnack_roster_item_free)

static const char *subscription_names[] = { "none", "to", "from", "both", "remove" };

const char *
schnack_subscription_to_string (SchnackSubscription subscription)
{
  if ((guint) subscription >= G_N_ELEMENTS (subscription_names))
    return "none";
  return subscription_names[subscription];
}

SchnackSubscription
schnack_subscription_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (subscription_names); i++)
    if (g_strcmp0 (text, subscription_names[i]) == 0)
      return i;
  return SCHNACK_SUBSCRIPTION_NONE;
}

SchnackRosterItem *
schnack_roster_item_new (const char *jid)
{
  SchnackRosterItem *item = g_new0 (SchnackRosterItem, 1);

  item->jid = g_strdup (jid);
  item->groups = g_new0 (char *, 1);
  return item;
}

SchnackRosterItem *
schnack_roster_item_copy (const SchnackRosterItem *item)
{
  SchnackRosterItem *copy = g_memdup2 (item, sizeof *item);

  copy->jid = g_strdup (item->jid);
  copy->name = g_strdup (item->name);
  copy->groups = g_strdupv (item->groups);
  return copy;
}

void
schnack_roster_item_free (SchnackRosterItem *item)
{
  if (item == NULL)
    return;
  g_free (item->jid);
  g_free (item->name);
  g_strfreev (item->groups);
  g_free (item);
}

/* Items with a JID we cannot use are dropped, not passed on. */
static SchnackRosterItem *
parse_item (const SchnackXmlNode *node)
{
  const char *jid = schnack_xml_node_get_attribute (node, "jid");
  const char *name = schnack_xml_node_get_attribute (node, "name");
  g_autoptr(GStrvBuilder) groups = g_strv_builder_new ();
  SchnackRosterItem *item;

  if (jid == NULL || *jid == '\0' || strchr (jid, '/') != NULL)
    return NULL;

  item = schnack_roster_item_new (jid);
  item->name = name != NULL && *name != '\0' ? g_strdup (name) : NULL;
  item->subscription = schnack_subscription_from_string (schnack_xml_node_get_attribute (node, "subscription"));
  item->ask_subscribe = g_strcmp0 (schnack_xml_node_get_attribute (node, "ask"), "subscribe") == 0;
  item->approved = g_strcmp0 (schnack_xml_node_get_attribute (node, "approved"), "true") == 0;

  for (guint i = 0; i < schnack_xml_node_get_n_children (node); i++)
    {
      SchnackXmlNode *child = schnack_xml_node_get_nth_child (node, i);
      g_autofree char *group = NULL;

      if (!g_str_equal (schnack_xml_node_get_name (child), "group"))
        continue;
      group = schnack_xml_node_dup_text (child);
      if (group != NULL && *g_strstrip (group) != '\0')
        g_strv_builder_add (groups, group);
    }
  g_strfreev (item->groups);
  item->groups = g_strv_builder_end (groups);
  return item;
}

static void
on_roster_received (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(SchnackXmlNode) reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source), result, &error);
  SchnackXmlNode *query;
  GPtrArray *items;

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* An empty result means "your copy at that version is current". */
  query = schnack_xml_node_get_child (reply, "query", SCHNACK_NS_ROSTER);
  if (query == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  g_object_set_data_full (G_OBJECT (task), "version",
                          g_strdup (schnack_xml_node_get_attribute (query, "ver")), g_free);
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_roster_item_free);
  for (guint i = 0; i < schnack_xml_node_get_n_children (query); i++)
    {
      SchnackRosterItem *item = parse_item (schnack_xml_node_get_nth_child (query, i));

      if (item != NULL)
        g_ptr_array_add (items, item);
    }
  g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * schnack_roster_request_async:
 * @version: (nullable): the version of our stored copy ("" if we have
 *   none yet but want versioning), or %NULL
 */
void
schnack_roster_request_async (SchnackConnection   *connection,
                              const char          *version,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(SchnackXmlNode) iq = schnack_xml_node_new_iq ("get", NULL);
  SchnackXmlNode *query;
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_roster_request_async);
  query = schnack_xml_node_add_child (iq, "query", SCHNACK_NS_ROSTER);
  if (version != NULL)
    schnack_xml_node_set_attribute (query, "ver", version);
  schnack_connection_send_iq_async (connection, iq, cancellable, on_roster_received, task);
}

/**
 * schnack_roster_request_finish:
 * @out_version: (out) (optional): the new version, if the server has them
 *
 * Returns: (transfer full) (nullable): the full roster; %NULL without
 *   @error when the stored copy is current (changes follow as pushes)
 */
GPtrArray *
schnack_roster_request_finish (GAsyncResult  *result,
                               char         **out_version,
                               GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  if (out_version != NULL)
    *out_version = g_strdup (g_object_get_data (G_OBJECT (result), "version"));
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * schnack_roster_parse_push:
 * @iq: an <iq type="set"/> with a jabber:iq:roster query
 *
 * Returns: (transfer full) (nullable): the changed item (subscription
 *   REMOVE when it was deleted), or %NULL for a push that is not from our
 *   own account or is malformed — which must then be ignored
 */
SchnackRosterItem *
schnack_roster_parse_push (const SchnackXmlNode  *iq,
                           const char            *own_bare_jid,
                           char                 **out_version)
{
  const char *from = schnack_xml_node_get_attribute (iq, "from");
  g_autofree char *from_bare = schnack_jid_dup_bare (from);
  SchnackXmlNode *query = schnack_xml_node_get_child (iq, "query", SCHNACK_NS_ROSTER);
  SchnackXmlNode *item_node;

  if (from != NULL && g_ascii_strcasecmp (from_bare, own_bare_jid) != 0)
    return NULL;
  if (query == NULL || schnack_xml_node_get_n_children (query) != 1)
    return NULL;
  item_node = schnack_xml_node_get_child (query, "item", NULL);
  if (item_node == NULL)
    return NULL;

  if (out_version != NULL)
    *out_version = g_strdup (schnack_xml_node_get_attribute (query, "ver"));
  return parse_item (item_node);
}

/* Every push is acknowledged (§2.1.6), even one we ignored. */
void
schnack_roster_answer_push (SchnackConnection    *connection,
                            const SchnackXmlNode *iq)
{
  g_autoptr(SchnackXmlNode) reply = schnack_xml_node_new_iq_result (iq);

  schnack_connection_send_stanza (connection, reply);
}

static void
send_roster_set (SchnackConnection   *connection,
                 SchnackXmlNode      *item,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data,
                 gpointer             source_tag)
{
  g_autoptr(SchnackXmlNode) iq = schnack_xml_node_new_iq ("set", NULL);
  SchnackXmlNode *query;

  query = schnack_xml_node_add_child (iq, "query", SCHNACK_NS_ROSTER);
  schnack_xml_node_append (query, item);
  schnack_connection_send_iq_checked_async (connection, iq, cancellable, callback, user_data, source_tag);
}

/**
 * schnack_roster_set_item_async:
 *
 * Adds or updates a contact's name and groups (not its subscription:
 * that is presence's job).
 */
void
schnack_roster_set_item_async (SchnackConnection       *connection,
                               const SchnackRosterItem *item,
                               GCancellable            *cancellable,
                               GAsyncReadyCallback      callback,
                               gpointer                 user_data)
{
  SchnackXmlNode *node = schnack_xml_node_new ("item", NULL);

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  g_return_if_fail (item != NULL && item->jid != NULL);

  schnack_xml_node_set_attribute (node, "jid", item->jid);
  if (item->name != NULL && *item->name != '\0')
    schnack_xml_node_set_attribute (node, "name", item->name);
  for (guint i = 0; item->groups != NULL && item->groups[i] != NULL; i++)
    schnack_xml_node_add_text_child (node, "group", item->groups[i]);
  send_roster_set (connection, node, cancellable, callback, user_data, schnack_roster_set_item_async);
}

/**
 * schnack_roster_remove_item_async:
 *
 * Removes the contact; the server also cancels the subscriptions both
 * ways (RFC 6121 §2.5.2).
 */
void
schnack_roster_remove_item_async (SchnackConnection   *connection,
                                  const char          *jid,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  SchnackXmlNode *node = schnack_xml_node_new ("item", NULL);

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  g_return_if_fail (jid != NULL);

  schnack_xml_node_set_attribute (node, "jid", jid);
  schnack_xml_node_set_attribute (node, "subscription", "remove");
  send_roster_set (connection, node, cancellable, callback, user_data, schnack_roster_remove_item_async);
}

gboolean
schnack_roster_change_finish (GAsyncResult  *result,
                              GError       **error)
{
  return schnack_connection_send_iq_checked_finish (result, error);
}
