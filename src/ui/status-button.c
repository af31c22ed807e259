/* status-button.c — the user's own availability, for all accounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One choice for every enabled account: online, away, do not disturb,
 * or offline (which signs out; choosing anything else afterwards signs
 * in again), plus a status message. The button shows what others see,
 * and the popover lists each account's connection state, so a failing
 * account is visible at a glance.
 */
#include "config.h"

#include "ui/status-button.h"
#include "ui/presence-text.h"

#include <glib/gi18n.h>

struct _SchnackStatusButton {
  GtkWidget              parent_instance;

  GtkMenuButton         *status_menu_button;
  GtkWidget             *status_button_dot;
  GtkLabel              *status_button_label;
  GtkPopover            *status_popover;
  GtkCheckButton        *status_online_check;
  GtkCheckButton        *status_away_check;
  GtkCheckButton        *status_dnd_check;
  GtkCheckButton        *status_offline_check;
  GtkEntry              *status_message_entry;
  GtkListBox            *status_accounts_list;

  SchnackAccountManager *manager;
  SchnackPresenceShow    show;      /* SCHNACK_SHOW_OFFLINE: signed out */
  char                  *message;
  char                  *summary;
  gboolean               syncing;
  gboolean               manager_ready;   /* accounts from now on are new ones */
};

G_DEFINE_FINAL_TYPE (SchnackStatusButton, schnack_status_button, GTK_TYPE_WIDGET)

static void
set_dot_for_state (GtkWidget              *dot,
                   SchnackConnectionState  state)
{
  static const char *classes[] = { "available", "away", "busy", "offline" };
  const char *wanted;

  switch (state)
    {
    case SCHNACK_CONNECTION_ONLINE:
      wanted = "available";
      break;
    case SCHNACK_CONNECTION_CONNECTING:
      wanted = "away";
      break;
    case SCHNACK_CONNECTION_FAILED:
      wanted = "busy";
      break;
    case SCHNACK_CONNECTION_OFFLINE:
    default:
      wanted = "offline";
      break;
    }
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (dot, classes[i]);
  gtk_widget_add_css_class (dot, wanted);
}

/* What the button says: the chosen availability once an account is
 * online, else why nobody can see it yet. */
static void
update_summary (SchnackStatusButton *self)
{
  gboolean any_online = FALSE;
  gboolean any_connecting = FALSE;
  guint n = self->manager != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->manager)) : 0;
  g_autofree char *accessible = NULL;
  const char *text;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackAccount) account = g_list_model_get_item (G_LIST_MODEL (self->manager), i);

      if (!schnack_account_get_enabled (account))
        continue;
      switch (schnack_account_get_state (account))
        {
        case SCHNACK_CONNECTION_ONLINE:
          any_online = TRUE;
          break;
        case SCHNACK_CONNECTION_CONNECTING:
          any_connecting = TRUE;
          break;
        case SCHNACK_CONNECTION_OFFLINE:
        case SCHNACK_CONNECTION_FAILED:
        default:
          break;
        }
    }

  if (self->show == SCHNACK_SHOW_OFFLINE || any_online)
    {
      text = schnack_show_to_text (self->show);
      schnack_status_dot_set_show (self->status_button_dot, self->show);
    }
  else
    {
      text = any_connecting ? _("Connecting…") : _("Not connected");
      schnack_status_dot_set_show (self->status_button_dot, SCHNACK_SHOW_OFFLINE);
    }

  g_free (self->summary);
  self->summary = g_strdup (text);
  gtk_label_set_text (self->status_button_label, text);
  accessible = g_strdup_printf (_("Your status: %s"), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_menu_button), accessible);
}

static void
sync_checks (SchnackStatusButton *self)
{
  GtkCheckButton *check;

  switch (self->show)
    {
    case SCHNACK_SHOW_AWAY:
    case SCHNACK_SHOW_XA:
      check = self->status_away_check;
      break;
    case SCHNACK_SHOW_DND:
      check = self->status_dnd_check;
      break;
    case SCHNACK_SHOW_OFFLINE:
      check = self->status_offline_check;
      break;
    case SCHNACK_SHOW_AVAILABLE:
    case SCHNACK_SHOW_CHAT:
    default:
      check = self->status_online_check;
      break;
    }
  self->syncing = TRUE;
  gtk_check_button_set_active (check, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->status_message_entry),
                         self->message != NULL ? self->message : "");
  self->syncing = FALSE;
}

static void
apply_to_account (SchnackStatusButton *self,
                  SchnackAccount      *account,
                  gboolean             was_offline)
{
  SchnackConnection *connection = schnack_account_get_connection (account);

  if (!schnack_account_get_enabled (account))
    return;
  if (self->show == SCHNACK_SHOW_OFFLINE)
    {
      schnack_connection_disconnect (connection);
      return;
    }
  /* Kept by the connection and sent again after every login. */
  schnack_connection_set_presence (connection, self->show, self->message);
  /* Only accounts this menu signed out are signed in again: one that is
   * still fetching its password from the keyring starts by itself. */
  if (was_offline && schnack_account_get_state (account) == SCHNACK_CONNECTION_OFFLINE &&
      !schnack_account_get_needs_password (account))
    schnack_connection_connect (connection);
}

