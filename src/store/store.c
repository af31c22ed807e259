/* store.c — opening the database, pragmas, migrations, statement cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "store/store-private.h"
#include "store/wal-checkpointer.h"

/**
 * SchnackStore:
 *
 * The SQLite database holding accounts and message history.
 *
 * A store and everything obtained from it belong to the thread that
 * opened it: its prepared statements are cached and reused, so two
 * threads must never call into the same store. Open a second store on
 * the same file if another thread needs one; SQLite's WAL mode lets the
 * two read and write side by side.
 */
struct _SchnackStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *statements;
  int         schema_version;
  SchnackWalCheckpointer *checkpointer;
};

static void schnack_store_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SchnackStore, schnack_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      schnack_store_initable_iface_init))

G_DEFINE_QUARK (schnack-store-error-quark, schnack_store_error)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One entry per schema version: migrations[n] takes a database from
 * version n to n + 1. Entries are never edited once released; a change
 * to the schema is a new entry. */
static const char * const migrations[] = {
  /* 0 → 1 */
  /* There is no password column and there must never be one: passwords
   * live in the system keyring (src/secrets), because this file is
   * readable by anything running as the user and ends up in backups. */
  "CREATE TABLE accounts ("
  "  id INTEGER PRIMARY KEY,"
  "  jid TEXT NOT NULL UNIQUE,"
  "  resource TEXT,"
  "  host TEXT,"
  "  port INTEGER,"
  "  direct_tls INTEGER NOT NULL DEFAULT 0,"
  "  pinned_cert_sha256 TEXT,"
  "  enabled INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE messages ("
  "  id INTEGER PRIMARY KEY,"
  "  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  conversation_jid TEXT NOT NULL,"
  "  conversation_kind INTEGER NOT NULL DEFAULT 0,"
  "  direction INTEGER NOT NULL,"
  "  sender TEXT,"
  "  body TEXT,"
  "  sent_at INTEGER NOT NULL,"
  "  received_at INTEGER,"
  "  message_id TEXT,"
  "  origin_id TEXT,"
  "  stanza_id TEXT,"
  "  stanza_id_by TEXT,"
  "  delivery_state INTEGER NOT NULL DEFAULT 0,"
  "  encrypted INTEGER NOT NULL DEFAULT 0"
  ");"
  /* The two ways the same message reaches us twice: the archive repeats
   * what we already got live (same stanza-id), or our own message comes
   * back as a carbon or from the archive (same origin-id). */
  "CREATE UNIQUE INDEX messages_stanza_id"
  "  ON messages (account_id, conversation_jid, stanza_id_by, stanza_id)"
  "  WHERE stanza_id IS NOT NULL;"
  "CREATE UNIQUE INDEX messages_origin_id"
  "  ON messages (account_id, conversation_jid, sender, origin_id)"
  "  WHERE origin_id IS NOT NULL;"
  "CREATE INDEX messages_page"
  "  ON messages (account_id, conversation_jid, sent_at, id);"
  /* Receipts, markers and corrections name a message by its id attribute. */
  "CREATE INDEX messages_message_id"
  "  ON messages (account_id, conversation_jid, message_id)"
  "  WHERE message_id IS NOT NULL;"
  /* The outbox is read at every connect; keep it off the big table. */
  "CREATE INDEX messages_pending"
  "  ON messages (account_id, sent_at, id)"
  "  WHERE direction = 1 AND delivery_state IN (0, 1);"
  "CREATE VIRTUAL TABLE messages_fts USING fts5 ("
  "  body,"
  "  content = 'messages',"
  "  content_rowid = 'id',"
  "  tokenize = 'unicode61 remove_diacritics 2'"
  ");"
  /* An external-content index must be told exactly what it indexed, so
   * rows without a body are never added and never deleted. */
  "CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages"
  "  WHEN new.body IS NOT NULL BEGIN"
  "  INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);"
  "END;"
  "CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages"
  "  WHEN old.body IS NOT NULL BEGIN"
  "  INSERT INTO messages_fts (messages_fts, rowid, body)"
  "    VALUES ('delete', old.id, old.body);"
  "END;"
  "CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN"
  "  INSERT INTO messages_fts (messages_fts, rowid, body)"
  "    SELECT 'delete', old.id, old.body WHERE old.body IS NOT NULL;"
  "  INSERT INTO messages_fts (rowid, body)"
  "    SELECT new.id, new.body WHERE new.body IS NOT NULL;"
  "END;",

  /* 1 → 2: the presence priority (RFC 6121 §4.7.2.3) set per account. */
  "ALTER TABLE accounts ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;",

  /* 2 → 3: the roster as last seen and its version (XEP-0237). */
  "ALTER TABLE accounts ADD COLUMN roster_version TEXT;"
  "CREATE TABLE roster_items ("
  "  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  jid TEXT NOT NULL,"
  "  name TEXT,"
  "  subscription INTEGER NOT NULL DEFAULT 0,"
  "  ask INTEGER NOT NULL DEFAULT 0,"
  "  groups TEXT,"
  "  PRIMARY KEY (account_id, jid)"
  ");",

  /* 3 → 4: how far the server archive (XEP-0313) has been read. */
  "ALTER TABLE accounts ADD COLUMN archive_position TEXT;",

  /* 4 → 5: the conversation list. A trigger keeps last activity, the
   * preview and the unread count in step with every stored message, so
   * the list is one indexed read however the message came in (live,
   * carbon, archive, outbox). read_up_to (µs, sent_at) is how far the
   * user has read: archive catch-up of older messages the user already
   * saw elsewhere does not count as unread. A new message reopens a
   * closed chat; one older than the last activity does not. Someone not
   * on the contact list who writes first starts closed: such chats wait
   * in Requests (spam protection) until the user opens them. */
  "CREATE TABLE conversations ("
  "  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  jid TEXT NOT NULL,"
  "  kind INTEGER NOT NULL DEFAULT 0,"
  "  last_message_id INTEGER REFERENCES messages (id) ON DELETE SET NULL,"
  "  last_activity INTEGER NOT NULL DEFAULT 0,"
  "  unread_count INTEGER NOT NULL DEFAULT 0,"
  "  read_up_to INTEGER NOT NULL DEFAULT 0,"
  "  pinned INTEGER NOT NULL DEFAULT 0,"
  "  closed INTEGER NOT NULL DEFAULT 0,"
  "  draft TEXT,"
  "  PRIMARY KEY (account_id, jid)"
  ");"
  "CREATE INDEX conversations_order"
  "  ON conversations (closed, pinned DESC, last_activity DESC);"
  "INSERT INTO conversations (account_id, jid, kind, last_message_id, last_activity, read_up_to)"
  "  SELECT account_id, conversation_jid, conversation_kind, id, sent_at, sent_at FROM ("
  "    SELECT *, row_number () OVER ("
  "      PARTITION BY account_id, conversation_jid ORDER BY sent_at DESC, id DESC) AS newest"
  "    FROM messages WHERE body IS NOT NULL)"
  "  WHERE newest = 1;"
  "CREATE TRIGGER conversations_on_message AFTER INSERT ON messages"
  "  WHEN new.body IS NOT NULL BEGIN"
  "  INSERT INTO conversations (account_id, jid, kind, last_message_id, last_activity, unread_count,"
  "                             closed)"
  "    VALUES (new.account_id, new.conversation_jid, new.conversation_kind, new.id, new.sent_at,"
  "            new.direction = 0,"
  "            new.direction = 0 AND new.conversation_kind = 0 AND NOT EXISTS ("
  "              SELECT 1 FROM roster_items r"
  "              WHERE r.account_id = new.account_id AND r.jid = new.conversation_jid))"
  "  ON CONFLICT (account_id, jid) DO UPDATE SET"
  "    last_message_id = CASE WHEN excluded.last_activity >= last_activity OR last_message_id IS NULL"
  "                           THEN excluded.last_message_id ELSE last_message_id END,"
  "    closed = CASE WHEN excluded.last_activity > last_activity AND NOT excluded.closed"
  "                  THEN 0 ELSE closed END,"
  "    last_activity = max (last_activity, excluded.last_activity),"
  "    unread_count = unread_count + (excluded.unread_count AND excluded.last_activity > read_up_to);"
  "END;",

  /* 5 → 6: corrections, replies, reactions, retractions, chat markers.
   * A correction or retraction changes the original row (so the preview
   * and search follow it); reactions have their own table. "action" rows
   * are what the outbox still has to send that is not a message of its
   * own (a correction, a reaction set, a retraction, each naming
   * action_target): kept in this table so that one queue, one resend and
   * one de-duplication by origin-id serve everything the user sends, but
   * never shown, counted or searched, and deleted once the server has
   * them. */
  "ALTER TABLE messages ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE messages ADD COLUMN retracted INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE messages ADD COLUMN reply_to_id TEXT;"
  "ALTER TABLE messages ADD COLUMN reply_to_sender TEXT;"
  "ALTER TABLE messages ADD COLUMN markable INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE messages ADD COLUMN action INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE messages ADD COLUMN action_target TEXT;"
  /* Replies, corrections, reactions and markers name a message by any
   * of its three ids. */
  "CREATE INDEX messages_origin_ref"
  "  ON messages (account_id, conversation_jid, origin_id)"
  "  WHERE origin_id IS NOT NULL;"
  "CREATE INDEX messages_stanza_ref"
  "  ON messages (account_id, conversation_jid, stanza_id)"
  "  WHERE stanza_id IS NOT NULL;"
  /* A read marker covers every earlier message: only our messages not
   * yet read are worth looking at. */
  "CREATE INDEX messages_unread_outgoing"
  "  ON messages (account_id, conversation_jid, sent_at)"
  "  WHERE direction = 1 AND delivery_state IN (1, 2, 3);"
  "CREATE TABLE reactions ("
  "  message_row_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,"
  "  sender TEXT NOT NULL,"
  "  emoji TEXT NOT NULL,"
  "  PRIMARY KEY (message_row_id, sender, emoji)"
  ") WITHOUT ROWID;"
  "DROP TRIGGER conversations_on_message;"
  "CREATE TRIGGER conversations_on_message AFTER INSERT ON messages"
  "  WHEN new.body IS NOT NULL AND new.action = 0 BEGIN"
  "  INSERT INTO conversations (account_id, jid, kind, last_message_id, last_activity, unread_count,"
  "                             closed)"
  "    VALUES (new.account_id, new.conversation_jid, new.conversation_kind, new.id, new.sent_at,"
  "            new.direction = 0,"
  "            new.direction = 0 AND new.conversation_kind = 0 AND NOT EXISTS ("
  "              SELECT 1 FROM roster_items r"
  "              WHERE r.account_id = new.account_id AND r.jid = new.conversation_jid))"
  "  ON CONFLICT (account_id, jid) DO UPDATE SET"
  "    last_message_id = CASE WHEN excluded.last_activity >= last_activity OR last_message_id IS NULL"
  "                           THEN excluded.last_message_id ELSE last_message_id END,"
  "    closed = CASE WHEN excluded.last_activity > last_activity AND NOT excluded.closed"
  "                  THEN 0 ELSE closed END,"
  "    last_activity = max (last_activity, excluded.last_activity),"
  "    unread_count = unread_count + (excluded.unread_count AND excluded.last_activity > read_up_to);"
  "END;"
  /* A message deleted here leaves the unread count, and the one before
   * it becomes the preview. */
  "CREATE TRIGGER conversations_on_message_delete AFTER DELETE ON messages"
  "  WHEN old.action = 0 BEGIN"
  "  UPDATE conversations SET"
  "    unread_count = max (0, unread_count - (old.direction = 0 AND old.body IS NOT NULL"
  "                                           AND old.sent_at > read_up_to)),"
  "    last_message_id = CASE WHEN last_message_id IS NULL OR last_message_id = old.id THEN ("
  "      SELECT m.id FROM messages m"
  "      WHERE m.account_id = old.account_id AND m.conversation_jid = old.conversation_jid"
  "        AND m.action = 0 AND (m.body IS NOT NULL OR m.retracted)"
  "      ORDER BY m.sent_at DESC, m.id DESC LIMIT 1)"
  "      ELSE last_message_id END"
  "  WHERE account_id = old.account_id AND jid = old.conversation_jid;"
  "END;",

  /* 6 → 7: search walks history newest first across all chats when a
   * word is too common to sort all its matches (see
   * schnack_store_search_messages); the rowid breaks ties. */
  "CREATE INDEX messages_time ON messages (sent_at);",

  /* 7 → 8: ids are random, so every index on one touches a random leaf
   * page per insert, and each such page is written to the WAL again at
   * every commit: with five of them, a 10,000-message room burst wrote
   * most of its time away. The de-duplication indexes now lead with the
   * id itself (the uniqueness is the same), so they also serve the
   * lookups by id alone, and the two reference indexes go. */
  "DROP INDEX messages_stanza_ref;"
  "DROP INDEX messages_origin_ref;"
  "DROP INDEX messages_stanza_id;"
  "DROP INDEX messages_origin_id;"
  "CREATE UNIQUE INDEX messages_stanza_id"
  "  ON messages (account_id, conversation_jid, stanza_id, stanza_id_by)"
  "  WHERE stanza_id IS NOT NULL;"
  "CREATE UNIQUE INDEX messages_origin_id"
  "  ON messages (account_id, conversation_jid, origin_id, sender)"
  "  WHERE origin_id IS NOT NULL;",

  /* 8 → 9: when a chat's messages notify (SchnackNotifyLevel). */
  "ALTER TABLE conversations ADD COLUMN notify_level INTEGER NOT NULL DEFAULT 0;",

  /* 9 → 10: a room's stable id for who wrote a message (XEP-0421): a
   * nick can pass to someone else, who must not correct or withdraw
   * what its former holder wrote. */
  "ALTER TABLE messages ADD COLUMN occupant_id TEXT;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == SCHNACK_STORE_SCHEMA_VERSION);

static gboolean
read_user_version (sqlite3  *db,
                   int      *out_version,
                   GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW)
    {
      g_set_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_OPEN,
                   _("The message history database could not be read (%s)."),
                   sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return FALSE;
    }

  *out_version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
check_not_too_new (int      version,
                   GError **error)
{
  if (version <= SCHNACK_STORE_SCHEMA_VERSION)
    return TRUE;

  g_set_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_SCHEMA_TOO_NEW,
               /* Translators: both %d are schema version numbers */
               _("This database was written by a newer version of Schnack "
                 "(schema %d, this version knows %d). Update Schnack to open "
                 "it; the file has been left unchanged."),
               version, SCHNACK_STORE_SCHEMA_VERSION);
  return FALSE;
}

