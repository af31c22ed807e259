/* composer.c — where a message is written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A growing multi-line text field with a Send button. Enter sends,
 * Shift+Enter starts a new line, Up in an empty field asks to correct
 * the last message, Escape leaves a correction or reply. While the user
 * types it reports chat states (XEP-0085): "composing" at the first
 * change, "paused" after a few seconds without one, "active" when the
 * field is emptied or the message sent. What to do with the text is the
 * chat view's business (signals "send", "chat-state", "edit-last",
 * "changed", "context-cancelled").
 */
#include "config.h"

#include "ui/composer.h"

#include <glib/gi18n.h>

/* XEP-0085 suggests "paused" after about this long without typing. */
#define PAUSED_AFTER_SECONDS 5

struct _SchnackComposer {
  GtkWidget          parent_instance;

  GtkBox            *composer_box;
  GtkRevealer       *composer_context_revealer;
  GtkLabel          *composer_context_label;
  GtkButton         *composer_context_cancel_button;
  GtkLabel          *composer_placeholder_label;
  GtkScrolledWindow *composer_scroller;
  GtkTextView       *composer_text_view;
  GtkButton         *composer_send_button;

  const char        *chat_state;     /* the last state reported */
  guint              paused_timeout;
  gboolean           setting_text;   /* set_text() is not typing */
};

G_DEFINE_FINAL_TYPE (SchnackComposer, schnack_composer, GTK_TYPE_WIDGET)

enum {
  SIGNAL_SEND,
  SIGNAL_CHAT_STATE,
  SIGNAL_EDIT_LAST,
  SIGNAL_CHANGED,
  SIGNAL_CONTEXT_CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
report_chat_state (SchnackComposer *self,
                   const char      *state)
{
  if (g_strcmp0 (self->chat_state, state) == 0)
    return;
  self->chat_state = state;
  g_signal_emit (self, signals[SIGNAL_CHAT_STATE], 0, state);
}

static gboolean
on_paused_timeout (gpointer user_data)
{
  SchnackComposer *self = user_data;

  self->paused_timeout = 0;
  report_chat_state (self, "paused");
  return G_SOURCE_REMOVE;
}

static gboolean
text_is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static void
on_buffer_changed (SchnackComposer *self)
{
  g_autofree char *text = schnack_composer_dup_text (self);
  gboolean blank = text_is_blank (text);

  gtk_widget_set_sensitive (GTK_WIDGET (self->composer_send_button), !blank);
  gtk_widget_set_visible (GTK_WIDGET (self->composer_placeholder_label), *text == '\0');
  if (self->setting_text)
    return;

  g_clear_handle_id (&self->paused_timeout, g_source_remove);
  if (blank)
    report_chat_state (self, "active");
  else
    {
      report_chat_state (self, "composing");
      self->paused_timeout = g_timeout_add_seconds (PAUSED_AFTER_SECONDS, on_paused_timeout, self);
    }
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/**
 * schnack_composer_send:
 *
 * Hands the text to whoever listens to "send" and empties the field —
 * unless it is blank.
 */
void
schnack_composer_send (SchnackComposer *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (SCHNACK_IS_COMPOSER (self));

  text = schnack_composer_dup_text (self);
  if (text_is_blank (text))
    return;
  g_clear_handle_id (&self->paused_timeout, g_source_remove);
  /* A sent message says "active" itself; no separate notice. */
  self->chat_state = "active";
  self->setting_text = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->composer_text_view), "", -1);
  self->setting_text = FALSE;
  g_signal_emit (self, signals[SIGNAL_SEND], 0, g_strstrip (text));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_send_clicked (SchnackComposer *self)
{
  schnack_composer_send (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->composer_text_view));
}

static void
on_context_cancel_clicked (SchnackComposer *self)
{
  schnack_composer_set_context (self, NULL);
  g_signal_emit (self, signals[SIGNAL_CONTEXT_CANCELLED], 0);
}

