/*
 * counterexample.c - see counterexample.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "counterexample.h"
#include "fnv.h"
#include "vfsrace/ex_testing.h"

#define MAX_SUFFIX 1000 /* -2 .. -1000 after a name in use */

/* A violation kind as a file name component. */
static void sanitize(char *dst, size_t len, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < len && src[i]; i++)
		dst[i] = (src[i] >= 'a' && src[i] <= 'z') || (src[i] >= '0' && src[i] <= '9') ||
				 src[i] == '-' || src[i] == '_'
			     ? src[i]
			     : '_';
	dst[i] = 0;
}

/* The short hash of everything that decides which executions a run
 * explores (model, fix, parameters, strategy, seed, bounds, ...): runs of
 * other options never share a name. */
static uint32_t space_hash(const struct ex_options *o)
{
	char space[EX_SPACE_MAX];

	ex_options_space(o, space, sizeof(space));
	uint64_t h = fnv1a64(space, strlen(space));
	return (uint32_t)(h ^ (h >> 32));
}

static void save(const struct ex_options *o, unsigned unit, unsigned long execution,
		 struct ex_found *f)
{
	char kind[40], base[sizeof(f->path) - 32], err[256];
	int rc = 1;

	if (mkdir(o->out_dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "vfsrace: cannot create %s: %s\n", o->out_dir, strerror(errno));
		return;
	}
	sanitize(kind, sizeof(kind), f->v.kind);
	snprintf(base, sizeof(base), "%s/%s-%s-%s-%08" PRIx32 "-u%u-%lu", o->out_dir,
		 o->model->name, o->model->fixes[o->args.fix].name, kind, space_hash(o), unit,
		 execution);
	/* A name in use by another file gets the next free -N; the same
	 * file, from the same run before, is kept under its name. */
	for (unsigned k = 1; rc == 1 && k <= MAX_SUFFIX; k++) {
		if (k == 1)
			snprintf(f->path, sizeof(f->path), "%s.vfsched", base);
		else
			snprintf(f->path, sizeof(f->path), "%s-%u.vfsched", base, k);
		rc = ex_schedule_save_new(&f->sched, f->path, err, sizeof(err));
	}
	if (rc == 1)
		snprintf(err, sizeof(err), "%d files of that name are there already", MAX_SUFFIX);
	if (rc != 0) {
		fprintf(stderr, "vfsrace: cannot save %s: %s\n", f->path, err);
		f->path[0] = 0;
	}
}

void counterexample_keep(const struct ex_options *o, unsigned unit, unsigned long execution,
			 const struct rt_violation *v, const uint8_t *choice, unsigned n,
			 struct ex_found *f)
{
	f->v = *v;
	f->unit = unit;
	ex_schedule_init(&f->sched);
	ex_schedule_set_header(&f->sched, o->model, &o->args);
	snprintf(f->sched.violation, sizeof(f->sched.violation), "%s", v->kind);
	if (o->max_steps != EX_DEFAULT_MAX_STEPS)
		f->sched.max_steps = o->max_steps; /* the replay needs the same bound */
	for (unsigned i = 0; i < n; i++)
		ex_schedule_push(&f->sched, choice[i]);
	f->path[0] = 0;
	if (!o->out_dir || !*o->out_dir)
		return;
	save(o, unit, execution, f);
	if (ex_test_hooks()->kill_after_save)
		raise(SIGKILL);
}
