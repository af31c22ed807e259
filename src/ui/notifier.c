/* notifier.c — desktop notifications for new messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Watches every account for incoming chat messages (as each chat's
 * notification level says: by default every message of a one-to-one
 * chat, in rooms only those that name our nickname) and shows one
 * notification per chat (libnotify), replaced by the chat's newest
 * message as GNOME apps and Dino do, and withdrawn once the chat is read
 * — here or on another device. Nothing is shown for the chat the user is
 * looking at, for strangers waiting in Requests, for archive messages
 * that were already read, or while the account is set to do not disturb.
 *
 * Notification servers parse the body as markup: the message text goes
 * in escaped. The summary is plain text by the specification.
 */
#include "config.h"

#include "ui/notifier.h"
#include "ui/message-text.h"
#include "ui/room-names.h"
#include "ui/settings.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

/* Enough for a notification bubble; servers cut it further. */
#define PREVIEW_CHARS 200
/* Messages that arrive together make one D-Bus call per chat, not one
 * each: every call blocks the UI thread until the server answers. A
 * catch-up after being away stores thousands over seconds, so its
 * updates wait longer. */
#define COALESCE_MS 100
#define COALESCE_CATCH_UP_MS 1000

struct _SchnackNotifier
{
  GObject                parent_instance;

  GtkApplication        *application;      /* weak: it owns us */
  SchnackAccountManager *account_manager;
  GSettings             *settings;         /* NULL when the schema is not installed */
  GHashTable            *watches;          /* SchnackAccount → AccountWatch */
  GHashTable            *shown;            /* "account-id/jid" → ChatNotification */
  guint                  flush_source;
  gint64                 flush_due;        /* monotonic µs */

  SchnackAccount        *focused_account;
  char                  *focused_jid;
};

G_DEFINE_FINAL_TYPE (SchnackNotifier, schnack_notifier, G_TYPE_OBJECT)

typedef struct
{
  SchnackNotifier *notifier;
  SchnackAccount  *account;
  gulong           message_stored_handler;
  gulong           conversations_changed_handler;
} AccountWatch;

typedef struct
{
  SchnackNotifier     *notifier;
  char                *key;
  gint64               account_id;
  char                *jid;
  NotifyNotification  *notification;
  gboolean             on_screen;         /* FALSE until the server has it */
  gboolean             pending;           /* newer text waits for the next flush */
  gulong               closed_handler;
  SchnackConversation *conversation;
  gulong               unread_handler;
} ChatNotification;

static char *
chat_key (gint64      account_id,
          const char *jid)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%s", account_id, jid);
}

static void
chat_notification_free (ChatNotification *chat)
{
  g_clear_signal_handler (&chat->unread_handler, chat->conversation);
  g_clear_object (&chat->conversation);
  g_clear_signal_handler (&chat->closed_handler, chat->notification);
  g_clear_object (&chat->notification);
  g_free (chat->jid);
  g_free (chat->key);
  g_free (chat);
}

/* Withdraws the chat's notification, if it has one. */
static void
withdraw (SchnackNotifier *self,
          gint64           account_id,
          const char      *jid)
{
  g_autofree char *key = chat_key (account_id, jid);
  ChatNotification *chat = g_hash_table_lookup (self->shown, key);
  g_autoptr(GError) error = NULL;

  if (chat == NULL)
    return;
  if (chat->on_screen && !notify_notification_close (chat->notification, &error))
    g_debug ("Could not withdraw the notification for %s: %s", jid, error->message);
  g_hash_table_remove (self->shown, key);
}

static void
withdraw_account (SchnackNotifier *self,
                  gint64           account_id)
{
  g_autoptr(GPtrArray) jids = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  ChatNotification *chat;

  g_hash_table_iter_init (&iter, self->shown);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &chat))
    if (chat->account_id == account_id)
      g_ptr_array_add (jids, g_strdup (chat->jid));
  for (guint i = 0; i < jids->len; i++)
    withdraw (self, account_id, g_ptr_array_index (jids, i));
}

