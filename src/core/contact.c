/* contact.c — one person in the contact list, with their presence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A contact is the roster item (name, groups, subscription) plus the
 * presence of each of their online devices. What the list shows is the
 * "best" device: highest priority, then most reachable show (RFC 6121
 * §4.7.2.3 leaves the choice to the client; this is what people expect).
 */
#include "config.h"

#include "core/contact.h"
#include "schnack-utils.h"

#include <string.h>

struct _SchnackContact {
  GObject              parent_instance;

  char                *jid;
  char                *roster_name;
  GStrv                groups;
  SchnackSubscription  subscription;
  gboolean             pending_out;
  char                *nick;           /* XEP-0172, from presence or PEP */
  char                *localpart;
  char                *avatar_file;    /* cached picture, NULL: initials */
  char                *chat_state;     /* XEP-0085: "composing", "paused", … */

  GHashTable          *resources;      /* full JID → SchnackPresence */
  SchnackPresenceShow  show;
  char                *status;
};

G_DEFINE_FINAL_TYPE (SchnackContact, schnack_contact, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_JID,
  PROP_DISPLAY_NAME,
  PROP_GROUPS,
  PROP_SUBSCRIPTION,
  PROP_PENDING_OUT,
  PROP_SHOW,
  PROP_STATUS,
  PROP_AVAILABLE,
  PROP_AVATAR_FILE,
  PROP_CHAT_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
recompute_best (SchnackContact *self)
{
  GHashTableIter iter;
  SchnackPresence *presence;
  const SchnackPresence *best = NULL;
  SchnackPresenceShow old_show = self->show;
  g_autofree char *old_status = g_strdup (self->status);

  g_hash_table_iter_init (&iter, self->resources);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &presence))
    {
      if (best == NULL || presence->priority > best->priority ||
          (presence->priority == best->priority && presence->show > best->show))
        best = presence;
    }

  self->show = best != NULL ? best->show : SCHNACK_SHOW_OFFLINE;
  schnack_set_str (&self->status, best != NULL ? best->status : NULL);

  if (old_show != self->show)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW]);
      if ((old_show == SCHNACK_SHOW_OFFLINE) != (self->show == SCHNACK_SHOW_OFFLINE))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
    }
  if (g_strcmp0 (old_status, self->status) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
schnack_contact_finalize (GObject *object)
{
  SchnackContact *self = SCHNACK_CONTACT (object);

  g_free (self->jid);
  g_free (self->roster_name);
  g_strfreev (self->groups);
  g_free (self->nick);
  g_free (self->localpart);
  g_free (self->avatar_file);
  g_free (self->chat_state);
  g_hash_table_unref (self->resources);
  g_free (self->status);

  G_OBJECT_CLASS (schnack_contact_parent_class)->finalize (object);
}

static void
schnack_contact_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SchnackContact *self = SCHNACK_CONTACT (object);

  switch (prop_id)
    {
    case PROP_JID:
      g_value_set_string (value, self->jid);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, schnack_contact_get_display_name (self));
      break;
    case PROP_GROUPS:
      g_value_set_boxed (value, self->groups);
      break;
    case PROP_SUBSCRIPTION:
      g_value_set_int (value, self->subscription);
      break;
    case PROP_PENDING_OUT:
      g_value_set_boolean (value, self->pending_out);
      break;
    case PROP_SHOW:
      g_value_set_enum (value, self->show);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->show != SCHNACK_SHOW_OFFLINE);
      break;
    case PROP_AVATAR_FILE:
      g_value_set_string (value, self->avatar_file);
      break;
    case PROP_CHAT_STATE:
      g_value_set_string (value, self->chat_state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_contact_class_init (SchnackContactClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = schnack_contact_finalize;
  object_class->get_property = schnack_contact_get_property;

  properties[PROP_JID] =
    g_param_spec_string ("jid", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GROUPS] =
    g_param_spec_boxed ("groups", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBSCRIPTION] =
    g_param_spec_int ("subscription", NULL, NULL, 0, SCHNACK_SUBSCRIPTION_REMOVE, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING_OUT] =
    g_param_spec_boolean ("pending-out", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW] =
    g_param_spec_enum ("show", NULL, NULL, SCHNACK_TYPE_PRESENCE_SHOW, SCHNACK_SHOW_OFFLINE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHAT_STATE] =
    g_param_spec_string ("chat-state", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AVATAR_FILE] =
    g_param_spec_string ("avatar-file", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schnack_contact_init (SchnackContact *self)
{
  self->resources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) schnack_presence_free);
  self->groups = g_new0 (char *, 1);
}

SchnackContact *
schnack_contact_new (const SchnackRosterItem *item)
{
  SchnackContact *self;
  const char *at;

  g_return_val_if_fail (item != NULL && item->jid != NULL, NULL);

  self = g_object_new (SCHNACK_TYPE_CONTACT, NULL);
  self->jid = g_strdup (item->jid);
  at = strchr (item->jid, '@');
  self->localpart = at != NULL ? g_strndup (item->jid, at - item->jid) : g_strdup (item->jid);
  schnack_contact_set_roster_item (self, item);
  return self;
}

const char *
schnack_contact_get_jid (SchnackContact *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACT (self), NULL);
  return self->jid;
}

