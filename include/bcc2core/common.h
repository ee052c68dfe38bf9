/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef BCC2CORE_COMMON_H
#define BCC2CORE_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BCC2CORE_API __attribute__((visibility("default")))

/* Failures of our own, above the errno range (libbpf keeps its at 4000). */
enum bcc2core_errno {
	__BCC2CORE_ERRNO__START = 5000,
	BCC2CORE_ERRNO__PARSE = __BCC2CORE_ERRNO__START, /* the input is not valid C */
	BCC2CORE_ERRNO__UNSUPPORTED,	/* a BCC construct with no faithful CO-RE form */
	BCC2CORE_ERRNO__EDIT_CONFLICT,	/* two edits overlap partially */
	BCC2CORE_ERRNO__MACRO_BODY,	/* an edit inside a macro body */
	BCC2CORE_ERRNO__COMPILE,	/* clang -target bpf failed */
	BCC2CORE_ERRNO__ATTACH_SPEC,	/* a malformed --attach SPEC */
	BCC2CORE_ERRNO__NO_SHARED_TABLE, /* an extern table no running program shares */
	BCC2CORE_ERRNO__OBJECT_FORMAT,	/* an object of a newer format than this bcc2core reads */
	BCC2CORE_ERRNO__NOTHING_ATTACHED, /* no program with a target could attach */
	__BCC2CORE_ERRNO__END,
};

/* Like libbpf_strerror(): @buf gets a message for @err (positive or negative). */
BCC2CORE_API int bcc2core_strerror(int err, char *buf, size_t size);

enum bcc2core_print_level {
	BCC2CORE_WARN,
	BCC2CORE_INFO,
	BCC2CORE_DEBUG,
};

typedef int (*bcc2core_print_fn_t)(enum bcc2core_print_level level,
				   const char *fmt, va_list ap);

/* One logging path: our messages, libclang's diagnostics and libbpf's own
 * messages all go through @fn. The default prints WARN (or up to the level in
 * BCC2CORE_LOG_LEVEL=warn|info|debug) to stderr. Returns the previous one. */
BCC2CORE_API bcc2core_print_fn_t bcc2core_set_print(bcc2core_print_fn_t fn);

/* Declare and zero an opts struct with .sz set, like LIBBPF_OPTS(). */
#define BCC2CORE_OPTS(TYPE, NAME, ...)						\
	struct TYPE NAME = ({							\
		memset(&NAME, 0, sizeof(struct TYPE));				\
		(struct TYPE){ .sz = sizeof(struct TYPE), __VA_ARGS__ };	\
	})

#ifdef __cplusplus
}
#endif
#endif
