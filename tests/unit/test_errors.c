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

/* The sentence for a refused add, with 4 registers per CPU. */
static const char *refused(__u32 r, int cpu, __u64 arg, __u32 free,
			   const struct hwbp_watch *w)
{
	struct hwbp_add add;

	memset(&add, 0, sizeof(add));
	add.watch = *w;
	add.reason = r;
	add.reason_cpu = cpu;
	add.reason_arg = arg;
	add.reason_free = free;
	return hwbp_reason_str(buf, sizeof(buf), &add, 4);
}

static const char *reason(__u32 r, int cpu, __u64 arg,
			  const struct hwbp_watch *w)
{
	return refused(r, cpu, arg, 0, w);
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
	assert_string_equal(reason(HWBP_R_BAD_LEN, -1, 0, &w),
			    "length 0 is not one the debug registers can watch: use 1, 2, 4 or 8, or a range of 9 to 4096 bytes (split into aligned pieces)");
	assert_string_equal(reason(HWBP_R_BAD_LEN, -1, 4097, &w),
			    "length 4097 is not one the debug registers can watch: use 1, 2, 4 or 8, or a range of 9 to 4096 bytes (split into aligned pieces)");
	assert_string_equal(reason(HWBP_R_BAD_LEN, -1, 3, &w),
			    "length 3 is not one the debug registers can watch: use 1, 2, 4 or 8, or a range of 9 to 4096 bytes (split into aligned pieces)");
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
	assert_string_equal(refused(HWBP_R_NO_SLOT, 1, 2, 1, &w),
			    "CPU 1 has 1 free debug register and this watch needs 2 (the others are held by hwbp watches or by perf, ptrace, gdb, kgdb; see hwbp info): delete a watch or narrow the range");
	assert_string_equal(refused(HWBP_R_NO_SLOT, 0, 1, 0, &w),
			    "CPU 0 has no free debug register and this watch needs 1 (the others are held by hwbp watches or by perf, ptrace, gdb, kgdb; see hwbp info): delete a watch with hwbp del");
	assert_non_null(strstr(refused(HWBP_R_NO_SLOT, 3, 4, 2, &w),
			       "CPU 3 has 2 free debug registers and this watch needs 4"));
	assert_non_null(strstr(reason(HWBP_R_NO_SLOT, -1, 4, &w), "a CPU has"));
}

static void reason__no_slot_percpu_all__suggests_one_instance(void **state)
{
	struct hwbp_watch w = sym_watch("runqueues", 0x2c8c0);

	(void)state;
	w.percpu = HWBP_PERCPU_ALL;
	assert_string_equal(refused(HWBP_R_NO_SLOT, 1, 4, 3, &w),
			    "CPU 1 has 3 free debug registers and this watch needs 4 (the others are held by hwbp watches or by perf, ptrace, gdb, kgdb; see hwbp info): delete a watch, or watch one instance with --percpu local or --percpu N");
}

static void reason__too_wide__needed_and_available(void **state)
{
	struct hwbp_watch w = sym_watch("", 0xffffffff82000000ULL);
	struct hwbp_add add;

	(void)state;
	w.len = 40;
	assert_string_equal(reason(HWBP_R_TOO_WIDE, -1, 5, &w),
			    "a 40-byte range needs 5 debug registers on each CPU; x86 has 4: watch a narrower range");
	w = sym_watch("runqueues+0x10", 0x2c8d0);
	w.len = 8;
	w.percpu = HWBP_PERCPU_ALL;
	assert_string_equal(reason(HWBP_R_TOO_WIDE, -1, 8, &w),
			    "--percpu all watches every CPU's instance from every CPU: that needs 8 debug registers on each CPU; x86 has 4: choose --percpu local or --percpu N");
	/* Registers per CPU unknown. */
	memset(&add, 0, sizeof(add));
	add.watch = sym_watch("", 0xffffffff82000000ULL);
	add.watch.len = 40;
	add.reason = HWBP_R_TOO_WIDE;
	add.reason_arg = 5;
	assert_string_equal(hwbp_reason_str(buf, sizeof(buf), &add, 0),
			    "a 40-byte range needs 5 debug registers on each CPU; more than x86 has: watch a narrower range");
}

