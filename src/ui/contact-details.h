/* contact-details.h — everything about one contact, and what to do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/account.h"

G_BEGIN_DECLS

#define SCHNACK_TYPE_CONTACT_DETAILS (schnack_contact_details_get_type ())
G_DECLARE_FINAL_TYPE (SchnackContactDetails, schnack_contact_details, SCHNACK, CONTACT_DETAILS, GtkWidget)

SchnackContactDetails *schnack_contact_details_new         (void);
void                   schnack_contact_details_set_contact (SchnackContactDetails *self,
                                                            SchnackAccount        *account,
                                                            SchnackContact        *contact);
SchnackContact        *schnack_contact_details_get_contact (SchnackContactDetails *self);
SchnackAccount        *schnack_contact_details_get_account (SchnackContactDetails *self);

char                  *schnack_subscription_describe       (SchnackSubscription    subscription,
                                                            gboolean               pending_out);

G_END_DECLS
