// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A program a BCC tool attached to several targets (opensnoop's
 * trace_return on open, openat and openat2): the object names the first in
 * SEC() and the others in "bcc2core:also=SEC" decl tags; attach the form
 * that runs here to each, translated to that form's kind. A syscall's
 * tracepoint form skips the syscalls this kernel has no tracepoint for
 * (statsnoop's stat on x86_64, whose table entry is newstat) and runs
 * where one of its syscalls has one. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bcc2core/object_format.h"
#include "internal.h"

/* the also= tags of a program's primary form (the tags are on it, not on
 * NAME__tp) */
struct also_iter {
	const struct btf *btf;
	__s32 fn;
	__u32 pos;
};

static void also_iter__init(struct also_iter *it, const struct bcc2core_runtime *rt,
			    const struct bpf_program *prog)
{
	char primary[256];
	size_t base;

	bcc2core_form__of(bpf_program__name(prog), &base);
	snprintf(primary, sizeof(primary), "%.*s", (int)base, bpf_program__name(prog));
	it->btf = bpf_object__btf(rt->obj);
	it->fn = it->btf ? btf__find_by_name_kind(it->btf, primary, BTF_KIND_FUNC) : -1;
	it->pos = 0;
}

/* the next also= target, or NULL */
static const char *also_iter__next(struct also_iter *it)
{
	enum bcc2core_tag_key key;
	const char *also;

	while (it->fn > 0 && bcc2core_tags__next(it->btf, it->fn, &it->pos, &key, &also))
		if (key == BCC2CORE_TAG_ALSO && also)
			return also;
	return NULL;
}

static bool syscall_tp_form(const struct bpf_program *prog)
{
	return bcc2core_form__of(bpf_program__name(prog), NULL) == BCC2CORE_FORM_TP &&
	       bcc2core_sec__is(bpf_program__section_name(prog), "tracepoint");
}

bool syscall_tp_skip(struct bcc2core_runtime *rt, const struct bpf_program *prog,
		     const char *event)
{
	const char *name;

	if (!syscall_tp_form(prog) || !event || kernel__has_tracepoint(&rt->kernel, event))
		return false;
	name = strchr(event, '/') ? strchr(event, '/') + 1 : event;
	name = !strncmp(name, "sys_enter_", 10) ? name + 10 :
	       !strncmp(name, "sys_exit_", 9) ? name + 9 : name;
	pr_info("%s: skipping %s: syscall %s has no tracepoint on this kernel, so no call "
		"reaches it through the syscall table\n", bpf_program__name(prog), event, name);
	return true;
}

bool syscall_tp_here(struct bcc2core_runtime *rt, const struct bpf_program *prog)
{
	const char *own = bcc2core_sec__target(bpf_program__section_name(prog)), *also;
	struct also_iter it;
	char event[256];

	if (own && kernel__has_tracepoint(&rt->kernel, own))
		return true;
	also_iter__init(&it, rt, prog);
	while ((also = also_iter__next(&it)))
		if (!bcc2core_sec__syscall_tp(event, sizeof(event), also) &&
		    kernel__has_tracepoint(&rt->kernel, event))
			return true;
	return false;
}

bool syscall_tp_nowhere(struct bcc2core_runtime *rt, const struct bpf_program *prog)
{
	return syscall_tp_form(prog) && !syscall_tp_here(rt, prog);
}

bool sec_is_trampoline(const char *sec)
{
	return bcc2core_sec__is(sec, "fentry") || bcc2core_sec__is(sec, "fexit");
}

bool prog_has_also(const struct bcc2core_runtime *rt, const struct bpf_program *prog)
{
	struct also_iter it;

	also_iter__init(&it, rt, prog);
	return also_iter__next(&it) != NULL;
}

bool prog_names_target(const struct bcc2core_runtime *rt, const struct bpf_program *prog,
		       const char *sec)
{
	const struct bpf_program *primary = prog;
	struct bpf_program *p;
	struct also_iter it;
	const char *also;
	size_t base;

	/* the primary form's SEC(): NAME's, not NAME__tp's */
	bcc2core_form__of(bpf_program__name(prog), &base);
	bpf_object__for_each_program(p, rt->obj)
		if (strlen(bpf_program__name(p)) == base &&
		    !strncmp(bpf_program__name(p), bpf_program__name(prog), base))
			primary = p;
	if (!strcmp(bpf_program__section_name(primary), sec))
		return true;
	also_iter__init(&it, rt, prog);
	while ((also = also_iter__next(&it)))
		if (!strcmp(also, sec))
			return true;
	return false;
}

struct bpf_link *attach_to(struct bpf_program *prog, const char *also, int pid)
{
	const char *form = bpf_program__section_name(prog), *t = bcc2core_sec__target(also);
	bool ret = !strncmp(also, "kret", 4) || !strncmp(also, "uret", 4);
	bool syscall = bcc2core_sec__is(also, "ksyscall") || bcc2core_sec__is(also, "kretsyscall");
	char buf[512], *colon;

	errno = EINVAL;	/* for a malformed also= target */
	if (!t)
		return NULL;
	if (!strncmp(form, "tracepoint/syscalls/", 20) && syscall) {
		/* the syscall's tracepoint form: its other syscalls' tracepoints
		 * (a tracepoint also= target is attached as it is, below) */
		if (bcc2core_sec__syscall_tp(buf, sizeof(buf), also))
			return NULL;
		return bpf_program__attach_tracepoint(prog, "syscalls", buf + strlen("syscalls/"));
	}
	if (sec_is_trampoline(form)) {
		errno = EOPNOTSUPP;
		return NULL;
	}
	if (bcc2core_sec__is(also, "kprobe") || bcc2core_sec__is(also, "kretprobe"))
		return bpf_program__attach_kprobe(prog, ret, t);
	if (syscall) {
		LIBBPF_OPTS(bpf_ksyscall_opts, opts, .retprobe = ret);

		return bpf_program__attach_ksyscall(prog, t, &opts);
	}
	if (bcc2core_sec__is(also, "tracepoint")) {
		snprintf(buf, sizeof(buf), "%s", t);
		colon = strchr(buf, '/');
		if (!colon)
			return NULL;
		*colon = '\0';
		return bpf_program__attach_tracepoint(prog, buf, colon + 1);
	}
	if (bcc2core_sec__is(also, "raw_tracepoint"))
		return bpf_program__attach_raw_tracepoint(prog, t);
	if (bcc2core_sec__is(also, "uprobe") || bcc2core_sec__is(also, "uretprobe")) {
		snprintf(buf, sizeof(buf), "%s", t);
		colon = strrchr(buf, ':');
		if (!colon)
			return NULL;
		*colon = '\0';
		return uprobe_attach(prog, buf, colon + 1, ret, pid);
	}
	if (bcc2core_sec__is(also, "usdt")) {
		char *prov, *name;

		snprintf(buf, sizeof(buf), "%s", t);
		name = strrchr(buf, ':');
		if (!name)
			return NULL;
		*name++ = '\0';
		prov = strrchr(buf, ':');
		if (!prov)
			return NULL;
		*prov++ = '\0';
		return bpf_program__attach_usdt(prog, pid > 0 ? pid : -1, buf, prov, name, NULL);
	}
	errno = EINVAL;
	return NULL;
}

int attach_more(struct bcc2core_runtime *rt, struct bpf_program *prog, int pid)
{
	struct also_iter it;
	const char *also;
	char event[256];

	also_iter__init(&it, rt, prog);
	while ((also = also_iter__next(&it))) {
		struct bpf_link *link;
		int err;

		if (!bcc2core_sec__syscall_tp(event, sizeof(event), also) &&
		    syscall_tp_skip(rt, prog, event))
			continue;	/* said; not an error, with .strict neither */
		link = attach_to(prog, also, pid);
		if (!link) {
			err = -errno;
			if (rt->strict) {
				pr_warn("cannot attach %s to %s too: %s\n", bpf_program__name(prog),
					also, strerror(-err));
				return err;
			}
			pr_warn("warning: cannot attach %s to %s too: %s; continuing without it\n",
				bpf_program__name(prog), also, strerror(-err));
			continue;
		}
		err = link_set__add(&rt->links, prog, link);
		if (err)
			return err;
		pr_info("%s: attached to %s too\n", bpf_program__name(prog), also);
	}
	return 0;
}
