#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs a command in a private desktop session, for the tests and the demo.
#
# Usage: build-aux/with-session.sh [--keyring PASSWORD] [--at-spi] [--xvfb]
#                                  -- COMMAND [ARGS...]
#   --keyring PASSWORD  gnome-keyring-daemon (secrets only), unlocked
#   --at-spi            the accessibility bus (for AT-SPI UI tests)
#   --xvfb              a virtual X display (1280x800x24), exported as DISPLAY
#
# Always a private D-Bus session bus, like dbus-run-session – but started
# here, so that a SIGTERM or SIGINT to this script still stops everything it
# started (dbus-run-session dies on SIGTERM and leaves its bus behind).
# COMMAND's exit status is returned.  The keyring keeps its files under
# $XDG_DATA_HOME (or ~/.local/share): point that at a temporary directory.
set -euo pipefail

keyring_password=
want_at_spi=0
want_xvfb=0
while (( $# )); do
  case "$1" in
    --keyring) keyring_password=${2:?--keyring needs a password}; shift 2 ;;
    --at-spi) want_at_spi=1; shift ;;
    --xvfb) want_xvfb=1; shift ;;
    --) shift; break ;;
    *) echo "with-session.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
(( $# )) || { echo "with-session.sh: no command given" >&2; exit 2; }

started_pids=()
command_pid=
scratch=$(mktemp -d -t schnack-session-XXXXXX)

cleanup() {
  local pid
  # Newest first: the bus goes last.
  for (( i = ${#started_pids[@]} - 1; i >= 0; i-- )); do
    kill -TERM "${started_pids[i]}" 2>/dev/null || true
  done
  for pid in "${started_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every 50 ms.
wait_for() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS >= deadline )); then
      echo "with-session.sh: $what did not come up within ${seconds} s" >&2
      return 1
    fi
    sleep 0.05
  done
}

bus_name_has_owner() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null | grep -q 'boolean true'
}

dbus-daemon --session --nofork --nopidfile --print-address=3 \
  3>"$scratch/bus-address" >"$scratch/dbus.log" 2>&1 &
started_pids+=($!)
wait_for 10 "dbus-daemon" grep -q . "$scratch/bus-address" \
  || { cat "$scratch/dbus.log" >&2; exit 1; }
DBUS_SESSION_BUS_ADDRESS=$(head -n1 "$scratch/bus-address")
export DBUS_SESSION_BUS_ADDRESS

if [[ -n "$keyring_password" ]]; then
  # Must own org.freedesktop.secrets before anything asks for it, or D-Bus
  # activation starts a second, locked daemon.
  gnome-keyring-daemon --foreground --unlock --components=secrets \
    < <(printf '%s' "$keyring_password") >"$scratch/keyring.log" 2>&1 &
  started_pids+=($!)
  wait_for 10 "gnome-keyring-daemon" bus_name_has_owner org.freedesktop.secrets \
    || { cat "$scratch/keyring.log" >&2; exit 1; }
fi

if (( want_xvfb )); then
  # -displayfd: Xvfb picks a free display and writes its number once it
  # accepts connections, so parallel runs cannot collide.
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp \
    3>"$scratch/display" >"$scratch/xvfb.log" 2>&1 &
  started_pids+=($!)
  wait_for 10 "Xvfb" grep -q '^[0-9]' "$scratch/display" \
    || { cat "$scratch/xvfb.log" >&2; exit 1; }
  export DISPLAY=":$(head -n1 "$scratch/display")"
  unset WAYLAND_DISPLAY
fi

# After the display: the bus launcher names its socket after DISPLAY
# (~/.cache/at-spi/bus_N), so two sessions on one inherited display
# would take each other's bus.
if (( want_at_spi )); then
  /usr/libexec/at-spi-bus-launcher --launch-immediately >"$scratch/at-spi.log" 2>&1 &
  started_pids+=($!)
  wait_for 10 "the AT-SPI bus" bus_name_has_owner org.a11y.Bus \
    || { cat "$scratch/at-spi.log" >&2; exit 1; }
fi

# In the background so that a signal reaches our trap at once (bash runs
# traps only between commands); it is passed on as SIGTERM.
"$@" <&0 &
command_pid=$!
trap 'kill -TERM "$command_pid" 2>/dev/null || true' TERM INT HUP
status=0
wait "$command_pid" || status=$?
while kill -0 "$command_pid" 2>/dev/null; do
  status=0
  wait "$command_pid" || status=$?
done
exit "$status"
