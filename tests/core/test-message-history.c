/* test-message-history.c — a chat's history paged in from the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chat opens on its newest page, grows a page at a time as the user
 * scrolls up, shows new messages in their place in time, jumps to an old
 * message (a search result) and back, and follows delivery states and
 * deletions of what is on screen.
 */
#include <string.h>

#include "../store/store-test-util.h"
#include "core/history-feed.h"
#include "core/message-history.h"
#include "store/reactions.h"

#define SECOND G_GINT64_CONSTANT (1000000)
#define PEER "anna@example.org"

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

/* Stores "message 0" … "message n-1", one a second. */
static void
store_messages (SchnackStore *store,
                gint64        account,
                guint         first,
                guint         n)
{
  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *body = g_strdup_printf ("message %u", i);
      g_autoptr(SchnackMessageRecord) message = store_test_message_new (account, PEER, body, (i + 1) * SECOND);

      store_test_insert (store, message);
    }
}

static const char *
body_at (SchnackMessageHistory *history,
         guint                  position)
{
  g_autoptr(SchnackChatMessage) message = g_list_model_get_item (G_LIST_MODEL (history), position);

  g_assert_nonnull (message);
  return schnack_chat_message_get_body (message);
}

static const char *
last_body (SchnackMessageHistory *history)
{
  return body_at (history, g_list_model_get_n_items (G_LIST_MODEL (history)) - 1);
}

static void
test_pages_back_in_time (StoreFixture  *fixture,
                         gconstpointer  data)
{
  gint64 account = store_test_add_account (fixture->store, "me@example.org");
  g_autoptr(SchnackMessageHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  Change change = { 0 };

  store_messages (fixture->store, account, 0, 150);
  history = schnack_message_history_new (fixture->store, account, PEER, 60);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 60);
  g_assert_cmpstr (body_at (history, 0), ==, "message 90");
  g_assert_cmpstr (last_body (history), ==, "message 149");
  g_assert_true (schnack_message_history_has_older (history));
  g_assert_false (schnack_message_history_has_newer (history));

  /* Anna wrote them a second apart: one block, her name once. */
  {
    g_autoptr(SchnackChatMessage) first = g_list_model_get_item (G_LIST_MODEL (history), 0);
    g_autoptr(SchnackChatMessage) second = g_list_model_get_item (G_LIST_MODEL (history), 1);

    g_assert_true (schnack_chat_message_get_starts_group (first));
    g_assert_true (schnack_chat_message_get_starts_day (first));
    g_assert_false (schnack_chat_message_get_starts_group (second));
    g_assert_false (schnack_chat_message_get_starts_day (second));

    g_signal_connect (history, "items-changed", G_CALLBACK (on_items_changed), &change);
    g_assert_true (schnack_message_history_load_older (history, &error));
    g_assert_no_error (error);
    /* What was the top now follows the page above it. */
    g_assert_false (schnack_chat_message_get_starts_group (first));
    g_assert_false (schnack_chat_message_get_starts_day (first));
  }
  /* One change at the top: what is on screen does not move. */
  g_assert_cmpuint (change.signals, ==, 1);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 60);
  g_assert_cmpstr (body_at (history, 0), ==, "message 30");
  g_assert_cmpstr (body_at (history, 60), ==, "message 90");

  g_assert_true (schnack_message_history_load_older (history, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 150);
  g_assert_cmpstr (body_at (history, 0), ==, "message 0");
  g_assert_false (schnack_message_history_has_older (history));

  /* At the beginning of time nothing more happens. */
  g_assert_true (schnack_message_history_load_older (history, &error));
  g_assert_cmpuint (change.signals, ==, 2);
}

