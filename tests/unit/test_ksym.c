// SPDX-License-Identifier: GPL-2.0
/*
 * tool/ksym.c: kernel addresses to "sym+0xoff/0xsize [module]", from a fake
 * kallsyms file named by $HWBP_KALLSYMS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "hwbp.h"

static char path[] = "/tmp/hwbp-ksym-XXXXXX";
static char buf[256];

/* Out of order on purpose: the table is sorted when it is read. */
static const char kallsyms[] =
	"0000000000000000 A fixed_percpu_data\n"
	"000000000002c8c0 D runqueues\n"
	"ffffffff81000000 T _text\n"
	"ffffffff81000000 T startup_64\n"
	"ffffffff81234500 T vfs_read\n"
	"ffffffff812346a0 T vfs_write\n"
	"ffffffff82a1b2c0 D pid_max\n"
	"ffffffff82a1b2c4 D pid_max_min\n"
	"ffffffffc0a01000 t target_poke\t[hwbp_target]\n"
	"ffffffffc0a01040 t target_read\t[hwbp_target]\n"
	"ffffffffc0a02000 T _end_of_everything\t[hwbp_target]\n"
	"garbage line\n";

static void write_file(const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	hwbp_ksym_free();	/* the next lookup reads it again */
}

static int setup(void **state)
{
	(void)state;
	setenv(HWBP_KALLSYMS_ENV, path, 1);
	write_file(kallsyms);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	hwbp_ksym_free();
	return 0;
}

static const char *sym(__u64 addr)
{
	return hwbp_ksym_str(buf, sizeof(buf), addr);
}

static void ksym__exact_address__offset_zero_and_size(void **state)
{
	(void)state;
	assert_string_equal(sym(0xffffffff81234500ULL), "vfs_read+0x0/0x1a0");
	assert_string_equal(sym(0xffffffff82a1b2c0ULL), "pid_max+0x0/0x4");
}

static void ksym__inside__offset_and_size_to_next(void **state)
{
	(void)state;
	assert_string_equal(sym(0xffffffff8123451cULL), "vfs_read+0x1c/0x1a0");
	assert_string_equal(sym(0xffffffff8123469fULL), "vfs_read+0x19f/0x1a0");
	assert_string_equal(sym(0xffffffff812346a0ULL), "vfs_write+0x0/0x17e6c20");
}

static void ksym__aliases__first_name_whole_size(void **state)
{
	(void)state;
	/* _text and startup_64 share an address: one name, sorted first. */
	assert_string_equal(sym(0xffffffff81000010ULL), "_text+0x10/0x234500");
}

static void ksym__between_symbols__the_lower_one(void **state)
{
	(void)state;
	assert_string_equal(sym(0xffffffff82a1b2c2ULL), "pid_max+0x2/0x4");
	assert_string_equal(sym(0xffffffff82a1b2c8ULL),
			    "pid_max_min+0x4/0x3dfe5d3c");
}

static void ksym__module__suffix(void **state)
{
	(void)state;
	assert_string_equal(sym(0xffffffffc0a01044ULL),
			    "target_read+0x4/0xfc0 [hwbp_target]");
	assert_string_equal(sym(0xffffffffc0a01000ULL),
			    "target_poke+0x0/0x40 [hwbp_target]");
}

static void ksym__before_first_or_after_last__hex(void **state)
{
	(void)state;
	assert_string_equal(sym(0xffffffff80ffffffULL), "0xffffffff80ffffff");
	/* The last symbol's end is unknown. */
	assert_string_equal(sym(0xffffffffc0a02000ULL), "0xffffffffc0a02000");
	assert_string_equal(sym(0xffffffffffffffffULL), "0xffffffffffffffff");
}

static void ksym__user_address__never_looked_up(void **state)
{
	(void)state;
	/* Per-CPU offsets and absolute symbols are below: never names. */
	assert_string_equal(sym(0x2c8c0ULL), "0x2c8c0");
	assert_string_equal(sym(0x7ffd1000ULL), "0x7ffd1000");
	assert_string_equal(sym(0), "0x0");
}

static void ksym__kptr_restrict_zeros__hex(void **state)
{
	(void)state;
	write_file("0000000000000000 T _text\n"
		   "0000000000000000 T vfs_read\n"
		   "0000000000000000 t target_poke\t[hwbp_target]\n");
	assert_string_equal(sym(0xffffffff81234510ULL), "0xffffffff81234510");
}

static void ksym__no_file__hex(void **state)
{
	(void)state;
	setenv(HWBP_KALLSYMS_ENV, "/nonexistent/kallsyms", 1);
	hwbp_ksym_free();
	assert_string_equal(sym(0xffffffff81234510ULL), "0xffffffff81234510");
	setenv(HWBP_KALLSYMS_ENV, path, 1);
}

static void ksym__find__parts(void **state)
{
	const char *name, *mod;
	__u64 off, size;

	(void)state;
	assert_true(hwbp_ksym_find(0xffffffffc0a01041ULL, &name, &mod, &off,
				   &size));
	assert_string_equal(name, "target_read");
	assert_string_equal(mod, "hwbp_target");
	assert_int_equal(off, 1);
	assert_int_equal(size, 0xfc0);
	assert_true(hwbp_ksym_find(0xffffffff81234501ULL, &name, &mod, &off,
				   &size));
	assert_null(mod);
	assert_false(hwbp_ksym_find(0x1000, &name, &mod, &off, &size));
}

static void ksym__small_buffer__truncated(void **state)
{
	char small[8];

	(void)state;
	assert_string_equal(hwbp_ksym_str(small, sizeof(small),
					  0xffffffff8123451cULL), "vfs_rea");
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(ksym__exact_address__offset_zero_and_size),
		T(ksym__inside__offset_and_size_to_next),
		T(ksym__aliases__first_name_whole_size),
		T(ksym__between_symbols__the_lower_one),
		T(ksym__module__suffix),
		T(ksym__before_first_or_after_last__hex),
		T(ksym__user_address__never_looked_up),
		T(ksym__kptr_restrict_zeros__hex),
		T(ksym__no_file__hex),
		T(ksym__find__parts),
		T(ksym__small_buffer__truncated),
	};
	int fd, ret;

	fd = mkstemp(path);
	if (fd < 0)
		return 1;
	close(fd);
	ret = cmocka_run_group_tests_name("ksym", tests, NULL, NULL);
	unlink(path);
	return ret;
}
