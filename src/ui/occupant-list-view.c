/* occupant-list-view.c — who is in the room, by role, with what we may do to them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The room's occupants (already sorted by role, then nickname) with a
 * heading before each role, nicknames in their XEP-0392 colours and
 * the affiliation as a badge. Each row has a menu built when it opens,
 * from our own role and affiliation at that moment (XEP-0045 §8–10):
 * moderators kick and give or take voice from those below admin;
 * admins ban and make members; owners also make admins and owners.
 * The room has the last word; a refusal is shown in words.
 *
 * GTK 4.8's list view has no sections, so the headings are items of
 * their own in a flat model rebuilt (once per main-loop turn) when the
 * occupants change. Only what changed is replaced in it: replacing
 * all of a big room's entries had the list rebind every row it keeps
 * (about 200) at each join or leave. While the panel is hidden the
 * model waits; it is brought up to date when the panel is shown.
 */
#include "config.h"

#include "ui/occupant-list-view.h"
#include "ui/room-actions.h"
#include "core/consistent-color.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

struct _SchnackOccupantListView {
  GtkWidget       parent_instance;

  GtkBox         *box;
  GtkLabel       *count_label;
  GtkListView    *list_view;

  SchnackAccount *account;
  SchnackRoom    *room;
  GListStore     *entries;    /* GtkStringObject headings and SchnackOccupant */
  GHashTable     *changed;    /* occupants whose rows must be bound again */
  gboolean        rebind_all; /* our own role changed: every row's menu */
  gboolean        stale;      /* changes arrived while hidden */
  guint           rebuild_idle;
};

G_DEFINE_FINAL_TYPE (SchnackOccupantListView, schnack_occupant_list_view, GTK_TYPE_WIDGET)

static const char *
role_heading (SchnackMucRole role)
{
  switch (role)
    {
    case SCHNACK_MUC_ROLE_MODERATOR:
      return _("Moderators");
    case SCHNACK_MUC_ROLE_PARTICIPANT:
      return _("Participants");
    case SCHNACK_MUC_ROLE_VISITOR:
      return _("Visitors (cannot write)");
    case SCHNACK_MUC_ROLE_NONE:
    default:
      return _("Others");
    }
}

static const char *
affiliation_badge (SchnackMucAffiliation affiliation)
{
  switch (affiliation)
    {
    case SCHNACK_MUC_AFFILIATION_OWNER:
      return _("Owner");
    case SCHNACK_MUC_AFFILIATION_ADMIN:
      return _("Admin");
    case SCHNACK_MUC_AFFILIATION_MEMBER:
      return _("Member");
    case SCHNACK_MUC_AFFILIATION_OUTCAST:
    case SCHNACK_MUC_AFFILIATION_NONE:
    default:
      return NULL;
    }
}

/* ------------------------------------------------------------ the model */

static gboolean
same_entry (SchnackOccupantListView *self,
            GObject                 *shown,
            GObject                 *wanted)
{
  if (GTK_IS_STRING_OBJECT (shown) && GTK_IS_STRING_OBJECT (wanted))
    return g_str_equal (gtk_string_object_get_string (GTK_STRING_OBJECT (shown)),
                        gtk_string_object_get_string (GTK_STRING_OBJECT (wanted)));
  return shown == wanted && !g_hash_table_contains (self->changed, shown);
}

/* Replaces only the run of entries between what is unchanged at the
 * start and at the end: one join or leave touches a row or two. */
