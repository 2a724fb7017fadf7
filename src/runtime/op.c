/*
 * op.c - the dependency relation between operations, interned object sets,
 * and whether a pending operation can run now.
 *
 * docs/validation.md ("The dependency relation") states the relation this
 * file implements; the trace oracle in tests/oracle implements it again
 * from that text, and the differential tests compare the two.
 */
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"
#include "vfsrace/rt_rwsem.h"
#include "vfsrace/rt_semaphore.h"
#include "vfsrace/rt_spinlock.h"

static const char *const access_names[RT_ACCESS_COUNT] = {
    [RT_NONE] = "none",
    [RT_READ] = "read",
    [RT_WRITE] = "write",
    [RT_ACQ] = "acquire",
    [RT_TRY] = "tryacquire",
    [RT_REL] = "release",
    [RT_ACQ_SH] = "acquire-shared",
    [RT_TRY_SH] = "tryacquire-shared",
    [RT_REL_SH] = "release-shared",
    [RT_WAIT] = "wait",
    [RT_WAKE] = "wake",
    [RT_AWAIT] = "await",
};

const char *rt_access_name(enum rt_access a)
{
	return a < RT_ACCESS_COUNT ? access_names[a] : "?";
}

/*
 * conflict[a][b]: do two operations of these kinds on one object fail to
 * commute (or can one enable or disable the other)?  Symmetric.
 *
 * - Reads commute with reads; shared acquires, shared trylocks and shared
 *   releases commute with each other (a reader's order in an rwsem queue
 *   behind a writer does not matter: consecutive readers are granted
 *   together).
 * - Two releases commute (two up()s of a semaphore); of two releases of
 *   one spinlock, one is a bad unlock in either order, by the same thread.
 * - A wait depends only on what can end it: a wake_up (wait queue), a
 *   release (rwsem queue).  Queueing on a wait queue (a write) decides
 *   whether a later wake_up reaches the sleeper.  Two wake_ups commute.
 * - RT_AWAIT is never looked up here: it depends on what touches its set.
 */
#define X 1
static const unsigned char conflict[RT_ACCESS_COUNT][RT_ACCESS_COUNT] = {
    /*               NONE READ WRITE ACQ TRY REL ASH TSH RSH WAIT WAKE AWAIT */
    [RT_NONE] = {0},
    [RT_READ] = {0, 0, X, X, X, X, X, X, X, 0, 0, 0},
    [RT_WRITE] = {0, X, X, X, X, X, X, X, X, 0, X, 0},
    [RT_ACQ] = {0, X, X, X, X, X, X, X, X, 0, 0, 0},
    [RT_TRY] = {0, X, X, X, X, X, X, X, X, 0, 0, 0},
    [RT_REL] = {0, X, X, X, X, 0, X, X, 0, X, 0, 0},
    [RT_ACQ_SH] = {0, X, X, X, X, X, 0, 0, 0, 0, 0, 0},
    [RT_TRY_SH] = {0, X, X, X, X, X, 0, 0, 0, 0, 0, 0},
    [RT_REL_SH] = {0, X, X, X, X, 0, 0, 0, 0, X, 0, 0},
    [RT_WAIT] = {0, 0, 0, 0, 0, X, 0, 0, X, 0, X, 0},
    [RT_WAKE] = {0, 0, X, 0, 0, 0, 0, 0, 0, X, 0, 0},
    [RT_AWAIT] = {0},
};
#undef X

/* Do the byte ranges the two operations cover overlap? */
static bool overlap(const void *a, unsigned long asize, const void *b, unsigned long bsize)
{
	uintptr_t a0 = (uintptr_t)a, b0 = (uintptr_t)b;
	uintptr_t a1 = a0 + (asize ? asize : 1), b1 = b0 + (bsize ? bsize : 1);

	return a0 < b1 && b0 < a1;
}

static bool same_object(const struct rt_op *a, const struct rt_op *b)
{
	if (a->size || b->size)
		return overlap(a->obj, a->size, b->obj, b->size);
	return a->obj == b->obj;
}

bool rt_objset_touched_by(const struct rt_objset *s, const struct rt_op *b)
{
	if (!s || !b->obj || !conflict[RT_READ][b->access])
		return false;
	if (b->size) {
		for (unsigned i = 0; i < s->n; i++)
			if (overlap(s->obj[i], 0, b->obj, b->size))
				return true;
		return false;
	}
	/* Sorted by address: binary search. */
	unsigned lo = 0, hi = s->n;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;

		if ((uintptr_t)s->obj[mid] < (uintptr_t)b->obj)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n && s->obj[lo] == b->obj;
}

/* Does free f cover the list entry op x writes? */
static bool frees_node(const struct rt_op *f, const struct rt_op *x)
{
	return f->size && x->node && overlap(f->obj, f->size, x->node, 0);
}

