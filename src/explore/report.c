/*
 * report.c - see ex_report.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vfsrace/ex_report.h"

void ex_report_init(struct ex_report *r)
{
	memset(r, 0, sizeof(*r));
	r->stats.complete = true;
}

static unsigned long max_ul(unsigned long a, unsigned long b)
{
	return a > b ? a : b;
}

static void merge_stats(struct ex_stats *into, const struct ex_stats *part)
{
	into->executions += part->executions;
	into->blocked += part->blocked;
	into->steps += part->steps;
	into->max_depth = (unsigned)max_ul(into->max_depth, part->max_depth);
	into->max_preemptions = (unsigned)max_ul(into->max_preemptions, part->max_preemptions);
	into->complete = into->complete && part->complete;
	into->interrupted = into->interrupted || part->interrupted;
	if (part->elapsed_s > into->elapsed_s)
		into->elapsed_s = part->elapsed_s;
}

/* The union of two ascending lists, ascending. */
static void merge_states(struct ex_report *into, const struct ex_report *part)
{
	const uint64_t *a = into->state_hashes, *b = part->state_hashes;
	unsigned long na = into->nstate_hashes, nb = part->nstate_hashes, i = 0, j = 0, n = 0;
	uint64_t *u = malloc((na + nb + 1) * sizeof(*u));

	if (!u)
		abort();
	while (i < na || j < nb) {
		uint64_t next = j == nb || (i < na && a[i] <= b[j]) ? a[i] : b[j];

		i += i < na && a[i] == next;
		j += j < nb && b[j] == next;
		u[n++] = next;
	}
	free(into->state_hashes);
	into->state_hashes = u;
	into->nstate_hashes = n;
	into->stats.distinct_states = n;
}

const struct ex_found *ex_report_find(const struct ex_report *r, const char *kind)
{
	for (int i = 0; i < r->nfound; i++)
		if (strcmp(r->found[i].v.kind, kind) == 0)
			return &r->found[i];
	return NULL;
}

static bool has_room_for(const struct ex_report *r, const char *kind)
{
	return r->nfound < EX_MAX_FOUND && !ex_report_find(r, kind);
}

/* Both lists are in unit order, and so is the result (into's first on a
 * tie): into's own are moved back in or freed, part's are copied. */
static void merge_found(struct ex_report *into, const struct ex_report *part)
{
	struct ex_found own[EX_MAX_FOUND];
	int nown = into->nfound, i = 0, j = 0;

	memcpy(own, into->found, sizeof(own[0]) * (size_t)nown);
	into->nfound = 0;
	while (i < nown || j < part->nfound) {
		if (j == part->nfound || (i < nown && own[i].unit <= part->found[j].unit)) {
			struct ex_found *f = &own[i++];

			if (has_room_for(into, f->v.kind)) {
				into->found[into->nfound++] = *f;
			} else {
				into->unlisted_schedules += f->path[0] != 0;
				ex_schedule_free(&f->sched);
			}
		} else {
			const struct ex_found *f = &part->found[j++];

			if (has_room_for(into, f->v.kind)) {
				struct ex_found *k = &into->found[into->nfound++];
				*k = *f;
				ex_schedule_copy(&k->sched, &f->sched);
			} else {
				into->unlisted_schedules += f->path[0] != 0;
			}
		}
	}
}

static void merge_races(struct ex_race_table *into, const struct ex_race_table *part)
{
	for (int i = 0; i < part->n; i++)
		ex_race_table_add(into, &part->r[i], part->r[i].executions);
	into->dropped += part->dropped;
	ex_race_table_sort(into);
}

void ex_report_merge(struct ex_report *into, const struct ex_report *part)
{
	merge_stats(&into->stats, &part->stats);
	merge_states(into, part);
	merge_found(into, part);
	merge_races(&into->races, &part->races);
	into->resumed_units += part->resumed_units;
	into->unlisted_schedules += part->unlisted_schedules;
	if (part->bounds[0])
		memcpy(into->bounds, part->bounds, sizeof(into->bounds));
	if (part->covers[0])
		memcpy(into->covers, part->covers, sizeof(into->covers));
}

void ex_report_coverage(const struct ex_report *r, char *buf, unsigned len)
{
	if (r->stats.complete && r->covers[0])
		snprintf(buf, len, "all %lu %s", r->stats.executions, r->covers);
	else
		snprintf(buf, len, "%lu execution%s, not exhaustive", r->stats.executions,
			 r->stats.executions == 1 ? "" : "s");
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
