// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* diff's comparison and report: two JSON Lines streams in `run --json`'s
 * shapes (map and event records), maps compared by key and field, events as
 * multisets and, where both say their CPU, in order CPU by CPU, values that differ between any two loads (timestamps, stack
 * ids, kernel pointers) by kind; text or JSON Lines out. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bcc2core/runtime.h"
#include "diff.h"
#include "json.h"
#include "main.h"

/* one side's records */
struct stream {
	struct json **recs;
	size_t n;
	unsigned long long lost;
	size_t own;		/* records (events, map entries) of diff's own processes */
};

/* @v (a field named @name) a pid of diff's own processes: "pid", "tgid",
 * "tid" hold one, "id" and "pid_tgid" hold bpf_get_current_pid_tgid() */
static bool own_pid_field(const struct diff_opts *o, const char *name, const struct json *v)
{
	unsigned long long x;
	bool both;

	if (!name || !v || v->kind != JSON_NUMBER || v->text[0] == '-')
		return false;
	both = !strcmp(name, "id") || !strcmp(name, "pid_tgid");
	if (!both && strcmp(name, "pid") && strcmp(name, "tgid") && strcmp(name, "tid"))
		return false;
	x = strtoull(v->text, NULL, 10);
	for (int i = 0; i < 3; i++) {
		unsigned long long p = o->own_pids[i];

		if (p && (x == p || (both && x >> 32 == p)))
			return true;
	}
	return false;
}

/* an event's data or a map entry's key naming one of diff's own
 * processes: the BCC side's Python opens files, reads and signals after it
 * detached and before bcc2core's side does (and bcc2core's side before BCC's
 * starts counting), diff signals its sides; a program tracing those sees
 * them on one side only */
static bool own_record(const struct diff_opts *o, const struct json *j)
{
	if (!j || j->kind != JSON_OBJECT)
		return false;
	for (size_t i = 0; i < j->n; i++)
		if (own_pid_field(o, j->keys[i], &j->items[i]))
			return true;
	return false;
}

static void drop_own(struct stream *s, const struct diff_opts *o)
{
	size_t k = 0;

	for (size_t i = 0; i < s->n; i++) {
		struct json *j = s->recs[i];
		const char *t = json__get(j, "type")->text;

		if (!strcmp(t, "event") && own_record(o, json__get(j, "data"))) {
			json__free(j);
			s->own++;
			continue;
		}
		if (!strcmp(t, "map")) {
			struct json *e = (struct json *)json__get(j, "entries");
			size_t m = 0;

			for (size_t x = 0; e && e->kind == JSON_ARRAY && x < e->n; x++) {
				if (own_record(o, json__get(&e->items[x], "key"))) {
					s->own++;
					continue;	/* moved past m, freed below */
				}
				if (m != x) {
					struct json tmp = e->items[m];

					e->items[m] = e->items[x];
					e->items[x] = tmp;
				}
				m++;
			}
			if (e && e->kind == JSON_ARRAY)
				json__truncate(e, m);
		}
		s->recs[k++] = j;
	}
	s->n = k;
}

struct report {
	const struct diff_opts *o;
	size_t differences;
	char **by_kind;		/* field names compared by kind, once each */
	size_t by_kind_cnt;
	size_t own_bcc, own_b2c;	/* records of diff's own processes, left out */
	size_t typed;		/* BCC's raw-byte records typed with the object's types */
	size_t ordered;		/* buffers whose records were compared in order per CPU */
	/* printk lines (diff_printk.c): read, per side, unattributed, of
	 * other programs, lost */
	bool pk_read;
	size_t pk_lines[2], pk_unattr, pk_other;
	unsigned long long pk_lost;
};

static int stream__load(struct stream *s, const char *path, long skip)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;

	memset(s, 0, sizeof(*s));
	if (!fp)
		return -errno;
	if (skip)
		fseek(fp, skip, SEEK_SET);
	while (getline(&line, &cap, fp) > 0) {
		struct json *j = json__parse(line), **p;
		const struct json *t = json__get(j, "type"), *c;

		if (!j || !t || t->kind != JSON_STRING) {
			json__free(j);
			continue;	/* not a record (a stray line) */
		}
		if (!strcmp(t->text, "lost") && (c = json__get(j, "count")) && c->kind == JSON_NUMBER)
			s->lost += strtoull(c->text, NULL, 10);
		if (strcmp(t->text, "map") && strcmp(t->text, "event")) {
			json__free(j);
			continue;
		}
		p = realloc(s->recs, (s->n + 1) * sizeof(*p));
		if (!p) {
			json__free(j);
			break;
		}
		s->recs = p;
		s->recs[s->n++] = j;
	}
	free(line);
	fclose(fp);
	return 0;
}

static const char *str_of(const struct json *j, const char *name);

/* BCC's side gives the bytes (hex) of a record BCC's Python cannot type (a
 * struct with a union): typed here with the object's event type, as
 * bcc2core's side types its own; left as they are when that fails */
static void type_raw_events(struct stream *s, const struct diff_opts *o, size_t *typed)
{
	for (size_t i = 0; o->object && i < s->n; i++) {
		struct json *j = s->recs[i], *d = (struct json *)json__get(j, "data");
		const char *name = str_of(j, "name");
		size_t len;
		unsigned char *bytes;
		char *text;
		struct json *nj;

		if (strcmp(str_of(j, "type"), "event") || !d || d->kind != JSON_STRING || !name)
			continue;
		len = strlen(d->text);
		if (len % 2 || strspn(d->text, "0123456789abcdef") != len)
			continue;
		bytes = malloc(len / 2 + 1);
		if (!bytes)
			continue;
		for (size_t k = 0; k < len / 2; k++)
			sscanf(d->text + 2 * k, "%2hhx", &bytes[k]);
		text = bcc2core_event__render_json(o->object, name, bytes, len / 2);
		free(bytes);
		nj = text ? json__parse(text) : NULL;
		bcc2core_free(text);
		if (!nj)
			continue;
		/* the record's data member replaced by the typed one */
		json__clear_into(d, nj);
		(*typed)++;
	}
}

