/* window.c — Schnack's main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first-run wizard while there is no account; then a sidebar with
 * two views — the chats of all accounts, and the contacts (with the
 * requests waiting for an answer) — next to the open chat or the
 * selected contact's details, or, with nothing open, the accounts with
 * their connection state. Narrow windows show one of the two sides at a
 * time (AdwLeaflet).
 */
#include "config.h"

#include "ui/window.h"
#include "ui/room-names.h"
#include "ui/account-row.h"
#include "ui/accounts-window.h"
#include "ui/application.h"
#include "ui/notifier.h"
#include "ui/chat-view.h"
#include "ui/contact-details.h"
#include "ui/contacts-pane.h"
#include "ui/conversations-pane.h"
#include "ui/create-room-dialog.h"
#include "ui/join-room-dialog.h"
#include "ui/occupant-list-view.h"
#include "ui/room-actions.h"
#include "ui/search-view.h"
#include "ui/wizard.h"
#include "ui/wizard-dialog.h"

#include <glib/gi18n.h>

struct _SchnackWindow {
  AdwApplicationWindow   parent_instance;

  GtkStack              *content_stack;
  SchnackWizard         *wizard;
  AdwLeaflet            *main_leaflet;
  AdwViewStack          *sidebar_stack;
  SchnackConversationsPane *conversations_pane;
  SchnackContactsPane   *contacts_pane;
  SchnackChatView       *chat_view;
  SchnackSearchView     *search_view;
  GtkMenuButton         *chat_menu_button;
  GtkToggleButton       *room_occupants_button;
  GtkRevealer           *room_occupants_revealer;
  SchnackOccupantListView *room_occupant_list_view;
  GMenuModel            *chat_menu;
  GMenuModel            *room_menu;
  GtkButton             *chat_search_button;
  AdwHeaderBar          *content_header_bar;
  AdwWindowTitle        *content_title;
  GtkButton             *contact_back_button;
  GtkStack              *detail_stack;
  SchnackContactDetails *contact_details;
  GtkListBox            *account_list;
  GtkButton             *add_account_button;
  GMenuModel            *primary_menu;

  SchnackAccountManager *account_manager;
  SchnackContact        *shown_contact;
  GBinding              *title_binding;
  gboolean               in_wizard;
  SchnackConversation   *shown_conversation;
  gboolean               chat_pinned;
  SchnackRoom           *shown_room;     /* the open chat is this room */
  SchnackRoomActions    *room_actions;   /* room.* for the room menu */
};

G_DEFINE_FINAL_TYPE (SchnackWindow, schnack_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CHAT_PINNED,
  PROP_CHAT_NOTIFICATIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
create_account_row (gpointer item,
                    gpointer user_data)
{
  return GTK_WIDGET (schnack_account_row_new (SCHNACK_ACCOUNT (item)));
}

/* The wizard stays up from the first sign-in attempt until it says it is
 * finished, even though the account list fills (and empties again on a
 * failed try) meanwhile. */
static void
update_visible_page (SchnackWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->account_manager));

  if (n == 0 && !self->in_wizard)
    {
      self->in_wizard = TRUE;
      schnack_wizard_reset (self->wizard);
    }
  gtk_stack_set_visible_child_name (self->content_stack, self->in_wizard ? "wizard" : "accounts");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-account", !self->in_wizard);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.accounts", !self->in_wizard);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-contact", !self->in_wizard);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.join-room", !self->in_wizard);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.create-room", !self->in_wizard);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-requests", !self->in_wizard);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", !self->in_wizard);
}

/* Only a folded leaflet has pages to turn; turning one when both are
 * shown would move the keyboard focus out of the list. */
static void
show_page (SchnackWindow *self,
           const char    *name)
{
  if (adw_leaflet_get_folded (self->main_leaflet))
    adw_leaflet_set_visible_child_name (self->main_leaflet, name);
}

