// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* diff --tool's comparison and report: the two runs' stdout as lines of
 * whitespace-separated columns, values no two runs share masked (clock
 * times, columns under a time or latency header, pointers), lines about the
 * two tool processes dropped, then compared as multisets (histogram buckets
 * keyed by their histogram), counts optionally within a tolerance. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "json.h"
#include "main.h"

#define MAX_COLS 64

/* one compared line: what it was, what it compares as */
struct line {
	char *raw;
	char *norm;
	size_t idx;		/* its place in the output */
	char *cols[MAX_COLS];	/* into norm's copy, for the tolerance */
	bool tol[MAX_COLS];	/* a count compared within the tolerance */
	int ncols;
	bool paired;
};

struct side_lines {
	struct line *v;
	size_t n;
	size_t dropped;
};

struct lines_report {
	const struct diff_tool_opts *o;
	char **masked;		/* what was masked, once each */
	size_t masked_cnt;
	size_t differences, tolerated;
};

static void note_masked(struct lines_report *r, const char *what)
{
	char **p;

	for (size_t i = 0; i < r->masked_cnt; i++)
		if (!strcmp(r->masked[i], what))
			return;
	p = realloc(r->masked, (r->masked_cnt + 1) * sizeof(*p));
	if (!p)
		return;
	r->masked = p;
	if ((p[r->masked_cnt] = strdup(what)))
		r->masked_cnt++;
}

static bool is_number(const char *s)
{
	char *end;

	if (!*s)
		return false;
	strtod(s, &end);
	return !*end && (isdigit((unsigned char)s[0]) || s[0] == '-' || s[0] == '.');
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* HH:MM:SS, with or without fractions, maybe in brackets ("[14:02:11]",
 * syscount's); a date YYYY-MM-DD */
static bool clock_like(const char *s)
{
	int a, b, c, n = 0;

	if (*s == '[') {
		s++;
		if (sscanf(s, "%2d:%2d:%2d%n", &a, &b, &c, &n) == 3 && !strcmp(s + n, "]"))
			return true;
		n = 0;
	}
	if (sscanf(s, "%2d:%2d:%2d%n", &a, &b, &c, &n) == 3 && (!s[n] || s[n] == '.'))
		return true;
	n = 0;
	return sscanf(s, "%4d-%2d-%2d%n", &a, &b, &c, &n) == 3 && !s[n] && n == 10;
}

/* trace_pipe's timestamp column, "SECONDS.MICROSECONDS:": each side's
 * program prints its own line, a moment apart */
static bool trace_time(const char *s)
{
	size_t d = strspn(s, "0123456789");

	return d && s[d] == '.' && strspn(s + d + 1, "0123456789") == 6 && !strcmp(s + d + 7, ":");
}

/* trace_pipe's flags column after its "[CPU]" one (irqs off, need-resched,
 * irq context, preempt depth, migrate disabled): of the moment each side's
 * program printed, not of the event ("...21" on one side, ".N.21" on the
 * other when a wakeup came between) */
static bool trace_flags(const char *prev, const char *s)
{
	size_t n = strlen(s), c = strlen(prev);

	return c >= 3 && prev[0] == '[' && prev[c - 1] == ']' &&
	       strspn(prev + 1, "0123456789") == c - 2 && (n == 4 || n == 5) &&
	       strspn(s, ".dDXNnpPbBhHsSz0123456789") == n;
}

/* 0x and 8+ hex digits, or 12+ bare hex digits with a letter among them */
static bool pointer_like(const char *s)
{
	size_t n = 0;
	bool letter = false;

	if (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2)) {
		s += 2;
		for (; isxdigit((unsigned char)s[n]); n++)
			;
		return !s[n] && n >= 8;
	}
	for (; isxdigit((unsigned char)s[n]); n++)
		letter |= isalpha((unsigned char)s[n]);
	return !s[n] && n >= 12 && letter;
}

/* a header column whose values are times or durations: no two runs share them */
static bool time_header(const char *h)
{
	static const char *const words[] = { "TIME", "LAT", "AGE", "DELTA", "(ms)", "(us)",
					     "(ns)", "(s)", "MS", "US", "NSEC", "USEC", "MSEC",
					     "SECS", "ms", "us" };

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(h, words[i]))
			return true;
	return false;
}

