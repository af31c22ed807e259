/* room-members-dialog.c — a room's owners, admins, members and bans
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The four affiliation lists of a room (XEP-0045 §9–10), each fetched
 * from the room and shown as rows with a Remove button, plus a field to
 * add a Jabber ID. What we may change follows our own affiliation:
 * admins edit members and bans, owners also admins and owners; the
 * others are shown read-only. Every change goes to the room, and the
 * list is read again from the room's answer, so what is shown is what
 * the room holds. The room's errors (e.g. removing the last owner) are
 * shown in words.
 */
#include "config.h"

#include "ui/room-members-dialog.h"
#include "xmpp/jid.h"

#include <glib/gi18n.h>

#define N_LISTS 4

typedef struct {
  SchnackMucAffiliation  affiliation;
  AdwPreferencesGroup   *group;
  GPtrArray             *rows;      /* GtkWidget *, ours to remove */
  GStrv                  jids;      /* as last read from the room */
} AffiliationList;

struct _SchnackRoomMembersDialog {
  AdwPreferencesWindow  parent_instance;

  AdwPreferencesPage   *members_page;
  AdwPreferencesGroup  *members_owners_group;
  AdwPreferencesGroup  *members_admins_group;
  AdwPreferencesGroup  *members_members_group;
  AdwPreferencesGroup  *members_outcasts_group;

  SchnackRoom          *room;
  GCancellable         *cancellable;
  AffiliationList       lists[N_LISTS];
  guint                 pending;    /* requests on the way */
};

G_DEFINE_FINAL_TYPE (SchnackRoomMembersDialog, schnack_room_members_dialog, ADW_TYPE_PREFERENCES_WINDOW)

static AffiliationList *
list_for (SchnackRoomMembersDialog *self,
          SchnackMucAffiliation     affiliation)
{
  for (guint i = 0; i < N_LISTS; i++)
    if (self->lists[i].affiliation == affiliation)
      return &self->lists[i];
  return NULL;
}

/* Owners change every list; admins members and bans (XEP-0045 §9, §10). */
static gboolean
may_edit (SchnackRoomMembersDialog *self,
          SchnackMucAffiliation     affiliation)
{
  SchnackMucAffiliation own = schnack_room_get_affiliation (self->room);

  if (own == SCHNACK_MUC_AFFILIATION_OWNER)
    return TRUE;
  return own == SCHNACK_MUC_AFFILIATION_ADMIN &&
         (affiliation == SCHNACK_MUC_AFFILIATION_MEMBER || affiliation == SCHNACK_MUC_AFFILIATION_OUTCAST);
}

