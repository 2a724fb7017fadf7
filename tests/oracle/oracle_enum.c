/*
 * oracle_enum.c - every interleaving of a test program, interpreted here.
 *
 * The interpreter follows docs/runtime.md step for step: which steps each
 * primitive takes, when a step can run, what it changes, the retry-loop
 * rule (a yield after a turn that only read waits until another thread
 * writes what it read), fatal reports ending the execution at the step
 * they came from.  A depth-first search runs every enabled thread at every
 * state; at each end it classifies the execution (oracle_trace.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oracle_enum.h"
#include "oracle_trace.h"

/* Abstract object numbers: the dependency relation only compares them. */
enum {
	O_VAR = 16,
	O_CNT = 32,
	O_ATOM = 48,
	O_LOCK = 64,
	O_SEM = 80,
	O_RWSEM = 96,
	O_BKL = 112,
	O_WQ = 128,
	O_SLAB = 144, /* 16 bytes: a free covers O_SLAB .. O_SLAB+15 */
	O_TOKEN = 160,
	N_LOCKOBJ = 176 /* lock balance is kept for objects below this */
};

#define SEM_LIMIT  8
#define MAX_EVENTS 256
#define SPAN_MAX   16
#define SET_MAX	   16

/* A step a thread announced and will perform when chosen. */
struct step {
	enum or_kind kind;
	uintptr_t obj;
	unsigned long size;
	bool yield; /* a cpu_relax(): switching away is no preemption */
	bool start; /* the thread's first step */
	bool rwsem_wait;
	uintptr_t set[SET_MAX];
	int nset;
};

struct section {
	int end;
	enum prog_kind close; /* the op that closes it: P_UNLOCK, P_UP, P_UP_READ */
	int x;
};

struct othread {
	bool exists, done;
	int code, pc, end;
	struct section close[8];
	int nclose;
	int phase;
	int reg, val, tries, saved_bkl, bkl_depth, spin_held;
	int incs[PROG_VARS];
	bool granted;
	struct step next;
	/* retry loops: since the last yield */
	bool impure;
	signed char bal[N_LOCKOBJ];
	uintptr_t span[SPAN_MAX];
	bool changed[SPAN_MAX];
	int nspan;
};

struct ostate {
	struct othread t[PROG_THREADS];
	int nthreads;
	int var[PROG_VARS], cnt[PROG_VARS], atom[PROG_VARS];
	int lock_owner[PROG_LOCKS];
	int sem[PROG_SEMS];
	int rw_readers, rw_writer, rwq[PROG_THREADS], nrwq;
	bool rwq_w[PROG_THREADS];
	int bkl_owner;
	uint32_t waiters;
	bool freed;
	int reg_final[PROG_THREADS];
	unsigned kinds; /* bit per kind name in kind_names: before any death */
	int killed;	/* threads a fatal report killed */
	int last;	/* thread of the last step */
	int preemptions;
};

static const char *const kind_names[ORACLE_KINDS] = {
    "bug",	"deadlock",    "double-free",	  "gave-up",
    "livelock", "lost-update", "sleep-in-atomic", "use-after-free",
};

enum { K_BUG, K_DEADLOCK, K_DOUBLE_FREE, K_GAVE_UP, K_LIVELOCK, K_LOST, K_SLEEP, K_UAF };

struct hset {
	uint64_t *v;
	unsigned long n, cap;
};

struct ctx {
	const struct prog *p;
	int bound;
	unsigned long limit;
	struct oracle_result *r;
	/* the execution so far */
	struct or_event ev[MAX_EVENTS];
	uintptr_t sets[MAX_EVENTS][SET_MAX];
	int nev;
	unsigned kinds, kinds_within;
	struct hset traces, states, within;
	struct ostate *stack;
};

