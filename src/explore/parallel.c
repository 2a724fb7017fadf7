/*
 * parallel.c - -j N: work units explored by N forked worker processes.
 *
 * The port's state is the kernel's global state, one instance per process,
 * so workers are processes, each pinned to its own CPU.  They take units
 * from a shared counter (Concurrency Kit's ck_pr atomics on a shared
 * mapping) and write each unit's result to a file; the parent reads the
 * results back in unit order, so the merged report is the one a single
 * process gives.  A worker skips units above the lowest unit that has
 * already shown a violation, since the merge stops there anyway.
 */
#include <ck_pr.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "parallel.h"
#include "unit_io.h"

struct shared {
	unsigned next;
	unsigned lowest_violation;
};

static int save_result(const char *path, const struct unit_result *r)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return -1;
	int rc = unit_result_write(f, r);
	return fclose(f) | rc;
}

static int load_result(const char *path, struct unit_result *r)
{
	FILE *f = fopen(path, "rb");

	if (!f)
		return -1;
	int rc = unit_result_read(f, r);
	fclose(f);
	return rc;
}

static void worker(const struct ex_options *o, const struct ex_unit *units, unsigned nunits,
		   const bool *mine, double deadline, struct shared *sh, const char *dir)
{
	for (;;) {
		unsigned u = ck_pr_faa_uint(&sh->next, 1);
		char path[600];
		struct unit_result r;

		if (u >= nunits)
			break;
		if (!mine[u] || (!o->keep_going && u > ck_pr_load_uint(&sh->lowest_violation)))
			continue;
		struct unit_job job = {o, &units[u], u, o->max_executions, deadline};

		unit_explore(&job, NULL, NULL, &r);
		if (r.stopped_on_violation) {
			unsigned low = ck_pr_load_uint(&sh->lowest_violation);
			while (u < low &&
			       !ck_pr_cas_uint_value(&sh->lowest_violation, low, u, &low))
				;
		}
		snprintf(path, sizeof(path), "%s/unit-%u", dir, u);
		if (save_result(path, &r) != 0)
			_exit(3);
		unit_result_free(&r);
	}
}

int explore_parallel(const struct ex_options *o, const struct ex_unit *units, unsigned nunits,
		     const bool *mine, double deadline, struct unit_result *res, char *err,
		     unsigned errlen)
{
	char dir[] = "/tmp/vfsrace-jXXXXXX";
	struct shared *sh;
	int jobs = o->jobs;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	pid_t pids[256];
	int rc = 0;

	if (jobs > 256)
		jobs = 256;
	if (!mkdtemp(dir)) {
		snprintf(err, errlen, "cannot create a temporary directory: %s", strerror(errno));
		return -1;
	}
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		snprintf(err, errlen, "mmap: %s", strerror(errno));
		rmdir(dir);
		return -1;
	}
	sh->next = 0;
	sh->lowest_violation = ~0u;
	fflush(NULL);
	for (int w = 0; w < jobs; w++) {
		pid_t p = fork();

		if (p < 0) {
			snprintf(err, errlen, "fork: %s", strerror(errno));
			jobs = w;
			rc = -1;
			break;
		}
		if (p == 0) {
			rt_after_fork(ncpu > 0 ? (int)(w % ncpu) : -1);
			worker(o, units, nunits, mine, deadline, sh, dir);
			_exit(0);
		}
		pids[w] = p;
	}
	for (int w = 0; w < jobs; w++) {
		int st;

		while (waitpid(pids[w], &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			snprintf(err, errlen, "worker %d failed (status %d)", w, st);
			rc = -1;
		}
	}
	for (unsigned u = 0; u < nunits; u++) {
		char path[600];

		if (!mine[u])
			continue; /* another shard's, or resumed from a checkpoint */
		snprintf(path, sizeof(path), "%s/unit-%u", dir, u);
		memset(&res[u], 0, sizeof(res[u]));
		if (mine[u] && rc == 0 && access(path, F_OK) == 0 &&
		    load_result(path, &res[u]) != 0) {
			snprintf(err, errlen, "cannot read the result of unit %u", u);
			rc = -1;
		}
		unlink(path);
	}
	rmdir(dir);
	munmap(sh, sizeof(*sh));
	return rc;
}
