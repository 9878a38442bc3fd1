// SPDX-License-Identifier: GPL-2.0
/*
 * tool/format.c: type names, flag lists and the aligned "hwbp list" table.
 */
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "hwbp.h"

static struct hwbp_watch watch(__u32 id, const char *target, __u64 addr,
			       __u32 type, __u32 len, __u64 hits, __u32 flags)
{
	struct hwbp_watch w;

	memset(&w, 0, sizeof(w));
	w.id = id;
	snprintf(w.target, sizeof(w.target), "%s", target);
	w.addr = addr;
	w.type = type;
	w.len = len;
	w.hits = hits;
	w.flags = flags;
	return w;
}

static void type_name__each_type__short_name(void **state)
{
	(void)state;
	assert_string_equal(hwbp_type_name(HWBP_TYPE_R), "r");
	assert_string_equal(hwbp_type_name(HWBP_TYPE_W), "w");
	assert_string_equal(hwbp_type_name(HWBP_TYPE_RW), "rw");
	assert_string_equal(hwbp_type_name(HWBP_TYPE_X), "x");
	assert_string_equal(hwbp_type_name(0), "?");
	assert_string_equal(hwbp_type_name(5), "?");
}

static void flags_str__none__dash(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(hwbp_flags_str(buf, sizeof(buf), 0), "-");
}

static void flags_str__known__comma_list(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(hwbp_flags_str(buf, sizeof(buf), HWBP_WATCH_LOG), "log");
	assert_string_equal(hwbp_flags_str(buf, sizeof(buf), HWBP_WATCH_PARAM), "param");
	assert_string_equal(hwbp_flags_str(buf, sizeof(buf),
					   HWBP_WATCH_LOG | HWBP_WATCH_PARAM),
			    "log,param");
}

static void flags_str__unknown_bits__hex(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(hwbp_flags_str(buf, sizeof(buf), 0x80), "0x80");
	assert_string_equal(hwbp_flags_str(buf, sizeof(buf),
					   HWBP_WATCH_LOG | 0xf0000000),
			    "log,0xf0000000");
}

static void flags_str__small_buffer__truncated_safely(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	hwbp_flags_str(buf, 5, HWBP_WATCH_LOG | HWBP_WATCH_PARAM | 0x80);
	assert_string_equal(buf, "log,");
	assert_int_equal(buf[5], 'x');
}

static void table__empty__headings_only_widths(void **state)
{
	struct hwbp_table t;
	char line[256];

	(void)state;
	hwbp_table_widths(&t, NULL, 0);
	hwbp_table_header(line, sizeof(line), &t);
	assert_string_equal(line,
			    "ID  TYPE  LEN  ADDRESS             HITS  TARGET  FLAGS");
}

static void table__rows__aligned_under_headings(void **state)
{
	struct hwbp_watch w[3] = {
		watch(1, "pid_max", 0xffffffff82a1b2c0ULL, HWBP_TYPE_W, 4, 12,
		      HWBP_WATCH_LOG),
		watch(2, "", 0xffffffff81000000ULL, HWBP_TYPE_X, 8, 0, 0),
		watch(123, "jiffies+4", 0xffffffff82805004ULL, HWBP_TYPE_RW, 4,
		      1234567, HWBP_WATCH_LOG | HWBP_WATCH_PARAM),
	};
	static const char *const want[] = {
		" ID  TYPE  LEN  ADDRESS                HITS  TARGET     FLAGS",
		"  1  w       4  0xffffffff82a1b2c0       12  pid_max    log",
		"  2  x       8  0xffffffff81000000        0  -          -",
		"123  rw      4  0xffffffff82805004  1234567  jiffies+4  log,param",
	};
	struct hwbp_table t;
	char line[256];
	unsigned int i;

	(void)state;
	hwbp_table_widths(&t, w, 3);
	hwbp_table_header(line, sizeof(line), &t);
	assert_string_equal(line, want[0]);
	for (i = 0; i < 3; i++) {
		hwbp_table_row(line, sizeof(line), &t, &w[i]);
		assert_string_equal(line, want[i + 1]);
	}
}

static void table__every_line__same_column_starts(void **state)
{
	struct hwbp_watch w[2] = {
		watch(4294967295U, "a_very_long_symbol_name_indeed+0x1000",
		      0x10, HWBP_TYPE_W, 1, 18446744073709551615ULL, 0),
		watch(1, "b", 0x20, HWBP_TYPE_W, 2, 0, HWBP_WATCH_LOG),
	};
	struct hwbp_table t;
	char head[512], row[2][512];
	const char *hflags, *rflags;

	(void)state;
	hwbp_table_widths(&t, w, 2);
	hwbp_table_header(head, sizeof(head), &t);
	hwbp_table_row(row[0], sizeof(row[0]), &t, &w[0]);
	hwbp_table_row(row[1], sizeof(row[1]), &t, &w[1]);
	/* FLAGS starts where each row's flags start. */
	hflags = strstr(head, "FLAGS");
	rflags = strstr(row[1], "log");
	assert_non_null(hflags);
	assert_non_null(rflags);
	assert_int_equal(hflags - head, rflags - row[1]);
	assert_int_equal(strrchr(row[0], ' ') + 1 - row[0], hflags - head);
	/* No trailing blanks. */
	assert_true(row[0][strlen(row[0]) - 1] != ' ');
	assert_true(head[strlen(head) - 1] != ' ');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(type_name__each_type__short_name),
		cmocka_unit_test(flags_str__none__dash),
		cmocka_unit_test(flags_str__known__comma_list),
		cmocka_unit_test(flags_str__unknown_bits__hex),
		cmocka_unit_test(flags_str__small_buffer__truncated_safely),
		cmocka_unit_test(table__empty__headings_only_widths),
		cmocka_unit_test(table__rows__aligned_under_headings),
		cmocka_unit_test(table__every_line__same_column_starts),
	};

	return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
