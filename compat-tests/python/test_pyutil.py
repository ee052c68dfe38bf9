#!/usr/bin/python3
"""The pure-Python helpers of our bcc package (python/bcc: utils, syscall,
containers, tcp, _kernel, _elf, _usersym, _trace) on this machine,
against known answers and, where python3-bpfcc is installed, against BCC's
own result for the same question (those comparisons alone are skipped
without it).

The modules are loaded as the package "pyutil_bcc" so that neither BCC's
bcc package nor our core (bcc/__init__.py) is imported with them."""
import contextlib
import ctypes
import importlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import types
import unittest
import warnings

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PKG = os.path.join(ROOT, "python", "bcc")

_pkg = types.ModuleType("pyutil_bcc")
_pkg.__path__ = [PKG]
sys.modules["pyutil_bcc"] = _pkg


def ours(name):
    return importlib.import_module("pyutil_bcc." + name)


utils = ours("utils")
syscall = ours("syscall")
containers = ours("containers")
tcp = ours("tcp")
K = ours("_kernel")
elf = ours("_elf")
U = ours("_usersym")
T = ours("_trace")

# BCC's modules, only to compute expected values
BCC = None
try:
    sys.path.append("/usr/lib/python3/dist-packages")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        BCC = importlib.import_module("bcc")
        for sub in ("utils", "syscall", "tcp", "containers"):
            importlib.import_module("bcc." + sub)
except Exception:           # not installed, or libbcc missing
    BCC = None
finally:
    sys.path.remove("/usr/lib/python3/dist-packages")

need_bcc = unittest.skipIf(BCC is None, "python3-bpfcc is not installed")
need_root = unittest.skipIf(os.geteuid() != 0, "needs root (kallsyms, tracefs)")


def kallsyms_lines():
    with open("/proc/kallsyms", "rb") as f:
        return [line.split() for line in f]


def spawn_sleep():
    """a child running sleep(1), returned once it has exec'd and its libc
    is mapped"""
    child = subprocess.Popen(["sleep", "30"])
    for _ in range(1000):
        with contextlib.suppress(OSError):
            if os.path.basename(os.readlink("/proc/%d/exe" % child.pid)) == "sleep":
                with open("/proc/%d/maps" % child.pid) as f:
                    if "/libc.so" in f.read():
                        return child
        time.sleep(0.005)
    return child


def libc_addr(name):
    return ctypes.cast(getattr(ctypes.CDLL(None), name), ctypes.c_void_p).value


def aliases(path, addr_in_file):
    """names of the functions of an ELF file (and its debug file) at value"""
    return {n for (n, v, _) in U.elf_symbols(path) if v == addr_in_file}


