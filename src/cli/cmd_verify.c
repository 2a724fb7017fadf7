/*
 * cmd_verify.c - `vfsrace verify`: every fix of a model explored the same
 * way, one row each.
 */
#include <stdlib.h>
#include <string.h>

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
	json_kv_str(&j, "model", c->m->name);
	ex_result_json_params(&j, c->m, &c->o.args);
	json_kv_str(&j, "strategy", ex_strategy_name(c->o.strategy));
	json_key(&j, "fixes");
	json_arr_begin(&j);
	for (int i = 0; i < n; i++) {
		const struct ex_report *r = &rows[i].r;
		json_obj_begin(&j);
		json_kv_str(&j, "fix", rows[i].fix);
		json_kv_str(&j, "result", rows[i].result);
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

int cmd_verify(int argc, char **argv)
{
	struct explore_cli c;
	struct verify_row *rows;
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
	rows = calloc(c.m->nfixes, sizeof(*rows));
	if (!rows)
		return cli_error("out of memory");
	c.o.progress = false;
	cli_stop_on_signals();
	if (!c.walk_given)
		c.o.walk_stay_percent = 100; /* complete runs: fewest context switches */
	for (int i = 0; i < c.m->nfixes; i++) {
		struct ex_options o = c.o;

		o.args.fix = i;
		rows[i].fix = c.m->fixes[i].name;
		int erc = ex_explore(&o, &rows[i].r, err, sizeof(err));
		if (erc != 0) {
			rc = cli_error("fix %s: %s", rows[i].fix, err);
			if (erc == 1)
				rc = cli_interrupted_exit();
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
