/* message-row.h — one message in the chat view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/chat-message.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_MESSAGE_ROW (schnack_message_row_get_type ())
G_DECLARE_FINAL_TYPE (SchnackMessageRow, schnack_message_row, SCHNACK, MESSAGE_ROW, GtkWidget)

/* Who wrote a message, as the chat view knows them. */
typedef struct {
  const char *name;        /* shown above a block of messages */
  const char *color_key;   /* XEP-0392 colour of the initials */
  const char *avatar_file; /* nullable */
  gboolean    colored;     /* rooms: the name in its XEP-0392 colour */
  gboolean    mentions_me; /* rooms: the text names our nickname */
} SchnackMessageSender;

/* What the chat view adds to a message: the quoted message of a reply,
 * the reactions line, whether it may be corrected, and whether others
 * cannot be told about it yet (a room message the room has not given
 * its id: no reply, reaction or deleting for everyone). Called whenever
 * the row (re)draws; all strings nullable, the row copies them. */
typedef struct {
  char     *reply_quote;
  char     *reactions;
  gboolean  can_edit;
  gboolean  waiting_for_id;
} SchnackMessageDecorations;

typedef void (*SchnackMessageDecorator) (SchnackChatMessage        *message,
                                         SchnackMessageDecorations *decorations,
                                         gpointer                   user_data);

SchnackMessageRow  *schnack_message_row_new         (void);
void                schnack_message_row_set_decorator (SchnackMessageRow       *self,
                                                       SchnackMessageDecorator  decorator,
                                                       gpointer                 user_data);
void                schnack_message_row_set_message (SchnackMessageRow          *self,
                                                     SchnackChatMessage         *message,
                                                     const SchnackMessageSender *sender);
SchnackChatMessage *schnack_message_row_get_message (SchnackMessageRow          *self);
const char         *schnack_message_row_get_shown_text (SchnackMessageRow       *self);
char               *schnack_format_day             (gint64                      time_us,
                                                     gint64                      now_us);

G_END_DECLS