class Utils(unittest.TestCase):
    def test_printb(self):
        raw = io.BytesIO()
        out = io.TextIOWrapper(raw)
        utils.printb(b"\xffab", file=out)
        utils.printb(b"cd", file=out, nl=0)
        self.assertEqual(raw.getvalue(), b"\xffab\ncd")

    def test_cpu_lists(self):
        with tempfile.NamedTemporaryFile("w") as f:
            f.write("0-2,5,7-8\n")
            f.flush()
            self.assertEqual(utils._cpu_list(f.name), [0, 1, 2, 5, 7, 8])
        online = utils.get_online_cpus()
        self.assertEqual(len(online), os.cpu_count())
        self.assertTrue(set(online) <= set(utils.get_possible_cpus()))
        if BCC:
            self.assertEqual(online, BCC.utils.get_online_cpus())
            self.assertEqual(utils.get_possible_cpus(),
                             BCC.utils.get_possible_cpus())

    def test_argstring_and_bytes(self):
        a = utils.ArgString("caf\xe9")
        self.assertEqual(bytes(a), "caf\xe9".encode())
        self.assertEqual(str(a), "caf\xe9")
        self.assertIsNone(utils._assert_is_bytes(None))
        self.assertEqual(utils._assert_is_bytes(b"x"), b"x")
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            self.assertEqual(utils._assert_is_bytes("x"), b"x")
        self.assertTrue(issubclass(w[0].category, DeprecationWarning))

    def test_detect_language(self):
        # this interpreter: "python" in its executable's real path
        self.assertEqual(utils.detect_language(["python", "c"], os.getpid()),
                         "python")
        self.assertIsNone(utils.detect_language(["java"], os.getpid()))
        child = spawn_sleep()
        try:
            self.assertEqual(utils.detect_language(["c"], child.pid), "c")
            if BCC:
                for cand in (["c"], ["python", "java"]):
                    self.assertEqual(
                        utils.detect_language(cand, child.pid),
                        BCC.utils.detect_language(cand, child.pid))
        finally:
            child.kill()
            child.wait()

    def test_strcmp_rewrite(self):
        expr = 'STRCMP("foo",arg1) && STRCMP("ba r", arg2)'
        got = utils.StrcmpRewrite.rewrite_expr(expr, False, False, {"arg2"},
                                               "", 3)
        self.assertEqual(got["expr"], 'streq_3("foo",arg1) && streq_4("ba r", arg2)')
        self.assertEqual(got["probeid"], 5)
        fns = got["streq_functions"]
        self.assertIn('char want[] = "foo";', fns)
        self.assertRegex(fns, r"(?s)streq_3.*\bbpf_probe_read\(.*streq_4.*"
                              r"bpf_probe_read_user\(")
        binary = utils.StrcmpRewrite.rewrite_expr(
            'STRCMP("{0x41,0x42}",arg1)', True, True, set(), "", 0)
        self.assertIn("char want[] = {0x41,0x42};", binary["streq_functions"])
        self.assertIn("bpf_probe_read_user(", binary["streq_functions"])
        if BCC:
            for args in ((expr, False, False, {"arg2"}, "", 3),
                         ('STRCMP("{0x41,0x42}",arg1)', True, True, set(), "", 0)):
                ref = BCC.utils.StrcmpRewrite.rewrite_expr(*args)
                mine = utils.StrcmpRewrite.rewrite_expr(*args)
                self.assertEqual(mine["expr"], ref["expr"])
                self.assertEqual(mine["probeid"], ref["probeid"])
                self.assertEqual(re.findall(r"bpf_probe_read\w*", mine["streq_functions"]),
                                 re.findall(r"bpf_probe_read\w*", ref["streq_functions"]))

    @unittest.skipIf(not shutil.which("clang"), "no clang")
    def test_strcmp_function_compiles(self):
        fns = utils.StrcmpRewrite.rewrite_expr(
            'STRCMP("abc",arg1)', False, False, set(), "", 0)["streq_functions"]
        src = ("typedef _Bool bool;\n#define true 1\n#define false 0\n"
               "typedef unsigned long uintptr_t;\n"
               "static long (*bpf_probe_read)(void *, unsigned int, const void *)"
               " = (void *)4;\n" + fns +
               "int f(unsigned long p) { return streq_0(\"abc\", p); }\n")
        with tempfile.TemporaryDirectory() as d:
            c = os.path.join(d, "s.c")
            with open(c, "w") as f:
                f.write(src)
            r = subprocess.run(["clang", "-target", "bpf", "-O2", "-Wall",
                                "-Werror", "-Wno-sign-compare", "-c", c, "-o",
                                os.path.join(d, "s.o")],
                               capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)


class Syscall(unittest.TestCase):
    def test_known(self):
        self.assertEqual(syscall.syscall_name(59), b"execve")
        self.assertEqual(syscall.syscall_name(0), b"read")
        self.assertEqual(syscall.syscall_name(321), b"bpf")
        self.assertEqual(syscall.syscall_name(9999), b"[unknown: 9999]")
        self.assertEqual(syscall.syscalls[435], b"clone3")

    @need_bcc
    def test_same_as_bcc(self):
        if shutil.which("ausyscall"):
            self.skipTest("BCC's table comes from ausyscall here")
        for nr, name in BCC.syscall.syscalls.items():
            self.assertEqual(syscall.syscalls.get(nr), name, nr)
        self.assertEqual(syscall.syscall_name(9999),
                         BCC.syscall.syscall_name(9999))


class Containers(unittest.TestCase):
    def args(self, cg=None, mnt=None):
        return types.SimpleNamespace(cgroupmap=cg, mntnsmap=mnt)

    def test_no_options(self):
        text = containers.filter_by_containers(self.args())
        self.assertIn("container_should_be_filtered", text)
        self.assertIn("_cgroup_filter", text)
        self.assertIn("_mntns_filter", text)
        self.assertNotIn("BPF_TABLE", text)
        self.assertEqual(len(re.findall(r"return 0;", text)), 2)

    def test_both_maps(self):
        text = containers.filter_by_containers(
            self.args("/sys/fs/bpf/cg", "/sys/fs/bpf/mnt"))
        self.assertIn('BPF_TABLE_PINNED("hash", u64, u64, cgroupset, 1024, '
                      '"/sys/fs/bpf/cg")', text)
        self.assertIn('BPF_TABLE_PINNED("hash", u64, u32, mount_ns_set, 1024, '
                      '"/sys/fs/bpf/mnt")', text)
        self.assertIn("#ifndef MNT_NAMESPACE_DEFINED", text)
        self.assertIn("bpf_get_current_cgroup_id()", text)

    @need_bcc
    def test_same_functions_as_bcc(self):
        for a in (self.args(), self.args("/a", None), self.args(None, "/b"),
                  self.args("/a", "/b")):
            def shape(t):
                return (sorted(set(re.findall(r"\b_\w+_filter\b|container_should_be_filtered|"
                                              r"BPF_TABLE_PINNED\([^;]*", t))))
            self.assertEqual(shape(containers.filter_by_containers(a)),
                             shape(BCC.containers.filter_by_containers(a)))


