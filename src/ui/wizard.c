/* wizard.c — first-run wizard: log in, or create an account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pages and the way between them:
 *
 *   welcome ─┬─ login ──────────────────────────────── finished
 *            └─ server ── register ── done ("Start Chatting") ─ finished
 *
 * Each page does its own work (wizard-login.c, wizard-server.c,
 * wizard-register.c); this shell keeps the header bar, goes back, and
 * makes sure leaving a page stops what it started. The main window shows
 * the wizard while there is no account; "Add Account" shows it in a
 * dialog (wizard-dialog.c), where it also has a Cancel button.
 */
#include "config.h"

#include "ui/wizard.h"
#include "ui/wizard-login.h"
#include "ui/wizard-register.h"
#include "ui/wizard-server.h"

#include <glib/gi18n.h>

struct _SchnackWizard {
  AdwBin                 parent_instance;

  AdwHeaderBar          *header_bar;
  AdwWindowTitle        *window_title;
  GtkButton             *back_button;
  GtkButton             *cancel_button;
  GtkMenuButton         *menu_button;
  GtkStack              *pages;
  AdwStatusPage         *welcome_page;
  GtkButton             *have_account_button;
  GtkButton             *create_account_button;
  SchnackWizardLogin    *login_page;
  SchnackWizardServer   *server_page;
  SchnackWizardRegister *register_page;
  GtkLabel              *done_label;
  GtkButton             *start_button;

  SchnackAccountManager *manager;
  SchnackAccountCreator *creator;   /* while the form page has one */
  SchnackAccount        *account;   /* created, shown on the done page */
  gboolean               show_cancel;
};

G_DEFINE_FINAL_TYPE (SchnackWizard, schnack_wizard, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SHOW_CANCEL,
  N_PROPS
};

enum {
  SIGNAL_FINISHED,
  SIGNAL_CANCELLED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
show_page (SchnackWizard *self,
           const char    *name)
{
  static const struct {
    const char *name;
    const char *title;
    gboolean    can_go_back;
  } page_info[] = {
    { "welcome", NULL, FALSE },
    { "login", N_("Log In"), TRUE },
    { "server", N_("Choose a Server"), TRUE },
    { "register", N_("Create Account"), TRUE },
    { "done", NULL, FALSE },
  };

  gtk_stack_set_visible_child_name (self->pages, name);
  for (guint i = 0; i < G_N_ELEMENTS (page_info); i++)
    {
      const char *title = page_info[i].title != NULL ? _(page_info[i].title) : "";

      if (!g_str_equal (page_info[i].name, name))
        continue;
      /* A dialog has no other title bar to say what it is for. */
      if (*title == '\0' && self->show_cancel)
        title = _("Add Account");
      adw_window_title_set_title (self->window_title, title);
      gtk_widget_set_visible (GTK_WIDGET (self->back_button), page_info[i].can_go_back);
    }

  if (g_str_equal (name, "login"))
    schnack_wizard_login_focus (self->login_page);
  else if (g_str_equal (name, "server"))
    schnack_wizard_server_focus (self->server_page);
  else if (g_str_equal (name, "register"))
    schnack_wizard_register_focus (self->register_page);
  else if (g_str_equal (name, "done"))
    gtk_widget_grab_focus (GTK_WIDGET (self->start_button));
}

static void
drop_creator (SchnackWizard *self)
{
  schnack_wizard_register_set_creator (self->register_page, NULL);
  if (self->creator != NULL)
    schnack_account_creator_cancel (self->creator);
  g_clear_object (&self->creator);
}

/* Stops whatever a page started: a sign-in, a connection for sign-up. */
static void
abandon_all (SchnackWizard *self)
{
  schnack_wizard_login_abandon (self->login_page);
  schnack_wizard_server_abandon (self->server_page);
  drop_creator (self);
}

static void
on_have_account_clicked (SchnackWizard *self)
{
  show_page (self, "login");
}

static void
on_create_account_clicked (SchnackWizard *self)
{
  show_page (self, "server");
}

static void
on_back_clicked (SchnackWizard *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->pages);

  if (g_strcmp0 (page, "register") == 0)
    {
      drop_creator (self);
      show_page (self, "server");
      return;
    }
  abandon_all (self);
  show_page (self, "welcome");
}

static void
on_cancel_clicked (SchnackWizard *self)
{
  abandon_all (self);
  g_signal_emit (self, signals[SIGNAL_CANCELLED], 0);
}

static void
on_login_finished (SchnackWizard  *self,
                   SchnackAccount *account)
{
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, account);
}

static void
on_form_ready (SchnackWizard         *self,
               SchnackAccountCreator *creator)
{
  g_set_object (&self->creator, creator);
  schnack_wizard_register_set_creator (self->register_page, creator);
  show_page (self, "register");
}

static void
on_account_created (SchnackWizard  *self,
                    SchnackAccount *account)
{
  g_autofree char *text = g_strdup_printf (_("Your account %s is ready. Schnack is signing you in."),
                                           schnack_account_get_jid (account));

  g_set_object (&self->account, account);
  /* The address is shown as typed, never as markup. */
  gtk_label_set_text (self->done_label, text);
  schnack_wizard_register_set_creator (self->register_page, NULL);
  g_clear_object (&self->creator);
  show_page (self, "done");
}

static void
on_start_clicked (SchnackWizard *self)
{
  g_autoptr(SchnackAccount) account = g_steal_pointer (&self->account);

  if (account != NULL)
    g_signal_emit (self, signals[SIGNAL_FINISHED], 0, account);
}

