// SPDX-License-Identifier: GPL-2.0
/*
 * hwbp: find out who touches a piece of kernel memory, with the CPU's
 * hardware breakpoints.
 *
 * Module init and exit, and the load-time watch that mirrors the kernel's
 * samples/hw_breakpoint/data_breakpoint.c:
 *
 *	insmod hwbp.ko ksym=pid_max [len=4] [type=w|rw|x]
 *	insmod hwbp.ko addr=0xffffffff82a1b2c0 len=8 type=rw
 *
 * arms a watch at load that prints each hit and a stack to the kernel log.
 */
#include <linux/module.h>
#include <linux/string.h>

#include "hwbp.h"

static char *ksym;
module_param(ksym, charp, 0444);
MODULE_PARM_DESC(ksym, "kernel symbol[+offset] to watch from load, logging every hit");

static unsigned long addr;
module_param(addr, ulong, 0444);
MODULE_PARM_DESC(addr, "kernel address to watch from load (instead of ksym)");

static unsigned int len;
module_param(len, uint, 0444);
MODULE_PARM_DESC(len, "bytes to watch: 1, 2, 4 or 8 (default: the symbol's size)");

static char *type = "w";
module_param(type, charp, 0444);
MODULE_PARM_DESC(type, "access to watch: w, rw or x (default w; x86 has no read-only)");

/* Short forms of the refusals, for the load-time watch's log line. */
static const char * const reason_text[__HWBP_R_MAX] = {
	[HWBP_R_BAD_TARGET]	= "not a symbol or symbol+offset",
	[HWBP_R_NO_SYMBOL]	= "no such kernel symbol",
	[HWBP_R_PERCPU]		= "a per-CPU variable: watch it with the hwbp tool's --percpu",
	[HWBP_R_BAD_TYPE]	= "type must be w, rw or x",
	[HWBP_R_READ_ONLY]	= "x86 cannot trap reads alone: use type=rw",
	[HWBP_R_BAD_LEN]	= "len must be 1, 2, 4 or 8 (or a range up to 4096)",
	[HWBP_R_EXEC_LEN]	= "execute watches take len=8",
	[HWBP_R_MISALIGNED]	= "address not aligned to len",
	[HWBP_R_USER_ADDR]	= "a user-space address",
	[HWBP_R_OWN_MEMORY]	= "hwbp's own memory",
	[HWBP_R_NO_SLOT]	= "no free debug register",
	[HWBP_R_TOO_MANY]	= "too many watches",
	[HWBP_R_KERNEL]		= "the breakpoint layer refused",
	[HWBP_R_BAD_FLAGS]	= "unknown flags",
	[HWBP_R_RESERVED]	= "reserved field set",
	[HWBP_R_ADDR_OVERFLOW]	= "address range wraps around",
	[HWBP_R_TOO_WIDE]	= "range needs more debug registers than a CPU has",
	[HWBP_R_NOT_PERCPU]	= "not a per-CPU variable",
	[HWBP_R_BAD_CPU]	= "no such CPU",
	[HWBP_R_CPU_OFFLINE]	= "CPU offline",
	[HWBP_R_NO_PROCESS]	= "no such process",
	[HWBP_R_KERNEL_ADDR]	= "a kernel address for a process watch",
	[HWBP_R_NOT_EXEC]	= "not in an executable mapping",
	[HWBP_R_PROCESS_SYMBOL]	= "a process watch takes an address",
	[HWBP_R_PROCESS_CPU]	= "a process watch takes no CPU",
	[HWBP_R_BAD_FILTER]	= "bad value filter",
	[HWBP_R_BAD_ALLOW]	= "bad allow-list",
	[HWBP_R_NO_FUNCTION]	= "allow-list names no function",
	[HWBP_R_NEEDS_RECORD]	= "option needs recording",
	[HWBP_R_NOT_PROBEABLE]	= "kprobes refused the function",
	[HWBP_R_TOO_MANY_PROBES] = "too many probes",
	[HWBP_R_BAD_ARG]	= "bad probe argument",
	[HWBP_R_BAD_ON]		= "bad on/until",
};

