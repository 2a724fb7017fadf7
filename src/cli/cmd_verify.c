/*
 * cmd_verify.c - `vfsrace verify`: every fix of a model explored the same
 * way, one row each.
 */
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "explore_args.h"
#include "vfsrace/ex_result_json.h"

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
	       params[0] ? ")" : "", ex_strategy_name(c->o.strategy));
	printf("%-*s  %-*s  %9s  %s\n", wf, "fix", wr, "result", "time", "explored");
	for (int i = 0; i < n; i++) {
		const struct ex_report *r = &rows[i].r;
		char coverage[160];

		ex_report_coverage(r, coverage, sizeof(coverage));
		printf("%-*s  %-*s  %7.3f s  %s\n", wf, rows[i].fix, wr, rows[i].result,
		       r->stats.elapsed_s, coverage);
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
	ex_result_json_header(&j, "verify");
	json_kv_str(&j, "model", c->m->name);
	ex_result_json_params(&j, c->m, &c->o.args);
	json_kv_str(&j, "strategy", ex_strategy_name(c->o.strategy));
	json_key(&j, "fixes");
	json_arr_begin(&j);
	for (int i = 0; i < n; i++) {
		const struct ex_report *r = &rows[i].r;
		json_obj_begin(&j);
		json_kv_str(&j, "fix", rows[i].fix);
		json_key(&j, "result"); /* the kinds found, each once, in order */
		json_arr_begin(&j);
		for (int k = 0; k < r->nfound; k++)
			json_str(&j, r->found[k].v.kind);
		json_arr_end(&j);
		ex_result_json_violations(&j, r, false);
		json_kv_uint(&j, "executions", r->stats.executions);
		json_kv_uint(&j, "blocked", r->stats.blocked);
		json_kv_uint(&j, "distinct_states", r->stats.distinct_states);
		json_kv_bool(&j, "complete", r->stats.complete);
		json_kv_str(&j, "bounds", r->bounds);
		json_kv_str(&j, "covers", r->covers);
		json_kv_double(&j, "elapsed_s", r->stats.elapsed_s);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
}

/* How to run this verify again: its arguments without the ones that
 * only say where and how to print (so no path of this machine). */
static void command_of(int argc, char **argv, char *buf, size_t len)
{
	static const char *const skip_with_value[] = {
	    "--expect", "--write-expect", "--format", "--out", "-j", "--jobs"};
	size_t off = (size_t)snprintf(buf, len, "vfsrace verify");

	for (int i = 1; i < argc && off < len; i++) {
		bool skip = strcmp(argv[i], "--json") == 0;

		for (size_t k = 0; !skip && k < sizeof(skip_with_value) / sizeof(*skip_with_value);
		     k++) {
			size_t n = strlen(skip_with_value[k]);

			if (strncmp(argv[i], skip_with_value[k], n) == 0 &&
			    (argv[i][n] == 0 || argv[i][n] == '=')) {
				skip = true;
				i += argv[i][n] == 0;
			}
		}
		if (!skip)
			off += (size_t)snprintf(buf + off, len - off, " %s", argv[i]);
	}
}

/* The run's rows as an expect file (without rows beyond its room). */
static void expect_of(const struct explore_cli *c, const struct verify_row *rows, int n,
		      struct expect_file *e)
{
	memset(e, 0, sizeof(*e));
	snprintf(e->model, sizeof(e->model), "%s", c->m->name);
	expect_space(&c->o, e->space, sizeof(e->space));
	for (int i = 0; i < n && e->n < EXPECT_MAX_ROWS; i++)
		expect_row_of(rows[i].fix, &rows[i].r, &e->rows[e->n++]);
}

/* --expect / --write-expect after the table: the exit code. */
static int verify_expect(const struct explore_cli *c, const struct expect_file *got,
			 const struct expect_file *want, int argc, char **argv)
{
	char command[1024];
	int rc;

	if (c->write_expect) {
		command_of(argc, argv, command, sizeof(command));
		return expect_write(c->write_expect, got, command);
	}
	if (!c->expect)
		return EXIT_NO_VIOLATION;
	rc = expect_compare(c->expect, want, got);
	if (rc == EXIT_NO_VIOLATION)
		fprintf(stderr, "vfsrace: expect: all %d fixes match %s\n", got->n, c->expect);
	return rc;
}

/* --format junit|sarif: the rows, judged against want with --expect. */
static void verify_ci(const struct explore_cli *c, const struct verify_row *rows, int n,
		      const struct expect_file *got, const struct expect_file *want)
{
	struct fix_run *runs = calloc(n > 0 ? (size_t)n : 1, sizeof(*runs));
	struct ci_report cr = {"verify", &c->o, runs, n};

	if (!runs)
		abort();
	for (int i = 0; i < n; i++) {
		runs[i].fix = rows[i].fix;
		runs[i].r = &rows[i].r;
		runs[i].expected = c->expect != NULL;
		if (c->expect)
			expect_row_differs(c->expect, want, &got->rows[i], runs[i].mismatch,
					   sizeof(runs[i].mismatch));
	}
	if (c->format == CLI_FORMAT_JUNIT)
		report_junit(stdout, &cr);
	else
		report_sarif(stdout, &cr);
	free(runs);
}

int cmd_verify(int argc, char **argv)
{
	struct explore_cli c;
	struct verify_row *rows;
	struct expect_file want, got;
	char err[512];
	bool help;
	int rc;

	if ((rc = explore_cli_parse(&c, "verify", false, argc, argv, &help)) != 0)
		return rc;
	if (help) {
		help_for("verify", stdout);
		return 0;
	}
	if (c.fix)
		return cli_error("verify runs every fix; use 'vfsrace explore --fix %s'", c.fix);
	if (c.m->nfixes > EXPECT_MAX_ROWS && (c.expect || c.write_expect))
		return cli_error("%s has more fixes than an expect file holds", c.m->name);
	if (!c.walk_given)
		c.o.walk_stay_percent = 100; /* complete runs: fewest context switches */
	/* A file of another run is refused before the long part. */
	if (c.expect && ((rc = expect_load(c.expect, &want)) != 0 ||
			 (rc = expect_check_run(c.expect, &want, &c.o)) != 0))
		return rc;
	rows = calloc(c.m->nfixes, sizeof(*rows));
	if (!rows)
		return cli_error("out of memory");
	c.o.progress = false;
	cli_stop_on_signals();
	int nrows = c.m->nfixes;
	bool interrupted = false;
	for (int i = 0; i < c.m->nfixes; i++) {
		struct ex_options o = c.o;

		o.args.fix = i;
		rows[i].fix = c.m->fixes[i].name;
		if ((rc = ex_explore(&o, &rows[i].r, err, sizeof(err))) == 1) {
			/* interrupted: this row so far, and no more rows */
			row_result(&rows[i]);
			nrows = i + 1;
			interrupted = true;
			break;
		}
		if (rc != 0) {
			rc = cli_error("fix %s: %s", rows[i].fix, err);
			for (int k = 0; k < i; k++)
				ex_report_free(&rows[k].r);
			free(rows);
			return rc;
		}
		row_result(&rows[i]);
	}
	/* The rows, in the format asked for: every fix's, or when a signal
	 * stopped the run (a CI timeout) those so far, which are then neither
	 * compared with nor written as expected results. */
	expect_of(&c, rows, nrows, &got);
	if (c.format == CLI_FORMAT_JSON)
		verify_json(&c, rows, nrows);
	else if (c.format == CLI_FORMAT_TEXT)
		verify_text(&c, rows, nrows);
	else
		verify_ci(&c, rows, nrows, &got, &want);
	if (interrupted) {
		cli_error(
		    "interrupted in fix %s: the rows above are those so far, %d fix%s not run",
		    c.m->fixes[nrows - 1].name, c.m->nfixes - nrows,
		    c.m->nfixes - nrows == 1 ? "" : "es");
		rc = cli_interrupted_exit();
	} else {
		rc = verify_expect(&c, &got, &want, argc, argv);
	}
	for (int i = 0; i < nrows; i++)
		ex_report_free(&rows[i].r);
	free(rows);
	return rc;
}
