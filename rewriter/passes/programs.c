// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Program functions: BCC's attach names (kprobe__, TRACEPOINT_PROBE, ...) and
 * --attach specs -> SEC() and libbpf signatures (BPF_KPROBE, BPF_KSYSCALL,
 * trace_event_raw_* contexts); static helpers -> static __always_inline. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

static bool has_prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

/* sys_foo, __x64_sys_foo, __arm64_sys_foo, ... -> foo */
static const char *syscall_name(const char *fn)
{
	static const char *const prefixes[] = {
		"sys_", "__x64_sys_", "__ia32_sys_", "__x32_compat_sys_", "__ia32_compat_sys_",
		"__arm64_sys_", "__s390x_sys_", "__s390_sys_", "__riscv_sys_",
	};

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (has_prefix(fn, prefixes[i]) && fn[strlen(prefixes[i])])
			return fn + strlen(prefixes[i]);
	return NULL;
}

static char *param_type_spelling(CXCursor fn, int i)
{
	CXCursor p = clang_Cursor_getArgument(fn, i);

	return type_spelling(clang_getCursorType(p));
}

/* Program type from the context parameter, for functions BCC's Python side
 * would have loaded with load_func(): loadable now, attached later. */
static const char *section_from_ctx(const char *ctx_type)
{
	static const struct { const char *type, *sec; } ctx_secs[] = {
		{ "struct pt_regs *", "kprobe" },
		{ "struct __sk_buff *", "socket" },
		{ "struct xdp_md *", "xdp" },
		{ "struct bpf_perf_event_data *", "perf_event" },
		{ "struct bpf_raw_tracepoint_args *", "raw_tp" },
		{ "struct bpf_sock_ops *", "sockops" },
		{ "struct sk_msg_md *", "sk_msg" },
		{ "struct bpf_sock *", "cgroup/sock" },
		{ "struct bpf_sock_addr *", "cgroup/connect4" },
		{ "struct bpf_sysctl *", "cgroup/sysctl" },
		{ "struct bpf_sockopt *", "cgroup/getsockopt" },
		{ "struct sk_reuseport_md *", "sk_reuseport" },
		{ "struct bpf_flow_keys *", "flow_dissector" },
	};

	for (size_t i = 0; i < sizeof(ctx_secs) / sizeof(ctx_secs[0]); i++)
		if (!strcmp(ctx_type, ctx_secs[i].type))
			return ctx_secs[i].sec;
	return NULL;
}

static struct attach_spec *spec_for(struct rw_ctx *ctx, const char *prog)
{
	for (size_t i = 0; i < ctx->rw->attach_cnt; i++)
		if (!strcmp(ctx->rw->attach[i].prog, prog))
			return &ctx->rw->attach[i];
	return NULL;
}

static int section_from_spec(struct rw_prog *p, struct attach_spec *as)
{
	char *t = strdup(as->target), *colon;
	int r = 0;

	if (!t)
		return -ENOMEM;
	if (!strcmp(as->kind, "section")) {
		/* a probe section (load_func(name, BPF.KPROBE) says "kprobe"):
		 * its arguments come from registers as an auto-attached one's */
		static const struct { const char *sec; enum prog_kind pk; } probes[] = {
			{ "kprobe", PROG_KPROBE }, { "kretprobe", PROG_KRETPROBE },
			{ "ksyscall", PROG_KSYSCALL }, { "kretsyscall", PROG_KRETSYSCALL },
			{ "uprobe", PROG_UPROBE }, { "uretprobe", PROG_URETPROBE },
		};
		size_t n = strcspn(t, "/");

		p->kind = PROG_GENERIC;
		for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
			if (strlen(probes[i].sec) == n && !strncmp(t, probes[i].sec, n))
				p->kind = probes[i].pk;
		p->section = t;
		t = NULL;
	} else if (!strcmp(as->kind, "tracepoint")) {
		colon = strchr(t, ':');
		*colon = '/';
		p->kind = PROG_TRACEPOINT;
		r = asprintf(&p->section, "tracepoint/%s", t);
	} else {
		static const struct { const char *kind, *sec; enum prog_kind pk; } m[] = {
			{ "kprobe", "kprobe", PROG_KPROBE },
			{ "kretprobe", "kretprobe", PROG_KRETPROBE },
			{ "ksyscall", "ksyscall", PROG_KSYSCALL },
			{ "kretsyscall", "kretsyscall", PROG_KRETSYSCALL },
			{ "raw_tracepoint", "raw_tracepoint", PROG_RAW_TRACEPOINT },
			{ "uprobe", "uprobe", PROG_UPROBE },
			{ "uretprobe", "uretprobe", PROG_URETPROBE },
			{ "usdt", "usdt", PROG_USDT },
		};

		for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
			if (!strcmp(as->kind, m[i].kind)) {
				p->kind = m[i].pk;
				r = asprintf(&p->section, "%s/%s", m[i].sec, t);
			}
		}
	}
	free(t);
	as->used = true;
	return r < 0 ? -ENOMEM : 0;
}

/* The second and later --attach specs of one program: same kind of
 * context, more targets (opensnoop's trace_return on open, openat, ...). */
static int collect_more_specs(struct rw_ctx *ctx, struct rw_prog *p, struct attach_spec *first)
{
	for (size_t i = 0; i < ctx->rw->attach_cnt; i++) {
		struct attach_spec *as = &ctx->rw->attach[i];
		struct rw_prog tmp = {};
		char **v;

		if (as == first || strcmp(as->prog, p->name))
			continue;
		if (section_from_spec(&tmp, as))
			return -ENOMEM;
		v = realloc(p->also, (p->also_cnt + 1) * sizeof(*v));
		if (!v) {
			free(tmp.section);
			return -ENOMEM;
		}
		p->also = v;
		p->also[p->also_cnt++] = tmp.section;
	}
	return 0;
}


struct call_search {
	const char *prefix;
	bool found;
};

