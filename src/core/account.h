/* account.h — one account: its settings, connection, password and history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/bookmark-sync.h"
#include "core/contact-list.h"
#include "core/conversation-list.h"
#include "core/message-history.h"
#include "core/room-list.h"
#include "store/accounts.h"
#include "store/messages.h"
#include "xmpp/connection.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_ACCOUNT (schnack_account_get_type ())
G_DECLARE_FINAL_TYPE (SchnackAccount, schnack_account, SCHNACK, ACCOUNT, GObject)

SchnackAccount        *schnack_account_new                  (SchnackStore          *store,
                                                            const SchnackAccountRecord *record);

gint64                  schnack_account_get_id               (SchnackAccount *self);
const char             *schnack_account_get_jid              (SchnackAccount *self);
SchnackConnection      *schnack_account_get_connection       (SchnackAccount *self);
SchnackContactList     *schnack_account_get_contacts         (SchnackAccount *self);
SchnackConversationList *schnack_account_get_conversations   (SchnackAccount *self);
SchnackRoomList        *schnack_account_get_rooms            (SchnackAccount *self);
SchnackBookmarkSync    *schnack_account_get_bookmarks        (SchnackAccount *self);
GListModel             *schnack_account_get_message_requests (SchnackAccount *self);
void                    schnack_account_dismiss_message_request (SchnackAccount *self,
                                                                const char     *bare_jid);
SchnackConnectionState  schnack_account_get_state            (SchnackAccount *self);
const char             *schnack_account_get_status_text      (SchnackAccount *self);
gboolean                schnack_account_get_needs_password   (SchnackAccount *self);
gboolean                schnack_account_get_enabled          (SchnackAccount *self);
gboolean                schnack_account_get_catching_up      (SchnackAccount *self);

void                    schnack_account_set_ca_file          (SchnackAccount *self,
                                                             const char     *ca_file);
void                    schnack_account_start                (SchnackAccount *self);
void                    schnack_account_connect_with_password (SchnackAccount *self,
                                                              const char     *password);
void                    schnack_account_stop                 (SchnackAccount *self);
gboolean                schnack_account_trust_certificate    (SchnackAccount *self,
                                                             const char     *sha256_hex,
                                                             GError        **error);

const SchnackAccountRecord *schnack_account_get_settings     (SchnackAccount *self);
gboolean                schnack_account_send_message         (SchnackAccount *self,
                                                             const char     *to_bare_jid,
                                                             const char     *body,
                                                             gint64         *out_message_id,
                                                             GError        **error);
gboolean                schnack_account_retry_message        (SchnackAccount *self,
                                                             gint64          message_id,
                                                             GError        **error);
void                    schnack_account_send_chat_state      (SchnackAccount *self,
                                                             const char     *jid,
                                                             const char     *state);
SchnackMessageHistory  *schnack_account_open_history         (SchnackAccount *self,
                                                             const char     *jid);
gboolean                schnack_account_send_correction      (SchnackAccount *self,
                                                             gint64          message_row_id,
                                                             const char     *new_body,
                                                             GError        **error);
gboolean                schnack_account_send_reply           (SchnackAccount *self,
                                                             gint64          reply_to_row_id,
                                                             const char     *body,
                                                             gint64         *out_message_id,
                                                             GError        **error);
gboolean                schnack_account_send_reactions       (SchnackAccount *self,
                                                             gint64          message_row_id,
                                                             const char * const *emojis,
                                                             GError        **error);
gboolean                schnack_account_retract_message      (SchnackAccount *self,
                                                             gint64          message_row_id,
                                                             GError        **error);
gboolean                schnack_account_delete_message_locally (SchnackAccount *self,
                                                               gint64          message_row_id,
                                                               GError        **error);
gboolean                schnack_account_mark_conversation_displayed (SchnackAccount *self,
                                                                    const char     *conversation_jid,
                                                                    GError        **error);
gboolean                schnack_account_set_enabled          (SchnackAccount *self,
                                                             gboolean        enabled,
                                                             GError        **error);
gboolean                schnack_account_update_settings      (SchnackAccount *self,
                                                             const SchnackAccountRecord *settings,
                                                             GError        **error);
void                    schnack_account_set_remembers_password (SchnackAccount *self,
                                                               gboolean        remembers);
void                    schnack_account_change_password_async (SchnackAccount     *self,
                                                              const char         *new_password,
                                                              GCancellable       *cancellable,
                                                              GAsyncReadyCallback callback,
                                                              gpointer            user_data);
gboolean                schnack_account_change_password_finish (SchnackAccount *self,
                                                               GAsyncResult   *result,
                                                               GError        **error);

G_END_DECLS
