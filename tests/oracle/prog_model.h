/*
 * prog_model.h - the model "test-program": runs prog_model_current on the
 * runtime.
 */
#ifndef VFSRACE_TESTS_PROG_MODEL_H
#define VFSRACE_TESTS_PROG_MODEL_H

#include "prog.h"

extern struct prog prog_model_current;

#endif
