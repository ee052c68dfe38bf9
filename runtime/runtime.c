// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The runtime's lifecycle: open -> load -> attach -> poll -> print -> destroy.
 * Every step frees what it made on failure; destroy frees the rest, so no
 * program, link, buffer or tracefs instance outlives the runtime. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bcc2core/object_format.h"
#include "btf_file.h"
#include "internal.h"
#include "object_btf_check.h"

/* BPF_TABLE_PINNED: reuse the map pinned at the path, or create and pin it
 * there (libbpf checks a reused map's definition; BCC did not). */
int runtime_pin_tables(struct bcc2core_runtime *rt)
{
	struct bpf_map *map;
	int err = 0;

	bpf_object__for_each_map(map, rt->obj) {
		struct map_meta meta;

		map_meta__get(rt->obj, map, &meta);
		if (meta.pin_path)
			err = bpf_map__set_pin_path(map, meta.pin_path);
		if (err)
			pr_warn("map %s: cannot pin at %s: %s\n", bpf_map__name(map), meta.pin_path,
				strerror(-err));
		map_meta__free(&meta);
		if (err)
			break;
	}
	return err;
}

static char *dup_opt(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

#define OPT RUNTIME_OPT

/* An object of a newer format than this runtime reads is refused, not
 * misread (object_format.h). */
int runtime_check_format(struct bcc2core_runtime *rt)
{
	int format = bcc2core_object__format(bpf_object__btf(rt->obj));

	if (format <= BCC2CORE_OBJECT_FORMAT)
		return 0;
	pr_warn("%s: made by a newer bcc2core (object format %d; this one reads up to %d)\n"
		"  hint: run it with the bcc2core that built it, or rebuild it with this one\n",
		rt->path ? rt->path : bpf_object__name(rt->obj), format, BCC2CORE_OBJECT_FORMAT);
	return -BCC2CORE_ERRNO__OBJECT_FORMAT;
}

/* "" if @path starts as BTF (raw, either byte order) or ELF does, else why
 * not into @why */
static void kernel_btf_sniff(const char *path, char *why, size_t size)
{
	unsigned char m[4];
	ssize_t n = -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	why[0] = '\0';
	if (fd >= 0) {
		n = read(fd, m, sizeof(m));
		close(fd);
	}
	if (n < 0)
		snprintf(why, size, "cannot read '%s': %s", path, strerror(errno));
	else if (n == 0)
		snprintf(why, size, "'%s' is empty", path);
	else if (n < 4 || !(btf_file__raw_magic(m, n) || !memcmp(m, "\177ELF", 4)))
		snprintf(why, size, "'%s' is neither BTF nor ELF", path);
}

struct bcc2core_runtime *bcc2core_runtime__open(const char *path,
						 const struct bcc2core_runtime_opts *opts)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	struct bcc2core_runtime *rt;
	const char *kpath, *module;
	char cached[4096], bad_btf[PATH_MAX + 64] = "";
	int err;

	if (!path || (opts && opts->sz < offsetof(struct bcc2core_runtime_opts, strict) + 1)) {
		errno = EINVAL;
		return NULL;
	}
	rt = calloc(1, sizeof(*rt));
	if (!rt) {
		errno = ENOMEM;
		return NULL;
	}
	rt->out = opts && opts->out ? opts->out : stdout;
	rt->json = opts && opts->json;
	rt->strict = opts && opts->strict;
	rt->verify_all = OPT(opts, verify_all);
	rt->btf_cache_dir = dup_opt(OPT(opts, btf_cache_dir));
	rt->bpftool = dup_opt(OPT(opts, bpftool_path) ?: BCC2CORE_BPFTOOL);
	rt->os_release = dup_opt(OPT(opts, os_release_path));
	rt->path = strdup(path);
	/* the kernel module keeps a pointer to the path: our copy */
	rt->kernel_btf = dup_opt(OPT(opts, kernel_btf_path));
	kernel__init(&rt->kernel, rt->kernel_btf, OPT(opts, no_trampolines));

	oo.btf_custom_path = opts ? opts->btf_path : NULL;
	if (oo.btf_custom_path && access(oo.btf_custom_path, R_OK)) {
		err = -errno;
		pr_warn("cannot read kernel BTF '%s': %s\n", oo.btf_custom_path, strerror(errno));
		goto err_out;
	}
	if (!oo.btf_custom_path && !OPT(opts, no_btf_cache) &&
	    btf_cache__lookup(rt->btf_cache_dir, kernel__btf_path(&rt->kernel), path, cached,
			      sizeof(cached)) == 0) {
		oo.btf_custom_path = cached;
		rt->btf_cached = true;
		pr_info("using cached minimized kernel BTF %s\n", cached);
	}
	rt->no_btf_cache = OPT(opts, no_btf_cache);
	/* answers about the running kernel's own BTF, remembered per kernel */
	rt->kernel.remember = !rt->no_btf_cache && !rt->kernel_btf && !(opts && opts->btf_path);
	rt->kernel.facts_dir = rt->btf_cache_dir;
	/* a kernel BTF file that is there but is no BTF (empty, a 0-byte file
	 * bound over it, something else): as no BTF, and said why; libbpf
	 * would fail the load later with "No such process". Its first bytes
	 * only (BTF or ELF magic): the whole is parsed when it is needed. */
	if (!oo.btf_custom_path && kernel__btf_path(&rt->kernel))
		kernel_btf_sniff(rt->kernel.btf_path, bad_btf, sizeof(bad_btf));
	if (!oo.btf_custom_path && (bad_btf[0] || !kernel__btf_path(&rt->kernel))) {
		char key[512];

		err = btf_bundle__extract(rt->os_release, path, cached, sizeof(cached));
		if (err) {
			btf_bundle__key(rt->os_release, key, sizeof(key));
			if (bad_btf[0])
				pr_warn("%s: this kernel (%s) has no usable BTF (%s) and the object "
					"bundles none for it\n"
					"  hint: pass --btf FILE, or build with --min-btf DIR holding %s.btf\n",
					path, key, bad_btf, key);
			else
				pr_warn("%s: this kernel (%s) has no BTF and the object bundles none "
					"for it\n"
					"  hint: pass --btf FILE, or build with --min-btf DIR holding %s.btf\n",
					path, key, key);
			err = err == -ENOENT ? -ENODATA : err;
			goto err_out;
		}
		oo.btf_custom_path = cached;
		rt->bundled_btf = strdup(cached);
	}
	kpath = OPT(opts, kconfig_path);
	rt->btf_custom_path = oo.btf_custom_path ? strdup(oo.btf_custom_path) : NULL;
	err = object_btf__check(path) ?: kconfig__open_object(rt, &oo, kpath);
	if (err)
		goto err_out;
	err = runtime_check_format(rt);
	module = err ? NULL : bcc2core_object__module(bpf_object__btf(rt->obj));
	/* libbpf looks in the modules' BTF only when it reads the kernel's own */
	if (module && rt->btf_custom_path)
		pr_warn("warning: %s reads types of module %s, relocated against that module's "
			"BTF, which the kernel BTF %s does not have: those reads will not load\n"
			"  hint: run it without --btf on a kernel with /sys/kernel/btf/%s\n",
			path, module, rt->btf_custom_path, module);
	rt->reads_module_types = module != NULL;
	err = err ?: globals__set_defaults(rt);
	err = err ?: runtime_pin_tables(rt);
	if (err)
		goto err_out;
	return rt;
err_out:
	bcc2core_runtime__destroy(rt);
	errno = -err;
	return NULL;
}

