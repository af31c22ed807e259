/* xml-node.c — stanzas as plain, thread-safe data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parsed with GMarkup, which does not resolve namespaces: each element
 * keeps its xmlns attribute, and get_xmlns() walks up to the nearest
 * declaration the way XML namespaces inherit. Prefixed names
 * ("stream:features") stay as they are; stanzas do not use prefixes.
 */
#include "config.h"

#include "xmpp/xml-node.h"

#include <string.h>

struct _SchnackXmlNode {
  gatomicrefcount  ref_count;
  char            *name;
  GPtrArray       *attributes;   /* name, value, name, value … */
  GPtrArray       *children;     /* SchnackXmlNode */
  GString         *text;
  SchnackXmlNode  *parent;       /* not owned */
};

G_DEFINE_BOXED_TYPE (SchnackXmlNode, schnack_xml_node, schnack_xml_node_ref, schnack_xml_node_unref)

SchnackXmlNode *
schnack_xml_node_new (const char *name,
                      const char *xmlns)
{
  SchnackXmlNode *node;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);

  node = g_new0 (SchnackXmlNode, 1);
  g_atomic_ref_count_init (&node->ref_count);
  node->name = g_strdup (name);
  node->attributes = g_ptr_array_new_with_free_func (g_free);
  node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) schnack_xml_node_unref);
  if (xmlns != NULL)
    schnack_xml_node_set_attribute (node, "xmlns", xmlns);
  return node;
}

SchnackXmlNode *
schnack_xml_node_ref (SchnackXmlNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_atomic_ref_count_inc (&node->ref_count);
  return node;
}

void
schnack_xml_node_unref (SchnackXmlNode *node)
{
  if (node == NULL || !g_atomic_ref_count_dec (&node->ref_count))
    return;

  for (guint i = 0; i < node->children->len; i++)
    ((SchnackXmlNode *) g_ptr_array_index (node->children, i))->parent = NULL;
  g_ptr_array_unref (node->children);
  g_ptr_array_unref (node->attributes);
  if (node->text != NULL)
    g_string_free (node->text, TRUE);
  g_free (node->name);
  g_free (node);
}

const char *
schnack_xml_node_get_name (const SchnackXmlNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);
  return node->name;
}

const char *
schnack_xml_node_get_attribute (const SchnackXmlNode *node,
                                const char           *name)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i + 1 < node->attributes->len; i += 2)
    if (g_str_equal (g_ptr_array_index (node->attributes, i), name))
      return g_ptr_array_index (node->attributes, i + 1);
  return NULL;
}

/**
 * schnack_xml_node_set_attribute:
 * @value: (nullable): %NULL removes the attribute
 */
void
schnack_xml_node_set_attribute (SchnackXmlNode *node,
                                const char     *name,
                                const char     *value)
{
  g_return_if_fail (node != NULL);
  g_return_if_fail (name != NULL);

  for (guint i = 0; i + 1 < node->attributes->len; i += 2)
    if (g_str_equal (g_ptr_array_index (node->attributes, i), name))
      {
        if (value == NULL)
          {
            g_ptr_array_remove_range (node->attributes, i, 2);
            return;
          }
        g_free (g_ptr_array_index (node->attributes, i + 1));
        g_ptr_array_index (node->attributes, i + 1) = g_strdup (value);
        return;
      }

  if (value == NULL)
    return;
  g_ptr_array_add (node->attributes, g_strdup (name));
  g_ptr_array_add (node->attributes, g_strdup (value));
}

/* The namespace in effect: the nearest xmlns up the tree. */
const char *
schnack_xml_node_get_xmlns (const SchnackXmlNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);

  for (const SchnackXmlNode *n = node; n != NULL; n = n->parent)
    {
      const char *xmlns = schnack_xml_node_get_attribute (n, "xmlns");

      if (xmlns != NULL)
        return xmlns;
    }
  return NULL;
}

char *
schnack_xml_node_dup_text (const SchnackXmlNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);
  return node->text != NULL ? g_strdup (node->text->str) : NULL;
}

void
schnack_xml_node_set_text (SchnackXmlNode *node,
                           const char     *text)
{
  g_return_if_fail (node != NULL);

  if (node->text != NULL)
    g_string_free (node->text, TRUE);
  node->text = text != NULL ? g_string_new (text) : NULL;
}

