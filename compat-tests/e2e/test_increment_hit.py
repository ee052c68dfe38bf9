#!/usr/bin/python3
"""map.increment(k[, n]) on a key that is there runs what BCC's expansion
runs: the key stored, the lookup, the add. The value a miss inserts is set
in the miss branch only: set before the lookup it cost two instructions on
every hit (1.01x BCC's run time on equal code in the icount guest). Each
program's only stack store before its lookup is the key's, sys_exit's
tp_btf form's too (its record of the fields it reads stays in registers);
the object verifies."""
import os
import re
import tempfile

from e2e_common import build_verified, fail, require_root

BCC2CORE = os.environ["BCC2CORE"]
PROGRAM = """
BPF_HASH(counts, u32, u64);
BPF_HASH(sums, u32, u64);

TRACEPOINT_PROBE(raw_syscalls, sys_exit)
{
	u32 id = args->id;

	counts.increment(id);
	return 0;
}

TRACEPOINT_PROBE(raw_syscalls, sys_enter)
{
	u32 id = args->id;

	sums.atomic_increment(id, args->args[2]);
	return 0;
}
"""
STACK_STORE = re.compile(r"\*\(u\d+ \*\)\(r10 - \d+\) =")


def functions(code):
    """{function name: [its instruction lines]} of llvm-objdump -d's text"""
    out, name = {}, None
    for line in code.splitlines():
        m = re.match(r"^[0-9a-f]+ <(\w+)>:$", line)
        if m:
            if not m.group(1).startswith("LBB"):
                name = m.group(1)
                out[name] = []
            continue
        if name and re.match(r"^\s+\d+:", line):
            out[name].append(line)
    return out


require_root()
with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
    src = os.path.join(tmp, "increment_hit.bcc.c")
    with open(src, "w") as f:
        f.write(PROGRAM)
    _, code = build_verified(BCC2CORE, src, os.path.join(tmp, "increment_hit.o"), progs=3)
    progs = {n: body for n, body in functions(code).items() if n.startswith("tracepoint__")}
    if len(progs) != 3:
        fail("want 3 programs (sys_exit's tp_btf form too) in the disassembly, got %s:\n%s" % (sorted(progs), code))
    for name, body in progs.items():
        lookup = next((i for i, l in enumerate(body) if l.rstrip().endswith("call 1")), None)
        if lookup is None:
            fail(f"{name}: no map lookup (call 1):\n" + "\n".join(body))
        stores = [l for l in body[:lookup] if STACK_STORE.search(l)]
        if len(stores) != 1:
            fail(f"{name}: {len(stores)} stack stores before the lookup, want 1 (the key):\n"
                 + "\n".join(body))
print("ok: each increment's hit path stores only its key before the lookup")
