/* contacts-pane.c — the contact list of all accounts, with search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Contacts of every account in one list, grouped by roster group (a
 * contact in two groups is shown in both), online first, then by name;
 * filtered as the user types. Requests wait in a banner at the top that
 * cannot be missed, with a badge and a desktop notification.
 *
 * The models, from the accounts to the rows:
 *   accounts → (map) contact lists → (flatten) all contacts
 *     → (filter: search)
 *     → per group: (filter: membership) → (sort: online, name)
 *   groups (non-empty only) → tree: groups with their contacts as children
 *
 * Contacts do not tell the sort models when they go online, so each one
 * is watched; changes are coalesced into at most ten re-sorts a second,
 * and each group sorts only its own members, which keeps a roster of
 * thousands responsive while presence pours in. Changes that replace
 * most rows (a search, a whole roster arriving) are done with the list
 * view detached, so it builds its visible rows once instead of after
 * every step.
 */
#include "config.h"

#include "ui/contacts-pane.h"
#include "ui/add-contact-dialog.h"
#include "ui/contact-group-header.h"
#include "ui/contact-row.h"
#include "ui/requests-window.h"
#include "ui/status-button.h"

#include <glib/gi18n.h>
#include <string.h>

#define RESORT_DELAY_MS 100
/* Long names and banners are ellipsized, not allowed to widen the sidebar. */
#define NATURAL_WIDTH 320
#define ROW_POOL_SIZE 200
/* More changes than this before the main loop turns: a burst (a whole
 * roster arriving), shown in one go instead of change by change. */
#define BURST_CHANGES 64

/* ------------------------------------------------------------ groups */

#define SCHNACK_TYPE_CONTACT_GROUP (schnack_contact_group_get_type ())
G_DECLARE_FINAL_TYPE (SchnackContactGroup, schnack_contact_group, SCHNACK, CONTACT_GROUP, GObject)

struct _SchnackContactGroup {
  GObject             parent_instance;
  char               *name;      /* NULL: the contacts in no group */
  GtkCustomFilter    *filter;
  GtkSortListModel   *members;   /* sorted: a re-sort costs one group's size */
  gboolean            empty;
};

G_DEFINE_FINAL_TYPE (SchnackContactGroup, schnack_contact_group, G_TYPE_OBJECT)

static void
schnack_contact_group_dispose (GObject *object)
{
  SchnackContactGroup *self = SCHNACK_CONTACT_GROUP (object);

  g_clear_object (&self->members);
  g_clear_object (&self->filter);
  G_OBJECT_CLASS (schnack_contact_group_parent_class)->dispose (object);
}

static void
schnack_contact_group_finalize (GObject *object)
{
  g_free (SCHNACK_CONTACT_GROUP (object)->name);
  G_OBJECT_CLASS (schnack_contact_group_parent_class)->finalize (object);
}

static void
schnack_contact_group_class_init (SchnackContactGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = schnack_contact_group_dispose;
  G_OBJECT_CLASS (klass)->finalize = schnack_contact_group_finalize;
}

static void
schnack_contact_group_init (SchnackContactGroup *self)
{
  self->empty = TRUE;
}

static gboolean
contact_in_group (gpointer item,
                  gpointer user_data)
{
  SchnackContactGroup *group = user_data;
  const char * const *groups = schnack_contact_get_groups (item);

  if (group->name == NULL)
    return groups == NULL || groups[0] == NULL;
  return groups != NULL && g_strv_contains (groups, group->name);
}

static SchnackContactGroup *
schnack_contact_group_new (const char *name,
                           GListModel *contacts,
                           GtkSorter  *sorter)
{
  SchnackContactGroup *self = g_object_new (SCHNACK_TYPE_CONTACT_GROUP, NULL);
  GtkFilterListModel *in_group;

  self->name = g_strdup (name);
  self->filter = gtk_custom_filter_new (contact_in_group, self, NULL);
  in_group = gtk_filter_list_model_new (g_object_ref (contacts), g_object_ref (GTK_FILTER (self->filter)));
  self->members = gtk_sort_list_model_new (G_LIST_MODEL (in_group), g_object_ref (sorter));
  return self;
}

/* Named groups alphabetically, the ungrouped contacts last. */
static int
compare_groups (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const SchnackContactGroup *first = a;
  const SchnackContactGroup *second = b;

  if (first->name == NULL || second->name == NULL)
    return (first->name == NULL) - (second->name == NULL);
  return g_utf8_collate (first->name, second->name);
}

/* -------------------------------------------------------------- pane */

struct _SchnackContactsPane {
  GtkWidget              parent_instance;

  AdwHeaderBar          *contacts_header_bar;
  SchnackStatusButton   *contacts_status_button;
  GtkButton             *contacts_add_button;
  GtkMenuButton         *contacts_menu_button;
  GtkSearchEntry        *contacts_search_entry;
  GtkRevealer           *contacts_requests_revealer;
  GtkButton             *contacts_requests_button;
  GtkLabel              *contacts_requests_label;
  GtkLabel              *contacts_requests_badge;
  GtkStack              *contacts_stack;
  GtkListView           *contacts_list_view;
  AdwStatusPage         *contacts_no_results_page;
  GtkButton             *contacts_empty_add_button;

