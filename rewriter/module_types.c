// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Kernel types that only a module's BTF has. A kernel built with NFS as a
 * module may keep struct nfs_page in nfs's BTF alone, so vmlinux.h does not
 * define it and a program that reads it does not parse. When a parse leaves
 * a struct or union the program uses without a definition, the modules'
 * BTF next to the build kernel's (the other files of /sys/kernel/btf, or
 * of the directory of a --btf FILE named vmlinux) is searched for it, and
 * the module's definition, with what it needs that vmlinux.h lacks, is
 * dumped by libbpf's btf_dump into the parse and the converted program,
 * CO-RE relocatable: libbpf relocates it against that module's BTF at load.
 * The object names its modules on LICENSE (bcc2core:module=NAME). */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "internal.h"

struct undefined_records {
	struct rw_ctx *ctx;
	char **names;
	size_t cnt;
};

/* struct/union names the main file uses that nothing defines */
static enum CXChildVisitResult find_undefined(CXCursor c, CXCursor parent, CXClientData data)
{
	struct undefined_records *u = data;
	CXCursor decl;
	char *name;

	(void)parent;
	if (!cursor_in_main_file(u->ctx, c))
		return CXChildVisit_Continue;
	if (clang_getCursorKind(c) == CXCursor_TypeRef) {
		decl = clang_getCursorReferenced(c);
		if ((clang_getCursorKind(decl) == CXCursor_StructDecl ||
		     clang_getCursorKind(decl) == CXCursor_UnionDecl) &&
		    clang_Cursor_isNull(clang_getCursorDefinition(decl))) {
			name = cursor_spelling(decl);
			if (name && *name && !strv_has(u->names, u->cnt, name))
				strv_add(&u->names, &u->cnt, name, strlen(name));
			free(name);
		}
	}
	return CXChildVisit_Recurse;
}

/* The directory whose other files are the modules' BTF, or NULL: the build
 * kernel's BTF must be a file named vmlinux there (/sys/kernel/btf). */
static char *modules_dir(const char *btf_path)
{
	const char *slash = strrchr(btf_path, '/');

	if (!slash || strcmp(slash + 1, "vmlinux"))
		return NULL;
	return strndup(btf_path, slash == btf_path ? 1 : (size_t)(slash - btf_path));
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The module files of @dir, by name. */
static int module_files(const char *dir, char ***files, size_t *cnt)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int err = 0;

	if (!d)
		return -errno;
	while (err >= 0 && (e = readdir(d)))
		if (e->d_name[0] != '.' && strcmp(e->d_name, "vmlinux"))
			err = strv_add(files, cnt, e->d_name, strlen(e->d_name));
	closedir(d);
	if (*cnt)
		qsort(*files, *cnt, sizeof(**files), name_cmp);
	return err < 0 ? err : 0;
}

/* A struct or union @name among the module's own types (not its base's). */
static __s32 own_record(const struct btf *btf, const char *name)
{
	__u32 n = btf__type_cnt(btf);

	for (__u32 id = btf__type_cnt(btf__base_btf(btf)); id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *tn = btf__name_by_offset(btf, t->name_off);

		if ((btf_is_struct(t) || btf_is_union(t)) && tn && !strcmp(tn, name))
			return id;
	}
	return -ENOENT;
}

static void dump_printf(void *data, const char *fmt, va_list args)
{
	struct module_btf *m = data;
	char *s;

	if (m->quiet || vasprintf(&s, fmt, args) < 0)
		return;
	strbuf_puts(m->out, s);
	free(s);
}

/* A module's BTF with its dumper, kept for the whole conversion: a type the
 * next parse asks for is dumped by the same dumper, which knows what it has
 * already written. vmlinux.h has every base type, so those are dumped to
 * nothing first and the module's types refer to them by vmlinux.h's names. */
static struct module_btf *module_open(struct rw_ctx *ctx, const char *dir, const char *name,
				      struct btf *base)
{
	struct module_btf *m, **ms;
	__u32 base_cnt = btf__type_cnt(base);
	char path[4096];
	int err = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	m = calloc(1, sizeof(*m));
	ms = realloc(ctx->module_btfs, (ctx->module_btf_cnt + 1) * sizeof(*ms));
	if (!m || !ms) {
		free(m);
		return NULL;
	}
	ctx->module_btfs = ms;
	m->name = strdup(name);
	m->btf = btf__parse_split(path, base);
	m->out = &ctx->module_types;
	m->quiet = true;
	m->dump = m->btf ? btf_dump__new(m->btf, dump_printf, m, NULL) : NULL;
	for (__u32 i = 1; m->dump && i < base_cnt && !err; i++)
		err = btf_dump__dump_type(m->dump, i);
	m->quiet = false;
	ms[ctx->module_btf_cnt++] = m;
	return m->name && m->dump && !err ? m : NULL;
}

/* The module whose own types define @name, and its type id: the modules
 * already used first (one module's copy of a type another module also
 * carries is then not dumped twice), then the others by name. */
