// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* BCC-only helpers -> libbpf: bpf_trace_printk -> bpf_printk (any number of
 * arguments, formats the kernel would not print said), legacy
 * bpf_probe_read* -> explicit _kernel/_user variants, incr_cksum_* with the
 * packet passed; calls BCC refuses, refused. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "../printk_format.h"

static int rename_callee(struct rw_ctx *ctx, CXCursor call, const char *from, const char *to)
{
	size_t b, e;

	if (!cursor_range(ctx, call, &b, &e) || e - b < strlen(from) ||
	    strncmp(ctx->src + b, from, strlen(from)))
		return 0;	/* spelled in a macro: nothing to rename here */
	return rw_edit(ctx, b, b + strlen(from), to);
}

/* The bytes of the string literal(s) [@b, @e) of the source, escapes
 * decoded, each with the offset it is written at; false for what this does
 * not read (a wide or UTF prefix). */
static bool decode_literal(const char *src, size_t b, size_t e, char *out, size_t *offs,
			   size_t *n)
{
	size_t k = 0;

	for (size_t i = b; i < e;) {
		if (isspace((unsigned char)src[i])) {
			i++;
			continue;
		}
		if (src[i] != '"')
			return false;	/* a prefix, a comment, a macro between */
		for (i++; i < e && src[i] != '"'; k++) {
			size_t at = i;
			unsigned v;

			if (src[i] != '\\') {
				v = (unsigned char)src[i++];
			} else if (i + 1 >= e) {
				return false;
			} else if (src[i + 1] == 'x') {
				for (v = 0, i += 2; i < e && isxdigit((unsigned char)src[i]); i++)
					v = v * 16 + (isdigit((unsigned char)src[i]) ? src[i] - '0'
						      : (tolower((unsigned char)src[i]) - 'a' + 10));
			} else if (src[i + 1] >= '0' && src[i + 1] <= '7') {
				int d = 0;

				for (v = 0, i++; d < 3 && i < e && src[i] >= '0' && src[i] <= '7'; d++)
					v = v * 8 + (src[i++] - '0');
			} else {
				static const char from[] = "ntrabfve", to[] = "\n\t\r\a\b\f\v\033";
				const char *m = strchr(from, src[i + 1]);

				v = m ? (unsigned char)to[m - from] : (unsigned char)src[i + 1];
				i += 2;
			}
			out[k] = (char)v;
			offs[k] = at;
		}
		if (i >= e)
			return false;
		i++;	/* the closing quote */
	}
	*n = k;
	return true;
}

/* Would the kernel print what this bpf_trace_printk call asks? It checks
 * the format when the call runs and prints nothing for one it does not
 * take: say so where the format is written. */
static void check_printk(struct rw_ctx *ctx, CXCursor call)
{
	int nargs = clang_Cursor_getNumArguments(call);
	CXCursor fmt;
	struct printk_problem p = {};
	size_t b, e, n, *offs;
	char *f;
	int r;

	if (nargs < 1)
		return;
	fmt = strip_expr(clang_Cursor_getArgument(call, 0));
	if (clang_getCursorKind(fmt) != CXCursor_StringLiteral || !cursor_range(ctx, fmt, &b, &e))
		return;	/* made at run time or by a macro: not ours to read */
	f = malloc(e - b + 1);
	offs = malloc((e - b + 1) * sizeof(*offs));
	if (f && offs && decode_literal(ctx->src, b, e, f, offs, &n) &&
	    (r = printk_format__check(f, n, nargs - 1, &p))) {
		size_t at = offs[p.at], len = p.at + p.len <= n && p.len
			    ? offs[p.at + p.len - 1] + 1 - at : 1;

		if (r < 0)
			rw_warn(ctx, at, "the kernel's printk takes %d %i %u %x %X (l, ll), %c, %s, "
				"%p (%pK %ps %pS %pB %pI4 %pks ...), flags 0+- and a width; no "
				"precision, no floating point",
				"bpf_trace_printk: %s ('%.*s'): the kernel prints nothing for this "
				"call", p.what, (int)len, ctx->src + at);
		else
			rw_warn(ctx, at, "print the strings with separate calls to run on those "
				"kernels", "bpf_trace_printk: %s ('%.*s'): kernels before 5.13 print "
				"nothing for this call", p.what, (int)len, ctx->src + at);
	}
	free(f);
	free(offs);
}

/* A call of a function of the program that is not static: BCC makes each
 * such function a program of its own, which nothing can call, and refuses
 * the call; so does the conversion, rather than turn the callee into a
 * program it was not meant to be. */
