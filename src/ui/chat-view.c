/* chat-view.c — one chat: its history and the composer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkListView over the chat's SchnackMessageHistory (paged from the
 * store: scrolling near the top loads the page before, near the bottom
 * after a jump the page after), kept at the newest message while the
 * user is there, with a button back to it otherwise. Below, who is
 * typing and the composer: its text goes out through the account's
 * outbox, its draft is kept per chat in the store, its typing through
 * chat states. The chat is marked read while it is on screen, scrolled
 * to the end, in the focused window.
 */
#include "config.h"

#include "ui/chat-view.h"
#include "ui/composer.h"
#include "ui/message-row.h"
#include "ui/message-text.h"
#include "ui/room-names.h"
#include "ui/room-presence-notes.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* How close to an end (in pixels) counts as "there". */
#define EDGE_DISTANCE 8
/* Start loading the previous page this many screens before the top. */
#define PRELOAD_SCREENS 1.5
/* Following the end, the history keeps this many of the newest
 * messages and forgets older ones once it holds twice as many: a room
 * flooding for hours costs a bounded window, not all of it (scrolling
 * up reads them back from the store). More than the ~200 rows GTK 4.8's
 * list keeps around the view: dropping a message with a row destroys
 * the row, and making rows anew costs more than keeping messages. */
#define KEPT_AT_END 300
/* Drafts are written this long after the last keystroke. */
#define DRAFT_SAVE_DELAY_MS 600

struct _SchnackChatView {
  GtkWidget              parent_instance;

  AdwToastOverlay       *chat_toast_overlay;
  GtkScrolledWindow     *chat_scroller;
  GtkListView           *chat_list_view;
  GtkButton             *chat_jump_button;
  GtkLabel              *chat_typing_label;
  SchnackComposer       *chat_composer;

  SchnackAccount        *account;
  char                  *jid;
  SchnackContact        *contact;    /* nullable: not everyone is on the list */
  SchnackRoom           *room;       /* nullable: the chat is this group chat */
  SchnackRoomPresenceNotes *room_notes;
  guint                  room_note_timeout;
  SchnackMessageHistory *history;
  GtkNoSelection        *selection;

  gint64                 editing_id;    /* the message being corrected, or 0 */
  gint64                 replying_to_id; /* the message being answered, or 0 */
  gboolean               stick_to_end;  /* follow new messages */
  gboolean               scrolling;     /* we move the view, not the user */
  guint                  page_idle;
  guint                  end_idle;
  gboolean               end_pending;   /* scrolled to the end, not there yet */
  guint                  show_tick;
  guint                  shown_position; /* a search result to scroll to */
  guint                  draft_timeout;
};

G_DEFINE_FINAL_TYPE (SchnackChatView, schnack_chat_view, GTK_TYPE_WIDGET)

static void
show_error (SchnackChatView *self,
            const char      *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->chat_toast_overlay, toast);
}

static const char *
peer_name (SchnackChatView *self)
{
  return self->contact != NULL ? schnack_contact_get_display_name (self->contact) : self->jid;
}

/* ------------------------------------------------------------ reading */

static gboolean
window_is_active (SchnackChatView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return root != NULL && GTK_IS_WINDOW (root) && gtk_window_is_active (GTK_WINDOW (root)) &&
         gtk_widget_get_mapped (GTK_WIDGET (self));
}

static void
maybe_mark_read (SchnackChatView *self)
{
  SchnackConversationList *list;
  SchnackConversation *conversation;
  g_autoptr(GError) error = NULL;

  if (self->account == NULL || !self->stick_to_end || !window_is_active (self) ||
      schnack_message_history_has_newer (self->history))
    return;

  list = schnack_account_get_conversations (self->account);
  conversation = schnack_conversation_list_find (list, self->jid);
  if (conversation == NULL || schnack_conversation_get_unread_count (conversation) == 0)
    return;
  if (!schnack_account_mark_conversation_displayed (self->account, self->jid, &error))
    g_warning ("Could not mark the chat with %s read: %s", self->jid, error->message);
}

