/*
 * counterexample.h - a violation with the schedule that showed it, saved
 * the moment it is found (temp file, fsync, rename) so that nothing that
 * goes wrong later can lose it.
 */
#ifndef VFSRACE_EXPLORE_COUNTEREXAMPLE_H
#define VFSRACE_EXPLORE_COUNTEREXAMPLE_H

#include <stdint.h>

#include "vfsrace/ex_explore.h"

/* Fill f from v and the choices, and save it under o->out_dir (if any) as
 * MODEL-FIX-KIND-HASH-uUNIT-EXECUTION.vfsched, HASH 8 hex digits of the
 * run's space (ex_options_space: parameters, strategy, seed, bounds...).
 * An existing file is never replaced: the same schedule already there is
 * kept, another file gets the name with -2, -3, ... before .vfsched.
 * f->path stays "" if not saved. */
void counterexample_keep(const struct ex_options *o, unsigned unit, unsigned long execution,
			 const struct rt_violation *v, const uint8_t *choice, unsigned n,
			 struct ex_found *f);

#endif