  SchnackAccountManager *manager;
  GtkFlattenListModel   *all_contacts;
  GtkCustomFilter       *search_filter;
  GtkFilterListModel    *found;
  GtkCustomSorter       *sorter;
  GListStore            *groups;
  GHashTable            *groups_by_name;   /* name → SchnackContactGroup (borrowed) */
  SchnackContactGroup   *ungrouped;
  GtkCustomFilter       *nonempty_filter;
  GtkTreeListModel      *tree;
  GtkSingleSelection    *selection;

  GHashTable            *watched;          /* SchnackContact (owned) → notify handler */
  char                  *search;           /* case-folded; NULL: show everyone */
  guint                  resort_id;
  guint                  groups_idle_id;
  gboolean               refilter_pending;
  gboolean               regroup_pending;
  gboolean               prune_pending;

  GtkFlattenListModel   *contact_requests;
  GtkFlattenListModel   *message_requests;
  GHashTable            *notified;         /* bare JIDs with a desktop notification */
  GtkWindow             *requests_window;  /* weak */

  SchnackContact        *selected_contact;
  gboolean               restoring_selection;

  GPtrArray             *row_pool;         /* list item children to reuse */
  guint                  burst_id;
  guint                  burst_changes;
  gboolean               burst_detached;
};

G_DEFINE_FINAL_TYPE (SchnackContactsPane, schnack_contacts_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ACCOUNT_MANAGER,
  PROP_SELECTED_CONTACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GQuark sort_key_quark;
static GQuark search_key_quark;

/* Collation and case folding are slow; each contact keeps its keys
 * until its name changes. */
static const char *
sort_key (SchnackContact *contact)
{
  const char *key = g_object_get_qdata (G_OBJECT (contact), sort_key_quark);

  if (key == NULL)
    {
      g_autofree char *folded = g_utf8_casefold (schnack_contact_get_display_name (contact), -1);
      char *created = g_utf8_collate_key (folded, -1);

      g_object_set_qdata_full (G_OBJECT (contact), sort_key_quark, created, g_free);
      key = created;
    }
  return key;
}

static char *
fold_for_search (const char *text)
{
  g_autofree char *normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normalized != NULL ? normalized : text, -1);
}

static const char *
search_key (SchnackContact *contact)
{
  const char *key = g_object_get_qdata (G_OBJECT (contact), search_key_quark);

  if (key == NULL)
    {
      g_autofree char *name = fold_for_search (schnack_contact_get_display_name (contact));
      g_autofree char *jid = fold_for_search (schnack_contact_get_jid (contact));
      char *created = g_strconcat (name, "\n", jid, NULL);

      g_object_set_qdata_full (G_OBJECT (contact), search_key_quark, created, g_free);
      key = created;
    }
  return key;
}

static int
compare_contacts (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  SchnackContact *first = SCHNACK_CONTACT ((gpointer) a);
  SchnackContact *second = SCHNACK_CONTACT ((gpointer) b);
  gboolean first_online = schnack_contact_get_available (first);
  gboolean second_online = schnack_contact_get_available (second);
  int order;

  if (first_online != second_online)
    return first_online ? -1 : 1;
  order = strcmp (sort_key (first), sort_key (second));
  if (order != 0)
    return order;
  return g_strcmp0 (schnack_contact_get_jid (first), schnack_contact_get_jid (second));
}

static gboolean
matches_search (gpointer item,
                gpointer user_data)
{
  SchnackContactsPane *self = user_data;

  return self->search == NULL || strstr (search_key (item), self->search) != NULL;
}

static gboolean
group_not_empty (gpointer item,
                 gpointer user_data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (SCHNACK_CONTACT_GROUP (item)->members)) > 0;
}

SchnackAccount *
schnack_find_account_of_contact (SchnackAccountManager *manager,
                                 SchnackContact        *contact)
{
  guint n;

  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (manager), NULL);
  g_return_val_if_fail (SCHNACK_IS_CONTACT (contact), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (manager));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackAccount) account = g_list_model_get_item (G_LIST_MODEL (manager), i);

      if (schnack_contact_list_find (schnack_account_get_contacts (account),
                                     schnack_contact_get_jid (contact)) == contact)
        return account;
    }
  return NULL;
}

/* ---------------------------------------------------------- selection */

static void
set_selected_contact (SchnackContactsPane *self,
                      SchnackContact      *contact)
{
  if (g_set_object (&self->selected_contact, contact))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CONTACT]);
}

static gpointer
dup_row_item (gpointer row)
{
  return row != NULL ? gtk_tree_list_row_get_item (GTK_TREE_LIST_ROW (row)) : NULL;
}

/* A re-sort replaces the rows it moves, and with them the selection:
 * find the contact again (under the first expanded group that has it). */
