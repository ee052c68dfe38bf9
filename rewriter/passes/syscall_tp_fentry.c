// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A TRACEPOINT_PROBE(syscalls, sys_enter_X) also as fentry on X's function:
 * SEC("fentry/__x64_sys_X") NAME__fentry, the same body, each ARGS->F the
 * register the syscall's argument F came in (the tracepoint copies it from
 * there into its record), a plain load through the function's BTF-typed
 * struct pt_regs * argument.
 *
 * Why: a syscall tracepoint with a program on it turns on the kernel's
 * syscall tracing for every task (each syscall of the machine then takes
 * the slow entry and exit paths and the tracepoints' dispatch), and for X
 * itself writes the record before the program runs; a trampoline on X's
 * function costs X alone.
 *
 * The tracepoint fires iff X's function runs: after ptrace and seccomp
 * (a call they skip reaches neither), with the number they may have
 * changed, which the function matches. But for x32's calls, which run
 * most native functions and which the tracepoint skips: the form returns
 * at once for those (__X32_SYSCALL_BIT in orig_ax, as in_x32_syscall()
 * tests). Not for sys_exit_X: the exit tracepoint fires also for a call
 * seccomp answered with an error, where X's function never ran.
 *
 * Nor for the three syscalls the vsyscall page's emulation calls the
 * functions of directly, without the tracepoint, nor for a body that
 * returns other than 0 (the verifier takes only 0 from fentry). A fentry
 * program runs preemptible (the tracepoint's does not): preempted mid-run,
 * a second run of it on that CPU is skipped (counted in the program's
 * recursion misses).
 *
 * x86_64 only (orig_ax, the __x64_sys_ wrappers); the tracepoint form stays
 * the primary: the runtime prefers this form where the kernel takes BTF
 * trampolines on the function (bcc2core:btf_arg_reads, as a ksyscall's). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "../internal.h"

#define CTX TP_RECORD_TWIN_CTX
#define REGS "((struct pt_regs *)" CTX "[0])"
/* arch/x86/include/uapi/asm/unistd.h */
#define X32_SYSCALL_BIT "0x40000000"

/* x86_64's system call arguments, in order (r10 for the fourth: the
 * syscall instruction clobbers rcx) */
static const char *const arg_regs[] = { "di", "si", "dx", "r10", "r8", "r9" };

/* X of sys_enter_X */
static const char *syscall_of(const struct rw_prog *p)
{
	return p->tp->event + strlen("sys_enter_");
}

/* a field of the record the form has a register for */
static int syscall_field(const struct rw_prog *p, const char *name, bool array)
{
	const struct tp_field *f = tp_format__field(p->tp, name);

	if (!f || array || f->data_loc || f->array_len >= 0)
		return -1;
	if (strcmp(name, "__syscall_nr") && tp_format__syscall_arg(p->tp, f) > 5)
		return -1;
	return (int)(f - p->tp->fields);
}

static enum CXChildVisitResult visit_return(CXCursor c, CXCursor parent, CXClientData data)
{
	bool *all_zero = data;
	CXCursor e;
	CXEvalResult r;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_ReturnStmt)
		return CXChildVisit_Recurse;
	e = first_child(c);
	r = clang_Cursor_isNull(e) ? NULL : clang_Cursor_Evaluate(e);
	if (!r || clang_EvalResult_getKind(r) != CXEval_Int || clang_EvalResult_getAsLongLong(r))
		*all_zero = false;
	if (r)
		clang_EvalResult_dispose(r);
	return CXChildVisit_Continue;
}

/* The verifier takes only 0 from a fentry program (a tracepoint's may
 * return anything): each return of the body a constant 0 */
static bool returns_zero(CXCursor fn)
{
	bool all_zero = true;

	clang_visitChildren(fn, visit_return, &all_zero);
	return all_zero;
}

/* Functions of the kernel's that call a wrapper without its tracepoint:
 * the vsyscall page's emulation (arch/x86/entry/vsyscall) */
static bool called_untraced(const char *syscall)
{
	return !strcmp(syscall, "gettimeofday") || !strcmp(syscall, "time") ||
	       !strcmp(syscall, "getcpu");
}

void pass_twins__syscall_fentry_plan(struct rw_ctx *ctx, struct rw_prog *p)
{
	unsigned used;
	char fn[256];

	p->syscall_fentry_twin = false;
	if (!p->tp || !p->tp->syscall_enter || !p->tp->raw_struct || p->also_cnt ||
	    p->tp->field_cnt > 32)
		return;
	if (!rw_kernel_x86_regs(ctx)) {
		pr_debug("%s: no fentry form (x86_64's registers only)\n", p->name);
		return;
	}
	if (!rw_kernel_syscall_function(ctx, syscall_of(p), fn, sizeof(fn)) ||
	    strncmp(fn, "__x64_sys_", 10)) {
		pr_debug("%s: no fentry form (no __x64_sys_%s in the build kernel's BTF)\n",
			 p->name, syscall_of(p));
		return;
	}
	if (called_untraced(syscall_of(p))) {
		pr_debug("%s: no fentry form (the vsyscall page's emulation calls the function, "
			 "not the tracepoint)\n", p->name);
		return;
	}
	if (!pass_twins__record_reads_only(ctx, p, syscall_field, &used, NULL)) {
		pr_debug("%s: no fentry form (its record used other than to read ARGS->FIELD)\n",
			 p->name);
		return;
	}
	if (!returns_zero(p->fn)) {
		pr_debug("%s: no fentry form (it returns other than 0, which a fentry program "
			 "may not)\n", p->name);
		return;
	}
	p->syscall_fentry_twin = true;
}

char *pass_twins__syscall_fentry_read(const struct rw_prog *p, const char *field)
{
	const struct tp_field *f = tp_format__field(p->tp, field);
	char *text;
	int err;

	if (!f)
		return NULL;
	if (!strcmp(field, "__syscall_nr"))
		/* the tracepoint form's type too (BCC's) */
		err = asprintf(&text, "((int)%s->orig_ax)", REGS);
	else
		err = asprintf(&text, "((%s)%s->%s)", tp_field__syscall_arg_type(f), REGS,
			       arg_regs[tp_format__syscall_arg(p->tp, f)]);
	return err < 0 ? NULL : text;
}

/* After the tracepoint program: its fentry form, the body walked again
 * with each ARGS->FIELD the register it holds. */
int pass_twins__syscall_fentry(struct rw_ctx *ctx, struct rw_prog *p)
{
	struct strbuf text = {};
	char *body = NULL;
	size_t fb, fe, bb, be;
	int err;

	if (!cursor_range(ctx, p->fn, &fb, &fe) || !cursor_range(ctx, function_body(p->fn), &bb, &be))
		return 0;
	ctx->tp_record_walk = true;
	err = rewrite_walk_apart(ctx, p, NULL, 0, bb, be, &body);
	ctx->tp_record_walk = false;
	if (err || body[0] != '{')
		goto out;
	/* the plan found __x64_sys_X in the build kernel's BTF */
	strbuf_printf(&text, "\n\nSEC(\"fentry/__x64_sys_%s\")", syscall_of(p));
	strbuf_tag_attr(&text, BCC2CORE_TAG_BTF_ARG_READS, NULL);
	/* the body's own braces, the x32 test first in them */
	strbuf_printf(&text, "\nint %s%s(unsigned long long *" CTX ")\n{\n"
		      "\tif (%s->orig_ax & " X32_SYSCALL_BIT ")\n"
		      "\t\treturn 0;\t/* an x32 call: its tracepoint does not fire */%s",
		      p->name, bcc2core_form__suffix(BCC2CORE_FORM_FENTRY), REGS, body + 1);
	err = text.buf ? rw_edit(ctx, fe, fe, text.buf) : -ENOMEM;
out:
	strbuf_free(&text);
	free(body);
	return err;
}
