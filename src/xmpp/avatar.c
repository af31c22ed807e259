/* avatar.c — profile pictures (XEP-0084, XEP-0153) and nicknames (XEP-0172)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pictures are named by the SHA-1 of their bytes, so they are cached by
 * name and a fetched picture is checked against it: a server or contact
 * cannot slip in a different image under a known name. PEP (XEP-0084)
 * comes first; contacts whose clients only use vCards (XEP-0153) are
 * fetched from their vCard. Our own picture goes to both.
 */
#include "config.h"

#include "xmpp/avatar.h"
#include "xmpp/pep.h"

#include <glib/gi18n-lib.h>

#define MAX_AVATAR_BYTES (4 * 1024 * 1024)

char *
schnack_avatar_hash (GBytes *image)
{
  g_return_val_if_fail (image != NULL, NULL);
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, image);
}

/**
 * schnack_avatar_parse_metadata:
 * @out_id: (out): the picture's SHA-1 (hex), or %NULL when the contact
 *   removed their picture
 *
 * Returns: %FALSE if @metadata is not avatar metadata at all
 */
gboolean
schnack_avatar_parse_metadata (const SchnackXmlNode  *metadata,
                               char                 **out_id,
                               char                 **out_type)
{
  SchnackXmlNode *info;

  *out_id = NULL;
  if (out_type != NULL)
    *out_type = NULL;
  if (metadata == NULL || g_strcmp0 (schnack_xml_node_get_xmlns (metadata), SCHNACK_NS_AVATAR_METADATA) != 0)
    return FALSE;

  /* Several <info/> may offer other formats; the PNG one is mandatory. */
  for (guint i = 0; i < schnack_xml_node_get_n_children (metadata); i++)
    {
      info = schnack_xml_node_get_nth_child (metadata, i);
      if (!g_str_equal (schnack_xml_node_get_name (info), "info") ||
          schnack_xml_node_get_attribute (info, "url") != NULL)
        continue;
      *out_id = g_ascii_strdown (schnack_xml_node_get_attribute (info, "id") ?: "", -1);
      if (out_type != NULL)
        *out_type = g_strdup (schnack_xml_node_get_attribute (info, "type"));
      if (**out_id == '\0')
        g_clear_pointer (out_id, g_free);
      break;
    }
  return TRUE;
}

static GBytes *
decode_checked (const char  *base64,
                const char  *expected_id,
                GError     **error)
{
  g_autofree guchar *data = NULL;
  g_autoptr(GString) clean = NULL;
  g_autofree char *actual = NULL;
  g_autoptr(GBytes) image = NULL;
  gsize length = 0;

  if (base64 == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No picture was sent."));
      return NULL;
    }
  /* Line breaks and spaces are allowed in the base64 text. */
  clean = g_string_new (NULL);
  for (const char *p = base64; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (clean, *p);
  data = g_base64_decode (clean->str, &length);
  if (length == 0 || length > MAX_AVATAR_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The picture is empty or too large."));
      return NULL;
    }
  image = g_bytes_new_take (g_steal_pointer (&data), length);
  actual = schnack_avatar_hash (image);
  if (expected_id != NULL && g_ascii_strcasecmp (actual, expected_id) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The picture does not match its name; it was ignored."));
      return NULL;
    }
  return g_steal_pointer (&image);
}

static void
on_data_fetched (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(SchnackXmlNode) data = schnack_pep_fetch_finish (result, &error);
  g_autofree char *base64 = NULL;
  GBytes *image;

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  base64 = data != NULL ? schnack_xml_node_dup_text (data) : NULL;
  image = decode_checked (base64, g_task_get_task_data (task), &error);
  if (image == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, image, (GDestroyNotify) g_bytes_unref);
}

/**
 * schnack_avatar_fetch_async:
 * @id: the SHA-1 from the metadata; the bytes must match it
 */
void
schnack_avatar_fetch_async (SchnackConnection   *connection,
                            const char          *jid,
                            const char          *id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  g_return_if_fail (jid != NULL && id != NULL);

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_avatar_fetch_async);
  g_task_set_task_data (task, g_strdup (id), g_free);
  schnack_pep_fetch_async (connection, jid, SCHNACK_NS_AVATAR_DATA, id, cancellable, on_data_fetched, task);
}

static void
on_vcard_fetched (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(SchnackXmlNode) reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source), result, &error);
  SchnackXmlNode *vcard;
  SchnackXmlNode *photo;
  g_autofree char *base64 = NULL;
  GBytes *image;

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  vcard = schnack_xml_node_get_child (reply, "vCard", SCHNACK_NS_VCARD);
  photo = vcard != NULL ? schnack_xml_node_get_child (vcard, "PHOTO", NULL) : NULL;
  base64 = photo != NULL ? schnack_xml_node_dup_child_text (photo, "BINVAL", NULL) : NULL;
  image = decode_checked (base64, NULL, &error);
  if (image == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, image, (GDestroyNotify) g_bytes_unref);
}

