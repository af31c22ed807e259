#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the Debian 12 packages Schnack needs, skipping those already
# present.  Usage: build-aux/install-deps.sh [--demo] [--test] [--list]
#   (none)   build and run
#   --demo   also a local Prosody and the scripted peer (build-aux/run.sh --demo)
#   --test   also everything the test suite uses (implies --demo)
#   --list   print the packages that would be checked, install nothing
set -euo pipefail

build_packages=(
  meson ninja-build pkg-config gcc libc6-dev
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev
  libstrophe-dev libsqlite3-dev libsecret-1-dev libsoup-3.0-dev
  libnotify-dev libqrencode-dev libsignal-protocol-c-dev libgcrypt20-dev
  gettext desktop-file-utils appstream-util
)
run_packages=(gnome-keyring dbus)
demo_packages=(prosody openssl python3 python3-slixmpp)
test_packages=(
  xvfb xauth x11-apps imagemagick
  at-spi2-core python3-pyatspi python3-dbus python3-gi
  gnome-keyring dbus prosody python3-slixmpp openssl
)

want_demo=0
want_test=0
list_only=0
for arg in "$@"; do
  case "$arg" in
    --demo) want_demo=1 ;;
    --test) want_test=1; want_demo=1 ;;
    --list) list_only=1 ;;
    -h|--help) sed -n '4,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-deps.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

packages=("${build_packages[@]}" "${run_packages[@]}")
(( want_demo )) && packages+=("${demo_packages[@]}")
(( want_test )) && packages+=("${test_packages[@]}")
# Deduplicate, keep the order.
mapfile -t packages < <(printf '%s\n' "${packages[@]}" | awk '!seen[$0]++')

if (( list_only )); then
  printf '%s\n' "${packages[@]}"
  exit 0
fi

if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
  echo "install-deps.sh: this script knows Debian (12, bookworm) only." >&2
  echo "Install the equivalents of: ${packages[*]}" >&2
  exit 1
fi

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if (( ${#missing[@]} == 0 )); then
  echo "install-deps.sh: all ${#packages[@]} packages are installed."
  exit 0
fi

as_root=()
if (( EUID != 0 )); then
  if command -v sudo >/dev/null; then
    as_root=(sudo)
  else
    echo "install-deps.sh: need root to install: ${missing[*]}" >&2
    echo "Run it as root or install sudo." >&2
    exit 1
  fi
fi

echo "install-deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"

# Debian starts a system-wide Prosody on port 5222.  The tests and the demo
# run their own on free ports, but a stray server only gets in the way.
for pkg in "${missing[@]}"; do
  if [[ "$pkg" == prosody ]]; then
    echo "install-deps.sh: stopping and disabling the system Prosody service"
    if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; then
      "${as_root[@]}" systemctl disable --now prosody || true
    else
      "${as_root[@]}" service prosody stop 2>/dev/null \
        || "${as_root[@]}" invoke-rc.d prosody stop 2>/dev/null || true
      "${as_root[@]}" update-rc.d prosody disable 2>/dev/null || true
    fi
  fi
done
