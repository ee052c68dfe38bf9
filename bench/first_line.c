// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* first_line: spawn a tracing tool, time it to its first line of output, let
 * it run through a workload, stop it with SIGINT as a user would, and report
 * its peak RSS.
 *
 *   first_line [-o OUT] [-e ERR] [-w WORKLOAD] [-H HOLD_MS] [-t TIMEOUT_S]
 *              -- CMD [ARG]...
 *
 * CLOCK_MONOTONIC is taken just before fork(); the child gets stdin from
 * /dev/null and pipes for stdout and stderr, and execs CMD. The first line
 * arrives when a read() of a pipe returns a buffer holding a newline: that
 * time minus T0 is first_ns (stdout) and err_ns (stderr), -1 if none came.
 * At the first stdout line the tool's VmHWM (/proc/PID/status, its peak RSS
 * so far) is read; then `/bin/sh -c WORKLOAD` runs to its end, HOLD_MS (300)
 * pass, and the tool gets SIGINT, again each second while it runs (sigints
 * counts them). A tool that exits first (one that fails before printing) is
 * simply waited for; one with no stdout line within TIMEOUT_S (120), or
 * still running TIMEOUT_S after the first SIGINT, gets SIGKILL. What the tool
 * writes goes to OUT and ERR (default: discarded). Prints one line:
 *   spawn_ns=T0 first_ns=... err_ns=... hwm1_kb=... maxrss_kb=... wall_ns=...
 *   status=... sigints=...
 * maxrss_kb is wait4()'s ru_maxrss of the tool: its own peak RSS (and that of
 * descendants it reaped, if any: the tools measured here start none). The
 * child's peak before exec counts too (fork copies the launcher's page
 * tables, vfork shares its memory), so the launcher is a small C program:
 * /bin/echo under it peaks at 1.6 MiB, where a Python launcher would put its
 * own ~10 MiB under every figure. */
