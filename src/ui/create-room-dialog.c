/* create-room-dialog.c — a new group chat: name, address, kind, password, moderation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The address follows the name (on the account's conference service,
 * found by disco) until the user edits it. Creating reserves the room,
 * submits its configuration (the core's presets plus password and
 * moderation) and, once the room is open, hands it to the window
 * ("created"); the core keeps it as a bookmark.
 */
#include "config.h"

#include "ui/create-room-dialog.h"
#include "ui/room-names.h"

#include <glib/gi18n.h>
#include <string.h>

struct _SchnackCreateRoomDialog {
  AdwWindow        parent_instance;

  GtkButton       *create_room_cancel_button;
  GtkButton       *create_room_create_button;
  GtkStack        *create_room_button_stack;
  AdwEntryRow     *create_room_name_row;
  AdwEntryRow     *create_room_address_row;
  AdwEntryRow     *create_room_nick_row;
  GtkToggleButton *create_room_private_toggle;
  GtkToggleButton *create_room_public_toggle;
  GtkLabel        *create_room_kind_label;
  GtkSwitch       *create_room_password_switch;
  AdwActionRow    *create_room_password_row;
  GtkEntry        *create_room_password_entry;
  GtkSwitch       *create_room_moderated_switch;
  GtkLabel        *create_room_error_label;

  SchnackAccount  *account;
  GCancellable    *cancellable;
  char            *service;
  gboolean         address_edited;  /* by the user: no longer follows the name */
  gboolean         setting_address;
  gboolean         busy;
};

G_DEFINE_FINAL_TYPE (SchnackCreateRoomDialog, schnack_create_room_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
show_error (SchnackCreateRoomDialog *self,
            const char              *message)
{
  gtk_label_set_text (self->create_room_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->create_room_error_label), message != NULL);
}

static char *
typed_address (SchnackCreateRoomDialog *self)
{
  g_autofree char *text = g_strstrip (g_strdup (row_text (self->create_room_address_row)));

  if (*text == '\0')
    return NULL;
  if (strchr (text, '@') != NULL)
    return g_steal_pointer (&text);
  return schnack_room_address_from_name (text, self->service);
}

static void
update_create_button (SchnackCreateRoomDialog *self)
{
  g_autofree char *address = typed_address (self);
  g_autofree char *nick = g_strstrip (g_strdup (row_text (self->create_room_nick_row)));
  gboolean password_ok = !gtk_switch_get_active (self->create_room_password_switch) ||
                         *gtk_editable_get_text (GTK_EDITABLE (self->create_room_password_entry)) != '\0';

  gtk_widget_set_sensitive (GTK_WIDGET (self->create_room_create_button),
                            !self->busy && address != NULL && *nick != '\0' && password_ok);
}

static void
suggest_address (SchnackCreateRoomDialog *self)
{
  g_autofree char *address = NULL;

  if (self->address_edited || self->service == NULL)
    return;
  address = schnack_room_address_from_name (row_text (self->create_room_name_row), self->service);
  self->setting_address = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->create_room_address_row), address != NULL ? address : "");
  self->setting_address = FALSE;
}

static void
on_name_changed (SchnackCreateRoomDialog *self)
{
  suggest_address (self);
  update_create_button (self);
}

static void
on_address_changed (SchnackCreateRoomDialog *self)
{
  if (!self->setting_address)
    self->address_edited = *row_text (self->create_room_address_row) != '\0';
  update_create_button (self);
}

static void
on_password_switched (SchnackCreateRoomDialog *self)
{
  gboolean on = gtk_switch_get_active (self->create_room_password_switch);

  gtk_widget_set_visible (GTK_WIDGET (self->create_room_password_row), on);
  if (on)
    gtk_widget_grab_focus (GTK_WIDGET (self->create_room_password_entry));
  update_create_button (self);
}

static void
set_busy (SchnackCreateRoomDialog *self,
          gboolean                 busy)
{
  self->busy = busy;
  gtk_stack_set_visible_child_name (self->create_room_button_stack, busy ? "busy" : "create");
  update_create_button (self);
}

static void
on_created (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackRoom) room = schnack_room_list_create_finish (SCHNACK_ROOM_LIST (source), result, &error);
  SchnackCreateRoomDialog *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SCHNACK_CREATE_ROOM_DIALOG (user_data);
  set_busy (self, FALSE);
  if (room == NULL)
    {
      if (g_error_matches (error, SCHNACK_ROOM_LIST_ERROR, SCHNACK_ROOM_LIST_ERROR_ROOM_EXISTS))
        show_error (self, _("A room with this address exists already. Choose another address."));
      else
        show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_CREATED], 0, self->account, room);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* What the chosen kind of room means, under the choice. */
static void
update_kind_explanation (SchnackCreateRoomDialog *self)
{
  gtk_label_set_text (self->create_room_kind_label,
                      gtk_toggle_button_get_active (self->create_room_public_toggle)
                      ? _("Anyone can find the room and enter it.")
                      : _("Only members you invite can enter; everyone sees who is who. Not listed."));
}

