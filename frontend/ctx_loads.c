// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Does a program of a built object load through a context pointer clang has
 * moved? Tracepoint fields are read as direct, CO-RE relocated loads of the
 * context. clang usually folds the field's offset into the load; where it
 * cannot (the same field read twice, its offset kept in a register), it adds
 * the offset to the context pointer and loads at 0, and the verifier refuses
 * that ("dereference of modified ctx ptr"). build looks for it here, in the
 * instructions before they are loaded, and converts again with those fields
 * read once, at the program's start (each other field stays as it was).
 *
 * A forward data-flow over each program's instructions: which registers and
 * 8-byte stack slots may hold the context pointer, unmoved or moved, and by
 * how much it moved where one constant says (so the field is known). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "main.h"

enum { CTX = 1, CTX_MOVED = 2 };
#define SLOTS (512 / 8)
#define MAX_OFFSETS 32

/* a register or stack slot: may it hold the context (kind), and the one
 * value it has on every path when known (k): a constant, or for a moved
 * context the distance it moved */
struct value {
	uint8_t kind;
	bool known;
	int32_t k;
};

struct flow_state {
	struct value reg[MAX_BPF_REG];
	struct value slot[SLOTS];	/* fp-8 .. fp-512 */
	bool seen;
};

/* the offsets of the context loaded or stored through a moved pointer */
struct moved_offsets {
	int32_t off[MAX_OFFSETS];
	size_t cnt;
	bool unknown;
};

static int slot_of(const struct bpf_insn *in, bool store)
{
	int off = in->off;

	if ((store ? in->dst_reg : in->src_reg) != BPF_REG_10 || off >= 0 || off < -512 ||
	    off % 8)
		return -1;
	return -off / 8 - 1;
}

static bool merge_value(struct value *to, const struct value *from)
{
	bool grew = (from->kind | to->kind) != to->kind;

	to->kind |= from->kind;
	if (to->known && (!from->known || from->k != to->k)) {
		to->known = false;
		grew = true;
	}
	return grew;
}

/* merge @from into the entry state of @to; true when it grew */
static bool merge(struct flow_state *to, const struct flow_state *from)
{
	bool grew = false;

	if (!to->seen) {
		*to = *from;
		return true;
	}
	for (int i = 0; i < MAX_BPF_REG; i++)
		grew |= merge_value(&to->reg[i], &from->reg[i]);
	for (int i = 0; i < SLOTS; i++)
		grew |= merge_value(&to->slot[i], &from->slot[i]);
	return grew;
}

static void note_offset(struct moved_offsets *mo, const struct value *ptr, int16_t off)
{
	int32_t at = ptr->k + off;

	if (!ptr->known || (ptr->kind & CTX)) {	/* moved on one path, not on another */
		mo->unknown = true;
		return;
	}
	for (size_t i = 0; i < mo->cnt; i++)
		if (mo->off[i] == at)
			return;
	if (mo->cnt == MAX_OFFSETS)
		mo->unknown = true;
	else
		mo->off[mo->cnt++] = at;
}

/* @dst += or -= @by (known when @by_known) */
static void move(struct value *dst, bool sub, bool by_known, int32_t by)
{
	if (!(dst->kind & (CTX | CTX_MOVED))) {
		*dst = (struct value){ .known = dst->known && by_known,
				       .k = sub ? dst->k - by : dst->k + by };
		return;
	}
	if (by_known && by == 0)
		return;
	/* the context itself is at 0 */
	dst->known = by_known && (dst->kind == CTX || dst->known);
	dst->k = (dst->kind == CTX ? 0 : dst->k) + (sub ? -by : by);
	dst->kind = CTX_MOVED;
}

