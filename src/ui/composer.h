/* composer.h — where a message is written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SCHNACK_TYPE_COMPOSER (schnack_composer_get_type ())
G_DECLARE_FINAL_TYPE (SchnackComposer, schnack_composer, SCHNACK, COMPOSER, GtkWidget)

SchnackComposer *schnack_composer_new             (void);
char            *schnack_composer_dup_text        (SchnackComposer *self);
void             schnack_composer_set_text        (SchnackComposer *self,
                                                   const char      *text);
void             schnack_composer_set_placeholder (SchnackComposer *self,
                                                   const char      *placeholder);
void             schnack_composer_set_context     (SchnackComposer *self,
                                                   const char      *context);
gboolean         schnack_composer_has_context     (SchnackComposer *self);
void             schnack_composer_focus           (SchnackComposer *self);
void             schnack_composer_send            (SchnackComposer *self);
GtkTextView     *schnack_composer_get_text_view   (SchnackComposer *self);

G_END_DECLS
