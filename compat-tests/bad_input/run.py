#!/usr/bin/python3
"""Bad input, one case per call: bcc2core must fail with a non-zero exit and
a clear message (file:line:col where there is a place, what, a hint), never
crash, never leave a BPF program, link or pin behind."""
import os
import re
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from e2e_common import bpf_fds_in_session, bpf_pins, session_pids  # noqa: E402

BCC2CORE = os.environ.get("BCC2CORE", "bcc2core")

SYNTAX_ERROR = "BPF_HASH(counts, u32);\nint kprobe__x(struct pt_regs *ctx) {\n  if (); return 0;\n}\n"
UNKNOWN_METHOD = "BPF_HASH(counts, u32);\nint kprobe__vfs_read(struct pt_regs *ctx) {\n  u32 k = 0;\n  counts.frobnicate(&k);\n  return 0;\n}\n"

NULL_DEREF = ("#include <linux/sched.h>\nBPF_HASH(counts, u32);\n\n"
              "TRACEPOINT_PROBE(sched, sched_process_exec)\n{\n\tu32 pid = args->pid;\n"
              "\tu64 *v = counts.lookup(&pid);\n\treturn *v;\n}\n")
UNDECLARED = NULL_DEREF.replace("return *v;", "return undefined_thing;")

TP_OK = "TRACEPOINT_PROBE(sched, sched_process_exec)\n{\n\treturn 0;\n}\n"
TASK_READ = ("#include <linux/sched.h>\nBPF_ARRAY(a, u32, 1);\nTRACEPOINT_PROBE(sched, sched_process_exec)\n{\n"
             "\tstruct task_struct *t = (struct task_struct *)bpf_get_current_task();\n"
             "\tint z = 0;\n\tu32 pid = t->pid;\n\ta.update(&z, &pid);\n\treturn 0;\n}\n")
# inet_sock.freebind is a bit of inet_flags since 6.6: readable only through
# the CO-RE reader, which a stack copy of the struct cannot have
INET_FLAG_COPY = ("#include <net/inet_sock.h>\nBPF_HASH(m, u32, u8);\n"
                  "int kprobe__inet_bind(struct pt_regs *ctx, struct socket *sock)\n{\n"
                  "\tstruct inet_sock copy = {};\n\tu32 k = 0;\n\tu8 fb;\n\n"
                  "\tbpf_probe_read_kernel(&copy, sizeof(copy), sock->sk);\n"
                  "\tfb = copy.freebind;\n\tm.update(&k, &fb);\n\treturn 0;\n}\n")
# a BPF_TABLE("extern") of a name no running program shares (BPF_TABLE_PUBLIC)
EXTERN_ALONE = ('BPF_TABLE("extern", u32, u64, bcc2core_bad_nobody, 16);\n' + TP_OK.replace(
    "\treturn 0;", "\tu32 k = 0;\n\tbcc2core_bad_nobody.increment(k);\n\treturn 0;"))
# a header of the program's own including more kernel headers than the parse
# stands in, one more at each parse (parse_program() gives up at 64)
MANY_HEADERS = "".join(f"#include <linux/bcc2core_nope{i}.h>\n" for i in range(1, 65))
# a renamed kernel field (task_struct.state) spelled in a macro body: the
# error points at the macro's use, where no field name is written, so the
# parse does not rename it and clang's error stands there
STATE_IN_MACRO = ("#include <linux/sched.h>\n#define STATE(t) ((t)->state)\nBPF_ARRAY(a, long, 1);\n"
                  "TRACEPOINT_PROBE(sched, sched_process_exec)\n{\n"
                  "\tstruct task_struct *t = (struct task_struct *)bpf_get_current_task();\n"
                  "\tint z = 0;\n\tlong v = STATE(t);\n\ta.update(&z, &v);\n\treturn 0;\n}\n")
MAP_TP = TP_OK.replace("\treturn 0;", "\tu32 k = 0;\n\tm.increment(k);\n\treturn 0;").replace(
    "TRACEPOINT", "BPF_HASH(m, u32);\nTRACEPOINT", 1)
