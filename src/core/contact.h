/* contact.h — one person in the contact list, with their presence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "xmpp/presence.h"
#include "xmpp/roster.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_CONTACT (schnack_contact_get_type ())
G_DECLARE_FINAL_TYPE (SchnackContact, schnack_contact, SCHNACK, CONTACT, GObject)

SchnackContact      *schnack_contact_new              (const SchnackRosterItem *item);
const char          *schnack_contact_get_jid          (SchnackContact          *self);
const char          *schnack_contact_get_display_name (SchnackContact          *self);
const char          *schnack_contact_get_roster_name  (SchnackContact          *self);
const char * const  *schnack_contact_get_groups       (SchnackContact          *self);
SchnackSubscription  schnack_contact_get_subscription (SchnackContact          *self);
gboolean             schnack_contact_get_pending_out  (SchnackContact          *self);
SchnackPresenceShow  schnack_contact_get_show         (SchnackContact          *self);
const char          *schnack_contact_get_status       (SchnackContact          *self);
gboolean             schnack_contact_get_available    (SchnackContact          *self);
guint                schnack_contact_get_n_resources  (SchnackContact          *self);
GPtrArray           *schnack_contact_dup_resources    (SchnackContact          *self);

void                 schnack_contact_set_roster_item  (SchnackContact          *self,
                                                       const SchnackRosterItem *item);
void                 schnack_contact_update_presence  (SchnackContact          *self,
                                                       const SchnackPresence   *presence);
void                 schnack_contact_clear_presence   (SchnackContact          *self);
const char          *schnack_contact_get_avatar_file  (SchnackContact          *self);
void                 schnack_contact_set_avatar_file  (SchnackContact          *self,
                                                       const char              *path);
void                 schnack_contact_set_nick         (SchnackContact          *self,
                                                       const char              *nick);
const char          *schnack_contact_get_avatar_hash  (SchnackContact          *self);
const char          *schnack_contact_get_chat_state   (SchnackContact          *self);
void                 schnack_contact_set_chat_state   (SchnackContact          *self,
                                                       const char              *state);

G_END_DECLS
