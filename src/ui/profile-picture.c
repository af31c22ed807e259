/* profile-picture.c — turn a picture file into an avatar to publish
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A photo straight from a camera is megabytes; every contact would
 * download it. The file is decoded at most SCHNACK_PROFILE_PICTURE_SIZE
 * pixels on its longer side and sent as PNG. Decoding runs in a worker
 * thread so a big file never stalls the window.
 */
#include "config.h"

#include "ui/profile-picture.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GdkPixbuf) picture = NULL;
  g_autoptr(GdkPixbuf) upright = NULL;
  g_autofree char *png = NULL;
  gsize png_size = 0;
  GError *error = NULL;

  stream = g_file_read (file, cancellable, &error);
  if (stream != NULL)
    picture = gdk_pixbuf_new_from_stream_at_scale (G_INPUT_STREAM (stream),
                                                   SCHNACK_PROFILE_PICTURE_SIZE,
                                                   SCHNACK_PROFILE_PICTURE_SIZE,
                                                   TRUE, cancellable, &error);
  if (picture == NULL)
    {
      g_autofree char *name = g_file_get_basename (file);

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&error);
          error = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("“%s” could not be read as a picture."), name);
        }
      g_task_return_error (task, error);
      return;
    }
  /* Phone photos are often stored sideways with an orientation tag. */
  upright = gdk_pixbuf_apply_embedded_orientation (picture);
  if (!gdk_pixbuf_save_to_buffer (upright != NULL ? upright : picture, &png, &png_size, "png", &error, NULL))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_bytes_new_take (g_steal_pointer (&png), png_size), (GDestroyNotify) g_bytes_unref);
}

void
schnack_profile_picture_load_async (GFile               *file,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_profile_picture_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_in_thread);
}

/**
 * schnack_profile_picture_load_finish:
 * Returns: (transfer full): the picture as PNG
 */
GBytes *
schnack_profile_picture_load_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
