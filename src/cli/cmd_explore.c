/*
 * cmd_explore.c - `vfsrace explore` and `vfsrace verify`.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "json.h"
#include "reliability.h"

#define DEFAULT_OUT_DIR "vfsrace-out"

struct explore_cli {
	const char *model_name;
	const char *fix;
	struct ex_options o;
	struct pending_params params;
	bool json, quiet, minimize;
	bool walk_given;
	const struct model *m;
};

/* Options explore and verify share; returns 1 if argv[*i] was one of
 * them, 0 if not, -1 after an error. */
static int common_option(struct explore_cli *c, int argc, char **argv, int *i)
{
	const char *v = NULL;
	int err = 0;
	unsigned long u = 0;
	struct ex_options *o = &c->o;

#define OPT(name, takes) (opt_match(argc, argv, i, name, takes, &v, &err))
	if (OPT("--strategy", true)) {
		if (!err && !strategy_known(v))
			return cli_error("unknown strategy '%s' (dfs, dpor, bounded, random, pct)",
					 v),
			       -1;
		o->strategy = v;
	} else if (OPT("--preemptions", true)) {
		if (!err && parse_int("--preemptions", v, -1, 1000, &o->preemptions))
			return -1;
	} else if (OPT("--executions", true)) {
		if (!err && parse_ulong("--executions", v, 0, (unsigned long)-1 >> 1, &u))
			return -1;
		o->max_executions = u;
	} else if (OPT("--time", true)) {
		if (!err && parse_seconds("--time", v, &o->max_seconds))
			return -1;
	} else if (OPT("--max-steps", true)) {
		if (!err && parse_ulong("--max-steps", v, 1, 10000000, &u))
			return -1;
		o->max_steps = (unsigned)u;
	} else if (OPT("-j", true) || OPT("--jobs", true)) {
		if (!err && parse_int("-j", v, 1, 256, &o->jobs))
			return -1;
	} else if (OPT("--walk", true)) {
		if (!err && strcmp(v, "random") != 0 && strcmp(v, "sticky") != 0)
			return cli_error("unknown --walk '%s' (random, sticky)", v), -1;
		o->sticky_walk = !err && strcmp(v, "sticky") == 0;
		c->walk_given = true;
	} else if (OPT("--out", true)) {
		o->out_dir = v;
	} else if (OPT("--keep-going", false)) {
		o->keep_going = true;
	} else if (OPT("--json", false)) {
		c->json = true;
	} else if (OPT("--fix", true)) {
		c->fix = v;
	} else if (OPT("--max-executions", true)) {
		if (!err && parse_ulong("--max-executions", v, 0, (unsigned long)-1 >> 1, &u))
			return -1;
		o->max_executions = u;
	} else {
		return 0;
	}
#undef OPT
	return err ? -1 : 1;
}

static int explore_option(struct explore_cli *c, int argc, char **argv, int *i)
{
	const char *v = NULL;
	int err = 0, r;
	unsigned long u = 0;

#define OPT(name, takes) (opt_match(argc, argv, i, name, takes, &v, &err))
	if (OPT("--seed", true)) {
		if (!err && parse_ulong("--seed", v, 0, (unsigned long)-1, &u))
			return -1;
		c->o.seed = u;
	} else if (OPT("--depth", true)) {
		if (!err && parse_int("--depth", v, 1, 64, &c->o.pct_depth))
			return -1;
	} else if (OPT("--shard", true)) {
		if (!err && parse_shard(v, &c->o.shard_index, &c->o.shard_count))
			return -1;
	} else if (OPT("--races", false)) {
		c->o.race_detect = true;
	} else if (OPT("--minimize", false) || OPT("--minimise", false)) {
		c->minimize = true;
	} else if (OPT("--quiet", false) || OPT("-q", false)) {
		c->quiet = true;
	} else if ((r = reliability_option(&c->o, argc, argv, i)) != 0) {
		return r;
	} else {
		return 0;
	}
#undef OPT
	return err ? -1 : 1;
}

/* Set by cli_parse_explore_args: parse, create nothing. */
static bool parse_only;

/* Parse the command line; 0 or EXIT_USAGE (after the message).  *help is
 * set when --help was asked for. */
