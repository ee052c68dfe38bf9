// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* What both modes of `diff` do with their two sides: pick the kernel headers
 * BCC compiles against and give them to it in a mount namespace of its own,
 * start a side with its output in files, wait for it, end it; run the
 * workload between. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "diff.h"
#include "main.h"

#define READY_FD 3

volatile sig_atomic_t diff_stop_signal;

/* /lib/modules/RELEASE/build of the running kernel, else the newest one
 * (a -rt flavour only when there is nothing else); *release its RELEASE */
static int pick_headers(const char *kernel, char *dir, size_t size, char *release, size_t rsize)
{
	struct dirent **ents;
	int n, best = -1, best_rt = -1;

	snprintf(dir, size, "/lib/modules/%s/build", kernel);
	if (!access(dir, R_OK)) {
		snprintf(release, rsize, "%s", kernel);
		return 0;
	}
	n = scandir("/lib/modules", &ents, NULL, versionsort);
	if (n < 0)
		return -errno;
	for (int i = 0; i < n; i++) {
		char p[PATH_MAX];

		if (ents[i]->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "/lib/modules/%s/build", ents[i]->d_name);
		if (access(p, R_OK))
			continue;
		if (strstr(ents[i]->d_name, "-rt"))
			best_rt = i;
		else
			best = i;
	}
	if (best < 0)
		best = best_rt;
	if (best >= 0) {
		snprintf(dir, size, "/lib/modules/%s/build", ents[best]->d_name);
		snprintf(release, rsize, "%s", ents[best]->d_name);
	}
	for (int i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	return best >= 0 ? 0 : -ENOENT;
}

/* --bcc-headers DIR's release: /lib/modules/RELEASE/build, else the
 * headers' own include/config/kernel.release, else DIR */
static void headers_release(const char *dir, char *release, size_t rsize)
{
	char p[PATH_MAX], buf[256] = "";
	const char *m = "/lib/modules/";
	FILE *fp;

	if (!strncmp(dir, m, strlen(m)) && strchr(dir + strlen(m), '/')) {
		snprintf(release, rsize, "%.*s", (int)strcspn(dir + strlen(m), "/"), dir + strlen(m));
		return;
	}
	snprintf(p, sizeof(p), "%s/include/config/kernel.release", dir);
	fp = fopen(p, "r");
	if (fp && fgets(buf, sizeof(buf), fp))
		buf[strcspn(buf, "\n")] = '\0';
	if (fp)
		fclose(fp);
	snprintf(release, rsize, "%s", *buf ? buf : dir);
}

/* In a side's child: a mount namespace of its own, once */
static int own_mounts(void)
{
	static bool done;

	if (!done && (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL)))
		return -errno;
	done = true;
	return 0;
}

/* In BCC's child: /lib/modules/@kernel/{build,source} point at @hdr, in a
 * mount namespace of its own (the host's /lib/modules is never touched). */
static int give_headers(const char *kernel, const char *build, const char *source)
{
	char p[PATH_MAX];

	if (own_mounts() || mount("bcc2core-diff", "/lib/modules", "tmpfs", 0, "mode=0755"))
		return -errno;
	snprintf(p, sizeof(p), "/lib/modules/%s", kernel);
	if (mkdir(p, 0755))
		return -errno;
	snprintf(p, sizeof(p), "/lib/modules/%s/build", kernel);
	if (symlink(build, p))
		return -errno;
	snprintf(p, sizeof(p), "/lib/modules/%s/source", kernel);
	if (source && symlink(source, p))
		return -errno;
	return 0;
}

/* In a side's child: @fifo is trace_pipe, wherever tracefs is mounted
 * (BCC reads the one under debugfs when there is one) */
