/*
 * explore.c - the exploration driver: run a strategy over a model until the
 * space is covered or a budget runs out, keep the counts, save every
 * counterexample the moment it is found.
 *
 * dfs, dpor and bounded split the space into work units: the first two
 * branching points are fully expanded in thread order, and each unit is
 * the subtree below one prefix.  The split is the same whatever -j or
 * --shard say, so every count is the same with -j 1, -j N or N shards.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "explore_internal.h"
#include "vfsrace/rt_report.h"

#define SPLIT_LEVELS 2

double ex_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const struct strategy_ops *const strategies[] = {
    &ex_dpor_ops, &ex_dfs_ops, &ex_bounded_ops, &ex_random_ops, &ex_pct_ops, &ex_replay_ops,
};

const struct strategy_ops *ex_strategy_find(const char *name)
{
	for (unsigned i = 0; i < sizeof(strategies) / sizeof(strategies[0]); i++)
		if (name && strcmp(strategies[i]->name, name) == 0)
			return strategies[i];
	return NULL;
}

const char *const *ex_strategy_names(void)
{
	static const char *const names[] = {"dpor", "dfs", "bounded", "random", "pct", NULL};

	return names;
}

void ex_options_default(struct ex_options *o)
{
	memset(o, 0, sizeof(*o));
	o->strategy = "dpor";
	o->seed = 1;
	o->pct_depth = 3;
	o->preemptions = -1;
	o->max_steps = 5000;
	o->jobs = 1;
	o->out_dir = "vfsrace-out";
}

/* ---- terminal-state set ---- */

void hashset_add(struct hashset *h, uint64_t v)
{
	if (v == 0) {
		if (!h->has_zero)
			h->n++;
		h->has_zero = true;
		return;
	}
	if (h->n * 2 >= h->cap) {
		unsigned long ncap = h->cap ? h->cap * 2 : 64;
		uint64_t *ns = calloc(ncap, sizeof(*ns));

		if (!ns)
			abort();
		for (unsigned long i = 0; i < h->cap; i++) {
			uint64_t x = h->slot[i];
			if (!x)
				continue;
			unsigned long j = (x * 0x9e3779b97f4a7c15ull) & (ncap - 1);
			while (ns[j])
				j = (j + 1) & (ncap - 1);
			ns[j] = x;
		}
		free(h->slot);
		h->slot = ns;
		h->cap = ncap;
	}
	unsigned long j = (v * 0x9e3779b97f4a7c15ull) & (h->cap - 1);
	while (h->slot[j] && h->slot[j] != v)
		j = (j + 1) & (h->cap - 1);
	if (!h->slot[j]) {
		h->slot[j] = v;
		h->n++;
	}
}

void hashset_free(struct hashset *h)
{
	free(h->slot);
	memset(h, 0, sizeof(*h));
}

/* ---- model as a program ---- */

static void mp_setup(void *p)
{
	struct model_program *mp = p;

	mp->m->setup(&mp->args);
}

static uint64_t mp_finish(void *p, bool completed)
{
	struct model_program *mp = p;

	return mp->m->finish ? mp->m->finish(&mp->args, completed) : 0;
}

static void mp_describe(void *p, char *buf, unsigned len)
{
	struct model_program *mp = p;

	mp->m->describe(&mp->args, buf, len);
}

void model_program_init(struct model_program *mp, const struct model *m, const struct model_args *a)
{
	memset(mp, 0, sizeof(*mp));
	mp->m = m;
	mp->args = *a;
	mp->prog.setup = mp_setup;
	mp->prog.finish = mp_finish;
	mp->prog.params = mp;
	mp->prog.describe = m->describe ? mp_describe : NULL;
}

/* ---- one unit ---- */

/* A line on stderr twice a second (the CLI asks only when it is a terminal). */
static void show_progress(const struct unit_result *r, unsigned unit_index, double t0)
{
	static double last;
	double now = ex_now();

	if (now - last < 0.5)
		return;
	last = now;
	fprintf(stderr, "\r  unit %u: %lu executions, %lu blocked, %.0f executions/s, depth %u   ",
		unit_index, r->stats.executions, r->stats.blocked,
		(double)r->stats.executions / (now - t0 > 1e-9 ? now - t0 : 1e-9),
		r->stats.max_depth);
	fflush(stderr);
}

static volatile sig_atomic_t stop_requested;

