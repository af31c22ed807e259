/* test-backoff.c — reconnect delays grow, are capped and jittered
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "xmpp/backoff.h"

static void
test_grows_and_caps (void)
{
  /* The first retry after a drop comes within a second. */
  g_assert_cmpuint (schnack_backoff_delay_ms (0, 0.0), ==, 500);
  g_assert_cmpuint (schnack_backoff_delay_ms (0, 0.999), <=, 1000);

  for (guint attempt = 0; attempt < 8; attempt++)
    g_assert_cmpuint (schnack_backoff_delay_ms (attempt + 1, 0.0), ==,
                      2 * schnack_backoff_delay_ms (attempt, 0.0));

  /* A server down for hours is tried every few minutes, not every hour. */
  g_assert_cmpuint (schnack_backoff_delay_ms (40, 0.999), <=, SCHNACK_BACKOFF_MAX_MS);
  g_assert_cmpuint (schnack_backoff_delay_ms (40, 0.0), ==, SCHNACK_BACKOFF_MAX_MS / 2);
  g_assert_cmpuint (schnack_backoff_delay_ms (G_MAXUINT, 0.5), <=, SCHNACK_BACKOFF_MAX_MS);
}

static void
test_jitter_spreads_clients (void)
{
  guint low = schnack_backoff_delay_ms (5, 0.0);
  guint high = schnack_backoff_delay_ms (5, 0.99);

  /* Clients dropped together must not come back in the same second. */
  g_assert_cmpuint (high - low, >=, 10000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/backoff/grows-and-caps", test_grows_and_caps);
  g_test_add_func ("/backoff/jitter", test_jitter_spreads_clients);
  return g_test_run ();
}
