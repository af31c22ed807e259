/* connection-test-util.h — waiting for a connection in tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "prosody-fixture.h"
#include "xmpp/connection.h"

G_BEGIN_DECLS

typedef gboolean (*SchnackTestCondition) (gpointer data);

gboolean           schnack_test_wait_until       (SchnackTestCondition  condition,
                                                  gpointer              data,
                                                  guint                 timeout_ms);
void               schnack_test_run_for          (guint                 milliseconds);
gboolean           schnack_test_wait_for_state   (SchnackConnection    *connection,
                                                  SchnackConnectionState state,
                                                  guint                 timeout_ms);
SchnackConnection *schnack_test_connection_new   (SchnackTestProsody   *server,
                                                  const char           *jid,
                                                  const char           *password);
char              *schnack_test_unique_user      (const char           *prefix);

G_END_DECLS