static gboolean
on_key_pressed (SchnackComposer       *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  gboolean plain = (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK)) == 0;

  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && plain)
    {
      schnack_composer_send (self);
      return GDK_EVENT_STOP;
    }
  if (keyval == GDK_KEY_Up && plain)
    {
      g_autofree char *text = schnack_composer_dup_text (self);

      if (*text == '\0')
        {
          g_signal_emit (self, signals[SIGNAL_EDIT_LAST], 0);
          return GDK_EVENT_STOP;
        }
    }
  if (keyval == GDK_KEY_Escape && schnack_composer_has_context (self))
    {
      on_context_cancel_clicked (self);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
schnack_composer_dispose (GObject *object)
{
  SchnackComposer *self = SCHNACK_COMPOSER (object);

  g_clear_handle_id (&self->paused_timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_COMPOSER);
  G_OBJECT_CLASS (schnack_composer_parent_class)->dispose (object);
}

static void
schnack_composer_class_init (SchnackComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_composer_dispose;

  /* The text to send, trimmed, never blank. */
  signals[SIGNAL_SEND] =
    g_signal_new ("send", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* "composing", "paused" or "active" (XEP-0085). */
  signals[SIGNAL_CHAT_STATE] =
    g_signal_new ("chat-state", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* Up in an empty field: correct the last own message. */
  signals[SIGNAL_EDIT_LAST] =
    g_signal_new ("edit-last", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The user changed the text (for drafts). */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The correction or reply shown above the field was cancelled. */
  signals[SIGNAL_CONTEXT_CANCELLED] =
    g_signal_new ("context-cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/composer.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackComposer, composer_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackComposer, composer_context_revealer);
  gtk_widget_class_bind_template_child (widget_class, SchnackComposer, composer_context_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackComposer, composer_context_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackComposer, composer_placeholder_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackComposer, composer_scroller);
  gtk_widget_class_bind_template_child (widget_class, SchnackComposer, composer_text_view);
  gtk_widget_class_bind_template_child (widget_class, SchnackComposer, composer_send_button);
  gtk_widget_class_bind_template_callback (widget_class, on_send_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_context_cancel_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "composer");
}

static void
schnack_composer_init (SchnackComposer *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->composer_text_view), keys);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->composer_text_view), "changed",
                            G_CALLBACK (on_buffer_changed), self);
  self->chat_state = "active";
}

SchnackComposer *
schnack_composer_new (void)
{
  return g_object_new (SCHNACK_TYPE_COMPOSER, NULL);
}

/* Returns: (transfer full): the text as typed */
char *
schnack_composer_dup_text (SchnackComposer *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (SCHNACK_IS_COMPOSER (self), NULL);

  buffer = gtk_text_view_get_buffer (self->composer_text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Replaces the text without it counting as typing (a draft, a message
 * to correct). */
void
schnack_composer_set_text (SchnackComposer *self,
                           const char      *text)
{
  GtkTextBuffer *buffer;
  GtkTextIter end;

  g_return_if_fail (SCHNACK_IS_COMPOSER (self));

  buffer = gtk_text_view_get_buffer (self->composer_text_view);
  self->setting_text = TRUE;
  gtk_text_buffer_set_text (buffer, text != NULL ? text : "", -1);
  self->setting_text = FALSE;
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  g_clear_handle_id (&self->paused_timeout, g_source_remove);
  self->chat_state = "active";
}

void
schnack_composer_set_placeholder (SchnackComposer *self,
                                  const char      *placeholder)
{
  g_return_if_fail (SCHNACK_IS_COMPOSER (self));

  gtk_label_set_text (self->composer_placeholder_label, placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->composer_text_view),
                                  GTK_ACCESSIBLE_PROPERTY_PLACEHOLDER, placeholder, -1);
}

/**
 * schnack_composer_set_context:
 * @context: (nullable): a line above the field, e.g. "Correcting: …";
 *   %NULL hides it
 */
void
schnack_composer_set_context (SchnackComposer *self,
                              const char      *context)
{
  g_return_if_fail (SCHNACK_IS_COMPOSER (self));

  if (context != NULL)
    gtk_label_set_text (self->composer_context_label, context);
  gtk_revealer_set_reveal_child (self->composer_context_revealer, context != NULL);
}

gboolean
schnack_composer_has_context (SchnackComposer *self)
{
  g_return_val_if_fail (SCHNACK_IS_COMPOSER (self), FALSE);
  return gtk_revealer_get_reveal_child (self->composer_context_revealer);
}

void
schnack_composer_focus (SchnackComposer *self)
{
  g_return_if_fail (SCHNACK_IS_COMPOSER (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->composer_text_view));
}

GtkTextView *
schnack_composer_get_text_view (SchnackComposer *self)
{
  g_return_val_if_fail (SCHNACK_IS_COMPOSER (self), NULL);
  return self->composer_text_view;
}
