/* connection.c — one account's XMPP connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threading and event design
 * --------------------------
 * libstrophe is not thread-safe, resolves DNS with blocking calls and
 * runs the TLS handshake synchronously inside xmpp_run_once() with no
 * timeout. On the UI thread a slow server would freeze the window for as
 * long as the handshake takes. So each SchnackConnection owns one
 * worker thread with its own GMainContext, and every xmpp_* object is
 * created, used and freed on that thread only:
 *
 *   owner thread (UI)                 worker thread (one per account)
 *   SchnackConnection  -- invoke -->  SchnackConnectionWorker
 *     properties, signals <-- post --   xmpp_ctx_t, xmpp_conn_t,
 *                                       StropheSource on the socket,
 *                                       GResolver callbacks, timers
 *
 * Commands cross with g_main_context_invoke on the worker's context and
 * events come back with g_main_context_invoke on the owner's context
 * (the thread-default context when the connection was made). Only plain
 * data crosses: strings, GErrors and SchnackIncomingMessage copies.
 * Events hold a weak reference, so a connection disposed while an event
 * is in flight is simply skipped. A hung TLS handshake is cut from the
 * owner thread with shutdown() on the socket, the only thing that is
 * touched from both sides (an atomic int).
 *
 * Nothing polls. DNS goes through GResolver and libstrophe only ever
 * sees numeric addresses (server-address.c). The StropheSource calls
 * xmpp_run_once() when the socket is ready, plus a 1 s tick only while
 * logging in or out (libstrophe's internal timeouts fire inside
 * run_once). Once online the only timer is the XEP-0199 keepalive
 * (ping.c), a minute or more apart.
 *
 * Reconnecting reuses the same xmpp_conn_t so libstrophe resumes the
 * XEP-0198 stream when the server allows it; after a drop the worker
 * waits with exponential backoff and jitter (backoff.c), and retries at
 * once when the network comes back or the machine wakes up
 * (network-watch.c).
 *
 * libstrophe 0.12 reports a failed login only as a DISCONNECT with no
 * CONNECT before it, with inconsistent error numbers. The user-facing
 * reason is derived from how far the attempt got (TCP connected? TLS
 * offered? SASL failure? certificate refused?), which we learn from
 * its log callback; that callback never stores or prints traffic, so
 * the password can never end up in a log.
 */
#include "config.h"

#include "xmpp/connection.h"
#include "xmpp/connection-private.h"
#include "xmpp/backoff.h"
#include "xmpp/disco.h"
#include "xmpp/network-watch.h"
#include "xmpp/presence.h"
#include "xmpp/server-address.h"
#include "xmpp/stanza-error.h"
#include "xmpp/stanza-util.h"
#include "xmpp/strophe-source.h"
#include "schnack-utils.h"

#include <glib/gi18n-lib.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>

#define DEFAULT_KEEPALIVE_SECONDS 90
#define DEFAULT_RESOURCE "schnack"
#define LOGIN_TIMEOUT_SECONDS 45
#define IQ_TIMEOUT_SECONDS 60
#define NS_TLS "urn:ietf:params:xml:ns:xmpp-tls"
#define NS_STREAMS "http://etherx.jabber.org/streams"

typedef enum {
  PHASE_IDLE,
  PHASE_RESOLVING,
  PHASE_CONNECTING,
  PHASE_ONLINE,
  PHASE_WAITING_TO_RETRY,
} AttemptPhase;

/* A snapshot of the settings, copied to the worker for each connect. */
typedef struct {
  char     *jid;            /* bare JID */
  char     *password;
  char     *resource;
  char     *host;
  guint16   port;
  gboolean  direct_tls;
  char     *pinned_sha256;
  char     *ca_file;
  guint     keepalive_seconds;
  char     *initial_presence;  /* serialized <presence/> */
} ConnectSettings;

struct _SchnackConnectionWorker {
  /* Set before the thread starts, read-only afterwards. */
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  GMainContext *owner_context;
  GWeakRef     *owner;          /* atomic rc box, shared with posted events */
  struct _PostQueue *posted;    /* atomic rc box, shared with its dispatch source */
  char         *domain;
  gboolean      raw;            /* an unauthenticated stream, for registration */

  /* Read and written from both threads. */
  gint          socket_fd;

  /* Worker thread only. */
  xmpp_ctx_t      *ctx;
  xmpp_conn_t     *conn;
  GSource         *source;
  SchnackPing     *ping;
  ConnectSettings *settings;
  gboolean         want_online;
  gboolean         shutting_down;
  AttemptPhase     phase;
  GCancellable    *resolve_cancellable;
  GPtrArray       *addresses;
  guint            next_address;
  GSource         *retry_source;
  guint            failed_attempts;
  GHashTable      *pending_iqs;   /* stanza id → IqRequest */
  GHashTable      *forwarded_namespaces;
  char            *stream_features;

  /* What the current attempt reached, for the failure reason. */
  gboolean  tcp_connected;
  gboolean  tls_missing;
  gboolean  sasl_failed;
  char     *sasl_condition;
  char     *sasl_text;
  gboolean  certificate_refused;
  char     *certificate_sha256;
  char     *certificate_subject;
  gboolean  stream_resumed;
  int       stream_error_type;     /* -1 when none */
  char     *stream_error_text;
  GError   *last_unreachable_error;
};

struct _SchnackConnection {
  GObject parent_instance;

  char                    *jid;
  char                    *password;
  char                    *resource;
  char                    *host;
  guint16                  port;
  gboolean                 direct_tls;
  char                    *pinned_sha256;
  char                    *ca_file;
  guint                    keepalive_seconds;
  int                      priority;
  SchnackPresenceShow      show;
  char                    *status_message;

  SchnackConnectionState   state;
  GError                  *failure;
  char                    *certificate_sha256;
  char                    *certificate_subject;
  char                    *bound_jid;
  gint64                   next_retry;
  gboolean                 resumed;
  guint                    login_watchdog;
  gboolean                 raw;
  SchnackXmlNode          *stream_features;
  GHashTable              *iq_tasks;      /* request number → GTask */
  guint                    last_iq_request;

  SchnackConnectionWorker *worker;
  SchnackNetworkWatch     *network_watch;
  gulong                   wake_handler;
};

G_DEFINE_FINAL_TYPE (SchnackConnection, schnack_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_JID,
  PROP_REGISTRATION_STREAM,
  PROP_STATE,
  PROP_FAILURE_MESSAGE,
  PROP_CERTIFICATE_SHA256,
  PROP_CERTIFICATE_SUBJECT,
  PROP_BOUND_JID,
  PROP_NEXT_RETRY,
  PROP_RESUMED,
  N_PROPS
};

