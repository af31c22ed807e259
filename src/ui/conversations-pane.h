/* conversations-pane.h — the chats of all accounts, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/account-manager.h"
#include "core/account.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_CONVERSATIONS_PANE (schnack_conversations_pane_get_type ())
G_DECLARE_FINAL_TYPE (SchnackConversationsPane, schnack_conversations_pane, SCHNACK, CONVERSATIONS_PANE, GtkWidget)

void                 schnack_conversations_pane_set_account_manager (SchnackConversationsPane *self,
                                                                     SchnackAccountManager    *manager);
void                 schnack_conversations_pane_set_menu_model      (SchnackConversationsPane *self,
                                                                     GMenuModel               *menu_model);
AdwHeaderBar        *schnack_conversations_pane_get_header_bar      (SchnackConversationsPane *self);
SchnackConversation *schnack_conversations_pane_get_selected        (SchnackConversationsPane *self);
SchnackAccount      *schnack_conversations_pane_get_selected_account (SchnackConversationsPane *self);
gboolean             schnack_conversations_pane_select              (SchnackConversationsPane *self,
                                                                     SchnackAccount           *account,
                                                                     const char               *jid);
void                 schnack_conversations_pane_unselect            (SchnackConversationsPane *self);
SchnackAccount      *schnack_conversations_pane_find_account        (SchnackConversationsPane *self,
                                                                     gint64                    account_id);

G_END_DECLS
