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
#define HWBP_ABI_VERSION	5

/* Room for "symbol+0xoffset" including the terminating NUL. */
#define HWBP_TARGET_MAX		128
#define HWBP_VERSION_MAX	32

/* Access types (struct hwbp_watch.type). */
#define HWBP_TYPE_R		1	/* reads; x86 cannot do this alone */
#define HWBP_TYPE_W		2	/* writes */
#define HWBP_TYPE_RW		3	/* reads and writes */
#define HWBP_TYPE_X		4	/* instruction execution */
#define HWBP_TYPE_PROBE		5	/* a kprobe on @target: calls, not memory */
#define HWBP_TYPE_RETPROBE	6	/* a kretprobe: calls and return values */

/*
 * What a probe captures of an argument (struct hwbp_watch.arg_kind). A
 * kernel pointer is read with the kernel's nofault accessor, a user pointer
 * (say vfs_read's buf) with the user one: reading a user pointer as a
 * kernel one is the classic mistake, so the kind is declared, not guessed.
 */
#define HWBP_ARG_NONE		0
#define HWBP_ARG_U64		1	/* the register value */
#define HWBP_ARG_STR		2	/* a NUL-terminated string in kernel memory */
#define HWBP_ARG_USTR		3	/* a NUL-terminated string in user memory */

/* Room for "func:argN[+off]" (struct hwbp_watch.on, .until), NUL included. */
#define HWBP_ON_MAX		64
/* Bytes of a captured string kept in a record, NUL included. */
#define HWBP_STR_MAX		64
/* Arguments a probe can read: the x86-64 calling convention's registers. */
#define HWBP_PROBE_ARGS		6

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
/* Arm on CPU @cpu only (struct hwbp_watch.cpu). */
#define HWBP_WATCH_CPU		(1U << 3)
/* Resolve, validate and report the pieces, but arm nothing. */
#define HWBP_WATCH_DRY_RUN	(1U << 4)
/* Keep a record of each hit (see struct hwbp_record). */
#define HWBP_WATCH_RECORD	(1U << 5)
/* Record each hit's kernel stack, and user stack for a process watch. */
#define HWBP_WATCH_STACK	(1U << 6)
#define HWBP_WATCH_IN_FLAGS	(HWBP_WATCH_LOG | HWBP_WATCH_CPU | \
				 HWBP_WATCH_DRY_RUN | HWBP_WATCH_RECORD | \
				 HWBP_WATCH_STACK)

/*
 * Value filters (struct hwbp_watch.filter): which hits of a data watch
 * are recorded, judged on the value after the access. The others are
 * still counted.
 */
#define HWBP_FILTER_NONE	0
#define HWBP_FILTER_EQ		1	/* value == filter_value */
#define HWBP_FILTER_NE		2	/* value != filter_value */
#define HWBP_FILTER_CHANGED	3	/* value differs from the one before */

/* Room for "func,func,..." in struct hwbp_watch.allow, NUL included. */
#define HWBP_ALLOW_MAX		128
/* At most this many functions in an allow-list. */
#define HWBP_ALLOW_FUNCS	8

/*
 * Per-CPU variables (struct hwbp_watch.percpu). A per-CPU symbol's value is
 * an offset; each CPU's instance lives at per_cpu_ptr(offset, cpu).
 */
#define HWBP_PERCPU_NONE	0	/* not a per-CPU variable */
#define HWBP_PERCPU_LOCAL	1	/* each CPU watches its own instance */
#define HWBP_PERCPU_CPU		2	/* CPU percpu_cpu's instance, from every CPU */
#define HWBP_PERCPU_ALL		3	/* every instance, from every CPU */

/* Watch states (struct hwbp_watch.state). */
#define HWBP_STATE_ARMED	0	/* breakpoints in place */
#define HWBP_STATE_EXITED	1	/* the watched process exited; hits kept */
#define HWBP_STATE_DRY_RUN	2	/* add with HWBP_WATCH_DRY_RUN: nothing armed */
#define HWBP_STATE_STOPPED	3	/* max_hits reached: disarmed, hits kept */
#define HWBP_STATE_GONE		4	/* its module was unloaded: disarmed, hits kept */

