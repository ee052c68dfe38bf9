// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* diff --tool's printk feed. A tool that reads trace_pipe (trace_print,
 * trace_fields) takes every line it reads from the one kernel buffer: two
 * tools at once would take each other's lines, and both sides' programs
 * print into the same event. So each side's tool runs in a mount namespace
 * where trace_pipe is a FIFO of diff's (diff_side.c), and a thread here
 * reads diff's tracefs instance (diff_printk.c: the bpf_trace_printk event
 * with the kernel stack of each line) CPU by CPU as lines come, tells each
 * line's side by the program in its stack, and writes it to that side's
 * FIFO: each tool reads its own program's lines, as it would alone. A line
 * no program of either side printed goes to both: each would read it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "diff.h"
#include "log.h"

#define FIFO_BYTES (1 << 20)	/* what a side's tool may leave unread */
#define POLL_MS 100

struct cpu_reader {
	int fd;
	struct printk_parser ps;
	struct strbuf text;	/* read, not yet a whole line */
};

/* lines are fed only while both sides are attached and the workload runs:
 * one side attached a little longer does not make a difference */
enum gate { GATE_BEFORE, GATE_OPEN, GATE_AFTER };

struct diff_printk_feed {
	struct diff_printk *pk;
	char fifo[2][PATH_MAX];
	int wfd[2];		/* O_RDWR: a tool's open never waits, never sees EOF */
	pid_t pids[2];		/* the sides' tools, once started */
	struct cpu_reader *cpus;
	int ncpu;
	int stop[2];		/* a pipe: the thread's stop signal */
	pthread_t thread;
	bool running;
	int want, gate;		/* enum gate: asked for, and in force (the thread's) */
	/* callers found in neither side's programs after reading them again:
	 * another program's, not read again for each of its lines */
	unsigned long long strangers[64];
	size_t nstrangers;
	struct diff_printk_feed_stats st;
};

static void write_line(struct diff_printk_feed *f, int side, const char *line)
{
	size_t n = strlen(line);
	struct iovec v[2] = { { (void *)line, n }, { "\n", 1 } };
	int cnt = n && line[n - 1] == '\n' ? 1 : 2;

	/* not waiting for a tool that does not read: its line is lost, counted */
	if (writev(f->wfd[side], v, cnt) < 0)
		f->st.lost[side]++;
	else
		f->st.lines[side]++;
}

static int side_of(void *ctx, unsigned long long addr)
{
	return diff_printk__side_of(((struct diff_printk_feed *)ctx)->pk, addr);
}

static bool is_stranger(const struct diff_printk_feed *f, unsigned long long caller)
{
	for (size_t i = 0; i < f->nstrangers; i++)
		if (f->strangers[i] == caller)
			return true;
	return false;
}

static void emit(void *ctx, struct printk_line *l, bool stacked)
{
	struct diff_printk_feed *f = ctx;
	int side = stacked ? l->side : -1;

	/* a program loaded since the last read of the tools' programs */
	if (stacked && side < 0 && l->caller && !is_stranger(f, l->caller)) {
		diff_printk__forget(f->pk);
		for (int i = 0; i < 2; i++)
			if (__atomic_load_n(&f->pids[i], __ATOMIC_ACQUIRE) > 0)
				diff_printk__programs(f->pk, i, f->pids[i]);
		side = diff_printk__side_of(f->pk, l->caller);
		if (side < 0 && f->nstrangers < sizeof(f->strangers) / sizeof(f->strangers[0]))
			f->strangers[f->nstrangers++] = l->caller;
	}
	if (!l->line)
		return;
	if (f->gate != GATE_OPEN) {
		f->st.outside++;
		return;
	}
	if (side >= 0) {
		write_line(f, side, l->line);
	} else {
		f->st.both++;
		write_line(f, 0, l->line);
		write_line(f, 1, l->line);
	}
}

/* every whole line read from CPU @c's trace_pipe so far */
static void read_cpu(struct cpu_reader *c)
{
	char buf[65536], *s, *nl;
	ssize_t n;

	while ((n = read(c->fd, buf, sizeof(buf))) > 0)
		strbuf_append(&c->text, buf, n);
	if (!c->text.len)
		return;
	for (s = c->text.buf; (nl = strchr(s, '\n')); s = nl + 1) {
		char save = nl[1];

		nl[1] = '\0';
		printk_parser__line(&c->ps, s);
		nl[1] = save;
	}
	c->text.len = strlen(s);
	memmove(c->text.buf, s, c->text.len + 1);
	/* trace_pipe hands out whole entries: what was read ends with one */
	if (!c->text.len)
		printk_parser__stack_done(&c->ps);
}

