/* disco.c — what we are and can do (XEP-0030, XEP-0115, XEP-0092)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Answers other clients' questions about us (disco#info, also for our
 * caps node, and software version), puts the XEP-0115 caps hash in our
 * presence so they need not ask, and asks the same of others for the
 * contact details page. Only features Schnack really implements are
 * announced: announcing one we lack makes peers send what we drop.
 */
#include "config.h"

#include "xmpp/disco.h"

#include <string.h>

static const char *own_features[] = {
  "http://jabber.org/protocol/nick+notify",
  "urn:xmpp:carbons:2",
  "urn:xmpp:receipts",
  "urn:xmpp:avatar:metadata+notify",
  "urn:xmpp:bookmarks:1+notify",
  "http://jabber.org/protocol/muc",
  "jabber:x:conference",
  "urn:xmpp:chat-markers:0",
  "urn:xmpp:mds:displayed:0+notify",
  "urn:xmpp:message-correct:0",
  "urn:xmpp:message-retract:0",
  "urn:xmpp:message-retract:1",
  "urn:xmpp:reactions:0",
  "urn:xmpp:reply:0",
  SCHNACK_NS_CAPS,
  "http://jabber.org/protocol/chatstates",
  SCHNACK_NS_DISCO_INFO,
  SCHNACK_NS_VERSION,
  "urn:xmpp:ping",
  "urn:xmpp:sid:0",
};

void
schnack_disco_info_free (SchnackDiscoInfo *info)
{
  if (info == NULL)
    return;
  g_ptr_array_unref (info->identities);
  g_ptr_array_unref (info->features);
  g_free (info);
}

static SchnackDiscoInfo *
disco_info_new (void)
{
  SchnackDiscoInfo *info = g_new0 (SchnackDiscoInfo, 1);

  info->identities = g_ptr_array_new_with_free_func (g_free);
  info->features = g_ptr_array_new_with_free_func (g_free);
  return info;
}

gboolean
schnack_disco_info_has_feature (const SchnackDiscoInfo *info,
                                const char             *feature)
{
  g_return_val_if_fail (info != NULL && feature != NULL, FALSE);

  for (guint i = 0; i < info->features->len; i++)
    if (g_str_equal (g_ptr_array_index (info->features, i), feature))
      return TRUE;
  return FALSE;
}

SchnackDiscoInfo *
schnack_disco_own_info (void)
{
  SchnackDiscoInfo *info = disco_info_new ();

  g_ptr_array_add (info->identities, g_strdup ("client/pc//Schnack"));
  for (guint i = 0; i < G_N_ELEMENTS (own_features); i++)
    g_ptr_array_add (info->features, g_strdup (own_features[i]));
  return info;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gpointer
copy_string (gconstpointer string,
             gpointer      user_data)
{
  return g_strdup (string);
}

/* XEP-0115 §5.1 (without data forms, which we do not publish). */
char *
schnack_disco_caps_hash (const SchnackDiscoInfo *info)
{
  g_autoptr(GPtrArray) identities = g_ptr_array_copy (info->identities, copy_string, NULL);
  g_autoptr(GPtrArray) features = g_ptr_array_copy (info->features, copy_string, NULL);
  g_autoptr(GString) input = g_string_new (NULL);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize length = sizeof digest;

  g_ptr_array_set_free_func (identities, g_free);
  g_ptr_array_set_free_func (features, g_free);
  g_ptr_array_sort (identities, compare_strings);
  g_ptr_array_sort (features, compare_strings);
  for (guint i = 0; i < identities->len; i++)
    g_string_append_printf (input, "%s<", (const char *) g_ptr_array_index (identities, i));
  for (guint i = 0; i < features->len; i++)
    g_string_append_printf (input, "%s<", (const char *) g_ptr_array_index (features, i));

  g_checksum_update (checksum, (const guchar *) input->str, input->len);
  g_checksum_get_digest (checksum, digest, &length);
  return g_base64_encode (digest, length);
}

/* <c xmlns='…caps' hash='sha-1' node='…' ver='…'/> for our presence. */
SchnackXmlNode *
schnack_disco_own_caps (void)
{
  g_autoptr(SchnackDiscoInfo) info = schnack_disco_own_info ();
  g_autofree char *ver = schnack_disco_caps_hash (info);
  SchnackXmlNode *caps = schnack_xml_node_new ("c", SCHNACK_NS_CAPS);

  schnack_xml_node_set_attribute (caps, "hash", "sha-1");
  schnack_xml_node_set_attribute (caps, "node", SCHNACK_CAPS_NODE);
  schnack_xml_node_set_attribute (caps, "ver", ver);
  return caps;
}


static void
on_disco_info_request (SchnackConnection *connection,
                       SchnackXmlNode    *request,
                       gpointer           user_data)
{
  g_autoptr(SchnackDiscoInfo) info = schnack_disco_own_info ();
  g_autoptr(SchnackXmlNode) reply = schnack_xml_node_new_iq_result (request);
  SchnackXmlNode *asked = schnack_xml_node_get_child (request, "query", SCHNACK_NS_DISCO_INFO);
  const char *node = asked != NULL ? schnack_xml_node_get_attribute (asked, "node") : NULL;
  SchnackXmlNode *query;

  if (g_strcmp0 (schnack_xml_node_get_attribute (request, "type"), "get") != 0)
    return;

  query = schnack_xml_node_add_child (reply, "query", SCHNACK_NS_DISCO_INFO);
  if (node != NULL)
    schnack_xml_node_set_attribute (query, "node", node);
  for (guint i = 0; i < info->identities->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (info->identities, i), "/", 4);
      SchnackXmlNode *identity = schnack_xml_node_add_child (query, "identity", NULL);

      schnack_xml_node_set_attribute (identity, "category", parts[0]);
      schnack_xml_node_set_attribute (identity, "type", parts[1]);
      schnack_xml_node_set_attribute (identity, "name", parts[3]);
    }
  for (guint i = 0; i < info->features->len; i++)
    schnack_xml_node_set_attribute (schnack_xml_node_add_child (query, "feature", NULL), "var",
                                    g_ptr_array_index (info->features, i));
  schnack_connection_send_stanza (connection, reply);
}

