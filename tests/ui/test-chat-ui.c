/* test-chat-ui.c — one-to-one chats as a user sees them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In-process GTK tests of the main window's chats on a real Prosody,
 * with a slixmpp peer on the other side: writing from a contact's page,
 * the peer's answer in the chat and the conversation list, markup and
 * tricks in bodies shown as text, the delivery state of own messages,
 * the draft kept across a restart, older pages while scrolling up, a
 * 1 MB message folded, and a chat closed and reopened.
 *
 * With SCHNACK_TEST_SCREENSHOT_DIR set, each test leaves a screenshot
 * of the window there (`import`, ImageMagick) to look at.
 */
#include <adwaita.h>
#include <string.h>

#include "connection-test-util.h"
#include "core/account-manager.h"
#include "core/account-private.h"
#include "core/history-feed.h"
#include "test-peer.h"
#include "ui/application.h"
#include "ui/chat-view.h"
#include "ui/composer.h"
#include "ui/contacts-pane.h"
#include "ui/conversation-row.h"
#include "ui/conversations-pane.h"
#include "ui/message-row.h"
#include "ui/search-view.h"
#include "ui/window.h"
#include "ui-test-util.h"

#define TIMEOUT_MS 15000
#define PASSWORD "chat-ui-password"

static SchnackTestProsody *server;

typedef struct {
  SchnackTestAccountWindow  me;
  SchnackTestPeer           *peer;
  char                      *peer_jid;
} Fixture;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
have_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

typedef struct {
  SchnackAccount *account;
  const char     *jid;
} ContactWait;

static gboolean
mutual (gpointer data)
{
  ContactWait *wait = data;
  SchnackContact *contact = schnack_contact_list_find (schnack_account_get_contacts (wait->account), wait->jid);

  return contact != NULL && schnack_contact_get_subscription (contact) == SCHNACK_SUBSCRIPTION_BOTH;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  ContactWait wait;

  schnack_test_account_window_init (&fixture->me, server, "me", PASSWORD);
  fixture->me.width = 900;
  fixture->peer_jid = schnack_test_register_user (server, "anna", PASSWORD);
  schnack_test_account_window_open (&fixture->me, TRUE);

  fixture->peer = schnack_test_peer_start (server, fixture->peer_jid, PASSWORD, NULL);
  g_assert_nonnull (fixture->peer);
  schnack_contact_list_add_contact_async (schnack_account_get_contacts (fixture->me.account),
                                          fixture->peer_jid, "Anna <b>Bold</b>", NULL, NULL, on_done, &result);
  g_assert_true (schnack_test_wait_until (have_result, &result, TIMEOUT_MS));
  line = schnack_test_peer_wait_event_with (fixture->peer, "subscribe", "from", fixture->me.jid, TIMEOUT_MS);
  g_assert_nonnull (line);
  g_assert_true (schnack_test_peer_authorize (fixture->peer, fixture->me.jid, &error));
  g_assert_true (schnack_test_peer_subscribe (fixture->peer, fixture->me.jid, &error));
  wait = (ContactWait) { fixture->me.account, fixture->peer_jid };
  g_assert_true (schnack_test_wait_until (mutual, &wait, TIMEOUT_MS));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->peer, schnack_test_peer_free);
  schnack_test_account_window_clear (&fixture->me);
  g_free (fixture->peer_jid);
}

/* ------------------------------------------------------------ helpers */

static GtkWidget *
find (Fixture    *fixture,
      const char *id)
{
  GtkWidget *widget = schnack_test_find_widget (GTK_WIDGET (fixture->me.window), id);

  g_assert_nonnull (widget);
  return widget;
}

static SchnackChatView *
chat_view (Fixture *fixture)
{
  return schnack_window_get_chat_view (fixture->me.window);
}

static SchnackComposer *
composer (Fixture *fixture)
{
  return SCHNACK_COMPOSER (schnack_chat_view_get_composer (chat_view (fixture)));
}

static void
type_into_composer (Fixture    *fixture,
                    const char *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (schnack_composer_get_text_view (composer (fixture)));

  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
}

static SchnackMessageRow *
find_message_row (GtkWidget  *root,
                  const char *body)
{
  return schnack_test_find_message_row (root, body);
}

typedef struct {
  Fixture    *fixture;
  const char *body;
} RowWait;

