/* contact-group-header.c — a collapsible group title in the contact list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The roster group's name (plain text: groups come from the server),
 * how many contacts it shows, and the expander arrow.
 */
#include "config.h"

#include "ui/contact-group-header.h"

#include <glib/gi18n.h>

struct _SchnackContactGroupHeader {
  GtkWidget        parent_instance;

  GtkTreeExpander *group_expander;
  GtkLabel        *group_title_label;
  GtkLabel        *group_count_label;

  GListModel      *members;
};

G_DEFINE_FINAL_TYPE (SchnackContactGroupHeader, schnack_contact_group_header, GTK_TYPE_WIDGET)

static void
update_count (SchnackContactGroupHeader *self)
{
  guint n = self->members != NULL ? g_list_model_get_n_items (self->members) : 0;
  g_autofree char *count = g_strdup_printf ("%u", n);
  g_autofree char *spoken = g_strdup_printf (ngettext ("%u contact", "%u contacts", n), n);

  gtk_label_set_text (self->group_count_label, count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->group_count_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, spoken,
                                  -1);
}

static void
unbind (SchnackContactGroupHeader *self)
{
  if (self->members == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->members, self);
  g_clear_object (&self->members);
}

/**
 * schnack_contact_group_header_bind:
 * @row: (nullable): the tree row to expand and collapse; %NULL unbinds
 * @title: (nullable): the group's name
 * @members: (nullable): the contacts shown under it
 */
void
schnack_contact_group_header_bind (SchnackContactGroupHeader *self,
                                   GtkTreeListRow            *row,
                                   const char                *title,
                                   GListModel                *members)
{
  g_return_if_fail (SCHNACK_IS_CONTACT_GROUP_HEADER (self));

  unbind (self);
  gtk_tree_expander_set_list_row (self->group_expander, row);
  gtk_label_set_text (self->group_title_label, title != NULL ? title : "");
  if (members != NULL)
    {
      self->members = g_object_ref (members);
      g_signal_connect_swapped (members, "items-changed", G_CALLBACK (update_count), self);
    }
  update_count (self);
}

const char *
schnack_contact_group_header_get_title (SchnackContactGroupHeader *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACT_GROUP_HEADER (self), NULL);
  return gtk_label_get_text (self->group_title_label);
}

static void
schnack_contact_group_header_dispose (GObject *object)
{
  SchnackContactGroupHeader *self = SCHNACK_CONTACT_GROUP_HEADER (object);

  unbind (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_CONTACT_GROUP_HEADER);
  G_OBJECT_CLASS (schnack_contact_group_header_parent_class)->dispose (object);
}

static void
schnack_contact_group_header_class_init (SchnackContactGroupHeaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_contact_group_header_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/contact-group-header.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackContactGroupHeader, group_expander);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactGroupHeader, group_title_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactGroupHeader, group_count_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
schnack_contact_group_header_init (SchnackContactGroupHeader *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SchnackContactGroupHeader *
schnack_contact_group_header_new (void)
{
  return g_object_new (SCHNACK_TYPE_CONTACT_GROUP_HEADER, NULL);
}