/* Reads the schema version through a read-only connection, so a database
 * from a newer Schnack is refused before anything could write to it: a
 * read-write connection may roll back a journal or checkpoint a WAL. */
static gboolean
check_existing_file (const char  *path,
                     GError     **error)
{
  sqlite3 *db = NULL;
  int version = 0;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_OPEN,
                   _("Could not open the message history at “%s” (%s)."),
                   path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return FALSE;
    }

  sqlite3_busy_timeout (db, 5000);

  if (!read_user_version (db, &version, error) ||
      !check_not_too_new (version, error))
    {
      sqlite3_close (db);
      return FALSE;
    }

  sqlite3_close (db);
  return TRUE;
}

/* Creates the file ourselves so it is private from the first byte;
 * SQLite gives its -wal and -shm files the same mode. */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  int fd;

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST)
    {
      int saved_errno = errno;

      g_set_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_OPEN,
                   _("Could not create the message history at “%s” (%s)."),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  if (fd >= 0)
    g_close (fd, NULL);
  return TRUE;
}

static gboolean
exec_simple (SchnackStore  *self,
             const char    *sql,
             GError       **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_OPEN,
                   _("Could not set up the message history (%s)."),
                   message != NULL ? message : sqlite3_errmsg (self->db));
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
migrate (SchnackStore  *self,
         GError       **error)
{
  for (int target = self->schema_version + 1;
       target <= SCHNACK_STORE_SCHEMA_VERSION;
       target++)
    {
      g_autofree char *set_version = NULL;
      char *message = NULL;
      int version = 0;

      /* IMMEDIATE takes the write lock first, so a second Schnack
       * starting at the same moment waits and then sees our result. */
      if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, &message) != SQLITE_OK)
        goto failed;

      if (!read_user_version (self->db, &version, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }

      if (version >= target)
        {
          sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
          self->schema_version = version;
          if (!check_not_too_new (version, error))
            return FALSE;
          continue;
        }

      /* PRAGMA takes no parameters; the value is our own integer. */
      set_version = g_strdup_printf ("PRAGMA user_version = %d", target);

      if (sqlite3_exec (self->db, migrations[target - 1], NULL, NULL, &message) != SQLITE_OK ||
          sqlite3_exec (self->db, set_version, NULL, NULL, &message) != SQLITE_OK ||
          sqlite3_exec (self->db, "COMMIT", NULL, NULL, &message) != SQLITE_OK)
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          goto failed;
        }

      g_debug ("Migrated %s to schema version %d", self->path, target);
      self->schema_version = target;
      continue;

    failed:
      g_set_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_MIGRATION,
                   /* Translators: the %d are schema version numbers, %s is
                    * SQLite's technical description of the problem */
                   _("Could not update the message history to schema version %d (%s). "
                     "The database was left at version %d."),
                   target,
                   message != NULL ? message : sqlite3_errmsg (self->db),
                   self->schema_version);
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
schnack_store_initable_init (GInitable     *initable,
                             GCancellable  *cancellable,
                             GError       **error)
{
  SchnackStore *self = SCHNACK_STORE (initable);
  int version = 0;
  int rc;

  g_return_val_if_fail (self->db == NULL, FALSE);

  if (self->path == NULL)
    {
      g_autofree char *dir = NULL;

      self->path = schnack_store_default_path ();
      dir = g_path_get_dirname (self->path);
      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_OPEN,
                       _("Could not create the folder “%s” for the message history."),
                       dir);
          return FALSE;
        }
    }

  if (g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      if (!check_existing_file (self->path, error))
        return FALSE;
    }
  else if (!create_private_file (self->path, error))
    {
      return FALSE;
    }

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_OPEN,
                   _("Could not open the message history at “%s” (%s)."),
                   self->path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, 5000);

  /* Checked again on this connection: another Schnack may have upgraded
   * the file since the read-only look. Setting WAL below is a write. */
  if (!read_user_version (self->db, &version, error) ||
      !check_not_too_new (version, error))
    {
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }
  self->schema_version = version;

  /* WAL lets the UI read history while the network side writes, and with
   * synchronous=NORMAL a commit survives the process being killed (only a
   * power cut can lose the last few transactions). */
  if (!exec_simple (self, "PRAGMA foreign_keys = ON", error) ||
      !exec_simple (self, "PRAGMA journal_mode = WAL", error) ||
      !exec_simple (self, "PRAGMA synchronous = NORMAL", error) ||
      !migrate (self, error))
    {
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }
  /* Copying the log back into the file is not the main thread's job. */
  self->checkpointer = schnack_wal_checkpointer_attach (self->db, self->path);

  return TRUE;
}

