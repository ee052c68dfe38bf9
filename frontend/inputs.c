// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* What an object says it was built against (its LICENSE's btf=, kernel=,
 * kconfig= tags, docs/object-format.md): `-v build` and `run -v` print it,
 * so an object can be matched with the kernel BTF it came from. */
#include <stdio.h>
#include <string.h>

#include <bpf/btf.h>

#include "bcc2core/object_format.h"
#include "elf_section.h"
#include "main.h"

void print_build_inputs(const char *obj)
{
	struct btf *btf = elf_section_btf(obj, true);
	enum bcc2core_tag_key key;
	const char *value, *btf_id = NULL, *release = NULL, *kconfig = NULL;
	__s32 lic = btf ? btf__find_by_name_kind(btf, "LICENSE", BTF_KIND_VAR) : -1;
	__u32 pos = 0;

	while (lic > 0 && bcc2core_tags__next(btf, lic, &pos, &key, &value)) {
		if (key == BCC2CORE_TAG_BTF)
			btf_id = value;
		else if (key == BCC2CORE_TAG_KERNEL)
			release = value;
		else if (key == BCC2CORE_TAG_KCONFIG)
			kconfig = value;
	}
	if (!btf_id)
		fprintf(stderr, "bcc2core: %s: records no kernel BTF (built before bcc2core "
			"recorded it, or by convert and clang)\n", obj);
	else
		fprintf(stderr, "bcc2core: %s: built against kernel BTF %s%s%s%s%s\n", obj, btf_id,
			release ? ", kernel release " : "", release ? release : "",
			kconfig ? ", kernel config " : "", kconfig ? kconfig : "");
	btf__free(btf);
}
