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

import pyatspi

# The shared helpers sit next to this file; no __pycache__ in the sources.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from atspi_util import check_all_named, click, find, find_app, showing, wait_for, walk  # noqa: E402

SCHNACK = sys.argv[1]


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
