// SPDX-License-Identifier: GPL-2.0
/*
 * Sentences for refusals and errnos.
 *
 * Every refusal must tell a person which constraint failed and what to do
 * about it; a bare "Invalid argument" is never the whole message. These
 * functions only write into the caller's buffer (no I/O), so that each
 * sentence is checked by tests/unit/test_errors.c.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../kmod/rules.h"	/* HWBP_RANGE_MAX; before hwbp.h */
#include "hwbp.h"

/* "'pid_max+8'" of a target, without the offset: the symbol alone. */
static void symbol_of(char *sym, size_t len, const struct hwbp_watch *w)
{
	size_t n = strcspn(w->target, "+");

	if (n >= len)
		n = len - 1;
	memcpy(sym, w->target, n);
	sym[n] = '\0';
}

/* "ffffffff81000000" was probably meant as an address. */
static bool all_hex(const char *s)
{
	if (strlen(s) < 8)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') ||
		      (*s >= 'A' && *s <= 'F')))
			return false;
	return true;
}

/* "address 0x... ('pid_max+1')", or whichever half is known. */
static void where(char *buf, size_t len, const struct hwbp_watch *w)
{
	if (w->addr && w->target[0])
		snprintf(buf, len, "address 0x%llx ('%.*s')",
			 (unsigned long long)w->addr, HWBP_TARGET_MAX,
			 w->target);
	else if (w->target[0])
		snprintf(buf, len, "'%.*s'", HWBP_TARGET_MAX, w->target);
	else
		snprintf(buf, len, "address 0x%llx",
			 (unsigned long long)w->addr);
}

/* HWBP_R_KERNEL's arg as a positive errno, whichever sign it came with. */
static int errno_of(__u64 arg)
{
	long long e = (long long)arg;

	return e < 0 ? (int)-e : (int)e;
}

/* "1 free debug register", "no free debug register", "2 free ...s". */
static const char *regs(char *buf, size_t len, unsigned long long n,
			const char *adj)
{
	if (!n)
		snprintf(buf, len, "no %sdebug register", adj);
	else
		snprintf(buf, len, "%llu %sdebug register%s", n, adj,
			 n == 1 ? "" : "s");
	return buf;
}

/* The option that named CPU @cpu: --cpu, or --percpu N. */
static const char *cpu_option(const struct hwbp_watch *w, int cpu)
{
	if (w->percpu == HWBP_PERCPU_CPU && (int)w->percpu_cpu == cpu &&
	    !((w->flags & HWBP_WATCH_CPU) && (int)w->cpu == cpu))
		return "--percpu";
	return "--cpu";
}

/* Entry @i (from 0) of the watch's allow-list, or "number i+1" if none. */
static void allow_entry(char *name, size_t len, const struct hwbp_watch *w,
			unsigned long long i)
{
	char list[HWBP_ALLOW_MAX + 1];
	const char *p = list;
	unsigned long long k;
	size_t n;

	snprintf(list, sizeof(list), "%.*s", HWBP_ALLOW_MAX, w->allow);
	for (k = i; k && *p; k--) {
		p += strcspn(p, ",");
		if (*p)
			p++;
	}
	n = strcspn(p, ",");
	if (!n || k) {
		snprintf(name, len, "number %llu", i + 1);
		return;
	}
	snprintf(name, len, "%.*s", (int)n, p);
}

/*
 * kprobes refused @w's function with @err: not found (ENOENT: not in
 * kallsyms, or inlined away), an offset inside an instruction (EILSEQ),
 * or anything else (EINVAL: blacklisted, noinstr, not text).
 */
static void not_probeable(char *buf, size_t len, const struct hwbp_watch *w,
			  int err)
{
	char sym[HWBP_TARGET_MAX];

	symbol_of(sym, sizeof(sym), w);
	if (err == ENOENT)
		snprintf(buf, len,
			 "no function '%s' to probe: check /proc/kallsyms; it may have been inlined into its callers",
			 sym);
	else if (err == EILSEQ)
		snprintf(buf, len,
			 "kprobes refused '%.*s': the offset is not at an instruction boundary (probe the function itself, or an offset objdump -d shows)",
			 HWBP_TARGET_MAX, w->target);
	else
		snprintf(buf, len,
			 "kprobes refused '%s' (%s): it may be on the kprobe blacklist (/sys/kernel/debug/kprobes/blacklist), marked noinstr/__kprobes, or not kernel text",
			 sym, strerror(err ? err : EINVAL));
}

