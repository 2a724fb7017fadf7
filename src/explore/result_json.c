/*
 * result_json.c - see ex_result_json.h.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "vfsrace/ex_result_json.h"
#include "whole_file.h"

#define MAX_INPUT_BYTES (256u << 20)
#define SHARD_SUFFIX	"; shard "

static bool sharded(const struct ex_options *o)
{
	return o->shard_count > 1;
}

void ex_result_json_params(struct json *j, const struct model *m, const struct model_args *a)
{
	json_key(j, "params");
	json_obj_begin(j);
	for (int i = 0; i < m->nparams; i++) {
		char num[16];

		if (m->params[i].names)
			json_kv_str(
			    j, m->params[i].name,
			    model_param_value_name(&m->params[i], a->value[i], num, sizeof(num)));
		else
			json_kv_int(j, m->params[i].name, a->value[i]);
	}
	json_obj_end(j);
}

static void write_race_site(struct json *j, const char *key, const struct ex_race_site *s)
{
	json_key(j, key);
	json_obj_begin(j);
	json_kv_str(j, "file", s->file);
	json_kv_int(j, "line", s->line);
	json_kv_str(j, "function", s->func);
	json_kv_str(j, "access", s->write ? "write" : "read");
	json_kv_str(j, "what", s->what);
	json_obj_end(j);
}

void ex_result_json_races(struct json *j, const struct ex_race_table *t)
{
	json_key(j, "races");
	json_arr_begin(j);
	for (int i = 0; i < t->n; i++) {
		const struct ex_race *x = &t->r[i];

		json_obj_begin(j);
		write_race_site(j, "a", &x->a);
		write_race_site(j, "b", &x->b);
		json_kv_bool(j, "accepted", x->accepted);
		json_kv_uint(j, "executions", x->executions);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_kv_uint(j, "races_dropped", t->dropped);
}

void ex_result_json_violations(struct json *j, const struct ex_report *r, bool with_unit)
{
	json_key(j, "violations");
	json_arr_begin(j);
	for (int i = 0; i < r->nfound; i++) {
		json_obj_begin(j);
		json_kv_str(j, "kind", r->found[i].v.kind);
		json_kv_str(j, "message", r->found[i].v.message);
		json_kv_str(j, "schedule", r->found[i].path);
		if (with_unit)
			json_kv_uint(j, "unit", r->found[i].unit);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void write_counts(struct json *j, const struct ex_report *r)
{
	const struct ex_stats *s = &r->stats;

	json_kv_str(j, "bounds", r->bounds);
	json_kv_str(j, "covers", r->covers);
	json_kv_uint(j, "executions", s->executions);
	json_kv_uint(j, "blocked", s->blocked);
	json_kv_uint(j, "distinct_states", s->distinct_states);
	json_kv_uint(j, "steps", s->steps);
	json_kv_uint(j, "max_depth", s->max_depth);
	json_kv_uint(j, "max_preemptions", s->max_preemptions);
	json_kv_bool(j, "complete", s->complete);
	if (s->interrupted)
		json_kv_bool(j, "interrupted", true);
}

static void write_minimized(struct json *j, const struct ex_minimized *m)
{
	json_key(j, "minimized");
	json_obj_begin(j);
	json_kv_str(j, "schedule", m->path);
	json_kv_uint(j, "preemptions", m->preemptions);
	json_kv_uint(j, "original_preemptions", m->orig_preemptions);
	json_obj_end(j);
}

static void write_shard(struct json *j, const struct ex_options *o, const struct ex_report *r)
{
	char space[EX_SPACE_MAX], hex[17];

	ex_options_space(o, space, sizeof(space));
	json_key(j, "shard");
	json_obj_begin(j);
	json_kv_int(j, "index", o->shard_index);
	json_kv_int(j, "count", o->shard_count);
	json_kv_str(j, "space", space);
	json_obj_end(j);
	/* As hex strings: JSON numbers lose bits above 2^53 in most readers. */
	json_key(j, "state_hashes");
	json_arr_begin(j);
	for (unsigned long i = 0; i < r->nstate_hashes; i++) {
		snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)r->state_hashes[i]);
		json_str(j, hex);
	}
	json_arr_end(j);
}

void ex_result_json_header(struct json *j, const char *command)
{
	json_kv_int(j, "schema_version", EX_RESULT_SCHEMA_VERSION);
	json_kv_str(j, "command", command);
}

