/* secrets.c — account passwords in the system keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "secrets/secrets.h"

/* Everything here talks to the Secret Service (gnome-keyring, KeePassXC,
 * …) over D-Bus through SecretService directly, never through
 * secret_password_*(): those pick a "backend", and libsecret's file
 * backend — chosen inside Flatpak or with SECRET_BACKEND=file — writes
 * the passwords to a file of its own. If there is no keyring, Schnack
 * asks for the password instead. */

G_DEFINE_QUARK (schnack-secrets-error-quark, schnack_secrets_error)

typedef enum {
  OPERATION_STORE,
  OPERATION_LOOKUP,
  OPERATION_CLEAR,
} OperationKind;

typedef struct
{
  OperationKind  kind;
  GHashTable    *attributes;
  char          *label;
  SecretValue   *value;     /* only when storing */
  SecretService *service;
  GList         *to_delete; /* only when clearing */
} Operation;

static void
operation_free (Operation *op)
{
  g_clear_pointer (&op->attributes, g_hash_table_unref);
  g_clear_pointer (&op->label, g_free);
  g_clear_pointer (&op->value, secret_value_unref);
  g_clear_object (&op->service);
  g_list_free_full (op->to_delete, g_object_unref);
  g_free (op);
}

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.schnack.Schnack.Password", SECRET_SCHEMA_NONE,
    {
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static gboolean
is_timeout (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMEOUT) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMED_OUT) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY);
}

/* Whether @error means nobody answers for org.freedesktop.secrets. */
static gboolean
is_service_missing (const GError *error)
{
  if (error->domain != G_DBUS_ERROR)
    return FALSE;

  switch (error->code)
    {
    case G_DBUS_ERROR_SERVICE_UNKNOWN:
    case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
    case G_DBUS_ERROR_NO_SERVER:
    case G_DBUS_ERROR_DISCONNECTED:
    /* Something owns the name but does not speak the Secret Service. */
    case G_DBUS_ERROR_UNKNOWN_METHOD:
    case G_DBUS_ERROR_UNKNOWN_INTERFACE:
    case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
    case G_DBUS_ERROR_SPAWN_FORK_FAILED:
    case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
    case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
    case G_DBUS_ERROR_SPAWN_FAILED:
    case G_DBUS_ERROR_SPAWN_SETUP_FAILED:
    case G_DBUS_ERROR_SPAWN_CONFIG_INVALID:
    case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
    case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
    case G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID:
    case G_DBUS_ERROR_SPAWN_FILE_INVALID:
    case G_DBUS_ERROR_SPAWN_NO_MEMORY:
      return TRUE;

    default:
      return FALSE;
    }
}

static GError *
unavailable_error (void)
{
  return g_error_new_literal (SCHNACK_SECRETS_ERROR, SCHNACK_SECRETS_ERROR_UNAVAILABLE,
                              _("No system keyring is available (is gnome-keyring or "
                                "KeePassXC running?). Schnack never saves passwords to "
                                "a file, so it will ask for the password at each start."));
}

static GError *
locked_error (void)
{
  return g_error_new_literal (SCHNACK_SECRETS_ERROR, SCHNACK_SECRETS_ERROR_LOCKED,
                              _("Your system keyring is locked. Unlock it, or type the "
                                "password to sign in this time."));
}

/* Turns what libsecret or D-Bus reported into a SCHNACK_SECRETS_ERROR a
 * person can act on. @connecting is TRUE for failures while reaching the
 * service: whatever went wrong there, there is no usable keyring.
 * Cancellation stays G_IO_ERROR_CANCELLED so callers can ignore it. */
