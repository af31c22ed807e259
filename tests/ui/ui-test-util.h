/* ui-test-util.h — finding and driving widgets in in-process UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ui/message-row.h"

G_BEGIN_DECLS

GtkWidget *schnack_test_find_widget  (GtkWidget  *root,
                                      const char *buildable_id);
void       schnack_test_type_text    (GtkWidget  *editable,
                                      const char *text);
void       schnack_test_click        (GtkWidget  *button);
GtkWidget *schnack_test_find_window_of_type (GType type);
SchnackMessageRow *schnack_test_find_message_row     (GtkWidget  *root,
                                                     const char *body);
SchnackMessageRow *schnack_test_wait_for_message_row (GtkWidget  *root,
                                                     const char *body,
                                                     guint       timeout_ms);

G_END_DECLS