void ex_result_json_write(FILE *f, const char *command, const struct ex_options *o,
			  const struct ex_report *r, const struct ex_minimized *m)
{
	struct json j;

	json_init(&j, f, true);
	json_obj_begin(&j);
	ex_result_json_header(&j, command);
	json_kv_str(&j, "model", o->model->name);
	ex_result_json_params(&j, o->model, &o->args);
	json_kv_str(&j, "fix", o->model->fixes[o->args.fix].name);
	json_kv_str(&j, "strategy", ex_strategy_name(o->strategy));
	write_counts(&j, r);
	ex_result_json_violations(&j, r, sharded(o));
	if (o->race_detect)
		ex_result_json_races(&j, &r->races);
	if (m)
		write_minimized(&j, m);
	if (sharded(o))
		write_shard(&j, o, r);
	json_kv_double(&j, "elapsed_s", r->stats.elapsed_s);
	json_obj_end(&j);
	json_end(&j);
}

/* ---- reading a shard back ---- */

static int refuse(char *errbuf, unsigned errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A one-line reason in errbuf; -1. */
static int refuse(char *errbuf, unsigned errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(errbuf, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *get_str(const struct json_value *o, const char *key)
{
	const struct json_value *v = json_get(o, key, JSON_STRING);

	return v ? v->string : "";
}

static unsigned long get_uint(const struct json_value *o, const char *key)
{
	const struct json_value *v = json_get(o, key, JSON_NUMBER);

	return v && v->number > 0 ? strtoul(v->string, NULL, 10) : 0;
}

static bool get_bool(const struct json_value *o, const char *key)
{
	const struct json_value *v = json_get(o, key, JSON_BOOL);

	return v && v->boolean;
}

/* A parameter's value from JSON: a number, or one of its names. */
static bool param_value(const struct model_param *mp, const struct json_value *v, int *out)
{
	if (v->type == JSON_NUMBER && !mp->names) {
		*out = (int)v->number;
		return true;
	}
	for (int x = mp->min; v->type == JSON_STRING && mp->names && x <= mp->max && mp->names[x];
	     x++)
		if (strcmp(mp->names[x], v->string) == 0) {
			*out = x;
			return true;
		}
	return false;
}

/* Model, fix, parameters and strategy, resolved against this build. */
static int read_options(const struct json_value *doc, struct ex_options *o, char *why, unsigned len)
{
	const struct json_value *params = json_get(doc, "params", JSON_OBJECT);

	ex_options_default(o);
	if (!(o->model = model_find(get_str(doc, "model"))))
		return refuse(why, len, "unknown model '%s'", get_str(doc, "model"));
	model_default_args(o->model, &o->args);
	if ((o->args.fix = model_fix_index(o->model, get_str(doc, "fix"))) < 0)
		return refuse(why, len, "unknown fix '%s'", get_str(doc, "fix"));
	if (!(o->strategy = ex_strategy_find(get_str(doc, "strategy"))))
		return refuse(why, len, "unknown strategy '%s'", get_str(doc, "strategy"));
	for (unsigned i = 0; params && i < params->n; i++) {
		int k = model_param_index(o->model, params->keys[i]);
		const struct json_value *v = &params->items[i];

		if (k < 0 || !param_value(&o->model->params[k], v, &o->args.value[k]))
			return refuse(why, len, "bad parameter '%s'", params->keys[i]);
	}
	o->race_detect = json_get(doc, "races", JSON_ARRAY) != NULL;
	return 0;
}

static void read_race_site(const struct json_value *o, struct ex_race_site *s)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->file, sizeof(s->file), "%s", get_str(o, "file"));
	s->line = (int)get_uint(o, "line");
	snprintf(s->func, sizeof(s->func), "%s", get_str(o, "function"));
	snprintf(s->what, sizeof(s->what), "%s", get_str(o, "what"));
	s->write = strcmp(get_str(o, "access"), "write") == 0;
}

static void read_races(const struct json_value *doc, struct ex_report *r)
{
	const struct json_value *rs = json_get(doc, "races", JSON_ARRAY);

	for (unsigned k = 0; rs && k < rs->n; k++) {
		const struct json_value *x = &rs->items[k];
		struct ex_race race = {0};

		read_race_site(json_get(x, "a", JSON_OBJECT), &race.a);
		read_race_site(json_get(x, "b", JSON_OBJECT), &race.b);
		race.accepted = get_bool(x, "accepted");
		ex_race_table_add(&r->races, &race, get_uint(x, "executions"));
	}
	r->races.dropped = get_uint(doc, "races_dropped");
	ex_race_table_sort(&r->races);
}

static void read_counts(const struct json_value *doc, struct ex_report *r)
{
	const char *bounds = get_str(doc, "bounds");
	const char *suffix = strstr(bounds, SHARD_SUFFIX);
	const struct json_value *e = json_get(doc, "elapsed_s", JSON_NUMBER);

	snprintf(r->bounds, sizeof(r->bounds), "%.*s",
		 suffix ? (int)(suffix - bounds) : (int)strlen(bounds), bounds);
	snprintf(r->covers, sizeof(r->covers), "%s", get_str(doc, "covers"));
	r->stats.executions = get_uint(doc, "executions");
	r->stats.blocked = get_uint(doc, "blocked");
	r->stats.steps = get_uint(doc, "steps");
	r->stats.max_depth = (unsigned)get_uint(doc, "max_depth");
	r->stats.max_preemptions = (unsigned)get_uint(doc, "max_preemptions");
	r->stats.complete = get_bool(doc, "complete");
	r->stats.elapsed_s = e ? e->number : 0;
}

static void read_violations(const struct json_value *doc, struct ex_report *r)
{
	const struct json_value *vs = json_get(doc, "violations", JSON_ARRAY);

	for (unsigned k = 0; vs && k < vs->n && r->nfound < EX_MAX_FOUND; k++) {
		const struct json_value *v = &vs->items[k];
		struct ex_found *f = &r->found[r->nfound++];

		memset(f, 0, sizeof(*f));
		ex_schedule_init(&f->sched);
		snprintf(f->v.kind, sizeof(f->v.kind), "%s", get_str(v, "kind"));
		snprintf(f->v.message, sizeof(f->v.message), "%s", get_str(v, "message"));
		snprintf(f->path, sizeof(f->path), "%s", get_str(v, "schedule"));
		f->unit = (unsigned)get_uint(v, "unit");
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The state hashes, ascending and distinct whatever the file says. */
static void read_states(const struct json_value *hashes, struct ex_report *r)
{
	unsigned long n = 0;

	r->state_hashes = malloc((hashes->n + 1) * sizeof(uint64_t));
	if (!r->state_hashes)
		abort();
	for (unsigned k = 0; k < hashes->n; k++)
		if (hashes->items[k].type == JSON_STRING)
			r->state_hashes[n++] = strtoull(hashes->items[k].string, NULL, 16);
	qsort(r->state_hashes, n, sizeof(uint64_t), cmp_u64);
	r->nstate_hashes = 0;
	for (unsigned long k = 0; k < n; k++)
		if (k == 0 || r->state_hashes[k] != r->state_hashes[k - 1])
			r->state_hashes[r->nstate_hashes++] = r->state_hashes[k];
	r->stats.distinct_states = r->nstate_hashes;
}

/* A count as vfsrace writes one: digits only (no sign, fraction or
 * exponent), at most 2^53 so that it is exact in any JSON reader. */
static bool is_count(const struct json_value *v)
{
	if (!v || v->type != JSON_NUMBER || !v->string[0] || strlen(v->string) > 16)
		return false;
	for (const char *p = v->string; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return strtoull(v->string, NULL, 10) <= (1ull << 53);
}

/* Is key, if present (or if required), a count? */
static bool count_ok(const struct json_value *o, const char *key, bool required)
{
	for (unsigned i = 0; o && o->type == JSON_OBJECT && i < o->n; i++)
		if (strcmp(o->keys[i], key) == 0)
			return is_count(&o->items[i]);
	return !required;
}

/* Everything read_shard() takes, as vfsrace writes it; NULL, or what is
 * not (a number out of range or not an integer, a verdict that is not a
 * boolean, a bad state hash, more violations than a run keeps). */
static const char *shard_doc_problem(const struct json_value *doc)
{
	static const char *const counts[] = {"executions", "blocked", "steps", "max_depth",
					     "max_preemptions"};
	const struct json_value *sh = json_get(doc, "shard", JSON_OBJECT);
	const struct json_value *hashes = json_get(doc, "state_hashes", JSON_ARRAY);
	const struct json_value *vs = json_get(doc, "violations", JSON_ARRAY);
	const struct json_value *rs = json_get(doc, "races", JSON_ARRAY);

	for (unsigned i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		if (!count_ok(doc, counts[i], true))
			return counts[i];
	if (!count_ok(doc, "distinct_states", false) || !count_ok(doc, "races_dropped", false))
		return "distinct_states or races_dropped";
	if (!count_ok(sh, "index", true) || !count_ok(sh, "count", true))
		return "shard index or count";
	if (!json_get(doc, "complete", JSON_BOOL))
		return "complete (must be true or false)";
	for (unsigned k = 0; hashes && k < hashes->n; k++) {
		const struct json_value *h = &hashes->items[k];

		if (h->type != JSON_STRING || strlen(h->string) != 16 ||
		    strspn(h->string, "0123456789abcdef") != 16)
			return "state_hashes (16 lower-case hex digits each)";
	}
	if (vs && vs->n > EX_MAX_FOUND)
		return "violations (more than a run keeps)";
	for (unsigned k = 0; vs && k < vs->n; k++)
		if (vs->items[k].type != JSON_OBJECT || !count_ok(&vs->items[k], "unit", false) ||
		    !json_get(&vs->items[k], "kind", JSON_STRING))
			return "violations";
	for (unsigned k = 0; rs && k < rs->n; k++)
		if (rs->items[k].type != JSON_OBJECT ||
		    !count_ok(&rs->items[k], "executions", true))
			return "races";
	return NULL;
}

/* The document as a shard's result; 0 or -1 with errbuf. */
static int read_shard(const char *path, const struct json_value *doc, struct ex_shard_result *s,
		      char *errbuf, unsigned errlen)
{
	const struct json_value *sh = json_get(doc, "shard", JSON_OBJECT);
	const struct json_value *idx = json_get(sh, "index", JSON_NUMBER);
	const struct json_value *cnt = json_get(sh, "count", JSON_NUMBER);
	const struct json_value *space = json_get(sh, "space", JSON_STRING);
	const struct json_value *hashes = json_get(doc, "state_hashes", JSON_ARRAY);
	char why[128];

	if (!idx || !cnt || !space || !hashes || !json_get(doc, "executions", JSON_NUMBER))
		return refuse(errbuf, errlen,
			      "%s: not the --json output of an 'explore --shard i/N' run", path);
	const char *bad = shard_doc_problem(doc);
	if (bad)
		return refuse(errbuf, errlen, "%s: bad %s: not as vfsrace writes it", path, bad);
	if (read_options(doc, &s->o, why, sizeof(why)) != 0)
		return refuse(errbuf, errlen, "%s: %s", path, why);
	s->o.shard_index = (int)idx->number;
	s->o.shard_count = (int)cnt->number;
	if (s->o.shard_count < 2 || s->o.shard_index < 0 || s->o.shard_index >= s->o.shard_count)
		return refuse(errbuf, errlen, "%s: bad shard %d/%d", path, s->o.shard_index,
			      s->o.shard_count);
	snprintf(s->space, sizeof(s->space), "%s", space->string);
	ex_report_init(&s->r);
	read_counts(doc, &s->r);
	read_violations(doc, &s->r);
	read_races(doc, &s->r);
	read_states(hashes, &s->r);
	return 0;
}

int ex_shard_result_load(const char *path, struct ex_shard_result *s, char *errbuf, unsigned errlen)
{
	struct json_value doc;
	char why[128];
	size_t len;
	char *text = whole_file_read(path, MAX_INPUT_BYTES, &len, errbuf, errlen);

	memset(s, 0, sizeof(*s));
	if (!text)
		return -1;
	int rc = json_parse(text, len, &doc, why, sizeof(why));
	free(text);
	if (rc != 0)
		return refuse(errbuf, errlen, "%s: not JSON from vfsrace explore --json (%s)", path,
			      why);
	rc = read_shard(path, &doc, s, errbuf, errlen);
	json_value_free(&doc);
	if (rc != 0)
		ex_shard_result_free(s);
	return rc;
}

void ex_shard_result_free(struct ex_shard_result *s)
{
	ex_report_free(&s->r);
}
