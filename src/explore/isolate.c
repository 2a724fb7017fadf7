/*
 * isolate.c - --isolate: each work unit explored by a forked worker under
 * a watchdog, so a model that crashes for real (abort(), a fault the
 * runtime cannot unwind) or hangs without reaching a scheduling point
 * costs one worker, not the exploration.
 *
 * The worker mirrors the choices of its running execution into a shared
 * mapping (no system call per step), which survives the worker: when it
 * dies or the watchdog kills it, the parent saves that schedule as a
 * violation of kind "crash" or "hang".  With --keep-going the parent then
 * starts a new worker on the same unit that abandons any execution about
 * to take the last choice of such a schedule (counted as blocked), so the
 * rest of the unit is still explored; without it the unit stops there, as
 * with any other violation.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "counterexample.h"
#include "isolate.h"
#include "unit_io.h"

#define DEFAULT_TIMEOUT_S 10.0
#define WATCH_PERIOD_MS	  50 /* heartbeat checks; an exit is seen at once */

/* Wait for the worker; kill it once its heartbeat stood still for
 * timeout seconds.  `gone` is the read end of a pipe whose write end only
 * the worker holds: it reads EOF the moment the worker is gone, however
 * it went.  Returns the wait status; *hung when killed. */
static int watch(pid_t pid, int gone, const struct ex_progress *pg, double timeout, bool *hung)
{
	unsigned long last = __atomic_load_n(&pg->heartbeat, __ATOMIC_RELAXED);
	double since = ex_now();
	bool forwarded = false;
	int st = 0;

	*hung = false;
	for (;;) {
		struct pollfd pfd = {.fd = gone, .events = POLLIN};

		if (poll(&pfd, 1, WATCH_PERIOD_MS) > 0)
			break;
		if (ex_stop_requested() && !forwarded) {
			kill(pid, SIGINT); /* the worker stops as the parent was told */
			forwarded = true;
		}
		unsigned long hb = __atomic_load_n(&pg->heartbeat, __ATOMIC_RELAXED);
		double now = ex_now();
		if (hb != last) {
			last = hb;
			since = now;
		} else if (now - since > timeout) {
			*hung = true;
			kill(pid, SIGKILL);
			break;
		}
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return st;
}

static void describe_death(struct rt_violation *v, int st, bool hung, double timeout,
			   const struct ex_progress *pg)
{
	memset(v, 0, sizeof(*v));
	v->tid = -1;
	v->step = pg->n;
	v->fatal = true;
	if (hung) {
		snprintf(v->kind, sizeof(v->kind), "hang");
		snprintf(v->message, sizeof(v->message),
			 "no scheduling point for %.1f s after step %u of an execution: a "
			 "thread loops without one (worker killed)",
			 timeout, pg->n);
	} else if (WIFSIGNALED(st)) {
		snprintf(v->kind, sizeof(v->kind), "crash");
		snprintf(v->message, sizeof(v->message),
			 "the worker died of signal %d (%s) after step %u of an execution",
			 WTERMSIG(st), strsignal(WTERMSIG(st)), pg->n);
	} else {
		snprintf(v->kind, sizeof(v->kind), "crash");
		snprintf(v->message, sizeof(v->message),
			 "the worker exited with status %d after step %u of an execution",
			 WEXITSTATUS(st), pg->n);
	}
}

static bool same_schedule(const struct ex_schedule *a, const struct ex_found *kills, int n)
{
	for (int i = 0; i < n; i++)
		if (kills[i].sched.n == a->n && !memcmp(kills[i].sched.choice, a->choice, a->n))
			return true;
	return false;
}

/* The worker's side: explore, write the result to fd, never return. */
static void run_worker(const struct unit_job *job, struct ex_progress *pg,
		       const struct ex_skip_list *skip, int fd)
{
	struct unit_result r;
	FILE *f;

	rt_after_fork(-1);
	unit_explore(job, pg, skip, &r);
	f = fdopen(fd, "wb");
	if (!f || unit_result_write(f, &r) != 0 || fclose(f) != 0)
		_exit(3);
	_exit(0);
}

static int read_worker_result(int fd, struct unit_result *r)
{
	FILE *f;
	int rc;

	if (lseek(fd, 0, SEEK_SET) != 0 || !(f = fdopen(dup(fd), "rb")))
		return -1;
	rc = unit_result_read(f, r);
	fclose(f);
	return rc;
}

/* Add the violations that killed workers to the unit's own. */
static void add_kills(struct unit_result *u, struct ex_report *kills)
{
	struct ex_report *r = &u->report;

	for (int i = 0; i < kills->nfound; i++) {
		if (r->nfound < EX_MAX_FOUND) {
			r->found[r->nfound++] = kills->found[i];
		} else {
			ex_schedule_free(&kills->found[i].sched);
		}
	}
	kills->nfound = 0;
}

void explore_unit_isolated(const struct unit_job *job, struct unit_result *r)
{
	const struct ex_options *o = job->o;
	unsigned unit_index = job->index;
	double timeout = o->isolate_timeout > 0 ? o->isolate_timeout : DEFAULT_TIMEOUT_S;
	size_t maplen = sizeof(struct ex_progress) + o->max_steps + 1;
	struct ex_progress *pg;
	struct ex_report kills;
	struct ex_skip_list skip = {0};
	char path[] = "/tmp/vfsrace-isolateXXXXXX";
	int fd;

	memset(r, 0, sizeof(*r));
	memset(&kills, 0, sizeof(kills));
	pg = mmap(NULL, maplen, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	fd = mkstemp(path);
	if (pg == MAP_FAILED || fd < 0) {
		snprintf(r->error, sizeof(r->error), "--isolate: %s", strerror(errno));
		goto out;
	}
	unlink(path);
	for (;;) {
		bool hung;
		int st;

		memset(pg, 0, sizeof(*pg));
		pg->cap = o->max_steps + 1;
		if (ftruncate(fd, 0) != 0) {
			snprintf(r->error, sizeof(r->error), "--isolate: %s", strerror(errno));
			break;
		}
		int gone[2];
		if (pipe(gone) != 0) {
			snprintf(r->error, sizeof(r->error), "pipe: %s", strerror(errno));
			break;
		}
		fflush(NULL);
		pid_t pid = fork();
		if (pid < 0) {
			snprintf(r->error, sizeof(r->error), "fork: %s", strerror(errno));
			close(gone[0]);
			close(gone[1]);
			break;
		}
		if (pid == 0) {
			close(gone[0]);
			run_worker(job, pg, &skip, fd);
		}
		close(gone[1]);
		st = watch(pid, gone[0], pg, timeout, &hung);
		close(gone[0]);
		if (!hung && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
			if (read_worker_result(fd, r) != 0)
				snprintf(r->error, sizeof(r->error),
					 "cannot read the result of unit %u", unit_index);
			add_kills(r, &kills);
			break;
		}
		if (ex_stop_requested() && !hung) {
			r->interrupted = true;
			break;
		}
		struct rt_violation v;
		describe_death(&v, st, hung, timeout, pg);
		unsigned n = __atomic_load_n(&pg->n, __ATOMIC_ACQUIRE);
		int k = kills.nfound;
		counterexample_keep(o, unit_index, pg->finished, &v, pg->choice, n,
				    &kills.found[kills.nfound++]);
		bool again = same_schedule(&kills.found[k].sched, kills.found, k);
		if (!o->keep_going || again || n == 0 || kills.nfound == EX_MAX_FOUND) {
			/* The unit ends here; what it explored before is lost
			 * with the worker, so its counts are not complete. */
			r->stopped_on_violation = !o->keep_going;
			r->report.stats.complete = false;
			r->ran = true;
			add_kills(r, &kills);
			break;
		}
		skip.s[skip.n++] = &kills.found[k].sched;
	}
out:
	ex_report_free(&kills);
	if (pg != MAP_FAILED)
		munmap(pg, maplen);
	if (fd >= 0)
		close(fd);
}