enum {
  SIGNAL_MESSAGE_RECEIVED,
  SIGNAL_PRESENCE_RECEIVED,
  SIGNAL_IQ_REQUEST,
  SIGNAL_PUBSUB_EVENT,
  SIGNAL_CHAT_SIGNAL,
  SIGNAL_ROOM_SIGNAL,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* libstrophe's socket and certificate callbacks carry no user data; each
 * worker thread owns exactly one connection, so a thread-local finds it. */
static __thread SchnackConnectionWorker *current_worker;

G_DEFINE_ENUM_TYPE (SchnackConnectionState, schnack_connection_state,
                    G_DEFINE_ENUM_VALUE (SCHNACK_CONNECTION_OFFLINE, "offline"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_CONNECTION_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_CONNECTION_ONLINE, "online"),
                    G_DEFINE_ENUM_VALUE (SCHNACK_CONNECTION_FAILED, "failed"))

G_DEFINE_QUARK (schnack-connection-error-quark, schnack_connection_error)

static void
secure_free_string (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static void
connect_settings_free (ConnectSettings *settings)
{
  if (settings == NULL)
    return;
  g_free (settings->jid);
  secure_free_string (settings->password);
  g_free (settings->resource);
  g_free (settings->host);
  g_free (settings->pinned_sha256);
  g_free (settings->ca_file);
  g_free (settings->initial_presence);
  g_free (settings);
}

static void
ensure_libstrophe_initialized (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      /* libstrophe 0.12 can write to a socket the server already closed;
       * without this SIGPIPE kills the whole application. */
      signal (SIGPIPE, SIG_IGN);
      xmpp_initialize ();
      g_once_init_leave (&initialized, 1);
    }
}

/* ------------------------------------------------------------------ */
/* Owner-thread events                                                 */
/* ------------------------------------------------------------------ */

typedef struct {
  GWeakRef                  *connection;
  SchnackConnectionEventFunc func;
  gpointer                   data;
  GDestroyNotify             destroy;
} PostedEvent;

static void
posted_event_free (gpointer user_data)
{
  PostedEvent *event = user_data;

  g_atomic_rc_box_release_full (event->connection, (GDestroyNotify) g_weak_ref_clear);
  if (event->destroy != NULL)
    event->destroy (event->data);
  g_free (event);
}

/* Events wait in one queue and one source drains it, a few milliseconds
 * at a time: a burst (10,000 room messages) then costs one wakeup per
 * batch instead of one GSource each, and a backlog never runs in a
 * single main-loop iteration — GLib would dispatch every ready source
 * at once and the UI would stall for all of them. */
#define DRAIN_BUDGET_US 8000

typedef struct _PostQueue {
  GMutex        lock;
  GQueue        events;      /* PostedEvent, oldest first */
  gboolean      scheduled;   /* a drain source is attached */
  GMainContext *context;
} PostQueue;

static void
post_queue_clear (PostQueue *queue)
{
  g_queue_clear_full (&queue->events, posted_event_free);
  g_mutex_clear (&queue->lock);
  g_main_context_unref (queue->context);
}

static PostQueue *
post_queue_new (GMainContext *context)
{
  PostQueue *queue = g_atomic_rc_box_new0 (PostQueue);

  g_mutex_init (&queue->lock);
  g_queue_init (&queue->events);
  queue->context = g_main_context_ref (context);
  return queue;
}

static void
post_queue_release (gpointer queue)
{
  g_atomic_rc_box_release_full (queue, (GDestroyNotify) post_queue_clear);
}

static gboolean
drain_posted_events (gpointer user_data)
{
  PostQueue *queue = user_data;
  gint64 deadline = g_get_monotonic_time () + DRAIN_BUDGET_US;

  while (TRUE)
    {
      PostedEvent *event;

      g_mutex_lock (&queue->lock);
      event = g_queue_pop_head (&queue->events);
      if (event == NULL)
        {
          queue->scheduled = FALSE;
          g_mutex_unlock (&queue->lock);
          return G_SOURCE_REMOVE;
        }
      g_mutex_unlock (&queue->lock);

      {
        g_autoptr(SchnackConnection) connection = g_weak_ref_get (event->connection);

        if (connection != NULL)
          event->func (connection, event->data);
      }
      posted_event_free (event);

      /* The rest in the next iteration, after timers and input. */
      if (g_get_monotonic_time () >= deadline)
        return G_SOURCE_CONTINUE;
    }
}

void
schnack_connection_worker_post (SchnackConnectionWorker    *worker,
                                SchnackConnectionEventFunc  func,
                                gpointer                    data,
                                GDestroyNotify              destroy)
{
  PostedEvent *event = g_new0 (PostedEvent, 1);

  /* Never take a strong reference here: if the last one were dropped on
   * this thread, dispose would try to join the thread it runs on. */
  PostQueue *queue = worker->posted;
  gboolean schedule;

  event->connection = g_atomic_rc_box_acquire (worker->owner);
  event->func = func;
  event->data = data;
  event->destroy = destroy;

  g_mutex_lock (&queue->lock);
  g_queue_push_tail (&queue->events, event);
  schedule = !queue->scheduled;
  queue->scheduled = TRUE;
  g_mutex_unlock (&queue->lock);

  if (schedule)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, drain_posted_events, g_atomic_rc_box_acquire (queue), post_queue_release);
      g_source_set_static_name (source, "[schnack] connection events");
      g_source_attach (source, queue->context);
      g_source_unref (source);
    }
}

typedef struct {
  SchnackConnectionState  state;
  GError                 *failure;
  char                   *certificate_sha256;
  char                   *certificate_subject;
  char                   *bound_jid;
  gint64                  next_retry;
  gboolean                resumed;
  char                   *stream_features;
} StateEvent;

static void
state_event_free (StateEvent *event)
{
  g_clear_error (&event->failure);
  g_free (event->certificate_sha256);
  g_free (event->certificate_subject);
  g_free (event->bound_jid);
  g_free (event->stream_features);
  g_free (event);
}

/* libstrophe has no timeout for a server that accepts the connection and
 * then says nothing (its TLS handshake would wait forever, blocking the
 * worker thread): cut such a login from this side. */
static gboolean
on_login_watchdog (gpointer user_data)
{
  SchnackConnection *self = user_data;

  self->login_watchdog = 0;
  if (self->state == SCHNACK_CONNECTION_CONNECTING)
    schnack_connection_worker_abort_stream (self->worker);
  return G_SOURCE_REMOVE;
}

static void
apply_state_event (SchnackConnection *self,
                   gpointer           data)
{
  StateEvent *event = data;

  g_clear_handle_id (&self->login_watchdog, g_source_remove);
  if (event->state == SCHNACK_CONNECTION_CONNECTING)
    self->login_watchdog = g_timeout_add_seconds (LOGIN_TIMEOUT_SECONDS, on_login_watchdog, self);

  g_object_freeze_notify (G_OBJECT (self));

  g_clear_error (&self->failure);
  if (event->failure != NULL)
    self->failure = g_error_copy (event->failure);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILURE_MESSAGE]);

  if (schnack_set_str (&self->certificate_sha256, event->certificate_sha256))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CERTIFICATE_SHA256]);
  if (schnack_set_str (&self->certificate_subject, event->certificate_subject))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CERTIFICATE_SUBJECT]);
  if (event->bound_jid != NULL && schnack_set_str (&self->bound_jid, event->bound_jid))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOUND_JID]);
  if (event->stream_features != NULL)
    {
      g_clear_pointer (&self->stream_features, schnack_xml_node_unref);
      self->stream_features = schnack_xml_node_parse (event->stream_features, -1, NULL);
    }
  if (event->state == SCHNACK_CONNECTION_ONLINE && self->resumed != event->resumed)
    {
      self->resumed = event->resumed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESUMED]);
    }
  if (self->next_retry != event->next_retry)
    {
      self->next_retry = event->next_retry;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_RETRY]);
    }
  if (self->state != event->state)
    {
      self->state = event->state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
post_state (SchnackConnectionWorker *worker,
            SchnackConnectionState   state,
            GError                  *failure,
            gint64                   next_retry)
{
  StateEvent *event = g_new0 (StateEvent, 1);

  event->state = state;
  event->failure = failure;
  event->next_retry = next_retry;
  if (failure != NULL &&
      g_error_matches (failure, SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_CERTIFICATE))
    {
      event->certificate_sha256 = g_strdup (worker->certificate_sha256);
      event->certificate_subject = g_strdup (worker->certificate_subject);
    }
  if (state == SCHNACK_CONNECTION_ONLINE && worker->conn != NULL)
    {
      event->bound_jid = g_strdup (xmpp_conn_get_bound_jid (worker->conn));
      event->resumed = worker->stream_resumed;
      event->stream_features = g_strdup (worker->stream_features);
    }

  schnack_connection_worker_post (worker, apply_state_event, event,
                                  (GDestroyNotify) state_event_free);
}

void
schnack_connection_emit_message_received (SchnackConnection      *self,
                                          SchnackIncomingMessage *message)
{
  g_signal_emit (self, signals[SIGNAL_MESSAGE_RECEIVED], 0, message);
}

typedef struct {
  SchnackForwardedKind  kind;
  char                 *xml;
} ForwardedStanza;

static void
forwarded_stanza_free (ForwardedStanza *forwarded)
{
  g_free (forwarded->xml);
  g_free (forwarded);
}

static void
emit_forwarded_stanza (SchnackConnection *self,
                       gpointer           data)
{
  ForwardedStanza *forwarded = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SchnackXmlNode) stanza = schnack_xml_node_parse (forwarded->xml, -1, &error);

  if (stanza == NULL)
    {
      g_debug ("Dropping a stanza we could not parse: %s", error->message);
      return;
    }

  if (forwarded->kind == SCHNACK_FORWARDED_PRESENCE)
    {
      g_signal_emit (self, signals[SIGNAL_PRESENCE_RECEIVED], 0, stanza);
    }
  else if (forwarded->kind == SCHNACK_FORWARDED_CHAT_SIGNAL)
    {
      g_signal_emit (self, signals[SIGNAL_CHAT_SIGNAL], 0, stanza);
    }
  else if (forwarded->kind == SCHNACK_FORWARDED_ROOM_SIGNAL)
    {
      g_signal_emit (self, signals[SIGNAL_ROOM_SIGNAL], 0, stanza);
    }
  else if (forwarded->kind == SCHNACK_FORWARDED_PUBSUB_EVENT)
    {
      SchnackXmlNode *event = schnack_xml_node_get_child (stanza, "event", NULL);
      SchnackXmlNode *items = event != NULL ? schnack_xml_node_get_child (event, "items", NULL) : NULL;
      const char *node = items != NULL ? schnack_xml_node_get_attribute (items, "node") : NULL;

      g_signal_emit (self, signals[SIGNAL_PUBSUB_EVENT],
                     node != NULL ? g_quark_from_string (node) : 0, stanza);
    }
  else
    {
      SchnackXmlNode *payload = schnack_xml_node_get_nth_child (stanza, 0);
      const char *ns = payload != NULL ? schnack_xml_node_get_xmlns (payload) : NULL;

      g_signal_emit (self, signals[SIGNAL_IQ_REQUEST],
                     ns != NULL ? g_quark_from_string (ns) : 0, stanza);
    }
}

void
schnack_connection_worker_post_stanza (SchnackConnectionWorker *worker,
                                       SchnackForwardedKind     kind,
                                       char                    *xml)
{
  ForwardedStanza *forwarded = g_new0 (ForwardedStanza, 1);

  forwarded->kind = kind;
  forwarded->xml = xml;
  schnack_connection_worker_post (worker, emit_forwarded_stanza, forwarded,
                                  (GDestroyNotify) forwarded_stanza_free);
}