static void stream__free(struct stream *s)
{
	for (size_t i = 0; i < s->n; i++)
		json__free(s->recs[i]);
	free(s->recs);
}

static const char *str_of(const struct json *j, const char *name)
{
	const struct json *v = json__get(j, name);

	return v && v->kind == JSON_STRING ? v->text : NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* fields whose value no two loads share: times, durations each side
 * measures with its own clock reads (a few ns apart: delta, span, latency,
 * *_us, *_ms), stack ids */
static bool by_kind_name(const char *name)
{
	static const char *const namespaces[] = { "mnt_ns", "pid_ns", "net_ns", "user_ns",
						  "uts_ns", "ipc_ns", "cgroup_ns", "time_ns" };

	if (!name)
		return false;
	/* *_ns is nanoseconds, but a namespace's inode number is not a time */
	for (size_t i = 0; i < sizeof(namespaces) / sizeof(namespaces[0]); i++)
		if (ends_with(name, namespaces[i]))
			return false;
	return !strcmp(name, "ts") || !strcmp(name, "time") || !strcmp(name, "timestamp") ||
	       !strcmp(name, "start") || ends_with(name, "_ns") || ends_with(name, "_ts") ||
	       ends_with(name, "_time") || !strncmp(name, "ts_", 3) || strstr(name, "stack_id") ||
	       strstr(name, "stackid") || strstr(name, "delta") || !strncmp(name, "span", 4) ||
	       !strcmp(name, "lat") || !strncmp(name, "latency", 7) || ends_with(name, "_us") ||
	       ends_with(name, "_ms");
}

/* a kernel address (x86_64: the upper half) */
static bool kernel_pointer(const struct json *j)
{
	return j->kind == JSON_NUMBER && j->text[0] != '-' && strlen(j->text) == 20 &&
	       strcmp(j->text, "18446603336221196288") >= 0;
}

/* names @name in the summary's by_kind, once */
static void add_by_kind(struct report *r, const char *name)
{
	char **p;

	for (size_t i = 0; i < r->by_kind_cnt; i++)
		if (!strcmp(r->by_kind[i], name))
			return;
	p = realloc(r->by_kind, (r->by_kind_cnt + 1) * sizeof(*p));
	if (p) {
		r->by_kind = p;
		p[r->by_kind_cnt] = strdup(name);
		if (p[r->by_kind_cnt])
			r->by_kind_cnt++;
	}
}

/* a CLOCK_MONOTONIC time in ns taken while the sides ran */
static bool monotonic_time(const struct diff_opts *o, const struct json *j)
{
	unsigned long long x;

	if (!o->mono_lo || j->kind != JSON_NUMBER || j->text[0] == '-')
		return false;
	x = strtoull(j->text, NULL, 10);
	return x >= o->mono_lo && x <= o->mono_hi;
}

/* what a value compared by kind compares as, or NULL: compared by value */
static const char *kind_of(struct report *r, const struct json *j, const char *name)
{
	const char *kind = NULL;

	if (j->kind != JSON_NUMBER)
		return NULL;
	if (kernel_pointer(j)) {
		kind = "(kernel pointer)";
		name = "kernel pointers";
	} else if (by_kind_name(name)) {
		kind = strcmp(j->text, "0") ? "(nonzero)" : "(zero)";
	} else if (r && monotonic_time(r->o, j)) {
		/* a bpf_ktime_get_ns() value in a field or value with no time name
		 * (filelife's birth map: dentry -> ktime) */
		kind = "(monotonic time)";
		name = "monotonic times";
	}
	if (kind && r)
		add_by_kind(r, name);
	return kind;
}

/* @j as JSON with values compared by kind replaced by their kind */
static void write_masked(struct report *r, const struct json *j, const char *name,
			 struct strbuf *sb)
{
	const char *kind = kind_of(r, j, name);

	if (kind) {
		strbuf_printf(sb, "\"%s\"", kind);
		return;
	}
	if (j->kind == JSON_STRING && strlen(j->text) == 1) {
		/* a char: BCC's ctypes give "R", bcc2core's BTF 82 (filetop) */
		strbuf_printf(sb, "%d", (unsigned char)j->text[0]);
		return;
	}
	if (j->kind != JSON_ARRAY && j->kind != JSON_OBJECT) {
		json__write(j, sb);
		return;
	}
	strbuf_puts(sb, j->kind == JSON_ARRAY ? "[" : "{");
	for (size_t i = 0, first = 1; i < j->n; i++) {
		/* BCC's padding members (compare_values) */
		if (j->kind == JSON_OBJECT && !strncmp(j->keys[i], "__pad_", 6))
			continue;
		if (!first)
			strbuf_puts(sb, ",");
		first = 0;
		if (j->kind == JSON_OBJECT)
			strbuf_printf(sb, "\"%s\":", j->keys[i]);
		write_masked(r, &j->items[i], j->kind == JSON_OBJECT ? j->keys[i] : name, sb);
	}
	strbuf_puts(sb, j->kind == JSON_ARRAY ? "]" : "}");
}

static char *masked(struct report *r, const struct json *j, const char *name)
{
	struct strbuf sb = {};

	write_masked(r, j, name, &sb);
	return sb.buf ? strbuf_detach(&sb) : strdup("");
}

static const struct diff_truth *find_truth(const struct diff_opts *o, const char *map,
					   const struct json *key, const char *field)
{
	for (size_t i = 0; i < o->truth_cnt; i++) {
		const struct diff_truth *t = &o->truth[i];

		if (strcmp(t->map, map) || strcmp(t->field, field ? field : "-"))
			continue;
		if ((!key && !t->key) || (key && t->key && json__equal(key, t->key)))
			return t;
	}
	return NULL;
}

/* the two sides' values of a difference: ,"bcc":..,"bcc2core":.. in JSON,
 * "BCC .., bcc2core .." in text (null / none for a side without one) */
static void write_sides(struct strbuf *sb, bool json, const struct json *bcc,
			const struct json *b2c)
{
	strbuf_puts(sb, json ? ",\"bcc\":" : "BCC ");
	bcc ? json__write(bcc, sb) : strbuf_puts(sb, json ? "null" : "none");
	strbuf_puts(sb, json ? ",\"bcc2core\":" : ", bcc2core ");
	b2c ? json__write(b2c, sb) : strbuf_puts(sb, json ? "null" : "none");
}

/* one difference; @only "bcc"/"bcc2core" for something one side lacks */
static void report(struct report *r, const char *map, const struct json *key, const char *field,
		   const struct json *bcc, const struct json *b2c, const char *only,
		   const struct json *record)
{
	const struct diff_opts *o = r->o;
	const struct diff_truth *t = only || record ? NULL : find_truth(o, map, key, field);
	const char *mark = NULL;
	bool cause = !o->headers_match && o->kernel_reads;
	struct strbuf sb = {};

	r->differences++;
	if (t) {
		bool mb = bcc && json__equal(bcc, t->value), mc = b2c && json__equal(b2c, t->value);

		mark = mb && mc ? "both" : mb ? "bcc" : mc ? "bcc2core" : "neither";
	}
	if (o->json) {
		strbuf_puts(&sb, "{\"type\":\"difference\",\"map\":");
		{
			struct json name = { .kind = JSON_STRING, .text = (char *)map };

			json__write(&name, &sb);
		}
		if (key) {
			strbuf_puts(&sb, ",\"key\":");
			json__write(key, &sb);
		}
		if (field)
			strbuf_printf(&sb, ",\"field\":\"%s\"", field);
		if (record) {
			strbuf_puts(&sb, ",\"record\":");
			json__write(record, &sb);
		}
		if (only)
			strbuf_printf(&sb, ",\"only\":\"%s\"", only);
		if (!only)
			write_sides(&sb, true, bcc, b2c);
		if (mark) {
			strbuf_printf(&sb, ",\"truth\":\"%s\",\"expected\":", mark);
			json__write(t->value, &sb);
		}
		if (cause)
			strbuf_puts(&sb, ",\"cause\":\"bcc_headers\"");
		strbuf_puts(&sb, "}\n");
	} else {
		strbuf_printf(&sb, "%s %s", record ? "events" : "map", map);
		if (key) {
			strbuf_puts(&sb, " key ");
			json__write(key, &sb);
		}
		if (field)
			strbuf_printf(&sb, " field %s", field);
		if (record) {
			strbuf_puts(&sb, " record ");
			json__write(record, &sb);
		}
		if (only) {
			strbuf_printf(&sb, ": only %s has it", !strcmp(only, "bcc") ? "BCC" : "bcc2core");
		} else {
			strbuf_puts(&sb, ": ");
			write_sides(&sb, false, bcc, b2c);
		}
		if (mark) {
			strbuf_printf(&sb, " (truth ");
			json__write(t->value, &sb);
			strbuf_printf(&sb, ": %s)", !strcmp(mark, "bcc") ? "BCC is right" :
				      !strcmp(mark, "bcc2core") ? "bcc2core is right" :
				      !strcmp(mark, "both") ? "both match" : "neither matches");
		}
		strbuf_puts(&sb, "\n");
	}
	fputs(sb.buf, stdout);
	strbuf_free(&sb);
}

/* two values of one key, field by field; @path the field so far */
static void compare_values(struct report *r, const char *map, const struct json *key,
			   const char *path, const char *name, const struct json *bcc,
			   const struct json *b2c)
{
	if (bcc->kind == JSON_OBJECT && b2c->kind == JSON_OBJECT) {
		for (size_t i = 0; i < b2c->n; i++) {
			const struct json *v = json__get(bcc, b2c->keys[i]);
			char *sub = NULL;

			if (!strncmp(b2c->keys[i], "__pad_", 6))
				continue;	/* BCC's own padding members (below) */
			if (asprintf(&sub, "%s%s%s", path ? path : "", path ? "." : "",
				     b2c->keys[i]) < 0)
				return;
			if (!v)
				report(r, map, key, sub, NULL, &b2c->items[i], NULL, NULL);
			else
				compare_values(r, map, key, sub, b2c->keys[i], v, &b2c->items[i]);
			free(sub);
		}
		for (size_t i = 0; i < bcc->n; i++) {
			/* BCC's ctypes types name the padding it adds __pad_N: not a
			 * field of the program's */
			if (!strncmp(bcc->keys[i], "__pad_", 6))
				continue;
			if (!json__get(b2c, bcc->keys[i])) {
				char *sub = NULL;

				if (asprintf(&sub, "%s%s%s", path ? path : "", path ? "." : "",
					     bcc->keys[i]) >= 0)
					report(r, map, key, sub, &bcc->items[i], NULL, NULL, NULL);
				free(sub);
			}
		}
		return;
	}
	{
		char *x = masked(r, bcc, name), *y = masked(r, b2c, name);

		if (strcmp(x, y))
			report(r, map, key, path, bcc, b2c, NULL, NULL);
		free(x);
		free(y);
	}
}

static const struct json *find_rec(const struct stream *s, const char *type, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(str_of(s->recs[i], "type"), type) &&
		    !strcmp(str_of(s->recs[i], "name") ?: "", name))
			return s->recs[i];
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* multisets of masked texts: each text one side has more often, reported
 * once per extra copy with @items' original JSON */
static void compare_multisets(struct report *r, const char *map, bool records,
			      const struct json **bi, size_t bn, const struct json **ci, size_t cn,
			      const char *name)
{
	struct item { char *text; const struct json *j; } *b = calloc(bn + 1, sizeof(*b)),
		*c = calloc(cn + 1, sizeof(*c));
	size_t i = 0, k = 0;

	if (!b || !c)
		goto out;
	for (size_t x = 0; x < bn; x++)
		b[x] = (struct item){ masked(r, bi[x], name), bi[x] };
	for (size_t x = 0; x < cn; x++)
		c[x] = (struct item){ masked(r, ci[x], name), ci[x] };
	qsort(b, bn, sizeof(*b), cmp_str);
	qsort(c, cn, sizeof(*c), cmp_str);
	while (i < bn || k < cn) {
		int d = i >= bn ? 1 : k >= cn ? -1 : strcmp(b[i].text, c[k].text);
		const struct json *j = d < 0 ? b[i].j : c[k].j;

		if (d == 0) {
			i++;
			k++;
			continue;
		}
		if (records) {
			report(r, map, NULL, NULL, NULL, NULL, d < 0 ? "bcc" : "bcc2core", j);
		} else {
			const struct json *key = json__get(j, "key");

			report(r, map, key, NULL, d < 0 ? json__get(j, "value") : NULL,
			       d < 0 ? NULL : json__get(j, "value"), d < 0 ? "bcc" : "bcc2core",
			       NULL);
		}
		d < 0 ? i++ : k++;
	}
out:
	for (size_t x = 0; b && x < bn; x++)
		free(b[x].text);
	for (size_t x = 0; c && x < cn; x++)
		free(c[x].text);
	free(b);
	free(c);
}

/* a printk line one side printed more often ("bcc", "bcc2core"), or, when
 * no program could be told for it, an odd number of times by both together
 * ("unattributed") */
static void report_printk(struct report *r, const char *text, const char *only)
{
	struct json t = { .kind = JSON_STRING, .text = (char *)text };
	struct strbuf sb = {};

	r->differences++;
	if (r->o->json) {
		strbuf_puts(&sb, "{\"type\":\"difference\",\"printk\":");
		json__write(&t, &sb);
		strbuf_printf(&sb, ",\"only\":\"%s\"}\n", only);
	} else {
		strbuf_puts(&sb, "printk line ");
		json__write(&t, &sb);
		if (!strcmp(only, "unattributed"))
			strbuf_puts(&sb, ": printed an odd number of times by the two sides "
				    "together (its program unknown)\n");
		else
			strbuf_printf(&sb, ": only %s printed it (one more time)\n",
				      !strcmp(only, "bcc") ? "BCC" : "bcc2core");
	}
	fputs(sb.buf, stdout);
	strbuf_free(&sb);
}

/* diff_printk.c's records: each side's lines compared as multisets of
 * their texts (verbatim); the unattributed ones by parity only (both sides
 * together: a text printed an odd number of times differs, an even count
 * proves nothing) */
static void compare_printk(struct report *r)
{
	FILE *fp = fopen(r->o->printk, "r");
	char **texts[3] = { NULL, NULL, NULL }, *line = NULL;
	size_t n[3] = { 0, 0, 0 }, cap = 0;

	if (!fp)
		return;
	r->pk_read = true;
	while (getline(&line, &cap, fp) > 0) {
		struct json *j = json__parse(line);
		const char *type = j ? str_of(j, "type") : NULL, *side;
		const struct json *t = j ? json__get(j, "text") : NULL, *x;
		char **p;
		int k;

		if (type && !strcmp(type, "printk_stats")) {
			if ((x = json__get(j, "lost")) && x->kind == JSON_NUMBER)
				r->pk_lost = strtoull(x->text, NULL, 10);
			if ((x = json__get(j, "other")) && x->kind == JSON_NUMBER)
				r->pk_other = strtoull(x->text, NULL, 10);
		}
		if (!type || strcmp(type, "printk") || !t || t->kind != JSON_STRING) {
			json__free(j);
			continue;
		}
		side = str_of(j, "side");
		k = !side ? 2 : !strcmp(side, "bcc") ? 0 : 1;
		p = realloc(texts[k], (n[k] + 1) * sizeof(*p));
		if (p) {
			texts[k] = p;
			texts[k][n[k]++] = strdup(t->text);
		}
		json__free(j);
	}
	free(line);
	fclose(fp);
	for (int k = 0; k < 3; k++)
		if (n[k])
			qsort(texts[k], n[k], sizeof(char *), cmp_str);
	for (size_t i = 0, k = 0; i < n[0] || k < n[1];) {
		int d = i >= n[0] ? 1 : k >= n[1] ? -1 : strcmp(texts[0][i], texts[1][k]);

		if (d)
			report_printk(r, d < 0 ? texts[0][i] : texts[1][k], d < 0 ? "bcc" : "bcc2core");
		if (d <= 0)
			i++;
		if (d >= 0)
			k++;
	}
	for (size_t i = 0; i < n[2];) {
		size_t e = i;

		while (e < n[2] && !strcmp(texts[2][e], texts[2][i]))
			e++;
		if ((e - i) % 2)
			report_printk(r, texts[2][i], "unattributed");
		i = e;
	}
	r->pk_lines[0] = n[0];
	r->pk_lines[1] = n[1];
	r->pk_unattr = n[2];
	for (int k = 0; k < 3; k++) {
		for (size_t i = 0; i < n[k]; i++)
			free(texts[k][i]);
		free(texts[k]);
	}
}

/* a histogram entry: its group (the key without "slot"), slot and count */
struct hist_ent {
	char *group;
	long slot;
	unsigned long long count;
};

static bool hist_entries(const struct json *e, struct hist_ent **out, size_t *n)
{
	*out = calloc(e->n + 1, sizeof(**out));
	*n = 0;
	for (size_t i = 0; *out && i < e->n; i++) {
		const struct json *k = json__get(&e->items[i], "key"),
			*v = json__get(&e->items[i], "value"), *sl = NULL;
		struct strbuf sb = {};
		struct hist_ent *h = &(*out)[(*n)++];

		if (!k || !v || v->kind != JSON_NUMBER || v->text[0] == '-')
			return false;
		if (k->kind == JSON_NUMBER) {
			sl = k;
		} else if (k->kind == JSON_OBJECT && (sl = json__get(k, "slot")) &&
			   sl->kind == JSON_NUMBER) {
			strbuf_puts(&sb, "{");
			for (size_t m = 0; m < k->n; m++) {
				if (!strcmp(k->keys[m], "slot"))
					continue;
				strbuf_printf(&sb, "\"%s\":", k->keys[m]);
				json__write(&k->items[m], &sb);
				strbuf_puts(&sb, ",");
			}
			strbuf_puts(&sb, "}");
		} else {
			return false;
		}
		h->group = sb.buf ? strbuf_detach(&sb) : strdup("");
		h->slot = strtol(sl->text, NULL, 10);
		h->count = strtoull(v->text, NULL, 10);
		if (!h->group || h->slot < 0 || h->slot > 4096)
			return false;
	}
	return *out != NULL;
}

/* a histogram (bcc2core's side says so) whose two sides count the same
 * number of values per group, each value in the same bucket or the next
 * one, and few of them so: the same events, their durations measured by
 * each side with its own clock reads a few ns apart (a value near a bucket
 * edge lands on either side of it). A systematic shift (a wrong slot
 * computation) moves most values and is compared bucket by bucket. */
static bool hist_close(struct report *r, const struct json *be, const struct json *ce)
{
	struct hist_ent *b = NULL, *c = NULL;
	size_t bn = 0, cn = 0;
	bool ok = hist_entries(be, &b, &bn) && hist_entries(ce, &c, &cn);
	bool moved_any = false;

	for (size_t g = 0; ok && g < bn + cn; g++) {
		const char *grp = g < bn ? b[g].group : c[g - bn].group;
		unsigned long long cb[4098] = { 0 }, cc[4098] = { 0 }, tb = 0, tc = 0, moved = 0;
		long hi = 0;

		for (size_t i = 0; i < bn; i++)
			if (!strcmp(b[i].group, grp)) {
				cb[b[i].slot + 1] += b[i].count;
				hi = b[i].slot > hi ? b[i].slot : hi;
			}
		for (size_t i = 0; i < cn; i++)
			if (!strcmp(c[i].group, grp)) {
				cc[c[i].slot + 1] += c[i].count;
				hi = c[i].slot > hi ? c[i].slot : hi;
			}
		/* cumulative: c?[s + 1] = values in buckets <= s */
		for (long s = 1; s <= hi + 1; s++) {
			cb[s] += cb[s - 1];
			cc[s] += cc[s - 1];
		}
		tb = cb[hi + 1];
		tc = cc[hi + 1];
		for (long s = 1; ok && s <= hi + 1; s++) {
			/* a value moves one bucket at most */
			ok = cb[s - 1] <= cc[s] && cc[s - 1] <= cb[s];
			moved += cb[s] > cc[s] ? cb[s] - cc[s] : cc[s] - cb[s];
		}
		ok = ok && tb == tc && moved <= (tb / 10 > 2 ? tb / 10 : 2);
		moved_any |= moved > 0;
	}
	for (size_t i = 0; b && i < bn; i++)
		free(b[i].group);
	for (size_t i = 0; c && i < cn; i++)
		free(c[i].group);
	free(b);
	free(c);
	if (ok && moved_any) {
		/* said in the summary as compared by kind */
		add_by_kind(r, "histogram buckets (each value the same bucket or the next, "
			    "totals equal, at most 10% moved)");
	}
	return ok;
}

/* two keys as they compare: BCC's __pad_ members left out, chars as codes */
static bool key_equal(const struct json *a, const struct json *b)
{
	char *x, *y;
	bool eq;

	if (!a || !b)
		return a == b;
	x = masked(NULL, a, NULL);
	y = masked(NULL, b, NULL);
	eq = x && y && !strcmp(x, y);
	free(x);
	free(y);
	return eq;
}

static void compare_map(struct report *r, const char *name, const struct json *bm,
			const struct json *cm)
{
	const struct json *be = json__get(bm, "entries"), *ce = json__get(cm, "entries");
	const struct json **bi, **ci;
	bool keyed = true;
	size_t bn, cn;

	if (!be || !ce || be->kind != JSON_ARRAY || ce->kind != JSON_ARRAY)
		return;
	{
		const struct json *h = json__get(cm, "histogram");

		if (h && h->kind == JSON_BOOL && h->boolean && hist_close(r, be, ce))
			return;
	}
	bn = be->n;
	cn = ce->n;
	/* a key holding a time or a pointer cannot be matched: the entries
	 * are compared as multisets instead */
	for (size_t s = 0; s < 2 && keyed; s++) {
		const struct json *e = s ? ce : be;

		for (size_t i = 0; i < e->n && keyed; i++) {
			const struct json *k = json__get(&e->items[i], "key");
			struct strbuf sb = {};
			char *m;

			if (!k) {
				keyed = false;	/* a queue or stack */
				break;
			}
			json__write(k, &sb);
			m = masked(NULL, k, NULL);
			/* a value compared by kind shows as its kind: "(...)" */
			keyed = sb.buf && m && !strstr(m, "\"(");
			free(m);
			strbuf_free(&sb);
		}
	}
	if (!keyed) {
		bi = calloc(bn + 1, sizeof(*bi));
		ci = calloc(cn + 1, sizeof(*ci));
		for (size_t i = 0; bi && ci && i < bn; i++)
			bi[i] = &be->items[i];
		for (size_t i = 0; bi && ci && i < cn; i++)
			ci[i] = &ce->items[i];
		if (bi && ci)
			compare_multisets(r, name, false, bi, bn, ci, cn, name);
		free(bi);
		free(ci);
		return;
	}
	for (size_t i = 0; i < cn; i++) {
		const struct json *ck = json__get(&ce->items[i], "key"), *bv = NULL;

		for (size_t k = 0; k < bn && !bv; k++)
			if (key_equal(json__get(&be->items[k], "key"), ck))
				bv = json__get(&be->items[k], "value");
		if (!bv)
			report(r, name, ck, NULL, NULL, json__get(&ce->items[i], "value"), "bcc2core",
			       NULL);
		else
			compare_values(r, name, ck, NULL, name, bv, json__get(&ce->items[i], "value"));
	}
	for (size_t k = 0; k < bn; k++) {
		const struct json *bk = json__get(&be->items[k], "key");
		bool found = false;

		for (size_t i = 0; i < cn && !found; i++)
			found = key_equal(json__get(&ce->items[i], "key"), bk);
		if (!found)
			report(r, name, bk, NULL, json__get(&be->items[k], "value"), NULL, "bcc", NULL);
	}
}

/* every event record of buffer @name, its data, and the CPU it was
 * written on (-1: not said, a ring buffer's) */
static size_t event_data(const struct stream *s, const char *name, const struct json ***out,
			 int **cpus)
{
	size_t n = 0;

	*out = calloc(s->n + 1, sizeof(**out));
	*cpus = calloc(s->n + 1, sizeof(**cpus));
	if (!*out || !*cpus) {
		free(*out);
		free(*cpus);
		*out = NULL;
		*cpus = NULL;
		return 0;
	}
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(str_of(s->recs[i], "type"), "event") &&
		    !strcmp(str_of(s->recs[i], "name") ?: "", name)) {
			const struct json *c = json__get(s->recs[i], "cpu");

			(*cpus)[n] = c && c->kind == JSON_NUMBER ? atoi(c->text) : -1;
			(*out)[n++] = json__get(s->recs[i], "data");
		}
	return n;
}