static int parse_cli(struct explore_cli *c, const char *cmd, bool is_explore, int argc, char **argv,
		     bool *help)
{
	memset(c, 0, sizeof(*c));
	ex_options_default(&c->o);
	c->o.strategy = "dpor";
	*help = false;
	for (int i = 1; i < argc; i++) {
		int r;

		if (is_help(argv[i])) {
			*help = true;
			return 0;
		}
		r = common_option(c, argc, argv, &i);
		if (r == 0 && is_explore)
			r = explore_option(c, argc, argv, &i);
		if (r < 0)
			return EXIT_USAGE;
		if (r > 0)
			continue;
		if (argv[i][0] != '-') {
			if (c->model_name)
				return cli_error("%s takes one model, not '%s' as well", cmd,
						 argv[i]);
			c->model_name = argv[i];
			continue;
		}
		if (pending_add(&c->params, argc, argv, &i))
			return EXIT_USAGE;
	}
	if (!c->model_name) {
		if (c->params.n)
			return cli_error("unknown option '--%s' (see 'vfsrace %s --help')",
					 c->params.name[0], cmd);
		return cli_error("%s needs a MODEL (see 'vfsrace list')", cmd);
	}
	if (resolve_model(c->model_name, c->fix, &c->m, &c->o.args))
		return EXIT_USAGE;
	if (pending_apply(&c->params, c->m, &c->o.args, cmd))
		return EXIT_USAGE;
	c->o.model = c->m;
	if (!c->o.out_dir)
		c->o.out_dir = DEFAULT_OUT_DIR;
	if (!parse_only && mkdir(c->o.out_dir, 0755) != 0 && errno != EEXIST)
		return cli_error("cannot create output directory %s: %s", c->o.out_dir,
				 strerror(errno));
	return 0;
}

static const char *fix_name(const struct explore_cli *c)
{
	return c->m->fixes[c->o.args.fix].name;
}

