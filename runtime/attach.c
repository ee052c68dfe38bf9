// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Attaching one program: the form of a BCC function that loaded here, to
 * its SEC() target and to its also= targets. bcc2core_runtime__attach (all
 * of them, for `run`) and bcc2core_runtime__attach_program (one, as BCC's
 * attach_kprobe(fn_name=...) and friends) both go through attach_prog(). */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "bcc2core/object_format.h"
#include "internal.h"

/* Sections with no target (SEC("kprobe"), "socket", "xdp", ...): loaded for
 * the verifier, attached by whoever owns the hook. */
bool prog_has_target(const struct bpf_program *prog)
{
	return bcc2core_sec__target(bpf_program__section_name(prog)) != NULL;
}

/* libbpf's attach by SEC(); a uprobe through uprobe_attach(), which also
 * takes a function libbpf finds twice (two symbol versions) */
static struct bpf_link *own_target_attach(struct bpf_program *prog, int pid)
{
	const char *sec = bpf_program__section_name(prog), *t = bcc2core_sec__target(sec);
	bool ret = bcc2core_sec__is(sec, "uretprobe");
	char buf[4096], *colon;

	if (!t || (!ret && !bcc2core_sec__is(sec, "uprobe")) ||
	    (size_t)snprintf(buf, sizeof(buf), "%s", t) >= sizeof(buf) ||
	    !(colon = strrchr(buf, ':')) || strchr(colon, '+'))
		return pid > 0 && (bcc2core_sec__is(sec, "usdt")) ? attach_to(prog, sec, pid) :
		       bpf_program__attach(prog);
	*colon = '\0';
	return uprobe_attach(prog, buf, colon + 1, ret, pid);
}

int attach_prog(struct bcc2core_runtime *rt, struct bpf_program *prog, int pid, bool *said)
{
	size_t mark = rt->links.cnt;
	int err;

	*said = false;
	/* a syscall's tracepoint form whose own syscall has none here runs on
	 * its also= syscalls' (statsnoop's stat_entry on x86_64: newstat) */
	if (!syscall_tp_skip(rt, prog, bcc2core_sec__target(bpf_program__section_name(prog)))) {
		struct bpf_link *link = own_target_attach(prog, pid);

		if (!link)
			return errno ? -errno : -EINVAL;
		err = link_set__add(&rt->links, prog, link);
		if (err)
			return err;
		pr_info("%s: attached (%s)\n", bpf_program__name(prog),
			bpf_program__section_name(prog));
	}
	err = attach_more(rt, prog, pid);
	if (err) {
		*said = err != -ENOMEM;	/* attach_more() named the target */
		link_set__truncate(&rt->links, mark);	/* all or nothing */
		return err;
	}
	/* every one of its syscalls was skipped: none has a tracepoint here */
	return rt->links.cnt > mark ? 0 : -ENOENT;
}

void attach_hint(struct bcc2core_runtime *rt, const struct bpf_program *prog, int err)
{
	const char *sec = bpf_program__section_name(prog), *event;
	int nargs;

	if (err != -EINVAL || !(bcc2core_sec__is(sec, "raw_tracepoint") ||
				bcc2core_sec__is(sec, "raw_tp")))
		return;
	event = bcc2core_sec__target(sec);
	nargs = event && *event ? kernel__tracepoint_args(&rt->kernel, event) : -1;
	if (nargs < 0)
		return;
	/* the kernel checks the program's highest ctx->args[] read at attach */
	pr_warn("  hint: tracepoint %s has %d argument%s on this kernel; the kernel refuses a "
		"raw tracepoint program that reads ctx->args[%d] or beyond (one written for "
		"another kernel's %s)\n", event, nargs, nargs == 1 ? "" : "s", nargs, event);
}

/* @prog is NAME or one of NAME's forms (NAME__tp, NAME__fentry, ...) */
static bool is_form_of(const struct bpf_program *prog, const char *name)
{
	const char *pname = bpf_program__name(prog);
	size_t base;

	bcc2core_form__of(pname, &base);
	return strlen(name) == base && !strncmp(pname, name, base);
}

