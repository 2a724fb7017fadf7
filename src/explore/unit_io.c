/*
 * unit_io.c - a work unit's result as bytes: how -j workers, --isolate
 * workers and --checkpoint files hand results back to the merging process.
 *
 * The layout is this build's struct unit_result followed by each found
 * schedule's choices and the terminal-state hashes; it is read back only by
 * the same binary (checkpoints carry the tool version and refuse others).
 */
#include <stdlib.h>
#include <string.h>

#include "explore_internal.h"

static int write_all(FILE *f, const void *p, size_t n)
{
	return fwrite(p, 1, n, f) == n ? 0 : -1;
}

static int read_all(FILE *f, void *p, size_t n)
{
	return fread(p, 1, n, f) == n ? 0 : -1;
}

int unit_result_write(FILE *f, const struct unit_result *r)
{
	struct unit_result flat;
	int rc = 0;

	/* Field by field into zeroed memory: no padding bytes of the caller's
	 * copy reach the file (valgrind checks what write(2) is given). */
	memset(&flat, 0, sizeof(flat));
	flat.stats = r->stats;
	flat.states.n = r->states.n;
	flat.states.has_zero = r->states.has_zero;
	flat.nfound = r->nfound;
	for (int i = 0; i < r->nfound; i++) {
		flat.found[i].v = r->found[i].v;
		flat.found[i].sched = r->found[i].sched;
		flat.found[i].sched.choice = NULL;
		memcpy(flat.found[i].path, r->found[i].path, sizeof(flat.found[i].path));
	}
	flat.stopped_on_violation = r->stopped_on_violation;
	flat.budget_hit = r->budget_hit;
	flat.diverged = r->diverged;
	flat.interrupted = r->interrupted;
	flat.ran = r->ran;
	flat.races = r->races;
	memcpy(flat.bounds, r->bounds, sizeof(flat.bounds));
	memcpy(flat.error, r->error, sizeof(flat.error));
	rc |= write_all(f, &flat, sizeof(flat));
	for (int i = 0; i < r->nfound; i++)
		rc |= write_all(f, r->found[i].sched.choice, r->found[i].sched.n);
	unsigned long nz = 0;
	for (unsigned long i = 0; i < r->states.cap; i++)
		nz += r->states.slot[i] != 0;
	rc |= write_all(f, &nz, sizeof(nz));
	for (unsigned long i = 0; i < r->states.cap; i++)
		if (r->states.slot[i])
			rc |= write_all(f, &r->states.slot[i], sizeof(uint64_t));
	return rc;
}

int unit_result_read(FILE *f, struct unit_result *r)
{
	int rc = read_all(f, r, sizeof(*r));
	bool has_zero = r->states.has_zero;

	memset(&r->states, 0, sizeof(r->states));
	if (rc || r->nfound < 0 || r->nfound > EX_MAX_FOUND) {
		r->nfound = 0;
		return -1;
	}
	if (has_zero)
		hashset_add(&r->states, 0);
	for (int i = 0; i < r->nfound; i++) {
		unsigned n = r->found[i].sched.n;
		uint8_t *c = n <= 10000000u ? malloc(n ? n : 1) : NULL;

		r->found[i].sched.choice = c;
		r->found[i].sched.cap = n;
		if (!c || read_all(f, c, n)) {
			r->found[i].sched.n = 0;
			rc = -1;
		}
	}
	unsigned long nz = 0;
	rc |= read_all(f, &nz, sizeof(nz));
	for (unsigned long i = 0; i < nz && !rc; i++) {
		uint64_t v;

		rc |= read_all(f, &v, sizeof(v));
		if (!rc)
			hashset_add(&r->states, v);
	}
	return rc;
}
