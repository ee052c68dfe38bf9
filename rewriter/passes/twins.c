// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Alternate forms of a program, for the runtime to pick the one this kernel
 * allows (kprobes absent, fentry refused, ...):
 *   ksyscall X     -> NAME__tp    on syscalls:sys_enter_X (args from ctx->args[])
 *   kretsyscall X  -> NAME__tp    on syscalls:sys_exit_X  (PT_REGS_RC -> ctx->ret)
 *   kprobe F       -> NAME__fentry on F  (same arguments, BPF_PROG)
 *   kretprobe F    -> NAME__fexit  on F  (PT_REGS_RC -> the return slot)
 *   raw_tracepoint E -> NAME__tp_btf on E (same body: tp_btf_twin.c)
 *   tracepoint C/E   -> NAME__tp_btf on E (its record's fields from the
 *                       arguments: tp_record_twin.c)
 * The twin's body is the converted body itself; the PT_REGS_* macros it uses
 * are redefined around it for its context. A body that uses its context in
 * any other way gets no twin. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "../internal.h"

struct ctx_use {
	struct rw_ctx *ctx;
	CXCursor param;
	struct pt_regs_macros m;	/* PT_REGS_* expansions in the body */
	bool other_use;
};

static bool in_macro(struct ctx_use *u, size_t off, const char **name)
{
	for (size_t i = 0; i < u->m.cnt; i++) {
		if (off >= u->m.b[i] && off < u->m.e[i]) {
			*name = u->m.names[i];
			return true;
		}
	}
	return false;
}

/* A function of the file that a twin's body hands ctx to and that reads it
 * as pt_regs (bindsnoop's bindsnoop_return(ctx, 4) and tcpconnect's
 * trace_connect_return(ctx, 4) read PT_REGS_RC(ctx)): the twin gets a copy
 * of it, NAME__fexit__FN(void *ctx, ...), inside the twin's PT_REGS_*
 * redefinitions, and calls the copy where the body called FN. */
struct ctx_clone {
	CXCursor fn;	/* its definition */
	int argi;	/* which parameter ctx is */
};

struct clone_call {
	size_t b, e;	/* the callee's name in the body */
	size_t clone;
};

struct clones {
	struct ctx_clone *fns;
	size_t fn_cnt;
	struct clone_call *calls;
	size_t call_cnt;
};

static void clones__free(struct clones *cl)
{
	free(cl->fns);
	free(cl->calls);
	memset(cl, 0, sizeof(*cl));
}

/* Every ctx use must be an argument of a call; libclang gives no parent
 * links, so walk calls and count the ctx arguments they hold. A function of
 * the program's own file counts only if it, in turn, only hands ctx on
 * (execsnoop's submit_arg() to perf_submit), or, called from the program's
 * body itself (@clones), reads it with PT_REGS_* besides: the twin then
 * calls a copy of it that reads the twin's context. Deeper, a function that
 * reads ctx as pt_regs does so where the twin's redefined PT_REGS_* do not
 * reach, and the twin would read its context at pt_regs offsets. */
struct call_args {
	struct rw_ctx *ctx;
	CXCursor param;
	size_t in_calls;
	int depth;	/* functions of the file this one was reached through */
	struct clones *clones;	/* NULL: no copies at this depth */
};

enum ctx_use_kind {
	CTX_OTHER_USE,		/* read as something else, or not known */
	CTX_HANDED_ON,		/* only an argument of calls that hand it on */
	CTX_READ_AS_REGS,	/* that, and read with PT_REGS_* */
};

static enum ctx_use_kind local_fn_ctx_use(struct rw_ctx *ctx, CXCursor fn, int argi, int depth);

static bool is_local_function(CXCursor fn)
{
	return clang_getCursorKind(fn) == CXCursor_FunctionDecl &&
	       clang_Location_isFromMainFile(clang_getCursorLocation(fn));
}

/* Is there a #define, #undef or #include in [b, e) of the main file? A copy
 * made further down would see other macros than the function did. */
static bool directive_between(struct rw_ctx *ctx, size_t b, size_t e)
{
	for (size_t i = b; i < e && i < ctx->src_len; i++) {
		size_t k = i;

		if (i && ctx->src[i - 1] != '\n')
			continue;
		while (k < e && (ctx->src[k] == ' ' || ctx->src[k] == '\t'))
			k++;
		if (k >= e || ctx->src[k] != '#')
			continue;
		for (k++; k < e && (ctx->src[k] == ' ' || ctx->src[k] == '\t'); k++)
			;
		if (!strncmp(ctx->src + k, "define", 6) || !strncmp(ctx->src + k, "undef", 5) ||
		    !strncmp(ctx->src + k, "include", 7))
			return true;
	}
	return false;
}

/* Why function @fn (with a body: local_fn_ctx_use()) cannot be copied for
 * a twin, or NULL: its parameters must be spelled in place (the copy is
 * made of their text), it must be no program and be defined before @call,
 * with no macro changed in between. */
static const char *clone_refused(struct rw_ctx *ctx, CXCursor call, CXCursor fn)
{
	const struct rw_prog *prog = rw_find_prog(ctx, fn);
	size_t fb, fe, cb, ce, b, e;

	if (prog && prog->kind != PROG_NONE)
		return "it is a program";
	if (!cursor_range(ctx, fn, &fb, &fe) || !cursor_range(ctx, call, &cb, &ce) || fe > cb)
		return "it is defined after the call";
	for (int i = 0; i < clang_Cursor_getNumArguments(fn); i++) {
		CXCursor prm = clang_Cursor_getArgument(fn, i);
		char *name = cursor_spelling(prm);
		/* its declaration's text ends with its name where it is
		 * written out (libclang gives a macro's place for one it spells) */
		bool in_place = name && cursor_range(ctx, prm, &b, &e) && e - b >= strlen(name) &&
				spelled_at(ctx, e - strlen(name), name);

		free(name);
		if (!in_place)
			return "a macro spells its parameters";
	}
	if (directive_between(ctx, fe, cb))
		return "a macro may change between it and the program";
	return NULL;
}

