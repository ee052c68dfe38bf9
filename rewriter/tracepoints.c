// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Tracepoint contexts: the BCC `args` struct generated from the event's
 * format (as BCC does, so BCC programs parse with their own field names),
 * and the vmlinux.h trace_event_raw_* struct the converted program uses
 * instead. The format comes from the build kernel's BTF (tp_record.c) and,
 * for syscalls, from bcc2core's data (tp_data.c); only with --tracefs DIR
 * from a tracefs, its layout then matched against the BTF's records. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "internal.h"

void tp_format__free(struct tp_format *tp)
{
	if (!tp)
		return;
	for (size_t i = 0; i < tp->field_cnt; i++) {
		free(tp->fields[i].name);
		free(tp->fields[i].type);
	}
	free(tp->fields);
	free(tp->category);
	free(tp->event);
	free(tp->raw_struct);
	free(tp->other_struct);
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* "field:const char * filename;\toffset:24;\tsize:8;\tsigned:0;" */
static int parse_field_line(char *line, struct tp_field *f)
{
	char *decl = strstr(line, "field:"), *semi, *p, *name, *arr;

	if (!decl)
		return -EINVAL;
	decl += 6;
	semi = strchr(decl, ';');
	if (!semi)
		return -EINVAL;
	*semi = '\0';
	p = semi + 1;
	if (sscanf(strstr(p, "offset:") ? strstr(p, "offset:") : "", "offset:%d", &f->offset) != 1 ||
	    sscanf(strstr(p, "size:") ? strstr(p, "size:") : "", "size:%d", &f->size) != 1)
		return -EINVAL;
	f->is_signed = strstr(p, "signed:1") != NULL;
	decl = trim(decl);
	f->array_len = -1;
	arr = strchr(decl, '[');
	if (!strncmp(decl, "__data_loc", 10)) {
		f->data_loc = true;
		decl += 10;
	}
	/* name: the last identifier, before any array part */
	if (arr && !f->data_loc) {
		f->array_len = atoi(arr + 1);
		*arr = '\0';
		decl = trim(decl);
	}
	name = decl + strlen(decl);
	while (name > decl && (isalnum((unsigned char)name[-1]) || name[-1] == '_'))
		name--;
	f->name = strdup(name);
	*name = '\0';
	if (f->data_loc && (arr = strchr(decl, '[')))
		*arr = '\0';
	f->type = strdup(trim(decl));
	if (!f->name || !f->type)
		return -ENOMEM;
	/* a symbolic dimension (comm[TASK_COMM_LEN]) has no digits: use the size */
	if (f->array_len == 0 && !f->data_loc)
		f->array_len = -2;
	return 0;
}

/* --tracefs DIR: the event's format file there */
static int load_tracefs(struct rw_ctx *ctx, struct tp_format *tp)
{
	char path[4096], line[1024];
	FILE *fp;
	int err = 0;

	snprintf(path, sizeof(path), "%s/events/%s/%s/format", ctx->rw->tracefs, tp->category,
		 tp->event);
	fp = fopen(path, "r");
	if (!fp) {
		err = -errno;
		bcc2core_print(BCC2CORE_WARN,
			       "%s: error: tracepoint %s:%s: cannot read %s: %s\n"
			       "  hint: %s\n", ctx->path, tp->category, tp->event, path,
			       strerror(errno), err == -ENOENT ? "no such event in --tracefs "
			       "(see its available_events), or leave --tracefs out to take the "
			       "event from the kernel BTF" : "reading a tracefs needs root");
		return err;
	}
	while (fgets(line, sizeof(line), fp)) {
		struct tp_field f = {}, *nf;

		if (!strstr(line, "field:"))
			continue;
		err = parse_field_line(line, &f);
		if (err)
			break;
		if (!strncmp(f.name, "common_", 7)) {
			free(f.name);
			free(f.type);
			continue;
		}
		nf = realloc(tp->fields, (tp->field_cnt + 1) * sizeof(*nf));
		if (!nf) {
			err = -ENOMEM;
			break;
		}
		tp->fields = nf;
		tp->fields[tp->field_cnt++] = f;
	}
	fclose(fp);
	if (err)
		bcc2core_print(BCC2CORE_WARN, "%s: error: cannot parse %s\n", ctx->path, path);
	return err;
}

int tp_format__load(struct rw_ctx *ctx, const char *category, const char *event,
		    struct tp_format **out)
{
	bool syscalls = !strcmp(category, "syscalls");
	struct tp_format *tp;
	int err;

	for (size_t i = 0; i < ctx->tp_cnt; i++) {
		if (!strcmp(ctx->tps[i].category, category) && !strcmp(ctx->tps[i].event, event)) {
			*out = &ctx->tps[i];
			return 0;
		}
	}
	tp = realloc(ctx->tps, (ctx->tp_cnt + 1) * sizeof(*tp));
	if (!tp)
		return -ENOMEM;
	ctx->tps = tp;
	tp = &ctx->tps[ctx->tp_cnt];
	memset(tp, 0, sizeof(*tp));
	tp->category = strdup(category);
	tp->event = strdup(event);
	if (!tp->category || !tp->event) {
		tp_format__free(tp);
		return -ENOMEM;
	}
	tp->syscall_enter = syscalls && !strncmp(event, "sys_enter_", 10);
	tp->syscall_exit = syscalls && !strncmp(event, "sys_exit_", 9);
	if (ctx->rw->tracefs)
		err = load_tracefs(ctx, tp);
	else if (syscalls) {
		err = tp_data__syscall(ctx, event, tp);
		if (err == -ENOENT)
			bcc2core_print(BCC2CORE_WARN, "%s: error: tracepoint %s:%s: no such "
				       "syscall tracepoint in bcc2core's table\n  hint: check the "
				       "name, or pass --tracefs DIR with a tracefs that has it\n",
				       ctx->path, category, event);
	} else
		err = tp_record__from_btf(ctx, tp);
	if (err) {
		tp_format__free(tp);
		return err;
	}
	ctx->tp_cnt++;
	*out = tp;
	return 0;
}

static const char *int_type(int size, bool is_signed)
{
	switch (size) {
	case 1: return is_signed ? "s8" : "u8";
	case 2: return is_signed ? "s16" : "u16";
	case 4: return is_signed ? "s32" : "u32";
	default: return is_signed ? "s64" : "u64";
	}
}

/* BCC widens by the declared type's signedness (int -> s64 for a syscall's
 * 8-byte slot), where the format's signed: says 0 for every syscall arg. */
bool tp_field__signed(const struct tp_field *f)
{
	static const char *const signed_types[] = {
		"int", "long", "short", "char", "signed", "s8", "s16", "s32", "s64",
		"__s8", "__s16", "__s32", "__s64", "pid_t", "loff_t", "ssize_t", "off_t",
		"clockid_t", "key_t", "time_t", "timer_t", "long long", "long int", "int32_t",
		"int64_t",
	};
	const char *t = f->type;

	if (!strncmp(t, "const ", 6))
		t += 6;
	if (strstr(t, "unsigned"))
		return false;
	for (size_t i = 0; i < sizeof(signed_types) / sizeof(signed_types[0]); i++)
		if (!strcmp(t, signed_types[i]))
			return true;
	return f->is_signed;
}

const char *tp_field__int_type(const struct tp_field *f)
{
	return int_type(f->size, tp_field__signed(f));
}

int tp_format__syscall_arg(const struct tp_format *tp, const struct tp_field *f)
{
	int idx = 0;

	for (size_t i = 0; i < tp->field_cnt && &tp->fields[i] != f; i++)
		if (strcmp(tp->fields[i].name, "__syscall_nr"))
			idx++;
	return idx;
}

const char *tp_field__syscall_arg_type(const struct tp_field *f)
{
	return strchr(f->type, '*') ? f->type : tp_field__int_type(f);
}

/* BCC's layout: an 8-byte header, fields at their offsets, char pads in
 * gaps, data_loc fields as int, scalars widened to their size. */
char *tp_format__bcc_struct(const struct tp_format *tp)
{
	struct strbuf sb = {};
	int pos = 8;

	strbuf_printf(&sb, "struct tracepoint__%s__%s {\n\tu64 __do_not_use__;\n",
		      tp->category, tp->event);
	for (size_t i = 0; i < tp->field_cnt; i++) {
		const struct tp_field *f = &tp->fields[i];

		for (; pos < f->offset; pos++)
			strbuf_printf(&sb, "\tchar __pad_%d;\n", pos);
		if (f->data_loc)
			strbuf_printf(&sb, "\tint data_loc_%s;\n", f->name);
		else if (f->array_len == -2)
			strbuf_printf(&sb, "\tchar %s[%d];\n", f->name, f->size);
		else if (f->array_len >= 0)
			strbuf_printf(&sb, "\t%s %s[%d];\n", f->type, f->name, f->array_len);
		else if (strchr(f->type, '*'))
			strbuf_printf(&sb, "\t%s%s%s;\n", f->type,
				      f->type[strlen(f->type) - 1] == '*' ? "" : " ", f->name);
		else
			strbuf_printf(&sb, "\t%s %s;\n", tp_field__int_type(f), f->name);
		pos = f->offset + f->size;
	}
	strbuf_puts(&sb, "};\n");
	return strbuf_detach(&sb);
}

const struct tp_field *tp_format__field(const struct tp_format *tp, const char *name)
{
	for (size_t i = 0; i < tp->field_cnt; i++) {
		const struct tp_field *f = &tp->fields[i];

		if ((f->data_loc && !strncmp(name, "data_loc_", 9) && !strcmp(name + 9, f->name)) ||
		    (!f->data_loc && !strcmp(name, f->name)))
			return f;
	}
	return NULL;
}

/* Does struct @id have exactly the format's fields at the same offsets? */
static bool struct_matches(const struct btf *btf, __u32 id, const struct tp_format *tp)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_member *m = btf_members(t);
	size_t matched = 0;

	for (int i = 0; i < btf_vlen(t); i++, m++) {
		const char *name = btf__name_by_offset(btf, m->name_off);
		const struct tp_field *f = NULL;

		if (!strcmp(name, "ent") || !strcmp(name, "__data"))
			continue;
		for (size_t k = 0; k < tp->field_cnt; k++) {
			const struct tp_field *c = &tp->fields[k];

			if (c->data_loc ? (!strncmp(name, "__data_loc_", 11) && !strcmp(name + 11, c->name))
					: !strcmp(name, c->name)) {
				f = c;
				break;
			}
		}
		if (!f || btf_member_bit_offset(t, i) != (__u32)f->offset * 8)
			return false;
		matched++;
	}
	return matched == tp->field_cnt;
}

