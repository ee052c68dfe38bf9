"""perf_event_open(2) events with a loaded SEC("perf_event") program on
them, for BPF.attach_perf_event(): the object's program is found by name
and attached with libbpf (the link owns the event fd)."""
import ctypes as ct
import os

from . import _native as N

c_p = ct.c_void_p
N._proto(N.lib, "bcc2core_runtime__object", c_p, c_p)
N._proto(N.libbpf, "bpf_object__find_program_by_name", c_p, c_p, ct.c_char_p)
N._proto(N.libbpf, "bpf_program__fd", ct.c_int, c_p)
N._proto(N.libbpf, "bpf_program__attach_perf_event", c_p, c_p, ct.c_int)
N._proto(N.libbpf, "bpf_link__destroy", ct.c_int, c_p)

_libc = ct.CDLL(None, use_errno=True)
_NR_PERF_EVENT_OPEN = {"x86_64": 298, "aarch64": 241, "ppc64le": 319, "s390x": 331,
                       "riscv64": 241}.get(os.uname().machine, 298)
_PERF_FLAG_FD_CLOEXEC = 8
_ATTR_FREQ = 1 << 10


class _Attr(ct.Structure):
    """struct perf_event_attr up to config1 (PERF_ATTR_SIZE_VER0, 64 bytes)."""
    _fields_ = [("type", ct.c_uint32), ("size", ct.c_uint32), ("config", ct.c_uint64),
                ("sample_period", ct.c_uint64), ("sample_type", ct.c_uint64),
                ("read_format", ct.c_uint64), ("flags", ct.c_uint64),
                ("wakeup_events", ct.c_uint32), ("bp_type", ct.c_uint32),
                ("config1", ct.c_uint64)]


def _online_cpus():
    from .utils import get_online_cpus
    return get_online_cpus()


def attach(rt, fn_name, ev_type, ev_config, sample_period, sample_freq, pid, cpu, group_fd):
    """Opens the event on @cpu (every online CPU when < 0) and attaches
    program @fn_name; returns the libbpf links. Raises on failure, with
    nothing left open."""
    prog = N.libbpf.bpf_object__find_program_by_name(N.lib.bcc2core_runtime__object(rt),
                                                     fn_name)
    if not prog or N.libbpf.bpf_program__fd(prog) < 0:
        raise Exception("bcc2core: the object has no loaded perf_event program %s"
                        % fn_name.decode())
    attr = _Attr(type=ev_type, size=ct.sizeof(_Attr), config=ev_config)
    if sample_freq:
        attr.sample_period = sample_freq
        attr.flags = _ATTR_FREQ
    else:
        attr.sample_period = sample_period
    links = []
    try:
        for c in ([cpu] if cpu >= 0 else _online_cpus()):
            fd = _libc.syscall(_NR_PERF_EVENT_OPEN, ct.byref(attr), pid, c, group_fd,
                               _PERF_FLAG_FD_CLOEXEC)
            if fd < 0:
                e = ct.get_errno()
                raise Exception("Failed to open perf event: type=%d config=%d cpu=%d: %s"
                                % (ev_type, ev_config, c, os.strerror(e)))
            link = N.libbpf.bpf_program__attach_perf_event(prog, fd)
            if not link:
                e = ct.get_errno()
                os.close(fd)
                raise Exception("Failed to attach BPF program %s to perf event: %s"
                                % (fn_name.decode(), os.strerror(e)))
            links.append(link)
    except Exception:
        detach(links)
        raise
    return links


def detach(links):
    for link in links:
        N.libbpf.bpf_link__destroy(link)
    del links[:]