/* The notifier stays quiet about the chat the user is looking at. */
static void
update_focused_conversation (SchnackWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  SchnackNotifier *notifier;
  gboolean chat_in_view = gtk_window_is_active (GTK_WINDOW (self)) &&
                          g_strcmp0 (gtk_stack_get_visible_child_name (self->detail_stack), "chat") == 0 &&
                          (!adw_leaflet_get_folded (self->main_leaflet) ||
                           g_strcmp0 (adw_leaflet_get_visible_child_name (self->main_leaflet), "content") == 0);

  if (!SCHNACK_IS_APPLICATION (application))
    return;
  notifier = schnack_application_get_notifier (SCHNACK_APPLICATION (application));
  if (notifier == NULL)
    return;
  if (chat_in_view)
    schnack_notifier_set_focused_conversation (notifier, schnack_chat_view_get_account (self->chat_view),
                                               schnack_chat_view_get_jid (self->chat_view));
  else
    schnack_notifier_set_focused_conversation (notifier, NULL, NULL);
}

static void
set_detail (SchnackWindow *self,
            const char    *page)
{
  gboolean chat = g_str_equal (page, "chat");

  gtk_stack_set_visible_child_name (self->detail_stack, page);
  gtk_widget_set_visible (GTK_WIDGET (self->chat_menu_button), chat);
  gtk_widget_set_visible (GTK_WIDGET (self->chat_search_button), chat);
  gtk_widget_set_visible (GTK_WIDGET (self->room_occupants_button), chat && self->shown_room != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search-messages", chat);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.chat-details", chat);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.pin-chat", chat);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.chat-notifications", chat);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-chat", chat);
  /* The search keeps the chat it started from, to go back to. */
  if (!chat && !g_str_equal (page, "search"))
    schnack_chat_view_set_conversation (self->chat_view, NULL, NULL);
  update_focused_conversation (self);
}

static void
sync_chat_pinned (SchnackWindow *self)
{
  gboolean pinned = self->shown_conversation != NULL &&
                    schnack_conversation_get_pinned (self->shown_conversation);

  if (self->chat_pinned == pinned)
    return;
  self->chat_pinned = pinned;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHAT_PINNED]);
}

static void
sync_chat_notifications (SchnackWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHAT_NOTIFICATIONS]);
}

static void
show_room (SchnackWindow  *self,
           SchnackAccount *account,
           SchnackRoom    *room);

static void
forget_shown_conversation (SchnackWindow *self)
{
  if (self->shown_conversation != NULL)
    g_signal_handlers_disconnect_by_data (self->shown_conversation, self);
  g_clear_object (&self->shown_conversation);
  show_room (self, NULL, NULL);
  sync_chat_pinned (self);
  sync_chat_notifications (self);
}

/* ------------------------------------------------------------ rooms */

/* AdwWindowTitle 1.2 shows plain text: the subject from the network is
 * never parsed as markup. */
static void
update_room_title (SchnackWindow *self)
{
  g_autofree char *name = schnack_room_dup_display_name (self->shown_room, NULL);
  const char *subject = schnack_room_get_subject (self->shown_room);

  adw_window_title_set_title (self->content_title, name);
  adw_window_title_set_subtitle (self->content_title, subject != NULL && *subject != '\0'
                                                      ? subject : schnack_room_get_jid (self->shown_room));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->content_title), subject);
}

/* Room mode: the occupants button and panel, the room menu. */
static void
show_room (SchnackWindow  *self,
           SchnackAccount *account,
           SchnackRoom    *room)
{
  if (self->shown_room != NULL)
    g_signal_handlers_disconnect_by_data (self->shown_room, self);
  g_set_object (&self->shown_room, room);
  schnack_room_actions_set_room (self->room_actions, account, room);
  schnack_occupant_list_view_set_room (self->room_occupant_list_view, account, room);
  gtk_menu_button_set_menu_model (self->chat_menu_button, room != NULL ? self->room_menu : self->chat_menu);
  gtk_widget_set_visible (GTK_WIDGET (self->room_occupants_button), room != NULL);
  if (room == NULL)
    {
      gtk_toggle_button_set_active (self->room_occupants_button, FALSE);
      return;
    }
  g_signal_connect_swapped (room, "notify::name", G_CALLBACK (update_room_title), self);
  g_signal_connect_swapped (room, "notify::subject", G_CALLBACK (update_room_title), self);
  update_room_title (self);
}

