/*
 * explore_helpers.h - running one exploration from a test and keeping the
 * set of terminal states it reached.
 */
#ifndef VFSRACE_TESTS_EXPLORE_HELPERS_H
#define VFSRACE_TESTS_EXPLORE_HELPERS_H

#include <stdbool.h>
#include <stdint.h>

#include "vfsrace/ex_explore.h"

/* Terminal state hashes, ascending. */
struct state_set {
	uint64_t *h;
	unsigned long n, cap;
};

void state_set_free(struct state_set *s);
bool state_set_equal(const struct state_set *a, const struct state_set *b);

/* Options for `model` with --size `size` and `strategy`; the out
 * directory is a private temporary one. */
void explore_options(struct ex_options *o, const char *model, int size, const char *strategy);

/* Run ex_explore; fails the test on an error.  states may be NULL. */
void explore_run(const struct ex_options *o, struct ex_report *r, struct state_set *states);

/* rt_init() and the temporary out directory; for cmocka group set-up. */
int explore_group_setup(void **state);
int explore_group_teardown(void **state);

#endif