/* Call @call of the body to @fn, with ctx as its argument @argi: records
 * the copy of @fn the twin needs and where the body names it, if the name
 * can be changed there (spelled in place, no edit on it) and the copy can
 * be made (clone_refused()). */
static bool clone_call_add(struct rw_ctx *ctx, struct clones *cl, CXCursor call, CXCursor fn,
			   int argi)
{
	unsigned n;
	CXCursor *kids = cursor_children(call, &n), callee;
	size_t b, e, k;
	char *name = cursor_spelling(fn);
	struct clone_call *calls;
	const char *why = NULL;

	callee = n ? strip_expr(kids[0]) : clang_getNullCursor();
	free(kids);
	if (!name)
		return false;
	if (clang_getCursorKind(callee) != CXCursor_DeclRefExpr || !spelled_in_place(ctx, callee) ||
	    !cursor_range(ctx, callee, &b, &e) || e - b != strlen(name) ||
	    !spelled_at(ctx, b, name) || edits__touch(&ctx->edits, b, e))
		why = "the call does not spell its name in place";
	why = why ?: clone_refused(ctx, call, fn);
	for (k = 0; k < cl->fn_cnt && !same_decl(cl->fns[k].fn, fn); k++)
		;
	if (!why && k < cl->fn_cnt && cl->fns[k].argi != argi)
		why = "ctx is handed to it at two places";
	if (why) {
		pr_debug("no copy of %s for an alternate form: %s\n", name, why);
		free(name);
		return false;
	}
	free(name);
	if (k == cl->fn_cnt) {
		struct ctx_clone *f = realloc(cl->fns, (k + 1) * sizeof(*f));

		if (!f)
			return false;
		cl->fns = f;
		cl->fns[cl->fn_cnt++] = (struct ctx_clone){ fn, argi };
	}
	calls = realloc(cl->calls, (cl->call_cnt + 1) * sizeof(*calls));
	if (!calls)
		return false;
	cl->calls = calls;
	cl->calls[cl->call_cnt++] = (struct clone_call){ b, e, k };
	return true;
}

static enum CXChildVisitResult count_call_args(CXCursor c, CXCursor parent, CXClientData data)
{
	struct call_args *ca = data;

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_CallExpr) {
		CXCursor callee = clang_getCursorDefinition(clang_getCursorReferenced(c));
		int n = clang_Cursor_getNumArguments(c);

		for (int i = 0; i < n; i++) {
			CXCursor a = strip_expr(clang_Cursor_getArgument(c, i));

			if (clang_getCursorKind(a) != CXCursor_DeclRefExpr ||
			    !same_decl(clang_getCursorReferenced(a), ca->param))
				continue;
			if (!is_local_function(callee)) {
				/* a helper (a pointer, or declared only) hands it
				 * to the kernel; a header's function reads it
				 * where no check sees it */
				if (clang_getCursorKind(callee) != CXCursor_FunctionDecl)
					ca->in_calls++;
				continue;
			}
			switch (local_fn_ctx_use(ca->ctx, callee, i, ca->depth + 1)) {
			case CTX_HANDED_ON:
				ca->in_calls++;
				break;
			case CTX_READ_AS_REGS:
				if (ca->clones && clone_call_add(ca->ctx, ca->clones, c, callee, i))
					ca->in_calls++;
				break;
			default:
				break;
			}
		}
	}
	return CXChildVisit_Recurse;
}

struct ref_count {
	struct ctx_use *u;
	size_t refs;
};

static enum CXChildVisitResult count_refs(CXCursor c, CXCursor parent, CXClientData data)
{
	struct ref_count *rc = data;
	size_t off;
	const char *mname;

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr &&
	    same_decl(clang_getCursorReferenced(c), rc->u->param) &&
	    cursor_offset(rc->u->ctx, c, &off) && !in_macro(rc->u, off, &mname))
		rc->refs++;
	return CXChildVisit_Recurse;
}

static bool body_needs_kprobe(CXCursor fn);

/* How function @fn of the file uses its parameter @argi: only as an
 * argument of calls that only hand it on, that and in PT_REGS_*, or
 * otherwise. */
static enum ctx_use_kind local_fn_ctx_use(struct rw_ctx *ctx, CXCursor fn, int argi, int depth)
{
	CXCursor body = function_body(fn);
	struct ctx_use u = { .ctx = ctx };
	struct call_args ca = { .ctx = ctx, .depth = depth };
	struct ref_count rc = { .u = &u };
	enum ctx_use_kind use = CTX_OTHER_USE;
	size_t b, e;

	if (depth > 4 || clang_Cursor_isNull(body) || !cursor_range(ctx, body, &b, &e) ||
	    argi >= clang_Cursor_getNumArguments(fn))
		return CTX_OTHER_USE;
	u.param = ca.param = clang_Cursor_getArgument(fn, argi);
	if (pt_regs_macros__collect(ctx, b, e, &u.m)) {
		pt_regs_macros__free(&u.m);
		return CTX_OTHER_USE;
	}
	clang_visitChildren(body, count_call_args, &ca);
	clang_visitChildren(body, count_refs, &rc);
	if (rc.refs == ca.in_calls)
		use = u.m.cnt ? CTX_READ_AS_REGS : CTX_HANDED_ON;
	pt_regs_macros__free(&u.m);
	return use;
}

