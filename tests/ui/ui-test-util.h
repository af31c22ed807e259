/* ui-test-util.h — finding and driving widgets in in-process UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "connection-test-util.h"
#include "core/account-manager.h"
#include "ui/message-row.h"
#include "ui/window.h"

G_BEGIN_DECLS

GtkWidget *schnack_test_find_widget  (GtkWidget  *root,
                                      const char *buildable_id);
void       schnack_test_type_text    (GtkWidget  *editable,
                                      const char *text);
void       schnack_test_click        (GtkWidget  *button);
GtkWidget *schnack_test_find_window_of_type (GType type);
GtkWidget *schnack_test_find_widget_of_type (GtkWidget *root,
                                             GType      type);
SchnackMessageRow *schnack_test_find_message_row     (GtkWidget  *root,
                                                     const char *body);
SchnackMessageRow *schnack_test_wait_for_message_row (GtkWidget  *root,
                                                     const char *body,
                                                     guint       timeout_ms);

/* Our account on a test Prosody with the main window on it; closed and
 * opened again on the same database, it plays a restart. */
typedef struct {
  SchnackTestProsody    *server;      /* not owned */
  const char            *password;    /* not owned */
  char                  *jid;
  char                  *db_path;
  int                    width;
  int                    height;
  SchnackStore          *store;
  SchnackAccountManager *manager;
  SchnackAccount        *account;     /* the manager's */
  SchnackWindow         *window;
} SchnackTestAccountWindow;

char *schnack_test_register_user        (SchnackTestProsody       *server,
                                         const char               *prefix,
                                         const char               *password);
void  schnack_test_account_window_init  (SchnackTestAccountWindow *self,
                                         SchnackTestProsody       *server,
                                         const char               *prefix,
                                         const char               *password);
void  schnack_test_account_window_open  (SchnackTestAccountWindow *self,
                                         gboolean                  first_time);
void  schnack_test_account_window_close (SchnackTestAccountWindow *self);
void  schnack_test_account_window_clear (SchnackTestAccountWindow *self);
void  schnack_test_take_screenshot      (const char               *name);

G_END_DECLS