static SchnackMessageRow *
wait_for_message_row_within (Fixture    *fixture,
                             const char *body,
                             guint       timeout_ms)
{
  return schnack_test_wait_for_message_row (GTK_WIDGET (chat_view (fixture)), body, timeout_ms);
}

static SchnackMessageRow *
wait_for_message_row (Fixture    *fixture,
                      const char *body)
{
  return wait_for_message_row_within (fixture, body, TIMEOUT_MS);
}

static SchnackConversationRow *
find_conversation_row (GtkWidget  *root,
                       const char *jid)
{
  if (SCHNACK_IS_CONVERSATION_ROW (root))
    {
      SchnackConversation *conversation = schnack_conversation_row_get_conversation (SCHNACK_CONVERSATION_ROW (root));

      if (conversation != NULL && g_strcmp0 (schnack_conversation_get_jid (conversation), jid) == 0)
        return SCHNACK_CONVERSATION_ROW (root);
      return NULL;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      SchnackConversationRow *found = find_conversation_row (child, jid);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Returns: (transfer full) (nullable) */
static SchnackChatMessage *
last_message (Fixture *fixture)
{
  GListModel *history = G_LIST_MODEL (schnack_chat_view_get_history (chat_view (fixture)));
  guint n = g_list_model_get_n_items (history);

  return n > 0 ? g_list_model_get_item (history, n - 1) : NULL;
}

typedef struct {
  Fixture              *fixture;
  SchnackDeliveryState  state;
} StateWait;

static gboolean
last_message_reached (gpointer data)
{
  StateWait *wait = data;
  g_autoptr(SchnackChatMessage) message = last_message (wait->fixture);

  return message != NULL && schnack_chat_message_get_delivery_state (message) >= wait->state &&
         schnack_chat_message_get_delivery_state (message) != SCHNACK_DELIVERY_STATE_FAILED;
}

static gboolean
chat_page_shown (gpointer data)
{
  Fixture *fixture = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (find (fixture, "detail_stack"))), "chat") == 0;
}

/* ------------------------------------------------------------ tests */

/* @n messages a few minutes apart in the past, every third one ours. */
static void
store_old_messages (Fixture *fixture,
                    guint    n)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackMessageRecord) message = schnack_message_record_new ();
      gboolean inserted = FALSE;

      message->account_id = schnack_account_get_id (fixture->me.account);
      message->conversation_jid = g_strdup (fixture->peer_jid);
      message->direction = i % 3 == 0 ? SCHNACK_MESSAGE_DIRECTION_OUTGOING : SCHNACK_MESSAGE_DIRECTION_INCOMING;
      message->sender = g_strdup (i % 3 == 0 ? fixture->me.jid : fixture->peer_jid);
      message->body = g_strdup_printf ("old message %u *with* _styling_ and https://example.org/%u", i, i);
      message->sent_at = now - (n - i) * 7 * G_TIME_SPAN_MINUTE;
      message->delivery_state = SCHNACK_DELIVERY_STATE_READ;
      message->origin_id = g_strdup_printf ("old-%u", i);
      g_assert_true (schnack_store_insert_message (schnack_account_manager_get_store (fixture->me.manager),
                                                   message, &inserted, &error));
    }
  schnack_conversation_list_refresh (schnack_account_get_conversations (fixture->me.account), fixture->peer_jid);
}


/* From the contact's page to a chat; the message goes out, the answer
 * comes in, both in the chat and at the top of the conversation list. */