/* XEP-0153: the picture in the contact's vCard. */
void
schnack_avatar_fetch_vcard_async (SchnackConnection   *connection,
                                  const char          *jid,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(SchnackXmlNode) iq = schnack_xml_node_new_iq ("get", jid);
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_avatar_fetch_vcard_async);
  schnack_xml_node_add_child (iq, "vCard", SCHNACK_NS_VCARD);
  schnack_connection_send_iq_async (connection, iq, cancellable, on_vcard_fetched, task);
}

/**
 * schnack_avatar_fetch_finish:
 * Returns: (transfer full): the picture's bytes
 */
GBytes *
schnack_avatar_fetch_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  GBytes *image;
  char   *type;
  char   *id;
  guint   pending;
  GError *error;
} PublishData;

static void
publish_data_free (PublishData *data)
{
  g_bytes_unref (data->image);
  g_free (data->type);
  g_free (data->id);
  g_clear_error (&data->error);
  g_free (data);
}

static void
on_metadata_published (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PublishData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!schnack_pep_publish_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_strdup (data->id), g_free);
}

static void
on_vcard_set (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SchnackXmlNode) reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source), result, NULL);

  /* The vCard copy is for older clients only: a failure is not fatal. */
  if (reply == NULL)
    g_debug ("Could not put the picture into the vCard");
}

static void
on_avatar_data_published (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PublishData *data = g_task_get_task_data (task);
  g_autoptr(SchnackXmlNode) metadata = schnack_xml_node_new ("metadata", SCHNACK_NS_AVATAR_METADATA);
  g_autoptr(SchnackXmlNode) vcard_iq = schnack_xml_node_new_iq ("set", NULL);
  g_autofree char *base64 = NULL;
  g_autofree char *bytes = NULL;
  SchnackXmlNode *info;
  SchnackXmlNode *photo;
  GError *error = NULL;

  if (!schnack_pep_publish_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Metadata last: it announces a picture that can now be fetched. */
  info = schnack_xml_node_add_child (metadata, "info", NULL);
  bytes = g_strdup_printf ("%" G_GSIZE_FORMAT, g_bytes_get_size (data->image));
  schnack_xml_node_set_attribute (info, "bytes", bytes);
  schnack_xml_node_set_attribute (info, "id", data->id);
  schnack_xml_node_set_attribute (info, "type", data->type);
  schnack_pep_publish_async (SCHNACK_CONNECTION (source), SCHNACK_NS_AVATAR_METADATA, data->id, metadata,
                             TRUE, g_task_get_cancellable (task), on_metadata_published, g_object_ref (task));

  photo = schnack_xml_node_add_child (schnack_xml_node_add_child (vcard_iq, "vCard", SCHNACK_NS_VCARD),
                                      "PHOTO", NULL);
  schnack_xml_node_add_text_child (photo, "TYPE", data->type);
  base64 = g_base64_encode (g_bytes_get_data (data->image, NULL), g_bytes_get_size (data->image));
  schnack_xml_node_add_text_child (photo, "BINVAL", base64);
  schnack_connection_send_iq_async (SCHNACK_CONNECTION (source), vcard_iq, NULL, on_vcard_set, NULL);
}

/**
 * schnack_avatar_publish_async:
 * @type: e.g. "image/png"
 *
 * Publishes our picture (XEP-0084, readable by anyone) and puts it in
 * our vCard for XEP-0153 clients.
 */
void
schnack_avatar_publish_async (SchnackConnection   *connection,
                              GBytes              *image,
                              const char          *type,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(SchnackXmlNode) payload = schnack_xml_node_new ("data", SCHNACK_NS_AVATAR_DATA);
  g_autofree char *base64 = NULL;
  PublishData *data;
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  g_return_if_fail (image != NULL && type != NULL);

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_avatar_publish_async);
  data = g_new0 (PublishData, 1);
  data->image = g_bytes_ref (image);
  data->type = g_strdup (type);
  data->id = schnack_avatar_hash (image);
  g_task_set_task_data (task, data, (GDestroyNotify) publish_data_free);

  base64 = g_base64_encode (g_bytes_get_data (image, NULL), g_bytes_get_size (image));
  schnack_xml_node_set_text (payload, base64);
  schnack_pep_publish_async (connection, SCHNACK_NS_AVATAR_DATA, data->id, payload, TRUE,
                             cancellable, on_avatar_data_published, task);
}

/**
 * schnack_avatar_publish_finish:
 * Returns: (transfer full): the published picture's id (SHA-1)
 */
char *
schnack_avatar_publish_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* XEP-0172: the name we would like to be shown with. */
void
schnack_nick_publish_async (SchnackConnection   *connection,
                            const char          *nick,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(SchnackXmlNode) payload = schnack_xml_node_new ("nick", SCHNACK_NS_NICK);

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  g_return_if_fail (nick != NULL);

  schnack_xml_node_set_text (payload, nick);
  schnack_pep_publish_async (connection, SCHNACK_NS_NICK, NULL, payload, TRUE, cancellable, callback, user_data);
}

gboolean
schnack_nick_publish_finish (GAsyncResult  *result,
                             GError       **error)
{
  return schnack_pep_publish_finish (result, error);
}