gboolean
schnack_connection_worker_forwards_namespace (SchnackConnectionWorker *worker,
                                              const char              *xmlns)
{
  return g_hash_table_contains (worker->forwarded_namespaces, xmlns);
}

/* ------------------------------------------------------------------ */
/* Worker thread                                                       */
/* ------------------------------------------------------------------ */

static void start_attempt (SchnackConnectionWorker *worker);
static void try_next_address (SchnackConnectionWorker *worker);

xmpp_ctx_t *
schnack_connection_worker_get_ctx (SchnackConnectionWorker *worker)
{
  return worker->ctx;
}

xmpp_conn_t *
schnack_connection_worker_get_conn (SchnackConnectionWorker *worker)
{
  return worker->conn;
}

const char *
schnack_connection_worker_get_domain (SchnackConnectionWorker *worker)
{
  return worker->domain;
}

GMainContext *
schnack_connection_worker_get_context (SchnackConnectionWorker *worker)
{
  return worker->context;
}

/* libstrophe writes only inside run_once, and the socket may be writable
 * already (no wakeup would come): ask for a pump. */
void
schnack_connection_worker_send (SchnackConnectionWorker *worker,
                                xmpp_stanza_t           *stanza)
{
  g_assert (g_main_context_is_owner (worker->context));

  if (worker->phase != PHASE_ONLINE)
    return;
  xmpp_send (worker->conn, stanza);
  schnack_strophe_source_wake (worker->source);
}

static void
flush_soon (SchnackConnectionWorker *worker)
{
  schnack_strophe_source_wake (worker->source);
}

/* IQ requests from the owner thread travel as XML text: libstrophe
 * stanzas never leave this thread. */
typedef struct {
  guint  request;      /* the owner's number for it */
  char  *to;           /* who must answer; NULL: our server or account */
} IqRequest;

typedef struct {
  guint  request;
  char  *reply;        /* NULL: the stream went away first */
} IqReply;

static void
iq_request_free (IqRequest *request)
{
  g_free (request->to);
  g_free (request);
}

static void
iq_reply_free (IqReply *reply)
{
  g_free (reply->reply);
  g_free (reply);
}

static void deliver_iq_reply (SchnackConnection *self, gpointer data);

static void
post_iq_reply (SchnackConnectionWorker *worker,
               guint                    request,
               char                    *reply_xml)
{
  IqReply *reply = g_new0 (IqReply, 1);

  reply->request = request;
  reply->reply = reply_xml;
  schnack_connection_worker_post (worker, deliver_iq_reply, reply, (GDestroyNotify) iq_reply_free);
}

/* Only the entity we asked may answer (an id alone could be guessed). */
static gboolean
is_expected_responder (SchnackConnectionWorker *worker,
                       const IqRequest         *request,
                       const char              *from)
{
  g_autofree char *own_bare = NULL;

  if (request->to != NULL)
    return from != NULL && g_ascii_strcasecmp (from, request->to) == 0;
  if (from == NULL || g_ascii_strcasecmp (from, worker->domain) == 0)
    return TRUE;
  own_bare = schnack_jid_dup_bare (xmpp_conn_get_bound_jid (worker->conn));
  return own_bare != NULL && g_ascii_strcasecmp (from, own_bare) == 0;
}

static int
on_iq_reply (xmpp_conn_t   *conn,
             xmpp_stanza_t *stanza,
             void          *userdata)
{
  SchnackConnectionWorker *worker = userdata;
  const char *id = xmpp_stanza_get_id (stanza);
  const char *type = xmpp_stanza_get_type (stanza);
  IqRequest *request = id != NULL ? g_hash_table_lookup (worker->pending_iqs, id) : NULL;
  char *text = NULL;
  size_t length = 0;

  if (request == NULL)
    return 0;
  if (g_strcmp0 (xmpp_stanza_get_name (stanza), "iq") != 0 ||
      (g_strcmp0 (type, "result") != 0 && g_strcmp0 (type, "error") != 0) ||
      !is_expected_responder (worker, request, xmpp_stanza_get_from (stanza)))
    return 1;

  if (xmpp_stanza_to_text (stanza, &text, &length) == XMPP_EOK)
    {
      post_iq_reply (worker, request->request, g_strndup (text, length));
      xmpp_free (worker->ctx, text);
    }
  else
    {
      post_iq_reply (worker, request->request, NULL);
    }
  g_hash_table_remove (worker->pending_iqs, id);
  return 0;
}

static void
fail_pending_iqs (SchnackConnectionWorker *worker)
{
  GHashTableIter iter;
  gpointer id, request;

  g_hash_table_iter_init (&iter, worker->pending_iqs);
  while (g_hash_table_iter_next (&iter, &id, &request))
    {
      xmpp_id_handler_delete (worker->conn, on_iq_reply, id);
      post_iq_reply (worker, ((IqRequest *) request)->request, NULL);
      g_hash_table_iter_remove (&iter);
    }
}

typedef struct {
  SchnackConnectionWorker *worker;
  guint                    request;
  char                    *xml;
} IqCommand;

static void
iq_command_free (IqCommand *command)
{
  g_free (command->xml);
  g_free (command);
}

static gboolean
run_iq_command (gpointer user_data)
{
  IqCommand *command = user_data;
  SchnackConnectionWorker *worker = command->worker;
  g_autofree char *id = NULL;
  xmpp_stanza_t *stanza;
  IqRequest *request;

  if (worker->phase != PHASE_ONLINE)
    {
      post_iq_reply (worker, command->request, NULL);
      return G_SOURCE_REMOVE;
    }
  stanza = xmpp_stanza_new_from_string (worker->ctx, command->xml);
  if (stanza == NULL)
    {
      g_warning ("Could not build an IQ stanza to send");
      post_iq_reply (worker, command->request, NULL);
      return G_SOURCE_REMOVE;
    }

  {
    g_autofree char *uuid = g_uuid_string_random ();
    id = g_strdup_printf ("schnack-%s", uuid);
  }
  xmpp_stanza_set_id (stanza, id);
  request = g_new0 (IqRequest, 1);
  request->request = command->request;
  request->to = g_strdup (xmpp_stanza_get_to (stanza));
  g_hash_table_insert (worker->pending_iqs, g_strdup (id), request);
  xmpp_id_handler_add (worker->conn, on_iq_reply, id, worker);
  schnack_connection_worker_send (worker, stanza);
  xmpp_stanza_release (stanza);
  return G_SOURCE_REMOVE;
}

/* Cut the stream from under libstrophe: the next read sees EOF and the
 * usual disconnect path runs. Safe from any thread. */
void
schnack_connection_worker_abort_stream (SchnackConnectionWorker *worker)
{
  int fd = g_atomic_int_get (&worker->socket_fd);

  if (fd >= 0)
    shutdown (fd, SHUT_RDWR);
}

static void
reset_attempt_progress (SchnackConnectionWorker *worker)
{
  worker->tcp_connected = FALSE;
  worker->tls_missing = FALSE;
  worker->sasl_failed = FALSE;
  g_clear_pointer (&worker->sasl_condition, g_free);
  g_clear_pointer (&worker->sasl_text, g_free);
  worker->certificate_refused = FALSE;
  g_clear_pointer (&worker->certificate_sha256, g_free);
  g_clear_pointer (&worker->certificate_subject, g_free);
  worker->stream_resumed = FALSE;
  worker->stream_error_type = -1;
  g_clear_pointer (&worker->stream_error_text, g_free);
}

/* Pulls the first child element name and <text/> out of a logged
 * <failure xmlns='…xmpp-sasl'> reply, e.g. not-authorized. */
static void
remember_sasl_failure (SchnackConnectionWorker *worker,
                       const char              *xml)
{
  static const char *conditions[] = {
    "account-disabled", "credentials-expired", "encryption-required",
    "invalid-authzid", "invalid-mechanism", "malformed-request",
    "mechanism-too-weak", "not-authorized", "temporary-auth-failure", "aborted",
  };
  const char *text_start;

  for (guint i = 0; i < G_N_ELEMENTS (conditions); i++)
    if (strstr (xml, conditions[i]) != NULL)
      {
        schnack_set_str (&worker->sasl_condition, conditions[i]);
        break;
      }

  text_start = strstr (xml, "<text");
  if (text_start != NULL && (text_start = strchr (text_start, '>')) != NULL)
    {
      const char *text_end = strstr (text_start, "</text>");

      if (text_end != NULL && text_end - text_start < 512)
        {
          g_autofree char *raw = g_strndup (text_start + 1, text_end - text_start - 1);
          schnack_set_str (&worker->sasl_text, raw);
        }
    }
}

/* libstrophe's log is our only window on how far a login got. We match
 * the few messages of libstrophe 0.12 that mark a step and drop the rest:
 * raw traffic ("SENT:") carries the SASL exchange and is never kept. */
