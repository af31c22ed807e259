/* test-contacts.c — contacts, mutual authorization and live presence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Schnack's contact list against a real Prosody with two virtual hosts
 * ("another server": example.test) and slixmpp peers playing the people
 * on the other side.
 */
#include <gio/gio.h>
#include <string.h>

#include "connection-test-util.h"
#include "core/avatars.h"
#include "xmpp/avatar.h"
#include "core/contact-list.h"
#include "store/accounts.h"
#include "test-peer.h"

#define TIMEOUT_MS 15000
#define PASSWORD "contacts-password"

static SchnackTestProsody *server;

typedef struct {
  char               *jid;
  SchnackConnection  *connection;
  SchnackContactList *contacts;
} Me;

static char *
register_on (const char *prefix,
             const char *host)
{
  g_autofree char *user = schnack_test_unique_user (prefix);

  g_assert_true (schnack_test_prosody_register (server, user, host, PASSWORD, NULL));
  return g_strdup_printf ("%s@%s", user, host);
}

static gboolean
list_loaded (gpointer data)
{
  return schnack_contact_list_get_loaded (data);
}

static void
me_set_up (Me            *me,
           gconstpointer  data)
{
  me->jid = register_on ("me", "localhost");
  me->connection = schnack_test_connection_new (server, me->jid, PASSWORD);
  me->contacts = schnack_contact_list_new (me->connection, me->jid);
  schnack_connection_connect (me->connection);
  g_assert_true (schnack_test_wait_for_state (me->connection, SCHNACK_CONNECTION_ONLINE, TIMEOUT_MS));
  g_assert_true (schnack_test_wait_until (list_loaded, me->contacts, TIMEOUT_MS));
}

static void
me_tear_down (Me            *me,
              gconstpointer  data)
{
  g_clear_object (&me->contacts);
  g_clear_object (&me->connection);
  g_free (me->jid);
}

typedef struct {
  SchnackContactList  *contacts;
  const char          *jid;
  SchnackSubscription  subscription;
} SubscriptionWait;

static gboolean
has_subscription (gpointer data)
{
  SubscriptionWait *wait = data;
  SchnackContact *contact = schnack_contact_list_find (wait->contacts, wait->jid);

  return contact != NULL && schnack_contact_get_subscription (contact) == wait->subscription;
}

