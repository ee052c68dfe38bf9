#!/usr/bin/python3
"""Bad input, one case per call: bcc2core must fail with a non-zero exit and
a clear message (file:line:col where there is a place, what, a hint), never
crash, never leave a BPF program, link or pin behind."""
import os
import re
import subprocess
import sys
import tempfile

BCC2CORE = os.environ.get("BCC2CORE", "bcc2core")

SYNTAX_ERROR = "BPF_HASH(counts, u32);\nint kprobe__x(struct pt_regs *ctx) {\n  if (); return 0;\n}\n"
UNKNOWN_METHOD = "BPF_HASH(counts, u32);\nint kprobe__vfs_read(struct pt_regs *ctx) {\n  u32 k = 0;\n  counts.frobnicate(&k);\n  return 0;\n}\n"

NULL_DEREF = ("#include <linux/sched.h>\nBPF_HASH(counts, u32);\n\n"
              "TRACEPOINT_PROBE(sched, sched_process_exec)\n{\n\tu32 pid = args->pid;\n"
              "\tu64 *v = counts.lookup(&pid);\n\treturn *v;\n}\n")
UNDECLARED = NULL_DEREF.replace("return *v;", "return undefined_thing;")

# name: (files {name: text}, argv (with {dir}), exit code, stderr regex)
CASES = {
    "syntax_error": ({"p.c": SYNTAX_ERROR}, ["convert", "{dir}/p.c"], 1,
                     r"p\.c:3:7: error: expected expression"),
    "missing_file": ({}, ["convert", "{dir}/nope.c"], 1,
                     r"nope\.c: error: cannot read: No such file or directory"),
    "unknown_option": ({"p.c": "int x;\n"}, ["convert", "--frobnicate", "{dir}/p.c"], 2,
                       r"unknown option '--frobnicate'\n  hint: see 'bcc2core convert --help'"),
    "unknown_command": ({}, ["frobnicate"], 2, r"unknown command 'frobnicate'\n  hint:"),
    "bad_attach_spec": ({"p.c": "int f(struct pt_regs *ctx) { return 0; }\n"},
                        ["convert", "--attach", "kprobe:do_sys_open", "{dir}/p.c"], 1,
                        r"bad attach spec 'kprobe:do_sys_open'\n  hint: KIND:TARGET=PROG"),
    "unknown_attach_kind": ({"p.c": "int f(struct pt_regs *ctx) { return 0; }\n"},
                            ["convert", "--attach", "kprobex:vfs_read=f", "{dir}/p.c"], 1,
                            r"bad attach spec 'kprobex:vfs_read=f'"),
    "attach_unknown_program": ({"p.c": "int f(struct pt_regs *ctx) { return 0; }\n"},
                               ["convert", "--attach", "kprobe:vfs_read=g", "{dir}/p.c"], 1,
                               r"--attach names program 'g', which the program does not define"),
    "unknown_map_method": ({"p.c": UNKNOWN_METHOD}, ["convert", "{dir}/p.c"], 1,
                           r"p\.c:4:10: error: map 'counts' has no method 'frobnicate'\n  hint: BCC map methods"),
    "bad_define": ({"p.c": "int x;\n"}, ["convert", "-D", "1X=2", "{dir}/p.c"], 2,
                   r"bad -D '1X=2'\n  hint:"),
    "no_input": ({}, ["convert"], 2, r"no input file\n  hint:"),
    "run_missing_object": ({}, ["run", "{dir}/nope.bpf.o"], 1, r"cannot read '.*nope\.bpf\.o'"),
    "run_not_an_object": ({"junk.bpf.o": "not an ELF file\n"}, ["run", "{dir}/junk.bpf.o"], 1,
                          r"cannot open '.*junk\.bpf\.o'.*\n  hint: run takes objects made by"),
    "verifier_error_points_at_source": ({"p.c": NULL_DEREF}, ["run", "{dir}/p.c"], 1,
                                        r"return \*v; @ p\.c:8[\s\S]*the kernel did not accept the program"),
    "undeclared_identifier": ({"p.c": UNDECLARED}, ["build", "{dir}/p.c", "-o", "{dir}/p.o"], 1,
                              r"p\.c:8:9: error: use of undeclared identifier 'undefined_thing'"),
    "binary_junk": ({"j.c": "\x7fELF\x00\x01\x02garbage"}, ["convert", "{dir}/j.c"], 1,
                    r"j\.c: error: not a C source file"),
}


def bpf_objects():
    """What could outlive a bcc2core process: pins, and programs or links
    still held by a bcc2core process (a program nobody holds is freed)."""
    progs = subprocess.run(["bpftool", "-j", "prog", "show"], capture_output=True, text=True).stdout
    links = subprocess.run(["bpftool", "-j", "link", "show"], capture_output=True, text=True).stdout
    pins = sorted(os.listdir("/sys/fs/bpf")) if os.path.isdir("/sys/fs/bpf") else []
    return progs.count('"comm":"bcc2core"'), links.count('"comm":"bcc2core"'), pins


def main(name):
    files, argv, code, pattern = CASES[name]
    with tempfile.TemporaryDirectory() as d:
        for fn, text in files.items():
            with open(os.path.join(d, fn), "w") as f:
                f.write(text)
        before = bpf_objects() if os.geteuid() == 0 else None
        res = subprocess.run([BCC2CORE] + [a.format(dir=d) for a in argv],
                             capture_output=True, text=True, timeout=60)
        after = bpf_objects() if os.geteuid() == 0 else None
    print(res.stderr, end="")
    ok = True
    if res.returncode != code:
        print(f"FAIL: exit code {res.returncode}, expected {code}")
        ok = False
    if res.returncode < 0:
        print("FAIL: crashed")
        ok = False
    if not re.search(pattern, res.stderr):
        print(f"FAIL: stderr does not match /{pattern}/")
        ok = False
    if before is not None and before != after:
        print(f"FAIL: BPF objects before {before}, after {after}")
        ok = False
    print("PASS" if ok else "FAIL", name)
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1] == "--list":
        print("\n".join(CASES))
        sys.exit(0)
    sys.exit(main(sys.argv[1]))
