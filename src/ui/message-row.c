/* message-row.c — one message in the chat view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A date line when the message opens a day, the sender's avatar and
 * name when it opens a block, the text, and for own messages how far it
 * got (sending, sent, delivered, read, not sent + Retry). The message
 * object tells which of these to show (starts-day, starts-group) and
 * notifies changes, so a recycled row only rebinds.
 *
 * The body is network text: it is escaped before it reaches the label's
 * markup, and very long messages are cut (Show More) so one huge body
 * cannot stall the list's layout.
 */
#include "config.h"

#include "ui/message-row.h"
#include "ui/avatar.h"
#include "ui/message-text.h"
#include "core/consistent-color.h"

#include <glib/gi18n.h>
#include <string.h>

struct _SchnackMessageRow {
  GtkWidget           parent_instance;

  GtkLabel           *message_date_label;
  GtkBox             *message_line_box;
  SchnackAvatar      *message_avatar;
  GtkBox             *message_content_box;
  GtkBox             *message_header_box;
  GtkLabel           *message_sender_label;
  GtkLabel           *message_time_label;
  GtkLabel           *message_reply_label;
  GtkLabel           *message_body_label;
  GtkLabel           *message_reactions_label;
  GtkMenuButton      *message_menu_button;
  GtkButton          *message_more_button;
  GtkBox             *message_status_box;
  GtkLabel           *message_edited_label;
  GtkImage           *message_state_image;
  GtkButton          *message_retry_button;

  SchnackChatMessage *message;
  char               *sender_name;
  gboolean            expanded;
  char               *shown_text;  /* the body as shown, for tests and copying */
  SchnackMessageDecorator decorator;
  gpointer            decorator_data;
};

G_DEFINE_FINAL_TYPE (SchnackMessageRow, schnack_message_row, GTK_TYPE_WIDGET)

enum {
  SIGNAL_RETRY,
  SIGNAL_ACTION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * schnack_format_day:
 *
 * The date line above the first message of a day: "Today",
 * "Yesterday", or the full date.
 */
char *
schnack_format_day (gint64 time_us,
                    gint64 now_us)
{
  g_autoptr(GDateTime) then = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) yesterday = NULL;

  if (then == NULL || now == NULL)
    return g_strdup ("");

  yesterday = g_date_time_add_days (now, -1);
  if (g_date_time_get_year (then) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (then) == g_date_time_get_day_of_year (now))
    return g_strdup (_("Today"));
  if (g_date_time_get_year (then) == g_date_time_get_year (yesterday) &&
      g_date_time_get_day_of_year (then) == g_date_time_get_day_of_year (yesterday))
    return g_strdup (_("Yesterday"));
  /* Translators: the date line in a chat, e.g. "Monday, 23 November 2026"; see strftime(3) */
  return g_date_time_format (then, _("%A, %e %B %Y"));
}

static void
update_body (SchnackMessageRow *self)
{
  const SchnackMessageRecord *record = schnack_chat_message_get_record (self->message);
  const char *body = record->body != NULL ? record->body : "";
  gboolean is_long = schnack_message_text_is_long (body);
  g_autofree char *shown = NULL;
  g_autofree char *markup = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->message_edited_label), record->edited && !record->retracted);
  if (record->retracted)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->message_more_button), FALSE);
      g_free (self->shown_text);
      self->shown_text = g_strdup (_("This message was deleted"));
      markup = g_strdup_printf ("<i>%s</i>", self->shown_text);
      gtk_widget_add_css_class (GTK_WIDGET (self->message_body_label), "dim-label");
      gtk_label_set_markup (self->message_body_label, markup);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_body_label), "dim-label");

  /* A huge body is laid out only when asked for. */
  gtk_widget_set_visible (GTK_WIDGET (self->message_more_button), is_long);
  gtk_button_set_label (self->message_more_button, self->expanded ? _("Show Less") : _("Show More"));
  if (is_long && !self->expanded)
    {
      g_autofree char *folded = schnack_message_text_fold (body);

      shown = g_strconcat (folded, "…", NULL);
    }
  else
    shown = g_utf8_make_valid (body, -1);

  if (schnack_message_text_is_me_command (shown))
    {
      markup = schnack_message_text_me_to_markup (self->sender_name, shown);
      g_free (self->shown_text);
      self->shown_text = g_strdup_printf ("* %s %s", self->sender_name, shown + strlen ("/me "));
    }
  else
    {
      markup = schnack_message_text_to_markup (shown);
      g_free (self->shown_text);
      self->shown_text = g_steal_pointer (&shown);
    }
  gtk_label_set_markup (self->message_body_label, markup);
}

