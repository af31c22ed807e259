/* test-notifications.c — new messages as desktop notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real application (its notifier, its app.open-chat action, its
 * window) on a real Prosody, slixmpp peers writing to it, and a
 * notification service on the test's private bus
 * (tests/fixtures/notification_recorder.py) that records every Notify and
 * CloseNotification call and can "click" a notification.
 * Runs under Xvfb and tests/secrets/with-keyring.sh.
 */
#include <adwaita.h>
#include <string.h>

#include "config.h"
#include "connection-test-util.h"
#include "core/account-manager.h"
#include "test-fixture-util.h"
#include "test-json.h"
#include "test-peer.h"
#include "ui/application.h"
#include "ui/notifier.h"
#include "ui-test-util.h"
#include "ui/settings.h"
#include "ui/window.h"
#include "ui-test-util.h"

#define TIMEOUT_MS 15000
#define PASSWORD "notifications-password"
/* How long "nothing was shown" is watched after the message was stored. */
#define QUIET_MS 700

static SchnackTestProsody *server;
static SchnackApplication *app;
static SchnackAccount *account;
static char *my_jid;

/* ------------------------------------------------- the recording service */

static GSubprocess *recorder;
static GOutputStream *recorder_in;
static GDataInputStream *recorder_out;
static GPtrArray *recorded;   /* event lines not yet taken */

static void on_recorder_line (GObject *source, GAsyncResult *result, gpointer user_data);

static void
read_next_recorder_line (void)
{
  g_data_input_stream_read_line_async (recorder_out, G_PRIORITY_DEFAULT, NULL, on_recorder_line, NULL);
}

static void
on_recorder_line (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);

  if (line == NULL)
    return;
  g_test_message ("recorder: %s", line);
  g_ptr_array_add (recorded, line);
  read_next_recorder_line ();
}

static void
start_recorder (void)
{
  g_autofree char *script = schnack_test_fixture_path ("notification_recorder.py");
  g_autoptr(GError) error = NULL;
  g_autofree char *ready = NULL;

  recorder = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                               schnack_test_python (), script, NULL);
  g_assert_no_error (error);
  recorder_in = g_subprocess_get_stdin_pipe (recorder);
  recorder_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (recorder));
  ready = schnack_test_read_line_sync (recorder_out, TIMEOUT_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ready, ==, "{\"event\": \"ready\"}");
  recorded = g_ptr_array_new_with_free_func (g_free);
  read_next_recorder_line ();
}

typedef struct
{
  const char *event;
  const char *key;
  const char *value;
  gint64      id;      /* or 0 */
  char       *found;
} RecordedWait;

static gboolean
find_recorded (gpointer data)
{
  RecordedWait *wait = data;

  for (guint i = 0; i < recorded->len; i++)
    {
      const char *line = g_ptr_array_index (recorded, i);
      g_autofree char *event = schnack_test_json_get_string (line, "event");
      g_autofree char *value = wait->key != NULL ? schnack_test_json_get_string (line, wait->key) : NULL;

      if (g_strcmp0 (event, wait->event) != 0)
        continue;
      if (wait->key != NULL && g_strcmp0 (value, wait->value) != 0)
        continue;
      if (wait->id != 0 && schnack_test_json_get_int (line, "id", 0) != wait->id)
        continue;
      wait->found = g_ptr_array_steal_index (recorded, i);
      return TRUE;
    }
  return FALSE;
}

/* The first recorded @event whose @key is @value (any, if @key is NULL). */
static char *
wait_recorded (const char *event,
               const char *key,
               const char *value,
               gint64      id)
{
  RecordedWait wait = { event, key, value, id, NULL };

  schnack_test_wait_until (find_recorded, &wait, TIMEOUT_MS);
  return wait.found;
}

static void
assert_nothing_recorded (const char *event,
                         const char *key,
                         const char *value)
{
  RecordedWait wait = { event, key, value, 0, NULL };

  schnack_test_run_for (QUIET_MS);
  g_assert_false (find_recorded (&wait));
}

static void
recorder_command (const char *line)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (schnack_test_write_line (recorder_in, line, &error));
  g_assert_no_error (error);
}