static size_t common_prefix(const char *a, const char *b)
{
	size_t n = 0;

	while (a[n] && a[n] == b[n])
		n++;
	return n;
}

static int find_raw_struct(struct rw_ctx *ctx, struct tp_format *tp)
{
	const char *best = NULL;
	size_t best_score = 0;
	char want[256];
	struct btf *btf;
	__u32 n;

	if (tp->syscall_enter || tp->syscall_exit) {
		/* the context syscall tracepoint programs really get
		 * (bcc2core.bpf.h), not the raw_syscalls record */
		tp->raw_struct = strdup(tp->syscall_enter ? "syscall_tp_t___bcc2core_enter"
							  : "syscall_tp_t___bcc2core_exit");
		return tp->raw_struct ? 0 : -ENOMEM;
	}
	btf = rw_kernel_btf(ctx);
	if (!btf) {
		int err = ctx->rw->btf_err ?: -ENOENT;

		bcc2core_print(BCC2CORE_WARN, "%s: error: cannot read kernel BTF %s: %s\n"
			       "  hint: pass --btf FILE with the BTF vmlinux.h was made from\n",
			       ctx->path, ctx->rw->btf_path, strerror(-err));
		return err;
	}
	snprintf(want, sizeof(want), "trace_event_raw_%s", tp->event);
	n = btf__type_cnt(btf);
	for (__u32 id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name;
		size_t score;

		if (!btf_is_struct(t))
			continue;
		name = btf__name_by_offset(btf, t->name_off);
		if (strncmp(name, "trace_event_raw_", 16) || !struct_matches(btf, id, tp))
			continue;
		/* several event classes can share one layout: prefer the event's
		 * own name, then the class that shares the longest prefix */
		score = !strcmp(name, want) ? 1000 : common_prefix(name + 16, tp->event);
		if (!best || score > best_score) {
			best = name;
			best_score = score;
		}
	}
	if (!best) {
		bcc2core_print(BCC2CORE_WARN,
			       "%s: error: tracepoint %s:%s: no trace_event_raw_* struct in %s has "
			       "its fields\n  hint: the event's format and the kernel BTF disagree; "
			       "use RAW_TRACEPOINT_PROBE or pass --btf for this kernel\n",
			       ctx->path, tp->category, tp->event, ctx->rw->btf_path);
		return -ENOENT;
	}
	tp->raw_struct = strdup(best);
	return tp->raw_struct ? 0 : -ENOMEM;
}

