/* wizard-login.c — the wizard's page for signing in to an existing account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Jabber ID is checked as it is typed, so a typo is explained next
 * to the field instead of by a failed connection. "Log In" then saves
 * the account and waits for the outcome: online ends the wizard; any
 * failure removes the account again, so a failed try leaves nothing
 * behind. The one exception is an untrusted certificate: that account
 * stays while the user decides, because trusting it pins the
 * fingerprint on that account and retries.
 */
#include "config.h"

#include "ui/wizard-login.h"
#include "ui/wizard-advanced.h"
#include "ui/wizard-password.h"
#include "ui/wizard-problem.h"
#include "xmpp/jid.h"

#include <glib/gi18n.h>
#include <string.h>

struct _SchnackWizardLogin {
  AdwBin                   parent_instance;

  GtkBox                   *form_box;
  GtkStack                 *address_stack;
  GtkEntry                 *jid_entry;
  GtkEventControllerFocus  *jid_focus;
  GtkLabel                 *jid_error_label;
  GtkEntry                 *username_entry;
  GtkLabel                 *username_error_label;
  GtkEntry                 *server_entry;
  GtkLabel                 *server_error_label;
  GtkButton                *split_button;
  GtkEntry                 *password_entry;
  GtkSwitch                *remember_switch;
  SchnackWizardAdvanced    *advanced;
  SchnackWizardProblem     *problem;
  GtkStack                 *action_stack;
  GtkButton                *login_button;
  GtkLabel                 *progress_label;
  GtkButton                *cancel_button;

  SchnackAccountManager    *manager;
  SchnackAccount           *pending;     /* saved, not yet online */
  guint                    state_idle_id;
  gboolean                 jid_left;    /* the user moved on from the Jabber ID field */
};

G_DEFINE_FINAL_TYPE (SchnackWizardLogin, schnack_wizard_login, ADW_TYPE_BIN)

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_split (SchnackWizardLogin *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->address_stack), "split") == 0;
}

