// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Raw tracepoints: the raw_tp form NAME or its tp_btf twin NAME__tp_btf;
 * tracepoints: the tracepoint form NAME or its tp_btf twin, which fills the
 * record's fields its body reads from the tracepoint's arguments (the
 * rewriter's tp_record_twin.c). The same choice for both:
 *
 * tp_btf where it can load: the kernel has its own BTF (a tp_btf program is
 * bound at load to the kernel's btf_trace_<event> type; --btf or a bundled
 * min-BTF only serve CO-RE), the tracepoint is in it (vmlinux or a module)
 * and has at least the arguments the body reads (the twin's decl tag
 * "bcc2core:args_read=N"). Else raw_tp, which needs no BTF. A tracepoint the
 * kernel's BTF and tracefs both lack is missing: neither form runs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bcc2core/object_format.h"
#include "internal.h"

/* raw_tracepoint/EV or raw_tp/EV -> EV, else NULL */
static const char *raw_tp_event(const char *sec)
{
	if (bcc2core_sec__is(sec, "raw_tracepoint") || bcc2core_sec__is(sec, "raw_tp"))
		return bcc2core_sec__target(sec);
	return NULL;
}

static struct bpf_program *find_twin(struct bpf_object *obj, const char *name)
{
	char twin[256];

	if (bcc2core_form__name(twin, sizeof(twin), name, BCC2CORE_FORM_TP_BTF))
		return NULL;
	return bpf_object__find_program_by_name(obj, twin);
}

/* Why the twin cannot load here, or NULL if it can (@raw: the twin of a
 * raw tracepoint, else of a tracepoint; @event its tracepoint). */
static const char *twin_blocker(struct bcc2core_runtime *rt, struct bpf_program *twin,
				const char *event, int nargs, bool raw)
{
	int reads = prog_tag_int(rt, twin, BCC2CORE_TAG_ARGS_READ);
	const char *kinds = prog_tag_str(rt, twin, BCC2CORE_TAG_TP_ARGS);

	if (rt->no_tp_btf && rt->borrowed)
		return raw ? "the application's object: raw_tp (it cannot be reopened with raw_tp "
			     "if the verifier refused tp_btf)"
			   : "the application's object: tracepoint (it cannot be reopened with the "
			     "tracepoint form if the verifier refused tp_btf)";
	if (rt->no_tp_btf)
		return raw ? "the verifier refused the tp_btf forms, raw_tp loaded instead"
			   : "the verifier refused the tp_btf forms, the tracepoint form loaded "
			     "instead";
	if (!kernel__btf_path(&rt->kernel))
		return "no kernel BTF (tp_btf needs the kernel's own)";
	if (nargs < 0)
		return "its tracepoint is not in the kernel's BTF";
	if (reads < 0)
		return "its tp_btf form does not say which arguments it reads";
	if (reads > nargs)
		return "it reads more arguments than the tracepoint has here";
	/* a tracepoint's form reads its record's fields from arguments at
	 * the places, of the types, the build kernel's had */
	if (kinds && kernel__tracepoint_args_are(&rt->kernel, event, kinds) != 1)
		return "the tracepoint's arguments are not those its tp_btf form reads "
		       "them from";
	return NULL;
}

/* A tracepoint program NAME with a twin: the twin where it can load (the
 * tracepoint form is the fallback: no kernel BTF, a refused tp_btf form);
 * whether the tracepoint exists is the tracepoint form's usual question,
 * asked at attach. */
void select_tp_btf_record(struct bcc2core_runtime *rt, struct bpf_program *prog)
{
	const char *name = bpf_program__name(prog), *target;
	struct bpf_program *twin = find_twin(rt->obj, name), *chosen = prog;
	const char *event, *why;

	target = bcc2core_sec__target(bpf_program__section_name(prog));
	event = target ? strrchr(target, '/') : NULL;
	if (!twin || !event)
		return;
	why = twin_blocker(rt, twin, event + 1, kernel__tracepoint_args(&rt->kernel, event + 1),
			   false);
	if (!why) {
		chosen = twin;
		why = "the kernel's BTF has the tracepoint";
	}
	prog_skips__add(&rt->skips, chosen == twin ? prog : twin, "another form of it runs here");
	pr_info("%s: %s (%s): %s\n", name, bpf_program__name(chosen),
		bpf_program__section_name(chosen), why);
}

bool select_is_tp_btf_twin(const struct bpf_program *prog)
{
	return bcc2core_form__of(bpf_program__name(prog), NULL) == BCC2CORE_FORM_TP_BTF &&
	       bcc2core_sec__is(bpf_program__section_name(prog), "tp_btf");
}

/* verify: the twin loads wherever it could run */
void select_tp_btf_verifiable(struct bcc2core_runtime *rt, struct bpf_program *twin)
{
	const char *event = bcc2core_sec__target(bpf_program__section_name(twin)), *why;
	const char *name = bpf_program__name(twin);
	struct bpf_program *primary;
	char base[256];
	size_t len;

	bcc2core_form__of(name, &len);
	snprintf(base, sizeof(base), "%.*s", (int)len, name);
	primary = bpf_object__find_program_by_name(rt->obj, base);
	why = twin_blocker(rt, twin, event, event ? kernel__tracepoint_args(&rt->kernel, event) : -1,
			   !primary || raw_tp_event(bpf_program__section_name(primary)));
	if (why)
		prog_skips__add(&rt->skips, twin, why);
}

int select_tp_btf_raw(struct bcc2core_runtime *rt, struct bpf_program *prog)
{
	const char *name = bpf_program__name(prog), *sec = bpf_program__section_name(prog);
	const char *event = raw_tp_event(sec), *why;
	struct bpf_program *twin = find_twin(rt->obj, name), *chosen = prog;
	int nargs;

	if (!event || !*event)
		return 0;	/* SEC("raw_tp"): attached by whoever owns it */
	nargs = kernel__tracepoint_args(&rt->kernel, event);
	if (kernel__btf_path(&rt->kernel) && nargs < 0 && !kernel__has_event(&rt->kernel, event)) {
		prog_skips__add(&rt->skips, prog, "its tracepoint is not on this kernel");
		if (twin)
			prog_skips__add(&rt->skips, twin, "its tracepoint is not on this kernel");
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
	if (nargs >= 0 && prog_tag_int(rt, twin, BCC2CORE_TAG_ARGS_READ) > nargs) {
		/* raw_tp would be refused at attach for the same reason */
		prog_skips__add(&rt->skips, prog, "it reads more arguments than the tracepoint has here");
		prog_skips__add(&rt->skips, twin, "it reads more arguments than the tracepoint has here");
		if (rt->strict) {
			pr_warn("%s (%s): reads %d arguments of tracepoint %s, which has %d here\n",
				name, sec, prog_tag_int(rt, twin, BCC2CORE_TAG_ARGS_READ), event, nargs);
			return -EINVAL;
		}
		pr_warn("warning: %s (%s) will not run: it reads %d arguments of tracepoint %s, "
			"which has %d here; continuing without it\n", name, sec,
			prog_tag_int(rt, twin, BCC2CORE_TAG_ARGS_READ), event, nargs);
		return 0;
	}
	why = twin_blocker(rt, twin, event, nargs, true);
	if (!why) {
		chosen = twin;
		why = "the kernel's BTF has the tracepoint";
	}
	prog_skips__add(&rt->skips, chosen == twin ? prog : twin, "another form of it runs here");
	pr_info("%s: %s (%s): %s\n", name, bpf_program__name(chosen),
		bpf_program__section_name(chosen), why);
	return 0;
}
