/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* What the rewriter's stages share: the parsed program, what the analysis
 * found in it (maps, programs, kernel pointers) and the edit list. */
#ifndef BCC2CORE_REWRITER_INTERNAL_H
#define BCC2CORE_REWRITER_INTERNAL_H

#include <clang-c/Index.h>
#include <stdbool.h>
#include <stddef.h>

#include "bcc2core/object_format.h"
#include "bcc2core/rewriter.h"
#include "edits.h"
#include "log.h"

#define BCC2CORE_VIRTUAL_INCLUDE "/bcc2core-virtual/include"
/* the parse's header of types only modules' BTF has (module_types.c) */
#define BCC2CORE_MODULES_HEADER "bcc2core_modules.h"

struct btf;
struct parsed_rename;
struct macro_expansion;

struct bcc2core_rewriter {
	char *datadir;
	char *btf_path;
	char *tracefs;		/* --tracefs DIR, or NULL: formats from BTF and tp_data */
	char *tp_data;		/* tracepoints.txt (tp_data.c), read once */
	/* the build kernel's identity (build_kernel.c): SHA-256 of the BTF,
	 * "" without one; a data directory with a vmlinux.h made from it when
	 * bcc2core's own was made from another BTF */
	char btf_sha256[65];
	struct btf *btf;	/* that BTF, parsed once (NULL without one) */
	int btf_err;		/* why there is none: -errno */
	bool btf_given;		/* --btf, not this machine's */
	char *private_datadir;
	char *kconfig_path;	/* --kconfig FILE for build-time #if tests */
	char *kernel_release;	/* --kernel-release REL for LINUX_VERSION_CODE */
	bool record_inputs;	/* tag LICENSE with the inputs (build) */
	bool probe_read_ctx;	/* tracepoint fields by BPF_CORE_READ, not loads */
	char **moved_ctx_fields;	/* "RECORD.FIELD" build found moved */
	size_t moved_ctx_field_cnt;
	char **cflags;
	size_t cflag_cnt;
	struct attach_spec *attach;
	size_t attach_cnt;
	bool line_directives;
	/* -D flags for the CONFIG_* and LINUX_VERSION_CODE the last program
	 * used, from the build kernel (kconfig.c); parse and compile use them */
	char **kflags;
	size_t kflag_cnt;
};
/* Did build find clang moved the context pointer for @record.@field
 * (ctx_loads.c in the frontend), or for a field it could not name
 * (probe_read_ctx: then for every field)? Such a field is not loaded at
 * each read: pass_programs__visit() says how it is read. */
bool rw_ctx_field_moved(const struct bcc2core_rewriter *rw, const char *record,
			const char *field);

/* --attach kind:target=PROG */
struct attach_spec {
	char *kind;	/* kprobe, kretprobe, ksyscall, ..., tracepoint, uprobe */
	char *target;	/* FUNC, NAME, CAT:EVENT, PATH:SYMBOL */
	char *prog;
	bool used;
};
int attach_spec__parse(const char *spec, struct attach_spec *out);
void attach_spec__free(struct attach_spec *as);

/* One BCC table declaration. */
struct rw_map {
	char *name;
	char *kind;		/* BCC kind string: "hash", "histogram", ... */
	char *pin_path;		/* BPF_TABLE_PINNED path, or NULL */
	char *share;		/* "public" / "shared" (BPF_TABLE_PUBLIC/SHARED), or NULL */
	char *inner;		/* map-in-map: the template map's name */
	const char *map_type;	/* "BPF_MAP_TYPE_HASH", ... */
	CXType key, leaf;
	long long max_entries, flags;
	CXCursor decl;
	size_t begin, end;	/* the macro invocation in the main file */
	bool histogram;
	char *event_type;	/* type last submitted to a perf/ring buffer */
	bool stores_ext;	/* values are external pointers (BCC's MapVisitor) */
	bool ext_user;
};

/* A kernel (or user) memory pointer: BCC's "external pointer". */
struct ext_ptr {
	CXCursor decl;		/* VarDecl, ParmDecl or FieldDecl */
	int derefs;		/* dereferences needed to reach the pointer */
	bool user;		/* points to user memory */
};

