/* test-rooms.c — group chats against a real Prosody MUC service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Schnack accounts join, create and moderate rooms on the fixture's
 * conference.localhost; slixmpp peers are the other people in the room
 * and check from the outside what Schnack did (presence, disco#info).
 */
#include <gio/gio.h>
#include <string.h>

#include "connection-test-util.h"
#include "core/account.h"
#include "core/room-invite.h"
#include "core/room-list.h"
#include "xmpp/muc-disco.h"
#include "store/accounts.h"
#include "store/reactions.h"
#include "test-peer.h"

#define TIMEOUT_MS 15000
#define PASSWORD "rooms-password"
#define MUC "conference.localhost"

static SchnackTestProsody *server;
static char *shared_dir;

typedef struct {
  SchnackStore   *store;
  SchnackAccount *account;
  char           *jid;
} Client;

static gboolean
account_online (gpointer data)
{
  return schnack_account_get_state (data) == SCHNACK_CONNECTION_ONLINE;
}

static void
client_open (Client     *client,
             const char *db_name,
             const char *jid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackAccountRecord) record = NULL;
  g_autofree char *db = g_build_filename (shared_dir, db_name, NULL);

  client->store = schnack_store_open (db, &error);
  g_assert_no_error (error);
  record = schnack_store_find_account (client->store, jid, NULL);
  if (record == NULL)
    {
      record = schnack_account_record_new ();
      record->jid = g_strdup (jid);
      record->host = g_strdup ("127.0.0.1");
      record->port = schnack_test_prosody_get_c2s_port (server);
      g_assert_true (schnack_store_add_account (client->store, record, &error));
    }
  client->jid = g_strdup (jid);
  client->account = schnack_account_new (client->store, record);
  schnack_account_set_ca_file (client->account, schnack_test_prosody_get_ca_file (server));
  schnack_account_connect_with_password (client->account, PASSWORD);
  g_assert_true (schnack_test_wait_until (account_online, client->account, TIMEOUT_MS));
}

static void
client_close (Client *client)
{
  if (client->account != NULL)
    schnack_account_stop (client->account);
  g_clear_object (&client->account);
  g_clear_object (&client->store);
  g_clear_pointer (&client->jid, g_free);
}

static SchnackRoomList *
rooms_of (Client *client)
{
  return schnack_account_get_rooms (client->account);
}

static char *
register_user (const char *prefix)
{
  g_autofree char *user = schnack_test_unique_user (prefix);

  g_assert_true (schnack_test_prosody_register (server, user, "localhost", PASSWORD, NULL));
  return g_strdup_printf ("%s@localhost", user);
}

static char *
new_room_jid (const char *prefix)
{
  g_autofree char *name = schnack_test_unique_user (prefix);

  return g_strdup_printf ("%s@" MUC, name);
}

typedef struct {
  SchnackRoom      *room;
  SchnackRoomState  state;
} RoomWait;

static gboolean
room_in_state (gpointer data)
{
  RoomWait *wait = data;

  return schnack_room_get_state (wait->room) == wait->state;
}

static void
assert_room_state (SchnackRoom      *room,
                   SchnackRoomState  state)
{
  RoomWait wait = { room, state };

  if (!schnack_test_wait_until (room_in_state, &wait, TIMEOUT_MS))
    g_error ("Room %s stayed in state %d (wanted %d): %s", schnack_room_get_jid (room),
             schnack_room_get_state (room), state,
             schnack_room_get_error (room) ? schnack_room_get_error (room)->message : "no error");
}

typedef struct {
  Client     *client;
  const char *jid;
  gint64      count;
} CountWait;

static gboolean
has_count (gpointer data)
{
  CountWait *wait = data;

  return schnack_store_count_messages (wait->client->store, schnack_account_get_id (wait->client->account),
                                       wait->jid) >= wait->count;
}

static gint64
wait_for_messages (Client     *client,
                   const char *room_jid,
                   gint64      count)
{
  CountWait wait = { client, room_jid, count };

  schnack_test_wait_until (has_count, &wait, TIMEOUT_MS);
  /* Anything doubled would arrive right behind. */
  schnack_test_run_for (500);
  return schnack_store_count_messages (client->store, schnack_account_get_id (client->account), room_jid);
}

/* The peer enters @room_jid as @nick and waits for its own presence. */
static void
peer_join (SchnackTestPeer *peer,
           const char      *room_jid,
           const char      *nick,
           const char      *password)
{
  g_autofree char *xml = NULL;
  g_autofree char *from = g_strdup_printf ("%s/%s", room_jid, nick);
  g_autofree char *event = NULL;

  xml = g_strdup_printf ("<presence to='%s/%s'><x xmlns='http://jabber.org/protocol/muc'>%s%s%s</x></presence>",
                         room_jid, nick, password ? "<password>" : "", password ? password : "",
                         password ? "</password>" : "");
  g_assert_true (schnack_test_peer_send_raw (peer, xml, NULL));
  event = schnack_test_peer_wait_event_with (peer, "presence", "from", from, TIMEOUT_MS);
  g_assert_nonnull (event);
}

/* An IQ from the peer; returns the answer's XML. */
static char *
peer_iq (SchnackTestPeer *peer,
         const char      *id,
         const char      *xml)
{
  g_autofree char *event = NULL;

  g_assert_true (schnack_test_peer_send_raw (peer, xml, NULL));
  event = schnack_test_peer_wait_event_with (peer, "iq-result", "id", id, TIMEOUT_MS);
  g_assert_nonnull (event);
  return schnack_test_json_get_string (event, "xml");
}

/* The peer creates @room_jid as "boss" and takes the default
 * configuration: it owns the room (the fixture's rooms have no owner). */
static void
peer_owns_room (SchnackTestPeer *peer,
                const char      *room_jid)
{
  g_autofree char *iq = g_strdup_printf ("<iq type='set' to='%s' id='instant'>"
                                         "<query xmlns='http://jabber.org/protocol/muc#owner'>"
                                         "<x xmlns='jabber:x:data' type='submit'/></query></iq>", room_jid);
  g_autofree char *answer = NULL;

  peer_join (peer, room_jid, "boss", NULL);
  answer = peer_iq (peer, "instant", iq);
}

static char *
peer_disco_info (SchnackTestPeer *peer,
                 const char      *room_jid)
{
  static guint counter;
  g_autofree char *id = g_strdup_printf ("disco%u", ++counter);
  g_autofree char *xml = g_strdup_printf ("<iq type='get' to='%s' id='%s'>"
                                          "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>",
                                          room_jid, id);

  return peer_iq (peer, id, xml);
}

static void
peer_send_groupchat (SchnackTestPeer *peer,
                     const char      *room_jid,
                     const char      *body)
{
  g_autofree char *command = g_strdup_printf ("{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"%s\",\"type\":\"groupchat\"}",
                                              room_jid, body);

  g_assert_true (schnack_test_peer_command (peer, command, NULL));
}

static void
on_created (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError **error_out = user_data;
  g_autoptr(SchnackRoom) room = schnack_room_list_create_finish (SCHNACK_ROOM_LIST (source), result, error_out);

  if (room == NULL && *error_out == NULL)
    g_set_error_literal (error_out, G_IO_ERROR, G_IO_ERROR_FAILED, "no room");
  g_object_set_data (source, "done", GINT_TO_POINTER (1));
}

static gboolean
is_done (gpointer data)
{
  return g_object_get_data (data, "done") != NULL;
}

static SchnackRoom *
create_room (Client            *client,
             const char        *room_jid,
             SchnackRoomPreset  preset,
             const char        *password,
             gboolean           moderated)
{
  g_autoptr(GError) error = NULL;
  SchnackRoomList *rooms = rooms_of (client);

  g_object_set_data (G_OBJECT (rooms), "done", NULL);
  schnack_room_list_create_async (rooms, room_jid, "owner", "Test room", preset, password, moderated,
                                  NULL, on_created, &error);
  g_assert_true (schnack_test_wait_until (is_done, rooms, TIMEOUT_MS));
  g_assert_no_error (error);
  return schnack_room_list_find (rooms, room_jid);
}

static void
on_async_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_object_set_data_full (source, "result", g_object_ref (result), g_object_unref);
}

/* Before an async call whose result take_result() waits for. */
static void
reset_result (gpointer source)
{
  g_object_set_data (source, "result", NULL);
}

static gboolean
has_result (gpointer source)
{
  return g_object_get_data (source, "result") != NULL;
}

static GAsyncResult *
take_result (gpointer source)
{
  g_assert_true (schnack_test_wait_until (has_result, source, TIMEOUT_MS));
  return g_object_steal_data (source, "result");
}

/* The stored room message that says @body now (NULL if none). */
static SchnackMessageRecord *
find_room_message (Client     *client,
                   const char *room_jid,
                   const char *body)
{
  g_autoptr(GPtrArray) page = schnack_store_list_messages (client->store, schnack_account_get_id (client->account),
                                                           room_jid, G_MAXINT64, G_MAXINT64, 100, NULL);

  for (guint i = 0; page != NULL && i < page->len; i++)
    {
      SchnackMessageRecord *record = g_ptr_array_index (page, i);

      if (g_strcmp0 (record->body, body) == 0)
        return schnack_message_record_copy (record);
    }
  return NULL;
}

typedef struct {
  Client     *client;
  const char *room_jid;
  const char *body;
} BodyWait;

static gboolean
has_body (gpointer data)
{
  BodyWait *wait = data;
  g_autoptr(SchnackMessageRecord) record = find_room_message (wait->client, wait->room_jid, wait->body);

  return record != NULL;
}

/* Waits until a message of the room says @body; returns it. */
static SchnackMessageRecord *
wait_for_body (Client     *client,
               const char *room_jid,
               const char *body)
{
  BodyWait wait = { client, room_jid, body };

  if (!schnack_test_wait_until (has_body, &wait, TIMEOUT_MS))
    g_error ("No message says \"%s\" in %s", body, room_jid);
  return find_room_message (client, room_jid, body);
}

typedef struct {
  Client *client;
  gint64  row_id;
} RowWait;

static gboolean
has_stanza_id (gpointer data)
{
  RowWait *wait = data;
  g_autoptr(SchnackMessageRecord) record = schnack_store_get_message (wait->client->store, wait->row_id, NULL);

  return record != NULL && record->stanza_id != NULL;
}

static gboolean
is_retracted (gpointer data)
{
  RowWait *wait = data;
  g_autoptr(SchnackMessageRecord) record = schnack_store_get_message (wait->client->store, wait->row_id, NULL);

  return record != NULL && record->retracted;
}

