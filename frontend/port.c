// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bcc2core port TOOL [ARG]...: ingest an unmodified BCC Python tool. The tool
 * runs under /usr/bin/python3 with bcc2core's drop-in `bcc` package in
 * record mode (python/bcc/_record.py): its final program text, cflags and
 * attach calls become a BCC source plus bcc2core flags, built into one
 * object and stored in the object cache the package finds it in. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "main.h"

extern char **environ;

static void do_help(void)
{
	fprintf(stderr,
		"Usage: %1$s port [-o OUT.bpf.o] [--source OUT.bcc.c] [--btf FILE] TOOL [ARG]...\n"
		"\n"
		"Runs the BCC Python tool TOOL with ARGs far enough to capture its BPF program\n"
		"(after the tool's substitutions), cflags and attach calls, and builds them into\n"
		"one CO-RE object (default: TOOL's name + .bpf.o). Nothing is loaded.\n"
		"  --source FILE   also keep the captured BCC program, with the equivalent\n"
		"                  '%1$s build' command printed\n", bin_name);
}

static char *default_output(const char *tool)
{
	const char *base = strrchr(tool, '/');
	char *out, *p;

	base = base ? base + 1 : tool;
	out = malloc(strlen(base) + 8);
	if (!out)
		return NULL;
	strcpy(out, base);
	if ((p = strstr(out, "-bpfcc")) || (p = strstr(out, ".py")))
		*p = '\0';
	strcat(out, ".bpf.o");
	return out;
}

/* TOOL as given, or found on PATH like a shell would ("execsnoop-bpfcc") */
static char *resolve_tool(const char *tool)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];

	if (strchr(tool, '/') || !path)
		return strdup(tool);
	while (*path) {
		size_t n = strcspn(path, ":");

		if (n && (size_t)snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, path, tool) <
				 sizeof(buf) && !access(buf, X_OK))
			return strdup(buf);
		path += n + (path[n] == ':');
	}
	return strdup(tool);
}

/* a Python tool runs under Debian's python3; anything else (the shell
 * wrappers of ucalls-style tools) as itself, passing the environment on */
static bool is_python(const char *tool)
{
	FILE *fp = fopen(tool, "r");
	char line[256] = "";
	bool py;

	if (!fp)
		return true;
	if (!fgets(line, sizeof(line), fp))
		line[0] = '\0';
	fclose(fp);
	py = strncmp(line, "#!", 2) || strstr(line, "python");
	return py;
}

/* the environment with PYTHONPATH led by the drop-in package and
 * BCC2CORE_RECORD=@dir: the tool records instead of loading */
static char **record_env(const char *dir, bool tty)
{
	size_t n = 0;
	char **env, *old = getenv("PYTHONPATH");

	while (environ[n])
		n++;
	env = calloc(n + 4, sizeof(*env));
	if (!env)
		return NULL;
	n = 0;
	for (char **e = environ; *e; e++)
		if (strncmp(*e, "PYTHONPATH=", 11) && strncmp(*e, "BCC2CORE_RECORD=", 16) &&
		    (!tty || strncmp(*e, "TERM=", 5)))
			env[n++] = *e;
	if (tty)
		env[n++] = "TERM=vt100";	/* the terminal tool_tty.c gives it */
	if (asprintf(&env[n++], "PYTHONPATH=%s/python%s%s", data_dir(), old && *old ? ":" : "",
		     old ? old : "") < 0 ||
	    asprintf(&env[n++], "BCC2CORE_RECORD=%s", dir) < 0) {
		free(env);
		return NULL;
	}
	return env;
}

static int run_capture(const char *dir, char **tool_argv, int tool_argc)
{
	bool tty = tool_tty__wanted();
	char **argv = calloc(tool_argc + 2, sizeof(*argv)), **env = record_env(dir, tty);
	bool py = is_python(tool_argv[0]);
	struct tool_tty term = { -1, -1 };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status, err;

	if (!argv || !env) {
		free(argv);
		free(env);
		return -ENOMEM;
	}
	posix_spawn_file_actions_init(&fa);
	err = tty ? tool_tty__open(&term, &fa) : 0;
	if (err)	/* it runs as it is: only curses tools need one */
		fprintf(stderr, "bcc2core: warning: no terminal for %s: %s\n", tool_argv[0],
			strerror(-err));
	argv[0] = py ? "/usr/bin/python3" : tool_argv[0];
	for (int i = 0; i < tool_argc; i++)
		argv[py + i] = tool_argv[i];
	err = posix_spawn(&pid, argv[0], &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	if (term.master >= 0 && !err) {
		tool_tty__copy_out(&term, pid);
	} else if (term.master >= 0) {
		close(term.slave);
		close(term.master);
	}
	free(argv);
	for (size_t i = 0; env[i]; i++)
		if (!strncmp(env[i], "PYTHONPATH=", 11) || !strncmp(env[i], "BCC2CORE_RECORD=", 16))
			free(env[i]);
	free(env);
	if (err) {
		p_err("cannot run %s: %s", py ? "/usr/bin/python3" : tool_argv[0], strerror(err));
		return -err;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		p_err("'%s' did not get as far as its BPF program", tool_argv[0]);
		fprintf(stderr, "  hint: give it the arguments it needs to start tracing\n");
		return -EINVAL;
	}
	return 0;
}

/* prog.args: one "-D X", "-I DIR" or "--attach SPEC" per line */
static int read_args(const char *path, struct convert_args *ca)
{
	FILE *fp = fopen(path, "r");
	char line[4096];

	if (!fp)
		return -errno;
	while (fgets(line, sizeof(line), fp)) {
		char *v, *flag;

		line[strcspn(line, "\n")] = '\0';
		v = strchr(line, ' ');
		if (!v)
			continue;
		*v++ = '\0';
		if (!strcmp(line, "--attach")) {
			ca->attach = realloc(ca->attach, (ca->attach_cnt + 1) * sizeof(*ca->attach));
			ca->attach[ca->attach_cnt++] = strdup(v);
		} else if (asprintf(&flag, "%s%s", line, v) >= 0) {
			ca->cflags = realloc(ca->cflags, (ca->cflag_cnt + 1) * sizeof(*ca->cflags));
			ca->cflags[ca->cflag_cnt++] = flag;
		}
	}
	fclose(fp);
	return 0;
}

static int copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "r"), *out = in ? fopen(to, "w") : NULL;
	char buf[65536];
	size_t n;
	int err = 0;

	if (!in || !out) {
		err = -errno;
	} else {
		while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
			if (fwrite(buf, 1, n, out) != n)
				err = -EIO;
	}
	if (in)
		fclose(in);
	if (out && fclose(out))
		err = -errno;
	return err;
}