static void
update_state (SchnackMessageRow *self)
{
  SchnackDeliveryState state = schnack_chat_message_get_delivery_state (self->message);
  gboolean outgoing = schnack_chat_message_is_outgoing (self->message);
  const char *icon = NULL;
  const char *label = NULL;

  if (outgoing)
    switch (state)
      {
      case SCHNACK_DELIVERY_STATE_PENDING:
      case SCHNACK_DELIVERY_STATE_SENT:
        icon = "content-loading-symbolic";
        label = _("Sending");
        break;
      case SCHNACK_DELIVERY_STATE_ACKED:
        icon = "object-select-symbolic";
        label = _("Sent");
        break;
      case SCHNACK_DELIVERY_STATE_DELIVERED:
        icon = "emblem-ok-symbolic";
        label = _("Delivered");
        break;
      case SCHNACK_DELIVERY_STATE_READ:
        icon = "view-reveal-symbolic";
        label = _("Read");
        break;
      case SCHNACK_DELIVERY_STATE_FAILED:
        icon = "dialog-error-symbolic";
        label = _("Not sent");
        break;
      default:
        break;
      }

  gtk_widget_set_visible (GTK_WIDGET (self->message_state_image), icon != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->message_retry_button),
                          outgoing && state == SCHNACK_DELIVERY_STATE_FAILED);
  if (icon != NULL)
    {
      gtk_image_set_from_icon_name (self->message_state_image, icon);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->message_state_image), label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->message_state_image),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }
  if (state == SCHNACK_DELIVERY_STATE_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self), "failed");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "failed");
}

static void
update_layout (SchnackMessageRow *self)
{
  gboolean starts_day = schnack_chat_message_get_starts_day (self->message);
  gboolean starts_group = schnack_chat_message_get_starts_group (self->message);
  gint64 sent_at = schnack_chat_message_get_sent_at (self->message);

  gtk_widget_set_visible (GTK_WIDGET (self->message_date_label), starts_day);
  if (starts_day)
    {
      g_autofree char *day = schnack_format_day (sent_at, g_get_real_time ());

      gtk_label_set_text (self->message_date_label, day);
    }
  /* Follow-ups keep the text aligned under the first message's. */
  gtk_widget_set_visible (GTK_WIDGET (self->message_header_box), starts_group);
  gtk_widget_set_opacity (GTK_WIDGET (self->message_avatar), starts_group ? 1.0 : 0.0);
  gtk_widget_set_size_request (GTK_WIDGET (self->message_avatar), 32, starts_group ? 32 : 0);
  gtk_widget_set_margin_top (GTK_WIDGET (self->message_line_box), starts_group ? 8 : 0);
}

/* The actions a message offers depend on whose it is and what became
 * of it: only one's own can be corrected or deleted for everyone. */
