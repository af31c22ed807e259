/* avatar.c — a round picture for a person: initials on their colour
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A person's picture (XEP-0084 or XEP-0153, from the core's cache) in a
 * circle; without one, the way every XEP-0392 client shows them: a
 * circle in the colour of their address with one or two initials of
 * their name. The colour comes from the bare JID, not the name, so
 * renaming someone keeps their colour.
 *
 * Pictures are read without blocking and shared: the cache names each
 * file by its hash, so a path always holds the same picture, and the
 * thousand rows of a long list showing one person decode it once.
 */
#include "config.h"

#include "ui/avatar.h"
#include "core/consistent-color.h"
#include "schnack-utils.h"

struct _SchnackAvatar {
  GtkWidget     parent_instance;

  GtkLabel     *avatar_initials_label;

  char         *name;
  char         *color_key;
  char         *initials;
  char         *file;
  GdkTexture   *texture;
  GCancellable *loading;
  int           size;
  GdkRGBA       color;
};

G_DEFINE_FINAL_TYPE (SchnackAvatar, schnack_avatar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_NAME,
  PROP_COLOR_KEY,
  PROP_SIZE,
  PROP_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GHashTable *textures;  /* path → GdkTexture, weak: while shown somewhere */

static void
forget_texture (gpointer  path,
                GObject  *texture)
{
  g_hash_table_remove (textures, path);
}

static void
remember_texture (const char *path,
                  GdkTexture *texture)
{
  char *key;

  if (textures == NULL)
    textures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_contains (textures, path))
    return;
  key = g_strdup (path);
  g_hash_table_insert (textures, key, texture);
  g_object_weak_ref (G_OBJECT (texture), forget_texture, key);
}

static void
set_texture (SchnackAvatar *self,
             GdkTexture    *texture)
{
  if (!g_set_object (&self->texture, texture))
    return;
  gtk_widget_set_child_visible (GTK_WIDGET (self->avatar_initials_label), texture == NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_file_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SchnackAvatar) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  g_autoptr(GdkTexture) texture = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->loading);
  if (bytes != NULL)
    texture = gdk_texture_new_from_bytes (bytes, &error);
  if (texture == NULL)
    {
      /* The initials stay: a broken picture is no reason to bother anyone. */
      g_debug ("Cannot show the picture %s: %s", self->file, error->message);
      return;
    }
  remember_texture (self->file, texture);
  set_texture (self, texture);
}

static void
load_file (SchnackAvatar *self)
{
  GdkTexture *cached;
  g_autoptr(GFile) file = NULL;

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  if (self->file == NULL)
    {
      set_texture (self, NULL);
      return;
    }
  cached = textures != NULL ? g_hash_table_lookup (textures, self->file) : NULL;
  if (cached != NULL)
    {
      set_texture (self, cached);
      return;
    }
  set_texture (self, NULL);
  self->loading = g_cancellable_new ();
  file = g_file_new_for_path (self->file);
  g_file_load_bytes_async (file, self->loading, on_file_loaded, g_object_ref (self));
}

