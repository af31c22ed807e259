/* avatars.c — contacts' pictures and chosen names, cached on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Follows avatar and nickname notifications (PEP, announced through our
 * caps) and, for contacts whose clients only use vCards, the picture
 * hash in their presence. Pictures are cached by their SHA-1 in
 * $XDG_CACHE_HOME/schnack/avatars, so each is fetched once for all
 * accounts, and a contact without one shows initials in their colour.
 */
#include "config.h"

#include "core/avatars.h"
#include "xmpp/avatar.h"
#include "xmpp/pep.h"
#include "xmpp/presence.h"
#include "xmpp/stanza-util.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

struct _SchnackAvatars {
  GObject             parent_instance;
  SchnackConnection  *connection;
  SchnackContactList *contacts;
  char               *cache_dir;
  GHashTable         *fetching;     /* picture id → TRUE */
  GHashTable         *pep_users;    /* bare JIDs that use XEP-0084 */
  GCancellable       *cancellable;
};

G_DEFINE_FINAL_TYPE (SchnackAvatars, schnack_avatars, G_TYPE_OBJECT)

char *
schnack_avatars_default_cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "schnack", "avatars", NULL);
}

static gboolean
is_hex_id (const char *id)
{
  if (id == NULL || strlen (id) != 40)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

typedef struct {
  SchnackAvatars *self;
  char           *jid;
  char           *id;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_object_unref (data->self);
  g_free (data->jid);
  g_free (data->id);
  g_free (data);
}

static void
show_picture (SchnackAvatars *self,
              const char     *jid,
              const char     *path)
{
  SchnackContact *contact = schnack_contact_list_find (self->contacts, jid);

  if (contact != NULL)
    schnack_contact_set_avatar_file (contact, path);
}

static void
on_picture_fetched (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  FetchData *data = user_data;
  SchnackAvatars *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) image = schnack_avatar_fetch_finish (result, &error);
  g_autofree char *id = image != NULL ? schnack_avatar_hash (image) : NULL;
  g_autofree char *path = NULL;

  g_hash_table_remove (self->fetching, data->id);
  if (image == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No picture for %s: %s", data->jid, error->message);
      fetch_data_free (data);
      return;
    }

  /* A vCard picture is named by its own hash; a PEP one was checked. */
  path = g_build_filename (self->cache_dir, id, NULL);
  if (g_mkdir_with_parents (self->cache_dir, 0700) != 0 ||
      !g_file_set_contents (path, g_bytes_get_data (image, NULL), g_bytes_get_size (image), &error))
    g_warning ("Could not cache a picture: %s", error != NULL ? error->message : g_strerror (errno));
  else
    show_picture (self, data->jid, path);
  fetch_data_free (data);
}

/* Shows the picture @id of @jid, fetching it first if not cached. */
static void
ensure_picture (SchnackAvatars *self,
                const char     *jid,
                const char     *id,
                gboolean        from_vcard)
{
  g_autofree char *path = NULL;
  FetchData *data;

  if (!is_hex_id (id))
    {
      show_picture (self, jid, NULL);
      return;
    }
  path = g_build_filename (self->cache_dir, id, NULL);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      show_picture (self, jid, path);
      return;
    }
  if (!g_hash_table_add (self->fetching, g_strdup (id)))
    return;

  data = g_new0 (FetchData, 1);
  data->self = g_object_ref (self);
  data->jid = g_strdup (jid);
  data->id = g_strdup (id);
  if (from_vcard)
    schnack_avatar_fetch_vcard_async (self->connection, jid, self->cancellable, on_picture_fetched, data);
  else
    schnack_avatar_fetch_async (self->connection, jid, id, self->cancellable, on_picture_fetched, data);
}

