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

/* Every field the tool does not set is zero: cpu, percpu, pid, outs. */
static bool all_zero_after_target(const struct hwbp_watch *w)
{
	const unsigned char *p = (const unsigned char *)&w->cpu;
	const unsigned char *end = (const unsigned char *)(w + 1);

	for (; p < end; p++)
		if (*p)
			return false;
	return !w->id && !w->hits;
}

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

static void parse_len__1_2_4_8_and_9_to_4096__accepted(void **state)
{
	char text[8];
	__u32 len, n;
	int want;

	(void)state;
	for (n = 1; n <= 4096; n++) {
		snprintf(text, sizeof(text), "%u", n);
		want = n == 3 || n == 5 || n == 6 || n == 7 ? -EINVAL : 0;
		assert_int_equal(hwbp_parse_len(text, &len, why, sizeof(why)),
				 want);
		if (!want)
			assert_int_equal(len, n);
		else
			assert_non_null(strstr(why, "use 1, 2, 4 or 8, or a range of 9 to 4096 bytes"));
	}
}

static void parse_len__0_and_above_4096__out_of_range(void **state)
{
	static const char *const bad[] = {
		"0", "4097", "8192", "4294967300", "18446744073709551624",
	};
	unsigned int i;
	__u32 len;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(hwbp_parse_len(bad[i], &len, why, sizeof(why)),
				 -EINVAL);
		assert_non_null(strstr(why, "or a range of 9 to 4096 bytes"));
	}
	hwbp_parse_len("4097", &len, why, sizeof(why));
	assert_string_equal(why,
		"length 4097 is not one the debug registers can watch: use 1, 2, 4 or 8, or a range of 9 to 4096 bytes (split into aligned pieces)");
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

/* ---- CPUs, --percpu, -p ---- */

static void parse_cpu__numbers__accepted(void **state)
{
	__u32 cpu = 99;

	(void)state;
	assert_int_equal(hwbp_parse_cpu("0", "--cpu", &cpu, why, sizeof(why)), 0);
	assert_int_equal(cpu, 0);
	assert_int_equal(hwbp_parse_cpu("017", "--cpu", &cpu, why, sizeof(why)), 0);
	assert_int_equal(cpu, 17);
	assert_int_equal(hwbp_parse_cpu("2147483647", "--cpu", &cpu, why,
					sizeof(why)), 0);
}

static void parse_cpu__bad__what_is_names_option(void **state)
{
	static const char *const bad[] = {
		"", "-1", "one", "1.0", "0x1", " 1", "2147483648",
		"99999999999999999999999",
	};
	unsigned int i;
	__u32 cpu;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(hwbp_parse_cpu(bad[i], "--cpu", &cpu, why,
						sizeof(why)), -EINVAL);
	hwbp_parse_cpu("one", "--cpu", &cpu, why, sizeof(why));
	assert_string_equal(why,
		"what is 'one' after --cpu? expected a CPU number (hwbp info lists them)");
}

static void parse_percpu__local_all_n__modes(void **state)
{
	struct hwbp_watch w;

	(void)state;
	memset(&w, 0, sizeof(w));
	assert_int_equal(hwbp_parse_percpu("local", &w, why, sizeof(why)), 0);
	assert_int_equal(w.percpu, HWBP_PERCPU_LOCAL);
	assert_int_equal(w.percpu_cpu, 0);
	memset(&w, 0, sizeof(w));
	assert_int_equal(hwbp_parse_percpu("all", &w, why, sizeof(why)), 0);
	assert_int_equal(w.percpu, HWBP_PERCPU_ALL);
	memset(&w, 0, sizeof(w));
	assert_int_equal(hwbp_parse_percpu("3", &w, why, sizeof(why)), 0);
	assert_int_equal(w.percpu, HWBP_PERCPU_CPU);
	assert_int_equal(w.percpu_cpu, 3);
	assert_int_equal(hwbp_parse_percpu("0", &w, why, sizeof(why)), 0);
	assert_int_equal(w.percpu, HWBP_PERCPU_CPU);
	assert_int_equal(w.percpu_cpu, 0);
}

static void parse_percpu__other__what_is_with_choices(void **state)
{
	static const char *const bad[] = {
		"", "Local", "ALL", "none", "-1", "cpu1", "1,2", "0x1",
	};
	struct hwbp_watch w;
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&w, 0, sizeof(w));
		assert_int_equal(hwbp_parse_percpu(bad[i], &w, why, sizeof(why)),
				 -EINVAL);
		assert_non_null(strstr(why, "after --percpu?"));
	}
	hwbp_parse_percpu("none", &w, why, sizeof(why));
	assert_string_equal(why,
		"what is 'none' after --percpu? expected local (each CPU its own instance), a CPU number (that CPU's instance) or all");
	assert_int_equal(hwbp_parse_percpu("99999999999", &w, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "after --percpu? expected a CPU number"));
}