/* The name the user gave, else the one the contact chose, else the
 * part of the address before the "@". */
const char *
schnack_contact_get_display_name (SchnackContact *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACT (self), NULL);

  if (self->roster_name != NULL)
    return self->roster_name;
  if (self->nick != NULL)
    return self->nick;
  return self->localpart;
}

const char *
schnack_contact_get_roster_name (SchnackContact *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACT (self), NULL);
  return self->roster_name;
}

const char * const *
schnack_contact_get_groups (SchnackContact *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACT (self), NULL);
  return (const char * const *) self->groups;
}

SchnackSubscription
schnack_contact_get_subscription (SchnackContact *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACT (self), SCHNACK_SUBSCRIPTION_NONE);
  return self->subscription;
}

gboolean
schnack_contact_get_pending_out (SchnackContact *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACT (self), FALSE);
  return self->pending_out;
}

SchnackPresenceShow
schnack_contact_get_show (SchnackContact *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACT (self), SCHNACK_SHOW_OFFLINE);
  return self->show;
}

const char *
schnack_contact_get_status (SchnackContact *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACT (self), NULL);
  return self->status;
}

gboolean
schnack_contact_get_available (SchnackContact *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACT (self), FALSE);
  return self->show != SCHNACK_SHOW_OFFLINE;
}

guint
schnack_contact_get_n_resources (SchnackContact *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACT (self), 0);
  return g_hash_table_size (self->resources);
}

/**
 * schnack_contact_dup_resources:
 * Returns: (transfer container): the full JIDs of the online devices
 */
GPtrArray *
schnack_contact_dup_resources (SchnackContact *self)
{
  GPtrArray *resources = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  const char *full_jid;

  g_return_val_if_fail (SCHNACK_IS_CONTACT (self), resources);

  g_hash_table_iter_init (&iter, self->resources);
  while (g_hash_table_iter_next (&iter, (gpointer *) &full_jid, NULL))
    g_ptr_array_add (resources, g_strdup (full_jid));
  return resources;
}

void
schnack_contact_set_roster_item (SchnackContact          *self,
                                 const SchnackRosterItem *item)
{
  g_autofree char *old_name = NULL;

  g_return_if_fail (SCHNACK_IS_CONTACT (self));
  g_return_if_fail (item != NULL);

  old_name = g_strdup (schnack_contact_get_display_name (self));
  g_object_freeze_notify (G_OBJECT (self));

  schnack_set_str (&self->roster_name, item->name);
  if (g_strcmp0 (old_name, schnack_contact_get_display_name (self)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
  if (!g_strv_equal ((const char * const *) self->groups, (const char * const *) item->groups))
    {
      g_strfreev (self->groups);
      self->groups = g_strdupv (item->groups);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUPS]);
    }
  if (self->subscription != item->subscription)
    {
      self->subscription = item->subscription;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBSCRIPTION]);
    }
  if (self->pending_out != item->ask_subscribe)
    {
      self->pending_out = item->ask_subscribe;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_OUT]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * schnack_contact_update_presence:
 * @presence: an available or unavailable presence from one of their
 *   devices
 */