/* The reactions on a row as "sender:emoji" lines, sorted. */
static char *
reactions_of (Client *client,
              gint64  row_id)
{
  g_autoptr(GPtrArray) reactions = schnack_store_list_reactions (client->store, row_id, NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; reactions != NULL && i < reactions->len; i++)
    {
      SchnackReaction *reaction = g_ptr_array_index (reactions, i);

      g_ptr_array_add (lines, g_strdup_printf ("%s:%s", reaction->sender, reaction->emoji));
    }
  g_ptr_array_sort (lines, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv (" ", (char **) lines->pdata);
}

typedef struct {
  Client     *client;
  gint64      row_id;
  const char *expected;
} ReactionWait;

static gboolean
has_reactions (gpointer data)
{
  ReactionWait *wait = data;
  g_autofree char *now = reactions_of (wait->client, wait->row_id);

  return g_strcmp0 (now, wait->expected) == 0;
}

static void
assert_reactions (Client     *client,
                  gint64      row_id,
                  const char *expected)
{
  ReactionWait wait = { client, row_id, expected };

  if (!schnack_test_wait_until (has_reactions, &wait, TIMEOUT_MS))
    {
      g_autofree char *now = reactions_of (client, row_id);

      g_error ("Reactions are \"%s\", wanted \"%s\"", now, expected);
    }
}

/* The peer's groupchat message with an id of its own; returns the
 * room's stanza-id for it (see schnack_test_peer_say_in_room()). */
static char *
peer_say (SchnackTestPeer *peer,
          const char      *room_jid,
          const char      *id,
          const char      *body)
{
  g_autoptr(GError) error = NULL;
  char *stanza_id = schnack_test_peer_say_in_room (peer, room_jid, id, body, TIMEOUT_MS, &error);

  g_assert_no_error (error);
  return stanza_id;
}

/* Whoever watches a room may leave it from its notify::state, also when
 * that is emitted while the room list handles the room's presence (the
 * join dialog did, and the room was freed under the list: ASan in CI). */
static void
leave_when_joined (SchnackRoom     *room,
                   GParamSpec      *pspec,
                   SchnackRoomList *rooms)
{
  if (schnack_room_get_state (room) == SCHNACK_ROOM_STATE_JOINED)
    schnack_room_list_leave (rooms, room);
}

static gboolean
room_gone (gpointer data)
{
  Client *client = data;

  return g_list_model_get_n_items (G_LIST_MODEL (rooms_of (client))) == 0;
}

static void
test_leave_from_state_handler (void)
{
  g_autofree char *jid = register_user ("roomquick");
  g_autofree char *room_jid = new_room_jid ("quick");
  g_autoptr(GError) error = NULL;
  Client client = { 0 };
  SchnackRoom *room;

  g_assert_true (schnack_test_prosody_create_room (server, room_jid, &error));
  client_open (&client, "quick.db", jid);
  room = schnack_room_list_join (rooms_of (&client), room_jid, "eilig", NULL);
  g_signal_connect (room, "notify::state", G_CALLBACK (leave_when_joined), rooms_of (&client));
  g_assert_true (schnack_test_wait_until (room_gone, &client, TIMEOUT_MS));
  /* The list goes on working: the same room joined again. */
  room = schnack_room_list_join (rooms_of (&client), room_jid, "eilig", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  client_close (&client);
}

static void
test_join_and_talk (void)
{
  g_autofree char *jid = register_user ("roomjoin");
  g_autofree char *peer_jid = register_user ("roomjoinpeer");
  g_autofree char *room_jid = new_room_jid ("talk");
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *event = NULL;
  Client client = { 0 };
  SchnackRoom *room;

  g_assert_true (schnack_test_prosody_create_room (server, room_jid, &error));
  peer_join (peer, room_jid, "peer", NULL);
  client_open (&client, "join.db", jid);
  room = schnack_room_list_join (rooms_of (&client), room_jid, "schnack", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  g_assert_nonnull (schnack_occupant_list_find (schnack_room_get_occupants (room), "peer"));
  g_assert_nonnull (schnack_occupant_list_find (schnack_room_get_occupants (room), "schnack"));

  peer_send_groupchat (peer, room_jid, "Hallo Raum");
  g_assert_cmpint (wait_for_messages (&client, room_jid, 1), ==, 1);
  g_assert_nonnull (schnack_conversation_list_find (schnack_account_get_conversations (client.account), room_jid));

  /* Ours goes out through the outbox, the room reflects it: still once. */
  g_assert_true (schnack_room_list_send_message (rooms_of (&client), room, "Hallo zurück", NULL, &error));
  g_assert_no_error (error);
  event = schnack_test_peer_wait_event_with (peer, "message", "body", "Hallo zurück", TIMEOUT_MS);
  g_assert_nonnull (event);
  g_assert_cmpint (wait_for_messages (&client, room_jid, 2), ==, 2);

  client_close (&client);
}

static void
test_private_messages (void)
{
  g_autofree char *jid = register_user ("roompm");
  g_autofree char *peer_jid = register_user ("roompmpeer");
  g_autofree char *room_jid = new_room_jid ("pm");
  g_autofree char *peer_occupant = NULL;
  g_autofree char *own_occupant = NULL;
  g_autofree char *command = NULL;
  g_autofree char *event = NULL;
  g_autofree char *from = NULL;
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  g_autoptr(GError) error = NULL;
  Client client = { 0 };
  SchnackRoom *room;

  g_assert_true (schnack_test_prosody_create_room (server, room_jid, &error));
  peer_join (peer, room_jid, "flüsterer", NULL);
  client_open (&client, "pm.db", jid);
  room = schnack_room_list_join (rooms_of (&client), room_jid, "hörer", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  peer_occupant = g_strdup_printf ("%s/flüsterer", room_jid);
  own_occupant = g_strdup_printf ("%s/hörer", room_jid);

  /* To the occupant, not to the room and not to their account. */
  command = g_strdup_printf ("{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"Psst\",\"type\":\"chat\"}",
                             own_occupant);
  g_assert_true (schnack_test_peer_command (peer, command, NULL));
  g_assert_cmpint (wait_for_messages (&client, peer_occupant, 1), ==, 1);
  g_assert_cmpint (schnack_store_count_messages (client.store, schnack_account_get_id (client.account), room_jid), ==, 0);
  /* Someone in a room we are in is no stranger: the chat is open. */
  g_assert_nonnull (schnack_conversation_list_find (schnack_account_get_conversations (client.account),
                                                    peer_occupant));

  g_assert_true (schnack_room_list_send_private (rooms_of (&client), room, "flüsterer", "Selber psst", NULL, &error));
  g_assert_no_error (error);
  event = schnack_test_peer_wait_event_with (peer, "message", "body", "Selber psst", TIMEOUT_MS);
  g_assert_nonnull (event);
  from = schnack_test_json_get_string (event, "from");
  g_assert_true (g_str_has_prefix (from, own_occupant));
  g_assert_cmpint (wait_for_messages (&client, peer_occupant, 2), ==, 2);
  client_close (&client);
}

/* Written while away from the room: sent once we are back in, once. */
static void
test_written_offline (void)
{
  g_autofree char *jid = register_user ("roomoffline");
  g_autofree char *peer_jid = register_user ("roomofflinepeer");
  g_autofree char *room_jid = new_room_jid ("offline");
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *event = NULL;
  g_autofree char *again = NULL;
  Client client = { 0 };
  SchnackRoom *room;

  g_assert_true (schnack_test_prosody_create_room (server, room_jid, &error));
  peer_join (peer, room_jid, "wartend", NULL);
  client_open (&client, "offline.db", jid);
  room = schnack_room_list_join (rooms_of (&client), room_jid, "später", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);

  schnack_account_stop (client.account);
  assert_room_state (room, SCHNACK_ROOM_STATE_OFFLINE);
  g_assert_true (schnack_room_list_send_message (rooms_of (&client), room, "Unterwegs geschrieben", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wait_for_messages (&client, room_jid, 1), ==, 1);

  schnack_account_connect_with_password (client.account, PASSWORD);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  event = schnack_test_peer_wait_event_with (peer, "message", "body", "Unterwegs geschrieben", TIMEOUT_MS);
  g_assert_nonnull (event);
  again = schnack_test_peer_wait_event_with (peer, "message", "body", "Unterwegs geschrieben", 1000);
  g_assert_null (again);
  /* Reflected by the room and matched to the outbox's copy. */
  g_assert_cmpint (wait_for_messages (&client, room_jid, 1), ==, 1);
  client_close (&client);
}

static void
test_nickname_taken (void)
{
  g_autofree char *jid = register_user ("roomnick");
  g_autofree char *peer_jid = register_user ("roomnickpeer");
  g_autofree char *room_jid = new_room_jid ("nick");
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  Client client = { 0 };
  SchnackRoom *room;

  g_assert_true (schnack_test_prosody_create_room (server, room_jid, NULL));
  peer_join (peer, room_jid, "Anna", NULL);
  client_open (&client, "nick.db", jid);
  room = schnack_room_list_join (rooms_of (&client), room_jid, "Anna", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_ERROR);
  g_assert_error ((GError *) schnack_room_get_error (room), SCHNACK_MUC_ERROR, SCHNACK_MUC_ERROR_NICKNAME_TAKEN);

  /* Another nick gets in. */
  room = schnack_room_list_join (rooms_of (&client), room_jid, "Anna2", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  g_assert_cmpstr (schnack_room_get_nick (room), ==, "Anna2");
  client_close (&client);
}

static void
test_not_found (void)
{
  g_autofree char *jid = register_user ("roomnone");
  g_autofree char *room_jid = new_room_jid ("nothere");
  Client client = { 0 };
  SchnackRoom *room;
  g_autoptr(SchnackTestPeer) peer = NULL;
  g_autofree char *info = NULL;
  g_autofree char *peer_jid = register_user ("roomnonepeer");

  client_open (&client, "none.db", jid);
  room = schnack_room_list_join (rooms_of (&client), room_jid, "me", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_ERROR);
  g_assert_error ((GError *) schnack_room_get_error (room), SCHNACK_MUC_ERROR, SCHNACK_MUC_ERROR_ROOM_NOT_FOUND);

  /* And no locked room was left behind; leaving it kept the reason. */
  schnack_test_run_for (500);
  g_assert_cmpint (schnack_room_get_state (room), ==, SCHNACK_ROOM_STATE_ERROR);
  peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  info = peer_disco_info (peer, room_jid);
  g_assert_nonnull (strstr (info, "item-not-found"));
  client_close (&client);
}

/* Whether the room ever showed @state (from a notify::state handler). */
static void
record_states (SchnackRoom *room,
               GParamSpec  *pspec,
               GArray      *seen)
{
  SchnackRoomState state = schnack_room_get_state (room);

  g_array_append_val (seen, state);
}

static gboolean
state_seen (GArray           *seen,
            SchnackRoomState  state)
{
  for (guint i = 0; i < seen->len; i++)
    if (g_array_index (seen, SchnackRoomState, i) == state)
      return TRUE;
  return FALSE;
}

/* A plain join where no room exists: "does not exist" straight away,
 * never "joined" first. */
static void
test_not_found_never_joined (void)
{
  g_autofree char *jid = register_user ("roomnonejoin");
  g_autofree char *room_jid = new_room_jid ("nothere");
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (SchnackRoomState));
  Client client = { 0 };
  SchnackRoom *room;

  client_open (&client, "nonejoin.db", jid);
  room = schnack_room_list_join (rooms_of (&client), room_jid, "me", NULL);
  g_signal_connect (room, "notify::state", G_CALLBACK (record_states), seen);
  assert_room_state (room, SCHNACK_ROOM_STATE_ERROR);
  g_assert_error ((GError *) schnack_room_get_error (room), SCHNACK_MUC_ERROR, SCHNACK_MUC_ERROR_ROOM_NOT_FOUND);
  g_assert_false (state_seen (seen, SCHNACK_ROOM_STATE_JOINED));
  g_signal_handlers_disconnect_by_data (room, seen);
  client_close (&client);
}

typedef struct {
  Client     *client;
  const char *room_jid;
  GError     *error;
  gboolean    done;
} LeaveThenCreate;

static void
on_leave_then_create_done (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  LeaveThenCreate *data = user_data;
  g_autoptr(SchnackRoom) room = schnack_room_list_create_finish (SCHNACK_ROOM_LIST (source), result, &data->error);

  data->done = TRUE;
}

static gboolean
leave_then_create_done (gpointer data)
{
  return ((LeaveThenCreate *) data)->done;
}

/* What the join dialog's "Create This Room…" does, at once: forget the
 * refused room and create it, from the handler of the refusal. */
static void
leave_and_create (SchnackRoom     *room,
                  GParamSpec      *pspec,
                  LeaveThenCreate *data)
{
  SchnackRoomList *rooms = rooms_of (data->client);

  if (schnack_room_get_state (room) != SCHNACK_ROOM_STATE_ERROR)
    return;
  g_signal_handlers_disconnect_by_data (room, data);
  schnack_room_list_leave (rooms, room);
  schnack_room_list_create_async (rooms, data->room_jid, "owner", "Neu", SCHNACK_ROOM_PRESET_PUBLIC_CHANNEL,
                                  NULL, FALSE, NULL, on_leave_then_create_done, data);
}

static void
test_create_after_not_found (void)
{
  g_autofree char *jid = register_user ("roomnonecreate");
  g_autofree char *room_jid = new_room_jid ("afterall");
  LeaveThenCreate data = { 0 };
  Client client = { 0 };
  SchnackRoom *room;

  client_open (&client, "nonecreate.db", jid);
  data.client = &client;
  data.room_jid = room_jid;
  room = schnack_room_list_join (rooms_of (&client), room_jid, "me", NULL);
  g_signal_connect (room, "notify::state", G_CALLBACK (leave_and_create), &data);
  g_assert_true (schnack_test_wait_until (leave_then_create_done, &data, TIMEOUT_MS));
  g_assert_no_error (data.error);
  room = schnack_room_list_find (rooms_of (&client), room_jid);
  g_assert_nonnull (room);
  g_assert_cmpint (schnack_room_get_state (room), ==, SCHNACK_ROOM_STATE_JOINED);
  g_assert_cmpint (schnack_room_get_affiliation (room), ==, SCHNACK_MUC_AFFILIATION_OWNER);
  g_assert_cmpstr (schnack_room_get_name (room), ==, "Neu");
  client_close (&client);
}

/* A room that never answers: an account's full JID takes the join and
 * says nothing. */
static void
test_join_timeout (void)
{
  g_autofree char *jid = register_user ("roomtimeout");
  g_autofree char *silent = register_user ("roomsilent");
  g_autoptr(GError) error = NULL;
  Client client = { 0 };
  SchnackRoom *room;
  gint64 started;

  client_open (&client, "timeout.db", jid);
  schnack_room_list_set_join_timeout (rooms_of (&client), 2);
  started = g_get_monotonic_time ();
  room = schnack_room_list_join (rooms_of (&client), silent, "wartend", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_ERROR);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, G_USEC_PER_SEC);
  g_assert_error ((GError *) schnack_room_get_error (room), G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  schnack_room_list_leave (rooms_of (&client), room);

  g_object_set_data (G_OBJECT (rooms_of (&client)), "done", NULL);
  schnack_room_list_create_async (rooms_of (&client), silent, "owner", "Stumm", SCHNACK_ROOM_PRESET_PUBLIC_CHANNEL,
                                  NULL, FALSE, NULL, on_created, &error);
  g_assert_true (schnack_test_wait_until (is_done, rooms_of (&client), TIMEOUT_MS));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_null (schnack_room_list_find (rooms_of (&client), silent));
  client_close (&client);
}

static gboolean
occupant_gone (gpointer data)
{
  SchnackRoom *room = data;

  return schnack_occupant_list_find (schnack_room_get_occupants (room),
                                     g_object_get_data (data, "gone")) == NULL;
}

/* A creation the room refuses leaves nothing behind: we are not in it,
 * and it is not among our rooms. */
static void
test_create_refused (void)
{
  g_autofree char *owner_jid = register_user ("roomrefusedowner");
  g_autofree char *jid = register_user ("roomrefused");
  g_autofree char *room_jid = new_room_jid ("taken");
  g_autoptr(GError) error = NULL;
  Client owner = { 0 };
  Client client = { 0 };
  SchnackRoom *room;

  client_open (&owner, "refused-owner.db", owner_jid);
  room = create_room (&owner, room_jid, SCHNACK_ROOM_PRESET_PUBLIC_CHANNEL, NULL, FALSE);
  client_open (&client, "refused.db", jid);

  /* Taken: an error, and we did not stay in someone else's room. */
  g_object_set_data (G_OBJECT (rooms_of (&client)), "done", NULL);
  schnack_room_list_create_async (rooms_of (&client), room_jid, "zweiter", "Meins", SCHNACK_ROOM_PRESET_PUBLIC_CHANNEL,
                                  NULL, FALSE, NULL, on_created, &error);
  g_assert_true (schnack_test_wait_until (is_done, rooms_of (&client), TIMEOUT_MS));
  g_assert_error (error, SCHNACK_ROOM_LIST_ERROR, SCHNACK_ROOM_LIST_ERROR_ROOM_EXISTS);
  g_clear_error (&error);
  g_assert_null (schnack_room_list_find (rooms_of (&client), room_jid));
  g_object_set_data_full (G_OBJECT (room), "gone", g_strdup ("zweiter"), g_free);
  g_assert_true (schnack_test_wait_until (occupant_gone, room, TIMEOUT_MS));
  schnack_test_run_for (300);
  g_assert_null (schnack_occupant_list_find (schnack_room_get_occupants (room), "zweiter"));

  /* Refused (the nick is taken): not among our rooms either. */
  g_object_set_data (G_OBJECT (rooms_of (&client)), "done", NULL);
  schnack_room_list_create_async (rooms_of (&client), room_jid, "owner", "Meins", SCHNACK_ROOM_PRESET_PUBLIC_CHANNEL,
                                  NULL, FALSE, NULL, on_created, &error);
  g_assert_true (schnack_test_wait_until (is_done, rooms_of (&client), TIMEOUT_MS));
  g_assert_error (error, SCHNACK_MUC_ERROR, SCHNACK_MUC_ERROR_NICKNAME_TAKEN);
  g_assert_null (schnack_room_list_find (rooms_of (&client), room_jid));
  client_close (&client);
  client_close (&owner);
}

typedef struct {
  Client *client;
  gint64  message_id;
} MessageWait;

static SchnackDeliveryState
delivery_state_of (Client *client,
                   gint64  message_id)
{
  g_autoptr(SchnackMessageRecord) record = schnack_store_get_message (client->store, message_id, NULL);

  g_assert_nonnull (record);
  return record != NULL ? record->delivery_state : SCHNACK_DELIVERY_STATE_FAILED;
}

static gboolean
is_acked (gpointer data)
{
  MessageWait *wait = data;

  return delivery_state_of (wait->client, wait->message_id) == SCHNACK_DELIVERY_STATE_ACKED;
}

/* The room dropped us without a word; what we write then is refused
 * (not an occupant). We join again at once, and the message goes out
 * by itself, once, instead of staying "not sent". */
static void
test_refused_message_resent (void)
{
  g_autofree char *jid = register_user ("roomrefusedmsg");
  g_autofree char *peer_jid = register_user ("roomrefusedmsgpeer");
  g_autofree char *room_jid = new_room_jid ("dropped");
  g_autofree char *forget = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *event = NULL;
  g_autofree char *again = NULL;
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  g_autoptr(GError) error = NULL;
  Client client = { 0 };
  MessageWait wait = { &client, 0 };
  SchnackRoom *room;

  g_assert_true (schnack_test_prosody_create_room (server, room_jid, NULL));
  peer_join (peer, room_jid, "zeuge", NULL);
  client_open (&client, "refusedmsg.db", jid);
  room = schnack_room_list_join (rooms_of (&client), room_jid, "schreiber", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);

  forget = g_strdup_printf ("muc-forget %s schreiber", room_jid);
  answer = schnack_test_prosody_command (server, forget, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (answer, "true"));
  schnack_test_peer_flush_events (peer);

  g_assert_true (schnack_room_list_send_message (rooms_of (&client), room, "Trotzdem gesagt",
                                                 &wait.message_id, &error));
  g_assert_no_error (error);
  event = schnack_test_peer_wait_event_with (peer, "message", "body", "Trotzdem gesagt", TIMEOUT_MS);
  g_assert_nonnull (event);
  again = schnack_test_peer_wait_event_with (peer, "message", "body", "Trotzdem gesagt", 1000);
  g_assert_null (again);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  g_assert_true (schnack_test_wait_until (is_acked, &wait, TIMEOUT_MS));
  g_assert_cmpint (wait_for_messages (&client, room_jid, 1), ==, 1);
  client_close (&client);
}

static void
test_create_presets (void)
{
  g_autofree char *jid = register_user ("roomcreate");
  g_autofree char *peer_jid = register_user ("roomcreatepeer");
  g_autofree char *private_jid = new_room_jid ("private");
  g_autofree char *public_jid = new_room_jid ("public");
  g_autofree char *secret_jid = new_room_jid ("secret");
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  g_autofree char *info = NULL;
  Client client = { 0 };
  SchnackRoom *room;

  client_open (&client, "create.db", jid);

  room = create_room (&client, private_jid, SCHNACK_ROOM_PRESET_PRIVATE_GROUP, NULL, FALSE);
  g_assert_cmpint (schnack_room_get_state (room), ==, SCHNACK_ROOM_STATE_JOINED);
  g_assert_cmpint (schnack_room_get_affiliation (room), ==, SCHNACK_MUC_AFFILIATION_OWNER);
  g_assert_true (schnack_room_get_flags (room) & SCHNACK_ROOM_FLAG_MEMBERS_ONLY);
  info = peer_disco_info (peer, private_jid);
  g_assert_nonnull (strstr (info, "muc_membersonly"));
  g_assert_nonnull (strstr (info, "muc_nonanonymous"));
  g_assert_nonnull (strstr (info, "muc_persistent"));
  g_assert_nonnull (strstr (info, "muc_hidden"));
  g_assert_null (strstr (info, "muc_passwordprotected"));
  g_clear_pointer (&info, g_free);
  /* Whom the owner invites to a private group may then enter it: the
   * invitation makes them a member (a direct one alone would not). */
  {
    g_autofree char *from = g_strdup_printf ("%s/eingeladen", private_jid);
    g_autofree char *join = g_strdup_printf ("<presence to='%s'><x xmlns='http://jabber.org/protocol/muc'/></presence>",
                                             from);
    g_autofree char *invited = NULL;
    g_autofree char *entered = NULL;

    schnack_room_list_invite (rooms_of (&client), room, peer_jid, "Willkommen", TRUE);
    invited = schnack_test_peer_wait_event (peer, "invite", TIMEOUT_MS);
    g_assert_nonnull (invited);
    g_assert_true (schnack_test_peer_send_raw (peer, join, NULL));
    entered = schnack_test_peer_wait_event_with (peer, "presence", "from", from, TIMEOUT_MS);
    g_assert_nonnull (entered);
    g_assert_null (strstr (entered, "registration-required"));
    g_assert_nonnull (strstr (entered, "member"));
  }

  room = create_room (&client, public_jid, SCHNACK_ROOM_PRESET_PUBLIC_CHANNEL, NULL, FALSE);
  info = peer_disco_info (peer, public_jid);
  g_assert_nonnull (strstr (info, "muc_open"));
  g_assert_nonnull (strstr (info, "muc_public"));
  g_assert_nonnull (strstr (info, "muc_persistent"));
  g_assert_nonnull (strstr (info, "muc_unmoderated"));
  g_clear_pointer (&info, g_free);

  room = create_room (&client, secret_jid, SCHNACK_ROOM_PRESET_PUBLIC_CHANNEL, "sesam", TRUE);
  info = peer_disco_info (peer, secret_jid);
  g_assert_nonnull (strstr (info, "muc_passwordprotected"));
  g_assert_nonnull (strstr (info, "muc_moderated"));
  g_assert_true (schnack_room_get_flags (room) & SCHNACK_ROOM_FLAG_PASSWORD_PROTECTED);

  client_close (&client);
}

static void
test_password (void)
{
  g_autofree char *owner_jid = register_user ("roompwowner");
  g_autofree char *jid = register_user ("roompw");
  g_autofree char *room_jid = new_room_jid ("pw");
  Client owner = { 0 };
  Client client = { 0 };
  SchnackRoom *room;

  client_open (&owner, "pw-owner.db", owner_jid);
  create_room (&owner, room_jid, SCHNACK_ROOM_PRESET_PUBLIC_CHANNEL, "richtig", FALSE);

  client_open (&client, "pw.db", jid);
  room = schnack_room_list_join (rooms_of (&client), room_jid, "gast", "falsch");
  assert_room_state (room, SCHNACK_ROOM_STATE_ERROR);
  g_assert_error ((GError *) schnack_room_get_error (room), SCHNACK_MUC_ERROR, SCHNACK_MUC_ERROR_WRONG_PASSWORD);

  room = schnack_room_list_join (rooms_of (&client), room_jid, "gast", "richtig");
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);

  client_close (&client);
  client_close (&owner);
}

static void
on_moderated (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error_out = user_data;

  schnack_room_moderation_finish (SCHNACK_ROOM (source), result, error_out);
  g_object_set_data (source, "done", GINT_TO_POINTER (1));
}

static void
wait_moderation (SchnackRoom *room)
{
  g_assert_true (schnack_test_wait_until (is_done, room, TIMEOUT_MS));
  g_object_set_data (G_OBJECT (room), "done", NULL);
}

static void
test_moderation_from_schnack (void)
{
  g_autofree char *jid = register_user ("roommod");
  g_autofree char *peer_jid = register_user ("roommodpeer");
  g_autofree char *room_jid = new_room_jid ("mod");
  g_autofree char *peer_occupant = NULL;
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *event = NULL;
  g_autofree char *xml = NULL;
  Client client = { 0 };
  SchnackRoom *room;

  client_open (&client, "mod.db", jid);
  room = create_room (&client, room_jid, SCHNACK_ROOM_PRESET_PUBLIC_CHANNEL, NULL, TRUE);
  peer_occupant = g_strdup_printf ("%s/peer", room_jid);
  peer_join (peer, room_jid, "peer", NULL);
  schnack_test_peer_flush_events (peer);

  /* A moderated room: the peer is a visitor until given a voice. */
  schnack_room_set_role_async (room, "peer", SCHNACK_MUC_ROLE_PARTICIPANT, NULL, NULL, on_moderated, &error);
  wait_moderation (room);
  g_assert_no_error (error);
  event = schnack_test_peer_wait_event_with (peer, "presence", "from", peer_occupant, TIMEOUT_MS);
  g_assert_nonnull (event);
  xml = schnack_test_json_get_string (event, "xml");
  g_assert_nonnull (strstr (xml, "role=\"participant\""));
  g_clear_pointer (&event, g_free);
  g_clear_pointer (&xml, g_free);

  schnack_room_set_role_async (room, "peer", SCHNACK_MUC_ROLE_VISITOR, NULL, NULL, on_moderated, &error);
  wait_moderation (room);
  g_assert_no_error (error);
  event = schnack_test_peer_wait_event_with (peer, "presence", "from", peer_occupant, TIMEOUT_MS);
  xml = schnack_test_json_get_string (event, "xml");
  g_assert_nonnull (strstr (xml, "role=\"visitor\""));
  g_clear_pointer (&event, g_free);
  g_clear_pointer (&xml, g_free);

  schnack_room_set_role_async (room, "peer", SCHNACK_MUC_ROLE_NONE, "Bitte gehen", NULL, on_moderated, &error);
  wait_moderation (room);
  g_assert_no_error (error);
  event = schnack_test_peer_wait_event_with (peer, "presence", "from", peer_occupant, TIMEOUT_MS);
  xml = schnack_test_json_get_string (event, "xml");
  g_assert_nonnull (strstr (xml, "code=\"307\""));
  g_assert_nonnull (strstr (xml, "Bitte gehen"));
  g_clear_pointer (&event, g_free);
  g_clear_pointer (&xml, g_free);

  /* Banned: the peer cannot come back. */
  peer_join (peer, room_jid, "peer", NULL);
  schnack_test_peer_flush_events (peer);
  schnack_room_set_affiliation_async (room, peer_jid, SCHNACK_MUC_AFFILIATION_OUTCAST, "Spam", NULL,
                                      on_moderated, &error);
  wait_moderation (room);
  g_assert_no_error (error);
  event = schnack_test_peer_wait_event_with (peer, "presence", "from", peer_occupant, TIMEOUT_MS);
  xml = schnack_test_json_get_string (event, "xml");
  g_assert_nonnull (strstr (xml, "code=\"301\""));
  g_clear_pointer (&event, g_free);
  g_clear_pointer (&xml, g_free);
  {
    g_autofree char *join = g_strdup_printf ("<presence to='%s/peer'><x xmlns='http://jabber.org/protocol/muc'/></presence>",
                                             room_jid);

    g_assert_true (schnack_test_peer_send_raw (peer, join, NULL));
    event = schnack_test_peer_wait_event_with (peer, "presence", "from", peer_occupant, TIMEOUT_MS);
    xml = schnack_test_json_get_string (event, "xml");
    g_assert_nonnull (strstr (xml, "forbidden"));
  }
  client_close (&client);
}

static void
test_kicked_by_peer (void)
{
  g_autofree char *jid = register_user ("roomkicked");
  g_autofree char *peer_jid = register_user ("roomkicker");
  g_autofree char *room_jid = new_room_jid ("kick");
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  g_autofree char *iq = NULL;
  g_autofree char *answer = NULL;
  Client client = { 0 };
  SchnackRoom *room;

  peer_owns_room (peer, room_jid);

  client_open (&client, "kicked.db", jid);
  room = schnack_room_list_join (rooms_of (&client), room_jid, "opfer", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);

  iq = g_strdup_printf ("<iq type='set' to='%s' id='kick'><query xmlns='http://jabber.org/protocol/muc#admin'>"
                        "<item nick='opfer' role='none'><reason>Zu laut</reason></item></query></iq>", room_jid);
  answer = peer_iq (peer, "kick", iq);
  assert_room_state (room, SCHNACK_ROOM_STATE_ERROR);
  g_assert_error ((GError *) schnack_room_get_error (room), SCHNACK_MUC_ERROR, SCHNACK_MUC_ERROR_KICKED);
  g_assert_nonnull (strstr (schnack_room_get_error (room)->message, "Zu laut"));
  client_close (&client);
}

/* The owner renames the room and makes it members-only from another
 * client: the room says its configuration changed (status 104) and we
 * show the new name and kind without rejoining. */
static gboolean
room_named (gpointer data)
{
  return g_strcmp0 (schnack_room_get_name (data), "Neuer Name") == 0 &&
         (schnack_room_get_flags (data) & SCHNACK_ROOM_FLAG_MEMBERS_ONLY) != 0;
}

static void
test_configuration_changed (void)
{
  g_autofree char *jid = register_user ("roomrenamed");
  g_autofree char *peer_jid = register_user ("roomrenamer");
  g_autofree char *room_jid = new_room_jid ("rename");
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  g_autofree char *iq = NULL;
  g_autofree char *answer = NULL;
  Client client = { 0 };
  SchnackRoom *room;

  peer_owns_room (peer, room_jid);
  /* A member list the room keeps, so we may stay once it is members-only. */
  iq = g_strdup_printf ("<iq type='set' to='%s' id='member'><query xmlns='http://jabber.org/protocol/muc#admin'>"
                        "<item jid='%s' affiliation='member'/></query></iq>", room_jid, jid);
  answer = peer_iq (peer, "member", iq);
  g_clear_pointer (&iq, g_free);
  g_clear_pointer (&answer, g_free);

  client_open (&client, "renamed.db", jid);
  room = schnack_room_list_join (rooms_of (&client), room_jid, "gast", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  g_assert_cmpstr (schnack_room_get_name (room), !=, "Neuer Name");

  iq = g_strdup_printf ("<iq type='set' to='%s' id='rename'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                        "<x xmlns='jabber:x:data' type='submit'>"
                        "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>"
                        "<field var='muc#roomconfig_roomname'><value>Neuer Name</value></field>"
                        "<field var='muc#roomconfig_membersonly'><value>1</value></field>"
                        "</x></query></iq>", room_jid);
  answer = peer_iq (peer, "rename", iq);
  g_assert_null (strstr (answer, "type=\"error\""));
  g_assert_true (schnack_test_wait_until (room_named, room, TIMEOUT_MS));
  g_assert_cmpint (schnack_room_get_state (room), ==, SCHNACK_ROOM_STATE_JOINED);
  client_close (&client);
}

static void
test_history_caught_up_once (void)
{
  g_autofree char *jid = register_user ("roomhist");
  g_autofree char *peer_jid = register_user ("roomhistpeer");
  g_autofree char *room_jid = new_room_jid ("hist");
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  Client client = { 0 };
  SchnackRoom *room;

  g_assert_true (schnack_test_prosody_create_room (server, room_jid, NULL));
  peer_join (peer, room_jid, "erzähler", NULL);
  peer_send_groupchat (peer, room_jid, "eins");
  peer_send_groupchat (peer, room_jid, "zwei");
  peer_send_groupchat (peer, room_jid, "drei");
  schnack_test_run_for (300);

  client_open (&client, "hist.db", jid);
  room = schnack_room_list_join (rooms_of (&client), room_jid, "leser", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  g_assert_true (schnack_room_get_flags (room) & SCHNACK_ROOM_FLAG_ARCHIVED);
  g_assert_cmpint (wait_for_messages (&client, room_jid, 3), ==, 3);

  /* Away for a while, then back: the rest, and nothing twice. */
  schnack_account_stop (client.account);
  assert_room_state (room, SCHNACK_ROOM_STATE_OFFLINE);
  peer_send_groupchat (peer, room_jid, "vier");
  peer_send_groupchat (peer, room_jid, "fünf");
  schnack_test_run_for (300);
  schnack_account_connect_with_password (client.account, PASSWORD);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  g_assert_cmpint (wait_for_messages (&client, room_jid, 5), ==, 5);
  client_close (&client);

  /* A new start on the same store: still five. */
  client_open (&client, "hist.db", jid);
  room = schnack_room_list_join (rooms_of (&client), room_jid, "leser", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  g_assert_cmpint (wait_for_messages (&client, room_jid, 5), ==, 5);
  client_close (&client);
}

/* Others correct, answer, react to and withdraw their room messages;
 * only the author's own corrections and retractions count. */
static void
test_changes_from_occupants (void)
{
  g_autofree char *jid = register_user ("roomchg");
  g_autofree char *peer_jid = register_user ("roomchgpeer");
  g_autofree char *other_jid = register_user ("roomchgother");
  g_autofree char *room_jid = new_room_jid ("changes");
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  g_autoptr(SchnackTestPeer) other = schnack_test_peer_start (server, other_jid, PASSWORD, NULL);
  g_autoptr(SchnackMessageRecord) original = NULL;
  g_autoptr(SchnackMessageRecord) corrected = NULL;
  g_autoptr(SchnackMessageRecord) reply = NULL;
  g_autoptr(SchnackMessageRecord) after = NULL;
  g_autofree char *stanza_id = NULL;
  g_autofree char *command = NULL;
  g_autofree char *raw = NULL;
  Client client = { 0 };
  SchnackRoom *room;
  RowWait retracted;

  g_assert_true (schnack_test_prosody_create_room (server, room_jid, NULL));
  peer_join (peer, room_jid, "peer", NULL);
  peer_join (other, room_jid, "Peer", NULL);
  client_open (&client, "changes.db", jid);
  room = schnack_room_list_join (rooms_of (&client), room_jid, "schnack", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);

  stanza_id = peer_say (peer, room_jid, "orig-1", "Urspruenglich");
  g_assert_nonnull (stanza_id);
  original = wait_for_body (&client, room_jid, "Urspruenglich");
  g_assert_cmpstr (original->sender, ==, "peer");

  /* The author's correction names the message's own id (XEP-0308) … */
  command = g_strdup_printf ("{\"cmd\":\"correct\",\"to\":\"%s\",\"type\":\"groupchat\",\"replace_id\":\"orig-1\","
                             "\"body\":\"Korrigiert\"}", room_jid);
  g_assert_true (schnack_test_peer_command (peer, command, NULL));
  corrected = wait_for_body (&client, room_jid, "Korrigiert");
  g_assert_cmpint (corrected->id, ==, original->id);
  g_assert_true (corrected->edited);

  /* … another occupant (a nick differing only in case) cannot correct
   * or withdraw it; and markers and chat states store nothing. */
  g_clear_pointer (&command, g_free);
  command = g_strdup_printf ("{\"cmd\":\"correct\",\"to\":\"%s\",\"type\":\"groupchat\",\"replace_id\":\"orig-1\","
                             "\"body\":\"Gefaelscht\"}", room_jid);
  g_assert_true (schnack_test_peer_command (other, command, NULL));
  g_clear_pointer (&command, g_free);
  command = g_strdup_printf ("{\"cmd\":\"retract\",\"to\":\"%s\",\"type\":\"groupchat\",\"message_id\":\"%s\"}",
                             room_jid, stanza_id);
  g_assert_true (schnack_test_peer_command (other, command, NULL));
  g_clear_pointer (&command, g_free);
  command = g_strdup_printf ("{\"cmd\":\"marker\",\"to\":\"%s\",\"type\":\"groupchat\",\"marker\":\"displayed\","
                             "\"message_id\":\"%s\"}", room_jid, stanza_id);
  g_assert_true (schnack_test_peer_command (other, command, NULL));
  raw = g_strdup_printf ("<message to='%s' type='groupchat'>"
                         "<composing xmlns='http://jabber.org/protocol/chatstates'/></message>", room_jid);
  g_assert_true (schnack_test_peer_send_raw (other, raw, NULL));

  /* Reactions name the room's stanza-id; a new set replaces the old. */
  g_clear_pointer (&command, g_free);
  command = g_strdup_printf ("{\"cmd\":\"react\",\"to\":\"%s\",\"type\":\"groupchat\",\"message_id\":\"%s\","
                             "\"reactions\":[\"👍\",\"🎉\"]}", room_jid, stanza_id);
  g_assert_true (schnack_test_peer_command (peer, command, NULL));
  g_clear_pointer (&command, g_free);
  command = g_strdup_printf ("{\"cmd\":\"react\",\"to\":\"%s\",\"type\":\"groupchat\",\"message_id\":\"%s\","
                             "\"reactions\":[\"😮\"]}", room_jid, stanza_id);
  g_assert_true (schnack_test_peer_command (other, command, NULL));
  g_clear_pointer (&command, g_free);
  command = g_strdup_printf ("{\"cmd\":\"react\",\"to\":\"%s\",\"type\":\"groupchat\",\"message_id\":\"%s\","
                             "\"reactions\":[\"❤\"]}", room_jid, stanza_id);
  g_assert_true (schnack_test_peer_command (peer, command, NULL));
  assert_reactions (&client, original->id, "Peer:😮 peer:❤");

  /* A reply names the stanza-id too; its quote is not part of the text. */
  g_clear_pointer (&command, g_free);
  command = g_strdup_printf ("{\"cmd\":\"reply\",\"to\":\"%s\",\"type\":\"groupchat\",\"reply_id\":\"%s\","
                             "\"reply_to\":\"%s/peer\",\"quote\":\"Korrigiert\",\"body\":\"Stimmt\"}",
                             room_jid, stanza_id, room_jid);
  g_assert_true (schnack_test_peer_command (other, command, NULL));
  reply = wait_for_body (&client, room_jid, "Stimmt");
  g_assert_cmpstr (reply->reply_to_id, ==, stanza_id);
  g_assert_cmpstr (reply->reply_to_sender, ==, "peer");
  g_assert_cmpstr (reply->sender, ==, "Peer");

  after = find_room_message (&client, room_jid, "Korrigiert");
  g_assert_nonnull (after);
  g_assert_false (after->retracted);
  /* Nothing else became a message of its own. */
  g_assert_cmpint (wait_for_messages (&client, room_jid, 2), ==, 2);

  /* The author withdraws it: by the room's stanza-id (XEP-0424). */
  g_clear_pointer (&command, g_free);
  command = g_strdup_printf ("{\"cmd\":\"retract\",\"to\":\"%s\",\"type\":\"groupchat\",\"message_id\":\"%s\"}",
                             room_jid, stanza_id);
  g_assert_true (schnack_test_peer_command (peer, command, NULL));
  retracted = (RowWait) { &client, original->id };
  g_assert_true (schnack_test_wait_until (is_retracted, &retracted, TIMEOUT_MS));
  g_assert_cmpint (wait_for_messages (&client, room_jid, 2), ==, 2);
  client_close (&client);
}

/* A nick left behind and taken by someone else: the newcomer cannot
 * correct or withdraw what the former holder wrote (the room's
 * occupant ids, XEP-0421, tell them apart). */
static void
test_nick_taken_over (void)
{
  g_autofree char *jid = register_user ("roomnick2");
  g_autofree char *peer_jid = register_user ("roomnick2peer");
  g_autofree char *other_jid = register_user ("roomnick2other");
  g_autofree char *room_jid = new_room_jid ("nickover");
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  g_autoptr(SchnackTestPeer) other = schnack_test_peer_start (server, other_jid, PASSWORD, NULL);
  g_autoptr(SchnackMessageRecord) original = NULL;
  g_autoptr(SchnackMessageRecord) after = NULL;
  g_autofree char *stanza_id = NULL;
  g_autofree char *command = NULL;
  g_autofree char *leave = NULL;
  g_autofree char *event = NULL;
  g_autofree char *occupant = NULL;
  Client client = { 0 };
  SchnackRoom *room;

  g_assert_true (schnack_test_prosody_create_room (server, room_jid, NULL));
  occupant = g_strdup_printf ("%s/anna", room_jid);
  peer_join (peer, room_jid, "anna", NULL);
  client_open (&client, "nickover.db", jid);
  room = schnack_room_list_join (rooms_of (&client), room_jid, "schnack", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  g_assert_true (schnack_room_get_flags (room) & SCHNACK_ROOM_FLAG_OCCUPANT_IDS);

  stanza_id = peer_say (peer, room_jid, "anna-1", "Von Anna");
  original = wait_for_body (&client, room_jid, "Von Anna");
  g_assert_nonnull (original->occupant_id);

  leave = g_strdup_printf ("<presence to='%s' type='unavailable'/>", occupant);
  g_assert_true (schnack_test_peer_send_raw (peer, leave, NULL));
  event = schnack_test_peer_wait_event_with (peer, "presence", "type", "unavailable", TIMEOUT_MS);
  g_assert_nonnull (event);
  peer_join (other, room_jid, "anna", NULL);

  command = g_strdup_printf ("{\"cmd\":\"correct\",\"to\":\"%s\",\"type\":\"groupchat\",\"replace_id\":\"anna-1\","
                             "\"body\":\"Untergeschoben\"}", room_jid);
  g_assert_true (schnack_test_peer_command (other, command, NULL));
  g_clear_pointer (&command, g_free);
  command = g_strdup_printf ("{\"cmd\":\"retract\",\"to\":\"%s\",\"type\":\"groupchat\",\"message_id\":\"%s\"}",
                             room_jid, stanza_id);
  g_assert_true (schnack_test_peer_command (other, command, NULL));
  g_clear_pointer (&stanza_id, g_free);
  stanza_id = peer_say (other, room_jid, "anna-2", "Die Neue");
  g_clear_pointer (&after, schnack_message_record_free);
  after = wait_for_body (&client, room_jid, "Die Neue");
  g_assert_nonnull (after->occupant_id);
  g_assert_cmpstr (after->occupant_id, !=, original->occupant_id);

  g_clear_pointer (&after, schnack_message_record_free);
  after = schnack_store_get_message (client.store, original->id, NULL);
  g_assert_cmpstr (after->body, ==, "Von Anna");
  g_assert_false (after->edited);
  g_assert_false (after->retracted);
  g_assert_cmpint (wait_for_messages (&client, room_jid, 2), ==, 2);
  client_close (&client);
}

/* What Schnack does to room messages reaches the others with the ids
 * their clients look for. */
static void
test_changes_from_schnack (void)
{
  g_autofree char *jid = register_user ("roomown");
  g_autofree char *peer_jid = register_user ("roomownpeer");
  g_autofree char *room_jid = new_room_jid ("ownchanges");
  g_autofree char *peer_occupant = NULL;
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  g_autoptr(SchnackMessageRecord) mine = NULL;
  g_autoptr(SchnackMessageRecord) theirs = NULL;
  g_autoptr(SchnackMessageRecord) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *event = NULL;
  g_autofree char *seen_id = NULL;
  g_autofree char *seen_stanza_id = NULL;
  g_autofree char *peer_stanza_id = NULL;
  g_autofree char *value = NULL;
  const char *thumbs[] = { "👍", NULL };
  gint64 mine_id = 0;
  gint64 answer_id = 0;
  Client client = { 0 };
  SchnackRoom *room;
  RowWait wait;

  g_assert_true (schnack_test_prosody_create_room (server, room_jid, NULL));
  peer_occupant = g_strdup_printf ("%s/peer", room_jid);
  peer_join (peer, room_jid, "peer", NULL);
  client_open (&client, "ownchanges.db", jid);
  room = schnack_room_list_join (rooms_of (&client), room_jid, "schnack", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);

  /* Ours comes back from the room with its stanza-id, which is stored. */
  g_assert_true (schnack_room_list_send_message (rooms_of (&client), room, "Meins", &mine_id, &error));
  g_assert_no_error (error);
  event = schnack_test_peer_wait_event_with (peer, "message", "body", "Meins", TIMEOUT_MS);
  g_assert_nonnull (event);
  seen_id = schnack_test_json_get_string (event, "id");
  seen_stanza_id = schnack_test_json_get_string (event, "stanza_id");
  wait = (RowWait) { &client, mine_id };
  g_assert_true (schnack_test_wait_until (has_stanza_id, &wait, TIMEOUT_MS));
  mine = schnack_store_get_message (client.store, mine_id, NULL);
  g_assert_cmpstr (mine->stanza_id, ==, seen_stanza_id);

  peer_stanza_id = peer_say (peer, room_jid, "theirs-1", "Deins");
  theirs = wait_for_body (&client, room_jid, "Deins");
  g_assert_cmpstr (theirs->stanza_id, ==, peer_stanza_id);

  /* A reply names their message by the room's stanza-id, "to" its author. */
  g_assert_true (schnack_account_send_reply (client.account, theirs->id, "Antwort", &answer_id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&event, g_free);
  event = schnack_test_peer_wait_event_with (peer, "message", "reply_id", peer_stanza_id, TIMEOUT_MS);
  g_assert_nonnull (event);
  value = schnack_test_json_get_string (event, "type");
  g_assert_cmpstr (value, ==, "groupchat");
  g_clear_pointer (&value, g_free);
  value = schnack_test_json_get_string (event, "reply_to");
  g_assert_cmpstr (value, ==, peer_occupant);
  g_clear_pointer (&value, g_free);
  value = schnack_test_json_get_string (event, "body");
  g_assert_cmpstr (value, ==, "> Deins\nAntwort");

  /* A correction names our message's id attribute. */
  g_assert_true (schnack_account_send_correction (client.account, mine_id, "Meins, korrigiert", &error));
  g_assert_no_error (error);
  g_clear_pointer (&event, g_free);
  event = schnack_test_peer_wait_event_with (peer, "message", "replace_id", seen_id, TIMEOUT_MS);
  g_assert_nonnull (event);
  g_clear_pointer (&value, g_free);
  value = schnack_test_json_get_string (event, "body");
  g_assert_cmpstr (value, ==, "Meins, korrigiert");

  /* A reaction names their message by the room's stanza-id. */
  g_assert_true (schnack_account_send_reactions (client.account, theirs->id, thumbs, &error));
  g_assert_no_error (error);
  g_clear_pointer (&event, g_free);
  event = schnack_test_peer_wait_event_with (peer, "message-nobody", "reactions_to", peer_stanza_id, TIMEOUT_MS);
  g_assert_nonnull (event);
  g_assert_nonnull (strstr (event, "\"groupchat\""));

  /* Deleting ours for everyone names the room's stanza-id of it. */
  g_assert_true (schnack_account_retract_message (client.account, mine_id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&event, g_free);
  event = schnack_test_peer_wait_event_with (peer, "message", "retract_id", seen_stanza_id, TIMEOUT_MS);
  g_assert_nonnull (event);

  /* Their echoes change nothing more here: three messages, ours
   * withdrawn, our reaction once, the reply quoting theirs. */
  g_assert_cmpint (wait_for_messages (&client, room_jid, 3), ==, 3);
  g_clear_pointer (&mine, schnack_message_record_free);
  mine = schnack_store_get_message (client.store, mine_id, NULL);
  g_assert_true (mine->retracted);
  {
    g_autofree char *expected = g_strdup_printf ("%s:👍", jid);

    assert_reactions (&client, theirs->id, expected);
  }
  answer = schnack_store_get_message (client.store, answer_id, NULL);
  g_assert_cmpstr (answer->reply_to_id, ==, peer_stanza_id);
  g_assert_cmpstr (answer->body, ==, "Antwort");

  /* Deleting for us only: gone here, still there for the room. */
  g_assert_true (schnack_account_delete_message_locally (client.account, answer_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wait_for_messages (&client, room_jid, 2), ==, 2);
  client_close (&client);
}

/* Corrections, reactions and retractions made offline wait in the
 * outbox and go out once we are back in the room, once each. */
static void
test_changes_written_offline (void)
{
  g_autofree char *jid = register_user ("roomchgoff");
  g_autofree char *peer_jid = register_user ("roomchgoffpeer");
  g_autofree char *room_jid = new_room_jid ("offlinechanges");
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  g_autoptr(SchnackMessageRecord) theirs = NULL;
  g_autoptr(SchnackMessageRecord) mine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *event = NULL;
  g_autofree char *seen_id = NULL;
  g_autofree char *peer_stanza_id = NULL;
  const char *wave[] = { "👋", NULL };
  gint64 mine_id = 0;
  Client client = { 0 };
  SchnackRoom *room;
  RowWait wait;

  g_assert_true (schnack_test_prosody_create_room (server, room_jid, NULL));
  peer_join (peer, room_jid, "peer", NULL);
  client_open (&client, "offlinechanges.db", jid);
  room = schnack_room_list_join (rooms_of (&client), room_jid, "schnack", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  g_assert_true (schnack_room_list_send_message (rooms_of (&client), room, "Vorher", &mine_id, &error));
  event = schnack_test_peer_wait_event_with (peer, "message", "body", "Vorher", TIMEOUT_MS);
  g_assert_nonnull (event);
  seen_id = schnack_test_json_get_string (event, "id");
  wait = (RowWait) { &client, mine_id };
  g_assert_true (schnack_test_wait_until (has_stanza_id, &wait, TIMEOUT_MS));
  peer_stanza_id = peer_say (peer, room_jid, "off-1", "Hallo");
  theirs = wait_for_body (&client, room_jid, "Hallo");

  schnack_account_stop (client.account);
  assert_room_state (room, SCHNACK_ROOM_STATE_OFFLINE);
  g_assert_true (schnack_account_send_correction (client.account, mine_id, "Nachher", &error));
  g_assert_no_error (error);
  g_assert_true (schnack_account_send_reactions (client.account, theirs->id, wave, &error));
  g_assert_no_error (error);
  /* Changed here at once, offline as we are. */
  mine = wait_for_body (&client, room_jid, "Nachher");
  g_assert_cmpint (mine->id, ==, mine_id);

  schnack_account_connect_with_password (client.account, PASSWORD);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  g_clear_pointer (&event, g_free);
  event = schnack_test_peer_wait_event_with (peer, "message", "replace_id", seen_id, TIMEOUT_MS);
  g_assert_nonnull (event);
  g_clear_pointer (&event, g_free);
  event = schnack_test_peer_wait_event_with (peer, "message-nobody", "reactions_to", peer_stanza_id, TIMEOUT_MS);
  g_assert_nonnull (event);
  g_clear_pointer (&event, g_free);
  event = schnack_test_peer_wait_event_with (peer, "message", "replace_id", seen_id, 1000);
  g_assert_null (event);
  g_assert_cmpint (wait_for_messages (&client, room_jid, 2), ==, 2);

  /* Online again but not yet back in the room, which would refuse it:
   * it waits for the join too. */
  schnack_account_stop (client.account);
  assert_room_state (room, SCHNACK_ROOM_STATE_OFFLINE);
  schnack_account_connect_with_password (client.account, PASSWORD);
  g_assert_true (schnack_test_wait_until (account_online, client.account, TIMEOUT_MS));
  g_assert_cmpint (schnack_room_get_state (room), !=, SCHNACK_ROOM_STATE_JOINED);
  g_assert_true (schnack_account_send_correction (client.account, mine_id, "Ganz zum Schluss", &error));
  g_assert_no_error (error);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  g_clear_pointer (&event, g_free);
  event = schnack_test_peer_wait_event_with (peer, "message", "body", "Ganz zum Schluss", TIMEOUT_MS);
  g_assert_nonnull (event);
  client_close (&client);
}

/* Changes made while we were away come from the room's archive and
 * change what they name instead of showing up as messages. */
static void
test_changes_from_archive (void)
{
  g_autofree char *jid = register_user ("roomarch");
  g_autofree char *peer_jid = register_user ("roomarchpeer");
  g_autofree char *room_jid = new_room_jid ("archchanges");
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  g_autoptr(SchnackMessageRecord) first = NULL;
  g_autoptr(SchnackMessageRecord) second = NULL;
  g_autofree char *first_stanza_id = NULL;
  g_autofree char *second_stanza_id = NULL;
  g_autofree char *command = NULL;
  Client client = { 0 };
  SchnackRoom *room;

  g_assert_true (schnack_test_prosody_create_room (server, room_jid, NULL));
  peer_join (peer, room_jid, "erzaehler", NULL);
  first_stanza_id = peer_say (peer, room_jid, "arch-1", "Eins");

  client_open (&client, "archchanges.db", jid);
  room = schnack_room_list_join (rooms_of (&client), room_jid, "leser", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  g_assert_true (schnack_room_get_flags (room) & SCHNACK_ROOM_FLAG_ARCHIVED);
  first = wait_for_body (&client, room_jid, "Eins");

  schnack_account_stop (client.account);
  assert_room_state (room, SCHNACK_ROOM_STATE_OFFLINE);
  second_stanza_id = peer_say (peer, room_jid, "arch-2", "Zwei");
  command = g_strdup_printf ("{\"cmd\":\"correct\",\"to\":\"%s\",\"type\":\"groupchat\",\"replace_id\":\"arch-2\","
                             "\"body\":\"Zwei, korrigiert\"}", room_jid);
  g_assert_true (schnack_test_peer_command (peer, command, NULL));
  g_clear_pointer (&command, g_free);
  command = g_strdup_printf ("{\"cmd\":\"correct\",\"to\":\"%s\",\"type\":\"groupchat\",\"replace_id\":\"arch-1\","
                             "\"body\":\"Eins, korrigiert\"}", room_jid);
  g_assert_true (schnack_test_peer_command (peer, command, NULL));
  g_clear_pointer (&command, g_free);
  command = g_strdup_printf ("{\"cmd\":\"react\",\"to\":\"%s\",\"type\":\"groupchat\",\"message_id\":\"%s\","
                             "\"reactions\":[\"👍\"]}", room_jid, second_stanza_id);
  g_assert_true (schnack_test_peer_command (peer, command, NULL));
  schnack_test_run_for (300);

  schnack_account_connect_with_password (client.account, PASSWORD);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  second = wait_for_body (&client, room_jid, "Zwei, korrigiert");
  g_assert_true (second->edited);
  g_clear_pointer (&first, schnack_message_record_free);
  first = wait_for_body (&client, room_jid, "Eins, korrigiert");
  assert_reactions (&client, second->id, "erzaehler:👍");
  g_assert_cmpint (wait_for_messages (&client, room_jid, 2), ==, 2);
  client_close (&client);
}

static void
test_self_ping_rejoins (void)
{
  g_autofree char *jid = register_user ("roomping");
  g_autofree char *peer_jid = register_user ("roompingpeer");
  g_autofree char *room_jid = new_room_jid ("ping");
  g_autofree char *forget = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *event = NULL;
  g_autofree char *occupant = NULL;
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  g_autoptr(GError) error = NULL;
  Client client = { 0 };
  SchnackRoom *room;

  g_assert_true (schnack_test_prosody_create_room (server, room_jid, NULL));
  client_open (&client, "ping.db", jid);
  room = schnack_room_list_join (rooms_of (&client), room_jid, "wach", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);

  /* Still in: checking changes nothing. */
  schnack_room_list_check_rooms (rooms_of (&client));
  schnack_test_run_for (500);
  g_assert_cmpint (schnack_room_get_state (room), ==, SCHNACK_ROOM_STATE_JOINED);

  /* The service forgets us without a word; the check notices and we
   * are back in (the peer sees us arrive). */
  forget = g_strdup_printf ("muc-forget %s wach", room_jid);
  answer = schnack_test_prosody_command (server, forget, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (answer, "true"));
  peer_join (peer, room_jid, "zeuge", NULL);
  occupant = g_strdup_printf ("%s/wach", room_jid);
  g_assert_null (schnack_test_peer_wait_event_with (peer, "presence", "from", occupant, 300));
  schnack_room_list_check_rooms (rooms_of (&client));
  event = schnack_test_peer_wait_event_with (peer, "presence", "from", occupant, TIMEOUT_MS);
  g_assert_nonnull (event);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  client_close (&client);
}

/* A room without an archive: its own history since our last message. */
static void
test_history_without_archive (void)
{
  g_autofree char *owner_jid = register_user ("roomnomam");
  g_autofree char *jid = register_user ("roomnomamreader");
  g_autofree char *peer_jid = register_user ("roomnomampeer");
  g_autofree char *room_jid = new_room_jid ("nomam");
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SchnackDataForm) form = NULL;
  g_autoptr(GError) error = NULL;
  Client owner = { 0 };
  Client client = { 0 };
  SchnackRoom *room;

  client_open (&owner, "nomam-owner.db", owner_jid);
  room = create_room (&owner, room_jid, SCHNACK_ROOM_PRESET_PUBLIC_CHANNEL, NULL, FALSE);
  reset_result (room);
  schnack_room_get_config_async (room, NULL, on_async_done, NULL);
  result = take_result (room);
  form = schnack_room_get_config_finish (room, result, &error);
  g_assert_no_error (error);
  g_assert_true (schnack_data_form_set_boolean (form, "muc#roomconfig_enablearchiving", FALSE));
  schnack_room_submit_config_async (room, form, NULL, on_moderated, &error);
  wait_moderation (room);
  g_assert_no_error (error);

  peer_join (peer, room_jid, "erzähler", NULL);
  peer_send_groupchat (peer, room_jid, "eins");
  peer_send_groupchat (peer, room_jid, "zwei");
  peer_send_groupchat (peer, room_jid, "drei");
  schnack_test_run_for (300);

  client_open (&client, "nomam.db", jid);
  room = schnack_room_list_join (rooms_of (&client), room_jid, "leser", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  g_assert_false (schnack_room_get_flags (room) & SCHNACK_ROOM_FLAG_ARCHIVED);
  g_assert_cmpint (wait_for_messages (&client, room_jid, 3), ==, 3);

  schnack_account_stop (client.account);
  assert_room_state (room, SCHNACK_ROOM_STATE_OFFLINE);
  peer_send_groupchat (peer, room_jid, "vier");
  peer_send_groupchat (peer, room_jid, "fünf");
  schnack_test_run_for (300);
  schnack_account_connect_with_password (client.account, PASSWORD);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  g_assert_cmpint (wait_for_messages (&client, room_jid, 5), ==, 5);
  client_close (&client);
  client_close (&owner);
}

static void
test_server_restart_rejoins (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackTestProsody) own_server = schnack_test_prosody_start (NULL, &error);
  SchnackTestProsody *shared = server;
  g_autofree char *jid = NULL;
  g_autofree char *room_jid = NULL;
  Client client = { 0 };
  SchnackRoom *room;

  g_assert_no_error (error);
  server = own_server;
  jid = register_user ("roomrestart");
  room_jid = new_room_jid ("restart");
  client_open (&client, "restart.db", jid);
  /* Configured through Schnack, so Prosody keeps it on disk. */
  room = create_room (&client, room_jid, SCHNACK_ROOM_PRESET_PUBLIC_CHANNEL, NULL, FALSE);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);

  g_assert_true (schnack_test_prosody_kill (server, &error));
  assert_room_state (room, SCHNACK_ROOM_STATE_OFFLINE);
  g_assert_true (schnack_test_prosody_start_again (server, &error));
  /* Reconnecting waits for the backoff. */
  g_assert_true (schnack_test_wait_until (account_online, client.account, 4 * TIMEOUT_MS));
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  g_assert_nonnull (schnack_occupant_list_find (schnack_room_get_occupants (room), "owner"));

  client_close (&client);
  server = shared;
}

static gboolean
has_items (gpointer model)
{
  return g_list_model_get_n_items (model) > 0;
}

static void
test_direct_invites (void)
{
  g_autofree char *jid = register_user ("roominv");
  g_autofree char *peer_jid = register_user ("roominvpeer");
  g_autofree char *room_jid = new_room_jid ("inv");
  g_autofree char *other_room = new_room_jid ("inv2");
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  g_autofree char *event = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *invite = NULL;
  Client client = { 0 };
  SchnackRoom *room;
  GListModel *invites;
  g_autoptr(SchnackRoomInvite) received = NULL;

  g_assert_true (schnack_test_prosody_create_room (server, room_jid, NULL));
  g_assert_true (schnack_test_prosody_create_room (server, other_room, NULL));
  client_open (&client, "inv.db", jid);
  room = schnack_room_list_join (rooms_of (&client), room_jid, "gastgeber", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);

  /* Schnack → peer (XEP-0249). */
  schnack_room_list_invite (rooms_of (&client), room, peer_jid, "Komm dazu", TRUE);
  event = schnack_test_peer_wait_event (peer, "invite", TIMEOUT_MS);
  g_assert_nonnull (event);
  xml = schnack_test_json_get_string (event, "xml");
  g_assert_nonnull (strstr (xml, "jabber:x:conference"));
  g_assert_nonnull (strstr (xml, room_jid));

  /* Peer → Schnack: asked, never joined by itself. */
  invite = g_strdup_printf ("<message to='%s'><x xmlns='jabber:x:conference' jid='%s' reason='Hier lang'/></message>",
                            jid, other_room);
  g_assert_true (schnack_test_peer_send_raw (peer, invite, NULL));
  invites = schnack_room_list_get_invites (rooms_of (&client));
  g_assert_true (schnack_test_wait_until (has_items, invites, TIMEOUT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (invites), ==, 1);
  received = g_list_model_get_item (invites, 0);
  g_assert_cmpstr (schnack_room_invite_get_room (received), ==, other_room);
  g_assert_cmpstr (schnack_room_invite_get_reason (received), ==, "Hier lang");
  g_assert_null (schnack_room_list_find (rooms_of (&client), other_room));
  /* Not stored as a chat message either. */
  g_assert_cmpint (schnack_store_count_messages (client.store, schnack_account_get_id (client.account), peer_jid), ==, 0);

  room = schnack_room_list_accept_invite (rooms_of (&client), 0, "gast");
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  g_assert_cmpuint (g_list_model_get_n_items (invites), ==, 0);
  client_close (&client);
}

static void
test_mediated_invites (void)
{
  g_autofree char *jid = register_user ("roommed");
  g_autofree char *peer_jid = register_user ("roommedpeer");
  g_autofree char *room_jid = new_room_jid ("med");
  g_autofree char *peer_room = new_room_jid ("med2");
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  g_autofree char *event = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *invite = NULL;
  g_autofree char *from = NULL;
  g_autoptr(SchnackRoomInvite) received = NULL;
  Client client = { 0 };
  SchnackRoom *room;
  GListModel *invites;

  g_assert_true (schnack_test_prosody_create_room (server, room_jid, NULL));
  g_assert_true (schnack_test_prosody_create_room (server, peer_room, NULL));
  client_open (&client, "med.db", jid);
  room = schnack_room_list_join (rooms_of (&client), room_jid, "einlader", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);

  /* Schnack → peer, through the room. */
  schnack_room_list_invite (rooms_of (&client), room, peer_jid, "Über den Raum", FALSE);
  event = schnack_test_peer_wait_event (peer, "invite", TIMEOUT_MS);
  g_assert_nonnull (event);
  from = schnack_test_json_get_string (event, "from");
  xml = schnack_test_json_get_string (event, "xml");
  g_assert_cmpstr (from, ==, room_jid);
  g_assert_nonnull (strstr (xml, "Über den Raum"));

  /* Peer → Schnack, through the room the peer is in. */
  peer_join (peer, peer_room, "peer", NULL);
  invite = g_strdup_printf ("<message to='%s'><x xmlns='http://jabber.org/protocol/muc#user'>"
                            "<invite to='%s'><reason>Durch den Raum</reason></invite></x></message>",
                            peer_room, jid);
  g_assert_true (schnack_test_peer_send_raw (peer, invite, NULL));
  invites = schnack_room_list_get_invites (rooms_of (&client));
  g_assert_true (schnack_test_wait_until (has_items, invites, TIMEOUT_MS));
  received = g_list_model_get_item (invites, 0);
  g_assert_cmpstr (schnack_room_invite_get_room (received), ==, peer_room);
  g_assert_cmpstr (schnack_room_invite_get_reason (received), ==, "Durch den Raum");
  g_assert_true (schnack_room_invite_get_details (received)->mediated);
  g_assert_null (schnack_room_list_find (rooms_of (&client), peer_room));
  /* The room's invitation carries a body for old clients: not a chat. */
  g_assert_cmpint (schnack_store_count_messages (client.store, schnack_account_get_id (client.account), peer_room), ==, 0);

  /* Declined: the peer hears of it through the room. */
  schnack_room_list_decline_invite (rooms_of (&client), 0, "Keine Zeit");
  g_assert_cmpuint (g_list_model_get_n_items (invites), ==, 0);
  g_clear_pointer (&event, g_free);
  event = schnack_test_peer_wait_event (peer, "decline", TIMEOUT_MS);
  g_assert_nonnull (event);
  g_clear_pointer (&xml, g_free);
  xml = schnack_test_json_get_string (event, "xml");
  g_assert_nonnull (strstr (xml, "Keine Zeit"));
  client_close (&client);
}

static void
test_find_and_browse (void)
{
  g_autofree char *jid = register_user ("roombrowse");
  g_autofree char *peer_jid = register_user ("roombrowsepeer");
  g_autofree char *room_jid = new_room_jid ("browse");
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *service = NULL;
  g_autoptr(GPtrArray) rooms = NULL;
  Client client = { 0 };
  gboolean found = FALSE;

  /* Created through Schnack: Prosody lists rooms created from its shell
   * only until its room list cache is filled. */
  client_open (&client, "browse.db", jid);
  create_room (&client, room_jid, SCHNACK_ROOM_PRESET_PUBLIC_CHANNEL, NULL, FALSE);
  peer_join (peer, room_jid, "da", NULL);

  reset_result (rooms_of (&client));
  schnack_room_list_find_service_async (rooms_of (&client), NULL, on_async_done, NULL);
  result = take_result (rooms_of (&client));
  service = schnack_room_list_find_service_finish (rooms_of (&client), result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (service, ==, MUC);
  g_clear_object (&result);

  schnack_room_list_browse_async (rooms_of (&client), service, NULL, on_async_done, NULL);
  result = take_result (rooms_of (&client));
  rooms = schnack_room_list_browse_finish (rooms_of (&client), result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rooms->len; i++)
    {
      SchnackMucRoomInfo *info = g_ptr_array_index (rooms, i);

      if (g_strcmp0 (info->jid, room_jid) != 0)
        continue;
      found = TRUE;
      g_assert_cmpstr (info->name, ==, "Test room");
      g_assert_cmpint (info->occupants, ==, 2);
      g_assert_true (info->is_room);
    }
  if (!found)
    for (guint i = 0; i < rooms->len; i++)
      g_printerr ("listed: %s\n", ((SchnackMucRoomInfo *) g_ptr_array_index (rooms, i))->jid);
  g_assert_true (found);
  client_close (&client);
}

static gboolean
subject_is_set (gpointer room)
{
  return g_strcmp0 (schnack_room_get_subject (room), "Heute: <b>Kuchen</b> & Kaffee") == 0;
}

static gboolean
nick_is_new (gpointer room)
{
  return g_strcmp0 (schnack_room_get_nick (room), "chefin") == 0 &&
         schnack_occupant_list_find (schnack_room_get_occupants (room), "chefin") != NULL;
}

static void
test_subject_nick_and_owner (void)
{
  g_autofree char *jid = register_user ("roomowner");
  g_autofree char *peer_jid = register_user ("roomownerpeer");
  g_autofree char *room_jid = new_room_jid ("owner");
  g_autoptr(SchnackTestPeer) peer = schnack_test_peer_start (server, peer_jid, PASSWORD, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackDataForm) form = NULL;
  g_auto(GStrv) members = NULL;
  g_autofree char *event = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *info = NULL;
  g_autofree char *old_occupant = NULL;
  Client client = { 0 };
  SchnackRoom *room;

  client_open (&client, "owner.db", jid);
  room = create_room (&client, room_jid, SCHNACK_ROOM_PRESET_PUBLIC_CHANNEL, NULL, FALSE);
  peer_join (peer, room_jid, "gast", NULL);
  schnack_test_peer_flush_events (peer);

  /* The subject, escaped by nobody on the way: it is plain text. */
  schnack_room_set_subject (room, "Heute: <b>Kuchen</b> & Kaffee");
  event = schnack_test_peer_wait_event_with (peer, "subject", "subject", "Heute: <b>Kuchen</b> & Kaffee",
                                             TIMEOUT_MS);
  g_assert_nonnull (event);
  g_assert_true (schnack_test_wait_until (subject_is_set, room, TIMEOUT_MS));
  g_clear_pointer (&event, g_free);
  g_clear_pointer (&xml, g_free);

  /* A new nick: the peer sees the change, the list has only the new one. */
  old_occupant = g_strdup_printf ("%s/owner", room_jid);
  schnack_room_change_nick (room, "chefin");
  event = schnack_test_peer_wait_event_with (peer, "presence", "from", old_occupant, TIMEOUT_MS);
  xml = schnack_test_json_get_string (event, "xml");
  g_assert_nonnull (strstr (xml, "303"));
  g_assert_true (schnack_test_wait_until (nick_is_new, room, TIMEOUT_MS));
  g_assert_null (schnack_occupant_list_find (schnack_room_get_occupants (room), "owner"));
  g_clear_pointer (&event, g_free);
  g_clear_pointer (&xml, g_free);

  /* Members list. */
  g_object_set_data (G_OBJECT (room), "done", NULL);
  schnack_room_set_affiliation_async (room, peer_jid, SCHNACK_MUC_AFFILIATION_MEMBER, NULL, NULL,
                                      on_moderated, &error);
  wait_moderation (room);
  g_assert_no_error (error);
  reset_result (room);
  schnack_room_get_affiliations_async (room, SCHNACK_MUC_AFFILIATION_MEMBER, NULL, on_async_done, NULL);
  result = take_result (room);
  members = schnack_room_get_affiliations_finish (room, result, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) members, peer_jid));
  g_clear_object (&result);

  /* The full configuration form: rename the room. */
  schnack_room_get_config_async (room, NULL, on_async_done, NULL);
  result = take_result (room);
  form = schnack_room_get_config_finish (room, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (schnack_data_form_find_field (form, "muc#roomconfig_roomname"));
  g_assert_true (schnack_data_form_set_value (form, "muc#roomconfig_roomname", "Umbenannt"));
  g_clear_object (&result);
  schnack_room_submit_config_async (room, form, NULL, on_moderated, &error);
  wait_moderation (room);
  g_assert_no_error (error);
  info = peer_disco_info (peer, room_jid);
  g_assert_nonnull (strstr (info, "Umbenannt"));

  /* Closed by its owner: the peer is told, and so is Schnack. */
  schnack_test_peer_flush_events (peer);
  schnack_room_destroy_async (room, "Fertig", NULL, on_moderated, &error);
  wait_moderation (room);
  g_assert_no_error (error);
  g_clear_pointer (&event, g_free);
  g_clear_pointer (&xml, g_free);
  event = schnack_test_peer_wait_event (peer, "presence", TIMEOUT_MS);
  xml = schnack_test_json_get_string (event, "xml");
  g_assert_nonnull (strstr (xml, "destroy"));
  assert_room_state (room, SCHNACK_ROOM_STATE_ERROR);
  g_assert_error ((GError *) schnack_room_get_error (room), SCHNACK_MUC_ERROR, SCHNACK_MUC_ERROR_DESTROYED);
  client_close (&client);
}

static void
on_bookmark_saved (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GError **error_out = user_data;

  schnack_bookmark_sync_change_finish (SCHNACK_BOOKMARK_SYNC (source), result, error_out);
  g_object_set_data (source, "done", GINT_TO_POINTER (1));
}

typedef struct {
  SchnackRoomList *rooms;
  const char      *jid;
} FindWait;

static gboolean
room_listed (gpointer data)
{
  FindWait *wait = data;

  return schnack_room_list_find (wait->rooms, wait->jid) != NULL;
}

static SchnackRoom *
wait_for_room (Client     *client,
               const char *room_jid)
{
  FindWait wait = { rooms_of (client), room_jid };

  if (!schnack_test_wait_until (room_listed, &wait, TIMEOUT_MS))
    g_error ("%s never appeared among the rooms", room_jid);
  return schnack_room_list_find (rooms_of (client), room_jid);
}

static void
test_bookmarks_autojoin_after_restart (void)
{
  g_autofree char *jid = register_user ("roombm");
  g_autofree char *room_jid = new_room_jid ("bm");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  SchnackBookmarkSync *bookmarks;
  Client client = { 0 };
  SchnackRoom *room;

  client_open (&client, "bm.db", jid);
  room = create_room (&client, room_jid, SCHNACK_ROOM_PRESET_PRIVATE_GROUP, NULL, FALSE);
  bookmarks = schnack_account_get_bookmarks (client.account);
  g_assert_false (schnack_bookmark_sync_uses_legacy (bookmarks));
  schnack_bookmark_sync_save_async (bookmarks, room, TRUE, NULL, on_bookmark_saved, &error);
  g_assert_true (schnack_test_wait_until (is_done, bookmarks, TIMEOUT_MS));
  g_assert_no_error (error);
  client_close (&client);

  /* A new start: nothing asks to join, the bookmark does. */
  client_open (&client, "bm.db", jid);
  room = wait_for_room (&client, room_jid);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  g_assert_true (schnack_room_get_autojoin (room));
  g_assert_cmpstr (schnack_room_get_nick (room), ==, "owner");
  saved = schnack_bookmark_sync_list (schnack_account_get_bookmarks (client.account));
  g_assert_cmpuint (saved->len, ==, 1);
  g_assert_cmpstr (((SchnackBookmark *) g_ptr_array_index (saved, 0))->name, ==, "Test room");
  client_close (&client);
}

static gboolean
is_autojoin (gpointer room)
{
  return schnack_room_get_autojoin (room);
}

/* The rooms one is in are kept (as bookmarks) and come back after a
 * restart; a room one left does not. */
static void
test_joined_rooms_kept (void)
{
  g_autofree char *jid = register_user ("roomkept");
  g_autofree char *kept_jid = new_room_jid ("kept");
  g_autofree char *left_jid = new_room_jid ("left");
  Client client = { 0 };
  SchnackRoom *room;
  SchnackRoom *left;

  g_assert_true (schnack_test_prosody_create_room (server, kept_jid, NULL));
  g_assert_true (schnack_test_prosody_create_room (server, left_jid, NULL));
  client_open (&client, "kept.db", jid);
  room = schnack_room_list_join (rooms_of (&client), kept_jid, "bleibe", "geheim");
  left = schnack_room_list_join (rooms_of (&client), left_jid, "gehe", NULL);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  assert_room_state (left, SCHNACK_ROOM_STATE_JOINED);
  g_assert_true (schnack_test_wait_until (is_autojoin, room, TIMEOUT_MS));
  g_assert_true (schnack_test_wait_until (is_autojoin, left, TIMEOUT_MS));
  schnack_room_list_leave (rooms_of (&client), left);
  schnack_test_run_for (500);
  client_close (&client);

  client_open (&client, "kept.db", jid);
  room = wait_for_room (&client, kept_jid);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  g_assert_cmpstr (schnack_room_get_nick (room), ==, "bleibe");
  g_assert_cmpstr (schnack_room_get_password (room), ==, "geheim");
  schnack_test_run_for (500);
  g_assert_null (schnack_room_list_find (rooms_of (&client), left_jid));
  client_close (&client);
}

/* A server without urn:xmpp:bookmarks:1#compat: XEP-0048 in private storage. */
static void
test_legacy_bookmarks (void)
{
  SchnackTestProsodyOptions options = { .disabled_modules = "bookmarks" };
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackTestProsody) own_server = schnack_test_prosody_start (&options, &error);
  SchnackTestProsody *shared = server;
  g_autofree char *jid = NULL;
  g_autofree char *room_jid = NULL;
  g_autofree char *answer = NULL;
  g_autoptr(SchnackTestPeer) other_device = NULL;
  SchnackBookmarkSync *bookmarks;
  Client client = { 0 };
  SchnackRoom *room;

  g_assert_no_error (error);
  server = own_server;
  jid = register_user ("roomlegacy");
  room_jid = new_room_jid ("legacy");
  client_open (&client, "legacy.db", jid);
  room = create_room (&client, room_jid, SCHNACK_ROOM_PRESET_PUBLIC_CHANNEL, NULL, FALSE);
  bookmarks = schnack_account_get_bookmarks (client.account);
  g_assert_true (schnack_bookmark_sync_uses_legacy (bookmarks));
  g_object_set_data (G_OBJECT (bookmarks), "done", NULL);
  schnack_bookmark_sync_save_async (bookmarks, room, TRUE, NULL, on_bookmark_saved, &error);
  g_assert_true (schnack_test_wait_until (is_done, bookmarks, TIMEOUT_MS));
  g_assert_no_error (error);

  /* Where an XEP-0048 client looks for it. */
  other_device = schnack_test_peer_start (server, jid, PASSWORD, NULL);
  answer = peer_iq (other_device, "priv1",
                    "<iq type='get' id='priv1'><query xmlns='jabber:iq:private'>"
                    "<storage xmlns='storage:bookmarks'/></query></iq>");
  g_assert_nonnull (strstr (answer, room_jid));
  g_assert_nonnull (strstr (answer, "autojoin=\"true\""));
  client_close (&client);

  client_open (&client, "legacy.db", jid);
  room = wait_for_room (&client, room_jid);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  client_close (&client);
  server = shared;
}

static gboolean
not_autojoin (gpointer room)
{
  return !schnack_room_get_autojoin (room);
}

static void
test_bookmark_from_other_device (void)
{
  g_autofree char *jid = register_user ("roombmlive");
  g_autofree char *room_jid = new_room_jid ("bmlive");
  g_autoptr(SchnackTestPeer) other_device = NULL;
  g_autofree char *publish = NULL;
  g_autofree char *answer = NULL;
  Client client = { 0 };
  SchnackRoom *room;

  g_assert_true (schnack_test_prosody_create_room (server, room_jid, NULL));
  client_open (&client, "bmlive.db", jid);
  /* Let the server learn our +notify from caps before the change. */
  schnack_test_run_for (1000);

  other_device = schnack_test_peer_start (server, jid, PASSWORD, NULL);
  publish = g_strdup_printf ("<iq type='set' id='bm1'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                             "<publish node='urn:xmpp:bookmarks:1'><item id='%s'>"
                             "<conference xmlns='urn:xmpp:bookmarks:1' name='Vom Telefon' autojoin='true'>"
                             "<nick>mobil</nick></conference></item></publish>"
                             "<publish-options><x xmlns='jabber:x:data' type='submit'>"
                             "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>"
                             "<field var='pubsub#persist_items'><value>true</value></field>"
                             "<field var='pubsub#max_items'><value>max</value></field>"
                             "<field var='pubsub#access_model'><value>whitelist</value></field>"
                             "</x></publish-options></pubsub></iq>", room_jid);
  answer = peer_iq (other_device, "bm1", publish);
  g_assert_null (strstr (answer, "type=\"error\""));

  room = wait_for_room (&client, room_jid);
  assert_room_state (room, SCHNACK_ROOM_STATE_JOINED);
  g_assert_cmpstr (schnack_room_get_nick (room), ==, "mobil");
  g_assert_cmpstr (schnack_room_get_name (room), ==, "Vom Telefon");
  g_assert_true (schnack_room_get_autojoin (room));

  /* Removed there: forgotten here too. */
  g_clear_pointer (&publish, g_free);
  g_clear_pointer (&answer, g_free);
  publish = g_strdup_printf ("<iq type='set' id='bm2'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                             "<retract node='urn:xmpp:bookmarks:1' notify='true'><item id='%s'/></retract>"
                             "</pubsub></iq>", room_jid);
  answer = peer_iq (other_device, "bm2", publish);
  g_assert_null (strstr (answer, "type=\"error\""));
  g_assert_true (schnack_test_wait_until (not_autojoin, room, TIMEOUT_MS));
  {
    g_autoptr(GPtrArray) left = schnack_bookmark_sync_list (schnack_account_get_bookmarks (client.account));

    g_assert_cmpuint (left->len, ==, 0);
  }
  client_close (&client);
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

  shared_dir = g_dir_make_tmp ("schnack-rooms-XXXXXX", NULL);
  server = schnack_test_prosody_start (NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/rooms/join-and-talk", test_join_and_talk);
  g_test_add_func ("/rooms/leave-from-state-handler", test_leave_from_state_handler);
  g_test_add_func ("/rooms/configuration-changed", test_configuration_changed);
  g_test_add_func ("/rooms/private-messages", test_private_messages);
  g_test_add_func ("/rooms/written-offline", test_written_offline);
  g_test_add_func ("/rooms/nickname-taken", test_nickname_taken);
  g_test_add_func ("/rooms/not-found", test_not_found);
  g_test_add_func ("/rooms/not-found-never-joined", test_not_found_never_joined);
  g_test_add_func ("/rooms/create-after-not-found", test_create_after_not_found);
  g_test_add_func ("/rooms/join-timeout", test_join_timeout);
  g_test_add_func ("/rooms/create-refused", test_create_refused);
  g_test_add_func ("/rooms/refused-message-resent", test_refused_message_resent);
  g_test_add_func ("/rooms/create-presets", test_create_presets);
  g_test_add_func ("/rooms/password", test_password);
  g_test_add_func ("/rooms/moderation-from-schnack", test_moderation_from_schnack);
  g_test_add_func ("/rooms/find-and-browse", test_find_and_browse);
  g_test_add_func ("/rooms/subject-nick-and-owner", test_subject_nick_and_owner);
  g_test_add_func ("/rooms/kicked-by-peer", test_kicked_by_peer);
  g_test_add_func ("/rooms/history-caught-up-once", test_history_caught_up_once);
  g_test_add_func ("/rooms/history-without-archive", test_history_without_archive);
  g_test_add_func ("/rooms/direct-invites", test_direct_invites);
  g_test_add_func ("/rooms/mediated-invites", test_mediated_invites);
  g_test_add_func ("/rooms/bookmarks-autojoin-after-restart", test_bookmarks_autojoin_after_restart);
  g_test_add_func ("/rooms/bookmark-from-other-device", test_bookmark_from_other_device);
  g_test_add_func ("/rooms/legacy-bookmarks", test_legacy_bookmarks);
  g_test_add_func ("/rooms/joined-rooms-kept", test_joined_rooms_kept);
  g_test_add_func ("/rooms/changes-from-occupants", test_changes_from_occupants);
  g_test_add_func ("/rooms/nick-taken-over", test_nick_taken_over);
  g_test_add_func ("/rooms/changes-from-schnack", test_changes_from_schnack);
  g_test_add_func ("/rooms/changes-written-offline", test_changes_written_offline);
  g_test_add_func ("/rooms/changes-from-archive", test_changes_from_archive);
  g_test_add_func ("/rooms/self-ping-rejoins", test_self_ping_rejoins);
  g_test_add_func ("/rooms/server-restart-rejoins", test_server_restart_rejoins);

  status = g_test_run ();
  schnack_test_prosody_free (server);
  return status;
}