static void
on_create_clicked (SchnackCreateRoomDialog *self)
{
  g_autofree char *address = typed_address (self);
  g_autofree char *nick = g_strstrip (g_strdup (row_text (self->create_room_nick_row)));
  g_autofree char *name = g_strstrip (g_strdup (row_text (self->create_room_name_row)));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->create_room_password_entry));
  gboolean with_password = gtk_switch_get_active (self->create_room_password_switch) && *password != '\0';
  SchnackRoomPreset preset = gtk_toggle_button_get_active (self->create_room_public_toggle)
                             ? SCHNACK_ROOM_PRESET_PUBLIC_CHANNEL : SCHNACK_ROOM_PRESET_PRIVATE_GROUP;

  if (self->busy || address == NULL || *nick == '\0')
    return;
  if (schnack_account_get_state (self->account) != SCHNACK_CONNECTION_ONLINE)
    {
      show_error (self, _("The account is offline. Try again once it is connected."));
      return;
    }
  show_error (self, NULL);
  set_busy (self, TRUE);
  schnack_room_list_create_async (schnack_account_get_rooms (self->account), address, nick,
                                  *name != '\0' ? name : NULL, preset,
                                  with_password ? password : NULL,
                                  gtk_switch_get_active (self->create_room_moderated_switch),
                                  self->cancellable, on_created, self);
}

static void
on_cancel_clicked (SchnackCreateRoomDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_service_found (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *service = schnack_room_list_find_service_finish (SCHNACK_ROOM_LIST (source), result, &error);
  SchnackCreateRoomDialog *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SCHNACK_CREATE_ROOM_DIALOG (user_data);
  if (service == NULL)
    {
      show_error (self, _("Your server offers no group chat service. Enter the full address of the new room."));
      return;
    }
  self->service = g_steal_pointer (&service);
  suggest_address (self);
  update_create_button (self);
}

static void
schnack_create_room_dialog_dispose (GObject *object)
{
  SchnackCreateRoomDialog *self = SCHNACK_CREATE_ROOM_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_CREATE_ROOM_DIALOG);
  g_clear_pointer (&self->service, g_free);
  g_clear_object (&self->account);
  G_OBJECT_CLASS (schnack_create_room_dialog_parent_class)->dispose (object);
}

static void
schnack_create_room_dialog_class_init (SchnackCreateRoomDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_create_room_dialog_dispose;

  /* The room exists and we are in it: the window opens it. */
  signals[SIGNAL_CREATED] =
    g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SCHNACK_TYPE_ACCOUNT, SCHNACK_TYPE_ROOM);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/create-room-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackCreateRoomDialog, create_room_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackCreateRoomDialog, create_room_create_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackCreateRoomDialog, create_room_button_stack);
  gtk_widget_class_bind_template_child (widget_class, SchnackCreateRoomDialog, create_room_name_row);
  gtk_widget_class_bind_template_child (widget_class, SchnackCreateRoomDialog, create_room_address_row);
  gtk_widget_class_bind_template_child (widget_class, SchnackCreateRoomDialog, create_room_nick_row);
  gtk_widget_class_bind_template_child (widget_class, SchnackCreateRoomDialog, create_room_private_toggle);
  gtk_widget_class_bind_template_child (widget_class, SchnackCreateRoomDialog, create_room_public_toggle);
  gtk_widget_class_bind_template_child (widget_class, SchnackCreateRoomDialog, create_room_kind_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackCreateRoomDialog, create_room_password_switch);
  gtk_widget_class_bind_template_child (widget_class, SchnackCreateRoomDialog, create_room_password_row);
  gtk_widget_class_bind_template_child (widget_class, SchnackCreateRoomDialog, create_room_password_entry);
  gtk_widget_class_bind_template_child (widget_class, SchnackCreateRoomDialog, create_room_moderated_switch);
  gtk_widget_class_bind_template_child (widget_class, SchnackCreateRoomDialog, create_room_error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, update_kind_explanation);
  gtk_widget_class_bind_template_callback (widget_class, on_address_changed);
  gtk_widget_class_bind_template_callback (widget_class, update_create_button);
  gtk_widget_class_bind_template_callback (widget_class, on_password_switched);
  gtk_widget_class_bind_template_callback (widget_class, on_create_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
schnack_create_room_dialog_init (SchnackCreateRoomDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

SchnackCreateRoomDialog *
schnack_create_room_dialog_new (GtkWindow      *parent,
                                SchnackAccount *account)
{
  SchnackCreateRoomDialog *self;
  g_autofree char *nick = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SCHNACK_IS_ACCOUNT (account), NULL);

  self = g_object_new (SCHNACK_TYPE_CREATE_ROOM_DIALOG, "transient-for", parent, NULL);
  self->account = g_object_ref (account);
  nick = schnack_room_default_nick (account);
  gtk_editable_set_text (GTK_EDITABLE (self->create_room_nick_row), nick);
  if (schnack_account_get_state (account) == SCHNACK_CONNECTION_ONLINE)
    schnack_room_list_find_service_async (schnack_account_get_rooms (account), self->cancellable,
                                          on_service_found, self);
  update_create_button (self);
  return self;
}

/* From the join dialog: a room that does not exist yet. */
void
schnack_create_room_dialog_set_address (SchnackCreateRoomDialog *self,
                                        const char              *address)
{
  g_return_if_fail (SCHNACK_IS_CREATE_ROOM_DIALOG (self));

  if (address == NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->create_room_address_row), address);
  self->address_edited = TRUE;
  if (*row_text (self->create_room_name_row) == '\0')
    {
      g_autofree char *name = g_strndup (address, strcspn (address, "@"));

      self->setting_address = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->create_room_name_row), name);
      self->setting_address = FALSE;
    }
  update_create_button (self);
}
