/* contact-list.h — an account's contacts and subscription requests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/contact.h"
#include "store/store.h"
#include "xmpp/connection.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_CONTACT_REQUEST (schnack_contact_request_get_type ())
G_DECLARE_FINAL_TYPE (SchnackContactRequest, schnack_contact_request, SCHNACK, CONTACT_REQUEST, GObject)

const char *schnack_contact_request_get_jid  (SchnackContactRequest *self);
const char *schnack_contact_request_get_nick (SchnackContactRequest *self);

#define SCHNACK_TYPE_CONTACT_LIST (schnack_contact_list_get_type ())
G_DECLARE_FINAL_TYPE (SchnackContactList, schnack_contact_list, SCHNACK, CONTACT_LIST, GObject)

SchnackContactList *schnack_contact_list_new          (SchnackConnection  *connection,
                                                       const char         *own_bare_jid);
void                schnack_contact_list_set_store    (SchnackContactList *self,
                                                       SchnackStore       *store,
                                                       gint64              account_id);
SchnackContact     *schnack_contact_list_find         (SchnackContactList *self,
                                                       const char         *bare_jid);
GListModel         *schnack_contact_list_get_requests (SchnackContactList *self);
gboolean            schnack_contact_list_get_loaded   (SchnackContactList *self);

void     schnack_contact_list_add_contact_async     (SchnackContactList  *self,
                                                     const char          *bare_jid,
                                                     const char          *name,
                                                     const char          *group,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean schnack_contact_list_add_contact_finish    (SchnackContactList  *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
void     schnack_contact_list_remove_contact_async  (SchnackContactList  *self,
                                                     const char          *bare_jid,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean schnack_contact_list_remove_contact_finish (SchnackContactList  *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
gboolean schnack_contact_list_is_blocked            (SchnackContactList  *self,
                                                     const char          *bare_jid);
void     schnack_contact_list_block_async           (SchnackContactList  *self,
                                                     const char          *bare_jid,
                                                     gboolean             report_spam,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
void     schnack_contact_list_unblock_async         (SchnackContactList  *self,
                                                     const char          *bare_jid,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean schnack_contact_list_block_finish          (SchnackContactList  *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
void     schnack_contact_list_accept_request        (SchnackContactList  *self,
                                                     const char          *bare_jid);
void     schnack_contact_list_deny_request          (SchnackContactList  *self,
                                                     const char          *bare_jid);

G_END_DECLS
