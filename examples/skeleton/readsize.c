// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* readsize: a C program with a BCC program built in. readsize.bcc.c became
 * a CO-RE object and its skeleton (readsize.skel.h) when this program was
 * built; here nothing compiles, and neither clang nor kernel headers are
 * needed. The runtime picks how each program attaches on this kernel and
 * prints the histogram as BCC's print_log2_hist() does.
 *
 *   readsize [SECONDS]   without SECONDS: reads of a few sizes of its own */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bcc2core/runtime.h>
#include "readsize.skel.h"

/* 1 B to 64 KiB: one read per power of 4, in six buckets */
static void own_reads(void)
{
	static char buf[65536];
	int fd = open("/dev/zero", O_RDONLY);

	for (size_t size = 1; fd >= 0 && size <= sizeof(buf); size *= 4)
		if (read(fd, buf, size) < 0)
			perror("read");
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	struct bcc2core_runtime *rt = NULL;
	struct readsize_bpf *skel;
	__u64 vals[64] = {};
	char *text;
	int err;

	skel = readsize_bpf__open();
	if (!skel) {
		fprintf(stderr, "readsize: cannot open the BPF object: %s\n", strerror(errno));
		return 1;
	}
	/* before the skeleton loads it: the runtime chooses the forms */
	rt = bcc2core_runtime__from_object(skel->obj, NULL);
	if (!rt) {
		err = -errno;
		goto out;
	}
	err = readsize_bpf__load(skel);
	/* instead of readsize_bpf__attach(): BCC's attach fallbacks */
	err = err ?: bcc2core_runtime__attach(rt);
	if (err)
		goto out;

	if (argc > 1)
		sleep(atoi(argv[1]));
	else
		own_reads();

	/* the map through the skeleton, printed as BCC prints it */
	for (__u32 key = 0; key < 64; key++)
		bpf_map__lookup_elem(skel->maps.dist, &key, sizeof(key), &vals[key],
				     sizeof(vals[key]), 0);
	text = bcc2core_hist__format_log2(vals, 64, NULL, false);
	if (text)
		fputs(text, stdout);
	bcc2core_free(text);
out:
	if (err)
		fprintf(stderr, "readsize: %s\n", strerror(-err));
	/* the runtime first: it detaches; the object is the skeleton's */
	bcc2core_runtime__destroy(rt);
	readsize_bpf__destroy(skel);
	return err ? 1 : 0;
}
