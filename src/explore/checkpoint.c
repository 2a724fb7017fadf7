/*
 * checkpoint.c - --checkpoint FILE / --resume FILE: the results of finished
 * work units, so an interrupted exploration goes on where it stopped.
 *
 * The work unit is the natural granularity: units are explored
 * independently and merged in unit order, so taking a finished unit's
 * result from the file gives exactly the merge an uninterrupted run makes.
 * The file is rewritten whole and atomically (whole_file.h) after every
 * unit, so it is always the previous or the next complete checkpoint.
 *
 * Layout: the line "vfsrace-checkpoint 2", the fingerprint line, the unit
 * count, then (unit index, unit result) records, each with its own
 * checksum (unit_io.c), then a trailer with the record count that tells a
 * truncated file from a complete one, and last the FNV-1a 64 checksum of
 * everything before it: a damaged file is refused before anything in it
 * is believed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fnv.h"
#include "whole_file.h"
#include "checkpoint.h"
#include "unit_io.h"

#define CHECKPOINT_MAGIC "vfsrace-checkpoint 2\n"
#define MAGIC_WORD	 "vfsrace-checkpoint "
#define MAX_FILE_BYTES	 (1ull << 32)
#define TRAILER		 0x766672636b707421ull /* "vfrckpt!" */

void checkpoint_fingerprint(const struct ex_options *o, const struct ex_unit *units,
			    unsigned nunits, char *buf, size_t len)
{
	uint64_t split = FNV1A64_INIT;
	size_t off;

	/* The units themselves: a checkpoint of another split (another
	 * version's) names other subtrees by the same indices. */
	for (unsigned i = 0; i < nunits; i++) {
		split = fnv1a64_more(split, &units[i].n, sizeof(units[i].n));
		split = fnv1a64_more(split, units[i].choice, units[i].n);
		split = fnv1a64_more(split, units[i].forced, sizeof(units[i].forced));
	}
	/* The space, and what else decides which units are whose and what
	 * their results hold; not -j, --time or --out. */
	ex_options_space(o, buf, len < EX_SPACE_MAX ? len : EX_SPACE_MAX);
	off = strlen(buf);
	snprintf(buf + off, len - off, " shard %d/%d isolate %d units %u split %016llx",
		 o->shard_index, o->shard_count, o->isolate, nunits, (unsigned long long)split);
}

/* The whole file in memory: the atomic write takes it in one piece. */
static int format_checkpoint(FILE *f, const char *fingerprint, const struct unit_result *res,
			     const bool *done, unsigned nunits)
{
	uint64_t count = 0, trailer = TRAILER;
	int rc = 0;

	fprintf(f, "%s%s\n", CHECKPOINT_MAGIC, fingerprint);
	rc |= fwrite(&nunits, sizeof(nunits), 1, f) != 1;
	for (unsigned i = 0; i < nunits; i++) {
		if (!done[i])
			continue;
		rc |= fwrite(&i, sizeof(i), 1, f) != 1;
		rc |= unit_result_write(f, &res[i]);
		count++;
	}
	rc |= fwrite(&count, sizeof(count), 1, f) != 1;
	rc |= fwrite(&trailer, sizeof(trailer), 1, f) != 1;
	return rc;
}

int checkpoint_save(const char *path, const char *fingerprint, const struct unit_result *res,
		    const bool *done, unsigned nunits, char *err, unsigned errlen)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f) {
		snprintf(err, errlen, "cannot write checkpoint %s: %s", path, strerror(errno));
		return -1;
	}
	int rc = format_checkpoint(f, fingerprint, res, done, nunits);
	if (fclose(f) != 0 || rc) {
		snprintf(err, errlen, "cannot write checkpoint %s: out of memory", path);
		free(text);
		return -1;
	}
	uint64_t sum = fnv1a64(text, len);
	char *whole = realloc(text, len + sizeof(sum));
	if (!whole) {
		snprintf(err, errlen, "cannot write checkpoint %s: out of memory", path);
		free(text);
		return -1;
	}
	memcpy(whole + len, &sum, sizeof(sum));
	rc = whole_file_write_atomic(path, whole, len + sizeof(sum), err, errlen);
	free(whole);
	return rc;
}

/* The file whole, its checksum checked: the bytes before the checksum in
 * a stream, or NULL with err. */
