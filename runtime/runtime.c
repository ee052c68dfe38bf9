// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The runtime's lifecycle: open -> load -> attach -> poll -> print -> destroy.
 * Every step frees what it made on failure; destroy frees the rest, so no
 * program, link, buffer or tracefs instance outlives the runtime. */
#include <errno.h>
#include <stdarg.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static bool verbose_logs(void)
{
	const char *env = getenv("BCC2CORE_LOG_LEVEL");

	return bcc2core_debug_enabled() || (env && !strcasecmp(env, "debug"));
}

/* "prog 'x': -- BEGIN PROG LOAD LOG --\n...\n-- END PROG LOAD LOG --": the
 * head line, a mark, and the last @lines lines of the log */
static char *log_tail(char *msg, int lines)
{
	char *body = strchr(msg, '\n'), *end = msg + strlen(msg), *p;
	int n = 0;

	if (!body)
		return msg;
	for (p = end - 1; p > body && n <= lines; p--)
		if (*p == '\n')
			n++;
	if (p <= body)
		return msg;
	while (*p != '\n')
		p++;
	/* keep the first line, then the tail */
	memmove(body + 1 + 38, p + 1, end - p);
	memcpy(body + 1, "... (the log's end; all of it with -d)\n", 38);
	return msg;
}

/* a load's failure came from a tp_btf twin ("prog 'X__tp_btf': ... failed") */
static bool tp_btf_refused;

static void note_refused_twin(const char *fmt, va_list ap)
{
	char *msg = NULL;
	va_list aq;

	if (!strstr(fmt, "prog '%s': ") || !strstr(fmt, "fail"))
		return;
	va_copy(aq, ap);
	if (vasprintf(&msg, fmt, aq) >= 0 && strstr(msg, "__tp_btf': "))
		tp_btf_refused = true;
	va_end(aq);
	free(msg);
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	enum bcc2core_print_level l = level == LIBBPF_WARN ? BCC2CORE_WARN :
				      level == LIBBPF_INFO ? BCC2CORE_INFO : BCC2CORE_DEBUG;

	if (level == LIBBPF_WARN)
		note_refused_twin(fmt, ap);

	/* a rejected program's verifier log can run to a million lines: show
	 * its end (where the reason is), all of it with -d */
	if (l == BCC2CORE_WARN && strstr(fmt, "BEGIN PROG LOAD LOG") && !verbose_logs()) {
		char *msg = NULL;

		if (vasprintf(&msg, fmt, ap) >= 0) {
			bcc2core_print(l, "%s", log_tail(msg, 40));
			free(msg);
			return 0;
		}
	}
	bcc2core_vprint(l, fmt, ap);
	return 0;
}

/* BPF_TABLE_PINNED: reuse the map pinned at the path, or create and pin it
 * there (libbpf checks a reused map's definition; BCC did not). */
static int pin_tables(struct bcc2core_runtime *rt)
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

const char *kernel_btf_path(void)
{
	const char *path = getenv("BCC2CORE_KERNEL_BTF") ?: "/sys/kernel/btf/vmlinux";

	return access(path, R_OK) == 0 ? path : NULL;
}

struct bcc2core_runtime *bcc2core_runtime__open(const char *path,
						 const struct bcc2core_runtime_opts *opts)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	struct bcc2core_runtime *rt;
	const char *kpath;
	int err;

	if (!path || (opts && opts->sz < offsetof(struct bcc2core_runtime_opts, strict) + 1)) {
		errno = EINVAL;
		return NULL;
	}
	libbpf_set_print(libbpf_print);
	rt = calloc(1, sizeof(*rt));
	if (!rt) {
		errno = ENOMEM;
		return NULL;
	}
	rt->out = opts && opts->out ? opts->out : stdout;
	rt->json = opts && opts->json;
	rt->strict = opts && opts->strict;
	rt->verify_all = opts && opts->sz > offsetof(struct bcc2core_runtime_opts, verify_all) &&
			 opts->verify_all;
	char cached[4096];

	oo.btf_custom_path = opts ? opts->btf_path : NULL;
	if (oo.btf_custom_path && access(oo.btf_custom_path, R_OK)) {
		err = -errno;
		pr_warn("cannot read kernel BTF '%s': %s\n", oo.btf_custom_path, strerror(errno));
		free(rt);
		errno = -err;
		return NULL;
	}
	if (!oo.btf_custom_path && !(opts && opts->sz > offsetof(struct bcc2core_runtime_opts,
								   no_btf_cache) && opts->no_btf_cache)) {
		if (btf_cache__lookup(path, cached, sizeof(cached)) == 0) {
			oo.btf_custom_path = cached;
			rt->btf_cached = true;
			pr_info("using cached minimized kernel BTF %s\n", cached);
		}
	}
	if (!oo.btf_custom_path && !kernel_btf_path()) {
		char key[512];

		err = btf_bundle__extract(path, cached, sizeof(cached));
		if (err) {
			btf_bundle__key(key, sizeof(key));
			pr_warn("%s: this kernel (%s) has no BTF and the object bundles none for it\n"
				"  hint: pass --btf FILE, or build with --min-btf DIR holding %s.btf\n",
				path, key, key);
			free(rt);
			errno = err == -ENOENT ? ENODATA : -err;
			return NULL;
		}
		oo.btf_custom_path = cached;
		rt->bundled_btf = strdup(cached);
	}
	rt->path = strdup(path);
	kpath = opts && opts->sz > offsetof(struct bcc2core_runtime_opts, kconfig_path)
		? opts->kconfig_path : NULL;
	rt->btf_custom_path = oo.btf_custom_path ? strdup(oo.btf_custom_path) : NULL;
	err = kconfig__open_object(rt, &oo, kpath);
	if (err) {
		if (rt->bundled_btf)
			btf_bundle__remove(rt->bundled_btf);
		free(rt->bundled_btf);
		free(rt->btf_custom_path);
		free(rt->kconfig);
		free(rt->path);
		free(rt);
		errno = -err;
		return NULL;
	}
	err = globals__set_defaults(rt);
	err = err ?: pin_tables(rt);
	if (err) {
		bcc2core_runtime__destroy(rt);
		errno = -err;
		return NULL;
	}
	return rt;
}

