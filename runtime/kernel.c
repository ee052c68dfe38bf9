// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* What the running kernel offers, asked once per decision: its own BTF,
 * tracefs, kprobes, BTF trampolines, tracepoints. A leaf: the program-form
 * selection asks, nothing here calls back. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "btf_file.h"
#include "internal.h"
#include "tp_args.h"

#define DEFAULT_KERNEL_BTF "/sys/kernel/btf/vmlinux"

void kernel__init(struct kernel *k, const char *btf_path, bool no_trampolines)
{
	memset(k, 0, sizeof(*k));
	k->btf_path = btf_path && *btf_path ? btf_path : DEFAULT_KERNEL_BTF;
	k->tracefs = kernel__tracefs();
	k->no_trampolines = no_trampolines;
	k->kprobes = -1;
	k->trampolines = -1;
}

void kernel__release(struct kernel *k)
{
	btf__free(k->btf);
	k->btf = NULL;
	k->btf_tried = false;
}

const char *kernel__btf_path(const struct kernel *k)
{
	return access(k->btf_path, R_OK) == 0 ? k->btf_path : NULL;
}

struct btf *kernel__btf(struct kernel *k)
{
	const char *path = kernel__btf_path(k);

	if (!k->btf_tried) {
		k->btf = path ? btf_file__parse(path) : NULL;
		k->btf_tried = true;
	}
	return k->btf;
}

const char *kernel__tracefs(void)
{
	return access("/sys/kernel/tracing/events", F_OK) == 0 ? "/sys/kernel/tracing"
							       : "/sys/kernel/debug/tracing";
}

bool kernel__kprobes(struct kernel *k)
{
	char path[256];

	if (k->kprobes < 0) {
		snprintf(path, sizeof(path), "%s/kprobe_events", k->tracefs);
		k->kprobes = access("/sys/bus/event_source/devices/kprobe/type", F_OK) == 0 ||
			     access(path, F_OK) == 0;
	}
	return k->kprobes;
}

/* what function @id's prototype in @btf says: its parameters, and the
 * argument registers they take (a struct of 9-16 bytes two; a wider one,
 * or a variadic function's last, none can: 99) */
static void func_proto_facts(const struct btf *btf, __s32 id, long *params, long *regs)
{
	const struct btf_type *t = btf__type_by_id(btf, btf__type_by_id(btf, id)->type);
	const struct btf_param *param;

	*params = *regs = 99;
	if (!t || !btf_is_func_proto(t))
		return;
	*params = btf_vlen(t);
	*regs = 0;
	param = btf_params(t);
	for (int i = 0; i < btf_vlen(t) && *regs < 99; i++) {
		__s64 size = btf__resolve_size(btf, param[i].type);

		*regs = size < 0 || size > 16 ? 99 : *regs + (size > 8 ? 2 : 1);
	}
}

int kernel__func_fact(struct kernel *k, const char *func, enum kernel_func_fact which)
{
	static const char *const names[] = { "func_id", "func_params", "func_regs" };
	char question[3][560];	/* a kernel symbol: up to 512 characters */
	const char *const questions[] = { question[0], question[1], question[2] };
	long answer[3];
	struct btf *btf;
	__s32 id;

	if (strpbrk(func, " \n"))
		return -1;
	for (int i = 0; i < 3; i++)
		if (snprintf(question[i], sizeof(question[i]), "%s %s", names[i], func) >=
		    (int)sizeof(question[i]))
			return -1;
	if (k->remember && !kernel_facts__get(k->facts_dir, question[which], &answer[which]))
		return (int)answer[which];
	btf = kernel__btf(k);
	if (!btf)
		return -1;
	id = btf__find_by_name_kind(btf, func, BTF_KIND_FUNC);
	answer[0] = answer[1] = answer[2] = -1;
	if (id > 0) {
		answer[0] = id;
		func_proto_facts(btf, id, &answer[1], &answer[2]);
	}
	if (k->remember)
		kernel_facts__put_all(k->facts_dir, questions, answer, 3);
	return (int)answer[which];
}

/* Some kernels refuse every fentry program (EPERM): load a two-instruction
 * one on a function this kernel has. Such a kernel refuses one with no
 * target at all alike, before its verifier runs, where one that takes
 * them says EINVAL (no target): asked first, that needs no function's
 * BTF id, so no parse of the kernel's BTF. */
static int probe_trampolines(struct kernel *k, const char *func)	/* -1: no function to try */
{
	static const char *const probes[] = { "bpf_fentry_test1", "__x64_sys_getpid",
					      "do_nanosleep", NULL };
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_FENTRY);
	__s32 id = -1;
	int fd;

	fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "bcc2core_probe", "GPL", insns, 2, &opts);
	if (fd >= 0)
		close(fd);	/* (no kernel takes one with no target) */
	else if (errno == EPERM)
		return 0;
	for (int i = 0; probes[i] && id < 0; i++)
		id = kernel__func_fact(k, probes[i], KERNEL_FUNC_ID);
	if (id < 0 && func)
		id = kernel__func_fact(k, func, KERNEL_FUNC_ID);
	if (id < 0)
		return -1;
	opts.attach_btf_id = id;
	fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "bcc2core_probe", "GPL", insns, 2, &opts);
	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

