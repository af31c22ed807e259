/* test-store-message-changes.c — what happens to a message after it arrived
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Corrections, retractions, local deletion, reactions, chat-marker
 * delivery states, replies, and the outbox's action rows, as the chat
 * view, the conversation list and search see them.
 */
#include <string.h>

#include "store-test-util.h"
#include "store/store-private.h"
#include "store/conversations.h"
#include "store/reactions.h"

#define PEER "bob@example.test"

static SchnackConversationRecord *
conversation (StoreFixture *fixture,
              gint64        account_id)
{
  g_autoptr(GError) error = NULL;
  SchnackConversationRecord *record = schnack_store_get_conversation (fixture->store, account_id, PEER, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  return record;
}

static guint
search_count (StoreFixture *fixture,
              const char   *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = schnack_store_search_messages (fixture->store, 0, NULL, words, 10, &error);

  g_assert_no_error (error);
  return found->len;
}

static gint64
insert_own (StoreFixture *fixture,
            gint64        account_id,
            const char   *body,
            gint64        sent_at,
            SchnackDeliveryState state)
{
  g_autoptr(SchnackMessageRecord) message = store_test_message_new (account_id, PEER, body, sent_at);

  message->direction = SCHNACK_MESSAGE_DIRECTION_OUTGOING;
  g_free (message->sender);
  message->sender = g_strdup ("alice@example.test");
  message->delivery_state = state;
  message->origin_id = g_strdup_printf ("own-%" G_GINT64_FORMAT, sent_at);
  message->message_id = g_strdup (message->origin_id);
  return store_test_insert (fixture->store, message);
}

static void
test_find_by_reference (StoreFixture  *fixture,
                        gconstpointer  data)
{
  gint64 account_id = store_test_add_account (fixture->store, "alice@example.test");
  g_autoptr(SchnackMessageRecord) message = store_test_message_new (account_id, PEER, "Hallo", 1000);
  g_autoptr(SchnackMessageRecord) elsewhere = store_test_message_new (account_id, "eve@example.test", "Psst", 2000);
  g_autoptr(GError) error = NULL;
  const char *references[] = { "the-id-attr", "the-origin-id", "the-stanza-id" };

  message->message_id = g_strdup ("the-id-attr");
  message->origin_id = g_strdup ("the-origin-id");
  message->stanza_id = g_strdup ("the-stanza-id");
  message->stanza_id_by = g_strdup ("alice@example.test");
  message->reply_to_id = g_strdup ("earlier");
  message->reply_to_sender = g_strdup ("alice@example.test");
  message->markable = TRUE;
  store_test_insert (fixture->store, message);
  elsewhere->message_id = g_strdup ("other-chat");
  store_test_insert (fixture->store, elsewhere);

  for (guint i = 0; i < G_N_ELEMENTS (references); i++)
    {
      g_autoptr(SchnackMessageRecord) found =
        schnack_store_find_message_by_reference (fixture->store, account_id, PEER, references[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (found);
      g_assert_cmpint (found->id, ==, message->id);
      g_assert_cmpstr (found->reply_to_id, ==, "earlier");
      g_assert_cmpstr (found->reply_to_sender, ==, "alice@example.test");
      g_assert_true (found->markable);
      g_assert_false (found->edited);
      g_assert_false (found->retracted);
    }

  /* An id from another chat does not reach into this one. */
  g_assert_null (schnack_store_find_message_by_reference (fixture->store, account_id, PEER, "other-chat", &error));
  g_assert_no_error (error);

  {
    g_autoptr(SchnackMessageRecord) got = schnack_store_get_message (fixture->store, elsewhere->id, &error);

    g_assert_cmpstr (got->body, ==, "Psst");
    g_assert_null (schnack_store_get_message (fixture->store, 99999, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(SchnackMessageRecord) markable = schnack_store_find_newest_markable (fixture->store, account_id,
                                                                                   PEER, &error);
    g_assert_cmpint (markable->id, ==, message->id);
    g_assert_null (schnack_store_find_newest_markable (fixture->store, account_id, "eve@example.test", &error));
  }
}

/* A reaction or marker in a chat of a million messages must not walk the
 * chat: each of the three ids has its index. */
static void
test_find_by_reference_uses_indexes (StoreFixture  *fixture,
                                     gconstpointer  data)
{
  gint64 account_id = store_test_add_account (fixture->store, "alice@example.test");
  sqlite3 *db = schnack_store_get_db (fixture->store);
  const char *references[] = { "id-1500", "origin-1500", "stanza-1500" };
  guint checked = 0;

  {
    g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_message_record_free);
    g_autofree gboolean *inserted = g_new0 (gboolean, 3000);
    guint done = 0;

    for (guint i = 0; i < 3000; i++)
      {
        SchnackMessageRecord *message = store_test_message_new (account_id, PEER, "hallo", 1000 + i);

        message->message_id = g_strdup_printf ("id-%u", i);
        message->origin_id = g_strdup_printf ("origin-%u", i);
        message->stanza_id = g_strdup_printf ("stanza-%u", i);
        message->stanza_id_by = g_strdup ("alice@example.test");
        g_ptr_array_add (batch, message);
      }
    while (done < batch->len)
      done += schnack_store_insert_messages (fixture->store, (SchnackMessageRecord **) batch->pdata + done,
                                             batch->len - done, G_MAXINT64, inserted + done, NULL);
  }

  for (guint i = 0; i < G_N_ELEMENTS (references); i++)
    {
      g_autoptr(SchnackMessageRecord) found =
        schnack_store_find_message_by_reference (fixture->store, account_id, PEER, references[i], NULL);

      g_assert_nonnull (found);
      g_assert_cmpint (found->sent_at, ==, 2500);
    }
  for (sqlite3_stmt *stmt = sqlite3_next_stmt (db, NULL); stmt != NULL; stmt = sqlite3_next_stmt (db, stmt))
    {
      if (strstr (sqlite3_sql (stmt), "stanza_id = ?3") == NULL)
        continue;
      g_test_message ("%d steps for three lookups", sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_VM_STEP, FALSE));
      g_assert_cmpint (sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_FULLSCAN_STEP, FALSE), ==, 0);
      g_assert_cmpint (sqlite3_stmt_status (stmt, SQLITE_STMTSTATUS_VM_STEP, FALSE), <, 1000);
      checked++;
    }
  g_assert_cmpuint (checked, ==, 1);
}

static void
test_correction (StoreFixture  *fixture,
                 gconstpointer  data)
{
  gint64 account_id = store_test_add_account (fixture->store, "alice@example.test");
  g_autoptr(SchnackMessageRecord) first = store_test_message_new (account_id, PEER, "Treffen um acht", 1000);
  g_autoptr(SchnackMessageRecord) stored = NULL;
  g_autoptr(SchnackConversationRecord) chat = NULL;
  g_autoptr(GError) error = NULL;

  store_test_insert (fixture->store, first);
  g_assert_true (schnack_store_correct_message (fixture->store, first->id, "Treffen um neun", &error));
  g_assert_no_error (error);

  stored = schnack_store_get_message (fixture->store, first->id, &error);
  g_assert_cmpstr (stored->body, ==, "Treffen um neun");
  g_assert_true (stored->edited);
  g_assert_cmpint (stored->sent_at, ==, 1000);
  g_assert_cmpuint (search_count (fixture, "acht"), ==, 0);
  g_assert_cmpuint (search_count (fixture, "neun"), ==, 1);

  /* The preview follows; a correction is not a new unread message. */
  chat = conversation (fixture, account_id);
  g_assert_cmpstr (chat->last_body, ==, "Treffen um neun");
  g_assert_cmpuint (chat->unread_count, ==, 1);
  g_assert_cmpint (schnack_store_count_messages (fixture->store, account_id, PEER), ==, 1);

  g_assert_false (schnack_store_correct_message (fixture->store, 4242, "nichts", &error));
  g_assert_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_NOT_FOUND);
}

static void
test_retraction (StoreFixture  *fixture,
                 gconstpointer  data)
{
  gint64 account_id = store_test_add_account (fixture->store, "alice@example.test");
  g_autoptr(SchnackMessageRecord) first = store_test_message_new (account_id, PEER, "Geheimnis verraten", 1000);
  g_autoptr(SchnackMessageRecord) stored = NULL;
  g_autoptr(SchnackConversationRecord) chat = NULL;
  g_autoptr(GPtrArray) reactions = NULL;
  g_autoptr(GError) error = NULL;
  const char *thumbs[] = { "👍", NULL };

  store_test_insert (fixture->store, first);
  g_assert_true (schnack_store_set_reactions (fixture->store, first->id, "alice@example.test", thumbs, &error));
  g_assert_true (schnack_store_retract_message (fixture->store, first->id, &error));
  g_assert_no_error (error);

  stored = schnack_store_get_message (fixture->store, first->id, &error);
  g_assert_null (stored->body);
  g_assert_true (stored->retracted);
  g_assert_cmpuint (search_count (fixture, "Geheimnis"), ==, 0);
  reactions = schnack_store_list_reactions (fixture->store, first->id, &error);
  g_assert_cmpuint (reactions->len, ==, 0);

  /* Withdrawn before it was read: nothing left to read. */
  chat = conversation (fixture, account_id);
  g_assert_null (chat->last_body);
  g_assert_true (chat->last_retracted);
  g_assert_cmpuint (chat->unread_count, ==, 0);

  /* A retracted message cannot be corrected back into existence. */
  g_assert_false (schnack_store_correct_message (fixture->store, first->id, "doch", &error));
}

static void
test_delete_locally (StoreFixture  *fixture,
                     gconstpointer  data)
{
  gint64 account_id = store_test_add_account (fixture->store, "alice@example.test");
  g_autoptr(SchnackMessageRecord) older = store_test_message_new (account_id, PEER, "Erste Zeile", 1000);
  g_autoptr(SchnackMessageRecord) newer = store_test_message_new (account_id, PEER, "Zweite Zeile peinlich", 2000);
  g_autoptr(SchnackConversationRecord) chat = NULL;
  g_autoptr(GPtrArray) reactions = NULL;
  g_autoptr(GError) error = NULL;
  const char *heart[] = { "❤️", NULL };

  store_test_insert (fixture->store, older);
  store_test_insert (fixture->store, newer);
  g_assert_true (schnack_store_set_reactions (fixture->store, newer->id, PEER, heart, &error));

  g_assert_true (schnack_store_delete_message (fixture->store, newer->id, &error));
  g_assert_no_error (error);
  g_assert_null (schnack_store_get_message (fixture->store, newer->id, &error));
  g_assert_cmpuint (search_count (fixture, "peinlich"), ==, 0);
  g_assert_cmpuint (search_count (fixture, "Erste"), ==, 1);
  reactions = schnack_store_list_reactions (fixture->store, newer->id, &error);
  g_assert_cmpuint (reactions->len, ==, 0);

  chat = conversation (fixture, account_id);
  g_assert_cmpstr (chat->last_body, ==, "Erste Zeile");
  g_assert_cmpuint (chat->unread_count, ==, 1);

  g_assert_false (schnack_store_delete_message (fixture->store, newer->id, &error));
  g_assert_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_NOT_FOUND);
}

