/* contacts-pane.h — the contact list of all accounts, with search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/account-manager.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_CONTACTS_PANE (schnack_contacts_pane_get_type ())
G_DECLARE_FINAL_TYPE (SchnackContactsPane, schnack_contacts_pane, SCHNACK, CONTACTS_PANE, GtkWidget)

SchnackContactsPane *schnack_contacts_pane_new                  (SchnackAccountManager *manager);
void                 schnack_contacts_pane_set_account_manager  (SchnackContactsPane   *self,
                                                                 SchnackAccountManager *manager);
void                 schnack_contacts_pane_set_menu_model       (SchnackContactsPane   *self,
                                                                 GMenuModel            *menu_model);
AdwHeaderBar        *schnack_contacts_pane_get_header_bar       (SchnackContactsPane   *self);
GtkWidget           *schnack_contacts_pane_get_search_entry     (SchnackContactsPane   *self);

SchnackContact      *schnack_contacts_pane_get_selected_contact (SchnackContactsPane   *self);
SchnackAccount      *schnack_contacts_pane_get_selected_account (SchnackContactsPane   *self);
void                 schnack_contacts_pane_select_contact       (SchnackContactsPane   *self,
                                                                 SchnackContact        *contact);

GListModel          *schnack_contacts_pane_get_model            (SchnackContactsPane   *self);
guint                schnack_contacts_pane_get_n_requests       (SchnackContactsPane   *self);
void                 schnack_contacts_pane_show_add_contact     (SchnackContactsPane   *self);
void                 schnack_contacts_pane_show_requests        (SchnackContactsPane   *self);

SchnackAccount      *schnack_find_account_of_contact            (SchnackAccountManager *manager,
                                                                 SchnackContact        *contact);

G_END_DECLS
