/* conversations-pane.c — the chats of all accounts, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every account's SchnackConversationList flattened into one list and
 * sorted (pinned first, then by the last message), shown in a
 * GtkListView. Activating a row selects the chat; the window opens it
 * (notify::selected). "Start a Chat" asks the window to show the
 * contacts (the start-chat signal); the header's menu also offers
 * joining and creating rooms. Room invitations wait above the list.
 */
#include "config.h"

#include "ui/conversations-pane.h"
#include "ui/conversation-row.h"
#include "ui/room-invites-box.h"

#include <glib/gi18n.h>

struct _SchnackConversationsPane {
  GtkWidget              parent_instance;

  GtkBox                *conversations_box;
  AdwHeaderBar          *conversations_header_bar;
  GtkMenuButton         *conversations_start_button;
  SchnackRoomInvitesBox *conversations_invites_box;
  GtkMenuButton         *conversations_menu_button;
  GtkStack              *conversations_stack;
  AdwStatusPage         *conversations_empty_page;
  GtkListView           *conversations_list_view;

  SchnackAccountManager *account_manager;
  GListStore            *account_lists;  /* SchnackConversationList per account */
  GtkSortListModel      *sorted;
  GtkSingleSelection    *selection;
  SchnackConversation   *selected;
};

G_DEFINE_FINAL_TYPE (SchnackConversationsPane, schnack_conversations_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED,
  N_PROPS
};

enum {
  SIGNAL_START_CHAT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

SchnackAccount *
schnack_conversations_pane_find_account (SchnackConversationsPane *self,
                                         gint64                    account_id)
{
  guint n;

  g_return_val_if_fail (SCHNACK_IS_CONVERSATIONS_PANE (self), NULL);

  if (self->account_manager == NULL)
    return NULL;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->account_manager));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackAccount) account = g_list_model_get_item (G_LIST_MODEL (self->account_manager), i);

      if (schnack_account_get_id (account) == account_id)
        return account;  /* the manager keeps it alive */
    }
  return NULL;
}

static int
compare_conversations (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  return schnack_conversation_compare (SCHNACK_CONVERSATION ((gpointer) a), SCHNACK_CONVERSATION ((gpointer) b));
}

static void
update_page (SchnackConversationsPane *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) == 0;

  gtk_stack_set_visible_child_name (self->conversations_stack, empty ? "empty" : "list");
}

static void
set_selected (SchnackConversationsPane *self,
              SchnackConversation      *conversation)
{
  if (!g_set_object (&self->selected, conversation))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/* The selection follows the chat when the list re-sorts under it. */
static void
on_selection_changed (SchnackConversationsPane *self)
{
  SchnackConversation *conversation = gtk_single_selection_get_selected_item (self->selection);

  /* A re-sort removes and re-adds the selected item: GTK drops the
   * selection for a moment; find the chat again rather than closing it. */
  if (conversation == NULL && self->selected != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SchnackConversation) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

          if (schnack_conversation_get_account_id (item) == schnack_conversation_get_account_id (self->selected) &&
              g_str_equal (schnack_conversation_get_jid (item), schnack_conversation_get_jid (self->selected)))
            {
              gtk_single_selection_set_selected (self->selection, i);
              return;
            }
        }
    }
  set_selected (self, conversation);
}

