#!/usr/bin/python3
"""Extract the BPF C programs from BCC's Python examples, for the corpus.

    extract_examples.py SRCDIR OUTDIR

For every SRCDIR/*.py this finds each BPF(...) call and works out, with the
`ast` module and no execution, the C text that BCC would compile when the
example is run without options:

  * text=/first positional argument: a string literal, or a variable that was
    assigned one, or a function that returns one; .replace(OLD, NEW) calls on
    it are applied in source order (as the script would do);
  * `if` statements whose test looks at the command line (args.*, sys.argv)
    take the no-option path, i.e. their `else` branch; other `if` statements
    take their first branch;
  * src_file=NAME: the .c file beside the example (copied as such);
  * cflags=[...]: recorded as -D/-I arguments for bcc2core (values that
    tools read from this machine, /proc/sys/* files and the number of CPUs,
    are read at extraction time);
  * b.attach_kprobe/kretprobe/tracepoint/uprobe/uretprobe(...) with constant
    arguments: recorded as --attach specs for bcc2core.

A .replace() whose NEW text is only known at run time (a PID from argv, a
stat() result) leaves the placeholder in place; if the placeholder is a C
identifier, `-D NAME=0` is recorded so the program still compiles.

Output, per program: OUTDIR/NAME.bcc.c (the C text, unchanged) and, when
there are extra arguments, OUTDIR/NAME.bcc.args (one bcc2core argument per
line).  A script with several BPF() calls gives NAME.bcc.c, NAME_2.bcc.c, ...

    extract_examples.py --tool-args TOOL-SCRIPT CAPTURED.c

prints the --attach arguments of a BCC tool (what its Python side attaches
when run without options), for the functions defined in CAPTURED.c, the
tool's --ebpf text; notes on what could not be resolved go to stderr.
An attach target only known at run time (event_re=, a value computed from
the kernel) is written as "bcc2core_unresolved": the conversion needs the
kind of probe, only attaching needs the target.
Each SRCDIR/*.c file is copied to OUTDIR/NAME.bcc.c unless an example
already loads it through src_file= (then under that example's name).
OUTDIR/CAPTURE.txt lists where every file came from.
"""
import ast
import os
import re
import shutil
import sys

IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
UNRESOLVED = "bcc2core_unresolved"


class Unknown:
    """A value only known at run time; `src` is its Python source text."""

    def __init__(self, src):
        self.src = src

    def __repr__(self):
        return "<unknown %s>" % self.src


class BPFObj:
    def __init__(self, prog):
        self.prog = prog


class SyscallName:
    def __init__(self, name):
        self.name = name


class ArgsObj:
    """argparse's Namespace when the script is run without options."""

    def __init__(self, defaults):
        self.defaults = defaults


class MachineFile:
    def __init__(self, path):
        self.path = path


class Return(Exception):
    def __init__(self, value):
        self.value = value


class Program:
    def __init__(self, script, lineno):
        self.script = script
        self.lineno = lineno
        self.text = None
        self.src_file = None
        self.args = []              # from cflags= and attach_*() calls
        self.placeholder_args = []  # -D for placeholders left in the text
        self.notes = []


def library_path(name):
    """BCC's attach_uprobe(name=...) as a path libbpf resolves: BCC looks a
    bare name up as lib<name>.so in ldconfig's cache ("c" -> libc.so.6)."""
    if "/" in name:
        return name
    if name == "c":
        return "libc.so.6"
    return name if name.startswith("lib") else "lib%s.so" % name


def mentions_cmdline(node):
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and n.id == "args":
            return True
        if isinstance(n, ast.Attribute) and n.attr == "argv":
            return True
    return False


