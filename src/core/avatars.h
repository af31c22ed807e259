/* avatars.h — contacts' pictures and chosen names, cached on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/contact-list.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_AVATARS (schnack_avatars_get_type ())
G_DECLARE_FINAL_TYPE (SchnackAvatars, schnack_avatars, SCHNACK, AVATARS, GObject)

SchnackAvatars *schnack_avatars_new             (SchnackConnection  *connection,
                                                 SchnackContactList *contacts,
                                                 const char         *cache_dir);
char           *schnack_avatars_default_cache_dir (void);

G_END_DECLS
