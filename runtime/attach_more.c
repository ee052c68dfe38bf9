// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A program a BCC tool attached to several targets (opensnoop's
 * trace_return on open, openat and openat2): the object names the first in
 * SEC() and the others in "bcc2core:also=SEC" decl tags; attach the form
 * that runs here to each, translated to that form's kind. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const alt_suffixes[] = { "__tp", "__fentry", "__fexit", "__kprobe",
					     "__kretprobe", "__tp_btf" };

/* trace_return__tp -> trace_return */
static void primary_name(const char *name, char *out, size_t size)
{
	size_t n = strlen(name);

	snprintf(out, size, "%s", name);
	for (size_t i = 0; i < sizeof(alt_suffixes) / sizeof(alt_suffixes[0]); i++) {
		size_t s = strlen(alt_suffixes[i]);

		if (n > s && !strcmp(name + n - s, alt_suffixes[i]))
			out[n - s] = '\0';
	}
}

static struct bpf_link *attach_one(struct bpf_program *prog, const char *also)
{
	const char *form = bpf_program__section_name(prog), *t = strchr(also, '/');
	bool ret = !strncmp(also, "kret", 4) || !strncmp(also, "uret", 4);
	char buf[512], *colon;

	if (!t)
		return NULL;
	t++;
	if (!strncmp(form, "tracepoint/syscalls/", 20)) {
		/* the syscall's tracepoint form: its other syscalls' tracepoints */
		if (strncmp(also, "ksyscall/", 9) && strncmp(also, "kretsyscall/", 12))
			return NULL;
		snprintf(buf, sizeof(buf), "sys_%s_%s", ret ? "exit" : "enter", t);
		return bpf_program__attach_tracepoint(prog, "syscalls", buf);
	}
	if (!strncmp(form, "fentry/", 7) || !strncmp(form, "fexit/", 6)) {
		errno = EOPNOTSUPP;	/* a trampoline is bound to one function at load */
		return NULL;
	}
	if (!strncmp(also, "kprobe/", 7) || !strncmp(also, "kretprobe/", 10))
		return bpf_program__attach_kprobe(prog, ret, t);
	if (!strncmp(also, "ksyscall/", 9) || !strncmp(also, "kretsyscall/", 12)) {
		LIBBPF_OPTS(bpf_ksyscall_opts, opts, .retprobe = ret);

		return bpf_program__attach_ksyscall(prog, t, &opts);
	}
	if (!strncmp(also, "tracepoint/", 11)) {
		snprintf(buf, sizeof(buf), "%s", t);
		colon = strchr(buf, '/');
		if (!colon)
			return NULL;
		*colon = '\0';
		return bpf_program__attach_tracepoint(prog, buf, colon + 1);
	}
	if (!strncmp(also, "raw_tracepoint/", 15))
		return bpf_program__attach_raw_tracepoint(prog, t);
	if (!strncmp(also, "uprobe/", 7) || !strncmp(also, "uretprobe/", 10)) {
		LIBBPF_OPTS(bpf_uprobe_opts, opts, .retprobe = ret);

		snprintf(buf, sizeof(buf), "%s", t);
		colon = strrchr(buf, ':');
		if (!colon)
			return NULL;
		*colon = '\0';
		opts.func_name = colon + 1;
		return bpf_program__attach_uprobe_opts(prog, -1, buf, 0, &opts);
	}
	if (!strncmp(also, "usdt/", 5)) {
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
	char primary[256];
	__s32 fn;
	__u32 n;

	if (!btf)
		return 0;
	primary_name(bpf_program__name(prog), primary, sizeof(primary));
	fn = btf__find_by_name_kind(btf, primary, BTF_KIND_FUNC);
	if (fn < 0)
		return 0;
	n = btf__type_cnt(btf);
	for (__u32 id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *tag;
		struct bpf_link *link;
		int err;

		if (!btf_is_decl_tag(t) || t->type != (__u32)fn)
			continue;
		tag = btf__name_by_offset(btf, t->name_off);
		if (!tag || strncmp(tag, "bcc2core:also=", 14))
			continue;
		link = attach_one(prog, tag + 14);
		if (!link) {
			err = -errno;
			if (rt->strict) {
				pr_warn("cannot attach %s to %s too: %s\n", bpf_program__name(prog),
					tag + 14, strerror(-err));
				return err;
			}
			pr_warn("warning: cannot attach %s to %s too: %s; continuing without it\n",
				bpf_program__name(prog), tag + 14, strerror(-err));
			continue;
		}
		err = runtime_keep_link(rt, link);
		if (err)
			return err;
		pr_info("%s: attached to %s too\n", bpf_program__name(prog), tag + 14);
	}
	return 0;
}
