/* jid.h — checking and normalizing Jabber IDs (RFC 7622)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SCHNACK_JID_ERROR (schnack_jid_error_quark ())
GQuark schnack_jid_error_quark (void);

typedef enum {
  SCHNACK_JID_ERROR_EMPTY,
  SCHNACK_JID_ERROR_NO_LOCALPART,
  SCHNACK_JID_ERROR_LOCALPART,
  SCHNACK_JID_ERROR_DOMAIN,
  SCHNACK_JID_ERROR_RESOURCE,
} SchnackJidError;

typedef struct {
  char *localpart;   /* NULL for a server JID */
  char *domain;      /* lowercase, IDNA A-labels (what DNS and TLS use) */
  char *resource;    /* NULL when absent */
} SchnackJid;

SchnackJid *schnack_jid_parse    (const char  *text,
                                  GError     **error);
SchnackJid *schnack_jid_parse_account (const char  *text,
                                       GError     **error);
char       *schnack_jid_to_bare  (const SchnackJid *jid);
void        schnack_jid_free     (SchnackJid  *jid);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchnackJid, schnack_jid_free)

G_END_DECLS
