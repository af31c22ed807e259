/* avatar.h — a round picture for a person: initials on their colour
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SCHNACK_TYPE_AVATAR (schnack_avatar_get_type ())
G_DECLARE_FINAL_TYPE (SchnackAvatar, schnack_avatar, SCHNACK, AVATAR, GtkWidget)

SchnackAvatar *schnack_avatar_new           (int            size);
void           schnack_avatar_set_name      (SchnackAvatar *self,
                                             const char    *name);
const char    *schnack_avatar_get_name      (SchnackAvatar *self);
void           schnack_avatar_set_color_key (SchnackAvatar *self,
                                             const char    *color_key);
const char    *schnack_avatar_get_color_key (SchnackAvatar *self);
void           schnack_avatar_set_size      (SchnackAvatar *self,
                                             int            size);
int            schnack_avatar_get_size      (SchnackAvatar *self);
const char    *schnack_avatar_get_initials  (SchnackAvatar *self);
void           schnack_avatar_set_file      (SchnackAvatar *self,
                                             const char    *path);
const char    *schnack_avatar_get_file      (SchnackAvatar *self);
gboolean       schnack_avatar_has_picture   (SchnackAvatar *self);

char          *schnack_avatar_dup_initials  (const char    *name);

G_END_DECLS