/* HWBP_R_UNSAFE's arg: where the address lies. */
#define HWBP_UNSAFE_ENTRY_AREA	1	/* CPU entry area, per-CPU entry state */
#define HWBP_UNSAFE_ENTRY_TEXT	2	/* execute watch on entry or noinstr code */
#define HWBP_UNSAFE_MODULE_GOING 3	/* a module being or already unloaded */

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
	HWBP_R_BAD_LEN,		/* length is not 1, 2, 4, 8 or 9..4096 */
	HWBP_R_EXEC_LEN,	/* execute watches take length arg (sizeof(long)) */
	HWBP_R_MISALIGNED,	/* address is not a multiple of the length arg */
	HWBP_R_USER_ADDR,	/* address lies in user space */
	HWBP_R_OWN_MEMORY,	/* address lies in the hwbp module itself */
	HWBP_R_NO_SLOT,		/* CPU cpu lacks registers: arg = needed, free = free there */
	HWBP_R_TOO_MANY,	/* all arg watch ids are in use */
	HWBP_R_KERNEL,		/* the perf breakpoint layer refused: arg = errno (> 0) */
	HWBP_R_BAD_FLAGS,	/* unknown flag bits: arg = those bits */
	HWBP_R_RESERVED,	/* a reserved or padding field is not zero */
	HWBP_R_ADDR_OVERFLOW,	/* symbol + offset (+ length) wraps around */
	HWBP_R_TOO_WIDE,	/* the range needs arg registers per CPU, more than exist */
	HWBP_R_NOT_PERCPU,	/* a per-CPU mode was asked for a symbol that is not per-CPU */
	HWBP_R_BAD_CPU,		/* CPU cpu does not exist */
	HWBP_R_CPU_OFFLINE,	/* CPU cpu is offline */
	HWBP_R_NO_PROCESS,	/* no process with pid arg */
	HWBP_R_KERNEL_ADDR,	/* a process watch was given a kernel address */
	HWBP_R_NOT_EXEC,	/* execute watch on an address in no executable mapping */
	HWBP_R_PROCESS_SYMBOL,	/* a process watch takes an address, not a kernel symbol */
	HWBP_R_PROCESS_CPU,	/* a process watch follows its threads: no cpu or percpu */
	HWBP_R_BAD_FILTER,	/* unknown filter, or a filter on an execute watch */
	HWBP_R_BAD_ALLOW,	/* allow-list malformed or longer than HWBP_ALLOW_FUNCS */
	HWBP_R_NO_FUNCTION,	/* allow-list entry arg (from 0) names no function */
	HWBP_R_NEEDS_RECORD,	/* stack, filter or allow-list without HWBP_WATCH_RECORD */
	HWBP_R_NOT_PROBEABLE,	/* kprobes refused the function: arg = errno (> 0) */
	HWBP_R_TOO_MANY_PROBES,	/* all arg probes are in use */
	HWBP_R_BAD_ARG,		/* argument number or kind not valid here */
	HWBP_R_BAD_ON,		/* on/until is not "func:argN[+off]", or no such function */
	HWBP_R_UNSAFE,		/* no breakpoint can safely go there: arg = HWBP_UNSAFE_* */
	HWBP_R_NO_PTRACE,	/* the caller may not ptrace process arg */
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
 *		is set. 1, 2, 4 and 8 must be aligned; a longer data range is
 *		split into aligned pieces of 1, 2, 4 or 8 bytes, one debug
 *		register each. out: as armed
 * @flags:	in: HWBP_WATCH_IN_FLAGS; out: also the out-only flags
 * @addr:	in: the address when @target is empty, else 0 (a user
 *		address with @pid); out: the address armed (for a per-CPU
 *		variable, the per-CPU offset)
 * @hits:	out: exact number of hits on all CPUs
 * @target:	in: "symbol" or "symbol+offset" (offset decimal or 0x hex),
 *		NUL-terminated, or empty to use @addr; out: as given
 * @cpu:	in: with HWBP_WATCH_CPU, the one CPU to arm on; else zero
 * @percpu:	in: HWBP_PERCPU_*, for a per-CPU symbol only (a raw address
 *		is never taken for a per-CPU offset)
 * @percpu_cpu:	in: with HWBP_PERCPU_CPU, whose instance; else zero to watch
 * @pid:	in: watch user memory of this process (every thread, also
 *		threads created later), or 0 for kernel memory
 * @state:	out: HWBP_STATE_*
 * @slots:	out: debug registers the watch takes on each CPU it is armed on
 * @nr_cpus:	out: CPUs it is armed on now (0 for process watches and
 *		probes; for a dry run, the CPUs it would be armed on)
 * @filter:	in: HWBP_FILTER_*: which hits are recorded (data watches)
 * @filter_value: in: the value HWBP_FILTER_EQ and _NE compare with
 * @max_hits:	in: disarm after this many hits (1: one-shot), 0 for never
 * @recorded:	out: hits recorded
 * @dropped:	out: hits not recorded because this CPU's ring was full
 * @suppressed:	out: hits counted but not recorded: the filter did not
 *		match, or the access came from an allowed function
 * @stacks_dropped: out: stacks not stored because the stack table was full
 * @allow:	in: "func[,func...]": accesses from these functions (by the
 *		instruction pointer) are counted but not recorded; NUL-padded
 * @probe_by:	in, probes: HWBP_BY_* kept besides ip (the caller), pid, comm
 *		and CPU, which every probe keeps: HWBP_BY_STACK captures the
 *		stack of each call, HWBP_BY_ARG counts by argument @by_arg
 * @by_arg:	in, probes: with HWBP_BY_ARG, the argument (1..6)
 * @arg:	in, probes: the argument (1..6) each record captures, 0: none
 * @arg_kind:	in, probes: HWBP_ARG_*, how @arg is read
 * @missed:	out, probes: calls kprobes could not hand to hwbp (recursion);
 *		watches armed by a call: arming calls ignored while busy
 * @on:		in, data watches: "func:argN[+off]": armed on the memory the
 *		argument points to (plus off) when func is called; until then
 *		armed nowhere. Arming is deferred to process context (it may
 *		sleep): accesses in the first moments after the call can be
 *		missed. One object at a time: calls while armed are ignored.
 * @until:	in, with @on: "func:argN": disarmed when func is called with
 *		the address the watch is armed on (say kfree:arg1). Such a
 *		watch lists @addr 0 and @nr_cpus 0 while it waits for a call,
 *		the object's address while armed on it
 * @serial:	out: a number no other watch since the module loaded had:
 *		ids are reused, serials are not (a follower tells a new
 *		watch from an old one by it)
 * @reserved:	zero
 *
 * A probe (HWBP_TYPE_PROBE, _RETPROBE) is a watch on calls: @target names
 * the function, @addr is its address, @hits counts calls exactly, and
 * records (with HWBP_WATCH_RECORD) hold the caller as ip, the captured
 * argument as before (or its string in str) and, for a retprobe, the
 * return value as after. Counts by HWBP_BY_RETVAL are a log2 histogram.
 *
 * Recording, stacks, filters and the allow-list need HWBP_WATCH_RECORD.
 * @hits counts every hit whatever is recorded; hits = recorded + dropped +
 * suppressed for a recording watch.
 */
