// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Which form of each program this kernel gets, decided before load.
 *
 * The rewriter emits alternates next to a program NAME: NAME__tp (a syscall
 * tracepoint for ksyscall/kretsyscall), NAME__fentry / NAME__fexit (for
 * kprobe/kretprobe). Per group, the first form the kernel can take wins:
 * the BCC form (kprobe) when kprobes exist and the target is there, else
 * fentry/fexit when the kernel allows BTF trampolines, else the tracepoint.
 * The others are not loaded. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "internal.h"

static const char *const suffixes[] = { "__tp", "__fentry", "__fexit" };

static const char *tracefs(void)
{
	return access("/sys/kernel/tracing/events", F_OK) == 0 ? "/sys/kernel/tracing"
							       : "/sys/kernel/debug/tracing";
}

static bool kprobes_available(void)
{
	char path[256];

	if (access("/sys/bus/event_source/devices/kprobe/type", F_OK) == 0)
		return true;
	snprintf(path, sizeof(path), "%s/kprobe_events", tracefs());
	return access(path, F_OK) == 0;
}

/* fentry/fexit need BTF trampolines, and some kernels refuse them (EPERM):
 * load a two-instruction fentry program on @func and see. */
static bool fentry_available(const char *func)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_FENTRY);
	struct btf *vmlinux = btf__load_vmlinux_btf();
	__s32 id;
	int fd;

	if (!vmlinux)
		return false;
	id = btf__find_by_name_kind(vmlinux, func, BTF_KIND_FUNC);
	btf__free(vmlinux);
	if (id < 0)
		return false;
	opts.attach_btf_id = id;
	fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "bcc2core_probe", "GPL", insns, 2, &opts);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

static bool tracepoint_available(const char *sec)
{
	/* tracepoint/CAT/EVENT */
	char path[512];
	const char *t = strchr(sec, '/');

	if (!t)
		return false;
	snprintf(path, sizeof(path), "%s/events/%s", tracefs(), t + 1);
	return access(path, F_OK) == 0;
}

/* Is @func a kprobe target here (traceable, not inlined away)? */
static bool kprobe_target_exists(const char *func)
{
	char path[256], line[512];
	size_t n = strlen(func);
	bool found = false;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/available_filter_functions", tracefs());
	fp = fopen(path, "re");
	if (!fp)
		return true;	/* cannot tell: let attach decide */
	while (!found && fgets(line, sizeof(line), fp))
		found = !strncmp(line, func, n) && (line[n] == '\n' || line[n] == ' ');
	fclose(fp);
	return found;
}

static struct bpf_program *find_alt(struct bpf_object *obj, const char *name, const char *suffix)
{
	char alt[256];

	snprintf(alt, sizeof(alt), "%s%s", name, suffix);
	return bpf_object__find_program_by_name(obj, alt);
}

static bool is_alternate(const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t s = strlen(suffixes[i]);

		if (n > s && !strcmp(name + n - s, suffixes[i]))
			return true;
	}
	return false;
}

/* verify: every form the kernel will load, whatever attaches */
static int select_verifiable(struct bcc2core_runtime *rt)
{
	struct bpf_program *prog;
	int fentry = -1;

	bpf_object__for_each_program(prog, rt->obj) {
		const char *sec = bpf_program__section_name(prog);

		if (strncmp(sec, "fentry/", 7) && strncmp(sec, "fexit/", 6) &&
		    strncmp(sec, "lsm/", 4) && strncmp(sec, "fmod_ret/", 9))
			continue;
		if (fentry < 0)
			fentry = fentry_available(strchr(sec, '/') + 1);
		bpf_program__set_autoload(prog, fentry);
	}
	return 0;
}

int select_variants(struct bcc2core_runtime *rt)
{
	struct bpf_program *prog;
	int kprobes = -1, fentry = -1, err = 0;

	if (rt->verify_all)
		return select_verifiable(rt);
	bpf_object__for_each_program(prog, rt->obj) {
		const char *name = bpf_program__name(prog), *sec = bpf_program__section_name(prog);
		struct bpf_program *tp, *fe, *chosen = NULL;
		const char *why = "";
		bool kprobe_kind = !strncmp(sec, "kprobe/", 7) || !strncmp(sec, "kretprobe/", 10) ||
				   !strncmp(sec, "ksyscall/", 9) || !strncmp(sec, "kretsyscall/", 12);

		if (is_alternate(name) || !kprobe_kind)
			continue;
		tp = find_alt(rt->obj, name, "__tp");
		fe = find_alt(rt->obj, name, "__fentry");
		if (!fe)
			fe = find_alt(rt->obj, name, "__fexit");
		if (kprobes < 0)
			kprobes = kprobes_available();
		if (kprobes && (!strncmp(sec, "ksyscall/", 9) || !strncmp(sec, "kretsyscall/", 12) ||
				kprobe_target_exists(strchr(sec, '/') + 1))) {
			chosen = prog;
			why = "kprobes available";
		} else {
			why = kprobes ? "kprobe target not found" : "no kprobes on this kernel";
			if (fe) {
				if (fentry < 0)
					fentry = fentry_available(strchr(bpf_program__section_name(fe), '/') + 1);
				if (fentry) {
					chosen = fe;
				} else {
					why = kprobes ? "kprobe target not found, fentry refused"
						      : "no kprobes, fentry refused";
				}
			}
			if (!chosen && tp && tracepoint_available(bpf_program__section_name(tp)))
				chosen = tp;
		}
		bpf_program__set_autoload(prog, chosen == prog);
		if (tp)
			bpf_program__set_autoload(tp, chosen == tp);
		if (fe)
			bpf_program__set_autoload(fe, chosen == fe);
		if (chosen) {
			pr_info("%s: %s (%s): %s\n", name, bpf_program__name(chosen),
				bpf_program__section_name(chosen), why);
		} else if (rt->strict) {
			pr_warn("%s (%s): cannot attach here: %s, and no alternate form fits\n",
				name, sec, why);
			err = -EOPNOTSUPP;
		} else {
			pr_warn("warning: %s (%s) will not run: %s, and no alternate form fits; "
				"continuing without it\n", name, sec, why);
		}
	}
	return err;
}
