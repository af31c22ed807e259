/* message.c — chat messages: parsed off the wire, built for sending
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "xmpp/message.h"
#include "xmpp/connection-private.h"
#include "xmpp/stanza-util.h"
#include "schnack-utils.h"

#include <string.h>

#define NS_SID "urn:xmpp:sid:0"
#define NS_DELAY "urn:xmpp:delay"
#define NS_RECEIPTS "urn:xmpp:receipts"
#define NS_CARBONS "urn:xmpp:carbons:2"
#define NS_FORWARD "urn:xmpp:forward:0"
#define NS_MAM "urn:xmpp:mam:2"
#define NS_CORRECTION "urn:xmpp:message-correct:0"
#define NS_REPLY "urn:xmpp:reply:0"
#define NS_FALLBACK "urn:xmpp:fallback:0"
#define NS_REACTIONS "urn:xmpp:reactions:0"
#define NS_RETRACT "urn:xmpp:message-retract:1"
#define NS_RETRACT_0 "urn:xmpp:message-retract:0"
#define NS_FASTEN "urn:xmpp:fasten:0"
#define NS_OCCUPANT_ID "urn:xmpp:occupant-id:0"
#define NS_MARKERS "urn:xmpp:chat-markers:0"
#define NS_HINTS "urn:xmpp:hints"

G_DEFINE_BOXED_TYPE (SchnackIncomingMessage, schnack_incoming_message,
                     schnack_incoming_message_copy, schnack_incoming_message_free)
G_DEFINE_BOXED_TYPE (SchnackOutgoingMessage, schnack_outgoing_message,
                     schnack_outgoing_message_copy, schnack_outgoing_message_free)

SchnackIncomingMessage *
schnack_incoming_message_copy (const SchnackIncomingMessage *message)
{
  SchnackIncomingMessage *copy = g_new0 (SchnackIncomingMessage, 1);

  copy->from = g_strdup (message->from);
  copy->to = g_strdup (message->to);
  copy->type = g_strdup (message->type);
  copy->id = g_strdup (message->id);
  copy->origin_id = g_strdup (message->origin_id);
  copy->stanza_id = g_strdup (message->stanza_id);
  copy->stanza_id_by = g_strdup (message->stanza_id_by);
  copy->body = g_strdup (message->body);
  copy->sent_at = message->sent_at;
  copy->received_at = message->received_at;
  copy->delayed = message->delayed;
  copy->carbon = message->carbon;
  copy->outgoing = message->outgoing;
  copy->archive_query = g_strdup (message->archive_query);
  copy->archive_from = g_strdup (message->archive_from);
  copy->receipt_requested = message->receipt_requested;
  copy->replace_id = g_strdup (message->replace_id);
  copy->reply_to_id = g_strdup (message->reply_to_id);
  copy->reply_to_jid = g_strdup (message->reply_to_jid);
  copy->reactions_to = g_strdup (message->reactions_to);
  copy->reactions = g_strdupv (message->reactions);
  copy->retract_id = g_strdup (message->retract_id);
  copy->occupant_id = g_strdup (message->occupant_id);
  copy->markable = message->markable;
  copy->marker = g_strdup (message->marker);
  copy->marker_id = g_strdup (message->marker_id);
  return copy;
}

void
schnack_incoming_message_free (SchnackIncomingMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->from);
  g_free (message->to);
  g_free (message->type);
  g_free (message->id);
  g_free (message->origin_id);
  g_free (message->stanza_id);
  g_free (message->stanza_id_by);
  g_free (message->body);
  g_free (message->archive_query);
  g_free (message->archive_from);
  g_free (message->replace_id);
  g_free (message->reply_to_id);
  g_free (message->reply_to_jid);
  g_free (message->reactions_to);
  g_strfreev (message->reactions);
  g_free (message->retract_id);
  g_free (message->occupant_id);
  g_free (message->marker);
  g_free (message->marker_id);
  g_free (message);
}

SchnackOutgoingMessage *
schnack_outgoing_message_new (const char *to,
                              const char *body,
                              const char *origin_id)
{
  SchnackOutgoingMessage *message = g_new0 (SchnackOutgoingMessage, 1);

  message->to = g_strdup (to);
  message->type = g_strdup ("chat");
  message->body = g_strdup (body);
  message->origin_id = origin_id != NULL ? g_strdup (origin_id) : schnack_generate_origin_id ();
  return message;
}

SchnackOutgoingMessage *
schnack_outgoing_message_copy (const SchnackOutgoingMessage *message)
{
  SchnackOutgoingMessage *copy = g_new0 (SchnackOutgoingMessage, 1);

  copy->to = g_strdup (message->to);
  copy->type = g_strdup (message->type);
  copy->body = g_strdup (message->body);
  copy->origin_id = g_strdup (message->origin_id);
  copy->replace_id = g_strdup (message->replace_id);
  copy->reply_to_id = g_strdup (message->reply_to_id);
  copy->reply_to_jid = g_strdup (message->reply_to_jid);
  copy->reply_fallback_chars = message->reply_fallback_chars;
  copy->reactions_to = g_strdup (message->reactions_to);
  copy->reactions = g_strdupv (message->reactions);
  copy->retract_id = g_strdup (message->retract_id);
  return copy;
}

void
schnack_outgoing_message_free (SchnackOutgoingMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->to);
  g_free (message->type);
  g_free (message->body);
  g_free (message->origin_id);
  g_free (message->replace_id);
  g_free (message->reply_to_id);
  g_free (message->reply_to_jid);
  g_free (message->reactions_to);
  g_strfreev (message->reactions);
  g_free (message->retract_id);
  g_free (message);
}

/* A fresh XEP-0359 origin-id: random, so no two devices ever collide. */
char *
schnack_generate_origin_id (void)
{
  return g_uuid_string_random ();
}