static void
test_reactions_replace (StoreFixture  *fixture,
                        gconstpointer  data)
{
  gint64 account_id = store_test_add_account (fixture->store, "alice@example.test");
  g_autoptr(SchnackMessageRecord) message = store_test_message_new (account_id, PEER, "Pizza?", 1000);
  g_autoptr(GError) error = NULL;
  const char *first_set[] = { "👍", "🍕", NULL };
  const char *second_set[] = { "🎉", NULL };
  const char *other[] = { "👍", "", NULL };

  store_test_insert (fixture->store, message);
  g_assert_true (schnack_store_set_reactions (fixture->store, message->id, PEER, first_set, &error));
  g_assert_true (schnack_store_set_reactions (fixture->store, message->id, "carol@example.test", other, &error));
  g_assert_true (schnack_store_set_reactions (fixture->store, message->id, PEER, second_set, &error));
  g_assert_no_error (error);

  {
    g_autoptr(GPtrArray) reactions = schnack_store_list_reactions (fixture->store, message->id, &error);
    SchnackReaction *reaction;

    /* Bob's new set replaced his old one; Carol's empty emoji was dropped. */
    g_assert_cmpuint (reactions->len, ==, 2);
    reaction = g_ptr_array_index (reactions, 0);
    g_assert_cmpstr (reaction->emoji, ==, "🎉");
    g_assert_cmpstr (reaction->sender, ==, PEER);
    reaction = g_ptr_array_index (reactions, 1);
    g_assert_cmpstr (reaction->emoji, ==, "👍");
    g_assert_cmpstr (reaction->sender, ==, "carol@example.test");
  }

  g_assert_true (schnack_store_set_reactions (fixture->store, message->id, PEER, NULL, &error));
  {
    g_autoptr(GPtrArray) reactions = schnack_store_list_reactions (fixture->store, message->id, &error);

    g_assert_cmpuint (reactions->len, ==, 1);
  }
  /* Reactions never touch the conversation list. */
  {
    g_autoptr(SchnackConversationRecord) chat = conversation (fixture, account_id);

    g_assert_cmpuint (chat->unread_count, ==, 1);
    g_assert_cmpstr (chat->last_body, ==, "Pizza?");
  }
}