/* The first letter or digit of @word, upper-cased, appended to @out. */
static gboolean
append_initial (GString    *out,
                const char *word)
{
  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        {
          g_string_append_unichar (out, g_unichar_toupper (c));
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * schnack_avatar_dup_initials:
 *
 * "Ada Lovelace" → "AL", "bob" → "B"; the first and last word count.
 * Returns: (transfer full): one or two letters, or "" when @name has none
 */
char *
schnack_avatar_dup_initials (const char *name)
{
  g_auto(GStrv) words = NULL;
  const char *first = NULL;
  const char *last = NULL;
  GString *initials = g_string_new (NULL);

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return g_string_free (initials, FALSE);

  words = g_strsplit_set (name, " \t\n._-", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      {
        if (first == NULL)
          first = words[i];
        else
          last = words[i];
      }
  if (first != NULL && append_initial (initials, first) && last != NULL)
    append_initial (initials, last);
  if (initials->len == 0)
    {
      /* No letters at all (emoji, punctuation): the first character. */
      const char *trimmed = name;

      while (*trimmed != '\0' && g_unichar_isspace (g_utf8_get_char (trimmed)))
        trimmed = g_utf8_next_char (trimmed);
      if (*trimmed != '\0')
        g_string_append_len (initials, trimmed, g_utf8_next_char (trimmed) - trimmed);
    }
  return g_string_free (initials, FALSE);
}

static void
update_label (SchnackAvatar *self)
{
  PangoAttrList *attributes = pango_attr_list_new ();

  pango_attr_list_insert (attributes, pango_attr_size_new_absolute (self->size * 0.4 * PANGO_SCALE));
  pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_attr_list_insert (attributes, pango_attr_foreground_new (0xffff, 0xffff, 0xffff));
  gtk_label_set_attributes (self->avatar_initials_label, attributes);
  pango_attr_list_unref (attributes);
}

static void
update_initials (SchnackAvatar *self)
{
  g_free (self->initials);
  self->initials = schnack_avatar_dup_initials (self->name);
  /* Plain text: names come from the network. */
  gtk_label_set_text (self->avatar_initials_label, self->initials);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->name != NULL ? self->name : "",
                                  -1);
}

static void
update_color (SchnackAvatar *self)
{
  const char *key = self->color_key != NULL ? self->color_key : self->name;
  double red = 0.5, green = 0.5, blue = 0.5;

  if (key != NULL)
    schnack_consistent_color_rgb (key, &red, &green, &blue);
  self->color = (GdkRGBA) { red, green, blue, 1.0 };
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
schnack_avatar_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  SchnackAvatar *self = SCHNACK_AVATAR (widget);

  *minimum = *natural = self->size;
}

static void
schnack_avatar_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  SchnackAvatar *self = SCHNACK_AVATAR (widget);
  int label_min = 0;

  /* The label may want more than the circle when the initials are wide;
   * it is clipped to the circle then. */
  gtk_widget_measure (GTK_WIDGET (self->avatar_initials_label), GTK_ORIENTATION_HORIZONTAL,
                      -1, &label_min, NULL, NULL, NULL);
  gtk_widget_size_allocate (GTK_WIDGET (self->avatar_initials_label),
                            &(GtkAllocation) { (width - MAX (width, label_min)) / 2, 0,
                                               MAX (width, label_min), height },
                            -1);
}

static void
schnack_avatar_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  SchnackAvatar *self = SCHNACK_AVATAR (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  float diameter = MIN (width, height);
  GskRoundedRect circle;

  gsk_rounded_rect_init_from_rect (&circle,
                                   &GRAPHENE_RECT_INIT ((width - diameter) / 2, (height - diameter) / 2,
                                                        diameter, diameter),
                                   diameter / 2);
  gtk_snapshot_push_rounded_clip (snapshot, &circle);
  if (self->texture != NULL)
    {
      /* Cover the circle, cropping a picture that is not square. */
      float texture_width = gdk_texture_get_width (self->texture);
      float texture_height = gdk_texture_get_height (self->texture);
      float scale = MAX (diameter / texture_width, diameter / texture_height);
      float drawn_width = texture_width * scale;
      float drawn_height = texture_height * scale;

      gtk_snapshot_append_texture (snapshot, self->texture,
                                   &GRAPHENE_RECT_INIT ((width - drawn_width) / 2, (height - drawn_height) / 2,
                                                        drawn_width, drawn_height));
    }
  else
    {
      gtk_snapshot_append_color (snapshot, &self->color, &circle.bounds);
      gtk_widget_snapshot_child (widget, GTK_WIDGET (self->avatar_initials_label), snapshot);
    }
  gtk_snapshot_pop (snapshot);
}

static void
schnack_avatar_dispose (GObject *object)
{
  SchnackAvatar *self = SCHNACK_AVATAR (object);

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_object (&self->texture);
  gtk_widget_dispose_template (GTK_WIDGET (object), SCHNACK_TYPE_AVATAR);
  G_OBJECT_CLASS (schnack_avatar_parent_class)->dispose (object);
}

static void
schnack_avatar_finalize (GObject *object)
{
  SchnackAvatar *self = SCHNACK_AVATAR (object);

  g_free (self->name);
  g_free (self->color_key);
  g_free (self->initials);
  g_free (self->file);
  G_OBJECT_CLASS (schnack_avatar_parent_class)->finalize (object);
}

static void
schnack_avatar_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SchnackAvatar *self = SCHNACK_AVATAR (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_COLOR_KEY:
      g_value_set_string (value, self->color_key);
      break;
    case PROP_SIZE:
      g_value_set_int (value, self->size);
      break;
    case PROP_FILE:
      g_value_set_string (value, self->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_avatar_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SchnackAvatar *self = SCHNACK_AVATAR (object);

  switch (prop_id)
    {
    case PROP_NAME:
      schnack_avatar_set_name (self, g_value_get_string (value));
      break;
    case PROP_COLOR_KEY:
      schnack_avatar_set_color_key (self, g_value_get_string (value));
      break;
    case PROP_SIZE:
      schnack_avatar_set_size (self, g_value_get_int (value));
      break;
    case PROP_FILE:
      schnack_avatar_set_file (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_avatar_class_init (SchnackAvatarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_avatar_dispose;
  object_class->finalize = schnack_avatar_finalize;
  object_class->get_property = schnack_avatar_get_property;
  object_class->set_property = schnack_avatar_set_property;
  widget_class->measure = schnack_avatar_measure;
  widget_class->size_allocate = schnack_avatar_size_allocate;
  widget_class->snapshot = schnack_avatar_snapshot;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLOR_KEY] =
    g_param_spec_string ("color-key", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIZE] =
    g_param_spec_int ("size", NULL, NULL, 8, 512, 32,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_string ("file", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/avatar.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackAvatar, avatar_initials_label);
  gtk_widget_class_set_css_name (widget_class, "avatar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
schnack_avatar_init (SchnackAvatar *self)
{
  self->size = 32;
  gtk_widget_init_template (GTK_WIDGET (self));
  update_label (self);
  update_initials (self);
  update_color (self);
}

SchnackAvatar *
schnack_avatar_new (int size)
{
  return g_object_new (SCHNACK_TYPE_AVATAR, "size", size, NULL);
}

/**
 * schnack_avatar_set_name:
 * @name: (nullable): the person's display name, as plain text
 */
void
schnack_avatar_set_name (SchnackAvatar *self,
                         const char    *name)
{
  g_return_if_fail (SCHNACK_IS_AVATAR (self));

  if (!schnack_set_str (&self->name, name))
    return;
  update_initials (self);
  if (self->color_key == NULL)
    update_color (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
schnack_avatar_get_name (SchnackAvatar *self)
{
  g_return_val_if_fail (SCHNACK_IS_AVATAR (self), NULL);
  return self->name;
}

/**
 * schnack_avatar_set_color_key:
 * @color_key: (nullable): what the colour is computed from (XEP-0392):
 *   the bare JID for a contact; %NULL uses the name
 */
void
schnack_avatar_set_color_key (SchnackAvatar *self,
                              const char    *color_key)
{
  g_return_if_fail (SCHNACK_IS_AVATAR (self));

  if (!schnack_set_str (&self->color_key, color_key))
    return;
  update_color (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR_KEY]);
}

const char *
schnack_avatar_get_color_key (SchnackAvatar *self)
{
  g_return_val_if_fail (SCHNACK_IS_AVATAR (self), NULL);
  return self->color_key;
}

void
schnack_avatar_set_size (SchnackAvatar *self,
                         int            size)
{
  g_return_if_fail (SCHNACK_IS_AVATAR (self));

  if (self->size == size)
    return;
  self->size = size;
  update_label (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}

int
schnack_avatar_get_size (SchnackAvatar *self)
{
  g_return_val_if_fail (SCHNACK_IS_AVATAR (self), 0);
  return self->size;
}

const char *
schnack_avatar_get_initials (SchnackAvatar *self)
{
  g_return_val_if_fail (SCHNACK_IS_AVATAR (self), NULL);
  return self->initials;
}

/**
 * schnack_avatar_set_file:
 * @path: (nullable): a picture (PNG, JPEG, …) to show instead of the
 *   initials; %NULL for the initials
 */
void
schnack_avatar_set_file (SchnackAvatar *self,
                         const char    *path)
{
  g_return_if_fail (SCHNACK_IS_AVATAR (self));

  if (!schnack_set_str (&self->file, path))
    return;
  load_file (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

const char *
schnack_avatar_get_file (SchnackAvatar *self)
{
  g_return_val_if_fail (SCHNACK_IS_AVATAR (self), NULL);
  return self->file;
}

/* Whether a picture is shown (it arrives a moment after set_file()). */
gboolean
schnack_avatar_has_picture (SchnackAvatar *self)
{
  g_return_val_if_fail (SCHNACK_IS_AVATAR (self), FALSE);
  return self->texture != NULL;
}