static void
restore_selection (SchnackContactsPane *self)
{
  g_autoptr(GObject) current = NULL;
  guint n_groups;

  if (self->selected_contact == NULL || self->tree == NULL)
    return;
  current = dup_row_item (gtk_single_selection_get_selected_item (self->selection));
  if (current == G_OBJECT (self->selected_contact))
    return;

  n_groups = g_list_model_get_n_items (gtk_tree_list_model_get_model (self->tree));
  for (guint i = 0; i < n_groups; i++)
    {
      g_autoptr(GtkTreeListRow) group_row = gtk_tree_list_model_get_child_row (self->tree, i);
      GListModel *members;
      guint n_members;

      if (group_row == NULL || !gtk_tree_list_row_get_expanded (group_row))
        continue;
      members = gtk_tree_list_row_get_children (group_row);
      n_members = members != NULL ? g_list_model_get_n_items (members) : 0;
      for (guint k = 0; k < n_members; k++)
        {
          g_autoptr(GObject) member = g_list_model_get_item (members, k);

          if (member == G_OBJECT (self->selected_contact))
            {
              self->restoring_selection = TRUE;
              gtk_single_selection_set_selected (self->selection,
                                                 gtk_tree_list_row_get_position (group_row) + 1 + k);
              self->restoring_selection = FALSE;
              return;
            }
        }
    }
}

static void
on_selected_item_changed (SchnackContactsPane *self)
{
  g_autoptr(GObject) item = NULL;

  if (self->restoring_selection)
    return;
  item = dup_row_item (gtk_single_selection_get_selected_item (self->selection));
  /* Losing the highlight (a filter, a re-sort) keeps the contact open. */
  if (SCHNACK_IS_CONTACT (item))
    set_selected_contact (self, SCHNACK_CONTACT (item));
}

/* ------------------------------------------------------------ updates */

static void
freeze_view (SchnackContactsPane *self)
{
  gtk_list_view_set_model (self->contacts_list_view, NULL);
}

static void
thaw_view (SchnackContactsPane *self)
{
  gtk_list_view_set_model (self->contacts_list_view, GTK_SELECTION_MODEL (self->selection));
}

static void
update_stack (SchnackContactsPane *self)
{
  const char *page = "list";

  if (self->burst_detached)
    return;

  if (self->all_contacts == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->all_contacts)) == 0)
    page = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->found)) == 0)
    page = "no-results";
  gtk_stack_set_visible_child_name (self->contacts_stack, page);
}

static gboolean
resort_now (gpointer user_data)
{
  SchnackContactsPane *self = user_data;

  self->resort_id = 0;
  if (self->refilter_pending)
    {
      self->refilter_pending = FALSE;
      gtk_filter_changed (GTK_FILTER (self->search_filter), GTK_FILTER_CHANGE_DIFFERENT);
    }
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  restore_selection (self);
  return G_SOURCE_REMOVE;
}

static void
queue_resort (SchnackContactsPane *self)
{
  if (self->resort_id == 0)
    self->resort_id = g_timeout_add (RESORT_DELAY_MS, resort_now, self);
}

static void
prune_watched (SchnackContactsPane *self)
{
  g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->all_contacts));
  GHashTableIter iter;
  gpointer contact, handler;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->all_contacts), i);

      g_hash_table_add (present, item);
    }
  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &contact, &handler))
    if (!g_hash_table_contains (present, contact))
      {
        g_signal_handler_disconnect (contact, GPOINTER_TO_SIZE (handler));
        g_hash_table_iter_remove (&iter);
        g_object_unref (contact);
      }

  if (self->selected_contact != NULL &&
      schnack_find_account_of_contact (self->manager, self->selected_contact) == NULL)
    set_selected_contact (self, NULL);
}

/* Group membership and emptiness, after the models have settled. */
static gboolean
update_groups_now (gpointer user_data)
{
  SchnackContactsPane *self = user_data;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->groups));
  gboolean visibility_changed = FALSE;

  self->groups_idle_id = 0;
  if (self->prune_pending)
    {
      self->prune_pending = FALSE;
      prune_watched (self);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackContactGroup) group = g_list_model_get_item (G_LIST_MODEL (self->groups), i);
      gboolean empty;

      if (self->regroup_pending)
        gtk_filter_changed (GTK_FILTER (group->filter), GTK_FILTER_CHANGE_DIFFERENT);
      empty = g_list_model_get_n_items (G_LIST_MODEL (group->members)) == 0;
      if (empty != group->empty)
        {
          group->empty = empty;
          visibility_changed = TRUE;
        }
    }
  self->regroup_pending = FALSE;
  if (visibility_changed)
    {
      gtk_filter_changed (GTK_FILTER (self->nonempty_filter), GTK_FILTER_CHANGE_DIFFERENT);
      restore_selection (self);
    }
  return G_SOURCE_REMOVE;
}

static void
queue_groups_update (SchnackContactsPane *self)
{
  if (self->groups_idle_id == 0)
    self->groups_idle_id = g_idle_add (update_groups_now, self);
}