static void
on_row_activated (SchnackConversationsPane *self,
                  guint                     position)
{
  gtk_single_selection_set_selected (self->selection, position);
  set_selected (self, gtk_single_selection_get_selected_item (self->selection));
  /* Activating the open chat again still means "show it" (folded). */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

static void
on_start_clicked (SchnackConversationsPane *self)
{
  g_signal_emit (self, signals[SIGNAL_START_CHAT], 0);
}

/* Pin or close from a row's menu. */
static void
on_row_action (SchnackConversationsPane *self,
               const char               *action,
               SchnackConversation      *conversation)
{
  SchnackAccount *account = schnack_conversations_pane_find_account (self,
                                                                     schnack_conversation_get_account_id (conversation));
  SchnackConversationList *list;
  g_autofree char *jid = g_strdup (schnack_conversation_get_jid (conversation));
  g_autoptr(GError) error = NULL;
  gboolean done = TRUE;

  if (account == NULL)
    return;
  list = schnack_account_get_conversations (account);
  if (g_str_equal (action, "pin"))
    done = schnack_conversation_list_set_pinned (list, jid, !schnack_conversation_get_pinned (conversation), &error);
  else if (g_str_equal (action, "close"))
    {
      if (self->selected == conversation)
        schnack_conversations_pane_unselect (self);
      done = schnack_conversation_list_close (list, jid, &error);
    }
  if (!done)
    g_warning ("Could not change the chat with %s: %s", jid, error->message);
}

static void
setup_item (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            SchnackConversationsPane *self)
{
  SchnackConversationRow *row = schnack_conversation_row_new ();

  g_signal_connect_swapped (row, "action", G_CALLBACK (on_row_action), self);
  gtk_list_item_set_child (item, GTK_WIDGET (row));
}

static void
bind_item (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           SchnackConversationsPane *self)
{
  SchnackConversation *conversation = gtk_list_item_get_item (item);
  SchnackAccount *account = schnack_conversations_pane_find_account (self,
                                                                     schnack_conversation_get_account_id (conversation));
  SchnackContact *contact = NULL;

  if (account != NULL)
    contact = schnack_contact_list_find (schnack_account_get_contacts (account),
                                         schnack_conversation_get_jid (conversation));
  schnack_conversation_row_set_conversation (SCHNACK_CONVERSATION_ROW (gtk_list_item_get_child (item)),
                                             conversation, contact);
  if (account != NULL && schnack_conversation_get_kind (conversation) == SCHNACK_CONVERSATION_KIND_GROUPCHAT)
    schnack_conversation_row_set_room_list (SCHNACK_CONVERSATION_ROW (gtk_list_item_get_child (item)),
                                            schnack_account_get_rooms (account));
}

static void
unbind_item (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  schnack_conversation_row_set_conversation (SCHNACK_CONVERSATION_ROW (gtk_list_item_get_child (item)),
                                             NULL, NULL);
}

static void
rebuild_account_lists (SchnackConversationsPane *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->account_manager));
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackAccount) account = g_list_model_get_item (G_LIST_MODEL (self->account_manager), i);

      g_ptr_array_add (lists, g_object_ref (schnack_account_get_conversations (account)));
    }
  g_list_store_splice (self->account_lists, 0, g_list_model_get_n_items (G_LIST_MODEL (self->account_lists)),
                       lists->pdata, lists->len);
}

static void
schnack_conversations_pane_dispose (GObject *object)
{
  SchnackConversationsPane *self = SCHNACK_CONVERSATIONS_PANE (object);

  if (self->account_manager != NULL)
    g_signal_handlers_disconnect_by_data (self->account_manager, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->sorted != NULL)
    g_signal_handlers_disconnect_by_data (self->sorted, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_CONVERSATIONS_PANE);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->account_lists);
  g_clear_object (&self->selected);
  g_clear_object (&self->account_manager);
  G_OBJECT_CLASS (schnack_conversations_pane_parent_class)->dispose (object);
}

