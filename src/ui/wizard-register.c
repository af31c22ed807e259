/* wizard-register.c — the wizard's sign-up form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows the form the server sent (through SchnackAccountCreator), one
 * SchnackWizardField per field, and sends it. "Create Account" is only
 * offered once every required field is filled in and the passwords
 * match. What the server says back is put next to the field it is
 * about, which gets the focus; the rest goes in the problem box. After a
 * wrong CAPTCHA answer the server sends a new form: what the user typed
 * is kept (except the answer, which belonged to the old picture).
 */
#include "config.h"

#include "ui/wizard-register.h"
#include "ui/wizard-problem.h"

#include <glib/gi18n.h>

struct _SchnackWizardRegister {
  AdwBin                 parent_instance;

  GtkLabel              *intro_label;
  GtkLabel              *instructions_label;
  GtkBox                *form_box;
  GtkBox                *fields_box;
  GtkSwitch             *remember_switch;
  SchnackWizardProblem  *problem;
  GtkStack              *action_stack;
  GtkButton             *create_button;
  GtkLabel              *progress_label;

  SchnackAccountCreator *creator;
  GPtrArray             *fields;      /* SchnackWizardField, children of fields_box */
  GHashTable            *typed;       /* var → value, outlives a new form */
  gboolean               fields_dirty;
};

G_DEFINE_FINAL_TYPE (SchnackWizardRegister, schnack_wizard_register, ADW_TYPE_BIN)

enum {
  SIGNAL_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_create_button (SchnackWizardRegister *self)
{
  gboolean ready = self->creator != NULL && self->fields->len > 0 &&
    schnack_account_creator_get_state (self->creator) == SCHNACK_ACCOUNT_CREATOR_FORM;

  for (guint i = 0; ready && i < self->fields->len; i++)
    ready = schnack_wizard_field_is_ready (g_ptr_array_index (self->fields, i));
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), ready);
}

static void
on_field_changed (SchnackWizardField    *field_widget,
                  SchnackWizardRegister *self)
{
  SchnackRegistrationField *field = schnack_wizard_field_get_field (field_widget);
  const char *var = schnack_registration_field_get_var (field);
  const char *value = schnack_registration_field_get_value (field);

  if (var != NULL && schnack_registration_field_get_kind (field) != SCHNACK_REGISTRATION_FIELD_CAPTCHA)
    g_hash_table_replace (self->typed, g_strdup (var), g_strdup (value != NULL ? value : ""));
  update_create_button (self);
}

static void
clear_fields (SchnackWizardRegister *self)
{
  GtkWidget *child;

  for (guint i = 0; i < self->fields->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->fields, i), self);
  g_ptr_array_set_size (self->fields, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_box))) != NULL)
    gtk_box_remove (self->fields_box, child);
}

static void
rebuild_fields (SchnackWizardRegister *self)
{
  GListModel *model = schnack_account_creator_get_fields (self->creator);
  const char *domain = schnack_account_creator_get_domain (self->creator);
  const char *instructions = schnack_account_creator_get_instructions (self->creator);
  g_autofree char *intro = g_strdup_printf (_("Your new account will be on %s."),
                                            domain);
  guint n = g_list_model_get_n_items (model);

  clear_fields (self);
  self->fields_dirty = FALSE;
  gtk_label_set_text (self->intro_label, intro);
  gtk_label_set_text (self->instructions_label, instructions != NULL ? instructions : "");
  gtk_widget_set_visible (GTK_WIDGET (self->instructions_label),
                          instructions != NULL && *instructions != '\0');

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackRegistrationField) field = g_list_model_get_item (model, i);
      const char *var = schnack_registration_field_get_var (field);
      const char *typed = var != NULL ? g_hash_table_lookup (self->typed, var) : NULL;
      SchnackWizardField *field_widget;

      if (typed != NULL && schnack_registration_field_get_value (field) == NULL &&
          schnack_registration_field_get_kind (field) != SCHNACK_REGISTRATION_FIELD_CAPTCHA)
        schnack_registration_field_set_value (field, typed);

      field_widget = schnack_wizard_field_new (field, domain);
      if (var != NULL)
        gtk_widget_set_name (GTK_WIDGET (field_widget), var);
      g_signal_connect (field_widget, "changed", G_CALLBACK (on_field_changed), self);
      gtk_box_append (self->fields_box, GTK_WIDGET (field_widget));
      g_ptr_array_add (self->fields, field_widget);
    }
}