static void
ensure_group (SchnackContactsPane *self,
              const char          *name)
{
  g_autoptr(SchnackContactGroup) group = NULL;

  if (g_hash_table_contains (self->groups_by_name, name))
    return;
  group = schnack_contact_group_new (name, G_LIST_MODEL (self->found), GTK_SORTER (self->sorter));
  g_signal_connect_swapped (group->members, "items-changed", G_CALLBACK (queue_groups_update), self);
  g_hash_table_insert (self->groups_by_name, group->name, group);
  g_list_store_insert_sorted (self->groups, group, compare_groups, NULL);
}

static void
ensure_groups_of (SchnackContactsPane *self,
                  SchnackContact      *contact)
{
  const char * const *groups = schnack_contact_get_groups (contact);

  for (guint i = 0; groups != NULL && groups[i] != NULL; i++)
    ensure_group (self, groups[i]);
}

static void
on_contact_notify (SchnackContact      *contact,
                   GParamSpec          *pspec,
                   SchnackContactsPane *self)
{
  const char *name = pspec->name;

  if (g_str_equal (name, "display-name"))
    {
      g_object_set_qdata (G_OBJECT (contact), sort_key_quark, NULL);
      g_object_set_qdata (G_OBJECT (contact), search_key_quark, NULL);
      if (self->search != NULL)
        self->refilter_pending = TRUE;
      queue_resort (self);
    }
  else if (g_str_equal (name, "available"))
    queue_resort (self);
  else if (g_str_equal (name, "groups"))
    {
      ensure_groups_of (self, contact);
      self->regroup_pending = TRUE;
      queue_groups_update (self);
    }
}

static void
watch_contact (SchnackContactsPane *self,
               SchnackContact      *contact)
{
  gulong handler;

  if (g_hash_table_contains (self->watched, contact))
    return;
  handler = g_signal_connect (contact, "notify", G_CALLBACK (on_contact_notify), self);
  g_hash_table_insert (self->watched, g_object_ref (contact), GSIZE_TO_POINTER (handler));
}

static gboolean
end_burst (gpointer user_data)
{
  SchnackContactsPane *self = user_data;

  self->burst_id = 0;
  self->burst_changes = 0;
  if (self->burst_detached)
    {
      self->burst_detached = FALSE;
      freeze_view (self);
      gtk_filter_list_model_set_model (self->found, G_LIST_MODEL (self->all_contacts));
      thaw_view (self);
      update_stack (self);
      restore_selection (self);
    }
  return G_SOURCE_REMOVE;
}

/* Thousands of single changes would each ripple through sorting, the
 * groups and the visible rows; during a burst the list below the search
 * is cut off and rebuilt once, before the next frame is drawn. */
static void
count_burst (SchnackContactsPane *self,
             guint                changes)
{
  self->burst_changes += changes;
  if (!self->burst_detached && self->burst_changes > BURST_CHANGES)
    {
      self->burst_detached = TRUE;
      gtk_filter_list_model_set_model (self->found, NULL);
    }
  if (self->burst_id == 0)
    self->burst_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, end_burst, self, NULL);
}

static void
watch_added (SchnackContactsPane *self,
             guint                position,
             guint                added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SchnackContact) contact = g_list_model_get_item (G_LIST_MODEL (self->all_contacts), i);

      watch_contact (self, contact);
      ensure_groups_of (self, contact);
    }
}

static void
on_all_contacts_changed (SchnackContactsPane *self,
                         guint                position,
                         guint                removed,
                         guint                added)
{
  watch_added (self, position, added);
  if (removed > 0)
    {
      self->prune_pending = TRUE;
      queue_groups_update (self);
    }
  count_burst (self, MAX (removed, added));
  update_stack (self);
}

static void
on_search_changed (SchnackContactsPane *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->contacts_search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *title = NULL;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;
  char *search = *stripped != '\0' ? fold_for_search (stripped) : NULL;

  /* Typing on narrows, deleting widens: GTK then only looks at part. */
  if (self->search != NULL && search != NULL && strstr (search, self->search) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (self->search != NULL && (search == NULL || strstr (self->search, search) != NULL))
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  g_free (self->search);
  self->search = search;

  title = g_strdup_printf (_("No contact matches “%s”"), stripped);
  adw_status_page_set_title (self->contacts_no_results_page, title);
  if (self->search_filter != NULL)
    {
      freeze_view (self);
      gtk_filter_changed (GTK_FILTER (self->search_filter), change);
      thaw_view (self);
    }
  restore_selection (self);
}

static void
on_search_stopped (SchnackContactsPane *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->contacts_search_entry), "");
}

/* Enter in the search: open the first match. */
static void
on_search_activate (SchnackContactsPane *self)
{
  guint n = self->selection != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->selection)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (SCHNACK_IS_CONTACT (item))
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
}

/* ----------------------------------------------------------- requests */

static void
update_requests_banner (SchnackContactsPane *self)
{
  guint contacts = g_list_model_get_n_items (G_LIST_MODEL (self->contact_requests));
  guint messages = g_list_model_get_n_items (G_LIST_MODEL (self->message_requests));
  guint total = contacts + messages;
  g_autofree char *text = NULL;
  g_autofree char *badge = g_strdup_printf ("%u", total);

  if (messages == 0)
    text = g_strdup_printf (ngettext ("%u contact request", "%u contact requests", contacts), contacts);
  else if (contacts == 0)
    text = g_strdup_printf (ngettext ("%u message request", "%u message requests", messages), messages);
  else
    text = g_strdup_printf (ngettext ("%u request", "%u requests", total), total);

  gtk_label_set_text (self->contacts_requests_label, text);
  gtk_label_set_text (self->contacts_requests_badge, badge);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->contacts_requests_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
  gtk_revealer_set_reveal_child (self->contacts_requests_revealer, total > 0);
}