static void
update_entries (SchnackOccupantListView *self,
                GPtrArray               *wanted)
{
  GListModel *shown = G_LIST_MODEL (self->entries);
  guint n_shown = g_list_model_get_n_items (shown);
  guint head = 0;
  guint tail = 0;

  if (!self->rebind_all)
    {
      while (head < n_shown && head < wanted->len)
        {
          g_autoptr(GObject) entry = g_list_model_get_item (shown, head);

          if (!same_entry (self, entry, g_ptr_array_index (wanted, head)))
            break;
          head++;
        }
      while (tail < n_shown - head && tail < wanted->len - head)
        {
          g_autoptr(GObject) entry = g_list_model_get_item (shown, n_shown - 1 - tail);

          if (!same_entry (self, entry, g_ptr_array_index (wanted, wanted->len - 1 - tail)))
            break;
          tail++;
        }
    }
  if (head + tail < n_shown || head + tail < wanted->len)
    g_list_store_splice (self->entries, head, n_shown - head - tail,
                         wanted->pdata + head, wanted->len - head - tail);
  self->rebind_all = FALSE;
  g_hash_table_remove_all (self->changed);
}

static gboolean
rebuild (gpointer user_data)
{
  SchnackOccupantListView *self = user_data;
  GListModel *occupants = self->room != NULL ? G_LIST_MODEL (schnack_room_get_occupants (self->room)) : NULL;
  guint n = occupants != NULL ? g_list_model_get_n_items (occupants) : 0;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  int last_role = -1;
  g_autofree char *count = NULL;

  self->rebuild_idle = 0;
  /* Hidden: nothing to show yet (see map). */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return G_SOURCE_REMOVE;
    }
  self->stale = FALSE;
  for (guint i = 0; i < n; i++)
    {
      SchnackOccupant *occupant = g_list_model_get_item (occupants, i);
      SchnackMucRole role = schnack_occupant_get_role (occupant);

      if ((int) role != last_role)
        {
          g_ptr_array_add (items, gtk_string_object_new (role_heading (role)));
          last_role = role;
        }
      g_ptr_array_add (items, occupant);
    }
  update_entries (self, items);
  /* Translators: the heading of the occupant panel, with how many are in the room */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Person in the Room", "%u People in the Room", n), n);
  gtk_label_set_text (self->count_label, count);
  return G_SOURCE_REMOVE;
}

static void
schedule_rebuild (SchnackOccupantListView *self)
{
  if (self->rebuild_idle == 0)
    self->rebuild_idle = g_idle_add (rebuild, self);
}

/* Our own role or affiliation decides every row's menu button. */
static void
schedule_rebind_all (SchnackOccupantListView *self)
{
  self->rebind_all = TRUE;
  schedule_rebuild (self);
}

/* A new affiliation or nickname can come without a move in the list. */
static void
on_occupant_changed (SchnackOccupant         *occupant,
                     GParamSpec              *pspec,
                     SchnackOccupantListView *self)
{
  g_hash_table_add (self->changed, occupant);
  schedule_rebuild (self);
}

/* ------------------------------------------------------------ permissions */

static gboolean
is_self (SchnackOccupantListView *self,
         SchnackOccupant         *occupant)
{
  return g_strcmp0 (schnack_occupant_get_nick (occupant), schnack_room_get_nick (self->room)) == 0;
}

static void
append_action (GMenu      *section,
               const char *label,
               const char *action,
               const char *nick)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, g_variant_new_string (nick));
  g_menu_append_item (section, item);
}