static void
on_strophe_log (void             *userdata,
                xmpp_log_level_t  level,
                const char       *area,
                const char       *msg)
{
  SchnackConnectionWorker *worker = userdata;

  if (g_str_equal (area, "conn"))
    return;

  if (g_str_has_prefix (msg, "RECV: "))
    {
      if (worker->phase != PHASE_ONLINE &&
          g_str_has_prefix (msg, "RECV: <failure") &&
          strstr (msg, "urn:ietf:params:xml:ns:xmpp-sasl") != NULL)
        remember_sasl_failure (worker, msg);
      return;
    }

  if (g_str_equal (msg, "connection successful"))
    worker->tcp_connected = TRUE;
  else if (g_str_has_prefix (msg, "TLS is not supported, but set as mandatory"))
    worker->tls_missing = TRUE;
  else if (g_str_has_prefix (msg, "SASL ") && g_str_has_suffix (msg, " auth failed"))
    worker->sasl_failed = TRUE;
  else if (g_str_equal (msg, "Session resumed successfully."))
    worker->stream_resumed = TRUE;
  else if (level >= XMPP_LEVEL_WARN)
    g_debug ("libstrophe %s: %s", area, msg);
}

static int
on_socket_created (xmpp_conn_t *conn,
                   void        *sock)
{
  SchnackConnectionWorker *worker = current_worker;
  int fd = *(int *) sock;

  g_assert (worker != NULL && worker->conn == conn);

  g_atomic_int_set (&worker->socket_fd, fd);
  schnack_strophe_source_set_socket (worker->source, fd);
  /* Kernel-level keepalive costs the process no wakeups. */
  return xmpp_sockopt_cb_keepalive (conn, sock);
}

static int
on_certificate_failed (const xmpp_tlscert_t *cert,
                       const char *const     errormsg)
{
  SchnackConnectionWorker *worker = current_worker;
  const char *sha256 = xmpp_tlscert_get_string (cert, XMPP_CERT_FINGERPRINT_SHA256);
  const char *pinned = worker->settings->pinned_sha256;

  if (sha256 != NULL && pinned != NULL && g_ascii_strcasecmp (sha256, pinned) == 0)
    return 1;

  /* Called once per verification error: keep the first report. */
  if (!worker->certificate_refused)
    {
      worker->certificate_refused = TRUE;
      schnack_set_str (&worker->certificate_sha256, sha256);
      schnack_set_str (&worker->certificate_subject,
                 xmpp_tlscert_get_string (cert, XMPP_CERT_SUBJECT));
      g_debug ("Refused certificate for %s: %s", worker->domain, errormsg);
    }
  return 0;
}

static void
cancel_retry (SchnackConnectionWorker *worker)
{
  if (worker->retry_source != NULL)
    {
      g_source_destroy (worker->retry_source);
      g_clear_pointer (&worker->retry_source, g_source_unref);
    }
}

static gboolean
on_retry_timeout (gpointer user_data)
{
  SchnackConnectionWorker *worker = user_data;

  g_clear_pointer (&worker->retry_source, g_source_unref);
  if (worker->want_online && worker->phase == PHASE_WAITING_TO_RETRY)
    start_attempt (worker);
  return G_SOURCE_REMOVE;
}

static void
fail_attempt (SchnackConnectionWorker *worker,
              GError                  *failure,
              gboolean                 retry)
{
  gint64 next_retry = 0;

  g_clear_pointer (&worker->addresses, g_ptr_array_unref);
  cancel_retry (worker);

  /* A registration stream is a one-off: the user retries from the form. */
  if (worker->raw)
    retry = FALSE;

  if (retry && worker->want_online)
    {
      guint delay_ms = schnack_backoff_delay_ms (worker->failed_attempts, g_random_double ());

      worker->failed_attempts++;
      worker->phase = PHASE_WAITING_TO_RETRY;
      next_retry = g_get_real_time () + (gint64) delay_ms * 1000;
      worker->retry_source = g_timeout_source_new (delay_ms);
      g_source_set_callback (worker->retry_source, on_retry_timeout, worker, NULL);
      g_source_set_static_name (worker->retry_source, "[schnack] reconnect");
      g_source_attach (worker->retry_source, worker->context);
    }
  else
    {
      worker->phase = PHASE_IDLE;
    }

  post_state (worker, SCHNACK_CONNECTION_FAILED, failure, next_retry);
}

static GError *
describe_stream_error (SchnackConnectionWorker *worker)
{
  if (worker->stream_error_type == XMPP_SE_CONFLICT)
    return g_error_new (SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_CONFLICT,
                        _("Another program signed in to %s with the same resource name."),
                        worker->settings->jid);
  if (worker->stream_error_type == XMPP_SE_HOST_UNKNOWN)
    return g_error_new (SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_SERVER_NOT_FOUND,
                        _("The server does not host accounts for %s."), worker->domain);
  if (worker->stream_error_text != NULL)
    return g_error_new (SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_PROTOCOL,
                        _("The server closed the connection: %s"), worker->stream_error_text);
  return NULL;
}

static void
handle_disconnect (SchnackConnectionWorker *worker)
{
  AttemptPhase phase = worker->phase;
  g_autoptr(GError) stream_error = describe_stream_error (worker);

  if (worker->shutting_down)
    return;

  schnack_ping_stop (worker->ping);
  fail_pending_iqs (worker);

  if (!worker->want_online)
    {
      worker->phase = PHASE_IDLE;
      post_state (worker, SCHNACK_CONNECTION_OFFLINE, NULL, 0);
      return;
    }

  if (phase == PHASE_ONLINE)
    {
      /* A drop after login: retry soon, and resume the stream if we can. */
      worker->failed_attempts = 0;
      if (stream_error == NULL)
        stream_error = g_error_new_literal (SCHNACK_CONNECTION_ERROR,
                                            SCHNACK_CONNECTION_ERROR_CONNECTION_LOST,
                                            _("The connection to the server was lost. Reconnecting…"));
      fail_attempt (worker, g_steal_pointer (&stream_error), TRUE);
      return;
    }

  if (worker->certificate_refused)
    {
      fail_attempt (worker,
                    g_error_new (SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_CERTIFICATE,
                                 _("The server’s certificate for %s is not trusted. "
                                   "Someone may be listening in, or the server is set up wrongly. "
                                   "Only trust it if you know its fingerprint is right."),
                                 worker->domain),
                    FALSE);
      return;
    }

  if (worker->tls_missing)
    {
      fail_attempt (worker,
                    g_error_new (SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_NO_TLS,
                                 _("The server %s does not offer an encrypted connection, "
                                   "so Schnack will not send your password to it."),
                                 worker->domain),
                    FALSE);
      return;
    }

  if (worker->sasl_failed)
    {
      GError *failure;

      if (g_strcmp0 (worker->sasl_condition, "account-disabled") == 0)
        failure = g_error_new (SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_AUTHENTICATION,
                               _("The account %s has been disabled by the server."),
                               worker->settings->jid);
      else if (g_strcmp0 (worker->sasl_condition, "temporary-auth-failure") == 0)
        failure = g_error_new (SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_PROTOCOL,
                               _("The server could not check your password right now. Try again later."));
      else if (worker->sasl_text != NULL)
        failure = g_error_new (SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_AUTHENTICATION,
                               _("Wrong password, or the account %s does not exist. The server said: %s"),
                               worker->settings->jid, worker->sasl_text);
      else
        failure = g_error_new (SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_AUTHENTICATION,
                               _("Wrong password, or the account %s does not exist on this server."),
                               worker->settings->jid);
      fail_attempt (worker, failure,
                    g_strcmp0 (worker->sasl_condition, "temporary-auth-failure") == 0);
      return;
    }

  if (!worker->tcp_connected || !xmpp_conn_is_secured (worker->conn))
    {
      gboolean tls_failed = worker->tcp_connected;

      /* Try the server's other addresses before giving up. */
      if (worker->addresses != NULL && worker->next_address < worker->addresses->len)
        {
          reset_attempt_progress (worker);
          try_next_address (worker);
          return;
        }
      if (stream_error != NULL)
        fail_attempt (worker, g_steal_pointer (&stream_error), TRUE);
      else if (tls_failed)
        fail_attempt (worker,
                      g_error_new (SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_TLS,
                                   _("A secure connection to %s could not be set up."),
                                   worker->domain),
                      TRUE);
      else
        fail_attempt (worker,
                      g_error_new (SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_UNREACHABLE,
                                   _("The server %s cannot be reached. Check your internet "
                                     "connection; Schnack will keep trying."),
                                   worker->domain),
                      TRUE);
      return;
    }

  if (stream_error == NULL)
    stream_error = g_error_new (SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_PROTOCOL,
                                _("The server %s ended the connection during sign-in."),
                                worker->domain);
  fail_attempt (worker, g_steal_pointer (&stream_error), TRUE);
}

