/* data-form.c — XEP-0004 data forms, with XEP-0221 media for CAPTCHAs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Forms come from servers we do not control (registration, room
 * configuration, CAPTCHAs), so parsing is lenient where the UI can still
 * do something sensible: an unknown field type is shown as text-single,
 * a field that could never be submitted (no var, not fixed) is dropped,
 * an option without a value is dropped. What the user typed lives in the
 * fields' values; build_submit() sends them back in the shape XEP-0004
 * asks for. Multi-item results (<reported/>, <item/>) are not read.
 */
#include "config.h"

#include "xmpp/data-form.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_QUARK (schnack-data-form-error-quark, schnack_data_form_error)

static const char *const field_type_names[] = {
  [SCHNACK_FORM_FIELD_BOOLEAN] = "boolean",
  [SCHNACK_FORM_FIELD_FIXED] = "fixed",
  [SCHNACK_FORM_FIELD_HIDDEN] = "hidden",
  [SCHNACK_FORM_FIELD_JID_MULTI] = "jid-multi",
  [SCHNACK_FORM_FIELD_JID_SINGLE] = "jid-single",
  [SCHNACK_FORM_FIELD_LIST_MULTI] = "list-multi",
  [SCHNACK_FORM_FIELD_LIST_SINGLE] = "list-single",
  [SCHNACK_FORM_FIELD_TEXT_MULTI] = "text-multi",
  [SCHNACK_FORM_FIELD_TEXT_PRIVATE] = "text-private",
  [SCHNACK_FORM_FIELD_TEXT_SINGLE] = "text-single",
};

static const char *const form_type_names[] = {
  [SCHNACK_DATA_FORM_TYPE_FORM] = "form",
  [SCHNACK_DATA_FORM_TYPE_SUBMIT] = "submit",
  [SCHNACK_DATA_FORM_TYPE_CANCEL] = "cancel",
  [SCHNACK_DATA_FORM_TYPE_RESULT] = "result",
};

static SchnackFormFieldType
field_type_from_string (const char *name)
{
  if (name != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (field_type_names); i++)
      if (g_str_equal (name, field_type_names[i]))
        return i;
  /* XEP-0004 §3.3: no type means text-single; an unknown one is shown
   * the same way rather than lost. */
  return SCHNACK_FORM_FIELD_TEXT_SINGLE;
}

static gboolean
field_type_is_multi (SchnackFormFieldType type)
{
  return type == SCHNACK_FORM_FIELD_JID_MULTI ||
         type == SCHNACK_FORM_FIELD_LIST_MULTI ||
         type == SCHNACK_FORM_FIELD_TEXT_MULTI;
}

static void
form_option_free (gpointer data)
{
  SchnackFormOption *option = data;

  g_free (option->label);
  g_free (option->value);
  g_free (option);
}

static void
media_uri_free (gpointer data)
{
  SchnackFormMediaUri *uri = data;

  g_free (uri->uri);
  g_free (uri->type);
  g_free (uri);
}

static void
form_field_free (gpointer data)
{
  SchnackFormField *field = data;

  g_free (field->var);
  g_free (field->label);
  g_free (field->desc);
  g_strfreev (field->values);
  g_ptr_array_unref (field->options);
  g_ptr_array_unref (field->media);
  g_free (field);
}

static void
data_form_clear (gpointer data)
{
  SchnackDataForm *form = data;

  g_free (form->title);
  g_free (form->instructions);
  g_ptr_array_unref (form->fields);
}

/* Refcounted with g_rc_box so that the struct itself can stay public. */
SchnackDataForm *
schnack_data_form_ref (SchnackDataForm *form)
{
  g_return_val_if_fail (form != NULL, NULL);
  return g_rc_box_acquire (form);
}

void
schnack_data_form_unref (SchnackDataForm *form)
{
  if (form != NULL)
    g_rc_box_release_full (form, data_form_clear);
}

G_DEFINE_BOXED_TYPE (SchnackDataForm, schnack_data_form, schnack_data_form_ref, schnack_data_form_unref)

static gboolean
is_form_child (const SchnackXmlNode *node,
               const char           *name)
{
  return g_str_equal (schnack_xml_node_get_name (node), name) &&
         g_strcmp0 (schnack_xml_node_get_xmlns (node), SCHNACK_DATA_FORM_NS) == 0;
}

