// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The object format's tables and readers (common/object_format.c): program
 * form names both ways, tag parsing and writing, and the tag iterator over
 * a BTF made here. */
#include <errno.h>
#include <stdlib.h>

#include <bpf/btf.h>

#include "bcc2core/object_format.h"
#include "log.h"
#include "test.h"

static void test_form_names_round_trip(void)
{
	char name[64];

	for (int f = 0; f < __BCC2CORE_FORM_CNT; f++) {
		size_t base = 0;

		if (!ASSERT_OK(bcc2core_form__name(name, sizeof(name), "trace_open", f), "name"))
			return;
		ASSERT_EQ(bcc2core_form__of(name, &base), f, name);
		ASSERT_EQ(base, strlen("trace_open"), name);
	}
	ASSERT_EQ(bcc2core_form__name(name, 8, "trace_open", BCC2CORE_FORM_TP), -ENAMETOOLONG,
		  "too long");
}

static void test_form_of(void)
{
	size_t base = 0;

	/* the longest suffix wins: __tp_btf is not __tp with "_btf" left over */
	ASSERT_EQ(bcc2core_form__of("sys_enter__tp_btf", &base), BCC2CORE_FORM_TP_BTF, "tp_btf");
	ASSERT_EQ(base, strlen("sys_enter"), "tp_btf base");
	ASSERT_EQ(bcc2core_form__of("f__kretprobe", &base), BCC2CORE_FORM_KRETPROBE, "kretprobe");
	ASSERT_EQ(bcc2core_form__of("f__kentry", NULL), BCC2CORE_FORM_KENTRY, "kentry");
	ASSERT_EQ(bcc2core_form__of("kprobe__vfs_read", &base), BCC2CORE_FORM_PRIMARY, "primary");
	ASSERT_EQ(base, strlen("kprobe__vfs_read"), "primary base");
	/* a suffix alone is a name, not a form of the empty name */
	ASSERT_EQ(bcc2core_form__of("__tp", NULL), BCC2CORE_FORM_PRIMARY, "suffix only");
	ASSERT_STREQ(bcc2core_form__suffix(BCC2CORE_FORM_PRIMARY), "", "primary suffix");
	ASSERT_STREQ(bcc2core_form__suffix(__BCC2CORE_FORM_CNT), "", "out of range");
}

static void test_tag_parse(void)
{
	enum bcc2core_tag_key key;
	const char *value;

	ASSERT_TRUE(bcc2core_tag__parse("bcc2core:event=struct data_t", &key, &value), "event");
	ASSERT_EQ(key, BCC2CORE_TAG_EVENT, "event key");
	ASSERT_STREQ(value, "struct data_t", "event value");
	ASSERT_TRUE(bcc2core_tag__parse("bcc2core:histogram", &key, &value), "histogram");
	ASSERT_EQ(key, BCC2CORE_TAG_HISTOGRAM, "histogram key");
	ASSERT_TRUE(value == NULL, "histogram has no value");
	/* a key that starts like a known one is not it */
	ASSERT_TRUE(bcc2core_tag__parse("bcc2core:histogramx", &key, &value), "unknown");
	ASSERT_EQ(key, BCC2CORE_TAG_UNKNOWN, "unknown key");
	ASSERT_TRUE(!bcc2core_tag__parse("other:event=x", &key, &value), "not ours");
	ASSERT_TRUE(!bcc2core_tag__parse(NULL, &key, &value), "NULL");
	ASSERT_TRUE(bcc2core_tag__parse("bcc2core:pin=/sys/fs/bpf/a=b", &key, &value), "pin");
	ASSERT_STREQ(value, "/sys/fs/bpf/a=b", "value keeps later '='");
}

static void test_tag_write_then_read(void)
{
	struct strbuf sb = {};
	enum bcc2core_tag_key key;
	const char *value;
	char tag[128];

	strbuf_tag_attr(&sb, BCC2CORE_TAG_ARGS_READ, "2");
	if (!ASSERT_STREQ(sb.buf, " __attribute__((btf_decl_tag(\"bcc2core:args_read=2\")))",
			  "attribute"))
		goto out;
	sscanf(sb.buf, " __attribute__((btf_decl_tag(\"%127[^\"]", tag);
	ASSERT_TRUE(bcc2core_tag__parse(tag, &key, &value), "parses");
	ASSERT_EQ(key, BCC2CORE_TAG_ARGS_READ, "key");
	ASSERT_STREQ(value, "2", "value");
	ASSERT_EQ(strbuf_tag_attr(&sb, BCC2CORE_TAG_UNKNOWN, NULL), -EINVAL, "no unknown key");
out:
	strbuf_free(&sb);
}

