/*
 * pool.c - see pool.h.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pool.h"
#include "unit_io.h"
#include "watchdog.h"

#define MAX_WORKERS	256
#define WATCH_PERIOD_MS 50 /* heartbeat checks; an exit is seen at once */

struct slot {
	pid_t pid; /* 0: free */
	int fd;	   /* read end of the worker's result pipe */
	unsigned job;
	char *buf; /* the result's bytes so far */
	size_t len, cap;
	bool hung;		  /* killed by the watchdog */
	struct watchdog watchdog; /* with --isolate */
};

struct pool {
	const struct ex_options *o;
	const struct unit_job *jobs;
	struct unit_result *results;
	unsigned n, next;
	unsigned lowest_stop; /* lowest unit index that stopped on a violation */
	struct slot *slots;
	int nslots, live;
	bool stop_forwarded;
	int rc;
	char *errbuf;
	unsigned errlen;
};

/* The worker: explore, write the result into the pipe, never return. */
static void worker_main(struct pool *p, struct slot *s, int fd, int cpu)
{
	struct unit_result r;
	FILE *f;

	rt_after_fork(cpu);
	unit_explore(&p->jobs[s->job], p->o->isolate ? s->watchdog.pg : NULL,
		     p->o->isolate ? &s->watchdog.skip : NULL, &r);
	f = fdopen(fd, "wb");
	if (!f || unit_result_write(f, &r) != 0 || fclose(f) != 0)
		_exit(3);
	_exit(0);
}

/* A worker could not be run: the first such error is the pool's. */
static void fail(struct pool *p, const char *what, int err)
{
	if (p->rc == 0)
		snprintf(p->errbuf, p->errlen, "%s: %s", what, strerror(err));
	p->rc = -1;
}

/* Start a worker on job s->job in slot s (index i). */
static void slot_start(struct pool *p, struct slot *s, int i)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int fds[2];

	if (pipe(fds) != 0)
		return fail(p, "pipe", errno);
	if (p->o->isolate)
		watchdog_start(&s->watchdog);
	s->len = 0;
	s->hung = false;
	fflush(NULL);
	s->pid = fork();
	if (s->pid < 0) {
		int err = errno;

		s->pid = 0;
		close(fds[0]);
		close(fds[1]);
		return fail(p, "fork", err);
	}
	if (s->pid == 0) {
		close(fds[0]);
		/* One worker stays on the CPU the explorer was given; several
		 * take one CPU each. */
		worker_main(p, s, fds[1], p->o->jobs > 1 && ncpu > 0 ? (int)(i % ncpu) : -1);
	}
	close(fds[1]);
	s->fd = fds[0];
	p->live++;
}

/* The next job to start, or -1: none left, or (without --keep-going)
 * all that are left lie beyond a unit that stopped on a violation. */
static int next_job(struct pool *p)
{
	while (p->next < p->n) {
		unsigned j = p->next++;

		if (p->o->keep_going || p->jobs[j].index < p->lowest_stop)
			return (int)j;
	}
	return -1;
}

static void fill_slots(struct pool *p)
{
	for (int i = 0; i < p->nslots && p->rc == 0; i++) {
		struct slot *s = &p->slots[i];
		int j;

		if (s->pid || (j = next_job(p)) < 0)
			continue;
		s->job = (unsigned)j;
		if (p->o->isolate)
			watchdog_new_unit(&s->watchdog);
		slot_start(p, s, i);
	}
}

/* Take what the worker wrote; true at the end of the pipe. */
static bool slot_read(struct slot *s)
{
	if (s->cap - s->len < 65536) {
		s->cap = s->cap ? s->cap * 2 : 131072;
		s->buf = realloc(s->buf, s->cap);
		if (!s->buf)
			abort();
	}
	ssize_t got = read(s->fd, s->buf + s->len, s->cap - s->len);
	if (got < 0)
		return errno != EINTR && errno != EAGAIN;
	s->len += (size_t)got;
	return got == 0;
}

static int parse_result(const struct slot *s, struct unit_result *r)
{
	FILE *f = s->len ? fmemopen(s->buf, s->len, "rb") : NULL;
	int rc = f ? unit_result_read(f, r) : -1;

	if (f)
		fclose(f);
	return rc;
}

static void job_done(struct pool *p, struct slot *s)
{
	const struct unit_result *r = &p->results[s->job];

	if (r->stopped_on_violation && p->jobs[s->job].index < p->lowest_stop)
		p->lowest_stop = p->jobs[s->job].index;
	s->pid = 0;
}

