/*
 * hashset.h - a set of 64-bit terminal-state hashes, filled one execution
 * at a time (open addressing; 0 is kept apart since it marks empty slots).
 */
#ifndef VFSRACE_EXPLORE_HASHSET_H
#define VFSRACE_EXPLORE_HASHSET_H

#include <stdbool.h>
#include <stdint.h>

struct hashset {
	uint64_t *slot;
	unsigned long n, cap;
	bool has_zero;
};

void hashset_add(struct hashset *h, uint64_t v);
/* The members, ascending, in a new array of h->n entries. */
uint64_t *hashset_sorted(const struct hashset *h);
void hashset_free(struct hashset *h);

#endif