static gboolean
handle_disconnect_idle (gpointer user_data)
{
  handle_disconnect (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_connection_event (xmpp_conn_t         *conn,
                     xmpp_conn_event_t    event,
                     int                  error,
                     xmpp_stream_error_t *stream_error,
                     void                *userdata)
{
  SchnackConnectionWorker *worker = userdata;

  if (event == XMPP_CONN_RAW_CONNECT)
    {
      /* Registration: we run the stream ourselves (features.c style). */
      if (worker->settings->direct_tls && xmpp_conn_tls_start (conn) != XMPP_EOK)
        {
          xmpp_disconnect (conn);
          return;
        }
      xmpp_conn_open_stream_default (conn);
      return;
    }

  if (event == XMPP_CONN_CONNECT && worker->raw)
    return;  /* a raw stream was opened; its <features/> decide */

  if (event == XMPP_CONN_CONNECT)
    {
      gboolean resumed = worker->stream_resumed;

      worker->phase = PHASE_ONLINE;
      worker->failed_attempts = 0;
      g_clear_pointer (&worker->addresses, g_ptr_array_unref);
      schnack_strophe_source_set_ticking (worker->source, FALSE);
      if (!resumed)
        schnack_presence_send_initial (worker);
      schnack_ping_start (worker->ping, worker->settings->keepalive_seconds);
      g_clear_pointer (&worker->stream_features, g_free);
      post_state (worker, SCHNACK_CONNECTION_ONLINE, NULL, 0);
      return;
    }

  if (event != XMPP_CONN_DISCONNECT)
    return;

  if (stream_error != NULL)
    {
      worker->stream_error_type = stream_error->type;
      schnack_set_str (&worker->stream_error_text, stream_error->text);
    }

  /* libstrophe already closed the socket: stop polling it before the next
   * poll, and never reconnect from inside its own callback. */
  g_atomic_int_set (&worker->socket_fd, -1);
  schnack_strophe_source_drop_socket (worker->source);
  schnack_strophe_source_set_ticking (worker->source, FALSE);
  g_main_context_invoke (worker->context, handle_disconnect_idle, worker);
}

static int
on_tls_proceed (xmpp_conn_t   *conn,
                xmpp_stanza_t *stanza,
                void          *userdata)
{
  if (g_strcmp0 (xmpp_stanza_get_name (stanza), "proceed") != 0 ||
      xmpp_conn_tls_start (conn) != XMPP_EOK)
    {
      xmpp_disconnect (conn);
      return 0;
    }
  xmpp_conn_open_stream_default (conn);
  return 0;
}

/* Raw (registration) streams only: STARTTLS by hand, then we are
 * "online" on a secured, unauthenticated stream. */
static int
on_raw_stream_features (xmpp_conn_t   *conn,
                        xmpp_stanza_t *stanza,
                        void          *userdata)
{
  SchnackConnectionWorker *worker = userdata;
  char *text = NULL;
  size_t length = 0;

  if (!xmpp_conn_is_secured (conn))
    {
      if (xmpp_stanza_get_child_by_name_and_ns (stanza, "starttls", NS_TLS) == NULL)
        {
          worker->tls_missing = TRUE;
          xmpp_disconnect (conn);
          return 1;
        }
      xmpp_handler_add (conn, on_tls_proceed, NS_TLS, NULL, NULL, worker);
      xmpp_send_raw_string (conn, "<starttls xmlns='%s'/>", NS_TLS);
      return 1;
    }

  g_clear_pointer (&worker->stream_features, g_free);
  if (xmpp_stanza_to_text (stanza, &text, &length) == XMPP_EOK)
    {
      worker->stream_features = g_strndup (text, length);
      xmpp_free (worker->ctx, text);
    }
  worker->phase = PHASE_ONLINE;
  schnack_strophe_source_set_ticking (worker->source, FALSE);
  post_state (worker, SCHNACK_CONNECTION_ONLINE, NULL, 0);
  return 1;
}

static void
try_next_address (SchnackConnectionWorker *worker)
{
  SchnackServerAddress *address = g_ptr_array_index (worker->addresses, worker->next_address);
  ConnectSettings *settings = worker->settings;
  g_autofree char *full_jid = g_strdup_printf ("%s/%s", settings->jid, settings->resource);
  long flags = XMPP_CONN_FLAG_MANDATORY_TLS;
  int status;

  worker->next_address++;
  worker->phase = PHASE_CONNECTING;

  if (settings->direct_tls && !worker->raw)
    flags |= XMPP_CONN_FLAG_LEGACY_SSL;
  xmpp_conn_set_flags (worker->conn, flags);
  xmpp_conn_set_jid (worker->conn, full_jid);
  xmpp_conn_set_pass (worker->conn, settings->password ? settings->password : "");
  if (settings->ca_file != NULL)
    xmpp_conn_set_cafile (worker->conn, settings->ca_file);

  if (worker->raw)
    status = xmpp_connect_raw (worker->conn, address->ip, address->port,
                               on_connection_event, worker);
  else
    status = xmpp_connect_client (worker->conn, address->ip, address->port,
                                  on_connection_event, worker);
  if (status != XMPP_EOK)
    {
      /* The socket could not even be created: count it as unreachable. */
      g_main_context_invoke (worker->context, handle_disconnect_idle, worker);
      return;
    }

  schnack_strophe_source_set_ticking (worker->source, TRUE);
  flush_soon (worker);
}

static void
on_addresses_resolved (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  SchnackConnectionWorker *worker = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) addresses = schnack_server_address_resolve_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&worker->resolve_cancellable);

  if (addresses == NULL)
    {
      fail_attempt (worker,
                    g_error_new (SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_SERVER_NOT_FOUND,
                                 _("The server %s was not found. Check the spelling of the "
                                   "address and your internet connection."),
                                 worker->domain),
                    TRUE);
      return;
    }

  worker->addresses = g_steal_pointer (&addresses);
  worker->next_address = 0;
  try_next_address (worker);
}

static void
start_attempt (SchnackConnectionWorker *worker)
{
  ConnectSettings *settings = worker->settings;

  cancel_retry (worker);
  reset_attempt_progress (worker);
  worker->phase = PHASE_RESOLVING;
  post_state (worker, SCHNACK_CONNECTION_CONNECTING, NULL, 0);

  g_clear_object (&worker->resolve_cancellable);
  worker->resolve_cancellable = g_cancellable_new ();
  schnack_server_address_resolve_async (worker->domain, settings->host, settings->port,
                                        settings->direct_tls, worker->resolve_cancellable,
                                        on_addresses_resolved, worker);
}

static gpointer
worker_thread_main (gpointer user_data)
{
  SchnackConnectionWorker *worker = user_data;
  xmpp_log_t log = { on_strophe_log, worker };

  current_worker = worker;
  g_main_context_push_thread_default (worker->context);

  worker->ctx = xmpp_ctx_new (NULL, &log);
  worker->conn = xmpp_conn_new (worker->ctx);
  xmpp_conn_set_sockopt_callback (worker->conn, on_socket_created);
  xmpp_conn_set_certfail_handler (worker->conn, on_certificate_failed);
  worker->source = schnack_strophe_source_new (worker->ctx, worker->conn);
  g_source_attach (worker->source, worker->context);
  worker->ping = schnack_ping_new (worker);
  if (worker->raw)
    {
      xmpp_handler_add (worker->conn, on_raw_stream_features, NS_STREAMS, "features", NULL, worker);
    }
  else
    {
      schnack_message_module_attach (worker);
      schnack_stanza_forward_attach (worker);
    }

  g_main_loop_run (worker->loop);

  /* Shutting down: close the stream politely if we can, then free
   * everything libstrophe owns on this thread. */
  cancel_retry (worker);
  if (worker->resolve_cancellable != NULL)
    g_cancellable_cancel (worker->resolve_cancellable);
  if (!xmpp_conn_is_disconnected (worker->conn))
    {
      xmpp_disconnect (worker->conn);
      for (int i = 0; i < 8 && !xmpp_conn_is_disconnected (worker->conn); i++)
        xmpp_run_once (worker->ctx, 50);
    }
  fail_pending_iqs (worker);
  g_clear_pointer (&worker->ping, schnack_ping_free);
  /* Releasing a connection that is still up fires its disconnect
   * handler, which needs the source: release first. */
  xmpp_conn_release (worker->conn);
  g_source_destroy (worker->source);
  g_clear_pointer (&worker->source, g_source_unref);
  xmpp_ctx_free (worker->ctx);
  worker->conn = NULL;
  worker->ctx = NULL;

  /* Let cancelled resolver callbacks run so they drop their references. */
  while (g_main_context_iteration (worker->context, FALSE))
    ;

  g_main_context_pop_thread_default (worker->context);
  current_worker = NULL;
  return NULL;
}

static SchnackConnectionWorker *
worker_new (SchnackConnection *owner,
            const char        *domain,
            gboolean           raw)
{
  SchnackConnectionWorker *worker = g_new0 (SchnackConnectionWorker, 1);
  g_autofree char *thread_name = g_strdup_printf ("xmpp %s", domain);

  ensure_libstrophe_initialized ();
  worker->context = g_main_context_new ();
  worker->loop = g_main_loop_new (worker->context, FALSE);
  worker->owner_context = g_main_context_ref_thread_default ();
  worker->posted = post_queue_new (worker->owner_context);
  worker->owner = g_atomic_rc_box_new0 (GWeakRef);
  g_weak_ref_init (worker->owner, owner);
  worker->domain = g_strdup (domain);
  worker->socket_fd = -1;
  worker->stream_error_type = -1;
  worker->raw = raw;
  worker->pending_iqs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) iq_request_free);
  worker->forwarded_namespaces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  worker->thread = g_thread_new (thread_name, worker_thread_main, worker);
  return worker;
}

static gboolean
quit_worker_loop (gpointer user_data)
{
  SchnackConnectionWorker *worker = user_data;

  worker->shutting_down = TRUE;
  g_main_loop_quit (worker->loop);
  return G_SOURCE_REMOVE;
}

