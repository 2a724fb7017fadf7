/*
 * prog.c - the text form of test programs, and a generator of random ones.
 */
#include <stdio.h>
#include <string.h>

#include "prog.h"

struct mnemonic {
	char c;
	enum prog_kind kind;
	int args;  /* digits after the letter */
	bool body; /* a {...} follows */
};

static const struct mnemonic mnemonics[] = {
    {'r', P_READ, 1, false},
    {'w', P_WRITE, 1, false},
    {'i', P_INC, 1, false},
    {'a', P_ATOMIC_INC, 1, false},
    {'L', P_LOCK, 1, false},
    {'U', P_UNLOCK, 1, false},
    {'t', P_TRYLOCK, 1, true},
    {'D', P_DOWN, 1, false},
    {'V', P_UP, 1, false},
    {'d', P_DOWN_TRYLOCK, 1, true},
    {'<', P_DOWN_READ, 1, false},
    {'>', P_UP_READ, 1, false},
    {'[', P_DOWN_WRITE, 1, false},
    {']', P_UP_WRITE, 1, false},
    {'?', P_DOWN_READ_TRYLOCK, 1, true},
    {'K', P_LOCK_KERNEL, 0, false},
    {'k', P_UNLOCK_KERNEL, 0, false},
    {'e', P_WAIT_EVENT, 2, false},
    {'n', P_WAKE, 1, false},
    {'s', P_SPIN_UNTIL, 1, false},
    {'c', P_RETRY, 2, false},
    {'f', P_FREE, 1, false},
    {'o', P_READ_OBJ, 1, false},
    {'b', P_BUG_IF_ZERO, 1, false},
    {'x', P_SPAWN, 0, true},
    {'z', P_SCAN, 1, false},
    {'S', P_SLEEP_ON, 1, false},
};

static const struct mnemonic *by_char(char c)
{
	for (unsigned i = 0; i < sizeof(mnemonics) / sizeof(mnemonics[0]); i++)
		if (mnemonics[i].c == c)
			return &mnemonics[i];
	return NULL;
}

static const struct mnemonic *by_kind(enum prog_kind k)
{
	for (unsigned i = 0; i < sizeof(mnemonics) / sizeof(mnemonics[0]); i++)
		if (mnemonics[i].kind == k)
			return &mnemonics[i];
	return NULL;
}

/* The largest number each operand may be. */
static int limit_of(enum prog_kind k, int arg)
{
	switch (k) {
	case P_READ:
	case P_WRITE:
	case P_INC:
	case P_ATOMIC_INC:
	case P_SPIN_UNTIL:
	case P_BUG_IF_ZERO:
	case P_SCAN:
		return PROG_VARS - 1;
	case P_LOCK:
	case P_UNLOCK:
	case P_TRYLOCK:
		return PROG_LOCKS - 1;
	case P_DOWN:
	case P_UP:
	case P_DOWN_TRYLOCK:
		return PROG_SEMS - 1;
	case P_DOWN_READ:
	case P_UP_READ:
	case P_DOWN_WRITE:
	case P_UP_WRITE:
	case P_DOWN_READ_TRYLOCK:
		return PROG_RWSEMS - 1;
	case P_WAIT_EVENT:
		return arg == 0 ? PROG_QUEUES - 1 : PROG_VARS - 1;
	case P_WAKE:
	case P_SLEEP_ON:
		return PROG_QUEUES - 1;
	case P_RETRY:
		return arg == 0 ? PROG_VARS - 1 : 4;
	case P_FREE:
	case P_READ_OBJ:
		return PROG_OBJS - 1;
	default:
		return 0;
	}
}

struct parser {
	const char *s;
	char *err;
	unsigned errlen;
};

static int fail(struct parser *ps, const char *what)
{
	snprintf(ps->err, ps->errlen, "%s at '%.10s'", what, ps->s);
	return -1;
}

/* Operations up to '}' or '|' or the end, into th from th->nops. */
static int parse_ops(struct parser *ps, struct prog_thread *th, bool in_body)
{
	for (;;) {
		while (*ps->s == ' ')
			ps->s++;
		if (!*ps->s || *ps->s == '|')
			return in_body ? fail(ps, "unclosed {") : 0;
		if (*ps->s == '}') {
			if (!in_body)
				return fail(ps, "unexpected }");
			ps->s++;
			return 0;
		}
		const struct mnemonic *m = by_char(*ps->s);
		if (!m)
			return fail(ps, "unknown operation");
		if (th->nops >= PROG_OPS)
			return fail(ps, "too many operations");
		ps->s++;
		struct prog_op *op = &th->op[th->nops++];
		int v[2] = {0, 0};
		for (int a = 0; a < m->args; a++) {
			if (*ps->s < '0' || *ps->s > '9')
				return fail(ps, "missing number");
			v[a] = *ps->s++ - '0';
			if (v[a] > limit_of(m->kind, a))
				return fail(ps, "number out of range");
		}
		op->kind = m->kind;
		op->x = v[0];
		op->y = v[1];
		op->body_end = 0;
		if (m->body) {
			if (*ps->s != '{')
				return fail(ps, "missing {");
			ps->s++;
			int at = (int)(op - th->op);
			if (parse_ops(ps, th, true))
				return -1;
			th->op[at].body_end = th->nops;
		}
	}
}