static bool loaded_here(struct bcc2core_runtime *rt, const struct bpf_program *prog)
{
	/* a loaded borrowed object has every form: the skips say which not */
	return bpf_program__autoload(prog) && bpf_program__fd(prog) >= 0 &&
	       !prog_skips__why(&rt->skips, prog);
}

#define OPT(o, f) ((o) && (o)->sz > offsetof(struct bcc2core_attach_opts, f) ? (o)->f : 0)

static bool same_kind(const char *a, const char *b)
{
	size_t la = strcspn(a, "/"), lb = strcspn(b, "/");

	return la == lb && !strncmp(a, b, la);
}

/* Kinds whose converted code reads nothing of its target's own: registers
 * (kprobes, uprobes), a syscall's arguments (its wrapper's registers, or
 * the syscall tracepoint form's args[]). A tracepoint program reads its
 * event's record (args->filename is args[1] of openat, not of another
 * syscall), a trampoline or tp_btf one is bound to its target at load: those
 * run only on the targets they were built for. A targeted section of those
 * kinds, or a bare one ("kprobe"). */
static bool kind_movable(const char *sec)
{
	static const char *const kinds[] = {"kprobe", "kretprobe", "uprobe", "uretprobe",
					    "ksyscall", "kretsyscall"};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (same_kind(sec, kinds[i]))
			return true;
	return false;
}

/* "usdt", "uprobe/...", "uretprobe/...": a targeted section or a bare one */
static bool user_probe(const char *sec)
{
	return same_kind(sec, "usdt") || same_kind(sec, "uprobe") || same_kind(sec, "uretprobe");
}

/* A user probe whose code never reads its context (the rewriter tagged it
 * bcc2core:ctx_unused) runs the same at any user probe: a USDT probe's
 * function attached by address (ustat), entry or return. Untagged objects
 * (made before the tag) are not moved. Not onto a USDT probe unless it is
 * one (libbpf attaches those through usdt.bpf.h's maps), and not where
 * libbpf loaded it for one kind of link only (a USDT program is a
 * uprobe_multi one with libbpf >= 1.3 on kernels >= 6.6: a perf-event
 * uprobe link of it is refused). */
static bool moves_freely(struct bcc2core_runtime *rt, const struct bpf_program *primary,
			 const char *sec)
{
	const char *own = bpf_program__section_name(primary);

	if (!user_probe(own) || !user_probe(sec) ||
	    bpf_program__expected_attach_type(primary) != 0 ||
	    (same_kind(sec, "usdt") && !same_kind(own, "usdt")))
		return false;
	return prog_has_tag(rt, primary, BCC2CORE_TAG_CTX_UNUSED);
}

/* kprobe and kretprobe, or uprobe and uretprobe */
static bool entry_and_return(const char *a, const char *b)
{
	bool ka = same_kind(a, "kprobe") || same_kind(a, "kretprobe");
	bool kb = same_kind(b, "kprobe") || same_kind(b, "kretprobe");
	bool ua = same_kind(a, "uprobe") || same_kind(a, "uretprobe");
	bool ub = same_kind(b, "uprobe") || same_kind(b, "uretprobe");

	return (ka && kb) || (ua && ub);
}

/* 0 for an entry probe (kprobe, uprobe), 1 for a return probe (kretprobe,
 * uretprobe), -1 for another kind */
static int probe_end(const char *sec)
{
	if (same_kind(sec, "kprobe") || same_kind(sec, "uprobe"))
		return 0;
	if (same_kind(sec, "kretprobe") || same_kind(sec, "uretprobe"))
		return 1;
	return -1;
}

/* Can @primary run as @sec's kind? Its own, or the other end of the same
 * function when its code reads no argument parameter (the rewriter tagged
 * it bcc2core:args_unused): it then reads registers through its context
 * alone, as BCC's code does wherever a tool attaches it. A bare kprobe
 * program (built with no target known) also runs as a uprobe: the same
 * program type, and the rewriter gives both the same code (gethostlatency's
 * do_entry, sslsniff's probe_SSL_rw_enter). */
