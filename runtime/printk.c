// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bpf_trace_printk() output of this run only: the helper emits the
 * bpf_trace:bpf_trace_printk event, which we enable in a tracefs instance
 * of our own and read from its trace_pipe, leaving the global one alone. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "internal.h"
#include "tracefs_watchdog.h"

struct printk_relay {
	char dir[256];
	int fd;
	struct tracefs_watchdog watchdog;	/* removes the instance however we end */
	struct strbuf partial;	/* a line not yet ended */
};


static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		err = -errno;
	close(fd);
	return err;
}

struct printk_relay *printk_relay__open(void)
{
	struct printk_relay *pr = calloc(1, sizeof(*pr));
	char path[512];
	int err;

	if (!pr)
		return NULL;
	pr->fd = -1;
	pr->watchdog.fd = -1;
	snprintf(pr->dir, sizeof(pr->dir), "%s/instances/bcc2core-%d", kernel__tracefs(), getpid());
	if (mkdir(pr->dir, 0700) && errno != EEXIST) {
		err = -errno;
		pr_warn("cannot create tracefs instance %s: %s; printk lines will not be shown\n",
			pr->dir, strerror(errno));
		free(pr);
		errno = -err;
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/events/bpf_trace/bpf_trace_printk/enable", pr->dir);
	err = write_file(path, "1");
	if (!err) {
		snprintf(path, sizeof(path), "%s/trace_pipe", pr->dir);
		pr->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (pr->fd < 0)
			err = -errno;
	}
	if (err) {
		pr_warn("cannot relay printk through %s: %s\n", pr->dir, strerror(-err));
		printk_relay__close(pr);
		errno = -err;
		return NULL;
	}
	tracefs_watchdog__start(&pr->watchdog, pr->dir);
	return pr;
}

int printk_relay__fd(struct printk_relay *pr)
{
	return pr->fd;
}

static void emit_line(const char *line, size_t n, FILE *out, bool json)
{
	static const char marker[] = "bpf_trace_printk: ";
	const char *msg = NULL;
	struct strbuf sb = {};

	/* like BCC's trace_readline(): trailing blanks go */
	while (n > 0 && strchr(" \t\r", line[n - 1]))
		n--;
	if (json && !n)
		return;	/* the empty line after a message that ended in \n */

	for (size_t i = 0; i + sizeof(marker) - 1 <= n; i++) {
		if (!memcmp(line + i, marker, sizeof(marker) - 1)) {
			msg = line + i + sizeof(marker) - 1;
			break;
		}
	}
	if (json) {
		strbuf_puts(&sb, "{\"type\":\"printk\",\"text\":");
		if (msg)
			json_escape(&sb, msg, line + n - msg);
		else
			json_escape(&sb, line, n);
		strbuf_puts(&sb, "}\n");
	} else {
		strbuf_append(&sb, line, n);
		strbuf_puts(&sb, "\n");
	}
	fputs(sb.buf, out);
	strbuf_free(&sb);
}

int printk_relay__drain(struct printk_relay *pr, FILE *out, bool json)
{
	char buf[8192];
	ssize_t n;
	int lines = 0;

	while ((n = read(pr->fd, buf, sizeof(buf))) > 0) {
		strbuf_append(&pr->partial, buf, n);
		for (;;) {
			char *nl = memchr(pr->partial.buf, '\n', pr->partial.len);
			size_t len;

			if (!nl)
				break;
			len = nl - pr->partial.buf;
			emit_line(pr->partial.buf, len, out, json);
			lines++;
			memmove(pr->partial.buf, nl + 1, pr->partial.len - len - 1);
			pr->partial.len -= len + 1;
			pr->partial.buf[pr->partial.len] = '\0';
		}
	}
	return lines;
}

void printk_relay__close(struct printk_relay *pr)
{
	char path[512];

	if (!pr)
		return;
	if (pr->fd >= 0)
		close(pr->fd);
	snprintf(path, sizeof(path), "%s/events/bpf_trace/bpf_trace_printk/enable", pr->dir);
	write_file(path, "0");
	/* EBUSY while trace_pipe's release is under way: the watchdog retries */
	if (rmdir(pr->dir) && errno != ENOENT && !(errno == EBUSY && pr->watchdog.fd >= 0))
		pr_warn("cannot remove tracefs instance %s: %s\n", pr->dir, strerror(errno));
	tracefs_watchdog__stop(&pr->watchdog);	/* usually done already: nothing to remove */
	strbuf_free(&pr->partial);
	free(pr);
}

/* Does any program call bpf_trace_printk or bpf_trace_vprintk? */
bool object_uses_printk(const struct bpf_object *obj)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, obj) {
		const struct bpf_insn *insn = bpf_program__insns(prog);
		size_t n = bpf_program__insn_cnt(prog);

		for (size_t i = 0; i < n; i++)
			if (insn[i].code == (BPF_JMP | BPF_CALL) && insn[i].src_reg == 0 &&
			    (insn[i].imm == BPF_FUNC_trace_printk ||
			     insn[i].imm == BPF_FUNC_trace_vprintk))
				return true;
	}
	return false;
}
