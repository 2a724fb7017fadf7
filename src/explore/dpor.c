/*
 * dpor.c - exhaustive exploration with optimal dynamic partial-order
 * reduction: sleep sets and wakeup trees (Abdulla, Aronis, Jonsson,
 * Sagonas, "Source Sets: A Foundation for Optimal Dynamic Partial Order
 * Reduction", JACM 64(4), 2017, Algorithm 2 "Optimal-DPOR").
 *
 * Stateless: every execution re-runs the model from its initial state,
 * replaying a prefix of the previous one and then following a wakeup
 * sequence.  When an execution ends, each race between two of its events
 * (dependent, of different threads, ordered only by their own conflict) is
 * reversed: the events after the first that do not depend on it, then the
 * second, form a wakeup sequence inserted at the state before the first,
 * unless a thread asleep there could start an equivalent execution or the
 * tree already holds one.  Each Mazurkiewicz trace is explored exactly
 * once, and no execution is cut short by its sleep set.
 *
 * What the theory needs from the runtime, and how this file gets it:
 * - a dependency relation under which independent steps commute and never
 *   enable or disable each other (rt_op_dependent, docs/validation.md);
 * - operations that never ran are raced too: what a thread was about to do
 *   when the execution ended blocked for good may belong before a step
 *   that disabled it;
 * - a reversal is inserted only when its last step could run there:
 *   whether a lock's count allows an acquire, a wait was woken or
 *   granted, an await saw a change, is worked out from the event log.
 *
 * With --preemptions K the walk does not preempt, a branch that would
 * exceed K is not taken, and each reversal is also tried where the run
 * of the racing step began (Coons, Musuvathi, McKinley, "Bounded
 * partial-order reduction", OOPSLA 2013), so it is reachable without a
 * preemption.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hashset.h"
#include "strategy.h"

#define MAXT RT_MAX_THREADS

/* ---- wakeup trees ---- */

/* One step of a wakeup sequence: a thread and the operation it performs
 * there; children follow it, siblings are later alternatives. */
struct wnode {
	uint8_t tid;
	struct rt_op op;
	int child, next;
};

struct wpool {
	struct wnode *n;
	int cap, free_list;
};

static int wnode_new(struct wpool *p, int tid, const struct rt_op *op)
{
	int i = p->free_list;

	if (i >= 0) {
		p->free_list = p->n[i].next;
	} else {
		if (p->cap % 1024 == 0) {
			p->n = realloc(p->n, ((size_t)p->cap + 1024) * sizeof(*p->n));
			if (!p->n)
				abort();
		}
		i = p->cap++;
	}
	p->n[i].tid = (uint8_t)tid;
	p->n[i].op = *op;
	p->n[i].child = p->n[i].next = -1;
	return i;
}

/* Free a list of siblings and everything below them. */
static void wnode_free_list(struct wpool *p, int i)
{
	while (i >= 0) {
		int next = p->n[i].next;

		wnode_free_list(p, p->n[i].child);
		p->n[i].next = p->free_list;
		p->free_list = i;
		i = next;
	}
}

/* ---- the exploration path ---- */

struct node {
	uint32_t enabled;
	uint32_t sleep; /* asleep here: their next steps were explored elsewhere */
	uint32_t done;	/* explored here, the current choice included */
	uint8_t chosen;
	bool frozen;	      /* inside the work unit's prefix: fully expanded */
	bool preempt;	      /* the choice here is a preemption */
	uint16_t preemptions; /* preemptions taken before this node */
	int8_t current;	      /* thread of the previous step */
	int wut;	      /* wakeup subtrees still to explore here (siblings) */
	int follow;	      /* what the wakeup tree says to do after the choice */
	uint64_t walk;	      /* seeds the random walk at this node */
	struct rt_op ops[MAXT];
};

/* Earlier events touching one object, in order (the analysis's index). */
struct objlist {
	const void *obj;
	unsigned *ev;
	unsigned n, cap;
};

struct dpor {
	struct ex_unit unit;
	int bound; /* preemption bound, -1 none */
	struct node *path;
	unsigned depth, cap;
	unsigned replay_len; /* steps below this replay path[].chosen */
	unsigned new_from;   /* first event the last execution did not replay */
	bool exhausted;
	bool diverged;
	bool pruned_by_bound;
	bool last_pruned; /* the execution that just ended was cut by the bound */
	/* The execution that just ended was abandoned because every enabled
	 * thread was asleep (Source-DPOR units only: optimal DPOR never
	 * gets there). */
	bool sleep_blocked;
	struct hashset traces; /* bounded: the traces seen, by their clocks */
	uint64_t seed;
	unsigned stay_percent; /* chance the running thread goes on */
	struct wpool pool;
	/* analysis scratch, per event */
	uint32_t (*vc)[MAXT];
	uint32_t *idx;
	int *prev_thread;
	unsigned analysed; /* events whose clocks vc holds */
	unsigned scratch_cap;
	unsigned *cand, *vseq;
	struct objlist *objs; /* open addressing by object address */
	unsigned objcap;
	unsigned *ranged; /* events covering a range (frees), in order */
	unsigned nranged;
};

static inline uint32_t bit(int t)
{
	return 1u << t;
}

static int lowest(uint32_t m)
{
	return m ? __builtin_ctz(m) : -1;
}

static struct node *node_at(struct dpor *d, unsigned i)
{
	if (i >= d->cap) {
		d->cap = d->cap ? d->cap * 2 : 256;
		while (d->cap <= i)
			d->cap *= 2;
		d->path = realloc(d->path, d->cap * sizeof(*d->path));
		if (!d->path)
			abort();
	}
	return &d->path[i];
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	uint64_t s = h ^ (v + 0x9e3779b97f4a7c15ull);