enum prog_kind {
	PROG_NONE,		/* a static helper */
	PROG_KPROBE, PROG_KRETPROBE, PROG_KSYSCALL, PROG_KRETSYSCALL,
	PROG_TRACEPOINT, PROG_RAW_TRACEPOINT, PROG_UPROBE, PROG_URETPROBE,
	PROG_FENTRY, PROG_FEXIT, PROG_FMOD_RET, PROG_LSM,	/* BTF-typed, BPF_PROG */
	PROG_ITER, PROG_USDT,
	PROG_GENERIC,		/* type from its ctx parameter, attached later */
};

/* A tracepoint's format, as tracefs would list it (tracepoints.c). */
struct tp_field {
	char *name;
	char *type;		/* declared type, without the name and array part */
	int offset, size, array_len;	/* array_len -1: not an array */
	bool is_signed, data_loc;
};

struct tp_format {
	char *category, *event;
	struct tp_field *fields;	/* non-common fields only */
	size_t field_cnt;
	char *raw_struct;	/* vmlinux.h context struct, e.g. trace_event_raw_sched_switch */
	/* a flavour of the record's name on other kernels (kfree's is
	 * trace_event_raw_kmem_free before 6.0), NULL if it never changed */
	char *other_struct;
	bool syscall_enter, syscall_exit;
};

struct rw_prog {
	CXCursor fn;
	char *name;
	enum prog_kind kind;
	char *section;		/* SEC("...") text */
	char **also;		/* more targets, for the runtime to attach too */
	size_t also_cnt;
	char *section_text;
	struct tp_format *tp;	/* PROG_TRACEPOINT */
	bool from_macro;	/* declared through TRACEPOINT_PROBE() etc. */
	/* kprobe: its fentry form shares its body (pass_twins__plan()), and
	 * the body reads an argument's fields directly in that form
	 * (bcc2core_btf_args) */
	bool fentry_shared;
	bool btf_arg_reads;
	/* kretprobe: its fexit form is a copy of its body that may read the
	 * fields of the return value directly (BCC2CORE_FEXIT, btf_arg_reads) */
	bool fexit_twin;
	/* raw tracepoint: it gets a tp_btf form (pass_twins__tp_btf_plan()),
	 * reading this many arguments; with btf_arg_reads, its body reads its
	 * pointer arguments' fields directly there (BCC2CORE_TP_BTF) */
	bool tp_btf_twin;
	int tp_btf_args_read;
	/* tracepoint: it gets a tp_btf form (tp_record_twin.c) that reads
	 * its record's fields from the tracepoint's arguments, reading
	 * tp_btf_args_read of them */
	bool tp_record_twin;
	/* syscalls:sys_enter_X tracepoint: it gets a fentry form on the
	 * syscall's function (syscall_tp_fentry.c) */
	bool syscall_fentry_twin;
};

/* #if groups the program's functions test, turned into C (kconfig_groups.c) */
struct kconfig_load {
	char **names;		/* LINUX_KERNEL_VERSION, CONFIG_X: libbpf __kconfig externs */
	size_t name_cnt;
	struct strbuf externs;	/* their declarations */
	int groups;		/* #if groups converted */
};

struct rw_ctx {
	struct bcc2core_rewriter *rw;
	const char *path;
	CXTranslationUnit tu;
	CXFile main_file;
	const char *src;	/* the main file as clang read it */
	size_t src_len;
	struct edit_list edits;

	struct rw_map *maps;
	size_t map_cnt;
	struct rw_prog *progs;
	size_t prog_cnt;
	int task_btf_known;	/* current_task_btf_known(): 0 not asked, 1 yes, -1 no */
	struct ext_ptr *ext;
	size_t ext_cnt;
	struct tp_format *tps;
	size_t tp_cnt;

	/* compat macros (bcc2core_defs.h's sk_daddr, ...) that name fields of
	 * the program's own types: undefined after the headers */
	char **local_undefs;
	size_t local_undef_cnt;

	/* kernel-header includes replaced by the vmlinux.h block */
	char **standins;
	size_t standin_cnt;

	/* the main file as parsed: the input, with renamed kernel fields
	 * (task_struct.state) spelled as this vmlinux.h has them */
	struct strbuf parse_src;
	struct parsed_rename *parsed_renames;
	size_t parsed_rename_cnt;

