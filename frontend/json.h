/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* A small JSON reader for the JSON Lines the two sides of `diff` print:
 * a tree, numbers kept as their text (u64 values survive exactly). */
#ifndef BCC2CORE_FRONTEND_JSON_H
#define BCC2CORE_FRONTEND_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "log.h"

enum json_kind { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
	enum json_kind kind;
	bool boolean;
	char *text;		/* a number's text, a string's value */
	size_t n;		/* array items, object members */
	struct json *items;
	char **keys;		/* an object's member names */
};

/* parses one JSON text from @s; NULL and errno EINVAL on bad input */
struct json *json__parse(const char *s);
void json__free(struct json *j);
/* an array's or object's members from @n on freed, @n kept */
void json__truncate(struct json *arr, size_t n);
/* @dst (inside another value) becomes @src, which is consumed */
void json__clear_into(struct json *dst, struct json *src);
/* member @name of an object, or NULL */
const struct json *json__get(const struct json *j, const char *name);
/* compact JSON, object members in their order */
void json__write(const struct json *j, struct strbuf *sb);
bool json__equal(const struct json *a, const struct json *b);

#endif
