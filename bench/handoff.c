/*
 * handoff.c - what one handoff between two threads costs on this machine,
 * raw mechanisms against the runtime's own baton.
 *
 * Raw: two threads pass a token back and forth (ck_pr spin, futex, POSIX
 * semaphores, mutex+condvar), with the threads pinned to one CPU or to two.
 * Runtime: a two-thread model whose every scheduling point switches thread
 * (a scheduler that alternates), run in a child process per RT_SPIN /
 * RT_NOPIN setting because rt_init() reads them once.  Each figure is the
 * best of a few time-bounded runs; the table gives ratios to the best raw
 * option.
 *
 *   cmake -S . -B build/rel -DCMAKE_BUILD_TYPE=Release
 *   cmake --build build/rel -j2 --target bench_handoff
 *   build/rel/bench/bench_handoff
 *
 * BENCH_RT_SPIN=n sets the RT_SPIN value of the spinning rows (default 100).
 */
#define _GNU_SOURCE
#include <ck_pr.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <vfsrace/rt_exec.h>
#include <vfsrace/rt_sched.h>

#define MIN_SECONDS 0.3
#define REPEATS	    3

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The first two CPUs this process may use; cpus[1] = -1 if only one. */
static int cpus[2] = {-1, -1};

static void find_cpus(void)
{
	cpu_set_t set;
	int n = 0;

	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return;
	for (int c = 0; c < CPU_SETSIZE && n < 2; c++)
		if (CPU_ISSET(c, &set))
			cpus[n++] = c;
}

