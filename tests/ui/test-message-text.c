/* test-message-text.c — message bodies become safe markup, links and styling
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No display needed: these test strings. Every markup produced is parsed
 * the way the label will parse it, and what the label would show is
 * compared with what the peer sent.
 */
#include "ui/message-text.h"

#include <pango/pango.h>
#include <string.h>

#define DIM(text) "<span alpha=\"50%\">" text "</span>"
#define FSI "\xe2\x81\xa8"
#define PDI "\xe2\x81\xa9"
#define RLO "\xe2\x80\xae"

typedef struct
{
  GString   *visible;
  GPtrArray *hrefs;      /* of each <a> */
  GPtrArray *link_texts; /* what each <a> shows */
  GString   *current_link;
  GHashTable *tags;      /* element name → how often */
} LabelText;

static void
on_start_element (GMarkupParseContext *context,
                  const char          *element,
                  const char         **names,
                  const char         **values,
                  gpointer             user_data,
                  GError             **error)
{
  LabelText *label = user_data;

  g_hash_table_insert (label->tags, g_strdup (element),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (label->tags, element)) + 1));
  if (g_str_equal (element, "a"))
    {
      g_assert_cmpstr (names[0], ==, "href");
      g_assert_null (names[1]);
      g_assert_null (label->current_link);
      g_ptr_array_add (label->hrefs, g_strdup (values[0]));
      label->current_link = g_string_new (NULL);
    }
}

static void
on_end_element (GMarkupParseContext *context,
                const char          *element,
                gpointer             user_data,
                GError             **error)
{
  LabelText *label = user_data;

  if (g_str_equal (element, "a"))
    g_ptr_array_add (label->link_texts, g_string_free (g_steal_pointer (&label->current_link), FALSE));
}

static void
on_text (GMarkupParseContext *context,
         const char          *text,
         gsize                len,
         gpointer             user_data,
         GError             **error)
{
  LabelText *label = user_data;

  g_string_append_len (label->visible, text, len);
  if (label->current_link != NULL)
    g_string_append_len (label->current_link, text, len);
}

static void
label_text_free (LabelText *label)
{
  g_string_free (label->visible, TRUE);
  g_ptr_array_unref (label->hrefs);
  g_ptr_array_unref (label->link_texts);
  g_hash_table_unref (label->tags);
  g_free (label);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabelText, label_text_free)

static guint
tag_count (LabelText  *label,
           const char *tag)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (label->tags, tag));
}

/* Pango does not know <a>: GtkLabel takes those out first. (GRegex
 * would be quadratic on a 1 MB text.) */
