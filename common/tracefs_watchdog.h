/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef BCC2CORE_TRACEFS_WATCHDOG_H
#define BCC2CORE_TRACEFS_WATCHDOG_H

#include <sys/types.h>

/* Removes a tracefs instance of bpf_trace_printk however its owner ends. */
struct tracefs_watchdog {
	int fd;		/* write end of its pipe: closing it sets it off; -1: none */
	pid_t pid;
};

/* Starts one for instance directory @dir (left with fd -1 if it cannot). */
void tracefs_watchdog__start(struct tracefs_watchdog *w, const char *dir);
/* Sets it off and waits for it (the instance is usually gone already). */
void tracefs_watchdog__stop(struct tracefs_watchdog *w);

#endif
