/*
 * cmd_merge.c - `vfsrace merge A.json B.json ...`: the --json results of
 * `explore --shard i/N` runs, i = 0..N-1, combined into the totals one
 * unsharded run reports.
 *
 * Shards split the work units between them, so executions, blocked and
 * steps add up, depths take the maximum, and distinct states are the size
 * of the union of each shard's "state_hashes".  Every input is refused
 * (one line, exit 2) unless all are shards of the same exploration and
 * each shard appears exactly once.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"
#include "reliability.h"

#define MAX_INPUT_BYTES (256u << 20)
#define MAX_DEPTH	32

/* ---- a small JSON reader: just enough for vfsrace's own output ---- */

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jval {
	enum jtype type;
	bool b;
	double num;
	char *str;	   /* J_STR; J_NUM: the number's text */
	char **keys;	   /* J_OBJ */
	struct jval *kids; /* J_ARR, J_OBJ */
	unsigned n, cap;
};

struct jparse {
	const char *p, *end;
	const char *err;
};

static void jval_free(struct jval *v)
{
	for (unsigned i = 0; i < v->n; i++) {
		jval_free(&v->kids[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->kids);
	free(v->keys);
	free(v->str);
	memset(v, 0, sizeof(*v));
}

static void skip_ws(struct jparse *jp)
{
	while (jp->p < jp->end && *jp->p && strchr(" \t\r\n", *jp->p))
		jp->p++;
}

static bool fail(struct jparse *jp, const char *why)
{
	if (!jp->err)
		jp->err = why;
	return false;
}

static bool parse_string(struct jparse *jp, char **out)
{
	size_t cap = 16, n = 0;
	char *s = malloc(cap);

	if (!s)
		return fail(jp, "out of memory");
	jp->p++; /* the opening quote */
	while (jp->p < jp->end && *jp->p != '"') {
		char c = *jp->p++;

		if ((unsigned char)c < 0x20)
			goto bad;
		if (c == '\\') {
			if (jp->p >= jp->end)
				goto bad;
			c = *jp->p++;
			switch (c) {
			case 'n':
				c = '\n';
				break;
			case 't':
				c = '\t';
				break;
			case 'r':
				c = '\r';
				break;
			case 'b':
				c = '\b';
				break;
			case 'f':
				c = '\f';
				break;
			case '"':
			case '\\':
			case '/':
				break;
			case 'u':
				/* vfsrace escapes only control characters this way. */
				if (jp->end - jp->p < 4)
					goto bad;
				c = (char)strtol((char[]){jp->p[2], jp->p[3], 0}, NULL, 16);
				jp->p += 4;
				break;
			default:
				goto bad;
			}
		}
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

static bool parse_value(struct jparse *jp, struct jval *v, int depth);

static bool add_kid(struct jparse *jp, struct jval *v, char *key, int depth)
{
	if (v->n == v->cap) {
		unsigned cap = v->cap ? v->cap * 2 : 8;
		struct jval *k = realloc(v->kids, cap * sizeof(*k));
		if (!k)
			return free(key), fail(jp, "out of memory");
		v->kids = k;
		if (v->type == J_OBJ) {
			char **ks = realloc(v->keys, cap * sizeof(*ks));
			if (!ks)
				return free(key), fail(jp, "out of memory");
			v->keys = ks;
		}
		v->cap = cap;
	}
	memset(&v->kids[v->n], 0, sizeof(v->kids[0]));
	if (v->type == J_OBJ)
		v->keys[v->n] = key;
	v->n++;
	return parse_value(jp, &v->kids[v->n - 1], depth + 1);
}

static bool parse_container(struct jparse *jp, struct jval *v, int depth)
{
	char close = v->type == J_OBJ ? '}' : ']';

	jp->p++;
	skip_ws(jp);
	if (jp->p < jp->end && *jp->p == close) {
		jp->p++;
		return true;
	}
	for (;;) {
		char *key = NULL;

		skip_ws(jp);
		if (v->type == J_OBJ) {
			if (jp->p >= jp->end || *jp->p != '"' || !parse_string(jp, &key))
				return fail(jp, "expected a key");
			skip_ws(jp);
			if (jp->p >= jp->end || *jp->p != ':')
				return free(key), fail(jp, "expected ':'");
			jp->p++;
		}
		if (!add_kid(jp, v, key, depth))
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

static bool parse_word(struct jparse *jp, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(jp->end - jp->p) < n || memcmp(jp->p, w, n) != 0)
		return fail(jp, "unexpected character");
	jp->p += n;
	return true;
}

static bool parse_value(struct jparse *jp, struct jval *v, int depth)
{
	if (depth > MAX_DEPTH)
		return fail(jp, "nested too deeply");
	skip_ws(jp);
	if (jp->p >= jp->end)
		return fail(jp, "unexpected end");
	switch (*jp->p) {
	case '{':
		v->type = J_OBJ;
		return parse_container(jp, v, depth);
	case '[':
		v->type = J_ARR;
		return parse_container(jp, v, depth);
	case '"':
		v->type = J_STR;
		return parse_string(jp, &v->str);
	case 't':
		v->type = J_BOOL;
		v->b = true;
		return parse_word(jp, "true");
	case 'f':
		v->type = J_BOOL;
		return parse_word(jp, "false");
	case 'n':
		return parse_word(jp, "null");
	}
	const char *s = jp->p;
	while (jp->p < jp->end && *jp->p && strchr("+-0123456789.eE", *jp->p))
		jp->p++;
	if (jp->p == s || jp->p - s > 40)
		return fail(jp, "unexpected character");
	v->type = J_NUM;
	v->str = strndup(s, jp->p - s);
	if (!v->str)
		return fail(jp, "out of memory");
	char *e;
	v->num = strtod(v->str, &e);
	return *e ? fail(jp, "bad number") : true;
}

static const struct jval *jget(const struct jval *o, const char *key, enum jtype t)
{
	if (!o || o->type != J_OBJ)
		return NULL;
	for (unsigned i = 0; i < o->n; i++)
		if (strcmp(o->keys[i], key) == 0)
			return o->kids[i].type == t ? &o->kids[i] : NULL;
	return NULL;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);

	if (!f || !buf) {
		free(buf);
		if (f)
			fclose(f);
		return NULL;
	}
	for (;;) {
		if (n == cap) {
			char *b = cap < MAX_INPUT_BYTES ? realloc(buf, cap *= 2) : NULL;
			if (!b) {
				free(buf);
				fclose(f);
				errno = EFBIG;
				return NULL;
			}
			buf = b;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* ---- merging ---- */

struct shard_in {
	const char *path;
	struct jval doc;
	int index, count;
};

static unsigned long juint(const struct jval *o, const char *key)
{
	const struct jval *v = jget(o, key, J_NUM);

	return v && v->num > 0 ? strtoul(v->str, NULL, 10) : 0;
}

static const char *jstr(const struct jval *o, const char *key)
{
	const struct jval *v = jget(o, key, J_STR);

	return v ? v->str : "";
}

/* Load one input and check it is a shard; 0 or EXIT_USAGE. */
static int load_shard(struct shard_in *s)
{
	struct jparse jp = {0};
	size_t len;
	char *text = read_file(s->path, &len);

	if (!text)
		return cli_error("cannot read %s: %s", s->path, strerror(errno));
	jp.p = text;
	jp.end = text + len;
	bool ok = parse_value(&jp, &s->doc, 0);
	skip_ws(&jp);
	if (ok && jp.p != jp.end)
		ok = fail(&jp, "text after the JSON object");
	free(text);
	if (!ok)
		return cli_error("%s: not JSON from vfsrace explore --json (%s at byte %ld)",
				 s->path, jp.err, (long)(jp.p - (jp.end - len)));
	const struct jval *sh = jget(&s->doc, "shard", J_OBJ);
	const struct jval *idx = jget(sh, "index", J_NUM), *cnt = jget(sh, "count", J_NUM);
	if (!sh || !idx || !cnt || !jget(&s->doc, "state_hashes", J_ARR) ||
	    !jget(&s->doc, "executions", J_NUM))
		return cli_error("%s: not the --json output of an 'explore --shard i/N' run",
				 s->path);
	s->index = (int)idx->num;
	s->count = (int)cnt->num;
	if (s->count < 2 || s->index < 0 || s->index >= s->count)
		return cli_error("%s: bad shard %d/%d", s->path, s->index, s->count);
	return 0;
}

static bool same_params(const struct jval *a, const struct jval *b)
{
	const struct jval *pa = jget(a, "params", J_OBJ), *pb = jget(b, "params", J_OBJ);

	if (!pa || !pb || pa->n != pb->n)
		return pa == pb;
	for (unsigned i = 0; i < pa->n; i++)
		if (strcmp(pa->keys[i], pb->keys[i]) || pa->kids[i].type != pb->kids[i].type ||
		    strcmp(pa->kids[i].str ? pa->kids[i].str : "",
			   pb->kids[i].str ? pb->kids[i].str : ""))
			return false;
	return true;
}

static int check_shards(struct shard_in *in, int n)
{
	static const char *const same[] = {"model", "fix", "strategy"};
	int count = in[0].count;

	if (n != count)
		return cli_error("%d shard results given, the runs were split into %d", n, count);
	for (int i = 0; i < n; i++) {
		for (size_t k = 0; k < sizeof(same) / sizeof(same[0]); k++)
			if (strcmp(jstr(&in[i].doc, same[k]), jstr(&in[0].doc, same[k])) != 0)
				return cli_error("%s and %s are of different runs (%s differs)",
						 in[0].path, in[i].path, same[k]);
		if (!same_params(&in[i].doc, &in[0].doc))
			return cli_error("%s and %s are of different runs (params differ)",
					 in[0].path, in[i].path);
		if (in[i].count != count)
			return cli_error("%s is shard %d/%d, %s is of %d shards", in[i].path,
					 in[i].index, in[i].count, in[0].path, count);
		for (int j = 0; j < i; j++)
			if (in[j].index == in[i].index)
				return cli_error("%s and %s are both shard %d/%d", in[j].path,
						 in[i].path, in[i].index, count);
	}
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Distinct values among every shard's state_hashes. */
static unsigned long count_states(const struct shard_in *in, int n)
{
	unsigned long total = 0, distinct = 0;

	for (int i = 0; i < n; i++)
		total += jget(&in[i].doc, "state_hashes", J_ARR)->n;
	uint64_t *all = malloc((total + 1) * sizeof(*all));
	if (!all)
		return 0;
	total = 0;
	for (int i = 0; i < n; i++) {
		const struct jval *a = jget(&in[i].doc, "state_hashes", J_ARR);
		for (unsigned k = 0; k < a->n; k++)
			if (a->kids[k].type == J_STR)
				all[total++] = strtoull(a->kids[k].str, NULL, 16);
	}
	qsort(all, total, sizeof(*all), cmp_u64);
	for (unsigned long k = 0; k < total; k++)
		distinct += k == 0 || all[k] != all[k - 1];
	free(all);
	return distinct;
}

/* "steps<=5000; shard 2/3" -> "steps<=5000" */
static void unsharded_bounds(const char *b, char *out, size_t len)
{
	const char *s = strstr(b, "; shard ");

	snprintf(out, len, "%.*s", s ? (int)(s - b) : (int)strlen(b), b);
}

static int jint(const struct jval *o, const char *key)
{
	const struct jval *v = jget(o, key, J_NUM);

	return v ? (int)v->num : 0;
}

static void race_site_of(struct ex_race_site *s, const struct jval *o)
{
	memset(s, 0, sizeof(*s));
	if (!o)
		return;
	snprintf(s->file, sizeof(s->file), "%s", jstr(o, "file"));
	s->line = jint(o, "line");
	snprintf(s->func, sizeof(s->func), "%s", jstr(o, "function"));
	snprintf(s->what, sizeof(s->what), "%s", jstr(o, "what"));
	s->write = !strcmp(jstr(o, "access"), "write");
}

/* The shards' --races tables added up, as one run would have counted them. */
static void merged_races(const struct shard_in *in, int n, struct ex_race_table *t)
{
	memset(t, 0, sizeof(*t));
	for (int i = 0; i < n; i++) {
		const struct jval *rs = jget(&in[i].doc, "races", J_ARR);

		for (unsigned k = 0; rs && k < rs->n; k++) {
			const struct jval *x = &rs->kids[k];
			const struct jval *acc = jget(x, "accepted", J_BOOL);
			struct ex_race r;

			race_site_of(&r.a, jget(x, "a", J_OBJ));
			race_site_of(&r.b, jget(x, "b", J_OBJ));
			r.accepted = acc && acc->b;
			ex_race_table_add(t, &r, juint(x, "executions"));
		}
		t->dropped += juint(&in[i].doc, "races_dropped");
	}
	ex_race_table_sort(t);
}

static void print_merged(struct shard_in *in, int n)
{
	const struct jval *first = &in[0].doc;
	unsigned long sum[2] = {0}, max[2] = {0};
	static const char *const sums[] = {"executions", "blocked"};
	static const char *const maxes[] = {"max_depth", "max_preemptions"};
	double elapsed = 0;
	bool complete = true;
	char bounds[256];
	struct json j;

	for (int i = 0; i < n; i++) {
		for (int k = 0; k < 2; k++)
			sum[k] += juint(&in[i].doc, sums[k]);
		for (int k = 0; k < 2; k++)
			if (juint(&in[i].doc, maxes[k]) > max[k])
				max[k] = juint(&in[i].doc, maxes[k]);
		const struct jval *c = jget(&in[i].doc, "complete", J_BOOL);
		complete &= c && c->b;
		const struct jval *e = jget(&in[i].doc, "elapsed_s", J_NUM);
		if (e && e->num > elapsed)
			elapsed = e->num;
	}
	unsharded_bounds(jstr(first, "bounds"), bounds, sizeof(bounds));
	json_init(&j, stdout, true);
	json_obj_begin(&j);
	json_kv_str(&j, "model", jstr(first, "model"));
	json_key(&j, "params");
	json_obj_begin(&j);
	const struct jval *p = jget(first, "params", J_OBJ);
	for (unsigned i = 0; p && i < p->n; i++) {
		if (p->kids[i].type == J_STR) /* a named parameter (--fs ext2) */
			json_kv_str(&j, p->keys[i], p->kids[i].str);
		else
			json_kv_int(&j, p->keys[i], (long long)p->kids[i].num);
	}
	json_obj_end(&j);
	json_kv_str(&j, "fix", jstr(first, "fix"));
	json_kv_str(&j, "strategy", jstr(first, "strategy"));
	json_kv_str(&j, "bounds", bounds);
	json_kv_uint(&j, "executions", sum[0]);
	json_kv_uint(&j, "blocked", sum[1]);
	json_kv_uint(&j, "distinct_states", count_states(in, n));
	json_kv_uint(&j, "max_depth", max[0]);
	json_kv_uint(&j, "max_preemptions", max[1]);
	json_kv_bool(&j, "complete", complete);
	json_key(&j, "violations");
	json_arr_begin(&j);
	for (int s = 0; s < n; s++) {
		/* In shard order; shard i's list is in its unit order. */
		for (int i = 0; i < n; i++) {
			const struct jval *vs = jget(&in[i].doc, "violations", J_ARR);
			if (in[i].index != s || !vs)
				continue;
			for (unsigned k = 0; k < vs->n; k++) {
				json_obj_begin(&j);
				json_kv_str(&j, "kind", jstr(&vs->kids[k], "kind"));
				json_kv_str(&j, "message", jstr(&vs->kids[k], "message"));
				json_kv_str(&j, "schedule", jstr(&vs->kids[k], "schedule"));
				json_obj_end(&j);
			}
		}
	}
	json_arr_end(&j);
	if (jget(first, "races", J_ARR)) {
		static struct ex_race_table races;

		merged_races(in, n, &races);
		json_races(&j, &races);
	}
	json_kv_double(&j, "elapsed_s", elapsed);
	json_obj_end(&j);
	json_end(&j);
}

static bool any_violation(const struct shard_in *in, int n)
{
	for (int i = 0; i < n; i++) {
		const struct jval *vs = jget(&in[i].doc, "violations", J_ARR);
		if (vs && vs->n)
			return true;
	}
	return false;
}

static const char usage_merge[] =
    "usage: vfsrace merge SHARD.json ...\n"
    "\n"
    "Combines the --json results of 'vfsrace explore ... --shard i/N --json',\n"
    "i = 0..N-1, into the JSON one unsharded run prints: executions and blocked\n"
    "summed, the union of the terminal states counted, complete only when\n"
    "every shard was.  Every shard must be given exactly once.  The totals equal\n"
    "an unsharded run's when no shard stopped early at a violation (use\n"
    "--keep-going to have each shard cover all of its units).\n"
    "Exit: 0 no violation, 1 some shard found one, 2 bad or mismatched input.\n";

int cmd_merge(int argc, char **argv)
{
	struct shard_in *in;
	int n = argc - 1, rc = 0;

	for (int i = 1; i < argc; i++)
		if (is_help(argv[i])) {
			fputs(usage_merge, stdout);
			return 0;
		}
	if (n < 1)
		return cli_error("merge needs the JSON results of the shards (see 'vfsrace "
				 "merge --help')");
	in = calloc(n, sizeof(*in));
	if (!in)
		return cli_error("out of memory");
	for (int i = 0; i < n && !rc; i++) {
		in[i].path = argv[i + 1];
		rc = load_shard(&in[i]);
	}
	if (!rc)
		rc = check_shards(in, n);
	if (!rc) {
		print_merged(in, n);
		rc = any_violation(in, n) ? EXIT_VIOLATION : EXIT_NO_VIOLATION;
	}
	for (int i = 0; i < n; i++)
		jval_free(&in[i].doc);
	free(in);
	return rc;
}
