/*
 * unit_io.h - a work unit's result as bytes, for the results that cross a
 * process boundary: from a pool worker to the driver, and into and out of
 * a checkpoint file.
 */
#ifndef VFSRACE_EXPLORE_UNIT_IO_H
#define VFSRACE_EXPLORE_UNIT_IO_H

#include <stdio.h>

#include "unit.h"

/* 0, or -1 when the stream failed. */
int unit_result_write(FILE *f, const struct unit_result *r);
/* 0, or -1 on a short or corrupted record (r holds nothing to free). */
int unit_result_read(FILE *f, struct unit_result *r);

#endif
