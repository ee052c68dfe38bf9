// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Which of the #if groups kconfig_groups.c found are converted: all of them
 * first; when that parse fails, the groups its errors lie in go back to the
 * build kernel, and when an error lies outside every group (a declaration a
 * branch made, used after #endif) each group is tried alone and those that
 * compile are kept. A few parses at most, and only when something fails. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* groups tried one by one at most (each is a parse of the program) */
#define MAX_TRIALS 8

static void group_free(struct kconfig_group *kg)
{
	for (int k = 0; k < kg->ndir; k++)
		free(kg->text[k]);
	for (size_t k = 0; k < kg->name_cnt; k++) {
		free(kg->names[k]);
		free(kg->decls ? kg->decls[k] : NULL);
	}
	free(kg->begin);
	free(kg->end);
	free(kg->text);
	free(kg->names);
	free(kg->decls);
}

static int add_extern(struct kconfig_load *kl, const char *name, const char *decl)
{
	int added = strv_add(&kl->names, &kl->name_cnt, name, strlen(name));

	return added > 0 ? strbuf_puts(&kl->externs, decl) : added;
}

/* ctx->parse_src and ctx->kload for the groups that are on. */
static int apply(struct kconfig_decision *kd, struct rw_ctx *ctx)
{
	struct strbuf text = {};
	size_t pos = 0;
	int err = 0;

	kconfig_load__free(&ctx->kload);
	for (;;) {
		/* the next directive to replace, in source order */
		const struct kconfig_group *best = NULL;
		int bk = 0;

		for (int i = 0; i < kd->cnt; i++)
			for (int k = 0; kd->groups[i].on && k < kd->groups[i].ndir; k++)
				if (kd->groups[i].begin[k] >= pos &&
				    (!best || kd->groups[i].begin[k] < best->begin[bk])) {
					best = &kd->groups[i];
					bk = k;
				}
		if (!best)
			break;
		strbuf_append(&text, kd->before.buf + pos, best->begin[bk] - pos);
		strbuf_puts(&text, best->text[bk]);
		pos = best->end[bk];
	}
	strbuf_append(&text, kd->before.buf + pos, kd->before.len - pos);
	for (int i = 0; i < kd->cnt; i++) {
		const struct kconfig_group *g = &kd->groups[i];

		ctx->kload.groups += g->on;
		for (size_t k = 0; g->on && !err && k < g->name_cnt; k++)
			err = add_extern(&ctx->kload, g->names[k], g->decls[k]);
	}
	strbuf_free(&ctx->parse_src);
	ctx->parse_src = text;
	return err;
}

/* Turn group @i off, and the groups that need it. */
static void group_off(struct kconfig_decision *kd, int i)
{
	kd->groups[i].on = false;
	for (int k = i + 1; k < kd->cnt; k++)
		if (kd->groups[k].parent >= 0 && !kd->groups[kd->groups[k].parent].on)
			kd->groups[k].on = false;
}

/* Group @i alone (and what it needs). */
static void only(struct kconfig_decision *kd, int i)
{
	for (int k = 0; k < kd->cnt; k++)
		kd->groups[k].on = false;
	for (; i >= 0; i = kd->groups[i].parent)
		kd->groups[i].on = true;
}

/* Errors of this parse, as the innermost group that is on around each;
 * false when one lies outside all of them. */
static bool blame(struct kconfig_decision *kd, struct rw_ctx *ctx, bool *guilty)
{
	unsigned n = clang_getNumDiagnostics(ctx->tu);
	bool all = true;

	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(ctx->tu, i);
		CXFile f;
		unsigned line;
		int who = -1;

		if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
			clang_getFileLocation(clang_getDiagnosticLocation(d), &f, &line, NULL, NULL);
			for (int g = 0; f && clang_File_isEqual(f, ctx->main_file) && g < kd->cnt; g++)
				if (kd->groups[g].on && kd->groups[g].first_line <= line &&
				    line <= kd->groups[g].last_line)
					who = g;	/* inner groups come later */
			if (who < 0)
				all = false;
			else
				guilty[who] = true;
		}
		clang_disposeDiagnostic(d);
	}
	return all;
}

