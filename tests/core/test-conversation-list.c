/* test-conversation-list.c — the chats list follows the history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A new message moves its chat to the top in one change (a list view
 * redraws only what moved), a stranger's message stays out until the
 * chat is opened, reading clears the unread count, closing removes,
 * pinning lifts — and the list after a restart is the same.
 */
#include "../store/store-test-util.h"
#include "core/conversation-list.h"
#include "store/roster.h"

#define SECOND G_USEC_PER_SEC

typedef struct {
  guint position;
  guint removed;
  guint added;
  guint signals;
} Change;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Change     *change)
{
  change->position = position;
  change->removed = removed;
  change->added = added;
  change->signals++;
}

static void
count_notify (guint *count)
{
  (*count)++;
}

static void
add_contact (SchnackStore *store,
             gint64        account,
             const char   *jid)
{
  g_autoptr(SchnackRosterRecord) contact = schnack_roster_record_new (jid);

  contact->subscription = 3;
  g_assert_true (schnack_store_save_roster_item (store, account, contact, NULL, NULL));
}

static void
receive (SchnackStore            *store,
         SchnackConversationList *list,
         gint64                   account,
         const char              *from,
         const char              *body,
         gint64                   sent_at)
{
  g_autoptr(SchnackMessageRecord) message = store_test_message_new (account, from, body, sent_at);

  store_test_insert (store, message);
  schnack_conversation_list_refresh (list, from);
}

static const char *
jid_at (SchnackConversationList *list,
        guint                    position)
{
  g_autoptr(SchnackConversation) conversation = g_list_model_get_item (G_LIST_MODEL (list), position);

  g_assert_nonnull (conversation);
  /* The list holds its own reference: the string outlives this one. */
  return schnack_conversation_get_jid (conversation);
}

static void
test_follows_the_history (StoreFixture  *fixture,
                          gconstpointer  data)
{
  gint64 account = store_test_add_account (fixture->store, "me@example.org");
  g_autoptr(SchnackConversationList) list = NULL;
  g_autoptr(GError) error = NULL;
  SchnackConversation *anna;
  Change change = { 0 };
  guint unread_notified = 0;

  add_contact (fixture->store, account, "anna@example.org");
  add_contact (fixture->store, account, "bob@example.test");
  add_contact (fixture->store, account, "carla@example.org");
  list = schnack_conversation_list_new (fixture->store, account);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &change);

  receive (fixture->store, list, account, "anna@example.org", "eins", 10 * SECOND);
  receive (fixture->store, list, account, "bob@example.test", "zwei", 20 * SECOND);
  receive (fixture->store, list, account, "carla@example.org", "drei", 30 * SECOND);
  g_assert_cmpuint (change.signals, ==, 3);
  g_assert_cmpstr (jid_at (list, 0), ==, "carla@example.org");
  g_assert_cmpstr (jid_at (list, 2), ==, "anna@example.org");

  /* Anna writes again: her chat moves from the bottom to the top. */
  anna = schnack_conversation_list_find (list, "anna@example.org");
  g_signal_connect_swapped (anna, "notify::unread-count", G_CALLBACK (count_notify), &unread_notified);
  change.signals = 0;
  receive (fixture->store, list, account, "anna@example.org", "vier", 40 * SECOND);
  g_assert_cmpuint (change.signals, ==, 1);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 3);
  g_assert_cmpuint (change.added, ==, 3);
  g_assert_cmpstr (jid_at (list, 0), ==, "anna@example.org");
  g_assert_cmpstr (schnack_conversation_get_preview (anna), ==, "vier");
  g_assert_cmpuint (schnack_conversation_get_unread_count (anna), ==, 2);
  g_assert_cmpuint (unread_notified, ==, 1);

  /* A stranger does not get in by writing … */
  change.signals = 0;
  receive (fixture->store, list, account, "spam@example.net", "Kaufen!", 50 * SECOND);
  g_assert_cmpuint (change.signals, ==, 0);
  g_assert_null (schnack_conversation_list_find (list, "spam@example.net"));
  /* … only when the user opens the chat. */
  g_assert_true (schnack_conversation_list_open (list, "spam@example.net", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (jid_at (list, 0), ==, "spam@example.net");

  /* Reading clears the count; closing takes it out; pinning lifts it. */
  g_assert_true (schnack_conversation_list_mark_read (list, "anna@example.org", &error));
  g_assert_cmpuint (schnack_conversation_get_unread_count (anna), ==, 0);
  g_assert_cmpuint (unread_notified, ==, 2);
  g_assert_true (schnack_conversation_list_close (list, "spam@example.net", &error));
  g_assert_null (schnack_conversation_list_find (list, "spam@example.net"));
  g_assert_true (schnack_conversation_list_set_pinned (list, "bob@example.test", TRUE, &error));
  g_assert_cmpstr (jid_at (list, 0), ==, "bob@example.test");
  g_assert_cmpstr (jid_at (list, 1), ==, "anna@example.org");
  g_assert_cmpstr (jid_at (list, 2), ==, "carla@example.org");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);

  /* After a restart the list is the same. */
  g_clear_object (&list);
  store_fixture_reopen (fixture);
  list = schnack_conversation_list_new (fixture->store, account);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  g_assert_cmpstr (jid_at (list, 0), ==, "bob@example.test");
  g_assert_cmpstr (jid_at (list, 1), ==, "anna@example.org");
  g_assert_true (schnack_conversation_get_pinned (schnack_conversation_list_find (list, "bob@example.test")));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/conversation-list/follows-the-history", StoreFixture, NULL,
              store_fixture_set_up, test_follows_the_history, store_fixture_tear_down);
  return g_test_run ();
}
