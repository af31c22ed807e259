/* test-disco.c — the XEP-0115 caps hash matches the specification
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "xmpp/disco.h"

static void
test_spec_example (void)
{
  g_autoptr(SchnackDiscoInfo) info = g_new0 (SchnackDiscoInfo, 1);
  g_autofree char *ver = NULL;

  info->identities = g_ptr_array_new_with_free_func (g_free);
  info->features = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (info->identities, g_strdup ("client/pc//Exodus 0.9.1"));
  /* Out of order on purpose: the hash sorts. */
  g_ptr_array_add (info->features, g_strdup ("http://jabber.org/protocol/muc"));
  g_ptr_array_add (info->features, g_strdup ("http://jabber.org/protocol/caps"));
  g_ptr_array_add (info->features, g_strdup ("http://jabber.org/protocol/disco#items"));
  g_ptr_array_add (info->features, g_strdup ("http://jabber.org/protocol/disco#info"));

  ver = schnack_disco_caps_hash (info);
  g_assert_cmpstr (ver, ==, "QgayPKawpkPSDYmwT/WM94uAlu0=");
}

static void
test_own_caps_announce_only_real_features (void)
{
  g_autoptr(SchnackDiscoInfo) info = schnack_disco_own_info ();
  g_autoptr(SchnackXmlNode) caps = schnack_disco_own_caps ();
  g_autofree char *ver = schnack_disco_caps_hash (info);

  g_assert_cmpstr (schnack_xml_node_get_attribute (caps, "ver"), ==, ver);
  g_assert_true (schnack_disco_info_has_feature (info, SCHNACK_NS_DISCO_INFO));
  g_assert_true (schnack_disco_info_has_feature (info, "urn:xmpp:ping"));
  /* Rooms, invitations and live bookmark updates from other devices. */
  g_assert_true (schnack_disco_info_has_feature (info, "http://jabber.org/protocol/muc"));
  g_assert_true (schnack_disco_info_has_feature (info, "jabber:x:conference"));
  g_assert_true (schnack_disco_info_has_feature (info, "urn:xmpp:bookmarks:1+notify"));
  /* Not implemented yet, so not announced (peers would rely on it). */
  g_assert_false (schnack_disco_info_has_feature (info, "eu.siacs.conversations.axolotl.devicelist+notify"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/disco/caps-hash-spec-example", test_spec_example);
  g_test_add_func ("/disco/own-caps", test_own_caps_announce_only_real_features);
  return g_test_run ();
}
