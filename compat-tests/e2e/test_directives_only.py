#!/usr/bin/python3
"""A text of preprocessor checks only (BCC's own cflags test: `#ifndef MYFLAG
#error ... #endif` with cflags -DMYFLAG). BCC compiles it to an empty module;
so does bcc2core, with a warning, and the drop-in `BPF(text=, cflags=)` loads
it. Without the flag the #error is reported at its line. A file of comments
only is still refused: nothing in it says it is meant to be empty."""
import os
import subprocess
import tempfile

from e2e_common import fail, require_root

BCC2CORE = os.environ["BCC2CORE"]
TEXT = '#ifndef MYFLAG\n#error "MYFLAG not set as expected"\n#endif\n'

DROPIN = '''
import sys, time
from bcc import BPF
text = open(sys.argv[1]).read()
b = BPF(text=text, cflags=["-DMYFLAG"])
time.sleep(0.01)          # a cache miss is built and loaded here
print("flag:", "loaded" if b._rt is not None else "not loaded")
'''


def build(path, *flags):
    return subprocess.run([BCC2CORE, "build", *flags, path, "-o", path + ".o"],
                          capture_output=True, text=True, timeout=120)


require_root()
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    src = os.path.join(tmp, "p.c")
    with open(src, "w") as f:
        f.write(TEXT)

    r = build(src, "-D", "MYFLAG")
    if r.returncode != 0:
        fail(f"build -D MYFLAG exited {r.returncode}: {r.stderr}")
    if "p.c: warning: nothing is left of it after preprocessing" not in r.stderr:
        fail(f"no warning that the object is empty: {r.stderr!r}")
    v = subprocess.run([BCC2CORE, "verify", src + ".o"], capture_output=True, text=True,
                       timeout=60)
    if v.returncode != 0 or "0 verified, 0 skipped" not in v.stdout:
        fail(f"verify exited {v.returncode}: {v.stdout}{v.stderr}")

    os.unlink(src + ".o")
    r = build(src)
    if r.returncode != 1 or 'p.c:2:2: error: "MYFLAG not set as expected"' not in r.stderr:
        fail(f"without the flag: exit {r.returncode}, {r.stderr!r}")
    if os.path.exists(src + ".o"):
        fail("an object was written although the build failed")

    comments = os.path.join(tmp, "c.c")
    with open(comments, "w") as f:
        f.write("/* a program will be here */\n// and here\n")
    r = build(comments)
    if r.returncode != 1 or "c.c: error: no BPF program and no table in it" not in r.stderr:
        fail(f"a file of comments only: exit {r.returncode}, {r.stderr!r}")

    script = os.path.join(tmp, "dropin.py")
    with open(script, "w") as f:
        f.write(DROPIN)
    pp = subprocess.run([BCC2CORE, "python-path"], capture_output=True, text=True,
                        check=True).stdout.strip()
    env = dict(os.environ, PYTHONPATH=pp, BCC2CORE_CACHE_DIR=os.path.join(tmp, "cache"))
    d = subprocess.run(["/usr/bin/python3", script, src], capture_output=True, text=True,
                       env=env, timeout=120)
    if d.returncode != 0 or "flag: loaded" not in d.stdout:
        fail(f"drop-in BPF(text=, cflags=['-DMYFLAG']): exit {d.returncode}, "
             f"{d.stdout!r} {d.stderr[-600:]!r}")
print("PASS: directives only: an empty object with a warning (and under the drop-in), "
      "the #error at its line without the flag, comments only refused")
