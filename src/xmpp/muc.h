/* muc.h — multi-user chat rooms: presence, errors, subject (XEP-0045)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xmpp/connection.h"

G_BEGIN_DECLS

#define SCHNACK_NS_MUC        "http://jabber.org/protocol/muc"
#define SCHNACK_NS_MUC_USER   "http://jabber.org/protocol/muc#user"
#define SCHNACK_NS_MUC_ADMIN  "http://jabber.org/protocol/muc#admin"
#define SCHNACK_NS_MUC_OWNER  "http://jabber.org/protocol/muc#owner"
#define SCHNACK_NS_CONFERENCE "jabber:x:conference"

#define SCHNACK_MUC_ERROR (schnack_muc_error_quark ())
GQuark schnack_muc_error_quark (void);

/* Why we are not (or no longer) in a room, in the user's terms. */
typedef enum {
  SCHNACK_MUC_ERROR_WRONG_PASSWORD,        /* not-authorized */
  SCHNACK_MUC_ERROR_MEMBERS_ONLY,          /* registration-required */
  SCHNACK_MUC_ERROR_BANNED,                /* forbidden, or status 301 */
  SCHNACK_MUC_ERROR_NICKNAME_TAKEN,        /* conflict */
  SCHNACK_MUC_ERROR_ROOM_NOT_FOUND,        /* item-not-found, remote-server-not-found */
  SCHNACK_MUC_ERROR_ROOM_FULL,             /* service-unavailable on a join */
  SCHNACK_MUC_ERROR_CREATION_NOT_ALLOWED,  /* not-allowed */
  SCHNACK_MUC_ERROR_KICKED,                /* status 307 */
  SCHNACK_MUC_ERROR_MEMBERSHIP_REVOKED,    /* status 321, 322 */
  SCHNACK_MUC_ERROR_SHUTDOWN,              /* status 332 */
  SCHNACK_MUC_ERROR_DESTROYED,             /* the owner closed the room */
  SCHNACK_MUC_ERROR_OTHER,
} SchnackMucError;

/* The values are compared (a higher role can do more): keep the order. */
typedef enum {
  SCHNACK_MUC_ROLE_NONE,
  SCHNACK_MUC_ROLE_VISITOR,
  SCHNACK_MUC_ROLE_PARTICIPANT,
  SCHNACK_MUC_ROLE_MODERATOR,
} SchnackMucRole;

typedef enum {
  SCHNACK_MUC_AFFILIATION_OUTCAST,
  SCHNACK_MUC_AFFILIATION_NONE,
  SCHNACK_MUC_AFFILIATION_MEMBER,
  SCHNACK_MUC_AFFILIATION_ADMIN,
  SCHNACK_MUC_AFFILIATION_OWNER,
} SchnackMucAffiliation;

/* XEP-0045 status codes (§15.6) Schnack acts on. */
typedef enum {
  SCHNACK_MUC_STATUS_NON_ANONYMOUS       = 1 << 0,  /* 100, 172 */
  SCHNACK_MUC_STATUS_CONFIG_CHANGED      = 1 << 1,  /* 104 */
  SCHNACK_MUC_STATUS_SELF                = 1 << 2,  /* 110 */
  SCHNACK_MUC_STATUS_LOGGING             = 1 << 3,  /* 170 */
  SCHNACK_MUC_STATUS_CREATED             = 1 << 4,  /* 201 */
  SCHNACK_MUC_STATUS_NICK_ASSIGNED       = 1 << 5,  /* 210 */
  SCHNACK_MUC_STATUS_BANNED              = 1 << 6,  /* 301 */
  SCHNACK_MUC_STATUS_NICK_CHANGED        = 1 << 7,  /* 303 */
  SCHNACK_MUC_STATUS_KICKED              = 1 << 8,  /* 307 */
  SCHNACK_MUC_STATUS_AFFILIATION_REMOVED = 1 << 9,  /* 321 */
  SCHNACK_MUC_STATUS_MEMBERS_ONLY_REMOVED = 1 << 10, /* 322 */
  SCHNACK_MUC_STATUS_SHUTDOWN            = 1 << 11, /* 332 */
  SCHNACK_MUC_STATUS_SEMI_ANONYMOUS      = 1 << 12, /* 173 */
  SCHNACK_MUC_STATUS_DESTROYED           = 1 << 13, /* <destroy/>: the owner closed the room */
} SchnackMucStatus;

/* One occupant's presence in a room, as the room reported it. */
typedef struct {
  char                  *room_jid;     /* bare */
  char                  *nick;         /* the resource of "from" */
  gboolean               available;    /* FALSE: the occupant left */
  SchnackMucRole         role;
  SchnackMucAffiliation  affiliation;
  char                  *real_jid;     /* NULL in anonymous rooms */
  char                  *new_nick;     /* with SCHNACK_MUC_STATUS_NICK_CHANGED */
  guint                  status;       /* SchnackMucStatus flags */
  char                  *actor;        /* who kicked/banned, if said */
  char                  *reason;
  char                  *show;         /* NULL: available */
  char                  *status_text;
  GError                *error;        /* an error presence (a failed join) */
} SchnackMucPresence;

SchnackMucPresence *schnack_muc_presence_parse        (const SchnackXmlNode *stanza);
void                schnack_muc_presence_free         (SchnackMucPresence   *presence);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchnackMucPresence, schnack_muc_presence_free)

GError             *schnack_muc_error_from_stanza     (const SchnackXmlNode *stanza);
GError             *schnack_muc_removal_reason        (const SchnackMucPresence *presence);

const char         *schnack_muc_role_to_string        (SchnackMucRole        role);
SchnackMucRole      schnack_muc_role_from_string      (const char           *text);
const char         *schnack_muc_affiliation_to_string (SchnackMucAffiliation affiliation);
SchnackMucAffiliation schnack_muc_affiliation_from_string (const char       *text);

/* @history_since_us: -1 for no history (the room's archive will be read),
 * 0 for the room's default, else only what was said since then. */
SchnackXmlNode     *schnack_muc_build_join            (const char           *room_jid,
                                                       const char           *nick,
                                                       const char           *password,
                                                       gint64                history_since_us);
SchnackXmlNode     *schnack_muc_build_leave           (const char           *room_jid,
                                                       const char           *nick,
                                                       const char           *status);
SchnackXmlNode     *schnack_muc_build_nick_change     (const char           *room_jid,
                                                       const char           *new_nick);
SchnackXmlNode     *schnack_muc_build_subject         (const char           *room_jid,
                                                       const char           *subject);

/* A groupchat message without a body that sets the subject; NULL otherwise.
 * An empty string means the subject was cleared. */
char               *schnack_muc_parse_subject         (const SchnackXmlNode *message);
guint               schnack_muc_message_status        (const SchnackXmlNode *message);

G_END_DECLS