static GError *
map_error (const Operation *op,
           const GError    *error,
           gboolean         connecting)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  /* D-Bus and libsecret messages carry no secrets, only names. */
  g_debug ("Secret Service: %s (%s %d)",
           error->message, g_quark_to_string (error->domain), error->code);

  if (is_timeout (error))
    return g_error_new_literal (SCHNACK_SECRETS_ERROR, SCHNACK_SECRETS_ERROR_FAILED,
                                _("The system keyring did not respond. Try again, or "
                                  "type the password to sign in this time."));

  if (connecting || is_service_missing (error))
    return unavailable_error ();

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    return locked_error ();

  /* Storing into a default keyring that does not exist asks the user to
   * create one; this is what is left when they declined. */
  if (op->kind == OPERATION_STORE &&
      g_error_matches (error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT))
    return g_error_new_literal (SCHNACK_SECRETS_ERROR, SCHNACK_SECRETS_ERROR_LOCKED,
                                _("Your system has no keyring to save the password "
                                  "in. Create one, or type the password to sign in "
                                  "each time."));

  switch (op->kind)
    {
    case OPERATION_STORE:
      return g_error_new (SCHNACK_SECRETS_ERROR, SCHNACK_SECRETS_ERROR_FAILED,
                          _("Could not save the password in the system keyring (%s)."),
                          error->message);
    case OPERATION_LOOKUP:
      return g_error_new (SCHNACK_SECRETS_ERROR, SCHNACK_SECRETS_ERROR_FAILED,
                          _("Could not read the password from the system keyring (%s)."),
                          error->message);
    case OPERATION_CLEAR:
    default:
      return g_error_new (SCHNACK_SECRETS_ERROR, SCHNACK_SECRETS_ERROR_FAILED,
                          _("Could not remove the password from the system keyring (%s)."),
                          error->message);
    }
}

static void
return_error (GTask        *task,
              const GError *error,
              gboolean      connecting)
{
  Operation *op = g_task_get_task_data (task);

  g_task_return_error (task, map_error (op, error, connecting));
}

static GTask *
operation_task_new (OperationKind        kind,
                    const char          *account_jid,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data,
                    gpointer             source_tag)
{
  GTask *task;
  Operation *op;

  op = g_new0 (Operation, 1);
  op->kind = kind;
  op->attributes = secret_attributes_build (get_schema (),
                                            "account", account_jid,
                                            NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, (GDestroyNotify) operation_free);
  return task;
}

/* Every operation starts by getting the shared service with an open
 * session: that is the moment a missing keyring shows. */
static void
get_service (GTask               *task,
             GAsyncReadyCallback  callback)
{
  secret_service_get (SECRET_SERVICE_OPEN_SESSION,
                      g_task_get_cancellable (task),
                      callback,
                      task);
}

static gboolean
take_service (GTask        *task,
              GAsyncResult *result)
{
  Operation *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  op->service = secret_service_get_finish (result, &error);
  if (op->service == NULL)
    {
      return_error (task, error, TRUE);
      return FALSE;
    }

  return TRUE;
}

/* Storing */

static void
store_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_service_store_finish (SECRET_SERVICE (source), result, &error))
    return_error (task, error, FALSE);
  else
    g_task_return_boolean (task, TRUE);
}

static void
store_service_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Operation *op = g_task_get_task_data (task);

  if (!take_service (task, result))
    return;

  secret_service_store (op->service, get_schema (), op->attributes,
                        SECRET_COLLECTION_DEFAULT, op->label, op->value,
                        g_task_get_cancellable (task),
                        store_done_cb,
                        g_object_ref (task));
}

/**
 * schnack_secrets_store_password_async:
 * @account_jid: the account's bare JID
 * @password: the password; copied into non-pageable memory at once
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Saves the password in the default keyring, replacing any password
 * saved for the same account before. The keyring may ask the user to
 * unlock it first.
 */
void
schnack_secrets_store_password_async (const char          *account_jid,
                                      const char          *password,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;
  Operation *op;

  g_return_if_fail (account_jid != NULL && *account_jid != '\0');
  g_return_if_fail (password != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = operation_task_new (OPERATION_STORE, account_jid, cancellable,
                             callback, user_data,
                             schnack_secrets_store_password_async);
  op = g_task_get_task_data (task);
  /* Translators: the name of the keyring entry, shown in Passwords and
   * Keys (Seahorse); %s is the account's address */
  op->label = g_strdup_printf (_("Schnack password for %s"), account_jid);
  op->value = secret_value_new (password, -1, "text/plain");

  get_service (task, store_service_cb);
}

/**
 * schnack_secrets_store_password_finish:
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the password was saved
 */
gboolean
schnack_secrets_store_password_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        schnack_secrets_store_password_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Looking up */

static void
return_secret (GTask       *task,
               SecretValue *value)
{
  char *password;
  gsize length = 0;

  /* Hands over the non-pageable copy without duplicating it. */
  password = secret_value_unref_to_password (value, &length);
  if (password == NULL)
    {
      g_task_return_new_error (task, SCHNACK_SECRETS_ERROR, SCHNACK_SECRETS_ERROR_FAILED,
                               _("The saved password could not be read: it is not text."));
      return;
    }

  g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
}

static void
lookup_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  SecretValue *value;

  if (!secret_item_load_secret_finish (SECRET_ITEM (source), result, &error))
    {
      return_error (task, error, FALSE);
      return;
    }

  value = secret_item_get_secret (SECRET_ITEM (source));
  if (value == NULL)
    {
      g_task_return_error (task, locked_error ());
      return;
    }

  return_secret (task, value);
}

