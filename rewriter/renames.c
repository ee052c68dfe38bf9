// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Kernel fields renamed between versions. A BCC program written for one
 * name breaks on kernels with the other (BCC fails to compile prev->state on
 * 5.14+); the converted program reads them through a reader in
 * bcc2core.bpf.h that asks CO-RE which name this kernel has. */
#include <string.h>

#include "internal.h"

static const struct field_rename renames[] = {
	/* 5.14, 2f064a59a11f: state -> __state (and long -> unsigned int) */
	{ "task_struct", "state", "__state", "bcc2core_task_state" },
	/* 6.14: cfs_rq.nr_running -> nr_queued */
	{ "cfs_rq", "nr_running", "nr_queued", "bcc2core_cfs_rq_nr_queued" },
};

const struct field_rename *field_rename__find(const char *record, const char *field)
{
	for (size_t i = 0; i < sizeof(renames) / sizeof(renames[0]); i++)
		if (!strcmp(renames[i].record, record) &&
		    (!strcmp(renames[i].old_name, field) || !strcmp(renames[i].new_name, field)))
			return &renames[i];
	return NULL;
}
