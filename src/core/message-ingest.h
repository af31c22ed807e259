/* message-ingest.h — incoming messages into history, in slices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "store/messages.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_MESSAGE_INGEST (schnack_message_ingest_get_type ())
G_DECLARE_FINAL_TYPE (SchnackMessageIngest, schnack_message_ingest, SCHNACK, MESSAGE_INGEST, GObject)

typedef void (*SchnackMessageIngestFunc) (gpointer user_data);

SchnackMessageIngest *schnack_message_ingest_new         (SchnackStore         *store);
void                  schnack_message_ingest_add         (SchnackMessageIngest *self,
                                                          SchnackMessageRecord *record);
void                  schnack_message_ingest_when_stored (SchnackMessageIngest *self,
                                                          SchnackMessageIngestFunc callback,
                                                          gpointer              user_data,
                                                          GDestroyNotify        destroy);
guint                 schnack_message_ingest_get_pending (SchnackMessageIngest *self);

G_END_DECLS
