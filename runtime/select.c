// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Which form of each program this kernel gets, decided before load.
 *
 * The rewriter emits alternates next to a program NAME: NAME__tp (a syscall
 * tracepoint for ksyscall/kretsyscall), NAME__fentry / NAME__fexit (for
 * kprobe/kretprobe). Per group, the first form the kernel can take wins:
 * the BCC form (kprobe) when kprobes exist and the target is there, else
 * fentry/fexit when the kernel allows BTF trampolines, else the tracepoint.
 * Raw tracepoints have a NAME__tp_btf twin (select_raw_tp.c). The others
 * are not loaded. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "internal.h"

static const char *const suffixes[] = { "__tp", "__fentry", "__fexit", "__kprobe", "__kretprobe",
					"__kentry", "__tp_btf" };

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

/* The kernel's own BTF, loaded once per decision (fentry/LSM targets,
 * tp_btf tracepoints); NULL where the kernel has none. */
struct btf *kernel_btf__get(struct kernel_btf *kb)
{
	const char *path = kernel_btf_path();

	if (!kb->tried) {
		kb->btf = path ? btf__parse(path, NULL) : NULL;
		kb->tried = true;
	}
	return kb->btf;
}

static __s32 btf_func_id(struct kernel_btf *kb, const char *func)
{
	struct btf *btf = kernel_btf__get(kb);

	return btf ? btf__find_by_name_kind(btf, func, BTF_KIND_FUNC) : -ENOENT;
}

/* Does the kernel take BTF trampolines at all? Some refuse every fentry
 * program (EPERM): load a two-instruction one on a function it has. */
static bool trampolines_available(struct kernel_btf *kb, const char *func)
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

	for (int i = 0; probes[i] && id < 0; i++)
		id = btf_func_id(kb, probes[i]);
	if (id < 0 && func)
		id = btf_func_id(kb, func);
	if (id < 0)
		return false;
	opts.attach_btf_id = id;
	fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "bcc2core_probe", "GPL", insns, 2, &opts);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* The BTF function a BTF-typed section attaches to, or NULL (none/module). */
static const char *btf_target(const char *sec, char *buf, size_t size)
{
	const char *t = strchr(sec, '/');

	if (!t || strchr(t, ':'))
		return NULL;	/* module targets are resolved by libbpf */
	if (!strncmp(sec, "lsm/", 4))
		snprintf(buf, size, "bpf_lsm_%s", t + 1);
	else
		snprintf(buf, size, "%s", t + 1);
	return buf;
}

static bool btf_typed(const char *sec)
{
	return !strncmp(sec, "fentry/", 7) || !strncmp(sec, "fexit/", 6) ||
	       !strncmp(sec, "fmod_ret/", 9) || !strncmp(sec, "lsm/", 4);
}

void select_skip(struct bcc2core_runtime *rt, struct bpf_program *prog, const char *why)
{
	struct prog_skip *p = realloc(rt->skips, (rt->skip_cnt + 1) * sizeof(*p));

	bpf_program__set_autoload(prog, false);
	if (!p)
		return;
	rt->skips = p;
	p[rt->skip_cnt].prog = prog;
	p[rt->skip_cnt++].why = why;
}

/* A BTF-typed program runs only if trampolines work and its target is in
 * the kernel's BTF (not inlined, not renamed .isra.0). NULL: it can. */
