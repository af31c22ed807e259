/* xml-node.h — stanzas as plain, thread-safe data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A small immutable-once-shared XML element tree. libstrophe's stanzas
 * must stay on the connection thread; a SchnackXmlNode is what crosses
 * to the core (and back) for request/response protocols: IQs, forms. */
typedef struct _SchnackXmlNode SchnackXmlNode;

GType           schnack_xml_node_get_type      (void) G_GNUC_CONST;
#define SCHNACK_TYPE_XML_NODE (schnack_xml_node_get_type ())

SchnackXmlNode *schnack_xml_node_new           (const char      *name,
                                                const char      *xmlns);
SchnackXmlNode *schnack_xml_node_new_iq        (const char      *type,
                                                const char      *to);
SchnackXmlNode *schnack_xml_node_new_iq_result (const SchnackXmlNode *request);
SchnackXmlNode *schnack_xml_node_ref           (SchnackXmlNode  *node);
void            schnack_xml_node_unref         (SchnackXmlNode  *node);

const char     *schnack_xml_node_get_name      (const SchnackXmlNode *node);
const char     *schnack_xml_node_get_xmlns     (const SchnackXmlNode *node);
const char     *schnack_xml_node_get_attribute (const SchnackXmlNode *node,
                                                const char      *name);
void            schnack_xml_node_set_attribute (SchnackXmlNode  *node,
                                                const char      *name,
                                                const char      *value);
char           *schnack_xml_node_dup_text      (const SchnackXmlNode *node);
void            schnack_xml_node_set_text      (SchnackXmlNode  *node,
                                                const char      *text);

SchnackXmlNode *schnack_xml_node_add_child     (SchnackXmlNode  *node,
                                                const char      *name,
                                                const char      *xmlns);
SchnackXmlNode *schnack_xml_node_add_text_child (SchnackXmlNode *node,
                                                 const char     *name,
                                                 const char     *text);
void            schnack_xml_node_append        (SchnackXmlNode  *node,
                                                SchnackXmlNode  *child);
guint           schnack_xml_node_get_n_children (const SchnackXmlNode *node);
SchnackXmlNode *schnack_xml_node_get_nth_child (const SchnackXmlNode *node,
                                                guint            n);
SchnackXmlNode *schnack_xml_node_get_child     (const SchnackXmlNode *node,
                                                const char      *name,
                                                const char      *xmlns);
char           *schnack_xml_node_dup_child_text (const SchnackXmlNode *node,
                                                 const char     *name,
                                                 const char     *xmlns);

char           *schnack_xml_node_to_string     (const SchnackXmlNode *node);
SchnackXmlNode *schnack_xml_node_parse         (const char      *xml,
                                                gssize           length,
                                                GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchnackXmlNode, schnack_xml_node_unref)

G_END_DECLS
