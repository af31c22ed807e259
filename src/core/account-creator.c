/* account-creator.c — create an account on a server from inside Schnack
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drives XEP-0077 for the wizard: open a secured registration stream to
 * the chosen server, fetch its form (fixed fields or a data form with a
 * CAPTCHA), offer it as a list of SchnackRegistrationField, submit, and
 * on success save the account and sign it in. Every failure ends as one
 * sentence for the user and, where it concerns one field, that field's
 * var so the form can point at it.
 */
#include "config.h"

#include "core/account-creator.h"
#include "xmpp/jid.h"
#include "xmpp/register.h"
#include "schnack-utils.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _SchnackAccountCreator {
  GObject                     parent_instance;

  SchnackAccountManager      *manager;
  SchnackConnection          *connection;
  GCancellable               *cancellable;

  char                       *domain;
  char                       *host;
  guint16                     port;
  gboolean                    direct_tls;
  char                       *ca_file;
  char                       *pinned_sha256;

  SchnackAccountCreatorState  state;
  SchnackRegistrationForm    *form;
  GListStore                 *fields;
  GError                     *error;
  char                       *error_field;
  char                       *web_registration_url;
  char                       *certificate_sha256;
  char                       *certificate_subject;
  SchnackAccount             *account;
  gboolean                    remember_password;
};

