/* wal-checkpointer.c — WAL checkpoints on a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In WAL mode every commit appends pages to the log; a checkpoint copies
 * them back into the database file and syncs it. SQLite's automatic
 * checkpoint runs inside the commit that crosses 1,000 pages, i.e. on
 * the main thread, and in a 10,000-message burst that happened every
 * few slices (copy plus fdatasync each time). Here the commit only
 * notices the log's size (the WAL hook, which replaces the automatic
 * checkpoint) and a worker thread checkpoints through its own
 * connection. PASSIVE never waits for readers or writers, so neither
 * side blocks the other; frames it could not copy are taken next time.
 */
#include "config.h"

#include "store/wal-checkpointer.h"

/* SQLite's own default for the automatic checkpoint. */
#define CHECKPOINT_PAGES 1000
/* The log starts over only when a write begins with every frame copied
 * back, which never happens while commits keep coming during a worker's
 * checkpoint: a long burst would grow it without end. Past this size the
 * commit checkpoints itself, which only has the frames since the
 * worker's last run left to copy. */
#define LOG_LIMIT_PAGES 4000

struct _SchnackWalCheckpointer
{
  gatomicrefcount  ref_count;
  char            *path;
  gint             running;    /* atomic: a checkpoint is queued or running */
  gint             detached;   /* atomic: the store closed; do nothing more */
};

static GThreadPool *pool;

static SchnackWalCheckpointer *
checkpointer_ref (SchnackWalCheckpointer *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

static void
checkpointer_unref (SchnackWalCheckpointer *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->path);
  g_free (self);
}

/* On the worker thread. */
static void
run_checkpoint (gpointer data,
                gpointer user_data)
{
  SchnackWalCheckpointer *self = data;
  sqlite3 *db = NULL;

  if (!g_atomic_int_get (&self->detached) &&
      sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK)
    {
      /* A new connection opens the log only once it reads something. */
      sqlite3_exec (db, "PRAGMA schema_version", NULL, NULL, NULL);
      if (sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL) != SQLITE_OK)
        g_debug ("WAL checkpoint of %s: %s", self->path, sqlite3_errmsg (db));
    }
  sqlite3_close (db);
  g_atomic_int_set (&self->running, 0);
  checkpointer_unref (self);
}

/* Called by SQLite after each commit on the store's connection. */
static int
on_wal_commit (void       *user_data,
               sqlite3    *db,
               const char *name,
               int         n_pages)
{
  SchnackWalCheckpointer *self = user_data;

  if (n_pages >= LOG_LIMIT_PAGES)
    sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  else if (n_pages >= CHECKPOINT_PAGES &&
      g_atomic_int_compare_and_exchange (&self->running, 0, 1))
    g_thread_pool_push (pool, checkpointer_ref (self), NULL);
  return SQLITE_OK;
}

/**
 * schnack_wal_checkpointer_attach:
 * @db: the store's connection, in WAL mode
 * @path: its file
 *
 * Takes over the checkpoints of @db's log. Call
 * schnack_wal_checkpointer_detach() before closing @db.
 */
SchnackWalCheckpointer *
schnack_wal_checkpointer_attach (sqlite3    *db,
                                 const char *path)
{
  SchnackWalCheckpointer *self = g_new0 (SchnackWalCheckpointer, 1);
  static gsize pool_ready;

  if (g_once_init_enter (&pool_ready))
    {
      /* One worker for all stores: checkpoints are rare and short. */
      pool = g_thread_pool_new (run_checkpoint, NULL, 1, FALSE, NULL);
      g_once_init_leave (&pool_ready, 1);
    }
  g_atomic_ref_count_init (&self->ref_count);
  self->path = g_strdup (path);
  sqlite3_wal_hook (db, on_wal_commit, self);
  return self;
}

/**
 * schnack_wal_checkpointer_detach:
 * @db: the connection it was attached to
 *
 * Ends the checkpointer before @db is closed (closing checkpoints one
 * last time by itself); a checkpoint already running finishes on its own.
 */
void
schnack_wal_checkpointer_detach (SchnackWalCheckpointer *self,
                                 sqlite3                *db)
{
  if (self == NULL)
    return;
  sqlite3_wal_hook (db, NULL, NULL);
  g_atomic_int_set (&self->detached, 1);
  checkpointer_unref (self);
}