/* Number of parameters of kernel function @fn (BTF), or -1. */
static int btf_func_params(struct rw_ctx *ctx, const char *fn)
{
	const struct btf_type *t = rw_kernel_func_proto(ctx, fn);

	return t ? btf_vlen(t) : -1;
}

/* Are the PT_REGS_* invocations [from, to) of @m all on @param, as
 * PT_REGS_RC(ctx) or PT_REGS_RC((ctx))? The twin redefines them for its
 * own context: on anything else (PT_REGS_PARM1(&regs), a copy of a
 * syscall's registers) they would read that at the context's slots. */
static bool macros_on_param(struct rw_ctx *ctx, const struct pt_regs_macros *m, size_t from,
			    size_t to, CXCursor param)
{
	char *name = cursor_spelling(param);
	bool ok = name && *name;

	for (size_t i = from; ok && i < to; i++) {
		const char *t = ctx->src + m->b[i] + strlen(m->names[i]);
		const char *end = ctx->src + m->e[i];
		size_t n = strlen(name);

		while (t < end && strchr(" \t\n(", *t))
			t++;
		ok = end - t >= (ptrdiff_t)n && !strncmp(t, name, n);
		for (t += ok ? n : 0; ok && t < end; t++)
			ok = strchr(" \t\n)", *t) != NULL;
	}
	free(name);
	return ok;
}

/* The redefinitions a twin's body needs for the PT_REGS_* it uses. */
static bool macro_prologue(struct ctx_use *u, enum prog_kind alt, int ret_slot, int fn_params,
			   struct strbuf *pro, struct strbuf *epi)
{
	/* a syscall tracepoint's record is read with direct loads of the
	 * context, as its fields are, but where build found clang moved the
	 * context pointer for them (pass_programs__visit says why) */
	bool probe_exit = rw_ctx_field_moved(u->ctx->rw, "syscall_tp_t___bcc2core_exit", "ret");

	for (size_t i = 0; i < u->m.cnt; i++) {
		const char *m = u->m.names[i];
		char repl[128] = "";
		int n;

		for (size_t k = 0; k < i; k++)
			if (!strcmp(u->m.names[k], m))
				goto next;
		/* a kprobe's argument n is fentry's slot n - 1, where the
		 * function has one (else the verifier refuses the form); a
		 * syscall kprobe's PT_REGS_PARMn(ctx) reads the syscall
		 * wrapper's registers, which its tracepoint does not have */
		if (sscanf(m, "PT_REGS_PARM%d", &n) == 1 && strlen(m) == 13 && n >= 1 && n <= 6) {
			if (alt == PROG_FENTRY && n <= fn_params)
				snprintf(repl, sizeof(repl), "(((__u64 *)(x))[%d])", n - 1);
		} else if (!strcmp(m, "PT_REGS_RC")) {
			if (alt == PROG_FEXIT && ret_slot >= 0)
				snprintf(repl, sizeof(repl), "(((__u64 *)(x))[%d])", ret_slot);
			else if (alt == PROG_TRACEPOINT)
				snprintf(repl, sizeof(repl), "%s", probe_exit ?
					 "BPF_CORE_READ((struct syscall_tp_t___bcc2core_exit *)(x), ret)" :
					 "(((struct syscall_tp_t___bcc2core_exit *)(x))->ret)");
		}
		if (!*repl)
			return false;	/* PT_REGS_IP, PT_REGS_SP, ...: no equivalent */
		strbuf_printf(pro, "#pragma push_macro(\"%s\")\n#undef %s\n#define %s(x) %s\n",
			      m, m, m, repl);
		strbuf_printf(epi, "\n#pragma pop_macro(\"%s\")", m);
next:;
	}
	return true;
}

/* The name suffix of alternate form @alt ("__fentry", "__fexit", "__tp"). */
static const char *alt_suffix(enum prog_kind alt)
{
	return bcc2core_form__suffix(alt == PROG_FENTRY ? BCC2CORE_FORM_FENTRY :
				     alt == PROG_FEXIT ? BCC2CORE_FORM_FEXIT : BCC2CORE_FORM_TP);
}

/* An alternate form's SEC() and declarator, through ")\n": the syscall
 * tracepoint NAME__tp(void *ctx) on event @where, or the fentry/fexit
 * BPF_PROG(NAME__fentry, the program's arguments) on function @where; a
 * fexit form says which slot it reads the return value from (@ret_slot,
 * the function's arguments here), for the runtime to check. */
static void alt_declarator(struct rw_ctx *ctx, const struct rw_prog *p, enum prog_kind alt,
			   const char *where, int ret_slot, struct strbuf *out)
{
	char slot[16];

	if (alt == PROG_TRACEPOINT) {
		strbuf_printf(out, "SEC(\"tracepoint/syscalls/%s\")\nint %s%s(void *ctx)\n", where,
			      p->name, alt_suffix(alt));
		return;
	}
	strbuf_printf(out, "SEC(\"%s/%s\")", alt == PROG_FENTRY ? "fentry" : "fexit", where);
	if ((alt == PROG_FENTRY || alt == PROG_FEXIT) && p->btf_arg_reads)
		strbuf_tag_attr(out, BCC2CORE_TAG_BTF_ARG_READS, NULL);
	if ((alt == PROG_FENTRY || alt == PROG_FEXIT) && !body_needs_kprobe(p->fn))
		strbuf_tag_attr(out, BCC2CORE_TAG_KPROBE_FREE, NULL);
	if (alt == PROG_FEXIT && ret_slot >= 0) {
		snprintf(slot, sizeof(slot), "%d", ret_slot);
		strbuf_tag_attr(out, BCC2CORE_TAG_RET_SLOT, slot);
	}
	strbuf_printf(out, "\nint BPF_PROG(%s%s", p->name, alt_suffix(alt));
	for (int i = 1; i < clang_Cursor_getNumArguments(p->fn); i++) {
		char *d = cursor_text(ctx, clang_Cursor_getArgument(p->fn, i));

		strbuf_printf(out, ", %s", d ? d : "");
		free(d);
	}
	strbuf_puts(out, ")\n");
}