static void
test_send_and_receive (Fixture       *fixture,
                       gconstpointer  data)
{
  SchnackContact *anna = schnack_contact_list_find (schnack_account_get_contacts (fixture->me.account),
                                                    fixture->peer_jid);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  SchnackMessageRow *row;
  SchnackConversationRow *conversation_row;
  StateWait state_wait = { fixture, SCHNACK_DELIVERY_STATE_ACKED };
  const char *tricky = "<b>not bold</b> &amp; <a href='javascript:alert(1)'>x</a> \u202eevil\u202c \u200b end";

  g_assert_nonnull (anna);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find (fixture, "conversations_stack"))), ==, "empty");

  /* Contacts → Anna → Send Message. */
  schnack_contacts_pane_select_contact (SCHNACK_CONTACTS_PANE (find (fixture, "contacts_pane")), anna);
  g_assert_true (gtk_widget_activate_action (find (fixture, "details_message_button"), "win.message-contact", NULL));
  g_assert_true (schnack_test_wait_until (chat_page_shown, fixture, TIMEOUT_MS));
  g_assert_cmpstr (schnack_chat_view_get_jid (chat_view (fixture)), ==, fixture->peer_jid);

  type_into_composer (fixture, "Hallo Anna!");
  schnack_composer_send (composer (fixture));
  row = wait_for_message_row (fixture, "Hallo Anna!");
  g_assert_cmpstr (schnack_message_row_get_shown_text (row), ==, "Hallo Anna!");
  line = schnack_test_peer_wait_event_with (fixture->peer, "message", "body", "Hallo Anna!", TIMEOUT_MS);
  g_assert_nonnull (line);
  g_clear_pointer (&line, g_free);
  g_assert_true (schnack_test_wait_until (last_message_reached, &state_wait, TIMEOUT_MS));

  /* The answer: markup, a fake link, an RTL override — all just text. */
  g_assert_true (schnack_test_peer_send_message (fixture->peer, fixture->me.jid, tricky, NULL, &error));
  row = wait_for_message_row (fixture, tricky);
  g_assert_cmpstr (schnack_message_row_get_shown_text (row), ==, tricky);
  {
    GtkLabel *body = GTK_LABEL (schnack_test_find_widget (GTK_WIDGET (row), "message_body_label"));

    g_assert_nonnull (strstr (gtk_label_get_text (body), "<b>not bold</b>"));
    /* No link: the peer's <a> is text. */
    g_assert_null (strstr (gtk_label_get_label (body), "<a "));
  }

  conversation_row = find_conversation_row (find (fixture, "conversations_list_view"), fixture->peer_jid);
  g_assert_nonnull (conversation_row);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (schnack_test_find_widget (GTK_WIDGET (conversation_row),
                                                                              "conversation_name_label"))),
                   ==, "Anna <b>Bold</b>");
  schnack_test_take_screenshot ("chat-send-and-receive.png");
}

static gboolean
draft_saved (gpointer data)
{
  Fixture *fixture = data;
  SchnackConversation *conversation =
    schnack_conversation_list_find (schnack_account_get_conversations (fixture->me.account), fixture->peer_jid);

  return conversation != NULL && g_strcmp0 (schnack_conversation_get_draft (conversation), "half a thought") == 0;
}

/* What was typed and not sent is there again after a restart. */
static void
test_draft_survives_restart (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *text = NULL;
  SchnackConversationRow *row;
  const char *preview;

  schnack_window_open_conversation (fixture->me.window, fixture->me.account, fixture->peer_jid);
  g_assert_true (schnack_test_wait_until (chat_page_shown, fixture, TIMEOUT_MS));
  type_into_composer (fixture, "half a thought");
  g_assert_true (schnack_test_wait_until (draft_saved, fixture, TIMEOUT_MS));

  row = find_conversation_row (find (fixture, "conversations_list_view"), fixture->peer_jid);
  g_assert_nonnull (row);
  preview = gtk_label_get_text (GTK_LABEL (schnack_test_find_widget (GTK_WIDGET (row), "conversation_preview_label")));
  g_assert_nonnull (strstr (preview, "half a thought"));

  g_clear_pointer (&fixture->peer, schnack_test_peer_free);
  schnack_test_account_window_close (&fixture->me);
  schnack_test_account_window_open (&fixture->me, FALSE);
  schnack_window_open_conversation (fixture->me.window, fixture->me.account, fixture->peer_jid);
  g_assert_true (schnack_test_wait_until (chat_page_shown, fixture, TIMEOUT_MS));
  text = schnack_composer_dup_text (composer (fixture));
  g_assert_cmpstr (text, ==, "half a thought");
}

static gboolean
at_end (gpointer data)
{
  Fixture *fixture = data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (find (fixture, "chat_scroller")));

  return schnack_chat_view_is_at_end (chat_view (fixture)) &&
         gtk_adjustment_get_upper (adjustment) > 0 &&
         gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment)
           >= gtk_adjustment_get_upper (adjustment) - 8;
}

static gboolean
history_grew (gpointer data)
{
  Fixture *fixture = data;

  return g_list_model_get_n_items (G_LIST_MODEL (schnack_chat_view_get_history (chat_view (fixture)))) > 60;
}

