/* room.c — one group chat the account is in, or is trying to be in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The state the UI binds to: our nick, role and affiliation, the
 * subject, whether we are in and, if not, why (in words), and who else
 * is there. The room list (room-list.c) feeds it from the connection.
 */
#include "config.h"

#include "core/room-private.h"
#include "xmpp/muc-admin.h"
#include "xmpp/stanza-util.h"
#include "schnack-utils.h"

struct _SchnackRoom {
  GObject                parent_instance;

  SchnackConnection     *connection;
  char                  *jid;
  char                  *name;
  char                  *announced_name;  /* the room's own, from disco#info */
  char                  *nick;
  char                  *password;
  char                  *subject;
  SchnackRoomState       state;
  GError                *error;
  SchnackMucRole         role;
  SchnackMucAffiliation  affiliation;
  guint                  flags;
  gboolean               autojoin;
  SchnackOccupantList   *occupants;
};

G_DEFINE_FINAL_TYPE (SchnackRoom, schnack_room, G_TYPE_OBJECT)
G_DEFINE_ENUM_TYPE (SchnackRoomState, schnack_room_state,
                    G_DEFINE_ENUM_VALUE (SCHNACK_ROOM_STATE_OFFLINE, "offline"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_ROOM_STATE_JOINING, "joining"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_ROOM_STATE_JOINED, "joined"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_ROOM_STATE_ERROR, "error"))

enum {
  PROP_0,
  PROP_JID,
  PROP_NAME,
  PROP_NICK,
  PROP_SUBJECT,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  PROP_ROLE,
  PROP_AFFILIATION,
  PROP_FLAGS,
  PROP_AUTOJOIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
schnack_room_dispose (GObject *object)
{
  SchnackRoom *self = SCHNACK_ROOM (object);

  g_clear_object (&self->connection);
  g_clear_object (&self->occupants);

  G_OBJECT_CLASS (schnack_room_parent_class)->dispose (object);
}

static void
schnack_room_finalize (GObject *object)
{
  SchnackRoom *self = SCHNACK_ROOM (object);

  g_free (self->jid);
  g_free (self->name);
  g_free (self->announced_name);
  g_free (self->nick);
  g_free (self->password);
  g_free (self->subject);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (schnack_room_parent_class)->finalize (object);
}

static void
schnack_room_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SchnackRoom *self = SCHNACK_ROOM (object);

