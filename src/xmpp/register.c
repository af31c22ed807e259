/* register.c — in-band registration (XEP-0077)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Creating an account (on a registration stream, before signing in),
 * changing its password and deleting it (on a signed-in connection).
 * Errors become SCHNACK_REGISTER_ERROR with a sentence for a person; the
 * server's own <text/> is added because servers explain their password
 * rules and limits there. Error replies can echo the submitted form,
 * password included: they are never logged.
 */
#include "config.h"

#include "xmpp/register.h"
#include "xmpp/stanza-error.h"

#include <glib/gi18n-lib.h>

#define NS_REGISTER "jabber:iq:register"
#define NS_OOB "jabber:x:oob"

G_DEFINE_QUARK (schnack-register-error-quark, schnack_register_error)

void
schnack_registration_form_free (SchnackRegistrationForm *form)
{
  if (form == NULL)
    return;
  g_free (form->instructions);
  g_clear_pointer (&form->legacy_fields, g_ptr_array_unref);
  g_clear_pointer (&form->form, schnack_data_form_unref);
  g_clear_pointer (&form->query, schnack_xml_node_unref);
  g_free (form->oob_url);
  g_free (form);
}

/* Only a web address (or nothing): sign-up happens elsewhere. */
gboolean
schnack_registration_form_is_empty (const SchnackRegistrationForm *form)
{
  g_return_val_if_fail (form != NULL, TRUE);
  return form->form == NULL && form->legacy_fields->len == 0;
}

/* XEP-0158: the challenge is a field that carries media (an image). */
gboolean
schnack_registration_form_has_captcha (const SchnackRegistrationForm *form)
{
  g_return_val_if_fail (form != NULL, FALSE);

  if (form->form == NULL)
    return FALSE;
  for (guint i = 0; i < form->form->fields->len; i++)
    {
      SchnackFormField *field = g_ptr_array_index (form->form->fields, i);

      if (field->media != NULL && field->media->len > 0)
        return TRUE;
    }
  return FALSE;
}

static SchnackXmlNode *
new_register_iq (const char      *type,
                 SchnackXmlNode **out_query)
{
  SchnackXmlNode *iq = schnack_xml_node_new_iq (type, NULL);

  *out_query = schnack_xml_node_add_child (iq, "query", NS_REGISTER);
  return iq;
}

/* Appends what the server said, if anything, to our sentence. */
static GError *
register_error (SchnackRegisterError  code,
                const char           *sentence,
                const GError         *stanza_error)
{
  if (stanza_error != NULL && schnack_stanza_error_has_server_text (stanza_error))
    return g_error_new (SCHNACK_REGISTER_ERROR, code, _("%s The server said: “%s”"),
                        sentence, stanza_error->message);
  return g_error_new_literal (SCHNACK_REGISTER_ERROR, code, sentence);
}

