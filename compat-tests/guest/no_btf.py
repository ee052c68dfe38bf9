#!/usr/bin/python3
"""A kernel without BTF, in the 6.1 guest, one boot.

The guest kernel's BTF is hidden for the run (an empty tmpfs over
/sys/kernel/btf, as on a kernel built without CONFIG_DEBUG_INFO_BTF; no
vmlinux at any place libbpf looks), which stands for a kernel built without
BTF. Before the boot, on the host: that kernel's BTF is taken from the
guest kernel package (the .BTF section of the vmlinux in its vmlinuz, cached
as $BCC2CORE_GUEST_CACHE/<kver>/vmlinux.btf), laid out as BTFHub does
(ID/VERSION_ID/ARCH/RELEASE.btf) and given to `build --min-btf`; the
minimized BTF of one bundled object is also dumped to a file, for --btf.
Programs: examples/execsnoop_ppid.bcc.c (sched_process_exec args->pid, CO-RE
task->real_parent->tgid) and e2e/progs/output_kinds.bcc.c (sys_enter_openat
args->flags, args->filename; a hash, a histogram, perf and ring buffer
events); ground truth recorded by the workloads (e2e_truth.py). In the guest, each run with a fresh, empty
BCC2CORE_CACHE_DIR:

  with BTF visible: the plain object; its values are the reference;
  then BTF hidden:
  1. the plain object, no --btf: exits non-zero, says the kernel has no BTF
     and the object bundles none, with a hint naming --btf and --min-btf;
     no BPF program or map left loaded (bpftool before/after);
  2. the plain object with --btf MIN.btf (the dumped minimized BTF): loads,
     values equal the ground truth and the reference;
  3. the bundled object, no flags: run picks its bundle by os-release and
     uname ("using the object's bundled BTF for ID/VERSION_ID/ARCH/RELEASE"),
     values equal the ground truth and the reference;
  before hiding: the guest's /sys/kernel/btf/vmlinux equals the BTF taken
  from the package; a 0-byte file bound over /sys/kernel/btf/vmlinux
  (present but empty): run says the kernel has no usable BTF, that file
  empty, with the same hint, exit non-zero.

usage: no_btf.py [--report FILE] [--keep]
Env: BCC2CORE (default <repo>/build/bin/bcc2core). Exit 0 passed, 1 failed,
77 not root, or QEMU / the guest kernel unavailable.
"""
import argparse
import filecmp
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import e2e_truth as T  # noqa: E402
import guest_lane  # noqa: E402

RUNNER = os.path.join(HERE, "run-in-guest.sh")
BCC2CORE = os.environ.get("BCC2CORE", os.path.join(REPO, "build", "bin", "bcc2core"))
# syscall_args (guest/progs) is not one of them: on 6.1 its args->__syscall_nr
# (int) against syscall_tp_t.syscall_nr (unsigned long) is refused by libbpf
# with the kernel's own BTF too ("accesses field incorrectly")
PROGS = [T.ExecsnoopPpid(), T.OutputKinds()]
# where libbpf looks for a vmlinux when /sys/kernel/btf/vmlinux is absent
VMLINUX_PLACES = ["/boot/vmlinux-{r}", "/lib/modules/{r}/vmlinux-{r}",
                  "/lib/modules/{r}/build/vmlinux", "/usr/lib/modules/{r}/kernel/vmlinux",
                  "/usr/lib/debug/boot/vmlinux-{r}", "/usr/lib/debug/boot/vmlinux-{r}.debug",
                  "/usr/lib/debug/lib/modules/{r}/vmlinux"]

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def os_key():
    info = dict(l.rstrip("\n").split("=", 1) for l in open("/etc/os-release") if "=" in l)
    return info["ID"].strip('"'), info.get("VERSION_ID", "unknown").strip('"')


