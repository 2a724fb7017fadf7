/*
 * schedule.c - schedules in memory and the schedule file format.
 *
 * The format is described in docs/schedule-format.md.  The parser is meant
 * to meet hostile input (it is fuzzed): it reads exactly len bytes, never
 * relies on a terminating NUL, bounds every field, and reports the first
 * problem as one line in errbuf.  The checks run in the order that gives
 * the most useful message: not a schedule at all, another format version,
 * truncated, corrupted, and only then malformed content.
 */
#include <limits.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fnv.h"
#include "whole_file.h"
#include "source_hash.h"
#include "vfsrace/ex_schedule.h"

#ifndef VFSRACE_VERSION
#define VFSRACE_VERSION "0.2.0"
#endif

#define MAGIC		 "vfsrace-schedule"
#define CHOICES_PER_LINE 40
#define RUN_MIN		 8	   /* shortest run written as "t*N" */
#define MAX_STEPS	 10000000u /* far beyond any execution's step bound */
#define MAX_FILE_BYTES	 (64u << 20)
#define MAX_LINE	 4096
#define MAX_TID		 15 /* RT_MAX_THREADS - 1: one hex digit (0-9, A-F) per choice */

void ex_schedule_init(struct ex_schedule *s)
{
	memset(s, 0, sizeof(*s));
}

void ex_schedule_free(struct ex_schedule *s)
{
	free(s->choice);
	ex_schedule_init(s);
}

static int reserve(struct ex_schedule *s, unsigned n)
{
	if (n <= s->cap)
		return 0;
	unsigned cap = s->cap ? s->cap : 256;
	while (cap < n)
		cap *= 2;
	uint8_t *c = realloc(s->choice, cap);
	if (!c)
		return -1;
	s->choice = c;
	s->cap = cap;
	return 0;
}

void ex_schedule_push(struct ex_schedule *s, uint8_t tid)
{
	if (reserve(s, s->n + 1) != 0) {
		fprintf(stderr, "vfsrace: out of memory growing a schedule\n");
		abort();
	}
	s->choice[s->n++] = tid;
}

void ex_schedule_copy(struct ex_schedule *dst, const struct ex_schedule *src)
{
	*dst = *src;
	dst->choice = NULL;
	dst->n = dst->cap = 0;
	if (reserve(dst, src->n) != 0) {
		fprintf(stderr, "vfsrace: out of memory copying a schedule\n");
		abort();
	}
	if (src->n)
		memcpy(dst->choice, src->choice, src->n);
	dst->n = src->n;
}