static gboolean
scrolled_to_top_again (gpointer data)
{
  Fixture *fixture = data;
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (find (fixture, "chat_scroller"));

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), 0);
  return history_grew (fixture);
}

/* A long history: the chat opens on its newest page, older ones come
 * while scrolling up; a 1 MB message is folded. */
static void
test_long_history_and_huge_message (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) huge = g_string_sized_new (1024 * 1024);
  SchnackMessageRow *row;
  gint64 started;

  store_old_messages (fixture, 300);

  started = g_get_monotonic_time ();
  schnack_window_open_conversation (fixture->me.window, fixture->me.account, fixture->peer_jid);
  g_assert_true (schnack_test_wait_until (chat_page_shown, fixture, TIMEOUT_MS));
  g_test_message ("chat with 300 messages open after %.1f ms",
                  (g_get_monotonic_time () - started) / 1000.0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (schnack_chat_view_get_history (chat_view (fixture)))), ==, 60);
  schnack_test_take_screenshot ("chat-history-open.png");
  wait_for_message_row (fixture, "old message 299 *with* _styling_ and https://example.org/299");
  schnack_test_take_screenshot ("chat-history.png");

  g_assert_true (schnack_test_wait_until (at_end, fixture, TIMEOUT_MS));

  /* Scrolling up brings the page before; the button leads back down. */
  g_assert_true (schnack_test_wait_until (scrolled_to_top_again, fixture, TIMEOUT_MS));
  g_assert_false (schnack_chat_view_is_at_end (chat_view (fixture)));
  schnack_test_click (find (fixture, "chat_jump_button"));
  g_assert_true (schnack_test_wait_until (at_end, fixture, TIMEOUT_MS));

  /* Long lines: libstrophe 0.12's parser appends each piece of text with
   * strncat, so the cost grows with the number of lines squared — a
   * 1 MB body of 20,000 short lines takes it seconds (minutes under
   * ASan) in the connection thread. */
  for (guint i = 0; huge->len < 1024 * 1024; i++)
    {
      g_string_append_printf (huge, "line %u of a very long message <i>with markup</i> ", i);
      for (guint j = 0; j < 20; j++)
        g_string_append (huge, "and more words to fill the line ");
      g_string_append_c (huge, '\n');
    }
  g_assert_true (schnack_test_peer_send_message (fixture->peer, fixture->me.jid, huge->str, NULL, &error));
  started = g_get_monotonic_time ();
  row = wait_for_message_row_within (fixture, huge->str, 60000);
  g_test_message ("1 MB message shown after %.1f ms", (g_get_monotonic_time () - started) / 1000.0);
  g_assert_cmpuint (strlen (schnack_message_row_get_shown_text (row)), <, 4000);
  g_assert_true (gtk_widget_get_visible (schnack_test_find_widget (GTK_WIDGET (row), "message_more_button")));
  g_assert_true (schnack_test_wait_until (at_end, fixture, TIMEOUT_MS));
  schnack_test_take_screenshot ("chat-huge-message.png");
}

static gboolean
top_loaded (gpointer data)
{
  Fixture *fixture = data;
  SchnackMessageHistory *history = schnack_chat_view_get_history (chat_view (fixture));
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (find (fixture, "chat_scroller"));
  g_autoptr(SchnackChatMessage) first = g_list_model_get_item (G_LIST_MODEL (history), 0);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), 0);
  return !schnack_message_history_has_older (history) &&
         g_strcmp0 (schnack_chat_message_get_body (first), "flood 0") == 0;
}

/* A flood followed at the end: the chat holds a bounded window of it,
 * and scrolling up still reaches its first message (from the store). */
