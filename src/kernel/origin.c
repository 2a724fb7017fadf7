/*
 * origin.c - lookups in the generated origin table (origin_lines.c): the
 * 2.4.26 line of a port line, a call site, a ported function.
 */
#include <string.h>

#include "kernel/origin_table.h"

const char *origin_port_file(const char *path)
{
	const char *best = NULL;
	size_t len, best_len = 0;

	if (!path)
		return NULL;
	len = strlen(path);
	for (size_t i = 0; i < origin_port_files_count; i++) {
		const char *name = origin_port_files[i];
		size_t n = strlen(name);

		if (strcmp(path, name) == 0)
			return name;
		if (n < len && path[len - n - 1] == '/' && strcmp(path + len - n, name) == 0 &&
		    n > best_len) {
			best = name;
			best_len = n;
		}
	}
	return best;
}

static const struct origin_function_entry *function_at(const char *file, int line)
{
	for (size_t i = 0; i < origin_function_table_count; i++) {
		const struct origin_function_entry *f = &origin_function_table[i];

		if (strcmp(f->port_file, file) == 0 && f->port_open <= line &&
		    line <= f->port_close)
			return f;
	}
	return NULL;
}

static const struct origin_line_entry *line_entry(const char *file, int line)
{
	size_t lo = 0, hi = origin_line_table_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct origin_line_entry *e = &origin_line_table[mid];
		int c = strcmp(e->port_file, file);

		if (c == 0)
			c = e->port_line < line ? -1 : e->port_line > line;
		if (c == 0)
			return e;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

bool origin_line(const char *port_file, int port_line, struct origin *out)
{
	const char *file = origin_port_file(port_file);
	const struct origin_line_entry *e;
	const struct origin_function_entry *f;

	if (!file || !(e = line_entry(file, port_line)))
		return false;
	f = function_at(file, port_line);
	if (out) {
		out->port_file = e->port_file;
		out->port_line = e->port_line;
		out->function = f ? f->function : NULL;
		out->kernel_file = e->kernel_file;
		out->kernel_line = e->kernel_line;
		out->flags = e->flags;
	}
	return true;
}

bool origin_call_site(const char *port_file, const char *caller, const char *callee, int after_line,
		      struct origin_call *out)
{
	const char *file = NULL;
	const struct origin_call_entry *first_after = NULL, *last_before = NULL, *c;
	const struct origin_line_entry *e;

	if (port_file && !(file = origin_port_file(port_file)))
		return false;
	if (!caller || !callee)
		return false;
	for (size_t i = 0; i < origin_call_table_count; i++) {
		c = &origin_call_table[i];
		if ((file && strcmp(c->port_file, file) != 0) || strcmp(c->caller, caller) != 0 ||
		    strcmp(c->callee, callee) != 0)
			continue;
		if (c->port_line >= after_line) {
			if (!first_after || c->port_line < first_after->port_line)
				first_after = c;
		} else if (!last_before || c->port_line > last_before->port_line) {
			last_before = c;
		}
	}
	c = first_after ? first_after : last_before;
	if (!c)
		return false;
	if (out) {
		e = line_entry(c->port_file, c->port_line);
		out->port_file = c->port_file;
		out->port_line = c->port_line;
		out->caller = c->caller;
		out->callee = c->callee;
		out->kernel_file = e ? e->kernel_file : NULL;
		out->kernel_line = e ? e->kernel_line : 0;
		out->flags = e ? e->flags : ORIGIN_APPROXIMATE;
	}
	return true;
}

bool origin_function(const char *port_file, const char *function, struct origin_function *out)
{
	const char *file = NULL;

	if (port_file && !(file = origin_port_file(port_file)))
		return false;
	if (!function)
		return false;
	for (size_t i = 0; i < origin_function_table_count; i++) {
		const struct origin_function_entry *f = &origin_function_table[i];

		if ((file && strcmp(f->port_file, file) != 0) || strcmp(f->function, function) != 0)
			continue;
		if (out) {
			out->port_file = f->port_file;
			out->function = f->function;
			out->port_open = f->port_open;
			out->port_close = f->port_close;
			out->kernel_file = f->kernel_file;
			out->kernel_function = f->kernel_function;
			out->kernel_start = f->kernel_start;
			out->kernel_end = f->kernel_end;
			out->flags = f->flags;
		}
		return true;
	}
	return false;
}
