/* muc-invite.h — invitations to rooms (XEP-0249 direct, XEP-0045 §7.8 mediated)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xmpp/xml-node.h"

G_BEGIN_DECLS

typedef struct {
  char     *room_jid;
  char     *inviter;    /* the inviter's JID as given; NULL if the room hides it */
  char     *reason;
  char     *password;
  gboolean  mediated;   /* came through the room (XEP-0045), not directly */
} SchnackMucInvite;

GType             schnack_muc_invite_get_type       (void) G_GNUC_CONST;
#define SCHNACK_TYPE_MUC_INVITE (schnack_muc_invite_get_type ())
SchnackMucInvite *schnack_muc_invite_copy           (const SchnackMucInvite *invite);
void              schnack_muc_invite_free           (SchnackMucInvite       *invite);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchnackMucInvite, schnack_muc_invite_free)

/* NULL unless @message is an invitation. */
SchnackMucInvite *schnack_muc_invite_parse          (const SchnackXmlNode   *message);
SchnackXmlNode   *schnack_muc_build_direct_invite   (const char             *to,
                                                     const char             *room_jid,
                                                     const char             *password,
                                                     const char             *reason);
SchnackXmlNode   *schnack_muc_build_mediated_invite (const char             *room_jid,
                                                     const char             *to,
                                                     const char             *reason);
SchnackXmlNode   *schnack_muc_build_decline         (const char             *room_jid,
                                                     const char             *inviter,
                                                     const char             *reason);

G_END_DECLS
