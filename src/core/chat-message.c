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
};

G_DEFINE_FINAL_TYPE (SchnackChatMessage, schnack_chat_message, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RECORD,
  PROP_DELIVERY_STATE,
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
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schnack_chat_message_init (SchnackChatMessage *self)
{
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