void ex_request_stop(void)
{
	stop_requested = 1;
}

bool ex_stop_requested(void)
{
	return stop_requested != 0;
}

/* Records the choices of the running execution and its preemptions. */
struct recorder {
	const struct strategy_ops *ops;
	void *s;
	uint8_t *choice;
	unsigned n, cap;
	unsigned preemptions;
	struct ex_progress *mirror;	 /* --isolate worker: what the parent sees */
	const struct ex_skip_list *skip; /* --isolate worker: choices not to take */
};

/* Would choosing c now complete a schedule that killed a worker? */
static bool recorder_skips(const struct recorder *r, int c)
{
	for (int k = 0; k < r->skip->n; k++) {
		const struct ex_schedule *s = r->skip->s[k];

		if (s->n == r->n + 1 && s->choice[r->n] == c && !memcmp(s->choice, r->choice, r->n))
			return true;
	}
	return false;
}

static int recorder_choose(void *p, const struct rt_sched_view *v)
{
	struct recorder *r = p;
	int c = r->ops->choose(r->s, v);

	if (c < 0)
		return c;
	if (r->skip && recorder_skips(r, c))
		return -1;
	if (r->mirror && r->n < r->mirror->cap) {
		r->mirror->choice[r->n] = (uint8_t)c;
		__atomic_store_n(&r->mirror->n, r->n + 1, __ATOMIC_RELEASE);
		__atomic_fetch_add(&r->mirror->heartbeat, 1, __ATOMIC_RELAXED);
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 256;
		r->choice = realloc(r->choice, r->cap);
		if (!r->choice)
			abort();
	}
	r->choice[r->n++] = (uint8_t)c;
	if (ex_is_preemption(v, c))
		r->preemptions++;
	return c;
}

static bool already_found(const struct unit_result *r, const char *kind)
{
	for (int i = 0; i < r->nfound; i++)
		if (strcmp(r->found[i].v.kind, kind) == 0)
			return true;
	return false;
}

static void sanitize(char *dst, size_t len, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < len && src[i]; i++)
		dst[i] = (src[i] >= 'a' && src[i] <= 'z') || (src[i] >= '0' && src[i] <= '9') ||
				 src[i] == '-' || src[i] == '_'
			     ? src[i]
			     : '_';
	dst[i] = 0;
}

/* Write the counterexample before anything else can go wrong. */
void explore_keep_found(const struct ex_options *o, struct unit_result *r, unsigned unit_index,
			const struct rt_violation *v, const uint8_t *choice, unsigned n)
{
	struct ex_found *f = &r->found[r->nfound++];
	char kind[40], err[256];

	f->v = *v;
	ex_schedule_init(&f->sched);
	ex_schedule_set_header(&f->sched, o->model, &o->args);
	snprintf(f->sched.violation, sizeof(f->sched.violation), "%s", v->kind);
	for (unsigned i = 0; i < n; i++)
		ex_schedule_push(&f->sched, choice[i]);
	f->path[0] = 0;
	if (!o->out_dir || !*o->out_dir)
		return;
	if (mkdir(o->out_dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "vfsrace: cannot create %s: %s\n", o->out_dir, strerror(errno));
		return;
	}
	sanitize(kind, sizeof(kind), v->kind);
	snprintf(f->path, sizeof(f->path), "%s/%s-%s-%s-u%u-%lu.vfsched", o->out_dir,
		 o->model->name, o->model->fixes[o->args.fix].name, kind, unit_index,
		 r->stats.executions + r->stats.blocked);
	if (ex_schedule_save(&f->sched, f->path, err, sizeof(err)) != 0) {
		fprintf(stderr, "vfsrace: cannot save %s: %s\n", f->path, err);
		f->path[0] = 0;
	}
	if (o->test_kill_after_save)
		raise(SIGKILL);
}

void explore_unit(const struct ex_options *o, const struct ex_unit *u, unsigned unit_index,
		  unsigned long exec_budget, double deadline, struct unit_result *r)
{
	explore_unit_ex(o, u, unit_index, exec_budget, deadline, NULL, NULL, r);
}

