#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Many people writing to one account, as one external component (XEP-0114).

Usage:
  bulk_messages.py --port P --domain bulk.localhost --secret S

Plays the people u0001@DOMAIN … uK@DOMAIN (see the fixture's roster-fill
command) and writes chat messages from them.  Sent while the account is
offline, they land in its server archive (and offline storage), which
is what a client catches up from.

Prints one JSON line per event on stdout:
  {"event":"ready"}                        component accepted
  {"event":"written","sent":N,"ms":T}      all N messages processed by the
                                           server (a ping sent after them
                                           was answered)
  {"event":"error","error":…}              (then exit)
Reads commands from stdin, one per line:
  write JID N K   N messages to JID from u0001 … uK, in bursts per sender;
                  bodies start with the message's number, "#00001 …"
  quit
EOF on stdin, SIGTERM or the death of the parent end it.
"""

import asyncio
import random
import time

import bulk_component
import slixmpp
import slixmpp.exceptions


WORDS = ("ich und das ist nicht du es die ja mal auch aber noch so wir dann ok "
         "morgen gut schon jetzt heute kann wie hier mir haha doch mit eine nur "
         "the you to and it is that for on with have this be are at not can what "
         "kaffee meeting bahn zug essen arbeit urlaub kino wetter regen code build "
         "test server release bug fix commit review wochenende termin später gleich").split()


class BulkMessages(slixmpp.ComponentXMPP):
    def __init__(self, opts):
        super().__init__(opts.domain, opts.secret)
        self.opts = opts
        self.finished = asyncio.get_event_loop().create_future()
        self.random = random.Random(5)
        self.add_event_handler("session_start", self.on_session_start)
        self.add_event_handler("disconnected", self.on_disconnected)
        self.add_event_handler("connection_failed", self.on_connection_failed)

    def body(self, number):
        # Mostly short, some long, as people write.
        n = self.random.choice((1, 2, 3, 4, 5, 6, 8, 10, 14, 20, 40))
        return "#%05d %s" % (number, " ".join(self.random.choice(WORDS) for _ in range(n)))

    async def write(self, to, count, senders):
        start = time.monotonic()
        number = 0
        sender = 0
        while number < count:
            # A burst of 1–20 messages from one person, then someone else.
            sender = (sender + self.random.randint(1, senders)) % senders
            for _ in range(min(self.random.randint(1, 20), count - number)):
                number += 1
                # Raw XML: the script should not be what the benchmark measures.
                self.send_raw("<message from='u%04d@%s/bench' to='%s' type='chat' id='b%05d'>"
                              "<body>%s</body></message>"
                              % (sender + 1, self.opts.domain, bulk_component.xml_escape(to), number,
                                 bulk_component.xml_escape(self.body(number))))
            if number % 500 < 20:
                await asyncio.sleep(0)
        # The server handles a connection's stanzas in order: once it
        # answers this (even with an error), it has archived everything
        # before it.
        iq = self.make_iq_get(queryxmlns="urn:xmpp:ping", ito="localhost",
                              ifrom="u0001@%s" % self.opts.domain)
        try:
            await iq.send(timeout=600)
        except slixmpp.exceptions.IqError:
            pass  # an error reply is as good as a result here
        return {"event": "written", "sent": number, "ms": round((time.monotonic() - start) * 1000)}

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
        if words[:1] == ["write"] and len(words) == 4:
            task = asyncio.ensure_future(self.write(words[1], int(words[2]), int(words[3])))
            task.add_done_callback(lambda t: bulk_component.emit(t.result() if t.exception() is None
                                                                 else {"event": "error", "error": str(t.exception())}))
            return None
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
    opts = ap.parse_args()
    bulk_component.new_event_loop()
    bulk_component.run(BulkMessages(opts), opts, "bulk_messages")


if __name__ == "__main__":
    main()