struct hwbp_watch {
	__u32 id;
	__u32 type;
	__u32 len;
	__u32 flags;
	__u64 addr;
	__u64 hits;
	char target[HWBP_TARGET_MAX];
	__u32 cpu;
	__u32 percpu;
	__u32 percpu_cpu;
	__s32 pid;
	__u32 state;
	__u32 slots;
	__u32 nr_cpus;
	__u32 filter;
	__u64 filter_value;
	__u64 max_hits;
	__u64 recorded;
	__u64 dropped;
	__u64 suppressed;
	__u64 stacks_dropped;
	char allow[HWBP_ALLOW_MAX];
	__u32 probe_by;
	__u32 by_arg;
	__u32 arg;
	__u32 arg_kind;
	__u64 missed;
	char on[HWBP_ON_MAX];
	char until[HWBP_ON_MAX];
	__u64 serial;
	__u64 reserved[3];
};

/**
 * struct hwbp_piece - one debug register's worth of a watch
 * @addr:	first byte watched
 * @len:	1, 2, 4 or 8 (exec_len for execute watches)
 * @cpu:	the CPU whose register holds it, or -1 for every CPU the watch
 *		is armed on (and for process watches, which follow threads)
 */
struct hwbp_piece {
	__u64 addr;
	__u32 len;
	__s32 cpu;
};

