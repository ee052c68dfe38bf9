// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The build kernel's BTF (--btf, default this machine's): read and parsed
 * once by the rewriter (build_kernel__prepare()), asked by the passes that
 * need kernel facts (tracepoint records, function prototypes). Its SHA-256
 * is the object's record of it, and decides the vmlinux.h the program is
 * parsed and compiled with: bcc2core's own when it was made from the same
 * BTF (vmlinux.h.sha256), else one dumped from this BTF into a private copy
 * of the data directory, so that the types and the records agree. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "btf_file.h"
#include "internal.h"
#include "sha256.h"

extern char **environ;

struct btf *rw_kernel_btf(struct rw_ctx *ctx)
{
	return ctx->rw->btf;
}

const struct btf_type *rw_kernel_func_proto(struct rw_ctx *ctx, const char *fn)
{
	const struct btf *btf = rw_kernel_btf(ctx);
	const struct btf_type *t;
	__s32 id;

	if (!btf || (id = btf__find_by_name_kind(btf, fn, BTF_KIND_FUNC)) < 0)
		return NULL;
	t = btf__type_by_id(btf, btf__type_by_id(btf, id)->type);
	return t && btf_is_func_proto(t) ? t : NULL;
}

bool rw_kernel_syscall_function(struct rw_ctx *ctx, const char *syscall, char *buf, size_t size)
{
	static const char *const prefixes[] = { "__x64_sys_", "__arm64_sys_", "__s390x_sys_",
						"__riscv_sys_" };
	const struct btf_type *t;

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		snprintf(buf, size, "%s%s", prefixes[i], syscall);
		t = rw_kernel_func_proto(ctx, buf);
		if (t && btf_vlen(t) == 1)
			return true;
	}
	return false;
}

bool rw_kernel_x86_regs(struct rw_ctx *ctx)
{
	struct btf *btf = rw_kernel_btf(ctx);
	__s32 id = btf ? btf__find_by_name_kind(btf, "pt_regs", BTF_KIND_STRUCT) : -1;
	const struct btf_type *t = id > 0 ? btf__type_by_id(btf, id) : NULL;
	const struct btf_member *m = t ? btf_members(t) : NULL;

	for (int i = 0; t && i < btf_vlen(t); i++)
		if (!strcmp(btf__name_by_offset(btf, m[i].name_off), "orig_ax"))
			return true;
	return false;
}

bool btf_points_to_record(const struct btf *btf, __u32 id, bool typedefs, const char *record)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *name;

	while (t && (btf_is_mod(t) || (typedefs && btf_is_typedef(t))))
		t = btf__type_by_id(btf, t->type);
	if (!t || !btf_is_ptr(t))
		return false;
	t = btf__type_by_id(btf, t->type);
	while (t && (btf_is_mod(t) || btf_is_typedef(t)))
		t = btf__type_by_id(btf, t->type);
	if (!t || !(btf_is_struct(t) || btf_is_union(t)))
		return false;
	name = btf__name_by_offset(btf, t->name_off);
	return name && !strcmp(name, record);
}

/* vmlinux.h of @btf_path at @path, by the bpftool that made bcc2core's own:
 * the same BTF then gives the same header (libbpf's own dumper spells some
 * types differently, which changes the objects' BTF). */
static int dump_vmlinux_h(const char *btf_path, const char *path)
{
	char *argv[] = { (char *)BCC2CORE_BPFTOOL, "btf", "dump", "file", (char *)btf_path,
			 "format", "c", NULL };
	posix_spawn_file_actions_t fa;
	int err, status;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, path, O_WRONLY | O_CREAT | O_TRUNC,
					 0600);
	err = posix_spawn(&pid, BCC2CORE_BPFTOOL, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err)
		return -err;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -EIO;
}

static int copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out;
	char buf[65536];
	size_t n;
	int err = 0;

	if (!in)
		return -errno;
	out = fopen(to, "wb");
	if (!out) {
		err = -errno;
		fclose(in);
		return err;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			err = -EIO;
	fclose(in);
	if (fclose(out) && !err)
		err = -errno;
	return err;
}