/* HWBP_R_UNSAFE: where no breakpoint may go, and why. */
static void unsafe_reason(char *buf, size_t len, unsigned long long where,
			  const char *at)
{
	switch (where) {
	case HWBP_UNSAFE_ENTRY_AREA:
		snprintf(buf, len,
			 "%s lies in the CPU entry area or in per-CPU state the exception entry uses (TSS, GDT, DR7 copy): a breakpoint there would fire before the kernel can take it",
			 at);
		break;
	case HWBP_UNSAFE_ENTRY_TEXT:
		snprintf(buf, len,
			 "%s is entry or noinstr code, which runs where a debug trap cannot be taken safely (kprobes refuse it too): watch a function it calls",
			 at);
		break;
	case HWBP_UNSAFE_MODULE_GOING:
		snprintf(buf, len,
			 "%s belongs to a module being or already unloaded (or its freed __init memory): watch memory that stays",
			 at);
		break;
	default:
		snprintf(buf, len,
			 "the module refuses to watch %s for a reason this tool does not know (%llu): tool and module versions differ (see hwbp info)",
			 at, where);
		break;
	}
}

/* The argument settings of a refused probe, as the user gave them. */
static void bad_arg(char *buf, size_t len, const struct hwbp_watch *w)
{
	const char *kind = w->arg_kind == HWBP_ARG_U64 ? "u64" :
			   w->arg_kind == HWBP_ARG_STR ? "str" :
			   w->arg_kind == HWBP_ARG_USTR ? "ustr" : "-";

	if (w->type != HWBP_TYPE_PROBE && w->type != HWBP_TYPE_RETPROBE)
		snprintf(buf, len,
			 "only probes read arguments: use hwbp probe FUNC --arg N, or hwbp add --on FUNC:argN to watch what an argument points to");
	else if (w->arg_kind > HWBP_ARG_USTR || w->probe_by > HWBP_BY_RETVAL)
		snprintf(buf, len,
			 "the module does not know argument kind %u or count key %u: tool and module versions differ (see hwbp info)",
			 w->arg_kind, w->probe_by);
	else if (w->probe_by == HWBP_BY_RETVAL &&
		 w->type != HWBP_TYPE_RETPROBE)
		snprintf(buf, len,
			 "only a return probe has return values to count: add --ret");
	else if (w->arg && !(w->flags & HWBP_WATCH_RECORD))
		snprintf(buf, len,
			 "--arg %u is captured in each call's record: drop --count-only",
			 w->arg);
	else
		snprintf(buf, len,
			 "the module refused the argument (--arg %u:%s, --by arg%u): a probe reads arguments 1 to %d, as u64, str (kernel memory) or ustr (user memory)",
			 w->arg, kind, w->by_arg, HWBP_PROBE_ARGS);
}

/**
 * hwbp_reason_str() - the sentence for an HWBP_R_* reason
 * @buf, @len:	where to write it
 * @add:	the refused request as copied back by the module: ->reason,
 *		->reason_cpu (or -1), ->reason_arg, ->reason_free and the
 *		watch as asked for (with the address and length the module
 *		checked, when it got that far)
 * @slots_per_cpu: debug registers per CPU from HWBP_IOC_INFO, 0 if unknown
 *
 * Return: @buf.
 */
