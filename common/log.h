/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef BCC2CORE_LOG_H
#define BCC2CORE_LOG_H

#include <stdbool.h>

#include "bcc2core/common.h"

__attribute__((format(printf, 2, 3)))
void bcc2core_print(enum bcc2core_print_level level, const char *fmt, ...);

/* -d: everything, verifier logs in full */
void bcc2core_set_debug(bool on);
bool bcc2core_debug_enabled(void);
void bcc2core_vprint(enum bcc2core_print_level level, const char *fmt, va_list ap);

#define pr_warn(fmt, ...) bcc2core_print(BCC2CORE_WARN, "bcc2core: " fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) bcc2core_print(BCC2CORE_INFO, "bcc2core: " fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) bcc2core_print(BCC2CORE_DEBUG, "bcc2core: " fmt, ##__VA_ARGS__)

/* Growable string buffer used to build text (rewrites, JSON, messages). */
struct strbuf {
	char *buf;
	size_t len, cap;
};

int strbuf_append(struct strbuf *sb, const char *s, size_t n);
__attribute__((format(printf, 2, 3)))
int strbuf_printf(struct strbuf *sb, const char *fmt, ...);
static inline int strbuf_puts(struct strbuf *sb, const char *s) { return strbuf_append(sb, s, strlen(s)); }
/* decimal integers, without printf (hot in event output) */
int strbuf_u64(struct strbuf *sb, unsigned long long v);
/* " __attribute__((btf_decl_tag("bcc2core:KEY[=VALUE]")))": the writing half
 * of object_format.h, for the rewriter (object_format.c) */
enum bcc2core_tag_key;
int strbuf_tag_attr(struct strbuf *sb, enum bcc2core_tag_key key, const char *value);
int strbuf_s64(struct strbuf *sb, long long v);
/* Hands over the buffer (never NULL on success) and resets @sb. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);

#endif
