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
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "internal.h"

struct printk_relay {
	char dir[256];
	int fd;
	int watchdog;		/* write end: its closing, however we end, cleans up */
	pid_t watchdog_pid;
	struct strbuf partial;	/* a line not yet ended */
};

extern char **environ;

/* A tracefs instance outlives a process killed with SIGKILL. A small shell
 * waits for the end of a pipe only we hold, then turns the event off and
 * removes the instance: on every exit path, kill -9 included. The dying
 * process may still hold trace_pipe (rmdir: EBUSY), so it retries for 5 s. Its stderr
 * is ours: 2>/dev/null goes first, or the shell says that a removed instance
 * has no enable file on every run that printed. (exec closes
 * every BPF fd in it: libbpf opens them all close-on-exec.) */
static void start_watchdog(struct printk_relay *pr)
{
	static const char script[] =
		"cat >/dev/null; echo 0 2>/dev/null >\"$1/events/bpf_trace/bpf_trace_printk/enable\"; "
		"i=0; while [ -d \"$1\" ] && ! rmdir \"$1\" 2>/dev/null && "
		"[ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done; exit 0";
	char *argv[] = { (char *)"sh", (char *)"-c", (char *)script, (char *)"sh", pr->dir, NULL };
	posix_spawn_file_actions_t fa;
	int p[2];

	pr->watchdog = -1;
	if (pipe2(p, O_CLOEXEC))
		return;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[0], 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	if (posix_spawn(&pr->watchdog_pid, "/bin/sh", &fa, NULL, argv, environ)) {
		close(p[1]);
		pr->watchdog_pid = 0;
	} else {
		pr->watchdog = p[1];
	}
	posix_spawn_file_actions_destroy(&fa);
	close(p[0]);
}

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
	pr->watchdog = -1;
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
	start_watchdog(pr);
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
	if (rmdir(pr->dir) && errno != ENOENT && !(errno == EBUSY && pr->watchdog >= 0))
		pr_warn("cannot remove tracefs instance %s: %s\n", pr->dir, strerror(errno));
	if (pr->watchdog >= 0) {
		close(pr->watchdog);	/* usually done already: it finds nothing to remove */
		waitpid(pr->watchdog_pid, NULL, 0);
	}
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
