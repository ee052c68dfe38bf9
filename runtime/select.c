// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Which form of each program this kernel gets, decided before load.
 *
 * The rewriter emits alternates next to a program NAME: NAME__tp (a syscall
 * tracepoint for ksyscall/kretsyscall), NAME__fentry / NAME__fexit (for
 * kprobe/kretprobe). Per group, the first form the kernel can take wins:
 * fentry/fexit where the kernel takes a trampoline on the function (the
 * cheaper: trampoline_first()), else the BCC form (kprobe) when kprobes
 * exist and the target is there, else fentry/fexit where trampolines work
 * at all, else the tracepoint (where the syscall, or another it is
 * attached to too, has one). A
 * syscalls:sys_enter_X tracepoint program may have a NAME__fentry form on
 * X's function, chosen where trampolines work there.
 * Raw tracepoints, and tracepoints on some events, have a NAME__tp_btf
 * twin (select_tp_btf.c). The others
 * are not loaded. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bcc2core/object_format.h"
#include "internal.h"

/* The BTF function a BTF-typed section attaches to, or NULL (none/module). */
static const char *btf_target(const char *sec, char *buf, size_t size)
{
	const char *t = bcc2core_sec__target(sec);

	if (!t || strchr(t, ':'))
		return NULL;	/* module targets are resolved by libbpf */
	if (bcc2core_sec__is(sec, "lsm"))
		snprintf(buf, size, "bpf_lsm_%s", t);
	else
		snprintf(buf, size, "%s", t);
	return buf;
}

static bool btf_typed(const char *sec)
{
	return bcc2core_sec__is(sec, "fentry") || bcc2core_sec__is(sec, "fexit") ||
	       bcc2core_sec__is(sec, "fmod_ret") || bcc2core_sec__is(sec, "lsm");
}

/* A BTF-typed program runs only if trampolines work and its target is in
 * the kernel's BTF (not inlined, not renamed .isra.0). NULL: it can. */
static const char *btf_program_blocker(struct kernel *k, const char *sec)
{
	char buf[256];

	return kernel__trampoline_blocker(k, btf_target(sec, buf, sizeof(buf)));
}

/* A kretprobe's fexit form reads the return value from the slot after its
 * function's arguments, as many as the kernel it was built against had
 * (bcc2core:ret_slot=N): where the function takes another number, that
 * slot is another value (inet_csk_accept: 2 on 6.18, 4 on 6.1) */
static const char *ret_slot_blocker(struct bcc2core_runtime *rt, const struct bpf_program *prog)
{
	int built = prog_tag_int(rt, prog, BCC2CORE_TAG_RET_SLOT), params;
	char buf[256];
	const char *fn;

	if (built < 0 || !(fn = btf_target(bpf_program__section_name(prog), buf, sizeof(buf))) ||
	    (params = kernel__func_fact(&rt->kernel, fn, KERNEL_FUNC_PARAMS)) < 0)
		return NULL;	/* none to check: the trampoline's own blocker says */
	if (params == built || params == 99)	/* 99: no prototype to tell */
		return NULL;
	return "its function takes another number of arguments here than where it was built";
}

/* Why BTF-typed form @prog cannot load here, or NULL */
static const char *form_blocker(struct bcc2core_runtime *rt, const struct bpf_program *prog)
{
	const char *why = btf_program_blocker(&rt->kernel, bpf_program__section_name(prog));

	return why ?: ret_slot_blocker(rt, prog);
}

static struct bpf_program *find_form(struct bpf_object *obj, const char *name,
				     enum bcc2core_prog_form form)
{
	char alt[256];

	if (bcc2core_form__name(alt, sizeof(alt), name, form))
		return NULL;
	return bpf_object__find_program_by_name(obj, alt);
}

bool select_trampoline_replaceable(struct bcc2core_runtime *rt, const struct bpf_program *prog)
{
	return sec_is_trampoline(bpf_program__section_name(prog)) &&
	       (prog_has_tag(rt, prog, BCC2CORE_TAG_BTF_ARG_READS) ||
		(prog_has_tag(rt, prog, BCC2CORE_TAG_KPROBE_FREE) && kernel__kprobes(&rt->kernel)));
}

