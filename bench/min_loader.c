// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* min_loader: the smallest libbpf loader of a CO-RE object, the baseline of
 * bench/run.sh's startup figures.
 *
 *   min_loader [--btf FILE] [--skip PROG]... [--idle PROG]... [--drain MAP] OBJ.bpf.o -- CMD [ARG]...
 *
 * bpf_object__open_file (btf_custom_path = FILE if given: the minimized BTF
 * that bcc2core caches), bpf_program__set_autoload(false) of each PROG (the
 * forms a hand-written loader knows it will not use on this kernel, as
 * libbpf-tools do), bpf_object__load, bpf_program__attach of every program
 * that loaded but the --idle ones (loaded, not attached: what loading a form
 * that is not used costs), then runs CMD (the "attached" marker, bench/stamp) with
 * fork+exec and waits for it, like `bcc2core run OBJ -- CMD`; then detaches
 * and frees everything. Nothing else: no output, no maps read.
 *
 * --drain MAP (the event drain's ceiling): while CMD runs, reads MAP, a perf
 * or ring buffer, without ever sleeping and without looking at a record, only
 * counting; perf buffers opened as bcc2core's runtime opens them (8 pages a
 * CPU, time-stamped, woken by watermark). Prints "received=N lost=N". */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/libbpf.h>
#include <linux/perf_event.h>

#include "perf_output_attr.h"	/* runtime/: the runtime's own */

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

static unsigned long long received, lost;

static enum bpf_perf_event_ret count_perf(void *ctx, int cpu, struct perf_event_header *e)
{
	(void)ctx, (void)cpu;
	if (e->type == PERF_RECORD_SAMPLE)
		received++;
	else if (e->type == PERF_RECORD_LOST)
		lost += ((const __u64 *)(e + 1))[1];	/* after the id */
	return LIBBPF_PERF_EVENT_CONT;
}

static int count_ring(void *ctx, void *data, size_t size)
{
	(void)ctx, (void)data, (void)size;
	received++;
	return 0;
}

static struct perf_buffer *pb;
static struct ring_buffer *rb;

/* opens @map, a perf or ring buffer, for reading (before CMD starts, so
 * that nothing it makes goes unread); 0 or -1 */
static int drain_open(struct bpf_object *obj, const char *map)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, map);
	struct perf_event_attr attr = perf_output_attr(8);	/* BCC's 8 pages, as run */

	if (m && bpf_map__type(m) == BPF_MAP_TYPE_PERF_EVENT_ARRAY)
		pb = perf_buffer__new_raw(bpf_map__fd(m), 8, &attr, count_perf, NULL, NULL);
	else if (m && bpf_map__type(m) == BPF_MAP_TYPE_RINGBUF)
		rb = ring_buffer__new(bpf_map__fd(m), count_ring, NULL, NULL);
	if (pb || rb)
		return 0;
	fprintf(stderr, "--drain %s: no perf or ring buffer of that name to read\n", map);
	return -1;
}

/* reads the buffer until @pid exits, then what is left */
static void drain(pid_t pid, int *status)
{
	int done = 0;

	while (!done) {
		done = waitpid(pid, status, WNOHANG) != 0;
		if (pb)
			perf_buffer__consume(pb);
		else
			ring_buffer__consume(rb);
	}
	perf_buffer__free(pb);
	ring_buffer__free(rb);
	printf("received=%llu lost=%llu\n", received, lost);
}

int main(int argc, char **argv)
{
	const char *drain_map = NULL;
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	struct bpf_link **links;
	struct bpf_program *prog;
	struct bpf_object *obj;
	int nlinks = 0, nprogs = 0, i = 1, status = 0, err, skip0, nskip = 0, idle0, nidle = 0;
	pid_t pid;

	if (i + 1 < argc && !strcmp(argv[i], "--btf")) {
		oo.btf_custom_path = argv[i + 1];
		i += 2;
	}
	for (skip0 = i; i + 1 < argc && !strcmp(argv[i], "--skip"); i += 2)
		nskip++;
	for (idle0 = i; i + 1 < argc && !strcmp(argv[i], "--idle"); i += 2)
		nidle++;
	if (i + 1 < argc && !strcmp(argv[i], "--drain")) {
		drain_map = argv[i + 1];
		i += 2;
	}
	if (i + 2 >= argc || strcmp(argv[i + 1], "--")) {
		fprintf(stderr, "usage: min_loader [--btf FILE] [--skip PROG]... [--idle PROG]... [--drain MAP] OBJ -- CMD "
				"[ARG]...\n");
		return 2;
	}
	libbpf_set_print(quiet);
	obj = bpf_object__open_file(argv[i], &oo);
	if (!obj) {
		fprintf(stderr, "open %s: %s\n", argv[i], strerror(errno));
		return 1;
	}
	for (int s = 0; s < nskip; s++) {
		const char *name = argv[skip0 + 2 * s + 1];

		prog = bpf_object__find_program_by_name(obj, name);
		if (!prog) {
			fprintf(stderr, "--skip %s: no such program\n", name);
			return 1;
		}
		bpf_program__set_autoload(prog, false);
	}
	bpf_object__for_each_program(prog, obj)
		nprogs++;
	links = calloc(nprogs ? nprogs : 1, sizeof(*links));
	if (!links)
		return 1;
	err = bpf_object__load(obj);
	if (err) {
		fprintf(stderr, "load: %s\n", strerror(-err));
		return 1;
	}
	bpf_object__for_each_program(prog, obj) {
		bool idle = false;

		for (int s = 0; s < nidle && !idle; s++)
			idle = !strcmp(bpf_program__name(prog), argv[idle0 + 2 * s + 1]);
		if (idle || !bpf_program__autoload(prog))
			continue;
		links[nlinks] = bpf_program__attach(prog);
		if (!links[nlinks]) {
			fprintf(stderr, "attach %s: %s\n", bpf_program__name(prog), strerror(errno));
			return 1;
		}
		nlinks++;
	}
	if (drain_map && drain_open(obj, drain_map))
		return 1;
	pid = fork();
	if (pid == 0) {
		execvp(argv[i + 2], argv + i + 2);
		_exit(127);
	}
	if (pid > 0 && drain_map)
		drain(pid, &status);
	else if (pid > 0)
		waitpid(pid, &status, 0);
	while (nlinks > 0)
		bpf_link__destroy(links[--nlinks]);
	free(links);
	bpf_object__close(obj);
	return pid > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
