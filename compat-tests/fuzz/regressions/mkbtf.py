#!/usr/bin/python3
"""Writes the raw-BTF regression inputs of fuzz_object (regressions/README.md):
small, hand-made type sections, each the smallest form of a crash the fuzzer
found in runtime/btf_render.c. fuzz_object renders every type at its full
size and at a third of it (a perf/ring record shorter than its type).

    mkbtf.py [OUTDIR]   (default: regressions/fuzz_object beside this file)
"""
import os
import struct
import sys

INT, PTR, STRUCT, ENUM, FLOAT = 1, 2, 4, 6, 16


class Btf:
    def __init__(self):
        self.types = b""
        self.strs = b"\0"

    def s(self, name):
        if not name:
            return 0
        off = len(self.strs)
        self.strs += name.encode() + b"\0"
        return off

    def t(self, name_off, kind, vlen, size_or_type, kflag=0, extra=b""):
        info = (kflag << 31) | (kind << 24) | vlen
        self.types += struct.pack("<III", name_off, info, size_or_type) + extra

    def int_(self, name, size, bits, signed=False):
        self.t(self.s(name), INT, 0, size, extra=struct.pack("<I", (int(signed) << 24) | bits))

    def blob(self):
        hdr = struct.pack("<HBBIIIII", 0xEB9F, 1, 0, 24, 0, len(self.types), len(self.types),
                          len(self.strs))
        return hdr + self.types + self.strs


def members(*ms):
    return b"".join(struct.pack("<III", *m) for m in ms)


def cases():
    # a pointer read as 8 bytes from a 2-byte record (btf_render.c: BTF_KIND_PTR)
    b = Btf()
    b.t(0, PTR, 0, 0)
    yield "btf-short-record-ptr.btf", b

    # an enum read as 4 bytes from a 1-byte record (BTF_KIND_ENUM)
    b = Btf()
    b.t(b.s("e"), ENUM, 1, 4, extra=struct.pack("<Ii", b.s("A"), 1))
    yield "btf-short-record-enum.btf", b

    # a double read as 8 bytes from a 2-byte record (BTF_KIND_FLOAT)
    b = Btf()
    b.t(b.s("double"), FLOAT, 0, 8)
    yield "btf-short-record-float.btf", b

    # a bitfield straddling the end of a short record (render_int's memcpy)
    b = Btf()
    b.int_("unsigned int", 4, 32)
    b.t(b.s("s"), STRUCT, 1, 4, kflag=1, extra=members((b.s("x"), 1, (12 << 24) | 4)))
    yield "btf-short-record-bitfield.btf", b

    # an __int128 bitfield: both halves read from a 5-byte record (render_int)
    b = Btf()
    b.int_("unsigned __int128", 16, 128)
    b.t(b.s("s"), STRUCT, 1, 16, kflag=1, extra=members((b.s("x"), 1, (3 << 24) | 0)))
    yield "btf-short-record-int128-bitfield.btf", b

    # a member whose name offset is past the strings: btf__name_by_offset()
    # gives NULL, render_members() calls strlen(NULL)
    b = Btf()
    b.int_("int", 4, 32, signed=True)
    b.t(b.s("s"), STRUCT, 1, 4, extra=members((0x7FFF, 1, 0)))
    yield "btf-member-name-out-of-range.btf", b

    # a struct with an anonymous member of its own type: render_members()
    # recurses into anonymous members without counting depth (render()'s
    # depth > 32 guard never runs) until the stack overflows
    b = Btf()
    b.t(b.s("loop"), STRUCT, 1, 8, extra=members((0, 1, 0)))
    yield "btf-anonymous-member-loop.btf", b

    # a struct with two named members of its own type, both at offset 0:
    # render()'s depth guard (32) bounds the depth, not the work: 2^32
    # members rendered, the output grows until the run times out or OOMs
    b = Btf()
    b.t(b.s("fan"), STRUCT, 2, 8, extra=members((b.s("a"), 1, 0), (b.s("b"), 1, 0)))
    yield "btf-self-member-fanout.btf", b

    # a signed int of 0 bits: sign_extend() shifts by 64 (UBSan shift-exponent)
    b = Btf()
    b.int_("int", 4, 0, signed=True)
    yield "btf-int-zero-bits.btf", b

    # a packed struct (valid C, valid BTF): the u32 at offset 1 is loaded
    # through a misaligned __u32 pointer (load_uint)
    b = Btf()
    b.int_("unsigned char", 1, 8)
    b.int_("unsigned int", 4, 32)
    b.t(b.s("packed_t"), STRUCT, 2, 5, extra=members((b.s("a"), 1, 0), (b.s("b"), 2, 8)))
    yield "btf-packed-struct-misaligned.btf", b


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(
        os.path.abspath(__file__)), "fuzz_object")
    os.makedirs(out, exist_ok=True)
    for name, b in cases():
        with open(os.path.join(out, name), "wb") as f:
            f.write(b.blob())
        print(name)
