// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Map method calls (map.lookup(&k), map.increment(k), events.perf_submit(...))
 * -> libbpf helper calls on &map, with BCC's semantics. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

struct method_def {
	const char *name;
	/* printf format over: %1$s map, %2$s.. args (up to 4); NULL = custom */
	const char *fmt;
	int nargs;		/* -1: 1 or 2 (increment) */
};

static const struct method_def methods[] = {
	{ "lookup", "bpf_map_lookup_elem(&%1$s, %2$s)", 1 },
	{ "update", "bpf_map_update_elem(&%1$s, %2$s, %3$s, BPF_ANY)", 2 },
	{ "insert", "bpf_map_update_elem(&%1$s, %2$s, %3$s, BPF_NOEXIST)", 2 },
	{ "delete", "bpf_map_delete_elem(&%1$s, %2$s)", 1 },
	{ "lookup_or_try_init", "bcc2core_map_lookup_or_try_init(&%1$s, %2$s, %3$s)", 2 },
	{ "lookup_or_init", NULL, 2 },
	{ "increment", NULL, -1 },
	{ "atomic_increment", NULL, -1 },
	{ "perf_submit", "bpf_perf_event_output(%2$s, &%1$s, BPF_F_CURRENT_CPU, %3$s, %4$s)", 3 },
	{ "perf_submit_skb", NULL, 4 },
	{ "ringbuf_output", "bpf_ringbuf_output(&%1$s, %2$s, %3$s, %4$s)", 3 },
	{ "ringbuf_reserve", "bpf_ringbuf_reserve(&%1$s, %2$s, 0)", 1 },
	{ "ringbuf_submit", "bpf_ringbuf_submit(%2$s, %3$s)", 2 },
	{ "ringbuf_discard", "bpf_ringbuf_discard(%2$s, %3$s)", 2 },
	{ "ringbuf_query", "bpf_ringbuf_query(&%1$s, %2$s)", 1 },
	{ "get_stackid", "bpf_get_stackid(%2$s, &%1$s, %3$s)", 2 },
	{ "call", "bpf_tail_call(%2$s, &%1$s, %3$s)", 2 },
	{ "perf_read", "bpf_perf_event_read(&%1$s, %2$s)", 1 },
	{ "perf_counter_value", "bpf_perf_event_read_value(&%1$s, %2$s, %3$s, %4$s)", 3 },
	{ "redirect_map", "bpf_redirect_map(&%1$s, %2$s, %3$s)", 2 },
	{ "push", "bpf_map_push_elem(&%1$s, %2$s, %3$s)", 2 },
	{ "pop", "bpf_map_pop_elem(&%1$s, %2$s)", 1 },
	{ "peek", "bpf_map_peek_elem(&%1$s, %2$s)", 1 },
	{ "sk_storage_get", "bpf_sk_storage_get(&%1$s, %2$s, %3$s, %4$s)", 3 },
	{ "sk_storage_delete", "bpf_sk_storage_delete(&%1$s, %2$s)", 1 },
	{ "inode_storage_get", "bpf_inode_storage_get(&%1$s, %2$s, %3$s, %4$s)", 3 },
	{ "inode_storage_delete", "bpf_inode_storage_delete(&%1$s, %2$s)", 1 },
	{ "task_storage_get", "bpf_task_storage_get(&%1$s, %2$s, %3$s, %4$s)", 3 },
	{ "task_storage_delete", "bpf_task_storage_delete(&%1$s, %2$s)", 1 },
	{ "get_local_storage", "bpf_get_local_storage(&%1$s, %2$s)", 1 },
	{ "sock_map_update", "bpf_sock_map_update(%2$s, &%1$s, %3$s, %4$s)", 3 },
	{ "sock_hash_update", "bpf_sock_hash_update(%2$s, &%1$s, %3$s, %4$s)", 3 },
	{ "msg_redirect_hash", "bpf_msg_redirect_hash(%2$s, &%1$s, %3$s, %4$s)", 3 },
	{ "sk_redirect_hash", "bpf_sk_redirect_hash(%2$s, &%1$s, %3$s, %4$s)", 3 },
	{ "msg_redirect_map", "bpf_msg_redirect_map(%2$s, &%1$s, %3$s, %4$s)", 3 },
	{ "sk_redirect_map", "bpf_sk_redirect_map(%2$s, &%1$s, %3$s, %4$s)", 3 },
	{ "check_current_task", "bpf_current_task_under_cgroup(&%1$s, %2$s)", 1 },
};

static const struct method_def *find_method(const char *name)
{
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (!strcmp(methods[i].name, name))
			return &methods[i];
	return NULL;
}

static bool result_dereferenced(const struct walk_frame *f)
{
	const struct walk_frame *p = f->parent;

	while (p && (clang_getCursorKind(p->cursor) == CXCursor_UnexposedExpr ||
		     clang_getCursorKind(p->cursor) == CXCursor_ParenExpr))
		p = p->parent;
	if (!p)
		return false;
	switch (clang_getCursorKind(p->cursor)) {
	case CXCursor_MemberRefExpr:
	case CXCursor_ArraySubscriptExpr:
	case CXCursor_UnaryOperator:
		return true;
	default:
		return false;
	}
}

/* The pointee type of a pointer argument (&data -> struct data_t). */
static char *pointee_spelling(CXCursor arg)
{
	/* through the implicit conversion to the method's void * */
	CXType t = clang_getCursorType(strip_expr(arg));

	if (clang_getCanonicalType(t).kind != CXType_Pointer)
		return NULL;
	t = clang_getPointeeType(t);
	if (clang_getCanonicalType(t).kind == CXType_Void)
		return NULL;
	return type_spelling(t);
}