static guint
parse_dimension (const char *text)
{
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT16, &value, NULL))
    return 0;
  return (guint) value;
}

static void
parse_media (SchnackFormField     *field,
             const SchnackXmlNode *media)
{
  guint n = schnack_xml_node_get_n_children (media);

  field->media_width = parse_dimension (schnack_xml_node_get_attribute (media, "width"));
  field->media_height = parse_dimension (schnack_xml_node_get_attribute (media, "height"));

  for (guint i = 0; i < n; i++)
    {
      SchnackXmlNode *child = schnack_xml_node_get_nth_child (media, i);
      g_autofree char *text = NULL;
      SchnackFormMediaUri *uri;

      if (!g_str_equal (schnack_xml_node_get_name (child), "uri"))
        continue;
      text = schnack_xml_node_dup_text (child);
      if (text == NULL || *g_strstrip (text) == '\0')
        continue;

      uri = g_new0 (SchnackFormMediaUri, 1);
      uri->uri = g_steal_pointer (&text);
      uri->type = g_strdup (schnack_xml_node_get_attribute (child, "type"));
      g_ptr_array_add (field->media, uri);
    }
}

static SchnackFormField *
parse_field (const SchnackXmlNode *node)
{
  SchnackFormField *field;
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  const char *var = schnack_xml_node_get_attribute (node, "var");
  SchnackFormFieldType type = field_type_from_string (schnack_xml_node_get_attribute (node, "type"));
  guint n = schnack_xml_node_get_n_children (node);

  /* Nothing the user enters here could reach the server. */
  if ((var == NULL || *var == '\0') && type != SCHNACK_FORM_FIELD_FIXED)
    return NULL;

  field = g_new0 (SchnackFormField, 1);
  field->var = g_strdup (var != NULL && *var != '\0' ? var : NULL);
  field->type = type;
  field->label = g_strdup (schnack_xml_node_get_attribute (node, "label"));
  field->options = g_ptr_array_new_with_free_func (form_option_free);
  field->media = g_ptr_array_new_with_free_func (media_uri_free);

  for (guint i = 0; i < n; i++)
    {
      SchnackXmlNode *child = schnack_xml_node_get_nth_child (node, i);

      if (is_form_child (child, "value"))
        {
          g_autofree char *text = schnack_xml_node_dup_text (child);

          g_strv_builder_add (values, text != NULL ? text : "");
        }
      else if (is_form_child (child, "required"))
        {
          field->required = TRUE;
        }
      else if (is_form_child (child, "desc"))
        {
          g_free (field->desc);
          field->desc = schnack_xml_node_dup_text (child);
        }
      else if (is_form_child (child, "option"))
        {
          g_autofree char *value = schnack_xml_node_dup_child_text (child, "value", SCHNACK_DATA_FORM_NS);
          SchnackFormOption *option;

          if (value == NULL)
            continue;
          option = g_new0 (SchnackFormOption, 1);
          option->label = g_strdup (schnack_xml_node_get_attribute (child, "label"));
          option->value = g_steal_pointer (&value);
          g_ptr_array_add (field->options, option);
        }
      else if (g_str_equal (schnack_xml_node_get_name (child), "media") &&
               g_strcmp0 (schnack_xml_node_get_xmlns (child), SCHNACK_MEDIA_NS) == 0)
        {
          parse_media (field, child);
        }
    }

  field->values = g_strv_builder_end (values);
  return field;
}

static SchnackDataFormType
form_type_from_string (const char *name)
{
  if (name != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (form_type_names); i++)
      if (g_str_equal (name, form_type_names[i]))
        return i;
  /* The type is required, but a form without one is still a form. */
  return SCHNACK_DATA_FORM_TYPE_FORM;
}

/**
 * schnack_data_form_parse:
 * @x: an `<x xmlns='jabber:x:data'/>` element
 *
 * Returns: (transfer full): the form, or %NULL if @x is something else
 */
