/* stanza-error.c — XMPP stanza errors as GErrors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GError's code is the condition; its message is the server's
 * <text/> when there is one (servers often explain policy there, e.g. a
 * password rule), else a short sentence. Callers that know the context
 * (registration, rooms) turn the code into their own wording.
 */
#include "config.h"

#include "xmpp/stanza-error.h"

#include <glib/gi18n-lib.h>

#define NS_STANZAS "urn:ietf:params:xml:ns:xmpp-stanzas"

G_DEFINE_QUARK (schnack-stanza-error-quark, schnack_stanza_error)

static const char *condition_names[] = {
  [SCHNACK_STANZA_ERROR_UNDEFINED_CONDITION] = "undefined-condition",
  [SCHNACK_STANZA_ERROR_BAD_REQUEST] = "bad-request",
  [SCHNACK_STANZA_ERROR_CONFLICT] = "conflict",
  [SCHNACK_STANZA_ERROR_FEATURE_NOT_IMPLEMENTED] = "feature-not-implemented",
  [SCHNACK_STANZA_ERROR_FORBIDDEN] = "forbidden",
  [SCHNACK_STANZA_ERROR_GONE] = "gone",
  [SCHNACK_STANZA_ERROR_INTERNAL_SERVER_ERROR] = "internal-server-error",
  [SCHNACK_STANZA_ERROR_ITEM_NOT_FOUND] = "item-not-found",
  [SCHNACK_STANZA_ERROR_JID_MALFORMED] = "jid-malformed",
  [SCHNACK_STANZA_ERROR_NOT_ACCEPTABLE] = "not-acceptable",
  [SCHNACK_STANZA_ERROR_NOT_ALLOWED] = "not-allowed",
  [SCHNACK_STANZA_ERROR_NOT_AUTHORIZED] = "not-authorized",
  [SCHNACK_STANZA_ERROR_POLICY_VIOLATION] = "policy-violation",
  [SCHNACK_STANZA_ERROR_RECIPIENT_UNAVAILABLE] = "recipient-unavailable",
  [SCHNACK_STANZA_ERROR_REDIRECT] = "redirect",
  [SCHNACK_STANZA_ERROR_REGISTRATION_REQUIRED] = "registration-required",
  [SCHNACK_STANZA_ERROR_REMOTE_SERVER_NOT_FOUND] = "remote-server-not-found",
  [SCHNACK_STANZA_ERROR_REMOTE_SERVER_TIMEOUT] = "remote-server-timeout",
  [SCHNACK_STANZA_ERROR_RESOURCE_CONSTRAINT] = "resource-constraint",
  [SCHNACK_STANZA_ERROR_SERVICE_UNAVAILABLE] = "service-unavailable",
  [SCHNACK_STANZA_ERROR_SUBSCRIPTION_REQUIRED] = "subscription-required",
  [SCHNACK_STANZA_ERROR_UNEXPECTED_REQUEST] = "unexpected-request",
};

const char *
schnack_stanza_error_get_name (SchnackStanzaError condition)
{
  if ((guint) condition >= G_N_ELEMENTS (condition_names))
    return condition_names[SCHNACK_STANZA_ERROR_UNDEFINED_CONDITION];
  return condition_names[condition];
}

static GError *
generic_error (SchnackStanzaError condition)
{
  return g_error_new (SCHNACK_STANZA_ERROR, condition,
                      _("The server refused the request (%s)."),
                      schnack_stanza_error_get_name (condition));
}

/**
 * schnack_stanza_error_from_stanza:
 * @stanza: a stanza of type "error"
 *
 * Returns: (transfer full): the error it carries
 */
GError *
schnack_stanza_error_from_stanza (const SchnackXmlNode *stanza)
{
  SchnackXmlNode *error = schnack_xml_node_get_child (stanza, "error", NULL);
  SchnackStanzaError condition = SCHNACK_STANZA_ERROR_UNDEFINED_CONDITION;
  g_autofree char *text = NULL;

  if (error != NULL)
    {
      for (guint i = 0; i < schnack_xml_node_get_n_children (error); i++)
        {
          SchnackXmlNode *child = schnack_xml_node_get_nth_child (error, i);
          const char *name = schnack_xml_node_get_name (child);

          if (g_strcmp0 (schnack_xml_node_get_xmlns (child), NS_STANZAS) != 0)
            continue;
          if (g_str_equal (name, "text"))
            {
              g_free (text);
              text = schnack_xml_node_dup_text (child);
              continue;
            }
          for (guint c = 0; c < G_N_ELEMENTS (condition_names); c++)
            if (g_str_equal (name, condition_names[c]))
              condition = c;
        }
    }

  if (text != NULL && *g_strstrip (text) != '\0')
    return g_error_new_literal (SCHNACK_STANZA_ERROR, condition, text);
  return generic_error (condition);
}

/**
 * schnack_stanza_error_has_server_text:
 *
 * Returns: whether the message is the server's own explanation rather
 *   than our generic sentence
 */
gboolean
schnack_stanza_error_has_server_text (const GError *error)
{
  g_autoptr(GError) generic = NULL;

  g_return_val_if_fail (error != NULL, FALSE);

  if (error->domain != SCHNACK_STANZA_ERROR)
    return FALSE;
  generic = generic_error (error->code);
  return g_strcmp0 (generic->message, error->message) != 0;
}
