/*
 * args.c - option parsing shared by the subcommands.
 *
 * Every error is one line on stderr and EXIT_USAGE, so a script (or the
 * fuzzer) sees a bad invocation the same way whatever was wrong with it.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("vfsrace: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

bool is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

bool opt_match(int argc, char **argv, int *i, const char *name, bool takes_value, const char **val,
	       int *err)
{
	const char *arg = argv[*i];
	size_t n = strlen(name);

	if (strncmp(arg, name, n) != 0 || (arg[n] != 0 && arg[n] != '='))
		return false;
	if (!takes_value) {
		if (arg[n] == '=') {
			cli_error("option %s takes no value", name);
			*err = 1;
		}
		return true;
	}
	if (arg[n] == '=') {
		*val = arg + n + 1;
		return true;
	}
	if (*i + 1 >= argc) {
		cli_error("option %s needs a value", name);
		*err = 1;
		return true;
	}
	*val = argv[++*i];
	return true;
}

int parse_ulong(const char *opt, const char *s, unsigned long lo, unsigned long hi,
		unsigned long *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		goto bad;
	v = strtoul(s, &end, 10);
	if (errno || *end)
		goto bad;
	if (v < lo || v > hi)
		return cli_error("%s %s is out of range %lu..%lu", opt, s, lo, hi);
	*out = v;
	return 0;
bad:
	return cli_error("%s needs a number, not '%s'", opt, s ? s : "");
}

int parse_int(const char *opt, const char *s, long lo, long hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	if (!s || !*s || *s == ' ' || *s == '+')
		goto bad;
	v = strtol(s, &end, 10);
	if (errno || *end)
		goto bad;
	if (v < lo || v > hi)
		return cli_error("%s %s is out of range %ld..%ld", opt, s, lo, hi);
	*out = (int)v;
	return 0;
bad:
	return cli_error("%s needs a whole number, not '%s'", opt, s ? s : "");
}

int parse_seconds(const char *opt, const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	if (!s || !*s || *s == ' ')
		goto bad;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v) || v < 0)
		goto bad;
	*out = v;
	return 0;
bad:
	return cli_error("%s needs a number of seconds, not '%s'", opt, s ? s : "");
}

/* "i/N", 0 <= i < N: this process covers shard i of N. */
int parse_shard(const char *s, int *index, int *count)
{
	const char *slash = s ? strchr(s, '/') : NULL;
	char left[32];
	unsigned long i, n;

	if (!slash || (size_t)(slash - s) >= sizeof(left))
		return cli_error("--shard needs i/N (e.g. 0/4), not '%s'", s ? s : "");
	memcpy(left, s, slash - s);
	left[slash - s] = 0;
	if (parse_ulong("--shard N", slash + 1, 1, 1u << 20, &n) ||
	    parse_ulong("--shard i", left, 0, n - 1, &i))
		return EXIT_USAGE;
	*index = (int)i;
	*count = (int)n;
	return 0;
}

int parse_format(const char *s, enum cli_format *out)
{
	static const char *const names[] = {"text", "json", "junit", "sarif"};

	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum cli_format)i;
			return 0;
		}
	return cli_error("unknown --format '%s' (text, json, junit or sarif)", s);
}

int pending_add(struct pending_params *p, int argc, char **argv, int *i)
{
	const char *arg = argv[*i];
	const char *eq = strchr(arg, '=');

	if (strncmp(arg, "--", 2) != 0 || arg[2] == 0)
		return cli_error("unknown option '%s'", arg);
	if (p->n == CLI_MAX_PENDING)
		return cli_error("too many options");
	if (eq) {
		/* "--NAME=VALUE": keep the name apart without copying argv. */
		static char names[CLI_MAX_PENDING][64];
		size_t len = eq - arg - 2;
		if (len >= sizeof(names[0]))
			return cli_error("unknown option '%.40s...'", arg);
		memcpy(names[p->n], arg + 2, len);
		names[p->n][len] = 0;
		p->name[p->n] = names[p->n];
		p->value[p->n] = eq + 1;
	} else {
		p->name[p->n] = arg + 2;
		p->value[p->n] = *i + 1 < argc ? argv[*i + 1] : NULL;
		if (p->value[p->n])
			++*i;
	}
	p->n++;
	return 0;
}

/* One of a named parameter's names: its number in *out; 0 or EXIT_USAGE. */
static int parse_named(const char *opt, const char *s, const struct model_param *mp, int *out)
{
	char names[256];
	size_t off = 0;
	int v = model_param_named_value(mp, s);

	if (v >= 0) {
		*out = v;
		return 0;
	}
	names[0] = 0;
	for (int w = mp->min; w <= mp->max && mp->names[w] && off < sizeof(names); w++)
		off += snprintf(names + off, sizeof(names) - off, "%s%s", off ? ", " : "",
				mp->names[w]);
	return cli_error("%s: unknown value '%s' (%s)", opt, s, names);
}

int pending_apply(const struct pending_params *p, const struct model *m, struct model_args *a,
		  const char *cmd)
{
	for (int k = 0; k < p->n; k++) {
		int idx = model_param_index(m, p->name[k]);
		char opt[80];

		if (idx < 0)
			return cli_error("unknown option '--%s' for %s %s (see 'vfsrace %s --help' "
					 "and 'vfsrace list')",
					 p->name[k], cmd, m->name, cmd);
		snprintf(opt, sizeof(opt), "--%s", p->name[k]);
		if (!p->value[k])
			return cli_error("option %s needs a value", opt);
		const struct model_param *mp = &m->params[idx];
		if (mp->names) {
			if (parse_named(opt, p->value[k], mp, &a->value[idx]))
				return EXIT_USAGE;
		} else if (parse_int(opt, p->value[k], mp->min, mp->max, &a->value[idx]))
			return EXIT_USAGE;
	}
	return 0;
}

static void list_fixes(const struct model *m, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = 0;
	for (int i = 0; i < m->nfixes && off < len; i++)
		off += snprintf(buf + off, len - off, "%s%s", i ? ", " : "", m->fixes[i].name);
}

int resolve_model(const char *name, const char *fix, const struct model **mp, struct model_args *a)
{
	const struct model *m = model_find(name);
	char fixes[512];

	if (!m)
		return cli_error("unknown model '%s' (see 'vfsrace list')", name);
	model_default_args(m, a);
	if (fix) {
		a->fix = model_fix_index(m, fix);
		if (a->fix < 0) {
			list_fixes(m, fixes, sizeof(fixes));
			return cli_error("model %s has no fix '%s' (fixes: %s)", m->name, fix,
					 fixes);
		}
	}
	*mp = m;
	return 0;
}

void format_params(const struct model *m, const struct model_args *a, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = 0;
	for (int i = 0; i < m->nparams && off < len; i++) {
		char num[16];

		off +=
		    snprintf(buf + off, len - off, "%s%s=%s", i ? " " : "", m->params[i].name,
			     model_param_value_name(&m->params[i], a->value[i], num, sizeof(num)));
	}
}