static void
test_flood_keeps_a_bounded_window (Fixture       *fixture,
                                   gconstpointer  data)
{
  SchnackStore *store = schnack_account_manager_get_store (fixture->me.manager);
  SchnackHistoryFeed *feed = schnack_account_get_history_feed (fixture->me.account);
  SchnackMessageHistory *history;
  gint64 now = g_get_real_time ();
  guint most = 0;

  schnack_window_open_conversation (fixture->me.window, fixture->me.account, fixture->peer_jid);
  g_assert_true (schnack_test_wait_until (chat_page_shown, fixture, TIMEOUT_MS));
  history = schnack_chat_view_get_history (chat_view (fixture));

  /* As the ingest hands them on: stored a slice at a time. */
  for (guint slice = 0; slice < 40; slice++)
    {
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_message_record_free);

      for (guint i = slice * 50; i < (slice + 1) * 50; i++)
        {
          SchnackMessageRecord *message = schnack_message_record_new ();
          g_autoptr(GError) error = NULL;
          gboolean inserted = FALSE;

          message->account_id = schnack_account_get_id (fixture->me.account);
          message->conversation_jid = g_strdup (fixture->peer_jid);
          message->direction = SCHNACK_MESSAGE_DIRECTION_INCOMING;
          message->sender = g_strdup (fixture->peer_jid);
          message->body = g_strdup_printf ("flood %u", i);
          message->sent_at = now - (2000 - i) * G_TIME_SPAN_MILLISECOND;
          message->origin_id = g_strdup_printf ("flood-%u", i);
          g_assert_true (schnack_store_insert_message (store, message, &inserted, &error));
          g_ptr_array_add (records, message);
        }
      schnack_history_feed_messages_stored (feed, records);
      /* Shown at the bottom: the view followed the slice. */
      wait_for_message_row (fixture, ((SchnackMessageRecord *) g_ptr_array_index (records, 49))->body);
      g_assert_true (schnack_test_wait_until (at_end, fixture, TIMEOUT_MS));
      most = MAX (most, g_list_model_get_n_items (G_LIST_MODEL (history)));
    }
  /* A few hundred at most, not the 2,000 of the flood. */
  g_assert_cmpuint (most, <=, 800);
  g_assert_true (schnack_message_history_has_older (history));

  g_assert_true (schnack_test_wait_until (top_loaded, fixture, TIMEOUT_MS));
  g_assert_false (schnack_chat_view_is_at_end (chat_view (fixture)));
}

static gboolean
chat_listed (gpointer data)
{
  Fixture *fixture = data;

  return schnack_conversation_list_find (schnack_account_get_conversations (fixture->me.account),
                                         fixture->peer_jid) != NULL &&
         find_conversation_row (find (fixture, "conversations_list_view"), fixture->peer_jid) != NULL;
}

/* Closing a chat takes it off the list; the next message brings it back. */
static void
test_close_and_reopen (Fixture       *fixture,
                       gconstpointer  data)
{
  SchnackConversationList *list = schnack_account_get_conversations (fixture->me.account);
  g_autoptr(GError) error = NULL;

  schnack_window_open_conversation (fixture->me.window, fixture->me.account, fixture->peer_jid);
  g_assert_true (schnack_test_wait_until (chat_page_shown, fixture, TIMEOUT_MS));
  g_assert_nonnull (schnack_conversation_list_find (list, fixture->peer_jid));

  /* Pinned from the row's menu: the pin shows, and the window's menu
   * agrees. */
  {
    SchnackConversationRow *row = find_conversation_row (find (fixture, "conversations_list_view"), fixture->peer_jid);
    gboolean window_says_pinned = FALSE;

    g_assert_nonnull (row);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "conversation.pin", NULL));
    g_assert_true (schnack_conversation_get_pinned (schnack_conversation_list_find (list, fixture->peer_jid)));
    g_assert_true (gtk_widget_get_visible (schnack_test_find_widget (GTK_WIDGET (row), "conversation_pinned_image")));
    g_object_get (fixture->me.window, "chat-pinned", &window_says_pinned, NULL);
    g_assert_true (window_says_pinned);
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->me.window), "win.close-chat", NULL));
  g_assert_null (schnack_conversation_list_find (list, fixture->peer_jid));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find (fixture, "detail_stack"))), !=, "chat");

  g_assert_true (schnack_test_peer_send_message (fixture->peer, fixture->me.jid, "Bist du da?", NULL, &error));
  g_assert_true (schnack_test_wait_until (chat_listed, fixture, TIMEOUT_MS));
}

static gboolean
search_page_shown (gpointer data)
{
  Fixture *fixture = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (find (fixture, "detail_stack"))), "search") == 0;
}

/* Ctrl+F in a chat finds an old message; choosing it scrolls the chat
 * there, far from the newest page. */