static const char *
entry_text (gpointer entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static void
show_field_error (GtkWidget  *entry,
                  GtkLabel   *label,
                  const char *message)
{
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  gtk_label_set_text (label, message != NULL ? message : "");
  if (message != NULL)
    gtk_widget_add_css_class (entry, "error");
  else
    gtk_widget_remove_css_class (entry, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               message != NULL ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

/* The address as typed, in either layout; @out_field says which entry
 * an error is about. */
static SchnackJid *
parse_address (SchnackWizardLogin  *self,
               GtkWidget          **out_field,
               GError             **error)
{
  g_autofree char *joined = NULL;
  g_autofree char *username = NULL;
  SchnackJid *jid;

  if (!is_split (self))
    {
      *out_field = GTK_WIDGET (self->jid_entry);
      return schnack_jid_parse_account (entry_text (self->jid_entry), error);
    }

  username = g_strstrip (g_strdup (entry_text (self->username_entry)));
  if (strchr (username, '@') != NULL)
    {
      *out_field = GTK_WIDGET (self->username_entry);
      g_set_error_literal (error, SCHNACK_JID_ERROR, SCHNACK_JID_ERROR_LOCALPART,
                           _("Type only the part before the “@” here."));
      return NULL;
    }
  joined = g_strdup_printf ("%s@%s", username, entry_text (self->server_entry));
  jid = schnack_jid_parse_account (joined, error);
  if (jid == NULL && error != NULL && *error != NULL &&
      ((*error)->code == SCHNACK_JID_ERROR_LOCALPART || (*error)->code == SCHNACK_JID_ERROR_NO_LOCALPART))
    *out_field = GTK_WIDGET (self->username_entry);
  else
    *out_field = GTK_WIDGET (self->server_entry);
  return jid;
}

/* Whether an error is worth showing yet: not for an empty field, and
 * not while someone is still on the way to the "@" or just after it. */
static const char *
error_to_show (SchnackWizardLogin *self,
               GtkWidget          *field,
               const GError       *error)
{
  const char *text = entry_text (field);
  gsize len = strlen (text);

  if (error == NULL || len == 0)
    return NULL;
  if (field == GTK_WIDGET (self->jid_entry))
    {
      /* Still typing: not left yet, or back in the field. */
      gboolean focused = !self->jid_left || gtk_event_controller_focus_contains_focus (self->jid_focus);

      if (strchr (text, '@') == NULL)
        return focused ? NULL : _("A Jabber ID looks like name@example.org.");
      if (text[len - 1] == '@' && focused)
        return NULL;
    }
  return error->message;
}

static void
validate (SchnackWizardLogin *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackJid) jid = NULL;
  GtkWidget *field = NULL;
  const char *message;

  jid = parse_address (self, &field, &error);
  message = error_to_show (self, field, error);

  show_field_error (GTK_WIDGET (self->jid_entry), self->jid_error_label,
                    field == GTK_WIDGET (self->jid_entry) ? message : NULL);
  show_field_error (GTK_WIDGET (self->username_entry), self->username_error_label,
                    field == GTK_WIDGET (self->username_entry) ? message : NULL);
  /* An empty user name is reported at the server field by the parser;
   * it is not the server's fault, so stay quiet until both are typed. */
  if (field == GTK_WIDGET (self->server_entry) && *entry_text (self->username_entry) == '\0')
    message = NULL;
  show_field_error (GTK_WIDGET (self->server_entry), self->server_error_label,
                    field == GTK_WIDGET (self->server_entry) ? message : NULL);

  gtk_widget_set_sensitive (GTK_WIDGET (self->login_button),
                            jid != NULL &&
                            *entry_text (self->password_entry) != '\0' &&
                            schnack_wizard_advanced_is_valid (self->advanced));
}

static void
on_jid_focus_left (SchnackWizardLogin *self)
{
  self->jid_left = TRUE;
  validate (self);
}

static void
on_split_clicked (SchnackWizardLogin *self)
{
  if (is_split (self))
    {
      const char *username = entry_text (self->username_entry);
      const char *server = entry_text (self->server_entry);
      g_autofree char *joined = NULL;

      if (*username != '\0' || *server != '\0')
        joined = g_strdup_printf ("%s@%s", username, server);
      gtk_editable_set_text (GTK_EDITABLE (self->jid_entry), joined != NULL ? joined : "");
      gtk_stack_set_visible_child_name (self->address_stack, "jid");
      gtk_button_set_label (self->split_button, _("Enter user name and server separately"));
      gtk_widget_grab_focus (GTK_WIDGET (self->jid_entry));
    }
  else
    {
      g_auto(GStrv) parts = g_strsplit (entry_text (self->jid_entry), "@", 2);

      gtk_editable_set_text (GTK_EDITABLE (self->username_entry), parts[0] != NULL ? parts[0] : "");
      gtk_editable_set_text (GTK_EDITABLE (self->server_entry),
                             parts[0] != NULL && parts[1] != NULL ? parts[1] : "");
      gtk_stack_set_visible_child_name (self->address_stack, "split");
      gtk_button_set_label (self->split_button, _("Enter a Jabber ID instead"));
      gtk_widget_grab_focus (GTK_WIDGET (self->username_entry));
    }
  validate (self);
}

static void
set_busy (SchnackWizardLogin *self,
          const char         *domain)
{
  gboolean busy = domain != NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->form_box), !busy);
  gtk_stack_set_visible_child_name (self->action_stack, busy ? "progress" : "form");
  if (busy)
    {
      g_autofree char *text = g_strdup_printf (_("Connecting to %s…"), domain);

      gtk_label_set_text (self->progress_label, text);
      gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
    }
}

/* Stops watching the pending account; @remove also takes it out of
 * Schnack again (settings, keyring entry). */
static void
forget_pending (SchnackWizardLogin *self,
                gboolean            remove)
{
  g_autoptr(SchnackAccount) account = g_steal_pointer (&self->pending);
  g_autoptr(GError) error = NULL;

  if (account == NULL)
    return;
  g_signal_handlers_disconnect_by_data (account, self);
  if (remove && self->manager != NULL &&
      !schnack_account_manager_remove (self->manager, account, &error))
    g_warning ("Could not remove the account %s after a failed sign-in: %s",
               schnack_account_get_jid (account), error->message);
}