static SchnackAccount *
current_account (SchnackWindow *self)
{
  SchnackAccount *account = schnack_chat_view_get_account (self->chat_view);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->account_manager));
  SchnackAccount *first = NULL;

  if (account != NULL)
    return account;
  /* The first account that is online, else the first. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackAccount) candidate = g_list_model_get_item (G_LIST_MODEL (self->account_manager), i);

      if (schnack_account_get_state (candidate) == SCHNACK_CONNECTION_ONLINE)
        return candidate;
      if (first == NULL)
        first = candidate;
    }
  return first;
}

/* Opens a room the user just joined or created. */
static void
on_room_entered (SchnackWindow  *self,
                 SchnackAccount *account,
                 SchnackRoom    *room)
{
  g_autoptr(GError) error = NULL;

  if (!schnack_conversation_list_open_room (schnack_account_get_conversations (account),
                                            schnack_room_get_jid (room), &error))
    g_warning ("Could not show the room %s: %s", schnack_room_get_jid (room), error->message);
  schnack_window_open_conversation (self, account, schnack_room_get_jid (room));
}

static void on_create_room_requested (SchnackWindow  *self,
                                      SchnackAccount *account,
                                      const char     *address);

/**
 * schnack_window_show_join_room:
 * @address: (nullable): a room to fill in
 *
 * Returns: (transfer none) (nullable): the dialog, %NULL without accounts
 */