static void
test_search_finds_old_message (Fixture       *fixture,
                               gconstpointer  data)
{
  SchnackSearchView *search;
  GListModel *results;
  SchnackMessageHistory *history;
  g_autoptr(SchnackChatMessage) first = NULL;
  guint position;

  store_old_messages (fixture, 400);
  schnack_window_open_conversation (fixture->me.window, fixture->me.account, fixture->peer_jid);
  g_assert_true (schnack_test_wait_until (chat_page_shown, fixture, TIMEOUT_MS));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->me.window), "win.search", NULL));
  g_assert_true (schnack_test_wait_until (search_page_shown, fixture, TIMEOUT_MS));
  search = SCHNACK_SEARCH_VIEW (find (fixture, "search_view"));
  schnack_search_view_set_text (search, "message 17");
  results = schnack_search_view_get_results (search);
  /* "17" matches as a whole word only: exactly one message. */
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  first = g_list_model_get_item (results, 0);
  g_assert_cmpstr (schnack_chat_message_get_body (first), ==,
                   "old message 17 *with* _styling_ and https://example.org/17");
  schnack_test_take_screenshot ("chat-search.png");

  schnack_search_view_activate_result (search, 0);
  g_assert_true (schnack_test_wait_until (chat_page_shown, fixture, TIMEOUT_MS));
  history = schnack_chat_view_get_history (chat_view (fixture));
  g_assert_nonnull (schnack_message_history_find (history, schnack_chat_message_get_id (first), &position));
  g_assert_true (schnack_message_history_has_newer (history));
  wait_for_message_row (fixture, schnack_chat_message_get_body (first));
  g_assert_false (schnack_chat_view_is_at_end (chat_view (fixture)));
  schnack_test_take_screenshot ("chat-search-result.png");
}

static SchnackMessageRow *
row_of (Fixture    *fixture,
        const char *body)
{
  return wait_for_message_row (fixture, body);
}

static gboolean
row_shows_edited (gpointer data)
{
  RowWait *wait = data;
  SchnackMessageRow *row = find_message_row (GTK_WIDGET (chat_view (wait->fixture)), wait->body);

  return row != NULL &&
         gtk_widget_get_visible (schnack_test_find_widget (GTK_WIDGET (row), "message_edited_label"));
}

static gboolean
reactions_shown (gpointer data)
{
  RowWait *wait = data;
  SchnackMessageRow *row = find_message_row (GTK_WIDGET (chat_view (wait->fixture)), wait->body);
  GtkWidget *label = row != NULL ? schnack_test_find_widget (GTK_WIDGET (row), "message_reactions_label") : NULL;

  return label != NULL && gtk_widget_get_visible (label) &&
         strstr (gtk_label_get_text (GTK_LABEL (label)), "👍 1") != NULL;
}

static gboolean
retracted_shown (gpointer data)
{
  Fixture *fixture = data;
  g_autoptr(SchnackChatMessage) message = last_message (fixture);

  return message != NULL && schnack_chat_message_get_record (message)->retracted;
}

static gboolean
message_dialog_shown (gpointer data)
{
  return schnack_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* Opens @row's menu as a click would and tells whether it offers
 * @action (the menu is built only when it opens). */
static gboolean
menu_offers (SchnackMessageRow *row,
             const char        *action)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (schnack_test_find_widget (GTK_WIDGET (row), "message_menu_button"));
  g_autoptr(GMenuModel) menu = NULL;
  gboolean found = FALSE;

  gtk_menu_button_popup (button);
  g_assert_nonnull (gtk_menu_button_get_popover (button));
  g_object_get (gtk_menu_button_get_popover (button), "menu-model", &menu, NULL);
  g_assert_nonnull (menu);
  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *name = NULL;

          if (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
              g_str_equal (name, action))
            found = TRUE;
        }
    }
  gtk_menu_button_popdown (button);
  return found;
}


/* The message menu and the Up key: correct, reply, react, delete for
 * everyone — each seen by the peer as its own client would. */
