// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* --attach KIND:TARGET=PROG: what a BCC tool's Python side said with
 * attach_*() for a function that has no auto-attach name. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const kinds[] = {
	"kprobe", "kretprobe", "ksyscall", "kretsyscall", "tracepoint", "raw_tracepoint",
	"uprobe", "uretprobe", "usdt",
	"section",	/* any libbpf SEC(), as load_func(name, BPF.CGROUP_SKB) would say */
};

static bool is_identifier(const char *s)
{
	if (!*s || isdigit((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

int attach_spec__parse(const char *spec, struct attach_spec *out)
{
	const char *colon = strchr(spec, ':'), *eq = strrchr(spec, '=');
	bool known = false;
	size_t klen;

	memset(out, 0, sizeof(*out));
	if (!colon || !eq || eq < colon)
		return -BCC2CORE_ERRNO__ATTACH_SPEC;
	klen = colon - spec;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strlen(kinds[i]) == klen && !strncmp(kinds[i], spec, klen))
			known = true;
	if (!known || eq == colon + 1 || !is_identifier(eq + 1))
		return -BCC2CORE_ERRNO__ATTACH_SPEC;
	out->kind = strndup(spec, klen);
	out->target = strndup(colon + 1, eq - colon - 1);
	out->prog = strdup(eq + 1);
	if (!out->kind || !out->target || !out->prog) {
		attach_spec__free(out);
		return -ENOMEM;
	}
	/* CAT:EVENT and PATH:SYMBOL need both halves; the others one name */
	if (!strcmp(out->kind, "usdt")) {
		/* PATH:PROVIDER:PROBE */
		const char *c2 = strrchr(out->target, ':'), *c1;

		for (c1 = c2 ? c2 - 1 : NULL; c1 && c1 > out->target && *c1 != ':'; c1--)
			;
		if (!c2 || !c1 || c1 == out->target || *c1 != ':' || c2 == c1 + 1 || !c2[1]) {
			attach_spec__free(out);
			return -BCC2CORE_ERRNO__ATTACH_SPEC;
		}
	} else if (!strcmp(out->kind, "tracepoint") || !strncmp(out->kind, "uprobe", 6) ||
	    !strcmp(out->kind, "uretprobe")) {
		const char *c = strrchr(out->target, ':');

		if (!c || c == out->target || !c[1] ||
		    (!strcmp(out->kind, "tracepoint") && strchr(out->target, ':') != c)) {
			attach_spec__free(out);
			return -BCC2CORE_ERRNO__ATTACH_SPEC;
		}
	} else if (!strcmp(out->kind, "section")) {
		/* taken as is: libbpf checks it at open */
	} else if (strchr(out->target, ':') || strchr(out->target, '/')) {
		attach_spec__free(out);
		return -BCC2CORE_ERRNO__ATTACH_SPEC;
	}
	return 0;
}

void attach_spec__free(struct attach_spec *as)
{
	free(as->kind);
	free(as->target);
	free(as->prog);
	memset(as, 0, sizeof(*as));
}

int bcc2core_attach_spec__check(const char *spec)
{
	struct attach_spec as;
	int err = attach_spec__parse(spec, &as);

	if (!err)
		attach_spec__free(&as);
	return err;
}