static char *
notification_id (const char *jid)
{
  return g_strdup_printf ("contact-request-%s", jid);
}

/* One desktop notification per person asking, withdrawn once answered.
 * The body is the address only: notification servers may read markup,
 * and a JID cannot contain any. */
static void
sync_request_notifications (SchnackContactsPane *self)
{
  GApplication *application = g_application_get_default ();
  g_autoptr(GHashTable) current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->contact_requests));
  GHashTableIter iter;
  const char *jid;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackContactRequest) request = g_list_model_get_item (G_LIST_MODEL (self->contact_requests), i);

      jid = schnack_contact_request_get_jid (request);
      g_hash_table_add (current, g_strdup (jid));
      if (g_hash_table_contains (self->notified, jid))
        continue;
      g_hash_table_add (self->notified, g_strdup (jid));
      if (application != NULL)
        {
          g_autoptr(GNotification) notification = g_notification_new (_("Contact request"));
          g_autofree char *id = notification_id (jid);

          g_notification_set_body (notification, jid);
          if (g_action_group_has_action (G_ACTION_GROUP (application), "show-requests"))
            g_notification_set_default_action (notification, "app.show-requests");
          g_application_send_notification (application, id, notification);
        }
    }

  g_hash_table_iter_init (&iter, self->notified);
  while (g_hash_table_iter_next (&iter, (gpointer *) &jid, NULL))
    if (!g_hash_table_contains (current, jid))
      {
        if (application != NULL)
          {
            g_autofree char *id = notification_id (jid);

            g_application_withdraw_notification (application, id);
          }
        g_hash_table_iter_remove (&iter);
      }
}

static void
on_contact_requests_changed (SchnackContactsPane *self)
{
  update_requests_banner (self);
  sync_request_notifications (self);
}

/* ------------------------------------------------------------ factory */

/* Each list item holds a box with a contact row or, for a group, a
 * header; the other one is only made when it is first needed. */
static GtkWidget *
ensure_child (GtkWidget *box,
              GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
      return child;
  if (type == SCHNACK_TYPE_CONTACT_GROUP_HEADER)
    {
      GtkWidget *header = GTK_WIDGET (schnack_contact_group_header_new ());

      gtk_box_prepend (GTK_BOX (box), header);
      return header;
    }
  else
    {
      GtkWidget *row = GTK_WIDGET (schnack_contact_row_new ());

      gtk_box_append (GTK_BOX (box), row);
      return row;
    }
}

static void
hide_child (GtkWidget *box,
            GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
      gtk_widget_set_visible (child, FALSE);
}

/* GTK 4.8's list view makes new list items instead of reusing old ones
 * after big changes (a re-sort, a search), and building rows from their
 * templates is the expensive part. So the pane keeps a reference to
 * every item's box: when the list view lets go of one, it waits in a
 * pool for the next new item. */
static void
on_box_parent_changed (GtkWidget           *box,
                       GParamSpec          *pspec,
                       SchnackContactsPane *self)
{
  if (gtk_widget_get_parent (box) != NULL)
    return;
  if (self->row_pool != NULL && self->row_pool->len < ROW_POOL_SIZE)
    g_ptr_array_add (self->row_pool, box);   /* takes the pane's reference */
  else
    {
      g_signal_handlers_disconnect_by_func (box, on_box_parent_changed, self);
      g_object_unref (box);
    }
}

static void
setup_item (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            SchnackContactsPane      *self)
{
  GtkWidget *box;

  if (self->row_pool != NULL && self->row_pool->len > 0)
    box = g_ptr_array_steal_index_fast (self->row_pool, self->row_pool->len - 1);
  else
    {
      box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
      g_signal_connect (box, "notify::parent", G_CALLBACK (on_box_parent_changed), self);
    }
  gtk_list_item_set_child (item, box);
}

static void
bind_item (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           SchnackContactsPane      *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkTreeListRow *tree_row = gtk_list_item_get_item (item);
  g_autoptr(GObject) inner = gtk_tree_list_row_get_item (tree_row);

  if (SCHNACK_IS_CONTACT_GROUP (inner))
    {
      SchnackContactGroup *group = SCHNACK_CONTACT_GROUP (inner);
      GtkWidget *header = ensure_child (box, SCHNACK_TYPE_CONTACT_GROUP_HEADER);

      schnack_contact_group_header_bind (SCHNACK_CONTACT_GROUP_HEADER (header), tree_row,
                                         group->name != NULL ? group->name : _("Ungrouped"),
                                         G_LIST_MODEL (group->members));
      gtk_widget_set_visible (header, TRUE);
      hide_child (box, SCHNACK_TYPE_CONTACT_ROW);
      gtk_list_item_set_selectable (item, FALSE);
    }
  else if (SCHNACK_IS_CONTACT (inner))
    {
      GtkWidget *row = ensure_child (box, SCHNACK_TYPE_CONTACT_ROW);

      schnack_contact_row_set_contact (SCHNACK_CONTACT_ROW (row), SCHNACK_CONTACT (inner));
      gtk_widget_set_visible (row, TRUE);
      hide_child (box, SCHNACK_TYPE_CONTACT_GROUP_HEADER);
      gtk_list_item_set_selectable (item, TRUE);
    }
}

