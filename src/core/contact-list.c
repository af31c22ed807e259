/* contact-list.c — an account's contacts and subscription requests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of SchnackContact kept in step with the server: the roster
 * on every new session, roster pushes (from our own account only), and
 * the presence of every device of every contact. Subscription requests
 * wait in their own model so none is missed; a request from someone we
 * asked first is accepted at once — "both sides authorize each other
 * once", the pre-approval the add-contact flow also sends.
 */
#include "config.h"

#include "core/contact-list.h"
#include "store/roster.h"
#include "xmpp/blocking.h"
#include "xmpp/presence.h"
#include "xmpp/roster.h"
#include "xmpp/stanza-util.h"

#include <glib/gi18n-lib.h>

struct _SchnackContactRequest {
  GObject  parent_instance;
  char    *jid;
  char    *nick;
};

G_DEFINE_FINAL_TYPE (SchnackContactRequest, schnack_contact_request, G_TYPE_OBJECT)

static void
schnack_contact_request_finalize (GObject *object)
{
  SchnackContactRequest *self = SCHNACK_CONTACT_REQUEST (object);

  g_free (self->jid);
  g_free (self->nick);
  G_OBJECT_CLASS (schnack_contact_request_parent_class)->finalize (object);
}

static void
schnack_contact_request_class_init (SchnackContactRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = schnack_contact_request_finalize;
}

static void
schnack_contact_request_init (SchnackContactRequest *self)
{
}

const char *
schnack_contact_request_get_jid (SchnackContactRequest *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACT_REQUEST (self), NULL);
  return self->jid;
}

const char *
schnack_contact_request_get_nick (SchnackContactRequest *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACT_REQUEST (self), NULL);
  return self->nick;
}

struct _SchnackContactList {
  GObject            parent_instance;

  SchnackConnection *connection;
  char              *own_bare_jid;
  GListStore        *contacts;
  GHashTable        *by_jid;        /* bare JID → SchnackContact (borrowed) */
  GListStore        *requests;
  GHashTable        *blocked;       /* bare JIDs (lowercase) */
  char              *roster_version;
  gboolean           loaded;
  gboolean           roster_received; /* in this session */
  SchnackStore      *store;          /* nullable: no cache */
  GHashTable        *early_presence; /* bare JID → GPtrArray of SchnackPresence */
  GPtrArray         *pending_cache_items;   /* roster waiting to be cached */
  char              *pending_cache_version;
  guint              pending_cache_source;
  gint64             account_id;
  GCancellable      *cancellable;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SchnackContactList, schnack_contact_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_LOADED,
  N_PROPS
};

enum {
  SIGNAL_BLOCKED_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_blocked (SchnackContactList *self,
             const char         *jid,
             gboolean            blocked)
{
  g_autofree char *key = g_ascii_strdown (jid, -1);
  gboolean changed;

  if (blocked)
    changed = g_hash_table_add (self->blocked, g_strdup (key));
  else
    changed = g_hash_table_remove (self->blocked, key);
  if (changed)
    g_signal_emit (self, signals[SIGNAL_BLOCKED_CHANGED], 0, key);
}

static void
on_blocklist_received (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(SchnackContactList) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) jids = schnack_blocking_request_finish (result, &error);
  g_autoptr(GPtrArray) unblocked = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) fresh = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  const char *jid;

  if (jids == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No block list for %s: %s", self->own_bare_jid, error->message);
      return;
    }

  for (guint i = 0; jids[i] != NULL; i++)
    {
      g_hash_table_add (fresh, g_ascii_strdown (jids[i], -1));
      set_blocked (self, jids[i], TRUE);
    }
  g_hash_table_iter_init (&iter, self->blocked);
  while (g_hash_table_iter_next (&iter, (gpointer *) &jid, NULL))
    if (!g_hash_table_contains (fresh, jid))
      g_ptr_array_add (unblocked, g_strdup (jid));
  for (guint i = 0; i < unblocked->len; i++)
    set_blocked (self, g_ptr_array_index (unblocked, i), FALSE);
}

