/* search-view.c — full-text search over the history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ctrl+F: a search entry, a choice between the open chat and all chats,
 * and the matching messages newest first, each with the chat, the time
 * and the words around the match (network text: escaped, the match in
 * bold). The query runs on the store's FTS5 index as the user types
 * (debounced); activating a result emits "result-activated" and the
 * window scrolls that chat to the message.
 */
#include "config.h"

#include "ui/search-view.h"
#include "ui/conversation-row.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* Results shown at most; the newest matter most. */
#define RESULT_LIMIT 200
#define SEARCH_DELAY_MS 150
/* Characters of context before and after the match. */
#define CONTEXT_BEFORE 40
#define CONTEXT_AFTER 120

struct _SchnackSearchView {
  GtkWidget              parent_instance;

  GtkBox                *search_box;
  GtkSearchEntry        *search_entry;
  GtkDropDown           *search_scope_dropdown;
  GtkStack              *search_stack;
  AdwStatusPage         *search_empty_page;
  GtkListView           *search_results_list_view;

  SchnackAccountManager *account_manager;
  SchnackAccount        *account;   /* the chat searched in "This Chat" */
  char                  *jid;
  GListStore            *results;   /* SchnackChatMessage */
  guint                  search_timeout;
};

G_DEFINE_FINAL_TYPE (SchnackSearchView, schnack_search_view, GTK_TYPE_WIDGET)

enum {
  SIGNAL_RESULT_ACTIVATED,
  SIGNAL_CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The first word of @query that is in @body, as byte offsets. Case is
 * ignored where lowering keeps the byte length (nearly always). */
static gboolean
find_match (const char *body,
            const char *query,
            gsize      *out_start,
            gsize      *out_length)
{
  g_autofree char *lower_body = g_utf8_strdown (body, -1);
  g_auto(GStrv) words = g_strsplit_set (query, " \t\n", -1);

  if (strlen (lower_body) != strlen (body))
    return FALSE;
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *word = g_utf8_strdown (words[i], -1);
      const char *found;

      if (*word == '\0')
        continue;
      found = strstr (lower_body, word);
      if (found != NULL)
        {
          *out_start = found - lower_body;
          *out_length = strlen (word);
          return TRUE;
        }
    }
  return FALSE;
}

static void
append_escaped_line (GString    *out,
                     const char *text,
                     gssize      length)
{
  g_autofree char *piece = g_strndup (text, length);
  g_autofree char *escaped = NULL;

  g_strdelimit (piece, "\r\n\t", ' ');
  escaped = g_markup_escape_text (piece, -1);
  g_string_append (out, escaped);
}

/**
 * schnack_search_excerpt_markup:
 *
 * The words around the first match of @query in @body as Pango markup:
 * the body escaped, on one line, the match in bold, cut with "…".
 */
char *
schnack_search_excerpt_markup (const char *body,
                               const char *query)
{
  g_autofree char *valid = g_utf8_make_valid (body != NULL ? body : "", -1);
  GString *out = g_string_new (NULL);
  gsize match_start = 0;
  gsize match_length = 0;
  const char *from;
  const char *to;

  if (!find_match (valid, query, &match_start, &match_length))
    {
      to = valid;
      for (guint i = 0; i < CONTEXT_BEFORE + CONTEXT_AFTER && *to != '\0'; i++)
        to = g_utf8_next_char (to);
      append_escaped_line (out, valid, to - valid);
      if (*to != '\0')
        g_string_append (out, "…");
      return g_string_free (out, FALSE);
    }

  from = valid + match_start;
  for (guint i = 0; i < CONTEXT_BEFORE && from > valid; i++)
    from = g_utf8_prev_char (from);
  to = valid + match_start + match_length;
  for (guint i = 0; i < CONTEXT_AFTER && *to != '\0'; i++)
    to = g_utf8_next_char (to);

  if (from > valid)
    g_string_append (out, "…");
  append_escaped_line (out, from, valid + match_start - from);
  g_string_append (out, "<b>");
  append_escaped_line (out, valid + match_start, match_length);
  g_string_append (out, "</b>");
  append_escaped_line (out, valid + match_start + match_length, to - (valid + match_start + match_length));
  if (*to != '\0')
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static SchnackAccount *
find_account (SchnackSearchView *self,
              gint64             account_id)
{
  guint n = self->account_manager != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->account_manager)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackAccount) account = g_list_model_get_item (G_LIST_MODEL (self->account_manager), i);

      if (schnack_account_get_id (account) == account_id)
        return account;
    }
  return NULL;
}

