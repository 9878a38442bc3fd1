// SPDX-License-Identifier: GPL-2.0
/*
 * tool/errors.c: one sentence per HWBP_R_* reason and per errno that the
 * device gives, each naming the constraint and what to do.
 */
#include <errno.h>
#include <string.h>

#include "unit.h"
#include "hwbp.h"

static char buf[HWBP_WHY_MAX];

static struct hwbp_watch sym_watch(const char *target, __u64 addr)
{
	struct hwbp_watch w;

	memset(&w, 0, sizeof(w));
	strcpy(w.target, target);
	w.addr = addr;
	return w;
}

static const char *reason(__u32 r, int cpu, __u64 arg,
			  const struct hwbp_watch *w)
{
	return hwbp_reason_str(buf, sizeof(buf), r, cpu, arg, w);
}

static void reason__no_symbol__names_symbol_and_kallsyms(void **state)
{
	struct hwbp_watch w = sym_watch("foo", 0);

	(void)state;
	assert_string_equal(reason(HWBP_R_NO_SYMBOL, -1, 0, &w),
			    "no kernel symbol 'foo' (check /proc/kallsyms)");
	/* The offset is not part of the symbol's name. */
	w = sym_watch("foo+0x10", 0);
	assert_string_equal(reason(HWBP_R_NO_SYMBOL, -1, 0, &w),
			    "no kernel symbol 'foo' (check /proc/kallsyms)");
}

static void reason__no_symbol_all_hex__hints_at_0x(void **state)
{
	struct hwbp_watch w = sym_watch("ffffffff81000000", 0);

	(void)state;
	assert_string_equal(reason(HWBP_R_NO_SYMBOL, -1, 0, &w),
			    "no kernel symbol 'ffffffff81000000' (check /proc/kallsyms); an address must start with 0x");
	w = sym_watch("cafe", 0);
	assert_null(strstr(reason(HWBP_R_NO_SYMBOL, -1, 0, &w), "0x"));
}

static void reason__bad_len__names_len_and_choices(void **state)
{
	struct hwbp_watch w = sym_watch("pid_max", 0);

	(void)state;
	assert_string_equal(reason(HWBP_R_BAD_LEN, -1, 3, &w),
			    "length 3 is not one the debug registers can watch: use 1, 2, 4 or 8");
}

static void reason__misaligned__names_address_and_rule(void **state)
{
	struct hwbp_watch w = sym_watch("", 0xffffffff82a1b2c2ULL);

	(void)state;
	assert_string_equal(reason(HWBP_R_MISALIGNED, -1, 4, &w),
			    "address 0xffffffff82a1b2c2 is not aligned to its length 4: a 4-byte watch must start at a multiple of 4");
	/* A symbol the module resolved: both halves. */
	w = sym_watch("pid_max+2", 0xffffffff82a1b2c2ULL);
	assert_string_equal(reason(HWBP_R_MISALIGNED, -1, 4, &w),
			    "address 0xffffffff82a1b2c2 ('pid_max+2') is not aligned to its length 4: a 4-byte watch must start at a multiple of 4");
	/* A symbol the module did not copy the address back for. */
	w = sym_watch("pid_max+2", 0);
	assert_string_equal(reason(HWBP_R_MISALIGNED, -1, 8, &w),
			    "'pid_max+2' is not aligned to its length 8: an 8-byte watch must start at a multiple of 8");
}

static void reason__no_slot__names_cpu_and_count(void **state)
{
	struct hwbp_watch w = sym_watch("pid_max", 0);

	(void)state;
	assert_string_equal(reason(HWBP_R_NO_SLOT, 1, 4, &w),
			    "no free debug register on CPU 1: all 4 are in use (by hwbp or by perf, ptrace, gdb, kgdb); delete a watch with hwbp del");
	assert_non_null(strstr(reason(HWBP_R_NO_SLOT, -1, 4, &w), "on a CPU:"));
}

static void reason__percpu__explains_offset(void **state)
{
	struct hwbp_watch w = sym_watch("runqueues", 0);

	(void)state;
	assert_string_equal(reason(HWBP_R_PERCPU, -1, 0, &w),
			    "'runqueues' is a per-CPU variable: its symbol value is an offset, not an address (per-CPU watches: --percpu, coming)");
}

static void reason__user_addr__needs_kernel_address(void **state)
{
	struct hwbp_watch w = sym_watch("", 0x7fff0000ULL);

	(void)state;
	assert_string_equal(reason(HWBP_R_USER_ADDR, -1, 0, &w),
			    "address 0x7fff0000 is in user space: kernel watches need a kernel address");
}

static void reason__exec_len__names_the_length(void **state)
{
	struct hwbp_watch w = sym_watch("do_sys_open", 0);

	(void)state;
	assert_string_equal(reason(HWBP_R_EXEC_LEN, -1, 8, &w),
			    "an execute watch covers one instruction and takes length 8 on x86 (sizeof(long)); drop -l or use -l 8");
}

