/*
 * kernel_src.c - `replay --format html --kernel-src DIR`: lines of a local
 * Linux 2.4.26 tree, so the page can show (and link) the line of 2.4.26
 * each step stands for.  Files are read once and kept for the run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define KSRC_FILES 32

static struct {
	char path[256]; /* "fs/dcache.c" */
	char *text;	/* the whole file, NUL-terminated */
	char **line;	/* line[i]: start of line i + 1 */
	int nlines;
} files[KSRC_FILES];
static int nfiles;

static int load(const char *dir, const char *kfile)
{
	char full[1024];

	for (int i = 0; i < nfiles; i++)
		if (!strcmp(files[i].path, kfile))
			return i;
	if (nfiles == KSRC_FILES || strlen(kfile) >= sizeof(files[0].path))
		return -1;
	snprintf(full, sizeof(full), "%s/%s", dir, kfile);
	FILE *f = fopen(full, "r");
	if (!f) {
		/* remembered: a file the tree lacks is not looked for again */
		snprintf(files[nfiles].path, sizeof(files[nfiles].path), "%s", kfile);
		files[nfiles].text = NULL;
		files[nfiles].nlines = 0;
		return nfiles++;
	}
	size_t cap = 1 << 16, n = 0;
	char *text = malloc(cap);
	for (size_t got; text && (got = fread(text + n, 1, cap - n - 1, f)) > 0;) {
		n += got;
		if (n + 1 == cap) {
			char *t = realloc(text, cap *= 2);
			if (!t) {
				free(text);
				text = NULL;
			}
			text = t;
		}
	}
	fclose(f);
	if (!text)
		return -1;
	text[n] = 0;
	int nl = 1;
	for (size_t k = 0; k < n; k++)
		nl += text[k] == '\n';
	char **line = calloc((size_t)nl, sizeof(*line));
	if (!line) {
		free(text);
		return -1;
	}
	int l = 0;
	line[l++] = text;
	for (size_t k = 0; k < n; k++)
		if (text[k] == '\n') {
			text[k] = 0;
			if (l < nl)
				line[l++] = text + k + 1;
		}
	snprintf(files[nfiles].path, sizeof(files[nfiles].path), "%s", kfile);
	files[nfiles].text = text;
	files[nfiles].line = line;
	files[nfiles].nlines = l;
	return nfiles++;
}

int kernel_src_check(const char *dir)
{
	int i = load(dir, "fs/dcache.c");

	if (i < 0 || !files[i].text)
		return cli_error(
		    "--kernel-src %s: no readable fs/dcache.c there (a Linux 2.4.26 tree, "
		    "e.g. MaximeChretien/linux-history at tag 2.4.26)",
		    dir);
	return 0;
}

const char *kernel_src_line(const char *dir, const char *kfile, int line)
{
	int i = kfile ? load(dir, kfile) : -1;

	if (i < 0 || !files[i].text || line < 1 || line > files[i].nlines)
		return NULL;
	return files[i].line[line - 1];
}