static char *
strip_link_tags (const char *markup)
{
  GString *out = g_string_new (NULL);
  const char *p = markup;

  while (*p != '\0')
    {
      if (g_str_has_prefix (p, "<a href=\""))
        {
          const char *end = strstr (p, "\">");

          g_assert_nonnull (end);
          p = end + 2;
        }
      else if (g_str_has_prefix (p, "</a>"))
        p += 4;
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

/* Parses @markup as GtkLabel does: its own <a> elements, and Pango markup
 * for the rest. Fails the test unless both accept it. */
static LabelText *
parse_label_markup (const char *markup)
{
  static const GMarkupParser parser = { on_start_element, on_end_element, on_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autofree char *without_links = NULL;
  g_autofree char *pango_text = NULL;
  g_autoptr(GError) error = NULL;
  LabelText *label = g_new0 (LabelText, 1);

  label->visible = g_string_new (NULL);
  label->hrefs = g_ptr_array_new_with_free_func (g_free);
  label->link_texts = g_ptr_array_new_with_free_func (g_free);
  label->tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_true (g_utf8_validate (markup, -1, NULL));
  context = g_markup_parse_context_new (&parser, 0, label, NULL);
  g_assert_true (g_markup_parse_context_parse (context, "<markup>", -1, &error));
  g_assert_true (g_markup_parse_context_parse (context, markup, -1, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_parse (context, "</markup>", -1, &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);

  without_links = strip_link_tags (markup);
  g_assert_true (pango_parse_markup (without_links, -1, 0, NULL, &pango_text, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pango_text, ==, label->visible->str);
  return label;
}

/* The label shows exactly the characters of @body. */
static LabelText *
assert_shows_body (const char *body)
{
  g_autofree char *markup = schnack_message_text_to_markup (body);
  g_autofree char *valid = g_utf8_make_valid (body, -1);
  LabelText *label = parse_label_markup (markup);

  g_assert_cmpstr (label->visible->str, ==, valid);
  return label;
}

static void
test_markup_tricks_stay_text (void)
{
  static const char *bodies[] = {
    "<b>bold?</b>",
    "&amp; &lt; &#60; &#x3c; &unknown; &",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<a href=javascript:alert(1)>click</a>",
    "</span></b></i></tt></a>",
    "<span foreground=\"red\" size=\"100000\">big</span>",
    "<![CDATA[x]]> <!-- comment --> <?pi?> <!DOCTYPE x>",
    "\"quotes\" and 'apostrophes'",
    "javascript:alert(1) data:text/html,<script>x</script>",
    "*<b>*  _</i>_  `<tt>`  ~&amp;~",
    "> <b>quoted</b>\n```\n</tt><b>\n```",
    "https://example.org/<b>\"onmouseover=\"x",
    "\x01\x02\x1b[31m control \x7f characters\r\n",
    "",
  };

  /* Were any of their tags taken as markup, the label would not show
   * every character of the body. */
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(LabelText) label = assert_shows_body (bodies[i]);
    }

  {
    g_autofree char *markup = schnack_message_text_to_markup ("<b>&amp;</b>");

    g_assert_cmpstr (markup, ==, "&lt;b&gt;&amp;amp;&lt;/b&gt;");
  }
  {
    g_autoptr(LabelText) label = assert_shows_body ("<a href=\"javascript:alert(1)\">x</a>");

    g_assert_cmpuint (label->hrefs->len, ==, 0);
  }
}

static void
test_invalid_and_invisible_characters (void)
{
  g_autofree char *markup = schnack_message_text_to_markup ("a\xff\xfe" "b \xc3 *c\xed\xa0\x80*");
  g_autoptr(LabelText) label = parse_label_markup (markup);
  g_autoptr(LabelText) zero_width = NULL;
  g_autoptr(LabelText) override = NULL;

  /* Invalid bytes become U+FFFD and styling still works around them. */
  g_assert_true (g_str_has_prefix (label->visible->str, "a\xef\xbf\xbd"));
  g_assert_cmpuint (tag_count (label, "b"), ==, 1);

  /* Zero-width and direction characters are kept as the text they are… */
  zero_width = assert_shows_body ("pay\xe2\x80\x8bpal \xef\xbb\xbf*x\xe2\x80\x8d*");
  override = assert_shows_body ("invoice " RLO "fdp.exe");
  g_assert_nonnull (override);

  /* …but never become part of a link, where they would disguise its
   * target ("https://example.org/" RLO "gpj.exe" shows as …exe.jpg). */
  {
    g_autoptr(LabelText) spoof = assert_shows_body ("https://example.org/" RLO "gpj.exe");

    g_assert_cmpuint (spoof->hrefs->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (spoof->hrefs, 0), ==, "https://example.org/");
  }
  {
    g_autoptr(LabelText) hidden = assert_shows_body ("https://example.org\xe2\x80\x8b.evil.test");

    g_assert_cmpstr (g_ptr_array_index (hidden->hrefs, 0), ==, "https://example.org");
  }
}

static void
assert_links (const char  *body,
              const char **expected_hrefs,
              const char **expected_texts)
{
  g_autoptr(LabelText) label = assert_shows_body (body);
  guint n = expected_hrefs != NULL ? g_strv_length ((char **) expected_hrefs) : 0;

  g_assert_cmpuint (label->hrefs->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (g_ptr_array_index (label->hrefs, i), ==, expected_hrefs[i]);
      g_assert_cmpstr (g_ptr_array_index (label->link_texts, i), ==, expected_texts[i]);
    }
}

#define LINKS(...) ((const char *[]) { __VA_ARGS__, NULL })

static void
test_links (void)
{
  assert_links ("see https://example.org/a.", LINKS ("https://example.org/a"), LINKS ("https://example.org/a"));
  assert_links ("HTTP://EXAMPLE.ORG", LINKS ("HTTP://EXAMPLE.ORG"), LINKS ("HTTP://EXAMPLE.ORG"));
  assert_links ("Really?! http://x.test/?q=1&r=2!?",
                LINKS ("http://x.test/?q=1&r=2"), LINKS ("http://x.test/?q=1&r=2"));
  /* Parentheses: the link's own stay, the sentence's go. */
  assert_links ("(see https://en.wikipedia.org/wiki/Foo_(bar))",
                LINKS ("https://en.wikipedia.org/wiki/Foo_(bar)"),
                LINKS ("https://en.wikipedia.org/wiki/Foo_(bar)"));
  assert_links ("(https://example.org/x)", LINKS ("https://example.org/x"), LINKS ("https://example.org/x"));
  assert_links ("a https://example.org/[1]] b", LINKS ("https://example.org/[1]"), LINKS ("https://example.org/[1]"));
  assert_links ("www.example.org, and WWW.Example.org/path",
                LINKS ("http://www.example.org", "http://WWW.Example.org/path"),
                LINKS ("www.example.org", "WWW.Example.org/path"));
  assert_links ("xmpp:room@conference.example.org?join mailto:a@example.org geo:52.5,13.4;u=30",
                LINKS ("xmpp:room@conference.example.org?join", "mailto:a@example.org", "geo:52.5,13.4;u=30"),
                LINKS ("xmpp:room@conference.example.org?join", "mailto:a@example.org", "geo:52.5,13.4;u=30"));
  assert_links ("<https://example.org/a>\"https://example.org/b\"",
                LINKS ("https://example.org/a", "https://example.org/b"),
                LINKS ("https://example.org/a", "https://example.org/b"));
  /* The href is escaped like everything else. */
  assert_links ("https://example.org/?a='1'&b", LINKS ("https://example.org/?a='1'&b"),
                LINKS ("https://example.org/?a='1'&b"));
  /* Not links. */
  assert_links ("http:// https://. xhttp://example.org mail@www.example.org "
                "javascript:alert(1) file:///etc/passwd data:text/html,x ftp://x.test mailto: geo:",
                NULL, NULL);
  /* Styling around a link, and styling characters inside one. */
  {
    g_autoptr(LabelText) label = assert_shows_body ("*https://example.org/a_b_c* _https://x.test/~u/_");

    g_assert_cmpuint (tag_count (label, "b"), ==, 1);
    g_assert_cmpuint (tag_count (label, "i"), ==, 1);
    g_assert_cmpuint (tag_count (label, "s"), ==, 0);
    g_assert_cmpstr (g_ptr_array_index (label->hrefs, 0), ==, "https://example.org/a_b_c");
    g_assert_cmpstr (g_ptr_array_index (label->hrefs, 1), ==, "https://x.test/~u/");
  }
  {
    g_autofree char *markup = schnack_message_text_to_markup ("go to https://example.org/a&b now");

    g_assert_cmpstr (markup, ==,
                     "go to <a href=\"https://example.org/a&amp;b\">https://example.org/a&amp;b</a> now");
  }
}

static void
assert_markup (const char *body,
               const char *expected)
{
  g_autofree char *markup = schnack_message_text_to_markup (body);
  g_autoptr(LabelText) label = assert_shows_body (body);

  g_assert_cmpstr (markup, ==, expected);
}

static void
test_styling_spans (void)
{
  assert_markup ("*strong*", DIM ("*") "<b>strong</b>" DIM ("*"));
  assert_markup ("an _emphasis_.", "an " DIM ("_") "<i>emphasis</i>" DIM ("_") ".");
  assert_markup ("~gone~ `*code* _x_`",
                 DIM ("~") "<s>gone</s>" DIM ("~") " " DIM ("`") "<tt>*code* _x_</tt>" DIM ("`"));
  /* Nesting, and a directive right after another opening one. */
  assert_markup ("*_both_*", DIM ("*") "<b>" DIM ("_") "<i>both</i>" DIM ("_") "</b>" DIM ("*"));
  assert_markup ("_a *b* c_", DIM ("_") "<i>a " DIM ("*") "<b>b</b>" DIM ("*") " c</i>" DIM ("_"));
  assert_markup ("*a _b* c_", DIM ("*") "<b>a _b</b>" DIM ("*") " c_");

  /* Not styling: white space inside the directives, empty spans, across
   * lines, inside words, unmatched. */
  assert_markup ("a * b * c", "a * b * c");
  assert_markup ("* not*", "* not*");
  assert_markup ("*not *", "*not *");
  assert_markup ("** and __ and *** and ****", "** and __ and *** and ****");
  assert_markup ("**not markdown**", "**not markdown**");
  assert_markup ("*not *strong", "*not *strong");
  assert_markup ("* plain *strong*", "* plain " DIM ("*") "<b>strong</b>" DIM ("*"));
  assert_markup ("Everyone ~dis~likes cake.", "Everyone " DIM ("~") "<s>dis</s>" DIM ("~") "likes cake.");
  assert_markup ("*`monospace and bold`*",
                 DIM ("*") "<b>" DIM ("`") "<tt>monospace and bold</tt>" DIM ("`") "</b>" DIM ("*"));
  assert_markup ("*one\ntwo*", "*one\ntwo*");
  assert_markup ("snake_case_name", "snake_case_name");
  assert_markup ("2*3*4", "2*3*4");
  assert_markup ("*unmatched", "*unmatched");
  /* The first closing directive ends the span. */
  assert_markup ("*a*b*", DIM ("*") "<b>a</b>" DIM ("*") "b*");
  /* Escaping inside spans. */
  assert_markup ("*<&>*", DIM ("*") "<b>&lt;&amp;&gt;</b>" DIM ("*"));
}

static void
test_styling_blocks (void)
{
  g_autoptr(LabelText) label = NULL;

  assert_markup ("```python\n*x* <b>\n\n```\n*y*",
                 "<tt>" DIM ("```python") "</tt>\n<tt>*x* &lt;b&gt;</tt>\n<tt></tt>\n<tt>" DIM ("```") "</tt>\n"
                 DIM ("*") "<b>y</b>" DIM ("*"));
  /* An unclosed block runs to the end of the message. */
  assert_markup ("```\n*x*", "<tt>" DIM ("```") "</tt>\n<tt>*x*</tt>");
  /* "```" that is not at the start of a line is text. */
  assert_markup ("a ```b```", "a ```b```");

  assert_markup ("> *quoted*\nreply",
                 DIM ("&gt; ") "<span alpha=\"75%\">" DIM ("*") "<b>quoted</b>" DIM ("*") "</span>\nreply");
  assert_markup (">> deep\n> > also\n>  two spaces",
                 DIM ("&gt;&gt; ") "<span alpha=\"75%\">deep</span>\n"
                 DIM ("&gt; &gt; ") "<span alpha=\"75%\">also</span>\n"
                 DIM ("&gt; ") "<span alpha=\"75%\"> two spaces</span>");
  /* A preformatted block inside a quote ends with the quote. */
  assert_markup ("> ```\n> *x*\nafter *y*",
                 DIM ("&gt; ") "<tt>" DIM ("```") "</tt>\n" DIM ("&gt; ") "<tt>*x*</tt>\n"
                 "after " DIM ("*") "<b>y</b>" DIM ("*"));
  /* Inside a block a deeper quote is text. */
  assert_markup ("```\n> not a quote\n```",
                 "<tt>" DIM ("```") "</tt>\n<tt>&gt; not a quote</tt>\n<tt>" DIM ("```") "</tt>");

  label = assert_shows_body ("> a\n>b\n```\n> c\n```\n~d~\n\n\n");
  g_assert_cmpuint (tag_count (label, "s"), ==, 1);
}

static void
test_me_command (void)
{
  g_autofree char *markup = NULL;
  g_autofree char *spoofing = NULL;
  g_autoptr(LabelText) label = NULL;
  g_autoptr(LabelText) spoofing_label = NULL;

  g_assert_true (schnack_message_text_is_me_command ("/me waves"));
  g_assert_false (schnack_message_text_is_me_command ("/meow"));
  g_assert_false (schnack_message_text_is_me_command ("/me"));
  g_assert_false (schnack_message_text_is_me_command (" /me waves"));
  g_assert_false (schnack_message_text_is_me_command ("/ME waves"));
  g_assert_false (schnack_message_text_is_me_command (NULL));

  markup = schnack_message_text_me_to_markup ("<b>Eve</b> &amp;", "/me waves *hard*");
  label = parse_label_markup (markup);
  g_assert_cmpstr (label->visible->str, ==, "* <b>Eve</b> &amp; waves *hard*");
  g_assert_cmpuint (tag_count (label, "b"), ==, 1);
  g_assert_cmpuint (tag_count (label, "i"), ==, 1);

  /* A name with an override cannot reverse the action after it. */
  spoofing = schnack_message_text_me_to_markup ("Mallory" RLO, "/me pays you");
  spoofing_label = parse_label_markup (spoofing);
  g_assert_cmpstr (spoofing_label->visible->str, ==, "* " FSI "Mallory" RLO PDI " pays you");
}

static char *
repeat (const char *piece,
        gsize       total_bytes)
{
  GString *text = g_string_sized_new (total_bytes + strlen (piece));

  while (text->len < total_bytes)
    g_string_append (text, piece);
  return g_string_free (text, FALSE);
}

static void
test_folding (void)
{
  g_autofree char *lines = NULL;
  g_autofree char *lines_folded = NULL;
  g_autofree char *words = NULL;
  g_autofree char *words_folded = NULL;
  g_autofree char *wide = NULL;
  g_autofree char *wide_folded = NULL;
  g_autofree char *short_folded = NULL;
  GString *numbered = g_string_new (NULL);

  g_assert_false (schnack_message_text_is_long ("short"));
  g_assert_false (schnack_message_text_is_long (""));
  short_folded = schnack_message_text_fold ("short\nmessage");
  g_assert_cmpstr (short_folded, ==, "short\nmessage");

  for (guint i = 1; i <= 40; i++)
    g_string_append_printf (numbered, "line %u\n", i);
  lines = g_string_free (numbered, FALSE);
  g_assert_true (schnack_message_text_is_long (lines));
  lines_folded = schnack_message_text_fold (lines);
  g_assert_true (g_str_has_suffix (lines_folded, "\nline 25"));

  /* Exactly 25 lines and 1,500 characters are not long yet. */
  {
    g_autofree char *max_lines = repeat ("x\n", 48);
    g_autofree char *max_chars = repeat ("x", SCHNACK_MESSAGE_TEXT_FOLD_CHARS);
    g_autofree char *one_more = repeat ("x", SCHNACK_MESSAGE_TEXT_FOLD_CHARS + 1);

    max_lines[47] = 'x';
    g_assert_false (schnack_message_text_is_long (max_lines));
    g_assert_false (schnack_message_text_is_long (max_chars));
    g_assert_true (schnack_message_text_is_long (one_more));
  }

  /* A long paragraph is cut after a whole word. */
  words = repeat ("lorem ipsum ", 5000);
  g_assert_true (schnack_message_text_is_long (words));
  words_folded = schnack_message_text_fold (words);
  g_assert_cmpuint (g_utf8_strlen (words_folded, -1), <=, SCHNACK_MESSAGE_TEXT_FOLD_CHARS);
  g_assert_cmpuint (g_utf8_strlen (words_folded, -1), >, SCHNACK_MESSAGE_TEXT_FOLD_CHARS - 20);
  g_assert_true (g_str_has_suffix (words_folded, "lorem") || g_str_has_suffix (words_folded, "ipsum"));

  /* No space anywhere, four-byte characters: cut at a character. */
  wide = repeat ("\xf0\x9f\x98\x80", 100000);
  wide_folded = schnack_message_text_fold (wide);
  g_assert_true (g_utf8_validate (wide_folded, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (wide_folded, -1), ==, SCHNACK_MESSAGE_TEXT_FOLD_CHARS);

  /* Invalid bytes in a long body. */
  {
    g_autofree char *broken = repeat ("ab\xff", 9000);
    g_autofree char *broken_folded = schnack_message_text_fold (broken);

    g_assert_true (schnack_message_text_is_long (broken));
    g_assert_true (g_utf8_validate (broken_folded, -1, NULL));
    g_assert_cmpuint (g_utf8_strlen (broken_folded, -1), ==, SCHNACK_MESSAGE_TEXT_FOLD_CHARS);
  }
}

static void
assert_preview (const char *body,
                guint       max_chars,
                const char *expected)
{
  g_autofree char *preview = schnack_message_text_to_plain_preview (body, max_chars);

  g_assert_cmpstr (preview, ==, expected);
  g_assert_cmpuint (g_utf8_strlen (preview, -1), <=, max_chars + (strstr (preview, FSI) ? 4 : 0));
}

static void
test_plain_preview (void)
{
  assert_preview ("Hello\n\n  world\t!\n", 100, "Hello world !");
  assert_preview ("*styled* <b>text</b> &amp;", 100, "*styled* <b>text</b> &amp;");
  assert_preview ("abcdef", 6, "abcdef");
  assert_preview ("abcdefg", 6, "abcde…");
  assert_preview ("abc defg", 5, "abc…");
  assert_preview ("äöü€😀x", 5, "äöü€…");
  assert_preview ("   ", 10, "");
  assert_preview ("abc", 0, "");
  assert_preview ("ab", 1, "…");
  assert_preview ("a\xffz", 10, "a\xef\xbf\xbdz");
  assert_preview ("line\r\none\x1b[0m", 100, "line one [0m");
  /* Direction controls are isolated so "Name: preview" keeps its order. */
  assert_preview ("evil " RLO "txet", 100, FSI "evil " RLO "txet" PDI);
}

/* Simulates the isolate stack of the bidi algorithm: every isolate the
 * output opens is closed, and no U+2069 closes more than it opened. */
static void
assert_isolated (const char *text)
{
  g_autofree char *isolated = schnack_message_text_isolate (text);
  int depth = 0;

  g_assert_true (g_str_has_prefix (isolated, FSI));
  for (const char *p = isolated; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x2066 && c <= 0x2068)
        depth++;
      else if (c == 0x2069)
        {
          depth--;
          g_assert_cmpint (depth, >=, 0);
          /* Only the very end may close the outermost isolate. */
          if (depth == 0)
            g_assert_cmpstr (g_utf8_next_char (p), ==, "");
        }
    }
  g_assert_cmpint (depth, ==, 0);
}

static void
test_isolation (void)
{
  g_autofree char *plain = schnack_message_text_isolate ("Alice Müller");
  g_autofree char *hebrew = schnack_message_text_isolate ("שלום");
  g_autofree char *two_lines = schnack_message_text_isolate ("a" RLO "\nb");

  g_assert_cmpstr (plain, ==, "Alice Müller");
  g_assert_cmpstr (hebrew, ==, "שלום");
  g_assert_cmpstr (two_lines, ==, FSI "a" RLO PDI "\nb");

  assert_isolated (RLO "evil");
  assert_isolated ("a" PDI RLO "escaped?");
  assert_isolated (PDI PDI PDI RLO);
  assert_isolated ("\xe2\x81\xa7" "\xe2\x81\xa6" "open isolates");
  assert_isolated ("\xe2\x80\xab" "\xe2\x80\xac" "\xe2\x80\x8f");
}

/* Random bodies made of the characters that matter: whatever the mix,
 * the markup parses and shows exactly the body. */
static void
test_random_bodies (void)
{
  static const char *const pieces[] = {
    "*", "_", "~", "`", "```", ">", "> ", "\n", " ", "\t", "a", "b", "<", "&", "\"", "'",
    "https://", "www.", "xmpp:", "mailto:", "geo:", ".", ",", "(", ")", "[", "]", "/",
    RLO, PDI, "\xe2\x80\x8b", "\xff", "\xc3", "\r", "\x01", "ä", "😀",
  };

  for (guint round = 0; round < 5000; round++)
    {
      GString *body = g_string_new (NULL);
      guint length = g_test_rand_int_range (0, 40);
      g_autofree char *text = NULL;
      g_autofree char *preview = NULL;

      for (guint i = 0; i < length; i++)
        g_string_append (body, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);
      text = g_string_free (body, FALSE);

      label_text_free (assert_shows_body (text));
      preview = schnack_message_text_to_plain_preview (text, 10);
      g_assert_true (g_utf8_validate (preview, -1, NULL));
      g_assert_null (strchr (preview, '\n'));
    }
}

/* A hostile peer sends 1 MB: formatting must stay linear. The time is
 * printed; the bound only catches quadratic behaviour. */
static void
test_one_megabyte (void)
{
  static const char *const patterns[] = {
    "Hello *world* _this_ is ~a~ `test` with https://example.org/a_(b) and <b>&amp;</b>\n> quote *x*\n",
    "*a _b ~c `d ",                       /* openings that never close */
    "a* b_ c~ d` ",                       /* closings that never open */
    "http://a/http://b/www.x.y/(((((",    /* one endless link */
    "www.x ",                             /* many links */
    "xmpp:mailto:geo:https://",           /* schemes that lead nowhere */
    ">>>>>>>>>>",                         /* one deep quote */
    "```\n",                              /* block fences */
  };

  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      g_autofree char *body = repeat (patterns[i], 1024 * 1024);
      g_autofree char *markup = NULL;
      g_autofree char *preview = NULL;
      gint64 start = g_get_monotonic_time ();
      gint64 elapsed;

      markup = schnack_message_text_to_markup (body);
      preview = schnack_message_text_to_plain_preview (body, 200);
      g_assert_true (schnack_message_text_is_long (body));
      g_free (schnack_message_text_fold (body));
      elapsed = g_get_monotonic_time () - start;
      {
        g_autofree char *shown = g_strescape (patterns[i], NULL);

        g_test_message ("1 MB of \"%s\" repeated: %.1f ms", shown, elapsed / 1000.0);
      }
      g_assert_cmpint (elapsed, <, 10 * G_USEC_PER_SEC);

      if (i < 3)
        {
          g_autoptr(LabelText) label = parse_label_markup (markup);

          g_assert_cmpstr (label->visible->str, ==, body);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/message-text/markup-tricks", test_markup_tricks_stay_text);
  g_test_add_func ("/message-text/invalid-and-invisible", test_invalid_and_invisible_characters);
  g_test_add_func ("/message-text/links", test_links);
  g_test_add_func ("/message-text/styling-spans", test_styling_spans);
  g_test_add_func ("/message-text/styling-blocks", test_styling_blocks);
  g_test_add_func ("/message-text/me-command", test_me_command);
  g_test_add_func ("/message-text/folding", test_folding);
  g_test_add_func ("/message-text/plain-preview", test_plain_preview);
  g_test_add_func ("/message-text/isolation", test_isolation);
  g_test_add_func ("/message-text/random-bodies", test_random_bodies);
  g_test_add_func ("/message-text/one-megabyte", test_one_megabyte);

  return g_test_run ();
}