/* Which BTF-typed form the verifier refused, read from the program itself,
 * not from libbpf's messages: each tp_btf twin and each fentry or fexit
 * form that reads its arguments or return value directly (btf_arg_reads)
 * gets a log buffer, which libbpf fills only when that program's load
 * fails (log_level 0 first, 1 on the retry after a failure). */
#define TWIN_LOG_SIZE (256 * 1024)

static void twin_logs__set(struct bcc2core_runtime *rt)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, rt->obj) {
		char *buf;

		if (!bpf_program__autoload(prog) ||
		    !(select_is_tp_btf_twin(prog) || select_trampoline_replaceable(rt, prog)))
			continue;
		buf = calloc(1, TWIN_LOG_SIZE);
		if (buf && bpf_program__set_log_buf(prog, buf, TWIN_LOG_SIZE))
			free(buf);
	}
}

/* Was a tp_btf twin (*@tp_btf) or a btf_arg_reads fentry form (*@fentry)
 * refused? Frees the buffers (the object loads once). */
static void twin_logs__refused(struct bcc2core_runtime *rt, bool *tp_btf, bool *fentry)
{
	struct bpf_program *prog;

	*tp_btf = *fentry = false;
	bpf_object__for_each_program(prog, rt->obj) {
		size_t size;
		const char *buf = bpf_program__log_buf(prog, &size);

		if (!buf || !(select_is_tp_btf_twin(prog) || select_trampoline_replaceable(rt, prog)))
			continue;
		if (buf[0] != '\0')
			*(select_is_tp_btf_twin(prog) ? tp_btf : fentry) = true;
		free((char *)buf);
	}
}