/* ------------------------------------------------------------- reading */

static void
on_unread_count_changed (SchnackConversation *conversation,
                         GParamSpec          *pspec,
                         ChatNotification    *chat)
{
  if (schnack_conversation_get_unread_count (conversation) == 0)
    withdraw (chat->notifier, chat->account_id, chat->jid);
}

/* A chat closed, or replaced by a new object: look again. */
static void
on_conversations_changed (AccountWatch *watch,
                          guint         position,
                          guint         removed,
                          guint         added)
{
  SchnackNotifier *self = watch->notifier;
  SchnackConversationList *conversations = schnack_account_get_conversations (watch->account);
  gint64 account_id = schnack_account_get_id (watch->account);
  g_autoptr(GPtrArray) read = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  ChatNotification *chat;

  g_hash_table_iter_init (&iter, self->shown);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &chat))
    {
      SchnackConversation *conversation;

      if (chat->account_id != account_id)
        continue;
      conversation = schnack_conversation_list_find (conversations, chat->jid);
      if (conversation == NULL || schnack_conversation_get_unread_count (conversation) == 0)
        g_ptr_array_add (read, g_strdup (chat->jid));
    }
  for (guint i = 0; i < read->len; i++)
    withdraw (self, account_id, g_ptr_array_index (read, i));
}

/* The user closed it, or clicked it (the server closes it then). */
static void
on_notification_closed (NotifyNotification *notification,
                        ChatNotification   *chat)
{
  /* A newer message that came meanwhile still gets shown. */
  if (chat->pending)
    chat->on_screen = FALSE;
  else
    g_hash_table_remove (chat->notifier->shown, chat->key);
}

/* --------------------------------------------------------------- showing */

static gboolean
is_chat_in_view (SchnackNotifier *self,
                 SchnackAccount  *account,
                 const char      *jid)
{
  GtkWindow *window;

  if (self->focused_account != account || self->focused_jid == NULL ||
      g_ascii_strcasecmp (self->focused_jid, jid) != 0)
    return FALSE;
  if (self->application == NULL)
    return FALSE;
  window = gtk_application_get_active_window (self->application);
  return window != NULL && gtk_window_is_active (window) && gtk_widget_get_visible (GTK_WIDGET (window));
}

static gboolean
shows_contents (SchnackNotifier *self)
{
  return self->settings == NULL ||
         g_settings_get_boolean (self->settings, SCHNACK_SETTINGS_NOTIFICATION_SHOW_CONTENTS);
}

static char *
body_markup (SchnackNotifier            *self,
             const SchnackMessageRecord *record,
             const char                 *sender_name)
{
  g_autofree char *preview = NULL;

  if (!shows_contents (self) || record->body == NULL || record->body[0] == '\0')
    return g_markup_escape_text (_("New message"), -1);

  if (schnack_message_text_is_me_command (record->body))
    {
      g_autofree char *action = g_strdup_printf ("* %s %s", sender_name,
                                                 record->body + strlen ("/me "));

      preview = schnack_message_text_to_plain_preview (action, PREVIEW_CHARS);
    }
  else
    preview = schnack_message_text_to_plain_preview (record->body, PREVIEW_CHARS);
  return g_markup_escape_text (preview, -1);
}

static void
on_open_chat (NotifyNotification *notification,
              char               *action,
              gpointer            user_data)
{
  ChatNotification *chat = user_data;
  GtkApplication *application = chat->notifier->application;

  if (application == NULL)
    return;
  g_action_group_activate_action (G_ACTION_GROUP (application), "open-chat",
                                  g_variant_new ("(xs)", chat->account_id, chat->jid));
}

