/* test-store-conversations.c — the conversation list as the user sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Newest chat on top, pinned above that, unread counts that only count
 * what the user has not seen (not their own messages, not an archive
 * replay of what they read elsewhere, not a message arriving twice),
 * closed chats coming back with a new message, strangers kept out of
 * the list until the user opens their chat, drafts kept.
 */
#include <string.h>

#include "store-test-util.h"
#include "store/conversations.h"
#include "store/roster.h"

#define SECOND G_USEC_PER_SEC

static void
add_contact (StoreFixture *fixture,
             gint64        account,
             const char   *jid)
{
  g_autoptr(SchnackRosterRecord) contact = schnack_roster_record_new (jid);
  g_autoptr(GError) error = NULL;

  contact->subscription = 3;
  g_assert_true (schnack_store_save_roster_item (fixture->store, account, contact, NULL, &error));
  g_assert_no_error (error);
}

/* An account with Anna, Bob and Carla on its contact list. */
static gint64
add_account_with_contacts (StoreFixture *fixture,
                           const char   *jid)
{
  gint64 account = store_test_add_account (fixture->store, jid);

  add_contact (fixture, account, "anna@example.org");
  add_contact (fixture, account, "bob@example.test");
  add_contact (fixture, account, "carla@example.org");
  return account;
}

static gint64
add_message (StoreFixture *fixture,
             gint64        account,
             const char   *peer,
             const char   *body,
             gint64        sent_at,
             gboolean      outgoing)
{
  g_autoptr(SchnackMessageRecord) message = store_test_message_new (account, peer, body, sent_at);

  if (outgoing)
    {
      message->direction = SCHNACK_MESSAGE_DIRECTION_OUTGOING;
      g_free (message->sender);
      message->sender = g_strdup ("me@example.org");
    }
  return store_test_insert (fixture->store, message);
}

static GPtrArray *
list (StoreFixture *fixture,
      gint64        account,
      gboolean      include_closed)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *conversations = schnack_store_list_conversations (fixture->store, account, include_closed, &error);

  g_assert_no_error (error);
  g_assert_nonnull (conversations);
  return conversations;
}

static SchnackConversationRecord *
get (StoreFixture *fixture,
     gint64        account,
     const char   *jid)
{
  g_autoptr(GError) error = NULL;
  SchnackConversationRecord *conversation = schnack_store_get_conversation (fixture->store, account, jid, &error);

  g_assert_no_error (error);
  g_assert_nonnull (conversation);
  return conversation;
}

#define NTH(array, i) ((SchnackConversationRecord *) g_ptr_array_index ((array), (i)))

static void
test_order_preview_and_unread (StoreFixture  *fixture,
                               gconstpointer  data)
{
  gint64 account = add_account_with_contacts (fixture, "me@example.org");
  gint64 other_account = store_test_add_account (fixture->store, "me@example.net");
  g_autoptr(GPtrArray) conversations = NULL;
  g_autoptr(GError) error = NULL;

  add_message (fixture, account, "anna@example.org", "Hallo!", 10 * SECOND, FALSE);
  add_message (fixture, account, "anna@example.org", "Bist du da?", 20 * SECOND, FALSE);
  add_message (fixture, account, "bob@example.test", "<b>not bold</b>", 30 * SECOND, FALSE);
  add_message (fixture, account, "bob@example.test", "Ja, gleich.", 40 * SECOND, TRUE);
  add_message (fixture, account, "carla@example.org", "Termin?", 5 * SECOND, FALSE);
  add_contact (fixture, other_account, "dora@example.net");
  add_message (fixture, other_account, "dora@example.net", "other account", 50 * SECOND, FALSE);

  conversations = list (fixture, account, FALSE);
  g_assert_cmpuint (conversations->len, ==, 3);
  /* Newest activity first, whoever wrote last. */
  g_assert_cmpstr (NTH (conversations, 0)->jid, ==, "bob@example.test");
  g_assert_cmpstr (NTH (conversations, 1)->jid, ==, "anna@example.org");
  g_assert_cmpstr (NTH (conversations, 2)->jid, ==, "carla@example.org");
  /* The preview is the newest message; own messages are not unread. */
  g_assert_cmpstr (NTH (conversations, 0)->last_body, ==, "Ja, gleich.");
  g_assert_cmpint (NTH (conversations, 0)->last_direction, ==, SCHNACK_MESSAGE_DIRECTION_OUTGOING);
  g_assert_cmpuint (NTH (conversations, 0)->unread_count, ==, 1);
  g_assert_cmpstr (NTH (conversations, 1)->last_body, ==, "Bist du da?");
  g_assert_cmpuint (NTH (conversations, 1)->unread_count, ==, 2);
  g_assert_cmpint (NTH (conversations, 1)->last_activity, ==, 20 * SECOND);
  g_clear_pointer (&conversations, g_ptr_array_unref);

  /* A pinned chat stays on top however old it is. */
  g_assert_true (schnack_store_set_conversation_pinned (fixture->store, account, "carla@example.org", TRUE, &error));
  conversations = list (fixture, account, FALSE);
  g_assert_cmpstr (NTH (conversations, 0)->jid, ==, "carla@example.org");
  g_assert_true (NTH (conversations, 0)->pinned);
  g_clear_pointer (&conversations, g_ptr_array_unref);

  /* 0 lists every account's chats. */
  conversations = list (fixture, 0, FALSE);
  g_assert_cmpuint (conversations->len, ==, 4);
}

