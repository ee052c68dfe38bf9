// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* runtime/render_plan.c against btf_render(): the same text, byte for byte,
 * for every kind of member a record has, in JSON and text, over many
 * random records; and the cases the plan leaves to btf_render(). */
#include <stdlib.h>

#include "internal.h"
#include "test.h"

/* struct rec {
 *	u8 a; s16 b; u32 c; s64 d; _Bool e;
 *	unsigned f:3; int g:5; _Bool h:1;      (bitfields)
 *	unsigned __int128 i; enum { X = -1 } j (signed); enum { Y } k;
 *	void *l; char m[12]; u16 n[3]; struct { u32 x; char y[3]; } o;
 *	union { u32 p; u8 q; };                 (anonymous)
 *	my_u32 r;                               (a typedef)
 *	struct { u8 s[2][2]; } t;
 * } */
static struct btf *make_btf(__u32 *rec, __u32 *with_float, __u32 *with_tail)
{
	struct btf *btf = btf__new_empty();
	int u8 = btf__add_int(btf, "unsigned char", 1, 0);
	int s16 = btf__add_int(btf, "short", 2, BTF_INT_SIGNED);
	int u32 = btf__add_int(btf, "unsigned int", 4, 0);
	int s32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	int s64 = btf__add_int(btf, "long long", 8, BTF_INT_SIGNED);
	int bl = btf__add_int(btf, "_Bool", 1, BTF_INT_BOOL);
	int u128 = btf__add_int(btf, "unsigned __int128", 16, 0);
	int ch = btf__add_int(btf, "char", 1, BTF_INT_SIGNED);
	int u16 = btf__add_int(btf, "unsigned short", 2, 0);
	int dbl = btf__add_float(btf, "double", 8);
	/* btf__add_field() adds to the type added last: arrays first */
	int y_arr = btf__add_array(btf, u32, ch, 3), tail_arr = btf__add_array(btf, u32, ch, 0);
	int en_s = btf__add_enum(btf, "e_s", 4), en_u, vp, m_arr, n_arr, o_st, un, td, s_in, s_out, t_st;

	btf__add_enum_value(btf, "X", -1);
	en_u = btf__add_enum(btf, "e_u", 4);
	btf__add_enum_value(btf, "Y", 0);
	vp = btf__add_ptr(btf, 0);
	m_arr = btf__add_array(btf, u32, ch, 12);
	n_arr = btf__add_array(btf, u32, u16, 3);
	o_st = btf__add_struct(btf, "o", 8);
	btf__add_field(btf, "x", u32, 0, 0);
	btf__add_field(btf, "y", y_arr, 32, 0);
	un = btf__add_union(btf, NULL, 4);
	btf__add_field(btf, "p", u32, 0, 0);
	btf__add_field(btf, "q", u8, 0, 0);
	td = btf__add_typedef(btf, "my_u32", u32);
	s_in = btf__add_array(btf, u32, u8, 2);
	s_out = btf__add_array(btf, u32, s_in, 2);
	t_st = btf__add_struct(btf, "t", 4);
	btf__add_field(btf, "s", s_out, 0, 0);

	*rec = btf__add_struct(btf, "rec", 96);
	btf__add_field(btf, "a", u8, 0, 0);
	btf__add_field(btf, "b", s16, 16, 0);
	btf__add_field(btf, "c", u32, 32, 0);
	btf__add_field(btf, "d", s64, 64, 0);
	btf__add_field(btf, "e", bl, 128, 0);
	btf__add_field(btf, "f", u32, 136, 3);
	btf__add_field(btf, "g", s32, 139, 5);
	btf__add_field(btf, "h", bl, 144, 1);
	btf__add_field(btf, "i", u128, 192, 0);
	btf__add_field(btf, "j", en_s, 320, 0);
	btf__add_field(btf, "k", en_u, 352, 0);
	btf__add_field(btf, "l", vp, 384, 0);
	btf__add_field(btf, "m", m_arr, 448, 0);
	btf__add_field(btf, "n", n_arr, 544, 0);
	btf__add_field(btf, "o", o_st, 608, 0);
	btf__add_field(btf, NULL, un, 672, 0);
	btf__add_field(btf, "r", td, 704, 0);
	btf__add_field(btf, "t", t_st, 736, 0);

	*with_float = btf__add_struct(btf, "fl", 16);
	btf__add_field(btf, "a", u32, 0, 0);
	btf__add_field(btf, "z", dbl, 64, 0);

	*with_tail = btf__add_struct(btf, "tail", 4);
	btf__add_field(btf, "len", u32, 0, 0);
	btf__add_field(btf, "data", tail_arr, 32, 0);
	return btf;
}

/* plan and btf_render() agree on @size bytes of @data; false if the plan
 * left it to btf_render() */
static bool same(const struct btf *btf, __u32 id, enum render_style st, const void *data,
		 size_t size, const char *tag)
{
	struct render_plan *p = render_plan__new(btf, id, st);
	struct strbuf a = {}, b = {};
	bool planned = p && !render_plan__run(p, data, size, &a);

	btf_render(btf, id, data, size, st, &b);
	if (planned) {
		strbuf_append(&a, "", 1);
		strbuf_append(&b, "", 1);
		ASSERT_STREQ(a.buf, b.buf, tag);
	}
	strbuf_free(&a);
	strbuf_free(&b);
	render_plan__free(p);
	return planned;
}

static void test_random_records(void)
{
	__u32 rec, fl, tail;
	struct btf *btf = make_btf(&rec, &fl, &tail);
	unsigned char data[96];
	int planned = 0;
	struct strbuf sb = {};

	srand(1);
	for (int n = 0; n < 2000; n++) {
		for (size_t i = 0; i < sizeof(data); i++)
			data[i] = rand();
		if (n % 3 == 0)	/* printable strings with quotes and escapes */
			memcpy(data + 56, "a\"b\\c\n\t\x01z", 10);
		planned += same(btf, rec, RENDER_JSON, data, sizeof(data), "json");
		planned += same(btf, rec, RENDER_TEXT, data, sizeof(data), "text");
	}
	ASSERT_EQ(planned, 4000, "every full record planned");
	/* the members are all there (a field btf__add_field() refused would
	 * leave it out of both) */
	btf_render(btf, rec, data, sizeof(data), RENDER_TEXT, &sb);
	strbuf_append(&sb, "", 1);
	ASSERT_TRUE(strstr(sb.buf, " o={x=") && strstr(sb.buf, " y=") && strstr(sb.buf, " p=") &&
		    strstr(sb.buf, " q=") && strstr(sb.buf, " t={s=[") && strstr(sb.buf, " r="),
		    "all members");
	strbuf_free(&sb);
	btf__free(btf);
}

static void test_left_to_btf_render(void)
{
	__u32 rec, fl, tail;
	struct btf *btf = make_btf(&rec, &fl, &tail);
	unsigned char data[96] = { 1, 2, 3 };

	ASSERT_TRUE(!same(btf, rec, RENDER_JSON, data, 95, "short"), "a short record");
	ASSERT_TRUE(!same(btf, fl, RENDER_JSON, data, 16, "float"), "a float member");
	ASSERT_TRUE(!same(btf, tail, RENDER_JSON, data, 8, "tail"), "a member at the end");
	ASSERT_TRUE(!same(btf, 0, RENDER_JSON, data, 8, "no type"), "no type");
	btf__free(btf);
}

TEST_MAIN(test_random_records, test_left_to_btf_render)