void explore_unit_ex(const struct ex_options *o, const struct ex_unit *u, unsigned unit_index,
		     unsigned long exec_budget, double deadline, struct ex_progress *mirror,
		     const struct ex_skip_list *skip, struct unit_result *r)
{
	const struct strategy_ops *ops = ex_strategy_find(o->strategy);
	struct model_program mp;
	struct rt_exec_config cfg = {
	    .max_steps = o->max_steps,
	    .record_events = true,
	    .check_leaks = true,
	};
	struct recorder rec = {0};
	struct rt_scheduler sched = {recorder_choose, &rec};
	struct rt_result res;
	static struct ex_race_table seen; /* this execution's pairs */
	double t0 = ex_now();

	memset(r, 0, sizeof(*r));
	rec.ops = ops;
	rec.mirror = mirror;
	rec.skip = skip && skip->n ? skip : NULL;
	rec.s = ops->create(o, u, r->error, sizeof(r->error));
	if (!rec.s) {
		if (!r->error[0])
			snprintf(r->error, sizeof(r->error), "out of memory");
		return;
	}
	model_program_init(&mp, o->model, &o->args);
	for (;;) {
		if (exec_budget && r->stats.executions + r->stats.blocked >= exec_budget) {
			r->budget_hit = true;
			break;
		}
		if (deadline > 0 && ex_now() > deadline) {
			r->budget_hit = true;
			break;
		}
		if (stop_requested) {
			r->interrupted = true;
			break;
		}
		if (!ops->begin(rec.s))
			break;
		rec.n = 0;
		rec.preemptions = 0;
		if (mirror) {
			__atomic_store_n(&mirror->finished, r->stats.executions + r->stats.blocked,
					 __ATOMIC_RELAXED);
			__atomic_store_n(&mirror->n, 0, __ATOMIC_RELEASE);
			__atomic_fetch_add(&mirror->heartbeat, 1, __ATOMIC_RELAXED);
		}
		rt_run(&mp.prog, &sched, &cfg, &res);
		unsigned nev;
		const struct rt_event *ev = rt_events(&nev);
		seen.n = 0;
		if (o->race_detect && !res.abandoned)
			race_check(ev, nev, &res, &seen);
		ops->end(rec.s, &res, ev, nev);
		bool counted = !ops->counted || ops->counted(rec.s);
		if (res.abandoned) {
			if (counted)
				r->stats.blocked++;
			continue;
		}
		if (!counted)
			continue;
		r->stats.executions++;
		for (int i = 0; i < seen.n; i++)
			ex_race_table_add(&r->races, &seen.r[i], 1);
		if (o->progress)
			show_progress(r, unit_index, t0);
		r->stats.steps += res.steps;
		if (res.steps > r->stats.max_depth)
			r->stats.max_depth = res.steps;
		if (rec.preemptions > r->stats.max_preemptions)
			r->stats.max_preemptions = rec.preemptions;
		hashset_add(&r->states, res.state_hash);
		bool violated = false;
		for (int i = 0; i < res.nviolations; i++) {
			violated = true;
			if (r->nfound < EX_MAX_FOUND && !already_found(r, res.v[i].kind))
				explore_keep_found(o, r, unit_index, &res.v[i], rec.choice, rec.n);
		}
		if (violated && !o->keep_going) {
			r->stopped_on_violation = true;
			break;
		}
	}
	ops->bounds(rec.s, r->bounds, sizeof(r->bounds));
	r->ran = !r->interrupted;
	r->stats.complete =
	    ops->complete(rec.s) && !r->budget_hit && !r->stopped_on_violation && !r->interrupted;
	if (ops == &ex_dpor_ops || ops == &ex_dfs_ops || ops == &ex_bounded_ops)
		if (!ops->complete(rec.s) && !r->budget_hit && !r->stopped_on_violation &&
		    !r->interrupted)
			snprintf(r->error, sizeof(r->error),
				 "the model behaved differently on replay of the same choices "
				 "(it is not deterministic)");
	r->stats.distinct_states = r->states.n;
	r->stats.elapsed_s = ex_now() - t0;
	if (o->progress)
		fputs("\r\033[K", stderr); /* clear the progress line */
	ops->destroy(rec.s);
	free(rec.choice);
}

void unit_result_free(struct unit_result *r)
{
	hashset_free(&r->states);
	for (int i = 0; i < r->nfound; i++)
		ex_schedule_free(&r->found[i].sched);
	r->nfound = 0;
}

/* ---- splitting into units ---- */

struct probe {
	struct ex_unit prefix;
	uint32_t branch; /* enabled threads at the first branching point */
	bool too_long;
};