PRINTK = "int kprobe__vfs_read(struct pt_regs *ctx)\n{{\n\tbpf_trace_printk({});\n\treturn 0;\n}}\n"
TRUNCATED = "BPF_HASH(m, u32);\nTRACEPOINT_PROBE(sched, sched_process_exec)\n{\n\tu32 k = 0;\n\tm.increment(k);\n"

# name: (files {name: text}, argv (with {dir}), exit code, stderr regex[, checks])
# argv[0] CORRUPT, UNPRIVILEGED, NEWER, BTF_DAMAGED or BUILT: see main(). checks, what must not
# have happened: "not_run", a file (with {dir}) the CMD would have made;
# "not_said", a regex stderr must not match (with bcc2core -d: "compile:" when
# a .c was built, "libbpf:" when an object was opened).
NOT_STARTED = {"not_run": "{dir}/ran", "not_said": r"compile:|libbpf:|attached"}
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
    "not_c": ({"p.c": "This is a letter, not a program.\nRegards.\n"}, ["convert", "{dir}/p.c"], 1,
              r"p\.c:1:1: error: unknown type name 'This'"),
    "truncated_file": ({"p.c": TRUNCATED}, ["convert", "{dir}/p.c"], 1,
                       r"p\.c:5:\d+: error: expected '}'"),
    "empty_file": ({"p.c": ""}, ["build", "{dir}/p.c", "-o", "{dir}/p.o"], 1,
                   r"p\.c: error: no BPF program and no table in it\n  hint:"),
    "unknown_map_macro": ({"p.c": "BPF_FOO(x);\n" + TP_OK}, ["convert", "{dir}/p.c"], 1,
                          r"p\.c:1:1: error: type specifier missing[^\n]*\n  hint: an unknown BCC macro"),
    "wrong_macro_arity": ({"p.c": "BPF_HASH(a, u32, u64, 16, 1, 2);\n" + TP_OK},
                          ["convert", "{dir}/p.c"], 1,
                          r"p\.c:1:\d+: error: [^\n]*\n  hint: check the arguments of BPF_HASH"),
    "method_on_non_map": ({"p.c": "TRACEPOINT_PROBE(sched, sched_process_exec)\n{\n\tint x = 0;\n"
                                  "\tx.lookup(&x);\n\treturn 0;\n}\n"}, ["convert", "{dir}/p.c"], 1,
                          r"p\.c:4:3: error: member reference base type 'int' is not a structure"),
    "method_in_macro_body": ({"p.c": "BPF_HASH(m, u32);\n#define LK(k) m.lookup(&k)\n"
                                     "TRACEPOINT_PROBE(sched, sched_process_exec)\n{\n\tu32 k = 0;\n"
                                     "\tu64 *v = LK(k);\n\treturn v ? 1 : 0;\n}\n"},
                             ["convert", "{dir}/p.c"], 1,
                             r"p\.c:6:11: error: cannot use map function inside a macro\n  hint:"),
    "write_kernel_memory": ({"p.c": "#include <linux/sched.h>\nTRACEPOINT_PROBE(sched, sched_process_exec)\n{\n"
                                    "\tstruct task_struct *t = (struct task_struct *)bpf_get_current_task();\n"
                                    "\tt->prio = 1;\n\treturn 0;\n}\n"}, ["convert", "{dir}/p.c"], 1,
                            r"p\.c:5:2: error: cannot write to kernel memory\n  hint:"),
    # the operator found by the AST's tokens: a comment or parentheses between
    # the field and '=' (or a postfix ++) do not hide the write
    "write_kernel_memory_commented": ({"p.c": "#include <linux/sched.h>\nTRACEPOINT_PROBE(sched, sched_process_exec)\n{\n"
                                              "\tstruct task_struct *t = (struct task_struct *)bpf_get_current_task();\n"
                                              "\t(t->prio) /* new */ = 1;\n\tt->normal_prio /* x */ ++;\n\treturn 0;\n}\n"},
                                      ["convert", "{dir}/p.c"], 1,
                                      r"p\.c:5:3: error: cannot write to kernel memory\n  hint:(.|\n)*"
                                      r"p\.c:6:2: error: cannot write to kernel memory"),
    # every program names a target this kernel lacks: not a success
    "nothing_attached": ({"p.c": "int kprobe__bcc2core_no_such_function(struct pt_regs *ctx) { return 0; }\n"},
                         ["run", "{dir}/p.c", "--", "true"], 1,
                         r"none of the object's 1 program with a target attached here\n"
                         r".*cannot attach: No program could attach on this kernel\n  hint:"),
    # a raw tracepoint program reading past the tracepoint's arguments (as
    # compactsnoop's mm_compaction_begin on 6.18, which has 4): the kernel
    # refuses it at attach with EINVAL; the hint says how many there are.
    # The pointer arithmetic keeps the rewriter from making a tp_btf form
    # (whose argument count the runtime would check before loading)
    "raw_tp_args_beyond": ({"p.c": "BPF_ARRAY(a, u64, 1);\nRAW_TRACEPOINT_PROBE(sched_process_exec)\n{\n"
                                   "\tu64 *base = (u64 *)ctx->args[0];\n\tint k = 0;\n"
                                   "\tu64 v = (u64)(base + (bpf_get_prandom_u32() & 1)) + ctx->args[5];\n"
                                   "\ta.update(&k, &v);\n\treturn 0;\n}\n"},
                           ["run", "{dir}/p.c", "--", "true"], 1,
                           r"cannot attach raw_tracepoint__sched_process_exec \(raw_tracepoint/"
                           r"sched_process_exec\): Invalid argument[^\n]*\n[^\n]*hint: tracepoint "
                           r"sched_process_exec has 3 arguments on this kernel; the kernel refuses a raw "
                           r"tracepoint program that reads ctx->args\[3\] or beyond"),
    "recursion": ({"p.c": "static int f(int n) { return n ? f(n - 1) : 0; }\n" + TP_OK.replace("return 0", "return f(3)")},
                  ["convert", "{dir}/p.c"], 1, r"p\.c:1:\d+: error: 'f' calls itself\n  hint: BPF has no recursion"),
    "unbounded_loop": ({"p.c": "BPF_ARRAY(a, u64, 1);\nTRACEPOINT_PROBE(sched, sched_process_exec)\n{\n"
                               "\tint z = 0;\n\tu64 *v = a.lookup(&z);\n\tif (!v)\n\t\treturn 0;\n"
                               "\tfor (u64 i = 0; i < *v + 1; i++)\n\t\tbpf_get_prandom_u32();\n\treturn 0;\n}\n"},
                       ["run", "{dir}/p.c", "--", "true"], 1,
                       r"(infinite loop|loop|too large|back-edge)[\s\S]*the kernel did not accept the program"),
    "unknown_tracepoint": ({"p.c": "TRACEPOINT_PROBE(nope, nothing_here) { return 0; }\n"},
                           ["convert", "{dir}/p.c"], 1,
                           r"tracepoint nope:nothing_here: not in the kernel BTF[^\n]*\n  hint: check the name"),
    "unknown_map_kind": ({"p.c": 'BPF_TABLE("nope", u32, u64, m, 16);\n' + TP_OK}, ["convert", "{dir}/p.c"], 1,
                         r"p\.c:1:\d+: error: unsupported map type \"nope\""),
    "histogram_leaf_not_u64": ({"p.c": 'BPF_TABLE("histogram", int, u32, h, 16);\n' + TP_OK},
                               ["convert", "{dir}/p.c"], 1, r"error: histogram leaf type must be u64"),
    # an anonymous key type written in the macro is named (golden
    # anonymous_types); one a macro of the program writes cannot be copied
    "anonymous_key_type_from_macro": ({"p.c": "#define KT struct { int a; }\nBPF_HASH(m, KT);\n" + TP_OK},
                                      ["convert", "{dir}/p.c"], 1,
                                      r"p\.c:2:1: error: map 'm' has an anonymous key type not written in "
                                      r"the map's declaration\n  hint: give the type a name"),
    # printk formats the kernel checks when the call runs and prints nothing
    # for: a warning at the conversion (the conversion still succeeds)
    "printk_float": ({"p.c": PRINTK.format('"%0.2f\\n", 1')}, ["convert", "{dir}/p.c"], 0,
                     r"p\.c:3:20: warning: bpf_trace_printk: a conversion the kernel does not have "
                     r"\('%0\.2f'\): the kernel prints nothing for this call\n  hint: [^\n]*no floating point"),
    "printk_long_float": ({"p.c": PRINTK.format('"n=%d %lf\\n", 1, 2')}, ["convert", "{dir}/p.c"], 0,
                          r"p\.c:3:25: warning: bpf_trace_printk: a conversion the kernel does not have "
                          r"\('%lf'\)"),
    "printk_missing_argument": ({"p.c": PRINTK.format('"%d %u\\n", 1')}, ["convert", "{dir}/p.c"], 0,
                                r"p\.c:3:23: warning: bpf_trace_printk: more conversions than arguments"),
    "printk_two_strings": ({"p.c": PRINTK.format('"%s %s\\n", "a", "b"')}, ["convert", "{dir}/p.c"], 0,
                           r"p\.c:3:23: warning: bpf_trace_printk: a second %s \('%s'\): kernels before "
                           r"5\.13 print nothing for this call"),
    # BCC makes every non-static function a program and refuses a call of one
    "noninline_call": ({"p.c": "int bar(void)\n{\n\treturn 0;\n}\n\nint foo(struct pt_regs *ctx)\n{\n"
                               "\treturn bar();\n}\n"}, ["convert", "{dir}/p.c"], 1,
                       r"p\.c:8:9: error: cannot call 'bar': a function that is not static is a BPF "
                       r"program of its own\n  hint: make it static", {"not_said": r"(cannot call)[\s\S]*\1"}),
    # a BTF-typed program's body is rewritten twice (its kprobe form): its
    # errors are said once
    "error_said_once": ({"p.c": "#include <linux/sched.h>\nKFUNC_PROBE(do_nanosleep, void *x)\n{\n"
                                "\tstruct task_struct *t = (struct task_struct *)bpf_get_current_task();\n"
                                "\tt->prio = 1;\n\treturn 0;\n}\n"}, ["convert", "{dir}/p.c"], 1,
                        r"p\.c:5:2: error: cannot write to kernel memory",
                        {"not_said": r"(cannot write to kernel memory)[\s\S]*\1"}),
    "program_without_context": ({"p.c": "int foo(int x) { return x; }\n"}, ["convert", "{dir}/p.c"], 1,
                                r"cannot tell what program 'foo' is \(context type 'int'\)\n  hint:"),
    "object_from_another_tool": ({}, ["run", "/bin/true"], 1,
                                 r"cannot open '/bin/true'[\s\S]*hint: run takes objects made by"),
    "corrupted_object": ({"p.c": TP_OK}, ["CORRUPT", "{dir}/p.c"], 1,
                         r"cannot open '.*p\.bpf\.o'"),
    # an object whose BTF libbpf 1.1 would follow out of range (it crashed
    # on a map's member naming a type past the last: fuzz_object's find) or
    # round a typedef that names itself (it loops): refused before libbpf
    "btf_type_out_of_range": ({"p.c": MAP_TP}, ["BTF_DAMAGED", "member_type"], 1,
                              r"p\.bpf\.o: malformed BTF: type \[\d+\] STRUCT '.*' refers to type "
                              r"2147483647, past the last \(\d+\)\n.*"
                              r"cannot open '.*p\.bpf\.o': BPF object format invalid\n  hint: run takes",
                              {"not_said": r"libbpf:"}),
    "btf_typedef_loop": ({"p.c": MAP_TP}, ["BTF_DAMAGED", "typedef_loop"], 1,
                         r"p\.bpf\.o: malformed BTF: type \[(\d+)\] TYPEDEF 'u32' holds type \1, which "
                         r"leads back to it \(a cycle of types not through a pointer\)",
                         {"not_said": r"libbpf:"}),
    # libbpf 1.1 recurses into a struct's members without end (btf__align_of)
    "btf_struct_holds_itself": ({"p.c": MAP_TP}, ["BTF_DAMAGED", "struct_self"], 1,
                                r"p\.bpf\.o: malformed BTF: type \[(\d+)\] STRUCT '.*' holds type \1, "
                                r"which leads back to it", {"not_said": r"libbpf:"}),
    # diff reads an --object itself (its printk formats, its fields)
    "diff_object_malformed_btf": ({"p.c": MAP_TP}, ["BTF_DAMAGED", "typedef_loop", "diff", "--object",
                                                    "{dir}/p.bpf.o", "{dir}/p.c", "--", "true"], 2,
                                  r"p\.bpf\.o: malformed BTF: type \[\d+\] TYPEDEF 'u32'"),
    # a .BTF section of no bytes in the file (NOBITS): libbpf refuses it;
    # the check must not read it (libbpf's btf__parse_elf would crash)
    "btf_section_nobits": ({"p.c": MAP_TP}, ["BTF_DAMAGED", "nobits"], 1,
                           r"cannot open '.*p\.bpf\.o': BPF object format invalid\n  hint: run takes",
                           {"not_said": r"malformed BTF"}),
    "missing_btf": ({"p.c": TASK_READ}, ["run", "--btf", "{dir}/nope.btf", "{dir}/p.c", "--", "true"], 1,
                    r"cannot read kernel BTF '.*nope\.btf': No such file or directory"),
    # build's --btf naming something libbpf cannot parse as BTF
    "corrupt_btf": ({"p.c": TP_OK, "bad.btf": "not BTF at all\n"},
                    ["convert", "--btf", "{dir}/bad.btf", "{dir}/p.c"], 1,
                    r"cannot read kernel BTF .*bad\.btf: Invalid argument\n  hint: --btf takes a kernel's BTF"),
    # a kernel BTF file that is there but empty (a 0-byte file bound over
    # /sys/kernel/btf/vmlinux): no BTF, said why, nothing loaded
    "empty_kernel_btf": ({"p.c": TASK_READ, "vmlinux": ""}, ["BUILT", "run", "{dir}/p.bpf.o", "--", "true"],
                         1, r"has no usable BTF \('.*/vmlinux' is empty\) and the object bundles none for it\n"
                         r"  hint: pass --btf FILE, or build with --min-btf DIR",
                         {"env": {"BCC2CORE_KERNEL_BTF": "{dir}/vmlinux"}, "not_said": r"libbpf:|attached"}),
    "missing_permission": ({"p.c": TP_OK}, ["UNPRIVILEGED", "run", "{dir}/p.bpf.o", "--", "true"], 1,
                           r"(Operation not permitted|Permission denied)"),
    "command_not_found": ({"p.c": TP_OK}, ["run", "{dir}/p.c", "--", "/nonexistent/cmd"], 1,
                          r"cannot run '/nonexistent/cmd': No such file or directory"),
    "bad_duration": ({}, ["run", "--duration", "soon", "x.bpf.o"], 2, r"bad --duration 'soon'\n  hint:"),
    "bad_interval": ({}, ["run", "--interval", "-1", "x.bpf.o"], 2, r"bad --interval '-1'\n  hint:"),
    # options are checked before anything is built, loaded or started
    "count_without_interval": ({"p.c": TP_OK}, ["BUILT", "-d", "run", "--count", "2", "{dir}/p.bpf.o",
                                                "--", "touch", "{dir}/ran"], 2,
                               r"--count and --clear go with --interval\n  hint:", NOT_STARTED),
    "clear_without_interval": ({"p.c": TP_OK}, ["BUILT", "-d", "run", "--clear", "{dir}/p.bpf.o",
                                                "--", "touch", "{dir}/ran"], 2,
                               r"--count and --clear go with --interval\n  hint:", NOT_STARTED),
    "count_without_interval_source": ({"p.c": TP_OK}, ["-d", "run", "--count", "3", "{dir}/p.c",
                                                       "--", "touch", "{dir}/ran"], 2,
                                      r"--count and --clear go with --interval", NOT_STARTED),
    "set_not_a_number": ({"p.c": TP_OK}, ["BUILT", "-d", "run", "--set", "x=abc", "{dir}/p.bpf.o",
                                          "--", "touch", "{dir}/ran"], 2,
                         r"bad --set 'x=abc': 'abc' is not an integer", NOT_STARTED),
    "map_size_not_a_count": ({"p.c": TP_OK}, ["BUILT", "-d", "run", "--map-size", "m=0",
                                              "{dir}/p.bpf.o", "--", "touch", "{dir}/ran"], 2,
                             r"bad --map-size 'm=0': '0' is not a positive entry count", NOT_STARTED),
    "bad_set": ({}, ["run", "--set", "=3", "x.bpf.o"], 2, r"bad --set '=3'\n  hint:"),
    "set_unknown_global": ({"p.c": TP_OK}, ["run", "--set", "nope=1", "{dir}/p.c", "--", "true"], 1,
                           r"cannot set 'nope': the program has no such const volatile global"),
    "dashdash_without_command": ({}, ["run", "x.bpf.o", "--"], 2, r"'--' must be followed by a command"),
    "input_is_directory": ({}, ["convert", "{dir}"], 1, r"error: cannot read: Is a directory"),
    "output_unwritable": ({"p.c": TP_OK}, ["convert", "{dir}/p.c", "-o", "/nonexistent/dir/out.c"], 1,
                          r"cannot write /nonexistent/dir/out\.c: No such file or directory"),
    "min_btf_with_convert": ({"p.c": TP_OK}, ["convert", "--min-btf", "{dir}", "{dir}/p.c"], 2,
                             r"--min-btf bundles BTF into an object: it goes with 'bcc2core build'"),
    "renamed_flag_in_a_copy": ({"p.c": INET_FLAG_COPY}, ["convert", "{dir}/p.c"], 1,
                               r"p\.c:10:12: error: 'freebind' of struct inet_sock is not a field on "
                               r"this kernel \(now a bit of inet_flags\).*\n  hint: read it as a value"),
    "extern_table_not_shared": ({"p.c": EXTERN_ALONE}, ["run", "{dir}/p.c", "--", "true"], 1,
                                r"extern table bcc2core_bad_nobody: no running program shares a "
                                r"table of that name\n  hint: run the program that declares it "
                                r"BPF_TABLE_PUBLIC"),
    "too_many_headers_to_stand_in": ({"p.c": '#include "many.h"\n' + TP_OK, "many.h": MANY_HEADERS},
                                     ["convert", "{dir}/p.c"], 1,
                                     r"many\.h:64:10: error: 'linux/bcc2core_nope64\.h' file not found\n"
                                     r"[^\n]*p\.c: error: gave up after 64 parses[^\n]*\n  hint:"),
    "verify_nothing": ({}, ["verify"], 2, r"verify takes one object\n  hint:"),
    "binary_junk": ({"j.c": "\x7fELF\x00\x01\x02garbage"}, ["convert", "{dir}/j.c"], 1,
                    r"j\.c: error: not a C source file"),
    # what the parse does not fix by itself (unit/parse_fixups has the rest):
    # a field spelled in a macro body, a prototype contradicting a helper's
    # (one thing declared twice: no name of its own), a member missing from a
    # struct that is no BCC table, whatever its name
    "renamed_field_in_macro_body": ({"p.c": STATE_IN_MACRO}, ["convert", "{dir}/p.c"], 1,
                                    r"p\.c:8:11: error: no member named 'state' in 'struct task_struct'"),
    "prototype_against_helper": ({"p.c": "int bpf_trace_printk(int);\n" + TP_OK},
                                 ["convert", "{dir}/p.c"], 1,
                                 r"p\.c:1:5: error: conflicting types for 'bpf_trace_printk'"),
    "member_of_struct_named_like_a_table": ({"p.c": "struct foo_table_t { int a; };\n" + TP_OK.replace(
        "\treturn 0;", "\tstruct foo_table_t f = {};\n\treturn f.zz;")}, ["convert", "{dir}/p.c"], 1,
        r"p\.c:5:11: error: no member named 'zz' in 'struct foo_table_t'"),
    # an object whose format tag says a newer bcc2core made it (object_format.h)
    "object_from_newer_bcc2core": ({"p.c": TP_OK}, ["NEWER", "{dir}/p.c"], 1,
                                   r"made by a newer bcc2core \(object format 9; this one reads up "
                                   r"to \d+\)\n  hint: run it with the bcc2core that built it"),
}