static void
test_markers_forward_only (StoreFixture  *fixture,
                           gconstpointer  data)
{
  gint64 account_id = store_test_add_account (fixture->store, "alice@example.test");
  gint64 pending = 0, acked, sent, target, later;
  g_autoptr(GArray) changed = NULL;
  g_autoptr(GError) error = NULL;

  acked = insert_own (fixture, account_id, "eins", 1000, SCHNACK_DELIVERY_STATE_ACKED);
  sent = insert_own (fixture, account_id, "zwei", 2000, SCHNACK_DELIVERY_STATE_SENT);
  pending = insert_own (fixture, account_id, "drei", 2500, SCHNACK_DELIVERY_STATE_PENDING);
  target = insert_own (fixture, account_id, "vier", 3000, SCHNACK_DELIVERY_STATE_ACKED);
  later = insert_own (fixture, account_id, "fünf", 4000, SCHNACK_DELIVERY_STATE_ACKED);

  /* "displayed" for the fourth: it and the earlier ones that reached the
   * server are read; the one never sent and the later one are not. */
  changed = schnack_store_advance_delivery_up_to (fixture->store, target, SCHNACK_DELIVERY_STATE_READ, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed->len, ==, 3);
  {
    gint64 ids[] = { acked, sent, target };
    SchnackDeliveryState expected[] = { SCHNACK_DELIVERY_STATE_READ, SCHNACK_DELIVERY_STATE_READ,
                                        SCHNACK_DELIVERY_STATE_READ };

    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        g_autoptr(SchnackMessageRecord) record = schnack_store_get_message (fixture->store, ids[i], &error);

        g_assert_cmpint (record->delivery_state, ==, expected[i]);
      }
  }
  {
    g_autoptr(SchnackMessageRecord) never_sent = schnack_store_get_message (fixture->store, pending, &error);
    g_autoptr(SchnackMessageRecord) newest = schnack_store_get_message (fixture->store, later, &error);

    g_assert_cmpint (never_sent->delivery_state, ==, SCHNACK_DELIVERY_STATE_PENDING);
    g_assert_cmpint (newest->delivery_state, ==, SCHNACK_DELIVERY_STATE_ACKED);
  }

  /* A late "received" for the same message changes nothing. */
  g_clear_pointer (&changed, g_array_unref);
  changed = schnack_store_advance_delivery_up_to (fixture->store, target, SCHNACK_DELIVERY_STATE_DELIVERED, &error);
  g_assert_cmpuint (changed->len, ==, 0);
  {
    g_autoptr(SchnackMessageRecord) record = schnack_store_get_message (fixture->store, target, &error);

    g_assert_cmpint (record->delivery_state, ==, SCHNACK_DELIVERY_STATE_READ);
  }
  /* "received" for the newest moves only it (the rest is ahead already). */
  g_clear_pointer (&changed, g_array_unref);
  changed = schnack_store_advance_delivery_up_to (fixture->store, later, SCHNACK_DELIVERY_STATE_DELIVERED, &error);
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpint (g_array_index (changed, gint64, 0), ==, later);
}

