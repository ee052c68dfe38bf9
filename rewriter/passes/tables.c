// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* BCC table declarations (BPF_HASH, BPF_TABLE, BPF_PERF_OUTPUT, ...) ->
 * BTF-defined maps in SEC(".maps"), with BCC's defaults. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

struct kind_def {
	const char *kind;
	const char *map_type;
	enum { KV_TYPES, KV_SIZES, VALUE_ONLY, NO_KV } layout;
	bool no_max_entries;
};

static const struct kind_def kind_defs[] = {
	{ "hash", "BPF_MAP_TYPE_HASH", KV_TYPES, false },
	/* another program's BPF_TABLE_PUBLIC/SHARED table: the type is a
	 * placeholder, bcc2core run takes the running one's (shared_tables.c) */
	{ "extern", "BPF_MAP_TYPE_HASH", KV_TYPES, false },
	{ "array", "BPF_MAP_TYPE_ARRAY", KV_TYPES, false },
	{ "histogram", NULL, KV_TYPES, false },	/* ARRAY or HASH by key type */
	{ "percpu_hash", "BPF_MAP_TYPE_PERCPU_HASH", KV_TYPES, false },
	{ "percpu_array", "BPF_MAP_TYPE_PERCPU_ARRAY", KV_TYPES, false },
	{ "lru_hash", "BPF_MAP_TYPE_LRU_HASH", KV_TYPES, false },
	{ "lru_percpu_hash", "BPF_MAP_TYPE_LRU_PERCPU_HASH", KV_TYPES, false },
	{ "lpm_trie", "BPF_MAP_TYPE_LPM_TRIE", KV_TYPES, false },
	{ "stacktrace", "BPF_MAP_TYPE_STACK_TRACE", KV_SIZES, false },
	{ "prog", "BPF_MAP_TYPE_PROG_ARRAY", KV_SIZES, false },
	{ "perf_output", "BPF_MAP_TYPE_PERF_EVENT_ARRAY", KV_SIZES, true },
	{ "perf_array", "BPF_MAP_TYPE_PERF_EVENT_ARRAY", KV_SIZES, false },
	{ "ringbuf", "BPF_MAP_TYPE_RINGBUF", NO_KV, false },
	{ "cgroup_array", "BPF_MAP_TYPE_CGROUP_ARRAY", KV_SIZES, false },
	{ "devmap", "BPF_MAP_TYPE_DEVMAP", KV_SIZES, false },
	{ "cpumap", "BPF_MAP_TYPE_CPUMAP", KV_SIZES, false },
	{ "xskmap", "BPF_MAP_TYPE_XSKMAP", KV_SIZES, false },
	{ "sockmap", "BPF_MAP_TYPE_SOCKMAP", KV_SIZES, false },
	{ "sockhash", "BPF_MAP_TYPE_SOCKHASH", KV_SIZES, false },
	{ "array_of_maps", "BPF_MAP_TYPE_ARRAY_OF_MAPS", KV_SIZES, false },
	{ "hash_of_maps", "BPF_MAP_TYPE_HASH_OF_MAPS", KV_SIZES, false },
	{ "sk_storage", "BPF_MAP_TYPE_SK_STORAGE", KV_TYPES, true },
	{ "inode_storage", "BPF_MAP_TYPE_INODE_STORAGE", KV_TYPES, true },
	{ "task_storage", "BPF_MAP_TYPE_TASK_STORAGE", KV_TYPES, true },
	{ "cgroup_storage", "BPF_MAP_TYPE_CGROUP_STORAGE", KV_TYPES, true },
	{ "percpu_cgroup_storage", "BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE", KV_TYPES, true },
	{ "queue", "BPF_MAP_TYPE_QUEUE", VALUE_ONLY, false },
	{ "stack", "BPF_MAP_TYPE_STACK", VALUE_ONLY, false },
};

static const struct kind_def *find_kind(const char *kind)
{
	for (size_t i = 0; i < sizeof(kind_defs) / sizeof(kind_defs[0]); i++)
		if (!strcmp(kind_defs[i].kind, kind))
			return &kind_defs[i];
	return NULL;
}

struct collect_state {
	struct rw_ctx *ctx;
	CXCursor *expansions;	/* macro expansions in the main file */
	size_t exp_cnt;
	CXCursor *enums;	/* <map>__bcc2core_* constants */
	size_t enum_cnt;
	int err;
};

