# SPDX-License-Identifier: GPL-3.0-or-later
"""What the benchmarks' slixmpp components share: one JSON event per line
on stdout, commands one per line on stdin, and dying with the benchmark
that started them."""

import argparse
import asyncio
import ctypes
import json
import logging
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def emit(obj):
    try:
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # Whoever read our events is gone: so are we.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        os._exit(0)


def xml_escape(text):
    return (text.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace("'", "&apos;").replace('"', "&quot;"))


def die_with_parent():
    """SIGTERM when the benchmark exits, even if it crashes; exit now if
    it is already gone."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() == 1:
        sys.exit(1)


def argument_parser(description):
    """The options every component takes; add your own before parsing."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--domain", required=True)
    ap.add_argument("--secret", required=True)
    ap.add_argument("--debug", action="store_true", help="slixmpp debug log on stderr")
    return ap


def run(component, opts, log_name):
    """Connects @component (a slixmpp.ComponentXMPP with run_command(line),
    quit(), abort(), finish(code) and a `finished` future) and serves
    stdin until EOF or a signal; exits with the future's result."""
    logging.basicConfig(level=logging.DEBUG if opts.debug else logging.ERROR,
                        stream=sys.stderr, format=log_name + " %(levelname)s %(message)s")
    loop = asyncio.get_event_loop()
    buf = bytearray()

    def on_stdin():
        chunk = os.read(sys.stdin.fileno(), 65536)
        if not chunk:
            loop.remove_reader(sys.stdin.fileno())
            component.quit()
            return
        buf.extend(chunk)
        while b"\n" in buf:
            line, _, rest = bytes(buf).partition(b"\n")
            buf[:] = rest
            if line.strip():
                reply = component.run_command(line.decode(errors="replace"))
                if reply is not None:
                    emit(reply)

    def on_signal():
        component.abort()
        component.finish(0)

    loop.add_reader(sys.stdin.fileno(), on_stdin)
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_signal)

    component.connect(host=opts.host, port=opts.port)
    sys.exit(loop.run_until_complete(component.finished))


def new_event_loop():
    """A fresh loop, set as current: components create futures in __init__."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    return loop
