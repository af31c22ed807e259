/* room-settings-dialog.c — an owner edits the room's whole configuration form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The room's muc#roomconfig form (XEP-0045 §10.2) as the service sends
 * it, one row per field: switches for booleans, choices for lists,
 * entries for text (hidden characters for secrets), addresses separated
 * by commas for JID lists. Saving submits the edited form. Labels and
 * values come from the network: rows never parse them as markup.
 */
#include "config.h"

#include "ui/room-settings-dialog.h"

#include <glib/gi18n.h>

struct _SchnackRoomSettingsDialog {
  AdwWindow             parent_instance;

  GtkStack             *stack;
  GtkButton            *save_button;
  AdwPreferencesGroup  *group;
  GtkLabel             *message_label;

  SchnackRoom          *room;
  SchnackDataForm      *form;
  GHashTable           *editors;    /* var → the widget holding its value */
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (SchnackRoomSettingsDialog, schnack_room_settings_dialog, ADW_TYPE_WINDOW)

static void
show_message (SchnackRoomSettingsDialog *self,
              const char                *message)
{
  gtk_label_set_text (self->message_label, message);
  gtk_stack_set_visible_child_name (self->stack, "message");
}

static char *
joined_values (const SchnackFormField *field,
               const char             *separator)
{
  return g_strjoinv (separator, field->values);
}

static GtkWidget *
add_row (SchnackRoomSettingsDialog *self,
         const SchnackFormField    *field)
{
  const char *title = field->label != NULL ? field->label : field->var;
  GtkWidget *row = NULL;
  GtkWidget *editor = NULL;

  switch (field->type)
    {
    case SCHNACK_FORM_FIELD_HIDDEN:
      return NULL;

    case SCHNACK_FORM_FIELD_FIXED:
      {
        g_autofree char *text = joined_values (field, "\n");

        row = adw_action_row_new ();
        adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
        break;
      }

    case SCHNACK_FORM_FIELD_BOOLEAN:
      row = adw_action_row_new ();
      editor = gtk_switch_new ();
      gtk_switch_set_active (GTK_SWITCH (editor), schnack_form_field_get_boolean (field));
      gtk_widget_set_valign (editor, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), editor);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), editor);
      break;

    case SCHNACK_FORM_FIELD_LIST_SINGLE:
      {
        g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
        const char *current = schnack_form_field_get_value (field);
        guint selected = 0;

        for (guint i = 0; i < field->options->len; i++)
          {
            const SchnackFormOption *option = g_ptr_array_index (field->options, i);

            gtk_string_list_append (labels, option->label != NULL ? option->label : option->value);
            if (g_strcmp0 (option->value, current) == 0)
              selected = i;
          }
        row = adw_combo_row_new ();
        adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
        editor = row;
        break;
      }

    case SCHNACK_FORM_FIELD_TEXT_PRIVATE:
      row = adw_action_row_new ();
      editor = gtk_entry_new ();
      gtk_entry_set_visibility (GTK_ENTRY (editor), FALSE);
      gtk_entry_set_input_purpose (GTK_ENTRY (editor), GTK_INPUT_PURPOSE_PASSWORD);
      gtk_editable_set_text (GTK_EDITABLE (editor), schnack_form_field_get_value (field) != NULL
                                                    ? schnack_form_field_get_value (field) : "");
      gtk_widget_set_valign (editor, GTK_ALIGN_CENTER);
      gtk_widget_set_hexpand (editor, TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (editor), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), editor);
      break;

    case SCHNACK_FORM_FIELD_JID_MULTI:
    case SCHNACK_FORM_FIELD_LIST_MULTI:
    case SCHNACK_FORM_FIELD_TEXT_MULTI:
    case SCHNACK_FORM_FIELD_JID_SINGLE:
    case SCHNACK_FORM_FIELD_TEXT_SINGLE:
    default:
      {
        gboolean multi = field->type == SCHNACK_FORM_FIELD_JID_MULTI ||
                         field->type == SCHNACK_FORM_FIELD_LIST_MULTI ||
                         field->type == SCHNACK_FORM_FIELD_TEXT_MULTI;
        g_autofree char *text = joined_values (field, multi ? ", " : "");

        row = adw_entry_row_new ();
        gtk_editable_set_text (GTK_EDITABLE (row), text);
        editor = row;
        break;
      }
    }

  if (field->type != SCHNACK_FORM_FIELD_FIXED)
    {
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
    }
  if (field->desc != NULL && ADW_IS_ACTION_ROW (row))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), field->desc);
  if (field->desc != NULL)
    gtk_widget_set_tooltip_text (row, field->desc);
  adw_preferences_group_add (self->group, row);
  if (editor != NULL && field->var != NULL)
    g_hash_table_insert (self->editors, g_strdup (field->var), editor);
  return row;
}

