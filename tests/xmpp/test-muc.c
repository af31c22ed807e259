/* test-muc.c — room presence, errors and invitations parsed off the wire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <string.h>

#include "xmpp/muc.h"
#include "xmpp/muc-invite.h"

static SchnackXmlNode *
parse (const char *xml)
{
  g_autoptr(GError) error = NULL;
  SchnackXmlNode *node = schnack_xml_node_parse (xml, -1, &error);

  g_assert_no_error (error);
  return node;
}

static void
test_own_presence (void)
{
  g_autoptr(SchnackXmlNode) stanza = parse (
    "<presence from='room@muc.example/me' to='me@example/res'>"
    "<x xmlns='http://jabber.org/protocol/muc#user'>"
    "<item affiliation='owner' role='moderator' jid='me@example/res'/>"
    "<status code='110'/><status code='201'/><status code='100'/></x></presence>");
  g_autoptr(SchnackMucPresence) presence = schnack_muc_presence_parse (stanza);

  g_assert_nonnull (presence);
  g_assert_cmpstr (presence->room_jid, ==, "room@muc.example");
  g_assert_cmpstr (presence->nick, ==, "me");
  g_assert_true (presence->available);
  g_assert_cmpint (presence->role, ==, SCHNACK_MUC_ROLE_MODERATOR);
  g_assert_cmpint (presence->affiliation, ==, SCHNACK_MUC_AFFILIATION_OWNER);
  g_assert_cmpstr (presence->real_jid, ==, "me@example/res");
  g_assert_cmpuint (presence->status, ==, SCHNACK_MUC_STATUS_SELF | SCHNACK_MUC_STATUS_CREATED |
                                          SCHNACK_MUC_STATUS_NON_ANONYMOUS);
  g_assert_null (presence->error);
}

static void
test_not_from_a_room (void)
{
  g_autoptr(SchnackXmlNode) contact = parse ("<presence from='friend@example/phone'><show>away</show></presence>");
  g_autoptr(SchnackXmlNode) bare = parse ("<presence from='room@muc.example'>"
                                          "<x xmlns='http://jabber.org/protocol/muc#user'/></presence>");
  g_autoptr(SchnackXmlNode) subscribe = parse ("<presence from='room@muc.example/x' type='subscribe'>"
                                               "<x xmlns='http://jabber.org/protocol/muc#user'/></presence>");

  g_assert_null (schnack_muc_presence_parse (contact));
  g_assert_null (schnack_muc_presence_parse (bare));
  g_assert_null (schnack_muc_presence_parse (subscribe));
}

static void
test_kicked_with_reason (void)
{
  g_autoptr(SchnackXmlNode) stanza = parse (
    "<presence from='room@muc.example/me' type='unavailable'>"
    "<x xmlns='http://jabber.org/protocol/muc#user'>"
    "<item affiliation='none' role='none'><actor nick='Boss'/><reason>Too loud</reason></item>"
    "<status code='307'/><status code='110'/></x></presence>");
  g_autoptr(SchnackMucPresence) presence = schnack_muc_presence_parse (stanza);
  g_autoptr(GError) reason = NULL;

  g_assert_false (presence->available);
  g_assert_cmpstr (presence->actor, ==, "Boss");
  reason = schnack_muc_removal_reason (presence);
  g_assert_error (reason, SCHNACK_MUC_ERROR, SCHNACK_MUC_ERROR_KICKED);
  g_assert_nonnull (strstr (reason->message, "Boss"));
  g_assert_nonnull (strstr (reason->message, "Too loud"));
}

static void
test_nick_change (void)
{
  g_autoptr(SchnackXmlNode) stanza = parse (
    "<presence from='room@muc.example/old' type='unavailable'>"
    "<x xmlns='http://jabber.org/protocol/muc#user'>"
    "<item affiliation='member' role='participant' nick='new'/>"
    "<status code='303'/></x></presence>");
  g_autoptr(SchnackMucPresence) presence = schnack_muc_presence_parse (stanza);

  g_assert_true (presence->status & SCHNACK_MUC_STATUS_NICK_CHANGED);
  g_assert_cmpstr (presence->new_nick, ==, "new");
  g_assert_null (schnack_muc_removal_reason (presence));
}

static void
test_destroyed (void)
{
  g_autoptr(SchnackXmlNode) stanza = parse (
    "<presence from='room@muc.example/me' type='unavailable'>"
    "<x xmlns='http://jabber.org/protocol/muc#user'>"
    "<item affiliation='none' role='none'/>"
    "<destroy><reason>Wir ziehen um</reason></destroy><status code='110'/></x></presence>");
  g_autoptr(SchnackMucPresence) presence = schnack_muc_presence_parse (stanza);
  g_autoptr(GError) reason = schnack_muc_removal_reason (presence);

  g_assert_error (reason, SCHNACK_MUC_ERROR, SCHNACK_MUC_ERROR_DESTROYED);
  g_assert_nonnull (strstr (reason->message, "Wir ziehen um"));
}

static void
test_join_errors (void)
{
  static const struct { const char *condition; SchnackMucError code; } cases[] = {
    { "not-authorized", SCHNACK_MUC_ERROR_WRONG_PASSWORD },
    { "registration-required", SCHNACK_MUC_ERROR_MEMBERS_ONLY },
    { "forbidden", SCHNACK_MUC_ERROR_BANNED },
    { "conflict", SCHNACK_MUC_ERROR_NICKNAME_TAKEN },
    { "item-not-found", SCHNACK_MUC_ERROR_ROOM_NOT_FOUND },
    { "service-unavailable", SCHNACK_MUC_ERROR_ROOM_FULL },
    { "not-allowed", SCHNACK_MUC_ERROR_CREATION_NOT_ALLOWED },
    { "internal-server-error", SCHNACK_MUC_ERROR_OTHER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strdup_printf (
        "<presence from='room@muc.example/me' type='error'><x xmlns='http://jabber.org/protocol/muc'/>"
        "<error type='cancel'><%s xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>",
        cases[i].condition);
      g_autoptr(SchnackXmlNode) stanza = parse (xml);
      g_autoptr(SchnackMucPresence) presence = schnack_muc_presence_parse (stanza);

      g_assert_nonnull (presence);
      g_assert_error (presence->error, SCHNACK_MUC_ERROR, (int) cases[i].code);
      g_assert_cmpstr (presence->error->message, !=, "");
    }
}

static void
test_join_stanza (void)
{
  g_autoptr(SchnackXmlNode) archived = schnack_muc_build_join ("room@muc.example", "me", "geheim", -1);
  g_autoptr(SchnackXmlNode) since = schnack_muc_build_join ("room@muc.example", "me", NULL, G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC);
  g_autofree char *a = schnack_xml_node_to_string (archived);
  g_autofree char *b = schnack_xml_node_to_string (since);

  g_assert_nonnull (strstr (a, "to=\"room@muc.example/me\""));
  g_assert_nonnull (strstr (a, "xmlns=\"http://jabber.org/protocol/muc\""));
  g_assert_nonnull (strstr (a, "maxstanzas=\"0\""));
  g_assert_nonnull (strstr (a, "<password>geheim</password>"));
  g_assert_nonnull (strstr (b, "since=\"2023-11-14T22:13:20Z\""));
  g_assert_null (strstr (b, "password"));
}

static void
test_subject (void)
{
  g_autoptr(SchnackXmlNode) subject = parse ("<message from='room@muc.example/a' type='groupchat'>"
                                             "<subject>Heute: &lt;b&gt;Kuchen</subject></message>");
  g_autoptr(SchnackXmlNode) with_body = parse ("<message from='room@muc.example/a' type='groupchat'>"
                                               "<subject>x</subject><body>hi</body></message>");
  g_autofree char *text = schnack_muc_parse_subject (subject);

  g_assert_cmpstr (text, ==, "Heute: <b>Kuchen");
  g_assert_null (schnack_muc_parse_subject (with_body));
}

static void
test_notice_status (void)
{
  g_autoptr(SchnackXmlNode) changed = parse ("<message from='room@muc.example' type='groupchat'>"
                                             "<x xmlns='http://jabber.org/protocol/muc#user'>"
                                             "<status code='104'/><status code='172'/></x></message>");
  g_autoptr(SchnackXmlNode) forged = parse ("<message from='room@muc.example/mallory' type='groupchat'>"
                                            "<x xmlns='http://jabber.org/protocol/muc#user'>"
                                            "<status code='104'/></x></message>");
  g_autoptr(SchnackXmlNode) plain = parse ("<message from='room@muc.example' type='groupchat'>"
                                           "<subject>x</subject></message>");

  g_assert_cmpuint (schnack_muc_message_status (changed), ==,
                    SCHNACK_MUC_STATUS_CONFIG_CHANGED | SCHNACK_MUC_STATUS_NON_ANONYMOUS);
  g_assert_cmpuint (schnack_muc_message_status (forged), ==, 0);
  g_assert_cmpuint (schnack_muc_message_status (plain), ==, 0);
}

static void
test_invites (void)
{
  g_autoptr(SchnackXmlNode) direct = parse ("<message from='anna@example/phone'>"
                                            "<x xmlns='jabber:x:conference' jid='room@muc.example' password='pw' reason='Komm'/></message>");
  g_autoptr(SchnackXmlNode) mediated = parse ("<message from='room@muc.example'>"
                                              "<x xmlns='http://jabber.org/protocol/muc#user'>"
                                              "<invite from='anna@example/phone'><reason>Hallo</reason></invite>"
                                              "<password>pw2</password></x></message>");
  g_autoptr(SchnackXmlNode) forged = parse ("<message from='room@muc.example/mallory'>"
                                            "<x xmlns='http://jabber.org/protocol/muc#user'>"
                                            "<invite from='anna@example'/></x></message>");
  g_autoptr(SchnackMucInvite) a = schnack_muc_invite_parse (direct);
  g_autoptr(SchnackMucInvite) b = schnack_muc_invite_parse (mediated);

  g_assert_cmpstr (a->room_jid, ==, "room@muc.example");
  g_assert_cmpstr (a->inviter, ==, "anna@example");
  g_assert_cmpstr (a->password, ==, "pw");
  g_assert_cmpstr (a->reason, ==, "Komm");
  g_assert_false (a->mediated);
  g_assert_cmpstr (b->room_jid, ==, "room@muc.example");
  g_assert_cmpstr (b->inviter, ==, "anna@example/phone");
  g_assert_cmpstr (b->password, ==, "pw2");
  g_assert_cmpstr (b->reason, ==, "Hallo");
  g_assert_true (b->mediated);
  g_assert_null (schnack_muc_invite_parse (forged));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/muc/own-presence", test_own_presence);
  g_test_add_func ("/muc/not-from-a-room", test_not_from_a_room);
  g_test_add_func ("/muc/kicked-with-reason", test_kicked_with_reason);
  g_test_add_func ("/muc/nick-change", test_nick_change);
  g_test_add_func ("/muc/destroyed", test_destroyed);
  g_test_add_func ("/muc/join-errors", test_join_errors);
  g_test_add_func ("/muc/join-stanza", test_join_stanza);
  g_test_add_func ("/muc/subject", test_subject);
  g_test_add_func ("/muc/notice-status", test_notice_status);
  g_test_add_func ("/muc/invites", test_invites);
  return g_test_run ();
}