/* the first place where CPU @cpu's records come in another order on one
 * side than on the other: the same event ran both sides' programs on one
 * CPU one right after the other, so each CPU's records must come in the
 * same order (execsnoop's arguments before their exec's return) */
static void report_order(struct report *r, const char *name, int cpu, size_t pos,
			 const struct json *bcc, const struct json *b2c)
{
	struct strbuf sb = {};

	r->differences++;
	if (r->o->json) {
		struct json n = { .kind = JSON_STRING, .text = (char *)name };

		strbuf_puts(&sb, "{\"type\":\"difference\",\"map\":");
		json__write(&n, &sb);
		strbuf_printf(&sb, ",\"cpu\":%d,\"order\":%zu", cpu, pos);
		write_sides(&sb, true, bcc, b2c);
		strbuf_puts(&sb, "}\n");
	} else {
		strbuf_printf(&sb, "events %s cpu %d: another order from record %zu on: ",
			      name, cpu, pos);
		write_sides(&sb, false, bcc, b2c);
		strbuf_puts(&sb, "\n");
	}
	fputs(sb.buf, stdout);
	strbuf_free(&sb);
}

/* the next record of @cpu in @d from *@i on (masked), or NULL */
static const struct json *next_on_cpu(const struct json **d, const int *cpus, size_t n,
				      int cpu, size_t *i)
{
	while (*i < n && cpus[*i] != cpu)
		(*i)++;
	return *i < n ? d[(*i)++] : NULL;
}

