/* ui-test-util.c — finding and driving widgets in in-process UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ui-test-util.h"

#include "connection-test-util.h"

/* Template children keep the id they have in the .ui file. */
GtkWidget *
schnack_test_find_widget (GtkWidget  *root,
                          const char *buildable_id)
{
  const char *id;

  if (root == NULL)
    return NULL;
  id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (root));
  if (g_strcmp0 (id, buildable_id) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = schnack_test_find_widget (child, buildable_id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first widget of @type at or below @root, depth first. */
GtkWidget *
schnack_test_find_widget_of_type (GtkWidget *root,
                                  GType      type)
{
  if (root == NULL)
    return NULL;
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = schnack_test_find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
schnack_test_type_text (GtkWidget  *editable,
                        const char *text)
{
  g_assert_true (GTK_IS_EDITABLE (editable));
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

/* What a click does: only a visible, sensitive button reacts. */
void
schnack_test_click (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

GtkWidget *
schnack_test_find_window_of_type (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

/* The realized message row under @root whose message has @body (rows
 * exist only for what the list has realized, around the visible part). */
SchnackMessageRow *
schnack_test_find_message_row (GtkWidget  *root,
                               const char *body)
{
  if (SCHNACK_IS_MESSAGE_ROW (root))
    {
      SchnackChatMessage *message = schnack_message_row_get_message (SCHNACK_MESSAGE_ROW (root));

      if (message != NULL && g_strcmp0 (schnack_chat_message_get_body (message), body) == 0)
        return SCHNACK_MESSAGE_ROW (root);
      return NULL;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      SchnackMessageRow *found = schnack_test_find_message_row (child, body);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct {
  GtkWidget  *root;
  const char *body;
} MessageRowWait;

static gboolean
message_row_shown (gpointer data)
{
  MessageRowWait *wait = data;

  return schnack_test_find_message_row (wait->root, wait->body) != NULL;
}

/* Fails the test if no such row appears within @timeout_ms. */
SchnackMessageRow *
schnack_test_wait_for_message_row (GtkWidget  *root,
                                   const char *body,
                                   guint       timeout_ms)
{
  MessageRowWait wait = { root, body };

  g_assert_true (schnack_test_wait_until (message_row_shown, &wait, timeout_ms));
  return schnack_test_find_message_row (root, body);
}

/* ------------------------------------------------------------ our account */

/* A new user on @server; returns its bare JID. */
char *
schnack_test_register_user (SchnackTestProsody *server,
                            const char         *prefix,
                            const char         *password)
{
  g_autofree char *user = schnack_test_unique_user (prefix);

  g_assert_true (schnack_test_prosody_register (server, user, "localhost", password, NULL));
  return g_strdup_printf ("%s@localhost", user);
}

/* Registers a fresh user and picks a database for it; nothing opened yet. */
void
schnack_test_account_window_init (SchnackTestAccountWindow *self,
                                  SchnackTestProsody       *server,
                                  const char               *prefix,
                                  const char               *password)
{
  g_autofree char *name = g_strdup_printf ("%s-%u.db", prefix, g_random_int ());

  *self = (SchnackTestAccountWindow) { .server = server, .password = password, .width = 1000, .height = 640 };
  self->jid = schnack_test_register_user (server, prefix, password);
  self->db_path = g_build_filename (g_get_user_data_dir (), name, NULL);
}

static gboolean
account_online_and_loaded (gpointer data)
{
  SchnackAccount *account = data;

  return schnack_account_get_state (account) == SCHNACK_CONNECTION_ONLINE &&
         schnack_contact_list_get_loaded (schnack_account_get_contacts (account));
}

/* The account added (@first_time) or loaded from the database as at a
 * restart, online with its contacts, and the window shown on it. */
void
schnack_test_account_window_open (SchnackTestAccountWindow *self,
                                  gboolean                  first_time)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (self->window);
  self->store = schnack_store_open (self->db_path, &error);
  g_assert_no_error (error);
  self->manager = schnack_account_manager_new (self->store);
  schnack_account_manager_set_ca_file (self->manager, schnack_test_prosody_get_ca_file (self->server));
  if (first_time)
    {
      g_autoptr(SchnackAccountRecord) settings = schnack_account_record_new ();

      settings->jid = g_strdup (self->jid);
      settings->host = g_strdup ("127.0.0.1");
      settings->port = schnack_test_prosody_get_c2s_port (self->server);
      self->account = schnack_account_manager_add (self->manager, settings, self->password, FALSE, &error);
      g_assert_no_error (error);
    }
  else
    {
      g_assert_true (schnack_account_manager_load (self->manager, &error));
      g_assert_no_error (error);
      self->account = schnack_account_manager_find (self->manager, self->jid);
      g_assert_nonnull (self->account);
      schnack_account_connect_with_password (self->account, self->password);
    }
  g_assert_true (schnack_test_wait_until (account_online_and_loaded, self->account, 15000));

  self->window = schnack_window_new (NULL, self->manager);
  gtk_window_set_default_size (GTK_WINDOW (self->window), self->width, self->height);
  gtk_window_present (GTK_WINDOW (self->window));
}

/* As at quitting: the window gone, the account signed out. */
void
schnack_test_account_window_close (SchnackTestAccountWindow *self)
{
  g_assert_nonnull (self->window);
  gtk_window_destroy (GTK_WINDOW (self->window));
  self->window = NULL;
  schnack_account_stop (self->account);
  self->account = NULL;
  g_clear_object (&self->manager);
  g_clear_object (&self->store);
}

void
schnack_test_account_window_clear (SchnackTestAccountWindow *self)
{
  if (self->window != NULL)
    schnack_test_account_window_close (self);
  g_clear_pointer (&self->jid, g_free);
  g_clear_pointer (&self->db_path, g_free);
}

/* With SCHNACK_TEST_SCREENSHOT_DIR set: the screen, once what is
 * pending has been drawn, as @name there (ImageMagick's `import`). */
void
schnack_test_take_screenshot (const char *name)
{
  const char *dir = g_getenv ("SCHNACK_TEST_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autofree char *command = NULL;

  if (dir == NULL)
    return;
  schnack_test_run_for (400);
  path = g_build_filename (dir, name, NULL);
  command = g_strdup_printf ("import -window root %s", path);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
}