static void
on_avatar_metadata (SchnackConnection *connection,
                    SchnackXmlNode    *message,
                    SchnackAvatars    *self)
{
  g_autofree char *jid = schnack_jid_dup_bare (schnack_xml_node_get_attribute (message, "from"));
  g_autofree char *id = NULL;
  g_autofree char *type = NULL;

  if (jid == NULL || schnack_contact_list_find (self->contacts, jid) == NULL)
    return;
  if (!schnack_avatar_parse_metadata (schnack_pep_event_first_item (message, NULL), &id, &type))
    return;
  g_hash_table_add (self->pep_users, g_strdup (jid));
  ensure_picture (self, jid, id, FALSE);
}

static void
on_nick (SchnackConnection *connection,
         SchnackXmlNode    *message,
         SchnackAvatars    *self)
{
  g_autofree char *jid = schnack_jid_dup_bare (schnack_xml_node_get_attribute (message, "from"));
  SchnackXmlNode *nick = schnack_pep_event_first_item (message, NULL);
  SchnackContact *contact = jid != NULL ? schnack_contact_list_find (self->contacts, jid) : NULL;
  g_autofree char *text = nick != NULL ? schnack_xml_node_dup_text (nick) : NULL;

  if (contact != NULL)
    schnack_contact_set_nick (contact, text != NULL ? g_strstrip (text) : NULL);
}

/* XEP-0153: used only for contacts that do not publish XEP-0084. */
static void
on_presence (SchnackConnection *connection,
             SchnackXmlNode    *stanza,
             SchnackAvatars    *self)
{
  g_autoptr(SchnackPresence) presence = schnack_presence_parse (stanza);
  g_autofree char *jid = NULL;

  if (presence == NULL || presence->type != NULL || presence->avatar_hash == NULL)
    return;
  jid = schnack_jid_dup_bare (presence->from);
  if (g_hash_table_contains (self->pep_users, jid) || schnack_contact_list_find (self->contacts, jid) == NULL)
    return;
  ensure_picture (self, jid, g_strstrip (presence->avatar_hash), TRUE);
}

static void
schnack_avatars_dispose (GObject *object)
{
  SchnackAvatars *self = SCHNACK_AVATARS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_clear_object (&self->connection);
  g_clear_object (&self->contacts);

  G_OBJECT_CLASS (schnack_avatars_parent_class)->dispose (object);
}

static void
schnack_avatars_finalize (GObject *object)
{
  SchnackAvatars *self = SCHNACK_AVATARS (object);

  g_free (self->cache_dir);
  g_hash_table_unref (self->fetching);
  g_hash_table_unref (self->pep_users);

  G_OBJECT_CLASS (schnack_avatars_parent_class)->finalize (object);
}

static void
schnack_avatars_class_init (SchnackAvatarsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = schnack_avatars_dispose;
  G_OBJECT_CLASS (klass)->finalize = schnack_avatars_finalize;
}

static void
schnack_avatars_init (SchnackAvatars *self)
{
  self->fetching = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pep_users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
}

/**
 * schnack_avatars_new:
 * @cache_dir: where pictures are kept (see
 *   schnack_avatars_default_cache_dir())
 */
SchnackAvatars *
schnack_avatars_new (SchnackConnection  *connection,
                     SchnackContactList *contacts,
                     const char         *cache_dir)
{
  SchnackAvatars *self;

  g_return_val_if_fail (SCHNACK_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (SCHNACK_IS_CONTACT_LIST (contacts), NULL);
  g_return_val_if_fail (cache_dir != NULL, NULL);

  self = g_object_new (SCHNACK_TYPE_AVATARS, NULL);
  self->connection = g_object_ref (connection);
  self->contacts = g_object_ref (contacts);
  self->cache_dir = g_strdup (cache_dir);
  g_signal_connect (connection, "pubsub-event::" SCHNACK_NS_AVATAR_METADATA, G_CALLBACK (on_avatar_metadata), self);
  g_signal_connect (connection, "pubsub-event::" SCHNACK_NS_NICK, G_CALLBACK (on_nick), self);
  g_signal_connect (connection, "presence-received", G_CALLBACK (on_presence), self);
  return self;
}