static void reason__kernel__strerror_of_positive_or_negative_arg(void **state)
{
	struct hwbp_watch w = sym_watch("pid_max", 0xffffffff82000000ULL);
	char want[HWBP_WHY_MAX];

	(void)state;
	snprintf(want, sizeof(want),
		 "the kernel's breakpoint layer refused to arm address 0xffffffff82000000 ('pid_max') on CPU 0: %s",
		 strerror(EBUSY));
	assert_string_equal(reason(HWBP_R_KERNEL, 0, EBUSY, &w), want);
	assert_string_equal(reason(HWBP_R_KERNEL, 0, (__u64)-EBUSY, &w), want);
}

static void reason__too_many__names_the_limit(void **state)
{
	struct hwbp_watch w = sym_watch("pid_max", 0);

	(void)state;
	assert_string_equal(reason(HWBP_R_TOO_MANY, -1, 64, &w),
			    "all 64 watch ids are in use: delete a watch with hwbp del");
}

static void reason__version_skew_reasons__say_versions_differ(void **state)
{
	static const __u32 skew[] = { HWBP_R_BAD_FLAGS, HWBP_R_RESERVED,
				      __HWBP_R_MAX, 1000 };
	struct hwbp_watch w = sym_watch("pid_max", 0);
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(skew); i++)
		assert_non_null(strstr(reason(skew[i], -1, 0, &w),
				       "tool and module versions differ"));
	assert_non_null(strstr(reason(HWBP_R_BAD_FLAGS, -1, 0x4, &w), "0x4"));
}

/* Every reason has its own words: none is empty, none is strerror. */
static void reason__every_reason__a_sentence(void **state)
{
	struct hwbp_watch w = sym_watch("pid_max", 0xffffffff82000000ULL);
	__u32 r;

	(void)state;
	for (r = 0; r <= __HWBP_R_MAX; r++) {
		reason(r, 1, 4, &w);
		assert_true(strlen(buf) > 20);
		assert_null(strstr(buf, "Invalid argument"));
		assert_true(buf[0] != ' ' && buf[strlen(buf) - 1] != '.');
	}
}

static void reason__overflow_and_bad_target__quote_target(void **state)
{
	struct hwbp_watch w = sym_watch("pid_max+0xffffffffffffffff", 0);

	(void)state;
	assert_string_equal(reason(HWBP_R_ADDR_OVERFLOW, -1, 0, &w),
			    "'pid_max+0xffffffffffffffff' wraps around the end of the address space: the offset is too large");
	w = sym_watch("a b", 0);
	assert_string_equal(reason(HWBP_R_BAD_TARGET, -1, 0, &w),
			    "what is 'a b'? expected a symbol, symbol+offset or 0x address");
}

static void reason__small_buffer__truncated_not_overrun(void **state)
{
	struct hwbp_watch w = sym_watch("pid_max", 0);
	char small[16];

	(void)state;
	memset(small, 'x', sizeof(small));
	hwbp_reason_str(small, 8, HWBP_R_NO_SLOT, 1, 4, &w);
	assert_int_equal(strlen(small), 7);
	assert_int_equal(small[8], 'x');
}

static void add_str__reason_wins_over_errno(void **state)
{
	struct hwbp_add add;

	(void)state;
	memset(&add, 0, sizeof(add));
	strcpy(add.watch.target, "foo");
	add.reason = HWBP_R_NO_SYMBOL;
	assert_string_equal(hwbp_add_str(buf, sizeof(buf), &add, -ENOENT),
			    "no kernel symbol 'foo' (check /proc/kallsyms)");
}

static void add_str__no_reason__errno_sentence_not_bare_einval(void **state)
{
	struct hwbp_add add;

	(void)state;
	memset(&add, 0, sizeof(add));
	hwbp_add_str(buf, sizeof(buf), &add, -EINVAL);
	assert_string_not_equal(buf, strerror(EINVAL));
	assert_non_null(strstr(buf, "cannot add the watch: "));
	assert_non_null(strstr(buf, "without saying why"));
	hwbp_add_str(buf, sizeof(buf), &add, -ENOSPC);
	assert_non_null(strstr(buf, "no free debug register"));
	hwbp_add_str(buf, sizeof(buf), &add, -EMFILE);
	assert_non_null(strstr(buf, "all watch ids are in use"));
}

static const char *err(enum hwbp_op op, int e, __u32 id)
{
	return hwbp_errno_str(buf, sizeof(buf), op, e, "/dev/hwbp", id);
}

static void errno__open_enoent__module_not_loaded(void **state)
{
	(void)state;
	assert_string_equal(err(HWBP_OP_OPEN, -ENOENT, 0),
			    "/dev/hwbp not found: the hwbp module is not loaded (insmod kmod/hwbp.ko)");
	assert_non_null(strstr(err(HWBP_OP_OPEN, -ENXIO, 0),
			       "the hwbp module is not loaded"));
	assert_non_null(strstr(err(HWBP_OP_OPEN, -ENODEV, 0),
			       "the hwbp module is not loaded"));
	/* Positive errnos work too. */
	assert_non_null(strstr(err(HWBP_OP_OPEN, ENOENT, 0), "not loaded"));
}