static void hset_add(struct hset *h, uint64_t v)
{
	if (!v)
		v = 1;
	if ((h->n + 1) * 2 > h->cap) {
		unsigned long nc = h->cap ? h->cap * 2 : 256;
		uint64_t *nv = calloc(nc, sizeof(*nv));

		if (!nv)
			abort();
		for (unsigned long i = 0; i < h->cap; i++)
			if (h->v[i]) {
				unsigned long j = (h->v[i] * 0x9e3779b97f4a7c15ull) & (nc - 1);
				while (nv[j])
					j = (j + 1) & (nc - 1);
				nv[j] = h->v[i];
			}
		free(h->v);
		h->v = nv;
		h->cap = nc;
	}
	unsigned long j = (v * 0x9e3779b97f4a7c15ull) & (h->cap - 1);
	while (h->v[j] && h->v[j] != v)
		j = (j + 1) & (h->cap - 1);
	if (!h->v[j]) {
		h->v[j] = v;
		h->n++;
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The set's values, sorted, in a new array. */
static uint64_t *hset_sorted(const struct hset *h)
{
	uint64_t *out = malloc((h->n + 1) * sizeof(*out));
	unsigned long k = 0;

	if (!out)
		abort();
	for (unsigned long i = 0; i < h->cap; i++)
		if (h->v[i])
			out[k++] = h->v[i];
	qsort(out, k, sizeof(*out), cmp_u64);
	return out;
}

uint64_t prog_state_hash(const int *var, const int *cnt, const int *atom, const int *reg,
			 int nthreads)
{
	uint64_t h = 1469598103934665603ull;

	for (int i = 0; i < PROG_VARS; i++) {
		h = (h ^ (uint64_t)(unsigned)var[i]) * 1099511628211ull;
		h = (h ^ (uint64_t)(unsigned)cnt[i]) * 1099511628211ull;
		h = (h ^ (uint64_t)(unsigned)atom[i]) * 1099511628211ull;
	}
	for (int t = 0; t < nthreads; t++)
		h = (h ^ (uint64_t)(unsigned)reg[t]) * 1099511628211ull;
	return h;
}

/* ---- the interpreter ---- */

static const struct prog_op *op_at(const struct ctx *c, const struct othread *t)
{
	return &c->p->t[t->code].op[t->pc];
}

/* What a report found.  (A report after a death is still a finding: the
 * order of independent reports is no property of a trace.) */
static void report(struct ostate *s, int kind)
{
	s->kinds |= 1u << kind;
}

/* A fatal report kills the thread in the step it was in, as an Oops
 * kills the current task; the other threads go on. */
static void fatal(struct ctx *c, struct ostate *s, int tid, int kind)
{
	report(s, kind);
	s->killed++;
	s->t[tid].done = true;
	if (c->nev > 0)
		c->ev[c->nev - 1].fatal = true;
}

static void announce(struct othread *t, enum or_kind kind, uintptr_t obj)
{
	memset(&t->next, 0, sizeof(t->next));
	t->next.kind = kind;
	t->next.obj = obj;
}

/* May this thread sleep now?  Holding a spinlock it may not: fatal. */
static bool may_sleep(struct ctx *c, struct ostate *s, struct othread *t)
{
	if (t->spin_held > 0) {
		fatal(c, s, (int)(t - s->t), K_SLEEP);
		return false;
	}
	return true;
}

static void span_reset(struct othread *t)
{
	t->impure = false;
	memset(t->bal, 0, sizeof(t->bal));
	t->nspan = 0;
}

static void span_read(struct othread *t, uintptr_t obj)
{
	for (int i = 0; i < t->nspan; i++)
		if (t->span[i] == obj) {
			t->changed[i] = false;
			return;
		}
	if (t->nspan < SPAN_MAX) {
		t->span[t->nspan] = obj;
		t->changed[t->nspan++] = false;
	}
}

static bool pure(const struct othread *t)
{
	if (t->impure)
		return false;
	for (int i = 0; i < N_LOCKOBJ; i++)
		if (t->bal[i])
			return false;
	return true;
}

/* Run t's own code up to its next step: sets t->next, or t->done. */
static void advance(struct ctx *c, struct ostate *s, int tid)
{
	struct othread *t = &s->t[tid];

	for (;;) {
		if (t->nclose && t->pc == t->close[t->nclose - 1].end) {
			const struct section *sec = &t->close[t->nclose - 1];

			t->phase = -1; /* closing a section */
			announce(t,
				 sec->close == P_UNLOCK ? OR_REL
				 : sec->close == P_UP	? OR_REL
							: OR_REL_SH,
				 sec->close == P_UNLOCK ? O_LOCK + sec->x
				 : sec->close == P_UP	? O_SEM + sec->x
							: O_RWSEM);
			return;
		}
		if (t->pc >= t->end) {
			t->done = true;
			s->reg_final[tid] = t->reg;
			return;
		}
		const struct prog_op *op = op_at(c, t);
		switch (op->kind) {
		case P_READ:
			announce(t, OR_READ, O_VAR + op->x);
			return;
		case P_WRITE:
			announce(t, OR_WRITE, O_VAR + op->x);
			return;
		case P_INC:
			announce(t, t->phase ? OR_WRITE : OR_READ, O_CNT + op->x);
			return;
		case P_ATOMIC_INC:
			announce(t, OR_WRITE, O_ATOM + op->x);
			return;
		case P_LOCK:
			announce(t, OR_ACQ, O_LOCK + op->x);
			return;
		case P_UNLOCK:
			announce(t, OR_REL, O_LOCK + op->x);
			return;
		case P_TRYLOCK:
			announce(t, OR_TRY, O_LOCK + op->x);
			return;
		case P_DOWN:
			/* With the BKL held: a try first; on failure schedule()
			 * drops the BKL around the sleeping acquire (phases 1-3). */
			if (t->phase == 0 && !may_sleep(c, s, t))
				return;
			if (t->phase == 0 && t->bkl_depth > 0)
				announce(t, OR_TRY, O_SEM + op->x);
			else if (t->phase == 1)
				announce(t, OR_REL, O_BKL);
			else if (t->phase == 3)
				announce(t, OR_ACQ, O_BKL);
			else
				announce(t, OR_ACQ, O_SEM + op->x);
			return;
		case P_UP:
			announce(t, OR_REL, O_SEM + op->x);
			return;
		case P_DOWN_TRYLOCK:
			announce(t, OR_TRY, O_SEM + op->x);
			return;
		case P_DOWN_READ:
		case P_DOWN_WRITE:
			if (t->phase == 0) {
				if (!may_sleep(c, s, t))
					return;
				announce(t, op->kind == P_DOWN_READ ? OR_ACQ_SH : OR_ACQ, O_RWSEM);
			} else {
				announce(t, OR_WAIT, O_RWSEM);
				t->next.rwsem_wait = true;
			}
			return;
		case P_UP_READ:
			announce(t, OR_REL_SH, O_RWSEM);
			return;
		case P_UP_WRITE:
			announce(t, OR_REL, O_RWSEM);
			return;
		case P_DOWN_READ_TRYLOCK:
			announce(t, OR_TRY_SH, O_RWSEM);
			return;
		case P_LOCK_KERNEL:
			if (t->bkl_depth > 0) {
				t->bkl_depth++;
				t->pc++;
				continue;
			}
			announce(t, OR_ACQ, O_BKL);
			return;
		case P_UNLOCK_KERNEL:
			if (t->bkl_depth > 1) {
				t->bkl_depth--;
				t->pc++;
				continue;
			}
			announce(t, OR_REL, O_BKL);
			return;
		case P_SLEEP_ON:
			if (t->phase == 0) { /* prepare_to_wait; then as wait_event */
				announce(t, OR_WRITE, O_WQ + op->x);
				return;
			}
			/* fall through */
		case P_WAIT_EVENT:
			switch (t->phase) {
			case 0: /* prepare_to_wait */
			case 2: /* finish_wait */
				announce(t, OR_WRITE, O_WQ + op->x);
				return;
			case 1: /* the condition */
				announce(t, OR_READ, O_VAR + op->y);
				return;
			case 3: /* schedule(): drops the BKL first */
				if (!may_sleep(c, s, t))
					return;
				if (t->bkl_depth > 0) {
					announce(t, OR_REL, O_BKL);
					return;
				}
				t->phase = 4;
				continue;
			case 4:
				announce(t, OR_WAIT, O_WQ + op->x);
				return;
			case 5: /* takes the BKL back */
				if (t->saved_bkl) {
					announce(t, OR_ACQ, O_BKL);
					return;
				}
				t->phase = 0;
				if (op->kind == P_SLEEP_ON) /* no loop: woken, it goes on */
					t->pc++;
				continue;
			}
			return;
		case P_WAKE:
			announce(t, OR_WAKE, O_WQ + op->x);
			return;
		case P_SPIN_UNTIL:
			if (t->phase == 0) {
				announce(t, OR_READ, O_VAR + op->x);
			} else {
				announce(t, OR_NONE, 0);
				t->next.yield = true;
				if (pure(t)) {
					t->next.kind = OR_AWAIT;
					for (int i = 0; i < t->nspan; i++)
						t->next.set[t->next.nset++] = t->span[i];
					/* sorted, as the runtime interns its sets */
					for (int i = 1; i < t->next.nset; i++)
						for (int j = i;
						     j > 0 && t->next.set[j - 1] > t->next.set[j];
						     j--) {
							uintptr_t x = t->next.set[j];
							t->next.set[j] = t->next.set[j - 1];
							t->next.set[j - 1] = x;
						}
				}
			}
			return;
		case P_RETRY:
		case P_BUG_IF_ZERO:
			announce(t, OR_READ, O_VAR + op->x);
			return;
		case P_SCAN:
			announce(t, OR_READ, O_VAR + (uintptr_t)(op->x - t->phase));
			return;
		case P_FREE:
			announce(t, OR_WRITE, O_SLAB);
			t->next.size = 16;
			return;
		case P_READ_OBJ:
			announce(t, OR_READ, O_SLAB);
			return;
		case P_SPAWN:
			announce(t, OR_WRITE, O_TOKEN);
			return;
		default:
			abort();
		}
	}
}

static bool enabled(const struct ostate *s, int tid)
{
	const struct othread *t = &s->t[tid];
	const struct step *st = &t->next;

	if (!t->exists || t->done)
		return false;
	switch (st->kind) {
	case OR_ACQ:
		if (st->obj >= O_LOCK && st->obj < O_LOCK + PROG_LOCKS)
			return s->lock_owner[st->obj - O_LOCK] < 0;
		if (st->obj >= O_SEM && st->obj < O_SEM + PROG_SEMS)
			return s->sem[st->obj - O_SEM] > 0;
		if (st->obj == O_BKL)
			return s->bkl_owner < 0 || s->bkl_owner == tid;
		return true; /* rwsem: take or queue */
	case OR_WAIT:
		if (st->rwsem_wait)
			return t->granted;
		return !(s->waiters & (1u << tid));
	case OR_AWAIT:
		for (int i = 0; i < t->nspan; i++)
			if (t->changed[i])
				return true;
		return false;
	default:
		return true;
	}
}

static bool write_like(enum or_kind k)
{
	return k == OR_WRITE || k == OR_ACQ || k == OR_TRY || k == OR_REL || k == OR_ACQ_SH ||
	       k == OR_TRY_SH || k == OR_REL_SH;
}

/* What a step does to the retry-loop bookkeeping of its own thread, and to
 * what the other threads read. */
static void span_step(struct ostate *s, int tid, const struct step *st, bool succeeded)
{
	struct othread *t = &s->t[tid];

	switch (st->kind) {
	case OR_READ:
		if (!st->start)
			span_read(t, st->obj);
		break;
	case OR_TRY:
	case OR_TRY_SH:
		if (succeeded)
			t->bal[st->obj]++;
		else
			span_read(t, st->obj);
		break;
	case OR_ACQ:
	case OR_ACQ_SH:
		t->bal[st->obj]++;
		break;
	case OR_REL:
	case OR_REL_SH:
		t->bal[st->obj]--;
		break;
	case OR_WAIT:
		if (!st->rwsem_wait)
			t->impure = true;
		break;
	case OR_WRITE:
	case OR_WAKE:
		t->impure = true;
		break;
	case OR_AWAIT:
		span_reset(t);
		break;
	case OR_NONE:
		if (st->yield)
			span_reset(t);
		break;
	}
	if (!st->obj || !write_like(st->kind))
		return;
	for (int u = 0; u < s->nthreads; u++) {
		struct othread *o = &s->t[u];

		if (u == tid || o->done)
			continue;
		for (int i = 0; i < o->nspan; i++) {
			uintptr_t a = o->span[i];

			if (a >= st->obj && a < st->obj + (st->size ? st->size : 1))
				o->changed[i] = true;
		}
	}
}

static void rw_grant(struct ostate *s)
{
	int n = 0;

	if (s->rw_readers || s->rw_writer >= 0 || !s->nrwq)
		return;
	if (s->rwq_w[0]) {
		s->rw_writer = s->rwq[0];
		s->t[s->rwq[0]].granted = true;
		n = 1;
	} else {
		while (n < s->nrwq && !s->rwq_w[n]) {
			s->rw_readers++;
			s->t[s->rwq[n]].granted = true;
			n++;
		}
	}
	s->nrwq -= n;
	memmove(s->rwq, s->rwq + n, (size_t)s->nrwq * sizeof(int));
	memmove(s->rwq_w, s->rwq_w + n, (size_t)s->nrwq * sizeof(bool));
}

static void push_event(struct ctx *c, int tid, const struct step *st)
{
	struct or_event *e = &c->ev[c->nev];

	if (c->nev >= MAX_EVENTS)
		abort();
	memset(e, 0, sizeof(*e));
	e->tid = tid;
	e->kind = st->kind;
	e->obj = st->obj;
	e->size = st->size;
	if (st->kind == OR_AWAIT) {
		memcpy(c->sets[c->nev], st->set, sizeof(st->set));
		e->set = c->sets[c->nev];
		e->nset = (unsigned)st->nset;
	}
	c->nev++;
}

static void start_thread(struct ostate *s, int tid, int code, int from, int to, bool spawned)
{
	struct othread *t = &s->t[tid];

	memset(t, 0, sizeof(*t));
	t->exists = true;
	t->code = code;
	t->pc = from;
	t->end = to;
	announce(t, spawned ? OR_READ : OR_NONE, spawned ? O_TOKEN : 0);
	t->next.start = true;
	if (tid >= s->nthreads)
		s->nthreads = tid + 1;
}

/* Perform t's announced step, then run its code to the next one. */
static void perform(struct ctx *c, struct ostate *s, int tid)
{
	struct othread *t = &s->t[tid];
	struct step st = t->next;
	bool ok = true; /* trylocks: acquired */

	push_event(c, tid, &st);
	s->last = tid;
	if (st.start) {
		span_step(s, tid, &st, true);
		advance(c, s, tid);
		return;
	}
	if (t->phase == -1) { /* closing a section */
		const struct section *sec = &t->close[--t->nclose];

		if (sec->close == P_UNLOCK) {
			s->lock_owner[sec->x] = -1;
			t->spin_held--;
		} else if (sec->close == P_UP) {
			s->sem[sec->x]++;
		} else {
			s->rw_readers--;
			rw_grant(s);
		}
		t->phase = 0;
		span_step(s, tid, &st, true);
		advance(c, s, tid);
		return;
	}
	const struct prog_op *op = op_at(c, t);
	int pc = t->pc;
	switch (op->kind) {
	case P_READ:
		t->reg = t->reg * 3 + s->var[op->x] + 1;
		t->pc++;
		break;
	case P_WRITE:
		s->var[op->x] = t->reg * 5 + tid * 7 + pc + 1;
		t->pc++;
		break;
	case P_INC:
		if (t->phase == 0) {
			t->val = s->cnt[op->x];
			t->phase = 1;
		} else {
			s->cnt[op->x] = t->val + 1;
			t->incs[op->x]++;
			t->phase = 0;
			t->pc++;
		}
		break;
	case P_ATOMIC_INC:
		s->atom[op->x]++;
		t->pc++;
		break;
	case P_LOCK:
		s->lock_owner[op->x] = tid;
		t->spin_held++;
		t->pc++;
		break;
	case P_UNLOCK:
		s->lock_owner[op->x] = -1;
		t->spin_held--;
		t->pc++;
		break;
	case P_TRYLOCK:
		ok = s->lock_owner[op->x] < 0;
		if (ok) {
			s->lock_owner[op->x] = tid;
			t->spin_held++;
			t->close[t->nclose++] = (struct section){op->body_end, P_UNLOCK, op->x};
			t->pc++;
		} else {
			t->pc = op->body_end;
		}
		break;
	case P_DOWN:
		if (t->phase == 0 && t->bkl_depth > 0) {
			ok = s->sem[op->x] > 0;
			if (ok) {
				s->sem[op->x]--;
				t->pc++;
			} else {
				t->phase = 1;
			}
		} else if (t->phase == 1) { /* drop the BKL */
			t->saved_bkl = t->bkl_depth;
			t->bkl_depth = 0;
			s->bkl_owner = -1;
			t->phase = 2;
		} else if (t->phase == 3) { /* take it back */
			s->bkl_owner = tid;
			t->bkl_depth = t->saved_bkl;
			t->saved_bkl = 0;
			t->phase = 0;
			t->pc++;
		} else {
			s->sem[op->x]--;
			if (t->phase == 2)
				t->phase = 3;
			else
				t->pc++;
		}
		break;
	case P_UP:
		s->sem[op->x]++;
		t->pc++;
		break;
	case P_DOWN_TRYLOCK:
		ok = s->sem[op->x] > 0;
		if (ok) {
			s->sem[op->x]--;
			t->close[t->nclose++] = (struct section){op->body_end, P_UP, op->x};
			t->pc++;
		} else {
			t->pc = op->body_end;
		}
		break;
	case P_DOWN_READ:
	case P_DOWN_WRITE:
		if (t->phase == 0) {
			bool w = op->kind == P_DOWN_WRITE;
			bool now = w ? !s->rw_readers && s->rw_writer < 0 && !s->nrwq
				     : s->rw_writer < 0 && !s->nrwq;
			if (now) {
				if (w)
					s->rw_writer = tid;
				else
					s->rw_readers++;
				t->pc++;
			} else {
				s->rwq[s->nrwq] = tid;
				s->rwq_w[s->nrwq++] = w;
				t->granted = false;
				t->phase = 1;
			}
		} else {
			t->granted = false;
			t->phase = 0;
			t->pc++;
		}
		break;
	case P_UP_READ:
		s->rw_readers--;
		rw_grant(s);
		t->pc++;
		break;
	case P_UP_WRITE:
		s->rw_writer = -1;
		rw_grant(s);
		t->pc++;
		break;
	case P_DOWN_READ_TRYLOCK:
		ok = s->rw_writer < 0 && !s->nrwq;
		if (ok) {
			s->rw_readers++;
			t->close[t->nclose++] = (struct section){op->body_end, P_UP_READ, 0};
			t->pc++;
		} else {
			t->pc = op->body_end;
		}
		break;
	case P_LOCK_KERNEL:
		s->bkl_owner = tid;
		t->bkl_depth = 1;
		t->pc++;
		break;
	case P_UNLOCK_KERNEL:
		s->bkl_owner = -1;
		t->bkl_depth = 0;
		t->pc++;
		break;
	case P_SLEEP_ON:
		if (t->phase == 0) {
			s->waiters |= 1u << tid;
			t->phase = 3;
			break;
		}
		/* fall through */
	case P_WAIT_EVENT:
		switch (t->phase) {
		case 0:
			s->waiters |= 1u << tid;
			t->phase = 1;
			break;
		case 1:
			t->phase = s->var[op->y] ? 2 : 3;
			break;
		case 2:
			s->waiters &= ~(1u << tid);
			t->phase = 0;
			t->pc++;
			break;
		case 3:
			t->saved_bkl = t->bkl_depth;
			t->bkl_depth = 0;
			s->bkl_owner = -1;
			t->phase = 4;
			break;
		case 4:
			t->phase = 5;
			break;
		case 5:
			s->bkl_owner = tid;
			t->bkl_depth = t->saved_bkl;
			t->saved_bkl = 0;
			t->phase = 0;
			if (op->kind == P_SLEEP_ON)
				t->pc++;
			break;
		}
		break;
	case P_WAKE:
		s->waiters = 0;
		t->pc++;
		break;
	case P_SPIN_UNTIL:
		if (t->phase == 0) {
			if (s->var[op->x])
				t->pc++;
			else
				t->phase = 1;
		} else {
			t->phase = 0;
		}
		break;
	case P_SCAN:
		if (!s->var[op->x - t->phase] || op->x - t->phase == 0) {
			t->phase = 0;
			t->pc++;
		} else {
			t->phase++;
		}
		break;
	case P_RETRY:
		if (s->var[op->x]) {
			t->tries = 0;
			t->pc++;
		} else if (++t->tries == op->y) {
			report(s, K_GAVE_UP);
			t->tries = 0;
			t->pc++;
		}
		break;
	case P_FREE:
		if (s->freed) {
			span_step(s, tid, &st, true);
			fatal(c, s, tid, K_DOUBLE_FREE);
			return;
		}
		s->freed = true;
		t->pc++;
		break;
	case P_READ_OBJ:
		if (s->freed) {
			span_step(s, tid, &st, true);
			fatal(c, s, tid, K_UAF);
			return;
		}
		t->reg = t->reg * 3 + 7;
		t->pc++;
		break;
	case P_BUG_IF_ZERO:
		if (!s->var[op->x]) {
			span_step(s, tid, &st, true);
			fatal(c, s, tid, K_BUG);
			return;
		}
		t->pc++;
		break;
	case P_SPAWN: {
		int child = s->nthreads;

		t->pc = op->body_end;
		start_thread(s, child, t->code, pc + 1, op->body_end, true);
		break;
	}
	default:
		abort();
	}
	span_step(s, tid, &st, ok);
	advance(c, s, tid);
}

/* ---- the search ---- */

static bool is_preemption(const struct ostate *s, int next)
{
	int cur = s->last;

	return cur >= 0 && cur != next && enabled(s, cur) && !s->t[cur].next.yield;
}

/* Debugging aid: ORACLE_SHOW=<key in hex> prints every interleaving of
 * that trace (thread, step kind, object per step) with its preemptions. */
static void show_if_asked(const struct ctx *c, uint64_t key, int preemptions)
{
	const char *want = getenv("ORACLE_SHOW");

	if (!want || strtoull(want, NULL, 16) != key)
		return;
	printf("  trace %016llx, %d preemptions:", (unsigned long long)key, preemptions);
	for (int k = 0; k < c->nev; k++)
		printf(" %d:%d/%lx", c->ev[k].tid, (int)c->ev[k].kind, (unsigned long)c->ev[k].obj);
	printf("\n");
}

static void leaf(struct ctx *c, struct ostate *s, bool completed)
{
	struct oracle_result *r = c->r;

	if (completed) {
		for (int x = 0; x < PROG_VARS; x++) {
			int sum = 0;

			for (int t = 0; t < s->nthreads; t++)
				sum += s->t[t].incs[x];
			if (s->cnt[x] != sum)
				s->kinds |= 1u << K_LOST;
		}
	}
	r->interleavings++;
	c->kinds |= s->kinds;
	uint64_t key = or_trace_key(c->ev, (unsigned)c->nev, NULL);
	hset_add(&c->traces, key);
	show_if_asked(c, key, s->preemptions);
	hset_add(&c->states, prog_state_hash(s->var, s->cnt, s->atom, s->reg_final, PROG_THREADS));
	if (c->bound >= 0 && s->preemptions <= c->bound) {
		r->schedules_within++;
		c->kinds_within |= s->kinds;
		hset_add(&c->within, key);
	}
}

static void search(struct ctx *c, int depth)
{
	struct ostate *s = &c->stack[depth];

	if (c->limit && c->r->interleavings >= c->limit) {
		c->r->truncated = true;
		return;
	}
	uint32_t en = 0;
	bool all_done = true;
	for (int t = 0; t < s->nthreads; t++) {
		if (s->t[t].exists && !s->t[t].done)
			all_done = false;
		if (enabled(s, t))
			en |= 1u << t;
	}
	if (!en) {
		if (!all_done) {
			bool spinning = false;

			for (int t = 0; t < s->nthreads; t++)
				if (s->t[t].exists && !s->t[t].done &&
				    s->t[t].next.kind == OR_AWAIT)
					spinning = true;
			report(s, spinning ? K_LIVELOCK : K_DEADLOCK);
		}
		leaf(c, s, all_done && !s->killed);
		return;
	}
	for (int t = 0; t < s->nthreads; t++) {
		if (!(en & (1u << t)))
			continue;
		struct ostate *ns = &c->stack[depth + 1];
		int nev = c->nev;

		*ns = *s;
		ns->preemptions += is_preemption(s, t);
		perform(c, ns, t);
		search(c, depth + 1);
		for (int k = nev; k < c->nev; k++)
			c->ev[k].fatal = false;
		c->nev = nev;
	}
}

void oracle_run(const struct prog *p, int bound, unsigned long limit, struct oracle_result *r)
{
	struct ctx *c = calloc(1, sizeof(*c));

	if (!c)
		abort();
	memset(r, 0, sizeof(*r));
	r->bound = bound;
	c->p = p;
	c->bound = bound;
	c->limit = limit;
	c->r = r;
	c->stack = calloc(MAX_EVENTS + 2, sizeof(*c->stack));
	if (!c->stack)
		abort();
	struct ostate *s = &c->stack[0];
	s->last = -1;
	s->rw_writer = -1;
	s->bkl_owner = -1;
	for (int i = 0; i < PROG_LOCKS; i++)
		s->lock_owner[i] = -1;
	for (int i = 0; i < PROG_SEMS; i++)
		s->sem[i] = p->sem_init[i];
	for (int t = 0; t < p->nthreads; t++)
		start_thread(s, t, t, 0, p->t[t].nops, false);
	search(c, 0);
	for (int k = 0; k < ORACLE_KINDS && kind_names[k]; k++) {
		if (c->kinds & (1u << k))
			snprintf(r->kinds[r->nkinds++], sizeof(r->kinds[0]), "%s", kind_names[k]);
		if (c->kinds_within & (1u << k))
			snprintf(r->kinds_within[r->nkinds_within++], sizeof(r->kinds[0]), "%s",
				 kind_names[k]);
	}
	r->traces = c->traces.n;
	r->trace_keys = hset_sorted(&c->traces);
	r->nstates = c->states.n;
	r->states = hset_sorted(&c->states);
	r->traces_within = c->within.n;
	r->traces_within_keys = hset_sorted(&c->within);
	free(c->traces.v);
	free(c->states.v);
	free(c->within.v);
	free(c->stack);
	free(c);
}

void oracle_result_free(struct oracle_result *r)
{
	free(r->trace_keys);
	free(r->states);
	free(r->traces_within_keys);
	memset(r, 0, sizeof(*r));
}
