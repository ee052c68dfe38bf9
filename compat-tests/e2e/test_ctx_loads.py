#!/usr/bin/python3
"""Tracepoint fields are read as direct CO-RE loads of the context (as BCC
reads them: no probe-read helper call), and where clang moved the context
pointer before such a load (golden tp_field_twice, tcplife's pattern) build
converts again with that field read once, at the program's start, by one
direct load (one relocated offset, which clang folds into the load), the
other fields as they were, so the object verifies with no probe read."""
import os
import re
import tempfile

from e2e_common import build_verified, fail, require_root, sections

BCC2CORE = os.environ["BCC2CORE"]
SRC = os.environ.get("BCC2CORE_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")
DIRECT = os.path.join(SRC, "bench", "kcost", "sched_switch.bcc.c")
MOVED = os.path.join(SRC, "compat-tests", "golden", "tp_field_twice.bcc.c")
PROBE_READ_CALLS = ("bpf_probe_read_kernel", "call 113", "call 4")


def build(src, obj, flags=(), progs=1):
    return build_verified(BCC2CORE, src, obj, flags, progs)


require_root()
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    err, code = build(DIRECT, os.path.join(tmp, "direct.o"))
    if "converting again" in err:
        fail(f"sched_switch was converted again: {err}")
    if any(c in code for c in PROBE_READ_CALLS):
        fail("sched_switch's args->prev_pid is read by a probe-read call, not loaded:\n" + code)

    # the tracepoint program (and its tp_btf form, which reads the socket)
    err, code = build(MOVED, os.path.join(tmp, "moved.o"), progs=2)
    code = sections(code).get("tracepoint/sock/inet_sock_set_state", "")
    said = "converting again with trace_event_raw_inet_sock_set_state.newstate read " \
        "once, at the program's start"
    if said not in err:
        fail(f"tp_field_twice: no second conversion for newstate said (clang 14 moves the "
             f"pointer there): {err}")
    if any(c in code for c in PROBE_READ_CALLS):
        fail("tp_field_twice: a field is still read by a probe-read call:\n" + code)
    # newstate (u32) once, family (u16) once: loads of the context register
    for size in ("u32", "u16"):
        loads = re.findall(r"= \*\(%s \*\)\(r[0-9] \+ \d+\)" % size, code)
        if len(loads) != 1:
            fail(f"tp_field_twice: {len(loads)} {size} loads of the context, want 1:\n" + code)

    # the same body in a second program whose name ends with the first's:
    # each program declares its own local (one's record of the field read
    # once must not be taken for the other's); each with its tp_btf form
    text = open(MOVED).read()
    at = text.index("TRACEPOINT_PROBE")
    other = text[at:].replace("TRACEPOINT_PROBE(sock, inet_sock_set_state)",
                              "int xtracepoint__sock__inet_sock_set_state("
                              "struct tracepoint__sock__inet_sock_set_state *args)")
    two = os.path.join(tmp, "two.bcc.c")
    with open(two, "w") as f:
        f.write(text[:at] + other + "\n" + text[at:])
    build(two, os.path.join(tmp, "two.o"), progs=4,
          flags=["--attach", "tracepoint:sock:inet_sock_set_state="
                 "xtracepoint__sock__inet_sock_set_state"])
print("PASS: tracepoint fields loaded directly; a moved context pointer converts again "
      "with that field read once at the start (in each program), and verifies")
