/*
 * trace_json.c - the trace of one replayed execution as JSON, for tools:
 * {schema_version, command, model, fix, params, schedule, preemptions,
 *  steps (how many), trace: [...], violations: [...]}.
 */
#include "cli.h"
#include "vfsrace/ex_result_json.h"
#include "vfsrace/rt_slab.h"
#include "vfsrace/rt_thread.h"

static void step_json(struct json *j, const struct rt_event *e, const char *state)
{
	char op[256], obj[128];

	trace_describe_op(e, op, sizeof(op));
	json_obj_begin(j);
	json_kv_uint(j, "step", e->step);
	json_kv_int(j, "tid", e->tid);
	json_kv_str(j, "thread", rt_thread_name(e->tid));
	json_kv_str(j, "function", e->op.loc.func ? e->op.loc.func : "?");
	json_kv_str(j, "file", trace_basename(e->op.loc.file));
	json_kv_int(j, "line", e->op.loc.line);
	json_kv_str(j, "what", e->op.what ? e->op.what : "");
	trace_object_name(&e->op, obj, sizeof(obj));
	json_kv_str(j, "object", obj);
	json_kv_str(j, "access", rt_access_name(e->op.access));
	json_kv_str(j, "operation", op);
	if (e->has_values) {
		json_kv_int(j, "before", e->before);
		json_kv_int(j, "result", e->result);
	}
	json_kv_bool(j, "preemption", e->preemption);
	if (state)
		json_kv_str(j, "state", state);
	json_obj_end(j);
}

void trace_print_json(FILE *f, const struct trace_info *ti)
{
	unsigned n;
	const struct rt_event *ev = rt_events(&n);
	struct json j;

	json_init(&j, f, true);
	json_obj_begin(&j);
	ex_result_json_header(&j, "replay");
	json_kv_str(&j, "model", ti->m->name);
	json_kv_str(&j, "fix", ti->m->fixes[ti->a->fix].name);
	ex_result_json_params(&j, ti->m, ti->a);
	if (ti->schedule_path)
		json_kv_str(&j, "schedule", ti->schedule_path);
	json_kv_uint(&j, "preemptions", ex_replay_preemptions());
	json_kv_uint(&j, "steps", n);
	json_key(&j, "trace");
	json_arr_begin(&j);
	for (unsigned i = 0; i < n; i++)
		step_json(&j, &ev[i], rt_event_state(i));
	json_arr_end(&j);
	json_key(&j, "violations");
	json_arr_begin(&j);
	for (int i = 0; i < ti->res->nviolations; i++) {
		const struct rt_violation *v = &ti->res->v[i];
		json_obj_begin(&j);
		json_kv_str(&j, "kind", v->kind);
		json_kv_str(&j, "message", v->message);
		json_kv_int(&j, "tid", v->tid);
		json_kv_str(&j, "thread", v->tid >= 0 ? rt_thread_name(v->tid) : "");
		json_kv_uint(&j, "step", v->step);
		json_kv_bool(&j, "fatal", v->fatal);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
}