/**
 * schnack_wizard_register_get_field:
 * @var: the field's name in the server's form, e.g. "username"
 *
 * Returns: (transfer none) (nullable): the widget for that field
 */
SchnackWizardField *
schnack_wizard_register_get_field (SchnackWizardRegister *self,
                                   const char            *var)
{
  g_return_val_if_fail (SCHNACK_IS_WIZARD_REGISTER (self), NULL);
  g_return_val_if_fail (var != NULL, NULL);

  for (guint i = 0; i < self->fields->len; i++)
    {
      SchnackWizardField *field_widget = g_ptr_array_index (self->fields, i);
      SchnackRegistrationField *field = schnack_wizard_field_get_field (field_widget);

      if (g_strcmp0 (schnack_registration_field_get_var (field), var) == 0)
        return field_widget;
    }
  return NULL;
}

void
schnack_wizard_register_focus (SchnackWizardRegister *self)
{
  g_return_if_fail (SCHNACK_IS_WIZARD_REGISTER (self));

  for (guint i = 0; i < self->fields->len; i++)
    {
      SchnackWizardField *field_widget = g_ptr_array_index (self->fields, i);

      if (schnack_wizard_field_get_input (field_widget) != NULL)
        {
          schnack_wizard_field_focus (field_widget);
          return;
        }
    }
}

static void
show_form_error (SchnackWizardRegister *self)
{
  const char *message = schnack_account_creator_get_error_message (self->creator);
  const char *var = schnack_account_creator_get_error_field (self->creator);
  SchnackWizardField *field_widget = var != NULL ? schnack_wizard_register_get_field (self, var) : NULL;

  schnack_wizard_problem_clear (self->problem);
  if (message == NULL)
    return;
  if (field_widget == NULL)
    {
      schnack_wizard_problem_show (self->problem, message);
      return;
    }
  schnack_wizard_field_set_error (field_widget, message);
  schnack_wizard_field_focus (field_widget);
}

static void
show_failure (SchnackWizardRegister *self)
{
  const GError *error = schnack_account_creator_get_error (self->creator);

  schnack_wizard_problem_show (self->problem, schnack_account_creator_get_error_message (self->creator));
  schnack_wizard_problem_set_web_url (self->problem,
                                      schnack_account_creator_get_web_registration_url (self->creator));
  if (g_error_matches (error, SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_CERTIFICATE))
    schnack_wizard_problem_set_certificate (self->problem,
                                            schnack_account_creator_get_certificate_sha256 (self->creator),
                                            schnack_account_creator_get_certificate_subject (self->creator));
}

/* @text: what is going on, or %NULL when the form is back in the
 * user's hands */
static void
set_progress (SchnackWizardRegister *self,
              const char            *text)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->form_box), text == NULL);
  gtk_stack_set_visible_child_name (self->action_stack, text != NULL ? "progress" : "form");
  if (text != NULL)
    gtk_label_set_text (self->progress_label, text);
}

static void
on_creator_changed (SchnackWizardRegister *self)
{
  g_autoptr(SchnackAccountCreator) creator = g_object_ref (self->creator);
  const char *domain = schnack_account_creator_get_domain (creator);
  g_autofree char *progress = NULL;

  switch (schnack_account_creator_get_state (creator))
    {
    case SCHNACK_ACCOUNT_CREATOR_CONNECTING:
      schnack_wizard_problem_clear (self->problem);
      progress = g_strdup_printf (_("Connecting to %s…"), domain);
      set_progress (self, progress);
      break;

    case SCHNACK_ACCOUNT_CREATOR_SUBMITTING:
      progress = g_strdup_printf (_("Creating your account on %s…"), domain);
      set_progress (self, progress);
      break;

    case SCHNACK_ACCOUNT_CREATOR_FORM:
      if (self->fields_dirty)
        rebuild_fields (self);
      set_progress (self, NULL);
      show_form_error (self);
      break;

    case SCHNACK_ACCOUNT_CREATOR_FAILED:
      set_progress (self, NULL);
      /* The form cannot be sent any more; "Back" picks another server. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->form_box), FALSE);
      show_failure (self);
      break;

    case SCHNACK_ACCOUNT_CREATOR_DONE:
      set_progress (self, NULL);
      /* The password is in the keyring (or nowhere) now, not here. */
      g_hash_table_remove_all (self->typed);
      g_signal_emit (self, signals[SIGNAL_CREATED], 0, schnack_account_creator_get_account (creator));
      break;

    case SCHNACK_ACCOUNT_CREATOR_IDLE:
    default:
      break;
    }
  if (self->creator != NULL)
    update_create_button (self);
}