/* Threads the program can have at once: those it starts with and one for
 * every spawn (no spawn runs twice: bodies hold no loops). */
static int max_threads(const struct prog *p)
{
	int n = p->nthreads;

	for (int t = 0; t < p->nthreads; t++)
		for (int i = 0; i < p->t[t].nops; i++)
			n += p->t[t].op[i].kind == P_SPAWN;
	return n;
}

int prog_parse(struct prog *p, const char *text, char *err, unsigned errlen)
{
	struct parser ps = {text, err, errlen};

	memset(p, 0, sizeof(*p));
	p->sem_init[0] = p->sem_init[1] = 1;
	if (!strncmp(ps.s, "sems=", 5)) {
		int a, b, n;

		if (sscanf(ps.s, "sems=%d,%d;%n", &a, &b, &n) != 2 || a < 0 || b < 0 || a > 3 ||
		    b > 3)
			return fail(&ps, "bad header");
		p->sem_init[0] = a;
		p->sem_init[1] = b;
		ps.s += n;
	}
	for (;;) {
		if (p->nthreads >= PROG_THREADS)
			return fail(&ps, "too many threads");
		if (parse_ops(&ps, &p->t[p->nthreads++], false))
			return -1;
		if (!*ps.s)
			return max_threads(p) > PROG_THREADS ? fail(&ps, "too many threads") : 0;
		ps.s++; /* '|' */
	}
}

static unsigned format_ops(const struct prog_thread *th, int from, int to, char *buf, unsigned len)
{
	unsigned off = 0;

	for (int i = from; i < to && off < len; i++) {
		const struct prog_op *op = &th->op[i];
		const struct mnemonic *m = by_kind(op->kind);

		off += (unsigned)snprintf(buf + off, len - off, "%s%c", i > from ? " " : "", m->c);
		for (int a = 0; a < m->args && off < len; a++)
			off += (unsigned)snprintf(buf + off, len - off, "%d", a ? op->y : op->x);
		if (m->body && off < len) {
			off += (unsigned)snprintf(buf + off, len - off, "{");
			off += format_ops(th, i + 1, op->body_end, buf + off, len - off);
			if (off < len)
				off += (unsigned)snprintf(buf + off, len - off, "}");
			i = op->body_end - 1;
		}
	}
	return off;
}

void prog_format(const struct prog *p, char *buf, unsigned len)
{
	unsigned off = 0;

	buf[0] = 0;
	if (p->sem_init[0] != 1 || p->sem_init[1] != 1)
		off += (unsigned)snprintf(buf, len, "sems=%d,%d;", p->sem_init[0], p->sem_init[1]);
	for (int t = 0; t < p->nthreads && off < len; t++) {
		if (t)
			off += (unsigned)snprintf(buf + off, len - off, " | ");
		if (off < len)
			off += format_ops(&p->t[t], 0, p->t[t].nops, buf + off, len - off);
	}
}

/* ---- generating programs ---- */

static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int below(uint64_t *s, int n)
{
	return (int)(next(s) % (uint64_t)n);
}

static void emit(struct prog_thread *th, enum prog_kind k, int x, int y)
{
	if (th->nops < PROG_OPS)
		th->op[th->nops++] = (struct prog_op){k, x, y, 0};
}

/* One plain access. */
static void plain(struct prog_thread *th, uint64_t *r, int nvars)
{
	switch (below(r, 4)) {
	case 0:
		emit(th, P_READ, below(r, nvars), 0);
		break;
	case 1:
		emit(th, P_WRITE, below(r, nvars), 0);
		break;
	case 2:
		emit(th, P_INC, below(r, nvars), 0);
		break;
	default:
		emit(th, P_ATOMIC_INC, below(r, nvars), 0);
		break;
	}
}

/* A section: an opening op, a body of one access, the closing op. */
static void section(struct prog_thread *th, uint64_t *r, int nvars, enum prog_kind open,
		    enum prog_kind close, int x)
{
	emit(th, open, x, 0);
	plain(th, r, nvars);
	emit(th, close, x, 0);
}

/* A conditional section: the body runs (and the close) only if taken. */
static void cond_section(struct prog_thread *th, uint64_t *r, int nvars, enum prog_kind k, int x)
{
	int at = th->nops;

	if (th->nops + 2 > PROG_OPS)
		return;
	emit(th, k, x, 0);
	plain(th, r, nvars);
	th->op[at].body_end = th->nops;
}

/* Spawns so far in the program being generated: every thread must fit. */
static int spawns;

