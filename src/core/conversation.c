/* conversation.c — one chat in the conversation list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A read-only view of a row of the conversations table for the UI to
 * bind to: the list (conversation-list.c) feeds it fresh rows and each
 * property that changed is notified. The preview is the newest message
 * as stored — network text: the UI must show it as plain text.
 */
#include "config.h"

#include "core/conversation.h"

struct _SchnackConversation {
  GObject                    parent_instance;
  SchnackConversationRecord *record;
};

G_DEFINE_FINAL_TYPE (SchnackConversation, schnack_conversation, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (SchnackNotifyLevel, schnack_notify_level,
                    G_DEFINE_ENUM_VALUE (SCHNACK_NOTIFY_DEFAULT, "default"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_NOTIFY_ALL, "all"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_NOTIFY_MENTIONS, "mentions"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_NOTIFY_NEVER, "never"))

enum {
  PROP_0,
  PROP_JID,
  PROP_LAST_ACTIVITY,
  PROP_UNREAD_COUNT,
  PROP_PINNED,
  PROP_PREVIEW,
  PROP_DRAFT,
  PROP_NOTIFY_LEVEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
schnack_conversation_finalize (GObject *object)
{
  SchnackConversation *self = SCHNACK_CONVERSATION (object);

  schnack_conversation_record_free (self->record);
  G_OBJECT_CLASS (schnack_conversation_parent_class)->finalize (object);
}

static void
schnack_conversation_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SchnackConversation *self = SCHNACK_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_JID:
      g_value_set_string (value, self->record->jid);
      break;
    case PROP_LAST_ACTIVITY:
      g_value_set_int64 (value, self->record->last_activity);
      break;
    case PROP_UNREAD_COUNT:
      g_value_set_uint (value, self->record->unread_count);
      break;
    case PROP_PINNED:
      g_value_set_boolean (value, self->record->pinned);
      break;
    case PROP_PREVIEW:
      g_value_set_string (value, self->record->last_body);
      break;
    case PROP_NOTIFY_LEVEL:
      g_value_set_enum (value, self->record->notify_level);
      break;
    case PROP_DRAFT:
      g_value_set_string (value, self->record->draft);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_conversation_class_init (SchnackConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = schnack_conversation_finalize;
  object_class->get_property = schnack_conversation_get_property;

  properties[PROP_JID] =
    g_param_spec_string ("jid", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ACTIVITY] =
    g_param_spec_int64 ("last-activity", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNREAD_COUNT] =
    g_param_spec_uint ("unread-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PINNED] =
    g_param_spec_boolean ("pinned", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREVIEW] =
    g_param_spec_string ("preview", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DRAFT] =
    g_param_spec_string ("draft", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTIFY_LEVEL] =
    g_param_spec_enum ("notify-level", NULL, NULL, SCHNACK_TYPE_NOTIFY_LEVEL, SCHNACK_NOTIFY_DEFAULT,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schnack_conversation_init (SchnackConversation *self)
{
}

SchnackConversation *
schnack_conversation_new (const SchnackConversationRecord *record)
{
  SchnackConversation *self;

  g_return_val_if_fail (record != NULL && record->jid != NULL, NULL);

  self = g_object_new (SCHNACK_TYPE_CONVERSATION, NULL);
  self->record = schnack_conversation_record_copy (record);
  return self;
}

/* Takes in a fresher row of the same chat; notifies what changed. */
void
schnack_conversation_update (SchnackConversation             *self,
                             const SchnackConversationRecord *record)
{
  SchnackConversationRecord *old;

  g_return_if_fail (SCHNACK_IS_CONVERSATION (self));
  g_return_if_fail (record != NULL && g_strcmp0 (record->jid, self->record->jid) == 0);

  old = g_steal_pointer (&self->record);
  self->record = schnack_conversation_record_copy (record);
  g_object_freeze_notify (G_OBJECT (self));
  if (old->last_activity != record->last_activity)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ACTIVITY]);
  if (old->unread_count != record->unread_count)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD_COUNT]);
  if (old->pinned != record->pinned)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PINNED]);
  if (g_strcmp0 (old->last_body, record->last_body) != 0 || old->last_direction != record->last_direction)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEW]);
  if (g_strcmp0 (old->draft, record->draft) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT]);
  if (old->notify_level != record->notify_level)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTIFY_LEVEL]);
  g_object_thaw_notify (G_OBJECT (self));
  schnack_conversation_record_free (old);
}