/**
 * struct hwbp_add - HWBP_IOC_ADD argument
 * @watch:	in/out, see struct hwbp_watch
 * @pieces:	in: user pointer to an array of struct hwbp_piece, or 0;
 *		out: filled with the watch's pieces (also on a dry run)
 * @nr_pieces:	in: room in @pieces (zero when @pieces is 0); out: how
 *		many pieces the watch has, which may be more than were
 *		copied; 0 after a refused add that was not a dry run
 * @reason:	out: HWBP_R_* when the ioctl failed
 * @reason_cpu:	out: the CPU @reason is about, or -1
 * @reason_free: out: for HWBP_R_NO_SLOT, registers free on @reason_cpu
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
	__u64 pieces;
	__u32 nr_pieces;
	__u32 reason;
	__s32 reason_cpu;
	__u32 reason_free;
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

/**
 * struct hwbp_pieces - HWBP_IOC_PIECES argument: where a watch is armed
 * @id:		in: the watch
 * @count:	in: room in @pieces; out: pieces the watch has
 * @pieces:	in: user pointer to an array of struct hwbp_piece
 * @reserved:	zero
 */
struct hwbp_pieces {
	__u32 id;
	__u32 count;
	__u64 pieces;
	__u64 reserved[2];
};

/**
 * struct hwbp_cpu_slots - one CPU's debug registers
 * @cpu:	the CPU
 * @online:	1 when online; the other fields are 0 when it is not
 * @total:	debug registers it has
 * @hwbp:	registers hwbp's watches hold there
 * @free:	registers free now (what perf's slot accounting would grant;
 *		total - hwbp - free are held by others: perf, ptrace, gdb, kgdb)
 * @pad:	zero
 */
struct hwbp_cpu_slots {
	__u32 cpu;
	__u32 online;
	__u32 total;
	__u32 hwbp;
	__u32 free;
	__u32 pad;
};

/**
 * struct hwbp_slots - HWBP_IOC_SLOTS argument: registers per CPU
 * @cpus:	in: user pointer to an array of struct hwbp_cpu_slots
 * @count:	in: room in @cpus; out: entries the machine has (nr_cpu_ids)
 * @pad:	zero
 * @reserved:	zero
 */
struct hwbp_slots {
	__u64 cpus;
	__u32 count;
	__u32 pad;
	__u64 reserved[2];
};

/* Record flags (struct hwbp_record.flags). */
#define HWBP_REC_VALUES		(1U << 0) /* before and after are valid */
#define HWBP_REC_WRITE		(1U << 1) /* the value changed: a write */
#define HWBP_REC_SAME		(1U << 2) /* rw: unchanged: a read or same-value write */
#define HWBP_REC_USER		(1U << 3) /* the access was made in user mode */
#define HWBP_REC_ARG		(1U << 4) /* probe: before holds the argument */
#define HWBP_REC_STR		(1U << 5) /* probe: str holds the string */
#define HWBP_REC_RET		(1U << 6) /* retprobe: after holds the return value */

/**
 * struct hwbp_record - one recorded hit
 * @seq:	the watch's record sequence number, from 1, in recording
 *		order; only recorded hits take one, and a clear does not
 *		restart it
 * @time_ns:	time of the hit, ns since boot by the kernel's sched_clock()
 *		(with a stable TSC, the clock of the kernel log's timestamps)
 * @ip:		for a data watch the instruction *after* the access (x86 data
 *		breakpoints trap once the access is done); for an execute
 *		watch the instruction itself
 * @addr:	first byte of the piece that fired
 * @before:	value of the piece before the access (from hwbp's shadow copy,
 *		taken at arm time and after every hit), with HWBP_REC_VALUES
 * @after:	value of the piece after the access, with HWBP_REC_VALUES
 * @id:		the watch
 * @cpu:	the CPU
 * @pid:	the process (thread group id)
 * @tid:	the thread
 * @stack_id:	kernel stack in the watch's stack table, 0 for none
 * @ustack_id:	user stack in the same table, 0 for none
 * @len:	bytes of the piece (the values are that wide)
 * @flags:	HWBP_REC_*
 * @comm:	the task's comm
 * @pad:	zero
 * @str:	probes with HWBP_ARG_STR or _USTR: the string captured,
 *		NUL-terminated (cut at HWBP_STR_MAX - 1 bytes)
 */
struct hwbp_record {
	__u64 seq;
	__u64 time_ns;
	__u64 ip;
	__u64 addr;
	__u64 before;
	__u64 after;
	__u32 id;
	__u32 cpu;
	__u32 pid;
	__u32 tid;
	__u32 stack_id;
	__u32 ustack_id;
	__u16 len;
	__u16 flags;
	char comm[16];
	__u32 pad;
	char str[HWBP_STR_MAX];
};