static void reason__percpu__explains_offset(void **state)
{
	struct hwbp_watch w = sym_watch("runqueues", 0);

	(void)state;
	assert_string_equal(reason(HWBP_R_PERCPU, -1, 0, &w),
			    "'runqueues' is a per-CPU variable: its symbol value is an offset, not an address; choose --percpu local (each CPU its own), --percpu N (CPU N's, from every CPU) or --percpu all");
	w = sym_watch("runqueues+0x10", 0);
	assert_non_null(strstr(reason(HWBP_R_PERCPU, -1, 0, &w), "'runqueues' is"));
}

static void reason__not_percpu__drop_percpu(void **state)
{
	struct hwbp_watch w = sym_watch("pid_max+4", 0xffffffff82a1b2c4ULL);

	(void)state;
	w.percpu = HWBP_PERCPU_LOCAL;
	assert_string_equal(reason(HWBP_R_NOT_PERCPU, -1, 0, &w),
			    "'pid_max' is not a per-CPU variable: drop --percpu");
	w = sym_watch("", 0xffffffff82a1b2c4ULL);
	assert_string_equal(reason(HWBP_R_NOT_PERCPU, -1, 0, &w),
			    "address 0xffffffff82a1b2c4 is not a per-CPU variable: drop --percpu");
}

static void reason__bad_cpu_offline__names_cpu_and_option(void **state)
{
	struct hwbp_watch w = sym_watch("pid_max", 0);

	(void)state;
	w.flags = HWBP_WATCH_CPU;
	w.cpu = 9;
	assert_string_equal(reason(HWBP_R_BAD_CPU, 9, 0, &w),
			    "there is no CPU 9 on this machine (hwbp info lists the CPUs): give --cpu another CPU number");
	w = sym_watch("runqueues", 0);
	w.percpu = HWBP_PERCPU_CPU;
	w.percpu_cpu = 9;
	assert_string_equal(reason(HWBP_R_BAD_CPU, 9, 0, &w),
			    "there is no CPU 9 on this machine (hwbp info lists the CPUs): give --percpu another CPU number");
	w = sym_watch("pid_max", 0);
	w.flags = HWBP_WATCH_CPU;
	w.cpu = 1;
	assert_string_equal(reason(HWBP_R_CPU_OFFLINE, 1, 0, &w),
			    "CPU 1 is offline: bring it online (echo 1 > /sys/devices/system/cpu/cpu1/online) or give --cpu another CPU");
}

static void reason__process__pid_address_mapping(void **state)
{
	struct hwbp_watch w = sym_watch("", 0xffffffff81000000ULL);

	(void)state;
	w.pid = 123;
	assert_string_equal(reason(HWBP_R_NO_PROCESS, -1, 123, &w),
			    "no process with pid 123");
	assert_string_equal(reason(HWBP_R_NO_PROCESS, -1, 0, &w),
			    "no process with pid 123");
	assert_string_equal(reason(HWBP_R_KERNEL_ADDR, -1, 0, &w),
			    "0xffffffff81000000 is a kernel address: -p watches user memory of the process");
	w.addr = 0x10000000;
	assert_string_equal(reason(HWBP_R_NOT_EXEC, -1, 0, &w),
			    "0x10000000 is in no executable mapping of process 123: an execute watch needs code");
	w = sym_watch("pid_max", 0);
	w.pid = 123;
	assert_string_equal(reason(HWBP_R_PROCESS_SYMBOL, -1, 0, &w),
			    "'pid_max' is a kernel symbol: -p watches user memory of the process and takes a 0x address");
	w = sym_watch("", 0x1000);
	w.pid = 123;
	w.flags = HWBP_WATCH_CPU;
	assert_string_equal(reason(HWBP_R_PROCESS_CPU, -1, 0, &w),
			    "a process watch follows the process's threads from CPU to CPU: drop --cpu");
	w.flags = 0;
	w.percpu = HWBP_PERCPU_ALL;
	assert_non_null(strstr(reason(HWBP_R_PROCESS_CPU, -1, 0, &w), "drop --percpu"));
}

