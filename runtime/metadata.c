// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The object is self-describing: the rewriter tags map variables with BTF
 * decl tags (bcc2core/object_format.h: histogram, perf_output, event=TYPE,
 * pin=PATH, share=public|shared, extern). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bcc2core/object_format.h"
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
	enum bcc2core_tag_key key;
	const char *value;
	__u32 pos = 0;
	__s32 var_id;

	memset(meta, 0, sizeof(*meta));
	var_id = btf ? btf__find_by_name_kind(btf, bpf_map__name(map), BTF_KIND_VAR) : -1;
	while (var_id > 0 && bcc2core_tags__next(btf, var_id, &pos, &key, &value)) {
		switch (key) {
		case BCC2CORE_TAG_HISTOGRAM:
			meta->histogram = true;
			break;
		case BCC2CORE_TAG_PERF_OUTPUT:
			meta->perf_output = true;
			break;
		case BCC2CORE_TAG_EVENT:
			meta->event_type_id = value ? find_type_by_spelling(btf, value) : 0;
			break;
		case BCC2CORE_TAG_SHARE:
			meta->shared = true;
			break;
		case BCC2CORE_TAG_EXTERN:
			meta->is_extern = true;
			break;
		case BCC2CORE_TAG_PIN:
			free(meta->pin_path);
			meta->pin_path = value ? strdup(value) : NULL;
			break;
		default:
			break;
		}
	}
	return 0;
}

void map_meta__free(struct map_meta *meta)
{
	free(meta->pin_path);
	meta->pin_path = NULL;
}

/* The value of @prog's tag "bcc2core:@want" (NULL for a tag with none):
 * true if it has one */
static bool prog_tag(const struct bcc2core_runtime *rt, const struct bpf_program *prog,
		     enum bcc2core_tag_key want, const char **value)
{
	const struct btf *btf = bpf_object__btf(rt->obj);
	enum bcc2core_tag_key key;
	__u32 pos = 0;
	__s32 fn = btf ? btf__find_by_name_kind(btf, bpf_program__name(prog), BTF_KIND_FUNC)
		       : -ENOENT;

	while (fn > 0 && bcc2core_tags__next(btf, fn, &pos, &key, value))
		if (key == want)
			return true;
	return false;
}

int prog_tag_int(const struct bcc2core_runtime *rt, const struct bpf_program *prog,
		 enum bcc2core_tag_key want)
{
	const char *value;
	char *end;
	long v;

	if (!prog_tag(rt, prog, want, &value) || !value)
		return -1;
	v = strtol(value, &end, 10);
	return !*end && end != value && v >= 0 && v < 64 ? v : -1;
}

const char *prog_tag_str(const struct bcc2core_runtime *rt, const struct bpf_program *prog,
			 enum bcc2core_tag_key want)
{
	const char *value;

	return prog_tag(rt, prog, want, &value) ? value : NULL;
}

bool prog_has_tag(const struct bcc2core_runtime *rt, const struct bpf_program *prog,
		  enum bcc2core_tag_key want)
{
	const char *value;

	return prog_tag(rt, prog, want, &value);
}
