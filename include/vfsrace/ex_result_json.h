/*
 * ex_result_json.h - an exploration's result as JSON (explore --json), and
 * a shard's read back for `vfsrace merge`: the one definition of that
 * schema.
 *
 * {schema_version, command, model, params, fix, strategy, bounds, executions, blocked,
 *  distinct_states, steps, max_depth, max_preemptions, complete,
 *  violations: [{kind, message, schedule}], [races, races_dropped],
 *  [minimized],
 *  [shard: {index, count, space}, state_hashes], elapsed_s}
 *
 * The shard block and each violation's "unit" are written for one shard of
 * several: they are what merging needs (the space to check the shards
 * against each other, the states to unite, the unit order of violations).
 */
#ifndef VFSRACE_EX_RESULT_JSON_H
#define VFSRACE_EX_RESULT_JSON_H

#include <stdio.h>

#include "ex_explore.h"
#include "ex_json.h"
#include "ex_minimize.h"

/* The version of every document vfsrace prints as JSON (explore, merge,
 * verify, replay, minimize), described by docs/result.schema.json: a
 * change that renames, removes or retypes a key bumps it. */
#define EX_RESULT_SCHEMA_VERSION 1

/* "schema_version" and "command": the first members of every document. */
void ex_result_json_header(struct json *j, const char *command);
/* The whole document, "command" naming its kind ("explore": also what
 * merge prints, the document of one unsharded run); m (explore
 * --minimize) may be NULL. */
void ex_result_json_write(FILE *f, const char *command, const struct ex_options *o,
			  const struct ex_report *r, const struct ex_minimized *m);
/* "params": {...} of a model's arguments. */
void ex_result_json_params(struct json *j, const struct model *m, const struct model_args *a);
/* "races": [{a, b, accepted, executions}] and "races_dropped", with --races. */
void ex_result_json_races(struct json *j, const struct ex_race_table *t);
/* "violations": [...] of a report, as explore --json writes them. */
void ex_result_json_violations(struct json *j, const struct ex_report *r, bool with_unit);

/* One shard's result, read back. */
struct ex_shard_result {
	struct ex_options o;	  /* model, args, strategy, shard; the rest default */
	char space[EX_SPACE_MAX]; /* ex_options_space() of the run */
	struct ex_report r;	  /* bounds without the "; shard i/N" suffix */
};

/* Read the --json output of an `explore --shard i/N` run.  0, or -1 with
 * a one-line reason naming path. */
int ex_shard_result_load(const char *path, struct ex_shard_result *s, char *errbuf,
			 unsigned errlen);
void ex_shard_result_free(struct ex_shard_result *s);

#endif
