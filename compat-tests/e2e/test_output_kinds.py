#!/usr/bin/python3
"""Every output kind against ground truth: a known process (cat) opens
known files; the perf buffer and ring buffer events, the printk lines, the
histogram, the array and the per-CPU array must all report exactly those."""
import json
import os
import subprocess
import tempfile

from e2e_common import fail, require_root


def possible_cpus():
    """a per-CPU value has one slot per possible CPU ("0-3,8" -> 5)"""
    n = 0
    for part in open("/sys/devices/system/cpu/possible").read().strip().split(","):
        lo, _, hi = part.partition("-")
        n += int(hi or lo) - int(lo) + 1
    return n


BCC2CORE = os.environ["BCC2CORE"]
SRC = os.path.join(os.path.dirname(__file__), "progs", "output_kinds.bcc.c")


def log2l(v):
    return v.bit_length()   # BCC's bpf_log2l: floor(log2 v) + 1


require_root()
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    obj = os.path.join(tmp, "prog.bpf.o")
    subprocess.run([BCC2CORE, "build", SRC, "-o", obj], check=True)
    # the program matches paths whose characters 5.. spell the marker: /tmp/ + marker
    os.makedirs("/tmp", exist_ok=True)
    names = [f"/tmp/bcc2core-marker-{os.getpid()}-{i}" + "x" * (i * 10) for i in range(3)]
    for n in names:
        open(n, "w").close()
    pidfile = os.path.join(tmp, "pid")
    try:
        res = subprocess.run([BCC2CORE, "run", "--json", obj, "--", "sh", "-c",
                              f"echo $$ > {pidfile}; exec cat {' '.join(names)}"],
                             capture_output=True, text=True, timeout=60)
    finally:
        for n in names:
            os.unlink(n)
    if res.returncode != 0:
        fail(f"run exited {res.returncode}: {res.stderr}")
    pid = int(open(pidfile).read())
    recs = [json.loads(l) for l in res.stdout.splitlines()]
    for chan in ("events", "ring"):
        evs = [r["data"] for r in recs if r["type"] == "event" and r["name"] == chan]
        got = [(e["pid"], e["comm"], e["fname"]) for e in evs]
        if got != [(pid, "cat", n) for n in names]:
            fail(f"{chan}: {got}")
    printks = [r["text"] for r in recs if r["type"] == "printk"]
    if printks != [f"open {n} by {pid}" for n in names]:
        fail(f"printk: {printks}")
    maps = {r["name"]: r for r in recs if r["type"] == "map"}
    hist = {e["key"]: e["value"] for e in maps["name_len"]["entries"] if e["value"]}
    want = {}
    for n in names:
        b = log2l(len(n) + 1)   # bpf_probe_read_user_str counts the NUL
        want[b] = want.get(b, 0) + 1
    if hist != want:
        fail(f"histogram {hist}, expected {want}")
    if maps["opens"]["entries"] != [{"key": 0, "value": 3}]:
        fail(f"opens: {maps['opens']['entries']}")
    percpu = maps["opens_percpu"]["entries"][0]["value"]
    if sum(percpu) != 3 or len(percpu) != possible_cpus():
        fail(f"opens_percpu: {percpu}: want a value per possible CPU "
             f"({possible_cpus()}) summing to 3")
    if maps["opens_percpu"]["kind"] != "percpu_array" or maps["name_len"]["kind"] != "array":
        fail("map kinds: " + str({k: v["kind"] for k, v in maps.items()}))
    print(f"PASS: cat (pid {pid}) opened {len(names)} files: perf, ring, printk, "
          "histogram, array and per-CPU array agree")
