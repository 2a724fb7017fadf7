/*
 * ex_json.h - JSON text: a small streaming writer for every --json output,
 * and a reader, just enough for reading vfsrace's own output back.
 *
 * The writer tracks commas and nesting for the caller; strings are escaped
 * as RFC 8259 requires (quote, backslash, control characters), bytes >=
 * 0x80 are passed through (the port's names are ASCII; "→" stays UTF-8).
 */
#ifndef VFSRACE_EX_JSON_H
#define VFSRACE_EX_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *f;
	int depth;
	bool need_comma[JSON_MAX_DEPTH];
	bool after_key;
	bool pretty;
};

void json_init(struct json *j, FILE *f, bool pretty);
void json_obj_begin(struct json *j);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j);
void json_arr_end(struct json *j);
void json_key(struct json *j, const char *key);
void json_str(struct json *j, const char *s);
void json_int(struct json *j, long long v);
void json_uint(struct json *j, unsigned long long v);
void json_double(struct json *j, double v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/* Finish the document with a newline. */
void json_end(struct json *j);

/* Shorthands for "key": value. */
void json_kv_str(struct json *j, const char *key, const char *s);
void json_kv_int(struct json *j, const char *key, long long v);
void json_kv_uint(struct json *j, const char *key, unsigned long long v);
void json_kv_double(struct json *j, const char *key, double v);
void json_kv_bool(struct json *j, const char *key, bool v);

/* ---- reading (json_read.c) ---- */

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json_value {
	enum json_type type;
	bool boolean;
	double number;
	char *string;		  /* JSON_STRING; JSON_NUMBER: the number as written */
	char **keys;		  /* JSON_OBJECT */
	struct json_value *items; /* JSON_ARRAY, JSON_OBJECT */
	unsigned n, cap;
};

/* Parse text[0..len) as one JSON value and nothing after it.  0, or -1
 * with "REASON at byte N" in errbuf (v holds nothing to free). */
int json_parse(const char *text, size_t len, struct json_value *v, char *errbuf, unsigned errlen);
void json_value_free(struct json_value *v);
/* The member key of object obj if it is of type t, else NULL. */
const struct json_value *json_get(const struct json_value *obj, const char *key, enum json_type t);

#endif
