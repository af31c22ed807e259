/* add-contact-dialog.h — asking someone to become a contact
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/account-manager.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_ADD_CONTACT_DIALOG (schnack_add_contact_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SchnackAddContactDialog, schnack_add_contact_dialog, SCHNACK, ADD_CONTACT_DIALOG, AdwWindow)

SchnackAddContactDialog *schnack_add_contact_dialog_new     (GtkWindow               *parent,
                                                             SchnackAccountManager   *manager);
void                     schnack_add_contact_dialog_set_jid (SchnackAddContactDialog *self,
                                                             const char              *jid);

G_END_DECLS