/* A kprobe (kretprobe) program's fentry (fexit) form runs first wherever
 * the kernel takes it, kprobes or not: a trampoline calls the program
 * directly, where a kprobe goes through ftrace's handler, a pt_regs and
 * perf's dispatch, and a kretprobe hijacks the return too (kprobe_unlink,
 * in all on a 6.1 guest: 0.87x BCC's with one of its three programs as
 * fentry, 0.69x with all three). Only a form the rewriter found to need
 * nothing of a kprobe (tagged kprobe_free, or btf_arg_reads: not one that
 * walks the kprobe's stack); not for a program a tool attaches to several
 * functions (a form bound to one at load), nor where the kernel could
 * refuse the trampoline at attach when the kprobe would run: more
 * arguments than the trampoline saves. (A function ftrace does not list
 * takes no kprobe either: its fentry form runs there all the same, below,
 * so available_filter_functions is not read for it.) */
static bool trampoline_first(struct bcc2core_runtime *rt, const struct bpf_program *prog,
			     const struct bpf_program *fe)
{
	const char *target = bcc2core_sec__target(bpf_program__section_name(fe));

	return !rt->no_btf_arg_forms && target && !strchr(target, ':') &&
	       (prog_has_tag(rt, fe, BCC2CORE_TAG_KPROBE_FREE) ||
		prog_has_tag(rt, fe, BCC2CORE_TAG_BTF_ARG_READS)) &&
	       !prog_has_also(rt, prog) && !form_blocker(rt, fe) &&
	       kernel__trampoline_args_fit(&rt->kernel, target);
}

/* A syscalls:sys_enter_X program's fentry form (the rewriter's
 * syscall_tp_fentry.c) where the kernel takes a trampoline on X's function:
 * it costs that syscall alone, where the tracepoint slows every syscall.
 * True: chosen. */
static bool select_syscall_fentry(struct bcc2core_runtime *rt, struct bpf_program *prog)
{
	const char *name = bpf_program__name(prog);
	struct bpf_program *fe = find_form(rt->obj, name, BCC2CORE_FORM_FENTRY);
	const char *why;

	if (!fe)
		return false;
	if (rt->no_btf_arg_forms && rt->borrowed)
		why = "the application's object: the other form (it cannot be reopened without "
		      "its fentry forms if the verifier refused one)";
	else if (rt->no_btf_arg_forms)
		why = "the verifier refused a fentry form, the other forms loaded instead";
	else
		why = form_blocker(rt, fe);
	if (why) {
		prog_skips__add(&rt->skips, fe, why);
		pr_info("%s: %s (%s): its fentry form does not run here: %s\n", name, name,
			bpf_program__section_name(prog), why);
		return false;
	}
	prog_skips__add(&rt->skips, prog, "another form of it runs here");
	pr_info("%s: %s (%s): the kernel takes BTF trampolines on its syscall's function\n",
		name, bpf_program__name(fe), bpf_program__section_name(fe));
	return true;
}

/* verify: every form the kernel will load, whatever attaches */
static int select_verifiable(struct bcc2core_runtime *rt)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, rt->obj) {
		const char *sec = bpf_program__section_name(prog), *why;

		/* a fentry form the verifier refused is not left out on the
		 * reload: verify fails, as it is there to find such forms */
		if (btf_typed(sec) && (why = form_blocker(rt, prog)))
			prog_skips__add(&rt->skips, prog, why);
		else if (select_is_tp_btf_twin(prog))
			select_tp_btf_verifiable(rt, prog);
	}
	return 0;
}

