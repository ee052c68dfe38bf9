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
uretprobe:LIB:SYM=PROG. FN may be "re:REGEX" (attach_kprobe(event_re=))."""
import json
import os
import sys

from bcc import BPF


def prog_ids():
    """The ids of the BPF programs this process holds, from its fds."""
    ids = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink("/proc/self/fd/" + fd) != "anon_inode:bpf-prog":
                continue
            with open("/proc/self/fdinfo/" + fd) as f:
                for line in f:
                    if line.startswith("prog_id:"):
                        ids.add(int(line.split()[1]))
        except OSError:
            pass
    return sorted(ids)


def kprobe_target(fn):
    """attach_kprobe()'s event= or event_re= for @fn."""
    if fn.startswith("re:"):
        return {"event_re": fn[3:]}
    return {"event": fn}


def attach(b, spec):
    """One attach call, as a BCC tool makes it, for @spec."""
    where, _, prog = spec.rpartition("=")
    kind, _, target = where.partition(":")
    if not prog or not target:
        sys.exit("kcost_side.py: bad attach spec " + spec)
    if kind == "kprobe":
        b.attach_kprobe(fn_name=prog, **kprobe_target(target))
    elif kind == "kretprobe":
        b.attach_kretprobe(fn_name=prog, **kprobe_target(target))
    elif kind == "ksyscall":
        b.attach_kprobe(event=b.get_syscall_fnname(target), fn_name=prog)
    elif kind == "kretsyscall":
        b.attach_kretprobe(event=b.get_syscall_fnname(target), fn_name=prog)
    elif kind == "tracepoint":
        b.attach_tracepoint(tp=target, fn_name=prog)
    elif kind == "raw_tracepoint":
        b.attach_raw_tracepoint(tp=target, fn_name=prog)
    elif kind in ("uprobe", "uretprobe"):
        lib, _, sym = target.rpartition(":")
        call = b.attach_uprobe if kind == "uprobe" else b.attach_uretprobe
        call(name=lib, sym=sym, fn_name=prog)
    else:
        sys.exit("kcost_side.py: unknown attach spec " + spec)


def main():
    cflags = [a for a in sys.argv[2:] if a.startswith("-D")]
    specs = [a for a in sys.argv[2:] if not a.startswith("-D")]
    with open(sys.argv[1]) as f:
        b = BPF(text=f.read(), cflags=cflags)
    for spec in specs:
        attach(b, spec)
    print(json.dumps(prog_ids()), flush=True)
    sys.stdin.read()
    b.cleanup()


if __name__ == "__main__":
    main()
