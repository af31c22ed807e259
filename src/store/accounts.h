/* accounts.h — the accounts table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "store/store.h"

G_BEGIN_DECLS

/* Passwords are not here on purpose: see src/secrets. */
typedef struct
{
  gint64    id;                  /* 0 until stored */
  char     *jid;                 /* bare JID, as the caller normalized it */
  char     *resource;            /* NULL: let the server choose */
  char     *host;                /* NULL: resolve from the JID's domain */
  guint16   port;                /* 0: default */
  gboolean  direct_tls;
  char     *pinned_cert_sha256;  /* lowercase hex, no colons */
  gboolean  enabled;
  gint64    created_at;          /* µs since the epoch, UTC */
  int       priority;            /* presence priority, -128…127 */
} SchnackAccountRecord;

#define SCHNACK_TYPE_ACCOUNT_RECORD (schnack_account_record_get_type ())

GType                 schnack_account_record_get_type (void) G_GNUC_CONST;
SchnackAccountRecord *schnack_account_record_new      (void);
SchnackAccountRecord *schnack_account_record_copy     (const SchnackAccountRecord *record);
void                  schnack_account_record_free     (SchnackAccountRecord       *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchnackAccountRecord, schnack_account_record_free)

gboolean              schnack_store_add_account       (SchnackStore          *self,
                                                       SchnackAccountRecord  *record,
                                                       GError               **error);
gboolean              schnack_store_update_account    (SchnackStore          *self,
                                                       SchnackAccountRecord  *record,
                                                       GError               **error);
char                 *schnack_store_get_archive_position (SchnackStore      *self,
                                                          gint64             account_id);
gboolean              schnack_store_set_archive_position (SchnackStore      *self,
                                                          gint64             account_id,
                                                          const char        *stanza_id,
                                                          GError           **error);
gboolean              schnack_store_remove_account    (SchnackStore          *self,
                                                       gint64                 id,
                                                       GError               **error);
GPtrArray            *schnack_store_list_accounts     (SchnackStore          *self,
                                                       GError               **error);
SchnackAccountRecord *schnack_store_find_account      (SchnackStore          *self,
                                                       const char            *bare_jid,
                                                       GError               **error);

G_END_DECLS
