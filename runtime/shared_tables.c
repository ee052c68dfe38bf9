// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* BCC's tables shared between programs. A BPF_TABLE_PUBLIC/_SHARED table
 * is an ordinary map of its program, tagged "bcc2core:share=..." in the
 * object's BTF; it lives as long as the run that loaded it, as BCC's lives
 * with its module. A BPF_TABLE("extern", ...) of another object ("bcc2core:
 * extern") is made, before load, to use that map (bpf_map__reuse_fd): found
 * among the kernel's maps by name, and told apart from a private map of the
 * same name by the share tag of the BTF it was loaded with. Nothing is
 * pinned, so nothing is left behind when the runs end. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "bcc2core/object_format.h"
#include "internal.h"

/* Does the BTF the kernel holds as @btf_id tag a map variable @name as
 * shared? */
static bool shared_in_btf(__u32 btf_id, const char *name)
{
	struct btf *btf = btf__load_from_kernel_by_id(btf_id);
	enum bcc2core_tag_key key;
	const char *value;
	bool shared = false;
	__u32 pos = 0;
	__s32 var;

	if (!btf)
		return false;
	var = btf__find_by_name_kind(btf, name, BTF_KIND_VAR);
	while (var > 0 && !shared && bcc2core_tags__next(btf, var, &pos, &key, &value))
		shared = key == BCC2CORE_TAG_SHARE;
	btf__free(btf);
	return shared;
}

/* An fd of the running map shared as @name, with its info; -ENOENT when no
 * program shares one, -ENOTUNIQ when more than one does. */
static int find_shared(const char *name, struct bpf_map_info *found)
{
	__u32 id = 0;
	int fd = -ENOENT;

	while (!bpf_map_get_next_id(id, &id)) {
		struct bpf_map_info info = {};
		__u32 len = sizeof(info);
		int mfd = bpf_map_get_fd_by_id(id);

		if (mfd < 0)
			continue;
		/* the kernel keeps 15 characters of a map's name */
		if (bpf_obj_get_info_by_fd(mfd, &info, &len) ||
		    strncmp(info.name, name, BPF_OBJ_NAME_LEN - 1) || !info.btf_id ||
		    !shared_in_btf(info.btf_id, name)) {
			close(mfd);
			continue;
		}
		if (fd >= 0) {
			close(mfd);
			close(fd);
			return -ENOTUNIQ;
		}
		fd = mfd;
		*found = info;
	}
	return fd;
}

static int use_shared(struct bpf_map *map, int fd, const struct bpf_map_info *info)
{
	const char *name = bpf_map__name(map);
	int err;

	if (bpf_map__key_size(map) != info->key_size ||
	    bpf_map__value_size(map) != info->value_size) {
		pr_warn("extern table %s: key/value of %u/%u bytes here, %u/%u in the program "
			"that shares it\n", name, bpf_map__key_size(map), bpf_map__value_size(map),
			info->key_size, info->value_size);
		return -EINVAL;
	}
	/* the declaration's type is a placeholder: take the real one's */
	err = bpf_map__set_type(map, info->type);
	err = err ?: bpf_map__set_max_entries(map, info->max_entries);
	err = err ?: bpf_map__set_map_flags(map, info->map_flags);
	err = err ?: bpf_map__reuse_fd(map, fd);
	if (err)
		pr_warn("extern table %s: cannot use the shared one: %s\n", name, strerror(-err));
	else
		pr_info("extern table %s: the one map id %u shares\n", name, info->id);
	return err;
}

int shared_tables__resolve(struct bcc2core_runtime *rt)
{
	struct bpf_map *map;
	int err = 0;

	bpf_object__for_each_map(map, rt->obj) {
		struct bpf_map_info info = {};
		struct map_meta meta;
		bool is_extern;
		int fd;

		map_meta__get(rt->obj, map, &meta);
		is_extern = meta.is_extern;
		map_meta__free(&meta);
		if (!is_extern)
			continue;
		fd = find_shared(bpf_map__name(map), &info);
		if (fd == -ENOENT && rt->verify_all) {
			/* verify checks the programs: a map of the declared shape does */
			pr_info("extern table %s: no program shares it now; verifying with a "
				"map of its declared shape\n", bpf_map__name(map));
			continue;
		}
		if (fd < 0) {
			pr_warn("extern table %s: %s\n  hint: run the program that declares it "
				"BPF_TABLE_PUBLIC or BPF_TABLE_SHARED first, and keep it running\n",
				bpf_map__name(map), fd == -ENOTUNIQ ? "more than one running program "
				"shares a table of that name" : "no running program shares a table "
				"of that name");
			return fd == -ENOENT ? -BCC2CORE_ERRNO__NO_SHARED_TABLE : fd;
		}
		err = use_shared(map, fd, &info);
		close(fd);	/* reuse_fd keeps its own */
		if (err)
			return err;
	}
	return err;
}
