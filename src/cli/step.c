/*
 * step.c - `vfsrace replay FILE --step`: walk a replayed trace one step at
 * a time, the way a lecturer would on a projector.
 *
 * Each screen shows the step just taken, then every thread's current
 * function, its port file:line and the locks it holds after the step, and
 * the model's state line (d_count, LRU, hashed) in force.  Commands come
 * one per line, so a test or a script can drive it; on a terminal one key
 * press is enough.
 */
#include <ctype.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

struct stepper {
	FILE *in, *out;
	const struct trace_info *ti;
	const struct rt_trace *tr;
	unsigned n;
	int nthreads;
	struct lock_spans locks;
	bool tty;
	struct termios saved;
};

static const char help_line[] = "[n]ext (Enter)  [b]ack  [p] run to the next preemption  [q]uit";

static void show_thread(const struct stepper *st, int tid, unsigned i)
{
	long k = trace_last_step_of(st->tr, tid, i + 1),
	     next = trace_next_step_of(st->tr, tid, i + 1);
	char where[128], held[512], op[256], kern[96];
	const char *func = "(not started)";

	where[0] = 0;
	if (k >= 0) {
		const struct rt_event *e = &st->tr->step[k].e;
		func = e->op.loc.func ? e->op.loc.func : "?";
		snprintf(where, sizeof(where), "%s:%d", trace_basename(e->op.loc.file),
			 e->op.loc.line);
		if (next < 0)
			snprintf(where + strlen(where), sizeof(where) - strlen(where),
				 " (no further steps)");
	}
	trace_locks_held(&st->locks, tid, i, held, sizeof(held));
	fprintf(st->out, "  %s %-8s %-22s %-34s locks held: %s\n",
		st->tr->step[i].e.tid == tid ? ">" : " ", st->tr->thread[tid], func, where,
		held[0] ? held : "none");
	if (next < 0)
		return;
	/* What the thread does when it runs again: the other side of a window. */
	const struct rt_trace_step *ns = &st->tr->step[next];
	rt_trace_step_describe(ns, op, sizeof(op));
	trace_kernel_loc(rt_trace_step_frame(ns), kern, sizeof(kern));
	fprintf(st->out, "             next, at step %ld: %s (%s:%d%s%s) %s\n", next,
		ns->e.op.loc.func ? ns->e.op.loc.func : "?", trace_basename(ns->e.op.loc.file),
		ns->e.op.loc.line, kern[0] ? ", 2.4.26 " : "", kern, op);
}

static void show(const struct stepper *st, unsigned i)
{
	const struct rt_trace_step *s = &st->tr->step[i];
	const struct rt_event *e = &s->e;
	char op[256], kern[96];

	rt_trace_step_describe(s, op, sizeof(op));
	trace_kernel_loc(rt_trace_step_frame(s), kern, sizeof(kern));
	fprintf(st->out, "\nstep %u of %u: %s in %s (%s:%d%s%s)\n    %s", e->step, st->n - 1,
		st->tr->thread[e->tid], e->op.loc.func ? e->op.loc.func : "?",
		trace_basename(e->op.loc.file), e->op.loc.line, kern[0] ? ", 2.4.26 " : "", kern,
		op);
	if (e->preemption && i > 0)
		fprintf(st->out, "    <-- PREEMPTION: %s was cut off while it could go on",
			st->tr->thread[st->tr->step[i - 1].e.tid]);
	fputc('\n', st->out);
	for (int t = 0; t < st->nthreads; t++)
		show_thread(st, t, i);
	fprintf(st->out, "  state: %s\n", trace_state_at(st->tr, i));
	if (i + 1 == st->n)
		trace_print_violations(st->out, st->tr);
}

static void prompt(const struct stepper *st)
{
	fprintf(st->out, "%s > ", help_line);
	fflush(st->out);
}

static void raw_mode(struct stepper *st)
{
	struct termios t;

	st->tty = isatty(fileno(st->in)) && tcgetattr(fileno(st->in), &st->saved) == 0;
	if (!st->tty)
		return;
	t = st->saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	tcsetattr(fileno(st->in), TCSANOW, &t);
}