static char *
describe_failure (SchnackAccount *account)
{
  SchnackConnection *connection = schnack_account_get_connection (account);
  const GError *failure = schnack_connection_get_failure (connection);
  const char *jid = schnack_account_get_jid (account);
  const char *domain = strchr (jid, '@') != NULL ? strchr (jid, '@') + 1 : jid;

  /* The connection's own text promises to keep trying; here it won't. */
  if (g_error_matches (failure, SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_UNREACHABLE))
    return g_strdup_printf (_("The server %s cannot be reached. Check the server name, "
                              "the advanced settings and your internet connection."), domain);
  if (schnack_account_get_status_text (account) != NULL)
    return g_strdup (schnack_account_get_status_text (account));
  return g_strdup (_("Signing in failed."));
}

static gboolean
check_account_state (gpointer user_data)
{
  SchnackWizardLogin *self = user_data;
  /* Removing the account below drops the last other reference. */
  g_autoptr(SchnackAccount) account = NULL;
  SchnackConnection *connection;
  const GError *failure;
  const char *sha256;
  g_autofree char *message = NULL;
  gboolean wrong_password;

  self->state_idle_id = 0;
  if (self->pending == NULL)
    return G_SOURCE_REMOVE;
  account = g_object_ref (self->pending);
  connection = schnack_account_get_connection (account);
  failure = schnack_connection_get_failure (connection);
  sha256 = schnack_connection_get_certificate_sha256 (connection);

  switch (schnack_account_get_state (account))
    {
    case SCHNACK_CONNECTION_ONLINE:
      forget_pending (self, FALSE);
      set_busy (self, NULL);
      g_signal_emit (self, signals[SIGNAL_FINISHED], 0, account);
      break;

    case SCHNACK_CONNECTION_FAILED:
      message = describe_failure (account);
      schnack_wizard_problem_show (self->problem, message);
      if (g_error_matches (failure, SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_CERTIFICATE) &&
          sha256 != NULL)
        {
          schnack_wizard_problem_set_certificate (self->problem, sha256,
                                                  schnack_connection_get_certificate_subject (connection));
          set_busy (self, NULL);
          break;
        }
      wrong_password = g_error_matches (failure, SCHNACK_CONNECTION_ERROR,
                                        SCHNACK_CONNECTION_ERROR_AUTHENTICATION);
      forget_pending (self, TRUE);
      set_busy (self, NULL);
      if (wrong_password)
        {
          gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
          gtk_editable_select_region (GTK_EDITABLE (self->password_entry), 0, -1);
        }
      break;

    case SCHNACK_CONNECTION_OFFLINE:
    case SCHNACK_CONNECTION_CONNECTING:
    default:
      break;
    }
  return G_SOURCE_REMOVE;
}

/* Not acted on inside the account's own notification: removing it there
 * would pull it out from under the code that is notifying. */
static void
on_account_state (SchnackWizardLogin *self)
{
  if (self->state_idle_id == 0)
    self->state_idle_id = g_idle_add (check_account_state, self);
}

static void
on_login_clicked (SchnackWizardLogin *self)
{
  g_autoptr(SchnackJid) jid = NULL;
  g_autoptr(SchnackAccountRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  const char *password = entry_text (self->password_entry);
  GtkWidget *field = NULL;
  SchnackAccount *account;

  g_return_if_fail (self->manager != NULL);

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->login_button)) ||
      !gtk_widget_get_sensitive (GTK_WIDGET (self->form_box)))
    return;
  jid = parse_address (self, &field, &error);
  if (jid == NULL || *password == '\0')
    return;

  /* A new try replaces one that waits for a certificate decision. */
  forget_pending (self, TRUE);
  schnack_wizard_problem_clear (self->problem);

  record = schnack_account_record_new ();
  record->jid = schnack_jid_to_bare (jid);
  record->resource = g_strdup (jid->resource);
  record->host = schnack_wizard_advanced_dup_host (self->advanced);
  record->port = schnack_wizard_advanced_get_port (self->advanced);
  record->direct_tls = schnack_wizard_advanced_get_direct_tls (self->advanced);

  account = schnack_account_manager_add (self->manager, record, password,
                                         gtk_switch_get_active (self->remember_switch), &error);
  if (account == NULL)
    {
      schnack_wizard_problem_show (self->problem, error->message);
      return;
    }

  self->pending = g_object_ref (account);
  g_signal_connect_swapped (account, "notify::state", G_CALLBACK (on_account_state), self);
  set_busy (self, jid->domain);
}

