// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bcc2core diff --tool: one BCC Python tool run twice at the same time,
 * under real BCC (Debian's python3-bpfcc, given kernel headers as in the
 * program mode) and under bcc2core's drop-in `bcc` package (its object put
 * in the cache by `port` first: a tool loads lazily on a cache miss, maybe
 * after the workload). Each side is ready at its first line of output (the
 * header most tools print once attached); the workload runs when both are,
 * then both get SIGINT, as a user stops them, and diff_lines.c compares
 * what they printed. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "diff.h"
#include "main.h"

#define SETTLE_SECS 1.0		/* after both are ready: a tool opens its buffers after its header */
#define DRAIN_SECS 1.0		/* after the workload: the last events reach the tools */

static void on_signal(int sig)
{
	diff_stop_signal = sig;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* sleeps @secs unless a signal asks diff to stop */
static void pause_for(double secs)
{
	double end = now() + secs;

	while (!diff_stop_signal && now() < end)
		usleep(20000);
}

static bool has_line(const char *path)
{
	FILE *fp = fopen(path, "r");
	bool yes = false;
	int c;

	while (fp && !yes && (c = fgetc(fp)) != EOF)
		yes = c == '\n';
	if (fp)
		fclose(fp);
	return yes;
}

/* the open flags of process @pid's fd @fd (/proc/PID/fdinfo), or -1 */
static long fd_flags(pid_t pid, const char *fd)
{
	char path[320], line[128];
	long flags = -1;
	FILE *fp;

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%.255s", (int)pid, fd);
	fp = fopen(path, "r");
	while (fp && flags < 0 && fgets(line, sizeof(line), fp))
		if (!strncmp(line, "flags:", 6))
			flags = strtol(line + 6, NULL, 8);
	if (fp)
		fclose(fp);
	return flags;
}

/* whether process @pid has the file @path open for reading (by inode: in
 * the tool's mount namespace it has another name): a tool reading its
 * trace_pipe is attached, whether it printed a header or not. (Between
 * fork and exec, the side holds diff's own O_RDWR end.) */
static bool has_open(pid_t pid, const char *path)
{
	char dpath[64];
	struct dirent *e;
	struct stat want, st;
	bool yes = false;
	long flags;
	DIR *d;

	if (!path || pid <= 0 || stat(path, &want))
		return false;
	snprintf(dpath, sizeof(dpath), "/proc/%d/fd", (int)pid);
	d = opendir(dpath);
	while (d && !yes && (e = readdir(d))) {
		char p[320];

		snprintf(p, sizeof(p), "%s/%.255s", dpath, e->d_name);
		if (stat(p, &st) || st.st_dev != want.st_dev || st.st_ino != want.st_ino)
			continue;
		flags = fd_flags(pid, e->d_name);
		yes = flags >= 0 && (flags & O_ACCMODE) == O_RDONLY;
	}
	if (d)
		closedir(d);
	return yes;
}

static bool ended_well(int status)
{
	return (WIFEXITED(status) && (!WEXITSTATUS(status) || WEXITSTATUS(status) == 128 + SIGINT)) ||
	       (WIFSIGNALED(status) && WTERMSIG(status) == SIGINT);
}

/* what a side's stderr says went wrong: the stage and its last line */
static const char *failure_stage(const char *err_path, char *msg, size_t size)
{
	FILE *fp = fopen(err_path, "r");
	char line[1024], first_error[512] = "";
	const char *stage = "start";

	*msg = '\0';
	while (fp && fgets(line, sizeof(line), fp)) {
		line[strcspn(line, "\n")] = '\0';
		if (!*first_error && strstr(line, "error:"))
			snprintf(first_error, sizeof(first_error), "%.500s", line);
		if (strcasestr(line, "attach"))
			stage = "attach";
		else if (!strcmp(stage, "start") && (strstr(line, "error:") ||
						     strstr(line, "Failed to compile")))
			stage = "compile";
		else if (!strcmp(stage, "start") && strstr(line, "Failed to load"))
			stage = "load";
		/* a traceback's frames are not the reason: its last line is */
		if (*line && strncmp(line, "  ", 2) && strncmp(line, "Traceback", 9))
			snprintf(msg, size, "%s", line);
	}
	if (fp)
		fclose(fp);
	/* BCC's exception says only that it failed: clang's first error says why */
	if (!strcmp(stage, "compile") && *first_error) {
		size_t n = strlen(msg);

		snprintf(msg + n, size - n, ": %s", first_error);
	}
	return stage;
}

/* reports why @s failed (@status its wait status, @what when it says nothing) */
static void side_failed(const struct diff_side *s, int status, const char *what,
			const char *port_err, const struct diff_tool_opts *o)
{
	char msg[1024], full[2048];
	const char *stage = failure_stage(s->err, msg, sizeof(msg));

	if (!*msg && WIFEXITED(status))
		snprintf(msg, sizeof(msg), "%s (exit status %d)", what, WEXITSTATUS(status));
	else if (!*msg && WIFSIGNALED(status))
		snprintf(msg, sizeof(msg), "%s (killed by signal %d)", what, WTERMSIG(status));
	else if (!*msg)
		snprintf(msg, sizeof(msg), "%s", what);
	if (!strcmp(what, "printed no line"))
		stage = "start";
	snprintf(full, sizeof(full), "%s%s%s", msg, port_err && *port_err ?
		 "; before it, 'port' said: " : "", port_err ? port_err : "");
	diff_tool__report_error(s->name, stage, full, s->err, o);
}

/* fills the object cache for TOOL ARGS with `bcc2core port`; its complaint
 * in @msg when it could not (the drop-in may still build the object) */
static void port_tool(const struct diff_tool_opts *o, const char *dir, char *msg, size_t size)
{
	struct diff_side p = { .name = "port", .ready = -1 };
	char obj[PATH_MAX + 16], **argv;
	size_t n = 0, nargs = 0;
	int status;

	*msg = '\0';
	while (o->tool_args[nargs])
		nargs++;
	argv = calloc(nargs + 6, sizeof(*argv));
	if (!argv)
		return;
	snprintf(obj, sizeof(obj), "%s/tool.bpf.o", dir);
	snprintf(p.out, sizeof(p.out), "%s/port.out", dir);
	snprintf(p.err, sizeof(p.err), "%s/port.err", dir);
	argv[n++] = diff_self_exe();
	argv[n++] = "port";
	argv[n++] = "-o";
	argv[n++] = obj;
	argv[n++] = (char *)o->tool;
	for (size_t i = 0; i < nargs; i++)
		argv[n++] = o->tool_args[i];
	if (!diff_side__start(&p, argv, NULL, NULL)) {
		while (waitpid(p.pid, &status, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			diff_last_error(p.err, msg, size);
	}
	free(argv);
	unlink(obj);
	unlink(p.out);
	unlink(p.err);
}

int diff_tool__run(struct diff_tool_opts *o)
{
	struct diff_side sides[2] = { { .name = "bcc", .ready = -1 },
				      { .name = "bcc2core", .ready = -1 } };
	struct sigaction sa = { .sa_handler = on_signal };
	struct diff_headers hdrs;
	struct utsname un;
	char dir[PATH_MAX], pypath[PATH_MAX + 16], pyenv[PATH_MAX + 32], port_err[1024] = "";
	char runner[PATH_MAX + 32];
	char *bcc_env[] = { "PYTHONUNBUFFERED=1", "PYTHONPATH", NULL };
	char *b2c_env[] = { "PYTHONUNBUFFERED=1", pyenv, NULL };
	const char *tmp = getenv("TMPDIR");
	int status[2] = { 0, 0 }, ret = 2, failed = 0;
	bool ended[2] = { false, false }, ready[2] = { false, false };
	char **argv = NULL, **b2c_argv = NULL, feed_why[512];
	struct diff_printk_feed *feed = NULL;
	size_t nargs = 0;
	double deadline;

	uname(&un);
	diff_headers__pick(&hdrs, o->headers, un.release);
	o->kernel = un.release;
	o->bcc_headers = hdrs.release;
	o->headers_match = hdrs.match;
	if (o->cmd) {
		const char *base = strrchr(o->cmd[0], '/');

		o->cmd_is_python = !strncmp(base ? base + 1 : o->cmd[0], "python", 6);
	}
	snprintf(dir, sizeof(dir), "%s/bcc2core-diff-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		p_err("cannot create a temporary directory: %s", strerror(errno));
		return 2;
	}
	for (int i = 0; i < 2; i++) {
		snprintf(sides[i].out, sizeof(sides[i].out), "%s/%s.out", dir, sides[i].name);
		snprintf(sides[i].err, sizeof(sides[i].err), "%s/%s.err", dir, sides[i].name);
	}
	snprintf(pypath, sizeof(pypath), "%s/python", data_dir());
	snprintf(pyenv, sizeof(pyenv), "PYTHONPATH=%s", pypath);
	snprintf(runner, sizeof(runner), "%s/bcc2core_diff_bcc_tool.py", data_dir());
	if (access(DIFF_BCC_PYTHON, X_OK) || access(runner, R_OK) || access(pypath, R_OK)) {
		bool bcc = access(DIFF_BCC_PYTHON, X_OK) || access(runner, R_OK);

		diff_tool__report_error(bcc ? "bcc" : "bcc2core", "start",
					access(DIFF_BCC_PYTHON, X_OK) ? DIFF_BCC_PYTHON " is missing" :
					bcc ? "bcc2core_diff_bcc_tool.py is not in the data directory" :
					"the drop-in bcc package is not in the data directory",
					NULL, o);
		diff_tool__report_not_compared(o);
		goto out;
	}
	while (o->tool_args[nargs])
		nargs++;
	/* BCC's side: python3 RUNNER TOOL ARG..., the unmodified tool run by
	 * bcc2core_diff_bcc_tool.py after its fix to BCC's bpf_attach_uprobe()
	 * binding; the drop-in's side: python3 TOOL ARG... */
	argv = calloc(nargs + 4, sizeof(*argv));
	b2c_argv = calloc(nargs + 3, sizeof(*b2c_argv));
	if (!argv || !b2c_argv)
		goto out;
	argv[0] = b2c_argv[0] = DIFF_BCC_PYTHON;
	argv[1] = runner;
	argv[2] = b2c_argv[1] = (char *)o->tool;
	memcpy(argv + 3, o->tool_args, nargs * sizeof(*argv));
	memcpy(b2c_argv + 2, o->tool_args, nargs * sizeof(*argv));

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* each tool its own trace_pipe, fed its own program's lines */
	feed = diff_printk_feed__open(dir, feed_why, sizeof(feed_why));
	o->printk_why = feed ? NULL : feed_why;
	for (int i = 0; i < 2; i++)
		sides[i].trace_pipe = diff_printk_feed__fifo(feed, i);
	/* BCC first, compiling for seconds while port fills the cache */
	deadline = now() + o->ready_timeout;
	if (diff_side__start(&sides[0], argv, &hdrs, bcc_env) < 0) {
		diff_tool__report_error("bcc", "start", strerror(errno), NULL, o);
		diff_tool__report_not_compared(o);
		goto out;
	}
	diff_printk_feed__set_pid(feed, 0, sides[0].pid);
	port_tool(o, dir, port_err, sizeof(port_err));
	if (!diff_stop_signal && diff_side__start(&sides[1], b2c_argv, NULL, b2c_env) < 0) {
		diff_tool__report_error("bcc2core", "start", strerror(errno), NULL, o);
		failed = 2;
		goto stop;
	}
	diff_printk_feed__set_pid(feed, 1, sides[1].pid);
	/* ready: a first line on stdout; a side that ended well after
	 * printing is done (a tool with a count of intervals) */
	while (!diff_stop_signal && !(ready[0] && ready[1]) && !failed) {
		for (int i = 0; i < 2; i++) {
			if (ready[i])
				continue;
			if (waitpid(sides[i].pid, &status[i], WNOHANG) == sides[i].pid) {
				sides[i].pid = 0;
				ended[i] = true;
			}
			if ((has_line(sides[i].out) && (!ended[i] || ended_well(status[i]))) ||
			    (!ended[i] && has_open(sides[i].pid, sides[i].trace_pipe))) {
				ready[i] = true;
			} else if (ended[i]) {
				side_failed(&sides[i], status[i], "ended before printing a line",
					    i ? port_err : NULL, o);
				failed |= 1 << i;
			}
		}
		if (!failed && !(ready[0] && ready[1]) && now() > deadline) {
			for (int i = 0; i < 2; i++)
				if (!ready[i]) {
					side_failed(&sides[i], 0, "printed no line", i ? port_err : NULL, o);
					failed |= 1 << i;
				}
		}
		usleep(50000);
	}
	if (failed || diff_stop_signal)
		goto stop;
	o->tool_pids[0] = sides[0].pid;
	o->tool_pids[1] = sides[1].pid;
	diff_printk_feed__gate(feed, true);
	pause_for(SETTLE_SECS);
	if (!diff_stop_signal) {
		int err = diff_run_workload(o->cmd, o->duration, o->json);

		if (err) {
			p_err("cannot run '%s': %s", o->cmd[0], strerror(-err));
			failed = 4;
		}
	}
	if (diff_stop_signal && !o->cmd && !o->duration)
		diff_stop_signal = 0;	/* SIGINT was how this diff was to end */
	pause_for(DRAIN_SECS);
	diff_printk_feed__gate(feed, false);
stop:
	/* as a user stops a tool: SIGINT, and most print their summary */
	for (int i = 0; i < 2; i++)
		if (sides[i].pid > 0)
			diff_side__signal(sides[i].pid, SIGINT);
	for (int i = 0; i < 2; i++) {
		if (sides[i].pid > 0) {
			status[i] = diff_side__reap(&sides[i]);
			ended[i] = true;
		}
	}
	diff_printk_feed__close(feed, &o->printk);
	feed = NULL;
	if (failed) {
		if (!(failed & 4))
			diff_tool__report_not_compared(o);
		goto out;
	}
	if (diff_stop_signal) {
		p_err("stopped by signal %d before the comparison", (int)diff_stop_signal);
		goto out;
	}
	for (int i = 0; i < 2; i++) {
		if (!ended_well(status[i])) {
			side_failed(&sides[i], status[i], "did not end well on SIGINT",
				    i ? port_err : NULL, o);
			failed |= 1 << i;
		}
	}
	if (failed) {
		diff_tool__report_not_compared(o);
		goto out;
	}
	ret = diff_lines__compare(sides[0].out, sides[1].out, o);
out:
	diff_printk_feed__close(feed, NULL);
	free(argv);
	free(b2c_argv);
	for (int i = 0; i < 2; i++) {
		unlink(sides[i].out);
		unlink(sides[i].err);
	}
	rmdir(dir);
	return ret;
}