/* a header column of counts: compared within --tolerance */
static bool count_header(const char *h)
{
	return strstr(h, "COUNT") || strstr(h, "CALLS") || strstr(h, "TOTAL") ||
	       strstr(h, "NUM") || !strcmp(h, "#") || !strcmp(h, "count");
}

static bool punctuation(const char *s)
{
	for (; *s; s++)
		if (isalnum((unsigned char)*s))
			return false;
	return true;
}

/* a column header line: two or more words, each starting with a capital
 * ("LATms", "TIME(s)") or "(", '%', '#', or all punctuation ("->"), none a
 * number */
static bool is_header(char **cols, int n)
{
	if (n < 2)
		return false;
	for (int i = 0; i < n; i++) {
		char c = cols[i][0];

		if (is_number(cols[i]) || !(isupper((unsigned char)c) || c == '(' || c == '%' ||
					    c == '#' || punctuation(cols[i])))
			return false;
	}
	return true;
}

static int split(char *s, char **cols)
{
	int n = 0;

	for (char *t = strtok(s, " \t"); t && n < MAX_COLS; t = strtok(NULL, " \t"))
		cols[n++] = t;
	return n;
}

/* "  16 -> 31  : 5  |****   |" (log2) or "  16  : 5  |**  |" (linear):
 * the bucket in @bucket, the count in @count; the bar is dropped */
static bool hist_line(const char *s, char *bucket, size_t bsize, char *count, size_t csize)
{
	unsigned long long lo, hi, c;
	int n = 0;

	if (sscanf(s, " %llu -> %llu : %llu %n", &lo, &hi, &c, &n) == 3 && s[n] == '|') {
		snprintf(bucket, bsize, "%llu->%llu", lo, hi);
		snprintf(count, csize, "%llu", c);
		return true;
	}
	n = 0;
	if (sscanf(s, " %llu : %llu %n", &lo, &c, &n) == 2 && s[n] == '|') {
		snprintf(bucket, bsize, "%llu", lo);
		snprintf(count, csize, "%llu", c);
		return true;
	}
	return false;
}

/* whether a line names one of the two tool processes: a column that is
 * one of their pids, or python3 (their comm) when CMD is not Python */
static bool names_tool(char **cols, int n, const struct diff_tool_opts *o)
{
	for (int i = 0; i < n; i++) {
		if (all_digits(cols[i]))
			for (size_t k = 0; k < 2; k++)
				if (o->tool_pids[k] > 0 && atol(cols[i]) == (long)o->tool_pids[k])
					return true;
		if (!o->cmd_is_python && !strncmp(cols[i], "python3", 7))
			return true;
	}
	return false;
}

static void headers__free(char **hdr, int n)
{
	for (int i = 0; i < n; i++)
		free(hdr[i]);
}

/* a header line's columns; "TIME (us)" is one column, as its values are */
static int headers__set(char **hdr, int old, char **cols, int n)
{
	int k = 0;

	headers__free(hdr, old);
	for (int i = 0; i < n; i++) {
		size_t len = strlen(cols[i]);

		if (k && cols[i][0] == '(' && cols[i][len - 1] == ')') {
			char *m = NULL;

			if (asprintf(&m, "%s %s", hdr[k - 1], cols[i]) >= 0) {
				free(hdr[k - 1]);
				hdr[k - 1] = m;
			}
			continue;
		}
		if ((hdr[k] = strdup(cols[i])))
			k++;
	}
	return k;
}

