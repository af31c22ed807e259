/* room-list.h — an account's group chats: join, create, leave, rejoin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/conversation-list.h"
#include "core/message-ingest.h"
#include "core/outbox.h"
#include "core/room.h"
#include "store/messages.h"
#include "xmpp/message.h"
#include "xmpp/muc-invite.h"

G_BEGIN_DECLS

#define SCHNACK_ROOM_LIST_ERROR (schnack_room_list_error_quark ())
GQuark schnack_room_list_error_quark (void);

typedef enum {
  SCHNACK_ROOM_LIST_ERROR_ROOM_EXISTS,
  SCHNACK_ROOM_LIST_ERROR_OFFLINE,
} SchnackRoomListError;

typedef enum {
  /* members-only, non-anonymous, persistent, hidden: what OMEMO needs */
  SCHNACK_ROOM_PRESET_PRIVATE_GROUP,
  /* open, persistent, listed */
  SCHNACK_ROOM_PRESET_PUBLIC_CHANNEL,
} SchnackRoomPreset;

#define SCHNACK_TYPE_ROOM_LIST (schnack_room_list_get_type ())
G_DECLARE_FINAL_TYPE (SchnackRoomList, schnack_room_list, SCHNACK, ROOM_LIST, GObject)

SchnackRoomList *schnack_room_list_new            (SchnackConnection       *connection,
                                                   SchnackStore            *store,
                                                   gint64                   account_id,
                                                   const char              *own_jid,
                                                   SchnackOutbox           *outbox,
                                                   SchnackConversationList *conversations,
                                                   SchnackMessageIngest    *ingest);

SchnackRoom     *schnack_room_list_find           (SchnackRoomList   *self,
                                                   const char        *room_jid);
SchnackRoom     *schnack_room_list_join           (SchnackRoomList   *self,
                                                   const char        *room_jid,
                                                   const char        *nick,
                                                   const char        *password);
void             schnack_room_list_leave          (SchnackRoomList   *self,
                                                   SchnackRoom       *room);

void             schnack_room_list_create_async   (SchnackRoomList    *self,
                                                   const char         *room_jid,
                                                   const char         *nick,
                                                   const char         *name,
                                                   SchnackRoomPreset   preset,
                                                   const char         *password,
                                                   gboolean            moderated,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
SchnackRoom     *schnack_room_list_create_finish  (SchnackRoomList    *self,
                                                   GAsyncResult       *result,
                                                   GError            **error);

gboolean         schnack_room_list_send_message   (SchnackRoomList   *self,
                                                   SchnackRoom       *room,
                                                   const char        *body,
                                                   gint64            *out_message_id,
                                                   GError           **error);
gboolean         schnack_room_list_send_private   (SchnackRoomList   *self,
                                                   SchnackRoom       *room,
                                                   const char        *nick,
                                                   const char        *body,
                                                   gint64            *out_message_id,
                                                   GError           **error);

/* Invitations (XEP-0249, or through the room when @direct is FALSE). */
void             schnack_room_list_invite         (SchnackRoomList   *self,
                                                   SchnackRoom       *room,
                                                   const char        *jid,
                                                   const char        *reason,
                                                   gboolean           direct);
GListModel      *schnack_room_list_get_invites    (SchnackRoomList   *self);
SchnackRoom     *schnack_room_list_accept_invite  (SchnackRoomList   *self,
                                                   guint              position,
                                                   const char        *nick);
void             schnack_room_list_decline_invite (SchnackRoomList   *self,
                                                   guint              position,
                                                   const char        *reason);

/* The account's group chat service (disco items of its server with
 * identity conference/text); NULL without error if it has none. */
void             schnack_room_list_find_service_async  (SchnackRoomList    *self,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
char            *schnack_room_list_find_service_finish (SchnackRoomList    *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);
/* Public rooms of @service (SchnackMucRoomInfo: JID, name, occupants). */
void             schnack_room_list_browse_async        (SchnackRoomList    *self,
                                                        const char         *service,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
GPtrArray       *schnack_room_list_browse_finish       (SchnackRoomList    *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);

/* An address for a new room named @name on @service: "Café Team" on
 * conference.example.org gives cafe-team@conference.example.org. */
char            *schnack_room_suggest_address          (const char         *name,
                                                        const char         *service);

void             schnack_room_list_check_rooms    (SchnackRoomList   *self);
void             schnack_room_list_set_self_ping_interval (SchnackRoomList *self,
                                                           guint            seconds);
void             schnack_room_list_set_join_timeout (SchnackRoomList *self,
                                                     guint            seconds);
gboolean         schnack_room_list_handle_refused_message (SchnackRoomList      *self,
                                                           const SchnackXmlNode *stanza,
                                                           gint64                message_id);

/* For the account: a groupchat message, a room's archive result or a
 * private message from an occupant. Returns FALSE if it is none of these. */
gboolean         schnack_room_list_handle_message (SchnackRoomList        *self,
                                                   SchnackIncomingMessage *message);

G_END_DECLS
