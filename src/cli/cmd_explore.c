/*
 * cmd_explore.c - `vfsrace explore`: one exploration, its summary (text
 * or JSON), the first counterexample's trace, --minimize.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "explore_args.h"
#include "vfsrace/ex_result_json.h"
#include "vfsrace/ex_testing.h"

/* tests/cli/checkpoint.sh and atomic_save.sh make vfsrace stop or die at
 * a chosen point through these variables. */
static void test_hooks_from_environment(void)
{
	struct ex_test_hooks h = {0};
	const char *v;

	if ((v = getenv("VFSRACE_TEST_INTERRUPT_AFTER_UNITS")) != NULL)
		h.interrupt_after_units = (unsigned)strtoul(v, NULL, 10);
	if ((v = getenv("VFSRACE_TEST_KILL_AFTER_SAVE")) != NULL)
		h.kill_after_save = *v == '1';
	if ((v = getenv("VFSRACE_TEST_KILL_BEFORE_UNITS")) != NULL)
		h.kill_before_units = *v == '1';
	ex_test_hooks_set(&h);
}

/* ex_explore returned rc != 0: one line on stderr; the exit code. */
static int explore_failed(int rc, const struct ex_options *o, const char *err)
{
	if (rc == 1 && o->checkpoint) {
		cli_error("interrupted; finished work units are in %s (go on with --resume %s)",
			  o->checkpoint, o->checkpoint);
		return cli_interrupted_exit();
	}
	if (rc == 1)
		return cli_error("interrupted: the results above are those so far"),
		       cli_interrupted_exit();
	return cli_error("%s", err);
}

