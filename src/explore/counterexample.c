/*
 * counterexample.c - see counterexample.h.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "counterexample.h"
#include "vfsrace/ex_testing.h"

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

static void save(const struct ex_options *o, unsigned unit, unsigned long execution,
		 struct ex_found *f)
{
	char kind[40], err[256];

	if (mkdir(o->out_dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "vfsrace: cannot create %s: %s\n", o->out_dir, strerror(errno));
		return;
	}
	sanitize(kind, sizeof(kind), f->v.kind);
	snprintf(f->path, sizeof(f->path), "%s/%s-%s-%s-u%u-%lu.vfsched", o->out_dir,
		 o->model->name, o->model->fixes[o->args.fix].name, kind, unit, execution);
	if (ex_schedule_save(&f->sched, f->path, err, sizeof(err)) != 0) {
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
	for (unsigned i = 0; i < n; i++)
		ex_schedule_push(&f->sched, choice[i]);
	f->path[0] = 0;
	if (!o->out_dir || !*o->out_dir)
		return;
	save(o, unit, execution, f);
	if (ex_test_hooks()->kill_after_save)
		raise(SIGKILL);
}
