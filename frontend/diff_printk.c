// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* diff's printk lines, each side's told apart exactly.
 *
 * Both sides' programs print into one kernel event, bpf_trace:
 * bpf_trace_printk, in the same task on the same CPU for the same traced
 * event, so a line's text, task, CPU and time cannot say whose it is, and
 * two readers of trace_pipe would take each other's lines. diff enables the
 * event in a tracefs instance of its own (a copy of every line; the
 * top-level buffer a tool reads is untouched) with the instance's
 * "stacktrace" option: each line is followed by the kernel stack it was
 * printed from, whose frame above bpf_trace_printk is the return address
 * into the printing program's JIT image. diff reads the JIT address ranges
 * of both sides' programs (their descriptors in /proc/PID/fd, by id) while
 * they are loaded, and gives each line the side whose range holds that
 * address: exact, whatever the order the two programs run in, and however
 * many lines each prints per event. A line whose stack holds no program of
 * either side and a bpf_trace_printk frame is another program's (left out);
 * one without a usable stack is unattributed (diff_compare.c compares those
 * by parity only).
 *
 * The event is on from both sides' clears to the stop signal, as the maps
 * count; lines are read from the per-CPU buffers after both sides ended,
 * where a line's stack entry follows it on its CPU (an interrupt's line and
 * stack may come between: paired last in, first out). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "diff.h"
#include "json.h"
#include "main.h"
#include "tracefs_watchdog.h"

#define BUFFER_KB "4096"	/* per CPU: ~20 000 lines with their stacks */

struct range {
	unsigned long long lo, hi;
	int side;
};

struct diff_printk {
	char dir[256];
	struct range *ranges;
	size_t nranges;
	bool known[2];		/* a side's programs' JIT addresses were read */
	struct tracefs_watchdog watchdog;	/* removes the instance however diff ends */
};

static int write_str(const char *dir, const char *file, const char *s)
{
	char path[512];
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		err = -errno;
	close(fd);
	return err;
}

bool diff_printk__object_prints(const char *obj_path)
{
	struct bpf_object *obj = bpf_object__open_file(obj_path, NULL);
	struct bpf_program *prog;
	bool yes = false;

	if (!obj)
		return false;
	bpf_object__for_each_program(prog, obj) {
		const struct bpf_insn *insn = bpf_program__insns(prog);
		size_t n = bpf_program__insn_cnt(prog);

		for (size_t i = 0; i < n && !yes; i++)
			yes = insn[i].code == (BPF_JMP | BPF_CALL) && insn[i].src_reg == 0 &&
			      (insn[i].imm == BPF_FUNC_trace_printk ||
			       insn[i].imm == BPF_FUNC_trace_vprintk);
	}
	bpf_object__close(obj);
	return yes;
}

struct diff_printk *diff_printk__open(char *why, size_t size)
{
	static const char *const setup[][2] = {
		{ "tracing_on", "0" }, { "buffer_size_kb", BUFFER_KB },
		{ "options/overwrite", "0" }, { "options/stacktrace", "1" },
		{ "options/sym-addr", "1" }, { "tracing_on", "1" },
	};
	const char *tracefs = access("/sys/kernel/tracing/events", F_OK) ? "/sys/kernel/debug/tracing"
									   : "/sys/kernel/tracing";
	struct diff_printk *p = calloc(1, sizeof(*p));
	int err = 0;

	if (!p) {
		snprintf(why, size, "%s", strerror(ENOMEM));
		return NULL;
	}
	snprintf(p->dir, sizeof(p->dir), "%s/instances/bcc2core-diff-%d", tracefs, getpid());
	if (mkdir(p->dir, 0700)) {
		snprintf(why, size, "cannot create tracefs instance %s: %s", p->dir, strerror(errno));
		free(p);
		return NULL;
	}
	tracefs_watchdog__start(&p->watchdog, p->dir);
	for (size_t i = 0; !err && i < sizeof(setup) / sizeof(setup[0]); i++) {
		err = write_str(p->dir, setup[i][0], setup[i][1]);
		if (err)
			snprintf(why, size, "%s/%s: %s", p->dir, setup[i][0], strerror(-err));
	}
	if (err) {
		diff_printk__close(p);
		return NULL;
	}
	return p;
}

/* the JIT image ranges of the BPF programs process @pid holds */
int diff_printk__programs(struct diff_printk *p, int side, pid_t pid)
{
	char dpath[64];
	DIR *d;
	struct dirent *e;

	snprintf(dpath, sizeof(dpath), "/proc/%d/fd", (int)pid);
	d = opendir(dpath);
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		char path[320], link[64] = "", line[128];
		unsigned int id = 0;
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info), nfunc, nlens;
		unsigned long long *ksyms = NULL;
		__u32 *lens = NULL;
		FILE *fp;
		int fd;

		snprintf(path, sizeof(path), "%s/%.255s", dpath, e->d_name);
		if (readlink(path, link, sizeof(link) - 1) <= 0 || strcmp(link, "anon_inode:bpf-prog"))
			continue;
		snprintf(path, sizeof(path), "/proc/%d/fdinfo/%.255s", (int)pid, e->d_name);
		fp = fopen(path, "r");
		while (fp && fgets(line, sizeof(line), fp) && sscanf(line, "prog_id: %u", &id) != 1)
			;
		if (fp)
			fclose(fp);
		fd = id ? bpf_prog_get_fd_by_id(id) : -1;
		if (fd < 0)
			continue;
		if (bpf_obj_get_info_by_fd(fd, &info, &len) || !info.nr_jited_ksyms) {
			close(fd);
			continue;	/* not JITed: its lines stay unattributed */
		}
		nfunc = info.nr_jited_ksyms;
		nlens = info.nr_jited_func_lens;
		ksyms = calloc(nfunc, sizeof(*ksyms));
		lens = calloc(nlens ? nlens : 1, sizeof(*lens));
		memset(&info, 0, sizeof(info));
		info.nr_jited_ksyms = nfunc;
		info.jited_ksyms = (unsigned long)ksyms;
		info.nr_jited_func_lens = nlens;
		info.jited_func_lens = (unsigned long)lens;
		len = sizeof(info);
		if (ksyms && lens && !bpf_obj_get_info_by_fd(fd, &info, &len)) {
			struct range *r = realloc(p->ranges, (p->nranges + nfunc) * sizeof(*r));

			if (r)
				p->ranges = r;
			/* 0 when the kernel hides kernel addresses from us */
			for (__u32 i = 0; r && i < nfunc && ksyms[i]; i++) {
				p->ranges[p->nranges++] = (struct range){
					ksyms[i], ksyms[i] + (i < nlens ? lens[i] : 0), side };
				p->known[side] = true;
			}
		}
		free(ksyms);
		free(lens);
		close(fd);
	}
	closedir(d);
	return 0;
}