int bcc2core_runtime__load(struct bcc2core_runtime *rt)
{
	int err = select_variants(rt);

	if (err)
		return err;
	tp_btf_refused = false;
	err = shared_tables__resolve(rt);
	err = err ?: bpf_object__load(rt->obj);
	if (err && tp_btf_refused && !rt->no_tp_btf) {
		/* the BTF-typed context refuses what raw_tp took (arithmetic on
		 * a pointer argument, ...): the whole object again, raw_tp only */
		pr_warn("warning: the verifier refused a tp_btf form (above); loading the "
			"raw_tp forms of the raw tracepoints instead\n");
		rt->no_tp_btf = true;
		err = runtime_reopen(rt);
		err = err ?: select_variants(rt);
		err = err ?: shared_tables__resolve(rt);
		err = err ?: bpf_object__load(rt->obj);
	}
	if (rt->bundled_btf) {
		/* relocations are done: the extracted BTF is not needed anymore */
		btf_bundle__remove(rt->bundled_btf);
		free(rt->bundled_btf);
		rt->bundled_btf = NULL;
	}

	if (err == -BCC2CORE_ERRNO__NO_SHARED_TABLE)
		return err;	/* said above, the kernel was not asked */
	if (err) {
		pr_warn("cannot load %s: %s\n", bpf_object__name(rt->obj), strerror(-err));
		return err;
	}
	rt->loaded = true;
	return 0;
}

/* The runtime owns every link it made: destroy detaches them all. */
int runtime_keep_link(struct bcc2core_runtime *rt, struct bpf_link *link)
{
	struct bpf_link **p = realloc(rt->links, (rt->link_cnt + 1) * sizeof(*p));

	if (!p) {
		bpf_link__destroy(link);
		return -ENOMEM;
	}
	rt->links = p;
	rt->links[rt->link_cnt++] = link;
	return 0;
}

/* Sections with no target (SEC("kprobe"), "socket", "xdp", ...): loaded for
 * the verifier, attached by whoever owns the hook. */
static bool attachable(const struct bpf_program *prog)
{
	const char *sec = bpf_program__section_name(prog);

	return strchr(sec, '/') != NULL;
}

int bcc2core_runtime__attach(struct bcc2core_runtime *rt)
{
	struct bpf_program *prog;
	int err = 0;

	if (!rt->loaded)
		return -EINVAL;
	bpf_object__for_each_program(prog, rt->obj) {
		struct bpf_link *link;

		if (!bpf_program__autoload(prog))
			continue;
		if (!attachable(prog)) {
			pr_info("%s: loaded, not attached (SEC(\"%s\") names no target)\n",
				bpf_program__name(prog), bpf_program__section_name(prog));
			continue;
		}
		link = bpf_program__attach(prog);
		if (!link) {
			err = -errno;
			if (rt->strict) {
				pr_warn("cannot attach %s (%s): %s\n", bpf_program__name(prog),
					bpf_program__section_name(prog), strerror(-err));
				return err;
			}
			pr_warn("warning: cannot attach %s (%s): %s; continuing without it\n",
				bpf_program__name(prog), bpf_program__section_name(prog),
				strerror(-err));
			err = 0;
			continue;
		}
		err = runtime_keep_link(rt, link);
		if (err)
			return err;
		pr_info("%s: attached (%s)\n", bpf_program__name(prog),
			bpf_program__section_name(prog));
		err = attach_more(rt, prog);
		if (err)
			return err;
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
		const char *sec = bpf_program__section_name(prog), *why = "not loaded";
		bool loaded = rt->loaded && bpf_program__fd(prog) >= 0;

		for (size_t i = 0; i < rt->skip_cnt; i++)
			if (rt->skips[i].prog == prog)
				why = rt->skips[i].why;
		fn(bpf_program__name(prog), sec, loaded, loaded ? "" : why, data);
	}
}

int bcc2core_runtime__cache_btf(struct bcc2core_runtime *rt)
{
	if (!rt->loaded || rt->btf_cached || !rt->path)
		return 0;
	return btf_cache__store(rt->path);
}

int bcc2core_runtime__poll(struct bcc2core_runtime *rt, int timeout_ms)
{
	return buffers__poll(rt, timeout_ms);
}

int bcc2core_runtime__print_maps(struct bcc2core_runtime *rt)
{
	if (!rt->loaded)
		return -EINVAL;
	return maps__print(rt);
}

int bcc2core_runtime__clear_maps(struct bcc2core_runtime *rt)
{
	if (!rt->loaded)
		return -EINVAL;
	return maps__clear(rt);
}

void bcc2core_runtime__destroy(struct bcc2core_runtime *rt)
{
	if (!rt)
		return;
	for (size_t i = 0; i < rt->link_cnt; i++)
		bpf_link__destroy(rt->links[i]);
	free(rt->links);
	buffers__close(rt);
	printk_relay__close(rt->printk);
	bpf_object__close(rt->obj);
	if (rt->bundled_btf)
		btf_bundle__remove(rt->bundled_btf);
	free(rt->bundled_btf);
	free(rt->skips);
	free(rt->btf_custom_path);
	free(rt->kconfig);
	free(rt->path);
	free(rt);
}