def held_in_session(sid):
    """BPF programs, links and maps still held by a process of the command's
    session after it ended: what could outlive it besides a pin (a program
    nobody holds is freed). Its own session, not every bcc2core process:
    other tests run theirs beside this one."""
    return [f"{kind} of pid {pid}" for kind, pid in bpf_fds_in_session(sid)]


# BTF type records: the bytes after the 12-byte header, by kind
BTF_EXTRA = {1: lambda v: 4, 3: lambda v: 12, 4: lambda v: 12 * v, 5: lambda v: 12 * v,
             6: lambda v: 8 * v, 13: lambda v: 8 * v, 14: lambda v: 4, 15: lambda v: 12 * v,
             17: lambda v: 4, 19: lambda v: 12 * v}


def damage_btf(obj, how):
    """The object's .BTF changed in place: "member_type", the first struct
    member's type a type id past any; "typedef_loop", the first typedef
    naming itself; "struct_self", the first struct's first member of the
    struct's own type; "nobits", the section's type NOBITS (no bytes in
    the file)"""
    data = bytearray(open(obj, "rb").read())
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)

    def section(i):
        return struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize)
    names = section(shstrndx)[4]
    for i in range(shnum):
        name, _type, _flags, _addr, off, size = section(i)
        if data[names + name:].split(b"\0", 1)[0] == b".BTF":
            break
    else:
        raise SystemExit("the object has no .BTF")
    if how == "nobits":
        struct.pack_into("<I", data, shoff + i * shentsize + 4, 8)     # SHT_NOBITS
        open(obj, "wb").write(data)
        return
    _magic, _ver, _flags, hdr_len, type_off, type_len = struct.unpack_from("<HBBIII", data, off)
    at, end, tid = off + hdr_len + type_off, off + hdr_len + type_off + type_len, 1
    while at < end:
        _name, info, _size = struct.unpack_from("<III", data, at)
        kind, vlen = (info >> 24) & 0x1f, info & 0xffff
        if how == "member_type" and kind == 4 and vlen:
            struct.pack_into("<I", data, at + 12 + 4, 0x7fffffff)
            break
        if how == "struct_self" and kind == 4 and vlen:
            struct.pack_into("<I", data, at + 12 + 4, tid)
            break
        if how == "typedef_loop" and kind == 8:
            struct.pack_into("<I", data, at + 8, tid)
            break
        at += 12 + BTF_EXTRA.get(kind, lambda v: 0)(vlen)
        tid += 1
    else:
        raise SystemExit("no type to damage for " + how)
    open(obj, "wb").write(data)


