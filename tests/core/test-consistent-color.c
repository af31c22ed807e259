/* test-consistent-color.c — XEP-0392's own test vectors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/consistent-color.h"

static void
test_vectors (void)
{
  static const struct {
    const char *text;
    double      angle, r, g, b;
  } vectors[] = {
    { "Romeo", 327.255249, 0.865, 0.000, 0.686 },
    { "juliet@capulet.lit", 209.410400, 0.000, 0.515, 0.573 },
    { "\xf0\x9f\x98\xba", 331.199341, 0.872, 0.000, 0.659 },
    { "council", 359.994507, 0.918, 0.000, 0.394 },
    { "Board", 171.430664, 0.000, 0.527, 0.457 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      double r, g, b;

      g_assert_cmpfloat_with_epsilon (schnack_consistent_color_angle (vectors[i].text), vectors[i].angle, 0.0001);
      schnack_consistent_color_rgb (vectors[i].text, &r, &g, &b);
      g_assert_cmpfloat_with_epsilon (r, vectors[i].r, 0.0006);
      g_assert_cmpfloat_with_epsilon (g, vectors[i].g, 0.0006);
      g_assert_cmpfloat_with_epsilon (b, vectors[i].b, 0.0006);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/consistent-color/xep-0392-vectors", test_vectors);
  return g_test_run ();
}