/* Reads every editor back into the form. */
static void
apply_edits (SchnackRoomSettingsDialog *self)
{
  for (guint i = 0; i < self->form->fields->len; i++)
    {
      SchnackFormField *field = g_ptr_array_index (self->form->fields, i);
      GtkWidget *editor = field->var != NULL ? g_hash_table_lookup (self->editors, field->var) : NULL;

      if (editor == NULL)
        continue;
      if (GTK_IS_SWITCH (editor))
        schnack_data_form_set_boolean (self->form, field->var, gtk_switch_get_active (GTK_SWITCH (editor)));
      else if (ADW_IS_COMBO_ROW (editor))
        {
          guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (editor));

          if (selected < field->options->len)
            schnack_data_form_set_value (self->form, field->var,
                                         ((SchnackFormOption *) g_ptr_array_index (field->options, selected))->value);
        }
      else if (field->type == SCHNACK_FORM_FIELD_JID_MULTI || field->type == SCHNACK_FORM_FIELD_LIST_MULTI ||
               field->type == SCHNACK_FORM_FIELD_TEXT_MULTI)
        {
          g_auto(GStrv) parts = g_strsplit_set (gtk_editable_get_text (GTK_EDITABLE (editor)), ",\n", -1);
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
          g_auto(GStrv) values = NULL;

          for (guint j = 0; parts[j] != NULL; j++)
            {
              g_strstrip (parts[j]);
              if (*parts[j] != '\0')
                g_strv_builder_add (builder, parts[j]);
            }
          values = g_strv_builder_end (builder);
          schnack_data_form_set_values (self->form, field->var, (const char * const *) values);
        }
      else
        schnack_data_form_set_value (self->form, field->var, gtk_editable_get_text (GTK_EDITABLE (editor)));
    }
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  SchnackRoomSettingsDialog *self;

  if (!schnack_room_moderation_finish (SCHNACK_ROOM (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SCHNACK_ROOM_SETTINGS_DIALOG (user_data);
  if (error != NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The Settings Were Not Saved"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_save_clicked (SchnackRoomSettingsDialog *self)
{
  if (self->form == NULL)
    return;
  apply_edits (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  schnack_room_submit_config_async (self->room, self->form, self->cancellable, on_saved, self);
}

static void
on_form (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  SchnackDataForm *form = schnack_room_get_config_finish (SCHNACK_ROOM (source), result, &error);
  SchnackRoomSettingsDialog *self;

  if (form == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SCHNACK_ROOM_SETTINGS_DIALOG (user_data);
  if (form == NULL)
    {
      show_message (self, error->message);
      return;
    }
  self->form = form;
  for (guint i = 0; i < form->fields->len; i++)
    add_row (self, g_ptr_array_index (form->fields, i));
  gtk_stack_set_visible_child_name (self->stack, "form");
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
}

static void
schnack_room_settings_dialog_dispose (GObject *object)
{
  SchnackRoomSettingsDialog *self = SCHNACK_ROOM_SETTINGS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->form, schnack_data_form_unref);
  g_clear_pointer (&self->editors, g_hash_table_unref);
  g_clear_object (&self->room);
  G_OBJECT_CLASS (schnack_room_settings_dialog_parent_class)->dispose (object);
}

static void
schnack_room_settings_dialog_class_init (SchnackRoomSettingsDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = schnack_room_settings_dialog_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
schnack_room_settings_dialog_init (SchnackRoomSettingsDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *spinner = gtk_spinner_new ();

  self->editors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Room Settings"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 640);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);

  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->save_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Save")));
  gtk_widget_add_css_class (GTK_WIDGET (self->save_button), "suggested-action");
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (on_save_clicked), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->save_button));

  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->group);
  self->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_widget_set_margin_start (GTK_WIDGET (self->message_label), 24);
  gtk_widget_set_margin_end (GTK_WIDGET (self->message_label), 24);
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Loading the room’s settings"), -1);
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_stack_add_named (self->stack, spinner, "loading");
  gtk_stack_add_named (self->stack, page, "form");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->message_label), "message");
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_window_set_content (ADW_WINDOW (self), box);
}

SchnackRoomSettingsDialog *
schnack_room_settings_dialog_new (GtkWindow   *parent,
                                  SchnackRoom *room)
{
  SchnackRoomSettingsDialog *self;

  g_return_val_if_fail (SCHNACK_IS_ROOM (room), NULL);

  self = g_object_new (SCHNACK_TYPE_ROOM_SETTINGS_DIALOG, "transient-for", parent, NULL);
  self->room = g_object_ref (room);
  schnack_room_get_config_async (room, self->cancellable, on_form, self);
  return self;
}