const char *hwbp_reason_str(char *buf, size_t len, const struct hwbp_add *add,
			    __u32 slots_per_cpu)
{
	const struct hwbp_watch *w = &add->watch;
	unsigned long long a = add->reason_arg;
	int cpu = add->reason_cpu;
	char sym[HWBP_TARGET_MAX];
	char at[HWBP_TARGET_MAX + 64];
	char cpus[32], have[64], need[64];
	const char *tail;

	symbol_of(sym, sizeof(sym), w);
	where(at, sizeof(at), w);
	if (cpu >= 0)
		snprintf(cpus, sizeof(cpus), "CPU %d", cpu);
	else
		snprintf(cpus, sizeof(cpus), "a CPU");
	if (slots_per_cpu)
		snprintf(have, sizeof(have), HWBP_ARCH " has %u", slots_per_cpu);
	else
		snprintf(have, sizeof(have), "more than " HWBP_ARCH " has");

	switch (add->reason) {
	case HWBP_R_NONE:
		snprintf(buf, len, "the module gave no reason");
		break;
	case HWBP_R_BAD_TARGET:
		snprintf(buf, len,
			 "what is '%s'? expected a symbol, symbol+offset or 0x address",
			 w->target);
		break;
	case HWBP_R_NO_SYMBOL:
		snprintf(buf, len,
			 "no kernel symbol '%s' (check /proc/kallsyms)%s", sym,
			 all_hex(sym) ? "; an address must start with 0x" : "");
		break;
	case HWBP_R_PERCPU:
		snprintf(buf, len,
			 "'%s' is a per-CPU variable: its symbol value is an offset, not an address; choose --percpu local (each CPU its own), --percpu N (CPU N's, from every CPU) or --percpu all",
			 sym);
		break;
	case HWBP_R_BAD_TYPE:
		snprintf(buf, len,
			 "access type %llu is not one the module knows: use r, w, rw or x",
			 a);
		break;
	case HWBP_R_READ_ONLY:
		snprintf(buf, len,
			 "x86 cannot trap reads alone: watch reads and writes with -t rw");
		break;
	case HWBP_R_BAD_LEN:
		snprintf(buf, len,
			 "length %llu is not one the debug registers can watch: use 1, 2, 4 or 8, or a range of 9 to %d bytes (split into aligned pieces)",
			 a, HWBP_RANGE_MAX);
		break;
	case HWBP_R_EXEC_LEN:
		snprintf(buf, len,
			 "an execute watch covers one instruction and takes length %llu on " HWBP_ARCH " (sizeof(long)); drop -l or use -l %llu",
			 a, a);
		break;
	case HWBP_R_MISALIGNED:
		snprintf(buf, len,
			 "%s is not aligned to its length %llu: %s %llu-byte watch must start at a multiple of %llu",
			 at, a, a == 8 ? "an" : "a", a, a);
		break;
	case HWBP_R_USER_ADDR:
		snprintf(buf, len,
			 "%s is in user space: kernel watches need a kernel address (to watch a process, give -p PID)",
			 at);
		break;
	case HWBP_R_OWN_MEMORY:
		snprintf(buf, len,
			 "%s lies in the hwbp module itself: its hit handler touches that memory, so it cannot be watched",
			 at);
		break;
	case HWBP_R_NO_SLOT:
		if (w->percpu == HWBP_PERCPU_ALL)
			tail = "delete a watch, or watch one instance with --percpu local or --percpu N";
		else if (a > 1)
			tail = "delete a watch or narrow the range";
		else
			tail = "delete a watch with hwbp del";
		snprintf(buf, len,
			 "%s has %s and this watch needs %llu (the others are held by hwbp watches or by perf, ptrace, gdb, kgdb; see hwbp info): %s",
			 cpus, regs(need, sizeof(need), add->reason_free, "free "),
			 a, tail);
		break;
	case HWBP_R_TOO_WIDE:
		if (w->percpu == HWBP_PERCPU_ALL)
			snprintf(buf, len,
				 "--percpu all watches every CPU's instance from every CPU: that needs %s on each CPU; %s: choose --percpu local or --percpu N",
				 regs(need, sizeof(need), a, ""), have);
		else
			snprintf(buf, len,
				 "a %u-byte range needs %s on each CPU; %s: watch a narrower range",
				 w->len, regs(need, sizeof(need), a, ""), have);
		break;
	case HWBP_R_TOO_MANY:
		snprintf(buf, len,
			 "all %llu watch ids are in use: delete a watch with hwbp del",
			 a);
		break;
	case HWBP_R_KERNEL:
		/* arg is the errno; accept it negated too. */
		snprintf(buf, len,
			 "the kernel's breakpoint layer refused to arm %s on %s: %s%s",
			 at, cpus, strerror(errno_of(add->reason_arg)),
			 errno_of(add->reason_arg) == EINVAL ?
			 " (it refuses memory the exception entry uses, such as cpu_tlbstate)" :
			 "");
		break;
	case HWBP_R_UNSAFE:
		unsafe_reason(buf, len, a, at);
		break;
	case HWBP_R_NO_PTRACE:
		snprintf(buf, len,
			 "you may not trace process %lld (ptrace access mode attach: credentials, CAP_SYS_PTRACE, Yama's ptrace_scope): a process watch needs what a debugger attaching to it would",
			 a ? (long long)a : (long long)w->pid);
		break;
	case HWBP_R_BAD_FLAGS:
		snprintf(buf, len,
			 "the module refused flag bits 0x%llx it does not know: tool and module versions differ (see hwbp info)",
			 a);
		break;
	case HWBP_R_RESERVED:
		snprintf(buf, len,
			 "the module found a reserved field that is not zero: tool and module versions differ (see hwbp info)");
		break;
	case HWBP_R_ADDR_OVERFLOW:
		if (w->target[0] && !w->addr)
			snprintf(buf, len,
				 "'%s' wraps around the end of the address space: the offset is too large",
				 w->target);
		else
			snprintf(buf, len,
				 "the %u bytes at %s run past the end of the address space: watch fewer bytes",
				 w->len, at);
		break;
	case HWBP_R_NOT_PERCPU:
		if (w->target[0])
			snprintf(buf, len,
				 "'%s' is not a per-CPU variable: drop --percpu",
				 sym);
		else
			snprintf(buf, len,
				 "%s is not a per-CPU variable: drop --percpu",
				 at);
		break;
	case HWBP_R_BAD_CPU:
		snprintf(buf, len,
			 "there is no %s on this machine (hwbp info lists the CPUs): give %s another CPU number",
			 cpus, cpu_option(w, cpu));
		break;
	case HWBP_R_CPU_OFFLINE:
		snprintf(buf, len,
			 "%s is offline: bring it online (echo 1 > /sys/devices/system/cpu/cpu%d/online) or give %s another CPU",
			 cpus, cpu, cpu_option(w, cpu));
		break;
	case HWBP_R_NO_PROCESS:
		snprintf(buf, len, "no process with pid %lld",
			 a ? (long long)a : (long long)w->pid);
		break;
	case HWBP_R_KERNEL_ADDR:
		snprintf(buf, len,
			 "0x%llx is a kernel address: -p watches user memory of the process",
			 (unsigned long long)w->addr);
		break;
	case HWBP_R_NOT_EXEC:
		snprintf(buf, len,
			 "0x%llx is in no executable mapping of process %d: an execute watch needs code",
			 (unsigned long long)w->addr, w->pid);
		break;
	case HWBP_R_PROCESS_SYMBOL:
		snprintf(buf, len,
			 "'%s' is a kernel symbol: -p watches user memory of the process and takes a 0x address",
			 w->target);
		break;
	case HWBP_R_PROCESS_CPU:
		snprintf(buf, len,
			 "a process watch follows the process's threads from CPU to CPU: drop %s",
			 (w->flags & HWBP_WATCH_CPU) && w->percpu ?
			 "--cpu and --percpu" :
			 (w->flags & HWBP_WATCH_CPU) ? "--cpu" : "--percpu");
		break;
	case HWBP_R_BAD_FILTER:
		if (w->filter > HWBP_FILTER_CHANGED)
			snprintf(buf, len,
				 "the module does not know value filter %u: tool and module versions differ (see hwbp info)",
				 w->filter);
		else
			snprintf(buf, len,
				 "an execute watch has no value to compare: drop --if-value and --changed, or watch the data with -t w or -t rw");
		break;
	case HWBP_R_BAD_ALLOW:
		snprintf(buf, len,
			 "the module refused the allow-list '%.*s': expected at most %d function names, separated by commas",
			 HWBP_ALLOW_MAX, w->allow, HWBP_ALLOW_FUNCS);
		break;
	case HWBP_R_NO_FUNCTION:
		allow_entry(sym, sizeof(sym), w, a);
		snprintf(buf, len,
			 "no kernel function '%s' in the allow-list (check /proc/kallsyms)",
			 sym);
		break;
	case HWBP_R_NEEDS_RECORD:
		snprintf(buf, len,
			 "--stack, --if-value, --changed and --allow need hit records: drop --count-only");
		break;
	case HWBP_R_NOT_PROBEABLE:
		not_probeable(buf, len, w, errno_of(add->reason_arg));
		break;
	case HWBP_R_TOO_MANY_PROBES:
		snprintf(buf, len,
			 "all %llu probes are in use: delete a probe with hwbp del",
			 a);
		break;
	case HWBP_R_BAD_ARG:
		bad_arg(buf, len, w);
		break;
	case HWBP_R_BAD_ON:
		if (w->until[0])
			snprintf(buf, len,
				 "the module refused --on '%.*s' or --until '%.*s': expected FUNC:argN[+OFF] (until: FUNC:argN) with N from 1 to %d and a function /proc/kallsyms lists",
				 HWBP_ON_MAX, w->on, HWBP_ON_MAX, w->until,
				 HWBP_PROBE_ARGS);
		else
			snprintf(buf, len,
				 "the module refused --on '%.*s': expected FUNC:argN[+OFF] with N from 1 to %d and a function /proc/kallsyms lists",
				 HWBP_ON_MAX, w->on, HWBP_PROBE_ARGS);
		break;
	default:
		snprintf(buf, len,
			 "the module refused for a reason this tool does not know (%u): tool and module versions differ (see hwbp info)",
			 add->reason);
		break;
	}
	return buf;
}

