/* wizard-dialog.c — the wizard in its own window, for "Add Account"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same wizard as on first start, in a modal window over the main
 * one. It closes when the wizard is finished or cancelled; closing it
 * any other way (Escape, the window manager) cancels too, because the
 * wizard stops what it started when it goes away.
 */
#include "config.h"

#include "ui/wizard-dialog.h"
#include "ui/wizard.h"

struct _SchnackWizardDialog {
  AdwWindow      parent_instance;

  SchnackWizard *wizard;
};

G_DEFINE_FINAL_TYPE (SchnackWizardDialog, schnack_wizard_dialog, ADW_TYPE_WINDOW)

static void
on_wizard_done (SchnackWizardDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
schnack_wizard_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SCHNACK_TYPE_WIZARD_DIALOG);

  G_OBJECT_CLASS (schnack_wizard_dialog_parent_class)->dispose (object);
}

static void
schnack_wizard_dialog_class_init (SchnackWizardDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_wizard_dialog_dispose;

  g_type_ensure (SCHNACK_TYPE_WIZARD);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/wizard-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardDialog, wizard);
  gtk_widget_class_bind_template_callback (widget_class, on_wizard_done);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
schnack_wizard_dialog_init (SchnackWizardDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SchnackWizardDialog *
schnack_wizard_dialog_new (GtkWindow             *parent,
                           SchnackAccountManager *manager)
{
  SchnackWizardDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (manager), NULL);

  self = g_object_new (SCHNACK_TYPE_WIZARD_DIALOG, "transient-for", parent, NULL);
  schnack_wizard_set_account_manager (self->wizard, manager);
  return self;
}