static int probe_choose(void *p, const struct rt_sched_view *v)
{
	struct probe *pr = p;
	uint32_t en = ex_enabled_mask(v);

	if (v->step < pr->prefix.n)
		return pr->prefix.choice[v->step];
	if (__builtin_popcount(en) >= 2) {
		pr->branch = en;
		return -1;
	}
	if (pr->prefix.n >= sizeof(pr->prefix.choice)) {
		pr->too_long = true;
		return -1;
	}
	pr->prefix.choice[pr->prefix.n++] = (uint8_t)__builtin_ctz(en);
	return __builtin_ctz(en);
}

struct unit_list {
	struct ex_unit *u;
	unsigned n, cap;
};

static void push_unit(struct unit_list *l, const struct ex_unit *u)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->u = realloc(l->u, l->cap * sizeof(*l->u));
		if (!l->u)
			abort();
	}
	l->u[l->n++] = *u;
}

static void split(const struct ex_options *o, struct model_program *mp, const struct ex_unit *pre,
		  unsigned levels, struct unit_list *out)
{
	struct probe pr = {.prefix = *pre};
	struct rt_scheduler s = {probe_choose, &pr};
	struct rt_exec_config cfg = {.max_steps = o->max_steps};
	struct rt_result res;

	rt_run(&mp->prog, &s, &cfg, &res);
	if (!pr.branch || pr.too_long || pr.prefix.n >= sizeof(pr.prefix.choice)) {
		push_unit(out, pre);
		return;
	}
	for (uint32_t m = pr.branch; m; m &= m - 1) {
		struct ex_unit child = pr.prefix;

		child.choice[child.n++] = (uint8_t)__builtin_ctz(m);
		if (levels > 1)
			split(o, mp, &child, levels - 1, out);
		else
			push_unit(out, &child);
	}
}

int explore_enumerate_units(const struct ex_options *o, unsigned levels, struct ex_unit **out,
			    unsigned *n)
{
	struct model_program mp;
	struct unit_list l = {0};
	struct ex_unit root = {0};

	model_program_init(&mp, o->model, &o->args);
	split(o, &mp, &root, levels, &l);
	*out = l.u;
	*n = l.n;
	return 0;
}

/* ---- the whole exploration ---- */

static void merge_unit(struct ex_report *r, struct hashset *states, const struct unit_result *u)
{
	struct ex_stats *s = &r->stats;

	s->executions += u->stats.executions;
	s->blocked += u->stats.blocked;
	s->steps += u->stats.steps;
	if (u->stats.max_depth > s->max_depth)
		s->max_depth = u->stats.max_depth;
	if (u->stats.max_preemptions > s->max_preemptions)
		s->max_preemptions = u->stats.max_preemptions;
	if (u->states.has_zero)
		hashset_add(states, 0);
	for (unsigned long i = 0; i < u->states.cap; i++)
		if (u->states.slot[i])
			hashset_add(states, u->states.slot[i]);
	for (int i = 0; i < u->races.n; i++)
		ex_race_table_add(&r->races, &u->races.r[i], u->races.r[i].executions);
	r->races.dropped += u->races.dropped;
	for (int i = 0; i < u->nfound && r->nfound < EX_MAX_FOUND; i++) {
		bool dup = false;

		for (int j = 0; j < r->nfound; j++)
			dup |= strcmp(r->found[j].v.kind, u->found[i].v.kind) == 0;
		if (dup)
			continue;
		struct ex_found *f = &r->found[r->nfound++];
		*f = u->found[i];
		ex_schedule_copy(&f->sched, &u->found[i].sched);
	}
}

static void report_states(const struct ex_options *o, const struct hashset *states)
{
	if (!o->on_state)
		return;
	if (states->has_zero)
		o->on_state(o->on_state_ctx, 0);
	for (unsigned long i = 0; i < states->cap; i++)
		if (states->slot[i])
			o->on_state(o->on_state_ctx, states->slot[i]);
}

static bool strategy_splits(const char *name)
{
	return !strcmp(name, "dpor") || !strcmp(name, "dfs") || !strcmp(name, "bounded");
}

static void run_unit(const struct ex_options *o, const struct ex_unit *u, unsigned index,
		     unsigned long budget, double deadline, struct unit_result *r)
{
	if (o->isolate)
		explore_unit_isolated(o, u, index, budget, deadline, r);
	else
		explore_unit(o, u, index, budget, deadline, r);
}

