/* conversation-row.c — one chat in the conversation list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Avatar, name, time of the last message, a one-line preview (or the
 * draft) and the unread count. A recycled GtkListView row: setting a
 * chat connects to it, and every change of the chat or its contact
 * redraws the row. The preview is network text and is shown as plain
 * text, never as markup.
 */
#include "config.h"

#include "ui/conversation-row.h"
#include "ui/room-names.h"
#include "ui/avatar.h"
#include "ui/message-text.h"

#include <glib/gi18n.h>
#include <string.h>

struct _SchnackConversationRow {
  GtkWidget            parent_instance;

  SchnackAvatar       *conversation_avatar;
  GtkBox              *conversation_text_box;
  GtkLabel            *conversation_name_label;
  GtkImage            *conversation_pinned_image;
  GtkImage            *conversation_muted_image;
  GtkLabel            *conversation_time_label;
  GtkLabel            *conversation_preview_label;
  GtkLabel            *conversation_unread_label;

  SchnackConversation *conversation;
  SchnackContact      *contact;
  GtkWidget           *menu;   /* right-click: pin, close */
  SchnackRoomList     *rooms;     /* a group chat's account: its rooms */
  SchnackRoom         *room;      /* … and the one it is: its name is the row's */
};

G_DEFINE_FINAL_TYPE (SchnackConversationRow, schnack_conversation_row, GTK_TYPE_WIDGET)

enum {
  SIGNAL_ACTION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * schnack_format_chat_time:
 *
 * The time of a message as chat lists show it: the clock time today,
 * "Yesterday", the weekday within the last week, else the date.
 */
char *
schnack_format_chat_time (gint64 time_us,
                          gint64 now_us)
{
  g_autoptr(GDateTime) then = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) then_day = NULL;
  g_autoptr(GDateTime) today = NULL;
  GTimeSpan days;

  if (then == NULL || now == NULL)
    return g_strdup ("");

  then_day = g_date_time_new_local (g_date_time_get_year (then), g_date_time_get_month (then),
                                    g_date_time_get_day_of_month (then), 0, 0, 0);
  today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), 0, 0, 0);
  days = g_date_time_difference (today, then_day) / G_TIME_SPAN_DAY;

  if (days <= 0)
    return g_date_time_format (then, "%H:%M");
  if (days == 1)
    return g_strdup (_("Yesterday"));
  if (days < 7)
    return g_date_time_format (then, "%A");
  if (g_date_time_get_year (then) == g_date_time_get_year (now))
    /* Translators: a date in this year, e.g. "23 Nov"; see strftime(3) */
    return g_date_time_format (then, _("%e %b"));
  return g_date_time_format (then, "%x");
}

static char *
one_line (const char *text)
{
  return schnack_message_text_to_plain_preview (text, 160);
}

