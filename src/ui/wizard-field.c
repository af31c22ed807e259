/* wizard-field.c — one field of a sign-up form, as a widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Servers send anything from the classic user name + password pair to a
 * data form with a CAPTCHA. Each field becomes the control that fits its
 * kind, writes what is typed straight into the SchnackRegistrationField,
 * and explains problems below itself: a user name that cannot be a
 * Jabber ID, passwords that differ, or what the server said. Labels and
 * descriptions come from the server and are shown as plain text.
 */
#include "config.h"

#include "ui/wizard-field.h"
#include "ui/wizard-password.h"
#include "xmpp/jid.h"

#include <glib/gi18n.h>

struct _SchnackWizardField {
  AdwBin                    parent_instance;

  GtkLabel                 *title_label;
  GtkBox                   *input_box;
  GtkBox                   *strength_box;
  GtkLevelBar              *strength_bar;
  GtkLabel                 *strength_label;
  GtkBox                   *confirm_box;
  GtkEntry                 *confirm_entry;
  GtkLabel                 *description_label;
  GtkLabel                 *error_label;

  SchnackRegistrationField *field;
  char                     *domain;
  GtkWidget                *input;
  char                     *server_error;   /* until the user edits the field */
};

G_DEFINE_FINAL_TYPE (SchnackWizardField, schnack_wizard_field, ADW_TYPE_BIN)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static SchnackRegistrationFieldKind
kind_of (SchnackWizardField *self)
{
  return schnack_registration_field_get_kind (self->field);
}

static const char *
current_value (SchnackWizardField *self)
{
  const char *value = schnack_registration_field_get_value (self->field);

  return value != NULL ? value : "";
}

/* A user name is checked as the Jabber ID it will become. */
static gboolean
check_username (SchnackWizardField  *self,
                GError             **error)
{
  g_autofree char *jid_text = NULL;
  g_autoptr(SchnackJid) jid = NULL;

  if (g_utf8_strchr (current_value (self), -1, '@') != NULL)
    {
      g_set_error_literal (error, SCHNACK_JID_ERROR, SCHNACK_JID_ERROR_LOCALPART,
                           _("Type only the part before the “@” here."));
      return FALSE;
    }
  jid_text = g_strdup_printf ("%s@%s", current_value (self), self->domain);
  jid = schnack_jid_parse_account (jid_text, error);
  return jid != NULL;
}

static gboolean
passwords_differ (SchnackWizardField *self)
{
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_entry));

  return kind_of (self) == SCHNACK_REGISTRATION_FIELD_PASSWORD &&
    g_strcmp0 (current_value (self), confirm) != 0;
}

static void
update_strength (SchnackWizardField *self)
{
  SchnackPasswordStrength strength = schnack_estimate_password_strength (current_value (self));
  const char *text = NULL;

  switch (strength)
    {
    case SCHNACK_PASSWORD_STRENGTH_WEAK:
      text = _("Estimated strength: weak. A longer password with different kinds of characters is harder to guess.");
      break;
    case SCHNACK_PASSWORD_STRENGTH_FAIR:
      text = _("Estimated strength: fair");
      break;
    case SCHNACK_PASSWORD_STRENGTH_STRONG:
      text = _("Estimated strength: strong");
      break;
    case SCHNACK_PASSWORD_STRENGTH_NONE:
    default:
      break;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->strength_box), text != NULL);
  gtk_level_bar_set_value (self->strength_bar, strength);
  gtk_label_set_text (self->strength_label, text != NULL ? text : "");
}

static void
show_problems (SchnackWizardField *self)
{
  g_autoptr(GError) error = NULL;
  const char *message = self->server_error;
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_entry));

  if (message == NULL && kind_of (self) == SCHNACK_REGISTRATION_FIELD_USERNAME &&
      *current_value (self) != '\0' && !check_username (self, &error))
    message = error->message;
  /* Only scold a mismatch once the second entry has something in it. */
  if (message == NULL && *confirm != '\0' && passwords_differ (self))
    message = _("The passwords do not match.");

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  if (self->input != NULL)
    {
      if (message != NULL)
        gtk_widget_add_css_class (self->input, "error");
      else
        gtk_widget_remove_css_class (self->input, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->input), GTK_ACCESSIBLE_STATE_INVALID,
                                   message != NULL ? GTK_ACCESSIBLE_INVALID_TRUE
                                                   : GTK_ACCESSIBLE_INVALID_FALSE,
                                   -1);
    }
}