/* A result a resumed run may take instead of exploring the unit again. */
static bool unit_final(const struct unit_result *u)
{
	return u->ran && !u->interrupted && !u->budget_hit && !u->error[0];
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void keep_state_hashes(struct ex_report *r, const struct hashset *states)
{
	r->state_hashes = malloc((states->n + 1) * sizeof(uint64_t));
	if (!r->state_hashes)
		abort();
	if (states->has_zero)
		r->state_hashes[r->nstate_hashes++] = 0;
	for (unsigned long i = 0; i < states->cap; i++)
		if (states->slot[i])
			r->state_hashes[r->nstate_hashes++] = states->slot[i];
	qsort(r->state_hashes, r->nstate_hashes, sizeof(uint64_t), cmp_u64);
}

/* The units of a splitting strategy, merged in unit order.  Returns 0, 1
 * when interrupted, -1 on error. */
static int explore_units(const struct ex_options *o, struct ex_report *r, struct hashset *states,
			 double deadline, char *errbuf, unsigned errlen)
{
	struct ex_unit *units;
	unsigned nunits, newly_done = 0;
	char fingerprint[512];

	explore_enumerate_units(o, SPLIT_LEVELS, &units, &nunits);
	bool *mine = calloc(nunits, sizeof(bool));
	bool *todo = calloc(nunits, sizeof(bool));
	bool *done = calloc(nunits, sizeof(bool));
	struct unit_result *res = calloc(nunits, sizeof(*res));
	if (!mine || !todo || !done || !res)
		abort();
	checkpoint_fingerprint(o, nunits, fingerprint, sizeof(fingerprint));
	int rc = 0;
	if (o->resume &&
	    checkpoint_load(o->resume, fingerprint, res, done, nunits, errbuf, errlen) != 0) {
		rc = -1;
		goto out;
	}
	for (unsigned i = 0; i < nunits; i++) {
		mine[i] =
		    o->shard_count <= 1 || i % (unsigned)o->shard_count == (unsigned)o->shard_index;
		todo[i] = mine[i] && !done[i];
		r->resumed_units += done[i];
	}
	/* Isolated units run one at a time: each worker already is a process. */
	bool ran_parallel = o->jobs > 1 && nunits > 1 && !o->isolate;
	if (ran_parallel &&
	    explore_parallel(o, units, nunits, todo, deadline, res, errbuf, errlen) != 0) {
		rc = -1;
		goto out;
	}
	bool complete = true;
	unsigned long used = 0;
	for (unsigned i = 0; i < nunits; i++) {
		if (!mine[i])
			continue;
		unsigned long left = 0;
		if (o->max_executions) {
			if (used >= o->max_executions) {
				complete = false;
				break;
			}
			left = o->max_executions - used;
		}
		struct unit_result *u = &res[i];
		bool have = done[i] || (ran_parallel && u->ran);
		if (!have || (left && u->stats.executions + u->stats.blocked > left)) {
			/* Not run yet, or the unit straddles the budget: (re)run
			 * it here with exactly what is left, as one process would. */
			if (stop_requested) {
				rc = 1;
				break;
			}
			unit_result_free(u);
			run_unit(o, &units[i], i, left, deadline, u);
		}
		if (u->interrupted) {
			rc = 1;
			break;
		}
		if (u->error[0]) {
			snprintf(errbuf, errlen, "%s", u->error);
			rc = -1;
			break;
		}
		used += u->stats.executions + u->stats.blocked;
		merge_unit(r, states, u);
		if (u->bounds[0]) /* not from a unit a crash cut short */
			snprintf(r->bounds, sizeof(r->bounds), "%s", u->bounds);
		complete &= u->stats.complete;
		if (o->checkpoint && !done[i] && unit_final(u)) {
			done[i] = true;
			if (checkpoint_save(o->checkpoint, fingerprint, res, done, nunits, errbuf,
					    errlen) != 0) {
				rc = -1;
				break;
			}
			if (++newly_done == o->test_interrupt_after_units)
				raise(SIGINT);
		}
		if (u->stopped_on_violation || u->budget_hit) {
			complete = false;
			break;
		}
	}
	if (rc == 1 && o->checkpoint) {
		/* Keep what -j workers finished beyond the first unit not done. */
		for (unsigned i = 0; i < nunits; i++)
			done[i] |= mine[i] && unit_final(&res[i]);
		if (checkpoint_save(o->checkpoint, fingerprint, res, done, nunits, errbuf, errlen))
			rc = -1;
	}
	r->stats.complete = complete;
	if (o->shard_count > 1) {
		size_t l = strlen(r->bounds);
		snprintf(r->bounds + l, sizeof(r->bounds) - l, "; shard %d/%d", o->shard_index + 1,
			 o->shard_count);
	}
out:
	for (unsigned i = 0; i < nunits; i++)
		unit_result_free(&res[i]);
	free(units);
	free(mine);
	free(todo);
	free(done);
	free(res);
	return rc;
}

int ex_explore(const struct ex_options *o, struct ex_report *r, char *errbuf, unsigned errlen)
{
	const struct strategy_ops *ops = ex_strategy_find(o->strategy);
	struct hashset states = {0};
	double t0 = ex_now();
	double deadline = o->max_seconds > 0 ? t0 + o->max_seconds : 0;
	int rc = 0;

	memset(r, 0, sizeof(*r));
	if (!ops) {
		snprintf(errbuf, errlen, "unknown strategy '%s'", o->strategy ? o->strategy : "");
		return -1;
	}
	if (!o->model) {
		snprintf(errbuf, errlen, "no model");
		return -1;
	}
	if (strategy_splits(o->strategy)) {
		rc = explore_units(o, r, &states, deadline, errbuf, errlen);
	} else {
		/* One unit: an interrupted run starts again from the beginning. */
		struct unit_result u;

		run_unit(o, NULL, 0, o->max_executions, deadline, &u);
		if (u.interrupted) {
			rc = 1;
		} else if (u.error[0]) {
			snprintf(errbuf, errlen, "%s", u.error);
			rc = -1;
		} else {
			merge_unit(r, &states, &u);
			r->stats.complete = u.stats.complete;
			snprintf(r->bounds, sizeof(r->bounds), "%s", u.bounds);
		}
		unit_result_free(&u);
	}
	if (rc == 1)
		snprintf(errbuf, errlen, "interrupted");
	if (rc != 0) {
		hashset_free(&states);
		ex_report_free(r);
		return rc;
	}
	r->stats.distinct_states = states.n;
	ex_race_table_sort(&r->races);
	report_states(o, &states);
	if (o->keep_state_hashes)
		keep_state_hashes(r, &states);
	hashset_free(&states);
	r->stats.elapsed_s = ex_now() - t0;
	return 0;
}

void ex_report_free(struct ex_report *r)
{
	for (int i = 0; i < r->nfound; i++)
		ex_schedule_free(&r->found[i].sched);
	r->nfound = 0;
	free(r->state_hashes);
	r->state_hashes = NULL;
	r->nstate_hashes = 0;
}

/* ---- replay ---- */

const char *ex_replay_divergence(void *p);
unsigned ex_replay_used(void *p);

int ex_replay(const struct model *m, const struct model_args *a, const struct ex_schedule *s,
	      unsigned max_steps, struct rt_result *res, char *errbuf, unsigned errlen)
{
	struct ex_options o;
	struct model_program mp;
	char err[256] = "";

	ex_options_default(&o);
	o.model = m;
	o.args = *a;
	o.replay = s;
	void *st = ex_replay_ops.create(&o, NULL, err, sizeof(err));
	if (!st) {
		snprintf(errbuf, errlen, "%s", err);
		return -1;
	}
	struct rt_scheduler sched = {ex_replay_ops.choose, st};
	struct rt_exec_config cfg = {
	    .max_steps = max_steps ? max_steps : (s->n + 1 > 5000 ? s->n + 1 : 5000),
	    .record_events = true,
	    .record_states = true,
	    .check_leaks = true,
	};
	model_program_init(&mp, m, a);
	ex_replay_ops.begin(st);
	rt_run(&mp.prog, &sched, &cfg, res);
	const char *why = ex_replay_divergence(st);
	unsigned used = ex_replay_used(st);
	int rc = 0;
	if (why) {
		snprintf(errbuf, errlen, "replay diverged: %s", why);
		rc = -1;
	} else if (used != s->n) {
		snprintf(
		    errbuf, errlen,
		    "replay diverged: the execution ended after %u of the schedule's %u choices",
		    used, s->n);
		rc = -1;
	}
	ex_replay_ops.destroy(st);
	return rc;
}