/**
 * struct hwbp_hits - HWBP_IOC_HITS argument: a batch read of records
 * @id:		in: the watch
 * @count:	in: room in @records; out: records written
 * @start_seq:	in: return records with seq >= start_seq (0 or 1: all)
 * @next_seq:	out: start_seq for the next batch
 * @records:	in: user pointer to an array of struct hwbp_record
 * @reserved:	zero
 *
 * Reading does not consume: records stay until HWBP_IOC_CLEAR. Each CPU
 * keeps its own ring; when it is full, new hits are counted (hits,
 * dropped) but not recorded. @next_seq is one past the last record
 * returned, or @start_seq when none was; a batch shorter than @count means
 * the reader has caught up. A record whose seq was taken on one CPU just
 * before a read may be committed just after it: a reader that follows
 * should re-read from a little behind and drop the seqs it has seen.
 * A watch without HWBP_WATCH_RECORD gets EINVAL.
 */
struct hwbp_hits {
	__u32 id;
	__u32 count;
	__u64 start_seq;
	__u64 next_seq;
	__u64 records;
	__u64 reserved[2];
};

/* Deepest stack hwbp keeps. */
#define HWBP_STACK_DEPTH	32

#define HWBP_STACK_USER		(1U << 0) /* a user-space stack */

/**
 * struct hwbp_stack - one distinct stack of a watch
 * @stack_id:	id records refer to
 * @nr:		frames in @ips
 * @count:	hits with this stack
 * @first_ns:	time first seen (sched_clock(), as hwbp_record.time_ns)
 * @last_ns:	time last seen
 * @last_cpu:	CPU of the last hit
 * @flags:	HWBP_STACK_*
 * @last_comm:	comm of the last hit
 * @ips:	return addresses, innermost first (the hit's ip first)
 */
struct hwbp_stack {
	__u32 stack_id;
	__u32 nr;
	__u64 count;
	__u64 first_ns;
	__u64 last_ns;
	__u32 last_cpu;
	__u32 flags;
	char last_comm[16];
	__u64 ips[HWBP_STACK_DEPTH];
};

/**
 * struct hwbp_stacks - HWBP_IOC_STACKS argument
 * @id:		in: the watch
 * @count:	in: room in @stacks; out: stacks written
 * @start:	in: skip this many stacks (paging; the order is by count,
 *		which may change between calls); out: unchanged
 * @total:	out: stacks the watch has
 * @stacks:	in: user pointer to an array of struct hwbp_stack
 * @dropped:	out: stacks not stored for lack of room
 * @reserved:	zero
 */
struct hwbp_stacks {
	__u32 id;
	__u32 count;
	__u32 start;
	__u32 total;
	__u64 stacks;
	__u64 dropped;
	__u64 reserved[2];
};

/* What counts are kept by (struct hwbp_counts.by). */
#define HWBP_BY_IP		1	/* instruction pointer */
#define HWBP_BY_STACK		2	/* stack id (kernel stacks) */
#define HWBP_BY_PID		3	/* process */
#define HWBP_BY_COMM		4	/* comm */
#define HWBP_BY_CPU		5	/* CPU (exact: the per-CPU hit counters) */
#define HWBP_BY_ARG		6	/* probes: value of argument by_arg */
/*
 * retprobes: log2 histogram of the return value: key k > 0 counts values
 * in [2^(k-1), 2^k), k < 0 the negative values whose -v is in that range,
 * 0 the zeros (keys are signed, carried in a __u64).
 */
#define HWBP_BY_RETVAL		7

/**
 * struct hwbp_count - one key's count
 * @key:	ip (a probe's caller), stack id, pid, CPU, argument value,
 *		or a signed log2 bucket (HWBP_BY_RETVAL)
 * @count:	hits
 * @comm:	for HWBP_BY_COMM, the comm (key is then its hash)
 */
struct hwbp_count {
	__u64 key;
	__u64 count;
	char comm[16];
};