static void
update (SchnackConversationRow *self)
{
  SchnackConversation *conversation = self->conversation;
  const char *name;
  g_autofree char *room_name = NULL;
  gboolean muted;
  const char *draft;
  const char *preview;
  g_autofree char *time = NULL;
  g_autofree char *preview_line = NULL;
  g_autofree char *accessible = NULL;
  guint unread;

  if (conversation == NULL)
    return;

  if (schnack_conversation_get_kind (conversation) == SCHNACK_CONVERSATION_KIND_GROUPCHAT)
    name = room_name = schnack_room_dup_display_name (self->room, schnack_conversation_get_jid (conversation));
  else if (self->contact != NULL)
    name = schnack_contact_get_display_name (self->contact);
  else
    name = schnack_conversation_get_jid (conversation);
  gtk_label_set_text (self->conversation_name_label, name);
  schnack_avatar_set_name (self->conversation_avatar, name);
  schnack_avatar_set_file (self->conversation_avatar,
                           self->contact != NULL ? schnack_contact_get_avatar_file (self->contact) : NULL);

  time = schnack_format_chat_time (schnack_conversation_get_last_activity (conversation), g_get_real_time ());
  gtk_label_set_text (self->conversation_time_label, time);

  draft = schnack_conversation_get_draft (conversation);
  preview = schnack_conversation_get_preview (conversation);
  if (draft != NULL)
    {
      g_autofree char *line = one_line (draft);
      /* Translators: the conversation list's preview of an unsent message */
      preview_line = g_strdup_printf (_("Draft: %s"), line);
    }
  else if (schnack_conversation_get_preview_is_retracted (conversation))
    preview_line = g_strdup (_("This message was deleted"));
  else if (preview != NULL && schnack_conversation_get_preview_is_own (conversation))
    {
      g_autofree char *line = one_line (preview);
      /* Translators: the conversation list's preview of one's own last message */
      preview_line = g_strdup_printf (_("You: %s"), line);
    }
  else
    preview_line = one_line (preview != NULL ? preview : "");
  gtk_label_set_text (self->conversation_preview_label, preview_line);

  unread = schnack_conversation_get_unread_count (conversation);
  if (unread > 0)
    {
      g_autofree char *count = unread > 999 ? g_strdup ("999+") : g_strdup_printf ("%u", unread);

      gtk_label_set_text (self->conversation_unread_label, count);
      gtk_widget_add_css_class (GTK_WIDGET (self), "unread");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "unread");
  gtk_widget_set_visible (GTK_WIDGET (self->conversation_unread_label), unread > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->conversation_pinned_image),
                          schnack_conversation_get_pinned (conversation));
  muted = schnack_conversation_get_notify_level (conversation) == SCHNACK_NOTIFY_NEVER;
  gtk_widget_set_visible (GTK_WIDGET (self->conversation_muted_image), muted);
  if (muted)
    gtk_widget_add_css_class (GTK_WIDGET (self), "muted");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "muted");

  /* Screen readers hear the whole row at once, as they would see it. */
  if (unread > 0)
    accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u unread message, %s",
                                               "%s, %u unread messages, %s", unread),
                                  name, unread, preview_line);
  else
    accessible = g_strdup_printf ("%s, %s", name, preview_line);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
on_row_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SchnackConversationRow *self = SCHNACK_CONVERSATION_ROW (widget);

  if (self->conversation != NULL)
    g_signal_emit (self, signals[SIGNAL_ACTION], 0, action_name + strlen ("conversation."), self->conversation);
}

static void
on_secondary_click (GtkGestureClick        *gesture,
                    int                     n_press,
                    double                  x,
                    double                  y,
                    SchnackConversationRow *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GdkRectangle where = { (int) x, (int) y, 1, 1 };

  if (self->conversation == NULL)
    return;
  g_menu_append (menu, schnack_conversation_get_pinned (self->conversation) ? _("_Unpin") : _("_Pin"),
                 "conversation.pin");
  g_menu_append (menu, _("_Close Chat"), "conversation.close");
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->menu), G_MENU_MODEL (menu));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &where);
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
unbind (SchnackConversationRow *self)
{
  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_data (self->conversation, self);
  if (self->contact != NULL)
    g_signal_handlers_disconnect_by_data (self->contact, self);
  if (self->room != NULL)
    g_signal_handlers_disconnect_by_data (self->room, self);
  if (self->rooms != NULL)
    g_signal_handlers_disconnect_by_data (self->rooms, self);
  g_clear_object (&self->rooms);
  g_clear_object (&self->conversation);
  g_clear_object (&self->contact);
  g_clear_object (&self->room);
}

static void
schnack_conversation_row_dispose (GObject *object)
{
  SchnackConversationRow *self = SCHNACK_CONVERSATION_ROW (object);

  unbind (self);
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_CONVERSATION_ROW);
  G_OBJECT_CLASS (schnack_conversation_row_parent_class)->dispose (object);
}