static enum CXChildVisitResult find_call(CXCursor c, CXCursor parent, CXClientData data)
{
	struct call_search *cs = data;

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_CallExpr) {
		char *n = cursor_spelling(c);

		cs->found = !strncmp(n, cs->prefix, strlen(cs->prefix));
		free(n);
		if (cs->found)
			return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

static bool calls_prefixed(CXCursor fn, const char *prefix)
{
	struct call_search cs = { prefix, false };

	clang_visitChildren(fn, find_call, &cs);
	return cs.found;
}

/* Helpers a tc classifier may call and a socket filter may not (the
 * kernel's tc_cls_act and sk_filter helper sets), by the names a body calls
 * them by here: libbpf's, and BCC's checksum forms as the parse has them. */
static const char *const tc_only_helpers[] = {
	"bpf_skb_store_bytes", "bpf_l3_csum_replace", "bpf_l4_csum_replace",
	"bpf_csum_diff", "bpf_csum_update", "bpf_csum_level", "bpf_clone_redirect",
	"bpf_redirect", "bpf_redirect_neigh", "bpf_redirect_peer", "bpf_skb_vlan_push",
	"bpf_skb_vlan_pop", "bpf_skb_change_proto", "bpf_skb_change_type",
	"bpf_skb_adjust_room", "bpf_skb_change_tail", "bpf_skb_change_head",
	"bpf_skb_pull_data", "bpf_skb_get_tunnel_key", "bpf_skb_set_tunnel_key",
	"bpf_skb_get_tunnel_opt", "bpf_skb_set_tunnel_opt", "bpf_get_hash_recalc",
	"bpf_set_hash_invalid", "bpf_set_hash", "bpf_skb_under_cgroup",
	"bpf_get_route_realm", "bpf_get_cgroup_classid", "bpf_skb_ecn_set_ce",
	"bpf_fib_lookup", "bpf_skb_get_xfrm_state",
	"bcc2core_l3_csum_replace", "bcc2core_l4_csum_replace",
	"incr_cksum_l3", "incr_cksum_l4",
};

struct tc_search {
	struct rw_ctx *ctx;
	const char *why;	/* the first helper or write that needs tc */
	int depth;
};

static enum CXChildVisitResult find_tc_only(CXCursor c, CXCursor parent, CXClientData data)
{
	struct tc_search *ts = data;
	enum CXCursorKind k = clang_getCursorKind(c);

	(void)parent;
	if (k == CXCursor_CallExpr) {
		char *n = cursor_spelling(c);
		CXCursor def = clang_getCursorDefinition(clang_getCursorReferenced(c));

		for (size_t i = 0; n && i < sizeof(tc_only_helpers) / sizeof(tc_only_helpers[0]); i++)
			if (!strcmp(n, tc_only_helpers[i]))
				ts->why = tc_only_helpers[i];
		free(n);
		/* and in the program's static helpers it calls */
		if (!ts->why && ts->depth < 8 && clang_getCursorKind(def) == CXCursor_FunctionDecl &&
		    cursor_in_main_file(ts->ctx, def)) {
			ts->depth++;
			clang_visitChildren(def, find_tc_only, ts);
			ts->depth--;
		}
	} else if (k == CXCursor_BinaryOperator) {
		/* ip->ttl = x on a <bcc/proto.h> header: BCC's bpf_dins_pkt,
		 * bpf_skb_store_bytes */
		unsigned n;
		CXCursor *ch = cursor_children(c, &n);
		CXCursor lhs = n == 2 ? strip_expr(ch[0]) : clang_getNullCursor();
		char *op = n == 2 ? binary_operator(ts->ctx, c, ch[0]) : NULL;

		if (op && !strcmp(op, "=") && clang_getCursorKind(lhs) == CXCursor_MemberRefExpr &&
		    packet_record_type(clang_getCursorType(first_child(lhs))))
			ts->why = "a packet header write (bpf_skb_store_bytes)";
		free(op);
		free(ch);
	}
	return ts->why ? CXChildVisit_Break : CXChildVisit_Recurse;
}

/* What in @fn's body (or its static helpers) needs a tc program, not a
 * socket filter, or NULL */
static const char *needs_tc(struct rw_ctx *ctx, CXCursor fn)
{
	struct tc_search ts = { ctx, NULL, 0 };

	clang_visitChildren(fn, find_tc_only, &ts);
	return ts.why;
}

static int classify(struct rw_ctx *ctx, struct rw_prog *p, size_t off)
{
	const char *n = p->name, *sys;
	struct attach_spec *as = spec_for(ctx, n);
	int r = 0;

	if (as)
		return section_from_spec(p, as) ?: collect_more_specs(ctx, p, as);
	if (has_prefix(n, "kprobe__")) {
		if ((sys = syscall_name(n + 8))) {
			p->kind = PROG_KSYSCALL;
			r = asprintf(&p->section, "ksyscall/%s", sys);
		} else {
			p->kind = PROG_KPROBE;
			r = asprintf(&p->section, "kprobe/%s", n + 8);
		}
	} else if (has_prefix(n, "kretprobe__")) {
		if ((sys = syscall_name(n + 11))) {
			p->kind = PROG_KRETSYSCALL;
			r = asprintf(&p->section, "kretsyscall/%s", sys);
		} else {
			p->kind = PROG_KRETPROBE;
			r = asprintf(&p->section, "kretprobe/%s", n + 11);
		}
	} else if (has_prefix(n, "syscall__")) {
		p->kind = PROG_KSYSCALL;
		r = asprintf(&p->section, "ksyscall/%s", n + 9);
	} else if (has_prefix(n, "tracepoint__")) {
		const char *rest = n + 12, *last = NULL;

		for (const char *s = rest; s[0] && s[1]; s++)
			if (s[0] == '_' && s[1] == '_')
				last = s;
		if (!last || last == rest) {
			rw_error(ctx, off, "name it tracepoint__<category>__<event>",
				 "cannot split '%s' into a tracepoint category and event", n);
			return 0;
		}
		p->kind = PROG_TRACEPOINT;
		r = asprintf(&p->section, "tracepoint/%.*s/%s", (int)(last - rest), rest, last + 2);
	} else if (has_prefix(n, "raw_tracepoint__")) {
		p->kind = PROG_RAW_TRACEPOINT;
		r = asprintf(&p->section, "raw_tracepoint/%s", n + 16);
	} else if (has_prefix(n, "kfunc__") || has_prefix(n, "kretfunc__")) {
		bool ret = n[1] == 'r' || n[3] == 'r';
		const char *fn = n + (ret ? 10 : 7);
		const char *mod_sep = strstr(fn, "__");

		p->kind = ret ? PROG_FEXIT : PROG_FENTRY;
		if (has_prefix(fn, "vmlinux__"))
			fn += 9;	/* BCC >= 0.27 names: kfunc__vmlinux__fn */
		else
			mod_sep = NULL;	/* BCC 0.26 names: kfunc__fn */
		if (mod_sep)
			r = asprintf(&p->section, "%s/%.*s:%s", ret ? "fexit" : "fentry",
				     (int)(mod_sep - fn), fn, mod_sep + 2);
		else
			r = asprintf(&p->section, "%s/%s", ret ? "fexit" : "fentry", fn);
	} else if (has_prefix(n, "kmod_ret__")) {
		p->kind = PROG_FMOD_RET;
		r = asprintf(&p->section, "fmod_ret/%s", n + 10);
	} else if (has_prefix(n, "lsm__")) {
		p->kind = PROG_LSM;
		r = asprintf(&p->section, "lsm/%s", n + 5);
	} else if (has_prefix(n, "bpf_iter__")) {
		p->kind = PROG_ITER;
		r = asprintf(&p->section, "iter/%s", n + 10);
	} else {
		char *ctx_type = clang_Cursor_getNumArguments(p->fn) > 0
				 ? param_type_spelling(p->fn, 0) : strdup("");
		const char *sec = section_from_ctx(ctx_type), *why;

		if (clang_Cursor_getNumArguments(p->fn) == 0) {
			/* no context at all: BCC tools load these with
			 * load_func(BPF.PERF_EVENT) for attach_perf_event() */
			p->kind = PROG_GENERIC;
			p->section = strdup("perf_event");
		} else if (!strcmp(ctx_type, "void *") ||
		    (!strcmp(ctx_type, "struct pt_regs *") && calls_prefixed(p->fn, "bpf_usdt_readarg"))) {
			/* BCC's USDT probe functions take void *ctx (the Python side
			 * enables them with USDT.enable_probe) */
			p->kind = PROG_USDT;
			p->section = strdup("usdt");
		} else if (sec && !strcmp(sec, "kprobe")) {
			/* attached later by the tool's Python: arguments from
			 * registers, as for any kprobe */
			p->kind = PROG_KPROBE;
			p->section = strdup(sec);
		} else if (sec && !strcmp(sec, "socket") && (why = needs_tc(ctx, p->fn))) {
			/* BCC's tool loaded it as SCHED_CLS/ACT: a socket filter
			 * may not call what it calls */
			pr_debug("%s: SEC(\"tc\"), not \"socket\": it uses %s, which socket "
				 "filters may not\n", p->name, why);
			p->kind = PROG_GENERIC;
			p->section = strdup("tc");
		} else if (sec) {
			p->kind = PROG_GENERIC;
			p->section = strdup(sec);
		} else {
			rw_error(ctx, off,
				 "name it kprobe__<fn>, kretprobe__<fn>, syscall__<name>, "
				 "tracepoint__<cat>__<event>, give it a context parameter (struct "
				 "pt_regs *ctx, ...), make it static, or pass --attach KIND:TARGET=<name>",
				 "cannot tell what program '%s' is (context type '%s')", n, ctx_type);
		}
		free(ctx_type);
		return 0;
	}
	return r < 0 ? -ENOMEM : 0;
}

static int bind_tracepoint(struct rw_ctx *ctx, struct rw_prog *p, size_t off)
{
	char *cat = strdup(p->section + strlen("tracepoint/")), *ev;
	int err;

	if (!cat)
		return -ENOMEM;
	ev = strchr(cat, '/');
	*ev++ = '\0';
	err = tp_format__load(ctx, cat, ev, &p->tp);
	if (!err)
		err = tp_format__resolve(ctx, p->tp);
	if (err && err != -ENOMEM) {
		rw_error(ctx, off, NULL, "cannot convert the context of tracepoint %s:%s", cat, ev);
		err = 0;
	}
	free(cat);
	return err;
}

/* Nothing of the main file is left after preprocessing, yet it was not
 * empty: it is made of directives (#if/#error checks of the cflags, as BCC's
 * own cflags test is). BCC compiles such a text to an empty module; so do
 * we, with a warning. An empty file, or one of comments only, stays an error. */
static bool preprocessed_away(struct rw_ctx *ctx, const CXCursor *top, unsigned n)
{
	CXSourceRange all;
	CXToken *toks = NULL;
	unsigned tok_cnt = 0;
	bool directives = false;

	for (unsigned i = 0; i < n; i++)
		if (!clang_isPreprocessing(clang_getCursorKind(top[i])) &&
		    cursor_in_main_file(ctx, top[i]))
			return false;
	all = clang_getRange(clang_getLocationForOffset(ctx->tu, ctx->main_file, 0),
			     clang_getLocationForOffset(ctx->tu, ctx->main_file,
							(unsigned)ctx->src_len));
	clang_tokenize(ctx->tu, all, &toks, &tok_cnt);
	for (unsigned i = 0; i < tok_cnt && !directives; i++)
		directives = clang_getTokenKind(toks[i]) != CXToken_Comment;
	clang_disposeTokens(ctx->tu, toks, tok_cnt);
	return directives;
}

int pass_programs__collect(struct rw_ctx *ctx)
{
	CXCursor tu = clang_getTranslationUnitCursor(ctx->tu);
	unsigned n;
	CXCursor *top = cursor_children(tu, &n);
	int err = 0;

	for (unsigned i = 0; i < n && !err; i++) {
		CXCursor c = top[i];
		struct rw_prog *p;
		size_t off = 0;

		if (clang_getCursorKind(c) != CXCursor_FunctionDecl || !clang_isCursorDefinition(c) ||
		    !cursor_in_main_file(ctx, c))
			continue;
		p = realloc(ctx->progs, (ctx->prog_cnt + 1) * sizeof(*p));
		if (!p) {
			err = -ENOMEM;
			break;
		}
		ctx->progs = p;
		p = &ctx->progs[ctx->prog_cnt++];
		memset(p, 0, sizeof(*p));
		p->fn = c;
		p->name = cursor_spelling(c);
		cursor_offset(ctx, c, &off);
		if (clang_Cursor_getStorageClass(c) == CX_SC_Static)
			continue;	/* a helper, inlined as BCC does */
		err = classify(ctx, p, off);
		if (!err && p->kind == PROG_TRACEPOINT)
			err = bind_tracepoint(ctx, p, off);
	}
	{
		bool any = false;

		for (size_t i = 0; i < ctx->prog_cnt; i++)
			any |= ctx->progs[i].kind != PROG_NONE;
		/* tables and no program: BCC loads those too, for the maps
		 * (to create, share or fill them from user space) */
		if (!any && !err && !ctx->map_cnt && preprocessed_away(ctx, top, n)) {
			bcc2core_print(BCC2CORE_WARN, "%s: warning: nothing is left of it after "
				       "preprocessing: the object has no program and no table\n"
				       "  hint: check the -D flags, if this is not what the #if lines "
				       "meant\n", ctx->path);
		} else if (!any && !err && !ctx->map_cnt) {
			bcc2core_print(BCC2CORE_WARN, "%s: error: no BPF program and no table in it\n"
				       "  hint: a program is a non-static function: kprobe__<fn>, "
				       "TRACEPOINT_PROBE(cat, event), ...\n", ctx->path);
			ctx->errors++;
		}
	}
	free(top);
	for (size_t i = 0; i < ctx->rw->attach_cnt; i++) {
		if (!ctx->rw->attach[i].used && !err) {
			bcc2core_print(BCC2CORE_WARN,
				       "%s: error: --attach names program '%s', which the program "
				       "does not define\n  hint: PROG must be a non-static function "
				       "of the program\n", ctx->path, ctx->rw->attach[i].prog);
			ctx->errors++;
			ctx->first_err = -EINVAL;
		}
	}
	return err;
}

/* The text of the parameters after ctx: "struct sock *sk, int x". */
static char *extra_params(struct rw_ctx *ctx, CXCursor fn, int *cnt)
{
	struct strbuf sb = {};
	int n = clang_Cursor_getNumArguments(fn);

	*cnt = 0;
	for (int i = 1; i < n; i++) {
		char *t = cursor_text(ctx, clang_Cursor_getArgument(fn, i));

		if (!t)
			continue;
		strbuf_printf(&sb, ", %s", t);
		free(t);
		(*cnt)++;
	}
	return strbuf_detach(&sb);
}

struct param_refs {
	CXCursor param;
	bool used;
};

static enum CXChildVisitResult find_param_ref(CXCursor c, CXCursor parent, CXClientData data)
{
	struct param_refs *r = data;

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr &&
	    same_decl(clang_getCursorReferenced(c), r->param)) {
		r->used = true;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* Bit i-1 set: the body of @fn refers to its parameter i (1: the first
 * after ctx), in a macro's expansion too. */
static unsigned used_params(CXCursor fn)
{
	CXCursor body = function_body(fn);
	int n = clang_Cursor_getNumArguments(fn);
	unsigned mask = 0;

	for (int i = 1; i < n && i <= 31; i++) {
		struct param_refs r = { .param = clang_Cursor_getArgument(fn, i) };

		if (clang_Cursor_isNull(body))
			r.used = true;
		else
			clang_visitChildren(body, find_param_ref, &r);
		if (r.used)
			mask |= 1u << (i - 1);
	}
	return mask;
}

/* Does the body of @fn read nothing of its context: neither the context
 * (its first parameter) nor an argument (the parameters after it, read from
 * the context's registers)? */
static bool ctx_unused(CXCursor fn)
{
	CXCursor body = function_body(fn);
	struct param_refs r = {};

	if (clang_Cursor_getNumArguments(fn) < 1 || clang_Cursor_isNull(body) ||
	    used_params(fn))
		return false;
	r.param = clang_Cursor_getArgument(fn, 0);
	clang_visitChildren(body, find_param_ref, &r);
	return !r.used;
}

/* [name, ')') of a function declarator in the main file. */
static bool declarator_range(struct rw_ctx *ctx, CXCursor fn, size_t *b, size_t *e)
{
	size_t i;

	if (!cursor_offset(ctx, fn, b))
		return false;
	for (i = *b; i < ctx->src_len && ctx->src[i] != '('; i++)
		;
	for (int depth = 0; i < ctx->src_len; i++) {
		if (ctx->src[i] == '(')
			depth++;
		else if (ctx->src[i] == ')' && --depth == 0)
			break;
	}
	if (i >= ctx->src_len)
		return false;
	*e = i + 1;
	return true;
}

static char *first_param_name(CXCursor fn)
{
	if (clang_Cursor_getNumArguments(fn) < 1)
		return NULL;
	return cursor_spelling(clang_Cursor_getArgument(fn, 0));
}

/* After the body's '{': make BCC's ctx name valid inside BPF_* macros. */
static int alias_ctx(struct rw_ctx *ctx, CXCursor fn, const char *type)
{
	char *name = first_param_name(fn), *text = NULL;
	unsigned n;
	CXCursor *ch;
	size_t b, e;
	int err = 0;

	if (!name || !*name || !strcmp(name, "ctx")) {
		free(name);
		return 0;
	}
	ch = cursor_children(fn, &n);
	if (n && clang_getCursorKind(ch[n - 1]) == CXCursor_CompoundStmt &&
	    cursor_range(ctx, ch[n - 1], &b, &e)) {
		if (asprintf(&text, "\n\t%s%s = ctx;", type, name) < 0)
			err = -ENOMEM;
		else
			err = rw_edit(ctx, b + 1, b + 1, text);
	}
	free(ch);
	free(text);
	free(name);
	return err;
}

/* int f(struct pt_regs *ctx, six args) -> int f(struct pt_regs *ctx) and
 * the arguments declared from registers at the top of the body. */
static int emit_six_params(struct rw_ctx *ctx, struct rw_prog *p, size_t db, size_t de)
{
	struct strbuf decls = {};
	char *text = NULL, *cname = first_param_name(p->fn);
	unsigned n;
	CXCursor *ch = cursor_children(p->fn, &n);
	size_t bb, be;
	int err = 0;

	for (int i = 1; i <= 6; i++) {
		CXCursor prm = clang_Cursor_getArgument(p->fn, i);
		char *t = type_spelling(clang_getCursorType(prm)), *nm = cursor_spelling(prm);

		strbuf_printf(&decls, "\n\t%s%s%s = (%s)%s%d(%s);", t,
			      t[strlen(t) - 1] == '*' ? "" : " ", nm, t,
			      i < 6 ? "PT_REGS_PARM" : "BCC2CORE_PT_REGS_PARM", i,
			      cname && *cname ? cname : "ctx");
		free(t);
		free(nm);
	}
	if (asprintf(&text, "%s(struct pt_regs *%s)", p->name, cname && *cname ? cname : "ctx") < 0)
		err = -ENOMEM;
	err = err ?: rw_edit(ctx, db, de, text);
	if (!err && n && clang_getCursorKind(ch[n - 1]) == CXCursor_CompoundStmt &&
	    cursor_range(ctx, ch[n - 1], &bb, &be))
		err = rw_edit(ctx, bb + 1, bb + 1, decls.buf);
	free(ch);
	free(text);
	free(cname);
	strbuf_free(&decls);
	return err;
}

/* SEC("...") and, for a program the tool attaches to several targets, the
 * others as BTF decl tags the runtime attaches it to as well. */
static const char *section_attr(struct rw_prog *p)
{
	struct strbuf sb = {};

	free(p->section_text);
	strbuf_printf(&sb, "SEC(\"%s\")", p->section);
	for (size_t i = 0; i < p->also_cnt; i++)
		strbuf_tag_attr(&sb, BCC2CORE_TAG_ALSO, p->also[i]);
	/* a user probe that reads nothing of its context may move to any other
	 * (a USDT probe's function attached by address) with no rebuild */
	if ((p->kind == PROG_USDT || p->kind == PROG_UPROBE || p->kind == PROG_URETPROBE) &&
	    ctx_unused(p->fn))
		strbuf_tag_attr(&sb, BCC2CORE_TAG_CTX_UNUSED, NULL);
	/* an entry or return probe that reads no argument parameter runs the
	 * same as the other (a tool's attach_kretprobe of a program built
	 * before its attach calls) */
	if ((p->kind == PROG_KPROBE || p->kind == PROG_KRETPROBE || p->kind == PROG_UPROBE ||
	     p->kind == PROG_URETPROBE) && !clang_Cursor_isNull(function_body(p->fn)) &&
	    !used_params(p->fn))
		strbuf_tag_attr(&sb, BCC2CORE_TAG_ARGS_UNUSED, NULL);
	p->section_text = strbuf_detach(&sb);
	return p->section_text;
}

/* A program declared by a BCC macro (TRACEPOINT_PROBE(c, e), KFUNC_PROBE(fn,
 * args...), ...): the invocation becomes SEC() + a libbpf declarator. */
static int emit_macro_prog(struct rw_ctx *ctx, struct rw_prog *p, size_t db)
{
	size_t i = db, args_b = 0, de;
	char *args = NULL, *text = NULL, *pname = NULL, *decl = NULL;
	int depth = 0, err = 0;

	while (i < ctx->src_len && ctx->src[i] != '(')
		i++;
	for (; i < ctx->src_len; i++) {
		char c = ctx->src[i];

		if (c == '(' || c == '[' || c == '{')
			depth++;
		else if ((c == ')' || c == ']' || c == '}') && --depth == 0)
			break;
		else if (c == ',' && depth == 1 && !args_b)
			args_b = i + 1;
	}
	if (i >= ctx->src_len)
		return 0;
	de = i + 1;
	if (args_b) {
		while (args_b < i && strchr(" \t\r\n", ctx->src[args_b]))
			args_b++;
		args = strndup(ctx->src + args_b, i - args_b);
	}
	switch (p->kind) {
	case PROG_TRACEPOINT:
		if (!p->tp || !p->tp->raw_struct)
			goto out;
		pname = first_param_name(p->fn);
		err = asprintf(&decl, "int %s(struct %s *%s)", p->name, p->tp->raw_struct,
			       pname && *pname ? pname : "args") < 0 ? -ENOMEM : 0;
		break;
	case PROG_RAW_TRACEPOINT:
		err = asprintf(&decl, "int %s(struct bpf_raw_tracepoint_args *ctx)", p->name) < 0
		      ? -ENOMEM : 0;
		break;
	case PROG_ITER:
		err = asprintf(&decl, "int %s(struct %s *ctx)", p->name, p->name) < 0 ? -ENOMEM : 0;
		break;
	case PROG_FENTRY:
	case PROG_FEXIT:
	case PROG_FMOD_RET:
	case PROG_LSM:
		err = asprintf(&decl, "int BPF_PROG(%s%s%s)", p->name, args && *args ? ", " : "",
			       args ? args : "") < 0 ? -ENOMEM : 0;
		break;
	default:
		rw_error(ctx, db, NULL, "cannot convert the declaration of program '%s'", p->name);
		goto out;
	}
	if (!err && asprintf(&text, "%s\n%s", section_attr(p), decl) < 0)
		err = -ENOMEM;
	err = err ?: rw_edit(ctx, db, de, text);
out:
	free(args);
	free(text);
	free(pname);
	free(decl);
	return err;
}

/* A program BCC wrote as void: BPF programs return int, so each bare
 * `return;` returns 0 and so does the end of its body (the caller makes the
 * return type int). */
struct bare_returns {
	struct rw_ctx *ctx;
	int err;
};

static enum CXChildVisitResult bare_return(CXCursor c, CXCursor parent, CXClientData data)
{
	struct bare_returns *br = data;
	size_t b, e;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_ReturnStmt)
		return CXChildVisit_Recurse;
	if (!br->err && clang_Cursor_isNull(first_child(c)) && cursor_range(br->ctx, c, &b, &e) &&
	    e - b >= 6 && !strncmp(br->ctx->src + b, "return", 6))
		br->err = rw_edit(br->ctx, b, b + 6, "return 0");
	return CXChildVisit_Continue;
}

static bool returns_void(CXCursor fn)
{
	return clang_getCursorResultType(fn).kind == CXType_Void;
}

static int void_program_returns(struct rw_ctx *ctx, struct rw_prog *p, size_t fe)
{
	struct bare_returns br = { ctx, 0 };

	clang_visitChildren(p->fn, bare_return, &br);
	if (br.err || fe < 1 || ctx->src[fe - 1] != '}')
		return br.err;
	return rw_edit(ctx, fe - 1, fe - 1, "\treturn 0;\n");
}

static int emit_prog(struct rw_ctx *ctx, struct rw_prog *p)
{
	size_t fb, fe, db, de;
	char *text = NULL, *params = NULL;
	int err = 0, cnt = 0;
	bool macro;

	if (!cursor_range(ctx, p->fn, &fb, &fe) || !declarator_range(ctx, p->fn, &db, &de))
		return 0;
	/* TRACEPOINT_PROBE(c, e) and friends: the declarator is in the macro */
	macro = db == fb && strncmp(ctx->src + db, p->name, strlen(p->name));
	if (p->kind == PROG_NONE) {
		if (clang_Cursor_isFunctionInlined(p->fn))
			return 0;
		if (strncmp(ctx->src + fb, "static", 6))
			return 0;
		return rw_edit(ctx, fb, fb + 6, "static __always_inline");
	}
	if (macro)
		return emit_macro_prog(ctx, p, db);
	if (returns_void(p->fn)) {
		err = void_program_returns(ctx, p, fe);
		if (err)
			return err;
	}
	switch (p->kind) {
	case PROG_TRACEPOINT: {
		char *pname = first_param_name(p->fn);

		if (!p->tp || !p->tp->raw_struct) {
			free(pname);
			return 0;
		}
		err = asprintf(&text, "%s\nint %s(struct %s *%s)", section_attr(p), p->name,
			       p->tp->raw_struct, pname && *pname ? pname : "ctx") < 0 ? -ENOMEM : 0;
		free(pname);
		if (!err)
			err = rw_edit(ctx, fb, de, text);
		break;
	}
	case PROG_KPROBE:
	case PROG_KRETPROBE:
	case PROG_UPROBE:
	case PROG_URETPROBE:
	case PROG_KSYSCALL:
	case PROG_KRETSYSCALL: {
		/* libbpf 1.1 has no BPF_UPROBE: BPF_KPROBE reads the same registers */
		const char *macro_name = p->kind == PROG_KSYSCALL ? "BPF_KSYSCALL" : "BPF_KPROBE";
		/* the arguments the body uses (bit n-1: argument n) */
		unsigned used = p->kind == PROG_KSYSCALL ? used_params(p->fn) : 0;

		params = extra_params(ctx, p->fn, &cnt);
		if (cnt > 6 || (cnt > 5 && p->kind == PROG_KSYSCALL)) {
			rw_error(ctx, db, "read further arguments from the stack explicitly",
				 "too many arguments: bcc only supports in-register parameters");
			break;
		}
		if (cnt == 6) {
			/* libbpf 1.1's BPF_KPROBE stops at 5: read them as BCC does */
			err = emit_six_params(ctx, p, db, de);
		} else if (p->kind == PROG_KSYSCALL && used != (1u << cnt) - 1) {
			/* BPF_KSYSCALL would read the unused ones too */
			err = asprintf(&text, "BCC2CORE_KSYSCALL(%s, %#x%s)", p->name, used,
				       params) < 0 ? -ENOMEM : 0;
			err = err ?: rw_edit(ctx, db, de, text);
			err = err ?: alias_ctx(ctx, p->fn, "struct pt_regs *");
		} else if (cnt || p->kind == PROG_KSYSCALL) {
			err = asprintf(&text, "%s(%s%s)", macro_name, p->name, params) < 0 ? -ENOMEM : 0;
			err = err ?: rw_edit(ctx, db, de, text);
			err = err ?: alias_ctx(ctx, p->fn, "struct pt_regs *");
		}
		free(text);
		text = NULL;
		if (!err && asprintf(&text, "%s\n%s", section_attr(p),
				     returns_void(p->fn) ? "int " : "") < 0)
			err = -ENOMEM;
		/* void f(...): the return type goes with the SEC() line */
		err = err ?: rw_edit(ctx, fb, returns_void(p->fn) ? db : fb, text);
		break;
	}
	default:
		if (asprintf(&text, "%s\n", section_attr(p)) < 0)
			err = -ENOMEM;
		err = err ?: rw_edit(ctx, fb, fb, text);
		break;
	}
	free(params);
	free(text);
	return err;
}

int pass_programs__emit(struct rw_ctx *ctx)
{
	int err = 0;

	for (size_t i = 0; i < ctx->prog_cnt && !err; i++) {
		/* libbpf attaches a USDT program through usdt.bpf.h's maps,
		 * even one that reads no argument (ugc's gc__mark__begin) */
		if (ctx->progs[i].kind == PROG_USDT)
			ctx->uses_usdt = true;
		err = emit_prog(ctx, &ctx->progs[i]);
	}
	return err;
}

/* Is @param the tracepoint context parameter of @prog? */
static bool is_tp_param(const struct rw_prog *prog, CXCursor decl)
{
	return prog && prog->kind == PROG_TRACEPOINT && prog->tp &&
	       clang_Cursor_getNumArguments(prog->fn) > 0 &&
	       same_decl(clang_Cursor_getArgument(prog->fn, 0), decl);
}

/* "__typeof__(P->F) __bcc2core_tp_F = P->F;" at the start of @prog's body
 * (@param P, its record), once per program and field */
static int hoist_field(struct rw_ctx *ctx, const struct rw_prog *prog, CXCursor param,
		       const char *field)
{
	char *key = NULL, *decl = NULL, *pname = cursor_spelling(param);
	int err;

	if (!pname || asprintf(&key, ";%s.%s;", prog->name, field) < 0 ||
	    asprintf(&decl, " __typeof__(%s->%s) __bcc2core_tp_%s = %s->%s;", pname, field, field,
		     pname, field) < 0) {
		err = -ENOMEM;
		goto out;
	}
	err = rw_edit_body_start(ctx, prog->fn, &ctx->hoisted_fields, key, decl);
out:
	free(key);
	free(decl);
	free(pname);
	return err;
}

/* The largest context array copied by loads: at most 16 loads and stores
 * (bytes one by one), under what a probe-read helper call costs */
#define CTX_COPY_MAX 16

/* "{ T w = SRC[i]; __builtin_memcpy(d + k, &w, E); }" for each element of
 * the first @bytes bytes of context array @src (elements of @elem bytes):
 * each load at its own relocated offset; a local, so a const element type
 * copies too */
static int ctx_copy_elements(struct strbuf *out, const char *src, long long bytes, long long elem)
{
	int err = 0;

	for (long long k = 0; k < bytes && err >= 0; k += elem)
		err = strbuf_printf(out, " { __typeof__(%s[0]) __bcc2core_e = %s[%lld]; "
				    "__builtin_memcpy((char *)__bcc2core_d + %lld, &__bcc2core_e, "
				    "%lld); }", src, src, k / elem, k, elem);
	return err;
}

/* "w[j] = *(__uW *)&SRC[i];" for each @width-byte word of the copy (@aligned),
 * else each word put together from its elements (the byte order's shifts) */
static int ctx_copy_words(struct strbuf *out, const char *src, long long bytes, long long elem,
			  long long width, bool aligned)
{
	int err = 0;

	for (long long k = 0; k < bytes && err >= 0; k += width) {
		err = strbuf_printf(out, " __bcc2core_w[%lld] =", k / width);
		if (aligned) {
			err = err < 0 ? err : strbuf_printf(out, " *(__u%lld *)&%s[%lld];",
							    width * 8, src, k / elem);
			continue;
		}
		for (long long o = 0; o < width && err >= 0; o += elem)
			err = strbuf_printf(out, "%s(__u%lld)(__u%lld)%s[%lld] << (__BYTE_ORDER__ == "
					    "__ORDER_LITTLE_ENDIAN__ ? %lld : %lld)",
					    o ? " | " : " ", width * 8, elem * 8, src, (k + o) / elem,
					    8 * o, 8 * (width - elem - o));
		err = err < 0 ? err : strbuf_puts(out, ";");
	}
	return err;
}

/* The copy of @n bytes of the context array @arr (text @src) to @dst by
 * loads, or NULL when that does not apply: not a fixed array, @n not a whole
 * number of elements within it, or over CTX_COPY_MAX.
 *   ({ __uW w[N];
 *      if (bpf_core_field_offset(SRC) % W == 0) { w[j] = W-byte loads }
 *      else { w[j] = element loads put together }
 *      __builtin_memcpy((void *)(DST), w, n); })
 * The context takes only aligned loads, and where the field lies is known
 * at load time: there the test is a constant, and the verifier follows and
 * the JIT keeps only the branch taken (the loads of BCC's fixed-offset copy
 * on the kernels where they are aligned). Expected aligned: clang lays the
 * word loads out on the straight path, the other branch out of line, so no
 * jump over it is left when the test is dropped; one store after both, so
 * clang drops a zeroing of the destination it overwrites, as in BCC's. */
static char *ctx_copy_by_loads(CXCursor arr, CXCursor n, const char *dst, const char *src,
			       bool btf_src)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(arr));
	long long bytes, elem, len, width;
	struct strbuf out = {};
	int err;

	if (t.kind != CXType_ConstantArray)
		return NULL;
	elem = clang_Type_getSizeOf(clang_getArrayElementType(t));
	len = clang_getArraySize(t);
	if (!cursor_int_constant(n, &bytes))
		return NULL;
	if (elem <= 0 || bytes <= 0 || bytes > CTX_COPY_MAX || bytes % elem || bytes / elem > len)
		return NULL;
	for (width = 8; width > elem && (bytes % width || width % elem); width /= 2)
		;
	if (width < elem)
		width = elem;
	/* src[i] unparenthesized (src is a member access): clang keeps the
	 * element's relocated offset in the load only for a member indexed
	 * directly; through parentheses it moves the context pointer */
	if (width == elem) {
		err = strbuf_printf(&out, "({ void *__bcc2core_d = (void *)(%s);", dst);
		err = err < 0 ? err : ctx_copy_elements(&out, src, bytes, elem);
		err = err < 0 ? err : strbuf_puts(&out, " __bcc2core_d; })");
	} else if (btf_src) {
		/* a BTF-typed pointer's field takes loads at any alignment
		 * (where it would not, the form is refused and the object
		 * loads again with the tracepoint forms): no test */
		err = strbuf_printf(&out, "({ __u%lld __bcc2core_w[%lld];", width * 8, bytes / width);
		err = err < 0 ? err : ctx_copy_words(&out, src, bytes, elem, width, true);
	} else {
		err = strbuf_printf(&out, "({ __u%lld __bcc2core_w[%lld]; if (__builtin_expect("
				    "bpf_core_field_offset(%s) %% %lld == 0, 1)) {", width * 8,
				    bytes / width, src, width);
		err = err < 0 ? err : ctx_copy_words(&out, src, bytes, elem, width, true);
		err = err < 0 ? err : strbuf_puts(&out, " } else {");
		err = err < 0 ? err : ctx_copy_words(&out, src, bytes, elem, width, false);
		err = err < 0 ? err : strbuf_puts(&out, " }");
	}
	/* the words' store is to DST as spelled: clang then knows its
	 * alignment (a struct's char array: word stores, as BCC's copy;
	 * through a void * it would store byte by byte) */
	if (err >= 0 && width > elem)
		err = strbuf_printf(&out, " __builtin_memcpy((void *)(%s), __bcc2core_w, %lld); })",
				    dst, bytes);
	if (err < 0) {
		strbuf_free(&out);
		return NULL;	/* the probe read then: the same bytes */
	}
	return strbuf_detach(&out);
}