/* ------------------------------------------------------------ scrolling */

static GtkAdjustment *
vadjustment (SchnackChatView *self)
{
  return gtk_scrolled_window_get_vadjustment (self->chat_scroller);
}

static gboolean
adjustment_at_end (GtkAdjustment *adjustment)
{
  return gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment)
         >= gtk_adjustment_get_upper (adjustment) - EDGE_DISTANCE;
}

gboolean
schnack_chat_view_is_at_end (SchnackChatView *self)
{
  g_return_val_if_fail (SCHNACK_IS_CHAT_VIEW (self), FALSE);
  return self->stick_to_end;
}

static gboolean
scroll_to_end_now (gpointer user_data)
{
  SchnackChatView *self = user_data;
  GtkAdjustment *adjustment = vadjustment (self);
  guint n = self->history != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->history)) : 0;

  self->end_idle = 0;
  self->end_pending = TRUE;
  self->scrolling = TRUE;
  if (n > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->chat_list_view), "list.scroll-to-item", "u", n - 1);
  /* Whoever asked for the end follows it: older messages can go — once
   * the list has moved its rows to the end, so none of them goes too. */
  if (n > 2 * KEPT_AT_END)
    schnack_message_history_trim_older (self->history, KEPT_AT_END);
  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
  self->scrolling = FALSE;
  return G_SOURCE_REMOVE;
}

/* Puts the newest message at the bottom — after the current layout:
 * inside an allocation (where "upper" changes are notified) GTK 4.8's
 * list ignores a request to scroll. */
static void
scroll_to_end (SchnackChatView *self)
{
  if (self->end_idle == 0)
    self->end_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 20, scroll_to_end_now, self, NULL);
}

static void
update_jump_button (SchnackChatView *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->chat_jump_button),
                          self->history != NULL &&
                          (!self->stick_to_end || schnack_message_history_has_newer (self->history)));
}

static gboolean
load_pages (gpointer user_data)
{
  SchnackChatView *self = user_data;
  GtkAdjustment *adjustment = vadjustment (self);
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);
  g_autoptr(GError) error = NULL;

  self->page_idle = 0;
  if (self->history == NULL)
    return G_SOURCE_REMOVE;

  /* At the end nobody is reading old pages: while the list measures its
   * first rows the view can pass the top for a moment. */
  if (self->stick_to_end)
    ;
  else if (value < page * PRELOAD_SCREENS && schnack_message_history_has_older (self->history))
    {
      if (!schnack_message_history_load_older (self->history, &error))
        show_error (self, error->message);
    }
  else if (value + page > upper - page * PRELOAD_SCREENS && schnack_message_history_has_newer (self->history))
    {
      if (!schnack_message_history_load_newer (self->history, &error))
        show_error (self, error->message);
    }
  update_jump_button (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_page_load (SchnackChatView *self)
{
  if (self->page_idle == 0)
    self->page_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, load_pages, self, NULL);
}

static void
on_scrolled (SchnackChatView *self)
{
  GtkAdjustment *adjustment = vadjustment (self);
  gboolean at_end = adjustment_at_end (adjustment) && !schnack_message_history_has_newer (self->history);

  /* On the way to the end the list re-measures rows and moves the view
   * on its own; once there, leaving the end is the user's doing. */
  if (self->end_pending)
    {
      if (at_end)
        {
          self->end_pending = FALSE;
          self->stick_to_end = TRUE;
        }
      else
        scroll_to_end (self);
    }
  else if (!self->scrolling)
    self->stick_to_end = at_end;

  update_jump_button (self);
  schedule_page_load (self);
  maybe_mark_read (self);
}

/* The list grew (rows measured, messages arrived): stay at the end if
 * the user was there. */
