/* bookmarks.c — saved rooms: XEP-0402 in PEP, XEP-0048 in private storage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * XEP-0402 keeps one PEP item per room (item id = room JID), published
 * with access_model "whitelist" so only our own account reads them, and
 * notifies our other devices of every change. Servers that do not
 * mirror it into the old format (no urn:xmpp:bookmarks:1#compat on our
 * account) may have clients that only know XEP-0048; then the whole list
 * lives in private storage (XEP-0049) instead.
 */
#include "config.h"

#include "xmpp/bookmarks.h"
#include "xmpp/pep.h"
#include "xmpp/stanza-error.h"

#define NS_PRIVATE "jabber:iq:private"
#define NS_STORAGE "storage:bookmarks"
#define NS_DATA_FORMS "jabber:x:data"
#define NS_PUBLISH_OPTIONS "http://jabber.org/protocol/pubsub#publish-options"

G_DEFINE_BOXED_TYPE (SchnackBookmark, schnack_bookmark, schnack_bookmark_copy, schnack_bookmark_free)

SchnackBookmark *
schnack_bookmark_new (const char *jid)
{
  SchnackBookmark *bookmark = g_new0 (SchnackBookmark, 1);

  bookmark->jid = g_strdup (jid);
  return bookmark;
}

SchnackBookmark *
schnack_bookmark_copy (const SchnackBookmark *bookmark)
{
  SchnackBookmark *copy = schnack_bookmark_new (bookmark->jid);

  copy->name = g_strdup (bookmark->name);
  copy->nick = g_strdup (bookmark->nick);
  copy->password = g_strdup (bookmark->password);
  copy->autojoin = bookmark->autojoin;
  return copy;
}

void
schnack_bookmark_free (SchnackBookmark *bookmark)
{
  if (bookmark == NULL)
    return;
  g_free (bookmark->jid);
  g_free (bookmark->name);
  g_free (bookmark->nick);
  g_free (bookmark->password);
  g_free (bookmark);
}

static gboolean
parse_boolean (const char *text)
{
  return g_strcmp0 (text, "true") == 0 || g_strcmp0 (text, "1") == 0;
}

static char *
child_text (const SchnackXmlNode *node,
            const char           *name)
{
  char *text = schnack_xml_node_dup_child_text (node, name, NULL);

  if (text != NULL && *g_strstrip (text) == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* <conference/> of either spec: the room JID comes from the item id
 * (XEP-0402) or the element's jid attribute (XEP-0048). */
static SchnackBookmark *
parse_conference (const SchnackXmlNode *conference,
                  const char           *jid)
{
  SchnackBookmark *bookmark;
  const char *name;

  if (jid == NULL || *jid == '\0')
    return NULL;
  bookmark = schnack_bookmark_new (jid);
  name = schnack_xml_node_get_attribute (conference, "name");
  bookmark->name = name != NULL && *name != '\0' ? g_strdup (name) : NULL;
  bookmark->autojoin = parse_boolean (schnack_xml_node_get_attribute (conference, "autojoin"));
  bookmark->nick = child_text (conference, "nick");
  bookmark->password = child_text (conference, "password");
  return bookmark;
}

static void
add_items (GPtrArray            *bookmarks,
           GPtrArray            *retracted,
           const SchnackXmlNode *items)
{
  for (guint i = 0; items != NULL && i < schnack_xml_node_get_n_children (items); i++)
    {
      SchnackXmlNode *item = schnack_xml_node_get_nth_child (items, i);
      const char *id = schnack_xml_node_get_attribute (item, "id");
      const char *name = schnack_xml_node_get_name (item);
      SchnackXmlNode *conference;
      SchnackBookmark *bookmark;

      if (g_str_equal (name, "retract") && retracted != NULL && id != NULL)
        {
          g_ptr_array_add (retracted, g_strdup (id));
          continue;
        }
      if (!g_str_equal (name, "item"))
        continue;
      conference = schnack_xml_node_get_child (item, "conference", SCHNACK_NS_BOOKMARKS2);
      if (conference != NULL && (bookmark = parse_conference (conference, id)) != NULL)
        g_ptr_array_add (bookmarks, bookmark);
    }
}

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  gboolean legacy = GPOINTER_TO_INT (g_task_get_task_data (task));
  GError *error = NULL;
  g_autoptr(SchnackXmlNode) reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source), result, &error);
  GPtrArray *bookmarks = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_bookmark_free);

  if (reply == NULL)
    {
      /* No node yet simply means no bookmarks yet. */
      if (g_error_matches (error, SCHNACK_STANZA_ERROR, SCHNACK_STANZA_ERROR_ITEM_NOT_FOUND))
        {
          g_clear_error (&error);
          g_task_return_pointer (task, bookmarks, (GDestroyNotify) g_ptr_array_unref);
          return;
        }
      g_ptr_array_unref (bookmarks);
      g_task_return_error (task, error);
      return;
    }

  if (legacy)
    {
      SchnackXmlNode *query = schnack_xml_node_get_child (reply, "query", NS_PRIVATE);
      SchnackXmlNode *storage = query != NULL ? schnack_xml_node_get_child (query, "storage", NS_STORAGE) : NULL;

      for (guint i = 0; storage != NULL && i < schnack_xml_node_get_n_children (storage); i++)
        {
          SchnackXmlNode *conference = schnack_xml_node_get_nth_child (storage, i);
          SchnackBookmark *bookmark;

          if (g_str_equal (schnack_xml_node_get_name (conference), "conference") &&
              (bookmark = parse_conference (conference, schnack_xml_node_get_attribute (conference, "jid"))) != NULL)
            g_ptr_array_add (bookmarks, bookmark);
        }
    }
  else
    {
      SchnackXmlNode *pubsub = schnack_xml_node_get_child (reply, "pubsub", SCHNACK_NS_PUBSUB);

      add_items (bookmarks, NULL, pubsub != NULL ? schnack_xml_node_get_child (pubsub, "items", NULL) : NULL);
    }
  g_task_return_pointer (task, bookmarks, (GDestroyNotify) g_ptr_array_unref);
}

