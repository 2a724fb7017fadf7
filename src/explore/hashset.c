/*
 * hashset.c - see hashset.h.
 */
#include <stdlib.h>
#include <string.h>

#include "hashset.h"

static unsigned long slot_of(uint64_t v, unsigned long cap)
{
	return (v * 0x9e3779b97f4a7c15ull) & (cap - 1);
}

/* Double the table once it is half full. */
static void grow(struct hashset *h)
{
	unsigned long ncap = h->cap ? h->cap * 2 : 64;
	uint64_t *ns = calloc(ncap, sizeof(*ns));

	if (!ns)
		abort();
	for (unsigned long i = 0; i < h->cap; i++) {
		uint64_t x = h->slot[i];
		if (!x)
			continue;
		unsigned long j = slot_of(x, ncap);
		while (ns[j])
			j = (j + 1) & (ncap - 1);
		ns[j] = x;
	}
	free(h->slot);
	h->slot = ns;
	h->cap = ncap;
}

void hashset_add(struct hashset *h, uint64_t v)
{
	if (v == 0) {
		if (!h->has_zero)
			h->n++;
		h->has_zero = true;
		return;
	}
	if (h->n * 2 >= h->cap)
		grow(h);
	unsigned long j = slot_of(v, h->cap);
	while (h->slot[j] && h->slot[j] != v)
		j = (j + 1) & (h->cap - 1);
	if (!h->slot[j]) {
		h->slot[j] = v;
		h->n++;
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

uint64_t *hashset_sorted(const struct hashset *h)
{
	uint64_t *v = malloc((h->n + 1) * sizeof(*v));
	unsigned long n = 0;

	if (!v)
		abort();
	if (h->has_zero)
		v[n++] = 0;
	for (unsigned long i = 0; i < h->cap; i++)
		if (h->slot[i])
			v[n++] = h->slot[i];
	qsort(v, n, sizeof(*v), cmp_u64);
	return v;
}

void hashset_free(struct hashset *h)
{
	free(h->slot);
	memset(h, 0, sizeof(*h));
}
