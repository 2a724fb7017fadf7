/*
 * trace_origin.c - 2.4.26 lines for a trace's frames, from the port's
 * origin table (origin.h): the innermost frame's line as it ran, each
 * outer frame's call of the next.
 */
#include "cli.h"
#include "vfsrace/origin.h"

static void from_flags(const char *kfile, int kline, unsigned flags, struct rt_kloc *k)
{
	k->file = kfile;
	k->line = kline;
	k->approximate = (flags & ORIGIN_APPROXIMATE) != 0;
}

static bool line_origin(const char *file, int line, struct rt_kloc *k)
{
	struct origin o;

	if (!file || !origin_line(file, line, &o) || !o.kernel_file)
		return false;
	from_flags(o.kernel_file, o.kernel_line, o.flags, k);
	return true;
}

static bool call_origin(const char *file, const char *caller, const char *callee, int *line,
			struct rt_kloc *k)
{
	struct origin_call c;

	if (!file || !caller || !callee || !origin_call_site(file, caller, callee, *line, &c))
		return false;
	*line = c.port_line;
	from_flags(c.kernel_file, c.kernel_line, c.flags, k);
	return true;
}

static const struct rt_origin_resolver resolver = {line_origin, call_origin};

void trace_resolve_origins(struct rt_trace *tr)
{
	rt_trace_resolve(tr, &resolver);
}