/* Equal multisets of a perf buffer's records, compared again CPU by CPU in
 * the order each side's reader handed them out; one difference per CPU at
 * most. Records across CPUs are not ordered (two rings), nor a ring
 * buffer's, which says no CPU: which of two CPUs reserves first can differ
 * between two rings. Returns whether both sides said every record's CPU. */
static bool compare_cpu_order(struct report *r, const char *name, const struct json **bd,
			      const int *bc, size_t bn, const struct json **cd, const int *cc,
			      size_t cn)
{
	int max = -1;

	for (size_t i = 0; i < bn; i++)
		if (bc[i] < 0)
			return false;
	for (size_t i = 0; i < cn; i++)
		if (cc[i] < 0)
			return false;
	for (size_t i = 0; i < bn; i++)
		max = bc[i] > max ? bc[i] : max;
	for (size_t i = 0; i < cn; i++)
		max = cc[i] > max ? cc[i] : max;
	for (int cpu = 0; cpu <= max; cpu++) {
		size_t i = 0, k = 0, pos = 0;

		for (;; pos++) {
			const struct json *x = next_on_cpu(bd, bc, bn, cpu, &i),
				*y = next_on_cpu(cd, cc, cn, cpu, &k);
			char *mx, *my;
			bool same;

			if (!x && !y)
				break;
			mx = x ? masked(r, x, NULL) : NULL;
			my = y ? masked(r, y, NULL) : NULL;
			same = mx && my && !strcmp(mx, my);
			free(mx);
			free(my);
			if (!same) {
				report_order(r, name, cpu, pos, x, y);
				break;
			}
		}
	}
	return true;
}