	return ex_rand_next(&s);
}

static void *dpor_create(const struct ex_options *o, const struct ex_unit *unit, char *err,
			 unsigned errlen)
{
	struct dpor *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	if (unit)
		d->unit = *unit;
	d->bound = o->preemptions;
	d->stay_percent = o->walk_stay_percent;
	d->seed = mix(o->seed, 0x5eed);
	d->pool.free_list = -1;
	return d;
}

static void dpor_destroy(void *p)
{
	struct dpor *d = p;

	for (unsigned i = 0; i < d->objcap; i++)
		free(d->objs[i].ev);
	free(d->objs);
	free(d->path);
	free(d->pool.n);
	free(d->vc);
	free(d->idx);
	free(d->prev_thread);
	free(d->cand);
	free(d->vseq);
	free(d->ranged);
	hashset_free(&d->traces);
	free(d);
}

static bool dpor_begin(void *p)
{
	struct dpor *d = p;

	d->last_pruned = false;
	d->sleep_blocked = false;
	return !d->exhausted && !d->diverged;
}

/* Sleep set of a new node, from its parent: threads asleep or already
 * explored there stay asleep while what runs is independent of them. */
static uint32_t child_sleep(const struct dpor *d, const struct node *parent)
{
	if (d->bound >= 0)
		return 0; /* bounded: no sleep sets (see bounded_reverse) */
	uint32_t cand = (parent->sleep | parent->done) & ~bit(parent->chosen);
	uint32_t s = 0;
	const struct rt_op *ran = &parent->ops[parent->chosen];

	for (int t = 0; cand; t++, cand >>= 1)
		if ((cand & 1) && !rt_op_dependent(&parent->ops[t], ran))
			s |= bit(t);
	return s;
}

static void fill_node(struct node *n, const struct rt_sched_view *v)
{
	n->enabled = ex_enabled_mask(v);
	n->current = (int8_t)v->current;
	for (int t = 0; t < v->nthreads; t++)
		if (v->t[t].state != RT_T_DONE)
			n->ops[t] = *v->t[t].next;
		else
			memset(&n->ops[t], 0, sizeof(n->ops[t]));
	for (int t = v->nthreads; t < MAXT; t++)
		memset(&n->ops[t], 0, sizeof(n->ops[t]));
}

/* The walk: the first choice at a state no wakeup sequence covers. */
static int walk_choice(const struct dpor *d, const struct node *n, const struct rt_sched_view *v,
		       uint32_t avail)
{
	int cur = v->current;
	bool cur_ok = cur >= 0 && (avail & bit(cur)) && !rt_op_gives_up_cpu(v->t[cur].next);
	uint64_t r = n->walk;

	/* Under a preemption bound the walk never preempts: only the
	 * reversals spend the budget (Coons et al.).  Otherwise a seeded
	 * random first choice finds a bug in a narrow window long before a
	 * walk that always lets the running thread go on; which traces are
	 * explored does not depend on it, only their order. */
	if (cur_ok &&
	    (d->bound >= 0 || d->stay_percent >= 100 || ex_rand_below(&r, 100) < d->stay_percent))
		return cur;
	unsigned k = ex_rand_below(&r, (unsigned)__builtin_popcount(avail));
	uint32_t m = avail;
	while (k--)
		m &= m - 1;
	return lowest(m);
}

/* Take the first wakeup subtree of `list` as this node's choice. */
static int follow_wakeup(struct dpor *d, struct node *n, int list)
{
	struct wnode *w = &d->pool.n[list];
	int tid = w->tid;

	n->wut = w->next;
	n->follow = w->child;
	w->next = d->pool.free_list;
	w->child = -1;
	d->pool.free_list = list;
	return tid;
}

static int dpor_choose(void *p, const struct rt_sched_view *v)
{
	struct dpor *d = p;
	unsigned i = v->step;

	if (i < d->replay_len) {
		struct node *n = &d->path[i];

		if (!(ex_enabled_mask(v) & bit(n->chosen))) {
			d->diverged = true; /* the model is not deterministic */
			return -1;
		}
		return n->chosen;
	}
	struct node *n = node_at(d, i);
	struct node *parent = i ? &d->path[i - 1] : NULL;
	fill_node(n, v);
	n->sleep = parent ? child_sleep(d, parent) : 0;
	n->preemptions = parent ? parent->preemptions + parent->preempt : 0;
	n->frozen = i < d->unit.n;
	n->walk = parent ? mix(parent->walk, parent->chosen) : mix(d->seed, 0);
	n->wut = -1;
	n->follow = -1;
	d->depth = i + 1;
	uint32_t avail = n->enabled & ~n->sleep;
	int c;
	if (n->frozen) {
		c = d->unit.choice[i];
		if (!(avail & bit(c)))
			return -1; /* the unit's branch is asleep here: covered elsewhere */
		/* Full expansion in thread order: lower threads were explored
		 * first; a forced step is the only one explored here. */
		n->done = ex_unit_forced(&d->unit, i) ? bit(c) : (avail & (bit(c) - 1)) | bit(c);
	} else if (parent && parent->follow >= 0) {
		int list = parent->follow;

		parent->follow = -1;
		c = follow_wakeup(d, n, list);
		if (!(avail & bit(c))) {
			/* A wakeup sequence that cannot go on: a bug in the
			 * reversal, counted as a blocked execution. */
			wnode_free_list(&d->pool, n->wut);
			wnode_free_list(&d->pool, n->follow);
			n->wut = n->follow = -1;
			return -1;
		}
		n->done = bit(c);
	} else {
		if (!avail) {
			d->sleep_blocked = true;
			return -1;
		}
		c = walk_choice(d, n, v, avail);
		n->done = bit(c);
	}
	n->chosen = (uint8_t)c;
	n->preempt = ex_is_preemption(v, c);
	if (d->bound >= 0 && n->preemptions + n->preempt > d->bound) {
		d->pruned_by_bound = true;
		d->last_pruned = true;
		return -1;
	}
	return c;
}