static void
test_read_position (StoreFixture  *fixture,
                    gconstpointer  data)
{
  gint64 account = add_account_with_contacts (fixture, "me@example.org");
  g_autoptr(SchnackConversationRecord) conversation = NULL;
  g_autoptr(SchnackMessageRecord) twice = NULL;
  g_autoptr(GError) error = NULL;
  gboolean inserted = TRUE;

  add_message (fixture, account, "anna@example.org", "eins", 10 * SECOND, FALSE);
  add_message (fixture, account, "anna@example.org", "zwei", 20 * SECOND, FALSE);
  g_assert_true (schnack_store_mark_conversation_read (fixture->store, account, "anna@example.org", &error));
  g_assert_no_error (error);

  /* The archive brings an older message the user read on the phone. */
  add_message (fixture, account, "anna@example.org", "alt", 15 * SECOND, FALSE);
  conversation = get (fixture, account, "anna@example.org");
  g_assert_cmpuint (conversation->unread_count, ==, 0);
  g_assert_cmpstr (conversation->last_body, ==, "zwei");
  g_clear_pointer (&conversation, schnack_conversation_record_free);

  /* A new one counts — once, even when it comes again from the archive. */
  twice = store_test_message_new (account, "anna@example.org", "drei", 30 * SECOND);
  twice->stanza_id = g_strdup ("archive-3");
  twice->stanza_id_by = g_strdup ("me@example.org");
  store_test_insert (fixture->store, twice);
  twice->id = 0;
  g_assert_true (schnack_store_insert_message (fixture->store, twice, &inserted, &error));
  g_assert_false (inserted);
  conversation = get (fixture, account, "anna@example.org");
  g_assert_cmpuint (conversation->unread_count, ==, 1);
  g_assert_cmpstr (conversation->last_body, ==, "drei");
}

