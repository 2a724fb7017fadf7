/*
 * explore_args.h - the command line of `vfsrace explore` and `vfsrace
 * verify`: what they share, and what only explore takes.
 */
#ifndef VFSRACE_CLI_EXPLORE_ARGS_H
#define VFSRACE_CLI_EXPLORE_ARGS_H

#include "cli.h"

struct explore_cli {
	const char *model_name;
	const char *fix;
	struct ex_options o;
	struct pending_params params;
	enum cli_format format; /* --format, --json */
	bool quiet, minimize;
	bool walk_given;
	const char *expect, *write_expect; /* verify --expect / --write-expect FILE */
	bool executions_given;		   /* --executions N, even 0 */
	const struct model *m;
};

/* Parse argv into c; runs nothing and touches no file.  0, or EXIT_USAGE
 * after one line on stderr.  *help: --help was asked for. */
int explore_cli_parse(struct explore_cli *c, const char *cmd, bool is_explore, int argc,
		      char **argv, bool *help);

#endif
