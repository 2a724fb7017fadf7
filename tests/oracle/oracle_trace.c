/*
 * oracle_trace.c - the dependency relation of docs/validation.md, and the
 * canonical execution of a trace (lexicographically least topological
 * order of the dependency graph).  Quadratic, and meant to be: it is the
 * reference the explorer's reductions are checked against.
 */
#include <stdlib.h>
#include <string.h>

#include "oracle_trace.h"

static bool is_write_like(enum or_kind k)
{
	/* Everything that changes an object: what a read of it depends on. */
	return k == OR_WRITE || k == OR_ACQ || k == OR_TRY || k == OR_REL || k == OR_ACQ_SH ||
	       k == OR_TRY_SH || k == OR_REL_SH;
}

static bool touch(uintptr_t a, unsigned long asize, uintptr_t b, unsigned long bsize)
{
	uintptr_t a1 = a + (asize ? asize : 1), b1 = b + (bsize ? bsize : 1);

	return a < b1 && b < a1;
}

/* An await depends on what changes one of the objects it read. */
static bool await_depends(const struct or_event *aw, const struct or_event *e)
{
	if (e->kind == OR_AWAIT || !e->obj || !is_write_like(e->kind))
		return false;
	for (unsigned i = 0; i < aw->nset; i++)
		if (touch(aw->set[i], 0, e->obj, e->size))
			return true;
	return false;
}

/* Kinds on one object that do not commute (docs/validation.md, table). */
static bool kinds_conflict(enum or_kind a, enum or_kind b)
{
	switch (a) {
	case OR_NONE:
	case OR_AWAIT:
		return false;
	case OR_READ:
		return is_write_like(b);
	case OR_WRITE:
		return b != OR_NONE && b != OR_WAIT && b != OR_AWAIT;
	case OR_ACQ:
	case OR_TRY:
		return b == OR_READ || is_write_like(b);
	case OR_REL:
		return b == OR_READ || b == OR_WRITE || b == OR_ACQ || b == OR_TRY ||
		       b == OR_ACQ_SH || b == OR_TRY_SH || b == OR_WAIT;
	case OR_ACQ_SH:
	case OR_TRY_SH:
		return b == OR_READ || b == OR_WRITE || b == OR_ACQ || b == OR_TRY || b == OR_REL;
	case OR_REL_SH:
		return b == OR_READ || b == OR_WRITE || b == OR_ACQ || b == OR_TRY || b == OR_WAIT;
	case OR_WAIT:
		return b == OR_REL || b == OR_REL_SH || b == OR_WAKE;
	case OR_WAKE:
		return b == OR_WRITE || b == OR_WAIT;
	}
	return true;
}

/* Does a free cover the list entry the other event writes? */
static bool frees_node(const struct or_event *f, const struct or_event *x)
{
	return f->size && x->node && touch(f->obj, f->size, x->node, 0);
}

bool or_dependent(const struct or_event *a, const struct or_event *b)
{
	if (frees_node(a, b) || frees_node(b, a))
		return true;
	if (a->kind == OR_AWAIT)
		return await_depends(a, b);
	if (b->kind == OR_AWAIT)
		return await_depends(b, a);
	if (!a->obj || !b->obj)
		return false;
	if (a->size || b->size ? !touch(a->obj, a->size, b->obj, b->size) : a->obj != b->obj)
		return false;
	return kinds_conflict(a->kind, b->kind);
}

uint64_t or_trace_key(const struct or_event *ev, unsigned n, uint8_t *canon)
{
	/* pred[k]: events that must come before k (program order, or an
	 * earlier dependent event); a counter of those not placed yet. */
	unsigned *waiting = calloc(n ? n : 1, sizeof(unsigned));
	bool *placed = calloc(n ? n : 1, sizeof(bool));
	uint64_t h = 1469598103934665603ull;

	if (!waiting || !placed)
		abort();
	for (unsigned k = 0; k < n; k++)
		for (unsigned j = 0; j < k; j++)
			if (ev[j].tid == ev[k].tid || or_dependent(&ev[j], &ev[k]))
				waiting[k]++;
	for (unsigned out = 0; out < n; out++) {
		unsigned best = n;

		for (unsigned k = 0; k < n; k++)
			if (!placed[k] && waiting[k] == 0 &&
			    (best == n || ev[k].tid < ev[best].tid))
				best = k;
		placed[best] = true;
		for (unsigned k = best + 1; k < n; k++)
			if (!placed[k] &&
			    (ev[best].tid == ev[k].tid || or_dependent(&ev[best], &ev[k])))
				waiting[k]--;
		if (canon)
			canon[out] = (uint8_t)ev[best].tid;
		h = (h ^ (uint64_t)(ev[best].tid + 1)) * 1099511628211ull;
	}
	free(waiting);
	free(placed);
	return h;
}