#define _GNU_SOURCE	/* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* VmHWM of @pid in KiB, or -1 */
static long vm_hwm_kb(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static int open_out(const char *path)
{
	if (!path)
		path = "/dev/null";
	return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

struct stream {
	int fd;		/* read end of the tool's pipe; -1 at EOF */
	int sink;	/* where its bytes go */
	long long first;	/* time of the first newline, or -1 */
};

/* one read of @s; 0, or -1 at EOF/error (the stream is then closed) */
static int drain(struct stream *s)
{
	char buf[65536];
	ssize_t n = read(s->fd, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0) {
		close(s->fd);
		s->fd = -1;
		return -1;
	}
	if (s->first < 0 && memchr(buf, '\n', n))
		s->first = mono_ns();
	if (write(s->sink, buf, n) != n) {
		/* a full disk must not stall the tool: keep draining */
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *out = NULL, *errf = NULL, *workload = NULL;
	long long t0, t1, hold_ns = 300000000LL, timeout_ns = 120000000000LL;
	long long stop_at = -1, sigint_at = -1;
	int sigints = 0;
	struct stream st[2];
	int po[2], pe[2], opt, status, i;
	pid_t pid, wpid = -1;
	long hwm1 = -1;
	struct rusage ru;

	while ((opt = getopt(argc, argv, "+o:e:w:H:t:")) >= 0) {
		switch (opt) {
		case 'o': out = optarg; break;
		case 'e': errf = optarg; break;
		case 'w': workload = optarg; break;
		case 'H': hold_ns = atoll(optarg) * 1000000LL; break;
		case 't': timeout_ns = atoll(optarg) * 1000000000LL; break;
		default: return 2;
		}
	}
	if (optind < argc && !strcmp(argv[optind], "--"))
		optind++;
	if (optind >= argc) {
		fprintf(stderr, "usage: first_line [-o OUT] [-e ERR] [-w WORKLOAD] [-H HOLD_MS] "
				"[-t TIMEOUT_S] -- CMD...\n");
		return 2;
	}
	st[0].sink = open_out(out);
	st[1].sink = open_out(errf);
	if (st[0].sink < 0 || st[1].sink < 0 || pipe2(po, O_CLOEXEC) || pipe2(pe, O_CLOEXEC)) {
		perror("first_line");
		return 1;
	}
	fflush(NULL);
	t0 = mono_ns();
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		int fd = open("/dev/null", O_RDONLY);

		if (fd < 0 || dup2(fd, 0) < 0 || dup2(po[1], 1) < 0 || dup2(pe[1], 2) < 0)
			_exit(126);
		/* run in the background by a shell, we inherit SIGINT ignored,
		 * and so would the tool (Python then installs no handler): the
		 * SIGINT that stops it must reach it */
		signal(SIGINT, SIG_DFL);
		execvp(argv[optind], argv + optind);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	st[0].fd = po[0];
	st[1].fd = pe[0];
	st[0].first = st[1].first = -1;

	while (st[0].fd >= 0 || st[1].fd >= 0) {
		struct pollfd pfd[2];
		long long now = mono_ns();
		int n = 0, ms = 100;

		if ((st[0].first < 0 && now - t0 > timeout_ns) ||
		    (sigint_at > 0 && now - sigint_at > timeout_ns)) {
			kill(pid, SIGKILL);
			break;
		}
		/* the workload runs after the first line; HOLD_MS after it, SIGINT */
		if (wpid > 0 && waitpid(wpid, &status, WNOHANG) == wpid) {
			wpid = -1;
			stop_at = now + hold_ns;
		}
		if (stop_at >= 0 && now >= stop_at) {
			kill(pid, SIGINT);
			sigint_at = now;
			sigints = 1;
			stop_at = -2;	/* sent */
		}
		/* a Python tool loses a SIGINT that lands in a ctypes callback
		 * ("Exception ignored ... KeyboardInterrupt"): press Ctrl-C again,
		 * once a second, as a user would, and count the presses */
		if (sigint_at > 0 && now - sigint_at > (long long)sigints * 1000000000LL) {
			kill(pid, SIGINT);
			sigints++;
		}
		if (wpid > 0)
			ms = 5;
		else if (stop_at >= 0)
			ms = (int)((stop_at - now) / 1000000) + 1;
		else if (sigint_at > 0)
			ms = 50;
		for (i = 0; i < 2; i++) {
			if (st[i].fd < 0)
				continue;
			pfd[n].fd = st[i].fd;
			pfd[n].events = POLLIN;
			n++;
		}
		if (poll(pfd, n, ms) < 0 && errno != EINTR)
			break;
		n = 0;
		for (i = 0; i < 2; i++) {
			if (st[i].fd < 0)
				continue;
			if (pfd[n++].revents)
				drain(&st[i]);
		}
		if (st[0].first >= 0 && stop_at == -1 && wpid < 0) {
			hwm1 = vm_hwm_kb(pid);
			if (workload) {
				wpid = fork();
				if (wpid == 0) {
					int fd = open("/dev/null", O_RDWR);

					dup2(fd, 0);
					dup2(fd, 1);
					execl("/bin/sh", "sh", "-c", workload, (char *)NULL);
					_exit(127);
				}
			}
			if (wpid < 0)
				stop_at = mono_ns() + hold_ns;
		}
	}
	if (wpid > 0)
		waitpid(wpid, &status, 0);
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("wait4");
		return 1;
	}
	t1 = mono_ns();
	printf("spawn_ns=%lld first_ns=%lld err_ns=%lld hwm1_kb=%ld maxrss_kb=%ld wall_ns=%lld "
	       "status=%d sigints=%d\n", t0, st[0].first < 0 ? -1 : st[0].first - t0,
	       st[1].first < 0 ? -1 : st[1].first - t0, hwm1, ru.ru_maxrss, t1 - t0,
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), sigints);
	return 0;
}