G_DEFINE_FINAL_TYPE (SchnackAccountCreator, schnack_account_creator, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (SchnackAccountCreatorState, schnack_account_creator_state,
                    G_DEFINE_ENUM_VALUE (SCHNACK_ACCOUNT_CREATOR_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_ACCOUNT_CREATOR_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_ACCOUNT_CREATOR_FORM, "form"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_ACCOUNT_CREATOR_SUBMITTING, "submitting"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_ACCOUNT_CREATOR_DONE, "done"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_ACCOUNT_CREATOR_FAILED, "failed"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_DOMAIN,
  PROP_ERROR_MESSAGE,
  PROP_ERROR_FIELD,
  PROP_WEB_REGISTRATION_URL,
  PROP_CERTIFICATE_SHA256,
  PROP_INSTRUCTIONS,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void request_form (SchnackAccountCreator *self);

static void
notify (SchnackAccountCreator *self,
        guint                  prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* One state change with what explains it, notified together. */
static void
set_state (SchnackAccountCreator      *self,
           SchnackAccountCreatorState  state,
           GError                     *error,
           const char                 *error_field)
{
  g_object_freeze_notify (G_OBJECT (self));

  g_clear_error (&self->error);
  self->error = error;
  notify (self, PROP_ERROR_MESSAGE);
  if (schnack_set_str (&self->error_field, error_field))
    notify (self, PROP_ERROR_FIELD);
  if (self->state != state)
    {
      self->state = state;
      notify (self, PROP_STATE);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
drop_connection (SchnackAccountCreator *self)
{
  if (self->connection == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->connection, self);
  schnack_connection_disconnect (self->connection);
  g_clear_object (&self->connection);
}

static const char *
legacy_field_label (const char *name)
{
  static const struct { const char *name; const char *label; } labels[] = {
    { "username", N_("User name") },
    { "password", N_("Password") },
    { "email", N_("Email address") },
    { "name", N_("Full name") },
    { "first", N_("First name") },
    { "last", N_("Last name") },
    { "nick", N_("Nickname") },
    { "address", N_("Street address") },
    { "city", N_("City") },
    { "zip", N_("Postal code") },
    { "phone", N_("Phone number") },
    { "url", N_("Web page") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].name, name))
      return _(labels[i].label);
  return name;
}

static SchnackRegistrationFieldKind
kind_for_var (const char                   *var,
              SchnackRegistrationFieldKind  fallback)
{
  if (g_strcmp0 (var, "username") == 0)
    return SCHNACK_REGISTRATION_FIELD_USERNAME;
  if (g_strcmp0 (var, "password") == 0)
    return SCHNACK_REGISTRATION_FIELD_PASSWORD;
  if (g_strcmp0 (var, "email") == 0)
    return SCHNACK_REGISTRATION_FIELD_EMAIL;
  return fallback;
}

static SchnackRegistrationField *
field_from_form_field (SchnackAccountCreator *self,
                       SchnackFormField      *form_field)
{
  SchnackRegistrationField *field;
  SchnackRegistrationFieldKind kind;
  const char *cid_type = NULL;
  const char *cid;
  const char *label = form_field->label;

  switch (form_field->type)
    {
    case SCHNACK_FORM_FIELD_HIDDEN:
      return NULL;
    case SCHNACK_FORM_FIELD_FIXED:
      {
        g_autofree char *text = schnack_form_field_dup_text (form_field);

        field = schnack_registration_field_new (form_field->var, SCHNACK_REGISTRATION_FIELD_INFO,
                                                text != NULL && *text != '\0' ? text : label);
        return field;
      }
    case SCHNACK_FORM_FIELD_BOOLEAN:
      kind = SCHNACK_REGISTRATION_FIELD_BOOLEAN;
      break;
    case SCHNACK_FORM_FIELD_LIST_SINGLE:
      kind = SCHNACK_REGISTRATION_FIELD_CHOICE;
      break;
    case SCHNACK_FORM_FIELD_TEXT_PRIVATE:
      kind = SCHNACK_REGISTRATION_FIELD_SECRET;
      break;
    case SCHNACK_FORM_FIELD_TEXT_MULTI:
    case SCHNACK_FORM_FIELD_JID_MULTI:
    case SCHNACK_FORM_FIELD_LIST_MULTI:
      kind = SCHNACK_REGISTRATION_FIELD_MULTILINE;
      break;
    case SCHNACK_FORM_FIELD_JID_SINGLE:
    case SCHNACK_FORM_FIELD_TEXT_SINGLE:
    default:
      kind = SCHNACK_REGISTRATION_FIELD_TEXT;
      break;
    }

  /* ejabberd's fallbacks for clients that cannot show the picture. */
  if (form_field->var != NULL && g_str_has_prefix (form_field->var, "captcha-fallback"))
    return NULL;

  kind = kind_for_var (form_field->var, kind);
  if (form_field->media != NULL && form_field->media->len > 0)
    kind = SCHNACK_REGISTRATION_FIELD_CAPTCHA;

  if (label == NULL && kind != SCHNACK_REGISTRATION_FIELD_TEXT)
    label = legacy_field_label (form_field->var);
  field = schnack_registration_field_new (form_field->var, kind, label);
  schnack_registration_field_set_required (field, form_field->required ||
                                           kind == SCHNACK_REGISTRATION_FIELD_USERNAME ||
                                           kind == SCHNACK_REGISTRATION_FIELD_PASSWORD ||
                                           kind == SCHNACK_REGISTRATION_FIELD_CAPTCHA);
  schnack_registration_field_set_description (field, form_field->desc);
  if (kind != SCHNACK_REGISTRATION_FIELD_CAPTCHA && kind != SCHNACK_REGISTRATION_FIELD_PASSWORD)
    schnack_registration_field_set_value (field, schnack_form_field_get_value (form_field));

  if (kind == SCHNACK_REGISTRATION_FIELD_CHOICE && form_field->options != NULL)
    {
      g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
      g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
      g_auto(GStrv) label_strv = NULL;
      g_auto(GStrv) value_strv = NULL;

      for (guint i = 0; i < form_field->options->len; i++)
        {
          SchnackFormOption *option = g_ptr_array_index (form_field->options, i);

          g_strv_builder_add (labels, option->label != NULL ? option->label : option->value);
          g_strv_builder_add (values, option->value);
        }
      label_strv = g_strv_builder_end (labels);
      value_strv = g_strv_builder_end (values);
      schnack_registration_field_set_choices (field, (const char * const *) label_strv,
                                              (const char * const *) value_strv);
    }

  if (kind == SCHNACK_REGISTRATION_FIELD_CAPTCHA)
    {
      g_autoptr(GBytes) image = NULL;
      const char *url = NULL;

      cid = schnack_form_field_get_media_cid (form_field, &cid_type);
      if (cid != NULL)
        image = schnack_bob_data_find (self->form->query, cid, NULL);
      for (guint i = 0; i < form_field->media->len && url == NULL; i++)
        {
          SchnackFormMediaUri *uri = g_ptr_array_index (form_field->media, i);

          if (g_str_has_prefix (uri->uri, "https:") || g_str_has_prefix (uri->uri, "http:"))
            url = uri->uri;
        }
      schnack_registration_field_set_image (field, image, url);
    }
  return field;
}

static void
build_fields (SchnackAccountCreator *self)
{
  g_list_store_remove_all (self->fields);

  if (self->form->form != NULL)
    {
      for (guint i = 0; i < self->form->form->fields->len; i++)
        {
          g_autoptr(SchnackRegistrationField) field =
            field_from_form_field (self, g_ptr_array_index (self->form->form->fields, i));

          if (field != NULL)
            g_list_store_append (self->fields, field);
        }
      return;
    }

  for (guint i = 0; i < self->form->legacy_fields->len; i++)
    {
      const char *name = g_ptr_array_index (self->form->legacy_fields, i);
      SchnackRegistrationFieldKind kind = kind_for_var (name, SCHNACK_REGISTRATION_FIELD_TEXT);
      g_autoptr(SchnackRegistrationField) field =
        schnack_registration_field_new (name, kind, legacy_field_label (name));

      /* XEP-0077 §3.1: every field the server lists is required. */
      schnack_registration_field_set_required (field, TRUE);
      g_list_store_append (self->fields, field);
    }
}

static void
on_form_received (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SchnackAccountCreator) self = user_data;
  g_autoptr(GError) error = NULL;
  SchnackRegistrationForm *form = schnack_register_request_form_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (form == NULL)
    {
      set_state (self, SCHNACK_ACCOUNT_CREATOR_FAILED, g_steal_pointer (&error), NULL);
      drop_connection (self);
      return;
    }

  g_clear_pointer (&self->form, schnack_registration_form_free);
  self->form = form;
  if (schnack_set_str (&self->web_registration_url, form->oob_url))
    notify (self, PROP_WEB_REGISTRATION_URL);
  notify (self, PROP_INSTRUCTIONS);

  if (schnack_registration_form_is_empty (form))
    {
      set_state (self, SCHNACK_ACCOUNT_CREATOR_FAILED,
                 g_error_new (SCHNACK_REGISTER_ERROR, SCHNACK_REGISTER_ERROR_CLOSED,
                              form->oob_url != NULL
                              ? _("%s only takes new accounts on its web page.")
                              : _("%s does not allow creating accounts from a chat program."),
                              self->domain),
                 NULL);
      drop_connection (self);
      return;
    }

  build_fields (self);
  /* A new CAPTCHA after a failed try keeps the error that explains it. */
  set_state (self, SCHNACK_ACCOUNT_CREATOR_FORM,
             self->error != NULL ? g_error_copy (self->error) : NULL, self->error_field);
}

static void
request_form (SchnackAccountCreator *self)
{
  schnack_register_request_form_async (self->connection, self->cancellable,
                                       on_form_received, g_object_ref (self));
}

static void
on_connection_state (SchnackAccountCreator *self)
{
  SchnackConnection *connection = self->connection;

  switch (schnack_connection_get_state (connection))
    {
    case SCHNACK_CONNECTION_ONLINE:
      if (self->state == SCHNACK_ACCOUNT_CREATOR_CONNECTING)
        request_form (self);
      break;

    case SCHNACK_CONNECTION_FAILED:
    case SCHNACK_CONNECTION_OFFLINE:
      if (self->state == SCHNACK_ACCOUNT_CREATOR_DONE ||
          self->state == SCHNACK_ACCOUNT_CREATOR_IDLE)
        break;
      if (schnack_set_str (&self->certificate_sha256,
                           schnack_connection_get_certificate_sha256 (connection)))
        notify (self, PROP_CERTIFICATE_SHA256);
      schnack_set_str (&self->certificate_subject,
                       schnack_connection_get_certificate_subject (connection));
      set_state (self, SCHNACK_ACCOUNT_CREATOR_FAILED,
                 schnack_connection_get_failure (connection) != NULL
                 ? g_error_copy (schnack_connection_get_failure (connection))
                 : g_error_new (SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_CONNECTION_LOST,
                                _("The connection to %s was closed."), self->domain),
                 NULL);
      drop_connection (self);
      break;

    case SCHNACK_CONNECTION_CONNECTING:
    default:
      break;
    }
}

/**
 * schnack_account_creator_start:
 * @domain: the server, e.g. "jabber.de"
 *
 * Connects to @domain and fetches its sign-up form.
 */
void
schnack_account_creator_start (SchnackAccountCreator *self,
                               const char            *domain)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackJid) jid = NULL;

  g_return_if_fail (SCHNACK_IS_ACCOUNT_CREATOR (self));
  g_return_if_fail (domain != NULL);

  schnack_account_creator_cancel (self);

  jid = schnack_jid_parse (domain, &error);
  if (jid == NULL || jid->localpart != NULL || jid->resource != NULL)
    {
      if (error == NULL)
        error = g_error_new (SCHNACK_JID_ERROR, SCHNACK_JID_ERROR_DOMAIN,
                             _("“%s” is not a valid server name."), domain);
      set_state (self, SCHNACK_ACCOUNT_CREATOR_FAILED, g_steal_pointer (&error), NULL);
      return;
    }

  if (schnack_set_str (&self->domain, jid->domain))
    notify (self, PROP_DOMAIN);
  g_clear_pointer (&self->certificate_sha256, g_free);
  g_clear_pointer (&self->certificate_subject, g_free);
  notify (self, PROP_CERTIFICATE_SHA256);
  self->cancellable = g_cancellable_new ();

  self->connection = schnack_connection_new_for_registration (self->domain);
  schnack_connection_set_server (self->connection, self->host, self->port, self->direct_tls);
  schnack_connection_set_ca_file (self->connection, self->ca_file);
  schnack_connection_set_pinned_certificate (self->connection, self->pinned_sha256);
  g_signal_connect_swapped (self->connection, "notify::state",
                            G_CALLBACK (on_connection_state), self);

  set_state (self, SCHNACK_ACCOUNT_CREATOR_CONNECTING, NULL, NULL);
  schnack_connection_connect (self->connection);
}

/* Which field an error is about, so the form can point at it. */
static const char *
field_for_error (SchnackAccountCreator *self,
                 const GError          *error)
{
  SchnackRegistrationField *field = NULL;

  if (error->domain != SCHNACK_REGISTER_ERROR)
    return NULL;

  switch (error->code)
    {
    case SCHNACK_REGISTER_ERROR_USERNAME_TAKEN:
      field = schnack_account_creator_find_field (self, SCHNACK_REGISTRATION_FIELD_USERNAME);
      break;
    case SCHNACK_REGISTER_ERROR_PASSWORD_REJECTED:
      /* Servers use not-acceptable for a bad user name as well. */
      if (strstr (error->message, "sername") != NULL && strstr (error->message, "assword") == NULL)
        field = schnack_account_creator_find_field (self, SCHNACK_REGISTRATION_FIELD_USERNAME);
      else
        field = schnack_account_creator_find_field (self, SCHNACK_REGISTRATION_FIELD_PASSWORD);
      break;
    case SCHNACK_REGISTER_ERROR_CAPTCHA_WRONG:
      field = schnack_account_creator_find_field (self, SCHNACK_REGISTRATION_FIELD_CAPTCHA);
      break;
    default:
      break;
    }
  return field != NULL ? schnack_registration_field_get_var (field) : NULL;
}

static void
forget_secrets (SchnackAccountCreator *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->fields));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackRegistrationField) field = g_list_model_get_item (G_LIST_MODEL (self->fields), i);
      SchnackRegistrationFieldKind kind = schnack_registration_field_get_kind (field);

      if (kind == SCHNACK_REGISTRATION_FIELD_PASSWORD || kind == SCHNACK_REGISTRATION_FIELD_SECRET)
        schnack_registration_field_set_value (field, NULL);
    }
}

