// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A terminal for a tool that port runs where its stdin or stdout is not one
 * (a build, a pipe): curses tools (cachetop) stop at their first line
 * without one, before their BPF program. The tool gets a new
 * pseudo-terminal on stdin and stdout (TERM=vt100, 24x80); what it writes
 * there is copied to port's stdout as it comes. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
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

void tool_tty__copy_out(struct tool_tty *t)
{
	char buf[4096];
	ssize_t n;

	close(t->slave);	/* the tool has its own now */
	t->slave = -1;
	/* EIO once the tool and its children closed the terminal */
	while ((n = read(t->master, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0 && write(STDOUT_FILENO, buf, n) < 0)
			continue;	/* read on all the same: a full terminal would stop the tool */
	close(t->master);
	t->master = -1;
}