#define assert_json_string(line, key, expected) \
  G_STMT_START { \
    g_autofree char *actual_ = schnack_test_json_get_string ((line), (key)); \
    g_assert_cmpstr (actual_, ==, (expected)); \
  } G_STMT_END

/* ------------------------------------------------------------- helpers */

static char *
register_user (const char *prefix)
{
  g_autofree char *user = schnack_test_unique_user (prefix);

  g_assert_true (schnack_test_prosody_register (server, user, "localhost", PASSWORD, NULL));
  return g_strdup_printf ("%s@localhost", user);
}

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

static SchnackConversationList *
my_conversations (void)
{
  return schnack_account_get_conversations (account);
}

/* A contact named @name whose chat is open, and a peer for them. */
static SchnackTestPeer *
start_contact (const char  *name,
               char       **out_jid)
{
  g_autofree char *jid = register_user ("friend");
  SchnackContactList *contacts = schnack_account_get_contacts (account);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SchnackTestPeer *peer = schnack_test_peer_start (server, jid, PASSWORD, &error);

  g_assert_no_error (error);
  schnack_contact_list_add_contact_async (contacts, jid, name, NULL, NULL, on_done, &result);
  g_assert_true (schnack_test_wait_until (have_result, &result, TIMEOUT_MS));
  g_assert_true (schnack_contact_list_add_contact_finish (contacts, result, &error));
  g_assert_no_error (error);
  g_assert_true (schnack_conversation_list_open (my_conversations (), jid, &error));
  g_assert_no_error (error);
  *out_jid = g_steal_pointer (&jid);
  return peer;
}

typedef struct
{
  const char *jid;
  guint       unread;
} UnreadWait;

static gboolean
has_unread (gpointer data)
{
  UnreadWait *wait = data;
  SchnackConversation *conversation = schnack_conversation_list_find (my_conversations (), wait->jid);

  return conversation != NULL && schnack_conversation_get_unread_count (conversation) >= wait->unread;
}

static guint stored_count;

static void
on_message_stored (void)
{
  stored_count++;
}

static gboolean
stored_reached (gpointer data)
{
  return stored_count >= GPOINTER_TO_UINT (data);
}