static bool kind_fits(struct bcc2core_runtime *rt, const struct bpf_program *primary,
		      const char *sec)
{
	const char *own = bpf_program__section_name(primary);
	bool args_unused;

	if (same_kind(own, sec))
		return true;
	args_unused = prog_has_tag(rt, primary, BCC2CORE_TAG_ARGS_UNUSED);
	if (entry_and_return(own, sec) && args_unused)
		return true;
	return !prog_has_target(primary) && probe_end(own) >= 0 && probe_end(sec) >= 0 &&
	       (probe_end(own) == probe_end(sec) || args_unused);
}

/* A program a BCC tool attaches by name (trace_rw_entry, not kprobe__F),
 * built before the tool's attach calls were known: a bare SEC("kprobe")
 * that loaded here attaches to any function of a kind it fits as it is. */
static bool bare_and_loaded(struct bcc2core_runtime *rt, const struct bpf_program *primary,
			    const char *sec)
{
	const char *own = bpf_program__section_name(primary);

	return !prog_has_target(primary) && kind_movable(own) && kind_fits(rt, primary, sec) &&
	       loaded_here(rt, primary);
}

/* A kprobe or kretprobe on a function this kernel does not have (a tool
 * trying __vfs_read before vfs_read): no program, built for it or not, can
 * attach there, and the caller is told so (-ENOENT), not that the object
 * was built for other targets. Asked only when an attach cannot be made:
 * kallsyms takes tens of ms to read. */
static bool no_such_function(const char *name, const char *sec)
{
	const char *func = bcc2core_sec__target(sec);

	if (!func || !(bcc2core_sec__is(sec, "kprobe") || bcc2core_sec__is(sec, "kretprobe")) ||
	    kernel__has_function(func))
		return false;
	pr_warn("%s: cannot attach to %s: this kernel has no function %s\n", name, sec, func);
	return true;
}

/* @prog's forms that loaded here to @sec, a target the object does not name
 * for it: where the code does not depend on the target, as BCC attaches a
 * function wherever a tool says */
static int attach_elsewhere(struct bcc2core_runtime *rt, const char *name,
			    struct bpf_program *primary, const char *sec, int pid)
{
	const char *own = bpf_program__section_name(primary);
	bool free_move = moves_freely(rt, primary, sec), bare = bare_and_loaded(rt, primary, sec);
	size_t mark = rt->links.cnt;
	struct bpf_program *prog;
	bool attached = false, skipped = false;
	char event[256];

	if (!free_move && !bare && (!prog_has_target(primary) || !kind_movable(own) ||
				    !kind_fits(rt, primary, sec))) {
		if (no_such_function(name, sec))
			return -ENOENT;
		pr_warn("%s: the object attaches it to %s (and the targets it names with it), not "
			"to %s: it was built for other targets, and a %.*s program cannot move "
			"to another\n", name, own, sec, (int)strcspn(own, "/"), own);
		return -EXDEV;
	}
	bpf_object__for_each_program(prog, rt->obj) {
		struct bpf_link *link;
		int err;

		if (!is_form_of(prog, name) || !loaded_here(rt, prog) ||
		    (!prog_has_target(prog) && !free_move && !(bare && prog == primary)))
			continue;
		/* a syscall with no tracepoint here (stat on x86_64): as a kprobe
		 * on its function would, it never runs; said, not an error */
		if (!bcc2core_sec__syscall_tp(event, sizeof(event), sec) &&
		    syscall_tp_skip(rt, prog, event)) {
			skipped = true;
			continue;
		}
		/* the form that runs here is a trampoline (its fentry form, first
		 * where the kernel takes one): bound to its function at load */
		if (sec_is_trampoline(bpf_program__section_name(prog))) {
			link_set__truncate(&rt->links, mark);
			pr_warn("%s: the form of it that runs here, %s (%s), is bound to its "
				"function: it was built for other targets than %s\n", name,
				bpf_program__name(prog), bpf_program__section_name(prog), sec);
			return -EXDEV;
		}
		link = attach_to(prog, sec, pid);
		err = link ? link_set__add(&rt->links, prog, link) : (errno ? -errno : -EINVAL);
		if (err) {
			link_set__truncate(&rt->links, mark);
			if (no_such_function(name, sec))
				return -ENOENT;
			pr_warn("cannot attach %s (%s) to %s: %s\n", bpf_program__name(prog),
				bpf_program__section_name(prog), sec, strerror(-err));
			return err;
		}
		pr_info("%s: attached to %s\n", bpf_program__name(prog), sec);
		attached = true;
	}
	return attached || skipped ? 0 : -EOPNOTSUPP;
}

