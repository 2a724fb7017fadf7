/*
 * trace_locks.c - who held which lock when, read from a trace.
 *
 * The runtime records acquires and releases as ordinary events (spin_lock,
 * down, down_read, lock_kernel, a trylock that acquired ...).  Pairing them
 * per thread gives lock ownership spans: the step-through shows the locks
 * each thread holds at a step, the HTML timeline draws one bar per span.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/*
 * A sleeping lock inside a slab object (a super_block's s_umount) is freed
 * with it, and a freed object's memory faults, so its name cannot be read
 * once the execution is over; these are the port's sleeping locks that
 * live in objects, named as the 2.4.26 structures name them.
 */
static const struct {
	enum rt_prim prim;
	const char *obj_prefix;
	const char *field;
} in_object[] = {
    {RT_P_RWSEM, "sb ", "s_umount"},
    {RT_P_SEM, "sb ", "s_lock"},
    {RT_P_SEM, "inode ", "i_sem"},
};

void trace_lock_name(const struct rt_trace_step *st, char *buf, size_t len)
{
	const struct rt_event *e = &st->e;
	char obj[128], op[256];

	if (e->op.prim == RT_P_BKL) {
		snprintf(buf, len, "BKL");
		return;
	}
	snprintf(obj, sizeof(obj), "%s", st->object);
	for (size_t i = 0; i < sizeof(in_object) / sizeof(in_object[0]); i++)
		if (e->op.prim == in_object[i].prim &&
		    strncmp(obj, in_object[i].obj_prefix, strlen(in_object[i].obj_prefix)) == 0) {
			snprintf(buf, len, "%s of %s", in_object[i].field, obj);
			return;
		}
	/* Otherwise the operation's own text names it: "spin_lock &dcache_lock". */
	rt_trace_step_describe(st, op, sizeof(op));
	const char *space = strchr(op, ' ');
	const char *name = space ? space + 1 : op;
	if (*name == '&')
		name++;
	/* A trylock's text ends in " → acquired"; an up's in " = 1". */
	size_t n = strcspn(name, " ");
	snprintf(buf, len, "%.*s", (int)n, name);
}

static struct lock_span *open_span(struct lock_spans *ls, const void *obj, int tid, bool any_tid)
{
	for (unsigned k = ls->n; k-- > 0;)
		if (ls->s[k].open && ls->s[k].obj == obj && (any_tid || ls->s[k].tid == tid))
			return &ls->s[k];
	return NULL;
}

static int add_span(struct lock_spans *ls, const struct rt_trace_step *st, unsigned i)
{
	const struct rt_event *e = &st->e;

	if (ls->n == ls->cap) {
		unsigned cap = ls->cap ? ls->cap * 2 : 32;
		struct lock_span *s = realloc(ls->s, cap * sizeof(*s));
		if (!s)
			return -1;
		ls->s = s;
		ls->cap = cap;
	}
	struct lock_span *sp = &ls->s[ls->n++];
	memset(sp, 0, sizeof(*sp));
	sp->obj = e->op.obj;
	sp->tid = e->tid;
	sp->from = i;
	sp->depth = 1;
	sp->open = true;
	sp->shared = e->op.access == RT_ACQ_SH || e->op.access == RT_TRY_SH;
	trace_lock_name(st, sp->name, sizeof(sp->name));
	return 0;
}

int trace_lock_spans(struct lock_spans *ls, const struct rt_trace *tr)
{
	unsigned n = tr->nsteps;

	memset(ls, 0, sizeof(*ls));
	ls->nevents = n;
	for (unsigned i = 0; i < n; i++) {
		const struct rt_event *e = &tr->step[i].e;
		struct lock_span *sp;

		if (rt_event_acquires(e)) {
			sp = open_span(ls, e->op.obj, e->tid, false);
			/* lock_kernel() nests; after a sleep it is taken back,
			 * its release at the sleep not being a step of its own. */
			if (sp && e->op.prim == RT_P_BKL) {
				if (!e->op.what || !strstr(e->op.what, "after sleep"))
					sp->depth++;
			} else if (add_span(ls, &tr->step[i], i) != 0) {
				trace_lock_spans_free(ls);
				return -1;
			}
		} else if (rt_event_releases(e)) {
			/* A semaphore may be upped by another thread than its holder. */
			sp = open_span(ls, e->op.obj, e->tid, false);
			if (!sp && e->op.prim == RT_P_SEM)
				sp = open_span(ls, e->op.obj, e->tid, true);
			if (sp && --sp->depth == 0) {
				sp->open = false;
				sp->to = i;
			}
		}
	}
	for (unsigned k = 0; k < ls->n; k++)
		if (ls->s[k].open)
			ls->s[k].to = n;
	return 0;
}

void trace_lock_spans_free(struct lock_spans *ls)
{
	free(ls->s);
	memset(ls, 0, sizeof(*ls));
}

bool trace_lock_held_after(const struct lock_span *sp, unsigned i)
{
	return sp->from <= i && i < sp->to;
}

void trace_locks_held(const struct lock_spans *ls, int tid, unsigned i, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = 0;
	for (unsigned k = 0; k < ls->n && off < len; k++) {
		const struct lock_span *sp = &ls->s[k];

		if (sp->tid == tid && trace_lock_held_after(sp, i))
			off += snprintf(buf + off, len - off, "%s%s%s", off ? ", " : "", sp->name,
					sp->shared ? " (shared)" : "");
	}
}