/**
 * struct hwbp_counts - HWBP_IOC_COUNTS argument
 * @id:		in: the watch
 * @by:		in: HWBP_BY_*
 * @count:	in: room in @entries; out: entries written
 * @total:	out: entries the table has
 * @entries:	in: user pointer to an array of struct hwbp_count
 * @overflow:	out: hits that found the table full (not in any entry;
 *		the entries and @overflow add up to the hits aggregated)
 * @reserved:	zero
 *
 * Aggregation covers every hit of a recording watch (also suppressed and
 * dropped ones); HWBP_BY_CPU works for every watch. By HWBP_BY_STACK, the
 * hits whose stack found no room are in @overflow.
 */
struct hwbp_counts {
	__u32 id;
	__u32 by;
	__u32 count;
	__u32 total;
	__u64 entries;
	__u64 overflow;
	__u64 reserved[2];
};

#define HWBP_CLEAR_ALL		(1U << 0) /* every watch; @id must be 0 */

/**
 * struct hwbp_clear - HWBP_IOC_CLEAR argument
 * @id:		the watch, or 0 with HWBP_CLEAR_ALL
 * @flags:	HWBP_CLEAR_*
 * @reserved:	zero
 */
struct hwbp_clear {
	__u32 id;
	__u32 flags;
	__u64 reserved[2];
};

/*
 * Live events over generic netlink.
 *
 * Family HWBP_GENL_NAME, version HWBP_GENL_VERSION, two multicast groups:
 * HWBP_GENL_MCGRP_HITS carries one HWBP_CMD_HIT message per hit (of every
 * watch and probe), HWBP_GENL_MCGRP_EVENTS one HWBP_CMD_EVENT message per
 * change in a watch's life. Joining either group needs CAP_SYS_ADMIN: hits
 * carry kernel addresses. Nothing is sent to an empty group.
 *
 * Hits leave the breakpoint handler through a per-CPU queue and an
 * irq_work, and are sent from process context: no netlink code runs in
 * #DB context. Each watch may send at most hwbp.events_per_sec hits a
 * second (a module parameter); hits over that are counted, and the next
 * hit message of that watch carries the count in HWBP_A_SUPPRESSED. A full
 * per-CPU queue is counted the same way.
 */
#define HWBP_GENL_NAME		"hwbp"
#define HWBP_GENL_VERSION	1
#define HWBP_GENL_MCGRP_HITS	"hits"
#define HWBP_GENL_MCGRP_EVENTS	"events"

enum hwbp_genl_cmd {
	HWBP_CMD_UNSPEC,
	HWBP_CMD_HIT,		/* a hit: HWBP_A_ID, _TIME_NS .. _SUPPRESSED */
	HWBP_CMD_EVENT,		/* a watch's life: HWBP_A_EVENT, _ID, _TARGET */
	__HWBP_CMD_MAX
};

/* HWBP_A_EVENT values. */
enum hwbp_genl_event {
	HWBP_EV_ARMED = 1,	/* a watch or probe was added */
	HWBP_EV_DISARMED,	/* deleted */
	HWBP_EV_EXITED,		/* its process exited */
	HWBP_EV_STOPPED,	/* it reached max_hits */
	HWBP_EV_UNLOADING,	/* the module is going away: no more messages */
	HWBP_EV_GONE,		/* the module it watched in was unloaded */
};

enum hwbp_genl_attr {
	HWBP_A_UNSPEC,
	HWBP_A_ID,		/* u32: watch id */
	HWBP_A_SEQ,		/* u64: not sent yet (records' seq); room kept */
	HWBP_A_TIME_NS,		/* u64: as struct hwbp_record.time_ns */
	HWBP_A_CPU,		/* u32 */
	HWBP_A_PID,		/* u32 */
	HWBP_A_TID,		/* u32 */
	HWBP_A_COMM,		/* string */
	HWBP_A_IP,		/* u64: as struct hwbp_record.ip */
	HWBP_A_ADDR,		/* u64 */
	HWBP_A_LEN,		/* u32 */
	HWBP_A_BEFORE,		/* u64, with HWBP_REC_VALUES or _ARG */
	HWBP_A_AFTER,		/* u64, with HWBP_REC_VALUES or _RET */
	HWBP_A_FLAGS,		/* u32: HWBP_REC_* */
	/* u64: hits of this watch not sent since its last message (< 2^32) */
	HWBP_A_SUPPRESSED,
	HWBP_A_EVENT,		/* u32: HWBP_EV_* */
	HWBP_A_TARGET,		/* string: the watch's target as given */
	HWBP_A_PAD,
	__HWBP_A_MAX
};

#define HWBP_A_MAX		(__HWBP_A_MAX - 1)

