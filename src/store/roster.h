/* roster.h — the contact list as last seen, for instant start-up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "store/store.h"

G_BEGIN_DECLS

typedef struct {
  char     *jid;
  char     *name;
  int       subscription;   /* SchnackSubscription */
  gboolean  ask_subscribe;
  GStrv     groups;         /* never NULL */
} SchnackRosterRecord;

SchnackRosterRecord *schnack_roster_record_new  (const char          *jid);
void                 schnack_roster_record_free (SchnackRosterRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchnackRosterRecord, schnack_roster_record_free)

GPtrArray *schnack_store_load_roster          (SchnackStore               *self,
                                               gint64                      account_id,
                                               char                      **out_version,
                                               GError                    **error);
gboolean   schnack_store_replace_roster       (SchnackStore               *self,
                                               gint64                      account_id,
                                               GPtrArray                  *records,
                                               const char                 *version,
                                               GError                    **error);
gboolean   schnack_store_save_roster_item     (SchnackStore               *self,
                                               gint64                      account_id,
                                               const SchnackRosterRecord  *record,
                                               const char                 *version,
                                               GError                    **error);
gboolean   schnack_store_remove_roster_item   (SchnackStore               *self,
                                               gint64                      account_id,
                                               const char                 *jid,
                                               const char                 *version,
                                               GError                    **error);

G_END_DECLS