static void reason__user_addr__needs_kernel_address(void **state)
{
	struct hwbp_watch w = sym_watch("", 0x7fff0000ULL);

	(void)state;
	assert_string_equal(reason(HWBP_R_USER_ADDR, -1, 0, &w),
			    "address 0x7fff0000 is in user space: kernel watches need a kernel address (to watch a process, give -p PID)");
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

static void reason__unsafe__names_the_place(void **state)
{
	struct hwbp_watch w = sym_watch("", 0xfffffe0000001000ULL);

	(void)state;
	assert_string_equal(reason(HWBP_R_UNSAFE, -1, HWBP_UNSAFE_ENTRY_AREA, &w),
			    "address 0xfffffe0000001000 lies in the CPU entry area or in per-CPU state the exception entry uses (TSS, GDT, DR7 copy): a breakpoint there would fire before the kernel can take it");
	w = sym_watch("exc_int3", 0xffffffff81e00000ULL);
	w.type = HWBP_TYPE_X;
	assert_non_null(strstr(reason(HWBP_R_UNSAFE, -1, HWBP_UNSAFE_ENTRY_TEXT, &w),
			       "('exc_int3') is entry or noinstr code"));
	w = sym_watch("hwbp_target_var", 0xffffffffc0001000ULL);
	assert_non_null(strstr(reason(HWBP_R_UNSAFE, -1, HWBP_UNSAFE_MODULE_GOING, &w),
			       "belongs to a module being or already unloaded"));
	assert_non_null(strstr(reason(HWBP_R_UNSAFE, -1, 99, &w),
			       "versions differ"));
}

static void reason__kernel_einval__mentions_entry_state(void **state)
{
	struct hwbp_watch w = sym_watch("cpu_tlbstate", 0x1000);

	(void)state;
	assert_non_null(strstr(reason(HWBP_R_KERNEL, 0, EINVAL, &w),
			       "memory the exception entry uses"));
}

static void reason__no_ptrace__names_pid_and_rule(void **state)
{
	struct hwbp_watch w = sym_watch("", 0x10000000);

	(void)state;
	w.pid = 321;
	assert_string_equal(reason(HWBP_R_NO_PTRACE, -1, 321, &w),
			    "you may not trace process 321 (ptrace access mode attach: credentials, CAP_SYS_PTRACE, Yama's ptrace_scope): a process watch needs what a debugger attaching to it would");
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
	/* Resolved, but the length runs past the end. */
	w = sym_watch("", 0xfffffffffffffff0ULL);
	w.len = 32;
	assert_string_equal(reason(HWBP_R_ADDR_OVERFLOW, -1, 32, &w),
			    "the 32 bytes at address 0xfffffffffffffff0 run past the end of the address space: watch fewer bytes");
	w = sym_watch("a b", 0);
	assert_string_equal(reason(HWBP_R_BAD_TARGET, -1, 0, &w),
			    "what is 'a b'? expected a symbol, symbol+offset or 0x address");
}

static void reason__small_buffer__truncated_not_overrun(void **state)
{
	struct hwbp_watch w = sym_watch("pid_max", 0);
	struct hwbp_add add;
	char small[16];

	(void)state;
	memset(small, 'x', sizeof(small));
	memset(&add, 0, sizeof(add));
	add.watch = w;
	add.reason = HWBP_R_NO_SLOT;
	add.reason_cpu = 1;
	add.reason_arg = 4;
	hwbp_reason_str(small, 8, &add, 4);
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
	assert_string_equal(hwbp_add_str(buf, sizeof(buf), &add, -ENOENT, 4),
			    "no kernel symbol 'foo' (check /proc/kallsyms)");
}

static void add_str__no_reason__errno_sentence_not_bare_einval(void **state)
{
	struct hwbp_add add;

	(void)state;
	memset(&add, 0, sizeof(add));
	hwbp_add_str(buf, sizeof(buf), &add, -EINVAL, 4);
	assert_string_not_equal(buf, strerror(EINVAL));
	assert_non_null(strstr(buf, "cannot add the watch: "));
	assert_non_null(strstr(buf, "without saying why"));
	hwbp_add_str(buf, sizeof(buf), &add, -ENOSPC, 4);
	assert_non_null(strstr(buf, "not enough free debug registers"));
	hwbp_add_str(buf, sizeof(buf), &add, -EMFILE, 4);
	assert_non_null(strstr(buf, "all watch ids are in use"));
	hwbp_add_str(buf, sizeof(buf), &add, -ESRCH, 4);
	assert_string_equal(buf,
		"no such process: check the pid given to -p (ps lists them)");
	hwbp_add_str(buf, sizeof(buf), &add, -ENODEV, 4);
	assert_string_equal(buf,
		"the CPU asked for is offline: choose an online CPU (see hwbp info)");
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
	snprintf(want, sizeof(want), "cannot read where watch 4 is armed: %s", strerror(EFAULT));
	assert_string_equal(err(HWBP_OP_PIECES, -EFAULT, 4), want);
	snprintf(want, sizeof(want), "cannot read the debug registers of each CPU: %s", strerror(EIO));
	assert_string_equal(err(HWBP_OP_SLOTS, -EIO, 0), want);
}

static void errno__einval__never_bare(void **state)
{
	static const enum hwbp_op ops[] = {
		HWBP_OP_OPEN, HWBP_OP_INFO, HWBP_OP_ADD, HWBP_OP_DEL, HWBP_OP_LIST,
		HWBP_OP_PIECES, HWBP_OP_SLOTS,
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
	assert_string_equal(hwbp_abi_str(buf, sizeof(buf), 99),
			    "the hwbp module speaks ABI 99 and this tool ABI 5: use the tool built with the module");
}

static void reason__recording_reasons__sentences(void **state)
{
	struct hwbp_watch w = sym_watch("pid_max", 0);

	(void)state;
	w.filter = HWBP_FILTER_EQ;
	assert_string_equal(reason(HWBP_R_BAD_FILTER, -1, 0, &w),
		"an execute watch has no value to compare: drop --if-value and --changed, or watch the data with -t w or -t rw");
	w.filter = 9;
	assert_string_equal(reason(HWBP_R_BAD_FILTER, -1, 0, &w),
		"the module does not know value filter 9: tool and module versions differ (see hwbp info)");
	strcpy(w.allow, "a,b");
	assert_string_equal(reason(HWBP_R_BAD_ALLOW, -1, 0, &w),
		"the module refused the allow-list 'a,b': expected at most 8 function names, separated by commas");
	assert_string_equal(reason(HWBP_R_NEEDS_RECORD, -1, 0, &w),
		"--stack, --if-value, --changed and --allow need hit records: drop --count-only");
}

static void reason__no_function__names_the_entry_by_index(void **state)
{
	struct hwbp_watch w = sym_watch("pid_max", 0);

	(void)state;
	strcpy(w.allow, "vfs_write,no_such,third");
	assert_string_equal(reason(HWBP_R_NO_FUNCTION, -1, 0, &w),
		"no kernel function 'vfs_write' in the allow-list (check /proc/kallsyms)");
	assert_string_equal(reason(HWBP_R_NO_FUNCTION, -1, 1, &w),
		"no kernel function 'no_such' in the allow-list (check /proc/kallsyms)");
	assert_string_equal(reason(HWBP_R_NO_FUNCTION, -1, 2, &w),
		"no kernel function 'third' in the allow-list (check /proc/kallsyms)");
	/* An index past the list: its number, from 1. */
	assert_string_equal(reason(HWBP_R_NO_FUNCTION, -1, 7, &w),
		"no kernel function 'number 8' in the allow-list (check /proc/kallsyms)");
	/* Unterminated allow from a confused module: cut, not overrun. */
	memset(w.allow, 'x', sizeof(w.allow));
	reason(HWBP_R_NO_FUNCTION, -1, 0, &w);
	assert_non_null(strstr(buf, "'xxxxxxxx"));
	assert_true(strlen(buf) < sizeof(buf) - 1);
}

static void errno__hits_stacks_counts_clear__operation_and_id(void **state)
{
	(void)state;
	assert_string_equal(hwbp_errno_str(buf, sizeof(buf), HWBP_OP_HITS, -ENOENT, NULL, 3),
			    "no watch with id 3 (see hwbp list)");
	assert_string_equal(hwbp_errno_str(buf, sizeof(buf), HWBP_OP_CLEAR, -ENOENT, NULL, 4),
			    "no watch with id 4 (see hwbp list)");
	assert_string_equal(hwbp_errno_str(buf, sizeof(buf), HWBP_OP_HITS, -EFAULT, NULL, 3),
			    "cannot read the hits of watch 3: Bad address");
	assert_string_equal(hwbp_errno_str(buf, sizeof(buf), HWBP_OP_STACKS, -ENOMEM, NULL, 2),
			    "cannot read the stacks of watch 2: Cannot allocate memory");
	assert_non_null(strstr(hwbp_errno_str(buf, sizeof(buf), HWBP_OP_COUNTS, -EINVAL, NULL, 2),
			       "cannot read the counts of watch 2: the module refused"));
	assert_string_equal(hwbp_errno_str(buf, sizeof(buf), HWBP_OP_CLEAR, -EIO, NULL, 0),
			    "cannot clear the watches: Input/output error");
}

static void reason__probe_reasons__sentences(void **state)
{
	struct hwbp_watch w = sym_watch("foo", 0);

	(void)state;
	w.type = HWBP_TYPE_PROBE;
	assert_string_equal(reason(HWBP_R_NOT_PROBEABLE, -1, EINVAL, &w),
		"kprobes refused 'foo' (Invalid argument): it may be on the kprobe blacklist (/sys/kernel/debug/kprobes/blacklist), marked noinstr/__kprobes, or not kernel text");
	assert_string_equal(reason(HWBP_R_NOT_PROBEABLE, -1, ENOENT, &w),
		"no function 'foo' to probe: check /proc/kallsyms; it may have been inlined into its callers");
	/* The errno's sign does not matter; 0 reads as EINVAL. */
	assert_non_null(strstr(reason(HWBP_R_NOT_PROBEABLE, -1, (__u64)-ENOENT, &w),
				"no function 'foo' to probe"));
	assert_non_null(strstr(reason(HWBP_R_NOT_PROBEABLE, -1, 0, &w),
				"(Invalid argument)"));
	w = sym_watch("foo+3", 0);
	w.type = HWBP_TYPE_PROBE;
	assert_non_null(strstr(reason(HWBP_R_NOT_PROBEABLE, -1, ENOENT, &w),
				"no function 'foo' to probe"));
	assert_string_equal(reason(HWBP_R_NOT_PROBEABLE, -1, EILSEQ, &w),
		"kprobes refused 'foo+3': the offset is not at an instruction boundary (probe the function itself, or an offset objdump -d shows)");
	assert_string_equal(reason(HWBP_R_TOO_MANY_PROBES, -1, 64, &w),
		"all 64 probes are in use: delete a probe with hwbp del");
}

static void reason__bad_arg_bad_on__sentences(void **state)
{
	struct hwbp_watch w = sym_watch("vfs_read", 0);

	(void)state;
	w.type = HWBP_TYPE_PROBE;
	w.arg = 9;
	w.arg_kind = HWBP_ARG_STR;
	w.flags = HWBP_WATCH_RECORD;
	assert_string_equal(reason(HWBP_R_BAD_ARG, -1, 0, &w),
		"the module refused the argument (--arg 9:str, --by arg0): a probe reads arguments 1 to 6, as u64, str (kernel memory) or ustr (user memory)");
	w.flags = 0;
	w.arg = 2;
	assert_string_equal(reason(HWBP_R_BAD_ARG, -1, 0, &w),
		"--arg 2 is captured in each call's record: drop --count-only");
	w.arg_kind = 9;
	assert_non_null(strstr(reason(HWBP_R_BAD_ARG, -1, 0, &w),
				"tool and module versions differ"));
	w.arg_kind = HWBP_ARG_U64;
	w.probe_by = HWBP_BY_RETVAL;
	assert_string_equal(reason(HWBP_R_BAD_ARG, -1, 0, &w),
		"only a return probe has return values to count: add --ret");
	w.type = HWBP_TYPE_W;
	assert_non_null(strstr(reason(HWBP_R_BAD_ARG, -1, 0, &w),
				"only probes read arguments"));
	w = sym_watch("", 0);
	strcpy(w.on, "kfre:arg1");
	assert_string_equal(reason(HWBP_R_BAD_ON, -1, 0, &w),
		"the module refused --on 'kfre:arg1': expected FUNC:argN[+OFF] with N from 1 to 6 and a function /proc/kallsyms lists");
	strcpy(w.until, "kfree:arg1");
	assert_string_equal(reason(HWBP_R_BAD_ON, -1, 0, &w),
		"the module refused --on 'kfre:arg1' or --until 'kfree:arg1': expected FUNC:argN[+OFF] (until: FUNC:argN) with N from 1 to 6 and a function /proc/kallsyms lists");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reason__no_symbol__names_symbol_and_kallsyms),
		cmocka_unit_test(reason__no_symbol_all_hex__hints_at_0x),
		cmocka_unit_test(reason__bad_len__names_len_and_choices),
		cmocka_unit_test(reason__misaligned__names_address_and_rule),
		cmocka_unit_test(reason__no_slot__names_cpu_and_count),
		cmocka_unit_test(reason__no_slot_percpu_all__suggests_one_instance),
		cmocka_unit_test(reason__too_wide__needed_and_available),
		cmocka_unit_test(reason__percpu__explains_offset),
		cmocka_unit_test(reason__not_percpu__drop_percpu),
		cmocka_unit_test(reason__bad_cpu_offline__names_cpu_and_option),
		cmocka_unit_test(reason__process__pid_address_mapping),
		cmocka_unit_test(reason__user_addr__needs_kernel_address),
		cmocka_unit_test(reason__exec_len__names_the_length),
		cmocka_unit_test(reason__kernel__strerror_of_positive_or_negative_arg),
		cmocka_unit_test(reason__too_many__names_the_limit),
		cmocka_unit_test(reason__unsafe__names_the_place),
		cmocka_unit_test(reason__kernel_einval__mentions_entry_state),
		cmocka_unit_test(reason__no_ptrace__names_pid_and_rule),
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
		cmocka_unit_test(reason__recording_reasons__sentences),
		cmocka_unit_test(reason__no_function__names_the_entry_by_index),
		cmocka_unit_test(errno__hits_stacks_counts_clear__operation_and_id),
		cmocka_unit_test(reason__probe_reasons__sentences),
		cmocka_unit_test(reason__bad_arg_bad_on__sentences),
	};

	return cmocka_run_group_tests_name("errors", tests, NULL, NULL);
}