/* The row menu of @occupant: what we may do now. */
static GMenu *
build_menu (SchnackOccupantListView *self,
            SchnackOccupant         *occupant)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) talk = g_menu_new ();
  g_autoptr(GMenu) moderate = g_menu_new ();
  g_autoptr(GMenu) affiliate = g_menu_new ();
  const char *nick = schnack_occupant_get_nick (occupant);
  SchnackMucRole own_role = schnack_room_get_role (self->room);
  SchnackMucAffiliation own = schnack_room_get_affiliation (self->room);
  SchnackMucRole role = schnack_occupant_get_role (occupant);
  SchnackMucAffiliation theirs = schnack_occupant_get_affiliation (occupant);
  gboolean has_jid = schnack_occupant_get_real_jid (occupant) != NULL;
  /* Moderators act on those below admin; admins and owners on those below themselves. */
  gboolean below = theirs < SCHNACK_MUC_AFFILIATION_ADMIN || theirs < own;

  if (is_self (self, occupant) || schnack_room_get_state (self->room) != SCHNACK_ROOM_STATE_JOINED)
    return menu;

  append_action (talk, _("Send _Private Message…"), "occupant.message", nick);
  if (own_role == SCHNACK_MUC_ROLE_MODERATOR && below)
    {
      if (role == SCHNACK_MUC_ROLE_VISITOR)
        append_action (moderate, _("Give _Voice"), "occupant.voice", nick);
      else if (role == SCHNACK_MUC_ROLE_PARTICIPANT)
        append_action (moderate, _("Take _Voice Away"), "occupant.revoke-voice", nick);
      append_action (moderate, _("_Remove from Room…"), "occupant.kick", nick);
    }
  if (own >= SCHNACK_MUC_AFFILIATION_ADMIN && has_jid && theirs < own)
    {
      append_action (moderate, _("_Ban…"), "occupant.ban", nick);
      if (theirs < SCHNACK_MUC_AFFILIATION_MEMBER)
        append_action (affiliate, _("Make _Member"), "occupant.member", nick);
    }
  if (own == SCHNACK_MUC_AFFILIATION_OWNER && has_jid)
    {
      if (theirs != SCHNACK_MUC_AFFILIATION_ADMIN)
        append_action (affiliate, _("Make _Admin"), "occupant.admin", nick);
      if (theirs != SCHNACK_MUC_AFFILIATION_OWNER)
        append_action (affiliate, _("Make _Owner"), "occupant.owner", nick);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (talk));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (moderate));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (affiliate));
  return menu;
}

GStrv
schnack_occupant_list_view_dup_actions_for (SchnackOccupantListView *self,
                                            const char              *nick)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  SchnackOccupant *occupant;
  g_autoptr(GMenu) menu = NULL;

  g_return_val_if_fail (SCHNACK_IS_OCCUPANT_LIST_VIEW (self), NULL);

  occupant = self->room != NULL ? schnack_occupant_list_find (schnack_room_get_occupants (self->room), nick) : NULL;
  if (occupant != NULL)
    {
      menu = build_menu (self, occupant);
      for (int s = 0; s < g_menu_model_get_n_items (G_MENU_MODEL (menu)); s++)
        {
          g_autoptr(GMenuModel) section = g_menu_model_get_item_link (G_MENU_MODEL (menu), s, G_MENU_LINK_SECTION);

          for (int i = 0; i < g_menu_model_get_n_items (section); i++)
            {
              g_autofree char *action = NULL;

              if (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
                g_strv_builder_add (builder, action);
            }
        }
    }
  return g_strv_builder_end (builder);
}

/* ------------------------------------------------------------ acting */

typedef struct {
  SchnackOccupantListView *self;
  char                    *what;    /* the heading of a failure */
} Moderation;

static void
on_moderated (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Moderation *moderation = user_data;
  g_autoptr(GError) error = NULL;

  if (!schnack_room_moderation_finish (SCHNACK_ROOM (source), result, &error))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (moderation->self));
      GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                  moderation->what, error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  g_object_unref (moderation->self);
  g_free (moderation->what);
  g_free (moderation);
}

static Moderation *
moderation_new (SchnackOccupantListView *self,
                const char              *what)
{
  Moderation *moderation = g_new0 (Moderation, 1);

  moderation->self = g_object_ref (self);
  moderation->what = g_strdup (what);
  return moderation;
}

static SchnackOccupant *
find_occupant (SchnackOccupantListView *self,
               GVariant                *parameter)
{
  if (self->room == NULL)
    return NULL;
  return schnack_occupant_list_find (schnack_room_get_occupants (self->room), g_variant_get_string (parameter, NULL));
}

static void
set_role (SchnackOccupantListView *self,
          const char              *nick,
          SchnackMucRole           role,
          const char              *reason)
{
  schnack_room_set_role_async (self->room, nick, role, reason, NULL, on_moderated,
                               moderation_new (self, _("The Room Refused")));
}

