/* test-xml-node.c — stanzas survive the trip to text and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "xmpp/xml-node.h"

static void
test_build_and_serialize (void)
{
  g_autoptr(SchnackXmlNode) iq = schnack_xml_node_new ("iq", NULL);
  g_autoptr(SchnackXmlNode) parsed = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *username = NULL;
  SchnackXmlNode *query;

  schnack_xml_node_set_attribute (iq, "type", "set");
  schnack_xml_node_set_attribute (iq, "to", "example.org");
  query = schnack_xml_node_add_child (iq, "query", "jabber:iq:register");
  schnack_xml_node_add_text_child (query, "username", "<b>anna</b> & \"co\"");
  schnack_xml_node_add_text_child (query, "password", "p'w");

  xml = schnack_xml_node_to_string (iq);
  /* Markup in values is escaped, never taken as elements. */
  g_assert_null (strstr (xml, "<b>"));
  g_assert_nonnull (strstr (xml, "&lt;b&gt;anna&lt;/b&gt; &amp; \"co\""));

  parsed = schnack_xml_node_parse (xml, -1, NULL);
  g_assert_nonnull (parsed);
  g_assert_cmpstr (schnack_xml_node_get_attribute (parsed, "type"), ==, "set");
  query = schnack_xml_node_get_child (parsed, "query", "jabber:iq:register");
  g_assert_nonnull (query);
  username = schnack_xml_node_dup_child_text (query, "username", NULL);
  g_assert_cmpstr (username, ==, "<b>anna</b> & \"co\"");
  /* Children inherit the namespace of the nearest declaration. */
  g_assert_cmpstr (schnack_xml_node_get_xmlns (schnack_xml_node_get_child (query, "password", NULL)),
                   ==, "jabber:iq:register");
  g_assert_null (schnack_xml_node_get_child (parsed, "query", "jabber:iq:roster"));
}

static void
test_attributes (void)
{
  g_autoptr(SchnackXmlNode) node = schnack_xml_node_new ("x", "jabber:x:data");

  schnack_xml_node_set_attribute (node, "type", "form");
  schnack_xml_node_set_attribute (node, "type", "submit");
  g_assert_cmpstr (schnack_xml_node_get_attribute (node, "type"), ==, "submit");
  schnack_xml_node_set_attribute (node, "type", NULL);
  g_assert_null (schnack_xml_node_get_attribute (node, "type"));
  g_assert_cmpstr (schnack_xml_node_get_xmlns (node), ==, "jabber:x:data");
}

static void
test_broken_input (void)
{
  const char *broken[] = {
    "", "<a>", "<a></b>", "<a/><b/>", "text only", "<a x='1' x='2'/>", "<a>&bogus;</a>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SchnackXmlNode) node = schnack_xml_node_parse (broken[i], -1, &error);

      g_assert_null (node);
      g_assert_nonnull (error);
    }
}

static void
test_deep_and_large (void)
{
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autoptr(SchnackXmlNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *big = g_strnfill (1024 * 1024, 'x');
  SchnackXmlNode *innermost;

  for (guint i = 0; i < 200; i++)
    g_string_append (xml, "<a>");
  g_string_append (xml, big);
  for (guint i = 0; i < 200; i++)
    g_string_append (xml, "</a>");

  node = schnack_xml_node_parse (xml->str, xml->len, NULL);
  g_assert_nonnull (node);
  innermost = node;
  for (guint i = 0; i < 199; i++)
    innermost = schnack_xml_node_get_nth_child (innermost, 0);
  g_assert_nonnull (innermost);
  text = schnack_xml_node_dup_text (innermost);
  g_assert_cmpuint (strlen (text), ==, 1024 * 1024);
}

/* An answer to a request goes back to its sender with its id; a request
 * from the own server (no "from") is answered without "to". */
static void
test_iq_result_answers_request (void)
{
  g_autoptr(SchnackXmlNode) from_contact = schnack_xml_node_parse (
    "<iq type='get' id='v1' from='anna@example.org/phone'><query xmlns='jabber:iq:version'/></iq>", -1, NULL);
  g_autoptr(SchnackXmlNode) from_server = schnack_xml_node_parse (
    "<iq type='set' id='push7'><query xmlns='jabber:iq:roster'/></iq>", -1, NULL);
  g_autoptr(SchnackXmlNode) answer = schnack_xml_node_new_iq_result (from_contact);
  g_autoptr(SchnackXmlNode) server_answer = schnack_xml_node_new_iq_result (from_server);
  g_autoptr(SchnackXmlNode) request = schnack_xml_node_new_iq ("get", NULL);

  g_assert_cmpstr (schnack_xml_node_get_attribute (answer, "type"), ==, "result");
  g_assert_cmpstr (schnack_xml_node_get_attribute (answer, "id"), ==, "v1");
  g_assert_cmpstr (schnack_xml_node_get_attribute (answer, "to"), ==, "anna@example.org/phone");
  g_assert_cmpuint (schnack_xml_node_get_n_children (answer), ==, 0);
  g_assert_cmpstr (schnack_xml_node_get_attribute (server_answer, "id"), ==, "push7");
  g_assert_null (schnack_xml_node_get_attribute (server_answer, "to"));
  g_assert_cmpstr (schnack_xml_node_get_attribute (request, "type"), ==, "get");
  g_assert_null (schnack_xml_node_get_attribute (request, "to"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/xml-node/build-and-serialize", test_build_and_serialize);
  g_test_add_func ("/xml-node/attributes", test_attributes);
  g_test_add_func ("/xml-node/broken-input", test_broken_input);
  g_test_add_func ("/xml-node/deep-and-large", test_deep_and_large);
  g_test_add_func ("/xml-node/iq-result-answers-request", test_iq_result_answers_request);
  return g_test_run ();
}
