// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bcc2core/common.h"
#include "edits.h"
#include "log.h"

void edits__init(struct edit_list *el, const char *src, size_t len)
{
	memset(el, 0, sizeof(*el));
	el->src = src;
	el->src_len = len;
}

void edits__free(struct edit_list *el)
{
	for (size_t i = 0; i < el->cnt; i++)
		free(el->edits[i].text);
	free(el->edits);
	el->edits = NULL;
	el->cnt = el->cap = 0;
}

/* Does [b, e) hold edit @x entirely? An insertion on the boundary of a
 * replacement stays outside it (it goes before or after the new text). */
static bool range_holds(size_t b, size_t e, const struct edit *x)
{
	if (b == e)
		return false;
	if (x->begin == x->end)
		return x->begin > b && x->begin < e;
	return x->begin >= b && x->end <= e;
}

static bool ranges_overlap(size_t b, size_t e, const struct edit *x)
{
	return b < x->end && x->begin < e;
}

static int add_edit(struct edit_list *el, size_t begin, size_t end, const char *text,
		    bool front)
{
	size_t i, j;

	if (begin > end || end > el->src_len)
		return -ERANGE;
	for (i = 0; i < el->cnt; i++) {
		struct edit *x = &el->edits[i];

		if (range_holds(begin, end, x))
			continue;
		if (begin != end && x->begin != x->end && ranges_overlap(begin, end, x)) {
			/* the new edit lies inside an older, larger one */
			el->conflict_begin = x->begin;
			el->conflict_end = x->end;
			return -BCC2CORE_ERRNO__EDIT_CONFLICT;
		}
		if (begin == end && x->begin != x->end && begin > x->begin && begin < x->end) {
			el->conflict_begin = x->begin;
			el->conflict_end = x->end;
			return -BCC2CORE_ERRNO__EDIT_CONFLICT;
		}
	}
	/* drop the edits the new one subsumes */
	for (i = 0, j = 0; i < el->cnt; i++) {
		if (range_holds(begin, end, &el->edits[i]))
			free(el->edits[i].text);
		else
			el->edits[j++] = el->edits[i];
	}
	el->cnt = j;
	if (el->cnt == el->cap) {
		size_t cap = el->cap ? el->cap * 2 : 32;
		struct edit *p = realloc(el->edits, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		el->edits = p;
		el->cap = cap;
	}
	el->edits[el->cnt].text = strdup(text);
	if (!el->edits[el->cnt].text)
		return -ENOMEM;
	el->edits[el->cnt].begin = begin;
	el->edits[el->cnt].end = end;
	el->edits[el->cnt].seq = front ? --el->next_front : el->next_seq++;
	el->cnt++;
	return 0;
}

int edits__replace(struct edit_list *el, size_t begin, size_t end, const char *text)
{
	return add_edit(el, begin, end, text, false);
}

int edits__prepend(struct edit_list *el, size_t at, const char *text)
{
	return add_edit(el, at, at, text, true);
}

static int edit_cmp(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	if (x->begin != y->begin)
		return x->begin < y->begin ? -1 : 1;
	/* at one offset: insertions first, in the order they were made */
	if ((x->begin == x->end) != (y->begin == y->end))
		return x->begin == x->end ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

char *edits__render(const struct edit_list *el, size_t begin, size_t end)
{
	struct strbuf sb = {};
	struct edit *sorted = NULL;
	size_t n = 0, pos = begin;

	if (begin > end || end > el->src_len)
		return NULL;
	if (el->cnt) {
		sorted = malloc(el->cnt * sizeof(*sorted));
		if (!sorted)
			return NULL;
	}
	for (size_t i = 0; i < el->cnt; i++) {
		const struct edit *x = &el->edits[i];

		/* inside the range; insertions on its edges belong to the caller */
		if (x->begin >= begin && x->end <= end &&
		    !(x->begin == x->end && (x->begin == begin || x->begin == end) &&
		      !(begin == 0 && end == el->src_len)))
			sorted[n++] = *x;
	}
	if (n)	/* sorted may be NULL with no edits */
		qsort(sorted, n, sizeof(*sorted), edit_cmp);
	for (size_t i = 0; i < n; i++) {
		if (strbuf_append(&sb, el->src + pos, sorted[i].begin - pos) ||
		    strbuf_puts(&sb, sorted[i].text))
			goto err;
		pos = sorted[i].end;
	}
	if (strbuf_append(&sb, el->src + pos, end - pos))
		goto err;
	free(sorted);
	return strbuf_detach(&sb);
err:
	free(sorted);
	strbuf_free(&sb);
	return NULL;
}

bool edits__touch(const struct edit_list *el, size_t begin, size_t end)
{
	for (size_t i = 0; i < el->cnt; i++)
		if (el->edits[i].begin <= end && el->edits[i].end >= begin)
			return true;
	return false;
}

char *edits__apply(const struct edit_list *el)
{
	return edits__render(el, 0, el->src_len);
}

static size_t count_lines(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += s[i] == '\n';
	return c;
}

int edits__add_line_directives(struct edit_list *el, const char *path)
{
	for (size_t i = 0; i < el->cnt; i++) {
		struct edit *x = &el->edits[i];
		size_t line, tl = strlen(x->text);
		char *t;

		if (count_lines(x->text, tl) == count_lines(el->src + x->begin, x->end - x->begin))
			continue;
		if (x->end == el->src_len)
			continue;	/* nothing follows */
		line = count_lines(el->src, x->end) + 1;
		/* the rest of the source line continues on a line numbered as it was */
		if (asprintf(&t, "%s%s#line %zu \"%s\"\n", x->text,
			     tl && x->text[tl - 1] == '\n' ? "" : "\n", line, path) < 0)
			return -ENOMEM;
		free(x->text);
		x->text = t;
	}
	return 0;
}
