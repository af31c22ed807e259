/* muc-disco.c — finding group chat services and their rooms (XEP-0030, XEP-0045 §6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Service discovery as the join and create dialogs need it: which of
 * the server's items is its conference service, which public rooms it
 * has, and what each room is (password-protected, members-only, archived,
 * how many are in it — muc#roominfo_occupants of XEP-0045 §15.5.4).
 */
#include "config.h"

#include "xmpp/muc-disco.h"
#include "xmpp/disco.h"
#include "xmpp/stanza-util.h"

#include <string.h>

#define NS_DATA_FORMS "jabber:x:data"
#define NS_ROOMINFO "http://jabber.org/protocol/muc#roominfo"
/* Asking every room of a big service would flood it: the first ones only. */
#define MAX_ROOMS_DESCRIBED 200

G_DEFINE_BOXED_TYPE (SchnackMucRoomInfo, schnack_muc_room_info,
                     schnack_muc_room_info_copy, schnack_muc_room_info_free)

SchnackMucRoomInfo *
schnack_muc_room_info_copy (const SchnackMucRoomInfo *info)
{
  SchnackMucRoomInfo *copy = g_new0 (SchnackMucRoomInfo, 1);

  copy->jid = g_strdup (info->jid);
  copy->name = g_strdup (info->name);
  copy->occupants = info->occupants;
  copy->features = g_strdupv (info->features);
  copy->is_room = info->is_room;
  return copy;
}

void
schnack_muc_room_info_free (SchnackMucRoomInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->jid);
  g_free (info->name);
  g_strfreev (info->features);
  g_free (info);
}

gboolean
schnack_muc_room_info_has_feature (const SchnackMucRoomInfo *info,
                                   const char               *feature)
{
  g_return_val_if_fail (info != NULL, FALSE);
  return info->features != NULL && g_strv_contains ((const char * const *) info->features, feature);
}

static void
read_room_form (SchnackMucRoomInfo   *info,
                const SchnackXmlNode *x)
{
  for (guint i = 0; i < schnack_xml_node_get_n_children (x); i++)
    {
      SchnackXmlNode *field = schnack_xml_node_get_nth_child (x, i);
      const char *var = schnack_xml_node_get_attribute (field, "var");
      g_autofree char *value = NULL;

      if (g_strcmp0 (var, "muc#roominfo_occupants") != 0)
        continue;
      value = schnack_xml_node_dup_child_text (field, "value", NULL);
      if (value != NULL)
        {
          guint64 count = 0;

          if (g_ascii_string_to_unsigned (g_strstrip (value), 10, 0, G_MAXINT, &count, NULL))
            info->occupants = (int) count;
        }
    }
}

static SchnackMucRoomInfo *
parse_room_info (const char           *jid,
                 const SchnackXmlNode *reply)
{
  SchnackXmlNode *query = schnack_xml_node_get_child (reply, "query", SCHNACK_NS_DISCO_INFO);
  SchnackMucRoomInfo *info = g_new0 (SchnackMucRoomInfo, 1);
  g_autoptr(GStrvBuilder) features = g_strv_builder_new ();

  info->jid = g_strdup (jid);
  info->occupants = -1;
  for (guint i = 0; query != NULL && i < schnack_xml_node_get_n_children (query); i++)
    {
      SchnackXmlNode *child = schnack_xml_node_get_nth_child (query, i);
      const char *name = schnack_xml_node_get_name (child);

      if (g_str_equal (name, "identity"))
        {
          const char *title = schnack_xml_node_get_attribute (child, "name");

          if (g_strcmp0 (schnack_xml_node_get_attribute (child, "category"), "conference") == 0 &&
              g_strcmp0 (schnack_xml_node_get_attribute (child, "type"), "text") == 0)
            info->is_room = TRUE;
          if (info->name == NULL && title != NULL && *title != '\0')
            info->name = g_strdup (title);
        }
      else if (g_str_equal (name, "feature") && schnack_xml_node_get_attribute (child, "var") != NULL)
        {
          g_strv_builder_add (features, schnack_xml_node_get_attribute (child, "var"));
        }
      else if (g_str_equal (name, "x") && g_strcmp0 (schnack_xml_node_get_xmlns (child), NS_DATA_FORMS) == 0)
        {
          read_room_form (info, child);
        }
    }
  info->features = g_strv_builder_end (features);
  return info;
}

static void
on_room_info (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(SchnackXmlNode) reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source), result, &error);

  if (reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, parse_room_info (g_task_get_task_data (task), reply),
                           (GDestroyNotify) schnack_muc_room_info_free);
}

void
schnack_muc_room_info_async (SchnackConnection   *connection,
                             const char          *jid,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(SchnackXmlNode) iq = NULL;
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  g_return_if_fail (jid != NULL);

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_muc_room_info_async);
  g_task_set_task_data (task, g_strdup (jid), g_free);
  iq = schnack_xml_node_new_iq ("get", jid);
  schnack_xml_node_add_child (iq, "query", SCHNACK_NS_DISCO_INFO);
  schnack_connection_send_iq_async (connection, iq, cancellable, on_room_info, task);
}

SchnackMucRoomInfo *
schnack_muc_room_info_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* disco#items of @jid: the items' JIDs and names, in order. */
static void
request_items (SchnackConnection   *connection,
               const char          *jid,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(SchnackXmlNode) iq = schnack_xml_node_new_iq ("get", jid);

  schnack_xml_node_add_child (iq, "query", SCHNACK_NS_DISCO_ITEMS);
  schnack_connection_send_iq_async (connection, iq, cancellable, callback, user_data);
}

