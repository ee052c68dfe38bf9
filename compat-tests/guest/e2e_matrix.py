#!/usr/bin/python3
"""The end-to-end programs on two kernels, with bcc2core and with real BCC.

For every program of e2e_truth.PROGRAMS (the three host e2e programs, a
kprobe/kretprobe one and an fentry/fexit one from progs/, and that fentry/fexit
one again in its kprobe forms, BCC2CORE_NO_TRAMPOLINES=1, bcc2core only):

* build the CO-RE object once, on the host, into /var/tmp/b2cmx.*/objs;
* host kernel: run `bcc2core -v run --json OBJ -- sh -c WORKLOAD`, check the
  ground truth, record which program form ran (`run -v`); with --host-bcc,
  BCC too, each run in a private mount namespace where
  /lib/modules/$(uname -r)/{build,source} link to the installed 6.1 headers
  (the host's /lib/modules is not touched);
* guest kernel (Debian 6.1 under QEMU, run-in-guest.sh, ONE boot for all):
  the same bcc2core runs, and the same program under real BCC
  (bcc_driver.py: BPF(text=...), syscall__ functions attached like a BCC
  tool), each against the ground truth, and BCC's view compared to
  bcc2core's; plus `bcc2core verify` of compat-tests/golden/btf_programs.bcc.c
  and of progs/btf_verify.bcc.c (fentry/fexit/LSM must verify there);
* on both kernels: progs/kconfig_groups.bcc.c, whose #if LINUX_VERSION_CODE /
  #ifdef CONFIG_KPROBES the object decides at load time, run with the
  system's kernel config and with --kconfig FILE (the guest has no config
  file of its own: the first run must warn and take CONFIG_* as unset).

A program that needs kprobes or fentry on a kernel without them is recorded
"not attachable here (reason)", not failed. BCC on the host reads kernel
structs through mismatched (6.1) headers: where such a program disagrees with
the ground truth that is recorded as "wrong (mismatched headers)", not failed.
A result fails when it contradicts the ground truth, when BCC and bcc2core
differ on the guest, or when a verify expectation is not met.

usage: e2e_matrix.py [--host-bcc] [--no-guest | --no-host] [--report FILE] [--keep]
Env: BCC2CORE (default <repo>/build/bin/bcc2core); the run-in-guest.sh ones.
Prints a per-program summary, then `N passed, N failed`. Exit 0 all passed,
1 a failure, 77 not root, or QEMU / the guest kernel unavailable.
"""
import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True   # no __pycache__ in the source tree
import e2e_truth as T  # noqa: E402

REPO = T.REPO
RUN_IN_GUEST = os.path.join(HERE, "run-in-guest.sh")
BCC_DRIVER = os.path.join(HERE, "bcc_driver.py")
PY = "/usr/bin/python3"     # the one with python3-bpfcc
VERIFY_OBJS = {"btf_programs": "compat-tests/golden/btf_programs.bcc.c",
               "btf_verify": "compat-tests/guest/progs/btf_verify.bcc.c"}
# per verify object: programs that must verify where fentry is allowed, and
# for btf_programs the one that may be skipped on 6.1 (no BTF function)
VERIFY_MUST = {"btf_programs": ["kfunc__vfs_read", "kretfunc__vfs_write", "lsm__bpf"],
               "btf_verify": ["kfunc__vfs_read", "kretfunc__vfs_write", "lsm__bpf",
                              "kfunc__schedule_tail"]}
TOOLS = ("bcc2core", "bcc")
# load-time #if: one object, run with the kernel's config as the system has
# it and with --kconfig FILE (the guest has none of its own)
KCONFIG_PROG = ("kconfig_groups", "compat-tests/guest/progs/kconfig_groups.bcc.c")
BCC_LOAD_REF = "btf_programs"   # also loaded with BCC (reference, not counted)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def tail(s, n=6):
    lines = [l for l in (s or "").splitlines() if l.strip()]
    return " | ".join(lines[-n:])


# --- one kernel: runs (host in-process; guest via --phase guest) -------------------