static void parse_pid__numbers__accepted_others_refused(void **state)
{
	static const char *const bad[] = {
		"", "0", "-1", "abc", "12a", "2147483648", "0x10",
	};
	unsigned int i;
	__s32 pid;

	(void)state;
	assert_int_equal(hwbp_parse_pid("1", &pid, why, sizeof(why)), 0);
	assert_int_equal(pid, 1);
	assert_int_equal(hwbp_parse_pid("2147483647", &pid, why, sizeof(why)), 0);
	assert_int_equal(pid, 2147483647);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(hwbp_parse_pid(bad[i], &pid, why, sizeof(why)),
				 -EINVAL);
	hwbp_parse_pid("abc", &pid, why, sizeof(why));
	assert_string_equal(why,
		"what is 'abc' after -p? expected a process id, a number that ps shows");
}

/* ---- hwbp add as a whole ---- */

static int add(const char *target, const char *type, const char *len,
	       struct hwbp_watch *w, bool *widened)
{
	struct hwbp_add_args a = { .target = target, .type = type, .len = len };

	return hwbp_parse_add(&a, w, widened, why, sizeof(why));
}

static int add_args(const struct hwbp_add_args *a, struct hwbp_watch *w)
{
	bool widened;

	memset(w, 0xcc, sizeof(*w));
	return hwbp_parse_add(a, w, &widened, why, sizeof(why));
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
	/* Hits are recorded unless --count-only. */
	assert_int_equal(w.flags, HWBP_WATCH_RECORD);
	assert_int_equal(w.id, 0);
	assert_int_equal(w.hits, 0);
	assert_true(all_zero_after_target(&w));
	assert_false(widened);
}