static void
on_trust (SchnackWizardLogin *self,
          const char         *sha256)
{
  g_autoptr(GError) error = NULL;
  const char *jid;

  if (self->pending == NULL)
    return;
  if (!schnack_account_trust_certificate (self->pending, sha256, &error))
    {
      schnack_wizard_problem_show (self->problem, error->message);
      return;
    }
  jid = schnack_account_get_jid (self->pending);
  schnack_wizard_problem_clear (self->problem);
  set_busy (self, strchr (jid, '@') != NULL ? strchr (jid, '@') + 1 : jid);
}

static void
on_cancel_clicked (SchnackWizardLogin *self)
{
  forget_pending (self, TRUE);
  set_busy (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->login_button));
}

/**
 * schnack_wizard_login_abandon:
 *
 * Stops a sign-in in progress and removes its account: the user left
 * this page or the wizard.
 */
void
schnack_wizard_login_abandon (SchnackWizardLogin *self)
{
  g_return_if_fail (SCHNACK_IS_WIZARD_LOGIN (self));

  forget_pending (self, TRUE);
  set_busy (self, NULL);
  schnack_wizard_problem_clear (self->problem);
}

void
schnack_wizard_login_reset (SchnackWizardLogin *self)
{
  g_return_if_fail (SCHNACK_IS_WIZARD_LOGIN (self));

  schnack_wizard_login_abandon (self);
  if (is_split (self))
    on_split_clicked (self);
  gtk_editable_set_text (GTK_EDITABLE (self->jid_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->username_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->server_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  gtk_switch_set_active (self->remember_switch, TRUE);
  schnack_wizard_advanced_reset (self->advanced);
  self->jid_left = FALSE;
  validate (self);
}

void
schnack_wizard_login_focus (SchnackWizardLogin *self)
{
  g_return_if_fail (SCHNACK_IS_WIZARD_LOGIN (self));

  gtk_widget_grab_focus (GTK_WIDGET (is_split (self) ? self->username_entry : self->jid_entry));
}

void
schnack_wizard_login_set_account_manager (SchnackWizardLogin    *self,
                                          SchnackAccountManager *manager)
{
  g_return_if_fail (SCHNACK_IS_WIZARD_LOGIN (self));
  g_return_if_fail (manager == NULL || SCHNACK_IS_ACCOUNT_MANAGER (manager));

  forget_pending (self, TRUE);
  g_set_object (&self->manager, manager);
}

static void
schnack_wizard_login_dispose (GObject *object)
{
  SchnackWizardLogin *self = SCHNACK_WIZARD_LOGIN (object);

  forget_pending (self, TRUE);
  g_clear_handle_id (&self->state_idle_id, g_source_remove);
  g_clear_object (&self->manager);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_WIZARD_LOGIN);

  G_OBJECT_CLASS (schnack_wizard_login_parent_class)->dispose (object);
}

static void
schnack_wizard_login_class_init (SchnackWizardLoginClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_wizard_login_dispose;

  /**
   * SchnackWizardLogin::finished:
   * @account: the account, online
   */
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SCHNACK_TYPE_ACCOUNT);

  g_type_ensure (SCHNACK_TYPE_WIZARD_ADVANCED);
  g_type_ensure (SCHNACK_TYPE_WIZARD_PROBLEM);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/wizard-login.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardLogin, form_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardLogin, address_stack);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardLogin, jid_entry);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardLogin, jid_focus);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardLogin, jid_error_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardLogin, username_entry);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardLogin, username_error_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardLogin, server_entry);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardLogin, server_error_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardLogin, split_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardLogin, password_entry);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardLogin, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardLogin, advanced);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardLogin, problem);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardLogin, action_stack);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardLogin, login_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardLogin, progress_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardLogin, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, validate);
  gtk_widget_class_bind_template_callback (widget_class, on_jid_focus_left);
  gtk_widget_class_bind_template_callback (widget_class, on_split_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_login_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_trust);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
}

static void
schnack_wizard_login_init (SchnackWizardLogin *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  schnack_wizard_password_setup (self->password_entry);
  validate (self);
}
