// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A small recursive-descent JSON reader and writer for diff's two streams.
 * Numbers stay text: both sides print integers in decimal, so comparing
 * the text compares the values, u64 included. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

#define JSON_DEPTH_MAX 64

struct parser {
	const char *s;
	int depth;
};

static void skip_ws(struct parser *p)
{
	while (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r')
		p->s++;
}

static int parse_value(struct parser *p, struct json *out);

static void put_utf8(struct strbuf *sb, unsigned cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = 0xc0 | cp >> 6;
		b[1] = 0x80 | (cp & 0x3f);
		n = 2;
	} else {
		b[0] = 0xe0 | cp >> 12;
		b[1] = 0x80 | (cp >> 6 & 0x3f);
		b[2] = 0x80 | (cp & 0x3f);
		n = 3;
	}
	strbuf_append(sb, b, n);
}

/* a string's value; \u00XX below 0x100 stays one byte (run escapes raw
 * bytes that way and the BCC side decodes bytes as latin-1) */
static int parse_string(struct parser *p, char **out)
{
	struct strbuf sb = {};

	p->s++;	/* the opening quote */
	while (*p->s && *p->s != '"') {
		char c = *p->s++;

		if (c != '\\') {
			strbuf_append(&sb, &c, 1);
			continue;
		}
		c = *p->s++;
		switch (c) {
		case 'n': strbuf_puts(&sb, "\n"); break;
		case 't': strbuf_puts(&sb, "\t"); break;
		case 'r': strbuf_puts(&sb, "\r"); break;
		case 'b': strbuf_puts(&sb, "\b"); break;
		case 'f': strbuf_puts(&sb, "\f"); break;
		case '/': case '\\': case '"': strbuf_append(&sb, &c, 1); break;
		case 'u': {
			char hex[5] = {}, *end;
			unsigned cp;

			if (strlen(p->s) < 4)
				goto bad;
			memcpy(hex, p->s, 4);
			cp = strtoul(hex, &end, 16);
			if (*end)
				goto bad;
			p->s += 4;
			if (cp < 0x100) {
				char b = cp;

				strbuf_append(&sb, &b, 1);
			} else {
				put_utf8(&sb, cp);
			}
			break;
		}
		default:
			goto bad;
		}
	}
	if (*p->s != '"')
		goto bad;
	p->s++;
	*out = sb.buf ? strbuf_detach(&sb) : strdup("");
	return *out ? 0 : -ENOMEM;
bad:
	strbuf_free(&sb);
	return -EINVAL;
}

static int push(struct json *j, char *key, struct json *v)
{
	struct json *items = realloc(j->items, (j->n + 1) * sizeof(*items));
	char **keys;

	if (!items)
		return -ENOMEM;
	j->items = items;
	if (j->kind == JSON_OBJECT) {
		keys = realloc(j->keys, (j->n + 1) * sizeof(*keys));
		if (!keys)
			return -ENOMEM;
		j->keys = keys;
		keys[j->n] = key;
	}
	items[j->n++] = *v;
	return 0;
}

static void json__clear(struct json *j);

static int parse_container(struct parser *p, struct json *out, bool object)
{
	char close = object ? '}' : ']';
	int err;

	out->kind = object ? JSON_OBJECT : JSON_ARRAY;
	if (++p->depth > JSON_DEPTH_MAX)
		return -EINVAL;
	p->s++;
	skip_ws(p);
	if (*p->s == close) {
		p->s++;
		p->depth--;
		return 0;
	}
	for (;;) {
		struct json v = {};
		char *key = NULL;

		skip_ws(p);
		if (object) {
			if (*p->s != '"' || (err = parse_string(p, &key)))
				return err ? err : -EINVAL;
			skip_ws(p);
			if (*p->s++ != ':') {
				free(key);
				return -EINVAL;
			}
		}
		err = parse_value(p, &v);
		if (!err)
			err = push(out, key, &v);
		if (err) {
			free(key);
			json__clear(&v);
			return err;
		}
		skip_ws(p);
		if (*p->s == ',') {
			p->s++;
			continue;
		}
		if (*p->s != close)
			return -EINVAL;
		p->s++;
		p->depth--;
		return 0;
	}
}

