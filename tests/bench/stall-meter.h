/* stall-meter.h — how long the main loop could not run a source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A timeout ticks every few milliseconds on the main context; a stall is
 * the gap between two ticks beyond the interval. At G_PRIORITY_HIGH it
 * runs as soon as the dispatch in progress returns: its gaps are the
 * longest stretches the loop spent in our code — what input and frame
 * callbacks would have waited.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint  interval_ms;
  guint  source_id;
  gint64 t0;
  gint64 last;
  gint64 last_cpu;
  gint64 longest;       /* µs beyond the interval */
  gint64 longest_cpu;   /* µs the main thread ran during it */
  gint64 longest_at;    /* µs after the start */
  guint  over_16ms;
  guint  over_50ms;
  /* The same by the main thread's CPU time during the gap: on a busy
   * machine a gap can be the scheduler's doing, these are our code's. */
  gint64 longest_busy;
  guint  busy_over_16ms;
  guint  busy_over_50ms;
} StallMeter;

void   stall_meter_start      (StallMeter *meter,
                               int         priority,
                               guint       interval_ms);
void   stall_meter_stop       (StallMeter *meter);
gint64 stall_meter_thread_cpu (void);
long   stall_meter_rss_kb     (const char *field);

G_END_DECLS
