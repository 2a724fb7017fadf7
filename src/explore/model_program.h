/*
 * model_program.h - a model with its arguments as the runtime's
 * rt_program: what every execution the explorer asks for runs.
 */
#ifndef VFSRACE_EXPLORE_MODEL_PROGRAM_H
#define VFSRACE_EXPLORE_MODEL_PROGRAM_H

#include "vfsrace/model.h"
#include "vfsrace/rt_exec.h"

struct model_program {
	struct rt_program prog;
	const struct model *m;
	struct model_args args;
};

void model_program_init(struct model_program *mp, const struct model *m,
			const struct model_args *a);

#endif
