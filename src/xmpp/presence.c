/* presence.c — our own availability
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The connection thread sends the initial presence (prepared by the
 * owner: show, status, priority) right after login, before the core
 * hears of it, so contacts' presence follows. The owner side parses what arrives and builds
 * availability and subscription stanzas for the contact list.
 */
#include "config.h"

#include "xmpp/connection-private.h"
#include "xmpp/disco.h"
#include "xmpp/presence.h"

void
schnack_presence_send_initial (SchnackConnectionWorker *worker)
{
  const char *xml = schnack_connection_worker_get_initial_presence (worker);
  xmpp_stanza_t *presence = NULL;

  if (xml != NULL)
    presence = xmpp_stanza_new_from_string (schnack_connection_worker_get_ctx (worker), xml);
  if (presence == NULL)
    presence = xmpp_presence_new (schnack_connection_worker_get_ctx (worker));
  schnack_connection_worker_send (worker, presence);
  xmpp_stanza_release (presence);
}

/* ------------------------------------------------------------------ */
/* Owner side: parsing what arrives, building what we send.            */
/* ------------------------------------------------------------------ */

#define NS_CAPS "http://jabber.org/protocol/caps"
#define NS_VCARD_UPDATE "vcard-temp:x:update"
#define NS_NICK "http://jabber.org/protocol/nick"

G_DEFINE_ENUM_TYPE (SchnackPresenceShow, schnack_presence_show,
                    G_DEFINE_ENUM_VALUE (SCHNACK_SHOW_OFFLINE, "offline"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_SHOW_DND, "dnd"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_SHOW_XA, "xa"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_SHOW_AWAY, "away"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_SHOW_AVAILABLE, "available"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_SHOW_CHAT, "chat"))

void
schnack_presence_free (SchnackPresence *presence)
{
  if (presence == NULL)
    return;
  g_free (presence->from);
  g_free (presence->type);
  g_free (presence->status);
  g_free (presence->caps_node);
  g_free (presence->caps_ver);
  g_free (presence->avatar_hash);
  g_free (presence->nick);
  g_free (presence);
}

static SchnackPresenceShow
parse_show (const char *show)
{
  if (show == NULL)
    return SCHNACK_SHOW_AVAILABLE;
  if (g_str_equal (show, "chat"))
    return SCHNACK_SHOW_CHAT;
  if (g_str_equal (show, "away"))
    return SCHNACK_SHOW_AWAY;
  if (g_str_equal (show, "xa"))
    return SCHNACK_SHOW_XA;
  if (g_str_equal (show, "dnd"))
    return SCHNACK_SHOW_DND;
  return SCHNACK_SHOW_AVAILABLE;
}

/**
 * schnack_presence_parse:
 *
 * Returns: (transfer full) (nullable): %NULL for a stanza without a
 *   sender, which cannot be attributed to anybody
 */
SchnackPresence *
schnack_presence_parse (const SchnackXmlNode *stanza)
{
  const char *from = schnack_xml_node_get_attribute (stanza, "from");
  const char *type = schnack_xml_node_get_attribute (stanza, "type");
  SchnackPresence *presence;
  SchnackXmlNode *child;
  g_autofree char *show = NULL;
  g_autofree char *priority = NULL;

  if (from == NULL || *from == '\0')
    return NULL;

  presence = g_new0 (SchnackPresence, 1);
  presence->from = g_strdup (from);
  presence->type = g_strdup (type);
  show = schnack_xml_node_dup_child_text (stanza, "show", NULL);
  presence->show = type == NULL ? parse_show (show != NULL ? g_strstrip (show) : NULL) : SCHNACK_SHOW_OFFLINE;
  presence->status = schnack_xml_node_dup_child_text (stanza, "status", NULL);
  priority = schnack_xml_node_dup_child_text (stanza, "priority", NULL);
  presence->priority = priority != NULL ? CLAMP ((int) g_ascii_strtoll (priority, NULL, 10), -128, 127) : 0;

  if ((child = schnack_xml_node_get_child (stanza, "c", NS_CAPS)) != NULL)
    {
      presence->caps_node = g_strdup (schnack_xml_node_get_attribute (child, "node"));
      presence->caps_ver = g_strdup (schnack_xml_node_get_attribute (child, "ver"));
    }
  if ((child = schnack_xml_node_get_child (stanza, "x", NS_VCARD_UPDATE)) != NULL)
    presence->avatar_hash = schnack_xml_node_dup_child_text (child, "photo", NULL);
  presence->nick = schnack_xml_node_dup_child_text (stanza, "nick", NS_NICK);
  return presence;
}

SchnackXmlNode *
schnack_presence_build (SchnackPresenceShow  show,
                        const char          *status,
                        int                  priority)
{
  static const char *show_names[] = {
    [SCHNACK_SHOW_DND] = "dnd", [SCHNACK_SHOW_XA] = "xa",
    [SCHNACK_SHOW_AWAY] = "away", [SCHNACK_SHOW_CHAT] = "chat",
  };
  SchnackXmlNode *presence = schnack_xml_node_new ("presence", NULL);

  if (show == SCHNACK_SHOW_OFFLINE)
    schnack_xml_node_set_attribute (presence, "type", "unavailable");
  else if (show != SCHNACK_SHOW_AVAILABLE)
    schnack_xml_node_add_text_child (presence, "show", show_names[show]);
  if (status != NULL && *status != '\0')
    schnack_xml_node_add_text_child (presence, "status", status);
  if (priority != 0 && show != SCHNACK_SHOW_OFFLINE)
    {
      g_autofree char *text = g_strdup_printf ("%d", CLAMP (priority, -128, 127));
      schnack_xml_node_add_text_child (presence, "priority", text);
    }
  /* XEP-0115: lets others know what we support without asking. */
  if (show != SCHNACK_SHOW_OFFLINE)
    schnack_xml_node_append (presence, schnack_disco_own_caps ());
  return presence;
}

/**
 * schnack_presence_send_subscription:
 * @type: "subscribe", "subscribed", "unsubscribe" or "unsubscribed"
 * @to: a bare JID
 */
void
schnack_presence_send_subscription (SchnackConnection *connection,
                                    const char        *type,
                                    const char        *to)
{
  g_autoptr(SchnackXmlNode) presence = schnack_xml_node_new ("presence", NULL);

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  g_return_if_fail (type != NULL && to != NULL);

  schnack_xml_node_set_attribute (presence, "type", type);
  schnack_xml_node_set_attribute (presence, "to", to);
  schnack_connection_send_stanza (connection, presence);
}