/* Argument @i (1-based, after ctx) of a syscall program, as its syscall
 * tracepoint form reads it: a direct load of the context,
 * "(T)((struct syscall_tp_t___bcc2core_enter *)ctx)->args[i - 1]", or
 * "(T)BPF_CORE_READ(..., args[i - 1])" where build asks for probe reads
 * (pass_programs__visit says why) */
static void syscall_arg(const struct rw_ctx *ctx, const struct rw_prog *p, int i,
			struct strbuf *out)
{
	char *t = type_spelling(clang_getCursorType(clang_Cursor_getArgument(p->fn, i)));

	if (rw_ctx_field_moved(ctx->rw, "syscall_tp_t___bcc2core_enter", "args"))
		strbuf_printf(out, "(%s)BPF_CORE_READ((struct syscall_tp_t___bcc2core_enter *)ctx, "
			      "args[%d])", t, i - 1);
	else
		strbuf_printf(out, "(%s)((struct syscall_tp_t___bcc2core_enter *)ctx)->args[%d]",
			      t, i - 1);
	free(t);
}

/* A ksyscall program's third form, next to its tracepoint form: fentry on
 * the syscall's function, where the registers are a BTF-typed pointer and
 * each argument one plain load (PT_REGS_PARMn_SYSCALL), where the kprobe
 * form probe-reads each. The runtime takes it first where trampolines
 * work (btf_arg_reads). Not for a program attached to more syscalls than
 * its own, nor one that needs its kprobe (body_needs_kprobe()). */
static void syscall_fentry_form(struct rw_ctx *ctx, const struct rw_prog *p, struct strbuf *out)
{
	const char *syscall = strchr(p->section, '/') + 1;
	int nargs = clang_Cursor_getNumArguments(p->fn);
	char fn[256];

	if (p->also_cnt || !rw_kernel_syscall_function(ctx, syscall, fn, sizeof(fn)) ||
	    body_needs_kprobe(p->fn))
		return;
	strbuf_printf(out, "\n\nSEC(\"fentry/%s\")", fn);
	strbuf_tag_attr(out, BCC2CORE_TAG_BTF_ARG_READS, NULL);
	strbuf_tag_attr(out, BCC2CORE_TAG_KPROBE_FREE, NULL);
	strbuf_printf(out, "\nint BPF_PROG(%s%s, const struct pt_regs *regs)\n{\n\treturn %s__body(ctx",
		      p->name, bcc2core_form__suffix(BCC2CORE_FORM_FENTRY), p->name);
	for (int i = 1; i < nargs; i++) {
		char *t = type_spelling(clang_getCursorType(clang_Cursor_getArgument(p->fn, i)));

		strbuf_printf(out, ",\n\t\t(%s)PT_REGS_PARM%d_SYSCALL(regs)", t, i);
		free(t);
	}
	strbuf_puts(out, ");\n}");
}

/* A program and its alternate form with one body: the program's function
 * becomes a static inline NAME__body(ctx, its arguments), the body staying
 * where it is (its edits and line mapping untouched), and after it the
 * program and the form each call it with their arguments, as a hand-written
 * libbpf program would. @where is the tracepoint event or fentry/fexit target. */
static int emit_shared(struct rw_ctx *ctx, struct rw_prog *p, enum prog_kind alt,
		       const char *where, size_t fb, size_t bb, size_t fe)
{
	int nargs = clang_Cursor_getNumArguments(p->fn), err;
	/* from the character before the function: the SEC() line inserted at
	 * its start is then inside the range, and goes with the program */
	size_t from = fb ? fb - 1 : fb, keep;
	char *head = edits__render(&ctx->edits, from, bb);
	char *first = cursor_spelling(clang_Cursor_getArgument(p->fn, 0));
	struct strbuf decl = {}, text = {}, args = {};
	const char *regs, *prog;

	if (!head || !first) {
		err = -ENOMEM;
		goto out;
	}
	prog = head + (from < fb);
	/* the program's pt_regs: ctx in BPF_KPROBE/BPF_KSYSCALL, else its own */
	regs = strstr(prog, "BPF_KPROBE(") || strstr(prog, "BPF_KSYSCALL(") ||
	       strstr(prog, "BCC2CORE_KSYSCALL(") ? "ctx" : first;
	if (from < fb)
		strbuf_append(&decl, head, 1);
	strbuf_printf(&decl, "static __always_inline int %s__body(void *ctx", p->name);
	for (int i = 1; i < nargs; i++) {
		CXCursor prm = clang_Cursor_getArgument(p->fn, i);
		char *d = cursor_text(ctx, prm), *nm = cursor_spelling(prm);

		strbuf_printf(&decl, ", %s", d ? d : "");
		strbuf_printf(&args, ", %s", nm ? nm : "");
		free(d);
		free(nm);
	}
	/* the space between the declarator and '{' as it was */
	keep = strlen(head);
	while (keep && strchr(" \t\r\n", head[keep - 1]))
		keep--;
	strbuf_printf(&decl, "%s)%s", p->btf_arg_reads ? ", bool bcc2core_btf_args" : "",
		      head + keep);
	/* a program whose first parameter is not ctx reads it under its name:
	 * the alias line the declarator pass added stays in the body */
	strbuf_printf(&text, "\n\n%.*s\n{\n\treturn %s__body(%s%s%s);\n}\n\n",
		      (int)(keep - (prog - head)), prog, p->name, regs, args.buf ? args.buf : "",
		      p->btf_arg_reads ? ", false" : "");
	alt_declarator(ctx, p, alt, where, -1, &text);
	/* fentry's arguments are BTF-typed: the body reads their fields directly */
	strbuf_printf(&text, "{\n\treturn %s__body(ctx", p->name);
	if (alt == PROG_TRACEPOINT) {
		/* the syscall's arguments, as BPF_KSYSCALL gave them */
		for (int i = 1; i < nargs && p->kind == PROG_KSYSCALL; i++) {
			strbuf_puts(&text, ",\n\t\t");
			syscall_arg(ctx, p, i, &text);
		}
	} else {
		strbuf_puts(&text, args.buf ? args.buf : "");
		if (p->btf_arg_reads)
			strbuf_puts(&text, ", true");
	}
	strbuf_puts(&text, ");\n}");
	if (alt == PROG_TRACEPOINT && p->kind == PROG_KSYSCALL)
		syscall_fentry_form(ctx, p, &text);
	err = decl.buf && text.buf ? rw_edit(ctx, from, bb, decl.buf) : -ENOMEM;
	err = err ?: rw_edit(ctx, fe, fe, text.buf);
out:
	strbuf_free(&decl);
	strbuf_free(&text);
	strbuf_free(&args);
	free(head);
	free(first);
	return err;
}

