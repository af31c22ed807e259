#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The first-run wizard through the accessibility tree, as a screen
reader or an AT-SPI test robot sees it: Schnack is started as a real
process; every button and entry must have a name, the choices can be
activated, and a typo in the Jabber ID is explained in text a user can
reach. Usage: atspi_wizard.py PATH/TO/schnack (run inside a session with
the AT-SPI bus and a display: build-aux/with-session.sh --at-spi --xvfb)."""

import os
import subprocess
import sys
import tempfile
import time

import pyatspi

SCHNACK = sys.argv[1]
NAMELESS = ("", "GtkImage", None)


def wait_for(what, predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.1)
    sys.exit("timed out waiting for " + what)


def walk(node, depth=0):
    if node is None or depth > 60:
        return
    yield node
    try:
        count = node.childCount
    except Exception:
        return
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1)


def find_app():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and app.name and "schnack" in app.name.lower():
            return app
    return None


def showing(node):
    # GTK 4.8 reports no SHOWING state; every widget of the window
    # (all wizard pages included) is in the tree as "visible".
    try:
        return node.getState().contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def controls(app, roles):
    return [n for n in walk(app) if n.getRole() in roles and showing(n)]


def find(app, role, name):
    for node in walk(app):
        if node.getRole() == role and node.name == name and showing(node):
            return node
    return None


def click(node):
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("click", "activate", "press"):
            action.doAction(i)
            return
    sys.exit("no click action on " + node.name)


def check_all_named(app, page):
    roles = (pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON,
             pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY, pyatspi.ROLE_PASSWORD_TEXT,
             pyatspi.ROLE_CHECK_BOX, pyatspi.ROLE_RADIO_BUTTON)
    found = controls(app, roles)
    if not found:
        sys.exit(page + ": no controls found in the accessibility tree")
    nameless = [c for c in found if c.name in NAMELESS]
    if nameless:
        sys.exit("%s: %d control(s) without an accessible name: %s" % (
            page, len(nameless), ", ".join(c.getRoleName() for c in nameless)))
    print("%s: %d controls, all named" % (page, len(found)))


def main():
    home = tempfile.mkdtemp(prefix="schnack-atspi-")
    env = dict(os.environ)
    for var, sub in (("HOME", "home"), ("XDG_DATA_HOME", "data"),
                     ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        env[var] = os.path.join(home, sub)
        os.makedirs(env[var], exist_ok=True)
    env.pop("NO_AT_BRIDGE", None)
    env.pop("GTK_A11Y", None)
    env["GSK_RENDERER"] = "cairo"
    env["LANGUAGE"] = "en"
    app_process = subprocess.Popen([SCHNACK], env=env)
    try:
        app = wait_for("Schnack on the accessibility bus", find_app)
        wait_for("the welcome page",
                 lambda: find(app, pyatspi.ROLE_PUSH_BUTTON, "I already have an account"))
        check_all_named(app, "welcome page")

        click(find(app, pyatspi.ROLE_PUSH_BUTTON, "I already have an account"))
        entry = wait_for("the Jabber ID entry", lambda: find(app, pyatspi.ROLE_TEXT, "Jabber ID"))
        check_all_named(app, "login page")

        # A space in the user name: explained in text, not a failed login.
        entry.queryEditableText().setTextContents("ni ck@example.org")
        wait_for("the explanation of the typo",
                 lambda: any("spaces" in (n.name or "") for n in walk(app)
                             if n.getRole() == pyatspi.ROLE_LABEL and showing(n)))
        # Named once, without the mnemonic underscore (GTK 4.8 work-around).
        log_in = wait_for("the Log In button", lambda: find(app, pyatspi.ROLE_PUSH_BUTTON, "Log In"))
        if log_in.getState().contains(pyatspi.STATE_SENSITIVE):
            sys.exit("Log In must be off while the Jabber ID is wrong")
        print("login page: a typo is explained and Log In stays off")
    finally:
        app_process.terminate()
        try:
            app_process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app_process.kill()


main()