static void
finish_with_new_account (SchnackAccountCreator *self)
{
  SchnackRegistrationField *username_field =
    schnack_account_creator_find_field (self, SCHNACK_REGISTRATION_FIELD_USERNAME);
  SchnackRegistrationField *password_field =
    schnack_account_creator_find_field (self, SCHNACK_REGISTRATION_FIELD_PASSWORD);
  g_autoptr(SchnackAccountRecord) record = schnack_account_record_new ();
  g_autoptr(SchnackJid) jid = NULL;
  g_autofree char *typed = NULL;
  g_autoptr(GError) error = NULL;
  SchnackAccount *account;

  typed = g_strdup_printf ("%s@%s", schnack_registration_field_get_value (username_field), self->domain);
  jid = schnack_jid_parse_account (typed, &error);
  if (jid == NULL)
    {
      set_state (self, SCHNACK_ACCOUNT_CREATOR_FAILED, g_steal_pointer (&error), NULL);
      return;
    }

  record->jid = schnack_jid_to_bare (jid);
  record->host = g_strdup (self->host);
  record->port = self->port;
  record->direct_tls = self->direct_tls;
  record->pinned_cert_sha256 = g_strdup (self->pinned_sha256);
  account = schnack_account_manager_add (self->manager, record,
                                         schnack_registration_field_get_value (password_field),
                                         self->remember_password, &error);
  forget_secrets (self);
  if (account == NULL)
    {
      set_state (self, SCHNACK_ACCOUNT_CREATOR_FAILED, g_steal_pointer (&error), NULL);
      return;
    }

  g_set_object (&self->account, account);
  notify (self, PROP_ACCOUNT);
  set_state (self, SCHNACK_ACCOUNT_CREATOR_DONE, NULL, NULL);
  drop_connection (self);
}