static void
test_new_messages_in_their_place (StoreFixture  *fixture,
                                  gconstpointer  data)
{
  gint64 account = store_test_add_account (fixture->store, "me@example.org");
  g_autoptr(SchnackMessageHistory) history = NULL;
  g_autoptr(SchnackMessageRecord) newest = NULL;
  g_autoptr(SchnackMessageRecord) late = NULL;
  g_autoptr(SchnackMessageRecord) ancient = NULL;
  Change change = { 0 };

  store_messages (fixture->store, account, 0, 100);
  history = schnack_message_history_new (fixture->store, account, PEER, 40);
  g_signal_connect (history, "items-changed", G_CALLBACK (on_items_changed), &change);

  newest = store_test_message_new (account, PEER, "newest", 500 * SECOND);
  store_test_insert (fixture->store, newest);
  schnack_message_history_add (history, newest);
  g_assert_cmpuint (change.position, ==, 40);
  g_assert_cmpstr (last_body (history), ==, "newest");

  /* An archive catch-up brings one from between two shown messages. */
  late = store_test_message_new (account, PEER, "caught up", 80 * SECOND + 500000);
  store_test_insert (fixture->store, late);
  schnack_message_history_add (history, late);
  g_assert_cmpuint (change.signals, ==, 2);
  {
    g_autoptr(SchnackChatMessage) caught_up = g_list_model_get_item (G_LIST_MODEL (history), change.position);
    g_autoptr(SchnackChatMessage) newest_shown = g_list_model_get_item (G_LIST_MODEL (history),
                                                                       g_list_model_get_n_items (G_LIST_MODEL (history)) - 1);

    g_assert_false (schnack_chat_message_get_starts_group (caught_up));
    /* 420 s after message 99: a new block. */
    g_assert_true (schnack_chat_message_get_starts_group (newest_shown));
  }
  g_assert_cmpstr (body_at (history, change.position - 1), ==, "message 79");
  g_assert_cmpstr (body_at (history, change.position), ==, "caught up");
  g_assert_cmpstr (body_at (history, change.position + 1), ==, "message 80");

  /* … and one from before the loaded page: paging will find it. */
  ancient = store_test_message_new (account, PEER, "ancient", SECOND / 2);
  store_test_insert (fixture->store, ancient);
  schnack_message_history_add (history, ancient);
  g_assert_cmpuint (change.signals, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 42);

  /* The same message twice (a carbon and the archive) is shown once. */
  schnack_message_history_add (history, newest);
  g_assert_cmpuint (change.signals, ==, 2);

  while (schnack_message_history_has_older (history))
    g_assert_true (schnack_message_history_load_older (history, NULL));
  g_assert_cmpstr (body_at (history, 0), ==, "ancient");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 103);
}

