/*
 * commute_check.c - do the steps the dependency relation calls independent
 * really commute in a model?
 *
 *   commute_check MODEL [--fix F] [--PARAM N]... [--seed S] [--executions N]
 *
 * DPOR's answer is only as good as the relation it reduces with: if two
 * steps of different threads are called independent (docs/validation.md,
 * decided by the objects the port's markers name) but swapping them
 * changes what happens later, an unmarked shared access lies between
 * them, a trace no longer fixes an execution's outcome, and a "complete"
 * run may miss what only the other order shows.  The check: run random
 * schedules; for each adjacent pair of steps of different threads that
 * the oracle's relation (oracle_trace.c) calls independent, swap the two
 * choices, run again, and demand the same execution with the two steps
 * swapped: the same steps (operation, object, site, values), the same
 * violations, the same terminal state.  Each pair of code sites that
 * fails is printed once, with the first difference.  Exit 1 if any did.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oracle_trace.h"
#include "tool_args.h"
#include "trace_classes.h"
#include "vfsrace/ex_model_program.h"
#include "vfsrace/model.h"
#include "vfsrace/rt_exec.h"

#define MAX_EV 20000

struct exec {
	struct rt_event ev[MAX_EV];
	unsigned n;
	char kinds[512];
	uint64_t state;
};

struct follow {
	const int *choice;
	unsigned n;
	uint64_t rng;
	bool infeasible;
};

static int follow_choose(void *p, const struct rt_sched_view *v)
{
	struct follow *f = p;

	if (f->choice) {
		if (v->step >= f->n)
			return -1;
		int c = f->choice[v->step];
		if (c < 0 || c >= v->nthreads || v->t[c].state != RT_T_ENABLED) {
			f->infeasible = true;
			return -1;
		}
		return c;
	}
	int en[RT_MAX_THREADS], k = 0;
	for (int i = 0; i < v->nthreads; i++)
		if (v->t[i].state == RT_T_ENABLED)
			en[k++] = i;
	f->rng = f->rng * 6364136223846793005ull + 1442695040888963407ull;
	return k ? en[(f->rng >> 33) % (unsigned)k] : -1;
}

static int run(const struct ex_model_program *mp, struct follow *f, struct exec *x)
{
	struct rt_scheduler s = {follow_choose, f};
	struct rt_exec_config cfg = {
	    .max_steps = MAX_EV - 1, .record_events = true, .check_leaks = true};
	struct rt_result res;
	unsigned n;

	rt_run(&mp->prog, &s, &cfg, &res);
	const struct rt_event *ev = rt_events(&n);
	x->n = n < MAX_EV ? n : MAX_EV;
	memcpy(x->ev, ev, x->n * sizeof(*ev));
	x->kinds[0] = 0;
	for (int i = 0; i < res.nviolations; i++)
		snprintf(x->kinds + strlen(x->kinds), sizeof(x->kinds) - strlen(x->kinds), "%s%s",
			 i ? "," : "", res.v[i].kind);
	x->state = res.state_hash;
	return res.abandoned ? -1 : 0;
}

static bool same_event(const struct rt_event *a, const struct rt_event *b)
{
	return a->tid == b->tid && a->op.obj == b->op.obj && a->op.access == b->op.access &&
	       a->op.loc.line == b->op.loc.line && !strcmp(a->op.loc.file, b->op.loc.file) &&
	       !strcmp(a->op.what, b->op.what) && a->has_values == b->has_values &&
	       (!a->has_values || (a->before == b->before && a->result == b->result)) &&
	       a->fatal == b->fatal;
}

static void describe(const struct rt_event *e, char *buf, size_t len)
{
	snprintf(buf, len, "%s %s() %s:%d %s", rt_thread_name(e->tid), e->op.loc.func,
		 e->op.loc.file, e->op.loc.line, e->op.what);
}

/* Pairs of sites already reported. */
struct seen {
	char key[64][160];
	int n;
};