static void
on_submitted (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SchnackAccountCreator) self = user_data;
  g_autoptr(GError) error = NULL;
  const char *field;

  if (schnack_register_submit_finish (result, &error))
    {
      finish_with_new_account (self);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error->domain != SCHNACK_REGISTER_ERROR ||
      error->code == SCHNACK_REGISTER_ERROR_CLOSED)
    {
      set_state (self, SCHNACK_ACCOUNT_CREATOR_FAILED, g_steal_pointer (&error), NULL);
      drop_connection (self);
      return;
    }

  field = field_for_error (self, error);
  /* A CAPTCHA answers once: ask for a fresh one with the error kept. */
  if (schnack_registration_form_has_captcha (self->form))
    {
      set_state (self, SCHNACK_ACCOUNT_CREATOR_SUBMITTING, g_steal_pointer (&error), field);
      request_form (self);
      return;
    }
  set_state (self, SCHNACK_ACCOUNT_CREATOR_FORM, g_steal_pointer (&error), field);
}

/**
 * schnack_account_creator_submit:
 * @remember_password: save the new password in the keyring
 *
 * Sends the field values. On success the account is saved and signs in
 * (#SchnackAccountCreator:account); otherwise the form comes back with
 * #SchnackAccountCreator:error-message.
 */
void
schnack_account_creator_submit (SchnackAccountCreator *self,
                                gboolean               remember_password)
{
  g_autoptr(GHashTable) legacy_values = NULL;
  guint n;

  g_return_if_fail (SCHNACK_IS_ACCOUNT_CREATOR (self));
  g_return_if_fail (self->state == SCHNACK_ACCOUNT_CREATOR_FORM);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->fields));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackRegistrationField) field = g_list_model_get_item (G_LIST_MODEL (self->fields), i);
      const char *value = schnack_registration_field_get_value (field);

      if (schnack_registration_field_get_required (field) && (value == NULL || *value == '\0'))
        {
          set_state (self, SCHNACK_ACCOUNT_CREATOR_FORM,
                     g_error_new (SCHNACK_REGISTER_ERROR, SCHNACK_REGISTER_ERROR_INVALID,
                                  _("Please fill in “%s”."), schnack_registration_field_get_label (field)),
                     schnack_registration_field_get_var (field));
          return;
        }
    }

  legacy_values = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackRegistrationField) field = g_list_model_get_item (G_LIST_MODEL (self->fields), i);
      const char *var = schnack_registration_field_get_var (field);
      const char *value = schnack_registration_field_get_value (field);

      if (var == NULL || schnack_registration_field_get_kind (field) == SCHNACK_REGISTRATION_FIELD_INFO)
        continue;
      if (self->form->form != NULL)
        schnack_data_form_set_value (self->form->form, var, value != NULL ? value : "");
      else if (value != NULL)
        g_hash_table_insert (legacy_values, (gpointer) var, (gpointer) value);
    }

  self->remember_password = remember_password;
  set_state (self, SCHNACK_ACCOUNT_CREATOR_SUBMITTING, NULL, NULL);
  schnack_register_submit_async (self->connection, self->form, legacy_values,
                                 self->cancellable, on_submitted, g_object_ref (self));
}

