/*
 * tool_args.h - the model options the oracle's command-line tools share
 * (trace_diff, commute_check, lock_classes): --fix F and --PARAM V, with
 * named values (--fs ext2) as the vfsrace command line takes them.
 */
#ifndef VFSRACE_TESTS_TOOL_ARGS_H
#define VFSRACE_TESTS_TOOL_ARGS_H

#include "vfsrace/model.h"

/* The model called name with its default arguments in *a, or NULL with a
 * message naming tool. */
const struct model *tool_model(const char *tool, const char *name, struct model_args *a);

/* opt and its value val as a model option of m, into a: 0, or -1 with a
 * message naming tool when opt is no option of m's or val is not one of
 * its values.  Each tool takes its own options first. */
int tool_model_option(const char *tool, const struct model *m, struct model_args *a,
		      const char *opt, const char *val);

#endif