/**
 * hwbp_add_str() - the sentence for a refused HWBP_IOC_ADD
 * @buf, @len:	where to write it
 * @add:	the argument as copied back by the module
 * @err:	the negative errno the ioctl failed with
 * @slots_per_cpu: debug registers per CPU from HWBP_IOC_INFO, 0 if unknown
 *
 * The module's reason wins; a refusal without one (an older or broken
 * module) falls back on the errno.
 *
 * Return: @buf.
 */
const char *hwbp_add_str(char *buf, size_t len, const struct hwbp_add *add,
			 int err, __u32 slots_per_cpu)
{
	if (add->reason != HWBP_R_NONE)
		return hwbp_reason_str(buf, len, add, slots_per_cpu);
	return hwbp_errno_str(buf, len, HWBP_OP_ADD, err, NULL, 0);
}

/* "cannot list the watches": what was being done, for the generic case. */
static void what_failed(char *buf, size_t len, enum hwbp_op op,
			const char *dev, __u32 id)
{
	switch (op) {
	case HWBP_OP_OPEN:
		snprintf(buf, len, "cannot open %s", dev);
		break;
	case HWBP_OP_INFO:
		snprintf(buf, len, "cannot query %s", dev);
		break;
	case HWBP_OP_ADD:
		snprintf(buf, len, "cannot add the watch");
		break;
	case HWBP_OP_DEL:
		if (id)
			snprintf(buf, len, "cannot delete watch %u", id);
		else
			snprintf(buf, len, "cannot delete every watch");
		break;
	case HWBP_OP_LIST:
		snprintf(buf, len, "cannot list the watches");
		break;
	case HWBP_OP_PIECES:
		snprintf(buf, len, "cannot read where watch %u is armed", id);
		break;
	case HWBP_OP_SLOTS:
		snprintf(buf, len, "cannot read the debug registers of each CPU");
		break;
	case HWBP_OP_HITS:
		snprintf(buf, len, "cannot read the hits of watch %u", id);
		break;
	case HWBP_OP_STACKS:
		snprintf(buf, len, "cannot read the stacks of watch %u", id);
		break;
	case HWBP_OP_COUNTS:
		snprintf(buf, len, "cannot read the counts of watch %u", id);
		break;
	case HWBP_OP_CLEAR:
		if (id)
			snprintf(buf, len, "cannot clear watch %u", id);
		else
			snprintf(buf, len, "cannot clear the watches");
		break;
	default:
		snprintf(buf, len, "%s failed", dev);
		break;
	}
}