/* names of @type records in @a then those only @b has, each once */
static size_t names_of(const struct stream *a, const struct stream *b, const char *type,
		       const char ***out)
{
	size_t n = 0;

	*out = calloc(a->n + b->n + 1, sizeof(**out));
	for (size_t s = 0; *out && s < 2; s++) {
		const struct stream *st = s ? b : a;

		for (size_t i = 0; i < st->n; i++) {
			const char *name = str_of(st->recs[i], "name");
			bool seen = false;

			if (!name || strcmp(str_of(st->recs[i], "type"), type))
				continue;
			for (size_t k = 0; k < n && !seen; k++)
				seen = !strcmp((*out)[k], name);
			if (!seen)
				(*out)[n++] = name;
		}
	}
	return n;
}

#define PRINTK_HOW "each line given to the program that printed it by the JIT address in the " \
	"kernel stack traced with it (a tracefs instance of diff's own)"

/* "printk":{"compared":..,"bcc":N,"bcc2core":N,...}: how printk lines were compared */
static void printk_summary_json(const struct report *r, struct strbuf *sb)
{
	const char *how = !r->pk_read ? "no" : r->pk_unattr ? "by program, and by parity" :
			  "by program";

	strbuf_printf(sb, ",\"printk\":{\"compared\":\"%s\"", how);
	if (r->pk_read)
		strbuf_printf(sb, ",\"bcc\":%zu,\"bcc2core\":%zu,\"unattributed\":%zu,"
			      "\"other_programs\":%zu,\"lost\":%llu", r->pk_lines[0],
			      r->pk_lines[1], r->pk_unattr, r->pk_other, r->pk_lost);
	else {
		struct json why = { .kind = JSON_STRING,
				    .text = (char *)(r->o->printk_why ? r->o->printk_why : "not read") };

		strbuf_puts(sb, ",\"why\":");
		json__write(&why, sb);
	}
	strbuf_puts(sb, "}");
}

