/* contact-row.c — one person in the contact list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A recycled GtkListView row: setting a contact only binds properties,
 * so scrolling through thousands of contacts stays cheap. Everything
 * shown comes from the network and is set as plain text.
 */
#include "config.h"

#include "ui/contact-row.h"
#include "ui/avatar.h"
#include "ui/presence-text.h"

#include <glib/gi18n.h>

struct _SchnackContactRow {
  GtkWidget       parent_instance;

  SchnackAvatar  *contact_avatar;
  GtkLabel       *contact_name_label;
  GtkWidget      *contact_status_dot;
  GtkLabel       *contact_status_label;
  GtkLabel       *contact_pending_label;

  SchnackContact *contact;
  GBinding       *name_binding;
  GBinding       *avatar_binding;
  GBinding       *picture_binding;
  GBinding       *pending_binding;
};

G_DEFINE_FINAL_TYPE (SchnackContactRow, schnack_contact_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The status message; without one, the availability in words unless it
 * is plain "online" or "offline" (the dot and the order say that). */
static void
update_presence (SchnackContactRow *self)
{
  SchnackPresenceShow show = schnack_contact_get_show (self->contact);
  const char *status = schnack_contact_get_status (self->contact);
  const char *text = NULL;

  if (status != NULL && *status != '\0')
    text = status;
  else if (show == SCHNACK_SHOW_AWAY || show == SCHNACK_SHOW_XA || show == SCHNACK_SHOW_DND)
    text = schnack_show_to_text (show);

  gtk_label_set_text (self->contact_status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->contact_status_label), text != NULL);
  schnack_status_dot_set_show (self->contact_status_dot, show);
}

static void
unbind (SchnackContactRow *self)
{
  if (self->contact == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->contact, self);
  g_clear_pointer (&self->name_binding, g_binding_unbind);
  g_clear_pointer (&self->avatar_binding, g_binding_unbind);
  g_clear_pointer (&self->picture_binding, g_binding_unbind);
  g_clear_pointer (&self->pending_binding, g_binding_unbind);
  g_clear_object (&self->contact);
}

static void
schnack_contact_row_dispose (GObject *object)
{
  SchnackContactRow *self = SCHNACK_CONTACT_ROW (object);
  GtkWidget *child;

  unbind (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_CONTACT_ROW);
  /* Children without a struct field are not unparented by the above. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (schnack_contact_row_parent_class)->dispose (object);
}

static void
schnack_contact_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SchnackContactRow *self = SCHNACK_CONTACT_ROW (object);

  switch (prop_id)
    {
    case PROP_CONTACT:
      g_value_set_object (value, self->contact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_contact_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SchnackContactRow *self = SCHNACK_CONTACT_ROW (object);

  switch (prop_id)
    {
    case PROP_CONTACT:
      schnack_contact_row_set_contact (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_contact_row_class_init (SchnackContactRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_contact_row_dispose;
  object_class->get_property = schnack_contact_row_get_property;
  object_class->set_property = schnack_contact_row_set_property;

  properties[PROP_CONTACT] =
    g_param_spec_object ("contact", NULL, NULL, SCHNACK_TYPE_CONTACT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/contact-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackContactRow, contact_avatar);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactRow, contact_name_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactRow, contact_status_dot);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactRow, contact_status_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackContactRow, contact_pending_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "contactrow");
}

static void
schnack_contact_row_init (SchnackContactRow *self)
{
  g_type_ensure (SCHNACK_TYPE_AVATAR);
  gtk_widget_init_template (GTK_WIDGET (self));
}

SchnackContactRow *
schnack_contact_row_new (void)
{
  return g_object_new (SCHNACK_TYPE_CONTACT_ROW, NULL);
}

/**
 * schnack_contact_row_set_contact:
 * @contact: (nullable): who to show; %NULL when the row is recycled
 */
void
schnack_contact_row_set_contact (SchnackContactRow *self,
                                 SchnackContact    *contact)
{
  g_return_if_fail (SCHNACK_IS_CONTACT_ROW (self));
  g_return_if_fail (contact == NULL || SCHNACK_IS_CONTACT (contact));

  if (self->contact == contact)
    return;
  unbind (self);

  if (contact != NULL)
    {
      self->contact = g_object_ref (contact);
      schnack_avatar_set_color_key (self->contact_avatar, schnack_contact_get_jid (contact));
      self->name_binding = g_object_bind_property (contact, "display-name",
                                                   self->contact_name_label, "label",
                                                   G_BINDING_SYNC_CREATE);
      self->avatar_binding = g_object_bind_property (contact, "display-name",
                                                     self->contact_avatar, "name",
                                                     G_BINDING_SYNC_CREATE);
      self->picture_binding = g_object_bind_property (contact, "avatar-file",
                                                      self->contact_avatar, "file",
                                                      G_BINDING_SYNC_CREATE);
      self->pending_binding = g_object_bind_property (contact, "pending-out",
                                                      self->contact_pending_label, "visible",
                                                      G_BINDING_SYNC_CREATE);
      g_signal_connect_swapped (contact, "notify::show", G_CALLBACK (update_presence), self);
      g_signal_connect_swapped (contact, "notify::status", G_CALLBACK (update_presence), self);
      update_presence (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT]);
}

SchnackContact *
schnack_contact_row_get_contact (SchnackContactRow *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACT_ROW (self), NULL);
  return self->contact;
}

/* What the second line says (for tests and screen readers alike). */
const char *
schnack_contact_row_get_status_text (SchnackContactRow *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONTACT_ROW (self), NULL);
  return gtk_label_get_text (self->contact_status_label);
}