static gint64
parse_delay (xmpp_stanza_t *stanza)
{
  xmpp_stanza_t *delay = xmpp_stanza_get_child_by_ns (stanza, NS_DELAY);
  const char *stamp;
  g_autoptr(GDateTime) time = NULL;

  if (delay == NULL || (stamp = xmpp_stanza_get_attribute (delay, "stamp")) == NULL)
    return 0;
  time = g_date_time_new_from_iso8601 (stamp, NULL);
  return time != NULL ? g_date_time_to_unix (time) * G_USEC_PER_SEC
                        + g_date_time_get_microsecond (time)
                      : 0;
}

/* Only a stanza-id set by someone we trust counts (XEP-0359 §4): our own
 * server (by = our bare JID) or, in a room, the room itself. Anyone else
 * could forge one to shadow a real message in de-duplication. */
static void
parse_stanza_id (xmpp_stanza_t          *stanza,
                 const char             *own_bare_jid,
                 const char             *from_bare_jid,
                 gboolean                groupchat,
                 SchnackIncomingMessage *message)
{
  for (xmpp_stanza_t *child = xmpp_stanza_get_children (stanza);
       child != NULL; child = xmpp_stanza_get_next (child))
    {
      const char *by;

      if (g_strcmp0 (xmpp_stanza_get_name (child), "stanza-id") != 0 ||
          g_strcmp0 (xmpp_stanza_get_ns (child), NS_SID) != 0)
        continue;
      by = xmpp_stanza_get_attribute (child, "by");
      if (by == NULL || xmpp_stanza_get_attribute (child, "id") == NULL)
        continue;
      if (g_strcmp0 (by, groupchat ? from_bare_jid : own_bare_jid) != 0)
        continue;
      message->stanza_id = g_strdup (xmpp_stanza_get_attribute (child, "id"));
      message->stanza_id_by = g_strdup (by);
      return;
    }
}

/* XEP-0280: a copy of a message to or from another of our devices. Only
 * our own account may send these (§11): anybody else could otherwise
 * put words in our mouth. Returns the inner message, or NULL. */
