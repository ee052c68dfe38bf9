// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* packet_run OBJ PROG HEX: runs program PROG of OBJ once on the packet HEX
 * (BPF_PROG_TEST_RUN) and prints its return value and the packet after it,
 * for tests of packet-reading programs against known bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

int main(int argc, char **argv)
{
	unsigned char in[2048], out[2048];
	struct bpf_object *obj;
	struct bpf_program *prog;
	size_t n = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: %s OBJ PROG HEX\n", argv[0]);
		return 2;
	}
	for (const char *h = argv[3]; h[0] && h[1] && n < sizeof(in); h += 2)
		sscanf(h, "%2hhx", &in[n++]);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "cannot load %s\n", argv[1]);
		return 1;
	}
	prog = bpf_object__find_program_by_name(obj, argv[2]);
	if (!prog) {
		fprintf(stderr, "no program %s\n", argv[2]);
		return 1;
	}
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in, .data_size_in = n, .data_out = out,
		    .data_size_out = sizeof(out), .repeat = 1);
	if (bpf_prog_test_run_opts(bpf_program__fd(prog), &opts)) {
		perror("BPF_PROG_TEST_RUN");
		return 1;
	}
	printf("%u ", opts.retval);
	for (__u32 i = 0; i < opts.data_size_out; i++)
		printf("%02x", out[i]);
	printf("\n");
	bpf_object__close(obj);
	return 0;
}
