// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bcc2core_runtime__from_object() on an object opened with libbpf, as a
 * skeleton's is (argv[1], from from_object.bcc.c): forms chosen before the
 * application loads it, or after it loaded every form; exactly one form of
 * the program attached (each call counted once); BCC's output; and the
 * object left to its owner, working, when the runtime is destroyed. */
#include <errno.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "bcc2core/runtime.h"
#include "test.h"

#define CALLS 7

static const char *obj_path;

static long long calls_of_self(struct bpf_object *obj)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, "calls");
	__u32 pid = getpid();
	__u64 n = 0;

	if (!map || bpf_map_lookup_elem(bpf_map__fd(map), &pid, &n))
		return map ? 0 : -1;
	return n;
}

/* the raw tracepoint's count of this process's getppid calls */
static long long raw_calls_of_self(struct bpf_object *obj)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, "raw_calls");
	struct { __u32 pid, nr; } key = { getpid(), SYS_getppid };
	__u64 n = 0;

	if (!map || bpf_map_lookup_elem(bpf_map__fd(map), &key, &n))
		return map ? 0 : -1;
	return n;
}

static void make_calls(void)
{
	for (int i = 0; i < CALLS; i++)
		syscall(SYS_getppid);
}

/* attached through @rt: CALLS calls counted once each; then the runtime
 * goes and the object stays its owner's, detached */
static void check_attached(struct bcc2core_runtime *rt, struct bpf_object *obj)
{
	if (!ASSERT_OK(bcc2core_runtime__attach(rt), "attach")) {
		bcc2core_runtime__destroy(rt);
		return;
	}
	make_calls();
	ASSERT_EQ(calls_of_self(obj), CALLS, "each call counted once");
	ASSERT_EQ(raw_calls_of_self(obj), CALLS, "raw_tp or tp_btf, not both");
	ASSERT_EQ(bcc2core_runtime__object(rt) == obj, 1, "the same object");
	bcc2core_runtime__destroy(rt);
	make_calls();
	ASSERT_EQ(calls_of_self(obj), CALLS, "detached by destroy, maps still the owner's");
	ASSERT_EQ(raw_calls_of_self(obj), CALLS, "raw tracepoint detached by destroy");
}

static void test_before_load(void)
{
	struct bpf_object *obj = bpf_object__open_file(obj_path, NULL);
	struct bcc2core_runtime_opts opts = { .sz = sizeof(opts) };
	struct bcc2core_runtime *rt;
	char *text = NULL;
	size_t len = 0;

	if (!ASSERT_TRUE(obj, "open"))
		return;
	opts.out = open_memstream(&text, &len);
	rt = bcc2core_runtime__from_object(obj, &opts);
	if (!ASSERT_TRUE(rt, "from_object")) {
		bpf_object__close(obj);
		return;
	}
	ASSERT_EQ(bcc2core_runtime__attach(rt), -EINVAL, "attach before load");
	/* as <name>_bpf__load() does: the application's own load */
	if (ASSERT_OK(bpf_object__load(obj), "the owner loads")) {
		ASSERT_OK(bcc2core_runtime__attach(rt), "attach");
		make_calls();
		ASSERT_EQ(calls_of_self(obj), CALLS, "each call counted once");
		ASSERT_EQ(raw_calls_of_self(obj), CALLS, "raw_tp or tp_btf, not both");
		ASSERT_OK(bcc2core_runtime__print_maps(rt), "print_maps");
		fflush(opts.out);
		ASSERT_TRUE(text && strstr(text, "     value               : count     distribution"),
			    "BCC's histogram header");
		ASSERT_TRUE(text && strstr(text, "       512 -> 1023       : "),
			    "the constant's bucket");
	}
	bcc2core_runtime__destroy(rt);
	make_calls();
	ASSERT_EQ(calls_of_self(obj), CALLS, "detached by destroy, maps still the owner's");
	bpf_object__close(obj);
	fclose(opts.out);
	free(text);
}

static void test_runtime_loads(void)
{
	struct bpf_object *obj = bpf_object__open_file(obj_path, NULL);
	struct bcc2core_runtime *rt = obj ? bcc2core_runtime__from_object(obj, NULL) : NULL;

	if (!ASSERT_TRUE(rt, "from_object")) {
		bpf_object__close(obj);
		return;
	}
	ASSERT_OK(bcc2core_runtime__set_map_size(rt, "calls", 100), "configured before load");
	if (ASSERT_OK(bcc2core_runtime__load(rt), "the runtime loads it"))
		check_attached(rt, obj);
	else
		bcc2core_runtime__destroy(rt);
	bpf_object__close(obj);
}

/* every form loaded (<name>_bpf__open_and_load()): one attaches */
static void test_loaded(void)
{
	struct bpf_object *obj = bpf_object__open_file(obj_path, NULL);
	struct bcc2core_runtime *rt;

	if (!ASSERT_TRUE(obj, "open"))
		return;
	if (bpf_object__load(obj)) {
		printf("%s: SKIP: not every form of the program loads on this kernel\n", __func__);
		bpf_object__close(obj);
		return;
	}
	rt = bcc2core_runtime__from_object(obj, NULL);
	if (ASSERT_TRUE(rt, "from_object of a loaded object")) {
		ASSERT_OK(bcc2core_runtime__load(rt), "load: a no-op");
		ASSERT_EQ(bcc2core_runtime__set_map_size(rt, "calls", 10), -EBUSY, "loaded");
		check_attached(rt, obj);
	}
	bpf_object__close(obj);
}

static void test_bad_args(void)
{
	struct bpf_object *obj = bpf_object__open_file(obj_path, NULL);
	struct bcc2core_runtime_opts opts = { .sz = sizeof(opts), .btf_path = "/x" };

	errno = 0;
	ASSERT_TRUE(!bcc2core_runtime__from_object(NULL, NULL) && errno == EINVAL, "no object");
	errno = 0;
	ASSERT_TRUE(!bcc2core_runtime__from_object(obj, &opts) && errno == EINVAL,
		    "btf_path is the opener's");
	opts.btf_path = NULL;
	opts.sz = 1;
	errno = 0;
	ASSERT_TRUE(!bcc2core_runtime__from_object(obj, &opts) && errno == EINVAL, "short opts");
	bpf_object__close(obj);
}

int test_failures, test_checks;

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s FROM_OBJECT.bpf.o\n", argv[0]);
		return 2;
	}
	obj_path = argv[1];
	test_bad_args();
	if (geteuid() != 0) {
		printf("SKIP: loading needs root\n");
		return test_failures ? 1 : 77;
	}
	test_before_load();
	test_runtime_loads();
	test_loaded();
	printf("%d checks, %d failed\n", test_checks, test_failures);
	return test_failures ? 1 : 0;
}