static FILE *open_checked(const char *path, char **text, char *err, unsigned errlen)
{
	size_t len = 0, magic = strlen(MAGIC_WORD);
	uint64_t sum;
	FILE *f;

	*text = whole_file_read(path, MAX_FILE_BYTES, &len, err, errlen);
	if (!*text) {
		char why[300];
		snprintf(why, sizeof(why), "%s", err);
		snprintf(err, errlen, "cannot open checkpoint %s", why);
		return NULL;
	}
	if (len < magic || memcmp(*text, MAGIC_WORD, magic) != 0) {
		snprintf(err, errlen, "%s is not a vfsrace checkpoint", path);
		return NULL;
	}
	if (len < strlen(CHECKPOINT_MAGIC) ||
	    memcmp(*text, CHECKPOINT_MAGIC, strlen(CHECKPOINT_MAGIC))) {
		snprintf(err, errlen,
			 "checkpoint %s is of another format (this vfsrace writes '%.*s'): start "
			 "the run again",
			 path, (int)strcspn(CHECKPOINT_MAGIC, "\n"), CHECKPOINT_MAGIC);
		return NULL;
	}
	if (len < strlen(CHECKPOINT_MAGIC) + sizeof(sum)) {
		snprintf(err, errlen, "checkpoint %s is truncated", path);
		return NULL;
	}
	len -= sizeof(sum);
	memcpy(&sum, *text + len, sizeof(sum));
	if (sum != fnv1a64(*text, len)) {
		snprintf(err, errlen,
			 "checkpoint %s is damaged or truncated (checksum mismatch): refusing it",
			 path);
		return NULL;
	}
	f = fmemopen(*text, len, "rb");
	if (!f)
		snprintf(err, errlen, "cannot read checkpoint %s: %s", path, strerror(errno));
	return f;
}

int checkpoint_load(const char *path, const char *fingerprint, struct unit_result *res, bool *done,
		    unsigned nunits, char *err, unsigned errlen)
{
	char *text = NULL;
	FILE *f = open_checked(path, &text, err, errlen);
	char line[CHECKPOINT_FINGERPRINT_MAX + 2];
	unsigned n = 0;
	uint64_t count = 0, trailer = 0, seen = 0;

	if (!f) {
		free(text);
		return -1;
	}
	if (!fgets(line, sizeof(line), f) || strcmp(line, CHECKPOINT_MAGIC) != 0) {
		snprintf(err, errlen, "%s is not a vfsrace checkpoint", path);
		goto bad;
	}
	if (!fgets(line, sizeof(line), f) || strncmp(line, fingerprint, strlen(fingerprint)) ||
	    line[strlen(fingerprint)] != '\n') {
		snprintf(err, errlen,
			 "checkpoint %s was made with other options or another vfsrace (it has: "
			 "%.*s)",
			 path, (int)strcspn(line, "\n"), line);
		goto bad;
	}
	if (fread(&n, sizeof(n), 1, f) != 1 || n != nunits) {
		snprintf(err, errlen, "checkpoint %s is truncated or corrupted", path);
		goto bad;
	}
	for (;;) {
		unsigned i = nunits;
		long at = ftell(f);

		/* A record, or the trailer (count, magic) at the very end. */
		if (fread(&count, sizeof(count), 1, f) == 1 &&
		    fread(&trailer, sizeof(trailer), 1, f) == 1 && trailer == TRAILER &&
		    fgetc(f) == EOF)
			break;
		if (fseek(f, at, SEEK_SET) != 0 || fread(&i, sizeof(i), 1, f) != 1 || i >= nunits ||
		    done[i] || unit_result_read(f, &res[i]) != 0) {
			snprintf(err, errlen, "checkpoint %s is truncated or corrupted", path);
			goto bad;
		}
		done[i] = true;
		seen++;
	}
	if (count != seen) {
		snprintf(err, errlen, "checkpoint %s is truncated or corrupted", path);
		goto bad;
	}
	fclose(f);
	free(text);
	return 0;
bad:
	for (unsigned i = 0; i < nunits; i++)
		if (done[i]) {
			unit_result_free(&res[i]);
			memset(&res[i], 0, sizeof(res[i]));
			done[i] = false;
		}
	fclose(f);
	free(text);
	return -1;
}