static gboolean
all_chats (SchnackSearchView *self)
{
  return self->account == NULL || gtk_drop_down_get_selected (self->search_scope_dropdown) == 1;
}

static void
run_search (SchnackSearchView *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (query));
  SchnackStore *store;

  g_clear_handle_id (&self->search_timeout, g_source_remove);
  if (self->account_manager == NULL || *trimmed == '\0')
    {
      g_list_store_remove_all (self->results);
      gtk_stack_set_visible_child_name (self->search_stack, "hint");
      return;
    }

  store = schnack_account_manager_get_store (self->account_manager);
  found = schnack_store_search_messages (store,
                                         all_chats (self) ? 0 : schnack_account_get_id (self->account),
                                         all_chats (self) ? NULL : self->jid,
                                         query, RESULT_LIMIT, &error);
  if (found == NULL)
    {
      g_list_store_remove_all (self->results);
      adw_status_page_set_description (self->search_empty_page, error->message);
      gtk_stack_set_visible_child_name (self->search_stack, "empty");
      return;
    }

  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (items, schnack_chat_message_new (g_ptr_array_index (found, i)));
  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       items->pdata, items->len);
  adw_status_page_set_description (self->search_empty_page, NULL);
  gtk_stack_set_visible_child_name (self->search_stack, found->len > 0 ? "results" : "empty");
}

static gboolean
on_search_timeout (gpointer user_data)
{
  SchnackSearchView *self = user_data;

  self->search_timeout = 0;
  run_search (self);
  return G_SOURCE_REMOVE;
}

static void
on_search_changed (SchnackSearchView *self)
{
  g_clear_handle_id (&self->search_timeout, g_source_remove);
  self->search_timeout = g_timeout_add (SEARCH_DELAY_MS, on_search_timeout, self);
}

static void
on_search_activate (SchnackSearchView *self)
{
  run_search (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0)
    schnack_search_view_activate_result (self, 0);
}

static void
on_stop_search (SchnackSearchView *self)
{
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0);
}

static void
on_result_activated (SchnackSearchView *self,
                     guint              position)
{
  schnack_search_view_activate_result (self, position);
}