static ChatNotification *
chat_notification_new (SchnackNotifier     *self,
                       SchnackAccount      *account,
                       SchnackConversation *conversation,
                       const char          *jid)
{
  ChatNotification *chat = g_new0 (ChatNotification, 1);

  chat->notifier = self;
  chat->account_id = schnack_account_get_id (account);
  chat->jid = g_strdup (jid);
  chat->key = chat_key (chat->account_id, jid);
  chat->notification = notify_notification_new ("", NULL, NULL);
  notify_notification_set_category (chat->notification, "im.received");
  notify_notification_set_hint (chat->notification, "desktop-entry", g_variant_new_string (APP_ID));
  notify_notification_add_action (chat->notification, "default", _("Open"), on_open_chat, chat, NULL);
  notify_notification_add_action (chat->notification, "open", _("Open"), on_open_chat, chat, NULL);
  chat->closed_handler = g_signal_connect (chat->notification, "closed",
                                           G_CALLBACK (on_notification_closed), chat);
  chat->conversation = g_object_ref (conversation);
  chat->unread_handler = g_signal_connect (conversation, "notify::unread-count",
                                           G_CALLBACK (on_unread_count_changed), chat);
  return chat;
}

static gboolean
flush_pending (gpointer user_data)
{
  SchnackNotifier *self = user_data;
  g_autoptr(GPtrArray) failed = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  ChatNotification *chat;

  self->flush_source = 0;
  g_hash_table_iter_init (&iter, self->shown);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &chat))
    {
      g_autoptr(GError) error = NULL;

      if (!chat->pending)
        continue;
      chat->pending = FALSE;
      /* The same notification again: the server replaces it in place. */
      if (notify_notification_show (chat->notification, &error))
        chat->on_screen = TRUE;
      else
        {
          g_debug ("Could not show a notification: %s", error->message);
          if (!chat->on_screen)
            g_ptr_array_add (failed, g_strdup (chat->key));
        }
    }
  for (guint i = 0; i < failed->len; i++)
    g_hash_table_remove (self->shown, g_ptr_array_index (failed, i));
  return G_SOURCE_REMOVE;
}

static void
schedule_flush (SchnackNotifier *self,
                guint            delay_ms)
{
  gint64 due = g_get_monotonic_time () + delay_ms * (gint64) 1000;

  if (self->flush_source != 0 && self->flush_due <= due)
    return;
  g_clear_handle_id (&self->flush_source, g_source_remove);
  self->flush_due = due;
  self->flush_source = g_timeout_add (delay_ms, flush_pending, self);
}

static void
notify_message (SchnackNotifier            *self,
                SchnackAccount             *account,
                SchnackConversation        *conversation,
                const SchnackMessageRecord *record)
{
  SchnackContact *contact = schnack_contact_list_find (schnack_account_get_contacts (account),
                                                       record->conversation_jid);
  const char *name = contact != NULL ? schnack_contact_get_display_name (contact) : NULL;
  const char *avatar = contact != NULL ? schnack_contact_get_avatar_file (contact) : NULL;
  g_autofree char *key = chat_key (schnack_account_get_id (account), record->conversation_jid);
  g_autofree char *summary = NULL;
  g_autofree char *body = NULL;
  g_autofree char *room_summary = NULL;
  ChatNotification *chat;

  if (record->conversation_kind == SCHNACK_CONVERSATION_KIND_GROUPCHAT)
    {
      SchnackRoom *room = schnack_room_list_find (schnack_account_get_rooms (account), record->conversation_jid);
      g_autofree char *room_name = schnack_room_dup_display_name (room, record->conversation_jid);
      g_autofree char *sender = schnack_message_text_isolate (record->sender != NULL ? record->sender : "");
      g_autofree char *where = schnack_message_text_isolate (room_name);

      /* Translators: a notification's title: who wrote, in which room */
      room_summary = g_strdup_printf (_("%s in %s"), sender, where);
      name = room_summary;
    }
  if (name == NULL || name[0] == '\0')
    name = record->conversation_jid;
  summary = room_summary != NULL ? g_strdup (room_summary) : schnack_message_text_isolate (name);
  body = body_markup (self, record, summary);
  if (avatar == NULL || !g_file_test (avatar, G_FILE_TEST_IS_REGULAR))
    avatar = APP_ID;

  chat = g_hash_table_lookup (self->shown, key);
  if (chat == NULL)
    {
      chat = chat_notification_new (self, account, conversation, record->conversation_jid);
      g_hash_table_insert (self->shown, g_strdup (chat->key), chat);
    }
  notify_notification_update (chat->notification, summary, body, avatar);
  chat->pending = TRUE;
  schedule_flush (self, record->catch_up ? COALESCE_CATCH_UP_MS : COALESCE_MS);
}