static void
on_version_request (SchnackConnection *connection,
                    SchnackXmlNode    *request,
                    gpointer           user_data)
{
  g_autoptr(SchnackXmlNode) reply = schnack_xml_node_new_iq_result (request);
  SchnackXmlNode *query;

  if (g_strcmp0 (schnack_xml_node_get_attribute (request, "type"), "get") != 0)
    return;
  query = schnack_xml_node_add_child (reply, "query", SCHNACK_NS_VERSION);
  schnack_xml_node_add_text_child (query, "name", "Schnack");
  schnack_xml_node_add_text_child (query, "version", PACKAGE_VERSION);
  /* No <os/>: it helps attackers more than it helps anyone. */
  schnack_connection_send_stanza (connection, reply);
}

void
schnack_disco_responder_attach (SchnackConnection *connection)
{
  schnack_connection_forward_iq_namespace (connection, SCHNACK_NS_DISCO_INFO);
  schnack_connection_forward_iq_namespace (connection, SCHNACK_NS_VERSION);
  g_signal_connect (connection, "iq-request::" SCHNACK_NS_DISCO_INFO, G_CALLBACK (on_disco_info_request), NULL);
  g_signal_connect (connection, "iq-request::" SCHNACK_NS_VERSION, G_CALLBACK (on_version_request), NULL);
}

static void
on_info_received (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(SchnackXmlNode) reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source), result, &error);
  SchnackXmlNode *query;
  SchnackDiscoInfo *info;

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  info = disco_info_new ();
  query = schnack_xml_node_get_child (reply, "query", SCHNACK_NS_DISCO_INFO);
  for (guint i = 0; query != NULL && i < schnack_xml_node_get_n_children (query); i++)
    {
      SchnackXmlNode *child = schnack_xml_node_get_nth_child (query, i);
      const char *name = schnack_xml_node_get_name (child);

      if (g_str_equal (name, "feature") && schnack_xml_node_get_attribute (child, "var") != NULL)
        g_ptr_array_add (info->features, g_strdup (schnack_xml_node_get_attribute (child, "var")));
      else if (g_str_equal (name, "identity"))
        g_ptr_array_add (info->identities,
                         g_strdup_printf ("%s/%s/%s/%s",
                                          schnack_xml_node_get_attribute (child, "category") ?: "",
                                          schnack_xml_node_get_attribute (child, "type") ?: "",
                                          schnack_xml_node_get_attribute (child, "xml:lang") ?: "",
                                          schnack_xml_node_get_attribute (child, "name") ?: ""));
    }
  g_task_return_pointer (task, info, (GDestroyNotify) schnack_disco_info_free);
}

void
schnack_disco_info_async (SchnackConnection   *connection,
                          const char          *jid,
                          const char          *node,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(SchnackXmlNode) iq = schnack_xml_node_new_iq ("get", jid);
  SchnackXmlNode *query;
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_disco_info_async);
  query = schnack_xml_node_add_child (iq, "query", SCHNACK_NS_DISCO_INFO);
  if (node != NULL)
    schnack_xml_node_set_attribute (query, "node", node);
  schnack_connection_send_iq_async (connection, iq, cancellable, on_info_received, task);
}

SchnackDiscoInfo *
schnack_disco_info_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_version_received (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(SchnackXmlNode) reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source), result, &error);
  SchnackXmlNode *query;
  g_autofree char *name = NULL;
  g_autofree char *version = NULL;

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  query = schnack_xml_node_get_child (reply, "query", SCHNACK_NS_VERSION);
  name = query != NULL ? schnack_xml_node_dup_child_text (query, "name", NULL) : NULL;
  version = query != NULL ? schnack_xml_node_dup_child_text (query, "version", NULL) : NULL;
  if (name == NULL)
    g_task_return_pointer (task, NULL, NULL);
  else if (version == NULL)
    g_task_return_pointer (task, g_steal_pointer (&name), g_free);
  else
    g_task_return_pointer (task, g_strdup_printf ("%s %s", name, version), g_free);
}

/**
 * schnack_version_request_async:
 *
 * Asks a contact's device which program it runs (XEP-0092).
 */
void
schnack_version_request_async (SchnackConnection   *connection,
                               const char          *full_jid,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(SchnackXmlNode) iq = schnack_xml_node_new_iq ("get", full_jid);
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_version_request_async);
  schnack_xml_node_add_child (iq, "query", SCHNACK_NS_VERSION);
  schnack_connection_send_iq_async (connection, iq, cancellable, on_version_received, task);
}

/**
 * schnack_version_request_finish:
 * Returns: (transfer full) (nullable): "Name version", or %NULL if the
 *   device did not say
 */
char *
schnack_version_request_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