SchnackDataForm *
schnack_data_form_parse (const SchnackXmlNode  *x,
                         GError               **error)
{
  g_autoptr(SchnackDataForm) form = NULL;
  g_autoptr(GString) instructions = NULL;
  guint n;

  g_return_val_if_fail (x != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!is_form_child (x, "x"))
    {
      g_set_error (error, SCHNACK_DATA_FORM_ERROR, SCHNACK_DATA_FORM_ERROR_INVALID,
                   _("The server sent an invalid form."));
      return NULL;
    }

  form = g_rc_box_new0 (SchnackDataForm);
  form->type = form_type_from_string (schnack_xml_node_get_attribute (x, "type"));
  form->fields = g_ptr_array_new_with_free_func (form_field_free);

  n = schnack_xml_node_get_n_children (x);
  for (guint i = 0; i < n; i++)
    {
      SchnackXmlNode *child = schnack_xml_node_get_nth_child (x, i);

      if (is_form_child (child, "field"))
        {
          SchnackFormField *field = parse_field (child);

          if (field != NULL)
            g_ptr_array_add (form->fields, field);
        }
      else if (is_form_child (child, "title") && form->title == NULL)
        {
          form->title = schnack_xml_node_dup_text (child);
        }
      else if (is_form_child (child, "instructions"))
        {
          g_autofree char *text = schnack_xml_node_dup_text (child);

          if (text == NULL || *text == '\0')
            continue;
          if (instructions == NULL)
            instructions = g_string_new (text);
          else
            g_string_append_printf (instructions, "\n%s", text);
        }
    }

  if (instructions != NULL)
    form->instructions = g_string_free (g_steal_pointer (&instructions), FALSE);
  return g_steal_pointer (&form);
}

/**
 * schnack_data_form_find_field:
 *
 * Returns: (transfer none) (nullable): the first field named @var
 */
SchnackFormField *
schnack_data_form_find_field (const SchnackDataForm *form,
                              const char            *var)
{
  g_return_val_if_fail (form != NULL, NULL);
  g_return_val_if_fail (var != NULL, NULL);

  for (guint i = 0; i < form->fields->len; i++)
    {
      SchnackFormField *field = g_ptr_array_index (form->fields, i);

      if (g_strcmp0 (field->var, var) == 0)
        return field;
    }
  return NULL;
}

/* XEP-0068: what kind of form this is, e.g. "jabber:iq:register". */
const char *
schnack_data_form_get_form_type (const SchnackDataForm *form)
{
  SchnackFormField *field;

  g_return_val_if_fail (form != NULL, NULL);

  field = schnack_data_form_find_field (form, "FORM_TYPE");
  return field != NULL ? schnack_form_field_get_value (field) : NULL;
}

/**
 * schnack_form_field_get_value:
 *
 * Returns: (nullable): the first value
 */
const char *
schnack_form_field_get_value (const SchnackFormField *field)
{
  g_return_val_if_fail (field != NULL, NULL);
  return field->values[0];
}

/* Missing means false (XEP-0004 §3.3); "1" and "true" are true. */
gboolean
schnack_form_field_get_boolean (const SchnackFormField *field)
{
  const char *value;

  g_return_val_if_fail (field != NULL, FALSE);

  value = field->values[0];
  return g_strcmp0 (value, "1") == 0 || g_strcmp0 (value, "true") == 0;
}

/* All values, one per line: how a text-multi field is shown. */
char *
schnack_form_field_dup_text (const SchnackFormField *field)
{
  g_return_val_if_fail (field != NULL, NULL);
  return g_strjoinv ("\n", field->values);
}

/**
 * schnack_form_field_get_media_cid:
 * @out_type: (out) (optional) (transfer none): its MIME type, if given
 *
 * The first XEP-0231 content id among the field's media, without "cid:":
 * look it up with schnack_bob_data_find() in the element that carried
 * the form.
 *
 * Returns: (nullable) (transfer none):
 */
const char *
schnack_form_field_get_media_cid (const SchnackFormField  *field,
                                  const char             **out_type)
{
  g_return_val_if_fail (field != NULL, NULL);

  for (guint i = 0; i < field->media->len; i++)
    {
      SchnackFormMediaUri *uri = g_ptr_array_index (field->media, i);

      if (g_ascii_strncasecmp (uri->uri, "cid:", 4) == 0 && uri->uri[4] != '\0')
        {
          if (out_type != NULL)
            *out_type = uri->type;
          return uri->uri + 4;
        }
    }
  if (out_type != NULL)
    *out_type = NULL;
  return NULL;
}

