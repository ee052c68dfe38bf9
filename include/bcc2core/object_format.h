/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* What a bcc2core object carries beyond a plain libbpf object: the one
 * contract between the rewriter, which writes it, and the runtime, which
 * reads it. Both sides use only what is here; docs/object-format.md says it
 * in prose. */
#ifndef BCC2CORE_OBJECT_FORMAT_H
#define BCC2CORE_OBJECT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

struct btf;

/* The object format this bcc2core writes and the newest it reads. Bumped
 * when a tag or a form changes meaning; an object of a newer format is
 * refused at open instead of being misread. Objects without a format tag
 * (made before it was recorded) are format 1. */
#define BCC2CORE_OBJECT_FORMAT 1

/* Metadata travels as BTF decl tags "bcc2core:KEY" or "bcc2core:KEY=VALUE"
 * on the map variable, program function or LICENSE variable they describe. */
#define BCC2CORE_TAG_PREFIX "bcc2core:"

enum bcc2core_tag_key {
	BCC2CORE_TAG_UNKNOWN = 0,	/* a bcc2core: tag this version does not know */
	BCC2CORE_TAG_FORMAT,		/* LICENSE: format=N, the object format */
	BCC2CORE_TAG_HISTOGRAM,		/* map: BPF_HISTOGRAM, printed as BCC's log2 histogram */
	BCC2CORE_TAG_PERF_OUTPUT,	/* map: BPF_PERF_OUTPUT */
	BCC2CORE_TAG_EVENT,		/* map: event=TYPE, the C type of its records */
	BCC2CORE_TAG_PIN,		/* map: pin=PATH, BPF_TABLE_PINNED */
	BCC2CORE_TAG_SHARE,		/* map: share=public|shared, found by other runs */
	BCC2CORE_TAG_EXTERN,		/* map: BPF_TABLE("extern"): a running program's */
	BCC2CORE_TAG_ALSO,		/* program: also=SEC, another target to attach to */
	BCC2CORE_TAG_ARGS_READ,		/* tp_btf form: args_read=N, arguments it reads */
	/* what the object was built against (LICENSE; build only, read by
	 * nothing that loads it): */
	BCC2CORE_TAG_BTF,		/* btf=sha256:HEX, the kernel BTF */
	BCC2CORE_TAG_KERNEL,		/* kernel=RELEASE, when LINUX_VERSION_CODE took it */
	BCC2CORE_TAG_KCONFIG,		/* kconfig=sha256:HEX, when #if CONFIG_ read it */
	BCC2CORE_TAG_CTX_UNUSED,	/* program: its code never reads its context, so a
					 * user probe of it runs the same at any user probe
					 * (ustat's usdt programs, attached by address) */
	BCC2CORE_TAG_ARGS_UNUSED,	/* program: a kprobe/kretprobe or uprobe/uretprobe
					 * whose code reads no argument parameter (its
					 * registers through its context alone): it runs the
					 * same attached on entry or on return */
	BCC2CORE_TAG_MODULE,		/* LICENSE: module=NAME, kernel types of that module's
					 * BTF are relocated against it (not vmlinux's) */
	BCC2CORE_TAG_BTF_ARG_READS,	/* program: a fentry form whose body reads its
					 * arguments' fields with plain loads, where its
					 * kprobe form probe-reads them: the cheaper of the
					 * two where both run */
	BCC2CORE_TAG_TP_ARGS,		/* tp_btf form of a tracepoint: tp_args=KINDS,
					 * a letter for each of the tracepoint's first
					 * arguments as it reads them (b i l p r t:
					 * common/tp_args.h); not loaded where the
					 * kernel's tracepoint takes others */
	BCC2CORE_TAG_RET_SLOT,		/* fexit form of a kretprobe: ret_slot=N, the
					 * number of arguments its function took where it
					 * was built, the slot it reads the return value
					 * from: not loaded where the function takes
					 * another number */
	BCC2CORE_TAG_KPROBE_FREE,	/* program: a fentry/fexit form of a kprobe or
					 * kretprobe whose body needs nothing only a
					 * kprobe gives (its stack, the return's
					 * override, a tail call into kprobe programs):
					 * run before the kprobe form where the kernel
					 * takes a trampoline, the cheaper */
};