static void
schnack_store_initable_iface_init (GInitableIface *iface)
{
  iface->init = schnack_store_initable_init;
}

static void
schnack_store_finalize (GObject *object)
{
  SchnackStore *self = (SchnackStore *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);

  if (self->db != NULL)
    {
      /* Cheap, and keeps the query planner's statistics current. */
      sqlite3_exec (self->db, "PRAGMA optimize", NULL, NULL, NULL);
      schnack_wal_checkpointer_detach (self->checkpointer, self->db);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }

  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (schnack_store_parent_class)->finalize (object);
}

static void
schnack_store_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SchnackStore *self = SCHNACK_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_store_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SchnackStore *self = SCHNACK_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_store_class_init (SchnackStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = schnack_store_finalize;
  object_class->get_property = schnack_store_get_property;
  object_class->set_property = schnack_store_set_property;

  /**
   * SchnackStore:path:
   *
   * The database file. %NULL at construction means the default location,
   * see schnack_store_default_path().
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
schnack_store_init (SchnackStore *self)
{
  /* Keys are the SQL string literals themselves, never copied. */
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal,
                                            NULL, finalize_statement);
}

/**
 * schnack_store_default_path:
 *
 * Returns `$XDG_DATA_HOME/schnack/schnack.db` and creates its folder,
 * readable only by the user, if it is missing.
 *
 * Returns: (transfer full): the path
 */
