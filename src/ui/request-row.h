/* request-row.h — one person waiting for an answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/account.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_REQUEST_ROW (schnack_request_row_get_type ())
G_DECLARE_FINAL_TYPE (SchnackRequestRow, schnack_request_row, SCHNACK, REQUEST_ROW, GtkListBoxRow)

SchnackRequestRow *schnack_request_row_new         (SchnackAccount    *account,
                                                    GObject           *request);
SchnackAccount    *schnack_request_row_get_account (SchnackRequestRow *self);
GObject           *schnack_request_row_get_request (SchnackRequestRow *self);
const char        *schnack_request_row_get_jid     (SchnackRequestRow *self);

G_END_DECLS
