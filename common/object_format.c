// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The object format's tables and readers: the one place that spells the
 * bcc2core: tag keys and the program-form suffixes (object_format.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "bcc2core/object_format.h"
#include "log.h"

static const char *const tag_keys[] = {
	[BCC2CORE_TAG_FORMAT] = "format",
	[BCC2CORE_TAG_HISTOGRAM] = "histogram",
	[BCC2CORE_TAG_PERF_OUTPUT] = "perf_output",
	[BCC2CORE_TAG_EVENT] = "event",
	[BCC2CORE_TAG_PIN] = "pin",
	[BCC2CORE_TAG_SHARE] = "share",
	[BCC2CORE_TAG_EXTERN] = "extern",
	[BCC2CORE_TAG_ALSO] = "also",
	[BCC2CORE_TAG_ARGS_READ] = "args_read",
	[BCC2CORE_TAG_RET_SLOT] = "ret_slot",
	[BCC2CORE_TAG_TP_ARGS] = "tp_args",
	[BCC2CORE_TAG_BTF] = "btf",
	[BCC2CORE_TAG_KERNEL] = "kernel",
	[BCC2CORE_TAG_KCONFIG] = "kconfig",
	[BCC2CORE_TAG_CTX_UNUSED] = "ctx_unused",
	[BCC2CORE_TAG_ARGS_UNUSED] = "args_unused",
	[BCC2CORE_TAG_MODULE] = "module",
	[BCC2CORE_TAG_BTF_ARG_READS] = "btf_arg_reads",
	[BCC2CORE_TAG_KPROBE_FREE] = "kprobe_free",
};

/* longest first where one ends another: "__tp_btf" before "__tp" */
static const char *const form_suffixes[__BCC2CORE_FORM_CNT] = {
	[BCC2CORE_FORM_PRIMARY] = "",
	[BCC2CORE_FORM_TP] = "__tp",
	[BCC2CORE_FORM_FENTRY] = "__fentry",
	[BCC2CORE_FORM_FEXIT] = "__fexit",
	[BCC2CORE_FORM_KPROBE] = "__kprobe",
	[BCC2CORE_FORM_KRETPROBE] = "__kretprobe",
	[BCC2CORE_FORM_KENTRY] = "__kentry",
	[BCC2CORE_FORM_TP_BTF] = "__tp_btf",
};

const char *bcc2core_tag_key__name(enum bcc2core_tag_key key)
{
	if (key <= BCC2CORE_TAG_UNKNOWN || key >= sizeof(tag_keys) / sizeof(tag_keys[0]))
		return NULL;
	return tag_keys[key];
}

bool bcc2core_tag__parse(const char *tag, enum bcc2core_tag_key *key, const char **value)
{
	size_t plen = strlen(BCC2CORE_TAG_PREFIX), klen;
	const char *k, *eq;

	if (!tag || strncmp(tag, BCC2CORE_TAG_PREFIX, plen))
		return false;
	k = tag + plen;
	eq = strchr(k, '=');
	klen = eq ? (size_t)(eq - k) : strlen(k);
	*key = BCC2CORE_TAG_UNKNOWN;
	*value = eq ? eq + 1 : NULL;
	for (size_t i = 1; i < sizeof(tag_keys) / sizeof(tag_keys[0]); i++)
		if (tag_keys[i] && strlen(tag_keys[i]) == klen && !strncmp(k, tag_keys[i], klen))
			*key = i;
	return true;
}

bool bcc2core_tags__next(const struct btf *btf, __u32 target_id, __u32 *pos,
			 enum bcc2core_tag_key *key, const char **value)
{
	__u32 n = btf ? btf__type_cnt(btf) : 0;

	for (__u32 id = *pos ? *pos : 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (!btf_is_decl_tag(t) || t->type != target_id)
			continue;
		/* a damaged object's name offset may be out of range: NULL */
		if (bcc2core_tag__parse(btf__name_by_offset(btf, t->name_off), key, value)) {
			*pos = id + 1;
			return true;
		}
	}
	*pos = n;
	return false;
}

/* The value of LICENSE's first @key tag, or NULL. */
static const char *license_tag(const struct btf *btf, enum bcc2core_tag_key want)
{
	enum bcc2core_tag_key key;
	const char *value;
	__s32 lic = btf ? btf__find_by_name_kind(btf, "LICENSE", BTF_KIND_VAR) : -ENOENT;
	__u32 pos = 0;

	while (lic > 0 && bcc2core_tags__next(btf, lic, &pos, &key, &value))
		if (key == want && value)
			return value;
	return NULL;
}

int bcc2core_object__format(const struct btf *btf)
{
	const char *value = license_tag(btf, BCC2CORE_TAG_FORMAT);

	return value && atoi(value) > 0 ? atoi(value) : 1;
}

const char *bcc2core_object__module(const struct btf *btf)
{
	return license_tag(btf, BCC2CORE_TAG_MODULE);
}

int strbuf_tag_attr(struct strbuf *sb, enum bcc2core_tag_key key, const char *value)
{
	const char *name = bcc2core_tag_key__name(key);

	if (!name)
		return -EINVAL;
	return strbuf_printf(sb, " __attribute__((btf_decl_tag(\"%s%s%s%s\")))", BCC2CORE_TAG_PREFIX,
			     name, value ? "=" : "", value ? value : "");
}

const char *bcc2core_form__suffix(enum bcc2core_prog_form form)
{
	return form < __BCC2CORE_FORM_CNT ? form_suffixes[form] : "";
}

enum bcc2core_prog_form bcc2core_form__of(const char *name, size_t *base_len)
{
	size_t n = strlen(name), best = 0;
	enum bcc2core_prog_form form = BCC2CORE_FORM_PRIMARY;

	for (int f = 1; f < __BCC2CORE_FORM_CNT; f++) {
		size_t s = strlen(form_suffixes[f]);

		if (n > s && s > best && !strcmp(name + n - s, form_suffixes[f])) {
			form = f;
			best = s;
		}
	}
	if (base_len)
		*base_len = n - best;
	return form;
}

int bcc2core_form__name(char *buf, size_t size, const char *base, enum bcc2core_prog_form form)
{
	int n = snprintf(buf, size, "%s%s", base, bcc2core_form__suffix(form));

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

const char *bcc2core_sec__target(const char *sec)
{
	const char *slash = sec ? strchr(sec, '/') : NULL;

	return slash && slash[1] ? slash + 1 : NULL;
}

bool bcc2core_sec__is(const char *sec, const char *kind)
{
	size_t n = strlen(kind);

	return sec && !strncmp(sec, kind, n) && sec[n] == '/';
}

int bcc2core_sec__syscall_tp(char *buf, size_t size, const char *sec)
{
	bool ret = bcc2core_sec__is(sec, "kretsyscall");
	const char *name = bcc2core_sec__target(sec);
	int n;

	if (!name || (!ret && !bcc2core_sec__is(sec, "ksyscall")) || strchr(name, '/'))
		return -EINVAL;
	n = snprintf(buf, size, "syscalls/sys_%s_%s", ret ? "exit" : "enter", name);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}
