/*
 * frame.c - the shadow call stack (rt_frame.h): pushes and pops on the
 * running thread's own stack, and copies of it for traces.
 */
#include <string.h>

#include "rt_internal.h"
#include "vfsrace/rt_frame.h"

unsigned rt_frame_enter(const char *func, const char *file, int line)
{
	struct rt_stack *s = &rt_self()->shadow;
	unsigned d = s->depth;

	if (d < RT_MAX_FRAMES) {
		s->f[d].func = func;
		s->f[d].file = file;
		s->f[d].line = line;
	}
	s->depth = d + 1;
	return d;
}

void rt_frame_leave(const unsigned *depth)
{
	rt_self()->shadow.depth = *depth;
}

static bool same_func(const char *a, const char *b)
{
	/* __func__ of one function is one object: the pointer compare
	 * decides almost always. */
	return a == b || (a && b && strcmp(a, b) == 0);
}

void rt_frame_step(struct rt_thread *t, const struct rt_loc *loc)
{
	struct rt_stack *s = &t->shadow;
	unsigned n = rt_stack_frames(s);

	if (n && s->depth == n && same_func(s->f[n - 1].func, loc->func))
		s->f[n - 1].line = loc->line;
}

/* A frame where a step is, not yet resolved to 2.4.26. */
static void frame_at(struct rt_frame *f, const struct rt_loc *at)
{
	f->func = at->func;
	f->file = at->file;
	f->line = at->line;
	memset(&f->k, 0, sizeof(f->k));
}

void rt_stack_snapshot(const struct rt_thread *t, const struct rt_loc *at, struct rt_stack *out)
{
	unsigned n = rt_stack_frames(&t->shadow);

	out->depth = t->shadow.depth;
	memcpy(out->f, t->shadow.f, n * sizeof(out->f[0]));
	for (unsigned i = 0; i < n; i++)
		memset(&out->f[i].k, 0, sizeof(out->f[i].k));
	if (!at || !at->func)
		return;
	if (n && out->depth == n && same_func(out->f[n - 1].func, at->func)) {
		out->f[n - 1].line = at->line;
		return;
	}
	/* Deeper than the frames kept: the innermost slot shows where the
	 * step is, the frames between are lost (a trace says so). */
	if (out->depth > n && n) {
		frame_at(&out->f[n - 1], at);
		return;
	}
	/* A step in code without a frame of its own (a model's thread
	 * function, an unported helper): it is the innermost frame. */
	if (out->depth == n && n < RT_MAX_FRAMES) {
		frame_at(&out->f[n], at);
		out->depth = n + 1;
	}
}