/* The peer writes; returns once Schnack has stored it. */
static void
peer_writes (SchnackTestPeer *peer,
             const char      *body)
{
  g_autoptr(GError) error = NULL;
  guint expected = stored_count + 1;

  g_assert_true (schnack_test_peer_send_message (peer, my_jid, body, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (schnack_test_wait_until (stored_reached, GUINT_TO_POINTER (expected), TIMEOUT_MS));
}

static SchnackWindow *
main_window (void)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (SCHNACK_IS_WINDOW (window));
  return SCHNACK_WINDOW (window);
}

static gboolean
window_active (gpointer data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  return window != NULL && gtk_window_is_active (window);
}

static SchnackNotifier *
notifier (void)
{
  return schnack_application_get_notifier (app);
}

static gboolean
account_online (gpointer data)
{
  return schnack_account_get_state (account) == SCHNACK_CONNECTION_ONLINE &&
         schnack_contact_list_get_loaded (schnack_account_get_contacts (account));
}

static gboolean
account_offline (gpointer data)
{
  return schnack_account_get_state (account) == SCHNACK_CONNECTION_OFFLINE;
}

/* --------------------------------------------------------------- tests */

/* Name and text from the network: the summary is plain text (what the
 * specification says it is), the body is markup, so the text goes in
 * escaped; newer messages replace the notification; reading withdraws it. */
static void
test_escaped_replaced_withdrawn (void)
{
  const char *name = "<b>&amp;</b> Eve";
  g_autofree char *jid = NULL;
  g_autoptr(SchnackTestPeer) peer = start_contact (name, &jid);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *actions = NULL;
  g_autofree char *hints = NULL;
  g_autofree char *closed = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  peer_writes (peer, "<b>&amp;</b> <i>x</i>\nsecond line *styled*");
  first = wait_recorded ("notify", "summary", name, 0);
  g_assert_nonnull (first);
  assert_json_string (first, "body", "&lt;b&gt;&amp;amp;&lt;/b&gt; &lt;i&gt;x&lt;/i&gt; second line *styled*");
  assert_json_string (first, "app_icon", APP_ID);
  actions = schnack_test_json_get_string (first, "actions");
  g_assert_nonnull (strstr (actions, "\"default\""));
  g_assert_nonnull (strstr (actions, "\"open\""));
  hints = schnack_test_json_get_string (first, "hints");
  g_assert_nonnull (strstr (hints, APP_ID));
  id = schnack_test_json_get_int (first, "id", 0);
  g_assert_cmpint (id, >, 0);

  /* One notification per chat: the next message replaces it. */
  peer_writes (peer, "/me waves");
  second = wait_recorded ("notify", "summary", name, 0);
  g_assert_nonnull (second);
  g_assert_cmpint (schnack_test_json_get_int (second, "replaces_id", 0), ==, id);
  g_assert_cmpint (schnack_test_json_get_int (second, "id", 0), ==, id);
  assert_json_string (second, "body", "* &lt;b&gt;&amp;amp;&lt;/b&gt; Eve waves");

  /* Read (here on another device, as far as the notifier can tell). */
  g_assert_true (schnack_conversation_list_mark_read (my_conversations (), jid, &error));
  g_assert_no_error (error);
  closed = wait_recorded ("close", NULL, NULL, id);
  g_assert_nonnull (closed);
}

static guint
count_recorded (const char *event,
                const char *key,
                const char *value)
{
  RecordedWait wait = { event, key, value, 0, NULL };
  guint count = 0;

  while (find_recorded (&wait))
    {
      count++;
      g_clear_pointer (&wait.found, g_free);
    }
  return count;
}

/* An archive catch-up or a flood stores many messages at once: one
 * notification call for them, showing the newest. */
static void
test_burst_coalesced (void)
{
  g_autofree char *jid = NULL;
  g_autoptr(SchnackTestPeer) peer = start_contact ("Busy Bob", &jid);
  g_autoptr(GError) error = NULL;
  g_autofree char *newest = NULL;
  guint expected = stored_count + 20;
  guint calls;

  for (guint i = 1; i <= 20; i++)
    {
      g_autofree char *body = g_strdup_printf ("burst %u", i);

      g_assert_true (schnack_test_peer_send_message (peer, my_jid, body, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (schnack_test_wait_until (stored_reached, GUINT_TO_POINTER (expected), TIMEOUT_MS));
  newest = wait_recorded ("notify", "body", "burst 20", 0);
  g_assert_nonnull (newest);
  assert_json_string (newest, "summary", "Busy Bob");
  schnack_test_run_for (QUIET_MS);
  calls = count_recorded ("notify", "summary", "Busy Bob") + 1;
  g_test_message ("20 messages, %u Notify calls", calls);
  g_assert_cmpuint (calls, <=, 10);
}

/* Messages written while Schnack was away arrive in a catch-up: the
 * chat gets its notification, with the newest of them. */
static void
test_written_while_away (void)
{
  g_autofree char *jid = NULL;
  g_autoptr(SchnackTestPeer) peer = start_contact ("Patient Paula", &jid);
  g_autoptr(GError) error = NULL;
  g_autofree char *newest = NULL;
  guint expected = stored_count + 3;

  g_assert_true (schnack_account_set_enabled (account, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (schnack_test_wait_until (account_offline, NULL, TIMEOUT_MS));
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *body = g_strdup_printf ("while you were away %u", i);

      g_assert_true (schnack_test_peer_send_message (peer, my_jid, body, NULL, &error));
      g_assert_no_error (error);
    }
  assert_nothing_recorded ("notify", "summary", "Patient Paula");

  g_assert_true (schnack_account_set_enabled (account, TRUE, &error));
  g_assert_no_error (error);
  /* The password was not remembered (see start_app). */
  schnack_account_connect_with_password (account, PASSWORD);
  g_assert_true (schnack_test_wait_until (stored_reached, GUINT_TO_POINTER (expected), TIMEOUT_MS));
  newest = wait_recorded ("notify", "summary", "Patient Paula", 0);
  g_assert_nonnull (newest);
  assert_json_string (newest, "body", "while you were away 3");
  g_assert_true (schnack_test_wait_until (account_online, NULL, TIMEOUT_MS));
}

static void
test_hidden_contents (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *jid = NULL;
  g_autoptr(SchnackTestPeer) peer = start_contact ("Hidden Harriet", &jid);
  g_autofree char *shown = NULL;

  g_settings_set_boolean (settings, SCHNACK_SETTINGS_NOTIFICATION_SHOW_CONTENTS, FALSE);
  peer_writes (peer, "my secret PIN is 1234");
  shown = wait_recorded ("notify", "summary", "Hidden Harriet", 0);
  g_settings_reset (settings, SCHNACK_SETTINGS_NOTIFICATION_SHOW_CONTENTS);
  g_assert_nonnull (shown);
  assert_json_string (shown, "body", "New message");
  g_assert_null (strstr (shown, "1234"));
}

/* The chat in view gets none; another chat does, and so does this one
 * once the user looks elsewhere. */
static void
test_focused_chat (void)
{
  g_autofree char *jid = NULL;
  g_autofree char *other_jid = NULL;
  g_autoptr(SchnackTestPeer) peer = start_contact ("Focused Frank", &jid);
  g_autoptr(SchnackTestPeer) other = start_contact ("Other Olga", &other_jid);
  UnreadWait unread = { jid, 1 };
  g_autofree char *from_other = NULL;
  g_autofree char *later = NULL;

  gtk_window_present (GTK_WINDOW (main_window ()));
  g_assert_true (schnack_test_wait_until (window_active, NULL, TIMEOUT_MS));
  schnack_notifier_set_focused_conversation (notifier (), account, jid);

  peer_writes (peer, "you are looking at this");
  g_assert_true (schnack_test_wait_until (has_unread, &unread, TIMEOUT_MS));
  assert_nothing_recorded ("notify", "summary", "Focused Frank");

  peer_writes (other, "but not at this");
  from_other = wait_recorded ("notify", "summary", "Other Olga", 0);
  g_assert_nonnull (from_other);

  schnack_notifier_set_focused_conversation (notifier (), account, other_jid);
  g_assert_nonnull (wait_recorded ("close", NULL, NULL, schnack_test_json_get_int (from_other, "id", 0)));
  peer_writes (peer, "now you are not");
  later = wait_recorded ("notify", "summary", "Focused Frank", 0);
  g_assert_nonnull (later);
  schnack_notifier_set_focused_conversation (notifier (), NULL, NULL);
}

/* What app.open-chat was activated with, as "account-id/jid". */
static GPtrArray *opened_chats;

static void
on_open_chat_activated (GSimpleAction *action,
                        GVariant      *parameter)
{
  const char *jid;
  gint64 account_id;

  g_variant_get (parameter, "(x&s)", &account_id, &jid);
  g_ptr_array_add (opened_chats, g_strdup_printf ("%" G_GINT64_FORMAT "/%s", account_id, jid));
}

static gboolean
chat_opened (gpointer data)
{
  g_autofree char *wanted = g_strdup_printf ("%" G_GINT64_FORMAT "/%s",
                                             schnack_account_get_id (account), (const char *) data);

  for (guint i = 0; i < opened_chats->len; i++)
    if (g_str_equal (g_ptr_array_index (opened_chats, i), wanted))
      return TRUE;
  return FALSE;
}

static void
click (const char *notification,
       const char *action_key)
{
  g_autofree char *command = g_strdup_printf ("invoke %" G_GINT64_FORMAT " %s",
                                              schnack_test_json_get_int (notification, "id", 0), action_key);

  recorder_command (command);
}

/* Clicking the notification (or its Open button) opens that chat. */
static void
test_click_opens_chat (void)
{
  GAction *open_chat = g_action_map_lookup_action (G_ACTION_MAP (app), "open-chat");
  g_autofree char *jid = NULL;
  g_autofree char *other_jid = NULL;
  g_autoptr(SchnackTestPeer) peer = start_contact ("Clicked Clara", &jid);
  g_autoptr(SchnackTestPeer) other = start_contact ("Button Bert", &other_jid);
  g_autofree char *shown = NULL;
  g_autofree char *other_shown = NULL;
  gulong handler;

  g_assert_nonnull (open_chat);
  g_assert_true (g_variant_type_equal (g_action_get_parameter_type (open_chat), G_VARIANT_TYPE ("(xs)")));
  opened_chats = g_ptr_array_new_with_free_func (g_free);
  handler = g_signal_connect (open_chat, "activate", G_CALLBACK (on_open_chat_activated), NULL);

  peer_writes (peer, "click me");
  shown = wait_recorded ("notify", "summary", "Clicked Clara", 0);
  g_assert_nonnull (shown);
  g_assert_cmpuint (opened_chats->len, ==, 0);
  click (shown, "default");
  g_assert_true (schnack_test_wait_until (chat_opened, jid, TIMEOUT_MS));
  g_assert_false (chat_opened (other_jid));

  peer_writes (other, "or use the button");
  other_shown = wait_recorded ("notify", "summary", "Button Bert", 0);
  g_assert_nonnull (other_shown);
  click (other_shown, "open");
  g_assert_true (schnack_test_wait_until (chat_opened, other_jid, TIMEOUT_MS));
  /* The window came up for it. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (main_window ())));

  g_signal_handler_disconnect (open_chat, handler);
  g_clear_pointer (&opened_chats, g_ptr_array_unref);
}

static void
test_do_not_disturb (void)
{
  SchnackConnection *connection = schnack_account_get_connection (account);
  g_autofree char *jid = NULL;
  g_autoptr(SchnackTestPeer) peer = start_contact ("Quiet Quentin", &jid);
  g_autofree char *after = NULL;

  schnack_connection_set_presence (connection, SCHNACK_SHOW_DND, NULL);
  peer_writes (peer, "are you there?");
  assert_nothing_recorded ("notify", "summary", "Quiet Quentin");

  schnack_connection_set_presence (connection, SCHNACK_SHOW_AVAILABLE, NULL);
  peer_writes (peer, "now?");
  after = wait_recorded ("notify", "summary", "Quiet Quentin", 0);
  g_assert_nonnull (after);
  assert_json_string (after, "body", "now?");
}

/* Someone not on the contact list waits in Requests, silently. */
static void
test_stranger_waits_in_requests (void)
{
  g_autofree char *jid = register_user ("stranger");
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackTestPeer) stranger = schnack_test_peer_start (server, jid, PASSWORD, &error);

  g_assert_no_error (error);
  peer_writes (stranger, "buy cheap watches");
  g_assert_cmpuint (g_list_model_get_n_items (schnack_account_get_message_requests (account)), >, 0);
  assert_nothing_recorded ("notify", "summary", jid);
  assert_nothing_recorded ("notify", "body", "buy cheap watches");
}

typedef struct
{
  SchnackRoomList *rooms;
  const char      *jid;
} RoomJoinWait;

static gboolean
room_joined (gpointer data)
{
  RoomJoinWait *wait = data;
  SchnackRoom *room = schnack_room_list_find (wait->rooms, wait->jid);

  return room != NULL && schnack_room_get_state (room) == SCHNACK_ROOM_STATE_JOINED;
}

static void
peer_says_in_room (SchnackTestPeer *peer,
                   const char      *room_jid,
                   const char      *body)
{
  g_autofree char *command = g_strdup_printf ("{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"%s\",\"type\":\"groupchat\"}",
                                              room_jid, body);
  guint expected = stored_count + 1;

  g_assert_true (schnack_test_peer_command (peer, command, NULL));
  g_assert_true (schnack_test_wait_until (stored_reached, GUINT_TO_POINTER (expected), TIMEOUT_MS));
}

/* The peer opens a room (as its owner) and we join it as "Kim". */
static char *
join_peer_room (SchnackTestPeer *peer,
                const char      *name)
{
  char *room_jid = g_strdup_printf ("%s-%u@conference.localhost", name, (guint) getpid ());
  g_autofree char *join = NULL;
  g_autofree char *instant = NULL;
  g_autofree char *event = NULL;
  RoomJoinWait wait = { schnack_account_get_rooms (account), room_jid };

  join = g_strdup_printf ("<presence to='%s/anna'><x xmlns='http://jabber.org/protocol/muc'/></presence>", room_jid);
  g_assert_true (schnack_test_peer_send_raw (peer, join, NULL));
  event = schnack_test_peer_wait_event (peer, "presence", TIMEOUT_MS);
  g_clear_pointer (&event, g_free);
  instant = g_strdup_printf ("<iq type='set' to='%s' id='instant'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                             "<x xmlns='jabber:x:data' type='submit'/></query></iq>", room_jid);
  g_assert_true (schnack_test_peer_send_raw (peer, instant, NULL));
  event = schnack_test_peer_wait_event_with (peer, "iq-result", "id", "instant", TIMEOUT_MS);
  g_assert_nonnull (event);

  schnack_room_list_join (schnack_account_get_rooms (account), room_jid, "Kim", NULL);
  g_assert_true (schnack_test_wait_until (room_joined, &wait, TIMEOUT_MS));
  return room_jid;
}

/* In a room only a message naming our nickname notifies, titled with
 * who wrote and where. */
static void
test_room_mention (void)
{
  g_autofree char *peer_jid = register_user ("roomfriend");
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, &error);
  g_autofree char *room_jid = NULL;
  g_autofree char *found = NULL;

  g_assert_no_error (error);
  room_jid = join_peer_room (peer, "laut");

  peer_says_in_room (peer, room_jid, "Wer kommt morgen mit?");
  assert_nothing_recorded ("notify", "body", "Wer kommt morgen mit?");
  peer_says_in_room (peer, room_jid, "kim, du doch auch?");
  found = wait_recorded ("notify", "body", "kim, du doch auch?", 0);
  g_assert_nonnull (found);
  {
    g_autofree char *summary = schnack_test_json_get_string (found, "summary");

    g_assert_true (g_str_has_prefix (summary, "anna in "));
  }
}

/* The state the menus' radio items show (the window property behind
 * the win.chat-notifications action). */
static char *
chat_notifications_state (void)
{
  char *state = NULL;

  g_object_get (main_window (), "chat-notifications", &state, NULL);
  return state;
}

/* From the chat menus: a room set to "All Messages" notifies for every
 * message, one set to "Never" not even for a mention, and a muted
 * one-to-one chat stays silent while its messages still count unread.
 * (That the choice survives a restart: store-conversations.) */
static void
test_notification_levels (void)
{
  g_autofree char *peer_jid = register_user ("chatty");
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, &error);
  g_autofree char *room_jid = NULL;
  g_autofree char *contact_jid = NULL;
  g_autoptr(SchnackTestPeer) contact = start_contact ("Muted Moritz", &contact_jid);
  SchnackWindow *window = main_window ();
  SchnackConversation *conversation;
  g_autofree char *state = NULL;

  g_assert_no_error (error);
  room_jid = join_peer_room (peer, "gespraechig");
  peer_writes (contact, "before muting");
  g_assert_nonnull (wait_recorded ("notify", "summary", "Muted Moritz", 0));

  /* By default only mentions notify in a room. */
  peer_says_in_room (peer, room_jid, "Erst einmal hallo");
  assert_nothing_recorded ("notify", "body", "Erst einmal hallo");
  schnack_window_open_conversation (window, account, room_jid);
  state = chat_notifications_state ();
  g_assert_cmpstr (state, ==, "mentions");

  /* "All Messages" from the room's menu; then another chat is shown. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.chat-notifications", "s", "all");
  g_clear_pointer (&state, g_free);
  state = chat_notifications_state ();
  g_assert_cmpstr (state, ==, "all");
  conversation = schnack_conversation_list_find (schnack_account_get_conversations (account), room_jid);
  g_assert_cmpint (schnack_conversation_get_notify_level (conversation), ==, SCHNACK_NOTIFY_ALL);
  schnack_window_open_conversation (window, account, contact_jid);
  schnack_notifier_set_focused_conversation (notifier (), NULL, NULL);
  peer_says_in_room (peer, room_jid, "Jetzt meldet sich jede Nachricht");
  g_assert_nonnull (wait_recorded ("notify", "body", "Jetzt meldet sich jede Nachricht", 0));

  /* "Never": not even a mention. */
  schnack_window_open_conversation (window, account, room_jid);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.chat-notifications", "s", "never");
  schnack_window_open_conversation (window, account, contact_jid);
  schnack_notifier_set_focused_conversation (notifier (), NULL, NULL);
  peer_says_in_room (peer, room_jid, "kim, hörst du mich?");
  assert_nothing_recorded ("notify", "body", "kim, hörst du mich?");

  /* A one-to-one chat muted from its menu: the message waits unread. */
  g_clear_pointer (&state, g_free);
  state = chat_notifications_state ();
  g_assert_cmpstr (state, ==, "all");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.chat-notifications", "s", "never");
  schnack_window_open_conversation (window, account, room_jid);
  schnack_notifier_set_focused_conversation (notifier (), NULL, NULL);
  peer_writes (contact, "after muting");
  assert_nothing_recorded ("notify", "body", "after muting");
  conversation = schnack_conversation_list_find (schnack_account_get_conversations (account), contact_jid);
  g_assert_cmpint (schnack_conversation_get_notify_level (conversation), ==, SCHNACK_NOTIFY_NEVER);
  g_assert_cmpint (schnack_conversation_get_unread_count (conversation), >, 0);
  {
    /* The muted chats are the newest: at the top of the list. */
    GtkWidget *list = schnack_test_find_widget (GTK_WIDGET (window), "conversations_list_view");
    GtkWidget *scrolled = gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);

    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)), 0);
    schnack_test_take_screenshot ("notifications-muted.png");
  }
}