static void
lookup_searched_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autolist(SecretItem) items = NULL;
  SecretItem *item;
  SecretValue *value;

  items = secret_service_search_finish (SECRET_SERVICE (source), result, &error);
  if (error != NULL)
    {
      return_error (task, error, FALSE);
      return;
    }

  if (items == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  /* libsecret's search tries to unlock and carries on if that is
   * refused; a password that is there but locked is not "no password". */
  item = items->data;
  if (secret_item_get_locked (item))
    {
      g_task_return_error (task, locked_error ());
      return;
    }

  value = secret_item_get_secret (item);
  if (value == NULL)
    {
      secret_item_load_secret (item, g_task_get_cancellable (task),
                               lookup_loaded_cb, g_object_ref (task));
      return;
    }

  return_secret (task, value);
}

static void
lookup_service_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Operation *op = g_task_get_task_data (task);

  if (!take_service (task, result))
    return;

  secret_service_search (op->service, get_schema (), op->attributes,
                         SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                         g_task_get_cancellable (task),
                         lookup_searched_cb,
                         g_object_ref (task));
}

/**
 * schnack_secrets_lookup_password_async:
 * @account_jid: the account's bare JID
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Reads the account's saved password. The keyring may ask the user to
 * unlock it first.
 */
void
schnack_secrets_lookup_password_async (const char          *account_jid,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (account_jid != NULL && *account_jid != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = operation_task_new (OPERATION_LOOKUP, account_jid, cancellable,
                             callback, user_data,
                             schnack_secrets_lookup_password_async);
  get_service (task, lookup_service_cb);
}

/**
 * schnack_secrets_lookup_password_finish:
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the password, to be freed with
 *   schnack_secrets_password_free(); %NULL with @error unset if no
 *   password is saved for the account
 */
char *
schnack_secrets_lookup_password_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        schnack_secrets_lookup_password_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Clearing */

static void delete_next (GTask *task);

static void
clear_deleted_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_item_delete_finish (SECRET_ITEM (source), result, &error))
    {
      return_error (task, error, FALSE);
      return;
    }

  delete_next (task);
}

static void
delete_next (GTask *task)
{
  Operation *op = g_task_get_task_data (task);
  SecretItem *item;

  if (op->to_delete == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  item = op->to_delete->data;
  op->to_delete = g_list_delete_link (op->to_delete, op->to_delete);

  secret_item_delete (item, g_task_get_cancellable (task),
                      clear_deleted_cb, g_object_ref (task));
  g_object_unref (item);
}

static void
clear_searched_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Operation *op = g_task_get_task_data (task);

  op->to_delete = secret_service_search_finish (SECRET_SERVICE (source), result, &error);
  if (error != NULL)
    {
      return_error (task, error, FALSE);
      return;
    }

  /* A locked item cannot be deleted; saying "removed" would leave the
   * password behind without the user knowing. */
  for (const GList *l = op->to_delete; l != NULL; l = l->next)
    {
      if (secret_item_get_locked (l->data))
        {
          g_task_return_error (task, locked_error ());
          return;
        }
    }

  delete_next (task);
}

static void
clear_service_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Operation *op = g_task_get_task_data (task);

  if (!take_service (task, result))
    return;

  secret_service_search (op->service, get_schema (), op->attributes,
                         SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK,
                         g_task_get_cancellable (task),
                         clear_searched_cb,
                         g_object_ref (task));
}

/**
 * schnack_secrets_clear_password_async:
 * @account_jid: the account's bare JID
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Removes every password saved for the account. Having none is not an
 * error.
 */
void
schnack_secrets_clear_password_async (const char          *account_jid,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (account_jid != NULL && *account_jid != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = operation_task_new (OPERATION_CLEAR, account_jid, cancellable,
                             callback, user_data,
                             schnack_secrets_clear_password_async);
  get_service (task, clear_service_cb);
}

/**
 * schnack_secrets_clear_password_finish:
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if no password is saved for the account any more
 */
gboolean
schnack_secrets_clear_password_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        schnack_secrets_clear_password_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * schnack_secrets_password_free:
 * @password: (nullable): a password from
 *   schnack_secrets_lookup_password_finish()
 *
 * Overwrites the password and frees it.
 */
void
schnack_secrets_password_free (char *password)
{
  secret_password_free (password);
}
