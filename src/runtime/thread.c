/*
 * thread.c - the pool of controlled pthreads and the baton they pass.
 *
 * Exactly one thread holds the baton.  Passing it is a store to the
 * receiver's futex word and a futex wake.  All threads of one explorer
 * (the main thread and the pool) are pinned to one CPU: a futex handoff
 * between threads on the same core costs a context switch (~1 us here),
 * across cores ~15 us, and spinning waiters would fight the one thread
 * that has work for the two cores.  Parallel exploration (-j) runs one
 * pinned process per core instead.  The threads run SCHED_BATCH, so a
 * woken thread does not preempt its waker (RT_NOBATCH=1: SCHED_OTHER).
 * RT_SPIN=n adds a spin phase before sleeping, for the benchmark's
 * comparison (bench/handoff.c, docs/performance.md).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <linux/futex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "rt_internal.h"
#include "vfsrace/rt_report.h"
#include "vfsrace/rt_slab.h"

_Thread_local struct rt_thread *rt_tls_self;
static struct rt_thread pool[RT_MAX_THREADS];
static int pool_size;

/* Spin iterations before sleeping; RT_SPIN=0 in the environment disables. */
static unsigned spin_limit;

static void futex_wait(atomic_uint *w, unsigned val)
{
	syscall(SYS_futex, (unsigned *)w, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void futex_wake(atomic_uint *w)
{
	syscall(SYS_futex, (unsigned *)w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static inline void cpu_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

void rt_wait_baton(atomic_uint *go, atomic_uint *sleeping)
{
	for (unsigned i = 0; i < spin_limit; i++) {
		if (atomic_load_explicit(go, memory_order_acquire))
			goto got;
		cpu_pause();
	}
	atomic_store(sleeping, 1);
	while (!atomic_load(go))
		futex_wait(go, 0);
	atomic_store(sleeping, 0);
got:
	atomic_store_explicit(go, 0, memory_order_relaxed);
}

void rt_wake_baton(atomic_uint *go, atomic_uint *sleeping)
{
	atomic_store(go, 1);
	if (atomic_load(sleeping))
		futex_wake(go);
}

/*
 * SCHED_BATCH (any user may choose it): a thread woken by a handoff does
 * not preempt the one that woke it.  Under SCHED_OTHER the woken thread
 * often ran at once, before its waker had gone to sleep, so the handoff
 * cost two context switches instead of one (perf stat: 1.41 switches per
 * handoff on lastzero).  RT_NOBATCH=1 (read once, in rt_init()) keeps
 * SCHED_OTHER: a two-thread ping-pong is faster there (docs/performance.md).
 */
static bool batch = true;

static void no_wakeup_preemption(void)
{
	static const struct sched_param p = {0};

	if (batch)
		sched_setscheduler(0, SCHED_BATCH, &p);
}

void rt_handoff_to(struct rt_thread *t)
{
	rt_wake_baton(&t->go, &t->sleeping);
}

/* CPUs this process may use, as found before rt_init() pinned it. */
static cpu_set_t allowed_cpus;
static bool allowed_known;
static int pinned_cpu = -1;
unsigned rt_free_start_jitter_ns;

void rt_pool_set_all_cpus(bool all)
{
	cpu_set_t one;

	CPU_ZERO(&one);
	if (pinned_cpu >= 0)
		CPU_SET(pinned_cpu, &one);
	for (int i = 0; i < pool_size; i++) {
		if (all && allowed_known)
			pthread_setaffinity_np(pool[i].pt, sizeof(allowed_cpus), &allowed_cpus);
		else if (!all && pinned_cpu >= 0)
			pthread_setaffinity_np(pool[i].pt, sizeof(one), &one);
	}
}

/* Free mode: each thread starts after a random delay, so the baseline
 * loop tries different overlaps (xorshift per thread, seeded by id). */
static void free_start_jitter(struct rt_thread *self)
{
	static _Thread_local uint64_t x;
	struct timespec t0, t;

	if (!rt_free_start_jitter_ns)
		return;
	if (!x)
		x = 0x9e3779b97f4a7c15ull * (uint64_t)(self->id + 1);
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	uint64_t ns = x % rt_free_start_jitter_ns;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do
		clock_gettime(CLOCK_MONOTONIC, &t);
	while ((uint64_t)(t.tv_sec - t0.tv_sec) * 1000000000ull +
		   (uint64_t)(t.tv_nsec - t0.tv_nsec) <
	       ns);
}

static void *pool_main(void *arg)
{
	struct rt_thread *self = arg;

	rt_tls_self = self;
	no_wakeup_preemption();
	for (;;) {
		rt_wait_baton(&self->go, &self->sleeping);
		if (self->quit)
			return NULL;
		if (rt.mode == RT_MODE_FREE) {
			free_start_jitter(self);
			self->fn(self->arg);
			if (atomic_fetch_sub(&rt.free_running, 1) == 1)
				rt_signal_main();
			continue;
		}
		if (sigsetjmp(self->base, 0) == 0 && !rt.aborting) {
			/* Chosen for the start step: it is this thread's code up
			 * to its first scheduling point. */
			struct rt_step_info si = {.enabler = self->spawned_by};

			self->shadow.depth = 0;
			rt_record_step(&self->next, &si);
			self->fn(self->arg);
		}
		/* Ended, or unwound by a fatal report. */
		self->state = RT_T_DONE;
		self->has_next = false;
		rt_schedule_next(self);
	}
}

struct rt_thread *rt_pool_get(int id)
{
	struct rt_thread *t = &pool[id];

	if (id >= pool_size) {
		memset(t, 0, sizeof(*t));
		t->id = id;
		if (pthread_create(&t->pt, NULL, pool_main, t) != 0) {
			fprintf(stderr, "vfsrace: cannot create thread: %s\n", strerror(errno));
			exit(3);
		}
		pool_size = id + 1;
	}
	return t;
}

void rt_pool_reset(void)
{
	for (int i = 0; i < pool_size; i++) {
		struct rt_thread *t = &pool[i];

		t->fn = NULL;
		t->arg = NULL;
		t->name = NULL;
		t->started = false;
		t->state = RT_T_UNUSED;
		t->has_next = false;
		t->spin_held = 0;
		t->spawned_by = -1;
		t->woken_by = -1;
		t->granted = NULL;
		t->granted_by = -1;
		rt_span_reset(t);
		t->bkl_depth = 0;
		t->bkl_saved = 0;
	}
}

/* Pin the calling thread (and the pool threads it creates later) to one
 * CPU: the one named by RT_CPU, else the one it runs on now (if allowed),
 * else the first CPU it may run on. */
int rt_pin_cpu(int cpu)
{
	cpu_set_t set;

	if (cpu < 0) {
		const char *e = getenv("RT_CPU");

		if (e) {
			cpu = atoi(e);
		} else if (sched_getaffinity(0, sizeof(set), &set) == 0) {
			/* The CPU the kernel put this process on, if it may
			 * stay there: two vfsrace processes started together
			 * (ctest -j 2, a shell loop in the background) then
			 * run on two CPUs, not both on the first one. */
			cpu = sched_getcpu();
			if (cpu < 0 || cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &set))
				for (cpu = 0; cpu < CPU_SETSIZE && !CPU_ISSET(cpu, &set); cpu++)
					;
		}
	}
	if (cpu < 0 || cpu >= CPU_SETSIZE)
		return -1;
	pinned_cpu = cpu;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

int rt_init(void)
{
	const char *s = getenv("RT_SPIN");

	if (s) {
		char *end;
		unsigned long v;

		errno = 0;
		v = strtoul(s, &end, 10);
		/* Digits only, and a spin phase, not a hang (strtoul takes -5
		 * as a huge number). */
		if (*s < '0' || *s > '9' || *end || errno || v > 1000000) {
			fprintf(stderr, "vfsrace: RT_SPIN='%s': expected a number 0..1000000\n", s);
			return -1;
		}
		spin_limit = (unsigned)v;
	}
	if (!allowed_known && sched_getaffinity(0, sizeof(allowed_cpus), &allowed_cpus) == 0)
		allowed_known = true;
	if (!getenv("RT_NOPIN"))
		rt_pin_cpu(-1);
	batch = !getenv("RT_NOBATCH");
	no_wakeup_preemption();
	rt.main_thread.id = -1;
	rt.main_thread.name = "main";
	rt_slab_install_handler();
	return 0;
}

void rt_after_fork(int cpu)
{
	/* Only the forking thread exists in the child: start a fresh pool. */
	pool_size = 0;
	rt_pin_cpu(cpu);
}

void rt_shutdown(void)
{
	for (int i = 0; i < pool_size; i++) {
		pool[i].quit = true;
		rt_handoff_to(&pool[i]);
		pthread_join(pool[i].pt, NULL);
	}
	pool_size = 0;
	for (int i = 0; i < RT_MAX_THREADS; i++) {
		free(pool[i].span);
		pool[i].span = NULL;
		pool[i].spancap = 0;
	}
	free(rt.ev);
	rt.ev = NULL;
	rt.evcap = rt.nev = 0;
}

/*
 * Spawns write the thread table and a spawned thread's start reads it: a
 * thread starts after the step that created it, and spawns by different
 * threads are ordered (the order decides the new threads' ids).
 */
static const char thread_table[] = "threads";

/* A thread's first pending step: it starts when first chosen. */
static struct rt_op start_op(struct rt_thread *t, const char *file, int line, const char *func)
{
	struct rt_op op = rt_mkop(NULL, RT_NONE, RT_P_START, "start", file, line, func);

	if (t->spawned_by >= 0) {
		op.obj = thread_table;
		op.access = RT_READ;
	}
	return op;
}

int rt_thread_create_at(const char *name, rt_thread_fn fn, void *arg, const char *file, int line,
			const char *func)
{
	bool spawned = rt_controlled();
	struct rt_op spawn = rt_mkop(thread_table, RT_WRITE, RT_P_SPAWN, "spawn", file, line, func);

	if (spawned)
		rt_point(&spawn); /* the new thread does not exist before this step */
	int id = rt.nthreads;
	if (id >= RT_MAX_THREADS) {
		rt_report(RT_V_BAD_ARG, true, "more than %d threads in one execution",
			  RT_MAX_THREADS);
		return -1;
	}
	if (!fn) {
		rt_report(RT_V_BAD_ARG, true, "thread %s created without a function",
			  name ? name : "(unnamed)");
		return -1;
	}
	struct rt_thread *t = rt_pool_get(id);
	t->name = name;
	t->fn = fn;
	t->arg = arg;
	t->state = RT_T_ENABLED;
	t->spawned_by = spawned ? rt_next_event_index() : -1;
	t->next = start_op(t, file, line, name ? name : "thread");
	t->has_next = true;
	rt.t[id] = t;
	rt.nthreads++;
	if (spawned)
		rt_record(&spawn, false, 0, 0);
	return id;
}

int rt_thread_self(void)
{
	return rt_tls_self ? rt_tls_self->id : -1;
}

const char *rt_thread_name(int tid)
{
	if (tid < 0 || tid >= rt.nthreads)
		return "main";
	return rt.t[tid]->name;
}