static void
test_closed_chat_comes_back (StoreFixture  *fixture,
                             gconstpointer  data)
{
  gint64 account = add_account_with_contacts (fixture, "me@example.org");
  g_autoptr(GPtrArray) conversations = NULL;
  g_autoptr(SchnackConversationRecord) conversation = NULL;
  g_autoptr(GError) error = NULL;

  add_message (fixture, account, "anna@example.org", "Tschüss", 20 * SECOND, FALSE);
  g_assert_true (schnack_store_set_conversation_closed (fixture->store, account, "anna@example.org", TRUE, &error));
  conversations = list (fixture, account, FALSE);
  g_assert_cmpuint (conversations->len, ==, 0);
  g_clear_pointer (&conversations, g_ptr_array_unref);
  conversations = list (fixture, account, TRUE);
  g_assert_cmpuint (conversations->len, ==, 1);
  g_assert_true (NTH (conversations, 0)->closed);
  g_clear_pointer (&conversations, g_ptr_array_unref);

  /* Old history from the archive leaves it closed … */
  add_message (fixture, account, "anna@example.org", "von früher", 10 * SECOND, FALSE);
  conversation = get (fixture, account, "anna@example.org");
  g_assert_true (conversation->closed);
  g_clear_pointer (&conversation, schnack_conversation_record_free);

  /* … a new message opens it again. */
  add_message (fixture, account, "anna@example.org", "Doch noch was", 30 * SECOND, FALSE);
  conversation = get (fixture, account, "anna@example.org");
  g_assert_false (conversation->closed);
  g_clear_pointer (&conversation, schnack_conversation_record_free);

  /* Opening a chat with someone new puts it on top before any message. */
  g_assert_true (schnack_store_open_conversation (fixture->store, account, "neu@example.org",
                                                  SCHNACK_CONVERSATION_KIND_CHAT, &error));
  conversations = list (fixture, account, FALSE);
  g_assert_cmpuint (conversations->len, ==, 2);
  g_assert_cmpstr (NTH (conversations, 0)->jid, ==, "neu@example.org");
  g_assert_null (NTH (conversations, 0)->last_body);
  g_assert_cmpuint (NTH (conversations, 0)->unread_count, ==, 0);
}

static void
test_strangers_wait_outside_the_list (StoreFixture  *fixture,
                                      gconstpointer  data)
{
  gint64 account = add_account_with_contacts (fixture, "me@example.org");
  g_autoptr(GPtrArray) conversations = NULL;
  g_autoptr(SchnackConversationRecord) conversation = NULL;
  g_autoptr(GError) error = NULL;

  add_message (fixture, account, "anna@example.org", "Hallo", 10 * SECOND, FALSE);
  add_message (fixture, account, "spam@example.net", "Cheap pills", 20 * SECOND, FALSE);
  add_message (fixture, account, "spam@example.net", "Really cheap", 30 * SECOND, FALSE);
  /* Someone I write to first is a chat of mine, contact or not. */
  add_message (fixture, account, "shop@example.net", "Is my order ready?", 40 * SECOND, TRUE);

  conversations = list (fixture, account, FALSE);
  g_assert_cmpuint (conversations->len, ==, 2);
  g_assert_cmpstr (NTH (conversations, 0)->jid, ==, "shop@example.net");
  g_assert_cmpstr (NTH (conversations, 1)->jid, ==, "anna@example.org");
  g_clear_pointer (&conversations, g_ptr_array_unref);
  /* The stranger's messages are kept (and counted) for Requests. */
  conversation = get (fixture, account, "spam@example.net");
  g_assert_true (conversation->closed);
  g_assert_cmpuint (conversation->unread_count, ==, 2);
  g_clear_pointer (&conversation, schnack_conversation_record_free);

  /* Opened from Requests, it stays in the list when they write again. */
  g_assert_true (schnack_store_open_conversation (fixture->store, account, "spam@example.net",
                                                  SCHNACK_CONVERSATION_KIND_CHAT, &error));
  add_message (fixture, account, "spam@example.net", "Thanks for answering", 50 * SECOND, FALSE);
  conversation = get (fixture, account, "spam@example.net");
  g_assert_false (conversation->closed);
  g_assert_cmpuint (conversation->unread_count, ==, 3);
  g_assert_cmpint (conversation->last_activity, ==, 50 * SECOND);
}

static void
test_draft_survives_restart (StoreFixture  *fixture,
                             gconstpointer  data)
{
  gint64 account = store_test_add_account (fixture->store, "me@example.org");
  g_autoptr(SchnackConversationRecord) conversation = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (schnack_store_set_conversation_draft (fixture->store, account, "anna@example.org",
                                                       "Liebe Anna,\nich wollte", &error));
  store_fixture_reopen (fixture);
  conversation = get (fixture, account, "anna@example.org");
  g_assert_cmpstr (conversation->draft, ==, "Liebe Anna,\nich wollte");
  g_clear_pointer (&conversation, schnack_conversation_record_free);

  g_assert_true (schnack_store_set_conversation_draft (fixture->store, account, "anna@example.org", "", &error));
  conversation = get (fixture, account, "anna@example.org");
  g_assert_null (conversation->draft);
}

