#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A password-protected, moderated room, end to end through the
accessibility tree of a real Schnack process: created from the UI, a
scripted peer joins with the password and arrives without voice, gets
voice from the occupant list, writes, and the message shows; then
Schnack is killed (SIGKILL) and started again, and is back in the room
by itself (bookmark with autojoin), the peer's message still there.

Usage: atspi_rooms.py PATH/TO/schnack TESTS_DIR (inside a session with
the AT-SPI bus, a display and a keyring: build-aux/with-session.sh
--keyring PW --at-spi --xvfb)."""

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

import pyatspi

# The shared helpers sit next to this file; no __pycache__ in the sources.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from atspi_util import (check_all_named, click, do_action, dump, find, find_app,  # noqa: E402
                        set_text, showing, text_of, wait_for, walk)

SCHNACK = sys.argv[1]
TESTS = sys.argv[2]
PYTHON = "/usr/bin/python3"
PASSWORD = "sesam-%d" % os.getpid()


class Process:
    """A fixture process speaking JSON lines on stdout, commands on stdin."""

    def __init__(self, args):
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1)
        self.events = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            try:
                self.events.put(json.loads(line))
            except ValueError:
                pass

    def wait_event(self, what, predicate, timeout=20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                event = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if predicate(event):
                return event
        sys.exit("timed out waiting for " + what)

    def command(self, **cmd):
        self.proc.stdin.write(json.dumps(cmd) + "\n")

    def stop(self):
        try:
            self.proc.stdin.close()
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start_schnack(env):
    process = subprocess.Popen([SCHNACK, "--demo"], env=env)
    app = wait_for("Schnack on the accessibility bus", find_app)
    # Signed in: the account row says so.
    wait_for("the account online", lambda: find(app, pyatspi.ROLE_LABEL, "Online"), timeout=30)
    return process, app


def main_window(app):
    return wait_for("the main window", lambda: find(app, pyatspi.ROLE_FRAME, "Schnack"))


def label_shown(app, text):
    return any(n.getRole() == pyatspi.ROLE_LABEL and n.name == text and showing(n) for n in walk(app))


def main():
    home = tempfile.mkdtemp(prefix="schnack-atspi-rooms-")
    server = Process([PYTHON, os.path.join(TESTS, "fixtures", "prosody_server.py"),
                      "--dir", os.path.join(home, "server"), "--users", "alice:alice-pw,bob:bob-pw",
                      "--remove-dir-on-exit"])
    info = server.wait_event("the server", lambda e: "c2s_port" in e, timeout=30)
    peer = Process([PYTHON, os.path.join(TESTS, "fixtures", "peer.py"), "--jid", "bob@localhost",
                    "--password", "bob-pw", "--host", "127.0.0.1", "--port", str(info["c2s_port"]),
                    "--ca-file", info["ca_file"]])
    peer.wait_event("the peer online", lambda e: e.get("event") == "online")

    env = dict(os.environ)
    for var, sub in (("HOME", "home"), ("XDG_DATA_HOME", "data"),
                     ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        env[var] = os.path.join(home, sub)
        os.makedirs(env[var], exist_ok=True)
    env.pop("NO_AT_BRIDGE", None)
    env.pop("GTK_A11Y", None)
    env.update(GSK_RENDERER="cairo", LANGUAGE="en", SCHNACK_DEMO_JID="alice@localhost",
               SCHNACK_DEMO_PASSWORD="alice-pw", SCHNACK_DEMO_HOST="127.0.0.1",
               SCHNACK_DEMO_PORT=str(info["c2s_port"]), SCHNACK_DEMO_CA_FILE=info["ca_file"])
    process, app = start_schnack(env)
    running = [process]   # the Schnack of the moment, across the restart
    try:
        scenario(app, main_window(app), env, peer, running)
    except SystemExit:
        dump(app)
        raise
    finally:
        for process in running:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        peer.stop()
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


def scenario(app, window, env, peer, running):
    """The steps; running[0] is the Schnack process of the moment."""
    # Create Room, from the window's action (the main menu's item).
    do_action(window, "win.create-room")
    dialog = wait_for("the Create Room dialog", lambda: find(app, pyatspi.ROLE_FRAME, "Create Room"))
    check_all_named(dialog, "Create Room dialog")
    name = "Vereinsabend %d" % os.getpid()
    set_text(wait_for("the name field", lambda: find(dialog, pyatspi.ROLE_TEXT, "Name")), name)
    address_field = find(dialog, pyatspi.ROLE_TEXT, "Address")
    room = wait_for("the suggested address", lambda: "@" in text_of(address_field) and text_of(address_field))
    print("create: the address suggested for %r is %s" % (name, room))
    click(find(dialog, pyatspi.ROLE_PUSH_BUTTON, "Public channel"))
    click(find(dialog, pyatspi.ROLE_CHECK_BOX, "Protect with a password"))
    set_text(wait_for("the password field",
                      lambda: find(dialog, pyatspi.ROLE_PASSWORD_TEXT, "Room password") or
                      find(dialog, pyatspi.ROLE_TEXT, "Room password")), PASSWORD)
    click(find(dialog, pyatspi.ROLE_CHECK_BOX, "Moderated"))
    check_all_named(dialog, "Create Room dialog, filled in")
    click(find(dialog, pyatspi.ROLE_PUSH_BUTTON, "Create"))
    wait_for("the dialog to close", lambda: find(app, pyatspi.ROLE_FRAME, "Create Room") is None)
    wait_for("the room's chat", lambda: label_shown(window, name))
    print("create: in the new room %s" % room)

    # The peer needs the password, and arrives without voice.
    peer.command(cmd="raw", xml="<presence to='%s/bob'><x xmlns='http://jabber.org/protocol/muc'>"
                                "<password>%s</password></x></presence>" % (room, PASSWORD))
    joined = peer.wait_event("the peer in the room",
                             lambda e: e.get("event") == "presence" and e.get("from") == room + "/bob")
    if joined.get("type") == "error" or "role='visitor'" not in joined["xml"].replace('"', "'"):
        sys.exit("the peer should have joined as a visitor: " + joined["xml"])
    print("peer: joined with the password, as a visitor")
    click(find(window, pyatspi.ROLE_PUSH_BUTTON, "People in the Room") or
          find(window, pyatspi.ROLE_TOGGLE_BUTTON, "People in the Room"))
    people = wait_for("the list of people", lambda: find(window, pyatspi.ROLE_LIST, "People in the room"))
    bob_actions = wait_for("bob's actions", lambda: find(people, pyatspi.ROLE_PUSH_BUTTON, "Actions for bob"))
    click(bob_actions)
    click(wait_for("Give Voice in bob's menu", lambda: find(app, pyatspi.ROLE_MENU_ITEM, "Give Voice")))
    peer.wait_event("the peer given voice",
                             lambda e: e.get("event") == "presence" and e.get("from") == room + "/bob" and
                             "role='participant'" in e["xml"].replace('"', "'"))
    print("moderation: voice given from bob's menu in the list of people")

    # With voice the peer writes; it shows in the room.
    said = "Danke für das Wort %d" % os.getpid()
    peer.command(cmd="send", to=room, type="groupchat", body=said)
    wait_for("the peer's message in the room", lambda: label_shown(window, said))
    print("room: the peer's message is shown")

    # Killed, as by a crash or the OOM killer, and started again.
    # (The server keeps the dead session a while for stream resumption,
    # so the peer need not see it leave before it is back.)
    running[0].send_signal(signal.SIGKILL)
    running[0].wait()
    while not peer.events.empty():
        peer.events.get()
    started = time.monotonic()
    running[0], app = start_schnack(env)
    back = peer.wait_event("Schnack back in the room",
                           lambda e: e.get("event") == "presence" and e.get("from", "").startswith(room + "/") and
                           e.get("type") in (None, "available") and "/bob" not in e["from"], timeout=30)
    print("restart: back in the room by itself as %s, %.1f s after the start"
          % (back["from"].split("/", 1)[1], time.monotonic() - started))
    window = main_window(app)
    wait_for("the room in the chats", lambda: label_shown(window, name))
    wait_for("the peer's message kept", lambda: label_shown(window, said))
    print("restart: the room and the peer's message are still there")


main()
