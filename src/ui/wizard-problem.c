/* wizard-problem.c — why the last step of the wizard did not work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One box under a wizard form for a failure in plain words, plus what
 * the user can do about it: trust a certificate after comparing its
 * fingerprint, or open the provider's sign-up web page. Every text here
 * may come from a server, so it is set as plain text.
 */
#include "config.h"

#include "ui/wizard-problem.h"

#include <glib/gi18n.h>

struct _SchnackWizardProblem {
  AdwBin      parent_instance;

  GtkLabel   *message_label;
  GtkBox     *certificate_box;
  GtkLabel   *certificate_label;
  GtkButton  *trust_button;
  GtkButton  *web_button;

  char       *sha256;
  char       *web_url;
  guint       reveal_id;
  guint       reveal_ticks;
};

G_DEFINE_FINAL_TYPE (SchnackWizardProblem, schnack_wizard_problem, ADW_TYPE_BIN)

enum {
  SIGNAL_TRUST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * schnack_format_fingerprint:
 *
 * "ab12cd…" → "AB:12:CD:…", the way certificate viewers show it.
 */
char *
schnack_format_fingerprint (const char *sha256_hex)
{
  GString *formatted = g_string_new (NULL);

  g_return_val_if_fail (sha256_hex != NULL, NULL);

  for (gsize i = 0; sha256_hex[i] != '\0'; i++)
    {
      if (i > 0 && i % 2 == 0)
        g_string_append_c (formatted, ':');
      g_string_append_c (formatted, g_ascii_toupper (sha256_hex[i]));
    }
  return g_string_free (formatted, FALSE);
}

/* Scrolls the page so that the whole box is visible. */
static gboolean
reveal (GtkWidget     *widget,
        GdkFrameClock *frame_clock,
        gpointer       user_data)
{
  SchnackWizardProblem *self = SCHNACK_WIZARD_PROBLEM (widget);
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double top, bottom, page;

  /* Ticks come before layout: wait one frame for the new allocation. */
  if (++self->reveal_ticks < 2)
    return G_SOURCE_CONTINUE;
  self->reveal_id = 0;
  if (scrolled == NULL || !gtk_widget_get_mapped (widget) ||
      !gtk_widget_compute_bounds (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)), &bounds))
    return G_SOURCE_REMOVE;

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  page = gtk_adjustment_get_page_size (adjustment);
  /* The viewport's child is scrolled by the adjustment's value. The box
   * sits just above the page's buttons: show both down to the end, or
   * at least the start of the box. */
  top = bounds.origin.y + gtk_adjustment_get_value (adjustment);
  bottom = gtk_adjustment_get_upper (adjustment);
  gtk_adjustment_set_value (adjustment, bottom - top <= page ? bottom - page : top);
  return G_SOURCE_REMOVE;
}

void
schnack_wizard_problem_show (SchnackWizardProblem *self,
                             const char           *message)
{

  g_return_if_fail (SCHNACK_IS_WIZARD_PROBLEM (self));

  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  /* Screen readers announce the new text without a focus change. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message != NULL ? message : "",
                                  -1);
  /* After the page has been laid out anew, and after any focus change
   * has scrolled it: the news must be on screen. */
  self->reveal_ticks = 0;
  if (self->reveal_id == 0)
    self->reveal_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal, NULL, NULL);
}

/**
 * schnack_wizard_problem_set_certificate:
 * @sha256_hex: (nullable): the untrusted certificate's fingerprint, or
 *   %NULL to hide the offer to trust it
 */
void
schnack_wizard_problem_set_certificate (SchnackWizardProblem *self,
                                        const char           *sha256_hex,
                                        const char           *subject)
{
  g_return_if_fail (SCHNACK_IS_WIZARD_PROBLEM (self));

  g_free (self->sha256);
  self->sha256 = g_strdup (sha256_hex);
  gtk_widget_set_visible (GTK_WIDGET (self->certificate_box), sha256_hex != NULL);
  if (sha256_hex != NULL)
    {
      g_autofree char *fingerprint = schnack_format_fingerprint (sha256_hex);
      g_autofree char *text =
        g_strdup_printf (_("SHA-256 fingerprint:\n%s\nIssued to: %s"),
                         fingerprint, subject != NULL ? subject : _("unknown"));

      gtk_label_set_text (self->certificate_label, text);
    }
}

/**
 * schnack_wizard_problem_set_web_url:
 * @url: (nullable): a sign-up page to offer, or %NULL
 */
void
schnack_wizard_problem_set_web_url (SchnackWizardProblem *self,
                                    const char           *url)
{
  g_return_if_fail (SCHNACK_IS_WIZARD_PROBLEM (self));

  g_free (self->web_url);
  self->web_url = g_strdup (url);
  gtk_widget_set_visible (GTK_WIDGET (self->web_button), url != NULL);
  if (url != NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->web_button), url);
}

void
schnack_wizard_problem_clear (SchnackWizardProblem *self)
{
  g_return_if_fail (SCHNACK_IS_WIZARD_PROBLEM (self));

  if (self->reveal_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->reveal_id);
  self->reveal_id = 0;
  gtk_label_set_text (self->message_label, "");
  schnack_wizard_problem_set_certificate (self, NULL, NULL);
  schnack_wizard_problem_set_web_url (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

static void
on_trust_clicked (SchnackWizardProblem *self)
{
  g_autofree char *sha256 = g_strdup (self->sha256);

  if (sha256 != NULL)
    g_signal_emit (self, signals[SIGNAL_TRUST], 0, sha256);
}

static void
on_web_clicked (SchnackWizardProblem *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->web_url != NULL)
    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->web_url, GDK_CURRENT_TIME);
}

static void
schnack_wizard_problem_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SCHNACK_TYPE_WIZARD_PROBLEM);

  G_OBJECT_CLASS (schnack_wizard_problem_parent_class)->dispose (object);
}

static void
schnack_wizard_problem_finalize (GObject *object)
{
  SchnackWizardProblem *self = SCHNACK_WIZARD_PROBLEM (object);

  g_free (self->sha256);
  g_free (self->web_url);

  G_OBJECT_CLASS (schnack_wizard_problem_parent_class)->finalize (object);
}

static void
schnack_wizard_problem_class_init (SchnackWizardProblemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = schnack_wizard_problem_dispose;
  object_class->finalize = schnack_wizard_problem_finalize;

  /**
   * SchnackWizardProblem::trust:
   * @sha256_hex: the fingerprint the user agreed to trust
   */
  signals[SIGNAL_TRUST] =
    g_signal_new ("trust", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/schnack/Schnack/ui/wizard-problem.ui");
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardProblem, message_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardProblem, certificate_box);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardProblem, certificate_label);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardProblem, trust_button);
  gtk_widget_class_bind_template_child (widget_class, SchnackWizardProblem, web_button);
  gtk_widget_class_bind_template_callback (widget_class, on_trust_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_web_clicked);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static void
schnack_wizard_problem_init (SchnackWizardProblem *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