static void
on_message_stored (SchnackAccount             *account,
                   const SchnackMessageRecord *record,
                   AccountWatch               *watch)
{
  SchnackNotifier *self = watch->notifier;
  SchnackConversation *conversation;
  SchnackConnection *connection;
  gboolean mentions_us = FALSE;

  if (record->direction != SCHNACK_MESSAGE_DIRECTION_INCOMING ||
      record->retracted || record->conversation_jid == NULL)
    return;
  if (record->conversation_kind == SCHNACK_CONVERSATION_KIND_GROUPCHAT)
    {
      SchnackRoom *room = schnack_room_list_find (schnack_account_get_rooms (account), record->conversation_jid);

      if (room == NULL)
        return;
      mentions_us = schnack_room_text_mentions (record->body, schnack_room_get_nick (room));
    }
  else if (record->conversation_kind != SCHNACK_CONVERSATION_KIND_CHAT)
    return;

  /* Strangers wait in Requests: their chat stays closed, so unlisted.
   * An archive message older than what was read adds nothing unread. */
  conversation = schnack_conversation_list_find (schnack_account_get_conversations (account),
                                                 record->conversation_jid);
  if (conversation == NULL || schnack_conversation_get_unread_count (conversation) == 0)
    return;
  /* The chat's own setting; by default in rooms only what names us
   * notifies, the rest waits, counted unread. */
  if (!schnack_conversation_notifies (conversation, mentions_us))
    return;

  connection = schnack_account_get_connection (account);
  if (connection != NULL && schnack_connection_get_show (connection) == SCHNACK_SHOW_DND)
    return;
  if (is_chat_in_view (self, account, record->conversation_jid))
    return;

  notify_message (self, account, conversation, record);
}

/* ------------------------------------------------------------- accounts */

static void
account_watch_free (AccountWatch *watch)
{
  g_clear_signal_handler (&watch->message_stored_handler, watch->account);
  g_clear_signal_handler (&watch->conversations_changed_handler,
                          schnack_account_get_conversations (watch->account));
  g_object_unref (watch->account);
  g_free (watch);
}

static void
watch_account (SchnackNotifier *self,
               SchnackAccount  *account)
{
  AccountWatch *watch = g_new0 (AccountWatch, 1);

  watch->notifier = self;
  watch->account = g_object_ref (account);
  watch->message_stored_handler =
    g_signal_connect (account, "message-stored", G_CALLBACK (on_message_stored), watch);
  watch->conversations_changed_handler =
    g_signal_connect_swapped (schnack_account_get_conversations (account), "items-changed",
                              G_CALLBACK (on_conversations_changed), watch);
  g_hash_table_insert (self->watches, account, watch);
}

/* Accounts come and go: watch exactly the ones the manager has. */
static void
sync_accounts (SchnackNotifier *self)
{
  GListModel *accounts = G_LIST_MODEL (self->account_manager);
  guint n = g_list_model_get_n_items (accounts);
  g_autoptr(GHashTable) current = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  GHashTableIter iter;
  SchnackAccount *account;

  for (guint i = 0; i < n; i++)
    {
      account = g_list_model_get_item (accounts, i);
      g_hash_table_add (current, account);
      if (!g_hash_table_contains (self->watches, account))
        watch_account (self, account);
    }

  g_hash_table_iter_init (&iter, self->watches);
  while (g_hash_table_iter_next (&iter, (gpointer *) &account, NULL))
    if (!g_hash_table_contains (current, account))
      {
        withdraw_account (self, schnack_account_get_id (account));
        if (self->focused_account == account)
          schnack_notifier_set_focused_conversation (self, NULL, NULL);
        g_hash_table_iter_remove (&iter);
      }
}