def kernel_caps(bcc2core, objs):
    caps = {"kernel": os.uname().release,
            "kprobes": os.path.exists("/sys/bus/event_source/devices/kprobe/type")}
    # fentry: can this kernel load the fentry program? (verify says why not;
    # None: unknown, treated as available so that failures still count)
    fobj = os.path.join(objs, "fentry_unlink.bpf.o")
    caps["fentry"], caps["fentry_reason"] = None, "unknown (no fentry_unlink object)"
    if os.path.exists(fobj):
        r = subprocess.run([bcc2core, "verify", fobj], capture_output=True, text=True,
                           timeout=120)
        m = re.search(r"^skipped\s+kfunc__vfs_unlink\s+\S+: (.*)$", r.stdout, re.M)
        if re.search(r"^verified\s+kfunc__vfs_unlink\s", r.stdout, re.M):
            caps["fentry"], caps["fentry_reason"] = True, ""
        elif m:
            caps["fentry"], caps["fentry_reason"] = False, m.group(1)
        else:
            caps["fentry_reason"] = "unknown: " + tail(r.stderr, 2)
    lsm = "/sys/kernel/security/lsm"
    if not os.path.exists(lsm) and os.environ.get("BCC2CORE_IN_GUEST"):
        subprocess.run(["mount", "-t", "securityfs", "securityfs", "/sys/kernel/security"],
                       capture_output=True)
    try:
        caps["lsm"] = open(lsm).read().strip()
    except OSError:
        caps["lsm"] = "unknown (no securityfs)"
    try:
        caps["cmdline"] = open("/proc/cmdline").read().strip()
    except OSError:
        pass
    build = f"/lib/modules/{caps['kernel']}/build"
    caps["bcc_headers"] = os.path.realpath(build) if os.path.exists(build + "/include") or \
        os.path.exists(os.path.realpath(build) + "/Makefile") else None
    return caps


def run_one(cmd, timeout, env=None):
    t0 = time.monotonic()
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                           stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})})
        rc, out, err = r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired as e:
        def text(b):
            return b.decode(errors="replace") if isinstance(b, bytes) else b or ""
        rc, out = "timeout", text(e.stdout)
        err = text(e.stderr) + f"\ntimed out after {timeout}s"
    return {"rc": rc, "stdout": out, "stderr": err, "secs": round(time.monotonic() - t0, 1)}


def run_phase(bcc2core, objs, base, do_bcc, bcc_why="", bcc_prefix=(), bcc_headers=None):
    os.makedirs(base, exist_ok=True)
    res = {"caps": kernel_caps(bcc2core, objs), "runs": {}, "verify": {}}
    if bcc_headers or not do_bcc:
        res["caps"]["bcc_headers"] = bcc_headers
    bcc = list(bcc_prefix) + [PY, BCC_DRIVER]
    for i, prog in enumerate(T.PROGRAMS):
        res["runs"][prog.name] = {}
        for tool in TOOLS:
            obj = os.path.join(objs, prog.name + ".bpf.o")
            if tool == "bcc" and (not do_bcc or prog.bcc_why):
                res["runs"][prog.name][tool] = {"not_run": prog.bcc_why or bcc_why}
                continue
            if tool == "bcc2core" and not os.path.exists(obj):
                res["runs"][prog.name][tool] = {"not_run": "no object (build failed)"}
                continue
            work = os.path.join(base, f"{i}{tool[-1]}")   # short: paths land in 64-byte buffers
            os.makedirs(work, exist_ok=True)
            wl = prog.workload(work)
            if tool == "bcc2core":
                cmd = [bcc2core, "-v", "run", "--json", obj, "--", "sh", "-c", wl]
            else:
                cmd = bcc + [prog.path, "--", "sh", "-c", wl]
            log(f"  {prog.name} / {tool} ...")
            prog.prepare(work)
            try:
                r = run_one(cmd, 300 if tool == "bcc" else 120,
                            prog.env if tool == "bcc2core" else None)
            finally:
                prog.cleanup(work)
            r["truth"] = prog.truth(work)
            r["cmd"] = cmd
            res["runs"][prog.name][tool] = r
    for name in VERIFY_OBJS:
        obj = os.path.join(objs, name + ".bpf.o")
        if os.path.exists(obj):
            res["verify"][name] = run_one([bcc2core, "verify", obj], 300)
        else:
            res["verify"][name] = {"not_run": "no object (build failed)"}
    if KCONFIG_PROG:
        res["kconfig"] = kconfig_runs(bcc2core, os.path.join(objs, KCONFIG_PROG[0] + ".bpf.o"))
    # reference: does real BCC load the golden BTF program here?
    if do_bcc and BCC_LOAD_REF in VERIFY_OBJS:
        log(f"  {BCC_LOAD_REF} / BCC load ...")
        res["bcc_load"] = run_one(bcc + [os.path.join(REPO, VERIFY_OBJS[BCC_LOAD_REF]),
                                         "--", "true"], 300)
    return res


