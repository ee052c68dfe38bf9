/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef BCC2CORE_TP_ARGS_H
#define BCC2CORE_TP_ARGS_H

#include <stdbool.h>

#include <bpf/btf.h>

/* A tracepoint's arguments as a tp_btf form of a tracepoint program reads
 * them (its record's fields taken from them), one letter an argument:
 *   b  a 1-byte integer (bool)    i  a 4-byte integer   l  an 8-byte integer
 *   p  any pointer                r  struct pt_regs *   t  struct task_struct *
 *   s  struct sock *
 * The rewriter checks them in the build kernel's BTF and writes them on the
 * form (tag tp_args=KINDS); the runtime loads the form only where the
 * kernel's tracepoint has them too. */

/* Is BTF type @id (through modifiers and typedefs) of kind @kind? */
bool tp_arg__is(const struct btf *btf, __u32 id, char kind);

/* Tracepoint @event's prototype in @btf (btf_trace_EVENT): its
 * FUNC_PROTO (first parameter the context), or NULL. */
const struct btf_type *tp_args__proto(const struct btf *btf, const char *event);

/* Does @proto have at least strlen(@kinds) arguments, of those kinds? */
bool tp_args__match(const struct btf *btf, const struct btf_type *proto, const char *kinds);

#endif
