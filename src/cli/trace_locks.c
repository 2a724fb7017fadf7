/*
 * trace_locks.c - who held which lock when, named for people.
 *
 * The trace value pairs acquires and releases into spans (runtime
 * trace_locks.c, which the deadlock report's "held by" reads too); here
 * they get names: the step-through shows the locks each thread holds at a
 * step, the HTML timeline draws one bar per span.
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

/* The trace's spans (rt_trace.h: paired once, in the runtime), named. */
int trace_lock_spans(struct lock_spans *ls, const struct rt_trace *tr)
{
	memset(ls, 0, sizeof(*ls));
	ls->nevents = tr->nsteps;
	ls->name = calloc(tr->nspans ? tr->nspans : 1, sizeof(*ls->name));
	if (!ls->name)
		return -1;
	ls->s = tr->span;
	ls->n = tr->nspans;
	for (unsigned k = 0; k < tr->nspans; k++)
		trace_lock_name(&tr->step[tr->span[k].from], ls->name[k], sizeof(ls->name[k]));
	return 0;
}

void trace_lock_spans_free(struct lock_spans *ls)
{
	free(ls->name);
	memset(ls, 0, sizeof(*ls));
}

bool trace_lock_held_after(const struct rt_trace_span *sp, unsigned i)
{
	return sp->from <= i && i < sp->to;
}

void trace_locks_held(const struct lock_spans *ls, int tid, unsigned i, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = 0;
	for (unsigned k = 0; k < ls->n && off < len; k++) {
		const struct rt_trace_span *sp = &ls->s[k];

		if (sp->tid == tid && trace_lock_held_after(sp, i))
			off += snprintf(buf + off, len - off, "%s%s%s", off ? ", " : "",
					ls->name[k], sp->shared ? " (shared)" : "");
	}
}
