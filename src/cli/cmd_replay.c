/*
 * cmd_replay.c - `vfsrace replay` and `vfsrace minimize`: both start from a
 * saved schedule file.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vfsrace/ex_result_json.h"

struct file_cli {
	const char *file;
	const char *format;
	const char *out;
	const char *want_model, *want_fix;
	const char *kernel_src; /* --kernel-src DIR: quote and link 2.4.26 */
	bool quiet, json, step;
	bool follow; /* replay --fix: follow the schedule under another fix */
	long at;     /* --at STEP for --format dot; -1: the last step */
	unsigned max_steps;
	unsigned long executions; /* minimize: the search's budget, 0: default */
	const struct model *m;
	struct model_args a;
	struct ex_schedule s;
};

static int parse_file_cli(struct file_cli *c, const char *cmd, int argc, char **argv, bool *help)
{
	memset(c, 0, sizeof(*c));
	c->format = "text";
	c->at = -1;
	*help = false;
	for (int i = 1; i < argc; i++) {
		const char *v = NULL;
		int err = 0;
		unsigned long u = 0;

#define OPT(name, takes) (opt_match(argc, argv, &i, name, takes, &v, &err))
		if (is_help(argv[i])) {
			*help = true;
			return 0;
		} else if (OPT("--format", true)) {
			c->format = v;
		} else if (OPT("--quiet", false) || OPT("-q", false)) {
			c->quiet = true;
		} else if (OPT("--json", false)) {
			c->json = true;
		} else if (OPT("--step", false)) {
			c->step = true;
		} else if (strcmp(cmd, "replay") == 0 && OPT("--kernel-src", true)) {
			c->kernel_src = v;
		} else if (OPT("--at", true)) {
			if (!err && parse_ulong("--at", v, 0, 10000000, &u))
				return EXIT_USAGE;
			c->at = (long)u;
		} else if (OPT("--out", true)) {
			c->out = v;
		} else if (OPT("--model", true)) {
			c->want_model = v;
		} else if (OPT("--fix", true)) {
			c->want_fix = v;
			c->follow = strcmp(cmd, "replay") == 0;
		} else if (strcmp(cmd, "minimize") == 0 && OPT("--executions", true)) {
			if (!err && parse_ulong("--executions", v, 1, (unsigned long)-1 >> 1, &u))
				return EXIT_USAGE;
			c->executions = u;
		} else if (OPT("--max-steps", true)) {
			if (!err && parse_ulong("--max-steps", v, 1, 10000000, &u))
				return EXIT_USAGE;
			c->max_steps = (unsigned)u;
		} else if (argv[i][0] == '-' && argv[i][1] != 0) {
			return cli_error("unknown option '%s' for %s (see 'vfsrace %s --help')",
					 argv[i], cmd, cmd);
		} else if (c->file) {
			return cli_error("%s takes one FILE, not '%s' as well", cmd, argv[i]);
		} else {
			c->file = argv[i];
		}
#undef OPT
		if (err)
			return EXIT_USAGE;
	}
	if (!c->file)
		return cli_error("%s needs a schedule FILE", cmd);
	if (strcmp(c->format, "text") != 0 && strcmp(c->format, "json") != 0 &&
	    strcmp(c->format, "html") != 0 && strcmp(c->format, "dot") != 0)
		return cli_error("unknown --format '%s' (text, json, html or dot)", c->format);
	if (c->kernel_src && strcmp(c->format, "html") != 0 && strcmp(c->format, "json") != 0)
		return cli_error("--kernel-src DIR goes with --format html (or json)");
	if (c->at >= 0 && strcmp(c->format, "dot") != 0)
		return cli_error("--at STEP goes with --format dot");
	if (c->step && (strcmp(c->format, "text") != 0 || c->json))
		return cli_error("--step walks the trace in text; it does not go with --format %s",
				 c->json ? "json" : c->format);
	return 0;
}

