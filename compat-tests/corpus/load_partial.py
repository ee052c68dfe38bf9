#!/usr/bin/python3
"""Load a BPF object with some programs left out, through libbpf.

    load_partial.py OBJ [SECTION-PREFIX]...

The sweep uses this when `bpftool prog loadall` fails only because the
kernel refuses a kind of program (fentry/fexit/LSM on a kernel that says
EPERM for them): the remaining programs still go through the verifier here.
Programs whose section starts with one of the prefixes (default: fentry/,
fexit/, fmod_ret/, lsm/ and their sleepable forms) are not loaded.
Prints one line, 'loaded N of M programs, left out: NAMES', and exits 0 if
the load succeeded, 1 if not (libbpf's log, with the verifier's, goes to
stderr as bpftool's does).
"""
import ctypes as ct
import sys

DEFAULT = ("fentry/", "fentry.s/", "fexit/", "fexit.s/", "fmod_ret/", "fmod_ret.s/",
           "lsm/", "lsm.s/", "lsm_cgroup/")


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: load_partial.py OBJ [SECTION-PREFIX]...")
    prefixes = tuple(sys.argv[2:]) or DEFAULT
    lib = ct.CDLL("libbpf.so.1", use_errno=True)
    lib.bpf_object__open_file.restype = ct.c_void_p
    lib.bpf_object__open_file.argtypes = [ct.c_char_p, ct.c_void_p]
    lib.libbpf_get_error.argtypes = [ct.c_void_p]
    lib.libbpf_get_error.restype = ct.c_long
    lib.bpf_object__next_program.restype = ct.c_void_p
    lib.bpf_object__next_program.argtypes = [ct.c_void_p, ct.c_void_p]
    lib.bpf_program__section_name.restype = ct.c_char_p
    lib.bpf_program__section_name.argtypes = [ct.c_void_p]
    lib.bpf_program__name.restype = ct.c_char_p
    lib.bpf_program__name.argtypes = [ct.c_void_p]
    lib.bpf_program__set_autoload.argtypes = [ct.c_void_p, ct.c_bool]
    lib.bpf_object__load.argtypes = [ct.c_void_p]
    lib.bpf_object__close.argtypes = [ct.c_void_p]

    obj = lib.bpf_object__open_file(sys.argv[1].encode(), None)
    if not obj or lib.libbpf_get_error(obj):
        print("cannot open %s" % sys.argv[1])
        return 1
    total, left_out = 0, []
    prog = lib.bpf_object__next_program(obj, None)
    while prog:
        total += 1
        sec = lib.bpf_program__section_name(prog).decode()
        if sec.startswith(prefixes):
            lib.bpf_program__set_autoload(prog, False)
            left_out.append(lib.bpf_program__name(prog).decode())
        prog = lib.bpf_object__next_program(obj, prog)
    err = lib.bpf_object__load(obj)
    lib.bpf_object__close(obj)
    n = total - len(left_out)
    if err:
        print("load failed (%d) with %d of %d programs, left out: %s"
              % (err, n, total, ", ".join(left_out) or "none"))
        return 1
    print("loaded %d of %d programs, left out: %s" % (n, total, ", ".join(left_out) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
