/* stanza-util.h — small helpers over libstrophe stanzas and JIDs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * They return GLib-allocated strings, so callers never mix g_free()
 * with xmpp_free().
 */
#pragma once

#include <glib.h>
#include <strophe.h>

G_BEGIN_DECLS

char *schnack_stanza_dup_text (xmpp_stanza_t *stanza);
char *schnack_jid_dup_bare    (const char    *jid);

G_END_DECLS
