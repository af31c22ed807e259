/* room-names.c — room addresses from what people type, and nicknames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ui/room-names.h"

#include <string.h>

/**
 * schnack_room_address_from_name:
 * @name: what the user calls the room, e.g. "Käse & Wein"
 * @service: (nullable): the conference service, e.g. "conference.example.org"
 *
 * The core's suggestion, but nothing while there is no name yet (the
 * core would make one up) or no service to put it on.
 * Returns: (nullable)
 */
char *
schnack_room_address_from_name (const char *name,
                                const char *service)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));

  if (*trimmed == '\0' || service == NULL || *service == '\0')
    return NULL;
  return schnack_room_suggest_address (trimmed, service);
}

/* The account's user name: what others in a room see unless changed. */
char *
schnack_room_default_nick (SchnackAccount *account)
{
  const char *jid = schnack_account_get_jid (account);
  const char *at = strchr (jid, '@');

  return at != NULL ? g_strndup (jid, at - jid) : g_strdup (jid);
}

/**
 * schnack_room_dup_display_name:
 * @room: (nullable): the room, if we are in it
 * @jid: its address
 *
 * What to call a room: its name, or — for a room without one — the
 * part of its address before the "@" ("lobby" for
 * lobby@conference.example.org), as Dino and Conversations do; the
 * whole address stays visible where there is room for it.
 */
char *
schnack_room_dup_display_name (SchnackRoom *room,
                               const char  *jid)
{
  const char *name = room != NULL ? schnack_room_get_name (room) : NULL;
  const char *at;

  if (jid == NULL && room != NULL)
    jid = schnack_room_get_jid (room);
  if (name != NULL && *name != '\0' && g_strcmp0 (name, jid) != 0)
    return g_strdup (name);
  if (jid == NULL)
    return g_strdup ("");
  at = strchr (jid, '@');
  return at != NULL && at != jid ? g_strndup (jid, at - jid) : g_strdup (jid);
}

static gboolean
is_word_char (const char *p)
{
  gunichar c = g_utf8_get_char_validated (p, -1);

  return c != (gunichar) -1 && c != (gunichar) -2 && (g_unichar_isalnum (c) || c == '_');
}

/**
 * schnack_room_text_mentions:
 *
 * Whether @text names @nick as a word of its own, in any case:
 * "anna: hi" and "Hi Anna!" do for "anna", "Annabel" does not.
 */
gboolean
schnack_room_text_mentions (const char *text,
                            const char *nick)
{
  g_autofree char *haystack = NULL;
  g_autofree char *needle = NULL;
  gsize length;

  if (text == NULL || nick == NULL || *nick == '\0')
    return FALSE;
  haystack = g_utf8_casefold (text, -1);
  needle = g_utf8_casefold (nick, -1);
  length = strlen (needle);
  for (const char *found = strstr (haystack, needle); found != NULL; found = strstr (found + 1, needle))
    {
      const char *before = found > haystack ? g_utf8_find_prev_char (haystack, found) : NULL;

      if ((before == NULL || !is_word_char (before)) && !is_word_char (found + length))
        return TRUE;
    }
  return FALSE;
}
