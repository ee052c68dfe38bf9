// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The edit list: composition, containment, conflicts, insertions. */
#include <errno.h>
#include <stdlib.h>

#include "bcc2core/common.h"
#include "edits.h"
#include "test.h"

static const char src[] = "counts.increment(*start.lookup(&pid));";

static void test_single_replace(void)
{
	struct edit_list el;
	char *out;

	edits__init(&el, src, strlen(src));
	ASSERT_OK(edits__replace(&el, 0, 6, "COUNTS"), "replace");
	out = edits__apply(&el);
	ASSERT_STREQ(out, "COUNTS.increment(*start.lookup(&pid));", "apply");
	free(out);
	edits__free(&el);
}

/* inner first, then the outer edit built from the rendered inner text */
static void test_nested_compose(void)
{
	struct edit_list el;
	char *arg, *outer, *out;

	edits__init(&el, src, strlen(src));
	/* start.lookup(&pid) is [18, 36) */
	ASSERT_OK(edits__replace(&el, 18, 36, "bpf_map_lookup_elem(&start, &pid)"), "inner");
	arg = edits__render(&el, 17, 36);
	ASSERT_STREQ(arg, "*bpf_map_lookup_elem(&start, &pid)", "render arg");
	if (asprintf(&outer, "INCR(&counts, %s)", arg) < 0)
		outer = NULL;
	ASSERT_OK(edits__replace(&el, 0, 37, outer), "outer");
	ASSERT_EQ(el.cnt, 1, "inner dropped");
	out = edits__apply(&el);
	ASSERT_STREQ(out, "INCR(&counts, *bpf_map_lookup_elem(&start, &pid));", "apply");
	free(out);
	free(arg);
	free(outer);
	edits__free(&el);
}

static void test_partial_overlap_conflicts(void)
{
	struct edit_list el;

	edits__init(&el, src, strlen(src));
	ASSERT_OK(edits__replace(&el, 5, 12, "x"), "first");
	ASSERT_EQ(edits__replace(&el, 10, 20, "y"), -BCC2CORE_ERRNO__EDIT_CONFLICT, "overlap");
	ASSERT_EQ(el.conflict_begin, 5, "conflict begin");
	/* an edit inside an older, larger one: the outer was made first */
	ASSERT_EQ(edits__replace(&el, 6, 8, "z"), -BCC2CORE_ERRNO__EDIT_CONFLICT, "inside");
	edits__free(&el);
}

static void test_insertions(void)
{
	struct edit_list el;
	char *out;

	edits__init(&el, src, strlen(src));
	ASSERT_OK(edits__insert(&el, 0, "A "), "insert 0");
	ASSERT_OK(edits__insert(&el, 0, "B "), "insert 0 again");
	ASSERT_OK(edits__replace(&el, 0, 6, "C"), "replace at an insertion");
	ASSERT_OK(edits__insert(&el, strlen(src), " /* end */"), "insert end");
	out = edits__apply(&el);
	ASSERT_STREQ(out, "A B C.increment(*start.lookup(&pid)); /* end */", "order kept");
	free(out);
	/* an insertion strictly inside a later replacement is subsumed */
	edits__free(&el);
	edits__init(&el, src, strlen(src));
	ASSERT_OK(edits__insert(&el, 3, "X"), "insert inside");
	ASSERT_OK(edits__replace(&el, 0, 6, "Y"), "replace around");
	ASSERT_EQ(el.cnt, 1, "subsumed");
	edits__free(&el);
}

static void test_prepend(void)
{
	struct edit_list el;
	char *out;

	edits__init(&el, src, strlen(src));
	ASSERT_OK(edits__insert(&el, 0, "SEC "), "insert");
	ASSERT_OK(edits__prepend(&el, 0, "#include\n"), "prepend");
	ASSERT_OK(edits__prepend(&el, 0, "/* head */\n"), "prepend again");
	ASSERT_OK(edits__insert(&el, 0, "int "), "insert after");
	out = edits__apply(&el);
	ASSERT_STREQ(out, "/* head */\n#include\nSEC int counts.increment(*start.lookup(&pid));",
		     "prepends first, the last one made first of all");
	free(out);
	edits__free(&el);
}

static void test_render_excludes_boundary_insertions(void)
{
	struct edit_list el;
	char *r;

	edits__init(&el, src, strlen(src));
	ASSERT_OK(edits__insert(&el, 6, "<"), "insert at range start");
	r = edits__render(&el, 6, 16);
	ASSERT_STREQ(r, ".increment", "boundary insertion left out");
	free(r);
	edits__free(&el);
}

static void test_range_checks(void)
{
	struct edit_list el;

	edits__init(&el, src, strlen(src));
	ASSERT_EQ(edits__replace(&el, 5, 3, "x"), -ERANGE, "reversed");
	ASSERT_EQ(edits__replace(&el, 0, strlen(src) + 1, "x"), -ERANGE, "past end");
	ASSERT_TRUE(edits__render(&el, 0, strlen(src) + 1) == NULL, "render past end");
	edits__free(&el);
}

static void test_line_directives(void)
{
	static const char two[] = "a\nBPF_HASH(x);\nb\n";
	struct edit_list el;
	char *out;

	edits__init(&el, two, strlen(two));
	/* one source line becomes three: the rest of line 2 is still line 2 */
	ASSERT_OK(edits__replace(&el, 2, 13, "struct {\n\tint k;\n} x"), "replace");
	ASSERT_OK(edits__add_line_directives(&el, "p.c"), "directives");
	out = edits__apply(&el);
	ASSERT_STREQ(out, "a\nstruct {\n\tint k;\n} x\n#line 2 \"p.c\"\n;\nb\n", "line kept");
	free(out);
	edits__free(&el);
}

TEST_MAIN(test_prepend, test_line_directives, test_single_replace, test_nested_compose, test_partial_overlap_conflicts,
	  test_insertions, test_render_excludes_boundary_insertions, test_range_checks)