/* Connection problems keep their own, already clear, errors. */
static GError *
translate_error (GError   *error,
                 gboolean  submitting,
                 gboolean  had_captcha)
{
  g_autoptr(GError) owned = error;

  if (error->domain != SCHNACK_STANZA_ERROR)
    return g_steal_pointer (&owned);

  switch (error->code)
    {
    case SCHNACK_STANZA_ERROR_CONFLICT:
      return register_error (SCHNACK_REGISTER_ERROR_USERNAME_TAKEN,
                             _("This user name is already taken. Please choose another one."), error);
    case SCHNACK_STANZA_ERROR_NOT_ACCEPTABLE:
    case SCHNACK_STANZA_ERROR_POLICY_VIOLATION:
      return register_error (SCHNACK_REGISTER_ERROR_PASSWORD_REJECTED,
                             _("The server did not accept the user name or password."), error);
    case SCHNACK_STANZA_ERROR_RESOURCE_CONSTRAINT:
      return register_error (SCHNACK_REGISTER_ERROR_TOO_MANY_ATTEMPTS,
                             _("Too many accounts were created from this address recently. "
                               "Please wait a while and try again."), error);
    case SCHNACK_STANZA_ERROR_BAD_REQUEST:
      return register_error (SCHNACK_REGISTER_ERROR_INVALID,
                             _("Something in the form is missing or not valid."), error);
    case SCHNACK_STANZA_ERROR_NOT_ALLOWED:
      if (submitting && had_captcha)
        return register_error (SCHNACK_REGISTER_ERROR_CAPTCHA_WRONG,
                               _("The characters from the picture were not right. Please try the new picture."),
                               error);
      G_GNUC_FALLTHROUGH;
    case SCHNACK_STANZA_ERROR_FORBIDDEN:
    case SCHNACK_STANZA_ERROR_SERVICE_UNAVAILABLE:
    case SCHNACK_STANZA_ERROR_FEATURE_NOT_IMPLEMENTED:
    case SCHNACK_STANZA_ERROR_REGISTRATION_REQUIRED:
      return register_error (SCHNACK_REGISTER_ERROR_CLOSED,
                             _("This server does not allow creating accounts from a chat program."),
                             error);
    default:
      return register_error (SCHNACK_REGISTER_ERROR_FAILED,
                             _("The account could not be created."), error);
    }
}

static SchnackRegistrationForm *
parse_form (SchnackXmlNode  *reply,
            GError         **error)
{
  SchnackXmlNode *query = schnack_xml_node_get_child (reply, "query", NS_REGISTER);
  g_autoptr(SchnackRegistrationForm) form = NULL;
  SchnackXmlNode *x;
  SchnackXmlNode *oob;

  if (query == NULL)
    {
      g_set_error (error, SCHNACK_REGISTER_ERROR, SCHNACK_REGISTER_ERROR_FAILED,
                   _("The server sent no sign-up form."));
      return NULL;
    }

  form = g_new0 (SchnackRegistrationForm, 1);
  form->query = schnack_xml_node_ref (query);
  form->legacy_fields = g_ptr_array_new_with_free_func (g_free);
  form->instructions = schnack_xml_node_dup_child_text (query, "instructions", NULL);
  form->registered = schnack_xml_node_get_child (query, "registered", NULL) != NULL;

  oob = schnack_xml_node_get_child (query, "x", NS_OOB);
  if (oob != NULL)
    form->oob_url = schnack_xml_node_dup_child_text (oob, "url", NULL);

  x = schnack_xml_node_get_child (query, "x", SCHNACK_DATA_FORM_NS);
  if (x != NULL)
    {
      g_autoptr(GError) form_error = NULL;

      form->form = schnack_data_form_parse (x, &form_error);
      if (form->form == NULL)
        g_debug ("Ignoring a broken sign-up data form: %s", form_error->message);
    }

  for (guint i = 0; i < schnack_xml_node_get_n_children (query); i++)
    {
      SchnackXmlNode *child = schnack_xml_node_get_nth_child (query, i);
      const char *name = schnack_xml_node_get_name (child);

      if (g_strcmp0 (schnack_xml_node_get_xmlns (child), NS_REGISTER) != 0 ||
          g_str_equal (name, "instructions") || g_str_equal (name, "registered") ||
          g_str_equal (name, "remove"))
        continue;
      g_ptr_array_add (form->legacy_fields, g_strdup (name));
    }

  return g_steal_pointer (&form);
}

static void
on_form_received (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(SchnackXmlNode) reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source),
                                                                      result, &error);
  SchnackRegistrationForm *form;

  if (reply == NULL)
    {
      g_task_return_error (task, translate_error (error, FALSE, FALSE));
      return;
    }
  form = parse_form (reply, &error);
  if (form == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, form, (GDestroyNotify) schnack_registration_form_free);
}

/**
 * schnack_register_request_form_async:
 * @connection: a registration stream, or a signed-in connection
 *
 * Asks the server what it needs to create (or change) an account.
 */
