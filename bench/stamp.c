// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* stamp: the "attached" marker. Each loader runs it right after attaching
 * (bcc2core run OBJ -- stamp, min_loader, the BCC script); it writes
 * CLOCK_MONOTONIC in ns to $BENCH_STAMP (or argv[1]) and exits. Built static
 * so its own exec costs as little as possible (bench/run.sh reports it). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec ts;
	const char *path = argc > 1 ? argv[1] : getenv("BENCH_STAMP");
	char buf[32];
	int fd, n;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (!path)
		return 2;
	n = snprintf(buf, sizeof(buf), "%lld\n", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, buf, n) != n)
		return 1;
	close(fd);
	return 0;
}