static void
test_actions_stay_out_of_history (StoreFixture  *fixture,
                                  gconstpointer  data)
{
  gint64 account_id = store_test_add_account (fixture->store, "alice@example.test");
  gint64 original = insert_own (fixture, account_id, "Orginal", 1000, SCHNACK_DELIVERY_STATE_ACKED);
  g_autoptr(SchnackMessageRecord) action = schnack_message_record_new ();
  g_autoptr(SchnackConversationRecord) before = conversation (fixture, account_id);
  g_autoptr(SchnackConversationRecord) after = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;

  action->account_id = account_id;
  action->conversation_jid = g_strdup (PEER);
  action->direction = SCHNACK_MESSAGE_DIRECTION_OUTGOING;
  action->sender = g_strdup ("alice@example.test");
  action->body = g_strdup ("Original");
  action->sent_at = 5000;
  action->origin_id = g_strdup ("correction-1");
  action->message_id = g_strdup ("correction-1");
  action->action = SCHNACK_MESSAGE_ACTION_CORRECTION;
  action->action_target = g_strdup ("own-1000");
  store_test_insert (fixture->store, action);

  /* Queued for sending … */
  pending = schnack_store_list_pending_messages (fixture->store, account_id, &error);
  g_assert_cmpuint (pending->len, ==, 1);
  g_assert_cmpint (((SchnackMessageRecord *) g_ptr_array_index (pending, 0))->action, ==,
                   SCHNACK_MESSAGE_ACTION_CORRECTION);
  g_assert_cmpstr (((SchnackMessageRecord *) g_ptr_array_index (pending, 0))->action_target, ==, "own-1000");

  /* … but not a message: not listed, counted, searched or previewed. */
  page = schnack_store_list_messages (fixture->store, account_id, PEER, 0, 0, 10, &error);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_cmpint (((SchnackMessageRecord *) g_ptr_array_index (page, 0))->id, ==, original);
  g_assert_cmpint (schnack_store_count_messages (fixture->store, account_id, PEER), ==, 1);
  g_assert_cmpuint (search_count (fixture, "Original"), ==, 0);
  g_assert_null (schnack_store_find_message_by_reference (fixture->store, account_id, PEER, "correction-1", &error));
  after = conversation (fixture, account_id);
  g_assert_cmpint (after->last_activity, ==, before->last_activity);
  g_assert_cmpstr (after->last_body, ==, "Orginal");

  /* Sent and acknowledged: gone without a trace in the list. */
  g_assert_true (schnack_store_delete_message (fixture->store, action->id, &error));
  g_clear_pointer (&after, schnack_conversation_record_free);
  after = conversation (fixture, account_id);
  g_assert_cmpstr (after->last_body, ==, "Orginal");
}