static GMenuModel *
build_menu (SchnackMessageRow               *self,
            const SchnackMessageDecorations *decorations)
{
  const SchnackMessageRecord *record = schnack_chat_message_get_record (self->message);
  gboolean outgoing = record->direction == SCHNACK_MESSAGE_DIRECTION_OUTGOING;
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) reactions = g_menu_new ();
  g_autoptr(GMenu) main_section = g_menu_new ();
  g_autoptr(GMenu) delete_section = g_menu_new ();
  static const char *quick_reactions[] = { "👍", "❤️", "😂", "😮", "😢", "🙏" };

  if (record->retracted)
    {
      g_menu_append (delete_section, _("Delete for _Me"), "message.delete-local");
      g_menu_append_section (menu, NULL, G_MENU_MODEL (delete_section));
      return G_MENU_MODEL (menu);
    }

  for (guint i = 0; i < G_N_ELEMENTS (quick_reactions); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (quick_reactions[i], NULL);

      g_menu_item_set_action_and_target (item, "message.react", "s", quick_reactions[i]);
      g_menu_append_item (reactions, item);
    }
  if (!decorations->waiting_for_id)
    {
      g_menu_append_submenu (main_section, _("_React"), G_MENU_MODEL (reactions));
      g_menu_append (main_section, _("R_eply"), "message.reply");
    }
  g_menu_append (main_section, _("_Copy Text"), "message.copy");
  if (outgoing && decorations->can_edit)
    g_menu_append (main_section, _("_Edit"), "message.edit");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (main_section));

  if (outgoing && !decorations->waiting_for_id)
    g_menu_append (delete_section, _("Delete for _Everyone"), "message.retract");
  g_menu_append (delete_section, _("Delete for _Me"), "message.delete-local");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (delete_section));
  return G_MENU_MODEL (menu);
}

/* Built when the menu opens, not on every bind: a popover per bind
 * was the costliest part of showing a row while a room floods. */
static void
create_menu (GtkMenuButton *button,
             gpointer       user_data)
{
  SchnackMessageRow *self = user_data;
  SchnackMessageDecorations decorations = { 0 };
  g_autoptr(GMenuModel) menu = NULL;

  if (self->message == NULL)
    return;
  if (self->decorator != NULL)
    self->decorator (self->message, &decorations, self->decorator_data);
  menu = build_menu (self, &decorations);
  gtk_menu_button_set_menu_model (button, menu);
  g_free (decorations.reply_quote);
  g_free (decorations.reactions);
}

static void
update_decorations (SchnackMessageRow *self)
{
  SchnackMessageDecorations decorations = { 0 };

  if (self->decorator != NULL)
    self->decorator (self->message, &decorations, self->decorator_data);

  gtk_widget_set_visible (GTK_WIDGET (self->message_reply_label), decorations.reply_quote != NULL);
  if (decorations.reply_quote != NULL)
    gtk_label_set_text (self->message_reply_label, decorations.reply_quote);
  gtk_widget_set_visible (GTK_WIDGET (self->message_reactions_label), decorations.reactions != NULL);
  if (decorations.reactions != NULL)
    gtk_label_set_text (self->message_reactions_label, decorations.reactions);

  g_free (decorations.reply_quote);
  g_free (decorations.reactions);
}

/* The full date and time, asked for when the pointer rests on the
 * message: setting a tooltip on every bind made GTK ask the X server
 * where the pointer is, each time. */
static gboolean
on_query_time_tooltip (GtkWidget         *widget,
                       int                x,
                       int                y,
                       gboolean           keyboard_mode,
                       GtkTooltip        *tooltip,
                       SchnackMessageRow *self)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *full_time = NULL;

  if (self->message == NULL)
    return FALSE;
  when = g_date_time_new_from_unix_local (schnack_chat_message_get_sent_at (self->message) / G_USEC_PER_SEC);
  if (when == NULL)
    return FALSE;
  full_time = g_date_time_format (when, "%c");
  gtk_tooltip_set_text (tooltip, full_time);
  return TRUE;
}

static void
update_all (SchnackMessageRow *self)
{
  const SchnackMessageRecord *record = schnack_chat_message_get_record (self->message);
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (record->sent_at / G_USEC_PER_SEC);
  g_autofree char *time = when != NULL ? g_date_time_format (when, "%H:%M") : g_strdup ("");

  gtk_label_set_text (self->message_time_label, time);
  update_decorations (self);
  update_body (self);
  update_state (self);
  update_layout (self);
}