static void
on_upper_changed (SchnackChatView *self)
{
  if (self->stick_to_end)
    scroll_to_end (self);
}

static void
on_jump_clicked (SchnackChatView *self)
{
  g_autoptr(GError) error = NULL;

  if (self->history != NULL && !schnack_message_history_load_latest (self->history, &error))
    show_error (self, error->message);
  self->stick_to_end = TRUE;
  scroll_to_end (self);
  update_jump_button (self);
  maybe_mark_read (self);
}

static void
on_history_changed (SchnackChatView *self)
{
  if (self->stick_to_end)
    scroll_to_end (self);
  maybe_mark_read (self);
}

/* ------------------------------------------------------------ rows */

static const char *
sender_name (SchnackChatView            *self,
             const SchnackMessageRecord *record)
{
  if (record->direction == SCHNACK_MESSAGE_DIRECTION_OUTGOING)
    return _("Me");
  /* In a room: the occupant's nick. */
  if (self->room != NULL && record->sender != NULL)
    return record->sender;
  return peer_name (self);
}

/* Who wrote what a reply answers, if that message is not here. */
static const char *
quoted_sender_name (SchnackChatView            *self,
                    const SchnackMessageRecord *reply)
{
  if (self->room == NULL || reply->reply_to_sender == NULL)
    return peer_name (self);
  if (g_strcmp0 (reply->reply_to_sender, schnack_account_get_jid (self->account)) == 0)
    return _("Me");
  return reply->reply_to_sender;
}

static char *
one_line_preview (const char *body)
{
  return schnack_message_text_to_plain_preview (body != NULL ? body : "", 120);
}

static void
decorate_message (SchnackChatMessage        *message,
                  SchnackMessageDecorations *decorations,
                  gpointer                   user_data)
{
  SchnackChatView *self = user_data;
  const SchnackMessageRecord *record = schnack_chat_message_get_record (message);

  if (self->history == NULL)
    return;
  if (record->reply_to_id != NULL && !record->retracted)
    {
      g_autoptr(SchnackMessageRecord) quoted = schnack_message_history_find_reference (self->history,
                                                                                     record->reply_to_id);
      g_autofree char *preview = NULL;

      if (quoted != NULL && quoted->retracted)
        preview = g_strdup (_("a deleted message"));
      else
        preview = one_line_preview (quoted != NULL ? quoted->body : NULL);
      /* Translators: a reply's quote of the message it answers: "Name: text" */
      decorations->reply_quote = g_strdup_printf (_("%s: %s"),
                                                  quoted != NULL ? sender_name (self, quoted)
                                                                 : quoted_sender_name (self, record),
                                                  preview);
    }
  decorations->reactions = schnack_message_history_dup_reactions (self->history, record->id,
                                                                  schnack_account_get_jid (self->account), NULL);
  /* Only our own can be corrected: no need to look for it among a flood of others'. */
  decorations->can_edit = schnack_chat_message_is_outgoing (message) &&
                          schnack_message_history_find_last_own (self->history) == message;
  /* Others name room messages by the id the room gives them. */
  decorations->waiting_for_id = self->room != NULL && record->stanza_id == NULL;
}

static void
leave_context (SchnackChatView *self)
{
  self->editing_id = 0;
  self->replying_to_id = 0;
  schnack_composer_set_context (self->chat_composer, NULL);
}

static void
begin_edit (SchnackChatView    *self,
            SchnackChatMessage *message)
{
  const SchnackMessageRecord *record = schnack_chat_message_get_record (message);

  leave_context (self);
  self->editing_id = record->id;
  schnack_composer_set_context (self->chat_composer, _("Correcting your message (Escape to stop)"));
  schnack_composer_set_text (self->chat_composer, record->body);
  schnack_composer_focus (self->chat_composer);
}

static void
on_retract_response (AdwMessageDialog *dialog,
                     const char       *response,
                     SchnackChatView  *self)
{
  gint64 message_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "message-id"));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0 || self->account == NULL)
    return;
  if (!schnack_account_retract_message (self->account, message_id, &error))
    show_error (self, error->message);
}