/**
 * hwbp_errno_str() - the sentence for a failed operation on the device
 * @buf, @len:	where to write it
 * @op:		what was being done
 * @err:	negative (or positive) errno
 * @dev:	the device path, NULL for HWBP_DEVICE
 * @id:		the watch id, for HWBP_OP_DEL and HWBP_OP_CLEAR (0 for all
 *		of them), HWBP_OP_PIECES, _HITS, _STACKS and _COUNTS
 *
 * Return: @buf.
 */
const char *hwbp_errno_str(char *buf, size_t len, enum hwbp_op op, int err,
			   const char *dev, __u32 id)
{
	char what[HWBP_WHY_MAX];

	if (err < 0)
		err = -err;
	if (!dev)
		dev = HWBP_DEVICE;

	if (op == HWBP_OP_OPEN) {
		switch (err) {
		case ENOENT:
			snprintf(buf, len,
				 "%s not found: the hwbp module is not loaded (insmod kmod/hwbp.ko)",
				 dev);
			return buf;
		case ENXIO:
		case ENODEV:
			snprintf(buf, len,
				 "%s has no driver behind it: the hwbp module is not loaded (insmod kmod/hwbp.ko)",
				 dev);
			return buf;
		case EACCES:
		case EPERM:
			snprintf(buf, len,
				 "permission denied on %s: hwbp needs root (CAP_SYS_ADMIN)",
				 dev);
			return buf;
		}
	}
	if (err == ENOTTY) {
		snprintf(buf, len,
			 "%s does not speak this ABI: tool and module versions differ",
			 dev);
		return buf;
	}
	if ((op == HWBP_OP_DEL || op == HWBP_OP_HITS || op == HWBP_OP_STACKS ||
	     op == HWBP_OP_COUNTS || op == HWBP_OP_CLEAR ||
	     op == HWBP_OP_PIECES) && err == ENOENT && id) {
		snprintf(buf, len, "no watch with id %u (see hwbp list)", id);
		return buf;
	}
	if (op == HWBP_OP_ADD) {
		switch (err) {
		case ENOENT:
			snprintf(buf, len,
				 "no such kernel symbol (check /proc/kallsyms)");
			return buf;
		case ENOSPC:
			snprintf(buf, len,
				 "not enough free debug registers (the others are held by hwbp watches or by perf, ptrace, gdb, kgdb; see hwbp info): delete a watch or narrow the range");
			return buf;
		case EMFILE:
			snprintf(buf, len,
				 "all watch ids are in use: delete a watch with hwbp del");
			return buf;
		case ESRCH:
			snprintf(buf, len,
				 "no such process: check the pid given to -p (ps lists them)");
			return buf;
		case ENODEV:
			snprintf(buf, len,
				 "the CPU asked for is offline: choose an online CPU (see hwbp info)");
			return buf;
		}
	}

	/* Generic: what was being done, then strerror(). */
	what_failed(what, sizeof(what), op, dev, id);
	if (err == EINVAL)
		snprintf(buf, len,
			 "%s: the module refused the request as invalid without saying why (%s); tool and module versions may differ",
			 what, strerror(err));
	else
		snprintf(buf, len, "%s: %s", what, strerror(err));
	return buf;
}

/**
 * hwbp_abi_str() - the sentence for a module that speaks another ABI
 * @buf, @len:	where to write it
 * @module_abi:	the module's HWBP_ABI_VERSION
 *
 * Return: @buf.
 */
const char *hwbp_abi_str(char *buf, size_t len, __u32 module_abi)
{
	snprintf(buf, len,
		 "the hwbp module speaks ABI %u and this tool ABI %d: use the tool built with the module",
		 module_abi, HWBP_ABI_VERSION);
	return buf;
}