static int give_trace_pipe(const char *fifo)
{
	static const char *const pipes[] = { "/sys/kernel/tracing/trace_pipe",
					     "/sys/kernel/debug/tracing/trace_pipe" };
	int err = own_mounts(), given = 0;

	for (size_t i = 0; !err && i < sizeof(pipes) / sizeof(pipes[0]); i++) {
		if (access(pipes[i], F_OK))
			continue;
		if (mount(fifo, pipes[i], NULL, MS_BIND, NULL))
			err = -errno;
		given++;
	}
	return err ?: given ? 0 : -ENOENT;
}

int diff_headers__pick(struct diff_headers *h, const char *opt, const char *kernel)
{
	char src_link[PATH_MAX + 16];

	memset(h, 0, sizeof(*h));
	snprintf(h->kernel, sizeof(h->kernel), "%s", kernel);
	if (opt) {
		snprintf(h->dir, sizeof(h->dir), "%s", opt);
		headers_release(opt, h->release, sizeof(h->release));
	} else if (pick_headers(kernel, h->dir, sizeof(h->dir), h->release, sizeof(h->release))) {
		snprintf(h->dir, sizeof(h->dir), "/lib/modules/%s/build", kernel);
		snprintf(h->release, sizeof(h->release), "none");
	}
	h->match = !strcmp(h->release, kernel);
	if (h->match && !opt)
		return 0;
	/* resolved now: /lib/modules is hidden behind a tmpfs in there; the
	 * source link is the build directory's sibling */
	snprintf(src_link, sizeof(src_link), "%.*s/source",
		 (int)(strrchr(h->dir, '/') ? strrchr(h->dir, '/') - h->dir : 0), h->dir);
	h->ns_build = realpath(h->dir, h->build);
	h->ns_source = realpath(src_link, h->source);
	if (!h->ns_build) {
		/* BCC finds no headers: it says so itself */
		snprintf(h->build, sizeof(h->build), "%s", h->dir);
		h->ns_build = h->build;
	}
	return 0;
}

static void close_pair(int pfd[2])
{
	if (pfd[0] >= 0)
		close(pfd[0]);
	if (pfd[1] >= 0)
		close(pfd[1]);
}

/* Starts @argv with stdout and stderr into the side's files and, with
 * @s->ready_pipe, the write end of its readiness pipe as fd 3; @h non-NULL
 * and giving headers: in a namespace with them; @env NAME=VALUE strings
 * set in its environment, NAME strings unset (NULL-terminated, or NULL). */
