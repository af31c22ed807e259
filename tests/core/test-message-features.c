/* test-message-features.c — corrections, replies, reactions, retractions, markers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against the real test Prosody, with slixmpp peers (tests/fixtures/
 * peer.py) as the other party and as a second device of our own. Runs
 * under tests/secrets/with-keyring.sh for its private HOME.
 */
#include <gio/gio.h>
#include <string.h>

#include "connection-test-util.h"
#include "core/account.h"
#include "store/conversations.h"
#include "test-peer.h"

#define TIMEOUT_MS 15000

static SchnackTestProsody *server;

typedef struct {
  SchnackStore   *store;
  SchnackAccount *account;
  gint64          account_id;
  char           *jid;
  char           *password;
  GArray         *updated;   /* row ids from message-updated */
  GArray         *deleted;   /* row ids from message-deleted */
} Me;

static void
on_message_updated (SchnackAccount *account,
                    gint64          row_id,
                    const char     *conversation_jid,
                    Me             *me)
{
  g_assert_nonnull (conversation_jid);
  g_array_append_val (me->updated, row_id);
}

static void
on_message_deleted (SchnackAccount *account,
                    gint64          row_id,
                    const char     *conversation_jid,
                    Me             *me)
{
  g_array_append_val (me->deleted, row_id);
}

static char *
register_user (const char *prefix,
               const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user = schnack_test_unique_user (prefix);

  g_assert_true (schnack_test_prosody_register (server, user, "localhost", password, &error));
  return g_strdup_printf ("%s@localhost", user);
}

static gboolean
account_online (gpointer data)
{
  return schnack_account_get_state (data) == SCHNACK_CONNECTION_ONLINE;
}

static gboolean
account_offline (gpointer data)
{
  return schnack_account_get_state (data) == SCHNACK_CONNECTION_OFFLINE;
}

static void
me_start (Me         *me,
          const char *prefix)
{
  g_autofree char *db = g_strdup_printf ("%s/%s.db", g_get_user_data_dir (), prefix);
  g_autoptr(SchnackAccountRecord) record = schnack_account_record_new ();
  g_autoptr(GError) error = NULL;

  me->password = g_strdup_printf ("pw-%s", prefix);
  me->jid = register_user (prefix, me->password);
  me->store = schnack_store_open (db, &error);
  g_assert_no_error (error);
  record->jid = g_strdup (me->jid);
  record->host = g_strdup ("127.0.0.1");
  record->port = schnack_test_prosody_get_c2s_port (server);
  g_assert_true (schnack_store_add_account (me->store, record, &error));
  me->account_id = record->id;
  me->account = schnack_account_new (me->store, record);
  me->updated = g_array_new (FALSE, FALSE, sizeof (gint64));
  me->deleted = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (me->account, "message-updated", G_CALLBACK (on_message_updated), me);
  g_signal_connect (me->account, "message-deleted", G_CALLBACK (on_message_deleted), me);
  schnack_account_set_ca_file (me->account, schnack_test_prosody_get_ca_file (server));
  schnack_account_connect_with_password (me->account, me->password);
  g_assert_true (schnack_test_wait_until (account_online, me->account, TIMEOUT_MS));
  schnack_test_run_for (500);  /* carbons on, server features known */
}

static void
me_stop (Me *me)
{
  schnack_account_stop (me->account);
  g_clear_object (&me->account);
  g_clear_object (&me->store);
  g_clear_pointer (&me->updated, g_array_unref);
  g_clear_pointer (&me->deleted, g_array_unref);
  g_clear_pointer (&me->jid, g_free);
  g_clear_pointer (&me->password, g_free);
}

static SchnackTestPeer *
peer_start (const char *jid,
            const char *password)
{
  g_autoptr(GError) error = NULL;
  SchnackTestPeer *peer = schnack_test_peer_start (server, jid, password, &error);

  g_assert_no_error (error);
  return peer;
}

/* Sends a peer.py command built from printf-style JSON. */
G_GNUC_PRINTF (2, 3) static void
peer_do (SchnackTestPeer *peer,
         const char      *format,
         ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  va_list args;

  va_start (args, format);
  command = g_strdup_vprintf (format, args);
  va_end (args);
  g_assert_true (schnack_test_peer_command (peer, command, &error));
  g_assert_no_error (error);
}

typedef struct {
  Me         *me;
  const char *conversation;
  const char *reference;
  gint64      count;
} Lookup;

static SchnackMessageRecord *
find (Me         *me,
      const char *conversation,
      const char *reference)
{
  return schnack_store_find_message_by_reference (me->store, me->account_id, conversation, reference, NULL);
}

static gboolean
message_exists (gpointer data)
{
  Lookup *lookup = data;
  g_autoptr(SchnackMessageRecord) record = find (lookup->me, lookup->conversation, lookup->reference);

  return record != NULL;
}