/* What emit_twin() makes of @p: the alternate form's kind and where it
 * attaches, the PT_REGS_* redefinitions its copy of the body needs (none:
 * the two forms share one body). False: no alternate form. */
struct twin_plan {
	enum prog_kind alt;
	const char *where;	/* fentry/fexit target, or syscall tracepoint event */
	char event[256];	/* "syscalls/sys_enter_X" */
	int ret_slot;
	struct strbuf pro, epi;
	size_t fb, fe, bb, be;
	struct clones clones;	/* functions of the file it copies */
};

static void twin_plan_free(struct twin_plan *tp)
{
	strbuf_free(&tp->pro);
	strbuf_free(&tp->epi);
	clones__free(&tp->clones);
}

static bool twin_plan(struct rw_ctx *ctx, const struct rw_prog *p, struct twin_plan *tp)
{
	const char *target = strchr(p->section, '/') ? strchr(p->section, '/') + 1 : NULL;
	struct ctx_use u = { .ctx = ctx };
	struct call_args ca = { .ctx = ctx, .clones = &tp->clones };
	struct ref_count rc = { .u = &u };
	CXCursor bodyc;
	int nargs = clang_Cursor_getNumArguments(p->fn);
	bool ok = false;
	size_t body_macros;
	int fn_params = -1;

	memset(tp, 0, sizeof(*tp));
	tp->ret_slot = -1;
	if (!target)
		return false;	/* attached later, to a target the object does not name */
	switch (p->kind) {
	case PROG_KSYSCALL:
	case PROG_KRETSYSCALL:
		/* every syscall program gets one, its syscall traced or not
		 * where it is built: x86_64 has no tracepoint for stat (its
		 * table's entry is newstat), and statsnoop's stat_entry goes on
		 * to statfs and newstat; the runtime skips what a kernel lacks */
		if (bcc2core_sec__syscall_tp(tp->event, sizeof(tp->event), p->section))
			return false;
		tp->alt = PROG_TRACEPOINT;
		tp->where = tp->event + strlen("syscalls/");
		break;
	case PROG_KPROBE:
		/* more arguments declared than the function has (filegone's
		 * vfs_rename of older kernels): fentry would be refused */
		fn_params = btf_func_params(ctx, target);
		if (fn_params < 0 || nargs - 1 > fn_params)
			return false;
		tp->alt = PROG_FENTRY;
		tp->where = target;
		break;
	case PROG_KRETPROBE:
		tp->ret_slot = btf_func_params(ctx, target);
		if (tp->ret_slot < 0 || nargs > 1)
			return false;
		tp->alt = PROG_FEXIT;
		tp->where = target;
		break;
	default:
		return false;
	}
	if (nargs < 1 || nargs > 6 || !cursor_range(ctx, p->fn, &tp->fb, &tp->fe))
		return false;	/* six arguments: declared in the body, not as BPF_PROG's */
	bodyc = function_body(p->fn);
	if (clang_Cursor_isNull(bodyc) || !cursor_range(ctx, bodyc, &tp->bb, &tp->be))
		return false;
	u.param = clang_Cursor_getArgument(p->fn, 0);
	ca.param = u.param;
	ok = !pt_regs_macros__collect(ctx, tp->bb, tp->be, &u.m);
	body_macros = u.m.cnt;
	clang_visitChildren(bodyc, count_call_args, &ca);
	clang_visitChildren(bodyc, count_refs, &rc);
	ok = ok && rc.refs == ca.in_calls && macros_on_param(ctx, &u.m, 0, body_macros, u.param);
	/* the copies' PT_REGS_* are redefined with the body's */
	for (size_t i = 0; ok && i < tp->clones.fn_cnt; i++) {
		const struct ctx_clone *c = &tp->clones.fns[i];
		size_t b, e, from = u.m.cnt;

		ok = cursor_range(ctx, function_body(c->fn), &b, &e) &&
		     !pt_regs_macros__collect(ctx, b, e, &u.m);
		ok = ok && macros_on_param(ctx, &u.m, from, u.m.cnt,
					   clang_Cursor_getArgument(c->fn, c->argi));
	}
	ok = ok && macro_prologue(&u, tp->alt, tp->ret_slot, fn_params, &tp->pro, &tp->epi);
	if (!ok)
		pr_debug("%s: no alternate form (it reads its context as pt_regs other than "
			 "with PT_REGS_* on it that the form can redefine)\n", p->name);
	pt_regs_macros__free(&u.m);
	if (!ok)
		twin_plan_free(tp);
	return ok;
}