static void
assert_subscription (Me                  *me,
                     const char          *jid,
                     SchnackSubscription  subscription)
{
  SubscriptionWait wait = { me->contacts, jid, subscription };

  if (!schnack_test_wait_until (has_subscription, &wait, TIMEOUT_MS))
    {
      SchnackContact *contact = schnack_contact_list_find (me->contacts, jid);

      g_error ("%s: subscription %s, wanted %s", jid,
               contact != NULL ? schnack_subscription_to_string (schnack_contact_get_subscription (contact)) : "(no contact)",
               schnack_subscription_to_string (subscription));
    }
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

/* The other person answers our request the way their client would:
 * they allow it and add us back. */
static void
peer_accepts (SchnackTestPeer *peer,
              const char      *my_jid)
{
  g_autofree char *line = schnack_test_peer_wait_event_with (peer, "subscribe", "from", my_jid, TIMEOUT_MS);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (line);
  g_assert_true (schnack_test_peer_authorize (peer, my_jid, &error));
  g_assert_true (schnack_test_peer_subscribe (peer, my_jid, &error));
}

static void
add_and_become_mutual (Me         *me,
                       const char *host)
{
  g_autofree char *friend_jid = register_on ("friend", host);
  g_autoptr(SchnackTestPeer) friend = schnack_test_peer_start (server, friend_jid, PASSWORD, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SchnackContact *contact;

  g_assert_nonnull (friend);
  schnack_contact_list_add_contact_async (me->contacts, friend_jid, "Freundin", "Verein", NULL, on_done, &result);
  g_assert_true (schnack_test_wait_until (have_result, &result, TIMEOUT_MS));
  g_assert_true (schnack_contact_list_add_contact_finish (me->contacts, result, &error));

  contact = schnack_contact_list_find (me->contacts, friend_jid);
  g_assert_nonnull (contact);
  g_assert_cmpstr (schnack_contact_get_display_name (contact), ==, "Freundin");
  g_assert_cmpstr (schnack_contact_get_groups (contact)[0], ==, "Verein");

  /* One answer on their side, none more on ours: both directions hold. */
  peer_accepts (friend, me->jid);
  assert_subscription (me, friend_jid, SCHNACK_SUBSCRIPTION_BOTH);
  g_assert_cmpuint (g_list_model_get_n_items (schnack_contact_list_get_requests (me->contacts)), ==, 0);
}

static void
test_add_contact_same_server (Me            *me,
                              gconstpointer  data)
{
  add_and_become_mutual (me, "localhost");
}

static void
test_add_contact_other_server (Me            *me,
                               gconstpointer  data)
{
  add_and_become_mutual (me, "example.test");
}

static gboolean
has_request (gpointer data)
{
  return g_list_model_get_n_items (schnack_contact_list_get_requests (data)) > 0;
}

static void
test_incoming_request_accepted (Me            *me,
                                gconstpointer  data)
{
  g_autofree char *asker_jid = register_on ("asker", "example.test");
  g_autoptr(SchnackTestPeer) asker = schnack_test_peer_start (server, asker_jid, PASSWORD, NULL);
  g_autoptr(SchnackContactRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  g_assert_true (schnack_test_peer_subscribe (asker, me->jid, &error));
  g_assert_true (schnack_test_wait_until (has_request, me->contacts, TIMEOUT_MS));
  request = g_list_model_get_item (schnack_contact_list_get_requests (me->contacts), 0);
  g_assert_cmpstr (schnack_contact_request_get_jid (request), ==, asker_jid);

  schnack_contact_list_accept_request (me->contacts, asker_jid);
  g_assert_cmpuint (g_list_model_get_n_items (schnack_contact_list_get_requests (me->contacts)), ==, 0);

  /* They were allowed, and asked in turn; their "yes" completes it. */
  line = schnack_test_peer_wait_event_with (asker, "subscribe", "from", me->jid, TIMEOUT_MS);
  g_assert_nonnull (line);
  g_assert_true (schnack_test_peer_authorize (asker, me->jid, &error));
  assert_subscription (me, asker_jid, SCHNACK_SUBSCRIPTION_BOTH);
}

static void
test_incoming_request_denied (Me            *me,
                              gconstpointer  data)
{
  g_autofree char *stranger_jid = register_on ("stranger", "localhost");
  g_autoptr(SchnackTestPeer) stranger = schnack_test_peer_start (server, stranger_jid, PASSWORD, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  g_assert_true (schnack_test_peer_subscribe (stranger, me->jid, &error));
  g_assert_true (schnack_test_wait_until (has_request, me->contacts, TIMEOUT_MS));
  schnack_contact_list_deny_request (me->contacts, stranger_jid);

  line = schnack_test_peer_wait_event_with (stranger, "presence", "type", "unsubscribed", TIMEOUT_MS);
  g_assert_nonnull (line);
  g_assert_cmpuint (g_list_model_get_n_items (schnack_contact_list_get_requests (me->contacts)), ==, 0);
  g_assert_null (schnack_contact_list_find (me->contacts, stranger_jid));
}

typedef struct {
  SchnackContact      *contact;
  SchnackPresenceShow  show;
  const char          *status;
} PresenceWait;

static gboolean
shows (gpointer data)
{
  PresenceWait *wait = data;

  return schnack_contact_get_show (wait->contact) == wait->show &&
         g_strcmp0 (schnack_contact_get_status (wait->contact), wait->status) == 0;
}

static void
test_presence_is_live (Me            *me,
                       gconstpointer  data)
{
  g_autofree char *friend_jid = register_on ("live", "localhost");
  g_autoptr(SchnackTestPeer) friend = schnack_test_peer_start (server, friend_jid, PASSWORD, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PresenceWait wait = { NULL, SCHNACK_SHOW_AWAY, "Mittagspause <b>&</b>" };
  gint64 changed_at;

  schnack_contact_list_add_contact_async (me->contacts, friend_jid, NULL, NULL, NULL, on_done, &result);
  g_assert_true (schnack_test_wait_until (have_result, &result, TIMEOUT_MS));
  peer_accepts (friend, me->jid);
  assert_subscription (me, friend_jid, SCHNACK_SUBSCRIPTION_BOTH);
  wait.contact = schnack_contact_list_find (me->contacts, friend_jid);

  /* Now subscribed, we see them online … */
  g_assert_true (schnack_test_peer_set_presence (friend, NULL, NULL, &error));
  for (guint i = 0; i < 100 && !schnack_contact_get_available (wait.contact); i++)
    schnack_test_run_for (50);
  g_assert_true (schnack_contact_get_available (wait.contact));
  /* No name given: the part before the "@" stands in. */
  g_assert_true (g_str_has_prefix (friend_jid, schnack_contact_get_display_name (wait.contact)));
  g_assert_nonnull (strstr (friend_jid, "@"));

  /* … and a change within a second, status text kept as text. */
  changed_at = g_get_monotonic_time ();
  g_assert_true (schnack_test_peer_set_presence (friend, "away", wait.status, &error));
  g_assert_true (schnack_test_wait_until (shows, &wait, 1000));
  g_test_message ("presence change seen after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - changed_at) / 1000);

  /* They sign off: offline. */
  g_assert_true (schnack_test_peer_command (friend, "{\"cmd\":\"disconnect\"}", NULL));
  wait.show = SCHNACK_SHOW_OFFLINE;
  wait.status = NULL;
  g_assert_true (schnack_test_wait_until (shows, &wait, TIMEOUT_MS));
}

static gboolean
contact_gone (gpointer data)
{
  Me *me = ((gpointer *) data)[0];

  return schnack_contact_list_find (me->contacts, ((gpointer *) data)[1]) == NULL;
}

static void
test_remove_contact (Me            *me,
                     gconstpointer  data)
{
  g_autofree char *friend_jid = register_on ("gone", "localhost");
  g_autoptr(SchnackTestPeer) friend = schnack_test_peer_start (server, friend_jid, PASSWORD, NULL);
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GAsyncResult) removed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gpointer gone[2] = { me, friend_jid };

  schnack_contact_list_add_contact_async (me->contacts, friend_jid, NULL, NULL, NULL, on_done, &added);
  g_assert_true (schnack_test_wait_until (have_result, &added, TIMEOUT_MS));
  peer_accepts (friend, me->jid);
  assert_subscription (me, friend_jid, SCHNACK_SUBSCRIPTION_BOTH);
  schnack_test_peer_flush_events (friend);

  schnack_contact_list_remove_contact_async (me->contacts, friend_jid, NULL, on_done, &removed);
  g_assert_true (schnack_test_wait_until (have_result, &removed, TIMEOUT_MS));
  g_assert_true (schnack_contact_list_remove_contact_finish (me->contacts, removed, &error));
  g_assert_true (schnack_test_wait_until (contact_gone, gone, TIMEOUT_MS));

  /* They no longer get our presence: the server told them so. */
  line = schnack_test_peer_wait_event_with (friend, "presence", "type", "unsubscribed", TIMEOUT_MS);
  g_assert_nonnull (line);
}

typedef struct {
  SchnackContactList *contacts;
  const char         *jid;
  const char         *name;
} NameWait;

static gboolean
has_name (gpointer data)
{
  NameWait *wait = data;
  SchnackContact *contact = schnack_contact_list_find (wait->contacts, wait->jid);

  return contact != NULL && g_strcmp0 (schnack_contact_get_display_name (contact), wait->name) == 0;
}

static void
test_list_lives_on_the_server (Me            *me,
                               gconstpointer  data)
{
  g_autofree char *friend_jid = register_on ("kept", "localhost");
  g_autoptr(SchnackTestPeer) my_phone = NULL;
  g_autoptr(SchnackTestPeer) friend = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rename = NULL;
  g_autofree char *forged = NULL;
  NameWait wait = { me->contacts, friend_jid, "Vom Telefon" };

  schnack_contact_list_add_contact_async (me->contacts, friend_jid, "Am Laptop", NULL, NULL, on_done, &result);
  g_assert_true (schnack_test_wait_until (have_result, &result, TIMEOUT_MS));

  /* Another device of mine renames the contact: the change shows here. */
  my_phone = schnack_test_peer_start (server, me->jid, PASSWORD, &error);
  g_assert_no_error (error);
  rename = g_strdup_printf ("<iq type='set' id='rename1'><query xmlns='jabber:iq:roster'>"
                            "<item jid='%s' name='Vom Telefon'/></query></iq>", friend_jid);
  g_assert_true (schnack_test_peer_send_raw (my_phone, rename, &error));
  g_assert_true (schnack_test_wait_until (has_name, &wait, TIMEOUT_MS));

  /* Somebody else cannot push roster changes to us. */
  friend = schnack_test_peer_start (server, friend_jid, PASSWORD, &error);
  forged = g_strdup_printf ("<iq type='set' id='forged1' to='%s'><query xmlns='jabber:iq:roster'>"
                            "<item jid='evil@example.test' name='Evil'/></query></iq>",
                            schnack_connection_get_bound_jid (me->connection));
  g_assert_true (schnack_test_peer_send_raw (friend, forged, &error));
  schnack_test_run_for (1000);
  g_assert_null (schnack_contact_list_find (me->contacts, "evil@example.test"));

  /* A fresh start shows the server's list, with the other device's name. */
  g_clear_object (&me->contacts);
  g_clear_object (&me->connection);
  me->connection = schnack_test_connection_new (server, me->jid, PASSWORD);
  me->contacts = schnack_contact_list_new (me->connection, me->jid);
  schnack_connection_connect (me->connection);
  g_assert_true (schnack_test_wait_until (list_loaded, me->contacts, TIMEOUT_MS));
  wait.contacts = me->contacts;
  g_assert_true (has_name (&wait));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (me->contacts)), ==, 1);
}

static void
count_message (SchnackConnection      *connection,
               SchnackIncomingMessage *message,
               GPtrArray              *bodies)
{
  g_ptr_array_add (bodies, g_strdup (message->body));
}

static gboolean
has_body (gpointer data)
{
  GPtrArray *bodies = ((gpointer *) data)[0];

  for (guint i = 0; i < bodies->len; i++)
    if (g_str_equal (g_ptr_array_index (bodies, i), ((gpointer *) data)[1]))
      return TRUE;
  return FALSE;
}

static gboolean
is_blocked (gpointer data)
{
  return schnack_contact_list_is_blocked (((gpointer *) data)[0], ((gpointer *) data)[1]);
}

static void
test_block_stops_messages (Me            *me,
                           gconstpointer  data)
{
  g_autofree char *spammer_jid = register_on ("spammer", "example.test");
  g_autoptr(SchnackTestPeer) spammer = schnack_test_peer_start (server, spammer_jid, PASSWORD, NULL);
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GAsyncResult) blocked = NULL;
  g_autoptr(GAsyncResult) unblocked = NULL;
  g_autoptr(GError) error = NULL;
  gpointer before[2] = { bodies, "vorher" };
  gpointer after[2] = { bodies, "nachher" };
  gpointer blocked_check[2] = { NULL, spammer_jid };

  g_signal_connect (me->connection, "message-received", G_CALLBACK (count_message), bodies);
  g_assert_true (schnack_test_peer_send_message (spammer, me->jid, "vorher", NULL, &error));
  g_assert_true (schnack_test_wait_until (has_body, before, TIMEOUT_MS));

  /* Blocked (and reported): nothing of theirs arrives any more. */
  schnack_contact_list_block_async (me->contacts, spammer_jid, TRUE, NULL, on_done, &blocked);
  g_assert_true (schnack_test_wait_until (have_result, &blocked, TIMEOUT_MS));
  g_assert_true (schnack_contact_list_block_finish (me->contacts, blocked, &error));
  g_assert_true (schnack_contact_list_is_blocked (me->contacts, spammer_jid));
  g_assert_true (schnack_test_peer_send_message (spammer, me->jid, "waehrenddessen", NULL, &error));
  schnack_test_run_for (1500);
  g_assert_cmpuint (bodies->len, ==, 1);

  /* Still blocked after a restart: the list lives on the server. */
  g_signal_handlers_disconnect_by_data (me->connection, bodies);
  g_clear_object (&me->contacts);
  g_clear_object (&me->connection);
  me->connection = schnack_test_connection_new (server, me->jid, PASSWORD);
  me->contacts = schnack_contact_list_new (me->connection, me->jid);
  g_signal_connect (me->connection, "message-received", G_CALLBACK (count_message), bodies);
  schnack_connection_connect (me->connection);
  blocked_check[0] = me->contacts;
  g_assert_true (schnack_test_wait_until (is_blocked, blocked_check, TIMEOUT_MS));

  schnack_contact_list_unblock_async (me->contacts, spammer_jid, NULL, on_done, &unblocked);
  g_assert_true (schnack_test_wait_until (have_result, &unblocked, TIMEOUT_MS));
  g_assert_true (schnack_contact_list_block_finish (me->contacts, unblocked, &error));
  g_assert_false (schnack_contact_list_is_blocked (me->contacts, spammer_jid));
  g_assert_true (schnack_test_peer_send_message (spammer, me->jid, "nachher", NULL, &error));
  g_assert_true (schnack_test_wait_until (has_body, after, TIMEOUT_MS));
}

static void
test_own_presence_reaches_contacts (Me            *me,
                                    gconstpointer  data)
{
  g_autofree char *friend_jid = register_on ("watcher", "localhost");
  g_autoptr(SchnackTestPeer) friend = schnack_test_peer_start (server, friend_jid, PASSWORD, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *line = NULL;
  g_autofree char *show = NULL;
  g_autofree char *status = NULL;

  schnack_contact_list_add_contact_async (me->contacts, friend_jid, NULL, NULL, NULL, on_done, &result);
  g_assert_true (schnack_test_wait_until (have_result, &result, TIMEOUT_MS));
  peer_accepts (friend, me->jid);
  assert_subscription (me, friend_jid, SCHNACK_SUBSCRIPTION_BOTH);
  schnack_test_peer_flush_events (friend);

  schnack_connection_set_presence (me->connection, SCHNACK_SHOW_DND, "Im Kurs bis 18 Uhr");
  line = schnack_test_peer_wait_event_with (friend, "presence", "show", "dnd", TIMEOUT_MS);
  g_assert_nonnull (line);
  status = schnack_test_json_get_string (line, "status");
  g_assert_cmpstr (status, ==, "Im Kurs bis 18 Uhr");
  g_clear_pointer (&line, g_free);

  /* Kept across a new login, not reset to "available". */
  schnack_test_peer_flush_events (friend);
  schnack_connection_disconnect (me->connection);
  g_assert_true (schnack_test_wait_for_state (me->connection, SCHNACK_CONNECTION_OFFLINE, TIMEOUT_MS));
  schnack_connection_connect (me->connection);
  line = schnack_test_peer_wait_event_with (friend, "presence", "show", "dnd", TIMEOUT_MS);
  g_assert_nonnull (line);
}

static void
test_cached_list_shows_at_once (Me            *me,
                                gconstpointer  data)
{
  g_autofree char *friend_jid = register_on ("cached", "localhost");
  g_autofree char *dir = g_dir_make_tmp ("schnack-contacts-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cache.db", NULL);
  g_autoptr(SchnackStore) store = schnack_store_open (path, NULL);
  g_autoptr(SchnackAccountRecord) account = schnack_account_record_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SchnackConnection) offline = NULL;
  g_autoptr(SchnackContactList) cached = NULL;
  SchnackContact *contact;

  account->jid = g_strdup (me->jid);
  g_assert_true (schnack_store_add_account (store, account, NULL));
  schnack_contact_list_set_store (me->contacts, store, account->id);
  schnack_contact_list_add_contact_async (me->contacts, friend_jid, "Aus dem Cache", NULL, NULL, on_done, &result);
  g_assert_true (schnack_test_wait_until (have_result, &result, TIMEOUT_MS));
  schnack_test_run_for (500);

  /* Next start, before any connection: the list is there already. */
  offline = schnack_connection_new (me->jid);
  cached = schnack_contact_list_new (offline, me->jid);
  schnack_contact_list_set_store (cached, store, account->id);
  contact = schnack_contact_list_find (cached, friend_jid);
  g_assert_nonnull (contact);
  g_assert_cmpstr (schnack_contact_get_display_name (contact), ==, "Aus dem Cache");
  g_assert_false (schnack_contact_get_available (contact));
}

static gboolean
has_avatar (gpointer data)
{
  return schnack_contact_get_avatar_file (data) != NULL;
}

static void
test_avatar_and_nick_of_contact (Me            *me,
                                 gconstpointer  data)
{
  g_autofree char *friend_jid = register_on ("picture", "localhost");
  g_autoptr(SchnackTestPeer) friend = schnack_test_peer_start (server, friend_jid, PASSWORD, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackAvatars) avatars = NULL;
  g_autofree char *cache = g_dir_make_tmp ("schnack-avatars-XXXXXX", NULL);
  static const guint8 picture[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3, 4, 5, 6, 7, 8 };
  g_autoptr(GBytes) bytes = g_bytes_new_static (picture, sizeof picture);
  g_autofree char *id = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, bytes);
  g_autofree char *base64 = g_base64_encode (picture, sizeof picture);
  g_autofree char *publish_data = NULL;
  g_autofree char *publish_metadata = NULL;
  g_autofree char *publish_nick = NULL;
  g_autofree char *cached = NULL;
  gsize cached_length = 0;
  NameWait nick = { me->contacts, friend_jid, "Fritzi" };
  SchnackContact *contact;

  avatars = schnack_avatars_new (me->connection, me->contacts, cache);
  schnack_contact_list_add_contact_async (me->contacts, friend_jid, NULL, NULL, NULL, on_done, &result);
  g_assert_true (schnack_test_wait_until (have_result, &result, TIMEOUT_MS));
  peer_accepts (friend, me->jid);
  assert_subscription (me, friend_jid, SCHNACK_SUBSCRIPTION_BOTH);
  contact = schnack_contact_list_find (me->contacts, friend_jid);
  g_assert_null (schnack_contact_get_avatar_file (contact));

  publish_data = g_strdup_printf ("<iq type='set' id='p1'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                                  "<publish node='urn:xmpp:avatar:data'><item id='%s'>"
                                  "<data xmlns='urn:xmpp:avatar:data'>%s</data></item></publish></pubsub></iq>",
                                  id, base64);
  publish_metadata = g_strdup_printf ("<iq type='set' id='p2'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                                      "<publish node='urn:xmpp:avatar:metadata'><item id='%s'>"
                                      "<metadata xmlns='urn:xmpp:avatar:metadata'><info bytes='%u' id='%s' "
                                      "type='image/png'/></metadata></item></publish></pubsub></iq>",
                                      id, (guint) sizeof picture, id);
  g_assert_true (schnack_test_peer_send_raw (friend, publish_data, &error));
  g_assert_true (schnack_test_peer_send_raw (friend, publish_metadata, &error));

  /* The picture arrives, checked against its name, and is cached. */
  g_assert_true (schnack_test_wait_until (has_avatar, contact, TIMEOUT_MS));
  g_assert_true (g_file_get_contents (schnack_contact_get_avatar_file (contact), &cached, &cached_length, NULL));
  g_assert_cmpmem (cached, cached_length, picture, sizeof picture);
  g_assert_true (g_str_has_suffix (schnack_contact_get_avatar_file (contact), id));

  /* Their chosen name shows while we gave them none. */
  publish_nick = g_strdup ("<iq type='set' id='p3'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                           "<publish node='http://jabber.org/protocol/nick'><item>"
                           "<nick xmlns='http://jabber.org/protocol/nick'>Fritzi</nick></item></publish></pubsub></iq>");
  g_assert_true (schnack_test_peer_send_raw (friend, publish_nick, &error));
  g_assert_true (schnack_test_wait_until (has_name, &nick, TIMEOUT_MS));
}

static void
on_published (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(char **) user_data = schnack_avatar_publish_finish (result, NULL);
  if (*(char **) user_data == NULL)
    *(char **) user_data = g_strdup ("");
}

static gboolean
string_set (gpointer data)
{
  return *(char **) data != NULL;
}

static void
test_own_picture_is_published (Me            *me,
                               gconstpointer  data)
{
  g_autofree char *friend_jid = register_on ("viewer", "example.test");
  g_autoptr(SchnackTestPeer) friend = schnack_test_peer_start (server, friend_jid, PASSWORD, NULL);
  static const guint8 picture[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 9, 9, 9 };
  g_autoptr(GBytes) bytes = g_bytes_new_static (picture, sizeof picture);
  g_autofree char *expected_id = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, bytes);
  g_autofree char *published_id = NULL;
  g_autofree char *ask_metadata = NULL;
  g_autofree char *ask_vcard = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;

  schnack_avatar_publish_async (me->connection, bytes, "image/png", NULL, on_published, &published_id);
  g_assert_true (schnack_test_wait_until (string_set, &published_id, TIMEOUT_MS));
  g_assert_cmpstr (published_id, ==, expected_id);

  /* Anyone may read it (open access), even without a subscription … */
  ask_metadata = g_strdup_printf ("<iq type='get' to='%s' id='meta1'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                                  "<items node='urn:xmpp:avatar:metadata'/></pubsub></iq>", me->jid);
  g_assert_true (schnack_test_peer_send_raw (friend, ask_metadata, &error));
  line = schnack_test_peer_wait_event_with (friend, "iq-result", "id", "meta1", TIMEOUT_MS);
  g_assert_nonnull (line);
  g_assert_nonnull (strstr (line, expected_id));
  g_clear_pointer (&line, g_free);

  /* … and vCard-only clients find it in the vCard. */
  ask_vcard = g_strdup_printf ("<iq type='get' to='%s' id='vcard1'><vCard xmlns='vcard-temp'/></iq>", me->jid);
  g_assert_true (schnack_test_peer_send_raw (friend, ask_vcard, &error));
  for (guint i = 0; i < 20; i++)
    {
      g_clear_pointer (&line, g_free);
      line = schnack_test_peer_wait_event_with (friend, "iq-result", "id", "vcard1", TIMEOUT_MS);
      if (line != NULL && strstr (line, "BINVAL") != NULL)
        break;
      /* The vCard is written right after the PEP items: ask again. */
      schnack_test_run_for (200);
      g_assert_true (schnack_test_peer_send_raw (friend, ask_vcard, &error));
    }
  g_assert_nonnull (line);
  g_assert_nonnull (strstr (line, "BINVAL"));
}

/* Regression: the server answers presence probes right after our initial
 * presence, which can come before the roster result; such presence used to
 * be dropped and online contacts showed as offline. The race is forced
 * here: a presence is delivered the moment we are online, before the
 * roster request can have been answered. */
static void
deliver_early_presence (SchnackConnection *connection,
                        GParamSpec        *pspec,
                        const char        *friend_jid)
{
  g_autoptr(SchnackXmlNode) presence = NULL;
  g_autofree char *from = NULL;

  if (schnack_connection_get_state (connection) != SCHNACK_CONNECTION_ONLINE)
    return;
  from = g_strdup_printf ("%s/phone", friend_jid);
  presence = schnack_xml_node_new ("presence", NULL);
  schnack_xml_node_set_attribute (presence, "from", from);
  schnack_xml_node_add_text_child (presence, "status", "schon da");
  g_signal_emit_by_name (connection, "presence-received", presence);
}

static void
test_presence_before_roster_is_kept (Me            *me,
                                     gconstpointer  data)
{
  /* A contact the server cannot probe (no such domain), so the only
   * presence for it is the early one forced below. */
  const char *friend_jid = "early@nowhere.invalid";
  g_autoptr(GAsyncResult) result = NULL;
  SchnackContact *contact;

  schnack_contact_list_add_contact_async (me->contacts, friend_jid, NULL, NULL, NULL, on_done, &result);
  g_assert_true (schnack_test_wait_until (have_result, &result, TIMEOUT_MS));

  /* A fresh start without a cached list. */
  g_clear_object (&me->contacts);
  g_clear_object (&me->connection);
  me->connection = schnack_test_connection_new (server, me->jid, PASSWORD);
  me->contacts = schnack_contact_list_new (me->connection, me->jid);
  g_signal_connect (me->connection, "notify::state", G_CALLBACK (deliver_early_presence), (gpointer) friend_jid);
  schnack_connection_connect (me->connection);
  g_assert_true (schnack_test_wait_until (list_loaded, me->contacts, TIMEOUT_MS));
  schnack_test_run_for (500);

  contact = schnack_contact_list_find (me->contacts, friend_jid);
  g_assert_nonnull (contact);
  g_assert_true (schnack_contact_get_available (contact));
  g_assert_cmpstr (schnack_contact_get_status (contact), ==, "schon da");
  g_signal_handlers_disconnect_by_data (me->connection, (gpointer) friend_jid);
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

#define ADD(path, func) g_test_add (path, Me, NULL, me_set_up, func, me_tear_down)
  ADD ("/contacts/add-contact-same-server", test_add_contact_same_server);
  ADD ("/contacts/add-contact-other-server", test_add_contact_other_server);
  ADD ("/contacts/incoming-request-accepted", test_incoming_request_accepted);
  ADD ("/contacts/incoming-request-denied", test_incoming_request_denied);
  ADD ("/contacts/presence-is-live", test_presence_is_live);
  ADD ("/contacts/remove-contact", test_remove_contact);
  ADD ("/contacts/list-lives-on-the-server", test_list_lives_on_the_server);
  ADD ("/contacts/block-stops-messages", test_block_stops_messages);
  ADD ("/contacts/own-presence-reaches-contacts", test_own_presence_reaches_contacts);
  ADD ("/contacts/cached-list-shows-at-once", test_cached_list_shows_at_once);
  ADD ("/contacts/avatar-and-nick-of-contact", test_avatar_and_nick_of_contact);
  ADD ("/contacts/own-picture-is-published", test_own_picture_is_published);
  ADD ("/contacts/presence-before-roster-is-kept", test_presence_before_roster_is_kept);
#undef ADD

  status = g_test_run ();
  schnack_test_prosody_free (server);
  return status;
}