class Evaluator:
    def __init__(self, path):
        self.path = path
        with open(path) as f:
            self.source = f.read()
        self.tree = ast.parse(self.source, path)
        self.funcs = {}
        self.globals = {}
        self.programs = []
        self.depth = 0
        self.pending = []   # placeholders left by unresolved .replace()
        self.argdefaults = {}
        self.all_programs = []

    def src(self, node):
        return ast.get_source_segment(self.source, node) or ast.dump(node)

    # statements -----------------------------------------------------------
    def run(self):
        self.block(self.tree.body, self.globals)
        return self.programs

    def block(self, stmts, env):
        for s in stmts:
            self.stmt(s, env)

    def assign(self, target, value, env):
        if isinstance(target, ast.Name):
            env[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            vals = value if isinstance(value, tuple) else None
            for i, t in enumerate(target.elts):
                self.assign(t, vals[i] if vals and i < len(vals)
                            else Unknown(self.src(t)), env)

    def stmt(self, s, env):
        if isinstance(s, ast.FunctionDef):
            self.funcs[s.name] = s
        elif isinstance(s, ast.Assign):
            v = self.eval(s.value, env)
            for t in s.targets:
                self.assign(t, v, env)
        elif isinstance(s, ast.AugAssign) and isinstance(s.target, ast.Name):
            old = self.lookup(s.target.id, env, s.target)
            new = self.eval(s.value, env)
            if isinstance(s.op, ast.Add) and isinstance(old, str) and isinstance(new, str):
                env[s.target.id] = old + new
            else:
                env[s.target.id] = Unknown(self.src(s))
        elif isinstance(s, ast.Expr):
            self.eval(s.value, env)
        elif isinstance(s, ast.If):
            t = self.eval(s.test, env)
            if isinstance(t, (Unknown, BPFObj, ArgsObj, SyscallName)):
                t = not mentions_cmdline(s.test)
            self.block(s.body if t else s.orelse, env)
        elif isinstance(s, ast.For):
            it = self.eval(s.iter, env)
            if isinstance(it, (tuple, list)):
                for v in it:
                    self.assign(s.target, v, env)
                    self.block(s.body, env)
        elif isinstance(s, ast.Try):
            self.block(s.body, env)
            self.block(s.finalbody, env)
        elif isinstance(s, ast.With):
            self.block(s.body, env)
        elif isinstance(s, ast.Return):
            raise Return(self.eval(s.value, env) if s.value else None)
        # while loops, imports, etc.: nothing that builds BPF text

    def lookup(self, name, env, node):
        if name in env:
            return env[name]
        if name in self.globals:
            return self.globals[name]
        return Unknown(self.src(node))

    # expressions ----------------------------------------------------------
    def eval(self, e, env):
        if isinstance(e, ast.Constant):
            return e.value
        if isinstance(e, ast.Name):
            return self.lookup(e.id, env, e)
        if isinstance(e, (ast.Tuple, ast.List)):
            return tuple(self.eval(x, env) for x in e.elts)
        if isinstance(e, ast.BinOp):
            l, r = self.eval(e.left, env), self.eval(e.right, env)
            if isinstance(e.op, ast.Add) and isinstance(l, str) and isinstance(r, str):
                return l + r
            if isinstance(e.op, ast.Mod) and isinstance(l, str):
                vals = r if isinstance(r, tuple) else (r,)
                if not any(isinstance(v, (Unknown, BPFObj)) for v in vals):
                    try:
                        return l % r
                    except (TypeError, ValueError):
                        pass
            return Unknown(self.src(e))
        if isinstance(e, ast.Call):
            return self.call(e, env)
        if isinstance(e, ast.Attribute):
            obj = self.eval(e.value, env)
            if isinstance(obj, ArgsObj) and e.attr in obj.defaults:
                return obj.defaults[e.attr]
            return Unknown(self.src(e))
        if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.Not):
            v = self.eval(e.operand, env)
            return Unknown(self.src(e)) if self.opaque(v) else not v
        if isinstance(e, ast.BoolOp):
            vals = [self.eval(x, env) for x in e.values]
            if any(self.opaque(v) for v in vals):
                return Unknown(self.src(e))
            return all(vals) if isinstance(e.op, ast.And) else any(vals)
        if isinstance(e, ast.Compare) and len(e.ops) == 1:
            l, r = self.eval(e.left, env), self.eval(e.comparators[0], env)
            if self.opaque(l) or self.opaque(r):
                return Unknown(self.src(e))
            ops = {ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b,
                   ast.Is: lambda a, b: a is b, ast.IsNot: lambda a, b: a is not b,
                   ast.Lt: lambda a, b: a < b, ast.Gt: lambda a, b: a > b,
                   ast.LtE: lambda a, b: a <= b, ast.GtE: lambda a, b: a >= b,
                   ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b}
            try:
                return ops[type(e.ops[0])](l, r)
            except (KeyError, TypeError):
                return Unknown(self.src(e))
        return Unknown(self.src(e))

    @staticmethod
    def opaque(v):
        return isinstance(v, (Unknown, BPFObj, ArgsObj, SyscallName))

    def add_argument(self, e, env):
        kw = self.kwargs(e, env)
        names = [self.eval(a, env) for a in e.args]
        names = [n for n in names if isinstance(n, str)]
        if "dest" in kw and isinstance(kw["dest"][0], str):
            dest = kw["dest"][0]
        else:
            longs = [n for n in names if n.startswith("--")]
            dest = (longs or names or ["?"])[0].lstrip("-").replace("-", "_")
        action = kw.get("action", (None,))[0]
        if "default" in kw:
            self.argdefaults[dest] = kw["default"][0]
        elif action == "store_true":
            self.argdefaults[dest] = False
        elif action == "store_false":
            self.argdefaults[dest] = True
        else:
            self.argdefaults[dest] = None

    def kwargs(self, e, env):
        return {k.arg: (self.eval(k.value, env), k.value) for k in e.keywords if k.arg}

    def call(self, e, env):
        f = e.func
        fname = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
        if fname == "BPF":
            return self.bpf_call(e, env)
        if fname == "add_argument":
            self.add_argument(e, env)
            return None
        if fname == "parse_args":
            return ArgsObj(self.argdefaults)
        if isinstance(f, ast.Attribute):
            obj = self.eval(f.value, env)
            if isinstance(obj, str) and f.attr == "replace":
                return self.replace(obj, e, env)
            if isinstance(obj, BPFObj):
                return self.bpf_method(obj, f.attr, e, env)
            if f.attr.startswith("attach_") and any(k.arg == "fn_name" for k in e.keywords):
                # a BPF object this evaluator lost track of (self.bpf, a
                # global set in another function): the last one created
                if not self.all_programs:
                    self.all_programs.append(Program(os.path.basename(self.path), e.lineno))
                return self.bpf_method(BPFObj(self.all_programs[-1]), f.attr, e, env)
        # the few facts about this machine that tools put into cflags
        if fname == "open" and e.args and isinstance(self.eval(e.args[0], env), str):
            path = self.eval(e.args[0], env)
            if path.startswith("/proc/sys/"):
                return MachineFile(path)
        if isinstance(f, ast.Attribute) and f.attr == "read":
            obj = self.eval(f.value, env)
            if isinstance(obj, MachineFile):
                with open(obj.path) as fh:
                    return fh.read()
        if fname == "get_online_cpus":
            return tuple(range(os.cpu_count() or 1))
        if fname in ("int", "len") and len(e.args) == 1:
            v = self.eval(e.args[0], env)
            try:
                if fname == "int" and isinstance(v, (str, int)):
                    return int(v)
                if fname == "len" and isinstance(v, (str, tuple)):
                    return len(v)
            except ValueError:
                pass
            return Unknown(self.src(e))
        if fname == "str" and len(e.args) == 1:
            v = self.eval(e.args[0], env)
            return str(v) if isinstance(v, (str, int)) else Unknown(self.src(e))
        if isinstance(f, ast.Name) and f.id in self.funcs and self.depth < 20:
            return self.call_func(self.funcs[f.id], e, env)
        for a in e.args:           # nested calls may still build a BPF object
            if isinstance(a, ast.Call):
                self.eval(a, env)
        return Unknown(self.src(e))

    def call_func(self, fdef, e, env):
        local = {}
        params = [a.arg for a in fdef.args.args]
        defaults = fdef.args.defaults
        kw = {k.arg: self.eval(k.value, env) for k in e.keywords if k.arg}
        for i, p in enumerate(params):
            d = i - (len(params) - len(defaults))
            if i < len(e.args):
                local[p] = self.eval(e.args[i], env)
            elif p in kw:
                local[p] = kw[p]
            elif d >= 0:
                local[p] = self.eval(defaults[d], self.globals)
            else:
                local[p] = Unknown(p)
        self.depth += 1
        try:
            self.block(fdef.body, local)
        except Return as r:
            return r.value
        finally:
            self.depth -= 1
        return None

    def replace(self, s, e, env):
        args = []
        for a in e.args:
            if isinstance(a, ast.Starred):
                v = self.eval(a.value, env)
                args.extend(v if isinstance(v, tuple) else [Unknown(self.src(a))])
            else:
                args.append(self.eval(a, env))
        if len(args) < 2 or not isinstance(args[0], str):
            return Unknown(self.src(e))
        old, new = args[0], args[1]
        if isinstance(new, (str, int)):
            return s.replace(old, str(new))
        self.pending.append((old, new.src if isinstance(new, Unknown) else repr(new)))
        return s

    def bpf_call(self, e, env):
        p = Program(os.path.basename(self.path), e.lineno)
        kw = self.kwargs(e, env)
        text = kw.get("text", (None, None))[0]
        if text is None and e.args:
            text = self.eval(e.args[0], env)
        if isinstance(text, str):
            p.text = text
        elif text is not None:
            p.notes.append("text not resolved: %s" % (text.src if isinstance(text, Unknown) else text))
        if "src_file" in kw:
            p.src_file = kw["src_file"][0] if isinstance(kw["src_file"][0], str) else None
        if "cflags" in kw:
            cf = kw["cflags"][0]
            if isinstance(cf, tuple) and all(isinstance(c, str) for c in cf):
                for c in cf:
                    m = re.match(r"^-([DI])\s*(.*)$", c)
                    if m:
                        p.args.append("-%s %s" % (m.group(1), m.group(2)))
                    else:
                        p.notes.append("cflag not passed to bcc2core: %s" % c)
            else:
                p.notes.append("cflags only known at run time: %s" % self.src(kw["cflags"][1]))
        if "usdt_contexts" in kw:
            p.notes.append("USDT probes: %s (BCC generates the argument readers)"
                           % self.src(kw["usdt_contexts"][1]))
        self.all_programs.append(p)
        if "src_file" in kw or isinstance(text, str):
            for old, how in self.pending:
                if old in (p.text or ""):
                    if IDENT.match(old):
                        p.placeholder_args.append("-D %s=0" % old)
                        p.notes.append("placeholder %s set at run time from %s; -D %s=0 stands in"
                                       % (old, how, old))
                    else:
                        p.notes.append("placeholder %r set at run time from %s" % (old, how))
            self.pending = []
            self.programs.append(p)
        return BPFObj(p)

    def bpf_method(self, obj, meth, e, env):
        if meth == "get_syscall_fnname" and e.args:
            n = self.eval(e.args[0], env)
            if isinstance(n, (str, bytes)):
                return SyscallName(n.decode() if isinstance(n, bytes) else n)
            return Unknown(self.src(e))
        if not meth.startswith("attach_"):
            return Unknown(self.src(e))
        kw = self.kwargs(e, env)
        fn = kw.get("fn_name", (None,))[0]
        if isinstance(fn, bytes):
            fn = fn.decode()

        def const(key):
            v = kw.get(key, (None,))[0]
            return v.decode() if isinstance(v, bytes) else v

        spec = None
        kind = meth[len("attach_"):]
        unresolved = False
        if kind in ("kprobe", "kretprobe"):
            ev = kw.get("event", (None,))[0]
            if isinstance(ev, SyscallName):
                spec = "%s:%s" % ("ksyscall" if kind == "kprobe" else "kretsyscall", ev.name)
            elif isinstance(ev, (str, bytes)):
                spec = "%s:%s" % (kind, const("event"))
            else:
                # event only known at run time (event_re=, a variable): the
                # kind is what the conversion needs, the target only matters
                # for attaching
                spec, unresolved = "%s:%s" % (kind, UNRESOLVED), True
        elif kind == "tracepoint":
            tp = const("tp")
            if isinstance(tp, str):
                spec = "tracepoint:%s" % tp
        elif kind == "raw_tracepoint":
            tp = const("tp")
            if isinstance(tp, str):
                spec = "raw_tracepoint:%s" % tp
        elif kind in ("uprobe", "uretprobe"):
            name, sym = const("name"), const("sym")
            if isinstance(name, str) and isinstance(sym, str):
                spec = "%s:%s:%s" % (kind, library_path(name), sym)
            else:
                spec, unresolved = "%s:%s:%s" % (
                    kind, library_path(name) if isinstance(name, str) else UNRESOLVED,
                    sym if isinstance(sym, str) else UNRESOLVED), True
        if spec and isinstance(fn, str):
            a = "--attach %s=%s" % (spec, fn)
            if any(x.startswith("--attach ") and x.endswith("=" + fn) for x in obj.prog.args):
                if a not in obj.prog.args:
                    obj.prog.notes.append("alternative attach not recorded: %s" % a[9:])
            else:
                obj.prog.args.append(a)
                if unresolved:
                    obj.prog.notes.append("attach target only known at run time: %s"
                                          % self.src(e).splitlines()[0][:100])
        else:
            obj.prog.notes.append("attach not recorded: %s" % self.src(e).splitlines()[0][:100])
        return None