static void printk_summary_text(const struct report *r)
{
	if (!r->pk_read) {
		printf("printk lines not compared: %s\n", r->o->printk_why ? r->o->printk_why :
		       "not read");
		return;
	}
	printf("printk: BCC %zu lines, bcc2core %zu, compared as multisets of their texts, "
	       PRINTK_HOW "\n", r->pk_lines[0], r->pk_lines[1]);
	if (r->pk_unattr)
		printf("printk: %zu lines with no program of either side in their stack: compared "
		       "by parity only (a text printed an odd number of times differs; an even "
		       "count proves nothing)\n", r->pk_unattr);
	if (r->pk_other)
		printf("printk: %zu lines of other programs left out\n", r->pk_other);
	if (r->pk_lost)
		printf("printk: %llu lines lost in the instance's buffers (the printk comparison "
		       "is incomplete)\n", r->pk_lost);
}

static void print_summary(struct report *r, bool compared, size_t maps, size_t events,
			  unsigned long long lost_bcc, unsigned long long lost_b2c)
{
	const struct diff_opts *o = r->o;
	bool equal = compared && !r->differences;
	char **fields = NULL;
	size_t fields_cnt = 0;

	/* the fields whose values depend on the offsets BCC compiled with */
	if (!o->headers_match && o->kernel_reads && o->object && *o->object)
		core_fields__read(o->object, &fields, &fields_cnt);

	if (o->json) {
		struct strbuf sb = {};

		strbuf_printf(&sb, "{\"type\":\"summary\",\"equal\":%s,\"maps\":%zu,\"events\":%zu,"
			      "\"differences\":%zu,\"kernel\":\"%s\",\"bcc_headers\":\"%s\","
			      "\"headers_match\":%s", equal ? "true" : "false", maps, events,
			      r->differences, o->kernel, o->bcc_headers,
			      o->headers_match ? "true" : "false");
		if (!compared)
			strbuf_puts(&sb, ",\"compared\":false");
		if (!o->headers_match) {
			strbuf_printf(&sb, ",\"reads_kernel_structs\":%s",
				      o->kernel_reads ? "true" : "false");
			if (o->kernel_reads && fields_cnt) {
				strbuf_puts(&sb, ",\"kernel_fields\":[");
				for (size_t i = 0; i < fields_cnt; i++)
					strbuf_printf(&sb, "%s\"%s\"", i ? "," : "", fields[i]);
				strbuf_puts(&sb, "]");
			}
		}
		strbuf_puts(&sb, ",\"by_kind\":[");
		for (size_t i = 0; i < r->by_kind_cnt; i++)
			strbuf_printf(&sb, "%s\"%s\"", i ? "," : "", r->by_kind[i]);
		strbuf_puts(&sb, "]");
		if (lost_bcc || lost_b2c)
			strbuf_printf(&sb, ",\"lost\":{\"bcc\":%llu,\"bcc2core\":%llu}", lost_bcc,
				      lost_b2c);
		if (r->typed)
			strbuf_printf(&sb, ",\"bcc_raw_typed\":%zu", r->typed);
		if (r->ordered)
			strbuf_printf(&sb, ",\"ordered_per_cpu\":%zu", r->ordered);
		if (r->own_bcc || r->own_b2c)
			strbuf_printf(&sb, ",\"own_processes\":{\"bcc\":%zu,\"bcc2core\":%zu}",
				      r->own_bcc, r->own_b2c);
		if (compared && o->printk_used)
			printk_summary_json(r, &sb);
		strbuf_puts(&sb, "}\n");
		fputs(sb.buf, stdout);
		strbuf_free(&sb);
		core_fields__free(fields, fields_cnt);
		return;
	}
	if (compared)
		printf("%s: %zu maps, %zu events compared, %zu difference%s\n",
		       equal ? "equal" : "different", maps, events, r->differences,
		       r->differences == 1 ? "" : "s");
	printf("kernel %s; BCC compiled against %s headers%s\n", o->kernel, o->bcc_headers,
	       o->headers_match ? "" : " (not the running kernel's)");
	if (compared && !o->headers_match && o->kernel_reads) {
		printf("this program reads kernel structs (CO-RE reads in the converted C");
		for (size_t i = 0; i < fields_cnt; i++)
			printf("%s%s", i ? ", " : ": ", fields[i]);
		printf("): BCC read them at the offsets of %s, so its values read from kernel "
		       "structs can be wrong; differences in them are explained by the headers\n",
		       o->bcc_headers);
	}
	if (r->by_kind_cnt) {
		printf("compared by kind, not value:");
		for (size_t i = 0; i < r->by_kind_cnt; i++)
			printf(" %s", r->by_kind[i]);
		printf("\n");
	}
	if (r->ordered)
		printf("events of %zu buffer%s compared in order too, CPU by CPU\n", r->ordered,
		       r->ordered == 1 ? "" : "s");
	if (r->own_bcc || r->own_b2c)
		printf("left out: records of diff's own processes (pid fields): BCC %zu, "
		       "bcc2core %zu\n", r->own_bcc, r->own_b2c);
	if (lost_bcc || lost_b2c)
		printf("lost events: BCC %llu, bcc2core %llu (the event comparison is incomplete)\n",
		       lost_bcc, lost_b2c);
	if (compared && o->printk_used)
		printk_summary_text(r);
	core_fields__free(fields, fields_cnt);
}

