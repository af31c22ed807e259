/* test-rooms-ui.c — group chats as a user sees them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In-process GTK tests of the room dialogs, the room view and the
 * occupant panel on a real Prosody MUC with slixmpp peers: joining a
 * public room picked from the list, a password asked for and given
 * wrong then right, creating a password-protected moderated room whose
 * visitor gets voice from the occupant menu and writes, Schnack back in
 * that room by itself after a restart (banned and destroyed from the
 * menus), a missing room offered for creation, a taken nickname, and
 * invitations joined and declined.
 *
 * With SCHNACK_TEST_SCREENSHOT_DIR set, screenshots of each step are
 * left there (`import`, ImageMagick) to look at.
 */
#include <adwaita.h>
#include <locale.h>
#include <string.h>

#include "config.h"
#include "connection-test-util.h"
#include "core/account-manager.h"
#include "test-json.h"
#include "test-peer.h"
#include "ui/application.h"
#include "ui/chat-view.h"
#include "ui/composer.h"
#include "ui/create-room-dialog.h"
#include "ui/join-room-dialog.h"
#include "ui/message-row.h"
#include "ui/occupant-list-view.h"
#include "ui/room-invite-dialog.h"
#include "ui/room-settings-dialog.h"
#include "ui/window.h"
#include "ui/room-members-dialog.h"
#include "ui-test-util.h"

#include <glib/gi18n.h>

#define TIMEOUT_MS 15000
#define PASSWORD "rooms-ui-password"
#define MUC "conference.localhost"

static SchnackTestProsody *server;

typedef struct {
  SchnackTestAccountWindow  me;
  char                      *nick;
  SchnackTestPeer           *peer;
  char                      *peer_jid;
  char                      *peer_nick;
} Fixture;

static char *
local_part (const char *jid)
{
  return g_strndup (jid, strcspn (jid, "@"));
}

static char *
new_room_jid (const char *prefix)
{
  static guint counter;

  return g_strdup_printf ("%s-%u-%u@" MUC, prefix, (guint) getpid (), ++counter);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{

  schnack_test_account_window_init (&fixture->me, server, "me", PASSWORD);
  fixture->nick = local_part (fixture->me.jid);
  fixture->peer_jid = schnack_test_register_user (server, "berta", PASSWORD);
  fixture->peer_nick = local_part (fixture->peer_jid);
  schnack_test_account_window_open (&fixture->me, TRUE);
  fixture->peer = schnack_test_peer_start (server, fixture->peer_jid, PASSWORD, NULL);
  g_assert_nonnull (fixture->peer);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->peer, schnack_test_peer_free);
  schnack_test_account_window_clear (&fixture->me);
  g_free (fixture->nick);
  g_free (fixture->peer_jid);
  g_free (fixture->peer_nick);
}

/* ------------------------------------------------------------ helpers */

static GtkWidget *
find_in (gpointer    root,
         const char *id)
{
  GtkWidget *widget = schnack_test_find_widget (GTK_WIDGET (root), id);

  g_assert_nonnull (widget);
  return widget;
}

static SchnackChatView *
chat_view (Fixture *fixture)
{
  return schnack_window_get_chat_view (fixture->me.window);
}

typedef struct {
  GtkWidget  *widget;
  const char *text;
} LabelWait;

static gboolean
label_contains (gpointer data)
{
  LabelWait *wait = data;

  return gtk_widget_get_visible (wait->widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (wait->widget)), wait->text) != NULL;
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data)) && gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
widget_sensitive (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data)) && gtk_widget_is_sensitive (GTK_WIDGET (data));
}

/* A label showing @text somewhere under @root (realized rows only). */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0 &&
      gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The button of a pick in the invite dialog, by the name it shows. */
static GtkWidget *
pick_button (gpointer    dialog,
             const char *name)
{
  GtkWidget *flow = schnack_test_find_widget (GTK_WIDGET (dialog), "invite_chosen_flow");
  GtkWidget *widget = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (flow); child != NULL && widget == NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      GtkWidget *label = gtk_widget_get_first_child (gtk_button_get_child (GTK_BUTTON (button)));

      if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), name) == 0)
        widget = button;
    }
  return widget;
}

typedef struct {
  GtkWidget  *root;
  const char *text;
} FindWait;

static gboolean
label_shown (gpointer data)
{
  FindWait *wait = data;

  return find_label (wait->root, wait->text) != NULL;
}

static gboolean
window_gone (gpointer data)
{
  return schnack_test_find_window_of_type (GPOINTER_TO_SIZE (data)) == NULL;
}

static gboolean
room_shown (gpointer data)
{
  Fixture *fixture = data;

  return schnack_chat_view_get_room (chat_view (fixture)) != NULL &&
         g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (find_in (fixture->me.window, "detail_stack"))),
                    "chat") == 0;
}

static gboolean
room_closed (gpointer data)
{
  Fixture *fixture = data;

  return schnack_chat_view_get_room (chat_view (fixture)) == NULL &&
         g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (find_in (fixture->me.window, "detail_stack"))),
                    "chat") != 0;
}

static SchnackMessageRow *
wait_for_message_row (Fixture    *fixture,
                      const char *body)
{
  return schnack_test_wait_for_message_row (GTK_WIDGET (chat_view (fixture)), body, TIMEOUT_MS);
}

static const char *
sender_shown (SchnackMessageRow *row)
{
  return gtk_label_get_text (GTK_LABEL (find_in (row, "message_sender_label")));
}

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

static void
peer_iq (SchnackTestPeer *peer,
         const char      *id,
         const char      *xml)
{
  g_autofree char *event = NULL;
  g_autofree char *type = NULL;

  g_assert_true (schnack_test_peer_send_raw (peer, xml, NULL));
  event = schnack_test_peer_wait_event_with (peer, "iq-result", "id", id, TIMEOUT_MS);
  g_assert_nonnull (event);
  type = schnack_test_json_get_string (event, "type");
  g_assert_cmpstr (type, ==, "result");
}

static char *
peer_disco_info (SchnackTestPeer *peer,
                 const char      *room_jid)
{
  g_autofree char *xml = g_strdup_printf ("<iq type='get' to='%s' id='info'>"
                                          "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>", room_jid);
  g_autofree char *event = NULL;

  g_assert_true (schnack_test_peer_send_raw (peer, xml, NULL));
  event = schnack_test_peer_wait_event_with (peer, "iq-result", "id", "info", TIMEOUT_MS);
  g_assert_nonnull (event);
  return schnack_test_json_get_string (event, "xml");
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

typedef struct {
  SchnackAccount   *account;
  const char       *room_jid;
  SchnackRoomState  state;
} RoomWait;

static gboolean
room_in_state (gpointer data)
{
  RoomWait *wait = data;
  SchnackRoom *room = schnack_room_list_find (schnack_account_get_rooms (wait->account), wait->room_jid);

  return room != NULL && schnack_room_get_state (room) == wait->state;
}

static gboolean
room_forgotten (gpointer data)
{
  RoomWait *wait = data;

  return schnack_room_list_find (schnack_account_get_rooms (wait->account), wait->room_jid) == NULL;
}

static SchnackRoom *
wait_room_joined (SchnackAccount *account,
                  const char     *room_jid)
{
  RoomWait wait = { account, room_jid, SCHNACK_ROOM_STATE_JOINED };

  g_assert_true (schnack_test_wait_until (room_in_state, &wait, TIMEOUT_MS));
  return schnack_room_list_find (schnack_account_get_rooms (account), room_jid);
}

typedef struct {
  Fixture    *fixture;
  const char *subtitle;
} TitleWait;

static gboolean
subtitle_is (gpointer data)
{
  TitleWait *wait = data;

  return g_strcmp0 (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (find_in (wait->fixture->me.window, "content_title"))),
                    wait->subtitle) == 0;
}

