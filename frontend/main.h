/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef BCC2CORE_FRONTEND_MAIN_H
#define BCC2CORE_FRONTEND_MAIN_H

#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "bcc2core/plugin.h"

extern const char *bin_name;
extern bool verbose;
extern bcc2core_print_fn_t frontend_print;
int print_info_levels(enum bcc2core_print_level level, const char *fmt, va_list ap);

struct cmd {
	const char *cmd;
	int (*func)(int argc, char **argv);
};

__attribute__((format(printf, 1, 2))) void p_err(const char *fmt, ...);

/* What convert and build share: -D, -I, --attach, --btf, IN.c, -o OUT. */
struct convert_args {
	const char **cflags;
	size_t cflag_cnt;
	const char **attach;
	size_t attach_cnt;
	const char *btf;
	const char *tracefs;	/* --tracefs DIR: tracepoint formats from there */
	const char *kconfig;	/* --kconfig FILE, --kernel-release REL: build-time #if */
	const char *kernel_release;
	const char *min_btf;	/* build --min-btf DIR */
	const char *depfile;	/* build --depfile FILE */
	const char *input;
	const char *output;
	bool want_help;
	bool line_directives;	/* set by build: errors point at the BCC source */
	bool record_inputs;	/* set by build: the object names its BTF */
	bool probe_read_ctx;	/* set by build's last try: see ctx_loads.c */
	/* set by build's next tries: the tracepoint fields ("RECORD.FIELD")
	 * clang moved the context pointer for, each read once at its
	 * program's start */
	char **moved_ctx_fields;
	size_t moved_ctx_field_cnt;
};
int convert_args__parse(int argc, char **argv, struct convert_args *ca);
/* "[OPTION]... -- CMD [ARG]...": the index of "--" (argc when there is
 * none), *@cmd what follows it (NULL without one); -EINVAL, said, for a
 * "--" with no command after it */
int split_command(int argc, char **argv, char ***cmd);
void convert_args__free(struct convert_args *ca);

/* The rewriter module, loaded on demand (run never loads it). */
const struct bcc2core_rewriter_plugin *rewriter_plugin(void);
/* the same, NULL without a message where it is not installed */
const struct bcc2core_rewriter_plugin *rewriter_plugin_quiet(void);
/* Where vmlinux.h and the BPF-side headers are. */
const char *data_dir(void);

/* convert @ca->input into malloc'ed C (*out); 0 or a negative error */
int convert_to_string(const struct convert_args *ca, struct bcc2core_rewriter **rw, char **out);
/* compile converted C at @bpf_c (converted from @input) into @obj with the
 * rewriter's flags */
int compile_bpf(const struct bcc2core_rewriter_plugin *api, struct bcc2core_rewriter *rw,
		const char *bpf_c, const char *obj, const char *deps, const char *input);
/* @raw, clang's make rule for @bpf_c, with @input in @bpf_c's place and
 * each subst[].from as subst[].to, written to @out: 0 or -errno, said */
struct dep_subst {
	const char *from, *to;
};
int depfile__write(const char *raw, const char *bpf_c, const char *input, const char *out,
		   const struct dep_subst *subst, size_t nsubst);
/* convert + compile @ca->input into @obj (a temporary .bpf.c next to it) */
int build_object(const struct convert_args *ca, const char *obj);
/* port's terminal for a tool run where stdin or stdout is not one
 * (tool_tty.c) */
struct tool_tty {
	int master, slave;
};
bool tool_tty__wanted(void);
/* a new terminal, and @fa's actions that make it the tool's stdin and stdout */
int tool_tty__open(struct tool_tty *t, posix_spawn_file_actions_t *fa);
/* after the spawn: what the tool writes there to stdout, until it ends
 * (left for the caller to wait for) */
void tool_tty__copy_out(struct tool_tty *t, pid_t pid);

/* What ctx_loads__moved() found: the first program that loads through a
 * context pointer clang moved, and the fields those loads read */
struct ctx_moves {
	char prog[128];
	char **fields;		/* "RECORD.FIELD", of every program and call */
	size_t field_cnt;
	bool unknown;		/* a load not tied to one field */
};
/* Did clang move the context pointer before a load in a program of @obj?
 * 1 yes (@m says where; fields not in @m->fields yet are added), 0 no,
 * -errno. ctx_moves__free() frees the fields. */
int ctx_loads__moved(const char *obj, struct ctx_moves *m);
void ctx_moves__free(struct ctx_moves *m);

/* the runtime knobs the CLI takes from its environment (BCC2CORE_KERNEL_BTF,
 * BCC2CORE_CACHE_DIR, BCC2CORE_NO_BTF_CACHE, BCC2CORE_NO_TRAMPOLINES,
 * BCC2CORE_OS_RELEASE): the library reads none itself */
struct bcc2core_runtime_opts;
void runtime_opts__from_env(struct bcc2core_runtime_opts *ro);

/* "OBJ: built against kernel BTF sha256:..." on stderr (inputs.c) */
void print_build_inputs(const char *obj);

/* bundle minimized BTF of every kernel under @dir into @obj */
int bundle_min_btf(const char *dir, const char *obj);

int do_convert(int argc, char **argv);
int do_build(int argc, char **argv);
int do_run(int argc, char **argv);
int do_verify(int argc, char **argv);
int do_port(int argc, char **argv);
int do_cache(int argc, char **argv);
/* stores @obj as the object of the text and cflags a port captured */
int cache_store_captured(const char *text_path, const char *cflags_path, const char *obj);
int do_python_path(int argc, char **argv);
int do_diff(int argc, char **argv);

#endif
