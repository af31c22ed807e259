/* wizard-server.c — the wizard's page for choosing where to create an account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A short list of public providers, or any server typed in. Picking a
 * provider just fills in the server field, so there is one source of
 * truth for "where". A provider that takes sign-ups only on its web page
 * gets a button to that page instead of "Continue". "Continue" asks the
 * server for its sign-up form; once it is there the creator is handed
 * on (#SchnackWizardServer::form-ready) and the form page takes over.
 */
#include "config.h"

#include "ui/wizard-server.h"
#include "ui/wizard-advanced.h"
#include "ui/wizard-problem.h"
#include "core/provider-list.h"
#include "xmpp/jid.h"
#include "xmpp/register.h"

#include <glib/gi18n.h>

struct _SchnackWizardServer {
  AdwBin                 parent_instance;

  GtkBox                *form_box;
  GtkBox                *provider_box;
  GtkListBox            *provider_list;
  GtkEntry              *server_entry;
  GtkLabel              *server_error_label;
  SchnackWizardAdvanced *advanced;
  SchnackWizardProblem  *problem;
  GtkStack              *action_stack;
  GtkButton             *continue_button;
  GtkLabel              *web_signup_label;
  GtkButton             *web_signup_button;
  GtkLabel              *progress_label;
  GtkButton             *cancel_button;

  SchnackAccountManager *manager;
  GListModel            *providers;
  GtkCheckButton        *radio_group;   /* first row's radio, for grouping */
  SchnackAccountCreator *creator;
  gboolean               syncing;       /* radios ↔ entry, not the user */
};

G_DEFINE_FINAL_TYPE (SchnackWizardServer, schnack_wizard_server, ADW_TYPE_BIN)

enum {
  SIGNAL_FORM_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define PROVIDER_KEY "schnack-provider"

static void validate (SchnackWizardServer *self);

static SchnackJid *
parse_server (SchnackWizardServer  *self,
              GError              **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->server_entry));
  g_autoptr(SchnackJid) jid = schnack_jid_parse (text, error);

  if (jid == NULL)
    return NULL;
  if (jid->localpart != NULL || jid->resource != NULL)
    {
      g_set_error_literal (error, SCHNACK_JID_ERROR, SCHNACK_JID_ERROR_DOMAIN,
                           _("Type only the server’s name, such as example.org."));
      return NULL;
    }
  return g_steal_pointer (&jid);
}

/* The provider whose domain is in the server field, if any. */
static SchnackProviderItem *
chosen_provider (SchnackWizardServer *self)
{
  g_autoptr(SchnackJid) jid = parse_server (self, NULL);
  guint n;

  if (jid == NULL || self->providers == NULL)
    return NULL;
  n = g_list_model_get_n_items (self->providers);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackProviderItem) item = g_list_model_get_item (self->providers, i);

      if (g_ascii_strcasecmp (schnack_provider_item_get_domain (item), jid->domain) == 0)
        return item;
    }
  return NULL;
}

static void
on_radio_toggled (GtkCheckButton      *radio,
                  SchnackWizardServer *self)
{
  SchnackProviderItem *item = g_object_get_data (G_OBJECT (radio), PROVIDER_KEY);

  if (self->syncing || !gtk_check_button_get_active (radio))
    return;
  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->server_entry), schnack_provider_item_get_domain (item));
  self->syncing = FALSE;
  validate (self);
}

static char *
format_checked_date (const char *checked)
{
  g_autofree char *iso = g_strdup_printf ("%sT00:00:00Z", checked);
  g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (iso, NULL);

  /* %x: the date as the user's locale writes it. */
  return date != NULL ? g_date_time_format (date, "%x") : g_strdup (checked);
}