static int parse_value(struct parser *p, struct json *out)
{
	skip_ws(p);
	memset(out, 0, sizeof(*out));
	switch (*p->s) {
	case '{':
		return parse_container(p, out, true);
	case '[':
		return parse_container(p, out, false);
	case '"':
		out->kind = JSON_STRING;
		return parse_string(p, &out->text);
	case 't':
	case 'f':
	case 'n': {
		static const char *const words[] = { "true", "false", "null" };

		for (int i = 0; i < 3; i++) {
			if (!strncmp(p->s, words[i], strlen(words[i]))) {
				out->kind = i == 2 ? JSON_NULL : JSON_BOOL;
				out->boolean = i == 0;
				p->s += strlen(words[i]);
				return 0;
			}
		}
		return -EINVAL;
	}
	default: {
		size_t n = strspn(p->s, "-+0123456789.eE");

		if (!n)
			return -EINVAL;
		out->kind = JSON_NUMBER;
		out->text = strndup(p->s, n);
		p->s += n;
		return out->text ? 0 : -ENOMEM;
	}
	}
}

struct json *json__parse(const char *s)
{
	struct parser p = { .s = s };
	struct json *j = calloc(1, sizeof(*j));
	int err;

	if (!j)
		return NULL;
	err = parse_value(&p, j);
	skip_ws(&p);
	if (!err && *p.s)
		err = -EINVAL;
	if (err) {
		json__free(j);
		errno = -err;
		return NULL;
	}
	return j;
}

static void json__clear(struct json *j)
{
	for (size_t i = 0; i < j->n; i++) {
		json__clear(&j->items[i]);
		if (j->keys)
			free(j->keys[i]);
	}
	free(j->items);
	free(j->keys);
	free(j->text);
}

/* @dst's value freed and replaced by @src's; @src itself freed */
void json__clear_into(struct json *dst, struct json *src)
{
	json__clear(dst);
	*dst = *src;
	free(src);
}

void json__truncate(struct json *arr, size_t n)
{
	for (size_t i = n; i < arr->n; i++) {
		json__clear(&arr->items[i]);
		if (arr->keys)
			free(arr->keys[i]);
	}
	if (n < arr->n)
		arr->n = n;
}

void json__free(struct json *j)
{
	if (!j)
		return;
	json__clear(j);
	free(j);
}

const struct json *json__get(const struct json *j, const char *name)
{
	if (!j || j->kind != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < j->n; i++)
		if (!strcmp(j->keys[i], name))
			return &j->items[i];
	return NULL;
}

static void write_string(const char *s, struct strbuf *sb)
{
	strbuf_puts(sb, "\"");
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c == '"' || *c == '\\')
			strbuf_printf(sb, "\\%c", *c);
		else if (*c == '\n')
			strbuf_puts(sb, "\\n");
		else if (*c < 0x20 || *c >= 0x7f)
			strbuf_printf(sb, "\\u%04x", *c);
		else
			strbuf_append(sb, (const char *)c, 1);
	}
	strbuf_puts(sb, "\"");
}

void json__write(const struct json *j, struct strbuf *sb)
{
	switch (j->kind) {
	case JSON_NULL:
		strbuf_puts(sb, "null");
		break;
	case JSON_BOOL:
		strbuf_puts(sb, j->boolean ? "true" : "false");
		break;
	case JSON_NUMBER:
		strbuf_puts(sb, j->text);
		break;
	case JSON_STRING:
		write_string(j->text, sb);
		break;
	case JSON_ARRAY:
	case JSON_OBJECT:
		strbuf_puts(sb, j->kind == JSON_ARRAY ? "[" : "{");
		for (size_t i = 0; i < j->n; i++) {
			if (i)
				strbuf_puts(sb, ",");
			if (j->kind == JSON_OBJECT) {
				write_string(j->keys[i], sb);
				strbuf_puts(sb, ":");
			}
			json__write(&j->items[i], sb);
		}
		strbuf_puts(sb, j->kind == JSON_ARRAY ? "]" : "}");
		break;
	}
}

bool json__equal(const struct json *a, const struct json *b)
{
	if (a->kind != b->kind || a->n != b->n)
		return false;
	switch (a->kind) {
	case JSON_NULL:
		return true;
	case JSON_BOOL:
		return a->boolean == b->boolean;
	case JSON_NUMBER:
	case JSON_STRING:
		return !strcmp(a->text, b->text);
	case JSON_ARRAY:
		for (size_t i = 0; i < a->n; i++)
			if (!json__equal(&a->items[i], &b->items[i]))
				return false;
		return true;
	case JSON_OBJECT:
		for (size_t i = 0; i < a->n; i++) {
			const struct json *v = json__get(b, a->keys[i]);

			if (!v || !json__equal(&a->items[i], v))
				return false;
		}
		return true;
	}
	return false;
}