static void
on_blocking_push (SchnackConnection  *connection,
                  SchnackXmlNode     *iq,
                  SchnackContactList *self)
{
  g_auto(GStrv) jids = NULL;
  gboolean blocked = FALSE;
  g_autoptr(SchnackXmlNode) reply = schnack_xml_node_new_iq_result (iq);

  schnack_connection_send_stanza (connection, reply);

  if (!schnack_blocking_parse_push (iq, self->own_bare_jid, &blocked, &jids))
    return;
  if (!blocked && jids[0] == NULL)
    {
      /* "Unblock everyone." */
      g_autoptr(GList) all = g_hash_table_get_keys (self->blocked);
      g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_free);

      for (GList *l = all; l != NULL; l = l->next)
        g_ptr_array_add (copies, g_strdup (l->data));
      for (guint i = 0; i < copies->len; i++)
        set_blocked (self, g_ptr_array_index (copies, i), FALSE);
      return;
    }
  for (guint i = 0; jids[i] != NULL; i++)
    set_blocked (self, jids[i], blocked);
}

static GType
list_get_item_type (GListModel *model)
{
  return SCHNACK_TYPE_CONTACT;
}

static guint
list_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (SCHNACK_CONTACT_LIST (model)->contacts));
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (SCHNACK_CONTACT_LIST (model)->contacts), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

static void
on_contacts_changed (SchnackContactList *self,
                     guint               position,
                     guint               removed,
                     guint               added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
remove_request (SchnackContactList *self,
                const char         *bare_jid)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->requests));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackContactRequest) request = g_list_model_get_item (G_LIST_MODEL (self->requests), i);

      if (g_ascii_strcasecmp (request->jid, bare_jid) == 0)
        {
          g_list_store_remove (self->requests, i);
          return;
        }
    }
}

static void
remove_contact (SchnackContactList *self,
                const char         *bare_jid)
{
  SchnackContact *contact = g_hash_table_lookup (self->by_jid, bare_jid);
  guint position;

  if (contact == NULL)
    return;
  if (g_list_store_find (self->contacts, contact, &position))
    {
      g_hash_table_remove (self->by_jid, bare_jid);
      g_list_store_remove (self->contacts, position);
    }
}

static SchnackRosterRecord *
record_from_item (const SchnackRosterItem *item)
{
  SchnackRosterRecord *record = schnack_roster_record_new (item->jid);

  record->name = g_strdup (item->name);
  record->subscription = item->subscription;
  record->ask_subscribe = item->ask_subscribe;
  g_strfreev (record->groups);
  record->groups = g_strdupv (item->groups);
  return record;
}

static SchnackRosterItem *
item_from_record (const SchnackRosterRecord *record)
{
  SchnackRosterItem *item = schnack_roster_item_new (record->jid);

  item->name = g_strdup (record->name);
  item->subscription = CLAMP (record->subscription, SCHNACK_SUBSCRIPTION_NONE, SCHNACK_SUBSCRIPTION_BOTH);
  item->ask_subscribe = record->ask_subscribe;
  g_strfreev (item->groups);
  item->groups = g_strdupv (record->groups);
  return item;
}

static void cache_full_roster (SchnackContactList *self, GPtrArray *items, const char *version);
static void flush_pending_cache_write (SchnackContactList *self);

/* A failed cache write costs only a slower next start: warn and go on. */
static void
cache_item (SchnackContactList      *self,
            const SchnackRosterItem *item)
{
  g_autoptr(GError) error = NULL;
  gboolean saved;

  if (self->store == NULL)
    return;
  flush_pending_cache_write (self);
  if (item->subscription == SCHNACK_SUBSCRIPTION_REMOVE)
    saved = schnack_store_remove_roster_item (self->store, self->account_id, item->jid,
                                              self->roster_version, &error);
  else
    {
      g_autoptr(SchnackRosterRecord) record = record_from_item (item);

      saved = schnack_store_save_roster_item (self->store, self->account_id, record,
                                              self->roster_version, &error);
    }
  if (!saved)
    g_warning ("Could not cache a contact of %s: %s", self->own_bare_jid, error->message);
}