static bool field_type(CXCursor record, const char *field, CXType *out)
{
	unsigned n;
	CXCursor *ch = cursor_children(record, &n);
	bool found = false;

	for (unsigned i = 0; i < n && !found; i++) {
		char *s;

		if (clang_getCursorKind(ch[i]) != CXCursor_FieldDecl)
			continue;
		s = cursor_spelling(ch[i]);
		if (!strcmp(s, field)) {
			*out = clang_getCursorType(ch[i]);
			found = true;
		}
		free(s);
	}
	free(ch);
	return found;
}

static long long enum_value(struct collect_state *st, const char *map, const char *what, bool *ok)
{
	char want[512];

	snprintf(want, sizeof(want), "%s__bcc2core_%s", map, what);
	for (size_t i = 0; i < st->enum_cnt; i++) {
		char *s = cursor_spelling(st->enums[i]);
		bool eq = !strcmp(s, want);

		free(s);
		if (eq) {
			*ok = true;
			return clang_getEnumConstantDeclValue(st->enums[i]);
		}
	}
	*ok = false;
	return 0;
}

static enum CXChildVisitResult collect_top(CXCursor c, CXCursor parent, CXClientData data)
{
	struct collect_state *st = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	CXCursor *p;

	(void)parent;
	if (k == CXCursor_MacroExpansion && cursor_in_main_file(st->ctx, c)) {
		p = realloc(st->expansions, (st->exp_cnt + 1) * sizeof(*p));
		if (!p)
			return CXChildVisit_Break;
		st->expansions = p;
		p[st->exp_cnt++] = c;
	} else if (k == CXCursor_EnumDecl && cursor_in_main_file(st->ctx, c)) {
		return CXChildVisit_Recurse;
	} else if (k == CXCursor_EnumConstantDecl) {
		char *s = cursor_spelling(c);

		if (strstr(s, "__bcc2core_")) {
			p = realloc(st->enums, (st->enum_cnt + 1) * sizeof(*p));
			if (p) {
				st->enums = p;
				p[st->enum_cnt++] = c;
			}
		}
		free(s);
	}
	return CXChildVisit_Continue;
}

/* The macro invocation (outermost expansion) that declared @decl. */
static bool macro_range(struct collect_state *st, CXCursor decl, size_t *b, size_t *e)
{
	size_t at, best_b = 0, best_e = 0;
	bool found = false;

	if (!cursor_offset(st->ctx, decl, &at))
		return false;
	for (size_t i = 0; i < st->exp_cnt; i++) {
		size_t xb, xe;

		if (!cursor_range(st->ctx, st->expansions[i], &xb, &xe))
			continue;
		if (xb <= at && at < xe && (!found || xe - xb > best_e - best_b)) {
			best_b = xb;
			best_e = xe;
			found = true;
		}
	}
	*b = best_b;
	*e = best_e;
	return found;
}

static int add_map(struct collect_state *st, CXCursor var)
{
	struct rw_ctx *ctx = st->ctx;
	CXCursor rec = clang_getTypeDeclaration(clang_getCursorType(var));
	char *kind = record_map_kind(rec), *pin = NULL, *comma, *inner = NULL;
	const struct kind_def *def;
	struct rw_map *m;
	size_t off = 0;
	bool ok;

	if (!kind)
		return 0;
	cursor_offset(ctx, var, &off);
	if ((comma = strchr(kind, ',')))
		*comma++ = '\0';	/* ,public / ,shared: other programs may use it */
	if ((pin = strchr(kind, ':')))
		*pin++ = '\0';
	{
		char *dollar = strchr(kind, '$');

		if (dollar)
			*dollar++ = '\0';	/* inner map template name */
		inner = dollar;
	}
	def = find_kind(kind);
	if (!def) {
		rw_error(ctx, off, "see the BPF_TABLE kinds in the BCC reference guide",
			 "unsupported map type \"%s\"", kind);
		free(kind);
		return 0;
	}
	m = realloc(ctx->maps, (ctx->map_cnt + 1) * sizeof(*m));
	if (!m) {
		free(kind);
		return -ENOMEM;
	}
	ctx->maps = m;
	m = &ctx->maps[ctx->map_cnt++];
	memset(m, 0, sizeof(*m));
	m->name = cursor_spelling(var);
	m->kind = kind;
	m->pin_path = pin ? strdup(pin) : NULL;
	m->share = comma ? strdup(comma) : NULL;
	m->inner = inner ? strdup(inner) : NULL;
	m->decl = var;
	m->map_type = def->map_type;
	field_type(rec, "key", &m->key);
	field_type(rec, "leaf", &m->leaf);
	m->max_entries = enum_value(st, m->name, "max_entries", &ok);
	m->flags = enum_value(st, m->name, "flags", &ok);
	if (!strcmp(kind, "histogram")) {
		m->histogram = true;
		m->map_type = clang_getCanonicalType(m->key).kind == CXType_Int
			      ? "BPF_MAP_TYPE_ARRAY" : "BPF_MAP_TYPE_HASH";
		if (clang_getCanonicalType(m->leaf).kind != CXType_ULong &&
		    clang_getCanonicalType(m->leaf).kind != CXType_ULongLong)
			rw_error(ctx, off, NULL, "histogram leaf type must be u64");
	}
	if (!strcmp(kind, "stacktrace")) {
		long long n = 1;

		while (n < m->max_entries)
			n <<= 1;
		m->max_entries = n;	/* BCC rounds up to a power of two */
	}
	if (!macro_range(st, var, &m->begin, &m->end))
		rw_error(ctx, off, "declare maps with the BCC macros at file scope",
			 "cannot locate the declaration of map '%s'", m->name);
	return 0;
}