/* @buf's line as it compares: masked columns, a histogram bucket with its
 * histogram's key; @l->tol set for counts */
static char *normalize(struct lines_report *r, const char *buf, char **cols, int n,
		       char **hdr, int nhdr, const char *key, struct line *l, bool *hist)
{
	char bucket[64], count[32];
	struct strbuf sb = {};

	*hist = hist_line(buf, bucket, sizeof(bucket), count, sizeof(count));
	if (*hist) {
		/* keyed by the two lines above its histogram: a per-pid or
		 * per-interval histogram is one of several */
		strbuf_printf(&sb, "%s : %s %s", bucket, count, key);
		l->tol[2] = true;
	} else if (is_header(cols, n)) {
		for (int i = 0; i < n; i++)
			strbuf_printf(&sb, "%s%s", i ? " " : "", cols[i]);
	} else {
		for (int i = 0; i < n; i++) {
			const char *h = i < nhdr ? hdr[i] : NULL, *v = cols[i];

			if (clock_like(v)) {
				note_masked(r, "clock times");
				v = "(clock)";
			} else if (trace_time(v)) {
				note_masked(r, "trace_pipe times");
				v = "(time)";
			} else if (i && trace_flags(cols[i - 1], v)) {
				note_masked(r, "trace_pipe flags");
				v = "(flags)";
			} else if (pointer_like(v)) {
				note_masked(r, "pointers");
				v = "(pointer)";
			} else if (h && is_number(v) && time_header(h)) {
				note_masked(r, h);
				v = "(time)";
			} else if (h && is_number(v) && count_header(h)) {
				l->tol[i] = true;
			}
			strbuf_printf(&sb, "%s%s", i ? " " : "", v);
		}
	}
	return sb.buf ? strbuf_detach(&sb) : strdup("");
}

static int load(struct lines_report *r, const char *path, struct side_lines *s)
{
	FILE *fp = fopen(path, "r");
	char *buf = NULL, *hdr[MAX_COLS], sect[2][256] = { "", "" }, key[520];
	size_t cap = 0;
	int nhdr = 0;

	memset(s, 0, sizeof(*s));
	if (!fp)
		return -errno;
	while (getline(&buf, &cap, fp) > 0) {
		char *copy, *cols[MAX_COLS];
		struct line *l, *p;
		bool hist;
		int n;

		buf[strcspn(buf, "\r\n")] = '\0';
		copy = strdup(buf);
		if (!copy)
			break;
		n = split(copy, cols);
		if (!n || names_tool(cols, n, r->o)) {
			/* blank lines only space the output */
			s->dropped += n > 0;
			free(copy);
			continue;
		}
		p = realloc(s->v, (s->n + 1) * sizeof(*p));
		if (!p) {
			free(copy);
			break;
		}
		s->v = p;
		l = &s->v[s->n++];
		memset(l, 0, sizeof(*l));
		l->raw = strdup(buf);
		l->idx = s->n - 1;
		snprintf(key, sizeof(key), "[%s | %s]", sect[0], sect[1]);
		l->norm = normalize(r, buf, cols, n, hdr, nhdr, key, l, &hist);
		if (!hist && is_header(cols, n))
			nhdr = headers__set(hdr, nhdr, cols, n);
		if (!hist && l->norm) {
			snprintf(sect[0], sizeof(sect[0]), "%s", sect[1]);
			snprintf(sect[1], sizeof(sect[1]), "%s", l->norm);
		}
		free(copy);
		/* its columns, for the tolerance (a histogram's key: the rest) */
		copy = l->norm ? strdup(l->norm) : NULL;
		l->ncols = copy ? split(copy, l->cols) : 0;
		if (copy && !l->ncols)
			free(copy);
		if (!l->raw || !l->norm) {
			s->n--;
			free(l->raw);
			free(l->norm);
			free(l->ncols ? l->cols[0] : NULL);
			break;
		}
	}
	headers__free(hdr, nhdr);
	free(buf);
	fclose(fp);
	return 0;
}

