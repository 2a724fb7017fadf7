/*
 * test_schedule.c - the schedule file format: round trips, and every class
 * of bad file refused with the message a user needs.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

#include <cmocka.h>

#include "vfsrace/ex_schedule.h"
#include "vfsrace/model.h"

/* A model known only to this test, so resolve() has something to check. */
static const struct model_param sched_test_params[] = {
    {"dentries", 2, 1, 6, "extra dentries", NULL},
    {"referenced", 0, 0, 1, "DCACHE_REFERENCED on foo/", NULL},
};
static const struct model_fix sched_test_fixes[] = {
    {"none", "the original code"},
    {"some-fix", "a fix"},
};
static const struct model sched_test_model = {
    .name = "sched_test",
    .summary = "schedule format tests",
    .params = sched_test_params,
    .nparams = 2,
    .fixes = sched_test_fixes,
    .nfixes = 2,
};
MODEL_REGISTER(sched_test_model)

static char dir[] = "/tmp/vfsrace-test-schedule.XXXXXX";

static void sample(struct ex_schedule *s)
{
	struct model_args a;

	ex_schedule_init(s);
	model_default_args(&sched_test_model, &a);
	a.fix = 1;
	a.value[0] = 4;
	ex_schedule_set_header(s, &sched_test_model, &a);
	snprintf(s->violation, sizeof(s->violation), "use-after-free");
	/* runs long enough to be written "t*N", and short alternations */
	for (int i = 0; i < 30; i++)
		ex_schedule_push(s, 0);
	for (int i = 0; i < 50; i++)
		ex_schedule_push(s, (uint8_t)(i % 3));
	for (int i = 0; i < 9; i++)
		ex_schedule_push(s, 7);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(1 << 16);

	assert_non_null(f);
	*len = fread(buf, 1, (1 << 16) - 1, f);
	buf[*len] = 0;
	fclose(f);
	return buf;
}

/* The file text of sample(), saved and read back. */
static char *sample_text(size_t *len)
{
	struct ex_schedule s;
	char path[256], err[256];

	sample(&s);
	snprintf(path, sizeof(path), "%s/sample.vfsched", dir);
	assert_int_equal(ex_schedule_save(&s, path, err, sizeof(err)), 0);
	ex_schedule_free(&s);
	return slurp(path, len);
}