/* Writes the roster deferred by cache_full_roster_soon() now, if one is
 * still waiting: a push must land in the cache after the full list it
 * changes, never under it. */
static void
flush_pending_cache_write (SchnackContactList *self)
{
  g_autoptr(GPtrArray) items = g_steal_pointer (&self->pending_cache_items);
  g_autofree char *version = g_steal_pointer (&self->pending_cache_version);

  g_clear_handle_id (&self->pending_cache_source, g_source_remove);
  if (items != NULL)
    cache_full_roster (self, items, version);
}

static gboolean
run_pending_cache_write (gpointer user_data)
{
  SchnackContactList *self = user_data;

  self->pending_cache_source = 0;
  flush_pending_cache_write (self);
  return G_SOURCE_REMOVE;
}

/* Writing thousands of rows is the longest part of taking in a big
 * roster: do it in a main-loop iteration of its own, after the list is
 * shown, so neither step stalls the window for long. */
static void
cache_full_roster_soon (SchnackContactList *self,
                        GPtrArray          *items)
{
  if (self->store == NULL)
    return;
  flush_pending_cache_write (self);
  self->pending_cache_items = g_ptr_array_ref (items);
  self->pending_cache_version = g_strdup (self->roster_version);
  self->pending_cache_source = g_idle_add (run_pending_cache_write, self);
}

static void
cache_full_roster (SchnackContactList *self,
                   GPtrArray          *items,
                   const char         *version)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_roster_record_free);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (records, record_from_item (g_ptr_array_index (items, i)));
  if (!schnack_store_replace_roster (self->store, self->account_id, records, version, &error))
    g_warning ("Could not cache the contact list of %s: %s", self->own_bare_jid, error->message);
}

static void apply_early_presence (SchnackContactList *self, SchnackContact *contact);

/* @batch: (nullable): collect new contacts here to add them in one go
 * (one items-changed for a whole roster instead of thousands) */
static void
apply_item_batched (SchnackContactList      *self,
                    const SchnackRosterItem *item,
                    GPtrArray               *batch)
{
  SchnackContact *contact;

  if (item->subscription == SCHNACK_SUBSCRIPTION_REMOVE)
    {
      remove_contact (self, item->jid);
      return;
    }

  contact = g_hash_table_lookup (self->by_jid, item->jid);
  if (contact != NULL)
    {
      schnack_contact_set_roster_item (contact, item);
      return;
    }

  contact = schnack_contact_new (item);
  g_hash_table_insert (self->by_jid, g_strdup (item->jid), contact);
  apply_early_presence (self, contact);
  if (batch != NULL)
    {
      g_ptr_array_add (batch, contact);
      return;
    }
  g_list_store_append (self->contacts, contact);
  g_object_unref (contact);
}

static void
apply_item (SchnackContactList      *self,
            const SchnackRosterItem *item)
{
  apply_item_batched (self, item, NULL);
}

static void
append_batch (SchnackContactList *self,
              GPtrArray          *batch)
{
  g_list_store_splice (self->contacts, g_list_model_get_n_items (G_LIST_MODEL (self->contacts)), 0,
                       batch->pdata, batch->len);
}

/* A full roster replaces the list, keeping the objects (and so any
 * presence and UI bindings) of contacts that are still there. */
static void
apply_full_roster (SchnackContactList *self,
                   GPtrArray          *items)
{
  g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  const char *jid;

  for (guint i = 0; i < items->len; i++)
    {
      SchnackRosterItem *item = g_ptr_array_index (items, i);

      g_hash_table_add (present, item->jid);
      apply_item_batched (self, item, added);
    }
  append_batch (self, added);

  g_hash_table_iter_init (&iter, self->by_jid);
  while (g_hash_table_iter_next (&iter, (gpointer *) &jid, NULL))
    if (!g_hash_table_contains (present, jid))
      g_ptr_array_add (gone, g_strdup (jid));
  for (guint i = 0; i < gone->len; i++)
    remove_contact (self, g_ptr_array_index (gone, i));
}

