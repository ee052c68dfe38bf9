#!/usr/bin/python3
"""A program whose locals are named like the ones inside bcc2core's map
helper macros (__key, __leaf, __n: argdist names its key __key) counts its
own keys: fsync() three times on a known fd gives that fd three times in
by_fd and six in plain (increment by __n = 2). When a macro's local captured
the argument, the key was the macro's own uninitialized variable."""
import json
import os
import subprocess

from e2e_common import fail, require_root

BCC2CORE = os.environ["BCC2CORE"]
PROG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "progs", "local_names.bcc.c")
WORK = ("import os, sys\n"
        "fd = os.open('/proc/self/exe', os.O_RDONLY)\n"
        "os.dup2(fd, 57)\n"
        "for _ in range(3): os.fsync(57)\n")

require_root()
r = subprocess.run([BCC2CORE, "run", "--json", PROG, "--", "/usr/bin/python3", "-c", WORK],
                   capture_output=True, text=True, timeout=120)
maps = {m["name"]: m for m in map(json.loads, r.stdout.splitlines()) if m["type"] == "map"}
if r.returncode or set(maps) != {"by_fd", "plain"}:
    fail(f"run: {r.returncode}\n{r.stdout}\n{r.stderr}")
by_fd = {e["key"]["v0"]: e["value"] for e in maps["by_fd"]["entries"]}
plain = {e["key"]: e["value"] for e in maps["plain"]["entries"]}
if by_fd.get(57) != 3 or plain.get(57) != 6:
    fail(f"want fd 57 counted 3 times in by_fd and 6 in plain: {by_fd} {plain}")
print("PASS: locals named __key, __leaf, __n count the program's own keys")