int bcc2core_runtime__load(struct bcc2core_runtime *rt)
{
	bool tp_btf_refused, fentry_refused;
	int err;

	if (!rt)
		return -EINVAL;
	if (rt->borrowed) {
		/* forms were chosen when the object was taken; loaded already
		 * (by its skeleton) is fine */
		if (runtime_loaded(rt))
			return 0;
		err = bpf_object__load(rt->obj);
		if (err) {
			pr_warn("cannot load %s: %s\n", bpf_object__name(rt->obj), strerror(-err));
			return err;
		}
		rt->loaded = true;
		return 0;
	}
	err = select_variants(rt);
	if (err)
		return err;
	twin_logs__set(rt);
	err = shared_tables__resolve(rt);
	err = err ?: reused_maps__apply(rt);
	err = err ?: bpf_object__load(rt->obj);
	twin_logs__refused(rt, &tp_btf_refused, &fentry_refused);
	/* (verify loads every form again whatever was refused: no reload) */
	if (err && ((tp_btf_refused && !rt->no_tp_btf) ||
		    (fentry_refused && !rt->no_btf_arg_forms && !rt->verify_all))) {
		/* the BTF-typed context refuses what the other form took
		 * (arithmetic on a pointer argument, a load the kernel's type
		 * does not have, ...): the whole object again, without them */
		pr_warn("warning: the verifier refused a %s form (above); loading the %s forms "
			"instead\n", tp_btf_refused ? "tp_btf" : "fentry",
			tp_btf_refused ? "raw_tp (or tracepoint)" : "kprobe (or syscall tracepoint)");
		rt->no_tp_btf |= tp_btf_refused;
		rt->no_btf_arg_forms |= fentry_refused;
		err = runtime_reopen(rt);
		err = err ?: select_variants(rt);
		err = err ?: shared_tables__resolve(rt);
		err = err ?: reused_maps__apply(rt);
		err = err ?: bpf_object__load(rt->obj);
	}
	if (rt->bundled_btf) {
		/* relocations are done: the extracted BTF is not needed anymore */
		btf_bundle__remove(rt->bundled_btf);
		free(rt->bundled_btf);
		rt->bundled_btf = NULL;
	}

	rt->maps_from = NULL;	/* taken, or not: it may go now */
	if (err == -BCC2CORE_ERRNO__NO_SHARED_TABLE)
		return err;	/* said above, the kernel was not asked */
	if (err) {
		pr_warn("cannot load %s: %s\n", bpf_object__name(rt->obj), strerror(-err));
		return err;
	}
	rt->loaded = true;
	return 0;
}

