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

/**
 * hwbp_reason_str() - the sentence for an HWBP_R_* reason
 * @buf, @len:	where to write it
 * @reason:	HWBP_R_*
 * @cpu:	the CPU the reason is about, or -1
 * @arg:	the number the reason is about (see enum hwbp_reason)
 * @w:		the watch as asked for (and as copied back by the module)
 *
 * Return: @buf.
 */
const char *hwbp_reason_str(char *buf, size_t len, __u32 reason, int cpu,
			    __u64 arg, const struct hwbp_watch *w)
{
	unsigned long long a = arg;
	char sym[HWBP_TARGET_MAX];
	char at[HWBP_TARGET_MAX + 64];
	char cpus[32];

	symbol_of(sym, sizeof(sym), w);
	where(at, sizeof(at), w);
	if (cpu >= 0)
		snprintf(cpus, sizeof(cpus), "CPU %d", cpu);
	else
		snprintf(cpus, sizeof(cpus), "a CPU");

	switch (reason) {
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
			 "'%s' is a per-CPU variable: its symbol value is an offset, not an address (per-CPU watches: --percpu, coming)",
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
			 "length %llu is not one the debug registers can watch: use 1, 2, 4 or 8",
			 a);
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
			 "%s is in user space: kernel watches need a kernel address",
			 at);
		break;
	case HWBP_R_OWN_MEMORY:
		snprintf(buf, len,
			 "%s lies in the hwbp module itself: its hit handler touches that memory, so it cannot be watched",
			 at);
		break;
	case HWBP_R_NO_SLOT:
		snprintf(buf, len,
			 "no free debug register on %s: all %llu are in use (by hwbp or by perf, ptrace, gdb, kgdb); delete a watch with hwbp del",
			 cpus, a);
		break;
	case HWBP_R_TOO_MANY:
		snprintf(buf, len,
			 "all %llu watch ids are in use: delete a watch with hwbp del",
			 a);
		break;
	case HWBP_R_KERNEL:
		/* arg is the errno; accept it negated too. */
		snprintf(buf, len,
			 "the kernel's breakpoint layer refused to arm %s on %s: %s",
			 at, cpus, strerror(errno_of(arg)));
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
		snprintf(buf, len,
			 "'%s' wraps around the end of the address space: the offset is too large",
			 w->target);
		break;
	default:
		snprintf(buf, len,
			 "the module refused for a reason this tool does not know (%u): tool and module versions differ (see hwbp info)",
			 reason);
		break;
	}
	return buf;
}

/**
 * hwbp_add_str() - the sentence for a refused HWBP_IOC_ADD
 * @buf, @len:	where to write it
 * @add:	the argument as copied back by the module
 * @err:	the negative errno the ioctl failed with
 *
 * The module's reason wins; a refusal without one (an older or broken
 * module) falls back on the errno.
 *
 * Return: @buf.
 */
const char *hwbp_add_str(char *buf, size_t len, const struct hwbp_add *add,
			 int err)
{
	if (add->reason != HWBP_R_NONE)
		return hwbp_reason_str(buf, len, add->reason, add->reason_cpu,
				       add->reason_arg, &add->watch);
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
 * @id:		the watch id, for HWBP_OP_DEL; 0 for all of them
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
	if (op == HWBP_OP_DEL && err == ENOENT && id) {
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
				 "no free debug register: all are in use (by hwbp or by perf, ptrace, gdb, kgdb); delete a watch with hwbp del");
			return buf;
		case EMFILE:
			snprintf(buf, len,
				 "all watch ids are in use: delete a watch with hwbp del");
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
		 "the hwbp module speaks ABI %u and this tool ABI %u: use the tool built with the module",
		 module_abi, HWBP_ABI_VERSION);
	return buf;
}
