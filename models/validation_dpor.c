/*
 * validation_dpor.c - the classic DPOR benchmarks, with counts from the
 * literature, to check the explorer against numbers nobody here chose.
 *
 *   indexer N   Flanagan & Godefroid, "Dynamic partial-order reduction for
 *               model checking software", POPL 2005, Fig. 2: N threads
 *               insert 4 values each into a 128-slot hash table with
 *               compare-and-swap, probing linearly on a collision.
 *   lastzero N  Abdulla, Aronis, Jonsson, Sagonas, "Optimal dynamic partial
 *               order reduction", POPL 2014, Sect. 9: thread 0 scans an
 *               array of N+1 zeros from the end for the last zero while
 *               threads 1..N each do array[j] = array[j-1] + 1.
 *
 * Mazurkiewicz traces (reads of one location commute, everything else on
 * it conflicts), as GenMC's regression suite expects them under SC
 * (MPI-SWS/genmc, tests/correct/synthetic/{indexer,lastzero}/
 * expected.sc.mo.in, commit eab70f85):
 *
 *   indexer  N=12: 8       N=15: 4096     closed form 8^max(0, N-11)
 *   lastzero N=5: 64       N=10: 3328     N=15: 147456
 *                                         closed form (N+3) * 2^(N-2)
 *
 * docs/validation.md derives both closed forms.  The sizes the runtime can
 * run are bounded by RT_MAX_THREADS (indexer: N threads, lastzero: N+1).
 */
#include <string.h>

#include "vfsrace/model.h"
#include "vfsrace/rt_sched.h"
#include "vfsrace/rt_thread.h"

static uint64_t fnv(uint64_t h, uint64_t v)
{
	return (h ^ v) * 1099511628211ull;
}

#define FNV_BASIS 1469598103934665603ull

static const struct model_fix no_fix[] = {{"none", "validation model: nothing to fix"}};

/* ---- indexer ---- */

#define INDEXER_SIZE 128 /* hash table slots */
#define INDEXER_MAX  4	 /* values inserted per thread */

static int table[INDEXER_SIZE];
static long indexer_tid[RT_MAX_THREADS];

/* One atomic step: the compare-and-swap is a read-modify-write of the
 * slot, so it is marked as a write whether or not it succeeds. */
static int cas(int *slot, int old, int new)
{
	RT_WRITE(slot, "cas(&table[h], 0, w)");
	if (*slot != old)
		return 0;
	*slot = new;
	return 1;
}

static void indexer_thread(void *arg)
{
	int tid = (int)*(long *)arg;

	for (int m = 1; m <= INDEXER_MAX; m++) {
		int w = m * 11 + tid;
		int h = (w * 7) % INDEXER_SIZE;

		while (!cas(&table[h], 0, w))
			h = (h + 1) % INDEXER_SIZE;
	}
}

static void indexer_setup(const struct model_args *a)
{
	memset(table, 0, sizeof(table));
	for (int i = 0; i < a->value[0]; i++) {
		indexer_tid[i] = i;
		rt_thread_create("indexer", indexer_thread, &indexer_tid[i]);
	}
}

static uint64_t indexer_finish(const struct model_args *a, bool completed)
{
	uint64_t h = FNV_BASIS;

	for (int i = 0; i < INDEXER_SIZE; i++)
		h = fnv(h, (uint64_t)table[i]);
	return h;
}

static const struct model_param indexer_params[] = {
    {"size", 3, 1, RT_MAX_THREADS, "number of threads (collisions start at 12)", NULL},
};

static const struct model indexer_model = {
    .name = "indexer",
    .summary = "validation: Flanagan-Godefroid CAS hash table (8^max(0,N-11) traces)",
    .params = indexer_params,
    .nparams = 1,
    .fixes = no_fix,
    .nfixes = 1,
    .setup = indexer_setup,
    .finish = indexer_finish,
};
MODEL_REGISTER(indexer_model)

/* ---- lastzero ---- */

static int array[RT_MAX_THREADS];
static long lastzero_idx[RT_MAX_THREADS];
static int lastzero_n;
static int found; /* index of the zero thread 0 stopped at */

static void lastzero_reader(void *arg)
{
	int i = lastzero_n;

	for (;;) {
		RT_READ(&array[i], "array[i] != 0");
		if (array[i] == 0)
			break;
		i--;
	}
	found = i;
}

static void lastzero_writer(void *arg)
{
	int j = (int)*(long *)arg;

	RT_READ(&array[j - 1], "array[j-1]");
	int v = array[j - 1];
	RT_WRITE(&array[j], "array[j] = array[j-1] + 1");
	array[j] = v + 1;
}

static void lastzero_setup(const struct model_args *a)
{
	lastzero_n = a->value[0];
	memset(array, 0, sizeof(array));
	found = -1;
	rt_thread_create("reader", lastzero_reader, NULL);
	for (int j = 1; j <= lastzero_n; j++) {
		lastzero_idx[j] = j;
		rt_thread_create("writer", lastzero_writer, &lastzero_idx[j]);
	}
}

static uint64_t lastzero_finish(const struct model_args *a, bool completed)
{
	uint64_t h = fnv(FNV_BASIS, (uint64_t)found);

	for (int i = 0; i <= lastzero_n; i++)
		h = fnv(h, (uint64_t)array[i]);
	return h;
}

static const struct model_param lastzero_params[] = {
    {"size", 5, 1, RT_MAX_THREADS - 1, "number of writer threads (array of size+1)", NULL},
};

static const struct model lastzero_model = {
    .name = "lastzero",
    .summary = "validation: Abdulla et al. last-zero search ((N+3)*2^(N-2) traces)",
    .params = lastzero_params,
    .nparams = 1,
    .fixes = no_fix,
    .nfixes = 1,
    .setup = lastzero_setup,
    .finish = lastzero_finish,
};
MODEL_REGISTER(lastzero_model)
