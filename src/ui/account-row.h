/* account-row.h — one account and its connection state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/account.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_ACCOUNT_ROW (schnack_account_row_get_type ())
G_DECLARE_FINAL_TYPE (SchnackAccountRow, schnack_account_row, SCHNACK, ACCOUNT_ROW, GtkListBoxRow)

SchnackAccountRow *schnack_account_row_new (SchnackAccount *account);

G_END_DECLS