static void
test_message_actions (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *text = NULL;
  SchnackMessageRow *row;
  RowWait wait = { fixture, NULL };
  GtkWidget *dialog;

  schnack_window_open_conversation (fixture->me.window, fixture->me.account, fixture->peer_jid);
  g_assert_true (schnack_test_wait_until (chat_page_shown, fixture, TIMEOUT_MS));

  /* Typing is seen (XEP-0085). */
  type_into_composer (fixture, "Hallo Anan");
  line = schnack_test_peer_wait_event (fixture->peer, "message-nobody", TIMEOUT_MS);
  g_assert_nonnull (line);
  g_assert_nonnull (strstr (line, "composing"));
  g_clear_pointer (&line, g_free);

  schnack_composer_send (composer (fixture));
  line = schnack_test_peer_wait_event_with (fixture->peer, "message", "body", "Hallo Anan", TIMEOUT_MS);
  g_assert_nonnull (line);
  g_clear_pointer (&line, g_free);

  /* A typo: Up brings the last message back for correcting. */
  g_signal_emit_by_name (composer (fixture), "edit-last");
  text = schnack_composer_dup_text (composer (fixture));
  g_assert_cmpstr (text, ==, "Hallo Anan");
  schnack_composer_set_text (composer (fixture), "Hallo Anna");
  schnack_composer_send (composer (fixture));
  line = schnack_test_peer_wait_event_with (fixture->peer, "message", "body", "Hallo Anna", TIMEOUT_MS);
  g_assert_nonnull (line);
  g_assert_nonnull (strstr (line, "replace_id"));
  g_clear_pointer (&line, g_free);
  wait.body = "Hallo Anna";
  g_assert_true (schnack_test_wait_until (row_shows_edited, &wait, TIMEOUT_MS));

  /* The peer asks; we answer that message and like it. */
  g_assert_true (schnack_test_peer_send_message (fixture->peer, fixture->me.jid, "Wie geht's?", NULL, &error));
  row = row_of (fixture, "Wie geht's?");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "message.reply", NULL));
  type_into_composer (fixture, "Gut, danke!");
  schnack_composer_send (composer (fixture));
  line = schnack_test_peer_wait_event (fixture->peer, "message", TIMEOUT_MS);
  while (line != NULL && strstr (line, "Gut, danke!") == NULL)
    {
      g_free (line);
      line = schnack_test_peer_wait_event (fixture->peer, "message", TIMEOUT_MS);
    }
  g_assert_nonnull (line);
  g_assert_nonnull (strstr (line, "reply_id"));
  g_clear_pointer (&line, g_free);
  row = row_of (fixture, "Gut, danke!");
  {
    GtkWidget *quote = schnack_test_find_widget (GTK_WIDGET (row), "message_reply_label");

    g_assert_true (gtk_widget_get_visible (quote));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (quote)), "Wie geht's?"));
  }

  row = row_of (fixture, "Wie geht's?");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "message.react", "s", "👍"));
  line = schnack_test_peer_wait_event (fixture->peer, "message-nobody", TIMEOUT_MS);
  while (line != NULL && strstr (line, "reactions_to") == NULL)
    {
      g_free (line);
      line = schnack_test_peer_wait_event (fixture->peer, "message-nobody", TIMEOUT_MS);
    }
  g_assert_nonnull (line);
  g_clear_pointer (&line, g_free);
  wait.body = "Wie geht's?";
  g_assert_true (schnack_test_wait_until (reactions_shown, &wait, TIMEOUT_MS));
  schnack_test_take_screenshot ("chat-actions.png");

  /* Only our own last message can be corrected; only ours deleted for everyone. */
  row = row_of (fixture, "Wie geht's?");
  {
    /* Resting on a message shows when it was sent, in full. */
    GtkWidget *line_box = schnack_test_find_widget (GTK_WIDGET (row), "message_line_box");
    g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
    gboolean shown = FALSE;

    g_assert_true (gtk_widget_get_has_tooltip (line_box));
    g_signal_emit_by_name (line_box, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
    g_assert_true (shown);
  }
  g_assert_true (menu_offers (row, "message.reply"));
  g_assert_false (menu_offers (row, "message.edit"));
  g_assert_false (menu_offers (row, "message.retract"));
  row = row_of (fixture, "Gut, danke!");
  g_assert_true (menu_offers (row, "message.edit"));
  g_assert_true (menu_offers (row, "message.retract"));

  /* Delete for everyone, after a confirmation. */
  row = row_of (fixture, "Gut, danke!");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "message.retract", NULL));
  g_assert_true (schnack_test_wait_until (message_dialog_shown, NULL, TIMEOUT_MS));
  dialog = schnack_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  line = schnack_test_peer_wait_event (fixture->peer, "message", TIMEOUT_MS);
  while (line != NULL && strstr (line, "retract_id") == NULL)
    {
      g_free (line);
      line = schnack_test_peer_wait_event (fixture->peer, "message", TIMEOUT_MS);
    }
  g_assert_nonnull (line);
  g_assert_true (schnack_test_wait_until (retracted_shown, fixture, TIMEOUT_MS));
  {
    SchnackConversationRow *conversation_row = find_conversation_row (find (fixture, "conversations_list_view"),
                                                                      fixture->peer_jid);
    GtkWidget *preview = schnack_test_find_widget (GTK_WIDGET (conversation_row), "conversation_preview_label");

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (preview)), ==, "This message was deleted");
  }
  schnack_test_take_screenshot ("chat-retracted.png");
}

