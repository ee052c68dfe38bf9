// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* common/tp_args.c: a tracepoint's argument kinds, on a BTF made here with
 * sched_switch's prototype (void *, bool, struct task_struct *, struct
 * task_struct *, unsigned int), as the rewriter checks them at build and
 * the runtime in the running kernel. */
#include <bpf/btf.h>

#include "test.h"
#include "tp_args.h"

struct ids {
	int i32, u32, i64, boolean, task, regs, other, task_ptr, regs_ptr, other_ptr, pid_t_id,
	    const_task_ptr, const_sock_ptr;
};

static struct btf *make_btf(struct ids *id)
{
	struct btf *btf = btf__new_empty();
	int proto, ptr, void_ptr;

	id->i32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	id->u32 = btf__add_int(btf, "unsigned int", 4, 0);
	id->i64 = btf__add_int(btf, "long", 8, BTF_INT_SIGNED);
	id->boolean = btf__add_int(btf, "_Bool", 1, BTF_INT_BOOL);
	id->task = btf__add_struct(btf, "task_struct", 16);
	id->regs = btf__add_struct(btf, "pt_regs", 16);
	id->other = btf__add_struct(btf, "rq", 16);
	id->task_ptr = btf__add_ptr(btf, id->task);
	id->regs_ptr = btf__add_ptr(btf, id->regs);
	id->other_ptr = btf__add_ptr(btf, id->other);
	id->pid_t_id = btf__add_typedef(btf, "pid_t", id->i32);
	id->const_task_ptr = btf__add_ptr(btf, btf__add_const(btf, id->task));
	id->const_sock_ptr = btf__add_ptr(btf, btf__add_const(btf, btf__add_struct(btf, "sock", 16)));
	void_ptr = btf__add_ptr(btf, 0);
	/* its parameters right after it (libbpf adds them to the last type) */
	proto = btf__add_func_proto(btf, 0);
	btf__add_func_param(btf, "__data", void_ptr);
	btf__add_func_param(btf, "preempt", id->boolean);
	btf__add_func_param(btf, "prev", id->task_ptr);
	btf__add_func_param(btf, "next", id->task_ptr);
	btf__add_func_param(btf, "prev_state", id->u32);
	ptr = btf__add_ptr(btf, proto);
	btf__add_typedef(btf, "btf_trace_sched_switch", ptr);
	return btf;
}

static void test_kinds(void)
{
	struct ids id;
	struct btf *btf = make_btf(&id);

	ASSERT_TRUE(tp_arg__is(btf, id.boolean, 'b'), "bool");
	ASSERT_TRUE(!tp_arg__is(btf, id.boolean, 'i'), "bool is no int");
	ASSERT_TRUE(tp_arg__is(btf, id.i32, 'i') && tp_arg__is(btf, id.u32, 'i'), "int");
	ASSERT_TRUE(tp_arg__is(btf, id.pid_t_id, 'i'), "a typedef of int");
	ASSERT_TRUE(tp_arg__is(btf, id.i64, 'l') && !tp_arg__is(btf, id.i64, 'i'), "long");
	ASSERT_TRUE(tp_arg__is(btf, id.task_ptr, 't') && tp_arg__is(btf, id.task_ptr, 'p'),
		    "a task pointer");
	ASSERT_TRUE(tp_arg__is(btf, id.const_task_ptr, 't'), "a const task pointer");
	ASSERT_TRUE(!tp_arg__is(btf, id.other_ptr, 't') && !tp_arg__is(btf, id.other_ptr, 'r'),
		    "another struct's pointer");
	ASSERT_TRUE(tp_arg__is(btf, id.regs_ptr, 'r') && !tp_arg__is(btf, id.regs_ptr, 't'),
		    "a pt_regs pointer");
	ASSERT_TRUE(!tp_arg__is(btf, id.task, 't') && !tp_arg__is(btf, id.task, 'p'),
		    "a struct is no pointer");
	ASSERT_TRUE(tp_arg__is(btf, id.const_sock_ptr, 's') && !tp_arg__is(btf, id.task_ptr, 's') &&
		    !tp_arg__is(btf, id.const_sock_ptr, 't'), "a const sock pointer");
	ASSERT_TRUE(!tp_arg__is(btf, id.i32, 'x'), "an unknown kind");
	btf__free(btf);
}

static void test_match(void)
{
	struct ids id;
	struct btf *btf = make_btf(&id);
	const struct btf_type *proto = tp_args__proto(btf, "sched_switch");

	if (!ASSERT_TRUE(proto, "sched_switch's prototype"))
		return;
	ASSERT_TRUE(!tp_args__proto(btf, "sched_wakeup"), "no such tracepoint");
	ASSERT_TRUE(tp_args__match(btf, proto, "btt"), "btt");
	ASSERT_TRUE(tp_args__match(btf, proto, "btti"), "all four");
	ASSERT_TRUE(tp_args__match(btf, proto, "bpp"), "pointers as pointers");
	ASSERT_TRUE(tp_args__match(btf, proto, ""), "none");
	ASSERT_TRUE(!tp_args__match(btf, proto, "bttii"), "more than it has");
	ASSERT_TRUE(!tp_args__match(btf, proto, "bti"), "a task where an int is read");
	ASSERT_TRUE(!tp_args__match(btf, proto, "ttt"), "the first shifted");
	ASSERT_TRUE(!tp_args__match(btf, NULL, "b"), "no prototype");
	btf__free(btf);
}

TEST_MAIN(test_kinds, test_match)
