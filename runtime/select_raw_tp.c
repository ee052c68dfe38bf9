// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Raw tracepoints: the raw_tp form NAME or its tp_btf twin NAME__tp_btf.
 *
 * tp_btf where it can load: the kernel has its own BTF (a tp_btf program is
 * bound at load to the kernel's btf_trace_<event> type; --btf or a bundled
 * min-BTF only serve CO-RE), the tracepoint is in it (vmlinux or a module)
 * and has at least the arguments the body reads (the twin's decl tag
 * "bcc2core:args_read=N"). Else raw_tp, which needs no BTF. A tracepoint the
 * kernel's BTF and tracefs both lack is missing: neither form runs. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* raw_tracepoint/EV or raw_tp/EV -> EV, else NULL */
static const char *raw_tp_event(const char *sec)
{
	if (!strncmp(sec, "raw_tracepoint/", 15))
		return sec + 15;
	if (!strncmp(sec, "raw_tp/", 7))
		return sec + 7;
	return NULL;
}

static bool is_twin(const char *name)
{
	size_t n = strlen(name);

	return n > 8 && !strcmp(name + n - 8, "__tp_btf");
}

/* Arguments of btf_trace_<event> in @btf (without the leading void *), or -1. */
static int btf_tracepoint_args(const struct btf *btf, const char *event)
{
	const struct btf_type *t;
	char name[256];
	__s32 id;

	snprintf(name, sizeof(name), "btf_trace_%s", event);
	id = btf__find_by_name_kind(btf, name, BTF_KIND_TYPEDEF);
	if (id < 0)
		return -1;
	t = btf__type_by_id(btf, btf__type_by_id(btf, id)->type);
	if (!t || !btf_is_ptr(t))
		return -1;
	t = btf__type_by_id(btf, t->type);
	return t && btf_is_func_proto(t) && btf_vlen(t) >= 1 ? btf_vlen(t) - 1 : -1;
}

/* The tracepoint in a loaded module's BTF, split on vmlinux's. */
static int module_tracepoint_args(struct btf *vmlinux, const char *event)
{
	char path[512];
	struct dirent *de;
	DIR *dir = opendir("/sys/kernel/btf");
	int nargs = -1;

	if (!dir)
		return -1;
	while (nargs < 0 && (de = readdir(dir))) {
		struct btf *mod;

		if (de->d_name[0] == '.' || !strcmp(de->d_name, "vmlinux"))
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/btf/%s", de->d_name);
		mod = btf__parse_split(path, vmlinux);
		if (!mod)
			continue;
		nargs = btf_tracepoint_args(mod, event);
		btf__free(mod);
	}
	closedir(dir);
	return nargs;
}

/* The tracepoint's argument count in the kernel's BTF; -1: not there. */
static int kernel_tracepoint_args(struct kernel_btf *kb, const char *event)
{
	struct btf *btf = kernel_btf__get(kb);
	int nargs;

	if (!btf)
		return -1;
	nargs = btf_tracepoint_args(btf, event);
	return nargs >= 0 ? nargs : module_tracepoint_args(btf, event);
}

/* An event of that name in tracefs (any category): a kernel whose module
 * has no BTF still has its tracepoints. */
static bool tracefs_has_event(const char *event)
{
	char line[512];
	size_t n = strlen(event);
	bool found = false;
	FILE *fp = fopen("/sys/kernel/tracing/available_events", "re");

	if (!fp)
		fp = fopen("/sys/kernel/debug/tracing/available_events", "re");
	if (!fp)
		return true;	/* cannot tell: let attach decide */
	while (!found && fgets(line, sizeof(line), fp)) {
		char *colon = strchr(line, ':');

		found = colon && !strncmp(colon + 1, event, n) &&
			(colon[1 + n] == '\n' || colon[1 + n] == '\0');
	}
	fclose(fp);
	return found;
}

/* The twin's "bcc2core:args_read=N", or -1 if it carries none. */
static int twin_args_read(const struct bpf_object *obj, const struct bpf_program *twin)
{
	const struct btf *btf = bpf_object__btf(obj);
	__s32 fn;
	__u32 n;

	if (!btf)
		return -1;
	fn = btf__find_by_name_kind(btf, bpf_program__name(twin), BTF_KIND_FUNC);
	if (fn < 0)
		return -1;
	n = btf__type_cnt(btf);
	for (__u32 id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *tag;
		int v;

		if (!btf_is_decl_tag(t) || t->type != (__u32)fn)
			continue;
		tag = btf__name_by_offset(btf, t->name_off);
		if (tag && sscanf(tag, "bcc2core:args_read=%d", &v) == 1 && v >= 0)
			return v;
	}
	return -1;
}

