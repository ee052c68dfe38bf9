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

usage: gen-tracepoint-data.py [TRACEFS [BTF]] > data/tracepoints.txt
"""
import json
import os
import re
import subprocess
import sys

tracefs = sys.argv[1] if len(sys.argv) > 1 else "/sys/kernel/tracing"
btf_path = sys.argv[2] if len(sys.argv) > 2 else "/sys/kernel/btf/vmlinux"
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
print("# What kernel BTF does not say about tracepoints, from the tracefs of Linux %s" % release)
print("# (scripts/gen-tracepoint-data.py); `bcc2core build --tracefs DIR` reads a tracefs instead.")
print("# syscall EVENT\\tTYPE NAME...: a syscall tracepoint's arguments (sys_exit_*: long ret)")
print("# class CAT:EVENT\\tCLASS: the event's record is struct trace_event_raw_CLASS")
events = os.path.join(tracefs, "events")
for ev in sorted(os.listdir(os.path.join(events, "syscalls"))):
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
            continue
        td = by_name.get(("TYPEDEF", "btf_trace_" + ev))
        if not td:
            continue
        cands = classes.get(args_of(by_id[td["type_id"]]["type_id"]), [])
        if len(cands) < 2:
            continue
        want = [(name_of(d), off) for d, off in fields(cat, ev)]
        match = sorted(c for c in cands if layout(c) == want)
        if len({tuple(layout(c)) for c in cands}) > 1 and match:
            print("class\t%s:%s\t%s" % (cat, ev, match[0]))
