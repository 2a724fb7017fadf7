/*
 * fuzz_schedule.c - libFuzzer harness for the schedule file reader:
 * ex_schedule_parse() and, on success, ex_schedule_resolve() against the
 * registered models.
 *
 * Each input is parsed twice: as it is, and with a correct checksum line
 * appended, so that mutations reach the header and choice parsers behind
 * the checksum instead of dying at it.  Beyond "no crash, no sanitizer
 * report", the harness checks the contract: a refusal is one non-empty
 * line; an accepted schedule has as many choices as it says, each a
 * thread id the format allows.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vfsrace/ex_schedule.h"
#include "vfsrace/rt_thread.h"

static uint64_t fnv1a64(const uint8_t *p, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static void check_one_line(const char *err)
{
	if (!err[0] || strchr(err, '\n')) {
		fprintf(stderr, "refusal is not one line: '%s'\n", err);
		abort();
	}
}

static void parse_and_resolve(const char *text, size_t len)
{
	struct ex_schedule s;
	const struct model *m;
	struct model_args a;
	char err[512];

	if (ex_schedule_parse(&s, text, len, err, sizeof(err)) != 0) {
		check_one_line(err);
		return;
	}
	for (unsigned i = 0; i < s.n; i++)
		if (s.choice[i] >= RT_MAX_THREADS)
			abort();
	if (ex_schedule_resolve(&s, &m, &a, err, sizeof(err)) != 0)
		check_one_line(err);
	ex_schedule_free(&s);
}

/* libFuzzer's entry point; it declares none. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private copy: the parser must not read past len (ASan sees it). */
	char *text = malloc(size ? size : 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	parse_and_resolve(text, size);
	free(text);

	size_t body = size + (size && data[size - 1] != '\n');
	char *signed_text = malloc(body + 64);
	if (!signed_text)
		return 0;
	memcpy(signed_text, data, size);
	if (body > size)
		signed_text[size] = '\n';
	int n = snprintf(signed_text + body, 64, "checksum fnv1a64 %016llx\n",
			 (unsigned long long)fnv1a64((const uint8_t *)signed_text, body));
	parse_and_resolve(signed_text, body + (size_t)n);
	free(signed_text);
	return 0;
}