def kernel_config_file():
    """this kernel's config: the system's, else the one of the guest's package"""
    rel = os.uname().release
    cache = os.environ.get("BCC2CORE_GUEST_CACHE", "/var/cache/bcc2core-guest")
    for p in (f"/boot/config-{rel}", "/proc/config.gz", f"{cache}/{rel}/root/boot/config-{rel}"):
        if os.access(p, os.R_OK):
            return p
    return None


def kconfig_runs(bcc2core, obj):
    """-> the two runs, and the keys this kernel should give"""
    cfg = kernel_config_file()
    system = os.access("/proc/config.gz", os.R_OK) or \
        os.access(f"/boot/config-{os.uname().release}", os.R_OK)
    text = ""
    if cfg:
        with (gzip.open if cfg.endswith(".gz") else open)(cfg, "rt") as f:
            text = f.read()
    major, minor = (int(x) for x in re.match(r"(\d+)\.(\d+)", os.uname().release).groups())
    base = 2 if (major, minor) >= (6, 5) else 1
    kprobes = 10 if re.search(r"^CONFIG_KPROBES=y$", text, re.M) else 0
    res = {"config": cfg, "system_config": system,
           "expect": {"system": base + (kprobes if system else 0), "kconfig": base + kprobes}}
    if not os.path.exists(obj):
        res["not_run"] = "no object (build failed)"
        return res
    res["system"] = run_one([bcc2core, "run", "--json", obj, "--", "true"], 120)
    if cfg:
        res["kconfig"] = run_one([bcc2core, "run", "--json", "--kconfig", cfg, obj, "--",
                                  "true"], 120)
    return res


def judge_kconfig(kc, how):
    if "not_run" in kc or how not in kc:
        return {"status": "not run", "detail": kc.get("not_run", "no kernel config here")}
    run, want = kc[how], kc["expect"][how]
    keys = sorted(int(k) for k in T.as_dict(T.maps_of(T.records_of(run["stdout"])), "counts"))
    warned = "taken as unset" in run["stderr"]
    detail = f"keys {keys}, expected [{want}]" + (" (config unreadable: warned)" if warned else "")
    ok = run["rc"] == 0 and keys == [want] and (warned or how == "kconfig" or kc["system_config"])
    return {"status": "pass" if ok else "FAIL",
            "detail": detail if ok else f"{detail}; exit {run['rc']}: {tail(run['stderr'], 2)}"}


# --- judging -----------------------------------------------------------------------

def error_of(run):
    """BCC's error record (with the compiler's first error), else the tail of stderr"""
    err = [r["text"] for r in T.records_of(run["stdout"]) if r.get("type") == "error"]
    if not err:
        return f"exit {run['rc']}: {tail(run['stderr'], 2)}"
    cc = re.search(r"^/virtual/main\.c:\d+:\d+: error: (.*)$", run["stderr"], re.M)
    return err[0] + (f" ({cc.group(1)})" if cc else "")


def forms_of(tool, stderr):
    """what `run -v` (or bcc_driver) said about each program's form"""
    out = []
    for line in (stderr or "").splitlines():
        if tool == "bcc2core":
            m = re.match(r"bcc2core: (?:warning: )?(\w+)[: ](.*)$", line)
            if m and ("attached" in line or "will not run" in line or "(" in m.group(2)) \
                    and not line.startswith("bcc2core: cached"):
                out.append(f"{m.group(1)}: {m.group(2).strip(': ')}")
        elif line.startswith("bcc: attached "):
            out.append(line[len("bcc: attached "):])
    return out


def attached_summary(tool, forms):
    if tool == "bcc2core":
        secs = [re.search(r"attached \(([^)]*)\)", f).group(1) for f in forms
                if re.search(r": attached \(", f)]
    else:
        secs = [f for f in forms]
    return ", ".join(secs) if secs else "nothing attached"


