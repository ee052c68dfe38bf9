// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A TRACEPOINT_PROBE also as tp_btf: SEC("tp_btf/EV") NAME__tp_btf, the
 * same body, each read of a field of the event's record there a read of
 * the tracepoint argument the kernel fills that field from.
 *
 * Why: a tracepoint program runs after the kernel has written the event's
 * record (perf_trace_EV: a per-CPU buffer, every field, then the program);
 * tp_btf runs on the arguments as the tracepoint gets them. In the 6.1
 * guest under icount a ten-instruction program on raw_syscalls:sys_exit
 * costs 342 instructions a syscall in all as a tracepoint, 138 as tp_btf.
 *
 * Only where each field the body reads is known to be an argument as
 * TP_fast_assign stores it (the table below; its reads are checked against
 * ground truth, and against BCC, on 6.1, 6.1-rt, 6.12 and 6.18 by the e2e
 * matrix's raw_syscalls and sched_events programs), and the body uses its
 * context only to read ARGS->FIELD or as perf_submit()'s context: the twin
 * is the body walked again with each such read the argument it holds (or
 * the argument's field), cast to the field's type, read where the body
 * reads it (not all up front: the branches clang lays out stay those of
 * the tracepoint form). The tracepoint form stays the primary (no kernel
 * BTF, a refused twin); the runtime prefers the twin where the kernel's
 * BTF has the tracepoint with enough arguments, of the kinds the twin reads
 * (decl tags "bcc2core:args_read=N", "bcc2core:tp_args=KINDS"), as for raw
 * tracepoints. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "../internal.h"
#include "tp_args.h"

#define CTX TP_RECORD_TWIN_CTX

struct record_field {
	const char *name;
	const char *value;	/* C over CTX, the tracepoint's arguments, of the
				 * field's type */
	int args_read;		/* the highest argument it reads, + 1 */
	bool x86_regs;		/* reads struct pt_regs' orig_ax: x86 only */
	int size;		/* of the field (and of value's type) */
	bool array;		/* a char array of @size bytes (value: an array
				 * of the same type, which a read copies) */
	/* an array the kernel fills from fields of another shape (a socket's
	 * addresses): the statement expression that copies all of it to
	 * destination %1$s, the one use the form takes (a whole
	 * memcpy(DST, ARGS->F, size)) */
	const char *copy;
};

struct record_event {
	const char *category, *event;
	/* the tracepoint's first arguments, a letter each (tp_args.h): checked
	 * in the build kernel's BTF, and by the runtime in the kernel's */
	const char *args;
	struct record_field fields[12];
};

/* a task_struct argument's fields */
#define TASK(i, f) "((struct task_struct *)" CTX "[" #i "])->" f
#define TASK_PID(name, i) { name, "(int)" TASK(i, "pid"), i + 1, false, 4, false, NULL }
#define TASK_PRIO(name, i) { name, "(int)" TASK(i, "prio"), i + 1, false, 4, false, NULL }
#define TASK_COMM(name, i) { name, TASK(i, "comm"), i + 1, false, 16, true, NULL }

/* a struct sock argument (the first), and the same as its struct inet_sock.
 * Fields of inet_sock lie beyond struct sock, where the verifier refuses a
 * load through the BTF-typed sock pointer. A TCP socket's are loads through
 * the tcp_sock pointer bpf_skc_to_tcp_sock() returns (a short helper: in
 * the 6.1 guest, tcpstates' form cost 1168 instructions an event with two
 * CO-RE probe reads there, 1053 so); another protocol's (SCTP, MPTCP's
 * own socket) a CO-RE probe read. */
#define SK "((const struct sock *)" CTX "[0])"
#define INET_READ(sk, f) \
	"({ struct tcp_sock *__bcc2core_tp = bpf_skc_to_tcp_sock((void *)" sk "); " \
	"__bcc2core_tp ? __bcc2core_tp->inet_conn.icsk_inet." f " : " \
	"BPF_CORE_READ((const struct inet_sock *)" sk ", " f "); })"
/* TP_STORE_ADDRS: an IPv6 socket's own addresses, else the IPv4 ones mapped
 * (::ffff:a.b.c.d); under CONFIG_IPV6=n the socket has no IPv6 fields, its
 * relocations fail and the form is refused: the tracepoint runs */
#define SK_ADDR6(v6, v4) \
	"({ const struct sock *__bcc2core_sk = " SK "; __u32 __bcc2core_a[4]; " \
	"if (__bcc2core_sk->__sk_common.skc_family == 10 /* AF_INET6 */) { " \
	"__bcc2core_a[0] = __bcc2core_sk->__sk_common." v6 ".in6_u.u6_addr32[0]; " \
	"__bcc2core_a[1] = __bcc2core_sk->__sk_common." v6 ".in6_u.u6_addr32[1]; " \
	"__bcc2core_a[2] = __bcc2core_sk->__sk_common." v6 ".in6_u.u6_addr32[2]; " \
	"__bcc2core_a[3] = __bcc2core_sk->__sk_common." v6 ".in6_u.u6_addr32[3]; " \
	"} else { __bcc2core_a[0] = 0; __bcc2core_a[1] = 0; " \
	"__bcc2core_a[2] = bpf_htonl(0xffff); __bcc2core_a[3] = " v4 "; } " \
	"__builtin_memcpy((void *)(%1$s), __bcc2core_a, 16); })"
#define SK_SADDR INET_READ("__bcc2core_sk", "inet_saddr")
#define SK_DADDR "__bcc2core_sk->__sk_common.skc_daddr"
/* a copy-only field's value: nothing reads it but its copy (the plan
 * allows no other use); were a read to take it, the form would not compile,
 * where reading anything else would read a wrong value */
#define COPY_ONLY "__bcc2core_field_copied_whole_only"
#define SK_ADDR4(v4) \
	"({ const struct sock *__bcc2core_sk = " SK "; __u32 __bcc2core_a = " v4 "; " \
	"__builtin_memcpy((void *)(%1$s), &__bcc2core_a, 4); })"

/* TP_fast_assign, field by field. raw_syscalls' id on exit is
 * syscall_get_nr(current, regs): x86's is (int)regs->orig_ax. irq_handler_*
 * take the irqaction second; entry's name (a string) is not mapped. The
 * three softirq events are one class (one TP_fast_assign). The sched events
 * copy a task's pid, prio and comm (memcpy of TASK_COMM_LEN); not mapped:
 * sched_switch's prev_state (__trace_sched_switch_state(), which differs
 * between kernels), sched_wakeup's target_cpu (task_cpu(), by config),
 * sched_process_exec's filename (a string), sched_process_fork's comms
 * (strings since 6.18), 6.18's group_dead. */
static const struct record_event events[] = {
	{ "irq", "irq_handler_entry", "ip",
	  { { "irq", "(int)" CTX "[0]", 1, false, 4, false, NULL } } },
	{ "irq", "irq_handler_exit", "ipi",
	  { { "irq", "(int)" CTX "[0]", 1, false, 4, false, NULL }, { "ret", "(int)" CTX "[2]", 3, false, 4, false, NULL } } },
	{ "irq", "softirq_entry", "i",
	  { { "vec", "(unsigned int)" CTX "[0]", 1, false, 4, false, NULL } } },
	{ "irq", "softirq_exit", "i",
	  { { "vec", "(unsigned int)" CTX "[0]", 1, false, 4, false, NULL } } },
	{ "irq", "softirq_raise", "i",
	  { { "vec", "(unsigned int)" CTX "[0]", 1, false, 4, false, NULL } } },
	{ "raw_syscalls", "sys_enter", "rl",
	  { { "id", "(long)" CTX "[1]", 2, false, 8, false, NULL } } },
	{ "raw_syscalls", "sys_exit", "rl",
	  { { "id", "(long)(int)((struct pt_regs *)" CTX "[0])->orig_ax", 1, true, 8, false, NULL },
	    { "ret", "(long)" CTX "[1]", 2, false, 8, false, NULL } } },
	{ "sched", "sched_switch", "btt",
	  { TASK_PID("prev_pid", 1), TASK_PRIO("prev_prio", 1), TASK_COMM("prev_comm", 1),
	    TASK_PID("next_pid", 2), TASK_PRIO("next_prio", 2), TASK_COMM("next_comm", 2) } },
	{ "sched", "sched_process_exec", "ti",
	  { TASK_PID("pid", 0), { "old_pid", "(int)" CTX "[1]", 2, false, 4, false, NULL } } },
	{ "sched", "sched_process_exit", "t",
	  { TASK_PID("pid", 0), TASK_PRIO("prio", 0), TASK_COMM("comm", 0) } },
	{ "sched", "sched_process_fork", "tt",
	  { TASK_PID("parent_pid", 0), TASK_PID("child_pid", 1) } },
	{ "sched", "sched_wakeup", "t",
	  { TASK_PID("pid", 0), TASK_PRIO("prio", 0), TASK_COMM("comm", 0) } },
	{ "sched", "sched_wakeup_new", "t",
	  { TASK_PID("pid", 0), TASK_PRIO("prio", 0), TASK_COMM("comm", 0) } },
	/* sport is inet_sock's (a probe read), the rest the socket's own */
	{ "sock", "inet_sock_set_state", "sii",
	  { { "skaddr", "(const void *)" CTX "[0]", 1, false, 8, false, NULL },
	    { "oldstate", "(int)" CTX "[1]", 2, false, 4, false, NULL },
	    { "newstate", "(int)" CTX "[2]", 3, false, 4, false, NULL },
	    { "sport", "(__u16)bpf_ntohs(" INET_READ(SK, "inet_sport") ")", 1, false, 2, false, NULL },
	    { "dport", "(__u16)bpf_ntohs(" SK "->__sk_common.skc_dport)", 1, false, 2, false, NULL },
	    { "family", "(__u16)" SK "->__sk_common.skc_family", 1, false, 2, false, NULL },
	    { "protocol", "(__u16)" SK "->sk_protocol", 1, false, 2, false, NULL },
	    { "saddr", COPY_ONLY, 1, false, 4, true, SK_ADDR4(SK_SADDR) },
	    { "daddr", COPY_ONLY, 1, false, 4, true, SK_ADDR4(SK_DADDR) },
	    { "saddr_v6", COPY_ONLY, 1, false, 16, true, SK_ADDR6("skc_v6_rcv_saddr", SK_SADDR) },
	    { "daddr_v6", COPY_ONLY, 1, false, 16, true, SK_ADDR6("skc_v6_daddr", SK_DADDR) } } },
};
/* record_use numbers the fields in 32-bit masks */
_Static_assert(sizeof(events[0].fields) / sizeof(events[0].fields[0]) <= 32, "fields > 32");

static const struct record_event *find_event(const struct tp_format *tp)
{
	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		if (!strcmp(events[i].category, tp->category) && !strcmp(events[i].event, tp->event))
			return &events[i];
	return NULL;
}

static int field_index(const struct record_event *ev, const char *name)
{
	for (int i = 0; i < (int)(sizeof(ev->fields) / sizeof(ev->fields[0])); i++)
		if (ev->fields[i].name && !strcmp(ev->fields[i].name, name))
			return i;
	return -1;
}

struct record_use {
	struct rw_ctx *ctx;
	CXCursor param;
	const char *pname;
	const struct rw_prog *prog;
	record_field_fn field_ok;
	size_t refs;		/* every reference to the parameter */
	size_t fields;		/* ... as PARAM->F, F a field field_ok() takes */
	size_t submits;		/* ... as MAP.perf_submit(PARAM, ...)'s context */
	/* of each field field_ok() numbers, the references, and those that
	 * are a whole copy's source (memcpy(DST, PARAM->F, sizeof F)) */
	unsigned refs_of[32], copies_of[32];
	/* &PARAM->F (the twin has no record), or PARAM spelled in a macro's
	 * definition (where the walk does not rewrite it) */
	bool other_use;
};

/* Is reference @c to @name spelled where it is (not in a macro's
 * definition: the source there holds the macro's name)? */
static bool spelled_here(struct rw_ctx *ctx, CXCursor c, const char *name)
{
	size_t off;

	return cursor_offset(ctx, c, &off) && spelled_at(ctx, off, name);
}

/* @c is PARAM->F */
static bool is_param_field(CXCursor c, CXCursor param)
{
	unsigned n;
	CXCursor *ch, base;

	if (clang_getCursorKind(c) != CXCursor_MemberRefExpr)
		return false;
	ch = cursor_children(c, &n);
	base = n == 1 ? strip_expr(ch[0]) : clang_getNullCursor();
	free(ch);
	return clang_getCursorKind(base) == CXCursor_DeclRefExpr &&
	       same_decl(clang_getCursorReferenced(base), param);
}

/* @c is MAP.perf_submit(PARAM, DATA, SIZE): the record as the context
 * (the form hands its own: bpf_perf_event_output() takes either) */
static bool is_submit_of_param(struct rw_ctx *ctx, CXCursor c, CXCursor param)
{
	char *method;
	CXCursor arg;
	bool is;

	if (!rw_map_call(ctx, c, &method) || clang_Cursor_getNumArguments(c) != 3) {
		free(method);
		return false;
	}
	arg = strip_expr(clang_Cursor_getArgument(c, 0));
	is = method && !strcmp(method, "perf_submit") &&
	     clang_getCursorKind(arg) == CXCursor_DeclRefExpr &&
	     same_decl(clang_getCursorReferenced(arg), param);
	free(method);
	return is;
}

/* @c is memcpy(DST, PARAM->F, N), N the size of field F, spelled as
 * memcpy_from_ctx() rewrites it (not a macro's call, which the walk leaves
 * as it is): F's index, or -1 */
static int whole_copy_of_param(struct record_use *u, CXCursor c)
{
	CXCursor src;
	char *name;
	long long n;
	int i = -1;

	if (!memcpy_call_spelled(u->ctx, c))
		return -1;
	src = strip_expr(clang_Cursor_getArgument(c, 1));
	name = is_param_field(src, u->param) ? cursor_spelling(src) : NULL;
	if (name && cursor_int_constant(clang_Cursor_getArgument(c, 2), &n) &&
	    n == clang_Type_getSizeOf(clang_getCursorType(src)))
		i = u->field_ok(u->prog, name, true);
	free(name);
	return i;
}

static enum CXChildVisitResult visit_use(CXCursor c, CXCursor parent, CXClientData data)
{
	struct record_use *u = data;
	char *name;
	int i;

	(void)parent;
	if (is_submit_of_param(u->ctx, c, u->param))
		u->submits++;
	if ((i = whole_copy_of_param(u, c)) >= 0 && i < 32)
		u->copies_of[i]++;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr &&
	    same_decl(clang_getCursorReferenced(c), u->param)) {
		u->refs++;
		u->other_use |= !spelled_here(u->ctx, c, u->pname);
		return CXChildVisit_Continue;
	}
	if (clang_getCursorKind(c) == CXCursor_UnaryOperator && unary_operator_is(u->ctx, c, "&") &&
	    is_param_field(strip_expr(first_child(c)), u->param))
		u->other_use = true;
	if (!is_param_field(c, u->param))
		return CXChildVisit_Recurse;
	name = cursor_spelling(c);
	i = name ? u->field_ok(u->prog, name, clang_getCanonicalType(clang_getCursorType(c)).kind ==
						    CXType_ConstantArray) : -1;
	free(name);
	if (i >= 0 && i < 32) {
		u->fields++;
		u->refs_of[i]++;
	}
	return CXChildVisit_Recurse;
}

bool pass_twins__record_reads_only(struct rw_ctx *ctx, const struct rw_prog *p,
				   record_field_fn field_ok, unsigned *used, unsigned *copied_only)
{
	struct record_use u = { .ctx = ctx, .prog = p, .field_ok = field_ok };
	CXCursor body;
	char *pname;

	/* a void one's returns become return 0 in the program's own text
	 * only (programs.c), not in a walk of its body */
	if (clang_Cursor_getNumArguments(p->fn) != 1 ||
	    clang_getCursorResultType(p->fn).kind == CXType_Void)
		return false;
	body = function_body(p->fn);
	if (clang_Cursor_isNull(body))
		return false;
	u.param = clang_Cursor_getArgument(p->fn, 0);
	pname = cursor_spelling(u.param);
	if (!pname)
		return false;
	u.pname = pname;
	clang_visitChildren(body, visit_use, &u);
	free(pname);
	*used = 0;
	if (copied_only)
		*copied_only = 0;
	for (int i = 0; i < 32; i++) {
		if (u.refs_of[i])
			*used |= 1u << i;
		if (copied_only && u.refs_of[i] && u.refs_of[i] == u.copies_of[i])
			*copied_only |= 1u << i;
	}
	return u.refs == u.fields + u.submits && !u.other_use;
}

/* the table's field @name of @p's event, read as an array or not */
static int table_field(const struct rw_prog *p, const char *name, bool array)
{
	const struct record_event *ev = find_event(p->tp);
	int i = field_index(ev, name);

	return i >= 0 && ev->fields[i].array == array ? i : -1;
}

/* Does tracepoint program @p get a tp_btf form? Asked before the walk
 * (pass_twins__plan()): sets p->tp_record_twin and p->tp_btf_args_read. */
void pass_twins__tp_record_plan(struct rw_ctx *ctx, struct rw_prog *p)
{
	const struct record_event *ev = p->tp ? find_event(p->tp) : NULL;
	struct btf *btf = rw_kernel_btf(ctx);
	const struct btf_type *proto;
	const struct tp_field *fld;
	unsigned used, copied_only;
	int reads = 0;

	p->tp_record_twin = false;
	if (!ev || !p->tp->raw_struct || p->tp->other_struct || p->also_cnt)
		return;
	if (!pass_twins__record_reads_only(ctx, p, table_field, &used, &copied_only)) {
		pr_debug("%s: no tp_btf form (its record used other than to read ARGS->FIELD of "
			 "%s)\n", p->name, p->tp->event);
		return;
	}
	proto = pass_twins__tp_proto(btf, ev->event);
	if (!proto) {
		pr_debug("%s: no tp_btf form (%s's arguments are not in the build kernel's BTF)\n",
			 p->name, ev->event);
		return;
	}
	if (!tp_args__match(btf, proto, ev->args)) {
		pr_debug("%s: no tp_btf form (%s's arguments are not %s in the build kernel's "
			 "BTF)\n", p->name, ev->event, ev->args);
		return;
	}
	for (int i = 0; i < (int)(sizeof(ev->fields) / sizeof(ev->fields[0])); i++) {
		if (!(used & (1u << i)))
			continue;
		if (ev->fields[i].x86_regs && !rw_kernel_x86_regs(ctx)) {
			pr_debug("%s: no tp_btf form (%s's %s is read from x86's registers)\n",
				 p->name, ev->event, ev->fields[i].name);
			return;
		}
		fld = tp_format__field(p->tp, ev->fields[i].name);
		if (!fld || fld->size != ev->fields[i].size || fld->data_loc ||
		    (fld->array_len >= 0) != ev->fields[i].array) {
			pr_debug("%s: no tp_btf form (%s's record has no %d-byte %s here)\n",
				 p->name, ev->event, ev->fields[i].size, ev->fields[i].name);
			return;
		}
		if (ev->fields[i].copy && !(copied_only & (1u << i))) {
			pr_debug("%s: no tp_btf form (%s's %s is read other than by a copy of all "
				 "%d bytes)\n", p->name, ev->event, ev->fields[i].name,
				 ev->fields[i].size);
			return;
		}
		if (ev->fields[i].args_read > reads)
			reads = ev->fields[i].args_read;
	}
	p->tp_record_twin = true;
	p->tp_btf_args_read = reads;
}

char *pass_twins__tp_record_read(const struct rw_prog *p, const char *field)
{
	const struct record_event *ev = p->tp ? find_event(p->tp) : NULL;
	int i = ev ? field_index(ev, field) : -1;
	char *text;

	if (i < 0 || !p->tp->raw_struct)
		return NULL;
	/* an array's value is a member access, which stays one unparenthesized
	 * (X[i], &X[i]): clang then folds i into the field's relocated offset
	 * where through parentheses it adds it to the pointer at run time */
	if (asprintf(&text, ev->fields[i].array ? "%s" : "(%s)", ev->fields[i].value) < 0)
		return NULL;
	return text;
}

bool pass_twins__tp_record_copied(const struct rw_prog *p, const char *field)
{
	const struct record_event *ev = p->tp && field ? find_event(p->tp) : NULL;
	int i = ev ? field_index(ev, field) : -1;

	return i >= 0 && ev->fields[i].copy;
}

char *pass_twins__tp_record_copy(const struct rw_prog *p, const char *field, const char *dst)
{
	const struct record_event *ev = p->tp ? find_event(p->tp) : NULL;
	int i = ev ? field_index(ev, field) : -1;
	char *text;

	if (i < 0 || !ev->fields[i].copy)
		return NULL;
	if (asprintf(&text, ev->fields[i].copy, dst) < 0)
		return NULL;
	return text;
}

/* After the tracepoint program: its tp_btf form, the body walked again
 * with each ARGS->FIELD the argument it holds. */
int pass_twins__tp_record(struct rw_ctx *ctx, struct rw_prog *p)
{
	const struct record_event *ev = p->tp ? find_event(p->tp) : NULL;
	struct strbuf text = {};
	char *body = NULL, nread[16];
	size_t fb, fe, bb, be;
	int err;

	if (!p->tp_record_twin || !ev || !cursor_range(ctx, p->fn, &fb, &fe) ||
	    !cursor_range(ctx, function_body(p->fn), &bb, &be))
		return 0;
	ctx->tp_record_walk = true;
	err = rewrite_walk_apart(ctx, p, NULL, 0, bb, be, &body);
	ctx->tp_record_walk = false;
	if (err)
		goto out;
	snprintf(nread, sizeof(nread), "%d", p->tp_btf_args_read);
	strbuf_printf(&text, "\n\nSEC(\"tp_btf/%s\")", ev->event);
	strbuf_tag_attr(&text, BCC2CORE_TAG_ARGS_READ, nread);
	strbuf_tag_attr(&text, BCC2CORE_TAG_TP_ARGS, ev->args);
	strbuf_printf(&text, "\nint %s%s(unsigned long long *" CTX ")\n%s", p->name,
		      bcc2core_form__suffix(BCC2CORE_FORM_TP_BTF), body);
	err = text.buf ? rw_edit(ctx, fe, fe, text.buf) : -ENOMEM;
out:
	strbuf_free(&text);
	free(body);
	return err;
}