/* The worker is gone: take its result, or its death. */
static void slot_reap(struct pool *p, struct slot *s)
{
	struct unit_result *r = &p->results[s->job];
	int st = 0;

	close(s->fd);
	while (waitpid(s->pid, &st, 0) < 0 && errno == EINTR)
		;
	p->live--;
	if (!s->hung && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		if (parse_result(s, r) != 0)
			snprintf(r->error, sizeof(r->error), "cannot read the result of unit %u",
				 p->jobs[s->job].index);
		else if (p->o->isolate)
			watchdog_unit_finished(&s->watchdog, r);
		return job_done(p, s);
	}
	if (ex_stop_requested() && !s->hung) {
		memset(r, 0, sizeof(*r));
		r->interrupted = true;
		return job_done(p, s);
	}
	if (!p->o->isolate) {
		if (p->rc == 0)
			snprintf(p->errbuf, p->errlen,
				 "the worker exploring unit %u failed (status %d)",
				 p->jobs[s->job].index, st);
		p->rc = -1;
		return job_done(p, s);
	}
	if (watchdog_record_death(&s->watchdog, &p->jobs[s->job], st, s->hung))
		return slot_start(p, s, (int)(s - p->slots));
	watchdog_unit_ended(&s->watchdog, p->o, r);
	job_done(p, s);
}

/* Kill workers whose heartbeat stood still; pass a stop request on. */
static void watch_workers(struct pool *p)
{
	bool forward = ex_stop_requested() && !p->stop_forwarded;

	for (int i = 0; i < p->nslots; i++) {
		struct slot *s = &p->slots[i];

		if (!s->pid || s->hung)
			continue;
		if (forward)
			kill(s->pid, SIGINT); /* the worker stops as its parent was told */
		if (p->o->isolate && watchdog_stalled(&s->watchdog)) {
			s->hung = true;
			kill(s->pid, SIGKILL);
		}
	}
	p->stop_forwarded |= forward;
}

/* Wait for output or an exit from any worker, a watch period at most. */
static void wait_workers(struct pool *p)
{
	struct pollfd pfd[MAX_WORKERS];
	struct slot *of[MAX_WORKERS];
	int n = 0;

	for (int i = 0; i < p->nslots; i++)
		if (p->slots[i].pid) {
			pfd[n] = (struct pollfd){.fd = p->slots[i].fd, .events = POLLIN};
			of[n++] = &p->slots[i];
		}
	if (poll(pfd, (nfds_t)n, WATCH_PERIOD_MS) <= 0)
		return;
	for (int k = 0; k < n; k++)
		if (pfd[k].revents && slot_read(of[k]))
			slot_reap(p, of[k]);
}

static int pool_init(struct pool *p)
{
	p->nslots = p->o->jobs < 1 ? 1 : p->o->jobs > MAX_WORKERS ? MAX_WORKERS : p->o->jobs;
	if ((unsigned)p->nslots > p->n)
		p->nslots = (int)p->n;
	p->slots = calloc((size_t)p->nslots, sizeof(*p->slots));
	if (!p->slots)
		abort();
	for (int i = 0; i < p->nslots && p->o->isolate; i++)
		if (watchdog_init(&p->slots[i].watchdog, p->o) != 0) {
			fail(p, "--isolate", errno);
			return -1;
		}
	return 0;
}

static void pool_free(struct pool *p)
{
	for (int i = 0; i < p->nslots; i++) {
		watchdog_free(&p->slots[i].watchdog);
		free(p->slots[i].buf);
	}
	free(p->slots);
}

int pool_run(const struct unit_job *jobs, struct unit_result *results, unsigned n, char *errbuf,
	     unsigned errlen)
{
	struct pool p = {
	    .o = n ? jobs[0].o : NULL,
	    .jobs = jobs,
	    .results = results,
	    .n = n,
	    .lowest_stop = ~0u,
	    .errbuf = errbuf,
	    .errlen = errlen,
	};

	memset(results, 0, n * sizeof(*results));
	if (n == 0)
		return 0;
	if (pool_init(&p) == 0) {
		fill_slots(&p);
		while (p.live > 0) {
			wait_workers(&p);
			watch_workers(&p);
			fill_slots(&p);
		}
	}
	pool_free(&p);
	return p.rc;
}
