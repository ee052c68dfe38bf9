#!/usr/bin/python3
"""One side of bench/kcost.py: loads PROG.bcc.c with whichever `bcc`
package PYTHONPATH gives (BCC's, or bcc2core's drop-in one), attaches it as
BCC would (auto-attach names, plus "uprobe:LIB:SYM=FN" arguments), prints
the ids of the BPF programs it holds as one JSON line, and waits for stdin
to close.

    kcost_side.py PROG.bcc.c [uprobe:LIB:SYM=FN]..."""
import json
import os
import sys
import time

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


def main():
    with open(sys.argv[1]) as f:
        b = BPF(text=f.read())
    for spec in sys.argv[2:]:
        kind, _, rest = spec.partition(":")
        where, _, fn = rest.partition("=")
        lib, _, sym = where.partition(":")
        if kind != "uprobe":
            sys.exit("kcost_side.py: unknown attach spec " + spec)
        b.attach_uprobe(name=lib, sym=sym, fn_name=fn)
    print(json.dumps(prog_ids()), flush=True)
    sys.stdin.read()
    b.cleanup()


if __name__ == "__main__":
    main()
