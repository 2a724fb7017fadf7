/*
 * expect.c - verify's expected results (see expect.h).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "expect.h"

#define EXPECT_HEADER "fix result complete"

/* Copy the pairs of space other than "tool" and "fix". */
void expect_space(const struct ex_options *o, char *buf, size_t len)
{
	char space[EX_SPACE_MAX], key[64], value[64];
	const char *s = space;
	size_t off = 0;
	int used;

	ex_options_space(o, space, sizeof(space));
	buf[0] = 0;
	while (off < len && sscanf(s, " %63s %63s%n", key, value, &used) == 2) {
		s += used;
		if (strcmp(key, "tool") != 0 && strcmp(key, "fix") != 0 &&
		    strcmp(key, "model") != 0)
			off += (size_t)snprintf(buf + off, len - off, "%s%s %s", off ? " " : "",
						key, value);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void expect_row_of(const char *fix, const struct ex_report *r, struct expect_row *row)
{
	const char *kinds[EX_MAX_FOUND];
	size_t off = 0;
	int n = 0;

	for (int i = 0; i < r->nfound; i++)
		kinds[n++] = r->found[i].v.kind; /* distinct: one per kind */
	qsort(kinds, (size_t)n, sizeof(kinds[0]), cmp_str);
	snprintf(row->fix, sizeof(row->fix), "%s", fix);
	row->kinds[0] = 0;
	for (int i = 0; i < n && off < sizeof(row->kinds); i++)
		off += (size_t)snprintf(row->kinds + off, sizeof(row->kinds) - off, "%s%s",
					i ? "," : "", kinds[i]);
	if (n == 0)
		snprintf(row->kinds, sizeof(row->kinds), "none");
	row->complete = r->stats.complete;
}

/* "key rest of line" -> rest, or NULL if line is not of key. */
static const char *keyword(const char *line, const char *key)
{
	size_t n = strlen(key);

	if (strncmp(line, key, n) != 0 || (line[n] != ' ' && line[n] != '\t'))
		return NULL;
	line += n;
	while (*line == ' ' || *line == '\t')
		line++;
	return line;
}

/* Collapse runs of blanks to one space, so the header matches however
 * the columns are aligned. */
static void squeeze(const char *in, char *out, size_t len)
{
	size_t o = 0;

	for (; *in && o + 1 < len; in++)
		if (*in != ' ' && *in != '\t')
			out[o++] = *in;
		else if (o && out[o - 1] != ' ')
			out[o++] = ' ';
	while (o && out[o - 1] == ' ')
		o--;
	out[o] = 0;
}

/* One table row: "FIX KINDS yes|no"; 0 or -1. */
static int parse_row(const char *line, struct expect_row *row)
{
	char complete[8], extra[2];

	if (sscanf(line, "%63s %255s %7s %1s", row->fix, row->kinds, complete, extra) != 3)
		return -1;
	if (strcmp(complete, "yes") != 0 && strcmp(complete, "no") != 0)
		return -1;
	row->complete = complete[0] == 'y';
	return 0;
}

/* One line of the file into e; NULL, or what is wrong with it. */
static const char *parse_line(char *line, struct expect_file *e, bool *seen_header)
{
	char flat[EX_SPACE_MAX + 16];
	const char *v;

	line[strcspn(line, "\r\n")] = 0;
	squeeze(line, flat, sizeof(flat));
	if (!flat[0] || flat[0] == '#')
		return NULL;
	if ((v = keyword(flat, "model")) != NULL) {
		if (strlen(v) >= sizeof(e->model))
			return "the model name is too long";
		memcpy(e->model, v, strlen(v) + 1);
		return NULL;
	}
	if ((v = keyword(flat, "space")) != NULL) {
		if (strlen(v) >= sizeof(e->space))
			return "the space line is too long";
		memcpy(e->space, v, strlen(v) + 1);
		return NULL;
	}
	if (strcmp(flat, EXPECT_HEADER) == 0) {
		*seen_header = true;
		return NULL;
	}
	if (!*seen_header)
		return "expected 'model', 'space' or the '" EXPECT_HEADER "' header";
	if (e->n == EXPECT_MAX_ROWS)
		return "too many rows";
	if (parse_row(flat, &e->rows[e->n]) != 0)
		return "a row is FIX RESULT yes|no (RESULT: kinds joined by commas, or none)";
	for (int i = 0; i < e->n; i++)
		if (strcmp(e->rows[i].fix, e->rows[e->n].fix) == 0)
			return "a second row for this fix";
	e->n++;
	return NULL;
}

int expect_load(const char *path, struct expect_file *e)
{
	FILE *f = fopen(path, "r");
	char line[EX_SPACE_MAX + 64];
	bool header = false;
	int lineno = 0;

	memset(e, 0, sizeof(*e));
	if (!f)
		return cli_error("cannot read %s", path);
	while (fgets(line, sizeof(line), f)) {
		const char *why = parse_line(line, e, &header);

		lineno++;
		if (why) {
			fclose(f);
			return cli_error("%s:%d: %s", path, lineno, why);
		}
	}
	fclose(f);
	if (!e->model[0] || !e->space[0] || !header)
		return cli_error("%s: not an expect file (needs model, space and the rows; "
				 "'vfsrace verify MODEL --write-expect FILE' writes one)",
				 path);
	return 0;
}

int expect_write(const char *path, const struct expect_file *e, const char *command)
{
	char tmp[1100];
	int wf = 3, wk = 6;
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (!(f = fopen(tmp, "w")))
		return cli_error("cannot write %s", tmp);
	for (int i = 0; i < e->n; i++) {
		wf = (int)strlen(e->rows[i].fix) > wf ? (int)strlen(e->rows[i].fix) : wf;
		wk = (int)strlen(e->rows[i].kinds) > wk ? (int)strlen(e->rows[i].kinds) : wk;
	}
	fprintf(f,
		"# vfsrace verify: expected results, one row per fix (docs/ci.md).\n"
		"# Check:      %s --expect FILE\n"
		"# Regenerate: %s --write-expect FILE\n"
		"# result: the violation kinds found, sorted and joined by commas, or none;\n"
		"# complete: yes when the run covered its whole space (within its bounds).\n"
		"# A run is compared only with a file of the same model and space.\n",
		command, command);
	fprintf(f, "model %s\nspace %s\n\n", e->model, e->space);
	fprintf(f, "%-*s  %-*s  %s\n", wf, "fix", wk, "result", "complete");
	for (int i = 0; i < e->n; i++)
		fprintf(f, "%-*s  %-*s  %s\n", wf, e->rows[i].fix, wk, e->rows[i].kinds,
			e->rows[i].complete ? "yes" : "no");
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		remove(tmp);
		return cli_error("cannot write %s", path);
	}
	return 0;
}

static const struct expect_row *row_for(const struct expect_file *e, const char *fix)
{
	for (int i = 0; i < e->n; i++)
		if (strcmp(e->rows[i].fix, fix) == 0)
			return &e->rows[i];
	return NULL;
}

int expect_check_run(const char *path, const struct expect_file *want, const struct ex_options *o)
{
	char space[EX_SPACE_MAX], what[160];

	if (strcmp(want->model, o->model->name) != 0)
		return cli_error("%s expects model %s, not %s", path, want->model, o->model->name);
	expect_space(o, space, sizeof(space));
	if (ex_options_space_differs(want->space, space, what, sizeof(what)))
		return cli_error("%s was written for another run (%s: file vs this run); run "
				 "verify as its 'Check' line says",
				 path, what);
	return 0;
}

bool expect_row_differs(const char *path, const struct expect_file *want,
			const struct expect_row *got, char *why, size_t len)
{
	const struct expect_row *w = row_for(want, got->fix);

	if (!w)
		snprintf(why, len, "fix %s: no row in %s (got %s, complete %s)", got->fix, path,
			 got->kinds, got->complete ? "yes" : "no");
	else if (strcmp(w->kinds, got->kinds) != 0 || w->complete != got->complete)
		snprintf(why, len, "fix %s: expected %s, complete %s; got %s, complete %s",
			 got->fix, w->kinds, w->complete ? "yes" : "no", got->kinds,
			 got->complete ? "yes" : "no");
	else
		return false;
	return true;
}

int expect_compare(const char *path, const struct expect_file *want, const struct expect_file *got)
{
	char why[512];
	int bad = 0;

	for (int i = 0; i < got->n; i++)
		if (expect_row_differs(path, want, &got->rows[i], why, sizeof(why))) {
			fprintf(stderr, "vfsrace: expect: %s\n", why);
			bad++;
		}
	for (int i = 0; i < want->n; i++)
		if (!row_for(got, want->rows[i].fix)) {
			fprintf(stderr, "vfsrace: expect: fix %s: in %s, but %s has no such fix\n",
				want->rows[i].fix, path, got->model);
			bad++;
		}
	return bad ? EXIT_VIOLATION : EXIT_NO_VIOLATION;
}
