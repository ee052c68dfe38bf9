// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The ahead-of-time compile step: clang -target bpf -g -O2, run by execve
 * with an argument vector (no shell), with the rewriter's own flag list. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "main.h"

extern char **environ;

/* DWARF is 95% of an object and nothing at run time reads it: BTF and its
 * line info (.BTF.ext, for verifier messages) stay. */
static int strip_debug_info(const char *obj)
{
	char *argv[] = { (char *)BCC2CORE_STRIP, (char *)"-g", (char *)obj, NULL };
	pid_t pid;
	int status, err = posix_spawn(&pid, BCC2CORE_STRIP, NULL, NULL, argv, environ);

	if (err) {
		p_err("cannot run %s: %s", BCC2CORE_STRIP, strerror(err));
		return -err;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		p_err("%s -g %s failed", BCC2CORE_STRIP, obj);
		return -EIO;
	}
	return 0;
}

/* -ffile-prefix-map=DIR/= for the directory part of @path ("" without one):
 * the object's line info then names the source "./BASE" wherever it is
 * (#line directives keep the path as written, for clang's messages) */
static char *source_dir_map(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *flag;

	if (!slash)
		return strdup("");
	return asprintf(&flag, "-ffile-prefix-map=%.*s=", (int)(slash - path + 1), path) < 0
	       ? NULL : flag;
}

/* @path as seen from another directory: absolute (malloc'ed) */
static char *absolute(const char *path)
{
	char cwd[PATH_MAX], *abs;

	if (path[0] == '/')
		return strdup(path);
	if (!getcwd(cwd, sizeof(cwd)))
		return NULL;
	return asprintf(&abs, "%s/%s", cwd, path) < 0 ? NULL : abs;
}

/* -iquote DIR and -ffile-prefix-map=DIR/= for the absolute directory of
 * @path: its own #include "header.h" resolve where they did when it was
 * parsed (clang runs elsewhere), and such a header is named "./header.h"
 * in the object's line info wherever the source is */
static int source_dir_flags(const char *path, char **quote, char **map)
{
	char *abs = absolute(path), *slash = abs ? strrchr(abs, '/') : NULL;
	int err = 0;

	*quote = *map = NULL;
	if (!slash)
		err = -ENOMEM;
	else if (asprintf(quote, "-iquote%.*s", (int)(slash - abs), abs) < 0 ||
		 asprintf(map, "-ffile-prefix-map=%.*s=", (int)(slash - abs + 1), abs) < 0)
		err = -ENOMEM;
	free(abs);
	return err;
}

/* A relative -IDIR made absolute: clang runs in the build directory. */
static char *flag_from_elsewhere(const char *flag)
{
	char *dir, *out;

	if (strncmp(flag, "-I", 2) || flag[2] == '/' || !flag[2])
		return strdup(flag);
	dir = absolute(flag + 2);
	if (!dir || asprintf(&out, "-I%s", dir) < 0)
		out = NULL;
	free(dir);
	return out;
}

/* The data directory the rewriter's flags map to "bcc2core/" (malloc'ed,
 * NULL without one). */
static char *data_dir_of(char **flags, size_t n)
{
	static const char pre[] = "-ffile-prefix-map=", post[] = "/=bcc2core/";

	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(flags[i]);

		if (!strncmp(flags[i], pre, sizeof(pre) - 1) && len > sizeof(pre) + sizeof(post) &&
		    !strcmp(flags[i] + len - (sizeof(post) - 1), post))
			return strndup(flags[i] + sizeof(pre) - 1,
				       len - (sizeof(pre) - 1) - (sizeof(post) - 1));
	}
	return NULL;
}

/* In @dir (where the converted C is), the names the object's line info
 * gives resolve to the files they name, so that LLVM puts the same source
 * lines in .BTF.ext however the build was invoked: ./BASE is the BCC source,
 * ./bcc2core the data directory (its headers). */
static int link_sources(const char *dir, const char *input, const char *datadir)
{
	const char *base = strrchr(input, '/');
	char link[PATH_MAX + 300], *target = absolute(input);
	int err = 0;

	snprintf(link, sizeof(link), "%s/%s", dir, base ? base + 1 : input);
	if (!target || (symlink(target, link) && errno != EEXIST))
		err = target ? -errno : -ENOMEM;
	free(target);
	snprintf(link, sizeof(link), "%s/bcc2core", dir);
	if (!err && datadir && symlink(datadir, link))
		err = -errno;
	return err;
}

static void unlink_sources(const char *dir, const char *input)
{
	const char *base = strrchr(input, '/');
	char link[PATH_MAX + 300];
	struct stat st;

	snprintf(link, sizeof(link), "%s/%s", dir, base ? base + 1 : input);
	if (!lstat(link, &st) && S_ISLNK(st.st_mode))
		unlink(link);
	snprintf(link, sizeof(link), "%s/bcc2core", dir);
	unlink(link);
}

