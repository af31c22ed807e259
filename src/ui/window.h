/* window.h — Schnack's main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/account-manager.h"
#include "core/account.h"
#include "ui/chat-view.h"
#include "ui/create-room-dialog.h"
#include "ui/join-room-dialog.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_WINDOW (schnack_window_get_type ())
G_DECLARE_FINAL_TYPE (SchnackWindow, schnack_window, SCHNACK, WINDOW, AdwApplicationWindow)

SchnackWindow *schnack_window_new (GtkApplication        *application,
                                   SchnackAccountManager *account_manager);
void           schnack_window_open_conversation (SchnackWindow  *self,
                                                 SchnackAccount *account,
                                                 const char     *jid);
SchnackChatView *schnack_window_get_chat_view   (SchnackWindow  *self);
SchnackJoinRoomDialog   *schnack_window_show_join_room   (SchnackWindow *self,
                                                          const char    *address);
SchnackCreateRoomDialog *schnack_window_show_create_room (SchnackWindow *self);

G_END_DECLS
