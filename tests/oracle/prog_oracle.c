/*
 * prog_oracle.c - the differential check from the command line: one
 * program given as text, or many generated ones.
 *
 *   prog_oracle --program TEXT [--bound K] [--seeds N] [--verbose]
 *   prog_oracle --seed S --programs N [--max-interleavings M] [--bound K]
 *               [--seeds N] [--parallel]
 *
 * Exit 0 when the explorer agrees with the oracle on every program, 1 on
 * the first disagreement (the program's text is printed, so it can be
 * given back with --program), 2 on a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "differential.h"
#include "vfsrace/rt_exec.h"

static int check(const struct prog *p, const struct diff_config *cfg, unsigned long limit,
		 bool print)
{
	struct oracle_result o;
	char text[512], msg[512];

	prog_format(p, text, sizeof(text));
	oracle_run(p, cfg->bound, limit, &o);
	if (print)
		printf("%s\n  oracle: %lu interleavings, %lu traces, %lu states, kinds %d%s\n",
		       text, o.interleavings, o.traces, o.nstates, o.nkinds,
		       o.truncated ? " (truncated)" : "");
	int bad = !o.truncated && diff_check(p, &o, cfg, msg, sizeof(msg));
	if (bad)
		printf("MISMATCH on [%s]: %s\n", text, msg);
	oracle_result_free(&o);
	return bad;
}

int main(int argc, char **argv)
{
	struct diff_config cfg = {.seeds = 2, .bound = -1};
	const char *program = NULL;
	uint64_t seed = 1;
	unsigned long programs = 0, limit = 3000;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--verbose"))
			cfg.verbose = true;
		else if (!strcmp(a, "--parallel"))
			cfg.parallel = true;
		else if (v && !strcmp(a, "--program"))
			program = argv[++i];
		else if (v && !strcmp(a, "--bound"))
			cfg.bound = atoi(argv[++i]);
		else if (v && !strcmp(a, "--seeds"))
			cfg.seeds = atoi(argv[++i]);
		else if (v && !strcmp(a, "--seed"))
			seed = strtoull(argv[++i], NULL, 10);
		else if (v && !strcmp(a, "--programs"))
			programs = strtoul(argv[++i], NULL, 10);
		else if (v && !strcmp(a, "--max-interleavings"))
			limit = strtoul(argv[++i], NULL, 10);
		else {
			fprintf(stderr, "prog_oracle: unknown option %s\n", a);
			return 2;
		}
	}
	rt_init();
	int bad = 0;
	if (program) {
		struct prog p;
		char err[128];

		if (prog_parse(&p, program, err, sizeof(err))) {
			fprintf(stderr, "prog_oracle: %s\n", err);
			return 2;
		}
		bad = check(&p, &cfg, 0, true);
	} else {
		uint64_t rng = seed;
		unsigned long done = 0, skipped = 0;

		while (done < programs && !bad) {
			struct prog p;
			struct oracle_result o;

			prog_generate(&p, &rng);
			oracle_run(&p, -1, limit, &o);
			bool big = o.truncated;
			oracle_result_free(&o);
			if (big) {
				skipped++;
				continue;
			}
			bad = check(&p, &cfg, 0, cfg.verbose);
			done++;
		}
		printf("%lu programs checked (%lu too large skipped)%s\n", done, skipped,
		       bad ? ": MISMATCH" : "");
	}
	rt_shutdown();
	return bad;
}