static xmpp_stanza_t *
unwrap_carbon (xmpp_stanza_t *stanza,
               const char    *own_bare,
               gboolean      *out_sent)
{
  const char *from = xmpp_stanza_get_from (stanza);
  g_autofree char *from_bare = schnack_jid_dup_bare (from);
  xmpp_stanza_t *wrapper;
  xmpp_stanza_t *forwarded;

  wrapper = xmpp_stanza_get_child_by_name_and_ns (stanza, "received", NS_CARBONS);
  *out_sent = FALSE;
  if (wrapper == NULL)
    {
      wrapper = xmpp_stanza_get_child_by_name_and_ns (stanza, "sent", NS_CARBONS);
      *out_sent = wrapper != NULL;
    }
  if (wrapper == NULL)
    return NULL;
  if (from_bare == NULL || own_bare == NULL || g_ascii_strcasecmp (from_bare, own_bare) != 0)
    return NULL;
  forwarded = xmpp_stanza_get_child_by_name_and_ns (wrapper, "forwarded", NS_FORWARD);
  return forwarded != NULL ? xmpp_stanza_get_child_by_name (forwarded, "message") : NULL;
}

/* XEP-0313: a message from an archive: our own account's (no "from", or
 * our bare JID) or a room's. The core believes a room's archive only for
 * the queries it sent to that room (see SchnackIncomingMessage.archive_from). */
static xmpp_stanza_t *
unwrap_archived (xmpp_stanza_t  *stanza,
                 const char     *own_bare,
                 xmpp_stanza_t **out_forwarded,
                 const char    **out_query,
                 const char    **out_archive_id)
{
  const char *from = xmpp_stanza_get_from (stanza);
  xmpp_stanza_t *result = xmpp_stanza_get_child_by_name_and_ns (stanza, "result", NS_MAM);
  xmpp_stanza_t *forwarded;

  if (result == NULL)
    return NULL;
  if (from != NULL && strchr (from, '/') != NULL)
    return NULL;
  forwarded = xmpp_stanza_get_child_by_name_and_ns (result, "forwarded", NS_FORWARD);
  if (forwarded == NULL)
    return NULL;
  *out_forwarded = forwarded;
  *out_query = xmpp_stanza_get_attribute (result, "queryid");
  *out_archive_id = xmpp_stanza_get_attribute (result, "id");
  return xmpp_stanza_get_child_by_name (forwarded, "message");
}

static const char *
child_attribute (xmpp_stanza_t *stanza,
                 const char    *name,
                 const char    *ns,
                 const char    *attribute)
{
  xmpp_stanza_t *child = xmpp_stanza_get_child_by_name_and_ns (stanza, name, ns);

  return child != NULL ? xmpp_stanza_get_attribute (child, attribute) : NULL;
}

static gboolean
parse_char_offset (const char *text,
                   guint      *out)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

/* XEP-0461 with XEP-0428: the quote a reply carries for older clients is
 * marked as a range of characters (code points) of the body; we show the
 * reply without it. A range that does not fit the body is ignored. */
static void
strip_reply_fallback (xmpp_stanza_t *stanza,
                      char         **body)
{
  for (xmpp_stanza_t *child = xmpp_stanza_get_children (stanza);
       child != NULL; child = xmpp_stanza_get_next (child))
    {
      xmpp_stanza_t *range;
      guint start, end;
      glong length;
      const char *from, *to;
      g_autofree char *stripped = NULL;

      if (g_strcmp0 (xmpp_stanza_get_name (child), "fallback") != 0 ||
          g_strcmp0 (xmpp_stanza_get_ns (child), NS_FALLBACK) != 0 ||
          g_strcmp0 (xmpp_stanza_get_attribute (child, "for"), NS_REPLY) != 0)
        continue;
      range = xmpp_stanza_get_child_by_name (child, "body");
      if (range == NULL ||
          !parse_char_offset (xmpp_stanza_get_attribute (range, "start"), &start) ||
          !parse_char_offset (xmpp_stanza_get_attribute (range, "end"), &end))
        return;
      length = g_utf8_strlen (*body, -1);
      if (start > end || end > (guint) length)
        return;
      from = g_utf8_offset_to_pointer (*body, start);
      to = g_utf8_offset_to_pointer (*body, end);
      stripped = g_strdup_printf ("%.*s%s", (int) (from - *body), *body, to);
      g_free (*body);
      *body = g_steal_pointer (&stripped);
      return;
    }
}