/* Does @fn (or a function of the file it calls) need its kprobe's context:
 * walk a stack (BCC's stack_traces.get_stackid(ctx, ...), the helpers
 * themselves; a trampoline's stack is not the kprobe's), override the
 * function's return (bpf_override_return, kprobes only), or tail-call
 * (prog_array.call(ctx, i), bpf_tail_call: the first program to call
 * through a program array gives it its type, and the tool's kprobe
 * programs would then be refused in it)? */
struct stack_search {
	int depth;
	bool found;
};

static enum CXChildVisitResult find_kprobe_need(CXCursor c, CXCursor parent, CXClientData data)
{
	struct stack_search *ss = data;
	CXCursor callee;
	char *name;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_CallExpr)
		return CXChildVisit_Recurse;
	callee = clang_getCursorReferenced(c);
	name = cursor_spelling(callee);
	if (name && (strstr(name, "get_stackid") || strstr(name, "get_stack") ||
		     strstr(name, "override_return") || strstr(name, "tail_call") ||
		     !strcmp(name, "call")))
		ss->found = true;
	free(name);
	if (!ss->found && ss->depth < 4 && is_local_function(callee) &&
	    !clang_Cursor_isNull(function_body(clang_getCursorDefinition(callee)))) {
		ss->depth++;
		clang_visitChildren(function_body(clang_getCursorDefinition(callee)),
				    find_kprobe_need, ss);
		ss->depth--;
	}
	return ss->found ? CXChildVisit_Break : CXChildVisit_Recurse;
}

static bool body_needs_kprobe(CXCursor fn)
{
	struct stack_search ss = {};

	clang_visitChildren(fn, find_kprobe_need, &ss);
	return ss.found;
}

/* Which raw tracepoints get a tp_btf form, which kprobe programs get a
 * fentry form that shares their body, and which kretprobes a fexit form,
 * for the kernel reads to ask (arg_reads.c reads their arguments' fields
 * directly in that form, through the body's bcc2core_btf_args, and the
 * return value's through BCC2CORE_FEXIT). The body must not need its
 * kprobe either (body_needs_kprobe()): the fentry or fexit form is
 * preferred where both run. */
int pass_twins__plan(struct rw_ctx *ctx)
{
	for (size_t k = 0; k < ctx->prog_cnt; k++) {
		struct rw_prog *p = &ctx->progs[k];
		struct twin_plan tp;

		p->fentry_shared = false;
		p->fexit_twin = false;
		if (p->kind == PROG_RAW_TRACEPOINT && !p->from_macro && p->section &&
		    strchr(p->section, '/'))
			pass_twins__tp_btf_plan(ctx, p);
		if (p->kind == PROG_TRACEPOINT) {
			pass_twins__tp_record_plan(ctx, p);
			pass_twins__syscall_fentry_plan(ctx, p);
		}
		if ((p->kind != PROG_KPROBE && p->kind != PROG_KRETPROBE) || p->from_macro ||
		    !p->section || !twin_plan(ctx, p, &tp))
			continue;
		p->fentry_shared = tp.alt == PROG_FENTRY && !tp.pro.buf && !body_needs_kprobe(p->fn);
		/* attached to one function: the fexit form is preferred where
		 * both run (and would not be for another target) */
		p->fexit_twin = tp.alt == PROG_FEXIT && !p->also_cnt && !body_needs_kprobe(p->fn);
		twin_plan_free(&tp);
	}
	return 0;
}

static int clone_call_cmp(const void *a, const void *b)
{
	const struct clone_call *x = a, *y = b;

	return x->b < y->b ? -1 : x->b > y->b;
}

/* [b, e) of the main file with its edits, the calls to the functions the
 * twin copies naming the copies (@twin__FN) */
