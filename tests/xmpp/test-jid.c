/* test-jid.c — typed Jabber IDs are checked and normalized
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "xmpp/jid.h"

#include <string.h>

static void
test_valid_ids (void)
{
  g_autoptr(SchnackJid) plain = schnack_jid_parse_account ("  Nick@Jabber.DE  ", NULL);
  g_autoptr(SchnackJid) with_resource = schnack_jid_parse_account ("anna@example.org/laptop/home", NULL);
  g_autoptr(SchnackJid) idn = schnack_jid_parse_account ("jörg@bücher.example", NULL);
  g_autoptr(SchnackJid) trailing_dot = schnack_jid_parse_account ("a@example.org.", NULL);
  g_autoptr(SchnackJid) ip = schnack_jid_parse_account ("test@127.0.0.1", NULL);
  g_autofree char *bare = NULL;

  g_assert_nonnull (plain);
  bare = schnack_jid_to_bare (plain);
  g_assert_cmpstr (bare, ==, "nick@jabber.de");
  g_assert_null (plain->resource);

  g_assert_nonnull (with_resource);
  g_assert_cmpstr (with_resource->resource, ==, "laptop/home");

  g_assert_nonnull (idn);
  g_assert_cmpstr (idn->localpart, ==, "jörg");
  g_assert_cmpstr (idn->domain, ==, "xn--bcher-kva.example");

  g_assert_nonnull (trailing_dot);
  g_assert_cmpstr (trailing_dot->domain, ==, "example.org");
  g_assert_nonnull (ip);
}

static void
assert_rejected (const char     *text,
                 SchnackJidError code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackJid) jid = schnack_jid_parse_account (text, &error);

  g_assert_null (jid);
  g_assert_error (error, SCHNACK_JID_ERROR, (gint) code);
  /* Every rejection explains itself. */
  g_assert_cmpuint (strlen (error->message), >, 10);
}

static void
test_invalid_ids (void)
{
  g_autofree char *long_local = NULL;
  g_autofree char *long_id = NULL;

  assert_rejected ("", SCHNACK_JID_ERROR_EMPTY);
  assert_rejected ("   ", SCHNACK_JID_ERROR_EMPTY);
  assert_rejected ("example.org", SCHNACK_JID_ERROR_NO_LOCALPART);
  assert_rejected ("@example.org", SCHNACK_JID_ERROR_NO_LOCALPART);
  assert_rejected ("nick@", SCHNACK_JID_ERROR_DOMAIN);
  assert_rejected ("ni ck@example.org", SCHNACK_JID_ERROR_LOCALPART);
  assert_rejected ("ni\"ck@example.org", SCHNACK_JID_ERROR_LOCALPART);
  assert_rejected ("a<b@example.org", SCHNACK_JID_ERROR_LOCALPART);
  assert_rejected ("a:b@example.org", SCHNACK_JID_ERROR_LOCALPART);
  assert_rejected ("a@b@example.org", SCHNACK_JID_ERROR_DOMAIN);
  assert_rejected ("nick@exa mple.org", SCHNACK_JID_ERROR_DOMAIN);
  assert_rejected ("nick@-example.org", SCHNACK_JID_ERROR_DOMAIN);
  assert_rejected ("nick@example..org", SCHNACK_JID_ERROR_DOMAIN);
  assert_rejected ("nick@example.org/", SCHNACK_JID_ERROR_RESOURCE);
  assert_rejected ("a\xff@example.org", SCHNACK_JID_ERROR_LOCALPART);

  long_local = g_strnfill (1024, 'a');
  long_id = g_strdup_printf ("%s@example.org", long_local);
  assert_rejected (long_id, SCHNACK_JID_ERROR_LOCALPART);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/jid/valid", test_valid_ids);
  g_test_add_func ("/jid/invalid", test_invalid_ids);
  return g_test_run ();
}
