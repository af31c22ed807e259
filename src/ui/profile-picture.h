/* profile-picture.h — turn a picture file into an avatar to publish
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Largest side of a published avatar, in pixels: XEP-0084 suggests
 * small pictures, and every contact downloads it. */
#define SCHNACK_PROFILE_PICTURE_SIZE 192

void    schnack_profile_picture_load_async  (GFile               *file,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GBytes *schnack_profile_picture_load_finish (GAsyncResult        *result,
                                             GError             **error);

G_END_DECLS
