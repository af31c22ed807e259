/* chat-message.c — one message of a chat's history, for the chat view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stored message (a copy of its row) as an object a list row can bind
 * to. When the row changes in the store — delivery state, a correction,
 * a retraction — the history model hands in the new row and "record" is
 * notified, so the row on screen redraws without the list moving.
 * The body is network text: show it as plain text or escape it.
 */
#include "config.h"

#include "core/chat-message.h"

struct _SchnackChatMessage {
  GObject               parent_instance;
  SchnackMessageRecord *record;
  gboolean              starts_day;    /* first message of its (local) day: a date line above */
  gboolean              starts_group;  /* not a follow-up of the message above: name shown */
};

/* Messages from one sender closer than this form one block on screen. */
#define GROUP_GAP (5 * G_TIME_SPAN_MINUTE)

G_DEFINE_FINAL_TYPE (SchnackChatMessage, schnack_chat_message, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RECORD,
  PROP_DELIVERY_STATE,
  PROP_STARTS_DAY,
  PROP_STARTS_GROUP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
schnack_chat_message_finalize (GObject *object)
{
  SchnackChatMessage *self = SCHNACK_CHAT_MESSAGE (object);

  schnack_message_record_free (self->record);
  G_OBJECT_CLASS (schnack_chat_message_parent_class)->finalize (object);
}

static void
schnack_chat_message_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SchnackChatMessage *self = SCHNACK_CHAT_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_RECORD:
      g_value_set_boxed (value, self->record);
      break;
    case PROP_DELIVERY_STATE:
      g_value_set_int (value, self->record->delivery_state);
      break;
    case PROP_STARTS_DAY:
      g_value_set_boolean (value, self->starts_day);
      break;
    case PROP_STARTS_GROUP:
      g_value_set_boolean (value, self->starts_group);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_chat_message_class_init (SchnackChatMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = schnack_chat_message_finalize;
  object_class->get_property = schnack_chat_message_get_property;

  /* Any change of the stored row (body, flags, state). */
  properties[PROP_RECORD] =
    g_param_spec_boxed ("record", NULL, NULL, SCHNACK_TYPE_MESSAGE_RECORD,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A SchnackDeliveryState; notified on its own so the state icon can
   * follow without re-laying out the text. */
  properties[PROP_DELIVERY_STATE] =
    g_param_spec_int ("delivery-state", NULL, NULL,
                      SCHNACK_DELIVERY_STATE_PENDING, SCHNACK_DELIVERY_STATE_FAILED,
                      SCHNACK_DELIVERY_STATE_PENDING,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STARTS_DAY] =
    g_param_spec_boolean ("starts-day", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STARTS_GROUP] =
    g_param_spec_boolean ("starts-group", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schnack_chat_message_init (SchnackChatMessage *self)
{
  self->starts_day = TRUE;
  self->starts_group = TRUE;
}

SchnackChatMessage *
schnack_chat_message_new (const SchnackMessageRecord *record)
{
  SchnackChatMessage *self;

  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (SCHNACK_TYPE_CHAT_MESSAGE, NULL);
  self->record = schnack_message_record_copy (record);
  return self;
}

const SchnackMessageRecord *
schnack_chat_message_get_record (SchnackChatMessage *self)
{
  g_return_val_if_fail (SCHNACK_IS_CHAT_MESSAGE (self), NULL);
  return self->record;
}

void
schnack_chat_message_update (SchnackChatMessage         *self,
                             const SchnackMessageRecord *record)
{
  gboolean state_changed;

  g_return_if_fail (SCHNACK_IS_CHAT_MESSAGE (self));
  g_return_if_fail (record != NULL && record->id == self->record->id);

  state_changed = record->delivery_state != self->record->delivery_state;
  schnack_message_record_free (self->record);
  self->record = schnack_message_record_copy (record);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD]);
  if (state_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELIVERY_STATE]);
}

gint64
schnack_chat_message_get_id (SchnackChatMessage *self)
{
  g_return_val_if_fail (SCHNACK_IS_CHAT_MESSAGE (self), 0);
  return self->record->id;
}

gint64
schnack_chat_message_get_sent_at (SchnackChatMessage *self)
{
  g_return_val_if_fail (SCHNACK_IS_CHAT_MESSAGE (self), 0);
  return self->record->sent_at;
}

gboolean
schnack_chat_message_is_outgoing (SchnackChatMessage *self)
{
  g_return_val_if_fail (SCHNACK_IS_CHAT_MESSAGE (self), FALSE);
  return self->record->direction == SCHNACK_MESSAGE_DIRECTION_OUTGOING;
}

const char *
schnack_chat_message_get_sender (SchnackChatMessage *self)
{
  g_return_val_if_fail (SCHNACK_IS_CHAT_MESSAGE (self), NULL);
  return self->record->sender;
}

const char *
schnack_chat_message_get_body (SchnackChatMessage *self)
{
  g_return_val_if_fail (SCHNACK_IS_CHAT_MESSAGE (self), NULL);
  return self->record->body;
}

SchnackDeliveryState
schnack_chat_message_get_delivery_state (SchnackChatMessage *self)
{
  g_return_val_if_fail (SCHNACK_IS_CHAT_MESSAGE (self), SCHNACK_DELIVERY_STATE_PENDING);
  return self->record->delivery_state;
}

/* The state only moves forward (or to FAILED); the store enforces the
 * same rule, this keeps the copy in step without re-reading the row. */
void
schnack_chat_message_set_delivery_state (SchnackChatMessage   *self,
                                         SchnackDeliveryState  state)
{
  g_return_if_fail (SCHNACK_IS_CHAT_MESSAGE (self));

  if (self->record->delivery_state == state ||
      !schnack_delivery_state_can_change (self->record->delivery_state, state))
    return;
  self->record->delivery_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELIVERY_STATE]);
}

