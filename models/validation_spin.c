/*
 * validation_spin.c - mutual exclusion by spinning: Peterson's and
 * Dekker's algorithms, two threads, each entering its critical section
 * --rounds times, waiting in cpu_relax() retry loops.
 *
 * They check what retry loops do to the explorer (docs/runtime.md,
 * "Retry loops"): a loop that read what the other thread has not changed
 * yet waits instead of spinning, so a trace is fixed by which values each
 * of its reads saw, and dpor must explore each once.  The oracle here is
 * not a closed form but dfs: every interleaving, classified into traces by
 * the oracle's own dependency relation (tests/oracle/test_spin_models.c).
 *
 * Fixes: "none" is the algorithm as published; "broken" is the classic
 * mistake of each, which the explorer must catch:
 *   peterson  turn is set before flag (Peterson, "Myths about the mutual
 *             exclusion problem", IPL 12(3), 1981, gives flag first);
 *   dekker    test, then announce (the "second attempt" of Dijkstra's
 *             EWD123, on the way to Dekker's solution): both threads can
 *             see the other's flag down and both go in.
 * Two threads in their critical sections at once is the violation
 * "mutual-exclusion".
 */
#include <string.h>

#include "vfsrace/linux/kernel.h"
#include "vfsrace/model.h"
#include "vfsrace/rt_report.h"
#include "vfsrace/rt_sched.h"
#include "vfsrace/rt_thread.h"

#define V_MUTEX "mutual-exclusion"

static int flag[2], turn, inside;
static long ids[2] = {0, 1};
static int rounds, broken;

static void set(int *x, int v, const char *what)
{
	RT_WRITE(x, what);
	*x = v;
}

static int get(const int *x, const char *what)
{
	RT_READ(x, what);
	return *x;
}

static void critical_section(int i)
{
	int in = get(&inside, "inside");

	set(&inside, in + 1, "inside++ (enter)");
	if (in != 0)
		rt_report(V_MUTEX, false,
			  "thread %d entered its critical section while the other "
			  "was in its own",
			  i);
	in = get(&inside, "inside");
	set(&inside, in - 1, "inside-- (leave)");
}

/* Peterson, IPL 1981: announce, give the turn away, wait while the other
 * wants in and has the turn. */
static void peterson(void *arg)
{
	int i = (int)*(long *)arg, j = 1 - i;

	for (int r = 0; r < rounds; r++) {
		if (broken) {
			set(&turn, j, "turn = j (before flag)");
			set(&flag[i], 1, "flag[i] = 1");
		} else {
			set(&flag[i], 1, "flag[i] = 1");
			set(&turn, j, "turn = j");
		}
		while (get(&flag[j], "flag[j]") && get(&turn, "turn") == j)
			cpu_relax();
		critical_section(i);
		set(&flag[i], 0, "flag[i] = 0");
	}
}

/* Dekker (as told by Dijkstra, EWD123): announce; while the other wants
 * in, back off if it has the turn and wait for it; on leaving, give the
 * turn away. */
static void dekker(void *arg)
{
	int i = (int)*(long *)arg, j = 1 - i;

	for (int r = 0; r < rounds; r++) {
		if (broken) {
			while (get(&flag[j], "flag[j]"))
				cpu_relax();
			set(&flag[i], 1, "flag[i] = 1 (after the test)");
			critical_section(i);
			set(&flag[i], 0, "flag[i] = 0");
			continue;
		}
		set(&flag[i], 1, "flag[i] = 1");
		while (get(&flag[j], "flag[j]")) {
			if (get(&turn, "turn") != i) {
				set(&flag[i], 0, "flag[i] = 0 (back off)");
				while (get(&turn, "turn") != i)
					cpu_relax();
				set(&flag[i], 1, "flag[i] = 1");
			}
			cpu_relax();
		}
		critical_section(i);
		set(&turn, j, "turn = j");
		set(&flag[i], 0, "flag[i] = 0");
	}
}

static void setup(const struct model_args *a, rt_thread_fn fn)
{
	memset(flag, 0, sizeof(flag));
	turn = 0;
	inside = 0;
	rounds = a->value[0];
	broken = a->fix == 1;
	rt_thread_create("t0", fn, &ids[0]);
	rt_thread_create("t1", fn, &ids[1]);
}

static void peterson_setup(const struct model_args *a)
{
	setup(a, peterson);
}

static void dekker_setup(const struct model_args *a)
{
	setup(a, dekker);
}

static uint64_t finish(const struct model_args *a, bool completed)
{
	/* inside may be -1 (a broken variant's overlap): hash, don't shift it */
	return (uint64_t)(unsigned)flag[0] | (uint64_t)(unsigned)flag[1] << 1 |
	       (uint64_t)(unsigned)turn << 2 | (uint64_t)(unsigned)inside << 3;
}

static const struct model_param params[] = {
    {"rounds", 1, 1, 3, "critical sections per thread", NULL},
};

static const struct model_fix peterson_fixes[] = {
    {"none", "Peterson's algorithm as published (flag, then turn)"},
    {"broken", "turn set before flag: both can enter"},
};

static const struct model_fix dekker_fixes[] = {
    {"none", "Dekker's algorithm (Dijkstra, EWD123)"},
    {"broken", "test the other's flag, then raise one's own: both can enter"},
};

static const struct model peterson_model = {
    .name = "peterson",
    .summary = "validation: Peterson's mutual exclusion, spinning in cpu_relax()",
    .params = params,
    .nparams = 1,
    .fixes = peterson_fixes,
    .nfixes = 2,
    .setup = peterson_setup,
    .finish = finish,
};
MODEL_REGISTER(peterson_model)

static const struct model dekker_model = {
    .name = "dekker",
    .summary = "validation: Dekker's mutual exclusion, spinning in cpu_relax()",
    .params = params,
    .nparams = 1,
    .fixes = dekker_fixes,
    .nfixes = 2,
    .setup = dekker_setup,
    .finish = finish,
};
MODEL_REGISTER(dekker_model)