static void
on_accounts_changed (SchnackNotifier *self,
                     guint            position,
                     guint            removed,
                     guint            added)
{
  sync_accounts (self);
}

/* ------------------------------------------------------------ the object */

/**
 * schnack_notifier_set_focused_conversation:
 * @account: (nullable): the account of the chat in view
 * @jid: (nullable): the bare JID of the chat in view, or %NULL for none
 *
 * The window says which chat it shows. That chat gets no notifications
 * while its window has the focus, and the one it had is withdrawn.
 */
void
schnack_notifier_set_focused_conversation (SchnackNotifier *self,
                                           SchnackAccount  *account,
                                           const char      *jid)
{
  g_return_if_fail (SCHNACK_IS_NOTIFIER (self));
  g_return_if_fail (account == NULL || SCHNACK_IS_ACCOUNT (account));

  if (account == NULL || jid == NULL)
    {
      account = NULL;
      jid = NULL;
    }
  g_set_object (&self->focused_account, account);
  g_free (self->focused_jid);
  self->focused_jid = g_strdup (jid);
  if (account != NULL)
    withdraw (self, schnack_account_get_id (account), jid);
}

static void
schnack_notifier_dispose (GObject *object)
{
  SchnackNotifier *self = SCHNACK_NOTIFIER (object);

  if (self->account_manager != NULL)
    g_signal_handlers_disconnect_by_data (self->account_manager, self);
  g_clear_handle_id (&self->flush_source, g_source_remove);
  /* Withdrawn: a notification that outlives Schnack could not open a chat. */
  if (self->shown != NULL)
    {
      GHashTableIter iter;
      ChatNotification *chat;

      g_hash_table_iter_init (&iter, self->shown);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &chat))
        if (chat->on_screen)
          notify_notification_close (chat->notification, NULL);
    }
  g_clear_pointer (&self->shown, g_hash_table_unref);
  g_clear_pointer (&self->watches, g_hash_table_unref);
  g_clear_object (&self->account_manager);
  g_clear_object (&self->settings);
  g_clear_object (&self->focused_account);
  g_clear_weak_pointer (&self->application);

  G_OBJECT_CLASS (schnack_notifier_parent_class)->dispose (object);
}

static void
schnack_notifier_finalize (GObject *object)
{
  SchnackNotifier *self = SCHNACK_NOTIFIER (object);

  g_free (self->focused_jid);

  G_OBJECT_CLASS (schnack_notifier_parent_class)->finalize (object);
}

static void
schnack_notifier_class_init (SchnackNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = schnack_notifier_dispose;
  object_class->finalize = schnack_notifier_finalize;
}

static void
schnack_notifier_init (SchnackNotifier *self)
{
  self->watches = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) account_watch_free);
  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) chat_notification_free);
}

/**
 * schnack_notifier_new:
 * @application: where "app.open-chat" lives and whose windows have focus
 * @account_manager: the accounts to watch
 */
SchnackNotifier *
schnack_notifier_new (GtkApplication        *application,
                      SchnackAccountManager *account_manager)
{
  SchnackNotifier *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (account_manager), NULL);

  if (!notify_is_initted ())
    notify_init ("Schnack");

  self = g_object_new (SCHNACK_TYPE_NOTIFIER, NULL);
  g_set_weak_pointer (&self->application, application);
  self->account_manager = g_object_ref (account_manager);
  self->settings = schnack_settings_new ();
  g_signal_connect_swapped (account_manager, "items-changed", G_CALLBACK (on_accounts_changed), self);
  sync_accounts (self);
  return self;
}