static GPtrArray *
parse_items (const SchnackXmlNode *reply)
{
  SchnackXmlNode *query = schnack_xml_node_get_child (reply, "query", SCHNACK_NS_DISCO_ITEMS);
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_muc_room_info_free);

  for (guint i = 0; query != NULL && i < schnack_xml_node_get_n_children (query); i++)
    {
      SchnackXmlNode *child = schnack_xml_node_get_nth_child (query, i);
      const char *jid = schnack_xml_node_get_attribute (child, "jid");
      const char *name = schnack_xml_node_get_attribute (child, "name");
      SchnackMucRoomInfo *item;

      if (!g_str_equal (schnack_xml_node_get_name (child), "item") || jid == NULL)
        continue;
      item = g_new0 (SchnackMucRoomInfo, 1);
      item->jid = g_strdup (jid);
      item->name = name != NULL && *name != '\0' ? g_strdup (name) : NULL;
      item->occupants = -1;
      item->features = g_new0 (char *, 1);
      g_ptr_array_add (items, item);
    }
  return items;
}

/* ------------------------------------------------------------------ */
/* Finding the service                                                 */

typedef struct {
  GPtrArray *candidates;
  guint      next;
} ServiceSearch;

static void
service_search_free (ServiceSearch *search)
{
  g_clear_pointer (&search->candidates, g_ptr_array_unref);
  g_free (search);
}

static void check_next_candidate (GTask *task);

static void
on_candidate_info (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackMucRoomInfo) info = schnack_muc_room_info_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (info != NULL && info->is_room &&
      schnack_muc_room_info_has_feature (info, "http://jabber.org/protocol/muc"))
    {
      g_task_return_pointer (task, g_strdup (info->jid), g_free);
      return;
    }
  check_next_candidate (g_steal_pointer (&task));
}

static void
check_next_candidate (GTask *task)
{
  ServiceSearch *search = g_task_get_task_data (task);
  SchnackMucRoomInfo *candidate;

  if (search->next >= search->candidates->len)
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }
  candidate = g_ptr_array_index (search->candidates, search->next++);
  schnack_muc_room_info_async (g_task_get_source_object (task), candidate->jid,
                               g_task_get_cancellable (task), on_candidate_info, task);
}

static void
on_server_items (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  g_autoptr(SchnackXmlNode) reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source), result, &error);
  ServiceSearch *search = g_task_get_task_data (task);

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  search->candidates = parse_items (reply);
  check_next_candidate (task);
}

void
schnack_muc_find_service_async (SchnackConnection   *connection,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  const char *jid;
  const char *at;
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_muc_find_service_async);
  g_task_set_task_data (task, g_new0 (ServiceSearch, 1), (GDestroyNotify) service_search_free);
  jid = schnack_connection_get_jid (connection);
  at = strchr (jid, '@');
  request_items (connection, at != NULL ? at + 1 : jid, cancellable, on_server_items, task);
}

char *
schnack_muc_find_service_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Listing rooms                                                       */

typedef struct {
  GPtrArray *rooms;
  guint      pending;
} RoomListing;

static void
room_listing_free (RoomListing *listing)
{
  g_clear_pointer (&listing->rooms, g_ptr_array_unref);
  g_free (listing);
}

typedef struct {
  GTask *task;
  guint  index;
} RoomQuery;

static void
on_listed_room_info (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  RoomQuery *query = user_data;
  g_autoptr(GTask) task = query->task;
  RoomListing *listing = g_task_get_task_data (task);
  g_autoptr(SchnackMucRoomInfo) info = schnack_muc_room_info_finish (result, NULL);

  if (info != NULL)
    {
      SchnackMucRoomInfo *room = g_ptr_array_index (listing->rooms, query->index);

      room->occupants = info->occupants;
      room->is_room = info->is_room;
      g_strfreev (room->features);
      room->features = g_steal_pointer (&info->features);
      if (room->name == NULL)
        room->name = g_steal_pointer (&info->name);
    }
  g_free (query);
  if (--listing->pending == 0)
    g_task_return_pointer (task, g_ptr_array_ref (listing->rooms), (GDestroyNotify) g_ptr_array_unref);
}

static void
on_service_items (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(SchnackXmlNode) reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source), result, &error);
  RoomListing *listing = g_task_get_task_data (task);

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  listing->rooms = parse_items (reply);
  listing->pending = MIN (listing->rooms->len, MAX_ROOMS_DESCRIBED);
  if (listing->pending == 0)
    {
      g_task_return_pointer (task, g_ptr_array_ref (listing->rooms), (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  for (guint i = 0; i < MIN (listing->rooms->len, MAX_ROOMS_DESCRIBED); i++)
    {
      SchnackMucRoomInfo *room = g_ptr_array_index (listing->rooms, i);
      RoomQuery *query = g_new0 (RoomQuery, 1);

      query->task = g_object_ref (task);
      query->index = i;
      schnack_muc_room_info_async (SCHNACK_CONNECTION (source), room->jid,
                                   g_task_get_cancellable (task), on_listed_room_info, query);
    }
}

void
schnack_muc_list_rooms_async (SchnackConnection   *connection,
                              const char          *service,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  g_return_if_fail (service != NULL);

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_muc_list_rooms_async);
  g_task_set_task_data (task, g_new0 (RoomListing, 1), (GDestroyNotify) room_listing_free);
  request_items (connection, service, cancellable, on_service_items, task);
}

GPtrArray *
schnack_muc_list_rooms_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