static void
value_changed (SchnackWizardField *self,
               const char         *value)
{
  schnack_registration_field_set_value (self->field, value);
  g_clear_pointer (&self->server_error, g_free);
  if (kind_of (self) == SCHNACK_REGISTRATION_FIELD_PASSWORD)
    update_strength (self);
  show_problems (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_editable_changed (GtkEditable        *editable,
                     SchnackWizardField *self)
{
  value_changed (self, gtk_editable_get_text (editable));
}

static void
on_confirm_changed (SchnackWizardField *self)
{
  g_clear_pointer (&self->server_error, g_free);
  show_problems (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_buffer_changed (GtkTextBuffer      *buffer,
                   SchnackWizardField *self)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  value_changed (self, text);
}

static void
on_check_toggled (GtkCheckButton     *check,
                  SchnackWizardField *self)
{
  value_changed (self, gtk_check_button_get_active (check) ? "1" : "0");
}

static void
on_choice_selected (GtkDropDown        *drop_down,
                    GParamSpec         *pspec,
                    SchnackWizardField *self)
{
  const char * const *values = schnack_registration_field_get_choice_values (self->field);
  guint selected = gtk_drop_down_get_selected (drop_down);

  if (values != NULL && selected < g_strv_length ((char **) values))
    value_changed (self, values[selected]);
}

static GtkWidget *
create_entry (SchnackWizardField *self,
              gboolean            secret)
{
  GtkWidget *entry = secret ? schnack_wizard_password_new () : gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), current_value (self));
  g_signal_connect (entry, "changed", G_CALLBACK (on_editable_changed), self);
  return entry;
}

static GtkWidget *
create_captcha_picture (SchnackWizardField *self)
{
  GBytes *image = schnack_registration_field_get_image (self->field);
  const char *url = schnack_registration_field_get_image_url (self->field);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *picture;

  if (image != NULL)
    texture = gdk_texture_new_from_bytes (image, &error);
  if (texture == NULL)
    {
      if (error != NULL)
        g_warning ("The server’s CAPTCHA picture cannot be shown: %s", error->message);
      if (url == NULL)
        return gtk_label_new (_("The server sent no picture that Schnack can show."));
      return gtk_link_button_new_with_label (url, _("Open the picture in your web browser"));
    }

  picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), FALSE);
  gtk_widget_set_halign (picture, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Picture with characters to type"),
                                  -1);
  return picture;
}

