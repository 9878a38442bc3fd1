/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * hwbp: watch kernel memory with the CPU's hardware breakpoints.
 *
 * The ABI between the hwbp module and the hwbp tool: ioctls on /dev/hwbp.
 *
 * Conventions
 * -----------
 * - Fixed-width fields only; user pointers travel as __u64.
 * - Every struct is naturally aligned with explicit padding. Padding,
 *   reserved and output-only fields must be zero on input (-EINVAL
 *   otherwise) so that they can carry new inputs later; unknown flag bits
 *   are refused the same way.
 * - Output structs are zeroed by the module before they are filled.
 * - A refused HWBP_IOC_ADD returns a negative errno *and* copies the struct
 *   back with @reason (HWBP_R_*) set, so that the tool can name the
 *   constraint that failed instead of printing strerror().
 * - New behaviour comes as new commands or new flag bits, never as a change
 *   of meaning of an existing field. HWBP_IOC_INFO reports abi_version.
 */
#ifndef _UAPI_LINUX_HWBP_H
#define _UAPI_LINUX_HWBP_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define HWBP_DEVICE		"/dev/hwbp"
#define HWBP_ABI_VERSION	1

/* Room for "symbol+0xoffset" including the terminating NUL. */
#define HWBP_TARGET_MAX		128
#define HWBP_VERSION_MAX	32

/* Access types (struct hwbp_watch.type). */
#define HWBP_TYPE_R		1	/* reads; x86 cannot do this alone */
#define HWBP_TYPE_W		2	/* writes */
#define HWBP_TYPE_RW		3	/* reads and writes */
#define HWBP_TYPE_X		4	/* instruction execution */

/* Watch flags (struct hwbp_watch.flags). */
/* Print each hit and a stack to the kernel log (ratelimited). */
#define HWBP_WATCH_LOG		(1U << 0)
/* Out only: armed by the module parameters at load. */
#define HWBP_WATCH_PARAM	(1U << 1)
/*
 * Out only: no length was given and kallsyms does not know the symbol's
 * size (only the gap to the next symbol), so the length is a guess.
 */
#define HWBP_WATCH_LEN_GUESS	(1U << 2)
#define HWBP_WATCH_IN_FLAGS	HWBP_WATCH_LOG

/*
 * Why an ioctl was refused (struct hwbp_add.reason). @reason_cpu and
 * @reason_arg give the CPU and the number the constraint is about, as noted.
 */
enum hwbp_reason {
	HWBP_R_NONE = 0,
	HWBP_R_BAD_TARGET,	/* target is not "symbol", "symbol+off" or empty */
	HWBP_R_NO_SYMBOL,	/* no kernel symbol of that name */
	HWBP_R_PERCPU,		/* a per-CPU symbol: its value is an offset, not an address */
	HWBP_R_BAD_TYPE,	/* type is not one of HWBP_TYPE_* */
	HWBP_R_READ_ONLY,	/* x86 cannot trap reads alone: use HWBP_TYPE_RW */
	HWBP_R_BAD_LEN,		/* length is not 1, 2, 4 or 8 */
	HWBP_R_EXEC_LEN,	/* execute watches take length arg (sizeof(long)) */
	HWBP_R_MISALIGNED,	/* address is not a multiple of the length arg */
	HWBP_R_USER_ADDR,	/* address lies in user space */
	HWBP_R_OWN_MEMORY,	/* address lies in the hwbp module itself */
	HWBP_R_NO_SLOT,		/* no free debug register on CPU cpu (arg = registers per CPU) */
	HWBP_R_TOO_MANY,	/* all arg watch ids are in use */
	HWBP_R_KERNEL,		/* the perf breakpoint layer refused: arg = errno (> 0) */
	HWBP_R_BAD_FLAGS,	/* unknown flag bits: arg = those bits */
	HWBP_R_RESERVED,	/* a reserved or padding field is not zero */
	HWBP_R_ADDR_OVERFLOW,	/* symbol + offset wraps around */
	__HWBP_R_MAX
};

/**
 * struct hwbp_info - what the module and the machine offer
 * @abi_version:	HWBP_ABI_VERSION of the module
 * @slots_per_cpu:	debug registers per CPU (4 on x86)
 * @exec_len:		the only length an execute watch may have (sizeof(long))
 * @nr_cpu_ids:		highest possible CPU number + 1
 * @nr_online:		CPUs online now
 * @nr_watches:		watches that exist now
 * @max_watches:	the most watches that may exist at once
 * @pad:		zero
 * @version:		module version string, NUL-terminated
 * @reserved:		zero
 */
struct hwbp_info {
	__u32 abi_version;
	__u32 slots_per_cpu;
	__u32 exec_len;
	__u32 nr_cpu_ids;
	__u32 nr_online;
	__u32 nr_watches;
	__u32 max_watches;
	__u32 pad;
	char version[HWBP_VERSION_MAX];
	__u64 reserved[4];
};