static SchnackFormField *
find_settable_field (SchnackDataForm *form,
                     const char      *var)
{
  SchnackFormField *field = schnack_data_form_find_field (form, var);

  if (field == NULL || field->type == SCHNACK_FORM_FIELD_FIXED)
    return NULL;
  return field;
}

static void
replace_values (SchnackFormField *field,
                GStrv             values)
{
  g_strfreev (field->values);
  field->values = values;
}

/**
 * schnack_data_form_set_value:
 * @value: (nullable): %NULL clears the field
 *
 * Sets one value. A text-multi field takes @value apart at its line
 * breaks (XEP-0004 sends one <value/> per line); a boolean stores "1"
 * for "1" or "true" and "0" for anything else.
 *
 * Returns: %FALSE if the form has no such field, or it is fixed
 */
gboolean
schnack_data_form_set_value (SchnackDataForm *form,
                             const char      *var,
                             const char      *value)
{
  SchnackFormField *field;

  g_return_val_if_fail (form != NULL, FALSE);
  g_return_val_if_fail (var != NULL, FALSE);

  field = find_settable_field (form, var);
  if (field == NULL)
    return FALSE;

  if (value == NULL)
    {
      replace_values (field, g_new0 (char *, 1));
    }
  else if (field->type == SCHNACK_FORM_FIELD_TEXT_MULTI)
    {
      GStrv lines = g_strsplit (value, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          gsize len = strlen (lines[i]);

          if (len > 0 && lines[i][len - 1] == '\r')
            lines[i][len - 1] = '\0';
        }
      replace_values (field, lines);
    }
  else if (field->type == SCHNACK_FORM_FIELD_BOOLEAN)
    {
      gboolean on = g_str_equal (value, "1") || g_str_equal (value, "true");

      return schnack_data_form_set_boolean (form, var, on);
    }
  else
    {
      const char *single[] = { value, NULL };

      replace_values (field, g_strdupv ((char **) single));
    }
  return TRUE;
}

/**
 * schnack_data_form_set_values:
 * @values: (nullable) (array zero-terminated=1): %NULL clears the field
 *
 * For the -multi fields: every selected option or JID, every line.
 *
 * Returns: %FALSE if the form has no such field, or it is fixed
 */
gboolean
schnack_data_form_set_values (SchnackDataForm    *form,
                              const char         *var,
                              const char * const *values)
{
  SchnackFormField *field;

  g_return_val_if_fail (form != NULL, FALSE);
  g_return_val_if_fail (var != NULL, FALSE);

  field = find_settable_field (form, var);
  if (field == NULL)
    return FALSE;

  replace_values (field, values != NULL ? g_strdupv ((char **) values) : g_new0 (char *, 1));
  return TRUE;
}

/* Returns: %FALSE if the form has no such boolean field */
gboolean
schnack_data_form_set_boolean (SchnackDataForm *form,
                               const char      *var,
                               gboolean         value)
{
  SchnackFormField *field;
  const char *single[] = { value ? "1" : "0", NULL };

  g_return_val_if_fail (form != NULL, FALSE);
  g_return_val_if_fail (var != NULL, FALSE);

  field = find_settable_field (form, var);
  if (field == NULL || field->type != SCHNACK_FORM_FIELD_BOOLEAN)
    return FALSE;

  replace_values (field, g_strdupv ((char **) single));
  return TRUE;
}

static gboolean
field_has_value (const SchnackFormField *field)
{
  for (guint i = 0; field->values[i] != NULL; i++)
    if (*field->values[i] != '\0')
      return TRUE;
  return FALSE;
}

/**
 * schnack_data_form_validate:
 * @out_missing_label: (out) (optional) (transfer full) (nullable): the
 *   label (or, lacking one, the var) of the first required field that
 *   has no value yet
 *
 * A boolean always has a value (false when unset), so it never counts
 * as missing.
 *
 * Returns: %TRUE if every required field has a value
 */
gboolean
schnack_data_form_validate (const SchnackDataForm  *form,
                            char                  **out_missing_label)
{
  g_return_val_if_fail (form != NULL, FALSE);

  if (out_missing_label != NULL)
    *out_missing_label = NULL;

  for (guint i = 0; i < form->fields->len; i++)
    {
      SchnackFormField *field = g_ptr_array_index (form->fields, i);

      if (!field->required || field->var == NULL ||
          field->type == SCHNACK_FORM_FIELD_FIXED ||
          field->type == SCHNACK_FORM_FIELD_BOOLEAN ||
          field_has_value (field))
        continue;

      if (out_missing_label != NULL)
        *out_missing_label = g_strdup (field->label != NULL && *field->label != '\0'
                                       ? field->label : field->var);
      return FALSE;
    }
  return TRUE;
}

