#!/usr/bin/python3
"""Kernel headers a program reaches through a header of its own are stood in
one per parse, up to 64 parses: 63 such headers convert, 64 make the parse
give up, saying where the last one is included, instead of going on with a
parse that failed."""
import os
import re
import subprocess
import tempfile

from e2e_common import fail

BCC2CORE = os.environ["BCC2CORE"]
PROG = '#include "many.h"\nTRACEPOINT_PROBE(sched, sched_process_exec)\n{\n\treturn 0;\n}\n'


def convert(headers):
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "many.h"), "w") as f:
            f.writelines(f"#include <linux/bcc2core_nope{i}.h>\n" for i in range(1, headers + 1))
        with open(os.path.join(d, "p.c"), "w") as f:
            f.write(PROG)
        return subprocess.run([BCC2CORE, "convert", os.path.join(d, "p.c")],
                              capture_output=True, text=True, timeout=120)


res = convert(63)
if res.returncode != 0 or "error" in res.stderr or \
        'SEC("tracepoint/sched/sched_process_exec")' not in res.stdout:
    fail(f"63 headers: exit {res.returncode}\n{res.stderr}")
res = convert(64)
if res.returncode != 1 or not re.search(r"many\.h:64:10: error: 'linux/bcc2core_nope64\.h' file not found\n"
                                        r"[^\n]*p\.c: error: gave up after 64 parses", res.stderr):
    fail(f"64 headers: exit {res.returncode}, expected 1 and where it gave up\n{res.stderr}")
if res.stdout:
    fail(f"64 headers: output after giving up:\n{res.stdout[:400]}")
print("PASS: 63 headers stood in one per parse; at 64 the parse gives up and says where")