char *
schnack_store_default_path (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "schnack", NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_debug ("Could not create %s: %s", dir, g_strerror (errno));

  return g_build_filename (dir, "schnack.db", NULL);
}

/**
 * schnack_store_open:
 * @path: (nullable): the database file, or %NULL for the default location
 * @error: return location for a #GError
 *
 * Opens the database, creating it if needed, and brings its schema up to
 * %SCHNACK_STORE_SCHEMA_VERSION, each migration in its own transaction.
 *
 * A database written by a newer Schnack fails with
 * %SCHNACK_STORE_ERROR_SCHEMA_TOO_NEW and is not modified at all.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
SchnackStore *
schnack_store_open (const char  *path,
                    GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_initable_new (SCHNACK_TYPE_STORE, NULL, error,
                         "path", path,
                         NULL);
}

const char *
schnack_store_get_path (SchnackStore *self)
{
  g_return_val_if_fail (SCHNACK_IS_STORE (self), NULL);

  return self->path;
}

int
schnack_store_get_schema_version (SchnackStore *self)
{
  g_return_val_if_fail (SCHNACK_IS_STORE (self), -1);

  return self->schema_version;
}

sqlite3 *
schnack_store_get_db (SchnackStore *self)
{
  g_return_val_if_fail (SCHNACK_IS_STORE (self), NULL);

  return self->db;
}

/**
 * schnack_store_prepare:
 * @self: a #SchnackStore
 * @sql: a single SQL statement; must be a string literal, it is the
 *   cache key and is not copied
 * @error: return location for a #GError
 *
 * Returns the cached prepared statement for @sql, preparing it on first
 * use. The statement is borrowed: reset it when done, most simply by
 * holding it in a g_autoptr (SchnackStoreStmt).
 *
 * Returns: (transfer none): the statement, or %NULL with @error set
 */
