// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The kernel config libbpf fills __kconfig externs from (the #if tests the
 * rewriter turned into load-time ones). libbpf reads /boot/config-RELEASE
 * or /proc/config.gz and refuses to load when neither is there, even for
 * __weak externs: then the user gives the config (--kconfig FILE), or the
 * externs are taken as unset, with a warning naming them. Finding and
 * reading the file: common/kconfig_file.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "internal.h"
#include "kconfig_file.h"

/* "CONFIG_X=n\n" for each CONFIG_ extern of @obj (0 for numbers), or NULL
 * when it has none. */
char *kconfig__unset(struct bpf_object *obj, struct strbuf *names)
{
	struct btf *btf = bpf_object__btf(obj);
	struct strbuf sb = {};
	__s32 id = btf ? btf__find_by_name_kind(btf, ".kconfig", BTF_KIND_DATASEC) : -ENOENT;
	const struct btf_type *sec;
	const struct btf_var_secinfo *v;

	if (id < 0)
		return NULL;
	sec = btf__type_by_id(btf, id);
	v = btf_var_secinfos(sec);
	for (unsigned i = 0; i < btf_vlen(sec); i++, v++) {
		const struct btf_type *var = btf__type_by_id(btf, v->type);
		const char *name = var ? btf__name_by_offset(btf, var->name_off) : NULL;
		const struct btf_type *t;

		if (!name || strncmp(name, "CONFIG_", 7))
			continue;
		t = btf__type_by_id(btf, btf__resolve_type(btf, var->type));
		strbuf_printf(&sb, "%s=%s\n", name, t && (btf_is_enum(t) || (btf_is_int(t) &&
			      (btf_int_encoding(t) & BTF_INT_BOOL))) ? "n" : "0");
		strbuf_printf(names, "%s%s", names->len ? ", " : "", name);
	}
	return sb.buf ? strbuf_detach(&sb) : NULL;
}

int kconfig__open_object(struct bcc2core_runtime *rt, struct bpf_object_open_opts *oo,
			 const char *kconfig_path)
{
	char *kconfig = NULL, sys_path[300];
	int err;

	if (kconfig_path) {
		err = kconfig_file__read(kconfig_path, &kconfig);
		if (err) {
			pr_warn("cannot read kernel config '%s': %s\n", kconfig_path, strerror(-err));
			return err;
		}
		oo->kconfig = kconfig;
	}
	rt->obj = bpf_object__open_file(rt->path, oo);
	if (rt->obj && !kconfig_path && !kconfig_file__system(sys_path, sizeof(sys_path))) {
		struct strbuf names = {};

		/* libbpf would refuse to load: say the externs are unset */
		kconfig = kconfig__unset(rt->obj, &names);
		if (kconfig) {
			pr_warn("%s: the kernel config is not readable (/boot/config-RELEASE, "
				"/proc/config.gz): %s taken as unset\n"
				"  hint: pass --kconfig FILE with this kernel's config\n", rt->path,
				names.buf);
			bpf_object__close(rt->obj);
			oo->kconfig = kconfig;
			rt->obj = bpf_object__open_file(rt->path, oo);
		}
		strbuf_free(&names);
	}
	rt->kconfig = kconfig;	/* for a reopen (reopen.c) */
	if (!rt->obj) {
		char msg[128];

		err = -errno;
		bcc2core_strerror(err, msg, sizeof(msg));
		pr_warn("%s: cannot open BPF object: %s\n", rt->path, msg);
		return err;
	}
	return 0;
}
