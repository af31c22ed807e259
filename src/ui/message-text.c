/* message-text.c — message bodies from the network as safe Pango markup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything a peer sends is text: each piece of it reaches the markup
 * only through g_markup_escape_text(), and the only tags are the ones
 * written here. Message styling (XEP-0393) keeps its directives visible
 * but dimmed, as Conversations and Dino do, so the label shows exactly
 * the characters that were sent and copying a message copies what the
 * peer typed.
 *
 * Every pass is linear in the length of the body: a 1 MB body from a
 * hostile peer must not freeze the chat.
 */
#include "config.h"

#include "ui/message-text.h"

#include <string.h>

#define DIMMED_OPEN "<span alpha=\"50%\">"
#define QUOTE_OPEN "<span alpha=\"75%\">"
#define SPAN_CLOSE "</span>"

#define FIRST_STRONG_ISOLATE "\xe2\x81\xa8" /* U+2068 */
#define POP_DIRECTIONAL_ISOLATE "\xe2\x81\xa9" /* U+2069 */

typedef struct
{
  gsize    start;
  gsize    end;
  gboolean needs_scheme;  /* a bare "www." link */
} LinkRange;

static void
append_escaped (GString    *out,
                const char *text,
                gsize       len)
{
  const char *end = text + len;

  while (text < end)
    {
      const char *carriage_return = memchr (text, '\r', end - text);
      const char *chunk_end = carriage_return != NULL ? carriage_return : end;

      if (chunk_end > text)
        {
          g_autofree char *escaped = g_markup_escape_text (text, chunk_end - text);

          g_string_append (out, escaped);
        }
      /* A markup parser would turn a raw CR (LF) into LF, as XML does. */
      if (carriage_return != NULL)
        g_string_append (out, "&#13;");
      text = chunk_end + (carriage_return != NULL ? 1 : 0);
    }
}

static void
append_dimmed (GString    *out,
               const char *text,
               gsize       len)
{
  g_string_append (out, DIMMED_OPEN);
  append_escaped (out, text, len);
  g_string_append (out, SPAN_CLOSE);
}

static gunichar
char_before (const char *line,
             gsize       pos)
{
  const char *prev;

  g_assert (pos > 0);
  if ((guchar) line[pos - 1] < 0x80)
    return (guchar) line[pos - 1];
  prev = g_utf8_find_prev_char (line, line + pos);
  return prev != NULL ? g_utf8_get_char (prev) : 0;
}

static gboolean
is_bidi_control (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E)   /* embeddings and overrides */
         || (c >= 0x2066 && c <= 0x2069) /* isolates */
         || c == 0x200E || c == 0x200F || c == 0x061C; /* marks */
}

/* Characters that end a link: they are not allowed in URIs or IRIs, and
 * an invisible one inside a link would hide where it really goes. */
static gboolean
ends_link (gunichar c)
{
  return g_unichar_isspace (c)
         || g_unichar_iscntrl (c)
         || c == '<' || c == '>' || c == '"'
         || is_bidi_control (c)
         || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF
         || c == 0xFFFD;
}

static gboolean
has_prefix_ascii_nocase (const char *text,
                         gsize       len,
                         const char *prefix)
{
  gsize prefix_len = strlen (prefix);

  return len >= prefix_len && g_ascii_strncasecmp (text, prefix, prefix_len) == 0;
}

