/*
 * options.c - an exploration's options: the defaults, and the words that
 * name the space they define (see ex_explore.h).
 */
#include <stdio.h>
#include <string.h>

#include "strategy.h"
#include "vfsrace/ex_explore.h"

void ex_options_default(struct ex_options *o)
{
	memset(o, 0, sizeof(*o));
	o->strategy = &ex_dpor_ops;
	o->seed = 1;
	o->pct_depth = 3;
	o->preemptions = -1;
	o->max_steps = EX_DEFAULT_MAX_STEPS;
	o->jobs = 1;
	o->out_dir = "vfsrace-out";
}

void ex_options_space(const struct ex_options *o, char *buf, size_t len)
{
	const struct model *m = o->model;
	size_t off = 0;

	off += (size_t)snprintf(buf, len, "tool %s model %s fix %s", VFSRACE_VERSION, m->name,
				m->fixes[o->args.fix].name);
	for (int i = 0; i < m->nparams && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, " param.%s %d", m->params[i].name,
					o->args.value[i]);
	if (off < len)
		snprintf(buf + off, len - off,
			 " strategy %s seed %llu pct-depth %d preemptions %d max-steps %u walk %u "
			 "races %d keep-going %d executions %lu",
			 o->strategy->name, (unsigned long long)o->seed, o->pct_depth,
			 o->preemptions, o->max_steps, o->walk_stay_percent, o->race_detect,
			 o->keep_going, o->max_executions);
}

/* The next "key value" pair of a space; false at its end. */
static bool next_pair(const char **s, char *key, char *value)
{
	int used = 0;

	if (sscanf(*s, " %63s %63s%n", key, value, &used) != 2)
		return false;
	*s += used;
	return true;
}

bool ex_options_space_differs(const char *a, const char *b, char *what, size_t len)
{
	char ka[64], va[64], kb[64], vb[64];

	for (;;) {
		bool more_a = next_pair(&a, ka, va), more_b = next_pair(&b, kb, vb);

		if (!more_a && !more_b)
			return false;
		if (!more_a || !more_b || strcmp(ka, kb) != 0) {
			snprintf(what, len, "%s", more_a ? ka : more_b ? kb : "?");
			return true;
		}
		if (strcmp(va, vb) != 0) {
			snprintf(what, len, "%s %s vs %s", ka, va, vb);
			return true;
		}
	}
}