/**
 * schnack_data_form_build_submit:
 *
 * Every field with a var goes back, hidden ones included (a CAPTCHA's
 * challenge and sid are hidden), fixed ones not. Single-value fields
 * send their first value only, booleans "1" or "0"; a field without a
 * value is sent empty.
 *
 * Returns: (transfer full): `<x xmlns='jabber:x:data' type='submit'/>`
 */
SchnackXmlNode *
schnack_data_form_build_submit (const SchnackDataForm *form)
{
  SchnackXmlNode *x;

  g_return_val_if_fail (form != NULL, NULL);

  x = schnack_xml_node_new ("x", SCHNACK_DATA_FORM_NS);
  schnack_xml_node_set_attribute (x, "type", "submit");

  for (guint i = 0; i < form->fields->len; i++)
    {
      SchnackFormField *field = g_ptr_array_index (form->fields, i);
      SchnackXmlNode *node;

      if (field->var == NULL || field->type == SCHNACK_FORM_FIELD_FIXED)
        continue;

      node = schnack_xml_node_add_child (x, "field", NULL);
      schnack_xml_node_set_attribute (node, "var", field->var);
      /* XEP-0068 shows FORM_TYPE typed as hidden in submissions too. */
      if (field->type == SCHNACK_FORM_FIELD_HIDDEN)
        schnack_xml_node_set_attribute (node, "type", "hidden");

      if (field->type == SCHNACK_FORM_FIELD_BOOLEAN)
        schnack_xml_node_add_text_child (node, "value", schnack_form_field_get_boolean (field) ? "1" : "0");
      else if (field_type_is_multi (field->type) || field->type == SCHNACK_FORM_FIELD_HIDDEN)
        for (guint j = 0; field->values[j] != NULL; j++)
          schnack_xml_node_add_text_child (node, "value", field->values[j]);
      else if (field->values[0] != NULL)
        schnack_xml_node_add_text_child (node, "value", field->values[0]);
    }

  return x;
}

/**
 * schnack_bob_data_find:
 * @parent: the element that carried the form, e.g. `<query/>` or `<iq/>`
 * @cid: a content id without "cid:"
 * @out_type: (out) (optional) (transfer full) (nullable): its MIME type
 *
 * XEP-0231 data sent along with a form (a CAPTCHA image). Data that was
 * not sent inline would need an IQ to the sender; that is not done here.
 *
 * Returns: (transfer full) (nullable): the decoded bytes
 */
GBytes *
schnack_bob_data_find (const SchnackXmlNode  *parent,
                       const char            *cid,
                       char                 **out_type)
{
  guint n;

  g_return_val_if_fail (parent != NULL, NULL);
  g_return_val_if_fail (cid != NULL, NULL);

  if (out_type != NULL)
    *out_type = NULL;

  n = schnack_xml_node_get_n_children (parent);
  for (guint i = 0; i < n; i++)
    {
      SchnackXmlNode *child = schnack_xml_node_get_nth_child (parent, i);
      g_autofree char *text = NULL;
      guchar *data;
      gsize len = 0;

      if (!g_str_equal (schnack_xml_node_get_name (child), "data") ||
          g_strcmp0 (schnack_xml_node_get_xmlns (child), SCHNACK_BOB_NS) != 0 ||
          g_strcmp0 (schnack_xml_node_get_attribute (child, "cid"), cid) != 0)
        continue;

      text = schnack_xml_node_dup_text (child);
      if (text == NULL || *g_strstrip (text) == '\0')
        return NULL;
      /* g_base64_decode skips line breaks and other non-alphabet bytes. */
      data = g_base64_decode (text, &len);
      if (len == 0)
        {
          g_free (data);
          return NULL;
        }
      if (out_type != NULL)
        *out_type = g_strdup (schnack_xml_node_get_attribute (child, "type"));
      return g_bytes_new_take (data, len);
    }
  return NULL;
}