int diff_side__start(struct diff_side *s, char **argv, const struct diff_headers *h,
		     char **env)
{
	int pfd[2] = { -1, -1 }, out, errfd;

	if (s->ready_pipe && pipe2(pfd, O_CLOEXEC))
		return -errno;
	out = open(s->out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	errfd = open(s->err, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (out < 0 || errfd < 0) {
		int err = -errno;

		close_pair(pfd);
		if (out >= 0)
			close(out);
		if (errfd >= 0)
			close(errfd);
		return err;
	}
	fflush(NULL);
	s->pid = fork();
	s->started_pid = s->pid;
	if (s->pid < 0) {
		int err = -errno;

		close_pair(pfd);
		close(out);
		close(errfd);
		return err;
	}
	if (s->pid == 0) {
		int e;

		/* its own process group: a terminal's ^C reaches diff alone, which
		 * stops both sides after the workload; and a diff killed outright
		 * takes its sides with it */
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		dup2(out, STDOUT_FILENO);
		dup2(errfd, STDERR_FILENO);
		if (s->ready_pipe && dup2(pfd[1], READY_FD) < 0)
			_exit(126);
		if (h && h->ns_build && (e = give_headers(h->kernel, h->ns_build, h->ns_source))) {
			fprintf(stderr, "cannot give BCC kernel headers in a mount namespace: %s\n",
				strerror(-e));
			_exit(126);
		}
		if (s->trace_pipe && (e = give_trace_pipe(s->trace_pipe))) {
			fprintf(stderr, "cannot give the tool a trace_pipe of its own: %s\n",
				strerror(-e));
			_exit(126);
		}
		/* NAME=VALUE set, a bare NAME unset */
		for (size_t i = 0; env && env[i]; i++)
			strchr(env[i], '=') ? putenv(env[i]) : unsetenv(env[i]);
		/* nothing a side reads is diff's input */
		if ((e = open("/dev/null", O_RDONLY)) >= 0 && e != STDIN_FILENO) {
			dup2(e, STDIN_FILENO);
			close(e);
		}
		execv(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (pfd[1] >= 0)
		close(pfd[1]);
	close(out);
	close(errfd);
	s->ready = pfd[0];
	return 0;
}

/* the side's next readiness byte: 0, or -1 when it ended or @secs passed */
int diff_side__wait(struct diff_side *s, char want, double secs)
{
	struct pollfd pfd = { .fd = s->ready, .events = POLLIN };
	char c;

	for (;;) {
		int n = poll(&pfd, 1, (int)(secs * 1000));

		if (n < 0 && errno == EINTR && !diff_stop_signal)
			continue;
		if (n <= 0)
			return -1;
		n = read(s->ready, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		return n == 1 && c == want ? 0 : -1;
	}
}

/* signals a side without kill(2): a program the diff runs may trace kill
 * (killsnoop), and would see diff's own start and stop signals, sent while
 * one side is attached and the other not, on one side only. pidfd_open +
 * pidfd_send_signal (5.3+) is a signal like kill's; kill where they are
 * missing. */
int diff_side__signal(pid_t pid, int sig)
{
#if defined(SYS_pidfd_open) && defined(SYS_pidfd_send_signal)
	int fd = syscall(SYS_pidfd_open, pid, 0);

	if (fd >= 0) {
		int err = syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0);

		close(fd);
		if (!err || errno != ENOSYS)
			return err;
	}
#endif
	return kill(pid, sig);
}

/* ends a side: SIGTERM (already sent), then SIGKILL after 30 s; its status */
int diff_side__reap(struct diff_side *s)
{
	int status = 0;

	for (int i = 0; s->pid > 0 && i < 300; i++) {
		pid_t r = waitpid(s->pid, &status, WNOHANG);

		if (r == s->pid || (r < 0 && errno != EINTR)) {
			s->pid = 0;
			break;
		}
		usleep(100000);
	}
	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, &status, 0);
		s->pid = 0;
	}
	if (s->ready >= 0)
		close(s->ready);
	s->ready = -1;
	return status;
}

/* the last line of a file that says something (the side's error), or "" */
void diff_last_error(const char *path, char *msg, size_t size)
{
	FILE *fp = fopen(path, "r");
	char line[1024];

	snprintf(msg, size, "(it said nothing: see '%s run' of the same program)", bin_name);
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp)) {
		line[strcspn(line, "\n")] = '\0';
		if (strstr(line, "error") || strstr(line, "rror:") || strstr(line, "cannot"))
			snprintf(msg, size, "%s", line);
	}
	fclose(fp);
}

int diff_run_workload(char **cmd, double duration, bool out_to_err)
{
	struct timespec end, now;
	pid_t pid;
	int status;

	if (cmd) {
		fflush(NULL);
		pid = fork();
		if (pid == 0) {
			signal(SIGINT, SIG_DFL);
			signal(SIGTERM, SIG_DFL);
			if (out_to_err)
				dup2(STDERR_FILENO, STDOUT_FILENO);
			execvp(cmd[0], cmd);
			fprintf(stderr, "%s: error: cannot run '%s': %s\n", bin_name, cmd[0],
				strerror(errno));
			_exit(127);
		}
		if (pid < 0)
			return -errno;
		while (waitpid(pid, &status, 0) < 0)
			if (errno != EINTR)
				return -errno;
		return 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += (time_t)duration;
	end.tv_nsec += (long)((duration - (time_t)duration) * 1e9);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (diff_stop_signal || (duration && (now.tv_sec > end.tv_sec || (now.tv_sec == end.tv_sec &&
						now.tv_nsec >= end.tv_nsec))))
			return 0;
		usleep(20000);
	}
}

char *diff_self_exe(void)
{
	static char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return buf;
}