void diff_printk__forget(struct diff_printk *p)
{
	p->nranges = 0;
	p->known[0] = p->known[1] = false;
}

const char *diff_printk__dir(const struct diff_printk *p)
{
	return p->dir;
}

int diff_printk__enable(struct diff_printk *p, bool on)
{
	return write_str(p->dir, "events/bpf_trace/bpf_trace_printk/enable", on ? "1" : "0");
}

int diff_printk__side_of(const struct diff_printk *p, unsigned long long addr)
{
	for (size_t i = 0; i < p->nranges; i++)
		if (addr >= p->ranges[i].lo && addr < p->ranges[i].hi)
			return p->ranges[i].side;
	return -1;
}

/* where collect's lines go */
struct collect_ctx {
	struct diff_printk *p;
	FILE *out;
	struct diff_printk_stats *st;
};

static int side_of(void *ctx, unsigned long long addr)
{
	return diff_printk__side_of(((struct collect_ctx *)ctx)->p, addr);
}

static void emit(void *ctx, struct printk_line *l, bool stacked)
{
	struct collect_ctx *cc = ctx;
	const struct diff_printk *p = cc->p;
	const char *side = stacked && l->side >= 0 ? (l->side ? "bcc2core" : "bcc") : NULL;
	struct json t = { .kind = JSON_STRING, .text = l->text };
	struct strbuf sb = {};

	/* another program's only when both sides' programs are known: else
	 * it may be a side's whose addresses could not be read */
	if (stacked && l->side < 0 && l->printk_frame && l->frame_after && p->known[0] &&
	    p->known[1]) {
		cc->st->other++;	/* printed by a program of neither side */
		return;
	}
	if (side)
		strbuf_printf(&sb, "{\"type\":\"printk\",\"side\":\"%s\",\"text\":", side);
	else
		strbuf_puts(&sb, "{\"type\":\"printk\",\"side\":null,\"text\":");
	json__write(&t, &sb);
	strbuf_puts(&sb, "}\n");
	fputs(sb.buf, cc->out);
	strbuf_free(&sb);
	if (side)
		cc->st->lines[l->side]++;
	else
		cc->st->unattributed++;
}

static unsigned long long stat_of(const char *path, const char *name)
{
	FILE *fp = fopen(path, "r");
	char line[128];
	unsigned long long v = 0, x;
	size_t n = strlen(name);

	while (fp && fgets(line, sizeof(line), fp))
		if (!strncmp(line, name, n) && sscanf(line + n, ": %llu", &x) == 1)
			v += x;
	if (fp)
		fclose(fp);
	return v;
}

/* one CPU's buffer: lines and their stacks into @out */
static void read_cpu(struct diff_printk *p, const char *cpu, FILE *out,
		     struct diff_printk_stats *st)
{
	struct collect_ctx cc = { p, out, st };
	struct printk_parser ps = { .side_of = side_of, .emit = emit, .ctx = &cc,
				    .cur = { .side = -1 } };
	char path[512], *line = NULL;
	size_t cap = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/per_cpu/%.32s/stats", p->dir, cpu);
	st->lost += stat_of(path, "overrun") + stat_of(path, "dropped events");
	snprintf(path, sizeof(path), "%s/per_cpu/%.32s/trace", p->dir, cpu);
	fp = fopen(path, "r");
	while (fp && getline(&line, &cap, fp) > 0)
		printk_parser__line(&ps, line);
	printk_parser__end(&ps);
	free(line);
	if (fp)
		fclose(fp);
}

int diff_printk__collect(struct diff_printk *p, const char *out_path,
			 struct diff_printk_stats *st)
{
	char path[512];
	struct dirent *e;
	FILE *out;
	DIR *d;

	memset(st, 0, sizeof(*st));
	st->used = true;
	diff_printk__enable(p, false);
	snprintf(path, sizeof(path), "%s/per_cpu", p->dir);
	d = opendir(path);
	out = fopen(out_path, "w");
	if (!d || !out) {
		int err = -errno;

		if (d)
			closedir(d);
		if (out)
			fclose(out);
		return err;
	}
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, "cpu", 3))
			read_cpu(p, e->d_name, out, st);
	closedir(d);
	fprintf(out, "{\"type\":\"printk_stats\",\"lost\":%llu,\"other\":%zu}\n", st->lost, st->other);
	return fclose(out) ? -errno : 0;
}

void diff_printk__close(struct diff_printk *p)
{
	if (!p)
		return;
	diff_printk__enable(p, false);
	rmdir(p->dir);	/* EBUSY while a reader's release is under way: the watchdog retries */
	tracefs_watchdog__stop(&p->watchdog);
	free(p->ranges);
	free(p);
}