#define HWBP_IOC_MAGIC		0xB7

/*
 * HWBP_IOC_INFO: fill struct hwbp_info. Never fails once the device is open.
 *
 * HWBP_IOC_ADD: resolve, validate and arm a watch: on every online CPU (and
 * on CPUs that come online later), on one CPU, or on every thread of a
 * process (and threads created later); on success the armed watch (id,
 * address, length, type, registers per CPU) and its pieces are copied back.
 * With HWBP_WATCH_DRY_RUN nothing is armed and no id is taken.
 * Errors: EINVAL (bad field, address, CPU, see reason), ENOENT (no such
 * symbol), EFAULT, ENOSPC (no free debug register: reason_cpu says where;
 * or HWBP_R_TOO_WIDE: more pieces than a CPU has registers),
 * EMFILE (no free id), EPERM (hwbp's own memory), ESRCH (no such process),
 * ENODEV (CPU offline), ENOMEM, or what the perf layer returned (reason
 * HWBP_R_KERNEL). Probes: ENOENT (no such function), EINVAL, EILSEQ and
 * others from kprobes (HWBP_R_NOT_PROBEABLE, arg the errno), EMFILE
 * (HWBP_R_TOO_MANY_PROBES).
 *
 * HWBP_IOC_DEL: disarm and free one watch, or all with HWBP_DEL_ALL.
 * Waits for hit handlers in flight. Errors: ENOENT (no such id), EINVAL.
 *
 * HWBP_IOC_LIST: copy out up to @count watches with id >= @start_id, in id
 * order, and report where the next batch starts. Errors: EINVAL, EFAULT.
 *
 * HWBP_IOC_PIECES: copy out the pieces of watch @id: address, length and
 * CPU of each debug register it holds. Errors: ENOENT, EINVAL, EFAULT.
 *
 * HWBP_IOC_SLOTS: for every possible CPU, its debug registers: how many,
 * how many hwbp holds, how many are free. Errors: EINVAL, EFAULT.
 *
 * HWBP_IOC_HITS: copy out up to @count records of watch @id with seq >=
 * @start_seq, oldest first. Errors: ENOENT, EINVAL, EFAULT.
 *
 * HWBP_IOC_STACKS: copy out the distinct stacks of watch @id, most hits
 * first. Errors: ENOENT, EINVAL, EFAULT.
 *
 * HWBP_IOC_COUNTS: copy out the counts of watch @id by @by, most hits
 * first. Errors: ENOENT, EINVAL (unknown @by, or a key the watch does not
 * keep: a watch that does not record keeps only HWBP_BY_CPU; a probe keeps
 * ip, pid, comm, CPU, and stack, arg or retval as it asked), EFAULT.
 *
 * HWBP_IOC_CLEAR: forget the records, stacks and counts of watch @id (or
 * of all), and zero its hit counters. Errors: ENOENT, EINVAL.
 *
 * Opening the device needs CAP_SYS_ADMIN: hits reveal kernel addresses.
 */
#define HWBP_IOC_INFO		_IOR(HWBP_IOC_MAGIC, 0x00, struct hwbp_info)
#define HWBP_IOC_ADD		_IOWR(HWBP_IOC_MAGIC, 0x01, struct hwbp_add)
#define HWBP_IOC_DEL		_IOW(HWBP_IOC_MAGIC, 0x02, struct hwbp_del)
#define HWBP_IOC_LIST		_IOWR(HWBP_IOC_MAGIC, 0x03, struct hwbp_list)
#define HWBP_IOC_PIECES		_IOWR(HWBP_IOC_MAGIC, 0x04, struct hwbp_pieces)
#define HWBP_IOC_SLOTS		_IOWR(HWBP_IOC_MAGIC, 0x05, struct hwbp_slots)
#define HWBP_IOC_HITS		_IOWR(HWBP_IOC_MAGIC, 0x06, struct hwbp_hits)
#define HWBP_IOC_STACKS		_IOWR(HWBP_IOC_MAGIC, 0x07, struct hwbp_stacks)
#define HWBP_IOC_COUNTS		_IOWR(HWBP_IOC_MAGIC, 0x08, struct hwbp_counts)
#define HWBP_IOC_CLEAR		_IOW(HWBP_IOC_MAGIC, 0x09, struct hwbp_clear)

#endif /* _UAPI_LINUX_HWBP_H */