/* ------------------------------------------------------------ tests */

static void
test_join_from_public_list (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *local = g_strdup_printf ("halle-%u", (guint) getpid ());
  g_autofree char *room_jid = g_strdup_printf ("%s@" MUC, local);
  SchnackJoinRoomDialog *dialog;
  GtkWidget *list_view;
  GtkWidget *row_label;
  SchnackMessageRow *row;
  FindWait find;
  g_autofree char *event = NULL;
  g_autofree char *joined_note = NULL;
  g_autofree char *mention = NULL;
  LabelWait note;

  g_assert_true (schnack_test_prosody_create_room (server, local, NULL));
  dialog = schnack_window_show_join_room (fixture->me.window, NULL);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_in (dialog, "join_room_nick_row"))), ==, fixture->nick);

  /* The service is found and its public rooms listed; the filter narrows them. */
  list_view = find_in (dialog, "join_room_list_view");
  g_assert_true (schnack_test_wait_until (widget_visible, list_view, TIMEOUT_MS));
  schnack_test_type_text (find_in (dialog, "join_room_filter_entry"), local);
  find = (FindWait) { list_view, room_jid };
  g_assert_true (schnack_test_wait_until (label_shown, &find, TIMEOUT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)))), ==, 1);
  schnack_test_take_screenshot ("rooms-join-dialog.png");

  /* Picking it fills in the address; Join enters it and opens it. */
  row_label = find_label (list_view, room_jid);
  g_signal_emit_by_name (list_view, "activate", 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_in (dialog, "join_room_address_row"))), ==, room_jid);
  g_assert_nonnull (row_label);
  schnack_test_click (find_in (dialog, "join_room_join_button"));
  g_assert_true (schnack_test_wait_until (window_gone, GSIZE_TO_POINTER (SCHNACK_TYPE_JOIN_ROOM_DIALOG), TIMEOUT_MS));
  g_assert_true (schnack_test_wait_until (room_shown, fixture, TIMEOUT_MS));
  g_assert_cmpstr (schnack_chat_view_get_jid (chat_view (fixture)), ==, room_jid);

  /* What the peer says there shows under its nickname. */
  peer_join (fixture->peer, room_jid, fixture->peer_nick, NULL);
  /* Its coming is noted quietly above the composer. */
  joined_note = g_strdup_printf (_("%s joined"), fixture->peer_nick);
  note = (LabelWait) { find_in (chat_view (fixture), "chat_typing_label"), joined_note };
  g_assert_true (schnack_test_wait_until (label_contains, &note, TIMEOUT_MS));
  peer_send_groupchat (fixture->peer, room_jid, "Willkommen in der Halle");
  row = wait_for_message_row (fixture, "Willkommen in der Halle");
  g_assert_cmpstr (sender_shown (row), ==, fixture->peer_nick);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "mention"));

  /* A message naming us (any case, as a word) stands out. */
  mention = g_strdup_printf ("Hallo %s, schön dich zu sehen", fixture->nick);
  mention[6] = g_ascii_toupper (mention[6]);
  peer_send_groupchat (fixture->peer, room_jid, mention);
  row = wait_for_message_row (fixture, mention);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "mention"));
  schnack_test_take_screenshot ("rooms-joined.png");

  /* Leaving: out of the room, and the chat closes. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->me.window), "room.leave", NULL);
  g_assert_null (schnack_room_list_find (schnack_account_get_rooms (fixture->me.account), room_jid));
  g_assert_true (schnack_test_wait_until (room_closed, fixture, TIMEOUT_MS));
  event = schnack_test_peer_wait_event_with (fixture->peer, "presence", "type", "unavailable", TIMEOUT_MS);
  g_assert_nonnull (event);
}

static void
test_password_wrong_then_right (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *room_jid = new_room_jid ("tresor");
  g_autofree char *config = NULL;
  SchnackJoinRoomDialog *dialog;
  GtkWidget *error_label;
  GtkWidget *password;
  LabelWait wait;
  g_autofree char *subject = NULL;
  TitleWait title = { fixture, "<i>Tresor</i> & mehr" };

  /* The peer creates a room with a password. */
  peer_join (fixture->peer, room_jid, "boss", NULL);
  config = g_strdup_printf ("<iq type='set' to='%s' id='pwcfg'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                            "<x xmlns='jabber:x:data' type='submit'>"
                            "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>"
                            "<field var='muc#roomconfig_roomsecret'><value>richtig</value></field>"
                            "</x></query></iq>", room_jid);
  peer_iq (fixture->peer, "pwcfg", config);

  dialog = schnack_window_show_join_room (fixture->me.window, room_jid);
  error_label = find_in (dialog, "join_room_error_label");
  password = find_in (dialog, "join_room_password_entry");
  g_assert_false (gtk_widget_get_visible (find_in (dialog, "join_room_password_row")));

  /* Without a password: asked for one. */
  schnack_test_click (find_in (dialog, "join_room_join_button"));
  wait = (LabelWait) { error_label, _("This room is protected by a password. Enter it to join.") };
  g_assert_true (schnack_test_wait_until (label_contains, &wait, TIMEOUT_MS));
  g_assert_true (gtk_widget_get_visible (find_in (dialog, "join_room_password_row")));
  schnack_test_take_screenshot ("rooms-password-asked.png");

  /* A wrong one: said so. */
  schnack_test_type_text (password, "falsch");
  g_assert_true (schnack_test_wait_until (widget_sensitive, find_in (dialog, "join_room_join_button"), TIMEOUT_MS));
  gtk_label_set_text (GTK_LABEL (error_label), "");
  schnack_test_click (find_in (dialog, "join_room_join_button"));
  wait = (LabelWait) { error_label, _("This room needs a password, and the one given is not right.") };
  g_assert_true (schnack_test_wait_until (label_contains, &wait, TIMEOUT_MS));
  schnack_test_take_screenshot ("rooms-password-wrong.png");

  /* The right one: in. */
  schnack_test_type_text (password, "richtig");
  g_assert_true (schnack_test_wait_until (widget_sensitive, find_in (dialog, "join_room_join_button"), TIMEOUT_MS));
  schnack_test_click (find_in (dialog, "join_room_join_button"));
  g_assert_true (schnack_test_wait_until (window_gone, GSIZE_TO_POINTER (SCHNACK_TYPE_JOIN_ROOM_DIALOG), TIMEOUT_MS));
  g_assert_true (schnack_test_wait_until (room_shown, fixture, TIMEOUT_MS));
  g_assert_cmpstr (schnack_chat_view_get_jid (chat_view (fixture)), ==, room_jid);

  /* The owner sets a subject with markup in it: shown as typed, under the title. */
  subject = g_strdup_printf ("<message to='%s' type='groupchat'><subject>&lt;i&gt;Tresor&lt;/i&gt; &amp; mehr"
                             "</subject></message>", room_jid);
  g_assert_true (schnack_test_peer_send_raw (fixture->peer, subject, NULL));
  g_assert_true (schnack_test_wait_until (subtitle_is, &title, TIMEOUT_MS));
  /* A room without a name goes by the part of its address before the @. */
  {
    g_autofree char *local = g_strndup (room_jid, strchr (room_jid, '@') - room_jid);

    g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (find_in (fixture->me.window, "content_title"))),
                     ==, local);
  }
  schnack_test_take_screenshot ("rooms-subject.png");
}