void
schnack_contact_update_presence (SchnackContact        *self,
                                 const SchnackPresence *presence)
{
  g_return_if_fail (SCHNACK_IS_CONTACT (self));
  g_return_if_fail (presence != NULL);

  g_object_freeze_notify (G_OBJECT (self));

  if (presence->type == NULL)
    {
      SchnackPresence *copy = g_new0 (SchnackPresence, 1);

      copy->from = g_strdup (presence->from);
      copy->show = presence->show;
      copy->status = g_strdup (presence->status);
      copy->priority = presence->priority;
      copy->caps_node = g_strdup (presence->caps_node);
      copy->caps_ver = g_strdup (presence->caps_ver);
      copy->avatar_hash = g_strdup (presence->avatar_hash);
      g_hash_table_replace (self->resources, g_strdup (presence->from), copy);

      if (presence->nick != NULL && self->roster_name == NULL &&
          g_strcmp0 (presence->nick, self->nick) != 0)
        {
          schnack_set_str (&self->nick, presence->nick);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
        }
    }
  else if (g_str_equal (presence->type, "unavailable"))
    {
      /* From the bare JID it means every device is gone. */
      if (strchr (presence->from, '/') == NULL)
        g_hash_table_remove_all (self->resources);
      else
        g_hash_table_remove (self->resources, presence->from);
    }

  recompute_best (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/* After a new (not resumed) session the server sends presence afresh. */
void
schnack_contact_clear_presence (SchnackContact *self)
{
  g_return_if_fail (SCHNACK_IS_CONTACT (self));

  g_hash_table_remove_all (self->resources);
  recompute_best (self);
}

/**
 * schnack_contact_get_avatar_file:
 * Returns: (nullable): the cached picture; %NULL means: show initials
 */
const char *
schnack_contact_get_avatar_file (SchnackContact *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACT (self), NULL);
  return self->avatar_file;
}

void
schnack_contact_set_avatar_file (SchnackContact *self,
                                 const char     *path)
{
  g_return_if_fail (SCHNACK_IS_CONTACT (self));
  if (schnack_set_str (&self->avatar_file, path))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVATAR_FILE]);
}

/* The XEP-0153 hash announced in the best device's presence, if any. */
const char *
schnack_contact_get_avatar_hash (SchnackContact *self)
{
  GHashTableIter iter;
  SchnackPresence *presence;

  g_return_val_if_fail (SCHNACK_IS_CONTACT (self), NULL);

  g_hash_table_iter_init (&iter, self->resources);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &presence))
    if (presence->avatar_hash != NULL && *presence->avatar_hash != '\0')
      return presence->avatar_hash;
  return NULL;
}

/* The name they chose (XEP-0172); shown when we gave them none. */
void
schnack_contact_set_nick (SchnackContact *self,
                          const char     *nick)
{
  g_return_if_fail (SCHNACK_IS_CONTACT (self));

  if (nick != NULL && *nick == '\0')
    nick = NULL;
  if (schnack_set_str (&self->nick, nick) && self->roster_name == NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

/**
 * schnack_contact_get_chat_state:
 * Returns: (nullable): "composing" (typing), "paused", "active",
 *   "inactive" or "gone" (XEP-0085)
 */
const char *
schnack_contact_get_chat_state (SchnackContact *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACT (self), NULL);
  return self->chat_state;
}

void
schnack_contact_set_chat_state (SchnackContact *self,
                                const char     *state)
{
  g_return_if_fail (SCHNACK_IS_CONTACT (self));
  if (schnack_set_str (&self->chat_state, state))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHAT_STATE]);
}