static void errno__open_eacces_eperm__needs_root(void **state)
{
	(void)state;
	assert_string_equal(err(HWBP_OP_OPEN, -EACCES, 0),
			    "permission denied on /dev/hwbp: hwbp needs root (CAP_SYS_ADMIN)");
	assert_string_equal(err(HWBP_OP_OPEN, -EPERM, 0),
			    "permission denied on /dev/hwbp: hwbp needs root (CAP_SYS_ADMIN)");
}

static void errno__enotty__versions_differ(void **state)
{
	static const enum hwbp_op ops[] = {
		HWBP_OP_INFO, HWBP_OP_ADD, HWBP_OP_DEL, HWBP_OP_LIST,
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(ops); i++)
		assert_string_equal(err(ops[i], -ENOTTY, 3),
				    "/dev/hwbp does not speak this ABI: tool and module versions differ");
}

static void errno__device_path__used_in_sentence(void **state)
{
	(void)state;
	hwbp_errno_str(buf, sizeof(buf), HWBP_OP_OPEN, -ENOENT, "/tmp/nope", 0);
	assert_string_equal(buf,
			    "/tmp/nope not found: the hwbp module is not loaded (insmod kmod/hwbp.ko)");
	hwbp_errno_str(buf, sizeof(buf), HWBP_OP_OPEN, -ENOENT, NULL, 0);
	assert_non_null(strstr(buf, HWBP_DEVICE " not found"));
}

static void errno__del_enoent__no_watch_with_id(void **state)
{
	(void)state;
	assert_string_equal(err(HWBP_OP_DEL, -ENOENT, 7),
			    "no watch with id 7 (see hwbp list)");
}

static void errno__other__operation_and_strerror(void **state)
{
	char want[HWBP_WHY_MAX];

	(void)state;
	snprintf(want, sizeof(want), "cannot list the watches: %s", strerror(EIO));
	assert_string_equal(err(HWBP_OP_LIST, -EIO, 0), want);
	snprintf(want, sizeof(want), "cannot delete watch 3: %s", strerror(EFAULT));
	assert_string_equal(err(HWBP_OP_DEL, -EFAULT, 3), want);
	snprintf(want, sizeof(want), "cannot delete every watch: %s", strerror(EFAULT));
	assert_string_equal(err(HWBP_OP_DEL, -EFAULT, 0), want);
	snprintf(want, sizeof(want), "cannot open /dev/hwbp: %s", strerror(EBUSY));
	assert_string_equal(err(HWBP_OP_OPEN, -EBUSY, 0), want);
	snprintf(want, sizeof(want), "cannot query /dev/hwbp: %s", strerror(EFAULT));
	assert_string_equal(err(HWBP_OP_INFO, -EFAULT, 0), want);
}

static void errno__einval__never_bare(void **state)
{
	static const enum hwbp_op ops[] = {
		HWBP_OP_OPEN, HWBP_OP_INFO, HWBP_OP_ADD, HWBP_OP_DEL, HWBP_OP_LIST,
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		err(ops[i], -EINVAL, 2);
		assert_string_not_equal(buf, strerror(EINVAL));
		assert_true(strlen(buf) > strlen(strerror(EINVAL)) + 20);
	}
}

static void abi__mismatch__names_both_versions(void **state)
{
	(void)state;
	assert_string_equal(hwbp_abi_str(buf, sizeof(buf), 2),
			    "the hwbp module speaks ABI 2 and this tool ABI 1: use the tool built with the module");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reason__no_symbol__names_symbol_and_kallsyms),
		cmocka_unit_test(reason__no_symbol_all_hex__hints_at_0x),
		cmocka_unit_test(reason__bad_len__names_len_and_choices),
		cmocka_unit_test(reason__misaligned__names_address_and_rule),
		cmocka_unit_test(reason__no_slot__names_cpu_and_count),
		cmocka_unit_test(reason__percpu__explains_offset),
		cmocka_unit_test(reason__user_addr__needs_kernel_address),
		cmocka_unit_test(reason__exec_len__names_the_length),
		cmocka_unit_test(reason__kernel__strerror_of_positive_or_negative_arg),
		cmocka_unit_test(reason__too_many__names_the_limit),
		cmocka_unit_test(reason__version_skew_reasons__say_versions_differ),
		cmocka_unit_test(reason__every_reason__a_sentence),
		cmocka_unit_test(reason__overflow_and_bad_target__quote_target),
		cmocka_unit_test(reason__small_buffer__truncated_not_overrun),
		cmocka_unit_test(add_str__reason_wins_over_errno),
		cmocka_unit_test(add_str__no_reason__errno_sentence_not_bare_einval),
		cmocka_unit_test(errno__open_enoent__module_not_loaded),
		cmocka_unit_test(errno__open_eacces_eperm__needs_root),
		cmocka_unit_test(errno__enotty__versions_differ),
		cmocka_unit_test(errno__device_path__used_in_sentence),
		cmocka_unit_test(errno__del_enoent__no_watch_with_id),
		cmocka_unit_test(errno__other__operation_and_strerror),
		cmocka_unit_test(errno__einval__never_bare),
		cmocka_unit_test(abi__mismatch__names_both_versions),
	};

	return cmocka_run_group_tests_name("errors", tests, NULL, NULL);
}
