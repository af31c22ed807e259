/* room.h — one group chat the account is in, or is trying to be in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/occupant-list.h"
#include "xmpp/data-form.h"
#include "xmpp/muc.h"

G_BEGIN_DECLS

typedef enum {
  SCHNACK_ROOM_STATE_OFFLINE,   /* the account is offline; rejoined when it is back */
  SCHNACK_ROOM_STATE_JOINING,
  SCHNACK_ROOM_STATE_JOINED,
  SCHNACK_ROOM_STATE_ERROR,     /* refused or removed: see schnack_room_get_error() */
} SchnackRoomState;

GType schnack_room_state_get_type (void) G_GNUC_CONST;
#define SCHNACK_TYPE_ROOM_STATE (schnack_room_state_get_type ())

/* What the room told about itself (disco#info features). */
typedef enum {
  SCHNACK_ROOM_FLAG_PASSWORD_PROTECTED = 1 << 0,
  SCHNACK_ROOM_FLAG_MEMBERS_ONLY       = 1 << 1,
  SCHNACK_ROOM_FLAG_MODERATED          = 1 << 2,
  SCHNACK_ROOM_FLAG_PERSISTENT         = 1 << 3,
  SCHNACK_ROOM_FLAG_NON_ANONYMOUS      = 1 << 4,
  SCHNACK_ROOM_FLAG_PUBLIC             = 1 << 5,
  SCHNACK_ROOM_FLAG_ARCHIVED           = 1 << 6,   /* urn:xmpp:mam:2 */
  SCHNACK_ROOM_FLAG_OCCUPANT_IDS       = 1 << 7,   /* urn:xmpp:occupant-id:0 (XEP-0421) */
} SchnackRoomFlags;

#define SCHNACK_TYPE_ROOM (schnack_room_get_type ())
G_DECLARE_FINAL_TYPE (SchnackRoom, schnack_room, SCHNACK, ROOM, GObject)

const char            *schnack_room_get_jid         (SchnackRoom *self);
const char            *schnack_room_get_name        (SchnackRoom *self);
const char            *schnack_room_get_nick        (SchnackRoom *self);
const char            *schnack_room_get_password    (SchnackRoom *self);
const char            *schnack_room_get_subject     (SchnackRoom *self);
SchnackRoomState       schnack_room_get_state       (SchnackRoom *self);
const GError          *schnack_room_get_error       (SchnackRoom *self);
SchnackMucRole         schnack_room_get_role        (SchnackRoom *self);
SchnackMucAffiliation  schnack_room_get_affiliation (SchnackRoom *self);
guint                  schnack_room_get_flags       (SchnackRoom *self);
gboolean               schnack_room_get_autojoin    (SchnackRoom *self);
SchnackOccupantList   *schnack_room_get_occupants   (SchnackRoom *self);

/* Moderation; the room decides whether we may. */
void                   schnack_room_set_role_async        (SchnackRoom           *self,
                                                           const char            *nick,
                                                           SchnackMucRole         role,
                                                           const char            *reason,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
void                   schnack_room_set_affiliation_async (SchnackRoom           *self,
                                                           const char            *jid,
                                                           SchnackMucAffiliation  affiliation,
                                                           const char            *reason,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
gboolean               schnack_room_moderation_finish     (SchnackRoom           *self,
                                                           GAsyncResult          *result,
                                                           GError               **error);
/* Members, admins, owners or outcasts (bans) as bare JIDs. */
void                   schnack_room_get_affiliations_async (SchnackRoom          *self,
                                                            SchnackMucAffiliation affiliation,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GStrv                  schnack_room_get_affiliations_finish (SchnackRoom         *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* Owners: the full configuration form (muc#roomconfig), and destroying. */
void                   schnack_room_get_config_async      (SchnackRoom           *self,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
SchnackDataForm       *schnack_room_get_config_finish     (SchnackRoom           *self,
                                                           GAsyncResult          *result,
                                                           GError               **error);
void                   schnack_room_submit_config_async   (SchnackRoom           *self,
                                                           const SchnackDataForm *form,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
void                   schnack_room_destroy_async         (SchnackRoom           *self,
                                                           const char            *reason,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
/* Finishes submit_config and destroy, like the moderation calls. */

void                   schnack_room_set_subject           (SchnackRoom           *self,
                                                           const char            *subject);
void                   schnack_room_change_nick           (SchnackRoom           *self,
                                                           const char            *nick);

G_END_DECLS
