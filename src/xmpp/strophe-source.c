/* strophe-source.c — a GSource that drives one libstrophe context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libstrophe has no event-loop integration of its own: xmpp_run_once()
 * polls its sockets with select() and a timeout. We never call it on a
 * timer. Instead this source watches the connection's socket and calls
 * xmpp_run_once (ctx, 0) only when the kernel says there is something to
 * do, which keeps an idle connected client at zero wakeups.
 *
 * Two traps (measured, see shared/docs/verified-facts.md):
 *  - each run_once reads at most 4 KiB, and OpenSSL may hold decrypted
 *    bytes after the fd has stopped being readable. So after a wakeup we
 *    keep pumping until four calls in a row could not have taken anything
 *    from the kernel (TCP_INFO received-byte counter and FIONREAD both
 *    unchanged), capped at 64 calls per dispatch to stay fair to other
 *    sources; when the cap is hit we dispatch again at once.
 *  - xmpp_conn_send_queue_len() does not count what libstrophe queues
 *    itself (stream header, SASL, SM acks), so we cannot wait for
 *    G_IO_OUT on the queue length alone: we also ask poll() whether the
 *    send buffer is full and watch G_IO_OUT while the socket is still
 *    connecting.
 */
#include "config.h"

#include "xmpp/strophe-source.h"

#include <errno.h>
#include <netinet/in.h>
#include <linux/tcp.h>  /* glibc's struct tcp_info lacks tcpi_bytes_received */
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#define PUMP_QUIET_CALLS 4
#define PUMP_MAX_CALLS 64
#define TICK_INTERVAL_USEC G_USEC_PER_SEC

typedef struct {
  GSource      parent;
  xmpp_ctx_t  *ctx;
  xmpp_conn_t *conn;
  int          fd;
  gpointer     fd_tag;
  gboolean     ticking;
  gboolean     more_to_read;
} StropheSource;

static guint64
socket_bytes_received (int fd)
{
  struct tcp_info info = { 0 };
  socklen_t len = sizeof info;

  if (fd < 0 || getsockopt (fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0)
    return 0;
  return info.tcpi_bytes_received;
}

static int
socket_unread_bytes (int fd)
{
  int unread = 0;

  if (fd < 0 || ioctl (fd, FIONREAD, &unread) != 0)
    return 0;
  return unread;
}

static gboolean
socket_send_buffer_full (int fd)
{
  struct pollfd pfd = { .fd = fd, .events = POLLOUT };

  if (fd < 0)
    return FALSE;
  return poll (&pfd, 1, 0) == 1 ? !(pfd.revents & POLLOUT) : FALSE;
}

static void
update_watched_conditions (StropheSource *self)
{
  GIOCondition condition = G_IO_IN | G_IO_ERR | G_IO_HUP;

  if (self->fd_tag == NULL)
    return;

  if (xmpp_conn_is_connecting (self->conn) ||
      xmpp_conn_send_queue_len (self->conn) > 0 ||
      socket_send_buffer_full (self->fd))
    condition |= G_IO_OUT;

  g_source_modify_unix_fd ((GSource *) self, self->fd_tag, condition);
}

void
schnack_strophe_source_pump (GSource *source)
{
  StropheSource *self = (StropheSource *) source;
  guint quiet_calls = 0;
  guint calls;

  self->more_to_read = FALSE;

  for (calls = 0; calls < PUMP_MAX_CALLS && quiet_calls < PUMP_QUIET_CALLS; calls++)
    {
      int fd = self->fd;
      guint64 received_before = socket_bytes_received (fd);
      int unread_before = socket_unread_bytes (fd);

      xmpp_run_once (self->ctx, 0);

      /* The connection closed its socket inside run_once. */
      if (self->fd < 0 || self->fd != fd)
        break;

      if (unread_before > 0 || socket_bytes_received (fd) != received_before)
        quiet_calls = 0;
      else
        quiet_calls++;
    }

  if (calls == PUMP_MAX_CALLS && self->fd >= 0)
    self->more_to_read = TRUE;

  update_watched_conditions (self);
}

static gboolean
strophe_source_prepare (GSource *source,
                        int     *timeout)
{
  StropheSource *self = (StropheSource *) source;

  *timeout = -1;
  return self->more_to_read;
}

static gboolean
strophe_source_check (GSource *source)
{
  StropheSource *self = (StropheSource *) source;

  if (self->more_to_read)
    return TRUE;
  if (self->fd_tag != NULL && g_source_query_unix_fd (source, self->fd_tag) != 0)
    return TRUE;
  return FALSE;
}

static gboolean
strophe_source_dispatch (GSource     *source,
                         GSourceFunc  callback,
                         gpointer     user_data)
{
  StropheSource *self = (StropheSource *) source;

  /* libstrophe's own timeouts (connect timeout, SM, login steps) only fire
   * inside run_once: tick once a second while logging in or out, never
   * while idle and online. Set before pumping so that a wake requested
   * by a handler during the pump is kept. */
  if (self->ticking)
    g_source_set_ready_time (source, g_source_get_time (source) + TICK_INTERVAL_USEC);
  else
    g_source_set_ready_time (source, -1);

  schnack_strophe_source_pump (source);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs strophe_source_funcs = {
  .prepare = strophe_source_prepare,
  .check = strophe_source_check,
  .dispatch = strophe_source_dispatch,
};

GSource *
schnack_strophe_source_new (xmpp_ctx_t  *ctx,
                            xmpp_conn_t *conn)
{
  GSource *source = g_source_new (&strophe_source_funcs, sizeof (StropheSource));
  StropheSource *self = (StropheSource *) source;

  self->ctx = ctx;
  self->conn = conn;
  self->fd = -1;
  g_source_set_static_name (source, "[schnack] libstrophe");
  return source;
}

void
schnack_strophe_source_set_socket (GSource *source,
                                   int      fd)
{
  StropheSource *self = (StropheSource *) source;

  schnack_strophe_source_drop_socket (source);
  self->fd = fd;
  self->fd_tag = g_source_add_unix_fd (source, fd, G_IO_IN | G_IO_OUT | G_IO_ERR | G_IO_HUP);
}

/* Called when libstrophe closed the socket: the fd number may be reused
 * at once, and polling a closed fd would spin. */
void
schnack_strophe_source_drop_socket (GSource *source)
{
  StropheSource *self = (StropheSource *) source;

  if (self->fd_tag != NULL)
    g_source_remove_unix_fd (source, self->fd_tag);
  self->fd_tag = NULL;
  self->fd = -1;
  self->more_to_read = FALSE;
}

int
schnack_strophe_source_get_socket (GSource *source)
{
  return ((StropheSource *) source)->fd;
}

void
schnack_strophe_source_set_ticking (GSource  *source,
                                    gboolean  ticking)
{
  StropheSource *self = (StropheSource *) source;

  if (self->ticking == ticking)
    return;
  self->ticking = ticking;
  if (ticking)
    g_source_set_ready_time (source, g_get_monotonic_time () + TICK_INTERVAL_USEC);
  else
    g_source_set_ready_time (source, -1);
}

/* Asks for a pump on the next main-loop iteration: for stanzas queued
 * outside the pump (commands, timers, handlers), which libstrophe only
 * writes inside run_once and which must never run re-entrantly. */
void
schnack_strophe_source_wake (GSource *source)
{
  g_source_set_ready_time (source, 0);
}
