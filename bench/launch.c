// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* launch: spawn a command and measure it, the way /usr/bin/time does.
 *
 *   launch [-s STAMPFILE] [-o OUTFILE] [-e ERRFILE] -- CMD [ARG]...
 *
 * Takes CLOCK_MONOTONIC just before fork(), execs CMD in the child (stdout to
 * OUTFILE, default inherited; stdin /dev/null), waits with wait4() and prints
 * one line:
 *   spawn_ns=T0 wall_ns=... maxrss_kb=... status=... attach_ns=... cpu_ns=...
 * attach_ns = (number in STAMPFILE, written by bench/stamp) - T0, or -1.
 * cpu_ns = wait4()'s user + system time of CMD and its reaped descendants.
 * maxrss_kb is wait4()'s ru_maxrss: the peak RSS of CMD and of its reaped
 * descendants (the largest one, not a sum) -- the number `/usr/bin/time -f %M`
 * prints. launch itself is small (fork copies only its few anonymous pages),
 * so it does not inflate the child's peak. */
#include <fcntl.h>
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

int main(int argc, char **argv)
{
	const char *stamp = NULL, *out = NULL, *errf = NULL;
	struct rusage ru;
	long long t0, t1, attach = -1;
	int opt, status;
	pid_t pid;

	while ((opt = getopt(argc, argv, "+s:o:e:")) >= 0) {
		switch (opt) {
		case 's': stamp = optarg; break;
		case 'o': out = optarg; break;
		case 'e': errf = optarg; break;
		default: return 2;
		}
	}
	if (optind < argc && !strcmp(argv[optind], "--"))
		optind++;
	if (optind >= argc) {
		fprintf(stderr, "usage: launch [-s STAMP] [-o OUT] [-e ERR] -- CMD...\n");
		return 2;
	}
	if (stamp)
		unlink(stamp);
	fflush(NULL);
	t0 = mono_ns();
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		int fd = open("/dev/null", O_RDONLY);

		dup2(fd, 0);
		if (out) {
			fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd < 0 || dup2(fd, 1) < 0)
				_exit(126);
		}
		if (errf) {
			fd = open(errf, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd < 0 || dup2(fd, 2) < 0)
				_exit(126);
		}
		execvp(argv[optind], argv + optind);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("wait4");
		return 1;
	}
	t1 = mono_ns();
	if (stamp) {
		FILE *f = fopen(stamp, "r");
		long long v;

		if (f && fscanf(f, "%lld", &v) == 1)
			attach = v - t0;
		if (f)
			fclose(f);
	}
	printf("spawn_ns=%lld wall_ns=%lld maxrss_kb=%ld status=%d attach_ns=%lld cpu_ns=%lld\n", t0,
	       t1 - t0, ru.ru_maxrss, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
	       attach, (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL);
	return 0;
}
