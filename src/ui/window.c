/* window.c — Schnack's main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For now: the first-run wizard while there is no account, then the
 * list of accounts with their connection state. Conversations come next.
 */
#include "config.h"

#include "ui/window.h"
#include "ui/account-row.h"
#include "ui/wizard.h"
#include "ui/wizard-dialog.h"

#include <glib/gi18n.h>

struct _SchnackWindow {
  AdwApplicationWindow   parent_instance;

  GtkStack              *content_stack;
  SchnackWizard         *wizard;
  GtkListBox            *account_list;
  GtkButton             *add_account_button;
  GMenuModel            *primary_menu;

  SchnackAccountManager *account_manager;
  gboolean               in_wizard;
};

G_DEFINE_FINAL_TYPE (SchnackWindow, schnack_window, ADW_TYPE_APPLICATION_WINDOW)

static GtkWidget *
create_account_row (gpointer item,
                    gpointer user_data)
{
  return GTK_WIDGET (schnack_account_row_new (SCHNACK_ACCOUNT (item)));
}

/* The wizard stays up from the first sign-in attempt until it says it is
 * finished, even though the account list fills (and empties again on a
 * failed try) meanwhile. */
static void
update_visible_page (SchnackWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->account_manager));

  if (n == 0 && !self->in_wizard)
    {
      self->in_wizard = TRUE;
      schnack_wizard_reset (self->wizard);
    }
  gtk_stack_set_visible_child_name (self->content_stack, self->in_wizard ? "wizard" : "accounts");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-account", !self->in_wizard);
}

static void
on_wizard_finished (SchnackWindow  *self,
                    SchnackAccount *account)
{
  self->in_wizard = FALSE;
  update_visible_page (self);
  /* Empty forms for next time; nothing typed (the password) lingers. */
  schnack_wizard_reset (self->wizard);
}

static void
on_add_account (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SchnackWindow *self = SCHNACK_WINDOW (widget);
  SchnackWizardDialog *dialog = schnack_wizard_dialog_new (GTK_WINDOW (self), self->account_manager);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_about (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  GtkWidget *about = adw_about_window_new ();

  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), "Schnack");
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), APP_ID);
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("Chat with anyone on any XMPP server."));
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  gtk_window_set_transient_for (GTK_WINDOW (about), GTK_WINDOW (widget));
  gtk_window_present (GTK_WINDOW (about));
}

static void
schnack_window_dispose (GObject *object)
{
  SchnackWindow *self = SCHNACK_WINDOW (object);

  if (self->account_manager != NULL)
    g_signal_handlers_disconnect_by_data (self->account_manager, self);
  g_clear_object (&self->account_manager);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_WINDOW);

  G_OBJECT_CLASS (schnack_window_parent_class)->dispose (object);
}

static void
schnack_window_class_init (SchnackWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/window.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, wizard);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, account_list);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, add_account_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackWindow, primary_menu);
  gtk_widget_class_bind_template_callback (widget_class, on_wizard_finished);

  gtk_widget_class_install_action (widget_class, "win.add-account", NULL, on_add_account);
  gtk_widget_class_install_action (widget_class, "win.about", NULL, on_about);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.add-account", NULL);
}

static void
schnack_window_init (SchnackWindow *self)
{
  g_type_ensure (SCHNACK_TYPE_ACCOUNT_ROW);
  g_type_ensure (SCHNACK_TYPE_WIZARD);
  gtk_widget_init_template (GTK_WIDGET (self));
  schnack_wizard_set_menu_model (self->wizard, self->primary_menu);
}

/**
 * schnack_window_new:
 * @application: (nullable): the application, %NULL in tests
 */
SchnackWindow *
schnack_window_new (GtkApplication        *application,
                    SchnackAccountManager *account_manager)
{
  SchnackWindow *self;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (account_manager), NULL);

  self = g_object_new (SCHNACK_TYPE_WINDOW, "application", application, NULL);
  self->account_manager = g_object_ref (account_manager);
  schnack_wizard_set_account_manager (self->wizard, account_manager);
  gtk_list_box_bind_model (self->account_list, G_LIST_MODEL (self->account_manager),
                           create_account_row, NULL, NULL);
  g_signal_connect_swapped (self->account_manager, "items-changed",
                            G_CALLBACK (update_visible_page), self);
  update_visible_page (self);
  return self;
}
