/* test-room-address.c — a new room's address, suggested from its name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>

#include "core/room-list.h"

static void
test_suggest (void)
{
  static const struct { const char *name; const char *address; } cases[] = {
    { "Café Team", "cafe-team@muc.example" },
    { "  Straße & Söhne!! ", "strasse-sohne@muc.example" },
    { "release_2.0", "release_2.0@muc.example" },
    { "Ärger---im---Büro", "arger-im-buro@muc.example" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *address = schnack_room_suggest_address (cases[i].name, "muc.example");

      g_assert_cmpstr (address, ==, cases[i].address);
    }
}

static void
test_nothing_usable (void)
{
  g_autofree char *address = schnack_room_suggest_address ("日本語", "muc.example");
  g_autofree char *empty = schnack_room_suggest_address ("", "muc.example");

  g_assert_true (g_str_has_prefix (address, "room-"));
  g_assert_true (g_str_has_suffix (address, "@muc.example"));
  g_assert_true (g_str_has_prefix (empty, "room-"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/room-address/suggest", test_suggest);
  g_test_add_func ("/room-address/nothing-usable", test_nothing_usable);
  return g_test_run ();
}
