/* muc-admin.h — moderating and configuring rooms (XEP-0045 §8–10)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xmpp/data-form.h"
#include "xmpp/muc.h"

G_BEGIN_DECLS

/* Kick (role none), voice (participant), revoke voice (visitor), moderator. */
void             schnack_muc_set_role_async          (SchnackConnection     *connection,
                                                      const char            *room_jid,
                                                      const char            *nick,
                                                      SchnackMucRole         role,
                                                      const char            *reason,
                                                      GCancellable          *cancellable,
                                                      GAsyncReadyCallback    callback,
                                                      gpointer               user_data);
/* Ban (outcast), member, admin, owner, or none. */
void             schnack_muc_set_affiliation_async   (SchnackConnection     *connection,
                                                      const char            *room_jid,
                                                      const char            *jid,
                                                      SchnackMucAffiliation  affiliation,
                                                      const char            *reason,
                                                      GCancellable          *cancellable,
                                                      GAsyncReadyCallback    callback,
                                                      gpointer               user_data);
/* Finishes set_role, set_affiliation, submit_config, create_instant, destroy. */
gboolean         schnack_muc_admin_finish            (GAsyncResult          *result,
                                                      GError               **error);

void             schnack_muc_get_affiliations_async  (SchnackConnection     *connection,
                                                      const char            *room_jid,
                                                      SchnackMucAffiliation  affiliation,
                                                      GCancellable          *cancellable,
                                                      GAsyncReadyCallback    callback,
                                                      gpointer               user_data);
/* Returns: (transfer full): the bare JIDs with that affiliation */
GStrv            schnack_muc_get_affiliations_finish (GAsyncResult          *result,
                                                      GError               **error);

void             schnack_muc_get_config_async        (SchnackConnection     *connection,
                                                      const char            *room_jid,
                                                      GCancellable          *cancellable,
                                                      GAsyncReadyCallback    callback,
                                                      gpointer               user_data);
SchnackDataForm *schnack_muc_get_config_finish       (GAsyncResult          *result,
                                                      GError               **error);
void             schnack_muc_submit_config_async     (SchnackConnection     *connection,
                                                      const char            *room_jid,
                                                      const SchnackDataForm *form,
                                                      GCancellable          *cancellable,
                                                      GAsyncReadyCallback    callback,
                                                      gpointer               user_data);
/* Accept the service's default configuration for a room we just created. */
void             schnack_muc_create_instant_async    (SchnackConnection     *connection,
                                                      const char            *room_jid,
                                                      GCancellable          *cancellable,
                                                      GAsyncReadyCallback    callback,
                                                      gpointer               user_data);
void             schnack_muc_destroy_async           (SchnackConnection     *connection,
                                                      const char            *room_jid,
                                                      const char            *reason,
                                                      GCancellable          *cancellable,
                                                      GAsyncReadyCallback    callback,
                                                      gpointer               user_data);

G_END_DECLS
