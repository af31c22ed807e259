/* stall-meter.c — how long the main loop could not run a source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "stall-meter.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The main thread's CPU time: on a busy machine a long gap can also be
 * the scheduler's doing, not our code's. */
gint64
stall_meter_thread_cpu (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
on_tick (gpointer user_data)
{
  StallMeter *meter = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = stall_meter_thread_cpu ();
  gint64 stall = now - meter->last - meter->interval_ms * 1000;
  gint64 busy = cpu - meter->last_cpu;

  if (stall > meter->longest)
    {
      meter->longest = stall;
      meter->longest_cpu = MIN (cpu - meter->last_cpu, stall);
      meter->longest_at = meter->last - meter->t0;
    }
  if (stall > 16000)
    meter->over_16ms++;
  if (stall > 50000)
    meter->over_50ms++;
  meter->longest_busy = MAX (meter->longest_busy, busy);
  if (busy > 16000)
    meter->busy_over_16ms++;
  if (busy > 50000)
    meter->busy_over_50ms++;
  meter->last = now;
  meter->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

void
stall_meter_start (StallMeter *meter,
                   int         priority,
                   guint       interval_ms)
{
  memset (meter, 0, sizeof *meter);
  meter->interval_ms = interval_ms;
  meter->t0 = meter->last = g_get_monotonic_time ();
  meter->last_cpu = stall_meter_thread_cpu ();
  meter->source_id = g_timeout_add_full (priority, interval_ms, on_tick, meter, NULL);
}

void
stall_meter_stop (StallMeter *meter)
{
  g_clear_handle_id (&meter->source_id, g_source_remove);
}

/* "VmHWM:" (peak) or "VmRSS:" (now) of this process, in kB; -1 if
 * unknown. Not getrusage(): Linux carries ru_maxrss across exec, so run
 * by meson it would start at the size of the Python that forked us. */
long
stall_meter_rss_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, field)) == NULL)
    return -1;
  return strtol (line + strlen (field), NULL, 10);
}
