// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The object is self-describing: the rewriter tags map variables with BTF
 * decl tags ("bcc2core:histogram", "bcc2core:perf_output",
 * "bcc2core:event=struct data_t", "bcc2core:pin=PATH", "bcc2core:share=public",
 * "bcc2core:extern"). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static __u32 find_type_by_spelling(const struct btf *btf, const char *spelling)
{
	int kind = BTF_KIND_TYPEDEF;
	const char *name = spelling;
	__s32 id;

	if (!strncmp(spelling, "struct ", 7)) {
		kind = BTF_KIND_STRUCT;
		name = spelling + 7;
	} else if (!strncmp(spelling, "union ", 6)) {
		kind = BTF_KIND_UNION;
		name = spelling + 6;
	}
	id = btf__find_by_name_kind(btf, name, kind);
	if (id < 0 && kind == BTF_KIND_TYPEDEF)
		id = btf__find_by_name_kind(btf, name, BTF_KIND_INT);
	return id < 0 ? 0 : id;
}

int map_meta__get(const struct bpf_object *obj, const struct bpf_map *map, struct map_meta *meta)
{
	const struct btf *btf = bpf_object__btf(obj);
	const char *name = bpf_map__name(map);
	__s32 var_id;
	__u32 n;

	memset(meta, 0, sizeof(*meta));
	if (!btf)
		return 0;
	var_id = btf__find_by_name_kind(btf, name, BTF_KIND_VAR);
	if (var_id < 0)
		return 0;
	n = btf__type_cnt(btf);
	for (__u32 id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *tag;

		if (!btf_is_decl_tag(t) || t->type != (__u32)var_id)
			continue;
		tag = btf__name_by_offset(btf, t->name_off);
		if (!tag)	/* name offset out of range: a damaged object */
			continue;
		if (!strcmp(tag, "bcc2core:histogram"))
			meta->histogram = true;
		else if (!strcmp(tag, "bcc2core:perf_output"))
			meta->perf_output = true;
		else if (!strncmp(tag, "bcc2core:event=", 15))
			meta->event_type_id = find_type_by_spelling(btf, tag + 15);
		else if (!strncmp(tag, "bcc2core:share=", 15))
			meta->shared = true;
		else if (!strcmp(tag, "bcc2core:extern"))
			meta->is_extern = true;
		else if (!strncmp(tag, "bcc2core:pin=", 13)) {
			free(meta->pin_path);
			meta->pin_path = strdup(tag + 13);
		}
	}
	return 0;
}

void map_meta__free(struct map_meta *meta)
{
	free(meta->pin_path);
	meta->pin_path = NULL;
}
