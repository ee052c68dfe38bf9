"""ctypes bindings of libbcc2core.so (and the libbpf it links): the only
place the package touches C. LLVM, libclang and BCC's libbcc are never
loaded."""
import ctypes as ct
import os

_here = os.path.dirname(os.path.abspath(__file__))


def _find_lib():
    env = os.environ.get("BCC2CORE_LIB")
    if env:
        return env
    # <prefix>/share/bcc2core/python/bcc -> <prefix>/lib, both in a build
    # tree and installed
    prefix = os.path.normpath(os.path.join(_here, "..", "..", "..", ".."))
    # libbcc2core.so.0 alone where only the runtime package is installed
    # (the unversioned name is the -dev package's)
    for d in ("lib", "lib64", os.path.join("lib", "x86_64-linux-gnu")):
        for name in ("libbcc2core.so", "libbcc2core.so.0"):
            p = os.path.join(prefix, d, name)
            if os.path.exists(p):
                return p
    return "libbcc2core.so.0"


def bcc2core_binary():
    """The bcc2core command next to this package, for building on a miss."""
    env = os.environ.get("BCC2CORE")
    if env:
        return env
    p = os.path.normpath(os.path.join(_here, "..", "..", "..", "..", "bin", "bcc2core"))
    return p if os.access(p, os.X_OK) else None


lib = ct.CDLL(_find_lib(), use_errno=True)
libbpf = lib  # libbpf's symbols resolve through the library that links it
try:
    libbpf = ct.CDLL("libbpf.so.1", use_errno=True)
except OSError:
    pass

c_p = ct.c_void_p


class RuntimeOpts(ct.Structure):
    _fields_ = [("sz", ct.c_size_t),
                ("btf_path", ct.c_char_p),
                ("out", c_p),
                ("json", ct.c_bool),
                ("strict", ct.c_bool),
                ("verify_all", ct.c_bool),
                ("no_btf_cache", ct.c_bool),
                ("kconfig_path", ct.c_char_p),
                ("kernel_btf_path", ct.c_char_p),
                ("btf_cache_dir", ct.c_char_p),
                ("no_trampolines", ct.c_bool),
                ("bpftool_path", ct.c_char_p),
                ("os_release_path", ct.c_char_p)]


class AttachOpts(ct.Structure):
    _fields_ = [("sz", ct.c_size_t), ("target", ct.c_char_p), ("pid", ct.c_int)]


class CacheOpts(ct.Structure):
    _fields_ = [("sz", ct.c_size_t), ("dir", ct.c_char_p)]


SAMPLE_FN = ct.CFUNCTYPE(None, c_p, ct.c_int, c_p, ct.c_uint32)
LOST_FN = ct.CFUNCTYPE(None, c_p, ct.c_int, ct.c_uint64)


class BufferOpts(ct.Structure):
    _fields_ = [("sz", ct.c_size_t),
                ("page_cnt", ct.c_size_t),
                ("sample_cb", SAMPLE_FN),
                ("lost_cb", LOST_FN),
                ("ctx", c_p),
                ("wakeup_events", ct.c_size_t)]


class PerfEventOpts(ct.Structure):
    _fields_ = [("sz", ct.c_size_t), ("type", ct.c_uint32), ("config", ct.c_uint64),
                ("sample_period", ct.c_uint64), ("sample_freq", ct.c_uint64),
                ("pid", ct.c_int), ("cpu", ct.c_int), ("group_fd", ct.c_int)]


PROGRAM_FN = ct.CFUNCTYPE(None, ct.c_char_p, ct.c_char_p, ct.c_bool, ct.c_char_p, c_p)