/* Load, check against --model/--fix, resolve against the model table. */
static int load_file(struct file_cli *c)
{
	char err[512];

	if (ex_schedule_load(&c->s, c->file, err, sizeof(err)) != 0)
		return cli_error("%s", err);
	if (c->want_model && strcmp(c->want_model, c->s.model) != 0)
		return cli_error("%s: schedule of model '%s', not '%s'", c->file, c->s.model,
				 c->want_model);
	if (c->want_fix && strcmp(c->want_fix, c->s.fix) != 0 && !c->follow)
		return cli_error("%s: schedule of fix '%s', not '%s'", c->file, c->s.fix,
				 c->want_fix);
	if (ex_schedule_resolve(&c->s, &c->m, &c->a, err, sizeof(err)) != 0)
		return cli_error("%s: %s", c->file, err);
	return 0;
}

int cmd_replay(int argc, char **argv)
{
	struct file_cli c;
	char err[512];
	bool help;
	int rc;

	if ((rc = parse_file_cli(&c, "replay", argc, argv, &help)) != 0)
		return rc;
	if (help) {
		help_for("replay", stdout);
		return 0;
	}
	if ((rc = load_file(&c)) != 0)
		goto out;
	if (c.s.source_hash[0] && strcmp(c.s.source_hash, ex_source_hash()) != 0)
		fprintf(stderr,
			"vfsrace: note: %s was saved by vfsrace %s built from other sources "
			"(source %s, this build %s): if the replay diverges, that is why\n",
			c.file, c.s.tool_version, c.s.source_hash, ex_source_hash());
	if (c.want_fix && strcmp(c.want_fix, c.s.fix) != 0) {
		struct model_args fa = c.a;

		fa.fix = model_fix_index(c.m, c.want_fix);
		if (fa.fix < 0)
			rc = cli_error("model %s has no fix '%s' (see 'vfsrace list')", c.m->name,
				       c.want_fix);
		else if (strcmp(c.format, "text") != 0 || c.json || c.step || c.quiet)
			rc = cli_error("replay --fix %s follows the schedule under another fix; it "
				       "prints text only",
				       c.want_fix);
		else
			rc = trace_follow(stdout, c.m, &c.a, &fa, &c.s, c.file, c.max_steps);
		goto out;
	}
	if (strcmp(c.format, "dot") == 0) {
		rc = trace_print_dot(stdout, c.m, &c.a, &c.s, c.at, c.max_steps, err, sizeof(err));
		if (rc == EXIT_USAGE)
			cli_error("%s: %s", c.file, err);
		goto out;
	}
	struct rt_trace *partial = NULL;
	struct rt_trace *tr =
	    trace_replay(c.m, &c.a, &c.s, c.max_steps, !strcmp(c.s.violation, "data-race"),
			 &partial, err, sizeof(err));
	if (!tr) {
		/* What ran before the divergence: where the schedule and this
		 * build part ways (a schedule of another build or version). */
		if (partial && !c.quiet && !c.step && strcmp(c.format, "text") == 0 && !c.json) {
			struct trace_info ti = {
			    .m = c.m, .a = &c.a, .tr = partial, .schedule_path = c.file};

			printf("The steps replayed before the schedule diverged:\n");
			trace_print_text(stdout, &ti);
		}
		rt_trace_free(partial);
		rc = cli_error("%s: %s", c.file, err);
		goto out;
	}
	const struct rt_result *res = &tr->res;
	struct trace_info ti = {.m = c.m, .a = &c.a, .tr = tr, .schedule_path = c.file};
	char ksrc[PATH_MAX];
	if (c.kernel_src) {
		/* a link opens from anywhere only with the whole path, which the
		 * user asked for by naming the tree */
		if ((rc = kernel_src_check(c.kernel_src)) != 0) {
			rt_trace_free(tr);
			goto out;
		}
		ti.kernel_src = realpath(c.kernel_src, ksrc) ? ksrc : c.kernel_src;
	}
	if (c.step)
		trace_step(stdin, stdout, &ti);
	else if (strcmp(c.format, "html") == 0) {
		if (trace_print_html(stdout, &ti) != 0) {
			rt_trace_free(tr);
			rc = cli_error("out of memory for the HTML page");
			goto out;
		}
	} else if (strcmp(c.format, "json") == 0 || c.json)
		trace_print_json(stdout, &ti);
	else if (!c.quiet)
		trace_print_text(stdout, &ti);
	else
		for (int i = 0; i < res->nviolations; i++)
			printf("%s\n", res->v[i].kind);
	if (c.s.violation[0] && (res->nviolations == 0 || strcmp(res->v[0].kind, c.s.violation)))
		fprintf(stderr, "vfsrace: note: %s was saved showing %s; this replay shows %s\n",
			c.file, c.s.violation, res->nviolations ? res->v[0].kind : "no violation");
	rc = res->nviolations > 0 ? EXIT_VIOLATION : EXIT_NO_VIOLATION;
	rt_trace_free(tr);
out:
	ex_schedule_free(&c.s);
	return rc;
}

