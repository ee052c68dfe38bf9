#!/usr/bin/python3
"""proto.h packet headers against known bytes (BPF_PROG_TEST_RUN): the
socket filter keeps an HTTP GET and drops UDP and non-GET payloads; the tc
program's writes land at the right bits (ttl, tos, the df flag)."""
import os
import subprocess
import tempfile

from e2e_common import fail, require_root

BCC2CORE = os.environ["BCC2CORE"]
RUNNER = os.environ["PACKET_RUN"]
# the golden test's input: converted there, run on known packets here
SRC = os.path.join(os.path.dirname(__file__), "..", "golden", "packet_headers.bcc.c")


def packet(proto=6, payload=b"GET / HTTP/1.1\r\n", df=True):
    eth = bytes(6) + bytes.fromhex("020000000001") + b"\x08\x00"
    l4 = (bytes.fromhex("3039005000000001000000005002ffff00000000") if proto == 6
          else bytes.fromhex("303900350010" "0000"))
    tlen = 20 + len(l4) + len(payload)
    ip = bytes([0x45, 0x10]) + tlen.to_bytes(2, "big") + b"\x12\x34" + \
        (b"\x40\x00" if df else b"\x00\x00") + bytes([64, proto]) + b"\x00\x00" + \
        bytes([10, 0, 0, 1, 10, 0, 0, 2])
    return eth + ip + l4 + payload


def run(obj, prog, pkt):
    res = subprocess.run([RUNNER, obj, prog, pkt.hex()], capture_output=True, text=True)
    if res.returncode:
        fail(f"{prog}: {res.stderr}")
    ret, out = res.stdout.split()
    return int(ret), bytes.fromhex(out)


require_root()
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    obj = os.path.join(tmp, "p.bpf.o")
    # both as tc programs: BPF_PROG_TEST_RUN hands socket filters the packet
    # from the IP header on, tc programs from the Ethernet header, as an
    # AF_PACKET socket (where BCC attaches http_filter) does
    subprocess.run([BCC2CORE, "build", "--attach", "section:tc=http_filter",
                    "--attach", "section:tc=set_ttl", SRC, "-o", obj], check=True)
    keep = 0xffffffff
    for name, pkt, want in (("HTTP GET", packet(), keep), ("UDP", packet(17), 0),
                            ("POST", packet(payload=b"POST / HTTP/1.1"), 0),
                            ("short payload", packet(payload=b"GE"), 0)):
        ret, _ = run(obj, "http_filter", pkt)
        if ret != want:
            fail(f"http_filter on {name}: {ret:#x}, expected {want:#x}")
    pkt = packet()
    ret, out = run(obj, "set_ttl", pkt)
    want = bytearray(pkt)
    want[14 + 1] = 8          # tos = ttl + 1
    want[14 + 6] = 0x00       # df cleared (flags byte 0x40 -> 0x00)
    want[14 + 8] = 7          # ttl
    if ret != 0 or out != bytes(want):
        fail(f"set_ttl: ret {ret}, packet {out[14:34].hex()} expected {bytes(want)[14:34].hex()}")
    print("PASS: http_filter keeps only the GET; set_ttl wrote ttl, tos and df at their bits")