static void *feed_thread(void *arg)
{
	struct diff_printk_feed *f = arg;
	struct pollfd *p = calloc(f->ncpu + 1, sizeof(*p));

	if (!p)
		return NULL;
	for (int i = 0; i < f->ncpu; i++)
		p[i] = (struct pollfd){ .fd = f->cpus[i].fd, .events = POLLIN };
	p[f->ncpu] = (struct pollfd){ .fd = f->stop[0], .events = POLLIN };
	for (;;) {
		int want = __atomic_load_n(&f->want, __ATOMIC_ACQUIRE);
		bool stop;

		poll(p, f->ncpu + 1, want != f->gate ? 0 : POLL_MS);
		stop = p[f->ncpu].revents;
		/* each time: a CPU's pipe may hold lines poll has not said; the
		 * lines printed before a gate change was asked for are all read
		 * under the gate before it */
		for (int i = 0; i < f->ncpu; i++)
			read_cpu(&f->cpus[i]);
		if (want != f->gate)
			__atomic_store_n(&f->gate, want, __ATOMIC_RELEASE);
		if (stop)
			break;
	}
	for (int i = 0; i < f->ncpu; i++)
		printk_parser__end(&f->cpus[i].ps);
	free(p);
	return NULL;
}

struct diff_printk_feed *diff_printk_feed__open(const char *dir, char *why, size_t size)
{
	struct diff_printk_feed *f = calloc(1, sizeof(*f));
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);

	if (!f || ncpu <= 0) {
		snprintf(why, size, "%s", strerror(ENOMEM));
		free(f);
		return NULL;
	}
	f->wfd[0] = f->wfd[1] = f->stop[0] = f->stop[1] = -1;
	f->pk = diff_printk__open(why, size);
	if (!f->pk)
		goto fail;
	for (int i = 0; i < 2; i++) {
		snprintf(f->fifo[i], sizeof(f->fifo[i]), "%s/%s.trace_pipe", dir,
			 i ? "bcc2core" : "bcc");
		if (mkfifo(f->fifo[i], 0600) ||
		    (f->wfd[i] = open(f->fifo[i], O_RDWR | O_NONBLOCK | O_CLOEXEC)) < 0) {
			snprintf(why, size, "%s: %s", f->fifo[i], strerror(errno));
			goto fail;
		}
		fcntl(f->wfd[i], F_SETPIPE_SZ, FIFO_BYTES);
	}
	f->cpus = calloc(ncpu, sizeof(*f->cpus));
	if (!f->cpus || pipe2(f->stop, O_CLOEXEC)) {
		snprintf(why, size, "%s", strerror(errno ?: ENOMEM));
		goto fail;
	}
	for (long i = 0; i < ncpu; i++) {
		char path[PATH_MAX];
		int fd;

		snprintf(path, sizeof(path), "%s/per_cpu/cpu%ld/trace_pipe", diff_printk__dir(f->pk), i);
		fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			continue;	/* a CPU that is not possible */
		f->cpus[f->ncpu++] = (struct cpu_reader){
			.fd = fd, .ps = { .side_of = side_of, .emit = emit, .ctx = f,
					  .cur = { .side = -1 } } };
	}
	if (diff_printk__enable(f->pk, true) ||
	    pthread_create(&f->thread, NULL, feed_thread, f)) {
		snprintf(why, size, "cannot start reading %s", diff_printk__dir(f->pk));
		goto fail;
	}
	f->running = true;
	return f;
fail:
	diff_printk_feed__close(f, NULL);
	return NULL;
}

const char *diff_printk_feed__fifo(const struct diff_printk_feed *f, int side)
{
	return f ? f->fifo[side] : NULL;
}

void diff_printk_feed__set_pid(struct diff_printk_feed *f, int side, pid_t pid)
{
	if (f)
		__atomic_store_n(&f->pids[side], pid, __ATOMIC_RELEASE);
}

void diff_printk_feed__gate(struct diff_printk_feed *f, bool open)
{
	int want = open ? GATE_OPEN : GATE_AFTER;

	if (!f || !f->running)
		return;
	__atomic_store_n(&f->want, want, __ATOMIC_RELEASE);
	/* the thread reads what is there, then the gate is in force */
	for (int i = 0; i < 200 && __atomic_load_n(&f->gate, __ATOMIC_ACQUIRE) != want; i++)
		usleep(5000);
}

void diff_printk_feed__close(struct diff_printk_feed *f, struct diff_printk_feed_stats *st)
{
	if (!f)
		return;
	if (f->running) {
		if (write(f->stop[1], "x", 1) < 0)
			pthread_cancel(f->thread);
		pthread_join(f->thread, NULL);
	}
	if (st)
		*st = f->st;
	for (int i = 0; i < f->ncpu; i++) {
		close(f->cpus[i].fd);
		strbuf_free(&f->cpus[i].text);
	}
	free(f->cpus);
	for (int i = 0; i < 2; i++) {
		if (f->wfd[i] >= 0)
			close(f->wfd[i]);
		if (*f->fifo[i])
			unlink(f->fifo[i]);
		if (f->stop[i] >= 0)
			close(f->stop[i]);
	}
	diff_printk__close(f->pk);
	free(f);
}
