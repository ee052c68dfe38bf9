// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* libbpf's messages through bcc2core's print path, for the application that
 * wants them there (the CLI does): the library itself never calls
 * libbpf_set_print(), which is process-wide. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

static bool verbose_logs(void)
{
	const char *env = getenv("BCC2CORE_LOG_LEVEL");

	return bcc2core_debug_enabled() || (env && !strcasecmp(env, "debug"));
}

/* "prog 'x': -- BEGIN PROG LOAD LOG --\n...\n-- END PROG LOAD LOG --": the
 * head line, a mark, and the last @lines lines of the log */
static char *log_tail(char *msg, int lines)
{
	char *body = strchr(msg, '\n'), *end = msg + strlen(msg), *p;
	int n = 0;

	if (!body)
		return msg;
	for (p = end - 1; p > body && n <= lines; p--)
		if (*p == '\n')
			n++;
	if (p <= body)
		return msg;
	while (*p != '\n')
		p++;
	/* keep the first line, then the tail */
	memmove(body + 1 + 38, p + 1, end - p);
	memcpy(body + 1, "... (the log's end; all of it with -d)\n", 38);
	return msg;
}

int bcc2core_libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	enum bcc2core_print_level l = level == LIBBPF_WARN ? BCC2CORE_WARN :
				      level == LIBBPF_INFO ? BCC2CORE_INFO : BCC2CORE_DEBUG;

	/* a rejected program's verifier log can run to a million lines: show
	 * its end (where the reason is), all of it with -d */
	if (l == BCC2CORE_WARN && strstr(fmt, "BEGIN PROG LOAD LOG") && !verbose_logs()) {
		char *msg = NULL;

		if (vasprintf(&msg, fmt, ap) >= 0) {
			bcc2core_print(l, "%s", log_tail(msg, 40));
			free(msg);
			return 0;
		}
	}
	bcc2core_vprint(l, fmt, ap);
	return 0;
}