static GtkWidget *
create_provider_row (gpointer item,
                     gpointer user_data)
{
  SchnackWizardServer *self = user_data;
  SchnackProviderItem *provider = item;
  const char *notes = schnack_provider_item_get_notes (provider);
  g_autofree char *checked = format_checked_date (schnack_provider_item_get_checked (provider));
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *radio = gtk_check_button_new ();

  subtitle = g_strdup_printf (schnack_provider_item_get_in_band_registration (provider)
                              ? _("%s · sign-up in Schnack · checked %s")
                              : _("%s · sign-up on the web · checked %s"),
                              schnack_provider_item_get_domain (provider), checked);
  if (notes != NULL)
    {
      g_autofree char *first = g_steal_pointer (&subtitle);

      subtitle = g_strdup_printf ("%s\n%s", first, notes);
    }
  /* Provider data is shown as written, never parsed as markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), schnack_provider_item_get_name (provider));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  gtk_widget_set_valign (radio, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (radio),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, schnack_provider_item_get_name (provider),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle,
                                  -1);
  if (self->radio_group == NULL)
    self->radio_group = GTK_CHECK_BUTTON (radio);
  else
    gtk_check_button_set_group (GTK_CHECK_BUTTON (radio), self->radio_group);
  g_object_set_data_full (G_OBJECT (radio), PROVIDER_KEY, g_object_ref (provider), g_object_unref);
  g_signal_connect (radio, "toggled", G_CALLBACK (on_radio_toggled), self);

  adw_action_row_add_prefix (ADW_ACTION_ROW (row), radio);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), radio);
  return row;
}

/* Marks the provider row matching the server field, or none. */
static void
sync_radios (SchnackWizardServer *self)
{
  SchnackProviderItem *chosen = chosen_provider (self);

  self->syncing = TRUE;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->provider_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *radio;

      if (!ADW_IS_ACTION_ROW (row))
        continue;
      radio = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));
      if (GTK_IS_CHECK_BUTTON (radio))
        gtk_check_button_set_active (GTK_CHECK_BUTTON (radio),
                                     chosen != NULL &&
                                     g_object_get_data (G_OBJECT (radio), PROVIDER_KEY) == chosen);
    }
  self->syncing = FALSE;
}

static gboolean
is_busy (SchnackWizardServer *self)
{
  return self->creator != NULL &&
    schnack_account_creator_get_state (self->creator) == SCHNACK_ACCOUNT_CREATOR_CONNECTING;
}

static void
validate (SchnackWizardServer *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->server_entry));
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackJid) jid = parse_server (self, &error);
  SchnackProviderItem *provider = chosen_provider (self);
  gboolean show_error = jid == NULL && *text != '\0';

  if (!self->syncing)
    sync_radios (self);

  gtk_widget_set_visible (GTK_WIDGET (self->server_error_label), show_error);
  gtk_label_set_text (self->server_error_label, show_error ? error->message : "");
  if (show_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->server_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->server_entry), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->server_entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               show_error ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);

  if (is_busy (self))
    return;

  if (provider != NULL && !schnack_provider_item_get_in_band_registration (provider) &&
      schnack_provider_item_get_registration_url (provider) != NULL)
    {
      g_autofree char *text_web =
        g_strdup_printf (_("%s takes new accounts only on its web page. Create your account there, "
                           "then come back and choose “I already have an account”."),
                         schnack_provider_item_get_name (provider));

      gtk_label_set_text (self->web_signup_label, text_web);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->web_signup_button),
                                   schnack_provider_item_get_registration_url (provider));
      gtk_stack_set_visible_child_name (self->action_stack, "web");
      return;
    }

  gtk_stack_set_visible_child_name (self->action_stack, "form");
  gtk_widget_set_sensitive (GTK_WIDGET (self->continue_button),
                            jid != NULL && schnack_wizard_advanced_is_valid (self->advanced));
}

static void
on_web_signup_clicked (SchnackWizardServer *self)
{
  SchnackProviderItem *provider = chosen_provider (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (provider != NULL && schnack_provider_item_get_registration_url (provider) != NULL)
    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                  schnack_provider_item_get_registration_url (provider), GDK_CURRENT_TIME);
}

