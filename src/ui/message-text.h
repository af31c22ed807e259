/* message-text.h — message bodies from the network as safe Pango markup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A body counts as "long" (folded behind "Show more") above either limit. */
#define SCHNACK_MESSAGE_TEXT_FOLD_CHARS 1500
#define SCHNACK_MESSAGE_TEXT_FOLD_LINES 25

char     *schnack_message_text_to_markup        (const char *body);

gboolean  schnack_message_text_is_me_command    (const char *body);
char     *schnack_message_text_me_to_markup     (const char *name,
                                                 const char *body);

gboolean  schnack_message_text_is_long          (const char *body);
char     *schnack_message_text_fold             (const char *body);

char     *schnack_message_text_to_plain_preview (const char *body,
                                                 guint       max_chars);
char     *schnack_message_text_isolate          (const char *text);

G_END_DECLS