int compile_bpf(const struct bcc2core_rewriter_plugin *api, struct bcc2core_rewriter *rw,
		const char *bpf_c, const char *obj, const char *deps, const char *input)
{
	char **flags = NULL, **argv = NULL, *src_map = NULL, *obj_abs = NULL, *deps_abs = NULL;
	char *quote = NULL, *quote_map = NULL;
	char dir[PATH_MAX], *datadir = NULL;
	const char *slash = strrchr(bpf_c, '/');
	posix_spawn_file_actions_t fa;
	size_t nflags = 0, n = 0;
	pid_t pid;
	int err, status;

	err = api->bpf_cflags(rw, &flags, &nflags);
	if (err)
		return err;
	/* clang runs where the converted C is: no build directory, working
	 * directory or temporary name reaches the object (the files it names
	 * are relative to it, the others absolute) */
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - bpf_c) : 1, slash ? bpf_c : ".");
	for (size_t i = 0; i < nflags && !err; i++) {
		char *f = flag_from_elsewhere(flags[i]);

		if (!f)
			err = -ENOMEM;
		free(flags[i]);
		flags[i] = f;
	}
	datadir = data_dir_of(flags, nflags);
	src_map = source_dir_map(input);
	obj_abs = absolute(obj);
	deps_abs = deps ? absolute(deps) : NULL;
	err = err ?: source_dir_flags(input, &quote, &quote_map);
	if (!err && src_map && obj_abs && (!deps || deps_abs))
		argv = calloc(nflags + 20, sizeof(*argv));
	if (!argv) {
		err = err ?: -ENOMEM;
		goto out;
	}
	argv[n++] = (char *)BCC2CORE_CLANG;
	for (size_t i = 0; i < nflags; i++)
		argv[n++] = flags[i];
	argv[n++] = "-g";
	argv[n++] = "-O2";
	argv[n++] = "-fdebug-compilation-dir=.";
	if (*src_map)
		argv[n++] = src_map;
	argv[n++] = quote;
	argv[n++] = quote_map;
	argv[n++] = "-c";
	argv[n++] = (char *)(slash ? slash + 1 : bpf_c);
	argv[n++] = "-o";
	argv[n++] = obj_abs;
	if (deps) {
		/* the headers the converted program includes, the user's among them */
		argv[n++] = "-MD";
		argv[n++] = "-MP";	/* a header removed later is no error */
		argv[n++] = "-MF";
		argv[n++] = deps_abs;
		argv[n++] = "-MQ";
		argv[n++] = (char *)obj;
	}
	argv[n] = NULL;
	if (verbose) {
		fprintf(stderr, "bcc2core: compile (in %s):", dir);
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, " %s", argv[i]);
		fprintf(stderr, "\n");
	}
	err = link_sources(dir, input, datadir);
	if (err) {
		p_err("cannot link the sources into %s: %s", dir, strerror(-err));
		goto out;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addchdir_np(&fa, dir);
	err = posix_spawn(&pid, BCC2CORE_CLANG, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err) {
		p_err("cannot run %s: %s", BCC2CORE_CLANG, strerror(err));
		err = -err;
		goto out_links;
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			err = -errno;
			goto out_links;
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		p_err("compiling the converted program failed");
		fprintf(stderr, "  hint: '%s convert' shows the converted C the errors above "
			"refer to\n", bin_name);
		err = -BCC2CORE_ERRNO__COMPILE;
		goto out_links;
	}
	err = strip_debug_info(obj);
out_links:
	unlink_sources(dir, input);
out:
	for (size_t i = 0; i < nflags; i++)
		free(flags[i]);
	free(flags);
	free(argv);
	free(src_map);
	free(quote);
	free(quote_map);
	free(obj_abs);
	free(deps_abs);
	free(datadir);
	return err;
}

