// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* #ifdef CONFIG_X and #if LINUX_VERSION_CODE: BCC evaluates them against the
 * kernel it compiles on. Groups inside functions are decided at load time
 * (kconfig_groups.c); for the rest, converting ahead of time, we evaluate
 * them against the build kernel (--kconfig FILE and --kernel-release REL;
 * without --btf, this machine's /boot/config-RELEASE or /proc/config.gz,
 * and uname), define what the program names, and say so at each use: the
 * object assumes that configuration on every kernel it runs on, and records
 * it (includes.c). Left undefined they would silently drop code. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "internal.h"
#include "kconfig_file.h"
#include "sha256.h"

static bool is_ident(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* CONFIG_* and LINUX_VERSION_CODE identifiers of @src, with a position. */
static int scan_names(const char *src, size_t len, char ***names, size_t **offs, size_t *cnt)
{
	for (size_t i = 0; i < len;) {
		size_t s;

		if (src[i] == '/' && i + 1 < len && (src[i + 1] == '/' || src[i + 1] == '*')) {
			bool line = src[i + 1] == '/';

			for (i += 2; i < len && (line ? src[i] != '\n'
						: !(src[i] == '*' && i + 1 < len && src[i + 1] == '/')); i++)
				;
			i += line ? 0 : 2;
			continue;
		}
		if (!is_ident(src[i]) || (i && is_ident(src[i - 1]))) {
			i++;
			continue;
		}
		for (s = i; i < len && is_ident(src[i]); i++)
			;
		if ((i - s > 7 && !strncmp(src + s, "CONFIG_", 7)) ||
		    (i - s == 18 && !strncmp(src + s, "LINUX_VERSION_CODE", 18))) {
			bool seen = false;

			for (size_t k = 0; k < *cnt && !seen; k++)
				seen = strlen((*names)[k]) == i - s && !strncmp((*names)[k], src + s, i - s);
			if (seen)
				continue;
			*names = realloc(*names, (*cnt + 1) * sizeof(**names));
			*offs = realloc(*offs, (*cnt + 1) * sizeof(**offs));
			(*names)[*cnt] = strndup(src + s, i - s);
			(*offs)[(*cnt)++] = s;
		}
	}
	return 0;
}

/* The build kernel's config, as text, or NULL; read once per program
 * (parse.c asks for the flags several times). *from names the file. */
const char *kconfig__text(struct rw_ctx *ctx, const char **from)
{
	if (!ctx->kconfig_read) {
		const char *path = ctx->rw->kconfig_path;

		/* this machine's config goes with this machine's BTF only */
		if (!path && !ctx->rw->btf_given)
			path = kconfig_file__system(ctx->kconfig_path, sizeof(ctx->kconfig_path));
		ctx->kconfig_read = true;
		if (path && path != ctx->kconfig_path)
			snprintf(ctx->kconfig_path, sizeof(ctx->kconfig_path), "%s", path);
		else if (!path)
			snprintf(ctx->kconfig_path, sizeof(ctx->kconfig_path), "%s",
				 ctx->rw->btf_given ? "--btf without --kconfig FILE"
				 : "/boot/config-RELEASE, /proc/config.gz");
		if (path && !kconfig_file__read(path, &ctx->kconfig) &&
		    sha256_hex(ctx->kconfig, strlen(ctx->kconfig), ctx->kconfig_sha256)) {
			/* no identity: as no config */
			free(ctx->kconfig);
			ctx->kconfig = NULL;
		}
	}
	*from = ctx->kconfig_path;
	return ctx->kconfig;
}

/* CONFIG_X's value in @config as written ("y", "m", "100", "\"s\""), or NULL. */
const char *kconfig__raw_value(const char *config, const char *name, char *val, size_t size)
{
	size_t n = strlen(name);

	for (const char *l = config; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *e;

		if (strncmp(l, name, n) || l[n] != '=')
			continue;
		e = strchr(l, '\n');
		snprintf(val, size, "%.*s", (int)((e ? e : l + strlen(l)) - (l + n + 1)), l + n + 1);
		return val;
	}
	return NULL;
}

/* "CONFIG_X=y" -> 1, "=m" -> CONFIG_X_MODULE, "=123"/"=\"s\"" as is. */
static const char *config_value(const char *config, const char *name, char *val, size_t size,
				bool *module)
{
	*module = false;
	if (!kconfig__raw_value(config, name, val, size))
		return NULL;
	if (!strcmp(val, "y"))
		snprintf(val, size, "1");
	else if (!strcmp(val, "m"))
		*module = true;
	return val;
}

/* LINUX_VERSION_CODE of the build kernel, 0 when unknown (--btf without
 * --kernel-release); the release is recorded in the object. */
static unsigned version_code(struct rw_ctx *ctx)
{
	struct utsname u;
	unsigned a = 0, b = 0, c = 0;
	const char *rel = ctx->rw->kernel_release;

	if (!rel && !ctx->rw->btf_given && uname(&u) == 0)
		rel = u.release;
	if (!rel || sscanf(rel, "%u.%u.%u", &a, &b, &c) < 2)
		return 0;
	snprintf(ctx->release_used, sizeof(ctx->release_used), "%s", rel);
	return (a << 16) + (b << 8) + (c > 255 ? 255 : c);
}

/* why this use was left to the build kernel */
static const char load_time_hint[] =
	"an object runs on many kernels: an #if around whole statements of a function is "
	"decided at load time, this one is not (outside a function, inside an expression, around "
	"case labels, or "
	"a branch that does not compile against this kernel's types); test what the code needs "
	"with bpf_core_field_exists() or an extern __kconfig / LINUX_KERNEL_VERSION";

static bool decided_at_load(const struct kconfig_load *load, const char *name)
{
	return load && strv_has(load->names, load->name_cnt, name);
}

int kconfig__flags(struct rw_ctx *ctx, const char *src, size_t len,
		   const struct kconfig_load *load, bool warn)
{
	char **names = NULL, val[256];
	size_t *offs = NULL, cnt = 0;
	const char *config = NULL, *from = NULL, *saved_src = ctx->src;
	size_t saved_len = ctx->src_len;
	int err = 0;

	/* positions in messages are in the program as read (not parsed yet) */
	ctx->src = src;
	ctx->src_len = len;
	scan_names(src, len, &names, &offs, &cnt);
	for (size_t i = 0; i < cnt && !err; i++) {
		bool module;
		char *flag = NULL;

		/* its #if groups are decided at load time (kconfig_groups.c) */
		if (decided_at_load(load, names[i]))
			continue;
		/* a -D on the command line decides */
		for (size_t k = 0; k < ctx->rw->cflag_cnt; k++)
			if (!strncmp(ctx->rw->cflags[k], "-D", 2) &&
			    !strncmp(ctx->rw->cflags[k] + 2, names[i], strlen(names[i])))
				goto next;
		if (!strcmp(names[i], "LINUX_VERSION_CODE")) {
			unsigned v = version_code(ctx);

			if (!v) {
				if (warn)
					rw_warn(ctx, offs[i], "pass --kernel-release REL (or -D "
						"LINUX_VERSION_CODE=N)", "LINUX_VERSION_CODE: no "
						"release for the kernel --btf names, so it is undefined");
				goto next;
			}
			if (asprintf(&flag, "-DLINUX_VERSION_CODE=%u", v) < 0)
				flag = NULL;
			if (warn)
				rw_warn(ctx, offs[i], load_time_hint, "LINUX_VERSION_CODE is the "
					"build kernel's (%u.%u.%u)", v >> 16, (v >> 8) & 0xff, v & 0xff);
		} else {
			if (!from)
				config = kconfig__text(ctx, &from);
			if (!config) {
				if (warn)
					rw_warn(ctx, offs[i], "pass -D for it, or --kconfig FILE",
						"%s: no kernel config to read (%s), so it is undefined",
						names[i], from);
				goto next;
			}
			if (!config_value(config, names[i], val, sizeof(val), &module)) {
				if (warn)
					rw_warn(ctx, offs[i], load_time_hint, "%s is not set in the "
						"build kernel's config (%s)", names[i], from);
				goto next;
			}
			if (module ? asprintf(&flag, "-D%s_MODULE=1", names[i]) < 0
				   : asprintf(&flag, "-D%s=%s", names[i], val) < 0)
				flag = NULL;
			if (warn)
				rw_warn(ctx, offs[i], load_time_hint, "%s is taken from the build "
					"kernel's config (%s=%s)", names[i], names[i],
					module ? "m" : !strcmp(val, "1") ? "y" : val);
		}
		if (!flag) {
			err = -ENOMEM;
			break;
		}
		ctx->rw->kflags = realloc(ctx->rw->kflags,
					  (ctx->rw->kflag_cnt + 1) * sizeof(*ctx->rw->kflags));
		ctx->rw->kflags[ctx->rw->kflag_cnt++] = flag;
next:;
	}
	for (size_t i = 0; i < cnt; i++)
		free(names[i]);
	free(names);
	free(offs);
	ctx->src = saved_src;
	ctx->src_len = saved_len;
	return err;
}