static struct bpf_program *find_twin(struct bpf_object *obj, const char *name)
{
	char twin[256];

	snprintf(twin, sizeof(twin), "%s__tp_btf", name);
	return bpf_object__find_program_by_name(obj, twin);
}

/* Why the twin cannot load here, or NULL if it can. */
static const char *twin_blocker(struct bcc2core_runtime *rt, struct kernel_btf *kb,
				struct bpf_program *twin, int nargs)
{
	int reads = twin_args_read(rt->obj, twin);

	if (rt->no_tp_btf)
		return "the verifier refused the tp_btf forms, raw_tp loaded instead";
	if (!kernel_btf__get(kb))
		return "no kernel BTF (tp_btf needs the kernel's own)";
	if (nargs < 0)
		return "its tracepoint is not in the kernel's BTF";
	if (reads < 0)
		return "its tp_btf form does not say which arguments it reads";
	if (reads > nargs)
		return "it reads more arguments than the tracepoint has here";
	return NULL;
}

bool select_is_raw_tp_twin(const struct bpf_program *prog)
{
	return is_twin(bpf_program__name(prog)) &&
	       !strncmp(bpf_program__section_name(prog), "tp_btf/", 7);
}

/* verify: the twin loads wherever it could run */
void select_raw_tp_verifiable(struct bcc2core_runtime *rt, struct kernel_btf *kb,
			      struct bpf_program *twin)
{
	const char *event = strchr(bpf_program__section_name(twin), '/') + 1, *why;

	why = twin_blocker(rt, kb, twin, kernel_tracepoint_args(kb, event));
	if (why)
		select_skip(rt, twin, why);
}

int select_raw_tp(struct bcc2core_runtime *rt, struct kernel_btf *kb, struct bpf_program *prog)
{
	const char *name = bpf_program__name(prog), *sec = bpf_program__section_name(prog);
	const char *event = raw_tp_event(sec), *why;
	struct bpf_program *twin = find_twin(rt->obj, name), *chosen = prog;
	int nargs;

	if (!event || !*event)
		return 0;	/* SEC("raw_tp"): attached by whoever owns it */
	nargs = kernel_tracepoint_args(kb, event);
	if (kernel_btf__get(kb) && nargs < 0 && !tracefs_has_event(event)) {
		select_skip(rt, prog, "its tracepoint is not on this kernel");
		if (twin)
			select_skip(rt, twin, "its tracepoint is not on this kernel");
		if (rt->strict) {
			pr_warn("%s (%s): tracepoint %s is not on this kernel\n", name, sec, event);
			return -ENOENT;
		}
		pr_warn("warning: %s (%s) will not run: tracepoint %s is not on this kernel; "
			"continuing without it\n", name, sec, event);
		return 0;
	}
	if (!twin) {
		pr_info("%s: %s (%s): the rewriter made no tp_btf form of it "
			"(`bcc2core -d convert` says why)\n", name, name, sec);
		return 0;
	}
	if (nargs >= 0 && twin_args_read(rt->obj, twin) > nargs) {
		/* raw_tp would be refused at attach for the same reason */
		select_skip(rt, prog, "it reads more arguments than the tracepoint has here");
		select_skip(rt, twin, "it reads more arguments than the tracepoint has here");
		if (rt->strict) {
			pr_warn("%s (%s): reads %d arguments of tracepoint %s, which has %d here\n",
				name, sec, twin_args_read(rt->obj, twin), event, nargs);
			return -EINVAL;
		}
		pr_warn("warning: %s (%s) will not run: it reads %d arguments of tracepoint %s, "
			"which has %d here; continuing without it\n", name, sec,
			twin_args_read(rt->obj, twin), event, nargs);
		return 0;
	}
	why = twin_blocker(rt, kb, twin, nargs);
	if (!why) {
		chosen = twin;
		why = "the kernel's BTF has the tracepoint";
	}
	select_skip(rt, chosen == twin ? prog : twin, "another form of it runs here");
	pr_info("%s: %s (%s): %s\n", name, bpf_program__name(chosen),
		bpf_program__section_name(chosen), why);
	return 0;
}

bool select_raw_tp_twin_chosen(struct bcc2core_runtime *rt)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, rt->obj)
		if (select_is_raw_tp_twin(prog) && bpf_program__autoload(prog))
			return true;
	return false;
}