typedef struct {
  Fixture              *fixture;
  SchnackDeliveryState  state;
} ExactStateWait;

static gboolean
last_message_is (gpointer data)
{
  ExactStateWait *wait = data;
  g_autoptr(SchnackChatMessage) message = last_message (wait->fixture);

  return message != NULL && schnack_chat_message_get_delivery_state (message) == wait->state;
}

/* A message to an account that does not exist comes back from the
 * server: it shows "Not sent" and a Retry button, which sends it again
 * (here after the account was created). */
static void
test_bounce_shows_retry (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *user = schnack_test_unique_user ("later");
  g_autofree char *jid = g_strdup_printf ("%s@localhost", user);
  ExactStateWait failed = { fixture, SCHNACK_DELIVERY_STATE_FAILED };
  StateWait acked = { fixture, SCHNACK_DELIVERY_STATE_ACKED };
  SchnackMessageRow *row;
  GtkWidget *retry;

  schnack_window_open_conversation (fixture->me.window, fixture->me.account, jid);
  g_assert_true (schnack_test_wait_until (chat_page_shown, fixture, TIMEOUT_MS));
  type_into_composer (fixture, "Bist du schon da?");
  schnack_composer_send (composer (fixture));
  g_assert_true (schnack_test_wait_until (last_message_is, &failed, TIMEOUT_MS));
  row = wait_for_message_row (fixture, "Bist du schon da?");
  retry = schnack_test_find_widget (GTK_WIDGET (row), "message_retry_button");
  g_assert_true (gtk_widget_get_visible (retry));
  schnack_test_take_screenshot ("chat-bounce.png");

  g_assert_true (schnack_test_prosody_register (server, user, "localhost", PASSWORD, NULL));
  schnack_test_click (retry);
  g_assert_true (schnack_test_wait_until (last_message_reached, &acked, TIMEOUT_MS));
  g_assert_false (gtk_widget_get_visible (retry));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  int status;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("SKIP: no display (run under Xvfb)\n");
      return 77;
    }
  if (!schnack_test_prosody_available (&reason))
    {
      g_printerr ("SKIP: %s\n", reason);
      return 77;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  schnack_ui_register_resources ();
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  server = schnack_test_prosody_start (NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/chat-ui/send-and-receive", Fixture, NULL,
              fixture_set_up, test_send_and_receive, fixture_tear_down);
  g_test_add ("/chat-ui/draft-survives-restart", Fixture, NULL,
              fixture_set_up, test_draft_survives_restart, fixture_tear_down);
  g_test_add ("/chat-ui/long-history-and-huge-message", Fixture, NULL,
              fixture_set_up, test_long_history_and_huge_message, fixture_tear_down);
  g_test_add ("/chat-ui/flood-keeps-a-bounded-window", Fixture, NULL,
              fixture_set_up, test_flood_keeps_a_bounded_window, fixture_tear_down);
  g_test_add ("/chat-ui/search-finds-old-message", Fixture, NULL,
              fixture_set_up, test_search_finds_old_message, fixture_tear_down);
  g_test_add ("/chat-ui/message-actions", Fixture, NULL,
              fixture_set_up, test_message_actions, fixture_tear_down);
  g_test_add ("/chat-ui/bounce-shows-retry", Fixture, NULL,
              fixture_set_up, test_bounce_shows_retry, fixture_tear_down);
  g_test_add ("/chat-ui/close-and-reopen", Fixture, NULL,
              fixture_set_up, test_close_and_reopen, fixture_tear_down);

  status = g_test_run ();
  schnack_test_prosody_free (server);
  return status;
}