const char *kernel__trampoline_blocker(struct kernel *k, const char *func)
{
	/* the kprobe forms even where trampolines work (a kernel whose fentry
	 * misbehaves; the guest tests run the kprobe forms with it) */
	if (k->no_trampolines)
		return "BTF trampolines turned off (BCC2CORE_NO_TRAMPOLINES)";
	/* before the target's BTF: a kernel that refuses them all needs no
	 * parse of its BTF to tell */
	if (k->trampolines < 0) {
		int works = probe_trampolines(k, func);

		if (works < 0 && func)	/* it was tried on @func too */
			return "its target is not in the kernel's BTF (inlined or renamed here)";
		k->trampolines = works > 0;
	}
	if (!k->trampolines)
		return "this kernel refuses BTF trampolines";
	if (func && kernel__func_fact(k, func, KERNEL_FUNC_ID) < 0)
		return "its target is not in the kernel's BTF (inlined or renamed here)";
	return NULL;
}

bool kernel__trampoline_args_fit(struct kernel *k, const char *func)
{
	int regs = kernel__func_fact(k, func, KERNEL_FUNC_REGS);

	return regs >= 0 && regs <= 6;
}

bool kernel__has_tracepoint(const struct kernel *k, const char *cat_event)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/events/%s", k->tracefs, cat_event);
	return access(path, F_OK) == 0;
}

/* "CAT:EVENT" lines of available_events: EVENT in any category */
static bool event_line(const char *line, const char *event, size_t n)
{
	const char *colon = strchr(line, ':');

	return colon && !strncmp(colon + 1, event, n) &&
	       (colon[1 + n] == '\n' || colon[1 + n] == '\0');
}

/* "FUNC" or "FUNC [module]" lines of available_filter_functions */
static bool function_line(const char *line, const char *func, size_t n)
{
	return !strncmp(line, func, n) && (line[n] == '\n' || line[n] == ' ');
}

/* Does the list at @path have a line @match accepts for @want (its first
 * @n characters)? True when the list cannot be read: attach decides then. */
static bool file_lists(const char *path, const char *want, size_t n,
		       bool (*match)(const char *line, const char *want, size_t n))
{
	char line[512];
	bool found = false;
	FILE *fp = fopen(path, "re");

	if (!fp)
		return true;
	while (!found && fgets(line, sizeof(line), fp))
		found = match(line, want, n);
	fclose(fp);
	return found;
}

/* file_lists() on tracefs list @file */
static bool tracefs_lists(const struct kernel *k, const char *file, const char *want,
			  bool (*match)(const char *line, const char *want, size_t n))
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", k->tracefs, file);
	return file_lists(path, want, strlen(want), match);
}

bool kernel__has_event(const struct kernel *k, const char *event)
{
	return tracefs_lists(k, "available_events", event, event_line);
}

bool kernel__kprobe_target_exists(const struct kernel *k, const char *func)
{
	return tracefs_lists(k, "available_filter_functions", func, function_line);
}

/* "ADDRESS TYPE NAME" or "ADDRESS TYPE NAME\t[MODULE]" lines of
 * /proc/kallsyms: NAME a function (type t, T, w or W) */
static bool kallsyms_function_line(const char *line, const char *func, size_t n)
{
	const char *type = strchr(line, ' '), *name;

	if (!type || !type[1] || !strchr("tTwW", type[1]) || type[2] != ' ')
		return false;
	name = type + 3;
	return !strncmp(name, func, n) && name[n] && strchr("\t\n", name[n]);
}

/* Is @func (less a "+OFFSET") a function of the kernel or of a loaded
 * module? /proc/kallsyms lists every one, those ftrace cannot trace too (a
 * kprobe can); true when it cannot be read. */
bool kernel__has_function(const char *func)
{
	return file_lists("/proc/kallsyms", func, strcspn(func, "+"), kallsyms_function_line);
}

/* @event's arguments in @btf (-1: not there); with @kinds, 1 when they
 * are of those kinds (tp_args.h), else 0 */
static int btf_tracepoint_args(const struct btf *btf, const char *event, const char *kinds)
{
	const struct btf_type *proto = tp_args__proto(btf, event);

	if (!proto)
		return -1;
	return kinds ? tp_args__match(btf, proto, kinds) : btf_vlen(proto) - 1;
}