/* The length of the link that starts at @pos, or 0. */
static gsize
link_length_at (const char *line,
                gsize       pos,
                gsize       len,
                gboolean   *needs_scheme)
{
  static const char *schemes[] = { "https://", "http://", "xmpp:", "mailto:", "geo:" };
  const char *text = line + pos;
  gsize avail = len - pos;
  gsize prefix_len = 0;
  gsize end;
  gssize open_parens = 0;
  gssize open_brackets = 0;

  *needs_scheme = FALSE;
  if (pos > 0)
    {
      gunichar before = char_before (line, pos);

      /* Inside a word ("xhttp://") or an address ("me@www.x") is no link. */
      if (g_unichar_isalnum (before) || before == '@' || before == '.' || before == '/'
          || before == '-' || before == '+' || before == ':')
        return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (has_prefix_ascii_nocase (text, avail, schemes[i]))
      {
        prefix_len = strlen (schemes[i]);
        break;
      }
  if (prefix_len == 0 && has_prefix_ascii_nocase (text, avail, "www."))
    {
      prefix_len = 4;
      *needs_scheme = TRUE;
    }
  if (prefix_len == 0)
    return 0;

  end = prefix_len;
  while (end < avail)
    {
      gunichar c = g_utf8_get_char (text + end);

      if (ends_link (c))
        break;
      if (c == '(')
        open_parens++;
      else if (c == ')')
        open_parens--;
      else if (c == '[')
        open_brackets++;
      else if (c == ']')
        open_brackets--;
      end = g_utf8_next_char (text + end) - text;
    }

  /* Punctuation that ends the sentence is not part of the link; a closing
   * parenthesis is, when the link opened it (Wikipedia titles). */
  while (end > prefix_len)
    {
      char last = text[end - 1];

      if (strchr (".,:;!?'*_~`", last) != NULL)
        end--;
      else if (last == ')' && open_parens < 0)
        {
          open_parens++;
          end--;
        }
      else if (last == ']' && open_brackets < 0)
        {
          open_brackets++;
          end--;
        }
      else
        break;
    }

  return end > prefix_len ? end : 0;
}

static GArray *
find_links (const char *line,
            gsize       len)
{
  GArray *links = g_array_new (FALSE, FALSE, sizeof (LinkRange));
  gsize pos = 0;

  while (pos < len)
    {
      char c = line[pos];
      gsize link_len;
      gboolean needs_scheme;

      /* Only the first letters of the schemes can start one. */
      if (c != '\0' && strchr ("hHxXmMgGwW", c) != NULL
          && (link_len = link_length_at (line, pos, len, &needs_scheme)) > 0)
        {
          LinkRange range = { pos, pos + link_len, needs_scheme };

          g_array_append_val (links, range);
          pos += link_len;
        }
      else
        pos++;
    }
  return links;
}

static void
append_link (GString         *out,
             const char      *line,
             const LinkRange *link)
{
  g_autofree char *href = NULL;
  g_autofree char *escaped_href = NULL;

  href = g_strndup (line + link->start, link->end - link->start);
  if (link->needs_scheme)
    {
      char *with_scheme = g_strconcat ("http://", href, NULL);

      g_free (href);
      href = with_scheme;
    }
  escaped_href = g_markup_escape_text (href, -1);
  g_string_append_printf (out, "<a href=\"%s\">", escaped_href);
  append_escaped (out, line + link->start, link->end - link->start);
  g_string_append (out, "</a>");
}

/* ---------------------------------------------------------------- spans */

#define N_DIRECTIVES 4
static const char directives[N_DIRECTIVES] = { '*', '_', '~', '`' };
static const char *const directive_tags[N_DIRECTIVES] = { "b", "i", "s", "tt" };

typedef struct
{
  const char *line;
  gsize       len;
  GString    *out;
  GArray     *links;
  guint       next_link;
  /* Where each directive can close a span (sorted), and how far the
   * search has come: openings are met left to right, so each list is
   * walked once — no rescans on lines full of unmatched '*'. */
  GArray     *closers[N_DIRECTIVES];
  guint       next_closer[N_DIRECTIVES];
} SpanParser;

static int
directive_index (char c)
{
  for (int i = 0; i < N_DIRECTIVES; i++)
    if (directives[i] == c)
      return i;
  return -1;
}

static void
collect_closers (SpanParser *parser)
{
  guint link = 0;

  for (int i = 0; i < N_DIRECTIVES; i++)
    parser->closers[i] = g_array_new (FALSE, FALSE, sizeof (gsize));

  for (gsize pos = 1; pos < parser->len; pos++)
    {
      int directive = directive_index (parser->line[pos]);

      if (directive < 0)
        continue;
      while (link < parser->links->len
             && g_array_index (parser->links, LinkRange, link).end <= pos)
        link++;
      if (link < parser->links->len
          && g_array_index (parser->links, LinkRange, link).start <= pos)
        continue;
      if (!g_unichar_isspace (char_before (parser->line, pos)))
        g_array_append_val (parser->closers[directive], pos);
    }
}

/* The position of the directive that closes a span opened at @open,
 * or 0 when there is none before @limit. */
static gsize
find_closer (SpanParser *parser,
             int         directive,
             gsize       open,
             gsize       limit)
{
  GArray *closers = parser->closers[directive];
  guint *next = &parser->next_closer[directive];

  gsize close;

  while (*next < closers->len && g_array_index (closers, gsize, *next) <= open)
    (*next)++;
  if (*next >= closers->len)
    return 0;
  close = g_array_index (closers, gsize, *next);
  /* Spans match lazily and are never empty: "**" and "****" are plain. */
  if (close == open + 1 || close >= limit)
    return 0;
  return close;
}

static gboolean
can_open_span (SpanParser *parser,
               gsize       pos,
               gsize       range_start,
               gsize       range_end)
{
  /* At the start of its range (line start, or right after another
   * opening directive), or after white space; never before it. */
  if (pos + 1 >= range_end)
    return FALSE;
  if (pos != range_start && !g_unichar_isspace (char_before (parser->line, pos)))
    return FALSE;
  return !g_unichar_isspace (g_utf8_get_char (parser->line + pos + 1));
}

static void
render_span_range (SpanParser *parser,
                   gsize       start,
                   gsize       end)
{
  gsize plain_start = start;
  gsize pos = start;

  while (pos < end)
    {
      int directive;
      gsize close;

      while (parser->next_link < parser->links->len
             && g_array_index (parser->links, LinkRange, parser->next_link).start < pos)
        parser->next_link++;
      if (parser->next_link < parser->links->len)
        {
          const LinkRange *link = &g_array_index (parser->links, LinkRange, parser->next_link);

          if (link->start == pos && link->end <= end)
            {
              append_escaped (parser->out, parser->line + plain_start, pos - plain_start);
              append_link (parser->out, parser->line, link);
              pos = plain_start = link->end;
              continue;
            }
        }

      directive = directive_index (parser->line[pos]);
      if (directive < 0
          || !can_open_span (parser, pos, start, end)
          || (close = find_closer (parser, directive, pos, end)) == 0)
        {
          pos++;
          continue;
        }

      append_escaped (parser->out, parser->line + plain_start, pos - plain_start);
      append_dimmed (parser->out, parser->line + pos, 1);
      g_string_append_printf (parser->out, "<%s>", directive_tags[directive]);
      if (directives[directive] == '`')
        append_escaped (parser->out, parser->line + pos + 1, close - pos - 1);
      else
        render_span_range (parser, pos + 1, close);
      g_string_append_printf (parser->out, "</%s>", directive_tags[directive]);
      append_dimmed (parser->out, parser->line + close, 1);
      pos = plain_start = close + 1;
    }
  append_escaped (parser->out, parser->line + plain_start, end - plain_start);
}

static void
render_spans (GString    *out,
              const char *line,
              gsize       len)
{
  SpanParser parser = { line, len, out, NULL, 0, { NULL }, { 0 } };

  parser.links = find_links (line, len);
  collect_closers (&parser);
  render_span_range (&parser, 0, len);

  g_array_unref (parser.links);
  for (int i = 0; i < N_DIRECTIVES; i++)
    g_array_unref (parser.closers[i]);
}

/* --------------------------------------------------------------- blocks */

/* Skips up to @max_depth quote markers (">", "> ", ">>", "> > "), each
 * with the one white space character after it that XEP-0393 trims.
 * Returns where the content starts. */
static gsize
skip_quote_markers (const char *line,
                    gsize       len,
                    guint       max_depth,
                    guint      *depth)
{
  gsize pos = 0;
  gsize content = 0;

  *depth = 0;
  while (pos < len && *depth < max_depth && line[pos] == '>')
    {
      (*depth)++;
      pos++;
      if (pos < len && (line[pos] == ' ' || line[pos] == '\t'))
        pos++;
      content = pos;
    }
  return content;
}

static gboolean
is_fence (const char *text,
          gsize       len)
{
  return len >= 3 && strncmp (text, "```", 3) == 0;
}

static gboolean
is_closing_fence (const char *text,
                  gsize       len)
{
  if (!is_fence (text, len))
    return FALSE;
  for (gsize i = 3; i < len; i++)
    if (!g_ascii_isspace (text[i]))
      return FALSE;
  return TRUE;
}

static void
render_preformatted_line (GString    *out,
                          const char *line,
                          gsize       len,
                          gsize       content,
                          gboolean    dim_content)
{
  if (content > 0)
    append_dimmed (out, line, content);
  g_string_append (out, "<tt>");
  if (dim_content)
    append_dimmed (out, line + content, len - content);
  else
    append_escaped (out, line + content, len - content);
  g_string_append (out, "</tt>");
}

static void
render_blocks (GString    *out,
               const char *text)
{
  const char *line = text;
  gboolean in_preformatted = FALSE;
  guint preformatted_depth = 0;

  while (TRUE)
    {
      const char *newline = strchr (line, '\n');
      gsize len = newline != NULL ? (gsize) (newline - line) : strlen (line);
      guint depth;
      gsize content;

      if (in_preformatted)
        {
          /* A block ends with a line of just ```, or with its quote;
           * inside it nothing is styled, not even a deeper quote. */
          content = skip_quote_markers (line, len, preformatted_depth, &depth);
          if (depth < preformatted_depth)
            in_preformatted = FALSE;
          else if (is_closing_fence (line + content, len - content))
            {
              render_preformatted_line (out, line, len, content, TRUE);
              in_preformatted = FALSE;
              goto next_line;
            }
          else
            {
              render_preformatted_line (out, line, len, content, FALSE);
              goto next_line;
            }
        }

      content = skip_quote_markers (line, len, G_MAXUINT, &depth);
      if (is_fence (line + content, len - content))
        {
          /* The opening line may name a language; it stays as text. */
          render_preformatted_line (out, line, len, content, TRUE);
          in_preformatted = TRUE;
          preformatted_depth = depth;
        }
      else if (depth > 0)
        {
          append_dimmed (out, line, content);
          g_string_append (out, QUOTE_OPEN);
          render_spans (out, line + content, len - content);
          g_string_append (out, SPAN_CLOSE);
        }
      else
        render_spans (out, line, len);

    next_line:
      if (newline == NULL)
        break;
      g_string_append_c (out, '\n');
      line = newline + 1;
    }
}

/* Pango markup for a GtkLabel (use-markup) showing @body: links, message
 * styling, and nothing else from the body interpreted. */
char *
schnack_message_text_to_markup (const char *body)
{
  g_autofree char *valid = NULL;
  GString *out;

  g_return_val_if_fail (body != NULL, NULL);

  valid = g_utf8_make_valid (body, -1);
  out = g_string_sized_new (strlen (valid) + strlen (valid) / 8 + 16);
  render_blocks (out, valid);
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ /me */

/* XEP-0245: "/me " at the very start of the body. */
gboolean
schnack_message_text_is_me_command (const char *body)
{
  return body != NULL && g_str_has_prefix (body, "/me ");
}

/* "* Name does something", in italics, with the rest styled as usual. */
char *
schnack_message_text_me_to_markup (const char *name,
                                   const char *body)
{
  g_autofree char *isolated_name = NULL;
  g_autofree char *escaped_name = NULL;
  g_autofree char *action = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  if (schnack_message_text_is_me_command (body))
    body += strlen ("/me ");
  isolated_name = schnack_message_text_isolate (name);
  escaped_name = g_markup_escape_text (isolated_name, -1);
  action = schnack_message_text_to_markup (body);
  return g_strdup_printf ("<i>* %s %s</i>", escaped_name, action);
}

/* -------------------------------------------------------------- folding */

/* More than this many bytes is more than FOLD_CHARS characters even if
 * every character were four bytes long (or one invalid byte). */
#define FOLD_BYTES (SCHNACK_MESSAGE_TEXT_FOLD_CHARS * 4)

gboolean
schnack_message_text_is_long (const char *body)
{
  g_autofree char *valid = NULL;
  guint lines = 1;
  glong chars;

  g_return_val_if_fail (body != NULL, FALSE);

  if (strnlen (body, FOLD_BYTES + 1) > FOLD_BYTES)
    return TRUE;
  valid = g_utf8_make_valid (body, -1);
  chars = g_utf8_strlen (valid, -1);
  for (const char *p = valid; (p = strchr (p, '\n')) != NULL; p++)
    lines++;
  return chars > SCHNACK_MESSAGE_TEXT_FOLD_CHARS || lines > SCHNACK_MESSAGE_TEXT_FOLD_LINES;
}

/* The part of a long body shown before "Show more": at most FOLD_LINES
 * lines and FOLD_CHARS characters, cut at the end of a line or a word
 * when one is near, never inside a character. A short body is returned
 * whole. */
char *
schnack_message_text_fold (const char *body)
{
  g_autofree char *valid = NULL;
  const char *cut = NULL;
  const char *last_newline = NULL;
  const char *last_space = NULL;
  const char *p;
  guint chars = 0;
  guint lines = 1;

  g_return_val_if_fail (body != NULL, NULL);

  valid = g_utf8_make_valid (body, strnlen (body, FOLD_BYTES + 4));
  for (p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (*p == '\n')
        {
          if (++lines > SCHNACK_MESSAGE_TEXT_FOLD_LINES)
            {
              cut = p;
              last_newline = NULL;
              last_space = NULL;
              break;
            }
          last_newline = p;
        }
      else if (*p == ' ' || *p == '\t')
        last_space = p;
      if (++chars > SCHNACK_MESSAGE_TEXT_FOLD_CHARS)
        {
          cut = p;
          break;
        }
    }
  if (cut == NULL)
    return g_utf8_make_valid (body, -1);

  /* Prefer a line end, then a word end, in the last half of what fits. */
  if (last_newline != NULL && last_newline - valid >= (cut - valid) / 2)
    cut = last_newline;
  else if (last_space != NULL && last_space - valid >= (cut - valid) / 2)
    cut = last_space;
  while (cut > valid && g_ascii_isspace (cut[-1]))
    cut--;
  return g_strndup (valid, cut - valid);
}

/* -------------------------------------------------------------- preview */

/* One line for the conversation list and notifications: plain text (the
 * caller escapes it where markup is parsed), white space and line breaks
 * collapsed to single spaces, at most @max_chars characters with "…". */
char *
schnack_message_text_to_plain_preview (const char *body,
                                       guint       max_chars)
{
  g_autofree char *valid = NULL;
  GString *preview;
  gboolean pending_space = FALSE;
  gboolean truncated = FALSE;
  guint chars = 0;

  g_return_val_if_fail (body != NULL, NULL);

  valid = g_utf8_make_valid (body, -1);
  preview = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c)
          || c == 0x2028 || c == 0x2029)
        {
          pending_space = preview->len > 0;
          continue;
        }
      if (chars + (pending_space ? 1 : 0) >= max_chars)
        {
          truncated = TRUE;
          break;
        }
      if (pending_space)
        {
          g_string_append_c (preview, ' ');
          chars++;
          pending_space = FALSE;
        }
      g_string_append_unichar (preview, c);
      chars++;
    }

  if (truncated && max_chars > 0)
    {
      /* Make room for the ellipsis: drop the last character, and a space
       * that would then end the line. */
      char *end = preview->str + preview->len;

      if (chars >= max_chars)
        end = g_utf8_prev_char (end);
      while (end > preview->str && end[-1] == ' ')
        end--;
      g_string_truncate (preview, end - preview->str);
      g_string_append (preview, "…");
    }

  {
    g_autofree char *text = g_string_free (preview, FALSE);

    return schnack_message_text_isolate (text);
  }
}