bool rt_op_dependent(const struct rt_op *a, const struct rt_op *b)
{
	if (frees_node(a, b) || frees_node(b, a))
		return true;
	if (a->access == RT_AWAIT)
		return b->access != RT_AWAIT && rt_objset_touched_by(a->await, b);
	if (b->access == RT_AWAIT)
		return rt_objset_touched_by(b->await, a);
	if (!a->obj || !b->obj || !conflict[a->access][b->access])
		return false;
	return same_object(a, b);
}

bool rt_op_may_block(const struct rt_op *op)
{
	switch (op->access) {
	case RT_ACQ:
		return op->prim == RT_P_SPIN || op->prim == RT_P_SEM || op->prim == RT_P_BKL;
	case RT_WAIT:
	case RT_AWAIT:
		return true;
	case RT_READ:
		return op->prim == RT_P_START;
	default:
		return false;
	}
}

/* ---- interned object sets ---- */

/* Sets live until the process exits: few distinct ones exist (one per
 * spin loop and what it reads), and an op may keep one from an earlier
 * execution. */
struct set_slot {
	uint64_t hash;
	struct rt_objset *set;
};
static struct set_slot *sets;
static unsigned long nsets, setcap;
static pthread_mutex_t sets_mu = PTHREAD_MUTEX_INITIALIZER;

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t) * (const void *const *)a,
		  y = (uintptr_t) * (const void *const *)b;

	return x < y ? -1 : x > y;
}

static uint64_t set_hash(const void *const *obj, unsigned n)
{
	uint64_t h = 1469598103934665603ull ^ n;

	for (unsigned i = 0; i < n; i++)
		h = (h ^ (uint64_t)(uintptr_t)obj[i]) * 1099511628211ull;
	return h ? h : 1;
}

static void sets_grow(void)
{
	unsigned long ncap = setcap ? setcap * 2 : 256;
	struct set_slot *ns = calloc(ncap, sizeof(*ns));

	if (!ns)
		abort();
	for (unsigned long i = 0; i < setcap; i++) {
		if (!sets[i].set)
			continue;
		unsigned long j = sets[i].hash & (ncap - 1);
		while (ns[j].set)
			j = (j + 1) & (ncap - 1);
		ns[j] = sets[i];
	}
	free(sets);
	sets = ns;
	setcap = ncap;
}

const struct rt_objset *rt_objset_intern(const void *const *obj, unsigned n)
{
	const void **sorted = malloc((n ? n : 1) * sizeof(*sorted));
	unsigned m = 0;

	if (!sorted)
		abort();
	memcpy(sorted, obj, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_ptr);
	for (unsigned i = 0; i < n; i++)
		if (m == 0 || sorted[m - 1] != sorted[i])
			sorted[m++] = sorted[i];
	uint64_t h = set_hash(sorted, m);
	pthread_mutex_lock(&sets_mu);
	if ((nsets + 1) * 2 > setcap)
		sets_grow();
	unsigned long j = h & (setcap - 1);
	for (; sets[j].set; j = (j + 1) & (setcap - 1)) {
		struct rt_objset *s = sets[j].set;

		if (sets[j].hash == h && s->n == m && !memcmp(s->obj, sorted, m * sizeof(*sorted)))
			goto found;
	}
	struct rt_objset *s = malloc(sizeof(*s) + m * sizeof(s->obj[0]));
	if (!s)
		abort();
	s->n = m;
	memcpy(s->obj, sorted, m * sizeof(*sorted));
	sets[j].hash = h;
	sets[j].set = s;
	nsets++;
found:
	pthread_mutex_unlock(&sets_mu);
	free(sorted);
	return sets[j].set;
}

/* ---- enabledness ---- */

extern bool rt_wq_woken(const struct rt_thread *t, const void *wq);
extern bool rt_bkl_available(const struct rt_thread *t);
extern bool rt_rwsem_granted(const struct rt_thread *t, const void *sem);
extern bool rt_await_ready(const struct rt_thread *t);

bool rt_op_enabled(const struct rt_thread *t)
{
	const struct rt_op *op = &t->next;

	switch (op->prim) {
	case RT_P_SPIN:
		if (op->access == RT_ACQ)
			return ((const rt_spinlock_t *)op->obj)->owner == NULL;
		return true;
	case RT_P_SEM:
		if (op->access == RT_ACQ)
			return ((const rt_semaphore_t *)op->obj)->count > 0;
		return true;
	case RT_P_RWSEM:
		if (op->access == RT_WAIT)
			return rt_rwsem_granted(t, op->obj);
		return true;
	case RT_P_BKL:
		if (op->access == RT_ACQ)
			return rt_bkl_available(t);
		return true;
	case RT_P_WQ:
		if (op->access == RT_WAIT)
			return rt_wq_woken(t, op->obj);
		return true;
	case RT_P_YIELD:
		if (op->access == RT_AWAIT)
			return rt_await_ready(t);
		return true;
	default:
		return true;
	}
}