/**
 * struct hwbp_watch - one watch, as asked for and as armed
 * @id:		out: the watch id (1..max_watches)
 * @type:	in: HWBP_TYPE_*; out: as armed
 * @len:	in: bytes, or 0 for the default: exec_len for HWBP_TYPE_X;
 *		the symbol's size when it is 1, 2, 4 or 8; else 4 (narrower
 *		when misaligned or at the symbol's end) and HWBP_WATCH_LEN_GUESS
 *		is set; out: as armed
 * @flags:	in: HWBP_WATCH_IN_FLAGS; out: also the out-only flags
 * @addr:	in: the address when @target is empty, else 0;
 *		out: the address armed
 * @hits:	out: exact number of hits on all CPUs
 * @target:	in: "symbol" or "symbol+offset" (offset decimal or 0x hex),
 *		NUL-terminated, or empty to use @addr; out: as given
 * @reserved:	zero
 */
struct hwbp_watch {
	__u32 id;
	__u32 type;
	__u32 len;
	__u32 flags;
	__u64 addr;
	__u64 hits;
	char target[HWBP_TARGET_MAX];
	__u64 reserved[4];
};

/**
 * struct hwbp_add - HWBP_IOC_ADD argument
 * @watch:	in/out, see struct hwbp_watch
 * @reason:	out: HWBP_R_* when the ioctl failed
 * @reason_cpu:	out: the CPU @reason is about, or -1
 * @reason_arg:	out: the number @reason is about (see enum hwbp_reason)
 * @reserved:	zero
 *
 * All out fields are zero on input. When an add is refused after the
 * target was resolved, @watch.addr and @watch.len hold the address and
 * length that were checked, so the refusal can quote them; otherwise they
 * are as given.
 */
struct hwbp_add {
	struct hwbp_watch watch;
	__u32 reason;
	__s32 reason_cpu;
	__u64 reason_arg;
	__u64 reserved[2];
};

#define HWBP_DEL_ALL		(1U << 0) /* delete every watch; @id must be 0 */

/**
 * struct hwbp_del - HWBP_IOC_DEL argument
 * @id:		the watch to delete, or 0 with HWBP_DEL_ALL
 * @flags:	HWBP_DEL_*
 * @reserved:	zero
 */
struct hwbp_del {
	__u32 id;
	__u32 flags;
	__u64 reserved[2];
};

/**
 * struct hwbp_list - HWBP_IOC_LIST argument: a batch read of watches
 * @watches:	in: user pointer to an array of struct hwbp_watch
 * @count:	in: room in @watches; out: entries written
 * @start_id:	in: list watches with id >= start_id
 * @next_id:	out: start_id for the next batch, 0 when there is none
 * @total:	out: watches that exist
 * @flags:	in: zero
 * @pad:	zero
 * @reserved:	zero
 */
struct hwbp_list {
	__u64 watches;
	__u32 count;
	__u32 start_id;
	__u32 next_id;
	__u32 total;
	__u32 flags;
	__u32 pad;
	__u64 reserved[2];
};

#define HWBP_IOC_MAGIC		0xB7

/*
 * HWBP_IOC_INFO: fill struct hwbp_info. Never fails once the device is open.
 *
 * HWBP_IOC_ADD: resolve, validate and arm a watch on every online CPU; on
 * success the armed watch (id, address, length, type) is copied back.
 * Errors: EINVAL (bad field or address, see reason), ENOENT (no such
 * symbol), EFAULT, ENOSPC (no free debug register: reason_cpu says where),
 * EMFILE (no free id), EPERM (hwbp's own memory), ENOMEM, or what the perf
 * layer returned (reason HWBP_R_KERNEL).
 *
 * HWBP_IOC_DEL: disarm and free one watch, or all with HWBP_DEL_ALL.
 * Waits for hit handlers in flight. Errors: ENOENT (no such id), EINVAL.
 *
 * HWBP_IOC_LIST: copy out up to @count watches with id >= @start_id, in id
 * order, and report where the next batch starts. Errors: EINVAL, EFAULT.
 *
 * Opening the device needs CAP_SYS_ADMIN: hits reveal kernel addresses.
 */
#define HWBP_IOC_INFO		_IOR(HWBP_IOC_MAGIC, 0x00, struct hwbp_info)
#define HWBP_IOC_ADD		_IOWR(HWBP_IOC_MAGIC, 0x01, struct hwbp_add)
#define HWBP_IOC_DEL		_IOW(HWBP_IOC_MAGIC, 0x02, struct hwbp_del)
#define HWBP_IOC_LIST		_IOWR(HWBP_IOC_MAGIC, 0x03, struct hwbp_list)

#endif /* _UAPI_LINUX_HWBP_H */