static void
on_more_clicked (SchnackMessageRow *self)
{
  self->expanded = !self->expanded;
  update_body (self);
}

static void
on_retry_clicked (SchnackMessageRow *self)
{
  if (self->message != NULL)
    g_signal_emit (self, signals[SIGNAL_RETRY], 0, self->message);
}

static void
on_message_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SchnackMessageRow *self = SCHNACK_MESSAGE_ROW (widget);

  if (self->message == NULL)
    return;
  if (g_str_equal (action_name, "message.copy"))
    {
      gdk_clipboard_set_text (gtk_widget_get_clipboard (widget),
                              self->shown_text != NULL ? self->shown_text : "");
      return;
    }
  /* "message.reply" → "reply", with the emoji for "react". */
  g_signal_emit (self, signals[SIGNAL_ACTION], 0, action_name + strlen ("message."),
                 parameter != NULL ? g_variant_get_string (parameter, NULL) : NULL, self->message);
}

static void
on_secondary_click (GtkGestureClick   *gesture,
                    int                n_press,
                    double             x,
                    double             y,
                    SchnackMessageRow *self)
{
  gtk_menu_button_popup (self->message_menu_button);
}

/* Only what we linked ourselves can be in the markup; GTK opens it. */
static gboolean
on_activate_link (SchnackMessageRow *self,
                  const char        *uri)
{
  return FALSE;
}

/* Rooms: many people, told apart by the colour of their names; a
 * message that names us stands out. */
static void
set_sender_style (SchnackMessageRow          *self,
                  const SchnackMessageSender *sender)
{
  PangoAttrList *attributes = NULL;

  if (sender != NULL && sender->colored)
    {
      double red, green, blue;

      schnack_consistent_color_rgb (sender->color_key != NULL ? sender->color_key : self->sender_name,
                                    &red, &green, &blue);
      attributes = pango_attr_list_new ();
      pango_attr_list_insert (attributes, pango_attr_foreground_new (red * 65535, green * 65535, blue * 65535));
    }
  gtk_label_set_attributes (self->message_sender_label, attributes);
  g_clear_pointer (&attributes, pango_attr_list_unref);
  if (sender != NULL && sender->mentions_me)
    gtk_widget_add_css_class (GTK_WIDGET (self), "mention");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "mention");
}

static void
unbind (SchnackMessageRow *self)
{
  if (self->message != NULL)
    g_signal_handlers_disconnect_by_data (self->message, self);
  g_clear_object (&self->message);
  g_clear_pointer (&self->sender_name, g_free);
  self->expanded = FALSE;
}

static void
schnack_message_row_dispose (GObject *object)
{
  SchnackMessageRow *self = SCHNACK_MESSAGE_ROW (object);

  unbind (self);
  g_clear_pointer (&self->shown_text, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_MESSAGE_ROW);
  G_OBJECT_CLASS (schnack_message_row_parent_class)->dispose (object);
}

static void
schnack_message_row_class_init (SchnackMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = schnack_message_row_dispose;

  /* The user asked to send a failed message again. */
  signals[SIGNAL_RETRY] =
    g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SCHNACK_TYPE_CHAT_MESSAGE);
  /* The user chose an action from the message's menu: "reply", "react"
   * (with the emoji), "edit", "retract" or "delete-local". */
  signals[SIGNAL_ACTION] =
    g_signal_new ("action", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, SCHNACK_TYPE_CHAT_MESSAGE);
  gtk_widget_class_install_action (widget_class, "message.reply", NULL, on_message_action);
  gtk_widget_class_install_action (widget_class, "message.react", "s", on_message_action);
  gtk_widget_class_install_action (widget_class, "message.copy", NULL, on_message_action);
  gtk_widget_class_install_action (widget_class, "message.edit", NULL, on_message_action);
  gtk_widget_class_install_action (widget_class, "message.retract", NULL, on_message_action);
  gtk_widget_class_install_action (widget_class, "message.delete-local", NULL, on_message_action);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackMessageRow, message_date_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackMessageRow, message_line_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackMessageRow, message_avatar);
  gtk_widget_class_bind_template_child (widget_class, SchnackMessageRow, message_content_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackMessageRow, message_header_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackMessageRow, message_sender_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackMessageRow, message_time_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackMessageRow, message_reply_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackMessageRow, message_body_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackMessageRow, message_reactions_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackMessageRow, message_menu_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackMessageRow, message_more_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackMessageRow, message_status_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackMessageRow, message_edited_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackMessageRow, message_state_image);
  gtk_widget_class_bind_template_child (widget_class, SchnackMessageRow, message_retry_button);
  gtk_widget_class_bind_template_callback (widget_class, on_more_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_activate_link);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "messagerow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
