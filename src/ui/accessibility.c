/* accessibility.c — work-arounds so screen readers get clean names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 gives a button with a mnemonic label ("_Log In") an accessible
 * label of the raw text, underscore included, and then adds the visible
 * label to it: screen readers and AT-SPI tests hear "_Log In Log In".
 * Dropping that label property lets the name come from the visible text
 * alone. Done for every button when it is mapped, so no widget has to
 * remember it.
 *
 * The same doubling hits a switch or check button that is the
 * activatable widget of an AdwActionRow: the row labels it with its
 * title, and the label property we give it for use outside a row is
 * added ("Moderated Moderated"). In a row, the row's title is the name.
 */
#include "config.h"

#include "ui/accessibility.h"

#include <adwaita.h>

static void
clean_button_name (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_use_underline (GTK_BUTTON (widget)) &&
      gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
clean_row_control_name (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW);

  if (row != NULL && adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)) == widget)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static gboolean
on_widget_signal (GSignalInvocationHint *hint,
                  guint                  n_values,
                  const GValue          *values,
                  gpointer               user_data)
{
  GObject *object = g_value_get_object (&values[0]);

  if (GTK_IS_WIDGET (object))
    {
      clean_button_name (GTK_WIDGET (object));
      clean_row_control_name (GTK_WIDGET (object));
    }
  return TRUE;  /* stay installed */
}

void
schnack_ui_install_accessibility_fixes (void)
{
  static gsize installed = 0;

  if (!g_once_init_enter (&installed))
    return;

  /* Signals exist once the class is initialized. */
  g_type_class_unref (g_type_class_ref (GTK_TYPE_BUTTON));
  g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                              on_widget_signal, NULL, NULL);
  g_once_init_leave (&installed, 1);
}