def main(name):
    files, argv, code, pattern, *rest = CASES[name]
    checks = rest[0] if rest else {}
    with tempfile.TemporaryDirectory() as d:
        for fn, text in files.items():
            with open(os.path.join(d, fn), "w") as f:
                f.write(text)
        argv = [a.format(dir=d) for a in argv]
        prefix = []
        if argv[0] == "BUILT":
            # a real object to run, built from p.c first
            subprocess.run([BCC2CORE, "build", os.path.join(d, "p.c"), "-o",
                            os.path.join(d, "p.bpf.o")], check=True, capture_output=True)
            argv = argv[1:]
        elif argv[0] in ("CORRUPT", "UNPRIVILEGED", "NEWER", "BTF_DAMAGED"):
            # a real object first, then damaged, or run by a user without BPF
            # rights, or its format tag made newer than this bcc2core reads,
            # or its BTF damaged (damage_btf)
            src = argv[1] if argv[0] in ("CORRUPT", "NEWER") else os.path.join(d, "p.c")
            obj = os.path.join(d, "p.bpf.o")
            subprocess.run([BCC2CORE, "build", src, "-o", obj], check=True, capture_output=True)
            if argv[0] == "CORRUPT":
                data = bytearray(open(obj, "rb").read())
                data = data[:len(data) // 3]
                data[64:128] = bytes(64)
                open(obj, "wb").write(data)
                argv = ["run", obj, "--", "true"]
            elif argv[0] == "BTF_DAMAGED":
                damage_btf(obj, argv[1])
                argv = argv[2:] or ["-d", "run", obj, "--", "true"]
            elif argv[0] == "NEWER":
                data = open(obj, "rb").read()
                tag = b"bcc2core:format=1\0"
                assert data.count(tag) == 1, "the object records no format 1"
                open(obj, "wb").write(data.replace(tag, b"bcc2core:format=9\0"))
                argv = ["run", obj, "--", "true"]
            else:
                os.chmod(d, 0o755)
                os.chmod(obj, 0o644)
                prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
                argv = argv[1:]
        pins_before = bpf_pins()
        # a verifier run to its 1M-instruction limit (unbounded_loop) takes
        # a minute of wall time on a loaded machine
        proc = subprocess.Popen(prefix + [BCC2CORE] + argv, start_new_session=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=dict(os.environ, BCC2CORE_NO_BTF_CACHE="1",
                                         **{k: v.format(dir=d) for k, v in checks.get("env", {}).items()}))
        timed_out = False
        try:
            out, err = proc.communicate(timeout=180)
        except subprocess.TimeoutExpired:
            timed_out = True
        left = held_in_session(proc.pid) + ["pin " + n for n in sorted(bpf_pins() - pins_before)]
        for pid in session_pids(proc.pid):     # what is left of it (a command of run's, say)
            try:
                os.kill(pid, 9)
            except OSError:
                pass
        if timed_out:
            try:
                out, err = proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:     # a process out of its session holds the pipe
                out, err = "", "(its output is held by a process that left its session)"
        res = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
        ran = "not_run" in checks and os.path.exists(checks["not_run"].format(dir=d))
    print(res.stderr, end="")
    ok = True
    if res.returncode != code:
        print(f"FAIL: exit code {res.returncode}, expected {code}")
        ok = False
    if timed_out:
        print("FAIL: timed out after 180 s")
        ok = False
    elif res.returncode < 0:
        print("FAIL: crashed")
        ok = False
    if not re.search(pattern, res.stderr):
        print(f"FAIL: stderr does not match /{pattern}/")
        ok = False
    if ran:
        print("FAIL: the command ran")
        ok = False
    if "not_said" in checks and re.search(checks["not_said"], res.stderr):
        print(f"FAIL: stderr matches /{checks['not_said']}/: something was built or loaded")
        ok = False
    if left:
        print(f"FAIL: left behind: {', '.join(left)}")
        ok = False
    print("PASS" if ok else "FAIL", name)
    return (0 if ok else 1, res)


def markdown():
    """docs/bad-input.md: each case as run, with what bcc2core said."""
    import contextlib
    import io
    rows = []
    for name, (_, argv, *_) in CASES.items():
        with contextlib.redirect_stdout(io.StringIO()):   # main()'s own report
            rc, res = main(name)
        # -d's lines left out: libbpf's, and what the object was built against
        msg = "<br>".join(l.replace("|", "\\|") for l in res.stderr.strip().splitlines()
                          if not l.startswith(";") and "libbpf:" not in l and
                          not re.search(r": (built against|records no) kernel BTF", l))[:400]
        rows.append(f"| `{name}` | `bcc2core {' '.join(argv)}` | {res.returncode} | "
                    f"{'pass' if rc == 0 else 'FAIL'} | {msg} |")
    print("| case | command | exit | test | message |\n| --- | --- | --- | --- | --- |")
    print("\n".join(rows))


if __name__ == "__main__":
    if sys.argv[1] == "--list":
        print("\n".join(CASES))
        sys.exit(0)
    if sys.argv[1] == "--markdown":
        markdown()
        sys.exit(0)
    sys.exit(main(sys.argv[1])[0])