	struct kconfig_load kload;
	char *kconfig;		/* the build kernel's config (kconfig__text) */
	char kconfig_path[300];
	char kconfig_sha256[65];	/* of the config read, "" if none */
	char release_used[65];		/* the release LINUX_VERSION_CODE took, or "" */
	bool kconfig_read;
	bool uses_num_cpus;	/* bpf_num_cpus() -> a load-time constant */
	/* walking a tracepoint program's tp_btf form (tp_record_twin.c):
	 * args->FIELD becomes the argument it holds */
	bool tp_record_walk;
	bool uses_usdt;		/* USDT programs, bpf_usdt_readarg*() -> usdt.bpf.h */

	/* types only modules' BTF has (module_types.c) */
	struct module_btf **module_btfs;
	size_t module_btf_cnt;
	struct strbuf module_types;	/* their C, for the parse and the output */
	/* ";PROG.FIELD;" of the tracepoint fields read once at their program's
	 * start (build's per-field fallback, programs.c) */
	struct strbuf hoisted_fields;
	/* ";FUNC.PARAM;" of the parameters whose plain loads read a copy made
	 * at the function's start (arg_reads.c) */
	struct strbuf btf_arg_copies;
	char **module_types_tried;	/* names looked for in the modules */
	size_t module_types_tried_cnt;

	/* the main file's macro expansions (macro_expansions.c) */
	struct macro_expansion *expansions;
	size_t expansion_cnt;
	bool expansions_listed;

	int errors;
	int first_err;
	/* what rw_error/rw_warn said: a body walked twice (a program's other
	 * form) says it once */
	char **reported;
	size_t reported_cnt;
};

/* module_types.c: a module's BTF and the dumper of its types, open for the
 * whole conversion */
struct module_btf {
	char *name;
	struct btf *btf;
	struct btf_dump *dump;
	struct strbuf *out;
	bool quiet;	/* the base's types: vmlinux.h has them */
	bool used;	/* a type of it is in the output */
};
/* Looks in the modules' BTF for the structs and unions the last parse used
 * without a definition: how many it added (parse again), or -errno. */
int module_types__add_missing(struct rw_ctx *ctx);
/* The added types as the parse and the output include them ("" if none). */
char *module_types__header(const struct rw_ctx *ctx);
/* After a failed parse: a hint per struct or union used and defined nowhere. */
void module_types__hint(struct rw_ctx *ctx);
void module_types__free(struct rw_ctx *ctx);

/* renames.c: kernel fields renamed or moved across versions, read through
 * helpers in bcc2core.bpf.h that work on kernels with either spelling */
struct field_rename {
	const char *record;	/* struct name */
	const char *old_name;
	const char *new_path[2];	/* the new name, or two steps (q, disk) */
	const char *parse_as;	/* parse the old name as this when the kernel
				 * has none of the new path (a flag bit): only
				 * the reader gives its value */
	const char *reader;	/* reader(ptr) -> value */
};
const struct field_rename *field_rename__find(const char *record, const char *field);
int field_rename__steps(const struct field_rename *fr);
char *field_rename__parse_text(const struct field_rename *fr);

/* An old field name the parse spelled as this kernel has it (parse.c):
 * the member expression at @off of parse_src is really fr->old_name. */
struct parsed_rename {
	size_t off;
	const struct field_rename *fr;
	bool read;	/* went through the reader */
};
/* Does a renamed field's path start at @member (X->name)? @next: the name
 * the chain reads through "->" right after it, if that step reads nothing
 * more. *@steps: the "->" steps the reader replaces; *@parsed: the parse's
 * record of an old name, if this is one. */
const struct field_rename *field_rename__at(struct rw_ctx *ctx, CXCursor member,
					    const char *next, int *steps,
					    struct parsed_rename **parsed);
/* an error for each old name parsed as a stand-in (parse_as) that no
 * reader replaced: left as is, it would read the wrong thing */
void field_rename__check_parsed(struct rw_ctx *ctx);

/* source.c: cursors and file offsets */
bool cursor_range(struct rw_ctx *ctx, CXCursor c, size_t *begin, size_t *end);
bool cursor_offset(struct rw_ctx *ctx, CXCursor c, size_t *off);
char *cursor_text(struct rw_ctx *ctx, CXCursor c);	/* rendered with edits */
/* Is @word spelled at @off (followed by no identifier character)? */
bool spelled_at(struct rw_ctx *ctx, size_t off, const char *word);
/* Is call @c spelled in the source as @name( (not a macro's name, nor a
 * longer name @name begins: a macro the call expands from)? */
bool call_spelled_as(struct rw_ctx *ctx, CXCursor c, const char *name);
/* Is @c memcpy(D, S, N) or __builtin_memcpy(D, S, N) spelled so here (the
 * calls a tracepoint's context copy rewrites, and the only ones)? */
