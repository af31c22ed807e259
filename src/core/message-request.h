/* message-request.h — messages from people not in the contact list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SCHNACK_TYPE_MESSAGE_REQUEST (schnack_message_request_get_type ())
G_DECLARE_FINAL_TYPE (SchnackMessageRequest, schnack_message_request, SCHNACK, MESSAGE_REQUEST, GObject)

SchnackMessageRequest *schnack_message_request_new          (const char            *jid);
const char            *schnack_message_request_get_jid      (SchnackMessageRequest *self);
const char            *schnack_message_request_get_preview  (SchnackMessageRequest *self);
guint                  schnack_message_request_get_count    (SchnackMessageRequest *self);
gint64                 schnack_message_request_get_last_at  (SchnackMessageRequest *self);
void                   schnack_message_request_add_message  (SchnackMessageRequest *self,
                                                             const char            *body,
                                                             gint64                 sent_at);

G_END_DECLS
