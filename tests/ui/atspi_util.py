# SPDX-License-Identifier: GPL-3.0-or-later
"""What the AT-SPI tests share: finding Schnack and its controls in the
accessibility tree as a screen reader sees it, and acting on them.
Runs in Debian's /usr/bin/python3 (pyatspi is not in other Pythons)."""

import sys
import time

import pyatspi

NAMELESS = ("", "GtkImage", None)
CONTROL_ROLES = (pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON,
                 pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY, pyatspi.ROLE_PASSWORD_TEXT,
                 pyatspi.ROLE_CHECK_BOX, pyatspi.ROLE_RADIO_BUTTON)


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
    # (hidden pages included) is in the tree as "visible".
    try:
        return node.getState().contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def controls(root, roles=CONTROL_ROLES):
    return [n for n in walk(root) if n.getRole() in roles and showing(n)]


def find(root, role, name):
    for node in walk(root):
        if node.getRole() == role and node.name == name and showing(node):
            return node
    return None


def actions(node):
    try:
        action = node.queryAction()
    except Exception:
        return []
    return [action.getName(i) for i in range(action.nActions)]


def do_action(node, name):
    """Runs the action called @name (GTK exposes a widget's actions, e.g.
    a window's "win.…", as AT-SPI actions)."""
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) == name:
            action.doAction(i)
            return
    sys.exit("no action %s on %s (has %s)" % (name, node.name, actions(node)))


def click(node):
    # A GtkMenuButton is two nodes of one name: the outer has no action.
    for candidate in [node] + [n for n in walk(node) if n.name == node.name]:
        for name in ("click", "activate", "press", "toggle"):
            if name in actions(candidate):
                do_action(candidate, name)
                return
    sys.exit("no click action on " + str(node.name))


def set_text(node, text):
    node.queryEditableText().setTextContents(text)


def text_of(node):
    # GTK 4.8 returns '' for an end offset of -1: pass the length.
    content = node.queryText()
    return content.getText(0, content.characterCount)


def check_all_named(root, page):
    found = controls(root)
    if not found:
        sys.exit(page + ": no controls found in the accessibility tree")
    nameless = [c for c in found if c.name in NAMELESS]
    if nameless:
        sys.exit("%s: %d control(s) without an accessible name: %s" % (
            page, len(nameless), ", ".join(c.getRoleName() for c in nameless)))
    print("%s: %d controls, all named" % (page, len(found)))


def dump(root, out=sys.stderr):
    """The tree below @root, for a failing test's log."""
    def rec(node, depth):
        try:
            print("%s%s %r %s" % ("  " * depth, node.getRoleName(), node.name, actions(node)), file=out)
            for i in range(node.childCount):
                rec(node.getChildAtIndex(i), depth + 1)
        except Exception:
            pass
    rec(root, 0)