static void parse_add__log__sets_log_flag(void **state)
{
	struct hwbp_watch w;
	bool widened;

	(void)state;
	struct hwbp_add_args a = { .target = "pid_max", .type = "rw",
				   .len = "4", .log = true };

	assert_int_equal(hwbp_parse_add(&a, &w, &widened, why, sizeof(why)), 0);
	assert_int_equal(w.flags, HWBP_WATCH_LOG | HWBP_WATCH_RECORD);
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
	assert_int_equal(add("pid_max", NULL, "0", &w, &widened), -EINVAL);
	assert_non_null(strstr(why, "9 to 4096 bytes"));
	assert_int_equal(add("pid_max", NULL, "4097", &w, &widened), -EINVAL);
	assert_int_equal(add("pid_max", NULL, "3", &w, &widened), -EINVAL);
	/* A range up to 4096: the module splits it. */
	assert_int_equal(add("pid_max", NULL, "12", &w, &widened), 0);
	assert_int_equal(w.len, 12);
	assert_int_equal(add("pid_max+1", "rw", "4096", &w, &widened), 0);
	assert_int_equal(w.len, 4096);
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

static void parse_add__long_range_raw_address__any_alignment(void **state)
{
	struct hwbp_watch w;
	bool widened;

	(void)state;
	/* 9..4096 are split by the module: no alignment rule. */
	assert_int_equal(add("0xffffffff81000001", "w", "40", &w, &widened), 0);
	assert_int_equal(add("0xffffffff81000003", "rw", "12", &w, &widened), 0);
	assert_int_equal(add("0xffffffff81000001", "w", "4096", &w, &widened), 0);
	/* 1, 2, 4, 8 still must be aligned. */
	assert_int_equal(add("0xffffffff81000001", "w", "2", &w, &widened),
			 -EINVAL);
	assert_non_null(strstr(why, "is not aligned to its length 2"));
}

static void parse_add__range_past_the_end__refused(void **state)
{
	struct hwbp_watch w;
	bool widened;

	(void)state;
	assert_int_equal(add("0xfffffffffffffff8", "w", "16", &w, &widened),
			 -EINVAL);
	assert_string_equal(why,
		"the 16 bytes at address 0xfffffffffffffff8 run past the end of the address space: watch fewer bytes");
	assert_int_equal(add("0xfffffffffffffff8", "w", "8", &w, &widened), 0);
}

static void parse_add__cpu__flag_and_field(void **state)
{
	struct hwbp_add_args a = { .target = "pid_max", .cpu = "3" };
	struct hwbp_watch w;

	(void)state;
	assert_int_equal(add_args(&a, &w), 0);
	assert_int_equal(w.flags, HWBP_WATCH_CPU | HWBP_WATCH_RECORD);
	assert_int_equal(w.cpu, 3);
	assert_int_equal(w.percpu, 0);
	a.cpu = "x";
	assert_int_equal(add_args(&a, &w), -EINVAL);
	assert_non_null(strstr(why, "what is 'x' after --cpu?"));
}

static void parse_add__percpu__mode_and_cpu(void **state)
{
	struct hwbp_add_args a = { .target = "runqueues+0x10", .len = "8",
				   .percpu = "local" };
	struct hwbp_watch w;

	(void)state;
	assert_int_equal(add_args(&a, &w), 0);
	assert_int_equal(w.percpu, HWBP_PERCPU_LOCAL);
	assert_int_equal(w.percpu_cpu, 0);
	assert_int_equal(w.flags, HWBP_WATCH_RECORD);
	assert_int_equal(w.cpu, 0);
	a.percpu = "5";
	assert_int_equal(add_args(&a, &w), 0);
	assert_int_equal(w.percpu, HWBP_PERCPU_CPU);
	assert_int_equal(w.percpu_cpu, 5);
	/* With --cpu: both, WHERE shows cpuN. */
	a.percpu = "all";
	a.cpu = "1";
	assert_int_equal(add_args(&a, &w), 0);
	assert_int_equal(w.percpu, HWBP_PERCPU_ALL);
	assert_int_equal(w.flags, HWBP_WATCH_CPU | HWBP_WATCH_RECORD);
	assert_int_equal(w.cpu, 1);
	a.percpu = "some";
	assert_int_equal(add_args(&a, &w), -EINVAL);
}

static void parse_add__pid_address__user_watch(void **state)
{
	struct hwbp_add_args a = { .target = "0x7ffd1000", .pid = "123",
				   .type = "rw", .len = "8" };
	struct hwbp_watch w;

	(void)state;
	assert_int_equal(add_args(&a, &w), 0);
	assert_int_equal(w.pid, 123);
	assert_true(w.addr == 0x7ffd1000ULL);
	assert_int_equal(w.cpu | w.percpu | w.percpu_cpu, 0);
	assert_int_equal(w.flags, HWBP_WATCH_RECORD);
	a.pid = "abc";
	assert_int_equal(add_args(&a, &w), -EINVAL);
	assert_non_null(strstr(why, "after -p?"));
}

static void parse_add__pid_with_symbol__usage_error(void **state)
{
	struct hwbp_add_args a = { .target = "pid_max", .pid = "123" };
	struct hwbp_watch w;

	(void)state;
	assert_int_equal(add_args(&a, &w), -EINVAL);
	assert_string_equal(why,
		"'pid_max' is a kernel symbol: -p watches user memory of the process and takes a 0x address");
	a.target = "main+4";
	assert_int_equal(add_args(&a, &w), -EINVAL);
	assert_non_null(strstr(why, "'main+4' is a kernel symbol"));
}

static void parse_add__pid_with_cpu_or_percpu__usage_error(void **state)
{
	struct hwbp_add_args a = { .target = "0x7ffd1000", .pid = "123",
				   .cpu = "1" };
	struct hwbp_watch w;

	(void)state;
	assert_int_equal(add_args(&a, &w), -EINVAL);
	assert_string_equal(why,
		"a process watch follows the process's threads from CPU to CPU: drop --cpu");
	a.cpu = NULL;
	a.percpu = "local";
	assert_int_equal(add_args(&a, &w), -EINVAL);
	assert_string_equal(why,
		"a process watch follows the process's threads from CPU to CPU: drop --percpu");
	a.cpu = "0";
	assert_int_equal(add_args(&a, &w), -EINVAL);
	assert_non_null(strstr(why, "drop --cpu and --percpu"));
}

static void parse_add__dry_run_and_log__flags(void **state)
{
	struct hwbp_add_args a = { .target = "pid_max", .dry_run = true };
	struct hwbp_watch w;

	(void)state;
	assert_int_equal(add_args(&a, &w), 0);
	assert_int_equal(w.flags, HWBP_WATCH_DRY_RUN | HWBP_WATCH_RECORD);
	a.log = true;
	a.cpu = "0";
	assert_int_equal(add_args(&a, &w), 0);
	assert_int_equal(w.flags, HWBP_WATCH_DRY_RUN | HWBP_WATCH_LOG |
			 HWBP_WATCH_CPU | HWBP_WATCH_RECORD);
	assert_int_equal(w.flags & ~HWBP_WATCH_IN_FLAGS, 0);
}


static void parse_add__recording__default_count_only_stack(void **state)
{
	struct hwbp_add_args a = { .target = "pid_max", .stack = true };
	struct hwbp_watch w;

	(void)state;
	assert_int_equal(add_args(&a, &w), 0);
	assert_int_equal(w.flags, HWBP_WATCH_RECORD | HWBP_WATCH_STACK);
	a.stack = false;
	a.count_only = true;
	assert_int_equal(add_args(&a, &w), 0);
	assert_int_equal(w.flags, 0);
	assert_true(all_zero_after_target(&w));
}

static void parse_add__count_only_with_recording_option__usage_error(void **state)
{
	static const char *const opts[] = { "--stack", "--if-value", "--changed", "--allow" };
	struct hwbp_add_args a;
	struct hwbp_watch w;
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(opts); i++) {
		memset(&a, 0, sizeof(a));
		a.target = "pid_max";
		a.count_only = true;
		a.stack = i == 0;
		a.if_value = i == 1 ? "==1" : NULL;
		a.changed = i == 2;
		a.allow = i == 3 ? "vfs_write" : NULL;
		assert_int_equal(add_args(&a, &w), -EINVAL);
		assert_memory_equal(why, opts[i], strlen(opts[i]));
		assert_non_null(strstr(why, " needs hit records and --count-only keeps none: drop one of them"));
	}
}