static char *render_renaming(struct rw_ctx *ctx, const char *twin, struct clones *cl, size_t b,
			     size_t e)
{
	struct strbuf sb = {};
	size_t pos = b;
	bool ok = true;

	if (cl->call_cnt)	/* calls is NULL without any */
		qsort(cl->calls, cl->call_cnt, sizeof(*cl->calls), clone_call_cmp);
	for (size_t i = 0; i < cl->call_cnt && ok; i++) {
		char *part = edits__render(&ctx->edits, pos, cl->calls[i].b);
		char *fn = cursor_spelling(cl->fns[cl->calls[i].clone].fn);

		ok = part && fn && !strbuf_printf(&sb, "%s%s__%s", part, twin, fn);
		pos = cl->calls[i].e;
		free(part);
		free(fn);
	}
	if (ok) {
		char *rest = edits__render(&ctx->edits, pos, e);

		ok = rest && !strbuf_puts(&sb, rest);
		free(rest);
	}
	if (!ok) {
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

/* The twin's copy of a function of the file (struct ctx_clone): @twin__FN,
 * its ctx a void * (BPF_PROG's or the tracepoint's), its body the one the
 * file has, with its edits. */
static int clone_text(struct rw_ctx *ctx, const char *twin, const struct ctx_clone *c,
		      struct strbuf *out)
{
	char *ret = type_spelling(clang_getCursorResultType(c->fn)), *name = cursor_spelling(c->fn);
	char *body = NULL;
	size_t b, e;
	int err = ret && name ? 0 : -ENOMEM;

	strbuf_printf(out, "static __always_inline %s %s__%s(", ret ? ret : "", twin, name ? name : "");
	for (int i = 0; !err && i < clang_Cursor_getNumArguments(c->fn); i++) {
		CXCursor prm = clang_Cursor_getArgument(c->fn, i);
		char *d = NULL;

		if (i == c->argi) {
			char *nm = cursor_spelling(prm);

			if (nm && asprintf(&d, "void *%s", nm) < 0)
				d = NULL;
			free(nm);
		} else if (cursor_range(ctx, prm, &b, &e)) {
			d = edits__render(&ctx->edits, b, e);
		}
		if (!d)
			err = -ENOMEM;
		else
			strbuf_printf(out, "%s%s", i ? ", " : "", d);
		free(d);
	}
	if (!err && cursor_range(ctx, function_body(c->fn), &b, &e))
		body = edits__render(&ctx->edits, b, e);
	if (!body)
		err = err ?: -ENOMEM;
	else
		rw_drop_outer_conditionals(body);
	strbuf_printf(out, ")\n%s\n\n", body ? body : "");
	free(ret);
	free(name);
	free(body);
	return err;
}

static int emit_twin(struct rw_ctx *ctx, struct rw_prog *p)
{
	struct twin_plan tp;
	struct strbuf text = {};
	char *body = NULL, twin[512];
	int err = 0, nargs = clang_Cursor_getNumArguments(p->fn);

	if (!twin_plan(ctx, p, &tp))
		return 0;
	if (!tp.pro.buf) {
		/* the same body serves both forms: one copy of it */
		err = emit_shared(ctx, p, tp.alt, tp.where, tp.fb, tp.bb, tp.fe);
		goto out;
	}
	snprintf(twin, sizeof(twin), "%s%s", p->name, alt_suffix(tp.alt));
	body = render_renaming(ctx, twin, &tp.clones, tp.bb, tp.be);
	if (!body) {
		err = -ENOMEM;
		goto out;
	}
	rw_drop_outer_conditionals(body);
	strbuf_puts(&text, "\n\n");
	strbuf_puts(&text, tp.pro.buf);
	if (tp.alt == PROG_FEXIT && p->btf_arg_reads) {
		strbuf_puts(&text, "#pragma push_macro(\"BCC2CORE_FEXIT\")\n#undef BCC2CORE_FEXIT\n"
			    "#define BCC2CORE_FEXIT 1\n");
		strbuf_puts(&tp.epi, "\n#pragma pop_macro(\"BCC2CORE_FEXIT\")");
	}
	for (size_t i = 0; i < tp.clones.fn_cnt && !err; i++)
		err = clone_text(ctx, twin, &tp.clones.fns[i], &text);
	if (err)
		goto out;
	/* void *ctx in the tracepoint form: the body hands ctx on as its
	 * kprobe form did */
	alt_declarator(ctx, p, tp.alt, tp.where, tp.ret_slot, &text);
	if (tp.alt == PROG_TRACEPOINT) {
		strbuf_puts(&text, "{");
		/* the syscall's arguments, as BPF_KSYSCALL gave them */
		for (int i = 1; i < nargs && p->kind == PROG_KSYSCALL; i++) {
			CXCursor prm = clang_Cursor_getArgument(p->fn, i);
			char *t = type_spelling(clang_getCursorType(prm)), *nm = cursor_spelling(prm);

			strbuf_printf(&text, "\n\t%s%s%s = ", t, t[strlen(t) - 1] == '*' ? "" : " ", nm);
			syscall_arg(ctx, p, i, &text);
			strbuf_puts(&text, ";");
			free(t);
			free(nm);
		}
		strbuf_puts(&text, body + 1);
	} else {
		strbuf_puts(&text, body);
	}
	strbuf_puts(&text, tp.epi.buf ? tp.epi.buf : "");
	err = rw_edit(ctx, tp.fe, tp.fe, text.buf);
out:
	twin_plan_free(&tp);
	strbuf_free(&text);
	free(body);
	return err;
}

struct param_use {
	CXCursor *params;
	int n;
	bool *used;
	bool in_macro;	/* one is used inside a macro's expansion */
};

static enum CXChildVisitResult mark_param_use(CXCursor c, CXCursor parent, CXClientData data)
{
	struct param_use *pu = data;

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr)
		for (int i = 0; i < pu->n; i++)
			if (same_decl(clang_getCursorReferenced(c), pu->params[i])) {
				pu->used[i] = true;
				/* the kernel reads cannot rewrite it
				 * there (PT_REGS_PARM1(regs), ...) */
				pu->in_macro |= cursor_is_macro_argument(c);
			}
	return CXChildVisit_Recurse;
}

/* A KRETFUNC_PROBE's kretprobe form reads arguments: a kprobe on entry
 * saves them per thread (the same way BCC tools pair kprobe and kretprobe). */
static void kentry_text(const char *name, const char *fn, int nargs, struct strbuf *out)
{
	strbuf_printf(out, "\n\n/* %s's arguments, from entry to return (its kretprobe form) */\n"
		      "struct {\n\t__uint(type, BPF_MAP_TYPE_HASH);\n\t__uint(max_entries, 10240);\n"
		      "\t__type(key, __u64);\n\t__type(value, __u64[%d]);\n} %s__kentry_args SEC(\".maps\");\n"
		      "\nSEC(\"kprobe/%s\")\nint BPF_KPROBE(%s%s)\n{\n"
		      "\t__u64 id = bpf_get_current_pid_tgid();\n\t__u64 args[%d] = {", name, nargs, name,
		      fn, name, bcc2core_form__suffix(BCC2CORE_FORM_KENTRY), nargs);
	for (int i = 0; i < nargs; i++)
		strbuf_printf(out, "%s(__u64)PT_REGS_PARM%d(ctx)", i ? ", " : " ", i + 1);
	strbuf_printf(out, " };\n\n\tbpf_map_update_elem(&%s__kentry_args, &id, &args, BPF_ANY);\n"
		      "\treturn 0;\n}", name);
}

/* The kretprobe form's opening: the saved arguments back, under their
 * names; the body follows as a block of its own. */
static int kentry_restore(struct rw_ctx *ctx, const char *name, CXCursor *params, int nargs,
			  struct strbuf *out)
{
	strbuf_printf(out, "{\n\t__u64 __bcc2core_id = bpf_get_current_pid_tgid();\n"
		      "\t__u64 *__bcc2core_args = bpf_map_lookup_elem(&%s__kentry_args, "
		      "&__bcc2core_id);\n\n\tif (!__bcc2core_args)\n\t\treturn 0;\t/* entry not seen */\n",
		      name);
	for (int i = 0; i < nargs; i++) {
		char *decl = cursor_text(ctx, params[i]), *pname = cursor_spelling(params[i]);

		if (!decl || !pname) {
			free(decl);
			free(pname);
			return -ENOMEM;
		}
		strbuf_printf(out, "\t%s;\n\n\t__builtin_memcpy(&%s, &__bcc2core_args[%d], sizeof(%s));\n",
			      decl, pname, i, pname);
		free(decl);
		free(pname);
	}
	strbuf_printf(out, "\tbpf_map_delete_elem(&%s__kentry_args, &__bcc2core_id);\n", name);
	return 0;
}

/* KFUNC_PROBE(fn, args) -> also SEC("kprobe/fn") BPF_KPROBE(NAME__kprobe,
 * args), and KRETFUNC_PROBE(fn, args, ret) whose body reads only ret ->
 * SEC("kretprobe/fn") BPF_KRETPROBE(NAME__kretprobe, ret): the body walked
 * again with the arguments as kernel pointers (CO-RE reads: a kprobe's
 * arguments are not BTF pointers), into an edit list of its own. */
static int emit_btf_twin(struct rw_ctx *ctx, struct rw_prog *p)
{
	const char *fn = strchr(p->section, '/') + 1;
	bool ret = p->kind == PROG_FEXIT;
	struct rw_prog *inner = NULL;
	size_t bb, be;
	struct strbuf text = {};
	char name[512], *body = NULL;
	CXCursor bodyc, params[8];
	bool used[8] = {}, with_args = false;
	struct param_use pu = { params, 0, used, false };
	int err = 0, nparams, first;

	if (strchr(fn, ':') || btf_func_params(ctx, fn) < 0)
		return 0;	/* a module's function, or none to probe */
	snprintf(name, sizeof(name), "____%s", p->name);
	for (size_t i = 0; i < ctx->prog_cnt; i++)
		if (!strcmp(ctx->progs[i].name, name))
			inner = &ctx->progs[i];
	if (!inner)
		return 0;
	nparams = clang_Cursor_getNumArguments(inner->fn);
	if (nparams < 1 || nparams > 7)
		return 0;
	bodyc = function_body(inner->fn);
	if (clang_Cursor_isNull(bodyc) || !cursor_range(ctx, bodyc, &bb, &be))
		return 0;
	for (int i = 1; i < nparams; i++)
		params[pu.n++] = clang_Cursor_getArgument(inner->fn, i);
	clang_visitChildren(bodyc, mark_param_use, &pu);
	if (pu.in_macro) {
		pr_debug("%s: no kprobe form: an argument is used inside a macro\n", p->name);
		return 0;
	}
	/* a kretprobe has only the return value: arguments the body reads
	 * are saved by a kprobe on entry (NAME__kentry), per thread */
	for (int i = 0; ret && i < pu.n - 1; i++)
		with_args |= used[i];

	/* the body again, arguments as kernel pointers, in its own edit list */
	first = ret && !with_args ? pu.n - 1 : 0;
	err = rewrite_walk_apart(ctx, inner, params + first, pu.n - first, bb, be, &body);
	if (err)
		return err;
	if (with_args)
		kentry_text(p->name, fn, pu.n - 1, &text);
	strbuf_printf(&text, "\n\nSEC(\"%s/%s\")\nint %s(%s%s", ret ? "kretprobe" : "kprobe", fn,
		      ret ? "BPF_KRETPROBE" : "BPF_KPROBE", p->name,
		      bcc2core_form__suffix(ret ? BCC2CORE_FORM_KRETPROBE : BCC2CORE_FORM_KPROBE));
	for (int i = ret ? pu.n - 1 : 0; i < pu.n; i++) {
		char *t = cursor_text(ctx, params[i]);

		strbuf_printf(&text, ", %s", t ? t : "");
		free(t);
	}
	strbuf_puts(&text, ")\n");
	if (with_args)
		err = err ?: kentry_restore(ctx, p->name, params, pu.n - 1, &text);
	strbuf_printf(&text, "%s%s", body, with_args ? "\n}" : "");
	free(body);
	err = rw_edit(ctx, be, be, text.buf);
	strbuf_free(&text);
	return err;
}

int pass_twins__emit(struct rw_ctx *ctx)
{
	int err = 0;

	for (size_t i = 0; i < ctx->prog_cnt && !err; i++) {
		struct rw_prog *p = &ctx->progs[i];

		if (!p->section || p->from_macro)
			continue;
		if (p->kind == PROG_FENTRY || p->kind == PROG_FEXIT)
			err = emit_btf_twin(ctx, p);
		else if (p->kind == PROG_RAW_TRACEPOINT && strchr(p->section, '/'))
			err = pass_twins__tp_btf(ctx, p);
		else if (p->kind == PROG_TRACEPOINT && p->tp_record_twin)
			err = pass_twins__tp_record(ctx, p);
		else if (p->kind == PROG_TRACEPOINT && p->syscall_fentry_twin)
			err = pass_twins__syscall_fentry(ctx, p);
		else
			err = emit_twin(ctx, p);
	}
	return err;
}
