/* jid.c — checking and normalizing Jabber IDs (RFC 7622)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used wherever a person types an address, so that a typo gets a message
 * next to the field instead of a failed connection. This covers what
 * users actually get wrong: forbidden characters and spaces in the user
 * name, length limits, domains that are not host names, and
 * international domain names (converted to their ASCII form with
 * g_hostname_to_ascii, which DNS and the TLS certificate check need).
 * Case is folded as the PRECIS UsernameCaseMapped profile does for the
 * common cases; full PRECIS needs an ICU-sized table we do not carry.
 */
#include "config.h"

#include "xmpp/jid.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define MAX_PART_BYTES 1023

G_DEFINE_QUARK (schnack-jid-error-quark, schnack_jid_error)

void
schnack_jid_free (SchnackJid *jid)
{
  if (jid == NULL)
    return;
  g_free (jid->localpart);
  g_free (jid->domain);
  g_free (jid->resource);
  g_free (jid);
}

static gboolean
check_localpart (const char  *raw,
                 char       **out,
                 GError     **error)
{
  g_autofree char *normalized = NULL;
  g_autofree char *folded = NULL;

  if (*raw == '\0')
    {
      g_set_error (error, SCHNACK_JID_ERROR, SCHNACK_JID_ERROR_NO_LOCALPART,
                   _("The user name before the “@” is missing."));
      return FALSE;
    }
  if (!g_utf8_validate (raw, -1, NULL))
    {
      g_set_error (error, SCHNACK_JID_ERROR, SCHNACK_JID_ERROR_LOCALPART,
                   _("The user name contains invalid characters."));
      return FALSE;
    }

  for (const char *p = raw; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ' || g_unichar_isspace (c))
        {
          g_set_error (error, SCHNACK_JID_ERROR, SCHNACK_JID_ERROR_LOCALPART,
                       _("The user name must not contain spaces."));
          return FALSE;
        }
      if (strchr ("\"&'/:<>@", (int) c) != NULL && c < 0x80)
        {
          g_set_error (error, SCHNACK_JID_ERROR, SCHNACK_JID_ERROR_LOCALPART,
                       _("The user name must not contain the character “%s”."),
                       (char[]) { (char) c, '\0' });
          return FALSE;
        }
      if (g_unichar_iscntrl (c) || !g_unichar_isdefined (c))
        {
          g_set_error (error, SCHNACK_JID_ERROR, SCHNACK_JID_ERROR_LOCALPART,
                       _("The user name contains invalid characters."));
          return FALSE;
        }
    }

  normalized = g_utf8_normalize (raw, -1, G_NORMALIZE_NFC);
  folded = g_utf8_strdown (normalized, -1);
  if (strlen (folded) > MAX_PART_BYTES)
    {
      g_set_error (error, SCHNACK_JID_ERROR, SCHNACK_JID_ERROR_LOCALPART,
                   _("The user name is too long."));
      return FALSE;
    }
  *out = g_steal_pointer (&folded);
  return TRUE;
}

static gboolean
check_domain (const char  *raw,
              char       **out,
              GError     **error)
{
  g_autofree char *trimmed = g_strdup (raw);
  g_autofree char *ascii = NULL;
  g_auto(GStrv) labels = NULL;
  gsize len = strlen (trimmed);

  /* RFC 7622 §3.2: a trailing dot is not part of the domain. */
  if (len > 0 && trimmed[len - 1] == '.')
    trimmed[len - 1] = '\0';

  if (*trimmed == '\0')
    {
      g_set_error (error, SCHNACK_JID_ERROR, SCHNACK_JID_ERROR_DOMAIN,
                   _("The server name after the “@” is missing."));
      return FALSE;
    }

  /* IP literals are valid domainparts (bracketed for IPv6). */
  if (g_hostname_is_ip_address (trimmed) ||
      (trimmed[0] == '[' && trimmed[strlen (trimmed) - 1] == ']'))
    {
      *out = g_steal_pointer (&trimmed);
      return TRUE;
    }

  ascii = g_utf8_validate (trimmed, -1, NULL) ? g_hostname_to_ascii (trimmed) : NULL;
  if (ascii == NULL || *ascii == '\0' || strlen (ascii) > 253)
    goto invalid;

  labels = g_strsplit (ascii, ".", -1);
  for (guint i = 0; labels[i] != NULL; i++)
    {
      gsize label_len = strlen (labels[i]);

      if (label_len == 0 || label_len > 63 ||
          labels[i][0] == '-' || labels[i][label_len - 1] == '-')
        goto invalid;
      for (const char *p = labels[i]; *p; p++)
        if (!g_ascii_isalnum (*p) && *p != '-')
          goto invalid;
    }

  *out = g_ascii_strdown (ascii, -1);
  return TRUE;

invalid:
  g_set_error (error, SCHNACK_JID_ERROR, SCHNACK_JID_ERROR_DOMAIN,
               _("“%s” is not a valid server name."), trimmed);
  return FALSE;
}

/**
 * schnack_jid_parse:
 * @text: a Jabber ID as typed, e.g. "Nick@Jabber.de/laptop"
 *
 * Returns: (transfer full) (nullable): the parts, normalized
 */
SchnackJid *
schnack_jid_parse (const char  *text,
                   GError     **error)
{
  g_autoptr(SchnackJid) jid = g_new0 (SchnackJid, 1);
  g_autofree char *stripped = NULL;
  char *slash;
  char *at;
  const char *domain_start;

  g_return_val_if_fail (text != NULL, NULL);

  stripped = g_strstrip (g_strdup (text));
  if (*stripped == '\0')
    {
      g_set_error (error, SCHNACK_JID_ERROR, SCHNACK_JID_ERROR_EMPTY,
                   _("Enter a Jabber ID such as name@example.org."));
      return NULL;
    }

  slash = strchr (stripped, '/');
  if (slash != NULL)
    {
      *slash = '\0';
      if (slash[1] == '\0' || strlen (slash + 1) > MAX_PART_BYTES ||
          !g_utf8_validate (slash + 1, -1, NULL))
        {
          g_set_error (error, SCHNACK_JID_ERROR, SCHNACK_JID_ERROR_RESOURCE,
                       _("The part after the “/” is empty or invalid."));
          return NULL;
        }
      jid->resource = g_strdup (slash + 1);
    }

  at = strchr (stripped, '@');
  domain_start = stripped;
  if (at != NULL)
    {
      *at = '\0';
      if (!check_localpart (stripped, &jid->localpart, error))
        return NULL;
      domain_start = at + 1;
    }

  if (!check_domain (domain_start, &jid->domain, error))
    return NULL;

  return g_steal_pointer (&jid);
}

/**
 * schnack_jid_parse_account:
 *
 * Like schnack_jid_parse(), but the ID must name a user account
 * (user@server); a resource is allowed and kept.
 */
SchnackJid *
schnack_jid_parse_account (const char  *text,
                           GError     **error)
{
  g_autoptr(SchnackJid) jid = schnack_jid_parse (text, error);

  if (jid == NULL)
    return NULL;
  if (jid->localpart == NULL)
    {
      g_set_error (error, SCHNACK_JID_ERROR, SCHNACK_JID_ERROR_NO_LOCALPART,
                   _("A Jabber ID has a user name and a server, like name@example.org."));
      return NULL;
    }
  return g_steal_pointer (&jid);
}

char *
schnack_jid_to_bare (const SchnackJid *jid)
{
  g_return_val_if_fail (jid != NULL, NULL);

  if (jid->localpart == NULL)
    return g_strdup (jid->domain);
  return g_strdup_printf ("%s@%s", jid->localpart, jid->domain);
}
