/* contact-row.h — one person in the contact list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/contact.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_CONTACT_ROW (schnack_contact_row_get_type ())
G_DECLARE_FINAL_TYPE (SchnackContactRow, schnack_contact_row, SCHNACK, CONTACT_ROW, GtkWidget)

SchnackContactRow *schnack_contact_row_new         (void);
void               schnack_contact_row_set_contact (SchnackContactRow *self,
                                                    SchnackContact    *contact);
SchnackContact    *schnack_contact_row_get_contact (SchnackContactRow *self);
const char        *schnack_contact_row_get_status_text (SchnackContactRow *self);

G_END_DECLS