static void
confirm_retract (SchnackChatView    *self,
                 SchnackChatMessage *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              _("Delete for Everyone?"),
                                              _("The message is withdrawn from this chat on all devices. "
                                                "Clients that do not support this keep showing it."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "message-id", GSIZE_TO_POINTER (schnack_chat_message_get_id (message)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_retract_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Toggles @emoji in our own set of reactions to @message. */
static void
toggle_reaction (SchnackChatView    *self,
                 SchnackChatMessage *message,
                 const char         *emoji)
{
  g_auto(GStrv) own = NULL;
  g_autofree char *line = schnack_message_history_dup_reactions (self->history, schnack_chat_message_get_id (message),
                                                                 schnack_account_get_jid (self->account), &own);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) wanted = NULL;
  g_autoptr(GError) error = NULL;
  gboolean had = FALSE;

  for (guint i = 0; own != NULL && own[i] != NULL; i++)
    {
      if (g_str_equal (own[i], emoji))
        had = TRUE;
      else
        g_strv_builder_add (builder, own[i]);
    }
  if (!had)
    g_strv_builder_add (builder, emoji);
  wanted = g_strv_builder_end (builder);
  if (!schnack_account_send_reactions (self->account, schnack_chat_message_get_id (message),
                                       (const char * const *) wanted, &error))
    show_error (self, error->message);
}

static void
on_row_action (SchnackChatView    *self,
               const char         *action,
               const char         *parameter,
               SchnackChatMessage *message)
{
  const SchnackMessageRecord *record = schnack_chat_message_get_record (message);
  g_autoptr(GError) error = NULL;

  if (self->account == NULL)
    return;
  if (g_str_equal (action, "reply"))
    {
      g_autofree char *preview = one_line_preview (record->body);
      g_autofree char *context = NULL;

      leave_context (self);
      self->replying_to_id = record->id;
      /* Translators: above the message field while answering "Name: text" */
      context = g_strdup_printf (_("Replying to %s: %s"), sender_name (self, record), preview);
      schnack_composer_set_context (self->chat_composer, context);
      schnack_composer_focus (self->chat_composer);
    }
  else if (g_str_equal (action, "react") && parameter != NULL)
    toggle_reaction (self, message, parameter);
  else if (g_str_equal (action, "edit"))
    begin_edit (self, message);
  else if (g_str_equal (action, "retract"))
    confirm_retract (self, message);
  else if (g_str_equal (action, "delete-local"))
    {
      if (!schnack_account_delete_message_locally (self->account, record->id, &error))
        show_error (self, error->message);
    }
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           SchnackChatView          *self)
{
  SchnackMessageRow *row = schnack_message_row_new ();

  gtk_list_item_set_activatable (item, FALSE);
  schnack_message_row_set_decorator (row, decorate_message, self);
  g_signal_connect_swapped (row, "action", G_CALLBACK (on_row_action), self);
  gtk_list_item_set_child (item, GTK_WIDGET (row));
}

static void on_row_retry (SchnackChatView    *self,
                          SchnackChatMessage *message);

/* In a room: nicknames in their colours; our own messages under our nick. */
static void
room_sender (SchnackChatView      *self,
             SchnackChatMessage   *message,
             SchnackMessageSender *sender)
{
  const char *nick = schnack_room_get_nick (self->room);
  const char *body = schnack_chat_message_get_body (message);

  sender->colored = TRUE;
  if (schnack_chat_message_is_outgoing (message))
    sender->name = nick;
  else
    {
      sender->name = schnack_chat_message_get_sender (message);
      sender->mentions_me = nick != NULL && *nick != '\0' && body != NULL &&
                            schnack_room_text_mentions (body, nick);
    }
  sender->color_key = sender->name;
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          SchnackChatView          *self)
{
  SchnackChatMessage *message = gtk_list_item_get_item (item);
  SchnackMessageRow *row = SCHNACK_MESSAGE_ROW (gtk_list_item_get_child (item));
  SchnackMessageSender sender = { 0 };

  if (self->room != NULL)
    room_sender (self, message, &sender);
  else if (schnack_chat_message_is_outgoing (message))
    {
      sender.name = _("Me");
      sender.color_key = schnack_account_get_jid (self->account);
    }
  else
    {
      sender.name = peer_name (self);
      sender.color_key = self->jid;
      sender.avatar_file = self->contact != NULL ? schnack_contact_get_avatar_file (self->contact) : NULL;
    }
  schnack_message_row_set_message (row, message, &sender);
  g_signal_connect_swapped (row, "retry", G_CALLBACK (on_row_retry), self);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            SchnackChatView          *self)
{
  SchnackMessageRow *row = SCHNACK_MESSAGE_ROW (gtk_list_item_get_child (item));

  g_signal_handlers_disconnect_by_func (row, on_row_retry, self);
  schnack_message_row_set_message (row, NULL, NULL);
}

static void
on_row_retry (SchnackChatView    *self,
              SchnackChatMessage *message)
{
  g_autoptr(GError) error = NULL;

  if (!schnack_account_retry_message (self->account, schnack_chat_message_get_id (message), &error))
    show_error (self, error->message);
}

/* ------------------------------------------------------------ composer */

static void
save_draft (SchnackChatView *self)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  if (self->account == NULL)
    return;
  text = schnack_composer_dup_text (self->chat_composer);
  if (!schnack_conversation_list_set_draft (schnack_account_get_conversations (self->account),
                                            self->jid, text, &error))
    g_warning ("Could not keep the draft for %s: %s", self->jid, error->message);
}

static gboolean
on_draft_timeout (gpointer user_data)
{
  SchnackChatView *self = user_data;

  self->draft_timeout = 0;
  save_draft (self);
  return G_SOURCE_REMOVE;
}

static void
on_composer_changed (SchnackChatView *self)
{
  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  self->draft_timeout = g_timeout_add (DRAFT_SAVE_DELAY_MS, on_draft_timeout, self);
}

static void
on_composer_send (SchnackChatView *self,
                  const char      *text)
{
  g_autoptr(GError) error = NULL;

  gboolean sent;

  if (self->account == NULL)
    return;
  /* Corrections and replies know their chat (or room) from the message. */
  if (self->editing_id != 0)
    sent = schnack_account_send_correction (self->account, self->editing_id, text, &error);
  else if (self->replying_to_id != 0)
    sent = schnack_account_send_reply (self->account, self->replying_to_id, text, NULL, &error);
  else if (self->room != NULL)
    sent = schnack_room_list_send_message (schnack_account_get_rooms (self->account), self->room,
                                           text, NULL, &error);
  else
    sent = schnack_account_send_message (self->account, self->jid, text, NULL, &error);
  if (!sent)
    {
      /* Nothing typed is lost: the text goes back into the field. */
      schnack_composer_set_text (self->chat_composer, text);
      show_error (self, error->message);
      return;
    }
  leave_context (self);
  save_draft (self);
  self->stick_to_end = TRUE;
  if (schnack_message_history_has_newer (self->history))
    on_jump_clicked (self);
  scroll_to_end (self);
}

static void
on_composer_chat_state (SchnackChatView *self,
                        const char      *state)
{
  /* Not in rooms: typing to everyone at once is noise. */
  if (self->account != NULL && self->room == NULL)
    schnack_account_send_chat_state (self->account, self->jid, state);
}

/* Up in the empty field: correct the last message (XEP-0308). */
static void
on_composer_edit_last (SchnackChatView *self)
{
  SchnackChatMessage *last = self->history != NULL ? schnack_message_history_find_last_own (self->history) : NULL;

  if (last != NULL)
    begin_edit (self, last);
}

static void
on_composer_context_cancelled (SchnackChatView *self)
{
  gboolean was_editing = self->editing_id != 0;

  leave_context (self);
  /* The corrected text was never the user's draft. */
  if (was_editing)
    schnack_composer_set_text (self->chat_composer, "");
}

/* ------------------------------------------------------------ contact */

static void
update_typing (SchnackChatView *self)
{
  const char *state = self->contact != NULL ? schnack_contact_get_chat_state (self->contact) : NULL;
  g_autofree char *text = NULL;

  if (g_strcmp0 (state, "composing") == 0)
    /* Translators: %s is a contact's name */
    text = g_strdup_printf (_("%s is typing…"), peer_name (self));
  else if (g_strcmp0 (state, "paused") == 0)
    /* Translators: %s is a contact's name */
    text = g_strdup_printf (_("%s has stopped typing"), peer_name (self));

  gtk_widget_set_visible (GTK_WIDGET (self->chat_typing_label), text != NULL);
  if (text != NULL)
    gtk_label_set_text (self->chat_typing_label, text);
}

/* ------------------------------------------------------------ life */

static void
disconnect_chat (SchnackChatView *self)
{
  if (self->account != NULL)
    save_draft (self);
  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  g_clear_handle_id (&self->page_idle, g_source_remove);
  g_clear_handle_id (&self->end_idle, g_source_remove);
  if (self->show_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->chat_list_view), self->show_tick);
  self->show_tick = 0;
  if (self->contact != NULL)
    g_signal_handlers_disconnect_by_data (self->contact, self);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  gtk_list_view_set_model (self->chat_list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->history);
  g_clear_object (&self->contact);
  g_clear_handle_id (&self->room_note_timeout, g_source_remove);
  g_clear_object (&self->room_notes);
  g_clear_object (&self->room);
  g_clear_object (&self->account);
  g_clear_pointer (&self->jid, g_free);
}