def tool_args(script, cfile):
    """bcc2core arguments for a BCC tool's captured --ebpf text: the
    --attach specs its Python side would use when run without options, for
    the functions that the text defines. Returns (args, notes)."""
    with open(cfile) as f:
        text = f.read()
    ev = Evaluator(script)
    ev.run()
    args, notes, seen = [], [], set()
    for p in ev.all_programs:
        for a in p.args:
            if a.startswith(("-D ", "-I ")):
                if a not in args:
                    args.append(a)
                continue
            if not a.startswith("--attach "):
                continue
            fn = a.rsplit("=", 1)[1]
            if fn in seen or not re.search(r"\b%s\s*\(" % re.escape(fn), text):
                continue
            seen.add(fn)
            args.append(a)
        notes += [n for n in p.notes if not n.startswith(
            ("text not resolved", "placeholder", "alternative attach"))]
        alt = sum(n.startswith("alternative attach") for n in p.notes)
        if alt:
            notes.append("%d more attach calls for the same functions not recorded "
                         "(bcc2core takes one spec per function)" % alt)
    return args, notes


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--tool-args":
        args, notes = tool_args(sys.argv[2], sys.argv[3])
        for a in args:
            print(a)
        for n in notes:
            print(n, file=sys.stderr)
        return
    if len(sys.argv) != 3:
        sys.exit("usage: extract_examples.py SRCDIR OUTDIR\n"
                 "       extract_examples.py --tool-args TOOL-SCRIPT CAPTURED.c")
    srcdir, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    manifest = []
    used_c = {}
    written = set()

    def write(name, text, args, origin, notes):
        path = os.path.join(outdir, name + ".bcc.c")
        with open(path, "w") as f:
            f.write(text)
        argp = os.path.join(outdir, name + ".bcc.args")
        if args:
            with open(argp, "w") as f:
                f.write("".join(a + "\n" for a in args))
        elif os.path.exists(argp):
            os.unlink(argp)
        written.add(name)
        line = "%-24s %s" % (name, origin)
        if args:
            line += "; args: " + " ".join(args)
        for n in notes:
            line += "; " + n
        manifest.append(line)

    for fn in sorted(os.listdir(srcdir)):
        if not fn.endswith(".py"):
            continue
        base = fn[:-3]
        try:
            progs = Evaluator(os.path.join(srcdir, fn)).run()
        except SyntaxError as ex:
            manifest.append("%-24s %s: not parsed (%s)" % (base, fn, ex))
            continue
        if not progs:
            manifest.append("%-24s %s: no BPF() program found" % (base, fn))
        for i, p in enumerate(progs):
            name = base if i == 0 else "%s_%d" % (base, i + 1)
            if p.src_file:
                cpath = os.path.join(srcdir, p.src_file)
                with open(cpath) as f:
                    text = f.read()
                used_c[p.src_file] = name
                origin = "%s: %s, loaded by %s line %d via src_file=" % (
                    p.src_file, cpath, fn, p.lineno)
            elif p.text is not None:
                text = p.text
                origin = "%s line %d: BPF(text=...) string, default (no-option) path" % (
                    os.path.join(srcdir, fn), p.lineno)
            else:
                manifest.append("%-24s %s line %d: BPF text not resolved (%s)" % (
                    name, fn, p.lineno, "; ".join(p.notes)))
                continue
            write(name, text, p.placeholder_args + p.args, origin, p.notes)

    for fn in sorted(os.listdir(srcdir)):
        if fn.endswith(".c") and fn not in used_c:
            name = fn[:-2]
            if name in written:
                name += "_c"
            with open(os.path.join(srcdir, fn)) as f:
                write(name, f.read(), [], "%s: copied" % os.path.join(srcdir, fn), [])

    with open(os.path.join(outdir, "CAPTURE.txt"), "w") as f:
        f.write("# BCC example programs, extracted by compat-tests/corpus/extract_examples.py\n"
                "# from %s (Debian package bpfcc-tools; see tools/CAPTURE.txt for its version).\n"
                "# NAME  origin; args: extra bcc2core arguments (NAME.bcc.args); notes\n" % srcdir)
        f.write("\n".join(manifest) + "\n")
    print("%d example programs written to %s" % (len(written), outdir))


if __name__ == "__main__":
    main()