static void parse_add__max_hits_oneshot(void **state)
{
	struct hwbp_add_args a = { .target = "pid_max", .max_hits = "1000" };
	struct hwbp_watch w;

	(void)state;
	assert_int_equal(add_args(&a, &w), 0);
	assert_int_equal(w.max_hits, 1000);
	a.max_hits = NULL;
	a.oneshot = true;
	assert_int_equal(add_args(&a, &w), 0);
	assert_int_equal(w.max_hits, 1);
	a.max_hits = "1";
	assert_int_equal(add_args(&a, &w), -EINVAL);
	assert_string_equal(why, "--oneshot is --max-hits 1: give one of them");
	a.oneshot = false;
	a.max_hits = "0";
	assert_int_equal(add_args(&a, &w), -EINVAL);
	assert_string_equal(why, "what is '0' after --max-hits? expected a number, 1 or more");
	a.max_hits = "-3";
	assert_int_equal(add_args(&a, &w), -EINVAL);
	a.max_hits = "18446744073709551616";
	assert_int_equal(add_args(&a, &w), -EINVAL);
}

static void parse_if_value__eq_ne_dec_hex(void **state)
{
	struct hwbp_watch w;

	(void)state;
	memset(&w, 0, sizeof(w));
	assert_int_equal(hwbp_parse_if_value("==5", &w, why, sizeof(why)), 0);
	assert_int_equal(w.filter, HWBP_FILTER_EQ);
	assert_int_equal(w.filter_value, 5);
	assert_int_equal(hwbp_parse_if_value("!=0xFFffffff", &w, why, sizeof(why)), 0);
	assert_int_equal(w.filter, HWBP_FILTER_NE);
	assert_int_equal(w.filter_value, 0xffffffffULL);
	assert_int_equal(hwbp_parse_if_value("==18446744073709551615", &w, why, sizeof(why)), 0);
	assert_true(w.filter_value == ~0ULL);
	assert_int_equal(hwbp_parse_if_value("==0", &w, why, sizeof(why)), 0);
	assert_int_equal(w.filter_value, 0);
}

static void parse_if_value__bad__sentences(void **state)
{
	static const char *const bad[] = {
		"5", "=5", "<5", "==", "==x", "==0x", "==5 ", "==18446744073709551616",
		"==0x10000000000000000", "!=1e3",
	};
	struct hwbp_watch w;
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(hwbp_parse_if_value(bad[i], &w, why, sizeof(why)), -EINVAL);
	hwbp_parse_if_value("=5", &w, why, sizeof(why));
	assert_string_equal(why,
		"what is '=5' after --if-value? expected ==VALUE or !=VALUE (decimal or 0x hex)");
	hwbp_parse_if_value("==x", &w, why, sizeof(why));
	assert_string_equal(why,
		"what is 'x' in '==x'? expected a value in decimal or 0x hex that fits in 64 bits");
	assert_int_equal(hwbp_parse_if_value("!=-1", &w, why, sizeof(why)), -EINVAL);
	assert_string_equal(why,
		"--if-value takes no negative value ('!=-1'): give its two's complement in 0x hex, as wide as the watch (-1 on 4 bytes is 0xffffffff)");
}

static void parse_add__filters__len_fit_exec_and_changed(void **state)
{
	struct hwbp_add_args a = { .target = "pid_max", .if_value = "==255",
				   .len = "1" };
	struct hwbp_watch w;

	(void)state;
	assert_int_equal(add_args(&a, &w), 0);
	assert_int_equal(w.filter, HWBP_FILTER_EQ);
	a.if_value = "==256";
	assert_int_equal(add_args(&a, &w), -EINVAL);
	assert_string_equal(why,
		"the value in --if-value ==256 does not fit in the watch's 1 byte: the largest is 0xff");
	a.len = "8";
	a.if_value = "!=0xffffffffffffffff";
	assert_int_equal(add_args(&a, &w), 0);
	a.len = NULL;	/* the module picks the length: not checked here */
	a.if_value = "==0x100000000";
	assert_int_equal(add_args(&a, &w), 0);
	a.if_value = NULL;
	a.changed = true;
	assert_int_equal(add_args(&a, &w), 0);
	assert_int_equal(w.filter, HWBP_FILTER_CHANGED);
	assert_int_equal(w.filter_value, 0);
	a.if_value = "==1";
	assert_int_equal(add_args(&a, &w), -EINVAL);
	assert_string_equal(why, "give one value filter: --if-value or --changed, not both");
	a.if_value = NULL;
	a.type = "x";
	assert_int_equal(add_args(&a, &w), -EINVAL);
	assert_string_equal(why,
		"an execute watch has no value to compare: drop --if-value and --changed, or watch the data with -t w or -t rw");
	a.changed = false;
	a.if_value = "!=0";
	assert_int_equal(add_args(&a, &w), -EINVAL);
	a.if_value = NULL;
	a.allow = "vfs_read";	/* an allow-list is fine on -t x */
	assert_int_equal(add_args(&a, &w), 0);
}