void
schnack_bookmarks_fetch_async (SchnackConnection   *connection,
                               gboolean             legacy,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(SchnackXmlNode) iq = NULL;
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_bookmarks_fetch_async);
  g_task_set_task_data (task, GINT_TO_POINTER (legacy), NULL);
  if (legacy)
    {
      SchnackXmlNode *query;

      iq = schnack_xml_node_new_iq ("get", NULL);
      query = schnack_xml_node_add_child (iq, "query", NS_PRIVATE);
      schnack_xml_node_add_child (query, "storage", NS_STORAGE);
    }
  else
    {
      SchnackXmlNode *pubsub;
      SchnackXmlNode *items;

      iq = schnack_xml_node_new_iq ("get", NULL);
      pubsub = schnack_xml_node_add_child (iq, "pubsub", SCHNACK_NS_PUBSUB);
      items = schnack_xml_node_add_child (pubsub, "items", NULL);
      schnack_xml_node_set_attribute (items, "node", SCHNACK_NS_BOOKMARKS2);
    }
  schnack_connection_send_iq_async (connection, iq, cancellable, on_fetched, task);
}

GPtrArray *
schnack_bookmarks_fetch_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
add_option (SchnackXmlNode *x,
            const char     *var,
            const char     *value,
            const char     *type)
{
  SchnackXmlNode *field = schnack_xml_node_add_child (x, "field", NULL);

  schnack_xml_node_set_attribute (field, "var", var);
  if (type != NULL)
    schnack_xml_node_set_attribute (field, "type", type);
  schnack_xml_node_add_text_child (field, "value", value);
}

static void
fill_conference (SchnackXmlNode        *conference,
                 const SchnackBookmark *bookmark)
{
  if (bookmark->name != NULL)
    schnack_xml_node_set_attribute (conference, "name", bookmark->name);
  schnack_xml_node_set_attribute (conference, "autojoin", bookmark->autojoin ? "true" : "false");
  if (bookmark->nick != NULL)
    schnack_xml_node_add_text_child (conference, "nick", bookmark->nick);
  if (bookmark->password != NULL)
    schnack_xml_node_add_text_child (conference, "password", bookmark->password);
}