static void
apply (SchnackStatusButton *self,
       gboolean             was_offline)
{
  guint n;

  if (self->manager == NULL)
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->manager));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SchnackAccount) account = g_list_model_get_item (G_LIST_MODEL (self->manager), i);

      apply_to_account (self, account, was_offline);
    }
  update_summary (self);
}

/**
 * schnack_status_button_set_status:
 * @show: %SCHNACK_SHOW_OFFLINE signs every account out
 * @message: (nullable): the status message, plain text
 *
 * What the user picks in the menu; sent to every enabled account.
 */
void
schnack_status_button_set_status (SchnackStatusButton *self,
                                  SchnackPresenceShow  show,
                                  const char          *message)
{
  gboolean was_offline;

  g_return_if_fail (SCHNACK_IS_STATUS_BUTTON (self));

  was_offline = self->show == SCHNACK_SHOW_OFFLINE;
  self->show = show;
  g_free (self->message);
  self->message = message != NULL && *message != '\0' ? g_strdup (message) : NULL;
  sync_checks (self);
  apply (self, was_offline);
}

static void
on_check_toggled (SchnackStatusButton *self,
                  GtkCheckButton      *check)
{
  SchnackPresenceShow show;
  const char *message;

  if (self->syncing || !gtk_check_button_get_active (check))
    return;

  if (check == self->status_away_check)
    show = SCHNACK_SHOW_AWAY;
  else if (check == self->status_dnd_check)
    show = SCHNACK_SHOW_DND;
  else if (check == self->status_offline_check)
    show = SCHNACK_SHOW_OFFLINE;
  else
    show = SCHNACK_SHOW_AVAILABLE;
  message = gtk_editable_get_text (GTK_EDITABLE (self->status_message_entry));
  schnack_status_button_set_status (self, show, message);
}

static void
on_message_activate (SchnackStatusButton *self)
{
  schnack_status_button_set_status (self, self->show,
                                    gtk_editable_get_text (GTK_EDITABLE (self->status_message_entry)));
  gtk_popover_popdown (self->status_popover);
}

/* A message typed but not confirmed with Enter still counts. */
static void
on_popover_closed (SchnackStatusButton *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->status_message_entry));

  if (g_strcmp0 (typed, self->message != NULL ? self->message : "") != 0)
    schnack_status_button_set_status (self, self->show, typed);
}

static void
update_account_item (SchnackAccount *account,
                     GParamSpec     *pspec,
                     GtkWidget      *item)
{
  GtkWidget *dot = g_object_get_data (G_OBJECT (item), "dot");
  GtkLabel *state_label = g_object_get_data (G_OBJECT (item), "state-label");
  const char *status = schnack_account_get_status_text (account);

  if (!schnack_account_get_enabled (account))
    status = _("Switched off");
  set_dot_for_state (dot, schnack_account_get_state (account));
  gtk_label_set_text (state_label, status != NULL ? status : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (dot),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, status != NULL ? status : "",
                                  -1);
}

/* A line per account in the popover: a dot, the address, the state. */
static GtkWidget *
create_account_item (gpointer item,
                     gpointer user_data)
{
  SchnackAccount *account = item;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *dot = g_object_new (GTK_TYPE_BOX, "accessible-role", GTK_ACCESSIBLE_ROLE_IMG,
                                 "valign", GTK_ALIGN_CENTER, NULL);
  GtkWidget *jid = gtk_label_new (schnack_account_get_jid (account));
  GtkWidget *state = gtk_label_new (NULL);

  gtk_widget_add_css_class (dot, "status-dot");
  gtk_label_set_xalign (GTK_LABEL (jid), 0);
  gtk_label_set_ellipsize (GTK_LABEL (jid), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (state), 0);
  gtk_label_set_wrap (GTK_LABEL (state), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (state), 30);
  gtk_widget_add_css_class (state, "dim-label");
  gtk_widget_add_css_class (state, "caption");
  gtk_box_append (GTK_BOX (text), jid);
  gtk_box_append (GTK_BOX (text), state);
  gtk_box_append (GTK_BOX (box), dot);
  gtk_box_append (GTK_BOX (box), text);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  g_object_set_data (G_OBJECT (box), "dot", dot);
  g_object_set_data (G_OBJECT (box), "state-label", state);
  g_signal_connect_object (account, "notify::state", G_CALLBACK (update_account_item), box, 0);
  g_signal_connect_object (account, "notify::status-text", G_CALLBACK (update_account_item), box, 0);
  update_account_item (account, NULL, box);
  return box;
}