static char **
parse_reactions (xmpp_stanza_t *reactions)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (xmpp_stanza_t *child = xmpp_stanza_get_children (reactions);
       child != NULL; child = xmpp_stanza_get_next (child))
    {
      g_autofree char *emoji = NULL;

      if (g_strcmp0 (xmpp_stanza_get_name (child), "reaction") != 0)
        continue;
      emoji = schnack_stanza_dup_text (child);
      if (emoji != NULL && *emoji != '\0')
        g_strv_builder_add (builder, emoji);
    }
  return g_strv_builder_end (builder);
}

/* Corrections, replies, reactions, retractions and chat markers. */
static void
parse_references (xmpp_stanza_t          *stanza,
                  SchnackIncomingMessage *message)
{
  static const char *markers[] = { "received", "displayed", "acknowledged" };
  xmpp_stanza_t *reply = xmpp_stanza_get_child_by_name_and_ns (stanza, "reply", NS_REPLY);
  xmpp_stanza_t *reactions = xmpp_stanza_get_child_by_name_and_ns (stanza, "reactions", NS_REACTIONS);
  xmpp_stanza_t *fasten = xmpp_stanza_get_child_by_name_and_ns (stanza, "apply-to", NS_FASTEN);

  message->replace_id = g_strdup (child_attribute (stanza, "replace", NS_CORRECTION, "id"));

  if (reply != NULL && xmpp_stanza_get_attribute (reply, "id") != NULL)
    {
      message->reply_to_id = g_strdup (xmpp_stanza_get_attribute (reply, "id"));
      message->reply_to_jid = g_strdup (xmpp_stanza_get_attribute (reply, "to"));
      if (message->body != NULL)
        strip_reply_fallback (stanza, &message->body);
    }

  if (reactions != NULL && xmpp_stanza_get_attribute (reactions, "id") != NULL)
    {
      message->reactions_to = g_strdup (xmpp_stanza_get_attribute (reactions, "id"));
      message->reactions = parse_reactions (reactions);
    }

  /* Version 1 of XEP-0424, and version 0 inside a XEP-0422 apply-to. */
  message->retract_id = g_strdup (child_attribute (stanza, "retract", NS_RETRACT, "id"));
  if (message->retract_id == NULL && fasten != NULL &&
      xmpp_stanza_get_child_by_name_and_ns (fasten, "retract", NS_RETRACT_0) != NULL)
    message->retract_id = g_strdup (xmpp_stanza_get_attribute (fasten, "id"));

  message->markable = xmpp_stanza_get_child_by_name_and_ns (stanza, "markable", NS_MARKERS) != NULL;
  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    {
      const char *id = child_attribute (stanza, markers[i], NS_MARKERS, "id");

      if (id != NULL)
        {
          message->marker = g_strdup (markers[i]);
          message->marker_id = g_strdup (id);
          break;
        }
    }
}