int diff__compare(const char *bcc_out, const char *b2c_out, long b2c_skip,
		  const struct diff_opts *o)
{
	struct stream b, c;
	struct report r = { .o = o };
	const char **names;
	size_t n, maps = 0, events = 0;
	int err;

	err = stream__load(&b, bcc_out, 0);
	if (!err)
		err = stream__load(&c, b2c_out, b2c_skip);
	if (err) {
		diff__report_failure("bcc2core", "compare", strerror(-err), o);
		return 2;
	}
	type_raw_events(&b, o, &r.typed);
	drop_own(&b, o);
	drop_own(&c, o);
	n = names_of(&c, &b, "map", &names);
	for (size_t i = 0; i < n; i++) {
		const struct json *bm = find_rec(&b, "map", names[i]), *cm = find_rec(&c, "map", names[i]);

		maps++;
		if (!bm || !cm)
			report(&r, names[i], NULL, NULL, NULL, NULL, bm ? "bcc" : "bcc2core", NULL);
		else
			compare_map(&r, names[i], bm, cm);
	}
	free(names);
	n = names_of(&c, &b, "event", &names);
	for (size_t i = 0; i < n; i++) {
		const struct json **bd, **cd;
		int *bc, *cc;
		size_t bn = event_data(&b, names[i], &bd, &bc), cn = event_data(&c, names[i], &cd, &cc);
		size_t before = r.differences;

		events += cn > bn ? cn : bn;
		if (bd && cd)
			compare_multisets(&r, names[i], true, bd, bn, cd, cn, NULL);
		/* order is compared only for the same records: otherwise the
		 * differences above already say what is wrong */
		if (bd && cd && r.differences == before && bn &&
		    compare_cpu_order(&r, names[i], bd, bc, bn, cd, cc, cn))
			r.ordered++;
		free(bd);
		free(cd);
		free(bc);
		free(cc);
	}
	free(names);
	if (o->printk_used && o->printk)
		compare_printk(&r);
	r.own_bcc = b.own;
	r.own_b2c = c.own;
	print_summary(&r, true, maps, events, b.lost, c.lost);
	fflush(stdout);
	for (size_t i = 0; i < r.by_kind_cnt; i++)
		free(r.by_kind[i]);
	free(r.by_kind);
	stream__free(&b);
	stream__free(&c);
	return r.differences ? 1 : 0;
}

