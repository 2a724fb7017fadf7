/*
 * fnv.h - FNV-1a, 64 bit: the checksum of schedules, checkpoints and unit
 * results, and the short hash in counterexample names.  Every single-byte
 * change changes the hash, since each step (xor a byte, multiply by an odd
 * prime mod 2^64) is a bijection.
 */
#ifndef VFSRACE_EXPLORE_FNV_H
#define VFSRACE_EXPLORE_FNV_H

#include <stddef.h>
#include <stdint.h>

#define FNV1A64_INIT 0xcbf29ce484222325ull

/* Go on hashing len more bytes from h (FNV1A64_INIT to start). */
static inline uint64_t fnv1a64_more(uint64_t h, const void *p, size_t len)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < len; i++) {
		h ^= b[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static inline uint64_t fnv1a64(const void *p, size_t len)
{
	return fnv1a64_more(FNV1A64_INIT, p, len);
}

#endif