/* ---------------------------------------------------------------- main */

static void
start_app (void)
{
  g_autoptr(SchnackAccountRecord) settings = schnack_account_record_new ();
  SchnackAccountManager *manager;
  g_autoptr(GError) error = NULL;

  app = schnack_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  manager = schnack_application_get_account_manager (app);
  g_assert_nonnull (manager);
  g_assert_nonnull (schnack_application_get_notifier (app));

  my_jid = register_user ("me");
  schnack_account_manager_set_ca_file (manager, schnack_test_prosody_get_ca_file (server));
  settings->jid = g_strdup (my_jid);
  settings->host = g_strdup ("127.0.0.1");
  settings->port = schnack_test_prosody_get_c2s_port (server);
  account = schnack_account_manager_add (manager, settings, PASSWORD, FALSE, &error);
  g_assert_no_error (error);
  g_signal_connect (account, "message-stored", G_CALLBACK (on_message_stored), NULL);
  g_assert_true (schnack_test_wait_until (account_online, NULL, TIMEOUT_MS));

  g_application_activate (G_APPLICATION (app));
  g_assert_true (SCHNACK_IS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app))));
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
  server = schnack_test_prosody_start (NULL, &error);
  g_assert_no_error (error);
  start_recorder ();
  start_app ();

  g_test_add_func ("/notifications/escaped-replaced-withdrawn", test_escaped_replaced_withdrawn);
  g_test_add_func ("/notifications/burst-coalesced", test_burst_coalesced);
  g_test_add_func ("/notifications/written-while-away", test_written_while_away);
  g_test_add_func ("/notifications/hidden-contents", test_hidden_contents);
  g_test_add_func ("/notifications/focused-chat", test_focused_chat);
  g_test_add_func ("/notifications/click-opens-chat", test_click_opens_chat);
  g_test_add_func ("/notifications/do-not-disturb", test_do_not_disturb);
  g_test_add_func ("/notifications/stranger-waits-in-requests", test_stranger_waits_in_requests);
  g_test_add_func ("/notifications/room-mention", test_room_mention);
  g_test_add_func ("/notifications/levels", test_notification_levels);

  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app))));
  g_clear_object (&app);
  g_output_stream_close (recorder_in, NULL, NULL);
  schnack_test_wait_process (recorder, 5000);
  g_clear_object (&recorder_out);
  g_clear_object (&recorder);
  g_clear_pointer (&recorded, g_ptr_array_unref);
  g_free (my_jid);
  schnack_test_prosody_free (server);
  return status;
}