/* "histogram", "event", ...; NULL for UNKNOWN */
BCC2CORE_API const char *bcc2core_tag_key__name(enum bcc2core_tag_key key);

/* Splits @tag ("bcc2core:event=struct data_t") into its key and value
 * (NULL when it has none). False when @tag is not a bcc2core: tag. */
BCC2CORE_API bool bcc2core_tag__parse(const char *tag, enum bcc2core_tag_key *key,
				      const char **value);

/* Iterates the bcc2core: decl tags of BTF type @target_id (a VAR or FUNC):
 * start with *@pos = 0; returns true with *@key and *@value (NULL when the
 * tag has none) set, false past the last one. */
BCC2CORE_API bool bcc2core_tags__next(const struct btf *btf, __u32 target_id, __u32 *pos,
				      enum bcc2core_tag_key *key, const char **value);

/* The first kernel module whose BTF the object's CO-RE reads relocate
 * against (LICENSE's bcc2core:module=NAME), or NULL if only vmlinux's. */
BCC2CORE_API const char *bcc2core_object__module(const struct btf *btf);

/* The object format recorded in @btf (an object's BTF): N, or 1 when it
 * records none. */
BCC2CORE_API int bcc2core_object__format(const struct btf *btf);

/* Program forms. Next to a program NAME the rewriter may emit alternate
 * forms, each a program named NAME + suffix; the runtime loads the one form
 * per program the running kernel can take and leaves the others out. */
enum bcc2core_prog_form {
	BCC2CORE_FORM_PRIMARY = 0,	/* NAME: the program as BCC wrote it */
	BCC2CORE_FORM_TP,		/* of a ksyscall/kretsyscall: its syscall tracepoint */
	BCC2CORE_FORM_FENTRY,		/* of a kprobe: fentry on the same function */
	BCC2CORE_FORM_FEXIT,		/* of a kretprobe: fexit on the same function */
	BCC2CORE_FORM_KPROBE,		/* of a KFUNC_PROBE: kprobe on the same function */
	BCC2CORE_FORM_KRETPROBE,	/* of a KRETFUNC_PROBE: kretprobe on the same function */
	BCC2CORE_FORM_KENTRY,		/* with FORM_KRETPROBE: a kprobe saving its arguments */
	BCC2CORE_FORM_TP_BTF,		/* of a raw tracepoint: tp_btf on the same tracepoint */
	__BCC2CORE_FORM_CNT,
};

/* "__tp", "__fentry", ...; "" for the primary form */
BCC2CORE_API const char *bcc2core_form__suffix(enum bcc2core_prog_form form);

/* The form program @name is, and the length of its primary's name. */
BCC2CORE_API enum bcc2core_prog_form bcc2core_form__of(const char *name, size_t *base_len);

/* @buf = the name of program @base's @form. 0, or -ENAMETOOLONG. */
BCC2CORE_API int bcc2core_form__name(char *buf, size_t size, const char *base,
				     enum bcc2core_prog_form form);

/* The target of a SEC() name: what follows its first '/' ("tracepoint/
 * syscalls/sys_enter_kill" -> "syscalls/sys_enter_kill"), or NULL when the
 * section names none ("kprobe", "socket", "xdp"). */
BCC2CORE_API const char *bcc2core_sec__target(const char *sec);

/* Does SEC() name @sec start with @kind and a '/' ("kprobe" matches
 * "kprobe/f", not "kprobe.multi/f" nor "kprobe")? */
BCC2CORE_API bool bcc2core_sec__is(const char *sec, const char *kind);

/* @buf = the syscall tracepoint of SEC() name @sec, "CAT/EVENT" as under
 * tracefs' events/: "ksyscall/X" -> "syscalls/sys_enter_X", "kretsyscall/X"
 * -> "syscalls/sys_exit_X" (the section of a NAME__tp form, less its
 * "tracepoint/"). 0, -EINVAL for another section, or -ENAMETOOLONG. */
BCC2CORE_API int bcc2core_sec__syscall_tp(char *buf, size_t size, const char *sec);

#ifdef __cplusplus
}
#endif
#endif