static void json_violations(struct json *j, const struct ex_report *r)
{
	json_key(j, "violations");
	json_arr_begin(j);
	for (int i = 0; i < r->nfound; i++) {
		json_obj_begin(j);
		json_kv_str(j, "kind", r->found[i].v.kind);
		json_kv_str(j, "message", r->found[i].v.message);
		json_kv_str(j, "schedule", r->found[i].path);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void print_race_site(const struct ex_race_site *s)
{
	char loc[48];

	snprintf(loc, sizeof(loc), "%s:%d", s->file, s->line);
	printf("%-16s %-5s %s() %s", loc, s->write ? "write" : "read", s->func, s->what);
}

/* The race table: one pair per line, most executions first. */
static void print_races_text(const struct ex_report *r)
{
	int accepted = 0;

	for (int i = 0; i < r->races.n; i++)
		accepted += r->races.r[i].accepted;
	printf("data races:       %d racing pair%s (%d accepted by the kernel), executions "
	       "in which each was seen\n",
	       r->races.n, r->races.n == 1 ? "" : "s", accepted);
	for (int i = 0; i < r->races.n; i++) {
		const struct ex_race *x = &r->races.r[i];

		printf("  %8lu  ", x->executions);
		print_race_site(&x->a);
		printf("\n            ");
		print_race_site(&x->b);
		printf("%s\n", x->accepted ? "   [accepted: RT_READ_RACY]" : "");
	}
	if (r->races.dropped)
		printf("  (%lu more sightings of pairs beyond the first %d not kept)\n",
		       r->races.dropped, EX_MAX_RACES);
}

static void print_summary_text(const struct explore_cli *c, const struct ex_report *r)
{
	const struct ex_stats *s = &r->stats;
	char params[256];

	format_params(c->m, &c->o.args, params, sizeof(params));
	printf("model:            %s%s%s%s\n", c->m->name, params[0] ? " (" : "", params,
	       params[0] ? ")" : "");
	printf("fix:              %s\n", fix_name(c));
	printf("strategy:         %s\n", c->o.strategy);
	printf("bounds:           %s\n", r->bounds[0] ? r->bounds : "none");
	printf("executions:       %lu\n", s->executions);
	printf("blocked/redundant: %lu\n", s->blocked);
	printf("distinct states:  %lu\n", s->distinct_states);
	printf("max depth:        %u\n", s->max_depth);
	printf("max preemptions:  %u\n", s->max_preemptions);
	if (s->complete)
		printf("complete:         yes (under bounds: %s)\n",
		       r->bounds[0] ? r->bounds : "none");
	else
		printf("complete:         no (a budget ran out, a violation stopped the search, or "
		       "the strategy samples)\n");
	printf("elapsed:          %.3f s\n", s->elapsed_s);
	if (c->o.race_detect)
		print_races_text(r);
	if (r->nfound == 0) {
		printf("violations:       none found\n");
		return;
	}
	printf("violations:       %d\n", r->nfound);
	for (int i = 0; i < r->nfound; i++) {
		const struct ex_found *f = &r->found[i];
		const char *nl = strchr(f->v.message, '\n');
		int len = nl ? (int)(nl - f->v.message) : (int)strlen(f->v.message);

		printf("  [%d] %s: %.*s\n      schedule: %s\n", i + 1, f->v.kind, len, f->v.message,
		       f->path[0] ? f->path : "(not saved)");
	}
}

/* explore --minimize: minimise the first violation and save it beside. */
static int minimize_first(const struct explore_cli *c, const struct ex_report *r,
			  struct minimize_result *mr, char *path, size_t pathlen)
{
	char err[512];

	if (minimize_schedule(c->m, &c->o.args, &r->found[0].sched, &c->o, mr, err, sizeof(err)) !=
	    0)
		return cli_error("minimise: %s", err);
	minimize_default_path(
	    r->found[0].path[0] ? r->found[0].path : "vfsrace-out/violation.sched", path, pathlen);
	if (ex_schedule_save(&mr->sched, path, err, sizeof(err)) != 0)
		return cli_error("%s", err);
	return 0;
}

static int print_first_trace(const struct explore_cli *c, const struct ex_found *f,
			     const struct ex_schedule *s, const char *path)
{
	struct rt_result res;
	char err[512];

	if (replay_schedule(c->m, &c->o.args, s, c->o.max_steps, &res, NULL, err, sizeof(err)) != 0)
		return cli_error("the %s counterexample: %s", f->v.kind, err);
	struct trace_info ti = {c->m, &c->o.args, &res, path};
	printf("\n");
	trace_print_text(stdout, &ti);
	return 0;
}

int cmd_explore(int argc, char **argv)
{
	struct explore_cli c;
	struct ex_report r;
	struct minimize_result mr;
	char err[512], minpath[600];
	bool help, minimized = false;
	int rc;

	if ((rc = parse_cli(&c, "explore", true, argc, argv, &help)) != 0)
		return rc;
	if (help) {
		help_for("explore", stdout);
		return 0;
	}
	c.o.progress = !c.quiet && !c.json && isatty(STDERR_FILENO);
	reliability_prepare(&c.o);
	memset(&r, 0, sizeof(r));
	if ((rc = ex_explore(&c.o, &r, err, sizeof(err))) != 0)
		return reliability_explore_failed(rc, &c.o, err);
	if (c.minimize && r.nfound > 0) {
		if ((rc = minimize_first(&c, &r, &mr, minpath, sizeof(minpath))) != 0)
			goto out;
		minimized = true;
	}
	if (c.json) {
		struct json j;

		json_init(&j, stdout, true);
		json_obj_begin(&j);
		json_kv_str(&j, "model", c.m->name);
		json_params(&j, c.m, &c.o.args);
		json_kv_str(&j, "fix", fix_name(&c));
		json_kv_str(&j, "strategy", c.o.strategy);
		json_kv_str(&j, "bounds", r.bounds);
		json_kv_uint(&j, "executions", r.stats.executions);
		json_kv_uint(&j, "blocked", r.stats.blocked);
		json_kv_uint(&j, "distinct_states", r.stats.distinct_states);
		json_kv_uint(&j, "steps", r.stats.steps);
		json_kv_uint(&j, "max_depth", r.stats.max_depth);
		json_kv_uint(&j, "max_preemptions", r.stats.max_preemptions);
		json_kv_bool(&j, "complete", r.stats.complete);
		json_violations(&j, &r);
		if (c.o.race_detect)
			json_races(&j, &r.races);
		if (minimized) {
			json_key(&j, "minimized");
			json_obj_begin(&j);
			json_kv_str(&j, "schedule", minpath);
			json_kv_uint(&j, "preemptions", mr.preemptions);
			json_kv_uint(&j, "original_preemptions", mr.orig_preemptions);
			json_obj_end(&j);
		}
		reliability_json(&j, &c.o, &r);
		json_kv_double(&j, "elapsed_s", r.stats.elapsed_s);
		json_obj_end(&j);
		json_end(&j);
	} else {
		print_summary_text(&c, &r);
		if (minimized)
			printf("minimised:        %u preemption%s (was %u): %s\n", mr.preemptions,
			       mr.preemptions == 1 ? "" : "s", mr.orig_preemptions, minpath);
		else if (r.nfound > 0)
			printf(
			    "hint:             --minimize (or 'vfsrace minimize FILE') finds the "
			    "schedule with the fewest preemptions, the easiest trace to read\n");
		if (!c.quiet && r.nfound > 0) {
			rc = minimized ? print_first_trace(&c, &r.found[0], &mr.sched, minpath)
				       : print_first_trace(&c, &r.found[0], &r.found[0].sched,
							   r.found[0].path);
			if (rc)
				goto out;
		}
	}
	rc = r.nfound > 0 ? EXIT_VIOLATION : EXIT_NO_VIOLATION;
out:
	if (minimized)
		ex_schedule_free(&mr.sched);
	ex_report_free(&r);
	return rc;
}

/* ---- verify ----------------------------------------------------------- */

struct verify_row {
	const char *fix;
	struct ex_report r;
	char result[128];
};

static void row_result(struct verify_row *row)
{
	size_t off = 0;

	row->result[0] = 0;
	for (int i = 0; i < row->r.nfound && off < sizeof(row->result); i++) {
		const char *k = row->r.found[i].v.kind;
		bool dup = false;
		for (int j = 0; j < i; j++)
			dup |= strcmp(row->r.found[j].v.kind, k) == 0;
		if (!dup)
			off += snprintf(row->result + off, sizeof(row->result) - off, "%s%s",
					off ? ", " : "", k);
	}
	if (!row->result[0])
		snprintf(row->result, sizeof(row->result), "none found");
}

static void verify_text(const struct explore_cli *c, struct verify_row *rows, int n)
{
	int wf = 3, wr = 6;
	char params[256];

	for (int i = 0; i < n; i++) {
		wf = (int)strlen(rows[i].fix) > wf ? (int)strlen(rows[i].fix) : wf;
		wr = (int)strlen(rows[i].result) > wr ? (int)strlen(rows[i].result) : wr;
	}
	format_params(c->m, &c->o.args, params, sizeof(params));
	printf("verify %s%s%s%s, strategy %s\n\n", c->m->name, params[0] ? " (" : "", params,
	       params[0] ? ")" : "", c->o.strategy);
	printf("%-*s  %-*s  %10s  %9s  %-8s  %s\n", wf, "fix", wr, "result", "executions", "time",
	       "complete", "bounds");
	for (int i = 0; i < n; i++) {
		const struct ex_report *r = &rows[i].r;
		printf("%-*s  %-*s  %10lu  %7.3f s  %-8s  %s\n", wf, rows[i].fix, wr,
		       rows[i].result, r->stats.executions, r->stats.elapsed_s,
		       r->stats.complete ? "yes" : "no", r->bounds[0] ? r->bounds : "-");
	}
	for (int i = 0; i < n; i++)
		for (int k = 0; k < rows[i].r.nfound; k++)
			printf("%s: %s schedule %s\n", rows[i].fix, rows[i].r.found[k].v.kind,
			       rows[i].r.found[k].path);
}

static void verify_json(const struct explore_cli *c, struct verify_row *rows, int n)
{
	struct json j;

	json_init(&j, stdout, true);
	json_obj_begin(&j);
	json_kv_str(&j, "model", c->m->name);
	json_params(&j, c->m, &c->o.args);
	json_kv_str(&j, "strategy", c->o.strategy);
	json_key(&j, "fixes");
	json_arr_begin(&j);
	for (int i = 0; i < n; i++) {
		const struct ex_report *r = &rows[i].r;
		json_obj_begin(&j);
		json_kv_str(&j, "fix", rows[i].fix);
		json_kv_str(&j, "result", rows[i].result);
		json_violations(&j, r);
		json_kv_uint(&j, "executions", r->stats.executions);
		json_kv_uint(&j, "blocked", r->stats.blocked);
		json_kv_uint(&j, "distinct_states", r->stats.distinct_states);
		json_kv_bool(&j, "complete", r->stats.complete);
		json_kv_str(&j, "bounds", r->bounds);
		json_kv_double(&j, "elapsed_s", r->stats.elapsed_s);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
}

int cmd_verify(int argc, char **argv)
{
	struct explore_cli c;
	struct verify_row *rows;
	char err[512];
	bool help;
	int rc;

	if ((rc = parse_cli(&c, "verify", false, argc, argv, &help)) != 0)
		return rc;
	if (help) {
		help_for("verify", stdout);
		return 0;
	}
	if (c.fix)
		return cli_error("verify runs every fix; use 'vfsrace explore --fix %s'", c.fix);
	rows = calloc(c.m->nfixes, sizeof(*rows));
	if (!rows)
		return cli_error("out of memory");
	c.o.progress = false;
	if (!c.walk_given)
		c.o.sticky_walk = true; /* complete runs: fewest context switches */
	for (int i = 0; i < c.m->nfixes; i++) {
		struct ex_options o = c.o;

		o.args.fix = i;
		rows[i].fix = c.m->fixes[i].name;
		if (ex_explore(&o, &rows[i].r, err, sizeof(err)) != 0) {
			rc = cli_error("fix %s: %s", rows[i].fix, err);
			for (int k = 0; k < i; k++)
				ex_report_free(&rows[k].r);
			free(rows);
			return rc;
		}
		row_result(&rows[i]);
	}
	if (c.json)
		verify_json(&c, rows, c.m->nfixes);
	else
		verify_text(&c, rows, c.m->nfixes);
	for (int i = 0; i < c.m->nfixes; i++)
		ex_report_free(&rows[i].r);
	free(rows);
	return EXIT_NO_VIOLATION;
}

int cli_parse_explore_args(int argc, char **argv, bool is_explore)
{
	struct explore_cli c;
	bool help;

	parse_only = true;
	return parse_cli(&c, is_explore ? "explore" : "verify", is_explore, argc, argv, &help);
}