static GtkWidget *
create_input (SchnackWizardField *self,
              const char         *title)
{
  SchnackRegistrationFieldKind kind = kind_of (self);

  switch (kind)
    {
    case SCHNACK_REGISTRATION_FIELD_USERNAME:
      {
        g_autofree char *suffix = g_strdup_printf ("@%s", self->domain);
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
        GtkWidget *entry = create_entry (self, FALSE);
        GtkWidget *domain_label = gtk_label_new (suffix);

        gtk_widget_set_hexpand (entry, TRUE);
        gtk_entry_set_input_hints (GTK_ENTRY (entry), GTK_INPUT_HINT_NO_SPELLCHECK | GTK_INPUT_HINT_LOWERCASE);
        gtk_label_set_ellipsize (GTK_LABEL (domain_label), PANGO_ELLIPSIZE_MIDDLE);
        gtk_widget_add_css_class (domain_label, "dim-label");
        gtk_box_append (GTK_BOX (box), entry);
        gtk_box_append (GTK_BOX (box), domain_label);
        gtk_box_append (self->input_box, box);
        return entry;
      }

    case SCHNACK_REGISTRATION_FIELD_PASSWORD:
      {
        GtkWidget *entry = create_entry (self, TRUE);

        /* A value here comes from a try the user already confirmed. */
        gtk_editable_set_text (GTK_EDITABLE (self->confirm_entry), current_value (self));
        gtk_widget_set_visible (GTK_WIDGET (self->confirm_box), TRUE);
        gtk_box_append (self->input_box, entry);
        update_strength (self);
        return entry;
      }

    case SCHNACK_REGISTRATION_FIELD_SECRET:
    case SCHNACK_REGISTRATION_FIELD_EMAIL:
    case SCHNACK_REGISTRATION_FIELD_TEXT:
      {
        GtkWidget *entry = create_entry (self, kind == SCHNACK_REGISTRATION_FIELD_SECRET);

        if (kind == SCHNACK_REGISTRATION_FIELD_EMAIL)
          gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_EMAIL);
        gtk_box_append (self->input_box, entry);
        return entry;
      }

    case SCHNACK_REGISTRATION_FIELD_MULTILINE:
      {
        GtkWidget *frame = gtk_frame_new (NULL);
        GtkWidget *scrolled = gtk_scrolled_window_new ();
        GtkWidget *view = gtk_text_view_new ();
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

        gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
        gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
        gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
        gtk_text_buffer_set_text (buffer, current_value (self), -1);
        g_signal_connect (buffer, "changed", G_CALLBACK (on_buffer_changed), self);
        gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
        gtk_widget_set_size_request (scrolled, -1, 80);
        gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
        gtk_frame_set_child (GTK_FRAME (frame), scrolled);
        gtk_box_append (self->input_box, frame);
        return view;
      }

    case SCHNACK_REGISTRATION_FIELD_BOOLEAN:
      {
        GtkWidget *check = gtk_check_button_new_with_label (title);
        const char *value = current_value (self);

        gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                     g_str_equal (value, "1") || g_str_equal (value, "true"));
        gtk_widget_set_visible (GTK_WIDGET (self->title_label), FALSE);
        g_signal_connect (check, "toggled", G_CALLBACK (on_check_toggled), self);
        gtk_box_append (self->input_box, check);
        return check;
      }

    case SCHNACK_REGISTRATION_FIELD_CHOICE:
      {
        const char * const *labels = schnack_registration_field_get_choice_labels (self->field);
        const char * const *values = schnack_registration_field_get_choice_values (self->field);
        GtkWidget *drop_down = gtk_drop_down_new_from_strings (labels);
        guint selected = 0;

        for (guint i = 0; values != NULL && values[i] != NULL; i++)
          if (g_strcmp0 (values[i], schnack_registration_field_get_value (self->field)) == 0)
            selected = i;
        gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), selected);
        g_signal_connect (drop_down, "notify::selected", G_CALLBACK (on_choice_selected), self);
        on_choice_selected (GTK_DROP_DOWN (drop_down), NULL, self);
        gtk_box_append (self->input_box, drop_down);
        return drop_down;
      }

    case SCHNACK_REGISTRATION_FIELD_CAPTCHA:
      {
        GtkWidget *question = gtk_label_new (title);
        GtkWidget *entry;

        /* The picture comes first; the question is about it. */
        gtk_widget_set_visible (GTK_WIDGET (self->title_label), FALSE);
        gtk_box_append (self->input_box, create_captcha_picture (self));
        gtk_label_set_xalign (GTK_LABEL (question), 0);
        gtk_label_set_wrap (GTK_LABEL (question), TRUE);
        gtk_widget_set_margin_top (question, 6);
        gtk_widget_add_css_class (question, "heading");
        gtk_box_append (self->input_box, question);
        /* A new picture needs a new answer. */
        schnack_registration_field_set_value (self->field, NULL);
        entry = create_entry (self, FALSE);
        gtk_entry_set_input_hints (GTK_ENTRY (entry), GTK_INPUT_HINT_NO_SPELLCHECK);
        gtk_label_set_mnemonic_widget (GTK_LABEL (question), entry);
        gtk_box_append (self->input_box, entry);
        return entry;
      }

    case SCHNACK_REGISTRATION_FIELD_INFO:
    default:
      {
        GtkWidget *label = gtk_label_new (title);

        gtk_label_set_wrap (GTK_LABEL (label), TRUE);
        gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
        gtk_label_set_xalign (GTK_LABEL (label), 0);
        gtk_label_set_selectable (GTK_LABEL (label), TRUE);
        gtk_widget_set_visible (GTK_WIDGET (self->title_label), FALSE);
        gtk_box_append (self->input_box, label);
        return NULL;
      }
    }
}

/**
 * schnack_wizard_field_is_ready:
 *
 * Returns: whether the form may be sent as far as this field goes
 */
gboolean
schnack_wizard_field_is_ready (SchnackWizardField *self)
{
  SchnackRegistrationFieldKind kind;

  g_return_val_if_fail (SCHNACK_IS_WIZARD_FIELD (self), FALSE);

  kind = kind_of (self);
  if (kind == SCHNACK_REGISTRATION_FIELD_INFO)
    return TRUE;
  if (schnack_registration_field_get_required (self->field) && *current_value (self) == '\0')
    return FALSE;
  if (kind == SCHNACK_REGISTRATION_FIELD_USERNAME && *current_value (self) != '\0' &&
      !check_username (self, NULL))
    return FALSE;
  return !passwords_differ (self);
}

/**
 * schnack_wizard_field_set_error:
 * @message: (nullable): what the server said about this field
 */
void
schnack_wizard_field_set_error (SchnackWizardField *self,
                                const char         *message)
{
  g_return_if_fail (SCHNACK_IS_WIZARD_FIELD (self));

  g_free (self->server_error);
  self->server_error = g_strdup (message);
  show_problems (self);
}

void
schnack_wizard_field_focus (SchnackWizardField *self)
{
  g_return_if_fail (SCHNACK_IS_WIZARD_FIELD (self));

  if (self->input == NULL)
    return;
  gtk_widget_grab_focus (self->input);
  if (GTK_IS_EDITABLE (self->input))
    gtk_editable_select_region (GTK_EDITABLE (self->input), 0, -1);
}

