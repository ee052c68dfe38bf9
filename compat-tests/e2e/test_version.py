#!/usr/bin/python3
"""bcc2core --version: its own version, its converter build (the object
cache's key), and the versions of libbpf (the runtime),
libclang (the rewriter module) and the clang it compiles BPF with; on a
machine without the rewriter module it says so and still exits 0."""
import os
import re
import subprocess

from e2e_common import fail

BCC2CORE = os.environ["BCC2CORE"]


def version(env=None):
    r = subprocess.run([BCC2CORE, "--version"], capture_output=True, text=True, timeout=30,
                       env=dict(os.environ, **(env or {})))
    if r.returncode != 0 or r.stderr:
        fail(f"--version exited {r.returncode}, stderr {r.stderr!r}")
    return r.stdout.splitlines()


lines = version()
want = [r"bcc2core \d+\.\d+\.\d+$",
        r"converter build [0-9a-f]{16} \(the object cache keys objects with it\)$",
        r"libbpf \d+\.\d+$",
        r"libclang .*clang version \d+\.\d+\.\d+.* \(the rewriter\)$",
        r"clang for BPF: /\S+ \(.*clang version \d+\.\d+\.\d+.*\)$"]
if len(lines) != len(want) or not all(re.match(w, l) for w, l in zip(want, lines)):
    fail(f"--version printed {lines}")
lines = version({"BCC2CORE_REWRITER": "/nonexistent/libbcc2core_rewriter.so"})
if len(lines) != 5 or not lines[3].startswith("libclang: the rewriter module is not installed"):
    fail(f"--version without the rewriter printed {lines}")
print("PASS: --version names bcc2core, its converter build, libbpf, libclang and clang; "
      "without the rewriter it says so")