class Tcp(unittest.TestCase):
    def test_flags(self):
        self.assertEqual(tcp.flags2str(0x12), "SYN|ACK")
        self.assertEqual(tcp.flags2str(0), "")
        self.assertEqual(tcp.flags2str(0xff), "FIN|SYN|RST|PSH|ACK|URG|ECE|CWR")
        self.assertEqual(tcp.tcpstate[1], "ESTABLISHED")
        self.assertEqual(tcp.tcpstate[10], "LISTEN")

    @need_bcc
    def test_same_as_bcc(self):
        for f in range(256):
            self.assertEqual(tcp.flags2str(f), BCC.tcp.flags2str(f))
        self.assertEqual(tcp.tcpstate, BCC.tcp.tcpstate)


@need_root
class Kernel(unittest.TestCase):
    def test_tracefs(self):
        self.assertTrue(os.path.isdir(os.path.join(K.tracefs(), "events")))

    def test_syscall_names(self):
        raw = {p[2] for p in kallsyms_lines() if len(p) > 2}
        if b"__x64_sys_bpf" not in raw:
            self.skipTest("not an x86_64 kernel with syscall wrappers")
        self.assertEqual(K.get_syscall_prefix(), b"__x64_sys_")
        fn = K.get_syscall_fnname(b"execve")
        self.assertEqual(fn, b"__x64_sys_execve")
        self.assertEqual(K.get_syscall_fnname("execve"), fn)
        self.assertIn(fn, K.get_kprobe_functions(b"^__x64_sys_execve$"))
        self.assertEqual(K.fix_syscall_fnname(b"sys_clone"), b"__x64_sys_clone")
        self.assertEqual(K.fix_syscall_fnname(b"vfs_read"), b"vfs_read")

    def test_kprobe_functions(self):
        got = K.get_kprobe_functions(b"^vfs_rea")
        self.assertIn(b"vfs_read", got)
        self.assertTrue(all(isinstance(f, bytes) and f.startswith(b"vfs_rea")
                            for f in got))
        self.assertFalse({f for f in K.get_kprobe_functions(b".*\\.cold")})
        self.assertFalse(K.get_kprobe_functions(b"^perf_"))
        self.assertEqual(K.get_kprobe_functions(b"^no_such_function_x$"), set())

    def test_ksym(self):
        lines = kallsyms_lines()
        at = {}
        for p in lines:
            if len(p) > 2:
                at.setdefault(int(p[0], 16), []).append(p)
        # a core kernel function alone at its address
        name = b"vfs_read"
        addr = next((a for a, ps in at.items() if [p[2] for p in ps] == [name]),
                    None)
        if addr is None:
            self.skipTest("vfs_read not alone at its address in kallsyms")
        self.assertEqual(K.ksymname(name), addr)
        self.assertEqual(K.ksymname("vfs_read"), addr)
        self.assertEqual(K.ksym(addr), name)
        self.assertEqual(K.ksym(addr + 0x1a, show_offset=True), name + b"+0x1a")
        self.assertEqual(K.ksym(addr, show_module=True), name + b" [kernel]")
        self.assertEqual(K.ksym(addr + 2, True, True), name + b"+0x2 [kernel]")
        self.assertEqual(K.ksym(0x10, True, True), b"[unknown]")
        self.assertEqual(K.ksymname(b"jiffies"), -1)        # data
        self.assertEqual(K.ksymname(b"no_such_symbol_x"), -1)
        # a module's function; not a BPF program's ("[bpf]"): those come
        # and go with the tests that run beside this one
        mod = next((p for p in lines if len(p) == 4 and p[1] in (b"t", b"T")
                    and p[3] != b"[bpf]" and len(at[int(p[0], 16)]) == 1), None)
        if mod:
            self.assertEqual(K.ksym(int(mod[0], 16), show_module=True),
                             mod[2] + b" " + mod[3])
        if BCC:
            for a in (addr, addr + 7, 0x10):
                for flags in ((False, False), (True, True)):
                    self.assertEqual(K.ksym(a, *flags), BCC.BPF.ksym(a, *flags))
            self.assertEqual(K.ksymname(b"vfs_read"), BCC.BPF.ksymname(b"vfs_read"))

    def test_struct_fields(self):
        if not os.path.exists("/sys/kernel/btf/vmlinux"):
            self.skipTest("no kernel BTF")
        self.assertEqual(K.kernel_struct_has_field(b"task_struct", b"pid"), 1)
        self.assertEqual(K.kernel_struct_has_field("task_struct", "pid"), 1)
        self.assertEqual(K.kernel_struct_has_field(b"task_struct", b"nosuchfield"), 0)
        self.assertEqual(K.kernel_struct_has_field(b"no_such_struct_x", b"pid"), -1)
        # next sits in an anonymous struct inside an anonymous union
        self.assertEqual(K.kernel_struct_has_field(b"sk_buff", b"next"), 1)
        if BCC:
            for s, f in ((b"task_struct", b"pid"), (b"task_struct", b"__state"),
                         (b"task_struct", b"state"), (b"request", b"rq_disk"),
                         (b"sk_buff", b"next"), (b"sk_buff", b"nosuch"),
                         (b"no_such_struct_x", b"pid"), (b"bio", b"bi_bdev")):
                self.assertEqual(K.kernel_struct_has_field(s, f),
                                 BCC.BPF.kernel_struct_has_field(s, f), (s, f))

    def test_tracepoints(self):
        self.assertTrue(K.tracepoint_exists("sched", "sched_switch"))
        self.assertTrue(K.tracepoint_exists(b"sched", b"sched_switch"))
        self.assertFalse(K.tracepoint_exists("sched", "no_such_event"))
        self.assertEqual(K.get_tracepoints(b"sched:sched_switch$"),
                         ["sched:sched_switch"])
        self.assertEqual(K.get_tracepoints("nosuchcat:"), [])

    def test_raw_tracepoints(self):
        self.assertTrue(K.support_raw_tracepoint())   # every kernel since 4.17
        if BCC:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")   # BCC passes itself str here
                self.assertEqual(K.support_raw_tracepoint(),
                                 BCC.BPF.support_raw_tracepoint())
            self.assertEqual(K.support_raw_tracepoint_in_module(),
                             BCC.BPF.support_raw_tracepoint_in_module())


