#!/usr/bin/python3
"""A copy of a tracepoint's context array (memcpy(dst, args->saddr, 4),
tcpstates' and tcplife's addresses) of up to 16 bytes is direct loads, each
at its own relocated offset: no probe-read helper call, the object verifies,
and the bytes are the kernel's (a v4 and a v6 connection over loopback),
through word loads where the field is aligned and through the byte loads
put together that a kernel where it is not takes. A longer copy stays a
probe read, and so does a copy from a record that other kernels name
otherwise (tcpretrans' tcp_retransmit_skb: no one field access to
relocate); that object verifies at the first conversion. A task's comm
copied into a map value, from a sched tracepoint's record or in its tp_btf
form from the task, is two word loads and two word stores, as BCC's copy.
The socket's addresses in inet_sock_set_state's tp_btf form, which reads
them from the socket, carry the same bytes; the tracepoint form runs where
the kernel has no BTF (the object's bundled one for CO-RE)."""
import json
import os
import re
import socket
import subprocess
import tempfile
import threading
import time

from e2e_common import btfhub_of_this_kernel, build_verified, fail, require_root, sections

BCC2CORE = os.environ["BCC2CORE"]
SRC = os.environ.get("BCC2CORE_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")
COPIES = os.path.join(SRC, "compat-tests", "golden", "ctx_array_copies.bcc.c")
OTHER_RECORD = os.path.join(SRC, "compat-tests", "corpus", "tools", "tcpretrans.bcc.c")
# sched_switch's comms, copied into map values: in its tp_btf form a task's
SCHED = os.path.join(SRC, "compat-tests", "guest", "progs", "sched_events.bcc.c")
LOOPBACK4 = 0x0100007f			# 127.0.0.1 as the u32 the bytes make
LOOPBACK6 = [0, 1 << 56]		# ::1 as the two u64 halves of the __int128


def build(src, obj, progs, flags=()):
    return build_verified(BCC2CORE, src, obj, flags, progs=progs)


def connect_loopback():
    time.sleep(1.5)
    for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        with socket.socket(family) as srv:
            srv.bind((host, 0))
            srv.listen()
            with socket.create_connection(srv.getsockname()[:2]):
                conn, _ = srv.accept()
                conn.close()


def convert(src, tmp):
    out = os.path.join(tmp, os.path.basename(src).replace(".bcc.c", ".bpf.c"))
    subprocess.run([BCC2CORE, "convert", src, "-o", out], check=True, timeout=60)
    return out


# the tracepoint form where the kernel has no BTF of its own (CO-RE from
# the object's bundle): the context's copies; the tp_btf form where it has
NO_KERNEL_BTF = {"BCC2CORE_KERNEL_BTF": "/nonexistent", "BCC2CORE_NO_BTF_CACHE": "1"}
FORM = "tracepoint__sock__inet_sock_set_state"


def check_addresses(obj, how, env=None, form=FORM + ": attached (tracepoint/"):
    """@obj's events over a v4 and a v6 loopback connection carry their
    addresses (@how the copies were made), from @form"""
    t = threading.Thread(target=connect_loopback)
    t.start()
    r = subprocess.run([BCC2CORE, "-v", "run", "--json", "--duration", "4", obj],
                       capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, **(env or {})))
    t.join()
    if r.returncode:
        fail(f"run ({how}): exit {r.returncode}: {r.stderr[-800:]}")
    if form not in r.stderr:
        fail(f"run ({how}): '{form}' not said:\n{r.stderr[-1500:]}")
    seen = {"ipv4_events": 0, "ipv6_events": 0}
    for line in r.stdout.splitlines():
        ev = json.loads(line)
        if ev.get("type") != "event" or ev["name"] not in seen:
            continue
        d = ev["data"]
        want = LOOPBACK4 if ev["name"] == "ipv4_events" else LOOPBACK6
        # a listening socket has no peer yet: daddr 0; saddr is always ours
        if d["saddr"] != want or d["daddr"] not in (want, 0, [0, 0]):
            fail(f"{ev['name']} ({how}): saddr {d['saddr']} daddr {d['daddr']}, "
                 f"want {want}:\n{line}")
        seen[ev["name"]] += d["daddr"] == want
    if not all(seen.values()):
        fail(f"{how}: no connected event with both addresses for each family: {seen}\n"
             f"{r.stdout[-2000:]}")


