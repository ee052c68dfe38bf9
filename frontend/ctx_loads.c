// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Does a program of a built object load through a context pointer clang has
 * moved? Tracepoint fields are read as direct, CO-RE relocated loads of the
 * context. clang usually folds the field's offset into the load; where it
 * cannot (the same field read twice, its offset kept in a register), it adds
 * the offset to the context pointer and loads at 0, and the verifier refuses
 * that ("dereference of modified ctx ptr"). build looks for it here, in the
 * instructions before they are loaded, and converts again with probe reads.
 *
 * A forward data-flow over each program's instructions: which registers and
 * 8-byte stack slots may hold the context pointer, unmoved or moved. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "main.h"

enum { CTX = 1, CTX_MOVED = 2 };
#define SLOTS (512 / 8)

struct flow_state {
	uint8_t reg[MAX_BPF_REG];
	uint8_t slot[SLOTS];	/* fp-8 .. fp-512 */
	bool seen;
};

static int slot_of(const struct bpf_insn *in, bool store)
{
	int off = in->off;

	if ((store ? in->dst_reg : in->src_reg) != BPF_REG_10 || off >= 0 || off < -512 ||
	    off % 8)
		return -1;
	return -off / 8 - 1;
}

/* merge @from into the entry state of @to; true when it grew */
static bool merge(struct flow_state *to, const struct flow_state *from)
{
	bool grew = !to->seen;

	to->seen = true;
	for (int i = 0; i < MAX_BPF_REG; i++) {
		grew |= (from->reg[i] | to->reg[i]) != to->reg[i];
		to->reg[i] |= from->reg[i];
	}
	for (int i = 0; i < SLOTS; i++) {
		grew |= (from->slot[i] | to->slot[i]) != to->slot[i];
		to->slot[i] |= from->slot[i];
	}
	return grew;
}

/* the state after @in; true when @in loads or stores through a moved ctx */
static bool step(const struct bpf_insn *in, struct flow_state *s)
{
	uint8_t cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	int slot;

	switch (cls) {
	case BPF_ALU64:
	case BPF_ALU:
		if (op == BPF_MOV && cls == BPF_ALU64 && BPF_SRC(in->code) == BPF_X)
			s->reg[in->dst_reg] = s->reg[in->src_reg];
		else if ((op == BPF_ADD || op == BPF_SUB) && cls == BPF_ALU64 &&
			 (s->reg[in->dst_reg] & (CTX | CTX_MOVED)) &&
			 !(BPF_SRC(in->code) == BPF_K && in->imm == 0))
			s->reg[in->dst_reg] = CTX_MOVED;
		else if (!((op == BPF_ADD || op == BPF_SUB) && cls == BPF_ALU64 &&
			   BPF_SRC(in->code) == BPF_K && in->imm == 0))
			s->reg[in->dst_reg] = 0;
		return false;
	case BPF_LDX:
		if (s->reg[in->src_reg] & CTX_MOVED)
			return true;
		slot = BPF_SIZE(in->code) == BPF_DW ? slot_of(in, false) : -1;
		s->reg[in->dst_reg] = slot >= 0 ? s->slot[slot] : 0;
		return false;
	case BPF_ST:
	case BPF_STX:
		if (s->reg[in->dst_reg] & CTX_MOVED)
			return true;
		slot = slot_of(in, true);
		if (slot >= 0)
			s->slot[slot] = cls == BPF_STX && BPF_MODE(in->code) == BPF_MEM &&
					BPF_SIZE(in->code) == BPF_DW ? s->reg[in->src_reg] : 0;
		if (cls == BPF_STX && BPF_MODE(in->code) == BPF_ATOMIC)
			s->reg[BPF_REG_0] = 0;	/* fetch forms write r0 or src */
		return false;
	case BPF_LD:
		if (BPF_MODE(in->code) == BPF_IMM) {
			s->reg[in->dst_reg] = 0;
			return false;
		}
		for (int r = BPF_REG_0; r <= BPF_REG_5; r++)	/* legacy packet loads */
			s->reg[r] = 0;
		return false;
	default:	/* jumps */
		if (op == BPF_CALL)
			for (int r = BPF_REG_0; r <= BPF_REG_5; r++)
				s->reg[r] = 0;
		return false;
	}
}

/* the instructions that may follow @i: up to two */
static int successors(const struct bpf_insn *insns, size_t cnt, size_t i, size_t next[2])
{
	const struct bpf_insn *in = &insns[i];
	uint8_t cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	int n = 0;
	long t;

	if (cls == BPF_LD && BPF_MODE(in->code) == BPF_IMM && BPF_SIZE(in->code) == BPF_DW) {
		if (i + 2 < cnt)
			next[n++] = i + 2;
		return n;
	}
	if ((cls != BPF_JMP && cls != BPF_JMP32) || op == BPF_CALL) {
		if (i + 1 < cnt)
			next[n++] = i + 1;
		return n;
	}
	if (op == BPF_EXIT)
		return 0;
	t = (long)i + 1 + in->off;
	if (t >= 0 && (size_t)t < cnt)
		next[n++] = (size_t)t;
	if (op != BPF_JA && i + 1 < cnt)
		next[n++] = i + 1;
	return n;
}

static int program_moves_ctx(const struct bpf_insn *insns, size_t cnt)
{
	struct flow_state *in = calloc(cnt, sizeof(*in));
	size_t *work = calloc(cnt + 1, sizeof(*work)), top = 0;
	bool *queued = calloc(cnt, sizeof(*queued));
	int found = 0;

	if (!in || !work || !queued) {
		found = -ENOMEM;
		goto out;
	}
	in[0].seen = true;
	in[0].reg[BPF_REG_1] = CTX;
	work[top++] = 0;
	queued[0] = true;
	while (top && !found) {
		size_t i = work[--top], next[2];
		struct flow_state s = in[i];
		int n;

		queued[i] = false;
		if (step(&insns[i], &s)) {
			found = 1;
			break;
		}
		n = successors(insns, cnt, i, next);
		for (int k = 0; k < n; k++) {
			if (merge(&in[next[k]], &s) && !queued[next[k]]) {
				queued[next[k]] = true;
				work[top++] = next[k];
			}
		}
	}
out:
	free(in);
	free(work);
	free(queued);
	return found;
}

int ctx_loads__moved(const char *obj_path, char *prog_name, size_t sz)
{
	struct bpf_object *obj = bpf_object__open_file(obj_path, NULL);
	struct bpf_program *prog;
	int err = 0;

	if (!obj)
		return -errno;
	bpf_object__for_each_program(prog, obj) {
		err = program_moves_ctx(bpf_program__insns(prog), bpf_program__insn_cnt(prog));
		if (err) {
			if (err > 0)
				snprintf(prog_name, sz, "%s", bpf_program__name(prog));
			break;
		}
	}
	bpf_object__close(obj);
	return err;
}