static int select_all(struct bcc2core_runtime *rt)
{
	struct kernel *k = &rt->kernel;
	struct bpf_program *prog;
	int err = 0;

	bpf_object__for_each_program(prog, rt->obj) {
		const char *name = bpf_program__name(prog), *sec = bpf_program__section_name(prog);
		struct bpf_program *tp, *fe, *chosen = NULL;
		const char *why = "", *blocker;
		bool arg_reads, syscall = bcc2core_sec__is(sec, "ksyscall") ||
			       bcc2core_sec__is(sec, "kretsyscall");
		bool kprobe_kind = syscall || bcc2core_sec__is(sec, "kprobe") ||
				   bcc2core_sec__is(sec, "kretprobe");

		if (bcc2core_form__of(name, NULL) != BCC2CORE_FORM_PRIMARY)
			continue;
		if (bcc2core_sec__is(sec, "raw_tracepoint") || bcc2core_sec__is(sec, "raw_tp")) {
			int e = select_tp_btf_raw(rt, prog);

			err = err ?: e;
			continue;
		}
		if (bcc2core_sec__is(sec, "tracepoint") || bcc2core_sec__is(sec, "tp")) {
			if (!select_syscall_fentry(rt, prog))
				select_tp_btf_record(rt, prog);
			continue;
		}
		if (btf_typed(sec)) {
			/* KFUNC_PROBE/KRETFUNC_PROBE: their kprobe form where
			 * trampolines cannot be had; LSM_PROBE has no other */
			struct bpf_program *kp = find_form(rt->obj, name, BCC2CORE_FORM_KPROBE);
			/* a kretprobe form that reads arguments comes with the
			 * kprobe that saves them on entry: the two go together */
			struct bpf_program *ke = find_form(rt->obj, name, BCC2CORE_FORM_KENTRY);
			const char *target = bcc2core_sec__target(sec);

			if (!kp)
				kp = find_form(rt->obj, name, BCC2CORE_FORM_KRETPROBE);
			blocker = btf_program_blocker(k, sec);
			if (!blocker) {
				if (kp)
					prog_skips__add(&rt->skips, kp, "another form of it runs here");
				if (ke)
					prog_skips__add(&rt->skips, ke, "another form of it runs here");
				continue;
			}
			prog_skips__add(&rt->skips, prog, blocker);
			if (kp) {
				if (kernel__kprobes(k) && target && kernel__kprobe_target_exists(k, target)) {
					pr_info("%s: %s (%s)%s%s: %s\n", name, bpf_program__name(kp),
						bpf_program__section_name(kp), ke ? " with " : "",
						ke ? bpf_program__name(ke) : "", blocker);
					continue;
				}
				prog_skips__add(&rt->skips, kp, kernel__kprobes(k)
						? "kprobe target not found" : "no kprobes on this kernel");
				if (ke)
					prog_skips__add(&rt->skips, ke,
							"its kretprobe form does not run here");
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
		tp = find_form(rt->obj, name, BCC2CORE_FORM_TP);
		fe = find_form(rt->obj, name, BCC2CORE_FORM_FENTRY);
		if (!fe)
			fe = find_form(rt->obj, name, BCC2CORE_FORM_FEXIT);
		arg_reads = fe && prog_has_tag(rt, fe, BCC2CORE_TAG_BTF_ARG_READS);
		if (fe && trampoline_first(rt, prog, fe)) {
			/* and it may load the arguments' (return value's) fields
			 * where the kprobe probe-reads them */
			chosen = fe;
			why = !arg_reads ? "a trampoline costs less than a kprobe"
			      : bcc2core_sec__is(bpf_program__section_name(fe), "fexit")
			      ? "its fexit form reads the return value directly"
			      : "its fentry form reads the arguments directly";
		} else if (kernel__kprobes(k) && (syscall || !bcc2core_sec__target(sec) ||
						  kernel__kprobe_target_exists(k,
									bcc2core_sec__target(sec)))) {
			chosen = prog;
			why = "kprobes available";
		} else {
			why = kernel__kprobes(k) ? "kprobe target not found" : "no kprobes on this kernel";
			/* not the form the verifier refused this load (runtime.c) */
			if (fe && !(rt->no_btf_arg_forms && select_trampoline_replaceable(rt, fe))) {
				blocker = form_blocker(rt, fe);
				if (!blocker)
					chosen = fe;
				else
					why = kernel__kprobes(k) ? "kprobe target not found, no fentry form"
								 : "no kprobes, no fentry form";
			}
			/* its own syscall's tracepoint, or another's it also
			 * attaches to: statsnoop's stat has none on x86_64 */
			if (!chosen && tp && syscall_tp_here(rt, tp))
				chosen = tp;
			/* none of its syscalls has one (statsnoop's stat_entry,
			 * for stat alone): it never runs there, but the tool
			 * may go on to attach it to another syscall (statfs),
			 * so it loads where syscall tracepoints exist, as a
			 * kprobe program does for another function below */
			if (!chosen && tp && !rt->strict && kernel__has_tracepoint(k, "syscalls")) {
				chosen = tp;
				why = "no tracepoint for its syscalls here; loaded for an attach to "
				      "another syscall";
			}
			/* a kprobe program does not name its function when it
			 * loads: a tool that tries one target and then another
			 * (fileslower: __vfs_read, else vfs_read) attaches it
			 * elsewhere, so it loads where kprobes exist */
			if (!chosen && kernel__kprobes(k) && !rt->strict) {
				chosen = prog;
				why = "kprobe target not found; loaded for an attach to another "
				      "function";
			}
		}
		if (chosen != prog)
			prog_skips__add(&rt->skips, prog, "another form of it runs here");
		if (tp && chosen != tp)
			prog_skips__add(&rt->skips, tp, "another form of it runs here");
		if (fe && chosen != fe)
			prog_skips__add(&rt->skips, fe, "another form of it runs here");
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
	int err = rt->verify_all ? select_verifiable(rt) : select_all(rt);

	/* the kernel's parsed BTF is megabytes: not kept past the decision */
	kernel__release(&rt->kernel);
	return err;
}
