/* search-view.h — full-text search over the history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/account-manager.h"
#include "core/account.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_SEARCH_VIEW (schnack_search_view_get_type ())
G_DECLARE_FINAL_TYPE (SchnackSearchView, schnack_search_view, SCHNACK, SEARCH_VIEW, GtkWidget)

void        schnack_search_view_set_account_manager (SchnackSearchView     *self,
                                                     SchnackAccountManager *manager);
void        schnack_search_view_start               (SchnackSearchView     *self,
                                                     SchnackAccount        *account,
                                                     const char            *jid);
void        schnack_search_view_set_text            (SchnackSearchView     *self,
                                                     const char            *text);
void        schnack_search_view_set_all_chats       (SchnackSearchView     *self,
                                                     gboolean               all_chats);
GListModel *schnack_search_view_get_results         (SchnackSearchView     *self);
void        schnack_search_view_activate_result     (SchnackSearchView     *self,
                                                     guint                  position);
char       *schnack_search_excerpt_markup           (const char            *body,
                                                     const char            *query);

G_END_DECLS
