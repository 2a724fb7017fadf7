/*
 * whole_file.c - see whole_file.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdbool.h>

#include "whole_file.h"

static int read_all(int fd, char *p, size_t len)
{
	while (len) {
		ssize_t n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

char *whole_file_read(const char *path, size_t max, size_t *len, char *errbuf, unsigned errlen)
{
	struct stat st;
	char *text = NULL;
	/* O_NONBLOCK: a FIFO is refused below, not waited on. */
	int fd = open(path, O_RDONLY | O_NONBLOCK);

	if (fd < 0) {
		snprintf(errbuf, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		snprintf(errbuf, errlen, "%s: not a regular file", path);
	else if ((unsigned long long)st.st_size > max)
		snprintf(errbuf, errlen, "%s: absurd size: %lld bytes (limit %zu)", path,
			 (long long)st.st_size, max);
	else if (!(text = malloc((size_t)st.st_size + 1)))
		snprintf(errbuf, errlen, "%s: out of memory", path);
	else if (read_all(fd, text, (size_t)st.st_size) != 0) {
		snprintf(errbuf, errlen, "%s: %s", path, errno ? strerror(errno) : "cut short");
		free(text);
		text = NULL;
	}
	close(fd);
	if (text) {
		text[st.st_size] = 0;
		*len = (size_t)st.st_size;
	}
	return text;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int fsync_dir_of(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* The temporary file's contents, synced; 0 or -1 with errbuf. */
static int fill_temp(int fd, const char *tmp, const void *data, size_t len, char *errbuf,
		     unsigned errlen)
{
	fchmod(fd, 0644);
	if (write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		snprintf(errbuf, errlen, "cannot write %s: %s", tmp, strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) != 0) {
		snprintf(errbuf, errlen, "cannot write %s: %s", tmp, strerror(errno));
		return -1;
	}
	return 0;
}

const char *whole_file_kind(mode_t mode)
{
	if (S_ISREG(mode))
		return "a regular file";
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISLNK(mode))
		return "a symbolic link";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

int whole_file_target(const char *path, bool *exists, char *errbuf, unsigned errlen)
{
	struct stat st;

	*exists = false;
	if (lstat(path, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(errbuf, errlen, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(errbuf, errlen,
			 "cannot write %s: it is %s, not a regular file (refusing to replace it)",
			 path, whole_file_kind(st.st_mode));
		return -1;
	}
	*exists = true;
	return 0;
}

/* Write data to a new temporary file beside path: its name in tmp. */
static int write_temp(const char *path, char *tmp, size_t tmplen, const void *data, size_t len,
		      char *errbuf, unsigned errlen)
{
	int fd;

	if (snprintf(tmp, tmplen, "%s.tmp.XXXXXX", path) >= (int)tmplen) {
		snprintf(errbuf, errlen, "%s: path too long", path);
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(errbuf, errlen, "cannot create %s: %s", tmp, strerror(errno));
		return -1;
	}
	if (fill_temp(fd, tmp, data, len, errbuf, errlen) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

int whole_file_write_atomic(const char *path, const void *data, size_t len, char *errbuf,
			    unsigned errlen)
{
	char tmp[PATH_MAX];
	bool exists;

	if (whole_file_target(path, &exists, errbuf, errlen) != 0)
		return -1;
	if (write_temp(path, tmp, sizeof(tmp), data, len, errbuf, errlen) != 0)
		return -1;
	/* What is at path now may have changed since the check; a rename
	 * over a directory fails, over anything else replaces the name
	 * only, never writes through it. */
	if (rename(tmp, path) != 0) {
		snprintf(errbuf, errlen, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	if (fsync_dir_of(path) != 0) {
		snprintf(errbuf, errlen, "cannot sync the directory of %s: %s", path,
			 strerror(errno));
		return -1;
	}
	return 0;
}

/* Give tmp the name path unless path exists: 0, 1 if it exists, -1. */
static int link_new(const char *tmp, const char *path)
{
#ifdef RENAME_NOREPLACE
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno == EEXIST)
		return 1;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
#endif
	/* A file system without RENAME_NOREPLACE: link() never replaces. */
	if (link(tmp, path) != 0)
		return errno == EEXIST ? 1 : -1;
	unlink(tmp);
	return 0;
}

int whole_file_write_new(const char *path, const void *data, size_t len, char *errbuf,
			 unsigned errlen)
{
	char tmp[PATH_MAX];
	struct stat st;
	int rc;

	if (lstat(path, &st) == 0)
		return 1;
	if (write_temp(path, tmp, sizeof(tmp), data, len, errbuf, errlen) != 0)
		return -1;
	rc = link_new(tmp, path);
	if (rc != 0) {
		if (rc < 0)
			snprintf(errbuf, errlen, "cannot rename %s to %s: %s", tmp, path,
				 strerror(errno));
		unlink(tmp);
		return rc;
	}
	if (fsync_dir_of(path) != 0) {
		snprintf(errbuf, errlen, "cannot sync the directory of %s: %s", path,
			 strerror(errno));
		return -1;
	}
	return 0;
}
