/*
 * fuzz_args.c - libFuzzer harness for the command line of `vfsrace explore`
 * and `vfsrace verify`, through cli_parse_explore_args(), which parses
 * exactly as the commands do but runs nothing and creates nothing.
 *
 * Input: arguments separated by NUL or newline bytes; the first byte's low
 * bit picks explore or verify.  The contract checked: the result is 0
 * (well formed) or EXIT_USAGE, never anything else.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_ARGS 64

/* libFuzzer's entry point; it declares none. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 2];
	int argc = 0;

	if (size == 0)
		return 0;
	bool is_explore = !(data[0] & 1);
	char *buf = malloc(size);
	if (!buf)
		return 0;
	/* data[1..] split at '\0' and '\n' into NUL-terminated arguments. */
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = 0;
	argv[argc++] = is_explore ? "explore" : "verify";
	for (char *p = buf; p < buf + size - 1 && argc <= MAX_ARGS;) {
		char *end = p;
		while (end < buf + size - 1 && *end && *end != '\n')
			end++;
		*end = 0;
		argv[argc++] = p;
		p = end + 1;
	}
	argv[argc] = NULL;
	int rc = cli_parse_explore_args(argc, argv, is_explore);
	if (rc != 0 && rc != EXIT_USAGE)
		abort();
	free(buf);
	return 0;
}