static void test_sec(void)
{
	ASSERT_STREQ(bcc2core_sec__target("tracepoint/syscalls/sys_enter_kill"),
		     "syscalls/sys_enter_kill", "target");
	ASSERT_TRUE(bcc2core_sec__target("kprobe") == NULL, "no target");
	ASSERT_TRUE(bcc2core_sec__target("kprobe/") == NULL, "empty target");
	ASSERT_TRUE(bcc2core_sec__is("kprobe/f", "kprobe"), "is kprobe");
	ASSERT_TRUE(!bcc2core_sec__is("kprobe.multi/f", "kprobe"), "multi is not");
	ASSERT_TRUE(!bcc2core_sec__is("kretprobe/f", "kprobe"), "kretprobe is not");
	ASSERT_TRUE(!bcc2core_sec__is("kprobe", "kprobe"), "no slash");
}

static void test_syscall_tp(void)
{
	char buf[64];

	ASSERT_OK(bcc2core_sec__syscall_tp(buf, sizeof(buf), "ksyscall/newstat"), "ksyscall");
	ASSERT_STREQ(buf, "syscalls/sys_enter_newstat", "enter");
	ASSERT_OK(bcc2core_sec__syscall_tp(buf, sizeof(buf), "kretsyscall/stat"), "kretsyscall");
	ASSERT_STREQ(buf, "syscalls/sys_exit_stat", "exit");
	ASSERT_EQ(bcc2core_sec__syscall_tp(buf, sizeof(buf), "kprobe/vfs_read"), -EINVAL,
		  "not a syscall");
	ASSERT_EQ(bcc2core_sec__syscall_tp(buf, sizeof(buf), "ksyscall"), -EINVAL, "no name");
	ASSERT_EQ(bcc2core_sec__syscall_tp(buf, sizeof(buf), "ksyscall/a/b"), -EINVAL,
		  "not one event");
	ASSERT_EQ(bcc2core_sec__syscall_tp(buf, 20, "ksyscall/newstat"), -ENAMETOOLONG,
		  "too long");
}

/* a BTF with int, a map VAR with two tags, a FUNC with one, LICENSE */
static struct btf *make_btf(int format)
{
	struct btf *btf = btf__new_empty();
	int i, var, proto, fn, lic;
	char tag[64];

	i = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	var = btf__add_var(btf, "counts", BTF_VAR_GLOBAL_ALLOCATED, i);
	btf__add_decl_tag(btf, "bcc2core:histogram", var, -1);
	btf__add_decl_tag(btf, "other:thing", var, -1);
	btf__add_decl_tag(btf, "bcc2core:pin=/sys/fs/bpf/counts", var, -1);
	proto = btf__add_func_proto(btf, i);
	fn = btf__add_func(btf, "prog", BTF_FUNC_GLOBAL, proto);
	btf__add_decl_tag(btf, "bcc2core:also=kprobe/vfs_write", fn, -1);
	lic = btf__add_var(btf, "LICENSE", BTF_VAR_GLOBAL_ALLOCATED, i);
	if (format) {
		snprintf(tag, sizeof(tag), "bcc2core:format=%d", format);
		btf__add_decl_tag(btf, tag, lic, -1);
	}
	return btf;
}

static void test_tags_next(void)
{
	struct btf *btf = make_btf(0);
	enum bcc2core_tag_key key;
	const char *value;
	__u32 pos = 0;
	__s32 var = btf__find_by_name_kind(btf, "counts", BTF_KIND_VAR);
	__s32 fn = btf__find_by_name_kind(btf, "prog", BTF_KIND_FUNC);

	ASSERT_TRUE(bcc2core_tags__next(btf, var, &pos, &key, &value), "first");
	ASSERT_EQ(key, BCC2CORE_TAG_HISTOGRAM, "first key");
	/* other:thing is not ours: skipped */
	ASSERT_TRUE(bcc2core_tags__next(btf, var, &pos, &key, &value), "second");
	ASSERT_EQ(key, BCC2CORE_TAG_PIN, "second key");
	ASSERT_STREQ(value, "/sys/fs/bpf/counts", "second value");
	ASSERT_TRUE(!bcc2core_tags__next(btf, var, &pos, &key, &value), "end");
	ASSERT_TRUE(!bcc2core_tags__next(btf, var, &pos, &key, &value), "stays at end");
	pos = 0;
	ASSERT_TRUE(bcc2core_tags__next(btf, fn, &pos, &key, &value), "func tag");
	ASSERT_EQ(key, BCC2CORE_TAG_ALSO, "func key");
	ASSERT_STREQ(value, "kprobe/vfs_write", "func value");
	pos = 0;
	ASSERT_TRUE(!bcc2core_tags__next(NULL, fn, &pos, &key, &value), "no BTF");
	btf__free(btf);
}

static void test_object_format(void)
{
	struct btf *btf = make_btf(0);

	ASSERT_EQ(bcc2core_object__format(btf), 1, "no tag: format 1");
	btf__free(btf);
	btf = make_btf(7);
	ASSERT_EQ(bcc2core_object__format(btf), 7, "tagged");
	btf__free(btf);
	ASSERT_EQ(bcc2core_object__format(NULL), 1, "no BTF");
}

TEST_MAIN(test_form_names_round_trip, test_form_of, test_tag_parse, test_tag_write_then_read,
	  test_sec, test_syscall_tp, test_tags_next, test_object_format)