sqlite3_stmt *
schnack_store_prepare (SchnackStore  *self,
                       const char    *sql,
                       GError       **error)
{
  sqlite3_stmt *stmt;
  const char *tail = NULL;

  g_return_val_if_fail (SCHNACK_IS_STORE (self), NULL);
  g_return_val_if_fail (self->db != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      g_assert (!sqlite3_stmt_busy (stmt));
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                          &stmt, &tail) != SQLITE_OK)
    {
      /* Usually a bug in our SQL (or a damaged file): log the statement. */
      g_warning ("Could not prepare “%s”: %s", sql, sqlite3_errmsg (self->db));
      schnack_store_set_query_error (self, error,
                                     _("The message history could not be read"));
      return NULL;
    }

  g_assert (tail == NULL || *tail == '\0');
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

static gboolean
exec_cached (SchnackStore  *self,
             const char    *sql,
             GError       **error)
{
  g_autoptr(SchnackStoreStmt) stmt = schnack_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      schnack_store_set_query_error (self, error,
                                     _("The message history could not be saved"));
      return FALSE;
    }

  return TRUE;
}

/* IMMEDIATE so that a read-then-write (de-duplication) cannot fail
 * half-way with SQLITE_BUSY when another process writes meanwhile. */
gboolean
schnack_store_begin (SchnackStore  *self,
                     GError       **error)
{
  g_return_val_if_fail (SCHNACK_IS_STORE (self), FALSE);

  return exec_cached (self, "BEGIN IMMEDIATE", error);
}