SchnackJoinRoomDialog *
schnack_window_show_join_room (SchnackWindow *self,
                               const char    *address)
{
  SchnackAccount *account;
  SchnackJoinRoomDialog *dialog;

  g_return_val_if_fail (SCHNACK_IS_WINDOW (self), NULL);

  account = current_account (self);
  if (account == NULL)
    return NULL;
  dialog = schnack_join_room_dialog_new (GTK_WINDOW (self), account);
  if (address != NULL)
    schnack_join_room_dialog_set_address (dialog, address);
  g_signal_connect_object (dialog, "joined", G_CALLBACK (on_room_entered), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "create", G_CALLBACK (on_create_room_requested), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static SchnackCreateRoomDialog *
show_create_room (SchnackWindow  *self,
                  SchnackAccount *account,
                  const char     *address)
{
  SchnackCreateRoomDialog *dialog;

  if (account == NULL)
    return NULL;
  dialog = schnack_create_room_dialog_new (GTK_WINDOW (self), account);
  schnack_create_room_dialog_set_address (dialog, address);
  g_signal_connect_object (dialog, "created", G_CALLBACK (on_room_entered), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
on_create_room_requested (SchnackWindow  *self,
                          SchnackAccount *account,
                          const char     *address)
{
  show_create_room (self, account, address);
}

/**
 * schnack_window_show_create_room:
 *
 * Returns: (transfer none) (nullable): the dialog, %NULL without accounts
 */
SchnackCreateRoomDialog *
schnack_window_show_create_room (SchnackWindow *self)
{
  g_return_val_if_fail (SCHNACK_IS_WINDOW (self), NULL);
  return show_create_room (self, current_account (self), NULL);
}

static void
on_join_room (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  schnack_window_show_join_room (SCHNACK_WINDOW (widget), NULL);
}

static void
on_create_room (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  schnack_window_show_create_room (SCHNACK_WINDOW (widget));
}

/* win.open-chat((xs)): an account's id and a chat's JID. */
static void
on_open_chat (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SchnackWindow *self = SCHNACK_WINDOW (widget);
  gint64 account_id;
  const char *jid;
  SchnackAccount *account;

  g_variant_get (parameter, "(x&s)", &account_id, &jid);
  account = schnack_conversations_pane_find_account (self->conversations_pane, account_id);
  if (account != NULL)
    schnack_window_open_conversation (self, account, jid);
}

static void
on_room_left (SchnackWindow *self)
{
  schnack_conversations_pane_unselect (self->conversations_pane);
}

/* The chat selected in the sidebar opens on the right. */
static void
on_selected_conversation_changed (SchnackWindow *self)
{
  SchnackConversation *conversation = schnack_conversations_pane_get_selected (self->conversations_pane);
  SchnackAccount *account = schnack_conversations_pane_get_selected_account (self->conversations_pane);
  SchnackContact *contact;
  const char *jid;

  if (conversation == NULL || account == NULL)
    {
      if (self->shown_conversation != NULL)
        {
          forget_shown_conversation (self);
          g_clear_pointer (&self->title_binding, g_binding_unbind);
          adw_window_title_set_title (self->content_title, "");
          adw_window_title_set_subtitle (self->content_title, NULL);
          set_detail (self, "welcome");
          show_page (self, "sidebar");
        }
      return;
    }

  if (conversation != self->shown_conversation)
    {
      forget_shown_conversation (self);
      self->shown_conversation = g_object_ref (conversation);
      g_signal_connect_swapped (conversation, "notify::pinned", G_CALLBACK (sync_chat_pinned), self);
      g_signal_connect_swapped (conversation, "notify::notify-level", G_CALLBACK (sync_chat_notifications), self);
      sync_chat_pinned (self);
      sync_chat_notifications (self);

      /* A contact's details give way to the chat. */
      g_clear_object (&self->shown_contact);
      schnack_contacts_pane_select_contact (self->contacts_pane, NULL);

      jid = schnack_conversation_get_jid (conversation);
      contact = schnack_contact_list_find (schnack_account_get_contacts (account), jid);
      g_clear_pointer (&self->title_binding, g_binding_unbind);
      if (schnack_conversation_get_kind (conversation) == SCHNACK_CONVERSATION_KIND_GROUPCHAT)
        {
          SchnackRoom *room = schnack_room_list_find (schnack_account_get_rooms (account), jid);

          schnack_chat_view_set_conversation (self->chat_view, account, jid);
          schnack_chat_view_set_room (self->chat_view, room);
          show_room (self, account, room);
          if (room == NULL)
            {
              adw_window_title_set_title (self->content_title, jid);
              adw_window_title_set_subtitle (self->content_title, NULL);
            }
          set_detail (self, "chat");
          show_page (self, "content");
          schnack_chat_view_focus_composer (self->chat_view);
          return;
        }
      if (contact != NULL)
        self->title_binding = g_object_bind_property (contact, "display-name", self->content_title, "title",
                                                      G_BINDING_SYNC_CREATE);
      else
        adw_window_title_set_title (self->content_title, jid);
      adw_window_title_set_subtitle (self->content_title, jid);
      schnack_chat_view_set_conversation (self->chat_view, account, jid);
      set_detail (self, "chat");
    }
  show_page (self, "content");
  schnack_chat_view_focus_composer (self->chat_view);
}

/**
 * schnack_window_open_conversation:
 * @account: whose chat
 * @jid: the peer's bare JID
 *
 * Shows the chat with @jid — from a contact's "Send Message", a
 * notification or a search result — opening it if it was closed.
 */
void
schnack_window_open_conversation (SchnackWindow  *self,
                                  SchnackAccount *account,
                                  const char     *jid)
{
  g_return_if_fail (SCHNACK_IS_WINDOW (self));
  g_return_if_fail (SCHNACK_IS_ACCOUNT (account));
  g_return_if_fail (jid != NULL);

  adw_view_stack_set_visible_child_name (self->sidebar_stack, "chats");
  schnack_conversations_pane_select (self->conversations_pane, account, jid);
}

/* Returns: (transfer none) (nullable): the chat on screen */
SchnackChatView *
schnack_window_get_chat_view (SchnackWindow *self)
{
  g_return_val_if_fail (SCHNACK_IS_WINDOW (self), NULL);
  return self->chat_view;
}

static void
on_start_chat (SchnackWindow *self)
{
  adw_view_stack_set_visible_child_name (self->sidebar_stack, "contacts");
  gtk_widget_grab_focus (schnack_contacts_pane_get_search_entry (self->contacts_pane));
}

static void
on_start_chat_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  on_start_chat (SCHNACK_WINDOW (widget));
}

/* The selected contact on the right (or, folded, on its own page). */
static void
on_selected_contact_changed (SchnackWindow *self)
{
  SchnackContact *contact = schnack_contacts_pane_get_selected_contact (self->contacts_pane);
  SchnackAccount *account = schnack_contacts_pane_get_selected_account (self->contacts_pane);

  if (contact != NULL && account == NULL)
    contact = NULL;
  if (contact != NULL && self->shown_conversation != NULL)
    {
      /* Contact details replace the open chat. */
      forget_shown_conversation (self);
      schnack_conversations_pane_unselect (self->conversations_pane);
    }
  if (contact == self->shown_contact)
    {
      if (contact != NULL)
        show_page (self, "content");
      return;
    }

  g_clear_pointer (&self->title_binding, g_binding_unbind);
  g_set_object (&self->shown_contact, contact);
  schnack_contact_details_set_contact (self->contact_details, account, contact);
  if (contact != NULL)
    {
      self->title_binding = g_object_bind_property (contact, "display-name", self->content_title, "title",
                                                    G_BINDING_SYNC_CREATE);
      adw_window_title_set_subtitle (self->content_title, schnack_contact_get_jid (contact));
      set_detail (self, "contact");
      show_page (self, "content");
    }
  else if (self->shown_conversation == NULL)
    {
      adw_window_title_set_title (self->content_title, "");
      adw_window_title_set_subtitle (self->content_title, NULL);
      set_detail (self, "welcome");
      show_page (self, "sidebar");
    }
}

static void
on_back_clicked (SchnackWindow *self)
{
  adw_leaflet_navigate (self->main_leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Back on the list of a folded window (button, swipe or Alt+Left):
 * nothing stays selected, so tapping the same contact opens it again. */
static void
on_visible_page_changed (SchnackWindow *self)
{
  update_focused_conversation (self);
  if (adw_leaflet_get_folded (self->main_leaflet) &&
      g_strcmp0 (adw_leaflet_get_visible_child_name (self->main_leaflet), "sidebar") == 0)
    {
      if (self->shown_contact != NULL)
        schnack_contacts_pane_select_contact (self->contacts_pane, NULL);
      if (self->shown_conversation != NULL)
        schnack_conversations_pane_unselect (self->conversations_pane);
    }
}

static void
on_folded_changed (SchnackWindow *self)
{
  update_focused_conversation (self);
  gboolean folded = adw_leaflet_get_folded (self->main_leaflet);

  gtk_widget_set_visible (GTK_WIDGET (self->contact_back_button), folded);
  /* Narrowed with a contact open: keep showing that contact. */
  if (folded)
    show_page (self, self->shown_contact != NULL || self->shown_conversation != NULL ? "content" : "sidebar");
}

static void
on_wizard_finished (SchnackWindow  *self,
                    SchnackAccount *account)
{
  self->in_wizard = FALSE;
  update_visible_page (self);
  /* Empty forms for next time; nothing typed (the password) lingers. */
  schnack_wizard_reset (self->wizard);
}

static void
on_add_account (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SchnackWindow *self = SCHNACK_WINDOW (widget);
  SchnackWizardDialog *dialog = schnack_wizard_dialog_new (GTK_WINDOW (self), self->account_manager);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_accounts (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SchnackWindow *self = SCHNACK_WINDOW (widget);
  SchnackAccountsWindow *accounts = schnack_accounts_window_new (self->account_manager);

  gtk_window_set_transient_for (GTK_WINDOW (accounts), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (accounts));
}

static void
on_add_contact (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  schnack_contacts_pane_show_add_contact (SCHNACK_WINDOW (widget)->contacts_pane);
}

static void
on_show_requests (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  schnack_contacts_pane_show_requests (SCHNACK_WINDOW (widget)->contacts_pane);
}

static void
start_message_search (SchnackWindow *self,
                      gboolean       in_chat)
{
  /* Shown first: only a visible entry can take the focus. */
  set_detail (self, "search");
  show_page (self, "content");
  if (in_chat && schnack_chat_view_get_account (self->chat_view) != NULL)
    schnack_search_view_start (self->search_view, schnack_chat_view_get_account (self->chat_view),
                               schnack_chat_view_get_jid (self->chat_view));
  else
    schnack_search_view_start (self->search_view, NULL, NULL);
}

/* Ctrl+F: the messages of the open chat; in the contacts, the contacts;
 * otherwise all messages. */
static void
on_search (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  SchnackWindow *self = SCHNACK_WINDOW (widget);
  const char *detail = gtk_stack_get_visible_child_name (self->detail_stack);

  if (g_strcmp0 (detail, "chat") == 0)
    start_message_search (self, TRUE);
  else if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->sidebar_stack), "contacts") == 0)
    {
      show_page (self, "sidebar");
      gtk_widget_grab_focus (schnack_contacts_pane_get_search_entry (self->contacts_pane));
    }
  else
    start_message_search (self, FALSE);
}

static void
on_search_messages (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  start_message_search (SCHNACK_WINDOW (widget), TRUE);
}

static void
on_search_result (SchnackWindow      *self,
                  SchnackChatMessage *message)
{
  const SchnackMessageRecord *record = schnack_chat_message_get_record (message);
  SchnackAccount *account = schnack_conversations_pane_find_account (self->conversations_pane, record->account_id);

  if (account == NULL)
    return;
  if (g_strcmp0 (schnack_chat_view_get_jid (self->chat_view), record->conversation_jid) != 0 ||
      schnack_chat_view_get_account (self->chat_view) != account)
    {
      forget_shown_conversation (self);
      schnack_window_open_conversation (self, account, record->conversation_jid);
    }
  set_detail (self, "chat");
  show_page (self, "content");
  schnack_chat_view_show_message (self->chat_view, record);
}

static void
on_search_closed (SchnackWindow *self)
{
  set_detail (self, schnack_chat_view_get_account (self->chat_view) != NULL ? "chat" : "welcome");
  if (schnack_chat_view_get_account (self->chat_view) != NULL)
    schnack_chat_view_focus_composer (self->chat_view);
}

static void
on_message_contact (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SchnackWindow *self = SCHNACK_WINDOW (widget);
  SchnackAccount *account = schnack_contacts_pane_get_selected_account (self->contacts_pane);
  g_autoptr(SchnackContact) contact = self->shown_contact != NULL ? g_object_ref (self->shown_contact) : NULL;

  if (account == NULL || contact == NULL)
    return;
  schnack_window_open_conversation (self, account, schnack_contact_get_jid (contact));
}

static void
on_chat_details (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SchnackWindow *self = SCHNACK_WINDOW (widget);
  SchnackAccount *account = schnack_chat_view_get_account (self->chat_view);
  SchnackContact *contact;

  if (account == NULL)
    return;
  contact = schnack_contact_list_find (schnack_account_get_contacts (account),
                                       schnack_chat_view_get_jid (self->chat_view));
  if (contact == NULL)
    {
      /* Not on the list: offer to add them. */
      schnack_contacts_pane_show_add_contact (self->contacts_pane);
      return;
    }
  adw_view_stack_set_visible_child_name (self->sidebar_stack, "contacts");
  schnack_contacts_pane_select_contact (self->contacts_pane, contact);
}

static void
on_close_chat (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SchnackWindow *self = SCHNACK_WINDOW (widget);
  SchnackAccount *account = schnack_chat_view_get_account (self->chat_view);
  g_autofree char *jid = g_strdup (schnack_chat_view_get_jid (self->chat_view));
  g_autoptr(GError) error = NULL;

  if (account == NULL)
    return;
  /* The history stays; the chat comes back with the next message. */
  schnack_conversations_pane_unselect (self->conversations_pane);
  if (!schnack_conversation_list_close (schnack_account_get_conversations (account), jid, &error))
    g_warning ("Could not close the chat with %s: %s", jid, error->message);
}

static void
set_chat_pinned (SchnackWindow *self,
                 gboolean       pinned)
{
  SchnackAccount *account = schnack_chat_view_get_account (self->chat_view);
  g_autoptr(GError) error = NULL;

  if (account == NULL || self->chat_pinned == pinned)
    return;
  if (!schnack_conversation_list_set_pinned (schnack_account_get_conversations (account),
                                             schnack_chat_view_get_jid (self->chat_view), pinned, &error))
    g_warning ("Could not pin the chat: %s", error->message);
  sync_chat_pinned (self);
}

/* The shown chat's notification level by its nick ("all", "mentions",
 * "never"), the state of the radio items in the chat and room menus;
 * "" with no chat shown. */
static const char *
get_chat_notifications (SchnackWindow *self)
{
  g_autoptr(GEnumClass) levels = g_type_class_ref (SCHNACK_TYPE_NOTIFY_LEVEL);
  GEnumValue *value;

  if (self->shown_conversation == NULL)
    return "";
  value = g_enum_get_value (levels, schnack_conversation_get_effective_notify_level (self->shown_conversation));
  return value != NULL ? value->value_nick : "";
}

static void
set_chat_notifications (SchnackWindow *self,
                        const char    *nick)
{
  SchnackAccount *account = schnack_chat_view_get_account (self->chat_view);
  g_autoptr(GEnumClass) levels = g_type_class_ref (SCHNACK_TYPE_NOTIFY_LEVEL);
  GEnumValue *value = g_enum_get_value_by_nick (levels, nick != NULL ? nick : "");
  g_autoptr(GError) error = NULL;

  if (account == NULL || value == NULL)
    return;
  if (!schnack_conversation_list_set_notify_level (schnack_account_get_conversations (account),
                                                   schnack_chat_view_get_jid (self->chat_view),
                                                   value->value, &error))
    g_warning ("Could not change the chat's notifications: %s", error->message);
  sync_chat_notifications (self);
}

static void
schnack_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SchnackWindow *self = SCHNACK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CHAT_PINNED:
      g_value_set_boolean (value, self->chat_pinned);
      break;
    case PROP_CHAT_NOTIFICATIONS:
      g_value_set_string (value, get_chat_notifications (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SchnackWindow *self = SCHNACK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CHAT_PINNED:
      set_chat_pinned (self, g_value_get_boolean (value));
      break;
    case PROP_CHAT_NOTIFICATIONS:
      set_chat_notifications (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
on_about (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  GtkWidget *about = adw_about_window_new ();

  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), "Schnack");
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), APP_ID);
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("Chat with anyone on any XMPP server."));
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  gtk_window_set_transient_for (GTK_WINDOW (about), GTK_WINDOW (widget));
  gtk_window_present (GTK_WINDOW (about));
}

static void
schnack_window_dispose (GObject *object)
{
  SchnackWindow *self = SCHNACK_WINDOW (object);

  if (self->account_manager != NULL)
    g_signal_handlers_disconnect_by_data (self->account_manager, self);
  g_clear_pointer (&self->title_binding, g_binding_unbind);
  g_clear_object (&self->shown_contact);
  forget_shown_conversation (self);
  g_clear_object (&self->room_actions);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_WINDOW);
  g_clear_object (&self->account_manager);

  G_OBJECT_CLASS (schnack_window_parent_class)->dispose (object);
}

