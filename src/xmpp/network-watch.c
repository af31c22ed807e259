/* network-watch.c — tells connections when reconnecting makes sense now
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Emits "wake" when the network becomes available again (GNetworkMonitor)
 * and when the machine resumes from suspend (logind's PrepareForSleep
 * with FALSE). Connections then retry at once instead of waiting out
 * their backoff, and check an open stream that may have died silently.
 * No system bus → no resume events,
 * which is fine (the keepalive still notices a dead stream).
 */
#include "config.h"

#include "xmpp/network-watch.h"

struct _SchnackNetworkWatch {
  GObject          parent_instance;
  GNetworkMonitor *monitor;
  gboolean         network_available;
  GDBusConnection *system_bus;
  guint            sleep_subscription;
  GCancellable    *cancellable;
};

G_DEFINE_FINAL_TYPE (SchnackNetworkWatch, schnack_network_watch, G_TYPE_OBJECT)

enum {
  SIGNAL_WAKE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_network_changed (GNetworkMonitor     *monitor,
                    gboolean             available,
                    SchnackNetworkWatch *self)
{
  gboolean was_available = self->network_available;

  self->network_available = available;
  if (available && !was_available)
    g_signal_emit (self, signals[SIGNAL_WAKE], 0);
}

static void
on_prepare_for_sleep (GDBusConnection *connection,
                      const char      *sender_name,
                      const char      *object_path,
                      const char      *interface_name,
                      const char      *signal_name,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  SchnackNetworkWatch *self = user_data;
  gboolean going_to_sleep = FALSE;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;
  g_variant_get (parameters, "(b)", &going_to_sleep);
  if (!going_to_sleep)
    g_signal_emit (self, signals[SIGNAL_WAKE], 0);
}

static void
on_system_bus_ready (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &error);
  SchnackNetworkWatch *self;

  if (bus == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No system bus, so no resume-from-suspend events: %s", error->message);
      return;
    }

  self = user_data;
  self->system_bus = bus;
  self->sleep_subscription =
    g_dbus_connection_signal_subscribe (bus, "org.freedesktop.login1",
                                        "org.freedesktop.login1.Manager",
                                        "PrepareForSleep", "/org/freedesktop/login1",
                                        NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_prepare_for_sleep, self, NULL);
}

static void
schnack_network_watch_dispose (GObject *object)
{
  SchnackNetworkWatch *self = SCHNACK_NETWORK_WATCH (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  if (self->sleep_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_subscription);
  self->sleep_subscription = 0;
  g_clear_object (&self->system_bus);

  G_OBJECT_CLASS (schnack_network_watch_parent_class)->dispose (object);
}

static void
schnack_network_watch_class_init (SchnackNetworkWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = schnack_network_watch_dispose;

  signals[SIGNAL_WAKE] =
    g_signal_new ("wake", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
schnack_network_watch_init (SchnackNetworkWatch *self)
{
  self->cancellable = g_cancellable_new ();
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_available = g_network_monitor_get_network_available (self->monitor);
  g_signal_connect (self->monitor, "network-changed", G_CALLBACK (on_network_changed), self);
  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, on_system_bus_ready, self);
}

/**
 * schnack_network_watch_get_default:
 *
 * Its signals are emitted in the main context of the thread that first
 * asked for it: call it on the application's main thread.
 *
 * Returns: (transfer full): the process-wide watch
 */
SchnackNetworkWatch *
schnack_network_watch_get_default (void)
{
  static SchnackNetworkWatch *instance;

  if (g_once_init_enter (&instance))
    g_once_init_leave (&instance, g_object_new (SCHNACK_TYPE_NETWORK_WATCH, NULL));
  return g_object_ref (instance);
}
