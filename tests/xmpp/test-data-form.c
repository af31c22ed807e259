/* test-data-form.c — data forms from servers are read and answered
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "xmpp/data-form.h"

#include <string.h>

/* A 1×1 PNG. */
#define PNG_BASE64 \
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
#define CAPTCHA_CID "sha1+9a7c7b6b3d0f1c2e4a5b6c7d8e9f0a1b2c3d4e5f@bob.xmpp.org"

/* What ejabberd 23.01 answers to a register get with captcha_protected
 * (see docs/verified-facts.md); the base64 arrives wrapped, as some
 * servers send it. */
static const char captcha_query[] =
  "<query xmlns='jabber:iq:register'>"
  "<instructions>You need a client that supports x:data and CAPTCHA to register</instructions>"
  "<x xmlns='jabber:x:data' type='form'>"
  "<title>Registration</title>"
  "<instructions>Choose a username and password to register with this server</instructions>"
  "<field var='FORM_TYPE' type='hidden'><value>jabber:iq:register</value></field>"
  "<field var='username' type='text-single' label='User'><required/></field>"
  "<field var='password' type='text-private' label='Password'><required/></field>"
  "<field var='captcha-fallback-text' type='fixed'>"
  "<value>If you don't see the CAPTCHA image here, visit the web page.</value></field>"
  "<field var='captcha-fallback-url' type='text-single' label='CAPTCHA web page'>"
  "<value>http://127.0.0.1:5280/captcha/1234567/image</value></field>"
  "<field var='from' type='hidden'><value>localhost</value></field>"
  "<field var='challenge' type='hidden'><value>1234567</value></field>"
  "<field var='sid' type='hidden'><value/></field>"
  "<field var='ocr' label='Enter the text you see'><required/>"
  "<media xmlns='urn:xmpp:media-element' height='50' width='160'>"
  "<uri type='image/png'>\n  cid:" CAPTCHA_CID "\n</uri>"
  "</media></field>"
  "</x>"
  "<data xmlns='urn:xmpp:bob' cid='" CAPTCHA_CID "' type='image/png' max-age='0'>"
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk\n"
  "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
  "</data>"
  "</query>";

static const char room_config[] =
  "<x xmlns='jabber:x:data' type='form'>"
  "<title>Configuration for lobby@conference.localhost</title>"
  "<instructions>Complete this form to modify the configuration of your room.</instructions>"
  "<field type='hidden' var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>"
  "<field type='fixed'><value>Room information</value></field>"
  "<field type='text-single' label='Title' var='muc#roomconfig_roomname'><value>Lobby</value></field>"
  "<field type='text-multi' label='Description' var='muc#roomconfig_roomdesc'>"
  "<desc>A short description</desc><value>first line</value><value>second line</value></field>"
  "<field type='boolean' label='Persistent' var='muc#roomconfig_persistentroom'><value>1</value></field>"
  "<field type='boolean' label='Public' var='muc#roomconfig_publicroom'><value>true</value></field>"
  "<field type='boolean' label='Moderated' var='muc#roomconfig_moderatedroom'><value>0</value></field>"
  "<field type='boolean' label='Members only' var='muc#roomconfig_membersonly'/>"
  "<field type='list-single' label='Who can see real JIDs' var='muc#roomconfig_whois'>"
  "<value>moderators</value>"
  "<option label='Moderators only'><value>moderators</value></option>"
  "<option label='Anyone'><value>anyone</value></option>"
  "<option label='No value'/>"
  "</field>"
  "<field type='list-multi' label='Roles that may send private messages' var='muc#roomconfig_allowpm'>"
  "<value>moderator</value><value>participant</value>"
  "<option><value>moderator</value></option>"
  "<option><value>participant</value></option>"
  "<option><value>visitor</value></option>"
  "</field>"
  "<field type='jid-multi' label='Room owners' var='muc#roomconfig_roomowners'>"
  "<value>alice@localhost</value></field>"
  "<field type='text-private' label='Password' var='muc#roomconfig_roomsecret'/>"
  "</x>";