static void
on_roster_received (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SchnackContactList) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autoptr(GPtrArray) items = schnack_roster_request_finish (result, &version, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      g_warning ("Could not load the contact list of %s: %s", self->own_bare_jid, error->message);
      return;
    }

  if (version != NULL)
    {
      g_free (self->roster_version);
      self->roster_version = g_steal_pointer (&version);
    }
  if (items != NULL)
    {
      apply_full_roster (self, items);
      cache_full_roster_soon (self, items);
    }
  /* Early presence from anyone not on the list is not kept any longer. */
  self->roster_received = TRUE;
  g_hash_table_remove_all (self->early_presence);
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
}

static void
on_connection_state (SchnackContactList *self)
{
  guint n;

  if (schnack_connection_get_state (self->connection) != SCHNACK_CONNECTION_ONLINE)
    return;
  /* A resumed stream kept everything: presence was delivered meanwhile. */
  if (schnack_connection_get_resumed (self->connection))
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->contacts));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackContact) contact = g_list_model_get_item (G_LIST_MODEL (self->contacts), i);

      schnack_contact_clear_presence (contact);
    }
  self->roster_received = FALSE;
  g_hash_table_remove_all (self->early_presence);
  schnack_roster_request_async (self->connection, self->roster_version != NULL ? self->roster_version : "",
                                self->cancellable, on_roster_received, g_object_ref (self));
  schnack_blocking_request_async (self->connection, self->cancellable,
                                  on_blocklist_received, g_object_ref (self));
}

static void
on_roster_push (SchnackConnection  *connection,
                SchnackXmlNode     *iq,
                SchnackContactList *self)
{
  g_autofree char *version = NULL;
  g_autoptr(SchnackRosterItem) item = NULL;

  item = schnack_roster_parse_push (iq, self->own_bare_jid, &version);
  schnack_roster_answer_push (connection, iq);
  if (item == NULL)
    return;

  if (version != NULL)
    {
      g_free (self->roster_version);
      self->roster_version = g_steal_pointer (&version);
    }
  apply_item (self, item);
  cache_item (self, item);
}

static void
add_request (SchnackContactList *self,
             const char         *bare_jid,
             const char         *nick)
{
  SchnackContactRequest *request;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->requests));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackContactRequest) existing = g_list_model_get_item (G_LIST_MODEL (self->requests), i);

      if (g_ascii_strcasecmp (existing->jid, bare_jid) == 0)
        return;
    }

  request = g_object_new (SCHNACK_TYPE_CONTACT_REQUEST, NULL);
  request->jid = g_strdup (bare_jid);
  request->nick = g_strdup (nick);
  g_list_store_append (self->requests, request);
  g_object_unref (request);
}

static void
on_presence (SchnackConnection  *connection,
             SchnackXmlNode     *stanza,
             SchnackContactList *self)
{
  g_autoptr(SchnackPresence) presence = schnack_presence_parse (stanza);
  g_autofree char *bare = NULL;
  SchnackContact *contact;

  if (presence == NULL)
    return;
  bare = schnack_jid_dup_bare (presence->from);
  contact = g_hash_table_lookup (self->by_jid, bare);

  if (g_strcmp0 (presence->type, "subscribe") == 0)
    {
      /* We asked them first (or already see them): that is consent. */
      if (contact != NULL &&
          (schnack_contact_get_pending_out (contact) ||
           schnack_contact_get_subscription (contact) == SCHNACK_SUBSCRIPTION_TO ||
           schnack_contact_get_subscription (contact) == SCHNACK_SUBSCRIPTION_BOTH))
        schnack_presence_send_subscription (connection, "subscribed", bare);
      else
        add_request (self, bare, presence->nick);
      return;
    }

  if (g_strcmp0 (presence->type, "unsubscribe") == 0)
    {
      remove_request (self, bare);
      return;
    }

  if (presence->type != NULL && !g_str_equal (presence->type, "unavailable"))
    return;  /* subscribed, unsubscribed (roster pushes tell), error, probe */

  if (contact != NULL)
    {
      schnack_contact_update_presence (contact, presence);
      return;
    }

  /* The server answers presence probes as soon as we are available,
   * which can be before our roster request is answered (we send the
   * initial presence first): keep it until the roster says who is who. */
  if (!self->roster_received)
    {
      GPtrArray *kept = g_hash_table_lookup (self->early_presence, bare);

      if (kept == NULL)
        {
          kept = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_presence_free);
          g_hash_table_insert (self->early_presence, g_strdup (bare), kept);
        }
      g_ptr_array_add (kept, g_steal_pointer (&presence));
    }
}

