/* strophe-source.h — a GSource that drives one libstrophe context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <strophe.h>

G_BEGIN_DECLS

GSource *schnack_strophe_source_new        (xmpp_ctx_t  *ctx,
                                            xmpp_conn_t *conn);
void     schnack_strophe_source_set_socket (GSource     *source,
                                            int          fd);
void     schnack_strophe_source_drop_socket (GSource    *source);
int      schnack_strophe_source_get_socket (GSource     *source);
void     schnack_strophe_source_set_ticking (GSource    *source,
                                            gboolean     ticking);
void     schnack_strophe_source_pump       (GSource     *source);
void     schnack_strophe_source_wake       (GSource     *source);

G_END_DECLS
