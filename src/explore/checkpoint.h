/*
 * checkpoint.h - --checkpoint FILE / --resume FILE: the results of the
 * finished work units of one exploration.
 */
#ifndef VFSRACE_EXPLORE_CHECKPOINT_H
#define VFSRACE_EXPLORE_CHECKPOINT_H

#include <stdbool.h>
#include <stddef.h>

#include "unit.h"

#define CHECKPOINT_FINGERPRINT_MAX (EX_SPACE_MAX + 96)

/* What the results depend on: a checkpoint made with another fingerprint
 * is refused. */
void checkpoint_fingerprint(const struct ex_options *o, const struct ex_unit *units,
			    unsigned nunits, char *buf, size_t len);
/* Write the results of units with done[i] atomically; 0 or -1 with err. */
int checkpoint_save(const char *path, const char *fingerprint, const struct unit_result *res,
		    const bool *done, unsigned nunits, char *err, unsigned errlen);
/* Load into res/done (nunits entries, zeroed by the caller); 0 or -1. */
int checkpoint_load(const char *path, const char *fingerprint, struct unit_result *res, bool *done,
		    unsigned nunits, char *err, unsigned errlen);

#endif