static gint64
wait_for_message (Me         *me,
                  const char *conversation,
                  const char *reference)
{
  Lookup lookup = { me, conversation, reference, 0 };
  g_autoptr(SchnackMessageRecord) record = NULL;

  g_assert_true (schnack_test_wait_until (message_exists, &lookup, TIMEOUT_MS));
  record = find (me, conversation, reference);
  return record->id;
}

static gboolean
updated_at_least (gpointer data)
{
  Lookup *lookup = data;

  return lookup->me->updated->len >= (guint) lookup->count;
}

/* Waits until message-updated was emitted @total times in all. */
static void
wait_updates (Me   *me,
              guint total)
{
  Lookup lookup = { me, NULL, NULL, (gint64) total };

  g_assert_true (schnack_test_wait_until (updated_at_least, &lookup, TIMEOUT_MS));
}

static SchnackConversationRecord *
chat (Me         *me,
      const char *jid)
{
  return schnack_store_get_conversation (me->store, me->account_id, jid, NULL);
}

static guint
unread (Me         *me,
        const char *jid)
{
  g_autoptr(SchnackConversationRecord) record = chat (me, jid);

  return record != NULL ? record->unread_count : 0;
}

static SchnackMessageRecord *
get (Me     *me,
     gint64  row_id)
{
  SchnackMessageRecord *record = schnack_store_get_message (me->store, row_id, NULL);

  g_assert_nonnull (record);
  return record;
}

static guint
search_count (Me         *me,
              const char *words)
{
  g_autoptr(GPtrArray) found = schnack_store_search_messages (me->store, me->account_id, NULL, words, 10, NULL);

  return found->len;
}

/* The next "message" (with a body) or "message-nobody" event of @peer
 * whose @key is @value. */
static char *
wait_peer_event_with (SchnackTestPeer *peer,
                      gboolean         with_body,
                      const char      *key,
                      const char      *value)
{
  char *line = schnack_test_peer_wait_event_with (peer, with_body ? "message" : "message-nobody",
                                                  key, value, TIMEOUT_MS);

  g_assert_nonnull (line);
  return line;
}

static gint64
send_own (Me         *me,
          const char *to,
          const char *body)
{
  g_autoptr(GError) error = NULL;
  gint64 row_id = 0;

  g_assert_true (schnack_account_send_message (me->account, to, body, &row_id, &error));
  g_assert_no_error (error);
  return row_id;
}

static gboolean
contact_known (gpointer data)
{
  gpointer *pair = data;

  return schnack_contact_list_find (schnack_account_get_contacts (pair[0]), pair[1]) != NULL;
}

static void
add_contact (Me         *me,
             const char *jid)
{
  gpointer pair[2] = { me->account, (gpointer) jid };

  schnack_contact_list_add_contact_async (schnack_account_get_contacts (me->account), jid, NULL, NULL,
                                          NULL, NULL, NULL);
  g_assert_true (schnack_test_wait_until (contact_known, pair, TIMEOUT_MS));
}

