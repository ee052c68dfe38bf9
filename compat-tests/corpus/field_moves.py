#!/usr/bin/env python3
"""field_moves.py: the kernel fields the corpus reads that move between kernels.

Builds every corpus program (tools/*.bcc.c, examples/*.bcc.c, with their
.bcc.args) on this machine, reads each object's CO-RE relocations
(.BTF.ext), resolves every relocated field in the BTF of each kernel of the
matrix (this 6.18; Debian's 6.1, 6.1 PREEMPT_RT and 6.12, from their
packages' vmlinuz, as the guest lane caches them) the way libbpf does (by
essential name, members found by name through anonymous members), and lists
the fields whose offset, size or presence differs, with how the converted
program reads each one and whether that is right on every kernel:

  offset moves only          right: libbpf relocates the offset per kernel
  size changes, direct load  right if the field is an unsigned integer
                             (libbpf resizes the load); otherwise libbpf
                             refuses the program at load ("unexpected
                             size"): an error, never a wrong value
  size changes, probe read   right where the kernel's field is at least as
                             big as the build kernel's (the low bytes are
                             read) and the value fits; a field smaller on a
                             kernel than at build is WRONG (bytes past it)
  missing on a kernel        right when the object checks the field's
                             existence (a rename reader); otherwise that
                             program is refused at load there

  field_moves.py [--doc FILE] [--kernels host,6.1,6.1-rt,6.12] [--objects DIR]
                 [--max-refused N]

Exit status: 0 when no row is wrong (and at most N fields keep a program
from loading on a kernel), else 1; 77 when a guest kernel's package cannot
be had.
"""
import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "compat-tests", "guest"))
import btfread  # noqa: E402
from corpus import corpus_programs  # noqa: E402
import guest_lane  # noqa: E402

BCC2CORE = os.environ.get("BCC2CORE", os.path.join(REPO, "build", "bin", "bcc2core"))
FIELD_KINDS = {0, 1, 2, 3, 4, 5}      # the field_* relocation kinds
LDX_SIZES = {0x00: 4, 0x08: 2, 0x10: 1, 0x18: 8}
# record types of tracepoints that modules define: absent from vmlinux BTF
# where the module is not built in
MODULE_TYPES = {
    "trace_event_raw_kvm_entry": "kvm", "trace_event_raw_kvm_exit": "kvm",
    "trace_event_raw_kvm_hypercall": "kvm",
}


def essential(name):
    i = name.find("___")
    return name[:i] if i > 0 else name


def build_all(objdir):
    """{program name: object path}; programs that do not build are skipped
    (the corpus sweep reports those), their names returned apart"""
    built, failed = {}, []
    for name, src, args in corpus_programs():
        obj = os.path.join(objdir, name.replace("/", "_") + ".bpf.o")
        if not os.path.exists(obj):
            r = subprocess.run([BCC2CORE, "build", *args, src, "-o", obj],
                               capture_output=True, text=True)
            if r.returncode:
                failed.append(name)
                continue
        built[name] = obj
    return built, failed


class Target:
    """one kernel's BTF, with libbpf's candidate lookup"""

    def __init__(self, label, path):
        self.label = label
        with open(path, "rb") as f:
            self.btf = btfread.Btf(f.read())
        self.by_ess = {}
        for t in self.btf.types[1:]:
            if t.name:
                self.by_ess.setdefault((essential(t.name), t.kind), []).append(t.id)

    def find_member(self, tid, name):
        """(bit offset, member type, bitfield bits) of member @name of the
        struct/union @tid, looking into anonymous members as libbpf does"""
        t = self.btf.skip_mods(tid)
        if not t.members:
            return None
        for mname, mtype, moff, bits in t.members:
            if mname == name:
                return moff, mtype, bits
        for mname, mtype, moff, bits in t.members:
            if not mname:
                sub = self.find_member(mtype, name)
                if sub:
                    return moff + sub[0], sub[1], sub[2]
        return None


def local_path(local, relo):
    """the dotted path of a relocation, from the object's own types"""
    root = local.types[relo.type_id]
    path = [essential(root.name)]
    lt = relo.type_id
    for i in [int(x) for x in relo.access.split(":")][1:]:
        lty = local.skip_mods(lt)
        if lty.kind == 3:
            lt = lty.extra[0]
            path.append("[%d]" % i)
            continue
        mname, lt = lty.members[i][0], lty.members[i][1]
        if mname:
            path.append("." + mname)
    return "".join(path)


def resolve(local, relo, target):
    """what the relocated access is on @target: (bit offset, type id, bits)
    of the accessed field; None when the kernel lacks it, "type" when it
    lacks the root type itself"""
    root = local.types[relo.type_id]
    idx = [int(x) for x in relo.access.split(":")]
    cands = target.by_ess.get((essential(root.name), root.kind), [])
    if not cands:
        return "type"
    for cand in cands:
        lt, tt = relo.type_id, cand
        off = idx[0] * 8 * target.btf.size_of(cand)
        bits = 0
        ok = True
        for i in idx[1:]:
            lty = local.skip_mods(lt)
            if lty.kind == 3:                         # array element
                tty = target.btf.skip_mods(tt)
                if tty.kind != 3:
                    ok = False
                    break
                off += i * 8 * target.btf.size_of(tty.extra[0])
                lt, tt = lty.extra[0], tty.extra[0]
                continue
            mname, mtype, _, _ = lty.members[i]
            lt = mtype
            if not mname:                             # anonymous: found through
                continue
            found = target.find_member(tt, mname)
            if not found:
                ok = False
                break
            off += found[0]
            tt, bits = found[1], found[2]
        if ok:
            return off, tt, bits
    return None