static int
on_message_stanza (xmpp_conn_t   *conn,
                   xmpp_stanza_t *stanza,
                   void          *userdata)
{
  SchnackConnectionWorker *worker = userdata;
  const char *type;
  const char *from;
  xmpp_stanza_t *body;
  xmpp_stanza_t *origin;
  xmpp_stanza_t *inner;
  SchnackIncomingMessage *message;
  g_autofree char *own_bare = schnack_jid_dup_bare (xmpp_conn_get_bound_jid (conn));
  g_autofree char *from_bare = NULL;
  const char *archive_from = xmpp_stanza_get_from (stanza);
  gboolean sent_carbon = FALSE;
  gboolean carbon = FALSE;
  xmpp_stanza_t *archive_forwarded = NULL;
  const char *archive_query = NULL;
  const char *archive_id = NULL;

  inner = unwrap_archived (stanza, own_bare, &archive_forwarded, &archive_query, &archive_id);
  if (inner != NULL)
    {
      g_autofree char *inner_from = schnack_jid_dup_bare (xmpp_stanza_get_from (inner));

      if (archive_from == NULL)
        archive_from = own_bare;
      stanza = inner;
      sent_carbon = inner_from != NULL && g_ascii_strcasecmp (inner_from, own_bare) == 0;
    }
  else if (xmpp_stanza_get_child_by_ns (stanza, NS_MAM) != NULL)
    {
      return 1;  /* an archive result from a full JID: nobody's archive */
    }
  else if ((inner = unwrap_carbon (stanza, own_bare, &sent_carbon)) != NULL)
    {
      stanza = inner;
      carbon = TRUE;
    }
  else if (xmpp_stanza_get_child_by_ns (stanza, NS_CARBONS) != NULL)
    {
      return 1;  /* a carbon wrapper not from our own account: forged */
    }
  else if (schnack_stanza_is_room_invite (stanza))
    {
      return 1;  /* stanza-forward.c hands invitations to the core */
    }

  type = xmpp_stanza_get_type (stanza);
  from = xmpp_stanza_get_from (stanza);
  if (g_strcmp0 (type, "error") == 0 || (from == NULL && !sent_carbon))
    return 1;
  body = xmpp_stanza_get_child_by_name (stanza, "body");

  message = g_new0 (SchnackIncomingMessage, 1);
  message->carbon = carbon;
  message->outgoing = sent_carbon;
  /* A sent carbon may omit "from": it was us. */
  message->from = g_strdup (from != NULL ? from : xmpp_conn_get_bound_jid (conn));
  message->to = g_strdup (xmpp_stanza_get_to (stanza));
  message->type = g_strdup (type != NULL ? type : "normal");
  message->id = g_strdup (xmpp_stanza_get_id (stanza));
  if (body != NULL)
    {
      message->body = schnack_stanza_dup_text (body);
      if (message->body == NULL)
        message->body = g_strdup ("");
    }
  parse_references (stanza, message);
  /* Other body-less messages (chat states, receipts, PEP) are not ours. */
  if (message->body == NULL && message->reactions_to == NULL &&
      message->retract_id == NULL && message->marker == NULL)
    {
      schnack_incoming_message_free (message);
      return 1;
    }

  message->receipt_requested = xmpp_stanza_get_child_by_name_and_ns (stanza, "request", NS_RECEIPTS) != NULL;

  origin = xmpp_stanza_get_child_by_name_and_ns (stanza, "origin-id", NS_SID);
  if (origin != NULL)
    message->origin_id = g_strdup (xmpp_stanza_get_attribute (origin, "id"));

  from_bare = schnack_jid_dup_bare (message->from);
  parse_stanza_id (stanza, own_bare, from_bare, g_strcmp0 (type, "groupchat") == 0, message);
  if (g_strcmp0 (type, "groupchat") == 0)
    message->occupant_id = g_strdup (child_attribute (stanza, "occupant-id", NS_OCCUPANT_ID, "id"));

  message->received_at = g_get_real_time ();
  message->sent_at = parse_delay (stanza);
  if (archive_forwarded != NULL)
    {
      /* The archive's id is the message's stanza-id (XEP-0313 §5). */
      message->archive_query = g_strdup (archive_query != NULL ? archive_query : "");
      message->archive_from = g_strdup (archive_from);
      if (archive_id != NULL)
        {
          schnack_set_str (&message->stanza_id, archive_id);
          schnack_set_str (&message->stanza_id_by, archive_from);
        }
      message->sent_at = parse_delay (archive_forwarded);
    }
  message->delayed = message->sent_at != 0;
  if (message->sent_at == 0)
    message->sent_at = message->received_at;

  schnack_connection_worker_post (worker,
                                  (SchnackConnectionEventFunc) schnack_connection_emit_message_received,
                                  message, (GDestroyNotify) schnack_incoming_message_free);
  return 1;
}

void
schnack_message_module_attach (SchnackConnectionWorker *worker)
{
  xmpp_handler_add (schnack_connection_worker_get_conn (worker), on_message_stanza,
                    NULL, "message", NULL, worker);
}