static void
on_accounts_changed (SchnackStatusButton *self,
                     guint                position,
                     guint                removed,
                     guint                added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SchnackAccount) account = g_list_model_get_item (G_LIST_MODEL (self->manager), i);

      g_signal_connect_object (account, "notify::state", G_CALLBACK (update_summary), self, G_CONNECT_SWAPPED);
      /* Adding an account (and signing in to it) while "offline" means
       * going online; otherwise the new one shows what the others do. */
      if (self->show == SCHNACK_SHOW_OFFLINE && self->manager_ready)
        {
          self->show = SCHNACK_SHOW_AVAILABLE;
          sync_checks (self);
        }
      if (self->show != SCHNACK_SHOW_OFFLINE &&
          (self->show != SCHNACK_SHOW_AVAILABLE || self->message != NULL))
        apply_to_account (self, account, FALSE);
    }
  update_summary (self);
}

void
schnack_status_button_set_account_manager (SchnackStatusButton   *self,
                                           SchnackAccountManager *manager)
{
  g_return_if_fail (SCHNACK_IS_STATUS_BUTTON (self));
  g_return_if_fail (manager == NULL || SCHNACK_IS_ACCOUNT_MANAGER (manager));

  if (self->manager == manager)
    return;
  if (self->manager != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->manager));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SchnackAccount) account = g_list_model_get_item (G_LIST_MODEL (self->manager), i);

          g_signal_handlers_disconnect_by_data (account, self);
        }
      g_signal_handlers_disconnect_by_data (self->manager, self);
    }
  g_set_object (&self->manager, manager);
  gtk_list_box_bind_model (self->status_accounts_list, G_LIST_MODEL (manager),
                           manager != NULL ? create_account_item : NULL, NULL, NULL);
  if (manager != NULL)
    {
      g_signal_connect_swapped (manager, "items-changed", G_CALLBACK (on_accounts_changed), self);
      self->manager_ready = FALSE;
      on_accounts_changed (self, 0, 0, g_list_model_get_n_items (G_LIST_MODEL (manager)));
      self->manager_ready = TRUE;
    }
  update_summary (self);
}

SchnackPresenceShow
schnack_status_button_get_show (SchnackStatusButton *self)
{
  g_return_val_if_fail (SCHNACK_IS_STATUS_BUTTON (self), SCHNACK_SHOW_OFFLINE);
  return self->show;
}

const char *
schnack_status_button_get_message (SchnackStatusButton *self)
{
  g_return_val_if_fail (SCHNACK_IS_STATUS_BUTTON (self), NULL);
  return self->message;
}

/* The words on the button ("Away", "Connecting…"). */
const char *
schnack_status_button_get_summary (SchnackStatusButton *self)
{
  g_return_val_if_fail (SCHNACK_IS_STATUS_BUTTON (self), NULL);
  return self->summary;
}

static void
schnack_status_button_dispose (GObject *object)
{
  SchnackStatusButton *self = SCHNACK_STATUS_BUTTON (object);

  if (self->status_accounts_list != NULL)
    schnack_status_button_set_account_manager (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_STATUS_BUTTON);
  G_OBJECT_CLASS (schnack_status_button_parent_class)->dispose (object);
}

static void
schnack_status_button_finalize (GObject *object)
{
  SchnackStatusButton *self = SCHNACK_STATUS_BUTTON (object);

  g_free (self->message);
  g_free (self->summary);
  G_OBJECT_CLASS (schnack_status_button_parent_class)->finalize (object);
}

static void
schnack_status_button_class_init (SchnackStatusButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_status_button_dispose;
  object_class->finalize = schnack_status_button_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/status-button.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackStatusButton, status_menu_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackStatusButton, status_button_dot);
  gtk_widget_class_bind_template_child (widget_class, SchnackStatusButton, status_button_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackStatusButton, status_popover);
  gtk_widget_class_bind_template_child (widget_class, SchnackStatusButton, status_online_check);
  gtk_widget_class_bind_template_child (widget_class, SchnackStatusButton, status_away_check);
  gtk_widget_class_bind_template_child (widget_class, SchnackStatusButton, status_dnd_check);
  gtk_widget_class_bind_template_child (widget_class, SchnackStatusButton, status_offline_check);
  gtk_widget_class_bind_template_child (widget_class, SchnackStatusButton, status_message_entry);
  gtk_widget_class_bind_template_child (widget_class, SchnackStatusButton, status_accounts_list);
  gtk_widget_class_bind_template_callback (widget_class, on_check_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_message_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_closed);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
schnack_status_button_init (SchnackStatusButton *self)
{
  self->show = SCHNACK_SHOW_AVAILABLE;
  gtk_widget_init_template (GTK_WIDGET (self));
  sync_checks (self);
  update_summary (self);
}
