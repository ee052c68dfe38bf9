#!/usr/bin/python3
"""Run the programs of BCC's tests/python/test_clang.py through bcc2core.

    test_clang_sweep.py BCC2CORE TEST_CLANG_PY WORKDIR

For each test method this finds, with the `ast` module and no execution,
the C text of each BPF(text=...) call (a literal, or a variable assigned
one; BPF(src_file=F) reads F beside the test file) and the program types
its load_func() calls give (BPF.SCHED_CLS -> --attach section:tc=NAME,
...), writes WORKDIR/NAME.bcc.c, runs `bcc2core build` and `bcc2core
verify` on it and prints one line per program:

    NAME  verifies | refused | not-built

Nothing of test_clang.py is kept in this repository; docs/bcc-test-constructs.md
is the table made from this output (with what each test exercises).
"""
import ast
import os
import subprocess
import sys

SECTIONS = {"BPF.SCHED_CLS": "tc", "BPF.SCHED_ACT": "action", "BPF.SOCKET_FILTER": "socket",
            "BPF.XDP": "xdp"}


def text_of(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, (bytes, str)):
        v = node.value
        return v.decode() if isinstance(v, bytes) else v
    return None


def programs(path):
    tree = ast.parse(open(path).read())
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        for fn in cls.body:
            if not isinstance(fn, ast.FunctionDef) or not fn.name.startswith("test_"):
                continue
            texts, calls, flags = {}, [], []
            for node in ast.walk(fn):
                if isinstance(node, ast.Assign) and text_of(node.value) is not None:
                    for t in node.targets:
                        if isinstance(t, ast.Name):
                            texts[t.id] = text_of(node.value)
                if not isinstance(node, ast.Call):
                    continue
                callee = ast.unparse(node.func)
                kw = {k.arg: k.value for k in node.keywords}
                if callee == "BPF":
                    calls.append(kw)
                elif callee.endswith("load_func") and len(node.args) > 1:
                    sec = SECTIONS.get(ast.unparse(node.args[1]))
                    name = text_of(node.args[0])
                    if sec and name:
                        flags.append(f"--attach=section:{sec}={name}")
            for i, kw in enumerate(calls):
                text = None
                if "text" in kw:
                    v = kw["text"]
                    text = texts.get(v.id) if isinstance(v, ast.Name) else text_of(v)
                elif "src_file" in kw and text_of(kw["src_file"]):
                    f = os.path.join(os.path.dirname(path), text_of(kw["src_file"]))
                    text = open(f).read() if os.path.exists(f) else None
                cflags = []
                if "cflags" in kw and isinstance(kw["cflags"], ast.List):
                    cflags = [text_of(e) for e in kw["cflags"].elts if text_of(e)]
                if text is not None:
                    yield (fn.name if i == 0 else f"{fn.name}_{i + 1}"), text, flags + cflags


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    tool, src, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    for name, text, flags in programs(src):
        c = os.path.join(work, name + ".bcc.c")
        o = os.path.join(work, name + ".bpf.o")
        with open(c, "w") as f:
            f.write(text)
        run = lambda *a: subprocess.run([tool, *a], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL).returncode
        if run("build", *flags, c, "-o", o):
            status = "not-built"
        elif run("verify", o):
            status = "refused"
        else:
            status = "verifies"
        print(f"{name}  {status}", flush=True)


if __name__ == "__main__":
    main()
