// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A tracefs instance outlives a process killed with SIGKILL. A small shell
 * waits for the end of a pipe only its owner holds, then turns the
 * bpf_trace_printk event off and removes the instance: on every exit path,
 * kill -9 included. The dying process may still hold trace_pipe (rmdir:
 * EBUSY), so it retries for 5 s. Its output goes to /dev/null, and inside
 * it 2>/dev/null comes first: a removed instance has no enable file, which
 * the shell would otherwise say on every run that printed. (exec closes
 * every BPF fd in it: libbpf opens them all close-on-exec.) */
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tracefs_watchdog.h"

extern char **environ;

void tracefs_watchdog__start(struct tracefs_watchdog *w, const char *dir)
{
	static const char script[] =
		"cat >/dev/null; echo 0 2>/dev/null >\"$1/events/bpf_trace/bpf_trace_printk/enable\"; "
		"i=0; while [ -d \"$1\" ] && ! rmdir \"$1\" 2>/dev/null && [ $i -lt 50 ]; do "
		"sleep 0.1; i=$((i+1)); done; exit 0";
	char *argv[] = { (char *)"sh", (char *)"-c", (char *)script, (char *)"sh", (char *)dir,
			 NULL };
	posix_spawn_file_actions_t fa;
	int p[2];

	w->fd = -1;
	w->pid = 0;
	if (pipe2(p, O_CLOEXEC))
		return;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[0], 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawn(&w->pid, "/bin/sh", &fa, NULL, argv, environ)) {
		close(p[1]);
		w->pid = 0;
	} else {
		w->fd = p[1];
	}
	posix_spawn_file_actions_destroy(&fa);
	close(p[0]);
}

void tracefs_watchdog__stop(struct tracefs_watchdog *w)
{
	if (w->fd < 0)
		return;
	close(w->fd);
	w->fd = -1;
	waitpid(w->pid, NULL, 0);
}