/* ---- the analysis of a finished execution ---- */

static void grow_scratch(struct dpor *d, unsigned n)
{
	if (n <= d->scratch_cap)
		return;
	d->scratch_cap = n * 2;
	d->vc = realloc(d->vc, d->scratch_cap * sizeof(*d->vc));
	d->idx = realloc(d->idx, d->scratch_cap * sizeof(*d->idx));
	d->prev_thread = realloc(d->prev_thread, d->scratch_cap * sizeof(int));
	d->cand = realloc(d->cand, d->scratch_cap * sizeof(unsigned));
	d->vseq = realloc(d->vseq, d->scratch_cap * sizeof(unsigned));
	d->ranged = realloc(d->ranged, d->scratch_cap * sizeof(unsigned));
	if (!d->vc || !d->idx || !d->prev_thread || !d->cand || !d->vseq || !d->ranged)
		abort();
}

static struct objlist *obj_find(struct dpor *d, const void *obj, bool add)
{
	if (d->objcap == 0) {
		d->objcap = 1024;
		d->objs = calloc(d->objcap, sizeof(*d->objs));
		if (!d->objs)
			abort();
	}
	uintptr_t h = ((uintptr_t)obj >> 3) * 0x9e3779b97f4a7c15ull;
	unsigned mask = d->objcap - 1;
	for (unsigned k = 0, j = (unsigned)(h >> 40) & mask; k < d->objcap;
	     k++, j = (j + 1) & mask) {
		struct objlist *l = &d->objs[j];

		if (l->obj == obj)
			return l;
		if (!l->obj) {
			if (!add)
				return NULL;
			l->obj = obj;
			l->n = 0;
			return l;
		}
	}
	return NULL; /* full: the caller treats the object as unknown */
}

static void obj_push(struct dpor *d, const void *obj, unsigned k)
{
	struct objlist *l = obj_find(d, obj, true);

	if (!l) {
		/* More objects than slots: grow and re-index from scratch. */
		unsigned old = d->objcap;
		struct objlist *o = d->objs;

		d->objcap *= 2;
		d->objs = calloc(d->objcap, sizeof(*d->objs));
		if (!d->objs)
			abort();
		for (unsigned i = 0; i < old; i++) {
			if (!o[i].obj)
				continue;
			struct objlist *nl = obj_find(d, o[i].obj, true);
			*nl = o[i];
		}
		free(o);
		l = obj_find(d, obj, true);
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->ev = realloc(l->ev, l->cap * sizeof(unsigned));
		if (!l->ev)
			abort();
	}
	l->ev[l->n++] = k;
}

/* Index the events by object: each event under its object, an await under
 * every object of its set, a free in the list of ranged events. */
static void index_objects(struct dpor *d, const struct rt_event *ev, unsigned n)
{
	for (unsigned i = 0; i < d->objcap; i++) {
		d->objs[i].obj = NULL;
		d->objs[i].n = 0;
	}
	d->nranged = 0;
	for (unsigned k = 0; k < n; k++) {
		const struct rt_op *op = &ev[k].op;

		if (op->access == RT_AWAIT && op->await) {
			for (unsigned i = 0; i < op->await->n; i++)
				obj_push(d, op->await->obj[i], k);
		} else if (op->size) {
			d->ranged[d->nranged++] = k;
		} else if (op->obj) {
			obj_push(d, op->obj, k);
		}
	}
}

/* May a scan for events dependent with an operation of kind k stop at an
 * earlier event of kind s on the same object?  Yes when everything that
 * conflicts with k also conflicts with s (and so happens before s). */
static bool covers_uncached(enum rt_access k, enum rt_access s)
{
	static const enum rt_access all[] = {RT_READ,	RT_WRITE,  RT_ACQ,    RT_TRY,  RT_REL,
					     RT_ACQ_SH, RT_TRY_SH, RT_REL_SH, RT_WAIT, RT_WAKE};
	struct rt_op a = {.obj = &a}, b = {.obj = &a}, c = {.obj = &a};

	b.access = k;
	c.access = s;
	for (unsigned i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		a.access = all[i];
		if (rt_op_dependent(&a, &b) && !rt_op_dependent(&a, &c))
			return false;
	}
	return rt_op_dependent(&b, &c);
}

/* covers() depends on the two kinds only: a table, filled on first use
 * (it was worked out again for every candidate of every scan). */
static bool covers(enum rt_access k, enum rt_access s)
{
	static _Thread_local uint8_t memo[RT_ACCESS_COUNT][RT_ACCESS_COUNT]; /* 0: not yet */

	if ((unsigned)k >= RT_ACCESS_COUNT || (unsigned)s >= RT_ACCESS_COUNT)
		return covers_uncached(k, s);
	if (!memo[k][s])
		memo[k][s] = covers_uncached(k, s) ? 2 : 1;
	return memo[k][s] == 2;
}

