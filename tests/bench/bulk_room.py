#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A crowded, chatty room, as one external component (XEP-0114).

Usage:
  bulk_room.py --port P --domain bulkroom.localhost --secret S
               [--occupants 1000]

Any room@DOMAIN is a room with N occupants u0001 … uNNNN. Joining it
(a presence with the MUC <x/>) gets the N occupants' presences, then
our own (status 110), then the subject — what a big room sends. On
command it floods everyone who joined with groupchat messages, each
with the room's stanza-id, as fast as the component can write.

Prints one JSON line per event on stdout:
  {"event":"ready"}
  {"event":"joined","jid":…}           someone joined (presences sent)
  {"event":"flooded","sent":N}         (answer to "flood N")
  {"event":"churned","count":N}        (once "churn N" is done)
Reads commands from stdin, one per line:
  flood N     send N messages to every joined user
  churn N     N times, 20 ms apart, an occupant leaves and comes back
              (as in a big, lively room)
  quit
"""

import argparse
import asyncio
import signal
import sys
import uuid

import bulk_component
import slixmpp
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

NS_MUC = "http://jabber.org/protocol/muc"


class BulkRoom(slixmpp.ComponentXMPP):
    def __init__(self, opts):
        super().__init__(opts.domain, opts.secret)
        self.opts = opts
        self.finished = asyncio.get_event_loop().create_future()
        self.joined = {}  # full JID of the user -> (room, nick)
        self.remove_handler("Presence")
        self.register_handler(Callback("Bulk room presence",
                                       MatchXPath("{%s}presence" % self.default_ns),
                                       self.on_presence))
        self.register_handler(Callback("Bulk room disco",
                                       MatchXPath("{%s}iq" % self.default_ns),
                                       self.on_iq))
        self.add_event_handler("session_start", lambda _: bulk_component.emit({"event": "ready"}))
        self.add_event_handler("disconnected", lambda _: self.finish(0))

    def on_iq(self, stanza):
        xml = stanza.xml
        if xml.get("type") not in ("get", "set"):
            return
        query = xml.find("{http://jabber.org/protocol/disco#info}query")
        if query is not None and xml.get("type") == "get":
            self.send_raw("<iq type='result' id='%s' from='%s' to='%s'>"
                          "<query xmlns='http://jabber.org/protocol/disco#info'>"
                          "<identity category='conference' type='text' name='Bulk'/>"
                          "<feature var='%s'/><feature var='muc_open'/></query></iq>"
                          % (bulk_component.xml_escape(xml.get("id", "")), bulk_component.xml_escape(xml.get("to", "")),
                             bulk_component.xml_escape(xml.get("from", "")), NS_MUC))
            return
        self.send_raw("<iq type='error' id='%s' from='%s' to='%s'><error type='cancel'>"
                      "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
                      % (bulk_component.xml_escape(xml.get("id", "")), bulk_component.xml_escape(xml.get("to", "")),
                         bulk_component.xml_escape(xml.get("from", ""))))

    def on_presence(self, stanza):
        xml = stanza.xml
        to = xml.get("to", "")
        user = xml.get("from", "")
        room, _, nick = to.partition("/")
        if not nick or xml.find("{%s}x" % NS_MUC) is None or xml.get("type"):
            return
        parts = []
        for number in range(1, self.opts.occupants + 1):
            parts.append("<presence from='%s/u%04d' to='%s'>"
                         "<x xmlns='http://jabber.org/protocol/muc#user'>"
                         "<item affiliation='%s' role='%s'/></x></presence>"
                         % (room, number, bulk_component.xml_escape(user),
                            "member" if number % 10 else "admin",
                            "participant" if number % 10 else "moderator"))
        parts.append("<presence from='%s' to='%s'><x xmlns='http://jabber.org/protocol/muc#user'>"
                     "<item affiliation='none' role='participant'/><status code='110'/></x></presence>"
                     % (bulk_component.xml_escape(to), bulk_component.xml_escape(user)))
        parts.append("<message type='groupchat' from='%s/u0001' to='%s'><subject>Bulk</subject></message>"
                     % (room, bulk_component.xml_escape(user)))
        for part in parts:
            self.send_raw(part)
        self.joined[user] = (room, nick)
        bulk_component.emit({"event": "joined", "jid": user})

    def flood(self, count):
        sent = 0
        for user, (room, _) in self.joined.items():
            for i in range(count):
                self.send_raw("<message type='groupchat' from='%s/u%04d' to='%s' id='b%d'>"
                              "<body>Message %d in a busy room</body>"
                              "<stanza-id xmlns='urn:xmpp:sid:0' by='%s' id='%s'/></message>"
                              % (room, i % self.opts.occupants + 1, bulk_component.xml_escape(user), i, i,
                                 room, uuid.uuid4()))
                sent += 1
        return sent

    def occupant_presence(self, room, number, user, available):
        return ("<presence from='%s/u%04d' to='%s'%s>"
                "<x xmlns='http://jabber.org/protocol/muc#user'>"
                "<item affiliation='%s' role='%s'/></x></presence>"
                % (room, number, bulk_component.xml_escape(user),
                   "" if available else " type='unavailable'",
                   "member" if number % 10 else "admin",
                   ("participant" if number % 10 else "moderator") if available else "none"))

    def churn(self, count, done=0):
        if done == count:
            bulk_component.emit({"event": "churned", "count": count})
            return
        # Spread over the room: every 37th occupant, round and round.
        number = (done * 37) % self.opts.occupants + 1
        for user, (room, _) in self.joined.items():
            self.send_raw(self.occupant_presence(room, number, user, False))
            self.send_raw(self.occupant_presence(room, number, user, True))
        asyncio.get_event_loop().call_later(0.02, self.churn, count, done + 1)

    def finish(self, code):
        if not self.finished.done():
            self.finished.set_result(code)

    def run_command(self, line):
        words = line.split()
        if words[:1] == ["flood"] and len(words) == 2:
            return {"event": "flooded", "sent": self.flood(int(words[1]))}
        if words[:1] == ["churn"] and len(words) == 2:
            self.churn(int(words[1]))
            return None
        if words == ["quit"]:
            self.disconnect(wait=0.5)
            asyncio.get_event_loop().call_later(1.5, self.finish, 0)
            return None
        return {"event": "error", "error": "unknown command: %s" % line}


def main():
    bulk_component.die_with_parent()

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--domain", required=True)
    ap.add_argument("--secret", required=True)
    ap.add_argument("--occupants", type=int, default=1000)
    opts = ap.parse_args()

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    room = BulkRoom(opts)

    def on_stdin():
        line = sys.stdin.readline()
        if not line:
            loop.remove_reader(sys.stdin.fileno())
            room.disconnect(wait=0.2)
            loop.call_later(1.0, room.finish, 0)
            return
        if line.strip():
            answer = room.run_command(line)
            if answer is not None:
                bulk_component.emit(answer)

    loop.add_reader(sys.stdin.fileno(), on_stdin)
    loop.add_signal_handler(signal.SIGTERM, lambda: room.finish(0))
    room.connect(host="127.0.0.1", port=opts.port)
    sys.exit(loop.run_until_complete(room.finished))


if __name__ == "__main__":
    main()
