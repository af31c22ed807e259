/* message.h — chat messages as plain data, parsed off the wire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A <message/> with a body as it arrived, detached from libstrophe so it
 * can cross from the connection thread to the core. */
typedef struct {
  char   *from;          /* full JID as sent */
  char   *to;
  char   *type;          /* "chat", "normal", "groupchat", … */
  char   *id;            /* the stanza's id attribute */
  char   *origin_id;     /* XEP-0359 origin-id */
  char   *stanza_id;     /* XEP-0359 stanza-id set by stanza_id_by */
  char   *stanza_id_by;
  char   *body;          /* NULL for a message without one (a reaction,
                          * a marker); a reply's quote fallback removed */
  gint64  sent_at;       /* µs UTC: XEP-0203 delay, else arrival */
  gint64  received_at;   /* µs UTC */
  gboolean delayed;      /* carried a XEP-0203 delay (offline storage) */
  gboolean carbon;       /* a XEP-0280 copy from another of our devices */
  gboolean outgoing;     /* sent by us (from another device, or from the archive) */
  char   *archive_query; /* set for XEP-0313 results: the query's id */
  char   *archive_from;  /* … and whose archive: our bare JID or a room's */
  gboolean receipt_requested; /* XEP-0184 <request/> */
  char   *replace_id;    /* XEP-0308: this corrects the message with that id */
  char   *reply_to_id;   /* XEP-0461: this answers the message with that id … */
  char   *reply_to_jid;  /* … written by this JID (as sent; may be NULL) */
  char   *reactions_to;  /* XEP-0444: the message reacted to … */
  char  **reactions;     /* … and the sender's whole set now (maybe empty) */
  char   *retract_id;    /* XEP-0424: the sender withdraws that message */
  gboolean markable;     /* XEP-0333: the sender wants chat markers */
  char   *marker;        /* XEP-0333: "received", "displayed" or "acknowledged" … */
  char   *marker_id;     /* … for the message with that id */
  char   *occupant_id;   /* XEP-0421: the room's stable id for the sender
                          * (groupchat; worth something only if the room
                          * announces the feature) */
} SchnackIncomingMessage;

typedef struct {
  char *to;
  char *type;
  char *body;            /* NULL: none (a reaction) */
  char *origin_id;       /* also used as the stanza id */
  char *replace_id;      /* XEP-0308: corrects that message */
  char *reply_to_id;     /* XEP-0461: answers that message … */
  char *reply_to_jid;    /* … of that author */
  guint reply_fallback_chars; /* the quote at the start of body (XEP-0428) */
  char *reactions_to;    /* XEP-0444: reacts to that message … */
  char **reactions;      /* … with this whole set (NULL or empty: none) */
  char *retract_id;      /* XEP-0424: withdraws that message; body is the fallback */
} SchnackOutgoingMessage;

GType schnack_incoming_message_get_type (void) G_GNUC_CONST;
#define SCHNACK_TYPE_INCOMING_MESSAGE (schnack_incoming_message_get_type ())
SchnackIncomingMessage *schnack_incoming_message_copy (const SchnackIncomingMessage *message);
void                    schnack_incoming_message_free (SchnackIncomingMessage *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchnackIncomingMessage, schnack_incoming_message_free)

GType schnack_outgoing_message_get_type (void) G_GNUC_CONST;
#define SCHNACK_TYPE_OUTGOING_MESSAGE (schnack_outgoing_message_get_type ())
SchnackOutgoingMessage *schnack_outgoing_message_new  (const char *to,
                                                       const char *body,
                                                       const char *origin_id);
SchnackOutgoingMessage *schnack_outgoing_message_copy (const SchnackOutgoingMessage *message);
void                    schnack_outgoing_message_free (SchnackOutgoingMessage *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchnackOutgoingMessage, schnack_outgoing_message_free)

char *schnack_generate_origin_id (void);

G_END_DECLS