  switch (prop_id)
    {
    case PROP_JID:
      g_value_set_string (value, self->jid);
      break;
    case PROP_NAME:
      g_value_set_string (value, schnack_room_get_name (self));
      break;
    case PROP_NICK:
      g_value_set_string (value, self->nick);
      break;
    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error != NULL ? self->error->message : NULL);
      break;
    case PROP_ROLE:
      g_value_set_int (value, self->role);
      break;
    case PROP_AFFILIATION:
      g_value_set_int (value, self->affiliation);
      break;
    case PROP_FLAGS:
      g_value_set_uint (value, self->flags);
      break;
    case PROP_AUTOJOIN:
      g_value_set_boolean (value, self->autojoin);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_room_class_init (SchnackRoomClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = schnack_room_dispose;
  object_class->finalize = schnack_room_finalize;
  object_class->get_property = schnack_room_get_property;

  properties[PROP_JID] =
    g_param_spec_string ("jid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NICK] =
    g_param_spec_string ("nick", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBJECT] =
    g_param_spec_string ("subject", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SCHNACK_TYPE_ROOM_STATE, SCHNACK_ROOM_STATE_OFFLINE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE] =
    g_param_spec_int ("role", NULL, NULL, 0, SCHNACK_MUC_ROLE_MODERATOR, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AFFILIATION] =
    g_param_spec_int ("affiliation", NULL, NULL, 0, SCHNACK_MUC_AFFILIATION_OWNER, SCHNACK_MUC_AFFILIATION_NONE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FLAGS] =
    g_param_spec_uint ("flags", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTOJOIN] =
    g_param_spec_boolean ("autojoin", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schnack_room_init (SchnackRoom *self)
{
  self->occupants = schnack_occupant_list_new ();
  self->affiliation = SCHNACK_MUC_AFFILIATION_NONE;
}

SchnackRoom *
schnack_room_new (SchnackConnection *connection,
                  const char        *jid,
                  const char        *nick,
                  const char        *password)
{
  SchnackRoom *self = g_object_new (SCHNACK_TYPE_ROOM, NULL);

  self->connection = g_object_ref (connection);
  self->jid = g_strdup (jid);
  self->nick = g_strdup (nick);
  self->password = g_strdup (password);
  return self;
}

void
schnack_room_set_state (SchnackRoom      *self,
                        SchnackRoomState  state,
                        const GError     *error)
{
  gboolean error_changed;

  g_return_if_fail (SCHNACK_IS_ROOM (self));

  error_changed = (self->error == NULL) != (error == NULL) ||
                  (error != NULL && g_strcmp0 (self->error->message, error->message) != 0);
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  if (state != SCHNACK_ROOM_STATE_JOINED)
    schnack_occupant_list_clear (self->occupants);

  /* The error first: whoever watches the state reads it. */
  if (error_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

void
schnack_room_set_flags (SchnackRoom *self,
                        guint        flags)
{
  if (self->flags == flags)
    return;
  self->flags = flags;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLAGS]);
}

void
schnack_room_set_name (SchnackRoom *self,
                       const char  *name)
{
  if (schnack_set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

/* The name the room gives itself. A name the user chose (a bookmark's)
 * wins; one the room gave earlier follows the room's new one. */
void
schnack_room_set_announced_name (SchnackRoom *self,
                                 const char  *name)
{
  gboolean follows_room = self->name == NULL || g_strcmp0 (self->name, self->announced_name) == 0;

  schnack_set_str (&self->announced_name, name);
  if (follows_room && name != NULL)
    schnack_room_set_name (self, name);
}

void
schnack_room_set_password (SchnackRoom *self,
                           const char  *password)
{
  schnack_set_str (&self->password, password);
}

void
schnack_room_set_autojoin (SchnackRoom *self,
                           gboolean     autojoin)
{
  if (self->autojoin == !!autojoin)
    return;
  self->autojoin = !!autojoin;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOJOIN]);
}

void
schnack_room_take_subject (SchnackRoom *self,
                           const char  *subject)
{
  if (schnack_set_str (&self->subject, subject != NULL && *subject != '\0' ? subject : NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBJECT]);
}

gboolean
schnack_room_is_own_nick (SchnackRoom *self,
                          const char  *nick)
{
  return g_strcmp0 (self->nick, nick) == 0;
}

static void
set_nick (SchnackRoom *self,
          const char  *nick)
{
  if (schnack_set_str (&self->nick, nick))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NICK]);
}

void
schnack_room_set_requested_nick (SchnackRoom *self,
                                 const char  *nick)
{
  set_nick (self, nick);
}

void
schnack_room_apply_presence (SchnackRoom              *self,
                             const SchnackMucPresence *presence)
{
  gboolean self_presence = (presence->status & SCHNACK_MUC_STATUS_SELF) != 0;

  g_return_if_fail (SCHNACK_IS_ROOM (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self_presence && presence->available)
    {
      /* The room may have changed the nick we asked for (status 210). */
      set_nick (self, presence->nick);
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
      if (presence->status & SCHNACK_MUC_STATUS_NON_ANONYMOUS)
        schnack_room_set_flags (self, self->flags | SCHNACK_ROOM_FLAG_NON_ANONYMOUS);
    }
  else if (self_presence && (presence->status & SCHNACK_MUC_STATUS_NICK_CHANGED) && presence->new_nick != NULL)
    {
      set_nick (self, presence->new_nick);
    }

  schnack_occupant_list_apply (self->occupants, presence);

  if (self_presence && presence->available && self->state != SCHNACK_ROOM_STATE_JOINED)
    schnack_room_set_state (self, SCHNACK_ROOM_STATE_JOINED, NULL);
  else if (self_presence && !presence->available && !(presence->status & SCHNACK_MUC_STATUS_NICK_CHANGED))
    {
      g_autoptr(GError) reason = schnack_muc_removal_reason (presence);

      /* Leaving after a refusal keeps the refusal's reason; and while we
       * join again, a plain "you left" answers an earlier leave (a room
       * left and joined at once), not this join. */
      if (reason == NULL && (self->state == SCHNACK_ROOM_STATE_ERROR || self->state == SCHNACK_ROOM_STATE_JOINING))
        {
          g_object_thaw_notify (G_OBJECT (self));
          return;
        }
      schnack_room_set_state (self, reason != NULL ? SCHNACK_ROOM_STATE_ERROR : SCHNACK_ROOM_STATE_OFFLINE, reason);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
schnack_room_get_jid (SchnackRoom *self)
{
  g_return_val_if_fail (SCHNACK_IS_ROOM (self), NULL);
  return self->jid;
}

/* The room's own name, or its address when it has none. */
const char *
schnack_room_get_name (SchnackRoom *self)
{
  g_return_val_if_fail (SCHNACK_IS_ROOM (self), NULL);
  return self->name != NULL ? self->name : self->jid;
}

const char *
schnack_room_get_nick (SchnackRoom *self)
{
  g_return_val_if_fail (SCHNACK_IS_ROOM (self), NULL);
  return self->nick;
}

const char *
schnack_room_get_password (SchnackRoom *self)
{
  g_return_val_if_fail (SCHNACK_IS_ROOM (self), NULL);
  return self->password;
}

const char *
schnack_room_get_subject (SchnackRoom *self)
{
  g_return_val_if_fail (SCHNACK_IS_ROOM (self), NULL);
  return self->subject;
}

SchnackRoomState
schnack_room_get_state (SchnackRoom *self)
{
  g_return_val_if_fail (SCHNACK_IS_ROOM (self), SCHNACK_ROOM_STATE_OFFLINE);
  return self->state;
}

const GError *
schnack_room_get_error (SchnackRoom *self)
{
  g_return_val_if_fail (SCHNACK_IS_ROOM (self), NULL);
  return self->error;
}

SchnackMucRole
schnack_room_get_role (SchnackRoom *self)
{
  g_return_val_if_fail (SCHNACK_IS_ROOM (self), SCHNACK_MUC_ROLE_NONE);
  return self->role;
}

SchnackMucAffiliation
schnack_room_get_affiliation (SchnackRoom *self)
{
  g_return_val_if_fail (SCHNACK_IS_ROOM (self), SCHNACK_MUC_AFFILIATION_NONE);
  return self->affiliation;
}

guint
schnack_room_get_flags (SchnackRoom *self)
{
  g_return_val_if_fail (SCHNACK_IS_ROOM (self), 0);
  return self->flags;
}

gboolean
schnack_room_get_autojoin (SchnackRoom *self)
{
  g_return_val_if_fail (SCHNACK_IS_ROOM (self), FALSE);
  return self->autojoin;
}

/**
 * schnack_room_get_occupants:
 * Returns: (transfer none): a GListModel of SchnackOccupant
 */
SchnackOccupantList *
schnack_room_get_occupants (SchnackRoom *self)
{
  g_return_val_if_fail (SCHNACK_IS_ROOM (self), NULL);
  return self->occupants;
}

static void
on_moderated (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (schnack_muc_admin_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * schnack_room_set_role_async:
 * @role: NONE kicks, VISITOR takes the voice, PARTICIPANT gives it
 */
void
schnack_room_set_role_async (SchnackRoom         *self,
                             const char          *nick,
                             SchnackMucRole       role,
                             const char          *reason,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SCHNACK_IS_ROOM (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_room_set_role_async);
  schnack_muc_set_role_async (self->connection, self->jid, nick, role, reason,
                              cancellable, on_moderated, task);
}

/**
 * schnack_room_set_affiliation_async:
 * @jid: the person; a full JID (an occupant's real JID) is fine
 * @affiliation: OUTCAST bans
 */
void
schnack_room_set_affiliation_async (SchnackRoom           *self,
                                    const char            *jid,
                                    SchnackMucAffiliation  affiliation,
                                    const char            *reason,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
  /* Affiliations belong to the person (bare JID), not to one device. */
  g_autofree char *bare = NULL;
  GTask *task;

  g_return_if_fail (SCHNACK_IS_ROOM (self));
  g_return_if_fail (jid != NULL);

  bare = schnack_jid_dup_bare (jid);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_room_set_affiliation_async);
  schnack_muc_set_affiliation_async (self->connection, self->jid, bare, affiliation, reason,
                                     cancellable, on_moderated, task);
}

gboolean
schnack_room_moderation_finish (SchnackRoom   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_affiliations (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GStrv jids = schnack_muc_get_affiliations_finish (result, &error);

  if (jids == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, jids, (GDestroyNotify) g_strfreev);
}

void
schnack_room_get_affiliations_async (SchnackRoom          *self,
                                     SchnackMucAffiliation affiliation,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  GTask *task;

  g_return_if_fail (SCHNACK_IS_ROOM (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_room_get_affiliations_async);
  schnack_muc_get_affiliations_async (self->connection, self->jid, affiliation, cancellable,
                                      on_affiliations, task);
}

GStrv
schnack_room_get_affiliations_finish (SchnackRoom   *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_config (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  SchnackDataForm *form = schnack_muc_get_config_finish (result, &error);

  if (form == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, form, (GDestroyNotify) schnack_data_form_unref);
}

void
schnack_room_get_config_async (SchnackRoom         *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SCHNACK_IS_ROOM (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_room_get_config_async);
  schnack_muc_get_config_async (self->connection, self->jid, cancellable, on_config, task);
}

SchnackDataForm *
schnack_room_get_config_finish (SchnackRoom   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
schnack_room_submit_config_async (SchnackRoom           *self,
                                  const SchnackDataForm *form,
                                  GCancellable          *cancellable,
                                  GAsyncReadyCallback    callback,
                                  gpointer               user_data)
{
  GTask *task;
  SchnackFormField *secret;

  g_return_if_fail (SCHNACK_IS_ROOM (self));
  g_return_if_fail (form != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_room_submit_config_async);
  /* A new password is the one to use when we join again. */
  secret = schnack_data_form_find_field (form, "muc#roomconfig_roomsecret");
  if (secret != NULL)
    schnack_room_set_password (self, schnack_form_field_get_value (secret));
  schnack_muc_submit_config_async (self->connection, self->jid, form, cancellable, on_moderated, task);
}

void
schnack_room_destroy_async (SchnackRoom         *self,
                            const char          *reason,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SCHNACK_IS_ROOM (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_room_destroy_async);
  schnack_muc_destroy_async (self->connection, self->jid, reason, cancellable, on_moderated, task);
}

void
schnack_room_set_subject (SchnackRoom *self,
                          const char  *subject)
{
  g_autoptr(SchnackXmlNode) message = NULL;

  g_return_if_fail (SCHNACK_IS_ROOM (self));

  message = schnack_muc_build_subject (self->jid, subject);
  schnack_connection_send_stanza (self->connection, message);
}

/* The room answers with our presence under the new nick (303, then
 * available), or an error presence if it is taken. */
void
schnack_room_change_nick (SchnackRoom *self,
                          const char  *nick)
{
  g_autoptr(SchnackXmlNode) presence = NULL;

  g_return_if_fail (SCHNACK_IS_ROOM (self));
  g_return_if_fail (nick != NULL && *nick != '\0');

  presence = schnack_muc_build_nick_change (self->jid, nick);
  schnack_connection_send_stanza (self->connection, presence);
}
