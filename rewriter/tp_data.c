// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* What kernel BTF does not say about tracepoints, from the data file
 * tracepoints.txt (scripts/gen-tracepoint-data.py made it from one kernel's
 * tracefs, with the class lines of a few more kernels merged in): the
 * arguments of each syscall tracepoint, and the record struct
 * of the events BTF cannot tell apart. Reading this file, not the build
 * machine's tracefs, keeps an object a function of its inputs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define TP_DATA_FILE "tracepoints.txt"

/* The file's text, read once per rewriter; NULL (errno set) without it. */
static const char *tp_data(struct rw_ctx *ctx)
{
	struct bcc2core_rewriter *rw = ctx->rw;
	char path[4096];
	FILE *fp;
	long n;

	if (rw->tp_data)
		return rw->tp_data;
	snprintf(path, sizeof(path), "%s/%s", rw->datadir, TP_DATA_FILE);
	fp = fopen(path, "r");
	if (!fp) {
		bcc2core_print(BCC2CORE_WARN, "%s: error: cannot read %s: %s\n"
			       "  hint: it is installed with bcc2core's data (BCC2CORE_DATADIR)\n",
			       ctx->path, path, strerror(errno));
		return NULL;
	}
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0 &&
	    (rw->tp_data = calloc(1, n + 1)) && fread(rw->tp_data, 1, n, fp) != (size_t)n) {
		free(rw->tp_data);
		rw->tp_data = NULL;
		errno = EIO;
	}
	fclose(fp);
	return rw->tp_data;
}

/* The line "KIND\tKEY..." (its text after KEY), or NULL. */
static const char *find_line(const char *data, const char *kind, const char *key)
{
	size_t kl = strlen(kind), n = strlen(key);

	for (const char *l = data; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (!strncmp(l, kind, kl) && l[kl] == '\t' && !strncmp(l + kl + 1, key, n) &&
		    (l[kl + 1 + n] == '\t' || l[kl + 1 + n] == '\n' || !l[kl + 1 + n]))
			return l + kl + 1 + n;
	}
	return NULL;
}

static int add_field(struct tp_format *tp, const char *type, const char *name, int offset,
		     int size, bool is_signed)
{
	struct tp_field *f = realloc(tp->fields, (tp->field_cnt + 1) * sizeof(*f));

	if (!f)
		return -ENOMEM;
	tp->fields = f;
	f = &tp->fields[tp->field_cnt++];
	memset(f, 0, sizeof(*f));
	f->type = strdup(type);
	f->name = strdup(name);
	f->offset = offset;
	f->size = size;
	f->is_signed = is_signed;
	f->array_len = -1;
	return f->type && f->name ? 0 : -ENOMEM;
}

/* syscalls:@event's fields as its format lists them: __syscall_nr, then
 * each argument in an 8-byte slot (sys_exit_*: ret). */
int tp_data__syscall(struct rw_ctx *ctx, const char *event, struct tp_format *tp)
{
	const char *data = tp_data(ctx), *p;
	int err, off = 16;

	if (!data)
		return -errno;
	p = find_line(data, "syscall", event);
	if (!p)
		return -ENOENT;
	err = add_field(tp, "int", "__syscall_nr", 8, 4, true);
	if (!err && !strncmp(event, "sys_exit_", 9))
		return add_field(tp, "long", "ret", off, 8, true);
	while (!err && *p == '\t') {
		const char *e = p + 1 + strcspn(p + 1, "\t\n"), *name = e;
		char type[256], nm[128];

		while (name > p + 1 && name[-1] != ' ' && name[-1] != '*')
			name--;
		snprintf(type, sizeof(type), "%.*s", (int)(name - p - 1), p + 1);
		while (*type && type[strlen(type) - 1] == ' ')
			type[strlen(type) - 1] = '\0';
		snprintf(nm, sizeof(nm), "%.*s", (int)(e - name), name);
		err = add_field(tp, type, nm, off, 8, false);
		off += 8;
		p = e;
	}
	return err;
}

/* The class (trace_event_raw_CLASS) the file names for @cat:@event, into
 * @buf, or NULL. */
const char *tp_data__class(struct rw_ctx *ctx, const char *cat, const char *event,
			   char *buf, size_t size)
{
	const char *data = tp_data(ctx), *p;
	char key[512];

	snprintf(key, sizeof(key), "%s:%s", cat, event);
	if (!data || !(p = find_line(data, "class", key)) || *p != '\t')
		return NULL;
	snprintf(buf, size, "%.*s", (int)strcspn(p + 1, "\t\n"), p + 1);
	return buf;
}