static void
show_error (SchnackRoomMembersDialog *self,
            const char               *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static void load_list (SchnackRoomMembersDialog *self,
                       AffiliationList          *list);

static void
on_remove_clicked (GtkButton                *button,
                   SchnackRoomMembersDialog *self)
{
  AffiliationList *list = g_object_get_data (G_OBJECT (button), "list");

  schnack_room_members_dialog_remove (self, list->affiliation, g_object_get_data (G_OBJECT (button), "jid"));
}

static void
on_add_applied (AdwEntryRow              *row,
                SchnackRoomMembersDialog *self)
{
  AffiliationList *list = g_object_get_data (G_OBJECT (row), "list");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (*text == '\0')
    return;
  schnack_room_members_dialog_add (self, list->affiliation, text);
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
clear_rows (AffiliationList *list)
{
  for (guint i = 0; i < list->rows->len; i++)
    adw_preferences_group_remove (list->group, g_ptr_array_index (list->rows, i));
  g_ptr_array_set_size (list->rows, 0);
}

static void
show_list (SchnackRoomMembersDialog *self,
           AffiliationList          *list)
{
  gboolean editable = may_edit (self, list->affiliation);

  clear_rows (list);
  for (guint i = 0; list->jids != NULL && list->jids[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *remove_label = g_strdup_printf (_("Remove %s"), list->jids[i]);

      /* Network text, shown as text. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), list->jids[i]);
      if (editable)
        {
          GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (button, "flat");
          gtk_widget_set_tooltip_text (button, remove_label);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
          g_object_set_data (G_OBJECT (button), "list", list);
          g_object_set_data_full (G_OBJECT (button), "jid", g_strdup (list->jids[i]), g_free);
          g_signal_connect (button, "clicked", G_CALLBACK (on_remove_clicked), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      adw_preferences_group_add (list->group, row);
      g_ptr_array_add (list->rows, row);
    }
  if (editable)
    {
      GtkWidget *add = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (add), _("Add a Jabber ID"));
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (add), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      adw_preferences_group_get_title (list->group), -1);
      g_object_set_data (G_OBJECT (add), "list", list);
      g_signal_connect (add, "apply", G_CALLBACK (on_add_applied), self);
      adw_preferences_group_add (list->group, add);
      g_ptr_array_add (list->rows, add);
    }
  else if (list->jids == NULL || list->jids[0] == NULL)
    {
      GtkWidget *empty = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (empty), _("Nobody"));
      gtk_widget_add_css_class (empty, "dim-label");
      adw_preferences_group_add (list->group, empty);
      g_ptr_array_add (list->rows, empty);
    }
}

typedef struct {
  SchnackRoomMembersDialog *self;
  AffiliationList          *list;
} Request;

static void
on_list_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree Request *request = user_data;
  g_autoptr(GError) error = NULL;
  GStrv jids = schnack_room_get_affiliations_finish (SCHNACK_ROOM (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  request->self->pending--;
  if (jids == NULL)
    {
      /* Not allowed to see it (or the room failed): say so in the list. */
      g_clear_pointer (&request->list->jids, g_strfreev);
      show_list (request->self, request->list);
      adw_preferences_group_set_description (request->list->group, error->message);
      return;
    }
  g_clear_pointer (&request->list->jids, g_strfreev);
  request->list->jids = jids;
  show_list (request->self, request->list);
}

static void
load_list (SchnackRoomMembersDialog *self,
           AffiliationList          *list)
{
  Request *request = g_new0 (Request, 1);

  request->self = self;
  request->list = list;
  self->pending++;
  schnack_room_get_affiliations_async (self->room, list->affiliation, self->cancellable, on_list_read, request);
}

static void
on_changed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autofree Request *request = user_data;
  g_autoptr(GError) error = NULL;

  if (!schnack_room_moderation_finish (SCHNACK_ROOM (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_error (request->self, error->message);
    }
  request->self->pending--;
  /* A change can move someone between lists: read them all again. */
  for (guint i = 0; i < N_LISTS; i++)
    load_list (request->self, &request->self->lists[i]);
}

static void
change (SchnackRoomMembersDialog *self,
        const char               *jid,
        SchnackMucAffiliation     affiliation)
{
  Request *request = g_new0 (Request, 1);

  request->self = self;
  self->pending++;
  schnack_room_set_affiliation_async (self->room, jid, affiliation, NULL, self->cancellable, on_changed, request);
}

/**
 * schnack_room_members_dialog_add:
 * @jid: what the user typed; checked before anything is sent
 */
void
schnack_room_members_dialog_add (SchnackRoomMembersDialog *self,
                                 SchnackMucAffiliation     affiliation,
                                 const char               *jid)
{
  g_autoptr(SchnackJid) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bare = NULL;

  g_return_if_fail (SCHNACK_IS_ROOM_MEMBERS_DIALOG (self));

  parsed = schnack_jid_parse (jid, &error);
  if (parsed == NULL)
    {
      show_error (self, error->message);
      return;
    }
  bare = schnack_jid_to_bare (parsed);
  change (self, bare, affiliation);
}

/* Takes @jid off the list: back to no affiliation. */
void
schnack_room_members_dialog_remove (SchnackRoomMembersDialog *self,
                                    SchnackMucAffiliation     affiliation,
                                    const char               *jid)
{
  g_return_if_fail (SCHNACK_IS_ROOM_MEMBERS_DIALOG (self));
  change (self, jid, SCHNACK_MUC_AFFILIATION_NONE);
}

/* Returns: (transfer full): the Jabber IDs the dialog shows for @affiliation */
GStrv
schnack_room_members_dialog_dup_listed (SchnackRoomMembersDialog *self,
                                        SchnackMucAffiliation     affiliation)
{
  AffiliationList *list;

  g_return_val_if_fail (SCHNACK_IS_ROOM_MEMBERS_DIALOG (self), NULL);

  list = list_for (self, affiliation);
  return g_strdupv (list != NULL && list->jids != NULL ? list->jids : (char *[]) { NULL });
}

/* Whether a read or a change is still on its way (for tests). */
gboolean
schnack_room_members_dialog_is_busy (SchnackRoomMembersDialog *self)
{
  g_return_val_if_fail (SCHNACK_IS_ROOM_MEMBERS_DIALOG (self), FALSE);
  return self->pending > 0;
}

static void
schnack_room_members_dialog_dispose (GObject *object)
{
  SchnackRoomMembersDialog *self = SCHNACK_ROOM_MEMBERS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  for (guint i = 0; i < N_LISTS; i++)
    {
      g_clear_pointer (&self->lists[i].rows, g_ptr_array_unref);
      g_clear_pointer (&self->lists[i].jids, g_strfreev);
    }
  g_clear_object (&self->room);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_ROOM_MEMBERS_DIALOG);
  G_OBJECT_CLASS (schnack_room_members_dialog_parent_class)->dispose (object);
}

static void
schnack_room_members_dialog_class_init (SchnackRoomMembersDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_room_members_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/room-members-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackRoomMembersDialog, members_page);
  gtk_widget_class_bind_template_child (widget_class, SchnackRoomMembersDialog, members_owners_group);
  gtk_widget_class_bind_template_child (widget_class, SchnackRoomMembersDialog, members_admins_group);
  gtk_widget_class_bind_template_child (widget_class, SchnackRoomMembersDialog, members_members_group);
  gtk_widget_class_bind_template_child (widget_class, SchnackRoomMembersDialog, members_outcasts_group);
}

static void
schnack_room_members_dialog_init (SchnackRoomMembersDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->lists[0] = (AffiliationList) { SCHNACK_MUC_AFFILIATION_OWNER, self->members_owners_group, NULL, NULL };
  self->lists[1] = (AffiliationList) { SCHNACK_MUC_AFFILIATION_ADMIN, self->members_admins_group, NULL, NULL };
  self->lists[2] = (AffiliationList) { SCHNACK_MUC_AFFILIATION_MEMBER, self->members_members_group, NULL, NULL };
  self->lists[3] = (AffiliationList) { SCHNACK_MUC_AFFILIATION_OUTCAST, self->members_outcasts_group, NULL, NULL };
  for (guint i = 0; i < N_LISTS; i++)
    self->lists[i].rows = g_ptr_array_new ();
}

SchnackRoomMembersDialog *
schnack_room_members_dialog_new (GtkWindow   *parent,
                                 SchnackRoom *room)
{
  SchnackRoomMembersDialog *self;

  g_return_val_if_fail (SCHNACK_IS_ROOM (room), NULL);

  self = g_object_new (SCHNACK_TYPE_ROOM_MEMBERS_DIALOG, "transient-for", parent, NULL);
  self->room = g_object_ref (room);
  for (guint i = 0; i < N_LISTS; i++)
    load_list (self, &self->lists[i]);
  return self;
}