static int cmp_desc(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

/* Latest first.  Candidate lists are short and mostly in order already (an
 * object's events latest first, then a few frees): insertion sort, which
 * costs less than qsort's set-up on every scan; qsort for long ones. */
static void sort_desc(unsigned *a, unsigned n)
{
	if (n > 32) {
		qsort(a, n, sizeof(unsigned), cmp_desc);
		return;
	}
	for (unsigned i = 1; i < n; i++) {
		unsigned x = a[i], j = i;

		for (; j > 0 && a[j - 1] < x; j--)
			a[j] = a[j - 1];
		a[j] = x;
	}
}

/*
 * The earlier events (before `limit`) that may be dependent with op, latest
 * first, into d->cand.  Only the candidates a race or a clock needs: a scan
 * of one object stops at an event every earlier dependent event happens
 * before.
 */
static unsigned candidates(struct dpor *d, const struct rt_event *ev, const struct rt_op *op,
			   unsigned limit)
{
	unsigned n = 0;

	if (op->size) {
		for (unsigned j = limit; j-- > 0;)
			if (rt_op_dependent(&ev[j].op, op))
				d->cand[n++] = j;
		return n;
	}
	const void *const *objs = op->access == RT_AWAIT && op->await ? op->await->obj : &op->obj;
	unsigned nobj = op->access == RT_AWAIT ? (op->await ? op->await->n : 0) : op->obj != NULL;
	enum rt_access kind = op->access == RT_AWAIT ? RT_READ : op->access;
	/* A step that can block may race past the one that enabled it (see
	 * races_with): the earlier ones are needed too. */
	bool may_stop = !rt_op_may_block(op);
	for (unsigned o = 0; o < nobj; o++) {
		struct objlist *l = obj_find(d, objs[o], false);

		if (l) {
			unsigned hi = l->n;
			while (hi > 0 && l->ev[hi - 1] >= limit)
				hi--;
			for (unsigned x = hi; x-- > 0;) {
				unsigned j = l->ev[x];
				const struct rt_op *jo = &ev[j].op;

				if (!rt_op_dependent(jo, op))
					continue;
				d->cand[n++] = j;
				if (may_stop && jo->access != RT_AWAIT && covers(kind, jo->access))
					break;
			}
		}
		uintptr_t a = (uintptr_t)objs[o];
		for (unsigned r = 0; r < d->nranged && d->ranged[r] < limit; r++) {
			const struct rt_op *f = &ev[d->ranged[r]].op;

			if (a >= (uintptr_t)f->obj && a < (uintptr_t)f->obj + f->size &&
			    rt_op_dependent(f, op))
				d->cand[n++] = d->ranged[r];
		}
	}
	/* The list entry a list operation writes conflicts with a free of
	 * its object. */
	for (unsigned r = 0; op->node && r < d->nranged && d->ranged[r] < limit; r++)
		if (rt_op_dependent(&ev[d->ranged[r]].op, op))
			d->cand[n++] = d->ranged[r];
	if (nobj > 1 || d->nranged) {
		sort_desc(d->cand, n);
		unsigned m = 0;
		for (unsigned x = 0; x < n; x++)
			if (m == 0 || d->cand[m - 1] != d->cand[x])
				d->cand[m++] = d->cand[x];
		n = m;
	}
	return n;
}

static void join(uint32_t *c, const uint32_t *o)
{
	for (int u = 0; u < MAXT; u++)
		if (o[u] > c[u])
			c[u] = o[u];
}

/* Vector clock of an event (or of a pending operation at position k): its
 * thread's previous event joined with every earlier dependent event. */
static void clock_of(struct dpor *d, const struct rt_event *ev, unsigned k, int tid, int prev,
		     const struct rt_op *op, uint32_t idx, uint32_t *c)
{
	if (prev >= 0)
		memcpy(c, d->vc[prev], sizeof(uint32_t) * MAXT);
	else
		memset(c, 0, sizeof(uint32_t) * MAXT);
	unsigned nc = candidates(d, ev, op, k);

	for (unsigned x = 0; x < nc; x++)
		join(c, d->vc[d->cand[x]]);
	c[tid] = idx;
}

/* Events before `from` are those of the replayed prefix, the same as in
 * the last execution: their clocks, computed then, are kept. */
static void build_clocks(struct dpor *d, const struct rt_event *ev, unsigned n, unsigned from)
{
	int last_thread[MAXT];
	uint32_t count[MAXT] = {0};

	for (int t = 0; t < MAXT; t++)
		last_thread[t] = -1;
	for (unsigned k = 0; k < n; k++) {
		int t = ev[k].tid;

		d->prev_thread[k] = last_thread[t];
		last_thread[t] = (int)k;
		d->idx[k] = ++count[t];
		if (k >= from)
			clock_of(d, ev, k, t, d->prev_thread[k], &ev[k].op, d->idx[k], d->vc[k]);
	}
}

static inline bool hb_after(const struct dpor *d, const struct rt_event *ev, unsigned a,
			    const uint32_t *bc)
{
	return bc[ev[a].tid] >= d->idx[a];
}

/* A step of a wakeup sequence: an event of the log, or the pending
 * operation (index n) that closes it. */
struct vstep {
	int tid;
	const struct rt_op *op;
};

struct reversal {
	unsigned j;	     /* the first event of the race */
	unsigned n;	     /* events in the log */
	const unsigned *seq; /* notdep(j): events after j not after it */
	unsigned nseq;
	int ktid;   /* the second event of the race, or the pending op */
	int kindex; /* its index in the log, or -1 for a pending op */
	const struct rt_op *kop;
	/* What happens before the last step within the sequence: its own
	 * clock in the log may also count steps the reversal leaves out
	 * (the release that made an acquire possible, and what came before
	 * that release). */
	uint32_t kclock[MAXT];
};

static void reversal_init(struct reversal *r, const struct dpor *d, const struct rt_event *ev,
			  unsigned j, unsigned n, unsigned nseq, int ktid, int kindex,
			  const struct rt_op *kop)
{
	r->kindex = kindex;
	r->j = j;
	r->n = n;
	r->seq = d->vseq;
	r->nseq = nseq;
	r->ktid = ktid;
	r->kop = kop;
	memset(r->kclock, 0, sizeof(r->kclock));
	for (unsigned i = 0; i < nseq; i++) {
		unsigned z = d->vseq[i];

		if (ev[z].tid == ktid || rt_op_dependent(&ev[z].op, kop))
			join(r->kclock, d->vc[z]);
	}
}

/* Is thread q, asleep at j with next step qop, a weak initial of the
 * reversal: could an execution starting with q's step be equivalent? */
static bool weak_initial(const struct dpor *d, const struct rt_event *ev, const struct reversal *r,
			 int q, const struct rt_op *qop)
{
	for (unsigned i = 0; i < r->nseq; i++) {
		unsigned x = r->seq[i];

		if (ev[x].tid == q) {
			/* q's first step in the sequence: an initial when no
			 * earlier step of the sequence happens before it. */
			for (unsigned y = 0; y < i; y++)
				if (hb_after(d, ev, r->seq[y], d->vc[x]))
					return false;
			return true;
		}
		if (rt_op_dependent(&ev[x].op, qop))
			return false;
	}
	if (r->ktid == q) {
		for (unsigned y = 0; y < r->nseq; y++)
			if (hb_after(d, ev, r->seq[y], r->kclock))
				return false;
		return true;
	}
	return !rt_op_dependent(r->kop, qop);
}

/* The count of a spinlock, semaphore or BKL at the end of the reversal,
 * before its last step: at j, then changed by the sequence's steps. */
static bool count_allows(struct dpor *d, const struct rt_event *ev, const struct reversal *r,
			 bool pending_enabled)
{
	const void *obj = r->kop->obj;
	struct objlist *l = obj_find(d, obj, false);
	int count = -1;

	if (l) {
		for (unsigned x = l->n; x-- > 0;) {
			unsigned e = l->ev[x];

			if (e < r->j && ev[e].counted) {
				count = ev[e].count_after;
				break;
			}
		}
		if (count < 0)
			for (unsigned x = 0; x < l->n; x++) {
				unsigned e = l->ev[x];

				if (e >= r->j && ev[e].counted) {
					count = ev[e].count_before;
					break;
				}
			}
	}
	if (count < 0) /* nothing ever touched it: as it is at the end */
		return pending_enabled;
	for (unsigned i = 0; i < r->nseq; i++) {
		const struct rt_event *e = &ev[r->seq[i]];

		if (e->counted && e->op.obj == obj)
			count += e->count_after - e->count_before;
	}
	return count >= 1;
}

/* Index of thread t's last event before position k (its program order). */
static int thread_before(const struct dpor *d, const struct rt_event *ev, unsigned k, unsigned n,
			 int t)
{
	if (k < n)
		return d->prev_thread[k];
	for (unsigned j = n; j-- > 0;)
		if (ev[j].tid == t)
			return (int)j;
	return -1;
}

/* Is event x (after j) in the reversal's sequence, or before j? */
static bool present(const struct dpor *d, const struct rt_event *ev, const struct reversal *r,
		    unsigned x)
{
	return x < r->j || (x != r->j && !hb_after(d, ev, r->j, d->vc[x]));
}

/* Some step of another thread, after `after`, that is present in the
 * reversal and touches what op reads (await) or wakes it (wait queue)? */
static bool enabled_by_present(const struct dpor *d, const struct rt_event *ev,
			       const struct reversal *r, int after, const struct rt_op *probe)
{
	for (unsigned x = (unsigned)(after + 1); x < r->n; x++)
		if (ev[x].tid != r->ktid && present(d, ev, r, x) &&
		    rt_op_dependent(&ev[x].op, probe))
			return true;
	return false;
}

/*
 * Could the reversal's last step run where the sequence puts it?  Steps in
 * the sequence can (none depends on j, and independent steps neither
 * enable nor disable each other); the last one depends on j, and j may be
 * what made it possible.
 */
static bool feasible(struct dpor *d, const struct rt_event *ev, const struct reversal *r,
		     int kindex, bool pending_enabled, int pending_enabler)
{
	const struct rt_op *op = r->kop;
	unsigned end = kindex >= 0 ? (unsigned)kindex : r->n;
	int enabler = kindex >= 0 ? ev[kindex].enabler : pending_enabler;

	if (!rt_op_may_block(op))
		return true;
	switch (op->access) {
	case RT_ACQ:
		return count_allows(d, ev, r, pending_enabled);
	case RT_READ: /* a spawned thread's start: after its spawn */
	case RT_WAIT:
		if (op->prim == RT_P_WQ) {
			/* Woken by a wake_up after its prepare_to_wait. */
			for (int x = thread_before(d, ev, end, r->n, r->ktid); x >= 0;
			     x = d->prev_thread[x])
				if (ev[x].op.obj == op->obj && ev[x].op.access == RT_WRITE) {
					struct rt_op wake = {.obj = op->obj, .access = RT_WAIT};

					return enabled_by_present(d, ev, r, x, &wake);
				}
			return true; /* never queued: nothing to wait for */
		}
		return enabler >= 0 && (unsigned)enabler < r->j;
	case RT_AWAIT: {
		/* Another thread wrote something it read, after it read it. */
		int x = thread_before(d, ev, end, r->n, r->ktid);
		int span_start = x;

		while (span_start >= 0 && ev[span_start].op.prim != RT_P_YIELD &&
		       ev[span_start].op.prim != RT_P_START)
			span_start = d->prev_thread[span_start];
		for (unsigned o = 0; op->await && o < op->await->n; o++) {
			struct rt_op read = {.obj = op->await->obj[o], .access = RT_READ};
			int last_read = -1;

			for (int y = x; y > span_start; y = d->prev_thread[y])
				if (ev[y].op.obj == read.obj &&
				    (ev[y].op.access == RT_READ ||
				     ((ev[y].op.access == RT_TRY || ev[y].op.access == RT_TRY_SH) &&
				      !ev[y].result))) {
					last_read = y;
					break;
				}
			if (last_read >= 0 && enabled_by_present(d, ev, r, last_read, &read))
				return true;
		}
		return false;
	}
	default:
		return true;
	}
}

/* Insert the wakeup sequence into the tree of pending subtrees at node j
 * (JACM 2017, Definition 6.2), unless a subtree already starts an
 * equivalent execution. */
static int *wut_list(struct dpor *d, unsigned jnode, int parent)
{
	return parent < 0 ? &d->path[jnode].wut : &d->pool.n[parent].child;
}

static void wut_insert(struct dpor *d, unsigned jnode, struct vstep *v, unsigned m)
{
	int parent = -1; /* the wakeup node whose children are examined; -1: node j */

	for (;;) {
		int c = *wut_list(d, jnode, parent), descend = -1;

		if (parent >= 0 && c < 0)
			return; /* a sequence already ends here: its execution covers v */
		for (; c >= 0; c = d->pool.n[c].next) {
			const struct wnode *w = &d->pool.n[c];
			int match = -1;
			bool conflict = false;

			for (unsigned i = 0; i < m; i++) {
				if (v[i].tid == w->tid) {
					match = (int)i;
					break;
				}
				if (rt_op_dependent(v[i].op, &w->op)) {
					conflict = true;
					break;
				}
			}
			if (conflict)
				continue;
			/* w is a weak initial of v.  Not in v, it does not touch v:
			 * exploring w covers v too (as Nidhugg's TSOTraceBuilder
			 * decides); in v, v goes on below w without it. */
			if (match < 0 || m == 1)
				return;
			memmove(&v[match], &v[match + 1], (m - (unsigned)match - 1) * sizeof(*v));
			m--;
			descend = c;
			break;
		}
		if (descend < 0)
			break;
		parent = descend;
	}
	/* No subtree is compatible: v becomes a new last one.  (wnode_new may
	 * move the pool: find the list again after each.) */
	int last = -1;
	for (int c = *wut_list(d, jnode, parent); c >= 0; c = d->pool.n[c].next)
		last = c;
	for (unsigned i = 0; i < m; i++) {
		int w = wnode_new(&d->pool, v[i].tid, v[i].op);

		if (i == 0 && last >= 0)
			d->pool.n[last].next = w;
		else if (i == 0)
			*wut_list(d, jnode, parent) = w;
		else
			d->pool.n[parent].child = w;
		parent = w;
	}
}

/* Reverse the race between event j and the step (event or pending op)
 * that closes r, at node `at`. */
/*
 * Under a preemption bound, pruning executions breaks the argument that
 * makes sleep sets and wakeup trees sound: a branch they count on may be
 * cut.  So bounded exploration is Coons et al.'s BPOR on Flanagan and
 * Godefroid's backtrack sets: the thread of k if it can run here, all
 * threads that can otherwise; no sleep sets; an execution that repeats a
 * trace is recognised by the trace's clocks and not counted (dpor_end).
 */
static void bounded_reverse(struct dpor *d, const struct reversal *r, struct node *nj, unsigned at)
{
	uint32_t have = nj->done, add;

	for (int c = nj->wut; c >= 0; c = d->pool.n[c].next)
		have |= bit(d->pool.n[c].tid);
	add = (nj->enabled & bit(r->ktid)) ? bit(r->ktid) : nj->enabled;
	int *tail;
	for (add &= ~have; add; add &= add - 1) {
		int t = lowest(add), w = wnode_new(&d->pool, t, &nj->ops[t]);

		/* A set, not a tree: wut_insert would merge independent
		 * threads, which under a bound are not interchangeable. */
		tail = &d->path[at].wut; /* wnode_new may have moved the pool */
		while (*tail >= 0)
			tail = &d->pool.n[*tail].next;
		*tail = w;
	}
}

/*
 * Inside a work unit (-j, --shard) the prefix's nodes were fully expanded
 * in thread order, and the threads before the unit's own are asleep where
 * it starts, whatever the races said.  Optimal-DPOR's coverage argument
 * does not hold from such a sleep set (a wakeup sequence it counts on can
 * end blocked), so units run Source-DPOR (JACM 2017, Algorithm 1): a
 * backtrack set per node, one initial of the reversal added unless one is
 * there, sleep sets.  Complete executions are still one per trace; some
 * executions end blocked.
 */
static void source_reverse(struct dpor *d, const struct rt_event *ev, const struct reversal *r,
			   struct node *nj, unsigned at)
{
	uint32_t init = 0, have = nj->done;
	unsigned kpos = r->nseq;

	/* Source-DPOR's sequence ends at k: the events before it. */
	for (unsigned i = 0; i < r->nseq; i++)
		if (r->kindex >= 0 && r->seq[i] > (unsigned)r->kindex) {
			kpos = i;
			break;
		}
	for (unsigned i = 0; i <= kpos; i++) {
		int t = i < kpos ? ev[r->seq[i]].tid : r->ktid;
		bool first = !(init & bit(t));

		for (unsigned y = 0; y < i && first; y++)
			if (ev[r->seq[y]].tid == t ||
			    (i < kpos ? hb_after(d, ev, r->seq[y], d->vc[r->seq[i]])
				      : hb_after(d, ev, r->seq[y], r->kclock)))
				first = false;
		if (first)
			init |= bit(t);
	}
	for (int c = nj->wut; c >= 0; c = d->pool.n[c].next)
		have |= bit(d->pool.n[c].tid);
	if (init & have)
		return;
	uint32_t cand = init & nj->enabled;
	int t = (cand & bit(r->ktid)) ? r->ktid : lowest(cand ? cand : init);
	int w = wnode_new(&d->pool, t, &nj->ops[t]);
	int *tail = &d->path[at].wut;
	while (*tail >= 0)
		tail = &d->pool.n[*tail].next;
	*tail = w;
}

static void reverse(struct dpor *d, const struct rt_event *ev, struct reversal *r, unsigned at)
{
	struct node *nj = &d->path[at];

	if (nj->frozen)
		return;
	if (d->bound >= 0) {
		bounded_reverse(d, r, nj, at);
		return;
	}
	if (d->unit.n) {
		source_reverse(d, ev, r, nj, at);
		return;
	}
	uint32_t asleep = (nj->sleep | nj->done) & ~bit(nj->chosen);
	for (int q = 0; asleep; q++, asleep >>= 1) {
		if (!(asleep & 1))
			continue;
		if (weak_initial(d, ev, r, q, &nj->ops[q]))
			return;
	}
	struct vstep v[r->nseq + 1];
	for (unsigned i = 0; i < r->nseq; i++)
		v[i] = (struct vstep){ev[r->seq[i]].tid, &ev[r->seq[i]].op};
	v[r->nseq] = (struct vstep){r->ktid, r->kop};
	wut_insert(d, at, v, r->nseq + 1);
}

/* May another thread run at node i without a preemption: the thread that
 * ran last cannot go on, or gives up the CPU there (a yield)? */
static bool free_switch(const struct node *n)
{
	return n->current < 0 || !(n->enabled & bit(n->current)) ||
	       rt_op_gives_up_cpu(&n->ops[n->current]);
}

/* The latest node at or before j where j's thread took over: the start of
 * its run of steps, or a point inside it where it gave up the CPU. */
static unsigned run_start(const struct dpor *d, unsigned j)
{
	while (j > 0 && d->path[j - 1].chosen == d->path[j].chosen && !free_switch(&d->path[j]))
		j--;
	return j;
}

/* notdep(j) into d->vseq: every event after j, up to n, that does not
 * happen after j (JACM 2017, Algorithm 2), k's own event left out; the
 * count. */
static unsigned notdep(struct dpor *d, const struct rt_event *ev, unsigned j, unsigned n,
		       int kindex)
{
	unsigned nseq = 0;

	for (unsigned y = j + 1; y < n; y++)
		if ((int)y != kindex && !hb_after(d, ev, j, d->vc[y]))
			d->vseq[nseq++] = y;
	return nseq;
}

/*
 * All races whose second step is k (an event, or a pending operation at
 * position n when kindex < 0): each earlier dependent event of another
 * thread that does not already happen before k through a later one.
 */
static void races_with(struct dpor *d, const struct rt_event *ev, unsigned n, int kindex, int ktid,
		       const struct rt_op *kop, const uint32_t *kclock, int kprev,
		       bool pending_enabled, int pending_enabler)
{
	unsigned limit = kindex >= 0 ? (unsigned)kindex : n;
	uint32_t acc[MAXT] = {0};

	if (kprev >= 0)
		memcpy(acc, d->vc[kprev], sizeof(acc));
	unsigned nc = candidates(d, ev, kop, limit);
	unsigned local[64];
	unsigned *cand = nc <= 64 ? local : malloc(nc * sizeof(unsigned));
	if (!cand)
		abort();
	memcpy(cand, d->cand, nc * sizeof(unsigned));
	for (unsigned x = 0; x < nc; x++) {
		unsigned j = cand[x];
		int tj = ev[j].tid;

		if (tj == ktid || acc[tj] >= d->idx[j]) {
			join(acc, d->vc[j]);
			continue;
		}
		/* notdep(j), then k */
		unsigned nseq = notdep(d, ev, j, n, kindex);
		struct reversal r;
		reversal_init(&r, d, ev, j, n, nseq, ktid, kindex, kop);
		bool possible = feasible(d, ev, &r, kindex, pending_enabled, pending_enabler);
		/* Not possible: j made k possible (a release before an acquire,
		 * the wake_up before a wakeup).  k cannot come before j, but it
		 * may come before what j undid, so what happens before j is
		 * still raced with k. */
		if (possible)
			join(acc, d->vc[j]);
		if (j >= d->depth || d->path[j].frozen || (!possible && d->bound < 0))
			continue;
		reverse(d, ev, &r, j);
		if (d->bound >= 0) {
			/* Coons et al.: also where j's run began, so the reversal
			 * needs no preemption: k's thread (or every thread)
			 * there, even when k depends on it (an await that k's
			 * write enables must still see k come first).  And at
			 * every later point of that run before j: k may need to
			 * come in where j's thread had not yet done what k came
			 * to depend on (a lock section's end, a write k's
			 * thread reads), which no race in this execution names. */
			unsigned s = run_start(d, j);

			for (unsigned p = s; ev[s].tid != ktid && p < j; p++) {
				if (d->path[p].frozen)
					continue;
				struct reversal rs;
				reversal_init(&rs, d, ev, p, n, notdep(d, ev, p, n, kindex), ktid,
					      kindex, kop);
				reverse(d, ev, &rs, p);
			}
		}
	}
	if (cand != local)
		free(cand);
}

static void analyse(struct dpor *d, const struct rt_result *res, const struct rt_event *ev,
		    unsigned n)
{

	if (n > d->depth)
		n = d->depth;
	grow_scratch(d, n + 2);
	index_objects(d, ev, n);
	build_clocks(d, ev, n, d->new_from < d->analysed ? d->new_from : d->analysed);
	d->analysed = n;
	/* Every race of the execution, also those between replayed events:
	 * the sequence that reverses one runs to the end of the execution,
	 * whose end is new. */
	for (unsigned k = 0; k < n; k++) {
		const struct rt_op *op = &ev[k].op;

		if (!op->obj && op->access != RT_AWAIT)
			continue;
		races_with(d, ev, n, (int)k, ev[k].tid, op, d->vc[k], d->prev_thread[k], false, -1);
	}
	/* What threads were about to do when the execution ended with them
	 * blocked for good, or when it ended sleep-set blocked: there the
	 * threads not asleep are blocked, and a race between what blocked
	 * one (a down() that took the semaphore) and the step it waits to
	 * take is one no other execution of this unit shows (the equivalent
	 * execution that goes on, with the sleeping thread, belongs to an
	 * earlier unit, which cannot reverse a race above its border).  A
	 * cut at the step bound or another abandoned branch is not an end. */
	if ((res->abandoned && !d->sleep_blocked) || res->step_bound || n < res->steps)
		return;
	for (int t = 0; t < res->nthreads && t < MAXT; t++) {
		if (!(res->pending_mask & bit(t)))
			continue;
		const struct rt_op *op = &res->pending[t];
		uint32_t clock[MAXT];
		int prev = thread_before(d, ev, n, n, t);
		uint32_t idx = prev >= 0 ? d->idx[prev] + 1 : 1;

		clock_of(d, ev, n, t, prev, op, idx, clock);
		races_with(d, ev, n, -1, t, op, clock, prev, (res->pending_enabled & bit(t)) != 0,
			   res->pending_enabler[t]);
	}
}

/* Discard the nodes below depth i, with any wakeup subtrees they hold. */
static void drop_below(struct dpor *d, unsigned i)
{
	for (unsigned k = i; k < d->depth; k++) {
		wnode_free_list(&d->pool, d->path[k].wut);
		wnode_free_list(&d->pool, d->path[k].follow);
		d->path[k].wut = d->path[k].follow = -1;
	}
}

/* A trace is its events with their happens-before clocks: the same in
 * every execution of the trace, different in any other. */
static uint64_t trace_key(const struct dpor *d, const struct rt_event *ev, unsigned n)
{
	uint64_t h = 0x5bd1e9955bd1e995ull;

	for (unsigned k = 0; k < n; k++) {
		uint64_t e = mix((uint64_t)ev[k].tid, d->idx[k]);

		for (int u = 0; u < MAXT; u++)
			e = mix(e, d->vc[k][u]);
		h += e; /* order-free: equivalent executions list events in another order */
	}
	return mix(h, n);
}

static void dpor_end(void *p, const struct rt_result *r, const struct rt_event *ev, unsigned n)
{
	struct dpor *d = p;

	if (d->diverged)
		return;
	analyse(d, r, ev, n);
	if (d->bound >= 0 && !r->abandoned) {
		unsigned long before = d->traces.n;

		hashset_add(&d->traces, trace_key(d, ev, n < d->depth ? n : d->depth));
		d->last_pruned |= d->traces.n == before; /* a trace seen before */
	}
	/* Backtrack: the deepest node with a wakeup subtree left. */
	for (unsigned i = d->depth; i-- > 0;) {
		struct node *nd = &d->path[i];

		if (nd->frozen)
			break;
		wnode_free_list(&d->pool, nd->follow);
		nd->follow = -1;
		while (nd->wut >= 0) {
			int q = follow_wakeup(d, nd, nd->wut);
			bool pre = nd->current >= 0 && nd->current != q &&
				   (nd->enabled & bit(nd->current)) &&
				   !rt_op_gives_up_cpu(&nd->ops[nd->current]);

			if (!(nd->enabled & bit(q)) || ((nd->done | nd->sleep) & bit(q)) ||
			    (d->bound >= 0 && nd->preemptions + pre > d->bound)) {
				if (d->bound >= 0 && nd->preemptions + pre > d->bound)
					d->pruned_by_bound = true;
				wnode_free_list(&d->pool, nd->follow);
				nd->follow = -1;
				continue;
			}
			nd->done |= bit(q);
			nd->chosen = (uint8_t)q;
			nd->preempt = pre;
			drop_below(d, i + 1);
			d->replay_len = i + 1;
			d->depth = i + 1;
			d->new_from = i;
			return;
		}
	}
	drop_below(d, 0);
	d->exhausted = true;
}

/* An execution the preemption bound cut short is outside the space, not a
 * blocked one. */
static bool dpor_counted(void *p)
{
	return !((struct dpor *)p)->last_pruned;
}

static bool dpor_complete(void *p)
{
	struct dpor *d = p;

	return d->exhausted && !d->diverged;
}

static void dpor_bounds(void *p, char *buf, unsigned len)
{
	struct dpor *d = p;

	if (d->bound >= 0)
		snprintf(buf, len, "preemptions<=%d (bounded POR, Coons et al. 2013)", d->bound);
	else
		snprintf(buf, len, "none (all Mazurkiewicz traces)");
}

static void dpor_covers(void *p, char *buf, unsigned len)
{
	struct dpor *d = p;

	if (d->bound >= 0)
		snprintf(buf, len, "traces with a schedule of at most %d preemption%s", d->bound,
			 d->bound == 1 ? "" : "s");
	else
		snprintf(buf, len, "Mazurkiewicz traces");
}

const struct strategy_ops ex_dpor_ops = {
    .name = "dpor",
    .splits = true,
    .create = dpor_create,
    .destroy = dpor_destroy,
    .begin = dpor_begin,
    .choose = dpor_choose,
    .end = dpor_end,
    .complete = dpor_complete,
    .bounds = dpor_bounds,
    .covers = dpor_covers,
    .counted = dpor_counted,
};