/**
 * schnack_account_creator_trust_certificate:
 *
 * The user checked the fingerprint: accept exactly this certificate
 * (here and for the new account) and connect again.
 */
void
schnack_account_creator_trust_certificate (SchnackAccountCreator *self,
                                           const char            *sha256_hex)
{
  g_autofree char *domain = NULL;

  g_return_if_fail (SCHNACK_IS_ACCOUNT_CREATOR (self));
  g_return_if_fail (sha256_hex != NULL && self->domain != NULL);

  schnack_set_str (&self->pinned_sha256, sha256_hex);
  domain = g_strdup (self->domain);
  schnack_account_creator_start (self, domain);
}

void
schnack_account_creator_cancel (SchnackAccountCreator *self)
{
  g_return_if_fail (SCHNACK_IS_ACCOUNT_CREATOR (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_connection (self);
  g_clear_pointer (&self->form, schnack_registration_form_free);
  g_list_store_remove_all (self->fields);
  if (self->state != SCHNACK_ACCOUNT_CREATOR_DONE)
    set_state (self, SCHNACK_ACCOUNT_CREATOR_IDLE, NULL, NULL);
}

void
schnack_account_creator_set_server_settings (SchnackAccountCreator *self,
                                             const char            *host,
                                             guint16                port,
                                             gboolean               direct_tls)
{
  g_return_if_fail (SCHNACK_IS_ACCOUNT_CREATOR (self));

  schnack_set_str (&self->host, host != NULL && *host != '\0' ? host : NULL);
  self->port = port;
  self->direct_tls = direct_tls;
}

void
schnack_account_creator_set_ca_file (SchnackAccountCreator *self,
                                     const char            *ca_file)
{
  g_return_if_fail (SCHNACK_IS_ACCOUNT_CREATOR (self));
  schnack_set_str (&self->ca_file, ca_file);
}

SchnackAccountCreatorState
schnack_account_creator_get_state (SchnackAccountCreator *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_CREATOR (self), SCHNACK_ACCOUNT_CREATOR_IDLE);
  return self->state;
}

const char *
schnack_account_creator_get_domain (SchnackAccountCreator *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_CREATOR (self), NULL);
  return self->domain;
}