static void
worker_free (SchnackConnectionWorker *worker)
{
  /* A handshake blocked on a silent server would hold the join. */
  schnack_connection_worker_abort_stream (worker);
  g_main_context_invoke (worker->context, quit_worker_loop, worker);
  g_thread_join (worker->thread);

  reset_attempt_progress (worker);
  connect_settings_free (worker->settings);
  g_clear_pointer (&worker->addresses, g_ptr_array_unref);
  g_clear_object (&worker->resolve_cancellable);
  g_clear_error (&worker->last_unreachable_error);
  g_hash_table_unref (worker->pending_iqs);
  g_hash_table_unref (worker->forwarded_namespaces);
  g_free (worker->stream_features);
  g_main_loop_unref (worker->loop);
  g_main_context_unref (worker->context);
  g_main_context_unref (worker->owner_context);
  post_queue_release (worker->posted);
  g_atomic_rc_box_release_full (worker->owner, (GDestroyNotify) g_weak_ref_clear);
  g_free (worker->domain);
  g_free (worker);
}

/* Commands, run on the worker thread. */

typedef struct {
  SchnackConnectionWorker *worker;
  ConnectSettings         *settings;
} ConnectCommand;

static gboolean
run_connect_command (gpointer user_data)
{
  ConnectCommand *command = user_data;
  SchnackConnectionWorker *worker = command->worker;

  connect_settings_free (worker->settings);
  worker->settings = g_steal_pointer (&command->settings);
  worker->want_online = TRUE;

  if (worker->phase == PHASE_IDLE || worker->phase == PHASE_WAITING_TO_RETRY)
    {
      worker->failed_attempts = 0;
      start_attempt (worker);
    }
  return G_SOURCE_REMOVE;
}

static void
connect_command_free (gpointer user_data)
{
  ConnectCommand *command = user_data;

  connect_settings_free (command->settings);
  g_free (command);
}

static gboolean
run_disconnect_command (gpointer user_data)
{
  SchnackConnectionWorker *worker = user_data;

  worker->want_online = FALSE;
  cancel_retry (worker);
  if (worker->resolve_cancellable != NULL)
    g_cancellable_cancel (worker->resolve_cancellable);
  g_clear_object (&worker->resolve_cancellable);

  if (worker->phase == PHASE_ONLINE || worker->phase == PHASE_CONNECTING)
    {
      /* handle_disconnect() reports OFFLINE once the stream is closed. */
      schnack_strophe_source_set_ticking (worker->source, TRUE);
      xmpp_disconnect (worker->conn);
      flush_soon (worker);
      return G_SOURCE_REMOVE;
    }

  worker->phase = PHASE_IDLE;
  post_state (worker, SCHNACK_CONNECTION_OFFLINE, NULL, 0);
  return G_SOURCE_REMOVE;
}

static gboolean
run_retry_now_command (gpointer user_data)
{
  SchnackConnectionWorker *worker = user_data;

  if (!worker->want_online)
    return G_SOURCE_REMOVE;

  if (worker->phase == PHASE_WAITING_TO_RETRY)
    {
      worker->failed_attempts = 0;
      start_attempt (worker);
    }
  else if (worker->phase == PHASE_ONLINE)
    {
      /* After a resume from suspend the stream may be dead without a
       * word: find out now rather than at the next keepalive. */
      schnack_ping_check_now (worker->ping);
    }
  return G_SOURCE_REMOVE;
}

typedef struct {
  SchnackConnectionWorker *worker;
  SchnackOutgoingMessage  *message;
} SendCommand;

static gboolean
run_send_command (gpointer user_data)
{
  SendCommand *command = user_data;

  schnack_message_module_send (command->worker, command->message);
  flush_soon (command->worker);
  return G_SOURCE_REMOVE;
}

static void
send_command_free (gpointer user_data)
{
  SendCommand *command = user_data;

  schnack_outgoing_message_free (command->message);
  g_free (command);
}

/* ------------------------------------------------------------------ */
/* SchnackConnection (owner thread)                                    */
/* ------------------------------------------------------------------ */

static void
fail_iq_task (gpointer task)
{
  g_task_return_new_error (task, SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_CONNECTION_LOST,
                           _("The connection to the server was lost before it answered."));
}

static void
schnack_connection_dispose (GObject *object)
{
  SchnackConnection *self = SCHNACK_CONNECTION (object);

  if (self->iq_tasks != NULL)
    {
      g_autoptr(GList) tasks = g_hash_table_get_values (self->iq_tasks);

      g_hash_table_steal_all (self->iq_tasks);
      for (GList *l = tasks; l != NULL; l = l->next)
        {
          fail_iq_task (l->data);
          g_object_unref (l->data);
        }
      g_clear_pointer (&self->iq_tasks, g_hash_table_unref);
    }

  g_clear_handle_id (&self->login_watchdog, g_source_remove);
  g_clear_signal_handler (&self->wake_handler, self->network_watch);
  g_clear_object (&self->network_watch);
  g_clear_pointer (&self->worker, worker_free);

  G_OBJECT_CLASS (schnack_connection_parent_class)->dispose (object);
}

static void
schnack_connection_finalize (GObject *object)
{
  SchnackConnection *self = SCHNACK_CONNECTION (object);

  g_free (self->jid);
  secure_free_string (self->password);
  g_free (self->resource);
  g_free (self->host);
  g_free (self->pinned_sha256);
  g_free (self->ca_file);
  g_free (self->status_message);
  g_clear_error (&self->failure);
  g_free (self->certificate_sha256);
  g_free (self->certificate_subject);
  g_free (self->bound_jid);
  g_clear_pointer (&self->stream_features, schnack_xml_node_unref);

  G_OBJECT_CLASS (schnack_connection_parent_class)->finalize (object);
}