static void side_lines__free(struct side_lines *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].raw);
		free(s->v[i].norm);
		free(s->v[i].ncols ? s->v[i].cols[0] : NULL);
	}
	free(s->v);
}

static int cmp_norm(const void *a, const void *b)
{
	return strcmp(((const struct line *)a)->norm, ((const struct line *)b)->norm);
}

static int cmp_idx(const void *a, const void *b)
{
	size_t x = (*(struct line *const *)a)->idx, y = (*(struct line *const *)b)->idx;

	return x < y ? -1 : x > y;
}

/* two lines alike but for counts within the tolerance */
static bool within(const struct line *a, const struct line *b, double pct)
{
	if (pct <= 0 || a->ncols != b->ncols)
		return false;
	for (int i = 0; i < a->ncols; i++) {
		double x, y, m;

		if (!strcmp(a->cols[i], b->cols[i]))
			continue;
		if (!a->tol[i] || !b->tol[i] || !is_number(a->cols[i]) || !is_number(b->cols[i]))
			return false;
		x = strtod(a->cols[i], NULL);
		y = strtod(b->cols[i], NULL);
		m = x > y ? x : y;
		if ((x > y ? x - y : y - x) > m * pct / 100)
			return false;
	}
	return true;
}

static void json_str(struct strbuf *sb, const char *s)
{
	struct json j = { .kind = JSON_STRING, .text = (char *)s };

	json__write(&j, sb);
}

static void report_only(struct lines_report *r, const struct line *l, const char *only)
{
	struct strbuf sb = {};

	r->differences++;
	if (r->o->json) {
		strbuf_puts(&sb, "{\"type\":\"difference\",\"line\":");
		json_str(&sb, l->raw);
		strbuf_printf(&sb, ",\"only\":\"%s\"}\n", only);
	} else {
		strbuf_printf(&sb, "only %s: %s\n", !strcmp(only, "bcc") ? "BCC" : "bcc2core", l->raw);
	}
	fputs(sb.buf, stdout);
	strbuf_free(&sb);
}

static void report_tolerated(struct lines_report *r, const struct line *b, const struct line *c)
{
	struct strbuf sb = {};

	r->tolerated++;
	if (r->o->json) {
		strbuf_puts(&sb, "{\"type\":\"tolerated\",\"bcc\":");
		json_str(&sb, b->raw);
		strbuf_puts(&sb, ",\"bcc2core\":");
		json_str(&sb, c->raw);
		strbuf_puts(&sb, "}\n");
	} else {
		strbuf_printf(&sb, "within %g%%: BCC %s | bcc2core %s\n", r->o->tolerance, b->raw,
			      c->raw);
	}
	fputs(sb.buf, stdout);
	strbuf_free(&sb);
}