schnack_message_row_init (SchnackMessageRow *self)
{
  GtkGesture *secondary;

  g_type_ensure (SCHNACK_TYPE_AVATAR);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->message_menu_button, create_menu, self, NULL);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->message_line_box), TRUE);
  g_signal_connect (self->message_line_box, "query-tooltip", G_CALLBACK (on_query_time_tooltip), self);
  /* Right-click anywhere on the message opens its menu. */
  secondary = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  g_signal_connect (secondary, "pressed", G_CALLBACK (on_secondary_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (secondary));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
}

SchnackMessageRow *
schnack_message_row_new (void)
{
  return g_object_new (SCHNACK_TYPE_MESSAGE_ROW, NULL);
}

/**
 * schnack_message_row_set_message:
 * @message: (nullable): what to show; %NULL when the row is recycled
 * @sender: (nullable): who wrote it
 */
void
schnack_message_row_set_message (SchnackMessageRow          *self,
                                 SchnackChatMessage         *message,
                                 const SchnackMessageSender *sender)
{
  g_return_if_fail (SCHNACK_IS_MESSAGE_ROW (self));
  g_return_if_fail (message == NULL || SCHNACK_IS_CHAT_MESSAGE (message));

  unbind (self);
  if (message == NULL)
    return;

  self->message = g_object_ref (message);
  self->sender_name = g_strdup (sender != NULL && sender->name != NULL ? sender->name
                                                                       : schnack_chat_message_get_sender (message));
  gtk_label_set_text (self->message_sender_label, self->sender_name);
  set_sender_style (self, sender);
  schnack_avatar_set_name (self->message_avatar, self->sender_name);
  schnack_avatar_set_color_key (self->message_avatar, sender != NULL ? sender->color_key : self->sender_name);
  schnack_avatar_set_file (self->message_avatar, sender != NULL ? sender->avatar_file : NULL);

  g_signal_connect_swapped (message, "notify::record", G_CALLBACK (update_all), self);
  g_signal_connect_swapped (message, "notify::delivery-state", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (message, "notify::starts-day", G_CALLBACK (update_layout), self);
  g_signal_connect_swapped (message, "notify::starts-group", G_CALLBACK (update_layout), self);
  update_all (self);
}

SchnackChatMessage *
schnack_message_row_get_message (SchnackMessageRow *self)
{
  g_return_val_if_fail (SCHNACK_IS_MESSAGE_ROW (self), NULL);
  return self->message;
}

/* The text the row shows (after folding, /me), without markup. */
const char *
schnack_message_row_get_shown_text (SchnackMessageRow *self)
{
  g_return_val_if_fail (SCHNACK_IS_MESSAGE_ROW (self), NULL);
  return self->shown_text;
}

/* @decorator: (nullable): asked for the reply quote, the reactions and
 * whether the message may be corrected, each time the row draws */
void
schnack_message_row_set_decorator (SchnackMessageRow       *self,
                                   SchnackMessageDecorator  decorator,
                                   gpointer                 user_data)
{
  g_return_if_fail (SCHNACK_IS_MESSAGE_ROW (self));

  self->decorator = decorator;
  self->decorator_data = user_data;
}
