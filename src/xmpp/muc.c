/* muc.c — multi-user chat rooms: presence, errors, subject (XEP-0045)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A room speaks to us through presence: our own join is confirmed by a
 * presence with status 110, everyone else's comings and goings (and
 * kicks, bans, nickname changes) arrive the same way. This file turns
 * those stanzas into plain data and builds the ones we send; the core
 * (src/core/room*.c) keeps the state.
 */
#include "config.h"

#include "xmpp/muc.h"
#include "xmpp/stanza-error.h"
#include "xmpp/stanza-util.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_QUARK (schnack-muc-error-quark, schnack_muc_error)

static const char *role_names[] = { "none", "visitor", "participant", "moderator" };
static const char *affiliation_names[] = { "outcast", "none", "member", "admin", "owner" };

const char *
schnack_muc_role_to_string (SchnackMucRole role)
{
  g_return_val_if_fail (role <= SCHNACK_MUC_ROLE_MODERATOR, "none");
  return role_names[role];
}

SchnackMucRole
schnack_muc_role_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (g_strcmp0 (text, role_names[i]) == 0)
      return i;
  return SCHNACK_MUC_ROLE_NONE;
}

const char *
schnack_muc_affiliation_to_string (SchnackMucAffiliation affiliation)
{
  g_return_val_if_fail (affiliation <= SCHNACK_MUC_AFFILIATION_OWNER, "none");
  return affiliation_names[affiliation];
}

SchnackMucAffiliation
schnack_muc_affiliation_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (affiliation_names); i++)
    if (g_strcmp0 (text, affiliation_names[i]) == 0)
      return i;
  return SCHNACK_MUC_AFFILIATION_NONE;
}