def elf_section(path, name):
    """the bytes of section @name of a little-endian ELF64 file"""
    import struct
    d = open(path, "rb").read()
    shoff, = struct.unpack_from("<Q", d, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", d, 0x3a)

    def sh(i):   # name, offset, size
        f = struct.unpack_from("<IIQQQQ", d, shoff + i * shentsize)
        return f[0], f[4], f[5]
    stroff = sh(shstrndx)[1]
    for i in range(shnum):
        n, off, size = sh(i)
        if d[stroff + n:d.index(b"\0", stroff + n)].decode() == name:
            return d[off:off + size]
    raise RuntimeError(f"{path}: no section {name}")


# --- guest ---

def bpf_ids():
    ids = {}
    for what in ("prog", "map", "link"):
        r = subprocess.run(["bpftool", "-j", what, "show"], capture_output=True, text=True)
        try:
            ids[what] = sorted(x["id"] for x in json.loads(r.stdout or "[]"))
        except (ValueError, KeyError, TypeError):
            ids[what] = f"bpftool {what} show: {r.returncode} {r.stderr.strip()}"
    return ids


def guest_run(base, tag, prog, obj, extra, expect_ok=True):
    work = os.path.join("/tmp/nb", tag)
    cache = os.path.join("/tmp/nb-cache", tag)    # fresh, empty
    os.makedirs(work)
    prog.prepare(work)
    env = dict(os.environ, BCC2CORE_CACHE_DIR=cache)
    env.pop("BCC2CORE_KERNEL_BTF", None)
    t0 = time.monotonic()
    r = subprocess.run([BCC2CORE, "-v", "run", "--json", *extra, obj, "--", "sh", "-c",
                        prog.workload(work)], capture_output=True, text=True, env=env,
                       timeout=300, stdin=subprocess.DEVNULL)
    secs = round(time.monotonic() - t0, 1)
    recs = T.records_of(r.stdout)
    res = {"rc": r.returncode, "stderr": r.stderr, "secs": secs}
    if expect_ok:
        truth = prog.truth(work)
        res["problems"] = prog.check(recs, truth) if r.returncode == 0 else ["exit"]
        res["view"] = prog.view(recs, truth) if r.returncode == 0 else None
        res["truth"] = truth
    prog.cleanup(work)
    print(f"  {tag}: exit {r.returncode}, {secs} s", file=sys.stderr, flush=True)
    return res


def guest_phase(a):
    rel = os.uname().release
    out = {"release": rel, "runs": {}}
    out["btf_is_package_btf"] = os.path.exists("/sys/kernel/btf/vmlinux") and \
        filecmp.cmp("/sys/kernel/btf/vmlinux", a.package_btf, shallow=False)
    out["vmlinux_files"] = [p.format(r=rel) for p in VMLINUX_PLACES
                            if os.path.exists(p.format(r=rel))]
    for p in PROGS:
        out["runs"][f"{p.name}/btf"] = guest_run(a.base, f"{p.name}-btf", p,
                                                 os.path.join(a.objs, p.name + ".bpf.o"), [])
    # a present but empty vmlinux (bound over it), recorded
    empty = "/tmp/nb-empty-btf"
    open(empty, "w").close()
    if subprocess.run(["mount", "--bind", empty, "/sys/kernel/btf/vmlinux"]).returncode == 0:
        p = PROGS[0]
        out["runs"]["empty_vmlinux"] = guest_run(a.base, "empty", p,
                                                 os.path.join(a.objs, p.name + ".bpf.o"), [],
                                                 expect_ok=False)
        subprocess.run(["umount", "/sys/kernel/btf/vmlinux"])
    # hidden: no /sys/kernel/btf/vmlinux at all
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=0755", "nobtf",
                        "/sys/kernel/btf"], capture_output=True, text=True)
    out["hidden"] = r.returncode == 0 and not os.path.exists("/sys/kernel/btf/vmlinux")
    out["hide_error"] = r.stderr
    if not out["hidden"]:
        return out
    for p in PROGS:
        plain = os.path.join(a.objs, p.name + ".bpf.o")
        before = bpf_ids()
        out["runs"][f"{p.name}/none"] = guest_run(a.base, f"{p.name}-none", p, plain, [],
                                                  expect_ok=False)
        out["runs"][f"{p.name}/none"]["bpf_before"] = before
        out["runs"][f"{p.name}/none"]["bpf_after"] = bpf_ids()
        out["runs"][f"{p.name}/btf_file"] = guest_run(
            a.base, f"{p.name}-file", p, plain,
            ["--btf", os.path.join(a.objs, p.name + ".min.btf")])
        out["runs"][f"{p.name}/bundled"] = guest_run(
            a.base, f"{p.name}-bundled", p, os.path.join(a.objs, p.name + ".bundled.bpf.o"), [])
    out["vmlinux_files_hidden"] = [p.format(r=rel) for p in VMLINUX_PLACES
                                   if os.path.exists(p.format(r=rel))]
    return out


