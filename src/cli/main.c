/*
 * main.c - `vfsrace`: subcommand dispatch, help, and `list`.
 */
#include <errno.h>
#include <string.h>

#include "cli.h"
#include "vfsrace/rt_exec.h"

#define STR_(x) #x
#define STR(x)	STR_(x)

static const char usage_main[] =
    "usage: vfsrace COMMAND [ARGS]\n"
    "\n"
    "  list                    models (parameters, defaults, fixes) and strategies\n"
    "  explore MODEL [OPTIONS] search the schedules of MODEL for violations\n"
    "  verify MODEL [OPTIONS]  explore every fix of MODEL with dpor, one row per fix\n"
    "  replay FILE             re-run a saved schedule and print its trace\n"
    "  minimize FILE           fewest-preemption schedule with the same violation\n"
    "  merge SHARD.json ...    combine the --json results of explore --shard runs\n"
    "  help [COMMAND]          this text, or a command's options\n"
    "\n"
    "Exit codes: 0 no violation, 1 violation found, 2 usage or input error\n"
    "(unknown model/option/fix/parameter, bad number, malformed schedule file).\n"
    "verify exits 0 whenever it ran (its findings are the output) unless given\n"
    "--expect FILE: then 0 when every fix is as FILE expects, 1 when one is not.\n"
    "SIGINT/SIGTERM stop explore, verify and minimize after the current execution\n"
    "(-j workers too): exit 130/143.\n";

static const char usage_explore[] =
    "usage: vfsrace explore MODEL [OPTIONS] [--PARAM N ...]\n"
    "\n"
    "  --fix F            fix variant to run (default: none, the 2.4.26 code)\n"
    "  --strategy S       dfs | dpor | bounded | random | pct (default: dpor)\n"
    "  --preemptions K    preemption bound for bounded and dpor (default: none)\n"
    "  --seed S           seed for random, pct and dpor's random walk (default: 1)\n"
    "  --walk W           dpor's first choice at a new state: random (default\n"
    "                     for explore: finds narrow windows early), sticky (the\n"
    "                     running thread goes on: fewest switches, default for\n"
    "                     verify) or N, a mix: the running thread goes on N% of\n"
    "                     the time; a complete run covers the same traces\n"
    "  --pct-depth d      pct: bug depth d (default: 3); --depth is a model\n"
    "                     parameter (select_parent's and nfs_unlink's tree)\n"
    "  --executions N     stop after N executions (random and pct: default " STR(
	EX_DEFAULT_SAMPLES) "\n"
			    "                     unless --time is given; 0: no limit, with --time "
			    "only)\n"
			    "  --time S           stop after S seconds\n"
			    "  --max-steps N      steps per execution before it counts as a "
			    "livelock\n"
			    "                     (default: 5000)\n"
			    "  -j N               explore on N worker processes (same result as -j "
			    "1); dfs and\n"
			    "                     bounded split their work, dpor runs on one "
			    "worker "
			    "(split,\n"
			    "                     it would show other schedules)\n"
			    "  --shard i/N        explore only shard i (0..N-1) of N of the "
			    "dfs/dpor space\n"
			    "  --keep-going       go on after a violation (up to 16 are kept)\n"
			    "  --isolate          run each work unit in a forked worker: a model "
			    "that\n"
			    "                     aborts, faults outside the slab or loops without "
			    "a\n"
			    "                     scheduling point is reported (kind crash or "
			    "hang) with\n"
			    "                     its schedule instead of killing vfsrace\n"
			    "  --timeout S        --isolate: seconds without a scheduling point "
			    "before a\n"
			    "                     worker counts as hung (default 10)\n"
			    "  --checkpoint FILE  save finished work units to FILE (kept up to "
			    "date when\n"
			    "                     SIGINT/SIGTERM stops the run)\n"
			    "  --resume FILE      take the units in FILE instead of exploring them "
			    "again\n"
			    "                     (same options required) and go on checkpointing "
			    "to it\n"
			    "  --force            let --checkpoint replace an existing checkpoint "
			    "that is\n"
			    "                     not the one being resumed (refused without it); "
			    "a\n"
			    "                     device, FIFO, directory or symbolic link is "
			    "never replaced\n"
			    "  --races            happens-before data race detector on the port's "
			    "accesses:\n"
			    "                     lists every racing pair of code locations and in "
			    "how many\n"
			    "                     executions it raced (accepted ones marked)\n"
			    "  --out DIR          directory for counterexample schedules (default "
			    "vfsrace-out)\n"
			    "  --minimize         also minimise the first violation's preemptions\n"
			    "  --json             one JSON object on stdout instead of text\n"
			    "  --format F         text (default), json (= --json), junit (JUnit "
			    "XML: one\n"
			    "                     testcase, failed by a violation) or sarif (SARIF "
			    "2.1.0:\n"
			    "                     one result per violation at the port's "
			    "file:line)\n"
			    "  --quiet            summary only, no trace\n"
			    "  --PARAM N          a model parameter (see 'vfsrace list'), e.g. "
			    "--dentries 4,\n"
			    "                     --fs ext2 (a filesystem whose iput() can sleep)\n"
			    "\n"
			    "dfs, bounded and dpor are exhaustive: 'complete: yes: all N X were "
			    "explored'\n"
			    "names what was covered, one execution each: X is Mazurkiewicz traces "
			    "(dpor),\n"
			    "traces with a schedule of at most K preemptions (dpor --preemptions "
			    "K),\n"
			    "interleavings (dfs) or schedules with at most K preemptions "
			    "(bounded).\n"
			    "pct (Burckhardt et al., ASPLOS 2010): for a program with n threads "
			    "and k steps,\n"
			    "one run finds a bug of depth d with probability at least "
			    "1/(n*k^(d-1)); N runs\n"
			    "miss it with probability at most (1 - 1/(n*k^(d-1)))^N.\n"
			    "SIGINT or SIGTERM stops the run after the current execution: it "
			    "prints what\n"
			    "it explored so far (complete: no; JSON: \"complete\": false, "
			    "\"interrupted\":\n"
			    "true, the counts and violations so far) and exits 130 (SIGTERM: 143); "
			    "a second\n"
			    "signal kills.\n"
			    "Exit: 0 no violation, 1 violation found, 2 usage or input error, "
			    "130/143 stopped.\n";

