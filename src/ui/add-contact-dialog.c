/* add-contact-dialog.c — asking someone to become a contact
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Jabber ID is checked as it is typed (any server will do), with
 * the reason next to the field. Adding puts them in the contact list on
 * the server, asks to see their status and lets them see ours once
 * they agree: one confirmation on their side and both directions hold.
 */
#include "config.h"

#include "ui/add-contact-dialog.h"
#include "xmpp/jid.h"

#include <glib/gi18n.h>
#include <string.h>

struct _SchnackAddContactDialog {
  AdwWindow              parent_instance;

  GtkButton             *add_contact_cancel_button;
  GtkButton             *add_contact_add_button;
  GtkStack              *add_contact_button_stack;
  AdwEntryRow           *add_contact_jid_row;
  GtkLabel              *add_contact_jid_error_label;
  AdwEntryRow           *add_contact_name_row;
  AdwEntryRow           *add_contact_group_row;
  AdwComboRow           *add_contact_account_row;
  GtkLabel              *add_contact_error_label;
  GtkEventControllerFocus *add_contact_jid_focus;

  SchnackAccountManager *manager;
  GCancellable          *cancellable;
  gboolean               jid_left;
};

G_DEFINE_FINAL_TYPE (SchnackAddContactDialog, schnack_add_contact_dialog, ADW_TYPE_WINDOW)

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
show_error (GtkLabel   *label,
            const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

/* The typed Jabber ID, or %NULL with the reason. */
static SchnackJid *
parse_jid (SchnackAddContactDialog  *self,
           GError                  **error)
{
  g_autofree char *text = g_strstrip (g_strdup (row_text (self->add_contact_jid_row)));

  return schnack_jid_parse_account (text, error);
}

static void
validate (SchnackAddContactDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackJid) jid = parse_jid (self, &error);
  const char *text = row_text (self->add_contact_jid_row);
  gsize len = strlen (text);
  const char *message = NULL;

  /* Not while someone is still on the way to the "@" or just after it. */
  if (jid == NULL && len > 0)
    {
      gboolean typing = !self->jid_left || gtk_event_controller_focus_contains_focus (self->add_contact_jid_focus);

      if (strchr (text, '@') == NULL)
        message = typing ? NULL : _("A Jabber ID looks like name@example.org.");
      else if (!(typing && text[len - 1] == '@'))
        message = error->message;
    }

  show_error (self->add_contact_jid_error_label, message);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->add_contact_jid_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->add_contact_jid_row), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->add_contact_jid_row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               message != NULL ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_contact_add_button),
                            jid != NULL && self->cancellable == NULL);
}

static void
on_jid_changed (SchnackAddContactDialog *self)
{
  show_error (self->add_contact_error_label, NULL);
  validate (self);
}

static void
on_jid_focus_left (SchnackAddContactDialog *self)
{
  self->jid_left = TRUE;
  validate (self);
}

/* Returns: (transfer full) (nullable): */
static SchnackAccount *
dup_chosen_account (SchnackAddContactDialog *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->manager));
  guint position = adw_combo_row_get_selected (self->add_contact_account_row);

  if (n == 0)
    return NULL;
  if (position == GTK_INVALID_LIST_POSITION || position >= n)
    position = 0;
  return g_list_model_get_item (G_LIST_MODEL (self->manager), position);
}

static void
set_busy (SchnackAddContactDialog *self,
          gboolean                 busy)
{
  gtk_stack_set_visible_child_name (self->add_contact_button_stack, busy ? "busy" : "add");
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_contact_jid_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_contact_name_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_contact_group_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_contact_account_row), !busy);
}

