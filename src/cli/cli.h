/*
 * cli.h - what the vfsrace subcommands share: exit codes, option parsing
 * helpers, the readable trace.
 */
#ifndef VFSRACE_CLI_H
#define VFSRACE_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "vfsrace/ex_explore.h"
#include "vfsrace/ex_minimize.h"
#include "vfsrace/ex_replay.h"
#include "vfsrace/ex_schedule.h"
#include "vfsrace/model.h"
#include "vfsrace/rt_exec.h"

/* Exit codes, as documented in `vfsrace help`. */
#define EXIT_NO_VIOLATION 0
#define EXIT_VIOLATION	  1
#define EXIT_USAGE	  2
/* A run stopped by SIGINT/SIGTERM (with --checkpoint: its checkpoint
 * saved) exits 128 + the signal: 130 or 143 (signals.c). */

/* Turn the first SIGINT/SIGTERM into ex_request_stop() (signals.c). */
void cli_stop_on_signals(void);
/* The exit code of a run that such a signal stopped: 130 or 143. */
int cli_interrupted_exit(void);

/* Print "vfsrace: MESSAGE" as one line on stderr; returns EXIT_USAGE. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* --- option parsing (args.c) --- */

/* Does argv[*i] name option "--name" (or "--name=VALUE")?  On a match the
 * value, if the option takes one, is stored in *val (from "=VALUE" or the
 * next argument, advancing *i); a missing value is an error (*err = 1). */
bool opt_match(int argc, char **argv, int *i, const char *name, bool takes_value, const char **val,
	       int *err);
int parse_ulong(const char *opt, const char *s, unsigned long lo, unsigned long hi,
		unsigned long *out);
int parse_int(const char *opt, const char *s, long lo, long hi, int *out);
int parse_seconds(const char *opt, const char *s, double *out);
int parse_shard(const char *s, int *index, int *count);

/* What explore and verify print: --format text|json|junit|sarif. */
enum cli_format { CLI_FORMAT_TEXT, CLI_FORMAT_JSON, CLI_FORMAT_JUNIT, CLI_FORMAT_SARIF };
int parse_format(const char *s, enum cli_format *out);
bool is_help(const char *arg);

/* Model parameters given as --NAME VALUE, collected before the model is
 * known and applied afterwards. */
#define CLI_MAX_PENDING 32
struct pending_params {
	int n;
	const char *name[CLI_MAX_PENDING];
	const char *value[CLI_MAX_PENDING];
};
/* Take argv[*i] as "--NAME VALUE" for later; 0, or EXIT_USAGE. */
int pending_add(struct pending_params *p, int argc, char **argv, int *i);
/* Apply to a's values; unknown names are unknown options. */
int pending_apply(const struct pending_params *p, const struct model *m, struct model_args *a,
		  const char *cmd);
/* Resolve MODEL and --fix F into m and a (defaults for the rest). */
int resolve_model(const char *name, const char *fix, const struct model **m, struct model_args *a);
void format_params(const struct model *m, const struct model_args *a, char *buf, size_t len);

/* --- traces (trace_text.c, trace_json.c) --- */

struct trace_info {
	const struct model *m;
	const struct model_args *a;
	const struct rt_result *res; /* of the replayed execution */
	const char *schedule_path;   /* or NULL */
};

/* Read from rt_events()/rt_event_state() of the last replay. */
void trace_print_text(FILE *f, const struct trace_info *ti);
void trace_print_json(FILE *f, const struct trace_info *ti);
/* The object of an operation as the port names it ("dentry foo/",
 * "dcache_lock", "BKL"), or "" for an unnamed global: never an address,
 * which changes from run to run. */
void trace_object_name(const struct rt_op *op, char *buf, size_t len);
/* "spin_lock dcache_lock", "atomic_dec d_count of foo/ 1→0", ... */
void trace_describe_op(const struct rt_event *e, char *buf, size_t len);
const char *trace_basename(const char *path);
/* The state line in force after event i (the last one recorded), or "". */
const char *trace_state_at(unsigned i);
/* Threads in the event log (highest tid + 1). */
int trace_nthreads(void);
void trace_print_violations(FILE *f, const struct rt_result *res);
/* Interactive step-through (step.c): commands from in, one per line or,
 * on a terminal, one per key press.  Returns 0. */
int trace_step(FILE *in, FILE *out, const struct trace_info *ti);
/* Self-contained HTML timeline (trace_html.c); 0, or -1 out of memory. */
int trace_print_html(FILE *f, const struct trace_info *ti);

/* --- lock ownership (trace_locks.c) --- */

/* One thread holding one lock: after events from .. to-1 of the log. */
struct lock_span {
	const void *obj;
	int tid;
	unsigned from, to; /* to: the releasing event, or the event count */
	unsigned depth;	   /* lock_kernel() nests */
	bool open, shared;
	char name[96]; /* "dcache_lock", "s_umount of sb memfs", "BKL" */
};
struct lock_spans {
	struct lock_span *s;
	unsigned n, cap;
	unsigned nevents;
};

/* Pair the acquires and releases of rt_events(); 0, or -1 out of memory. */
int trace_lock_spans(struct lock_spans *ls);
void trace_lock_spans_free(struct lock_spans *ls);
bool trace_lock_held_after(const struct lock_span *sp, unsigned i);
/* "dcache_lock, BKL": the locks tid holds after event i ("" for none). */
void trace_locks_held(const struct lock_spans *ls, int tid, unsigned i, char *buf, size_t len);
/* The lock event e acquires or releases, named for people. */
void trace_lock_name(const struct rt_event *e, char *buf, size_t len);

/* Graphviz of the model's dentry tree after step `at` (-1: the last) of
 * schedule s (trace_dot.c).  EXIT_NO_VIOLATION/EXIT_VIOLATION as the
 * replay ends, or EXIT_USAGE with errbuf. */
int trace_print_dot(FILE *f, const struct model *m, const struct model_args *a,
		    const struct ex_schedule *s, long at, unsigned max_steps, char *errbuf,
		    unsigned errlen);

/* --- reports for CI (report_ci.c) --- */

/* One fix explored: explore's run, or one of verify's rows. */
struct fix_run {
	const char *fix;
	const struct ex_report *r;
	bool expected;	    /* verify --expect: the row is judged against a file */
	char mismatch[256]; /* then: why it differs, "" if it matches */
};
struct ci_report {
	const char *command;	    /* "explore", "verify" */
	const struct ex_options *o; /* model, parameters, strategy */
	const struct fix_run *runs;
	int n;
};
/* JUnit XML: a testsuite of one testcase per fix, failed when it found a
 * violation (with --expect: when its row differs); the failure names the
 * violations and their schedule files. */
void report_junit(FILE *f, const struct ci_report *c);
/* SARIF 2.1.0: one result per violation (rule: its kind), located at the
 * step that showed it (a replay of its schedule) and at every file:line
 * its message names, relative to the source root (uriBaseId SRCROOT). */
void report_sarif(FILE *f, const struct ci_report *c);

/* --- subcommands --- */
int cmd_list(int argc, char **argv);
int cmd_explore(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_minimize(int argc, char **argv);
int cmd_merge(int argc, char **argv);
void help_for(const char *cmd, FILE *f);

/* Parse `vfsrace explore|verify ARGS` without running anything or
 * touching the file system (the fuzzer's entry): 0, or EXIT_USAGE after
 * one line on stderr. */
int cli_parse_explore_args(int argc, char **argv, bool is_explore);

#endif