void
schnack_register_request_form_async (SchnackConnection   *connection,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(SchnackXmlNode) iq = NULL;
  SchnackXmlNode *query;
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_register_request_form_async);
  iq = new_register_iq ("get", &query);
  schnack_connection_send_iq_async (connection, iq, cancellable, on_form_received, task);
}

/**
 * schnack_register_request_form_finish:
 *
 * Returns: (transfer full): the form (maybe with nothing to fill in but a
 *   web address); when the server refuses, %SCHNACK_REGISTER_ERROR_CLOSED
 */
SchnackRegistrationForm *
schnack_register_request_form_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  gboolean had_captcha;
} SubmitData;

static void
on_submitted (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(SchnackXmlNode) reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source),
                                                                      result, &error);
  gboolean had_captcha = GPOINTER_TO_INT (g_task_get_task_data (task));

  if (reply == NULL)
    g_task_return_error (task, translate_error (error, TRUE, had_captcha));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * schnack_register_submit_async:
 * @form: the form as received; when it has a data form, its field values
 *   (set with schnack_data_form_set_value()) are sent, hidden ones too
 * @legacy_values: (nullable): element name → text, for forms without a
 *   data form
 */
void
schnack_register_submit_async (SchnackConnection             *connection,
                               const SchnackRegistrationForm *form,
                               GHashTable                    *legacy_values,
                               GCancellable                  *cancellable,
                               GAsyncReadyCallback            callback,
                               gpointer                       user_data)
{
  g_autoptr(SchnackXmlNode) iq = NULL;
  SchnackXmlNode *query;
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  g_return_if_fail (form != NULL);

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_register_submit_async);
  g_task_set_task_data (task, GINT_TO_POINTER (schnack_registration_form_has_captcha (form)), NULL);

  iq = new_register_iq ("set", &query);
  if (form->form != NULL)
    {
      schnack_xml_node_append (query, schnack_data_form_build_submit (form->form));
    }
  else
    {
      for (guint i = 0; i < form->legacy_fields->len; i++)
        {
          const char *name = g_ptr_array_index (form->legacy_fields, i);
          const char *value = legacy_values != NULL ? g_hash_table_lookup (legacy_values, name) : NULL;

          if (value != NULL)
            schnack_xml_node_add_text_child (query, name, value);
        }
    }

  schnack_connection_send_iq_async (connection, iq, cancellable, on_submitted, task);
}

gboolean
schnack_register_submit_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_account_change_done (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(SchnackXmlNode) reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source),
                                                                      result, &error);

  if (reply == NULL)
    g_task_return_error (task, translate_error (error, TRUE, FALSE));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * schnack_register_change_password_async:
 * @connection: signed in to the account
 * @username: the account's user name (the JID's localpart)
 */
void
schnack_register_change_password_async (SchnackConnection   *connection,
                                        const char          *username,
                                        const char          *new_password,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(SchnackXmlNode) iq = NULL;
  SchnackXmlNode *query;
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));
  g_return_if_fail (username != NULL && new_password != NULL);

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_register_change_password_async);
  iq = new_register_iq ("set", &query);
  schnack_xml_node_add_text_child (query, "username", username);
  schnack_xml_node_add_text_child (query, "password", new_password);
  schnack_connection_send_iq_async (connection, iq, cancellable, on_account_change_done, task);
}

gboolean
schnack_register_change_password_finish (GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * schnack_register_remove_account_async:
 * @connection: signed in to the account
 *
 * Deletes the account on the server (XEP-0077 §3.2). The server closes
 * the stream afterwards.
 */
void
schnack_register_remove_account_async (SchnackConnection   *connection,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(SchnackXmlNode) iq = NULL;
  SchnackXmlNode *query;
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_register_remove_account_async);
  iq = new_register_iq ("set", &query);
  schnack_xml_node_add_child (query, "remove", NULL);
  schnack_connection_send_iq_async (connection, iq, cancellable, on_account_change_done, task);
}

gboolean
schnack_register_remove_account_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