bool memcpy_call_spelled(struct rw_ctx *ctx, CXCursor c);
char *cursor_spelling(CXCursor c);
char *type_spelling(CXType t);
CXCursor strip_expr(CXCursor c);	/* through parens and casts */
/* an integer type (enums too; not the wide character types): what a
 * BTF-typed form may load plainly */
bool type_is_integer(CXType t);
/* a pointer to anything but a struct or union: the verifier makes the value
 * of one loaded through a BTF-typed pointer a plain number (a pointer to a
 * struct it keeps as a BTF pointer, whose arithmetic it refuses) */
bool type_is_scalar_pointer(CXType t);
/* the integer constant @c evaluates to, in *@v; false when it is not one */
bool cursor_int_constant(CXCursor c, long long *v);
CXCursor *cursor_children(CXCursor c, unsigned *cnt);
CXCursor function_body(CXCursor fn);	/* null for a declaration */

/* source.c: lists of distinct strings */
bool strv_has(char *const *v, size_t cnt, const char *s);
/* appends the first @n bytes of @s unless there: 1 added, 0 there, -ENOMEM */
int strv_add(char ***v, size_t *cnt, const char *s, size_t n);
bool cursor_is_call_to(CXCursor c, const char *name);
bool cursor_in_main_file(struct rw_ctx *ctx, CXCursor c);
char *member_ref_op(struct rw_ctx *ctx, CXCursor member, size_t *op_off);	/* "->" or "." */
/* a table macro struct's annotation: the BCC map kind, with a pin path or
 * sharing ("hash:/pin", "hash,public"), malloc'ed; NULL for other records */
char *record_map_kind(CXCursor record);

/* diagnostics: path:line:col: error: what, then a hint line */
__attribute__((format(printf, 4, 5)))
void rw_error(struct rw_ctx *ctx, size_t off, const char *hint, const char *fmt, ...);
__attribute__((format(printf, 4, 5)))
void rw_warn(struct rw_ctx *ctx, size_t off, const char *hint, const char *fmt, ...);
int rw_edit(struct rw_ctx *ctx, size_t begin, size_t end, const char *text);
/* @decl at the start of function @fn's body, once per @key (";A.B;": no key
 * part of another) recorded in @done */
int rw_edit_body_start(struct rw_ctx *ctx, CXCursor fn, struct strbuf *done, const char *key,
		       const char *decl);

/* diagnostics.c: what a parse error is about, from where it points, its
 * notes and the AST, not from its message. Each gives the offset of the
 * name the error points at, in the error's file. */
/* "no member named": error @d points at the member of "base->name" or
 * "base.name" whose base is a struct without it; *@member (malloc'ed), the
 * struct's declaration in *@record */
bool diagnostic__no_member(CXTranslationUnit tu, CXDiagnostic d, unsigned *off, char **member,
			   CXCursor *record);
/* "redefinition of": error @d points at the name of a declaration that a
 * note shows declared before, and giving it a name of its own resolves
 * that (see redefines()); *@name (malloc'ed) */
bool diagnostic__redefinition(CXTranslationUnit tu, CXDiagnostic d, unsigned *off, char **name,
			      CXCursor *decl, CXCursor *prev);
/* the identifier spelled at @off of @file (malloc'ed), or NULL */
char *diagnostic__identifier_at(CXTranslationUnit tu, CXFile file, unsigned off);
/* does struct/union @record have a field @name (anonymous members' too)? */
bool record_has_field(CXType record, const char *name);
/* source.c: is @t (or what it points to) a type of vmlinux.h? */
bool type_from_vmlinux(CXType t);

/* local_types.c: a struct or union of the program's own that takes a
 * kernel type's name. BCC's kernel headers may not define that type, so
 * the program's is the one its code means when its layout is not the
 * kernel's (a field the kernel's lacks, or one spelled like a compat
 * macro: struct sock { u32 *sk_daddr; }). Then it gets a name of its own
 * at every use, and the compat macros its field names hit are undefined
 * for it (ctx->local_undefs). @local: the program's definition, @kernel:
 * vmlinux.h's. */
bool local_type__is_own(struct rw_ctx *ctx, CXTranslationUnit tu, CXCursor local,
			CXCursor kernel);
/* the offsets in the main file where struct/union @name is named (its
 * definitions, declarations and uses); *@offs malloc'ed */
