#!/usr/bin/python3
"""BCC's cross-program tables: while a run of a program with a
BPF_TABLE_PUBLIC table lives, another program's BPF_TABLE("extern", ...) of
that name is that very map (both count into it); without the exporter the
extern run fails with a clear error; a size mismatch is an error; and when
both runs end the map is gone (nothing pinned)."""
import json
import os
import subprocess
import sys
import tempfile
import time

from e2e_common import fail, require_root

BCC2CORE = os.environ["BCC2CORE"]
PROGS = os.path.join(os.path.dirname(__file__), "progs")


def maps_of(stdout):
    return {r["name"]: {e["key"]: e["value"] for e in r["entries"]}
            for r in map(json.loads, stdout.splitlines()) if r["type"] == "map"}


def live_maps(name):
    out = subprocess.run(["bpftool", "-j", "map", "list"], capture_output=True, text=True,
                         check=True).stdout
    return [m for m in json.loads(out or "[]") if m.get("name") == name[:15]]


require_root()
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    objs = {}
    for p in ("shared_export", "shared_extern", "shared_extern_mismatch"):
        objs[p] = os.path.join(tmp, p + ".bpf.o")
        subprocess.run([BCC2CORE, "build", os.path.join(PROGS, p + ".bcc.c"), "-o", objs[p]],
                       check=True, capture_output=True)
    if live_maps("shared_execs"):
        print("SKIP: a map named shared_execs is already loaded")
        sys.exit(77)

    # no exporter: a clear error, nothing loaded
    r = subprocess.run([BCC2CORE, "run", objs["shared_extern"], "--", "true"],
                       capture_output=True, text=True, timeout=60)
    if r.returncode == 0 or "extern table shared_execs: no running program shares" not in r.stderr \
            or "did not accept" in r.stderr:
        fail(f"extern without an exporter: exit {r.returncode}, {r.stderr!r}")

    exporter = subprocess.Popen([BCC2CORE, "run", "--json", objs["shared_export"], "--",
                                 "sleep", "4"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
    try:
        for _ in range(100):
            if live_maps("shared_execs"):
                break
            time.sleep(0.05)
        else:
            fail("the exporter's map never showed up")
        r = subprocess.run([BCC2CORE, "run", "--json", objs["shared_extern"], "--", "sh", "-c",
                            "/bin/true; /bin/true; /bin/true"],
                           capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            fail(f"extern run: exit {r.returncode}: {r.stderr}")
        ext = maps_of(r.stdout).get("shared_execs", {})
        if ext.get(2, 0) < 4:   # sh and its three execs
            fail(f"extern run counted {ext.get(2)} execs under key 2, expected >= 4: {ext}")
        m = subprocess.run([BCC2CORE, "run", objs["shared_extern_mismatch"], "--", "true"],
                           capture_output=True, text=True, timeout=60)
        if m.returncode == 0 or "key/value of 4/4 bytes here, 4/8" not in m.stderr:
            fail(f"size mismatch: exit {m.returncode}, {m.stderr!r}")
        out, err = exporter.communicate(timeout=60)
    finally:
        if exporter.poll() is None:
            exporter.kill()
            exporter.wait()
    if exporter.returncode != 0:
        fail(f"exporter: exit {exporter.returncode}: {err}")
    exp = maps_of(out).get("shared_execs", {})
    if exp.get(2, 0) < ext.get(2, 0) or exp.get(1, 0) < 4:
        fail(f"the exporter's table {exp} lacks the extern program's counts {ext}")
    for _ in range(40):   # the kernel frees a map shortly after its last fd
        if not live_maps("shared_execs"):
            break
        time.sleep(0.05)
    else:
        fail("the shared map outlived both runs")
    print(f"PASS: one table for both programs ({exp}); no exporter, a mismatch: errors; "
          f"nothing left")
