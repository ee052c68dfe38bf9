// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The links a runtime made: it owns them all, destroy detaches them all. */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"

int link_set__add(struct link_set *s, struct bpf_link *link)
{
	struct bpf_link **p = realloc(s->v, (s->cnt + 1) * sizeof(*p));

	if (!p) {
		bpf_link__destroy(link);
		return -ENOMEM;
	}
	s->v = p;
	s->v[s->cnt++] = link;
	return 0;
}

void link_set__destroy(struct link_set *s)
{
	for (size_t i = 0; i < s->cnt; i++)
		bpf_link__destroy(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->cnt = 0;
}
