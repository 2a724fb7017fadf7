/*
 * ex_model_program.h - a model with its arguments as the runtime's
 * rt_program: what every execution the explorer asks for runs, and what
 * bench/free_baseline.c runs on real threads.
 */
#ifndef VFSRACE_EX_MODEL_PROGRAM_H
#define VFSRACE_EX_MODEL_PROGRAM_H

#include "model.h"
#include "rt_exec.h"

struct ex_model_program {
	struct rt_program prog;
	const struct model *m;
	struct model_args args;
};

void ex_model_program_init(struct ex_model_program *mp, const struct model *m,
			   const struct model_args *a);

#endif