static void check_callee(struct rw_ctx *ctx, const struct walk_frame *f, const char *name)
{
	CXCursor ref = clang_getCursorReferenced(f->cursor), def;
	size_t b, e;

	if (clang_getCursorKind(ref) != CXCursor_FunctionDecl ||
	    clang_getCursorLinkage(ref) != CXLinkage_External)
		return;
	def = clang_getCursorDefinition(ref);
	if (clang_Cursor_isNull(def) || !cursor_in_main_file(ctx, def) ||
	    !cursor_range(ctx, f->cursor, &b, &e) || !spelled_at(ctx, b, name))
		return;
	rw_error(ctx, b, "make it static (or static inline) to call it from a program; BCC "
		 "refuses this call too", "cannot call '%s': a function that is not static is a "
		 "BPF program of its own", name);
}

/* incr_cksum_l3/l4(...) -> bcc2core_incr_cksum_l3/l4(PACKET, ...): BCC
 * passes the calling function's first parameter, so does this. */
static int incr_cksum(struct rw_ctx *ctx, const struct walk_frame *f, const char *name)
{
	char *skb = walk_ctx_name(f), *text = NULL;
	size_t b, e, p;
	int err = 0;

	if (!cursor_range(ctx, f->cursor, &b, &e) || !spelled_at(ctx, b, name)) {
		free(skb);
		return 0;	/* spelled in a macro */
	}
	for (p = b + strlen(name); p < e && isspace((unsigned char)ctx->src[p]); p++)
		;
	if (!skb || p >= e || ctx->src[p] != '(') {
		if (!skb)
			rw_error(ctx, b, "call it in a function whose first parameter is the packet "
				 "(struct __sk_buff *skb)", "%s: no packet to update the checksum "
				 "of", name);
		free(skb);
		return 0;
	}
	if (asprintf(&text, "bcc2core_%s(%s, ", name, skb) < 0)
		err = -ENOMEM;
	else
		err = rw_edit(ctx, b, p + 1, text);
	free(text);
	free(skb);
	return err;
}

/* Is the source argument (the last) of a legacy probe read user memory? */
static bool reads_user_memory(const struct walk_frame *f)
{
	const struct rw_prog *p = f->prog;

	/* BCC's legacy helper reads either; what the program is tells which */
	return p && (p->kind == PROG_UPROBE || p->kind == PROG_URETPROBE ||
		     p->kind == PROG_KSYSCALL || (p->tp && p->tp->syscall_enter));
}

int pass_helpers__visit(struct rw_ctx *ctx, const struct walk_frame *f)
{
	CXCursor c = f->cursor;
	char *name;
	size_t cb, ce;
	int err = 0;

	if (clang_getCursorKind(c) != CXCursor_CallExpr)
		return 0;
	name = cursor_spelling(c);

	if (f->prog && same_decl(clang_getCursorReferenced(c), f->prog->fn) &&
	    cursor_range(ctx, c, &cb, &ce) && spelled_at(ctx, cb, name)) {
		/* (BPF_PROG's typeof(name(0)) is in a macro body: not a call) */
		rw_error(ctx, cb, "BPF has no recursion: rewrite it as a bounded loop",
			 "'%s' calls itself", name);
	} else if (!strcmp(name, "bpf_trace_printk")) {
		check_printk(ctx, c);
		err = rename_callee(ctx, c, "bpf_trace_printk", "bpf_printk");
	} else if (!strcmp(name, "incr_cksum_l3") || !strcmp(name, "incr_cksum_l4")) {
		err = incr_cksum(ctx, f, name);
	} else if (!strcmp(name, "bpf_probe_read")) {
		err = rename_callee(ctx, c, "bpf_probe_read", reads_user_memory(f)
				    ? "bpf_probe_read_user" : "bpf_probe_read_kernel");
	} else if (!strcmp(name, "bpf_num_cpus")) {
		/* BCC bakes the compiling host's CPU count in; the object cannot
		 * know its target's: a constant the runtime sets before load */
		size_t b, e;

		if (cursor_range(ctx, c, &b, &e) && spelled_at(ctx, b, name)) {
			err = rw_edit(ctx, b, e, "bcc2core_num_cpus");
			ctx->uses_num_cpus = true;
		}
	} else if (!strcmp(name, "bpf_usdt_readarg") || !strcmp(name, "bpf_usdt_readarg_p")) {
		err = rename_callee(ctx, c, name, !strcmp(name, "bpf_usdt_readarg")
				    ? "bcc2core_usdt_readarg" : "bcc2core_usdt_readarg_p");
		ctx->uses_usdt = true;
	} else if (!strcmp(name, "bpf_probe_read_str")) {
		err = rename_callee(ctx, c, "bpf_probe_read_str", reads_user_memory(f)
				    ? "bpf_probe_read_user_str" : "bpf_probe_read_kernel_str");
	} else {
		check_callee(ctx, f, name);
	}
	free(name);
	return err;
}