static void
on_window_active (SchnackChatView *self)
{
  maybe_mark_read (self);
}

static void
on_root_changed (SchnackChatView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (root != NULL && GTK_IS_WINDOW (root))
    g_signal_connect_object (root, "notify::is-active", G_CALLBACK (on_window_active), self, G_CONNECT_SWAPPED);
}

static void
schnack_chat_view_dispose (GObject *object)
{
  SchnackChatView *self = SCHNACK_CHAT_VIEW (object);

  disconnect_chat (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_CHAT_VIEW);
  G_OBJECT_CLASS (schnack_chat_view_parent_class)->dispose (object);
}

static void
schnack_chat_view_class_init (SchnackChatViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_chat_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/chat-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackChatView, chat_toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SchnackChatView, chat_scroller);
  gtk_widget_class_bind_template_child (widget_class, SchnackChatView, chat_list_view);
  gtk_widget_class_bind_template_child (widget_class, SchnackChatView, chat_jump_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackChatView, chat_typing_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackChatView, chat_composer);
  gtk_widget_class_bind_template_callback (widget_class, on_jump_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_composer_send);
  gtk_widget_class_bind_template_callback (widget_class, on_composer_chat_state);
  gtk_widget_class_bind_template_callback (widget_class, on_composer_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_composer_edit_last);
  gtk_widget_class_bind_template_callback (widget_class, on_composer_context_cancelled);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "chatview");
}