int pass_tables__collect(struct rw_ctx *ctx)
{
	struct collect_state st = { .ctx = ctx };
	CXCursor tu = clang_getTranslationUnitCursor(ctx->tu);
	unsigned n;
	CXCursor *top;
	int err = 0;

	clang_visitChildren(tu, collect_top, &st);
	top = cursor_children(tu, &n);
	for (unsigned i = 0; i < n && !err; i++) {
		if (clang_getCursorKind(top[i]) == CXCursor_VarDecl && cursor_in_main_file(ctx, top[i]))
			err = add_map(&st, top[i]);
	}
	free(top);
	free(st.expansions);
	free(st.enums);
	return err;
}

static struct rw_map *rw_find_map_by_name(struct rw_ctx *ctx, const char *name)
{
	for (size_t i = 0; i < ctx->map_cnt; i++)
		if (!strcmp(ctx->maps[i].name, name))
			return &ctx->maps[i];
	return NULL;
}

static bool is_anonymous(const char *spelling)
{
	return strstr(spelling, "(anonymous") || strstr(spelling, "(unnamed");
}

/* A key or leaf type written as "struct { ... }" in the table macro (BCC's
 * tests do): the map's __type() needs a name, so the struct is defined
 * under one before the map, as written. *@spelling becomes the new name;
 * false (said) when the type is not written where it can be copied from. */
static bool name_anonymous(struct rw_ctx *ctx, struct rw_map *m, CXType t, const char *role,
			   char **spelling, struct strbuf *defs)
{
	CXCursor rec = clang_getTypeDeclaration(clang_getCanonicalType(t));
	enum CXCursorKind k = clang_getCursorKind(rec);
	const char *tag = k == CXCursor_UnionDecl ? "union" : "struct";
	char *text, *name;
	size_t b, e;

	if (!is_anonymous(*spelling))
		return true;
	if ((k != CXCursor_StructDecl && k != CXCursor_UnionDecl) ||
	    !cursor_range(ctx, rec, &b, &e) || e - b < strlen(tag) ||
	    strncmp(ctx->src + b, tag, strlen(tag)) || !(text = cursor_text(ctx, rec))) {
		rw_error(ctx, m->begin, "give the type a name (struct key_t { ... }) and use that",
			 "map '%s' has an anonymous %s type not written in the map's declaration",
			 m->name, role);
		return false;
	}
	if (asprintf(&name, "%s bcc2core_%s_%s", tag, m->name, role) < 0) {
		free(text);
		return false;
	}
	strbuf_printf(defs, "/* %s's anonymous %s type, named */\n%s%s;\n", m->name, role, name,
		      text + strlen(tag));
	free(text);
	free(*spelling);
	*spelling = name;
	return true;
}

