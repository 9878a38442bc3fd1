// SPDX-License-Identifier: GPL-2.0
/*
 * tool/parse.c: access types, lengths, ids, targets, and what "hwbp add"
 * refuses before it opens the device.
 */
#include <errno.h>
#include <string.h>

#include "unit.h"
#include "hwbp.h"

static char why[HWBP_WHY_MAX];

static int setup(void **state)
{
	(void)state;
	memset(why, 0, sizeof(why));
	return 0;
}

/* ---- types ---- */

static void parse_type__w__maps_to_w(void **state)
{
	bool widened = true;
	__u32 type = 0;

	(void)state;
	assert_int_equal(hwbp_parse_type("w", &type, &widened, why, sizeof(why)), 0);
	assert_int_equal(type, HWBP_TYPE_W);
	assert_false(widened);
}

static void parse_type__rw__maps_to_rw(void **state)
{
	bool widened = true;
	__u32 type = 0;

	(void)state;
	assert_int_equal(hwbp_parse_type("rw", &type, &widened, why, sizeof(why)), 0);
	assert_int_equal(type, HWBP_TYPE_RW);
	assert_false(widened);
}

static void parse_type__r__maps_to_rw_with_note(void **state)
{
	bool widened = false;
	__u32 type = 0;

	(void)state;
	assert_int_equal(hwbp_parse_type("r", &type, &widened, why, sizeof(why)), 0);
	assert_int_equal(type, HWBP_TYPE_RW);
	assert_true(widened);
}

static void parse_type__x__maps_to_x(void **state)
{
	bool widened = true;
	__u32 type = 0;

	(void)state;
	assert_int_equal(hwbp_parse_type("x", &type, &widened, why, sizeof(why)), 0);
	assert_int_equal(type, HWBP_TYPE_X);
	assert_false(widened);
}

static void parse_type__unknown__einval_with_choices(void **state)
{
	static const char *const bad[] = { "q", "", "W", "wr", "rwx", "read", "r " };
	unsigned int i;
	bool widened;
	__u32 type;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(hwbp_parse_type(bad[i], &type, &widened, why,
						 sizeof(why)), -EINVAL);
		assert_non_null(strstr(why, "expected an access type: r, w, rw or x"));
	}
	hwbp_parse_type("q", &type, &widened, why, sizeof(why));
	assert_string_equal(why, "what is 'q'? expected an access type: r, w, rw or x");
}

/* ---- lengths ---- */

static void parse_len__1_2_4_8__accepted(void **state)
{
	static const __u32 ok[] = { 1, 2, 4, 8 };
	char text[4];
	unsigned int i;
	__u32 len;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		snprintf(text, sizeof(text), "%u", ok[i]);
		assert_int_equal(hwbp_parse_len(text, &len, why, sizeof(why)), 0);
		assert_int_equal(len, ok[i]);
	}
}

static void parse_len__other_numbers__names_allowed_lengths(void **state)
{
	char text[32];
	__u32 len, n;

	(void)state;
	for (n = 0; n <= 64; n++) {
		if (n == 1 || n == 2 || n == 4 || n == 8)
			continue;
		snprintf(text, sizeof(text), "%u", n);
		assert_int_equal(hwbp_parse_len(text, &len, why, sizeof(why)), -EINVAL);
		assert_non_null(strstr(why, "use 1, 2, 4 or 8"));
	}
	hwbp_parse_len("3", &len, why, sizeof(why));
	assert_string_equal(why,
		"length 3 is not one the debug registers can watch: use 1, 2, 4 or 8");
	/* Huge: no wrap to a valid length. */
	assert_int_equal(hwbp_parse_len("18446744073709551624", &len, why,
					sizeof(why)), -EINVAL);
	assert_int_equal(hwbp_parse_len("4294967300", &len, why, sizeof(why)),
			 -EINVAL);
}

static void parse_len__not_a_number__what_is(void **state)
{
	static const char *const bad[] = { "", "abc", "-4", "+4", "4 ", "0x4", "4k" };
	unsigned int i;
	__u32 len;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(hwbp_parse_len(bad[i], &len, why, sizeof(why)), -EINVAL);
		assert_non_null(strstr(why, "what is '"));
	}
}

/* ---- ids ---- */

static void parse_id__numbers__accepted(void **state)
{
	__u32 id;

	(void)state;
	assert_int_equal(hwbp_parse_id("1", &id, why, sizeof(why)), 0);
	assert_int_equal(id, 1);
	assert_int_equal(hwbp_parse_id("007", &id, why, sizeof(why)), 0);
	assert_int_equal(id, 7);
	assert_int_equal(hwbp_parse_id("4294967295", &id, why, sizeof(why)), 0);
	assert_int_equal(id, 4294967295U);
}