static void
test_corrections (void)
{
  guint seen = 0;
  g_autoptr(SchnackMessageHistory) history = NULL;
  Me me = { 0, };
  g_autofree char *friend_jid = register_user ("fixer", "pw-fixer");
  g_autofree char *stranger_jid = register_user ("forger", "pw-forger");
  g_autoptr(SchnackTestPeer) friend = NULL;
  g_autoptr(SchnackTestPeer) stranger = NULL;
  g_autoptr(SchnackTestPeer) my_phone = NULL;
  g_autoptr(GError) error = NULL;
  gint64 original;

  me_start (&me, "corrections");
  friend = peer_start (friend_jid, "pw-fixer");

  /* The friend fixes a typo, twice; both corrections name the first id. */
  peer_do (friend, "{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"Treffen um acht\",\"id\":\"fix-1\","
           "\"origin_id\":\"fix-1\"}", me.jid);
  original = wait_for_message (&me, friend_jid, "fix-1");
  history = schnack_account_open_history (me.account, friend_jid);
  g_assert_true (schnack_message_history_load_latest (history, &error));
  seen = me.updated->len;
  peer_do (friend, "{\"cmd\":\"correct\",\"to\":\"%s\",\"replace_id\":\"fix-1\",\"body\":\"Treffen um neun\"}",
           me.jid);
  wait_updates (&me, seen + 1);
  seen = me.updated->len;
  peer_do (friend, "{\"cmd\":\"correct\",\"to\":\"%s\",\"replace_id\":\"fix-1\",\"body\":\"Treffen um zehn\"}",
           me.jid);
  wait_updates (&me, seen + 1);
  {
    g_autoptr(SchnackMessageRecord) record = get (&me, original);
    g_autoptr(SchnackConversationRecord) conversation = chat (&me, friend_jid);

    g_assert_cmpstr (record->body, ==, "Treffen um zehn");
    g_assert_true (record->edited);
    g_assert_cmpint (schnack_store_count_messages (me.store, me.account_id, friend_jid), ==, 1);
    g_assert_cmpuint (search_count (&me, "acht"), ==, 0);
    /* An open chat shows the new text at once. */
    g_assert_cmpstr (schnack_chat_message_get_body (schnack_message_history_find (history, original, NULL)), ==,
                     "Treffen um zehn");
    /* The preview follows; a correction is not another unread message. */
    g_assert_cmpstr (conversation->last_body, ==, "Treffen um zehn");
    g_assert_cmpuint (conversation->unread_count, ==, 1);
  }

  /* Nobody else can change the friend's words: not a stranger naming the
   * id, nor (in this chat) another of our own devices. */
  stranger = peer_start (stranger_jid, "pw-forger");
  peer_do (stranger, "{\"cmd\":\"correct\",\"to\":\"%s\",\"replace_id\":\"fix-1\",\"body\":\"gefälscht\","
           "\"id\":\"forged-1\"}", me.jid);
  wait_for_message (&me, stranger_jid, "forged-1");
  my_phone = peer_start (me.jid, me.password);
  peer_do (my_phone, "{\"cmd\":\"correct\",\"to\":\"%s\",\"replace_id\":\"fix-1\",\"body\":\"auch gefälscht\","
           "\"id\":\"forged-2\"}", friend_jid);
  g_free (wait_peer_event_with (friend, TRUE, "replace_id", "fix-1"));
  schnack_test_run_for (1500);
  {
    g_autoptr(SchnackMessageRecord) record = get (&me, original);

    g_assert_cmpstr (record->body, ==, "Treffen um zehn");
    g_assert_cmpint (schnack_store_count_messages (me.store, me.account_id, friend_jid), ==, 1);
    g_assert_cmpuint (search_count (&me, "auch gefälscht"), ==, 0);
  }

  /* We correct our own message: the friend sees both corrections name
   * the first message's id. */
  schnack_test_peer_flush_events (friend);
  {
    gint64 mine = send_own (&me, friend_jid, "Bis gleich, Bob");
    g_autofree char *sent = schnack_test_peer_wait_event (friend, "message", TIMEOUT_MS);
    g_autofree char *first_id = schnack_test_json_get_string (sent, "id");
    g_autofree char *correction = NULL;
    g_autofree char *again = NULL;
    g_autoptr(SchnackMessageRecord) record = NULL;

    g_assert_true (schnack_account_send_correction (me.account, mine, "Bis gleich, Bert", &error));
    g_assert_no_error (error);
    correction = wait_peer_event_with (friend, TRUE, "replace_id", first_id);
    g_assert_cmpstr (schnack_test_json_get_string (correction, "body"), ==, "Bis gleich, Bert");
    g_assert_true (schnack_account_send_correction (me.account, mine, "Bis später, Bert", &error));
    again = schnack_test_peer_wait_event_with (friend, "message", "body", "Bis später, Bert", TIMEOUT_MS);
    g_assert_nonnull (again);
    g_assert_cmpstr (schnack_test_json_get_string (again, "replace_id"), ==, first_id);

    record = get (&me, mine);
    g_assert_cmpstr (record->body, ==, "Bis später, Bert");
    g_assert_true (record->edited);
    /* Sent and acknowledged: no correction is left in the outbox. */
    schnack_test_run_for (1000);
    g_assert_cmpint (schnack_store_count_messages (me.store, me.account_id, friend_jid), ==, 2);
    {
      g_autoptr(GPtrArray) pending = schnack_store_list_pending_messages (me.store, me.account_id, NULL);

      g_assert_cmpuint (pending->len, ==, 0);
    }
    /* Only our own messages can be corrected. */
    g_assert_false (schnack_account_send_correction (me.account, original, "nein", &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
    g_clear_error (&error);
  }

  /* A burst, its last message corrected at once: the correction waits
   * for the message to be stored (messages are stored in slices). */
  {
    g_autoptr(GString) burst = g_string_new ("{\"cmd\":\"raw\",\"xml\":\"");
    g_autoptr(SchnackMessageRecord) record = NULL;
    Lookup corrected = { &me, friend_jid, "burst-99", 0 };

    for (guint i = 0; i < 100; i++)
      g_string_append_printf (burst, "<message to='%s' type='chat' id='burst-%u'><body>Entwurf %u</body>"
                              "</message>", me.jid, i, i);
    g_string_append_printf (burst, "<message to='%s' type='chat' id='burst-fix'><body>Endfassung</body>"
                            "<replace xmlns='urn:xmpp:message-correct:0' id='burst-99'/></message>\"}",
                            me.jid);
    g_assert_true (schnack_test_peer_command (friend, burst->str, &error));
    g_assert_true (schnack_test_wait_until (message_exists, &corrected, TIMEOUT_MS));
    schnack_test_run_for (1000);
    record = find (&me, friend_jid, "burst-99");
    g_assert_cmpstr (record->body, ==, "Endfassung");
    g_assert_null (find (&me, friend_jid, "burst-fix"));
  }
  me_stop (&me);
}

static void
test_replies (void)
{
  Me me = { 0, };
  g_autofree char *friend_jid = register_user ("replier", "pw-replier");
  g_autoptr(SchnackTestPeer) friend = NULL;
  g_autoptr(GError) error = NULL;

  me_start (&me, "replies");
  friend = peer_start (friend_jid, "pw-replier");

  /* Their reply to ours: shown without the quote, knowing what it answers. */
  {
    gint64 question = send_own (&me, friend_jid, "Kommst du\nzum Essen?");
    g_autofree char *sent = schnack_test_peer_wait_event (friend, "message", TIMEOUT_MS);
    g_autofree char *question_id = schnack_test_json_get_string (sent, "id");
    g_autoptr(SchnackMessageRecord) answer = NULL;
    gint64 answer_id;

    peer_do (friend, "{\"cmd\":\"reply\",\"to\":\"%s\",\"reply_id\":\"%s\",\"reply_to\":\"%s/schnack\","
             "\"quote\":\"Kommst du\\nzum Essen?\",\"body\":\"Ja, gern! 🍝\",\"id\":\"answer-1\"}",
             me.jid, question_id, me.jid);
    answer_id = wait_for_message (&me, friend_jid, "answer-1");
    answer = get (&me, answer_id);
    g_assert_cmpstr (answer->body, ==, "Ja, gern! 🍝");
    g_assert_cmpstr (answer->reply_to_id, ==, question_id);
    g_assert_cmpstr (answer->reply_to_sender, ==, me.jid);
    {
      g_autoptr(SchnackMessageRecord) quoted = find (&me, friend_jid, answer->reply_to_id);

      g_assert_cmpint (quoted->id, ==, question);
    }
  }

  /* Our reply: a quote fallback for older clients, marked as such. */
  {
    g_autofree char *line = NULL;
    g_autofree char *body = NULL;
    g_autoptr(SchnackMessageRecord) stored = NULL;
    gint64 theirs, reply = 0;

    peer_do (friend, "{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"Wann genau?\",\"id\":\"when-1\","
             "\"origin_id\":\"when-1\"}", me.jid);
    theirs = wait_for_message (&me, friend_jid, "when-1");
    g_assert_true (schnack_account_send_reply (me.account, theirs, "Um sieben.", &reply, &error));
    g_assert_no_error (error);
    line = wait_peer_event_with (friend, TRUE, "reply_id", "when-1");
    body = schnack_test_json_get_string (line, "body");
    g_assert_cmpstr (body, ==, "> Wann genau?\nUm sieben.");
    g_assert_cmpint (schnack_test_json_get_int (line, "fallback_end", -1), ==, g_utf8_strlen ("> Wann genau?\n", -1));
    g_assert_cmpstr (schnack_test_json_get_string (line, "reply_to"), ==, friend_jid);

    stored = get (&me, reply);
    g_assert_cmpstr (stored->body, ==, "Um sieben.");
    g_assert_cmpstr (stored->reply_to_id, ==, "when-1");
    g_assert_cmpstr (stored->reply_to_sender, ==, friend_jid);
  }
  me_stop (&me);
}

static char *
reaction_summary (Me     *me,
                  gint64  row_id)
{
  g_autoptr(GPtrArray) reactions = schnack_store_list_reactions (me->store, row_id, NULL);
  g_autoptr(GString) summary = g_string_new (NULL);

  for (guint i = 0; i < reactions->len; i++)
    {
      SchnackReaction *reaction = g_ptr_array_index (reactions, i);

      g_string_append_printf (summary, "%s%s:%s", i > 0 ? " " : "", reaction->sender, reaction->emoji);
    }
  return g_string_free (g_steal_pointer (&summary), FALSE);
}

typedef struct {
  Me         *me;
  gint64      row_id;
  const char *expected;
} ReactionWait;

static gboolean
reactions_are (gpointer data)
{
  ReactionWait *wait = data;
  g_autofree char *summary = reaction_summary (wait->me, wait->row_id);

  return g_strcmp0 (summary, wait->expected) == 0;
}

/* Our own message's delivery ticks are updates too: wait for the set. */
static void
wait_reactions (Me         *me,
                gint64      row_id,
                const char *expected)
{
  ReactionWait wait = { me, row_id, expected };

  if (!schnack_test_wait_until (reactions_are, &wait, TIMEOUT_MS))
    g_error ("reactions: \"%s\", expected \"%s\"", reaction_summary (me, row_id), expected);
}

static void
test_reactions (void)
{
  guint seen = 0;
  Me me = { 0, };
  g_autofree char *friend_jid = register_user ("reactor", "pw-reactor");
  g_autoptr(SchnackTestPeer) friend = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_id = NULL;
  gint64 mine, theirs;

  me_start (&me, "reactions");
  friend = peer_start (friend_jid, "pw-reactor");
  mine = send_own (&me, friend_jid, "Pizza heute?");
  {
    g_autofree char *sent = schnack_test_peer_wait_event (friend, "message", TIMEOUT_MS);

    first_id = schnack_test_json_get_string (sent, "id");
  }

  /* Each set replaces the sender's earlier one; an empty one clears it. */
  {
    g_autofree char *both = g_strdup_printf ("%s:🍕 %s:👍", friend_jid, friend_jid);
    g_autofree char *party = g_strdup_printf ("%s:🎉", friend_jid);

    peer_do (friend, "{\"cmd\":\"react\",\"to\":\"%s\",\"message_id\":\"%s\",\"reactions\":[\"👍\",\"🍕\"]}",
             me.jid, first_id);
    wait_reactions (&me, mine, both);
    peer_do (friend, "{\"cmd\":\"react\",\"to\":\"%s\",\"message_id\":\"%s\",\"reactions\":[\"🎉\"]}",
             me.jid, first_id);
    wait_reactions (&me, mine, party);
    seen = me.updated->len;
    peer_do (friend, "{\"cmd\":\"react\",\"to\":\"%s\",\"message_id\":\"%s\",\"reactions\":[]}",
             me.jid, first_id);
    wait_reactions (&me, mine, "");
    g_assert_cmpuint (me.updated->len, >, seen);
  }
  /* Reactions are no messages: nothing new, nothing unread. */
  g_assert_cmpint (schnack_store_count_messages (me.store, me.account_id, friend_jid), ==, 1);
  g_assert_cmpuint (unread (&me, friend_jid), ==, 0);

  /* Ours, sent even if we were offline when we chose it. */
  peer_do (friend, "{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"Klar!\",\"id\":\"sure-1\","
           "\"origin_id\":\"sure-1\"}", me.jid);
  theirs = wait_for_message (&me, friend_jid, "sure-1");
  schnack_account_stop (me.account);
  g_assert_true (schnack_test_wait_until (account_offline, me.account, TIMEOUT_MS));
  {
    const char *set[] = { "❤️", "😀", NULL };
    g_autofree char *summary = NULL;
    g_autofree char *expected = NULL;
    g_autofree char *line = NULL;

    g_assert_true (schnack_account_send_reactions (me.account, theirs, set, &error));
    g_assert_no_error (error);
    summary = reaction_summary (&me, theirs);
    expected = g_strdup_printf ("%s:❤️ %s:😀", me.jid, me.jid);
    g_assert_cmpstr (summary, ==, expected);

    schnack_account_connect_with_password (me.account, me.password);
    line = wait_peer_event_with (friend, FALSE, "reactions_to", "sure-1");
    g_assert_nonnull (strstr (line, "\"reactions\": [\"\\u2764\\ufe0f\", \"\\ud83d\\ude00\"]"));
  }
  {
    g_autofree char *line = NULL;

    g_assert_true (schnack_account_send_reactions (me.account, theirs, NULL, &error));
    line = wait_peer_event_with (friend, FALSE, "reactions_to", "sure-1");
    g_assert_nonnull (strstr (line, "\"reactions\": []"));
    g_assert_null (schnack_test_json_get_string (line, "body"));
  }
  g_assert_cmpuint (unread (&me, friend_jid), ==, 1);
  g_assert_cmpint (schnack_store_count_messages (me.store, me.account_id, friend_jid), ==, 2);
  me_stop (&me);
}

static void
test_retractions (void)
{
  guint seen = 0;
  Me me = { 0, };
  g_autofree char *friend_jid = register_user ("retractor", "pw-retractor");
  g_autoptr(SchnackTestPeer) friend = NULL;
  g_autoptr(GError) error = NULL;
  gint64 theirs;

  me_start (&me, "retractions");
  friend = peer_start (friend_jid, "pw-retractor");

  /* They withdraw a message we had not read yet. */
  peer_do (friend, "{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"Oops, falscher Chat\",\"id\":\"oops-1\","
           "\"origin_id\":\"oops-1\"}", me.jid);
  theirs = wait_for_message (&me, friend_jid, "oops-1");
  g_assert_cmpuint (unread (&me, friend_jid), ==, 1);
  seen = me.updated->len;
  peer_do (friend, "{\"cmd\":\"retract\",\"to\":\"%s\",\"message_id\":\"oops-1\"}", me.jid);
  wait_updates (&me, seen + 1);
  {
    g_autoptr(SchnackMessageRecord) record = get (&me, theirs);
    g_autoptr(SchnackConversationRecord) conversation = chat (&me, friend_jid);

    g_assert_true (record->retracted);
    g_assert_null (record->body);
    g_assert_cmpuint (search_count (&me, "falscher"), ==, 0);
    g_assert_cmpuint (conversation->unread_count, ==, 0);
    g_assert_true (conversation->last_retracted);
  }

  /* A retraction of something we never had changes nothing, and its
   * fallback text is not stored as a message. */
  peer_do (friend, "{\"cmd\":\"retract\",\"to\":\"%s\",\"message_id\":\"never-seen\"}", me.jid);
  peer_do (friend, "{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"Nächste\",\"id\":\"next-1\"}", me.jid);
  wait_for_message (&me, friend_jid, "next-1");
  g_assert_cmpint (schnack_store_count_messages (me.store, me.account_id, friend_jid), ==, 2);
  g_assert_cmpuint (search_count (&me, "retract"), ==, 0);

  /* We delete ours for everyone. */
  {
    gint64 mine = send_own (&me, friend_jid, "Das hätte ich nicht schreiben sollen");
    g_autofree char *sent = schnack_test_peer_wait_event (friend, "message", TIMEOUT_MS);
    g_autofree char *origin = schnack_test_json_get_string (sent, "origin_id");
    g_autofree char *line = NULL;
    g_autoptr(SchnackMessageRecord) record = NULL;

    g_assert_true (schnack_account_retract_message (me.account, mine, &error));
    g_assert_no_error (error);
    line = wait_peer_event_with (friend, TRUE, "retract_id", origin);
    g_assert_nonnull (schnack_test_json_get_string (line, "body"));
    record = get (&me, mine);
    g_assert_true (record->retracted);
    g_assert_cmpuint (search_count (&me, "schreiben"), ==, 0);
    /* Twice is refused. */
    g_assert_false (schnack_account_retract_message (me.account, mine, &error));
    g_clear_error (&error);
  }

  /* Deleted here only: gone from history and search; the peer hears nothing. */
  {
    gint64 next = wait_for_message (&me, friend_jid, "next-1");

    schnack_test_peer_flush_events (friend);
    g_autoptr(SchnackMessageHistory) history = schnack_account_open_history (me.account, friend_jid);

    g_assert_true (schnack_message_history_load_latest (history, &error));
    g_assert_nonnull (schnack_message_history_find (history, next, NULL));
    g_assert_true (schnack_account_delete_message_locally (me.account, next, &error));
    g_assert_null (schnack_message_history_find (history, next, NULL));
    g_assert_no_error (error);
    g_assert_cmpuint (me.deleted->len, ==, 1);
    g_assert_cmpint (g_array_index (me.deleted, gint64, 0), ==, next);
    g_assert_null (schnack_store_get_message (me.store, next, NULL));
    g_assert_cmpuint (search_count (&me, "Nächste"), ==, 0);
    schnack_test_run_for (1000);
    g_assert_null (schnack_test_peer_wait_event (friend, "message", 10));
  }
  me_stop (&me);
}

typedef struct {
  Me     *me;
  gint64  row_id;
  int     state;
} StateWait;

static gboolean
has_state (gpointer data)
{
  StateWait *wait = data;
  g_autoptr(SchnackMessageRecord) record = get (wait->me, wait->row_id);

  return (int) record->delivery_state == wait->state;
}

static void
assert_state_becomes (Me     *me,
                      gint64  row_id,
                      int     state)
{
  StateWait wait = { me, row_id, state };

  g_assert_true (schnack_test_wait_until (has_state, &wait, TIMEOUT_MS));
}

typedef struct {
  Me         *me;
  const char *jid;
  guint       count;
} UnreadWait;

static gboolean
unread_is (gpointer data)
{
  UnreadWait *wait = data;

  return unread (wait->me, wait->jid) == wait->count;
}

static void
test_markers (void)
{
  Me me = { 0, };
  g_autofree char *friend_jid = register_user ("marker", "pw-marker");
  g_autoptr(SchnackTestPeer) friend = NULL;
  g_autoptr(SchnackTestPeer) my_phone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *second_id = NULL;
  gint64 first, second;

  me_start (&me, "markers");
  friend = peer_start (friend_jid, "pw-marker");

  /* Ours ask for markers; "received" for the second is DELIVERED for both. */
  first = send_own (&me, friend_jid, "Erste");
  second = send_own (&me, friend_jid, "Zweite");
  {
    g_autofree char *a = schnack_test_peer_wait_event (friend, "message", TIMEOUT_MS);
    g_autofree char *b = schnack_test_peer_wait_event (friend, "message", TIMEOUT_MS);

    g_assert_true (schnack_test_json_get_bool (a, "markable"));
    first_id = schnack_test_json_get_string (a, "id");
    second_id = schnack_test_json_get_string (b, "id");
  }
  assert_state_becomes (&me, second, SCHNACK_DELIVERY_STATE_ACKED);
  peer_do (friend, "{\"cmd\":\"marker\",\"to\":\"%s\",\"marker\":\"received\",\"message_id\":\"%s\"}",
           me.jid, second_id);
  assert_state_becomes (&me, second, SCHNACK_DELIVERY_STATE_DELIVERED);
  assert_state_becomes (&me, first, SCHNACK_DELIVERY_STATE_DELIVERED);

  /* "displayed" for the first: READ; the second stays DELIVERED. */
  peer_do (friend, "{\"cmd\":\"marker\",\"to\":\"%s\",\"marker\":\"displayed\",\"message_id\":\"%s\"}",
           me.jid, first_id);
  assert_state_becomes (&me, first, SCHNACK_DELIVERY_STATE_READ);
  {
    g_autoptr(SchnackMessageRecord) record = get (&me, second);

    g_assert_cmpint (record->delivery_state, ==, SCHNACK_DELIVERY_STATE_DELIVERED);
  }
  /* Late news never moves a state back. */
  peer_do (friend, "{\"cmd\":\"marker\",\"to\":\"%s\",\"marker\":\"received\",\"message_id\":\"%s\"}",
           me.jid, first_id);
  peer_do (friend, "{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"Sync\",\"id\":\"sync-1\"}", me.jid);
  wait_for_message (&me, friend_jid, "sync-1");
  {
    g_autoptr(SchnackMessageRecord) record = get (&me, first);

    g_assert_cmpint (record->delivery_state, ==, SCHNACK_DELIVERY_STATE_READ);
  }

  /* We read their markable message: they get "displayed" for it. */
  add_contact (&me, friend_jid);
  peer_do (friend, "{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"Gelesen?\",\"id\":\"read-me\","
           "\"origin_id\":\"read-me\",\"markable\":true}", me.jid);
  wait_for_message (&me, friend_jid, "read-me");
  g_assert_cmpuint (unread (&me, friend_jid), ==, 2);
  schnack_test_peer_flush_events (friend);
  g_assert_true (schnack_account_mark_conversation_displayed (me.account, friend_jid, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (unread (&me, friend_jid), ==, 0);
  {
    g_autofree char *line = schnack_test_peer_wait_event_with (friend, "message-nobody", "marker", "displayed",
                                                              TIMEOUT_MS);

    g_assert_nonnull (line);
    g_assert_cmpstr (schnack_test_json_get_string (line, "marker_id"), ==, "read-me");
  }

  /* Read on our phone: its "displayed" comes to us as a carbon. */
  my_phone = peer_start (me.jid, me.password);
  peer_do (friend, "{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"Eins\",\"id\":\"phone-1\",\"markable\":true}",
           me.jid);
  peer_do (friend, "{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"Zwei\",\"id\":\"phone-2\",\"markable\":true}",
           me.jid);
  wait_for_message (&me, friend_jid, "phone-2");
  g_assert_cmpuint (unread (&me, friend_jid), ==, 2);
  peer_do (my_phone, "{\"cmd\":\"marker\",\"to\":\"%s\",\"marker\":\"displayed\",\"message_id\":\"phone-1\"}",
           friend_jid);
  {
    UnreadWait wait = { &me, friend_jid, 1 };

    g_assert_true (schnack_test_wait_until (unread_is, &wait, TIMEOUT_MS));
  }
  peer_do (my_phone, "{\"cmd\":\"marker\",\"to\":\"%s\",\"marker\":\"displayed\",\"message_id\":\"phone-2\"}",
           friend_jid);
  {
    UnreadWait wait = { &me, friend_jid, 0 };

    g_assert_true (schnack_test_wait_until (unread_is, &wait, TIMEOUT_MS));
  }
  /* Markers are no messages. */
  g_assert_cmpint (schnack_store_count_messages (me.store, me.account_id, friend_jid), ==, 6);

  /* Read while offline: the marker goes out at the next login. */
  peer_do (friend, "{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"Später gelesen\",\"id\":\"late-1\","
           "\"markable\":true}", me.jid);
  wait_for_message (&me, friend_jid, "late-1");
  schnack_account_stop (me.account);
  g_assert_true (schnack_test_wait_until (account_offline, me.account, TIMEOUT_MS));
  g_assert_true (schnack_account_mark_conversation_displayed (me.account, friend_jid, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (unread (&me, friend_jid), ==, 0);
  schnack_test_peer_flush_events (friend);
  schnack_account_connect_with_password (me.account, me.password);
  {
    g_autofree char *line = schnack_test_peer_wait_event_with (friend, "message-nobody", "marker_id", "late-1",
                                                              TIMEOUT_MS);

    g_assert_nonnull (line);
    g_assert_cmpstr (schnack_test_json_get_string (line, "marker"), ==, "displayed");
  }
  me_stop (&me);
}

/* XEP-0490 on Prosody 0.12: PEP takes the publish-options it needs. */
static void
test_displayed_sync (void)
{
  Me me = { 0, };
  g_autofree char *friend_jid = register_user ("synced", "pw-synced");
  g_autoptr(SchnackTestPeer) friend = NULL;
  g_autoptr(SchnackTestPeer) my_phone = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackMessageRecord) first = NULL;
  g_autoptr(SchnackMessageRecord) second = NULL;

  me_start (&me, "displayedsync");
  friend = peer_start (friend_jid, "pw-synced");
  my_phone = peer_start (me.jid, me.password);

  /* We read here (no markers asked for): the phone can fetch what we read. */
  peer_do (friend, "{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"Ohne Marker\",\"id\":\"mds-1\"}", me.jid);
  first = find (&me, friend_jid, "mds-1");
  if (first == NULL)
    {
      wait_for_message (&me, friend_jid, "mds-1");
      first = find (&me, friend_jid, "mds-1");
    }
  g_assert_nonnull (first->stanza_id);
  g_assert_true (schnack_account_mark_conversation_displayed (me.account, friend_jid, &error));
  schnack_test_run_for (1000);
  {
    g_autofree char *fetch = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<iq type='get' id='mds-fetch'>"
                                              "<pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                                              "<items node='urn:xmpp:mds:displayed:0'/></pubsub></iq>\"}");
    g_autofree char *line = NULL;
    g_autofree char *xml = NULL;

    g_assert_true (schnack_test_peer_command (my_phone, fetch, &error));
    line = schnack_test_peer_wait_event_with (my_phone, "iq-result", "id", "mds-fetch", TIMEOUT_MS);
    g_assert_nonnull (line);
    g_assert_cmpstr (schnack_test_json_get_string (line, "type"), ==, "result");
    xml = schnack_test_json_get_string (line, "xml");
    g_assert_nonnull (strstr (xml, friend_jid));
    g_assert_nonnull (strstr (xml, first->stanza_id));
  }

  /* Read on the phone, published there: the unread count here clears. */
  peer_do (friend, "{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"Noch eine\",\"id\":\"mds-2\"}", me.jid);
  wait_for_message (&me, friend_jid, "mds-2");
  second = find (&me, friend_jid, "mds-2");
  g_assert_cmpuint (unread (&me, friend_jid), ==, 1);
  {
    g_autofree char *publish =
      g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<iq type='set' id='mds-pub'>"
                       "<pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                       "<publish node='urn:xmpp:mds:displayed:0'><item id='%s'>"
                       "<displayed xmlns='urn:xmpp:mds:displayed:0'>"
                       "<stanza-id xmlns='urn:xmpp:sid:0' id='%s' by='%s'/></displayed></item></publish>"
                       "<publish-options><x xmlns='jabber:x:data' type='submit'>"
                       "<field var='FORM_TYPE' type='hidden'>"
                       "<value>http://jabber.org/protocol/pubsub#publish-options</value></field>"
                       "<field var='pubsub#access_model'><value>whitelist</value></field>"
                       "<field var='pubsub#max_items'><value>max</value></field>"
                       "</x></publish-options></pubsub></iq>\"}",
                       friend_jid, second->stanza_id, me.jid);
    UnreadWait wait = { &me, friend_jid, 0 };

    g_assert_true (schnack_test_peer_command (my_phone, publish, &error));
    g_assert_true (schnack_test_wait_until (unread_is, &wait, TIMEOUT_MS));
  }

  /* Read on the phone while we were away: known after the catch-up. */
  schnack_account_stop (me.account);
  g_assert_true (schnack_test_wait_until (account_offline, me.account, TIMEOUT_MS));
  schnack_test_peer_flush_events (my_phone);
  peer_do (friend, "{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"Während du weg warst\",\"id\":\"mds-3\"}",
           me.jid);
  {
    g_autofree char *line = schnack_test_peer_wait_event_with (my_phone, "message", "id", "mds-3", TIMEOUT_MS);
    g_autofree char *xml = schnack_test_json_get_string (line, "xml");
    g_autoptr(SchnackXmlNode) stanza = schnack_xml_node_parse (xml, -1, NULL);
    SchnackXmlNode *stanza_id = schnack_xml_node_get_child (stanza, "stanza-id", "urn:xmpp:sid:0");
    g_autofree char *publish = NULL;
    UnreadWait wait = { &me, friend_jid, 0 };
    Lookup arrived = { &me, friend_jid, "mds-3", 0 };

    g_assert_nonnull (stanza_id);
    g_assert_cmpstr (schnack_xml_node_get_attribute (stanza_id, "by"), ==, me.jid);
    publish = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<iq type='set' id='mds-pub-2'>"
                               "<pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                               "<publish node='urn:xmpp:mds:displayed:0'><item id='%s'>"
                               "<displayed xmlns='urn:xmpp:mds:displayed:0'>"
                               "<stanza-id xmlns='urn:xmpp:sid:0' id='%s' by='%s'/></displayed></item>"
                               "</publish></pubsub></iq>\"}",
                               friend_jid, schnack_xml_node_get_attribute (stanza_id, "id"), me.jid);
    g_assert_true (schnack_test_peer_command (my_phone, publish, &error));
    g_free (schnack_test_peer_wait_event_with (my_phone, "iq-result", "id", "mds-pub-2", TIMEOUT_MS));

    schnack_account_connect_with_password (me.account, me.password);
    g_assert_true (schnack_test_wait_until (message_exists, &arrived, TIMEOUT_MS));
    g_assert_true (schnack_test_wait_until (unread_is, &wait, TIMEOUT_MS));
  }
  me_stop (&me);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!schnack_test_prosody_available (&reason))
    {
      g_printerr ("SKIP: %s\n", reason);
      return 77;
    }
  server = schnack_test_prosody_start (NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/message-features/corrections", test_corrections);
  g_test_add_func ("/message-features/replies", test_replies);
  g_test_add_func ("/message-features/reactions", test_reactions);
  g_test_add_func ("/message-features/retractions", test_retractions);
  g_test_add_func ("/message-features/markers", test_markers);
  g_test_add_func ("/message-features/displayed-sync", test_displayed_sync);

  status = g_test_run ();
  schnack_test_prosody_free (server);
  return status;
}
