/* reactions.h — emoji reactions to messages (XEP-0444)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "store/store.h"

G_BEGIN_DECLS

/* One person's reaction to a message. */
typedef struct
{
  char *sender;   /* bare JID; in rooms the occupant's nick */
  char *emoji;
} SchnackReaction;

void       schnack_reaction_free        (SchnackReaction     *reaction);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SchnackReaction, schnack_reaction_free)

gboolean   schnack_store_set_reactions  (SchnackStore        *self,
                                         gint64               message_row_id,
                                         const char          *sender,
                                         const char * const  *emojis,
                                         GError             **error);
GPtrArray *schnack_store_list_reactions (SchnackStore        *self,
                                         gint64               message_row_id,
                                         GError             **error);

G_END_DECLS
