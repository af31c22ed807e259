#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Many contacts online at once, as one external component (XEP-0114).

Usage:
  bulk_presence.py --port P --domain bulk.localhost --secret S
                   [--contacts 5000] [--resource bench]

Plays the people u0001@DOMAIN … uN@DOMAIN (see the fixture's roster-fill
command).  When a user logs in, Prosody probes each contact in their
roster; each probe is answered with that contact's presence, so the
user's client gets a presence flood right after login, as from a big
roster on a real server.  Shows vary (available, away, xa, dnd, chat)
and every contact has a status message.

Prints one JSON line per event on stdout:
  {"event":"ready"}                           component accepted
  {"event":"stats","probes":…,"sent":…}       (answer to "stats")
  {"event":"error","error":…}                 (then exit)
Reads commands from stdin, one per line:
  flood JID   send all N presences to JID now (no probe needed)
  stats       quit
EOF on stdin, SIGTERM or the death of the parent end it.
"""

import asyncio

import bulk_component
import slixmpp
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

SHOWS = (None, "away", "xa", "dnd", "chat")


class BulkPresence(slixmpp.ComponentXMPP):
    def __init__(self, opts):
        super().__init__(opts.domain, opts.secret)
        self.opts = opts
        self.finished = asyncio.get_event_loop().create_future()
        self.probes = 0
        self.sent = 0
        # slixmpp answers a probe from its own (empty) roster with
        # "unsubscribed", which would end the user's subscriptions:
        # answer probes ourselves.  And skip its per-stanza roster
        # bookkeeping for the user's presence broadcasts (N of them).
        self.del_event_handler("presence_probe", self._handle_probe)
        self.remove_handler("Presence")
        self.register_handler(Callback(
            "Bulk presence",
            MatchXPath("{%s}presence" % self.default_ns),
            self.on_presence))
        self.add_event_handler("session_start", self.on_session_start)
        self.add_event_handler("disconnected", self.on_disconnected)
        self.add_event_handler("connection_failed", self.on_connection_failed)

    def contact_number(self, jid):
        """1 … N for uNNNN@DOMAIN, else 0."""
        local, _, domain = jid.partition("/")[0].partition("@")
        if domain != self.opts.domain or not local.startswith("u") or not local[1:].isdigit():
            return 0
        number = int(local[1:])
        return number if 1 <= number <= self.opts.contacts else 0

    def presence_xml(self, number, to):
        show = SHOWS[number % len(SHOWS)]
        return ("<presence from='u%04d@%s/%s' to='%s'>%s<status>%s</status>"
                "<priority>%d</priority></presence>"
                % (number, self.opts.domain, self.opts.resource, bulk_component.xml_escape(to),
                   "<show>%s</show>" % show if show else "",
                   bulk_component.xml_escape("Status of contact %04d" % number), number % 10))

    def on_presence(self, stanza):
        # Raw XML, not slixmpp's stanza objects: the component should not
        # be what the benchmark measures.
        xml = stanza.xml
        if xml.get("type") != "probe":
            return
        self.probes += 1
        number = self.contact_number(xml.get("to", ""))
        sender = xml.get("from", "").partition("/")[0]
        if number and sender:
            self.send_raw(self.presence_xml(number, sender))
            self.sent += 1

    def flood(self, to):
        for number in range(1, self.opts.contacts + 1):
            self.send_raw(self.presence_xml(number, to))
            self.sent += 1

    def on_session_start(self, _):
        bulk_component.emit({"event": "ready"})

    def on_disconnected(self, _):
        self.finish(0)

    def on_connection_failed(self, err):
        bulk_component.emit({"event": "error", "error": str(err)})
        self.finish(1)

    def finish(self, code):
        if not self.finished.done():
            self.finished.set_result(code)

    def run_command(self, line):
        words = line.split()
        if words[:1] == ["flood"] and len(words) == 2:
            self.flood(words[1])
            return {"event": "flooded", "sent": self.sent}
        if words == ["stats"]:
            return {"event": "stats", "probes": self.probes, "sent": self.sent}
        if words == ["quit"]:
            self.quit()
            return None
        return {"event": "error", "error": "unknown command: %s" % line}

    def quit(self):
        self.disconnect(wait=0.5)
        asyncio.get_event_loop().call_later(1.5, self.finish, 0)


def main():
    bulk_component.die_with_parent()
    ap = bulk_component.argument_parser(__doc__.split("\n")[0])
    ap.add_argument("--contacts", type=int, default=5000)
    ap.add_argument("--resource", default="bench")
    opts = ap.parse_args()
    bulk_component.new_event_loop()
    bulk_component.run(BulkPresence(opts), opts, "bulk_presence")


if __name__ == "__main__":
    main()