static void
schnack_conversations_pane_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  SchnackConversationsPane *self = SCHNACK_CONVERSATIONS_PANE (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_object (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_conversations_pane_class_init (SchnackConversationsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_conversations_pane_dispose;
  object_class->get_property = schnack_conversations_pane_get_property;

  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, SCHNACK_TYPE_CONVERSATION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The user wants to write to someone new: show the contacts. */
  signals[SIGNAL_START_CHAT] =
    g_signal_new ("start-chat", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/conversations-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackConversationsPane, conversations_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackConversationsPane, conversations_header_bar);
  gtk_widget_class_bind_template_child (widget_class, SchnackConversationsPane, conversations_start_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackConversationsPane, conversations_menu_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackConversationsPane, conversations_invites_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackConversationsPane, conversations_stack);
  gtk_widget_class_bind_template_child (widget_class, SchnackConversationsPane, conversations_empty_page);
  gtk_widget_class_bind_template_child (widget_class, SchnackConversationsPane, conversations_list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_start_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
schnack_conversations_pane_init (SchnackConversationsPane *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkFlattenListModel *flat;
  GtkCustomSorter *sorter;

  g_type_ensure (SCHNACK_TYPE_ROOM_INVITES_BOX);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->account_lists = g_list_store_new (SCHNACK_TYPE_CONVERSATION_LIST);
  flat = gtk_flatten_list_model_new (G_LIST_MODEL (g_object_ref (self->account_lists)));
  sorter = gtk_custom_sorter_new (compare_conversations, NULL, NULL);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (flat), GTK_SORTER (sorter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (on_selection_changed), self);
  g_signal_connect_swapped (self->sorted, "items-changed", G_CALLBACK (update_page), self);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_item), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_item), NULL);
  gtk_list_view_set_factory (self->conversations_list_view, factory);
  gtk_list_view_set_model (self->conversations_list_view, GTK_SELECTION_MODEL (self->selection));
  update_page (self);
}

void
schnack_conversations_pane_set_account_manager (SchnackConversationsPane *self,
                                                SchnackAccountManager    *manager)
{
  g_return_if_fail (SCHNACK_IS_CONVERSATIONS_PANE (self));
  g_return_if_fail (SCHNACK_IS_ACCOUNT_MANAGER (manager));

  if (self->account_manager != NULL)
    g_signal_handlers_disconnect_by_data (self->account_manager, self);
  g_set_object (&self->account_manager, manager);
  g_signal_connect_swapped (manager, "items-changed", G_CALLBACK (rebuild_account_lists), self);
  rebuild_account_lists (self);
  schnack_room_invites_box_set_account_manager (self->conversations_invites_box, manager);
}

void
schnack_conversations_pane_set_menu_model (SchnackConversationsPane *self,
                                           GMenuModel               *menu_model)
{
  g_return_if_fail (SCHNACK_IS_CONVERSATIONS_PANE (self));

  gtk_menu_button_set_menu_model (self->conversations_menu_button, menu_model);
  gtk_widget_set_visible (GTK_WIDGET (self->conversations_menu_button), menu_model != NULL);
}

AdwHeaderBar *
schnack_conversations_pane_get_header_bar (SchnackConversationsPane *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATIONS_PANE (self), NULL);
  return self->conversations_header_bar;
}

/* Returns: (transfer none) (nullable): the open chat */
SchnackConversation *
schnack_conversations_pane_get_selected (SchnackConversationsPane *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATIONS_PANE (self), NULL);
  return self->selected;
}

/* Returns: (transfer none) (nullable): the account of the open chat */
SchnackAccount *
schnack_conversations_pane_get_selected_account (SchnackConversationsPane *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONVERSATIONS_PANE (self), NULL);

  if (self->selected == NULL)
    return NULL;
  return schnack_conversations_pane_find_account (self, schnack_conversation_get_account_id (self->selected));
}

/**
 * schnack_conversations_pane_select:
 *
 * Opens the chat with @jid — adding it to the list if it was closed or
 * never had a message — and selects it.
 *
 * Returns: %FALSE if the chat could not be opened (the store failed)
 */
gboolean
schnack_conversations_pane_select (SchnackConversationsPane *self,
                                   SchnackAccount           *account,
                                   const char               *jid)
{
  SchnackConversationList *list;
  g_autoptr(GError) error = NULL;
  guint n;

  g_return_val_if_fail (SCHNACK_IS_CONVERSATIONS_PANE (self), FALSE);
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (jid != NULL, FALSE);

  list = schnack_account_get_conversations (account);
  if (schnack_conversation_list_find (list, jid) == NULL &&
      !schnack_conversation_list_open (list, jid, &error))
    {
      g_warning ("Could not open the chat with %s: %s", jid, error->message);
      return FALSE;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackConversation) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

      if (schnack_conversation_get_account_id (item) == schnack_account_get_id (account) &&
          g_str_equal (schnack_conversation_get_jid (item), jid))
        {
          on_row_activated (self, i);
          return TRUE;
        }
    }
  return FALSE;
}

void
schnack_conversations_pane_unselect (SchnackConversationsPane *self)
{
  g_return_if_fail (SCHNACK_IS_CONVERSATIONS_PANE (self));

  g_clear_object (&self->selected);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}
