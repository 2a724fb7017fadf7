/*
 * ex_report.h - what an exploration reports, and the one rule for adding
 * two reports up.
 *
 * Work units, -j workers, --shard runs and `vfsrace merge` all combine
 * results with ex_report_merge(), so a merged report is the one a single
 * run over the same units prints.
 */
#ifndef VFSRACE_EX_REPORT_H
#define VFSRACE_EX_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "ex_schedule.h"
#include "rt_exec.h"

struct ex_found {
	struct rt_violation v;
	struct ex_schedule sched; /* empty when read back from JSON */
	char path[512];		  /* saved schedule file, "" if not saved */
	unsigned unit;		  /* work unit that showed it (0: not split) */
};

struct ex_stats {
	unsigned long executions;      /* complete executions explored */
	unsigned long blocked;	       /* abandoned: sleep-set blocked / redundant */
	unsigned long distinct_states; /* distinct terminal state hashes */
	unsigned long steps;	       /* scheduling decisions taken */
	unsigned max_depth;
	unsigned max_preemptions;
	bool complete;	  /* space covered under the stated bounds */
	bool interrupted; /* stopped by ex_request_stop() (SIGINT, SIGTERM) */
	double elapsed_s;
};

#define EX_MAX_FOUND 16

/*
 * --races: every distinct pair of accesses the data race detector saw
 * racing, identified by the two code locations (a before b in (file,
 * line) order), with the number of executions in which it saw the pair.
 */
struct ex_race_site {
	char file[32]; /* the port file's name */
	int line;
	char func[48]; /* the ported function */
	char what[64]; /* the marker's text: "read nr_unused" */
	bool write;
};

struct ex_race {
	struct ex_race_site a, b;
	bool accepted;		  /* one side is RT_READ_RACY: the kernel accepts it */
	unsigned long executions; /* executions in which the pair raced */
};

#define EX_MAX_RACES 64

struct ex_race_table {
	int n;
	struct ex_race r[EX_MAX_RACES];
	unsigned long dropped; /* pairs seen beyond EX_MAX_RACES, not kept */
};

/* Count pair r `executions` more times in t (added if new). */
void ex_race_table_add(struct ex_race_table *t, const struct ex_race *r, unsigned long executions);
/* Most executions first, then by location. */
void ex_race_table_sort(struct ex_race_table *t);

struct ex_report {
	struct ex_stats stats;
	/* The first violation of each kind, in the order of the units that
	 * showed them. */
	int nfound;
	struct ex_found found[EX_MAX_FOUND];
	char bounds[128]; /* e.g. "steps<=2000, preemptions<=2" */
	/* What a complete run covered, one of each explored: "Mazurkiewicz
	 * traces", "interleavings", "schedules with at most 2 preemptions",
	 * "traces with a schedule of at most 1 preemption"; "" for samplers. */
	char covers[96];
	unsigned resumed_units; /* taken from the --resume checkpoint */
	/* Schedule files saved for a kind already listed above: each work
	 * unit saves its own first of each kind before the merge keeps the
	 * earliest unit's (counted where reports merge in this process). */
	unsigned long unlisted_schedules;
	/* With race_detect: every racing pair, most executions first. */
	struct ex_race_table races;
	/* The distinct terminal states, ascending. */
	uint64_t *state_hashes;
	unsigned long nstate_hashes;
};

/* An empty report: nothing explored, so nothing missed (complete). */
void ex_report_init(struct ex_report *r);
/* Add part to into: executions, blocked, steps and resumed units add up;
 * depths, preemptions and elapsed time take the maximum; the state sets
 * unite; the race tables add up; complete only if both were; part's
 * bounds, if it states any; of the violations, the first of each kind by
 * unit, at most EX_MAX_FOUND. */
void ex_report_merge(struct ex_report *into, const struct ex_report *part);
/* The violation of this kind, or NULL. */
const struct ex_found *ex_report_find(const struct ex_report *r, const char *kind);
/* What a run's executions cover, for a person: "all 85 Mazurkiewicz
 * traces" when it is complete and exhaustive, else "85 executions, not
 * exhaustive" (a budget, a violation or sampling stopped it). */
void ex_report_coverage(const struct ex_report *r, char *buf, unsigned len);
void ex_report_free(struct ex_report *r);

#endif