int local_type__uses(struct rw_ctx *ctx, CXTranslationUnit tu, const char *name, size_t **offs,
		     size_t *cnt);

/* parse.c */
int parse_program(struct rw_ctx *ctx, CXIndex index, const char *src, size_t len);
int scan_includes(const char *src, size_t len, char ***paths, size_t *cnt, bool *angled_out);
int scan_tracepoints(const char *src, size_t len, char ***names, size_t *cnt);
int build_flags(struct bcc2core_rewriter *rw, bool for_parse, char ***argv, size_t *argc);

/* #if groups decided at load time (kconfig_groups.c finds them,
 * kconfig_decision.c picks those that compile). parse.c calls
 * kconfig_decision__next() after each parse with no fixups left: 1 means
 * ctx->parse_src and ctx->kload changed, parse again; 0 that this parse
 * stands (all groups that compile are converted, the rest left to the
 * build kernel), or -errno. */

/* One #if group load time can decide, as edits of the text it was found in. */
struct kconfig_group {
	int parent;		/* the plan's group it needs converted too, or -1 */
	unsigned first_line, last_line;
	size_t *begin, *end;	/* its directives ... */
	char **text;		/* ... and their C */
	int ndir;
	char **names, **decls;	/* the externs it uses, and their declarations */
	size_t name_cnt;
	bool on;
};

struct kconfig_decision {
	enum { KD_START, KD_ALL, KD_EACH, KD_FINAL, KD_NONE, KD_DONE } phase;
	struct strbuf before;		/* the text the groups were found in */
	struct kconfig_group *groups;
	int cnt;
	int trial;			/* KD_EACH: the group tried alone */
	bool *works;			/* KD_EACH: which compiled alone */
};

/* kconfig_groups.c: the groups of @src (just parsed, into ctx->tu) */
int kconfig_groups__plan(struct rw_ctx *ctx, const struct strbuf *src, const char *config,
			 struct kconfig_decision *kd);
/* kconfig_decision.c */
int kconfig_decision__next(struct kconfig_decision *kd, struct rw_ctx *ctx, bool errors);
void kconfig_decision__free(struct kconfig_decision *kd);
void kconfig_load__free(struct kconfig_load *kl);

/* kconfig.c: -D flags for the rest, from the build kernel */
const char *kconfig__text(struct rw_ctx *ctx, const char **from);
const char *kconfig__raw_value(const char *config, const char *name, char *val, size_t size);
int kconfig__flags(struct rw_ctx *ctx, const char *src, size_t len,
		   const struct kconfig_load *load, bool warn);

/* tracepoints.c */
int tp_format__load(struct rw_ctx *ctx, const char *category, const char *event,
		    struct tp_format **out);
char *tp_format__bcc_struct(const struct tp_format *tp);
bool tp_field__signed(const struct tp_field *f);
/* the sN/uN a field of its size and signedness reads as */
const char *tp_field__int_type(const struct tp_field *f);
/* a syscalls:sys_enter_X field @f: which of the syscall's arguments it
 * holds (0-5), and the type a read of it has (its pointer type, or the
 * integer its slot widens to) */
int tp_format__syscall_arg(const struct tp_format *tp, const struct tp_field *f);
const char *tp_field__syscall_arg_type(const struct tp_field *f);
const struct tp_field *tp_format__field(const struct tp_format *tp, const char *name);
void tp_format__free(struct tp_format *tp);
/* finds tp->raw_struct in kernel BTF */
int tp_format__resolve(struct rw_ctx *ctx, struct tp_format *tp);
/* tp_record.c: @tp's record and fields from the build kernel's BTF */
int tp_record__from_btf(struct rw_ctx *ctx, struct tp_format *tp);
/* tp_data.c: what BTF lacks, from bcc2core's tracepoints.txt */
int tp_data__syscall(struct rw_ctx *ctx, const char *event, struct tp_format *tp);
const char *tp_data__class(struct rw_ctx *ctx, const char *cat, const char *event,
			   char *buf, size_t size);
/* the definition of tp->other_struct (malloc'ed), NULL if it has none */
char *tp_format__other_struct(const struct tp_format *tp);

