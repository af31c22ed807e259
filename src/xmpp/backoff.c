/* backoff.c — how long to wait before reconnecting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exponential backoff with "equal jitter": the delay doubles with each
 * failed attempt up to five minutes, and half of it is random so that
 * thousands of clients dropped by one server restart do not all come
 * back in the same second.
 */
#include "config.h"

#include "xmpp/backoff.h"

/**
 * schnack_backoff_delay_ms:
 * @failed_attempts: attempts that failed since the last success
 * @random_unit: a random number in [0, 1)
 */
guint
schnack_backoff_delay_ms (guint  failed_attempts,
                          double random_unit)
{
  guint64 ceiling = SCHNACK_BACKOFF_FIRST_MS;
  guint64 half;

  for (guint i = 0; i < failed_attempts && ceiling < SCHNACK_BACKOFF_MAX_MS; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, SCHNACK_BACKOFF_MAX_MS);

  random_unit = CLAMP (random_unit, 0.0, 1.0);
  half = ceiling / 2;
  return (guint) (half + (guint64) (random_unit * (double) half));
}
