/*
 * cmd_merge.c - `vfsrace merge A.json B.json ...`: the --json results of
 * `explore --shard i/N` runs, i = 0..N-1, added up with ex_report_merge()
 * (the rule that adds up work units in one run) into the JSON one
 * unsharded run prints.
 *
 * Every input is refused (one line, exit 2) unless all are shards of the
 * same exploration (the same space: model, fix, parameters, strategy,
 * seed, bounds, walk, ...) and each shard appears exactly once.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vfsrace/ex_result_json.h"

/* All shards of one exploration, each once; 0 or EXIT_USAGE. */
static int check_shards(const struct ex_shard_result *in, const char *const *paths, int n)
{
	int count = in[0].o.shard_count;
	char what[160];

	if (n != count)
		return cli_error("%d shard results given, the runs were split into %d", n, count);
	for (int i = 1; i < n; i++) {
		if (ex_options_space_differs(in[0].space, in[i].space, what, sizeof(what)))
			return cli_error("%s and %s are of different runs (%s)", paths[0], paths[i],
					 what);
		if (in[i].o.shard_count != count)
			return cli_error("%s is shard %d/%d, %s is of %d shards", paths[i],
					 in[i].o.shard_index, in[i].o.shard_count, paths[0], count);
		for (int j = 0; j < i; j++)
			if (in[j].o.shard_index == in[i].o.shard_index)
				return cli_error("%s and %s are both shard %d/%d", paths[j],
						 paths[i], in[i].o.shard_index, count);
	}
	return 0;
}

/* Shards in shard order, each merged once: the report of one run. */
static void merge_shards(const struct ex_shard_result *in, int n, struct ex_report *total)
{
	ex_report_init(total);
	for (int s = 0; s < n; s++)
		for (int i = 0; i < n; i++)
			if (in[i].o.shard_index == s)
				ex_report_merge(total, &in[i].r);
}

int cmd_merge(int argc, char **argv)
{
	struct ex_shard_result *in;
	int n = argc - 1, loaded = 0, rc = 0;
	char err[1024];

	for (int i = 1; i < argc; i++)
		if (is_help(argv[i])) {
			help_for("merge", stdout);
			return 0;
		}
	if (n < 1)
		return cli_error("merge needs the JSON results of the shards (see 'vfsrace "
				 "merge --help')");
	in = calloc((size_t)n, sizeof(*in));
	if (!in)
		return cli_error("out of memory");
	for (; loaded < n && !rc; loaded++)
		if (ex_shard_result_load(argv[loaded + 1], &in[loaded], err, sizeof(err)) != 0)
			rc = cli_error("%s", err);
	if (!rc)
		rc = check_shards(in, (const char *const *)argv + 1, n);
	if (!rc) {
		struct ex_options o = in[0].o;
		struct ex_report total;

		/* What one unsharded run prints, "command" included. */
		o.shard_index = o.shard_count = 0;
		merge_shards(in, n, &total);
		ex_result_json_write(stdout, "explore", &o, &total, NULL);
		rc = total.nfound > 0 ? EXIT_VIOLATION : EXIT_NO_VIOLATION;
		ex_report_free(&total);
	}
	for (int i = 0; i < loaded; i++)
		ex_shard_result_free(&in[i]);
	free(in);
	return rc;
}