void diff__report_failure(const char *side, const char *stage, const char *msg,
			  const struct diff_opts *o)
{
	struct report r = { .o = o };

	if (o->json) {
		struct json m = { .kind = JSON_STRING, .text = (char *)msg };
		struct strbuf sb = {};

		strbuf_printf(&sb, "{\"type\":\"error\",\"side\":\"%s\",\"stage\":\"%s\",\"message\":",
			      side, stage);
		json__write(&m, &sb);
		strbuf_puts(&sb, "}\n");
		fputs(sb.buf, stdout);
		strbuf_free(&sb);
	} else if (!strcmp(side, "guest")) {
		printf("could not compare: the guest failed to %s: %s\n", stage, msg);
	} else {
		printf("could not compare: %s's side failed to %s: %s\n",
		       !strcmp(side, "bcc") ? "BCC" : "bcc2core", stage, msg);
	}
	print_summary(&r, false, 0, 0, 0, 0);
	fflush(stdout);
}

/* one truth line: "MAP KEY FIELD VALUE" or {"map":..,"key":..,"field":..,"value":..} */
static void truth__clear(struct diff_truth *t);

static int truth_line(char *line, struct diff_truth *t)
{
	memset(t, 0, sizeof(*t));
	if (*line == '{') {
		struct json *j = json__parse(line);
		const struct json *m = json__get(j, "map"), *k = json__get(j, "key"),
			*f = json__get(j, "field"), *v = json__get(j, "value");
		struct strbuf kb = {}, vb = {};

		if (!m || m->kind != JSON_STRING || !v) {
			json__free(j);
			return -EINVAL;
		}
		t->map = strdup(m->text);
		t->field = strdup(f && f->kind == JSON_STRING ? f->text : "-");
		if (k && k->kind != JSON_NULL) {
			json__write(k, &kb);
			t->key = json__parse(kb.buf);
		}
		json__write(v, &vb);
		t->value = json__parse(vb.buf);
		strbuf_free(&kb);
		strbuf_free(&vb);
		json__free(j);
	} else {
		char map[256], key[4096], field[256], value[4096];

		if (sscanf(line, "%255s %4095s %255s %4095[^\n]", map, key, field, value) != 4)
			return -EINVAL;
		t->map = strdup(map);
		t->field = strdup(field);
		t->key = strcmp(key, "-") ? json__parse(key) : NULL;
		t->value = json__parse(value);
		if (strcmp(key, "-") && !t->key)
			return -EINVAL;
	}
	return t->map && t->field && t->value ? 0 : -EINVAL;
}

int diff_truth__load(const char *path, struct diff_truth **out, size_t *cnt)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	int err = 0;

	*out = NULL;
	*cnt = 0;
	if (!fp) {
		err = -errno;
		p_err("cannot read --truth '%s': %s", path, strerror(errno));
		return err;
	}
	while (getline(&line, &cap, fp) > 0) {
		struct diff_truth *p, t;
		char *s = line + strspn(line, " \t");

		lineno++;
		s[strcspn(s, "\n")] = '\0';
		if (!*s || *s == '#')
			continue;
		if (truth_line(s, &t)) {
			p_err("%s:%zu: not a truth line", path, lineno);
			fprintf(stderr, "  hint: MAP KEY FIELD VALUE, KEY and VALUE JSON without "
				"spaces, FIELD - for a whole value; or a JSON object with map, key, "
				"field, value\n");
			truth__clear(&t);
			err = -EINVAL;
			break;
		}
		p = realloc(*out, (*cnt + 1) * sizeof(*p));
		if (!p) {
			truth__clear(&t);
			err = -ENOMEM;
			break;
		}
		*out = p;
		p[(*cnt)++] = t;
	}
	free(line);
	fclose(fp);
	if (err) {
		diff_truth__free(*out, *cnt);
		*out = NULL;
		*cnt = 0;
	}
	return err;
}

static void truth__clear(struct diff_truth *t)
{
	free(t->map);
	free(t->field);
	json__free(t->key);
	json__free(t->value);
}

void diff_truth__free(struct diff_truth *t, size_t cnt)
{
	for (size_t i = 0; t && i < cnt; i++)
		truth__clear(&t[i]);
	free(t);
}
