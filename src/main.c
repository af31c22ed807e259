/* main.c — Schnack's entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ui/application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SchnackApplication) app = NULL;

  const char *localedir = g_getenv ("SCHNACK_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* SCHNACK_LOCALEDIR: translations of an uninstalled build (build-aux/run.sh). */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = schnack_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