static const char usage_verify[] =
    "usage: vfsrace verify MODEL [--strategy dpor] [--preemptions K] [--json]\n"
    "                           [--executions N] [--time S] [--max-steps N] [-j N]\n"
    "                           [--out DIR] [--keep-going] [--walk W] [--PARAM N ...]\n"
    "                           [--expect FILE | --write-expect FILE] [--format F]\n"
    "\n"
    "Explores every fix variant of MODEL (dpor by default) and prints one row per\n"
    "fix: result (violation kind or 'none found'), executions, whether the space\n"
    "was covered completely and under which bounds, and the time taken.\n"
    "\n"
    "  --expect FILE        compare each fix's result (its violation kinds and\n"
    "                       whether the run was complete) with FILE's row; one\n"
    "                       line on stderr for each row that differs.  FILE\n"
    "                       records the run's options (model parameters, bounds,\n"
    "                       seed, walk, ...): a run with others is refused\n"
    "  --write-expect FILE  write this run's rows and options as FILE (the format:\n"
    "                       docs/ci.md)\n"
    "  --format F           text (default), json (= --json), junit (one testcase\n"
    "                       per fix, failed by a violation or, with --expect, by a\n"
    "                       row that differs) or sarif (SARIF 2.1.0, one result per\n"
    "                       violation)\n"
    "\n"
    "random and pct run " STR(EX_DEFAULT_SAMPLES) " executions per fix unless --executions or\n"
						  "--time says otherwise.  SIGINT/SIGTERM: the "
						  "rows so far, exit 130/143.\n"
						  "Exit: without --expect, 0 when it ran, whatever "
						  "it found (the findings are\n"
						  "the output); with --expect, 0 when every row "
						  "matches FILE, 1 when one does\n"
						  "not; 2 usage or input error (also: FILE "
						  "malformed, of another model or of\n"
						  "other options).\n";

