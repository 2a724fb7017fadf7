/*
 * pool.c - see pool.h.
 *
 * A job travels as its index in jobs[] over a socket from the parent; a
 * result comes back as a frame over a pipe: its length (uint64_t), then
 * the bytes of unit_result_write().  A worker writes a frame only for a
 * job it was given, so a slot has at most one frame in flight.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pool.h"
#include "unit_io.h"
#include "watchdog.h"

#define MAX_WORKERS	256
#define WATCH_PERIOD_MS 50 /* heartbeat checks; an exit is seen at once */

struct slot {
	pid_t pid;	/* 0: no worker */
	int jobs_fd;	/* parent's end of the job channel, -1 once closed */
	int results_fd; /* read end of the result pipe */
	unsigned job;
	bool busy; /* job was handed over and its result is still due */
	char *buf; /* bytes of the result frame so far */
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

/* Explore job j and send its result as a frame; false if it could not. */
static bool worker_run_job(struct pool *p, struct slot *s, unsigned j, FILE *out)
{
	struct unit_result r;
	char *bytes = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&bytes, &len);
	bool ok;

	unit_explore(&p->jobs[j], p->o->isolate ? s->watchdog.pg : NULL,
		     p->o->isolate ? &s->watchdog.skip : NULL, &r);
	ok = m && unit_result_write(m, &r) == 0;
	ok = m && fclose(m) == 0 && ok;
	uint64_t frame_len = len;
	ok = ok && fwrite(&frame_len, sizeof(frame_len), 1, out) == 1 &&
	     fwrite(bytes, 1, len, out) == len && fflush(out) == 0;
	free(bytes);
	unit_result_free(&r);
	return ok;
}

/* The worker: the jobs it is handed, one by one, until the job pipe ends.
 * It dies with its parent: a parent killed outright (SIGKILL) leaves no
 * worker exploring on for nobody. */
static void worker_main(struct pool *p, struct slot *s, int jobs_fd, int results_fd, int cpu,
			pid_t parent)
{
	FILE *out;
	unsigned j;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
		_exit(3); /* the parent died before the request took */
	out = fdopen(results_fd, "wb");
	rt_after_fork(cpu);
	if (!out)
		_exit(3);
	for (;;) {
		ssize_t got = read(jobs_fd, &j, sizeof(j));

		if (got < 0 && errno == EINTR)
			continue;
		if (got == 0)
			_exit(0);
		if (got != sizeof(j) || j >= p->n || !worker_run_job(p, s, j, out))
			_exit(3);
	}
}

/* A worker could not be run: the first such error is the pool's. */
static void fail(struct pool *p, const char *what, int err)
{
	if (p->rc == 0)
		snprintf(p->errbuf, p->errlen, "%s: %s", what, strerror(err));
	p->rc = -1;
}

/* Hand job j to s's worker; a watched worker gets no other.  If the
 * worker is gone the send fails quietly (no SIGPIPE): its result pipe
 * ends, and that is where its death is dealt with. */
static void give_job(struct pool *p, struct slot *s, unsigned j)
{
	s->job = j;
	s->busy = true;
	s->len = 0;
	while (send(s->jobs_fd, &j, sizeof(j), MSG_NOSIGNAL) < 0 && errno == EINTR)
		;
	if (p->o->isolate) {
		close(s->jobs_fd);
		s->jobs_fd = -1;
	}
}

/* In a new worker: the parent's ends of the other workers' channels.  A
 * copy of another worker's job channel here would keep that worker from
 * seeing it end. */
static void close_other_slots(struct pool *p, const struct slot *self)
{
	for (int i = 0; i < p->nslots; i++) {
		const struct slot *o = &p->slots[i];

		if (o == self || !o->pid)
			continue;
		if (o->jobs_fd >= 0)
			close(o->jobs_fd);
		close(o->results_fd);
	}
}

/* Start a worker in slot s (index i) on job j. */
static void slot_start(struct pool *p, struct slot *s, int i, unsigned j)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int jobs[2], results[2];

	/* A socket, not a pipe: send() can refuse without SIGPIPE. */
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, jobs) != 0)
		return fail(p, "socketpair", errno);
	if (pipe(results) != 0) {
		int err = errno;

		close(jobs[0]);
		close(jobs[1]);
		return fail(p, "pipe", err);
	}
	if (p->o->isolate)
		watchdog_start(&s->watchdog);
	s->hung = false;
	fflush(NULL);
	pid_t parent = getpid();
	s->pid = fork();
	if (s->pid < 0) {
		int err = errno;

		s->pid = 0;
		close(jobs[0]);
		close(jobs[1]);
		close(results[0]);
		close(results[1]);
		return fail(p, "fork", err);
	}
	if (s->pid == 0) {
		close(jobs[1]);
		close(results[0]);
		close_other_slots(p, s);
		/* One worker stays on the CPU the explorer was given; several
		 * take one CPU each. */
		worker_main(p, s, jobs[0], results[1],
			    p->o->jobs > 1 && ncpu > 0 ? (int)(i % ncpu) : -1, parent);
	}
	close(jobs[0]);
	close(results[1]);
	s->jobs_fd = jobs[1];
	s->results_fd = results[0];
	p->live++;
	give_job(p, s, j);
}