static void record_event_type(struct rw_map *m, CXCursor arg)
{
	char *t = pointee_spelling(arg);

	if (!t)
		return;
	if (strstr(t, "(unnamed") || strstr(t, "(anonymous")) {
		/* no name to find it by in BTF: such events print as hex */
		free(t);
		return;
	}
	free(m->event_type);	/* like BCC: the last submit wins */
	m->event_type = t;
}

static char *increment_text(struct rw_map *m, const char *key, const char *n, bool atomic)
{
	bool insert = m->map_type && !strcmp(m->map_type, "BPF_MAP_TYPE_HASH");
	char *text;

	if (asprintf(&text, "bcc2core_map_%sincrement%s(&%s, %s, %s)", atomic ? "atomic_" : "",
		     insert ? "" : "_existing", m->name, key, n) < 0)
		return NULL;
	return text;
}

int pass_methods__visit(struct rw_ctx *ctx, const struct walk_frame *f)
{
	CXCursor c = f->cursor, callee, base, ref;
	const struct method_def *def;
	struct rw_map *m;
	char *method = NULL, *text = NULL, *args[4] = {};
	int nargs, err = 0;
	size_t b, e, mb;

	if (clang_getCursorKind(c) != CXCursor_CallExpr)
		return 0;
	{
		unsigned n;
		CXCursor *ch = cursor_children(c, &n);

		callee = n ? strip_expr(ch[0]) : clang_getNullCursor();
		free(ch);
	}
	if (clang_getCursorKind(callee) != CXCursor_MemberRefExpr)
		return 0;
	{
		unsigned n;
		CXCursor *ch = cursor_children(callee, &n);

		base = n ? strip_expr(ch[0]) : clang_getNullCursor();
		free(ch);
	}
	if (clang_getCursorKind(base) != CXCursor_DeclRefExpr)
		return 0;
	ref = clang_getCursorReferenced(base);
	m = rw_find_map(ctx, ref);
	if (!m)
		return 0;
	method = cursor_spelling(callee);
	if (!cursor_range(ctx, c, &b, &e) || !cursor_offset(ctx, base, &mb) ||
	    strncmp(ctx->src + mb, m->name, strlen(m->name)) || b != mb) {
		rw_error(ctx, b, "call map methods in the program text, not in a macro body "
			 "(macro arguments are fine)", "cannot use map function inside a macro");
		goto out;
	}
	def = find_method(method);
	if (!def) {
		rw_error(ctx, b, NULL, "invalid bpf_table operation %s", method);
		goto out;
	}
	nargs = clang_Cursor_getNumArguments(c);
	if (nargs > 4 || (def->nargs >= 0 && nargs != def->nargs && strcmp(method, "ringbuf_output") &&
			  !strstr(method, "storage_get"))) {
		rw_error(ctx, b, NULL, "%s.%s() takes %d argument(s), not %d", m->name, method,
			 def->nargs, nargs);
		goto out;
	}
	for (int i = 0; i < nargs; i++) {
		args[i] = cursor_text(ctx, clang_Cursor_getArgument(c, i));
		if (!args[i]) {
			rw_error(ctx, b, NULL, "cannot read argument %d of %s.%s()", i + 1,
				 m->name, method);
			goto out;
		}
	}
	if (!strcmp(method, "increment") || !strcmp(method, "atomic_increment")) {
		if (nargs < 1 || nargs > 2) {
			rw_error(ctx, b, NULL, "%s.%s() takes a key and an optional amount", m->name,
				 method);
			goto out;
		}
		text = increment_text(m, args[0], nargs == 2 ? args[1] : "1",
				      method[0] == 'a');
	} else if (!strcmp(method, "lookup_or_init")) {
		char *lt = type_spelling(m->leaf);

		/* BCC returns from the enclosing program when the map is full */
		if (asprintf(&text, "({ %s *__leaf = bcc2core_map_lookup_or_try_init(&%s, %s, %s); "
			     "if (!__leaf) return 0; __leaf; })", lt, m->name, args[0], args[1]) < 0)
			text = NULL;
		free(lt);
	} else if (!strcmp(method, "perf_submit_skb")) {
		if (asprintf(&text, "bpf_perf_event_output(%s, &%s, ((__u64)(%s) << 32) | "
			     "BPF_F_CURRENT_CPU, %s, %s)", args[0], m->name, args[1], args[2],
			     args[3]) < 0)
			text = NULL;
	} else {
		const char *a[4];

		for (int i = 0; i < 4; i++)
			a[i] = args[i] ? args[i] : "0";
		if (asprintf(&text, def->fmt, m->name, a[0], a[1], a[2], a[3]) < 0)
			text = NULL;
		if (text && (!strcmp(method, "lookup") || !strcmp(method, "lookup_or_try_init")) &&
		    result_dereferenced(f)) {
			char *lt = type_spelling(m->leaf), *cast;

			if (asprintf(&cast, "((%s *)%s)", lt, text) >= 0) {
				free(text);
				text = cast;
			}
			free(lt);
		}
	}
	if (!strcmp(method, "perf_submit") && nargs == 3)
		record_event_type(m, clang_Cursor_getArgument(c, 1));
	else if ((!strcmp(method, "ringbuf_output") || !strcmp(method, "ringbuf_submit")) &&
		 nargs >= 1)
		record_event_type(m, clang_Cursor_getArgument(c, 0));
	if (!text) {
		err = -ENOMEM;
		goto out;
	}
	err = rw_edit(ctx, b, e, text);
out:
	for (int i = 0; i < 4; i++)
		free(args[i]);
	free(method);
	free(text);
	return err;
}