static const char usage_replay[] =
    "usage: vfsrace replay FILE [--format text|json|html|dot] [--at STEP] [--step]\n"
    "                           [--quiet] [--model M] [--fix F] [--kernel-src DIR]\n"
    "\n"
    "Re-runs the schedule in FILE and prints its trace: one line per step with\n"
    "the thread, the ported function (named as in 2.4.26), its port file:line\n"
    "and the 2.4.26 line it stands for, the operation, preemptions marked, and\n"
    "the dentry/inode state where it changes; then each violation as KASAN and\n"
    "KCSAN report one: the bad access with its call stack, then the other side\n"
    "(freed by, allocated by, the other access, who holds the lock) with its\n"
    "own.  --model refuses a file of another model.  A truncated, corrupted or\n"
    "foreign file is refused (exit 2).\n"
    "\n"
    "  --fix F          F is the file's fix: replay it.  Another fix: follow the\n"
    "                   schedule under F for as long as it fits (each run of one\n"
    "                   thread goes on until the thread has done what it did\n"
    "                   where the file's fix switched away) and say where F\n"
    "                   changes the story: who blocks on what, held by whom\n"
    "                   since which step; then every thread runs on.  Text only.\n"
    "  --step           walk the trace in the terminal, one step per key press:\n"
    "                   n or Enter next, b back, p run to the next preemption,\n"
    "                   q quit; shows each thread's function, the locks it\n"
    "                   holds and the dentry state.  Reads commands line by line\n"
    "                   when stdin is not a terminal (scriptable; there, a\n"
    "                   command past the last step, or EOF, ends the walk).\n"
    "  --format html    one self-contained page for teaching: opens at the\n"
    "                   preemption that matters, links the free and the use (or\n"
    "                   the two racing accesses) and shades the window between,\n"
    "                   a lock bar per thread, arrow keys step.  vfsrace replay F\n"
    "                   --format html > race.html\n"
    "  --kernel-src DIR with --format html or json: quote the 2.4.26 lines from\n"
    "                   a local Linux 2.4.26 tree at DIR and link them\n"
    "  --format dot     Graphviz of the dentry tree after step --at STEP (default\n"
    "                   the last): d_count, on dentry_unused, hashed.  Pipe to\n"
    "                   'dot -Tsvg'.\n"
    "  --max-steps N    the step bound an execution ends at as a livelock; by\n"
    "                   default the one in FILE's 'max-steps' line (the bound\n"
    "                   of the run that found it), else enough for FILE\n"
    "Exit: 0 no violation, 1 violation reproduced, 2 bad file or divergence.\n";

static const char usage_minimize[] =
    "usage: vfsrace minimize FILE [--out PATH] [--max-steps N] [--executions N]\n"
    "                             [--quiet] [--json]\n"
    "\n"
    "Replays FILE first and refuses it (exit 2) unless the replay shows the\n"
    "violation FILE records.  Then finds a schedule with the fewest preemptions\n"
    "that still shows it (bounded search with K = 0, 1, ... up to FILE's own\n"
    "count, at most --executions N executions in all, default " STR(
	EX_MINIMIZE_BUDGET) ": when\n"
			    "they run out the best found so far is kept), writes it to PATH "
			    "(default:\n"
			    "FILE with .min before the extension; never over a device, FIFO, "
			    "directory\n"
			    "or symbolic link) and prints its trace.  Exit: 1 when the minimised\n"
			    "schedule shows the violation, 2 on a bad file or one that does not\n"
			    "reproduce.\n";

static const char usage_merge[] =
    "usage: vfsrace merge SHARD.json ...\n"
    "\n"
    "Combines the --json results of 'vfsrace explore ... --shard i/N --json',\n"
    "i = 0..N-1, into the JSON one unsharded run prints: executions and blocked\n"
    "summed, the union of the terminal states counted, complete only when\n"
    "every shard was.  Every shard must be given exactly once, and all must\n"
    "be of the same exploration (model, fix, parameters, strategy, seed,\n"
    "preemption bound, walk, --max-steps, ...).  The totals equal an unsharded\n"
    "run's when no shard stopped early at a violation (use --keep-going to have\n"
    "each shard cover all of its units).\n"
    "Exit: 0 no violation, 1 some shard found one, 2 bad or mismatched input.\n";

static const char usage_list[] = "usage: vfsrace list\n"
				 "\n"
				 "Models with their parameters (default, range), fix variants with "
				 "their origin, and strategies.\n";