static void
unbind_item (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             SchnackContactsPane      *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (SCHNACK_IS_CONTACT_GROUP_HEADER (child))
        schnack_contact_group_header_bind (SCHNACK_CONTACT_GROUP_HEADER (child), NULL, NULL, NULL);
      else if (SCHNACK_IS_CONTACT_ROW (child))
        schnack_contact_row_set_contact (SCHNACK_CONTACT_ROW (child), NULL);
    }
}

/* Enter or double click on a group opens or closes it. */
static void
on_list_activate (SchnackContactsPane *self,
                  guint                position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (row != NULL && gtk_tree_list_row_is_expandable (row))
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
}

static GListModel *
create_group_children (gpointer item,
                       gpointer user_data)
{
  if (SCHNACK_IS_CONTACT_GROUP (item))
    return g_object_ref (G_LIST_MODEL (SCHNACK_CONTACT_GROUP (item)->members));
  return NULL;
}

static gpointer
map_account_to_contacts (gpointer item,
                         gpointer user_data)
{
  g_autoptr(SchnackAccount) account = item;

  return g_object_ref (schnack_account_get_contacts (account));
}

static gpointer
map_account_to_contact_requests (gpointer item,
                                 gpointer user_data)
{
  g_autoptr(SchnackAccount) account = item;

  return g_object_ref (schnack_contact_list_get_requests (schnack_account_get_contacts (account)));
}

static gpointer
map_account_to_message_requests (gpointer item,
                                 gpointer user_data)
{
  g_autoptr(SchnackAccount) account = item;

  return g_object_ref (schnack_account_get_message_requests (account));
}

static GListModel *
flatten_accounts (SchnackAccountManager *manager,
                  GtkMapListModelMapFunc map)
{
  GtkMapListModel *lists = gtk_map_list_model_new (g_object_ref (G_LIST_MODEL (manager)), map, NULL, NULL);

  return G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (lists)));
}

void
schnack_contacts_pane_set_account_manager (SchnackContactsPane   *self,
                                           SchnackAccountManager *manager)
{
  g_return_if_fail (SCHNACK_IS_CONTACTS_PANE (self));
  g_return_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (manager));
  g_return_if_fail (self->manager == NULL);

  self->manager = g_object_ref (manager);
  schnack_status_button_set_account_manager (self->contacts_status_button, manager);

  self->all_contacts = GTK_FLATTEN_LIST_MODEL (flatten_accounts (manager, map_account_to_contacts));
  self->search_filter = gtk_custom_filter_new (matches_search, self, NULL);
  self->found = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->all_contacts)),
                                           g_object_ref (GTK_FILTER (self->search_filter)));
  self->sorter = gtk_custom_sorter_new (compare_contacts, NULL, NULL);

  self->groups = g_list_store_new (SCHNACK_TYPE_CONTACT_GROUP);
  self->ungrouped = schnack_contact_group_new (NULL, G_LIST_MODEL (self->found), GTK_SORTER (self->sorter));
  g_signal_connect_swapped (self->ungrouped->members, "items-changed", G_CALLBACK (queue_groups_update), self);
  g_list_store_append (self->groups, self->ungrouped);
  self->nonempty_filter = gtk_custom_filter_new (group_not_empty, NULL, NULL);
  self->tree = gtk_tree_list_model_new (G_LIST_MODEL (gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->groups)),
                                                                                 g_object_ref (GTK_FILTER (self->nonempty_filter)))),
                                        FALSE, TRUE, create_group_children, NULL, NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tree)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (on_selected_item_changed), self);
  gtk_list_view_set_model (self->contacts_list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_swapped (self->all_contacts, "items-changed", G_CALLBACK (on_all_contacts_changed), self);
  g_signal_connect_swapped (self->found, "items-changed", G_CALLBACK (update_stack), self);
  watch_added (self, 0, g_list_model_get_n_items (G_LIST_MODEL (self->all_contacts)));
  update_stack (self);
  update_groups_now (self);

  self->contact_requests = GTK_FLATTEN_LIST_MODEL (flatten_accounts (manager, map_account_to_contact_requests));
  self->message_requests = GTK_FLATTEN_LIST_MODEL (flatten_accounts (manager, map_account_to_message_requests));
  g_signal_connect_swapped (self->contact_requests, "items-changed", G_CALLBACK (on_contact_requests_changed), self);
  g_signal_connect_swapped (self->message_requests, "items-changed", G_CALLBACK (update_requests_banner), self);
  on_contact_requests_changed (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_MANAGER]);
}

/* ------------------------------------------------------------ actions */

