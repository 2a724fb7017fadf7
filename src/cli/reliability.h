/*
 * reliability.h - the explore options that keep long runs safe
 * (--isolate, --timeout, --checkpoint, --resume), the sharded JSON that
 * `vfsrace merge` reads, and a parse-only entry point for the fuzzer.
 */
#ifndef VFSRACE_CLI_RELIABILITY_H
#define VFSRACE_CLI_RELIABILITY_H

#include <stdbool.h>

#include "vfsrace/ex_explore.h"

/* Exit code of a run stopped by SIGINT/SIGTERM with its checkpoint saved. */
#define EXIT_INTERRUPTED 130

/* argv[*i] one of ours?  1 taken, 0 not ours, -1 after the error line. */
int reliability_option(struct ex_options *o, int argc, char **argv, int *i);
/* After parsing: signal handlers for --checkpoint, test hooks from the
 * environment, state hashes for --shard. */
void reliability_prepare(struct ex_options *o);
/* ex_explore returned rc != 0: one line on stderr; the exit code. */
int reliability_explore_failed(int rc, const struct ex_options *o, const char *err);

/* Parse `vfsrace explore|verify ARGS` without running anything or
 * touching the file system: 0, or EXIT_USAGE after one line on stderr. */
int cli_parse_explore_args(int argc, char **argv, bool is_explore);

int cmd_merge(int argc, char **argv);

#endif
