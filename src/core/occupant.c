/* occupant.c — one person in a room
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "core/occupant-private.h"
#include "schnack-utils.h"

#include <string.h>

struct _SchnackOccupant {
  GObject                parent_instance;

  char                  *nick;
  char                  *sort_key;   /* collation key of the case-folded nick */
  char                  *real_jid;
  SchnackMucRole         role;
  SchnackMucAffiliation  affiliation;
  char                  *show;
  char                  *status;
};

G_DEFINE_FINAL_TYPE (SchnackOccupant, schnack_occupant, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NICK,
  PROP_REAL_JID,
  PROP_ROLE,
  PROP_AFFILIATION,
  PROP_SHOW,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
schnack_occupant_finalize (GObject *object)
{
  SchnackOccupant *self = SCHNACK_OCCUPANT (object);

  g_free (self->nick);
  g_free (self->sort_key);
  g_free (self->real_jid);
  g_free (self->show);
  g_free (self->status);

  G_OBJECT_CLASS (schnack_occupant_parent_class)->finalize (object);
}

static void
schnack_occupant_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SchnackOccupant *self = SCHNACK_OCCUPANT (object);

  switch (prop_id)
    {
    case PROP_NICK:
      g_value_set_string (value, self->nick);
      break;
    case PROP_REAL_JID:
      g_value_set_string (value, self->real_jid);
      break;
    case PROP_ROLE:
      g_value_set_int (value, self->role);
      break;
    case PROP_AFFILIATION:
      g_value_set_int (value, self->affiliation);
      break;
    case PROP_SHOW:
      g_value_set_string (value, self->show);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_occupant_class_init (SchnackOccupantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = schnack_occupant_finalize;
  object_class->get_property = schnack_occupant_get_property;

  properties[PROP_NICK] =
    g_param_spec_string ("nick", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REAL_JID] =
    g_param_spec_string ("real-jid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* SchnackMucRole */
  properties[PROP_ROLE] =
    g_param_spec_int ("role", NULL, NULL, 0, SCHNACK_MUC_ROLE_MODERATOR, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* SchnackMucAffiliation */
  properties[PROP_AFFILIATION] =
    g_param_spec_int ("affiliation", NULL, NULL, 0, SCHNACK_MUC_AFFILIATION_OWNER, SCHNACK_MUC_AFFILIATION_NONE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW] =
    g_param_spec_string ("show", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schnack_occupant_init (SchnackOccupant *self)
{
  self->affiliation = SCHNACK_MUC_AFFILIATION_NONE;
}

SchnackOccupant *
schnack_occupant_new (const char *nick)
{
  SchnackOccupant *self = g_object_new (SCHNACK_TYPE_OCCUPANT, NULL);

  schnack_occupant_set_nick (self, nick);
  return self;
}

void
schnack_occupant_set_nick (SchnackOccupant *self,
                           const char      *nick)
{
  g_autofree char *folded = NULL;

  if (!schnack_set_str (&self->nick, nick))
    return;
  folded = g_utf8_casefold (nick, -1);
  g_free (self->sort_key);
  self->sort_key = g_utf8_collate_key (folded, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NICK]);
}

void
schnack_occupant_update (SchnackOccupant          *self,
                         const SchnackMucPresence *presence)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->role != presence->role)
    {
      self->role = presence->role;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
    }
  if (self->affiliation != presence->affiliation)
    {
      self->affiliation = presence->affiliation;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AFFILIATION]);
    }
  /* Rooms send the real JID with every presence where they show it. */
  if (presence->real_jid != NULL && schnack_set_str (&self->real_jid, presence->real_jid))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REAL_JID]);
  if (schnack_set_str (&self->show, presence->show))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW]);
  if (schnack_set_str (&self->status, presence->status_text))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  g_object_thaw_notify (G_OBJECT (self));
}

int
schnack_occupant_compare (const SchnackOccupant *a,
                          const SchnackOccupant *b)
{
  int by_nick;

  if (a->role != b->role)
    return a->role > b->role ? -1 : 1;
  by_nick = strcmp (a->sort_key, b->sort_key);
  return by_nick != 0 ? by_nick : strcmp (a->nick, b->nick);
}

const char *
schnack_occupant_get_nick (SchnackOccupant *self)
{
  g_return_val_if_fail (SCHNACK_IS_OCCUPANT (self), NULL);
  return self->nick;
}

const char *
schnack_occupant_get_real_jid (SchnackOccupant *self)
{
  g_return_val_if_fail (SCHNACK_IS_OCCUPANT (self), NULL);
  return self->real_jid;
}

SchnackMucRole
schnack_occupant_get_role (SchnackOccupant *self)
{
  g_return_val_if_fail (SCHNACK_IS_OCCUPANT (self), SCHNACK_MUC_ROLE_NONE);
  return self->role;
}

SchnackMucAffiliation
schnack_occupant_get_affiliation (SchnackOccupant *self)
{
  g_return_val_if_fail (SCHNACK_IS_OCCUPANT (self), SCHNACK_MUC_AFFILIATION_NONE);
  return self->affiliation;
}

const char *
schnack_occupant_get_show (SchnackOccupant *self)
{
  g_return_val_if_fail (SCHNACK_IS_OCCUPANT (self), NULL);
  return self->show;
}

const char *
schnack_occupant_get_status (SchnackOccupant *self)
{
  g_return_val_if_fail (SCHNACK_IS_OCCUPANT (self), NULL);
  return self->status;
}
