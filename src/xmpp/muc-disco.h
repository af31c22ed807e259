/* muc-disco.h — finding group chat services and their rooms (XEP-0030, XEP-0045 §6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xmpp/connection.h"

G_BEGIN_DECLS

typedef struct {
  char     *jid;
  char     *name;          /* NULL if the room has none */
  int       occupants;     /* -1 when the room does not say */
  GStrv     features;      /* disco#info features: muc_passwordprotected, urn:xmpp:mam:2 … */
  gboolean  is_room;       /* identity conference/text */
} SchnackMucRoomInfo;

GType               schnack_muc_room_info_get_type    (void) G_GNUC_CONST;
#define SCHNACK_TYPE_MUC_ROOM_INFO (schnack_muc_room_info_get_type ())
SchnackMucRoomInfo *schnack_muc_room_info_copy        (const SchnackMucRoomInfo *info);
void                schnack_muc_room_info_free        (SchnackMucRoomInfo       *info);
gboolean            schnack_muc_room_info_has_feature (const SchnackMucRoomInfo *info,
                                                       const char               *feature);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchnackMucRoomInfo, schnack_muc_room_info_free)

/* disco#info of one room (or service): name, features, occupant count. */
void                schnack_muc_room_info_async       (SchnackConnection   *connection,
                                                       const char          *jid,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
SchnackMucRoomInfo *schnack_muc_room_info_finish      (GAsyncResult        *result,
                                                       GError             **error);

/* The account's group chat service: the first item of its server with
 * the identity conference/text. Returns NULL without error if none. */
void                schnack_muc_find_service_async    (SchnackConnection   *connection,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
char               *schnack_muc_find_service_finish   (GAsyncResult        *result,
                                                       GError             **error);

/* The public rooms of @service with their names and, where the rooms'
 * disco#info tells, occupant counts. Element type SchnackMucRoomInfo. */
void                schnack_muc_list_rooms_async      (SchnackConnection   *connection,
                                                       const char          *service,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray          *schnack_muc_list_rooms_finish     (GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
