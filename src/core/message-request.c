/* message-request.c — messages from people not in the contact list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Strangers' messages are kept (in history, like any other) but shown
 * apart, in "Requests", until the user adds, ignores or blocks the
 * sender: spam never lands among the real conversations.
 */
#include "config.h"

#include "core/message-request.h"
#include "schnack-utils.h"

#define PREVIEW_CHARS 120

struct _SchnackMessageRequest {
  GObject  parent_instance;
  char    *jid;
  char    *preview;
  guint    count;
  gint64   last_at;
};

G_DEFINE_FINAL_TYPE (SchnackMessageRequest, schnack_message_request, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_JID,
  PROP_PREVIEW,
  PROP_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
schnack_message_request_finalize (GObject *object)
{
  SchnackMessageRequest *self = SCHNACK_MESSAGE_REQUEST (object);

  g_free (self->jid);
  g_free (self->preview);
  G_OBJECT_CLASS (schnack_message_request_parent_class)->finalize (object);
}

static void
schnack_message_request_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  SchnackMessageRequest *self = SCHNACK_MESSAGE_REQUEST (object);

  switch (prop_id)
    {
    case PROP_JID:
      g_value_set_string (value, self->jid);
      break;
    case PROP_PREVIEW:
      g_value_set_string (value, self->preview);
      break;
    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_message_request_class_init (SchnackMessageRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = schnack_message_request_finalize;
  object_class->get_property = schnack_message_request_get_property;

  properties[PROP_JID] =
    g_param_spec_string ("jid", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREVIEW] =
    g_param_spec_string ("preview", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schnack_message_request_init (SchnackMessageRequest *self)
{
}

SchnackMessageRequest *
schnack_message_request_new (const char *jid)
{
  SchnackMessageRequest *self = g_object_new (SCHNACK_TYPE_MESSAGE_REQUEST, NULL);

  self->jid = g_strdup (jid);
  return self;
}

const char *
schnack_message_request_get_jid (SchnackMessageRequest *self)
{
  g_return_val_if_fail (SCHNACK_IS_MESSAGE_REQUEST (self), NULL);
  return self->jid;
}

/* The latest message, shortened, as plain text (never markup). */
const char *
schnack_message_request_get_preview (SchnackMessageRequest *self)
{
  g_return_val_if_fail (SCHNACK_IS_MESSAGE_REQUEST (self), NULL);
  return self->preview;
}

guint
schnack_message_request_get_count (SchnackMessageRequest *self)
{
  g_return_val_if_fail (SCHNACK_IS_MESSAGE_REQUEST (self), 0);
  return self->count;
}

gint64
schnack_message_request_get_last_at (SchnackMessageRequest *self)
{
  g_return_val_if_fail (SCHNACK_IS_MESSAGE_REQUEST (self), 0);
  return self->last_at;
}

void
schnack_message_request_add_message (SchnackMessageRequest *self,
                                     const char            *body,
                                     gint64                 sent_at)
{
  g_autofree char *preview = NULL;

  g_return_if_fail (SCHNACK_IS_MESSAGE_REQUEST (self));

  if (body != NULL && g_utf8_validate (body, -1, NULL))
    {
      glong length = g_utf8_strlen (body, -1);

      preview = g_utf8_substring (body, 0, MIN (length, PREVIEW_CHARS));
      /* One line in a list row. */
      g_strdelimit (preview, "\r\n\t", ' ');
    }
  self->count++;
  self->last_at = MAX (self->last_at, sent_at);
  if (schnack_set_str (&self->preview, preview))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEW]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
}