class KernelFixtures(unittest.TestCase):
    """The branches this machine does not take, on made-up files."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.saved = (K.KALLSYMS, K._ksyms, K.tracefs, K.debugfs)

    def tearDown(self):
        K.KALLSYMS, K._ksyms, K.tracefs, K.debugfs = self.saved
        self.dir.cleanup()

    def write(self, rel, text):
        path = os.path.join(self.dir.name, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_kallsyms(self):
        K.KALLSYMS = self.write("kallsyms", "\n".join([
            "ffffffff81000000 T _stext",
            "ffffffff81000000 T _text",
            "ffffffff81000100 T __irqentry_text_start",
            "ffffffff81000110 T irq_entry_fn",
            "ffffffff81000200 T __irqentry_text_end",
            "ffffffff81000300 t plain_fn",
            "ffffffff81000310 t plain_fn.cold",
            "ffffffff81000320 T perf_event_fn",
            "ffffffff81000330 W weak_fn",
            "ffffffff81000340 D some_data",
            "ffffffff81000350 T __x64_sys_bpf",
            "ffffffff81000400 T __init_begin",
            "ffffffff81000410 T init_fn",
            "ffffffff81000500 T __init_end",
            "ffffffff81000600 T late_fn",
            "ffffffffc0001000 t mod_fn\t[mymod]",
            "0000000000000000 T zero_fn", ""]))
        K._ksyms = None
        K.tracefs = lambda: os.path.join(self.dir.name, "none")
        K.debugfs = lambda: os.path.join(self.dir.name, "none")
        self.assertEqual(K.get_kprobe_functions(b".*"),
                         {b"_stext", b"_text", b"plain_fn", b"weak_fn",
                          b"__x64_sys_bpf", b"late_fn", b"mod_fn",
                          b"zero_fn"})       # hidden addresses still name it
        self.assertEqual(K.ksym(0xffffffff81000005, True, True), b"_text+0x5 [kernel]")
        self.assertEqual(K.ksym(0xffffffff81000345), b"weak_fn")   # data left out
        self.assertEqual(K.ksym(0xffffffffc0001002, True), b"mod_fn [mymod]")
        self.assertEqual(K.ksymname(b"some_data"), -1)
        self.assertEqual(K.ksymname(b"zero_fn"), -1)
        self.assertEqual(K.get_syscall_prefix(), b"__x64_sys_")
        self.write("debug/kprobes/blacklist",
                   "0xffffffff81000330-0xffffffff81000340\tweak_fn\n")
        K.debugfs = lambda: os.path.join(self.dir.name, "debug")
        self.assertNotIn(b"weak_fn", K.get_kprobe_functions(b".*"))

    def test_kallsyms_scan(self):
        """ksymname() before the table is loaded (a pass that parses only
        the lines naming the symbol) answers as the table does."""
        K.KALLSYMS = self.write("kallsyms", "\n".join([
            "ffffffff81000100 T dup_fn",
            "ffffffff81000200 t sys_bpf_helper",
            "ffffffff81000300 T __x64_sys_bpf",
            "ffffffff81000310 T __x64_sys_bpf_extra",
            "ffffffff81000320 T __ia32_sys_bpf",
            "ffffffff81000330 T bpf_get_raw_tracepoint",
            "ffffffff81000340 D some_data",
            "ffffffff81000350 T data_and_code",
            "ffffffff81000360 d data_and_code",
            "0000000000000000 T zero_fn",
            "garbage T bad_addr_fn",
            "ffffffffc0001000 t dup_fn\t[mymod]",
            "ffffffffc0002000 t mod_fn\t[mymod]",
            "ffffffffc0003000 t last_fn\t[mymod]"]))    # no newline at the end
        names = [b"dup_fn", b"sys_bpf", b"__x64_sys_bpf", b"bpf", b"some_data",
                 b"data_and_code", b"zero_fn", b"bad_addr_fn", b"mod_fn", b"last_fn",
                 b"mymod", b"no_such_fn"]
        K._ksyms = None
        self.assertTrue(K.support_raw_tracepoint())       # a pass that stops early
        self.assertEqual(K.get_syscall_prefix(), b"__x64_sys_")
        scanned = {n: K.ksymname(n) for n in names}
        self.assertIsNone(K._ksyms)
        self.assertEqual(scanned[b"dup_fn"], 0xffffffffc0001000)     # the highest
        K._load_ksyms()
        self.assertEqual(scanned, {n: K.ksymname(n) for n in names})
        self.assertTrue(K.support_raw_tracepoint())
        K.KALLSYMS = self.write("kallsyms2", "ffffffff81000300 T __arm64_sys_bpf\n")
        K._ksyms = None
        self.assertFalse(K.support_raw_tracepoint())
        self.assertEqual(K.get_syscall_prefix(), b"__arm64_sys_")

    def test_syscall_names_kept(self):
        """The syscall prefix's pass keeps every name under a syscall
        prefix: later lookups of entry points read no kallsyms."""
        K.KALLSYMS = self.write("kallsyms", "\n".join([
            "ffffffff81000300 T __x64_sys_bpf",
            "ffffffff81000310 T __x64_sys_openat2",
            "ffffffff81000320 t __x64_sys_openat2",
            "ffffffff81000330 D __x64_sys_data",
            "ffffffff81000340 T __ia32_compat_sys_openat2",
            "ffffffff81000350 T do_sys_openat2", ""]))
        K._ksyms = None
        self.assertEqual(K.get_syscall_prefix(), b"__x64_sys_")
        os.unlink(K.KALLSYMS)
        self.assertEqual(K.ksymname(b"__x64_sys_openat2"), 0xffffffff81000320)
        self.assertEqual(K.ksymname(b"__ia32_compat_sys_openat2"), 0xffffffff81000340)
        self.assertEqual(K.ksymname(b"__x64_sys_data"), -1)
        self.assertEqual(K.ksymname(b"__x64_sys_nosuch"), -1)
        self.assertEqual(K.ksymname(b"do_sys_openat2"), -1)     # not kept: a pass, no file

    def test_available_filter_functions(self):
        self.write("tracing/available_filter_functions",
                   "vfs_read\nvfs_write\nfoo.cold\nperf_x\nmod_fn [mymod]\n")
        K.tracefs = lambda: os.path.join(self.dir.name, "tracing")
        K.debugfs = lambda: os.path.join(self.dir.name, "debug")
        self.assertEqual(K.get_kprobe_functions(b"vfs_"), {b"vfs_read", b"vfs_write"})
        self.assertEqual(K.get_kprobe_functions(b".*"),
                         {b"vfs_read", b"vfs_write", b"mod_fn"})
        self.write("debug/kprobes/blacklist", "0x1-0x2\tvfs_write\n")
        self.assertEqual(K.get_kprobe_functions("vfs_"), {b"vfs_read"})


class StructFieldMemory(unittest.TestCase):
    """kernel_struct_has_field() parses the kernel BTF once per kernel: the
    answer is remembered under the cache directory, per build ID, and read
    back only from a file nobody else could have written."""

    def facts(self, d):
        found = []
        for root, _dirs, files in os.walk(d):
            found += [os.path.join(root, f) for f in files if f == "facts"]
        return found

    def test_remembered(self):
        if not os.path.exists("/sys/kernel/btf/vmlinux"):
            self.skipTest("no kernel BTF")
        with tempfile.TemporaryDirectory() as d:
            os.environ["BCC2CORE_CACHE_DIR"] = d
            try:
                self.assertEqual(K.kernel_struct_has_field(b"task_struct", b"pid"), 1)
                self.assertEqual(K.kernel_struct_has_field(b"task_struct", b"nosuch"), 0)
                files = self.facts(d)
                self.assertEqual(len(files), 1)
                with open(files[0]) as f:
                    self.assertEqual(f.read(), "struct_field task_struct.pid 1\n"
                                               "struct_field task_struct.nosuch 0\n")
                # what is remembered is what is answered: a planted answer wins
                with open(files[0], "a") as f:
                    f.write("struct_field task_struct.pid 0\n")
                self.assertEqual(K.kernel_struct_has_field(b"task_struct", b"pid"), 0)
                # unless another user could have written it
                os.chmod(files[0], 0o666)
                self.assertEqual(K.kernel_struct_has_field(b"task_struct", b"pid"), 1)
            finally:
                del os.environ["BCC2CORE_CACHE_DIR"]


class Elf(unittest.TestCase):
    def test_bad_files(self):
        for data in (b"", b"\x7fELF", b"\x7fELF\x02\x01" + b"\0" * 10,
                     b"\x7fELF\x02\x01\x01" + b"\0" * 9 + b"\xff" * 48):
            with self.assertRaises(elf.ElfError):
                e = elf.Elf(data=data)
                list(e.symbols())
                e.sections()
        self.assertIsNone(elf.elf_type("/nonexistent"))
        self.assertIsNone(elf.elf_type("/etc/hostname"))
        self.assertIsNone(U.elf_symbols("/etc/hostname"))
        with tempfile.NamedTemporaryFile() as f:
            with open(sys.executable, "rb") as src:
                f.write(src.read(3000))
            f.flush()
            self.assertIsNone(U.elf_symbols(f.name))

    def test_python_binary(self):
        with elf.Elf(os.path.realpath(sys.executable)) as e:
            self.assertIn(e.type, (elf.ET_EXEC, elf.ET_DYN))
            self.assertTrue(e.exec_segments())
            self.assertIsNotNone(e.text_info())


class UserSymbols(unittest.TestCase):
    def test_own_libc_function(self):
        libc = U.find_library(b"c")
        self.assertTrue(libc and os.path.isabs(libc))
        pid = os.getpid()
        for fn in ("getpid", "qsort", "printf"):
            addr = libc_addr(fn)
            name = U.sym(addr, pid)
            # the name must be one of the functions at that address
            mapped = [m for m in U._maps(pid) if m[0] <= addr < m[1]][0]
            with elf.Elf(libc) as e:
                text = e.text_info()
            in_file = addr - (mapped[0] - mapped[3]) + (text[0] - text[1])
            self.assertIn(name, aliases(libc, in_file), fn)
            self.assertEqual(U.sym(addr + 3, pid, show_offset=True), name + b"+0x3")
            self.assertEqual(U.sym(addr, pid, show_module=True),
                             name + b" [" + os.path.basename(mapped[4]) + b"]")
            if BCC:
                ref = BCC.BPF.sym(addr + 3, pid, True, True)
                ref_name = ref.split(b"+")[0]
                self.assertIn(ref_name, aliases(libc, in_file))
                self.assertEqual(ref[len(ref_name):],
                                 U.sym(addr + 3, pid, True, True)[len(name):])

    def test_python_api_function(self):
        addr = ctypes.cast(ctypes.pythonapi.PyObject_GetAttr, ctypes.c_void_p).value
        got = U.sym(addr + 2, os.getpid(), True, True)
        self.assertTrue(got.startswith(b"PyObject_GetAttr+0x2 ["), got)
        if BCC:
            self.assertEqual(got, BCC.BPF.sym(addr + 2, os.getpid(), True, True))

    def test_unknown(self):
        self.assertEqual(U.sym(1, os.getpid()), b"[unknown]")
        self.assertEqual(U.sym(1, os.getpid(), True, True), b"[unknown]")
        self.assertEqual(U.sym(0x1000, 999999999), b"[unknown]")

    def test_kernel_via_sym(self):
        if os.geteuid() != 0:
            self.skipTest("needs root")
        a = K.ksymname(b"vfs_read")
        self.assertEqual(U.sym(a + 1, -1, True, True), K.ksym(a + 1, True, True))
        self.assertEqual(U.sym(a, -5), K.ksym(a))

    def test_perf_map(self):
        child = spawn_sleep()
        path = "/tmp/perf-%d.map" % child.pid
        try:
            with open(path, "w") as f:
                f.write("10000 40 jitted_add\nbogus line\n0x10040  10 jitted_sub\n")
            self.assertEqual(U.sym(0x10004, child.pid, True, True),
                             b"jitted_add+0x4 [perf-%d.map]" % child.pid)
            self.assertEqual(U.sym(0x10045, child.pid), b"jitted_sub")
            self.assertEqual(U.sym(0x10050, child.pid, True), b"[unknown] [perf-%d.map]"
                             % child.pid)
            if BCC:
                for a in (0x10004, 0x10045):
                    self.assertEqual(U.sym(a, child.pid, True, True),
                                     BCC.BPF.sym(a, child.pid, True, True))
        finally:
            with contextlib.suppress(OSError):
                os.unlink(path)
            child.kill()
            child.wait()

    def test_nested_symbols(self):
        m = U._Module(b"[none]", b"[none]", 0)
        # outer 0x100..0x200 holds inner 0x120..0x130; a gap after 0x200
        m._syms = [(b"outer", 0x100, 0x100), (b"inner", 0x120, 0x10),
                   (b"after", 0x300, 0x10)]
        m._starts = [s[1] for s in m._syms]
        self.assertEqual(m.find(0x125), (b"inner", 5))
        self.assertEqual(m.find(0x150), (b"outer", 0x50))
        self.assertIsNone(m.find(0x250))
        self.assertIsNone(m.find(0x50))

    def test_vdso(self):
        vdso = [m for m in U._maps(os.getpid()) if m[4] == b"[vdso]"]
        if not vdso:
            self.skipTest("no vDSO")
        start = vdso[0][0]
        img = U._own_vdso()
        syms = [s for s in U.elf_symbols(None, data=img) if s[2]]
        name, value, _ = syms[0]
        same = {n for (n, v, _) in syms if v == value}
        self.assertIn(U.sym(start + value, os.getpid()), same)

    def test_find_files(self):
        self.assertIsNone(U.find_library(b"no_such_library_x"))
        self.assertEqual(U.find_library(b"/x/libfoo.so"), b"/x/libfoo.so")
        sh = U.find_exe(b"sh")
        self.assertTrue(sh and os.access(sh, os.X_OK))
        self.assertIsInstance(sh, bytes)
        self.assertEqual(U.find_exe(b"/bin/sh"), b"/bin/sh")
        self.assertIsNone(U.find_exe(b"no_such_program_x"))
        self.assertIsNone(U.find_exe(b"/nonexistent/sh"))
        if BCC:
            for lib in (b"c", b"pthread", b"m", b"no_such_library_x"):
                self.assertEqual(U.find_library(lib), BCC.BPF.find_library(lib))
            self.assertEqual(U.find_exe(b"sh"), BCC.BPF.find_exe(b"sh"))

    def test_resolve_symbol(self):
        path, off = U.resolve_symbol(b"c", b"getpid")
        self.assertEqual(path, U.find_library(b"c"))
        with elf.Elf(path) as e:
            vaddr = [v for (n, v, _) in e.symbols(elf.ALL_TYPES) if n == b"getpid"][0]
            self.assertEqual(off, e.vaddr_to_offset(vaddr))
        with self.assertRaisesRegex(Exception, "could not determine address"):
            U.resolve_symbol(b"c", b"no_such_function_x")
        got = U.get_user_functions_and_addresses(path, b"^getpid$")
        self.assertEqual(set(got), {(b"getpid", vaddr)})   # debug file, .dynsym
        with self.assertRaises(Exception):
            U.get_user_functions_and_addresses(b"/nonexistent", b".")
        if BCC:
            pid = os.getpid()
            for p in (-1, pid):
                self.assertEqual(U.resolve_symbol(b"c", b"getpid", pid=p),
                                 BCC.BPF._check_path_symbol(b"c", b"getpid", None, p))
            self.assertEqual(U.get_user_functions_and_addresses(path, b"^get.*id$"),
                             BCC.BPF.get_user_functions_and_addresses(path, b"^get.*id$"))

    def test_demangle(self):
        self.assertEqual(U.demangle_name(b"plain"), b"plain")
        if os.path.exists("/usr/lib/x86_64-linux-gnu/libstdc++.so.6"):
            self.assertEqual(U.demangle_name(b"_ZN3foo3barEi"), b"foo::bar(int)")
        self.assertEqual(U.demangle_name(b"_Znot a name"), b"_Znot a name")


# one line in each form the kernel prints (the task name right-aligned in 16
# columns), then what each parses to
FIXTURES = [
    (b"           <...>-1234    [001] d..31  5061.617212: bpf_trace_printk: Hello, World!",
     (b"<...>", 1234, 1, b"d..31", 5061.617212, b"Hello, World!")),
    (b"            bash-18825   [000] ...1.   918.474681: tracing_mark_write: a: b",
     (b"bash", 18825, 0, b"...1.", 918.474681, b"a: b")),
    (b"    kworker/u4:2-15      [003] .N.. 123.000001: 0x1: old style",
     (b"kworker/u4:2", 15, 3, b".N..", 123.000001, b"old style")),
    (b"     Web Content-77      [002] ....    1.5: bpf_trace_printk: spaces",
     (b"Web Content", 77, 2, b"....", 1.5, b"spaces")),
    (b"           a-b-9-42      [000] d...  2.25: bpf_trace_printk: dashes",
     (b"a-b-9", 42, 0, b"d...", 2.25, b"dashes")),
    # irq-info off: no flags column
    (b"            bash-18825   [000]    918.485860: tracing_mark_write: second",
     (b"bash", 18825, 0, b"", 918.485860, b"second")),
    # record-tgid on: a (TGID) column
    (b"            bash-18825   (  18825) [000] ...1.   918.486331: tracing_mark_write: third",
     (b"bash", 18825, 0, b"...1.", 918.486331, b"third")),
    (b"          <idle>-0       (-------) [001] d.h1.   5.0: bpf_trace_printk: x",
     (b"<idle>", 0, 1, b"d.h1.", 5.0, b"x")),
]


class Trace(unittest.TestCase):
    def test_fixtures(self):
        for line, want in FIXTURES:
            self.assertEqual(T.parse_line(line), want, line)
        self.assertIsNone(T.parse_line(b"CPU:1 [LOST 12 EVENTS]"))
        self.assertIsNone(T.parse_line(b"a continuation line"))
        self.assertIsNone(T.parse_line(b""))

    def test_fields_skips_other_lines(self):
        tp = T.TracePipe()
        tp.file = io.BytesIO(b"CPU:0 [LOST 3 EVENTS]\nstray text\n" +
                             FIXTURES[0][0] + b"\n")
        self.assertEqual(tp.fields(), FIXTURES[0][1])
        self.assertEqual(tp.fields(nonblocking=True), (None,) * 6)

    def test_print(self):
        class Lines:
            """a trace_pipe that holds two lines, then is interrupted"""
            def __init__(self, lines):
                self.lines = list(lines)

            def readline(self, n):
                if not self.lines:
                    raise KeyboardInterrupt
                return self.lines.pop(0)
        for fmt, want in (("pid {1}, msg = {5}", "pid 1234, msg = b'Hello, World!'"),
                          (None, "b'%s'" % FIXTURES[0][0].decode())):
            tp = T.TracePipe()
            tp.file = Lines([b"CPU:0 [LOST 1 EVENTS]\n", FIXTURES[0][0] + b"\n"])
            out = io.StringIO()
            with contextlib.redirect_stdout(out), self.assertRaises(KeyboardInterrupt):
                tp.print(fmt)
            self.assertEqual(out.getvalue().splitlines()[-1], want)

    @need_bcc
    def test_same_as_bcc(self):
        # the lines BCC's trace_fields understands: same tuple
        b = BCC.BPF.__new__(BCC.BPF)
        for line, want in FIXTURES[:5]:
            b.tracefile = io.BytesIO(line + b"\n")
            self.assertEqual(b.trace_fields(nonblocking=True), T.parse_line(line),
                             line)

    @need_root
    def test_live_instance(self):
        """Lines the running kernel writes: a private tracefs instance (the
        global trace_pipe may have other readers), a marker written into
        it, read back through its trace_pipe in each print format."""
        inst = os.path.join(K.tracefs(), "instances", "bcc2core_pyutil_%d" % os.getpid())
        try:
            os.mkdir(inst)
        except OSError as e:
            self.skipTest("cannot make a tracefs instance: %s" % e)
        tp = T.TracePipe(os.path.join(inst, "trace_pipe"))
        try:
            for opt, val in ((None, None), ("irq-info", "0"), ("record-tgid", "1")):
                if opt:
                    with open(os.path.join(inst, "options", opt), "w") as f:
                        f.write(val)
                with open(os.path.join(inst, "trace_marker"), "w") as f:
                    f.write("hello %s" % opt)
                rec = tp.fields(nonblocking=True)
                self.assertEqual(rec[1], os.getpid(), (opt, rec))
                self.assertEqual(rec[5], b"hello %s" % str(opt).encode(), opt)
                self.assertIsInstance(rec[4], float)
                self.assertEqual(tp.fields(nonblocking=True), (None,) * 6)
        finally:
            tp.close()
            os.rmdir(inst)


if __name__ == "__main__":
    unittest.main(verbosity=2)