static void parse_allow__names__copied(void **state)
{
	struct hwbp_watch w;

	(void)state;
	memset(&w, 0xcc, sizeof(w));
	assert_int_equal(hwbp_parse_allow("vfs_write", &w, why, sizeof(why)), 0);
	assert_string_equal(w.allow, "vfs_write");
	assert_int_equal(w.allow[HWBP_ALLOW_MAX - 1], 0);
	assert_int_equal(hwbp_parse_allow("a,b,c,d,e,f,g,h", &w, why, sizeof(why)), 0);
	assert_string_equal(w.allow, "a,b,c,d,e,f,g,h");
	assert_int_equal(hwbp_parse_allow("foo.constprop.0,_x$y", &w, why, sizeof(why)), 0);
}

static void parse_allow__bad__sentences(void **state)
{
	char longest[HWBP_ALLOW_MAX + 1];
	struct hwbp_watch w;

	(void)state;
	assert_int_equal(hwbp_parse_allow("a,b,c,d,e,f,g,h,i", &w, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "the allow-list names more than 8 functions: keep at most 8");
	assert_int_equal(hwbp_parse_allow("a,,b", &w, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "has an empty name"));
	assert_int_equal(hwbp_parse_allow("", &w, why, sizeof(why)), -EINVAL);
	assert_int_equal(hwbp_parse_allow("a,", &w, why, sizeof(why)), -EINVAL);
	assert_int_equal(hwbp_parse_allow(",a", &w, why, sizeof(why)), -EINVAL);
	assert_int_equal(hwbp_parse_allow("vfs_write+4", &w, why, sizeof(why)), -EINVAL);
	assert_string_equal(why,
		"what is 'vfs_write+4' in the allow-list? expected a function name as /proc/kallsyms lists it, without an offset");
	assert_int_equal(hwbp_parse_allow("a, b", &w, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "what is ' b'"));
	assert_int_equal(hwbp_parse_allow("1abc", &w, why, sizeof(why)), -EINVAL);
	memset(longest, 'a', HWBP_ALLOW_MAX - 1);
	longest[HWBP_ALLOW_MAX - 1] = '\0';
	assert_int_equal(hwbp_parse_allow(longest, &w, why, sizeof(why)), 0);
	longest[HWBP_ALLOW_MAX - 1] = 'a';
	longest[HWBP_ALLOW_MAX] = '\0';
	assert_int_equal(hwbp_parse_allow(longest, &w, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "is too long: at most 127 characters in all"));
}

static void parse_by__names__and_back(void **state)
{
	static const char *const names[] = { "ip", "stack", "pid", "comm", "cpu" };
	__u32 by, i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		assert_int_equal(hwbp_parse_by(names[i], &by, why, sizeof(why)), 0);
		assert_int_equal(by, i + 1);
		assert_string_equal(hwbp_by_name(by), names[i]);
	}
	assert_int_equal(hwbp_parse_by("tid", &by, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "what is 'tid' after --by? expected ip, stack, pid, comm or cpu; for probes also caller, arg or retval");
	assert_int_equal(hwbp_parse_by("", &by, why, sizeof(why)), -EINVAL);
	assert_string_equal(hwbp_by_name(0), "?");
	assert_string_equal(hwbp_by_name(8), "?");
}

static void parse_probe__defaults_ret_by_arg(void **state)
{
	struct hwbp_probe_args a = { .func = "vfs_read" };
	struct hwbp_watch w;

	(void)state;
	memset(&w, 0xcc, sizeof(w));
	assert_int_equal(hwbp_parse_probe(&a, &w, why, sizeof(why)), 0);
	assert_int_equal(w.type, HWBP_TYPE_PROBE);
	assert_string_equal(w.target, "vfs_read");
	assert_int_equal(w.flags, HWBP_WATCH_RECORD);
	assert_int_equal(w.probe_by, HWBP_BY_COMM);
	assert_int_equal(w.arg, 0);
	assert_int_equal(w.arg_kind, HWBP_ARG_NONE);
	assert_true(w.addr == 0 && w.len == 0 && !w.on[0] && w.missed == 0);
	a.ret = true;
	a.by = "retval";
	a.arg = "3";
	assert_int_equal(hwbp_parse_probe(&a, &w, why, sizeof(why)), 0);
	assert_int_equal(w.type, HWBP_TYPE_RETPROBE);
	assert_int_equal(w.probe_by, HWBP_BY_RETVAL);
	assert_int_equal(w.arg, 3);
	assert_int_equal(w.arg_kind, HWBP_ARG_U64);
	a.ret = false;
	a.by = "arg6";
	a.arg = NULL;
	a.count_only = true;
	a.func = "vfs_read+0x10";
	assert_int_equal(hwbp_parse_probe(&a, &w, why, sizeof(why)), 0);
	assert_int_equal(w.flags, 0);
	assert_int_equal(w.probe_by, HWBP_BY_ARG);
	assert_int_equal(w.by_arg, 6);
	assert_string_equal(w.target, "vfs_read+0x10");
	a.count_only = false;
	a.by = "stack";
	assert_int_equal(hwbp_parse_probe(&a, &w, why, sizeof(why)), 0);
	assert_int_equal(w.flags, HWBP_WATCH_RECORD | HWBP_WATCH_STACK);
	a.by = "caller";
	assert_int_equal(hwbp_parse_probe(&a, &w, why, sizeof(why)), 0);
	assert_int_equal(w.probe_by, HWBP_BY_IP);
}

static void parse_probe__usage_errors__sentences(void **state)
{
	struct hwbp_probe_args a = { .func = "0xffffffff81000000" };
	struct hwbp_watch w;

	(void)state;
	assert_int_equal(hwbp_parse_probe(&a, &w, why, sizeof(why)), -EINVAL);
	assert_string_equal(why,
		"a probe takes a function name, not an address ('0xffffffff81000000'): /proc/kallsyms names the function there");
	a.func = NULL;
	assert_int_equal(hwbp_parse_probe(&a, &w, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "probe needs a FUNC: a kernel function as /proc/kallsyms lists it");
	a.func = "1abc";
	assert_int_equal(hwbp_parse_probe(&a, &w, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "what is '1abc'? expected a kernel function, or function+offset");
	a.func = "vfs_read+4";
	a.ret = true;
	assert_int_equal(hwbp_parse_probe(&a, &w, why, sizeof(why)), -EINVAL);
	assert_string_equal(why,
		"a return probe sits on the function's entry: drop the offset from 'vfs_read+4'");
	a.func = "vfs_read";
	a.ret = false;
	a.by = "retval";
	assert_int_equal(hwbp_parse_probe(&a, &w, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "--by retval needs a return value: add --ret (a return probe)");
	a.by = "arg7";
	assert_int_equal(hwbp_parse_probe(&a, &w, why, sizeof(why)), -EINVAL);
	assert_string_equal(why,
		"what is 'arg7' after --by? expected arg1 to arg6 (the x86-64 argument registers)");
	a.by = "arg";
	assert_int_equal(hwbp_parse_probe(&a, &w, why, sizeof(why)), -EINVAL);
	assert_string_equal(why,
		"what is 'arg' after --by? expected pid, comm, caller, cpu, stack or argN (N 1 to 6)");
	a.by = "tid";
	a.ret = true;
	assert_int_equal(hwbp_parse_probe(&a, &w, why, sizeof(why)), -EINVAL);
	assert_string_equal(why,
		"what is 'tid' after --by? expected pid, comm, caller, cpu, stack or argN (N 1 to 6), or retval");
	a.by = "stack";
	a.count_only = true;
	assert_int_equal(hwbp_parse_probe(&a, &w, why, sizeof(why)), -EINVAL);
	assert_string_equal(why,
		"--by stack needs call records and --count-only keeps none: drop one of them");
	a.by = NULL;
	a.arg = "2:ustr";
	assert_int_equal(hwbp_parse_probe(&a, &w, why, sizeof(why)), -EINVAL);
	assert_string_equal(why,
		"--arg is captured in each call's record and --count-only keeps none: drop one of them");
}

static void parse_arg__kinds_and_bad(void **state)
{
	static const struct { const char *s; __u32 arg, kind; } ok[] = {
		{ "1", 1, HWBP_ARG_U64 }, { "6:u64", 6, HWBP_ARG_U64 },
		{ "2:str", 2, HWBP_ARG_STR }, { "2:ustr", 2, HWBP_ARG_USTR },
	};
	static const char *const bad[] = {
		"0", "7", "12", "", ":str", "a", "1:", "1:STR", "1:ustr ", "-1",
	};
	struct hwbp_watch w;
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		memset(&w, 0, sizeof(w));
		assert_int_equal(hwbp_parse_arg(ok[i].s, &w, why, sizeof(why)), 0);
		assert_int_equal(w.arg, ok[i].arg);
		assert_int_equal(w.arg_kind, ok[i].kind);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(hwbp_parse_arg(bad[i], &w, why, sizeof(why)), -EINVAL);
	hwbp_parse_arg("7", &w, why, sizeof(why));
	assert_string_equal(why,
		"what is '7' after --arg? expected N[:u64|:str|:ustr] with N from 1 to 6 (the x86-64 argument registers)");
	hwbp_parse_arg("2:wstr", &w, why, sizeof(why));
	assert_string_equal(why,
		"what is 'wstr' in '2:wstr'? expected u64 (the value), str (a string in kernel memory) or ustr (a string in user memory, say vfs_read's buf)");
}

static void parse_on__syntax__accepted_and_refused(void **state)
{
	static const char *const ok[] = {
		"kfree:arg1", "kmem_cache_free:arg2+8", "f.constprop.0:arg6+0x10",
		"sk_alloc:arg1+18446744073709551615",
	};
	static const char *const bad[] = {
		"kfree", "kfree:", ":arg1", "kfree:arg0", "kfree:arg7", "kfree:arg",
		"kfree:arg12", "kfree:1", "1kfree:arg1", "kfree+8:arg1",
		"kfree:arg1+", "kfree:arg1+zz", "kfree:arg1+-1", "kfree:arg1 ",
		"kfree:arg1+18446744073709551616", "k free:arg1",
	};
	char on[HWBP_ON_MAX], longest[HWBP_ON_MAX + 8];
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		memset(on, 0xcc, sizeof(on));
		assert_int_equal(hwbp_parse_on_opt(ok[i], "--on", true, on, why, sizeof(why)), 0);
		assert_string_equal(on, ok[i]);
		assert_int_equal(on[HWBP_ON_MAX - 1], 0);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		if (hwbp_parse_on_opt(bad[i], "--on", true, on, why, sizeof(why)) != -EINVAL)
			fail_msg("'%s' accepted", bad[i]);
	}
	hwbp_parse_on_opt("kfree", "--on", true, on, why, sizeof(why));
	assert_string_equal(why,
		"what is 'kfree' after --on? expected FUNC:argN[+OFF], say kmem_cache_free:arg2");
	hwbp_parse_on_opt("kfree:arg7", "--on", true, on, why, sizeof(why));
	assert_string_equal(why,
		"what is 'arg7' in 'kfree:arg7'? expected arg1 to arg6, the argument that points to the object (the x86-64 argument registers)");
	hwbp_parse_on_opt("kfree:arg1+zz", "--on", true, on, why, sizeof(why));
	assert_string_equal(why,
		"what is 'zz' in 'kfree:arg1+zz'? expected an offset in decimal or 0x hex that fits in 64 bits");
	assert_int_equal(hwbp_parse_on_opt("kfree:arg1+8", "--until", false, on, why, sizeof(why)), -EINVAL);
	assert_string_equal(why,
		"--until takes no +OFF ('kfree:arg1+8'): the watch is disarmed when FUNC is called with the address it is armed on");
	assert_int_equal(hwbp_parse_on_opt("kfree:arg1", "--until", false, on, why, sizeof(why)), 0);
	memset(longest, 'a', sizeof(longest));
	memcpy(longest + HWBP_ON_MAX - 6, ":arg1", 6);	/* 63 characters */
	assert_int_equal(hwbp_parse_on_opt(longest, "--on", true, on, why, sizeof(why)), 0);
	memcpy(longest + HWBP_ON_MAX - 5, ":arg1", 6);	/* 64 */
	assert_int_equal(hwbp_parse_on_opt(longest, "--on", true, on, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "is too long for --on: at most 63 characters"));
}

static void parse_add__on_until__fields_and_usage_errors(void **state)
{
	struct hwbp_add_args a = { .on = "sk_alloc:arg1+0x10", .len = "4",
				   .until = "sk_free:arg1" };
	struct hwbp_watch w;

	(void)state;
	assert_int_equal(add_args(&a, &w), 0);
	assert_string_equal(w.on, "sk_alloc:arg1+0x10");
	assert_string_equal(w.until, "sk_free:arg1");
	assert_string_equal(w.target, "");
	assert_true(w.addr == 0);
	assert_int_equal(w.len, 4);
	assert_int_equal(w.type, HWBP_TYPE_W);
	assert_int_equal(w.flags, HWBP_WATCH_RECORD);
	a.len = "3";
	assert_int_equal(add_args(&a, &w), -EINVAL);
	a.len = "4096";	/* no address: alignment is the module's, at arm time */
	assert_int_equal(add_args(&a, &w), 0);
	a.len = NULL;
	assert_int_equal(add_args(&a, &w), -EINVAL);
	assert_string_equal(why, "--on needs -l LEN: there is no symbol to take the length from");
	a.len = "8";
	a.target = "pid_max";
	assert_int_equal(add_args(&a, &w), -EINVAL);
	assert_string_equal(why,
		"with --on, give no TARGET ('pid_max'): the watch has no address until FUNC is called");
	a.target = NULL;
	a.type = "x";
	assert_int_equal(add_args(&a, &w), -EINVAL);
	assert_string_equal(why, "--on watches the data the argument points to: use -t w or -t rw, not x");
	a.type = "rw";
	a.pid = "12";
	assert_int_equal(add_args(&a, &w), -EINVAL);
	assert_string_equal(why, "--on watches a kernel object: drop -p");
	a.pid = NULL;
	a.percpu = "local";
	assert_int_equal(add_args(&a, &w), -EINVAL);
	assert_non_null(strstr(why, "drop --percpu"));
	a.percpu = NULL;
	a.until = "sk_free:arg1+8";
	assert_int_equal(add_args(&a, &w), -EINVAL);
	assert_non_null(strstr(why, "--until takes no +OFF"));
	a.on = NULL;
	a.until = "sk_free:arg1";
	a.target = "pid_max";
	assert_int_equal(add_args(&a, &w), -EINVAL);
	assert_string_equal(why, "--until needs --on: it disarms what --on armed");
}

static void parse_by__probe_keys__caller_arg_retval(void **state)
{
	__u32 by;

	(void)state;
	assert_int_equal(hwbp_parse_by("caller", &by, why, sizeof(why)), 0);
	assert_int_equal(by, HWBP_BY_IP);
	assert_int_equal(hwbp_parse_by("arg", &by, why, sizeof(why)), 0);
	assert_int_equal(by, HWBP_BY_ARG);
	assert_string_equal(hwbp_by_name(by), "arg");
	assert_int_equal(hwbp_parse_by("retval", &by, why, sizeof(why)), 0);
	assert_int_equal(by, HWBP_BY_RETVAL);
	assert_string_equal(hwbp_by_name(by), "retval");
	assert_int_equal(hwbp_parse_by("arg2", &by, why, sizeof(why)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(parse_type__w__maps_to_w, setup),
		cmocka_unit_test_setup(parse_type__rw__maps_to_rw, setup),
		cmocka_unit_test_setup(parse_type__r__maps_to_rw_with_note, setup),
		cmocka_unit_test_setup(parse_type__x__maps_to_x, setup),
		cmocka_unit_test_setup(parse_type__unknown__einval_with_choices, setup),
		cmocka_unit_test_setup(parse_len__1_2_4_8_and_9_to_4096__accepted, setup),
		cmocka_unit_test_setup(parse_len__0_and_above_4096__out_of_range, setup),
		cmocka_unit_test_setup(parse_len__not_a_number__what_is, setup),
		cmocka_unit_test_setup(parse_id__numbers__accepted, setup),
		cmocka_unit_test_setup(parse_id__bad_text__what_is, setup),
		cmocka_unit_test_setup(parse_id__zero__ids_start_at_1, setup),
		cmocka_unit_test_setup(parse_cpu__numbers__accepted, setup),
		cmocka_unit_test_setup(parse_cpu__bad__what_is_names_option, setup),
		cmocka_unit_test_setup(parse_percpu__local_all_n__modes, setup),
		cmocka_unit_test_setup(parse_percpu__other__what_is_with_choices, setup),
		cmocka_unit_test_setup(parse_pid__numbers__accepted_others_refused, setup),
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
		cmocka_unit_test_setup(parse_add__long_range_raw_address__any_alignment, setup),
		cmocka_unit_test_setup(parse_add__range_past_the_end__refused, setup),
		cmocka_unit_test_setup(parse_add__cpu__flag_and_field, setup),
		cmocka_unit_test_setup(parse_add__percpu__mode_and_cpu, setup),
		cmocka_unit_test_setup(parse_add__pid_address__user_watch, setup),
		cmocka_unit_test_setup(parse_add__pid_with_symbol__usage_error, setup),
		cmocka_unit_test_setup(parse_add__pid_with_cpu_or_percpu__usage_error, setup),
		cmocka_unit_test_setup(parse_add__dry_run_and_log__flags, setup),
		cmocka_unit_test_setup(parse_add__recording__default_count_only_stack, setup),
		cmocka_unit_test_setup(parse_add__count_only_with_recording_option__usage_error, setup),
		cmocka_unit_test_setup(parse_add__max_hits_oneshot, setup),
		cmocka_unit_test_setup(parse_if_value__eq_ne_dec_hex, setup),
		cmocka_unit_test_setup(parse_if_value__bad__sentences, setup),
		cmocka_unit_test_setup(parse_add__filters__len_fit_exec_and_changed, setup),
		cmocka_unit_test_setup(parse_allow__names__copied, setup),
		cmocka_unit_test_setup(parse_allow__bad__sentences, setup),
		cmocka_unit_test_setup(parse_by__names__and_back, setup),
		cmocka_unit_test_setup(parse_probe__defaults_ret_by_arg, setup),
		cmocka_unit_test_setup(parse_probe__usage_errors__sentences, setup),
		cmocka_unit_test_setup(parse_arg__kinds_and_bad, setup),
		cmocka_unit_test_setup(parse_on__syntax__accepted_and_refused, setup),
		cmocka_unit_test_setup(parse_add__on_until__fields_and_usage_errors, setup),
		cmocka_unit_test_setup(parse_by__probe_keys__caller_arg_retval, setup),
	};

	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