/* ------------------------------------------------------------ rows */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *time = gtk_label_new (NULL);
  GtkWidget *excerpt = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (time, "dim-label");
  gtk_widget_add_css_class (time, "caption");
  gtk_label_set_xalign (GTK_LABEL (excerpt), 0);
  gtk_label_set_wrap (GTK_LABEL (excerpt), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (excerpt), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (excerpt), 3);
  gtk_label_set_ellipsize (GTK_LABEL (excerpt), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (header), name);
  gtk_box_append (GTK_BOX (header), time);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), excerpt);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          SchnackSearchView        *self)
{
  SchnackChatMessage *message = gtk_list_item_get_item (item);
  const SchnackMessageRecord *record = schnack_chat_message_get_record (message);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *header = gtk_widget_get_first_child (box);
  GtkLabel *name = GTK_LABEL (gtk_widget_get_first_child (header));
  GtkLabel *time = GTK_LABEL (gtk_widget_get_last_child (header));
  GtkLabel *excerpt = GTK_LABEL (gtk_widget_get_last_child (box));
  SchnackAccount *account = find_account (self, record->account_id);
  SchnackContact *contact = account != NULL
    ? schnack_contact_list_find (schnack_account_get_contacts (account), record->conversation_jid) : NULL;
  const char *chat_name = contact != NULL ? schnack_contact_get_display_name (contact) : record->conversation_jid;
  g_autofree char *when = schnack_format_chat_time (record->sent_at, g_get_real_time ());
  g_autofree char *markup = schnack_search_excerpt_markup (record->body,
                                                           gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  g_autofree char *accessible = NULL;

  gtk_label_set_text (name, chat_name);
  gtk_label_set_text (time, when);
  gtk_label_set_markup (excerpt, markup);
  accessible = g_strdup_printf ("%s, %s, %s", chat_name, when, gtk_label_get_text (excerpt));
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

/* ------------------------------------------------------------ life */

static void
schnack_search_view_dispose (GObject *object)
{
  SchnackSearchView *self = SCHNACK_SEARCH_VIEW (object);

  g_clear_handle_id (&self->search_timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_SEARCH_VIEW);
  g_clear_object (&self->results);
  g_clear_object (&self->account);
  g_clear_object (&self->account_manager);
  g_clear_pointer (&self->jid, g_free);
  G_OBJECT_CLASS (schnack_search_view_parent_class)->dispose (object);
}

static void
schnack_search_view_class_init (SchnackSearchViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_search_view_dispose;

  /* The user picked a result: show that message in its chat. */
  signals[SIGNAL_RESULT_ACTIVATED] =
    g_signal_new ("result-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SCHNACK_TYPE_CHAT_MESSAGE);
  /* Escape: back to where the search started. */
  signals[SIGNAL_CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/search-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackSearchView, search_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackSearchView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SchnackSearchView, search_scope_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SchnackSearchView, search_stack);
  gtk_widget_class_bind_template_child (widget_class, SchnackSearchView, search_empty_page);
  gtk_widget_class_bind_template_child (widget_class, SchnackSearchView, search_results_list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_result_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
schnack_search_view_init (SchnackSearchView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->results = g_list_store_new (SCHNACK_TYPE_CHAT_MESSAGE);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->results)));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  gtk_list_view_set_factory (self->search_results_list_view, factory);
  gtk_list_view_set_model (self->search_results_list_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
}

void
schnack_search_view_set_account_manager (SchnackSearchView     *self,
                                         SchnackAccountManager *manager)
{
  g_return_if_fail (SCHNACK_IS_SEARCH_VIEW (self));
  g_set_object (&self->account_manager, manager);
}

/**
 * schnack_search_view_start:
 * @account: (nullable): the open chat's account; %NULL searches all chats
 * @jid: (nullable): the open chat
 *
 * Shows the search for a chat (or everything) and focuses the entry.
 */
void
schnack_search_view_start (SchnackSearchView *self,
                           SchnackAccount    *account,
                           const char        *jid)
{
  g_return_if_fail (SCHNACK_IS_SEARCH_VIEW (self));

  g_set_object (&self->account, account);
  g_free (self->jid);
  self->jid = g_strdup (jid);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_scope_dropdown), account != NULL);
  gtk_drop_down_set_selected (self->search_scope_dropdown, account != NULL ? 0 : 1);
  run_search (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
schnack_search_view_set_text (SchnackSearchView *self,
                              const char        *text)
{
  g_return_if_fail (SCHNACK_IS_SEARCH_VIEW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  run_search (self);
}

void
schnack_search_view_set_all_chats (SchnackSearchView *self,
                                   gboolean           all)
{
  g_return_if_fail (SCHNACK_IS_SEARCH_VIEW (self));

  gtk_drop_down_set_selected (self->search_scope_dropdown, all ? 1 : 0);
  run_search (self);
}

/* Returns: (transfer none): the results shown, SchnackChatMessage */
GListModel *
schnack_search_view_get_results (SchnackSearchView *self)
{
  g_return_val_if_fail (SCHNACK_IS_SEARCH_VIEW (self), NULL);
  return G_LIST_MODEL (self->results);
}

void
schnack_search_view_activate_result (SchnackSearchView *self,
                                     guint              position)
{
  g_autoptr(SchnackChatMessage) message = NULL;

  g_return_if_fail (SCHNACK_IS_SEARCH_VIEW (self));

  message = g_list_model_get_item (G_LIST_MODEL (self->results), position);
  if (message != NULL)
    g_signal_emit (self, signals[SIGNAL_RESULT_ACTIVATED], 0, message);
}
