/* bench-component.c — starting a benchmark's slixmpp component
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The benchmarks play their crowd (contacts, an archive, a room) with an
 * external component on the test Prosody (bulk_*.py, sharing
 * bulk_component.py). Each prints {"event":"ready"} once connected and
 * then one JSON event per line; commands go to its stdin.
 */
#include "config.h"

#include "bench-component.h"

#include <string.h>

#include "test-fixture-util.h"

/**
 * bench_start_component:
 * @script: the file name of the component in this directory, e.g. "bulk_room.py"
 * @...: further arguments for it, %NULL-terminated
 * @out_events: its standard output, for the events after "ready"
 *
 * Returns: (transfer full) (nullable): the running component, connected
 */
GSubprocess *
bench_start_component (SchnackTestProsody  *server,
                       const char          *script,
                       const char          *domain,
                       const char          *secret,
                       GDataInputStream   **out_events,
                       GError             **error,
                       ...)
{
  g_autofree char *path = g_build_filename (SCHNACK_BENCH_SRCDIR, script, NULL);
  g_autofree char *port = g_strdup_printf ("%u", schnack_test_prosody_get_component_port (server));
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) events = NULL;
  g_autofree char *line = NULL;
  const char *arg;
  va_list extra;

  g_ptr_array_add (argv, (char *) schnack_test_python ());
  g_ptr_array_add (argv, path);
  g_ptr_array_add (argv, "--port");
  g_ptr_array_add (argv, port);
  g_ptr_array_add (argv, "--domain");
  g_ptr_array_add (argv, (char *) domain);
  g_ptr_array_add (argv, "--secret");
  g_ptr_array_add (argv, (char *) secret);
  va_start (extra, error);
  while ((arg = va_arg (extra, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (extra);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, error);
  if (process == NULL)
    return NULL;
  events = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = schnack_test_read_line_sync (events, 20000, error);
  if (line == NULL || strstr (line, "\"ready\"") == NULL)
    {
      if (line != NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", script, line);
      g_subprocess_force_exit (process);
      return NULL;
    }
  /* Kept open: it goes on writing events. */
  *out_events = g_steal_pointer (&events);
  return g_steal_pointer (&process);
}
