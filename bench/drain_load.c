// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* drain_load: the event drain workload of bench/run.sh.
 *
 *   drain_load SECS RESULTFILE [CPU]
 *
 * Arms a timerfd at the absolute CLOCK_MONOTONIC time DRAIN_MAGIC (each arm is
 * an hrtimer start: bench/drain.bcc.c submits 64 events for it) as fast as it
 * can for SECS seconds, then reads the program's drain_stats
 * array (the newest map of that name: the one of the run it is under) and
 * writes one line to RESULTFILE:
 *   triggers=N elapsed_ns=N submitted=N failed=N reader_cpu_ns=N
 * reader_cpu_ns: the CPU time (user + system) its parent, the reader, used
 * while the load ran (from /proc/PPID/stat, in clock ticks).
 * It runs as the command of `bcc2core run --json OBJ -- drain_load ...` or
 * of bench/bcc_drain.py, so it starts once everything is attached and the
 * reader is polling. With CPU, it pins itself to that CPU first (run.sh puts
 * the reader on another one). */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>

#define DRAIN_MAGIC 0x7eadbeef00000000LL

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* user + system CPU time of @pid in ns, or -1 */
static long long cpu_ns(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long long ut, st;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');	/* after comm: state is field 3, utime 14, stime 15 */
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
			 &ut, &st) != 2)
		return -1;
	return (long long)((ut + st) * (1000000000.0 / sysconf(_SC_CLK_TCK)));
}

/* fd of the newest map named @name, or -1 */
static int newest_map(const char *name)
{
	__u32 id = 0, best = 0;
	int fd = -1;

	while (!bpf_map_get_next_id(id, &id)) {
		struct bpf_map_info info = {};
		__u32 len = sizeof(info);
		int f = bpf_map_get_fd_by_id(id);

		if (f < 0)
			continue;
		if (!bpf_obj_get_info_by_fd(f, &info, &len) && !strcmp(info.name, name) &&
		    id > best) {
			if (fd >= 0)
				close(fd);
			fd = f;
			best = id;
			continue;
		}
		close(f);
	}
	return fd;
}

int main(int argc, char **argv)
{
	long long t0, t1, triggers = 0, end, c0, c1;
	pid_t reader = getppid();
	unsigned long long sub = 0, fail = 0;
	int k0 = 0, k1 = 1, fd, tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	struct itimerspec its = { .it_value = { .tv_sec = DRAIN_MAGIC / 1000000000LL,
						.tv_nsec = DRAIN_MAGIC % 1000000000LL } };
	FILE *out;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: drain_load SECS RESULTFILE [CPU]\n");
		return 2;
	}
	if (argc == 4) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(atoi(argv[3]), &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			perror("drain_load: sched_setaffinity");
	}
	if (tfd < 0) {
		perror("timerfd_create");
		return 1;
	}
	c0 = cpu_ns(reader);
	t0 = mono_ns();
	end = t0 + (long long)(atof(argv[1]) * 1e9);
	do {
		for (int i = 0; i < 16; i++)
			timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
		triggers += 16;
	} while (mono_ns() < end);
	t1 = mono_ns();
	c1 = cpu_ns(reader);
	fd = newest_map("drain_stats");
	if (fd < 0 || bpf_map_lookup_elem(fd, &k0, &sub) || bpf_map_lookup_elem(fd, &k1, &fail)) {
		fprintf(stderr, "drain_load: cannot read drain_stats: %s\n", strerror(errno));
		return 1;
	}
	out = fopen(argv[2], "w");
	if (!out)
		return 1;
	fprintf(out, "triggers=%lld elapsed_ns=%lld submitted=%llu failed=%llu reader_cpu_ns=%lld\n",
		triggers, t1 - t0, sub, fail, c0 < 0 || c1 < 0 ? -1 : c1 - c0);
	return fclose(out) ? 1 : 0;
}
