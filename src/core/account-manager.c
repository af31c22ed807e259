/* account-manager.c — all of the user's accounts, as a list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loads the accounts from the store at start, signs each enabled one in
 * with its keyring password, and adds new ones. It is a GListModel of
 * SchnackAccount so the UI can bind a list straight to it.
 */
#include "config.h"

#include "core/account-manager.h"
#include "secrets/secrets.h"
#include "xmpp/register.h"
#include "schnack-utils.h"

#include <glib/gi18n-lib.h>

struct _SchnackAccountManager {
  GObject       parent_instance;
  SchnackStore *store;
  GListStore   *accounts;
  char         *ca_file;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SchnackAccountManager, schnack_account_manager, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
list_model_get_item_type (GListModel *model)
{
  return SCHNACK_TYPE_ACCOUNT;
}

static guint
list_model_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (SCHNACK_ACCOUNT_MANAGER (model)->accounts));
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (SCHNACK_ACCOUNT_MANAGER (model)->accounts), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

static void
on_accounts_changed (SchnackAccountManager *self,
                     guint                  position,
                     guint                  removed,
                     guint                  added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
schnack_account_manager_dispose (GObject *object)
{
  SchnackAccountManager *self = SCHNACK_ACCOUNT_MANAGER (object);

  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_data (self->accounts, self);
  g_clear_object (&self->accounts);
  g_clear_object (&self->store);
  g_clear_pointer (&self->ca_file, g_free);

  G_OBJECT_CLASS (schnack_account_manager_parent_class)->dispose (object);
}

static void
schnack_account_manager_class_init (SchnackAccountManagerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = schnack_account_manager_dispose;
}

static void
schnack_account_manager_init (SchnackAccountManager *self)
{
  self->accounts = g_list_store_new (SCHNACK_TYPE_ACCOUNT);
  g_signal_connect_swapped (self->accounts, "items-changed",
                            G_CALLBACK (on_accounts_changed), self);
}

SchnackAccountManager *
schnack_account_manager_new (SchnackStore *store)
{
  SchnackAccountManager *self;

  g_return_val_if_fail (SCHNACK_IS_STORE (store), NULL);

  self = g_object_new (SCHNACK_TYPE_ACCOUNT_MANAGER, NULL);
  self->store = g_object_ref (store);
  return self;
}

SchnackStore *
schnack_account_manager_get_store (SchnackAccountManager *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (self), NULL);
  return self->store;
}

/**
 * schnack_account_manager_set_ca_file:
 *
 * Extra trusted CA certificates for every account (the test suite's and
 * the demo server's), applied to accounts created afterwards.
 */
void
schnack_account_manager_set_ca_file (SchnackAccountManager *self,
                                     const char            *ca_file)
{
  g_return_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (self));
  schnack_set_str (&self->ca_file, ca_file);
}

const char *
schnack_account_manager_get_ca_file (SchnackAccountManager *self)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (self), NULL);
  return self->ca_file;
}

static SchnackAccount *
append_account (SchnackAccountManager      *self,
                const SchnackAccountRecord *record)
{
  g_autoptr(SchnackAccount) account = schnack_account_new (self->store, record);

  if (self->ca_file != NULL)
    schnack_account_set_ca_file (account, self->ca_file);
  g_list_store_append (self->accounts, account);
  return account;
}

/**
 * schnack_account_manager_load:
 *
 * Adds the stored accounts and starts signing in the enabled ones.
 */
gboolean
schnack_account_manager_load (SchnackAccountManager  *self,
                              GError                **error)
{
  g_autoptr(GPtrArray) records = NULL;

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (self), FALSE);

  records = schnack_store_list_accounts (self->store, error);
  if (records == NULL)
    return FALSE;

  for (guint i = 0; i < records->len; i++)
    {
      const SchnackAccountRecord *record = g_ptr_array_index (records, i);

      if (schnack_account_manager_find (self, record->jid) != NULL)
        continue;
      schnack_account_start (append_account (self, record));
    }
  return TRUE;
}

/**
 * schnack_account_manager_find:
 *
 * Returns: (transfer none) (nullable): the account with this bare JID
 */
SchnackAccount *
schnack_account_manager_find (SchnackAccountManager *self,
                              const char            *bare_jid)
{
  guint n;

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      if (g_ascii_strcasecmp (schnack_account_get_jid (account), bare_jid) == 0)
        return account;
    }
  return NULL;
}

