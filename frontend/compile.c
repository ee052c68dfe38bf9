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

int compile_bpf(const struct bcc2core_rewriter_plugin *api, struct bcc2core_rewriter *rw,
		const char *bpf_c, const char *obj, const char *deps)
{
	char **flags = NULL, **argv;
	size_t nflags = 0, n = 0;
	pid_t pid;
	int err, status;

	err = api->bpf_cflags(rw, &flags, &nflags);
	if (err)
		return err;
	argv = calloc(nflags + 14, sizeof(*argv));
	if (!argv) {
		err = -ENOMEM;
		goto out;
	}
	argv[n++] = (char *)BCC2CORE_CLANG;
	for (size_t i = 0; i < nflags; i++)
		argv[n++] = flags[i];
	argv[n++] = "-g";
	argv[n++] = "-O2";
	argv[n++] = "-c";
	argv[n++] = (char *)bpf_c;
	argv[n++] = "-o";
	argv[n++] = (char *)obj;
	if (deps) {
		/* the headers the converted program includes, the user's among them */
		argv[n++] = "-MD";
		argv[n++] = "-MP";	/* a header removed later is no error */
		argv[n++] = "-MF";
		argv[n++] = (char *)deps;
		argv[n++] = "-MQ";
		argv[n++] = (char *)obj;
	}
	argv[n] = NULL;
	if (verbose) {
		fprintf(stderr, "bcc2core: compile:");
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, " %s", argv[i]);
		fprintf(stderr, "\n");
	}
	err = posix_spawn(&pid, BCC2CORE_CLANG, NULL, NULL, argv, environ);
	if (err) {
		p_err("cannot run %s: %s", BCC2CORE_CLANG, strerror(err));
		err = -err;
		goto out;
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			err = -errno;
			goto out;
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		p_err("compiling the converted program failed");
		fprintf(stderr, "  hint: '%s convert' shows the converted C the errors above "
			"refer to\n", bin_name);
		err = -BCC2CORE_ERRNO__COMPILE;
		goto out;
	}
	err = strip_debug_info(obj);
out:
	for (size_t i = 0; i < nflags; i++)
		free(flags[i]);
	free(flags);
	free(argv);
	return err;
}

/* A private directory for intermediate files: mkdtemp gives 0700. */
static int private_file(char *dir, size_t dsz, char *path, size_t psz, const char *input)
{
	const char *tmp = getenv("TMPDIR"), *base = strrchr(input, '/');
	char stem[256];
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
	if ((size_t)snprintf(path, psz, "%s/%.200s.bpf.c", dir, stem) >= psz) {
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

int build_object(const struct convert_args *ca, const char *obj)
{
	const struct bcc2core_rewriter_plugin *api;
	struct bcc2core_rewriter *rw = NULL;
	char dir[PATH_MAX], bpf_c[PATH_MAX], deps[PATH_MAX + 8], *text = NULL;
	FILE *fp;
	int err;

	struct convert_args with_lines = *ca;

	with_lines.line_directives = true;
	err = convert_to_string(&with_lines, &rw, &text);
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
		err = compile_bpf(api, rw, bpf_c, obj, ca->depfile ? deps : NULL);
		if (!err && ca->depfile)
			err = depfile__write(deps, bpf_c, ca->input, ca->depfile);
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
