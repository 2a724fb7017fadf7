/*
 * whole_file.h - files read or written in one piece: schedules,
 * checkpoints and --json results.
 *
 * Writing replaces a file so that a crash at any moment leaves either the
 * old contents or the new, never a mix or a half.
 */
#ifndef VFSRACE_EXPLORE_WHOLE_FILE_H
#define VFSRACE_EXPLORE_WHOLE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The contents of the regular file path, at most max bytes, in a new
 * buffer (NUL-terminated, *len without it); NULL with a one-line reason
 * that names path. */
char *whole_file_read(const char *path, size_t max, size_t *len, char *errbuf, unsigned errlen);

/* May path be written?  Only a new name or a regular file is ever
 * replaced: a directory, device, FIFO, socket or symbolic link at path is
 * refused (-1 with a one-line reason).  *exists: a regular file is there. */
int whole_file_target(const char *path, bool *exists, char *errbuf, unsigned errlen);
/* "a FIFO", "a character device", ... for a message. */
const char *whole_file_kind(mode_t mode);

/* Write data to a temporary file beside path (rename is atomic only
 * within one file system), fsync it, rename it over path, and fsync the
 * directory so the rename itself is on disk.  Refuses a path that is not
 * a regular file or a new name (whole_file_target).  0, or -1 with a
 * one-line reason in errbuf and no temporary file left behind. */
int whole_file_write_atomic(const char *path, const void *data, size_t len, char *errbuf,
			    unsigned errlen);
/* The same, but never replaces anything: 1 (nothing written) if path
 * exists, whatever it is. */
int whole_file_write_new(const char *path, const void *data, size_t len, char *errbuf,
			 unsigned errlen);

#endif
