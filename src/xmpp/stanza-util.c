/* stanza-util.c — small helpers over libstrophe stanzas and JIDs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "xmpp/stanza-util.h"

#include <string.h>

/* The text content of an element, copied with g_malloc. */
char *
schnack_stanza_dup_text (xmpp_stanza_t *stanza)
{
  xmpp_ctx_t *ctx;
  char *text;
  char *copy;

  if (stanza == NULL)
    return NULL;
  text = xmpp_stanza_get_text (stanza);
  if (text == NULL)
    return NULL;
  ctx = xmpp_stanza_get_context (stanza);
  copy = g_strdup (text);
  xmpp_free (ctx, text);
  return copy;
}

/* "user@host/resource" → "user@host". */
char *
schnack_jid_dup_bare (const char *jid)
{
  const char *slash;

  if (jid == NULL)
    return NULL;
  slash = strchr (jid, '/');
  return slash != NULL ? g_strndup (jid, slash - jid) : g_strdup (jid);
}
