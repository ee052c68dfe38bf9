// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Programs left out of the load, and why: for `run -v` and `verify`. */
#include <stdlib.h>

#include "internal.h"

void prog_skips__add(struct prog_skips *s, struct bpf_program *prog, const char *why)
{
	struct prog_skip *p = realloc(s->v, (s->cnt + 1) * sizeof(*p));

	bpf_program__set_autoload(prog, false);
	if (!p)
		return;	/* left out all the same; only the reason is lost */
	s->v = p;
	p[s->cnt].prog = prog;
	p[s->cnt++].why = why;
}

const char *prog_skips__why(const struct prog_skips *s, const struct bpf_program *prog)
{
	const char *why = NULL;

	for (size_t i = 0; i < s->cnt; i++)
		if (s->v[i].prog == prog)
			why = s->v[i].why;
	return why;
}

void prog_skips__clear(struct prog_skips *s)
{
	free(s->v);
	s->v = NULL;
	s->cnt = 0;
}