/* __builtin_memcpy(dst, args->arr, n) from a tracepoint context: with CO-RE
 * the field's offset is added to the context pointer before a copy's loads,
 * which the verifier refuses ("dereference of modified ctx ptr"). A short
 * copy is loads of the array's words or elements, each carrying its own
 * relocated offset (what BCC's fixed-offset copy compiles to, without a
 * helper call); a longer one is a probe read of the same bytes. */
static int memcpy_from_ctx(struct rw_ctx *ctx, const struct walk_frame *f)
{
	CXCursor c = f->cursor, src, base;
	char *name, *a[3] = {}, *text = NULL;
	unsigned n;
	CXCursor *ch;
	size_t b, e, sb, se, ab, ae;
	bool src_at, by_loads, btf_src;
	int err = 0;

	/* one spelled in a macro body: left as it is (tp_record_twin.c makes
	 * no tp_btf form that would need it rewritten) */
	if (!memcpy_call_spelled(ctx, c))
		return 0;
	src = strip_expr(clang_Cursor_getArgument(c, 1));
	if (clang_getCursorKind(src) != CXCursor_MemberRefExpr)
		return 0;
	ch = cursor_children(src, &n);
	base = n ? strip_expr(ch[0]) : clang_getNullCursor();
	free(ch);
	if (clang_getCursorKind(base) != CXCursor_DeclRefExpr ||
	    !is_tp_param(f->prog, clang_getCursorReferenced(base)) ||
	    !cursor_range(ctx, c, &b, &e))
		return 0;
	for (int i = 0; i < 3; i++)
		a[i] = cursor_text(ctx, clang_Cursor_getArgument(c, i));
	name = cursor_spelling(src);
	/* loads only of args->arr as spelled (not of a record another kernel
	 * names otherwise, or a cast: no field access to relocate), and not on
	 * build's retries where clang moved the context pointer for this
	 * array, or for a load it could not tie to one field (probe_read_ctx) */
	src_at = cursor_range(ctx, src, &sb, &se);
	by_loads = name && a[1] && src_at &&
		     strlen(a[1]) == se - sb && !strncmp(a[1], ctx->src + sb, se - sb) &&
		     !rw_ctx_field_moved(ctx->rw, f->prog->tp->raw_struct ?: "", name);
	/* in a tp_btf form the array is a BTF-typed argument's field (a task's
	 * comm, tp_record_twin.c): plain loads read it too, and there is no
	 * context pointer for clang to move */
	btf_src = ctx->tp_record_walk && f->prog->tp_record_twin && src_at &&
		  cursor_range(ctx, clang_Cursor_getArgument(c, 1), &ab, &ae) &&
		  ab == sb && ae == se;	/* no cast */
	if (btf_src)
		by_loads = true;
	/* there a field of another shape in the kernel (a socket's address)
	 * has a copy of its own; tp_record_twin.c made the form only where
	 * each use of it is a copy of all of it, as this one */
	if (ctx->tp_record_walk && f->prog->tp_record_twin &&
	    pass_twins__tp_record_copied(f->prog, name)) {
		text = a[0] ? pass_twins__tp_record_copy(f->prog, name, a[0]) : NULL;
		err = text ? rw_edit(ctx, b, e, text) : -ENOMEM;
	} else if (a[0] && a[1] && a[2] &&
	    ((by_loads &&
	      (text = ctx_copy_by_loads(src, clang_Cursor_getArgument(c, 2), a[0], a[1],
					btf_src))) ||
	     asprintf(&text, "bpf_probe_read_kernel(%s, %s, %s)", a[0], a[2], a[1]) >= 0))
		err = rw_edit(ctx, b, e, text);
	free(name);
	for (int i = 0; i < 3; i++)
		free(a[i]);
	free(text);
	return err;
}