static void
test_nickname_taken (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *room_jid = new_room_jid ("gedraenge");
  g_autofree char *instant = NULL;
  g_autofree char *other = g_strconcat (fixture->nick, "_", NULL);
  SchnackJoinRoomDialog *dialog;
  LabelWait wait;
  SchnackRoom *room;

  /* Someone already sits there under our nickname. */
  peer_join (fixture->peer, room_jid, fixture->nick, NULL);
  instant = g_strdup_printf ("<iq type='set' to='%s' id='instant'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                             "<x xmlns='jabber:x:data' type='submit'/></query></iq>", room_jid);
  peer_iq (fixture->peer, "instant", instant);

  dialog = schnack_window_show_join_room (fixture->me.window, room_jid);
  schnack_test_click (find_in (dialog, "join_room_join_button"));
  wait = (LabelWait) { find_in (dialog, "join_room_error_label"), other };
  g_assert_true (schnack_test_wait_until (label_contains, &wait, TIMEOUT_MS));
  /* Another nickname is offered in the field; joining with it works. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_in (dialog, "join_room_nick_row"))), ==, other);
  schnack_test_take_screenshot ("rooms-nickname-taken.png");
  g_assert_true (schnack_test_wait_until (widget_sensitive, find_in (dialog, "join_room_join_button"), TIMEOUT_MS));
  schnack_test_click (find_in (dialog, "join_room_join_button"));
  g_assert_true (schnack_test_wait_until (room_shown, fixture, TIMEOUT_MS));
  room = schnack_chat_view_get_room (chat_view (fixture));
  g_assert_cmpstr (schnack_room_get_nick (room), ==, other);
}

static void
wait_room_gone_on_server (SchnackTestPeer *peer,
                          const char      *room_jid)
{
  for (int i = 0; i < 50; i++)
    {
      g_autofree char *info = peer_disco_info (peer, room_jid);
      gint64 until = g_get_monotonic_time () + 200 * G_TIME_SPAN_MILLISECOND;

      if (strstr (info, "type=\"error\"") != NULL)
        return;
      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
    }
  g_assert_not_reached ();
}

static void
test_missing_room_created (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *local = g_strdup_printf ("werkstatt-%u", (guint) getpid ());
  g_autofree char *room_jid = g_strdup_printf ("%s@" MUC, local);
  g_autofree char *taken_jid = new_room_jid ("besetzt");
  g_autofree char *instant = NULL;
  SchnackJoinRoomDialog *dialog;
  SchnackCreateRoomDialog *create;
  GtkWidget *create_button;
  LabelWait wait;

  /* Just a name: a room on our service, which does not exist yet. */
  dialog = schnack_window_show_join_room (fixture->me.window, NULL);
  wait = (LabelWait) { find_in (dialog, "join_room_browse_label"), MUC };
  g_assert_true (schnack_test_wait_until (label_contains, &wait, TIMEOUT_MS));
  schnack_test_type_text (find_in (dialog, "join_room_address_row"), local);
  schnack_test_click (find_in (dialog, "join_room_join_button"));
  create_button = find_in (dialog, "join_room_create_button");
  g_assert_true (schnack_test_wait_until (widget_visible, create_button, TIMEOUT_MS));
  schnack_test_take_screenshot ("rooms-not-found.png");
  /* Nothing was left behind: the room is not ours. */
  g_assert_true (schnack_test_wait_until (room_forgotten, &(RoomWait) { fixture->me.account, room_jid, 0 },
                                          TIMEOUT_MS));

  /* Offered: create it, with its address filled in. */
  /* (Once the server has dropped the locked room our join made: creating
   * at once after leaving it is a known hang in the core.) */
  wait_room_gone_on_server (fixture->peer, room_jid);
  schnack_test_click (create_button);
  create = SCHNACK_CREATE_ROOM_DIALOG (schnack_test_find_window_of_type (SCHNACK_TYPE_CREATE_ROOM_DIALOG));
  g_assert_nonnull (create);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_in (create, "create_room_address_row"))), ==, room_jid);
  g_assert_true (schnack_test_wait_until (widget_sensitive, find_in (create, "create_room_create_button"), TIMEOUT_MS));
  schnack_test_click (find_in (create, "create_room_create_button"));
  g_assert_true (schnack_test_wait_until (room_shown, fixture, TIMEOUT_MS));
  g_assert_cmpstr (schnack_chat_view_get_jid (chat_view (fixture)), ==, room_jid);

  /* Creating at an address already in use: said so, and not left in that room. */
  peer_join (fixture->peer, taken_jid, "erster", NULL);
  instant = g_strdup_printf ("<iq type='set' to='%s' id='instant'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                             "<x xmlns='jabber:x:data' type='submit'/></query></iq>", taken_jid);
  peer_iq (fixture->peer, "instant", instant);
  create = schnack_window_show_create_room (fixture->me.window);
  schnack_test_type_text (find_in (create, "create_room_address_row"), taken_jid);
  g_assert_true (schnack_test_wait_until (widget_sensitive, find_in (create, "create_room_create_button"), TIMEOUT_MS));
  schnack_test_click (find_in (create, "create_room_create_button"));
  wait = (LabelWait) { find_in (create, "create_room_error_label"),
                       _("A room with this address exists already. Choose another address.") };
  g_assert_true (schnack_test_wait_until (label_contains, &wait, TIMEOUT_MS));
  g_assert_true (schnack_test_wait_until (room_forgotten, &(RoomWait) { fixture->me.account, taken_jid, 0 },
                                          TIMEOUT_MS));
  gtk_window_destroy (GTK_WINDOW (create));
}

typedef struct {
  SchnackRoom    *room;
  const char     *nick;
  SchnackMucRole  role;
} OccupantWait;

static gboolean
occupant_has_role (gpointer data)
{
  OccupantWait *wait = data;
  SchnackOccupant *occupant = schnack_occupant_list_find (schnack_room_get_occupants (wait->room), wait->nick);

  return occupant != NULL && schnack_occupant_get_role (occupant) == wait->role;
}

static GtkWidget *find_button (GtkWidget  *root,
                               const char *label);

/* Types @text into the open one-line question and confirms it. */
static void
answer_question (const char *text)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (schnack_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG));

  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), text);
  schnack_test_take_screenshot ("rooms-question.png");
  adw_message_dialog_response (dialog, "confirm");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
is_owner (gpointer data)
{
  return schnack_room_get_affiliation (data) == SCHNACK_MUC_AFFILIATION_OWNER;
}