static void
drop_creator (SchnackWizardServer *self,
              gboolean             cancel)
{
  g_autoptr(SchnackAccountCreator) creator = g_steal_pointer (&self->creator);

  if (creator == NULL)
    return;
  g_signal_handlers_disconnect_by_data (creator, self);
  if (cancel)
    schnack_account_creator_cancel (creator);
}

static void
show_failure (SchnackWizardServer *self)
{
  SchnackAccountCreator *creator = self->creator;
  const GError *error = schnack_account_creator_get_error (creator);
  const char *web_url = schnack_account_creator_get_web_registration_url (creator);
  SchnackProviderItem *provider = chosen_provider (self);

  if (web_url == NULL && provider != NULL &&
      g_error_matches (error, SCHNACK_REGISTER_ERROR, SCHNACK_REGISTER_ERROR_CLOSED))
    web_url = schnack_provider_item_get_registration_url (provider);

  schnack_wizard_problem_show (self->problem, schnack_account_creator_get_error_message (creator));
  schnack_wizard_problem_set_web_url (self->problem, web_url);
  if (g_error_matches (error, SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_CERTIFICATE))
    schnack_wizard_problem_set_certificate (self->problem,
                                            schnack_account_creator_get_certificate_sha256 (creator),
                                            schnack_account_creator_get_certificate_subject (creator));
}

static void
on_creator_state (SchnackWizardServer *self)
{
  g_autoptr(SchnackAccountCreator) creator = g_object_ref (self->creator);
  SchnackAccountCreatorState state = schnack_account_creator_get_state (creator);

  gtk_widget_set_sensitive (GTK_WIDGET (self->form_box), state != SCHNACK_ACCOUNT_CREATOR_CONNECTING);
  switch (state)
    {
    case SCHNACK_ACCOUNT_CREATOR_CONNECTING:
      {
        g_autofree char *text = g_strdup_printf (_("Connecting to %s…"),
                                                 schnack_account_creator_get_domain (creator));

        gtk_label_set_text (self->progress_label, text);
        gtk_stack_set_visible_child_name (self->action_stack, "progress");
        gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
      }
      return;

    case SCHNACK_ACCOUNT_CREATOR_FAILED:
      show_failure (self);
      break;

    case SCHNACK_ACCOUNT_CREATOR_FORM:
      /* From here on the form page owns the creator. */
      drop_creator (self, FALSE);
      g_signal_emit (self, signals[SIGNAL_FORM_READY], 0, creator);
      break;

    case SCHNACK_ACCOUNT_CREATOR_IDLE:
    case SCHNACK_ACCOUNT_CREATOR_SUBMITTING:
    case SCHNACK_ACCOUNT_CREATOR_DONE:
    default:
      break;
    }
  validate (self);
}

static void
on_continue_clicked (SchnackWizardServer *self)
{
  g_autoptr(SchnackJid) jid = parse_server (self, NULL);
  g_autofree char *host = NULL;

  g_return_if_fail (self->manager != NULL);

  if (jid == NULL || !gtk_widget_get_sensitive (GTK_WIDGET (self->continue_button)) ||
      !gtk_widget_get_visible (GTK_WIDGET (self->continue_button)) || is_busy (self))
    return;

  drop_creator (self, TRUE);
  schnack_wizard_problem_clear (self->problem);

  host = schnack_wizard_advanced_dup_host (self->advanced);
  self->creator = schnack_account_creator_new (self->manager);
  schnack_account_creator_set_server_settings (self->creator, host,
                                               schnack_wizard_advanced_get_port (self->advanced),
                                               schnack_wizard_advanced_get_direct_tls (self->advanced));
  g_signal_connect_swapped (self->creator, "notify::state", G_CALLBACK (on_creator_state), self);
  schnack_account_creator_start (self->creator, jid->domain);
}

static void
on_trust (SchnackWizardServer *self,
          const char          *sha256)
{
  if (self->creator == NULL)
    return;
  schnack_wizard_problem_clear (self->problem);
  schnack_account_creator_trust_certificate (self->creator, sha256);
}

