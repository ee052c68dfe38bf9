"""Helpers BCC tools import from bcc.utils: byte-exact printing, argument
strings kept as bytes, CPU lists, language detection, STRCMP rewriting."""
import os
import re
import sys
import warnings


def _cpu_list(path):
    """[0, 1, 2, 5] from a sysfs CPU list such as "0-2,5"."""
    with open(path) as f:
        text = f.read().strip()
    cpus = []
    for part in filter(None, text.split(",")):
        first, _, last = part.partition("-")
        cpus.extend(range(int(first), int(last or first) + 1))
    return cpus


def get_online_cpus():
    return _cpu_list("/sys/devices/system/cpu/online")


def get_possible_cpus():
    return _cpu_list("/sys/devices/system/cpu/possible")


# What detect_language looks for, in this order: in the executable's real
# path, then as /lib<name> in a mapped file; "c" when only libc is mapped.
_LANGUAGES = ["java", "python", "ruby", "php", "node"]


def _process_language(pid):
    try:
        exe = os.path.realpath("/proc/%d/exe" % pid, strict=True)
    except OSError:
        exe = None
    if exe is not None:
        for lang in _LANGUAGES:
            if lang in exe:
                return lang
    try:
        with open("/proc/%d/maps" % pid, errors="replace") as f:
            lines = f.readlines()
    except OSError:
        return None
    libc = False
    for line in lines:
        parts = line.split(None, 5)
        name = parts[5].strip() if len(parts) > 5 else ""
        for lang in _LANGUAGES:
            if "/lib" + lang in name:
                return lang
        at = name.find("libc")
        if at >= 0 and name[at + 4:at + 5] in ("-", "."):
            libc = True
    return "c" if libc else None


def detect_language(candidates, pid):
    """The language of process pid if it is one of candidates, else None."""
    lang = _process_language(pid)
    return lang if lang in candidates else None


def printb(s, file=None, nl=1):
    """Write bytes s (and a newline unless nl is 0) to file's byte buffer,
    stdout by default, and flush."""
    file = sys.stdout if file is None else file
    out = getattr(file, "buffer", file)
    out.write(s)
    if nl:
        out.write(b"\n")
    file.flush()


class ArgString:
    """A command-line argument that turns into the bytes it was given as
    (bytes(arg)), to compare with kernel data without decoding it."""

    def __init__(self, arg):
        self.s = arg

    def __bytes__(self):
        return os.fsencode(self.s)

    def __str__(self):
        return self.s


_strict_bytes = False


def _assert_is_bytes(arg):
    """arg as bytes; str is accepted with a DeprecationWarning (an
    AssertionError when _strict_bytes is set); None stays None."""
    if arg is None or type(arg) is bytes:
        return arg
    if _strict_bytes:
        raise AssertionError("not a bytes object: %r" % (arg,))
    warnings.warn("not a bytes object: %r" % (arg,), DeprecationWarning, 2)
    return bytes(ArgString(arg))


class StrcmpRewrite:
    """Turns STRCMP("lit", expr) in trace/argdist filter expressions into
    calls to generated streq_N() functions that read the string at expr."""

    @staticmethod
    def _streq_function(literal, read_fn, probeid):
        # Compares the literal's characters (not its terminator), as a
        # prefix: the caller's STRCMP semantics.
        name = "streq_%d" % probeid
        body = """
static inline bool %(name)s(char const *lit, uintptr_t addr)
{
        char want[] = %(lit)s;
        char got[sizeof(want)];
        unsigned int i;

        %(read)s(got, sizeof(got), (void *)addr);
        for (i = 0; i + 1 < sizeof(want); i++)
                if (got[i] != want[i])
                        return false;
        return true;
}
""" % {"name": name, "lit": literal, "read": read_fn}
        return name, body

    @staticmethod
    def rewrite_expr(expr, bin_cmp, is_user, probe_user_list, streq_functions,
                     probeid):
        """{"expr", "streq_functions", "probeid"} after rewriting every
        STRCMP in expr; bin_cmp takes the literal without its quotes (a
        brace initializer); user memory is read for uprobes (is_user) and
        for arguments listed in probe_user_list."""
        if bin_cmp:
            pattern = r'STRCMP\("([^"]+)",(.+?)\)'
        else:
            pattern = r'STRCMP\(("[^"]+"),(.+?)\)'
        for m in re.finditer(pattern, expr):
            user = is_user or m.group(2).strip() in probe_user_list
            read_fn = "bpf_probe_read_user" if user else "bpf_probe_read"
            name, body = StrcmpRewrite._streq_function(m.group(1), read_fn,
                                                       probeid)
            streq_functions += body
            probeid += 1
            expr = expr.replace("STRCMP", name, 1)
        return {"expr": expr, "streq_functions": streq_functions,
                "probeid": probeid}