gboolean
schnack_chat_message_get_starts_day (SchnackChatMessage *self)
{
  g_return_val_if_fail (SCHNACK_IS_CHAT_MESSAGE (self), TRUE);
  return self->starts_day;
}

gboolean
schnack_chat_message_get_starts_group (SchnackChatMessage *self)
{
  g_return_val_if_fail (SCHNACK_IS_CHAT_MESSAGE (self), TRUE);
  return self->starts_group;
}

static gboolean
same_local_day (gint64 a,
                gint64 b)
{
  g_autoptr(GDateTime) day_a = g_date_time_new_from_unix_local (a / G_USEC_PER_SEC);
  g_autoptr(GDateTime) day_b = g_date_time_new_from_unix_local (b / G_USEC_PER_SEC);

  if (day_a == NULL || day_b == NULL)
    return FALSE;
  return g_date_time_get_year (day_a) == g_date_time_get_year (day_b) &&
         g_date_time_get_day_of_year (day_a) == g_date_time_get_day_of_year (day_b);
}

/**
 * schnack_chat_message_place_after:
 * @previous: (nullable): the message shown above this one
 *
 * Works out whether this message opens a new day (a date line above it)
 * and whether it continues the block of the message above (same sender,
 * same direction, a few minutes apart: no name and avatar repeated).
 * The history model calls this whenever a message's neighbour changes,
 * so a list row only binds the two properties.
 */
void
schnack_chat_message_place_after (SchnackChatMessage *self,
                                  SchnackChatMessage *previous)
{
  gboolean starts_day = TRUE;
  gboolean starts_group = TRUE;

  g_return_if_fail (SCHNACK_IS_CHAT_MESSAGE (self));
  g_return_if_fail (previous == NULL || SCHNACK_IS_CHAT_MESSAGE (previous));

  if (previous != NULL)
    {
      const SchnackMessageRecord *before = previous->record;
      const SchnackMessageRecord *now = self->record;

      starts_day = !same_local_day (before->sent_at, now->sent_at);
      starts_group = starts_day ||
                     before->direction != now->direction ||
                     g_strcmp0 (before->sender, now->sender) != 0 ||
                     now->sent_at - before->sent_at > GROUP_GAP;
    }

  if (self->starts_day != starts_day)
    {
      self->starts_day = starts_day;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTS_DAY]);
    }
  if (self->starts_group != starts_group)
    {
      self->starts_group = starts_group;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTS_GROUP]);
    }
}
