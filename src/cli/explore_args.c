/*
 * explore_args.c - the command line of `vfsrace explore` and `vfsrace
 * verify` (see explore_args.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "explore_args.h"

/* --walk random | sticky | N: the chance, in percent, that dpor's first
 * choice at a new state lets the running thread go on. */
static int parse_walk(const char *v, unsigned *stay_percent)
{
	unsigned long n;
	char *end;

	if (strcmp(v, "random") == 0) {
		*stay_percent = 0;
		return 0;
	}
	if (strcmp(v, "sticky") == 0) {
		*stay_percent = 100;
		return 0;
	}
	errno = 0;
	n = strtoul(v, &end, 10);
	if (*v < '0' || *v > '9' || *end || errno || n > 100)
		return cli_error("unknown --walk '%s' (random, sticky or a percentage 0..100)", v);
	*stay_percent = (unsigned)n;
	return 0;
}

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
		if (!err && !(o->strategy = ex_strategy_find(v)))
			return cli_error("unknown strategy '%s' (dfs, dpor, bounded, random, pct)",
					 v),
			       -1;
	} else if (OPT("--preemptions", true)) {
		if (!err && parse_int("--preemptions", v, -1, 1000, &o->preemptions))
			return -1;
	} else if (OPT("--executions", true)) {
		if (!err && parse_ulong("--executions", v, 0, (unsigned long)-1 >> 1, &u))
			return -1;
		o->max_executions = u;
		c->executions_given = true;
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
		if (!err && parse_walk(v, &o->walk_stay_percent))
			return -1;
		c->walk_given = true;
	} else if (OPT("--out", true)) {
		o->out_dir = v;
	} else if (OPT("--keep-going", false)) {
		o->keep_going = true;
	} else if (OPT("--json", false)) {
		c->format = CLI_FORMAT_JSON;
	} else if (OPT("--format", true)) {
		if (!err && parse_format(v, &c->format))
			return -1;
	} else if (OPT("--fix", true)) {
		c->fix = v;
	} else if (OPT("--max-executions", true)) {
		if (!err && parse_ulong("--max-executions", v, 0, (unsigned long)-1 >> 1, &u))
			return -1;
		o->max_executions = u;
		c->executions_given = true;
	} else {
		return 0;
	}
#undef OPT
	return err ? -1 : 1;
}

/* Options of explore only; as common_option. */
static int explore_option(struct explore_cli *c, int argc, char **argv, int *i)
{
	const char *v = NULL;
	int err = 0;
	unsigned long u = 0;

#define OPT(name, takes) (opt_match(argc, argv, i, name, takes, &v, &err))
	if (OPT("--seed", true)) {
		if (!err && parse_ulong("--seed", v, 0, (unsigned long)-1, &u))
			return -1;
		c->o.seed = u;
	} else if (OPT("--pct-depth", true)) {
		/* Not --depth: that is a model parameter (select_parent's tree). */
		if (!err && parse_int("--pct-depth", v, 1, 64, &c->o.pct_depth))
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
	} else if (OPT("--isolate", false)) {
		c->o.isolate = true;
	} else if (OPT("--timeout", true)) {
		if (!err && parse_seconds("--timeout", v, &c->o.isolate_timeout))
			return -1;
		if (!err && c->o.isolate_timeout <= 0)
			return cli_error("--timeout needs a positive number of seconds"), -1;
	} else if (OPT("--checkpoint", true)) {
		c->o.checkpoint = v;
	} else if (OPT("--resume", true)) {
		c->o.resume = v;
	} else if (OPT("--force", false)) {
		c->o.force = true;
	} else {
		return 0;
	}
#undef OPT
	return err ? -1 : 1;
}

/* Options of verify only; as common_option. */
static int verify_option(struct explore_cli *c, int argc, char **argv, int *i)
{
	const char *v = NULL;
	int err = 0;

#define OPT(name, takes) (opt_match(argc, argv, i, name, takes, &v, &err))
	if (OPT("--expect", true))
		c->expect = v;
	else if (OPT("--write-expect", true))
		c->write_expect = v;
	else
		return 0;
#undef OPT
	return err ? -1 : 1;
}

/* random and pct sample the whole space without end and do not split into
 * work units: a budget they always have, checkpoints they cannot have.
 * 0, or EXIT_USAGE after one line. */
static int sampler_options(struct explore_cli *c)
{
	const char *s = ex_strategy_name(c->o.strategy);

	if (strcmp(s, "random") != 0 && strcmp(s, "pct") != 0)
		return 0;
	if (c->o.checkpoint)
		return cli_error("--%s goes with dfs, dpor and bounded, which split into work "
				 "units; %s has none to keep (the same --seed and --executions "
				 "run the same executions again)",
				 c->o.resume ? "resume" : "checkpoint", s);
	if (c->executions_given && c->o.max_executions == 0 && c->o.max_seconds <= 0)
		return cli_error("%s samples without end: --executions 0 needs a --time budget", s);
	if (!c->executions_given && c->o.max_seconds <= 0)
		c->o.max_executions = EX_DEFAULT_SAMPLES;
	return 0;
}

/* Is arg ("--name" or "--name=VALUE") one of explore_option()'s? */
static bool explore_only(const char *arg)
{
	static const char *const names[] = {
	    "--seed",	    "--pct-depth", "--shard", "--races",   "--minimize",
	    "--minimise",   "--quiet",	   "-q",      "--isolate", "--timeout",
	    "--checkpoint", "--resume",	   "--force", NULL,
	};
	size_t len = strcspn(arg, "=");

	for (int k = 0; names[k]; k++)
		if (strlen(names[k]) == len && strncmp(arg, names[k], len) == 0)
			return true;
	return false;
}

int explore_cli_parse(struct explore_cli *c, const char *cmd, bool is_explore, int argc,
		      char **argv, bool *help)
{
	memset(c, 0, sizeof(*c));
	ex_options_default(&c->o);
	*help = false;
	for (int i = 1; i < argc; i++) {
		int r;

		if (is_help(argv[i])) {
			*help = true;
			return 0;
		}
		r = common_option(c, argc, argv, &i);
		if (r == 0)
			r = is_explore ? explore_option(c, argc, argv, &i)
				       : verify_option(c, argc, argv, &i);
		if (r == 0 && !is_explore && explore_only(argv[i]))
			/* Say so, instead of taking it for a model parameter and
			 * its value for the model. */
			return cli_error("%.*s is an option of explore, not of %s",
					 (int)strcspn(argv[i], "="), argv[i], cmd),
			       EXIT_USAGE;
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
	if (c->expect && c->write_expect)
		return cli_error("--expect checks a file, --write-expect writes one: not both");
	if (c->o.resume && !c->o.checkpoint)
		c->o.checkpoint = c->o.resume; /* go on checkpointing where it was */
	return sampler_options(c);
}

int cli_parse_explore_args(int argc, char **argv, bool is_explore)
{
	struct explore_cli c;
	bool help;

	return explore_cli_parse(&c, is_explore ? "explore" : "verify", is_explore, argc, argv,
				 &help);
}