static void parse_id__bad_text__what_is(void **state)
{
	static const char *const bad[] = {
		"abc", "", "-1", "1.5", "0x3", " 3", "3 ", "4294967296",
		"99999999999999999999999",
	};
	unsigned int i;
	__u32 id;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(hwbp_parse_id(bad[i], &id, why, sizeof(why)), -EINVAL);
	hwbp_parse_id("abc", &id, why, sizeof(why));
	assert_string_equal(why,
		"what is 'abc'? expected a watch id, a number that hwbp list shows");
}

static void parse_id__zero__ids_start_at_1(void **state)
{
	__u32 id;

	(void)state;
	assert_int_equal(hwbp_parse_id("0", &id, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "ids start at 1"));
}

/* ---- targets ---- */

static void parse_target_arg__symbol__sent_as_target(void **state)
{
	struct hwbp_watch w;

	(void)state;
	memset(&w, 0xcc, sizeof(w));
	assert_int_equal(hwbp_parse_target_arg("pid_max", &w, why, sizeof(why)), 0);
	assert_string_equal(w.target, "pid_max");
	assert_int_equal(w.addr, 0);
	/* The rest of target is zero, not 0xcc. */
	assert_int_equal(w.target[HWBP_TARGET_MAX - 1], 0);
}

static void parse_target_arg__symbol_offset__sent_as_target(void **state)
{
	struct hwbp_watch w;

	(void)state;
	assert_int_equal(hwbp_parse_target_arg("jiffies+4", &w, why, sizeof(why)), 0);
	assert_string_equal(w.target, "jiffies+4");
	assert_int_equal(hwbp_parse_target_arg("init_task+0x10", &w, why, sizeof(why)), 0);
	assert_string_equal(w.target, "init_task+0x10");
	assert_int_equal(w.addr, 0);
}

static void parse_target_arg__0x_address__sent_as_addr(void **state)
{
	struct hwbp_watch w;

	(void)state;
	assert_int_equal(hwbp_parse_target_arg("0xffffffff81000000", &w, why,
					       sizeof(why)), 0);
	assert_true(w.addr == 0xffffffff81000000ULL);
	assert_string_equal(w.target, "");
	assert_int_equal(hwbp_parse_target_arg("0XFFFFFFFF8100ABCD", &w, why,
					       sizeof(why)), 0);
	assert_true(w.addr == 0xffffffff8100abcdULL);
	assert_int_equal(hwbp_parse_target_arg("0x1", &w, why, sizeof(why)), 0);
	assert_int_equal(w.addr, 1);
	/* Leading zeros do not count against the 16 digits. */
	assert_int_equal(hwbp_parse_target_arg("0x0000ffffffff81000000", &w, why,
					       sizeof(why)), 0);
	assert_true(w.addr == 0xffffffff81000000ULL);
}

static void parse_target_arg__bad_address__what_is(void **state)
{
	static const char *const bad[] = {
		"0x", "0xg", "0x12345678901234567", "0xffffffff8100000z",
		"0x+4", "0xffffffff81000000+4", "0x 1",
	};
	struct hwbp_watch w;
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(hwbp_parse_target_arg(bad[i], &w, why, sizeof(why)),
				 -EINVAL);
		assert_non_null(strstr(why, "what is '"));
	}
}

static void parse_target_arg__leading_digit__what_is(void **state)
{
	static const char *const bad[] = {
		"123", "1pid_max", "9", "0", "07",
		"18446744071562067968",
	};
	struct hwbp_watch w;
	unsigned int i;
	char want[128];

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(hwbp_parse_target_arg(bad[i], &w, why, sizeof(why)),
				 -EINVAL);
		snprintf(want, sizeof(want),
			 "what is '%s'? expected a symbol, symbol+offset or 0x address",
			 bad[i]);
		assert_string_equal(why, want);
	}
}

static void parse_target_arg__bad_symbol__what_is(void **state)
{
	static const char *const bad[] = {
		"", "foo-bar", "foo bar", "+8", "+0x10", "foo/bar", "a+b+c",
	};
	struct hwbp_watch w;
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(hwbp_parse_target_arg(bad[i], &w, why, sizeof(why)),
				 -EINVAL);
		assert_non_null(strstr(why, "what is '"));
	}
}