static GtkWidget *
find_entry (GtkWidget  *root,
            const char *text)
{
  if (ADW_IS_ENTRY_ROW (root) && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_entry (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct {
  GtkWidget  *root;
  const char *text;
} EntryWait;

static gboolean
entry_shown (gpointer data)
{
  EntryWait *wait = data;

  return find_entry (wait->root, wait->text) != NULL;
}


static gboolean
address_suggested (gpointer data)
{
  return strchr (gtk_editable_get_text (GTK_EDITABLE (data)), '@') != NULL;
}

static void
test_create_moderated_room_and_give_voice (Fixture       *fixture,
                                           gconstpointer  data)
{
  g_autofree char *name = g_strdup_printf ("Geheimrat %u", (guint) getpid ());
  g_autofree char *room_jid = g_strdup_printf ("geheimrat-%u@" MUC, (guint) getpid ());
  SchnackCreateRoomDialog *dialog;
  GtkWidget *address;
  SchnackRoom *room;
  SchnackOccupantListView *occupants;
  g_auto(GStrv) actions = NULL;
  SchnackMessageRow *row;
  OccupantWait wait;
  FindWait find;
  g_autoptr(GError) error = NULL;
  g_autofree char *event = NULL;
  SchnackConversation *conversation;
  GtkWidget *settings;
  EntryWait edit;
  g_autofree char *info = NULL;
  g_autofree char *event_ban = NULL;
  g_autofree char *invited = NULL;
  g_autofree char *typo = NULL;
  SchnackRoomInviteDialog *invite;

  /* From the Chats pane's menu, as a user would. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->me.window), "win.create-room", NULL);
  dialog = SCHNACK_CREATE_ROOM_DIALOG (schnack_test_find_window_of_type (SCHNACK_TYPE_CREATE_ROOM_DIALOG));
  g_assert_nonnull (dialog);
  schnack_test_type_text (find_in (dialog, "create_room_name_row"), name);
  address = find_in (dialog, "create_room_address_row");
  g_assert_true (schnack_test_wait_until (address_suggested, address, TIMEOUT_MS));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (address)), ==, room_jid);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_in (dialog, "create_room_public_toggle")), TRUE);
  gtk_switch_set_active (GTK_SWITCH (find_in (dialog, "create_room_password_switch")), TRUE);
  g_assert_false (gtk_widget_is_sensitive (find_in (dialog, "create_room_create_button")));
  schnack_test_type_text (find_in (dialog, "create_room_password_entry"), "sesam");
  gtk_switch_set_active (GTK_SWITCH (find_in (dialog, "create_room_moderated_switch")), TRUE);
  schnack_test_take_screenshot ("rooms-create-dialog.png");
  schnack_test_click (find_in (dialog, "create_room_create_button"));
  g_assert_true (schnack_test_wait_until (window_gone, GSIZE_TO_POINTER (SCHNACK_TYPE_CREATE_ROOM_DIALOG),
                                          TIMEOUT_MS));
  g_assert_true (schnack_test_wait_until (room_shown, fixture, TIMEOUT_MS));
  room = schnack_chat_view_get_room (chat_view (fixture));
  g_assert_cmpstr (schnack_room_get_jid (room), ==, room_jid);
  /* In the chats it goes by its name. */
  find = (FindWait) { find_in (fixture->me.window, "conversations_list_view"), name };
  g_assert_true (schnack_test_wait_until (label_shown, &find, TIMEOUT_MS));
  g_assert_cmpint (schnack_room_get_affiliation (room), ==, SCHNACK_MUC_AFFILIATION_OWNER);

  /* The peer needs the password; in a moderated room it arrives without voice. */
  peer_join (fixture->peer, room_jid, fixture->peer_nick, "sesam");
  wait = (OccupantWait) { room, fixture->peer_nick, SCHNACK_MUC_ROLE_VISITOR };
  g_assert_true (schnack_test_wait_until (occupant_has_role, &wait, TIMEOUT_MS));

  /* The occupant panel lists the peer; its menu offers voice. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_in (fixture->me.window, "room_occupants_button")), TRUE);
  occupants = SCHNACK_OCCUPANT_LIST_VIEW (find_in (fixture->me.window, "room_occupant_list_view"));
  find = (FindWait) { GTK_WIDGET (occupants), fixture->peer_nick };
  g_assert_true (schnack_test_wait_until (label_shown, &find, TIMEOUT_MS));
  actions = schnack_occupant_list_view_dup_actions_for (occupants, fixture->peer_nick);
  g_assert_true (g_strv_contains ((const char * const *) actions, "occupant.voice"));
  g_assert_true (g_strv_contains ((const char * const *) actions, "occupant.kick"));
  g_assert_true (g_strv_contains ((const char * const *) actions, "occupant.ban"));
  g_assert_false (g_strv_contains ((const char * const *) actions, "occupant.revoke-voice"));
  schnack_test_take_screenshot ("rooms-occupants-visitor.png");
  gtk_widget_activate_action (GTK_WIDGET (find_label (GTK_WIDGET (occupants), fixture->peer_nick)),
                              "occupant.voice", "s", fixture->peer_nick);
  wait.role = SCHNACK_MUC_ROLE_PARTICIPANT;
  g_assert_true (schnack_test_wait_until (occupant_has_role, &wait, TIMEOUT_MS));
  g_clear_pointer (&actions, g_strfreev);
  actions = schnack_occupant_list_view_dup_actions_for (occupants, fixture->peer_nick);
  g_assert_true (g_strv_contains ((const char * const *) actions, "occupant.revoke-voice"));

  /* Made a member from the same menu: the badge says so. */
  gtk_widget_activate_action (GTK_WIDGET (find_label (GTK_WIDGET (occupants), fixture->peer_nick)),
                              "occupant.member", "s", fixture->peer_nick);
  find = (FindWait) { GTK_WIDGET (occupants), _("Member") };
  g_assert_true (schnack_test_wait_until (label_shown, &find, TIMEOUT_MS));

  /* With voice the peer writes; the message shows under its nickname. */
  peer_send_groupchat (fixture->peer, room_jid, "Danke für das Wort");
  row = wait_for_message_row (fixture, "Danke für das Wort");
  g_assert_cmpstr (sender_shown (row), ==, fixture->peer_nick);

  /* Our own message goes to the room under our nickname. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (schnack_composer_get_text_view (
                              SCHNACK_COMPOSER (schnack_chat_view_get_composer (chat_view (fixture))))),
                            "Gern geschehen", -1);
  g_signal_emit_by_name (schnack_chat_view_get_composer (chat_view (fixture)), "send", "Gern geschehen");
  event = schnack_test_peer_wait_event_with (fixture->peer, "message", "body", "Gern geschehen", TIMEOUT_MS);
  g_assert_nonnull (event);
  row = wait_for_message_row (fixture, "Gern geschehen");
  g_assert_cmpstr (sender_shown (row), ==, fixture->nick);
  schnack_test_take_screenshot ("rooms-moderated-room.png");

  /* Inviting someone who is no contact, by address, from the room menu:
   * a typo is pointed out, a wrong address taken back; the right one
   * gets the invitation. */
  schnack_test_peer_flush_events (fixture->peer);
  gtk_widget_activate_action (GTK_WIDGET (fixture->me.window), "room.invite", NULL);
  invite = SCHNACK_ROOM_INVITE_DIALOG (schnack_test_find_window_of_type (SCHNACK_TYPE_ROOM_INVITE_DIALOG));
  g_assert_nonnull (invite);
  typo = g_strdup_printf ("%s@@localhost", fixture->peer_nick);
  schnack_test_type_text (find_in (invite, "invite_search_entry"), typo);
  g_signal_emit_by_name (find_in (invite, "invite_search_entry"), "activate");
  g_assert_true (gtk_widget_get_visible (find_in (invite, "invite_address_error_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_in (invite, "invite_address_error_label"))),
                            _("This is not a Jabber ID")));
  g_assert_false (gtk_widget_is_sensitive (find_in (invite, "invite_send_button")));
  schnack_test_take_screenshot ("rooms-invite-typo.png");
  schnack_test_type_text (find_in (invite, "invite_search_entry"), "niemand@localhost");
  g_assert_false (gtk_widget_get_visible (find_in (invite, "invite_address_error_label")));
  schnack_test_click (find_in (invite, "invite_address_button"));
  g_assert_true (gtk_widget_is_sensitive (find_in (invite, "invite_send_button")));
  schnack_test_click (pick_button (invite, "niemand@localhost"));
  g_assert_false (gtk_widget_is_sensitive (find_in (invite, "invite_send_button")));
  schnack_test_type_text (find_in (invite, "invite_search_entry"), fixture->peer_jid);
  schnack_test_click (find_in (invite, "invite_address_button"));
  g_assert_nonnull (pick_button (invite, fixture->peer_jid));
  g_assert_true (schnack_test_wait_until (widget_visible, pick_button (invite, fixture->peer_jid), TIMEOUT_MS));
  g_assert_null (find_label (find_in (invite, "invite_chosen_flow"), "niemand@localhost"));
  schnack_test_click (find_in (invite, "invite_send_button"));
  g_assert_true (schnack_test_wait_until (window_gone, GSIZE_TO_POINTER (SCHNACK_TYPE_ROOM_INVITE_DIALOG),
                                          TIMEOUT_MS));
  invited = schnack_test_peer_wait_event (fixture->peer, "invite", TIMEOUT_MS);
  g_assert_nonnull (invited);
  g_assert_nonnull (strstr (invited, room_jid));

  /* The owner renames the room through the full configuration form. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->me.window), "room.settings", NULL);
  settings = schnack_test_find_window_of_type (SCHNACK_TYPE_ROOM_SETTINGS_DIALOG);
  g_assert_nonnull (settings);
  edit = (EntryWait) { settings, name };
  g_assert_true (schnack_test_wait_until (entry_shown, &edit, TIMEOUT_MS));
  schnack_test_take_screenshot ("rooms-settings.png");
  gtk_editable_set_text (GTK_EDITABLE (find_entry (settings, name)), "Kleiner Rat");
  g_signal_emit_by_name (find_button (settings, _("_Save")), "clicked");
  g_assert_true (schnack_test_wait_until (window_gone, GSIZE_TO_POINTER (SCHNACK_TYPE_ROOM_SETTINGS_DIALOG),
                                          TIMEOUT_MS));
  /* The service has the new name (ask it as the peer does). */
  info = peer_disco_info (fixture->peer, room_jid);
  g_assert_nonnull (strstr (info, "Kleiner Rat"));

  /* Banned with a reason from the occupant menu: the peer is told why. */
  schnack_test_peer_flush_events (fixture->peer);
  gtk_widget_activate_action (GTK_WIDGET (find_label (GTK_WIDGET (occupants), fixture->peer_nick)),
                              "occupant.ban", "s", fixture->peer_nick);
  answer_question ("Genug gesagt");
  event_ban = schnack_test_peer_wait_event_with (fixture->peer, "presence", "type", "unavailable", TIMEOUT_MS);
  g_assert_nonnull (event_ban);
  g_assert_nonnull (strstr (event_ban, "301"));
  g_assert_nonnull (strstr (event_ban, "Genug gesagt"));

  /* A restart: back in the room by itself (bookmark with autojoin). */
  schnack_test_account_window_close (&fixture->me);
  schnack_test_account_window_open (&fixture->me, FALSE);
  room = wait_room_joined (fixture->me.account, room_jid);
  g_assert_nonnull (room);
  conversation = schnack_conversation_list_find (schnack_account_get_conversations (fixture->me.account), room_jid);
  g_assert_nonnull (conversation);
  g_assert_cmpint (schnack_conversation_get_kind (conversation), ==, SCHNACK_CONVERSATION_KIND_GROUPCHAT);
  schnack_window_open_conversation (fixture->me.window, fixture->me.account, room_jid);
  g_assert_true (schnack_test_wait_until (room_shown, fixture, TIMEOUT_MS));
  g_assert_no_error (error);
  /* Its row is named after it, though the room came back after the list was shown. */
  find = (FindWait) { find_in (fixture->me.window, "conversations_list_view"), "Kleiner Rat" };
  g_assert_true (schnack_test_wait_until (label_shown, &find, TIMEOUT_MS));

  /* The owner destroys the room: gone from the list, its chat closed. */
  g_assert_true (schnack_test_wait_until (is_owner, room, TIMEOUT_MS));
  gtk_widget_activate_action (GTK_WIDGET (fixture->me.window), "room.destroy", NULL);
  answer_question ("");
  g_assert_true (schnack_test_wait_until (room_closed, fixture, TIMEOUT_MS));
  g_assert_null (schnack_room_list_find (schnack_account_get_rooms (fixture->me.account), room_jid));
  g_clear_pointer (&info, g_free);
  info = peer_disco_info (fixture->peer, room_jid);
  /* Prosody remembers a destroyed room as <gone/>. */
  g_assert_nonnull (strstr (info, "type=\"error\""));
  g_assert_true (strstr (info, "gone") != NULL || strstr (info, "item-not-found") != NULL);
}

static gboolean
invites_shown (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data));
}

static gboolean
invites_hidden (gpointer data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (data));
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_invite_answered (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *room_jid = new_room_jid ("einladung");
  g_autofree char *other_jid = new_room_jid ("zweite");
  g_autofree char *declined = NULL;
  g_autofree char *invite = NULL;
  g_autofree char *instant = NULL;
  GtkWidget *invites;
  GtkWidget *join;
  FindWait find;

  peer_join (fixture->peer, room_jid, "gastgeber", NULL);
  instant = g_strdup_printf ("<iq type='set' to='%s' id='instant'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                             "<x xmlns='jabber:x:data' type='submit'/></query></iq>", room_jid);
  peer_iq (fixture->peer, "instant", instant);
  invite = g_strdup_printf ("<message to='%s'><x xmlns='jabber:x:conference' jid='%s' reason='Komm &lt;b&gt;rein&lt;/b&gt;'/></message>",
                            fixture->me.jid, room_jid);
  g_assert_true (schnack_test_peer_send_raw (fixture->peer, invite, NULL));

  invites = find_in (fixture->me.window, "conversations_invites_box");
  g_assert_true (schnack_test_wait_until (invites_shown, invites, TIMEOUT_MS));
  /* Nothing joined until the user says so. */
  g_assert_null (schnack_room_list_find (schnack_account_get_rooms (fixture->me.account), room_jid));
  /* The reason is network text, shown as typed. */
  find = (FindWait) { invites, "Komm <b>rein</b>" };
  g_assert_true (schnack_test_wait_until (label_shown, &find, TIMEOUT_MS));
  schnack_test_take_screenshot ("rooms-invite.png");

  join = find_button (invites, _("_Join"));
  g_assert_nonnull (join);
  schnack_test_click (join);
  wait_room_joined (fixture->me.account, room_jid);
  g_assert_true (schnack_test_wait_until (invites_hidden, invites, TIMEOUT_MS));
  g_assert_true (schnack_test_wait_until (room_shown, fixture, TIMEOUT_MS));
  g_assert_cmpstr (schnack_chat_view_get_jid (chat_view (fixture)), ==, room_jid);

  /* An invitation through a room (mediated), declined: the inviter is told. */
  peer_join (fixture->peer, other_jid, "gastgeber", NULL);
  g_clear_pointer (&instant, g_free);
  instant = g_strdup_printf ("<iq type='set' to='%s' id='instant'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                             "<x xmlns='jabber:x:data' type='submit'/></query></iq>", other_jid);
  peer_iq (fixture->peer, "instant", instant);
  g_clear_pointer (&invite, g_free);
  invite = g_strdup_printf ("<message to='%s'><x xmlns='http://jabber.org/protocol/muc#user'>"
                            "<invite to='%s'><reason>Noch einer</reason></invite></x></message>",
                            other_jid, fixture->me.jid);
  g_assert_true (schnack_test_peer_send_raw (fixture->peer, invite, NULL));
  g_assert_true (schnack_test_wait_until (invites_shown, invites, TIMEOUT_MS));
  schnack_test_click (find_button (invites, _("_Decline")));
  g_assert_true (schnack_test_wait_until (invites_hidden, invites, TIMEOUT_MS));
  declined = schnack_test_peer_wait_event (fixture->peer, "decline", TIMEOUT_MS);
  g_assert_nonnull (declined);
  g_assert_null (schnack_room_list_find (schnack_account_get_rooms (fixture->me.account), other_jid));
}

typedef struct {
  SchnackRoomMembersDialog *dialog;
  SchnackMucAffiliation     affiliation;
  const char               *jid;
  gboolean                  listed;
} ListedWait;

static gboolean
listed_as (gpointer data)
{
  ListedWait *wait = data;
  g_auto(GStrv) jids = NULL;

  if (schnack_room_members_dialog_is_busy (wait->dialog))
    return FALSE;
  jids = schnack_room_members_dialog_dup_listed (wait->dialog, wait->affiliation);
  return g_strv_contains ((const char * const *) jids, wait->jid) == wait->listed;
}

/* The owner of a private group keeps its lists from the room menu:
 * adds a member and bans someone, then takes the member off again —
 * each list as the room itself reports it. */
static void
test_member_lists (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *name = g_strdup_printf ("Verein %u", (guint) getpid ());
  g_autofree char *room_jid = g_strdup_printf ("verein-%u@" MUC, (guint) getpid ());
  SchnackCreateRoomDialog *create = schnack_window_show_create_room (fixture->me.window);
  SchnackRoomMembersDialog *dialog;
  GtkWidget *address;
  ListedWait wait;

  schnack_test_type_text (find_in (create, "create_room_name_row"), name);
  address = find_in (create, "create_room_address_row");
  g_assert_true (schnack_test_wait_until (address_suggested, address, TIMEOUT_MS));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_in (create, "create_room_private_toggle")), TRUE);
  g_assert_true (schnack_test_wait_until (widget_sensitive, find_in (create, "create_room_create_button"), TIMEOUT_MS));
  schnack_test_click (find_in (create, "create_room_create_button"));
  g_assert_true (schnack_test_wait_until (room_shown, fixture, TIMEOUT_MS));
  g_assert_cmpstr (schnack_room_get_jid (schnack_chat_view_get_room (chat_view (fixture))), ==, room_jid);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->me.window), "room.members", NULL));
  dialog = SCHNACK_ROOM_MEMBERS_DIALOG (schnack_test_find_window_of_type (SCHNACK_TYPE_ROOM_MEMBERS_DIALOG));
  g_assert_nonnull (dialog);
  wait = (ListedWait) { dialog, SCHNACK_MUC_AFFILIATION_OWNER, fixture->me.jid, TRUE };
  g_assert_true (schnack_test_wait_until (listed_as, &wait, TIMEOUT_MS));

  schnack_room_members_dialog_add (dialog, SCHNACK_MUC_AFFILIATION_MEMBER, fixture->peer_jid);
  wait = (ListedWait) { dialog, SCHNACK_MUC_AFFILIATION_MEMBER, fixture->peer_jid, TRUE };
  g_assert_true (schnack_test_wait_until (listed_as, &wait, TIMEOUT_MS));
  schnack_room_members_dialog_add (dialog, SCHNACK_MUC_AFFILIATION_OUTCAST, "spam@localhost");
  wait = (ListedWait) { dialog, SCHNACK_MUC_AFFILIATION_OUTCAST, "spam@localhost", TRUE };
  g_assert_true (schnack_test_wait_until (listed_as, &wait, TIMEOUT_MS));
  schnack_test_take_screenshot ("rooms-member-lists.png");

  /* A typo is refused before it reaches the room. */
  schnack_room_members_dialog_add (dialog, SCHNACK_MUC_AFFILIATION_MEMBER, "not a jid@@");
  g_assert_false (schnack_room_members_dialog_is_busy (dialog));

  schnack_room_members_dialog_remove (dialog, SCHNACK_MUC_AFFILIATION_MEMBER, fixture->peer_jid);
  wait = (ListedWait) { dialog, SCHNACK_MUC_AFFILIATION_MEMBER, fixture->peer_jid, FALSE };
  g_assert_true (schnack_test_wait_until (listed_as, &wait, TIMEOUT_MS));
  wait = (ListedWait) { dialog, SCHNACK_MUC_AFFILIATION_OUTCAST, "spam@localhost", TRUE };
  g_assert_true (schnack_test_wait_until (listed_as, &wait, TIMEOUT_MS));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