def missing_caps(prog, tool, caps):
    need = prog.needs.get(tool, ())
    if not need:
        return None
    have = {"kprobe": caps.get("kprobes"), "fentry": caps.get("fentry") is not False}
    if any(have[n] for n in need):
        return None
    why = []
    if "kprobe" in need:
        why.append("no kprobes")
    if "fentry" in need:
        why.append(f"fentry refused: {caps.get('fentry_reason') or 'unknown'}")
    return ", ".join(why)


def judge(prog, tool, run, caps, kernel):
    """-> dict(status=pass|FAIL|n/a|not run|wrong, detail, form)"""
    if "not_run" in run:
        return {"status": "not run", "detail": run["not_run"], "form": ""}
    forms = forms_of(tool, run["stderr"])
    recs = T.records_of(run["stdout"])
    form = attached_summary(tool, forms)
    problems = []
    if run["rc"] != 0:
        problems.append(error_of(run) if tool == "bcc" else
                        f"exit {run['rc']}: {tail(run['stderr'], 3)}")
    else:
        problems += prog.check(recs, run["truth"])
        if tool == "bcc2core":
            for want in prog.expected_forms(caps):
                if want not in run["stderr"]:
                    problems.append(f"run -v did not say '{want}'")
            for unwanted in prog.unexpected_forms(caps):
                if unwanted in run["stderr"]:
                    problems.append(f"run -v said '{unwanted}'")
    lacking = missing_caps(prog, tool, caps)
    if lacking:
        if not problems:
            return {"status": "pass", "detail": f"(attached although {lacking})", "form": form}
        said = [f for f in forms if "will not run" in f]
        detail = said[0] if said else error_of(run) if tool == "bcc" else tail(run["stderr"], 2)
        return {"status": "n/a", "detail": f"not attachable here ({lacking}): {detail}",
                "form": "not attachable"}
    if problems and tool == "bcc" and prog.derefs_kernel_structs and caps.get("bcc_headers") \
            and caps["kernel"] not in caps["bcc_headers"]:
        return {"status": "wrong", "form": form,
                "detail": f"BCC compiled against {os.path.basename(caps['bcc_headers'])} "
                          f"headers on {caps['kernel']}, reads kernel structs at wrong "
                          f"offsets: " + "; ".join(problems[:3])}
    known = prog.bcc_known_wrong(caps, problems) if problems and tool == "bcc" else None
    if known:
        return {"status": "wrong", "form": form,
                "detail": f"{known}: " + "; ".join(problems[:3])}
    if problems:
        return {"status": "FAIL", "detail": "; ".join(problems[:4]), "form": form}
    return {"status": "pass", "detail": "", "form": form}


def judge_verify(name, run, caps):
    if "not_run" in run:
        return {"status": "not run", "detail": run["not_run"]}
    lines = run["stdout"].splitlines()
    verified = [l.split()[1] for l in lines if l.startswith("verified")]
    skipped = {l.split()[1]: l for l in lines if l.startswith("skipped")}
    summary = next((l for l in lines if re.match(r"\d+ verified", l)), "")
    if caps.get("fentry") is False:
        return {"status": "n/a", "detail": f"not attachable here (fentry refused: "
                f"{caps.get('fentry_reason')}): {summary or tail(run['stderr'], 2)}",
                "verified": verified}
    problems = []
    if run["rc"] != 0 and not verified:
        problems.append(f"exit {run['rc']}: {tail(run['stderr'], 3)}")
    for p in VERIFY_MUST[name]:
        if p not in verified:
            problems.append(f"{p} not verified" + (f" ({skipped[p].split(': ', 1)[-1]})"
                                                   if p in skipped else ""))
    if problems:
        return {"status": "FAIL", "detail": "; ".join(problems), "verified": verified}
    return {"status": "pass", "detail": summary + (
        "; " + "; ".join(re.sub(r"\s+", " ", s) for s in skipped.values()) if skipped else ""),
        "verified": verified}