static bool seen_add(struct seen *s, const char *k)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->key[i], k))
			return false;
	if (s->n < 64)
		snprintf(s->key[s->n++], sizeof(s->key[0]), "%s", k);
	return true;
}

static struct exec base, swapped;

int main(int argc, char **argv)
{
	const struct model *m;
	struct model_args a;
	uint64_t seed = 1;
	unsigned long executions = 20;

	if (argc < 2) {
		fprintf(stderr, "usage: commute_check MODEL [--fix F] [--PARAM N]... [--seed S] "
				"[--executions N]\n");
		return 2;
	}
	if (!(m = tool_model("commute_check", argv[1], &a)))
		return 2;
	for (int i = 2; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--seed"))
			seed = strtoull(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--executions"))
			executions = strtoul(argv[i + 1], NULL, 10);
		else if (tool_model_option("commute_check", m, &a, argv[i], argv[i + 1]))
			return 2;
	}
	if (rt_init() != 0)
		return 2;
	struct ex_model_program mp;
	ex_model_program_init(&mp, m, &a);
	struct seen seen = {0};
	unsigned long pairs = 0, bad = 0;
	static int choice[MAX_EV];

	for (unsigned long x = 0; x < executions; x++) {
		struct follow f = {.rng = seed * 1000003 + x};
		if (run(&mp, &f, &base) != 0)
			continue;
		uintptr_t *sets;
		struct or_event *oe = trace_events_of(base.ev, base.n, &sets);

		for (unsigned k = 0; k < base.n; k++)
			choice[k] = base.ev[k].tid;
		for (unsigned i = 0; i + 1 < base.n; i++) {
			const struct rt_event *e = &base.ev[i], *g = &base.ev[i + 1];

			if (e->tid == g->tid || or_dependent(&oe[i], &oe[i + 1]))
				continue;
			pairs++;
			choice[i] = g->tid;
			choice[i + 1] = e->tid;
			struct follow sf = {.choice = choice, .n = base.n};
			run(&mp, &sf, &swapped);
			choice[i] = e->tid;
			choice[i + 1] = g->tid;
			const char *why = NULL;
			unsigned at = 0;
			if (sf.infeasible)
				why = "the swapped order cannot run";
			else if (swapped.n != base.n)
				why = "the execution's length changed";
			else if (!same_event(&swapped.ev[i], g) ||
				 !same_event(&swapped.ev[i + 1], e))
				why = "the swapped steps themselves changed", at = i;
			else
				for (unsigned k = i + 2; k < base.n && !why; k++)
					if (!same_event(&swapped.ev[k], &base.ev[k]))
						why = "a later step changed", at = k;
			if (!why && strcmp(swapped.kinds, base.kinds))
				why = "the violations changed";
			if (!why && swapped.state != base.state)
				why = "the terminal state changed";
			if (!why)
				continue;
			char d1[160], d2[160], key[160];
			describe(e, d1, sizeof(d1));
			describe(g, d2, sizeof(d2));
			snprintf(key, sizeof(key), "%s:%d|%s:%d", e->op.loc.file, e->op.loc.line,
				 g->op.loc.file, g->op.loc.line);
			bad++;
			if (!seen_add(&seen, key))
				continue;
			printf("NOT COMMUTING (execution %lu, steps %u and %u): %s\n  %s\n  %s\n",
			       x, i, i + 1, why, d1, d2);
			if (at > i + 1 && at < swapped.n) {
				char b1[160], b2[160];
				describe(&base.ev[at], b1, sizeof(b1));
				describe(&swapped.ev[at], b2, sizeof(b2));
				printf("  step %u was: %s\n        now: %s\n", at, b1, b2);
			} else if (why[4] == 'v') {
				printf("  violations were {%s}, now {%s}\n", base.kinds,
				       swapped.kinds);
			}
		}
		free(oe);
		free(sets);
	}
	printf("%lu independent adjacent pairs swapped in %lu executions; %lu did not commute "
	       "(%d pairs of sites)\n",
	       pairs, executions, bad, seen.n);
	rt_shutdown();
	return bad ? 1 : 0;
}