void
schnack_contacts_pane_show_add_contact (SchnackContactsPane *self)
{
  SchnackAddContactDialog *dialog;

  g_return_if_fail (SCHNACK_IS_CONTACTS_PANE (self));
  g_return_if_fail (self->manager != NULL);

  dialog = schnack_add_contact_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->manager);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
schnack_contacts_pane_show_requests (SchnackContactsPane *self)
{
  g_return_if_fail (SCHNACK_IS_CONTACTS_PANE (self));
  g_return_if_fail (self->manager != NULL);

  if (self->requests_window == NULL)
    {
      self->requests_window = GTK_WINDOW (schnack_requests_window_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                                       self->manager));
      g_object_add_weak_pointer (G_OBJECT (self->requests_window), (gpointer *) &self->requests_window);
    }
  gtk_window_present (self->requests_window);
}

static void
on_add_clicked (SchnackContactsPane *self)
{
  schnack_contacts_pane_show_add_contact (self);
}

static void
on_requests_clicked (SchnackContactsPane *self)
{
  schnack_contacts_pane_show_requests (self);
}

/* ---------------------------------------------------------- lifecycle */

static void
schnack_contacts_pane_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  *minimum = *natural = 0;
  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = MAX (*minimum, NATURAL_WIDTH);
}

static void
schnack_contacts_pane_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
schnack_contacts_pane_dispose (GObject *object)
{
  SchnackContactsPane *self = SCHNACK_CONTACTS_PANE (object);
  GHashTableIter iter;
  gpointer contact, handler;
  GtkWidget *child;

  g_clear_handle_id (&self->resort_id, g_source_remove);
  g_clear_handle_id (&self->groups_idle_id, g_source_remove);
  if (self->requests_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->requests_window), (gpointer *) &self->requests_window);
      gtk_window_destroy (self->requests_window);
      self->requests_window = NULL;
    }
  if (self->watched != NULL)
    {
      g_hash_table_iter_init (&iter, self->watched);
      while (g_hash_table_iter_next (&iter, &contact, &handler))
        {
          g_signal_handler_disconnect (contact, GPOINTER_TO_SIZE (handler));
          g_object_unref (contact);
        }
      g_clear_pointer (&self->watched, g_hash_table_unref);
    }
  if (self->all_contacts != NULL)
    g_signal_handlers_disconnect_by_data (self->all_contacts, self);
  if (self->found != NULL)
    g_signal_handlers_disconnect_by_data (self->found, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->contact_requests != NULL)
    g_signal_handlers_disconnect_by_data (self->contact_requests, self);
  if (self->message_requests != NULL)
    g_signal_handlers_disconnect_by_data (self->message_requests, self);
  if (self->groups != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->groups));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SchnackContactGroup) group = g_list_model_get_item (G_LIST_MODEL (self->groups), i);

          g_signal_handlers_disconnect_by_data (group->members, self);
        }
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_CONTACTS_PANE);
  /* Children without a struct field are not unparented by the above. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  if (self->row_pool != NULL)
    {
      g_autoptr(GPtrArray) pool = g_steal_pointer (&self->row_pool);

      for (guint i = 0; i < pool->len; i++)
        g_signal_handlers_disconnect_by_func (g_ptr_array_index (pool, i), on_box_parent_changed, self);
    }
  g_clear_handle_id (&self->burst_id, g_source_remove);
  /* The filter calls back into us; nothing may call it any more. */
  if (self->search_filter != NULL)
    gtk_custom_filter_set_filter_func (self->search_filter, NULL, NULL, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree);
  g_clear_object (&self->nonempty_filter);
  g_clear_object (&self->ungrouped);
  g_clear_pointer (&self->groups_by_name, g_hash_table_unref);
  g_clear_object (&self->groups);
  g_clear_object (&self->sorter);
  g_clear_object (&self->found);
  g_clear_object (&self->search_filter);
  g_clear_object (&self->all_contacts);
  g_clear_object (&self->contact_requests);
  g_clear_object (&self->message_requests);
  g_clear_pointer (&self->notified, g_hash_table_unref);
  g_clear_object (&self->selected_contact);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (schnack_contacts_pane_parent_class)->dispose (object);
}

static void
schnack_contacts_pane_finalize (GObject *object)
{
  g_free (SCHNACK_CONTACTS_PANE (object)->search);
  G_OBJECT_CLASS (schnack_contacts_pane_parent_class)->finalize (object);
}