static void
apply_early_presence (SchnackContactList *self,
                      SchnackContact     *contact)
{
  GPtrArray *kept = g_hash_table_lookup (self->early_presence, schnack_contact_get_jid (contact));

  for (guint i = 0; kept != NULL && i < kept->len; i++)
    schnack_contact_update_presence (contact, g_ptr_array_index (kept, i));
  g_hash_table_remove (self->early_presence, schnack_contact_get_jid (contact));
}

static void
schnack_contact_list_dispose (GObject *object)
{
  SchnackContactList *self = SCHNACK_CONTACT_LIST (object);

  /* The list the user saw is cached even when the window closes at once. */
  flush_pending_cache_write (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_clear_object (&self->connection);
  if (self->contacts != NULL)
    g_signal_handlers_disconnect_by_data (self->contacts, self);
  g_clear_object (&self->contacts);
  g_clear_object (&self->requests);
  g_clear_pointer (&self->by_jid, g_hash_table_unref);
  g_clear_pointer (&self->blocked, g_hash_table_unref);
  g_clear_pointer (&self->early_presence, g_hash_table_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (schnack_contact_list_parent_class)->dispose (object);
}

static void
schnack_contact_list_finalize (GObject *object)
{
  SchnackContactList *self = SCHNACK_CONTACT_LIST (object);

  g_free (self->own_bare_jid);
  g_free (self->roster_version);
  G_OBJECT_CLASS (schnack_contact_list_parent_class)->finalize (object);
}

static void
schnack_contact_list_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SchnackContactList *self = SCHNACK_CONTACT_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_contact_list_class_init (SchnackContactListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = schnack_contact_list_dispose;
  object_class->finalize = schnack_contact_list_finalize;
  object_class->get_property = schnack_contact_list_get_property;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SchnackContactList::blocked-changed:
   * @jid: the (lowercase) bare JID that was blocked or unblocked
   */
  signals[SIGNAL_BLOCKED_CHANGED] =
    g_signal_new ("blocked-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
schnack_contact_list_init (SchnackContactList *self)
{
  self->contacts = g_list_store_new (SCHNACK_TYPE_CONTACT);
  self->requests = g_list_store_new (SCHNACK_TYPE_CONTACT_REQUEST);
  self->by_jid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->blocked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->early_presence = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) g_ptr_array_unref);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->contacts, "items-changed", G_CALLBACK (on_contacts_changed), self);
}

SchnackContactList *
schnack_contact_list_new (SchnackConnection *connection,
                          const char        *own_bare_jid)
{
  SchnackContactList *self;

  g_return_val_if_fail (SCHNACK_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (own_bare_jid != NULL, NULL);

  self = g_object_new (SCHNACK_TYPE_CONTACT_LIST, NULL);
  self->connection = g_object_ref (connection);
  self->own_bare_jid = g_strdup (own_bare_jid);

  schnack_connection_forward_iq_namespace (connection, SCHNACK_NS_ROSTER);
  g_signal_connect (connection, "iq-request::" SCHNACK_NS_ROSTER, G_CALLBACK (on_roster_push), self);
  g_signal_connect (connection, "presence-received", G_CALLBACK (on_presence), self);
  schnack_connection_forward_iq_namespace (connection, SCHNACK_NS_BLOCKING);
  g_signal_connect (connection, "iq-request::" SCHNACK_NS_BLOCKING, G_CALLBACK (on_blocking_push), self);
  g_signal_connect_swapped (connection, "notify::state", G_CALLBACK (on_connection_state), self);
  if (schnack_connection_get_state (connection) == SCHNACK_CONNECTION_ONLINE)
    on_connection_state (self);
  return self;
}

/**
 * schnack_contact_list_set_store:
 *
 * Shows the contact list as last seen right away, and keeps that copy
 * (and its roster version) current, so a start needs only the changes.
 */
void
schnack_contact_list_set_store (SchnackContactList *self,
                                SchnackStore       *store,
                                gint64              account_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *version = NULL;

  g_return_if_fail (SCHNACK_IS_CONTACT_LIST (self));
  g_return_if_fail (SCHNACK_IS_STORE (store));

  g_set_object (&self->store, store);
  self->account_id = account_id;

  records = schnack_store_load_roster (store, account_id, &version, &error);
  if (records == NULL)
    {
      g_warning ("Could not read the cached contact list of %s: %s", self->own_bare_jid, error->message);
      return;
    }
  {
    g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; i < records->len; i++)
      {
        g_autoptr(SchnackRosterItem) item = item_from_record (g_ptr_array_index (records, i));

        apply_item_batched (self, item, added);
      }
    append_batch (self, added);
  }
  g_free (self->roster_version);
  self->roster_version = g_steal_pointer (&version);
}

/**
 * schnack_contact_list_find:
 * Returns: (transfer none) (nullable):
 */
SchnackContact *
schnack_contact_list_find (SchnackContactList *self,
                           const char         *bare_jid)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACT_LIST (self), NULL);
  return g_hash_table_lookup (self->by_jid, bare_jid);
}

