/*
 * race.c - happens-before data race detector over the plain accesses the
 * port marks (RT_READ/RT_WRITE markers), with vector clocks.
 *
 * Synchronisation: program order; a lock release (spin_unlock, up,
 * up_read/up_write, unlock_kernel) before the next acquire of the same
 * object; wake_up before the wait it ends; atomic_t operations are
 * sequentially consistent read-modify-writes, so each orders with the
 * previous operation on the same counter.  Two plain accesses to one
 * object by different threads, at least one a write, with neither
 * before the other, are a data race: the first of an execution is a
 * non-fatal violation naming both, and every distinct pair (by the two
 * code locations) goes into the run's race table.  A pair with a side
 * marked RT_READ_RACY (the kernel accepts the race) is listed as
 * accepted and is no violation.  A race is a finding about the code
 * explored, never patched over.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "race.h"
#include "vfsrace/rt_report.h"
#include "vfsrace/rt_slab.h"
#include "vfsrace/rt_thread.h"

#define MAXT RT_MAX_THREADS
#define OBJS 512

struct vclock {
	uint32_t c[MAXT];
};

static void join(struct vclock *a, const struct vclock *b)
{
	for (int i = 0; i < MAXT; i++)
		if (b->c[i] > a->c[i])
			a->c[i] = b->c[i];
}

struct access_rec {
	const void *obj;
	struct vclock sync; /* release clock of a sync object */
	int wtid;	    /* last write */
	uint32_t wtime;
	unsigned wev;
	uint32_t rtime[MAXT]; /* last read per thread */
	unsigned rev[MAXT];
};

static struct access_rec *lookup(struct access_rec *tab, const void *obj)
{
	uintptr_t h = ((uintptr_t)obj >> 3) * 0x9e3779b97f4a7c15ull >> 55; /* 9 bits */

	for (unsigned n = 0; n < OBJS; n++, h = (h + 1) & (OBJS - 1)) {
		if (tab[h].obj == obj)
			return &tab[h];
		if (!tab[h].obj) {
			memset(&tab[h], 0, sizeof(tab[h]));
			tab[h].obj = obj;
			tab[h].wtid = -1;
			return &tab[h];
		}
	}
	return NULL;
}

static const char *base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static void site_of(struct ex_race_site *s, const struct rt_event *e)
{
	snprintf(s->file, sizeof(s->file), "%s", base(e->op.loc.file));
	s->line = e->op.loc.line;
	snprintf(s->func, sizeof(s->func), "%s", e->op.loc.func);
	snprintf(s->what, sizeof(s->what), "%s", e->op.what ? e->op.what : "");
	s->write = e->op.access == RT_WRITE;
}

static int site_cmp(const struct ex_race_site *x, const struct ex_race_site *y)
{
	int c = strcmp(x->file, y->file);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->write != y->write)
		return x->write ? 1 : -1;
	return strcmp(x->what, y->what);
}

static bool same_pair(const struct ex_race *x, const struct ex_race *y)
{
	return !site_cmp(&x->a, &y->a) && !site_cmp(&x->b, &y->b);
}

void ex_race_table_add(struct ex_race_table *t, const struct ex_race *r, unsigned long executions)
{
	for (int i = 0; i < t->n; i++)
		if (same_pair(&t->r[i], r)) {
			t->r[i].executions += executions;
			return;
		}
	if (t->n == EX_MAX_RACES) {
		t->dropped++;
		return;
	}
	t->r[t->n] = *r;
	t->r[t->n].executions = executions;
	t->n++;
}

static int race_order(const void *p, const void *q)
{
	const struct ex_race *x = p, *y = q;
	int c;

	if (x->executions != y->executions)
		return x->executions > y->executions ? -1 : 1;
	c = site_cmp(&x->a, &y->a);
	return c ? c : site_cmp(&x->b, &y->b);
}

void ex_race_table_sort(struct ex_race_table *t)
{
	qsort(t->r, (size_t)t->n, sizeof(t->r[0]), race_order);
}