SchnackRegistrationField *
schnack_wizard_field_get_field (SchnackWizardField *self)
{
  g_return_val_if_fail (SCHNACK_IS_WIZARD_FIELD (self), NULL);
  return self->field;
}

/**
 * schnack_wizard_field_get_input:
 * Returns: (transfer none) (nullable): the control the user types or
 *   picks in; %NULL for information text
 */
GtkWidget *
schnack_wizard_field_get_input (SchnackWizardField *self)
{
  g_return_val_if_fail (SCHNACK_IS_WIZARD_FIELD (self), NULL);
  return self->input;
}

/**
 * schnack_wizard_field_get_confirm:
 * Returns: (transfer none) (nullable): the second password entry
 */
GtkWidget *
schnack_wizard_field_get_confirm (SchnackWizardField *self)
{
  g_return_val_if_fail (SCHNACK_IS_WIZARD_FIELD (self), NULL);

  if (kind_of (self) != SCHNACK_REGISTRATION_FIELD_PASSWORD)
    return NULL;
  return GTK_WIDGET (self->confirm_entry);
}

static void
schnack_wizard_field_dispose (GObject *object)
{
  SchnackWizardField *self = SCHNACK_WIZARD_FIELD (object);

  self->input = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), SCHNACK_TYPE_WIZARD_FIELD);
  g_clear_object (&self->field);

  G_OBJECT_CLASS (schnack_wizard_field_parent_class)->dispose (object);
}

static void
schnack_wizard_field_finalize (GObject *object)
{
  SchnackWizardField *self = SCHNACK_WIZARD_FIELD (object);

  g_free (self->domain);
  g_free (self->server_error);

  G_OBJECT_CLASS (schnack_wizard_field_parent_class)->finalize (object);
}

static void
schnack_wizard_field_class_init (SchnackWizardFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_wizard_field_dispose;
  object_class->finalize = schnack_wizard_field_finalize;

  /**
   * SchnackWizardField::changed:
   *
   * The user changed the value; check schnack_wizard_field_is_ready().
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/wizard-field.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardField, title_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardField, input_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardField, strength_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardField, strength_bar);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardField, strength_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardField, confirm_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardField, confirm_entry);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardField, description_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardField, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_confirm_changed);
}

static void
schnack_wizard_field_init (SchnackWizardField *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  schnack_wizard_password_setup (self->confirm_entry);
}

/**
 * schnack_wizard_field_new:
 * @domain: the server the account is for, shown after the user name
 */
SchnackWizardField *
schnack_wizard_field_new (SchnackRegistrationField *field,
                          const char               *domain)
{
  SchnackWizardField *self;
  const char *label;
  const char *description;
  g_autofree char *title = NULL;
  SchnackRegistrationFieldKind kind;

  g_return_val_if_fail (SCHNACK_IS_REGISTRATION_FIELD (field), NULL);
  g_return_val_if_fail (domain != NULL, NULL);

  self = g_object_new (SCHNACK_TYPE_WIZARD_FIELD, NULL);
  self->field = g_object_ref (field);
  self->domain = g_strdup (domain);
  kind = kind_of (self);

  /* The well-known fields get our own (translated) words; servers
   * mostly label them in English whatever the user's language. */
  if (kind == SCHNACK_REGISTRATION_FIELD_USERNAME)
    label = _("User name");
  else if (kind == SCHNACK_REGISTRATION_FIELD_PASSWORD)
    label = _("Password");
  else if (kind == SCHNACK_REGISTRATION_FIELD_EMAIL)
    label = _("Email address");
  else
    label = schnack_registration_field_get_label (field);
  if (label == NULL || *label == '\0')
    label = schnack_registration_field_get_var (field);
  if (label == NULL)
    label = "";
  if (kind == SCHNACK_REGISTRATION_FIELD_CAPTCHA)
    title = g_strdup (_("Type the characters you see"));
  else if (kind != SCHNACK_REGISTRATION_FIELD_INFO && kind != SCHNACK_REGISTRATION_FIELD_BOOLEAN &&
           !schnack_registration_field_get_required (field))
    title = g_strdup_printf (_("%s (optional)"), label);
  else
    title = g_strdup (label);
  gtk_label_set_text (self->title_label, title);

  description = schnack_registration_field_get_description (field);
  gtk_label_set_text (self->description_label, description != NULL ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), description != NULL && *description != '\0');

  self->input = create_input (self, title);
  if (self->input != NULL)
    {
      gtk_label_set_mnemonic_widget (self->title_label, self->input);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->input),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                      -1);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (self->input),
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                      self->error_label, self->description_label, NULL,
                                      -1);
    }
  show_problems (self);
  return self;
}