/* One unit of a thread: an access, a section, a wait, ... */
static void unit(struct prog *p, int t, uint64_t *r, unsigned features, int nvars)
{
	struct prog_thread *th = &p->t[t];

	for (;;) {
		int k = below(r, 13);

		if (!(features & (1u << k)))
			continue;
		switch (k) {
		case 0:
			plain(th, r, nvars);
			return;
		case 1:
			section(th, r, nvars, P_LOCK, P_UNLOCK, below(r, PROG_LOCKS));
			return;
		case 2:
			cond_section(th, r, nvars, P_TRYLOCK, below(r, PROG_LOCKS));
			return;
		case 3: {
			int s = below(r, PROG_SEMS);
			if (below(r, 3) == 0) /* a signal: up without down */
				emit(th, below(r, 2) ? P_UP : P_DOWN, s, 0);
			else if (below(r, 4) == 0)
				cond_section(th, r, nvars, P_DOWN_TRYLOCK, s);
			else
				section(th, r, nvars, P_DOWN, P_UP, s);
			return;
		}
		case 4:
			if (below(r, 3) == 0)
				cond_section(th, r, nvars, P_DOWN_READ_TRYLOCK, 0);
			else if (below(r, 2))
				section(th, r, nvars, P_DOWN_READ, P_UP_READ, 0);
			else
				section(th, r, nvars, P_DOWN_WRITE, P_UP_WRITE, 0);
			return;
		case 5:
			emit(th, P_LOCK_KERNEL, 0, 0);
			if (below(r, 3) == 0) {
				emit(th, P_LOCK_KERNEL, 0, 0);
				plain(th, r, nvars);
				emit(th, P_UNLOCK_KERNEL, 0, 0);
			} else if (below(r, 3) == 0 && (features & (1u << 6))) {
				emit(th, P_WAIT_EVENT, 0, below(r, nvars));
			} else if (below(r, 3) == 0 && (features & (1u << 3))) {
				int sm = below(r, PROG_SEMS);
				emit(th, P_DOWN, sm, 0); /* down() with the BKL held */
				emit(th, P_UP, sm, 0);
			} else {
				plain(th, r, nvars);
			}
			emit(th, P_UNLOCK_KERNEL, 0, 0);
			return;
		case 6:
			if (below(r, 4) == 0) { /* autofs4_wait(): test, then sleep */
				emit(th, P_READ, below(r, nvars), 0);
				emit(th, P_SLEEP_ON, 0, 0);
			} else if (below(r, 2))
				emit(th, P_WAIT_EVENT, 0, below(r, nvars));
			else {
				emit(th, P_WRITE, below(r, nvars), 0);
				emit(th, P_WAKE, 0, 0);
			}
			return;
		case 7:
			emit(th, P_SPIN_UNTIL, below(r, nvars), 0);
			return;
		case 8:
			emit(th, P_RETRY, below(r, nvars), 1 + below(r, 3));
			return;
		case 9:
			emit(th, below(r, 3) ? P_READ_OBJ : P_FREE, 0, 0);
			return;
		case 10:
			emit(th, P_BUG_IF_ZERO, below(r, nvars), 0);
			return;
		case 11: {
			int at = th->nops;
			if (th->nops + 3 > PROG_OPS || p->nthreads + spawns >= PROG_THREADS)
				break;
			spawns++;
			emit(th, P_SPAWN, 0, 0);
			plain(th, r, nvars);
			if (below(r, 2))
				plain(th, r, nvars);
			th->op[at].body_end = th->nops;
			return;
		}
		case 12: /* a loop that tries a lock (a pure retry of a trylock) */
			if (below(r, 2)) {
				emit(th, P_LOCK, below(r, PROG_LOCKS), 0);
				emit(th, P_UNLOCK, th->op[th->nops - 1].x, 0);
			} else {
				plain(th, r, nvars);
			}
			return;
		}
	}
}

void prog_generate_sized(struct prog *p, uint64_t *rng, int features_max, int threads_max,
			 int units_max)
{
	memset(p, 0, sizeof(*p));
	spawns = 0;
	/* A few features per program, so that each is combined with others
	 * and programs stay small enough to enumerate. */
	unsigned features = 1; /* plain accesses always */
	int nfeatures = 1 + below(rng, features_max);
	for (int i = 0; i < nfeatures; i++)
		features |= 1u << (1 + below(rng, 12));
	int nvars = 1 + below(rng, 3);
	p->nthreads = 2 + below(rng, threads_max - 1);
	p->sem_init[0] = below(rng, 4) ? 1 : 2;
	p->sem_init[1] = below(rng, 3) ? 0 : 1;
	for (int t = 0; t < p->nthreads; t++) {
		int units = 1 + below(rng, units_max);

		for (int u = 0; u < units; u++)
			unit(p, t, rng, features, nvars);
	}
}

void prog_generate(struct prog *p, uint64_t *rng)
{
	prog_generate_sized(p, rng, 3, 3, 3);
}
