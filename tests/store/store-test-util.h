/* store-test-util.h — temp dirs and fixtures shared by the store tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <glib/gstdio.h>

#include "store/accounts.h"
#include "store/messages.h"
#include "store/store-private.h"

static G_GNUC_UNUSED void
store_test_rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          store_test_rm_rf (child);
        }
    }

  g_remove (path);
}

typedef struct
{
  char         *dir;
  char         *path;
  SchnackStore *store;
} StoreFixture;

static G_GNUC_UNUSED void
store_fixture_set_up (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("schnack-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "schnack.db", NULL);
  fixture->store = schnack_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static G_GNUC_UNUSED void
store_fixture_reopen (StoreFixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->store);
  fixture->store = schnack_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

static G_GNUC_UNUSED void
store_fixture_tear_down (StoreFixture  *fixture,
                         gconstpointer  data)
{
  g_clear_object (&fixture->store);
  store_test_rm_rf (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
}

static G_GNUC_UNUSED gint64
store_test_add_account (SchnackStore *store,
                        const char   *jid)
{
  g_autoptr(SchnackAccountRecord) account = schnack_account_record_new ();
  g_autoptr(GError) error = NULL;

  account->jid = g_strdup (jid);
  g_assert_true (schnack_store_add_account (store, account, &error));
  g_assert_no_error (error);
  g_assert_cmpint (account->id, >, 0);
  return account->id;
}

/* An incoming one-to-one message from @peer; ids may be NULL. */
static G_GNUC_UNUSED SchnackMessageRecord *
store_test_message_new (gint64      account_id,
                        const char *peer,
                        const char *body,
                        gint64      sent_at)
{
  SchnackMessageRecord *message = schnack_message_record_new ();

  message->account_id = account_id;
  message->conversation_jid = g_strdup (peer);
  message->conversation_kind = SCHNACK_CONVERSATION_KIND_CHAT;
  message->direction = SCHNACK_MESSAGE_DIRECTION_INCOMING;
  message->sender = g_strdup (peer);
  message->body = g_strdup (body);
  message->sent_at = sent_at;
  message->received_at = sent_at + 1000;
  message->delivery_state = SCHNACK_DELIVERY_STATE_DELIVERED;
  return message;
}

static G_GNUC_UNUSED gint64
store_test_insert (SchnackStore         *store,
                   SchnackMessageRecord *message)
{
  g_autoptr(GError) error = NULL;
  gboolean inserted = FALSE;

  g_assert_true (schnack_store_insert_message (store, message, &inserted, &error));
  g_assert_no_error (error);
  g_assert_true (inserted);
  return message->id;
}
