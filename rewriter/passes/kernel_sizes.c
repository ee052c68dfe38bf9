// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The size of a kernel struct, where a program computes with it at run
 * time. `((u64)zone - (u64)pgdat->node_zones) / sizeof(struct zone)`
 * (compactsnoop's zone index) divides by the size the build kernel gives
 * struct zone (1984 bytes on 6.18); on 6.1 it is 1536, and the index comes
 * out wrong with no error. BCC compiles on the running kernel and never
 * meets this; a CO-RE object must ask: such a sizeof becomes
 * bpf_core_type_size(), which libbpf relocates at load, and a difference
 * of two pointers to a kernel struct is divided by it the same way.
 *
 * Only values the program computes with at run time are rewritten. Where
 * C needs a constant (an array bound, a static's initializer) and where
 * the size is a call's argument (a read into a local copy of the struct)
 * sizeof stays: there the local size is the one the program's own memory
 * has. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

/* Structs whose size an ABI fixes: wire headers, UAPI and BPF context
 * types. bpf_core_type_size() would give the same value; sizeof keeps the
 * output as the program wrote it (packet bounds checks, cmsg lengths). */
static bool abi_fixed(const char *name)
{
	static const char *const prefixes[] = {
		"bpf_", "__sk_buff", "xdp_md", "sk_msg_md", "sk_reuseport_md", "__kernel_",
		"sockaddr", "in_addr", "in6_addr", "ethhdr", "iphdr", "ipv6hdr", "tcphdr",
		"udphdr", "icmphdr", "icmp6hdr", "vlan_hdr", "vlan_ethhdr", "arphdr",
		"cmsghdr", "user_msghdr", "iovec", "timespec", "timeval", "open_how",
		"linux_dirent", "pt_regs", "ipv6_opt_hdr", "frag_hdr", "gre_base_hdr",
	};

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/* the named kernel struct or union @t is (not a pointer to one), or NULL */
static char *kernel_record(CXType t)
{
	CXType c = clang_getCanonicalType(t);
	CXCursor d;
	CXString name;
	char *r = NULL;

	if (c.kind != CXType_Record || !type_from_vmlinux(c))
		return NULL;
	d = clang_getTypeDeclaration(c);
	name = clang_getCursorSpelling(d);
	if (*clang_getCString(name) && !clang_Cursor_isAnonymous(d) &&
	    !abi_fixed(clang_getCString(name)) &&
	    asprintf(&r, "%s %s", clang_getCursorKind(d) == CXCursor_UnionDecl ? "union" : "struct",
		     clang_getCString(name)) < 0)
		r = NULL;
	clang_disposeString(name);
	return r;
}

/* Is the first '=' of declaration @decl before offset @at (so that the
 * expression at @at is its initializer, not an array bound)? */
static bool initializer_of(struct rw_ctx *ctx, CXCursor decl, size_t at)
{
	unsigned n;
	CXToken *toks;
	bool r = false;

	clang_tokenize(ctx->tu, clang_getCursorExtent(decl), &toks, &n);
	for (unsigned i = 0; i < n; i++) {
		if (token_offset(ctx->tu, toks[i]) >= at)
			break;
		if (token_is(ctx->tu, toks[i], "=")) {
			r = true;
			break;
		}
	}
	clang_disposeTokens(ctx->tu, toks, n);
	return r;
}

/* Is the value of the sizeof at @f computed at run time? Not where C needs
 * a constant (an array bound, a static's initializer, a case label, a
 * bit-field width, an enumerator), nor as a call's argument (the size of a
 * copy into the program's own memory, which has the local size), nor
 * inside another sizeof or typeof. */
static bool run_time_value(struct rw_ctx *ctx, const struct walk_frame *f)
{
	const struct walk_frame *top = f;

	for (const struct walk_frame *p = f->parent; p; top = p, p = p->parent) {
		enum CXCursorKind k = clang_getCursorKind(p->cursor);
		size_t at;

		if (k == CXCursor_CallExpr || k == CXCursor_UnaryExpr)
			return false;
		if (clang_isExpression(k))
			continue;
		if (k == CXCursor_VarDecl) {
			CXCursor sem = clang_getCursorSemanticParent(p->cursor);

			if (clang_Cursor_getStorageClass(p->cursor) == CX_SC_Static ||
			    clang_getCursorKind(sem) == CXCursor_TranslationUnit)
				return false;
			return cursor_offset(ctx, top->cursor, &at) &&
			       initializer_of(ctx, p->cursor, at);
		}
		if (k == CXCursor_CaseStmt)
			return false;
		return clang_isStatement(k);
	}
	return false;
}

static char *token_at(struct rw_ctx *ctx, CXToken *toks, unsigned n, unsigned i)
{
	return i < n ? token_text(ctx->tu, toks[i]) : strdup("");
}

/* The type a sizeof at @c measures, when it is a record: sizeof of an
 * expression (sizeof(*zone)), or exactly `sizeof(struct NAME)` (a TypeRef
 * child is also what sizeof(struct x *) has: the tokens tell them apart).
 * CXType_Invalid for anything else. */
static CXType sizeof_record(struct rw_ctx *ctx, CXCursor c)
{
	unsigned n, nch;
	CXToken *toks;
	CXCursor *ch = cursor_children(c, &nch);
	CXType t = { .kind = CXType_Invalid };
	char *tk[5];

	clang_tokenize(ctx->tu, clang_getCursorExtent(c), &toks, &n);
	for (unsigned i = 0; i < 5; i++)
		tk[i] = token_at(ctx, toks, n, i);
	clang_disposeTokens(ctx->tu, toks, n);
	if (!tk[0] || strcmp(tk[0], "sizeof") || nch != 1)
		goto out;
	if (clang_getCursorKind(ch[0]) != CXCursor_TypeRef)
		t = clang_getCursorType(ch[0]);
	else if (n == 5 && tk[1] && tk[2] && !strcmp(tk[1], "(") &&
		 (!strcmp(tk[2], "struct") || !strcmp(tk[2], "union")))
		t = clang_getCursorType(ch[0]);
out:
	for (unsigned i = 0; i < 5; i++)
		free(tk[i]);
	free(ch);
	return t;
}

static int rewrite_sizeof(struct rw_ctx *ctx, const struct walk_frame *f)
{
	size_t b, e;
	char *rec, *text = NULL;
	int err = 0;

	rec = kernel_record(sizeof_record(ctx, f->cursor));
	if (!rec)
		return 0;
	if (run_time_value(ctx, f) && cursor_range(ctx, f->cursor, &b, &e)) {
		if (asprintf(&text, "bpf_core_type_size(%s)", rec) < 0)
			err = -ENOMEM;
		else
			err = rw_edit(ctx, b, e, text);
	}
	free(text);
	free(rec);
	return err;
}

/* a - b, both pointers to one kernel struct: the element count by the
 * running kernel's size */
static int rewrite_pointer_difference(struct rw_ctx *ctx, const struct walk_frame *f)
{
	unsigned n;
	CXCursor *ch = cursor_children(f->cursor, &n);
	CXType a, b;
	char *op = NULL, *rec = NULL, *lhs = NULL, *rhs = NULL, *text = NULL;
	size_t begin, end;
	int err = 0;

	if (n != 2)
		goto out;
	a = clang_getCanonicalType(clang_getCursorType(ch[0]));
	b = clang_getCanonicalType(clang_getCursorType(ch[1]));
	if (a.kind != CXType_Pointer || b.kind != CXType_Pointer)
		goto out;
	rec = kernel_record(clang_getPointeeType(a));
	if (!rec || !clang_equalTypes(clang_getCanonicalType(clang_getPointeeType(a)),
				      clang_getCanonicalType(clang_getPointeeType(b))))
		goto out;
	op = binary_operator(ctx, f->cursor, ch[0]);
	if (!op || strcmp(op, "-") || !cursor_range(ctx, f->cursor, &begin, &end))
		goto out;
	lhs = cursor_text(ctx, ch[0]);
	rhs = cursor_text(ctx, ch[1]);
	/* BPF has no signed division: divide the distance, then sign it */
	if (!lhs || !rhs ||
	    asprintf(&text, "({ __u64 __a = (__u64)(%s), __b = (__u64)(%s), "
		     "__s = bpf_core_type_size(%s); "
		     "__a >= __b ? (long)((__a - __b) / __s) : -(long)((__b - __a) / __s); })",
		     lhs, rhs, rec) < 0) {
		err = -ENOMEM;
		goto out;
	}
	err = rw_edit(ctx, begin, end, text);
out:
	free(ch);
	free(op);
	free(rec);
	free(lhs);
	free(rhs);
	free(text);
	return err;
}

int pass_kernel_sizes__visit(struct rw_ctx *ctx, const struct walk_frame *f)
{
	enum CXCursorKind k = clang_getCursorKind(f->cursor);

	if (!f->prog)
		return 0;
	if (k == CXCursor_UnaryExpr)
		return rewrite_sizeof(ctx, f);
	if (k == CXCursor_BinaryOperator)
		return rewrite_pointer_difference(ctx, f);
	return 0;
}
