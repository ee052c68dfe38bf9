// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The one logging path shared by the rewriter, the runtime and the CLI. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <bpf/libbpf.h>

#include "bcc2core/common.h"
#include "log.h"

static int default_print(enum bcc2core_print_level level, const char *fmt, va_list ap)
{
	static int max_level = -1;

	if (max_level < 0) {
		const char *env = getenv("BCC2CORE_LOG_LEVEL");

		max_level = BCC2CORE_WARN;
		if (env && !strcasecmp(env, "info"))
			max_level = BCC2CORE_INFO;
		else if (env && !strcasecmp(env, "debug"))
			max_level = BCC2CORE_DEBUG;
	}
	if ((int)level > max_level)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static bcc2core_print_fn_t print_fn = default_print;
static bool debug_enabled;

void bcc2core_set_debug(bool on)
{
	debug_enabled = on;
}

bool bcc2core_debug_enabled(void)
{
	return debug_enabled;
}

bcc2core_print_fn_t bcc2core_set_print(bcc2core_print_fn_t fn)
{
	return __atomic_exchange_n(&print_fn, fn, __ATOMIC_RELAXED);
}

void bcc2core_vprint(enum bcc2core_print_level level, const char *fmt, va_list ap)
{
	int saved_errno = errno;

	if (print_fn)
		print_fn(level, fmt, ap);
	errno = saved_errno;
}

void bcc2core_print(enum bcc2core_print_level level, const char *fmt, ...)
{
	int saved_errno = errno;	/* logging never disturbs error reporting */
	va_list ap;

	if (print_fn) {
		va_start(ap, fmt);
		print_fn(level, fmt, ap);
		va_end(ap);
	}
	errno = saved_errno;
}

static const char *const errstr[] = {
	[BCC2CORE_ERRNO__PARSE - __BCC2CORE_ERRNO__START] = "BCC program is not valid C",
	[BCC2CORE_ERRNO__UNSUPPORTED - __BCC2CORE_ERRNO__START] = "BCC construct has no faithful CO-RE form",
	[BCC2CORE_ERRNO__EDIT_CONFLICT - __BCC2CORE_ERRNO__START] = "Conflicting rewrite edits",
	[BCC2CORE_ERRNO__MACRO_BODY - __BCC2CORE_ERRNO__START] = "Rewrite needed inside a macro body",
	[BCC2CORE_ERRNO__COMPILE - __BCC2CORE_ERRNO__START] = "BPF compilation failed",
	[BCC2CORE_ERRNO__ATTACH_SPEC - __BCC2CORE_ERRNO__START] = "Malformed attach spec",
	[BCC2CORE_ERRNO__NO_SHARED_TABLE - __BCC2CORE_ERRNO__START] =
		"No running program shares the extern table",
	[BCC2CORE_ERRNO__OBJECT_FORMAT - __BCC2CORE_ERRNO__START] =
		"Object made by a newer bcc2core",
	[BCC2CORE_ERRNO__NOTHING_ATTACHED - __BCC2CORE_ERRNO__START] =
		"No program could attach on this kernel",
};

int bcc2core_strerror(int err, char *buf, size_t size)
{
	if (!buf || !size)
		return -EINVAL;
	err = err > 0 ? err : -err;
	/* libbpf's own codes (an ELF it cannot read: 4001), which open hands on */
	if (err >= __LIBBPF_ERRNO__START && err < __LIBBPF_ERRNO__END) {
		/* libbpf 1.1 has no text for some (4006): "(null)" */
		if (!libbpf_strerror(err, buf, size) && strcmp(buf, "(null)"))
			return 0;
		snprintf(buf, size, "libbpf error %d", err);
		return 0;
	}
	if (err < __BCC2CORE_ERRNO__START) {
		snprintf(buf, size, "%s", strerror(err));
		return 0;
	}
	if (err < __BCC2CORE_ERRNO__END) {
		snprintf(buf, size, "%s", errstr[err - __BCC2CORE_ERRNO__START]);
		return 0;
	}
	snprintf(buf, size, "Unknown bcc2core error %d", err);
	return -ENOENT;
}