/* the rewrite passes, in the order the driver runs them */
int pass_tables__collect(struct rw_ctx *ctx);
int pass_programs__collect(struct rw_ctx *ctx);
int pass_kernel_reads__analyze(struct rw_ctx *ctx);
/* walk.c: every program's body through the node passes */
int rewrite_walk(struct rw_ctx *ctx);
/* A body copied out of its function starts inside the branch clang took of
 * any #if around the function's header (opensnoop's two KRETFUNC_PROBE
 * headers): past the copy's own #if groups, an #else or #elif starts the
 * branches not taken, which go up to and with the #endif; an #endif alone
 * only closes. Both go from @text, in place. */
void rw_drop_outer_conditionals(char *text);
/* @prog's body again with @params as more kernel-pointer sources, in an
 * edit list of its own: *@body is its text [@bb, @be) rewritten; the
 * context's edits and pointer set are left as they were */
int rewrite_walk_apart(struct rw_ctx *ctx, const struct rw_prog *prog, const CXCursor *params,
		       int nparams, size_t bb, size_t be, char **body);
/* one more kernel-pointer source: @param of a function (kprobe forms of
 * BTF-typed programs); then the analysis runs again to its fixed point */
int pass_kernel_reads__add_param(struct rw_ctx *ctx, CXCursor param);
int pass_tables__emit(struct rw_ctx *ctx);
int pass_programs__emit(struct rw_ctx *ctx);
int pass_twins__emit(struct rw_ctx *ctx);
/* tp_btf_twin.c: the tp_btf form of raw tracepoint @p, when it is safe */
int pass_twins__tp_btf(struct rw_ctx *ctx, struct rw_prog *p);
void pass_twins__tp_btf_plan(struct rw_ctx *ctx, struct rw_prog *p);
/* Tracepoint @event in the build kernel's BTF: the prototype of its
 * btf_trace_<event> typedef (a leading void *, then the arguments), or NULL */
const struct btf_type *pass_twins__tp_proto(struct btf *btf, const char *event);
/* tp_record_twin.c: a tracepoint program's tp_btf form */
void pass_twins__tp_record_plan(struct rw_ctx *ctx, struct rw_prog *p);
int pass_twins__tp_record(struct rw_ctx *ctx, struct rw_prog *p);
/* while the walk makes that form's body (ctx->tp_record_walk): what
 * @p's record field @field is there, the tracepoint's argument as C */
char *pass_twins__tp_record_read(const struct rw_prog *p, const char *field);
/* a whole copy of tracepoint record field @field to @dst in the tp_btf form,
 * where the table gives one (a field of another shape in the kernel), or
 * NULL */
char *pass_twins__tp_record_copy(const struct rw_prog *p, const char *field, const char *dst);
bool pass_twins__tp_record_copied(const struct rw_prog *p, const char *field);
/* that form's context parameter, which a record handed to perf_submit() as
 * its context becomes there */
#define TP_RECORD_TWIN_CTX "__bcc2core_ctx"
/* Does @p's body use its record only to read ARGS->F where @field_ok
 * numbers F (0-31; -1: not that field, or not read as an array when
 * @array), or as perf_submit()'s context? @used: bit i, field i read;
 * @copied_only (NULL: not asked): bit i, field i read only as the source of
 * memcpy()s of all of it. False for a void function too (its returns are
 * mended in its own text) */
typedef int (*record_field_fn)(const struct rw_prog *p, const char *name, bool array);
bool pass_twins__record_reads_only(struct rw_ctx *ctx, const struct rw_prog *p,
				   record_field_fn field_ok, unsigned *used, unsigned *copied_only);
/* syscall_tp_fentry.c: a syscalls:sys_enter_X program's fentry form */
void pass_twins__syscall_fentry_plan(struct rw_ctx *ctx, struct rw_prog *p);
int pass_twins__syscall_fentry(struct rw_ctx *ctx, struct rw_prog *p);
char *pass_twins__syscall_fentry_read(const struct rw_prog *p, const char *field);
/* (T *)ctx->args[I] of raw tracepoint @p with T what the tracepoint's
 * argument I points to: I, else -1 */
int pass_twins__tp_btf_arg(struct rw_ctx *ctx, const struct rw_prog *p, CXCursor e);
/* pt_regs_macros.c: the PT_REGS_* invocations in [b, e) of the main file */
struct pt_regs_macros {
	size_t *b, *e;		/* each one's range */
	const char **names;	/* the expansion list's (macro_expansions.c) */
	size_t cnt;
};
/* macro_expansions.c: the main file's macro expansions, listed once per
 * parse. @fn for each expansion inside [@b, @e), in the file's order,
 * until it returns non-zero (that, or -ENOMEM, is returned) */
