/* connection-test-util.c — waiting for a connection in tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "connection-test-util.h"

#include <unistd.h>

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the thread-default main context until @condition holds or the
 * time is up; the code under test keeps running meanwhile. */
gboolean
schnack_test_wait_until (SchnackTestCondition condition,
                         gpointer             data,
                         guint                timeout_ms)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add (timeout_ms, on_timeout, &timed_out);
  gboolean met;

  while (!(met = condition (data)) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (timeout_id);
  return met;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
schnack_test_run_for (guint milliseconds)
{
  schnack_test_wait_until (never, NULL, milliseconds);
}

typedef struct {
  SchnackConnection      *connection;
  SchnackConnectionState  state;
} StateWait;

static gboolean
state_reached (gpointer data)
{
  StateWait *wait = data;

  return schnack_connection_get_state (wait->connection) == wait->state;
}

gboolean
schnack_test_wait_for_state (SchnackConnection      *connection,
                             SchnackConnectionState  state,
                             guint                   timeout_ms)
{
  StateWait wait = { connection, state };

  return schnack_test_wait_until (state_reached, &wait, timeout_ms);
}

/* A connection to the test server's STARTTLS port that trusts its CA. */
SchnackConnection *
schnack_test_connection_new (SchnackTestProsody *server,
                             const char         *jid,
                             const char         *password)
{
  SchnackConnection *connection = schnack_connection_new (jid);

  schnack_connection_set_password (connection, password);
  schnack_connection_set_server (connection, "127.0.0.1",
                                 schnack_test_prosody_get_c2s_port (server), FALSE);
  schnack_connection_set_ca_file (connection, schnack_test_prosody_get_ca_file (server));
  return connection;
}

char *
schnack_test_unique_user (const char *prefix)
{
  static guint counter;

  return g_strdup_printf ("%s%u%u", prefix, (guint) getpid (), ++counter);
}