static void
schnack_connection_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SchnackConnection *self = SCHNACK_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_JID:
      g_value_set_string (value, self->jid);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_FAILURE_MESSAGE:
      g_value_set_string (value, schnack_connection_get_failure_message (self));
      break;
    case PROP_CERTIFICATE_SHA256:
      g_value_set_string (value, self->certificate_sha256);
      break;
    case PROP_CERTIFICATE_SUBJECT:
      g_value_set_string (value, self->certificate_subject);
      break;
    case PROP_BOUND_JID:
      g_value_set_string (value, self->bound_jid);
      break;
    case PROP_NEXT_RETRY:
      g_value_set_int64 (value, self->next_retry);
      break;
    case PROP_RESUMED:
      g_value_set_boolean (value, self->resumed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
schnack_connection_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SchnackConnection *self = SCHNACK_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_JID:
      self->jid = g_value_dup_string (value);
      break;
    case PROP_REGISTRATION_STREAM:
      self->raw = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
on_network_wake (SchnackConnection *self)
{
  schnack_connection_retry_now (self);
}

static void
schnack_connection_constructed (GObject *object)
{
  SchnackConnection *self = SCHNACK_CONNECTION (object);
  const char *at = strchr (self->jid, '@');
  const char *domain = at != NULL ? at + 1 : self->jid;

  G_OBJECT_CLASS (schnack_connection_parent_class)->constructed (object);

  self->worker = worker_new (self, domain, self->raw);
  self->network_watch = schnack_network_watch_get_default ();
  self->wake_handler = g_signal_connect_swapped (self->network_watch, "wake",
                                                 G_CALLBACK (on_network_wake), self);
  if (!self->raw)
    schnack_disco_responder_attach (self);
}

static void
schnack_connection_class_init (SchnackConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = schnack_connection_constructed;
  object_class->dispose = schnack_connection_dispose;
  object_class->finalize = schnack_connection_finalize;
  object_class->get_property = schnack_connection_get_property;
  object_class->set_property = schnack_connection_set_property;

  properties[PROP_JID] =
    g_param_spec_string ("jid", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * SchnackConnection:registration-stream:
   * Open a secured stream without signing in (for XEP-0077 registration):
   * "online" means TLS is up and #SchnackConnection:stream-features is
   * known. It never reconnects by itself.
   */
  properties[PROP_REGISTRATION_STREAM] =
    g_param_spec_boolean ("registration-stream", NULL, NULL, FALSE,
                          G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       SCHNACK_TYPE_CONNECTION_STATE, SCHNACK_CONNECTION_OFFLINE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FAILURE_MESSAGE] =
    g_param_spec_string ("failure-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CERTIFICATE_SHA256] =
    g_param_spec_string ("certificate-sha256", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CERTIFICATE_SUBJECT] =
    g_param_spec_string ("certificate-subject", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BOUND_JID] =
    g_param_spec_string ("bound-jid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEXT_RETRY] =
    g_param_spec_int64 ("next-retry", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SchnackConnection:resumed:
   * The current session is a resumed XEP-0198 stream: the server kept our
   * presence and delivered what arrived during the gap, so nothing needs
   * to be announced or caught up again.
   */
  properties[PROP_RESUMED] =
    g_param_spec_boolean ("resumed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SchnackConnection::presence-received:
   * @stanza: the <presence/> as it arrived
   */
  signals[SIGNAL_PRESENCE_RECEIVED] =
    g_signal_new ("presence-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  SCHNACK_TYPE_XML_NODE | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * SchnackConnection::iq-request:
   * @stanza: an <iq type="get|set"/> whose payload namespace was
   *   registered with schnack_connection_forward_iq_namespace(); the
   *   signal detail is that namespace. The handler must answer it.
   */
  signals[SIGNAL_IQ_REQUEST] =
    g_signal_new ("iq-request", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  SCHNACK_TYPE_XML_NODE | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * SchnackConnection::chat-signal:
   * @stanza: a <message/> without body carrying a delivery receipt
   *   (XEP-0184) or a chat state (XEP-0085)
   */
  signals[SIGNAL_CHAT_SIGNAL] =
    g_signal_new ("chat-signal", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  SCHNACK_TYPE_XML_NODE | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * SchnackConnection::room-signal:
   * @stanza: a <message/> about group chats that is not a chat message:
   *   a room's subject, a room's notice without body, or an invitation
   *   (XEP-0249 or XEP-0045 mediated) — these never reach
   *   #SchnackConnection::message-received
   */
  signals[SIGNAL_ROOM_SIGNAL] =
    g_signal_new ("room-signal", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  SCHNACK_TYPE_XML_NODE | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * SchnackConnection::pubsub-event:
   * @stanza: a <message/> carrying a pubsub#event; the signal detail is
   *   the node (e.g. "urn:xmpp:avatar:metadata")
   */
  signals[SIGNAL_PUBSUB_EVENT] =
    g_signal_new ("pubsub-event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  SCHNACK_TYPE_XML_NODE | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * SchnackConnection::message-received:
   * A message with a body arrived. Emitted on the thread that made the
   * connection.
   */
  signals[SIGNAL_MESSAGE_RECEIVED] =
    g_signal_new ("message-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  SCHNACK_TYPE_INCOMING_MESSAGE | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
schnack_connection_init (SchnackConnection *self)
{
  self->iq_tasks = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->resource = g_strdup (DEFAULT_RESOURCE);
  self->keepalive_seconds = DEFAULT_KEEPALIVE_SECONDS;
  self->show = SCHNACK_SHOW_AVAILABLE;
}

/**
 * schnack_connection_new:
 * @jid: the account's bare Jabber ID
 */
SchnackConnection *
schnack_connection_new (const char *jid)
{
  g_return_val_if_fail (jid != NULL && *jid != '\0', NULL);

  return g_object_new (SCHNACK_TYPE_CONNECTION, "jid", jid, NULL);
}

const char *
schnack_connection_get_jid (SchnackConnection *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONNECTION (self), NULL);
  return self->jid;
}

const char *
schnack_connection_get_bound_jid (SchnackConnection *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONNECTION (self), NULL);
  return self->bound_jid;
}

SchnackConnectionState
schnack_connection_get_state (SchnackConnection *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONNECTION (self), SCHNACK_CONNECTION_OFFLINE);
  return self->state;
}

const GError *
schnack_connection_get_failure (SchnackConnection *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONNECTION (self), NULL);
  return self->failure;
}

const char *
schnack_connection_get_failure_message (SchnackConnection *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONNECTION (self), NULL);
  return self->failure != NULL ? self->failure->message : NULL;
}

const char *
schnack_connection_get_certificate_sha256 (SchnackConnection *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONNECTION (self), NULL);
  return self->certificate_sha256;
}

const char *
schnack_connection_get_certificate_subject (SchnackConnection *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONNECTION (self), NULL);
  return self->certificate_subject;
}

gboolean
schnack_connection_get_resumed (SchnackConnection *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONNECTION (self), FALSE);
  return self->resumed;
}

gint64
schnack_connection_get_next_retry (SchnackConnection *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONNECTION (self), 0);
  return self->next_retry;
}

void
schnack_connection_set_password (SchnackConnection *self,
                                 const char        *password)
{
  g_return_if_fail (SCHNACK_IS_CONNECTION (self));

  secure_free_string (self->password);
  self->password = g_strdup (password);
}

void
schnack_connection_set_resource (SchnackConnection *self,
                                 const char        *resource)
{
  g_return_if_fail (SCHNACK_IS_CONNECTION (self));

  schnack_set_str (&self->resource, resource != NULL && *resource != '\0' ? resource : DEFAULT_RESOURCE);
}

/**
 * schnack_connection_set_server:
 * @host: (nullable): connect here instead of looking up the JID's domain
 * @port: 0 for the default port
 * @direct_tls: TLS from the first byte (XEP-0368) instead of STARTTLS
 */
void
schnack_connection_set_server (SchnackConnection *self,
                               const char        *host,
                               guint16            port,
                               gboolean           direct_tls)
{
  g_return_if_fail (SCHNACK_IS_CONNECTION (self));

  schnack_set_str (&self->host, host != NULL && *host != '\0' ? host : NULL);
  self->port = port;
  self->direct_tls = direct_tls;
}

const char *
schnack_connection_get_pinned_certificate (SchnackConnection *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONNECTION (self), NULL);
  return self->pinned_sha256;
}

/**
 * schnack_connection_set_pinned_certificate:
 * @sha256_hex: (nullable): the SHA-256 fingerprint of the one certificate
 *   to accept although it does not verify, as hex (colons allowed)
 */
void
schnack_connection_set_pinned_certificate (SchnackConnection *self,
                                           const char        *sha256_hex)
{
  g_autoptr(GString) normalized = NULL;

  g_return_if_fail (SCHNACK_IS_CONNECTION (self));

  if (sha256_hex != NULL)
    {
      normalized = g_string_new (NULL);
      for (const char *p = sha256_hex; *p; p++)
        if (g_ascii_isxdigit (*p))
          g_string_append_c (normalized, g_ascii_tolower (*p));
    }
  schnack_set_str (&self->pinned_sha256, normalized != NULL ? normalized->str : NULL);
}

/**
 * schnack_connection_set_ca_file:
 * @ca_file: (nullable): extra trusted CA certificates (PEM), besides the
 *   system's
 */
void
schnack_connection_set_ca_file (SchnackConnection *self,
                                const char        *ca_file)
{
  g_return_if_fail (SCHNACK_IS_CONNECTION (self));
  schnack_set_str (&self->ca_file, ca_file);
}

/**
 * schnack_connection_set_priority:
 * @priority: -128…127; which of the user's devices gets messages sent to
 *   the bare JID first (RFC 6121 §4.7.2.3). Applies at the next connect.
 */
void
schnack_connection_set_priority (SchnackConnection *self,
                                 int                priority)
{
  g_return_if_fail (SCHNACK_IS_CONNECTION (self));
  self->priority = CLAMP (priority, -128, 127);
}

const char *
schnack_connection_worker_get_initial_presence (SchnackConnectionWorker *worker)
{
  return worker->settings != NULL ? worker->settings->initial_presence : NULL;
}

/**
 * schnack_connection_set_presence:
 * @show: available, away, … (not offline: use disconnect for that)
 * @status: (nullable): a status message
 *
 * Our availability: sent now if online, and after every new login.
 */
void
schnack_connection_set_presence (SchnackConnection   *self,
                                 SchnackPresenceShow  show,
                                 const char          *status)
{
  g_autoptr(SchnackXmlNode) presence = NULL;

  g_return_if_fail (SCHNACK_IS_CONNECTION (self));
  g_return_if_fail (show != SCHNACK_SHOW_OFFLINE);

  self->show = show;
  schnack_set_str (&self->status_message, status);
  if (self->state != SCHNACK_CONNECTION_ONLINE)
    return;
  presence = schnack_presence_build (self->show, self->status_message, self->priority);
  schnack_connection_send_stanza (self, presence);
}

/* Our chosen availability (kept while offline, sent at the next login). */
SchnackPresenceShow
schnack_connection_get_show (SchnackConnection *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONNECTION (self), SCHNACK_SHOW_AVAILABLE);
  return self->show;
}

void
schnack_connection_set_keepalive_interval (SchnackConnection *self,
                                           guint              seconds)
{
  g_return_if_fail (SCHNACK_IS_CONNECTION (self));
  self->keepalive_seconds = MAX (seconds, 1);
}

/**
 * schnack_connection_connect:
 *
 * Starts signing in with the current settings and keeps the connection
 * up (reconnecting by itself) until schnack_connection_disconnect().
 * Settings changed later take effect at the next connect.
 */
void
schnack_connection_connect (SchnackConnection *self)
{
  ConnectCommand *command;
  ConnectSettings *settings;

  g_return_if_fail (SCHNACK_IS_CONNECTION (self));

  settings = g_new0 (ConnectSettings, 1);
  settings->jid = g_strdup (self->jid);
  settings->password = g_strdup (self->password);
  settings->resource = g_strdup (self->resource);
  settings->host = g_strdup (self->host);
  settings->port = self->port;
  settings->direct_tls = self->direct_tls;
  settings->pinned_sha256 = g_strdup (self->pinned_sha256);
  settings->ca_file = g_strdup (self->ca_file);
  settings->keepalive_seconds = self->keepalive_seconds;
  {
    g_autoptr(SchnackXmlNode) presence = schnack_presence_build (self->show, self->status_message,
                                                                 self->priority);
    settings->initial_presence = schnack_xml_node_to_string (presence);
  }

  command = g_new0 (ConnectCommand, 1);
  command->worker = self->worker;
  command->settings = settings;
  g_main_context_invoke_full (self->worker->context, G_PRIORITY_DEFAULT,
                              run_connect_command, command, connect_command_free);
}

void
schnack_connection_disconnect (SchnackConnection *self)
{
  g_return_if_fail (SCHNACK_IS_CONNECTION (self));

  g_main_context_invoke (self->worker->context, run_disconnect_command, self->worker);
}

/**
 * schnack_connection_retry_now:
 *
 * The network is back or the machine woke up: if a reconnect is
 * waiting, do it now; if online, check that the stream is still alive.
 */
void
schnack_connection_retry_now (SchnackConnection *self)
{
  g_return_if_fail (SCHNACK_IS_CONNECTION (self));

  g_main_context_invoke (self->worker->context, run_retry_now_command, self->worker);
}

void
schnack_connection_send_message (SchnackConnection            *self,
                                 const SchnackOutgoingMessage *message)
{
  SendCommand *command;

  g_return_if_fail (SCHNACK_IS_CONNECTION (self));
  g_return_if_fail (message != NULL && message->to != NULL);

  command = g_new0 (SendCommand, 1);
  command->worker = self->worker;
  command->message = schnack_outgoing_message_copy (message);
  g_main_context_invoke_full (self->worker->context, G_PRIORITY_DEFAULT,
                              run_send_command, command, send_command_free);
}

/**
 * schnack_connection_new_for_registration:
 * @domain: the server to create an account on
 *
 * A connection that only opens a secured stream, for
 * schnack_connection_send_iq_async() with jabber:iq:register.
 */
SchnackConnection *
schnack_connection_new_for_registration (const char *domain)
{
  g_return_val_if_fail (domain != NULL && *domain != '\0', NULL);

  return g_object_new (SCHNACK_TYPE_CONNECTION, "jid", domain, "registration-stream", TRUE, NULL);
}

/**
 * schnack_connection_get_stream_features:
 *
 * Returns: (transfer none) (nullable): the <stream:features/> of a
 *   registration stream once it is online
 */
SchnackXmlNode *
schnack_connection_get_stream_features (SchnackConnection *self)
{
  g_return_val_if_fail (SCHNACK_IS_CONNECTION (self), NULL);
  return self->stream_features;
}

static void
deliver_iq_reply (SchnackConnection *self,
                  gpointer           data)
{
  IqReply *reply = data;
  g_autoptr(GTask) task = NULL;
  g_autoptr(SchnackXmlNode) stanza = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_hash_table_steal_extended (self->iq_tasks, GUINT_TO_POINTER (reply->request),
                                    NULL, (gpointer *) &task))
    return;  /* timed out or cancelled already */

  if (reply->reply == NULL)
    {
      fail_iq_task (task);
      return;
    }
  stanza = schnack_xml_node_parse (reply->reply, -1, &error);
  if (stanza == NULL)
    g_task_return_new_error (task, SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_PROTOCOL,
                             _("The server sent an answer Schnack cannot read."));
  else if (g_strcmp0 (schnack_xml_node_get_attribute (stanza, "type"), "error") == 0)
    g_task_return_error (task, schnack_stanza_error_from_stanza (stanza));
  else
    g_task_return_pointer (task, g_steal_pointer (&stanza), (GDestroyNotify) schnack_xml_node_unref);
}

static gboolean
on_iq_timeout (gpointer user_data)
{
  GTask *task = user_data;
  SchnackConnection *self = g_task_get_source_object (task);
  guint request = GPOINTER_TO_UINT (g_task_get_task_data (task));
  GTask *owned = NULL;

  if (g_hash_table_steal_extended (self->iq_tasks, GUINT_TO_POINTER (request), NULL, (gpointer *) &owned))
    {
      g_task_return_new_error (owned, SCHNACK_CONNECTION_ERROR, SCHNACK_CONNECTION_ERROR_PROTOCOL,
                               _("The server did not answer in time."));
      g_object_unref (owned);
    }
  return G_SOURCE_REMOVE;
}

/**
 * schnack_connection_send_iq_async:
 * @iq: an <iq type="get|set"/>; its id is set here
 *
 * Sends @iq and waits for the answer: a result stanza, or a
 * %SCHNACK_STANZA_ERROR from the server, or a %SCHNACK_CONNECTION_ERROR
 * when the stream is not up, goes away, or no answer comes in a minute.
 */
void
schnack_connection_send_iq_async (SchnackConnection   *self,
                                  SchnackXmlNode      *iq,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSource) timeout = NULL;
  IqCommand *command;

  g_return_if_fail (SCHNACK_IS_CONNECTION (self));
  g_return_if_fail (iq != NULL && g_str_equal (schnack_xml_node_get_name (iq), "iq"));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, schnack_connection_send_iq_async);
  g_task_set_check_cancellable (task, TRUE);

  command = g_new0 (IqCommand, 1);
  command->worker = self->worker;
  command->request = ++self->last_iq_request;
  command->xml = schnack_xml_node_to_string (iq);
  g_task_set_task_data (task, GUINT_TO_POINTER (command->request), NULL);

  timeout = g_timeout_source_new_seconds (IQ_TIMEOUT_SECONDS);
  g_task_attach_source (task, timeout, on_iq_timeout);
  g_hash_table_insert (self->iq_tasks, GUINT_TO_POINTER (command->request), g_object_ref (task));

  g_main_context_invoke_full (self->worker->context, G_PRIORITY_DEFAULT,
                              run_iq_command, command, (GDestroyNotify) iq_command_free);
}