void help_for(const char *cmd, FILE *f)
{
	const char *text = usage_main;

	if (cmd && strcmp(cmd, "explore") == 0)
		text = usage_explore;
	else if (cmd && strcmp(cmd, "verify") == 0)
		text = usage_verify;
	else if (cmd && strcmp(cmd, "replay") == 0)
		text = usage_replay;
	else if (cmd && (strcmp(cmd, "minimize") == 0 || strcmp(cmd, "minimise") == 0))
		text = usage_minimize;
	else if (cmd && strcmp(cmd, "list") == 0)
		text = usage_list;
	else if (cmd && strcmp(cmd, "merge") == 0)
		text = usage_merge;
	fputs(text, f);
}

/* One parameter of `vfsrace list`: default and range, or the names it takes. */
static void print_param(const struct model_param *mp)
{
	char range[128], def[16];
	size_t off = 0;

	if (mp->names) {
		range[0] = 0;
		for (int v = mp->min; v <= mp->max && mp->names[v] && off < sizeof(range); v++)
			off += snprintf(range + off, sizeof(range) - off, "%s%s", off ? "|" : "",
					mp->names[v]);
	} else {
		snprintf(range, sizeof(range), "%d..%d", mp->min, mp->max);
	}
	printf("      --%-14s default %s, %s  %s\n", mp->name,
	       model_param_value_name(mp, mp->def, def, sizeof(def)), range,
	       mp->help ? mp->help : "");
}

int cmd_list(int argc, char **argv)
{
	const struct model *const *all;
	int n = model_all(&all);

	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			help_for("list", stdout);
			return 0;
		}
		return cli_error("list takes no arguments, not '%s'", argv[i]);
	}
	printf("Models:\n");
	for (int i = 0; i < n; i++) {
		const struct model *m = all[i];

		printf("\n  %s - %s\n", m->name, m->summary ? m->summary : "");
		for (int p = 0; p < m->nparams; p++)
			print_param(&m->params[p]);
		for (int k = 0; k < m->nfixes; k++)
			printf("      --fix %-20s %s\n", m->fixes[k].name,
			       m->fixes[k].origin ? m->fixes[k].origin : "");
	}
	if (n == 0)
		printf("  (none registered)\n");
	printf("\nStrategies:");
	for (const char *const *s = ex_strategy_names(); *s; s++)
		printf(" %s", *s);
	printf("\n");
	return 0;
}

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	bool runs_models;
};

static const struct command commands[] = {
    {"list", cmd_list, false},	      {"explore", cmd_explore, true},
    {"verify", cmd_verify, true},     {"replay", cmd_replay, true},
    {"minimize", cmd_minimize, true}, {"minimise", cmd_minimize, true},
    {"merge", cmd_merge, false},
};

/* Everything printed must have reached standard output: a full disk, a
 * closed or broken stdout is an error (exit 2), never a silent 0-byte
 * result.  rc otherwise. */
static int finish_stdout(int rc)
{
	int failed_before = ferror(stdout);

	errno = 0;
	if (fflush(stdout) != 0 || failed_before || ferror(stdout)) {
		int err = errno;

		fclose(stdout);
		return cli_error("cannot write the output: %s",
				 err ? strerror(err) : "a write to standard output failed");
	}
	if (fclose(stdout) != 0)
		return cli_error("cannot write the output: %s", strerror(errno));
	return rc;
}

static int run(int argc, char **argv)
{
	if (argc < 2)
		return cli_error("no command given (see 'vfsrace help')");
	if (is_help(argv[1]) || strcmp(argv[1], "help") == 0) {
		help_for(argc > 2 ? argv[2] : NULL, stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("vfsrace %s\n", VFSRACE_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		if (commands[i].runs_models && rt_init() != 0)
			return EXIT_USAGE; /* the runtime said why (RT_SPIN, ...) */
		int rc = commands[i].run(argc - 1, argv + 1);
		if (commands[i].runs_models)
			rt_shutdown();
		return rc;
	}
	return cli_error("unknown command '%s' (see 'vfsrace help')", argv[1]);
}

int main(int argc, char **argv)
{
	return finish_stdout(run(argc, argv));
}