/**
 * schnack_account_creator_get_fields:
 * Returns: (transfer none): the SchnackRegistrationField to fill in
 */
GListModel *
schnack_account_creator_get_fields (SchnackAccountCreator *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_CREATOR (self), NULL);
  return G_LIST_MODEL (self->fields);
}

/**
 * schnack_account_creator_find_field:
 * Returns: (transfer none) (nullable): the first field of that kind
 */
SchnackRegistrationField *
schnack_account_creator_find_field (SchnackAccountCreator        *self,
                                    SchnackRegistrationFieldKind  kind)
{
  guint n;

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_CREATOR (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->fields));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackRegistrationField) field = g_list_model_get_item (G_LIST_MODEL (self->fields), i);

      if (schnack_registration_field_get_kind (field) == kind)
        return field;
    }
  return NULL;
}

const char *
schnack_account_creator_get_instructions (SchnackAccountCreator *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_CREATOR (self), NULL);

  if (self->form == NULL)
    return NULL;
  if (self->form->form != NULL && self->form->form->instructions != NULL)
    return self->form->form->instructions;
  return self->form->instructions;
}

const GError *
schnack_account_creator_get_error (SchnackAccountCreator *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_CREATOR (self), NULL);
  return self->error;
}

const char *
schnack_account_creator_get_error_message (SchnackAccountCreator *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_CREATOR (self), NULL);
  return self->error != NULL ? self->error->message : NULL;
}