static void
on_fields_changed (SchnackWizardRegister *self)
{
  self->fields_dirty = TRUE;
  if (schnack_account_creator_get_state (self->creator) == SCHNACK_ACCOUNT_CREATOR_FORM)
    {
      rebuild_fields (self);
      update_create_button (self);
    }
}

static void
on_create_clicked (SchnackWizardRegister *self)
{
  update_create_button (self);
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->create_button)))
    return;
  schnack_wizard_problem_clear (self->problem);
  schnack_account_creator_submit (self->creator, gtk_switch_get_active (self->remember_switch));
}

static void
on_trust (SchnackWizardRegister *self,
          const char            *sha256)
{
  if (self->creator == NULL)
    return;
  schnack_wizard_problem_clear (self->problem);
  schnack_account_creator_trust_certificate (self->creator, sha256);
}

/**
 * schnack_wizard_register_set_creator:
 * @creator: (nullable): a creator with its form ready, or %NULL to
 *   let go of the current one (it is not cancelled here)
 */
void
schnack_wizard_register_set_creator (SchnackWizardRegister *self,
                                     SchnackAccountCreator *creator)
{
  g_return_if_fail (SCHNACK_IS_WIZARD_REGISTER (self));
  g_return_if_fail (creator == NULL || SCHNACK_IS_ACCOUNT_CREATOR (creator));

  if (self->creator != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->creator, self);
      g_signal_handlers_disconnect_by_data (schnack_account_creator_get_fields (self->creator), self);
    }
  clear_fields (self);
  schnack_wizard_problem_clear (self->problem);
  set_progress (self, NULL);
  g_set_object (&self->creator, creator);
  if (creator == NULL)
    return;

  g_signal_connect_swapped (creator, "notify::state", G_CALLBACK (on_creator_changed), self);
  g_signal_connect_swapped (creator, "notify::error-message", G_CALLBACK (on_creator_changed), self);
  g_signal_connect_swapped (schnack_account_creator_get_fields (creator), "items-changed",
                            G_CALLBACK (on_fields_changed), self);
  self->fields_dirty = TRUE;
  on_creator_changed (self);
}

void
schnack_wizard_register_reset (SchnackWizardRegister *self)
{
  g_return_if_fail (SCHNACK_IS_WIZARD_REGISTER (self));

  schnack_wizard_register_set_creator (self, NULL);
  g_hash_table_remove_all (self->typed);
  gtk_switch_set_active (self->remember_switch, TRUE);
}

static void
schnack_wizard_register_dispose (GObject *object)
{
  SchnackWizardRegister *self = SCHNACK_WIZARD_REGISTER (object);

  if (self->creator != NULL)
    schnack_wizard_register_set_creator (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_WIZARD_REGISTER);
  g_clear_pointer (&self->typed, g_hash_table_unref);

  G_OBJECT_CLASS (schnack_wizard_register_parent_class)->dispose (object);
}

static void
schnack_wizard_register_finalize (GObject *object)
{
  SchnackWizardRegister *self = SCHNACK_WIZARD_REGISTER (object);

  g_ptr_array_unref (self->fields);

  G_OBJECT_CLASS (schnack_wizard_register_parent_class)->finalize (object);
}

static void
schnack_wizard_register_class_init (SchnackWizardRegisterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_wizard_register_dispose;
  object_class->finalize = schnack_wizard_register_finalize;

  /**
   * SchnackWizardRegister::created:
   * @account: the new account, signing in
   */
  signals[SIGNAL_CREATED] =
    g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SCHNACK_TYPE_ACCOUNT);

  g_type_ensure (SCHNACK_TYPE_WIZARD_PROBLEM);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/wizard-register.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardRegister, intro_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardRegister, instructions_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardRegister, form_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardRegister, fields_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardRegister, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardRegister, problem);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardRegister, action_stack);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardRegister, create_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardRegister, progress_label);
  gtk_widget_class_bind_template_callback (widget_class, on_create_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_trust);
}

static void
schnack_wizard_register_init (SchnackWizardRegister *self)
{
  self->fields = g_ptr_array_new ();
  self->typed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}