static bool any_on(const struct kconfig_decision *kd)
{
	for (int i = 0; i < kd->cnt; i++)
		if (kd->groups[i].on)
			return true;
	return false;
}

int kconfig_decision__next(struct kconfig_decision *kd, struct rw_ctx *ctx, bool errors)
{
	bool *guilty;

	switch (kd->phase) {
	case KD_START: {
		const char *from;
		const char *config;
		int err;

		kd->phase = KD_DONE;
		if (errors)
			return 0;	/* reported as they are */
		strbuf_append(&kd->before, ctx->parse_src.buf, ctx->parse_src.len);
		ctx->src = ctx->parse_src.buf;	/* cursor offsets of this parse */
		ctx->src_len = ctx->parse_src.len;
		/* read (and recorded in the object) only when a test names it */
		config = memmem(ctx->parse_src.buf, ctx->parse_src.len, "CONFIG_", 7)
			 ? kconfig__text(ctx, &from) : NULL;
		err = kconfig_groups__plan(ctx, &kd->before, config, kd);
		ctx->src = NULL;
		ctx->src_len = 0;
		if (err || !kd->cnt)
			return err;
		for (int i = 0; i < kd->cnt; i++)
			kd->groups[i].on = true;
		kd->phase = KD_ALL;
		break;
	}
	case KD_ALL:
		if (!errors)
			return 0;
		guilty = calloc(kd->cnt, sizeof(*guilty));
		if (!guilty)
			return -ENOMEM;
		if (blame(kd, ctx, guilty)) {
			for (int i = 0; i < kd->cnt; i++)
				if (guilty[i])
					group_off(kd, i);
			if (!any_on(kd))
				kd->phase = KD_NONE;
		} else if (kd->cnt > MAX_TRIALS) {
			kd->phase = KD_NONE;	/* a parse per group: too many */
		} else {
			/* an error after a group (a declaration it made, used
			 * later): try each group alone */
			kd->works = calloc(kd->cnt, sizeof(*kd->works));
			kd->phase = KD_EACH;
			kd->trial = 0;
			only(kd, 0);
		}
		free(guilty);
		if (kd->phase == KD_EACH && !kd->works)
			return -ENOMEM;
		break;
	case KD_EACH:
		kd->works[kd->trial] = !errors;
		if (++kd->trial < kd->cnt) {
			only(kd, kd->trial);
			break;
		}
		for (int i = 0; i < kd->cnt; i++)
			kd->groups[i].on = kd->works[i];
		for (int i = 0; i < kd->cnt; i++)
			if (kd->groups[i].parent >= 0 && !kd->groups[kd->groups[i].parent].on)
				kd->groups[i].on = false;
		kd->phase = any_on(kd) ? KD_FINAL : KD_NONE;
		break;
	case KD_FINAL:
		if (!errors)
			return 0;
		kd->phase = KD_NONE;
		for (int i = 0; i < kd->cnt; i++)
			kd->groups[i].on = false;
		break;
	case KD_NONE:
		/* with every group back at build time */
		kd->phase = KD_DONE;
		return 0;
	default:
		return 0;
	}
	if (kd->phase == KD_NONE)
		for (int i = 0; i < kd->cnt; i++)
			kd->groups[i].on = false;
	return apply(kd, ctx) ?: 1;
}

void kconfig_decision__free(struct kconfig_decision *kd)
{
	for (int i = 0; i < kd->cnt; i++)
		group_free(&kd->groups[i]);
	free(kd->groups);
	free(kd->works);
	strbuf_free(&kd->before);
	memset(kd, 0, sizeof(*kd));
}

void kconfig_load__free(struct kconfig_load *kl)
{
	for (size_t i = 0; i < kl->name_cnt; i++)
		free(kl->names[i]);
	free(kl->names);
	strbuf_free(&kl->externs);
	memset(kl, 0, sizeof(*kl));
}
