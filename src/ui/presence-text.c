/* presence-text.c — availability in words and colours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One place decides how "away" looks and reads, so the contact list,
 * the details page and the own-status menu agree. The colour never
 * stands alone: each dot also carries the words for screen readers.
 */
#include "config.h"

#include "ui/presence-text.h"

#include <glib/gi18n.h>

const char *
schnack_show_to_text (SchnackPresenceShow show)
{
  switch (show)
    {
    case SCHNACK_SHOW_CHAT:
      return _("Free to chat");
    case SCHNACK_SHOW_AVAILABLE:
      return _("Online");
    case SCHNACK_SHOW_AWAY:
      return _("Away");
    case SCHNACK_SHOW_XA:
      return _("Away for longer");
    case SCHNACK_SHOW_DND:
      return _("Do not disturb");
    case SCHNACK_SHOW_OFFLINE:
    default:
      return _("Offline");
    }
}

/* Green, yellow, red or grey (see style.css), and the words. */
void
schnack_status_dot_set_show (GtkWidget           *dot,
                             SchnackPresenceShow  show)
{
  static const char *classes[] = { "offline", "busy", "away", "available" };
  const char *wanted;

  g_return_if_fail (GTK_IS_WIDGET (dot));

  switch (show)
    {
    case SCHNACK_SHOW_CHAT:
    case SCHNACK_SHOW_AVAILABLE:
      wanted = "available";
      break;
    case SCHNACK_SHOW_AWAY:
    case SCHNACK_SHOW_XA:
      wanted = "away";
      break;
    case SCHNACK_SHOW_DND:
      wanted = "busy";
      break;
    case SCHNACK_SHOW_OFFLINE:
    default:
      wanted = "offline";
      break;
    }
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    if (g_strcmp0 (classes[i], wanted) != 0)
      gtk_widget_remove_css_class (dot, classes[i]);
  gtk_widget_add_css_class (dot, wanted);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dot),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, schnack_show_to_text (show),
                                  -1);
}
