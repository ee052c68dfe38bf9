#!/usr/bin/python3
"""One side of bench/kcost.py: loads PROG.bcc.c with whichever `bcc`
package PYTHONPATH gives (BCC's, or bcc2core's drop-in one), with the
given cflags, attaches it as BCC would (auto-attach names, plus the attach
specs given, in the form `bcc2core build --attach` takes), prints the ids
of the BPF programs it holds as one JSON line, and waits for stdin to close.
Opens no perf or ring buffer: a program's output goes nowhere on either
side.

    kcost_side.py PROG.bcc.c [-DNAME[=VAL]]... [SPEC]...

SPEC: kprobe:FN=PROG, kretprobe:FN=PROG, ksyscall:NAME=PROG (BCC's
attach_kprobe(event=get_syscall_fnname(NAME))), kretsyscall:NAME=PROG,
tracepoint:CAT:EV=PROG, raw_tracepoint:EV=PROG, uprobe:LIB:SYM=PROG,
uretprobe:LIB:SYM=PROG (LIB a soname such as libc.so.6 is looked up as
`bcc2core diff`'s BCC side does). FN may be "re:REGEX"
(attach_kprobe(event_re=))."""
import json
import os
import sys

from bcc import BPF

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "data"))
from bcc2core_diff_bcc import attach as attach_spec  # noqa: E402
from kcost import bpf_prog_ids  # noqa: E402  (kcost.py beside this script)


def attach(b, spec):
    """One attach call, as a BCC tool makes it, for @spec: the one diff's
    BCC side makes (bcc2core_diff_bcc.attach()), or attach_kprobe(event_re=)
    for a "re:" target."""
    where, _, prog = spec.rpartition("=")
    kind, _, target = where.partition(":")
    if kind in ("kprobe", "kretprobe") and target.startswith("re:"):
        call = b.attach_kprobe if kind == "kprobe" else b.attach_kretprobe
        call(event_re=target[3:], fn_name=prog)
    else:
        attach_spec(b, spec)


def main():
    cflags = [a for a in sys.argv[2:] if a.startswith("-D")]
    specs = [a for a in sys.argv[2:] if not a.startswith("-D")]
    with open(sys.argv[1]) as f:
        b = BPF(text=f.read(), cflags=cflags)
    for spec in specs:
        attach(b, spec)
    print(json.dumps(sorted(bpf_prog_ids())), flush=True)
    sys.stdin.read()
    b.cleanup()


if __name__ == "__main__":
    main()
