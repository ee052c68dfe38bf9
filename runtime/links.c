// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The links a runtime made, each with the program it attaches: the runtime
 * owns them all, destroy detaches them all, and one program's can be
 * detached alone (bcc2core_runtime__detach_program). */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"

int link_set__add(struct link_set *s, const struct bpf_program *prog, struct bpf_link *link)
{
	struct link_ent *p = realloc(s->v, (s->cnt + 1) * sizeof(*p));

	if (!p) {
		bpf_link__destroy(link);
		return -ENOMEM;
	}
	s->v = p;
	s->v[s->cnt++] = (struct link_ent){ .prog = prog, .link = link };
	return 0;
}

size_t link_set__count(const struct link_set *s, const struct bpf_program *prog)
{
	size_t n = 0;

	for (size_t i = 0; i < s->cnt; i++)
		n += s->v[i].prog == prog;
	return n;
}

void link_set__truncate(struct link_set *s, size_t cnt)
{
	while (s->cnt > cnt)
		bpf_link__destroy(s->v[--s->cnt].link);
}

size_t link_set__drop(struct link_set *s, const struct bpf_program *prog)
{
	size_t kept = 0, dropped = 0;

	for (size_t i = 0; i < s->cnt; i++) {
		if (s->v[i].prog == prog) {
			bpf_link__destroy(s->v[i].link);
			dropped++;
		} else {
			s->v[kept++] = s->v[i];
		}
	}
	s->cnt = kept;
	return dropped;
}

void link_set__destroy(struct link_set *s)
{
	link_set__truncate(s, 0);
	free(s->v);
	s->v = NULL;
}
