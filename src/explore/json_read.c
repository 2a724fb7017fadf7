/*
 * json_read.c - the JSON reader (see ex_json.h): recursive descent over
 * RFC 8259, with a depth limit, for the inputs vfsrace reads back (its own
 * --json results); \u escapes are taken as the control characters vfsrace
 * writes that way.
 */
#include <stdio.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "vfsrace/ex_json.h"

#define MAX_DEPTH 32

struct parser {
	const char *p, *start, *end;
	const char *err;
};

void json_value_free(struct json_value *v)
{
	for (unsigned i = 0; i < v->n; i++) {
		json_value_free(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->string);
	memset(v, 0, sizeof(*v));
}

static void skip_ws(struct parser *jp)
{
	while (jp->p < jp->end && *jp->p && strchr(" \t\r\n", *jp->p))
		jp->p++;
}

static bool fail(struct parser *jp, const char *why)
{
	if (!jp->err)
		jp->err = why;
	return false;
}

/* The character an escape stands for; false for a bad escape. */
static bool unescape(struct parser *jp, char *c)
{
	if (jp->p >= jp->end)
		return false;
	switch (*c = *jp->p++) {
	case 'n':
		*c = '\n';
		return true;
	case 't':
		*c = '\t';
		return true;
	case 'r':
		*c = '\r';
		return true;
	case 'b':
		*c = '\b';
		return true;
	case 'f':
		*c = '\f';
		return true;
	case '"':
	case '\\':
	case '/':
		return true;
	case 'u': {
		/* vfsrace writes \u only for ASCII control characters: a NUL
		 * (which would cut the string short) or anything past ASCII is
		 * not from vfsrace */
		unsigned u = 0;

		if (jp->end - jp->p < 4)
			return false;
		for (int i = 0; i < 4; i++) {
			char h = jp->p[i];
			if (!isxdigit((unsigned char)h))
				return false;
			u = u * 16 + (unsigned)(isdigit((unsigned char)h)
						    ? h - '0'
						    : (tolower((unsigned char)h) - 'a' + 10));
		}
		if (u == 0 || u > 0x7f)
			return false;
		*c = (char)u;
		jp->p += 4;
		return true;
	}
	default:
		return false;
	}
}

static bool parse_string(struct parser *jp, char **out)
{
	size_t cap = 16, n = 0;
	char *s = malloc(cap);

	if (!s)
		return fail(jp, "out of memory");
	jp->p++; /* the opening quote */
	while (jp->p < jp->end && *jp->p != '"') {
		char c = *jp->p++;

		if ((unsigned char)c < 0x20 || (c == '\\' && !unescape(jp, &c)))
			goto bad;
		if (n + 2 > cap) {
			char *t = realloc(s, cap *= 2);
			if (!t)
				goto bad;
			s = t;
		}
		s[n++] = c;
	}
	if (jp->p >= jp->end)
		goto bad;
	jp->p++;
	s[n] = 0;
	*out = s;
	return true;
bad:
	free(s);
	return fail(jp, "bad string");
}

static bool parse_value(struct parser *jp, struct json_value *v, int depth);

static bool add_item(struct parser *jp, struct json_value *v, char *key, int depth)
{
	if (v->n == v->cap) {
		unsigned cap = v->cap ? v->cap * 2 : 8;
		struct json_value *k = realloc(v->items, cap * sizeof(*k));
		if (!k)
			return free(key), fail(jp, "out of memory");
		v->items = k;
		if (v->type == JSON_OBJECT) {
			char **ks = realloc(v->keys, cap * sizeof(*ks));
			if (!ks)
				return free(key), fail(jp, "out of memory");
			v->keys = ks;
		}
		v->cap = cap;
	}
	memset(&v->items[v->n], 0, sizeof(v->items[0]));
	if (v->type == JSON_OBJECT)
		v->keys[v->n] = key;
	v->n++;
	return parse_value(jp, &v->items[v->n - 1], depth + 1);
}

static bool parse_container(struct parser *jp, struct json_value *v, int depth)
{
	char close = v->type == JSON_OBJECT ? '}' : ']';

	jp->p++;
	skip_ws(jp);
	if (jp->p < jp->end && *jp->p == close) {
		jp->p++;
		return true;
	}
	for (;;) {
		char *key = NULL;

		skip_ws(jp);
		if (v->type == JSON_OBJECT) {
			if (jp->p >= jp->end || *jp->p != '"' || !parse_string(jp, &key))
				return fail(jp, "expected a key");
			for (unsigned k = 0; k < v->n; k++)
				if (strcmp(v->keys[k], key) == 0)
					return free(key), fail(jp, "duplicate key");
			skip_ws(jp);
			if (jp->p >= jp->end || *jp->p != ':')
				return free(key), fail(jp, "expected ':'");
			jp->p++;
		}
		if (!add_item(jp, v, key, depth))
			return false;
		skip_ws(jp);
		if (jp->p < jp->end && *jp->p == ',') {
			jp->p++;
			continue;
		}
		if (jp->p < jp->end && *jp->p == close) {
			jp->p++;
			return true;
		}
		return fail(jp, "expected ',' or a closing bracket");
	}
}

static bool parse_word(struct parser *jp, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(jp->end - jp->p) < n || memcmp(jp->p, w, n) != 0)
		return fail(jp, "unexpected character");
	jp->p += n;
	return true;
}