def _proto(libh, name, restype, *argtypes):
    f = getattr(libh, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


_proto(lib, "bcc2core_runtime__open", c_p, ct.c_char_p, ct.POINTER(RuntimeOpts))
_proto(lib, "bcc2core_runtime__load", ct.c_int, c_p)
_proto(lib, "bcc2core_runtime__reuse_maps", ct.c_int, c_p, c_p)
_proto(lib, "bcc2core_runtime__destroy", None, c_p)
_proto(lib, "bcc2core_runtime__cache_btf", ct.c_int, c_p)
_proto(lib, "bcc2core_form__of", ct.c_int, ct.c_char_p, ct.POINTER(ct.c_size_t))
_proto(lib, "bcc2core_runtime__set_global", ct.c_int, c_p, ct.c_char_p, ct.c_longlong)
_proto(lib, "bcc2core_runtime__attach_program", ct.c_int, c_p, ct.c_char_p)
_proto(lib, "bcc2core_kernel__struct_has_field", ct.c_int, ct.c_char_p, ct.c_char_p,
       ct.c_char_p)
_proto(lib, "bcc2core_runtime__attach_program_opts", ct.c_int, c_p, ct.c_char_p,
       ct.POINTER(AttachOpts))
_proto(lib, "bcc2core_runtime__detach_program", ct.c_int, c_p, ct.c_char_p)
_proto(lib, "bcc2core_runtime__for_each_program", None, c_p, PROGRAM_FN, c_p)
_proto(lib, "bcc2core_runtime__map", c_p, c_p, ct.c_char_p)
_proto(lib, "bcc2core_runtime__attach_perf_event", ct.c_int, c_p, ct.c_char_p,
       ct.POINTER(PerfEventOpts))
_proto(lib, "bcc2core_runtime__describe_map", c_p, c_p, ct.c_char_p, ct.c_char_p)
_proto(lib, "bcc2core_runtime__open_buffer", ct.c_int, c_p, ct.c_char_p,
       ct.POINTER(BufferOpts))
_proto(lib, "bcc2core_runtime__poll", ct.c_int, c_p, ct.c_int)
_proto(lib, "bcc2core_runtime__consume", ct.c_int, c_p)
_proto(lib, "bcc2core_hist__format_log2", c_p, ct.POINTER(ct.c_uint64), ct.c_int,
       ct.c_char_p, ct.c_bool)
_proto(lib, "bcc2core_hist__format_linear", c_p, ct.POINTER(ct.c_uint64), ct.c_int,
       ct.c_char_p, ct.c_bool)
_proto(lib, "bcc2core_free", None, c_p)
_proto(lib, "bcc2core_kernel__can_kprobe", ct.c_bool)
_proto(lib, "bcc2core_kernel__can_trampoline", ct.c_bool)
_proto(lib, "bcc2core_kernel__has_tracepoint", ct.c_bool, ct.c_char_p)
_proto(lib, "bcc2core_object_cache__lookup", ct.c_int, ct.c_char_p,
       ct.POINTER(ct.c_char_p), ct.c_size_t, ct.c_char_p, ct.c_size_t, ct.POINTER(CacheOpts))
_proto(lib, "bcc2core_object_cache__store", ct.c_int, ct.c_char_p,
       ct.POINTER(ct.c_char_p), ct.c_size_t, ct.c_char_p, ct.POINTER(CacheOpts))
_proto(lib, "bcc2core_strerror", ct.c_int, ct.c_int, ct.c_char_p, ct.c_size_t)

_proto(libbpf, "bpf_map__fd", ct.c_int, c_p)
_proto(libbpf, "bpf_map__type", ct.c_int, c_p)
_proto(libbpf, "bpf_map__key_size", ct.c_uint32, c_p)
_proto(libbpf, "bpf_map__value_size", ct.c_uint32, c_p)
_proto(libbpf, "bpf_map__max_entries", ct.c_uint32, c_p)
_proto(libbpf, "bpf_map_lookup_elem", ct.c_int, ct.c_int, c_p, c_p)
_proto(libbpf, "bpf_map_update_elem", ct.c_int, ct.c_int, c_p, c_p, ct.c_uint64)
_proto(libbpf, "bpf_map_delete_elem", ct.c_int, ct.c_int, c_p)
_proto(libbpf, "bpf_map_get_next_key", ct.c_int, ct.c_int, c_p, c_p)
_proto(libbpf, "bpf_map_lookup_and_delete_elem", ct.c_int, ct.c_int, c_p, c_p)
_proto(libbpf, "libbpf_num_possible_cpus", ct.c_int)


# libbpf's messages go where bcc2core's go, its INFO chatter filtered like
# the CLI's (the library never installs a print callback itself)
_LIBBPF_PRINT = ct.CFUNCTYPE(ct.c_int, ct.c_int, ct.c_char_p, c_p)
_proto(libbpf, "libbpf_set_print", c_p, c_p)
libbpf.libbpf_set_print(ct.cast(lib.bcc2core_libbpf_print, c_p))


def strerror(err):
    buf = ct.create_string_buffer(256)
    lib.bcc2core_strerror(err, buf, len(buf))
    return buf.value.decode(errors="replace")


def take_string(ptr):
    """A malloc'd C string from the library, as str, freed."""
    if not ptr:
        return None
    try:
        return ct.string_at(ptr).decode()
    finally:
        lib.bcc2core_free(ptr)


def cflag_array(cflags):
    arr = (ct.c_char_p * max(len(cflags), 1))()
    for i, c in enumerate(cflags):
        arr[i] = c
    return arr


def cache_opts():
    d = os.environ.get("BCC2CORE_CACHE_DIR")
    return CacheOpts(ct.sizeof(CacheOpts), d.encode() if d else None)


def cache_lookup(text, cflags):
    """Path of the cached object for BPF(text, cflags), or None."""
    buf = ct.create_string_buffer(4096)
    o = cache_opts()
    err = lib.bcc2core_object_cache__lookup(text, cflag_array(cflags), len(cflags), buf,
                                            len(buf), ct.byref(o))
    return buf.value.decode() if err == 0 else None


def cache_store(text, cflags, obj_path):
    o = cache_opts()
    return lib.bcc2core_object_cache__store(text, cflag_array(cflags), len(cflags),
                                            obj_path.encode(), ct.byref(o))
