/* archive-sync.c — catching up from the server archive after being away
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After each new session, the messages the server archived while we were
 * offline (or that other devices exchanged) are read page by page from
 * the position saved last time, in the background. They reach history
 * through the account's usual message path, where live copies, carbons
 * and archive copies of one message meet and are stored once. The
 * position is saved after every page once the page's messages are in
 * history (they are stored in slices, see message-ingest.c), so an
 * interrupted catch-up goes on where it stopped and skips nothing; the
 * next page is asked for then too, so a slow disk slows the catch-up
 * down instead of piling up messages in memory. A first start reads the
 * last week only.
 */
#include "config.h"

#include "core/archive-sync.h"
#include "store/accounts.h"
#include "xmpp/mam.h"

#define PAGE_SIZE 250
#define FIRST_START_DAYS 7

struct _SchnackArchiveSync {
  GObject            parent_instance;
  SchnackConnection *connection;
  SchnackStore      *store;
  SchnackMessageIngest *ingest;
  gint64             account_id;
  GCancellable      *cancellable;
  gboolean           running;
  guint              page;
};

G_DEFINE_FINAL_TYPE (SchnackArchiveSync, schnack_archive_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void request_page (SchnackArchiveSync *self, const char *after_id);

static void
set_running (SchnackArchiveSync *self,
             gboolean            running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

typedef struct {
  SchnackArchiveSync *sync;
  char               *last;
  gboolean            complete;
} PageDone;

static void
page_done_free (PageDone *page)
{
  g_object_unref (page->sync);
  g_free (page->last);
  g_free (page);
}

/* The page's messages are in history: remember how far we got, go on. */
static void
on_page_stored (gpointer user_data)
{
  PageDone *page = user_data;
  SchnackArchiveSync *self = page->sync;
  g_autoptr(GError) error = NULL;

  /* Gone (disposed) or stopped meanwhile. */
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  if (page->last != NULL &&
      !schnack_store_set_archive_position (self->store, self->account_id, page->last, &error))
    g_warning ("Could not save the archive position: %s", error->message);

  if (page->complete || page->last == NULL)
    {
      set_running (self, FALSE);
      return;
    }
  request_page (self, page->last);
}

static void
on_page_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SchnackArchiveSync) self = user_data;
  g_autoptr(GError) error = NULL;
  PageDone *page = g_new0 (PageDone, 1);

  if (!schnack_mam_query_page_finish (result, &page->last, &page->complete, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Archive catch-up stopped: %s", error->message);
      set_running (self, FALSE);
      g_free (page);
      return;
    }

  page->sync = g_object_ref (self);
  schnack_message_ingest_when_stored (self->ingest, on_page_stored, page, (GDestroyNotify) page_done_free);
}

static void
request_page (SchnackArchiveSync *self,
              const char         *after_id)
{
  g_autofree char *query_id = g_strdup_printf ("catch-up-%u", ++self->page);
  gint64 start = after_id == NULL ? g_get_real_time () - (gint64) FIRST_START_DAYS * 24 * 3600 * G_USEC_PER_SEC : 0;

  schnack_mam_query_page_async (self->connection, query_id, after_id, start, PAGE_SIZE,
                                self->cancellable, on_page_done, g_object_ref (self));
}

static void
on_connection_state (SchnackArchiveSync *self)
{
  g_autofree char *position = NULL;

  if (schnack_connection_get_state (self->connection) != SCHNACK_CONNECTION_ONLINE ||
      schnack_connection_get_resumed (self->connection) || self->running)
    return;

  set_running (self, TRUE);
  position = schnack_store_get_archive_position (self->store, self->account_id);
  request_page (self, position);
}

static void
schnack_archive_sync_dispose (GObject *object)
{
  SchnackArchiveSync *self = SCHNACK_ARCHIVE_SYNC (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_clear_object (&self->connection);
  g_clear_object (&self->store);
  g_clear_object (&self->ingest);

  G_OBJECT_CLASS (schnack_archive_sync_parent_class)->dispose (object);
}

static void
schnack_archive_sync_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, SCHNACK_ARCHIVE_SYNC (object)->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_archive_sync_class_init (SchnackArchiveSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = schnack_archive_sync_dispose;
  object_class->get_property = schnack_archive_sync_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
schnack_archive_sync_init (SchnackArchiveSync *self)
{
  self->cancellable = g_cancellable_new ();
}

SchnackArchiveSync *
schnack_archive_sync_new (SchnackConnection    *connection,
                          SchnackStore         *store,
                          SchnackMessageIngest *ingest,
                          gint64                account_id)
{
  SchnackArchiveSync *self;

  g_return_val_if_fail (SCHNACK_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (SCHNACK_IS_STORE (store), NULL);
  g_return_val_if_fail (SCHNACK_IS_MESSAGE_INGEST (ingest), NULL);

  self = g_object_new (SCHNACK_TYPE_ARCHIVE_SYNC, NULL);
  self->connection = g_object_ref (connection);
  self->store = g_object_ref (store);
  self->ingest = g_object_ref (ingest);
  self->account_id = account_id;
  g_signal_connect_swapped (connection, "notify::state", G_CALLBACK (on_connection_state), self);
  on_connection_state (self);
  return self;
}

gboolean
schnack_archive_sync_get_running (SchnackArchiveSync *self)
{
  g_return_val_if_fail (SCHNACK_IS_ARCHIVE_SYNC (self), FALSE);
  return self->running;
}