static struct module_btf *module_defining(struct rw_ctx *ctx, const char *dir, struct btf *base,
					  const char *name, __s32 *id)
{
	char **files = NULL, path[4096];
	size_t cnt = 0;
	struct module_btf *found = NULL;

	for (size_t i = 0; i < ctx->module_btf_cnt; i++) {
		struct module_btf *m = ctx->module_btfs[i];

		if (m->dump && (*id = own_record(m->btf, name)) > 0)
			return m;
	}
	if (module_files(dir, &files, &cnt))
		cnt = 0;
	for (size_t i = 0; i < cnt && !found; i++) {
		struct btf *btf;
		bool opened = false;

		for (size_t k = 0; k < ctx->module_btf_cnt; k++)
			opened |= !strcmp(ctx->module_btfs[k]->name, files[i]);
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		btf = opened ? NULL : btf__parse_split(path, base);
			if (btf && own_record(btf, name) > 0) {
			found = module_open(ctx, dir, files[i], base);
			*id = found ? own_record(found->btf, name) : -1;
		}
		btf__free(btf);
	}
	for (size_t i = 0; i < cnt; i++)
		free(files[i]);
	free(files);
	return found;
}

int module_types__add_missing(struct rw_ctx *ctx)
{
	struct undefined_records u = { .ctx = ctx };
	struct btf *base;
	char *dir;
	int added = 0, err = 0;

	dir = modules_dir(ctx->rw->btf_path);
	if (!dir)
		return 0;
	base = rw_kernel_btf(ctx);
	if (base)
		clang_visitChildren(clang_getTranslationUnitCursor(ctx->tu), find_undefined, &u);
	for (size_t i = 0; i < u.cnt && !err; i++) {
		struct module_btf *m;
		__s32 id = -1;

		/* asked once: a name no module has stays clang's error */
		if (strv_has(ctx->module_types_tried, ctx->module_types_tried_cnt, u.names[i]))
			continue;
		err = strv_add(&ctx->module_types_tried, &ctx->module_types_tried_cnt, u.names[i],
			       strlen(u.names[i]));
		if (err < 0)
			break;
		err = 0;
		m = module_defining(ctx, dir, base, u.names[i], &id);
		if (!m)
			continue;
		strbuf_printf(&ctx->module_types, "\n/* %s %s: from the BTF of module %s */\n",
			      btf_is_union(btf__type_by_id(m->btf, id)) ? "union" : "struct",
			      u.names[i], m->name);
		err = btf_dump__dump_type(m->dump, id);
		m->used = true;
		added += !err;
	}
	for (size_t i = 0; i < u.cnt; i++)
		free(u.names[i]);
	free(u.names);
	free(dir);
	return err ?: added;
}

void module_types__free(struct rw_ctx *ctx)
{
	for (size_t i = 0; i < ctx->module_btf_cnt; i++) {
		struct module_btf *m = ctx->module_btfs[i];

		btf_dump__free(m->dump);
		btf__free(m->btf);
		free(m->name);
		free(m);
	}
	free(ctx->module_btfs);
	for (size_t i = 0; i < ctx->module_types_tried_cnt; i++)
		free(ctx->module_types_tried[i]);
	free(ctx->module_types_tried);
	strbuf_free(&ctx->module_types);
}

void module_types__hint(struct rw_ctx *ctx)
{
	struct undefined_records u = { .ctx = ctx };
	char *dir = modules_dir(ctx->rw->btf_path);

	if (ctx->tu)
		clang_visitChildren(clang_getTranslationUnitCursor(ctx->tu), find_undefined, &u);
	for (size_t i = 0; i < u.cnt; i++) {
		bcc2core_print(BCC2CORE_WARN, "  hint: no definition of struct %s: neither the "
			       "program nor the kernel BTF %s%s%s%s has one (a kernel without "
			       "it, or its module not loaded); --btf FILE builds for another "
			       "kernel\n", u.names[i], ctx->rw->btf_path, dir ? " nor a module's in " : "",
			       dir ? dir : "", dir ? "/" : "");
		free(u.names[i]);
	}
	free(u.names);
	free(dir);
}

char *module_types__header(const struct rw_ctx *ctx)
{
	struct strbuf sb = {};

	if (!ctx->module_types.len)
		return strdup("");
	strbuf_puts(&sb, "\n\n/* kernel types only modules' BTF has: CO-RE relocates them against "
		    "the module's BTF at load */\n"
		    "#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n"
		    "#pragma clang attribute push (__attribute__((preserve_access_index)), "
		    "apply_to = record)\n#endif\n");
	strbuf_append(&sb, ctx->module_types.buf, ctx->module_types.len);
	/* btf_dump ends each type with a blank line */
	while (sb.len && sb.buf[sb.len - 1] == '\n')
		sb.buf[--sb.len] = '\0';
	strbuf_puts(&sb, "\n#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n#pragma clang attribute pop\n"
		    "#endif");
	return strbuf_detach(&sb);
}