/* the state after @in; loads and stores through a moved ctx into @mo */
static void step(const struct bpf_insn *in, struct flow_state *s, struct moved_offsets *mo)
{
	uint8_t cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	struct value *dst = &s->reg[in->dst_reg], *src = &s->reg[in->src_reg];
	int slot;

	switch (cls) {
	case BPF_ALU64:
	case BPF_ALU:
		if (op == BPF_MOV && BPF_SRC(in->code) == BPF_K)
			*dst = (struct value){ .known = true, .k = in->imm };
		else if (op == BPF_MOV && cls == BPF_ALU64)
			*dst = *src;
		else if ((op == BPF_ADD || op == BPF_SUB) && cls == BPF_ALU64 &&
			 BPF_SRC(in->code) == BPF_K)
			move(dst, op == BPF_SUB, true, in->imm);
		else if (op == BPF_ADD && cls == BPF_ALU64 && (src->kind & (CTX | CTX_MOVED)) &&
			 !(dst->kind & (CTX | CTX_MOVED))) {
			struct value by = *dst;	/* constant + ctx */

			*dst = *src;
			move(dst, false, by.known, by.k);
		} else if ((op == BPF_ADD || op == BPF_SUB) && cls == BPF_ALU64)
			move(dst, op == BPF_SUB, src->known && !src->kind, src->k);
		else
			*dst = (struct value){ 0 };
		return;
	case BPF_LDX:
		if (src->kind & CTX_MOVED)
			note_offset(mo, src, in->off);
		slot = BPF_SIZE(in->code) == BPF_DW ? slot_of(in, false) : -1;
		*dst = slot >= 0 ? s->slot[slot] : (struct value){ 0 };
		return;
	case BPF_ST:
	case BPF_STX:
		if (dst->kind & CTX_MOVED)
			note_offset(mo, dst, in->off);
		slot = slot_of(in, true);
		if (slot >= 0)
			s->slot[slot] = cls == BPF_STX && BPF_MODE(in->code) == BPF_MEM &&
					BPF_SIZE(in->code) == BPF_DW ? *src : (struct value){ 0 };
		if (cls == BPF_STX && BPF_MODE(in->code) == BPF_ATOMIC)
			s->reg[BPF_REG_0] = *src = (struct value){ 0 };	/* fetch forms */
		return;
	case BPF_LD:
		if (BPF_MODE(in->code) == BPF_IMM) {
			*dst = (struct value){ .known = in->src_reg == 0, .k = in->imm };
			return;
		}
		for (int r = BPF_REG_0; r <= BPF_REG_5; r++)	/* legacy packet loads */
			s->reg[r] = (struct value){ 0 };
		return;
	default:	/* jumps */
		if (op == BPF_CALL)
			for (int r = BPF_REG_0; r <= BPF_REG_5; r++)
				s->reg[r] = (struct value){ 0 };
		return;
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

static int program_moves_ctx(const struct bpf_insn *insns, size_t cnt, struct moved_offsets *mo)
{
	struct flow_state *in = calloc(cnt, sizeof(*in));
	size_t *work = calloc(cnt + 1, sizeof(*work)), top = 0;
	bool *queued = calloc(cnt, sizeof(*queued));
	int err = 0;

	if (!in || !work || !queued) {
		err = -ENOMEM;
		goto out;
	}
	in[0].seen = true;
	in[0].reg[BPF_REG_1].kind = CTX;
	work[top++] = 0;
	queued[0] = true;
	while (top) {
		size_t i = work[--top], next[2];
		struct flow_state s = in[i];
		int n;

		queued[i] = false;
		step(&insns[i], &s, mo);
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
	return err;
}

/* the record @prog's context points to, from the object's BTF: 0 if none */
static __u32 ctx_record(const struct btf *btf, const char *prog)
{
	int id = btf ? btf__find_by_name_kind(btf, prog, BTF_KIND_FUNC) : -1;
	const struct btf_type *t;

	if (id < 0)
		return 0;
	t = btf__type_by_id(btf, btf__type_by_id(btf, id)->type);
	if (!t || !btf_is_func_proto(t) || !btf_vlen(t))
		return 0;
	t = btf__type_by_id(btf, btf_params(t)[0].type);
	while (t && (btf_is_mod(t) || btf_is_typedef(t)))
		t = btf__type_by_id(btf, t->type);
	if (!t || !btf_is_ptr(t))
		return 0;
	id = btf__resolve_type(btf, t->type);
	return id > 0 && btf_is_struct(btf__type_by_id(btf, id)) ? (__u32)id : 0;
}

/* "RECORD.FIELD" of the field of @rec at byte @off into @m; false if none */
static bool add_field(const struct btf *btf, __u32 rec, int32_t off, struct ctx_moves *m)
{
	const struct btf_type *t = btf__type_by_id(btf, rec);
	const struct btf_member *mem = btf_members(t);
	char *name, **grown;

	for (int i = 0; i < btf_vlen(t); i++, mem++) {
		long at = btf_member_bit_offset(t, i) / 8, size = btf__resolve_size(btf, mem->type);

		if (btf_member_bitfield_size(t, i) || size <= 0 || off < at || off >= at + size)
			continue;
		if (asprintf(&name, "%s.%s", btf__name_by_offset(btf, t->name_off),
			     btf__name_by_offset(btf, mem->name_off)) < 0)
			return false;
		for (size_t j = 0; j < m->field_cnt; j++) {
			if (!strcmp(m->fields[j], name)) {
				free(name);
				return true;
			}
		}
		grown = realloc(m->fields, (m->field_cnt + 1) * sizeof(*grown));
		if (!grown) {
			free(name);
			return false;
		}
		m->fields = grown;
		m->fields[m->field_cnt++] = name;
		return true;
	}
	return false;
}

int ctx_loads__moved(const char *obj_path, struct ctx_moves *m)
{
	struct bpf_object *obj = bpf_object__open_file(obj_path, NULL);
	struct bpf_program *prog;
	int err = 0;

	m->prog[0] = '\0';
	m->unknown = false;
	if (!obj)
		return -errno;
	bpf_object__for_each_program(prog, obj) {
		struct moved_offsets mo = { .cnt = 0 };
		__u32 rec;

		err = program_moves_ctx(bpf_program__insns(prog), bpf_program__insn_cnt(prog), &mo);
		if (err)
			break;
		if (!mo.cnt && !mo.unknown)
			continue;
		if (!m->prog[0])
			snprintf(m->prog, sizeof(m->prog), "%s", bpf_program__name(prog));
		rec = ctx_record(bpf_object__btf(obj), bpf_program__name(prog));
		m->unknown |= mo.unknown || !rec;
		for (size_t i = 0; rec && i < mo.cnt; i++)
			m->unknown |= !add_field(bpf_object__btf(obj), rec, mo.off[i], m);
	}
	bpf_object__close(obj);
	return err ?: m->prog[0] != 0;
}

void ctx_moves__free(struct ctx_moves *m)
{
	for (size_t i = 0; i < m->field_cnt; i++)
		free(m->fields[i]);
	free(m->fields);
	m->fields = NULL;
	m->field_cnt = 0;
}
