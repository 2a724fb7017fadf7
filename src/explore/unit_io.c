/*
 * unit_io.c - a work unit's result as bytes (see unit_io.h).
 *
 * The layout is this build's struct unit_result followed by each found
 * schedule's choices and the terminal-state hashes, then the FNV-1a 64
 * checksum of all of it: a damaged record is refused, not merged.  It is
 * read back only by the same binary (checkpoints carry the tool version and
 * refuse others).
 */
#include <stdlib.h>
#include <string.h>

#include "fnv.h"
#include "unit_io.h"

/* A schedule longer than this is a corrupted record, not a schedule. */
#define MAX_CHOICES 10000000u
/* More terminal states than this is a corrupted record too. */
#define MAX_STATES (1ul << 32)

/* A stream and the checksum of what went through it so far. */
struct io {
	FILE *f;
	uint64_t sum;
};

static int put(struct io *io, const void *p, size_t n)
{
	io->sum = fnv1a64_more(io->sum, p, n);
	return fwrite(p, 1, n, io->f) == n ? 0 : -1;
}

static int get(struct io *io, void *p, size_t n)
{
	if (fread(p, 1, n, io->f) != n)
		return -1;
	io->sum = fnv1a64_more(io->sum, p, n);
	return 0;
}

/* Field by field into zeroed memory: no padding bytes of the caller's copy
 * reach the file (valgrind checks what write(2) is given), no pointers. */
static void flatten(const struct unit_result *r, struct unit_result *flat)
{
	const struct ex_report *rep = &r->report;

	memset(flat, 0, sizeof(*flat));
	flat->report.stats = rep->stats;
	flat->report.nfound = rep->nfound;
	for (int i = 0; i < rep->nfound; i++) {
		struct ex_found *f = &flat->report.found[i];

		f->v = rep->found[i].v;
		f->sched = rep->found[i].sched;
		f->sched.choice = NULL;
		memcpy(f->path, rep->found[i].path, sizeof(f->path));
		f->unit = rep->found[i].unit;
	}
	memcpy(flat->report.bounds, rep->bounds, sizeof(rep->bounds));
	memcpy(flat->report.covers, rep->covers, sizeof(rep->covers));
	flat->report.resumed_units = rep->resumed_units;
	flat->report.nstate_hashes = rep->nstate_hashes;
	flat->report.races = rep->races;
	flat->stopped_on_violation = r->stopped_on_violation;
	flat->budget_hit = r->budget_hit;
	flat->interrupted = r->interrupted;
	flat->ran = r->ran;
	memcpy(flat->error, r->error, sizeof(flat->error));
}

int unit_result_write(FILE *f, const struct unit_result *r)
{
	const struct ex_report *rep = &r->report;
	struct unit_result flat;
	struct io io = {f, FNV1A64_INIT};
	int rc;

	flatten(r, &flat);
	rc = put(&io, &flat, sizeof(flat));
	for (int i = 0; i < rep->nfound; i++)
		rc |= put(&io, rep->found[i].sched.choice, rep->found[i].sched.n);
	rc |= put(&io, rep->state_hashes, rep->nstate_hashes * sizeof(uint64_t));
	uint64_t sum = io.sum;
	rc |= put(&io, &sum, sizeof(sum));
	return rc;
}

static int read_choices(struct io *f, struct ex_schedule *s)
{
	unsigned n = s->n;

	s->choice = n <= MAX_CHOICES ? malloc(n ? n : 1) : NULL;
	s->n = s->cap = 0;
	if (!s->choice || get(f, s->choice, n) != 0)
		return -1;
	s->n = s->cap = n;
	return 0;
}

static int read_state_hashes(struct io *f, struct ex_report *rep)
{
	unsigned long n = rep->nstate_hashes;

	rep->nstate_hashes = 0;
	if (n != rep->stats.distinct_states || n > MAX_STATES)
		return -1;
	rep->state_hashes = malloc((n + 1) * sizeof(uint64_t));
	if (!rep->state_hashes || get(f, rep->state_hashes, n * sizeof(uint64_t)) != 0)
		return -1;
	rep->nstate_hashes = n;
	return 0;
}

int unit_result_read(FILE *f, struct unit_result *r)
{
	struct ex_report *rep = &r->report;
	struct io io = {f, FNV1A64_INIT};
	uint64_t sum;
	int nfound, rc = 0;

	memset(r, 0, sizeof(*r));
	if (get(&io, r, sizeof(*r)) != 0 || rep->nfound < 0 || rep->nfound > EX_MAX_FOUND) {
		memset(r, 0, sizeof(*r));
		return -1;
	}
	/* Pointers in the record mean nothing here: own only what is read. */
	rep->state_hashes = NULL;
	nfound = rep->nfound;
	rep->nfound = 0;
	for (int i = 0; i < nfound && !rc; i++) {
		rc = read_choices(&io, &rep->found[i].sched);
		rep->nfound += rep->found[i].sched.choice != NULL;
	}
	if (!rc)
		rc = read_state_hashes(&io, rep);
	if (!rc) {
		uint64_t want = io.sum;
		rc = get(&io, &sum, sizeof(sum)) != 0 || sum != want ? -1 : 0;
	}
	if (rc)
		unit_result_free(r);
	return rc;
}