static void
schnack_window_class_init (SchnackWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_window_dispose;
  object_class->get_property = schnack_window_get_property;
  object_class->set_property = schnack_window_set_property;

  /* Whether the open chat is pinned to the top (win.pin-chat). */
  properties[PROP_CHAT_PINNED] =
    g_param_spec_boolean ("chat-pinned", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHAT_NOTIFICATIONS] =
    g_param_spec_string ("chat-notifications", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/window.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, wizard);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, main_leaflet);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, conversations_pane);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, contacts_pane);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, chat_view);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, search_view);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, chat_menu_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, room_occupants_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, room_occupants_revealer);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, room_occupant_list_view);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, chat_menu);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, room_menu);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, chat_search_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, content_header_bar);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, contact_back_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, contact_details);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, account_list);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, add_account_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, primary_menu);
  gtk_widget_class_bind_template_callback (widget_class, on_wizard_finished);
  gtk_widget_class_bind_template_callback (widget_class, on_selected_contact_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_selected_conversation_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_start_chat);
  gtk_widget_class_bind_template_callback (widget_class, on_search_result);
  gtk_widget_class_bind_template_callback (widget_class, on_search_closed);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_folded_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_page_changed);

  gtk_widget_class_install_action (widget_class, "win.add-account", NULL, on_add_account);
  gtk_widget_class_install_action (widget_class, "win.accounts", NULL, on_accounts);
  gtk_widget_class_install_action (widget_class, "win.add-contact", NULL, on_add_contact);
  gtk_widget_class_install_action (widget_class, "win.start-chat", NULL, on_start_chat_action);
  gtk_widget_class_install_action (widget_class, "win.join-room", NULL, on_join_room);
  gtk_widget_class_install_action (widget_class, "win.create-room", NULL, on_create_room);
  gtk_widget_class_install_action (widget_class, "win.open-chat", "(xs)", on_open_chat);
  gtk_widget_class_install_action (widget_class, "win.show-requests", NULL, on_show_requests);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, on_search);
  gtk_widget_class_install_action (widget_class, "win.about", NULL, on_about);
  gtk_widget_class_install_action (widget_class, "win.message-contact", NULL, on_message_contact);
  gtk_widget_class_install_action (widget_class, "win.search-messages", NULL, on_search_messages);
  gtk_widget_class_install_action (widget_class, "win.chat-details", NULL, on_chat_details);
  gtk_widget_class_install_action (widget_class, "win.close-chat", NULL, on_close_chat);
  gtk_widget_class_install_property_action (widget_class, "win.pin-chat", "chat-pinned");
  gtk_widget_class_install_property_action (widget_class, "win.chat-notifications", "chat-notifications");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.add-account", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
}