static void
schnack_conversation_row_class_init (SchnackConversationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_conversation_row_dispose;

  /* From the row's menu: "pin" (toggles) or "close". */
  signals[SIGNAL_ACTION] =
    g_signal_new ("action", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, SCHNACK_TYPE_CONVERSATION);
  gtk_widget_class_install_action (widget_class, "conversation.pin", NULL, on_row_action);
  gtk_widget_class_install_action (widget_class, "conversation.close", NULL, on_row_action);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/conversation-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackConversationRow, conversation_avatar);
  gtk_widget_class_bind_template_child (widget_class, SchnackConversationRow, conversation_text_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackConversationRow, conversation_name_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackConversationRow, conversation_pinned_image);
  gtk_widget_class_bind_template_child (widget_class, SchnackConversationRow, conversation_muted_image);
  gtk_widget_class_bind_template_child (widget_class, SchnackConversationRow, conversation_time_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackConversationRow, conversation_preview_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackConversationRow, conversation_unread_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "conversationrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
schnack_conversation_row_init (SchnackConversationRow *self)
{
  GtkGesture *secondary;

  g_type_ensure (SCHNACK_TYPE_AVATAR);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->menu = gtk_popover_menu_new_from_model (NULL);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
  secondary = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  g_signal_connect (secondary, "pressed", G_CALLBACK (on_secondary_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (secondary));
}

SchnackConversationRow *
schnack_conversation_row_new (void)
{
  return g_object_new (SCHNACK_TYPE_CONVERSATION_ROW, NULL);
}

/**
 * schnack_conversation_row_set_conversation:
 * @conversation: (nullable): the chat; %NULL when the row is recycled
 * @contact: (nullable): the person on the contact list, if they are
 */
void
schnack_conversation_row_set_conversation (SchnackConversationRow *self,
                                           SchnackConversation    *conversation,
                                           SchnackContact         *contact)
{
  g_return_if_fail (SCHNACK_IS_CONVERSATION_ROW (self));
  g_return_if_fail (conversation == NULL || SCHNACK_IS_CONVERSATION (conversation));
  g_return_if_fail (contact == NULL || SCHNACK_IS_CONTACT (contact));

  unbind (self);
  if (conversation == NULL)
    return;

  self->conversation = g_object_ref (conversation);
  g_signal_connect_swapped (conversation, "notify", G_CALLBACK (update), self);
  if (contact != NULL)
    {
      self->contact = g_object_ref (contact);
      g_signal_connect_swapped (contact, "notify::display-name", G_CALLBACK (update), self);
      g_signal_connect_swapped (contact, "notify::avatar-file", G_CALLBACK (update), self);
    }
  schnack_avatar_set_color_key (self->conversation_avatar, schnack_conversation_get_jid (conversation));
  update (self);
}

/* The room may join (bookmarks at sign-in) after the row was bound. */
static void
find_room (SchnackConversationRow *self)
{
  SchnackRoom *room = self->rooms != NULL && self->conversation != NULL
                      ? schnack_room_list_find (self->rooms, schnack_conversation_get_jid (self->conversation))
                      : NULL;

  if (room == self->room)
    return;
  if (self->room != NULL)
    g_signal_handlers_disconnect_by_data (self->room, self);
  g_set_object (&self->room, room);
  if (room != NULL)
    g_signal_connect_swapped (room, "notify::name", G_CALLBACK (update), self);
  update (self);
}

/**
 * schnack_conversation_row_set_room_list:
 * @rooms: (nullable): the rooms of the account whose group chat the
 *   row's conversation is
 *
 * After schnack_conversation_row_set_conversation(): the row is named
 * after the room.
 */
void
schnack_conversation_row_set_room_list (SchnackConversationRow *self,
                                        SchnackRoomList        *rooms)
{
  g_return_if_fail (SCHNACK_IS_CONVERSATION_ROW (self));
  g_return_if_fail (rooms == NULL || SCHNACK_IS_ROOM_LIST (rooms));

  if (self->rooms != NULL)
    g_signal_handlers_disconnect_by_data (self->rooms, self);
  g_set_object (&self->rooms, rooms);
  if (rooms != NULL)
    g_signal_connect_object (rooms, "items-changed",
                             G_CALLBACK (find_room), self, G_CONNECT_SWAPPED);
  find_room (self);
}

SchnackConversation *
schnack_conversation_row_get_conversation (SchnackConversationRow *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATION_ROW (self), NULL);
  return self->conversation;
}