static bool digits(struct parser *jp)
{
	const char *s = jp->p;

	while (jp->p < jp->end && isdigit((unsigned char)*jp->p))
		jp->p++;
	return jp->p > s;
}

/* RFC 8259's grammar exactly: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool parse_number(struct parser *jp, struct json_value *v)
{
	const char *s = jp->p;
	char *e;

	if (jp->p < jp->end && *jp->p == '-')
		jp->p++;
	if (jp->p < jp->end && *jp->p == '0')
		jp->p++;
	else if (!digits(jp))
		return fail(jp, "unexpected character");
	if (jp->p < jp->end && *jp->p == '.' && (jp->p++, !digits(jp)))
		return fail(jp, "bad number");
	if (jp->p < jp->end && (*jp->p == 'e' || *jp->p == 'E')) {
		jp->p++;
		if (jp->p < jp->end && (*jp->p == '+' || *jp->p == '-'))
			jp->p++;
		if (!digits(jp))
			return fail(jp, "bad number");
	}
	if (jp->p - s > 40)
		return fail(jp, "number too long");
	v->type = JSON_NUMBER;
	v->string = strndup(s, (size_t)(jp->p - s));
	if (!v->string)
		return fail(jp, "out of memory");
	v->number = strtod(v->string, &e);
	return *e ? fail(jp, "bad number") : true;
}

static bool parse_value(struct parser *jp, struct json_value *v, int depth)
{
	if (depth > MAX_DEPTH)
		return fail(jp, "nested too deeply");
	skip_ws(jp);
	if (jp->p >= jp->end)
		return fail(jp, "unexpected end");
	switch (*jp->p) {
	case '{':
		v->type = JSON_OBJECT;
		return parse_container(jp, v, depth);
	case '[':
		v->type = JSON_ARRAY;
		return parse_container(jp, v, depth);
	case '"':
		v->type = JSON_STRING;
		return parse_string(jp, &v->string);
	case 't':
		v->type = JSON_BOOL;
		v->boolean = true;
		return parse_word(jp, "true");
	case 'f':
		v->type = JSON_BOOL;
		return parse_word(jp, "false");
	case 'n':
		return parse_word(jp, "null");
	}
	return parse_number(jp, v);
}

int json_parse(const char *text, size_t len, struct json_value *v, char *errbuf, unsigned errlen)
{
	struct parser jp = {.p = text, .start = text, .end = text + len};
	bool ok;

	memset(v, 0, sizeof(*v));
	ok = parse_value(&jp, v, 0);
	skip_ws(&jp);
	if (ok && jp.p != jp.end)
		ok = fail(&jp, "text after the JSON value");
	if (ok)
		return 0;
	snprintf(errbuf, errlen, "%s at byte %ld", jp.err, (long)(jp.p - jp.start));
	json_value_free(v);
	return -1;
}

const struct json_value *json_get(const struct json_value *obj, const char *key, enum json_type t)
{
	if (!obj || obj->type != JSON_OBJECT)
		return NULL;
	for (unsigned i = 0; i < obj->n; i++)
		if (strcmp(obj->keys[i], key) == 0)
			return obj->items[i].type == t ? &obj->items[i] : NULL;
	return NULL;
}
