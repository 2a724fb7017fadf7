/*
 * validation.c - small models whose numbers of interleavings and of
 * Mazurkiewicz traces are known in closed form, to check the explorer's
 * counts against numbers nobody here chose.  --size N sets the size.
 *
 *   writers N      N threads each write x once:       N! / N!
 *   independent N  N threads each write their own x:  N! / 1
 *   readers N      one writer, N readers of x:        (N+1)! / 2^N
 *   conflict2 N    2 threads, N writes of x each:     C(2N,N) / C(2N,N)
 *
 * (interleavings / traces).  Each step is one RT_READ or RT_WRITE marker
 * followed by the access it marks.
 */
#include <string.h>

#include "vfsrace/model.h"
#include "vfsrace/rt_sched.h"
#include "vfsrace/rt_thread.h"

#define VMAX 8

static int x;
static int xs[VMAX];
static int seen[VMAX];
static long ids[VMAX];

static const struct model_param size_param[] = {
    {"size", 3, 1, VMAX - 1, "number of threads (conflict2: writes per thread)", NULL},
};
static const struct model_fix no_fix[] = {{"none", "validation model: nothing to fix"}};

static uint64_t hash_state(void)
{
	uint64_t h = 1469598103934665603ull;

	h = (h ^ (uint64_t)x) * 1099511628211ull;
	for (int i = 0; i < VMAX; i++) {
		h = (h ^ (uint64_t)xs[i]) * 1099511628211ull;
		h = (h ^ (uint64_t)seen[i]) * 1099511628211ull;
	}
	return h;
}

static void reset(void)
{
	x = 0;
	memset(xs, 0, sizeof(xs));
	memset(seen, 0, sizeof(seen));
	for (int i = 0; i < VMAX; i++)
		ids[i] = i;
}

static uint64_t finish(const struct model_args *a, bool completed)
{
	return hash_state();
}

static void writer(void *arg)
{
	long id = *(long *)arg;

	RT_WRITE(&x, "x = id");
	x = (int)id + 1;
}

static void writers_setup(const struct model_args *a)
{
	reset();
	for (int i = 0; i < a->value[0]; i++)
		rt_thread_create("writer", writer, &ids[i]);
}

static void own_writer(void *arg)
{
	long id = *(long *)arg;

	RT_WRITE(&xs[id], "xs[id] = 1");
	xs[id] = 1;
}

static void independent_setup(const struct model_args *a)
{
	reset();
	for (int i = 0; i < a->value[0]; i++)
		rt_thread_create("writer", own_writer, &ids[i]);
}

static void reader(void *arg)
{
	long id = *(long *)arg;

	RT_READ(&x, "read x");
	seen[id] = x;
}

static void one_writer(void *arg)
{
	RT_WRITE(&x, "x = 1");
	x = 1;
}

static void readers_setup(const struct model_args *a)
{
	reset();
	rt_thread_create("writer", one_writer, NULL);
	for (int i = 0; i < a->value[0]; i++)
		rt_thread_create("reader", reader, &ids[i]);
}

static int conflict_n;

static void repeated_writer(void *arg)
{
	long id = *(long *)arg;

	for (int i = 0; i < conflict_n; i++) {
		RT_WRITE(&x, "x = id*100+i");
		x = (int)id * 100 + i;
	}
}

static void conflict2_setup(const struct model_args *a)
{
	reset();
	conflict_n = a->value[0];
	rt_thread_create("A", repeated_writer, &ids[1]);
	rt_thread_create("B", repeated_writer, &ids[2]);
}

#define VALIDATION_MODEL(var, nm, sum, setup_fn) \
	static const struct model var = {        \
	    .name = nm,                          \
	    .summary = sum,                      \
	    .params = size_param,                \
	    .nparams = 1,                        \
	    .fixes = no_fix,                     \
	    .nfixes = 1,                         \
	    .setup = setup_fn,                   \
	    .finish = finish,                    \
	};                                       \
	MODEL_REGISTER(var)

VALIDATION_MODEL(writers_model, "writers", "validation: N threads write one variable (N! traces)",
		 writers_setup)
VALIDATION_MODEL(independent_model, "independent",
		 "validation: N threads write their own variable (1 trace)", independent_setup)
VALIDATION_MODEL(readers_model, "readers", "validation: 1 writer, N readers (2^N traces)",
		 readers_setup)
VALIDATION_MODEL(conflict2_model, "conflict2",
		 "validation: 2 threads, N conflicting writes each (C(2N,N) traces)",
		 conflict2_setup)