gint64
schnack_conversation_get_account_id (SchnackConversation *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATION (self), 0);
  return self->record->account_id;
}

const char *
schnack_conversation_get_jid (SchnackConversation *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATION (self), NULL);
  return self->record->jid;
}

SchnackConversationKind
schnack_conversation_get_kind (SchnackConversation *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATION (self), SCHNACK_CONVERSATION_KIND_CHAT);
  return self->record->kind;
}

gint64
schnack_conversation_get_last_activity (SchnackConversation *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATION (self), 0);
  return self->record->last_activity;
}

guint
schnack_conversation_get_unread_count (SchnackConversation *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATION (self), 0);
  return self->record->unread_count;
}

gboolean
schnack_conversation_get_pinned (SchnackConversation *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATION (self), FALSE);
  return self->record->pinned;
}

/* Returns: (nullable): the start of the newest message, as plain text */
const char *
schnack_conversation_get_preview (SchnackConversation *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATION (self), NULL);
  return self->record->last_body;
}

gboolean
schnack_conversation_get_preview_is_own (SchnackConversation *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATION (self), FALSE);
  return self->record->last_direction == SCHNACK_MESSAGE_DIRECTION_OUTGOING;
}

const char *
schnack_conversation_get_draft (SchnackConversation *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATION (self), NULL);
  return self->record->draft;
}

/* The list's order, the same as the store's: pinned first, then the
 * newest activity, then by address so the order is stable. */
int
schnack_conversation_compare (SchnackConversation *a,
                              SchnackConversation *b)
{
  if (a->record->pinned != b->record->pinned)
    return a->record->pinned ? -1 : 1;
  if (a->record->last_activity != b->record->last_activity)
    return a->record->last_activity > b->record->last_activity ? -1 : 1;
  return g_strcmp0 (a->record->jid, b->record->jid);
}

/* The newest message was withdrawn by its sender (its preview is empty). */
gboolean
schnack_conversation_get_preview_is_retracted (SchnackConversation *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATION (self), FALSE);
  return self->record->last_retracted;
}

/* What the user chose for this chat (%SCHNACK_NOTIFY_DEFAULT if nothing). */
SchnackNotifyLevel
schnack_conversation_get_notify_level (SchnackConversation *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATION (self), SCHNACK_NOTIFY_DEFAULT);
  return self->record->notify_level;
}

/* What applies: the choice, or the default of its kind — in a room
 * every message notifying would be noise, in a chat each is for us. */
SchnackNotifyLevel
schnack_conversation_get_effective_notify_level (SchnackConversation *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATION (self), SCHNACK_NOTIFY_ALL);
  if (self->record->notify_level != SCHNACK_NOTIFY_DEFAULT)
    return self->record->notify_level;
  return self->record->kind == SCHNACK_CONVERSATION_KIND_GROUPCHAT ? SCHNACK_NOTIFY_MENTIONS : SCHNACK_NOTIFY_ALL;
}

/**
 * schnack_conversation_notifies:
 * @mentions_us: the message names our nickname (rooms)
 *
 * Whether a new message here should notify. In a one-to-one chat
 * "mentions only" means every message: each one is addressed to us.
 */
gboolean
schnack_conversation_notifies (SchnackConversation *self,
                               gboolean             mentions_us)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATION (self), FALSE);

  switch (schnack_conversation_get_effective_notify_level (self))
    {
    case SCHNACK_NOTIFY_NEVER:
      return FALSE;
    case SCHNACK_NOTIFY_MENTIONS:
      return mentions_us || self->record->kind != SCHNACK_CONVERSATION_KIND_GROUPCHAT;
    case SCHNACK_NOTIFY_DEFAULT:
    case SCHNACK_NOTIFY_ALL:
    default:
      return TRUE;
    }
}
