// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bcc2core convert: BCC C -> libbpf CO-RE C. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "main.h"

static void do_help(void)
{
	fprintf(stderr,
		"Usage: %1$s convert [-D NAME[=VAL]]... [-I DIR]... [--attach SPEC]... [--btf FILE]\n"
		"                    [--tracefs DIR] [--kconfig FILE] [--kernel-release REL]\n"
		"                    IN.c [-o OUT.bpf.c]\n"
		"\n"
		"Rewrites a BCC program into libbpf CO-RE C (stdout without -o).\n"
		"  -D NAME[=VAL]   define a macro, as BCC's cflags\n"
		"  -I DIR          add an include directory\n"
		"  --attach SPEC   attach a function as the BCC tool's Python did:\n"
		"                  kprobe:FUNC=PROG, kretprobe:FUNC=PROG, ksyscall:NAME=PROG,\n"
		"                  kretsyscall:NAME=PROG, tracepoint:CAT:EVENT=PROG,\n"
		"                  raw_tracepoint:EVENT=PROG, uprobe:PATH:SYMBOL=PROG,\n"
		"                  uretprobe:PATH:SYMBOL=PROG, usdt:PATH:PROVIDER:PROBE=PROG,\n"
		"                  section:SEC=PROG (any libbpf SEC, as load_func() said)\n"
		"  --btf FILE      the kernel BTF to build against (default: this kernel's,\n"
		"                  /sys/kernel/btf/vmlinux): vmlinux.h, tracepoint records\n"
		"  --tracefs DIR   read tracepoint formats from this tracefs (its events/)\n"
		"                  instead of the BTF and bcc2core's syscall table\n"
		"  --kconfig FILE  the kernel config for #if CONFIG_X left to build time\n"
		"                  (default without --btf: /boot/config-RELEASE, /proc/config.gz)\n"
		"  --kernel-release REL  the release for LINUX_VERSION_CODE left to build\n"
		"                  time (default without --btf: uname -r)\n",
		bin_name);
}

static int check_attach_specs(const struct bcc2core_rewriter_plugin *api,
			      const struct convert_args *ca)
{
	for (size_t i = 0; i < ca->attach_cnt; i++) {
		if (api->attach_spec_check(ca->attach[i])) {
			p_err("bad attach spec '%s'", ca->attach[i]);
			fprintf(stderr, "  hint: KIND:TARGET=PROG, KIND one of kprobe, kretprobe, "
				"ksyscall, kretsyscall, tracepoint (CAT:EVENT), raw_tracepoint, "
				"uprobe (PATH:SYMBOL), uretprobe\n");
			return -EINVAL;
		}
	}
	return 0;
}

int convert_to_string(const struct convert_args *ca, struct bcc2core_rewriter **rwp, char **out)
{
	const struct bcc2core_rewriter_plugin *api = rewriter_plugin();
	BCC2CORE_OPTS(bcc2core_rewriter_opts, opts,
		      .datadir = data_dir(),
		      .btf_path = ca->btf,
		      .tracefs = ca->tracefs,
		      .kconfig_path = ca->kconfig,
		      .kernel_release = ca->kernel_release,
		      .record_inputs = ca->record_inputs,
		      .probe_read_ctx = ca->probe_read_ctx,
		      .moved_ctx_fields = (const char *const *)ca->moved_ctx_fields,
		      .moved_ctx_field_cnt = ca->moved_ctx_field_cnt,
		      .cflags = ca->cflags,
		      .cflag_cnt = ca->cflag_cnt,
		      .attach_specs = ca->attach,
		      .attach_spec_cnt = ca->attach_cnt,
		      .line_directives = ca->line_directives);
	struct bcc2core_rewriter *rw;
	int err;

	*out = NULL;
	if (!api)
		return -ENOENT;
	err = check_attach_specs(api, ca);
	if (err)
		return err;
	rw = api->new(&opts);
	if (!rw) {
		err = -errno;
		p_err("cannot set up the rewriter: %s", strerror(errno));
		return err;
	}
	err = api->rewrite(rw, ca->input, NULL, 0, out);
	if (err || !rwp)
		api->free(rw);
	else
		*rwp = rw;
	return err;
}

static int write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (!fp) {
		p_err("cannot write %s: %s", path, strerror(errno));
		return -errno;
	}
	fputs(text, fp);
	if (fclose(fp)) {
		p_err("cannot write %s: %s", path, strerror(errno));
		return -errno;
	}
	return 0;
}

int do_convert(int argc, char **argv)
{
	struct convert_args ca;
	char *out = NULL;
	int err;

	err = convert_args__parse(argc, argv, &ca);
	if (err || ca.want_help) {
		if (ca.want_help)
			do_help();
		convert_args__free(&ca);
		return err ? 2 : 0;
	}
	if (ca.min_btf || ca.depfile) {
		p_err("%s goes with '%s build'", ca.min_btf ? "--min-btf bundles BTF into an object: it"
			: "--depfile names what an object was built from:", bin_name);
		convert_args__free(&ca);
		return 2;
	}
	err = convert_to_string(&ca, NULL, &out);
	if (!err) {
		if (ca.output)
			err = write_file(ca.output, out);
		else
			fputs(out, stdout);
	}
	free(out);
	convert_args__free(&ca);
	return err ? 1 : 0;
}