static void pin_self(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

enum mech { M_SPIN, M_FUTEX, M_SEM, M_CONDVAR };

struct pingpong {
	enum mech mech;
	int cpu[2];
	long rounds;
	unsigned int turn;   /* spin: whose turn */
	atomic_uint word[2]; /* futex: 1 = your turn */
	sem_t sem[2];	     /* semaphores */
	pthread_mutex_t mu;  /* condvar */
	pthread_cond_t cv[2];
	int cturn;
	double elapsed;
};

static void pp_wait(struct pingpong *p, int me)
{
	switch (p->mech) {
	case M_SPIN:
		while (ck_pr_load_uint(&p->turn) != (unsigned)me)
			ck_pr_stall();
		ck_pr_fence_load();
		break;
	case M_FUTEX:
		while (!atomic_load(&p->word[me]))
			syscall(SYS_futex, (unsigned *)&p->word[me], FUTEX_WAIT_PRIVATE, 0, NULL,
				NULL, 0);
		atomic_store(&p->word[me], 0);
		break;
	case M_SEM:
		while (sem_wait(&p->sem[me]) != 0)
			;
		break;
	case M_CONDVAR:
		pthread_mutex_lock(&p->mu);
		while (p->cturn != me)
			pthread_cond_wait(&p->cv[me], &p->mu);
		pthread_mutex_unlock(&p->mu);
		break;
	}
}

static void pp_pass(struct pingpong *p, int to)
{
	switch (p->mech) {
	case M_SPIN:
		ck_pr_fence_store();
		ck_pr_store_uint(&p->turn, (unsigned)to);
		break;
	case M_FUTEX:
		atomic_store(&p->word[to], 1);
		syscall(SYS_futex, (unsigned *)&p->word[to], FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
		break;
	case M_SEM:
		sem_post(&p->sem[to]);
		break;
	case M_CONDVAR:
		pthread_mutex_lock(&p->mu);
		p->cturn = to;
		pthread_cond_signal(&p->cv[to]);
		pthread_mutex_unlock(&p->mu);
		break;
	}
}

static void *pp_second(void *arg)
{
	struct pingpong *p = arg;

	pin_self(p->cpu[1]);
	for (long i = 0; i < p->rounds; i++) {
		pp_wait(p, 1);
		pp_pass(p, 0);
	}
	return NULL;
}

/* One run of rounds round trips (two handoffs each); returns ns/handoff. */
static double pingpong_once(enum mech m, int cpu0, int cpu1, long rounds)
{
	struct pingpong p;
	pthread_t t;

	memset(&p, 0, sizeof(p));
	p.mech = m;
	p.cpu[0] = cpu0;
	p.cpu[1] = cpu1;
	p.rounds = rounds;
	sem_init(&p.sem[0], 0, 0);
	sem_init(&p.sem[1], 0, 0);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv[0], NULL);
	pthread_cond_init(&p.cv[1], NULL);
	p.cturn = 0;
	p.turn = 0;
	pin_self(cpu0);
	pthread_create(&t, NULL, pp_second, &p);
	double t0 = now();
	for (long i = 0; i < rounds; i++) {
		pp_pass(&p, 1);
		pp_wait(&p, 0);
	}
	double t1 = now();
	pthread_join(t, NULL);
	sem_destroy(&p.sem[0]);
	sem_destroy(&p.sem[1]);
	return (t1 - t0) * 1e9 / (2.0 * (double)rounds);
}

/* Best of REPEATS runs, each at least MIN_SECONDS long. */
static double pingpong(enum mech m, int cpu0, int cpu1)
{
	double best = 0;
	long rounds = 1000;

	/* Calibrate: grow the run until it takes MIN_SECONDS. */
	for (;;) {
		double ns = pingpong_once(m, cpu0, cpu1, rounds);

		if (ns * 2.0 * (double)rounds >= MIN_SECONDS * 1e9) {
			best = ns;
			break;
		}
		rounds *= 4;
	}
	for (int i = 1; i < REPEATS; i++) {
		double ns = pingpong_once(m, cpu0, cpu1, rounds);

		if (ns < best)
			best = ns;
	}
	return best;
}

/* The runtime: two threads, every step a scheduling point. */
struct rt_bench {
	long steps_per_thread;
	bool alternate; /* false: keep the current thread (no handoff) */
	unsigned long decisions, switches;
};

static void stepper(void *arg)
{
	const struct rt_bench *b = arg;

	for (long i = 0; i < b->steps_per_thread; i++)
		sched_point();
}

static void bench_setup(void *params)
{
	rt_thread_create("ping", stepper, params);
	rt_thread_create("pong", stepper, params);
}

static int choose(void *ctx, const struct rt_sched_view *v)
{
	struct rt_bench *b = ctx;
	int cur = v->current, next = -1;

	if (cur >= 0 && v->t[cur].state == RT_T_ENABLED)
		next = cur;
	if (b->alternate || next < 0) {
		for (int i = 1; i <= v->nthreads; i++) {
			int c = (cur + i + v->nthreads) % v->nthreads;

			if (v->t[c].state == RT_T_ENABLED) {
				next = c;
				break;
			}
		}
	}
	b->decisions++;
	b->switches += next != cur;
	return next;
}

/* Runs in the child; returns ns per decision and per handoff. */
static void runtime_once(bool alternate, double *ns_decision, double *ns_handoff)
{
	struct rt_bench b = {.steps_per_thread = 1000, .alternate = alternate};
	struct rt_program prog = {.setup = bench_setup, .params = &b};
	struct rt_scheduler s = {choose, &b};
	struct rt_exec_config cfg = {.max_steps = 1u << 30};
	struct rt_result res;
	double best_d = 0, best_h = 0;

	for (int rep = 0; rep < REPEATS; rep++) {
		double t0 = now(), t1;

		b.decisions = b.switches = 0;
		do {
			rt_run(&prog, &s, &cfg, &res);
			t1 = now();
		} while (t1 - t0 < MIN_SECONDS);
		double d = (t1 - t0) * 1e9 / (double)b.decisions;
		double h = (t1 - t0) * 1e9 / (double)b.switches;
		if (rep == 0 || d < best_d) {
			best_d = d;
			best_h = h;
		}
	}
	*ns_decision = best_d;
	*ns_handoff = best_h;
}

/* Fork, set the environment the runtime reads at rt_init(), measure. */
static int runtime_variant(const char *spin, bool nopin, bool alternate, double out[2])
{
	int fd[2];
	pid_t pid;

	if (pipe(fd) != 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fd[0]);
		if (spin)
			setenv("RT_SPIN", spin, 1);
		else
			unsetenv("RT_SPIN");
		if (nopin)
			setenv("RT_NOPIN", "1", 1);
		else
			unsetenv("RT_NOPIN");
		if (cpus[0] >= 0) {
			char c[16];

			snprintf(c, sizeof(c), "%d", cpus[0]);
			setenv("RT_CPU", c, 1);
		}
		/* Undo the parent's pinning so RT_NOPIN means "anywhere". */
		cpu_set_t all;
		CPU_ZERO(&all);
		for (int i = 0; i < 2; i++)
			if (cpus[i] >= 0)
				CPU_SET(cpus[i], &all);
		sched_setaffinity(0, sizeof(all), &all);
		rt_init();
		double r[2];
		runtime_once(alternate, &r[0], &r[1]);
		rt_shutdown();
		if (write(fd[1], r, sizeof(r)) != (ssize_t)sizeof(r))
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	ssize_t n = read(fd[0], out, 2 * sizeof(double));
	close(fd[0]);
	waitpid(pid, NULL, 0);
	return n == (ssize_t)(2 * sizeof(double)) ? 0 : -1;
}

struct row {
	const char *what;
	double ns;	    /* per handoff */
	double ns_decision; /* runtime rows: per scheduling decision */
	bool raw;
};

int main(int argc, char **argv)
{
	const char *spin = getenv("BENCH_RT_SPIN") ? getenv("BENCH_RT_SPIN") : "100";
	struct row rows[16];
	int n = 0;
	double best_raw = 0;
	char spin_pinned[64], spin_nopin[64];

	find_cpus();
	bool two = cpus[1] >= 0;

	if (two)
		rows[n++] = (struct row){"spin (ck_pr), 2 cores",
					 pingpong(M_SPIN, cpus[0], cpus[1]), 0, true};
	rows[n++] = (struct row){"futex, 1 core", pingpong(M_FUTEX, cpus[0], cpus[0]), 0, true};
	if (two)
		rows[n++] =
		    (struct row){"futex, 2 cores", pingpong(M_FUTEX, cpus[0], cpus[1]), 0, true};
	rows[n++] = (struct row){"POSIX sem, 1 core", pingpong(M_SEM, cpus[0], cpus[0]), 0, true};
	if (two)
		rows[n++] =
		    (struct row){"POSIX sem, 2 cores", pingpong(M_SEM, cpus[0], cpus[1]), 0, true};
	rows[n++] =
	    (struct row){"mutex+condvar, 1 core", pingpong(M_CONDVAR, cpus[0], cpus[0]), 0, true};
	if (two)
		rows[n++] = (struct row){"mutex+condvar, 2 cores",
					 pingpong(M_CONDVAR, cpus[0], cpus[1]), 0, true};

	snprintf(spin_pinned, sizeof(spin_pinned), "runtime RT_SPIN=%s (pinned)", spin);
	snprintf(spin_nopin, sizeof(spin_nopin), "runtime RT_NOPIN=1 RT_SPIN=%s", spin);
	struct {
		const char *what;
		const char *spin;
		bool nopin, alternate;
	} variants[] = {
	    {"runtime default (pinned, futex)", NULL, false, true},
	    {spin_pinned, spin, false, true},
	    {"runtime RT_NOPIN=1 (futex)", NULL, true, true},
	    {spin_nopin, spin, true, true},
	};
	for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		double r[2];

		if (variants[i].nopin && !two)
			continue;
		if (runtime_variant(variants[i].spin, variants[i].nopin, variants[i].alternate,
				    r) != 0) {
			fprintf(stderr, "bench: %s failed\n", variants[i].what);
			continue;
		}
		rows[n++] = (struct row){variants[i].what, r[1], r[0], false};
	}
	double nosw[2];
	if (runtime_variant(NULL, false, false, nosw) == 0)
		rows[n++] = (struct row){"runtime, no switch (decision only)", 0, nosw[0], false};

	for (int i = 0; i < n; i++)
		if (rows[i].raw && (best_raw == 0 || rows[i].ns < best_raw))
			best_raw = rows[i].ns;
	printf("%-38s %12s %12s %10s %14s\n", "mechanism", "ns/handoff", "ns/decision",
	       "x best raw", "decisions/s");
	for (int i = 0; i < n; i++) {
		const struct row *r = &rows[i];

		if (r->raw)
			printf("%-38s %12.0f %12s %10.1f %14s\n", r->what, r->ns, "-",
			       r->ns / best_raw, "-");
		else if (r->ns > 0)
			printf("%-38s %12.0f %12.0f %10.1f %14.0f\n", r->what, r->ns,
			       r->ns_decision, r->ns / best_raw, 1e9 / r->ns_decision);
		else
			printf("%-38s %12s %12.0f %10s %14.0f\n", r->what, "-", r->ns_decision, "-",
			       1e9 / r->ns_decision);
	}
	return 0;
}