/**
 * schnack_contact_list_get_requests:
 * Returns: (transfer none): SchnackContactRequest waiting for an answer
 */
GListModel *
schnack_contact_list_get_requests (SchnackContactList *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACT_LIST (self), NULL);
  return G_LIST_MODEL (self->requests);
}

gboolean
schnack_contact_list_get_loaded (SchnackContactList *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACT_LIST (self), FALSE);
  return self->loaded;
}

static void
on_contact_added (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SchnackContactList *self = g_task_get_source_object (task);
  SchnackRosterItem *item = g_task_get_task_data (task);
  const char *jid = item->jid;
  GError *error = NULL;

  if (!schnack_roster_change_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* Show it now; the server's roster push, which may come after this
   * answer, confirms it. */
  if (schnack_contact_list_find (self, jid) == NULL)
    apply_item (self, item);
  /* Ask to see them, and let them see us once they ask (pre-approval,
   * RFC 6121 §3.4): one confirmation on their side makes it mutual. */
  schnack_presence_send_subscription (self->connection, "subscribe", jid);
  schnack_presence_send_subscription (self->connection, "subscribed", jid);
  remove_request (self, jid);
  g_task_return_boolean (task, TRUE);
}

/**
 * schnack_contact_list_add_contact_async:
 * @bare_jid: a checked, normalized bare JID
 * @name: (nullable): what to call them
 * @group: (nullable): one group to put them in
 */
void
schnack_contact_list_add_contact_async (SchnackContactList  *self,
                                        const char          *bare_jid,
                                        const char          *name,
                                        const char          *group,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(SchnackRosterItem) item = NULL;
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONTACT_LIST (self));
  g_return_if_fail (bare_jid != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_contact_list_add_contact_async);

  if (g_ascii_strcasecmp (bare_jid, self->own_bare_jid) == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("That is your own address."));
      g_object_unref (task);
      return;
    }

  item = schnack_roster_item_new (bare_jid);
  item->name = name != NULL && *name != '\0' ? g_strdup (name) : NULL;
  item->ask_subscribe = TRUE;
  if (group != NULL && *group != '\0')
    {
      g_strfreev (item->groups);
      item->groups = g_new0 (char *, 2);
      item->groups[0] = g_strdup (group);
    }
  g_task_set_task_data (task, schnack_roster_item_copy (item), (GDestroyNotify) schnack_roster_item_free);
  schnack_roster_set_item_async (self->connection, item, cancellable, on_contact_added, task);
}

