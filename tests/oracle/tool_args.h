/*
 * tool_args.h - the model options the oracle's command-line tools share
 * (trace_diff, commute_check, lock_classes): --fix F and --PARAM V, with
 * named values (--fs ext2) as the vfsrace command line takes them.
 */
#ifndef VFSRACE_TESTS_TOOL_ARGS_H
#define VFSRACE_TESTS_TOOL_ARGS_H

#include "vfsrace/model.h"

/* opt and its value val for model m: 1 if it was a model option (a is
 * updated), 0 if it is none, -1 if its value is not one of the option's
 * (a message naming tool is printed). */
int tool_model_option(const char *tool, const struct model *m, struct model_args *a,
		      const char *opt, const char *val);

#endif