/* Event records whose BTF struct (the event class's name) changed while
 * their fields stayed, or grew: the converted program must still find its
 * fields on kernels with the other name. args->field reads do (programs.c);
 * BCC's TP_DATA_LOC_READ macros still read this kernel's name only. */
static const struct {
	const char *category, *event, *older, *newer;
} tp_renames[] = {
	/* d5869fdc189f: block_rq_error shares block_rq_complete's class */
	{ "block", "block_rq_complete", "trace_event_raw_block_rq_complete",
	  "trace_event_raw_block_rq_completion" },
	/* 6.0/6.1: the slab events left the shared kmem_free and kmem_alloc
	 * classes (kmalloc_node and kmem_cache_alloc_node went away then:
	 * no kernel has both those events and the new names) */
	{ "kmem", "kfree", "trace_event_raw_kmem_free", "trace_event_raw_kfree" },
	{ "kmem", "kmem_cache_free", "trace_event_raw_kmem_free",
	  "trace_event_raw_kmem_cache_free" },
	{ "kmem", "kmalloc", "trace_event_raw_kmem_alloc", "trace_event_raw_kmalloc" },
	{ "kmem", "kmem_cache_alloc", "trace_event_raw_kmem_alloc",
	  "trace_event_raw_kmem_cache_alloc" },
	/* 6.13+: tcp_retransmit_skb left the tcp_event_sk_skb class (it gained
	 * an err field); 6.1 and 6.12 have the shared record */
	{ "tcp", "tcp_retransmit_skb", "trace_event_raw_tcp_event_sk_skb",
	  "trace_event_raw_tcp_retransmit_skb" },
};

