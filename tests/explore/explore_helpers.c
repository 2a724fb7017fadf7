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
	char err[256] = "";
	int rc = ex_explore(o, r, err, sizeof(err));

	if (rc != 0)
		fail_msg("ex_explore(%s, %s): %s", o->model->name, ex_strategy_name(o->strategy),
			 err);
	assert_int_equal(r->nfound, 0);
	assert_int_equal(r->nstate_hashes, r->stats.distinct_states);
	for (unsigned long i = 1; i < r->nstate_hashes; i++)
		assert_true(r->state_hashes[i - 1] < r->state_hashes[i]);
	if (states) {
		states->n = states->cap = r->nstate_hashes;
		states->h = malloc((states->n + 1) * sizeof(*states->h));
		assert_non_null(states->h);
		memcpy(states->h, r->state_hashes, states->n * sizeof(*states->h));
	}
	ex_report_free(r);
}
