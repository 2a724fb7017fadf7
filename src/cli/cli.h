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
#include "vfsrace/rt_trace.h"

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
	const struct rt_trace *tr; /* the replayed execution, all the views read */
	const char *schedule_path; /* or NULL */
	/* a line printed above step mark_step of the text trace, or NULL */
	const char *mark;
	unsigned mark_step;
	/* --kernel-src DIR: a local 2.4.26 tree the HTML page quotes and links */
	const char *kernel_src;
};

/* --kernel-src DIR (kernel_src.c): 0 if DIR holds fs/dcache.c, else
 * EXIT_USAGE after a message; then the text of one line, or NULL. */
int kernel_src_check(const char *dir);
const char *kernel_src_line(const char *dir, const char *kfile, int line);

/* The replay of s as a trace (ex_replay, then the trace value with its
 * 2.4.26 lines); NULL with errbuf on divergence, and then *partial, if
 * not NULL, is the trace of what ran before it. */
struct rt_trace *trace_replay(const struct model *m, const struct model_args *a,
			      const struct ex_schedule *s, unsigned max_steps, bool check_races,
			      struct rt_trace **partial, char *errbuf, unsigned errlen);

/* The first step of thread tid at index `from` or later, and its last
 * step before index `before`; -1 when it has none there. */
int trace_next_step_of(const struct rt_trace *tr, int tid, unsigned from);
int trace_last_step_of(const struct rt_trace *tr, int tid, unsigned before);
/* Give every frame of tr its 2.4.26 line (trace_origin.c). */
void trace_resolve_origins(struct rt_trace *tr);
/* The step a view of the trace opens at: the last preemption at or before
 * the first report's window (else before its step), else the first
 * preemption, else the report's step, else 0. */
int trace_focus(const struct rt_trace *tr);

void trace_print_text(FILE *f, const struct trace_info *ti);
void trace_print_json(FILE *f, const struct trace_info *ti);
struct json;
/* The same JSON object, into a writer (the HTML page embeds it). */
void trace_write_json(struct json *j, const struct trace_info *ti);
const char *trace_basename(const char *path);
/* The state line in force after step i (the last one recorded), or "". */
const char *trace_state_at(const struct rt_trace *tr, unsigned i);
/* "fs/dcache.c:112", "~fs/dcache.c:110" when approximate, "" unknown. */
void trace_kernel_loc(const struct rt_frame *f, char *buf, size_t len);
/* Every report of the execution, KASAN-style: the bad access and its call
 * trace, then the other sides with theirs, then the port's notes. */
void trace_print_violations(FILE *f, const struct rt_trace *tr);
/* Interactive step-through (step.c): commands from in, one per line or,
 * on a terminal, one per key press.  Returns 0. */
int trace_step(FILE *in, FILE *out, const struct trace_info *ti);
/* `replay FILE --fix X` (trace_follow.c): the schedule, made under
 * orig_a's fix, followed under fix_a's, the trace, and where the fix
 * changes the story.  An exit code. */
int trace_follow(FILE *f, const struct model *m, const struct model_args *orig_a,
		 const struct model_args *fix_a, const struct ex_schedule *s, const char *path,
		 unsigned max_steps);
/* Self-contained HTML timeline (trace_html.c); 0, or -1 out of memory. */
int trace_print_html(FILE *f, const struct trace_info *ti);

/* --- lock ownership (trace_locks.c) --- */

/* The trace's lock spans (rt_trace.h), each with a name for people. */
struct lock_spans {
	const struct rt_trace_span *s; /* the trace's own: valid while it is */
	char (*name)[96];	       /* "dcache_lock", "s_umount of sb memfs", "BKL" */
	unsigned n;
	unsigned nevents;
};

/* Name the lock spans of a trace; 0, or -1 out of memory. */
int trace_lock_spans(struct lock_spans *ls, const struct rt_trace *tr);
void trace_lock_spans_free(struct lock_spans *ls);
bool trace_lock_held_after(const struct rt_trace_span *sp, unsigned i);
/* "dcache_lock, BKL": the locks tid holds after event i ("" for none). */
void trace_locks_held(const struct lock_spans *ls, int tid, unsigned i, char *buf, size_t len);
/* The lock a step acquires or releases, named for people. */
void trace_lock_name(const struct rt_trace_step *st, char *buf, size_t len);

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