gboolean
schnack_store_commit (SchnackStore  *self,
                      GError       **error)
{
  g_return_val_if_fail (SCHNACK_IS_STORE (self), FALSE);

  return exec_cached (self, "COMMIT", error);
}

void
schnack_store_rollback (SchnackStore *self)
{
  g_return_if_fail (SCHNACK_IS_STORE (self));

  /* Some errors (disk full, I/O) already rolled the transaction back. */
  if (!sqlite3_get_autocommit (self->db))
    exec_cached (self, "ROLLBACK", NULL);
}

/**
 * schnack_store_set_query_error:
 * @self: a #SchnackStore
 * @error: return location for a #GError
 * @what: a translated sentence fragment saying what failed, such as
 *   “Could not save the message”
 *
 * Sets %SCHNACK_STORE_ERROR_QUERY from the connection's last error, in
 * words a person can act on where SQLite's own message would not help.
 */
void
schnack_store_set_query_error (SchnackStore  *self,
                               GError       **error,
                               const char    *what)
{
  int code;

  g_return_if_fail (SCHNACK_IS_STORE (self));
  g_return_if_fail (what != NULL);

  code = sqlite3_extended_errcode (self->db) & 0xff;

  switch (code)
    {
    case SQLITE_FULL:
      g_set_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_QUERY,
                   /* Translators: %s is e.g. “Could not save the message” */
                   _("%s: the disk is full."), what);
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_QUERY,
                   /* Translators: %s is e.g. “Could not save the message” */
                   _("%s: another program is using the message history. "
                     "Is Schnack running twice?"), what);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_QUERY,
                   /* Translators: %s is e.g. “Could not save the message”,
                    * the second %s a file name */
                   _("%s: “%s” cannot be written to."), what, self->path);
      break;

    default:
      g_set_error (error, SCHNACK_STORE_ERROR, SCHNACK_STORE_ERROR_QUERY,
                   /* Translators: %s is e.g. “Could not save the message”,
                    * the second %s SQLite's technical description */
                   _("%s (database error: %s)."), what, sqlite3_errmsg (self->db));
      break;
    }
}
