/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* An edit list over one source buffer: replacements of byte ranges
 * [begin, end) of the main file (insertions when begin == end), composed
 * inner before outer and applied once. Pure: no libclang here. */
#ifndef BCC2CORE_EDITS_H
#define BCC2CORE_EDITS_H

#include <stdbool.h>
#include <stddef.h>

struct edit {
	size_t begin, end;
	char *text;
	long long seq;	/* order among insertions at one offset: as made, prepends first */
};

struct edit_list {
	const char *src;
	size_t src_len;
	struct edit *edits;
	size_t cnt, cap;
	long long next_seq;
	long long next_front;	/* prepends count down from -1 */
	/* the edit a -BCC2CORE_ERRNO__EDIT_CONFLICT was about */
	size_t conflict_begin, conflict_end;
};

void edits__init(struct edit_list *el, const char *src, size_t len);
void edits__free(struct edit_list *el);

/* Records a replacement of [begin, end) by @text (copied). An existing edit
 * inside the new range is dropped: the new text was built from
 * edits__render() of that range and already contains it. Partial overlap
 * is -BCC2CORE_ERRNO__EDIT_CONFLICT; a range outside the buffer -ERANGE. */
int edits__replace(struct edit_list *el, size_t begin, size_t end, const char *text);
static inline int edits__insert(struct edit_list *el, size_t at, const char *text)
{
	return edits__replace(el, at, at, text);
}
/* An insertion at @at that goes before every insertion made there so far
 * (the includes block at offset 0 goes before a SEC() inserted there). */
int edits__prepend(struct edit_list *el, size_t at, const char *text);

/* The text of [begin, end) with the edits inside it applied (malloc'ed). */
char *edits__render(const struct edit_list *el, size_t begin, size_t end);
/* Does an edit replace or insert anywhere in [begin, end], its edges
 * included (where a render of the range up to or from there drops it)? */
bool edits__touch(const struct edit_list *el, size_t begin, size_t end);

/* Keeps line numbers of the result those of the source: after every edit
 * that changes the number of lines, a `#line N "path"` directive, so that
 * compiler and verifier messages point at the source. */
int edits__add_line_directives(struct edit_list *el, const char *path);

/* The whole buffer with every edit applied (malloc'ed). */
char *edits__apply(const struct edit_list *el);

#endif