static void parse_target_arg__bad_offset__names_the_offset(void **state)
{
	struct hwbp_watch w;

	(void)state;
	assert_int_equal(hwbp_parse_target_arg("pid_max+zz", &w, why, sizeof(why)),
			 -EINVAL);
	assert_string_equal(why,
		"what is 'zz' in 'pid_max+zz'? expected an offset in decimal or 0x hex that fits in 64 bits");
	assert_int_equal(hwbp_parse_target_arg("a+18446744073709551616", &w, why,
					       sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "fits in 64 bits"));
}

static void parse_target_arg__too_long__refused(void **state)
{
	char target[HWBP_TARGET_MAX + 1];
	struct hwbp_watch w;

	(void)state;
	memset(target, 'a', HWBP_TARGET_MAX - 1);
	target[HWBP_TARGET_MAX - 1] = '\0';
	assert_int_equal(hwbp_parse_target_arg(target, &w, why, sizeof(why)), 0);
	assert_int_equal(strlen(w.target), HWBP_TARGET_MAX - 1);

	memset(target, 'a', HWBP_TARGET_MAX);
	target[HWBP_TARGET_MAX] = '\0';
	assert_int_equal(hwbp_parse_target_arg(target, &w, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "too long: a target has at most 127 characters"));
}

/* ---- hwbp add as a whole ---- */

static int add(const char *target, const char *type, const char *len,
	       struct hwbp_watch *w, bool *widened)
{
	return hwbp_parse_add(target, type, len, false, w, widened, why,
			      sizeof(why));
}

static void parse_add__defaults__w_and_module_chosen_len(void **state)
{
	struct hwbp_watch w;
	bool widened;

	(void)state;
	memset(&w, 0xcc, sizeof(w));
	assert_int_equal(add("pid_max", NULL, NULL, &w, &widened), 0);
	assert_int_equal(w.type, HWBP_TYPE_W);
	assert_int_equal(w.len, 0);
	assert_int_equal(w.flags, 0);
	assert_int_equal(w.id, 0);
	assert_int_equal(w.hits, 0);
	assert_int_equal(w.reserved[0] | w.reserved[1] | w.reserved[2] |
			 w.reserved[3], 0);
	assert_false(widened);
}

static void parse_add__log__sets_log_flag(void **state)
{
	struct hwbp_watch w;
	bool widened;

	(void)state;
	assert_int_equal(hwbp_parse_add("pid_max", "rw", "4", true, &w,
					&widened, why, sizeof(why)), 0);
	assert_int_equal(w.flags, HWBP_WATCH_LOG);
	assert_int_equal(w.len, 4);
	assert_int_equal(w.type, HWBP_TYPE_RW);
}

static void parse_add__type_r__rw_widened(void **state)
{
	struct hwbp_watch w;
	bool widened;

	(void)state;
	assert_int_equal(add("pid_max", "r", NULL, &w, &widened), 0);
	assert_int_equal(w.type, HWBP_TYPE_RW);
	assert_true(widened);
}

static void parse_add__exec_without_len__len_left_to_caller(void **state)
{
	struct hwbp_watch w;
	bool widened;

	(void)state;
	assert_int_equal(add("do_sys_open", "x", NULL, &w, &widened), 0);
	assert_int_equal(w.type, HWBP_TYPE_X);
	assert_int_equal(w.len, 0);
}

static void parse_add__exec_len_8__accepted(void **state)
{
	struct hwbp_watch w;
	bool widened;

	(void)state;
	/* Execute watches have no alignment rule: any byte may start one. */
	assert_int_equal(add("0xffffffff81000003", "x", "8", &w, &widened), 0);
	assert_int_equal(w.len, sizeof(long));
}

static void parse_add__exec_other_len__refused_with_sentence(void **state)
{
	static const char *const lens[] = { "1", "2", "3", "4", "16", "0" };
	struct hwbp_watch w;
	unsigned int i;
	bool widened;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		assert_int_equal(add("0xffffffff81000000", "x", lens[i], &w,
				     &widened), -EINVAL);
		assert_string_equal(why,
			"an execute watch covers one instruction and takes length 8 on x86 (sizeof(long)); drop -l or use -l 8");
	}
	assert_int_equal(add("pid_max", "x", "eight", &w, &widened), -EINVAL);
	assert_non_null(strstr(why, "what is 'eight'?"));
}

static void parse_add__bad_len__refused(void **state)
{
	struct hwbp_watch w;
	bool widened;

	(void)state;
	assert_int_equal(add("pid_max", NULL, "3", &w, &widened), -EINVAL);
	assert_non_null(strstr(why, "use 1, 2, 4 or 8"));
}