static void print_summary(struct lines_report *r, bool compared, const struct side_lines *b,
			  const struct side_lines *c)
{
	const struct diff_tool_opts *o = r->o;
	const struct diff_printk_feed_stats *p = &o->printk;
	bool equal = compared && !r->differences;
	struct strbuf sb = {};

	if (o->json) {
		strbuf_printf(&sb, "{\"type\":\"summary\",\"equal\":%s,\"tool\":",
			      equal ? "true" : "false");
		json_str(&sb, o->tool);
		if (!compared)
			strbuf_puts(&sb, ",\"compared\":false");
		strbuf_printf(&sb, ",\"lines\":{\"bcc\":%zu,\"bcc2core\":%zu},\"differences\":%zu,"
			      "\"tolerated\":%zu,\"tolerance\":%g,"
			      "\"dropped\":{\"bcc\":%zu,\"bcc2core\":%zu},\"masked\":[",
			      b ? b->n : 0, c ? c->n : 0, r->differences, r->tolerated,
			      o->tolerance, b ? b->dropped : 0, c ? c->dropped : 0);
		for (size_t i = 0; i < r->masked_cnt; i++) {
			if (i)
				strbuf_puts(&sb, ",");
			json_str(&sb, r->masked[i]);
		}
		strbuf_printf(&sb, "],\"kernel\":\"%s\",\"bcc_headers\":\"%s\",\"headers_match\":%s",
			      o->kernel, o->bcc_headers, o->headers_match ? "true" : "false");
		if (o->printk_why) {
			strbuf_puts(&sb, ",\"trace_pipe\":{\"fed\":false,\"why\":");
			json_str(&sb, o->printk_why);
			strbuf_puts(&sb, "}");
		} else {
			strbuf_printf(&sb, ",\"trace_pipe\":{\"fed\":true,\"bcc\":%zu,\"bcc2core\":%zu,"
				      "\"both\":%zu,\"lost\":{\"bcc\":%zu,\"bcc2core\":%zu},"
				      "\"outside\":%zu}",
				      p->lines[0] - p->both, p->lines[1] - p->both, p->both,
				      p->lost[0], p->lost[1], p->outside);
		}
		strbuf_puts(&sb, "}\n");
		fputs(sb.buf, stdout);
		strbuf_free(&sb);
		return;
	}
	if (compared) {
		printf("%s: %zu lines from BCC, %zu from bcc2core, %zu difference%s", equal ?
		       "equal" : "different", b->n, c->n, r->differences,
		       r->differences == 1 ? "" : "s");
		if (o->tolerance > 0)
			printf(", %zu within %g%%", r->tolerated, o->tolerance);
		printf("\n");
		if (b->dropped || c->dropped)
			printf("left out: lines naming the tools' own processes (BCC %zu, bcc2core "
			       "%zu)\n", b->dropped, c->dropped);
		if (r->masked_cnt) {
			printf("masked, not compared:");
			for (size_t i = 0; i < r->masked_cnt; i++)
				printf("%s %s", i ? "," : "", r->masked[i]);
			printf("\n");
		}
	}
	printf("kernel %s; BCC compiled against %s headers%s\n", o->kernel, o->bcc_headers,
	       o->headers_match ? "" : " (not the running kernel's: values BCC reads from "
	       "kernel structs are at those headers' offsets)");
	if (o->printk_why)
		printf("trace_pipe: not fed to each tool apart (%s): a tool that reads it may "
		       "read the other's lines\n", o->printk_why);
	else if (p->lines[0] || p->lines[1])
		printf("trace_pipe: each tool read its own program's printk lines (BCC %zu, "
		       "bcc2core %zu, of no program of either side %zu to both; %zu printed "
		       "before both were ready or after the workload, not fed)%s\n",
		       p->lines[0] - p->both, p->lines[1] - p->both, p->both, p->outside,
		       p->lost[0] || p->lost[1] ? "; some lost, a tool left its pipe full" : "");
}