# --- host: evaluate ---

def evaluate(g, key):
    check(g["btf_is_package_btf"],
          "the guest's /sys/kernel/btf/vmlinux is the BTF taken from the kernel package")
    check(not g["vmlinux_files"], f"no vmlinux where libbpf looks: {g['vmlinux_files']}")
    check(g["hidden"], f"BTF hidden (tmpfs over /sys/kernel/btf) {g.get('hide_error', '')}")
    e = g["runs"].get("empty_vmlinux", {"rc": None, "stderr": "(not run: bind mount failed)"})
    check(e["rc"] not in (0, None) and "has no usable BTF ('/sys/kernel/btf/vmlinux' is empty) "
          f"and the object bundles none" in e["stderr"] and "hint: pass --btf FILE" in e["stderr"],
          f"0-byte /sys/kernel/btf/vmlinux: exit {e['rc']}, message:\n"
          + "".join("    " + l + "\n" for l in e["stderr"].splitlines() if l.strip()))
    if not g["hidden"]:
        return
    for p in PROGS:
        ref = g["runs"][f"{p.name}/btf"]
        check(ref["rc"] == 0 and not ref["problems"],
              f"{p.name}, BTF visible: exit {ref['rc']}, {ref['problems'] or 'true values'}"
              + ("" if ref["rc"] == 0 else "\n" + ref["stderr"][-1500:]))
        n = g["runs"][f"{p.name}/none"]
        err = n["stderr"]
        check(n["rc"] != 0 and f"this kernel ({key}) has no BTF and the object bundles none" in err
              and "hint:" in err and "--btf" in err and "--min-btf" in err,
              f"{p.name}, BTF hidden, no --btf: exit {n['rc']}, message:\n"
              + "".join("    " + l + "\n" for l in err.splitlines() if l.strip()))
        check(n["bpf_before"] == n["bpf_after"],
              f"{p.name}: nothing left loaded: {n['bpf_before']} -> {n['bpf_after']}")
        for how in ("btf_file", "bundled"):
            r = g["runs"][f"{p.name}/{how}"]
            ok = r["rc"] == 0 and not r["problems"]
            check(ok, f"{p.name}, BTF hidden, {how}: exit {r['rc']}, "
                  f"{r['problems'] or 'true values'}" + ("" if ok else "\n" + r["stderr"][-2000:]))
            if ok:
                check(r["view"] == ref["view"],
                      f"{p.name}, {how}: values equal the run with BTF")
        b = g["runs"][f"{p.name}/bundled"]["stderr"]
        check(f"using the object's bundled BTF for {key}" in b,
              f"{p.name}, bundled: run picked the bundle for {key}")
    ex = g["runs"]["execsnoop_ppid/btf_file"]
    if ex.get("truth"):
        pid, ppid, _ = ex["truth"]["procs"][-1]
        print(f"note: execsnoop_ppid --btf: the exec of true: pid {pid} ppid {ppid} (truth), "
              f"record {ex['view'][-1] if ex['view'] else None}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--phase", default="host")
    ap.add_argument("--base")
    ap.add_argument("--objs")
    ap.add_argument("--package-btf")
    ap.add_argument("--out")
    ap.add_argument("--report")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    if a.phase == "guest":
        res = guest_phase(a)
        with open(a.out, "w") as f:
            json.dump(res, f)
        return 0

    t_all = time.monotonic()
    if os.geteuid() != 0:
        print("SKIP: needs root (BPF, QEMU 9p passthrough)")
        return 77
    if not os.access(BCC2CORE, os.X_OK):
        print(f"FAIL: no bcc2core at {BCC2CORE}")
        return 1
    kv, status = guest_lane.prepared()
    if status is not None:
        return status
    kver = kv["BCC2CORE_GUEST_KVER"]
    t0 = time.monotonic()
    pbtf = guest_lane.kernel_btf(kv["cache_kdir"], kver)
    print(f"guest kernel {kver}: BTF from its package: {pbtf} ({os.path.getsize(pbtf)} bytes, "
          f"{time.monotonic() - t0:.1f} s)", flush=True)
    ident, ver = os_key()    # the guest runs in this machine's root: same os-release
    key = f"{ident}/{ver}/{platform.machine()}/{kver}"

    base = tempfile.mkdtemp(prefix="b2cnb.", dir="/var/tmp")   # the guest's /tmp is its own
    os.chmod(base, 0o755)
    objs = os.path.join(base, "objs")
    hub = os.path.join(base, "btfhub")
    os.makedirs(objs)
    os.makedirs(os.path.join(hub, os.path.dirname(key)))
    shutil.copy(pbtf, os.path.join(hub, key + ".btf"))
    try:
        t0 = time.monotonic()
        for p in PROGS:
            o = os.path.join(objs, p.name)
            subprocess.run([BCC2CORE, "build", p.path, "-o", o + ".bpf.o"], check=True)
            r = subprocess.run([BCC2CORE, "-v", "build", "--min-btf", hub, p.path,
                                "-o", o + ".bundled.bpf.o"], capture_output=True, text=True)
            print(r.stderr.strip())
            check(r.returncode == 0 and "bundled minimized BTF for 1 kernel(s)" in r.stderr,
                  f"{p.name}: build --min-btf: exit {r.returncode}")
            with open(o + ".min.btf", "wb") as f:
                f.write(elf_section(o + ".bundled.bpf.o", f".bcc2core.btf.{key}"))
            print(f"{p.name}: minimized BTF for {key}: {os.path.getsize(o + '.min.btf')} bytes "
                  f"(of {os.path.getsize(pbtf)})")
        print(f"built on the host in {time.monotonic() - t0:.1f} s", flush=True)

        t0 = time.monotonic()
        out = os.path.join(base, "guest.json")
        g = subprocess.run([RUNNER, "--timeout", "900", "--rw", base, "--",
                            "/usr/bin/python3", os.path.abspath(__file__), "--phase", "guest",
                            "--base", base, "--objs", objs, "--package-btf", pbtf,
                            "--out", out], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           text=True, cwd="/")
        print(f"guest (one boot): {time.monotonic() - t0:.1f} s, status {g.returncode}",
              flush=True)
        if g.returncode == 77:
            print("SKIP: QEMU or the guest kernel unavailable")
            return 77
        if g.returncode != 0 or not os.path.exists(out):
            print(g.stdout[-3000:])
            check(False, f"guest run: status {g.returncode}")
        else:
            res = json.load(open(out))
            check(res["release"] == kver, f"guest release {res['release']}")
            evaluate(res, key)
            if a.report:
                with open(a.report, "w") as f:
                    json.dump(res, f, indent=1)
    finally:
        if a.keep:
            print(f"kept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)
    print(f"total {time.monotonic() - t_all:.0f} s; "
          f"{'FAILED: ' + str(len(failures)) if failures else 'all passed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