def diff_views(a, b, path="", out=None):
    """where two views differ, briefly: 'path: bcc2core X, BCC Y; ...'"""
    top = out is None
    out = [] if top else out
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            diff_views(a.get(k), b.get(k), f"{path}.{k}" if path else str(k), out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            diff_views(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append(f"{path}: bcc2core {json.dumps(a)}, BCC {json.dumps(b)}")
    if top:
        more = f"; ... ({len(out) - 4} more)" if len(out) > 4 else ""
        return "; ".join(out[:4]) + more
    return None


def evaluate(phases):
    """-> list of result rows"""
    rows = []
    for kernel, ph in phases.items():
        if ph is None:
            continue
        caps = ph["caps"]
        for prog in T.PROGRAMS:
            runs = ph["runs"].get(prog.name, {})
            j = {}
            for tool in TOOLS:
                run = runs.get(tool, {"not_run": "missing"})
                j[tool] = judge(prog, tool, run, caps, kernel)
                j[tool]["secs"] = run.get("secs")
                rows.append({"kernel": kernel, "program": prog.name, "what": tool, **j[tool],
                             "forms": forms_of(tool, run.get("stderr", ""))})
            # BCC vs bcc2core: counted on the guest (BCC has matching headers there)
            if all(j[t]["status"] in ("pass", "FAIL", "wrong") for t in TOOLS):
                views = {t: prog.view(T.records_of(runs[t]["stdout"]), runs[t]["truth"])
                         for t in TOOLS}
                same = views["bcc"] == views["bcc2core"]
                if kernel == "guest" and j["bcc"]["status"] == "wrong" and \
                        j["bcc2core"]["status"] == "pass":
                    st = "differs"   # BCC's known error; bcc2core matches the truth
                elif kernel == "guest":
                    st = "pass" if same else "FAIL"
                else:
                    st = "same" if same else "differs"
                detail = "" if same else diff_views(views["bcc2core"], views["bcc"])
                rows.append({"kernel": kernel, "program": prog.name, "what": "BCC = bcc2core",
                             "status": st, "detail": detail, "form": ""})
        for how in ("system", "kconfig") if KCONFIG_PROG else ():
            v = judge_kconfig(ph.get("kconfig", {"not_run": "missing"}), how)
            rows.append({"kernel": kernel, "program": KCONFIG_PROG[0],
                         "what": "#if at load" + (" --kconfig" if how == "kconfig" else ""),
                         **v, "form": ""})
        for name in VERIFY_OBJS:
            v = judge_verify(name, ph["verify"].get(name, {"not_run": "missing"}), caps)
            rows.append({"kernel": kernel, "program": name, "what": "verify", **v, "form": ""})
            if name == BCC_LOAD_REF and "bcc_load" in ph:
                r = ph["bcc_load"]
                rows.append({"kernel": kernel, "program": name, "what": "BCC load", "status": "ref",
                             "secs": r.get("secs"),
                             "detail": "loaded and attached" if r["rc"] == 0 else error_of(r),
                             "form": attached_summary("bcc", forms_of("bcc", r["stderr"]))})
    return rows


# --- host side ---------------------------------------------------------------------

def host_bcc_prefix():
    """--host-bcc: BCC on the host needs /lib/modules/$(uname -r)/{build,source}.
    Each BCC run gets them in its own mount namespace (unshare -m, a tmpfs on
    /lib/modules with the two links to the installed 6.1 headers), so the
    host's /lib/modules is never changed and nothing is left behind.
    -> (prefix argv, headers dir) or (None, why not)"""
    cands = sorted(d for d in os.listdir("/lib/modules")
                   if re.match(r"6\.1\.0-\d+-amd64$", d) and
                   os.path.exists(f"/lib/modules/{d}/build/include"))
    if not cands:
        return None, "no /lib/modules/6.1.0-*-amd64/build headers installed"
    if not shutil.which("unshare"):
        return None, "no unshare(1)"
    d = f"/lib/modules/{cands[-1]}"
    build, source = os.path.realpath(d + "/build"), os.path.realpath(d + "/source")
    script = ('mount -t tmpfs -o mode=0755 b2cmx /lib/modules && mkdir "/lib/modules/$1" && '
              'ln -s "$2" "/lib/modules/$1/build" && ln -s "$3" "/lib/modules/$1/source" && '
              'shift 3 && exec "$@"')
    return (["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
             os.uname().release, build, source], build)


def build_all(bcc2core, objs):
    builds = {}
    srcs = {p.name: p.path for p in T.PROGRAMS}
    srcs.update({k: os.path.join(REPO, v) for k, v in VERIFY_OBJS.items()})
    if KCONFIG_PROG:
        srcs[KCONFIG_PROG[0]] = os.path.join(REPO, KCONFIG_PROG[1])
    for name, src in srcs.items():
        r = run_one([bcc2core, "build", src, "-o", os.path.join(objs, name + ".bpf.o")], 300)
        builds[name] = r
        if r["rc"] != 0:
            log(f"build of {name} failed: {tail(r['stderr'])}")
    return builds


def print_summary(rows, phases, builds, secs):
    for kernel, ph in phases.items():
        if ph is None:
            continue
        c = ph["caps"]
        print(f"== {kernel}: {c['kernel']}; kprobes {'yes' if c['kprobes'] else 'no'}; "
              f"fentry {'yes' if c['fentry'] else 'no (' if c['fentry'] is False else '? ('}"
              f"{'' if c['fentry'] else str(c['fentry_reason']) + ')'}; "
              f"LSMs {c.get('lsm')}; BCC headers {c.get('bcc_headers') or 'none'}")
    for name, b in builds.items():
        if b["rc"] != 0:
            print(f"FAIL  build {name}: {tail(b['stderr'])}")
    progs = [p.name for p in T.PROGRAMS] + list(VERIFY_OBJS) + \
        ([KCONFIG_PROG[0]] if KCONFIG_PROG else [])
    for prog in progs:
        print(f"-- {prog}")
        for r in rows:
            if r["program"] != prog:
                continue
            secs_s = f" [{r['secs']}s]" if r.get("secs") is not None else ""
            form = f"  form: {r['form']}" if r.get("form") else ""
            det = f"  {r['detail']}" if r.get("detail") else ""
            print(f"  {r['status']:<8} {r['kernel']:<5} {r['what']:<14}{secs_s}{form}{det}")
    for r in rows:
        if r["program"] not in progs:     # the guest's boot
            print(f"{r['status']:<5} {r['kernel']} {r['program']} {r['what']}: {r.get('detail', '')}")
    print(f"total {secs:.0f}s")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--phase", choices=["guest"], help=argparse.SUPPRESS)
    ap.add_argument("--objs", help=argparse.SUPPRESS)
    ap.add_argument("--work", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--bcc2core", default=os.environ.get(
        "BCC2CORE", os.path.join(REPO, "build", "bin", "bcc2core")))
    ap.add_argument("--host-bcc", action="store_true",
                    help="run BCC on the host too, against the installed 6.1 headers "
                         "(linked in a private mount namespace per run)")
    only_one = ap.add_mutually_exclusive_group()
    only_one.add_argument("--no-guest", action="store_true", help="host only")
    only_one.add_argument("--no-host", action="store_true",
                    help="guest only: the host phase, the same on every guest kernel, is "
                         "e2e/matrix_host's (it loads programs on the host, one of them "
                         "reading every bpf_trace_printk line)")
    ap.add_argument("--report", help="write the raw runs and the results as JSON here")
    ap.add_argument("--keep", action="store_true", help="keep /var/tmp/b2cmx.*")
    ap.add_argument("--guest-timeout", type=int, default=1000)
    ap.add_argument("--only", help="these programs (comma-separated names) and nothing "
                                   "else: no verify and no load-time #if rows")
    a = ap.parse_args()
    bcc2core = os.path.abspath(a.bcc2core)
    if a.only:
        global VERIFY_OBJS, KCONFIG_PROG
        names = a.only.split(",")
        unknown = set(names) - {p.name for p in T.PROGRAMS}
        if unknown:
            print(f"e2e_matrix.py: --only: no program {', '.join(sorted(unknown))}",
                  file=sys.stderr)
            return 2
        T.PROGRAMS[:] = [p for p in T.PROGRAMS if p.name in names]
        VERIFY_OBJS, KCONFIG_PROG = {}, None

    if a.phase == "guest":   # inside the VM
        ph = run_phase(bcc2core, a.objs, a.work, do_bcc=True)
        with open(a.out, "w") as f:
            json.dump(ph, f)
        return 0

    t_all = time.monotonic()
    if os.geteuid() != 0:
        print("SKIP: needs root (BPF, QEMU 9p passthrough)")
        return 77
    if not os.access(bcc2core, os.X_OK):
        print(f"FAIL: no bcc2core at {bcc2core} (build first, or set BCC2CORE)")
        return 1
    base = tempfile.mkdtemp(prefix="b2cmx.", dir="/var/tmp")  # the guest's /tmp is its own
    os.chmod(base, 0o755)
    objs = os.path.join(base, "objs")
    os.makedirs(objs)
    phases = {"host": None, "guest": None}
    guest_status = None
    try:
        t0 = time.monotonic()
        builds = build_all(bcc2core, objs)
        log(f"built {len(builds)} objects on the host in {time.monotonic() - t0:.1f}s")

        if not a.no_host:
            t0 = time.monotonic()
            log(f"host ({os.uname().release}):")
            prefix, hdrs = host_bcc_prefix() if a.host_bcc else \
                (None, "host BCC not requested (--host-bcc: with the installed 6.1 headers)")
            if prefix:
                log(f"host BCC: /lib/modules/{os.uname().release}/build -> {hdrs}, "
                    "in a private mount namespace per run")
            phases["host"] = run_phase(
                bcc2core, objs, os.path.join(base, "h"), do_bcc=bool(prefix),
                bcc_why=hdrs if not prefix else "", bcc_prefix=prefix or (),
                bcc_headers=hdrs if prefix else None)
            log(f"host phase {time.monotonic() - t0:.1f}s")

        if not a.no_guest:
            t0 = time.monotonic()
            out = os.path.join(base, "guest.json")
            cmd = [RUN_IN_GUEST, "--timeout", str(a.guest_timeout), "--rw", base, "--",
                   PY, os.path.abspath(__file__), "--phase", "guest", "--bcc2core", bcc2core,
                   "--objs", objs, "--work", "/tmp/b2cmx", "--out", out] + \
                (["--only", a.only] if a.only else [])
            log("guest (one boot):")
            g = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               text=True, cwd="/")   # its stderr (progress) streams to ours
            log(f"guest phase {time.monotonic() - t0:.1f}s (status {g.returncode})")
            if g.returncode in (124, 125):
                # 124, the lane's timeout: the whole guest went silent, its
                # own per-run timeouts too (the 6.1-rt guest under TCG did so
                # once in five CI runs, in a run that passes on a second
                # boot). 125, the guest died: 6.12 under multi-threaded TCG
                # once panicked at a RIP inside a call instruction of
                # __schedule while a sched tracepoint was being enabled, the
                # host's two CPUs busy with another guest and the sanitized
                # suite (QEMU's code patching across vCPUs, as in the lane's
                # boot-time Oops). One more boot; a guest that fails twice
                # fails the test.
                log("guest stalled (the lane's timeout)" if g.returncode == 124 else
                    "the guest died (its console is above)")
                log("booting it again, once:")
                t0 = time.monotonic()
                g = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   text=True, cwd="/")
                log(f"guest phase, second boot {time.monotonic() - t0:.1f}s "
                    f"(status {g.returncode})")
            guest_status = g.returncode
            if g.returncode == 0 and os.path.exists(out):
                with open(out) as f:
                    phases["guest"] = json.load(f)
            elif g.returncode != 77:
                log(g.stdout[-3000:])

        rows = evaluate(phases)
        if guest_status not in (None, 0, 77):
            rows.append({"kernel": "guest", "program": "(guest run)", "what": "boot",
                         "status": "FAIL", "detail": f"run-in-guest.sh status {guest_status}"})
        for name, b in builds.items():
            if b["rc"] != 0:
                rows.append({"kernel": "host", "program": name, "what": "build",
                             "status": "FAIL", "detail": tail(b["stderr"])})
        print_summary(rows, phases, builds, time.monotonic() - t_all)
        if guest_status == 77:
            print("guest: QEMU or the guest kernel unavailable (run-in-guest.sh status 77)")
        if a.report:
            with open(a.report, "w") as f:
                json.dump({"phases": phases, "rows": rows, "builds": builds,
                           "secs": round(time.monotonic() - t_all, 1)}, f, indent=1)
        passed = sum(r["status"] == "pass" for r in rows)
        failed = sum(r["status"] == "FAIL" for r in rows)
        print(f"{passed} passed, {failed} failed")
        if failed:
            return 1
        if not passed and guest_status != 77:
            print("FAIL: nothing passed (every row n/a or not run)")
            return 1
        return 77 if guest_status == 77 else 0
    finally:
        if a.keep:
            log(f"kept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