static void copy_str(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

void ex_schedule_set_header(struct ex_schedule *s, const struct model *m,
			    const struct model_args *a)
{
	copy_str(s->model, sizeof(s->model), m->name);
	copy_str(s->fix, sizeof(s->fix),
		 a->fix >= 0 && a->fix < m->nfixes ? m->fixes[a->fix].name : "?");
	s->nparams = m->nparams < MODEL_MAX_PARAMS ? m->nparams : MODEL_MAX_PARAMS;
	for (int i = 0; i < s->nparams; i++) {
		copy_str(s->param_name[i], sizeof(s->param_name[i]), m->params[i].name);
		s->param_value[i] = a->value[i];
	}
	copy_str(s->tool_version, sizeof(s->tool_version), VFSRACE_VERSION);
	copy_str(s->source_hash, sizeof(s->source_hash), VFSRACE_SOURCE_HASH);
}

const char *ex_source_hash(void)
{
	return VFSRACE_SOURCE_HASH;
}

/* ---- writing ---------------------------------------------------------- */

struct buf {
	char *p;
	size_t len, cap;
	int oom;
};

static void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	for (;;) {
		size_t room = b->cap - b->len;
		va_start(ap, fmt);
		int n = vsnprintf(b->p ? b->p + b->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = 1;
			return;
		}
		if ((size_t)n < room) {
			b->len += n;
			return;
		}
		size_t cap = b->cap ? b->cap * 2 : 1024;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
}

static char tid_char(unsigned t)
{
	return "0123456789ABCDEF"[t & 15];
}

/* Thread id of a choice character, or -1. */
static int tid_of(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* CHOICES_PER_LINE choices per line, so line k holds steps 40k..40k+39;
 * a run of RUN_MIN or more equal choices is written "T*N", set off by
 * spaces from its neighbours. */
static void write_choices(struct buf *b, const struct ex_schedule *s)
{
	for (unsigned line = 0; line < s->n; line += CHOICES_PER_LINE) {
		unsigned end = line + CHOICES_PER_LINE < s->n ? line + CHOICES_PER_LINE : s->n;
		int after_run = 0;

		for (unsigned i = line, j; i < end; i = j) {
			for (j = i; j < end && s->choice[j] == s->choice[i]; j++)
				;
			if (j - i >= RUN_MIN) {
				buf_printf(b, "%s%c*%u", i > line ? " " : "",
					   tid_char(s->choice[i]), j - i);
				after_run = 1;
				continue;
			}
			if (after_run)
				buf_printf(b, " ");
			after_run = 0;
			for (unsigned k = i; k < j; k++)
				buf_printf(b, "%c", tid_char(s->choice[k]));
		}
		buf_printf(b, "\n");
	}
}

/* Render the whole file, checksum included.  Caller frees *out. */
static int format_schedule(const struct ex_schedule *s, char **out, size_t *outlen, char *errbuf,
			   unsigned errlen)
{
	struct buf b = {0};

	for (unsigned i = 0; i < s->n; i++)
		if (s->choice[i] > MAX_TID) {
			snprintf(errbuf, errlen, "schedule step %u chooses thread %u (max %d)", i,
				 s->choice[i], MAX_TID);
			return -1;
		}
	buf_printf(&b, "%s %d\n", MAGIC, EX_SCHEDULE_FORMAT);
	buf_printf(&b, "# replay with: vfsrace replay FILE   (format: docs/schedule-format.md)\n");
	buf_printf(&b, "model %s\n", s->model);
	for (int i = 0; i < s->nparams; i++)
		buf_printf(&b, "param %s %d\n", s->param_name[i], s->param_value[i]);
	buf_printf(&b, "fix %s\n", s->fix);
	buf_printf(&b, "tool %s\n", s->tool_version[0] ? s->tool_version : VFSRACE_VERSION);
	if (s->source_hash[0])
		buf_printf(&b, "source %s\n", s->source_hash);
	buf_printf(&b, "violation %s\n", s->violation[0] ? s->violation : "none");
	if (s->max_steps)
		buf_printf(&b, "max-steps %u\n", s->max_steps);
	buf_printf(&b, "steps %u\n", s->n);
	write_choices(&b, s);
	uint64_t h = fnv1a64(b.p, b.len);
	buf_printf(&b, "checksum fnv1a64 %016" PRIx64 "\n", h);
	if (b.oom) {
		free(b.p);
		snprintf(errbuf, errlen, "out of memory formatting a schedule");
		return -1;
	}
	*out = b.p;
	*outlen = b.len;
	return 0;
}

int ex_schedule_save(const struct ex_schedule *s, const char *path, char *errbuf, unsigned errlen)
{
	char *text;
	size_t len;

	if (format_schedule(s, &text, &len, errbuf, errlen) != 0)
		return -1;
	int rc = whole_file_write_atomic(path, text, len, errbuf, errlen);
	free(text);
	return rc;
}

int ex_schedule_save_new(const struct ex_schedule *s, const char *path, char *errbuf,
			 unsigned errlen)
{
	char *text, *there, err[256];
	size_t len, there_len;

	if (format_schedule(s, &text, &len, errbuf, errlen) != 0)
		return -1;
	int rc = whole_file_write_new(path, text, len, errbuf, errlen);
	if (rc == 1) {
		/* The same schedule, saved by the same run before: keep it. */
		there = whole_file_read(path, MAX_FILE_BYTES, &there_len, err, sizeof(err));
		if (there && there_len == len && memcmp(there, text, len) == 0)
			rc = 0;
		free(there);
	}
	free(text);
	return rc;
}

/* ---- parsing ---------------------------------------------------------- */

struct line {
	const char *p;
	size_t len;
	unsigned no; /* 1-based */
};

/* Next line of text[*pos..len); false at the end.  The newline is not part
 * of the line. */
static int next_line(const char *text, size_t len, size_t *pos, struct line *l)
{
	if (*pos >= len)
		return 0;
	const char *start = text + *pos;
	const char *nl = memchr(start, '\n', len - *pos);
	size_t n = nl ? (size_t)(nl - start) : len - *pos;

	l->p = start;
	l->len = n;
	l->no++;
	*pos += n + (nl ? 1 : 0);
	return 1;
}

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.' || c == '+';
}

/* Length of the first space-separated word of p[0..len). */
static size_t word_len(const char *p, size_t len)
{
	size_t i = 0;
	while (i < len && p[i] != ' ')
		i++;
	return i;
}

static int keyword_is(const struct line *l, const char *kw)
{
	size_t k = strlen(kw);
	return l->len > k && memcmp(l->p, kw, k) == 0 && l->p[k] == ' ';
}

/* Parse a decimal in [lo, hi] from exactly p[0..len). */
static int parse_long(const char *p, size_t len, long lo, long hi, long *out)
{
	long v = 0;
	size_t i = 0;
	int neg = 0;

	if (len > 0 && p[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == len || len - i > 10)
		return -1;
	for (; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	if (neg)
		v = -v;
	if (v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* Copy a name value (the rest of a header line) into dst, checking it. */
static int take_name(char *dst, size_t size, const char *p, size_t len)
{
	if (len == 0 || len >= size)
		return -1;
	for (size_t i = 0; i < len; i++)
		if (!is_name_char(p[i]))
			return -1;
	memcpy(dst, p, len);
	dst[len] = 0;
	return 0;
}

/* The optional headers: max-steps only when not the default, source in
 * files written since it was added. */
enum hdr { H_MODEL, H_FIX, H_TOOL, H_VIOLATION, H_MAX_STEPS, H_STEPS, H_SOURCE, H_COUNT };
static const char *const hdr_name[H_COUNT] = {"model",	   "fix",   "tool",  "violation",
					      "max-steps", "steps", "source"};

struct parse {
	struct ex_schedule *s;
	char *err;
	unsigned errlen;
	int seen[H_COUNT];
	long steps;
	int in_choices;
};

static int fail(struct parse *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct parse *ps, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ps->err, ps->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int parse_param(struct parse *ps, const struct line *l)
{
	const char *p = l->p + 6;
	size_t len = l->len - 6;
	size_t w = word_len(p, len);
	struct ex_schedule *s = ps->s;
	char name[sizeof(s->param_name[0])];
	long v;

	if (ps->seen[H_FIX] || ps->seen[H_STEPS])
		return fail(ps, "line %u: 'param' must come between 'model' and 'fix'", l->no);
	if (w == len || take_name(name, sizeof(name), p, w) != 0)
		return fail(ps, "line %u: expected 'param NAME VALUE'", l->no);
	if (parse_long(p + w + 1, len - w - 1, INT_MIN, INT_MAX, &v) != 0)
		return fail(ps, "line %u: parameter '%s' has a bad value '%.*s'", l->no, name,
			    (int)(len - w - 1 > 32 ? 32 : len - w - 1), p + w + 1);
	for (int i = 0; i < s->nparams; i++)
		if (strcmp(s->param_name[i], name) == 0)
			return fail(ps, "line %u: duplicate parameter '%s'", l->no, name);
	if (s->nparams == MODEL_MAX_PARAMS)
		return fail(ps, "line %u: more than %d parameters", l->no, MODEL_MAX_PARAMS);
	memcpy(s->param_name[s->nparams], name, sizeof(name));
	s->param_value[s->nparams++] = (int)v;
	return 0;
}

static int parse_header(struct parse *ps, const struct line *l)
{
	struct ex_schedule *s = ps->s;

	if (keyword_is(l, "param"))
		return parse_param(ps, l);
	for (int h = 0; h < H_COUNT; h++) {
		if (!keyword_is(l, hdr_name[h]))
			continue;
		size_t k = strlen(hdr_name[h]) + 1;
		const char *v = l->p + k;
		size_t vlen = l->len - k;
		int rc = 0;

		if (ps->seen[h])
			return fail(ps, "line %u: duplicate '%s' header", l->no, hdr_name[h]);
		ps->seen[h] = 1;
		switch (h) {
		case H_MODEL:
			rc = take_name(s->model, sizeof(s->model), v, vlen);
			break;
		case H_FIX:
			rc = take_name(s->fix, sizeof(s->fix), v, vlen);
			break;
		case H_TOOL:
			rc = take_name(s->tool_version, sizeof(s->tool_version), v, vlen);
			break;
		case H_SOURCE:
			rc = take_name(s->source_hash, sizeof(s->source_hash), v, vlen);
			break;
		case H_VIOLATION:
			rc = take_name(s->violation, sizeof(s->violation), v, vlen);
			if (rc == 0 && strcmp(s->violation, "none") == 0)
				s->violation[0] = 0;
			break;
		case H_MAX_STEPS: {
			long ms;

			if (parse_long(v, vlen, 1, MAX_STEPS, &ms) != 0)
				return fail(ps, "line %u: bad max-steps '%.*s' (1..%u)", l->no,
					    (int)(vlen > 32 ? 32 : vlen), v, MAX_STEPS);
			s->max_steps = (unsigned)ms;
			break;
		}
		case H_STEPS:
			if (parse_long(v, vlen, 0, LONG_MAX, &ps->steps) != 0)
				return fail(ps, "line %u: bad step count '%.*s'", l->no,
					    (int)(vlen > 32 ? 32 : vlen), v);
			if (ps->steps > (long)MAX_STEPS)
				return fail(ps, "line %u: absurd step count %ld (limit %u)", l->no,
					    ps->steps, MAX_STEPS);
			if (reserve(s, (unsigned)ps->steps) != 0)
				return fail(ps, "out of memory for %ld steps", ps->steps);
			break;
		}
		if (rc != 0)
			return fail(ps, "line %u: bad value for '%s' (letters, digits, _-.+ only)",
				    l->no, hdr_name[h]);
		return 0;
	}
	return fail(ps, "line %u: unknown header '%.*s'", l->no,
		    (int)(word_len(l->p, l->len) > 32 ? 32 : word_len(l->p, l->len)), l->p);
}

/* A choice line: items "T" (one thread id) or "T*N" (N times T), items
 * optionally separated by single spaces. */
static int parse_choices(struct parse *ps, const struct line *l)
{
	struct ex_schedule *s = ps->s;
	size_t i = 0;

	if (!ps->seen[H_STEPS])
		return fail(ps, "line %u: choices before the 'steps' header", l->no);
	while (i < l->len) {
		char c = l->p[i];
		long count = 1;

		if (c == ' ' && i > 0 && i + 1 < l->len && l->p[i + 1] != ' ') {
			i++;
			continue;
		}
		int tid = tid_of(c);
		if (tid < 0 || tid > MAX_TID)
			return fail(ps,
				    "line %u, column %zu: bad character in choices "
				    "(thread ids are 0-9, A-F)",
				    l->no, i + 1);
		i++;
		if (i < l->len && l->p[i] == '*') {
			size_t j = ++i;
			while (j < l->len && l->p[j] >= '0' && l->p[j] <= '9')
				j++;
			if (parse_long(l->p + i, j - i, 1, MAX_STEPS, &count) != 0)
				return fail(ps, "line %u, column %zu: bad repeat count", l->no,
					    i + 1);
			i = j;
		}
		if ((long)s->n + count > ps->steps)
			return fail(ps, "line %u: more choices than the %ld steps in the header",
				    l->no, ps->steps);
		for (long k = 0; k < count; k++)
			s->choice[s->n++] = (uint8_t)tid;
	}
	return 0;
}

static int parse_body_line(struct parse *ps, const struct line *l)
{
	for (size_t i = 0; i < l->len; i++) {
		unsigned char c = (unsigned char)l->p[i];
		if (c < 0x20 || c > 0x7e)
			return fail(ps, "line %u, column %zu: bad character 0x%02x", l->no, i + 1,
				    c);
	}
	if (l->len > MAX_LINE)
		return fail(ps, "line %u: longer than %d characters", l->no, MAX_LINE);
	if (l->len == 0 || l->p[0] == '#')
		return 0;
	if (tid_of(l->p[0]) >= 0) {
		ps->in_choices = 1;
		return parse_choices(ps, l);
	}
	if (ps->in_choices)
		return fail(ps, "line %u: header after the choices", l->no);
	return parse_header(ps, l);
}

/* The magic line: "vfsrace-schedule VERSION". */
static int check_magic(struct parse *ps, const struct line *l)
{
	size_t k = strlen(MAGIC);
	long version;

	if (l->len <= k || memcmp(l->p, MAGIC, k) != 0 || l->p[k] != ' ')
		return fail(ps, "not a vfsrace schedule (first line must be '%s %d')", MAGIC,
			    EX_SCHEDULE_FORMAT);
	if (l->p[l->len - 1] == '\r')
		return fail(ps, "the file has Windows line endings (CRLF); a schedule's lines "
				"end in LF only (dos2unix converts it)");
	if (parse_long(l->p + k + 1, l->len - k - 1, 0, INT_MAX, &version) != 0)
		return fail(ps, "line 1: bad format version");
	if (version == 1)
		return fail(ps,
			    "schedule format version 1 was written by vfsrace 0.1, whose "
			    "runtime took other steps (threads started eagerly, no "
			    "retry-loop awaits); explore again to get a version %d "
			    "schedule",
			    EX_SCHEDULE_FORMAT);
	if (version != EX_SCHEDULE_FORMAT)
		return fail(ps,
			    "schedule format version %ld is not supported (this vfsrace "
			    "reads version %d)",
			    version, EX_SCHEDULE_FORMAT);
	return 0;
}

/* The last line must be "checksum fnv1a64 HEX16" over everything before it. */
static int check_checksum(struct parse *ps, const char *text, size_t len, size_t *body_end)
{
	size_t end = len;

	if (end > 0 && text[end - 1] == '\n')
		end--;
	size_t start = end;
	while (start > 0 && text[start - 1] != '\n')
		start--;
	const char *p = text + start;
	size_t n = end - start;
	static const char kw[] = "checksum ";

	if (n < sizeof(kw) - 1 || memcmp(p, kw, sizeof(kw) - 1) != 0)
		return fail(ps, "truncated: the last line is not the 'checksum' line");
	p += sizeof(kw) - 1;
	n -= sizeof(kw) - 1;
	static const char algo[] = "fnv1a64 ";
	if (n < sizeof(algo) - 1 || memcmp(p, algo, sizeof(algo) - 1) != 0)
		return fail(ps, "corrupted: unknown checksum algorithm (expected fnv1a64)");
	p += sizeof(algo) - 1;
	n -= sizeof(algo) - 1;
	if (n != 16)
		return fail(ps, "corrupted or truncated: checksum is not 16 hex digits");
	uint64_t want = 0;
	for (size_t i = 0; i < 16; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (d < 0)
			return fail(ps, "corrupted: checksum is not 16 lower-case hex digits");
		want = want << 4 | (uint64_t)d;
	}
	uint64_t got = fnv1a64(text, start);
	if (got != want)
		return fail(ps,
			    "corrupted: checksum mismatch (file says %016" PRIx64
			    ", content hashes to %016" PRIx64 ")",
			    want, got);
	*body_end = start;
	return 0;
}

int ex_schedule_parse(struct ex_schedule *s, const char *text, unsigned long len, char *errbuf,
		      unsigned errlen)
{
	struct parse ps = {.s = s, .err = errbuf, .errlen = errlen};
	struct line l = {0};
	size_t pos = 0, body_end = 0;
	char dummy[1];

	if (!errbuf || errlen == 0) {
		ps.err = dummy;
		ps.errlen = sizeof(dummy);
	}
	ex_schedule_init(s);
	if (len == 0 || !text) {
		fail(&ps, "empty file: not a vfsrace schedule");
		goto bad;
	}
	if (len > MAX_FILE_BYTES) {
		fail(&ps, "absurd size: %lu bytes (limit %u)", len, MAX_FILE_BYTES);
		goto bad;
	}
	next_line(text, len, &pos, &l);
	if (check_magic(&ps, &l) != 0 || check_checksum(&ps, text, len, &body_end) != 0)
		goto bad;
	while (pos < body_end && next_line(text, body_end, &pos, &l))
		if (parse_body_line(&ps, &l) != 0)
			goto bad;
	for (int h = 0; h < H_COUNT; h++)
		if (!ps.seen[h] && h != H_MAX_STEPS && h != H_SOURCE) {
			fail(&ps, "missing '%s' header", hdr_name[h]);
			goto bad;
		}
	if ((long)s->n != ps.steps) {
		fail(&ps, "truncated: the header says %ld steps, the file has %u", ps.steps, s->n);
		goto bad;
	}
	return 0;
bad:
	ex_schedule_free(s);
	return -1;
}

int ex_schedule_load(struct ex_schedule *s, const char *path, char *errbuf, unsigned errlen)
{
	char msg[256];
	size_t len;
	char *text = whole_file_read(path, MAX_FILE_BYTES, &len, errbuf, errlen);
	int rc;

	ex_schedule_init(s);
	if (!text)
		return -1;
	rc = ex_schedule_parse(s, text, len, msg, sizeof(msg));
	if (rc != 0)
		snprintf(errbuf, errlen, "%s: %s", path, msg);
	free(text);
	return rc;
}

/* ---- resolving against the model table -------------------------------- */

static void list_fixes(const struct model *m, char *buf, size_t size)
{
	size_t off = 0;

	buf[0] = 0;
	for (int i = 0; i < m->nfixes && off < size; i++)
		off += snprintf(buf + off, size - off, "%s%s", i ? ", " : "", m->fixes[i].name);
}

int ex_schedule_resolve(const struct ex_schedule *s, const struct model **mp, struct model_args *a,
			char *errbuf, unsigned errlen)
{
	const struct model *m = model_find(s->model);
	char names[256];

	if (!m) {
		snprintf(errbuf, errlen, "schedule is of unknown model '%s' (see 'vfsrace list')",
			 s->model);
		return -1;
	}
	model_default_args(m, a);
	a->fix = model_fix_index(m, s->fix);
	if (a->fix < 0) {
		list_fixes(m, names, sizeof(names));
		snprintf(errbuf, errlen,
			 "schedule names fix '%s', which model '%s' lacks (fixes: %s)", s->fix,
			 m->name, names);
		return -1;
	}
	for (int i = 0; i < s->nparams; i++) {
		int k = model_param_index(m, s->param_name[i]);
		if (k < 0) {
			snprintf(errbuf, errlen,
				 "schedule sets parameter '%s', which model '%s' lacks",
				 s->param_name[i], m->name);
			return -1;
		}
		const struct model_param *p = &m->params[k];
		if (s->param_value[i] < p->min || s->param_value[i] > p->max) {
			snprintf(
			    errbuf, errlen,
			    "schedule sets parameter %s=%d, out of range %d..%d for model '%s'",
			    p->name, s->param_value[i], p->min, p->max, m->name);
			return -1;
		}
		if (k != i) {
			snprintf(errbuf, errlen,
				 "schedule lists parameter '%s' at position %d, model '%s' at %d "
				 "(made by another version of the model?)",
				 p->name, i + 1, m->name, k + 1);
			return -1;
		}
		a->value[k] = s->param_value[i];
	}
	if (s->nparams != m->nparams) {
		snprintf(errbuf, errlen,
			 "schedule lacks parameter '%s' of model '%s' (made by another version of "
			 "the model?)",
			 m->params[s->nparams].name, m->name);
		return -1;
	}
	*mp = m;
	return 0;
}