/**
 * schnack_wizard_reset:
 *
 * Back to the welcome page with empty forms; anything in progress stops.
 */
void
schnack_wizard_reset (SchnackWizard *self)
{
  g_return_if_fail (SCHNACK_IS_WIZARD (self));

  abandon_all (self);
  g_clear_object (&self->account);
  schnack_wizard_login_reset (self->login_page);
  schnack_wizard_server_reset (self->server_page);
  schnack_wizard_register_reset (self->register_page);
  show_page (self, "welcome");
}

void
schnack_wizard_set_account_manager (SchnackWizard         *self,
                                    SchnackAccountManager *manager)
{
  g_return_if_fail (SCHNACK_IS_WIZARD (self));
  g_return_if_fail (manager == NULL || SCHNACK_IS_ACCOUNT_MANAGER (manager));

  abandon_all (self);
  g_set_object (&self->manager, manager);
  schnack_wizard_login_set_account_manager (self->login_page, manager);
  schnack_wizard_server_set_account_manager (self->server_page, manager);
}

/**
 * schnack_wizard_set_show_cancel:
 *
 * In a dialog the wizard has a Cancel button instead of the window
 * buttons; #SchnackWizard::cancelled tells the dialog to close.
 */
void
schnack_wizard_set_show_cancel (SchnackWizard *self,
                                gboolean       show_cancel)
{
  g_return_if_fail (SCHNACK_IS_WIZARD (self));

  show_cancel = !!show_cancel;
  if (self->show_cancel == show_cancel)
    return;
  self->show_cancel = show_cancel;
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), show_cancel);
  adw_header_bar_set_show_end_title_buttons (self->header_bar, !show_cancel);
  /* Someone adding a second account has been welcomed before. */
  adw_status_page_set_title (self->welcome_page,
                             show_cancel ? _("Add Another Account") : _("Welcome to Schnack"));
  adw_status_page_set_description (self->welcome_page,
                                   show_cancel
                                   ? _("Sign in with another Jabber ID, or create a new one.")
                                   : _("Chat with anyone on any XMPP server. To begin, sign in "
                                       "with your Jabber ID or create a new one."));
  show_page (self, gtk_stack_get_visible_child_name (self->pages));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_CANCEL]);
}

/**
 * schnack_wizard_set_menu_model:
 * @menu_model: (nullable): the window's main menu, when the wizard fills
 *   the main window
 */
void
schnack_wizard_set_menu_model (SchnackWizard *self,
                               GMenuModel    *menu_model)
{
  g_return_if_fail (SCHNACK_IS_WIZARD (self));

  gtk_menu_button_set_menu_model (self->menu_button, menu_model);
  gtk_widget_set_visible (GTK_WIDGET (self->menu_button), menu_model != NULL);
}

static void
schnack_wizard_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SchnackWizard *self = SCHNACK_WIZARD (object);

  switch (prop_id)
    {
    case PROP_SHOW_CANCEL:
      g_value_set_boolean (value, self->show_cancel);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_wizard_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SchnackWizard *self = SCHNACK_WIZARD (object);

  switch (prop_id)
    {
    case PROP_SHOW_CANCEL:
      schnack_wizard_set_show_cancel (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_wizard_dispose (GObject *object)
{
  SchnackWizard *self = SCHNACK_WIZARD (object);

  if (self->login_page != NULL)
    abandon_all (self);
  g_clear_object (&self->creator);
  g_clear_object (&self->account);
  g_clear_object (&self->manager);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_WIZARD);

  G_OBJECT_CLASS (schnack_wizard_parent_class)->dispose (object);
}

static void
schnack_wizard_class_init (SchnackWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_wizard_dispose;
  object_class->get_property = schnack_wizard_get_property;
  object_class->set_property = schnack_wizard_set_property;

  properties[PROP_SHOW_CANCEL] =
    g_param_spec_boolean ("show-cancel", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SchnackWizard::finished:
   * @account: the account the user signed in to or created
   */
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SCHNACK_TYPE_ACCOUNT);
  /**
   * SchnackWizard::cancelled:
   *
   * The user pressed Cancel; nothing the wizard started is left behind.
   */
  signals[SIGNAL_CANCELLED] =
    g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (SCHNACK_TYPE_WIZARD_LOGIN);
  g_type_ensure (SCHNACK_TYPE_WIZARD_SERVER);
  g_type_ensure (SCHNACK_TYPE_WIZARD_REGISTER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackWizard, header_bar);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizard, window_title);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizard, back_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizard, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizard, menu_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizard, pages);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizard, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizard, have_account_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizard, create_account_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizard, login_page);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizard, server_page);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizard, register_page);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizard, done_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizard, start_button);
  gtk_widget_class_bind_template_callback (widget_class, on_have_account_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_create_account_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_login_finished);
  gtk_widget_class_bind_template_callback (widget_class, on_form_ready);
  gtk_widget_class_bind_template_callback (widget_class, on_account_created);
  gtk_widget_class_bind_template_callback (widget_class, on_start_clicked);
}

static void
schnack_wizard_init (SchnackWizard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  show_page (self, "welcome");
}

SchnackWizard *
schnack_wizard_new (SchnackAccountManager *manager)
{
  SchnackWizard *self;

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (manager), NULL);

  self = g_object_new (SCHNACK_TYPE_WIZARD, NULL);
  schnack_wizard_set_account_manager (self, manager);
  return self;
}