static u32 param_type(const char *s)
{
	if (!strcmp(s, "w"))
		return HWBP_TYPE_W;
	if (!strcmp(s, "rw"))
		return HWBP_TYPE_RW;
	if (!strcmp(s, "x"))
		return HWBP_TYPE_X;
	if (!strcmp(s, "r"))
		return HWBP_TYPE_R;
	return 0;
}

/* Arm the watch the module parameters ask for, if any. */
static int param_watch(void)
{
	struct hwbp_refusal why = { .cpu = -1 };
	struct hwbp_watch req = { };
	const char *what;
	u32 n = 0;
	int ret;

	if (ksym && !*ksym)
		ksym = NULL;
	if (!ksym && !addr)
		return 0;
	if (ksym && addr) {
		pr_err("give ksym= or addr=, not both\n");
		return -EINVAL;
	}
	if (ksym && strscpy(req.target, ksym, sizeof(req.target)) < 0) {
		pr_err("ksym=%s: too long\n", ksym);
		return -EINVAL;
	}
	req.addr = addr;
	req.len = len;
	req.type = param_type(type);
	req.flags = HWBP_WATCH_LOG | HWBP_WATCH_PARAM;

	ret = hwbp_watch_add(&req, NULL, &n, &why);
	if (ret) {
		what = why.reason < __HWBP_R_MAX && reason_text[why.reason] ?
		       reason_text[why.reason] : "refused";
		if (ksym)
			pr_err("cannot watch ksym=%s: %s (error %d)\n",
			       ksym, what, ret);
		else
			pr_err("cannot watch addr=0x%lx: %s (error %d)\n",
			       addr, what, ret);
		return ret;
	}
	pr_info("watch %u armed on %s (0x%llx, len %u, type %s)\n", req.id,
		ksym ? ksym : "address", req.addr, req.len, type);
	return 0;
}

static int __init hwbp_init(void)
{
	int ret;

	ret = hwbp_watch_init();
	if (ret)
		return ret;
	ret = hwbp_rec_init();
	if (ret)
		return ret;
	ret = hwbp_sym_init();
	if (ret)
		return ret;
	hwbp_unsafe_init();
	hwbp_proc_init();
	hwbp_hit_init();
	hwbp_probe_init();
	ret = hwbp_cpu_init();
	if (ret)
		return ret;
	ret = hwbp_nl_init();
	if (ret)
		goto err_cpu;
	ret = hwbp_unsafe_notifier_init();
	if (ret)
		goto err_nl;
	ret = param_watch();
	if (ret)
		goto err_notifier;
	ret = hwbp_dev_init();
	if (ret)
		goto err_watches;
	pr_info("version %s loaded, ABI %d\n", HWBP_VERSION, HWBP_ABI_VERSION);
	return 0;

err_watches:
	hwbp_watch_del_all();
err_notifier:
	hwbp_unsafe_notifier_exit();
err_nl:
	hwbp_nl_exit();
err_cpu:
	hwbp_cpu_exit();
	return ret;
}

/*
 * Teardown order:
 * 1. the device goes, so no ioctl can add a watch (an open file pins the
 *    module, so none is running);
 * 2. the module notifier goes (waiting for a callback in flight), then
 *    every watch is disarmed, which waits for hit handlers in flight and
 *    for process-exit work, and removes its CPU hotplug instance;
 * 3. netlink: what is queued is sent, then "unloading", then the family
 *    goes (a monitor ends on that message);
 * 4. the hotplug state goes, now without instances;
 * 5. the code goes.
 */
static void __exit hwbp_exit(void)
{
	hwbp_dev_exit();
	hwbp_unsafe_notifier_exit();
	hwbp_watch_del_all();
	hwbp_nl_exit();
	hwbp_cpu_exit();
	pr_info("unloaded\n");
}

module_init(hwbp_init);
module_exit(hwbp_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Watch kernel memory with hardware breakpoints");
MODULE_VERSION(HWBP_VERSION);
