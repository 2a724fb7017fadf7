/*
 * trace_json.c - the trace of one replayed execution as JSON, for tools
 * and for the HTML page, which embeds it:
 * {schema_version, command, model, fix, params, schedule, preemptions,
 *  steps (how many), focus, trace: [...], locks: [...], violations: [...]}.
 * A step carries its port and 2.4.26 lines and its thread's call stack; a
 * violation its bad access, the other sides, the port's notes and the
 * window between them.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vfsrace/ex_result_json.h"

static void kernel_json(struct json *j, const struct rt_frame *f)
{
	if (!f || !f->k.file)
		return;
	json_key(j, "kernel");
	json_obj_begin(j);
	json_kv_str(j, "file", f->k.file);
	json_kv_int(j, "line", f->k.line);
	json_kv_bool(j, "approximate", f->k.approximate != 0);
	json_obj_end(j);
}

/* Outermost frame first. */
static void stack_json(struct json *j, const struct rt_stack *st)
{
	json_key(j, "stack");
	json_arr_begin(j);
	for (unsigned i = 0; i < rt_stack_frames(st); i++) {
		const struct rt_frame *f = &st->f[i];

		json_obj_begin(j);
		json_kv_str(j, "function", f->func ? f->func : "?");
		json_kv_str(j, "file", trace_basename(f->file));
		json_kv_int(j, "line", f->line);
		kernel_json(j, f);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void step_json(struct json *j, const struct rt_trace *tr, const struct rt_trace_step *s)
{
	const struct rt_event *e = &s->e;
	char op[256], obj[128];

	rt_trace_step_describe(s, op, sizeof(op));
	json_obj_begin(j);
	json_kv_uint(j, "step", e->step);
	json_kv_int(j, "tid", e->tid);
	json_kv_str(j, "thread", tr->thread[e->tid]);
	json_kv_str(j, "function", e->op.loc.func ? e->op.loc.func : "?");
	json_kv_str(j, "file", trace_basename(e->op.loc.file));
	json_kv_int(j, "line", e->op.loc.line);
	kernel_json(j, rt_trace_step_frame(s));
	json_kv_str(j, "what", e->op.what ? e->op.what : "");
	rt_trace_step_object(s, obj, sizeof(obj));
	json_kv_str(j, "object", obj);
	json_kv_str(j, "access", rt_access_name(e->op.access));
	json_kv_str(j, "operation", op);
	if (e->has_values) {
		json_kv_int(j, "before", e->before);
		json_kv_int(j, "result", e->result);
	}
	json_kv_bool(j, "preemption", e->preemption);
	if (e->fatal)
		json_kv_bool(j, "fatal", true);
	if (s->state)
		json_kv_str(j, "state", s->state);
	stack_json(j, &s->stack);
	json_obj_end(j);
}

static void locks_json(struct json *j, const struct rt_trace *tr)
{
	struct lock_spans ls;

	json_key(j, "locks");
	json_arr_begin(j);
	if (trace_lock_spans(&ls, tr) == 0) {
		for (unsigned k = 0; k < ls.n; k++) {
			const struct rt_trace_span *sp = &ls.s[k];

			json_obj_begin(j);
			json_kv_str(j, "name", ls.name[k]);
			json_kv_int(j, "tid", sp->tid);
			json_kv_str(j, "thread", tr->thread[sp->tid]);
			json_kv_uint(j, "from", sp->from);
			json_kv_uint(j, "to", sp->to);
			json_kv_bool(j, "shared", sp->shared);
			json_kv_bool(j, "open", sp->open);
			json_obj_end(j);
		}
		trace_lock_spans_free(&ls);
	}
	json_arr_end(j);
}

static void report_json(struct json *j, const struct rt_trace *tr, const struct rt_trace_report *r)
{
	const struct rt_violation *v = &r->v;

	json_obj_begin(j);
	json_kv_str(j, "kind", v->kind);
	json_kv_str(j, "message", v->message);
	json_kv_int(j, "tid", v->tid);
	json_kv_str(j, "thread", v->tid >= 0 ? tr->thread[v->tid] : "");
	json_kv_uint(j, "step", v->step);
	json_kv_bool(j, "fatal", v->fatal);
	if (v->tid >= 0) {
		unsigned n = rt_stack_frames(&r->stack);
		const struct rt_frame *top = n ? &r->stack.f[n - 1] : NULL;

		json_key(j, "access");
		json_obj_begin(j);
		json_kv_str(j, "thread", tr->thread[v->tid]);
		json_kv_int(j, "tid", v->tid);
		json_kv_uint(j, "step", v->step);
		json_kv_str(j, "function", top && top->func ? top->func : "");
		json_kv_str(j, "file", top ? trace_basename(top->file) : "");
		json_kv_int(j, "line", top ? top->line : 0);
		kernel_json(j, top);
		json_kv_str(j, "what", r->what);
		stack_json(j, &r->stack);
		json_obj_end(j);
	}
	json_key(j, "related");
	json_arr_begin(j);
	for (int i = 0; i < r->nsides; i++) {
		const struct rt_trace_side *sd = &r->side[i];

		json_obj_begin(j);
		json_kv_str(j, "label", sd->label);
		json_kv_int(j, "tid", sd->tid);
		json_kv_str(j, "thread", sd->tid >= 0 ? tr->thread[sd->tid] : "set-up");
		json_kv_int(j, "step", sd->event);
		json_kv_str(j, "what", sd->what);
		stack_json(j, &sd->stack);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_key(j, "notes");
	json_arr_begin(j);
	for (int i = 0; i < r->nnotes; i++)
		json_str(j, r->note[i]);
	json_arr_end(j);
	if (r->window_from >= 0) {
		json_key(j, "window");
		json_obj_begin(j);
		json_kv_int(j, "from", r->window_from);
		json_kv_int(j, "to", r->window_to);
		json_obj_end(j);
	}
	json_obj_end(j);
}

/* --kernel-src DIR: every 2.4.26 line a frame of the trace names (steps,
 * reports and their sides), with two lines on either side, each once,
 * keyed "fs/dcache.c:112", in file and line order. */
struct kline {
	const char *file;
	int line;
};

static int kline_cmp(const void *x, const void *y)
{
	const struct kline *a = x, *b = y;
	int c = strcmp(a->file, b->file);

	return c ? c : (a->line > b->line) - (a->line < b->line);
}

static void add_stack(struct kline **v, size_t *n, size_t *cap, const struct rt_stack *st)
{
	for (unsigned k = 0; k < rt_stack_frames(st); k++) {
		const struct rt_frame *f = &st->f[k];

		for (int l = f->k.line - 2; f->k.file && f->k.line > 0 && l <= f->k.line + 2; l++) {
			if (l < 1)
				continue;
			if (*n == *cap) {
				size_t c = *cap ? *cap * 2 : 256;
				struct kline *nv = realloc(*v, c * sizeof(**v));
				if (!nv)
					return;
				*v = nv;
				*cap = c;
			}
			(*v)[(*n)++] = (struct kline){f->k.file, l};
		}
	}
}

static void kernel_source_json(struct json *j, const struct trace_info *ti)
{
	const struct rt_trace *tr = ti->tr;
	struct kline *v = NULL;
	size_t n = 0, cap = 0;
	char key[160];

	for (unsigned i = 0; i < tr->nsteps; i++)
		add_stack(&v, &n, &cap, &tr->step[i].stack);
	for (int i = 0; i < tr->nreports; i++) {
		add_stack(&v, &n, &cap, &tr->report[i].stack);
		for (int k = 0; k < tr->report[i].nsides; k++)
			add_stack(&v, &n, &cap, &tr->report[i].side[k].stack);
	}
	if (n)
		qsort(v, n, sizeof(*v), kline_cmp);
	json_kv_str(j, "kernel_src", ti->kernel_src);
	json_key(j, "kernel_source");
	json_obj_begin(j);
	for (size_t i = 0; i < n; i++) {
		if (i && !kline_cmp(&v[i - 1], &v[i]))
			continue;
		const char *text = kernel_src_line(ti->kernel_src, v[i].file, v[i].line);

		if (!text)
			continue;
		snprintf(key, sizeof(key), "%s:%d", v[i].file, v[i].line);
		json_kv_str(j, key, text);
	}
	json_obj_end(j);
	free(v);
}

void trace_write_json(struct json *j, const struct trace_info *ti)
{
	const struct rt_trace *tr = ti->tr;

	json_obj_begin(j);
	ex_result_json_header(j, "replay");
	json_kv_str(j, "model", ti->m->name);
	json_kv_str(j, "fix", ti->m->fixes[ti->a->fix].name);
	ex_result_json_params(j, ti->m, ti->a);
	if (ti->schedule_path)
		json_kv_str(j, "schedule", ti->schedule_path);
	json_kv_uint(j, "preemptions", tr->preemptions);
	json_kv_uint(j, "steps", tr->nsteps);
	json_kv_int(j, "focus", trace_focus(tr));
	json_key(j, "trace");
	json_arr_begin(j);
	for (unsigned i = 0; i < tr->nsteps; i++)
		step_json(j, tr, &tr->step[i]);
	json_arr_end(j);
	locks_json(j, tr);
	if (ti->kernel_src)
		kernel_source_json(j, ti);
	json_key(j, "violations");
	json_arr_begin(j);
	for (int i = 0; i < tr->nreports; i++)
		report_json(j, tr, &tr->report[i]);
	json_arr_end(j);
	json_obj_end(j);
}

void trace_print_json(FILE *f, const struct trace_info *ti)
{
	struct json j;

	json_init(&j, f, true);
	trace_write_json(&j, ti);
	json_end(&j);
}