static int find_other_struct(struct tp_format *tp)
{
	for (size_t i = 0; i < sizeof(tp_renames) / sizeof(tp_renames[0]); i++) {
		const char *other;

		if (strcmp(tp_renames[i].category, tp->category) ||
		    strcmp(tp_renames[i].event, tp->event))
			continue;
		if (!strcmp(tp->raw_struct, tp_renames[i].older))
			other = tp_renames[i].newer;
		else if (!strcmp(tp->raw_struct, tp_renames[i].newer))
			other = tp_renames[i].older;
		else
			return 0;
		/* the event in the flavour name: kfree and kmem_cache_free
		 * have different fields under one old name */
		return asprintf(&tp->other_struct, "%s___bcc2core_%s", other, tp->event) < 0
		       ? -ENOMEM : 0;
	}
	return 0;
}

/* The record under its other name, as a CO-RE flavour with the fields of
 * this kernel's (typeof keeps their exact types). */
char *tp_format__other_struct(const struct tp_format *tp)
{
	struct strbuf sb = {};

	if (!tp->other_struct)
		return NULL;
	strbuf_printf(&sb, "/* %s:%s's record: struct %.*s on some kernels, %s on\n"
		      " * others; reads take whichever the kernel has */\nstruct %s {\n", tp->category,
		      tp->event, (int)(strstr(tp->other_struct, "___") - tp->other_struct),
		      tp->other_struct, tp->raw_struct, tp->other_struct);
	for (size_t i = 0; i < tp->field_cnt; i++)
		strbuf_printf(&sb, "\ttypeof(((struct %s *)0)->%s%s) %s%s;\n", tp->raw_struct,
			      tp->fields[i].data_loc ? "__data_loc_" : "", tp->fields[i].name,
			      tp->fields[i].data_loc ? "__data_loc_" : "", tp->fields[i].name);
	strbuf_puts(&sb, "} __attribute__((preserve_access_index));");
	return strbuf_detach(&sb);
}

int tp_format__resolve(struct rw_ctx *ctx, struct tp_format *tp)
{
	int err;

	err = tp->raw_struct ? 0 : find_raw_struct(ctx, tp);
	return err || tp->other_struct ? err : find_other_struct(tp);
}

/* internal.h: probe_read_ctx, or @record.@field among moved_ctx_fields */
bool rw_ctx_field_moved(const struct bcc2core_rewriter *rw, const char *record,
			const char *field)
{
	size_t rlen = strlen(record);

	if (rw->probe_read_ctx)
		return true;
	for (size_t i = 0; i < rw->moved_ctx_field_cnt; i++) {
		const char *f = rw->moved_ctx_fields[i];

		if (!strncmp(f, record, rlen) && f[rlen] == '.' && !strcmp(f + rlen + 1, field))
			return true;
	}
	return false;
}