const char *
schnack_account_creator_get_error_field (SchnackAccountCreator *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_CREATOR (self), NULL);
  return self->error_field;
}

const char *
schnack_account_creator_get_web_registration_url (SchnackAccountCreator *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_CREATOR (self), NULL);
  return self->web_registration_url;
}

const char *
schnack_account_creator_get_certificate_sha256 (SchnackAccountCreator *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_CREATOR (self), NULL);
  return self->certificate_sha256;
}

const char *
schnack_account_creator_get_certificate_subject (SchnackAccountCreator *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_CREATOR (self), NULL);
  return self->certificate_subject;
}

/**
 * schnack_account_creator_get_account:
 * Returns: (transfer none) (nullable): the new account, once done
 */
SchnackAccount *
schnack_account_creator_get_account (SchnackAccountCreator *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_CREATOR (self), NULL);
  return self->account;
}

static void
schnack_account_creator_dispose (GObject *object)
{
  SchnackAccountCreator *self = SCHNACK_ACCOUNT_CREATOR (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_connection (self);
  g_clear_object (&self->account);
  g_clear_object (&self->manager);
  if (self->fields != NULL)
    forget_secrets (self);
  g_clear_object (&self->fields);

  G_OBJECT_CLASS (schnack_account_creator_parent_class)->dispose (object);
}

static void
schnack_account_creator_finalize (GObject *object)
{
  SchnackAccountCreator *self = SCHNACK_ACCOUNT_CREATOR (object);

  g_clear_pointer (&self->form, schnack_registration_form_free);
  g_clear_error (&self->error);
  g_free (self->error_field);
  g_free (self->domain);
  g_free (self->host);
  g_free (self->ca_file);
  g_free (self->pinned_sha256);
  g_free (self->web_registration_url);
  g_free (self->certificate_sha256);
  g_free (self->certificate_subject);

  G_OBJECT_CLASS (schnack_account_creator_parent_class)->finalize (object);
}

static void
schnack_account_creator_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  SchnackAccountCreator *self = SCHNACK_ACCOUNT_CREATOR (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_DOMAIN:
      g_value_set_string (value, self->domain);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, schnack_account_creator_get_error_message (self));
      break;
    case PROP_ERROR_FIELD:
      g_value_set_string (value, self->error_field);
      break;
    case PROP_WEB_REGISTRATION_URL:
      g_value_set_string (value, self->web_registration_url);
      break;
    case PROP_CERTIFICATE_SHA256:
      g_value_set_string (value, self->certificate_sha256);
      break;
    case PROP_INSTRUCTIONS:
      g_value_set_string (value, schnack_account_creator_get_instructions (self));
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_account_creator_class_init (SchnackAccountCreatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = schnack_account_creator_dispose;
  object_class->finalize = schnack_account_creator_finalize;
  object_class->get_property = schnack_account_creator_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SCHNACK_TYPE_ACCOUNT_CREATOR_STATE,
                       SCHNACK_ACCOUNT_CREATOR_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOMAIN] =
    g_param_spec_string ("domain", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_FIELD] =
    g_param_spec_string ("error-field", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WEB_REGISTRATION_URL] =
    g_param_spec_string ("web-registration-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CERTIFICATE_SHA256] =
    g_param_spec_string ("certificate-sha256", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INSTRUCTIONS] =
    g_param_spec_string ("instructions", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, SCHNACK_TYPE_ACCOUNT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schnack_account_creator_init (SchnackAccountCreator *self)
{
  self->fields = g_list_store_new (SCHNACK_TYPE_REGISTRATION_FIELD);
}

SchnackAccountCreator *
schnack_account_creator_new (SchnackAccountManager *manager)
{
  SchnackAccountCreator *self;

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (manager), NULL);

  self = g_object_new (SCHNACK_TYPE_ACCOUNT_CREATOR, NULL);
  self->manager = g_object_ref (manager);
  self->ca_file = g_strdup (schnack_account_manager_get_ca_file (manager));
  return self;
}