def local_field(local, relo):
    """(byte size, signed) of the accessed field in the object's own types"""
    lt = relo.type_id
    for i in [int(x) for x in relo.access.split(":")][1:]:
        lty = local.skip_mods(lt)
        lt = lty.extra[0] if lty.kind == 3 else lty.members[i][1]
    return local.size_of(lt), local.is_signed(lt)


def how_read(relo):
    """'load N' for a direct load the relocation patches, else 'probe'"""
    op = relo.insn[0] if relo.insn else 0
    if op & 7 == 1:                                   # BPF_LDX
        return "load", LDX_SIZES[op & 0x18]
    return "probe", None


def collect(objects, targets):
    """{(path, access): row} over every field relocation of every object"""
    rows = {}
    for prog, obj in sorted(objects.items()):
        local, relos = btfread.core_relos(obj)
        # roots the object asks about (field/type exists): a read of one of
        # their spellings is chosen by that answer at load
        # (the reader of a renamed record asks about the build kernel's
        # name and reads a ___bcc2core flavour of the other: per program)
        asked, asking = set(), set()
        for r in relos:
            if r.kind in (2, 8):
                asked.add(essential(local.types[r.type_id].name))
                asking.add(r.section)
        for r in relos:
            if r.kind not in (0, 1):                  # offsets and sizes
                continue
            root = local.types[r.type_id].name
            path = local_path(local, r)
            per = []
            for t in targets:
                res = resolve(local, r, t)
                if res is None or res == "type":
                    per.append(res)
                else:
                    tt = t.btf.skip_mods(res[1])
                    per.append((res[0], t.btf.size_of(res[1]), t.btf.is_signed(res[1]),
                                res[2], t.btf.describe(res[1]),
                                tt.kind in (3, 4, 5) and not
                                (tt.kind == 3 and t.btf.skip_mods(tt.extra[0]).kind == 1)))
            kind, load_size = how_read(r)
            if r.kind == 1:
                kind = "size"     # bpf_core_field_size(): the reader adapts
            key = (path, kind)
            row = rows.setdefault(key, {"path": path, "kind": kind, "per": per,
                                        "local": local_field(local, r), "progs": set(),
                                        "guarded": False, "load_size": load_size})
            row["progs"].add(prog)
            row["guarded"] |= essential(root) in asked or \
                ("___bcc2core" in root and r.section in asking)
    return rows


def verdict(row, labels):
    """(moves, right, how) of a row"""
    per, kind = row["per"], row["kind"]
    present = [p for p in per if p and p != "type"]
    offsets = {p[0] for p in present}
    sizes = {p[1] for p in present}
    missing = [labels[i] for i, p in enumerate(per) if not p or p == "type"]
    no_type = [labels[i] for i, p in enumerate(per) if p == "type"]
    moves = len(offsets) > 1 or len(sizes) > 1 or bool(missing)
    if not moves:
        return False, True, ""
    notes, right = [], True
    if missing:
        if row["guarded"]:
            notes.append("absent on %s: the object asks which spelling the kernel has and "
                         "reads the other one there" % ", ".join(missing))
        elif no_type and len(no_type) == len(missing) and \
                essential(row["path"].split(".")[0]) in MODULE_TYPES:
            notes.append("not in %s's vmlinux BTF: a module's type (%s), relocated against "
                         "the module's BTF when it is loaded"
                         % (", ".join(no_type),
                            MODULE_TYPES[essential(row["path"].split(".")[0])]))
        else:
            notes.append("absent on %s: the program reading it is refused at load there "
                         "(unresolved CO-RE relocation), not run with a wrong value"
                         % ", ".join(missing))
    if len(offsets) > 1:
        notes.append("offset relocated per kernel")
    if len(sizes) > 1:
        lsize, _ = row["local"]
        signed = any(p[2] for p in present)
        bitfield = any(p[3] for p in present)
        composite = any(p[5] for p in present)
        if composite and kind != "load":
            notes.append("a struct or array reached through, not read whole: its members "
                         "are relocated reads of their own (and sizes computed with, "
                         "bpf_core_type_size)")
        elif kind == "size" or bitfield:
            notes.append("size read per kernel (bpf_core_field_size)")
        elif kind == "load":
            if not signed and max(sizes) <= 8:
                notes.append("size changes: libbpf resizes the direct load (unsigned)")
            else:
                notes.append("size changes on a signed field: libbpf cannot resize the direct "
                             "load, the program is refused at load there (an error, not a wrong "
                             "value)")
        else:
            small = [labels[i] for i, p in enumerate(per) if p and p[1] < lsize]
            if small:
                right = False
                notes.append("WRONG: read as %d bytes, smaller on %s" % (lsize, ", ".join(small)))
            else:
                notes.append("size grows: the low %d bytes are read (little-endian)" % lsize)
    return True, right, "; ".join(notes)


