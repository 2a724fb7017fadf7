/*
 * rt_report.h - printk capture, BUG()/Oops and violation reports.
 *
 * printk text is kept per execution (the model's invariants read it).  A
 * fatal report (Oops, BUG, sleeping in atomic context) ends the reporting
 * thread, as an Oops ends the task: it unwinds to its start, what it held
 * stays held, and the other threads go on; a deadlock or livelock ends
 * the execution.  Non-fatal reports (a data race, a printed warning that
 * a model calls a violation) are recorded and the thread continues.
 */
#ifndef VFSRACE_RT_REPORT_H
#define VFSRACE_RT_REPORT_H

#include <stdbool.h>

/* Violation kinds the runtime itself reports; models add their own names. */
#define RT_V_OOPS	  "use-after-free"
#define RT_V_DOUBLE_FREE  "double-free"
#define RT_V_BUG	  "bug"
#define RT_V_DEADLOCK	  "deadlock"
#define RT_V_LIVELOCK	  "livelock"
#define RT_V_SLEEP_ATOMIC "sleep-in-atomic"
#define RT_V_NEGATIVE	  "negative-refcount"
#define RT_V_BAD_UNLOCK	  "bad-unlock"
#define RT_V_BAD_ARG	  "bad-argument"
#define RT_V_LEAK	  "leak"
#define RT_V_CRASH	  "crash"
#define RT_V_NULL_DEREF	  "null-deref"

void rt_printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Everything printed in this execution, NUL-terminated. */
const char *rt_printk_buffer(void);
bool rt_printk_contains(const char *needle);

/* Record a violation; fatal ones end the execution and do not return when
 * called from a controlled thread. */
void rt_report(const char *kind, bool fatal, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Attach a line to the report of this kind the execution makes, if it
 * makes one ("inode 1 (i_count=1) held by dentry /"): details the port
 * knows where it finds the problem, recorded then (traces only). */
void rt_note(const char *kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
_Noreturn void rt_bug_at(const char *file, int line, const char *func, const char *cond);

#endif
