// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Perf-event programs (SEC("perf_event"): profile, runqlen, llcstat): the
 * section names no event, the caller does, as BCC's attach_perf_event().
 * One perf event per CPU, each with the program attached; the links own the
 * events' fds. */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"

#define OPT(o, f) ((o)->sz > offsetof(struct bcc2core_perf_event_opts, f) ? (o)->f : 0)

/* the loaded program @name whose section is "perf_event" */
static struct bpf_program *perf_program(struct bcc2core_runtime *rt, const char *name)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(rt->obj, name);

	if (!prog)
		return NULL;
	if (strcmp(bpf_program__section_name(prog), "perf_event") ||
	    !bpf_program__autoload(prog) || bpf_program__fd(prog) < 0) {
		errno = EOPNOTSUPP;
		return NULL;
	}
	return prog;
}

/* calls @fn for each CPU in /sys/devices/system/cpu/online ("0-3,5") */
static int each_online_cpu(int (*fn)(int cpu, void *data), void *data)
{
	FILE *fp = fopen("/sys/devices/system/cpu/online", "r");
	int lo, hi, err = 0;
	char sep;

	if (!fp)
		return -errno;
	while (!err && fscanf(fp, "%d", &lo) == 1) {
		hi = lo;
		if (fscanf(fp, "%c", &sep) == 1 && sep == '-' && fscanf(fp, "%d%c", &hi, &sep) < 1)
			break;
		for (int cpu = lo; cpu <= hi && !err; cpu++)
			err = fn(cpu, data);
		if (sep != ',')
			break;
	}
	fclose(fp);
	return err;
}

struct perf_attach {
	struct bcc2core_runtime *rt;
	struct bpf_program *prog;
	struct perf_event_attr attr;
	int pid, group_fd;
};

static int attach_on_cpu(int cpu, void *data)
{
	struct perf_attach *pa = data;
	struct bpf_link *link;
	int fd = syscall(__NR_perf_event_open, &pa->attr, pa->pid, cpu, pa->group_fd,
			 PERF_FLAG_FD_CLOEXEC);

	if (fd < 0)
		return -errno;
	link = bpf_program__attach_perf_event(pa->prog, fd);
	if (!link) {
		int err = -errno;

		close(fd);
		return err;
	}
	return link_set__add(&pa->rt->links, pa->prog, link);
}

int bcc2core_runtime__attach_perf_event(struct bcc2core_runtime *rt, const char *name,
					const struct bcc2core_perf_event_opts *opts)
{
	struct perf_attach pa = {};
	size_t mark;
	int cpu, err;

	if (!rt || !name || !opts || opts->sz < sizeof(struct bcc2core_perf_event_opts) || !runtime_loaded(rt))
		return -EINVAL;
	pa.prog = perf_program(rt, name);
	if (!pa.prog)
		return errno == EOPNOTSUPP ? -EOPNOTSUPP : -ENOENT;
	pa.rt = rt;
	pa.attr.size = sizeof(pa.attr);
	pa.attr.type = opts->type;
	pa.attr.config = opts->config;
	if (OPT(opts, sample_freq)) {
		pa.attr.freq = 1;
		pa.attr.sample_freq = OPT(opts, sample_freq);
	} else {
		pa.attr.sample_period = OPT(opts, sample_period);
	}
	pa.pid = opts->pid;
	pa.group_fd = opts->group_fd;
	cpu = opts->cpu;
	mark = rt->links.cnt;
	err = cpu >= 0 ? attach_on_cpu(cpu, &pa) : each_online_cpu(attach_on_cpu, &pa);
	if (err) {
		link_set__truncate(&rt->links, mark);	/* all CPUs or none */
		pr_warn("cannot attach %s to perf event %u/%llu: %s\n", name, opts->type,
			(unsigned long long)opts->config, strerror(-err));
		return err;
	}
	pr_info("%s: attached to perf event %u/%llu\n", name, opts->type,
		(unsigned long long)opts->config);
	return 0;
}