static void
on_password_saved (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autofree char *jid = user_data;
  g_autoptr(GError) error = NULL;

  if (!schnack_secrets_store_password_finish (result, &error))
    g_warning ("The password for %s could not be saved in the keyring: %s",
               jid, error->message);
}

/**
 * schnack_account_manager_add:
 * @settings: the new account's settings (its id is ignored)
 * @password: used to sign in now
 * @remember_password: also save @password in the keyring
 *
 * Saves the account and starts signing in.
 *
 * Returns: (transfer none): the new account, or %NULL with @error set
 */
SchnackAccount *
schnack_account_manager_add (SchnackAccountManager      *self,
                             const SchnackAccountRecord *settings,
                             const char                 *password,
                             gboolean                    remember_password,
                             GError                    **error)
{
  g_autoptr(SchnackAccountRecord) record = NULL;
  SchnackAccount *account;

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (self), NULL);
  g_return_val_if_fail (settings != NULL && settings->jid != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  if (schnack_account_manager_find (self, settings->jid) != NULL)
    {
      g_set_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_EXISTS,
                   _("The account %s is already set up in Schnack."), settings->jid);
      return NULL;
    }

  record = schnack_account_record_copy (settings);
  record->id = 0;
  record->enabled = TRUE;
  if (!schnack_store_add_account (self->store, record, error))
    return NULL;

  if (remember_password)
    schnack_secrets_store_password_async (record->jid, password, NULL,
                                          on_password_saved, g_strdup (record->jid));

  account = append_account (self, record);
  schnack_account_set_remembers_password (account, remember_password);
  schnack_account_connect_with_password (account, password);
  return account;
}

static void
on_password_cleared (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autofree char *jid = user_data;
  g_autoptr(GError) error = NULL;

  if (!schnack_secrets_clear_password_finish (result, &error))
    g_warning ("The password for %s could not be removed from the keyring: %s",
               jid, error->message);
}

/**
 * schnack_account_manager_remove:
 *
 * Signs the account out and removes it from Schnack: its settings, its
 * history and its keyring password. The account on the server stays.
 */
gboolean
schnack_account_manager_remove (SchnackAccountManager  *self,
                                SchnackAccount         *account,
                                GError                **error)
{
  guint position;

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (self), FALSE);
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (account), FALSE);

  if (!g_list_store_find (self->accounts, account, &position))
    return TRUE;
  if (!schnack_store_remove_account (self->store, schnack_account_get_id (account), error))
    return FALSE;

  schnack_account_stop (account);
  schnack_secrets_clear_password_async (schnack_account_get_jid (account), NULL,
                                        on_password_cleared,
                                        g_strdup (schnack_account_get_jid (account)));
  g_list_store_remove (self->accounts, position);
  return TRUE;
}

static void
on_removed_on_server (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SchnackAccountManager *self = g_task_get_source_object (task);
  SchnackAccount *account = g_task_get_task_data (task);
  GError *error = NULL;

  if (!schnack_register_remove_account_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!schnack_account_manager_remove (self, account, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * schnack_account_manager_delete_on_server_async:
 *
 * Deletes the account on its server (XEP-0077 <remove/>) for good, then
 * removes it from Schnack. The account must be online. Ask the user
 * first, naming the account: this cannot be undone.
 */
void
schnack_account_manager_delete_on_server_async (SchnackAccountManager *self,
                                                SchnackAccount        *account,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  SchnackConnection *connection;

  g_return_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (self));
  g_return_if_fail (SCHNACK_IS_ACCOUNT (account));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_account_manager_delete_on_server_async);
  g_task_set_task_data (task, g_object_ref (account), g_object_unref);

  connection = schnack_account_get_connection (account);
  if (schnack_connection_get_state (connection) != SCHNACK_CONNECTION_ONLINE)
    {
      g_task_return_new_error (task, SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_CONNECTION_LOST,
                               _("%s must be online to be deleted on its server."),
                               schnack_account_get_jid (account));
      return;
    }
  schnack_register_remove_account_async (connection, cancellable, on_removed_on_server,
                                         g_steal_pointer (&task));
}

gboolean
schnack_account_manager_delete_on_server_finish (SchnackAccountManager  *self,
                                                 GAsyncResult           *result,
                                                 GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
