/* wizard-password.c — password entries: show/hide, and a strength guess
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plain GtkEntry with hidden text and an eye icon, instead of
 * GtkPasswordEntry: GTK 4.8's GtkPasswordEntry keeps a caps-lock watch
 * on the keyboard that outlives it when its window is closed, and the
 * next key event then touches the freed entry. The wizard's dialog is
 * closed all the time, so it cannot use it.
 */
#include "config.h"

#include "ui/wizard-password.h"

#include <glib/gi18n.h>

static void
show_text (GtkEntry *entry,
           gboolean  visible)
{
  gtk_entry_set_visibility (entry, visible);
  gtk_entry_set_icon_from_icon_name (entry, GTK_ENTRY_ICON_SECONDARY,
                                     visible ? "view-conceal-symbolic" : "view-reveal-symbolic");
  gtk_entry_set_icon_tooltip_text (entry, GTK_ENTRY_ICON_SECONDARY,
                                   visible ? _("Hide Password") : _("Show Password"));
}

static void
on_icon_press (GtkEntry             *entry,
               GtkEntryIconPosition  position)
{
  if (position == GTK_ENTRY_ICON_SECONDARY)
    show_text (entry, !gtk_entry_get_visibility (entry));
}

/**
 * schnack_wizard_password_setup:
 *
 * Turns @entry into a password entry: text hidden until the eye icon is
 * clicked, no spell checking, and the password input purpose.
 */
void
schnack_wizard_password_setup (GtkEntry *entry)
{
  g_return_if_fail (GTK_IS_ENTRY (entry));

  gtk_entry_set_input_purpose (entry, GTK_INPUT_PURPOSE_PASSWORD);
  gtk_entry_set_input_hints (entry, GTK_INPUT_HINT_NO_SPELLCHECK | GTK_INPUT_HINT_NO_EMOJI);
  gtk_entry_set_icon_activatable (entry, GTK_ENTRY_ICON_SECONDARY, TRUE);
  show_text (entry, FALSE);
  g_signal_connect (entry, "icon-press", G_CALLBACK (on_icon_press), NULL);
}

GtkWidget *
schnack_wizard_password_new (void)
{
  GtkWidget *entry = gtk_entry_new ();

  schnack_wizard_password_setup (GTK_ENTRY (entry));
  return entry;
}

/**
 * schnack_estimate_password_strength:
 *
 * A rough local estimate from length and kinds of characters; the
 * server has the last word, and the UI says it is an estimate.
 */
SchnackPasswordStrength
schnack_estimate_password_strength (const char *password)
{
  gboolean lower = FALSE, upper = FALSE, digit = FALSE, other = FALSE;
  glong length;
  int points;

  if (password == NULL || *password == '\0')
    return SCHNACK_PASSWORD_STRENGTH_NONE;

  length = g_utf8_strlen (password, -1);
  for (const char *p = password; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_islower (c))
        lower = TRUE;
      else if (g_unichar_isupper (c))
        upper = TRUE;
      else if (g_unichar_isdigit (c))
        digit = TRUE;
      else
        other = TRUE;
    }

  if (length < 8)
    return SCHNACK_PASSWORD_STRENGTH_WEAK;
  points = lower + upper + digit + other - 1 + (length >= 12) + (length >= 16) + (length >= 20);
  if (points <= 1)
    return SCHNACK_PASSWORD_STRENGTH_WEAK;
  if (points <= 3)
    return SCHNACK_PASSWORD_STRENGTH_FAIR;
  return SCHNACK_PASSWORD_STRENGTH_STRONG;
}