def cell(p):
    if p is None:
        return "absent"
    if p == "type":
        return "no type"
    off, size, _, bits, desc, _ = p
    at = "%d" % (off // 8) if not off % 8 or bits else "%d.%d" % (off // 8, off % 8)
    if bits:
        return "%s+%db (%s)" % (at, bits, desc)
    return "%s (%s, %d)" % (at, desc, size)


def write_doc(path, rows, labels, releases, failed, nobj):
    moving = []
    for key, row in sorted(rows.items()):
        moves, right, how = verdict(row, labels)
        if moves:
            moving.append((row, right, how))
    wrong = sum(1 for _, right, _ in moving if not right)
    refused = sum(1 for _, _, how in moving if "refused at load there" in how)
    with open(path, "w") as f:
        f.write("# Kernel fields the corpus reads that move between kernels\n\n")
        f.write("Generated by `compat-tests/corpus/field_moves.py` (ctest "
                "`guest/field_moves`) from %d corpus objects built on this machine, "
                "against the BTF of: %s.\n\n" % (nobj, ", ".join(
                    "%s (`%s`)" % (l, r) for l, r in zip(labels, releases))))
        f.write("Every kernel field or tracepoint record field a converted program reads is a "
                "CO-RE relocation in its object. Each is resolved in each kernel's BTF as "
                "libbpf resolves it at load; a row is a field whose offset, size or presence "
                "is not the same on all of them. Cells: byte offset (type, size); `absent` = "
                "the kernel has no such field. `read by`: `load` = a direct load the "
                "relocation patches (tracepoint records), `probe` = "
                "`bpf_probe_read_kernel` at a relocated offset (`BPF_CORE_READ`), "
                "`size` = the reader asks the field's size.\n\n")
        f.write("%d relocated fields in all, %d move, %d read wrong, %d keep a program "
                "from loading on a kernel.\n\n" % (len(rows), len(moving), wrong, refused))
        if failed:
            f.write("Not built (the corpus sweep, `docs/corpus-sweep.md`, says why): %s.\n\n"
                    % ", ".join(failed))
        f.write("| field | read by | %s | how it is read right | programs |\n" % " | ".join(labels))
        f.write("|---|---|%s---|---|\n" % ("---|" * len(labels)))
        for row, right, how in moving:
            progs = sorted(row["progs"])
            shown = ", ".join(p.split("/")[-1] for p in progs[:6])
            if len(progs) > 6:
                shown += ", ... (%d)" % len(progs)
            f.write("| `%s` | %s | %s | %s | %s |\n" % (
                row["path"], row["kind"], " | ".join(cell(p) for p in row["per"]),
                how, shown))
    return len(moving), wrong, refused


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--doc", help="write the table here (docs/kernel-fields.md)")
    ap.add_argument("--kernels", default="host,6.1,6.1-rt,6.12")
    ap.add_argument("--objects", help="build into (and reuse) this directory")
    ap.add_argument("--max-refused", type=int, default=None,
                    help="fail when more fields than this keep a program from loading")
    a = ap.parse_args()
    if not os.access(BCC2CORE, os.X_OK):
        print(f"FAIL: no bcc2core at {BCC2CORE}")
        return 1
    labels, releases, targets = [], [], []
    for k in a.kernels.split(","):
        if k == "host":
            path, rel = "/sys/kernel/btf/vmlinux", os.uname().release
        else:
            kv, status = guest_lane.prepared(k, f"{k}: ")
            if status is not None:
                return status
            rel = kv["BCC2CORE_GUEST_KVER"]
            path = guest_lane.kernel_btf(kv["cache_kdir"], rel)
        labels.append(k if k != "host" else ".".join(os.uname().release.split(".")[:2]))
        releases.append(rel)
        targets.append(Target(k, path))
    objdir = a.objects or tempfile.mkdtemp(prefix="b2cfields.", dir="/var/tmp")
    os.makedirs(objdir, exist_ok=True)
    try:
        objects, failed = build_all(objdir)
        rows = collect(objects, targets)
        doc = a.doc or os.path.join(objdir, "kernel-fields.md")
        moving, wrong, refused = write_doc(doc, rows, labels, releases, failed, len(objects))
    finally:
        if not a.objects:
            subprocess.run(["rm", "-rf", objdir])
    print(f"{len(objects)} objects built ({len(failed)} did not: {', '.join(failed) or 'none'})")
    print(f"{len(rows)} relocated fields, {moving} move between {', '.join(labels)}, "
          f"{wrong} read wrong, {refused} keep a program from loading on a kernel")
    if a.doc:
        print(f"wrote {a.doc}")
    bad = wrong or (a.max_refused is not None and refused > a.max_refused)
    print("FAIL" if bad else "PASS")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