/* The pair a, b, once per execution in seen; the first race nobody
 * accepts also becomes this execution's data-race violation. */
static void report(struct rt_result *res, const struct rt_event *a, const struct rt_event *b,
		   struct ex_race_table *seen)
{
	struct ex_race pair;
	char msg[512];

	memset(&pair, 0, sizeof(pair));
	site_of(&pair.a, a);
	site_of(&pair.b, b);
	if (site_cmp(&pair.b, &pair.a) < 0) {
		struct ex_race_site t = pair.a;

		pair.a = pair.b;
		pair.b = t;
	}
	pair.accepted = a->op.racy || b->op.racy;
	if (seen) {
		bool known = false;

		for (int i = 0; i < seen->n && !known; i++)
			known = same_pair(&seen->r[i], &pair);
		if (!known)
			ex_race_table_add(seen, &pair, 0);
	}
	if (pair.accepted)
		return;
	for (int i = 0; i < res->nviolations; i++)
		if (!strcmp(res->v[i].kind, "data-race"))
			return; /* one violation per execution; the table has them all */
	if (res->nviolations >= RT_MAX_VIOLATIONS)
		return;
	/* an unnamed global is named by its marker's text alone (no address) */
	const char *obj = rt_obj_describe(a->op.obj);
	bool anon = !strcmp(obj, RT_OBJ_UNNAMED);
	snprintf(msg, sizeof(msg),
		 "%s%s%s by %s in %s() at %s:%d (step %u) and %s by %s in %s() at %s:%d "
		 "(step %u) are not ordered",
		 a->op.what, anon ? "" : " of ", anon ? "" : obj, rt_thread_name(a->tid),
		 a->op.loc.func, base(a->op.loc.file), a->op.loc.line, a->step, b->op.what,
		 rt_thread_name(b->tid), b->op.loc.func, base(b->op.loc.file), b->op.loc.line,
		 b->step);
	struct rt_violation *v = &res->v[res->nviolations++];
	snprintf(v->kind, sizeof(v->kind), "data-race");
	snprintf(v->message, sizeof(v->message), "%s", msg);
	v->tid = b->tid;
	v->step = b->step;
	v->fatal = false;
	v->has_other = true;
	v->other_step = a->step;
}

void race_check(const struct rt_event *ev, unsigned n, struct rt_result *res,
		struct ex_race_table *seen)
{
	static struct access_rec tab[OBJS];
	struct vclock vc[MAXT];

	memset(tab, 0, sizeof(tab));
	memset(vc, 0, sizeof(vc));
	for (int t = 0; t < MAXT; t++)
		vc[t].c[t] = 1;
	for (unsigned k = 0; k < n; k++) {
		const struct rt_event *e = &ev[k];
		int t = e->tid;
		struct access_rec *r = e->op.obj ? lookup(tab, e->op.obj) : NULL;

		if (!r) {
			vc[t].c[t]++;
			continue;
		}
		if (e->op.prim == RT_P_MEM) {
			if (r->wtid >= 0 && r->wtid != t && r->wtime > vc[t].c[r->wtid])
				report(res, &ev[r->wev], e, seen);
			if (e->op.access == RT_WRITE) {
				for (int u = 0; u < MAXT; u++)
					if (u != t && r->rtime[u] && r->rtime[u] > vc[t].c[u])
						report(res, &ev[r->rev[u]], e, seen);
				r->wtid = t;
				r->wtime = vc[t].c[t];
				r->wev = k;
				memset(r->rtime, 0, sizeof(r->rtime));
			} else {
				r->rtime[t] = vc[t].c[t];
				r->rev[t] = k;
			}
		} else {
			/* Synchronisation: acquire what the last release published,
			 * then publish our own clock on release-like operations. */
			join(&vc[t], &r->sync);
			if (e->op.access != RT_ACQ_SH)
				join(&r->sync, &vc[t]);
		}
		vc[t].c[t]++;
	}
}
