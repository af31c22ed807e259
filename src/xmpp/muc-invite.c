/* muc-invite.c — invitations to rooms (XEP-0249 direct, XEP-0045 §7.8 mediated)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Direct invitations go from person to person; mediated ones through the
 * room, which adds the password of a protected room itself. Either kind
 * only ever reaches the user as a question: joining is their decision.
 */
#include "config.h"

#include "xmpp/muc-invite.h"
#include "xmpp/muc.h"
#include "xmpp/stanza-util.h"

#include <string.h>

G_DEFINE_BOXED_TYPE (SchnackMucInvite, schnack_muc_invite,
                     schnack_muc_invite_copy, schnack_muc_invite_free)

SchnackMucInvite *
schnack_muc_invite_copy (const SchnackMucInvite *invite)
{
  SchnackMucInvite *copy = g_new0 (SchnackMucInvite, 1);

  copy->room_jid = g_strdup (invite->room_jid);
  copy->inviter = g_strdup (invite->inviter);
  copy->reason = g_strdup (invite->reason);
  copy->password = g_strdup (invite->password);
  copy->mediated = invite->mediated;
  return copy;
}

void
schnack_muc_invite_free (SchnackMucInvite *invite)
{
  if (invite == NULL)
    return;
  g_free (invite->room_jid);
  g_free (invite->inviter);
  g_free (invite->reason);
  g_free (invite->password);
  g_free (invite);
}

static char *
non_empty (char *text)
{
  if (text != NULL && *g_strstrip (text) == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

SchnackMucInvite *
schnack_muc_invite_parse (const SchnackXmlNode *message)
{
  const char *from = schnack_xml_node_get_attribute (message, "from");
  SchnackXmlNode *direct = schnack_xml_node_get_child (message, "x", SCHNACK_NS_CONFERENCE);
  SchnackXmlNode *user = schnack_xml_node_get_child (message, "x", SCHNACK_NS_MUC_USER);
  SchnackXmlNode *invite = user != NULL ? schnack_xml_node_get_child (user, "invite", NULL) : NULL;
  SchnackMucInvite *result;

  g_return_val_if_fail (message != NULL, NULL);

  if (from == NULL || g_strcmp0 (schnack_xml_node_get_attribute (message, "type"), "error") == 0)
    return NULL;

  if (invite != NULL)
    {
      /* The room itself sends it: the room is the bare "from". */
      if (strchr (from, '/') != NULL)
        return NULL;
      result = g_new0 (SchnackMucInvite, 1);
      result->room_jid = g_strdup (from);
      result->inviter = g_strdup (schnack_xml_node_get_attribute (invite, "from"));
      result->reason = non_empty (schnack_xml_node_dup_child_text (invite, "reason", NULL));
      result->password = non_empty (schnack_xml_node_dup_child_text (user, "password", NULL));
      result->mediated = TRUE;
      return result;
    }

  if (direct != NULL && schnack_xml_node_get_attribute (direct, "jid") != NULL)
    {
      result = g_new0 (SchnackMucInvite, 1);
      result->room_jid = g_strdup (schnack_xml_node_get_attribute (direct, "jid"));
      result->inviter = schnack_jid_dup_bare (from);
      result->reason = non_empty (g_strdup (schnack_xml_node_get_attribute (direct, "reason")));
      result->password = non_empty (g_strdup (schnack_xml_node_get_attribute (direct, "password")));
      return result;
    }
  return NULL;
}

SchnackXmlNode *
schnack_muc_build_direct_invite (const char *to,
                                 const char *room_jid,
                                 const char *password,
                                 const char *reason)
{
  SchnackXmlNode *message = schnack_xml_node_new ("message", NULL);
  SchnackXmlNode *x;

  schnack_xml_node_set_attribute (message, "to", to);
  x = schnack_xml_node_add_child (message, "x", SCHNACK_NS_CONFERENCE);
  schnack_xml_node_set_attribute (x, "jid", room_jid);
  if (password != NULL && *password != '\0')
    schnack_xml_node_set_attribute (x, "password", password);
  if (reason != NULL && *reason != '\0')
    schnack_xml_node_set_attribute (x, "reason", reason);
  return message;
}

static SchnackXmlNode *
build_mediated (const char *room_jid,
                const char *element,
                const char *to,
                const char *reason)
{
  SchnackXmlNode *message = schnack_xml_node_new ("message", NULL);
  SchnackXmlNode *x;
  SchnackXmlNode *child;

  schnack_xml_node_set_attribute (message, "to", room_jid);
  x = schnack_xml_node_add_child (message, "x", SCHNACK_NS_MUC_USER);
  child = schnack_xml_node_add_child (x, element, NULL);
  schnack_xml_node_set_attribute (child, "to", to);
  if (reason != NULL && *reason != '\0')
    schnack_xml_node_add_text_child (child, "reason", reason);
  return message;
}

SchnackXmlNode *
schnack_muc_build_mediated_invite (const char *room_jid,
                                   const char *to,
                                   const char *reason)
{
  return build_mediated (room_jid, "invite", to, reason);
}

SchnackXmlNode *
schnack_muc_build_decline (const char *room_jid,
                           const char *inviter,
                           const char *reason)
{
  return build_mediated (room_jid, "decline", inviter, reason);
}