int macro_expansions__each(struct rw_ctx *ctx, size_t b, size_t e,
			   int (*fn)(size_t xb, size_t xe, const char *name, void *data), void *data);
/* does an expansion overlap [@b, @e)? (true when that is not known) */
bool macro_expansions__overlap(struct rw_ctx *ctx, size_t b, size_t e);
/* is all of @c written in the main file where it is, no macro expanded in
 * it or around it (a macro's argument, a macro's body)? */
bool spelled_in_place(struct rw_ctx *ctx, CXCursor c);
/* is @c written as a macro's argument (regs in PT_REGS_PARM1(regs))? A
 * name in a macro's body is not (it is spelled at the invocation) */
bool cursor_is_macro_argument(CXCursor c);
void macro_expansions__free(struct rw_ctx *ctx);
/* 0 or -ENOMEM (@m then holds what was found before) */
int pt_regs_macros__collect(struct rw_ctx *ctx, size_t b, size_t e, struct pt_regs_macros *m);
void pt_regs_macros__free(struct pt_regs_macros *m);
/* is @init PT_REGS_RC(@regs), cast or not? */
bool pt_regs_macros__is_return_value(struct rw_ctx *ctx, CXCursor init, CXCursor regs);
/* ptr_math.c: what in @body (or a function it calls) computes with a
 * pointer, or NULL: such a body gets no BTF-typed twin */
const char *pass_twins__pointer_math(struct rw_ctx *ctx, CXCursor body);
/* build_kernel.c: the build kernel's BTF (--btf), parsed once by the
 * rewriter (build_kernel__prepare()), or NULL */
struct btf *rw_kernel_btf(struct rw_ctx *ctx);
/* kernel function @fn's prototype in that BTF, or NULL */
const struct btf_type *rw_kernel_func_proto(struct rw_ctx *ctx, const char *fn);
/* The function a syscall program's fentry form attaches to: the arch's
 * wrapper of @syscall in that BTF, which takes the user's registers
 * (__x64_sys_statx(const struct pt_regs *regs)), into @buf. False where
 * there is none (stat on x86_64: its table calls newstat; 6.1's and 6.18's
 * BTF have no wrapper of a syscall without arguments, getppid's) */
bool rw_kernel_syscall_function(struct rw_ctx *ctx, const char *syscall, char *buf, size_t size);
/* struct pt_regs has orig_ax (x86) in that BTF */
bool rw_kernel_x86_regs(struct rw_ctx *ctx);
/* Is BTF type @id (through modifiers, and typedefs too if @typedefs) a
 * pointer to struct or union @record? What a BTF-typed program's argument
 * of that type lets it load from. */
bool btf_points_to_record(const struct btf *btf, __u32 id, bool typedefs, const char *record);
/* hashes the BTF, makes vmlinux.h from it if bcc2core's is another's;
 * @given: named by the caller (an error when unreadable) */
int build_kernel__prepare(struct bcc2core_rewriter *rw, bool given);
void build_kernel__cleanup(struct bcc2core_rewriter *rw);
/* where vmlinux.h and the BPF-side headers are for this BTF */
const char *build_kernel__datadir(const struct bcc2core_rewriter *rw);
int pass_includes__emit(struct rw_ctx *ctx);

/* per-node handlers the walk calls, post-order (inner nodes first) */
struct walk_frame {
	CXCursor cursor;
	const struct walk_frame *parent;
	const struct rw_prog *prog;	/* the program or helper being walked */
};
/* Is the expression at @f assigned, incremented or compound-assigned? */
bool expr_is_written(struct rw_ctx *ctx, const struct walk_frame *f);
/* Is @e a variable of the function's own, or a member of one through "."? */
bool expr_is_local_lvalue(struct rw_ctx *ctx, CXCursor e);
/* the first child of @c, or the null cursor */
CXCursor first_child(CXCursor c);
/* a token's offset in the main file, its spelling (malloc'ed), and
 * whether it is spelled @spelling */
unsigned token_offset(CXTranslationUnit tu, CXToken tok);
char *token_text(CXTranslationUnit tu, CXToken tok);
bool token_is(CXTranslationUnit tu, CXToken tok, const char *spelling);
/* the operator token of binary expression @op whose left operand is @lhs
 * (malloc'ed), NULL when a macro spells it */