static int emit_one(struct rw_ctx *ctx, struct rw_map *m)
{
	const struct kind_def *def = find_kind(m->kind);
	struct strbuf sb = {};
	char *key = type_spelling(m->key), *leaf = type_spelling(m->leaf);
	size_t off = m->begin;
	int err;

	if (!name_anonymous(ctx, m, m->key, "key", &key, &sb) ||
	    !name_anonymous(ctx, m, m->leaf, "leaf", &leaf, &sb))
		goto out;
	strbuf_printf(&sb, "struct {\n\t__uint(type, %s);\n", m->map_type);
	if (!def->no_max_entries || !strcmp(m->kind, "ringbuf"))
		strbuf_printf(&sb, "\t__uint(max_entries, %lld);\n", m->max_entries);
	switch (def->layout) {
	case KV_TYPES:
		strbuf_printf(&sb, "\t__type(key, %s);\n\t__type(value, %s);\n", key, leaf);
		break;
	case KV_SIZES:
		if (m->inner) {
			/* libbpf creates the inner map from the template's definition */
			if (!rw_find_map_by_name(ctx, m->inner)) {
				rw_error(ctx, off, "declare the inner map before the outer one",
					 "map-in-map '%s': no map named '%s'", m->name, m->inner);
				goto out;
			}
			strbuf_printf(&sb, "\t__type(key, %s);\n\t__array(values, typeof(%s));\n",
				      key, m->inner);
		} else if (!strcmp(m->kind, "stacktrace"))
			strbuf_printf(&sb, "\t__uint(key_size, sizeof(u32));\n"
				      "\t__uint(value_size, %s * sizeof(u64));\n",
				      m->flags ? "127 * 4" : "127");
		else
			strbuf_printf(&sb, "\t__uint(key_size, sizeof(%s));\n"
				      "\t__uint(value_size, sizeof(%s));\n", key, leaf);
		break;
	case VALUE_ONLY:
		strbuf_printf(&sb, "\t__type(value, %s);\n", leaf);
		break;
	case NO_KV:
		break;
	}
	if (m->flags) {
		static const char *const names[] = {
			"BPF_F_NO_PREALLOC", "BPF_F_NO_COMMON_LRU", "BPF_F_NUMA_NODE",
			"BPF_F_RDONLY", "BPF_F_WRONLY", "BPF_F_STACK_BUILD_ID", "BPF_F_ZERO_SEED",
			"BPF_F_RDONLY_PROG", "BPF_F_WRONLY_PROG", "BPF_F_CLONE", "BPF_F_MMAPABLE",
		};
		long long rest = m->flags;
		bool first = true;

		strbuf_puts(&sb, "\t__uint(map_flags, ");
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			if (rest & (1LL << i)) {
				strbuf_printf(&sb, "%s%s", first ? "" : " | ", names[i]);
				rest &= ~(1LL << i);
				first = false;
			}
		}
		if (rest)
			strbuf_printf(&sb, "%s%#llx", first ? "" : " | ", rest);
		strbuf_puts(&sb, ");\n");
	}
	strbuf_printf(&sb, "} %s SEC(\".maps\")", m->name);
	if (m->histogram)
		strbuf_tag_attr(&sb, BCC2CORE_TAG_HISTOGRAM, NULL);
	if (!strcmp(m->kind, "perf_output"))
		strbuf_tag_attr(&sb, BCC2CORE_TAG_PERF_OUTPUT, NULL);
	if (m->event_type)
		strbuf_tag_attr(&sb, BCC2CORE_TAG_EVENT, m->event_type);
	if (m->pin_path)
		strbuf_tag_attr(&sb, BCC2CORE_TAG_PIN, m->pin_path);
	/* BCC's cross-program tables: run finds a running exporter's map by
	 * name and these tags (runtime/shared_tables.c) */
	if (m->share)
		strbuf_tag_attr(&sb, BCC2CORE_TAG_SHARE, m->share);
	if (!strcmp(m->kind, "extern"))
		strbuf_tag_attr(&sb, BCC2CORE_TAG_EXTERN, NULL);
	err = rw_edit(ctx, m->begin, m->end, sb.buf);
	if (err)
		goto out;
out:
	strbuf_free(&sb);
	free(key);
	free(leaf);
	return 0;
}

/* Record types that only live on the stack are not in BTF: anchor each
 * event type in a section libbpf skips, so `bcc2core run` can decode it. */
static int emit_event_anchors(struct rw_ctx *ctx)
{
	struct strbuf sb = {};
	int err = 0;

	for (size_t i = 0; i < ctx->map_cnt; i++) {
		struct rw_map *m = &ctx->maps[i];

		if (!m->event_type)
			continue;
		if (!sb.len)
			strbuf_puts(&sb, "\n/* bcc2core run decodes events with these BTF types */\n");
		strbuf_printf(&sb, "%s *__bcc2core_event_%s SEC(\".bcc2core.types\") "
			      "__attribute__((used));\n", m->event_type, m->name);
	}
	if (sb.len)
		err = rw_edit(ctx, ctx->src_len, ctx->src_len, sb.buf);
	strbuf_free(&sb);
	return err;
}

int pass_tables__emit(struct rw_ctx *ctx)
{
	int err = 0;

	for (size_t i = 0; i < ctx->map_cnt && !err; i++)
		err = emit_one(ctx, &ctx->maps[i]);
	return err ?: emit_event_anchors(ctx);
}