/* The next job to hand out, or -1: none left, a stop was requested, or
 * (without --keep-going) all that are left lie beyond a unit that stopped
 * on a violation. */
static int next_job(struct pool *p)
{
	while (p->next < p->n && p->rc == 0 && !ex_stop_requested()) {
		unsigned j = p->next++;

		if (p->o->keep_going || p->jobs[j].index < p->lowest_stop)
			return (int)j;
	}
	return -1;
}

/* Hand s's worker its next job, or tell it there is none. */
static void slot_next(struct pool *p, struct slot *s)
{
	int j = s->jobs_fd >= 0 ? next_job(p) : -1;

	if (j >= 0)
		return give_job(p, s, (unsigned)j);
	if (s->jobs_fd >= 0)
		close(s->jobs_fd);
	s->jobs_fd = -1;
}

static void fill_slots(struct pool *p)
{
	for (int i = 0; i < p->nslots; i++) {
		struct slot *s = &p->slots[i];
		int j;

		if (s->pid || (j = next_job(p)) < 0)
			continue;
		if (p->o->isolate)
			watchdog_new_unit(&s->watchdog);
		slot_start(p, s, i, (unsigned)j);
	}
}

/* Job s->job is done, with the result in place. */
static void job_done(struct pool *p, struct slot *s)
{
	const struct unit_result *r = &p->results[s->job];

	if (r->stopped_on_violation && p->jobs[s->job].index < p->lowest_stop)
		p->lowest_stop = p->jobs[s->job].index;
	s->busy = false;
}

/* A whole frame in s->buf: the result of s->job.  True if one was taken. */
static bool take_frame(struct pool *p, struct slot *s)
{
	struct unit_result *r = &p->results[s->job];
	uint64_t frame_len;

	if (!s->busy || s->len < sizeof(frame_len))
		return false;
	memcpy(&frame_len, s->buf, sizeof(frame_len));
	if (s->len - sizeof(frame_len) < frame_len)
		return false;
	FILE *f = fmemopen(s->buf + sizeof(frame_len), frame_len, "rb");
	if (!f || unit_result_read(f, r) != 0)
		snprintf(r->error, sizeof(r->error), "cannot read the result of unit %u",
			 p->jobs[s->job].index);
	else if (p->o->isolate)
		watchdog_unit_finished(&s->watchdog, r);
	if (f)
		fclose(f);
	s->len = 0;
	job_done(p, s);
	return true;
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
	ssize_t got = read(s->results_fd, s->buf + s->len, s->cap - s->len);
	if (got < 0)
		return errno != EINTR && errno != EAGAIN;
	s->len += (size_t)got;
	return got == 0;
}

/* The worker died with s->job's result still due. */
static void job_lost(struct pool *p, struct slot *s, int st)
{
	struct unit_result *r = &p->results[s->job];

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
		return slot_start(p, s, (int)(s - p->slots), s->job);
	watchdog_unit_ended(&s->watchdog, p->o, r);
	job_done(p, s);
}

/* The worker is gone: done, or dead with a job's result still due. */
static void slot_reap(struct pool *p, struct slot *s)
{
	int st = 0;

	close(s->results_fd);
	if (s->jobs_fd >= 0)
		close(s->jobs_fd);
	s->jobs_fd = -1;
	while (waitpid(s->pid, &st, 0) < 0 && errno == EINTR)
		;
	s->pid = 0;
	p->live--;
	if (s->busy)
		job_lost(p, s, st);
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
		if (p->o->isolate && s->busy && watchdog_stalled(&s->watchdog)) {
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
			pfd[n] = (struct pollfd){.fd = p->slots[i].results_fd, .events = POLLIN};
			of[n++] = &p->slots[i];
		}
	if (poll(pfd, (nfds_t)n, WATCH_PERIOD_MS) <= 0)
		return;
	for (int k = 0; k < n; k++) {
		struct slot *s = of[k];

		if (!pfd[k].revents)
			continue;
		bool gone = slot_read(s);
		if (take_frame(p, s))
			slot_next(p, s);
		if (gone)
			slot_reap(p, s);
	}
}

static int pool_init(struct pool *p)
{
	p->nslots = p->o->jobs < 1 ? 1 : p->o->jobs > MAX_WORKERS ? MAX_WORKERS : p->o->jobs;
	if ((unsigned)p->nslots > p->n)
		p->nslots = (int)p->n;
	p->slots = calloc((size_t)p->nslots, sizeof(*p->slots));
	if (!p->slots)
		abort();
	for (int i = 0; i < p->nslots; i++)
		p->slots[i].jobs_fd = -1;
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
