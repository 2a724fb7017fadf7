/*
 * tool_args.c - see tool_args.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_args.h"

static int bad(const char *tool, const char *opt, const char *val)
{
	fprintf(stderr, "%s: %s: unknown value '%s'\n", tool, opt, val);
	return -1;
}

const struct model *tool_model(const char *tool, const char *name, struct model_args *a)
{
	const struct model *m = model_find(name);

	if (!m) {
		fprintf(stderr, "%s: unknown model %s\n", tool, name);
		return NULL;
	}
	model_default_args(m, a);
	return m;
}

int tool_model_option(const char *tool, const struct model *m, struct model_args *a,
		      const char *opt, const char *val)
{
	if (!strcmp(opt, "--fix")) {
		int k = model_fix_index(m, val);

		if (k < 0)
			return bad(tool, opt, val);
		a->fix = k;
		return 0;
	}
	int k = strncmp(opt, "--", 2) ? -1 : model_param_index(m, opt + 2);
	if (k < 0) {
		fprintf(stderr, "%s: unknown option %s\n", tool, opt);
		return -1;
	}
	const struct model_param *mp = &m->params[k];
	if (mp->names) {
		int v = model_param_named_value(mp, val);

		if (v < 0)
			return bad(tool, opt, val);
		a->value[k] = v;
		return 0;
	}
	char *end;
	long v = strtol(val, &end, 10);
	if (!*val || *end || v < mp->min || v > mp->max) {
		fprintf(stderr, "%s: %s: '%s' is not a number from %d to %d\n", tool, opt, val,
			mp->min, mp->max);
		return -1;
	}
	a->value[k] = (int)v;
	return 0;
}