/* A ksyscall program for a name that is no system call of this kernel:
 * tracefs has syscall tracepoints, but none for it. On a kernel with
 * kprobes, BCC attaches to the function it names and it never runs
 * (statsnoop's __x64_sys_stat: x86-64's table calls sys_newstat for stat,
 * so there is no sys_enter_stat). Where no form of it can load, the attach
 * is taken as that one: nothing runs, and it is said, not an error. */
static bool never_called_here(struct bcc2core_runtime *rt, const struct bpf_program *primary)
{
	const char *sec = bpf_program__section_name(primary);
	char tp[256];

	if (bcc2core_sec__syscall_tp(tp, sizeof(tp), sec))
		return false;
	return kernel__has_tracepoint(&rt->kernel, "syscalls") &&
	       !kernel__has_tracepoint(&rt->kernel, tp);
}

int bcc2core_runtime__attach_program_opts(struct bcc2core_runtime *rt, const char *name,
					  const struct bcc2core_attach_opts *opts)
{
	const char *target = OPT(opts, target);
	struct bpf_program *prog, *primary = NULL;
	size_t mark = rt ? rt->links.cnt : 0;
	bool attached = false, said;
	int pid = OPT(opts, pid);

	if (!rt || !name || !runtime_loaded(rt) || (opts && opts->sz < sizeof(size_t)))
		return -EINVAL;
	/* NAME as BCC wrote it, not one of its forms (NAME__tp, ...) */
	bpf_object__for_each_program(prog, rt->obj)
		if (!strcmp(bpf_program__name(prog), name) &&
		    bcc2core_form__of(name, NULL) == BCC2CORE_FORM_PRIMARY)
			primary = prog;
	if (!primary)
		return -ENOENT;
	if (target && !prog_names_target(rt, primary, target))
		return attach_elsewhere(rt, name, primary, target, pid);
	/* every form that loaded: a kretprobe form that reads arguments runs
	 * with the kprobe form saving them (NAME__kretprobe + NAME__kentry) */
	bpf_object__for_each_program(prog, rt->obj) {
		int err;

		if (!is_form_of(prog, name) || !loaded_here(rt, prog) || !prog_has_target(prog))
			continue;
		if (link_set__count(&rt->links, prog)) {
			attached = true;	/* already: no second link */
			continue;
		}
		err = attach_prog(rt, prog, pid, &said);
		if (err == -ENOENT && syscall_tp_nowhere(rt, prog))
			continue;	/* never_called_here() below says so */
		if (err) {
			if (!said) {
				pr_warn("cannot attach %s (%s): %s\n", bpf_program__name(prog),
					bpf_program__section_name(prog), strerror(-err));
				attach_hint(rt, prog, err);
			}
			link_set__truncate(&rt->links, mark);
			return err;
		}
		attached = true;
	}
	if (!attached && never_called_here(rt, primary)) {
		pr_info("%s (%s): not a system call of this kernel (no tracepoint for it): as a "
			"kprobe on that function would, it never runs; nothing attached\n", name,
			bpf_program__section_name(primary));
		return 0;
	}
	/* no form of it loaded here, or the one that did names no target */
	return attached ? 0 : -EOPNOTSUPP;
}

int bcc2core_runtime__attach_program(struct bcc2core_runtime *rt, const char *name)
{
	return bcc2core_runtime__attach_program_opts(rt, name, NULL);
}

int bcc2core_runtime__detach_program(struct bcc2core_runtime *rt, const char *name)
{
	struct bpf_program *prog;
	bool found = false;

	if (!rt || !name)
		return -EINVAL;
	bpf_object__for_each_program(prog, rt->obj) {
		if (!is_form_of(prog, name))
			continue;
		found = true;
		link_set__drop(&rt->links, prog);
	}
	return found ? 0 : -ENOENT;
}