/* Adds <name xmlns=ns attribute=value/>; returns it (owned by @parent). */
static xmpp_stanza_t *
add_element (xmpp_stanza_t *parent,
             const char    *name,
             const char    *ns,
             const char    *attribute,
             const char    *value)
{
  xmpp_stanza_t *child = xmpp_stanza_new (xmpp_stanza_get_context (parent));

  xmpp_stanza_set_name (child, name);
  if (ns != NULL)
    xmpp_stanza_set_ns (child, ns);
  if (attribute != NULL)
    xmpp_stanza_set_attribute (child, attribute, value);
  xmpp_stanza_add_child (parent, child);
  xmpp_stanza_release (child);
  return child;
}

static void
add_fallback_range (xmpp_stanza_t *stanza,
                    const char    *for_ns,
                    guint          end)
{
  xmpp_stanza_t *fallback = add_element (stanza, "fallback", NS_FALLBACK, "for", for_ns);
  xmpp_stanza_t *range = add_element (fallback, "body", NULL, "start", "0");
  char number[16];

  g_snprintf (number, sizeof number, "%u", end);
  xmpp_stanza_set_attribute (range, "end", number);
}

void
schnack_message_module_send (SchnackConnectionWorker      *worker,
                             const SchnackOutgoingMessage *message)
{
  xmpp_ctx_t *ctx = schnack_connection_worker_get_ctx (worker);
  xmpp_stanza_t *stanza;
  gboolean control = message->reactions_to != NULL || message->retract_id != NULL;

  stanza = xmpp_message_new (ctx, message->type ? message->type : "chat",
                             message->to, message->origin_id);
  if (message->body != NULL)
    xmpp_message_set_body (stanza, message->body);

  add_element (stanza, "origin-id", NS_SID, "id", message->origin_id);

  if (message->replace_id != NULL)
    add_element (stanza, "replace", NS_CORRECTION, "id", message->replace_id);

  if (message->reply_to_id != NULL)
    {
      xmpp_stanza_t *reply = add_element (stanza, "reply", NS_REPLY, "id", message->reply_to_id);

      if (message->reply_to_jid != NULL)
        xmpp_stanza_set_attribute (reply, "to", message->reply_to_jid);
      if (message->reply_fallback_chars > 0)
        add_fallback_range (stanza, NS_REPLY, message->reply_fallback_chars);
    }

  if (message->reactions_to != NULL)
    {
      xmpp_stanza_t *reactions = add_element (stanza, "reactions", NS_REACTIONS, "id", message->reactions_to);

      for (guint i = 0; message->reactions != NULL && message->reactions[i] != NULL; i++)
        {
          xmpp_stanza_t *reaction = add_element (reactions, "reaction", NULL, NULL, NULL);
          xmpp_stanza_t *text = xmpp_stanza_new (ctx);

          xmpp_stanza_set_text (text, message->reactions[i]);
          xmpp_stanza_add_child (reaction, text);
          xmpp_stanza_release (text);
        }
    }

  if (message->retract_id != NULL)
    {
      xmpp_stanza_t *fasten;

      /* Version 1, and version 0 for clients that only know that one. */
      add_element (stanza, "retract", NS_RETRACT, "id", message->retract_id);
      fasten = add_element (stanza, "apply-to", NS_FASTEN, "id", message->retract_id);
      add_element (fasten, "retract", NS_RETRACT_0, NULL, NULL);
      add_element (stanza, "fallback", NS_FALLBACK, "for", NS_RETRACT);
    }

  if (control)
    {
      /* Body-less or fallback-only, but it must reach the archive and
       * offline storage like a message (XEP-0334). */
      add_element (stanza, "store", NS_HINTS, NULL, NULL);
    }
  else
    {
      /* XEP-0184 §5.3: no receipts in rooms. */
      if (g_strcmp0 (message->type, "groupchat") != 0)
        add_element (stanza, "request", NS_RECEIPTS, NULL, NULL);
      /* A marker names a message; a correction is not a new one. */
      if (message->replace_id == NULL)
        add_element (stanza, "markable", NS_MARKERS, NULL, NULL);
    }

  schnack_connection_worker_send (worker, stanza);
  xmpp_stanza_release (stanza);
}