static void
schnack_chat_view_init (SchnackChatView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkAdjustment *adjustment;

  g_type_ensure (SCHNACK_TYPE_COMPOSER);
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->chat_list_view, factory);

  adjustment = vadjustment (self);
  g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (on_scrolled), self);
  g_signal_connect_swapped (adjustment, "notify::upper", G_CALLBACK (on_upper_changed), self);
  g_signal_connect_swapped (adjustment, "notify::page-size", G_CALLBACK (on_upper_changed), self);
  g_signal_connect (self, "notify::root", G_CALLBACK (on_root_changed), NULL);
  g_signal_connect (self, "map", G_CALLBACK (maybe_mark_read), NULL);
}

/**
 * schnack_chat_view_set_conversation:
 * @account: (nullable): whose chat; %NULL shows nothing
 * @jid: (nullable): the peer's bare JID
 */
void
schnack_chat_view_set_conversation (SchnackChatView *self,
                                    SchnackAccount  *account,
                                    const char      *jid)
{
  SchnackConversation *conversation;
  g_autofree char *placeholder = NULL;

  g_return_if_fail (SCHNACK_IS_CHAT_VIEW (self));
  g_return_if_fail (account == NULL || (SCHNACK_IS_ACCOUNT (account) && jid != NULL));

  if (account == self->account && g_strcmp0 (jid, self->jid) == 0)
    return;
  disconnect_chat (self);
  schnack_composer_set_text (self->chat_composer, "");
  leave_context (self);
  if (account == NULL)
    return;

  self->account = g_object_ref (account);
  self->jid = g_strdup (jid);
  self->contact = schnack_contact_list_find (schnack_account_get_contacts (account), jid);
  if (self->contact != NULL)
    {
      g_object_ref (self->contact);
      g_signal_connect_swapped (self->contact, "notify::chat-state", G_CALLBACK (update_typing), self);
    }
  update_typing (self);

  self->history = schnack_account_open_history (account, jid);
  g_signal_connect_swapped (self->history, "items-changed", G_CALLBACK (on_history_changed), self);
  self->selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->history)));
  gtk_list_view_set_model (self->chat_list_view, GTK_SELECTION_MODEL (self->selection));
  self->stick_to_end = TRUE;
  scroll_to_end (self);
  update_jump_button (self);

  conversation = schnack_conversation_list_find (schnack_account_get_conversations (account), jid);
  if (conversation != NULL && schnack_conversation_get_draft (conversation) != NULL)
    schnack_composer_set_text (self->chat_composer, schnack_conversation_get_draft (conversation));
  /* Translators: the empty message field; %s is the contact's name */
  placeholder = g_strdup_printf (_("Message %s"), peer_name (self));
  schnack_composer_set_placeholder (self->chat_composer, placeholder);
  maybe_mark_read (self);
}