static guint
status_flag (const char *code)
{
  static const struct { const char *code; guint flag; } codes[] = {
    { "100", SCHNACK_MUC_STATUS_NON_ANONYMOUS },
    { "104", SCHNACK_MUC_STATUS_CONFIG_CHANGED },
    { "110", SCHNACK_MUC_STATUS_SELF },
    { "170", SCHNACK_MUC_STATUS_LOGGING },
    { "172", SCHNACK_MUC_STATUS_NON_ANONYMOUS },
    { "173", SCHNACK_MUC_STATUS_SEMI_ANONYMOUS },
    { "201", SCHNACK_MUC_STATUS_CREATED },
    { "210", SCHNACK_MUC_STATUS_NICK_ASSIGNED },
    { "301", SCHNACK_MUC_STATUS_BANNED },
    { "303", SCHNACK_MUC_STATUS_NICK_CHANGED },
    { "307", SCHNACK_MUC_STATUS_KICKED },
    { "321", SCHNACK_MUC_STATUS_AFFILIATION_REMOVED },
    { "322", SCHNACK_MUC_STATUS_MEMBERS_ONLY_REMOVED },
    { "332", SCHNACK_MUC_STATUS_SHUTDOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (g_strcmp0 (code, codes[i].code) == 0)
      return codes[i].flag;
  return 0;
}

void
schnack_muc_presence_free (SchnackMucPresence *presence)
{
  if (presence == NULL)
    return;
  g_free (presence->room_jid);
  g_free (presence->nick);
  g_free (presence->real_jid);
  g_free (presence->new_nick);
  g_free (presence->actor);
  g_free (presence->reason);
  g_free (presence->show);
  g_free (presence->status_text);
  g_clear_error (&presence->error);
  g_free (presence);
}

static void
parse_item (SchnackMucPresence   *presence,
            const SchnackXmlNode *item)
{
  SchnackXmlNode *actor = schnack_xml_node_get_child (item, "actor", NULL);

  presence->role = schnack_muc_role_from_string (schnack_xml_node_get_attribute (item, "role"));
  presence->affiliation = schnack_muc_affiliation_from_string (schnack_xml_node_get_attribute (item, "affiliation"));
  presence->real_jid = g_strdup (schnack_xml_node_get_attribute (item, "jid"));
  presence->new_nick = g_strdup (schnack_xml_node_get_attribute (item, "nick"));
  presence->reason = schnack_xml_node_dup_child_text (item, "reason", NULL);
  if (actor != NULL)
    {
      const char *actor_name = schnack_xml_node_get_attribute (actor, "nick");

      presence->actor = g_strdup (actor_name != NULL ? actor_name
                                                     : schnack_xml_node_get_attribute (actor, "jid"));
    }
}

/**
 * schnack_muc_presence_parse:
 * @stanza: a <presence/>
 *
 * Returns: (transfer full) (nullable): the occupant's presence, or %NULL
 *   if @stanza is not from a room (no muc#user payload and no error
 *   answering a join)
 */
SchnackMucPresence *
schnack_muc_presence_parse (const SchnackXmlNode *stanza)
{
  const char *from = schnack_xml_node_get_attribute (stanza, "from");
  const char *type = schnack_xml_node_get_attribute (stanza, "type");
  SchnackXmlNode *x = schnack_xml_node_get_child (stanza, "x", SCHNACK_NS_MUC_USER);
  SchnackMucPresence *presence;
  const char *slash;

  g_return_val_if_fail (stanza != NULL, NULL);

  if (from == NULL || (slash = strchr (from, '/')) == NULL || slash == from || slash[1] == '\0')
    return NULL;
  if (g_strcmp0 (type, "error") != 0 && x == NULL)
    return NULL;
  if (type != NULL && g_strcmp0 (type, "error") != 0 && g_strcmp0 (type, "unavailable") != 0)
    return NULL;

  presence = g_new0 (SchnackMucPresence, 1);
  presence->room_jid = g_strndup (from, slash - from);
  presence->nick = g_strdup (slash + 1);
  presence->available = type == NULL;
  presence->role = SCHNACK_MUC_ROLE_NONE;
  presence->affiliation = SCHNACK_MUC_AFFILIATION_NONE;

  if (g_strcmp0 (type, "error") == 0)
    {
      presence->error = schnack_muc_error_from_stanza (stanza);
      return presence;
    }

  for (guint i = 0; i < schnack_xml_node_get_n_children (x); i++)
    {
      SchnackXmlNode *child = schnack_xml_node_get_nth_child (x, i);
      const char *name = schnack_xml_node_get_name (child);

      if (g_str_equal (name, "status"))
        presence->status |= status_flag (schnack_xml_node_get_attribute (child, "code"));
      else if (g_str_equal (name, "item"))
        parse_item (presence, child);
      else if (g_str_equal (name, "destroy"))
        {
          presence->status |= SCHNACK_MUC_STATUS_DESTROYED;
          g_free (presence->reason);
          presence->reason = schnack_xml_node_dup_child_text (child, "reason", NULL);
        }
    }
  presence->show = schnack_xml_node_dup_child_text (stanza, "show", NULL);
  presence->status_text = schnack_xml_node_dup_child_text (stanza, "status", NULL);
  return presence;
}

/**
 * schnack_muc_error_from_stanza:
 * @stanza: an error answer from a room (to a join, usually)
 *
 * Returns: (transfer full): a %SCHNACK_MUC_ERROR saying why, in words
 */
GError *
schnack_muc_error_from_stanza (const SchnackXmlNode *stanza)
{
  g_autoptr(GError) stanza_error = schnack_stanza_error_from_stanza (stanza);
  SchnackMucError code;
  const char *message;

  switch (stanza_error->code)
    {
    case SCHNACK_STANZA_ERROR_NOT_AUTHORIZED:
      code = SCHNACK_MUC_ERROR_WRONG_PASSWORD;
      message = _("This room needs a password, and the one given is not right.");
      break;
    case SCHNACK_STANZA_ERROR_REGISTRATION_REQUIRED:
      code = SCHNACK_MUC_ERROR_MEMBERS_ONLY;
      message = _("Only members may enter this room. Ask one of its admins to add you.");
      break;
    case SCHNACK_STANZA_ERROR_FORBIDDEN:
      code = SCHNACK_MUC_ERROR_BANNED;
      message = _("You are banned from this room.");
      break;
    case SCHNACK_STANZA_ERROR_CONFLICT:
      code = SCHNACK_MUC_ERROR_NICKNAME_TAKEN;
      message = _("Someone in this room already uses this nickname. Choose another one.");
      break;
    case SCHNACK_STANZA_ERROR_ITEM_NOT_FOUND:
    case SCHNACK_STANZA_ERROR_REMOTE_SERVER_NOT_FOUND:
    case SCHNACK_STANZA_ERROR_GONE:
      code = SCHNACK_MUC_ERROR_ROOM_NOT_FOUND;
      message = _("This room does not exist.");
      break;
    case SCHNACK_STANZA_ERROR_NOT_ALLOWED:
      code = SCHNACK_MUC_ERROR_CREATION_NOT_ALLOWED;
      message = _("This room does not exist, and the service does not let you create it.");
      break;
    case SCHNACK_STANZA_ERROR_SERVICE_UNAVAILABLE:
      code = SCHNACK_MUC_ERROR_ROOM_FULL;
      message = _("The room cannot take you now: it may be full, or the service is not available.");
      break;
    default:
      code = SCHNACK_MUC_ERROR_OTHER;
      message = NULL;
      break;
    }

  if (message == NULL)
    return g_error_new (SCHNACK_MUC_ERROR, code, _("The room refused: %s"), stanza_error->message);
  if (schnack_stanza_error_has_server_text (stanza_error))
    return g_error_new (SCHNACK_MUC_ERROR, code, "%s (%s)", message, stanza_error->message);
  return g_error_new_literal (SCHNACK_MUC_ERROR, code, message);
}

/**
 * schnack_muc_removal_reason:
 * @presence: our own unavailable presence from a room
 *
 * Returns: (transfer full) (nullable): why the room put us out, or %NULL
 *   if we left on our own
 */
GError *
schnack_muc_removal_reason (const SchnackMucPresence *presence)
{
  SchnackMucError code;
  g_autofree char *what = NULL;

  g_return_val_if_fail (presence != NULL, NULL);

  if (presence->status & SCHNACK_MUC_STATUS_DESTROYED)
    {
      code = SCHNACK_MUC_ERROR_DESTROYED;
      what = g_strdup (_("The room was closed by its owner."));
    }
  else if (presence->status & SCHNACK_MUC_STATUS_BANNED)
    {
      code = SCHNACK_MUC_ERROR_BANNED;
      what = presence->actor != NULL ? g_strdup_printf (_("%s banned you from the room."), presence->actor)
                                     : g_strdup (_("You were banned from the room."));
    }
  else if (presence->status & SCHNACK_MUC_STATUS_KICKED)
    {
      code = SCHNACK_MUC_ERROR_KICKED;
      what = presence->actor != NULL ? g_strdup_printf (_("%s removed you from the room."), presence->actor)
                                     : g_strdup (_("You were removed from the room."));
    }
  else if (presence->status & (SCHNACK_MUC_STATUS_AFFILIATION_REMOVED | SCHNACK_MUC_STATUS_MEMBERS_ONLY_REMOVED))
    {
      code = SCHNACK_MUC_ERROR_MEMBERSHIP_REVOKED;
      what = g_strdup (_("You are no longer a member of the room."));
    }
  else if (presence->status & SCHNACK_MUC_STATUS_SHUTDOWN)
    {
      code = SCHNACK_MUC_ERROR_SHUTDOWN;
      what = g_strdup (_("The room’s service is shutting down."));
    }
  else
    {
      return NULL;
    }

  if (presence->reason != NULL && *presence->reason != '\0')
    return g_error_new (SCHNACK_MUC_ERROR, code, _("%s Reason: %s"), what, presence->reason);
  return g_error_new_literal (SCHNACK_MUC_ERROR, code, what);
}

static SchnackXmlNode *
new_presence_to (const char *room_jid,
                 const char *nick)
{
  SchnackXmlNode *presence = schnack_xml_node_new ("presence", NULL);
  g_autofree char *to = g_strdup_printf ("%s/%s", room_jid, nick);

  schnack_xml_node_set_attribute (presence, "to", to);
  return presence;
}

SchnackXmlNode *
schnack_muc_build_join (const char *room_jid,
                        const char *nick,
                        const char *password,
                        gint64      history_since_us)
{
  SchnackXmlNode *presence;
  SchnackXmlNode *x;

  g_return_val_if_fail (room_jid != NULL && nick != NULL, NULL);

  presence = new_presence_to (room_jid, nick);
  x = schnack_xml_node_add_child (presence, "x", SCHNACK_NS_MUC);
  if (history_since_us != 0)
    {
      SchnackXmlNode *history = schnack_xml_node_add_child (x, "history", NULL);

      if (history_since_us < 0)
        {
          schnack_xml_node_set_attribute (history, "maxstanzas", "0");
        }
      else
        {
          g_autoptr(GDateTime) since = g_date_time_new_from_unix_utc (history_since_us / G_USEC_PER_SEC);
          g_autofree char *stamp = g_date_time_format (since, "%Y-%m-%dT%H:%M:%SZ");

          schnack_xml_node_set_attribute (history, "since", stamp);
        }
    }
  if (password != NULL && *password != '\0')
    schnack_xml_node_add_text_child (x, "password", password);
  return presence;
}

SchnackXmlNode *
schnack_muc_build_leave (const char *room_jid,
                         const char *nick,
                         const char *status)
{
  SchnackXmlNode *presence;

  g_return_val_if_fail (room_jid != NULL && nick != NULL, NULL);

  presence = new_presence_to (room_jid, nick);
  schnack_xml_node_set_attribute (presence, "type", "unavailable");
  if (status != NULL)
    schnack_xml_node_add_text_child (presence, "status", status);
  return presence;
}

SchnackXmlNode *
schnack_muc_build_nick_change (const char *room_jid,
                               const char *new_nick)
{
  g_return_val_if_fail (room_jid != NULL && new_nick != NULL, NULL);
  return new_presence_to (room_jid, new_nick);
}

SchnackXmlNode *
schnack_muc_build_subject (const char *room_jid,
                           const char *subject)
{
  SchnackXmlNode *message = schnack_xml_node_new ("message", NULL);

  schnack_xml_node_set_attribute (message, "to", room_jid);
  schnack_xml_node_set_attribute (message, "type", "groupchat");
  schnack_xml_node_add_text_child (message, "subject", subject != NULL ? subject : "");
  return message;
}

/**
 * schnack_muc_message_status:
 *
 * The status codes a room's own groupchat message carries (XEP-0045
 * §10.2.1: 104 when its configuration changed, 170–174 for logging and
 * anonymity), as #SchnackMucStatus flags; 0 for others' messages.
 */
guint
schnack_muc_message_status (const SchnackXmlNode *message)
{
  SchnackXmlNode *x;
  const char *from;
  guint status = 0;

  g_return_val_if_fail (message != NULL, 0);

  from = schnack_xml_node_get_attribute (message, "from");
  /* From the room itself (a bare JID), not from an occupant. */
  if (g_strcmp0 (schnack_xml_node_get_attribute (message, "type"), "groupchat") != 0 ||
      from == NULL || strchr (from, '/') != NULL)
    return 0;
  x = schnack_xml_node_get_child (message, "x", SCHNACK_NS_MUC_USER);
  for (guint i = 0; x != NULL && i < schnack_xml_node_get_n_children (x); i++)
    {
      SchnackXmlNode *child = schnack_xml_node_get_nth_child (x, i);

      if (g_str_equal (schnack_xml_node_get_name (child), "status"))
        status |= status_flag (schnack_xml_node_get_attribute (child, "code"));
    }
  return status;
}

char *
schnack_muc_parse_subject (const SchnackXmlNode *message)
{
  SchnackXmlNode *subject;
  char *text;

  g_return_val_if_fail (message != NULL, NULL);

  if (g_strcmp0 (schnack_xml_node_get_attribute (message, "type"), "groupchat") != 0 ||
      schnack_xml_node_get_child (message, "body", NULL) != NULL)
    return NULL;
  subject = schnack_xml_node_get_child (message, "subject", NULL);
  if (subject == NULL)
    return NULL;
  text = schnack_xml_node_dup_text (subject);
  return text != NULL ? text : g_strdup ("");
}
