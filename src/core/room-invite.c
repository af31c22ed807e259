/* room-invite.c — an invitation to a room, waiting for the user's answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "core/room-invite.h"

struct _SchnackRoomInvite {
  GObject           parent_instance;
  SchnackMucInvite *invite;
};

G_DEFINE_FINAL_TYPE (SchnackRoomInvite, schnack_room_invite, G_TYPE_OBJECT)

static void
schnack_room_invite_finalize (GObject *object)
{
  g_clear_pointer (&SCHNACK_ROOM_INVITE (object)->invite, schnack_muc_invite_free);
  G_OBJECT_CLASS (schnack_room_invite_parent_class)->finalize (object);
}

static void
schnack_room_invite_class_init (SchnackRoomInviteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = schnack_room_invite_finalize;
}

static void
schnack_room_invite_init (SchnackRoomInvite *self)
{
}

SchnackRoomInvite *
schnack_room_invite_new (const SchnackMucInvite *invite)
{
  SchnackRoomInvite *self = g_object_new (SCHNACK_TYPE_ROOM_INVITE, NULL);

  self->invite = schnack_muc_invite_copy (invite);
  return self;
}

const SchnackMucInvite *
schnack_room_invite_get_details (SchnackRoomInvite *self)
{
  g_return_val_if_fail (SCHNACK_IS_ROOM_INVITE (self), NULL);
  return self->invite;
}

const char *
schnack_room_invite_get_room (SchnackRoomInvite *self)
{
  g_return_val_if_fail (SCHNACK_IS_ROOM_INVITE (self), NULL);
  return self->invite->room_jid;
}

const char *
schnack_room_invite_get_inviter (SchnackRoomInvite *self)
{
  g_return_val_if_fail (SCHNACK_IS_ROOM_INVITE (self), NULL);
  return self->invite->inviter;
}

const char *
schnack_room_invite_get_reason (SchnackRoomInvite *self)
{
  g_return_val_if_fail (SCHNACK_IS_ROOM_INVITE (self), NULL);
  return self->invite->reason;
}
