/*
 * trace_classes.c - classify an exploration's executions into traces with
 * the oracle's canonical form.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oracle_trace.h"
#include "trace_classes.h"

static enum or_kind kind_of(enum rt_access a)
{
	switch (a) {
	case RT_NONE:
		return OR_NONE;
	case RT_READ:
		return OR_READ;
	case RT_WRITE:
		return OR_WRITE;
	case RT_ACQ:
		return OR_ACQ;
	case RT_TRY:
		return OR_TRY;
	case RT_REL:
		return OR_REL;
	case RT_ACQ_SH:
		return OR_ACQ_SH;
	case RT_TRY_SH:
		return OR_TRY_SH;
	case RT_REL_SH:
		return OR_REL_SH;
	case RT_WAIT:
		return OR_WAIT;
	case RT_WAKE:
		return OR_WAKE;
	case RT_AWAIT:
		return OR_AWAIT;
	default:
		return OR_WRITE;
	}
}

static void add(struct trace_classes *tc, uint64_t key, const uint8_t *canon, unsigned n)
{
	long i = trace_classes_find(tc, key);

	if (i >= 0) {
		tc->hits[i]++;
		return;
	}
	if (tc->n == tc->cap) {
		tc->cap = tc->cap ? tc->cap * 2 : 256;
		tc->key = realloc(tc->key, tc->cap * sizeof(*tc->key));
		tc->hits = realloc(tc->hits, tc->cap * sizeof(*tc->hits));
		tc->canon = realloc(tc->canon, tc->cap * sizeof(*tc->canon));
		if (!tc->key || !tc->hits || !tc->canon)
			abort();
	}
	tc->key[tc->n] = key;
	tc->hits[tc->n] = 1;
	tc->canon[tc->n] = NULL;
	if (tc->keep_canon) {
		char *s = malloc(n + 1);
		if (!s)
			abort();
		for (unsigned k = 0; k < n; k++)
			s[k] = (char)(canon[k] < 10 ? '0' + canon[k] : 'a' + canon[k] - 10);
		s[n] = 0;
		tc->canon[tc->n] = s;
	}
	tc->n++;
}

long trace_classes_find(const struct trace_classes *tc, uint64_t key)
{
	for (unsigned long i = 0; i < tc->n; i++)
		if (tc->key[i] == key)
			return (long)i;
	return -1;
}

struct or_event *trace_events_of(const struct rt_event *ev, unsigned n, uintptr_t **sets_out)
{
	struct or_event *oe = calloc(n ? n : 1, sizeof(*oe));
	uintptr_t *sets = NULL;
	unsigned nsets = 0, capsets = 0;

	if (!oe)
		abort();
	for (unsigned k = 0; k < n; k++) {
		const struct rt_op *op = &ev[k].op;

		oe[k].tid = ev[k].tid;
		oe[k].kind = kind_of(op->access);
		oe[k].obj = (uintptr_t)op->obj;
		oe[k].size = op->size;
		oe[k].node = (uintptr_t)op->node;
		oe[k].fatal = ev[k].fatal;
		if (op->access == RT_AWAIT && op->await) {
			if (nsets + op->await->n > capsets) {
				capsets = (nsets + op->await->n) * 2;
				sets = realloc(sets, capsets * sizeof(*sets));
				if (!sets)
					abort();
			}
			for (unsigned i = 0; i < op->await->n; i++)
				sets[nsets + i] = (uintptr_t)op->await->obj[i];
			oe[k].nset = op->await->n;
			oe[k].set = (const uintptr_t *)(uintptr_t)nsets; /* fixed below */
			nsets += op->await->n;
		}
	}
	for (unsigned k = 0; k < n; k++)
		if (oe[k].kind == OR_AWAIT)
			oe[k].set = sets + (uintptr_t)oe[k].set;
	*sets_out = sets;
	return oe;
}

static void observe(void *ctx, const struct rt_result *res, const struct rt_event *ev, unsigned n)
{
	struct trace_classes *tc = ctx;
	uintptr_t *sets;

	if (res->abandoned)
		return;
	struct or_event *oe = trace_events_of(ev, n, &sets);
	uint8_t *canon = malloc(n ? n : 1);
	if (!canon)
		abort();
	tc->executions++;
	add(tc, or_trace_key(oe, n, canon), canon, n);
	free(oe);
	free(sets);
	free(canon);
}

int trace_classes_run(struct ex_options *o, struct trace_classes *tc, struct ex_report *r,
		      char *err, unsigned errlen)
{
	o->on_execution = observe;
	o->on_execution_ctx = tc;
	return ex_explore(o, r, err, errlen);
}

void trace_classes_free(struct trace_classes *tc)
{
	for (unsigned long i = 0; i < tc->n; i++)
		free(tc->canon[i]);
	free(tc->canon);
	free(tc->key);
	free(tc->hits);
	memset(tc, 0, sizeof(*tc));
}