/**
 * schnack_connection_send_iq_finish:
 *
 * Returns: (transfer full): the result stanza
 */
SchnackXmlNode *
schnack_connection_send_iq_finish (SchnackConnection  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  SchnackConnectionWorker *worker;
  char                    *text;
} TextCommand;

static void
text_command_free (TextCommand *command)
{
  g_free (command->text);
  g_free (command);
}

static gboolean
run_forward_namespace_command (gpointer user_data)
{
  TextCommand *command = user_data;

  g_hash_table_add (command->worker->forwarded_namespaces, g_steal_pointer (&command->text));
  return G_SOURCE_REMOVE;
}

/**
 * schnack_connection_forward_iq_namespace:
 * @xmlns: e.g. "jabber:iq:roster"
 *
 * IQ requests with this payload namespace are delivered through
 * #SchnackConnection::iq-request instead of being refused.
 */
void
schnack_connection_forward_iq_namespace (SchnackConnection *self,
                                         const char        *xmlns)
{
  TextCommand *command;

  g_return_if_fail (SCHNACK_IS_CONNECTION (self));
  g_return_if_fail (xmlns != NULL);

  command = g_new0 (TextCommand, 1);
  command->worker = self->worker;
  command->text = g_strdup (xmlns);
  g_main_context_invoke_full (self->worker->context, G_PRIORITY_DEFAULT,
                              run_forward_namespace_command, command,
                              (GDestroyNotify) text_command_free);
}

static gboolean
run_send_stanza_command (gpointer user_data)
{
  TextCommand *command = user_data;
  xmpp_stanza_t *stanza;

  if (command->worker->phase != PHASE_ONLINE)
    return G_SOURCE_REMOVE;
  stanza = xmpp_stanza_new_from_string (command->worker->ctx, command->text);
  if (stanza == NULL)
    {
      g_warning ("Could not build a stanza to send");
      return G_SOURCE_REMOVE;
    }
  schnack_connection_worker_send (command->worker, stanza);
  xmpp_stanza_release (stanza);
  return G_SOURCE_REMOVE;
}

/**
 * schnack_connection_send_stanza:
 *
 * Sends @stanza as it is (presence, an IQ answer) if online; dropped
 * otherwise. For IQ requests use schnack_connection_send_iq_async().
 */
void
schnack_connection_send_stanza (SchnackConnection *self,
                                SchnackXmlNode    *stanza)
{
  TextCommand *command;

  g_return_if_fail (SCHNACK_IS_CONNECTION (self));
  g_return_if_fail (stanza != NULL);

  command = g_new0 (TextCommand, 1);
  command->worker = self->worker;
  command->text = schnack_xml_node_to_string (stanza);
  g_main_context_invoke_full (self->worker->context, G_PRIORITY_DEFAULT,
                              run_send_stanza_command, command,
                              (GDestroyNotify) text_command_free);
}

static void
on_iq_acknowledged (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(SchnackXmlNode) reply = schnack_connection_send_iq_finish (SCHNACK_CONNECTION (source), result, &error);

  if (reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * schnack_connection_send_iq_checked_async:
 *
 * For requests whose answer carries nothing but success (a "set"):
 * finishes with %TRUE on a result, or the error. @source_tag marks the
 * task for the caller's own _finish().
 */
void
schnack_connection_send_iq_checked_async (SchnackConnection   *self,
                                          SchnackXmlNode      *iq,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data,
                                          gpointer             source_tag)
{
  GTask *task;

  g_return_if_fail (SCHNACK_IS_CONNECTION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  schnack_connection_send_iq_async (self, iq, cancellable, on_iq_acknowledged, task);
}

gboolean
schnack_connection_send_iq_checked_finish (GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