gboolean
schnack_contact_list_add_contact_finish (SchnackContactList  *self,
                                         GAsyncResult        *result,
                                         GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_contact_removed (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!schnack_roster_change_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * schnack_contact_list_remove_contact_async:
 *
 * Removes the contact from the list on the server, which also ends the
 * presence subscriptions in both directions.
 */
void
schnack_contact_list_remove_contact_async (SchnackContactList  *self,
                                           const char          *bare_jid,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONTACT_LIST (self));
  g_return_if_fail (bare_jid != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_contact_list_remove_contact_async);
  schnack_roster_remove_item_async (self->connection, bare_jid, cancellable, on_contact_removed, task);
}

gboolean
schnack_contact_list_remove_contact_finish (SchnackContactList  *self,
                                            GAsyncResult        *result,
                                            GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * schnack_contact_list_accept_request:
 *
 * Lets them see our presence and, unless we already do, asks to see
 * theirs: after this one answer both directions hold.
 */
void
schnack_contact_list_accept_request (SchnackContactList *self,
                                     const char         *bare_jid)
{
  SchnackContact *contact;
  SchnackSubscription subscription;

  g_return_if_fail (SCHNACK_IS_CONTACT_LIST (self));
  g_return_if_fail (bare_jid != NULL);

  schnack_presence_send_subscription (self->connection, "subscribed", bare_jid);
  contact = g_hash_table_lookup (self->by_jid, bare_jid);
  subscription = contact != NULL ? schnack_contact_get_subscription (contact) : SCHNACK_SUBSCRIPTION_NONE;
  if (subscription != SCHNACK_SUBSCRIPTION_TO && subscription != SCHNACK_SUBSCRIPTION_BOTH &&
      (contact == NULL || !schnack_contact_get_pending_out (contact)))
    schnack_presence_send_subscription (self->connection, "subscribe", bare_jid);
  remove_request (self, bare_jid);
}

void
schnack_contact_list_deny_request (SchnackContactList *self,
                                   const char         *bare_jid)
{
  g_return_if_fail (SCHNACK_IS_CONTACT_LIST (self));
  g_return_if_fail (bare_jid != NULL);

  schnack_presence_send_subscription (self->connection, "unsubscribed", bare_jid);
  remove_request (self, bare_jid);
}

gboolean
schnack_contact_list_is_blocked (SchnackContactList *self,
                                 const char         *bare_jid)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (SCHNACK_IS_CONTACT_LIST (self), FALSE);
  g_return_val_if_fail (bare_jid != NULL, FALSE);

  key = g_ascii_strdown (bare_jid, -1);
  return g_hash_table_contains (self->blocked, key);
}

static void
on_block_changed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SchnackContactList *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!schnack_blocking_change_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* The server's push confirms it too; be current without waiting. */
  set_blocked (self, g_object_get_data (G_OBJECT (task), "jid"),
               GPOINTER_TO_INT (g_task_get_task_data (task)));
  g_task_return_boolean (task, TRUE);
}

/**
 * schnack_contact_list_block_async:
 * @report_spam: also report them as spam to the server (XEP-0377)
 *
 * Blocks @bare_jid on the server: no messages, presence or requests from
 * them reach any of the user's devices. A waiting request from them is
 * dropped.
 */
void
schnack_contact_list_block_async (SchnackContactList  *self,
                                  const char          *bare_jid,
                                  gboolean             report_spam,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONTACT_LIST (self));
  g_return_if_fail (bare_jid != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_contact_list_block_async);
  g_task_set_task_data (task, GINT_TO_POINTER (TRUE), NULL);
  g_object_set_data_full (G_OBJECT (task), "jid", g_strdup (bare_jid), g_free);
  remove_request (self, bare_jid);
  schnack_blocking_block_async (self->connection, bare_jid, report_spam, cancellable,
                                on_block_changed, task);
}

void
schnack_contact_list_unblock_async (SchnackContactList  *self,
                                    const char          *bare_jid,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONTACT_LIST (self));
  g_return_if_fail (bare_jid != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_contact_list_unblock_async);
  g_task_set_task_data (task, GINT_TO_POINTER (FALSE), NULL);
  g_object_set_data_full (G_OBJECT (task), "jid", g_strdup (bare_jid), g_free);
  schnack_blocking_unblock_async (self->connection, bare_jid, cancellable, on_block_changed, task);
}

gboolean
schnack_contact_list_block_finish (SchnackContactList  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
