/*
 * report_ci.c - explore's and verify's results in the formats CI systems
 * show natively: JUnit XML (one testcase per fix) and SARIF 2.1.0 (one
 * result per violation, located at the port's file:line, relative to the
 * source root).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vfsrace/ex_json.h"

/* --- JUnit XML --- */

/* s as XML character data or attribute text: the five entities, line
 * breaks kept as character references in attributes, other control
 * characters (not allowed in XML 1.0) dropped. */
static void xml_text(FILE *f, const char *s, bool attribute)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '&')
			fputs("&amp;", f);
		else if (c == '<')
			fputs("&lt;", f);
		else if (c == '>')
			fputs("&gt;", f);
		else if (c == '"')
			fputs("&quot;", f);
		else if (c == '\'')
			fputs("&apos;", f);
		else if (c == '\n' || c == '\t')
			attribute ? fprintf(f, "&#%d;", c) : fputc(c, f);
		else if (c >= 0x20)
			fputc(c, f);
	}
}

static bool run_fails(const struct fix_run *r)
{
	return r->expected ? r->mismatch[0] != 0 : r->r->nfound > 0;
}

/* Each violation: kind, message, schedule file. */
static void junit_violations(FILE *f, const struct ex_report *r)
{
	for (int i = 0; i < r->nfound; i++) {
		const struct ex_found *x = &r->found[i];

		fprintf(f, "%s: ", x->v.kind);
		xml_text(f, x->v.message, false);
		fputs("\nschedule: ", f);
		xml_text(f, x->path[0] ? x->path : "(not saved)", false);
		fputs("\n", f);
	}
}

static void junit_testcase(FILE *f, const struct ci_report *c, const struct fix_run *run)
{
	const struct ex_report *r = run->r;
	char coverage[160];

	ex_report_coverage(r, coverage, sizeof(coverage));
	fputs("    <testcase classname=\"", f);
	xml_text(f, c->o->model->name, true);
	fputs("\" name=\"", f);
	xml_text(f, run->fix, true);
	fprintf(f, "\" time=\"%.3f\">\n", r->stats.elapsed_s);
	if (run_fails(run)) {
		const char *type = run->expected ? "expect" : r->found[0].v.kind;
		const char *msg = run->expected ? run->mismatch : r->found[0].v.message;

		fputs("      <failure type=\"", f);
		xml_text(f, type, true);
		fputs("\" message=\"", f);
		xml_text(f, msg, true);
		fputs("\">", f);
		junit_violations(f, r);
		fputs("</failure>\n", f);
	}
	fputs("      <system-out>", f);
	xml_text(f, coverage, false);
	fputs("\n", f);
	if (!run_fails(run))
		junit_violations(f, r);
	fputs("</system-out>\n    </testcase>\n", f);
}

void report_junit(FILE *f, const struct ci_report *c)
{
	int failures = 0;
	double seconds = 0;
	char params[256];

	for (int i = 0; i < c->n; i++) {
		failures += run_fails(&c->runs[i]);
		seconds += c->runs[i].r->stats.elapsed_s;
	}
	format_params(c->o->model, &c->o->args, params, sizeof(params));
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<testsuites name=\"vfsrace\" tests=\"%d\" failures=\"%d\" errors=\"0\">\n",
		c->n, failures);
	fprintf(f, "  <testsuite name=\"vfsrace %s ", c->command);
	xml_text(f, c->o->model->name, true);
	fprintf(f, "\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\" time=\"%.3f\">\n",
		c->n, failures, seconds);
	fputs("    <properties>\n", f);
	fprintf(f, "      <property name=\"strategy\" value=\"%s\"/>\n",
		ex_strategy_name(c->o->strategy));
	fputs("      <property name=\"params\" value=\"", f);
	xml_text(f, params, true);
	fputs("\"/>\n      <property name=\"bounds\" value=\"", f);
	xml_text(f, c->n ? c->runs[0].r->bounds : "", true);
	fputs("\"/>\n    </properties>\n", f);
	for (int i = 0; i < c->n; i++)
		junit_testcase(f, c, &c->runs[i]);
	fputs("  </testsuite>\n</testsuites>\n", f);
}

/* --- SARIF 2.1.0 --- */

#define SARIF_MAX_LOCS 8

struct source_loc {
	char file[128];
	int line;
};

static bool loc_add(struct source_loc *locs, int *n, const char *file, size_t flen, int line)
{
	if (*n == SARIF_MAX_LOCS || flen >= sizeof(locs[0].file) || line <= 0)
		return false;
	for (int i = 0; i < *n; i++)
		if (locs[i].line == line && strlen(locs[i].file) == flen &&
		    strncmp(locs[i].file, file, flen) == 0)
			return false;
	memcpy(locs[*n].file, file, flen);
	locs[*n].file[flen] = 0;
	locs[(*n)++].line = line;
	return true;
}

/* Where the violation was seen: the step it names in a replay of its
 * schedule (the access that faulted, the unlock that was bad). */
static void loc_of_step(const struct ci_report *c, const struct fix_run *run,
			const struct ex_found *x, struct source_loc *locs, int *n)
{
	struct model_args a = c->o->args;
	char err[256];

	a.fix = model_fix_index(c->o->model, run->fix);
	if (x->sched.n == 0 || x->v.tid < 0 || a.fix < 0)
		return;
	struct rt_trace *tr = trace_replay(c->o->model, &a, &x->sched, c->o->max_steps, false, NULL,
					   err, sizeof(err));
	for (unsigned i = 0; tr && i < tr->nsteps; i++) {
		const struct rt_event *e = &tr->step[i].e;

		if (e->step == x->v.step && e->tid == x->v.tid && e->op.loc.file) {
			loc_add(locs, n, e->op.loc.file, strlen(e->op.loc.file), e->op.loc.line);
			break;
		}
	}
	rt_trace_free(tr);
}

