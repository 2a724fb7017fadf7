/*
 * test_origin.c - the origin table's lookups (<vfsrace/origin.h>): known
 * port lines map to their 2.4.26 lines, paths resolve to the table's port
 * file names, and a call site is found after a line, else before it.
 * The port lines are found in the sources, so the test survives edits that
 * shift them; the kernel lines are those of the 2.4.26 tag.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <vfsrace/origin.h>

/* The line of src/kernel/<file> inside function's body, at or after from,
 * that contains needle; 0 if none. */
static int port_line_of(const char *file, const char *function, const char *needle, int from)
{
	struct origin_function f;
	char path[512], buf[512];
	FILE *fp;
	int n = 0, found = 0;

	if (!origin_function(file, function, &f))
		return 0;
	snprintf(path, sizeof(path), "%s/src/kernel/%s", VFSRACE_SOURCE_DIR, file);
	fp = fopen(path, "r");
	if (!fp)
		return 0;
	while (!found && fgets(buf, sizeof(buf), fp)) {
		n++;
		if (n > f.port_open && n < f.port_close && n >= from && strstr(buf, needle))
			found = n;
	}
	fclose(fp);
	return found;
}

static void test_dentry_iput_d_alias(void **state)
{
	int line = port_line_of("dcache.c", "dentry_iput", "list_del_init(&dentry->d_alias);", 0);
	struct origin o;

	(void)state;
	assert_int_not_equal(line, 0);
	assert_true(origin_line("dcache.c", line, &o));
	assert_string_equal(o.kernel_file, "fs/dcache.c");
	assert_int_equal(o.kernel_line, 79);
	assert_true(origin_is_exact(&o));
	assert_string_equal(o.function, "dentry_iput");
	/* the marker before it stands for the same statement */
	assert_true(origin_line("dcache.c", line - 1, &o));
	assert_int_equal(o.kernel_line, 79);
	assert_true(o.flags & ORIGIN_MARKER);
}

static void test_iput_atomic_dec_and_lock(void **state)
{
	int line = port_line_of("inode.c", "iput", "atomic_dec_and_lock(", 0);
	struct origin o;

	(void)state;
	assert_int_not_equal(line, 0);
	assert_true(origin_line("inode.c", line, &o));
	assert_string_equal(o.kernel_file, "fs/inode.c");
	assert_int_equal(o.kernel_line, 1211);
	assert_true(origin_is_exact(&o));
}

static void test_paths(void **state)
{
	int line = port_line_of("dcache.c", "dentry_iput", "list_del_init(&dentry->d_alias);", 0);
	struct origin o;

	(void)state;
	assert_string_equal(origin_port_file("dcache.c"), "dcache.c");
	assert_string_equal(origin_port_file("/a/b/src/kernel/dcache.c"), "dcache.c");
	assert_string_equal(origin_port_file("src/kernel/ext2/inode.c"), "ext2/inode.c");
	assert_string_equal(origin_port_file("src/kernel/inode.c"), "inode.c");
	assert_null(origin_port_file("xdcache.c"));
	assert_null(origin_port_file("nosuch.c"));
	assert_null(origin_port_file(NULL));
	assert_true(origin_line("/somewhere/src/kernel/dcache.c", line, &o));
	assert_string_equal(o.port_file, "dcache.c");
	assert_int_equal(o.port_line, line);
	/* not a code line of a ported body: line 1 is the file's comment */
	assert_false(origin_line("dcache.c", 1, &o));
	assert_false(origin_line("nosuch.c", line, &o));
}

static void test_call_sites(void **state)
{
	int call = port_line_of("dcache.c", "prune_one_dentry", "dentry_iput(dentry);", 0);
	int first = port_line_of("inode.c", "iput", "clear_inode(inode);", 0);
	int second = port_line_of("inode.c", "iput", "clear_inode(inode);", first + 1);
	struct origin_call c;

	(void)state;
	assert_int_not_equal(call, 0);
	assert_true(origin_call_site("dcache.c", "prune_one_dentry", "dentry_iput", 0, &c));
	assert_int_equal(c.port_line, call);
	assert_string_equal(c.kernel_file, "fs/dcache.c");
	assert_int_equal(c.kernel_line, 300);
	assert_false(c.flags & ORIGIN_APPROXIMATE);
	/* any file */
	assert_true(origin_call_site(NULL, "prune_one_dentry", "dentry_iput", 0, &c));
	assert_int_equal(c.port_line, call);

	/* iput() calls clear_inode() twice: the first at or after the line,
	 * else the last before it */
	assert_true(first != 0 && second > first);
	assert_true(origin_call_site("inode.c", "iput", "clear_inode", 0, &c));
	assert_int_equal(c.port_line, first);
	assert_int_equal(c.kernel_line, 1231);
	assert_true(origin_call_site("inode.c", "iput", "clear_inode", first, &c));
	assert_int_equal(c.port_line, first);
	assert_true(origin_call_site("inode.c", "iput", "clear_inode", first + 1, &c));
	assert_int_equal(c.port_line, second);
	assert_int_equal(c.kernel_line, 1258);
	assert_true(origin_call_site("inode.c", "iput", "clear_inode", second + 1, &c));
	assert_int_equal(c.port_line, second);
	assert_false(origin_call_site("inode.c", "iput", "d_free", 0, &c));
	assert_false(origin_call_site("dcache.c", "iput", "clear_inode", 0, &c));
}

static void test_functions(void **state)
{
	struct origin_function f;

	(void)state;
	assert_true(origin_function("dcache.c", "d_free", &f));
	assert_string_equal(f.kernel_file, "fs/dcache.c");
	assert_string_equal(f.kernel_function, "d_free");
	assert_int_equal(f.kernel_start, 59);
	assert_true(f.kernel_end > f.kernel_start);
	assert_true(f.port_close > f.port_open);
	assert_true(origin_function(NULL, "iput", &f));
	assert_string_equal(f.port_file, "inode.c");
	assert_int_equal(f.kernel_start, 1197);
	assert_false(origin_function("dcache.c", "iput", &f));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dentry_iput_d_alias),
	    cmocka_unit_test(test_iput_atomic_dec_and_lock),
	    cmocka_unit_test(test_paths),
	    cmocka_unit_test(test_call_sites),
	    cmocka_unit_test(test_functions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