static void
on_added (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SchnackAddContactDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!schnack_contact_list_add_contact_finish (SCHNACK_CONTACT_LIST (source), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->cancellable);
      set_busy (self, FALSE);
      message = g_strdup_printf (_("Could not add the contact: %s"), error->message);
      show_error (self->add_contact_error_label, message);
      validate (self);
      return;
    }
  g_clear_object (&self->cancellable);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_add_clicked (SchnackAddContactDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackJid) jid = parse_jid (self, &error);
  g_autofree char *bare = NULL;
  g_autofree char *name = NULL;
  g_autofree char *group = NULL;
  g_autoptr(SchnackAccount) account = NULL;
  SchnackContactList *contacts;

  if (jid == NULL || self->cancellable != NULL)
    return;
  account = dup_chosen_account (self);
  if (account == NULL)
    {
      show_error (self->add_contact_error_label, _("Set up an account first."));
      return;
    }

  bare = schnack_jid_to_bare (jid);
  contacts = schnack_account_get_contacts (account);
  if (schnack_contact_list_find (contacts, bare) != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("%s is already one of your contacts."), bare);

      show_error (self->add_contact_error_label, message);
      return;
    }
  if (schnack_account_get_state (account) != SCHNACK_CONNECTION_ONLINE)
    {
      g_autofree char *message =
        g_strdup_printf (_("%s is not connected. Try again once it is online."),
                         schnack_account_get_jid (account));

      show_error (self->add_contact_error_label, message);
      return;
    }

  name = g_strstrip (g_strdup (row_text (self->add_contact_name_row)));
  group = g_strstrip (g_strdup (row_text (self->add_contact_group_row)));
  show_error (self->add_contact_error_label, NULL);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_contact_add_button), FALSE);
  schnack_contact_list_add_contact_async (contacts, bare, name, group, self->cancellable,
                                          on_added, g_object_ref (self));
}

static void
on_cancel_clicked (SchnackAddContactDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
update_accounts (SchnackAddContactDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->add_contact_account_row),
                          g_list_model_get_n_items (G_LIST_MODEL (self->manager)) > 1);
}

static void
schnack_add_contact_dialog_dispose (GObject *object)
{
  SchnackAddContactDialog *self = SCHNACK_ADD_CONTACT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  g_clear_object (&self->manager);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_ADD_CONTACT_DIALOG);
  G_OBJECT_CLASS (schnack_add_contact_dialog_parent_class)->dispose (object);
}

static void
schnack_add_contact_dialog_class_init (SchnackAddContactDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_add_contact_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/add-contact-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackAddContactDialog, add_contact_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackAddContactDialog, add_contact_add_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackAddContactDialog, add_contact_button_stack);
  gtk_widget_class_bind_template_child (widget_class, SchnackAddContactDialog, add_contact_jid_row);
  gtk_widget_class_bind_template_child (widget_class, SchnackAddContactDialog, add_contact_jid_error_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackAddContactDialog, add_contact_name_row);
  gtk_widget_class_bind_template_child (widget_class, SchnackAddContactDialog, add_contact_group_row);
  gtk_widget_class_bind_template_child (widget_class, SchnackAddContactDialog, add_contact_account_row);
  gtk_widget_class_bind_template_child (widget_class, SchnackAddContactDialog, add_contact_error_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackAddContactDialog, add_contact_jid_focus);
  gtk_widget_class_bind_template_callback (widget_class, on_jid_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_jid_focus_left);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
schnack_add_contact_dialog_init (SchnackAddContactDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * schnack_add_contact_dialog_new:
 * @parent: (nullable): the window it belongs to
 */
SchnackAddContactDialog *
schnack_add_contact_dialog_new (GtkWindow             *parent,
                                SchnackAccountManager *manager)
{
  SchnackAddContactDialog *self;
  GtkExpression *expression;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (manager), NULL);

  self = g_object_new (SCHNACK_TYPE_ADD_CONTACT_DIALOG, "transient-for", parent, NULL);
  self->manager = g_object_ref (manager);
  expression = gtk_property_expression_new (SCHNACK_TYPE_ACCOUNT, NULL, "jid");
  adw_combo_row_set_expression (self->add_contact_account_row, expression);
  gtk_expression_unref (expression);
  adw_combo_row_set_model (self->add_contact_account_row, G_LIST_MODEL (manager));
  g_signal_connect_swapped (manager, "items-changed", G_CALLBACK (update_accounts), self);
  update_accounts (self);
  validate (self);
  return self;
}

/* Fills in who to add, e.g. from a message request. */
void
schnack_add_contact_dialog_set_jid (SchnackAddContactDialog *self,
                                    const char              *jid)
{
  g_return_if_fail (SCHNACK_IS_ADD_CONTACT_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->add_contact_jid_row), jid != NULL ? jid : "");
}
