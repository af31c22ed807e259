#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds Schnack with AddressSanitizer and UBSan in _build-asan and runs the
# whole test suite headless: a private D-Bus session with an unlocked
# keyring, the AT-SPI bus, Xvfb, and a throw-away HOME.  Tests that need a
# server start their own Prosody on loopback.
#
# Usage: build-aux/test.sh [MESON TEST ARGS...]   e.g. --suite store
# The last line of output is "N passed, N failed[, N skipped]"; the exit
# status is non-zero if anything failed or did not build.
set -uo pipefail

cd "$(dirname "$(readlink -f "$0")")/.."
builddir=_build-asan
python=/usr/bin/python3

summary_fail() {
  echo "test.sh: $1" >&2
  echo "0 passed, 1 failed"
  exit 1
}

build-aux/install-deps.sh --test || summary_fail "installing dependencies failed"

setup_args=(-Db_sanitize=address,undefined -Db_lundef=false --buildtype=debug)
if [[ -f "$builddir/meson-private/coredata.dat" ]]; then
  meson setup --reconfigure "$builddir" "${setup_args[@]}" \
    || summary_fail "meson setup failed"
else
  rm -rf "$builddir"
  meson setup "$builddir" "${setup_args[@]}" || summary_fail "meson setup failed"
fi
meson compile -C "$builddir" || summary_fail "the build failed"

# A clean home: no user settings, keyrings or caches leak into the tests.
scratch=$(mktemp -d -t schnack-test-XXXXXX)
cleanup() {
  rm -rf "$scratch"
}
trap cleanup EXIT

export HOME="$scratch/home"
export XDG_CONFIG_HOME="$scratch/config"
export XDG_DATA_HOME="$scratch/data"
export XDG_CACHE_HOME="$scratch/cache"
export XDG_STATE_HOME="$scratch/state"
export XDG_RUNTIME_DIR="$scratch/runtime"
mkdir -p "$HOME" "$XDG_CONFIG_HOME/gtk-4.0" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" \
         "$XDG_STATE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# Stable screenshots and no waiting for animations.
cat > "$XDG_CONFIG_HOME/gtk-4.0/settings.ini" <<'INI'
[Settings]
gtk-enable-animations=false
gtk-cursor-blink=false
INI
unset WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS

testlog="$builddir/meson-logs/testlog.json"
rm -f "$testlog"

# In the background so that SIGTERM/SIGINT reach our trap at once and are
# passed on (with-session.sh then stops Prosody, Xvfb, the bus…).
status=0
build-aux/with-session.sh --keyring schnack-test --at-spi --xvfb -- \
  meson test -C "$builddir" --print-errorlogs --num-processes 2 "$@" <&0 &
session_pid=$!
trap 'kill -TERM "$session_pid" 2>/dev/null || true' TERM INT HUP
wait "$session_pid" || status=$?
while kill -0 "$session_pid" 2>/dev/null; do
  status=0
  wait "$session_pid" || status=$?
done
trap - TERM INT HUP

if [[ ! -s "$testlog" ]]; then
  summary_fail "meson test did not run (status $status)"
fi

counts=$("$python" - "$testlog" <<'PY'
import json, sys
passed = failed = skipped = 0
with open(sys.argv[1]) as f:
    for line in f:
        line = line.strip()
        if not line:
            continue
        result = json.loads(line).get("result")
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:  # FAIL, TIMEOUT, UNEXPECTEDPASS, ERROR
            failed += 1
text = "%d passed, %d failed" % (passed, failed)
if skipped:
    text += ", %d skipped" % skipped
print(text)
sys.exit(1 if failed else 0)
PY
) || status=1

if [[ -z "$counts" ]]; then
  summary_fail "could not read $testlog"
fi
echo "$counts"
exit "$status"
