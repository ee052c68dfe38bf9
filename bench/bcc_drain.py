#!/usr/bin/python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""BCC's side of bench/run.sh's event drain figures.

    bcc_drain.py [--json] ring|perf PROG.bcc.c RESULTFILE -- LOAD [ARG]...

Loads PROG (drain.bcc.c; -DRINGBUF for "ring") with BCC, opens its "events"
ring or perf buffer (8 pages per CPU, BCC's default) with a Python callback
that only counts, runs LOAD once everything is attached and polls until LOAD
exits, then drains what is left. Writes "received=N lost=N" to RESULTFILE
(lost: the perf buffer's lost-sample callback total).

--json: the callback also does what `bcc2core run --json` does for each
record: decodes it (the table's .event(data), as BCC tools do) and prints it
as a JSON line on stdout.
"""
import json
import os
import sys

from bcc import BPF

args = sys.argv[1:]
as_json = args[:1] == ["--json"]
if as_json:
    args = args[1:]
if len(args) < 5 or args[3] != "--":
    sys.exit("usage: bcc_drain.py [--json] ring|perf PROG RESULT -- LOAD [ARG]...")
variant, src, resfile = args[:3]
load = args[4:]
ring = variant == "ring"
b = BPF(src_file=src.encode(), cflags=["-DRINGBUF"] if ring else [])
received = 0
lost = 0


def on_ring(ctx, data, size):
    global received
    received += 1


def on_perf(cpu, data, size):
    global received
    received += 1


def emit(data):
    e = events.event(data)
    out.write(json.dumps({"type": "event", "name": "events",
                          "data": {"ts": e.ts, "cpu": e.cpu, "idx": e.idx}}) + "\n")


def on_ring_json(ctx, data, size):
    global received
    received += 1
    emit(data)


def on_perf_json(cpu, data, size):
    global received
    received += 1
    emit(data)


def on_lost(count):
    global lost
    lost += count


events = b["events"]
out = sys.stdout
if ring:
    events.open_ring_buffer(on_ring_json if as_json else on_ring)
    poll = b.ring_buffer_poll
else:
    events.open_perf_buffer(on_perf_json if as_json else on_perf, lost_cb=on_lost)
    poll = b.perf_buffer_poll
pid = os.posix_spawnp(load[0], load, os.environ)
while True:
    poll(100)
    if os.waitpid(pid, os.WNOHANG)[0] == pid:
        break
while True:  # what the program wrote before the end
    before = received + lost
    if ring:
        b.ring_buffer_consume()
    else:
        b.perf_buffer_poll(0)
    if received + lost == before:
        break
out.flush()
with open(resfile, "w") as f:
    f.write("received=%d lost=%d\n" % (received, lost))
b.cleanup()