/* A private directory for intermediate files: mkdtemp gives 0700. */
static int private_file(char *dir, size_t dsz, char *path, size_t psz, const char *input)
{
	const char *tmp = getenv("TMPDIR"), *base = strrchr(input, '/');
	char stem[256], own[256];
	char *dot;
	int fd;

	snprintf(dir, dsz, "%s/bcc2core-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return -errno;
	snprintf(stem, sizeof(stem), "%s", base ? base + 1 : input);
	dot = strstr(stem, ".bcc.c");
	if (!dot)
		dot = strrchr(stem, '.');
	if (dot)
		*dot = '\0';
	/* not the source's own name: that is linked beside it (link_sources) */
	snprintf(own, sizeof(own), "%.200s.bpf.c", stem);
	if ((size_t)snprintf(path, psz, "%s/%.200s%s.bpf.c", dir, stem,
			     !strcmp(base ? base + 1 : input, own) ? ".converted" : "") >= psz) {
		rmdir(dir);
		return -ENAMETOOLONG;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		int err = -errno;

		rmdir(dir);
		return err;
	}
	close(fd);
	return 0;
}

/* The make rule of the build: clang names the converted file as it was
 * given (its base name: clang ran beside it) and, when the build made its
 * own vmlinux.h (another BTF than bcc2core's own), that private copy: the
 * build system sees the BCC source, the BTF and bcc2core's headers. */
static int write_depfile(const struct bcc2core_rewriter_plugin *api,
			 struct bcc2core_rewriter *rw, const char *deps, const char *bpf_c,
			 const struct convert_args *ca)
{
	char **flags = NULL, *used = NULL, vmlinux_h[PATH_MAX + 16];
	const char *base = strrchr(bpf_c, '/');
	size_t n = 0;
	int err = api->bpf_cflags(rw, &flags, &n);

	if (!err)
		used = data_dir_of(flags, n);
	for (size_t i = 0; i < n; i++)
		free(flags[i]);
	free(flags);
	if (used && strcmp(used, data_dir())) {
		struct dep_subst subst[] = {
			{ vmlinux_h, ca->btf ? ca->btf : "/sys/kernel/btf/vmlinux" },
			{ used, data_dir() },
		};

		snprintf(vmlinux_h, sizeof(vmlinux_h), "%s/vmlinux.h", used);
		err = depfile__write(deps, base ? base + 1 : bpf_c, ca->input, ca->depfile, subst, 2);
	} else {
		err = err ?: depfile__write(deps, base ? base + 1 : bpf_c, ca->input, ca->depfile,
					    NULL, 0);
	}
	free(used);
	return err;
}

static int build_once(const struct convert_args *ca, const char *obj)
{
	const struct bcc2core_rewriter_plugin *api;
	struct bcc2core_rewriter *rw = NULL;
	char dir[PATH_MAX], bpf_c[PATH_MAX], deps[PATH_MAX + 8], *text = NULL;
	FILE *fp;
	int err;

	err = convert_to_string(ca, &rw, &text);
	if (err)
		return err;
	api = rewriter_plugin();
	err = private_file(dir, sizeof(dir), bpf_c, sizeof(bpf_c), ca->input);
	if (err) {
		p_err("cannot create a temporary directory: %s", strerror(-err));
		goto out;
	}
	fp = fopen(bpf_c, "w");
	if (!fp || fputs(text, fp) < 0 || fclose(fp)) {
		err = -errno;
		p_err("cannot write %s: %s", bpf_c, strerror(errno));
	} else {
		snprintf(deps, sizeof(deps), "%s.d", bpf_c);
		err = compile_bpf(api, rw, bpf_c, obj, ca->depfile ? deps : NULL, ca->input);
		if (!err && ca->depfile)
			err = write_depfile(api, rw, deps, bpf_c, ca);
		if (ca->depfile)
			unlink(deps);
	}
	unlink(bpf_c);
	rmdir(dir);
out:
	free(text);
	api->free(rw);
	return err;
}

/* A build; where clang moved the context pointer before loading a field
 * (ctx_loads.c), builds again with those fields read once at their
 * program's start, as often as new ones show up (changed code may move it
 * for another), and with every field read by probe reads where a load is
 * not tied to one. */
int build_object(const struct convert_args *ca, const char *obj)
{
	struct convert_args with_lines = *ca;
	struct ctx_moves m = {};
	int err;

	with_lines.line_directives = true;
	with_lines.record_inputs = true;
	err = build_once(&with_lines, obj);
	for (int tries = 0; !err; tries++) {
		size_t had = m.field_cnt;

		err = ctx_loads__moved(obj, &m);
		if (err < 0)
			p_err("cannot read the object %s: %s", obj, strerror(-err));
		if (err <= 0)
			break;
		if (!m.unknown && tries < 4 && m.field_cnt > had) {
			if (verbose) {
				fprintf(stderr, "bcc2core: %s: clang moved the context pointer before "
					"a load; converting again with", m.prog);
				for (size_t i = had; i < m.field_cnt; i++)
					fprintf(stderr, "%s %s", i > had ? "," : "", m.fields[i]);
				fprintf(stderr, " read once, at the program's start\n");
			}
			with_lines.moved_ctx_fields = m.fields;
			with_lines.moved_ctx_field_cnt = m.field_cnt;
			err = build_once(&with_lines, obj);
			continue;
		}
		/* the same source, every tracepoint field read by probe-read helpers */
		if (verbose)
			fprintf(stderr, "bcc2core: %s: clang moved the context pointer before a load; "
				"converting again with tracepoint fields read by BPF_CORE_READ\n",
				m.prog);
		with_lines.probe_read_ctx = true;
		err = build_once(&with_lines, obj);
		break;
	}
	ctx_moves__free(&m);
	return err;
}
