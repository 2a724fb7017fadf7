/*
 * trace_html.c - `vfsrace replay FILE --format html`: one self-contained
 * page (inline CSS and JS, nothing fetched) that shows a replayed trace as
 * a timeline: a column per thread, steps down the page, one lane per lock
 * with a bar, in the holder's colour, while it is held, preemptions and
 * the violation highlighted.  Clicking a step (or j/k) shows the state
 * line, the operation and the locks each thread holds at that step.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define HTML_MAX_LOCKS 24

static const char style[] =
    "body{font:14px/1.35 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}"
    "header{padding:12px 20px;background:#fff;border-bottom:1px solid #ddd}"
    "h1{font-size:20px;margin:0 0 4px}.meta{color:#555;margin:0 0 8px}"
    ".violation{background:#fde8e8;border:2px solid #c00;border-radius:6px;padding:8px 12px;"
    "margin:8px 0;white-space:pre-wrap;font-family:monospace}"
    ".violation b{color:#a00;font-family:system-ui,sans-serif}"
    ".ok{background:#e8f6e8;border:1px solid #393;border-radius:6px;padding:8px 12px}"
    ".legend span{display:inline-block;margin-right:14px}"
    ".sw{display:inline-block;width:12px;height:12px;vertical-align:middle;margin-right:4px;"
    "border-radius:2px}"
    "main{display:flex;align-items:flex-start}"
    "#wrap{flex:1;padding:0 0 40px 20px}"
    "table{border-collapse:collapse;background:#fff}"
    "thead th{position:sticky;top:0;background:#fff;border-bottom:2px solid #999;z-index:1}"
    "th.thread{min-width:300px;text-align:left;padding:6px;font-size:16px}"
    "th.lock{width:18px;padding:2px 0;vertical-align:bottom;font-weight:normal;font-size:11px}"
    "th.lock span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap}"
    "td{padding:0 6px;border-bottom:1px solid #f0f0f0;vertical-align:top}"
    "td.n{color:#888;text-align:right;font-family:monospace}"
    "td.op{font-family:monospace;font-size:12px;padding:2px 6px;white-space:nowrap}"
    ".fn{font-weight:bold}.loc{color:#888;font-weight:normal}"
    "td.lk{padding:0;width:18px}td.lk.held,td.lk.rel{border-bottom:none}"
    "tr.step{cursor:pointer}tr.step:hover{background:#f3f6ff}"
    "tr.sel{outline:2px solid #36c;outline-offset:-2px;background:#eef3ff}"
    "tr.preempt td{border-top:3px solid #f90}"
    ".pre{display:inline-block;background:#f90;color:#fff;border-radius:3px;padding:0 4px;"
    "font-family:system-ui,sans-serif;font-size:11px;margin-left:6px}"
    "tr.bad td.op{background:#fde8e8}tr.bad td.n{color:#c00;font-weight:bold}"
    "tr.end td{background:#fde8e8;color:#a00;font-weight:bold;padding:6px}"
    "#panel{position:sticky;top:0;flex:none;width:380px;margin:0 20px;padding:12px;background:#fff;"
    "border:1px solid #ccc;border-radius:6px;max-height:95vh;overflow:auto}"
    "#panel h2{font-size:16px;margin:0 0 6px}#panel pre{white-space:pre-wrap;margin:4px 0;"
    "background:#f6f6f6;padding:6px;border-radius:4px}"
    "#panel .k{color:#666;font-size:12px;margin-top:8px}";

static const char script[] =
    "(function(){var rows=[].slice.call(document.querySelectorAll('tr.step'));"
    "var locks=[].slice.call(document.querySelectorAll('th.lock')).map(function(t){"
    "return t.textContent});"
    "var threads=[].slice.call(document.querySelectorAll('th.thread')).map(function(t){"
    "return t.textContent});var cur=-1;"
    "function stateAt(i){for(;i>=0;i--){var s=rows[i].getAttribute('data-state');"
    "if(s!==null)return s}return ''}"
    "function select(i){if(i<0||i>=rows.length)return;if(cur>=0)rows[cur].classList."
    "remove('sel');cur=i;var r=rows[i];r.classList.add('sel');"
    "var held=threads.map(function(){return []});"
    "[].forEach.call(r.querySelectorAll('td.lk.held'),function(c){"
    "held[+c.getAttribute('data-tid')].push(locks[+c.getAttribute('data-lock')])});"
    "document.getElementById('p-step').textContent='Step '+r.getAttribute('data-step')+"
    "': '+threads[+r.getAttribute('data-tid')];"
    "document.getElementById('p-op').textContent=r.getAttribute('data-op');"
    "document.getElementById('p-state').textContent=stateAt(i)||'(no state line)';"
    "document.getElementById('p-locks').textContent=threads.map(function(t,k){"
    "return t+': '+(held[k].length?held[k].join(', '):'none')}).join('\\n');"
    "document.getElementById('p-pre').textContent=r.classList.contains('preempt')?"
    "'This step is a preemption: '+r.getAttribute('data-preempts')+' could have gone on.':''}"
    "rows.forEach(function(r,i){r.addEventListener('click',function(){select(i)})});"
    "document.addEventListener('keydown',function(e){if(e.key==='j'||e.key==='ArrowDown')"
    "{select(cur+1);e.preventDefault()}else if(e.key==='k'||e.key==='ArrowUp'){select(cur-1);"
    "e.preventDefault()}else if(e.key==='p'){for(var i=cur+1;i<rows.length;i++)"
    "if(rows[i].classList.contains('preempt')){select(i);rows[i].scrollIntoView({block:"
    "'center'});break}}});"
    "var start=document.querySelector('tr.bad')||document.querySelector('tr.preempt')||"
    "rows[rows.length-1];"
    "select(rows.indexOf(start))})();";

static const char *const colour[8] = {"#3b7dd8", "#d8703b", "#2e9e5b", "#9b59b6",
				      "#c0392b", "#16a085", "#7f8c8d", "#b7950b"};

/* Text and attribute values: & < > " escaped, UTF-8 passed through. */
static void esc(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

/* Lanes: one per distinct lock name, in order of first acquisition. */
static int lane_index(const char **names, int *n, const char *name)
{
	for (int i = 0; i < *n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	if (*n == HTML_MAX_LOCKS)
		return -1;
	names[*n] = name;
	return (*n)++;
}

static void print_head(FILE *f, const struct trace_info *ti, unsigned n)
{
	const struct rt_result *res = &ti->tr->res;
	char params[256];
	unsigned p = ti->tr->preemptions;

	format_params(ti->m, ti->a, params, sizeof(params));
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>vfsrace: ",
	      f);
	esc(f, ti->m->name);
	fprintf(f, ", fix %s%s%s</title>\n<style>%s</style></head>\n<body>\n<header>\n<h1>",
		ti->m->fixes[ti->a->fix].name, res->nviolations ? ": " : "",
		res->nviolations ? res->v[0].kind : "", style);
	esc(f, ti->m->name);
	fprintf(f, ", fix %s</h1>\n<p class=\"meta\">", ti->m->fixes[ti->a->fix].name);
	esc(f, params);
	fprintf(f, " &middot; %u steps &middot; %u preemption%s", n, p, p == 1 ? "" : "s");
	if (ti->schedule_path) {
		fputs(" &middot; schedule ", f);
		esc(f, trace_basename(ti->schedule_path));
	}
	fputs("</p>\n", f);
	for (int i = 0; i < res->nviolations; i++) {
		const struct rt_violation *v = &res->v[i];
		fputs("<div class=\"violation\" id=\"violation\"><b>Violation: ", f);
		esc(f, v->kind);
		if (v->tid < 0)
			fputs(" (found at the end of the execution)", f);
		else
			fprintf(f, " (at step %u in thread %s)", v->step, ti->tr->thread[v->tid]);
		fputs("</b>\n", f);
		esc(f, v->message);
		fputs("</div>\n", f);
	}
	if (!res->nviolations)
		fputs("<div class=\"ok\" id=\"violation\">No violation in this execution.</div>\n",
		      f);
	fputs("<p class=\"legend\">", f);
	for (int t = 0; t < ti->tr->nthreads; t++)
		fprintf(f, "<span><i class=\"sw\" style=\"background:%s\"></i>%s</span>",
			colour[t % 8], ti->tr->thread[t]);
	fputs("<span><i class=\"sw\" style=\"background:#f90\"></i>preemption</span>"
	      "<span>lock lanes on the right: a bar while a thread holds the lock</span>"
	      "<span>click a step, or j/k, p: next preemption</span></p>\n</header>\n",
	      f);
}

static void print_header_row(FILE *f, const struct rt_trace *tr, int nthreads, const char **names,
			     int nlanes)
{
	fputs("<main><div id=\"wrap\"><table id=\"trace\">\n<thead><tr><th>step</th>", f);
	for (int t = 0; t < nthreads; t++)
		fprintf(f, "<th class=\"thread\" style=\"color:%s\">%s</th>", colour[t % 8],
			tr->thread[t]);
	for (int l = 0; l < nlanes; l++) {
		fputs("<th class=\"lock\"><span>", f);
		esc(f, names[l]);
		fputs("</span></th>", f);
	}
	fputs("</tr></thead>\n<tbody>\n", f);
}

/* The violation a step shows: a fatal one at its step, or at the last. */
static bool step_is_bad(const struct rt_result *res, const struct rt_event *e, bool last)
{
	for (int i = 0; i < res->nviolations; i++)
		if (res->v[i].tid >= 0 &&
		    (res->v[i].step == e->step || (last && res->v[i].step > e->step)))
			return true;
	return false;
}

static void print_lock_cells(FILE *f, const struct lock_spans *ls, const int *lane, int nlanes,
			     unsigned i)
{
	for (int l = 0; l < nlanes; l++) {
		int tid = -1;
		bool rel = false;

		for (unsigned k = 0; k < ls->n; k++) {
			if (lane[k] != l)
				continue;
			if (trace_lock_held_after(&ls->s[k], i))
				tid = ls->s[k].tid;
			else if (ls->s[k].to == i && tid < 0) {
				tid = ls->s[k].tid;
				rel = true;
			}
		}
		if (tid < 0)
			fputs("<td class=\"lk\"></td>", f);
		else if (rel) /* the releasing step: half a bar */
			fprintf(f,
				"<td class=\"lk rel\" style=\"background:linear-gradient(%s 50%%,"
				"transparent 50%%)\"></td>",
				colour[tid % 8]);
		else
			fprintf(f,
				"<td class=\"lk held\" data-lock=\"%d\" data-tid=\"%d\" "
				"style=\"background-color:%s\"></td>",
				l, tid, colour[tid % 8]);
	}
}

static void print_step(FILE *f, const struct rt_trace *tr, unsigned i, int nthreads)
{
	const struct rt_event *e = &tr->step[i].e;
	const char *state = tr->step[i].state;
	unsigned n = tr->nsteps;
	char op[256];
	bool pre = e->preemption && i > 0;

	rt_trace_step_describe(&tr->step[i], op, sizeof(op));
	fprintf(f, "<tr id=\"s%u\" class=\"step%s%s\" data-step=\"%u\" data-tid=\"%d\" data-op=\"",
		e->step, pre ? " preempt" : "", step_is_bad(&tr->res, e, i + 1 == n) ? " bad" : "",
		e->step, e->tid);
	esc(f, op);
	fputc('"', f);
	if (pre)
		fprintf(f, " data-preempts=\"%s\"", tr->thread[tr->step[i - 1].e.tid]);
	if (state && *state) {
		fputs(" data-state=\"", f);
		esc(f, state);
		fputc('"', f);
	}
	fprintf(f, "><td class=\"n\">%u</td>", e->step);
	for (int t = 0; t < nthreads; t++) {
		if (t != e->tid) {
			fputs("<td></td>", f);
			continue;
		}
		fprintf(f,
			"<td class=\"op\" style=\"border-left:4px solid %s\"><span class=\"fn\">",
			colour[t % 8]);
		esc(f, e->op.loc.func ? e->op.loc.func : "?");
		fprintf(f, " <span class=\"loc\">%s:%d</span></span> ",
			trace_basename(e->op.loc.file), e->op.loc.line);
		esc(f, op);
		if (pre)
			fprintf(f, "<span class=\"pre\">preempts %s</span>",
				tr->thread[tr->step[i - 1].e.tid]);
		fputs("</td>", f);
	}
}

static void print_end_row(FILE *f, const struct rt_result *res, int ncols)
{
	for (int i = 0; i < res->nviolations; i++) {
		if (res->v[i].tid >= 0)
			continue;
		fprintf(f, "<tr class=\"end\"><td colspan=\"%d\">End of the execution: ", ncols);
		esc(f, res->v[i].kind);
		fputs(" &mdash; ", f);
		esc(f, res->v[i].message);
		fputs("</td></tr>\n", f);
	}
}

static void print_panel(FILE *f)
{
	fputs("</tbody></table></div>\n<aside id=\"panel\"><h2 id=\"p-step\"></h2>"
	      "<div id=\"p-op\"></div><div id=\"p-pre\" style=\"color:#c60\"></div>"
	      "<div class=\"k\">dentry/inode state after this step</div><pre id=\"p-state\"></pre>"
	      "<div class=\"k\">locks held after this step</div><pre id=\"p-locks\"></pre>"
	      "</aside></main>\n",
	      f);
}

int trace_print_html(FILE *f, const struct trace_info *ti)
{
	const struct rt_trace *tr = ti->tr;
	unsigned n = tr->nsteps;
	struct lock_spans ls;
	const char *names[HTML_MAX_LOCKS];
	int nlanes = 0, nthreads = tr->nthreads;

	if (trace_lock_spans(&ls, tr) != 0)
		return -1;
	int *lane = calloc(ls.n + 1, sizeof(*lane));
	if (!lane) {
		trace_lock_spans_free(&ls);
		return -1;
	}
	for (unsigned k = 0; k < ls.n; k++)
		lane[k] = lane_index(names, &nlanes, ls.s[k].name);
	print_head(f, ti, n);
	print_header_row(f, tr, nthreads, names, nlanes);
	for (unsigned i = 0; i < n; i++) {
		print_step(f, tr, i, nthreads);
		print_lock_cells(f, &ls, lane, nlanes, i);
		fputs("</tr>\n", f);
	}
	print_end_row(f, &tr->res, 1 + nthreads + nlanes);
	print_panel(f);
	fprintf(f, "<script>%s</script>\n</body></html>\n", script);
	free(lane);
	trace_lock_spans_free(&ls);
	return 0;
}