static void restore_mode(struct stepper *st)
{
	if (st->tty)
		tcsetattr(fileno(st->in), TCSANOW, &st->saved);
}

/* The next command: a key on a terminal, else the first non-blank
 * character of a line ('\n' for an empty line).  EOF quits. */
static int read_command(struct stepper *st)
{
	char line[256];

	if (st->tty) {
		int c = fgetc(st->in);
		fputc('\n', st->out);
		return c == EOF ? 'q' : c;
	}
	if (!fgets(line, sizeof(line), st->in))
		return 'q';
	/* A line cut short by a NUL byte: binary input (< /dev/zero), not
	 * commands. */
	if (!strchr(line, '\n') && strlen(line) + 1 < sizeof(line) && !feof(st->in))
		return 'q';
	for (char *p = line; *p; p++)
		if (!isspace((unsigned char)*p))
			return *p;
	return '\n';
}

static unsigned next_preemption(const struct stepper *st, unsigned i)
{
	for (unsigned k = i + 1; k < st->n; k++)
		if (st->tr->step[k].e.preemption)
			return k;
	return st->n - 1;
}

/* Commands in a row that move nowhere before a script's input counts as
 * endless (yes | vfsrace replay --step) and stepping stops. */
#define MAX_IDLE 1000

static void run(struct stepper *st)
{
	unsigned i = 0, idle = 0;

	show(st, i);
	for (;;) {
		if (ferror(st->out) || (!st->tty && idle >= MAX_IDLE))
			return; /* nobody reads, or nobody types */
		prompt(st);
		int c = read_command(st);
		unsigned to = i;

		idle++;
		if (c == 'q' || c == 'Q' || c == 4 /* ^D on a terminal */) {
			fputc('\n', st->out);
			return;
		} else if (c == 'n' || c == '\n' || c == '\r' || c == ' ') {
			to = i + 1 < st->n ? i + 1 : i;
		} else if (c == 'b') {
			to = i > 0 ? i - 1 : 0;
		} else if (c == 'p') {
			to = next_preemption(st, i);
			if (!st->tr->step[to].e.preemption)
				fprintf(st->out, "(no further preemption: the last step)\n");
		} else {
			fprintf(st->out, "unknown command '%c'\n", c);
			continue;
		}
		if (to == i && !st->tty && c != 'b' && i + 1 == st->n) {
			/* A script (yes '' | vfsrace replay F --step) that asks
			 * for more than there is has read the whole trace. */
			fprintf(st->out, "(the last step: end of the trace)\n");
			return;
		}
		if (to == i) {
			fprintf(st->out, "(already at the %s step)\n", i == 0 ? "first" : "last");
			continue;
		}
		i = to;
		idle = 0;
		show(st, i);
	}
}

int trace_step(FILE *in, FILE *out, const struct trace_info *ti)
{
	struct stepper st = {.in = in, .out = out, .ti = ti};
	char params[256];

	st.tr = ti->tr;
	st.n = ti->tr->nsteps;
	st.nthreads = ti->tr->nthreads;
	if (st.n == 0) {
		fprintf(out, "The execution took no steps.\n");
		return 0;
	}
	if (trace_lock_spans(&st.locks, ti->tr) != 0)
		return cli_error("out of memory");
	format_params(ti->m, ti->a, params, sizeof(params));
	fprintf(out, "Stepping through %s, fix %s%s%s: %u steps, %u preemption%s.\n", ti->m->name,
		ti->m->fixes[ti->a->fix].name, params[0] ? ", " : "", params, st.n,
		ti->tr->preemptions, ti->tr->preemptions == 1 ? "" : "s");
	fprintf(out, "Each screen shows the step just taken; '>' marks the thread that took "
		     "it.\n");
	raw_mode(&st);
	run(&st);
	restore_mode(&st);
	trace_lock_spans_free(&st.locks);
	return 0;
}