static void
schnack_contacts_pane_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SchnackContactsPane *self = SCHNACK_CONTACTS_PANE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT_MANAGER:
      g_value_set_object (value, self->manager);
      break;
    case PROP_SELECTED_CONTACT:
      g_value_set_object (value, self->selected_contact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_contacts_pane_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SchnackContactsPane *self = SCHNACK_CONTACTS_PANE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT_MANAGER:
      if (g_value_get_object (value) != NULL)
        schnack_contacts_pane_set_account_manager (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_CONTACT:
      schnack_contacts_pane_select_contact (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_contacts_pane_class_init (SchnackContactsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_contacts_pane_dispose;
  object_class->finalize = schnack_contacts_pane_finalize;
  object_class->get_property = schnack_contacts_pane_get_property;
  object_class->set_property = schnack_contacts_pane_set_property;
  widget_class->measure = schnack_contacts_pane_measure;
  widget_class->size_allocate = schnack_contacts_pane_size_allocate;

  properties[PROP_ACCOUNT_MANAGER] =
    g_param_spec_object ("account-manager", NULL, NULL, SCHNACK_TYPE_ACCOUNT_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_CONTACT] =
    g_param_spec_object ("selected-contact", NULL, NULL, SCHNACK_TYPE_CONTACT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  sort_key_quark = g_quark_from_static_string ("schnack-contacts-pane-sort-key");
  search_key_quark = g_quark_from_static_string ("schnack-contacts-pane-search-key");

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/contacts-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackContactsPane, contacts_header_bar);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactsPane, contacts_status_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactsPane, contacts_add_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactsPane, contacts_menu_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactsPane, contacts_search_entry);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactsPane, contacts_requests_revealer);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactsPane, contacts_requests_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactsPane, contacts_requests_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactsPane, contacts_requests_badge);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactsPane, contacts_stack);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactsPane, contacts_list_view);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactsPane, contacts_no_results_page);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactsPane, contacts_empty_add_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stopped);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_requests_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
}

static void
schnack_contacts_pane_init (SchnackContactsPane *self)
{
  GtkListItemFactory *factory;

  g_type_ensure (SCHNACK_TYPE_STATUS_BUTTON);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->watched = g_hash_table_new (NULL, NULL);
  self->row_pool = g_ptr_array_new_with_free_func (g_object_unref);
  self->groups_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->notified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_item), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_item), self);
  gtk_list_view_set_factory (self->contacts_list_view, factory);
  g_object_unref (factory);

  gtk_search_entry_set_key_capture_widget (self->contacts_search_entry, GTK_WIDGET (self->contacts_list_view));
  update_stack (self);
}

SchnackContactsPane *
schnack_contacts_pane_new (SchnackAccountManager *manager)
{
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (manager), NULL);
  return g_object_new (SCHNACK_TYPE_CONTACTS_PANE, "account-manager", manager, NULL);
}

/**
 * schnack_contacts_pane_set_menu_model:
 * @menu_model: (nullable): the application's main menu, shown at the
 *   end of the header bar
 */
void
schnack_contacts_pane_set_menu_model (SchnackContactsPane *self,
                                      GMenuModel          *menu_model)
{
  g_return_if_fail (SCHNACK_IS_CONTACTS_PANE (self));

  gtk_menu_button_set_menu_model (self->contacts_menu_button, menu_model);
  gtk_widget_set_visible (GTK_WIDGET (self->contacts_menu_button), menu_model != NULL);
}

AdwHeaderBar *
schnack_contacts_pane_get_header_bar (SchnackContactsPane *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACTS_PANE (self), NULL);
  return self->contacts_header_bar;
}

GtkWidget *
schnack_contacts_pane_get_search_entry (SchnackContactsPane *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACTS_PANE (self), NULL);
  return GTK_WIDGET (self->contacts_search_entry);
}

/**
 * schnack_contacts_pane_get_selected_contact:
 * Returns: (transfer none) (nullable): the contact the user opened
 */
SchnackContact *
schnack_contacts_pane_get_selected_contact (SchnackContactsPane *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACTS_PANE (self), NULL);
  return self->selected_contact;
}

/**
 * schnack_contacts_pane_get_selected_account:
 * Returns: (transfer none) (nullable): the account of the selected contact
 */
SchnackAccount *
schnack_contacts_pane_get_selected_account (SchnackContactsPane *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACTS_PANE (self), NULL);

  if (self->selected_contact == NULL || self->manager == NULL)
    return NULL;
  return schnack_find_account_of_contact (self->manager, self->selected_contact);
}

void
schnack_contacts_pane_select_contact (SchnackContactsPane *self,
                                      SchnackContact      *contact)
{
  g_return_if_fail (SCHNACK_IS_CONTACTS_PANE (self));
  g_return_if_fail (contact == NULL || SCHNACK_IS_CONTACT (contact));

  set_selected_contact (self, contact);
  if (contact == NULL && self->selection != NULL)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  restore_selection (self);
}

/**
 * schnack_contacts_pane_get_model:
 * Returns: (transfer none): the rows as shown: #GtkTreeListRow items
 *   holding a group (expandable) or a #SchnackContact
 */
GListModel *
schnack_contacts_pane_get_model (SchnackContactsPane *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACTS_PANE (self), NULL);
  return self->selection != NULL ? G_LIST_MODEL (self->selection) : NULL;
}

/* Contact requests plus messages from strangers, of all accounts. */
guint
schnack_contacts_pane_get_n_requests (SchnackContactsPane *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACTS_PANE (self), 0);

  if (self->contact_requests == NULL)
    return 0;
  return g_list_model_get_n_items (G_LIST_MODEL (self->contact_requests)) +
         g_list_model_get_n_items (G_LIST_MODEL (self->message_requests));
}
