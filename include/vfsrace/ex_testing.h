/*
 * ex_testing.h - test hooks: points where vfsrace interrupts or kills
 * itself on purpose, so that "midway" lands at the same point every time
 * (tests/cli/checkpoint.sh, atomic_save.sh).  Off unless a test sets them;
 * never part of an exploration's options.
 */
#ifndef VFSRACE_EX_TESTING_H
#define VFSRACE_EX_TESTING_H

#include <stdbool.h>

struct ex_test_hooks {
	/* raise(SIGINT) once this many units are checkpointed (0: never) */
	unsigned interrupt_after_units;
	/* raise(SIGKILL) right after a counterexample is saved */
	bool kill_after_save;
	/* raise(SIGKILL) once the first checkpoint is written, before any
	 * unit runs */
	bool kill_before_units;
};

/* Set for this process and the workers it forks from now on. */
void ex_test_hooks_set(const struct ex_test_hooks *h);
const struct ex_test_hooks *ex_test_hooks(void);

#endif