/* The tracepoint in a loaded module's BTF, split on vmlinux's. */
static int module_tracepoint_args(struct btf *vmlinux, const char *event, const char *kinds)
{
	char path[512];
	struct dirent *de;
	DIR *dir = opendir("/sys/kernel/btf");
	int answer = -1;

	if (!dir)
		return -1;
	while (answer < 0 && (de = readdir(dir))) {
		struct btf *mod;

		if (de->d_name[0] == '.' || !strcmp(de->d_name, "vmlinux"))
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/btf/%s", de->d_name);
		mod = btf__parse_split(path, vmlinux);
		if (!mod)
			continue;
		answer = btf_tracepoint_args(mod, event, kinds);
		btf__free(mod);
	}
	closedir(dir);
	return answer;
}

/* kernel__tracepoint_args() and kernel__tracepoint_args_are() */
static int tracepoint_question(struct kernel *k, const char *event, const char *kinds)
{
	struct btf *btf;
	char question[320];
	long known;
	int answer;

	snprintf(question, sizeof(question), "%s %s%s%s", kinds ? "tracepoint_args_are" :
		 "tracepoint_args", event, kinds ? " " : "", kinds ? kinds : "");
	if (k->remember && !kernel_facts__get(k->facts_dir, question, &known))
		return (int)known;
	btf = kernel__btf(k);
	if (!btf)
		return -1;
	answer = btf_tracepoint_args(btf, event, kinds);
	/* a module's answer changes as modules come and go: not remembered */
	if (answer < 0)
		return module_tracepoint_args(btf, event, kinds);
	if (k->remember)
		kernel_facts__put(k->facts_dir, question, answer);
	return answer;
}

int kernel__tracepoint_args(struct kernel *k, const char *event)
{
	return tracepoint_question(k, event, NULL);
}

int kernel__tracepoint_args_are(struct kernel *k, const char *event, const char *kinds)
{
	return tracepoint_question(k, event, kinds);
}

/* The public questions: a kernel asked afresh each time (nothing cached
 * between calls; the runtime asks its own once per load). */
bool bcc2core_kernel__can_kprobe(void)
{
	struct kernel k;
	bool can;

	kernel__init(&k, NULL, false);
	can = kernel__kprobes(&k);
	kernel__release(&k);
	return can;
}

bool bcc2core_kernel__can_trampoline(void)
{
	struct kernel k;
	bool can;

	kernel__init(&k, NULL, false);
	can = kernel__trampoline_blocker(&k, NULL) == NULL;
	kernel__release(&k);
	return can;
}

bool bcc2core_kernel__has_tracepoint(const char *cat_event)
{
	char buf[256], *sep;
	struct kernel k;
	bool has;

	/* CAT:EVENT or CAT/EVENT, one of each, naming nothing but an event */
	if (!cat_event || snprintf(buf, sizeof(buf), "%s", cat_event) >= (int)sizeof(buf))
		return false;
	sep = strpbrk(buf, ":/");
	if (!sep || sep == buf || !sep[1] || strpbrk(sep + 1, ":/") || buf[0] == '.' ||
	    sep[1] == '.')
		return false;
	*sep = '/';
	kernel__init(&k, NULL, false);
	has = kernel__has_tracepoint(&k, buf);
	kernel__release(&k);
	return has;
}

/* @field among @type_id's members, or inside its anonymous ones */
static bool btf_has_member(const struct btf *btf, __u32 type_id, const char *field, int depth)
{
	const struct btf_type *t = btf__type_by_id(btf, type_id);
	const struct btf_member *m;

	if (!t || depth > 8 || (!btf_is_struct(t) && !btf_is_union(t)))
		return false;
	m = btf_members(t);
	for (__u16 i = 0; i < btf_vlen(t); i++, m++) {
		const char *name = btf__name_by_offset(btf, m->name_off);

		if (name && !strcmp(name, field))
			return true;
		if ((!name || !*name) &&
		    btf_has_member(btf, btf__resolve_type(btf, m->type), field, depth + 1))
			return true;
	}
	return false;
}

int bcc2core_kernel__struct_has_field(const char *struct_name, const char *field,
				      const char *cache_dir)
{
	char question[320];
	struct kernel k;
	long known;
	int has = -1;
	__s32 id;

	if (!struct_name || !field ||
	    snprintf(question, sizeof(question), "struct_field %s.%s", struct_name, field) >=
		    (int)sizeof(question) ||
	    strpbrk(question, "\n"))
		return -1;
	if (!kernel_facts__get(cache_dir, question, &known))
		return (int)known;
	kernel__init(&k, NULL, false);
	if (kernel__btf(&k)) {
		id = btf__find_by_name_kind(k.btf, struct_name, BTF_KIND_STRUCT);
		has = id > 0 ? btf_has_member(k.btf, (__u32)id, field, 0) : -1;
		kernel_facts__put(cache_dir, question, has);
	}
	kernel__release(&k);
	return has;
}