require_root()
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    obj = os.path.join(tmp, "copies.o")
    hub = btfhub_of_this_kernel(tmp)
    err, code = build(COPIES, obj, progs=3, flags=["--min-btf", hub])
    if "converting again" in err:
        fail(f"ctx_array_copies was converted again: {err}")
    # the 32-byte copy of task_rename, and no other in the tracepoints (the
    # tp_btf form reads the socket's inet_sock fields by probe reads)
    code = "".join(c for name, c in sections(code).items() if name.startswith("tracepoint/"))
    calls = code.count("call 113") + code.count("call 4\n")
    if calls != 1:
        fail(f"{calls} probe-read calls, want 1 (the copy over 16 bytes):\n{code}")

    check_addresses(obj, "word loads", NO_KERNEL_BTF)
    check_addresses(obj, "tp_btf: the socket's fields", form=FORM + "__tp_btf: attached (tp_btf/")

    # the other branch, the one a kernel whose field is not aligned takes:
    # the same converted text with the alignment test turned around
    text = open(convert(COPIES, tmp)).read()
    bytewise = re.sub(r"(bpf_core_field_offset\([^)]*\) % \d+) == 0", r"\1 != 0", text)
    if bytewise.count("!= 0") < 4:
        fail(f"no alignment test to turn around in the converted text:\n{text}")
    # without the tp_btf form, which this kernel would run
    bytewise, twins = re.subn(r'\nSEC\("tp_btf/.*?\n}\n', "\n", bytewise, flags=re.S)
    if twins != 1:
        fail(f"{twins} tp_btf forms in the converted text, want 1:\n{text}")
    src = os.path.join(tmp, "bytewise.bpf.c")
    with open(src, "w") as f:
        f.write(bytewise)
    obj = os.path.join(tmp, "bytewise.o")
    subprocess.run(["clang", "-target", "bpf", "-D__TARGET_ARCH_x86", "-g", "-O2",
                    "-I" + os.environ["BCC2CORE_DATADIR"],
                    "-idirafter", "/usr/include/x86_64-linux-gnu", "-c", src, "-o", obj],
                   check=True, timeout=120)
    check_addresses(obj, "loads put together from bytes")

    # both forms copy a comm as BCC's program does: word loads, word stores
    # (stored through a void * they were 16 byte stores each)
    err, code = build(SCHED, os.path.join(tmp, "sched.o"), progs=12)
    for form in ("tracepoint__sched__sched_switch", "tracepoint__sched__sched_switch__tp_btf"):
        m = re.search(r"<%s>:\n(.*?)(\n\n[0-9a-f]+ <[a-z]|\Z)" % form, code, re.S)
        if not m:
            fail(f"no {form} in the disassembly:\n{code}")
        body = m.group(1)
        if re.search(r"^\s*\d+:\s+([0-9a-f]{2}\s)*\*\(u8 \*\)", body, re.M) or "call 113" in body or \
                "call 4\n" in body:
            fail(f"{form}: its comm copies store bytes or call a probe read:\n{body}")
        if body.count("*(u64 *)(r0 + 16) =") != 2 or body.count("*(u64 *)(r0 + 24) =") != 2:
            fail(f"{form}: want each comm stored as two words at 16 and 24:\n{body}")
    # and the task's words at relocated offsets, not through a pointer the
    # program moves at run time (nor behind an alignment test)
    if re.search(r"\+= r\d", body) or "&= 7" in body:
        fail(f"tp_btf form: a comm's second word read through pointer arithmetic:\n{body}")

    err, code = build(OTHER_RECORD, os.path.join(tmp, "other.o"), progs=1)
    if "converting again" in err:
        fail(f"tcpretrans was converted again: {err}")
    text = open(convert(OTHER_RECORD, tmp)).read()
    copies = text.count("bpf_probe_read_kernel(&data4.saddr") + \
        text.count("bpf_probe_read_kernel(&data6.saddr")
    if "__bcc2core_d" in text or copies != 2:
        fail(f"tcpretrans: want its address copies as probe reads:\n{text}")
print("PASS: context array copies are direct loads with the kernel's bytes (v4 and v6); "
      "a longer copy, or one from a record other kernels name otherwise, is a probe read")