int do_port(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "source", required_argument, NULL, 's' },
		{ "btf", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct convert_args ca = {};
	const char *tmp = getenv("TMPDIR"), *source = NULL;
	char dir[PATH_MAX], src[PATH_MAX + 16], args[PATH_MAX + 16], *out = NULL;
	char text[PATH_MAX + 16], cflags[PATH_MAX + 16], *tool;
	int opt, err, ret = 1;

	argv--;
	argc++;
	optind = 0;
	opterr = 0;
	/* stop at TOOL: the rest are the tool's own arguments */
	while ((opt = getopt_long(argc, argv, "+o:s:b:h", opts, NULL)) >= 0) {
		switch (opt) {
		case 'o':
			out = strdup(optarg);
			break;
		case 's':
			source = optarg;
			break;
		case 'b':
			ca.btf = optarg;
			break;
		case 'h':
			do_help();
			return 0;
		default:
			p_err("unknown option '%s'", argv[optind - 1]);
			fprintf(stderr, "  hint: see '%s port --help'\n", bin_name);
			return 2;
		}
	}
	if (optind >= argc) {
		p_err("no tool to port");
		fprintf(stderr, "  hint: %s port /usr/sbin/execsnoop-bpfcc\n", bin_name);
		return 2;
	}
	if (!out)
		out = default_output(argv[optind]);
	snprintf(dir, sizeof(dir), "%s/bcc2core-port-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		p_err("cannot create a temporary directory: %s", strerror(errno));
		free(out);
		return 1;
	}
	snprintf(src, sizeof(src), "%s/prog.bcc.c", dir);
	snprintf(args, sizeof(args), "%s/prog.args", dir);
	snprintf(text, sizeof(text), "%s", src);	/* the text is the source */
	snprintf(cflags, sizeof(cflags), "%s/prog.cflags", dir);
	tool = resolve_tool(argv[optind]);
	if (!tool || access(tool, R_OK)) {
		p_err("no tool '%s'%s", argv[optind], strchr(argv[optind], '/') ? "" : " on PATH");
		fprintf(stderr, "  hint: give the BCC tool's path, e.g. /usr/sbin/execsnoop-bpfcc\n");
		free(tool);
		free(out);
		rmdir(dir);
		return 1;
	}
	argv[optind] = tool;
	err = run_capture(dir, argv + optind, argc - optind);
	if (!err && access(text, R_OK)) {
		p_err("'%s' ended without making a BPF program", argv[optind]);
		fprintf(stderr, "  hint: give it the arguments it needs to start tracing\n");
		err = -EINVAL;
	}
	err = err ?: read_args(args, &ca);
	if (!err && source) {
		err = copy_file(src, source);
		if (err)
			p_err("cannot write %s: %s", source, strerror(-err));
	}
	if (!err) {
		ca.input = source ? source : src;
		err = build_object(&ca, out);
	}
	if (!err) {
		fprintf(stderr, "bcc2core: %s: built from %s", out, argv[optind]);
		if (source) {
			fprintf(stderr, "; the same: %s build", bin_name);
			for (size_t i = 0; i < ca.cflag_cnt; i++)
				fprintf(stderr, " %s", ca.cflags[i]);
			for (size_t i = 0; i < ca.attach_cnt; i++)
				fprintf(stderr, " --attach %s", ca.attach[i]);
			fprintf(stderr, " %s -o %s", source, out);
		}
		fprintf(stderr, "\n");
		ret = 0;
		cache_store_captured(text, cflags, out);
	}
	unlink(src);
	unlink(args);
	unlink(cflags);
	rmdir(dir);
	for (size_t i = 0; i < ca.attach_cnt; i++)
		free((char *)ca.attach[i]);
	ca.attach_cnt = 0;
	convert_args__free(&ca);
	free(out);
	free(tool);
	return ret;
}