static void parse_add__misaligned_address__refused_before_module(void **state)
{
	struct hwbp_watch w;
	bool widened;
	__u32 len, off;
	char addr[32], l[4];
	int ret;

	(void)state;
	for (len = 1; len <= 8; len <<= 1)
		for (off = 0; off < 8; off++) {
			snprintf(addr, sizeof(addr), "0x%llx",
				 0xffffffff81000000ULL + off);
			snprintf(l, sizeof(l), "%u", len);
			ret = add(addr, "w", l, &w, &widened);
			if (off % len) {
				assert_int_equal(ret, -EINVAL);
				assert_non_null(strstr(why, "is not aligned to its length"));
			} else {
				assert_int_equal(ret, 0);
			}
		}
	add("0xffffffff81000002", "rw", "4", &w, &widened);
	assert_string_equal(why,
		"address 0xffffffff81000002 is not aligned to its length 4: a 4-byte watch must start at a multiple of 4");
}

static void parse_add__symbol_with_len__alignment_left_to_module(void **state)
{
	struct hwbp_watch w;
	bool widened;

	(void)state;
	/* Only the module knows where pid_max+1 lies. */
	assert_int_equal(add("pid_max+1", "w", "4", &w, &widened), 0);
}

static void parse_add__no_target__refused(void **state)
{
	struct hwbp_watch w;
	bool widened;

	(void)state;
	assert_int_equal(add(NULL, NULL, NULL, &w, &widened), -EINVAL);
	assert_non_null(strstr(why, "needs a TARGET"));
}

static void parse_add__bad_type__refused(void **state)
{
	struct hwbp_watch w;
	bool widened;

	(void)state;
	assert_int_equal(add("pid_max", "q", NULL, &w, &widened), -EINVAL);
	assert_string_equal(why, "what is 'q'? expected an access type: r, w, rw or x");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(parse_type__w__maps_to_w, setup),
		cmocka_unit_test_setup(parse_type__rw__maps_to_rw, setup),
		cmocka_unit_test_setup(parse_type__r__maps_to_rw_with_note, setup),
		cmocka_unit_test_setup(parse_type__x__maps_to_x, setup),
		cmocka_unit_test_setup(parse_type__unknown__einval_with_choices, setup),
		cmocka_unit_test_setup(parse_len__1_2_4_8__accepted, setup),
		cmocka_unit_test_setup(parse_len__other_numbers__names_allowed_lengths, setup),
		cmocka_unit_test_setup(parse_len__not_a_number__what_is, setup),
		cmocka_unit_test_setup(parse_id__numbers__accepted, setup),
		cmocka_unit_test_setup(parse_id__bad_text__what_is, setup),
		cmocka_unit_test_setup(parse_id__zero__ids_start_at_1, setup),
		cmocka_unit_test_setup(parse_target_arg__symbol__sent_as_target, setup),
		cmocka_unit_test_setup(parse_target_arg__symbol_offset__sent_as_target, setup),
		cmocka_unit_test_setup(parse_target_arg__0x_address__sent_as_addr, setup),
		cmocka_unit_test_setup(parse_target_arg__bad_address__what_is, setup),
		cmocka_unit_test_setup(parse_target_arg__leading_digit__what_is, setup),
		cmocka_unit_test_setup(parse_target_arg__bad_symbol__what_is, setup),
		cmocka_unit_test_setup(parse_target_arg__bad_offset__names_the_offset, setup),
		cmocka_unit_test_setup(parse_target_arg__too_long__refused, setup),
		cmocka_unit_test_setup(parse_add__defaults__w_and_module_chosen_len, setup),
		cmocka_unit_test_setup(parse_add__log__sets_log_flag, setup),
		cmocka_unit_test_setup(parse_add__type_r__rw_widened, setup),
		cmocka_unit_test_setup(parse_add__exec_without_len__len_left_to_caller, setup),
		cmocka_unit_test_setup(parse_add__exec_len_8__accepted, setup),
		cmocka_unit_test_setup(parse_add__exec_other_len__refused_with_sentence, setup),
		cmocka_unit_test_setup(parse_add__bad_len__refused, setup),
		cmocka_unit_test_setup(parse_add__misaligned_address__refused_before_module, setup),
		cmocka_unit_test_setup(parse_add__symbol_with_len__alignment_left_to_module, setup),
		cmocka_unit_test_setup(parse_add__no_target__refused, setup),
		cmocka_unit_test_setup(parse_add__bad_type__refused, setup),
	};

	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