static uint64_t fnv1a64(const char *p, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

/* Replace the checksum line so that only the edit under test is wrong. */
static void reseal(char *text)
{
	char *cs = strstr(text, "checksum ");

	assert_non_null(cs);
	sprintf(cs, "checksum fnv1a64 %016llx\n",
		(unsigned long long)fnv1a64(text, (size_t)(cs - text)));
}

/* Parse text, expect failure whose message contains want. */
static void expect_refused(const char *text, size_t len, const char *want)
{
	struct ex_schedule s;
	char err[256] = "";

	assert_int_equal(ex_schedule_parse(&s, text, len, err, sizeof(err)), -1);
	if (!strstr(err, want))
		fail_msg("message '%s' lacks '%s'", err, want);
	assert_null(strchr(err, '\n'));
	assert_null(s.choice);
}

static void edit_and_expect(const char *from, const char *to, bool do_reseal, const char *want)
{
	size_t len;
	char *text = sample_text(&len);
	char *buf = calloc(1, len + 256);
	char *at = strstr(text, from);

	assert_non_null(at);
	memcpy(buf, text, (size_t)(at - text));
	strcat(buf, to);
	strcat(buf, at + strlen(from));
	if (do_reseal)
		reseal(buf);
	expect_refused(buf, strlen(buf), want);
	free(buf);
	free(text);
}

static void test_schedule_round_trip_keeps_header_and_choices(void **state)
{
	struct ex_schedule a, b;
	char path[256], err[256];

	sample(&a);
	snprintf(path, sizeof(path), "%s/rt.vfsched", dir);
	assert_int_equal(ex_schedule_save(&a, path, err, sizeof(err)), 0);
	assert_int_equal(ex_schedule_load(&b, path, err, sizeof(err)), 0);
	assert_string_equal(b.model, "sched_test");
	assert_string_equal(b.fix, "some-fix");
	assert_string_equal(b.violation, "use-after-free");
	assert_int_equal(b.nparams, 2);
	assert_string_equal(b.param_name[0], "dentries");
	assert_int_equal(b.param_value[0], 4);
	assert_string_equal(b.param_name[1], "referenced");
	assert_int_equal(b.param_value[1], 0);
	assert_int_equal(b.n, a.n);
	assert_memory_equal(b.choice, a.choice, a.n);
	ex_schedule_free(&a);
	ex_schedule_free(&b);
}

static void test_schedule_round_trip_of_empty_schedule(void **state)
{
	struct ex_schedule a, b;
	char path[256], err[256];

	ex_schedule_init(&a);
	ex_schedule_set_header(&a, &sched_test_model, &(struct model_args){0});
	snprintf(path, sizeof(path), "%s/empty.vfsched", dir);
	assert_int_equal(ex_schedule_save(&a, path, err, sizeof(err)), 0);
	assert_int_equal(ex_schedule_load(&b, path, err, sizeof(err)), 0);
	assert_int_equal(b.n, 0);
	assert_string_equal(b.violation, "");
	ex_schedule_free(&b);
}

static void test_schedule_save_leaves_no_temp_file(void **state)
{
	DIR *d;
	struct dirent *de;
	size_t len;

	free(sample_text(&len));
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		assert_null(strstr(de->d_name, ".tmp."));
	closedir(d);
}

static void test_schedule_resolve_fills_model_and_args(void **state)
{
	struct ex_schedule s;
	const struct model *m = NULL;
	struct model_args a;
	char err[256];

	sample(&s);
	assert_int_equal(ex_schedule_resolve(&s, &m, &a, err, sizeof(err)), 0);
	assert_ptr_equal(m, &sched_test_model);
	assert_int_equal(a.fix, 1);
	assert_int_equal(a.value[0], 4);
	ex_schedule_free(&s);
}

static void test_schedule_refuses_empty_file(void **state)
{
	expect_refused("", 0, "empty file");
}

static void test_schedule_refuses_missing_magic(void **state)
{
	const char t[] = "model x\nchecksum fnv1a64 0000000000000000\n";
	expect_refused(t, sizeof(t) - 1, "not a vfsrace schedule");
}

static void test_schedule_refuses_other_format_version(void **state)
{
	edit_and_expect("vfsrace-schedule 2", "vfsrace-schedule 3", false,
			"format version 3 is not supported");
}

/* A version 1 file is a schedule of the old runtime's steps. */
static void test_schedule_refuses_version_1_and_says_why(void **state)
{
	edit_and_expect("vfsrace-schedule 2", "vfsrace-schedule 1", false,
			"whose runtime took other steps");
}

static void test_schedule_refuses_truncated_file(void **state)
{
	size_t len;
	char *text = sample_text(&len);

	/* every cut before the end is refused, whatever line it splits */
	for (size_t cut = 1; cut < len - 1; cut++) {
		struct ex_schedule s;
		char err[256];
		assert_int_equal(ex_schedule_parse(&s, text, cut, err, sizeof(err)), -1);
	}
	expect_refused(text, len / 2, "truncated");
	free(text);
}

static void test_schedule_refuses_flipped_byte(void **state)
{
	size_t len;
	char *text = sample_text(&len);
	char *choices = strstr(text, "steps ");

	choices = strchr(choices, '\n') + 1;
	choices[3] = choices[3] == '1' ? '2' : '1';
	expect_refused(text, len, "corrupted: checksum mismatch");
	free(text);
}

static void test_schedule_refuses_step_count_mismatch(void **state)
{
	edit_and_expect("steps 89", "steps 95", true, "truncated: the header says 95 steps");
	edit_and_expect("steps 89", "steps 80", true, "more choices than the 80 steps");
}

static void test_schedule_refuses_bad_characters(void **state)
{
	edit_and_expect("0*31", "0*31 G", true, "bad character in choices");
	edit_and_expect("model sched_test", "model sched\x01test", true, "bad character 0x01");
	edit_and_expect("fix some-fix", "fix some fix", true, "bad value for 'fix'");
}

static void test_schedule_refuses_duplicate_and_missing_headers(void **state)
{
	edit_and_expect("tool ", "tool 9\ntool ", true, "duplicate 'tool' header");
	edit_and_expect("param referenced 0\n", "param referenced 0\nparam referenced 1\n", true,
			"duplicate parameter 'referenced'");
	edit_and_expect("violation use-after-free\n", "", true, "missing 'violation' header");
	edit_and_expect("tool ", "colour blue\ntool ", true, "unknown header 'colour'");
}

static void test_schedule_refuses_absurd_sizes(void **state)
{
	edit_and_expect("steps 89", "steps 4000000000", true, "absurd step count");
	edit_and_expect("0*31", "0*99999999999", true, "bad repeat count");
}

static void resolve_expect(const char *from, const char *to, const char *want)
{
	size_t len;
	char *text = sample_text(&len);
	char *buf = calloc(1, len + 256);
	char *at = strstr(text, from);
	struct ex_schedule s;
	const struct model *m;
	struct model_args a;
	char err[256] = "";

	assert_non_null(at);
	memcpy(buf, text, (size_t)(at - text));
	strcat(buf, to);
	strcat(buf, at + strlen(from));
	reseal(buf);
	assert_int_equal(ex_schedule_parse(&s, buf, strlen(buf), err, sizeof(err)), 0);
	assert_int_equal(ex_schedule_resolve(&s, &m, &a, err, sizeof(err)), -1);
	if (!strstr(err, want))
		fail_msg("message '%s' lacks '%s'", err, want);
	ex_schedule_free(&s);
	free(buf);
	free(text);
}

static void test_schedule_resolve_refuses_unknown_model(void **state)
{
	resolve_expect("model sched_test", "model no_such_model", "unknown model 'no_such_model'");
}

static void test_schedule_resolve_refuses_unknown_fix(void **state)
{
	resolve_expect("fix some-fix", "fix other-fix", "fix 'other-fix', which model");
}

static void test_schedule_resolve_refuses_bad_param(void **state)
{
	resolve_expect("param dentries 4", "param dentries 99", "out of range 1..6");
	resolve_expect("param dentries 4", "param depth 4", "parameter 'depth', which model");
	resolve_expect("param referenced 0\n", "", "lacks parameter 'referenced'");
	resolve_expect("param dentries 4\nparam referenced 0\n",
		       "param referenced 0\nparam dentries 4\n", "at position 1");
}

/* A cheap stand-in for the fuzzer: random byte edits never crash. */
static void test_schedule_parse_survives_random_edits(void **state)
{
	size_t len;
	char *text = sample_text(&len);
	char *buf = malloc(len);
	unsigned seed = 12345;

	for (int round = 0; round < 20000; round++) {
		struct ex_schedule s;
		char err[128];
		memcpy(buf, text, len);
		for (int k = 0; k < 1 + round % 4; k++) {
			seed = seed * 1103515245u + 12345u;
			buf[(seed >> 8) % len] = (char)(seed >> 20);
		}
		/* half the time fix the checksum so the parser goes deeper */
		char *cs = round % 2 ? memmem(buf, len, "checksum fnv1a64 ", 17) : NULL;
		if (cs && (size_t)(cs - buf) + 33 <= len) {
			char line[40];
			snprintf(line, sizeof(line), "checksum fnv1a64 %016llx",
				 (unsigned long long)fnv1a64(buf, (size_t)(cs - buf)));
			memcpy(cs, line, 33);
		}
		if (ex_schedule_parse(&s, buf, len, err, sizeof(err)) == 0)
			ex_schedule_free(&s);
	}
	free(buf);
	free(text);
}

static int setup(void **state)
{
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_schedule_round_trip_keeps_header_and_choices),
	    cmocka_unit_test(test_schedule_round_trip_of_empty_schedule),
	    cmocka_unit_test(test_schedule_save_leaves_no_temp_file),
	    cmocka_unit_test(test_schedule_resolve_fills_model_and_args),
	    cmocka_unit_test(test_schedule_refuses_empty_file),
	    cmocka_unit_test(test_schedule_refuses_missing_magic),
	    cmocka_unit_test(test_schedule_refuses_other_format_version),
	    cmocka_unit_test(test_schedule_refuses_version_1_and_says_why),
	    cmocka_unit_test(test_schedule_refuses_truncated_file),
	    cmocka_unit_test(test_schedule_refuses_flipped_byte),
	    cmocka_unit_test(test_schedule_refuses_step_count_mismatch),
	    cmocka_unit_test(test_schedule_refuses_bad_characters),
	    cmocka_unit_test(test_schedule_refuses_duplicate_and_missing_headers),
	    cmocka_unit_test(test_schedule_refuses_absurd_sizes),
	    cmocka_unit_test(test_schedule_resolve_refuses_unknown_model),
	    cmocka_unit_test(test_schedule_resolve_refuses_unknown_fix),
	    cmocka_unit_test(test_schedule_resolve_refuses_bad_param),
	    cmocka_unit_test(test_schedule_parse_survives_random_edits),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
