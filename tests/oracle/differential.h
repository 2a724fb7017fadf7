/*
 * differential.h - one test program through the explorer, held to the
 * oracle: every strategy and configuration must report exactly what the
 * oracle's enumeration says.
 */
#ifndef VFSRACE_TESTS_DIFFERENTIAL_H
#define VFSRACE_TESTS_DIFFERENTIAL_H

#include <stdbool.h>

#include "oracle_enum.h"
#include "prog.h"

struct diff_config {
	int seeds;     /* dpor random walks with seeds 1..seeds */
	int bound;     /* K for bounded and dpor --preemptions; -1: skip */
	bool parallel; /* also -j 2 and two shards */
	bool verbose;  /* print the traces dpor missed or repeated */
};

/* 0 when everything agrees; otherwise 1 and a description in msg. */
int diff_check(const struct prog *p, const struct oracle_result *o, const struct diff_config *cfg,
	       char *msg, unsigned len);

#endif