on_contact_added (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (schnack_contact_list_add_contact_finish (SCHNACK_CONTACT_LIST (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
add_contact (Fixture    *fixture,
             const char *jid,
             const char *name)
{
  gboolean added = FALSE;

  schnack_contact_list_add_contact_async (schnack_account_get_contacts (fixture->me.account), jid, name, NULL,
                                          NULL, on_contact_added, &added);
  g_assert_true (schnack_test_wait_until (flag_set, &added, TIMEOUT_MS));
}

typedef struct {
  SchnackRoom *room;
  const char  *nick;
} RealJidWait;

static gboolean
real_jid_known (gpointer data)
{
  RealJidWait *wait = data;
  SchnackOccupant *occupant = schnack_occupant_list_find (schnack_room_get_occupants (wait->room), wait->nick);

  return occupant != NULL && schnack_occupant_get_real_jid (occupant) != NULL;
}

static gboolean
n_listed_is_one (gpointer data)
{
  return g_list_model_get_n_items (schnack_room_invite_dialog_get_contacts (data)) == 1;
}

/* The owner picks a contact from the invite dialog's filtered list:
 * names shown as typed, one already in the room marked, the reason
 * carried along to the invited peer. */
static void
test_invite_picked_contact (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *name = g_strdup_printf ("Stammtisch %u", (guint) getpid ());
  g_autofree char *room_jid = g_strdup_printf ("stammtisch-%u@" MUC, (guint) getpid ());
  g_autofree char *carla_jid = schnack_test_register_user (server, "carla", PASSWORD);
  g_autofree char *carla_nick = local_part (carla_jid);
  g_autoptr(SchnackTestPeer) carla = NULL;
  g_autofree char *invited = NULL;
  SchnackCreateRoomDialog *create;
  SchnackRoomInviteDialog *dialog;
  GtkWidget *list_view;
  GListModel *listed;
  RealJidWait known;
  FindWait find;

  add_contact (fixture, fixture->peer_jid, "Berta <b>Bunt</b>");
  add_contact (fixture, carla_jid, "Carla");

  create = schnack_window_show_create_room (fixture->me.window);
  schnack_test_type_text (find_in (create, "create_room_name_row"), name);
  g_assert_true (schnack_test_wait_until (address_suggested, find_in (create, "create_room_address_row"), TIMEOUT_MS));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_in (create, "create_room_public_toggle")), TRUE);
  g_assert_true (schnack_test_wait_until (widget_sensitive, find_in (create, "create_room_create_button"), TIMEOUT_MS));
  schnack_test_click (find_in (create, "create_room_create_button"));
  g_assert_true (schnack_test_wait_until (room_shown, fixture, TIMEOUT_MS));
  g_assert_cmpstr (schnack_room_get_jid (schnack_chat_view_get_room (chat_view (fixture))), ==, room_jid);

  /* Carla is there already; as its owner we see who she is. */
  carla = schnack_test_peer_start (server, carla_jid, PASSWORD, NULL);
  g_assert_nonnull (carla);
  peer_join (carla, room_jid, carla_nick, NULL);
  known = (RealJidWait) { schnack_chat_view_get_room (chat_view (fixture)), carla_nick };
  g_assert_true (schnack_test_wait_until (real_jid_known, &known, TIMEOUT_MS));

  gtk_widget_activate_action (GTK_WIDGET (fixture->me.window), "room.invite", NULL);
  dialog = SCHNACK_ROOM_INVITE_DIALOG (schnack_test_find_window_of_type (SCHNACK_TYPE_ROOM_INVITE_DIALOG));
  g_assert_nonnull (dialog);
  listed = schnack_room_invite_dialog_get_contacts (dialog);
  list_view = find_in (dialog, "invite_contact_list_view");
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 2);
  /* The name is network text: shown as typed, not as markup. */
  find = (FindWait) { list_view, "Berta <b>Bunt</b>" };
  g_assert_true (schnack_test_wait_until (label_shown, &find, TIMEOUT_MS));
  find = (FindWait) { list_view, _("In the room") };
  g_assert_true (schnack_test_wait_until (label_shown, &find, TIMEOUT_MS));
  g_assert_false (gtk_widget_is_sensitive (find_in (dialog, "invite_send_button")));
  schnack_test_take_screenshot ("rooms-invite-dialog.png");

  /* Typing narrows the list; picking the one left. */
  schnack_test_type_text (find_in (dialog, "invite_search_entry"), "BUNT");
  g_assert_true (schnack_test_wait_until (n_listed_is_one, dialog, TIMEOUT_MS));
  g_signal_emit_by_name (list_view, "activate", 0);
  g_assert_true (schnack_test_wait_until (widget_visible, pick_button (dialog, "Berta <b>Bunt</b>"), TIMEOUT_MS));
  g_assert_true (gtk_widget_is_sensitive (find_in (dialog, "invite_send_button")));
  schnack_test_type_text (find_in (dialog, "invite_reason_row"), "Komm zum Stammtisch");
  schnack_test_take_screenshot ("rooms-invite-picked.png");

  schnack_test_peer_flush_events (fixture->peer);
  schnack_test_click (find_in (dialog, "invite_send_button"));
  g_assert_true (schnack_test_wait_until (window_gone, GSIZE_TO_POINTER (SCHNACK_TYPE_ROOM_INVITE_DIALOG),
                                          TIMEOUT_MS));
  invited = schnack_test_peer_wait_event (fixture->peer, "invite", TIMEOUT_MS);
  g_assert_nonnull (invited);
  g_assert_nonnull (strstr (invited, room_jid));
  g_assert_nonnull (strstr (invited, "Komm zum Stammtisch"));
  /* Carla, in the room, got none. */
  g_clear_pointer (&invited, g_free);
  invited = schnack_test_peer_wait_event (carla, "invite", 500);
  g_assert_null (invited);
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

static SchnackComposer *
room_composer (Fixture *fixture)
{
  return SCHNACK_COMPOSER (schnack_chat_view_get_composer (chat_view (fixture)));
}

static void
type_and_send (Fixture    *fixture,
               const char *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (schnack_composer_get_text_view (room_composer (fixture)));

  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
  schnack_composer_send (room_composer (fixture));
}

typedef struct {
  Fixture    *fixture;
  const char *body;
  const char *label_id;
  const char *text;   /* NULL: only visible */
} RowLabelWait;

static gboolean
row_label_shows (gpointer data)
{
  RowLabelWait *wait = data;
  SchnackMessageRow *row = schnack_test_find_message_row (GTK_WIDGET (chat_view (wait->fixture)), wait->body);
  GtkWidget *label = row != NULL ? schnack_test_find_widget (GTK_WIDGET (row), wait->label_id) : NULL;

  return label != NULL && gtk_widget_get_visible (label) &&
         (wait->text == NULL || strstr (gtk_label_get_text (GTK_LABEL (label)), wait->text) != NULL);
}

static void
assert_row_label (Fixture    *fixture,
                  const char *body,
                  const char *label_id,
                  const char *text)
{
  RowLabelWait wait = { fixture, body, label_id, text };

  if (!schnack_test_wait_until (row_label_shows, &wait, TIMEOUT_MS))
    g_error ("The row \"%s\" does not show %s \"%s\"", body, label_id, text ? text : "");
}

static gboolean
retract_dialog_shown (gpointer data)
{
  return schnack_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

typedef struct {
  Fixture    *fixture;
  const char *body;
} OwnRowWait;

/* Others can name our message once the room gave it its id. */
static gboolean
own_row_has_id (gpointer data)
{
  OwnRowWait *wait = data;
  SchnackMessageRow *row = schnack_test_find_message_row (GTK_WIDGET (chat_view (wait->fixture)), wait->body);
  SchnackChatMessage *message = row != NULL ? schnack_message_row_get_message (row) : NULL;

  return message != NULL && schnack_chat_message_get_record (message)->stanza_id != NULL;
}

typedef struct {
  SchnackAccount *account;
  const char     *jid;
} ConversationWait;

static gboolean
has_conversation (gpointer data)
{
  ConversationWait *wait = data;

  return schnack_conversation_list_find (schnack_account_get_conversations (wait->account), wait->jid) != NULL;
}

/* In a room, as in a chat: the message menu and the Up key answer,
 * correct, react and delete for everyone, with the ids the others'
 * clients look for; what the others change shows on their message. */
static void
test_message_actions (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *room_jid = new_room_jid ("aktionen");
  g_autofree char *question_id = NULL;
  g_autofree char *own_stanza_id = NULL;
  g_autofree char *event = NULL;
  g_autofree char *value = NULL;
  g_autofree char *command = NULL;
  g_autofree char *text = NULL;
  g_autofree char *occupant = NULL;
  SchnackMessageRow *row;
  OwnRowWait own = { fixture, "Bin dabi" };
  ConversationWait conversation;
  GtkWidget *dialog;

  g_assert_true (schnack_test_prosody_create_room (server, room_jid, NULL));
  occupant = g_strdup_printf ("%s/%s", room_jid, fixture->peer_nick);
  peer_join (fixture->peer, room_jid, fixture->peer_nick, NULL);
  schnack_room_list_join (schnack_account_get_rooms (fixture->me.account), room_jid, fixture->nick, NULL);
  wait_room_joined (fixture->me.account, room_jid);
  question_id = peer_say (fixture->peer, room_jid, "frage-1", "Wer kommt mit?");
  g_assert_nonnull (question_id);
  conversation = (ConversationWait) { fixture->me.account, room_jid };
  g_assert_true (schnack_test_wait_until (has_conversation, &conversation, TIMEOUT_MS));
  schnack_window_open_conversation (fixture->me.window, fixture->me.account, room_jid);
  g_assert_true (schnack_test_wait_until (room_shown, fixture, TIMEOUT_MS));
  row = wait_for_message_row (fixture, "Wer kommt mit?");

  /* Reply from the menu: the room's stanza-id, the author's occupant JID. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "message.reply", NULL));
  type_and_send (fixture, "Ich!");
  event = schnack_test_peer_wait_event_with (fixture->peer, "message", "reply_id", question_id, TIMEOUT_MS);
  g_assert_nonnull (event);
  value = schnack_test_json_get_string (event, "reply_to");
  g_assert_cmpstr (value, ==, occupant);
  g_clear_pointer (&value, g_free);
  value = schnack_test_json_get_string (event, "type");
  g_assert_cmpstr (value, ==, "groupchat");
  assert_row_label (fixture, "Ich!", "message_reply_label", "Wer kommt mit?");
  assert_row_label (fixture, "Ich!", "message_reply_label", fixture->peer_nick);

  /* A typo: Up brings it back, the correction names its id. */
  type_and_send (fixture, "Bin dabi");
  g_clear_pointer (&event, g_free);
  event = schnack_test_peer_wait_event_with (fixture->peer, "message", "body", "Bin dabi", TIMEOUT_MS);
  g_assert_nonnull (event);
  g_clear_pointer (&value, g_free);
  value = schnack_test_json_get_string (event, "id");
  own_stanza_id = schnack_test_json_get_string (event, "stanza_id");
  g_assert_true (schnack_test_wait_until (own_row_has_id, &own, TIMEOUT_MS));
  g_signal_emit_by_name (room_composer (fixture), "edit-last");
  text = schnack_composer_dup_text (room_composer (fixture));
  g_assert_cmpstr (text, ==, "Bin dabi");
  schnack_composer_set_text (room_composer (fixture), "Bin dabei");
  schnack_composer_send (room_composer (fixture));
  g_clear_pointer (&event, g_free);
  event = schnack_test_peer_wait_event_with (fixture->peer, "message", "replace_id", value, TIMEOUT_MS);
  g_assert_nonnull (event);
  assert_row_label (fixture, "Bin dabei", "message_edited_label", NULL);

  /* A reaction from the menu names the room's stanza-id. */
  row = wait_for_message_row (fixture, "Wer kommt mit?");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "message.react", "s", "👍"));
  g_clear_pointer (&event, g_free);
  event = schnack_test_peer_wait_event_with (fixture->peer, "message-nobody", "reactions_to", question_id,
                                             TIMEOUT_MS);
  g_assert_nonnull (event);
  assert_row_label (fixture, "Wer kommt mit?", "message_reactions_label", "👍 1");

  /* The peer corrects its question: the same row changes. */
  command = g_strdup_printf ("{\"cmd\":\"correct\",\"to\":\"%s\",\"type\":\"groupchat\",\"replace_id\":\"frage-1\","
                             "\"body\":\"Wer kommt heute mit?\"}", room_jid);
  g_assert_true (schnack_test_peer_command (fixture->peer, command, NULL));
  assert_row_label (fixture, "Wer kommt heute mit?", "message_edited_label", NULL);
  assert_row_label (fixture, "Wer kommt heute mit?", "message_reactions_label", "👍 1");
  schnack_test_take_screenshot ("rooms-message-actions.png");

  /* Delete ours for everyone, after a confirmation. */
  row = wait_for_message_row (fixture, "Bin dabei");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "message.retract", NULL));
  g_assert_true (schnack_test_wait_until (retract_dialog_shown, NULL, TIMEOUT_MS));
  dialog = schnack_test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_pointer (&event, g_free);
  event = schnack_test_peer_wait_event_with (fixture->peer, "message", "retract_id", own_stanza_id, TIMEOUT_MS);
  g_assert_nonnull (event);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  const char *localedir = g_getenv ("SCHNACK_LOCALEDIR");
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
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, "gtk-enable-animations", FALSE, NULL);
  /* For screenshots in another language (LANGUAGE=de). */
  if (localedir != NULL)
    {
      /* gtk_test_init() pins the locale to en_US, or C without it. */
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  server = schnack_test_prosody_start (NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/rooms-ui/join-from-public-list", Fixture, NULL,
              fixture_set_up, test_join_from_public_list, fixture_tear_down);
  g_test_add ("/rooms-ui/password-wrong-then-right", Fixture, NULL,
              fixture_set_up, test_password_wrong_then_right, fixture_tear_down);
  g_test_add ("/rooms-ui/missing-room-created", Fixture, NULL,
              fixture_set_up, test_missing_room_created, fixture_tear_down);
  g_test_add ("/rooms-ui/nickname-taken", Fixture, NULL,
              fixture_set_up, test_nickname_taken, fixture_tear_down);
  g_test_add ("/rooms-ui/create-moderated-room-and-give-voice", Fixture, NULL,
              fixture_set_up, test_create_moderated_room_and_give_voice, fixture_tear_down);
  g_test_add ("/rooms-ui/member-lists", Fixture, NULL,
              fixture_set_up, test_member_lists, fixture_tear_down);
  g_test_add ("/rooms-ui/invite-picked-contact", Fixture, NULL,
              fixture_set_up, test_invite_picked_contact, fixture_tear_down);
  g_test_add ("/rooms-ui/invite-answered", Fixture, NULL,
              fixture_set_up, test_invite_answered, fixture_tear_down);
  g_test_add ("/rooms-ui/message-actions", Fixture, NULL,
              fixture_set_up, test_message_actions, fixture_tear_down);

  status = g_test_run ();
  schnack_test_prosody_free (server);
  return status;
}
