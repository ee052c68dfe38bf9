// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A terminal for a tool that port runs where its stdin or stdout is not one
 * (a build, a pipe): curses tools (cachetop) stop at their first line
 * without one, before their BPF program. The tool gets a new
 * pseudo-terminal on stdin and stdout (TERM=vt100, 24x80); what it writes
 * there is copied to port's stdout as it comes. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "main.h"

bool tool_tty__wanted(void)
{
	return !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO);
}

int tool_tty__open(struct tool_tty *t, posix_spawn_file_actions_t *fa)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	const char *slave;
	int slave_fd, err;

	t->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (t->master < 0)
		return -errno;
	if (grantpt(t->master) || unlockpt(t->master) || !(slave = ptsname(t->master))) {
		err = -errno;
		goto fail;
	}
	/* held open here until the tool has it: a read of the master before
	 * then would see no slave and end */
	slave_fd = open(slave, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave_fd < 0) {
		err = -errno;
		goto fail;
	}
	ioctl(slave_fd, TIOCSWINSZ, &ws);
	err = posix_spawn_file_actions_adddup2(fa, slave_fd, STDIN_FILENO) ?:
	      posix_spawn_file_actions_adddup2(fa, slave_fd, STDOUT_FILENO);
	if (err) {
		close(slave_fd);
		err = -err;
		goto fail;
	}
	t->slave = slave_fd;
	return 0;
fail:
	close(t->master);
	t->master = -1;
	return err;
}

/* what the tool wrote within @timeout_ms, to stdout: 1 some, 0 none, -1 no
 * one holds the terminal any more (EIO) */
static int copy_some(int master, int timeout_ms)
{
	struct pollfd pfd = { .fd = master, .events = POLLIN };
	char buf[4096];
	ssize_t n;

	if (poll(&pfd, 1, timeout_ms) <= 0)
		return 0;
	n = read(master, buf, sizeof(buf));
	if (n <= 0)
		return n < 0 && errno == EINTR ? 0 : -1;
	/* what stdout does not take is dropped: the reads go on, or a full
	 * terminal would stop the tool */
	if (write(STDOUT_FILENO, buf, n) < 0)
		return 1;
	return 1;
}

void tool_tty__copy_out(struct tool_tty *t, pid_t pid)
{
	siginfo_t info;

	close(t->slave);	/* the tool has its own now */
	t->slave = -1;
	/* until the tool ends or closes the terminal (a child it left holding
	 * it does not keep port waiting), then what it wrote before */
	for (;;) {
		memset(&info, 0, sizeof(info));
		if (waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) || info.si_pid) {
			while (copy_some(t->master, 0) > 0)
				;
			break;
		}
		if (copy_some(t->master, 100) < 0)
			break;
	}
	close(t->master);
	t->master = -1;
}
