// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* BCC's packet header structs (<bcc/proto.h>): a pointer to one is an
 * offset into the packet (cursor_advance from 0), so `ip->ttl` is not a load
 * but a read of the packet at that offset and bit position, host order, and
 * `ip->ttl = x` a write there; as BCC's bpf_dext_pkt / bpf_dins_pkt. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

bool packet_record_type(CXType t)
{
	CXCursor rec;
	unsigned n;
	CXCursor *ch;
	bool r = false;

	t = clang_getCanonicalType(t);
	if (t.kind == CXType_Pointer)
		t = clang_getCanonicalType(clang_getPointeeType(t));
	if (t.kind != CXType_Record)
		return false;
	rec = clang_getTypeDeclaration(t);
	ch = cursor_children(rec, &n);
	for (unsigned i = 0; i < n && !r; i++) {
		if (clang_getCursorKind(ch[i]) == CXCursor_AnnotateAttr) {
			char *a = cursor_spelling(ch[i]);

			r = !strcmp(a, "bcc2core_packet");
			free(a);
		}
	}
	free(ch);
	return r;
}

/* ptr->field of a packet header: base text, bit offset, bit size */
static bool packet_field(struct rw_ctx *ctx, CXCursor member, char **base, long long *bit_off,
			 int *bits)
{
	CXCursor fd, b;

	if (clang_getCursorKind(member) != CXCursor_MemberRefExpr)
		return false;
	b = first_child(member);
	if (!packet_record_type(clang_getCursorType(b)) ||
	    clang_getCanonicalType(clang_getCursorType(b)).kind != CXType_Pointer)
		return false;
	fd = clang_getCursorReferenced(member);
	*bit_off = clang_Cursor_getOffsetOfField(fd);
	*bits = clang_Cursor_isBitField(fd) ? clang_getFieldDeclBitWidth(fd)
		: (int)clang_Type_getSizeOf(clang_getCursorType(fd)) * 8;
	if (*bit_off < 0 || *bits <= 0 || *bits > 64)
		return false;
	*base = cursor_text(ctx, b);
	return *base != NULL;
}

int pass_packets__visit(struct rw_ctx *ctx, const struct walk_frame *f)
{
	CXCursor c = f->cursor;
	enum CXCursorKind k = clang_getCursorKind(c);
	const struct walk_frame *par;
	char *base = NULL, *skb = NULL, *val = NULL, *text = NULL;
	long long off;
	int bits, err = 0;
	size_t b, e;

	if (k == CXCursor_BinaryOperator) {
		/* ptr->field = value: a write into the packet */
		unsigned n;
		CXCursor *ch = cursor_children(c, &n);
		char *op;

		if (n != 2 || !packet_field(ctx, ch[0], &base, &off, &bits)) {
			free(ch);
			return 0;
		}
		op = binary_operator(ctx, c, ch[0]);
		if (!op || strcmp(op, "=")) {
			free(op);
			free(ch);
			free(base);
			return 0;
		}
		free(op);
		val = cursor_text(ctx, ch[1]);
		free(ch);
		skb = walk_ctx_name(f);
		if (val && skb && cursor_range(ctx, c, &b, &e) &&
		    asprintf(&text, "bcc2core_dins_pkt(%s, (u64)%s + %lld, %lld, %d, %s)", skb, base,
			     off / 8, off % 8, bits, val) >= 0)
			err = rw_edit(ctx, b, e, text);
		goto out;
	}
	if (k != CXCursor_MemberRefExpr || !packet_field(ctx, c, &base, &off, &bits))
		return 0;
	if (!cursor_range(ctx, c, &b, &e) || expr_is_written(ctx, f))
		goto out;	/* the assignment rewrites it */
	for (par = f->parent; par; par = par->parent)
		if (clang_getCursorKind(par->cursor) == CXCursor_UnaryExpr)
			goto out;	/* sizeof */
	par = walk_real_parent(f);
	if (par && clang_getCursorKind(par->cursor) == CXCursor_UnaryOperator &&
	    unary_operator_is(ctx, par->cursor, "&"))
		goto out;	/* an offset, not a read */
	skb = walk_ctx_name(f);
	if (!skb) {
		rw_error(ctx, b, "read packet headers in a program taking the packet (struct "
			 "__sk_buff *) first", "no packet to read '%.*s' from", (int)(e - b),
			 ctx->src + b);
		goto out;
	}
	if (asprintf(&text, "bcc2core_dext_pkt(%s, (u64)%s + %lld, %lld, %d)", skb, base, off / 8,
		     off % 8, bits) >= 0)
		err = rw_edit(ctx, b, e, text);
out:
	free(base);
	free(skb);
	free(val);
	free(text);
	return err;
}