static gboolean
hide_room_note (gpointer user_data)
{
  SchnackChatView *self = user_data;

  self->room_note_timeout = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->chat_typing_label), FALSE);
  return G_SOURCE_REMOVE;
}

/* Comings and goings in a room: a quiet line above the composer for a
 * few seconds, not messages in the history. */
static void
on_room_note (SchnackChatView *self,
              const char      *note)
{
  gtk_label_set_text (self->chat_typing_label, note);
  gtk_widget_set_visible (GTK_WIDGET (self->chat_typing_label), TRUE);
  g_clear_handle_id (&self->room_note_timeout, g_source_remove);
  self->room_note_timeout = g_timeout_add_seconds (6, hide_room_note, self);
}

/**
 * schnack_chat_view_set_room:
 * @room: (nullable): the open chat is this room: what is typed goes to
 *   the room, senders are shown by nickname
 *
 * Call after schnack_chat_view_set_conversation() with the room's JID.
 */
void
schnack_chat_view_set_room (SchnackChatView *self,
                            SchnackRoom     *room)
{
  g_autofree char *placeholder = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (SCHNACK_IS_CHAT_VIEW (self));
  g_return_if_fail (room == NULL || SCHNACK_IS_ROOM (room));

  if (!g_set_object (&self->room, room) || room == NULL)
    return;
  g_clear_object (&self->room_notes);
  self->room_notes = schnack_room_presence_notes_new (room);
  g_signal_connect_swapped (self->room_notes, "note", G_CALLBACK (on_room_note), self);
  name = schnack_room_dup_display_name (room, NULL);
  /* Translators: the empty message field of a room; %s is the room's name */
  placeholder = g_strdup_printf (_("Message %s"), name);
  schnack_composer_set_placeholder (self->chat_composer, placeholder);
  /* Rows bound before know nothing of the room: bind them again. */
  gtk_list_view_set_model (self->chat_list_view, NULL);
  gtk_list_view_set_model (self->chat_list_view, GTK_SELECTION_MODEL (self->selection));
  scroll_to_end (self);
}

