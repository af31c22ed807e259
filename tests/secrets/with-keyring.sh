#!/bin/sh
# Runs a test on a private D-Bus session bus with a fresh, unlocked
# gnome-keyring, so it can never touch the user's keyring, and works the
# same whether or not the caller already has a session bus.
#
#   with-keyring.sh [--no-keyring] [--display] PROGRAM [ARGS...]
#
# --no-keyring: the same private bus and empty home, but no Secret Service
# at all, and nothing that could be activated to provide one.
#
# HOME and every XDG directory point into a temporary directory that is
# removed afterwards; the test gets its path as SCHNACK_TEST_ROOT and the
# mode as SCHNACK_TEST_KEYRING (running or none).
set -eu

here=$(cd "$(dirname "$0")" && pwd)

if [ "${1:-}" = "--inside-bus" ]; then
    shift
    if [ "$SCHNACK_TEST_KEYRING" = running ]; then
        # The keyring's own password goes in on stdin; it unlocks the new
        # login keyring, which becomes the default collection. The daemon
        # does not get the tests' G_DEBUG: it warns when an entry is
        # replaced, and fatal-warnings would kill it mid-test.
        printf 'test' | env -u G_DEBUG -u G_MESSAGES_DEBUG \
            gnome-keyring-daemon --foreground --unlock \
            --components=secrets >"$SCHNACK_TEST_ROOT/keyring.log" 2>&1 &
        keyring=$!
        tries=0
        until gdbus call --session --dest org.freedesktop.DBus \
                --object-path /org/freedesktop/DBus \
                --method org.freedesktop.DBus.NameHasOwner \
                org.freedesktop.secrets 2>/dev/null | grep -q true; do
            tries=$((tries + 1))
            if [ "$tries" -gt 100 ] || ! kill -0 "$keyring" 2>/dev/null; then
                echo "with-keyring.sh: gnome-keyring-daemon did not start:" >&2
                cat "$SCHNACK_TEST_ROOT/keyring.log" >&2
                kill "$keyring" 2>/dev/null || true
                exit 1
            fi
            sleep 0.1
        done
    fi

    status=0
    "$@" || status=$?

    if [ -n "${keyring:-}" ]; then
        kill "$keyring" 2>/dev/null || true
        wait "$keyring" 2>/dev/null || true
    fi
    exit "$status"
fi

SCHNACK_TEST_KEYRING=running
if [ "${1:-}" = "--no-keyring" ]; then
    SCHNACK_TEST_KEYRING=none
    shift
fi
# --display: a UI test; keep the X display and the system's data dirs
# (icons, themes). The private bus still activates nothing.
keep_display=no
if [ "${1:-}" = "--display" ]; then
    keep_display=yes
    shift
fi

root=$(mktemp -d "${TMPDIR:-/tmp}/schnack-secrets-XXXXXX")
trap 'rm -rf "$root"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -m 700 "$root/home" "$root/runtime" "$root/empty"

export SCHNACK_TEST_KEYRING
export SCHNACK_TEST_ROOT="$root"
export HOME="$root/home"
export XDG_DATA_HOME="$root/home/.local/share"
export XDG_CONFIG_HOME="$root/home/.config"
export XDG_CACHE_HOME="$root/home/.cache"
export XDG_STATE_HOME="$root/home/.local/state"
export XDG_RUNTIME_DIR="$root/runtime"
# No service files (and no other system data) for anything started here.
export XDG_DATA_DIRS="$root/empty"
export XDG_CONFIG_DIRS="$root/empty"
unset SECRET_BACKEND SECRET_FILE_TEST_PATH SECRET_FILE_TEST_PASSWORD
unset DBUS_SESSION_BUS_ADDRESS
if [ "$keep_display" = yes ]; then
    export XDG_DATA_DIRS=/usr/local/share:/usr/share
else
    unset DISPLAY WAYLAND_DISPLAY
fi

status=0
dbus-run-session --config-file="$here/test-bus.conf" -- \
    "$0" --inside-bus "$@" || status=$?
exit "$status"
