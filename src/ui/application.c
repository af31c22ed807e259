/* application.c — the Schnack application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the store, loads the accounts and shows the window. With --demo
 * (used by build-aux/run.sh --demo) it also signs in to the throw-away
 * local server whose details come in SCHNACK_DEMO_* variables; that
 * password is used for this session only and never saved.
 */
#include "config.h"

#include "ui/application.h"
#include "ui/accessibility.h"
#include "ui/notifier.h"
#include "ui/window.h"
#include "xmpp/jid.h"

#include <glib/gi18n.h>

#include "schnack-resources.h"

struct _SchnackApplication {
  AdwApplication         parent_instance;
  SchnackStore          *store;
  SchnackAccountManager *account_manager;
  SchnackNotifier       *notifier;
  GError                *startup_error;
  gboolean               demo;
};

G_DEFINE_FINAL_TYPE (SchnackApplication, schnack_application, ADW_TYPE_APPLICATION)

SchnackAccountManager *
schnack_application_get_account_manager (SchnackApplication *self)
{
  g_return_val_if_fail (SCHNACK_IS_APPLICATION (self), NULL);
  return self->account_manager;
}

/* The window tells it which chat is in view. */
SchnackNotifier *
schnack_application_get_notifier (SchnackApplication *self)
{
  g_return_val_if_fail (SCHNACK_IS_APPLICATION (self), NULL);
  return self->notifier;
}

/**
 * schnack_ui_register_resources:
 *
 * Makes the UI templates available. The resource bundle lives in a static
 * library, where the linker would drop its automatic constructor, so it
 * is registered by hand — once, by the application or a UI test.
 */
void
schnack_ui_register_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      g_resources_register (schnack_get_resource ());
      schnack_ui_install_accessibility_fixes ();
      g_once_init_leave (&registered, 1);
    }
}

static void
add_demo_account (SchnackApplication *self)
{
  const char *jid = g_getenv ("SCHNACK_DEMO_JID");
  const char *password = g_getenv ("SCHNACK_DEMO_PASSWORD");
  const char *port = g_getenv ("SCHNACK_DEMO_PORT");
  g_autoptr(SchnackAccountRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  SchnackAccount *account;

  if (jid == NULL || password == NULL)
    {
      g_printerr ("%s\n", _("--demo needs SCHNACK_DEMO_JID and SCHNACK_DEMO_PASSWORD; "
                            "start it with build-aux/run.sh --demo."));
      return;
    }

  account = schnack_account_manager_find (self->account_manager, jid);
  if (account != NULL)
    {
      schnack_account_connect_with_password (account, password);
      return;
    }

  record = schnack_account_record_new ();
  record->jid = g_strdup (jid);
  record->host = g_strdup (g_getenv ("SCHNACK_DEMO_HOST"));
  record->port = port != NULL ? (guint16) g_ascii_strtoull (port, NULL, 10) : 0;
  if (schnack_account_manager_add (self->account_manager, record, password, FALSE, &error) == NULL)
    g_printerr ("%s\n", error->message);
}

static void
schnack_application_startup (GApplication *application)
{
  SchnackApplication *self = SCHNACK_APPLICATION (application);
  const char *ca_file;

  schnack_ui_register_resources ();
  G_APPLICATION_CLASS (schnack_application_parent_class)->startup (application);

  self->store = schnack_store_open (NULL, &self->startup_error);
  if (self->store == NULL)
    return;

  self->account_manager = schnack_account_manager_new (self->store);
  /* Extra CA certificates: the demo server's and the test suite's. */
  ca_file = g_getenv (self->demo ? "SCHNACK_DEMO_CA_FILE" : "SCHNACK_CA_FILE");
  if (ca_file == NULL)
    ca_file = g_getenv ("SCHNACK_CA_FILE");
  if (ca_file != NULL)
    schnack_account_manager_set_ca_file (self->account_manager, ca_file);

  if (!schnack_account_manager_load (self->account_manager, &self->startup_error))
    return;
  self->notifier = schnack_notifier_new (GTK_APPLICATION (self), self->account_manager);
  if (self->demo)
    add_demo_account (self);
}

static void
show_startup_error (SchnackApplication *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (NULL, _("Schnack cannot start"), self->startup_error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
schnack_application_activate (GApplication *application)
{
  SchnackApplication *self = SCHNACK_APPLICATION (application);
  GtkWindow *window;

  if (self->startup_error != NULL)
    {
      show_startup_error (self);
      return;
    }

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (schnack_window_new (GTK_APPLICATION (self), self->account_manager));
  gtk_window_present (window);
}

static int
schnack_application_handle_local_options (GApplication *application,
                                          GVariantDict *options)
{
  SchnackApplication *self = SCHNACK_APPLICATION (application);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("Schnack %s\n", PACKAGE_VERSION);
      return 0;
    }
  self->demo = g_variant_dict_contains (options, "demo");
  return -1;
}

static void
schnack_application_dispose (GObject *object)
{
  SchnackApplication *self = SCHNACK_APPLICATION (object);

  g_clear_object (&self->notifier);
  g_clear_object (&self->account_manager);
  g_clear_object (&self->store);
  g_clear_error (&self->startup_error);

  G_OBJECT_CLASS (schnack_application_parent_class)->dispose (object);
}

static void
schnack_application_class_init (SchnackApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = schnack_application_dispose;
  app_class->startup = schnack_application_startup;
  app_class->activate = schnack_application_activate;
  app_class->handle_local_options = schnack_application_handle_local_options;
}

static void
on_quit (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* A contact request notification was clicked. */
static void
on_show_requests (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  GtkWindow *window;

  g_application_activate (G_APPLICATION (application));
  window = gtk_application_get_active_window (application);
  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-requests", NULL);
}

/* A message notification was clicked: (account id, bare JID). */
static void
on_open_chat (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  SchnackApplication *self = SCHNACK_APPLICATION (user_data);
  GListModel *accounts;
  const char *jid;
  gint64 account_id;
  GtkWindow *window;

  if (self->account_manager == NULL)
    return;
  g_variant_get (parameter, "(x&s)", &account_id, &jid);
  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (!SCHNACK_IS_WINDOW (window))
    return;

  accounts = G_LIST_MODEL (self->account_manager);
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SchnackAccount) account = g_list_model_get_item (accounts, i);

      if (schnack_account_get_id (account) == account_id)
        {
          schnack_window_open_conversation (SCHNACK_WINDOW (window), account, jid);
          return;
        }
    }
}

static void
schnack_application_init (SchnackApplication *self)
{
  static const GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Sign in to the local demo server (see build-aux/run.sh --demo)"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };
  static const GActionEntry actions[] = {
    { .name = "quit", .activate = on_quit },
    { .name = "show-requests", .activate = on_show_requests },
    { .name = "open-chat", .activate = on_open_chat, .parameter_type = "(xs)" },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
}

SchnackApplication *
schnack_application_new (void)
{
  return g_object_new (SCHNACK_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/schnack/Schnack",
                       NULL);
}
