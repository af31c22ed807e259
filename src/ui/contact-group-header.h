/* contact-group-header.h — a collapsible group title in the contact list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SCHNACK_TYPE_CONTACT_GROUP_HEADER (schnack_contact_group_header_get_type ())
G_DECLARE_FINAL_TYPE (SchnackContactGroupHeader, schnack_contact_group_header, SCHNACK, CONTACT_GROUP_HEADER, GtkWidget)

SchnackContactGroupHeader *schnack_contact_group_header_new  (void);
void                       schnack_contact_group_header_bind (SchnackContactGroupHeader *self,
                                                              GtkTreeListRow            *row,
                                                              const char                *title,
                                                              GListModel                *members);
const char                *schnack_contact_group_header_get_title (SchnackContactGroupHeader *self);

G_END_DECLS