int bcc2core_runtime__attach(struct bcc2core_runtime *rt)
{
	struct bpf_program *prog;
	int err = 0, targeted = 0;
	bool said;

	if (!rt || !runtime_loaded(rt))
		return -EINVAL;
	bpf_object__for_each_program(prog, rt->obj) {
		/* programs, not their forms: one of each that runs here is enough */
		targeted += prog_has_target(prog) &&
			    bcc2core_form__of(bpf_program__name(prog), NULL) == BCC2CORE_FORM_PRIMARY;
		/* a loaded borrowed object has every form: the skips say which not */
		if (!bpf_program__autoload(prog) || prog_skips__why(&rt->skips, prog))
			continue;
		if (!prog_has_target(prog)) {
			pr_info("%s: loaded, not attached (SEC(\"%s\") names no target)\n",
				bpf_program__name(prog), bpf_program__section_name(prog));
			continue;
		}
		if (link_set__count(&rt->links, prog))
			continue;	/* bcc2core_runtime__attach_program() did */
		err = attach_prog(rt, prog, 0, &said);
		if (err == -ENOENT && syscall_tp_nowhere(rt, prog)) {
			/* as a kprobe on the function it names would, it never runs */
			pr_warn("warning: %s (%s) will not run: no system call of this kernel has "
				"a tracepoint it names; continuing without it\n",
				bpf_program__name(prog), bpf_program__section_name(prog));
			continue;
		}
		if (err == -ENOMEM || (err && said))
			return err;	/* said: a failed also= target with .strict */
		if (err && rt->strict) {
			pr_warn("cannot attach %s (%s): %s\n", bpf_program__name(prog),
				bpf_program__section_name(prog), strerror(-err));
			attach_hint(rt, prog, err);
			return err;
		}
		if (err) {
			pr_warn("warning: cannot attach %s (%s): %s; continuing without it\n",
				bpf_program__name(prog), bpf_program__section_name(prog),
				strerror(-err));
			attach_hint(rt, prog, err);
		}
	}
	if (targeted && !rt->links.cnt) {
		/* each was said above; a run that traces nothing is no success */
		pr_warn("none of the object's %d program%s with a target attached here\n", targeted,
			targeted == 1 ? "" : "s");
		return -BCC2CORE_ERRNO__NOTHING_ATTACHED;
	}
	err = buffers__open(rt);
	if (err)
		return err;
	if (object_uses_printk(rt->obj)) {
		rt->printk = printk_relay__open();
		if (!rt->printk && rt->strict)
			return -errno;
	}
	return 0;
}

void bcc2core_runtime__for_each_program(struct bcc2core_runtime *rt,
					void (*fn)(const char *name, const char *sec, bool loaded,
						   const char *why, void *data),
					void *data)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, rt->obj) {
		const char *sec = bpf_program__section_name(prog);
		const char *why = prog_skips__why(&rt->skips, prog);
		bool loaded = runtime_loaded(rt) && bpf_program__fd(prog) >= 0 &&
			      !prog_skips__why(&rt->skips, prog);

		fn(bpf_program__name(prog), sec, loaded, loaded ? "" : why ? why : "not loaded", data);
	}
}

int bcc2core_runtime__cache_btf(struct bcc2core_runtime *rt)
{
	/* a minimized vmlinux BTF would hide the modules' from libbpf */
	if (!rt->loaded || rt->btf_cached || rt->no_btf_cache || !rt->path ||
	    rt->reads_module_types)
		return 0;
	return btf_cache__store(rt->btf_cache_dir, kernel__btf_path(&rt->kernel), rt->bpftool,
				rt->path);
}

int bcc2core_runtime__poll(struct bcc2core_runtime *rt, int timeout_ms)
{
	return buffers__poll(rt, timeout_ms);
}

int bcc2core_runtime__consume(struct bcc2core_runtime *rt)
{
	return buffers__poll(rt, 0);
}

int bcc2core_runtime__print_maps(struct bcc2core_runtime *rt)
{
	if (!runtime_loaded(rt))
		return -EINVAL;
	return maps__print(rt);
}

int bcc2core_runtime__clear_maps(struct bcc2core_runtime *rt)
{
	if (!runtime_loaded(rt))
		return -EINVAL;
	return maps__clear(rt);
}

void bcc2core_runtime__destroy(struct bcc2core_runtime *rt)
{
	if (!rt)
		return;
	link_set__destroy(&rt->links);
	buffers__close(rt);
	printk_relay__close(rt->printk);
	if (!rt->borrowed)
		bpf_object__close(rt->obj);
	if (rt->bundled_btf)
		btf_bundle__remove(rt->bundled_btf);
	free(rt->bundled_btf);
	prog_skips__clear(&rt->skips);
	kernel__release(&rt->kernel);
	free(rt->kernel_btf);
	free(rt->btf_cache_dir);
	free(rt->bpftool);
	free(rt->os_release);
	free(rt->btf_custom_path);
	free(rt->kconfig);
	free(rt->path);
	free(rt);
}
