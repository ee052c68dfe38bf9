#!/usr/bin/python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""Writes data/tracepoints.txt: what a kernel's BTF does not say about its
tracepoints, read once from a tracefs so that converting never reads the
build machine's (rewriter/tp_data.c reads the file).

- syscalls:sys_enter_X: the argument names and types (the kernel keeps them
  in syscall metadata, not in BTF); sys_exit_X records are all `long ret`.
- events whose record struct (trace_event_raw_CLASS) BTF cannot tell: the
  event has no class of its own name and several classes take the same
  probe arguments (block_rq_issue: block_rq or block_rq_requeue).

A class line holds on every kernel whose BTF has that class (tp_record.c
takes an event's own class first, then the line's): the lines of other
kernels (Debian's 6.1, 6.1-rt and 6.12 in the guest lane, where 6.1's
sched_process_exit is one of several sched_process_template events) are
merged in with --also FILE, FILE being this script's --classes-only output
there. An event two kernels give different classes stops the merge.

usage: gen-tracepoint-data.py [--classes-only] [--also FILE]... [TRACEFS [BTF]]
           > data/tracepoints.txt
"""
import json
import os
import re
import subprocess
import sys

argv, also, classes_only = sys.argv[1:], [], False
while argv and argv[0].startswith("--"):
    if argv[0] == "--classes-only":
        classes_only, argv = True, argv[1:]
    elif argv[0] == "--also" and len(argv) > 1:
        also, argv = also + [argv[1]], argv[2:]
    else:
        sys.exit(__doc__)
tracefs = argv[0] if len(argv) > 0 else "/sys/kernel/tracing"
btf_path = argv[1] if len(argv) > 1 else "/sys/kernel/btf/vmlinux"
types = json.loads(subprocess.run(["bpftool", "btf", "dump", "-j", "file", btf_path],
                                  check=True, capture_output=True).stdout)["types"]
by_id = {t["id"]: t for t in types}
by_name = {(t["kind"], t.get("name")): t for t in types}


def fields(cat, ev):
    """(name, offset) of an event's own fields, from its format file"""
    out = []
    with open(os.path.join(tracefs, "events", cat, ev, "format")) as f:
        for line in f:
            m = re.search(r"field:(.*?);\s*offset:(\d+);\s*size:(\d+);\s*signed:(\d)", line)
            if m and not m.group(1).split()[-1].startswith("common_"):
                out.append((m.group(1).strip(), int(m.group(2))))
    return out


def name_of(decl):
    return re.search(r"(\w+)\s*(\[[^\]]*\])?$", decl).group(1)


def layout(cls):
    t = by_name[("STRUCT", "trace_event_raw_" + cls)]
    return [(m["name"][11:] if m["name"].startswith("__data_loc_") else m["name"],
             m["bits_offset"] // 8) for m in t["members"] if m["name"] not in ("ent", "__data")]


def args_of(proto_id):
    return tuple(p["type_id"] for p in by_id[proto_id]["params"])


classes = {}
for t in types:
    if t["kind"] == "FUNC" and t["name"].startswith("trace_event_raw_event_"):
        cls = t["name"][len("trace_event_raw_event_"):]
        if ("STRUCT", "trace_event_raw_" + cls) in by_name:
            classes.setdefault(args_of(t["type_id"]), []).append(cls)

release = os.uname().release if tracefs == "/sys/kernel/tracing" else "?"
others = []     # (release, {event: class}) of --also files
for path in also:
    rel, got = "?", {}
    for line in open(path):
        if line.startswith("# kernel "):
            rel = line.split()[2].rstrip(":")
        elif line.startswith("class\t"):
            _, ev, cls = line.rstrip("\n").split("\t")
            got[ev] = cls
    others.append((rel, got))
if classes_only:
    print("# kernel %s: class lines of gen-tracepoint-data.py --classes-only" % release)
else:
    print("# What kernel BTF does not say about tracepoints, from the tracefs of Linux %s" %
          release + ("" if not others else
                     " (class lines also from %s)" % ", ".join(r for r, _ in others)))
    print("# (scripts/gen-tracepoint-data.py); `bcc2core build --tracefs DIR` reads a tracefs "
          "instead.")
    print("# syscall EVENT\\tTYPE NAME...: a syscall tracepoint's arguments (sys_exit_*: long "
          "ret)")
    print("# class CAT:EVENT\\tCLASS: the event's record is struct trace_event_raw_CLASS")
events = os.path.join(tracefs, "events")
for ev in sorted(os.listdir(os.path.join(events, "syscalls")) if not classes_only else []):
    if not ev.startswith("sys_"):
        continue
    args = [d for d, off in fields("syscalls", ev) if name_of(d) != "__syscall_nr"]
    if ev.startswith("sys_exit_"):
        assert [name_of(d) for d in args] == ["ret"], ev
        args = []
    print("\t".join(["syscall", ev] + args))
for cat in sorted(os.listdir(events)):
    if cat in ("syscalls", "ftrace") or not os.path.isdir(os.path.join(events, cat)):
        continue
    for ev in sorted(os.listdir(os.path.join(events, cat))):
        if not os.path.exists(os.path.join(events, cat, ev, "format")):
            continue
        if ("STRUCT", "trace_event_raw_" + ev) in by_name and \
           ("FUNC", "trace_event_raw_event_" + ev) in by_name:
            continue    # its own class: taken first, a line is never read here
        for rel, got in others:
            # a line of another kernel is read here too when its class
            # exists here: it must be this event's record here as well
            other = got.get("%s:%s" % (cat, ev))
            if other and ("STRUCT", "trace_event_raw_" + other) in by_name and \
               layout(other) != [(name_of(d), off) for d, off in fields(cat, ev)]:
                sys.exit("gen-tracepoint-data.py: %s:%s is %s on %s, not this kernel's record"
                         % (cat, ev, other, rel))
        td = by_name.get(("TYPEDEF", "btf_trace_" + ev))
        if not td:
            continue
        cands = classes.get(args_of(by_id[td["type_id"]]["type_id"]), [])
        if len(cands) < 2:
            continue
        want = [(name_of(d), off) for d, off in fields(cat, ev)]
        match = sorted(c for c in cands if layout(c) == want)
        if len({tuple(layout(c)) for c in cands}) > 1 and match:
            mine = "%s:%s" % (cat, ev)
            for rel, got in others:
                other = got.pop(mine, match[0])
                if other != match[0] and ("STRUCT", "trace_event_raw_" + other) in by_name \
                   and layout(other) != layout(match[0]):
                    sys.exit("gen-tracepoint-data.py: %s is %s here, %s on %s"
                             % (mine, match[0], other, rel))
            print("class\t%s\t%s" % (mine, match[0]))
# the other kernels' events this one has no line for, where they agree
merged = {}
for rel, got in others:
    for ev, cls in got.items():
        if merged.setdefault(ev, (cls, rel))[0] != cls:
            sys.exit("gen-tracepoint-data.py: %s is %s on %s, %s on %s"
                     % (ev, merged[ev][0], merged[ev][1], cls, rel))
for ev in sorted(merged):
    print("class\t%s\t%s" % (ev, merged[ev][0]))
