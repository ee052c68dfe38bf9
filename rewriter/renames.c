// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Kernel fields renamed or moved between versions. A BCC program written for
 * one spelling breaks on kernels with the other (BCC fails to compile
 * prev->state on 5.14+); the converted program reads them through a reader
 * in bcc2core.bpf.h that asks CO-RE which spelling this kernel has. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define INET_FLAG(field) \
	{ "inet_sock", #field, { NULL }, "inet_flags", "bcc2core_inet_sock_" #field }

static const struct field_rename renames[] = {
	/* 5.14, 2f064a59a11f: state -> __state (and long -> unsigned int) */
	{ "task_struct", "state", { "__state" }, NULL, "bcc2core_task_state" },
	/* 6.14: cfs_rq.nr_running -> nr_queued */
	{ "cfs_rq", "nr_running", { "nr_queued" }, NULL, "bcc2core_cfs_rq_nr_queued" },
	/* ~5.19: the request's disk is only its queue's (BCC's biosnoop,
	 * biotop, biolatency -D: req->__RQ_DISK__) */
	{ "request", "rq_disk", { "q", "disk" }, NULL, "bcc2core_request_disk" },
	/* 5.12, 309dca309fc3: the bio's disk is its block device's */
	{ "bio", "bi_disk", { "bi_bdev", "bd_disk" }, NULL, "bcc2core_bio_disk" },
	/* 6.6: inet_sock's flag bitfields became bits of inet_flags, which has
	 * no field to read instead: parsed as inet_flags, read only by the
	 * reader (see field_rename.parse_as) */
	INET_FLAG(recverr), INET_FLAG(is_icsk), INET_FLAG(freebind), INET_FLAG(hdrincl),
	INET_FLAG(mc_loop), INET_FLAG(transparent), INET_FLAG(mc_all), INET_FLAG(nodefrag),
	INET_FLAG(bind_address_no_port), INET_FLAG(recverr_rfc4884),
	INET_FLAG(defer_connect),
};

/* The rename whose old name, or the first step of whose new path, is @field
 * of struct @record. */
const struct field_rename *field_rename__find(const char *record, const char *field)
{
	for (size_t i = 0; i < sizeof(renames) / sizeof(renames[0]); i++) {
		const struct field_rename *fr = &renames[i];

		if (strcmp(fr->record, record))
			continue;
		if (!strcmp(fr->old_name, field) || (fr->new_path[0] && !strcmp(fr->new_path[0], field)))
			return fr;
	}
	return NULL;
}

int field_rename__steps(const struct field_rename *fr)
{
	return fr->new_path[1] ? 2 : 1;
}

/* What a program's old name is parsed as on a kernel without it: the new
 * path ("q->disk"), so that the rest of a chain (->disk_name) still types. */
char *field_rename__parse_text(const struct field_rename *fr)
{
	struct strbuf sb = {};

	if (fr->parse_as)
		return strdup(fr->parse_as);
	strbuf_puts(&sb, fr->new_path[0]);
	if (fr->new_path[1])
		strbuf_printf(&sb, "->%s", fr->new_path[1]);
	return strbuf_detach(&sb);
}

/* "task_struct" for an expression of type struct task_struct (*). */
static char *record_name(CXType t)
{
	CXCursor d;

	t = clang_getCanonicalType(t);
	if (t.kind == CXType_Pointer)
		t = clang_getCanonicalType(clang_getPointeeType(t));
	d = clang_getTypeDeclaration(t);
	return clang_Cursor_isNull(d) ? NULL : cursor_spelling(d);
}

static struct parsed_rename *parsed_rename_at(struct rw_ctx *ctx, CXCursor member)
{
	size_t off;

	if (!ctx->parsed_rename_cnt || !cursor_offset(ctx, member, &off))
		return NULL;
	for (size_t i = 0; i < ctx->parsed_rename_cnt; i++)
		if (ctx->parsed_renames[i].off == off)
			return &ctx->parsed_renames[i];
	return NULL;
}

const struct field_rename *field_rename__at(struct rw_ctx *ctx, CXCursor member,
					    const char *next, int *steps,
					    struct parsed_rename **parsed)
{
	struct parsed_rename *pr = parsed_rename_at(ctx, member);
	const struct field_rename *fr = NULL;
	unsigned n;
	CXCursor *kids;
	char *rec, *name;

	*parsed = NULL;
	if (pr) {
		/* the parse wrote the old name as the new path: all of it, or
		 * nothing, goes through the reader */
		if (pr->fr->new_path[1] && (!next || strcmp(next, pr->fr->new_path[1])))
			return NULL;
		*steps = field_rename__steps(pr->fr);
		*parsed = pr;
		return pr->fr;
	}
	kids = cursor_children(member, &n);
	rec = n ? record_name(clang_getCursorType(kids[0])) : NULL;
	free(kids);
	name = cursor_spelling(member);
	if (rec && name)
		fr = field_rename__find(rec, name);
	if (fr && !strcmp(name, fr->old_name)) {
		*steps = 1;	/* this kernel's headers still have the old name */
	} else if (fr && (!fr->new_path[1] || (next && !strcmp(next, fr->new_path[1])))) {
		*steps = field_rename__steps(fr);
	} else {
		fr = NULL;
	}
	free(rec);
	free(name);
	return fr;
}

void field_rename__check_parsed(struct rw_ctx *ctx)
{
	for (size_t i = 0; i < ctx->parsed_rename_cnt; i++) {
		const struct parsed_rename *pr = &ctx->parsed_renames[i];

		if (pr->fr->parse_as && !pr->read)
			rw_error(ctx, pr->off, "read it as a value, through a kernel pointer in a "
				 "program or its helpers: there bcc2core puts a CO-RE reader",
				 "'%s' of struct %s is not a field on this kernel (now a bit of %s), "
				 "and bcc2core cannot read it here", pr->fr->old_name,
				 pr->fr->record, pr->fr->parse_as);
	}
}