static void
set_affiliation (SchnackOccupantListView *self,
                 SchnackOccupant         *occupant,
                 SchnackMucAffiliation    affiliation,
                 const char              *reason)
{
  schnack_room_set_affiliation_async (self->room, schnack_occupant_get_real_jid (occupant), affiliation, reason,
                                      NULL, on_moderated, moderation_new (self, _("The Room Refused")));
}

typedef struct {
  SchnackOccupantListView *self;
  SchnackRoom             *room;
  char                    *nick;
} Target;

static Target *
target_new (SchnackOccupantListView *self,
            SchnackOccupant         *occupant)
{
  Target *target = g_new0 (Target, 1);

  target->self = g_object_ref (self);
  target->room = g_object_ref (self->room);
  target->nick = g_strdup (schnack_occupant_get_nick (occupant));
  return target;
}

static void
target_free (gpointer data)
{
  Target *target = data;

  g_object_unref (target->self);
  g_object_unref (target->room);
  g_free (target->nick);
  g_free (target);
}

static GtkWindow *
parent_window (SchnackOccupantListView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
send_private (const char *text,
              gpointer    user_data)
{
  Target *target = user_data;
  g_autoptr(GError) error = NULL;

  if (*text == '\0' || target->self->account == NULL)
    return;
  if (!schnack_room_list_send_private (schnack_account_get_rooms (target->self->account), target->room,
                                       target->nick, text, NULL, &error))
    g_warning ("Could not send a private message to %s: %s", target->nick, error->message);
}

static void
on_message (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SchnackOccupantListView *self = SCHNACK_OCCUPANT_LIST_VIEW (widget);
  SchnackOccupant *occupant = find_occupant (self, parameter);
  g_autofree char *heading = NULL;

  if (occupant == NULL)
    return;
  /* Translators: %s is a nickname in a room */
  heading = g_strdup_printf (_("Private Message to %s"), schnack_occupant_get_nick (occupant));
  schnack_ask_text (parent_window (self), heading, _("Only they see this message."), _("Message"), NULL,
                    _("_Send"), FALSE, send_private, target_new (self, occupant), target_free);
}

static void
kick (const char *text,
      gpointer    user_data)
{
  Target *target = user_data;

  if (target->self->room == target->room)
    set_role (target->self, target->nick, SCHNACK_MUC_ROLE_NONE, *text != '\0' ? text : NULL);
}

static void
on_kick (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  SchnackOccupantListView *self = SCHNACK_OCCUPANT_LIST_VIEW (widget);
  SchnackOccupant *occupant = find_occupant (self, parameter);
  g_autofree char *heading = NULL;

  if (occupant == NULL)
    return;
  /* Translators: %s is a nickname in a room */
  heading = g_strdup_printf (_("Remove %s from the Room?"), schnack_occupant_get_nick (occupant));
  schnack_ask_text (parent_window (self), heading, _("They can come back unless they are banned."),
                    _("Reason (optional)"), NULL, _("_Remove"), TRUE, kick, target_new (self, occupant), target_free);
}

static void
ban (const char *text,
     gpointer    user_data)
{
  Target *target = user_data;
  SchnackOccupant *occupant;

  if (target->self->room != target->room)
    return;
  occupant = schnack_occupant_list_find (schnack_room_get_occupants (target->room), target->nick);
  if (occupant != NULL && schnack_occupant_get_real_jid (occupant) != NULL)
    set_affiliation (target->self, occupant, SCHNACK_MUC_AFFILIATION_OUTCAST, *text != '\0' ? text : NULL);
}

static void
on_ban (GtkWidget  *widget,
        const char *action_name,
        GVariant   *parameter)
{
  SchnackOccupantListView *self = SCHNACK_OCCUPANT_LIST_VIEW (widget);
  SchnackOccupant *occupant = find_occupant (self, parameter);
  g_autofree char *heading = NULL;

  if (occupant == NULL)
    return;
  /* Translators: %s is a nickname in a room */
  heading = g_strdup_printf (_("Ban %s?"), schnack_occupant_get_nick (occupant));
  schnack_ask_text (parent_window (self), heading, _("They are removed and cannot enter the room again."),
                    _("Reason (optional)"), NULL, _("_Ban"), TRUE, ban, target_new (self, occupant), target_free);
}

static void
on_voice (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  SchnackOccupantListView *self = SCHNACK_OCCUPANT_LIST_VIEW (widget);
  SchnackOccupant *occupant = find_occupant (self, parameter);

  if (occupant != NULL)
    set_role (self, schnack_occupant_get_nick (occupant),
              g_str_equal (action_name, "occupant.voice") ? SCHNACK_MUC_ROLE_PARTICIPANT : SCHNACK_MUC_ROLE_VISITOR,
              NULL);
}

static void
on_affiliation (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SchnackOccupantListView *self = SCHNACK_OCCUPANT_LIST_VIEW (widget);
  SchnackOccupant *occupant = find_occupant (self, parameter);
  SchnackMucAffiliation affiliation = SCHNACK_MUC_AFFILIATION_MEMBER;

  if (occupant == NULL || schnack_occupant_get_real_jid (occupant) == NULL)
    return;
  if (g_str_equal (action_name, "occupant.admin"))
    affiliation = SCHNACK_MUC_AFFILIATION_ADMIN;
  else if (g_str_equal (action_name, "occupant.owner"))
    affiliation = SCHNACK_MUC_AFFILIATION_OWNER;
  set_affiliation (self, occupant, affiliation, NULL);
}

/* ------------------------------------------------------------ rows */

static void
create_row_menu (GtkMenuButton *button,
                 gpointer       user_data)
{
  SchnackOccupantListView *self = user_data;
  SchnackOccupant *occupant = g_object_get_data (G_OBJECT (button), "schnack-occupant");
  g_autoptr(GMenu) menu = NULL;

  if (occupant == NULL || self->room == NULL)
    return;
  menu = build_menu (self, occupant);
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

/* Asked for when the pointer rests on the button: setting a tooltip on
 * every bind made GTK ask the X server where the pointer is, each time. */
static gboolean
on_query_menu_tooltip (GtkWidget  *menu,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip,
                       gpointer    user_data)
{
  SchnackOccupant *occupant = g_object_get_data (G_OBJECT (menu), "schnack-occupant");
  g_autofree char *menu_label = NULL;

  if (occupant == NULL)
    return FALSE;
  /* Translators: the menu button of a person in a room; %s is their nickname */
  menu_label = g_strdup_printf (_("Actions for %s"), schnack_occupant_get_nick (occupant));
  gtk_tooltip_set_text (tooltip, menu_label);
  return TRUE;
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           SchnackOccupantListView  *self)
{
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *heading = gtk_label_new (NULL);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *nick = gtk_label_new (NULL);
  GtkWidget *badge = gtk_label_new (NULL);
  GtkWidget *menu = gtk_menu_button_new ();

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  /* Long (translated) headings wrap rather than widen the panel. */
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (heading), 18);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_add_css_class (heading, "dim-label");
  gtk_widget_set_margin_top (heading, 8);
  gtk_label_set_xalign (GTK_LABEL (nick), 0);
  gtk_label_set_ellipsize (GTK_LABEL (nick), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (nick, TRUE);
  gtk_widget_add_css_class (badge, "caption");
  gtk_widget_add_css_class (badge, "occupant-badge");
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu), "view-more-symbolic");
  gtk_widget_add_css_class (menu, "flat");
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (menu), create_row_menu, self, NULL);
  gtk_widget_set_has_tooltip (menu, TRUE);
  g_signal_connect (menu, "query-tooltip", G_CALLBACK (on_query_menu_tooltip), NULL);
  gtk_box_append (GTK_BOX (row), nick);
  gtk_box_append (GTK_BOX (row), badge);
  gtk_box_append (GTK_BOX (row), menu);
  gtk_stack_add_named (GTK_STACK (stack), heading, "heading");
  gtk_stack_add_named (GTK_STACK (stack), row, "occupant");
  gtk_stack_set_hhomogeneous (GTK_STACK (stack), FALSE);
  gtk_stack_set_vhomogeneous (GTK_STACK (stack), FALSE);
  gtk_list_item_set_child (item, stack);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          SchnackOccupantListView  *self)
{
  GObject *entry = gtk_list_item_get_item (item);
  GtkWidget *stack = gtk_list_item_get_child (item);
  GtkWidget *heading = gtk_stack_get_child_by_name (GTK_STACK (stack), "heading");
  GtkWidget *row = gtk_stack_get_child_by_name (GTK_STACK (stack), "occupant");
  GtkWidget *nick = gtk_widget_get_first_child (row);
  GtkWidget *badge = gtk_widget_get_next_sibling (nick);
  GtkWidget *menu = gtk_widget_get_next_sibling (badge);
  SchnackOccupant *occupant;
  const char *name;
  const char *affiliation;
  double red, green, blue;
  PangoAttrList *attributes;
  g_autofree char *menu_label = NULL;
  g_autofree char *row_label = NULL;

  if (GTK_IS_STRING_OBJECT (entry))
    {
      gtk_label_set_text (GTK_LABEL (heading), gtk_string_object_get_string (GTK_STRING_OBJECT (entry)));
      gtk_stack_set_visible_child (GTK_STACK (stack), heading);
      gtk_list_item_set_activatable (item, FALSE);
      return;
    }
  occupant = SCHNACK_OCCUPANT (entry);
  g_signal_connect (occupant, "notify::affiliation", G_CALLBACK (on_occupant_changed), self);
  g_signal_connect (occupant, "notify::nick", G_CALLBACK (on_occupant_changed), self);
  name = schnack_occupant_get_nick (occupant);
  affiliation = affiliation_badge (schnack_occupant_get_affiliation (occupant));
  gtk_stack_set_visible_child (GTK_STACK (stack), row);

  /* A nickname is network text: plain text, coloured by attribute. */
  gtk_label_set_text (GTK_LABEL (nick), name);
  schnack_consistent_color_rgb (name, &red, &green, &blue);
  attributes = pango_attr_list_new ();
  pango_attr_list_insert (attributes, pango_attr_foreground_new (red * 65535, green * 65535, blue * 65535));
  pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  gtk_label_set_attributes (GTK_LABEL (nick), attributes);
  pango_attr_list_unref (attributes);
  gtk_label_set_text (GTK_LABEL (badge), affiliation != NULL ? affiliation : "");
  gtk_widget_set_visible (badge, affiliation != NULL);

  g_object_set_data_full (G_OBJECT (menu), "schnack-occupant", g_object_ref (occupant), g_object_unref);
  gtk_widget_set_visible (menu, self->room != NULL && !is_self (self, occupant));
  /* Translators: the menu button of a person in a room; %s is their nickname */
  menu_label = g_strdup_printf (_("Actions for %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu), GTK_ACCESSIBLE_PROPERTY_LABEL, menu_label, -1);
  /* Translators: a person in a room: nickname, then e.g. "Owner" */
  row_label = affiliation != NULL ? g_strdup_printf (_("%s, %s"), name, affiliation) : g_strdup (name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, row_label, -1);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            SchnackOccupantListView  *self)
{
  GtkWidget *stack = gtk_list_item_get_child (item);
  GtkWidget *row = gtk_stack_get_child_by_name (GTK_STACK (stack), "occupant");
  GtkWidget *menu = gtk_widget_get_last_child (row);
  GObject *entry = gtk_list_item_get_item (item);

  if (SCHNACK_IS_OCCUPANT (entry))
    g_signal_handlers_disconnect_by_func (entry, on_occupant_changed, self);
  g_object_set_data (G_OBJECT (menu), "schnack-occupant", NULL);
}

/* ------------------------------------------------------------ life */

static void
forget_room (SchnackOccupantListView *self)
{
  if (self->room != NULL)
    {
      g_signal_handlers_disconnect_by_data (schnack_room_get_occupants (self->room), self);
      g_signal_handlers_disconnect_by_data (self->room, self);
    }
  g_clear_object (&self->room);
  g_clear_object (&self->account);
}

static void
schnack_occupant_list_view_dispose (GObject *object)
{
  SchnackOccupantListView *self = SCHNACK_OCCUPANT_LIST_VIEW (object);

  forget_room (self);
  g_clear_handle_id (&self->rebuild_idle, g_source_remove);
  if (self->box != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->box));
  self->box = NULL;
  g_clear_object (&self->entries);
  g_clear_pointer (&self->changed, g_hash_table_unref);
  G_OBJECT_CLASS (schnack_occupant_list_view_parent_class)->dispose (object);
}

static void
schnack_occupant_list_view_map (GtkWidget *widget)
{
  SchnackOccupantListView *self = SCHNACK_OCCUPANT_LIST_VIEW (widget);

  GTK_WIDGET_CLASS (schnack_occupant_list_view_parent_class)->map (widget);
  if (self->stale)
    {
      g_clear_handle_id (&self->rebuild_idle, g_source_remove);
      rebuild (self);
    }
}

static void
schnack_occupant_list_view_class_init (SchnackOccupantListViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_occupant_list_view_dispose;
  widget_class->map = schnack_occupant_list_view_map;
  gtk_widget_class_install_action (widget_class, "occupant.message", "s", on_message);
  gtk_widget_class_install_action (widget_class, "occupant.kick", "s", on_kick);
  gtk_widget_class_install_action (widget_class, "occupant.ban", "s", on_ban);
  gtk_widget_class_install_action (widget_class, "occupant.voice", "s", on_voice);
  gtk_widget_class_install_action (widget_class, "occupant.revoke-voice", "s", on_voice);
  gtk_widget_class_install_action (widget_class, "occupant.member", "s", on_affiliation);
  gtk_widget_class_install_action (widget_class, "occupant.admin", "s", on_affiliation);
  gtk_widget_class_install_action (widget_class, "occupant.owner", "s", on_affiliation);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "occupantlist");
}

