/*
 * test_unit_io.c - a work unit's result as bytes (src/explore/unit_io.c),
 * the record -j workers send back and checkpoints hold: it reads back as
 * written, and every single flipped byte, and every cut, is refused
 * (issue 17, item 5: nothing silently wrong).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "unit_io.h"

static void sample(struct unit_result *r)
{
	memset(r, 0, sizeof(*r));
	ex_report_init(&r->report);
	r->report.stats.executions = 29527;
	r->report.stats.blocked = 3;
	r->report.stats.distinct_states = 3;
	r->report.stats.steps = 123456;
	r->report.nfound = 1;
	snprintf(r->report.found[0].v.kind, sizeof(r->report.found[0].v.kind), "use-after-free");
	ex_schedule_init(&r->report.found[0].sched);
	for (int i = 0; i < 40; i++)
		ex_schedule_push(&r->report.found[0].sched, (uint8_t)(i % 3));
	r->report.state_hashes = malloc(3 * sizeof(uint64_t));
	assert_non_null(r->report.state_hashes);
	r->report.nstate_hashes = 3;
	for (int i = 0; i < 3; i++)
		r->report.state_hashes[i] = 0x1234567890abcdefull * (uint64_t)(i + 1);
	r->ran = true;
}

/* The record of r in a new buffer. */
static char *record(const struct unit_result *r, size_t *len)
{
	char *bytes = NULL;
	FILE *m = open_memstream(&bytes, len);

	assert_non_null(m);
	assert_int_equal(unit_result_write(m, r), 0);
	assert_int_equal(fclose(m), 0);
	return bytes;
}

static int read_back(char *bytes, size_t len, struct unit_result *out)
{
	FILE *f = fmemopen(bytes, len, "rb");
	int rc;

	assert_non_null(f);
	rc = unit_result_read(f, out);
	fclose(f);
	return rc;
}

static void test_round_trip(void **state)
{
	struct unit_result r, back;
	size_t len;
	char *bytes;

	sample(&r);
	bytes = record(&r, &len);
	assert_int_equal(read_back(bytes, len, &back), 0);
	assert_int_equal(back.report.stats.executions, 29527);
	assert_int_equal(back.report.nfound, 1);
	assert_int_equal(back.report.found[0].sched.n, 40);
	assert_int_equal(back.report.nstate_hashes, 3);
	assert_memory_equal(back.report.state_hashes, r.report.state_hashes, 3 * sizeof(uint64_t));
	unit_result_free(&back);
	unit_result_free(&r);
	free(bytes);
}

static void test_flipped_byte_refused(void **state)
{
	struct unit_result r, back;
	size_t len;
	char *bytes;

	sample(&r);
	bytes = record(&r, &len);
	for (size_t i = 0; i < len; i++) {
		bytes[i] ^= 0x5a;
		if (read_back(bytes, len, &back) == 0)
			fail_msg("byte %zu of %zu flipped, the record was taken", i, len);
		bytes[i] ^= 0x5a;
	}
	unit_result_free(&r);
	free(bytes);
}

static void test_cut_refused(void **state)
{
	struct unit_result r, back;
	size_t len;
	char *bytes;

	sample(&r);
	bytes = record(&r, &len);
	for (size_t cut = 0; cut < len; cut += cut < 64 ? 1 : 97)
		if (read_back(bytes, cut, &back) == 0)
			fail_msg("record cut to %zu of %zu bytes was taken", cut, len);
	unit_result_free(&r);
	free(bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_flipped_byte_refused),
	    cmocka_unit_test(test_cut_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
