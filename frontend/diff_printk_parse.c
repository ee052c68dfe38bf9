// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* One CPU's text of diff's tracefs instance, line by line: each
 * bpf_trace_printk line, then (the instance's "stacktrace" option) a
 * "<stack trace>" entry whose " => name <addr>" frames say which program
 * printed it. An interrupt's line and stack may come between a line and its
 * stack: they are paired last in, first out. Used on a whole per-CPU buffer
 * after a run (diff_printk.c) and on a per-CPU trace_pipe as it is read
 * (diff_printk_feed.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"

static const char EV[] = ": bpf_trace_printk: ", STACK[] = ": <stack trace>";

static void emit(struct printk_parser *ps, struct printk_line *l, bool stacked)
{
	size_t n = strlen(l->text);

	while (n && strchr(" \t\r\n", l->text[n - 1]))
		n--;
	l->text[n] = '\0';
	ps->emit(ps->ctx, l, stacked);
	free(l->text);
	free(l->line);
	*l = (struct printk_line){ .side = -1 };
}

/* @s with @add appended (both malloc'ed), or @s when out of memory */
static char *append(char *s, const char *add)
{
	char *t = NULL;

	if (asprintf(&t, "%s%s", s, add) < 0)
		return s;
	free(s);
	return t;
}

void printk_parser__line(struct printk_parser *ps, const char *line)
{
	const char *m;

	if (line[0] == '#')
		return;
	if (!strncmp(line, " => ", 4)) {
		/* "name <addr>" (sym-addr), or "0xaddr" for a program gone */
		const char *a = strrchr(line, '<');
		unsigned long long addr = strtoull(a ? a + 1 : line + 4, NULL, 16);
		bool printk_fn = strstr(line, " bpf_trace_printk ") ||
				 strstr(line, " bpf_trace_vprintk ");
		struct printk_line *cur = &ps->cur;

		if (!ps->in_stack)
			return;
		if (cur->printk_frame && !cur->frame_after)
			cur->caller = addr;
		if (cur->side < 0)
			cur->side = ps->side_of(ps->ctx, addr);
		if (cur->printk_frame)
			cur->frame_after = true;
		if (printk_fn)
			cur->printk_frame = true;
		return;
	}
	if ((m = strstr(line, EV)) || strstr(line, STACK)) {
		if (ps->in_stack)
			emit(ps, &ps->cur, true);
		ps->in_stack = false;
		if (m) {
			struct printk_line *np = realloc(ps->pend, (ps->npend + 1) * sizeof(*np));

			if (!np)
				return;
			ps->pend = np;
			ps->pend[ps->npend++] = (struct printk_line){
				.text = strdup(m + sizeof(EV) - 1), .line = strdup(line), .side = -1 };
		} else if (ps->npend) {
			/* the stack of the latest line still waiting */
			ps->cur = ps->pend[--ps->npend];
			ps->in_stack = true;
		}
		return;
	}
	/* a message's own newline: its next line */
	if (ps->npend && !ps->in_stack && ps->pend[ps->npend - 1].text) {
		struct printk_line *l = &ps->pend[ps->npend - 1];

		l->text = append(l->text, line);
		if (l->line)
			l->line = append(l->line, line);
	}
}

void printk_parser__stack_done(struct printk_parser *ps)
{
	if (ps->in_stack)
		emit(ps, &ps->cur, true);
	ps->in_stack = false;
}

void printk_parser__end(struct printk_parser *ps)
{
	printk_parser__stack_done(ps);
	for (size_t i = 0; i < ps->npend; i++)
		emit(ps, &ps->pend[i], false);	/* no stack recorded */
	free(ps->pend);
	ps->pend = NULL;
	ps->npend = 0;
}