char *binary_operator(struct rw_ctx *ctx, CXCursor op, CXCursor lhs);
/* is unary expression @op's operator token @spelling ("&", "*", "++")? */
bool unary_operator_is(struct rw_ctx *ctx, CXCursor op, const char *spelling);
/* the parent after implicit conversions and parentheses */
const struct walk_frame *walk_real_parent(const struct walk_frame *f);
/* the name of the first parameter of the function walked (its context:
 * the packet of a tc or socket program), malloc'ed; NULL if it has none */
char *walk_ctx_name(const struct walk_frame *f);

/* packets.c: is @t (or what it points to) one of BCC's packet header
 * structs (<bcc/proto.h>)? */
bool packet_record_type(CXType t);

/* current_task.c: a chain of reads from the current task, read through
 * bpf_get_current_task_btf() where the kernel has it */
bool current_task_btf_known(struct rw_ctx *ctx);
bool current_task_root(struct rw_ctx *ctx, CXCursor root);

int pass_kernel_reads__visit(struct rw_ctx *ctx, const struct walk_frame *f);
/* arg_reads.c: can the chain from @root, read in @walked, be a plain load
 * in its fentry form (bcc2core_btf_args)? Marks the program if so. *@copy:
 * NULL, or the name (malloc'ed) the plain load reads the argument by. */
bool arg_reads__direct(struct rw_ctx *ctx, const struct rw_prog *walked, CXCursor root,
		       char **copy);
/* the same for a raw tracepoint's pointer argument in its tp_btf form */
bool arg_reads__tp_btf(struct rw_ctx *ctx, const struct rw_prog *walked, CXCursor root);
/* the same for a kretprobe's return value in its fexit form */
bool arg_reads__fexit_ret(struct rw_ctx *ctx, const struct rw_prog *walked, CXCursor root);
/* the flag's parameter in the helpers that read so, and at their calls */
int pass_arg_reads__emit(struct rw_ctx *ctx);
/* probe_read_loads.c: is @f (p->field) the source of a probe read the
 * program spells, bpf_probe_read_kernel(&v, sizeof(v), &p->field), whose
 * value is unused and that a plain load v = p->field can stand for? The
 * call, and v's text (malloc'ed). */
bool probe_read_load__call(struct rw_ctx *ctx, const struct walk_frame *f, CXCursor *call,
			   char **dst);
/* (@flag ? (void)(@dst = @load) : (void)CALL) around @call */
int probe_read_load__wrap(struct rw_ctx *ctx, CXCursor call, const char *flag, const char *dst,
			  const char *load);
/* twins.c: which kprobe programs get a fentry form sharing their body */
int pass_twins__plan(struct rw_ctx *ctx);
int pass_methods__visit(struct rw_ctx *ctx, const struct walk_frame *f);
int pass_helpers__visit(struct rw_ctx *ctx, const struct walk_frame *f);
int pass_map_value_reads__visit(struct rw_ctx *ctx, const struct walk_frame *f);
int pass_packets__visit(struct rw_ctx *ctx, const struct walk_frame *f);
int pass_kernel_sizes__visit(struct rw_ctx *ctx, const struct walk_frame *f);
int pass_programs__visit(struct rw_ctx *ctx, const struct walk_frame *f);

bool same_decl(CXCursor a, CXCursor b);
struct rw_map *rw_find_map(struct rw_ctx *ctx, CXCursor decl);
/* @call is map.method(...): the map, and *method (malloc'ed) if asked */
struct rw_map *rw_map_call(struct rw_ctx *ctx, CXCursor call, char **method);
/* the map a BCC lookup method call (lookup, lookup_or_init,
 * lookup_or_try_init) reads, or NULL */
struct rw_map *rw_map_lookup(struct rw_ctx *ctx, CXCursor call);
/* Does local variable @var hold nothing but values @takes() takes: its
 * initializer and every value assigned to it, never changed otherwise
 * (compound assignment, ++, --, its address taken, an operator a macro
 * spells)? The number of values it is given, or -1. */
typedef bool (*local_value_fn)(struct rw_ctx *ctx, CXCursor value, void *arg);
int local_values(struct rw_ctx *ctx, CXCursor var, local_value_fn takes, void *arg);
struct rw_prog *rw_find_prog(struct rw_ctx *ctx, CXCursor fn);
const struct ext_ptr *rw_find_ext(struct rw_ctx *ctx, CXCursor decl);

#endif