static void
schnack_occupant_list_view_init (SchnackOccupantListView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();

  self->entries = g_list_store_new (G_TYPE_OBJECT);
  self->changed = g_hash_table_new (NULL, NULL);
  self->box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  self->count_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->count_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "heading");
  gtk_widget_set_margin_start (GTK_WIDGET (self->count_label), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->count_label), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->count_label), 6);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (
                                                        G_LIST_MODEL (g_object_ref (self->entries)))),
                                                      g_object_ref (factory)));
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("People in the room"), -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list_view));
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (self->box, GTK_WIDGET (self->count_label));
  gtk_box_append (self->box, scroller);
  gtk_widget_set_parent (GTK_WIDGET (self->box), GTK_WIDGET (self));
}

/**
 * schnack_occupant_list_view_set_room:
 * @account: (nullable)
 * @room: (nullable): whose occupants to show
 */
void
schnack_occupant_list_view_set_room (SchnackOccupantListView *self,
                                     SchnackAccount          *account,
                                     SchnackRoom             *room)
{
  g_return_if_fail (SCHNACK_IS_OCCUPANT_LIST_VIEW (self));

  if (room == self->room && account == self->account)
    return;
  forget_room (self);
  if (room != NULL)
    {
      self->room = g_object_ref (room);
      self->account = account != NULL ? g_object_ref (account) : NULL;
      g_signal_connect_swapped (schnack_room_get_occupants (room), "items-changed",
                                G_CALLBACK (schedule_rebuild), self);
      g_signal_connect_swapped (room, "notify::role", G_CALLBACK (schedule_rebind_all), self);
      g_signal_connect_swapped (room, "notify::affiliation", G_CALLBACK (schedule_rebind_all), self);
    }
  g_clear_handle_id (&self->rebuild_idle, g_source_remove);
  /* Another room's people: no row of the last one is kept. */
  self->rebind_all = TRUE;
  rebuild (self);
}