/* A muted chat stays muted after a restart, and new messages do not
 * change the choice; a room's level is kept per room. */
static void
test_notify_level_kept (StoreFixture  *fixture,
                        gconstpointer  data)
{
  gint64 account = store_test_add_account (fixture->store, "me@example.org");
  g_autoptr(SchnackConversationRecord) conversation = NULL;
  g_autoptr(SchnackMessageRecord) message = store_test_message_new (account, "anna@example.org", "still muted?", 10);
  g_autoptr(GError) error = NULL;

  g_assert_true (schnack_store_set_conversation_notify_level (fixture->store, account, "anna@example.org",
                                                              SCHNACK_NOTIFY_NEVER, &error));
  g_assert_true (schnack_store_set_conversation_notify_level (fixture->store, account, "room@muc.example.org",
                                                              SCHNACK_NOTIFY_ALL, &error));
  g_assert_no_error (error);
  store_fixture_reopen (fixture);
  store_test_insert (fixture->store, message);

  conversation = get (fixture, account, "anna@example.org");
  g_assert_cmpint (conversation->notify_level, ==, SCHNACK_NOTIFY_NEVER);
  g_assert_cmpuint (conversation->unread_count, ==, 1);
  g_clear_pointer (&conversation, schnack_conversation_record_free);
  conversation = get (fixture, account, "room@muc.example.org");
  g_assert_cmpint (conversation->notify_level, ==, SCHNACK_NOTIFY_ALL);
  g_clear_pointer (&conversation, schnack_conversation_record_free);

  g_assert_true (schnack_store_set_conversation_notify_level (fixture->store, account, "anna@example.org",
                                                              SCHNACK_NOTIFY_DEFAULT, &error));
  conversation = get (fixture, account, "anna@example.org");
  g_assert_cmpint (conversation->notify_level, ==, SCHNACK_NOTIFY_DEFAULT);
}

static void
test_preview_of_huge_message_is_short (StoreFixture  *fixture,
                                       gconstpointer  data)
{
  gint64 account = add_account_with_contacts (fixture, "me@example.org");
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autoptr(SchnackConversationRecord) conversation = NULL;

  /* 1 MB of two-byte characters: the preview is 200 whole characters. */
  for (guint i = 0; i < 512 * 1024; i++)
    g_string_append (huge, "ä");
  add_message (fixture, account, "anna@example.org", huge->str, 10 * SECOND, FALSE);
  conversation = get (fixture, account, "anna@example.org");
  g_assert_true (g_utf8_validate (conversation->last_body, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (conversation->last_body, -1), ==, 200);
}

static void
test_removed_account_takes_its_chats (StoreFixture  *fixture,
                                      gconstpointer  data)
{
  gint64 account = store_test_add_account (fixture->store, "me@example.org");
  g_autoptr(GPtrArray) conversations = NULL;
  g_autoptr(GError) error = NULL;

  add_message (fixture, account, "anna@example.org", "Hallo", 10 * SECOND, FALSE);
  g_assert_true (schnack_store_remove_account (fixture->store, account, &error));
  g_assert_no_error (error);
  conversations = list (fixture, 0, TRUE);
  g_assert_cmpuint (conversations->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)
  ADD ("/store/conversations/order-preview-and-unread", test_order_preview_and_unread);
  ADD ("/store/conversations/read-position", test_read_position);
  ADD ("/store/conversations/closed-chat-comes-back", test_closed_chat_comes_back);
  ADD ("/store/conversations/strangers-wait-outside-the-list", test_strangers_wait_outside_the_list);
  ADD ("/store/conversations/draft-survives-restart", test_draft_survives_restart);
  ADD ("/store/conversations/notify-level-kept", test_notify_level_kept);
  ADD ("/store/conversations/preview-of-huge-message-is-short", test_preview_of_huge_message_is_short);
  ADD ("/store/conversations/removed-account-takes-its-chats", test_removed_account_takes_its_chats);
#undef ADD

  return g_test_run ();
}