int diff_lines__compare(const char *bcc_out, const char *b2c_out, const struct diff_tool_opts *o)
{
	struct lines_report r = { .o = o };
	struct side_lines b, c;
	struct line **lb = NULL, **lc = NULL;
	size_t i = 0, k = 0, nb = 0, nc = 0;
	int err;

	err = load(&r, bcc_out, &b);
	if (!err && (err = load(&r, b2c_out, &c)))
		side_lines__free(&b);
	if (err) {
		diff_tool__report_error("bcc2core", "compare", strerror(-err), NULL, o);
		diff_tool__report_not_compared(o);
		return 2;
	}
	qsort(b.v, b.n, sizeof(*b.v), cmp_norm);
	qsort(c.v, c.n, sizeof(*c.v), cmp_norm);
	lb = calloc(b.n + 1, sizeof(*lb));
	lc = calloc(c.n + 1, sizeof(*lc));
	if (!lb || !lc)
		goto out;
	/* the multiset difference: what each side has more often */
	while (i < b.n || k < c.n) {
		int d = i >= b.n ? 1 : k >= c.n ? -1 : strcmp(b.v[i].norm, c.v[k].norm);

		if (!d) {
			i++;
			k++;
		} else if (d < 0) {
			lb[nb++] = &b.v[i++];
		} else {
			lc[nc++] = &c.v[k++];
		}
	}
	/* reported in the order the tool printed them */
	qsort(lb, nb, sizeof(*lb), cmp_idx);
	qsort(lc, nc, sizeof(*lc), cmp_idx);
	/* of those, pairs alike but for counts within the tolerance */
	for (size_t x = 0; x < nb; x++)
		for (size_t y = 0; y < nc && !lb[x]->paired; y++)
			if (!lc[y]->paired && within(lb[x], lc[y], o->tolerance)) {
				lb[x]->paired = lc[y]->paired = true;
				report_tolerated(&r, lb[x], lc[y]);
			}
	for (size_t x = 0; x < nb; x++)
		if (!lb[x]->paired)
			report_only(&r, lb[x], "bcc");
	for (size_t y = 0; y < nc; y++)
		if (!lc[y]->paired)
			report_only(&r, lc[y], "bcc2core");
	print_summary(&r, true, &b, &c);
out:
	fflush(stdout);
	free(lb);
	free(lc);
	side_lines__free(&b);
	side_lines__free(&c);
	for (size_t x = 0; x < r.masked_cnt; x++)
		free(r.masked[x]);
	free(r.masked);
	return r.differences ? 1 : 0;
}

void diff_tool__report_error(const char *side, const char *stage, const char *msg,
			     const char *stderr_path, const struct diff_tool_opts *o)
{
	char *tail[DIFF_STDERR_TAIL] = {}, *buf = NULL;
	size_t cap = 0, n = 0;
	FILE *fp = stderr_path ? fopen(stderr_path, "r") : NULL;
	struct strbuf sb = {};

	/* the last lines it wrote: a Python traceback ends with the reason */
	while (fp && getline(&buf, &cap, fp) > 0) {
		buf[strcspn(buf, "\n")] = '\0';
		if (!*buf)
			continue;
		free(tail[n % DIFF_STDERR_TAIL]);
		tail[n++ % DIFF_STDERR_TAIL] = strdup(buf);
	}
	if (fp)
		fclose(fp);
	free(buf);
	if (o->json) {
		strbuf_printf(&sb, "{\"type\":\"error\",\"side\":\"%s\",\"stage\":\"%s\",\"message\":",
			      side, stage);
		json_str(&sb, msg);
		if (stderr_path) {
			strbuf_puts(&sb, ",\"stderr\":[");
			for (size_t i = n > DIFF_STDERR_TAIL ? n - DIFF_STDERR_TAIL : 0; i < n; i++) {
				if (sb.buf[sb.len - 1] != '[')
					strbuf_puts(&sb, ",");
				json_str(&sb, tail[i % DIFF_STDERR_TAIL] ?: "");
			}
			strbuf_puts(&sb, "]");
		}
		strbuf_puts(&sb, "}\n");
	} else {
		strbuf_printf(&sb, "could not compare: %s's side failed to %s: %s\n",
			      !strcmp(side, "bcc") ? "BCC" : "bcc2core", stage, msg);
		for (size_t i = n > DIFF_STDERR_TAIL ? n - DIFF_STDERR_TAIL : 0; i < n; i++)
			strbuf_printf(&sb, "  %s\n", tail[i % DIFF_STDERR_TAIL] ?: "");
	}
	fputs(sb.buf, stdout);
	strbuf_free(&sb);
	for (size_t i = 0; i < DIFF_STDERR_TAIL; i++)
		free(tail[i]);
}

void diff_tool__report_not_compared(const struct diff_tool_opts *o)
{
	struct lines_report r = { .o = o };

	print_summary(&r, false, NULL, NULL);
	fflush(stdout);
}
