// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The kernel struct fields an object reads, from its CO-RE relocations
 * (.BTF.ext): what `diff` names when BCC compiled against other headers,
 * since those are the values BCC may have read at the wrong offsets.
 * Tracepoint records (BCC lays them out from tracefs), register sets and
 * BPF's own context types are left out: their layout is not the headers'.
 * So are the tp_btf forms (tp_btf/ sections: always a form of another
 * program, which reads what BCC reads): a tracepoint's reads of its task
 * argument there are the record's fields, which BCC reads from the record. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "diff.h"
#include "elf_section.h"

/* the fixed part of .BTF.ext's header (libbpf's struct btf_ext_header) */
struct ext_header {
	__u16 magic;
	__u8 version, flags;
	__u32 hdr_len;
	__u32 func_info_off, func_info_len, line_info_off, line_info_len;
	__u32 core_relo_off, core_relo_len;
};

struct core_relo {
	__u32 insn_off, type_id, access_str_off, kind;
};

#define FIELD_BYTE_OFFSET 0	/* enum bpf_core_relo_kind */

static const char *const not_headers[] = {
	"trace_event_raw_", "syscall_tp_t", "bpf_", "pt_regs", "__sk_buff", "xdp_md", "sk_msg_md",
};

static const struct btf_type *skip_mods(const struct btf *btf, __u32 *id)
{
	const struct btf_type *t = btf__type_by_id(btf, *id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		*id = t->type;
		t = btf__type_by_id(btf, *id);
	}
	return t;
}

/* "struct.member.member" of a field access, or NULL (not a kernel struct's) */
static char *field_path(const struct btf *btf, __u32 type_id, const char *access)
{
	const struct btf_type *t = btf__type_by_id(btf, type_id);
	const char *root = t ? btf__name_by_offset(btf, t->name_off) : NULL, *sep;
	size_t len, cap = 256;
	char *out, *end;
	long idx;

	if (!root || !*root || !btf_is_composite(t))
		return NULL;
	for (size_t i = 0; i < sizeof(not_headers) / sizeof(not_headers[0]); i++)
		if (!strncmp(root, not_headers[i], strlen(not_headers[i])))
			return NULL;
	sep = strstr(root, "___");	/* a flavour: the kernel's name */
	len = sep ? (size_t)(sep - root) : strlen(root);
	out = malloc(cap);
	if (!out)
		return NULL;
	memcpy(out, root, len < cap ? len : cap - 1);
	out[len < cap ? len : cap - 1] = '\0';
	strtol(access, &end, 10);	/* the first index: the root itself */
	while (*end == ':') {
		__u32 id = type_id;

		idx = strtol(end + 1, &end, 10);
		t = skip_mods(btf, &id);
		if (!t || idx < 0)
			break;
		if (btf_is_array(t)) {
			type_id = btf_array(t)->type;
			continue;
		}
		if (!btf_is_composite(t) || idx >= btf_vlen(t))
			break;
		{
			const struct btf_member *m = btf_members(t) + idx;
			const char *name = btf__name_by_offset(btf, m->name_off);

			type_id = m->type;
			if (name && *name && strlen(out) + strlen(name) + 2 < cap) {
				strcat(out, ".");
				strcat(out, name);
			}
		}
	}
	return out;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int core_fields__read(const char *obj_path, char ***names, size_t *cnt)
{
	struct btf *btf = elf_section_btf(obj_path, true);
	__u8 *raw = NULL;
	const __u8 *p, *end;
	struct ext_header h;
	size_t size = 0;
	__u32 rec_size;
	char **v = NULL;
	size_t n = 0;
	int err = 0;

	*names = NULL;
	*cnt = 0;
	if (!btf)
		return -errno;
	raw = elf_section_copy(obj_path, ".BTF.ext", &size);
	if (!raw || size < sizeof(h))
		goto out;
	memcpy(&h, raw, sizeof(h));
	if (h.hdr_len < sizeof(h) || !h.core_relo_len ||
	    (__u64)h.hdr_len + h.core_relo_off + h.core_relo_len > size)
		goto out;
	p = raw + h.hdr_len + h.core_relo_off;
	end = p + h.core_relo_len;
	if (end - p < 4)
		goto out;
	memcpy(&rec_size, p, 4);
	p += 4;
	if (rec_size < sizeof(struct core_relo))
		goto out;
	while (end - p >= 8 && !err) {
		__u32 sec[2];
		const char *sec_name;
		bool tp_btf_form;

		memcpy(sec, p, sizeof(sec));
		p += sizeof(sec);
		sec_name = btf__name_by_offset(btf, sec[0]);
		tp_btf_form = sec_name && !strncmp(sec_name, "tp_btf/", 7);
		for (__u32 i = 0; i < sec[1] && end - p >= (long)rec_size && !err; i++, p += rec_size) {
			struct core_relo r;
			const char *access;
			char *path;
			char **grown;

			if (tp_btf_form)
				continue;	/* stepped over, records and all */
			memcpy(&r, p, sizeof(r));
			access = btf__name_by_offset(btf, r.access_str_off);
			if (r.kind != FIELD_BYTE_OFFSET || !access)
				continue;
			path = field_path(btf, r.type_id, access);
			if (!path || !strchr(path, '.')) {
				free(path);
				continue;
			}
			for (size_t j = 0; j < n && path; j++)
				if (!strcmp(v[j], path)) {
					free(path);
					path = NULL;
				}
			if (!path)
				continue;
			grown = realloc(v, (n + 1) * sizeof(*v));
			if (!grown) {
				free(path);
				err = -ENOMEM;
				break;
			}
			v = grown;
			v[n++] = path;
		}
	}
	if (!err && n)
		qsort(v, n, sizeof(*v), cmp_str);
out:
	free(raw);
	btf__free(btf);
	if (err) {
		core_fields__free(v, n);
		return err;
	}
	*names = v;
	*cnt = n;
	return 0;
}

void core_fields__free(char **names, size_t cnt)
{
	for (size_t i = 0; i < cnt; i++)
		free(names[i]);
	free(names);
}