static void
schnack_window_init (SchnackWindow *self)
{
  AdwHeaderBar *sidebar_header;

  g_type_ensure (SCHNACK_TYPE_ACCOUNT_ROW);
  g_type_ensure (SCHNACK_TYPE_WIZARD);
  g_type_ensure (SCHNACK_TYPE_CONTACTS_PANE);
  g_type_ensure (SCHNACK_TYPE_CONVERSATIONS_PANE);
  g_type_ensure (SCHNACK_TYPE_CHAT_VIEW);
  g_type_ensure (SCHNACK_TYPE_SEARCH_VIEW);
  g_type_ensure (SCHNACK_TYPE_CONTACT_DETAILS);
  g_type_ensure (SCHNACK_TYPE_OCCUPANT_LIST_VIEW);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->room_actions = schnack_room_actions_new (GTK_WINDOW (self));
  g_signal_connect_swapped (self->room_actions, "left", G_CALLBACK (on_room_left), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "room",
                                  schnack_room_actions_get_action_group (self->room_actions));
  schnack_wizard_set_menu_model (self->wizard, self->primary_menu);
  schnack_contacts_pane_set_menu_model (self->contacts_pane, self->primary_menu);
  schnack_conversations_pane_set_menu_model (self->conversations_pane, self->primary_menu);

  /* Window buttons on whichever side is the window's edge. */
  sidebar_header = schnack_contacts_pane_get_header_bar (self->contacts_pane);
  g_object_bind_property (self->main_leaflet, "folded", sidebar_header, "show-end-title-buttons",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->main_leaflet, "folded",
                          schnack_conversations_pane_get_header_bar (self->conversations_pane),
                          "show-end-title-buttons", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->main_leaflet, "folded", self->content_header_bar, "show-start-title-buttons",
                          G_BINDING_SYNC_CREATE);
  on_folded_changed (self);
  set_detail (self, "welcome");
  g_signal_connect (self, "notify::is-active", G_CALLBACK (update_focused_conversation), NULL);
}

/**
 * schnack_window_new:
 * @application: (nullable): the application, %NULL in tests
 */
SchnackWindow *
schnack_window_new (GtkApplication        *application,
                    SchnackAccountManager *account_manager)
{
  SchnackWindow *self;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (account_manager), NULL);

  self = g_object_new (SCHNACK_TYPE_WINDOW, "application", application, NULL);
  self->account_manager = g_object_ref (account_manager);
  schnack_wizard_set_account_manager (self->wizard, account_manager);
  schnack_contacts_pane_set_account_manager (self->contacts_pane, account_manager);
  schnack_conversations_pane_set_account_manager (self->conversations_pane, account_manager);
  schnack_search_view_set_account_manager (self->search_view, account_manager);
  gtk_list_box_bind_model (self->account_list, G_LIST_MODEL (self->account_manager),
                           create_account_row, NULL, NULL);
  g_signal_connect_swapped (self->account_manager, "items-changed",
                            G_CALLBACK (update_visible_page), self);
  update_visible_page (self);
  return self;
}