/**
 * schnack_xml_node_append:
 * @child: (transfer full): a node without a parent
 */
void
schnack_xml_node_append (SchnackXmlNode *node,
                         SchnackXmlNode *child)
{
  g_return_if_fail (node != NULL);
  g_return_if_fail (child != NULL && child->parent == NULL);

  child->parent = node;
  g_ptr_array_add (node->children, child);
}

/**
 * schnack_xml_node_add_child:
 * @xmlns: (nullable): only when it differs from the parent's
 *
 * Returns: (transfer none): the new child
 */
SchnackXmlNode *
schnack_xml_node_add_child (SchnackXmlNode *node,
                            const char     *name,
                            const char     *xmlns)
{
  SchnackXmlNode *child = schnack_xml_node_new (name, xmlns);

  schnack_xml_node_append (node, child);
  return child;
}

/**
 * schnack_xml_node_new_iq:
 * @type: "get", "set", "result" or "error"
 * @to: (nullable): the addressee; %NULL for the own account or server
 *
 * Returns: (transfer full): an <iq/> to add the payload to
 */
SchnackXmlNode *
schnack_xml_node_new_iq (const char *type,
                         const char *to)
{
  SchnackXmlNode *iq = schnack_xml_node_new ("iq", NULL);

  schnack_xml_node_set_attribute (iq, "type", type);
  schnack_xml_node_set_attribute (iq, "to", to);
  return iq;
}

/**
 * schnack_xml_node_new_iq_result:
 * @request: an <iq type='get'/> or <iq type='set'/> we received
 *
 * Returns: (transfer full): the empty result answering it: same id, back
 *   to whoever sent it (no "to" for the own server)
 */
SchnackXmlNode *
schnack_xml_node_new_iq_result (const SchnackXmlNode *request)
{
  SchnackXmlNode *reply = schnack_xml_node_new_iq ("result", schnack_xml_node_get_attribute (request, "from"));

  schnack_xml_node_set_attribute (reply, "id", schnack_xml_node_get_attribute (request, "id"));
  return reply;
}

/* <name>text</name> in the parent's namespace. */
SchnackXmlNode *
schnack_xml_node_add_text_child (SchnackXmlNode *node,
                                 const char     *name,
                                 const char     *text)
{
  SchnackXmlNode *child = schnack_xml_node_add_child (node, name, NULL);

  schnack_xml_node_set_text (child, text);
  return child;
}

guint
schnack_xml_node_get_n_children (const SchnackXmlNode *node)
{
  g_return_val_if_fail (node != NULL, 0);
  return node->children->len;
}

/**
 * schnack_xml_node_get_nth_child:
 * Returns: (transfer none) (nullable):
 */
SchnackXmlNode *
schnack_xml_node_get_nth_child (const SchnackXmlNode *node,
                                guint                 n)
{
  g_return_val_if_fail (node != NULL, NULL);
  return n < node->children->len ? g_ptr_array_index (node->children, n) : NULL;
}

/**
 * schnack_xml_node_get_child:
 * @name: (nullable): any name
 * @xmlns: (nullable): any namespace
 *
 * Returns: (transfer none) (nullable): the first matching child
 */
SchnackXmlNode *
schnack_xml_node_get_child (const SchnackXmlNode *node,
                            const char           *name,
                            const char           *xmlns)
{
  g_return_val_if_fail (node != NULL, NULL);

  for (guint i = 0; i < node->children->len; i++)
    {
      SchnackXmlNode *child = g_ptr_array_index (node->children, i);

      if (name != NULL && !g_str_equal (child->name, name))
        continue;
      if (xmlns != NULL && g_strcmp0 (schnack_xml_node_get_xmlns (child), xmlns) != 0)
        continue;
      return child;
    }
  return NULL;
}

char *
schnack_xml_node_dup_child_text (const SchnackXmlNode *node,
                                 const char           *name,
                                 const char           *xmlns)
{
  SchnackXmlNode *child = schnack_xml_node_get_child (node, name, xmlns);

  return child != NULL ? schnack_xml_node_dup_text (child) : NULL;
}