static bool path_char(char c)
{
	return isalnum((unsigned char)c) || c == '/' || c == '_' || c == '-' || c == '.';
}

/* Every "dir/file.c:LINE" the message names (the other side: where the
 * object was freed, the lock taken). */
static void locs_of_message(const char *msg, struct source_loc *locs, int *n)
{
	for (const char *p = strchr(msg, ':'); p; p = strchr(p + 1, ':')) {
		const char *start = p;
		size_t len;

		if (p[1] < '0' || p[1] > '9')
			continue;
		while (start > msg && path_char(start[-1]))
			start--;
		len = (size_t)(p - start);
		if (len < 4 || !memchr(start, '/', len) || p[-2] != '.' ||
		    (p[-1] != 'c' && p[-1] != 'h'))
			continue;
		loc_add(locs, n, start, len, (int)strtol(p + 1, NULL, 10));
	}
}

static void sarif_location(struct json *j, const struct source_loc *l)
{
	json_obj_begin(j);
	json_key(j, "physicalLocation");
	json_obj_begin(j);
	json_key(j, "artifactLocation");
	json_obj_begin(j);
	json_kv_str(j, "uri", l->file);
	json_kv_str(j, "uriBaseId", "SRCROOT");
	json_obj_end(j);
	json_key(j, "region");
	json_obj_begin(j);
	json_kv_int(j, "startLine", l->line);
	json_obj_end(j);
	json_obj_end(j);
	json_obj_end(j);
}

/* The distinct kinds of all runs, in order of appearance: the rules. */
static int sarif_rules(const struct ci_report *c, const char **kinds, int max)
{
	int n = 0;

	for (int i = 0; i < c->n; i++)
		for (int k = 0; k < c->runs[i].r->nfound; k++) {
			const char *kind = c->runs[i].r->found[k].v.kind;
			int have = 0;

			while (have < n && strcmp(kinds[have], kind) != 0)
				have++;
			if (have == n && n < max)
				kinds[n++] = kind;
		}
	return n;
}

static int rule_index(const char **kinds, int n, const char *kind)
{
	for (int i = 0; i < n; i++)
		if (strcmp(kinds[i], kind) == 0)
			return i;
	return -1;
}

static void sarif_result(struct json *j, const struct ci_report *c, const struct fix_run *run,
			 const struct ex_found *x, int rule)
{
	struct source_loc locs[SARIF_MAX_LOCS];
	int n = 0;

	loc_of_step(c, run, x, locs, &n);
	locs_of_message(x->v.message, locs, &n);
	json_obj_begin(j);
	json_kv_str(j, "ruleId", x->v.kind);
	json_kv_int(j, "ruleIndex", rule);
	json_kv_str(j, "level", "error");
	json_key(j, "message");
	json_obj_begin(j);
	json_kv_str(j, "text", x->v.message);
	json_obj_end(j);
	json_key(j, "locations");
	json_arr_begin(j);
	for (int i = 0; i < n; i++)
		sarif_location(j, &locs[i]);
	json_arr_end(j);
	json_key(j, "properties");
	json_obj_begin(j);
	json_kv_str(j, "model", c->o->model->name);
	json_kv_str(j, "fix", run->fix);
	json_kv_str(j, "schedule", x->path);
	/* An invariant checked when every thread has ended has no step. */
	json_kv_str(j, "seen", x->v.tid < 0 ? "end of execution" : "step");
	if (x->v.tid >= 0)
		json_kv_uint(j, "step", x->v.step);
	json_obj_end(j);
	json_obj_end(j);
}

void report_sarif(FILE *f, const struct ci_report *c)
{
	const char *kinds[64];
	int nk = sarif_rules(c, kinds, 64);
	struct json j;

	json_init(&j, f, true);
	json_obj_begin(&j);
	json_kv_str(&j, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	json_kv_str(&j, "version", "2.1.0");
	json_key(&j, "runs");
	json_arr_begin(&j);
	json_obj_begin(&j);
	json_key(&j, "tool");
	json_obj_begin(&j);
	json_key(&j, "driver");
	json_obj_begin(&j);
	json_kv_str(&j, "name", "vfsrace");
	json_kv_str(&j, "version", VFSRACE_VERSION);
	json_key(&j, "rules");
	json_arr_begin(&j);
	for (int i = 0; i < nk; i++) {
		json_obj_begin(&j);
		json_kv_str(&j, "id", kinds[i]);
		json_key(&j, "shortDescription");
		json_obj_begin(&j);
		json_kv_str(&j, "text", kinds[i]);
		json_obj_end(&j);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_obj_end(&j);
	json_key(&j, "originalUriBaseIds");
	json_obj_begin(&j);
	json_key(&j, "SRCROOT");
	json_obj_begin(&j);
	json_key(&j, "description");
	json_obj_begin(&j);
	json_kv_str(&j, "text", "the root of the vfsrace source tree");
	json_obj_end(&j);
	json_obj_end(&j);
	json_obj_end(&j);
	json_key(&j, "results");
	json_arr_begin(&j);
	for (int i = 0; i < c->n; i++)
		for (int k = 0; k < c->runs[i].r->nfound; k++) {
			const struct ex_found *x = &c->runs[i].r->found[k];

			sarif_result(&j, c, &c->runs[i], x, rule_index(kinds, nk, x->v.kind));
		}
	json_arr_end(&j);
	json_obj_end(&j);
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
}