int cmd_minimize(int argc, char **argv)
{
	struct file_cli c;
	struct ex_minimized mr;
	struct ex_options o;
	char err[512], out[1024];
	bool help;
	int rc;

	if ((rc = parse_file_cli(&c, "minimize", argc, argv, &help)) != 0)
		return rc;
	if (help) {
		help_for("minimize", stdout);
		return 0;
	}
	if ((rc = load_file(&c)) != 0)
		goto out;
	ex_options_default(&o);
	o.model = c.m;
	o.args = c.a;
	if (c.max_steps)
		o.max_steps = c.max_steps;
	else if (c.s.max_steps)
		o.max_steps = c.s.max_steps; /* the bound the schedule was found under */
	o.max_executions = c.executions;
	if (c.out)
		snprintf(out, sizeof(out), "%s", c.out);
	else
		ex_minimize_default_path(c.file, out, sizeof(out));
	cli_stop_on_signals();
	if (ex_minimize(&o, &c.s, out, &mr, err, sizeof(err)) != 0) {
		rc = cli_error("%s: %s", c.file, ex_stop_requested() ? "interrupted" : err);
		if (ex_stop_requested())
			rc = cli_interrupted_exit();
		goto out;
	}
	/* The events of the minimised schedule's replay are still current. */
	if (c.json) {
		struct json j;
		json_init(&j, stdout, true);
		json_obj_begin(&j);
		ex_result_json_header(&j, "minimize");
		json_kv_str(&j, "schedule", out);
		json_kv_str(&j, "kind", mr.kind);
		json_kv_uint(&j, "preemptions", mr.preemptions);
		json_kv_uint(&j, "original_preemptions", mr.orig_preemptions);
		json_kv_int(&j, "bound", mr.bound);
		json_kv_uint(&j, "steps", mr.sched.n);
		json_kv_uint(&j, "original_steps", c.s.n);
		json_kv_bool(&j, "budget_ran_out", mr.budget_out);
		json_obj_end(&j);
		json_end(&j);
	} else {
		printf("%s: %s with %u preemption%s (was %u), %u steps (was %u): %s\n", c.file,
		       mr.kind, mr.preemptions, mr.preemptions == 1 ? "" : "s", mr.orig_preemptions,
		       mr.sched.n, c.s.n, out);
		if (mr.budget_out)
			printf("(the search's budget of %lu executions ran out at %d preemption%s; "
			       "--executions N gives it more)\n",
			       mr.budget, mr.budget_bound, mr.budget_bound == 1 ? "" : "s");
		if (mr.bound < 0 && !mr.budget_out)
			printf("(no schedule with fewer preemptions shows %s; kept the original)\n",
			       mr.kind);
		else if (mr.bound < 0)
			printf(
			    "(none with fewer preemptions found within it; kept the original)\n");
		if (!c.quiet) {
			struct rt_trace *tr =
			    trace_replay(c.m, &c.a, &mr.sched, o.max_steps,
					 !strcmp(mr.kind, "data-race"), NULL, err, sizeof(err));
			if (!tr) {
				rc = cli_error("%s: %s", out, err);
				goto out_mr;
			}
			struct trace_info ti = {
			    .m = c.m, .a = &c.a, .tr = tr, .schedule_path = out};
			printf("\n");
			trace_print_text(stdout, &ti);
			rt_trace_free(tr);
		}
	}
	rc = EXIT_VIOLATION;
out_mr:
	ex_schedule_free(&mr.sched);
out:
	ex_schedule_free(&c.s);
	return rc;
}
