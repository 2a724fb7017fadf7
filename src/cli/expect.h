/*
 * expect.h - the expected results of `vfsrace verify` (docs/ci.md): one
 * row per fix with the violation kinds it finds and whether the run
 * covers its space, for `verify --expect FILE` to compare against and
 * `verify --write-expect FILE` to write.
 *
 *   # comments
 *   model select_parent
 *   space param.dentries 1 ... strategy dpor ... preemptions 1 ...
 *   fix               result               complete
 *   none              use-after-free       no
 *   korotaev          none                 yes
 *
 * `space` is the run's ex_options_space() without the tool version and
 * the fix: a file is only compared with a run of the same space, so that
 * a bounded expectation is never held against an unbounded run.
 */
#ifndef VFSRACE_CLI_EXPECT_H
#define VFSRACE_CLI_EXPECT_H

#include <stdbool.h>

#include "vfsrace/ex_explore.h"

#define EXPECT_MAX_ROWS 32

struct expect_row {
	char fix[64];
	char kinds[256]; /* sorted, distinct, comma-joined; "none" */
	bool complete;
};

struct expect_file {
	char model[64];
	char space[EX_SPACE_MAX];
	int n;
	struct expect_row rows[EXPECT_MAX_ROWS];
};

/* The space line of options o (tool and fix left out). */
void expect_space(const struct ex_options *o, char *buf, size_t len);
/* The row of a fix explored into report r. */
void expect_row_of(const char *fix, const struct ex_report *r, struct expect_row *row);
/* Read path; 0, or EXIT_USAGE after one line on stderr naming the line. */
int expect_load(const char *path, struct expect_file *e);
/* Write e to path atomically, with `command` (how to check it again) in
 * its comment; 0, or EXIT_USAGE after one line on stderr. */
int expect_write(const char *path, const struct expect_file *e, const char *command);
/* Is want a file for a run with options o (its model and space)?  0, or
 * EXIT_USAGE after one line on stderr naming the first difference. */
int expect_check_run(const char *path, const struct expect_file *want, const struct ex_options *o);
/* Does the run's row got differ from want's (or has want none)?  If so,
 * why, in one line: "fix F: expected K, complete yes; got ...". */
bool expect_row_differs(const char *path, const struct expect_file *want,
			const struct expect_row *got, char *why, size_t len);
/* Compare a run's rows with the file's, both of one model and space: one
 * line on stderr per row that differs.  0 all match, EXIT_VIOLATION some
 * differ. */
int expect_compare(const char *path, const struct expect_file *want, const struct expect_file *got);

#endif