static const char *fix_name(const struct explore_cli *c)
{
	return c->m->fixes[c->o.args.fix].name;
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

/* Why a run is not complete, as far as its options and result tell. */
static const char *incomplete_reason(const struct explore_cli *c, const struct ex_report *r)
{
	const char *s = ex_strategy_name(c->o.strategy);

	if (r->stats.interrupted)
		return "interrupted (SIGINT or SIGTERM): the counts and violations so far";
	if (!strcmp(s, "random") || !strcmp(s, "pct"))
		return "random and pct sample schedules, they never cover the space";
	if (r->nfound > 0 && !c->o.keep_going)
		return "the search stopped at the first violation (--keep-going explores on)";
	if (c->o.max_executions || c->o.max_seconds > 0)
		return "the --executions or --time budget ran out";
	return "some executions were cut short (--max-steps) or took another path on replay";
}

static void print_summary_text(const struct explore_cli *c, const struct ex_report *r)
{
	const struct ex_stats *s = &r->stats;
	char params[256];

	format_params(c->m, &c->o.args, params, sizeof(params));
	printf("model:            %s%s%s%s\n", c->m->name, params[0] ? " (" : "", params,
	       params[0] ? ")" : "");
	printf("fix:              %s\n", fix_name(c));
	printf("strategy:         %s\n", ex_strategy_name(c->o.strategy));
	printf("bounds:           %s\n", r->bounds[0] ? r->bounds : "none");
	printf("executions:       %lu\n", s->executions);
	printf("blocked/redundant: %lu\n", s->blocked);
	printf("distinct states:  %lu\n", s->distinct_states);
	printf("max depth:        %u\n", s->max_depth);
	printf("max preemptions:  %u\n", s->max_preemptions);
	char coverage[160];

	ex_report_coverage(r, coverage, sizeof(coverage));
	if (s->complete && r->covers[0])
		printf("complete:         yes: %s were explored\n", coverage);
	else if (s->complete)
		printf("complete:         yes (under bounds: %s)\n",
		       r->bounds[0] ? r->bounds : "none");
	else
		printf("complete:         no: %s\n", incomplete_reason(c, r));
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
	if (r->unlisted_schedules)
		printf("also saved:       %lu more schedule file%s beside these: other work units' "
		       "first of a kind listed above\n",
		       r->unlisted_schedules, r->unlisted_schedules == 1 ? "" : "s");
}

/* Interrupted: the counts and violations so far, in the format asked for,
 * without traces or minimisation (a second signal would kill them). */
static void print_partial(const struct explore_cli *c, const struct ex_report *r)
{
	struct fix_run run = {fix_name(c), r, false, ""};
	struct ci_report cr = {"explore", &c->o, &run, 1};

	if (c->format == CLI_FORMAT_JSON)
		ex_result_json_write(stdout, "explore", &c->o, r, NULL);
	else if (c->format == CLI_FORMAT_JUNIT)
		report_junit(stdout, &cr);
	else if (c->format == CLI_FORMAT_SARIF)
		report_sarif(stdout, &cr);
	else
		print_summary_text(c, r);
	fflush(stdout);
}

/* explore --minimize: minimise the first violation and save it beside. */
static int minimize_first(const struct explore_cli *c, const struct ex_report *r,
			  struct ex_minimized *m)
{
	char err[512], path[1024];
	struct ex_options o = c->o;

	o.max_executions = 0; /* explore's budget is not minimise's */
	o.max_seconds = 0;
	ex_minimize_default_path(r->found[0].path[0] ? r->found[0].path
						     : "vfsrace-out/violation.sched",
				 path, sizeof(path));
	if (ex_minimize(&o, &r->found[0].sched, path, m, err, sizeof(err)) != 0) {
		if (ex_stop_requested())
			return cli_error("minimise: interrupted"), cli_interrupted_exit();
		return cli_error("minimise: %s", err);
	}
	return 0;
}

static int print_first_trace(const struct explore_cli *c, const struct ex_found *f,
			     const struct ex_schedule *s, const char *path)
{
	char err[512];
	struct rt_trace *tr = trace_replay(c->m, &c->o.args, s, c->o.max_steps,
					   !strcmp(f->v.kind, "data-race"), NULL, err, sizeof(err));

	if (!tr)
		return cli_error("the %s counterexample: %s", f->v.kind, err);
	struct trace_info ti = {.m = c->m, .a = &c->o.args, .tr = tr, .schedule_path = path};
	printf("\n");
	trace_print_text(stdout, &ti);
	rt_trace_free(tr);
	return 0;
}

int cmd_explore(int argc, char **argv)
{
	struct explore_cli c;
	struct ex_report r;
	struct ex_minimized mr;
	char err[512];
	bool help, minimized = false;
	int rc;

	if ((rc = explore_cli_parse(&c, "explore", true, argc, argv, &help)) != 0)
		return rc;
	if (help) {
		help_for("explore", stdout);
		return 0;
	}
	c.o.progress = !c.quiet && c.format == CLI_FORMAT_TEXT && isatty(STDERR_FILENO);
	cli_stop_on_signals();
	test_hooks_from_environment();
	if ((rc = ex_explore(&c.o, &r, err, sizeof(err))) != 0 && rc != 1)
		return explore_failed(rc, &c.o, err);
	if (rc == 1) {
		print_partial(&c, &r);
		ex_report_free(&r);
		return explore_failed(rc, &c.o, err);
	}
	if (c.minimize && r.nfound > 0) {
		if ((rc = minimize_first(&c, &r, &mr)) != 0)
			goto out;
		minimized = true;
	}
	if (c.format == CLI_FORMAT_JSON) {
		ex_result_json_write(stdout, "explore", &c.o, &r, minimized ? &mr : NULL);
	} else if (c.format != CLI_FORMAT_TEXT) {
		struct fix_run run = {fix_name(&c), &r, false, ""};
		struct ci_report cr = {"explore", &c.o, &run, 1};

		(c.format == CLI_FORMAT_JUNIT ? report_junit : report_sarif)(stdout, &cr);
	} else {
		print_summary_text(&c, &r);
		if (minimized)
			printf("minimised:        %u preemption%s (was %u): %s\n", mr.preemptions,
			       mr.preemptions == 1 ? "" : "s", mr.orig_preemptions, mr.path);
		else if (r.nfound > 0)
			printf(
			    "hint:             --minimize (or 'vfsrace minimize FILE') finds the "
			    "schedule with the fewest preemptions, the easiest trace to read\n");
		if (!c.quiet && r.nfound > 0) {
			rc = minimized ? print_first_trace(&c, &r.found[0], &mr.sched, mr.path)
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