static void
test_read_up_to (StoreFixture  *fixture,
                 gconstpointer  data)
{
  gint64 account_id = store_test_add_account (fixture->store, "alice@example.test");
  g_autoptr(GError) error = NULL;

  for (gint64 t = 1; t <= 4; t++)
    {
      g_autoptr(SchnackMessageRecord) message = store_test_message_new (account_id, PEER, "neu", t * 1000);

      store_test_insert (fixture->store, message);
    }
  {
    g_autoptr(SchnackConversationRecord) chat = conversation (fixture, account_id);

    g_assert_cmpuint (chat->unread_count, ==, 4);
  }

  /* Read up to the third on the phone: one left. */
  g_assert_true (schnack_store_mark_conversation_read_up_to (fixture->store, account_id, PEER, 3000, &error));
  g_assert_no_error (error);
  {
    g_autoptr(SchnackConversationRecord) chat = conversation (fixture, account_id);

    g_assert_cmpuint (chat->unread_count, ==, 1);
  }
  /* An older marker arriving late does not bring unread ones back. */
  g_assert_true (schnack_store_mark_conversation_read_up_to (fixture->store, account_id, PEER, 1000, &error));
  {
    g_autoptr(SchnackConversationRecord) chat = conversation (fixture, account_id);

    g_assert_cmpuint (chat->unread_count, ==, 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)

  ADD ("/store/message-changes/find-by-reference", test_find_by_reference);
  ADD ("/store/message-changes/find-by-reference-uses-indexes", test_find_by_reference_uses_indexes);
  ADD ("/store/message-changes/correction", test_correction);
  ADD ("/store/message-changes/retraction", test_retraction);
  ADD ("/store/message-changes/delete-locally", test_delete_locally);
  ADD ("/store/message-changes/reactions-replace", test_reactions_replace);
  ADD ("/store/message-changes/markers-forward-only", test_markers_forward_only);
  ADD ("/store/message-changes/actions-stay-out-of-history", test_actions_stay_out_of_history);
  ADD ("/store/message-changes/read-up-to", test_read_up_to);

#undef ADD

  return g_test_run ();
}
