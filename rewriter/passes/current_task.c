// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Reads through the current task, the cheap way. BCC reads
 * task->real_parent->tgid with one probe-read helper call per pointer hop.
 * When the pointer is bpf_get_current_task()'s, the kernel (5.11 on) hands
 * it BTF-typed too (bpf_get_current_task_btf()), and a BTF-typed pointer is
 * read with plain loads the verifier guards, at no helper call. kernel_reads
 * writes such a chain both ways: the loads where libbpf finds the helper in
 * the running kernel's BTF, BPF_CORE_READ otherwise; the verifier never
 * walks the branch the kernel cannot take. */
#include <bpf/btf.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

/* Does the BTF the object is built against know the helper? (vmlinux.h's
 * enum bpf_func_id must name it for the test to compile.) */
static bool enum_has(const struct btf *btf, const char *type, const char *value)
{
	const struct btf_type *t;
	const struct btf_enum *e;
	__s32 id = btf__find_by_name_kind(btf, type, BTF_KIND_ENUM);

	if (id < 0)
		return false;
	t = btf__type_by_id(btf, id);
	e = btf_enum(t);
	for (int i = 0; i < btf_vlen(t); i++, e++)
		if (!strcmp(btf__name_by_offset(btf, e->name_off), value))
			return true;
	return false;
}

bool current_task_btf_known(struct rw_ctx *ctx)
{
	struct btf *btf;

	if (!ctx->task_btf_known) {
		btf = rw_kernel_btf(ctx);
		ctx->task_btf_known = btf && enum_has(btf, "bpf_func_id",
						      "BPF_FUNC_get_current_task_btf") ? 1 : -1;
	}
	return ctx->task_btf_known > 0;
}

static bool is_current_task_call(CXCursor e)
{
	return cursor_is_call_to(strip_expr(e), "bpf_get_current_task");
}

static bool points_to_task_struct(CXType t)
{
	CXType p = clang_getPointeeType(clang_getCanonicalType(t));
	CXString s = clang_getTypeSpelling(clang_getCanonicalType(p));
	bool r = !strcmp(clang_getCString(s), "struct task_struct");

	clang_disposeString(s);
	return r;
}

static bool takes_current_task(struct rw_ctx *ctx, CXCursor value, void *arg)
{
	(void)ctx;
	(void)arg;
	return is_current_task_call(value);
}

/* Is @root, the pointer a chain of reads starts from, the current task:
 * (struct task_struct *)bpf_get_current_task(), or a local variable of that
 * type given that value only (BCC's tools declare `struct task_struct
 * *task;` and assign it later), never another, nor its address taken? */
bool current_task_root(struct rw_ctx *ctx, CXCursor root)
{
	CXCursor s = strip_expr(root), var;

	if (!points_to_task_struct(clang_getCursorType(root)))
		return false;
	if (is_current_task_call(s))
		return true;
	if (clang_getCursorKind(s) != CXCursor_DeclRefExpr)
		return false;
	var = clang_getCursorReferenced(s);
	return clang_getCursorKind(var) == CXCursor_VarDecl &&
	       clang_Cursor_getStorageClass(var) != CX_SC_Static &&
	       local_values(ctx, var, takes_current_task, NULL) > 0;
}
