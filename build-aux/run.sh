#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds Schnack in _build and starts it.
#
# Usage: build-aux/run.sh [--demo] [SCHNACK ARGS...]
#   --demo  also start a local Prosody with the accounts alice and bob and
#           the room lobby@conference.localhost, a bot logged in as bob that
#           answers every message, and Schnack logged in as alice – all in
#           a temporary directory that is removed when Schnack exits.
# Needs a display: on a machine without one, run it as
#   xvfb-run -a build-aux/run.sh
set -euo pipefail

cd "$(dirname "$(readlink -f "$0")")/.."
python=/usr/bin/python3

demo=0
app_args=()
for arg in "$@"; do
  case "$arg" in
    --demo) demo=1 ;;
    *) app_args+=("$arg") ;;
  esac
done

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  cat >&2 <<'MSG'
run.sh: there is no display ($DISPLAY and $WAYLAND_DISPLAY are empty).
Schnack is a graphical application.  Run this from a desktop session, or
headless under a virtual X server:
    xvfb-run -a build-aux/run.sh
MSG
  exit 1
fi

if (( demo )); then
  build-aux/install-deps.sh --demo
else
  build-aux/install-deps.sh
fi

if [[ ! -f _build/build.ninja ]]; then
  meson setup _build
fi
meson compile -C _build

app=_build/src/schnack
# Translations straight from the build tree (LANGUAGE=de for German).
export SCHNACK_LOCALEDIR="$PWD/_build/po"
# Settings schema from the build tree (GSettings aborts without it).
export GSETTINGS_SCHEMA_DIR="$PWD/_build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
if (( ! demo )); then
  if [[ -z "${DBUS_SESSION_BUS_ADDRESS:-}" && ! -S "${XDG_RUNTIME_DIR:-/run/user/$(id -u)}/bus" ]]; then
    # No session bus (e.g. under sudo): give Schnack a private one so the
    # keyring and notifications have somewhere to live.
    exec build-aux/with-session.sh -- "$app" "${app_args[@]}"
  fi
  exec "$app" "${app_args[@]}"
fi

# ---------------------------------------------------------------- demo
demo_dir=$(mktemp -d -t schnack-demo-XXXXXX)
server_pid=
bot_pid=

cleanup() {
  # Closing the pipes makes the server controller and the bot exit; the
  # signals are for the case that they do not.
  [[ -n "${server_in:-}" ]] && exec {server_in}>&-
  [[ -n "${bot_in:-}" ]] && exec {bot_in}>&-
  [[ -n "$bot_pid" ]] && kill -TERM "$bot_pid" 2>/dev/null || true
  [[ -n "$server_pid" ]] && kill -TERM "$server_pid" 2>/dev/null || true
  [[ -n "$bot_pid" ]] && wait "$bot_pid" 2>/dev/null || true
  [[ -n "$server_pid" ]] && wait "$server_pid" 2>/dev/null || true
  rm -rf "$demo_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The controller and the bot exit at EOF on stdin: hold FIFOs open.
mkfifo "$demo_dir/server.in" "$demo_dir/bot.in"
exec {server_in}<>"$demo_dir/server.in"
exec {bot_in}<>"$demo_dir/bot.in"

echo "run.sh: starting the demo server in $demo_dir/server"
"$python" tests/fixtures/prosody_server.py --dir "$demo_dir/server" \
  --users alice:alice-demo-pw,bob:bob-demo-pw --room lobby \
  <"$demo_dir/server.in" >"$demo_dir/server.json" 2>"$demo_dir/server.err" &
server_pid=$!

deadline=$((SECONDS + 30))
# One JSON line, complete once it ends in a newline.
until [[ -s "$demo_dir/server.json" && -z "$(tail -c1 "$demo_dir/server.json")" ]]; do
  if ! kill -0 "$server_pid" 2>/dev/null || (( SECONDS >= deadline )); then
    echo "run.sh: the demo server did not start:" >&2
    cat "$demo_dir/server.err" >&2
    exit 1
  fi
  sleep 0.1
done

server_field() {
  "$python" -c 'import json, sys; print(json.loads(open(sys.argv[1]).readline())[sys.argv[2]])' \
    "$demo_dir/server.json" "$1"
}
c2s_port=$(server_field c2s_port)
ca_file=$(server_field ca_file)

"$python" tests/fixtures/peer.py --jid bob@localhost --password bob-demo-pw \
  --host 127.0.0.1 --port "$c2s_port" --ca-file "$ca_file" \
  --echo --join lobby@conference.localhost \
  <"$demo_dir/bot.in" >"$demo_dir/bot.log" 2>&1 &
bot_pid=$!

cat <<INFO
run.sh: Prosody is listening on 127.0.0.1:$c2s_port (STARTTLS, CA $ca_file)
        accounts: alice@localhost / alice-demo-pw (Schnack)
                  bob@localhost / bob-demo-pw (answers every message)
        room:     lobby@conference.localhost
INFO

# Schnack gets a private session bus with a throw-away keyring, like its
# throw-away data directories: the demo leaves nothing behind.
mkdir -p "$demo_dir/data" "$demo_dir/config" "$demo_dir/cache"
env SCHNACK_DEMO_JID=alice@localhost \
    SCHNACK_DEMO_PASSWORD=alice-demo-pw \
    SCHNACK_DEMO_HOST=127.0.0.1 \
    SCHNACK_DEMO_PORT="$c2s_port" \
    SCHNACK_DEMO_CA_FILE="$ca_file" \
    XDG_DATA_HOME="$demo_dir/data" \
    XDG_CONFIG_HOME="$demo_dir/config" \
    XDG_CACHE_HOME="$demo_dir/cache" \
  build-aux/with-session.sh --keyring schnack-demo -- \
    "$app" --demo "${app_args[@]}" <&0 &
app_pid=$!
# Pass SIGTERM/SIGINT on at once instead of after Schnack exits.
trap 'kill -TERM "$app_pid" 2>/dev/null || true' TERM INT HUP
status=0
wait "$app_pid" || status=$?
while kill -0 "$app_pid" 2>/dev/null; do
  status=0
  wait "$app_pid" || status=$?
done
exit "$status"