static void
on_cancel_clicked (SchnackWizardServer *self)
{
  drop_creator (self, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->form_box), TRUE);
  validate (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->server_entry));
}

/**
 * schnack_wizard_server_abandon:
 *
 * Stops talking to the server: the user left this page.
 */
void
schnack_wizard_server_abandon (SchnackWizardServer *self)
{
  g_return_if_fail (SCHNACK_IS_WIZARD_SERVER (self));

  drop_creator (self, TRUE);
  schnack_wizard_problem_clear (self->problem);
  gtk_widget_set_sensitive (GTK_WIDGET (self->form_box), TRUE);
  validate (self);
}

void
schnack_wizard_server_reset (SchnackWizardServer *self)
{
  g_return_if_fail (SCHNACK_IS_WIZARD_SERVER (self));

  schnack_wizard_server_abandon (self);
  gtk_editable_set_text (GTK_EDITABLE (self->server_entry), "");
  schnack_wizard_advanced_reset (self->advanced);
}

void
schnack_wizard_server_focus (SchnackWizardServer *self)
{
  g_return_if_fail (SCHNACK_IS_WIZARD_SERVER (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->server_entry));
}

void
schnack_wizard_server_set_account_manager (SchnackWizardServer   *self,
                                           SchnackAccountManager *manager)
{
  g_return_if_fail (SCHNACK_IS_WIZARD_SERVER (self));
  g_return_if_fail (manager == NULL || SCHNACK_IS_ACCOUNT_MANAGER (manager));

  drop_creator (self, TRUE);
  g_set_object (&self->manager, manager);
}

static void
load_providers (SchnackWizardServer *self)
{
  g_autoptr(GError) error = NULL;

  self->providers = schnack_provider_list_new_from_resource (&error);
  if (self->providers == NULL)
    {
      /* Typing a server still works; the list is a convenience. */
      g_warning ("The list of providers could not be loaded: %s", error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->provider_box), FALSE);
      return;
    }
  gtk_list_box_bind_model (self->provider_list, self->providers, create_provider_row, self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->provider_box), g_list_model_get_n_items (self->providers) > 0);
}

static void
schnack_wizard_server_dispose (GObject *object)
{
  SchnackWizardServer *self = SCHNACK_WIZARD_SERVER (object);

  drop_creator (self, TRUE);
  if (self->provider_list != NULL)
    gtk_list_box_bind_model (self->provider_list, NULL, NULL, NULL, NULL);
  self->radio_group = NULL;
  g_clear_object (&self->providers);
  g_clear_object (&self->manager);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_WIZARD_SERVER);

  G_OBJECT_CLASS (schnack_wizard_server_parent_class)->dispose (object);
}

static void
schnack_wizard_server_class_init (SchnackWizardServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_wizard_server_dispose;

  /**
   * SchnackWizardServer::form-ready:
   * @creator: connected, in state %SCHNACK_ACCOUNT_CREATOR_FORM
   */
  signals[SIGNAL_FORM_READY] =
    g_signal_new ("form-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SCHNACK_TYPE_ACCOUNT_CREATOR);

  g_type_ensure (SCHNACK_TYPE_WIZARD_ADVANCED);
  g_type_ensure (SCHNACK_TYPE_WIZARD_PROBLEM);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/wizard-server.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardServer, form_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardServer, provider_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardServer, provider_list);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardServer, server_entry);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardServer, server_error_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardServer, advanced);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardServer, problem);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardServer, action_stack);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardServer, continue_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardServer, web_signup_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardServer, web_signup_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardServer, progress_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardServer, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, validate);
  gtk_widget_class_bind_template_callback (widget_class, on_continue_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_web_signup_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_trust);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
}

static void
schnack_wizard_server_init (SchnackWizardServer *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  load_providers (self);
  validate (self);
}