/* In a tracepoint's tp_btf form, the record named alone (not ARGS->F) is
 * the context handed to perf_submit() (tp_record_twin.c allows no other
 * use): the form's own context. */
static int record_as_context(struct rw_ctx *ctx, const struct walk_frame *f)
{
	const struct walk_frame *par = f->parent;
	size_t b, e;

	if (!is_tp_param(f->prog, clang_getCursorReferenced(f->cursor)))
		return 0;
	while (par && (clang_getCursorKind(par->cursor) == CXCursor_UnexposedExpr ||
		       clang_getCursorKind(par->cursor) == CXCursor_ParenExpr))
		par = par->parent;
	if (par && clang_getCursorKind(par->cursor) == CXCursor_MemberRefExpr)
		return 0;	/* ARGS->F: the member's own edit */
	if (!cursor_range(ctx, f->cursor, &b, &e))
		return 0;
	return rw_edit(ctx, b, e, TP_RECORD_TWIN_CTX);
}

/* args->field in a tracepoint program -> the vmlinux.h context's field. */
int pass_programs__visit(struct rw_ctx *ctx, const struct walk_frame *f)
{
	const struct rw_prog *prog = f->prog;
	CXCursor c = f->cursor, base;
	unsigned n;
	CXCursor *ch;
	const struct tp_field *fld;
	const struct walk_frame *par;
	char *name, *text = NULL, *base_text = NULL, *field = NULL, member[128];
	const char *cast = NULL;
	size_t b, e, nb, op;
	bool address = false, moved;
	int err = 0;

	if (!prog || prog->kind != PROG_TRACEPOINT)
		return 0;
	if (ctx->tp_record_walk && clang_getCursorKind(c) == CXCursor_DeclRefExpr)
		return record_as_context(ctx, f);
	if (clang_getCursorKind(c) == CXCursor_CallExpr)
		return memcpy_from_ctx(ctx, f);
	if (clang_getCursorKind(c) != CXCursor_MemberRefExpr)
		return 0;
	ch = cursor_children(c, &n);
	base = n ? strip_expr(ch[0]) : clang_getNullCursor();
	free(ch);
	if (clang_getCursorKind(base) != CXCursor_DeclRefExpr ||
	    !is_tp_param(prog, clang_getCursorReferenced(base)))
		return 0;
	name = cursor_spelling(c);
	if (!cursor_range(ctx, c, &b, &e) || !cursor_offset(ctx, c, &nb) ||
	    !spelled_at(ctx, nb, name) || !member_ref_op(ctx, c, &op)) {
		free(name);
		return 0;	/* spelled inside a macro: the macro's own definition handles it */
	}
	if (ctx->tp_record_walk) {
		/* its tp_btf form: the argument the field holds */
		text = prog->syscall_fentry_twin ? pass_twins__syscall_fentry_read(prog, name)
						 : pass_twins__tp_record_read(prog, name);
		err = text ? rw_edit(ctx, b, e, text) : -ENOMEM;
		goto out;
	}
	fld = tp_format__field(prog->tp, name);
	if (!strcmp(name, "__syscall_nr") && (prog->tp->syscall_enter || prog->tp->syscall_exit)) {
		field = strdup("syscall_nr");
		cast = "int";	/* BCC's type; the flavour's field is unsigned */
	} else if (!fld) {
		rw_error(ctx, nb, "see the event's format file under /sys/kernel/tracing/events",
			 "tracepoint %s:%s has no field '%s'", prog->tp->category, prog->tp->event, name);
		goto out;
	} else if (prog->tp->syscall_enter) {
		cast = tp_field__syscall_arg_type(fld);
		if (asprintf(&field, "args[%d]", tp_format__syscall_arg(prog->tp, fld)) < 0)
			field = NULL;
	} else if (fld->data_loc) {
		if (asprintf(&field, "__data_loc_%s", fld->name) < 0)
			field = NULL;
	} else {
		field = strdup(name);
	}
	if (!field) {
		err = -ENOMEM;
		goto out;
	}
	base_text = cursor_text(ctx, base);
	par = walk_real_parent(f);
	if (par && clang_getCursorKind(par->cursor) == CXCursor_UnaryOperator &&
	    unary_operator_is(ctx, par->cursor, "&"))
		address = true;
	if (clang_getCanonicalType(clang_getCursorType(c)).kind == CXType_ConstantArray)
		address = true;
	if (expr_is_written(ctx, f)) {
		rw_error(ctx, b, "copy the field to a local and change that",
			 "a tracepoint's context is read-only");
		goto out;
	}
	/* a read is a direct load of the context, CO-RE relocated, as BCC's
	 * is (a probe-read call costs a helper call and a stack copy). Where
	 * clang adds the relocated offset to the context pointer first (a
	 * field compared twice, tcplife), the verifier refuses the load
	 * ("dereference of modified ctx ptr"): build sees that in the object
	 * and converts again naming that field (rw_ctx_field_moved()), or
	 * with every field moved, read by BPF_CORE_READ, where it cannot */
	snprintf(member, sizeof(member), "%.*s", (int)strcspn(field, "["), field);
	moved = rw_ctx_field_moved(ctx->rw, prog->tp->raw_struct ? prog->tp->raw_struct : "",
				   member);
	/* one field of the record (not all of it, not args[i]): read once, by
	 * a direct load at the program's start, into a local its reads use.
	 * One load is one relocated offset, which clang folds into it */
	if (moved && !ctx->rw->probe_read_ctx && !address && !strchr(field, '[')) {
		err = hoist_field(ctx, prog, clang_getCursorReferenced(base), field);
		if (err)
			goto out;
		err = (cast ? asprintf(&text, "((%s)__bcc2core_tp_%s)", cast, field)
			    : asprintf(&text, "__bcc2core_tp_%s", field)) < 0 ? -ENOMEM : 0;
		err = err ?: rw_edit(ctx, b, e, text);
		goto out;
	}
	if (prog->tp->other_struct && !cast)
		/* the record's struct has another name on other kernels */
		err = asprintf(&text, "%s(%s, %s, %s)", address ? "bcc2core_tp_field"
			       : "bcc2core_tp_read", base_text, prog->tp->other_struct, field) < 0
		      ? -ENOMEM : 0;
	else if (address)
		err = asprintf(&text, "%s%s->%s%s", cast ? "((" : "", base_text, field,
			       cast ? ")" : "") < 0 ? -ENOMEM : 0;
	else if (!moved && cast)
		err = asprintf(&text, "((%s)%s->%s)", cast, base_text, field) < 0 ? -ENOMEM : 0;
	else if (!moved)
		err = asprintf(&text, "%s->%s", base_text, field) < 0 ? -ENOMEM : 0;
	else if (cast)
		err = asprintf(&text, "((%s)BPF_CORE_READ(%s, %s))", cast, base_text, field) < 0
		      ? -ENOMEM : 0;
	else
		err = asprintf(&text, "BPF_CORE_READ(%s, %s)", base_text, field) < 0 ? -ENOMEM : 0;
	if (!err && address && cast) {
		/* &ARGS->F: the slot as F's type, an lvalue (a cast is none) */
		free(text);
		err = asprintf(&text, "(*(%s *)&%s->%s)", cast, base_text, field) < 0 ? -ENOMEM : 0;
	}
	err = err ?: rw_edit(ctx, b, e, text);
out:
	free(field);
	free(base_text);
	free(text);
	free(name);
	return err;
}
