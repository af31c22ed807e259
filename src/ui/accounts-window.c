/* accounts-window.c — the Accounts window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists every account (several at once are supported) with its state and
 * settings. "Add Account" asks the parent window to run the wizard
 * (action win.add-account), so there is one way in for new accounts.
 */
#include "config.h"

#include "ui/accounts-window.h"
#include "ui/account-settings-row.h"
#include "ui/settings.h"

#include <glib/gi18n.h>

struct _SchnackAccountsWindow {
  AdwPreferencesWindow   parent_instance;

  AdwPreferencesGroup   *accounts_group;
  GtkButton             *add_button;
  AdwPreferencesGroup   *notifications_group;
  GtkSwitch             *show_contents_switch;

  SchnackAccountManager *manager;
  GPtrArray             *rows;
  GSettings             *settings;
};

G_DEFINE_FINAL_TYPE (SchnackAccountsWindow, schnack_accounts_window, ADW_TYPE_PREFERENCES_WINDOW)

/* AdwPreferencesGroup has no model binding in libadwaita 1.2: rebuild
 * the (few) rows when accounts come and go, keeping expanded ones. */
static void
rebuild_rows (SchnackAccountsWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->manager));
  g_autoptr(GHashTable) expanded = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      SchnackAccountSettingsRow *row = g_ptr_array_index (self->rows, i);

      if (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)))
        g_hash_table_add (expanded, schnack_account_settings_row_get_account (row));
      adw_preferences_group_remove (self->accounts_group, GTK_WIDGET (row));
    }
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackAccount) account = g_list_model_get_item (G_LIST_MODEL (self->manager), i);
      SchnackAccountSettingsRow *row = schnack_account_settings_row_new (self->manager, account);

      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row),
                                     n == 1 || g_hash_table_contains (expanded, account));
      adw_preferences_group_add (self->accounts_group, GTK_WIDGET (row));
      g_ptr_array_add (self->rows, row);
    }
}

static void
on_add_clicked (SchnackAccountsWindow *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.add-account", NULL);
}

static void
schnack_accounts_window_dispose (GObject *object)
{
  SchnackAccountsWindow *self = SCHNACK_ACCOUNTS_WINDOW (object);

  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  g_clear_object (&self->manager);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_ACCOUNTS_WINDOW);

  G_OBJECT_CLASS (schnack_accounts_window_parent_class)->dispose (object);
}

static void
schnack_accounts_window_class_init (SchnackAccountsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_accounts_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/accounts-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountsWindow, accounts_group);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountsWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountsWindow, notifications_group);
  gtk_widget_class_bind_template_child (widget_class, SchnackAccountsWindow, show_contents_switch);
}

static void
schnack_accounts_window_init (SchnackAccountsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (on_add_clicked), self);

  self->settings = schnack_settings_new ();
  if (self->settings != NULL)
    g_settings_bind (self->settings, SCHNACK_SETTINGS_NOTIFICATION_SHOW_CONTENTS,
                     self->show_contents_switch, "active", G_SETTINGS_BIND_DEFAULT);
  else
    gtk_widget_set_visible (GTK_WIDGET (self->notifications_group), FALSE);
}

SchnackAccountsWindow *
schnack_accounts_window_new (SchnackAccountManager *manager)
{
  SchnackAccountsWindow *self;

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (manager), NULL);

  self = g_object_new (SCHNACK_TYPE_ACCOUNTS_WINDOW, NULL);
  self->manager = g_object_ref (manager);
  g_signal_connect_swapped (manager, "items-changed", G_CALLBACK (rebuild_rows), self);
  rebuild_rows (self);
  return self;
}
