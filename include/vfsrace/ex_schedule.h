/*
 * ex_schedule.h - a schedule: the thread chosen at every scheduling point,
 * with the header that says what it is a schedule of.
 *
 * The file format (docs/schedule-format.md) is versioned text, diffable,
 * and carries a checksum; loading refuses, with one clear message, a file
 * that is truncated, corrupted, of another format version, or (checked by
 * the caller) of another model or fix.
 */
#ifndef VFSRACE_EX_SCHEDULE_H
#define VFSRACE_EX_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>
#include "model.h"

#define EX_SCHEDULE_FORMAT 2

struct ex_schedule {
	char model[64];
	char fix[64];
	int nparams;
	char param_name[MODEL_MAX_PARAMS][32];
	int param_value[MODEL_MAX_PARAMS];
	char tool_version[32];
	/* Hash of the runtime, port and model sources of the build that saved
	 * it (optional 'source' header; "" in files that predate it). */
	char source_hash[24];
	char violation[32]; /* kind the schedule showed when saved, or "" */
	/* Steps an execution could take before it counted as a livelock,
	 * when the run was given another bound than the default (--max-steps):
	 * the replay needs the same to end the same way.  0: the default. */
	unsigned max_steps;
	unsigned n; /* number of choices */
	unsigned cap;
	uint8_t *choice; /* thread id chosen at step i */
};

void ex_schedule_init(struct ex_schedule *s);
/* This build's hash of the sources that decide a schedule's steps. */
const char *ex_source_hash(void);
void ex_schedule_free(struct ex_schedule *s);
void ex_schedule_push(struct ex_schedule *s, uint8_t tid);
/* A deep copy: header and choices (dst is overwritten, not freed). */
void ex_schedule_copy(struct ex_schedule *dst, const struct ex_schedule *src);
/* Fill the header from a model and its arguments. */
void ex_schedule_set_header(struct ex_schedule *s, const struct model *m,
			    const struct model_args *a);

/* Write atomically (temp file, fsync, rename, directory fsync).  0 or -1
 * with errbuf set. */
int ex_schedule_save(const struct ex_schedule *s, const char *path, char *errbuf, unsigned errlen);
/* The same, but never replaces anything: 0 when saved, or when path holds
 * exactly this file already; 1 when path exists with something else. */
int ex_schedule_save_new(const struct ex_schedule *s, const char *path, char *errbuf,
			 unsigned errlen);
/* Parse; on failure returns -1 and a one-line reason in errbuf. */
int ex_schedule_load(struct ex_schedule *s, const char *path, char *errbuf, unsigned errlen);
int ex_schedule_parse(struct ex_schedule *s, const char *text, unsigned long len, char *errbuf,
		      unsigned errlen);
/* Resolve the header against the registered models: fills model and args,
 * or returns -1 with the reason (unknown model or fix, bad parameter). */
int ex_schedule_resolve(const struct ex_schedule *s, const struct model **m, struct model_args *a,
			char *errbuf, unsigned errlen);

#endif