/* ----------------------------------------------------------- isolation */

static gboolean
is_paragraph_separator (gunichar c)
{
  return c == '\n' || c == '\r' || c == 0x1C || c == 0x1D || c == 0x1E
         || c == 0x85 || c == 0x2029;
}

static void
append_isolated_paragraph (GString    *out,
                           const char *text,
                           gsize       len)
{
  guint open_isolates = 0;
  guint unmatched_pops = 0;
  gboolean has_controls = FALSE;
  const char *end = text + len;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_bidi_control (c))
        continue;
      has_controls = TRUE;
      if (c >= 0x2066 && c <= 0x2068)
        open_isolates++;
      else if (c == 0x2069)
        {
          if (open_isolates > 0)
            open_isolates--;
          else
            unmatched_pops++;
        }
    }

  if (!has_controls)
    {
      g_string_append_len (out, text, len);
      return;
    }
  /* A stray U+2069 inside would close our isolate and let an override
   * after it escape: open one more isolate for each of them, and close
   * everything the text left open. */
  for (guint i = 0; i <= unmatched_pops; i++)
    g_string_append (out, FIRST_STRONG_ISOLATE);
  g_string_append_len (out, text, len);
  for (guint i = 0; i <= open_isolates; i++)
    g_string_append (out, POP_DIRECTIONAL_ISOLATE);
}

/* Text with explicit direction controls (an RTL override in a name, say)
 * wrapped in U+2068 … U+2069 per paragraph, so it cannot reorder the
 * text around it ("* Name waves", "Name: preview"). Text without such
 * controls is returned unchanged. */
char *
schnack_message_text_isolate (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;
  const char *paragraph;
  const char *p;
  const char *next;

  g_return_val_if_fail (text != NULL, NULL);

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid) + 8);
  paragraph = p = valid;
  while (TRUE)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0 || is_paragraph_separator (c))
        {
          append_isolated_paragraph (out, paragraph, p - paragraph);
          if (c == 0)
            break;
          next = g_utf8_next_char (p);
          g_string_append_len (out, p, next - p);
          paragraph = p = next;
          continue;
        }
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}
