// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A program a BCC tool attached to several targets (opensnoop's
 * trace_return on open, openat and openat2): the object names the first in
 * SEC() and the others in "bcc2core:also=SEC" decl tags; attach the form
 * that runs here to each, translated to that form's kind. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bcc2core/object_format.h"
#include "internal.h"

/* trace_return__tp -> trace_return: the tags are on the primary form */
static void primary_name(const char *name, char *out, size_t size)
{
	size_t base;

	bcc2core_form__of(name, &base);
	snprintf(out, size, "%.*s", (int)base, name);
}

static struct bpf_link *attach_one(struct bpf_program *prog, const char *also)
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
		snprintf(buf, sizeof(buf), "sys_%s_%s", ret ? "exit" : "enter", t);
		return bpf_program__attach_tracepoint(prog, "syscalls", buf);
	}
	if (bcc2core_sec__is(form, "fentry") || bcc2core_sec__is(form, "fexit")) {
		errno = EOPNOTSUPP;	/* a trampoline is bound to one function at load */
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
		LIBBPF_OPTS(bpf_uprobe_opts, opts, .retprobe = ret);

		snprintf(buf, sizeof(buf), "%s", t);
		colon = strrchr(buf, ':');
		if (!colon)
			return NULL;
		*colon = '\0';
		opts.func_name = colon + 1;
		return bpf_program__attach_uprobe_opts(prog, -1, buf, 0, &opts);
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
		return bpf_program__attach_usdt(prog, -1, buf, prov, name, NULL);
	}
	errno = EINVAL;
	return NULL;
}

int attach_more(struct bcc2core_runtime *rt, struct bpf_program *prog)
{
	const struct btf *btf = bpf_object__btf(rt->obj);
	enum bcc2core_tag_key key;
	const char *also;
	char primary[256];
	__u32 pos = 0;
	__s32 fn;

	primary_name(bpf_program__name(prog), primary, sizeof(primary));
	fn = btf ? btf__find_by_name_kind(btf, primary, BTF_KIND_FUNC) : -1;
	while (fn > 0 && bcc2core_tags__next(btf, fn, &pos, &key, &also)) {
		struct bpf_link *link;
		int err;

		if (key != BCC2CORE_TAG_ALSO || !also)
			continue;
		link = attach_one(prog, also);
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
