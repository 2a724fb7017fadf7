/*
 * explore_helpers.c - see explore_helpers.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "explore_helpers.h"
#include "vfsrace/rt_exec.h"

static char out_dir[] = "/tmp/vfsrace-test-explore-XXXXXX";

int explore_group_setup(void **state)
{
	if (!mkdtemp(out_dir))
		return -1;
	return rt_init();
}

int explore_group_teardown(void **state)
{
	rt_shutdown();
	rmdir(out_dir); /* empty unless a validation model reported something */
	return 0;
}

void state_set_free(struct state_set *s)
{
	free(s->h);
	memset(s, 0, sizeof(*s));
}

static void collect_state(void *ctx, uint64_t h)
{
	struct state_set *s = ctx;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->h = realloc(s->h, s->cap * sizeof(*s->h));
		assert_non_null(s->h);
	}
	s->h[s->n++] = h;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

bool state_set_equal(const struct state_set *a, const struct state_set *b)
{
	return a->n == b->n && (a->n == 0 || memcmp(a->h, b->h, a->n * sizeof(*a->h)) == 0);
}

void explore_options(struct ex_options *o, const char *model, int size, const char *strategy)
{
	ex_options_default(o);
	o->model = model_find(model);
	assert_non_null(o->model);
	model_default_args(o->model, &o->args);
	o->args.value[0] = size;
	o->strategy = ex_strategy_find(strategy);
	assert_non_null(o->strategy);
	o->out_dir = out_dir;
}

void explore_run(const struct ex_options *o, struct ex_report *r, struct state_set *states)
{
	struct ex_options opt = *o;
	char err[256] = "";

	if (states) {
		memset(states, 0, sizeof(*states));
		opt.on_state = collect_state;
		opt.on_state_ctx = states;
	}
	int rc = ex_explore(&opt, r, err, sizeof(err));
	if (rc != 0)
		fail_msg("ex_explore(%s, %s): %s", o->model->name, ex_strategy_name(o->strategy),
			 err);
	assert_int_equal(r->nfound, 0);
	if (states) {
		qsort(states->h, states->n, sizeof(*states->h), cmp_u64);
		assert_int_equal(states->n, r->stats.distinct_states);
	}
	ex_report_free(r);
}