/* The headers a converted program includes, beside the new vmlinux.h: a
 * quoted include looks in the includer's directory first. */
static const char *const data_headers[] = {
	"bcc2core_parse.h", "bcc2core_defs.h", "bcc2core.bpf.h", "bcc2core_proto.h",
};

static int private_datadir(struct bcc2core_rewriter *rw)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096], from[4096], to[4200];
	int err = 0;

	snprintf(dir, sizeof(dir), "%s/bcc2core-btf-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return -errno;
	rw->private_datadir = strdup(dir);
	if (!rw->private_datadir)
		return -ENOMEM;
	for (size_t i = 0; !err && i < sizeof(data_headers) / sizeof(data_headers[0]); i++) {
		snprintf(from, sizeof(from), "%s/%s", rw->datadir, data_headers[i]);
		snprintf(to, sizeof(to), "%s/%s", dir, data_headers[i]);
		err = copy_file(from, to);
	}
	snprintf(to, sizeof(to), "%s/vmlinux.h", dir);
	return err ?: dump_vmlinux_h(rw->btf_path, to);
}

void build_kernel__cleanup(struct bcc2core_rewriter *rw)
{
	char path[4200];

	if (!rw->private_datadir)
		return;
	for (size_t i = 0; i < sizeof(data_headers) / sizeof(data_headers[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", rw->private_datadir, data_headers[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/vmlinux.h", rw->private_datadir);
	unlink(path);
	rmdir(rw->private_datadir);
	free(rw->private_datadir);
	rw->private_datadir = NULL;
}

/* The build kernel's BTF, read and parsed once for every program (a 5 MB
 * vmlinux BTF takes ~10 ms), and its identity: the SHA-256 of the BTF blob,
 * the raw file's bytes or an ELF's .BTF section (a vmlinux), so that one
 * kernel's BTF has one identity. A file libbpf cannot parse is no BTF
 * (rw->btf_err says why). 0 or -errno. */
static int btf_identity(struct bcc2core_rewriter *rw, char hex[65])
{
	const void *raw;
	__u32 size;

	rw->btf = btf_file__parse(rw->btf_path);
	if (!rw->btf) {
		/* libbpf's own codes (not ELF, bad format: 4000 and up) have
		 * no strerror(): the file is no BTF */
		rw->btf_err = errno > 0 && errno < 4000 ? -errno : -EINVAL;
		return rw->btf_err;
	}
	raw = btf__raw_data(rw->btf, &size);
	return raw ? sha256_hex(raw, size, hex) : -ENOMEM;
}

int build_kernel__prepare(struct bcc2core_rewriter *rw, bool given)
{
	char path[4096], made_from[65] = "";
	FILE *fp;
	int err;

	err = btf_identity(rw, rw->btf_sha256);
	if (err) {
		rw->btf_sha256[0] = '\0';
		/* no BTF here: programs that need none still convert */
		if (!given)
			return 0;
		pr_warn("cannot read kernel BTF %s: %s\n"
			"  hint: --btf takes a kernel's BTF: a raw BTF file (/sys/kernel/btf/vmlinux) "
			"or a vmlinux ELF with a .BTF section\n", rw->btf_path, strerror(-err));
		return err;
	}
	snprintf(path, sizeof(path), "%s/vmlinux.h.sha256", rw->datadir);
	fp = fopen(path, "r");
	if (fp) {
		if (fscanf(fp, "%64[0-9a-f]", made_from) != 1)
			made_from[0] = '\0';
		fclose(fp);
	}
	/* an install that does not say what its vmlinux.h was made from */
	if (!fp || !strcmp(made_from, rw->btf_sha256))
		return 0;
	pr_debug("%s is not the BTF %s/vmlinux.h was made from: using one made from it\n",
		 rw->btf_path, rw->datadir);
	err = private_datadir(rw);
	if (err)
		pr_warn("cannot make vmlinux.h from %s: %s\n", rw->btf_path, strerror(-err));
	return err;
}

const char *build_kernel__datadir(const struct bcc2core_rewriter *rw)
{
	return rw->private_datadir ? rw->private_datadir : rw->datadir;
}