void
schnack_bookmarks_publish_async (SchnackConnection     *connection,
                                 const SchnackBookmark *bookmark,
                                 GCancellable          *cancellable,
                                 GAsyncReadyCallback    callback,
                                 gpointer               user_data)
{
  g_autoptr(SchnackXmlNode) iq = schnack_xml_node_new_iq ("set", NULL);
  SchnackXmlNode *pubsub;
  SchnackXmlNode *publish;
  SchnackXmlNode *item;
  SchnackXmlNode *options;
  SchnackXmlNode *x;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  g_return_if_fail (bookmark != NULL && bookmark->jid != NULL);

  pubsub = schnack_xml_node_add_child (iq, "pubsub", SCHNACK_NS_PUBSUB);
  publish = schnack_xml_node_add_child (pubsub, "publish", NULL);
  schnack_xml_node_set_attribute (publish, "node", SCHNACK_NS_BOOKMARKS2);
  item = schnack_xml_node_add_child (publish, "item", NULL);
  schnack_xml_node_set_attribute (item, "id", bookmark->jid);
  fill_conference (schnack_xml_node_add_child (item, "conference", SCHNACK_NS_BOOKMARKS2), bookmark);

  /* XEP-0402 §3: private, many items, kept. */
  options = schnack_xml_node_add_child (pubsub, "publish-options", NULL);
  x = schnack_xml_node_add_child (options, "x", NS_DATA_FORMS);
  schnack_xml_node_set_attribute (x, "type", "submit");
  add_option (x, "FORM_TYPE", NS_PUBLISH_OPTIONS, "hidden");
  add_option (x, "pubsub#persist_items", "true", NULL);
  add_option (x, "pubsub#max_items", "max", NULL);
  add_option (x, "pubsub#send_last_published_item", "never", NULL);
  add_option (x, "pubsub#access_model", "whitelist", NULL);

  schnack_connection_send_iq_checked_async (connection, iq, cancellable, callback, user_data,
                                            schnack_bookmarks_publish_async);
}

void
schnack_bookmarks_retract_async (SchnackConnection   *connection,
                                 const char          *room_jid,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(SchnackXmlNode) iq = schnack_xml_node_new_iq ("set", NULL);
  SchnackXmlNode *pubsub;
  SchnackXmlNode *retract;
  SchnackXmlNode *item;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  g_return_if_fail (room_jid != NULL);

  pubsub = schnack_xml_node_add_child (iq, "pubsub", SCHNACK_NS_PUBSUB);
  retract = schnack_xml_node_add_child (pubsub, "retract", NULL);
  schnack_xml_node_set_attribute (retract, "node", SCHNACK_NS_BOOKMARKS2);
  schnack_xml_node_set_attribute (retract, "notify", "true");
  item = schnack_xml_node_add_child (retract, "item", NULL);
  schnack_xml_node_set_attribute (item, "id", room_jid);
  schnack_connection_send_iq_checked_async (connection, iq, cancellable, callback, user_data,
                                            schnack_bookmarks_retract_async);
}

void
schnack_bookmarks_store_legacy_async (SchnackConnection  *connection,
                                      GPtrArray          *bookmarks,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_autoptr(SchnackXmlNode) iq = schnack_xml_node_new_iq ("set", NULL);
  SchnackXmlNode *query;
  SchnackXmlNode *storage;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  g_return_if_fail (bookmarks != NULL);

  query = schnack_xml_node_add_child (iq, "query", NS_PRIVATE);
  storage = schnack_xml_node_add_child (query, "storage", NS_STORAGE);
  for (guint i = 0; i < bookmarks->len; i++)
    {
      const SchnackBookmark *bookmark = g_ptr_array_index (bookmarks, i);
      SchnackXmlNode *conference = schnack_xml_node_add_child (storage, "conference", NULL);

      schnack_xml_node_set_attribute (conference, "jid", bookmark->jid);
      fill_conference (conference, bookmark);
    }
  schnack_connection_send_iq_checked_async (connection, iq, cancellable, callback, user_data,
                                            schnack_bookmarks_store_legacy_async);
}

gboolean
schnack_bookmarks_change_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return schnack_connection_send_iq_checked_finish (result, error);
}

gboolean
schnack_bookmarks_parse_event (const SchnackXmlNode *message,
                               const char           *own_bare_jid,
                               GPtrArray            *out_published,
                               GPtrArray            *out_retracted)
{
  const char *from = schnack_xml_node_get_attribute (message, "from");
  SchnackXmlNode *event = schnack_xml_node_get_child (message, "event", SCHNACK_NS_PUBSUB_EVENT);
  SchnackXmlNode *items = event != NULL ? schnack_xml_node_get_child (event, "items", NULL) : NULL;

  g_return_val_if_fail (message != NULL, FALSE);

  /* Only our own account publishes our bookmarks. */
  if (from != NULL && (own_bare_jid == NULL || g_ascii_strcasecmp (from, own_bare_jid) != 0))
    return FALSE;
  if (items == NULL || g_strcmp0 (schnack_xml_node_get_attribute (items, "node"), SCHNACK_NS_BOOKMARKS2) != 0)
    return FALSE;
  add_items (out_published, out_retracted, items);
  return TRUE;
}
