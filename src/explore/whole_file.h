/*
 * whole_file.h - files read or written in one piece: schedules,
 * checkpoints and --json results.
 *
 * Writing replaces a file so that a crash at any moment leaves either the
 * old contents or the new, never a mix or a half.
 */
#ifndef VFSRACE_EXPLORE_WHOLE_FILE_H
#define VFSRACE_EXPLORE_WHOLE_FILE_H

#include <stddef.h>

/* The contents of the regular file path, at most max bytes, in a new
 * buffer (NUL-terminated, *len without it); NULL with a one-line reason
 * that names path. */
char *whole_file_read(const char *path, size_t max, size_t *len, char *errbuf, unsigned errlen);

/* Write data to a temporary file beside path (rename is atomic only
 * within one file system), fsync it, rename it over path, and fsync the
 * directory so the rename itself is on disk.  0, or -1 with a one-line
 * reason in errbuf and no temporary file left behind. */
int whole_file_write_atomic(const char *path, const void *data, size_t len, char *errbuf,
			    unsigned errlen);

#endif
