/*
 * reliability.c - --isolate, --timeout, --checkpoint, --resume and the
 * shard fields of --json (see reliability.h).
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "reliability.h"

int reliability_option(struct ex_options *o, int argc, char **argv, int *i)
{
	const char *v = NULL;
	int err = 0;

	if (opt_match(argc, argv, i, "--isolate", false, &v, &err)) {
		o->isolate = true;
	} else if (opt_match(argc, argv, i, "--timeout", true, &v, &err)) {
		if (!err && parse_seconds("--timeout", v, &o->isolate_timeout))
			return -1;
		if (!err && o->isolate_timeout <= 0)
			return cli_error("--timeout needs a positive number of seconds"), -1;
	} else if (opt_match(argc, argv, i, "--checkpoint", true, &v, &err)) {
		o->checkpoint = v;
	} else if (opt_match(argc, argv, i, "--resume", true, &v, &err)) {
		o->resume = v;
	} else {
		return 0;
	}
	return err ? -1 : 1;
}

/* The first signal asks for a clean stop (checkpoint written, exit 130);
 * a second one kills as usual. */
static void on_stop_signal(int sig)
{
	ex_request_stop();
	signal(sig, SIG_DFL);
}

void reliability_prepare(struct ex_options *o)
{
	const char *hook;

	if (o->resume && !o->checkpoint)
		o->checkpoint = o->resume; /* go on checkpointing where it was */
	if (o->checkpoint) {
		signal(SIGINT, on_stop_signal);
		signal(SIGTERM, on_stop_signal);
	}
	/* Test hooks (tests/cli/checkpoint.sh, atomic_save.sh). */
	if ((hook = getenv("VFSRACE_TEST_INTERRUPT_AFTER_UNITS")) != NULL)
		o->test_interrupt_after_units = (unsigned)strtoul(hook, NULL, 10);
	if ((hook = getenv("VFSRACE_TEST_KILL_AFTER_SAVE")) != NULL)
		o->test_kill_after_save = *hook == '1';
}

int reliability_explore_failed(int rc, const struct ex_options *o, const char *err)
{
	if (rc == 1 && o->checkpoint) {
		cli_error("interrupted; finished work units are in %s (go on with --resume %s)",
			  o->checkpoint, o->checkpoint);
		return EXIT_INTERRUPTED;
	}
	if (rc == 1)
		return cli_error("interrupted"), EXIT_INTERRUPTED;
	return cli_error("%s", err);
}