/* Returns: (transfer none) (nullable) */
SchnackRoom *
schnack_chat_view_get_room (SchnackChatView *self)
{
  g_return_val_if_fail (SCHNACK_IS_CHAT_VIEW (self), NULL);
  return self->room;
}

/* Returns: (transfer none) (nullable) */
SchnackAccount *
schnack_chat_view_get_account (SchnackChatView *self)
{
  g_return_val_if_fail (SCHNACK_IS_CHAT_VIEW (self), NULL);
  return self->account;
}

/* Returns: (nullable) */
const char *
schnack_chat_view_get_jid (SchnackChatView *self)
{
  g_return_val_if_fail (SCHNACK_IS_CHAT_VIEW (self), NULL);
  return self->jid;
}

/* Returns: (transfer none) (nullable) */
SchnackMessageHistory *
schnack_chat_view_get_history (SchnackChatView *self)
{
  g_return_val_if_fail (SCHNACK_IS_CHAT_VIEW (self), NULL);
  return self->history;
}

/* Runs at the next frame, before its layout: the list then places the
 * new window of history around the requested item. */
static gboolean
show_position_on_tick (GtkWidget     *widget,
                       GdkFrameClock *clock,
                       gpointer       user_data)
{
  SchnackChatView *self = user_data;

  GtkAdjustment *adjustment = vadjustment (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->history));
  double upper = gtk_adjustment_get_upper (adjustment);

  /* Not laid out yet: try again next frame. */
  if (upper <= 0 || n == 0)
    return G_SOURCE_CONTINUE;
  self->show_tick = 0;
  self->scrolling = TRUE;
  /* GTK 4.8's scroll-to-item does not move a list that was just
   * refilled; the row heights are estimates anyway, so aim by share. */
  gtk_adjustment_set_value (adjustment, upper * self->shown_position / n
                                        - gtk_adjustment_get_page_size (adjustment) / 3);
  gtk_widget_activate_action (GTK_WIDGET (self->chat_list_view), "list.scroll-to-item", "u", self->shown_position);
  self->scrolling = FALSE;
  return G_SOURCE_REMOVE;
}

/**
 * schnack_chat_view_show_message:
 * @record: a message of this chat (a search result)
 *
 * Loads the history around it and scrolls it into view.
 */
gboolean
schnack_chat_view_show_message (SchnackChatView            *self,
                                const SchnackMessageRecord *record)
{
  g_autoptr(GError) error = NULL;
  guint position = 0;

  g_return_val_if_fail (SCHNACK_IS_CHAT_VIEW (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if (self->history == NULL)
    return FALSE;
  if (!schnack_message_history_load_around (self->history, record, &position, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }
  self->stick_to_end = FALSE;
  self->end_pending = FALSE;
  g_clear_handle_id (&self->end_idle, g_source_remove);
  /* After the list has laid out the new window of history. */
  self->shown_position = position;
  if (self->show_tick == 0)
    self->show_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->chat_list_view),
                                                    show_position_on_tick, self, NULL);
  update_jump_button (self);
  return TRUE;
}

void
schnack_chat_view_focus_composer (SchnackChatView *self)
{
  g_return_if_fail (SCHNACK_IS_CHAT_VIEW (self));
  schnack_composer_focus (self->chat_composer);
}

GtkWidget *
schnack_chat_view_get_composer (SchnackChatView *self)
{
  g_return_val_if_fail (SCHNACK_IS_CHAT_VIEW (self), NULL);
  return GTK_WIDGET (self->chat_composer);
}