static SchnackXmlNode *
parse_xml (const char *xml)
{
  g_autoptr(GError) error = NULL;
  SchnackXmlNode *node = schnack_xml_node_parse (xml, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static SchnackDataForm *
parse_form (const char *xml)
{
  g_autoptr(SchnackXmlNode) x = parse_xml (xml);
  g_autoptr(GError) error = NULL;
  SchnackDataForm *form = schnack_data_form_parse (x, &error);

  g_assert_no_error (error);
  g_assert_nonnull (form);
  return form;
}

/* The submitted form as it would go on the wire, read back. */
static SchnackDataForm *
submit_and_reparse (const SchnackDataForm *form)
{
  g_autoptr(SchnackXmlNode) submit = schnack_data_form_build_submit (form);
  g_autofree char *xml = schnack_xml_node_to_string (submit);

  return parse_form (xml);
}

static void
test_captcha_registration (void)
{
  g_autoptr(SchnackXmlNode) query = parse_xml (captcha_query);
  g_autoptr(SchnackDataForm) form = NULL;
  g_autoptr(SchnackDataForm) submitted = NULL;
  g_autoptr(SchnackXmlNode) submit = NULL;
  g_autoptr(GBytes) image = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *image_type = NULL;
  SchnackXmlNode *x;
  SchnackFormField *field;
  const char *cid;
  const char *media_type = NULL;
  gsize image_len = 0;
  const guchar *image_data;

  x = schnack_xml_node_get_child (query, "x", SCHNACK_DATA_FORM_NS);
  g_assert_nonnull (x);
  form = schnack_data_form_parse (x, &error);
  g_assert_no_error (error);

  g_assert_cmpint (form->type, ==, SCHNACK_DATA_FORM_TYPE_FORM);
  g_assert_cmpstr (form->title, ==, "Registration");
  g_assert_cmpstr (form->instructions, ==, "Choose a username and password to register with this server");
  g_assert_cmpstr (schnack_data_form_get_form_type (form), ==, "jabber:iq:register");
  g_assert_cmpuint (form->fields->len, ==, 9);

  field = schnack_data_form_find_field (form, "username");
  g_assert_nonnull (field);
  g_assert_cmpint (field->type, ==, SCHNACK_FORM_FIELD_TEXT_SINGLE);
  g_assert_cmpstr (field->label, ==, "User");
  g_assert_true (field->required);
  g_assert_cmpuint (g_strv_length (field->values), ==, 0);
  g_assert_null (schnack_form_field_get_value (field));

  field = schnack_data_form_find_field (form, "password");
  g_assert_cmpint (field->type, ==, SCHNACK_FORM_FIELD_TEXT_PRIVATE);
  g_assert_true (field->required);

  field = schnack_data_form_find_field (form, "captcha-fallback-text");
  g_assert_cmpint (field->type, ==, SCHNACK_FORM_FIELD_FIXED);
  g_assert_cmpstr (schnack_form_field_get_value (field), ==,
                   "If you don't see the CAPTCHA image here, visit the web page.");

  field = schnack_data_form_find_field (form, "sid");
  g_assert_cmpint (field->type, ==, SCHNACK_FORM_FIELD_HIDDEN);
  g_assert_cmpstr (schnack_form_field_get_value (field), ==, "");

  /* ocr has no type: text-single. */
  field = schnack_data_form_find_field (form, "ocr");
  g_assert_cmpint (field->type, ==, SCHNACK_FORM_FIELD_TEXT_SINGLE);
  g_assert_cmpstr (field->label, ==, "Enter the text you see");
  g_assert_true (field->required);
  g_assert_cmpuint (field->media->len, ==, 1);
  g_assert_cmpuint (field->media_width, ==, 160);
  g_assert_cmpuint (field->media_height, ==, 50);
  g_assert_cmpstr (((SchnackFormMediaUri *) field->media->pdata[0])->uri, ==, "cid:" CAPTCHA_CID);
  cid = schnack_form_field_get_media_cid (field, &media_type);
  g_assert_cmpstr (cid, ==, CAPTCHA_CID);
  g_assert_cmpstr (media_type, ==, "image/png");

  image = schnack_bob_data_find (query, cid, &image_type);
  g_assert_nonnull (image);
  g_assert_cmpstr (image_type, ==, "image/png");
  image_data = g_bytes_get_data (image, &image_len);
  g_assert_cmpuint (image_len, >, 8);
  g_assert_cmpmem (image_data, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_null (schnack_bob_data_find (query, "sha1+other@bob.xmpp.org", NULL));

  /* Nothing typed yet: the first required field is named. */
  g_assert_false (schnack_data_form_validate (form, &missing));
  g_assert_cmpstr (missing, ==, "User");
  g_clear_pointer (&missing, g_free);

  g_assert_true (schnack_data_form_set_value (form, "username", "neu"));
  g_assert_true (schnack_data_form_set_value (form, "password", "geheim <&>"));
  g_assert_false (schnack_data_form_validate (form, &missing));
  g_assert_cmpstr (missing, ==, "Enter the text you see");
  g_clear_pointer (&missing, g_free);
  g_assert_true (schnack_data_form_set_value (form, "ocr", ""));
  g_assert_false (schnack_data_form_validate (form, NULL));
  g_assert_true (schnack_data_form_set_value (form, "ocr", "x7Kq2"));
  g_assert_true (schnack_data_form_validate (form, &missing));
  g_assert_null (missing);

  /* The whole form goes back, hidden fields included, fixed ones not. */
  submit = schnack_data_form_build_submit (form);
  g_assert_cmpstr (schnack_xml_node_get_name (submit), ==, "x");
  g_assert_cmpstr (schnack_xml_node_get_xmlns (submit), ==, SCHNACK_DATA_FORM_NS);
  g_assert_cmpstr (schnack_xml_node_get_attribute (submit, "type"), ==, "submit");
  g_assert_cmpuint (schnack_xml_node_get_n_children (submit), ==, 8);
  for (guint i = 0; i < schnack_xml_node_get_n_children (submit); i++)
    {
      SchnackXmlNode *node = schnack_xml_node_get_nth_child (submit, i);

      g_assert_cmpstr (schnack_xml_node_get_attribute (node, "var"), !=, "captcha-fallback-text");
      g_assert_null (schnack_xml_node_get_child (node, "media", NULL));
      g_assert_null (schnack_xml_node_get_child (node, "required", NULL));
    }

  submitted = submit_and_reparse (form);
  g_assert_cmpint (submitted->type, ==, SCHNACK_DATA_FORM_TYPE_SUBMIT);
  g_assert_cmpstr (schnack_data_form_get_form_type (submitted), ==, "jabber:iq:register");
  g_assert_cmpint (schnack_data_form_find_field (submitted, "FORM_TYPE")->type, ==, SCHNACK_FORM_FIELD_HIDDEN);
  g_assert_cmpstr (schnack_form_field_get_value (schnack_data_form_find_field (submitted, "username")), ==, "neu");
  g_assert_cmpstr (schnack_form_field_get_value (schnack_data_form_find_field (submitted, "password")), ==, "geheim <&>");
  g_assert_cmpstr (schnack_form_field_get_value (schnack_data_form_find_field (submitted, "ocr")), ==, "x7Kq2");
  g_assert_cmpstr (schnack_form_field_get_value (schnack_data_form_find_field (submitted, "challenge")), ==, "1234567");
  g_assert_cmpstr (schnack_form_field_get_value (schnack_data_form_find_field (submitted, "from")), ==, "localhost");
  g_assert_cmpstr (schnack_form_field_get_value (schnack_data_form_find_field (submitted, "sid")), ==, "");
  g_assert_cmpstr (schnack_form_field_get_value (schnack_data_form_find_field (submitted, "captcha-fallback-url")), ==,
                   "http://127.0.0.1:5280/captcha/1234567/image");
  g_assert_null (schnack_data_form_find_field (submitted, "captcha-fallback-text"));
}

static void
test_room_config (void)
{
  g_autoptr(SchnackDataForm) form = parse_form (room_config);
  g_autoptr(SchnackDataForm) submitted = NULL;
  g_autofree char *text = NULL;
  SchnackFormField *field;
  SchnackFormOption *option;
  const char *owners[] = { "alice@localhost", "bob@example.test", NULL };

  g_assert_cmpstr (form->title, ==, "Configuration for lobby@conference.localhost");
  g_assert_cmpstr (schnack_data_form_get_form_type (form), ==, "http://jabber.org/protocol/muc#roomconfig");
  g_assert_cmpuint (form->fields->len, ==, 12);

  /* A fixed field may have no var; it is kept for display. */
  field = g_ptr_array_index (form->fields, 1);
  g_assert_cmpint (field->type, ==, SCHNACK_FORM_FIELD_FIXED);
  g_assert_null (field->var);
  g_assert_cmpstr (schnack_form_field_get_value (field), ==, "Room information");

  field = schnack_data_form_find_field (form, "muc#roomconfig_roomdesc");
  g_assert_cmpint (field->type, ==, SCHNACK_FORM_FIELD_TEXT_MULTI);
  g_assert_cmpstr (field->desc, ==, "A short description");
  text = schnack_form_field_dup_text (field);
  g_assert_cmpstr (text, ==, "first line\nsecond line");

  g_assert_true (schnack_form_field_get_boolean (schnack_data_form_find_field (form, "muc#roomconfig_persistentroom")));
  g_assert_true (schnack_form_field_get_boolean (schnack_data_form_find_field (form, "muc#roomconfig_publicroom")));
  g_assert_false (schnack_form_field_get_boolean (schnack_data_form_find_field (form, "muc#roomconfig_moderatedroom")));
  g_assert_false (schnack_form_field_get_boolean (schnack_data_form_find_field (form, "muc#roomconfig_membersonly")));

  field = schnack_data_form_find_field (form, "muc#roomconfig_whois");
  g_assert_cmpint (field->type, ==, SCHNACK_FORM_FIELD_LIST_SINGLE);
  g_assert_cmpstr (schnack_form_field_get_value (field), ==, "moderators");
  /* The option without a value is dropped. */
  g_assert_cmpuint (field->options->len, ==, 2);
  option = g_ptr_array_index (field->options, 1);
  g_assert_cmpstr (option->label, ==, "Anyone");
  g_assert_cmpstr (option->value, ==, "anyone");

  field = schnack_data_form_find_field (form, "muc#roomconfig_allowpm");
  g_assert_cmpint (field->type, ==, SCHNACK_FORM_FIELD_LIST_MULTI);
  g_assert_cmpuint (g_strv_length (field->values), ==, 2);
  g_assert_cmpuint (field->options->len, ==, 3);
  g_assert_null (((SchnackFormOption *) field->options->pdata[0])->label);

  field = schnack_data_form_find_field (form, "muc#roomconfig_roomowners");
  g_assert_cmpint (field->type, ==, SCHNACK_FORM_FIELD_JID_MULTI);

  /* Change some of it and send it back. */
  g_assert_true (schnack_data_form_set_value (form, "muc#roomconfig_roomdesc", "eins\r\nzwei\ndrei"));
  g_assert_true (schnack_data_form_set_boolean (form, "muc#roomconfig_moderatedroom", TRUE));
  g_assert_true (schnack_data_form_set_value (form, "muc#roomconfig_persistentroom", "false"));
  g_assert_false (schnack_data_form_set_boolean (form, "muc#roomconfig_roomname", TRUE));
  g_assert_true (schnack_data_form_set_values (form, "muc#roomconfig_roomowners", owners));
  g_assert_true (schnack_data_form_set_values (form, "muc#roomconfig_allowpm", NULL));
  g_assert_true (schnack_data_form_set_value (form, "muc#roomconfig_whois", "anyone"));

  submitted = submit_and_reparse (form);
  /* The fixed field stays behind. */
  g_assert_cmpuint (submitted->fields->len, ==, 11);

  field = schnack_data_form_find_field (submitted, "muc#roomconfig_roomdesc");
  g_assert_cmpuint (g_strv_length (field->values), ==, 3);
  g_assert_cmpstr (field->values[0], ==, "eins");
  g_assert_cmpstr (field->values[1], ==, "zwei");
  g_assert_cmpstr (field->values[2], ==, "drei");

  /* Booleans go as "1"/"0", also the one that had no value. */
  g_assert_cmpstr (schnack_form_field_get_value (schnack_data_form_find_field (submitted, "muc#roomconfig_moderatedroom")), ==, "1");
  g_assert_cmpstr (schnack_form_field_get_value (schnack_data_form_find_field (submitted, "muc#roomconfig_persistentroom")), ==, "0");
  g_assert_cmpstr (schnack_form_field_get_value (schnack_data_form_find_field (submitted, "muc#roomconfig_publicroom")), ==, "1");
  g_assert_cmpstr (schnack_form_field_get_value (schnack_data_form_find_field (submitted, "muc#roomconfig_membersonly")), ==, "0");

  field = schnack_data_form_find_field (submitted, "muc#roomconfig_roomowners");
  g_assert_cmpstrv (field->values, owners);
  g_assert_cmpuint (g_strv_length (schnack_data_form_find_field (submitted, "muc#roomconfig_allowpm")->values), ==, 0);
  g_assert_cmpstr (schnack_form_field_get_value (schnack_data_form_find_field (submitted, "muc#roomconfig_whois")), ==, "anyone");
  /* An empty field is sent without a value. */
  g_assert_null (schnack_form_field_get_value (schnack_data_form_find_field (submitted, "muc#roomconfig_roomsecret")));
  /* Options, labels and descriptions are the server's business. */
  g_assert_cmpuint (schnack_data_form_find_field (submitted, "muc#roomconfig_whois")->options->len, ==, 0);
  g_assert_null (schnack_data_form_find_field (submitted, "muc#roomconfig_roomname")->label);
}

static void
test_round_trip (void)
{
  g_autoptr(SchnackDataForm) form = parse_form (room_config);
  g_autoptr(SchnackDataForm) once = submit_and_reparse (form);
  g_autoptr(SchnackDataForm) twice = submit_and_reparse (once);
  g_autoptr(SchnackXmlNode) a = schnack_data_form_build_submit (once);
  g_autoptr(SchnackXmlNode) b = schnack_data_form_build_submit (twice);
  g_autofree char *a_xml = schnack_xml_node_to_string (a);
  g_autofree char *b_xml = schnack_xml_node_to_string (b);

  /* A submitted form read back and submitted again is unchanged. */
  g_assert_cmpstr (a_xml, ==, b_xml);

  /* The boxed type shares, it does not copy. */
  {
    SchnackDataForm *copy = g_boxed_copy (SCHNACK_TYPE_DATA_FORM, form);

    g_assert_true (copy == form);
    g_boxed_free (SCHNACK_TYPE_DATA_FORM, copy);
  }
}

static void
assert_not_a_form (const char *xml)
{
  g_autoptr(SchnackXmlNode) node = parse_xml (xml);
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackDataForm) form = schnack_data_form_parse (node, &error);

  g_assert_error (error, SCHNACK_DATA_FORM_ERROR, SCHNACK_DATA_FORM_ERROR_INVALID);
  g_assert_null (form);
}

static void
test_hostile (void)
{
  g_autoptr(SchnackDataForm) form = NULL;
  g_autoptr(SchnackDataForm) submitted = NULL;
  g_autoptr(SchnackXmlNode) submit = NULL;
  g_autoptr(GString) xml = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *missing = NULL;
  SchnackFormField *field;

  assert_not_a_form ("<x xmlns='urn:example:other' type='form'/>");
  assert_not_a_form ("<x type='form'/>");
  assert_not_a_form ("<query xmlns='jabber:x:data'/>");

  /* No fields, no type: an empty form, valid, submitted as an empty x. */
  form = parse_form ("<x xmlns='jabber:x:data'/>");
  g_assert_cmpint (form->type, ==, SCHNACK_DATA_FORM_TYPE_FORM);
  g_assert_cmpuint (form->fields->len, ==, 0);
  g_assert_null (form->title);
  g_assert_null (form->instructions);
  g_assert_null (schnack_data_form_get_form_type (form));
  g_assert_true (schnack_data_form_validate (form, &missing));
  g_assert_null (missing);
  submit = schnack_data_form_build_submit (form);
  g_assert_cmpuint (schnack_xml_node_get_n_children (submit), ==, 0);
  g_clear_pointer (&form, schnack_data_form_unref);

  huge = g_strnfill (1024 * 1024, 'A');
  xml = g_string_new ("<x xmlns='jabber:x:data' type='strange'>"
                      "<instructions>one</instructions><instructions/><instructions>two</instructions>"
                      "<field label='no var, not fixed'><value>lost</value><required/></field>"
                      "<field var='' type='text-single'><required/></field>"
                      "<field var='odd' type='colour-picker' label='Odd'><required/><value>red</value></field>"
                      "<field var='foreign'><value xmlns='urn:example:other'>not a value</value>"
                      "<required xmlns='urn:example:other'/></field>"
                      "<field var='media' type='text-single'>"
                      "<media xmlns='urn:xmpp:media-element' width='-5' height='huge'>"
                      "<uri type='image/png'>   </uri><uri>https://example.org/a.png</uri></media></field>"
                      "<field var='two' type='text-single'><value>first</value><value>second</value></field>"
                      "<field var='two' type='text-single'><value>duplicate</value></field>"
                      "<field var='big' type='text-single'><value>");
  g_string_append (xml, huge);
  g_string_append (xml, "</value></field></x>");
  form = parse_form (xml->str);

  g_assert_cmpint (form->type, ==, SCHNACK_DATA_FORM_TYPE_FORM);
  g_assert_cmpstr (form->instructions, ==, "one\ntwo");
  /* The two fields without a var are gone. */
  g_assert_cmpuint (form->fields->len, ==, 6);

  field = schnack_data_form_find_field (form, "odd");
  g_assert_cmpint (field->type, ==, SCHNACK_FORM_FIELD_TEXT_SINGLE);
  g_assert_cmpstr (schnack_form_field_get_value (field), ==, "red");

  field = schnack_data_form_find_field (form, "foreign");
  g_assert_cmpuint (g_strv_length (field->values), ==, 0);
  g_assert_false (field->required);

  field = schnack_data_form_find_field (form, "media");
  g_assert_cmpuint (field->media_width, ==, 0);
  g_assert_cmpuint (field->media_height, ==, 0);
  g_assert_cmpuint (field->media->len, ==, 1);
  g_assert_null (((SchnackFormMediaUri *) field->media->pdata[0])->type);
  g_assert_null (schnack_form_field_get_media_cid (field, NULL));

  field = schnack_data_form_find_field (form, "two");
  g_assert_cmpstr (schnack_form_field_get_value (field), ==, "first");

  field = schnack_data_form_find_field (form, "big");
  g_assert_cmpuint (strlen (schnack_form_field_get_value (field)), ==, 1024 * 1024);

  g_assert_false (schnack_data_form_set_value (form, "nonexistent", "x"));
  g_assert_true (schnack_data_form_validate (form, NULL));
  g_assert_true (schnack_data_form_set_value (form, "odd", NULL));
  g_assert_false (schnack_data_form_validate (form, &missing));
  g_assert_cmpstr (missing, ==, "Odd");

  submitted = submit_and_reparse (form);
  /* A single-value field sends only its first value. */
  g_assert_cmpuint (g_strv_length (schnack_data_form_find_field (submitted, "two")->values), ==, 1);
  g_assert_cmpstr (schnack_form_field_get_value (schnack_data_form_find_field (submitted, "big")), ==, huge);
}

static void
test_fixed_is_read_only (void)
{
  g_autoptr(SchnackDataForm) form = parse_form ("<x xmlns='jabber:x:data' type='form'>"
                                                "<field var='note' type='fixed'><value>Read me</value></field>"
                                                "<field var='FORM_TYPE'><value>urn:example:plain</value></field>"
                                                "</x>");

  g_assert_false (schnack_data_form_set_value (form, "note", "changed"));
  g_assert_cmpstr (schnack_form_field_get_value (schnack_data_form_find_field (form, "note")), ==, "Read me");
  /* FORM_TYPE without type='hidden' still names the form. */
  g_assert_cmpstr (schnack_data_form_get_form_type (form), ==, "urn:example:plain");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/data-form/captcha-registration", test_captcha_registration);
  g_test_add_func ("/data-form/room-config", test_room_config);
  g_test_add_func ("/data-form/round-trip", test_round_trip);
  g_test_add_func ("/data-form/hostile", test_hostile);
  g_test_add_func ("/data-form/fixed-is-read-only", test_fixed_is_read_only);
  return g_test_run ();
}