static void
test_jump_to_an_old_message (StoreFixture  *fixture,
                             gconstpointer  data)
{
  gint64 account = store_test_add_account (fixture->store, "me@example.org");
  g_autoptr(SchnackMessageHistory) history = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(SchnackMessageRecord) newest = NULL;
  g_autoptr(GError) error = NULL;
  const SchnackMessageRecord *target;
  guint position = G_MAXUINT;

  store_messages (fixture->store, account, 0, 1000);
  history = schnack_message_history_new (fixture->store, account, PEER, 50);
  found = schnack_store_search_messages (fixture->store, account, PEER, "message 123", 10, &error);
  g_assert_no_error (error);
  target = NULL;
  for (guint i = 0; i < found->len; i++)
    if (g_str_equal (((SchnackMessageRecord *) g_ptr_array_index (found, i))->body, "message 123"))
      target = g_ptr_array_index (found, i);
  g_assert_nonnull (target);

  g_assert_true (schnack_message_history_load_around (history, target, &position, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (body_at (history, position), ==, "message 123");
  g_assert_cmpstr (body_at (history, position - 1), ==, "message 122");
  g_assert_cmpstr (body_at (history, position + 1), ==, "message 124");
  g_assert_true (schnack_message_history_has_older (history));
  g_assert_true (schnack_message_history_has_newer (history));

  /* While the view is in the past, a new message waits for paging. */
  newest = store_test_message_new (account, PEER, "newest", 5000 * SECOND);
  store_test_insert (fixture->store, newest);
  schnack_message_history_add (history, newest);
  g_assert_cmpstr (last_body (history), !=, "newest");

  g_assert_true (schnack_message_history_load_newer (history, &error));
  g_assert_cmpstr (last_body (history), ==, "message 198");
  while (schnack_message_history_has_newer (history))
    g_assert_true (schnack_message_history_load_newer (history, NULL));
  g_assert_cmpstr (last_body (history), ==, "newest");

  /* A message that is loaded already: nothing moves. */
  g_assert_true (schnack_message_history_load_around (history, target, &position, &error));
  g_assert_cmpstr (body_at (history, position), ==, "message 123");
  g_assert_false (schnack_message_history_has_newer (history));

  /* Back to the present in one step. */
  g_clear_object (&history);
  history = schnack_message_history_new (fixture->store, account, PEER, 50);
  g_assert_true (schnack_message_history_load_around (history, target, &position, &error));
  g_assert_true (schnack_message_history_has_newer (history));
  g_assert_true (schnack_message_history_load_latest (history, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 50);
  g_assert_cmpstr (last_body (history), ==, "newest");
  g_assert_false (schnack_message_history_has_newer (history));
}

static void
count_notify (guint *count)
{
  (*count)++;
}

static void
test_feed_follows_changes (StoreFixture  *fixture,
                           gconstpointer  data)
{
  gint64 account = store_test_add_account (fixture->store, "me@example.org");
  g_autoptr(SchnackHistoryFeed) feed = schnack_history_feed_new (fixture->store, account);
  g_autoptr(SchnackMessageHistory) history = NULL;
  g_autoptr(SchnackMessageHistory) again = NULL;
  g_autoptr(SchnackMessageRecord) mine = store_test_message_new (account, PEER, "hello", 200 * SECOND);
  g_autoptr(SchnackChatMessage) shown = NULL;
  guint state_notified = 0;
  guint n;

  store_messages (fixture->store, account, 0, 10);
  history = schnack_history_feed_open (feed, PEER);
  again = schnack_history_feed_open (feed, PEER);
  g_assert_true (history == again);
  g_clear_object (&again);

  mine->direction = SCHNACK_MESSAGE_DIRECTION_OUTGOING;
  mine->delivery_state = SCHNACK_DELIVERY_STATE_PENDING;
  store_test_insert (fixture->store, mine);
  schnack_history_feed_message_stored_id (feed, mine->id);
  n = g_list_model_get_n_items (G_LIST_MODEL (history));
  g_assert_cmpuint (n, ==, 11);
  shown = g_list_model_get_item (G_LIST_MODEL (history), n - 1);
  g_assert_cmpint (schnack_chat_message_get_delivery_state (shown), ==, SCHNACK_DELIVERY_STATE_PENDING);

  g_signal_connect_swapped (shown, "notify::delivery-state", G_CALLBACK (count_notify), &state_notified);
  schnack_history_feed_delivery_changed (feed, mine->id, SCHNACK_DELIVERY_STATE_ACKED);
  schnack_history_feed_delivery_changed (feed, mine->id, SCHNACK_DELIVERY_STATE_READ);
  /* Late news never moves a state back. */
  schnack_history_feed_delivery_changed (feed, mine->id, SCHNACK_DELIVERY_STATE_DELIVERED);
  g_assert_cmpuint (state_notified, ==, 2);
  g_assert_cmpint (schnack_chat_message_get_delivery_state (shown), ==, SCHNACK_DELIVERY_STATE_READ);

  schnack_history_feed_message_deleted (feed, mine->id, PEER);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 10);

  /* Nobody looking: the next open reads afresh. */
  g_clear_object (&history);
  history = schnack_history_feed_open (feed, PEER);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 11);
}

/* A slice of stored messages reaches the open chat as one change when
 * it goes after what is loaded; a late one still lands in its place. */
static void
test_slice_is_one_change (StoreFixture  *fixture,
                          gconstpointer  data)
{
  gint64 account = store_test_add_account (fixture->store, "me@example.org");
  g_autoptr(SchnackHistoryFeed) feed = schnack_history_feed_new (fixture->store, account);
  g_autoptr(SchnackMessageHistory) history = NULL;
  g_autoptr(GPtrArray) slice = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_message_record_free);
  Change change = { 0 };

  store_messages (fixture->store, account, 0, 10);
  history = schnack_history_feed_open (feed, PEER);
  g_signal_connect (history, "items-changed", G_CALLBACK (on_items_changed), &change);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *body = g_strdup_printf ("new %u", i);
      SchnackMessageRecord *record = store_test_message_new (account, PEER, body, (100 + i) * SECOND);

      store_test_insert (fixture->store, record);
      g_ptr_array_add (slice, record);
    }
  {
    /* Someone else's chat, not open: not shown here. */
    SchnackMessageRecord *other = store_test_message_new (account, "bert@example.org", "hi", 103 * SECOND);

    store_test_insert (fixture->store, other);
    g_ptr_array_insert (slice, 2, other);
  }
  schnack_history_feed_messages_stored (feed, slice);
  g_assert_cmpuint (change.signals, ==, 1);
  g_assert_cmpuint (change.position, ==, 10);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 5);
  g_assert_cmpstr (body_at (history, 10), ==, "new 0");
  g_assert_cmpstr (last_body (history), ==, "new 4");
  {
    /* Grouped with the message above, as if added one by one. */
    g_autoptr(SchnackChatMessage) second = g_list_model_get_item (G_LIST_MODEL (history), 11);

    g_assert_false (schnack_chat_message_get_starts_group (second));
  }

  /* A slice with one that arrived late: the runs around it stay runs. */
  g_ptr_array_set_size (slice, 0);
  {
    SchnackMessageRecord *a = store_test_message_new (account, PEER, "newer a", 200 * SECOND);
    SchnackMessageRecord *late = store_test_message_new (account, PEER, "late", 50 * SECOND);
    SchnackMessageRecord *b = store_test_message_new (account, PEER, "newer b", 201 * SECOND);

    store_test_insert (fixture->store, a);
    store_test_insert (fixture->store, late);
    store_test_insert (fixture->store, b);
    g_ptr_array_add (slice, a);
    g_ptr_array_add (slice, late);
    g_ptr_array_add (slice, b);
  }
  schnack_history_feed_messages_stored (feed, slice);
  g_assert_cmpuint (change.signals, ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 18);
  g_assert_cmpstr (body_at (history, 10), ==, "late");
  g_assert_cmpstr (body_at (history, 16), ==, "newer a");
  g_assert_cmpstr (last_body (history), ==, "newer b");
}