static const char *btf_program_blocker(struct kernel_btf *kb, int *trampolines, const char *sec)
{
	char buf[256];
	const char *target = btf_target(sec, buf, sizeof(buf));

	if (target && btf_func_id(kb, target) < 0)
		return "its target is not in the kernel's BTF (inlined or renamed here)";
	/* run the kprobe forms even where trampolines work (a kernel whose
	 * fentry misbehaves; the guest tests run the kprobe forms with it) */
	if (getenv("BCC2CORE_NO_TRAMPOLINES"))
		return "BTF trampolines turned off (BCC2CORE_NO_TRAMPOLINES)";
	if (*trampolines < 0)
		*trampolines = trampolines_available(kb, target);
	if (!*trampolines)
		return "this kernel refuses BTF trampolines";
	return NULL;
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
static int select_verifiable(struct bcc2core_runtime *rt, struct kernel_btf *kb)
{
	struct bpf_program *prog;
	int trampolines = -1;

	bpf_object__for_each_program(prog, rt->obj) {
		const char *sec = bpf_program__section_name(prog), *why;

		if (btf_typed(sec) && (why = btf_program_blocker(kb, &trampolines, sec)))
			select_skip(rt, prog, why);
		else if (select_is_raw_tp_twin(prog))
			select_raw_tp_verifiable(rt, kb, prog);
	}
	return 0;
}

static int select_all(struct bcc2core_runtime *rt, struct kernel_btf *kb)
{
	struct bpf_program *prog;
	int kprobes = -1, trampolines = -1, err = 0;

	bpf_object__for_each_program(prog, rt->obj) {
		const char *name = bpf_program__name(prog), *sec = bpf_program__section_name(prog);
		struct bpf_program *tp, *fe, *chosen = NULL;
		const char *why = "", *blocker;
		bool kprobe_kind = !strncmp(sec, "kprobe/", 7) || !strncmp(sec, "kretprobe/", 10) ||
				   !strncmp(sec, "ksyscall/", 9) || !strncmp(sec, "kretsyscall/", 12);

		if (is_alternate(name))
			continue;
		if (!strncmp(sec, "raw_tracepoint/", 15) || !strncmp(sec, "raw_tp/", 7)) {
			int e = select_raw_tp(rt, kb, prog);

			err = err ?: e;
			continue;
		}
		if (btf_typed(sec)) {
			/* KFUNC_PROBE/KRETFUNC_PROBE: their kprobe form where
			 * trampolines cannot be had; LSM_PROBE has no other */
			struct bpf_program *kp = find_alt(rt->obj, name, "__kprobe");
			/* a kretprobe form that reads arguments comes with the
			 * kprobe that saves them on entry: the two go together */
			struct bpf_program *ke = find_alt(rt->obj, name, "__kentry");

			if (!kp)
				kp = find_alt(rt->obj, name, "__kretprobe");
			blocker = btf_program_blocker(kb, &trampolines, sec);
			if (!blocker) {
				if (kp)
					select_skip(rt, kp, "another form of it runs here");
				if (ke)
					select_skip(rt, ke, "another form of it runs here");
				continue;
			}
			select_skip(rt, prog, blocker);
			if (kp) {
				if (kprobes < 0)
					kprobes = kprobes_available();
				if (kprobes && kprobe_target_exists(strchr(sec, '/') + 1)) {
					pr_info("%s: %s (%s)%s%s: %s\n", name, bpf_program__name(kp),
						bpf_program__section_name(kp), ke ? " with " : "",
						ke ? bpf_program__name(ke) : "", blocker);
					continue;
				}
				select_skip(rt, kp, kprobes ? "kprobe target not found"
							 : "no kprobes on this kernel");
				if (ke)
					select_skip(rt, ke, "its kretprobe form does not run here");
			}
			if (rt->strict) {
				pr_warn("%s (%s): cannot run here: %s\n", name, sec, blocker);
				err = -EOPNOTSUPP;
			} else {
				pr_warn("warning: %s (%s) will not run: %s; continuing without it\n",
					name, sec, blocker);
			}
			continue;
		}
		if (!kprobe_kind)
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
				blocker = btf_program_blocker(kb, &trampolines,
							      bpf_program__section_name(fe));
				if (!blocker)
					chosen = fe;
				else
					why = kprobes ? "kprobe target not found, no fentry form"
						      : "no kprobes, no fentry form";
			}
			if (!chosen && tp && tracepoint_available(bpf_program__section_name(tp)))
				chosen = tp;
		}
		if (chosen != prog)
			select_skip(rt, prog, "another form of it runs here");
		if (tp && chosen != tp)
			select_skip(rt, tp, "another form of it runs here");
		if (fe && chosen != fe)
			select_skip(rt, fe, "another form of it runs here");
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

int select_variants(struct bcc2core_runtime *rt)
{
	struct kernel_btf kb = {};
	int err = rt->verify_all ? select_verifiable(rt, &kb) : select_all(rt, &kb);

	btf__free(kb.btf);
	return err;
}
