#!/usr/bin/python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""BCC's side of bench/run.sh's startup figures: the usual BCC tool start.

    bcc_start.py PROG.bcc.c STAMP STAMPFILE

Imports bcc, compiles and loads PROG with BPF(text=...), which also attaches
its TRACEPOINT_PROBE()s (and kprobe__*/... auto-attach names); then runs the
"attached" marker STAMP STAMPFILE and waits for it, as `bcc2core run OBJ --
STAMP` does.
"""
import os
import sys

from bcc import BPF

src, stamp, stampfile = sys.argv[1:4]
with open(src) as f:
    b = BPF(text=f.read())
pid = os.posix_spawn(stamp, [stamp, stampfile], os.environ)
os.waitpid(pid, 0)
b.cleanup()