/* Following the end of a long flood, the oldest loaded messages can go;
 * paging brings them back. Not after a jump into the past. */
static void
test_trim_older (StoreFixture  *fixture,
                 gconstpointer  data)
{
  gint64 account = store_test_add_account (fixture->store, "me@example.org");
  g_autoptr(SchnackMessageHistory) history = NULL;
  g_autoptr(GPtrArray) found = NULL;
  const SchnackMessageRecord *target = NULL;
  g_autoptr(GError) error = NULL;
  Change change = { 0 };

  store_messages (fixture->store, account, 0, 100);
  history = schnack_message_history_new (fixture->store, account, PEER, 40);
  g_assert_true (schnack_message_history_load_older (history, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 80);
  g_signal_connect (history, "items-changed", G_CALLBACK (on_items_changed), &change);

  g_assert_cmpuint (schnack_message_history_trim_older (history, 30), ==, 50);
  g_assert_cmpuint (change.signals, ==, 1);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 50);
  g_assert_cmpuint (change.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 30);
  g_assert_cmpstr (body_at (history, 0), ==, "message 70");
  g_assert_cmpstr (last_body (history), ==, "message 99");
  g_assert_true (schnack_message_history_has_older (history));
  {
    g_autoptr(SchnackChatMessage) first = g_list_model_get_item (G_LIST_MODEL (history), 0);

    g_assert_true (schnack_chat_message_get_starts_group (first));
  }
  /* Nothing to drop below the limit. */
  g_assert_cmpuint (schnack_message_history_trim_older (history, 30), ==, 0);

  g_assert_true (schnack_message_history_load_older (history, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 70);
  g_assert_cmpstr (body_at (history, 0), ==, "message 30");

  /* In the past, the window is what the user reads: kept. */
  found = schnack_store_search_messages (fixture->store, account, PEER, "message 5", 20, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    if (g_str_equal (((SchnackMessageRecord *) g_ptr_array_index (found, i))->body, "message 5"))
      target = g_ptr_array_index (found, i);
  g_assert_nonnull (target);
  g_assert_true (schnack_message_history_load_around (history, target, NULL, &error));
  g_assert_true (schnack_message_history_has_newer (history));
  g_assert_cmpuint (schnack_message_history_trim_older (history, 5), ==, 0);
}

/* What the chat view asks about a message: its reactions as one line
 * (and which are ours), the message a reply quotes, our last message
 * (to correct with Up). */
static void
test_reactions_replies_last_own (StoreFixture  *fixture,
                                 gconstpointer  data)
{
  gint64 account = store_test_add_account (fixture->store, "me@example.org");
  g_autoptr(SchnackMessageHistory) history = NULL;
  g_autoptr(SchnackMessageRecord) mine = store_test_message_new (account, PEER, "my words", 20 * SECOND);
  g_autoptr(SchnackMessageRecord) quoted = NULL;
  g_auto(GStrv) own = NULL;
  g_autofree char *line = NULL;
  const char *thumbs[] = { "👍", NULL };
  const char *thumbs_heart[] = { "👍", "❤️", NULL };
  SchnackChatMessage *last;

  store_messages (fixture->store, account, 0, 3);
  mine->direction = SCHNACK_MESSAGE_DIRECTION_OUTGOING;
  mine->sender = (g_free (mine->sender), g_strdup ("me@example.org"));
  mine->origin_id = g_strdup ("origin-mine");
  store_test_insert (fixture->store, mine);
  history = schnack_message_history_new (fixture->store, account, PEER, 10);

  g_assert_null (schnack_message_history_dup_reactions (history, mine->id, "me@example.org", &own));
  g_assert_true (schnack_store_set_reactions (fixture->store, mine->id, PEER, thumbs_heart, NULL));
  g_assert_true (schnack_store_set_reactions (fixture->store, mine->id, "me@example.org", thumbs, NULL));
  line = schnack_message_history_dup_reactions (history, mine->id, "me@example.org", &own);
  g_assert_nonnull (line);
  g_assert_nonnull (strstr (line, "👍 2"));
  g_assert_nonnull (strstr (line, "❤️ 1"));
  g_assert_cmpuint (g_strv_length (own), ==, 1);
  g_assert_cmpstr (own[0], ==, "👍");

  quoted = schnack_message_history_find_reference (history, "origin-mine");
  g_assert_nonnull (quoted);
  g_assert_cmpstr (quoted->body, ==, "my words");
  g_assert_null (schnack_message_history_find_reference (history, "no-such-id"));

  last = schnack_message_history_find_last_own (history);
  g_assert_nonnull (last);
  g_assert_cmpstr (schnack_chat_message_get_body (last), ==, "my words");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/message-history/pages-back-in-time", StoreFixture, NULL,
              store_fixture_set_up, test_pages_back_in_time, store_fixture_tear_down);
  g_test_add ("/message-history/new-messages-in-their-place", StoreFixture, NULL,
              store_fixture_set_up, test_new_messages_in_their_place, store_fixture_tear_down);
  g_test_add ("/message-history/jump-to-an-old-message", StoreFixture, NULL,
              store_fixture_set_up, test_jump_to_an_old_message, store_fixture_tear_down);
  g_test_add ("/message-history/feed-follows-changes", StoreFixture, NULL,
              store_fixture_set_up, test_feed_follows_changes, store_fixture_tear_down);
  g_test_add ("/message-history/reactions-replies-last-own", StoreFixture, NULL,
              store_fixture_set_up, test_reactions_replies_last_own, store_fixture_tear_down);
  g_test_add ("/message-history/slice-is-one-change", StoreFixture, NULL,
              store_fixture_set_up, test_slice_is_one_change, store_fixture_tear_down);
  g_test_add ("/message-history/trim-older", StoreFixture, NULL,
              store_fixture_set_up, test_trim_older, store_fixture_tear_down);
  return g_test_run ();
}