static void
append_escaped (GString    *out,
                const char *text,
                gboolean    attribute)
{
  for (const char *p = text; *p; p++)
    switch (*p)
      {
      case '&': g_string_append (out, "&amp;"); break;
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      case '"':
        g_string_append (out, attribute ? "&quot;" : "\"");
        break;
      case '\'':
        g_string_append (out, attribute ? "&apos;" : "'");
        break;
      default:
        g_string_append_c (out, *p);
      }
}

static void
serialize (const SchnackXmlNode *node,
           GString              *out)
{
  g_string_append_c (out, '<');
  g_string_append (out, node->name);
  for (guint i = 0; i + 1 < node->attributes->len; i += 2)
    {
      g_string_append_printf (out, " %s=\"", (const char *) g_ptr_array_index (node->attributes, i));
      append_escaped (out, g_ptr_array_index (node->attributes, i + 1), TRUE);
      g_string_append_c (out, '"');
    }

  if (node->children->len == 0 && (node->text == NULL || node->text->len == 0))
    {
      g_string_append (out, "/>");
      return;
    }

  g_string_append_c (out, '>');
  if (node->text != NULL)
    append_escaped (out, node->text->str, FALSE);
  for (guint i = 0; i < node->children->len; i++)
    serialize (g_ptr_array_index (node->children, i), out);
  g_string_append_printf (out, "</%s>", node->name);
}

char *
schnack_xml_node_to_string (const SchnackXmlNode *node)
{
  GString *out;

  g_return_val_if_fail (node != NULL, NULL);

  out = g_string_new (NULL);
  serialize (node, out);
  return g_string_free (out, FALSE);
}

typedef struct {
  SchnackXmlNode *root;
  SchnackXmlNode *current;
} ParseState;

static void
on_start_element (GMarkupParseContext  *context,
                  const char           *element_name,
                  const char          **attribute_names,
                  const char          **attribute_values,
                  gpointer              user_data,
                  GError              **error)
{
  ParseState *state = user_data;
  SchnackXmlNode *node = schnack_xml_node_new (element_name, NULL);

  for (guint i = 0; attribute_names[i] != NULL; i++)
    {
      /* GMarkup lets a repeated attribute through; XML does not. */
      if (schnack_xml_node_get_attribute (node, attribute_names[i]) != NULL)
        {
          schnack_xml_node_unref (node);
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                       "attribute “%s” given twice", attribute_names[i]);
          return;
        }
      schnack_xml_node_set_attribute (node, attribute_names[i], attribute_values[i]);
    }

  if (state->current == NULL)
    {
      if (state->root != NULL)
        {
          schnack_xml_node_unref (node);
          g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                               "more than one root element");
          return;
        }
      state->root = node;
    }
  else
    {
      schnack_xml_node_append (state->current, node);
    }
  state->current = node;
}

static void
on_end_element (GMarkupParseContext  *context,
                const char           *element_name,
                gpointer              user_data,
                GError              **error)
{
  ParseState *state = user_data;

  state->current = state->current->parent;
}

static void
on_text (GMarkupParseContext  *context,
         const char           *text,
         gsize                 text_len,
         gpointer              user_data,
         GError              **error)
{
  ParseState *state = user_data;

  if (state->current == NULL)
    return;
  if (state->current->text == NULL)
    state->current->text = g_string_new_len (text, text_len);
  else
    g_string_append_len (state->current->text, text, text_len);
}

static const GMarkupParser parser = {
  .start_element = on_start_element,
  .end_element = on_end_element,
  .text = on_text,
};

/**
 * schnack_xml_node_parse:
 * @length: or -1 for a nul-terminated string
 *
 * Returns: (transfer full) (nullable): the root element
 */
SchnackXmlNode *
schnack_xml_node_parse (const char  *xml,
                        gssize       length,
                        GError     **error)
{
  ParseState state = { NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;

  g_return_val_if_fail (xml != NULL, NULL);

  context = g_markup_parse_context_new (&parser, G_MARKUP_PREFIX_ERROR_POSITION, &state, NULL);
  if (!g_markup_parse_context_parse (context, xml, length, error) ||
      !g_markup_parse_context_end_parse (context, error))
    {
      g_clear_pointer (&state.root, schnack_xml_node_unref);
      return NULL;
    }
  if (state.root == NULL)
    g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_EMPTY, "no element");
  return state.root;
}
